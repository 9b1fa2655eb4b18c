#!/usr/bin/env python3
"""Each analysis's own time on a large case, warm (a script: it prints figures and asserts nothing).

    .venv/bin/python tests/benchmarks/bench_analyses.py                     # 1M generated posts, 3 runs
    .venv/bin/python tests/benchmarks/bench_analyses.py --n 200000 --runs 5
    .venv/bin/python tests/benchmarks/bench_analyses.py --case cases/demo
    .venv/bin/python tests/benchmarks/bench_analyses.py --repo /tmp/before   # another checkout (before/after)

Every run is a fresh process: `load_case`, then the analyses of `analyses.REGISTRY` one after another as a build
runs them (module imports included, the findings cache bypassed), each timed in wall and CPU seconds. A first,
untimed run fills the per-text store of the benchmark's own cache folder. The figures are the minimum over the
runs, printed with the 1-minute load average: the machine may be shared, and CPU seconds suffer less from it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def child(case: Path, cache: Path) -> dict:
    import smaa_build.analyses as A
    from smaa_build.findings import Findings
    from smaa_build.spec import load_case

    wall, cpu = time.perf_counter(), time.process_time()
    c = load_case(case, cache_dir=cache)
    out = {"load_case": (time.perf_counter() - wall, time.process_time() - cpu)}
    fs = Findings()
    for name, needs, run in A.REGISTRY:
        if all(c.has(k) for k in needs):
            wall, cpu = time.perf_counter(), time.process_time()
            fs.add(*run(c, fs))
            out[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    return out


def in_child(repo: Path, case: Path, cache: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(repo))
    done = subprocess.run([sys.executable, __file__, "--child", str(case), str(cache)], env=env, check=True,
                          capture_output=True, text=True, cwd=repo)
    return json.loads(done.stdout.splitlines()[-1])


def generated(n: int) -> Path:
    """gen_posts.py's case of n posts, made once under the temporary folder."""
    sys.path.insert(0, str(HERE))
    import gen_posts

    root = Path(tempfile.gettempdir()) / f"smaa-bench-analyses-{n}"
    case = root / "demo"
    if not (case / "case.yaml").is_file():
        gen_posts.write_case(root, n)
    return case


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", type=Path)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--repo", type=Path, default=REPO)
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--child", nargs=2)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), Path(args.child[1]))))
        return
    case = (args.case or generated(args.n)).resolve()
    cache = args.cache or Path(tempfile.gettempdir()) / f"smaa-bench-analyses-cache-{case.parent.name}-{case.name}"
    print(f"case {case}, cache {cache}, code {args.repo}", flush=True)
    in_child(args.repo, case, cache)  # fills the per-text store: the runs below are warm
    best: dict = {}
    loads = []
    for _ in range(args.runs):
        loads.append(os.getloadavg()[0])
        for name, (wall, cpu) in in_child(args.repo, case, cache).items():
            w, c = best.get(name, (float("inf"), float("inf")))
            best[name] = (min(w, wall), min(c, cpu))
    span = f"load {min(loads):.1f}-{max(loads):.1f}"
    print(f"{'step':<14} {'wall s':>8} {'CPU s':>8}   (min of {args.runs} runs; {span})")
    for name, (wall, cpu) in best.items():
        print(f"{name:<14} {wall:>8.2f} {cpu:>8.2f}")
    print(f"{'analyses':<14} {sum(w for k, (w, _) in best.items() if k != 'load_case'):>8.2f} "
          f"{sum(c for k, (_, c) in best.items() if k != 'load_case'):>8.2f}")


if __name__ == "__main__":
    main()
