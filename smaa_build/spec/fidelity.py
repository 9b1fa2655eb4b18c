"""Pass 2b, continued: what a data file holds that smaa would otherwise guess at. Closed vocabularies (with the
values case.yaml declares under `vocabularies:`), ranges, columns nobody reads, post ids repeated with other
content. Every check names the file, row and column."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import Problem
from ..facts import MACRO_SECTORS
from .columns_check import close_match
from .columns import (CLOSED, CONTRACT, NACE_CODE, RANGES, READ_WHEN, REFERENCE_METRICS, WIDER_SIZE_BANDS, canonical,
                      size_band)
from .convert import MAX_PER_COLUMN, bad_cells, capped
from .ids import id_codes


# ---- closed vocabularies -------------------------------------------------------------------------------------


def _sector_ok(spec: dict):
    bench = spec.get("benchmark") or {}
    named = {str(k).lower() for key in ("sector_groups", "macro_sectors") for k in (bench.get(key) or {})}
    coarse = set(MACRO_SECTORS.values())  # a reference row coarsened for k-anonymity (portfolio/reference.py)
    return lambda v: bool(re.fullmatch(NACE_CODE, v)) or v.lower() in named or v in coarse


def _accepts(name: str, spec: dict, declared: set):
    """value -> accepted? The same reading the analysis gives the column (benchmark normalises bands and NACE
    codes; sentiment lower-cases labels), or a value declared in case.yaml."""
    if name == "sector":
        ok = _sector_ok(spec)
    elif name == "size_band":
        wider = set(WIDER_SIZE_BANDS.values())  # a coarsened reference row's band
        ok = lambda v: size_band(v) is not None or v in wider  # noqa: E731
    elif name == "post_label":
        allowed = set(CLOSED[("posts", "label")][1])
        ok = lambda v: v.strip().lower() in allowed  # noqa: E731
    else:
        allowed = set(next(a for n, a in CLOSED.values() if n == name))
        ok = lambda v: v in allowed  # noqa: E731
    return lambda v: v == "" or v in declared or ok(v)


def _vocabulary_hint(name: str, allowed: list):
    def hint(value):
        close = close_match(str(value), allowed)
        if close:
            return f" (did you mean {close!r}? Or declare it under vocabularies.{name})"
        return f" (or declare it under vocabularies.{name})"
    return hint


def closed_values(tables: dict, spec: dict) -> list[Problem]:
    problems = []
    declared_all = spec.get("vocabularies") or {}
    for (kind, col), (name, allowed) in CLOSED.items():
        df = tables.get(kind)
        if df is None or col not in df:
            continue
        declared = [str(v) for v in declared_all.get(name, [])]
        s = df[col].astype(str)
        ok = _accepts(name, spec, set(declared))
        codes, uniques = pd.factorize(s)  # a posts file repeats a few labels over millions of rows
        bad = pd.Series(~np.array([ok(v) for v in uniques] + [True])[codes], index=s.index)
        listed = [*allowed, *declared]
        expected = ("a NACE section letter A–U (or a code such as 'J62')" if name == "sector"
                    else f"one of {listed}")
        problems += bad_cells(df.attrs["file"], df.attrs["names"].get(col, col), bad, s, expected,
                              _vocabulary_hint(name, listed))
    return problems


# ---- ranges ----------------------------------------------------------------------------------------------------


def _range_text(lo, hi, lo_open: bool) -> str:
    if hi is not None:
        return f"a value within [{lo}, {hi}]"
    return f"a value above {lo}" if lo_open else f"a value of at least {lo}"


def ranges(tables: dict) -> list[Problem]:
    problems = []
    for (kind, col), (lo, hi, lo_open) in RANGES.items():
        df = tables.get(kind)
        if df is None or col not in df:
            continue
        s = pd.to_numeric(df[col], errors="coerce")
        low = (s <= lo) if lo_open else (s < lo)
        bad = s.notna() & (low | ((s > hi) if hi is not None else False))
        problems += bad_cells(df.attrs["file"], df.attrs["names"].get(col, col), bad.astype(bool), s,
                              _range_text(lo, hi, lo_open))
    return problems


def _first_over(functions: pd.Series, fid: str, head: int):
    """Index of the row that brings function `fid` above its headcount, else None."""
    rows = functions.index[(functions == fid).to_numpy()]
    return rows[head] if len(rows) > head else None


def headcounts(tables: dict, spec: dict) -> list[Problem]:
    """More interviewees in a function than its declared headcount: one of the two is wrong, and the headcount
    weighs that function's risks (M7)."""
    people = tables.get("interviewees")
    if people is None:
        return []
    functions = people["function"].astype(str)
    problems = []
    for f in (spec.get("organisation") or {}).get("functions", []):
        head = f.get("headcount")
        at = None if head is None else _first_over(functions, f["id"], head)
        if at is not None:
            n = int((functions == f["id"]).sum())
            problems.append(Problem(people.attrs["file"], at + 2, people.attrs["names"].get("function", "function"),
                                    "", f"expected at most {head} interviewees in function {f['id']!r} (its "
                                    f"headcount in organisation.functions), got {n}; fix the headcount or the "
                                    "function"))
    return problems


DATE_ORDER = [("period_start", "period_end"), ("fieldwork_end", "published_at")]  # a later date before an earlier


def period_order(tables: dict) -> list[Problem]:
    """A survey period that ends before it starts matches no posts; a result published before its fieldwork
    ended gives a negative latency (M8)."""
    t = tables.get("traditional")
    problems = []
    for first, then in DATE_ORDER if t is not None else []:
        if first not in t or then not in t:
            continue
        a, b = t[first], t[then]
        bad = (a.notna() & b.notna() & (b < a)).to_numpy()
        problems += capped(t.attrs["file"], t.attrs["names"].get(then, then), list(t.index[bad]),
                           lambda i, a=a, b=b, first=first: f"expected a date on or after {first} {a[i]:%Y-%m-%d}, "
                           f"got {b[i]:%Y-%m-%d}")
    return problems


# ---- columns nobody reads ----------------------------------------------------------------------------------------


def _read_beyond(kind: str, spec: dict) -> set:
    """Columns an option of case.yaml makes smaa read: value.traditional_measure reads `measure`, value.segments
    reads its field from posts and traditional data."""
    read = {col for (k, col), (section, key) in READ_WHEN.items()
            if k == kind and (spec.get(section) or {}).get(key) is not None}
    field = ((spec.get("value") or {}).get("segments") or {}).get("field")
    return read | ({field} if field and kind in ("posts", "traditional") else set())


def _unread_message(kind: str, column: str, expected: list, absent: list) -> str:
    what = "a benchmark metric" if kind == "reference" else "a column smaa reads"
    close = close_match(column, absent)
    if (kind, column) in READ_WHEN:
        fix = "smaa reads it only when {}.{} is set".format(*READ_WHEN[(kind, column)])
    elif close:
        fix = f"did you mean {close!r}? Rename it or map it with data.{kind}.columns: {{{close}: '{column}'}}"
    else:
        fix = f"list it under data.{kind}.unused_columns if that is intended"
    return f"expected {what} {expected}, got {column!r}, which smaa does not read ({fix})"


def unread_columns(columns: list, display: str, kind: str, opts: dict, spec: dict) -> list[Problem]:
    """One warning per column of the file (after renaming) that nothing reads, located at the header."""
    known = canonical(kind)
    quiet = set(opts.get("unused_columns") or []) | _read_beyond(kind, spec)
    extra = [c for c in columns if c not in known and c not in quiet]
    metrics = list(REFERENCE_METRICS) if kind == "reference" else None
    expected = metrics if metrics else [c for c, _t, _r in CONTRACT[kind]]
    absent = [c for c in (metrics or known) if c not in columns]
    return [Problem(display, 1, c, "", _unread_message(kind, c, expected, absent), "warning") for c in extra]


# ---- post ids repeated with other content ----------------------------------------------------------------------


def _same(a: pd.Series, b: pd.Series) -> np.ndarray:
    a, b = a.reset_index(drop=True), b.reset_index(drop=True)
    return (a.eq(b).fillna(False) | (a.isna() & b.isna())).to_numpy(bool)


def repeated_posts(posts: pd.DataFrame) -> list[Problem]:
    """A warning per row whose post_id came earlier with other content: the build keeps the first row, so the
    later one is dropped whatever it says. Identical repeats are plain duplicates (counted on the page).
    Vectorised: an export of millions of posts may repeat many ids."""
    ids = posts["post_id"].astype(str)
    codes = id_codes(ids)  # `ids.duplicated(keep=False)` is: the id's number occurs more than once
    repeated = (np.bincount(codes)[codes] > 1) & (ids != "").to_numpy(bool)  # rows without an id repeat nothing
    if not repeated.any():
        return []
    cols = [c for c in canonical("posts") if c in posts and c != "post_id"]
    rows, row_ids = posts.loc[repeated, cols], ids[repeated]
    first_rows = ~row_ids.duplicated(keep="first")
    first = rows[first_rows.to_numpy()].set_axis(row_ids[first_rows].to_numpy()).loc[row_ids.to_numpy()]
    same = {c: _same(rows[c], first[c]) for c in cols}
    differs = ~np.logical_and.reduce(list(same.values())) if cols else np.zeros(len(rows), bool)
    first_at = dict(zip(row_ids[first_rows], row_ids[first_rows].index))
    found = [(rows.index[k], row_ids.iloc[k], [c for c in cols if not same[c][k]])
             for k in np.flatnonzero(differs)[:MAX_PER_COLUMN + 1]]
    n = int(differs.sum())
    return _repeat_problems(posts, found, first_at, n)


def _repeat_problems(posts: pd.DataFrame, found: list, first_at: dict, n: int) -> list[Problem]:
    """`found` holds the first MAX_PER_COLUMN + 1 of the `n` rows: (index, id, columns that differ)."""
    about = {i: (pid, diff) for i, pid, diff in found}
    rows = [i for i, _p, _d in found] + [None] * (n - len(found))

    def message(i):
        pid, diff = about[i]
        return (f"expected each post id once, got {pid!r} again with different content (first on row "
                f"{first_at[pid] + 2}; differs in {', '.join(diff)}); the build keeps the first row and drops this one")
    return capped(posts.attrs["file"], posts.attrs["names"].get("post_id", "post_id"), rows, message,
                  "repeating a post id with different content", "warning")
