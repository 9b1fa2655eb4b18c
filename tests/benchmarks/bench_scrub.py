"""Benchmark of the M12 scrubber on the labelled corpus of tests/analyses/pii_corpus.py (a script, not a test:
it prints figures, asserts nothing).

    .venv/bin/python tests/benchmarks/bench_scrub.py                      # seed 0, 2,000 planted posts per kind
    .venv/bin/python tests/benchmarks/bench_scrub.py --seed 1 --per-kind 5000 --regions US IT DE

Prints, for each kind, the recall (share of planted posts whose output is the post with exactly the planted span
replaced by its placeholder) with the misses' counts; for each case country, the share of clean real posts the
scrubber alters (with the first few); and throughput in posts per second on the clean posts (most real posts
hold nothing to scrub) and on the planted ones.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE.parent / "analyses"))

from pii_corpus import BRANDS, DECLARED, KINDS, corpus, real_posts  # noqa: E402
from smaa_build.analyses.scrub import scrub  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--per-kind", type=int, default=2000)
    ap.add_argument("--regions", nargs="+", default=["US", "IT"], help="case countries the clean posts are read in")
    args = ap.parse_args(argv)
    (clean, planted), built = timed(lambda: corpus(args.seed, args.per_kind))
    real = len(real_posts())
    print(f"corpus: seed {args.seed}, {len(planted):,} planted posts ({args.per_kind:,} per kind), {len(clean):,} "
          f"clean posts of {real:,} real ones (built in {built:.1f} s); load {os.getloadavg()[0]:.2f}")
    outs, secs = timed(lambda: [scrub(p.text, BRANDS, p.region, DECLARED) for p in planted])
    hit, total = Counter(), Counter()
    for p, out in zip(planted, outs):
        total[p.kind] += 1
        hit[p.kind] += out == p.expected
    print("\nrecall per kind (exact span replaced by its placeholder)")
    for k in KINDS:
        print(f"  {k:<9} {hit[k] / total[k]:8.2%}   {total[k] - hit[k]:>4} missed of {total[k]:,}")
    print(f"  planted throughput: {len(planted) / secs:,.0f} posts/s")
    for region in args.regions:
        outs, secs = timed(lambda: [scrub(p.text, BRANDS, region, DECLARED) for p in clean])
        altered = [(p.text, o) for p, o in zip(clean, outs) if o != p.text]
        print(f"\nclean posts read in {region}: {len(altered)} of {len(clean):,} altered "
              f"({len(altered) / len(clean):.3%}); {len(clean) / secs:,.0f} posts/s")
        for before, after in altered[:5]:
            print(f"  {before!r}\n  -> {after!r}")


if __name__ == "__main__":
    main()
