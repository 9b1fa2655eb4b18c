"""The interview plan: one row per interviewee slot, function × level, as many as the minimum per cell
(spec/fieldwork.py), with columns for the name (kept in the kit only), date, interviewer, consent and status, and a
coverage sheet whose formulas count planned and done interviews per cell, per function and per level."""

from __future__ import annotations

from openpyxl.utils import get_column_letter, quote_sheetname

from ..spec.case import settings
from ..spec.fieldwork import (CONSENT, COVERAGE_SHEET, DONE, NAME_COLUMN, PLAN_COLUMNS, PLAN_SHEET, STATUSES,
                              level_groups, minimums)
from . import xlsx

SPARE_ROWS = 200  # rows left open below the slots for interviews added later


def slots(spec) -> list[list]:
    """The plan's rows: slot number, function, level, then blanks, status 'planned'."""
    rows = []
    for (function, level), n in minimums(spec).items():
        for _ in range(n):
            rows.append([len(rows) + 1, function, level, "", "", "false", "", None, "", "", "planned"])
    return rows


def _col(name: str) -> str:
    return get_column_letter(PLAN_COLUMNS.index(name) + 1)


def _plan_sheet(book, spec, names: dict[str, str]) -> int:
    ws = xlsx.table_sheet(book, PLAN_SHEET, PLAN_COLUMNS, {NAME_COLUMN: 28, "role": 24, "interviewer": 18})
    rows = slots(spec)
    for row in rows:
        ws.append(row)
    last = len(rows) + 1 + SPARE_ROWS
    xlsx.open_columns(ws, len(PLAN_COLUMNS))
    for col, what in (("function", "a function"), ("level", "a level"), ("status", "a status"),
                      ("consent", "the consent given"), ("unique_role", "true or false")):
        xlsx.dropdown(ws, names[col], f"{_col(col)}2:{_col(col)}{last}", what)
    ws.column_dimensions[_col("date")].number_format = "yyyy-mm-dd"
    xlsx.protect(ws)
    return last


def _count(last: int, status: str | None, function: str | None, level: str | None) -> str:
    """A COUNTIFS over the plan's rows, so the coverage follows the plan as it is filled in."""
    ref = lambda c: f"{quote_sheetname(PLAN_SHEET)}!${_col(c)}$2:${_col(c)}${last}"  # noqa: E731
    parts = []
    if function:
        parts += [ref("function"), f'"{function}"']
    if level:
        parts += [ref("level"), f'"{level}"']
    parts += [ref("status"), f'"{status}"' if status else '"<>cancelled"']
    if status == DONE:  # as `smaa check` counts: an interview whose consent was refused or withdrawn is no data
        parts += [x for refused in CONSENT[1:] for x in (ref("consent"), f'"<>{refused}"')]
    return "=COUNTIFS(" + ",".join(parts) + ")"


def _coverage_sheet(book, spec, last: int) -> None:
    ws = xlsx.table_sheet(book, COVERAGE_SHEET, ["function", "level", "level group", "minimum", "planned", "done"])
    need, groups = minimums(spec), level_groups(spec)
    for (f, lv), m in need.items():
        ws.append([f, lv, groups[lv], m, _count(last, None, f, lv), _count(last, DONE, f, lv)])
    ws.append([])
    for f in [x.id for x in settings(spec).organisation.functions]:
        m = sum(v for (ff, _lv), v in need.items() if ff == f)
        ws.append([f, "all levels", "", m, _count(last, None, f, None), _count(last, DONE, f, None)])
    ws.append([])
    for lv in groups:
        m = sum(v for (_f, ll), v in need.items() if ll == lv)
        ws.append(["all functions", lv, groups[lv], m, _count(last, None, None, lv), _count(last, DONE, None, lv)])
    xlsx.protect(ws)


INSTRUCTIONS = [
    "One row per interview slot. The slots per function × level are the minimum that lets the report show every "
    "function × level group (management / operations) with at least k_min = {k_min} interviewees.",
    "The column 'name' holds the interviewee's name. It never leaves this kit: `smaa kit --pseudonymise` turns "
    "this plan into the interviewees file with stable ids and writes the name ↔ id key to a separate file.",
    "Set status to 'done' once an interview is held with consent 'yes'; `smaa check` then reports the fieldwork's "
    "progress per cell and the cells that would be suppressed at the current count.",
    "Add interviews in the open rows below the slots. Mark a role held by one person (the only Head of "
    "Communication) with unique_role = true: any cell holding it is never published at that granularity.",
]


def plan_workbook(spec):
    book = xlsx.new_book()
    typed = settings(spec)
    k_min = typed.report.k_min
    xlsx.add_instructions(book, "Interview plan", [t.format(k_min=k_min) for t in INSTRUCTIONS])
    org = typed.organisation
    names = xlsx.add_lists(book, {"function": [f.id for f in org.functions],
                                  "level": [lv.id for lv in org.levels], "status": STATUSES,
                                  "consent": CONSENT, "unique_role": ["true", "false"]})
    last = _plan_sheet(book, spec, names)
    _coverage_sheet(book, spec, last)
    xlsx.add_manifest(book, {"kind": "plan"})
    return book
