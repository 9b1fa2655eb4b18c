"""M4 alignment: within-group agreement (r_wg, r_wg(J), AD_M), between-group differentiation (ICC(1), ICC(2)),
the vertical alignment gap (VAI with a permutation test); KPI overlap (Jaccard) and the reporting-flow network
live in silos.py (M4.4) and are run from here.

Groups are published under M12: functions below k_min are merged into "other", levels are collapsed into
management / operations (organisation.management_levels), and each item's column of groups gets complementary
suppression. ICC and the network figures are whole-sample statistics (n = everyone rated / every flow).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...findings import Finding, Table, columns
from ...i18n import N_  # marks the notes and labels the report translates where it prints them

from .. import disclosure as sdc
from ..reasons import FEW_RATINGS, NO_ITEM_PUBLISHED, NO_RATING_MATCH, NO_RATINGS, NO_SIDE_RATINGS, Reason
from . import silos
from .common import (convention, distinct_per, interviewees, management_levels, org_labels, positions, rating_scale,
                     table)
from .gap import EXACT_MAX, N_PERMUTATIONS, SEED, VAI_ALIGNED, VAI_PARTIAL, permutation_test, vai, vai_band  # M4.3 API
from .silos import flow_network, jaccard, jaccard_band, jaccard_pairs, mean_jaccard  # noqa: F401  (M4.4 API)

SECTION = "alignment"

CONVENTIONS = [
    {"name": "alignment.vai_aligned", "value": VAI_ALIGNED, "source": "SMAA convention (methods.md M4.3: VAI ≥ 0.80)"},
    {"name": "alignment.vai_partial", "value": VAI_PARTIAL,
     "source": "SMAA convention (methods.md M4.3: 0.60–0.80 partial, < 0.60 misaligned)"},
    {"name": "alignment.exact_permutation_max", "value": EXACT_MAX,
     "source": "SMAA convention (methods.md M4.3: enumerate all splits up to 20 000)"},
    {"name": "alignment.permutations", "value": N_PERMUTATIONS,
     "source": "SMAA convention (methods.md M4.3: random permutations beyond that; p = (b+1)/(m+1))"},
    {"name": "alignment.permutation_seed", "value": SEED, "source": "SMAA convention (fixed seed: reproducible p)"},
    {"name": "alignment.sigma2_null", "value": "uniform",
     "source": "SMAA convention (methods.md M4.1: uniform null (A²−1)/12; a number overrides it, LeBreton & "
               "Senter 2008 Table 2)"},
    *silos.CONVENTIONS,
]

# Thresholds taken as published (listed in the appendix; a case cannot override them)
RWG_BANDS = ((0.30, "lack of agreement"), (0.50, "weak"), (0.70, "moderate"), (0.90, "strong"))
LITERATURE = [
    {"name": "r_wg(J) agreement bands",
     "value": ", ".join(f"≤ {u:.2f} {name}" for u, name in RWG_BANDS) + ", above: very strong",
     "source": "LeBreton & Senter (2008), Organizational Research Methods 11(4)"},
    {"name": "AD_M acceptable agreement", "value": "AD_M ≤ A/6 (A response options)",
     "source": "Burke & Dunlap (2002), Organizational Research Methods 5(2)"},
]


# ---------------------------------------------------------------- M4.1 within-group agreement

def uniform_null(n_options: int) -> float:
    """σ²_EU = (A² − 1)/12."""
    return (n_options**2 - 1) / 12.0


def _null(n_options: int | None, sigma2_null: float | None) -> float:
    if sigma2_null is not None:
        return float(sigma2_null)
    if n_options is None:
        raise ValueError("give the number of response options or sigma2_null")
    return uniform_null(n_options)


def rwg(scores, n_options: int | None = None, sigma2_null: float | None = None) -> float | None:
    """r_wg = 1 − s²/σ²_null, truncated to [0, 1]; None with fewer than 2 scores."""
    x = np.asarray(scores, dtype=float)
    if x.size < 2:
        return None
    return float(min(1.0, max(0.0, 1.0 - x.var(ddof=1) / _null(n_options, sigma2_null))))


def rwg_j(item_variances, n_options: int | None = None, sigma2_null: float | None = None) -> float | None:
    """r_wg(J) = J(1 − s̄²/σ²) / [J(1 − s̄²/σ²) + s̄²/σ²]; 0 when s̄² ≥ σ² (LeBreton & Senter 2008)."""
    v = np.asarray(item_variances, dtype=float)
    v = v[~np.isnan(v)]
    if v.size == 0:
        return None
    ratio = v.mean() / _null(n_options, sigma2_null)
    if ratio >= 1:
        return 0.0
    j = v.size
    return float(j * (1 - ratio) / (j * (1 - ratio) + ratio))


def ad_m(scores) -> float | None:
    """Average deviation from the mean, Σ|x − x̄|/n (Burke, Finkelstein & Dusig 1999)."""
    x = np.asarray(scores, dtype=float)
    return float(np.abs(x - x.mean()).mean()) if x.size else None


def ad_acceptable(ad: float | None, n_options: int) -> bool | None:
    """AD_M ≤ A/6 (Burke & Dunlap 2002)."""
    return None if ad is None else bool(ad <= n_options / 6.0 + 1e-12)


def rwg_band(r: float | None) -> str:
    """LeBreton & Senter (2008) bands."""
    if r is None:
        return ""
    r = round(r, 9)  # a value on a band edge must not change band with the summation order of its variance
    for upper, name in RWG_BANDS:
        if r <= upper:
            return name
    return "very strong"


# ---------------------------------------------------------------- M4.2 between-group differentiation

def anova(groups) -> dict | None:
    """One-way ANOVA pieces for ICC; None with fewer than 2 groups or no within-group degrees of freedom."""
    gs = [np.asarray(g, dtype=float) for g in groups if len(g)]
    n_total, k = sum(g.size for g in gs), len(gs)
    if k < 2 or n_total <= k:
        return None
    grand = np.concatenate(gs).mean()
    ssb = sum(g.size * (g.mean() - grand) ** 2 for g in gs)
    ssw = sum(((g - g.mean()) ** 2).sum() for g in gs)
    k_bar = (n_total - sum(g.size**2 for g in gs) / n_total) / (k - 1)
    return {"groups": k, "n": n_total, "ssb": ssb, "ssw": ssw, "msb": ssb / (k - 1), "msw": ssw / (n_total - k),
            "k_bar": k_bar}


def icc(groups) -> tuple[float | None, float | None]:
    """ICC(1) = (MSB − MSW)/(MSB + (k̄ − 1)MSW), ICC(2) = (MSB − MSW)/MSB (Bliese 2000)."""
    a = anova(groups)
    if a is None:
        return None, None
    msb, msw = a["msb"], a["msw"]
    d1 = msb + (a["k_bar"] - 1) * msw
    return (None if d1 == 0 else float((msb - msw) / d1)), (None if msb == 0 else float((msb - msw) / msb))


# ---------------------------------------------------------------- run

def _config(spec) -> dict:
    names = (("vai_aligned", VAI_ALIGNED), ("vai_partial", VAI_PARTIAL), ("exact_permutation_max", EXACT_MAX),
             ("permutations", N_PERMUTATIONS), ("permutation_seed", SEED), ("sigma2_null", "uniform"))
    cfg = {k: convention(spec, f"alignment.{k}", d) for k, d in names}
    cfg["sigma2"] = None if cfg["sigma2_null"] in (None, "uniform") else float(cfg["sigma2_null"])
    return cfg


def _ratings(case) -> pd.DataFrame:
    people = interviewees(case)
    r = table(case, "ratings")
    r = pd.DataFrame({"interviewee_id": r["interviewee_id"].astype(str), "item": r["item"].astype(str),
                      "score": pd.to_numeric(r["score"], errors="coerce")}).dropna(subset=["score"])
    r = r.merge(people, on="interviewee_id", how="inner")
    published = sdc.function_groups(r[["interviewee_id", "function"]].drop_duplicates(), case.spec, case.k_min)
    fmap = dict(zip(r[["interviewee_id", "function"]].drop_duplicates()["interviewee_id"], published))
    return r.assign(function_group=r["interviewee_id"].map(fmap),
                    level_group=sdc.collapse_levels(r["level"], management_levels(case.spec)))


def _group_stats(df: pd.DataFrame, col: str, a: int, sigma2: float | None) -> pd.DataFrame:
    rows, scores = [], df["score"].to_numpy()
    for (g, item), pos in positions(list(zip(df[col].tolist(), df["item"].tolist()))).items():
        x = scores[pos]
        r, ad = rwg(x, a, sigma2), ad_m(x)
        rows.append({col: g, "item": item, "mean": float(x.mean()), "sd": float(x.std(ddof=1)) if x.size > 1 else None,
                     "variance": float(x.var(ddof=1)) if x.size > 1 else None, "rwg": r, "ad_m": ad,
                     "ad_ok": ad_acceptable(ad, a), "band": rwg_band(r)})
    return pd.DataFrame(rows)


GROUP_TYPES = (("function", "function_group"), ("level", "level_group"))


def _labels(spec) -> dict[str, str]:
    return {**org_labels(spec, "functions"), sdc.OTHER: "Other functions", sdc.MANAGEMENT: "Management",
            sdc.OPERATIONS: "Operations"}


def rwg_cells(r: pd.DataFrame, spec, k_min: int, a: int, sigma2) -> pd.DataFrame:
    """Per published group × item: n, mean, sd, r_wg, AD_M with M12 suppression (complementary per item)."""
    scope, parts = sdc.unique_role_scope(spec), []
    for gtype, col in GROUP_TYPES:
        cells = sdc.group_cells(r, [col, "item"], scope).merge(_group_stats(r, col, a, sigma2), on=[col, "item"])
        parts.append(cells.rename(columns={col: "group"}).assign(group_type=gtype))
    cells = pd.concat(parts, ignore_index=True)
    cells["line"] = cells["group_type"] + "|" + cells["item"]
    return sdc.suppress_table(cells, k_min, lines=["line"], keys=["group_type", "group", "item"])


def _rwgj_findings(r: pd.DataFrame, cells: pd.DataFrame, spec, k_min: int, a: int, sigma2) -> tuple[list, list]:
    out, rows, labels = [], [], _labels(spec)
    ids, flags = r["interviewee_id"].tolist(), r["unique_role"].tolist()
    for gtype, col in GROUP_TYPES:
        mine = cells[cells["group_type"] == gtype]
        variances, members = mine["variance"].tolist(), positions(r[col].tolist())
        for g, pos in positions(mine["group"].tolist()).items():
            people = members.get(g, [])
            n = len({ids[i] for i in people})
            unique = sdc.unique_role_applies([col], sdc.unique_role_scope(spec)) and any(flags[i] for i in people)
            rated = [variances[i] for i in pos if variances[i] == variances[i]]  # NaN: fewer than 2 ratings
            value = rwg_j(rated, a, sigma2)
            hidden = not sdc.publishable(n, unique, k_min)
            # "fewer than 2 ratings per item" about a group that is withheld would describe it: withheld too
            why = "" if value is not None else sdc.WITHHELD if hidden else Reason(FEW_RATINGS)
            out.append(Finding(f"alignment.rwgj.{gtype}.{g}", f"Within-group agreement r_wg(J): {labels.get(g, g)}",
                               value, n=n, decimals=2, suppressed=hidden, section=SECTION, reason=why,
                               extra={"items": len(rated), "band": rwg_band(value)}))
            rows.append({"group_type": gtype, "group": g, "group_label": labels.get(g, g), "n": n,
                         "items": len(rated), "rwg_j": value, "band": rwg_band(value),
                         "suppressed": hidden})
    return out, rows


def _icc_findings(r: pd.DataFrame, k_min: int) -> tuple[list, list]:
    out, rows = [], []
    scores, ids, items = r["score"].to_numpy(), r["interviewee_id"].tolist(), positions(r["item"].tolist())
    for grouping in ("function", "level"):
        keys = r[grouping].tolist()
        for item, pos in items.items():
            groups = [scores[[pos[j] for j in sub]] for sub in positions([keys[i] for i in pos]).values()]
            a, (i1, i2) = anova(groups), icc(groups)
            n = len({ids[i] for i in pos})
            reason = "" if i1 is not None else f"needs ratings from at least 2 {grouping}s and more people than groups"
            for key, v in (("icc1", i1), ("icc2", i2)):
                out.append(Finding(f"alignment.{key}.{grouping}.{item}", f"{key.upper()[:3]}({key[-1]}) by {grouping}: {item}",
                                   v, n=n, decimals=3, reason=reason, suppressed=n < k_min, section=SECTION,
                                   extra={"groups": len(groups)}))
            rows.append({"grouping": grouping, "item": item, "n": n, "groups": len(groups),
                         "msb": a and a["msb"], "msw": a and a["msw"], "icc1": i1, "icc2": i2,
                         "suppressed": n < k_min})
    return out, rows


def _vai_row(scores: np.ndarray, sides: list[str], unique: list[bool], spec, k_min: int, cfg: dict,
             memo: dict) -> dict:
    """One item: its scores with each rating's side (management / operations) and unique-role flag."""
    lo, hi = rating_scale(spec)
    by_side = positions(sides)
    m, o = scores[by_side.get(sdc.MANAGEMENT, [])], scores[by_side.get(sdc.OPERATIONS, [])]
    applies = sdc.unique_role_applies(["level_group"], sdc.unique_role_scope(spec))
    flags = {g: applies and any(unique[i] for i in pos) for g, pos in by_side.items()}
    row = {"n_management": int(m.size), "n_operations": int(o.size), "mean_management": _mean(m),
           "mean_operations": _mean(o), "delta": None, "vai": None, "p": None, "method": "", "reason": ""}
    if not m.size or not o.size:
        present = sdc.MANAGEMENT if m.size else sdc.OPERATIONS
        hidden, row["reason"] = sdc.described(Reason(NO_SIDE_RATINGS["management" if not m.size else "operations"]),
                                              max(m.size, o.size), flags.get(present, False), k_min)
        return row | {"suppressed": hidden}
    test = permutation_test(m, o, int(cfg["exact_permutation_max"]), int(cfg["permutations"]),
                            int(cfg["permutation_seed"]), memo)
    row.update(delta=test["delta"], vai=vai(test["delta"], lo, hi), p=test["p"], method=test["method"],
               permutations=test["permutations"])
    row["suppressed"] = not (sdc.publishable(m.size, flags.get(sdc.MANAGEMENT), k_min)
                             and sdc.publishable(o.size, flags.get(sdc.OPERATIONS), k_min))
    return row


def _mean(x) -> float | None:
    return float(np.mean(x)) if len(x) else None


def _vai_findings(r: pd.DataFrame, spec, k_min: int, cfg: dict) -> tuple[list, list]:
    out, rows = [], []
    scores, sides, unique = r["score"].to_numpy(), r["level_group"].tolist(), r["unique_role"].tolist()
    memo: dict = {}  # random orders shared by the items with as many ratings
    for item, pos in positions(r["item"].tolist()).items():
        row = _vai_row(scores[pos], [sides[i] for i in pos], [unique[i] for i in pos], spec, k_min, cfg, memo)
        band = vai_band(row["vai"], cfg["vai_aligned"], cfg["vai_partial"])
        n = row["n_management"] + row["n_operations"]
        extra = {k: row.get(k) for k in ("n_management", "n_operations", "mean_management", "mean_operations",
                                         "method", "permutations")}
        out.append(Finding(f"alignment.vai.{item}", f"Vertical alignment index: {item}", row["vai"], n=n,
                           p=row["p"], decimals=2, suppressed=row["suppressed"], reason=row["reason"],
                           section=SECTION, extra={**extra, "band": band, "delta": row["delta"]}))
        out.append(Finding(f"alignment.delta.{item}", f"Management − operations mean score: {item}", row["delta"],
                           unit="points", n=n, p=row["p"], decimals=2, suppressed=row["suppressed"],
                           reason=row["reason"], section=SECTION, extra=extra))
        rows.append({"item": item, **{k: row.get(k) for k in VAI_FIELDS}, "band": band,
                     "suppressed": row["suppressed"]})
    return out, rows


VAI_FIELDS = ("n_management", "n_operations", "mean_management", "mean_operations", "delta", "vai", "p", "method")


def _company_vai(rows: list[dict], r: pd.DataFrame, k_min: int, cfg: dict) -> Finding:
    sizes = distinct_per(r["level_group"].tolist(), r["interviewee_id"].tolist())
    n_m, n_o = sizes.get(sdc.MANAGEMENT, 0), sizes.get(sdc.OPERATIONS, 0)
    vals = [x["vai"] for x in rows if x["vai"] is not None and not x["suppressed"]]
    value = float(np.mean(vals)) if vals else None
    return Finding("alignment.company.vai", "Company vertical alignment index (mean over items)", value,
                   n=n_m + n_o, decimals=2, section=SECTION, reason="" if vals else Reason(NO_ITEM_PUBLISHED),
                   suppressed=not (sdc.publishable(n_m, False, k_min) and sdc.publishable(n_o, False, k_min)),
                   extra={"items": len(vals), "band": vai_band(value, cfg["vai_aligned"], cfg["vai_partial"]),
                          "n_management": n_m, "n_operations": n_o})


RWG_COLUMNS = columns(
    ("group_type", N_("Grouping")),
    ("group", N_("Group id")),
    ("group_label", N_("Group")),
    ("item", N_("Item")),
    ("n", N_("n"), "int"),
    ("mean", N_("Mean"), "number", 2),
    ("sd", N_("SD"), "number", 2),
    ("rwg", N_("r_wg"), "number", 2),
    ("ad_m", N_("AD_M"), "number", 2),
    ("ad_ok", N_("AD_M ≤ A/6")),
    ("band", N_("Agreement")),
    ("suppression", N_("Suppression")),
)
RWGJ_COLUMNS = [{"name": c, "label": lab, "kind": k, **({"decimals": 2} if k == "number" else {})} for c, lab, k in
                (("group_type", N_("Grouping"), "text"), ("group", N_("Group id"), "text"), ("group_label", N_("Group"), "text"),
                 ("n", N_("n"), "int"), ("items", N_("Items"), "int"), ("rwg_j", N_("r_wg(J)"), "number"),
                 ("band", N_("Agreement"), "text"))]
ICC_COLUMNS = [{"name": c, "label": lab, "kind": k, **({"decimals": 3} if k == "number" else {})} for c, lab, k in
               (("grouping", N_("Grouping"), "text"), ("item", N_("Item"), "text"), ("n", N_("n"), "int"),
                ("groups", N_("Groups"), "int"), ("msb", N_("MSB"), "number"), ("msw", N_("MSW"), "number"),
                ("icc1", N_("ICC(1)"), "number"), ("icc2", N_("ICC(2)"), "number"))]
VAI_COLUMNS = [{"name": c, "label": lab, "kind": k, **({"decimals": d} if d is not None else {})}
               for c, lab, k, d in
               (("item", N_("Item"), "text", None), ("n_management", N_("n management"), "int", None),
                ("n_operations", N_("n operations"), "int", None), ("mean_management", N_("Management mean"), "number", 2),
                ("mean_operations", N_("Operations mean"), "number", 2), ("delta", N_("Δ"), "number", 2),
                ("vai", N_("VAI"), "number", 2), ("p", N_("p (permutation)"), "number", 3), ("method", N_("Test"), "text", None),
                ("band", N_("Alignment"), "text", None))]


def _rwg_rows(cells: pd.DataFrame, spec) -> list[dict]:
    labels = _labels(spec)
    order = {g: i for i, g in enumerate([*org_labels(spec, "functions"), sdc.OTHER, sdc.MANAGEMENT, sdc.OPERATIONS])}
    cells = cells.assign(_o=cells["group"].map(order).fillna(len(order))).sort_values(
        ["group_type", "_o", "group", "item"])
    return [{"group_type": r["group_type"], "group": r["group"], "group_label": labels.get(r["group"], r["group"]),
             "item": r["item"], "n": int(r["n"]), "mean": r["mean"], "sd": r["sd"], "rwg": r["rwg"], "ad_m": r["ad_m"],
             "ad_ok": "" if r["ad_ok"] is None else ("yes" if r["ad_ok"] else "no"), "band": r["band"],
             "suppressed": bool(r["suppressed"]), "suppression": r["suppression"]} for r in cells.to_dict("records")]


def _no_ratings(reason: str) -> list[Finding]:
    return [Finding("alignment.company.vai", "Company vertical alignment index (mean over items)", None,
                    reason=reason, section=SECTION)]


def ratings_part(case) -> list:
    """M4.1–M4.3 from ratings.csv."""
    if not case.has("ratings") or case.tables["ratings"].empty:
        return _no_ratings(Reason(NO_RATINGS))
    r = _ratings(case)
    if r.empty:
        return _no_ratings(Reason(NO_RATING_MATCH))
    spec, k_min, cfg = case.spec, case.k_min, _config(case.spec)
    lo, hi = rating_scale(spec)
    a = int(round(hi - lo)) + 1
    cells = rwg_cells(r, spec, k_min, a, cfg["sigma2"])
    rwgj, rwgj_rows = _rwgj_findings(r, cells, spec, k_min, a, cfg["sigma2"])
    icc_out, icc_rows = _icc_findings(r, k_min)
    vai_out, vai_rows = _vai_findings(r, spec, k_min, cfg)
    null = "uniform" if cfg["sigma2"] is None else f"σ² = {cfg['sigma2']}"
    n = int(r["interviewee_id"].nunique())
    return [*rwgj, *icc_out, *vai_out, _company_vai(vai_rows, r, k_min, cfg),
            Table("alignment.rwg", "Within-group agreement by item", RWG_COLUMNS, _rwg_rows(cells, spec),
                  section=SECTION, n=n, note=f"r_wg with the {null} null over A = {a} options; AD_M acceptable when "
                  f"≤ A/6 = {a / 6:.2f}. With fewer than 5 people per group read AD_M rather than r_wg."),
            Table("alignment.rwgj", "Multi-item agreement r_wg(J) by group", RWGJ_COLUMNS, rwgj_rows,
                  section=SECTION, n=n),
            Table("alignment.icc", "Between-group differentiation (ICC)", ICC_COLUMNS, icc_rows, section=SECTION, n=n,
                  note="ICC(1) ≈ .01 small, .10 medium, .25 large; ICC(2) ≥ .70 reliable group means."),
            Table("alignment.vai", "Vertical alignment: management versus operations", VAI_COLUMNS, vai_rows,
                  section=SECTION, n=n, note="VAI = 1 − |Δ|/(scale max − scale min); p from a permutation test.")]


def run(case) -> list[Finding | Table]:
    return ratings_part(case) + silos.run(case)
