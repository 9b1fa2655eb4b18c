"""Shared readers for the chapter-1 analyses (M1–M5): the spec's organisation, conventions and the consensus codes.

Nothing here assumes the demo's ids: functions, levels, activities and the rating scale come from the spec.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ...spec.case import Settings, settings

CONSENSUS = "consensus"
MISSING_TEXT = {"", "nan", "none", "<na>", "na"}


def _typed(spec) -> Settings:
    """The typed case: callers hand the case's raw spec (settings built here) or its Settings."""
    return spec if isinstance(spec, Settings) else settings(spec)


def convention(spec, name: str, default: Any) -> Any:
    """Value of a [SMAA convention] overridden by name in the case's `conventions:` (e.g.
    "diffusion.hdi_widespread": 0.7, as the appendix lists it); the default otherwise."""
    return _typed(spec).conventions.get(name, default)


def org_ids(spec, kind: str) -> list[str]:
    return [u.id for u in getattr(_typed(spec).organisation, kind)]


def org_labels(spec, kind: str) -> dict[str, str]:
    return _typed(spec).organisation.labels(kind)


def level_ranks(spec) -> dict[str, int]:
    return {u.id: int(u.rank) for u in _typed(spec).organisation.levels}


def management_levels(spec) -> list[str]:
    """Declared management levels; without a declaration, the levels of the two top ranks (M4.3 default)."""
    declared = _typed(spec).organisation.management_levels
    if declared:
        return [str(x) for x in declared]
    ranks = level_ranks(spec)
    top = sorted(set(ranks.values()))[:2]
    return [lvl for lvl, r in ranks.items() if r in top]


def rating_scale(spec) -> tuple[float, float]:
    ratings = _typed(spec).data.get("ratings") or {}
    lo, hi = ratings.get("scale", [1, 5])
    return float(lo), float(hi)


def k_min(spec) -> int:
    return _typed(spec).report.k_min


def ordered(values, preferred: list[str]) -> list[str]:
    """`values` in the spec's order, unknown ones after it in sorted order."""
    present = {str(v) for v in values}
    return [v for v in preferred if v in present] + sorted(present - set(preferred))


def positions(keys: list) -> dict:
    """Row positions of each key, keys in sorted order: a sorted groupby for the small interview tables, where
    a pandas groupby per group costs more than the statistic it feeds. Positions keep the row order."""
    out: dict = {}
    for i, k in enumerate(keys):
        out.setdefault(k, []).append(i)
    return {k: out[k] for k in sorted(out)}


def is_missing(v) -> bool:
    if v is None or v is pd.NA:
        return True
    if isinstance(v, float) and np.isnan(v):
        return True
    return isinstance(v, str) and v.strip().lower() in MISSING_TEXT


def interviewees(case) -> pd.DataFrame:
    """interviewee_id, function, level, level_rank, unique_role (False when absent), as plain Python types."""
    cols = ["interviewee_id", "function", "level", "level_rank", "unique_role"]
    if not case.has("interviewees"):
        return pd.DataFrame(columns=cols)
    df = case.tables["interviewees"]
    ranks = level_ranks(case.spec)
    out = pd.DataFrame({
        "interviewee_id": df["interviewee_id"].astype(str),
        "function": df["function"].astype(str),
        "level": df["level"].astype(str),
    })
    out["level_rank"] = out["level"].map(ranks)
    flag = df["unique_role"] if "unique_role" in df.columns else pd.Series(False, index=df.index)
    out["unique_role"] = [bool(v) if not is_missing(v) else False for v in flag]
    return out.reset_index(drop=True)[cols]


def codes(case) -> pd.DataFrame:
    """All coded rows as strings, blank values dropped."""
    cols = ["interviewee_id", "coder_id", "activity", "dimension", "value"]
    if not case.has("codes"):
        return pd.DataFrame(columns=cols)
    df = case.tables["codes"][cols].astype(str)
    df = df.apply(lambda s: s.str.strip())
    return df[~df["value"].str.lower().isin(MISSING_TEXT)].reset_index(drop=True)


def consensus_codes(case) -> pd.DataFrame:
    df = codes(case)
    return df[df["coder_id"].str.lower() == CONSENSUS].reset_index(drop=True)


def _numeric_dimension(cons: pd.DataFrame, dim: str) -> pd.Series:
    sub = cons[cons["dimension"] == dim]
    vals = pd.to_numeric(sub["value"], errors="coerce")
    return vals.groupby([sub["interviewee_id"], sub["activity"]]).max()


def use_units(case) -> pd.DataFrame:
    """One row per interviewee × activity with consensus `use` and `intensity` and the interviewee's groups.

    Codebook logic, not imputation: intensity 0 means "none", so a missing use with a coded intensity takes
    use = [intensity > 0], and use = 0 with no intensity code takes intensity 0. Anything else stays missing."""
    cons = consensus_codes(case)
    use = _numeric_dimension(cons, "use").rename("use")
    inten = _numeric_dimension(cons, "intensity").rename("intensity")
    units = pd.concat([use, inten], axis=1).reset_index()
    units.columns = ["interviewee_id", "activity", "use", "intensity"]
    units["use"] = units["use"].where(units["use"].notna(), (units["intensity"] > 0).where(units["intensity"].notna()))
    units["intensity"] = units["intensity"].where(~(units["intensity"].isna() & (units["use"] == 0)), 0.0)
    units["use"] = units["use"].astype(float)
    units["intensity"] = units["intensity"].astype(float)
    people = interviewees(case)
    units = units.merge(people, on="interviewee_id", how="inner")
    return units.sort_values(["activity", "interviewee_id"]).reset_index(drop=True)
