"""M10 sentiment scorers: VADER (vaderSentiment 3.3.2, lexicon shipped in the package), the export's own score,
and human labels. Every scorer returns a score in [−1, 1] per post; `classify` maps scores to −1/0/+1 with
VADER's README thresholds (±0.05).

VADER is pure Python (~40 µs a tweet), so at a million posts scoring dominates the run. Three things keep it
cheap: exact duplicate texts (retweets, copy-paste campaigns) are scored once; the unique texts are scored in
parallel over all cores, one analyzer per worker; and the scores are cached on disk, keyed on the sha256 of the
texts plus the scorer name and version, so a rebuild with unchanged posts does not score again.
"""

from __future__ import annotations

import functools
import math
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from ...errors import AnalysisError
from ...facts import SCORERS
from ...spec.columns import POST_LABELS
from . import parallel, text_store

INGESTED = "_vader"  # posts.VADER: the column ingestion scores into (posts.py imports this module)
POSITIVE = 0.05  # VADER README: compound >= 0.05 positive, <= -0.05 negative, else neutral
NEGATIVE = -0.05
ALPHA = 15.0  # VADER normalisation constant
LABEL_SCORES = dict(zip(POST_LABELS, (-1.0, 0.0, 1.0)))  # the labels `smaa check` accepts
LITERATURE = [
    {"name": "VADER class thresholds", "value": f"compound ≥ {POSITIVE} positive, ≤ −{abs(NEGATIVE)} negative, else neutral",
     "source": "Hutto & Gilbert (2014), ICWSM; vaderSentiment README"},
]

def normalize(score: float, alpha: float = ALPHA) -> float:
    """VADER's compound normalisation s/√(s² + α), clipped to [−1, 1]."""
    return max(-1.0, min(1.0, score / math.sqrt(score * score + alpha)))


def classify(scores: np.ndarray | pd.Series) -> np.ndarray:
    """−1 / 0 / +1 with the ±0.05 thresholds; NaN scores give 0 only if not NaN — callers drop NaN first."""
    s = np.asarray(scores, dtype=float)
    return (s >= POSITIVE).view(np.int8) - (s <= NEGATIVE).view(np.int8)  # 1 − 0, 0 − 1 or 0 − 0: no nested where


def vader_version() -> str:
    return package_version("vaderSentiment")


@functools.cache  # one SentimentIntensityAnalyzer per process, built lazily
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _init_worker() -> None:
    _analyzer()


def vader_polarity(text: str) -> dict:
    """The full VADER output (neg, neu, pos, compound) for one text."""
    return _analyzer().polarity_scores(text)


def _score_chunk(texts: Sequence[str]) -> np.ndarray:
    scorer = _analyzer().polarity_scores
    return np.fromiter((scorer(t)["compound"] for t in texts), dtype=float, count=len(texts))


_processes = parallel.processes  # the benchmarks print it


def map_chunks(fn, items: Sequence, processes: int | None = None, initializer=None, label: str = "Scoring texts"):
    """`fn` over consecutive chunks of `items` (parallel.py: this machine's cores or a Dask cluster)."""
    return parallel.map_chunks(fn, items, processes, initializer, label)


def score_unique(texts: Sequence[str], processes: int | None = None) -> np.ndarray:
    """Compound score of each text (no de-duplication, no cache), in parallel when worth it."""
    parts = map_chunks(_score_chunk, texts, processes, _init_worker, "Scoring texts (VADER)")
    return np.concatenate(parts) if parts else np.empty(0)


def vader_scores(texts: Sequence[str] | pd.Series, processes: int | None = None) -> np.ndarray:
    """VADER compound per text; exact duplicate texts are scored once."""
    codes, uniques = pd.factorize(pd.Series(texts, dtype=object).fillna(""), sort=False)
    return score_unique(list(uniques), processes)[codes]


def cached_vader(texts: Sequence[str] | pd.Series, cache_dir: Path | None = None,
                 processes: int | None = None) -> tuple[np.ndarray, bool]:
    """VADER compound per text; each distinct text is scored once and, with a `cache_dir`, only when the store
    does not hold it yet (text_store). Returns (scores, cache_hit: no text had to be scored)."""
    codes, uniques = pd.factorize(pd.Series(texts, dtype=object).fillna(""), sort=False)
    path = None if cache_dir is None else text_store.store_path(cache_dir, f"vader-{vader_version()}")
    cols, computed = text_store.answers(list(uniques), path, lambda t: {"compound": score_unique(t, processes)})
    return cols["compound"][codes], path is not None and computed == 0


def label_scores(labels: pd.Series) -> np.ndarray:
    """Human labels negative/neutral/positive (any case) to −1/0/1; anything else NaN."""
    norm = labels.astype("string").str.strip().str.lower()
    return norm.map(LABEL_SCORES).astype(float).to_numpy()


def provided_scores(scores: pd.Series) -> np.ndarray:
    """The export's own score, clipped to [−1, 1]."""
    return np.clip(pd.to_numeric(scores, errors="coerce").to_numpy(float), -1.0, 1.0)


def score_posts(posts: pd.DataFrame, scorer: str, cache_dir: Path | None = None,
                processes: int | None = None) -> tuple[np.ndarray, dict]:
    """Score in [−1, 1] per post (NaN when the scorer has nothing for a post) and a provenance record."""
    if scorer not in SCORERS:
        raise AnalysisError(f"value.scorer: expected one of {list(SCORERS)}, got {scorer!r}")
    if scorer == "vader" and INGESTED in posts:  # scored at ingestion (posts.py)
        return posts[INGESTED].to_numpy(float), {"scorer": "vader", "version": vader_version(), "cache_hit": True}
    if scorer == "vader":
        scores, hit = cached_vader(posts["text"], cache_dir, processes)
        return scores, {"scorer": "vader", "version": vader_version(), "cache_hit": hit}
    column = "score" if scorer == "provided" else "label"
    if column not in posts:
        raise AnalysisError(f"value.scorer is {scorer!r} but the posts have no `{column}` column")
    scores = provided_scores(posts[column]) if scorer == "provided" else label_scores(posts[column])
    return scores, {"scorer": scorer, "version": "", "cache_hit": False}
