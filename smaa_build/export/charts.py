"""The report's Vega-Lite specs as static images with vl-convert (offline, no browser): SVG for the PDF, PNG for
the deck. A page's specs are sized to their container in the browser; here they get a fixed width instead."""

from __future__ import annotations

import copy
import json

# Fonts that both vl-convert (which measures the labels) and the PDF/slide renderer have; a family the two
# resolved differently would make labels overrun their boxes.
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
PDF_WIDTH_PX = 650  # A4 text block (174 mm) at the CSS 96 px per inch


def static(spec: dict, width: int, keep_title: bool = False) -> dict:
    """A copy of `spec` that fills `width` pixels (axes and labels included) at its own height; the action
    title is dropped unless asked for, since the PDF and the slide print it as text above the chart."""
    out = copy.deepcopy(spec)
    if not keep_title:
        out.pop("title", None)
    if out.get("width") == "container" or "width" not in out:
        out["width"] = width
        out["autosize"] = {"type": "fit-x", "contains": "padding"}
    config = out.setdefault("config", {})
    config["font"] = FONT
    return out


_SVG: dict[str, str] = {}  # the PDF and the deck draw the same charts: each spec is laid out once per process


def svg(spec: dict, width: int = PDF_WIDTH_PX) -> str:
    import vl_convert

    key = f"{width}:" + json.dumps(spec, sort_keys=True)
    if key not in _SVG:
        _SVG[key] = vl_convert.vegalite_to_svg(static(spec, width))
    return _SVG[key]


def png(spec: dict, width: int = PDF_WIDTH_PX, scale: float = 3.0) -> bytes:
    """The PDF's drawing as a bitmap: 650 px at scale 3 stays sharp across a 16:9 slide."""
    import vl_convert

    return vl_convert.svg_to_png(svg(spec, width), scale=scale)
