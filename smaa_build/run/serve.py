"""`smaa serve`: build, serve the site on 127.0.0.1, rebuild when the case's inputs change, and reload open
pages. The reload script is injected by this server only; the built site never contains it."""

from __future__ import annotations

import functools
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click

from ..errors import SmaaError

RELOAD = (b"<script>(function(){var v=null;setInterval(function(){fetch('/__smaa_build').then(function(r){"
          b"return r.text()}).then(function(t){if(v!==null&&t!==v){location.reload()}v=t}).catch(function(){})},"
          b"1000)})();</script>")


class State:
    build_id = "0"
    error = ""


class Handler(SimpleHTTPRequestHandler):
    state = State()

    def log_message(self, *args) -> None:  # keep the terminal for build messages
        pass

    def do_GET(self) -> None:
        if self.path == "/__smaa_build":
            return self._send(self.state.build_id.encode(), "text/plain")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            body = path.read_bytes().replace(b"</body>", RELOAD + b"</body>", 1)
            return self._send(body, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def snapshot(case: Path) -> dict[Path, float]:
    """mtimes of everything in the case folder (case.yaml, data/, text/)."""
    root = case if case.is_dir() else case.parent
    return {p: p.stat().st_mtime for p in root.rglob("*") if p.is_file() and ".smaa-cache" not in p.parts}


def rebuild(case: Path, out: Path, progress):
    from .build import build

    try:
        result = build(case, out, progress=progress, preview=True)
    except SmaaError as exc:
        click.secho(f"build failed; still serving the previous site:\n{exc}", fg="red", err=True)
        return None
    Handler.state.build_id = str(time.time_ns())
    click.secho(f"rebuilt {result.out_dir}/site ({'cached analyses' if result.cached else 'analyses run'})",
                fg="green", err=True)
    return result


class LivePreview:
    """A served build that `poll()` rebuilds when the case's files change."""

    def __init__(self, case: Path, out: Path, port: int = 8000, progress=lambda s: None):
        self.case, self.out, self.port, self.progress = case, out, port, progress
        self.server: ThreadingHTTPServer | None = None
        self.seen: dict = {}
        self.unencrypted: Path | None = None  # the preview folder, when an encrypted case is previewed

    def start(self) -> str:
        result = rebuild(self.case, self.out, self.progress)
        if result is None:
            raise SmaaError("the first build failed; fix the problems above and run `smaa serve` again")
        self.seen = snapshot(self.case)
        if result.unencrypted_preview:
            self.unencrypted = result.out_dir
        handler = functools.partial(Handler, directory=str(result.out_dir / "site"))
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_port}/"

    def poll(self) -> bool:
        now = snapshot(self.case)
        if now == self.seen:
            return False
        self.seen = now
        return rebuild(self.case, self.out, self.progress) is not None

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()


def serve(case: Path, out: Path, port: int, progress=lambda s: None, poll: float = 0.5) -> None:
    preview = LivePreview(case, out, port, progress)
    url = preview.start()
    click.secho(f"Serving {url} — edit the case and the page reloads; Ctrl+C stops.", fg="green")
    if preview.unencrypted:
        click.secho(f"report.privacy is encrypted: this preview is NOT encrypted (127.0.0.1 only, built in "
                    f"{preview.unencrypted}). `smaa build` or `smaa publish` make the encrypted site.", fg="yellow")
    try:
        while True:
            time.sleep(poll)
            preview.poll()
    except KeyboardInterrupt:
        preview.stop()
