"""`smaa new`: copy the case template, filling in the id, a codename and dates (the fieldwork period is the sample
register's interview dates; the report date is today, or the period's end if that is later). Refuses to
overwrite."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from pathlib import Path

from ..errors import SmaaError

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "new_case"


def sample_fieldwork() -> tuple[dt.date, dt.date]:
    """The first and last interview_date of the template's sample register: the new case's engagement.period, so
    that the fieldwork period and the interview dates agree (the sample files stay byte-identical to the template,
    which is how `smaa check` recognises them as samples)."""
    with (TEMPLATE / "data" / "interviewees.csv").open(encoding="utf-8", newline="") as f:
        dates = sorted(dt.date.fromisoformat(row["interview_date"]) for row in csv.DictReader(f))
    return dates[0], dates[-1]


def scaffold(target: Path, case_id: str | None = None, today: dt.date | None = None) -> Path:
    target = Path(target)
    case_id = case_id or target.name
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", case_id):
        raise SmaaError(f"case id {case_id!r}: use letters, digits, - and _ (it names folders and URLs)")
    if target.exists() and any(target.iterdir()):
        raise SmaaError(f"{target} exists and is not empty; choose a new folder (nothing was written)")
    start, end = sample_fieldwork()
    today = max(today or dt.date.today(), end)
    values = {"id": case_id, "codename": case_id.replace("-", " ").title(), "date": today.isoformat(),
              "start": start.isoformat(), "end": end.isoformat()}
    shutil.copytree(TEMPLATE, target, dirs_exist_ok=True)
    spec = target / "case.yaml"
    text = spec.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    spec.write_text(text, encoding="utf-8")
    return target
