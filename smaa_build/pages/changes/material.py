"""What moved that matters between two versions, and why (issue 14, item 1; design.md §6).

A client reads What changed to learn which conclusions moved, not which of 400 statistics changed in the third
decimal. So the diff (diff.py) is sorted here into:

- material changes: a headline figure whose change passes the rule for its kind of figure (RULES), and every risk
  whose band changed; each with its direction and the inputs that changed between the versions (its "why");
- unstable statistics: a value outside the range its definition allows, or an ICC on too few groups, on either side.
  Such a value moves with noise, so it is flagged and never listed as a change;
- everything else, which the page lists in plain words under a collapsed "All differences".

The "why" is read from the two versions' provenance (the sha256 of every input), their case.yaml and the feedback
answered in between: a data file that feeds the figure's chapter, a setting of that chapter, the feedback item
answered on that page, the benchmark reference set, or (when no input changed) a revision of smaa itself."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase

from ...findings import Finding
from ...i18n import N_, _
from ...spec.case import stored
from ..base import format as fmt
from ..base import phrases
from . import diff as ch

ALPHA = 0.05  # a test is significant below this p (the report's convention)
SHARE_POINTS = 0.05  # a share matters when it moves by 5 percentage points
INDEX_STEP = 0.05  # a 0–1 index matters when it moves by 0.05
CORRELATION_STEP = 0.10  # a correlation matters when it moves by 0.10
COUNT_SHARE = 0.10  # a count matters when it moves by a tenth
ICC_MIN_GROUPS = 3  # an ICC from fewer groups (functions, levels) rests on one or two degrees of freedom

# The rules as the page states them, one sentence per kind of figure.
RULES = {
    "band": N_("a risk changes band"),
    "share": N_("a share moves by 5 percentage points or more"),
    "index": N_("an index on a 0–1 scale moves by 0.05 or more"),
    "correlation": N_("a correlation moves by 0.10 or more"),
    "count": N_("a count moves by 10% or more"),
    "verdict": N_("a verdict changes"),
    "test": N_("a test becomes, or stops being, significant at 5%"),
}

# The figures the report headlines (its summary cards and chapter headlines), by key pattern, and their kind.
HEADLINES = (
    ("engagement.n_interviewees", "count"),
    ("diffusion.company.hdi", "index"), ("diffusion.company.hi", "index"),
    ("alignment.company.vai", "index"), ("alignment.vai.*", "index"), ("alignment.kpi_jaccard_mean", "index"),
    ("alignment.flows.cross_function_share", "share"), ("alignment.flows.reach_top_share", "share"),
    ("mapping.manual_share", "share"), ("mapping.interactive_share.*", "share"),
    ("value.pearson_r", "correlation"), ("value.spearman_rho", "correlation"), ("value.share_negative", "share"),
    ("resilience.baseline", "correlation"), ("resilience.verdict", "verdict"),
    ("benchmark.*.t", "test"),
    ("risk.n_high_plus", "count"), ("recommend.n", "count"),
)

# The range a statistic's definition allows; a value outside it is an artefact (e.g. ICC(2) = −3.4 from 2 groups).
RANGES = (
    ("alignment.icc*", -1.0, 1.0), ("alignment.rwgj.*", 0.0, 1.0), ("alignment.vai.*", 0.0, 1.0),
    ("alignment.company.vai", 0.0, 1.0), ("alignment.kpi_jaccard_mean", 0.0, 1.0), ("diffusion.*", 0.0, 1.0),
    ("value.pearson_r*", -1.0, 1.0), ("value.spearman_rho", -1.0, 1.0), ("resilience.baseline", -1.0, 1.0),
    ("reliability.kappa*", -1.0, 1.0), ("reliability.alpha.*", -1.0, 1.0),
)

# Which chapters (Finding.section) an input feeds: a data kind of case.yaml `data:` or a case.yaml section.
INTERVIEWS = frozenset({"engagement", "method", "mapping", "alignment", "risk", "recommendations"})
EVERY = frozenset({"*"})
DATA_FEEDS = {
    "interviewees": INTERVIEWS, "codes": INTERVIEWS, "ratings": frozenset({"alignment", "risk", "recommendations"}),
    "kpis": frozenset({"alignment", "risk", "recommendations"}),
    "flows": frozenset({"alignment", "risk", "recommendations"}),
    "posts": frozenset({"value", "resilience", "risk", "recommendations"}),
    "traditional": frozenset({"value", "resilience"}), "reference": frozenset({"benchmarking", "risk"}),
}
DATA_NAMES = {
    "interviewees": N_("the interviewee register"), "codes": N_("the interview coding"),
    "ratings": N_("the survey ratings"), "kpis": N_("the KPI lists"), "flows": N_("the reporting flows"),
    "posts": N_("the social-media posts"), "traditional": N_("the traditional indicator's data"),
    "reference": N_("the benchmark reference set"),
}
SETTING_FEEDS = {
    "value": frozenset({"value", "resilience"}), "resilience": frozenset({"resilience"}),
    "risks": frozenset({"risk", "recommendations"}), "recommendations": frozenset({"recommendations"}),
    "benchmark": frozenset({"benchmarking"}), "organisation": EVERY, "conventions": EVERY, "vocabularies": EVERY,
}
SETTING_NAMES = {
    "value": N_("the value chapter's settings"), "resilience": N_("the resilience chapter's settings"),
    "risks": N_("the risk ratings in the register"), "recommendations": N_("the researchers' recommendations"),
    "benchmark": N_("the benchmarking settings"), "organisation": N_("the functions and levels declared"),
    "conventions": N_("the conventions"), "vocabularies": N_("the coding vocabularies"),
}
RATING = {"impact": N_("impact {before} → {after}"), "likelihood": N_("likelihood {before} → {after}")}
# Finding.section -> the report page a feedback item names (spec/checks.py SECTIONS)
PAGE_OF = {"risk": "risks", "benchmarking": "benchmark", "method": "engagement"}


@dataclass(frozen=True)
class Moved:
    """One change that matters: a headline figure past its rule, or a risk band."""

    key: str
    label: str
    before: str
    after: str
    direction: str  # as diff.py: up, down, worse, better, changed, now computed, …
    rule: str  # the kind of rule it passed (a RULES key)
    why: tuple[str, ...]  # plain phrases, already translated


@dataclass(frozen=True)
class Unstable:
    key: str
    label: str
    before: str
    after: str
    reason: str  # plain, translated


# ---------- rules ----------

def kind_of(key: str) -> str | None:
    return next((kind for pattern, kind in HEADLINES if fnmatchcase(key, pattern)), None)


def _range(key: str, unit: str) -> tuple[float, float] | None:
    if unit == "share":
        return (0.0, 1.0)
    return next(((lo, hi) for pattern, lo, hi in RANGES if fnmatchcase(key, pattern)), None)


def _number(v) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def unstable(f: Finding) -> str | None:
    """Why this value cannot be trusted to compare, in words; None when it can."""
    v = _number(f.value)
    if v is None or f.suppressed:
        return None
    bounds = _range(f.key, f.unit)
    if bounds and not bounds[0] - 1e-9 <= v <= bounds[1] + 1e-9:
        return _("{value} lies outside the range its definition allows ({low} to {high})",
                 value=ch.shown(f, 0), low=_bound(bounds[0]), high=_bound(bounds[1]))
    groups = f.extra.get("groups") if isinstance(f.extra, dict) else None
    if f.key.startswith("alignment.icc") and isinstance(groups, int) and groups < ICC_MIN_GROUPS:
        return _("computed from {groups} groups only; an ICC needs at least {least} to be stable", groups=groups,
                 least=ICC_MIN_GROUPS)
    return None


def _bound(x: float) -> str:
    return fmt.number(x, 0).replace("-", "−")  # the report's minus sign, as format.number prints decimals


def _significant(f: Finding) -> bool | None:
    p = _number(f.p)
    return None if p is None else p < ALPHA


def passes(kind: str, a: Finding, b: Finding) -> str | None:
    """The rule a headline change passes (a RULES key), or None when it stays within every rule for its kind."""
    sa, sb = _significant(a), _significant(b)
    if sa is not None and sb is not None and sa != sb:
        return "test"
    if kind == "verdict":
        return "verdict" if a.value != b.value else None
    x, y = _number(a.value), _number(b.value)
    if x is None or y is None:
        return None  # computed on one side only: listed under All differences
    step = abs(y - x)
    if kind == "share" and step >= SHARE_POINTS - 1e-12:
        return "share"
    if kind == "index" and step >= INDEX_STEP - 1e-12:
        return "index"
    if kind == "correlation" and step >= CORRELATION_STEP - 1e-12:
        return "correlation"
    if kind == "count" and step >= COUNT_SHARE * max(abs(x), 1) - 1e-12:
        return "count"
    return None


# ---------- why ----------

def _thawed(x):
    """The spec as plain JSON types (a build's spec is frozen into mappings and tuples, a snapshot's is not)."""
    if isinstance(x, Mapping):
        return {str(k): _thawed(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_thawed(v) for v in x]
    return x


def _json(x) -> str:
    return json.dumps(_thawed(x), sort_keys=True, default=str)


def changed_data(old: ch.Snapshot, new: ch.Snapshot) -> list[str]:
    """Data kinds (DATA_NAMES keys) whose file changed between the versions, from the provenance digests."""
    a = (old.findings.meta.get("provenance") or {}).get("inputs") or {}
    b = (new.findings.meta.get("provenance") or {}).get("inputs") or {}
    files = {decl.get("file"): kind for kind, decl in (stored(new.spec, "data") or {}).items() if isinstance(decl, dict)}
    ref = ((new.findings.meta.get("provenance") or {}).get("reference_set") or {}).get("file")
    kinds = set()
    for path in set(a) & set(b):
        if a[path] != b[path] and path != "case.yaml" and not path.startswith("text/"):
            kinds.add("reference" if path == ref or "_reference" in path else files.get(path, path))
    for path in set(b) - set(a):
        if path in files:
            kinds.add(files[path])
    return sorted(kinds)


def changed_settings(old: ch.Snapshot, new: ch.Snapshot) -> list[str]:
    """case.yaml sections (SETTING_NAMES keys) that differ; both specs are read with the schema's defaults."""
    if not old.spec or not new.spec:
        return []
    return sorted(s for s in SETTING_NAMES if _json(stored(old.spec, s)) != _json(stored(new.spec, s)))


def software(old: ch.Snapshot, new: ch.Snapshot) -> bool:
    a = old.findings.meta.get("provenance") or {}
    b = new.findings.meta.get("provenance") or {}
    return bool(a and b) and (a.get("smaa_version"), a.get("git_revision")) != (b.get("smaa_version"),
                                                                                  b.get("git_revision"))


@dataclass(frozen=True)
class Causes:
    data: tuple[str, ...]
    settings: tuple[str, ...]
    feedback: tuple  # diff.FeedbackChange answered in between
    software: bool
    old_spec: dict
    new_spec: dict


def causes(c: ch.Changes) -> Causes:
    return Causes(tuple(changed_data(c.old, c.new)), tuple(changed_settings(c.old, c.new)), tuple(c.feedback),
                  software(c.old, c.new), c.old.spec, c.new.spec)


def _feeds(feeds: frozenset, section: str) -> bool:
    return "*" in feeds or section in feeds


def _overrides(spec: dict, risk_id: str, department) -> list[dict]:
    risks = stored(spec, "risks")
    rows = (risks.get("overrides") or []) if isinstance(risks, dict) else []
    return [r for r in rows if r.get("id") == risk_id and (r.get("department") or None) == (department or None)]


def _rating_edit(k: Causes, risk_id: str, department) -> str | None:
    """"impact 3 → 5" when the register's own rating of this risk was revised."""
    a, b = _overrides(k.old_spec, risk_id, department), _overrides(k.new_spec, risk_id, department)
    if a == b:
        return None
    x, y = (a or [{}])[0], (b or [{}])[0]
    edits = [_(RATING[name], before=x.get(name, "–"), after=y.get(name, "–")) for name in RATING
             if x.get(name) != y.get(name)]
    if not edits:
        return _("its rating in the risk register was revised")
    return _("its rating in the risk register was revised: {edits}", edits=", ".join(edits))


def why(k: Causes, section: str, risk_id: str | None = None, department=None) -> tuple[str, ...]:
    """What changed between the versions that feeds a figure of this chapter, in plain words."""
    out = []
    page = PAGE_OF.get(section, section)
    for f in k.feedback:
        mentions = risk_id is not None and risk_id in f"{f.text} {f.response}"
        if f.section == page and (risk_id is None or mentions):
            out.append(_("feedback {id} ({source})", id=f.id, source=f.source))
    edit = _rating_edit(k, risk_id, department) if risk_id else None
    if edit:
        out.append(edit)
    for s in k.settings:
        if _feeds(SETTING_FEEDS[s], section) and not (edit and s == "risks"):
            out.append(_("a change to {what}", what=_(SETTING_NAMES[s])))
    data = [_(DATA_NAMES[kind]) for kind in k.data if kind in DATA_FEEDS and _feeds(DATA_FEEDS[kind], section)]
    if data:
        out.append(_("new or corrected data: {what}", what=phrases.join(data)))
    if not out and k.software:
        out.append(_("a revision of smaa's analysis (no input of the case changed for it)"))
    return tuple(out)


# ---------- sorting the diff ----------

def _findings(c: ch.Changes, key: str) -> tuple[Finding, Finding]:
    return c.old.findings.findings[key], c.new.findings.findings[key]


def unstable_changes(c: ch.Changes) -> list[Unstable]:
    """Changed figures with an unstable value on either side (flagged, never listed as a change)."""
    out = []
    for f in c.figures:
        a, b = _findings(c, f.key)
        reason = unstable(b) or unstable(a)
        if reason:
            out.append(Unstable(f.key, f.label, f.before, f.after, reason))
    return out


def band_changes(c: ch.Changes, k: Causes) -> list[Moved]:
    out = []
    for r in c.risks:
        if r.direction in ("added", "removed"):
            continue  # a risk entering or leaving the register is listed with the details
        dept = None if r.department == "Company-wide" else _department_id(c, r)
        label = f"{r.risk_id} {r.title}".strip() + ("" if dept is None else f" · {r.department}")
        out.append(Moved(f"risk:{r.risk_id}:{r.department}", label, _(r.before) if r.before else "",
                         _(r.after) if r.after else "", r.direction, "band", why(k, "risk", r.risk_id, dept)))
    return out


def _department_id(c: ch.Changes, r: ch.RiskChange):
    for rec in c.new.findings.risks:
        if rec.get("risk_id") == r.risk_id and (rec.get("department_label") or rec.get("department")) == r.department:
            return rec.get("department")
    return None


def figure_changes(c: ch.Changes, k: Causes) -> list[Moved]:
    flagged = {u.key for u in unstable_changes(c)}
    out = []
    for f in c.figures:
        kind = kind_of(f.key)
        if kind is None or f.key in flagged:
            continue
        a, b = _findings(c, f.key)
        rule = passes(kind, a, b)
        if rule:
            out.append(Moved(f.key, f.label, f.before, f.after, f.direction, rule, why(k, b.section)))
    return out


def material(c: ch.Changes) -> list[Moved]:
    """Risk bands first (most serious change first in the register's order), then headline figures."""
    k = causes(c)
    return band_changes(c, k) + figure_changes(c, k)


def covered(items: list[Moved]) -> set[str]:
    """Finding keys the first screen already shows: each moved figure, and a risk's worst band with its change."""
    out = {m.key for m in items}
    out |= {f"risk.{m.key.split(':')[1]}.worst_band" for m in items if m.rule == "band"}
    return out
