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
import weakref
from dataclasses import replace
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from ...errors import AnalysisError
from . import frames, kept
from . import language as _language
from . import sentiment as se
from .posts import (ROW, VADER, PostsOptions, PostsReport, _SOURCE as _POSTS_SOURCE, _brand_of,
                    _first_of_each_id, brand_author_flag, conflict_matrix, handle_map, local_dates,
                    parse_created_at, resolve_entity, retweet_flag, text_features, texts_at)

# the kept ingestion changes whenever this module or posts.py does
_SOURCE = hashlib.sha256((_POSTS_SOURCE + Path(__file__).read_text(encoding="utf-8")).encode()).hexdigest()[:16]


def prepare(raw: pd.DataFrame, options: PostsOptions = PostsOptions()) -> tuple[pd.DataFrame, PostsReport]:
    """Clean posts (one row per post_id) with `created_utc`, `date` (local), `entity`, `mentioned_brand`,
    `is_retweet`, `is_brand_author`, and the report of every count. Excluded posts are dropped."""
    _require(raw, ("post_id", "created_at", "text"))
    key = repr(replace(options, retweets="include", brand_posts="include", text=True))  # what _ingest depends on
    last = _LAST[0] if _LAST else None
    if last is not None and last[0]() is raw and last[1] == key:
        df, report = last[2], copy.deepcopy(last[3])
    else:
        df, report = _kept_ingest(raw, options, key)
        if raw.attrs.get("file"):  # a case's table as read from its file (frames made in code may be edited)
            _LAST[:] = [(weakref.ref(raw), key, df, copy.deepcopy(report))]
    return _with_text(_exclude(df, options, report), raw, options.text), report


def _with_text(posts: pd.DataFrame, raw: pd.DataFrame, text: bool) -> pd.DataFrame:
    """The kept posts' text, taken from the raw table by row only now (ingestion never copies the texts), in
    the raw table's column order; and without the row numbers."""
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
    rebuild neither re-attributes nor looks up a text."""
    question = "\x00".join([key, _SOURCE, se.vader_version(), _language.version()])
    return kept.ingested(raw, options.cache_dir, question, lambda: _ingest(raw, options),
                         lambda facts, conflicts: PostsReport(**facts, conflicts=conflicts))


def _ingest(raw: pd.DataFrame, options: PostsOptions) -> tuple[pd.DataFrame, PostsReport]:
    report = PostsReport(n_rows=len(raw), entity=options.entity, language=options.language,
                         timezone=options.bin_timezone, source_timezone=options.timezone)
    df = raw.drop(columns=["text"])  # read by row when needed: a million texts are never copied here
    df.attrs = {}  # the file's name and segments: pandas would deep-copy them into every column the chapters read
    df["post_id"] = df["post_id"].astype("string")
    df[ROW] = np.arange(len(df))
    keep, counts = _first_of_each_id(df, raw["text"])
    if options.dedupe and not keep.all():
        df = frames.rows(df, keep)
    counts = counts if options.dedupe else counts | {"rows_dropped": 0}
    for name, value in counts.items():
        setattr(report, name, value)
    return _add_columns(df.reset_index(drop=True), options, report, raw), report


def _require(df: pd.DataFrame, columns: Iterable[str]) -> None:
    missing = [c for c in columns if c not in df]
    if missing:
        raise AnalysisError(f"posts: missing required column(s) {missing}")


def _add_columns(df: pd.DataFrame, options: PostsOptions, report: PostsReport, raw: pd.DataFrame) -> pd.DataFrame:
    """`df`: the de-duplicated posts without their text, ROW giving each one's row in `raw`."""
    rows = df[ROW].to_numpy()
    text = functools.cache(lambda: texts_at(raw["text"], rows))
    known = tuple(options.known_brands) + tuple(df["brand"].dropna().unique() if "brand" in df else ())
    handles = handle_map(options.brand_accounts, known)
    order = sorted(handles)  # feature codes index this list
    ask = options.language_check and "language" not in df  # the identifier reads every text
    language = options.language if ask else None
    features = _segment_answers((raw, rows), order, language, options.cache_dir)
    features = features or {**text_features(text(), order, language, options.cache_dir), VADER: None}
    df["created_utc"] = parse_created_at(df["created_at"], options.timezone)
    df["date"] = local_dates(df["created_utc"], options.bin_timezone)
    df["mentioned_brand"] = _brand_of(features["handle"], order, handles, df.index)
    df["entity"] = resolve_entity(df, options.entity, df["mentioned_brand"], options.brand_map)
    df["is_retweet"] = retweet_flag(df, features["retweet"])  # the prefix is a text feature: no text read here
    df["is_brand_author"] = brand_author_flag(df, handles)
    labels = _language_labels(df, text, features["language"], options, report)
    df["other_language"] = ~_language.in_language(labels, options.language)
    if "brand" in df:
        report.conflicts = conflict_matrix(df["brand"], df["mentioned_brand"])
        report.n_conflicts = int(report.conflicts.loc[report.conflicts["conflict"], "n"].sum())
    report.bad_timestamps = int(df["created_utc"].isna().sum())
    report.n_retweets = int(df["is_retweet"].sum())
    report.n_brand_author = int(df["is_brand_author"].sum())
    report.n_other_language = int(df["other_language"].sum())
    for name, value in _language.summary(labels, options.language).items():
        setattr(report, name, value)
    scored = df["created_utc"].notna().to_numpy() & ~df["other_language"].to_numpy(bool)  # what a chapter may count
    df[VADER] = np.full(len(df), np.nan)
    if features[VADER] is not None:
        df.loc[scored, VADER] = features[VADER][scored]
    else:
        df.loc[scored, VADER] = se.cached_vader(text()[scored], options.cache_dir)[0]
    return df


def _segment_answers(origin, order: list[str], language: str | None, cache_dir: Path | None) -> dict | None:
    """Each row's text answers and VADER score from the answers kept per segment of the posts file (kept.py);
    a segment not kept yet is answered through the per-text stores. None when the table has no segments."""
    raw, rows = origin
    question = "\x00".join([str(language), _language.version() if language else "-", _SOURCE,
                            se.vader_version(), *order])

    def compute(positions: np.ndarray) -> dict:
        texts = texts_at(raw["text"], positions)
        return {**text_features(texts, order, language, cache_dir), VADER: se.cached_vader(texts, cache_dir)[0]}

    return kept.row_answers(raw, rows, cache_dir, question, compute)


def _language_labels(df: pd.DataFrame, text, identified: np.ndarray, options: PostsOptions,
                     report: PostsReport) -> np.ndarray:
    """Per post: the export's own code (normalised) when the case maps a language column, with the identifier
    deciding only the posts the column leaves empty or `und`; else the identifier's label."""
    if not options.language_check:
        report.language_method, report.language_source = "none", ""
        return np.full(len(df), options.language, dtype=object)
    if "language" not in df:
        report.language_method, report.language_source = "identifier", _language.version()
        return identified
    labels, report.n_language_column_und = _language.from_column(df["language"], text(), options.language)
    report.language_method, report.language_source = "column", options.language_column or "language"
    return labels


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
    return frames.rows(df, keep) if not keep.all() else df.reset_index(drop=True)  # every post kept: no copy
