"""M5 mapping of SMI use: purpose × function (Simons' levers), metric family × function, collection- and
analysis-method mix (manual share = fragility), top activities by HDI × HI and one plain-English paragraph per
activity written from the numbers.

A "use" is one interviewee × activity with the dimension coded (consensus); multi-valued codes count once per
value, so the shares of a group can add up to more than 100%. Group cells follow M12 like the heatmaps: small
functions merged into "other", levels collapsed into management / operations, complementary suppression per
category column.
"""

from __future__ import annotations

import pandas as pd

from ...findings import Finding, Table
from ...i18n import N_  # marks the notes and labels the report translates where it prints them

from . import activity as act, diffusion as dif
from .. import disclosure as sdc
from ..reasons import NO_COLLECTION_CODES, NO_SIDE_PURPOSE, Reason
from .common import consensus_codes, convention, management_levels, org_ids, org_labels, ordered, use_units

SECTION = "mapping"
TOP_N = 3
VOCABULARY = {
    "purpose": ["diagnostic", "interactive", "beliefs", "boundary"],
    "metric_category": ["financial", "network", "interaction", "conversation", "opinion"],
    "collection_method": ["manual", "semi_automated", "automated"],
    "analysis_method": ["counts", "content", "sentiment", "network"],
}

CONVENTIONS = [
    {"name": "mapping.top_n", "value": TOP_N, "source": "SMAA convention (methods.md M5: top-N activities by HDI × HI)"},
]


# ---------------------------------------------------------------- pure

def category_shares(units: pd.DataFrame, by: str, values: list[str]) -> pd.DataFrame:
    """units: one row per (interviewee, activity, value) plus the group column `by`. One row per group × value
    (zeros included): count of uses with the value, the group's uses (distinct interviewee × activity), n
    (distinct interviewees) and share = count / uses. Counted with sets: a few hundred rows, where pandas'
    nunique per group and the reindexed grid cost milliseconds."""
    groups: dict = {}
    for g, pid, act, value in zip(*(units[c].tolist() for c in (by, "interviewee_id", "activity", "value"))):
        people, uses, by_value = groups.setdefault(g, (set(), set(), {}))
        people.add(pid)
        uses.add((pid, act))
        by_value.setdefault(value, set()).add((pid, act))
    rows = [(g, v, len(groups[g][2].get(v, ())), len(groups[g][0]), len(groups[g][1]))
            for g in sorted(groups) for v in values]
    out = pd.DataFrame(rows, columns=[by, "value", "count", "n", "uses"])
    out["share"] = out["count"] / out["uses"]
    return out


def manual_share(units: pd.DataFrame) -> float | None:
    """Share of uses whose collection involves manual work (any "manual" code)."""
    keyed = units.assign(_use=units["interviewee_id"] + "\x1f" + units["activity"])
    total = keyed["_use"].nunique()
    return keyed.loc[keyed["value"] == "manual", "_use"].nunique() / total if total else None


def top_activities(indices: list[dict], n: int) -> list[dict]:
    """Rank activities by HDI × HI (ties: higher HDI, then activity id); activities without both are left out."""
    scored = [{**r, "score": r["hdi"] * r["hi"]} for r in indices if r.get("hdi") is not None and r.get("hi") is not None]
    scored.sort(key=lambda r: (-r["score"], -r["hdi"], r["activity"]))
    return [{**r, "rank": i + 1} for i, r in enumerate(scored[:n])]


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


NARRATIVE_NUMBERS = ("functions", "users_functions", "hdi", "band", "hi", "pielou", "gini_norm", "concentrated",
                     "reach", "reach_label", "gradient", "gap")  # what activity_sentence reads


def activity_sentence(label: str, h: dict, v: dict, purpose: tuple[str, float] | None = None) -> str:
    """One paragraph from the numbers of an activity. h: functions, users_functions, hdi, band, hi, pielou,
    concentrated; v: reach, reach_label, gradient, gap (None when not computable or withheld)."""
    if not h.get("functions"):
        return f"{label}: no interviewee was coded for this activity."
    if not h.get("hdi"):
        return f"{label}: none of the {h['functions']} functions interviewed uses social-media information for it."
    k, users = h["functions"], h["users_functions"]
    where = ("the only function interviewed" if k == 1 else f"all {k} functions interviewed" if users == k else
             f"{users} of the {k} functions interviewed")
    parts = [f"{label}: social-media information is used in {where} (HDI {h['hdi']:.2f}, {h['band']})."]
    if h.get("hi") is not None:
        parts.append(f"Its intensity index is {h['hi']:.2f} (0 = nobody uses it, 1 = formalised everywhere).")
    if h.get("concentrated"):
        gstar = f", G* {h['gini_norm']:.2f}" if h.get("gini_norm") is not None else ""
        parts.append(f"Use is concentrated in few functions (evenness J {h['pielou']:.2f}{gstar}).")
    elif h.get("pielou") is not None:
        parts.append(f"Use is spread fairly evenly across the functions that use it (J {h['pielou']:.2f}).")
    parts += _vertical_clauses(v)
    if purpose:
        parts.append(f"The most frequent purpose is {purpose[0]} ({_pct(purpose[1])} of uses).")
    return " ".join(parts)


def _vertical_clauses(v: dict) -> list[str]:
    out = []
    if v.get("reach") is not None:
        top = "reaches the top level" if v["reach"] == 1 else f"reaches no higher than {v['reach_label']}"
        out.append(f"It {top}.")
    if v.get("gradient") is not None and abs(v["gradient"]) >= 0.005:
        pts = f"{abs(100 * v['gradient']):.0f} percentage points per level"
        out.append(f"Going down the hierarchy, use {'rises' if v['gradient'] > 0 else 'falls'} by about {pts}.")
    if v.get("gap") is not None:
        if abs(v["gap"]) < 0.005:
            out.append("Management and operations use it equally often.")
        else:
            more = "more" if v["gap"] > 0 else "less"
            out.append(f"Management uses it {abs(100 * v['gap']):.0f} percentage points {more} often than operations.")
    return out


# ---------------------------------------------------------------- run

def _coded_units(case, uses: pd.DataFrame) -> pd.DataFrame:
    """Consensus codes of every dimension joined to the interviewee's published groups; units explicitly coded
    as not using SMI are left out. Joined once: the merges keep the codes' order, so one dimension's rows are
    what joining that dimension alone gives."""
    cons = consensus_codes(case)
    rows = cons[["interviewee_id", "activity", "dimension", "value"]]
    rows = rows.merge(uses[["interviewee_id", "activity", "use"]], on=["interviewee_id", "activity"], how="left")
    rows = rows[rows["use"] != 0].drop(columns="use")
    people = uses[["interviewee_id", "function", "level", "unique_role"]].drop_duplicates("interviewee_id")
    rows = rows.merge(people, on="interviewee_id", how="inner")
    fgroups = dict(zip(people["interviewee_id"], sdc.function_groups(people, case.spec, case.k_min)))
    return rows.assign(function=rows["interviewee_id"].map(fgroups),
                       level_group=sdc.collapse_levels(rows["level"], management_levels(case.spec)))


def _dimension_units(coded: pd.DataFrame, dim: str) -> pd.DataFrame:
    """The rows of one dimension of _coded_units."""
    return coded[coded["dimension"] == dim].drop(columns="dimension").reset_index(drop=True)


def _cross_tab(case, units: pd.DataFrame, dim: str, by: str, key: str, label: str) -> Table:
    vocab = ordered(units["value"].unique(), VOCABULARY.get(dim, []))
    shares = category_shares(units, by, vocab)
    flags = sdc.group_cells(units, [by], sdc.unique_role_scope(case.spec))
    flags = dict(zip(flags[by].tolist(), flags["unique_role"].tolist()))  # every group of the shares has one
    cells = sdc.suppress_table(shares.assign(unique_role=shares[by].map(flags)), case.k_min, lines=["value"],
                               keys=[by, "value"])
    glabels = {**org_labels(case.spec, "functions"), sdc.OTHER: "Other functions", sdc.MANAGEMENT: "Management",
               sdc.OPERATIONS: "Operations"}
    order = {g: i for i, g in enumerate([*org_ids(case.spec, "functions"), sdc.OTHER, sdc.MANAGEMENT, sdc.OPERATIONS])}
    records = sorted(cells.to_dict("records"),
                     key=lambda r: (order.get(r[by], len(order)), r[by], vocab.index(r["value"])))
    rows = [{"group": r[by], "group_label": glabels.get(r[by], r[by]), dim: r["value"],
             "n": int(r["n"]), "uses": int(r["uses"]), "count": int(r["count"]), "share": float(r["share"]),
             "suppressed": bool(r["suppressed"]), "suppression": r["suppression"]} for r in records]
    cols = [{"name": "group", "label": N_("Group id"), "kind": "text"}, {"name": "group_label", "label": N_("Group"), "kind": "text"},
            {"name": dim, "label": dim.replace("_", " ").capitalize(), "kind": "text"},
            {"name": "n", "label": N_("Interviewees"), "kind": "int"}, {"name": "uses", "label": N_("Uses"), "kind": "int"},
            {"name": "count", "label": N_("Uses with this code"), "kind": "int"},
            {"name": "share", "label": N_("Share of uses"), "kind": "percent", "decimals": 1},
            {"name": "suppression", "label": N_("Suppression"), "kind": "text"}]
    return Table(key, label, cols, rows, section=SECTION, n=int(units["interviewee_id"].nunique()),
                 note=N_("Multi-valued codes count once per value, so shares within a group can exceed 100%."))


def _mix(case, units: pd.DataFrame, dim: str, key: str, label: str) -> Table:
    vocab = ordered(units["value"].unique(), VOCABULARY.get(dim, []))
    shares = category_shares(units.assign(_all="company"), "_all", vocab)
    hidden = not sdc.publishable(units["interviewee_id"].nunique(), False, case.k_min)
    rows = [{dim: r["value"], "count": int(r["count"]), "share": float(r["share"]), "suppressed": hidden}
            for r in shares.to_dict("records")]
    return Table(key, label, [{"name": dim, "label": dim.replace("_", " ").capitalize(), "kind": "text"},
                              {"name": "count", "label": N_("Uses"), "kind": "int"},
                              {"name": "share", "label": N_("Share of uses"), "kind": "percent", "decimals": 1}],
                 rows, section=SECTION, n=int(units["interviewee_id"].nunique()))


def _interactive(tab: Table, k_min: int) -> list[Finding]:
    out = []
    for side in (sdc.MANAGEMENT, sdc.OPERATIONS):
        row = next((r for r in tab.rows if r["group"] == side and r["purpose"] == "interactive"), None)
        suppressed, reason = bool(row and row["suppressed"]), ""
        if row is None:  # "no operations use …" says every coded use is management's: M12 for that group
            rest = next((r for r in tab.rows if r["group"] != side), None)
            suppressed, reason = sdc.described(Reason(NO_SIDE_PURPOSE[side]), rest and rest["n"],
                                               bool(rest and rest["suppressed"]), k_min)
        out.append(Finding(f"mapping.interactive_share.{side}", f"Share of SMI uses that are interactive: {side}",
                           row and row["share"], unit="share", n=row and row["n"], decimals=3,
                           suppressed=suppressed, section=SECTION, reason=reason))
    return out


def _category_part(case, uses: pd.DataFrame) -> tuple[list, dict]:
    out: list = []
    coded = _coded_units(case, uses)
    purpose = _dimension_units(coded, "purpose")
    if purpose.empty:
        out.append(Finding("mapping.interactive_share.management", "Share of SMI uses that are interactive: "
                           "management", None, reason="no purpose codes", section=SECTION))
    else:
        out.append(_cross_tab(case, purpose, "purpose", "function", "mapping.purpose_function",
                              "Purpose of SMI use by function (Simons' levers of control)"))
        by_level = _cross_tab(case, purpose, "purpose", "level_group", "mapping.purpose_level",
                              "Purpose of SMI use: management versus operations")
        out += [by_level, *_interactive(by_level, case.k_min)]
    metric = _dimension_units(coded, "metric_category")
    if not metric.empty:
        out.append(_cross_tab(case, metric, "metric_category", "function", "mapping.metric_function",
                              "Metric families by function (Agostino & Sidorova)"))
    collection = _dimension_units(coded, "collection_method")
    share = manual_share(collection) if not collection.empty else None
    n = int(collection["interviewee_id"].nunique()) if not collection.empty else 0
    out.append(Finding("mapping.manual_share", "Share of SMI uses relying on manual collection", share, unit="share",
                       n=n, decimals=3, section=SECTION, suppressed=share is not None and n < case.k_min,
                       reason="" if share is not None else Reason(NO_COLLECTION_CODES)))
    for dim, key, label in (("collection_method", "mapping.collection_method", "How SMI is collected"),
                            ("analysis_method", "mapping.analysis_method", "How SMI is analysed")):
        units = collection if dim == "collection_method" else _dimension_units(coded, dim)
        if not units.empty:
            out.append(_mix(case, units, dim, key, label))
    return out, _top_purpose(purpose, case.k_min)


def _top_purpose(purpose: pd.DataFrame, k_min: int) -> dict:
    """Most frequent purpose per activity (ties: the first value in sorted order), only where its users reach
    k_min. Within one activity a use is an interviewee, so a value's share is its interviewees over the users."""
    users: dict = {}
    for a, pid, value in zip(*(purpose[c].tolist() for c in ("activity", "interviewee_id", "value"))):
        users.setdefault(a, {}).setdefault(value, set()).add(pid)
    out = {}
    for a, by_value in users.items():
        people = set().union(*by_value.values())
        if len(people) >= k_min:
            best = min(by_value, key=lambda v: (-len(by_value[v]), v))
            out[a] = (best, len(by_value[best]) / len(people))
    return out


def _activity_numbers(case, units: pd.DataFrame) -> list[dict]:
    spec, k_min, cfg = case.spec, case.k_min, dif.config(case.spec)
    ilabels, levels = org_labels(spec, "activities"), org_labels(spec, "levels")
    ranks_to_label = {int(lv.rank): levels[lv.id] for lv in case.settings.organisation.levels}
    # unlike diffusion's vertical part, the gap here counts interviewees whose level has no rank too
    fby, lby = ["function"], ["level", "level_rank"]
    f_all, l_all = act.stats_by_activity(units, fby), act.stats_by_activity(units[units["level_rank"].notna()], lby)
    coded, sides = act.coded_people(units), act.side_shares(units, management_levels(spec))
    out = []
    for a in org_ids(spec, "activities"):
        fstats, lstats = f_all.get(a) or act.empty_stats(fby), l_all.get(a) or act.empty_stats(lby)
        h = dif.horizontal_indices(fstats, cfg["intensity_max"])
        v = dif.vertical_indices(lstats, cfg["intensity_max"])
        gap = act.activity_gap(sides.get(a, {}), k_min)
        hidden = act.reach_suppressed(lstats, v["reach"], k_min)
        out.append({"activity": a, "activity_label": ilabels[a], "functions": h["groups"],
                    "users_functions": int((fstats["share"] > 0).sum()), "hdi": h["hdi"], "hi": h["hi"],
                    "pielou": h["pielou"], "gini_norm": h["gini_norm"], "band": dif.band(h["hdi"], cfg["hdi_widespread"], cfg["hdi_concentrated"]),
                    "concentrated": dif.concentrated(h["pielou"], h["gini_norm"], cfg["pielou_low"], cfg["gini_norm_high"]),
                    "n": coded.get(a, 0),
                    "reach": None if hidden else v["reach"], "reach_label": ranks_to_label.get(v["reach"] or 0, ""),
                    "gradient": v["gradient"], "gap": None if gap["suppressed"] else gap["gap"]})
    return out


def run(case) -> list[Finding | Table]:
    uses = use_units(case)
    out, purposes = _category_part(case, uses)
    numbers = _activity_numbers(case, uses)
    top = top_activities(numbers, int(convention(case.spec, "mapping.top_n", TOP_N)))
    out.append(Table("mapping.top_activities", "Activities where SMI is most diffused and most intense",
                     [{"name": "rank", "label": N_("Rank"), "kind": "int"}, {"name": "activity", "label": N_("Activity id"),
                      "kind": "text"}, {"name": "activity_label", "label": N_("Activity"), "kind": "text"},
                      {"name": "hdi", "label": N_("HDI"), "kind": "number", "decimals": 3},
                      {"name": "hi", "label": N_("HI"), "kind": "number", "decimals": 3},
                      {"name": "score", "label": N_("HDI × HI"), "kind": "number", "decimals": 3},
                      {"name": "n", "label": N_("Interviewees"), "kind": "int"}],
                     [{k: r[k] for k in ("rank", "activity", "activity_label", "hdi", "hi", "score", "n")} for r in top],
                     section=SECTION, note="Ranked by HDI × HI; ties broken by HDI."))
    for r in numbers:
        purpose = purposes.get(r["activity"])
        text = activity_sentence(r["activity_label"], r, r, purpose)
        # the numbers the paragraph is written from, so that the report can write it in the client's language
        said = {k: r[k] for k in NARRATIVE_NUMBERS}
        out.append(Finding(f"mapping.narrative.{r['activity']}", f"Summary: {r['activity_label']}", text, unit="text",
                           n=r["n"], section=SECTION, extra={"generated": True, "numbers": said,
                                                             "purpose": list(purpose) if purpose else None}))
    return sdc.whole_sample_rule(out, case.k_min)
