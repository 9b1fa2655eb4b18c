"""Every chart drawn once more at build time, as a static SVG (vl-convert, offline, no browser): the picture a
page shows when scripts do not run (`add_static`, called by build_site before the hardening pass) and the very
drawing the PDF prints and the deck rasterises (export/charts.py). A page's specs are sized to their container in
the browser; here they get a fixed width instead."""

from __future__ import annotations

import base64
import copy
import functools
import html
import json
import math
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import drawing_store, kept

# Fonts that both vl-convert (which measures the labels) and the PDF/slide renderer have; a family the two
# resolved differently would make labels overrun their boxes. The same families as print.css, all installed by
# tasks.py: DejaVu Sans draws the symbols Liberation Sans lacks (◀ ▶).
FONT = "Liberation Sans, DejaVu Sans, sans-serif"
PDF_WIDTH_PX = 650  # A4 text block (174 mm) at the CSS 96 px per inch


def static(spec: dict, width: int, keep_title: bool = False) -> dict:
    """A copy of `spec` that fills `width` pixels (axes and labels included) at its own height; the action
    title is dropped unless asked for, since the PDF and the slide print it as text above the chart."""
    out = copy.deepcopy(spec)
    if not keep_title:
        out.pop("title", None)
    if _composite(out):  # Vega-Lite fits only single and layered views; panels get a width each (svg() trims)
        for sub in _panels(out):
            if sub.get("width") in ("container", None):
                sub["width"] = _panel_width(out, width)
    elif out.get("width") == "container" or "width" not in out:
        out["width"] = width
        out["autosize"] = {"type": "fit-x", "contains": "padding"}
    config = out.setdefault("config", {})
    config["font"] = FONT
    return out


def _composite(spec: dict) -> bool:
    return any(k in spec for k in ("vconcat", "hconcat", "concat"))


def _panels(spec: dict) -> list[dict]:
    return [sub for k in ("vconcat", "hconcat", "concat") for sub in spec.get(k, [])]


def _panel_width(spec: dict, width: int) -> int:
    """A first guess: the width less room for axis labels, shared between side-by-side panels."""
    across = len(spec.get("hconcat", []))
    if not across:
        across = min(len(spec["concat"]), spec.get("columns") or 99) if "concat" in spec else 1
    return max(60, (width - 90) // across - (20 if across > 1 else 0))


def _svg_width(svg_text: str) -> float:
    m = re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg_text)
    return float(m.group(1)) if m else 0.0


# Vega names gradients and clip paths from counters that run for the whole process: the same chart drawn after
# others (a long-lived `smaa serve`, the test suite) got other names, so its bytes depended on what came before.
_COUNTED_ID = re.compile(r'(id="|url\(#|href="#)(gradient_|clip)(\d+)')


def _renumbered(svg_text: str) -> str:
    """The drawing with its gradients and clip paths numbered from 1 in the order they appear: a drawing is one SVG
    document (a data: image of its own), so the names only need to be unique within it."""
    names: dict[str, str] = {}

    def rename(m: re.Match) -> str:
        old = m.group(2) + m.group(3)
        if old not in names:
            names[old] = m.group(2) + str(1 + sum(n.startswith(m.group(2)) for n in names.values()))
        return m.group(1) + names[old]

    return _COUNTED_ID.sub(rename, svg_text)


def _vega_svg(chart: dict) -> str:
    import vl_convert

    return _renumbered(vl_convert.vegalite_to_svg(chart))


def drawn(spec: dict, width: int) -> tuple[dict, str]:
    """The spec as finally drawn at `width` and its SVG. A composite chart is drawn again with its panels widened
    or narrowed by what the labels really took; a drawing whose text reaches past an edge (Vega's fit-x sizes
    the height without a legend taller than the plot) is drawn again with that much more padding there."""
    from .chart_text import overflow

    chart = static(spec, width)
    out = _vega_svg(chart)
    if _composite(chart):
        across = len(chart.get("hconcat", [])) or 1
        delta = (width - _svg_width(out)) / across
        if abs(delta) > 2:
            for sub in _panels(chart):
                if isinstance(sub.get("width"), (int, float)):
                    sub["width"] = max(40, int(sub["width"] + delta))
            out = _vega_svg(chart)
    beyond = overflow(out)
    if beyond:
        pad = chart.get("padding", 5)
        pad = dict.fromkeys(("left", "top", "right", "bottom"), pad) if isinstance(pad, (int, float)) else pad
        chart["padding"] = {edge: pad.get(edge, 5) + math.ceil(beyond.get(edge, 0)) for edge in pad}
        out = _vega_svg(chart)
    return chart, out


def _render(spec: dict, width: int) -> str:
    return drawn(spec, width)[1]


class _Spec:
    """A chart spec that compares by its content (the cache key of `drawing`); the spec itself is what is drawn,
    unless its drawing was read from a store (`drawn`: the very SVG vl-convert gives for it)."""

    def __init__(self, spec: dict, drawn: str | None = None) -> None:
        self.spec, self.key, self.drawn = spec, json.dumps(spec, sort_keys=True), drawn

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Spec) and self.key == other.key


@functools.cache  # the PDF and the deck draw the same charts as the pages: each spec is laid out once per process
def drawing(spec: _Spec, width: int) -> str:
    return spec.drawn if spec.drawn is not None else _render(spec.spec, width)


def svg(spec: dict, width: int = PDF_WIDTH_PX, store: Path | None = None) -> str:
    """The drawing of `spec` at `width`; with a `store` (build/.cache/<id>/drawings) found there when this very
    spec was drawn before by the same code, vl-convert and fonts (site/drawing_store.py), else drawn and kept.
    Either way this process remembers it, so the PDF made after the site (no store) finds it too."""
    if store is None:
        return drawing(_Spec(spec), width)
    entry = drawing_store.name(spec, width)
    found = drawing_store.read(store, entry)
    if found is not None:
        return drawing(_Spec(spec, found), width)
    found = drawing(_Spec(spec), width)
    kept.write(store, entry, found)
    return found


# ---------------------------------------------------------------- the pages' fallback when scripts do not run

# The figure markup of pages/base/markdown.py as mkdocs writes it: the canvas scripts draw into, then the spec.
_FIGURE = re.compile(r'(<div class="smaa-chart__canvas"[^>]*aria-label="([^"]*)"[^>]*></div>)'
                     r'(<script type="application/json" class="smaa-chart__spec">(.*?)</script>)', re.S)
WORKERS = 4  # vl-convert draws several charts at once (about 3x faster than one after another on 2 cores)


def _title_lines(spec: dict) -> list[str]:
    """The action title and subtitle the interactive chart draws, as text (they wrap; an SVG title would not)."""
    t = spec.get("title")
    t = t if isinstance(t, dict) else {"text": t}
    return [" ".join(map(str, v)) if isinstance(v, list) else str(v)
            for v in (t.get("text"), t.get("subtitle")) if v]


def fallback(spec: dict, description: str, store: Path | None = None) -> str:
    """<noscript>: the chart's title as text and its static drawing as an image (a data: URL, so an encrypted
    report keeps it inside the encrypted page and the Content-Security-Policy's img-src 'self' data: allows it)."""
    drawing = svg(spec, store=store)
    m = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', drawing)
    size = f' width="{float(m.group(1)):.0f}" height="{float(m.group(2)):.0f}"' if m else ""
    lines = _title_lines(spec)
    title = "".join(f'<p class="smaa-chart__static-{"title" if k == 0 else "subtitle"}">{html.escape(line)}</p>'
                    for k, line in enumerate(lines))
    uri = "data:image/svg+xml;base64," + base64.b64encode(drawing.encode("utf-8")).decode("ascii")
    return (f'<noscript>{title}<img class="smaa-chart__static" src="{uri}" alt="{description}"{size}>'
            "</noscript>")


def _with_fallbacks(page: str, drawn_specs: dict[str, str]) -> str:
    return _FIGURE.sub(lambda m: m.group(1) + m.group(3) + drawn_specs[m.group(4)], page)


def add_static(site_dir: Path, store: Path | None = None, pages: list[Path] | None = None) -> dict[Path, set[str]]:
    """Give every chart of the site's pages (`pages`, default every one) its static drawing, kept in `store` when
    given; returns the names of the drawings each page shows (site/drawing_store.py: the entries it used)."""
    pages = {p: p.read_text(encoding="utf-8") for p in (sorted(Path(site_dir).rglob("*.html")) if pages is None
                                                          else pages)}
    found = {m.group(4): m.group(2) for text in pages.values() for m in _FIGURE.finditer(text)}
    specs = {raw: json.loads(raw) for raw in found}
    names = {raw: drawing_store.name(spec, PDF_WIDTH_PX) for raw, spec in specs.items()} if store is not None else {}
    shown = {path: {names[m.group(4)] for m in _FIGURE.finditer(text)} if names else set()
             for path, text in pages.items()}
    if not found:
        return shown

    def draw(item):
        raw, description = item
        return raw, fallback(specs[raw], description, store)

    with ThreadPoolExecutor(WORKERS) as pool:
        drawn_specs = dict(pool.map(draw, found.items()))
    for path, text in pages.items():
        if _FIGURE.search(text):
            path.write_text(_with_fallbacks(text, drawn_specs), encoding="utf-8")
    return shown
