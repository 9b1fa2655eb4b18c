"""M4.4 horizontal alignment (silos): KPI overlap between functions (Jaccard) and the reporting-flow network.
Part of the alignment chapter; alignment.run calls run(case) here and its keys are alignment.*.

KPI sets rest on the interviewees of a function: a pair is suppressed when either function is below k_min (M12).
Flows describe reporting lines between function × level nodes, not answers of respondents, so they are not
suppressed; the network figures are whole-organisation statistics.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from ...findings import Finding, Table, columns
from ...i18n import N_  # marks the notes and labels the report translates where it prints them

from .. import disclosure as sdc
from ..reasons import FEW_KPI_FUNCTIONS, FEW_NODES, NO_DISTINCT_FLOW, NO_FLOWS, NO_KPI_LIST, NO_KPI_PAIR, Reason
from .common import (consensus_codes, convention, distinct_per, interviewees, level_ranks, org_ids, org_labels, ordered,
                     positions, table)

SECTION = "alignment"
JACCARD_SILO, JACCARD_SHARED = 0.10, 0.30

CONVENTIONS = [
    {"name": "alignment.jaccard_silo", "value": JACCARD_SILO,
     "source": "SMAA convention (methods.md M4.4: mean KPI Jaccard < 0.10 → silo)"},
    {"name": "alignment.jaccard_shared", "value": JACCARD_SHARED,
     "source": "SMAA convention (methods.md M4.4: > 0.30 shared vocabulary)"},
]


def jaccard(a: set, b: set) -> float | None:
    union = set(a) | set(b)
    return len(set(a) & set(b)) / len(union) if union else None


def jaccard_pairs(sets: dict[str, set]) -> list[dict]:
    """Every unordered pair of groups (sorted) with |∩|, |∪| and J (None when both sets are empty)."""
    return [{"a": a, "b": b, "shared": len(sets[a] & sets[b]), "union": len(sets[a] | sets[b]),
             "jaccard": jaccard(sets[a], sets[b])} for a, b in itertools.combinations(sorted(sets), 2)]


def mean_jaccard(pairs: list[dict]) -> float | None:
    vals = [p["jaccard"] for p in pairs if p["jaccard"] is not None]
    return float(np.mean(vals)) if vals else None


def jaccard_band(j: float | None, silo: float = JACCARD_SILO, shared: float = JACCARD_SHARED) -> str:
    if j is None:
        return ""
    return "silo" if j < silo else ("shared vocabulary" if j > shared else "partial")


def flow_network(edges: pd.DataFrame, top_levels: set[str], functions: list[str]) -> dict:
    """Directed graph on function × level nodes (self-loops dropped, parallel rows merged): density E/(V(V−1)),
    share of cross-function edges, share of edges reaching a top level, functions with no outgoing flow."""
    e = edges[["from_function", "from_level", "to_function", "to_level"]].astype(str).drop_duplicates()
    e = e[(e["from_function"] != e["to_function"]) | (e["from_level"] != e["to_level"])]
    nodes = set(zip(e["from_function"], e["from_level"])) | set(zip(e["to_function"], e["to_level"]))
    v, n_e = len(nodes), len(e)
    senders = set(e["from_function"])
    return {"nodes": v, "edges": n_e,
            "density": n_e / (v * (v - 1)) if v >= 2 else None,
            "cross_function_share": float((e["from_function"] != e["to_function"]).mean()) if n_e else None,
            "reach_top_share": float(e["to_level"].isin(top_levels).mean()) if n_e else None,
            "isolated": sorted(f for f in functions if f not in senders)}


# ---------------------------------------------------------------- run

def _kpi_sets(kpis: pd.DataFrame) -> tuple[dict[str, set], dict[str, int]]:
    k = pd.DataFrame({"interviewee_id": kpis["interviewee_id"].astype(str), "function": kpis["function"].astype(str),
                      "kpi": kpis["kpi_name"].astype(str).str.strip().str.lower()})
    k = k[k["kpi"] != ""]
    functions, names = k["function"].tolist(), k["kpi"].tolist()
    sets = {f: {names[i] for i in pos} for f, pos in positions(functions).items()}
    return sets, distinct_per(functions, k["interviewee_id"].tolist())


KPI_COLUMNS = columns(
    ("function_a_label", N_("Function")),
    ("function_b_label", N_("Function")),
    ("n_a", N_("Interviewees (first)"), "int"),
    ("n_b", N_("Interviewees (second)"), "int"),
    ("shared", N_("Shared KPIs"), "int"),
    ("union", N_("KPIs in either"), "int"),
    ("jaccard", N_("Jaccard"), "number", 2),
)


def _complement_pairs(rows: list[dict]) -> bool:
    """The published mean would give away a lone suppressed pair by subtraction (M12 complementary
    suppression): suppress a second pair (the smallest published one), or the mean when none is left.
    Returns whether the mean itself must be suppressed."""
    counted = [r for r in rows if r["jaccard"] is not None]
    hidden = [r for r in counted if r["suppressed"]]
    if len(hidden) != 1:
        return False
    shown = sorted((r for r in counted if not r["suppressed"]), key=lambda r: (r["union"], r["function_a"], r["function_b"]))
    if not shown:
        return True
    shown[0]["suppressed"] = True
    return False


def kpi_overlap(case) -> list:
    """alignment.kpi_jaccard_mean and the alignment.kpi_jaccard pair table."""
    if not case.has("kpis") or case.tables["kpis"].empty:
        return [Finding("alignment.kpi_jaccard_mean", "Mean KPI overlap between functions (Jaccard)", None,
                        reason=Reason(NO_KPI_LIST), section=SECTION)]
    sets, sizes = _kpi_sets(table(case, "kpis"))
    pairs = jaccard_pairs(sets)
    labels = org_labels(case.spec, "functions")
    people = interviewees(case)
    unique = set(people.loc[people["unique_role"], "function"]) if sdc.unique_role_scope(case.spec) == "any" else set()
    rows = [{"function_a": p["a"], "function_b": p["b"], "function_a_label": labels.get(p["a"], p["a"]),
             "function_b_label": labels.get(p["b"], p["b"]), "n_a": sizes[p["a"]], "n_b": sizes[p["b"]],
             "shared": p["shared"], "union": p["union"], "jaccard": p["jaccard"],
             "suppressed": not all(sdc.publishable(sizes[f], f in unique, case.k_min) for f in (p["a"], p["b"]))}
            for p in pairs]
    mean_hidden = _complement_pairs(rows)
    mean = mean_jaccard(pairs)
    silo, shared = (convention(case.spec, f"alignment.jaccard_{x}", d) for x, d in
                    (("silo", JACCARD_SILO), ("shared", JACCARD_SHARED)))
    reason = "" if mean is not None else Reason(FEW_KPI_FUNCTIONS if len(sets) < 2 else NO_KPI_PAIR)
    n = int(case.tables["kpis"]["interviewee_id"].astype(str).nunique())
    return [Finding("alignment.kpi_jaccard_mean", "Mean KPI overlap between functions (Jaccard)", mean, n=n,
                    decimals=2, reason=reason, section=SECTION, suppressed=mean_hidden,
                    extra={"pairs": sum(p["jaccard"] is not None for p in pairs), "functions": len(sets),
                           "band": jaccard_band(mean, silo, shared)}),
            Table("alignment.kpi_jaccard", "KPI overlap between pairs of functions",
                  [{"name": "function_a", "label": N_("Function id"), "kind": "text"},
                   {"name": "function_b", "label": N_("Function id"), "kind": "text"}, *KPI_COLUMNS], rows,
                  section=SECTION, n=n, note=N_("Pairs involving a function with too few interviewees to be shown "
                                                "are withheld; the mean uses every pair with at least one KPI."))]


def _producers(case) -> list[str]:
    """Functions that produce SMI: someone uses it (consensus use = 1) or names an SMI KPI; without codes or
    KPIs, every function interviewed."""
    cons = consensus_codes(case)
    users = set(cons.loc[(cons["dimension"] == "use") & (cons["value"] == "1"), "interviewee_id"])
    people = interviewees(case)
    found = set(people.loc[people["interviewee_id"].isin(users), "function"])
    if case.has("kpis"):
        found |= set(case.tables["kpis"]["function"].astype(str))
    if not found:
        found = set(people["function"]) or set(org_ids(case.spec, "functions"))
    return ordered(found, org_ids(case.spec, "functions"))


FLOW_COLUMNS = [
    {"name": "from_function_label", "label": N_("From function"), "kind": "text"},
    {"name": "from_level_label", "label": N_("From level"), "kind": "text"},
    {"name": "to_function_label", "label": N_("To function"), "kind": "text"},
    {"name": "to_level_label", "label": N_("To level"), "kind": "text"},
    {"name": "artefacts", "label": N_("Artefacts"), "kind": "text"},
    {"name": "frequency_per_month", "label": N_("Per month"), "kind": "number", "decimals": 1},
]
FLOW_KEYS = {"density": "Density of the SMI reporting network", "cross_function_share":
             "Share of reporting flows that cross functions", "reach_top_share":
             "Share of reporting flows reaching the top level", "isolated_producers":
             "Functions producing SMI with no outgoing reporting flow"}


def _total(values: np.ndarray) -> float:
    """Series.sum(min_count=1) of floats: missing values add nothing (as zeros, so the same sum), none -> NaN."""
    missing = np.isnan(values)
    return float("nan") if missing.all() else float(np.where(missing, 0.0, values).sum())


def flow_edges(flows: pd.DataFrame, spec, top: set[str]) -> list[dict]:
    """Distinct directed edges (self-loops dropped) with their artefacts and summed monthly frequency."""
    keys = ["from_function", "from_level", "to_function", "to_level"]
    f = flows.copy()
    f[keys] = f[keys].astype(str)
    f = f[(f["from_function"] != f["to_function"]) | (f["from_level"] != f["to_level"])]
    fl, ll = org_labels(spec, "functions"), org_labels(spec, "levels")
    artefacts = f["artefact"].tolist() if "artefact" in f else None
    freqs = (pd.to_numeric(f["frequency_per_month"], errors="coerce").to_numpy(float)
             if "frequency_per_month" in f else None)
    rows = []
    for k, pos in positions(list(zip(*(f[c].tolist() for c in keys)))).items():
        e = dict(zip(keys, k))
        arts = sorted({str(artefacts[i]) for i in pos if not pd.isna(artefacts[i])}) if artefacts is not None else []
        freq = _total(freqs[pos]) if freqs is not None else None
        rows.append({**e, "from_function_label": fl.get(e["from_function"], e["from_function"]),
                     "from_level_label": ll.get(e["from_level"], e["from_level"]),
                     "to_function_label": fl.get(e["to_function"], e["to_function"]),
                     "to_level_label": ll.get(e["to_level"], e["to_level"]), "artefacts": ", ".join(arts),
                     "frequency_per_month": None if freq is None or pd.isna(freq) else float(freq),
                     "cross_function": e["from_function"] != e["to_function"], "reaches_top": e["to_level"] in top})
    return rows


def reporting_flows(case) -> list:
    """alignment.flows.* findings and the alignment.flows edge table."""
    if not case.has("flows") or case.tables["flows"].empty:
        return [Finding(f"alignment.flows.{k}", label, None, reason=Reason(NO_FLOWS),
                        section=SECTION) for k, label in FLOW_KEYS.items()]
    ranks = level_ranks(case.spec)
    top = {lvl for lvl, r in ranks.items() if r == min(ranks.values())}
    producers = _producers(case)
    flows = table(case, "flows")
    net = flow_network(flows, top, producers)
    labels = org_labels(case.spec, "functions")
    why = {"density": Reason(FEW_NODES)}
    out = [Finding(f"alignment.flows.{k}", FLOW_KEYS[k], net[k], unit="share", n=net["edges"], decimals=3,
                   reason="" if net[k] is not None else why.get(k, Reason(NO_DISTINCT_FLOW)),
                   section=SECTION, extra={"nodes": net["nodes"], "edges": net["edges"]})
           for k in ("density", "cross_function_share", "reach_top_share")]
    out.append(Finding("alignment.flows.isolated_producers", FLOW_KEYS["isolated_producers"], len(net["isolated"]),
                       unit="count", n=len(producers), decimals=0, section=SECTION,
                       extra={"functions": net["isolated"], "labels": [labels.get(f, f) for f in net["isolated"]]}))
    out.append(Table("alignment.flows", "SMI reporting flows between functions and levels",
                     [{"name": k, "label": k.replace("_", " "), "kind": "text"} for k in
                      ("from_function", "from_level", "to_function", "to_level")] + FLOW_COLUMNS,
                     flow_edges(flows, case.spec, top), section=SECTION, n=net["edges"],
                     note="Reporting lines between function × level nodes (organisational, not respondent data)."))
    return out


def run(case) -> list:
    return sdc.whole_sample_rule(kpi_overlap(case), case.k_min) + reporting_flows(case)
