"""Pass 2b: read every declared data file into a typed DataFrame and check it against the column contract,
the declared vocabularies and the other files (every interviewee referenced exists, …)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pandas as pd

from ..errors import Problem
from .columns import CODE_DOMAINS, CONTRACT, REFERENCE_METRICS, UNIQUE, VOCABULARY, canonical
from .convert import bad_cells, convert, to_number
from .fidelity import closed_values, headcounts, period_order, ranges, repeated_posts, unread_columns
from . import memo, segments
from .columnar import head
from .kitbook import is_kit_codes, read_kit_codes, relocate
from .qdpx import read_qdpx
from .paths import display_path
from .reader import fast_delimiter, read_raw, size_problem


def _missing_column(display: str, kind: str, canon: str, shown: str, found: list[str],
                    declared: bool = False) -> Problem:
    close = difflib.get_close_matches(shown.lower(), [c.lower() for c in found], n=1, cutoff=0.6)
    theirs = next((c for c in found if close and c.lower() == close[0]), "Your column")
    fix = f"did you mean {theirs!r}? Map it" if close else "rename it in the file or map it"
    listed = ", ".join(repr(c) for c in found)
    why = f" (declared as data.{kind}.columns.{canon})" if declared else ""
    return Problem(display, 1, 0, "", f"expected a column {shown!r}{why}, found only {listed} ({fix} with "
                   f"data.{kind}.columns: {{{canon}: '{theirs}'}})")


def _rename(df: pd.DataFrame, kind: str, mapping: dict, display: str) -> tuple[pd.DataFrame, list[Problem], dict]:
    """Canonical names for the file's columns. A mapping key that is no canonical name is reported at its key in
    case.yaml (columns_check) and not applied; a mapped column the file lacks is an error even when optional."""
    known = canonical(kind)
    mapping = {k: v for k, v in mapping.items() if k in known}
    names = {canon: mapping.get(canon, canon) for canon in known}
    found = list(df.columns)
    df = df.rename(columns={v: k for k, v in mapping.items()})
    problems = [_missing_column(display, kind, canon, names[canon], found)
                for canon, _t, req in CONTRACT[kind] if req and canon not in df.columns]
    problems += [_missing_column(display, kind, canon, theirs, found, declared=True)
                 for canon, theirs in mapping.items() if theirs not in found and not _required(kind, canon)]
    problems += [Problem(display, 1, canon, "", f"expected one column for {canon}, got both {canon!r} and "
                         f"{theirs!r}, mapped to it by data.{kind}.columns (drop the mapping to read {canon!r}, or "
                         f"rename {canon!r} in the file)")
                 for canon, theirs in mapping.items() if theirs != canon and canon in found and theirs in found]
    return df, problems, names


def _required(kind: str, canon: str) -> bool:
    return any(c == canon and req for c, _t, req in CONTRACT[kind])


def _empty_unnamed(df: pd.DataFrame) -> list[str]:
    """Columns with no header and no value: what a trailing delimiter or a formatted Excel column leaves."""
    return [c for c in df.columns if str(c).startswith("Unnamed: ") and (df[c].astype(str) == "").all()]


def read_kind(kind: str, path: Path, opts: dict, spec: dict | None = None,
              register: pd.DataFrame | None = None, cache_dir: Path | None = None) -> tuple[pd.DataFrame | None, list[Problem]]:
    display = display_path(path)
    if kind == "codes" and path.suffix.lower() == ".qdpx":  # a QDA tool's project; sources are interviewees
        return read_qdpx(path, display, spec, register)
    if kind == "codes" and is_kit_codes(path, opts):  # the kit's coding workbook: one sheet per coder
        return read_kit_codes(path, display)
    kept = _segmented(kind, path, opts, display, cache_dir)
    typed, problems, read = kept or memo.kept(kind, path, {**opts, "file": display}, cache_dir,
                                              lambda: _read_typed(kind, path, opts, display))
    if typed is None:
        return None, problems
    unread = unread_columns(read["columns"], display, kind, opts, spec or {})  # case.yaml may change: never kept
    return typed, problems[: read["n_read"]] + unread + problems[read["n_read"]:]


def _read_typed(kind: str, path: Path, opts: dict, display: str) -> tuple[pd.DataFrame | None, list[Problem], dict]:
    """The file read, renamed and converted: what depends on the file and its data.<kind> section only."""
    raw, problems = read_raw(path, opts, display, f"data.{kind}")
    if raw is None:
        return None, problems, {}
    typed, more, read = _typed(raw, kind, opts, display)
    return typed, problems + more, {**read, "n_read": len(problems)}


def _typed(raw: pd.DataFrame, kind: str, opts: dict, display: str) -> tuple[pd.DataFrame | None, list[Problem], dict]:
    raw, missing, names = _rename(raw, kind, opts.get("columns") or {}, display)
    if missing:
        return None, missing, {}
    raw = raw.drop(columns=_empty_unnamed(raw))
    typed, problems = convert(raw, CONTRACT[kind], display, opts, f"data.{kind}", names)
    typed.attrs.update(file=display, names=names)
    return typed, problems, {"columns": list(raw.columns), "n_read": 0, "names": names}


def _segmented(kind: str, path: Path, opts: dict, display: str, cache_dir: Path | None):
    """A large clean CSV from its kept segments (segments.py), or None: then the file is read whole."""
    if cache_dir is None or path.suffix.lower() in (".xlsx", ".xlsm", ".parquet") or not path.is_file() \
            or path.stat().st_size < memo.MIN_BYTES or size_problem(path, display):
        return None
    delimiter = fast_delimiter(head(path), opts)
    if delimiter is None or opts.get("encoding", "utf-8").lower().replace("_", "-") not in ("utf-8", "utf8"):
        return None

    def typed(raw: pd.DataFrame):
        raw.columns = [str(c).strip() for c in raw.columns]
        return _typed(raw, kind, opts, display)

    got = segments.read(path, delimiter, opts, cache_dir, typed)
    if got is not None:
        got[0].attrs.update(file=display, names=got[2]["names"])
    return got


def listing(values, limit: int = 12) -> str:
    """`['a', 'b', …]`, saying how many were left out rather than looking complete."""
    values = sorted(values)
    more = f", … and {len(values) - limit} more" if len(values) > limit else ""
    return "[" + ", ".join(repr(v) for v in values[:limit]) + more + "]"


def _close(value, options) -> str | None:
    hits = difflib.get_close_matches(str(value), sorted(map(str, options)), n=1, cutoff=0.6)
    return hits[0] if hits else None


def _members(df, col, allowed, expected, hint):
    s = df[col].astype(str)
    bad = (s != "") & ~s.isin(allowed)
    return bad_cells(df.attrs["file"], df.attrs["names"].get(col, col), bad, s, expected, hint)


def _declare_hint(allowed, org):
    def hint(value):
        close = _close(value, allowed)
        fix = f"did you mean {close!r}? If not, declare" if close else "fix the id or declare"
        return f" ({fix} it under organisation.{org})"
    return hint


def _vocabulary(tables: dict, spec: dict) -> list[Problem]:
    problems = []
    for (kind, col), org in VOCABULARY.items():
        if kind in tables and col in tables[kind]:
            ids = {item["id"] for item in spec["organisation"][org]}
            problems += _members(tables[kind], col, ids, f"one of the declared {org} {listing(ids)}",
                                 _declare_hint(ids, org))
    return problems


def _references(tables: dict) -> list[Problem]:
    if "interviewees" not in tables:
        return []
    ids = set(tables["interviewees"]["interviewee_id"])
    register = tables["interviewees"].attrs["file"]
    problems = []
    for kind in ("codes", "ratings", "kpis"):
        if kind in tables:
            problems += _members(tables[kind], "interviewee_id", ids, f"an interviewee_id listed in {register}",
                                 " (add the interviewee there or fix the id)")
    return problems


def _duplicates(tables: dict) -> list[Problem]:
    problems = []
    for kind, cols in UNIQUE.items():
        df = tables.get(kind)
        for col in cols if df is not None else []:
            dup = df[col].duplicated(keep="first")
            shown = df.attrs["names"].get(col, col)
            first = {v: i for i, v in reversed(list(df[col].items()))}
            problems += [Problem(df.attrs["file"], i + 2, shown, "", f"expected a unique {shown}, got "
                                 f"{df[col][i]!r} again (first on row {first[df[col][i]] + 2}); give each row its "
                                 "own id") for i in dup[dup].index[:5]]
    return problems


def _code_values(codes: pd.DataFrame) -> list[Problem]:
    problems = _members(codes, "dimension", set(CODE_DOMAINS), f"one of the dimensions {listing(CODE_DOMAINS)}",
                        lambda v: f" (did you mean {close!r}?)" if (close := _close(v, CODE_DOMAINS)) else "")
    for dim, domain in CODE_DOMAINS.items():
        rows = codes[codes["dimension"] == dim]
        bad = ~rows["value"].isin(domain)
        problems += bad_cells(codes.attrs["file"], codes.attrs["names"].get("value", "value"), bad, rows["value"],
                              f"a {dim} code in {domain}")
    return problems


def _scale(df: pd.DataFrame, col: str, scale, key: str) -> list[Problem]:
    lo, hi = scale
    s = df[col]
    bad = s.notna() & ((s < lo) | (s > hi))
    return bad_cells(df.attrs["file"], df.attrs["names"].get(col, col), bad, s, f"a value within [{lo}, {hi}]",
                     f" (the scale is declared as {key}.scale)")


def _reference_metrics(ref: pd.DataFrame, opts: dict) -> list[Problem]:
    """The benchmarked metrics as numbers; other extra columns were warned about as unread and stay text."""
    problems = []
    for col in [c for c in ref.columns if c in REFERENCE_METRICS]:
        ref[col], p = to_number(ref[col].astype(str).str.strip(), ref.attrs["file"], ref.attrs["names"].get(col, col),
                                opts.get("decimal", "."), key="data.reference")
        problems += p
    return problems


def _declared_columns(tables: dict, spec: dict) -> list[Problem]:
    """Columns case.yaml makes smaa read (value.traditional_measure, value.segments.field) must be there."""
    value = spec.get("value") or {}
    wanted = []
    if value.get("traditional_measure") is not None:
        wanted.append(("traditional", "measure", "value.traditional_measure"))
    field = (value.get("segments") or {}).get("field")
    wanted += [(kind, field, "value.segments.field") for kind in ("posts", "traditional") if field]
    problems = []
    for kind, col, key in wanted:
        df = tables.get(kind)
        if df is not None and col not in df:
            found = ", ".join(repr(df.attrs["names"].get(c, c)) for c in df.columns)
            problems.append(Problem(df.attrs["file"], 1, 0, "", f"expected a column {col!r} (read because of "
                                    f"{key}), found only {found} (add the column or change {key})"))
    return problems


def check_tables(tables: dict, spec: dict) -> list[Problem]:
    problems = _vocabulary(tables, spec) + _references(tables) + _duplicates(tables)
    if "codes" in tables:
        problems += _code_values(tables["codes"])
    if "ratings" in tables:
        problems += _scale(tables["ratings"], "score", spec["data"]["ratings"]["scale"], "data.ratings")
    if "traditional" in tables and spec["data"]["traditional"].get("scale"):
        problems += _scale(tables["traditional"], "value", spec["data"]["traditional"]["scale"], "data.traditional")
    if "reference" in tables:
        problems += _reference_metrics(tables["reference"], spec["data"]["reference"])
    if "posts" in tables:
        problems += repeated_posts(tables["posts"])
    return (problems + closed_values(tables, spec) + ranges(tables) + headcounts(tables, spec) + period_order(tables)
            + _declared_columns(tables, spec))


def load_tables(spec: dict, files: dict[str, Path], cache_dir: Path | None = None
                ) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """`cache_dir`: where large files' typed tables are kept between builds (memo.py); None reads every file."""
    tables, problems = {}, []
    for kind, opts in sorted(spec["data"].items(), key=lambda item: item[0] != "interviewees"):  # register first
        if kind in files:
            df, p = read_kind(kind, files[kind], opts, spec, tables.get("interviewees"), cache_dir)
            problems += p
            if df is not None:
                tables[kind] = df
    tables = {kind: tables[kind] for kind in spec["data"] if kind in tables}  # case.yaml's order, as before
    problems += check_tables(tables, spec)
    return tables, relocate(problems, tables)
