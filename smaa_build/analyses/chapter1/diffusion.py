"""M2 horizontal diffusion (across functions) and M3 vertical diffusion (across levels) of SMI use.

Per activity the indices use every function (level) interviewed, uncollapsed: they are company-level figures.
The heatmaps publish group cells, so they follow M12: functions below k_min are merged into "other" (unless
the case says otherwise), levels are collapsed to management / operations when any level is below k_min, and
each activity column gets complementary suppression because its company figure (HDIw, HI) is published too.
The top–front gap compares management with operations (organisation.management_levels), as M4.3 does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...findings import Finding, Table, columns
from ...i18n import N_  # marks the notes and labels the report translates where it prints them

from .. import disclosure as sdc
from ..reasons import NO_CONSENSUS_CODES, NOT_FOR_ANY_ACTIVITY, NOT_OR_WITHHELD, Reason
from .activity import STAT_KEYS, coded_people, empty_stats, group_row, side_shares, stats_by_activity
from .activity import activity_gap, reach_suppressed, top_front_gap  # noqa: F401  (M3 API)
from .common import convention, distinct_per, grouped, management_levels, org_ids, org_labels, ordered, use_units

SECTION = "mapping"
INTENSITY_MAX = 3
HDI_WIDESPREAD, HDI_CONCENTRATED = 0.67, 0.33
PIELOU_LOW, GINI_NORM_HIGH = 0.5, 0.5

CONVENTIONS = [
    {"name": "diffusion.intensity_max", "value": INTENSITY_MAX,
     "source": "SMAA convention (codebook intensity 0–3; HI divides by 3K)"},
    {"name": "diffusion.hdi_widespread", "value": HDI_WIDESPREAD,
     "source": "SMAA convention (methods.md M2: HDI ≥ 0.67 widespread; compared at 2 d.p.)"},
    {"name": "diffusion.hdi_concentrated", "value": HDI_CONCENTRATED,
     "source": "SMAA convention (methods.md M2: HDI ≤ 0.33 concentrated, silo-prone; compared at 2 d.p.)"},
    {"name": "diffusion.pielou_low", "value": PIELOU_LOW,
     "source": "SMAA convention (methods.md M2: J < 0.5 → use concentrated in few functions)"},
    {"name": "diffusion.gini_norm_high", "value": GINI_NORM_HIGH,
     "source": "SMAA convention (methods.md M2: G* > 0.5 → use concentrated in few functions)"},
]
INDEX_LABELS = {"hdi": "breadth (HDI)", "hdiw": "weighted breadth (HDIw)", "hi": "intensity (HI)",
                "shannon": "Shannon entropy H", "pielou": "evenness (Pielou J)", "gini": "Gini G",
                "gini_norm": "normalised Gini G*", "blau": "Blau index"}
VERTICAL_LABELS = {"vdi": "vertical breadth (VDI)", "vdiw": "weighted vertical breadth", "vhi": "vertical intensity",
                   "shannon": "Shannon entropy H across levels", "pielou": "evenness across levels (J)",
                   "gini": "Gini G across levels", "gini_norm": "normalised Gini G* across levels",
                   "blau": "Blau index across levels", "reach": "vertical reach (top rank using SMI)",
                   "gradient": "vertical gradient (OLS slope of use on level rank)",
                   "gap": "top–front gap (management − operations share)"}


# ---------------------------------------------------------------- pure indices

def _arr(x) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    return a[~np.isnan(a)]


def breadth(p) -> float | None:
    """HDI/VDI: share of groups with any use (p > 0)."""
    p = _arr(p)
    return float((p > 0).mean()) if p.size else None


def weighted_breadth(p) -> float | None:
    p = _arr(p)
    return float(p.mean()) if p.size else None


def intensity_index(xbar, max_intensity: float = INTENSITY_MAX) -> float | None:
    """HI = Σ x̄ / (max · K), 0–1."""
    x = _arr(xbar)
    return float(x.sum() / (max_intensity * x.size)) if x.size else None


def proportions(x) -> np.ndarray | None:
    x = _arr(x)
    return None if x.size == 0 or x.sum() <= 0 else x / x.sum()


def shannon(x) -> float | None:
    q = proportions(x)
    if q is None:
        return None
    q = q[q > 0]
    return float(-(q * np.log(q)).sum())


def pielou(x) -> float | None:
    h, k = shannon(x), _arr(x).size
    return None if h is None or k < 2 else float(h / np.log(k))


def gini(x) -> float | None:
    """Population Gini Σ_f Σ_g |x_f − x_g| / (2 K² μ); max (K−1)/K."""
    x = _arr(x)
    if x.size == 0 or x.sum() <= 0:
        return None
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * x.size * x.sum()))  # = 2K²μ


def gini_normalised(x) -> float | None:
    g, k = gini(x), _arr(x).size
    return None if g is None or k < 2 else float(g * k / (k - 1))


def blau(x) -> float | None:
    q = proportions(x)
    return None if q is None else float(1 - (q**2).sum())


def vertical_reach(p, ranks) -> int | None:
    """Smallest level rank with p > 0 (1 = SMI reaches the top level)."""
    used = [int(r) for s, r in zip(p, ranks) if s is not None and not np.isnan(s) and s > 0]
    return min(used) if used else None


def ols_slope(y, x) -> float | None:
    """OLS slope of y on x; None with fewer than 2 distinct x."""
    y, x = np.asarray(y, dtype=float), np.asarray(x, dtype=float)
    keep = ~(np.isnan(y) | np.isnan(x))
    y, x = y[keep], x[keep]
    if np.unique(x).size < 2:
        return None
    xc = x - x.mean()
    return float((xc * y).sum() / (xc**2).sum())


def evenness(xbar) -> dict:
    return {"shannon": shannon(xbar), "pielou": pielou(xbar), "gini": gini(xbar),
            "gini_norm": gini_normalised(xbar), "blau": blau(xbar)}


def group_stats(units: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Per group: n (use coded), share using (p), mean intensity (x̄), any use (U, the secondary rule)."""
    coded = units[units["use"].notna()]
    plain = grouped(coded, by, "interviewee_id") if len(coded) else None
    if plain is None:  # what common.grouped leaves to pandas
        g = coded.groupby(by, sort=True)
        out = g.agg(n=("interviewee_id", "nunique"), share=("use", "mean"), any_use=("use", "max"),
                    mean_intensity=("intensity", "mean")).reset_index()
        out["any_use"] = out["any_use"].astype(float)
        return out
    out, groups = plain
    rows = list(zip(*(coded[c].tolist() for c in ("interviewee_id", "use", "intensity"))))
    stats = list(zip(*(group_row([rows[i] for i in pos]) for pos in groups)))
    for name, values in zip(STAT_KEYS, stats):
        out[name] = np.asarray(values, dtype=np.int64 if name == "n" else float)
    return out


def band(hdi: float | None, widespread: float = HDI_WIDESPREAD, concentrated: float = HDI_CONCENTRATED) -> str:
    """Interpretation band; compared at 2 d.p. so that 2/3 counts as widespread and 1/3 as concentrated."""
    if hdi is None:
        return ""
    r = round(hdi, 2)
    return "widespread" if r >= widespread else ("concentrated" if r <= concentrated else "partial")


def concentrated(j: float | None, g_star: float | None, j_low: float = PIELOU_LOW, g_high: float = GINI_NORM_HIGH):
    if j is None and g_star is None:
        return None
    return bool((j is not None and j < j_low) or (g_star is not None and g_star > g_high))


# ---------------------------------------------------------------- per activity

def horizontal_indices(stats, max_intensity: float) -> dict:
    """M2 indices from one activity's per-function stats (a group_stats frame or activity.stats_by_activity's
    arrays)."""
    return {"groups": len(stats["share"]), "hdi": breadth(stats["share"]), "hdiw": weighted_breadth(stats["share"]),
            "hi": intensity_index(stats["mean_intensity"], max_intensity), **evenness(stats["mean_intensity"])}


def vertical_indices(stats, max_intensity: float) -> dict:
    """M3 indices from one activity's per-level stats (with level_rank)."""
    base = horizontal_indices(stats, max_intensity)
    levels = len({r for r in np.asarray(stats["level_rank"], dtype=float).tolist() if r == r})
    return {**{k: v for k, v in base.items() if k not in ("hdi", "hdiw", "hi")},
            "vdi": base["hdi"], "vdiw": base["hdiw"], "vhi": base["hi"],
            "reach": vertical_reach(stats["share"], stats["level_rank"]),
            "gradient": ols_slope(stats["share"], stats["level_rank"]) if levels >= 3 else None}


def config(spec) -> dict:
    """Diffusion conventions in force for this case (defaults overridden by spec conventions)."""
    return {n.split(".", 1)[1]: convention(spec, n, d) for n, d in
            (("diffusion.intensity_max", INTENSITY_MAX), ("diffusion.hdi_widespread", HDI_WIDESPREAD),
             ("diffusion.hdi_concentrated", HDI_CONCENTRATED), ("diffusion.pielou_low", PIELOU_LOW),
             ("diffusion.gini_norm_high", GINI_NORM_HIGH))}


def _reason(key: str, value, groups: int, kind: str) -> str:
    """Plain-English reason for a value that could not be computed; kind is "function" or "level"."""
    if value is not None:
        return ""
    many = f"{groups} {kind}" + ("" if groups == 1 else "s")
    if groups == 0:
        return "no consensus use code for this activity"
    if key in ("pielou", "gini_norm") and groups < 2:
        return f"only {many} interviewed; needs at least 2"
    if key == "gradient":
        return f"only {many} interviewed; a gradient needs at least 3"
    if key == "reach":
        return "no interviewee uses SMI for this activity"
    return "nobody uses SMI for this activity, so its spread is undefined"


def _finding(prefix: str, key: str, act: str, label: str, value, n: int, reason: str, **kw) -> Finding:
    names = VERTICAL_LABELS if prefix == "vertical" else INDEX_LABELS
    return Finding(f"{prefix}.{key}.{act}", f"{names[key][0].upper()}{names[key][1:]}: {label}", value, n=n,
                   decimals=0 if key == "reach" else 3, reason=reason, section=SECTION, **kw)


# ---------------------------------------------------------------- run: horizontal

def _horizontal(units: pd.DataFrame, spec, cfg: dict) -> tuple[list, list[dict]]:
    out, rows = [], []
    labels = org_labels(spec, "activities")
    by_act, coded = stats_by_activity(units, ["function"]), coded_people(units)
    for act in org_ids(spec, "activities"):
        idx = horizontal_indices(by_act.get(act) or empty_stats(["function"]), cfg["intensity_max"])
        n = coded.get(act, 0)
        idx.update(band=band(idx["hdi"], cfg["hdi_widespread"], cfg["hdi_concentrated"]),
                   concentrated=concentrated(idx["pielou"], idx["gini_norm"], cfg["pielou_low"], cfg["gini_norm_high"]))
        for key in INDEX_LABELS:
            extra = {"band": idx["band"], "concentrated": idx["concentrated"]} if key == "hdi" else {}
            out.append(_finding("diffusion", key, act, labels[act], idx[key], n,
                                _reason(key, idx[key], idx["groups"], "function"), extra={"functions": idx["groups"], **extra}))
        rows.append({"activity": act, "activity_label": labels[act], "n": n, "functions": idx["groups"],
                     **{k: idx[k] for k in (*INDEX_LABELS, "band", "concentrated")}})
    return out, rows


def _company(prefix: str, rows: list[dict], keys, n: int, labels: dict) -> list[Finding]:
    out = []
    for key in keys:
        vals = [r[key] for r in rows if r.get(key) is not None]
        value = float(np.mean(vals)) if vals else None
        out.append(Finding(f"{prefix}.company.{key}", f"Company mean {labels[key]} over activities", value, n=n,
                           decimals=3, reason="" if vals else Reason(NOT_FOR_ANY_ACTIVITY), section=SECTION,
                           extra={"activities": len(vals)}))
    return out


HEATMAP_COLUMNS = columns(
    ("activity_label", N_("Activity"), "text"), ("n", N_("Interviewees"), "int"), ("share", N_("Share using SMI"), "percent", 1),
    ("mean_intensity", N_("Mean intensity (0–3)"), "number", 2), ("any_use", N_("Anyone using"), "number", 0))


def heatmap_cells(units: pd.DataFrame, group_col: str, k_min: int, scope: str) -> pd.DataFrame:
    """Group × activity cells with n, stats and M12 suppression (complementary along each activity)."""
    cells = sdc.group_cells(units[units["use"].notna()], [group_col, "activity"], scope)
    stats = group_stats(units, [group_col, "activity"])
    cells = cells.merge(stats.drop(columns="n"), on=[group_col, "activity"], how="left")
    return sdc.suppress_table(cells, k_min, lines=["activity"], keys=[group_col, "activity"])


def _function_heatmap(units: pd.DataFrame, spec, k_min: int) -> Table:
    people = units[["interviewee_id", "function"]].drop_duplicates()
    published = dict(zip(people["interviewee_id"], sdc.function_groups(people, spec, k_min)))
    units = units.assign(function=units["interviewee_id"].map(published))
    cells = heatmap_cells(units, "function", k_min, sdc.unique_role_scope(spec))
    flabels = {**org_labels(spec, "functions"), sdc.OTHER: "Other functions"}
    order = ordered(cells["function"].unique(), [*org_ids(spec, "functions"), sdc.OTHER])
    return _heatmap_table("diffusion.function_activity", "SMI use by function and activity", "function",
                          cells, flabels, order, spec,
                          N_("Functions with too few interviewees to be shown are merged into 'Other functions'; "
                             "cells resting on too few people are withheld, plus one more per activity where needed. "
                             "'Anyone using' (the any rule) rises mechanically with the number of interviews per "
                             "function; read the share."))


def _level_heatmap(units: pd.DataFrame, spec, k_min: int) -> Table:
    sizes = distinct_per(units["level"].tolist(), units["interviewee_id"].tolist())
    collapse = any(n < k_min for n in sizes.values())
    ranks = dict(zip(units["level"], units["level_rank"]))
    if collapse:
        units = units.assign(level=sdc.collapse_levels(units["level"], management_levels(spec)))
    cells = heatmap_cells(units, "level", k_min, sdc.unique_role_scope(spec))
    if collapse:
        labels, order = {sdc.MANAGEMENT: N_("Management"), sdc.OPERATIONS: N_("Operations")}, [sdc.MANAGEMENT, sdc.OPERATIONS]
        cells["level_rank"] = None
    else:
        labels = org_labels(spec, "levels")
        order = sorted(cells["level"].unique(), key=lambda lv: (ranks.get(lv, 99), lv))
        cells["level_rank"] = cells["level"].map(ranks)
    note = (N_("Levels collapsed to management / operations because a level has too few interviewees to be shown.")
            if collapse else N_("Cells resting on too few people are withheld, plus one more per activity where needed."))
    return _heatmap_table("diffusion.level_activity", "SMI use by level and activity", "level", cells, labels,
                          [o for o in order if o in set(cells["level"])], spec, note,
                          [{"name": "level_rank", "label": N_("Level rank"), "kind": "int", "keep_when_suppressed": True}])


def _heatmap_table(key, label, group_col, cells, glabels, order, spec, note, extra_cols=()) -> Table:
    acts = org_ids(spec, "activities")
    alabels = org_labels(spec, "activities")
    cells = cells.assign(_g=cells[group_col].map({g: i for i, g in enumerate(order)}),
                         _a=cells["activity"].map({a: i for i, a in enumerate(acts)}).fillna(len(acts)))
    cells = cells.sort_values(["_g", "_a", "activity"])
    rows = [{group_col: r[group_col], f"{group_col}_label": glabels.get(r[group_col], r[group_col]),
             "activity": r["activity"], "activity_label": alabels.get(r["activity"], r["activity"]),
             "n": int(r["n"]), "share": _f(r["share"]), "mean_intensity": _f(r["mean_intensity"]),
             "any_use": _f(r["any_use"]), "suppressed": bool(r["suppressed"]), "suppression": r["suppression"],
             **({"level_rank": None if pd.isna(r["level_rank"]) else int(r["level_rank"])} if extra_cols else {})}
            for r in cells.to_dict("records")]
    cols = [{"name": group_col, "label": f"{group_col.title()} id", "kind": "text"},
            {"name": f"{group_col}_label", "label": group_col.title(), "kind": "text"}, *extra_cols,
            {"name": "activity", "label": N_("Activity id"), "kind": "text"}, *HEATMAP_COLUMNS,
            {"name": "suppression", "label": N_("Suppression"), "kind": "text"}]
    return Table(key, label, cols, rows, section=SECTION, note=note)


def _f(v):
    return None if v is None or pd.isna(v) else float(v)


# ---------------------------------------------------------------- run: vertical

def _vertical(units: pd.DataFrame, spec, cfg: dict, k_min: int) -> tuple[list, list[dict]]:
    out, rows = [], []
    labels = org_labels(spec, "activities")
    units = units[units["level_rank"].notna()]
    by = ["level", "level_rank"]
    by_act, coded = stats_by_activity(units, by), coded_people(units)
    sides = side_shares(units, management_levels(spec))
    for act in org_ids(spec, "activities"):
        stats = by_act.get(act) or empty_stats(by)
        idx = vertical_indices(stats, cfg["intensity_max"])
        n = coded.get(act, 0)
        gap = activity_gap(sides.get(act, {}), k_min)
        hidden_reach = reach_suppressed(stats, idx["reach"], k_min)
        for key in ("vdi", "vdiw", "vhi", "shannon", "pielou", "gini", "gini_norm", "blau", "reach", "gradient"):
            extra = {"levels": idx["groups"]}
            out.append(_finding("vertical", key, act, labels[act], idx[key], n,
                                _reason(key, idx[key], idx["groups"], "level"), extra=extra,
                                suppressed=key == "reach" and hidden_reach))
        out.append(_finding("vertical", "gap", act, labels[act], gap["gap"], gap["n_management"] + gap["n_operations"],
                            gap["reason"], suppressed=gap["suppressed"],
                            extra={"n_management": gap["n_management"], "n_operations": gap["n_operations"]}))
        rows.append({"activity": act, "activity_label": labels[act], "n": n, "levels": idx["groups"],
                     **{k: idx[k] for k in ("vdi", "vdiw", "vhi", "pielou", "gini_norm", "gradient")},
                     "reach": None if hidden_reach else idx["reach"], "gap": None if gap["suppressed"] else gap["gap"],
                     "n_management": gap["n_management"], "n_operations": gap["n_operations"],
                     "withheld": ", ".join(w for w, h in (("reach", hidden_reach), ("gap", gap["suppressed"])) if h)})
    return out, rows


def _company_gap(units: pd.DataFrame, spec, rows: list[dict], k_min: int) -> Finding:
    """Mean of the published per-activity gaps; withheld when management or operations is below k_min."""
    side = sdc.collapse_levels(units["level"], management_levels(spec))
    sizes = distinct_per(side.tolist(), units["interviewee_id"].tolist())
    n_m, n_o = sizes.get(sdc.MANAGEMENT, 0), sizes.get(sdc.OPERATIONS, 0)
    vals = [r["gap"] for r in rows if r["gap"] is not None]
    return Finding("vertical.company.gap", "Company mean top–front gap (management − operations) over activities",
                   float(np.mean(vals)) if vals else None, n=n_m + n_o, decimals=3, section=SECTION,
                   reason="" if vals else Reason(NOT_OR_WITHHELD),
                   extra={"n_management": n_m, "n_operations": n_o, "activities": len(vals)},
                   suppressed=not (sdc.publishable(n_m, False, k_min) and sdc.publishable(n_o, False, k_min)))


ACTIVITY_COLUMNS = columns(
    ("activity", N_("Activity id"), "text"), ("activity_label", N_("Activity"), "text"), ("n", N_("Interviewees"), "int"),
    ("hdi", N_("HDI"), "number", 3), ("hdiw", N_("HDIw"), "number", 3), ("hi", N_("HI"), "number", 3), ("pielou", N_("J"), "number", 3),
    ("gini", N_("G"), "number", 3), ("gini_norm", N_("G*"), "number", 3), ("blau", N_("Blau"), "number", 3),
    ("band", N_("Diffusion"), "text"))
VERTICAL_COLUMNS = columns(
    ("activity", N_("Activity id"), "text"), ("activity_label", N_("Activity"), "text"), ("n", N_("Interviewees"), "int"),
    ("vdi", N_("VDI"), "number", 3), ("vhi", N_("Vertical intensity"), "number", 3), ("reach", N_("Reach (top rank)"), "int"),
    ("gradient", N_("Gradient per level"), "number", 3), ("gap", N_("Management − operations"), "percent", 1),
    ("withheld", N_("Withheld"), "text"))


def _unavailable(reason: str) -> list[Finding]:
    keys = [("diffusion.company", k, INDEX_LABELS[k]) for k in ("hdi", "hi")] + \
           [("vertical.company", k, VERTICAL_LABELS[k]) for k in ("vdi", "gradient")]
    return [Finding(f"{p}.{k}", f"Company mean {lab}", None, reason=reason, section=SECTION) for p, k, lab in keys]


def run(case) -> list[Finding | Table]:
    spec, k_min = case.spec, case.k_min
    cfg = config(spec)
    units = use_units(case)
    if units.empty or units["use"].notna().sum() == 0:
        return _unavailable(Reason(NO_CONSENSUS_CODES))
    n_people = int(units.loc[units["use"].notna(), "interviewee_id"].nunique())
    h_out, h_rows = _horizontal(units, spec, cfg)
    v_out, v_rows = _vertical(units, spec, cfg, k_min)
    gap = _company_gap(units, spec, v_rows, k_min)
    summary = [
        *h_out, *_company("diffusion", h_rows, ("hdi", "hdiw", "hi", "pielou", "gini", "gini_norm", "blau"),
                          n_people, INDEX_LABELS),
        *v_out, *_company("vertical", v_rows, ("vdi", "vdiw", "vhi", "pielou", "gini_norm", "gradient"),
                          n_people, VERTICAL_LABELS), gap,
        Table("diffusion.activities", "Horizontal diffusion by activity",
              ACTIVITY_COLUMNS, h_rows,
              section=SECTION, n=n_people),
        Table("vertical.activities", "Vertical diffusion by activity",
              VERTICAL_COLUMNS, v_rows,
              section=SECTION, n=n_people),
    ]
    return sdc.whole_sample_rule(summary, k_min) + [_function_heatmap(units, spec, k_min),
                                                    _level_heatmap(units, spec, k_min)]
