"""The typed table of a large data file, kept between builds (issue 15): a rebuild whose file has not changed reads
its typed columns back (an uncompressed Arrow file, memory-mapped) instead of parsing and converting the text again.

Only files big enough to be worth it are kept (the posts export, in practice). An entry is keyed on the file's
bytes (sha256), what case.yaml says about reading it (its data.<kind> section) and the source of the modules that
read and convert it, so a changed file, a changed declaration or another smaa gives another key. The entry holds
the typed frame and everything the read reported (its located problems, the file's column names), so a rebuild
reports exactly what the first read did. Entries are written atomically; an unreadable one is read again from the
file. `smaa cache prune` drops the entries the current inputs do not use.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import Callable

import pandas as pd

from .. import atomic, heap
from ..errors import Problem
from . import provenance

MIN_BYTES = 8 << 20  # below this, reading the file again costs less than keeping it
_MODULES = ("reader.py", "columnar.py", "convert.py", "data.py", "columns.py", "fidelity.py", "ids.py", "memo.py",
            "segments.py")
# what a kept table depends on besides the file: the code that reads and types it and the libraries that do
SOURCE = hashlib.sha256(b"".join((Path(__file__).parent / m).read_bytes() for m in _MODULES)
                        + f"pandas {pd.__version__} pyarrow {version('pyarrow')}".encode()).hexdigest()[:16]
PREFIX = "table-"


def arrow_memory() -> None:
    """Arrow allocates from the C library's allocator, which hands large freed blocks back to the system at once;
    its default (mimalloc) keeps them, and a million posts' copies then stay in the process's peak memory."""
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())


def give_back_memory() -> None:
    """Hand the C library's free heap memory back to the system (glibc's `malloc_trim`). After a cold pass over
    millions of posts, the heap is full of freed blocks among a few live ones; glibc returns only its top, so the
    freed gigabytes would stay in the process's memory through every chapter. Elsewhere: nothing to do."""
    trim = heap.libc_function("malloc_trim")
    if trim is not None:
        trim(0)


MADV_DONTNEED = 4  # Linux's madvise advice: drop the pages from the process (a file's are read back on next touch)


def release_mapped() -> int:
    """Drop from the process's resident memory the pages it has touched of the kept Arrow files it maps read-only
    (Linux; elsewhere nothing to do). Such a page is the file's own: it stays in the system's page cache, and a later
    touch maps it again from there. A cold pass reads every text of the posts file through these mappings, and the
    pages would otherwise count in the process's memory until the build ends: at ten million posts, two gigabytes
    of pages read once. Returns the bytes of mapping released (their resident part is not known here)."""
    import ctypes
    import sys

    madvise = heap.libc_function("madvise") if sys.platform.startswith("linux") else None
    if madvise is None:
        return 0
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 0
    madvise.argtypes, madvise.restype = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int], ctypes.c_int
    released = 0
    for line in maps:
        fields = line.split(maxsplit=5)
        if len(fields) < 6 or fields[1][:2] != "r-" or fields[3] == "00:00":  # read-only and backed by a file
            continue
        if not fields[5].removesuffix(" (deleted)").endswith(".arrow"):
            continue
        lo, hi = (int(x, 16) for x in fields[0].split("-"))
        if madvise(lo, hi - lo, MADV_DONTNEED) == 0:
            released += hi - lo
    return released


def file_digest(path: Path) -> str:
    return provenance.sha256(path)


def entry_key(kind: str, path: Path, opts: dict) -> str:
    declared = json.dumps(opts, sort_keys=True, default=str)
    return hashlib.sha256("\x00".join([kind, file_digest(path), declared, SOURCE]).encode()
                          ).hexdigest()[:32]


def _stem(cache_dir: Path, kind: str, key: str) -> Path:
    return Path(cache_dir) / f"{PREFIX}{kind}-{key}"


def fetch(stem: Path) -> tuple[pd.DataFrame, dict] | None:
    """The frame and the JSON facts kept under `stem` (.arrow, .json), or None when missing or unreadable."""
    got = fetch_table(stem)
    if got is None:
        return None
    df = got[0].to_pandas()
    df.attrs.update(got[1].get("attrs") or {})
    return df, got[1]


def fetch_table(stem: Path):
    """(the kept Arrow table, its JSON facts), or None."""
    try:
        info = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        table = _read_arrow(stem.with_suffix(".arrow"))
    except (OSError, ValueError, KeyError, ImportError):
        return None
    if table.column_names != info.get("columns") or table.num_rows != info.get("rows"):
        return None
    return table, info


def _read_arrow(path: Path):
    """Memory-mapped: the columns are paged in from the file as the analyses touch them, and a column nobody
    reads costs neither time nor memory."""
    import pyarrow as pa
    from pyarrow import feather

    try:
        return feather.read_table(str(path), memory_map=True)
    except pa.ArrowException as exc:
        raise ValueError(str(exc)) from exc


def _write_arrow(fh, df: pd.DataFrame) -> None:
    import pyarrow as pa
    from pyarrow import feather

    feather.write_feather(pa.Table.from_pandas(df, preserve_index=False), fh, compression="uncompressed")


def store(stem: Path, df: pd.DataFrame, info: dict) -> None:
    """Keep `df` (a RangeIndex from 0: the index is not kept) and the JSON-able `info`; the facts are written
    last, so a half-written entry is never read."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    facts = {**info, "columns": list(df.columns), "rows": len(df), "attrs": df.attrs}
    atomic.write_with(stem.with_suffix(".arrow"), lambda fh: _write_arrow(fh, df))
    atomic.write_text(stem.with_suffix(".json"), json.dumps(facts, default=str))


def problems_of(facts: dict) -> list[Problem]:
    return [Problem(**p) for p in facts["problems"]]


def kept(kind: str, path: Path, opts: dict, cache_dir: Path | None, read: Callable):
    """`read()` -> (typed frame or None, problems, extra: a small JSON-able dict), or the kept result of an
    earlier `read()` of the same bytes under the same declaration. A kept frame's attrs carry its key as
    `memo` (what later stages key their own kept results on)."""
    if cache_dir is None or not path.is_file() or path.stat().st_size < MIN_BYTES:
        return read()
    key = entry_key(kind, path, opts)
    stem = _stem(cache_dir, kind, key)
    hit = fetch(stem)
    if hit is not None:
        return hit[0], problems_of(hit[1]), hit[1]["extra"]
    df, problems, extra = read()
    if df is not None and isinstance(df.index, pd.RangeIndex) and df.index.start == 0:
        df.attrs["memo"] = key
        store(stem, df, {"extra": extra, "problems": [dataclasses.asdict(p) for p in problems]})
    return df, problems, extra


def entries(cache_dir: Path) -> list[Path]:
    return sorted(Path(cache_dir).glob(f"{PREFIX}*")) if Path(cache_dir).is_dir() else []
