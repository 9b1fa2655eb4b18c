"""The manager deck (PPTX): title, key findings, one slide per chapter with its headline findings under an
action title, each chapter's charts (native, editable charts wherever PowerPoint has the type: bars, columns,
lines, scatters, heatmaps as tables; the report's own chart as a picture only otherwise, e.g. the network), the
top risks and the action plan as native tables. Speaker notes give each figure's n and source. Everything is
read from the build: the sentences the site shows, the Vega-Lite specs it draws, and findings.json."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pptx.enum.chart import XL_TICK_LABEL_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from ..i18n import _, n_, speaking
from . import charts, native
from . import pptx_kit as kit
from .content import NOT_CHAPTERS, Card, Figure, Report, cards, figures, fragment
from ..pages.risk.common import band
from ..pages.risk.common import title as risk_title
from .risk_rows import risk_chart_title, top_risks, top_risks_title, worst_each

CHART_MAX_W = Inches(8.1)  # 650 px drawings at most 8.1 in wide: chart text stays about the same size on every slide
HDI_COLOURS = {"widespread": "#0B4F8A", "partial": "#56B4E9", "concentrated": "#E69F00"}
BAND_CHART = {"Low": "#9CB9D6", "Medium": "#D9CB2E", "High": "#E69F00", "Very high": "#D55E00"}
CLIENT = "#0072B2"  # the report's colour for a mark the chart does not colour itself (pages/base/charts.py)
BAND_TINT = {"Low": "DCE9F5", "Medium": "F9F3B0", "High": "F8D58A", "Very high": "F2B49A"}


@dataclass
class DeckResult:
    path: Path
    titles: list[str] = field(default_factory=list)
    native_charts: int = 0
    pictures: int = 0
    tables: int = 0


# ---------------------------------------------------------------- words


def lead(sentence: str) -> str:
    """An action title from a headline sentence: its first sentence, without the brackets that qualify it."""
    first = re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-ÞА-ЯЁ“\"«])", sentence.strip(), maxsplit=1)[0]
    first = re.sub(r"\s*\([^()]*\)", "", first).strip()
    for mark in (";", ":"):  # an action title fits on two lines
        if len(first) > 100 and mark in first:
            first = first.split(mark)[0]
    return first.rstrip(".:;, ") or sentence


_N_PHRASES = re.compile(r"\bn = [^;)]*\d[^;)]*|\bn per [^;).]+|"
                        r"\b\d[\d,]*(?:[–-]\d[\d,]*)? (?:peers|(?:hold-out )?months|specifications|ratings|flows|"
                        r"posts|interviewees|respondents)\b")


def n_of(caption: str) -> str:
    """The base(s) a caption states, for the speaker notes: 'n = 24 management, 48 operations', '7 peers'."""
    found = list(dict.fromkeys(m.group().strip(" ,") for m in _N_PHRASES.finditer(caption)))
    return "; ".join(found) if found else _("not stated on the chart; see its data table in the report PDF's annex")


# ---------------------------------------------------------------- the deck


class Deck:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.prs = kit.new_presentation()
        self.result = DeckResult(Path())
        c = report.cover
        self.footer_text = f"{c.running_header} · {c.client} · {c.confidentiality}"
        self.figure_number = 0

    # -- furniture
    def slide(self, title: str, kicker: str):
        s = kit.content_slide(self.prs, title, kicker)
        kit.footer(s, self.footer_text, len(self.prs.slides))
        self.result.titles.append(title)
        return s

    # -- slides
    def title_slide(self) -> None:
        c = self.report.cover
        s = self.prs.slides.add_slide(self.prs.slide_layouts[kit.TITLE_ONLY])
        s.background.fill.solid()
        s.background.fill.fore_color.rgb = kit.NAVY
        kit.rect(s, 0, Inches(5.25), kit.WIDTH, Inches(0.08), kit.TEAL)
        kit.text_box(s, kit.LEFT, Inches(1.55), Inches(11), Inches(0.4), c.client.upper(), 16, kit.MINT, bold=True)
        t = s.shapes.title
        t.left, t.top, t.width, t.height = kit.LEFT, Inches(2.05), Inches(11.5), Inches(1.3)
        t.text_frame.text = c.title
        t.text_frame.word_wrap = True
        t.text_frame.margin_left = t.text_frame.margin_right = 0
        kit.style_run(t.text_frame.paragraphs[0].runs[0], 40, kit.WHITE, bold=True)
        t.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
        kit.text_box(s, kit.LEFT, Inches(3.35), Inches(11), Inches(0.5), _("Findings for management"), 20,
                     kit.RGBColor(0xD5, 0xDE, 0xEB))
        status = kit.text_box(s, kit.LEFT, Inches(4.3), Inches(11), Inches(0.4), "", 14, kit.WHITE)
        p = status.text_frame.paragraphs[0]
        if c.draft:
            kit.style_run(p.runs[0], 14, kit.RGBColor(0xF3, 0xB2, 0x6B), bold=True)
            p.runs[0].text = _("DRAFT · round {round} · for discussion", round=c.round)
        else:
            kit.style_run(p.runs[0], 14, kit.WHITE, bold=True)
            p.runs[0].text = _("Final report")
        kit.text_box(s, kit.LEFT, Inches(5.6), Inches(11), Inches(0.4), c.date, 16, kit.WHITE, bold=True)
        by = _("Prepared by {authors}", authors=", ".join(c.authors)) if c.authors else \
            _("Prepared by the research team")
        kit.text_box(s, kit.LEFT, Inches(6.0), Inches(11), Inches(0.4), by, 13, kit.WHITE)
        kit.footer(s, self.footer_text, 0, dark=True)
        kit.notes(s, [_("{title} — {client}. {status}, {date}. Version {version}.", title=c.title, client=c.client,
                        status=c.status_line, date=c.date, version=c.version),
                      _("Every figure in this deck is taken from the report build (findings.json) of this version.")])
        self.result.titles.append(c.title)

    def key_findings(self) -> None:
        home = self.report.page("index")
        if home is None:
            return
        root = fragment(self.report.html(home))
        found = cards(root, after_heading=_("Key findings")) or cards(root)
        glance = cards(root, first_only=True)
        if not found:
            return
        s = self.slide(lead(found[0].sentence), _("Key findings"))  # an action title: the summary's first answer
        top = kit.BODY_TOP
        if glance and glance[0].sentence and glance[0] not in found:
            kit.text_box(s, kit.LEFT, Inches(1.55), kit.RIGHT_EDGE - kit.LEFT, Inches(0.3), glance[0].sentence, 13,
                         kit.MUTED)
            top = Inches(2.0)
        self._card_rows(s, found[:5], top)
        kit.notes(s, [_("Key findings: the leading headline of each chapter, as on the report's summary page."),
                      *[c.text for c in found[:5]],
                      _("Source: report summary, version {version}.", version=self.report.cover.version)])

    def _card_rows(self, s, items: list[Card], top) -> None:
        row_h = min(Inches(1.2), int((kit.BODY_BOTTOM - top) / len(items)))
        for k, c in enumerate(items):
            y = top + k * row_h
            kit.rect(s, kit.LEFT, y, kit.RIGHT_EDGE - kit.LEFT, Emu(Pt(0.75)), kit.RULE)
            kit.text_box(s, kit.LEFT, y + Inches(0.12), Inches(2.2), row_h - Inches(0.2), c.value or "–", 26,
                         kit.NAVY, bold=True)
            box = kit.text_box(s, kit.LEFT + Inches(2.4), y + Inches(0.12), Inches(9.7), row_h - Inches(0.2),
                               c.label.upper(), 10, kit.TEAL, bold=True)
            kit.add_paragraph(box.text_frame, c.sentence, 14 if len(items) <= 4 else 13, kit.INK)

    def chapter(self, page, root) -> None:
        found = cards(root, first_only=True)
        if found:
            s = self.slide(lead(found[0].sentence), page.title)
            self._card_grid(s, found[:4])
            kit.notes(s, [_("Headline findings of the chapter “{chapter}”, as the report page states them.",
                            chapter=page.title), *[c.text for c in found[:4]],
                          _("Source: report chapter “{chapter}”, version {version}.", chapter=page.title,
                            version=self.report.cover.version)])
        for _el, fig in figures(root, page.slug):
            self.figure_number += 1
            self.chart_slide(fig, page.title)

    def _card_grid(self, s, items: list[Card]) -> None:
        cols = 2 if len(items) == 4 else len(items)
        rows = (len(items) + cols - 1) // cols
        gap = Inches(0.3)
        w = int((kit.RIGHT_EDGE - kit.LEFT - gap * (cols - 1)) / cols)
        h = min(int((kit.BODY_BOTTOM - kit.BODY_TOP - gap * (rows - 1)) / rows),
                max(_card_height(c, w) for c in items))  # as tall as the longest card needs, the grid stays even
        for k, c in enumerate(items):
            x, y = kit.LEFT + (k % cols) * (w + gap), kit.BODY_TOP + (k // cols) * (h + gap)
            kit.rect(s, x, y, w, h, kit.PANEL)
            kit.rect(s, x, y, w, Inches(0.06), kit.NAVY)
            box = kit.text_box(s, x + Inches(0.2), y + Inches(0.2), w - Inches(0.4), h - Inches(0.3), c.value or "–",
                               28, kit.NAVY, bold=True)
            if c.label:
                kit.add_paragraph(box.text_frame, c.label.upper(), 10, kit.TEAL, bold=True, space_after=6)
            kit.add_paragraph(box.text_frame, c.sentence, 13 if rows > 1 or cols > 2 else 14, kit.INK)

    def chart_slide(self, fig: Figure, kicker: str) -> None:
        s = self.slide(fig.title or lead(fig.caption), kicker)
        caption = " ".join(p for p in (fig.subtitle, fig.caption) if p)
        native = NATIVE.get(fig.slug)
        number, base = self.figure_number, f"n: {n_of(caption)}"
        if native is not None and native(self, s, caption):
            kit.notes(s, [caption, base, _("Source: Figure {number} of the report (chapter “{chapter}”); data from "
                                           "findings.json. Native chart: its numbers can be edited in PowerPoint.",
                                           number=number, chapter=kicker)])
            return
        annex = _("Source: Figure {number} of the report (chapter “{chapter}”); its data table is in the annex of "
                  "the report PDF.", number=number, chapter=kicker)
        if self.native_figure(s, fig, caption):
            kit.notes(s, [caption, base, annex, _("Native chart or table: its numbers can be edited in PowerPoint.")])
            return
        png = charts.png(fig.spec)
        w, h = kit.picture(s, png, kit.LEFT, kit.BODY_TOP, CHART_MAX_W, Inches(4.75))
        self.result.pictures += 1
        self._caption(s, caption, w, h)
        kit.notes(s, [caption, base, annex,
                      _("Chart description: {description}", description=fig.description) if fig.description else ""])

    def _caption(self, s, caption: str, w: int, h: int) -> None:
        """Beside a narrow chart, under a wide one."""
        if w < Inches(8.4):
            x = kit.LEFT + w + Inches(0.45)
            kit.text_box(s, x, kit.BODY_TOP + Inches(0.1), kit.RIGHT_EDGE - x, Inches(4.3), caption, 12, kit.MUTED)
        else:
            kit.text_box(s, kit.LEFT, kit.BODY_TOP + h + Inches(0.15), kit.RIGHT_EDGE - kit.LEFT, Inches(0.8),
                         caption, 10, kit.MUTED)

    # -- native charts
    def native_figure(self, s, fig: Figure, caption: str) -> bool:
        """The report's chart as PowerPoint draws it natively, from the spec's own data: a heatmap as a table
        coloured like the chart, bars and dots over categories as bars, two measures as a scatter."""
        grid = native.grid(fig.spec)
        box_w, box_h = Inches(8.2), Inches(4.7)
        if grid is not None:
            wide = len(grid.columns) > 4  # across the slide, the caption under it
            w, h = (kit.RIGHT_EDGE - kit.LEFT, Inches(4.0)) if wide else (box_w, box_h)
            size = 9 if len(grid.rows) > 9 or len(grid.columns) > 6 else 10 if len(grid.rows) > 6 else 11
            shape = kit.grid_table(s, kit.LEFT, kit.BODY_TOP, w, h, grid, size)
            self.result.tables += 1
            self._caption(s, caption, w, shape.height)
            return True
        drawn = native.drawable(fig.spec, CLIENT)
        if not drawn:
            return False
        self._stacked(s, drawn, box_w, box_h)
        self._caption(s, caption, box_w, box_h)
        return True

    def _stacked(self, s, drawn: list, w: int, h: int) -> None:
        """Each native chart of a figure, one above the other (the report's stacked panels share a time axis);
        a single chart fills the box."""
        each = int(h / len(drawn))
        for k, d in enumerate(drawn):
            y, name = kit.BODY_TOP + k * each, next(iter(d.points))
            if d.kind == "strip":
                kit.strip(s, kit.LEFT, y, w, each, d.categories, d.points, d.colours, d.value_title,
                          {"peer": _("Peers"), "company": self.report.cover.client})
            elif d.kind == "line":
                kit.line(s, kit.LEFT, y, w, each, d.categories, name, d.points[name], d.colours[name][0],
                         d.number_format)
            elif d.kind == "scatter":
                kit.scatter(s, kit.LEFT, y, w, each, d.points, d.colours, d.value_title, name, d.number_format)
            else:
                chart = kit.bars(s, kit.LEFT, y, w, each, d.categories, d.points, d.number_format, d.colours,
                                 across=d.kind == "bar")
                if len(d.categories) > 12:  # a label on each of many thin columns (months) collides: an axis instead
                    chart.plots[0].has_data_labels, chart.value_axis.visible = False, True
            if k < len(drawn) - 1 and d.kind in ("line", "column"):  # as in the report: dates under the last panel
                s.shapes[-1].chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
            self.result.native_charts += 1

    def hdi_chart(self, s, caption: str) -> bool:
        t = self.report.findings.tables.get("diffusion.activities")
        rows = [r for r in (t.rows if t else []) if r.get("hdi") is not None]
        if not rows:
            return False
        rows = sorted(rows, key=lambda r: -r["hdi"])
        kit.bar_chart(s, kit.LEFT, kit.BODY_TOP, Inches(8.2), Inches(4.7), [r["activity_label"] for r in rows],
                      [r["hdi"] for r in rows], _("Breadth of use (HDI)"), "0.00",
                      [HDI_COLOURS.get(r.get("band"), "#0B4F8A") for r in rows], axis_max=1.0)
        self.result.native_charts += 1
        kit.text_box(s, Inches(9.25), kit.BODY_TOP + Inches(0.1), kit.RIGHT_EDGE - Inches(9.25), Inches(4.3),
                     caption, 12, kit.MUTED)
        return True

    def risk_slides(self, page, root) -> None:
        rows = top_risks(self.report.findings.risks)
        title = top_risks_title(rows) if rows else _("No risk could be rated: the indicators it rests on are missing")
        s = self.slide(title, _("Top risks"))
        if rows:
            table = [[f"{r['risk_id']} {risk_title(r['title'])}", r["where"],
                      _("{band} · {score} of 25", band=band(r["band"]), score=r["score"]), risk_title(r["treatment"])]
                     for r in rows]
            fills = {(i, 2): kit.rgb(BAND_TINT.get(r["band"], "FFFFFF")) for i, r in enumerate(rows)}
            kit.table(s, kit.LEFT, kit.BODY_TOP, kit.RIGHT_EDGE - kit.LEFT,
                      [_("Risk"), _("Where"), _("Worst rating"), _("Proposed treatment")], table,
                      [3.0, 2.1, 2.2, 4.8], fills,
                      size=_table_size(len(rows)))
            self.result.tables += 1
        n = len(self.report.findings.risks)
        kit.notes(s, [n_("Top risks from the register (n = {n} rating), most serious rating first; the worst rating is "
                         "likelihood × impact on 1–5 scales (score of 25).",
                         "Top risks from the register (n = {n} ratings), most serious rating first; the worst rating "
                         "is likelihood × impact on 1–5 scales (score of 25).", n),
                      _("Source: findings.json risks; report chapter “{chapter}”.", chapter=page.title)])
        self.risk_score_chart(n, page.title)
        for _el, fig in figures(root, page.slug):
            self.figure_number += 1
            self.chart_slide(fig, page.title)

    def risk_score_chart(self, n: int, chapter: str) -> None:
        rows = worst_each(self.report.findings.risks)
        if not rows:
            return
        s = self.slide(risk_chart_title(rows), chapter)
        kit.bar_chart(s, kit.LEFT, kit.BODY_TOP, Inches(8.2), Inches(4.7),
                      [f"{r['risk_id']} {risk_title(r['title'])}" for r in rows],
                      [r["score"] for r in rows], _("Worst rating (likelihood × impact)"), "0",
                      [BAND_CHART.get(r["band"], "#9CB9D6") for r in rows], axis_max=25)
        self.result.native_charts += 1
        kit.text_box(s, Inches(9.25), kit.BODY_TOP + Inches(0.1), kit.RIGHT_EDGE - Inches(9.25), Inches(4.3),
                     n_("Worst rating of each risk across departments: likelihood × impact, each on a 1–5 scale, so "
                        "at most 25. Colour is the band ({bands}). n = {n} rating.",
                        "Worst rating of each risk across departments: likelihood × impact, each on a 1–5 scale, so "
                        "at most 25. Colour is the band ({bands}). n = {n} ratings.", n,
                        bands=", ".join(band(b) for b in BAND_CHART)), 12, kit.MUTED)
        kit.notes(s, [n_("n: {n} rating in the risk register; each bar is the highest rating of that risk.",
                         "n: {n} ratings in the risk register; each bar is the highest rating of that risk.", n),
                      _("Source: findings.json risks (score, band); report chapter “{chapter}”.", chapter=chapter)])

    def recommendations(self, page, root) -> None:
        from ..pages.risk.recommendations import horizon_text, ordered

        recs = ordered(self.report.findings.recommendations)
        found = cards(root, first_only=True)
        title = lead(found[0].sentence) if found else page.title
        s = self.slide(title, page.title)
        if recs:
            rows = [[str(k), risk_title(r["title"]), ", ".join(r.get("risk_ids") or []) or "–",
                     horizon_text(r.get("horizon"), "–"), risk_title(r.get("owner") or "") or "–"]
                    for k, r in enumerate(recs[:8], start=1)]
            kit.table(s, kit.LEFT, kit.BODY_TOP, kit.RIGHT_EDGE - kit.LEFT,
                      ["#", _("Recommendation"), _("Addresses"), _("Horizon"), _("Owner")], rows,
                      [0.4, 5.6, 1.2, 1.6, 3.3],
                      size=_table_size(len(rows)))
            self.result.tables += 1
        else:
            kit.text_box(s, kit.LEFT, kit.BODY_TOP, kit.RIGHT_EDGE - kit.LEFT, Inches(1),
                         _("No risk is rated High or Very high, so no action is proposed."), 16)
        kit.notes(s, [n_("{n} recommendation, in the order of the report's action plan.",
                         "{n} recommendations, in the order of the report's action plan.", len(recs)),
                      _("Source: findings.json recommendations; report chapter “{chapter}”.", chapter=page.title)])


def _table_size(n_rows: int) -> float:
    return 13 if n_rows <= 5 else 12 if n_rows <= 7 else 11


def _card_height(c: Card, width: int) -> int:
    """Value, label and a sentence of 13 pt Arial (about 11 characters to the inch), with the card's padding."""
    per_line = max(20, int((width - Inches(0.4)) / Inches(1) * 11))
    lines = -(-len(c.sentence) // per_line)
    return Inches(0.2 + 0.55 + (0.32 if c.label else 0) + 0.24 * lines + 0.35)


NATIVE = {"mapping-hdi": Deck.hdi_chart}


def _properties(prs, report: Report) -> None:
    """File properties: the report's own title, authors and date (not the template's), no keywords or comments."""
    import datetime as dt

    c, props = report.cover, prs.core_properties
    props.title, props.subject = f"{c.client} · {c.title}", f"{c.status_line} · {c.confidentiality}"
    props.author = props.last_modified_by = ", ".join(c.authors) or "smaa"
    props.keywords, props.comments, props.category = "", "", "CONFIDENTIAL"
    props.revision = 1
    if c.iso_date:
        props.created = props.modified = dt.datetime.fromisoformat(c.iso_date)


@speaking(lambda report, *rest: report.cover.language)  # the deck's own words in the report's language
def write_deck(report: Report, path: Path) -> DeckResult:
    deck = Deck(report)
    _properties(deck.prs, report)
    deck.title_slide()
    deck.key_findings()
    numbers, first = {}, 0  # figures keep the PDF's numbers although the deck ends on risks and actions
    for page in report.pages:
        numbers[page.slug] = first
        first += len(figures(fragment(report.html(page)), page.slug))
    last = [p for p in report.pages if p.slug in ("risks", "recommendations")]
    for page in [p for p in report.pages if p.slug not in NOT_CHAPTERS and p not in last] + last:
        root = fragment(report.html(page))
        deck.figure_number = numbers[page.slug]
        if page.slug == "risks":
            deck.risk_slides(page, root)
        elif page.slug == "recommendations":
            deck.recommendations(page, root)
        else:
            deck.chapter(page, root)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    kit.save_stable(deck.prs, tmp, report.cover.iso_date)
    tmp.replace(path)
    deck.result.path = path
    return deck.result
