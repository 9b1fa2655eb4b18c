"""Per-text results stored under each distinct text's own key (issue 15), so that editing, adding or removing posts
computes only the texts not seen before, and the cache survives every edit of the case.

One store per question: the scorer and its version, or the text features with their handles, language and
identifier. A store is a .npz of sorted 128-bit text keys and one column per answer, replaced atomically (an
interrupted run leaves the previous store). Two builds that write the same store at once lose nothing but work:
the last writer wins and the other's texts are computed again next time.

Keys are two SipHash-2-4 digests of the UTF-8 text under two fixed keys (pandas' vectorised `hash_array`), so
hashing a million texts costs well under a second and needs no Python loop; 128 bits make a collision between
two texts of one case negligible (about n²/2¹²⁹).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from ...atomic import write_with as write_atomic

SCHEME = "k1"  # change when the key function changes: old stores are then never read (and `smaa cache prune` drops them)
_KEYS = ("smaa-text-key-01", "smaa-text-key-02")


def text_keys(texts) -> np.ndarray:
    """The 16-byte key of each text (None is the empty text)."""
    values = pd.Series(texts, dtype=object).fillna("").to_numpy(object)
    if len(values) == 0:
        return np.empty(0, "S16")
    halves = [pd.util.hash_array(values, hash_key=k, categorize=False) for k in _KEYS]
    return np.ascontiguousarray(np.stack(halves, axis=1).astype("<u8")).view("S16").ravel()


def store_path(cache_dir: Path, name: str) -> Path:
    return Path(cache_dir) / f"texts-{SCHEME}-{name}.npz"


def load(path: Path) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(sorted keys, columns); empty when the store is missing or unreadable (then everything is computed again)."""
    try:
        with np.load(path, allow_pickle=False) as z:
            keys = z["_key"]
            cols = {k: z[k] for k in z.files if k != "_key"}
    except (OSError, ValueError, KeyError):
        return np.empty(0, "S16"), {}
    if any(len(c) != len(keys) for c in cols.values()):
        return np.empty(0, "S16"), {}
    return keys, cols


def save(path: Path, keys: np.ndarray, cols: dict[str, np.ndarray]) -> None:
    """`keys` sorted, `cols` aligned with them."""
    write_atomic(path, lambda fh: np.savez(fh, _key=keys, **cols))


def _merged(stored: np.ndarray, cols: dict[str, np.ndarray], keys: np.ndarray, fresh: dict[str, np.ndarray]):
    """The sorted store with the new distinct `keys` (and their `fresh` answers) inserted where they belong: only
    the new keys are sorted, and the store is copied once (re-sorting all of it for every batch of new texts made a
    cold ten-million-post build quadratic)."""
    order = np.argsort(keys, kind="stable")
    at = np.searchsorted(stored, keys[order])
    def into(old: np.ndarray, new: np.ndarray) -> np.ndarray:  # a longer language label must not be cut
        return np.insert(old.astype(np.result_type(old.dtype, new.dtype), copy=False), at, new)

    return into(stored, keys[order]), {k: into(cols[k], v[order]) if k in cols else v[order] for k, v in fresh.items()}


def _find(stored: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Position of each key in the sorted `stored` keys, and whether it is there."""
    if len(stored) == 0:
        return np.zeros(len(keys), np.intp), np.zeros(len(keys), bool)
    pos = np.minimum(np.searchsorted(stored, keys), len(stored) - 1)
    return pos, stored[pos] == keys


def answers(texts: list, path: Path | None, compute: Callable[[list], dict[str, np.ndarray]]) -> tuple[dict, int]:
    """`compute(texts) -> {column: array}` for each of the distinct `texts`, taking what the store at `path` already
    holds and adding the rest to it. Returns the columns (aligned with `texts`) and how many texts were computed."""
    if path is None:
        return compute(texts), len(texts)
    keys = text_keys(texts)
    stored, cols = load(path)
    pos, found = _find(stored, keys)
    if cols and found.all():
        return {k: v[pos] for k, v in cols.items()}, 0
    new_idx = np.flatnonzero(~found) if cols else np.arange(len(texts))
    fresh = compute([texts[i] for i in new_idx])
    if cols and set(fresh) != set(cols):  # a store of another shape (an older version of the question): start over
        stored, cols, found, new_idx = np.empty(0, "S16"), {}, np.zeros(len(texts), bool), np.arange(len(texts))
        fresh = compute(list(texts))
    out = {}
    for k, v in fresh.items():
        col = np.empty(len(texts), dtype=np.result_type(v.dtype, cols[k].dtype) if k in cols else v.dtype)
        if k in cols and found.any():
            col[found] = cols[k][pos[found]]
        col[new_idx] = v
        out[k] = col
    save(path, *_merged(stored, cols, keys[new_idx], fresh))
    return out, len(new_idx)


def prune(path: Path, keep_texts) -> tuple[int, int]:
    """Keep only the entries of `keep_texts` in the store; returns (kept, removed)."""
    stored, cols = load(path)
    keep = np.isin(stored, text_keys(pd.unique(pd.Series(keep_texts, dtype=object).fillna(""))))
    if not keep.all():
        save(path, stored[keep], {k: v[keep] for k, v in cols.items()})
    return int(keep.sum()), int((~keep).sum())
