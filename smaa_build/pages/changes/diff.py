"""What changed between two versions of a report: the diff behind the "What changed" page (design.md §6).

Pure functions of two Snapshots (a published release read from cases/<id>/releases/<version>/, or the build in
hand): figures and table cells whose displayed value moved (values are compared as the reader saw them, so a
move inside the rounding is no change), risks whose band changed, recommendations added, removed or reworded,
findings added or removed, suppressions that appeared or were lifted, word-level narrative edits, and feedback
items answered in between."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field

from ...facts import RISK_BANDS as BANDS  # M7, mildest first
from ...findings import Finding, Findings, Table
from ...i18n import N_, _, n_
from ..base import format as fmt

ANSWERED = ("addressed", "declined", "deferred")
BREAK = "\n\n"  # paragraph-break token in word diffs


@dataclass(frozen=True)
class Snapshot:
    """One version as the reader saw it."""

    version: str
    title: str
    key: tuple
    date: str
    findings: Findings
    narrative: dict[str, str]  # section -> narrative as rendered (citations filled, Markdown-escaped)
    feedback: list[dict]
    k_min: int
    spec: dict = field(default_factory=dict)  # case.yaml as published, with the schema's defaults (material.py)


@dataclass(frozen=True)
class FigureChange:
    key: str
    label: str
    before: str
    after: str
    direction: str  # "up", "down", "now computed", "no longer computed", "changed"


@dataclass(frozen=True)
class CellChange:
    table: str  # table key
    table_label: str
    row: str  # the row's text columns, " × "-joined
    column: str  # column label
    before: str
    after: str
    direction: str


@dataclass(frozen=True)
class RecommendationChange:
    id: str
    title: str
    change: str  # "added", "removed", "reworded"
    before: str  # "title. text" as the reader saw it ("" when added)
    after: str


@dataclass(frozen=True)
class RiskChange:
    risk_id: str
    title: str
    department: str
    before: str | None  # band; None = not assessed in that version
    after: str | None
    direction: str  # "worse", "better", "added", "removed", "changed"


@dataclass(frozen=True)
class FindingDelta:
    key: str
    label: str
    shown: str


@dataclass(frozen=True)
class SuppressionChange:
    what: str  # finding key, or "<table key>: <row identity>"
    label: str
    appeared: bool  # True: now suppressed; False: suppression lifted


@dataclass(frozen=True)
class NarrativeChange:
    section: str
    ops: tuple  # ((tag, removed words, inserted words), ...) for every non-equal run, tag in replace/delete/insert
    before: str
    after: str


@dataclass(frozen=True)
class FeedbackChange:
    id: str
    round: int
    source: str
    section: str
    text: str
    response: str
    before: str | None  # status in the older version, None if not recorded yet
    status: str


@dataclass
class Changes:
    old: Snapshot
    new: Snapshot
    figures: list[FigureChange] = field(default_factory=list)
    cells: list[CellChange] = field(default_factory=list)
    risks: list[RiskChange] = field(default_factory=list)
    recommendations: list[RecommendationChange] = field(default_factory=list)
    added: list[FindingDelta] = field(default_factory=list)
    removed: list[FindingDelta] = field(default_factory=list)
    suppressions: list[SuppressionChange] = field(default_factory=list)
    narrative: list[NarrativeChange] = field(default_factory=list)
    feedback: list[FeedbackChange] = field(default_factory=list)
    reference: tuple | None = None  # (old, new) sha256 of the benchmark reference set, when it changed

    def counts(self) -> list[tuple[int, str, str]]:
        """(count, singular, plural) for every kind of change, in headline order; the messages are n_() msgids."""
        answered = {s: sum(f.status == s for f in self.feedback) for s in ANSWERED}
        band = sum(r.direction in ("worse", "better", "changed") for r in self.risks)
        recs = {kind: sum(r.change == kind for r in self.recommendations) for kind in ("added", "removed", "reworded")}
        return [
            (len(self.figures), N_("{n} figure changed"), N_("{n} figures changed")),
            (len(self.cells), N_("{n} table cell changed"), N_("{n} table cells changed")),
            (band, N_("{n} risk changed band"), N_("{n} risks changed band")),
            (sum(r.direction == "added" for r in self.risks), N_("{n} risk added"), N_("{n} risks added")),
            (sum(r.direction == "removed" for r in self.risks), N_("{n} risk removed"), N_("{n} risks removed")),
            (recs["added"], N_("{n} recommendation added"), N_("{n} recommendations added")),
            (recs["removed"], N_("{n} recommendation removed"), N_("{n} recommendations removed")),
            (recs["reworded"], N_("{n} recommendation reworded"), N_("{n} recommendations reworded")),
            (len(self.added), N_("{n} finding added"), N_("{n} findings added")),
            (len(self.removed), N_("{n} finding removed"), N_("{n} findings removed")),
            (sum(s.appeared for s in self.suppressions), N_("{n} suppression appeared"),
             N_("{n} suppressions appeared")),
            (sum(not s.appeared for s in self.suppressions), N_("{n} suppression lifted"),
             N_("{n} suppressions lifted")),
            (len(self.narrative), N_("{n} narrative section edited"), N_("{n} narrative sections edited")),
            (answered["addressed"], N_("{n} feedback item addressed"), N_("{n} feedback items addressed")),
            (answered["declined"], N_("{n} feedback item declined"), N_("{n} feedback items declined")),
            (answered["deferred"], N_("{n} feedback item deferred"), N_("{n} feedback items deferred")),
            (int(self.reference is not None), N_("{n} benchmark reference set changed"),
             N_("{n} benchmark reference sets changed")),
        ]

    def headline(self) -> str:
        """"12 figures changed, 2 risks changed band, 5 feedback items addressed" (non-zero kinds only)."""
        parts = [n_(one, many, n) for n, one, many in self.counts() if n]
        return ", ".join(parts) if parts else _("nothing changed")

    @property
    def empty(self) -> bool:
        return not any(n for n, _, _ in self.counts())


# ---------- findings ----------

def shown(f: Finding, k_min: int) -> str:
    """A finding exactly as the report prints it (the rounding the reader saw)."""
    if f.suppressed:
        return f"<{k_min}"
    if f.value is None:
        return _("not computed")
    return fmt.value(f.value, f.unit, f.decimals)


def _numeric(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def direction(old: Finding, new: Finding) -> str:
    return _numeric_direction(old.value, new.value)


def figure_changes(old: Snapshot, new: Snapshot) -> list[FigureChange]:
    out = []
    for key in sorted(set(old.findings.findings) & set(new.findings.findings)):
        a, b = old.findings.findings[key], new.findings.findings[key]
        if a.suppressed or b.suppressed:
            continue  # a suppression change is reported as such; no value was shown on the suppressed side
        before, after = shown(a, old.k_min), shown(b, new.k_min)
        if before != after:
            out.append(FigureChange(key, b.label, before, after, direction(a, b)))
    return out


def added_removed(old: Snapshot, new: Snapshot) -> tuple[list[FindingDelta], list[FindingDelta]]:
    o, n = old.findings.findings, new.findings.findings
    added = [FindingDelta(k, n[k].label, shown(n[k], new.k_min)) for k in sorted(set(n) - set(o))]
    removed = [FindingDelta(k, o[k].label, shown(o[k], old.k_min)) for k in sorted(set(o) - set(n))]
    return added, removed


def _text_columns(table: Table) -> list[str]:
    return [c["name"] for c in table.columns if c.get("kind", "text") == "text"]


def identity_columns(a: Table, b: Table) -> list[str]:
    """The fewest leading text columns that name every row of both versions uniquely (e.g. department and
    risk, not the band that may change with the values); all text columns when no prefix does."""
    shared = [c for c in _text_columns(b) if c in _text_columns(a)]
    for k in range(1, len(shared) + 1):
        if all(len({_key(r, shared[:k]) for r in t.rows}) == len(t.rows) for t in (a, b)):
            return shared[:k]
    return shared


def _key(row: dict, cols: list[str]) -> tuple:
    return tuple(str(row.get(c)) for c in cols)


def _rows(table: Table, cols: list[str]) -> dict[tuple, dict]:
    """Row identity -> row, for identities that name exactly one row."""
    seen: dict[tuple, list[dict]] = {}
    for row in table.rows:
        seen.setdefault(_key(row, cols), []).append(row)
    return {k: v[0] for k, v in seen.items() if len(v) == 1 and k}


def _suppressed_cells(table: Table, cols: list[str]) -> dict[tuple, bool]:
    """Row identity -> suppressed; rows whose identity is ambiguous are left out."""
    return {k: bool(row.get("suppressed")) for k, row in _rows(table, cols).items()}


def suppression_changes(old: Snapshot, new: Snapshot) -> list[SuppressionChange]:
    out = []
    o, n = old.findings.findings, new.findings.findings
    for key in sorted(set(o) & set(n)):
        if o[key].suppressed != n[key].suppressed:
            out.append(SuppressionChange(key, n[key].label, n[key].suppressed))
    ot, nt = old.findings.tables, new.findings.tables
    for key in sorted(set(ot) & set(nt)):
        cols = identity_columns(ot[key], nt[key])
        before, after = _suppressed_cells(ot[key], cols), _suppressed_cells(nt[key], cols)
        for ident in sorted(set(before) & set(after)):
            if before[ident] != after[ident]:
                out.append(SuppressionChange(f"{key}: {' × '.join(ident)}",
                                             f"{nt[key].label}: {' × '.join(ident)}", after[ident]))
    return out


def _numeric_direction(a, b) -> str:
    if a is None:
        return "now computed"
    if b is None:
        return "no longer computed"
    if _numeric(a) and _numeric(b) and a != b:
        return "up" if b > a else "down"
    return "changed"


def _shown_cell(row: dict, col: dict) -> str:
    return fmt.cell(row.get(col["name"]), col.get("kind", "text"), col.get("decimals", 2))


def cell_changes(old: Snapshot, new: Snapshot) -> list[CellChange]:
    """Number cells of the tables both versions show, rows matched by their text columns, compared as printed.
    A row suppressed on either side is left to suppression_changes (no value was shown there)."""
    out = []
    ot, nt = old.findings.tables, new.findings.tables
    for key in sorted(set(ot) & set(nt)):
        before_cols = {c["name"]: c for c in ot[key].columns}
        cols = [c for c in nt[key].columns if c.get("kind", "text") != "text"
                and before_cols.get(c["name"], {}).get("kind") == c.get("kind")]
        ident_cols = identity_columns(ot[key], nt[key])
        a_rows, b_rows = _rows(ot[key], ident_cols), _rows(nt[key], ident_cols)
        for ident in sorted(set(a_rows) & set(b_rows)):
            a, b = a_rows[ident], b_rows[ident]
            if a.get("suppressed") or b.get("suppressed"):
                continue
            for c in cols:
                before, after = _shown_cell(a, before_cols[c["name"]]), _shown_cell(b, c)
                if before != after:
                    out.append(CellChange(key, nt[key].label, " × ".join(ident), c.get("label", c["name"]), before,
                                          after, _numeric_direction(a.get(c["name"]), b.get(c["name"]))))
    return out


# ---------- recommendations ----------

def _said(rec: dict) -> str:
    return f"{rec.get('title', '')}. {rec.get('text', '')}".strip()


def recommendation_changes(old: Snapshot, new: Snapshot) -> list[RecommendationChange]:
    o = {r["id"]: r for r in old.findings.recommendations}
    n = {r["id"]: r for r in new.findings.recommendations}
    out = []
    for rid in sorted(set(o) | set(n)):
        a, b = o.get(rid), n.get(rid)
        if a is None or b is None:
            rec = b or a
            out.append(RecommendationChange(rid, rec.get("title", ""), "added" if a is None else "removed",
                                            _said(a) if a else "", _said(b) if b else ""))
        elif _said(a) != _said(b):
            out.append(RecommendationChange(rid, b.get("title", ""), "reworded", _said(a), _said(b)))
    return out


# ---------- risks ----------

def _risk_index(fs: Findings) -> dict[tuple, dict]:
    return {(r.get("risk_id"), r.get("department")): r for r in fs.risks}


def _band_direction(before: str | None, after: str | None) -> str:
    if before in BANDS and after in BANDS:
        return "worse" if BANDS.index(after) > BANDS.index(before) else "better"
    return "changed"


def risk_changes(old: Snapshot, new: Snapshot) -> list[RiskChange]:
    o, n = _risk_index(old.findings), _risk_index(new.findings)
    out = []
    for ident in sorted(set(o) | set(n), key=lambda k: (str(k[0]), str(k[1] or ""))):
        a, b = o.get(ident), n.get(ident)
        rec = b or a
        dept = rec.get("department_label") or rec.get("department") or "Company-wide"
        if a is None or b is None:
            out.append(RiskChange(str(ident[0]), rec.get("title", ""), dept, a and a.get("band"),
                                  b and b.get("band"), "added" if a is None else "removed"))
        elif a.get("band") != b.get("band"):
            out.append(RiskChange(str(ident[0]), rec.get("title", ""), dept, a.get("band"), b.get("band"),
                                  _band_direction(a.get("band"), b.get("band"))))
    return out


# ---------- narrative ----------

def plain(rendered: str) -> str:
    """Rendered narrative (Markdown-escaped) back to the words the reader saw; heading marks dropped."""
    text = html.unescape(rendered.replace("\r\n", "\n"))
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return BREAK.join(re.sub(r"^#{1,6}\s+", "", p) for p in paras if p)


def words(text: str) -> list[str]:
    out: list[str] = []
    for i, para in enumerate(text.split(BREAK)):
        if i:
            out.append(BREAK)
        out += para.split()
    return out


def word_ops(before: str, after: str) -> list[tuple[str, list[str], list[str]]]:
    """difflib opcodes over words (autojunk off: frequent words are real words, not noise)."""
    a, b = words(before), words(after)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes()]


def narrative_changes(old: Snapshot, new: Snapshot) -> list[NarrativeChange]:
    out = []
    for section in sorted(set(old.narrative) | set(new.narrative)):
        before, after = plain(old.narrative.get(section, "")), plain(new.narrative.get(section, ""))
        if before != after:
            ops = tuple((t, tuple(x), tuple(y)) for t, x, y in word_ops(before, after) if t != "equal")
            out.append(NarrativeChange(section, ops, before, after))
    return out


# ---------- feedback ----------

def feedback_changes(old: Snapshot, new: Snapshot) -> list[FeedbackChange]:
    """Items answered (addressed, declined, deferred) in the new version that were not so in the old one."""
    before = {f["id"]: f.get("status") for f in old.feedback}
    out = []
    for f in sorted(new.feedback, key=lambda f: (f["round"], f["id"])):
        if f["status"] in ANSWERED and before.get(f["id"]) != f["status"]:
            out.append(FeedbackChange(f["id"], int(f["round"]), f.get("from", ""), f.get("section", ""),
                                      f.get("text", ""), f.get("response") or "", before.get(f["id"]), f["status"]))
    return out


# ---------- the benchmark reference set ----------

def reference_set(fs: Findings) -> str | None:
    """The sha256 of the reference set a version was benchmarked against (None: none recorded)."""
    return ((fs.meta.get("provenance") or {}).get("reference_set") or {}).get("sha256")


def reference_change(old: Snapshot, new: Snapshot) -> tuple | None:
    """(old, new) when both versions recorded a reference set and it differs: the peers moved, not the company."""
    a, b = reference_set(old.findings), reference_set(new.findings)
    return (a, b) if a and b and a != b else None


def diff(old: Snapshot, new: Snapshot) -> Changes:
    added, removed = added_removed(old, new)
    return Changes(old, new, figure_changes(old, new), cell_changes(old, new), risk_changes(old, new),
                   recommendation_changes(old, new), added, removed, suppression_changes(old, new),
                   narrative_changes(old, new), feedback_changes(old, new), reference_change(old, new))
