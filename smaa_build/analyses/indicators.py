"""Derived indicators: the company's metric vector for benchmarking (M6) and the driving indicator of each
catalogue risk (M7), built from what the chapters computed before them; benchmark, risk and recommend read them
in their own registry entries (`run_from_findings`).

Benchmark metric (reference-set column) <- finding:
    hdi <- diffusion.company.hdi; vdi <- vertical.company.vdi; hi <- diffusion.company.hi;
    vai <- alignment.company.vai; kpi_jaccard <- alignment.kpi_jaccard_mean; manual_share <- mapping.manual_share.

Risk indicator: company value; per department (organisation function) where the data allow:
    vai (R1)                 alignment.company.vai; per function 1 - |mean management - mean operations| / scale
                             range, averaged over items (the M4.3 formula on that function's ratings)
    kpi_jaccard_mean (R2)    alignment.kpi_jaccard_mean; per function the mean J of its pairs in alignment.kpi_jaccard
    manual_share (R3)        mapping.manual_share; per function the same share of SMI uses with a manual code (M5)
    evaluation_misuse (R5)   share of SMI uses that serve the evaluation activities x (1 - SMI data-quality score,
                             the mean 0-1 score of the SMI rows of quality.profile); company and function
    gini_intensity (R7)      Gini (M2 formula) of each interviewee's mean intensity, once diffusion has run
    governance_coverage (R4), escalation_latency_h (R6), privacy_controls_share (R8): coded by the researchers from
                             the interviews, read from case.yaml `risks.indicators` (which may also replace any
                             computed indicator, e.g. {vai: {value: 0.55, n: 30, evidence: [INT-1], departments: {}}})

Department breakdowns are computed only when the chapter's company finding exists. An indicator whose chapter did
not run comes back as {"value": None, "reason": ...}, so the register says plainly why a risk could not be rated;
nothing is imputed. A department value resting on fewer than k_min people is passed on flagged, and the register
withholds it (the rating stays, M12).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..findings import Finding, Table

from .chapter1 import mapping
from . import disclosure as sdc
from .reasons import (CODED_NOT_RECORDED, COULD_NOT_COMPUTE, INTENSITY, KPI_OVERLAP, MANUAL_SHARE, NEEDS_QUALITY, NO_INTENSITY,
                      NO_VALUE, NOBODY_USES, NOT_AVAILABLE, NOT_COMPUTED_FOR_CASE, USE_BY_ACTIVITY, VAI, Reason, restored)
from .chapter1.common import consensus_codes, interviewees, management_levels, org_ids, rating_scale, use_units
from .chapter1.diffusion import gini
from .risk.catalogue import CATALOGUE, RiskConfigError

SECTION = "risk"
EVALUATION_ACTIVITIES = ("evaluation",)
CODED = ("governance_coverage", "escalation_latency_h", "privacy_controls_share")
BENCHMARK_SOURCES = {"hdi": "diffusion.company.hdi", "vdi": "vertical.company.vdi", "hi": "diffusion.company.hi",
                     "vai": "alignment.company.vai", "kpi_jaccard": "alignment.kpi_jaccard_mean",
                     "manual_share": "mapping.manual_share"}

CONVENTIONS = [
    {"name": "indicators.evaluation_activities", "value": ", ".join(EVALUATION_ACTIVITIES),
     "source": "SMAA convention (activities whose SMI use counts as evaluation/incentives for R5; "
               "risks.evaluation_activities overrides)"},
    {"name": "indicators.data_quality_score", "value": "mean of the 0-1 scores of the SMI rows of the data-quality "
     "profile", "source": "SMAA convention (R5 indicator, methods.md M7/M8)"},
]


# ---------------------------------------------------------------- helpers


def _found(fs, key: str) -> Finding | None:
    """A finding that was computed (possibly suppressed), else None."""
    f = fs.findings.get(key)
    return f if f is not None and f.value is not None else None


def _missing(reason: str) -> dict:
    return {"value": None, "n": None, "reason": reason}


def _chapter_reason(fs, key: str, what: str) -> str:
    f = fs.findings.get(key)
    if f is None:
        return Reason(NOT_COMPUTED_FOR_CASE, what=Reason(what))
    stored = (f.extra or {}).get("why")  # the finding's own reason as a message, when the analysis wrote one
    inner = restored(stored) if stored else f.reason or Reason(NO_VALUE)
    return Reason(COULD_NOT_COMPUTE, what=Reason(what), reason=inner)


def _from_finding(f: Finding) -> dict:
    return {"value": float(f.value), "n": f.n, "suppressed": bool(f.suppressed), "source": f.key}


def _people(case) -> pd.DataFrame:
    return interviewees(case)


def _withheld(n: int, unique: bool, case) -> bool:
    """M12 for a whole-function figure: threshold, and the unique-role rule only under scope "any"."""
    scope_any = sdc.unique_role_scope(case.spec) == "any"
    return not sdc.publishable(n, unique and scope_any, case.k_min)


def _dept(value, ids, case, unique: bool = False, reason: str = "", group: int | None = None) -> dict:
    """A department's indicator entry. Without a value, `reason` describes the department's `group` people (default:
    those in `ids`), e.g. "nobody in this function uses SMI": withheld like a value when they are too few (M12)."""
    ids = sorted(set(ids))
    if value is None:
        if _withheld(len(ids) if group is None else group, unique, case):
            return {"value": None, "n": len(ids), "suppressed": True, "reason": sdc.WITHHELD}
        return {"value": None, "n": len(ids), "reason": reason}
    hidden = _withheld(len(ids), unique, case)
    return {"value": float(value), "n": len(ids), "suppressed": hidden, "evidence": [] if hidden else ids}


def _functions(case) -> list[str]:
    return org_ids(case.spec, "functions")


# ---------------------------------------------------------------- R1 vertical alignment by function


def vai_of(scores: pd.DataFrame, lo: float, hi: float) -> float | None:
    """Mean over items of 1 - |mean(management) - mean(operations)| / (hi - lo); items need both sides."""
    vals = []
    for _, s in scores.groupby("item", sort=True):
        m, o = s.loc[s["side"] == sdc.MANAGEMENT, "score"], s.loc[s["side"] == sdc.OPERATIONS, "score"]
        if len(m) and len(o):
            vals.append(1.0 - abs(m.mean() - o.mean()) / (hi - lo))
    return float(np.mean(vals)) if vals else None


def _ratings(case) -> pd.DataFrame:
    r = case.tables["ratings"]
    r = pd.DataFrame({"interviewee_id": r["interviewee_id"].astype(str), "item": r["item"].astype(str),
                      "score": pd.to_numeric(r["score"], errors="coerce")}).dropna(subset=["score"])
    r = r.merge(_people(case), on="interviewee_id", how="inner")
    return r.assign(side=sdc.collapse_levels(r["level"], management_levels(case.spec)))


def vai_indicator(case, fs) -> dict:
    f = _found(fs, "alignment.company.vai")
    if f is None:
        return _missing(_chapter_reason(fs, "alignment.company.vai", VAI))
    out = _from_finding(f)
    if not case.has("ratings"):
        return out
    r = _ratings(case)
    lo, hi = rating_scale(case.spec)
    depts = {}
    for fid, s in r.groupby("function", sort=True):
        sides = {side: sorted(set(p["interviewee_id"])) for side, p in s.groupby("side")}
        unique = {side: bool(p["unique_role"].any()) for side, p in s.groupby("side")}
        value = vai_of(s, lo, hi)
        missing = "no management ratings" if sdc.MANAGEMENT not in sides else "no operations ratings"
        entry = _dept(value, s["interviewee_id"], case, unique=bool(s["unique_role"].any()),
                      reason=f"{missing} in this function")
        if value is not None:
            entry["suppressed"] = any(_withheld(len(sides[x]), unique[x], case) for x in sides)
            entry["evidence"] = [] if entry["suppressed"] else entry["evidence"]
        depts[fid] = entry
    return {**out, "departments": depts}


# ---------------------------------------------------------------- R2 KPI overlap by function


def function_jaccard(rows: list[dict]) -> dict[str, tuple[float, int]]:
    """Function -> (mean J over its pairs with a defined J, its number of KPI-naming interviewees)."""
    vals, sizes = {}, {}
    for row in rows:
        for side, other in (("a", "b"), ("b", "a")):
            fid = row[f"function_{side}"]
            sizes[fid] = row[f"n_{side}"]
            if row.get("jaccard") is not None:
                vals.setdefault(fid, []).append(float(row["jaccard"]))
    return {fid: (float(np.mean(vals[fid])), int(sizes[fid])) for fid in sorted(vals)}


def jaccard_indicator(case, fs) -> dict:
    f = _found(fs, "alignment.kpi_jaccard_mean")
    if f is None:
        return _missing(_chapter_reason(fs, "alignment.kpi_jaccard_mean", KPI_OVERLAP))
    out = _from_finding(f)
    table = fs.tables.get("alignment.kpi_jaccard")
    if table is None or not case.has("kpis"):
        return out
    kpis = case.tables["kpis"]
    people = _people(case).set_index("interviewee_id")["unique_role"]
    depts = {}
    for fid, (value, _n) in function_jaccard(table.rows).items():
        ids = kpis.loc[kpis["function"].astype(str) == fid, "interviewee_id"].astype(str)
        depts[fid] = _dept(value, ids, case, unique=bool(people.reindex(ids.unique()).fillna(False).any()))
    return {**out, "departments": depts}


# ---------------------------------------------------------------- R3 manual collection


def collection_units(case) -> pd.DataFrame:
    """Consensus collection_method codes of SMI uses (units coded as not using SMI left out, as mapping does),
    with the interviewee's own function (not merged into "other": the register withholds small departments)."""
    cons = consensus_codes(case)
    rows = cons[cons["dimension"] == "collection_method"][["interviewee_id", "activity", "value"]]
    uses = use_units(case)[["interviewee_id", "activity", "use"]]
    rows = rows.merge(uses, on=["interviewee_id", "activity"], how="left")
    rows = rows[rows["use"] != 0].drop(columns="use")
    return rows.merge(_people(case)[["interviewee_id", "function", "unique_role"]], on="interviewee_id", how="inner")


def manual_indicator(case, fs) -> dict:
    f = _found(fs, "mapping.manual_share")
    if f is None:
        return _missing(_chapter_reason(fs, "mapping.manual_share", MANUAL_SHARE))
    units = collection_units(case)
    depts = {fid: _dept(mapping.manual_share(s), s["interviewee_id"], case, unique=bool(s["unique_role"].any()))
             for fid, s in units.groupby("function", sort=True)}
    return {**_from_finding(f), "departments": depts}


# ---------------------------------------------------------------- R5 evaluation use x low data quality


def smi_quality_score(fs) -> float | None:
    t = fs.tables.get("quality.profile")
    scores = [r["score"] for r in (t.rows if t else []) if r.get("source") == "smi" and r.get("score") is not None]
    return float(np.mean(scores)) if scores else None


def evaluation_share(units: pd.DataFrame, activities) -> float | None:
    """Share of SMI uses (use = 1 for an interviewee x activity) that are for the evaluation activities."""
    used = units[units["use"] == 1]
    return float(used["activity"].isin(activities).mean()) if len(used) else None


def misuse_indicator(case, fs) -> dict:
    acts = [a for a in case.settings.risks.get("evaluation_activities", EVALUATION_ACTIVITIES)]
    dq = smi_quality_score(fs)
    if dq is None:
        return _missing(Reason(NEEDS_QUALITY))
    if _found(fs, "diffusion.company.hi") is None:
        return _missing(_chapter_reason(fs, "diffusion.company.hi", USE_BY_ACTIVITY))
    if not set(acts) & set(org_ids(case.spec, "activities")):
        return _missing(f"no evaluation activity ({', '.join(acts)}) among organisation.activities; "
                        "name it in risks.evaluation_activities")
    units = use_units(case)
    share = evaluation_share(units, acts)
    if share is None:
        return _missing(Reason(NOBODY_USES))
    users = units[units["use"] == 1]
    depts = {}
    for fid, s in units.groupby("function", sort=True):
        e = evaluation_share(s, acts)
        depts[fid] = _dept(None if e is None else e * (1 - dq), users.loc[users["function"] == fid, "interviewee_id"],
                           case, unique=bool(s["unique_role"].any()), reason="nobody in this function uses SMI",
                           group=int(s["interviewee_id"].nunique()))
    return {"value": share * (1 - dq), "n": int(users["interviewee_id"].nunique()), "departments": depts,
            "source": "codes: use x quality.profile", "extra": {"evaluation_share": share, "quality_score": dq}}


# ---------------------------------------------------------------- R7 key-person concentration


def intensity_gini(units: pd.DataFrame) -> tuple[float | None, int]:
    """Gini of each interviewee's mean coded intensity (M2 population formula) and the number of interviewees."""
    per_person = units.dropna(subset=["intensity"]).groupby("interviewee_id")["intensity"].mean()
    return gini(per_person.to_numpy()), int(per_person.size)


def gini_indicator(case, fs) -> dict:
    if _found(fs, "diffusion.company.hi") is None:
        return _missing(_chapter_reason(fs, "diffusion.company.hi", INTENSITY))
    value, n = intensity_gini(use_units(case))
    if value is None:
        return _missing(Reason(NO_INTENSITY))
    return {"value": value, "n": n, "source": "codes: intensity"}


# ---------------------------------------------------------------- assembling


def researcher_indicators(case) -> dict:
    raw = case.settings.risks.get("indicators") or {}
    known = {r.indicator for r in CATALOGUE.values()}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise RiskConfigError(f"risks.indicators: unknown indicator(s) {', '.join(unknown)}; known are "
                                   f"{', '.join(sorted(known))}")
    return {name: {**(e if isinstance(e, dict) else {"value": e}), "source": "researcher (risks.indicators)"}
            for name, e in raw.items()}


def risk_indicators(case, fs) -> dict:
    """Indicator name -> entry for risk.run / risk.register (see risk.py for the entry format)."""
    out = {"vai": vai_indicator(case, fs), "kpi_jaccard_mean": jaccard_indicator(case, fs),
           "manual_share": manual_indicator(case, fs), "evaluation_misuse": misuse_indicator(case, fs),
           "gini_intensity": gini_indicator(case, fs)}
    for name in CODED:
        # recorded by the researchers under risks.indicators.<name>; the reason is read by the client
        out[name] = _missing(Reason(CODED_NOT_RECORDED))
    out.update(researcher_indicators(case))
    return out


def company_metrics(fs) -> dict:
    """Benchmark metric -> the company's value (None when not computed or withheld)."""
    out = {}
    for metric, key in BENCHMARK_SOURCES.items():
        f = _found(fs, key)
        out[metric] = None if f is None or f.suppressed else float(f.value)
    return out


INDICATOR_COLUMNS = [
    {"name": "risk_id", "label": "Risk", "kind": "text"},
    {"name": "indicator", "label": "Indicator id", "kind": "text"},
    {"name": "label", "label": "Indicator", "kind": "text"},
    {"name": "value", "label": "Company value", "kind": "number", "decimals": 2},
    {"name": "n", "label": "n", "kind": "int"},
    {"name": "departments", "label": "Departments with a value", "kind": "int"},
    {"name": "source", "label": "Source", "kind": "text"},
    {"name": "reason", "label": "Why not available", "kind": "text"},
]


def indicator_table(case, indicators: dict) -> Table:
    k_min, rows = case.k_min, []
    for r in CATALOGUE.values():
        e = indicators.get(r.indicator) or _missing(Reason(NOT_AVAILABLE))
        depts = e.get("departments") or {}
        hidden = bool(e.get("suppressed")) or (e.get("n") is not None and e["n"] < k_min)
        rows.append({"risk_id": r.id, "indicator": r.indicator, "label": r.indicator_label,
                     "value": None if hidden else e.get("value"), "n": None if hidden else e.get("n"),
                     "departments": sum(d.get("value") is not None for d in depts.values()),
                     "source": e.get("source", ""), "reason": e.get("reason", "") if e.get("value") is None else
                     ("withheld for confidentiality" if hidden else "")})
    return Table("indicators.risk", "Driving indicator of each catalogue risk", INDICATOR_COLUMNS, rows,
                 section=SECTION, note="Company values; department values are in the register.")
