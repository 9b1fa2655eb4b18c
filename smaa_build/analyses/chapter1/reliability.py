"""M1: inter-coder reliability of the interview coding (percent agreement, Cohen's κ, Krippendorff's α).

Reliability unit = interviewee × activity × dimension; the subsample is every unit coded by two or more coders
other than "consensus". Multi-valued dimensions (purpose, …) are compared as sets: a coder's value for a unit is
the sorted set of the values they coded, treated as one nominal category.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ...findings import Finding, Table
from ...i18n import N_  # marks the notes and labels the report translates where it prints them
from ..reasons import ALPHA_UNDEFINED, KAPPA_CODERS, KAPPA_UNDEFINED, NO_DOUBLE_CODING, NO_INTERVIEWS_CODED, Reason

from .common import CONSENSUS, codes, convention, distinct_per, interviewees, is_missing, ordered

SECTION = "method"
KAPPA_MIN = 0.61
DOUBLE_CODED_SHARE = 0.20
DOUBLE_CODED_PER_FUNCTION = 2
INTENSITY_MAX = 3
LEVELS = {"use": "nominal", "intensity": "ordinal", "purpose": "nominal", "metric_category": "nominal",
          "collection_method": "nominal", "analysis_method": "nominal"}
DIMENSION_LABELS = {"use": N_("Use of SMI"), "intensity": N_("Intensity of use"),
                    "purpose": N_("Purpose (Simons' levers)"), "metric_category": N_("Metric family"),
                    "collection_method": N_("Collection method"), "analysis_method": N_("Analysis method")}
ALPHA_RELY, ALPHA_TENTATIVE = 0.800, 0.667  # Krippendorff (2004)

CONVENTIONS = [
    {"name": "reliability.kappa_min", "value": KAPPA_MIN,
     "source": "SMAA convention (methods.md M1: κ ≥ 0.61, 'substantial' in Landis & Koch 1977)"},
    {"name": "reliability.double_coded_share", "value": DOUBLE_CODED_SHARE,
     "source": "SMAA convention (methods.md M1; O'Connor & Joffe 2020 report 10–25% as common practice)"},
    {"name": "reliability.double_coded_per_function", "value": DOUBLE_CODED_PER_FUNCTION,
     "source": "SMAA convention (methods.md M1)"},
    {"name": "reliability.intensity_max", "value": INTENSITY_MAX,
     "source": "SMAA convention (codebook: intensity 0 none … 3 formalised; declared K = 4 for weighted κ)"},
]

# Thresholds taken as published (listed in the appendix; a case cannot override them)
LITERATURE = [
    {"name": "Krippendorff's α: rely on the coding", "value": f"≥ {ALPHA_RELY:.3f}",
     "source": "Krippendorff (2004), Content Analysis: An Introduction to Its Methodology, 2nd ed."},
    {"name": "Krippendorff's α: tentative conclusions only", "value": f"≥ {ALPHA_TENTATIVE:.3f}",
     "source": "Krippendorff (2004), Content Analysis: An Introduction to Its Methodology, 2nd ed."},
    {"name": "Cohen's κ bands", "value": "≤ 0.20 slight, ≤ 0.40 fair, ≤ 0.60 moderate, ≤ 0.80 substantial, "
                                         "above: almost perfect; < 0 poor",
     "source": "Landis & Koch (1977), Biometrics 33(1)"},
]

# ---------------------------------------------------------------- pure statistics

def _units(data) -> list[list]:
    """Coders × units matrix (None/NaN = missing) -> per unit the list of values present."""
    rows = [list(r) for r in data]
    width = max((len(r) for r in rows), default=0)
    return [[r[u] for r in rows if u < len(r) and not is_missing(r[u])] for u in range(width)]


def percent_agreement(data) -> float | None:
    """Share of pairable units (≥ 2 values) on which all coders gave the same code."""
    units = [u for u in _units(data) if len(u) >= 2]
    if not units:
        return None
    return sum(len(set(u)) == 1 for u in units) / len(units)


def _category_order(values: list, level: str) -> list:
    cats = set(values)
    if level == "nominal":
        return sorted(cats, key=lambda v: (str(type(v)), str(v)))
    return sorted(cats, key=float)


def coincidence_matrix(data, level: str = "nominal") -> tuple[list, np.ndarray]:
    """Krippendorff's coincidence matrix o_ck over pairable units: Σ_u pairs(c, k) / (m_u − 1)."""
    units = [u for u in _units(data) if len(u) >= 2]
    cats = _category_order([v for u in units for v in u], level)
    pos = {c: i for i, c in enumerate(cats)}
    o = np.zeros((len(cats), len(cats)))
    for u in units:
        v = np.bincount([pos[x] for x in u], minlength=len(cats)).astype(float)
        o += (np.outer(v, v) - np.diag(v)) / (len(u) - 1)
    return cats, o


def _delta2(cats: list, n_c: np.ndarray, level: str) -> np.ndarray:
    k = len(cats)
    if level == "nominal":
        return 1.0 - np.eye(k)
    if level == "interval":
        x = np.asarray(cats, dtype=float)
        return (x[:, None] - x[None, :]) ** 2
    if level == "ordinal":
        cum = np.concatenate([[0.0], np.cumsum(n_c)])
        i, j = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        return (cum[hi + 1] - cum[lo] - (n_c[i] + n_c[j]) / 2.0) ** 2
    raise ValueError(f"unknown level of measurement {level!r}")


def krippendorff_alpha(data, level: str = "nominal") -> float | None:
    """α = 1 − D_o/D_e from the coincidence matrix; None when undefined (fewer than 2 pairable values or no
    variation at all)."""
    cats, o = coincidence_matrix(data, level)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n < 2 or len(cats) < 2:
        return None
    d2 = _delta2(cats, n_c, level)
    d_o = (o * d2).sum() / n
    d_e = (np.outer(n_c, n_c) * d2).sum() / (n * (n - 1))
    return None if d_e == 0 else float(1.0 - d_o / d_e)


def pairable_values(data) -> int:
    return sum(len(u) for u in _units(data) if len(u) >= 2)


def _paired(a: Sequence, b: Sequence) -> list[tuple]:
    if len(a) != len(b):
        raise ValueError("the two coders must code the same units")
    return [(x, y) for x, y in zip(a, b) if not is_missing(x) and not is_missing(y)]


def cohen_kappa(a: Sequence, b: Sequence, categories: Sequence | None = None,
                weights: str | None = None) -> float | None:
    """Cohen's κ for two coders; weights None, "linear" or "quadratic". Weighted κ places each code at its
    position in the declared `categories` (so K is the declared K, not the observed one)."""
    pairs = _paired(a, b)
    if not pairs:
        return None
    cats = list(categories) if categories is not None else sorted({v for p in pairs for v in p}, key=str)
    pos = {c: i for i, c in enumerate(cats)}
    k = len(cats)
    obs = np.zeros((k, k))
    unknown = sorted({str(v) for p in pairs for v in p if v not in pos})
    if unknown:
        raise ValueError(f"codes {unknown} are not among the declared categories {cats}")
    for x, y in pairs:
        obs[pos[x], pos[y]] += 1
    obs /= obs.sum()
    exp = np.outer(obs.sum(axis=1), obs.sum(axis=0))
    w = _kappa_weights(k, weights)
    denom = (w * exp).sum()
    return None if denom == 0 else float(1.0 - (w * obs).sum() / denom)


def _kappa_weights(k: int, weights: str | None) -> np.ndarray:
    i, j = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
    if weights is None:
        return (i != j).astype(float)
    scale = max(k - 1, 1)
    if weights == "linear":
        return np.abs(i - j) / scale
    if weights == "quadratic":
        return ((i - j) / scale) ** 2
    raise ValueError(f"unknown kappa weights {weights!r}")


def landis_koch(kappa: float | None) -> str:
    """Landis & Koch (1977) band."""
    if kappa is None:
        return ""
    if kappa < 0:
        return "poor"
    for upper, band in ((0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial")):
        if kappa <= upper:
            return band
    return "almost perfect"


def krippendorff_flag(alpha: float | None, rely: float = ALPHA_RELY, tentative: float = ALPHA_TENTATIVE) -> str:
    """Krippendorff (2004): rely (≥ .800), tentative conclusions only (≥ .667), do not use (below)."""
    if alpha is None:
        return ""
    if alpha >= rely:
        return "reliable"
    return "tentative" if alpha >= tentative else "unreliable"


# ---------------------------------------------------------------- from codes.csv to reliability data

# Units are held as {(interviewee, activity, dimension): {coder: value}}, sorted by unit then coder: a few
# thousand codes, for which a pandas pivot and a groupby per unit cost far more than the counting.
Units = dict[tuple[str, str, str], dict[str, str]]


def reliability_units(coded: pd.DataFrame) -> Units:
    """Non-consensus codes -> per unit (interviewee, activity, dimension) each coder's value (multi-valued codes
    joined as a sorted set "a+b"); only units with ≥ 2 coders."""
    cols = ("interviewee_id", "activity", "dimension", "coder_id", "value")
    sets: dict = {}
    for pid, act, dim, coder, value in zip(*(coded[c].tolist() for c in cols)):
        if coder.lower() != CONSENSUS:
            sets.setdefault((pid, act, dim), {}).setdefault(coder, set()).add(value)
    return {unit: {c: "+".join(sorted(by_coder[c])) for c in sorted(by_coder)}
            for unit, by_coder in sorted(sets.items()) if len(by_coder) >= 2}


def _typed(value: str, level: str):
    if level == "nominal":
        return value
    try:
        return float(value)
    except ValueError:
        return None


def reliability_matrix(units: Units, level: str) -> tuple[list[str], list[list]]:
    """Coders × units matrix for one dimension's units (missing = None), coders and units in sorted order."""
    coders = sorted({c for by_coder in units.values() for c in by_coder})
    cells = [[by_coder.get(c) for by_coder in units.values()] for c in coders]
    return coders, [[None if v is None or is_missing(v) else _typed(v, level) for v in row] for row in cells]


def disagreements(units: Units) -> list[dict]:
    """Units whose coders disagree, for the reconciliation meeting."""
    return [{"interviewee_id": pid, "activity": act, "dimension": dim,
             "codes": "; ".join(f"{c}={v}" for c, v in by_coder.items())}
            for (pid, act, dim), by_coder in units.items() if len(set(by_coder.values())) > 1]


# ---------------------------------------------------------------- run

def _dimension_stats(units: Units, dim: str, cfg: dict) -> dict:
    level = LEVELS.get(dim, "nominal")
    coders, data = reliability_matrix(units, level)
    row = {"dimension": dim, "dimension_label": DIMENSION_LABELS.get(dim, dim), "metric": level,
           "units": sum(1 for u in _units(data) if len(u) >= 2), "coders": len(coders),
           "values": pairable_values(data), "agreement": percent_agreement(data),
           "alpha": krippendorff_alpha(data, level)}
    row["alpha_flag"] = krippendorff_flag(row["alpha"])
    row.update(_kappas(dim, coders, data, cfg))
    row["kappa_band"] = landis_koch(row["kappa_linear"] if level == "ordinal" else row["kappa"])
    return row


def _kappas(dim: str, coders: list, data: list, cfg: dict) -> dict:
    out = {"kappa": None, "kappa_linear": None, "kappa_quadratic": None, "kappa_reason": ""}
    if len(coders) != 2:
        out["kappa_reason"] = Reason(KAPPA_CODERS, n=len(coders))
        return out
    a, b = data
    if LEVELS.get(dim) == "ordinal":
        cats = [float(v) for v in range(int(cfg["intensity_max"]) + 1)]
        out["kappa"] = cohen_kappa(a, b, cats)
        out["kappa_linear"] = cohen_kappa(a, b, cats, "linear")
        out["kappa_quadratic"] = cohen_kappa(a, b, cats, "quadratic")
    else:
        out["kappa"] = cohen_kappa(a, b)
    if out["kappa"] is None:
        out["kappa_reason"] = Reason(KAPPA_UNDEFINED)
    return out


def _config(spec) -> dict:
    return {name.split(".", 1)[1]: convention(spec, name, default) for name, default in
            (("reliability.kappa_min", KAPPA_MIN), ("reliability.double_coded_share", DOUBLE_CODED_SHARE),
             ("reliability.double_coded_per_function", DOUBLE_CODED_PER_FUNCTION),
             ("reliability.intensity_max", INTENSITY_MAX))}


def _findings(row: dict, cfg: dict) -> list[Finding]:
    dim, n = row["dimension"], row["units"]
    name = row["dimension_label"]
    alpha_reason = "" if row["alpha"] is not None else Reason(ALPHA_UNDEFINED)
    kappa_main = row["kappa_linear"] if row["metric"] == "ordinal" else row["kappa"]
    out = [
        Finding(f"reliability.alpha.{dim}", f"Krippendorff's α ({row['metric']}): {name}", row["alpha"], n=n,
                decimals=3, reason=alpha_reason, section=SECTION,
                extra={"metric": row["metric"], "coders": row["coders"], "values": row["values"],
                       "flag": row["alpha_flag"]}),
        Finding(f"reliability.agreement.{dim}", f"Percent agreement: {name}", row["agreement"], unit="share",
                n=n, decimals=3, section=SECTION),
        Finding(f"reliability.kappa.{dim}", f"Cohen's κ: {name}", row["kappa"], n=n, decimals=3,
                reason=row["kappa_reason"], section=SECTION,
                extra={"band": landis_koch(row["kappa"]), "meets_minimum": _meets(kappa_main, cfg["kappa_min"]),
                       "minimum_applies_to": "kappa_linear" if row["metric"] == "ordinal" else "kappa"}),
    ]
    if row["metric"] == "ordinal":
        for w in ("linear", "quadratic"):
            v = row[f"kappa_{w}"]
            out.append(Finding(f"reliability.kappa_{w}.{dim}", f"Cohen's κ ({w} weights): {name}", v, n=n,
                               decimals=3, reason=row["kappa_reason"], section=SECTION,
                               extra={"band": landis_koch(v), "categories": int(cfg["intensity_max"]) + 1}))
    return out


def _meets(value, threshold) -> bool | None:
    return None if value is None else bool(value >= threshold)


def _coverage(coded: pd.DataFrame, units: Units, people: pd.DataFrame, cfg: dict) -> Finding:
    total = coded.loc[coded["coder_id"].str.lower() == CONSENSUS, "interviewee_id"].nunique()
    total = total or people["interviewee_id"].nunique()
    double = {pid for pid, _, _ in units}
    share = len(double) / total if total else None
    twice = people[people["interviewee_id"].isin(double)]
    per_fn = distinct_per(twice["function"].tolist(), twice["interviewee_id"].tolist())
    short = sorted(f for f in people["function"].unique() if per_fn.get(f, 0) < cfg["double_coded_per_function"])
    meets = share is not None and share >= cfg["double_coded_share"] and not short
    return Finding("reliability.coverage", "Share of interviews double-coded", share, unit="share", n=total,
                   decimals=3, reason="" if share is not None else Reason(NO_INTERVIEWS_CODED), section=SECTION,
                   extra={"double_coded": len(double), "meets_convention": meets,
                          "functions_below_minimum": short})


SUMMARY_COLUMNS = [
    {"name": "dimension_label", "label": N_("Dimension"), "kind": "text"},
    {"name": "metric", "label": N_("Level"), "kind": "text"},
    {"name": "units", "label": N_("Units"), "kind": "int", "keep_when_suppressed": True},
    {"name": "coders", "label": N_("Coders"), "kind": "int"},
    {"name": "agreement", "label": N_("Agreement"), "kind": "percent", "decimals": 1},
    {"name": "kappa", "label": N_("κ"), "kind": "number", "decimals": 3},
    {"name": "kappa_linear", "label": N_("κ linear"), "kind": "number", "decimals": 3},
    {"name": "kappa_band", "label": N_("κ band (Landis–Koch)"), "kind": "text"},
    {"name": "alpha", "label": N_("α"), "kind": "number", "decimals": 3},
    {"name": "alpha_flag", "label": N_("Use"), "kind": "text"},
]
DISAGREEMENT_COLUMNS = [
    {"name": "interviewee_id", "label": N_("Interviewee"), "kind": "text"},
    {"name": "activity", "label": N_("Activity"), "kind": "text"},
    {"name": "dimension", "label": N_("Dimension"), "kind": "text"},
    {"name": "codes", "label": N_("Codes by coder"), "kind": "text"},
]


def run(case) -> list[Finding | Table]:
    coded = codes(case)
    cfg = _config(case.spec)
    units = reliability_units(coded)
    people = interviewees(case)
    out: list = [_coverage(coded, units, people, cfg)]
    dims = ordered({dim for _, _, dim in units}, list(LEVELS))
    if not dims:
        reason = Reason(NO_DOUBLE_CODING)
        return out + [Finding(f"reliability.alpha.{d}", f"Krippendorff's α: {DIMENSION_LABELS[d]}", None,
                              reason=reason, section=SECTION) for d in ("use", "intensity")]
    rows = []
    for dim in dims:
        row = _dimension_stats({u: v for u, v in units.items() if u[2] == dim}, dim, cfg)
        out += _findings(row, cfg)
        rows.append({c["name"]: row.get(c["name"]) for c in SUMMARY_COLUMNS} | {"dimension": dim})
    out.append(Table("reliability.summary", "Inter-coder reliability by dimension",
                     [{"name": "dimension", "label": N_("Dimension id"), "kind": "text"}, *SUMMARY_COLUMNS], rows,
                     section=SECTION, n=len({pid for pid, _, _ in units}),
                     note="α nominal for categorical dimensions, ordinal for intensity; κ for two coders "
                          "(linear weights for intensity). α ≥ .800 reliable, ≥ .667 tentative (Krippendorff 2004)."))
    dis = disagreements(units)
    out.append(Table("reliability.disagreements", "Coding disagreements for the reconciliation meeting",
                     DISAGREEMENT_COLUMNS, dis, section=SECTION, n=len(dis),
                     note="Internal working list: pseudonymous ids; not for the client report."))
    return out
