"""Where a static chart's text lands: every <text> of the SVG that vl-convert draws, placed through its groups'
transforms as Vega places it (anchor, baseline, rotation, line breaks) and measured with the very font files
the PDF draws with. `problems()` names each text that leaves the drawing (the page would cut it off) and each
pair of axis labels that overlap (unreadable); `overflow()` says how far text reaches beyond each edge, so
site/static_charts.py can give the drawing that much more padding. The PDF test and
tests/benchmarks/bench_chart_labels.py read the same functions."""

from __future__ import annotations

import functools
import math
import re
import subprocess
from dataclasses import dataclass
from xml.etree import ElementTree as ET

TOLERANCE = 0.5  # px: anti-aliasing, not a clipped glyph
SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Text:
    text: str
    role: str
    corners: tuple[tuple[float, float], ...]  # the text's box, rotated as drawn, in drawing coordinates

    def bounds(self) -> tuple[float, float, float, float]:
        xs, ys = [c[0] for c in self.corners], [c[1] for c in self.corners]
        return min(xs), min(ys), max(xs), max(ys)


@functools.cache
def _font_file(bold: bool, italic: bool) -> str:
    """The Liberation Sans file fontconfig picks (the PDF's font), or "" on a machine without fontconfig."""
    style = (":bold" if bold else "") + (":italic" if italic else "")
    try:
        return subprocess.run(["fc-match", "-f", "%{file}", f"Liberation Sans{style}"], check=True,
                              capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


@functools.cache
def _font(bold: bool, italic: bool):
    from PIL import ImageFont

    try:
        return ImageFont.truetype(_font_file(bold, italic), 100, layout_engine=ImageFont.Layout.BASIC)
    except OSError:
        return None  # no font file: widths are estimated, a build never fails for want of a measure


def width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    font = _font(bold, italic)
    if font is None:
        return len(text) * size * (0.6 if bold else 0.55)  # Arial-like average advance
    return font.getlength(text) * size / 100


def _bold(weight) -> bool:
    return weight in ("bold", "bolder") or (str(weight).isdigit() and int(weight) >= 600)


Matrix = tuple[float, float, float, float, float, float]  # a b c d e f, as in SVG's matrix()
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e,
            b * e2 + d * f2 + f)


def transform(m: Matrix, attr: str | None) -> Matrix:
    """`m` followed by an SVG transform list (Vega writes translate() and rotate() only)."""
    for name, args in re.findall(r"(\w+)\(([^)]*)\)", attr or ""):
        v = [float(x) for x in re.split(r"[\s,]+", args.strip()) if x]
        if name == "translate":
            m = _times(m, (1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0))
        elif name == "rotate":
            r = math.radians(v[0])
            m = _times(m, (math.cos(r), math.sin(r), -math.sin(r), math.cos(r), 0, 0))
        elif name == "scale":
            m = _times(m, (v[0], 0, 0, v[-1], 0, 0))
    return m


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _px(value: str | None, default: float) -> float:
    m = re.match(r"[\d.]+", value or "")
    return float(m.group()) if m else default


def _text(el, m: Matrix, role: str) -> Text | None:
    """A <text>: its lines are <tspan>s (or its own text); the baseline of the first line is at y = 0 of its
    transform, as vega-scenegraph's svg renderer writes it (dy and the baseline shift folded in)."""
    lines = [t.text or "" for t in el.iter(f"{SVG}tspan")] or [el.text or ""]
    if not any(s.strip() for s in lines) or el.get("opacity") == "0" or el.get("fill-opacity") == "0":
        return None
    size = _px(el.get("font-size"), 11.0)
    bold, italic = _bold(el.get("font-weight")), el.get("font-style") == "italic"
    w = max(width(s, size, bold, italic) for s in lines)
    steps = [_px(t.get("dy"), size) for t in list(el.iter(f"{SVG}tspan"))[1:]]
    top = -round(0.8 * size)  # Vega bounds a line from 0.8 em above its baseline to 0.2 em below
    h = size + sum(steps)
    x0 = {"middle": -w / 2, "end": -w}.get(el.get("text-anchor"), 0.0)
    m = transform(m, el.get("transform"))
    corners = tuple(_apply(m, x, y) for x, y in ((x0, top), (x0 + w, top), (x0 + w, top + h), (x0, top + h)))
    return Text(" ".join(lines), role, corners)


def _walk(el, m: Matrix, role: str, out: list[Text]) -> None:
    for child in el:
        tag = child.tag.removeprefix(SVG)
        if tag in ("defs", "clipPath", "title", "desc"):
            continue
        cls = child.get("class") or ""
        found = re.search(r"\brole-([\w-]+)", cls)
        if tag == "text":
            placed = _text(child, transform(m, ""), role)
            if placed is not None:
                out.append(placed)
        elif tag == "g":
            _walk(child, transform(m, child.get("transform")), found.group(1) if found else role, out)


def layout(svg_text: str) -> tuple[float, float, list[Text]]:
    """The drawing's size and every text in it."""
    root = ET.fromstring(svg_text)
    out: list[Text] = []
    _walk(root, IDENTITY, "", out)
    return _px(root.get("width"), 0.0), _px(root.get("height"), 0.0), out


def _separated(a: Text, b: Text) -> bool:
    """Separating-axis test for two convex quadrilaterals (rotated text boxes)."""
    for poly in (a.corners, b.corners):
        for k in range(4):
            (x1, y1), (x2, y2) = poly[k], poly[(k + 1) % 4]
            nx, ny = y1 - y2, x2 - x1
            norm = math.hypot(nx, ny) or 1.0
            pa = [(px * nx + py * ny) / norm for px, py in a.corners]
            pb = [(px * nx + py * ny) / norm for px, py in b.corners]
            if max(pa) <= min(pb) + TOLERANCE or max(pb) <= min(pa) + TOLERANCE:
                return True
    return False


def outside(w: float, h: float, found: list[Text]) -> list[Text]:
    return [t for t in found if t.bounds()[0] < -TOLERANCE or t.bounds()[1] < -TOLERANCE
            or t.bounds()[2] > w + TOLERANCE or t.bounds()[3] > h + TOLERANCE]


def overlapping(found: list[Text]) -> list[tuple[Text, Text]]:
    labels = [t for t in found if t.role == "axis-label"]
    return [(a, b) for i, a in enumerate(labels) for b in labels[i + 1:] if not _separated(a, b)]


def overflow(svg_text: str) -> dict[str, float]:
    """How many pixels of text lie beyond each edge of the drawing (only the edges text crosses)."""
    w, h, found = layout(svg_text)
    edges = {"left": 0.0, "top": 0.0, "right": 0.0, "bottom": 0.0}
    for t in found:
        x1, y1, x2, y2 = t.bounds()
        for edge, by in (("left", -x1), ("top", -y1), ("right", x2 - w), ("bottom", y2 - h)):
            edges[edge] = max(edges[edge], by)
    return {edge: by for edge, by in edges.items() if by > TOLERANCE}


def problems(svg_text: str) -> list[str]:
    """Plain descriptions of the clipped texts and overlapping axis labels of one drawing."""
    w, h, found = layout(svg_text)
    out = [f"{t.role or 'text'} “{t.text}” leaves the drawing ({_box(t)} outside 0 0 {w:.0f} {h:.0f})"
           for t in outside(w, h, found)]
    out += [f"axis labels “{a.text}” and “{b.text}” overlap" for a, b in overlapping(found)]
    return out


def _box(t: Text) -> str:
    return " ".join(f"{v:.0f}" for v in t.bounds())
