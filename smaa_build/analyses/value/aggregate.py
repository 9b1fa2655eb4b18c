"""Per-group sums over posts, defined chunk by chunk so they are the same numbers wherever they run (issue 15).

A sum of floats depends on the order of its terms in the last bit. So the aggregation is *defined* as partial
sums over fixed consecutive row chunks (`ROWS` rows each), combined in chunk order. The partials are computed
here, or as Dask tasks when a scheduler is named (parallel.py); the combination always runs here, in the same
order. A local run and a cluster run therefore do the same arithmetic and give the same bytes. A frame of at
most `ROWS` rows is one chunk, and one chunk's partial is the result itself, untouched by a combining step.
"""

from __future__ import annotations

from functools import partial
from typing import Callable

import pandas as pd

from . import parallel

ROWS = 250_000  # rows per chunk: part of the definition of the sums, so never derived from the machine


def row_chunks(frame: pd.DataFrame, rows: int | None = None) -> list[pd.DataFrame]:
    """Consecutive slices of `frame`, `rows` each (the last shorter); one empty slice for an empty frame."""
    rows = rows or ROWS
    return [frame.iloc[i : i + rows] for i in range(0, len(frame), rows)] or [frame]


def combine(parts: list[pd.DataFrame], by: list[str]) -> pd.DataFrame:
    """The partials' columns summed per group, rows of one group added in chunk order (groups sorted)."""
    if len(parts) == 1:
        return parts[0]
    whole = pd.concat(parts, ignore_index=True)
    return whole.groupby(by, sort=True, observed=True, dropna=False).sum().reset_index()


def grouped_sums(chunk_fn: Callable[..., pd.DataFrame], frame: pd.DataFrame, by: list[str],
                 label: str = "Aggregating posts") -> pd.DataFrame:
    """`chunk_fn(chunk, by)` (one row per group: `by` and summable columns) over consecutive row chunks of
    `frame`, on the Dask cluster when one is named, combined here in chunk order."""
    parts = parallel.map_ordered(partial(chunk_fn, by=list(by)), row_chunks(frame), label)
    return combine(parts, list(by))
