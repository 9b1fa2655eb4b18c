"""What every page builder receives, with the formatting shortcuts they share."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ...findings import Findings, Table
from ...i18n import N_, _, catalogue_digest, language
from ...spec.case import Settings, settings
from . import format as fmt
from . import markdown as md
from .reasons import reason_of


# report.confidentiality's default (spec/schema.py): smaa's words, so it is written in the report's language; a line
# the case wrote is the case's own and printed as written
DEFAULT_CONFIDENTIALITY = N_("Confidential. Prepared for the client's internal use only.")


def confidentiality(line: str) -> str:
    return _(line) if line == DEFAULT_CONFIDENTIALITY else line


def chart_key(slug: str) -> str:
    """A chart's cache entry: its titles are in the report's language, so each language (and each version of its
    catalogues) has its own; English keeps the bare slug."""
    lang = language()
    return slug if lang == "en" else f"{slug}@{lang}-{catalogue_digest(lang)}"


@dataclass(frozen=True)
class Page:
    slug: str  # file name without .md; "index" is the home page
    title: str
    body: str


@dataclass
class Context:
    spec: dict
    fs: Findings
    narrative: dict[str, str] = field(default_factory=dict)
    chart_cache: dict[str, dict] = field(default_factory=dict)  # slug -> Vega-Lite spec, valid for these findings
    releases: list = field(default_factory=list)  # earlier published versions, newest first (releases.earlier)

    @functools.cached_property  # the typed case, built once, on first use (a test's partial spec may never ask)
    def settings(self) -> Settings:
        return settings(self.spec)

    @property
    def k_min(self) -> int:
        """As findings.meta states it (a build always writes it there); findings made by hand in a test may lack
        it, and then the spec's own setting counts."""
        case = self.fs.meta.get("case") or {}
        return int(case["k_min"]) if "k_min" in case else self.settings.report.k_min

    @property
    def suppressed_mark(self) -> str:
        return f"<{self.k_min}"

    def has(self, key: str) -> bool:
        return key in self.fs.findings and not self.fs.findings[key].suppressed \
            and self.fs.findings[key].value is not None

    def v(self, key: str, table: bool = False) -> str:
        """A finding as text: the value with its unit, "<k" when suppressed, the reason when not computed."""
        f = self.fs.findings[key]
        if f.suppressed:
            return self.suppressed_mark
        if f.value is None:
            return _("not computed")
        return fmt.value(f.value, f.unit, f.decimals, table)

    def label(self, kind: str, id_: str) -> str:
        return self.settings.organisation.labels(kind).get(id_, id_)

    def story(self, section: str) -> str:
        """The researcher's narrative for a section, which always sits where the spec puts it."""
        return self.narrative.get(section, "")

    def cell(self, row: dict, col: dict) -> str:
        raw = row.get(col["name"])
        kind = col.get("kind", "text")
        if row.get("suppressed") and kind != "text":
            return self.suppressed_mark
        if raw is None or kind != "text":
            return fmt.cell(raw, kind, col.get("decimals", 2))
        return md.cell(raw)

    def table_md(self, table: Table | str, columns: list[str] | None = None) -> str:
        t = self.fs.tables[table] if isinstance(table, str) else table
        cols = [c for c in t.columns if columns is None or c["name"] in columns]
        rows = [[self.cell(r, c) for c in cols] for r in t.rows]
        align = ["left" if c.get("kind", "text") == "text" else "right" for c in cols]
        # column labels are smaa's words (findings.json keeps them in English; an analysis marks them with N_)
        return md.table([_(c.get("label", c["name"])) for c in cols], rows, align)

    def chart(self, slug: str, spec, description: str, caption: str, table: Table | str,
              columns: list[str] | None = None) -> str:
        """`spec` is a Vega-Lite dict or a function making one; made specs are cached per findings, so a
        narrative-only rebuild never imports Altair."""
        if callable(spec):
            key = chart_key(slug)
            if key not in self.chart_cache:
                self.chart_cache[key] = spec()
            spec = self.chart_cache[key]
        return md.figure(slug, spec, description, caption, self.table_md(table, columns))

    def not_computed(self, key: str, what: str) -> str:
        """Say plainly why something is missing, never a blank."""
        reason = reason_of(self.fs.findings.get(key))
        return md.admonition("warning", _("{what}: not computed", what=what), md.text(reason))
