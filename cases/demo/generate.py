"""Generate the demo engagement's data (fictional "Demo Retail S.p.A.", codename Heron) and the benchmark
reference set. Deterministic: `python cases/demo/generate.py` rewrites cases/demo/data/*.csv and
cases/_reference/cases.csv byte-identically on every run; `--out DIR` writes DIR/demo/data/ and
DIR/_reference/ instead. Every table draws from its own stream numpy default_rng([2026, k]) so that changing
one table never reshuffles the others. All texts, names and figures are fictional.

Planted truth (what the analyses should recover; constants live in datagen/*.py)
------------------------------------------------------------------------------
Latent satisfaction s_t, monthly, 2024-03 (burn-in) .. 2026-03, standardised units (common.py):
    s_t = 0.6 s_{t-1} + eta_t,  eta_t ~ N(0, 1),  s_0 ~ N(0, 1 / (1 - 0.6^2)).
Posts (posts.py), 2024-04-01 .. 2026-03-31, Europe/Rome wall time with +01:00/+02:00 offsets:
    volume per day ~ Poisson(41 x season x weekday x exp(-0.12 s_t)) (complaints raise volume; Nov-Dec peak);
    polarity of a customer post: z = 0.35 (s_t + d) + e, d ~ N(0, 0.35) a day shock, e ~ N(0, 1);
    negative if z < -0.25, positive if z > 0.6, else neutral; text from the VADER-checked phrase bank
    (datagen/phrases.py); 12% of negative posts use phrases VADER misreads (domain words, sarcasm).
    1.2% brand-account posts (author HeronStores, brand_account=true), 4% retweets ("RT @...: "), 14 Italian
    posts, 32 posts with URLs/e-mails/phones/booking refs/handles, one <script> post. Authors: 16,000
    pseudonyms drawn with weight (rank + 10)^-0.85 (top 1% of active authors write ~21% of posts).
    The export's own `sentiment` column is the true polarity, 15% of the time a random class instead.
    Export glitch: pages of 750 rows, each page repeating the previous page's last row (40 duplicate ids).
CSAT (survey.py), monthly, 0-100:
    value_t = 74 + 1.2 (0.6 s_t + 0.45 s_{t-1}) + u_t + sampling error,  u_t ~ N(0, 1.6),
    sampling error ~ N(0, sd_t sqrt(1.2 / n_t)),  n_t ~ U{300..400},  sd_t ~ U(15, 18),  deff 1.2;
    so SMI partly leads CSAT by one month. Published 14-21 days after month end (weekend -> Monday), except
    2026-03: early release after 9 days, so that everything in the file existed on the report date 2026-04-10.
Realised on this seed (monthly mean VADER compound of deduplicated customer originals vs CSAT, n = 24):
    same-month Pearson r = 0.781; SMI_t vs CSAT_t+1 r = 0.646; SMI_t+1 vs CSAT_t r = 0.517; SMI vs latent
    r > 0.95. After AR(1) pre-whitening the CCF is 0.545 at lag 0 (bound 0.41) and 0.284 at lag +1 (not
    significant): 24 months are too few to detect the planted lead.
Interviews (interviews.py): 72 interviewees (Finance 3; CFO and Head of Communication unique roles); P(use) =
    USE_BASE[function][activity] x LEVEL_FACTOR[level] (L1 x0.2 on operational activities, reporting
    exempt); 19 interviews (26%) double-coded by C1/C2 with use flipped 3%, intensity shifted 15%, purpose
    swapped 8% -> Krippendorff alpha use 0.805 (nominal), intensity 0.834 (ordinal), purpose 0.823 (nominal,
    multi-valued codes joined). Ratings: mean by (management L1-L2, operations L3-L4) useful 3.0/3.9, trust
    2.5/3.4, shared_kpis 2.4/2.6, timely 3.3/4.1, plus a function shift and a function-specific noise SD (care
    0.45 .. sales 1.25) -> realised VAI useful 0.750, trust 0.695, timely 0.698, shared_kpis 0.964.
    KPI sets: marketing and comms share reach/share_of_voice/engagement_rate, care and HR share nothing;
    realised mean pairwise Jaccard over functions 0.028 (silo). Flows: HR uses SMI but has no outgoing flow;
    3 of 18 flows reach L1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from datagen import interviews, italian, posts, reference, survey  # noqa: E402  (sibling package)
from datagen.common import write_csv  # noqa: E402


def outputs(cases_root: Path) -> dict[Path, tuple[list[str], object]]:
    """Each file written, with its header and the function producing its rows."""
    data = cases_root / "demo" / "data"
    return {
        data / "interviewees.csv": (interviews.INTERVIEWEE_HEADER, interviews.interviewee_rows),
        data / "codes.csv": (interviews.CODES_HEADER, interviews.code_rows),
        data / "ratings.csv": (interviews.RATINGS_HEADER, interviews.rating_rows),
        data / "kpis.csv": (interviews.KPIS_HEADER, interviews.kpi_rows),
        data / "flows.csv": (interviews.FLOWS_HEADER, interviews.flow_rows),
        data / "posts.csv": (posts.POSTS_HEADER, posts.posts_rows),
        data / "csat.csv": (survey.CSAT_HEADER, survey.csat_rows),
        cases_root / "_reference" / "cases.csv": (reference.REFERENCE_HEADER, reference.reference_rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the demo case data and the reference set (seeded).")
    parser.add_argument("--out", type=Path, default=HERE.parent,
                        help="cases root to write into: DIR/demo/data/ and DIR/_reference/ (default: cases/)")
    parser.add_argument("--language", choices=["it"],
                        help="instead, write the demo in this language into DIR/demo-it/: its labels and narrative "
                             "translated, the demo's data read from DIR/demo/data (see datagen/italian.py)")
    args = parser.parse_args(argv)
    if args.language == "it":
        for path in italian.write(HERE, args.out / italian.CASE_ID):
            print(path)
        return 0
    for path, (header, rows) in outputs(args.out).items():
        write_csv(path, header, rows())
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
