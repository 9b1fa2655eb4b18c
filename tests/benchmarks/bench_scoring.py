"""Benchmark of the SMI-value chapter at scale (a script, not a test: it prints figures, asserts nothing).

    .venv/bin/python tests/benchmarks/bench_scoring.py                 # 1,000,000 posts, then 5,000,000
    .venv/bin/python tests/benchmarks/bench_scoring.py --n 100000 --scale-n 0

Measures, in one run and on the same generated texts:
  1. a bare single-process VADER loop (one analyzer, `polarity_scores` per text);
  2. smaa's cold scoring (`sentiment.cached_vader`: hash, duplicate memo, all cores, cache write);
  3. the same parallel scorer without the duplicate memo (so the two effects can be told apart);
  3b. bare loop and cold scoring alternated block by block (--blocks), which keeps the comparison fair when
     other jobs share the machine (the 1-minute load average is printed before every step);
  4. `value.run` (ingestion, alignment, correlations, quality profile) on the cached scores: first the run
     that also computes and caches the per-text features (language, retweet prefix, brand handle), then a
     rebuild that reads both caches;
then peak memory, and the same steps at --scale-n posts.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from smaa_build.analyses.value import ingest, posts as po  # noqa: E402
from smaa_build.analyses.value import sentiment as se  # noqa: E402
from smaa_build.analyses.value import value  # noqa: E402
from smaa_build.spec.case import Case, freeze  # noqa: E402

POSITIVE = ("great love thanks awesome amazing best happy excellent friendly helpful nice good smooth "
            "comfortable").split()
NEGATIVE = "delayed cancelled terrible worst awful rude lost angry bad horrible disappointed stuck broken".split()
NEUTRAL = ("flight gate crew seat bag plane airport hours today tomorrow ticket boarding check change the my "
           "is was on at to for and our your with from we they it this that no not very so just again "
           "a an in of i me you what when where why how has have had be been do did get got going back "
           "time now still any one two three one more other last next first morning night day week new "
           "2 3 4 5 10 20 am pm jfk lax ord sfo bos dca mco dfw sea phx").split()
BRANDS = ["Acme", "Bolt", "Crux", "Dyna", "Echo"]


def texts(n: int, dup_share: float, rng: np.random.Generator) -> np.ndarray:
    """Tweet-like texts of 6–22 words, about one in eight a sentiment word (airline tweets average ~17 words);
    `dup_share` of them are exact copies of another post (retweets)."""
    vocab = np.array(POSITIVE + NEGATIVE + NEUTRAL + [f"#{w}" for w in NEUTRAL[:10]], dtype=object)
    length = rng.integers(6, 23, n)
    words = vocab[rng.integers(0, vocab.size, (n, 24))]
    handles = np.array([f"@{b.lower()}" for b in BRANDS], dtype=object)[rng.integers(0, len(BRANDS), n)]
    out = np.array([h + " " + " ".join(w[:k]) + ("!" if k % 3 == 0 else "") for h, w, k in zip(handles, words, length)],
                   dtype=object)
    dup = rng.random(n) < dup_share
    out[dup] = out[rng.integers(0, n, dup.sum())]
    return out


def posts_frame(n: int, dup_share: float, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    t = texts(n, dup_share, rng)
    seconds = np.sort(rng.integers(0, 730 * 86400, n))
    created = pd.to_datetime("2024-01-01T00:00:00+01:00") + pd.to_timedelta(seconds, unit="s")
    brand = pd.Series(t).str.extract(r"^@(\w+)", expand=False).str.capitalize()
    return pd.DataFrame({"post_id": np.arange(n).astype(str),
                         "created_at": created.strftime("%Y-%m-%dT%H:%M:%S%z"),
                         "text": t, "brand": brand.to_numpy(),
                         "author_id": (rng.zipf(1.6, n) % 200_000).astype(str)})


def csat() -> pd.DataFrame:
    starts = pd.date_range("2024-01-01", periods=24, freq="MS")
    rng = np.random.default_rng(1)
    ends = starts + pd.offsets.MonthEnd(0)
    return pd.DataFrame({"brand": "Acme", "period_start": starts.date, "period_end": ends.date,
                         "value": 75 + rng.normal(0, 2, 24), "n_respondents": 400, "sd": 15.0,
                         "fieldwork_end": ends.date, "published_at": (ends + pd.Timedelta(days=12)).date})


def make_case(root: Path, posts: pd.DataFrame) -> Case:
    spec = {"engagement": {"id": "bench"}, "report": {"k_min": 5},
            "data": {"posts": {"timezone": "Europe/Rome", "language": "en"},
                     "traditional": {"scale": [0, 100], "period": "month"}},
            "value": {"design": "time_series", "brand": "Acme", "scorer": "vader", "smi_measure": "mean_compound",
                      "brand_accounts": {b: b.lower() for b in BRANDS}, "seed": 1}}
    return Case(root=root, spec_path=root / "case.yaml", spec=freeze(spec), tables={"posts": posts,
                                                                                    "traditional": csat()})


def cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(label: str, fn, *args, **kwargs):
    """Wall time (what the speed-up is about) plus CPU seconds and the 1-minute load average before the step:
    the machine may be shared, and a load above the core count means the wall times are pessimistic."""
    load = os.getloadavg()[0]
    c0, t0 = cpu_seconds(), time.perf_counter()
    out = fn(*args, **kwargs)
    dt, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    print(f"  {label:<58} {dt:8.2f} s wall {cpu:8.2f} s cpu  (load {load:.1f})", flush=True)
    return out, dt


def bare_loop(values) -> np.ndarray:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    return np.array([analyzer.polarity_scores(t)["compound"] for t in values])


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def interleaved(values: pd.Series, blocks: int, processes: int | None, root: Path) -> None:
    """Bare loop and smaa's cold scoring alternated over `blocks` slices of the same texts."""
    t_bare = t_cold = 0.0
    for i, idx in enumerate(np.array_split(np.arange(len(values)), blocks)):
        part = values.iloc[idx]
        t0 = time.perf_counter()
        bare_loop(part.tolist())
        t1 = time.perf_counter()
        se.cached_vader(part, root / f"block-{i}", processes)
        t_bare, t_cold = t_bare + t1 - t0, t_cold + time.perf_counter() - t1
    print(f"  alternated over {blocks} blocks: bare {t_bare:.2f} s, cold {t_cold:.2f} s -> "
          f"speed-up {t_bare / t_cold:.2f}x  (load now {os.getloadavg()[0]:.1f})")


def full_comparison(n: int, dup_share: float, processes: int | None, seed: int, blocks: int) -> None:
    print(f"\n== {n:,} posts, {dup_share:.0%} exact duplicate texts, {se._processes(processes)} worker processes ==")
    posts, _ = timed("generate posts", posts_frame, n, dup_share, seed)
    values = posts["text"]
    print(f"  unique texts: {values.nunique():,}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        bare, t_bare = timed("bare single-process VADER loop", bare_loop, values.tolist())
        (cold, hit), t_cold = timed("smaa cold scoring (hash + memo + pool + cache write)", se.cached_vader,
                                    values, root / ".smaa-cache", processes)
        assert not hit and np.array_equal(bare, cold), "parallel scores differ from the bare loop"
        _, t_nomemo = timed("parallel scorer, no duplicate memo", se.score_unique, values.tolist(), processes)
        _, t_warm_score = timed("warm scoring (cache hit)", se.cached_vader, values, root / ".smaa-cache", processes)
        timed("ingestion only (ingest.prepare, features not cached)", ingest.prepare, posts,
              po.PostsOptions(timezone="Europe/Rome", bin_timezone="Europe/Rome"))
        timed("value.run on cached scores, first run (features computed)", value.run, make_case(root, posts))
        out, _ = timed("value.run rebuild (scores and features cached)", value.run, make_case(root, posts))
        print(f"  speed-up cold vs bare: {t_bare / t_cold:.2f}x   (no memo: {t_bare / t_nomemo:.2f}x)")
        if blocks:
            interleaved(values, blocks, processes, root)
        print(f"  throughput: bare {n / t_bare:,.0f} posts/s, cold {n / t_cold:,.0f} posts/s")
        print(f"  findings/tables produced: {len(out)}")
    own, kids = peak_mb()
    print(f"  peak RSS so far: main {own:,.0f} MB, largest worker {kids:,.0f} MB")


def scaling(n: int, dup_share: float, processes: int | None, seed: int) -> None:
    print(f"\n== scaling: {n:,} posts ==")
    posts, _ = timed("generate posts", posts_frame, n, dup_share, seed)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _, t_cold = timed("smaa cold scoring", se.cached_vader, posts["text"], root / ".smaa-cache", processes)
        timed("value.run on cached scores, first run (features computed)", value.run, make_case(root, posts))
        timed("value.run rebuild (scores and features cached)", value.run, make_case(root, posts))
        print(f"  cold scoring throughput {n / t_cold:,.0f} posts/s")
    own, kids = peak_mb()
    print(f"  peak RSS: main {own:,.0f} MB, largest worker {kids:,.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--scale-n", type=int, default=5_000_000, help="0 to skip the scaling run")
    ap.add_argument("--dup-share", type=float, default=0.15)
    ap.add_argument("--processes", type=int, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--blocks", type=int, default=10, help="alternated bare/cold comparison; 0 to skip")
    a = ap.parse_args()
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, pandas {pd.__version__}, "
          f"vaderSentiment {se.vader_version()}, cpus {os.cpu_count()}")
    full_comparison(a.n, a.dup_share, a.processes, a.seed, a.blocks)
    if a.scale_n:
        scaling(a.scale_n, a.dup_share, a.processes, a.seed + 1)


if __name__ == "__main__":
    main()
