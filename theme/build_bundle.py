"""Regenerate the pinned vega-embed bundle shipped with the report theme.

Charts must render with no request to any other host (design.md §6), on file:// and behind host
authentication, so the theme carries its own copy of Vega, Vega-Lite and vega-embed. The copy is
taken from vl-convert-python, the same library that renders the charts for the PDF and the deck, so
browser and print output come from one pinned Vega-Lite version.

vl_convert.javascript_bundle() returns a *classic* script (no import/export) whose last statement
assigns window.vegaEmbed (window.vega and window.vegaLite are assigned null). Its helpers, however, are top-level
`const`/`function` declarations, which in a classic script land in the page's shared global scope
and could collide with any other script's globals. We therefore wrap it in a function scope; the
window.vegaEmbed assignment still publishes the public name.

Usage:  .venv/bin/python theme/build_bundle.py      (rewrites the bundle and VENDOR.txt)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import vl_convert

JS_DIR = Path(__file__).resolve().parent / "assets" / "javascripts"
BUNDLE_NAME = "vega-embed.min.js"
VENDOR_NAME = "VENDOR.txt"


def vegalite_version() -> str:
    """The newest Vega-Lite line vl-convert ships; Altair 6 emits v6 specs."""
    return vl_convert.get_vegalite_versions()[-1]


def wrap(bundle: str) -> str:
    """Enclose the bundle in a function scope so its helpers stay out of the global scope."""
    head = "/* vega-embed + vega-lite + vega, from vl-convert-python; see VENDOR.txt. Do not edit. */\n"
    return head + "(function () {\n" + bundle + "\n}).call(window);\n"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def vendor_record(bundle_text: str, vl_version: str) -> str:
    """Provenance of the bundle, so a reviewer can check the committed file was not hand-edited."""
    lines = [
        f"file: {BUNDLE_NAME}",
        f"sha256: {sha256(bundle_text)}",
        f"bytes: {len(bundle_text.encode('utf-8'))}",
        f"source: vl_convert.javascript_bundle(vl_version={vl_version!r}), wrapped by theme/build_bundle.py",
        f"vl-convert-python: {vl_convert.__version__}",
        f"vega: {vl_convert.get_vega_version()}",
        f"vega-lite: {vl_version}",
        f"vega-embed: {vl_convert.get_vega_embed_version()}",
        "exposes: window.vegaEmbed only (window.vega and window.vegaLite are assigned null); classic script, no ES module",
    ]
    return "\n".join(lines) + "\n"


def build(js_dir: Path = JS_DIR) -> Path:
    """Write the wrapped bundle and its VENDOR.txt record into js_dir; return the bundle path."""
    vl_version = vegalite_version()
    text = wrap(vl_convert.javascript_bundle(vl_version=vl_version))
    js_dir.mkdir(parents=True, exist_ok=True)
    target = js_dir / BUNDLE_NAME
    target.write_text(text, encoding="utf-8")
    (js_dir / VENDOR_NAME).write_text(vendor_record(text, vl_version), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(f"wrote {build()}")
