"""Post ids numbered in order of first appearance (issue 15), for de-duplication (analyses/value/posts.py) and the
check of ids repeated with other content (fidelity.py): at millions of string ids, pandas' hash table over the
strings costs seconds, and over 64-bit hashes of their bytes a fraction of that."""

from __future__ import annotations

import numpy as np
import pandas as pd


def id_codes(ids: pd.Series) -> np.ndarray:
    """`pd.factorize(ids, use_na_sentinel=False)[0]`: each id's number in order of first appearance (a missing id
    is one more value). A million string ids are numbered by 64-bit hashes of their bytes; the ids of every hash
    met twice are then compared as strings, and any collision numbers the strings themselves."""
    hashes = _id_hashes(ids)
    if hashes is not None:
        codes = _hash_codes(hashes, ids.array._pa_array)
        if codes is not None:
            return codes
    return pd.factorize(ids, use_na_sentinel=False)[0]


def _hash_codes(hashes: np.ndarray, chunked) -> np.ndarray | None:
    """`pd.factorize(hashes)[0]`, or None when two different ids share a hash. Most ids of an export are met once:
    a sort finds the hashes met twice, and only their rows are numbered through a hash table (a table over ten
    million hashes misses the cache at every probe: 2.5 s, the sort 0.1 s)."""
    ordered = hashes.copy()
    ordered.sort()
    twice = ordered[1:][ordered[1:] == ordered[:-1]]
    if not len(twice):
        return np.arange(len(hashes))
    twice = np.unique(twice)
    at = np.minimum(np.searchsorted(twice, hashes), len(twice) - 1)
    rows = np.flatnonzero(twice[at] == hashes)  # the rows of hashes met twice, in file order
    sub = pd.factorize(hashes[rows])[0]  # numbered among themselves, in order of first appearance
    first = np.flatnonzero(sub > np.maximum.accumulate(np.concatenate(([-1], sub[:-1]))))  # each number's first row
    if not _no_collision(chunked, rows, rows[first[sub]]):
        return None
    new = np.ones(len(hashes), dtype=bool)  # a row whose hash is met here for the first time takes the next number
    new[rows] = False
    new[rows[first]] = True
    codes = np.cumsum(new) - 1
    codes[rows] = codes[rows[first]][sub]
    return codes


_HASHED_MIN = 50_000  # below this, hashing the strings themselves costs as little
_FNV_BASIS, _PRIME64 = np.uint64(0xCBF29CE484222325), np.uint64(0x100000001B3)  # FNV-1a's, over 8 bytes a round
_MISSING = np.uint64(0x9E3779B97F4A7C15)  # a missing id's hash


def _id_hashes(ids: pd.Series) -> np.ndarray | None:
    """A 64-bit hash of each id's bytes (and length), or None for short or non-Arrow columns and ids over 64
    bytes."""
    chunked = getattr(ids.array, "_pa_array", None)
    if len(ids) < _HASHED_MIN or chunked is None or not pa_string(chunked.type):
        return None
    out = [_hash_chunk(chunk.slice(at, 1 << 16)) for chunk in chunked.chunks for at in range(0, len(chunk), 1 << 16)]
    return None if any(h is None for h in out) else np.concatenate(out)


def _hash_chunk(chunk) -> np.ndarray | None:
    """_id_hashes of one Arrow string array (8 bytes of each id a round, its length first)."""
    import pyarrow as pa

    width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    offsets = np.frombuffer(chunk.buffers()[1], dtype=width)[chunk.offset:chunk.offset + len(chunk) + 1]
    lengths = np.diff(offsets).astype(np.int64)
    if len(chunk) == 0 or lengths.max() > 64:
        return None if len(chunk) else np.zeros(0, np.uint64)
    data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8) if chunk.buffers()[2] is not None else np.zeros(1, np.uint8)
    data = data if len(data) else np.zeros(1, np.uint8)
    out = _FNV_BASIS ^ lengths.astype(np.uint64)
    longest = int(lengths.max())
    if longest == lengths.min():  # ids of one length (digits, in most exports): the bytes are a matrix already
        words = np.zeros((len(chunk), -(-longest // 8) * 8), dtype=np.uint8)
        words[:, :longest] = data[offsets[0]:offsets[-1]].reshape(len(chunk), longest)
        for word in words.view(np.uint64).T:
            out = (out ^ word) * _PRIME64
            out ^= out >> np.uint64(29)
        longest = 0
    for k in range(0, longest, 8):
        at = k + np.arange(8)
        inside = at < lengths[:, None]
        word = np.where(inside, data[np.where(inside, offsets[:-1, None] + at, 0)], 0).astype(np.uint8)
        mixed = (out ^ word.view(np.uint64).ravel()) * _PRIME64
        # a round per 8 bytes of the id itself, as above: an id hashes the same in any chunk
        out = np.where(k < lengths, mixed ^ (mixed >> np.uint64(29)), out)
    if chunk.null_count:
        out[np.asarray(chunk.is_null())] = _MISSING
    return out



def _no_collision(chunked, rows: np.ndarray, firsts: np.ndarray) -> bool:
    """Each of the `rows` holds the same id (or none) as the first row of its hash (`firsts`)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    again = rows != firsts
    if not again.any():
        return True
    a, b = chunked.take(pa.array(rows[again])), chunked.take(pa.array(firsts[again]))
    same = pc.or_kleene(pc.equal(a, b), pc.and_(pc.is_null(a), pc.is_null(b)))
    return bool(pc.all(pc.fill_null(same, False)).as_py())


def pa_string(t) -> bool:
    import pyarrow as pa

    return pa.types.is_string(t) or pa.types.is_large_string(t)
