"""Ingestion of a social-media export (posts table, canonical columns of docs/user-guide/data-formats.md).

`prepare()` turns the raw table into the posts the SMI-value chapter counts, and returns a `PostsReport` with
every count a reader needs to trust it: duplicates found and dropped, retweets, brand-own posts, posts excluded
as not in the scoring language (per language, and how it was decided), post ids repeated with another text,
entity-resolution conflicts. Exports run to millions of rows, so each text
is visited once per question with a precompiled regex (anchored or starting from a literal where the question
allows), and per-author string work is done once per distinct author. The per-text answers (language, see
language.py; retweet prefix; first brand handle) are pure functions of the text, so `text_features` computes
them once per distinct text and store them per text next to the sentiment scores (text_store.py), in a store
chosen by the question asked, the source of both modules and the language identifier's version: a rebuild reads
them back and computes only the texts it has not seen, instead of identifying a million texts again.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import operator
import re
import weakref
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import repeat
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from ...errors import AnalysisError
from ...facts import ENTITY_CHOICES
from ...spec.columns import CONTRACT

from . import sentiment as se
from . import language as _language
from . import language_codes as _codes
from . import kept, text_store
from .language import other_language  # noqa: F401  (posts.other_language: the per-text question, re-exported)

OFFSET_RE = r"(?:[+-]\d{2}:?\d{2}|Z|UTC)$"
RETWEET_RE = r"^\s*RT @"
NO_MENTION = "(none)"



@dataclass
class PostsReport:
    """Counts of what ingestion found and did; `conflicts` is the brand field × mentioned brand matrix (long)."""

    n_rows: int = 0
    duplicated_ids: int = 0
    ids_with_duplicates: int = 0
    duplicate_rows: int = 0
    rows_dropped: int = 0
    bad_timestamps: int = 0
    n_retweets: int = 0
    n_brand_author: int = 0
    n_other_language: int = 0
    excluded_languages: dict = field(default_factory=dict)  # label -> posts not counted in the language
    language_method: str = "identifier"  # identifier | column
    language_source: str = ""  # the export's column name, or the identifier and its version
    language_identifier: str = ""  # the identifier and its version (it decides what the column leaves open)
    n_language_short: int = 0  # too short to identify: kept
    n_language_column_und: int = 0  # the column left them undetermined: the identifier decided
    unrecognised_languages: dict = field(default_factory=dict)  # the export's codes smaa does not know
    ids_other_content: int = 0  # post ids whose rows differ in content (any column of the posts contract)
    rows_other_content: int = 0  # rows repeating an earlier post id with other content
    n_used: int = 0
    excluded: dict = field(default_factory=dict)
    entity: str = "brand_field"
    language: str = "en"
    timezone: str = "UTC"
    source_timezone: str | None = None
    conflicts: pd.DataFrame | None = None
    n_conflicts: int = 0


def to_bool(values: pd.Series) -> pd.Series:
    """true/false, 1/0, yes/no (any case) to bool; anything else is NA."""
    if values.dtype == bool or isinstance(values.dtype, pd.BooleanDtype):  # the typed table's flags already are
        return values
    text = values.astype("string").str.strip().str.lower()
    mapping = {"true": True, "1": True, "yes": True, "1.0": True, "false": False, "0": False, "no": False, "0.0": False}
    return text.map(mapping).astype("boolean")


def parse_created_at(values: pd.Series, timezone: str | None = None) -> pd.Series:
    """Timestamps to UTC. Values with an offset keep it; naive values are localised to the declared `timezone`
    (ambiguous autumn hours take the first occurrence, spring-gap times shift forward), and without a declared
    timezone naive values are an error rather than a silent guess. Unparseable values become NaT."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC")
    if pd.api.types.is_datetime64_dtype(values.dtype):
        return _localise(values, timezone)
    index = values.index
    text = values.astype("string").str.strip().reset_index(drop=True)  # positional: the caller's index may repeat
    has_offset = _has_offset(text)
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
    if has_offset.any():
        out[has_offset] = pd.to_datetime(text[has_offset], format="ISO8601", utc=True, errors="coerce")
    naive = ~has_offset & text.notna().to_numpy(bool)
    if naive.any():
        parsed = pd.to_datetime(text[naive], format="ISO8601", errors="coerce")
        parsed = parsed[parsed.notna()]  # garbage stays NaT and is counted as a bad timestamp
        if len(parsed):
            out[parsed.index] = _localise(parsed, timezone)
    out.index = index
    return out


def _has_offset(text: pd.Series) -> np.ndarray:
    """OFFSET_RE per value. The pattern is anchored at the end and at most 6 characters long, so only the tail
    of each value is searched (7 characters: `$` may also sit before a final newline)."""
    find = re.compile(OFFSET_RE).search
    values = text.fillna("").tolist()
    starts = map(operator.sub, map(len, values), repeat(7))
    found = map(find, values, starts)  # every loop in C: several times faster than a generator expression
    return np.fromiter(map(operator.is_not, found, repeat(None)), dtype=bool, count=len(values))


def _localise(naive: pd.Series, timezone: str | None) -> pd.Series:
    if timezone is None:
        example = naive.dropna().astype(str).iloc[0] if naive.notna().any() else "?"
        raise AnalysisError(
            f"posts: {int(naive.notna().sum())} timestamps carry no UTC offset (e.g. {example!r}) and "
            "data.posts declares no `timezone:`; add the offset or declare the timezone of the export"
        )
    first = np.ones(len(naive), dtype=bool)
    return naive.dt.tz_localize(timezone, ambiguous=first, nonexistent="shift_forward").dt.tz_convert("UTC")


def deduplicate(df: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Keep the first row of each post_id (file order). Counts: rows repeating an earlier id, distinct ids that
    repeat, rows identical to an earlier row in every column, rows dropped."""
    keep, counts = _first_of_each_id(df)
    return (df.loc[keep] if not keep.all() else df), counts  # no repeat: no copy of a million texts


def _first_of_each_id(df: pd.DataFrame, text: pd.Series | None = None) -> tuple[np.ndarray, dict]:
    """(the rows deduplicate keeps, its counts); `text`: the posts' text when `df` comes without it (only the
    rows of repeated ids are compared, so only theirs is read)."""
    # one hash pass: factorize numbers ids in order of first appearance, so a row is a repeat exactly when its
    # code is not above every earlier code (two `duplicated` calls cost 10x more at 5M string ids)
    codes, _ = pd.factorize(df["post_id"], use_na_sentinel=False)
    seen = np.maximum.accumulate(np.concatenate(([-1], codes[:-1]))) if len(codes) else codes
    dup_id = codes <= seen
    counts_per_id = np.bincount(codes) if len(codes) else np.zeros(0, int)
    repeated = counts_per_id[codes] > 1  # only rows of repeated ids can be identical to an earlier row
    rows = df.loc[repeated]
    if text is not None:
        rows = rows.drop(columns=[ROW]).assign(text=_clean_text(text[repeated]))
    counts = {
        **_other_content(rows, codes[repeated]),
        "duplicated_ids": int(dup_id.sum()),
        "ids_with_duplicates": int((counts_per_id > 1).sum()) - int(df["post_id"].isna().sum() > 1),  # NA: no id
        "duplicate_rows": int(rows.duplicated(keep="first").sum()),
        "rows_dropped": int(dup_id.sum()),
    }
    return ~dup_id, counts


def _clean_text(text: pd.Series) -> pd.Series:
    return text.astype("string").fillna("")


def _other_content(rows: pd.DataFrame, codes: np.ndarray) -> dict:
    """Rows of repeated ids that differ from the first row of their id in any column of the posts contract (as
    `smaa check` warns), and the distinct ids concerned: different posts under one id, not copies, which
    de-duplication drops whatever they say."""
    cols = [c for c, _t, _r in CONTRACT["posts"] if c in rows and c != "post_id"]
    if not len(rows) or not cols:
        return {"ids_other_content": 0, "rows_other_content": 0}
    values = rows[cols].astype("string").reset_index(drop=True)
    first_at = pd.Series(np.arange(len(rows))).groupby(codes, sort=False).transform("min").to_numpy()
    first = values.iloc[first_at].reset_index(drop=True)
    same = (values.eq(first).fillna(False) | (values.isna() & first.isna())).all(axis=1).to_numpy(bool)
    differs = ~same & rows["post_id"].notna().to_numpy(bool)
    return {"ids_other_content": int(np.unique(codes[differs]).size), "rows_other_content": int(differs.sum())}


def handle_map(brand_accounts: Mapping | Iterable[str] | None, known_brands: Iterable[str] = ()) -> dict[str, str]:
    """handle (lower case, no @) -> brand. A mapping `{brand: handle | [handles]}` is explicit; a plain list of
    handles is matched to a known brand whose name without spaces equals the handle, else kept as is."""
    if not brand_accounts:
        return {}
    if isinstance(brand_accounts, Mapping):
        pairs = [(h, b) for b, hs in brand_accounts.items() for h in ([hs] if isinstance(hs, str) else hs)]
    else:
        by_name = {re.sub(r"\s+", "", str(b)).lower(): str(b) for b in known_brands}
        pairs = [(h, by_name.get(h.lstrip("@").lower(), h.lstrip("@"))) for h in brand_accounts]
    return {str(h).lstrip("@").lower(): str(b) for h, b in pairs}


def mentioned_brand(text: pd.Series, handles: Mapping[str, str]) -> pd.Series:
    """The brand of the first brand handle mentioned in each text (NA when none)."""
    return _brand_of(first_handle(text, sorted(handles)), sorted(handles), handles, text.index)


def first_handle(text: pd.Series, handles: list[str]) -> np.ndarray:
    """Index into `handles` (lower case) of the first one mentioned in each text, −1 when none."""
    if not handles:
        return np.full(len(text), -1, dtype=np.int32)
    alternatives = "|".join(re.escape(h) for h in sorted(handles, key=lambda h: (-len(h), h)))
    # `@` first (the "no word character before it" check just after) lets the engine jump from @ to @
    find = re.compile(rf"@(?<!\w@)({alternatives})(?!\w)", flags=re.IGNORECASE).search
    position = {h: i for i, h in enumerate(handles)}
    return np.fromiter((position[m.group(1).lower()] if isinstance(t, str) and (m := find(t)) else -1
                        for t in text.tolist()), dtype=np.int32, count=len(text))


def _brand_of(codes: np.ndarray, handles: list[str], brands: Mapping[str, str], index) -> pd.Series:
    names = np.array([brands[h] for h in handles] + [None], dtype=object)  # code −1 picks the trailing None
    return pd.Series(names[codes], index=index, dtype="string")


def conflict_matrix(brand: pd.Series, mentioned: pd.Series) -> pd.DataFrame:
    """Long table brand_field × mentioned_brand × n, every combination present, sorted."""
    left = brand.astype("string").fillna(NO_MENTION)
    right = mentioned.astype("string").fillna(NO_MENTION)
    counts = pd.DataFrame({"brand_field": left, "mentioned_brand": right}).value_counts()
    out = counts.rename("n").reset_index().sort_values(["brand_field", "mentioned_brand"], ignore_index=True)
    out["conflict"] = (out["mentioned_brand"] != NO_MENTION) & (out["brand_field"] != out["mentioned_brand"])
    return out


def resolve_entity(df: pd.DataFrame, entity: str, mentioned: pd.Series, brand_map: Mapping | None = None) -> pd.Series:
    """brand_field: the export's brand column, relabelled by the declared `brand_map` (e.g. {Delta: JetBlue}
    when the export mislabels a brand). mention_in_text: the first brand handle in the text, falling back to the
    (relabelled) brand column for posts that mention no brand account."""
    if entity not in ENTITY_CHOICES:
        raise AnalysisError(f"value.entity: expected one of {list(ENTITY_CHOICES)}, got {entity!r}")
    field_brand = df["brand"].astype("string") if "brand" in df else pd.Series(pd.NA, index=df.index, dtype="string")
    if brand_map:
        field_brand = field_brand.replace({str(k): str(v) for k, v in brand_map.items()})
    if entity == "brand_field":
        return field_brand
    return mentioned.fillna(field_brand)


def retweet_prefix(text: pd.Series) -> np.ndarray:
    """An `RT @` prefix on each text."""
    match = re.compile(RETWEET_RE).match  # anchored at the start: match, not a search over the whole text
    return np.fromiter((isinstance(t, str) and match(t) is not None for t in text.tolist()), dtype=bool,
                       count=len(text))


def retweet_flag(df: pd.DataFrame, prefix: np.ndarray | None = None) -> pd.Series:
    """The export's is_retweet where given, else an `RT @` prefix (`prefix`, when already computed)."""
    derived = pd.Series(retweet_prefix(df["text"]) if prefix is None else prefix, index=df.index)
    if "is_retweet" not in df:
        return derived.astype(bool)
    return to_bool(df["is_retweet"]).fillna(derived).astype(bool)


def brand_author_flag(df: pd.DataFrame, handles: Iterable[str]) -> pd.Series:
    """The export's is_brand_author where given, else author_id in the brand-account allow-list."""
    allow = {h.lstrip("@").lower() for h in handles}
    if "author_id" in df:
        derived = pd.Series(_authors_in(df["author_id"], allow), index=df.index)
    else:
        derived = pd.Series(False, index=df.index)
    if "is_brand_author" not in df:
        return derived.astype(bool)
    return to_bool(df["is_brand_author"]).fillna(derived).astype(bool)


def _authors_in(authors: pd.Series, allow: set[str]) -> np.ndarray:
    """author_id (no @, any case) in `allow`; the string work is done once per distinct author."""
    codes, uniques = pd.factorize(authors, use_na_sentinel=True)
    names = pd.Series(uniques).astype("string").str.lstrip("@").str.lower()
    hit = names.isin(allow).fillna(False).to_numpy(bool)
    return np.where(codes >= 0, hit[np.maximum(codes, 0)], False) if len(hit) else np.zeros(len(codes), bool)


# the cached answers change whenever this module or language.py does (and with the identifier's version)
_SOURCE = hashlib.sha256(b"".join(Path(f).read_bytes() for f in (__file__, _language.__file__, _codes.__file__))).hexdigest()[:16]


FEATURES = ("handle", "retweet", "language")
ROW = "_row"  # each ingested post's row in the raw table (its text is read from there)
VADER = se.INGESTED  # each post's VADER compound, scored at ingestion (sentiment.score_posts reads it back)


def text_features(text: pd.Series, handles: list[str], language: str | None, cache_dir: Path | None = None,
                  processes: int | None = None) -> dict:
    """Per-text answers: `handle` (first_handle), `retweet` (retweet_prefix), `language` (language.label_of;
    all "" when `language` is None: the export's column decides), once per distinct text, over all cores (the
    sentiment scorer's pool) for large exports. With a `cache_dir`, only texts the store does not hold yet are
    computed (text_store); the store is chosen by the handles, the language, the identifier's version and the
    source of this module and language.py."""
    codes, uniques = pd.factorize(text.astype(object).fillna(""), sort=False)
    path = None
    if cache_dir is not None:
        identifier = _language.version() if language is not None else "-"
        question = "\x00".join([str(language), identifier, _SOURCE, *handles])
        path = text_store.store_path(cache_dir, f"features-{hashlib.sha256(question.encode()).hexdigest()[:32]}")

    def compute(texts: list) -> dict:
        parts = se.map_chunks(partial(_features_chunk, handles=handles, language=language), texts, processes,
                              label="Reading texts (language, handles)")
        return {k: np.concatenate([p[k] for p in parts]) if parts else _EMPTY[k] for k in FEATURES}

    cols, _ = text_store.answers(list(uniques), path, compute)
    return {k: cols[k][codes] for k in FEATURES}


_EMPTY = {"handle": np.empty(0, np.int32), "retweet": np.empty(0, bool), "language": np.empty(0, "U1")}


def _features_chunk(texts: list, handles: list[str], language: str | None) -> dict:
    text = pd.Series(texts, dtype=object)
    labels = _language.identify(texts, language) if language is not None else np.full(len(texts), "")
    return {"handle": first_handle(text, handles), "retweet": retweet_prefix(text), "language": labels.astype(str)}


def local_dates(utc: pd.Series, timezone: str) -> pd.Series:
    """Calendar date (naive midnight) of each timestamp in the binning timezone."""
    return utc.dt.tz_convert(timezone).dt.tz_localize(None).dt.floor("D")


@dataclass(frozen=True)
class PostsOptions:
    """Declared ingestion choices (data.posts and value.* in case.yaml)."""

    timezone: str | None = None  # timezone of naive timestamps in the export
    bin_timezone: str = "UTC"  # calendar used for days, weeks, months
    entity: str = "brand_field"
    brand_accounts: Mapping | tuple | None = None
    brand_map: Mapping | None = None  # declared relabelling of the export's brand field
    known_brands: tuple = ()
    language: str = "en"
    language_column: str | None = None  # the export's name of its language column, when the case maps one
    language_check: bool = True  # false: every post counts as `language` (an illustration on all rows); said so
    dedupe: bool = True
    retweets: str = "include"  # include | exclude
    brand_posts: str = "exclude"  # brand-authored posts never count as customer voice by default
    cache_dir: Path | None = None  # where per-text features are cached (None: not cached)
    text: bool = True  # False: the posts come without their text (a chapter that reads no text copies none)


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
        posts.insert(list(raw.columns).index("text"), "text",
                     _clean_text(raw["text"].iloc[rows]).reset_index(drop=True))
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
        df = df.loc[keep]
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
    text = functools.cache(lambda: _clean_text(raw["text"].iloc[rows]).reset_index(drop=True))
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
        texts = raw["text"].iloc[positions].astype("string").fillna("").reset_index(drop=True)
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
    return (df.loc[keep] if not keep.all() else df).reset_index(drop=True)  # every post kept: no copy
