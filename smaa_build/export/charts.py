"""The report's charts as static images for the deliverables: the SVG the PDF prints is the build's own static
drawing (site/static_charts.py, shared with the pages' no-script fallback); the deck gets it as PNG."""

from __future__ import annotations

from ..site.static_charts import FONT, PDF_WIDTH_PX, drawn, static, svg

__all__ = ["FONT", "PDF_WIDTH_PX", "drawn", "png", "static", "svg"]


def png(spec: dict, width: int = PDF_WIDTH_PX, scale: float = 3.0) -> bytes:
    """The PDF's drawing as a bitmap: 650 px at scale 3 stays sharp across a 16:9 slide."""
    import vl_convert

    return vl_convert.svg_to_png(svg(spec, width), scale=scale)
