"""The collapsed "All differences" of one comparison: every difference the diff found that is not a change that
matters (material.py), in plain words. Figures new in this version and figures no longer reported are counted per
chapter rather than listed (a new chapter brings dozens of diagnostics: "η² Lag: 0.789" tells a client nothing);
figures that could not be computed give their reason; unstable statistics say why they were not compared; table
cells keep one collapsible block per table."""

from __future__ import annotations

import re

from ...i18n import N_, _, n_
from ...version_names import display_title
from ..base import markdown as md
from ..feedback import SECTION_TITLES, section_title
from . import diff as ch
from . import material as mat

# diff.py's directions as the reader sees them
ARROWS = {"up": N_("▲ up"), "down": N_("▼ down"), "worse": N_("▲ worse"), "better": N_("▼ better"),
          "changed": N_("changed"), "now computed": N_("now computed"),
          "no longer computed": N_("no longer computed"), "added": N_("added"), "removed": N_("removed")}
_ID = re.compile(r"[a-z][a-z0-9_]*")  # a case.yaml id (care, mkt) as a table's first column holds it
_RAW_ID = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")  # a setting's value as case.yaml spells it (pearson_r)


def shown_title(snap: ch.Snapshot) -> str:
    return display_title(snap.version, snap.title)


def arrow(direction: str) -> str:
    return _(ARROWS[direction]) if direction in ARROWS else direction


def plain_value(shown: str) -> str:
    """A value as printed, with a raw setting name ("pearson_r") in words ("pearson r")."""
    return shown.replace("_", " ") if _RAW_ID.fullmatch(shown) else shown


def row_label(row: str) -> str:
    """A table row as its labels name it: an id column beside its label ("care × Customer care") is dropped."""
    parts = row.split(" × ")
    kept = [p for p in parts if not _ID.fullmatch(p)]
    return " × ".join(kept) if kept and len(kept) < len(parts) else row


def chapter(section: str) -> str:
    """A Finding.section as the report's page title names it."""
    page = mat.PAGE_OF.get(section, section)
    return section_title(page) if page in SECTION_TITLES else _("Other parts of the report")


def _section_of(c: ch.Changes, key: str) -> str:
    f = c.new.findings.findings.get(key) or c.old.findings.findings.get(key)
    return f.section if f else ""


def _quote(title: str) -> str:
    return md.inline(title).replace('"', "”")  # an admonition title sits inside double quotes


# ---------- pieces ----------

def other_figures(c: ch.Changes, shown: set[str]) -> str:
    flagged = {u.key for u in mat.unstable_changes(c)}
    rest = [f for f in c.figures if f.key not in shown and f.key not in flagged]
    if not rest:
        return ""
    rows = [[md.cell(f.label), md.cell(plain_value(f.before)), md.cell(plain_value(f.after)), md.cell(arrow(f.direction))]
            for f in rest]
    return (_("**Other figures that changed.** Diagnostics, and headline figures that moved less than their rule. "
              "Compared as printed: a value that moved within its rounding is not listed.") + "\n\n"
            + md.table([_("Figure"), shown_title(c.old), shown_title(c.new), _("Change")], rows, ["left", "right", "right", "left"]))


def unstable(c: ch.Changes) -> str:
    items = mat.unstable_changes(c)
    if not items:
        return ""
    lines = [_("-   {label} ({before} → {after}): {reason}.", label=md.inline(u.label), before=md.inline(u.before),
               after=md.inline(u.after), reason=md.inline(u.reason)) for u in items]
    return (_("**Unstable statistics, not compared.** These values move with noise rather than with the company, so "
              "their change is not a finding.") + "\n\n" + "\n".join(lines) + "\n")


def _by_chapter(c: ch.Changes, deltas: list[ch.FindingDelta]) -> dict[str, list[ch.FindingDelta]]:
    out: dict[str, list[ch.FindingDelta]] = {}
    for d in deltas:
        out.setdefault(chapter(_section_of(c, d.key)), []).append(d)
    return dict(sorted(out.items()))


def _reasons(c: ch.Changes, deltas: list[ch.FindingDelta]) -> list[str]:
    reasons = []
    for d in deltas:
        f = c.new.findings.findings[d.key]
        if f.reason and f.reason not in reasons:
            reasons.append(f.reason)
    return reasons


def _not_computed(c: ch.Changes, key: str) -> bool:
    f = c.new.findings.findings.get(key)
    return f is not None and f.value is None and not f.suppressed


def added(c: ch.Changes) -> str:
    if not c.added:
        return ""
    lines = []
    for title, deltas in _by_chapter(c, c.added).items():
        blank = [d for d in deltas if _not_computed(c, d.key)]
        line = n_("-   {chapter}: {n} figure reported for the first time", "-   {chapter}: {n} figures reported for "
                  "the first time", len(deltas), chapter=md.inline(title))
        if blank:
            line += n_("; {n} of them could not be computed ({why})", "; {n} of them could not be computed ({why})",
                       len(blank), why=md.inline("; ".join(r.rstrip(".") for r in _reasons(c, blank))))
        lines.append(line + ".")
    return _("**New in this version.**") + "\n\n" + "\n".join(lines) + "\n"


def removed(c: ch.Changes) -> str:
    if not c.removed:
        return ""
    lines = [n_("-   {chapter}: {n} figure no longer reported.", "-   {chapter}: {n} figures no longer reported.",
                len(deltas), chapter=md.inline(title)) for title, deltas in _by_chapter(c, c.removed).items()]
    return _("**No longer reported.**") + "\n\n" + "\n".join(lines) + "\n"


def cells(c: ch.Changes) -> str:
    """One collapsible block per table (tables can hold hundreds of cells), largest change count first."""
    if not c.cells:
        return ""
    by_table: dict[str, list[ch.CellChange]] = {}
    for cell in c.cells:
        by_table.setdefault(cell.table, []).append(cell)
    parts = [_("**Table cells that changed.** Cells of the tables behind the charts, compared as printed; rows are "
               "matched by their labels.") + "\n"]
    for group in sorted(by_table.values(), key=lambda cs: (-len(cs), cs[0].table)):
        rows = [[md.cell(row_label(x.row)), md.cell(x.column), md.cell(x.before), md.cell(x.after), md.cell(arrow(x.direction))]
                for x in group]
        body = md.table([_("Row"), _("Column"), shown_title(c.old), shown_title(c.new), _("Change")], rows,
                        ["left", "left", "right", "right", "left"])
        title = n_("{table}: {n} cell", "{table}: {n} cells", len(group), table=_quote(group[0].table_label))
        parts.append(md.admonition("note", title, body, collapsible=True))
    return "\n".join(parts)


def risks_in_out(c: ch.Changes) -> str:
    moved = [r for r in c.risks if r.direction in ("added", "removed")]
    if not moved:
        return ""
    lines = [(_("-   {risk} ({department}): added, rated {band}.", risk=md.inline(f"{r.risk_id} {r.title}".strip()),
                department=md.inline(r.department), band=md.inline(r.after or _("not assessed")))
              if r.direction == "added" else
              _("-   {risk} ({department}): no longer in the register (was {band}).",
                risk=md.inline(f"{r.risk_id} {r.title}".strip()), department=md.inline(r.department),
                band=md.inline(r.before or _("not assessed")))) for r in moved]
    return _("**Risks added to or removed from the register.**") + "\n\n" + "\n".join(lines) + "\n"


def suppressions(c: ch.Changes) -> str:
    if not c.suppressions:
        return ""
    mark = f"<{c.new.k_min}"
    rows = [[md.cell(s.label), md.cell(_("now withheld ({mark})", mark=mark) if s.appeared else _("now shown"))]
            for s in c.suppressions]
    return (_("**Withheld or shown again.** Figures and cells hidden, or shown again, because fewer than {k} people "
              "stand behind them.", k=c.new.k_min) + "\n\n"
            + md.table([_("Figure or cell"), _("Change")], rows, ["left", "left"]))


def reference(c: ch.Changes) -> str:
    if not c.reference:
        return ""
    old, new = c.reference
    return (_("**Benchmark reference set.** The benchmark reference set changed between these versions (set {old} → "
              "{new}): past cases were added to it, so the peers of the benchmarking chapter and its figures can move "
              "although this company's own data did not. The earlier version keeps the set it was built with.",
              old=old[:12], new=new[:12]) + "\n")


def all_differences(c: ch.Changes, shown: set[str]) -> str:
    """The collapsed block; "" when the diff found nothing beyond what the first screen shows."""
    parts = [p for p in (reference(c), other_figures(c, shown), unstable(c), added(c), removed(c), risks_in_out(c),
                         cells(c), suppressions(c)) if p]
    if not parts:
        return ""
    summary = _("In all: {counts}.", counts=c.headline())
    return md.admonition("note", _("All differences"), "\n".join([summary + "\n", *parts]), collapsible=True)

