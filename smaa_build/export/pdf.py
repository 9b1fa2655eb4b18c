"""The report PDF: cover, contents, every page of the report in nav order, the data behind each figure, all as
one paged-media HTML document printed by WeasyPrint. Charts are the pages' own Vega-Lite specs drawn to SVG by
vl-convert (no script runs in WeasyPrint); nothing is fetched from the network."""

from __future__ import annotations

import base64
import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from lxml.html import builder as E

from ..i18n import _, language, speaking
from . import charts, printable
from .content import Report, data_table, figures, fragment, plain

CSS_FILE = Path(__file__).with_name("print.css")
ANNEX_ID = "annex-data"


@dataclass
class PdfResult:
    path: Path
    pages: int
    figures: int
    requested: list[str] = field(default_factory=list)  # every URL WeasyPrint asked for


# ---------------------------------------------------------------- no request leaves the machine


def local_fetcher():
    """A WeasyPrint URL fetcher that serves file: and data: URLs only and records every URL it is asked for."""
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
            self.requested: list[str] = []

        def fetch(self, url, headers=None):
            self.requested.append(url)
            if url.split(":", 1)[0].lower() not in ("file", "data"):
                raise ValueError(f"refused non-local URL {url[:80]}")  # WeasyPrint warns and goes on
            return super().fetch(url, headers)

    return LocalOnly()


# ---------------------------------------------------------------- one report page as a chapter


def _svg_uri(spec: dict) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(charts.svg(spec).encode("utf-8")).decode("ascii")


def _exhibit(fig, f, number: int, has_data: bool):
    """A figure as printed: 'Figure n', the action title, the chart, the caption with its n."""
    caption = fig.find("figcaption")
    caption = copy.deepcopy(caption) if caption is not None else E.FIGCAPTION()
    if has_data:  # a link, not a page number: forward page references make WeasyPrint lay pages out twice
        link = E.A(_("“Data behind the figures”, Figure {number}", number=number), href=f"#data-{f.slug}")
        caption.append(E.SPAN(E.CLASS("exhibit__data"), " " + _("Data:") + " ", link, "."))
    parts = [E.P(E.CLASS("exhibit__number"), _("Figure {number}", number=number))]
    if f.title:
        parts.append(E.P(E.CLASS("exhibit__title"), f.title))
    if f.subtitle:
        parts.append(E.P(E.CLASS("exhibit__subtitle"), f.subtitle))
    parts.append(E.IMG(src=_svg_uri(f.spec), alt=f.description or f.title, **{"class": "exhibit__chart"}))
    parts.append(caption)
    return E.FIGURE(E.CLASS("exhibit"), *parts, id=f"fig-{f.slug}")


def chapter(report: Report, page, start: int, annex: list) -> tuple[object, int]:
    """The page as a <section>; its figures are numbered from `start`, their data tables go to `annex`."""
    root = fragment(report.html(page))
    h1 = root.find("h1")
    if h1 is not None:
        h1.drop_tree()
    number, found = start, figures(root, page.slug)
    # links first: the figures that replace the charts link to the annex, which has no page prefix
    printable.relink(root, page.slug, {p.slug for p in report.pages})
    for fig, f in found:
        number += 1
        details = data_table(fig)
        table = details.find(".//table") if details is not None else None
        fig.getparent().replace(fig, _exhibit(fig, f, number, table is not None))
        if details is not None:
            details.drop_tree()
        if table is not None:
            annex.append((number, f, table))
    printable.unfold(root)
    head = E.H1(E.CLASS("chapter__title"), page.title)
    section = E.SECTION(E.CLASS(f"chapter chapter--{page.slug}"), head, id=f"page-{page.slug}")
    if (root.text or "").strip():
        section.append(E.P(root.text))
    section.extend(list(root))
    return section, number


def annex_section(annex: list):
    """'Data behind the figures': the table each chart is drawn from, one click away on the site."""
    section = E.SECTION(E.CLASS("chapter chapter--annex"), E.H1(E.CLASS("chapter__title"), _("Data behind the figures")),
                        E.P(E.CLASS("lead"), _("The aggregated table behind each chart of the report, as the "
                            "report site shows it under the chart. Cells withheld for confidentiality read as on the "
                            "chart.")),
                        id=ANNEX_ID)
    for number, f, table in annex:
        block = E.DIV(E.CLASS("annex-table"), id=f"data-{f.slug}")
        block.append(E.H3(_("Figure {number}. {title}", number=number, title=f.title) if f.title
                          else _("Figure {number}", number=number)))
        block.append(copy.deepcopy(table))
        section.append(block)
    return section


# ---------------------------------------------------------------- cover and contents


def cover_section(report: Report):
    c = report.cover
    status = E.P(E.CLASS("cover__status"))
    if c.draft:
        status.append(E.SPAN(E.CLASS("badge"), _("DRAFT")))
        status[-1].tail = " " + _("Round {round} · for discussion", round=c.round)
    else:
        status.text = _("Final report")
    authors = ", ".join(c.authors) or _("the research team")
    before, after = _("Prepared by {authors}").split("{authors}")  # the names in bold, where the language puts them
    return E.SECTION(
        E.CLASS("cover"),
        E.DIV(E.CLASS("cover__band"),
              E.P(E.CLASS("cover__client"), c.client),
              E.H1(E.CLASS("cover__title"), c.title),
              E.P(E.CLASS("cover__subtitle"), _("How social-media information is used, shared and trusted "
                                                 "across functions and levels")),
              status),
        E.DIV(E.CLASS("cover__meta"),
              E.P(E.CLASS("cover__date"), c.date),
              E.P(before, E.STRONG(authors), after),
              E.P(E.CLASS("cover__version"), _("Version {version}", version=c.version) if c.version else "")),
        E.DIV(E.CLASS("cover__conf"), *confidentiality_line(c.confidentiality, _("CONFIDENTIAL"))),
    )


def confidentiality_line(line: str, word: str = "CONFIDENTIAL") -> list:
    """The cover's notice: the word in capitals, then the case's confidentiality line without the word it may
    open with (the default does: "Confidential. Prepared for …" would print "CONFIDENTIAL · Confidential.")."""
    rest = line.strip()
    if rest.lower().startswith(word.lower()) and not rest[len(word):len(word) + 1].isalpha():
        rest = rest[len(word):].lstrip(" .,:;·-–—")
    return [E.STRONG(word), f" · {rest}"] if rest else [E.STRONG(word)]


def contents(sections: list) -> object:
    """Chapters and their sections with page numbers (target-counter), read from the assembled chapters, in two
    columns split here: CSS multi-column layout costs WeasyPrint seconds per page of report."""
    entries = [_toc_entry(sec) for sec in sections]
    weights = [1.8 + len(e.findall(".//li")) for e in entries]
    half, run, split = sum(weights) / 2, 0.0, len(entries)
    for k, w in enumerate(weights):
        if run + w / 2 > half:
            split = k
            break
        run += w
    columns = [E.OL(E.CLASS("toc__list"), *entries[:split]), E.OL(E.CLASS("toc__list"), *entries[split:])]
    return E.NAV(E.CLASS("toc"), E.H1(E.CLASS("toc__title"), _("Contents")), E.DIV(E.CLASS("toc__columns"), *columns))


def _toc_entry(sec):
    entry = E.LI(E.CLASS("toc__chapter"), E.A(plain(sec.find("h1")), href=f"#{sec.get('id')}"))
    subs = E.OL(E.CLASS("toc__sections"))
    for n, h2 in enumerate(sec.iter("h2")):
        if not h2.get("id"):
            h2.set("id", f"{sec.get('id')}--s{n}")
        subs.append(E.LI(E.A(plain(h2), href=f"#{h2.get('id')}")))
    if len(subs):
        entry.append(subs)
    return entry


# ---------------------------------------------------------------- the document


def css_string(s: str) -> str:
    """A CSS string literal for any text: quotes, backslashes, line breaks and the characters that could end
    the <style> element are escaped."""
    return '"' + re.sub(r'[\\"\n\r\f<>&]', lambda m: "\\" + format(ord(m.group()), "x") + " ", s) + '"'


def page_css(report: Report) -> str:
    """The running header and footer, which carry case text and so are written here, escaped."""
    c = report.cover
    return (f"@page {{ @top-left {{ content: {css_string(c.running_header)}; }}\n"
            f"  @bottom-left {{ content: {css_string(c.client + ' · ' + c.confidentiality)}; }}\n"
            f"  @bottom-right {{ content: {page_counter()}; }} }}\n")


def page_counter() -> str:
    """'Page 3 of 75' in the report's language, as CSS content around the page counters."""
    parts = re.split(r"(\{page\}|\{pages\})", _("Page {page} of {pages}"))
    return " ".join(f"counter({p[1:-1]})" if p in ("{page}", "{pages}") else css_string(p) for p in parts if p)


def document(report: Report) -> tuple[str, int]:
    """The whole report as one HTML document, and the number of figures in it."""
    annex, sections, n = [], [], 0
    for page in report.pages:
        section, n = chapter(report, page, n, annex)
        sections.append(section)
    if annex:
        sections.append(annex_section(annex))
    for sec in sections:
        for table in sec.iter("table"):
            printable.fix_widths(table)
    c = report.cover
    head = E.HEAD(E.META(charset="utf-8"), E.TITLE(f"{c.client} · {c.title}"),
                  E.META(name="author", content=", ".join(c.authors)),
                  E.META(name="dcterms.created", content=c.iso_date),
                  E.META(name="dcterms.modified", content=c.iso_date),
                  E.META(name="generator", content="smaa"),
                  E.META(name="description", content=c.status_line),
                  E.STYLE(CSS_FILE.read_text(encoding="utf-8")), E.STYLE(page_css(report)))
    body = E.BODY(E.CLASS("draft" if c.draft else "final"), cover_section(report), contents(sections), *sections)
    html = etree.tostring(E.HTML(head, body, lang=language()), method="html", encoding="unicode")
    return "<!DOCTYPE html>\n" + html, n


@speaking(lambda report, *rest: report.cover.language)  # the PDF's own words in the report's language
def write_pdf(report: Report, path: Path) -> PdfResult:
    from weasyprint import HTML

    html, n_figures = document(report)
    fetcher = local_fetcher()
    doc = HTML(string=html, base_url=str(report.build_dir.resolve()) + "/", url_fetcher=fetcher).render()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    doc.write_pdf(tmp)
    tmp.replace(path)
    return PdfResult(path, len(doc.pages), n_figures, list(fetcher.requested))
