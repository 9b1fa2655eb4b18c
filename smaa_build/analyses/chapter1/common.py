"""Shared readers for the chapter-1 analyses (M1–M5): the spec's organisation, conventions and the consensus codes.

Nothing here assumes the demo's ids: functions, levels, activities and the rating scale come from the spec.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

import numpy as np
import pandas as pd

from ...spec.case import Settings, settings
from ..value.frames import bare

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


def _absent(v) -> bool:
    return v is None or v is pd.NA or v != v  # NaN is the only value unequal to itself


def distinct_per(keys, ids) -> dict:
    """groupby(keys)[ids].nunique() as a dict: distinct present ids per present key (a key whose ids are all
    missing counts 0), without a pandas groupby for a few hundred rows."""
    out: dict = {}
    for key, i in zip(keys, ids):
        if not _absent(key):
            seen = out.setdefault(key, set())
            if not _absent(i):
                seen.add(i)
    return {key: len(seen) for key, seen in out.items()}


def grouped(frame: pd.DataFrame, by: list[str], id_col: str | None = None) -> tuple[pd.DataFrame, list] | None:
    """A sorted groupby in plain Python, for the small interview tables where pandas' groupby machinery costs
    more than the statistics: the groups' keys as a groupby's result frame holds them (same types) and each
    group's row positions in row order. None where pandas must decide: a missing key (or id in `id_col`), a
    categorical key, an object key holding other than strings (a groupby infers its type), keys that do not sort."""
    columns = [frame[c].tolist() for c in by]
    if any(isinstance(frame[c].dtype, pd.CategoricalDtype) or (frame[c].dtype == object and not all(
            isinstance(v, str) for v in col)) for c, col in zip(by, columns)):
        return None
    if any(frame[c].hasnans for c in [*by, *([id_col] if id_col else [])]):
        return None
    groups: dict = {}
    for pos, key in enumerate(zip(*columns)):
        groups.setdefault(key, []).append(pos)
    try:
        order = sorted(groups)
    except TypeError:
        return None
    keys = frame[by].iloc[[groups[k][0] for k in order]].reset_index(drop=True)
    for c in by:  # an object key column of strings comes out of a groupby as str, as out of an Index
        if keys[c].dtype == object:
            keys[c] = pd.Index(keys[c].to_numpy(dtype=object))
    return keys, [groups[k] for k in order]


def is_missing(v) -> bool:
    if isinstance(v, str):  # the common case first: reliability asks this of every code
        return v.strip().lower() in MISSING_TEXT
    if v is None or v is pd.NA:
        return True
    return isinstance(v, float) and np.isnan(v)


def table(case, kind: str) -> pd.DataFrame:
    """A case's table without its attrs (its file and column names, for located errors): pandas deep-copies
    them into every result, which on the interview tables cost more than the operations themselves."""
    return bare(case.tables[kind])


_DERIVED: dict[int, dict] = {}


def derived(case, name: str, kinds: tuple[str, ...], compute) -> pd.DataFrame:
    """compute(case), once per case: the codes, the interviewees and the use units are read by every chapter-1
    analysis, M12's tables and the risk indicators, and deriving them again cost a run about a third of its
    time. Kept while the case lives, keyed by the identity of the spec and of the tables they come from (a case
    given another table computes afresh); callers get a shallow copy, theirs to change (copy-on-write)."""
    try:
        entry = _DERIVED.get(id(case))
        if entry is None or entry["case"]() is not case:
            entry = _DERIVED[id(case)] = {"case": weakref.ref(case)}
            weakref.finalize(case, _DERIVED.pop, id(case), None)
    except TypeError:  # not weakly referable: computed each time
        return compute(case)
    sources = (case.spec, *(case.tables.get(k) for k in kinds))
    kept = entry.get(name)
    if kept is None or any(a is not b for a, b in zip(kept[0], sources)):
        kept = entry[name] = (sources, compute(case))
    return kept[1].copy(deep=False)


def interviewees(case) -> pd.DataFrame:
    """interviewee_id, function, level, level_rank, unique_role (False when absent), as plain Python types."""
    return derived(case, "interviewees", ("interviewees",), _interviewees)


def _interviewees(case) -> pd.DataFrame:
    cols = ["interviewee_id", "function", "level", "level_rank", "unique_role"]
    if not case.has("interviewees"):
        return pd.DataFrame(columns=cols)
    df = table(case, "interviewees")
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
    return derived(case, "codes", ("codes",), _codes)


def _codes(case) -> pd.DataFrame:
    cols = ["interviewee_id", "coder_id", "activity", "dimension", "value"]
    if not case.has("codes"):
        return pd.DataFrame(columns=cols)
    df = table(case, "codes")[cols].astype(str)
    df = df.apply(lambda s: s.str.strip())
    return df[~df["value"].str.lower().isin(MISSING_TEXT)].reset_index(drop=True)


def consensus_codes(case) -> pd.DataFrame:
    return derived(case, "consensus", ("codes",), _consensus_codes)


def _consensus_codes(case) -> pd.DataFrame:
    df = codes(case)
    return df[df["coder_id"].str.lower() == CONSENSUS].reset_index(drop=True)


def _number(text: str) -> float:
    """pd.to_numeric(errors="coerce") of one code: plain decimals directly (every validated use or intensity
    code), anything else through pandas so that odd text parses as it always did."""
    if _DECIMAL.fullmatch(text):
        return float(text)
    return float(pd.to_numeric(pd.Series([text]), errors="coerce").iloc[0])


_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?")


def _unit_maxima(cons: pd.DataFrame) -> dict[tuple[str, str], dict[str, float]]:
    """Per (interviewee, activity) with a use or intensity code: the largest numeric code of each (NaN when
    none parses), as a groupby max per dimension gives; a dict pass, the codes being a few thousand rows."""
    out: dict = {}
    for pid, act, dim, value in zip(*(cons[c].tolist() for c in ("interviewee_id", "activity", "dimension", "value"))):
        if dim in ("use", "intensity"):
            unit = out.setdefault((pid, act), {})
            x, old = _number(value), unit.get(dim)
            unit[dim] = x if old is None or old != old or (x == x and x > old) else old
    return out


def use_units(case) -> pd.DataFrame:
    """One row per interviewee × activity with consensus `use` and `intensity` and the interviewee's groups.

    Codebook logic, not imputation: intensity 0 means "none", so a missing use with a coded intensity takes
    use = [intensity > 0], and use = 0 with no intensity code takes intensity 0. Anything else stays missing."""
    return derived(case, "use_units", ("codes", "interviewees"), _use_units)


def _use_units(case) -> pd.DataFrame:
    nan, rows, cons = float("nan"), [], consensus_codes(case)
    for (pid, act), codes_ in sorted(_unit_maxima(cons).items()):
        use, inten = codes_.get("use", nan), codes_.get("intensity", nan)
        if use != use:
            use = float(inten > 0) if inten == inten else nan
        if inten != inten and use == 0:
            inten = 0.0
        rows.append((pid, act, use, inten))
    # typed as grouping the codes typed them: the ids keep the codes' column types, use and intensity are floats
    units = pd.DataFrame(rows, columns=["interviewee_id", "activity", "use", "intensity"]).astype(
        {"interviewee_id": cons["interviewee_id"].dtype, "activity": cons["activity"].dtype, "use": float,
         "intensity": float})
    units = units.merge(interviewees(case), on="interviewee_id", how="inner")
    return units.sort_values(["activity", "interviewee_id"]).reset_index(drop=True)
