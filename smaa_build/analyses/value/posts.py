"""Ingestion of a social-media export (posts table, canonical columns of docs/user-guide/data-formats.md): the
per-column steps. `ingest.prepare()` turns the raw table into the posts the SMI-value chapter counts, and returns a `PostsReport` with
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

import hashlib
import operator
import re
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from ...errors import AnalysisError
from ...facts import ENTITY_CHOICES
from ...spec.columns import CONTRACT
from ...spec import ids as _ids
from ...spec.ids import id_codes as _id_codes, pa_string

from . import sentiment as se
from . import language as _language
from . import language_codes as _codes
from . import text_store
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
    keep, counts, _repeated = _first_of_each_id(df)
    return (df.loc[keep] if not keep.all() else df), counts  # no repeat: no copy of a million texts


def _first_of_each_id(df: pd.DataFrame, text: pd.Series | None = None) -> tuple[np.ndarray, dict, np.ndarray]:
    """(the rows deduplicate keeps, its counts, the rows of repeated ids: the only ones the counts read beyond the
    ids); `text`: the posts' text when `df` comes without it (only the rows of repeated ids are compared, so only
    theirs is read)."""
    # one hash pass: factorize numbers ids in order of first appearance, so a row is a repeat exactly when its
    # code is not above every earlier code (two `duplicated` calls cost 10x more at 5M string ids)
    codes = _id_codes(df["post_id"])
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
    return ~dup_id, counts, repeated


def _clean_text(text: pd.Series) -> pd.Series:
    return text.astype("string").fillna("")


def texts_at(text: pd.Series, rows: np.ndarray) -> pd.Series:
    """`_clean_text(text.iloc[rows])` on a fresh index. The rows of an Arrow-backed column (a posts file read in
    segments) are filtered chunk by chunk, in increasing order: a take would first join the chunks, a copy of every
    text of the file (a gigabyte at ten million posts) before the copy of the rows asked for."""
    arrow = getattr(text.array, "_pa_array", None)
    if arrow is None or not pa_string(arrow.type):
        return _clean_text(text.iloc[rows]).reset_index(drop=True)
    if len(rows) > 1 and not (np.diff(rows) > 0).all():  # (a ranking's head): the distinct rows in order, then back
        distinct, back = np.unique(rows, return_inverse=True)
        return texts_at(text, distinct).iloc[back].reset_index(drop=True)
    import pyarrow as pa
    import pyarrow.compute as pc

    mask = np.zeros(len(text), dtype=bool)
    mask[rows] = True
    return pd.Series(pd.arrays.ArrowStringArray(pc.fill_null(pc.filter(arrow, pa.array(mask)), "")))


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
    return conflict_table(pair_counts(brand, mentioned))


def pair_counts(brand: pd.Series, mentioned: pd.Series) -> dict[tuple[str, str], int]:
    """Posts per (brand field, mentioned brand), NO_MENTION standing for a missing value; counted by code (a few
    brands over millions of posts)."""
    left, lefts = pd.factorize(brand.astype("string").fillna(NO_MENTION))
    right, rights = pd.factorize(mentioned.astype("string").fillna(NO_MENTION))
    pairs, n = np.unique(left.astype(np.int64) * max(len(rights), 1) + right, return_counts=True)
    out: dict[tuple[str, str], int] = {}
    for pair, count in zip(pairs.tolist(), n.tolist()):
        key = (str(lefts[pair // max(len(rights), 1)]), str(rights[pair % max(len(rights), 1)]))
        out[key] = out.get(key, 0) + count
    return out


def conflict_table(pairs: dict[tuple[str, str], int]) -> pd.DataFrame:
    """conflict_matrix's table of the posts per (brand field, mentioned brand) (pairs without posts left out)."""
    rows = sorted((b, m, n) for (b, m), n in pairs.items() if n)
    out = pd.DataFrame({"brand_field": pd.array([r[0] for r in rows], dtype="string"),
                        "mentioned_brand": pd.array([r[1] for r in rows], dtype="string"),
                        "n": np.array([r[2] for r in rows], dtype=np.int64)})
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
_SOURCE = hashlib.sha256(b"".join(Path(f).read_bytes() for f in (__file__, _language.__file__, _codes.__file__,
                                                                   _ids.__file__))).hexdigest()[:16]


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
    text: bool | str = True  # False: the posts come without their text (a chapter that reads no text copies none);
    # "rows": without their text but with their row in the raw table (ROW), to read the text of a few
    drop: tuple = ()  # columns the chapter never reads: not copied when excluded posts are dropped
