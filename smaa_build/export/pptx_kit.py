"""Drawing helpers for the manager deck (python-pptx): the slide furniture (kicker, action title, footer,
source line), text boxes, native tables and bar charts. Every string is set as a run's text, so case text is
plain text in the file, never markup."""

from __future__ import annotations

import io
import re
import zipfile

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

NAVY, TEAL, AMBER = RGBColor(0x0B, 0x1F, 0x44), RGBColor(0x00, 0x85, 0x7C), RGBColor(0xA4, 0x51, 0x0B)
INK, MUTED, RULE = RGBColor(0x1D, 0x25, 0x33), RGBColor(0x5B, 0x66, 0x78), RGBColor(0xDF, 0xE4, 0xEC)
PANEL, WHITE, MINT = RGBColor(0xF5, 0xF7, 0xFA), RGBColor(0xFF, 0xFF, 0xFF), RGBColor(0x7F, 0xD1, 0xC9)
FONT = "Arial"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
LEFT, RIGHT_EDGE = Inches(0.6), Inches(13.333 - 0.6)
BODY_TOP, BODY_BOTTOM = Inches(1.75), Inches(6.55)
TITLE_ONLY = 5  # layout index in python-pptx's default template


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def new_presentation() -> Presentation:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    return prs


def style_run(run, size: float, colour: RGBColor = INK, bold: bool = False, italic: bool = False) -> None:
    f = run.font
    f.name, f.size, f.bold, f.italic = FONT, Pt(size), bold, italic
    f.color.rgb = colour


def add_paragraph(frame, text: str, size: float, colour: RGBColor = INK, bold: bool = False,
                  space_after: float = 0, align=None, first: bool = False):
    p = frame.paragraphs[0] if first else frame.add_paragraph()
    run = p.add_run()
    run.text = text
    style_run(run, size, colour, bold)
    p.space_after = Pt(space_after)
    if align is not None:
        p.alignment = align
    return p


def text_box(slide, x, y, w, h, text: str = "", size: float = 12, colour: RGBColor = INK, bold: bool = False,
             anchor=MSO_ANCHOR.TOP, align=None):
    box = slide.shapes.add_textbox(x, y, w, h)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    add_paragraph(frame, text, size, colour, bold, align=align, first=True)
    return box


def rect(slide, x, y, w, h, fill: RGBColor, line: RGBColor | None = None):
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, y, w, h)
    shape.shadow.inherit = False
    shape.fill.solid()
    shape.fill.fore_color.rgb = fill
    if line is None:
        shape.line.fill.background()
    else:
        shape.line.color.rgb = line
        shape.line.width = Pt(0.75)
    return shape


def content_slide(prs, title: str, kicker: str):
    """A slide with the kicker (chapter), the action title in the title placeholder and a teal bar."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    rect(slide, LEFT, Inches(0.42), Inches(0.55), Emu(Pt(3.5)), TEAL)
    text_box(slide, LEFT, Inches(0.52), Inches(9), Inches(0.3), kicker.upper(), 10, TEAL, bold=True)
    t = slide.shapes.title
    t.left, t.top, t.width, t.height = LEFT, Inches(0.82), RIGHT_EDGE - LEFT, Inches(0.9)
    frame = t.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.text = title
    p = frame.paragraphs[0]
    p.alignment = PP_ALIGN.LEFT
    style_run(p.runs[0], 24 if len(title) <= 90 else 20, NAVY, bold=True)
    return slide


def footer(slide, left_text: str, number: int, dark: bool = False) -> None:
    colour = MINT if dark else MUTED
    if not dark:
        rect(slide, LEFT, Inches(6.93), RIGHT_EDGE - LEFT, Emu(Pt(0.6)), RULE)
    text_box(slide, LEFT, Inches(7.0), Inches(10.8), Inches(0.3), left_text, 8, colour)
    if number:
        text_box(slide, RIGHT_EDGE - Inches(1.0), Inches(7.0), Inches(1.0), Inches(0.3), str(number), 8, colour,
                 align=PP_ALIGN.RIGHT)


def source_line(slide, text: str, top=Inches(6.6)) -> None:
    text_box(slide, LEFT, top, RIGHT_EDGE - LEFT, Inches(0.3), text, 9, MUTED)


def notes(slide, lines: list[str]) -> None:
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def picture(slide, png: bytes, x, y, max_w, max_h) -> tuple[int, int]:
    """The image scaled to fit the box, top-left aligned; returns its width and height (EMU)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        w_px, h_px = im.size
    scale = min(max_w / w_px, max_h / h_px)
    w, h = int(w_px * scale), int(h_px * scale)
    slide.shapes.add_picture(io.BytesIO(png), x, y, w, h)
    return w, h


# ---------------------------------------------------------------- native tables and charts


def table(slide, x, y, w, headers: list[str], rows: list[list[str]], widths: list[float],
          fills: dict[tuple[int, int], RGBColor] | None = None, size: float = 11, row_h=Inches(0.5)):
    """A native, editable table: navy header row, light rules, optional fills per (row, column)."""
    shape = slide.shapes.add_table(len(rows) + 1, len(headers), x, y, w, row_h * (len(rows) + 1))
    tbl = shape.table
    tbl.first_row, tbl.horz_banding = True, False
    total = sum(widths)
    for j, share in enumerate(widths):
        tbl.columns[j].width = int(w * share / total)
    for j, head in enumerate(headers):
        _cell(tbl.cell(0, j), head, size, WHITE, NAVY, bold=True)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            fill = (fills or {}).get((i - 1, j), WHITE if i % 2 else PANEL)
            _cell(tbl.cell(i, j), value, size, INK, fill, bold=(j == 0))
    return shape


def _cell(cell, text: str, size: float, colour: RGBColor, fill: RGBColor, bold: bool = False, align=None) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = fill
    cell.margin_left = cell.margin_right = Inches(0.08)
    cell.margin_top = cell.margin_bottom = Inches(0.04)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame = cell.text_frame
    frame.word_wrap = True
    frame.text = text
    for p in frame.paragraphs:  # a line break in the text is a paragraph of its own
        if align is not None:
            p.alignment = align
        for run in p.runs:
            style_run(run, size, colour, bold)


def grid_table(slide, x, y, w, h, grid, size: float = 10):
    """A heatmap as a native table: the row labels, then one column per heatmap column; each cell keeps the
    chart's printed value and fill (white text on a dark fill), suppressed cells their grey and "<k"."""
    from .native import dark

    rows = len(grid.rows) + 1
    shape = slide.shapes.add_table(rows, len(grid.columns) + 1, x, y, w, min(h, Inches(0.42) * rows))
    tbl = shape.table
    tbl.first_row, tbl.horz_banding = True, False
    first = min(Inches(3.0), int(w * 0.3))
    tbl.columns[0].width = first
    for j in range(len(grid.columns)):
        tbl.columns[j + 1].width = int((w - first) / len(grid.columns))
    _cell(tbl.cell(0, 0), grid.row_title, size, WHITE, NAVY, bold=True)
    for j, col in enumerate(grid.columns, start=1):
        _cell(tbl.cell(0, j), col, size, WHITE, NAVY, bold=True, align=PP_ALIGN.CENTER)
    for i, row in enumerate(grid.rows, start=1):
        _cell(tbl.cell(i, 0), row, size, INK, WHITE, bold=True)
        for j, col in enumerate(grid.columns, start=1):
            fill = grid.fill.get((row, col), "#FFFFFF")
            _cell(tbl.cell(i, j), grid.text.get((row, col), ""), size, WHITE if dark(fill) else INK, rgb(fill),
                  align=PP_ALIGN.CENTER)
    return shape


def bar_chart(slide, x, y, w, h, categories: list[str], values: list[float], series: str, number_format: str,
              colours: list[str] | None = None, axis_max: float | None = None):
    """A native horizontal bar chart (first category on top), values labelled at the bar end."""
    return bars(slide, x, y, w, h, categories, {series: values}, number_format, {series: colours or []}, axis_max)


def bars(slide, x, y, w, h, categories: list[str], series: dict[str, list], number_format: str,
         colours: dict[str, list[str]], axis_max: float | None = None, across: bool = True):
    """Native clustered bars, one series per entry (a legend when there are several), each point in its colour;
    `across` draws horizontal bars (first category on top), else columns."""
    data = CategoryChartData(number_format=number_format)
    data.categories = categories
    for name, values in series.items():
        data.add_series(name, values)
    kind = XL_CHART_TYPE.BAR_CLUSTERED if across else XL_CHART_TYPE.COLUMN_CLUSTERED
    chart = slide.shapes.add_chart(kind, x, y, w, h, data).chart
    chart.has_legend = len(series) > 1
    if chart.has_legend:  # under the plot, outside it: the bars keep their room
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
        chart.legend.font.size = Pt(10)
    chart.has_title = False  # the slide's action title says what the chart shows
    chart.font.name, chart.font.size = FONT, Pt(11)
    chart.font.color.rgb = INK
    cat = chart.category_axis
    cat.reverse_order = across
    cat.format.line.color.rgb = RULE
    cat.has_major_gridlines = False
    val = chart.value_axis
    if all(v is None or v >= 0 for values in series.values() for v in values):
        val.minimum_scale = 0
    if axis_max is not None:
        val.maximum_scale = axis_max
    val.has_major_gridlines = False
    val.visible = False
    plot = chart.plots[0]
    plot.gap_width = 45
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = number_format, False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size, labels.font.name = Pt(11), FONT
    for s, name in zip(plot.series, series):
        s.invert_if_negative = False
        for k, point in enumerate(s.points):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = rgb(colours[name][k]) if k < len(colours.get(name) or []) else NAVY
    return chart


def scatter(slide, x, y, w, h, series: dict[str, list[tuple[float, float]]], colours: dict[str, list[str]],
            x_title: str, y_title: str, number_format: str = "General"):
    """A native XY scatter: markers only, both axes titled as in the report."""
    from pptx.chart.data import XyChartData
    from pptx.enum.chart import XL_MARKER_STYLE

    data = XyChartData()
    for name, pts in series.items():
        s = data.add_series(name, number_format=number_format)
        for px, py in pts:
            s.add_data_point(px, py)
    chart = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, x, y, w, h, data).chart
    chart.has_legend, chart.has_title = len(series) > 1, False
    chart.font.name, chart.font.size = FONT, Pt(11)
    chart.font.color.rgb = INK
    for axis, title in ((chart.category_axis, x_title), (chart.value_axis, y_title)):
        axis.has_major_gridlines = False
        axis.format.line.color.rgb = RULE
        axis.has_title = bool(title)  # the report hides some (a rank): no empty title box
        if title:
            axis.axis_title.text_frame.text = title
            style_run(axis.axis_title.text_frame.paragraphs[0].runs[0], 11, MUTED)
    for s, name in zip(chart.plots[0].series, series):
        s.marker.style, s.marker.size = XL_MARKER_STYLE.CIRCLE, 7
        s.marker.format.fill.solid()
        s.marker.format.fill.fore_color.rgb = rgb((colours.get(name) or ["#0072B2"])[0])
        s.marker.format.line.fill.background()
        s.format.line.fill.background()  # points, not a line through them
    return chart


# ---------------------------------------------------------------- the same build gives the same bytes


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _restamp(data: bytes, stamp: str, inner: bool) -> bytes:
    """A zip (the deck, or a chart's embedded workbook) with fixed entry times and, in a workbook, the document
    date instead of the time it was written."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if inner and info.filename == "docProps/core.xml":
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp.encode(), body)
            elif not inner and info.filename.endswith(".xlsx"):
                body = _restamp(body, stamp, inner=True)
            dst.writestr(_entry(info.filename), body)
    return out.getvalue()


def save_stable(prs, path, iso_date: str) -> None:
    raw = io.BytesIO()
    prs.save(raw)
    stamp = f"{iso_date or '1980-01-01'}T00:00:00Z"
    with open(path, "wb") as f:
        f.write(_restamp(raw.getvalue(), stamp, inner=False))


def line(slide, x, y, w, h, categories: list[str], name: str, values: list, colour: str, number_format: str):
    """A native line chart of one series over time, its axis titled with the series' name (a panel of a stack)."""
    data = CategoryChartData(number_format=number_format)
    data.categories = categories
    data.add_series(name, values)
    chart = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, x, y, w, h, data).chart
    chart.has_legend, chart.has_title = False, False
    chart.font.name, chart.font.size = FONT, Pt(9)
    chart.font.color.rgb = INK
    chart.value_axis.has_major_gridlines = False
    chart.value_axis.has_title = True
    chart.value_axis.axis_title.text_frame.text = name
    style_run(chart.value_axis.axis_title.text_frame.paragraphs[0].runs[0], 9, MUTED)
    s = chart.plots[0].series[0]
    s.smooth = False
    s.format.line.color.rgb = rgb(colour)
    s.marker.format.fill.solid()
    s.marker.format.fill.fore_color.rgb = rgb(colour)
    s.marker.format.line.fill.background()
    return chart


def strip(slide, x, y, w, h, categories: list[str], series: dict[str, list[tuple[str, float]]],
          colours: dict[str, list[str]], x_title: str, names: dict[str, str]):
    """A strip plot as a native XY scatter: the measure across, one row per category (first on top, each row
    named above its dots at the axis' start)."""
    n = len(categories)
    row = {c: n - k for k, c in enumerate(categories)}
    points = {names.get(k, k): [(v, row[c]) for c, v in pts if c in row] for k, pts in series.items()}
    chart = scatter(slide, x, y, w, h, points, {names.get(k, k): c for k, c in colours.items()}, x_title, "")
    chart.has_legend = True
    chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
    rows = chart.value_axis
    rows.minimum_scale, rows.maximum_scale = 0.5, n + 0.6
    rows.has_title = False
    rows.visible = False
    # the rows' names ride on the last series' dots (the company's: one per row), as data labels above them
    last = list(series)[-1]
    for k, (c, _) in enumerate(p for p in series[last] if p[0] in row):
        label = chart.plots[0].series[-1].points[k].data_label
        label.text_frame.text = c
        label.position = XL_LABEL_POSITION.ABOVE
        label.font.size = Pt(9)
    return chart
