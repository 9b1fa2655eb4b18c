"""`smaa serve`: build, serve the site on 127.0.0.1, rebuild when the case's inputs change, and reload open
pages. The reload script is injected by this server only; the built site never contains it."""

from __future__ import annotations

import functools
import json
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click

from ..errors import SmaaError

# Polls the server once a second: a new good build reloads the page; a failed rebuild lays its located error over
# the page (textContent: the message is never markup) until the next good build takes it away.
RELOAD = (b"<script>(function(){var v=null,box=null;function show(e){if(!e){if(box){box.remove();box=null}return}"
          b"if(!box){box=document.createElement('div');box.id='smaa-build-error';box.setAttribute('role','alert');"
          b"box.style.cssText='position:fixed;inset:0;z-index:10000;overflow:auto;padding:2rem;"
          b"background:rgba(20,24,33,.94);color:#fff;font:14px/1.5 monospace';"
          b"var h=document.createElement('h2');h.style.cssText='color:#ff8a80;font:bold 18px sans-serif;margin:0 0 1em';"
          b"h.textContent='smaa: the last rebuild failed; this page is the previous build';"
          b"var pre=document.createElement('pre');pre.style.cssText='white-space:pre-wrap;margin:0';"
          b"box.append(h,pre);document.body.append(box)}box.lastChild.textContent=e}"
          b"function poll(){fetch('/__smaa_build/status').then(function(r){return r.json()}).then(function(s){"
          b"if(v!==null&&s.build!==v){location.reload();return}v=s.build;show(s.error)}).catch(function(){})}"
          b"poll();setInterval(poll,1000)})();</script>")


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
        if self.path == "/__smaa_build/status":
            status = {"build": self.state.build_id, "error": self.state.error}
            return self._send(json.dumps(status).encode(), "application/json")
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
        Handler.state.error = str(exc)  # shown over the open pages until a build succeeds
        return None
    Handler.state.build_id, Handler.state.error = str(time.time_ns()), ""
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
