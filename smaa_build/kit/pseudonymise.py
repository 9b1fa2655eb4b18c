"""`smaa kit --pseudonymise PLAN.xlsx`: the interview plan (with names) -> the interviewees file (ids only) and the
name ↔ id key, written apart from the kit (methods.md M12: random tokens, never derived from names; the key
table lives outside the report pipeline, which never reads names).

Stable ids: a name already in the key keeps its id, so running it again after more interviews adds rows and
changes none. An id typed into the plan's interviewee_id column is kept as well."""

from __future__ import annotations

import csv
import secrets
import string
from pathlib import Path

from ..errors import SmaaError
from ..spec.fieldwork import CONSENT, DONE, NAME_COLUMN, PLAN_SHEET

ALPHABET = string.ascii_uppercase + string.digits
REGISTER_COLUMNS = ["interviewee_id", "function", "level", "unique_role", "interview_date"]
KEY_COLUMNS = ["name", "interviewee_id"]


def new_id(taken: set[str]) -> str:
    while (token := "INT-" + "".join(secrets.choice(ALPHABET) for _ in range(6))) in taken:
        pass
    return token


def read_plan_rows(path: Path) -> list[dict]:
    """Every plan row with a name, as text (the name included: only this module reads it)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        if PLAN_SHEET not in book.sheetnames:
            raise SmaaError(f"{path}: expected the sheet {PLAN_SHEET!r} that smaa kit wrote, found "
                            f"{book.sheetnames}; pass the plan.xlsx of `smaa kit`")
        rows = book[PLAN_SHEET].iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(rows, ())]
        out = [{h: _text(v) for h, v in zip(header, r) if h} for r in rows]
    finally:
        book.close()
    return [r for r in out if r.get(NAME_COLUMN)]


def _text(value) -> str:
    if value is None:
        return ""
    return value.date().isoformat() if hasattr(value, "date") and callable(value.date) else str(value).strip()


def read_key(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["name"]: r["interviewee_id"] for r in csv.DictReader(fh)}


def assign(rows: list[dict], key: dict[str, str]) -> dict[str, str]:
    """name -> id for every row: the key's, else the plan's, else a new random one."""
    key = dict(key)
    taken = set(key.values()) | {r.get("interviewee_id", "") for r in rows}
    for r in rows:
        name = r[NAME_COLUMN]
        if name not in key:
            key[name] = r.get("interviewee_id") or new_id(taken)
            taken.add(key[name])
    return key


def interviewed(rows: list[dict]) -> list[dict]:
    """Rows of interviews held (status done) with consent given (yes): the only people smaa's data may hold."""
    return [r for r in rows if r.get("status") == DONE and r.get("consent") == CONSENT[0]]


def register(rows: list[dict], key: dict[str, str]) -> list[list[str]]:
    """The interviewees file's rows, ids instead of names, sorted by id."""
    out = [[key[r[NAME_COLUMN]], r.get("function", ""), r.get("level", ""), r.get("unique_role") or "false",
            r.get("date", "")] for r in rows]
    return sorted(out)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def pseudonymise(plan: Path, register_path: Path, key_path: Path) -> tuple[int, int]:
    """Write the interviewees file and the key; (interviewees written, ids newly assigned)."""
    rows = interviewed(read_plan_rows(plan))  # nobody else gets an id, nor a line in the key
    before = read_key(key_path)
    key = assign(rows, before)
    reg = register(rows, key)
    _write_csv(register_path, REGISTER_COLUMNS, reg)
    _write_csv(key_path, KEY_COLUMNS, sorted([n, i] for n, i in key.items()))
    key_path.chmod(0o600)  # the only file joining names to ids
    return len(reg), len(key) - len(before)
