#!/usr/bin/env python3
"""Benchmark of the data-file fidelity checks on a large synthetic posts export (prints figures, asserts nothing):
yes/no words, closed labels, ranges, and post ids repeated with other content, each on N rows where 10% of the
rows repeat an earlier id (half of them with another text).

Usage: python tests/benchmarks/bench_data_checks.py [--rows 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from smaa_build.spec.convert import to_bool
from smaa_build.spec.fidelity import closed_values, ranges, repeated_posts


def posts(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ids = np.arange(n).astype(str)
    again = rng.choice(n, n // 10, replace=False)
    ids[again] = ids[rng.integers(0, n, n // 10)]
    text = np.array([f"post {i}" for i in range(n)], dtype=object)
    text[again[: n // 20]] = "edited"
    df = pd.DataFrame({"post_id": ids, "text": text,
                       "label": rng.choice(["negative", "neutral", "positive", "Positive"], n),
                       "score": rng.uniform(-1, 1, n), "label_confidence": rng.uniform(0, 1, n)})
    df.attrs.update(file="posts.csv", names={})
    return df


def best(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    df = posts(args.rows)
    flags = pd.Series(np.random.default_rng(1).choice(["true", "no", "sì", "0"], args.rows), dtype=object)
    checks = {
        "to_bool (yes/no words)": lambda: to_bool(flags, "posts.csv", "is_retweet"),
        "closed_values (labels)": lambda: closed_values({"posts": df}, {}),
        "ranges (score, confidence)": lambda: ranges({"posts": df}),
        "repeated_posts": lambda: repeated_posts(df),
    }
    print(f"{args.rows:,} rows, best / median of {args.repeat}")
    for name, fn in checks.items():
        lo, med = best(fn, args.repeat)
        print(f"  {name:<28} {lo:6.2f} s / {med:6.2f} s")


if __name__ == "__main__":
    main()
