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
        codes, _ = pd.factorize(hashes)
        if _no_collision(ids.array._pa_array, codes):
            return codes
    return pd.factorize(ids, use_na_sentinel=False)[0]


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



def _no_collision(chunked, codes: np.ndarray) -> bool:
    """Every row whose hash was met before holds the same id (or none) as the first row of that hash."""
    import pyarrow as pa
    import pyarrow.compute as pc

    first = np.empty(int(codes.max()) + 1 if len(codes) else 0, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    again = np.flatnonzero(first[codes] != np.arange(len(codes)))
    if not len(again):
        return True
    a, b = chunked.take(pa.array(again)), chunked.take(pa.array(first[codes[again]]))
    same = pc.or_kleene(pc.equal(a, b), pc.and_(pc.is_null(a), pc.is_null(b)))
    return bool(pc.all(pc.fill_null(same, False)).as_py())


def pa_string(t) -> bool:
    import pyarrow as pa

    return pa.types.is_string(t) or pa.types.is_large_string(t)
