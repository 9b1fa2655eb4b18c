"""Progress on long work (issue 15): a bar with the count done, the rate and the time left, drawn on stderr when
it is a terminal, and nothing when the output is captured (CI, a pipe, the test suite)."""

from __future__ import annotations

import sys
import time
from typing import Callable, Iterable

PROGRESS_MIN = 50_000  # items: below this a run is too short for a bar


def _rate(done: list, start: float, unit: str) -> Callable:
    def show(_item) -> str:
        elapsed = time.perf_counter() - start
        return f"{done[0] / elapsed:,.0f} {unit}/s" if elapsed > 0 and done[0] else ""
    return show


def with_progress(parts: Iterable[tuple[int, object]], total: int, label: str, unit: str = "texts",
                  minimum: int = PROGRESS_MIN) -> list:
    """Collect (n_items, result) pairs in order, drawing a bar (count, rate, ETA) when stderr is a terminal."""
    if total < minimum or not sys.stderr.isatty():
        return [result for _n, result in parts]
    import click

    done, out = [0], []
    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True, show_eta=True,
                           item_show_func=_rate(done, time.perf_counter(), unit)) as bar:
        for n, result in parts:
            out.append(result)
            done[0] += n
            bar.update(n, result)
    return out
