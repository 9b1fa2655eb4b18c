"""Ingestion kept between builds (issue 15).

A posts table read in segments (spec/segments.py) keeps, per segment, each post's per-text answers (first brand
handle, retweet prefix, language, VADER score) and its part: every column ingestion adds to the segment's posts,
with their tally (what the report counts). The table keeps the rows de-duplication drops. A rebuild puts the
ingested posts together from the parts (memory-mapped) and looks nothing up; a rebuild after an edit
de-duplicates again and computes the edited segment's part, whose texts are looked up in (or added to) the
per-text stores. Any other table keeps what `posts._ingest` gave for it whole. An entry's key holds the segment's or
the table's key (spec/memo.py, spec/segments.py), the question asked (handles, language, options) and the source
of the ingestion code, so any change there computes afresh.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from ...spec import memo, segments
from ...spec.ids import pa_string
from . import text_store

INGEST_PREFIX = "ingest-posts-"
ANSWERS_PREFIX = "answers-"
PARTS_PREFIX = "ingest-part-"
DEDUPE_PREFIX = "ingest-dedupe-"
BATCH_ROWS = 1_000_000  # rows answered at once when segments are not kept yet
TRIM_ROWS = 100_000  # after computing this many rows, the heap they used is handed back (an edit's few: not worth it)
COLUMN_ROWS = 2_000_000  # from this many rows, a filter lets each column's kept pages go as soon as it is copied


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]


def ingested(raw: pd.DataFrame, cache_dir: Path | None, question: str, ingest: Callable, report_of: Callable):
    """`ingest()` -> (frame, report), or the kept result for the same table and `question`. `report_of(facts,
    conflicts)` rebuilds a report from what `report.__dict__` held (its conflicts table kept beside it)."""
    if not raw.attrs.get("memo") or cache_dir is None:
        return ingest()
    stem = Path(cache_dir) / f"{INGEST_PREFIX}{_digest(raw.attrs['memo'], question)}"
    side = stem.with_name(stem.name + "-conflicts")
    hit = memo.fetch(stem)
    if hit is not None:
        conflicts = memo.fetch(side) if hit[1]["conflicts"] else None
        if conflicts is not None or not hit[1]["conflicts"]:
            return hit[0], report_of(hit[1]["report"], conflicts[0] if conflicts else None)
    df, report = ingest()
    facts = {k: v for k, v in report.__dict__.items() if k != "conflicts"}
    if report.conflicts is not None:
        memo.store(side, report.conflicts, {})
    memo.store(stem, df, {"report": facts, "conflicts": report.conflicts is not None})
    return df, report


def deduplicated(raw: pd.DataFrame, cache_dir: Path | None, question: str,
                 compute: Callable[[], tuple[np.ndarray, dict, np.ndarray]]) -> tuple[np.ndarray, dict]:
    """`compute()` -> (the rows de-duplication keeps, its counts, the rows of repeated ids), or what it gave for
    the same table read in segments, kept as the rows of repeated ids (few, or none) and which of them it drops. An
    edit that leaves every post id where it was and no row of a repeated id changed keeps the previous version's."""
    if segments_of(raw, cache_dir) is None:
        return compute()[:2]
    stem = _dedupe_stem(cache_dir, raw.attrs["memo"], question)
    hit = memo.fetch_table(stem)
    if hit is None:
        hit = _unchanged_ids(raw, cache_dir, question)
        if hit is not None:
            memo.store(stem, hit[0].to_pandas(), {"counts": hit[1]["counts"]})
    if hit is not None:
        rows = hit[0].column("row").to_numpy()
        keep = np.ones(len(raw), dtype=bool)
        keep[rows[hit[0].column("dropped").to_numpy(zero_copy_only=False)]] = False
        return keep, hit[1]["counts"]
    keep, counts, repeated = compute()
    rows = np.flatnonzero(repeated)
    memo.store(stem, pd.DataFrame({"row": rows.astype(np.int64), "dropped": ~keep[rows]}), {"counts": counts})
    return keep, counts


def _dedupe_stem(cache_dir: Path, table: str, question: str) -> Path:
    return Path(cache_dir) / f"{DEDUPE_PREFIX}{_digest(table, question)}"


def _unchanged_ids(raw: pd.DataFrame, cache_dir: Path, question: str):
    """The previous version's kept de-duplication when it holds for this one: the same segments but for edited
    ones, each of the same rows with the same post ids as before (its typed segment and the previous one's, both
    kept), none a row of a repeated id. De-duplication reads the ids of every row and the rest of repeated ids'
    rows only, all unchanged. None otherwise (an earlier version, a changed id, an edited repeat: computed)."""
    before, segs = raw.attrs.get("before"), raw.attrs["segments"]
    if not before or len(before) != len(segs):
        return None
    hit = memo.fetch_table(_dedupe_stem(cache_dir, segments.table_memo(before), question))
    if hit is None:
        return None
    repeated, starts = hit[0].column("row").to_numpy(), starts_of(segs)
    for i in (i for i, (key, _n) in enumerate(segs) if key != before[i]):
        now, then = (memo.fetch_table(Path(cache_dir) / f"{segments.PREFIX}{k}") for k in (segs[i][0], before[i]))
        if now is None or then is None or not now[0].column("post_id").equals(then[0].column("post_id")):
            return None
        if np.any((repeated >= starts[i]) & (repeated < starts[i + 1])):
            return None
    return hit


def per_segment(raw: pd.DataFrame, cache_dir: Path | None, prefix: str, question: str,
                compute: Callable[[np.ndarray], pd.DataFrame], facts: Callable[[pd.DataFrame], dict] | None = None,
                columns: list[str] | None = None, wanted: list[int] | None = None) -> list | None:
    """(Arrow table, JSON facts) kept for each segment of the raw table (or the `wanted` ones), under `prefix`
    and `question`; `compute(positions)` gives the rows of every segment not kept yet, in one call per batch of
    about BATCH_ROWS rows, of which the `columns` (all by default) are kept, and `facts(rows of one segment)` is
    kept beside them. None when the table has no segments."""
    segs = segments_of(raw, cache_dir)
    if segs is None:
        return None
    starts = starts_of(segs)
    wanted = range(len(segs)) if wanted is None else wanted
    stems = {i: Path(cache_dir) / f"{prefix}{_digest(segs[i][0], question)}" for i in wanted}
    tables = {i: memo.fetch_table(stem) for i, stem in stems.items()}
    missing = [i for i in wanted if tables[i] is None]
    with text_store.held():  # every batch looks its texts up in the same per-text stores: read once
        _compute_missing(missing, starts, stems, tables, compute, facts, columns)
    if sum(int(starts[i + 1] - starts[i]) for i in missing) >= TRIM_ROWS:
        memo.give_back_memory()  # the batches' texts and answers are gone: their heap need not stay
    if any(t is None for t in tables.values()):
        return None
    return [tables[i] for i in wanted]


def _compute_missing(missing: list[int], starts: np.ndarray, stems: dict, tables: dict, compute: Callable,
                     facts: Callable | None, columns: list[str] | None) -> None:
    for batch in _batches(missing, starts):  # a cold export of millions of posts: a million rows at a time
        fresh = compute(np.concatenate([np.arange(starts[i], starts[i + 1]) for i in batch]))
        at = 0
        for i in batch:
            part = fresh.iloc[at:at + int(starts[i + 1] - starts[i])].reset_index(drop=True)
            memo.store(stems[i], part[columns] if columns else part, {"facts": facts(part) if facts else {}})
            tables[i] = memo.fetch_table(stems[i])
            at += len(part)
        del fresh
        if sum(int(starts[i + 1] - starts[i]) for i in batch) >= TRIM_ROWS:
            memo.release_mapped()  # the batch's texts were read once: their pages need not stay in the process


def starts_of(segs: list) -> np.ndarray:
    """Each segment's first row in the table, and the table's length last."""
    return np.concatenate([[0], np.cumsum([n for _k, n in segs])]).astype(np.int64)


def segments_of(raw: pd.DataFrame, cache_dir: Path | None) -> list | None:
    """The raw table's segments ([key, rows] in file order) when per-segment results can be kept for it."""
    segs = raw.attrs.get("segments")
    if not segs or cache_dir is None or not _plain_index(raw) or sum(n for _k, n in segs) != len(raw):
        return None
    return segs


def row_answers(raw: pd.DataFrame, rows: np.ndarray, cache_dir: Path | None, question: str,
                compute: Callable[[np.ndarray], dict[str, np.ndarray]],
                wanted: list[int] | None = None) -> dict[str, np.ndarray] | None:
    """The answers of the raw table's `rows` (positions within the `wanted` segments, all by default), from
    per-segment kept answers; `compute(positions)` answers the raw rows of the segments not kept yet. None when
    the table has no segments."""
    got = per_segment(raw, cache_dir, ANSWERS_PREFIX, question, lambda at: pd.DataFrame(compute(at)),
                      wanted=wanted)
    if got is None:
        return None
    import pyarrow as pa

    joined = pa.concat_tables([t for t, _f in got])
    return {name: _column(joined.column(name))[rows] for name in joined.column_names}


def _batches(missing: list[int], starts: np.ndarray) -> list[list[int]]:
    """Consecutive missing segments grouped into batches of about BATCH_ROWS rows (memory stays bounded)."""
    out, rows = [], BATCH_ROWS
    for i in missing:
        if rows >= BATCH_ROWS:
            out.append([])
            rows = 0
        out[-1].append(i)
        rows += int(starts[i + 1] - starts[i])
    return out


def _column(col) -> np.ndarray:
    """A kept column as the array the per-text stores give (text as a numpy str array: a language label per post
    takes a handful of values, so they are turned into str once each)."""
    import pyarrow.compute as pc

    if pa_string(col.type):
        coded = pc.dictionary_encode(col).combine_chunks()
        return np.asarray(coded.dictionary.to_pylist(), dtype=str)[coded.indices.to_numpy(zero_copy_only=False)] \
            if len(coded) else np.empty(0, dtype=str)
    return col.to_numpy()


def _plain_index(df: pd.DataFrame) -> bool:
    return isinstance(df.index, pd.RangeIndex) and df.index.start == 0 and df.index.step == 1
