"""Read one declared data file (CSV, XLSX or Parquet) into a DataFrame of strings, with located problems."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
from pathlib import Path

import pandas as pd

from ..errors import Problem
from .columnar import head, read_csv_fast, read_parquet

DELIMITERS = [",", ";", "\t", "|"]
MAX_RAGGED = 5  # ragged rows listed before "and N more"
MEMORY_SHARE = 0.25  # a file larger than this share of available memory is refused before reading


def available_memory() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 8 * 1024**3


def _size(n: float) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return ""


def size_problem(path: Path, display: str) -> Problem | None:
    size, avail = path.stat().st_size, available_memory()
    if size == 0:
        return Problem(display, 1, 0, "", "expected a header row and data rows, got an empty file (0 bytes); "
                       "export it again")
    if size > MEMORY_SHARE * avail:
        return Problem(display, 0, 0, "", f"expected a file smaller than a quarter of the {_size(avail)} of memory "
                       f"available, got {_size(size)}; split it or filter it before the build")
    return None


def _decode(raw: bytes, encoding: str, display: str, key: str) -> tuple[str | None, Problem | None]:
    enc = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        return raw.decode(enc), None
    except LookupError:
        return None, Problem(display, 0, 0, f"{key}.encoding", f"expected a known encoding (e.g. utf-8, cp1252), "
                             f"got {encoding!r}")
    except UnicodeDecodeError as exc:
        return None, _encoding_problem(raw, exc.start, encoding, display, key)


def _encoding_problem(raw: bytes, at: int, encoding: str, display: str, key: str) -> Problem:
    """Located at the row and column of the first bad byte, showing the cell as the guessed encoding reads it."""
    guess = _guess_encoding(raw)
    if guess == "utf-16":  # lines and cells cannot be cut out of UTF-16 bytes the way they are below
        return Problem(display, 1, 0, "", f"expected UTF-8 text, got UTF-16 (the file starts with its byte-order "
                       f"mark); declare `encoding: utf-16` under {key} or save the file as UTF-8")
    start, end = raw.rfind(b"\n", 0, at) + 1, raw.find(b"\n", at)
    end = len(raw) if end < 0 else end
    header = raw.split(b"\n", 1)[0].decode("latin-1")  # latin-1 never fails: only for counting delimiters
    delimiter = sniff_delimiter(header)
    index = raw[start:at].decode("latin-1").count(delimiter)  # approximate if a quoted cell holds the delimiter
    names = [c.strip().strip('"') for c in header.split(delimiter)]
    column = names[index] if index < len(names) else index + 1
    found = f"byte 0x{raw[at]:02x}"
    cells = raw[start:end].decode(guess or "latin-1", errors="replace").rstrip("\r").split(delimiter)
    if guess and index < len(cells):
        hint = f" (if the cell should read {cells[index].strip()!r}, declare `encoding: {guess}` under {key})"
    else:
        hint = f" (save the file as UTF-8 or declare its `encoding:` under {key})"
    shown = "UTF-8" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    return Problem(display, raw.count(b"\n", 0, at) + 1, column, "", f"expected {shown} text, got {found}{hint}")


def _guess_encoding(raw: bytes) -> str | None:
    """UTF-16 by its BOM; else cp1252 when it decodes (what Excel on Windows writes in Italy and most of Europe;
    charset_normalizer tends to say cp1250 for short Italian text, which turns 'Forlì' into 'Forlě'); else ask
    charset_normalizer."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    try:
        raw.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:200_000]).best()
    return best.encoding if best else None


def sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _declared_delimiter_problem(text: str, declared: str, display: str, key: str) -> Problem | None:
    """A declared delimiter absent from the header while another one is there: the declaration is wrong."""
    header = text.split("\n", 1)[0]
    found = sniff_delimiter(header)
    if declared in header or found not in header:
        return None
    return Problem(display, 1, 0, f"{key}.delimiter", f"expected a header separated by {declared!r} (as declared), "
                   f"found one separated by {found!r} (declare `delimiter: {found!r}` or remove `delimiter:` to "
                   f"detect it)")


def _unsplittable(exc: csv.Error) -> str:
    if "new-line character" in str(exc):
        return ("expected one row per line, got a line break (a carriage return alone) outside double quotes; "
                "quote a value holding a line break, or save the file again as CSV UTF-8 (old Mac line ends)")
    return f"expected a line the CSV reader can split, got one it cannot ({exc}); check the quoting"


def _ragged_rows(text: str, delimiter: str, display: str, key: str) -> list[Problem]:
    """Every row whose number of fields differs from the header's (pandas stops at the first one)."""
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next((r for r in rows if r), [])  # pandas skips blank lines before the header too
        bad, line = [], rows.line_num
        for row in rows:
            first, line = line + 1, rows.line_num
            if row and len(row) != len(header):
                bad.append((first, len(row)))
    except csv.Error as exc:  # found by tests/spec/test_fuzz.py: a carriage return alone, a cell over 128 KB
        return [Problem(display, max(rows.line_num, 1), 0, "", _unsplittable(exc))]
    hint = (f" (a value holding {delimiter!r} must be in double quotes; or the file uses another delimiter: "
            f"declare `delimiter:` under {key})")
    out = [Problem(display, at, 0, "", f"expected {len(header)} fields like the header, got {n}{hint}")
           for at, n in bad[:MAX_RAGGED]]
    if len(bad) > MAX_RAGGED:
        out.append(Problem(display, bad[MAX_RAGGED][0], 0, "", f"and {len(bad) - MAX_RAGGED} more rows with a "
                           f"different number of fields"))
    return out


def _read_csv(text: str, delimiter: str, display: str, key: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    if not text.strip():
        return None, [Problem(display, 1, 0, "", "expected a header row naming the columns, got only blank lines")]
    ragged = _ragged_rows(text, delimiter, display, key)
    if ragged:
        return None, ragged
    try:
        df = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, na_filter=False,
                         quoting=csv.QUOTE_MINIMAL, engine="c")
    except pd.errors.ParserError as exc:  # what the row scan above cannot foresee
        return None, [Problem(display, 1, 0, "", f"expected a CSV file separated by {delimiter!r}, but pandas "
                              f"cannot split it ({str(exc).strip()}); check the quoting or declare `delimiter:` "
                              f"under {key}")]
    return df, []


def _read_xlsx(path: Path, sheet: str | None, display: str, key: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as exc:  # openpyxl raises several unrelated types for a damaged file
        return None, [Problem(display, 0, 0, "", f"cannot open as an Excel workbook ({exc.__class__.__name__}); "
                              "save it again as .xlsx")]
    name = sheet or book.sheet_names[0]
    if name not in book.sheet_names:
        close = difflib.get_close_matches(name, book.sheet_names, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}? Sheet names are case-sensitive)" if close else ""
        return None, [Problem(display, 0, 0, f"{key}.sheet", f"expected one of the sheets {book.sheet_names}, "
                              f"got {name!r}{hint}")]
    df = pd.read_excel(book, sheet_name=name, dtype=object, keep_default_na=False, na_filter=False)
    return df.map(_cell_text), []


def _cell_text(value) -> str:
    """A worksheet cell as the text a CSV export would hold: dates as YYYY-MM-DD (Excel stores them as datetimes
    at midnight), timestamps in ISO 8601, empty cells as ''."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def fast_delimiter(start: bytes, opts: dict) -> str | None:
    """The delimiter when the header agrees with the declaration (else the careful path reports it), or None."""
    header = start.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    declared = opts.get("delimiter")
    if declared and declared not in header and sniff_delimiter(header) in header:
        return None
    return declared or sniff_delimiter(header)


def _read_delimited(path: Path, opts: dict, display: str, key: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """A clean UTF-8 file through pyarrow (columnar.py); any other file row by row, with located problems."""
    encoding = opts.get("encoding", "utf-8")
    delimiter = fast_delimiter(head(path), opts)
    df = delimiter and read_csv_fast(path, delimiter, encoding)
    if df is not None:
        return df, []
    raw = path.read_bytes()
    text, problem = _decode(raw, encoding, display, key)
    del raw  # the text and the parser's frame are enough to hold at once
    if problem:
        return None, [problem]
    declared = opts.get("delimiter")
    problem = declared and _declared_delimiter_problem(text, declared, display, key)
    if problem:
        return None, [problem]
    return _read_csv(text, declared or sniff_delimiter(text), display, key)


def read_raw(path: Path, opts: dict, display: str, key: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The file as a DataFrame of stripped strings (empty string = missing), or the problems that stop it."""
    problem = size_problem(path, display)
    if problem:
        return None, [problem]
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        df, problems = _read_xlsx(path, opts.get("sheet"), display, key)
    elif suffix == ".parquet":
        df, problems = read_parquet(path, display)
    else:
        df, problems = _read_delimited(path, opts, display, key)
    if df is None:
        return None, problems
    df.columns = [str(c).strip() for c in df.columns]
    if len(df) == 0:
        return None, [Problem(display, 1, 0, "", "expected data rows under the header, got none; export the file "
                              "again with its data")]
    return df, problems
