"""M11, the multiverse as data: the declaration (outcome, baseline, choices, constraints) with its defaults, the
grid of specifications it spans, and the pure summaries of a specification curve (η², one-at-a-time ranges,
Kendall τ-b, joint p, verdict). Numbers in, numbers out; resilience.py does the computing from post level."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from ...errors import AnalysisError
from ...facts import RESILIENCE_FACTORS as FACTORS, RESILIENCE_LEVELS as LEVELS, RESILIENCE_OUTCOMES as OUTCOMES
from ...facts import RESILIENCE_REQUIREMENTS as REQUIREMENTS, RESILIENCE_STATISTICS as STATISTICS
from ...facts import RESILIENCE_WINDOWS as WINDOWS, VALUE_DEFAULTS

# FACTORS, LEVELS, OUTCOMES, REQUIREMENTS: the M11 vocabulary the schema checks too (smaa_build/facts.py)
# A statistic whose higher values mean worse sentiment; its estimates are turned round to the baseline's direction.
POLARITY = {"share_negative": -1}
# Data conditions that always hold (a scorer cannot run without its column), whatever the case declares.
REQUIRED = [
    {"if": {"scorer": "human_label"}, "require": "labels_available", "why": "the posts carry no human labels"},
    {"if": {"scorer": "provided"}, "require": "scores_available", "why": "the export carries no sentiment score"},
    {"if": {"weighting": "author"}, "require": "authors_available", "why": "the export carries no author ids"},
]
# Redundancy rules used when the case declares no constraints (Simonsohn et al. 2020: non-redundant specs):
# clipping the top and bottom 1% of scores cannot move a class, a median or a −1/0/+1 label.
DEFAULT_CONSTRAINTS = [
    {"if": {"statistic": ["median_compound", "share_negative", "net_sentiment"]}, "then": {"outliers": "none"},
     "why": "winsorising 1% of scores cannot move a median or a class: redundant with the unwinsorised one"},
    {"if": {"scorer": "human_label"}, "then": {"outliers": "none"},
     "why": "human labels are −1/0/+1: winsorising them changes nothing"},
]
MAX_SPECS = 4096
PERIODLY = {"day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly", "year": "yearly",
            "fieldwork": "fieldwork-window"}
MAX_LAG = 3


@dataclass(frozen=True)
class Availability:
    """What the case's data allow, and the value analysis's own choices (the default baseline)."""

    design: str = "time_series"
    labels: bool = False
    scores: bool = False
    authors: bool = False
    brand_accounts: bool = False
    brand_declared: bool = False
    period: str = "month"  # the traditional series' period
    baseline: Mapping[str, Any] = field(default_factory=dict)
    primary: str = "pearson_r"

    def holds(self, requirement: str) -> bool:
        return {"labels_available": self.labels, "scores_available": self.scores, "authors_available": self.authors,
                "brand_accounts": self.brand_accounts, "time_series": self.design == "time_series",
                "cross_section": self.design == "cross_section", "panel": self.design == "panel"}[requirement]


@dataclass
class Declaration:
    outcome: str
    baseline: dict
    choices: dict  # factor -> levels (the baseline level included)
    constraints: list
    notes: list = field(default_factory=list)  # why a factor is fixed or a level removed
    declared: bool = False


# --- declaration ---------------------------------------------------------------------------------------------

def default_choices(av: Availability) -> dict:
    """The multiverse smaa proposes when the case declares none (methods.md M11)."""
    timed = av.design != "cross_section"
    windows = [w for w in ("week", "month") if window_allowed(w, av.period)] if timed else []
    attributable = av.brand_accounts and (av.design != "time_series" or av.brand_declared)
    return {
        "scorer": ["vader"] + ["provided"] * av.scores + ["human_label"] * av.labels,
        "window": windows or [av.baseline.get("window")],
        "statistic": list(STATISTICS),
        "retweets": list(LEVELS["retweets"]),
        "brand_posts": [av.baseline.get("brand_posts", VALUE_DEFAULTS["brand_posts"])],
        "outliers": list(LEVELS["outliers"]),
        "weighting": ["post", "author"] if av.authors else ["post"],
        "entity": list(LEVELS["entity"]) if attributable else [av.baseline.get("entity", VALUE_DEFAULTS["entity"])],
        "lag": [0, 1] if timed else [0],
    }


def window_allowed(window: str, period: str) -> bool:
    """A window can be compared with the traditional series when it is as coarse as the traditional period
    (the survey is re-aggregated to it); fieldwork windows only with themselves."""
    if window == "fieldwork" or period == "fieldwork":
        return window == period
    return period in WINDOWS and WINDOWS.index(window) >= WINDOWS.index(period)


def declare(raw: Mapping | None, av: Availability) -> Declaration:
    raw = dict(raw or {})
    unknown = sorted(set(raw) - {"outcome", "baseline", "choices", "constraints"})
    if unknown:
        raise AnalysisError(f"resilience: unknown key(s) {unknown}; expected outcome, baseline, choices, constraints")
    outcome = raw.get("outcome", av.primary)
    if outcome not in OUTCOMES:
        raise AnalysisError(f"resilience.outcome: expected one of {sorted(OUTCOMES)}, got {outcome!r}")
    baseline = {**dict(av.baseline), **_levels_map(raw.get("baseline") or {}, "resilience.baseline", single=True)}
    declared_choices = _levels_map(raw.get("choices") or {}, "resilience.choices")
    choices = {**default_choices(av), **declared_choices}
    for f in FACTORS:
        if baseline.get(f) not in choices[f]:
            choices[f] = [baseline[f]] + list(choices[f])  # the baseline is always one point of the curve
    if av.design == "cross_section":
        for f, fixed in (("window", None), ("lag", 0)):
            choices[f], baseline[f] = [fixed], fixed
    notes = [f"{f}: {fixed_reason(f, av, f in declared_choices)}" for f in FACTORS if len(choices[f]) == 1]
    declared = raw.get("constraints")
    rules = REQUIRED + (list(declared or []) if declared is not None else DEFAULT_CONSTRAINTS)
    constraints = [_constraint(c, i - len(REQUIRED)) for i, c in enumerate(rules)]
    decl = Declaration(OUTCOMES[outcome], baseline, choices, constraints, notes, bool(raw))
    reason = violation(baseline, decl, av)
    if reason:
        raise AnalysisError(f"resilience.baseline violates its own rules: {reason}")
    return decl


def fixed_reason(factor: str, av: Availability, declared: bool) -> str:
    """Why a factor has a single level in this case (shown next to the curve)."""
    if av.design == "cross_section" and factor in ("window", "lag"):
        return "a cross-section has no periods"
    if declared:
        return "fixed by the case's declaration"
    return {
        "scorer": "VADER is the only scorer available (no score column and no human labels in the export)",
        "window": f"the traditional series is {PERIODLY.get(av.period, av.period)}; a shorter SMI window cannot be "
                  "compared with it",
        "brand_posts": "posts by the brand's own accounts never count as customer voice",
        "weighting": "the export has no author ids",
        "entity": ("no brand accounts are declared, so an @mention cannot re-attribute a post"
                   if av.design != "time_series" or av.brand_declared else
                   "the series is the whole export of one company, so attribution does not change it"),
    }.get(factor, "fixed")


def _levels_map(m: Mapping, where: str, single: bool = False) -> dict:
    if not isinstance(m, Mapping):
        raise AnalysisError(f"{where}: expected a mapping of factor: level{'' if single else 's'}")
    out = {}
    for f, v in m.items():
        if f not in FACTORS:
            raise AnalysisError(f"{where}.{f}: unknown factor; expected one of {list(FACTORS)}")
        values = [v] if single or not isinstance(v, (list, tuple)) else list(v)
        if not values:
            raise AnalysisError(f"{where}.{f}: declare at least one level")
        for x in values:
            if x not in LEVELS[f] or isinstance(x, bool):
                raise AnalysisError(f"{where}.{f}: unknown level {x!r}; expected one of {list(LEVELS[f])}")
        out[f] = values[0] if single else list(dict.fromkeys(values))
    return out


def _constraint(c, i: int) -> dict:
    where = f"resilience.constraints[{i}]"
    if not isinstance(c, Mapping) or "if" not in c or not ({"then", "require"} & set(c)):
        raise AnalysisError(f"{where}: expected {{if: {{factor: level}}, then: {{factor: level}}}} or "
                            "{if: ..., require: condition}")
    extra = sorted(set(c) - {"if", "then", "require", "why"})
    if extra:
        raise AnalysisError(f"{where}: unknown key(s) {extra}")
    req = c.get("require", [])
    req = [req] if isinstance(req, str) else list(req)
    bad = [r for r in req if r not in REQUIREMENTS]
    if bad:
        raise AnalysisError(f"{where}.require: unknown condition(s) {bad}; expected {list(REQUIREMENTS)}")
    return {"if": _levels_map(c["if"], f"{where}.if"), "then": _levels_map(c.get("then") or {}, f"{where}.then"),
            "require": req, "why": str(c.get("why", ""))}


def _matches(spec: Mapping, cond: Mapping) -> bool:
    return all(spec.get(f) in levels for f, levels in cond.items())


def _plain(factor: str, level) -> tuple[str, str]:
    return factor, str(level)


def violation(spec: Mapping, decl: Declaration, av: Availability, describe: Callable = _plain) -> str:
    """Why a specification is left out ("" when it is valid); `describe(factor, level)` names them for readers."""
    if spec.get("window") is not None and not window_allowed(spec["window"], av.period):
        return f"a {spec['window']} window is finer than the {PERIODLY.get(av.period, av.period)} traditional series"
    for c in decl.constraints:
        if not _matches(spec, c["if"]):
            continue
        why = f" ({c['why']})" if c["why"] else ""
        missing = [r for r in c["require"] if not av.holds(r)]
        if missing:
            return f"{_text(c['if'], describe)} requires {', '.join(missing)}{why}"
        if c["then"] and not _matches(spec, c["then"]):
            return f"{_text(c['if'], describe)} only with {_text(c['then'], describe)}{why}"
    return ""


def _text(cond: Mapping, describe: Callable) -> str:
    parts = []
    for f, levels in cond.items():
        names = [describe(f, x)[1] for x in levels]
        alternatives = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        parts.append(f"{describe(f, levels[0])[0]} {alternatives}")
    return " and ".join(parts)


def grid(decl: Declaration, av: Availability, describe: Callable = _plain) -> tuple[list[dict], list[dict]]:
    """The specifications (Cartesian product minus violations, in declaration order, the baseline flagged) and
    the dropped combinations counted by reason."""
    combos = list(itertools.product(*(decl.choices[f] for f in FACTORS)))
    if len(combos) > MAX_SPECS:
        raise AnalysisError(f"resilience: {len(combos)} combinations (more than {MAX_SPECS}); declare fewer levels")
    specs, dropped = [], {}
    for combo in combos:
        spec = dict(zip(FACTORS, combo))
        why = violation(spec, decl, av, describe)
        why = why[:1].upper() + why[1:]
        if why:
            dropped[why] = dropped.get(why, 0) + 1
            continue
        specs.append(spec | {"id": f"S{len(specs) + 1:0{len(str(len(combos)))}d}",
                             "baseline": all(spec[f] == decl.baseline[f] for f in FACTORS)})
    return specs, [{"reason": k, "n_specs": v} for k, v in sorted(dropped.items())]


def varied(decl: Declaration) -> list[str]:
    return [f for f in FACTORS if len(decl.choices[f]) > 1]


# --- summaries ------------------------------------------------------------------------------------------------

def curve_summary(estimates) -> dict:
    """N, median, IQR (numpy's linear quantiles), min, max and total sum of squares of the finite estimates."""
    e = np.asarray([x for x in estimates if x is not None and np.isfinite(x)], dtype=float)
    if e.size == 0:
        return {"n": 0}
    q1, med, q3 = np.percentile(e, [25, 50, 75])
    return {"n": int(e.size), "median": float(med), "q1": float(q1), "q3": float(q3), "iqr": float(q3 - q1),
            "min": float(e.min()), "max": float(e.max()), "range": float(e.max() - e.min()),
            "ss_total": float(np.sum((e - e.mean()) ** 2))}


def same_sign_share(estimates, baseline: float) -> float:
    e = np.asarray([x for x in estimates if x is not None and np.isfinite(x)], dtype=float)
    return float(np.mean(np.sign(e) == np.sign(baseline)))


def eta_squared(estimates, levels) -> float | None:
    """Main-effect η² = SS_between/SS_total of one factor (one-way decomposition over the grid)."""
    e = np.asarray(estimates, dtype=float)
    lv = np.asarray([str(x) for x in levels])
    ok = np.isfinite(e)
    e, lv = e[ok], lv[ok]
    total = float(np.sum((e - e.mean()) ** 2)) if e.size else 0.0
    if e.size < 2 or total <= 0:
        return None
    between = sum(float((lv == g).sum() * (e[lv == g].mean() - e.mean()) ** 2) for g in np.unique(lv))
    return min(1.0, between / total)


def one_at_a_time(specs: list[dict], estimates, baseline: Mapping, factor: str) -> list[dict]:
    """The estimate at each level of `factor` with every other factor at its baseline level."""
    others = [f for f in FACTORS if f != factor]
    out = []
    for s, e in zip(specs, estimates):
        if all(s[f] == baseline[f] for f in others):
            out.append({"level": s[factor], "estimate": e, "id": s["id"], "baseline": s[factor] == baseline[factor]})
    return out


def kendall_tau_b(a, b) -> float | None:
    """Kendall's τ-b = (C − D)/√((n0 − n1)(n0 − n2)), ties corrected (Kendall 1938/1945)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    ok = np.isfinite(a) & np.isfinite(b)
    a, b = a[ok], b[ok]
    if a.size < 2:
        return None
    iu = np.triu_indices(a.size, 1)
    da, db = np.sign(a[:, None] - a[None, :])[iu], np.sign(b[:, None] - b[None, :])[iu]
    denom = np.sqrt(float(np.sum(da != 0)) * float(np.sum(db != 0)))
    return float(np.sum(da * db) / denom) if denom > 0 else None


def joint_p(null_stats, observed: float) -> float:
    """Share of the draws (the observed alignment is draw 0, as in an exact randomisation test, so p ≥ 1/draws)
    whose statistic is at least the observed one."""
    s = np.asarray(null_stats, dtype=float)
    return float(np.mean(s >= observed - 1e-12))


@dataclass(frozen=True)
class Thresholds:
    robust_same_sign: float = 0.90
    robust_p: float = 0.05
    fragile_flip: float = 0.25
    fragile_p: float = 0.20


def verdict(same_sign: float, p: float | None, t: Thresholds = Thresholds()) -> tuple[str | None, str]:
    """Robust: ≥ 90% same sign and joint p < .05; Fragile: sign flips in > 25% of specs or joint p ≥ .20;
    otherwise Moderately robust [SMAA convention]. Without a joint p only Fragile can be told."""
    if 1 - same_sign > t.fragile_flip + 1e-12:
        return "Fragile", f"the sign flips in more than {t.fragile_flip:.0%} of the specifications"
    if p is None:
        return None, "no joint test, so the curve cannot be called robust or moderately robust"
    if p >= t.fragile_p:
        return "Fragile", f"joint p ≥ {t.fragile_p:g}"
    if same_sign >= t.robust_same_sign - 1e-12 and p < t.robust_p:
        return "Robust", f"at least {t.robust_same_sign:.0%} same sign and joint p < {t.robust_p:g}"
    return "Moderately robust", "neither robust nor fragile by the SMAA thresholds"
