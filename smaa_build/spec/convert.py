"""Give each canonical column its type; every bad cell becomes a problem located at file:row:column."""

from __future__ import annotations

import calendar
import re
import unicodedata

import numpy as np
import pandas as pd

from ..errors import Problem
from .columns import FALSE_WORDS, TRUE_WORDS

MAX_PER_COLUMN = 5  # cells listed per column before "and N more rows"
_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"
_YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])")


def _row(i: int) -> int:
    return int(i) + 2  # header is line 1; rows start on line 2


def shown(value) -> str:
    """A cell as the user wrote it: text quoted, numbers bare (7, not np.int64(7) or 7.0)."""
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return repr(value)


def capped(display: str, column: str, rows: list, message, more: str = "with the same problem in this column",
           severity: str = "error") -> list[Problem]:
    """One problem per row (`message(row)`), at most MAX_PER_COLUMN, then one saying how many more."""
    out = [Problem(display, _row(i), column, "", message(i), severity) for i in rows[:MAX_PER_COLUMN]]
    if len(rows) > MAX_PER_COLUMN:
        n = len(rows) - MAX_PER_COLUMN
        out.append(Problem(display, _row(rows[MAX_PER_COLUMN]), column, "", f"and {n} more row{'s' if n > 1 else ''} "
                           f"{more}", severity))
    return out


def bad_cells(display: str, column: str, mask: pd.Series, values: pd.Series, expected: str,
              hint="") -> list[Problem]:
    """One problem per bad cell, at most MAX_PER_COLUMN; `hint` is text or a function of the cell's value."""
    hint_for = hint if callable(hint) else (lambda _v: hint)
    return capped(display, column, list(mask[mask].index),
                  lambda i: f"expected {expected}, got {shown(values[i])}{hint_for(values[i])}")


def _number(s: pd.Series, decimal: str) -> pd.Series:
    if decimal == ",":
        s = s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    return pd.to_numeric(s.where(s != ""), errors="coerce")


def to_number(s, display, column, decimal, integer=False, key="data"):
    num = _number(s, decimal)
    bad = (s != "") & num.isna()
    if integer:
        bad |= num.notna() & (num % 1 != 0)
    hint = f" (the file uses a decimal comma? declare `decimal: \",\"` under {key})" if decimal == "." and s.str.match(
        r"^-?\d+,\d+$").any() else ""
    problems = bad_cells(display, column, bad, s, "a whole number" if integer else "a number", hint)
    infinite = np.isinf(num.to_numpy(float, na_value=np.nan))  # 'inf', '1e999': numbers no statistic survives
    problems += bad_cells(display, column, pd.Series(infinite, index=s.index), s, "a finite number")
    num = num.mask(infinite)
    return (num.astype("Int64") if integer and not bad.any() else num), problems


def _words(words: list) -> str:
    return ", ".join(str(w) for w in words)


def to_bool(s, display, column, key="data", true_words=(), false_words=()):
    """Yes/no words of every report language plus the file's declared `true_values:` / `false_values:`."""
    yes = {*TRUE_WORDS, *(str(w).lower() for w in true_words)}
    no = {*FALSE_WORDS, *(str(w).lower() for w in false_words)}
    codes, uniques = pd.factorize(s)  # a flag column holds a handful of distinct words over millions of rows
    low = [unicodedata.normalize("NFC", str(u)).lower() for u in uniques]
    value = np.array([True if w in yes else (False if w in no else pd.NA) for w in low] + [pd.NA], dtype=object)
    known = np.array([w in yes or w in no or w == "" for w in low] + [True])
    out = pd.Series(value[codes], index=s.index).astype("boolean")
    bad = pd.Series(~known[codes], index=s.index)
    hint = (f" (accepted for true: {_words([*TRUE_WORDS, *true_words])}; for false: "
            f"{_words([*FALSE_WORDS, *false_words])}; declare other words with `true_values:` / `false_values:` "
            f"under {key})")
    return out, bad_cells(display, column, bad, s, "true or false", hint)


def impossible_date(text: str) -> str | None:
    """Why a YYYY-MM-DD (or the date part of a timestamp) names no day of the calendar, else None."""
    m = _YMD.match(str(text))
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        leap = f"; {year} is not a leap year" if month == 2 and day == 29 else ""
        return f"{calendar.month_name[month]} {year} has {days} days{leap}"
    return None


def _date_hint(value) -> str:
    why = impossible_date(value)
    return f" ({why})" if why else ""


def to_date(s, display, column):
    out = pd.to_datetime(s.where(s != ""), format="%Y-%m-%d", errors="coerce")
    bad = (s != "") & out.isna()
    return out, bad_cells(display, column, bad, s, "a date YYYY-MM-DD", _date_hint)


def to_timestamp(s, display, column, tz, key):
    has_offset = s.str.contains(_OFFSET, regex=True)
    naive = (s != "") & ~has_offset
    problems = []
    if naive.any() and not tz:
        return None, bad_cells(display, column, naive, s, "a timestamp with a UTC offset (e.g. +01:00)",
                               f" (add offsets in the export or declare `timezone:` under {key})")
    out = pd.to_datetime(s.where(has_offset), format="ISO8601", utc=True, errors="coerce")
    if naive.any():
        local = pd.to_datetime(s.where(naive), format="ISO8601", errors="coerce")
        out = out.fillna(local.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT").dt.tz_convert("UTC"))
    bad = (s != "") & out.isna()
    problems += bad_cells(display, column, bad, s, "an ISO-8601 timestamp", _date_hint)
    return out, problems


def convert(df: pd.DataFrame, contract, display: str, opts: dict, key: str,
            names: dict) -> tuple[pd.DataFrame, list[Problem]]:
    """`names` maps canonical -> file column name (for messages)."""
    problems: list[Problem] = []
    out = pd.DataFrame(index=df.index)
    for col, kind, _required in contract:
        if col not in df:
            continue
        s, shown = df[col].astype(str).str.strip(), names.get(col, col)
        if kind in ("number", "int"):
            out[col], p = to_number(s, display, shown, opts.get("decimal", "."), kind == "int", key)
        elif kind == "bool":
            out[col], p = to_bool(s, display, shown, key, opts.get("true_values") or (),
                                  opts.get("false_values") or ())
        elif kind == "date":
            out[col], p = to_date(s, display, shown)
        elif kind == "timestamp":
            out[col], p = to_timestamp(s, display, shown, opts.get("timezone"), key)
        else:
            out[col], p = s, []
        problems += p
    for extra in df.columns.difference(out.columns):
        out[extra] = df[extra]
    return out, problems
