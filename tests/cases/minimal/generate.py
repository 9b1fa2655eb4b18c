"""Generate the minimal test case's data (seeded, deterministic): `python tests/cases/minimal/generate.py
[--out DIR]` writes DIR/data/*.csv (default: this folder). 25 interviewees over 3 functions x 5 levels, consensus
codes only, ratings on a 1-7 scale, KPIs; the Legal function has one person per level (E1 is a unique role)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SAMPLE = {"ops": (1, 2, 3, 3, 2), "legal": (1, 1, 1, 1, 1), "digital": (1, 2, 2, 2, 2)}
LEVELS = ("E1", "E2", "E3", "E4", "E5")
ACTIVITIES = ("listening", "escalation", "targets", "appraisal")
USE = {"ops": (.6, .7, .3, .1), "legal": (.2, .5, .0, .0), "digital": (.95, .6, .6, .3)}
PURPOSE = {"listening": "diagnostic", "escalation": "interactive", "targets": "diagnostic", "appraisal": "boundary"}
ITEMS = ("useful", "reliable", "shared")
KPIS = {"ops": (("ticket_mentions", "conversation"), ("response_time", "interaction")),
        "legal": (("risk_mentions", "conversation"),),
        "digital": (("reach", "network"), ("engagement_rate", "interaction"), ("response_time", "interaction"))}


def write(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(sorted(rows))


def people(rng: np.random.Generator) -> list[tuple[str, str, str, int]]:
    """(id, function, level, level index); ids are seeded random tokens."""
    out, seen = [], set()
    for f, counts in SAMPLE.items():
        for i, n in enumerate(counts):
            for _ in range(n):
                pid = "INT-" + "".join(rng.choice(list("ABCDEFGHJKMNPQRSTVWXYZ23456789"), 6))
                assert pid not in seen
                seen.add(pid)
                out.append((pid, f, LEVELS[i], i))
    return out


def codes(rng: np.random.Generator, pid: str, f: str, li: int) -> list[list]:
    rows = []
    for a, p in zip(ACTIVITIES, USE[f]):
        if rng.random() >= p * (0.5 if li == 0 else 1.0):
            rows += [[pid, "consensus", a, "use", "0"], [pid, "consensus", a, "intensity", "0"]]
            continue
        rows += [[pid, "consensus", a, "use", "1"], [pid, "consensus", a, "intensity", str(rng.integers(1, 4))],
                 [pid, "consensus", a, "purpose", PURPOSE[a]],
                 [pid, "consensus", a, "collection_method", "manual" if f != "digital" else "automated"]]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the minimal test case's data.")
    parser.add_argument("--out", type=Path, default=HERE, help="folder that receives data/ (default: this folder)")
    out = parser.parse_args(argv).out / "data"
    rng = np.random.default_rng(2026)
    ppl = people(rng)
    start = dt.date(2025, 10, 6)
    write(out / "interviewees.csv", ["interviewee_id", "function", "level", "unique_role", "interview_date"],
          [[pid, f, lv, "yes" if (f, lv) == ("legal", "E1") else "no",
            (start + dt.timedelta(days=int(rng.choice([0, 1, 2, 3, 4, 7, 8, 9, 10, 11])))).isoformat()]
           for pid, f, lv, _ in ppl])
    write(out / "codes.csv", ["interviewee_id", "coder_id", "activity", "dimension", "value"],
          [r for pid, f, _, li in ppl for r in codes(rng, pid, f, li)])
    write(out / "ratings.csv", ["interviewee_id", "item", "score"],
          [[pid, item, int(np.clip(np.rint(4.5 - 0.4 * (li < 2) * (k + 1) + rng.normal(0, 1.2)), 1, 7))]
           for pid, _, _, li in ppl for k, item in enumerate(ITEMS)])
    write(out / "kpis.csv", ["interviewee_id", "function", "kpi_name", "kpi_category", "frequency"],
          [[pid, f, name, cat, str(rng.choice(["weekly", "monthly"]))]
           for pid, f, _, _ in ppl for name, cat in KPIS[f] if rng.random() < 0.6])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
