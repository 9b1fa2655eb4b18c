"""Per-text results stored under each distinct text's own key (issue 15), so that editing, adding or removing posts
computes only the texts not seen before, and the cache survives every edit of the case.

One store per question: the scorer and its version, or the text features with their handles, language and
identifier. A store is a .npz of sorted 128-bit text keys and one column per answer (its base), plus the texts
added since as runs: small .npz files of the same shape, one per call that computed something. A lookup searches
the base and each run; the runs are merged into the base once they hold as many texts as it does, and into one
run when there are more than MAX_RUNS of them. So a cold build of ten million posts writes each text a few times
instead of rewriting the whole store for every batch, and a one-post edit writes one text. Every file is written atomically (an interrupted run
leaves the previous ones). Two builds that write the same store at once lose nothing but work: a run merged away by
one build may be missed by the other, whose texts are then computed again next time; a text stored twice gives
the same answer twice.

Keys are two SipHash-2-4 digests of the UTF-8 text under two fixed keys (pandas' vectorised `hash_array`), so
hashing a million texts costs well under a second and needs no Python loop; 128 bits make a collision between
two texts of one case negligible (about n²/2¹²⁹).
"""

from __future__ import annotations

import contextlib
import hashlib
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


MAX_RUNS = 8


def runs(path: Path) -> list[Path]:
    """The runs of the store whose base is at `path`."""
    return sorted(path.parent.glob(f"{path.stem}~*.npz")) if path.parent.is_dir() else []


def is_run(path: Path) -> bool:
    return "~" in path.name


_HELD: list[dict] = []  # within `held()`: one dict of what each store file read or written holds, by its identity


@contextlib.contextmanager
def held():
    """Store files read or written inside are kept in memory until the block ends: a cold pass over millions of posts
    looks up every batch of texts in the same stores, which would otherwise be read again whole for each batch. A
    file is never changed in place (written atomically, under a new name or over the old one), so its identity
    (inode, size, time) tells a file read before from a new one. A block inside another shares the outer one's."""
    outer = bool(_HELD)
    if not outer:
        _HELD.append({})
    try:
        yield
    finally:
        if not outer:
            _HELD.clear()


def _identity(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return str(path), st.st_ino, st.st_size, st.st_mtime_ns


def _read(path: Path) -> tuple[np.ndarray, dict[str, np.ndarray]] | None:
    ident = _identity(path) if _HELD else None
    if ident is not None and ident in _HELD[0]:
        return _HELD[0][ident]
    try:
        with np.load(path, allow_pickle=False) as z:
            keys = z["_key"]
            cols = {k: z[k] for k in z.files if k != "_key"}
    except (OSError, ValueError, KeyError):
        return None
    got = (keys, cols) if all(len(c) == len(keys) for c in cols.values()) else None
    if ident is not None and got is not None:
        _HELD[0][ident] = got
    return got


def _parts(path: Path) -> list[tuple[np.ndarray, dict[str, np.ndarray]]]:
    """The base and the runs that are readable and of the base's shape; none when the base is unreadable (then
    everything is computed again)."""
    base = _read(path)
    if base is None:
        return []
    parts = [base]
    for run in runs(path):
        got = _read(run)
        if got is not None and set(got[1]) == set(base[1]):
            parts.append(got)
    return parts


def load(path: Path) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(sorted distinct keys, columns) of the base and its runs together; empty when the store is missing or
    unreadable."""
    return _together(_parts(path))


def _together(parts: list) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    if not parts:
        return np.empty(0, "S16"), {}
    if len(parts) == 1:
        return parts[0]
    keys = np.concatenate([k for k, _c in parts])
    order = _order(keys)
    keys = keys[order]
    first = np.concatenate([[True], keys[1:] != keys[:-1]])  # a text stored twice (two builds at once): once
    cols = {name: _joined([c[name] for _k, c in parts])[order][first] for name in parts[0][1]}
    return keys[first], cols


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    """Concatenated, a longer language label in a later part not cut to an earlier part's width."""
    return np.concatenate([a.astype(np.result_type(*[b.dtype for b in arrays]), copy=False) for a in arrays])


def _order(keys: np.ndarray) -> np.ndarray:
    """The stable order that sorts 16-byte keys (`np.lexsort` of their two big-endian halves: byte order, as the keys
    compare). Sorted by the first half alone, as native integers (numpy compares byte-swapped ones slowly), with a
    stable sort that takes the sorted runs a merge puts end to end in one pass each; the second half is needed only
    when two different keys share their first (about n²/2⁶⁵ of a store of n texts)."""
    words = keys.view(">u8").reshape(-1, 2)
    high = words[:, 0].astype(np.uint64)
    order = np.argsort(high, kind="stable")
    tied = high[order[1:]] == high[order[:-1]]  # equal first halves: the same key (kept in place), or a rare pair
    if tied.any():
        low = words[order, 1]
        if (low[1:][tied] != low[:-1][tied]).any():
            return np.lexsort((words[:, 1], words[:, 0]))
    return order


def save(path: Path, keys: np.ndarray, cols: dict[str, np.ndarray]) -> None:
    """`keys` sorted, `cols` aligned with them."""
    write_atomic(path, lambda fh: np.savez(fh, _key=keys, **cols))
    _forget(path)  # the file it replaced
    ident = _identity(path) if _HELD else None
    if ident is not None:
        _HELD[0][ident] = (keys, cols)


def _forget(path: Path) -> None:
    for files in _HELD:
        for ident in [i for i in files if i[0] == str(path)]:
            del files[ident]


def _find(stored: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Position of each key in the sorted `stored` keys, and whether it is there. Searched by their first eight
    bytes as a number (fast); the few keys whose first eight bytes another stored key shares are searched whole."""
    if len(stored) == 0 or len(keys) == 0:
        return np.zeros(len(keys), np.intp), np.zeros(len(keys), bool)
    first = stored.view(">u8")[::2].astype(np.uint64)  # native integers: numpy compares byte-swapped ones slowly
    wanted = keys.view(">u8")[::2].astype(np.uint64)
    asked = np.argsort(wanted)  # searched in order, each search starts where the last ended: far fewer cache misses
    pos = np.empty(len(keys), np.intp)
    pos[asked] = np.minimum(np.searchsorted(first, wanted[asked]), len(stored) - 1)
    found = stored[pos] == keys
    tie = ~found & (first[pos] == wanted)
    if tie.any():
        pos[tie] = np.minimum(np.searchsorted(stored, keys[tie]), len(stored) - 1)
        found[tie] = stored[pos[tie]] == keys[tie]
    return pos, found


def answers(texts: list, path: Path | None, compute: Callable[[list], dict[str, np.ndarray]]) -> tuple[dict, int]:
    """`compute(texts) -> {column: array}` for each of the distinct `texts`, taking what the store at `path` already
    holds and adding the rest to it. Returns the columns (aligned with `texts`) and how many texts were computed."""
    if path is None:
        return compute(texts), len(texts)
    keys = text_keys(texts)
    parts = _parts(path)
    found = np.zeros(len(keys), bool)
    held: dict[str, list] = {}  # per column: (rows of `texts`, their answers) from each part
    for stored, cols in parts:
        todo = np.flatnonzero(~found)
        pos, hit = _find(stored, keys[todo])
        rows = todo[hit]
        found[rows] = True
        for name, col in cols.items():
            held.setdefault(name, []).append((rows, col[pos[hit]]))
    new_idx = np.flatnonzero(~found)
    fresh = compute([texts[i] for i in new_idx]) if len(new_idx) or not parts else {}
    if parts and fresh and set(fresh) != set(parts[0][1]):  # a store of another shape (an older question)
        parts, held, new_idx = [], {}, np.arange(len(texts))
        fresh = compute(list(texts))
    out = {}
    for name in (fresh or parts[0][1]):
        pieces = held.get(name, []) + ([(new_idx, fresh[name])] if fresh else [])
        col = np.empty(len(texts), dtype=np.result_type(*[v.dtype for _r, v in pieces]))
        for rows, values in pieces:
            col[rows] = values
        out[name] = col
    if len(new_idx):
        _add(path, parts, keys[new_idx], fresh)
    return out, len(new_idx)


def _add(path: Path, parts: list, keys: np.ndarray, fresh: dict[str, np.ndarray]) -> None:
    """The new texts as a run; everything merged into the base once the runs would hold as many texts as the base;
    the runs merged into one when they would be too many (the base, millions of texts, is then not rewritten for
    a few)."""
    order = _order(keys)
    new = (keys[order], {k: v[order] for k, v in fresh.items()})
    in_runs = sum(len(k) for k, _c in parts[1:]) + len(keys)
    if not parts or in_runs >= len(parts[0][0]):
        _replace(path, runs(path), _together(parts + [new]))
    elif len(parts) > MAX_RUNS:
        _replace(_run_path(path, new[0]), runs(path), _together(parts[1:] + [new]))
    else:
        save(_run_path(path, new[0]), *new)


def _run_path(path: Path, keys: np.ndarray) -> Path:
    return path.with_name(f"{path.stem}~{hashlib.sha256(keys.tobytes()).hexdigest()[:16]}.npz")


def _replace(path: Path, old: list[Path], merged: tuple) -> None:
    """`merged` written at `path`, then the `old` runs it holds removed."""
    save(path, *merged)
    for run in old:
        if run != path:
            run.unlink(missing_ok=True)
            _forget(run)


def prune(path: Path, keep_texts) -> tuple[int, int]:
    """Keep only the entries of `keep_texts` in the store (its runs merged into the base); returns (kept,
    removed)."""
    old = runs(path)
    stored, cols = load(path)
    keep = np.isin(stored, text_keys(pd.unique(pd.Series(keep_texts, dtype=object).fillna(""))))
    if not keep.all() or old:
        save(path, stored[keep], {k: v[keep] for k, v in cols.items()})
        for run in old:
            run.unlink(missing_ok=True)
    return int(keep.sum()), int((~keep).sum())
