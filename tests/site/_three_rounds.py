"""A scripted three-round engagement on a copy of tests/cases/invalid/_base (12 interviewees, 2 functions, k_min 5):

    draft-1  round 1, no feedback
    draft-2  feedback F1 addressed, F2 declined, F3 open; 3 Marketing managers added (INT-13..15, 45/46/46 min);
             narrative edited
    final    round 3, final, k_min 6 (F3 asked for it: addressed); 1 Communication executive added (INT-16, 75 min);
             narrative edited

The analyses are pinned to the real engagement analysis plus STUB below (risks and findings that appear and
disappear), so that the expected "What changed" items are fixed by this script, not by other analyses landing.
Hand-derived consequences (k = k_min):
  n_interviewees 12 -> 15 -> 16; median duration 45.5 -> 46 -> 46 (all print "46 min": never a change);
  stub.mean_duration 45.5 -> 45.533 ("45.5 min", within rounding) -> 47.375 ("47.4 min");
  engagement.interviews: every cell stays suppressed (Marketing × Management reaches 7, but showing it would
  reveal Marketing × Operations = 2 through the Marketing total: complementary suppression);
  engagement.by_level Senior manager 4 -> 6 -> 6 (suppressed, shown, shown); Manager 4 -> 5 -> 5 (suppressed at
  k 5, shown at k 5, suppressed at k 6); cells suppressed 4 throughout;
  stub risks: R1 Marketing High -> Medium (mkt n >= 8), R3 Communication Medium -> Very high (comms n >= 7),
  R2 company-wide Low throughout; stub.all_under_hour present until the 75-minute interview, then
  stub.long_interviews = 1 instead; stub.comms_mean suppressed while Communication has fewer than 7 people.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from smaa_build.findings import Finding

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "cases" / "invalid" / "_base"
CASE_ID = "heron-rounds"

SPEC = """spec_version: 1

engagement:
  id: heron-rounds
  client: Base Test S.r.l.
  codename: Heron
  sector: J
  size_band: 250-999
  country: IT
  core_process: customer care
  period: {{start: 2026-03-02, end: 2026-03-27}}

report:
  round: {round}
  status: {status}
  date: {date}
  authors: [Research team]
  k_min: {k_min}

organisation:
  functions:
    - {{id: comms, label: Communication}}
    - {{id: mkt, label: Marketing}}
  levels:
    - {{id: L1, label: Senior manager, rank: 1}}
    - {{id: L2, label: Manager, rank: 2}}
    - {{id: L3, label: Executive, rank: 3}}
    - {{id: L4, label: Junior staff, rank: 4}}
  management_levels: [L1, L2]
  activities:
    - {{id: monitoring, label: Monitoring and listening}}
    - {{id: reporting, label: Upward reporting}}

data:
  interviewees: {{file: data/interviewees.csv}}
  codes: {{file: data/codes.csv}}
  ratings: {{file: data/ratings.csv, scale: [1, 5]}}

narrative:
  home: text/summary.md
{feedback}"""

FEEDBACK_2 = """
feedback:
  - id: F1
    round: 1
    from: Head of Communication
    section: engagement
    text: Please show the interview dates <script>alert(1)</script>.
    response: Added to the engagement page.
    status: addressed
  - id: F2
    round: 1
    from: Marketing director
    section: home
    text: Drop the benchmark.
    response: The benchmark is part of the method; we kept it.
    status: declined
  - id: F3
    round: 1
    from: Data protection officer
    section: appendix
    text: Raise the minimum cell size to 6.
    status: open
"""
FEEDBACK_3 = FEEDBACK_2.replace("    text: Raise the minimum cell size to 6.\n    status: open",
                                "    text: Raise the minimum cell size to 6.\n"
                                "    response: k_min is now 6 for every table.\n    status: addressed")

SUMMARY = {
    1: "# Summary\n\nWe interviewed {{ engagement.n_interviewees }} people across two functions.\n",
    2: "# Summary\n\nWe interviewed {{ engagement.n_interviewees }} people across two functions: communication and "
       "marketing.\n\nMarketing managers asked for <em>more</em> detail & context.\n",
    3: "# Summary\n\nWe interviewed {{ engagement.n_interviewees }} people across two functions: communication and "
       "marketing.\n\nMarketing managers asked for more detail.\n",
}

NEW_PEOPLE = {
    2: ["INT-13,mkt,L1,Milano,false,2026-03-16,45", "INT-14,mkt,L1,Forlì,false,2026-03-17,46",
        "INT-15,mkt,L2,Milano,false,2026-03-18,46"],
    3: ["INT-16,comms,L3,Cantù,false,2026-03-19,75"],
}


def stub(case, fs) -> list:
    """Test analysis: findings and risks that move with the interviewees in a known way."""
    people = case.tables["interviewees"]
    dur = people["duration_min"].astype(float)
    n = people["function"].value_counts().to_dict()
    fs.risks[:] = [
        {"risk_id": "R1", "title": "Unanswered complaints", "department": "mkt", "department_label": "Marketing",
         "band": "High" if n.get("mkt", 0) < 8 else "Medium"},
        {"risk_id": "R2", "title": "Crisis escalation", "department": None, "department_label": "Company-wide",
         "band": "Low"},
        {"risk_id": "R3", "title": "Silent KPIs", "department": "comms", "department_label": "Communication",
         "band": "Medium" if n.get("comms", 0) < 7 else "Very high"},
    ]
    out = [Finding("stub.mean_duration", "Mean interview length", float(dur.mean()), "min", decimals=1),
           Finding("stub.comms_mean", "Mean interview length in Communication",
                   float(dur[people["function"] == "comms"].mean()), "min", decimals=1,
                   suppressed=n.get("comms", 0) < 7)]
    long = int((dur >= 60).sum())
    if long:
        out.append(Finding("stub.long_interviews", "Interviews of an hour or more", long, "count", decimals=0))
    else:
        out.append(Finding("stub.all_under_hour", "Every interview under an hour", True))
    return out


def registry():
    from smaa_build.analyses import REGISTRY

    engagement = next(r for r in REGISTRY if r[0] == "engagement")
    return [engagement, ("stub", ("interviewees",), stub)]


def _append_rows(path: Path, rows: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(rows) + "\n", encoding="utf-8")


def _copy_answers(case: Path, ids: list[str]) -> None:
    """Codes and ratings for new interviewees, copied from INT-12's."""
    for name in ("codes.csv", "ratings.csv"):
        path = case / "data" / name
        mine = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("INT-12,")]
        _append_rows(path, [line.replace("INT-12,", f"{i},", 1) for i in ids for line in mine])


def write_spec(case: Path, round_: int) -> None:
    status, date, k_min, feedback = {1: ("draft", "2026-04-10", 5, ""), 2: ("draft", "2026-04-24", 5, FEEDBACK_2),
                                     3: ("final", "2026-05-08", 6, FEEDBACK_3)}[round_]
    (case / "case.yaml").write_text(SPEC.format(round=round_, status=status, date=date, k_min=k_min,
                                                feedback=feedback), encoding="utf-8")
    (case / "text" / "summary.md").write_text(SUMMARY[round_], encoding="utf-8")


def start(case: Path) -> Path:
    """Round 1: a fresh copy of the base case."""
    shutil.copytree(BASE, case)
    write_spec(case, 1)
    return case


def advance(case: Path, round_: int) -> None:
    """Record the client's feedback and edit the data and narrative for round 2 or 3."""
    write_spec(case, round_)
    _append_rows(case / "data" / "interviewees.csv", NEW_PEOPLE[round_])
    _copy_answers(case, [row.split(",", 1)[0] for row in NEW_PEOPLE[round_]])


def engagement(tmp: Path, target: Path, monkeypatch, publish_kwargs: dict | None = None) -> Path:
    """Run the three rounds, publishing each; returns the case folder."""
    from smaa_build.run.publish import publish

    monkeypatch.setattr("smaa_build.analyses.REGISTRY", registry())
    case = start(tmp / "case")
    kwargs = {"target": target, "out_root": tmp / "build", **(publish_kwargs or {})}
    publish(case, **kwargs)
    for round_ in (2, 3):
        advance(case, round_)
        publish(case, **kwargs)
    return case


def tree_bytes(root: Path) -> dict[str, bytes | None]:
    """Every file (bytes) and directory (None) under root, hidden ones included: a byte snapshot."""
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}
