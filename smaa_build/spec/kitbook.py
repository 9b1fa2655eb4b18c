"""The coding workbook `smaa kit` writes, read back as data.codes with no mapping: one sheet per coder (and the
reconciled `consensus` sheet), each with the codes contract's five columns, stacked into one long table.

The kit marks its workbooks with a hidden sheet (MANIFEST) listing the sheets it wrote, so that a renamed or
deleted sheet is reported by name instead of silently losing a coder. Every row of the stacked table remembers its
sheet and worksheet row (`attrs["where"]`); `relocate` moves the problems the ordinary checks find in the stacked
table (a value typed over a dropdown, an unknown interviewee) to `file[sheet]:row:column`."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from ..errors import Problem
from .columns import CONTRACT
from .reader import _cell_text

MANIFEST = "_smaa"  # hidden sheet: key | value rows (kind, sheets, seed)
LISTS = "_lists"  # hidden sheet holding the dropdowns' lists
INSTRUCTIONS = "Instructions"
CONSENSUS = "consensus"
CODE_COLUMNS = [c for c, _t, _r in CONTRACT["codes"]]


def sheet_label(display: str, sheet: str) -> str:
    """How a worksheet is named in a message: the file, then the sheet in brackets."""
    return f"{display}[{sheet}]"


def _open(path: Path):
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises several unrelated types for a damaged file; the plain reader words it
        return None


def read_manifest(book) -> dict[str, str]:
    if MANIFEST not in book.sheetnames:
        return {}
    rows = book[MANIFEST].iter_rows(values_only=True)
    return {str(r[0]): str(r[1] or "") for r in rows if r and r[0] is not None}


def is_kit_codes(path: Path, opts: dict) -> bool:
    """A kit coding workbook, read sheet by sheet (unless case.yaml names one sheet to read)."""
    if path.suffix.lower() != ".xlsx" or opts.get("sheet") or not path.is_file():
        return False
    book = _open(path)
    try:
        return book is not None and read_manifest(book).get("kind") == "codes"
    finally:
        if book is not None:
            book.close()


def _renamed(expected: list[str], found: list[str], display: str) -> list[Problem]:
    """Each sheet the kit wrote that is gone, at the sheet standing in its place (if any)."""
    extra = [s for s in found if s not in expected and s not in (MANIFEST, LISTS, INSTRUCTIONS)]
    problems = []
    for i, name in enumerate(s for s in expected if s not in found):
        fix = f"rename it back to {name!r}: each coder's codes are read from the sheet named after the coder"
        if i < len(extra):
            problems.append(Problem(sheet_label(display, extra[i]), 0, 0, "data.codes", f"expected the sheet name "
                                    f"{name!r} that smaa kit wrote, got {extra[i]!r} ({fix})"))
        else:
            problems.append(Problem(display, 0, 0, "data.codes", f"expected the sheet {name!r} that smaa kit wrote, "
                                    f"found none (restore it from the kit's coding.xlsx; {fix})"))
    return problems


def _header_problems(header: list[str], label: str) -> list[Problem]:
    missing = [c for c in CODE_COLUMNS if c not in header]
    found = ", ".join(repr(c) for c in header if c) or "no column"
    return [Problem(label, 1, 0, "", f"expected a column {c!r} as smaa kit wrote it, found only {found} (restore "
                    f"the column: copy the header row of another coder's sheet)") for c in missing]


def _sheet_rows(ws, label: str, sheet: str) -> tuple[list[dict], list[tuple], list[Problem]]:
    """The sheet's filled rows as dicts of text, their (label, row) and its problems; blank rows are skipped
    (the kit formats rows ahead for the dropdowns)."""
    rows = ws.iter_rows(values_only=True)
    header = [_cell_text(v).strip() for v in next(rows, ())]
    problems = _header_problems(header, label)
    if problems:
        return [], [], problems
    out, where = [], []
    for n, values in enumerate(rows, start=2):
        cells = {h: _cell_text(v).strip() for h, v in zip(header, values) if h}
        if not any(cells.values()):
            continue
        out.append({c: cells.get(c, "") for c in CODE_COLUMNS})
        where.append((label, n))
        coder = cells.get("coder_id", "")
        if coder and coder != sheet:
            problems.append(Problem(label, n, "coder_id", "", f"expected {sheet!r} (the coder this sheet belongs "
                                    f"to), got {coder!r} (move the row to the sheet {coder!r}, or fix the coder)"))
    return out, where, problems


def read_kit_codes(path: Path, display: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Every coder sheet stacked into the codes table; problems located at `file[sheet]:row:column`."""
    book = _open(path)
    try:
        expected = [s for s in read_manifest(book).get("sheets", "").split(",") if s]
        problems = _renamed(expected, book.sheetnames, display)
        rows, where = [], []
        for sheet in [s for s in expected if s in book.sheetnames]:
            r, w, p = _sheet_rows(book[sheet], sheet_label(display, sheet), sheet)
            rows, where, problems = rows + r, where + w, problems + p
    finally:
        book.close()
    if any(p.severity == "error" for p in problems) and not rows:
        return None, problems
    df = pd.DataFrame(rows, columns=CODE_COLUMNS, dtype=object)
    df.attrs.update(file=display, names={c: c for c in CODE_COLUMNS}, where=where)
    return df, problems


def relocate(problems: list[Problem], tables: dict) -> list[Problem]:
    """Problems found in a stacked table (file:row) moved to the sheet and row (or XML line) the row came from.
    The row origins are then dropped from the tables: pandas deep-copies `attrs` on every operation."""
    stacked = {df.attrs["file"]: df.attrs.pop("where") for df in tables.values() if "where" in df.attrs}
    out = []
    for p in problems:
        where = stacked.get(p.file)
        if where is not None and 2 <= p.line < len(where) + 2:
            label, line = where[p.line - 2]
            p = dataclasses.replace(p, file=label, line=line)
        out.append(p)
    return out
