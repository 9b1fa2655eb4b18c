"""Real-browser harness: serve built sites on 127.0.0.1 and drive the system Chromium with Playwright.

Fixtures other browser tests reuse:

- ``http_root`` (session): a directory served over HTTP; build sites into ``http_root.root / name``
  and open ``http_root.url + name + "/"``.
- ``serve_dir`` (session): ``serve_dir(path) -> base_url`` serves any other directory.
- ``browser`` (session): headless /usr/bin/chromium (never a downloaded browser).
- ``open_page`` (function): ``open_page(url) -> (page, console_errors, foreign_requests)``; every page
  gets a fresh context, records console errors and uncaught page errors, and records (and aborts)
  every request to a host other than 127.0.0.1/localhost.
- ``wait_for_charts(page, count)``: plain function (also exposed as a fixture) that waits until the
  page holds exactly ``count`` chart canvases, each with a drawn SVG.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
NETWORK_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp"})
CHART_TIMEOUT_MS = 20_000

# True once every chart canvas holds an SVG with at least one drawn mark element.
_CHARTS_DRAWN_JS = """
(count) => {
  const canvases = document.querySelectorAll('.smaa-chart__canvas');
  if (canvases.length !== count) return false;
  return Array.from(canvases).every(
    (c) => c.querySelector('svg .role-mark > *') !== null);
}
"""

_CHART_STATE_JS = """
() => Array.from(document.querySelectorAll('.smaa-chart__canvas')).map((c) => ({
  figure: c.closest('figure') && c.closest('figure').id,
  state: c.getAttribute('data-smaa-chart'),
  text: c.textContent.slice(0, 200),
}))
"""


def is_foreign(url: str) -> bool:
    """A request that leaves the machine: a network scheme with a host other than the local one."""
    parts = urlsplit(url)
    return parts.scheme in NETWORK_SCHEMES and parts.hostname not in LOCAL_HOSTS


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        pass


@dataclass
class StaticServer:
    root: Path
    url: str
    _server: ThreadingHTTPServer

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def start_server(root: Path) -> StaticServer:
    """Serve root on 127.0.0.1 at a free port (port 0 lets the OS choose) from a daemon thread."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return StaticServer(root=root, url=f"http://127.0.0.1:{server.server_address[1]}/", _server=server)


@pytest.fixture(scope="session")
def http_root(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("www"))
    yield server
    server.close()


@pytest.fixture(scope="session")
def serve_dir():
    servers: dict[Path, StaticServer] = {}

    def serve(path) -> str:
        root = Path(path).resolve()
        if root not in servers:
            servers[root] = start_server(root)
        return servers[root].url

    yield serve
    for server in servers.values():
        server.close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"real-browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _record_page(context, page):
    """Attach recorders before the first navigation so nothing is missed."""
    console_errors: list[str] = []
    foreign_requests: list[str] = []

    def on_request(request):
        if is_foreign(request.url):
            foreign_requests.append(request.url)

    def on_console(message):
        if message.type == "error":
            console_errors.append(f"console: {message.text} @ {message.location.get('url', '')}")

    context.on("request", on_request)
    # Abort, so a leak shows up as a recorded request and never reaches the network.
    context.route(is_foreign, lambda route: route.abort())
    page.on("console", on_console)
    page.on("pageerror", lambda error: console_errors.append(f"pageerror: {error}"))
    return console_errors, foreign_requests


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_(url: str, *, viewport: dict | None = None, media: str | None = None):
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        console_errors, foreign_requests = _record_page(context, page)
        if media:
            page.emulate_media(media=media)
        page.goto(url, wait_until="load")
        return page, console_errors, foreign_requests

    yield open_
    for context in contexts:
        context.close()


def wait_for_charts(page, count: int, timeout_ms: int = CHART_TIMEOUT_MS) -> None:
    """Wait until the page shows exactly `count` charts, each drawn as SVG with marks."""
    try:
        page.wait_for_function(_CHARTS_DRAWN_JS, arg=count, timeout=timeout_ms)
    except Exception as error:  # report what the page actually holds, not just "timeout"
        state = page.evaluate(_CHART_STATE_JS)
        raise AssertionError(f"expected {count} drawn chart(s); page has {state}") from error


@pytest.fixture(name="wait_for_charts")
def wait_for_charts_fixture():
    return wait_for_charts
