"""What both deliverables are made from: a finished build (docs/*.md in nav order, findings.json, mkdocs.yml)
plus the cover facts from the spec. Pages go through the same Markdown extensions as the site, then lxml,
so the PDF and the deck read the very sentences the site shows — never a second rendering of the findings."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import findings as F
from ..i18n import _, use
from ..site.build import REPO_ROOT

# Pages that are not chapters of findings: no summary slide, no chart slides of their own.
NOT_CHAPTERS = {"index", "changes", "feedback", "appendix"}


@dataclass(frozen=True)
class Cover:
    title: str
    client: str  # the client's name, or the codename when it must not appear (report.show_client_name)
    status: str  # "draft" | "final"
    round: int
    date: str  # "10 April 2026"
    authors: list[str]
    confidentiality: str
    version: str
    iso_date: str = ""  # "2026-04-10": the document date in the files' metadata, so a re-export is identical
    language: str = "en"  # engagement.language: the PDF and the deck write their own words in it

    @property
    def draft(self) -> bool:
        return self.status != "final"

    @property
    def running_header(self) -> str:
        """'CONFIDENTIAL · DRAFT round 2' on drafts, 'CONFIDENTIAL' on the final report."""
        return _("CONFIDENTIAL · DRAFT round {round}", round=self.round) if self.draft else _("CONFIDENTIAL")

    @property
    def status_line(self) -> str:
        return _("Draft for discussion · round {round}", round=self.round) if self.draft else _("Final report")


@dataclass(frozen=True)
class Page:
    slug: str
    title: str  # the nav title
    markdown: str


@dataclass
class Report:
    cover: Cover
    pages: list[Page]
    findings: F.Findings
    build_dir: Path
    _html: dict = field(default_factory=dict, repr=False)

    def page(self, slug: str) -> Page | None:
        return next((p for p in self.pages if p.slug == slug), None)

    def html(self, page: Page) -> str:
        """The page as the site's Markdown renders it (cached: the PDF and the deck both read it)."""
        if page.slug not in self._html:
            self._html[page.slug] = to_html(page.markdown)
        return self._html[page.slug]


def cover(spec: dict, version: str, confidentiality: str | None = None) -> Cover:
    from ..pages.base.format import date as long_date
    from ..spec.case import settings

    case = settings(spec)
    r, lang = case.report, case.engagement.language
    with use(lang):
        return Cover(title=_("Social Media Alignment Assessment"), client=case.client_name, status=r.status,
                     round=r.round, date=long_date(r.date), authors=list(r.authors),
                     confidentiality=confidentiality or r.confidentiality, version=version,
                     iso_date=r.date.isoformat(), language=lang)


def load(build_dir: Path, spec: dict) -> Report:
    """Read build/<id>/ (written by pipeline.build) into a Report."""
    build_dir = Path(build_dir)
    config = yaml.safe_load((build_dir / "mkdocs.yml").read_text(encoding="utf-8"))
    extra = config.get("extra", {}).get("smaa", {})
    pages = []
    for item in config["nav"]:
        (title, file), = item.items()
        md = (build_dir / "docs" / file).read_text(encoding="utf-8")
        pages.append(Page(Path(file).stem, title, md))
    fs = F.load(build_dir / "findings.json")
    return Report(cover(spec, extra.get("version", ""), extra.get("confidentiality")), pages, fs, build_dir)


# ---------------------------------------------------------------- Markdown as the site renders it


def markdown_extensions() -> tuple[list[str], dict]:
    """The root mkdocs.yml's extensions (every report config inherits them), minus the permalink anchors."""
    config = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for item in config.get("markdown_extensions", []):
        name, conf = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        if name == "toc":
            conf = {**(conf or {}), "permalink": False}
        names.append(name)
        configs[name] = dict(conf or {})
    return names, configs


@functools.cache  # mkdocs.yml is read once per process
def _extensions() -> tuple[list[str], dict]:
    return markdown_extensions()


def to_html(markdown_text: str) -> str:
    import markdown

    names, configs = _extensions()
    html = markdown.Markdown(extensions=names, extension_configs=configs).convert(markdown_text)
    # the site's rule for the PDF and the deck too: only http(s), mailto and relative links survive
    from ..site.harden import harden_page

    return harden_page(html, "")[0]


def fragment(html: str):
    """An HTML fragment as one lxml <div> element (the page body)."""
    import lxml.html

    return lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")


# ---------------------------------------------------------------- headline cards and plain text


@dataclass(frozen=True)
class Card:
    value: str
    label: str
    sentence: str

    @property
    def text(self) -> str:
        """One line for speaker notes: '0.78 vertical alignment (VAI): Management and operations …'."""
        head = " ".join(p for p in (self.value, self.label) if p)
        return f"{head}: {self.sentence}" if head and not self.sentence.startswith(self.value) else self.sentence


def plain(el) -> str:
    """An element's text as a reader sees it: entities decoded, markup gone, whitespace collapsed."""
    return " ".join((el.text_content() if el is not None else "").split())


def _card(li) -> Card:
    import copy

    li = copy.deepcopy(li)
    value = li.find_class("smaa-card__value")
    label = li.find_class("smaa-card__label")
    parts = [plain(v[0]) if v else "" for v in (value, label)]
    for el in value[:1] + label[:1]:
        el.drop_tree()
    for a in list(li.iter("a")):  # "See the action plan" points at a page the deck does not have
        if (a.get("href") or "").split("#")[0].endswith(".md") and not (a.tail or "").strip():
            a.drop_tree()
    if not parts[0] and li.find(".//strong") is not None:  # "**72 people** were interviewed …"
        parts[0] = plain(li.find(".//strong"))
    return Card(parts[0], parts[1], plain(li))


def cards(root, first_only: bool = False, after_heading: str | None = None) -> list[Card]:
    """Headline cards (div.smaa-cards > ul > li) of a page, or of the grid right under a given h2."""
    grids = root.find_class("smaa-cards")
    if after_heading is not None:
        grids = [g for g in grids if _heading_before(g) == after_heading]
    if first_only:
        grids = grids[:1]
    return [_card(li) for g in grids for li in g.iter("li")]


def _heading_before(el) -> str | None:
    prev = el.getprevious()
    while prev is not None and prev.tag not in ("h1", "h2", "h3"):
        prev = prev.getprevious()
    return plain(prev) if prev is not None else None


# ---------------------------------------------------------------- charts inlined in the pages


@dataclass(frozen=True)
class Figure:
    slug: str
    spec: dict
    title: str
    subtitle: str
    caption: str
    description: str
    page: str  # slug of the page that holds it


def spec_title(spec: dict) -> tuple[str, str]:
    """The chart's action title and subtitle as plain text (Vega-Lite allows a string, lines, or an object)."""
    t = spec.get("title")
    if isinstance(t, dict):
        return _lines(t.get("text")), _lines(t.get("subtitle"))
    return _lines(t), ""


def _lines(v) -> str:
    if v is None:
        return ""
    return " ".join(str(x) for x in v) if isinstance(v, list) else str(v)


def figures(root, page_slug: str) -> list[tuple[object, Figure]]:
    """(figure element, Figure) for every chart of a page, in page order."""
    out = []
    for fig in root.find_class("smaa-chart"):
        if fig.tag != "figure":
            continue
        script = fig.find_class("smaa-chart__spec")
        if not script:
            continue
        spec = json.loads(script[0].text or "{}")
        canvas = fig.find_class("smaa-chart__canvas")
        caption = fig.find("figcaption")
        title, subtitle = spec_title(spec)
        slug = (fig.get("id") or "").removeprefix("fig-")
        out.append((fig, Figure(slug, spec, title, subtitle, plain(caption),
                                canvas[0].get("aria-label", "") if canvas else "", page_slug)))
    return out


def data_table(fig):
    """The <details class="smaa-chart__data"> that follows a figure, or None."""
    nxt = fig.getnext()
    return nxt if nxt is not None and "smaa-chart__data" in (nxt.get("class") or "") else None
