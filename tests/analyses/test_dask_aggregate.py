"""Per-period aggregation defined over fixed row chunks (issue 15): the sufficient statistics of correlation.
post_stats are partial sums per chunk combined in chunk order, so a local run and a Dask run do the same
arithmetic. The LocalCluster test is in test_scale_parallel.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smaa_build.analyses.value import aggregate, parallel
from smaa_build.analyses.value import correlation as co
from smaa_build.errors import SmaaError

COLS = ["key", "n", "sum", "sumsq", "neg", "pos"]


@pytest.fixture(autouse=True)
def _no_cluster(monkeypatch):
    monkeypatch.delenv(parallel.SCHEDULER_ENV, raising=False)


def _posts(keys, scores, cls) -> pd.DataFrame:
    return pd.DataFrame({"key": keys, "score": np.asarray(scores, float), "cls": np.asarray(cls, np.int64)})


def test_post_stats_over_chunks_by_hand(monkeypatch):
    monkeypatch.setattr(aggregate, "ROWS", 2)  # 7 rows: chunks of 2, 2, 2, 1; group b spans three chunks
    p = _posts(["b", "a", "b", "b", "a", "c", "b"], [0.5, -0.5, np.nan, 0.25, 0.0, 1.0, -1.0], [1, -1, 0, 1, 0, 1, -1])
    st = co.post_stats(p, ["key"])
    # by hand — a: {-0.5, 0.0}; b: {0.5, 0.25, -1.0} (NaN dropped); c: {1.0}
    assert st.columns.tolist() == COLS
    assert st["key"].tolist() == ["a", "b", "c"]
    assert st["n"].tolist() == [2, 3, 1]
    assert st["sum"].tolist() == pytest.approx([-0.5, -0.25, 1.0], abs=1e-12)
    assert st["sumsq"].tolist() == pytest.approx([0.25, 1.3125, 1.0], abs=1e-12)
    assert st["neg"].tolist() == [1, 1, 0] and st["pos"].tolist() == [0, 2, 1]


def test_row_chunks_are_fixed_consecutive_slices(monkeypatch):
    frame = pd.DataFrame({"x": range(10)})
    assert [c["x"].tolist() for c in aggregate.row_chunks(frame, 4)] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    monkeypatch.setattr(aggregate, "ROWS", 3)
    assert [len(c) for c in aggregate.row_chunks(frame)] == [3, 3, 3, 1]
    assert len(aggregate.row_chunks(frame.iloc[:0])) == 1  # an empty frame still gives the columns back


def test_one_chunk_is_the_plain_groupby_bit_for_bit():
    """Below ROWS rows nothing combines: the example cases' findings stay byte-identical to the unchunked sums."""
    rng = np.random.default_rng(3)
    p = _posts(rng.integers(0, 5, 500), rng.uniform(-1, 1, 500), rng.integers(-1, 2, 500))
    pd.testing.assert_frame_equal(co.post_stats(p, ["key"]), co.post_stats_chunk(p, ["key"]), check_exact=True)


def _reference(keys: np.ndarray, scores: np.ndarray, cls: np.ndarray) -> pd.DataFrame:
    """Independent: np.bincount per group code over the finite scores."""
    ok = np.isfinite(scores)
    uniq, code = np.unique(keys[ok], return_inverse=True)
    s, c = scores[ok], cls[ok]
    return pd.DataFrame({"key": uniq, "n": np.bincount(code), "sum": np.bincount(code, s),
                         "sumsq": np.bincount(code, s * s), "neg": np.bincount(code, c == -1).astype(np.int64),
                         "pos": np.bincount(code, c == 1).astype(np.int64)})


@pytest.mark.parametrize("rows", [211, 1000, 10_000])
def test_chunked_sums_agree_with_a_reference_on_random_posts(monkeypatch, rows):
    rng = np.random.default_rng(rows)
    n = 5_000
    scores = rng.uniform(-1, 1, n)
    scores[rng.random(n) < 0.05] = np.nan
    keys, cls = rng.integers(0, 40, n), rng.integers(-1, 2, n)
    monkeypatch.setattr(aggregate, "ROWS", rows)
    st, ref = co.post_stats(_posts(keys, scores, cls), ["key"]), _reference(keys, scores, cls)
    assert st[["key", "n", "neg", "pos"]].to_numpy().tolist() == ref[["key", "n", "neg", "pos"]].to_numpy().tolist()
    np.testing.assert_allclose(st[["sum", "sumsq"]].to_numpy(), ref[["sum", "sumsq"]].to_numpy(), atol=1e-9)


def test_two_keys_and_missing_groups_combine_across_chunks(monkeypatch):
    monkeypatch.setattr(aggregate, "ROWS", 3)
    p = _posts([1, 1, 2, 1, 2, 2], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [1, 1, 1, -1, -1, 0]).assign(
        brand=["x", None, "x", "x", None, "x"])
    st = co.post_stats(p, ["brand", "key"])  # a post without a brand is its own group (dropna=False)
    rows = st[["brand", "key", "n", "neg", "pos"]].itertuples(index=False)
    assert {(b if isinstance(b, str) else None, k): (n, neg, pos) for b, k, n, neg, pos in rows} == {
        ("x", 1): (2, 1, 1), ("x", 2): (2, 0, 1), (None, 1): (1, 0, 1), (None, 2): (1, 1, 0)}


def test_without_a_scheduler_the_chunks_run_here_in_order(monkeypatch):
    seen = []
    parts = parallel.map_ordered(lambda c: seen.append(c) or len(c), [[1, 2], [3], [4, 5, 6]], "Aggregating")
    assert parts == [2, 1, 3] and seen == [[1, 2], [3], [4, 5, 6]]


def test_a_scheduler_that_does_not_answer_is_a_plain_error(monkeypatch):
    import dask
    import distributed  # noqa: F401  its defaults first: leaving set() drops the keys it added, all of `distributed`

    monkeypatch.setenv(parallel.SCHEDULER_ENV, "tcp://127.0.0.1:9")  # the discard port: nothing listens
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), pytest.raises(SmaaError) as e:
        co.post_stats(_posts([1], [0.5], [1]), ["key"])
    assert str(e.value) == (
        "--scheduler tcp://127.0.0.1:9 (or SMAA_DASK_SCHEDULER): no Dask scheduler answered: Timed out trying to "
        "connect to tcp://127.0.0.1:9 after 1 s. Start one (`dask scheduler`, see Posts at any scale) or leave the "
        "option out to run on this machine")
