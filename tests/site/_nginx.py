"""Run the server block of `smaa host nginx` in a real nginx, on 127.0.0.1 at a free port, with every path it writes
(pid, logs, temp folders) under a test folder. Shared by tests/site/test_nginx.py and tests/browser/test_hosting.py."""

from __future__ import annotations

import base64
import contextlib
import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from smaa_build.site.hosting import nginx_config

NGINX = Path("/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
# Enough for a report site when the distribution's mime.types is missing; with nosniff, a script served with the
# wrong type would not run.
FALLBACK_TYPES = """types {
    text/html html; text/css css; application/javascript js; application/json json; image/svg+xml svg;
    image/png png; font/woff2 woff2; font/woff woff; text/plain txt;
}"""
READY_TIMEOUT_S = 20  # a readiness wait, not an assertion on speed


@dataclass
class Nginx:
    port: int
    url: str
    log: Path
    http_port: int | None = None  # with TLS: the plain-HTTP port that only redirects


def require_nginx() -> None:
    if not NGINX.exists():
        pytest.skip(f"needs nginx at {NGINX} (apt-get install nginx-light; `python3 tasks.py test` installs it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main_config(work: Path, server_block: Path) -> str:
    temp = "\n".join(f"    {kind}_temp_path {work / 'temp' / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    types = f"include {MIME_TYPES};" if MIME_TYPES.is_file() else FALLBACK_TYPES
    # As root, workers would otherwise drop to `nobody`, who cannot read pytest's 0700 temporary folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}daemon off;
worker_processes 1;
pid {work / 'nginx.pid'};
error_log {work / 'error.log'} info;
events {{ worker_connections 64; }}
http {{
    access_log {work / 'access.log'};
{temp}
    {types}
    default_type application/octet-stream;
    include {server_block};
}}
"""


def _wait_ready(proc: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on {port}:\n{log.read_text(errors='replace')}")


@contextlib.contextmanager
def running_nginx(work: Path, root: Path, auth_dir: Path, tls: tuple[Path, Path] | None = None):
    """Yield a running nginx serving `root` with the password files in `auth_dir`; stopped on exit. With `tls`
    (certificate, key) it serves HTTPS and redirects plain HTTP on a second port."""
    require_nginx()
    (work / "temp").mkdir(parents=True, exist_ok=True)
    port, http_port = _free_port(), (_free_port() if tls else None)
    server = work / "smaa.conf"
    if tls:
        config = nginx_config(root, auth_dir, listen=f"127.0.0.1:{port} ssl", tls_cert=tls[0], tls_key=tls[1],
                              http_listen=f"127.0.0.1:{http_port}")
    else:
        config = nginx_config(root, auth_dir, listen=f"127.0.0.1:{port}")
    server.write_text(config, encoding="utf-8")
    conf = work / "nginx.conf"
    conf.write_text(main_config(work, server), encoding="utf-8")
    log = work / "error.log"
    proc = subprocess.Popen([str(NGINX), "-c", str(conf), "-e", str(log)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT)
    try:
        _wait_ready(proc, port, log)
        yield Nginx(port=port, url=f"{'https' if tls else 'http'}://127.0.0.1:{port}/", log=log, http_port=http_port)
    finally:
        proc.terminate()  # SIGTERM: fast shutdown of master and worker
        try:
            proc.wait(timeout=READY_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", "
    body: bytes


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def raw_get(port: int, target: str, authorization: str | None = None) -> Response:
    """GET with the request target sent exactly as given (no client-side normalisation of '..' or %2e)."""
    lines = [f"GET {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    if authorization:
        lines.append(f"Authorization: {authorization}")
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return _parse(data)


def _parse(data: bytes) -> Response:
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        key = name.strip().lower()
        headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
    if headers.get("transfer-encoding") == "chunked":
        body = _unchunk(body)
    return Response(int(status_line.split()[1]), headers, body)


def _unchunk(body: bytes) -> bytes:
    out = b""
    while body:
        size_line, _, body = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out, body = out + body[:size], body[size + 2:]
    return out
