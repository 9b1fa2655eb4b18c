"""Read one declared data file (CSV or XLSX) into a DataFrame of strings, with located problems."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from ..errors import Problem

DELIMITERS = [",", ";", "\t", "|"]
MEMORY_SHARE = 0.25  # a file larger than this share of available memory is refused before reading


def available_memory() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 8 * 1024**3


def _size_problem(path: Path, display: str) -> Problem | None:
    size, avail = path.stat().st_size, available_memory()
    if size == 0:
        return Problem(display, 1, 1, "", "file is empty; export it again with a header row and data")
    if size > MEMORY_SHARE * avail:
        return Problem(display, 1, 1, "", f"file is {size / 1e9:.1f} GB, more than a quarter of the "
                       f"{avail / 1e9:.1f} GB of memory available; split it or filter it before the build")
    return None


def _decode(raw: bytes, encoding: str, display: str, key: str) -> tuple[str | None, Problem | None]:
    enc = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        return raw.decode(enc), None
    except (UnicodeDecodeError, LookupError) as exc:
        if isinstance(exc, LookupError):
            return None, Problem(display, 1, 1, key, f"unknown encoding {encoding!r}; use e.g. utf-8 or cp1252")
        line = raw[: exc.start].count(b"\n") + 1
        guess = _guess_encoding(raw)
        hint = f"; declare `encoding: {guess}` under {key}" if guess else f"; save it as UTF-8 or declare its encoding under {key}"
        return None, Problem(display, line, 1, "", f"not valid {encoding} (byte 0x{raw[exc.start]:02x}){hint}")


def _guess_encoding(raw: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:200_000]).best()
    return best.encoding if best else None


def sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


_PARSER_LINE = re.compile(r"line (\d+)")


def _read_csv(text: str, delimiter: str, display: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    try:
        df = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, na_filter=False,
                         quoting=csv.QUOTE_MINIMAL, engine="c")
    except pd.errors.ParserError as exc:
        m = _PARSER_LINE.search(str(exc))
        line = int(m.group(1)) if m else 1
        return None, [Problem(display, line, 1, "", f"cannot split into columns with delimiter {delimiter!r}: "
                              f"{str(exc).strip()}; check quoting or declare `delimiter:`")]
    except pd.errors.EmptyDataError:
        return None, [Problem(display, 1, 1, "", "file has no header row; the first line must name the columns")]
    return df, []


def _read_xlsx(path: Path, sheet: str | None, display: str, key: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as exc:  # openpyxl raises several unrelated types for a damaged file
        return None, [Problem(display, 1, 1, "", f"cannot open as an Excel workbook ({exc.__class__.__name__}); "
                              "save it again as .xlsx")]
    name = sheet or book.sheet_names[0]
    if name not in book.sheet_names:
        return None, [Problem(display, 1, 1, f"{key}.sheet", f"expected one of the sheets {book.sheet_names}, "
                              f"got {name!r}")]
    df = book.parse(name, dtype=str, keep_default_na=False, na_filter=False)
    return df.astype(str).replace({"nan": ""}), []


def read_raw(path: Path, opts: dict, display: str, key: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The file as a DataFrame of stripped strings (empty string = missing), or the problems that stop it."""
    problem = _size_problem(path, display)
    if problem:
        return None, [problem]
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        df, problems = _read_xlsx(path, opts.get("sheet"), display, key)
    else:
        text, problem = _decode(path.read_bytes(), opts.get("encoding", "utf-8"), display, key)
        if problem:
            return None, [problem]
        df, problems = _read_csv(text, opts.get("delimiter") or sniff_delimiter(text), display)
    if df is None:
        return None, problems
    df.columns = [str(c).strip() for c in df.columns]
    if len(df) == 0:
        return None, [Problem(display, 1, 1, "", "file has a header but no data rows")]
    return df, problems
