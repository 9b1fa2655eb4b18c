"""A large CSV export read in content-defined segments (issue 15), each typed once and kept between builds, so that
a rebuild reads back typed columns instead of parsing text, and an edited, added or removed post re-reads only the
segment that holds it.

Segments end at record boundaries chosen by the content just after them (a hash of the first 24 bytes of the next
line, as in content-defined chunking): inserting or editing a post moves no boundary except near the edit, so every
other segment keeps its key (the sha256 of its bytes with the header, the declaration and this code). A newline
inside a quoted text is never a boundary (the count of quote characters before it is odd).

Only clean files take this path: the same preconditions as columnar.read_csv_fast, and every segment converted
without a problem into the same column types. Anything else is read whole, as before, so every located message
stays word for word what the row-by-row reader reports.
"""

from __future__ import annotations

import hashlib
import json
import mmap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from .. import atomic
from ..progress import with_progress
from . import columnar, memo

LINES_PER_SEGMENT = 1 << 13  # about one line in this many ends a segment: an edit re-types ~1/100 of a million posts
MIN_LINES = 1 << 10  # no boundary closer than this to the previous one
WINDOW = 24  # bytes hashed after each newline: the start of the next record (its id, its time: they vary)
_PRIME = np.uint64(0x100000001B3)  # FNV's 64-bit prime
PREFIX = "segment-"
PROGRESS_MIN_KB = 50_000  # a bar for files from 50 MB
INDEX = "segments-of-"


def boundaries(buf, scan: int = 16 << 20, delimiter: str = ",") -> list[int] | None:
    """Offsets just past the newlines that end segments (the last one is len(buf)), or None when a quote stands
    inside an unquoted value (the quote count then says nothing of where records end). `buf` is read `scan` bytes
    at a time (plus the bytes a hash needs past them), so a file of any size needs a few times `scan` of memory;
    the boundaries do not depend on `scan`."""
    out = []
    for cut in _scan(buf, 0, scan, delimiter):
        if cut is None:
            return None
        out.append(cut)
    return out + [len(buf)]


def _scan(buf, begin: int, scan: int, delimiter: str):
    """The boundaries after `begin` (0, or a boundary: the scan then goes on as if it had started at 0), one at a
    time (a caller may stop early), then None if a stray quote stands after `begin`."""
    state = {"quotes": 0, "counted": begin, "lines": 0, "last_line": -MIN_LINES if begin == 0 else -1}
    for start in range(begin, len(buf), scan):
        count = min(scan + WINDOW + 16, len(buf) - start)
        arr = np.frombuffer(buf, dtype=np.uint8, count=count, offset=start)
        if _stray_quote(buf, arr, start, min(scan, count), ord(delimiter)):
            yield None
            return
        newlines = np.flatnonzero(arr[: min(scan, count)] == 10)
        line_no = state["lines"] + np.arange(newlines.size)
        state["lines"] += newlines.size
        keep = newlines + 1 + WINDOW + 8 <= count  # the file's last bytes: too few after them to hash
        newlines, line_no = newlines[keep], line_no[keep]
        hit = (_hash(arr, newlines + 1) & np.uint64(LINES_PER_SEGMENT - 1)) == 0
        for pos, line in zip((newlines[hit] + start).tolist(), line_no[hit].tolist()):
            state["quotes"] += bytes(buf[state["counted"]:pos]).count(b'"')
            state["counted"] = pos
            if state["quotes"] % 2 == 0 and line - state["last_line"] >= MIN_LINES and pos + 1 < len(buf):
                yield pos + 1
                state["last_line"] = line


def _after_edit(body, before: dict, key, delimiter: str) -> tuple[list[int], tuple[int, int]] | None:
    """The boundaries of an edited file from those of its previous version (`before`: its cuts and segment keys)
    without scanning all of it: the segments whose bytes are unchanged (the same key) at its start, and at its end
    once shifted by the change in length, keep their boundaries, and only the bytes between them are scanned, from
    a boundary far enough before the first changed segment for every hash window there to be unchanged, until the
    scan meets the start of an unchanged segment of the end. Returns (cuts, the scanned byte range), or None when no
    segment is unchanged (the whole file is then checked and scanned). `key(start, end)` is a segment's key."""
    cuts, keys = before["cuts"], before["segments"]
    starts, n, delta = [0, *cuts[:-1]], len(cuts), len(body) - cuts[-1]

    def first_changed() -> int:
        j = 0
        while j < n and cuts[j] <= len(body) and key(starts[j], cuts[j]) == keys[j]:
            j += 1
        return j

    def last_changed() -> int:
        k = n - 1
        while k >= 0 and starts[k] + delta >= 0 and key(starts[k] + delta, cuts[k] + delta) == keys[k]:
            k -= 1
        return k

    # the start and the end are hashed at once, on two cores (sha256 lets go of the GIL over large buffers)
    with ThreadPoolExecutor(2) as pool:
        back = pool.submit(last_changed)
        j = first_changed()
        k = back.result()
    low = cuts[j - 1] if j else 0
    while k < n - 1 and (k + 1 < j or starts[k + 1] + delta < low):  # an unchanged end ends where the start's does
        k += 1
    if j == 0 and k == n - 1:
        return None
    kept = [c for c in cuts[:max(j - 1, 0)] if c + WINDOW + 16 <= low]  # their hash windows hold no changed byte
    begin = kept[-1] if kept else 0
    meet = {starts[i] + delta: i for i in range(k + 1, n)}
    out = kept[:]
    for cut in _scan(body, begin, 1 << 20, delimiter):
        if cut is None:
            return None
        out.append(cut)
        if cut in meet:
            return out + [c + delta for c in cuts[meet[cut]:]], (begin, cut)
    return out + [len(body)], (begin, len(body))


def _stray_quote(buf, arr: np.ndarray, start: int, n: int, delimiter: int) -> bool:
    """A quote that neither opens a value (after a delimiter, a line end or another quote) nor closes one (before
    them): in a file that follows RFC 4180 every quote does one or the other, or is doubled inside a quoted text."""
    at = np.flatnonzero(arr[:n] == 34)
    if not at.size:
        return False
    before = np.where(at > 0, arr[np.maximum(at - 1, 0)], buf[start - 1] if start else 10)
    after = np.where(at + 1 < arr.size, arr[np.minimum(at + 1, arr.size - 1)], 10)
    opens = np.isin(before, (delimiter, 10, 13, 34))
    closes = np.isin(after, (delimiter, 10, 13, 34))
    return bool((~opens & ~closes).any())


def _hash(arr: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """A 64-bit hash of the WINDOW bytes from each start: read as WINDOW/8 unaligned little-endian words (one view
    of the buffer per byte alignment; a start's words all share its alignment), combined polynomially and mixed
    (splitmix64's finaliser)."""
    out = np.zeros(starts.size, dtype=np.uint64)
    usable = arr.size - arr.size % 8
    with np.errstate(over="ignore"):
        for a in range(8):
            at = np.flatnonzero(starts % 8 == a)
            if not at.size:
                continue
            words = arr[a:a + (usable - 8 if a else usable)].view("<u8")
            h = np.zeros(at.size, dtype=np.uint64)
            for i in range(WINDOW // 8):
                h = h * _PRIME + words[(starts[at] - a) // 8 + i]
            out[at] = h
        out ^= out >> np.uint64(31)
        out *= np.uint64(0xBF58476D1CE4E5B9)
        out ^= out >> np.uint64(29)
    return out


def _key(header: bytes, body: memoryview, declared: str) -> str:
    h = hashlib.sha256(header)
    h.update(body)
    h.update(declared.encode())
    h.update(memo.SOURCE.encode())
    return h.hexdigest()[:32]


def _parse(header: bytes, body: memoryview, delimiter: str) -> pd.DataFrame | None:
    import pyarrow as pa
    from pyarrow import csv as pcsv

    names = columnar.header_names(header, delimiter)
    try:
        table = pcsv.read_csv(pa.BufferReader(header + bytes(body)), **columnar.csv_options(names, delimiter))
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    return columnar.checked(table, names)


def read(path: Path, delimiter: str, declared: dict, cache_dir: Path,
         typed: Callable[[pd.DataFrame], tuple[pd.DataFrame | None, list, dict]]):
    """(typed frame, [], facts) from the kept or freshly typed segments, or None when the file must be read whole
    (`typed(raw strings) -> (frame, problems, facts)` as data.py types a whole file)."""
    text = json.dumps(declared, sort_keys=True, default=str)
    index = Path(cache_dir) / f"{INDEX}{_index_key(memo.file_digest(path), delimiter, text)}.json"
    known = _from_index(index, cache_dir)
    if known is not None:  # these very bytes passed every check below when the index was written
        return known
    last = Path(cache_dir) / f"{INDEX}last-{_index_key(path.name, delimiter, text)}.json"
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        view = memoryview(data)
        try:
            got = _segments(view, delimiter, text, cache_dir, typed, path, _json(last))
        finally:
            view.release()
    if got is not None:
        facts = {k: v for k, v in got[2].items() if k not in ("segments", "cuts")}
        entry = json.dumps({"segments": got[2]["segments"], "cuts": got[2]["cuts"], "facts": facts})
        atomic.write_text(index, entry)
        atomic.write_text(last, entry)  # the next edit of this file starts from these boundaries
        got[2].pop("cuts")
    return got


def _index_key(digest: str, delimiter: str, declared: str) -> str:
    return hashlib.sha256("\x00".join([digest, delimiter, declared, memo.SOURCE]).encode()).hexdigest()[:32]


def _json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _from_index(index: Path, cache_dir: Path):
    """The file's segments as an earlier build cut them, when its bytes are the same (a rebuild neither scans nor
    hashes the segments again); None when the index or one of its segments is missing."""
    known = _json(index)
    if known is None:
        return None
    tables = [memo.fetch_table(Path(cache_dir) / f"{PREFIX}{key}") for key in known["segments"]]
    if any(t is None for t in tables):
        return None
    return _joined([t[0] for t in tables], known["facts"], known["segments"])


def _segments(data: memoryview, delimiter: str, text: str, cache_dir: Path, typed: Callable, path: Path,
              before: dict | None):
    end_of_header = bytes(data[:columnar.HEADER_MAX]).find(b"\n") + 1
    if end_of_header <= 0:
        return None
    header, body = bytes(data[:end_of_header]), data[end_of_header:]
    keys: dict[tuple[int, int], str] = {}

    def key(start: int, end: int) -> str:
        if (start, end) not in keys:
            keys[start, end] = _key(header, body[start:end], text)
        return keys[start, end]

    edited = _after_edit(body, before, key, delimiter) if before and before.get("cuts") else None
    if edited is None:
        if not columnar.fast_path_allowed(path, delimiter, "utf-8"):
            return None
        cuts = boundaries(body, delimiter=delimiter)
    else:  # the unchanged segments passed the checks when the previous version was read: only the rest is checked
        cuts, (start, end) = edited
        cuts = None if columnar.lone_carriage_return(bytes(body[start:end])) else cuts
    if cuts is None:
        return None
    pieces = [(body[start:end], key(start, end)) for start, end in zip([0, *cuts[:-1]], cuts)]
    label = f"Reading {path.name} ({len(pieces)} segments)"
    try:
        kept = with_progress(((len(part) // 1000, _segment(header, part, name, delimiter, cache_dir, typed))
                              for part, name in pieces), len(body) // 1000, label, "kB", PROGRESS_MIN_KB)
    except _Unusual:
        return None  # a problem: the whole file is read again, for the whole file's located messages
    got = _joined([t for t, _f in kept], kept[0][1] if kept else None, [name for _p, name in pieces])
    if got is not None:
        got[2]["cuts"] = cuts
        if edited is not None:  # what later stages kept for the previous version may still hold (kept.deduplicated)
            got[0].attrs["before"] = before["segments"]
    return got


class _Unusual(Exception):
    """A segment that does not read cleanly: the file goes the whole way."""


def _segment(header: bytes, part: memoryview, key: str, delimiter: str, cache_dir: Path, typed: Callable):
    """(the segment's typed table, the read's facts), kept or typed now."""
    stem = Path(cache_dir) / f"{PREFIX}{key}"
    hit = memo.fetch_table(stem)
    if hit is None:
        raw = _parse(header, part, delimiter)
        got = typed(raw) if raw is not None else (None, ["unreadable"], {})
        if got[0] is None or got[1]:
            raise _Unusual
        frame = got[0].reset_index(drop=True)
        # its attrs name the file as the build's working folder reaches it: kept in the Arrow schema, they would
        # make a segment typed from another folder differ from the others (_joined), and the file go the whole way
        frame.attrs = {}
        memo.store(stem, frame, {"facts": got[2]})
        hit = memo.fetch_table(stem)
        if hit is None:
            raise _Unusual
    return hit[0], hit[1]["facts"]


def _joined(tables: list, facts: dict | None, keys: list[str]):
    """One frame of the segments' tables, joined as Arrow (no copy), or None when two segments typed a column
    differently (the whole file then decides)."""
    import pyarrow as pa

    if not tables or any(not t.schema.equals(tables[0].schema, check_metadata=True) for t in tables):
        return None
    out = pa.concat_tables(tables).to_pandas()
    # what later stages key their own kept results on (as memo.kept's key), and the segments with their rows in
    # file order (per-row results can then be kept per segment too: analyses/value/ingest.py)
    out.attrs = {"memo": table_memo(keys), "segments": [[key, t.num_rows] for key, t in zip(keys, tables)]}
    return out, [], {**facts, "segments": keys}


def table_memo(keys: list[str]) -> str:
    """The key of a table read in segments, from its segments' keys."""
    return hashlib.sha256(" ".join(keys).encode()).hexdigest()[:32]


def entries(cache_dir: Path) -> list[Path]:
    return sorted(Path(cache_dir).glob(f"{PREFIX}*")) + sorted(Path(cache_dir).glob(f"{INDEX}*")) \
        if Path(cache_dir).is_dir() else []
