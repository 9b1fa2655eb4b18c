#!/usr/bin/env python3
"""A case's analyses here vs on a Dask LocalCluster of two worker processes (issue 15 item 4): wall time, the
Dask tasks that ran on the workers, and whether the findings are the same bytes. Prints, asserts nothing.

    .venv/bin/python tests/benchmarks/gen_posts.py --n 1000000 --out /tmp/scale-1m
    .venv/bin/python tests/benchmarks/bench_dask_case.py /tmp/scale-1m/demo            # cold: scores not stored
    .venv/bin/python tests/benchmarks/bench_dask_case.py /tmp/scale-1m/demo --warm     # then again, scores stored

Each side has its own score store under --cache (default: a new temporary folder), so the first run scores
every text on its side; with --warm the same stores are read again and only the aggregation goes to the cluster.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import Counter
from pathlib import Path

from smaa_build import findings as F
from smaa_build.analyses import run_all
from smaa_build.analyses.value import parallel
from smaa_build.spec import load_case


def analyse(case: Path, cache: Path) -> tuple[float, str]:
    t0 = time.perf_counter()
    text = F.dumps(run_all(load_case(case, cache_dir=cache)))
    return time.perf_counter() - t0, text


def on_cluster(case: Path, cache: Path) -> tuple[float, str, Counter]:
    from distributed import Client, LocalCluster, get_task_stream

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as watcher, get_task_stream(watcher) as stream:
        os.environ[parallel.SCHEDULER_ENV] = cluster.scheduler_address
        try:
            seconds, text = analyse(case, cache)
        finally:
            os.environ.pop(parallel.SCHEDULER_ENV, None)
    return seconds, text, Counter(str(t["key"]).split("-")[0].lstrip("_") for t in stream.data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("case", type=Path)
    ap.add_argument("--cache", type=Path, help="where each side keeps its score store (reused by --warm)")
    ap.add_argument("--warm", action="store_true", help="the stores exist already: time a re-analysis")
    args = ap.parse_args()
    cache = args.cache or Path(tempfile.mkdtemp(prefix="bench-dask-"))
    os.environ.pop(parallel.SCHEDULER_ENV, None)
    kind = "warm" if args.warm else "cold"
    t_here, here = analyse(args.case, cache / "here")
    print(f"{args.case} ({kind}), load average {os.getloadavg()[0]:.1f}")
    print(f"{'analyses here':<40}{t_here:8.1f} s")
    t_there, there, tasks = on_cluster(args.case, cache / "cluster")
    print(f"{'analyses on LocalCluster(2 processes)':<40}{t_there:8.1f} s (cluster start not counted)")
    print(f"tasks on the workers: {dict(sorted(tasks.items()))}")
    print(f"findings byte-identical: {here == there}   (stores under {cache})")


if __name__ == "__main__":
    main()
