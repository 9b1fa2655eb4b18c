#!/usr/bin/env python3
"""Benchmark of the report build, all measured in one run on this machine (prints figures, asserts nothing):

- cold build of the demo (no cache, no previous build) with `smaa build`
- warm rebuild after a narrative-only edit (analyses come from the cache)
- the bare `mkdocs build` of the same generated docs folder, for comparison

Targets (issue 15): cold demo build <= 10 s on 2 cores; warm rebuild <= 1.2x the bare mkdocs build. The machine
may be shared: the 1-minute load average is printed with the figures.
Usage: python tests/benchmarks/bench_build.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def timed(cmd: list, env: dict) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SMAA_GIT_REVISION": "bench"}
    smaa, mkdocs = str(BIN / "smaa"), str(BIN / "mkdocs")
    cold, warm, bare = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "cases"
        shutil.copytree(REPO / "cases", work, ignore=shutil.ignore_patterns("releases", ".smaa-cache"))
        case, out = work / "demo", Path(tmp) / "build"
        story = case / "text" / "summary.md"
        for i in range(args.repeat):
            shutil.rmtree(out, ignore_errors=True)
            cold.append(timed([smaa, "build", str(case), "--out", str(out)], env))
            story.write_text(story.read_text() + f"\nEdit number {i}.\n")
            warm.append(timed([smaa, "build", str(case), "--out", str(out)], env))
            bare.append(timed([mkdocs, "build", "-q", "-f", str(out / "demo" / "mkdocs.yml"),
                               "-d", str(Path(tmp) / "bare-site")], env))
    c, w, b = (statistics.median(x) for x in (cold, warm, bare))
    print(f"machine: {os.cpu_count()} cores; repeats: {args.repeat} (medians); load {os.getloadavg()[0]:.1f}")
    print(f"cold demo build (smaa build, no cache):      {c:6.2f} s   target <= 10 s")
    print(f"warm rebuild after a narrative edit:         {w:6.2f} s")
    print(f"bare mkdocs build of the same docs:          {b:6.2f} s")
    print(f"warm / bare ratio:                           {w / b:6.2f}x   target <= 1.2x")
    print(f"cold / bare ratio:                           {c / b:6.2f}x")


if __name__ == "__main__":
    main()
