"""Derive the airline example case's data from the shared public files (run from the repository root):

    .venv/bin/python cases/airlines/derive.py [--shared ../shared/data/airline-tweets-2015] [--out cases/airlines]

writes data/tweets.csv, data/acsi.csv and the illustrative interview files. The committed output is
self-contained: building the case never reads ../shared.

tweets.csv — "Twitter US Airline Sentiment" (CrowdFlower, Feb 2015; CC BY-NC-SA 4.0), every one of the 14,640 rows in
file order, so that the tool itself finds the export's defects (155 repeated tweet ids, 36 fully duplicated rows,
Delta-labelled rows addressed to @JetBlue). Personal data removed (methods.md M12):
  * dropped columns: name (author handle), tweet_coord, tweet_location, user_timezone;
  * the text is scrubbed with smaa's own M12 rules: user handles -> @user (the airlines' accounts are kept,
    entity resolution needs them), URLs -> <url>, e-mails, phone numbers (read as US numbers), IBANs, card
    numbers and reference codes -> placeholders.
    HTML entities (&amp;) are left as the export has them: the tool must cope with them.
The negative-reason and gold columns carry no personal data and are kept: without them 44 more rows would look
fully duplicated than in the original export.

acsi.csv — ACSI 2015 airline scores (0–100) from ../shared traditional.csv with their sources. ACSI interviews
run over roughly the twelve months to March (methods.md T2), so period_start/period_end are 2014-04-01/2015-03-31
and fieldwork_end 2015-03-31: an approximation stated in the case narrative. published_at is the release date.
No 2015 score exists for US Airways or Virgin America: they are absent, not invented.

interviewees.csv, codes.csv, ratings.csv — ILLUSTRATIVE, FICTIONAL interviews (12 people in two functions of a
fictional airline), generated with a fixed seed only because a case needs interview data. No real person or
airline stands behind them; the case narrative says so on every page that uses them.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

from smaa_build.analyses.scrub import scrub  # noqa: E402  (the repository's own M12 rules)

SHARED = REPO.parent / "shared" / "data" / "airline-tweets-2015"
PII_COLUMNS = ["name", "tweet_coord", "tweet_location", "user_timezone"]
BRAND_ACCOUNTS = {"Virgin America": "virginamerica", "United": "united", "American": "americanair",
                  "Southwest": "southwestair", "US Airways": "usairways", "JetBlue": "jetblue", "Delta": "delta"}
ACSI_WINDOW = {"period_start": "2014-04-01", "period_end": "2015-03-31", "fieldwork_end": "2015-03-31",
               "published_at": "2015-04-20"}


def derive_tweets(src: Path) -> pd.DataFrame:
    """Every row, every non-personal column, text scrubbed; read as text so ids and stamps stay byte-exact."""
    raw = pd.read_csv(src, dtype=str, keep_default_na=False)
    out = raw.drop(columns=PII_COLUMNS)
    out["text"] = [scrub(t, BRAND_ACCOUNTS.values(), region="US") for t in out["text"]]  # US: national numbers
    return out


def derive_acsi(src: Path) -> pd.DataFrame:
    t = pd.read_csv(src, dtype=str, keep_default_na=False)
    t = t[(t["measure"] == "ACSI") & (t["period"] == "2015")]
    out = t.rename(columns={"airline": "brand"})[["brand", "measure", "value", "scale", "source"]]
    for col, value in ACSI_WINDOW.items():
        out[col] = value
    return out.sort_values("brand", kind="mergesort").reset_index(drop=True)


# --- illustrative interviews (fictional) ----------------------------------------------------------------------

SAMPLE = {"care": ("L1", "L2", "L2", "L3", "L3", "L3", "L3"), "mkt": ("L1", "L2", "L3", "L3", "L3")}
ACTIVITIES = ("monitoring", "service", "reporting", "planning")
USE = {"care": (0.9, 0.95, 0.5, 0.2), "mkt": (0.95, 0.3, 0.7, 0.6)}
PURPOSE = {"monitoring": "diagnostic", "service": "interactive", "reporting": "diagnostic", "planning": "beliefs"}
METRIC = {"monitoring": "opinion", "service": "interaction", "reporting": "network", "planning": "conversation"}
ITEMS = ("useful", "trust", "shared", "timely")


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(sorted(rows))


def interviews(out: Path, seed: int = 2015) -> None:
    rng = np.random.default_rng(seed)
    people = []
    for func, levels in SAMPLE.items():
        for level in levels:
            pid = "INT-" + "".join(rng.choice(list("ABCDEFGHJKMNPQRSTVWXYZ23456789"), 6))
            people.append((pid, func, level))
    start = dt.date(2015, 3, 2)
    _write(out / "interviewees.csv", ["interviewee_id", "function", "level", "unique_role", "interview_date",
                                      "duration_min"],
           [[p, f, lv, "yes" if lv == "L1" else "no", (start + dt.timedelta(days=int(rng.integers(0, 12)))).isoformat(),
             int(rng.integers(40, 80))] for p, f, lv in people])
    codes = []
    for p, f, lv in people:
        for a, use in zip(ACTIVITIES, USE[f]):
            if rng.random() >= use * (0.6 if lv == "L1" else 1.0):
                codes += [[p, "consensus", a, "use", "0"], [p, "consensus", a, "intensity", "0"]]
                continue
            codes += [[p, "consensus", a, "use", "1"], [p, "consensus", a, "intensity", str(rng.integers(1, 4))],
                      [p, "consensus", a, "purpose", PURPOSE[a]], [p, "consensus", a, "metric_category", METRIC[a]],
                      [p, "consensus", a, "collection_method", "semi_automated" if f == "mkt" else "manual"],
                      [p, "consensus", a, "analysis_method", "sentiment" if a == "monitoring" else "counts"]]
    _write(out / "codes.csv", ["interviewee_id", "coder_id", "activity", "dimension", "value"], codes)
    _write(out / "ratings.csv", ["interviewee_id", "item", "score"],
           [[p, item, int(np.clip(np.rint(3.6 - 0.5 * (lv != "L3") * (k % 2) + rng.normal(0, 0.8)), 1, 5))]
            for p, _, lv in people for k, item in enumerate(ITEMS)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Derive the airline example case's data (PII-stripped).")
    ap.add_argument("--shared", type=Path, default=SHARED, help="folder with Tweets.csv and traditional.csv")
    ap.add_argument("--out", type=Path, default=HERE, help="case folder that receives data/")
    args = ap.parse_args(argv)
    data = args.out / "data"
    data.mkdir(parents=True, exist_ok=True)
    derive_tweets(args.shared / "Tweets.csv").to_csv(data / "tweets.csv", index=False, lineterminator="\n")
    derive_acsi(args.shared / "traditional.csv").to_csv(data / "acsi.csv", index=False, lineterminator="\n")
    interviews(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
