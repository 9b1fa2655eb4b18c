#!/usr/bin/env python3
"""Benchmark of the commands one orchestration layer sequences (issue 12, item 8), on a copy of the demo, in one run
on this machine (prints figures, asserts nothing):

- `smaa publish --downloads` (analyses cached by a first build): one build, one PDF and one deck is the floor
- `smaa export` right after that publish, of the same findings (target < 2 s: the PDF and the deck are reused)
- `smaa build` warm (analyses cached, nothing changed)

Each ROOT (a checkout, default this one) runs with `python -m smaa_build` from that folder, so the figures of two
checkouts (e.g. a `git worktree` of an earlier commit) come from the same run: pass several ROOTs.

Usage: python tests/benchmarks/bench_publish_export.py [ROOT ...] [--repeat 2]
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


def timed(root: Path, args: list) -> tuple[float, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SMAA_GIT_REVISION": "bench", "PYTHONPATH": str(root)}
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "smaa_build", *args], cwd=root, env=env, capture_output=True,
                          text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed in {root}:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - t0, done.stdout


def measure(root: Path, tmp: Path, k: int) -> dict[str, tuple[float, str]]:
    case, out, target = tmp / f"cases{k}" / "demo", tmp / f"build{k}", tmp / f"public{k}"
    shutil.copytree(REPO / "cases", case.parent, ignore=shutil.ignore_patterns("releases", ".smaa-cache"))
    timed(root, ["build", str(case), "--out", str(out)])  # fills the analyses cache, as on a researcher's machine
    return {
        "smaa publish --downloads": timed(root, ["publish", str(case), "--out", str(out), "--target", str(target),
                                                 "--version", "bench", "--downloads"]),
        "smaa export after that publish": timed(root, ["export", str(case), "--out", str(out)]),
        "smaa build, warm": timed(root, ["build", str(case), "--out", str(out)]),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("roots", nargs="*", type=Path, default=[REPO])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        runs = {root: [] for root in args.roots}
        for k in range(args.repeat):  # the checkouts take turns, so a change of load hits each alike
            for root in args.roots:
                runs[root].append(measure(root.resolve(), Path(tmp) / f"{root.name}-{k}", k))
                print(f"  ({root.name} run {k + 1} done, load average {os.getloadavg()[0]:.1f})", flush=True)
        for root in args.roots:
            print(f"checkout: {root.resolve()} (medians of {args.repeat})")
            for name in runs[root][0]:
                secs = [r[name][0] for r in runs[root]]
                print(f"  {name:32s} {statistics.median(secs):6.1f} s  ({', '.join(f'{s:.1f}' for s in secs)})")
            said = [line for line in runs[root][-1]["smaa export after that publish"][1].splitlines() if line.strip()]
            print("  export said: " + " | ".join(said))
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
