"""Cross-file facts `smaa check` reports as warnings: each file is valid on its own, but together they disagree in a
way the analyses would silently absorb.

- an interview_date outside engagement.period: the engagement page states the fieldwork period, and the interview
  would fall outside it (a typo in the date, or a period that is out of date);
- a KPI row whose function differs from its interviewee's function in the register: the KPI overlap between
  functions (M4) would count that person in two functions.

Each is located at the data file's row and column, one warning per row up to convert.MAX_PER_COLUMN (per column,
per interviewee for KPIs), then "and N more rows", as every data problem is listed. `smaa build` does not repeat
them: it may read its findings from the cache without reading the data at all."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..errors import Problem
from .convert import bad_cells


def _warnings(problems: list[Problem]) -> list[Problem]:
    return [replace(p, severity="warning") for p in problems]


def interview_dates(spec: dict, tables: dict) -> list[Problem]:
    people, period = tables.get("interviewees"), spec["engagement"].get("period")
    if people is None or not period or "interview_date" not in people:
        return []
    start, end = period["start"], period["end"]
    dates = pd.to_datetime(people["interview_date"])
    outside = dates.notna() & ((dates < pd.Timestamp(start)) | (dates > pd.Timestamp(end)))
    column = people.attrs["names"].get("interview_date", "interview_date")
    return _warnings(bad_cells(people.attrs["file"], column, outside, dates.dt.strftime("%Y-%m-%d"),
                               f"an interview_date within engagement.period ({start} to {end})",
                               " (fix the date, or the period in case.yaml)"))


def kpi_functions(tables: dict) -> list[Problem]:
    people, kpis = tables.get("interviewees"), tables.get("kpis")
    if people is None or kpis is None:
        return []
    registered = dict(zip(people["interviewee_id"].astype(str), people["function"].astype(str)))
    ids, functions = kpis["interviewee_id"].astype(str), kpis["function"].astype(str)
    own = ids.map(registered)
    wrong = own.notna() & (own != functions)
    column, out = kpis.attrs["names"].get("function", "function"), []
    for person in sorted(set(ids[wrong])):  # the expected function differs per interviewee
        out += bad_cells(kpis.attrs["file"], column, wrong & (ids == person), functions,
                         f"{registered[person]!r}, the function of {person} in {people.attrs['file']}",
                         " (a KPI belongs to its interviewee's function)")
    return _warnings(out)


def cross_file(spec: dict, tables: dict) -> list[Problem]:
    """Every cross-file warning, in no particular order (SpecError sorts problems)."""
    return interview_dates(spec, tables) + kpi_functions(tables)
