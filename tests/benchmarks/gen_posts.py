#!/usr/bin/env python3
"""Benchmark data for issue 15: the demo case with its posts resampled to any number of rows (a script and a
module; it asserts nothing).

    .venv/bin/python tests/benchmarks/gen_posts.py --n 1000000 --out /tmp/scale-1m   # -> /tmp/scale-1m/demo
    .venv/bin/python tests/benchmarks/gen_posts.py --n 1000000 --out /tmp/scale-1m --parquet

The whole cases/ folder is copied (the demo reads ../_reference), then demo/data/posts.csv is replaced by `n`
rows drawn with replacement from the demo's posts: each gets a new id and a new time, uniform over the demo's
two years, sorted; about `unique` of the rows (85 % by default) get a short hashtag of their own appended, so that
share of the texts is unique, as in a real export where retweets and copy-paste campaigns repeat the rest.
Seeded: the same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[2]
START, END = pd.Timestamp("2024-04-01T00:00:00Z"), pd.Timestamp("2026-03-31T22:00:00Z")  # the demo's span
ALPHABET = np.array(list("abcdefghijklmnopqrstuvwxyz0123456789"))


def tags(n: int, rng: np.random.Generator) -> np.ndarray:
    """`n` hashtags of 7 random letters/digits (36^7 ≈ 7.8e10: collisions are negligible at 10M rows)."""
    letters = ALPHABET[rng.integers(0, len(ALPHABET), (n, 7))]
    return np.char.add(" #", letters.view(f"<U7").ravel()) if n else np.empty(0, "<U9")


def resample(demo: pd.DataFrame, n: int, seed: int = 0, unique: float = 0.85) -> pd.DataFrame:
    """`n` posts drawn from `demo` (the demo's columns) with new ids, times and ~`unique` unique texts."""
    rng = np.random.default_rng(seed)
    out = demo.iloc[rng.integers(0, len(demo), n)].reset_index(drop=True)
    seconds = np.sort(rng.integers(0, int((END - START).total_seconds()), n))
    out["published"] = (START + pd.to_timedelta(seconds, unit="s")).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    out["id"] = (1_800_000_000_000_000_000 + np.arange(n)).astype(str)
    own = rng.random(n) < unique
    text = out["message"].to_numpy(object)
    text[own] = text[own] + tags(int(own.sum()), rng).astype(object)
    out["message"] = text
    return out


def write_case(out: Path, n: int, seed: int = 0, unique: float = 0.85, parquet: bool = False) -> Path:
    """A copy of cases/ under `out` whose demo holds `n` resampled posts; returns the demo's folder."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(REPO / "cases", out, ignore=shutil.ignore_patterns("releases", ".smaa-cache", "build"))
    data = out / "demo" / "data"
    posts = resample(pd.read_csv(data / "posts.csv", dtype=str, keep_default_na=False), n, seed, unique)
    if parquet:
        posts.to_parquet(data / "posts.parquet", index=False)
        (data / "posts.csv").unlink()
        spec = out / "demo" / "case.yaml"
        spec.write_text(spec.read_text().replace("file: data/posts.csv", "file: data/posts.parquet"))
    else:
        posts.to_csv(data / "posts.csv", index=False)
    return out / "demo"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--unique", type=float, default=0.85, help="share of rows given a text of their own")
    ap.add_argument("--parquet", action="store_true", help="write data/posts.parquet instead of posts.csv")
    a = ap.parse_args()
    case = write_case(a.out, a.n, a.seed, a.unique, a.parquet)
    print(case, file=sys.stdout)


if __name__ == "__main__":
    main()
