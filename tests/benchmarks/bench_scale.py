#!/usr/bin/env python3
"""Issue 15's target table, every row measured in one run (a script: it prints figures and asserts nothing).

    .venv/bin/python tests/benchmarks/bench_scale.py                      # 1M posts, all rows
    .venv/bin/python tests/benchmarks/bench_scale.py --n 200000 --only warm,edit
    .venv/bin/python tests/benchmarks/bench_scale.py --ten                # also 10M posts, cold (slow)
    .venv/bin/python tests/benchmarks/bench_scale.py --repo /tmp/wt      # measure another checkout (before/after)

Each analysis runs in a fresh child process (`load_case` + `run_all`, the findings cache bypassed, the per-text
store under a folder of the benchmark's own), so peak RSS is that run's alone. The data are made by gen_posts.py
(the demo's posts resampled, ~85 % unique texts, seeded). The machine may be shared: every figure is printed
with the 1-minute load average at its start; with a load above the core count the wall times are pessimistic.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TARGETS = {"warm": "<= 5 s wall", "rss": "<= 1024 MB", "edit": "re-scores 1 text; <= 1.2 x warm",
           "scoring": ">= 1.8 x on 2 cores", "demo": "<= 10 s", "narrative": "<= 1.2 x", "ten": "RSS <= 3 GB, "
           "time <= 10.5 x the 1M time"}


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def row(name: str, figure: str, load_at_start: str, note: str = "") -> None:
    print(f"{name:<52} {figure:<34} ({load_at_start}) {note}", flush=True)


# ---- child side: runs inside the checkout being measured ----------------------------------------------------------

def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _store_sizes(cache: Path) -> dict:
    import numpy as np

    out = {}
    for p in sorted(cache.glob("texts-*.npz")) if cache.is_dir() else []:  # a store's runs count with its base
        with np.load(p) as z:
            name = p.name.split("~")[0].removesuffix(".npz")
            out[name] = out.get(name, 0) + len(z["_key"])
    return out


def _peak_rss_mb() -> float:
    """This process's peak resident memory since it started running Python. Not ru_maxrss: Linux carries it over
    exec from the memory of the process that spawned us (subprocess uses vfork), so it reported the benchmark's
    own peak (reading the posts to edit one) as the analysis's."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_analyse(case: Path, cache: Path) -> dict:
    """load_case + run_all, as `smaa build` runs them when the findings cache misses."""
    before = _store_sizes(cache)
    t0, c0 = time.perf_counter(), _cpu()
    from smaa_build.analyses import run_all
    from smaa_build.findings import dumps
    from smaa_build.spec import load_case

    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    fs = run_all(load_case(case, cache_dir=cache))
    text = dumps(fs)
    wall, cpu = time.perf_counter() - t1, _cpu() - c0
    after = _store_sizes(cache)  # the benchmark's own accounting: not timed
    return {"wall": wall, "import": t_import, "cpu": cpu,
            "rss_mb": _peak_rss_mb(),
            "workers_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "computed": {k: v - before.get(k, 0) for k, v in after.items()}, "findings_bytes": len(text)}


def child_scoring(csv: Path, n: int, cache: Path) -> dict:
    """A bare single-process VADER loop and smaa's cold scoring over the same `n` texts of the generated posts."""
    import numpy as np
    import pandas as pd
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from smaa_build.analyses.value import sentiment as se

    texts = pd.read_csv(csv, usecols=["message"], dtype=str, keep_default_na=False, nrows=n)["message"]
    analyzer = SentimentIntensityAnalyzer()
    t0 = time.perf_counter()
    bare = np.array([analyzer.polarity_scores(t)["compound"] for t in texts])
    t_bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    cold, _hit = se.cached_vader(texts, cache)
    t_cold = time.perf_counter() - t0
    return {"bare": t_bare, "cold": t_cold, "n": len(texts), "unique": int(texts.nunique()),
            "same": bool(np.array_equal(bare, cold))}


def child_main(argv: list[str]) -> None:
    kind, *args = argv
    sys.path.insert(0, os.environ["SMAA_BENCH_REPO"])
    result = child_analyse(Path(args[0]), Path(args[1])) if kind == "analyse" else \
        child_scoring(Path(args[0]), int(args[1]), Path(args[2]))
    print("RESULT " + json.dumps(result))


# ---- parent side ----------------------------------------------------------------------------------------------------

def in_child(repo: Path, *args) -> dict:
    env = {**os.environ, "SMAA_BENCH_REPO": str(repo)}
    done = subprocess.run([sys.executable, __file__, "--child", *map(str, args)], env=env, capture_output=True,
                          text=True)
    if done.returncode:
        sys.exit(f"child {args} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.rsplit("RESULT ", 1)[1])


def smaa(repo: Path, *args) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SMAA_GIT_REVISION": "bench", "PYTHONPATH": str(repo)}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from smaa_build.cli import main; main()", *map(str, args)], env=env,
                   check=True, capture_output=True, cwd=repo)
    return time.perf_counter() - t0


def mkdocs(*args) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    t0 = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "mkdocs"), *map(str, args)], env=env, check=True,
                   capture_output=True)
    return time.perf_counter() - t0


def analysed(label: str, repo: Path, case: Path, cache: Path) -> dict:
    at = load()
    r = in_child(repo, "analyse", case, cache)
    computed = ", ".join(f"{'vader' if 'vader' in k else 'features'} {v:,}" for k, v in r["computed"].items()) or "none"
    row(label, f"{r['wall']:7.2f} s wall {r['cpu']:7.2f} s cpu", at,
        f"rss {r['rss_mb']:,.0f} MB (workers {r['workers_rss_mb']:,.0f}); imports {r['import']:.1f} s; "
        f"texts computed: {computed}")
    return r


def edit_one_post(case: Path) -> None:
    """Change the text of the post in the middle of the file (CSV only)."""
    csv = case / "data" / "posts.csv"
    lines = csv.read_text(encoding="utf-8").split("\n")
    mid = len(lines) // 2
    cells = lines[mid].split(",", 2)
    quote = '"' if cells[2].startswith('"') else ""
    lines[mid] = ",".join([*cells[:2], quote + "Edited for the benchmark, " + cells[2][len(quote):]])
    csv.write_text("\n".join(lines), encoding="utf-8")


def scale_rows(repo: Path, n: int, tmp: Path, only: set[str], score_n: int) -> dict:
    import gen_posts

    at = load()
    t0 = time.perf_counter()
    case, cache = tmp / f"cases-{n}" / "demo", tmp / f"cache-{n}"
    kept = case.is_dir() and cache.is_dir()  # --keep: the data and the store of an earlier run
    if not kept:
        case = gen_posts.write_case(tmp / f"cases-{n}", n)
        row(f"generate {n:,} posts (gen_posts.py)", f"{time.perf_counter() - t0:7.2f} s", at)
    what = "store kept from an earlier run" if kept else "scores not cached"
    out = {"cold": analysed(f"first analysis, {n:,} posts ({what})", repo, case, cache)}
    if only & {"warm", "rss", "edit"}:
        out["warm"] = analysed(f"warm re-analysis, {n:,} posts  [target {TARGETS['warm']}]", repo, case, cache)
        row(f"peak RSS, warm, {n:,} posts  [target {TARGETS['rss']}]", f"{out['warm']['rss_mb']:7,.0f} MB", "-")
    if "edit" in only:
        edit_one_post(case)
        e = analysed(f"one post edited, {n:,} posts  [target {TARGETS['edit']}]", repo, case, cache)
        row("  edited / warm", f"{e['wall'] / out['warm']['wall']:7.2f} x", "-")
    if "scoring" in only:
        at = load()
        shutil.rmtree(tmp / "score-cache", ignore_errors=True)  # cold: a kept work folder must not hold the scores
        s = in_child(repo, "scoring", case / "data" / "posts.csv", score_n, tmp / "score-cache")
        row(f"cold scoring / bare VADER loop, {s['n']:,} texts ({s['unique']:,} unique)  "
            f"[target {TARGETS['scoring']}]", f"{s['bare'] / s['cold']:7.2f} x", at,
            f"bare {s['bare']:.2f} s ({s['n'] / s['bare']:,.0f}/s), smaa {s['cold']:.2f} s "
            f"({s['n'] / s['cold']:,.0f}/s), same scores: {s['same']}")
    return out


def demo_rows(repo: Path, tmp: Path) -> None:
    work = tmp / "demo-cases"
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(tmp / "demo-build", ignore_errors=True)
    shutil.copytree(repo / "cases", work, ignore=shutil.ignore_patterns("releases", ".smaa-cache", "build"))
    out = tmp / "demo-build"
    at = load()
    t = smaa(repo, "build", work / "demo", "--out", out)
    row(f"cold demo build (smaa build)  [target {TARGETS['demo']}]", f"{t:7.2f} s wall", at)
    story = work / "demo" / "text" / "summary.md"
    story.write_text(story.read_text() + "\nEdited for the benchmark.\n")
    at = load()
    warm = smaa(repo, "build", work / "demo", "--out", out)
    at2 = load()
    bare = mkdocs("build", "-q", "-f", out / "demo" / "mkdocs.yml", "-d", tmp / "bare-site")
    row(f"warm rebuild after a narrative edit / bare mkdocs  [target {TARGETS['narrative']}]",
        f"{warm / bare:7.2f} x", f"{at}; {load()}", f"warm {warm:.2f} s ({at}), bare mkdocs {bare:.2f} s ({at2})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--score-n", type=int, default=200_000, help="texts for the scoring-throughput row")
    ap.add_argument("--only", default="warm,rss,edit,scoring,demo,narrative",
                    help="comma-separated rows: warm,rss,edit,scoring,demo,narrative")
    ap.add_argument("--ten", action="store_true", help="also the 10M cold row (needs ~10 min and a few GB)")
    ap.add_argument("--repo", type=Path, default=REPO, help="the checkout to measure (default: this one)")
    ap.add_argument("--tmp", type=Path, default=None, help="where the temporary work folder goes")
    ap.add_argument("--keep", type=Path, default=None, help="a work folder kept between runs: the generated posts "
                    "and their score store are reused (then the first analysis is not cold)")
    a = ap.parse_args()
    only = set(a.only.split(","))
    sys.path.insert(0, str(HERE))
    print(f"repo {a.repo}; cpus {os.cpu_count()}; {load()}; {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    with tempfile.TemporaryDirectory(dir=a.tmp) as scratch:
        tmp = a.keep or Path(scratch)
        one = scale_rows(a.repo, a.n, tmp, only, a.score_n) if only & {"warm", "rss", "edit", "scoring"} or a.ten \
            else {}
        if only & {"demo", "narrative"}:
            demo_rows(a.repo, tmp)
        if a.ten:
            ten = scale_rows(a.repo, 10 * a.n, tmp, set(), a.score_n)["cold"]
            row(f"10M cold / 1M cold  [target {TARGETS['ten']}]", f"{ten['wall'] / one['cold']['wall']:7.2f} x",
                "-", f"rss {ten['rss_mb']:,.0f} MB")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
    else:
        main()
