"""The report's Vega-Lite specs as static images with vl-convert (offline, no browser): SVG for the PDF, PNG for
the deck. A page's specs are sized to their container in the browser; here they get a fixed width instead."""

from __future__ import annotations

import copy
import functools
import json
import re

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


def _render(spec: dict, width: int) -> str:
    import vl_convert

    chart = static(spec, width)
    out = vl_convert.vegalite_to_svg(chart)
    if _composite(chart):  # second pass: widen or narrow the panels by what the labels really took
        across = len(chart.get("hconcat", [])) or 1
        delta = (width - _svg_width(out)) / across
        if abs(delta) > 2:
            for sub in _panels(chart):
                if isinstance(sub.get("width"), (int, float)):
                    sub["width"] = max(40, int(sub["width"] + delta))
            out = vl_convert.vegalite_to_svg(chart)
    return out


class _Spec:
    """A chart spec that compares by its content (the cache key of `drawing`); the spec itself is what is drawn."""

    def __init__(self, spec: dict) -> None:
        self.spec, self.key = spec, json.dumps(spec, sort_keys=True)

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Spec) and self.key == other.key


@functools.cache  # the PDF and the deck draw the same charts: each spec is laid out once per process
def drawing(spec: _Spec, width: int) -> str:
    return _render(spec.spec, width)


def svg(spec: dict, width: int = PDF_WIDTH_PX) -> str:
    return drawing(_Spec(spec), width)


def png(spec: dict, width: int = PDF_WIDTH_PX, scale: float = 3.0) -> bytes:
    """The PDF's drawing as a bitmap: 650 px at scale 3 stays sharp across a 16:9 slide."""
    import vl_convert

    return vl_convert.svg_to_png(svg(spec, width), scale=scale)
