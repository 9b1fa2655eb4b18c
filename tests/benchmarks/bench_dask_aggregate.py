#!/usr/bin/env python3
"""Per-period aggregation (correlation.post_stats) of N posts: here vs on a Dask LocalCluster of two worker
processes (issue 15 item 4). Prints figures, asserts nothing but that both give the same bytes.

    .venv/bin/python tests/benchmarks/bench_dask_aggregate.py --n 1000000
    .venv/bin/python tests/benchmarks/bench_dask_aggregate.py --n 1000000 --scheduler tcp://HOST:8786

The posts are synthetic and seeded (a score in [-1, 1], its class, a day over two years, one of five brands);
the aggregation is by brand × month, as a panel case's is. Each figure is the best of `--repeat` runs; the
cluster figure includes connecting a client to the scheduler, as a build pays it once per aggregation.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pandas as pd

from smaa_build.analyses.value import aggregate, parallel
from smaa_build.analyses.value import correlation as co


def posts(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    score = np.round(rng.uniform(-1, 1, n), 4)
    day = pd.Timestamp("2024-04-01") + pd.to_timedelta(np.sort(rng.integers(0, 730, n)), unit="D")
    frame = pd.DataFrame({"brand": rng.choice(["acme", "bolt", "crux", "dyna", "ecto"], n), "score": score,
                          "cls": np.where(score >= 0.05, 1, np.where(score <= -0.05, -1, 0))})
    return frame.assign(key=co.period_starts(pd.Series(day), "month").to_numpy())


def best(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scheduler", help="an existing cluster instead of a LocalCluster(2)")
    args = ap.parse_args()
    frame = posts(args.n)
    by = ["brand", "key"]
    os.environ.pop(parallel.SCHEDULER_ENV, None)
    chunks = len(aggregate.row_chunks(frame))
    t_plain, _ = best(lambda: co.post_stats_chunk(frame, by), args.repeat)
    t_local, local = best(lambda: co.post_stats(frame, by), args.repeat)
    print(f"posts {args.n:,}, chunks of {aggregate.ROWS:,} rows: {chunks}, groups: {len(local)}")
    print(f"{'one groupby over all rows (no chunks)':<46}{t_plain:7.3f} s")
    print(f"{'post_stats here (chunked, combined)':<46}{t_local:7.3f} s")
    if args.scheduler:
        address, cluster = args.scheduler, None
    else:
        from distributed import LocalCluster

        t0 = time.perf_counter()
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        address = cluster.scheduler_address
        print(f"{'LocalCluster(2 processes) started':<46}{time.perf_counter() - t0:7.3f} s (once)")
    os.environ[parallel.SCHEDULER_ENV] = address
    try:
        t_remote, remote = best(lambda: co.post_stats(frame, by), args.repeat)
    finally:
        os.environ.pop(parallel.SCHEDULER_ENV, None)
        if cluster is not None:
            cluster.close()
    print(f"{'post_stats on the cluster (tasks + combine)':<46}{t_remote:7.3f} s ({address})")
    print(f"same values, bit for bit, as here: {remote.to_csv() == local.to_csv()}")  # floats as repr()


if __name__ == "__main__":
    main()
