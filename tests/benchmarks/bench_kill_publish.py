#!/usr/bin/env python3
"""SIGKILL `smaa publish` (with its PDF and deck) at seeded random moments of its run, then publish once more, and
count the staging folders left behind (issue 11, item 6: 22 kills used to leave 13 folders, 30 MB). Prints
figures, asserts nothing.

Usage: python tests/benchmarks/bench_kill_publish.py [--kills 22] [--seed 11]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CASE_ID = "minimal"


def publish(root: Path, version: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "smaa_build", "publish", "case", "--target", "public", "--out",
                             "build", "--version", version, "--downloads"], cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def staging_left(root: Path) -> list[Path]:
    places = [root / "build", root / "public", root / "case" / "releases"]
    return [p for place in places if place.is_dir() for p in place.iterdir()
            if "-publish-" in p.name or p.name.startswith(".staging-")]


def megabytes(paths: list[Path]) -> float:
    return sum(f.stat().st_size for p in paths for f in p.rglob("*") if f.is_file()) / 1e6


def consistent(root: Path) -> bool:
    site = root / "public" / CASE_ID
    names = {v["version"] for v in json.loads((site / "versions.json").read_text("utf-8"))}
    folders = {p.name for p in site.iterdir()} - {"latest", "index.html", "versions.json"}
    return names == folders and all((site / n / "index.html").is_file() for n in names)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=22)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "tests" / "cases" / CASE_ID, root / "case")
        publish(root, "warm").wait()  # fills the findings cache, as on a researcher's machine
        t0 = time.perf_counter()
        publish(root, "timed").wait()
        total = time.perf_counter() - t0
        finished = 0
        for i in range(args.kills):
            proc = publish(root, f"k{i}")
            time.sleep(rng.uniform(0.2, total))
            finished += proc.poll() is not None
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        left = staging_left(root)
        print(f"{args.kills} SIGKILLs spread over a {total:.1f} s publish ({finished} had already finished): "
              f"{len(left)} staging folders left, {megabytes(left):.1f} MB")
        publish(root, "after").wait()
        left = staging_left(root)
        print(f"after one more publish: {len(left)} staging folders left, {megabytes(left):.1f} MB; "
              f"target consistent: {consistent(root)}")


if __name__ == "__main__":
    os.environ.setdefault("SMAA_GIT_REVISION", "bench")
    main()
