"""Post-build pass over the pages mkdocs wrote, run by build_site() before anything is encrypted or published:

1. Links: only http(s), mailto and relative URLs survive. Case text cannot make a link at all (pages/markdown.py
   `text()`); the researcher's narrative can, and this pass is where its schemes are enforced, for every page and
   whatever produced the tag. A link with any other scheme (javascript:, data:, vbscript:, …) loses its URL and
   prints as plain text; inline event handlers (on…="") are dropped as well.
2. Scripts: every inline <script> (mkdocs-material's own, the theme's partials) is moved into a file under
   assets/javascripts/inline/, named by the hash of its content, and loaded with <script src>. Order and blocking
   are unchanged (a classic external script runs where it stands), so the served Content-Security-Policy needs no
   'unsafe-inline' for scripts (site/hosting.py). Data blocks (<script type="application/json">) stay: the browser
   never runs them.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "xlink:href", "action", "formaction"})
JS_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
INLINE_DIR = "assets/javascripts/inline"
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_C0_AND_SPACE = "".join(chr(i) for i in range(0x21))


def allowed_url(url: str) -> bool:
    """True for a relative URL or one whose scheme is http(s) or mailto, read as a browser reads it: leading and
    trailing controls and spaces ignored, tabs and newlines anywhere removed (`java\\tscript:` is javascript:)."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip(_C0_AND_SPACE)
    m = _SCHEME.match(cleaned)
    return m is None or m.group(1).lower() in SAFE_SCHEMES


def _unsafe(name: str, value: str | None) -> bool:
    return name.startswith("on") or (name in URL_ATTRIBUTES and value is not None and not allowed_url(value))


def start_tag(tag: str, attrs: list[tuple[str, str | None]], closed: bool = False) -> str:
    parts = [tag] + [name if value is None else f'{name}="{html.escape(value, quote=True)}"' for name, value in attrs]
    return "<" + " ".join(parts) + (" />" if closed else ">")


def is_inline_script(attrs: list[tuple[str, str | None]]) -> bool:
    names = dict(attrs)
    return "src" not in names and (names.get("type") or "").strip().lower() in JS_TYPES


def script_name(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:20] + ".js"


class _Edits(HTMLParser):
    """Collects (start, end, replacement) for every tag to rewrite, offsets into the page's text, and the bodies of
    the inline scripts it moves out; `prefix` is the relative path from the page to the site root."""

    def __init__(self, source: str, prefix: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source, self.prefix = source, prefix
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.edits: list[tuple[int, int, str]] = []
        self.files: dict[str, str] = {}  # file name under INLINE_DIR -> script body
        self._script: tuple[int, int, list[tuple[str, str | None]]] | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _start(self, tag, attrs, closed) -> None:
        start = self._offset()
        end = start + len(self.get_starttag_text())
        if tag == "script" and not closed and is_inline_script(attrs):
            self._script = (start, end, attrs)
        elif any(_unsafe(name, value) for name, value in attrs):
            kept = [(name, value) for name, value in attrs if not _unsafe(name, value)]
            self.edits.append((start, end, start_tag(tag, kept, closed)))

    def handle_starttag(self, tag, attrs) -> None:
        self._start(tag, attrs, False)

    def handle_startendtag(self, tag, attrs) -> None:
        self._start(tag, attrs, True)

    def handle_endtag(self, tag) -> None:
        if tag != "script" or self._script is None:
            return
        (start, body_start, attrs), self._script = self._script, None
        body_end = self._offset()
        body = self.source[body_start:body_end]
        name = script_name(body)
        self.files[name] = body
        attrs = [("src", f"{self.prefix}{INLINE_DIR}/{name}")] + [(n, v) for n, v in attrs if not _unsafe(n, v)]
        self.edits.append((start, self.source.index(">", body_end) + 1, start_tag("script", attrs) + "</script>"))


def harden_page(source: str, prefix: str) -> tuple[str, dict[str, str]]:
    """(page without unsafe links or inline scripts, {file name under INLINE_DIR: script body}); `prefix` is the
    relative path from the page to the site root ("" or "../")."""
    parser = _Edits(source, prefix)
    parser.feed(source)
    parser.close()
    out, last = [], 0
    for start, end, replacement in sorted(parser.edits):
        out += [source[last:start], replacement]
        last = end
    out.append(source[last:])
    return "".join(out), parser.files


def harden_site(site_dir: Path, pages: list[Path] | None = None) -> dict[Path, dict[str, str]]:
    """Apply harden_page to the .html pages of a built site (`pages`, default every one) and write the scripts it
    moved out; returns each page's scripts (file name under INLINE_DIR -> body)."""
    site_dir = Path(site_dir)
    moved: dict[Path, dict[str, str]] = {}
    for page in sorted(site_dir.rglob("*.html")) if pages is None else pages:
        source = page.read_text(encoding="utf-8")
        text, moved[page] = harden_page(source, page_prefix(site_dir, page))
        if text != source:
            page.write_text(text, encoding="utf-8")
    write_scripts(site_dir, {name: body for files in moved.values() for name, body in files.items()})
    return moved


def page_prefix(site_dir: Path, page: Path) -> str:
    """The relative path from `page` to the site root: "" or "../" and so on."""
    prefix = os.path.relpath(site_dir, page.parent).replace(os.sep, "/") + "/"
    return "" if prefix == "./" else prefix


def write_scripts(site_dir: Path, scripts: dict[str, str]) -> None:
    folder = Path(site_dir) / INLINE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in sorted(scripts.items()):
        (folder / name).write_text(body, encoding="utf-8")
