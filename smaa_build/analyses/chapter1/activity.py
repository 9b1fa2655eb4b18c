"""The use units grouped once per activity, for M2, M3 (diffusion) and M5 (mapping), which read every activity,
and the per-activity M3 statements made from them (top–front gap, reach) with their M12 verdicts.

A case has a few hundred units (interviewee × activity); filtering and grouping them with pandas once per
activity and group cost far more than the arithmetic, so the rows are grouped here in one pass of plain Python.
Shares and mean intensities are means of integer codes (use 0/1, intensity 0–3, as validated), so the sum over
the count gives the same bits as pandas' groupby mean; groups come in the order of a sorted groupby.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import disclosure as sdc

STAT_KEYS = ("n", "share", "any_use", "mean_intensity")


def _rows(units: pd.DataFrame, cols: list[str]) -> list[tuple]:
    return list(zip(*(units[c].tolist() for c in cols)))


def _coded(units: pd.DataFrame, by: list[str] = ()) -> pd.DataFrame:
    """The units with use coded and every grouping key present (what a groupby of the coded units groups)."""
    keep = units["use"].notna()
    for c in by:
        keep &= units[c].notna()
    return units[keep]


def _mean(values: list[float]) -> float:
    kept = [v for v in values if v == v]  # NaN is the only float unequal to itself
    return sum(kept) / len(kept) if kept else float("nan")


def group_row(members: list[tuple]) -> tuple:
    """(interviewee, use, intensity) rows of one group -> n, share, any_use, mean_intensity."""
    uses = [u for _, u, _ in members]
    return (len({p for p, _, _ in members}), sum(uses) / len(uses), float(max(uses)),
            _mean([x for _, _, x in members]))


def empty_stats(by: list[str]) -> dict:
    """An activity nobody was coded for: no group."""
    ranks = {"level_rank": np.empty(0)} if "level_rank" in by else {}
    return {**{k: np.empty(0) for k in STAT_KEYS}, "keys": [], **ranks}


def stats_by_activity(units: pd.DataFrame, by: list[str]) -> dict[str, dict]:
    """Per activity, diffusion.group_stats(activity's units, by) as arrays: n, share, any_use, mean_intensity
    (and level_rank when grouped by it), one entry per group in sorted order; only coded units count."""
    groups: dict = {}
    for act, pid, use, inten, *key in _rows(_coded(units, by), ["activity", "interviewee_id", "use", "intensity", *by]):
        groups.setdefault(act, {}).setdefault(tuple(key), []).append((pid, use, inten))
    out = {}
    for act, by_key in groups.items():
        keys = sorted(by_key)
        cols = list(zip(*(group_row(by_key[k]) for k in keys)))
        stats = {k: np.asarray(v, dtype=float) for k, v in zip(STAT_KEYS, cols)}
        stats["n"] = stats["n"].astype(int)
        if "level_rank" in by:
            stats["level_rank"] = np.asarray([k[by.index("level_rank")] for k in keys], dtype=float)
        out[act] = {**stats, "keys": keys}
    return out


def coded_people(units: pd.DataFrame) -> dict[str, int]:
    """Per activity, the distinct interviewees with use coded."""
    seen: dict = {}
    for act, pid in _rows(_coded(units), ["activity", "interviewee_id"]):
        seen.setdefault(act, set()).add(pid)
    return {act: len(people) for act, people in seen.items()}


def side_shares(units: pd.DataFrame, management: list[str]) -> dict[str, dict]:
    """Per activity and side (management / operations): (share using SMI or None, distinct interviewees), the
    inputs of diffusion's top-front gap."""
    mgmt = {str(x) for x in management}
    rows: dict = {}
    for act, pid, use, level in _rows(_coded(units), ["activity", "interviewee_id", "use", "level"]):
        side = sdc.MANAGEMENT if str(level) in mgmt else sdc.OPERATIONS
        rows.setdefault(act, {}).setdefault(side, []).append((pid, use))
    return {act: {side: (sum(u for _, u in r) / len(r), len({p for p, _ in r})) for side, r in sides.items()}
            for act, sides in rows.items()}


def _side_share(sub: pd.DataFrame, side: str) -> tuple[float | None, int]:
    part = sub[(sub["side"] == side) & sub["use"].notna()]
    return (float(part["use"].mean()) if len(part) else None), int(part["interviewee_id"].nunique())


def top_front_gap(sub: pd.DataFrame, k_min: int) -> dict:
    """Management − operations share using SMI, with n per side and the M12 verdict."""
    return gap_verdict(_side_share(sub, sdc.MANAGEMENT), _side_share(sub, sdc.OPERATIONS), k_min)


def gap_verdict(management: tuple[float | None, int], operations: tuple[float | None, int], k_min: int) -> dict:
    """The top-front gap from each side's (share using SMI, interviewees)."""
    (p_m, n_m), (p_o, n_o) = management, operations
    if p_m is None or p_o is None:
        side = "management" if p_m is None else "operations"
        hidden, why = sdc.described(f"no {side} interviewee coded for this activity", max(n_m, n_o), False, k_min)
        return {"gap": None, "n_management": n_m, "n_operations": n_o, "suppressed": hidden, "reason": why}
    ok = sdc.publishable(n_m, False, k_min) and sdc.publishable(n_o, False, k_min)
    return {"gap": p_m - p_o, "n_management": n_m, "n_operations": n_o, "suppressed": not ok,
            "reason": "" if ok else f"a side has fewer than {k_min} interviewees (M12)"}


def activity_gap(sides: dict, k_min: int) -> dict:
    """top_front_gap from activity.side_shares' entry of one activity."""
    return gap_verdict(sides.get(sdc.MANAGEMENT, (None, 0)), sides.get(sdc.OPERATIONS, (None, 0)), k_min)


def reach_suppressed(stats, reach: int | None, k_min: int) -> bool:
    """Reach states whether anyone at each level down to it uses SMI: withheld if any such level is small."""
    if reach is None:
        return False
    return not all(sdc.publishable(n, False, k_min) for n, r in zip(stats["n"], stats["level_rank"]) if r <= reach)
