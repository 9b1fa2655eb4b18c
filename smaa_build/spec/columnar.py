"""Columnar reading (issue 15): a clean UTF-8 CSV through pyarrow's multi-threaded reader, and Parquet files, into
a DataFrame of strings with no Python loop over rows.

The fast CSV path only answers files it is sure the row-by-row path in reader.py would read the same way; for
anything unusual (another encoding, a bad byte, a ragged row, a carriage return alone, a cell over the csv module's
128 KB, a header with an empty or repeated name) it returns None and reader.py reads the file as before, so every
broken file keeps its located message, word for word.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from ..errors import Problem

CSV_FIELD_LIMIT = 131_072  # the csv module's default field_size_limit: reader.py reports a longer cell
BLOCK = 16 << 20  # bytes per parallel block: large enough that a long quoted text seldom straddles blocks
SCAN = 16 << 20  # bytes read at a time when looking for a carriage return alone


def _header(raw: bytes, delimiter: str) -> list[str] | None:
    line = raw.split(b"\n", 1)[0].decode("utf-8-sig", errors="strict").rstrip("\r")
    names = next(csv.reader([line], delimiter=delimiter), [])
    ok = names and all(n.strip() for n in names) and len(set(names)) == len(names) and '"' not in line
    return names if ok else None


def _is_plain_utf8(encoding: str) -> bool:
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8")


HEADER_MAX = 65_536  # bytes read to find the header line


def head(path: Path, size: int = HEADER_MAX) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(size)


def _lone_carriage_return(path: Path) -> bool:
    """A carriage return not followed by a line feed anywhere in the file, read in blocks (never all at once)."""
    with open(path, "rb") as fh:
        while chunk := fh.read(SCAN):
            if chunk.endswith(b"\r"):
                chunk += fh.read(1)  # a CRLF split between blocks; a second CR here only sends the file the careful way
            if lone_carriage_return(chunk):
                return True
    return False


def lone_carriage_return(chunk: bytes) -> bool:
    """A carriage return in `chunk` that no line feed follows."""
    return chunk.count(b"\r") != chunk.count(b"\r\n")


def fast_path_allowed(path: Path, delimiter: str, encoding: str) -> bool:
    """The checks before pyarrow may read the file: plain UTF-8, no carriage return alone, a clean header."""
    if not _is_plain_utf8(encoding) or _lone_carriage_return(path):
        return False
    try:
        return _header(head(path), delimiter) is not None
    except UnicodeDecodeError:
        return False


def header_names(start: bytes, delimiter: str) -> list[str] | None:
    try:
        return _header(start, delimiter)
    except UnicodeDecodeError:
        return None


def csv_options(names: list[str], delimiter: str) -> dict:
    """pyarrow's reading of a CSV as the row-by-row reader reads it: every cell a string, '' for an empty one."""
    import pyarrow as pa
    from pyarrow import csv as pcsv

    return {"read_options": pcsv.ReadOptions(use_threads=True, block_size=BLOCK),
            "parse_options": pcsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True,
                                               escape_char=False, newlines_in_values=True, ignore_empty_lines=True),
            "convert_options": pcsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                   strings_can_be_null=False, quoted_strings_can_be_null=False)}


def checked(table, names: list[str]) -> pd.DataFrame | None:
    """The table as strings, or None where the careful path must decide (other columns, no rows, a long cell)."""
    import pyarrow.compute as pc

    if names is None or table.column_names != names or table.num_rows == 0:
        return None
    if any((pc.max(pc.binary_length(c)).as_py() or 0) > CSV_FIELD_LIMIT for c in table.columns):
        return None
    return table.to_pandas()


def read_csv_fast(path: Path, delimiter: str, encoding: str) -> pd.DataFrame | None:
    """The file as strings (empty string = empty cell), or None when the careful path must read it. pyarrow reads
    the file itself: its bytes are never held whole in Python (at a million posts that is ~150 MB less)."""
    if not fast_path_allowed(path, delimiter, encoding):
        return None
    import pyarrow as pa
    from pyarrow import csv as pcsv

    names = header_names(head(path), delimiter)
    try:
        table = pcsv.read_csv(str(path), **csv_options(names, delimiter))
    except (pa.ArrowInvalid, pa.ArrowException, OSError):
        return None
    return checked(table, names)


def _as_text(column):
    """A Parquet column as the text a CSV export would hold: dates YYYY-MM-DD, timestamps ISO 8601 (UTC ones end
    in Z), booleans true/false, missing values ''."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        column = pc.cast(column, pa.string())
    return pc.fill_null(column, "")


def read_parquet(path: Path, display: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        return None, [Problem(display, 0, 0, "", f"cannot open as a Parquet file ({exc.__class__.__name__}); "
                              "write it again as Parquet or export CSV")]
    text = pa.table({name: _as_text(col) for name, col in zip(table.column_names, table.columns)})
    return text.to_pandas(), []
