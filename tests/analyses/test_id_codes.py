"""Post ids numbered through 64-bit hashes (spec/ids.py, id_codes, issue 15): the numbers are exactly those pandas gives the
strings, with missing ids, ids of several lengths and scripts, and when two ids share a hash."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import example, given, settings
from hypothesis import strategies as st

from smaa_build.spec import ids as numbering


def _chunked(values: list, sizes: list[int]) -> pd.Series:
    """The ids as the kept segments give them: Arrow strings in several chunks."""
    chunks, at = [], 0
    for n in sizes:
        chunks.append(pa.array(values[at:at + n], type=pa.large_string()))
        at += n
    chunks.append(pa.array(values[at:], type=pa.large_string()))
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(chunks)))


def _expected(series: pd.Series) -> np.ndarray:
    return pd.factorize(series.astype(object), use_na_sentinel=False)[0]


ids = st.one_of(st.none(), st.sampled_from(["1800000000000000001", "1800000000000000002", "a", "é", ""]),
                st.text(max_size=70))


@settings(max_examples=300, deadline=None)
@given(st.lists(ids, min_size=1, max_size=300), st.lists(st.integers(0, 120), max_size=4))
@example(values=["a", "1800000000000000001", "a"], sizes=[1])  # one id in a chunk of one length and in a mixed one
def test_hashed_numbers_equal_pandas_numbers(values, sizes):
    series = _chunked(values, sizes)
    real = numbering._HASHED_MIN
    numbering._HASHED_MIN = 0
    try:
        got = numbering.id_codes(series)
    finally:
        numbering._HASHED_MIN = real
    assert np.array_equal(got, _expected(series))


def test_ids_of_one_length_take_the_matrix_path_and_repeats_are_found(monkeypatch):
    monkeypatch.setattr(numbering, "_HASHED_MIN", 0)
    values = [str(1_800_000_000_000_000_000 + i % 700) for i in range(5000)]
    series = _chunked(values, [1000, 2500])
    hashes = numbering._id_hashes(series)
    assert hashes is not None and len(np.unique(hashes)) == 700
    assert np.array_equal(numbering.id_codes(series), _expected(series))


def test_a_shared_hash_falls_back_to_the_strings(monkeypatch):
    monkeypatch.setattr(numbering, "_HASHED_MIN", 0)
    monkeypatch.setattr(numbering, "_hash_chunk", lambda chunk: np.zeros(len(chunk), np.uint64))  # every id collides
    series = _chunked(["b", "a", "b", None, "c", None], [2])
    assert numbering._id_hashes(series) is not None
    assert list(numbering.id_codes(series)) == [0, 1, 0, 2, 3, 2]


def test_long_ids_and_plain_columns_are_numbered_as_strings(monkeypatch):
    monkeypatch.setattr(numbering, "_HASHED_MIN", 0)
    assert numbering._id_hashes(_chunked(["x" * 65, "y"], [])) is None
    assert numbering._id_hashes(pd.Series(["a", "b"], dtype=object)) is None
    series = _chunked(["x" * 65, "y", "x" * 65], [])
    assert list(numbering.id_codes(series)) == [0, 1, 0]
