"""`smaa new` writes a case whose own dates agree (issue 14, item 9): the fieldwork period in case.yaml holds every
interview_date of the sample register, and the report is dated on or after the fieldwork. Before, the period was
computed from today (November 2026) while the sample interviews sat in March 2026."""

from __future__ import annotations

import datetime as dt

import pytest

from smaa_build.spec import load_case
from smaa_build.spec.consistency import interview_dates
from smaa_build.spec.scaffold import scaffold


@pytest.mark.parametrize("today", [dt.date(2026, 12, 7), dt.date(2026, 3, 10), dt.date(2031, 1, 1)])
def test_a_new_case_has_its_interviews_inside_its_fieldwork_period(tmp_path, today):
    case = load_case(scaffold(tmp_path / "acme", today=today))
    period, report = case.spec["engagement"]["period"], case.spec["report"]
    dates = sorted(dt.date.fromisoformat(str(d)[:10]) for d in case.tables["interviewees"]["interview_date"])
    assert (period["start"], period["end"]) == (dates[0], dates[-1]) == (dt.date(2026, 3, 2), dt.date(2026, 3, 21))
    assert interview_dates(case.spec, case.tables) == []  # what `smaa check` would warn about, were it not a sample
    assert report["date"] == max(today, period["end"])
