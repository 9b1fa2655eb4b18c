"""Where per-text work and the per-period aggregation run (issue 15): this machine (a fork pool for the texts),
or a Dask cluster when `smaa --scheduler tcp://host:8786` or SMAA_DASK_SCHEDULER names one; smaa writes no
scheduler of its own.

Chunks are consecutive slices of the texts and the results come back in chunk order whichever worker computed
them, so the answers (and the findings) are the same wherever they ran. Long work shows a progress bar on a
terminal (texts done, rate, ETA) and nothing when the output is captured.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from typing import Callable, Iterable, Sequence

from ... import progress
from ...errors import SmaaError

SCHEDULER_ENV = "SMAA_DASK_SCHEDULER"
PARALLEL_MIN = 20_000  # below this, starting worker processes costs more than it saves
CHUNK = 4_000
PROGRESS_MIN = 50_000  # texts: below this a run is too short for a bar


def scheduler() -> str | None:
    return os.environ.get(SCHEDULER_ENV) or None


def processes(requested: int | None) -> int:
    if requested:
        return max(1, int(requested))
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunks(items: Sequence) -> list:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def with_progress(parts: Iterable[tuple[int, object]], total: int, label: str, unit: str = "texts") -> list:
    """Collect (n_items, result) pairs in order, with a bar on a terminal (progress.py)."""
    return progress.with_progress(parts, total, label, unit, PROGRESS_MIN)


def _pool(n: int, initializer=None):
    import multiprocessing as mp

    # fork shares the imported lexicon pages with the workers; other platforms fall back to their default
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    return ctx.Pool(n, initializer=initializer)


def _local(fn, parts: list, n_proc: int, initializer) -> Iterable:
    # the workers inherit this process's objects: frozen, their collector never walks them (touching every one
    # would copy the pages that hold them, gigabytes at ten million posts), as the gc module advises before a fork
    gc.freeze()
    try:
        with _pool(n_proc, initializer) as pool:
            for part, result in zip(parts, pool.imap(fn, parts, chunksize=1)):
                yield len(part), result
    finally:
        gc.unfreeze()


def _client(address: str):
    """A client of the cluster at `address`; a scheduler that does not answer is the user's to fix, not a bug."""
    from distributed import Client

    try:
        return Client(address, set_as_default=False)
    except OSError as e:
        raise SmaaError(f"--scheduler {address} (or {SCHEDULER_ENV}): no Dask scheduler answered: {e}. Start one "
                        "(`dask scheduler`, see Posts at any scale) or leave the option out to run on this "
                        "machine") from None


def _on_cluster(fn, parts: list, address: str) -> Iterable:
    """The chunks as Dask tasks on the cluster at `address`; results yielded in chunk order."""
    with _client(address) as client:
        # the chunks go to the workers as data, not inside the task graph (a graph of many MB is slow to send)
        futures = client.map(fn, client.scatter(list(parts)), pure=False)
        for part, future in zip(parts, futures):
            yield len(part), future.result()


def map_ordered(fn, parts: list, label: str, unit: str = "posts") -> list:
    """`fn` over `parts` already cut (e.g. row chunks of a frame): as Dask tasks when a cluster is named, else
    one after another in this process (cheap work: a pool would spend more on copying than it saves); the
    results in part order either way, so whatever combines them does the same arithmetic."""
    address = scheduler()
    total = sum(len(p) for p in parts)
    if address:
        return with_progress(_on_cluster(fn, parts, address), total, f"{label} on {address}", unit)
    return with_progress(((len(p), fn(p)) for p in parts), total, label, unit)


def map_chunks(fn, items: Sequence, requested: int | None = None, initializer=None,
               label: str = "Scoring texts") -> list:
    """`fn` over consecutive chunks of `items`: on the Dask cluster when one is named, else in parallel over
    this machine's cores when there are enough items; the results in chunk order."""
    address = scheduler()
    if address and len(items):
        return with_progress(_on_cluster(fn, chunks(items), address), len(items), f"{label} on {address}")
    n_proc = processes(requested)
    if n_proc == 1 or len(items) < PARALLEL_MIN and requested is None:
        return [fn(items)]
    return with_progress(_local(fn, chunks(items), n_proc, initializer), len(items), label)
