"""Cross-case comparison for the group (pure): the distribution of each headline index over the finished cases,
each case's position in it, and the sector × size band cells with k applied across cases.

The distribution is taken over finished cases (a final version published), from their final findings; a case still
in progress is placed on the same scale from its newest published version, marked as such, and never moves the
quartiles. k_min across cases: a sector × size band cell with fewer than k finished cases is never shown on its own;
such cells are pooled into one row, so a single firm's profile cannot be read off the table."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .collect import HEADLINES, Engagement

POOLED = "Other sectors and sizes (cells under k, pooled)"


@dataclass(frozen=True)
class Position:
    name: str
    value: float
    finished: bool
    rank: int | None  # among finished cases, 1 = highest; None for a case in progress
    of: int


@dataclass(frozen=True)
class Distribution:
    metric: str
    label: str
    n: int  # finished cases with a value
    quartiles: tuple | None  # (q1, median, q3) when n >= 3, else None: two values have no middle half
    positions: list[Position]


def _value(e: Engagement, metric: str):
    v = e.indices.get(metric)
    return None if v is None or isinstance(v, bool) else float(v)


def rank(x: float, values: list[float]) -> int:
    """Competition rank among `values` (x included in them), 1 = highest; ties share the better rank."""
    return 1 + sum(v > x and not np.isclose(v, x) for v in values)


def distribution(engagements: list[Engagement], metric: str) -> Distribution:
    finished = [(e.name, _value(e, metric)) for e in engagements if e.finished and _value(e, metric) is not None]
    values = [v for _, v in finished]
    quartiles = tuple(float(q) for q in np.percentile(values, [25, 50, 75])) if len(values) >= 3 else None
    positions = [Position(name, v, True, rank(v, values), len(values)) for name, v in finished]
    positions += [Position(e.name, _value(e, metric), False, None, len(values)) for e in engagements
                  if not e.finished and _value(e, metric) is not None]
    return Distribution(metric, HEADLINES[metric][1], len(values), quartiles,
                        sorted(positions, key=lambda p: (-p.value, p.name)))


def distributions(engagements: list[Engagement]) -> list[Distribution]:
    return [distribution(engagements, m) for m in HEADLINES]


@dataclass(frozen=True)
class Cell:
    sector: str
    size_band: str
    n: int
    medians: dict  # metric -> median over the cell's finished cases (None when none has it)


def _medians(group: list[Engagement]) -> dict:
    out = {}
    for m in HEADLINES:
        values = [_value(e, m) for e in group if _value(e, m) is not None]
        out[m] = float(np.median(values)) if values else None
    return out


def cells(engagements: list[Engagement], k: int) -> list[Cell]:
    """Finished cases by sector × size band; cells under k pooled into one row (listed last)."""
    groups: dict[tuple, list[Engagement]] = {}
    for e in engagements:
        if e.finished:
            groups.setdefault((e.sector or "?", e.size_band or "?"), []).append(e)
    shown = [Cell(s, b, len(g), _medians(g)) for (s, b), g in sorted(groups.items()) if len(g) >= k]
    pooled = [e for g in groups.values() if len(g) < k for e in g]
    if pooled:
        shown.append(Cell(POOLED, "", len(pooled), _medians(pooled)))
    return shown
