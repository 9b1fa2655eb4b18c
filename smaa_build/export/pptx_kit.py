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
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
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


def _cell(cell, text: str, size: float, colour: RGBColor, fill: RGBColor, bold: bool = False) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = fill
    cell.margin_left = cell.margin_right = Inches(0.08)
    cell.margin_top = cell.margin_bottom = Inches(0.04)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame = cell.text_frame
    frame.word_wrap = True
    frame.text = text
    for run in frame.paragraphs[0].runs:
        style_run(run, size, colour, bold)


def bar_chart(slide, x, y, w, h, categories: list[str], values: list[float], series: str, number_format: str,
              colours: list[str] | None = None, axis_max: float | None = None):
    """A native horizontal bar chart (first category on top), values labelled at the bar end."""
    data = CategoryChartData(number_format=number_format)
    data.categories = categories
    data.add_series(series, values)
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, x, y, w, h, data).chart
    chart.has_legend = False
    chart.has_title = False  # the slide's action title says what the chart shows
    chart.font.name, chart.font.size = FONT, Pt(11)
    chart.font.color.rgb = INK
    cat = chart.category_axis
    cat.reverse_order = True
    cat.format.line.color.rgb = RULE
    cat.has_major_gridlines = False
    val = chart.value_axis
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
    for k, point in enumerate(plot.series[0].points):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = rgb(colours[k]) if colours else NAVY
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
