"""M6: benchmarking the company against reference cases (past engagements).

Peers are chosen by sector group and size band and widened (drop size band -> macro-sector -> all cases) until at
least `n_peer_min` remain. Per metric the company is placed among its peers with a mid-rank percentile, a rank
"k-th of n+1" (1 = highest value), z and the Crawford-Howell (1998) modified t for small reference sets. How much
is shown depends on the number of peers with a value for that metric (methods.md M6, small-reference-set rules).

Spec keys read (all optional): engagement.sector / size_band / org_model; benchmark.n_peer_min (or the convention
override `conventions: {benchmark.n_peer_min: 7}`), benchmark.sector_groups {section: group},
benchmark.macro_sectors {section: macro-sector}. The company's own row,
if present in the reference set (same case_id as the engagement id), is left out of its peers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from ...facts import MACRO_SECTORS
from ...findings import Finding, Table, columns
# the vocabularies `smaa check` validates the reference set against: one definition, shared
from ...spec.columns import REFERENCE_METRICS, SIZE_BANDS, nace_section, size_band  # noqa: F401
from ...i18n import N_  # marks the notes and labels the report translates where it prints them
from ..reasons import (EQUAL_REFERENCE, FEW_REFERENCE, NO_PERCENTILES, NO_REFERENCE_COLUMN, NO_REFERENCE_SET,
                       NOT_FOR_COMPANY, Reason)

SECTION = "benchmarking"
N_PEER_MIN = 5
SECTOR_GROUPS = {"J": N_("ICT & consulting"), "M": N_("ICT & consulting")}
ATTRIBUTE_COLUMNS = ("case_id", "sector", "size_band", "year", "org_model")
METRIC_LABELS = REFERENCE_METRICS
NACE_SECTIONS = {
    "A": N_("agriculture"), "B": N_("mining"), "C": N_("manufacturing"), "D": N_("energy supply"), "E": N_("water and waste"),
    "F": N_("construction"), "G": N_("wholesale and retail trade"), "H": N_("transport and storage"),
    "I": N_("accommodation and food"), "J": N_("information and communication"), "K": N_("finance and insurance"),
    "L": N_("real estate"), "M": N_("professional, scientific and technical services"), "N": N_("administrative services"),
    "O": N_("public administration"), "P": N_("education"), "Q": N_("health and social work"), "R": N_("arts and recreation"),
    "S": N_("other services"), "T": N_("households"), "U": N_("extraterritorial organisations"),
}
STEP_TEXT = {
    "sector_size": N_("sector {group}, size band {band}"),
    "sector": N_("sector {group}, any size"),
    "macro_sector": N_("macro-sector {macro}, any size"),
    "all": N_("all reference cases"),
}

CONVENTIONS = [
    {"name": "benchmark.n_peer_min", "value": N_PEER_MIN, "source": "SMAA convention (methods.md M6)"},
    {"name": "benchmark.widening_order", "value": "size band dropped -> macro-sector -> all cases",
     "source": "SMAA convention (methods.md M6)"},
    {"name": "benchmark.small_reference_rules",
     "value": "n<5 values only; 5-9 rank and Crawford-Howell; 10-29 percentile to nearest 5; >=30 percentile 1 d.p.",
     "source": "SMAA convention (methods.md M6)"},
    {"name": "benchmark.macro_sectors", "value": "A-B primary; C-F industry; G-I trade; J-N business services; "
     "O-U public and other", "source": "SMAA convention (after Eurostat NACE Rev. 2 A*10)"},
    {"name": "benchmark.rank_direction", "value": "rank 1 = highest value; ties share the better rank",
     "source": "SMAA convention"},
    {"name": "benchmark.p_direction", "value": "one-tailed in the direction of the company's deviation",
     "source": "SMAA convention (Crawford & Howell 1998)"},
]


# ---------------------------------------------------------------- pure statistics


def _ties(x: float, ref: np.ndarray) -> np.ndarray:
    return np.isclose(ref, x, rtol=1e-9, atol=1e-12)


def percentile_rank(x: float, ref) -> float:
    """Mid-rank percentile PR = 100 (B + 0.5 E) / n."""
    ref = np.asarray(ref, dtype=float)
    equal = _ties(x, ref)
    below = (ref < x) & ~equal
    return float(100.0 * (below.sum() + 0.5 * equal.sum()) / ref.size)


def rank_of(x: float, ref) -> tuple[int, int]:
    """(k, n+1): the company's competition rank among peers plus itself, 1 = highest; ties share the better rank."""
    ref = np.asarray(ref, dtype=float)
    above = (ref > x) & ~_ties(x, ref)
    return int(above.sum()) + 1, ref.size + 1


def z_score(x: float, ref) -> float:
    ref = np.asarray(ref, dtype=float)
    return float((x - ref.mean()) / ref.std(ddof=1))


@dataclass(frozen=True)
class CrawfordHowell:
    t: float
    df: int
    p: float  # one-tailed, in the direction of the deviation
    pct_below: float  # estimated % of the reference population below x


def crawford_howell(x: float, ref) -> CrawfordHowell:
    """t = (x - mean) / (s sqrt((n+1)/n)), df = n - 1; % below = 100 T_df(t). Needs n >= 2 and s > 0."""
    ref = np.asarray(ref, dtype=float)
    n = ref.size
    s = ref.std(ddof=1)
    t = float((x - ref.mean()) / (s * math.sqrt((n + 1) / n)))
    cdf = float(special.stdtr(n - 1, t))
    return CrawfordHowell(t=t, df=n - 1, p=min(cdf, 1.0 - cdf), pct_below=100.0 * cdf)


def present_pr(pr: float, n: int) -> float | None:
    """Small-reference-set rule for percentiles: none below 10, nearest 5 below 30, else 1 d.p."""
    if n < 10:
        return None
    if n < 30:
        return float(5 * math.floor(pr / 5 + 0.5))
    return round(pr, 1)


def ordinal(k: int) -> str:
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


# ---------------------------------------------------------------- peer selection


@dataclass(frozen=True)
class PeerSelection:
    peers: pd.DataFrame
    step: str
    description: str
    tried: tuple  # ((step, n), ...) in widening order


def group_name(group: str, sector: str, members: list[str]) -> str:
    """'ICT & consulting (NACE J + M)' or 'NACE G (wholesale and retail trade)'."""
    if group != sector:
        return f"{group} (NACE {' + '.join(members)})"
    return f"NACE {sector} ({NACE_SECTIONS[sector]})" if sector in NACE_SECTIONS else sector


def rule_parts(sector, band, groups: dict, macros: dict) -> dict:
    """What the rule descriptions are written from (the report writes them again in the client's language)."""
    if sector is None:
        return {}
    group = groups.get(sector, sector)
    members = sorted(s for s, g in groups.items() if g == group) or [sector]
    return {"sector": sector, "sector_name": NACE_SECTIONS.get(sector), "group": group, "members": members,
            "band": band, "macro": macros.get(sector)}


def _steps(ref: pd.DataFrame, sector, band, groups: dict, macros: dict) -> list[tuple[str, str, pd.Series]]:
    sectors = ref["sector"].map(nace_section)
    bands = ref["size_band"].map(size_band) if "size_band" in ref else pd.Series(None, index=ref.index)
    steps = []
    if sector is not None:
        parts = rule_parts(sector, band, groups, macros)
        group, name = parts["group"], group_name(parts["group"], sector, parts["members"])
        in_group = sectors.map(lambda s: s is not None and groups.get(s, s) == group)
        if band is not None:
            steps.append(("sector_size", STEP_TEXT["sector_size"].format(group=name, band=band),
                          in_group & (bands == band)))
        steps.append(("sector", STEP_TEXT["sector"].format(group=name), in_group))
        if sector in macros:
            macro = macros[sector]
            # a reference row coarsened to its macro-sector for k-anonymity (portfolio/reference.py) joins here
            steps.append(("macro_sector", STEP_TEXT["macro_sector"].format(macro=macro),
                          sectors.map(lambda s: macros.get(s) == macro or s == macro.lower())))
    steps.append(("all", STEP_TEXT["all"], pd.Series(True, index=ref.index)))
    return steps


def select_peers(ref: pd.DataFrame, sector, band, n_peer_min: int = N_PEER_MIN,
                 groups: dict | None = None, macros: dict | None = None) -> PeerSelection:
    """First rule in the widening order that leaves at least n_peer_min cases (else all cases)."""
    groups = SECTOR_GROUPS if groups is None else groups
    macros = MACRO_SECTORS if macros is None else macros
    tried = []
    for step, text, mask in _steps(ref, nace_section(sector), size_band(band), groups, macros):
        n = int(mask.sum())
        tried.append((step, n))
        if n >= n_peer_min or step == "all":
            return PeerSelection(ref[mask.to_numpy()], step, text, tuple(tried))
    raise AssertionError("unreachable: the 'all' step always returns")


# ---------------------------------------------------------------- per-metric comparison


def compare(x: float, ref) -> dict:
    """Every statistic for one metric, with the small-reference-set rules applied and a reason for each gap."""
    ref = np.asarray(ref, dtype=float)
    n = ref.size
    row = {"company": x, "n": n, "peer_median": None, "q1": None, "q3": None, "pr": None, "pr_raw": None,
           "rank": None, "rank_of": n + 1, "t": None, "df": None, "p": None, "pct_below": None, "z": None,
           "reason": ""}
    if n < 5:
        row["reason"] = Reason(FEW_REFERENCE[1 if n == 1 else "many"], n=n)
        return row
    q1, med, q3 = np.percentile(ref, [25, 50, 75])
    row.update(peer_median=float(med), q1=float(q1), q3=float(q3), rank=rank_of(x, ref)[0])
    row["pr_raw"] = percentile_rank(x, ref)
    row["pr"] = present_pr(row["pr_raw"], n)
    if ref.std(ddof=1) == 0:
        row["reason"] = Reason(EQUAL_REFERENCE)
        return row
    ch = crawford_howell(x, ref)
    row.update(t=ch.t, df=ch.df, p=ch.p, pct_below=ch.pct_below, z=z_score(x, ref))
    if row["pr"] is None:
        row["reason"] = Reason(NO_PERCENTILES, n=n)
    return row


def _metric_findings(metric: str, row: dict) -> list[Finding]:
    label = METRIC_LABELS.get(metric, metric)
    base = f"benchmark.{metric}"
    why = row["reason"]
    rank_text = f"{ordinal(row['rank'])} of {row['rank_of']}" if row["rank"] is not None else None
    pr_dec = 1 if row["n"] >= 30 else 0
    return [
        Finding(f"{base}.pr", f"{label}: percentile among peers", row["pr"], unit="%", n=row["n"], decimals=pr_dec,
                reason="" if row["pr"] is not None else why, section=SECTION, extra={"raw": row["pr_raw"]}),
        Finding(f"{base}.rank", f"{label}: rank among peers (1 = highest)", row["rank"], n=row["n"], decimals=0,
                reason="" if row["rank"] is not None else why, section=SECTION,
                extra={"of": row["rank_of"], "text": rank_text}),
        Finding(f"{base}.t", f"{label}: Crawford-Howell t", row["t"], n=row["n"], p=row["p"], decimals=2,
                reason="" if row["t"] is not None else why, section=SECTION,
                extra={"df": row["df"], "pct_below": row["pct_below"], "z": row["z"]}),
        Finding(f"{base}.p", f"{label}: one-tailed p (Crawford-Howell)", row["p"], n=row["n"], decimals=3,
                reason="" if row["p"] is not None else why, section=SECTION, extra={"df": row["df"]}),
    ]


# ---------------------------------------------------------------- tables


METRIC_COLUMNS = columns(
    ("metric", N_("Metric")),
    ("metric_label", N_("Metric")),
    ("company", N_("Company"), "number", 2),
    ("peer_median", N_("Peer median"), "number", 2),
    ("q1", N_("Peer Q1"), "number", 2),
    ("q3", N_("Peer Q3"), "number", 2),
    ("pr", N_("Percentile"), "number", 1),
    ("rank", N_("Rank (1 = highest)"), "int"),
    ("rank_of", N_("of"), "int"),
    ("n", N_("Peers (n)"), "int"),
    ("t", N_("Crawford-Howell t"), "number", 2),
    ("df", N_("df"), "int"),
    ("p", N_("One-tailed p"), "number", 3),
    ("pct_below", N_("Est. % of population below"), "percent", 1),
    ("z", N_("z"), "number", 2),
    ("reason", N_("Note")),
)
PEER_COLUMNS = [
    {"name": "metric", "label": N_("Metric"), "kind": "text"},
    {"name": "case_id", "label": N_("Case"), "kind": "text"},
    {"name": "role", "label": N_("Role"), "kind": "text"},
    {"name": "value", "label": N_("Value"), "kind": "number", "decimals": 2},
]
ORG_COLUMNS = [
    {"name": "org_model", "label": N_("Organisational model"), "kind": "text"},
    {"name": "n", "label": N_("Peers (n)"), "kind": "int"},
    {"name": "share", "label": N_("Share of peers"), "kind": "percent", "decimals": 1},
    {"name": "company", "label": N_("Company's model"), "kind": "text"},
]


def pseudonyms(case_ids) -> dict:
    """Stable peer labels P01, P02, ... (sorted by case_id) so that past clients are never named."""
    ids = sorted({str(c) for c in case_ids})
    width = max(2, len(str(len(ids))))
    return {c: f"P{i:0{width}d}" for i, c in enumerate(ids, start=1)}


def org_model_rows(peers: pd.DataFrame, company_model) -> list[dict]:
    models = peers["org_model"].fillna("unknown").astype(str) if "org_model" in peers else pd.Series(dtype=str)
    counts = models.value_counts()
    if company_model and company_model not in counts:
        counts[company_model] = 0
    total = max(len(models), 1)
    return [{"org_model": m, "n": int(counts[m]), "share": 100.0 * counts[m] / total,
             "company": "yes" if m == company_model else ""} for m in sorted(counts.index)]


# ---------------------------------------------------------------- run


def metric_columns(ref: pd.DataFrame) -> list[str]:
    return sorted(c for c in ref.columns if c not in ATTRIBUTE_COLUMNS)


def _config(case) -> dict:
    cfg, conv = dict(case.settings.benchmark), case.settings.conventions
    n_min = cfg.get("n_peer_min", conv.get("benchmark.n_peer_min", (conv.get("benchmark") or {}).get("n_peer_min")))
    return {"n_peer_min": int(N_PEER_MIN if n_min is None else n_min),
            "groups": {**SECTOR_GROUPS, **(cfg.get("sector_groups") or {})},
            "macros": {**MACRO_SECTORS, **(cfg.get("macro_sectors") or {})}}


def _no_reference(reason: str) -> list:
    return [Finding("benchmark.peer_rule", "Peer-group rule", None, reason=reason, section=SECTION),
            Finding("benchmark.n_peers", "Reference cases in the peer group", None, reason=reason, section=SECTION)]


def _is_missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def run_from_findings(case, fs) -> list[Finding | Table]:
    """The registry's entry: the company's metric vector from the chapters' findings (indicators.py), then run()."""
    from ..indicators import company_metrics

    return run(case, company_metrics(fs))


def run(case, company_metrics: dict[str, float]) -> list[Finding | Table]:
    if not case.has("reference") or case.tables["reference"].empty:
        return _no_reference(Reason(NO_REFERENCE_SET))
    eng = case.settings.engagement
    cfg = _config(case)
    ref = case.tables["reference"]
    ref = ref[ref["case_id"].astype(str) != str(eng.id)]
    sel = select_peers(ref, eng.sector, eng.size_band, cfg["n_peer_min"], cfg["groups"], cfg["macros"])
    n_peers = len(sel.peers)
    out: list = [
        Finding("benchmark.peer_rule", "Peer-group rule", sel.description, n=n_peers, section=SECTION,
                extra={"step": sel.step, "widened": sel.tried[0][0] != sel.step,
                       "tried": [{"step": s, "n": n} for s, n in sel.tried], "n_peer_min": cfg["n_peer_min"],
                       "rule": {"text": STEP_TEXT[sel.step], **rule_parts(nace_section(eng.sector),
                                                                         size_band(eng.size_band),
                                                                         cfg["groups"], cfg["macros"])}}),
        Finding("benchmark.n_peers", "Reference cases in the peer group", n_peers, n=n_peers, decimals=0,
                section=SECTION),
    ]
    names = pseudonyms(sel.peers["case_id"])
    metric_rows, peer_rows = [], []
    for metric in sorted(company_metrics):
        x = company_metrics[metric]
        if metric not in ref.columns or metric in ATTRIBUTE_COLUMNS:
            reason = Reason(NO_REFERENCE_COLUMN, metric=metric)
        elif _is_missing(x):
            reason = Reason(NOT_FOR_COMPANY)
        else:
            reason = ""
        if reason:
            out += [Finding(f"benchmark.{metric}.{s}", f"{METRIC_LABELS.get(metric, metric)}: {s}", None,
                            reason=reason, section=SECTION) for s in ("pr", "rank", "t", "p")]
            continue
        values = pd.to_numeric(sel.peers[metric], errors="coerce")
        keep = values.notna().to_numpy()
        row = compare(float(x), values[keep].to_numpy())
        out += _metric_findings(metric, row)
        metric_rows.append({"metric": metric, "metric_label": METRIC_LABELS.get(metric, metric),
                            **{c["name"]: row.get(c["name"]) for c in METRIC_COLUMNS[2:]}})
        ids = sel.peers["case_id"].astype(str).to_numpy()[keep]
        peer_rows += sorted(({"metric": metric, "case_id": names[c], "role": "peer", "value": float(v)}
                             for c, v in zip(ids, values[keep])), key=lambda r: (r["case_id"],))
        peer_rows.append({"metric": metric, "case_id": "company", "role": "company", "value": float(x)})
    company_model = eng.org_model
    out += [
        Table("benchmark.metrics", "Company versus peers, per metric", METRIC_COLUMNS, metric_rows, section=SECTION,
              note=f"Peers: {sel.description} (n = {n_peers}).", n=n_peers),
        Table("benchmark.peers", "Peer values per metric (pseudonymous)", PEER_COLUMNS, peer_rows, section=SECTION,
              n=n_peers),
        Table("benchmark.org_model", "Organisational model of the peers", ORG_COLUMNS,
              org_model_rows(sel.peers, company_model), section=SECTION, n=n_peers),
    ]
    return out
