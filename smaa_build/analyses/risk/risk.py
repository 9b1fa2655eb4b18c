"""M7: risk register, 5x5 likelihood x impact matrix, and department -> company aggregation.

Each catalogue risk (R1-R8) has one driving indicator; its likelihood comes from piecewise criteria on that
indicator, its impact from the researcher (default 3, an [SMAA convention], until one is recorded); score = L x I.

The `indicators` argument maps indicator names to a company-wide value and optional per-department values:

    {"kpi_jaccard_mean": {"value": 0.21, "n": 34, "evidence": ["INT-4K2P9Q"],
                          "departments": {"<function id>": {"value": 0.06, "n": 6, "suppressed": False}, ...}}}

A bare number is read as a company-wide value with unknown n. `suppressed: true` (or n < k_min) hides the
indicator value and n in the register (the rating stays: it is a judgement about the department, M12).

Indicator names (value ranges; direction):
    vai                     R1  vertical alignment index, 0-1; low = misaligned (M4.3)
    kpi_jaccard_mean        R2  mean Jaccard overlap of a function's SMI KPIs with the other functions', 0-1; low = silo
    manual_share            R3  share of coded SMI collection that is manual, 0-1; high = fragile (M5)
    governance_coverage     R4  share of governance elements coded present (owner, policy, shared definitions), 0-1
    evaluation_misuse       R5  share of SMI uses that serve evaluation/incentives x (1 - data-quality score 0-1)
    escalation_latency_h    R6  median coded time from a social-media signal to a decision owner, hours
    gini_intensity          R7  Gini of SMI intensity across interviewees, 0-1; high = concentrated know-how
    privacy_controls_share  R8  share of coded privacy controls in place (DPIA, minimisation, retention, access), 0-1

Spec keys (all optional) under `risks:` criteria {Rk: [[upper_bound, L], ..., [null, L]]} (value < bound -> L; the
last bound is null = +inf) or "default"; bands {Medium: 5, High: 10, Very high: 20} (minimum score of each band);
default_impact; weights {function id: exposure} (default: organisation.functions[].headcount); overrides; manual.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .catalogue import (BAND_MIN, BANDS, CATALOGUE, CONVENTIONS as CRITERIA_CONVENTIONS, HIGH_PLUS, RiskConfigError,
                        RiskDef, band_grid, band_of, check_cox, cox_violations, criteria_rows, interval_text, level,
                        likelihood, parse_bands, parse_criteria)
from ...findings import Finding, Table
from ...i18n import N_  # marks the notes and labels the report translates where it prints them
from ..reasons import (INDICATOR_NOT_AVAILABLE, INDICATOR_NOT_COMPUTED, NOT_RATED, RATED_COMPANY_WIDE, Reason, restored,
                       stored)

__all__ = ["BANDS", "BAND_MIN", "CATALOGUE", "CONVENTIONS", "COX_CAVEATS", "RiskConfigError", "aggregate", "assess",
           "band_grid", "band_of", "check_cox", "cox_violations", "parse_bands", "register", "run"]

SECTION = "risk"
DEFAULT_IMPACT = 3
ID_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")

COX_CAVEATS = (
    "How to read the matrix (Cox 2008, \"What's wrong with risk matrices?\"): likelihood and impact are ordinal "
    "ratings, so a score of 12 is not twice as serious as a score of 6; the matrix compresses ranges, so quite "
    "different risks can share a cell; and it cannot order risks within a cell or resolve ties. Each rating is "
    "therefore shown with its driving indicator value and the number of interviewees behind it."
)

CONVENTIONS = [
    {"name": "risk.bands", "value": "Low 1-4, Medium 5-9, High 10-16, Very high 20-25",
     "source": "SMAA convention (methods.md M7)"},
    {"name": "risk.default_impact", "value": DEFAULT_IMPACT,
     "source": "SMAA convention (used until the researcher records an impact)"},
    {"name": "risk.aggregation", "value": "worst case; exposure-weighted mean score (weights = headcount); "
     "number of departments High or Very high", "source": "SMAA convention (methods.md M7)"},
    {"name": "risk.withheld_indicator", "value": "indicator value and n hidden when n < k_min or flagged suppressed; "
     "the rating is kept", "source": "SMAA convention (methods.md M12)"},
] + CRITERIA_CONVENTIONS


# ---------------------------------------------------------------- configuration


@dataclass(frozen=True)
class RiskConfig:
    criteria: dict
    custom_criteria: frozenset
    band_min: dict
    default_impact: int
    weights: dict
    overrides: tuple = ()
    manual: tuple = ()
    functions: dict = field(default_factory=dict)  # id -> label


def _criteria(raw) -> tuple[dict, frozenset]:
    raw = {} if raw in (None, "default") else raw
    if not isinstance(raw, dict):
        raise RiskConfigError(f"risks.criteria: expected 'default' or a mapping of risk id to criteria, got {raw!r}")
    for rid in raw:
        if rid not in CATALOGUE:
            raise RiskConfigError(f"risks.criteria.{rid}: unknown risk id; catalogue ids are {', '.join(CATALOGUE)}")
    criteria = {rid: parse_criteria(raw[rid], f"risks.criteria.{rid}") if rid in raw else r.criteria
                for rid, r in CATALOGUE.items()}
    return criteria, frozenset(raw)


def config(case) -> RiskConfig:
    """The case's risk settings, validated (a RiskConfigError names the offending key)."""
    raw = dict(case.settings.risks)
    criteria, custom = _criteria(raw.get("criteria"))
    funcs = case.settings.organisation.functions
    functions = {f.id: f.label for f in funcs}
    headcount = {f.id: f.headcount for f in funcs if f.headcount is not None}
    overrides = [_check_override(o, i, functions) for i, o in enumerate(raw.get("overrides") or [])]
    manual = [_check_manual(m, i, functions) for i, m in enumerate(raw.get("manual") or [])]
    return RiskConfig(criteria=criteria, custom_criteria=custom, band_min=parse_bands(raw.get("bands")),
                      default_impact=level(raw.get("default_impact", DEFAULT_IMPACT), "risks.default_impact"),
                      weights={**headcount, **(raw.get("weights") or {})}, overrides=tuple(overrides),
                      manual=tuple(manual), functions=functions)


def _check_department(dept, where: str, functions: dict) -> None:
    if dept is not None and functions and dept not in functions:
        raise RiskConfigError(f"{where}.department: {dept!r} is not one of organisation.functions "
                              f"({', '.join(sorted(functions))})")


def _check_override(ov: dict, i: int, functions: dict) -> dict:
    where = f"risks.overrides[{i}]"
    rid = ov.get("id")
    if rid not in CATALOGUE:
        raise RiskConfigError(f"{where}.id: {rid!r} is not a catalogue risk ({', '.join(CATALOGUE)}); "
                              "rate other risks under risks.manual")
    _check_department(ov.get("department"), where, functions)
    if ov.get("department") is not None and CATALOGUE[rid].scope == "company":
        raise RiskConfigError(f"{where}: {rid} is rated company-wide; remove the department")
    if ov.get("impact") is None and ov.get("likelihood") is None:
        raise RiskConfigError(f"{where}: give an impact, a likelihood or both")
    for key in ("impact", "likelihood"):
        if ov.get(key) is not None:
            level(ov[key], f"{where}.{key}")
    return dict(ov)


def _check_manual(m: dict, i: int, functions: dict) -> dict:
    where = f"risks.manual[{i}]"
    rid = str(m.get("id", ""))
    if not ID_RE.fullmatch(rid) or rid in CATALOGUE:
        raise RiskConfigError(f"{where}.id: {rid!r} must be a new id (letters, digits, _ or -), not a catalogue id")
    scope = m.get("scope", "department" if m.get("department") else "company")
    if scope not in ("department", "company") or (scope == "department") != (m.get("department") is not None):
        raise RiskConfigError(f"{where}: scope must be 'department' with a department, or 'company' without one")
    _check_department(m.get("department"), where, functions)
    for key in ("likelihood", "impact"):
        level(m.get(key), f"{where}.{key}")
    if not m.get("title"):
        raise RiskConfigError(f"{where}.title: a manual risk needs a title")
    return {**m, "scope": scope}


# ---------------------------------------------------------------- rating


def _entry(raw) -> dict | None:
    if raw is None:
        return None
    return {"value": raw, "n": None} if isinstance(raw, (int, float)) else dict(raw)


def _evidence(v) -> str:
    """Interviewee ids (pseudonyms, never names) as one sorted, comma-separated string."""
    if not v:
        return ""
    return ", ".join(sorted(str(x) for x in v)) if isinstance(v, (list, tuple, set)) else str(v)


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _base_row(risk: RiskDef, scope: str, dept, cfg: RiskConfig) -> dict:
    return {"risk_id": risk.id, "family": risk.family, "title": risk.title, "cause": risk.cause,
            "consequence": risk.consequence, "scope": scope, "department": dept,
            "department_label": cfg.functions.get(dept, dept) if dept else "Company-wide",
            "indicator_name": risk.indicator, "indicator_value": None, "indicator_n": None,
            "indicator_withheld": False, "likelihood": None, "likelihood_source": "indicator",
            "impact": cfg.default_impact, "impact_source": "default", "score": None, "band": None,
            "owner": "", "existing_controls": "", "treatment": risk.treatment, "evidence": "",
            "rationale": f"Impact {cfg.default_impact} is the default [SMAA convention]; no researcher judgement "
                         "recorded yet.", "trace": "", "source": "catalogue"}


def _rate(risk: RiskDef, scope: str, dept, e: dict, cfg: RiskConfig, k_min: int) -> dict | str:
    """A register row from one indicator entry, or the reason it cannot be rated."""
    if _missing(e.get("value")):
        return e.get("reason") or Reason(INDICATOR_NOT_COMPUTED, indicator=risk.indicator)
    value, n = float(e["value"]), e.get("n")
    lik = likelihood(value, cfg.criteria[risk.id])
    withheld = bool(e.get("suppressed")) or (n is not None and n < k_min)
    row = _base_row(risk, scope, dept, cfg)
    row.update(indicator_value=None if withheld else value, indicator_n=None if withheld else n,
               indicator_withheld=withheld, likelihood=lik, evidence=_evidence(e.get("evidence")))
    row["trace"] = (f"{risk.indicator}: value withheld for confidentiality -> L{lik}" if withheld else
                    f"{risk.indicator} = {value:.3g} ({interval_text(value, cfg.criteria[risk.id])}) -> L{lik}")
    return row


def _rate_catalogue(risk: RiskDef, raw, cfg: RiskConfig, k_min: int) -> tuple[list, list]:
    e = _entry(raw)
    if e is None:
        return [], [(risk, None, Reason(INDICATOR_NOT_AVAILABLE, indicator=risk.indicator))]
    depts = e.get("departments") or {}
    targets = ([("department", d, _entry(depts[d])) for d in sorted(depts)]
               if risk.scope == "department" and depts else [("company", None, e)])
    rows, not_rated = [], []
    for scope, dept, entry in targets:
        out = _rate(risk, scope, dept, entry, cfg, k_min)
        (rows.append(out) if isinstance(out, dict) else not_rated.append((risk, dept, out)))
    return rows, not_rated


def _override(row: dict, ov: dict) -> None:
    if ov.get("likelihood") is not None:
        computed = row["likelihood"]
        row.update(likelihood=int(ov["likelihood"]), likelihood_source="researcher")
        row["trace"] = (row["trace"] + f"; set to L{row['likelihood']} by the researcher" if computed is not None
                        else f"L{row['likelihood']} set by the researcher")
    if ov.get("impact") is not None:
        row.update(impact=int(ov["impact"]), impact_source="researcher")
    if ov.get("rationale"):
        row["rationale"] = ov["rationale"]
    elif row["impact_source"] == "researcher" or row["likelihood_source"] == "researcher":
        row["rationale"] = "Rating set by the researcher; rationale not recorded yet."
    for key in ("owner", "existing_controls", "treatment"):
        if ov.get(key):
            row[key] = ov[key]
    if ov.get("evidence"):
        row["evidence"] = _evidence(ov["evidence"])


def _apply_overrides(rows: list, not_rated: list, cfg: RiskConfig) -> None:
    # generic (no department) first, so that a department-specific override wins
    for ov in sorted(cfg.overrides, key=lambda o: o.get("department") is not None):
        dept = ov.get("department")
        targets = [r for r in rows if r["risk_id"] == ov["id"] and (dept is None or r["department"] == dept)]
        if not targets and ov.get("likelihood") is not None:
            risk = CATALOGUE[ov["id"]]
            row = _base_row(risk, "department" if dept else "company", dept, cfg)
            rows.append(row)
            targets = [row]
            not_rated[:] = [x for x in not_rated if not (x[0].id == risk.id and x[1] in (dept, None))]
        elif not targets:
            not_rated.append((CATALOGUE[ov["id"]], dept, "an override names this risk but there is no indicator "
                              "value to rate; give a likelihood in the override"))
        for row in targets:
            _override(row, ov)


def _manual_row(m: dict, cfg: RiskConfig) -> dict:
    dept = m.get("department")
    risk = RiskDef(m["id"], m.get("family", "Other"), m["title"], m.get("cause", ""), m.get("consequence", ""),
                   m.get("indicator_name", ""), "", m["scope"], (), "", m.get("treatment", ""))
    row = _base_row(risk, m["scope"], dept, cfg)
    row.update(likelihood=int(m["likelihood"]), likelihood_source="researcher", impact=int(m["impact"]),
               impact_source="researcher", rationale=m.get("rationale", ""), owner=m.get("owner", ""),
               existing_controls=m.get("existing_controls", ""), evidence=_evidence(m.get("evidence")), source="manual",
               indicator_value=m.get("indicator_value"), indicator_n=m.get("indicator_n"),
               trace=f"L{int(m['likelihood'])} set by the researcher")
    return row


def _sort_key(row: dict) -> tuple:
    return (-BANDS.index(row["band"]), -row["score"], row["risk_id"], row["department_label"])


# ---------------------------------------------------------------- aggregation


def aggregate(scores: dict, weights: dict, band_min: dict = BAND_MIN) -> dict:
    """Department scores -> worst band, exposure-weighted mean score W (equal weights if any weight is missing)
    and spread (# departments High or Very high). Never report W alone (methods.md M7)."""
    bands = {d: band_of(s, band_min) for d, s in scores.items()}
    weighted = all(weights.get(d) for d in scores)
    w = {d: float(weights[d]) if weighted else 1.0 for d in scores}
    mean = sum(w[d] * s for d, s in scores.items()) / sum(w.values())
    return {"worst_band": max(bands.values(), key=BANDS.index), "weighted_score": mean,
            "weighted_band": band_of(mean, band_min), "n_departments": len(scores),
            "n_high_departments": sum(b in HIGH_PLUS for b in bands.values()),
            "weighting": "headcount" if weighted else "equal (headcount missing for some departments)"}


def company_rows(reg: list, cfg: RiskConfig) -> list[dict]:
    out = []
    for rid in sorted({r["risk_id"] for r in reg}):
        rows = [r for r in reg if r["risk_id"] == rid]
        depts = {r["department"]: r["score"] for r in rows if r["scope"] == "department"}
        if depts:
            agg = aggregate(depts, cfg.weights, cfg.band_min)
            agg["worst_band"] = max([agg["worst_band"]] + [r["band"] for r in rows], key=BANDS.index)
        else:
            top = max(rows, key=lambda r: r["score"])
            agg = {"worst_band": top["band"], "weighted_score": float(top["score"]), "weighted_band": top["band"],
                   "n_departments": 0, "n_high_departments": None, "weighting": "rated company-wide"}
        out.append({"risk_id": rid, "title": rows[0]["title"], "scope": "department" if depts else "company", **agg})
    return out


# ---------------------------------------------------------------- run


@dataclass
class Assessment:
    register: list
    not_rated: list
    company: list
    config: RiskConfig


def assess(case, indicators: dict) -> Assessment:
    cfg = config(case)
    k_min = case.settings.report.k_min
    rows, not_rated = [], []
    for risk in CATALOGUE.values():
        r, nr = _rate_catalogue(risk, indicators.get(risk.indicator), cfg, k_min)
        rows += r
        not_rated += nr
    _apply_overrides(rows, not_rated, cfg)
    rows += [_manual_row(m, cfg) for m in cfg.manual]
    for row in rows:
        row["score"] = row["likelihood"] * row["impact"]
        row["band"] = band_of(row["score"], cfg.band_min)
    rows.sort(key=_sort_key)
    nr = [{"risk_id": r.id, "title": r.title, "department": d, "department_label": cfg.functions.get(d, d) if d else
           "Company-wide", "indicator_name": r.indicator, "reason": str(reason),
           **({"why": stored(reason)} if stored(reason) else {})} for r, d, reason in not_rated]
    nr.sort(key=lambda x: (x["risk_id"], x["department_label"]))
    return Assessment(rows, nr, company_rows(rows, cfg), cfg)


def register(case, indicators: dict) -> list[dict]:
    """The risk register records for Findings.risks, sorted by band (Very high first) then score."""
    return assess(case, indicators).register


def _cols(*specs) -> list[dict]:
    kinds = {"likelihood": "int", "impact": "int", "score": "int", "n_entries": "int", "n_departments": "int",
             "n_high_departments": "int", "weighted_score": "number", "from": "number", "to": "number"}
    return [{"name": n, "label": lab, "kind": kinds.get(n, "text"), **({"decimals": 2} if kinds.get(n) == "number"
            else {})} for n, lab in specs]


def matrix_rows(reg: list, band_min: dict) -> list[dict]:
    rows = []
    for lik in range(5, 0, -1):
        for imp in range(1, 6):
            here = [r for r in reg if r["likelihood"] == lik and r["impact"] == imp]
            rows.append({"likelihood": lik, "impact": imp, "score": lik * imp, "band": band_of(lik * imp, band_min),
                         "risk_ids": ", ".join(sorted({r["risk_id"] for r in here})), "n_entries": len(here)})
    return rows


def _findings(a: Assessment) -> list[Finding]:
    reg = a.register
    out = [Finding("risk.n_rated", "Risk ratings in the register", len(reg), decimals=0, section=SECTION),
           Finding("risk.n_high_plus", "Ratings High or Very high", sum(r["band"] in HIGH_PLUS for r in reg),
                   decimals=0, section=SECTION),
           Finding("risk.n_very_high", "Ratings Very high", sum(r["band"] == "Very high" for r in reg), decimals=0,
                   section=SECTION),
           Finding("risk.bands", "Risk bands", ", ".join(f"{b} from {a.config.band_min.get(b, 1)}" for b in BANDS),
                   section=SECTION, extra={"min_score": {"Low": 1, **a.config.band_min}})]
    by_id = {c["risk_id"]: c for c in a.company}
    reasons = {x["risk_id"]: restored(x["why"]) if "why" in x else x["reason"] for x in a.not_rated}
    for rid in list(CATALOGUE) + sorted(set(by_id) - set(CATALOGUE)):
        c = by_id.get(rid)
        why = "" if c else reasons.get(rid, Reason(NOT_RATED))
        spread_why = Reason(RATED_COMPANY_WIDE) if c and c["n_high_departments"] is None else why
        out += [Finding(f"risk.{rid}.worst_band", f"{rid}: worst band", c and c["worst_band"], reason=why,
                        section=SECTION),
                Finding(f"risk.{rid}.weighted_score", f"{rid}: exposure-weighted mean score",
                        c and c["weighted_score"], reason=why, n=c and c["n_departments"], section=SECTION,
                        extra={"band": c and c["weighted_band"], "weighting": c and c["weighting"]}),
                Finding(f"risk.{rid}.n_high_departments", f"{rid}: departments High or Very high",
                        c and c["n_high_departments"], decimals=0, reason="" if c and c["n_high_departments"]
                        is not None else spread_why, section=SECTION)]
    return out


def _tables(a: Assessment) -> list[Table]:
    reg, cfg = a.register, a.config
    dept = sorted(({k: r[k] for k in ("department", "department_label", "risk_id", "likelihood", "impact", "score",
                                      "band")} for r in reg if r["scope"] == "department"),
                  key=lambda r: (r["department_label"], r["risk_id"]))
    source = {rid: "case" if rid in cfg.custom_criteria else CATALOGUE[rid].criteria_source for rid in CATALOGUE}
    crit = [{**r, "source": source[r["risk_id"]]} for r in criteria_rows(cfg.criteria)]
    return [
        Table("risk.matrix", "Likelihood x impact matrix", _cols(("likelihood", N_("Likelihood")), ("impact", N_("Impact")),
              ("score", N_("Score")), ("band", N_("Band")), ("risk_ids", N_("Risks")), ("n_entries", N_("Ratings"))),
              matrix_rows(reg, cfg.band_min), section=SECTION, note=COX_CAVEATS, n=len(reg)),
        Table("risk.department", "Risk score by department", _cols(("department", N_("Department id")),
              ("department_label", N_("Department")), ("risk_id", N_("Risk")), ("likelihood", N_("Likelihood")),
              ("impact", N_("Impact")), ("score", N_("Score")), ("band", N_("Band"))), dept, section=SECTION),
        Table("risk.company", "Company-level view of each risk", _cols(("risk_id", N_("Risk")), ("title", N_("Title")),
              ("scope", N_("Scope")), ("worst_band", N_("Worst band")), ("weighted_score", N_("Weighted mean score")),
              ("weighted_band", N_("Band of weighted mean")), ("n_departments", N_("Departments rated")),
              ("n_high_departments", N_("Departments High+")), ("weighting", N_("Weights"))), a.company, section=SECTION),
        Table("risk.criteria", "Indicator -> likelihood criteria", _cols(("risk_id", N_("Risk")),
              ("indicator_name", N_("Indicator")), ("from", N_("From (inclusive)")), ("to", N_("To (exclusive)")),
              ("likelihood", N_("Likelihood")), ("source", N_("Source"))), crit, section=SECTION),
        Table("risk.not_rated", "Risks that could not be rated", _cols(("risk_id", N_("Risk")), ("title", N_("Title")),
              ("department", N_("Department id")), ("department_label", N_("Department")), ("indicator_name", N_("Indicator")),
              ("reason", N_("Reason"))), a.not_rated, section=SECTION),
    ]


def run(case, indicators: dict) -> list[Finding | Table]:
    a = assess(case, indicators)
    return _findings(a) + _tables(a)


def run_from_findings(case, fs) -> list[Finding | Table]:
    """The registry's entry: each risk's driving indicator from the chapters' findings (indicators.py), the register
    records into fs.risks, then run() and the indicator table."""
    from ..indicators import indicator_table, risk_indicators

    ind = risk_indicators(case, fs)
    fs.risks[:] = register(case, ind)
    return run(case, ind) + [indicator_table(case, ind)]
