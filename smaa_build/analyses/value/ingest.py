"""`prepare()`: the posts table as the chapters count it (posts.py holds the per-column steps), kept between
builds (kept.py): read, de-duplicated, attributed, flagged and scored once, then the chapter's exclusions.

The texts are never copied here: the posts are de-duplicated and attributed without them (each keeps its row in
the raw table, ROW), per-text answers come from the segment's kept answers or the per-text stores, and the text of
the posts a chapter keeps is read by row at the very end.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import weakref
from dataclasses import replace
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from ...errors import AnalysisError
from ...spec import memo
from . import frames, kept
from . import language as _language
from . import sentiment as se
from .posts import (ROW, VADER, PostsOptions, PostsReport, _SOURCE as _POSTS_SOURCE, _brand_of,
                    _first_of_each_id, brand_author_flag, conflict_table, handle_map, local_dates, pair_counts,
                    parse_created_at, resolve_entity, retweet_flag, text_features, texts_at)

# the kept ingestion changes whenever this module or posts.py does
_SOURCE = hashlib.sha256((_POSTS_SOURCE + Path(__file__).read_text(encoding="utf-8")).encode()).hexdigest()[:16]


def prepare(raw: pd.DataFrame, options: PostsOptions = PostsOptions(), last: bool = False
            ) -> tuple[pd.DataFrame, PostsReport]:
    """Clean posts (one row per post_id) with `created_utc`, `date` (local), `entity`, `mentioned_brand`,
    `is_retweet`, `is_brand_author`, and the report of every count. Excluded posts are dropped, and so are the
    columns `options.drop` names. `last`: no later chapter prepares these posts (they are not kept in memory)."""
    _require(raw, ("post_id", "created_at", "text"))
    key = _depends(options)
    held = _LAST[0] if _LAST else None
    if held is not None and held[0]() is raw and held[1] == key:
        df, report = held[2], copy.deepcopy(held[3])
    else:
        df, report = _kept_ingest(raw, options, key)
        if raw.attrs.get("file"):  # a case's table as read from its file (frames made in code may be edited)
            _LAST[:] = [(weakref.ref(raw), key, df, copy.deepcopy(report))]
    if last:
        _LAST.clear()
    out = _with_text(_exclude(df, options, report), raw, options.text)
    if _large(raw):  # the kept files' pages read here went into copies, and the copies' temporaries are freed
        memo.release_mapped()
        memo.give_back_memory()
    return out, report


def _large(raw: pd.DataFrame) -> bool:
    """Enough posts that the memory their copies leave behind is worth handing back."""
    return len(raw) >= kept.TRIM_ROWS


def _depends(options: PostsOptions) -> str:
    """What `_ingest` depends on among the options (_exclude reads the others)."""
    return repr(replace(options, retweets="include", brand_posts="include", text=True, drop=()))


def _with_text(posts: pd.DataFrame, raw: pd.DataFrame, text: bool | str) -> pd.DataFrame:
    """The kept posts' text, taken from the raw table by row only now (ingestion never copies the texts), in
    the raw table's column order; and without the row numbers, unless `text` is "rows" (no text: a chapter reads
    the text of a few posts by their row, ROW)."""
    if text == "rows":
        return posts
    rows = posts[ROW].to_numpy()
    posts = posts.drop(columns=[ROW])
    if text:
        posts.insert(list(raw.columns).index("text"), "text", texts_at(raw["text"], rows))
    return posts


# the last ingestion: the value and resilience chapters prepare the same posts (resilience keeping retweets and
# brand posts, which only _exclude reads), so the second one reuses the first one's typed, attributed frame;
# _exclude never changes it (and pandas copies on write)
_LAST: list = []


def _kept_ingest(raw: pd.DataFrame, options: PostsOptions, key: str) -> tuple[pd.DataFrame, PostsReport]:
    """`_ingest`, or what it gave for the same typed table under the same options and code (kept.py): a warm
    rebuild neither re-attributes nor looks up a text. A table read in segments is put together from the parts
    kept per segment (_from_parts): an edit then writes its segment's part, not every post again."""
    if kept.segments_of(raw, options.cache_dir) is not None:
        return _ingest(raw, options)
    question = "\x00".join([key, _SOURCE, se.vader_version(), _language.version()])
    return kept.ingested(raw, options.cache_dir, question, lambda: _ingest(raw, options),
                         lambda facts, conflicts: PostsReport(**facts, conflicts=conflicts))


def _ingest(raw: pd.DataFrame, options: PostsOptions) -> tuple[pd.DataFrame, PostsReport]:
    report = PostsReport(n_rows=len(raw), entity=options.entity, language=options.language,
                         timezone=options.bin_timezone, source_timezone=options.timezone)
    df = _without_text(raw)
    df[ROW] = np.arange(len(df))
    keep, counts = kept.deduplicated(raw, options.cache_dir, _SOURCE, lambda: _first_of_each_id(df, raw["text"]))
    keep = keep if options.dedupe else np.ones(len(df), dtype=bool)
    df = frames.rows(df, keep, len(df) >= kept.COLUMN_ROWS) if not keep.all() else df.reset_index(drop=True)
    counts = counts if options.dedupe else counts | {"rows_dropped": 0}
    for name, value in counts.items():
        setattr(report, name, value)
    known = tuple(options.known_brands) + tuple(df["brand"].dropna().unique() if "brand" in df else ())
    handles = handle_map(options.brand_accounts, known)
    columns, tally = _from_parts(raw, keep, options, handles) or _attributed(df, raw, options, handles)
    for name in ATTRIBUTES:
        df[name] = columns[name]
    _report(report, tally, options, "language" in df, "brand" in df)
    return df, report


def _without_text(raw: pd.DataFrame, rows: np.ndarray | None = None) -> pd.DataFrame:
    """The raw table (or its `rows`, a boolean mask) without the text, whose post ids are strings."""
    df = raw.drop(columns=["text"])  # read by row when needed: a million texts are never copied here
    df = frames.rows(df, rows) if rows is not None else df
    df.attrs = {}  # the file's name and segments: pandas would deep-copy them into every column the chapters read
    df["post_id"] = df["post_id"].astype("string")
    return df


def _require(df: pd.DataFrame, columns: Iterable[str]) -> None:
    missing = [c for c in columns if c not in df]
    if missing:
        raise AnalysisError(f"posts: missing required column(s) {missing}")


# what ingestion adds to each post, in this order; and, kept with each segment's part only, the post's language label
# and whether the export's column left it open (what the report counts of the posts de-duplication drops)
ATTRIBUTES = ("created_utc", "date", "mentioned_brand", "entity", "is_retweet", "is_brand_author", "other_language",
              VADER)
_LABEL, _UND = "_label", "_und"


def _attributed(df: pd.DataFrame, raw: pd.DataFrame, options: PostsOptions, handles: dict) -> tuple:
    """(the columns ingestion adds to `df`, their tally), computed for the whole table (no segments are kept for it);
    `df`: the de-duplicated posts without their text, ROW giving each one's row in `raw`."""
    rows = df[ROW].to_numpy()
    out = _attribute(df.copy(deep=False), raw, rows, options, handles, None)
    return out, _tally(out)


def _from_parts(raw: pd.DataFrame, keep: np.ndarray, options: PostsOptions, handles: dict) -> tuple | None:
    """(the columns ingestion adds to the kept rows, their tally) from the part kept per segment of the posts file:
    the columns of every raw row of the segment, and their tally. An edit attributes only its segment's rows again;
    the rows de-duplication drops come off the sum of the parts' tallies. None when the table has no segments."""
    order = sorted(handles)
    question = "\x00".join([_depends(replace(options, cache_dir=None)), json.dumps(handles, sort_keys=True),
                            _SOURCE, se.vader_version(), _language.version()])

    def compute(positions: np.ndarray) -> pd.DataFrame:
        mask = np.zeros(len(raw), dtype=bool)
        mask[positions] = True
        rows = _without_text(raw, mask)
        return _attribute(rows, raw, positions, options, handles, _answers(raw, positions, order, options))

    parts = kept.per_segment(raw, options.cache_dir, kept.PARTS_PREFIX, question, compute, facts=_tally,
                             columns=[*ATTRIBUTES, _LABEL, _UND])
    if parts is None:
        return None
    import pyarrow as pa

    table = pa.concat_tables([t for t, _f in parts])
    tally = functools.reduce(_add_tallies, (f["facts"] for _t, f in parts))
    if not keep.all():
        dropped = pd.DataFrame({"brand": raw["brand"].array[~keep]}) if "brand" in raw else pd.DataFrame()
        gone = table.filter(pa.array(~keep)).to_pandas()
        tally = _add_tallies(tally, _tally(pd.concat([gone, dropped], axis=1)), -1)
        table = table.filter(pa.array(keep))
    # one block per column, each Arrow column freed once converted: no second copy of the attributes at once
    return table.select(list(ATTRIBUTES)).to_pandas(split_blocks=True, self_destruct=True), tally


def _answers(raw: pd.DataFrame, positions: np.ndarray, order: list[str], options: PostsOptions) -> dict:
    """Each of the raw rows' text answers and VADER score, from the answers kept per segment of the posts file
    (`positions`: the rows of whole segments); a segment not kept yet is answered through the per-text stores."""
    ask = options.language_check and "language" not in raw  # the identifier reads every text
    language = options.language if ask else None
    question = "\x00".join([str(language), _language.version() if language else "-", _SOURCE,
                            se.vader_version(), *order])

    def compute(at: np.ndarray) -> dict:
        texts = texts_at(raw["text"], at)
        return {**text_features(texts, order, language, options.cache_dir),
                VADER: se.cached_vader(texts, options.cache_dir)[0]}

    starts = kept.starts_of(raw.attrs["segments"])
    wanted = np.unique(np.searchsorted(starts, positions, side="right") - 1).tolist()
    return kept.row_answers(raw, np.arange(len(positions)), options.cache_dir, question, compute, wanted)


def _attribute(df: pd.DataFrame, raw: pd.DataFrame, rows: np.ndarray, options: PostsOptions, handles: dict,
               features: dict | None) -> pd.DataFrame:
    """`df` (posts without their text: the raw table's `rows`) with ATTRIBUTES, _LABEL and _UND; `features`: the
    rows' text answers and VADER scores, None to look them up in the per-text stores."""
    text = functools.cache(lambda: texts_at(raw["text"], rows))
    order = sorted(handles)  # feature codes index this list
    if features is None:
        ask = options.language_check and "language" not in df  # the identifier reads every text
        features = {**text_features(text(), order, options.language if ask else None, options.cache_dir),
                    VADER: None}
    df["created_utc"] = parse_created_at(df["created_at"], options.timezone)
    df["date"] = local_dates(df["created_utc"], options.bin_timezone)
    df["mentioned_brand"] = _brand_of(features["handle"], order, handles, df.index)
    df["entity"] = resolve_entity(df, options.entity, df["mentioned_brand"], options.brand_map)
    df["is_retweet"] = retweet_flag(df, features["retweet"])  # the prefix is a text feature: no text read here
    df["is_brand_author"] = brand_author_flag(df, handles)
    labels, df[_UND] = _language_labels(df, text, features["language"], options)
    df["other_language"] = ~_language.in_language(labels, options.language)
    df[_LABEL] = labels
    scored = df["created_utc"].notna().to_numpy() & ~df["other_language"].to_numpy(bool)  # what a chapter may count
    df[VADER] = np.full(len(df), np.nan)
    if features[VADER] is not None:
        df.loc[scored, VADER] = features[VADER][scored]
    else:
        df.loc[scored, VADER] = se.cached_vader(text()[scored], options.cache_dir)[0]
    return df


def _language_labels(df: pd.DataFrame, text, identified: np.ndarray, options: PostsOptions) -> tuple:
    """Per post: the export's own code (normalised) when the case maps a language column, with the identifier
    deciding only the posts the column leaves empty or `und` (flagged); else the identifier's label."""
    if not options.language_check:
        return np.full(len(df), options.language, dtype=object), np.zeros(len(df), dtype=bool)
    if "language" not in df:
        return identified, np.zeros(len(df), dtype=bool)
    return _language.from_column(df["language"], text(), options.language)


def _tally(df: pd.DataFrame) -> dict:
    """What the report counts of attributed posts (JSON: it is kept with each segment's part)."""
    out = {name: int(df[column].sum()) for name, column in _FLAGS.items()}
    out["bad_timestamps"] = int(df["created_utc"].isna().sum())
    out["labels"] = _language.label_counts(df[_LABEL].to_numpy())
    if "brand" in df:
        out["pairs"] = [[b, m, n] for (b, m), n in pair_counts(df["brand"], df["mentioned_brand"]).items()]
    return out


_FLAGS = {"n_retweets": "is_retweet", "n_brand_author": "is_brand_author", "n_other_language": "other_language",
          "n_language_column_und": _UND}


def _add_tallies(a: dict, b: dict, sign: int = 1) -> dict:
    out = {k: a[k] + sign * b[k] for k in (*_FLAGS, "bad_timestamps")}
    out["labels"] = _summed(a["labels"].items(), b["labels"].items(), sign)
    if "pairs" in a:
        pairs = _summed((((x, y), n) for x, y, n in a["pairs"]), (((x, y), n) for x, y, n in b["pairs"]), sign)
        out["pairs"] = [[x, y, n] for (x, y), n in pairs.items()]
    return out


def _summed(a, b, sign: int) -> dict:
    out = dict(a)
    for k, n in b:
        out[k] = out.get(k, 0) + sign * n
    return {k: n for k, n in out.items() if n}


def _report(report: PostsReport, tally: dict, options: PostsOptions, column: bool, brand: bool) -> None:
    if brand:
        report.conflicts = conflict_table({(b, m): n for b, m, n in tally["pairs"]})
        report.n_conflicts = int(report.conflicts.loc[report.conflicts["conflict"], "n"].sum())
    for name in (*_FLAGS, "bad_timestamps"):
        setattr(report, name, tally[name])
    if not options.language_check:
        report.language_method, report.language_source = "none", ""
    elif column:
        report.language_method, report.language_source = "column", options.language_column or "language"
    else:
        report.language_method, report.language_source = "identifier", _language.version()
    for name, value in _language.summary(tally["labels"], options.language).items():
        setattr(report, name, value)


def _exclude(df: pd.DataFrame, options: PostsOptions, report: PostsReport) -> pd.DataFrame:
    """Drop, in this order and counting each step: bad timestamps, other language, brand-own posts, retweets."""
    steps = [
        ("bad_timestamp", df["created_utc"].isna().to_numpy()),
        ("other_language", df["other_language"].to_numpy(bool)),
        ("brand_author", df["is_brand_author"].to_numpy(bool) & (options.brand_posts == "exclude")),
        ("retweet", df["is_retweet"].to_numpy(bool) & (options.retweets == "exclude")),
    ]
    keep = np.ones(len(df), dtype=bool)
    for name, drop in steps:
        report.excluded[name] = int((keep & drop).sum())
        keep &= ~drop
    report.n_used = int(keep.sum())
    if report.n_used == 0:
        raise AnalysisError(f"posts: no post left after exclusions {report.excluded}")
    df = df.drop(columns=[c for c in options.drop if c in df])
    return frames.rows(df, keep, len(df) >= kept.COLUMN_ROWS) if not keep.all() else df.reset_index(drop=True)
