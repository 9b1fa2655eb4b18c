"""The per-text store (issue 15): answers keyed on each distinct text, so an edit computes only the new texts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smaa_build.analyses.value import text_store as ts


def length(texts: list) -> dict:
    return {"n": np.array([len(t) for t in texts], np.int64), "upper": np.array([t.upper() for t in texts], str)}


def test_keys_are_distinct_stable_and_128_bit():
    keys = ts.text_keys(["a", "b", "a", None, ""])
    assert keys.dtype == np.dtype("S16") and keys[0] == keys[2] and keys[3] == keys[4] and keys[0] != keys[1]
    assert ts.text_keys(["a"])[0] == keys[0]  # the same text, the same key in another call
    many = ts.text_keys([f"post {i}" for i in range(200_000)])
    assert len(np.unique(many)) == 200_000


def test_only_new_texts_are_computed_and_answers_follow_the_texts(tmp_path):
    path = ts.store_path(tmp_path, "len")
    seen = []

    def compute(texts):
        seen.append(list(texts))
        return length(texts)

    first, n1 = ts.answers(["bb", "a", "ccc"], path, compute)
    again, n2 = ts.answers(["ccc", "a", "bb"], path, compute)
    edited, n3 = ts.answers(["ccc", "a!", "bb", "dddd"], path, compute)
    assert (n1, n2, n3) == (3, 0, 2) and seen[1:] == [["a!", "dddd"]]
    assert first["n"].tolist() == [2, 1, 3] and again["n"].tolist() == [3, 1, 2]
    assert edited["n"].tolist() == [3, 2, 2, 4] and edited["upper"].tolist() == ["CCC", "A!", "BB", "DDDD"]
    for texts in (["x"] * 3, ["bb", "zzzzzz"], []):  # against computing everything afresh
        got, _ = ts.answers(texts, path, compute)
        assert all(np.array_equal(got[k], length(texts)[k]) for k in ("n", "upper"))


def test_a_corrupt_or_reshaped_store_is_computed_again(tmp_path):
    path = ts.store_path(tmp_path, "len")
    ts.answers(["a", "b"], path, length)
    path.write_bytes(b"garbage")
    assert ts.answers(["a", "b"], path, length)[1] == 2
    zeros = lambda t: {"n": np.zeros(len(t), np.int64)}  # noqa: E731  another set of columns
    got, n = ts.answers(["a", "b", "c"], path, zeros)
    assert n == 3 and got["n"].tolist() == [0, 0, 0] and set(ts.load(path)[1]) == {"n"}


def test_prune_keeps_only_the_texts_still_used(tmp_path):
    path = ts.store_path(tmp_path, "len")
    ts.answers(["a", "bb", "ccc", "dddd"], path, length)
    assert ts.prune(path, pd.Series(["bb", "dddd", "bb", None])) == (2, 2)
    keys, cols = ts.load(path)
    assert sorted(cols["upper"].tolist()) == ["BB", "DDDD"] and ts.answers(["bb"], path, length)[1] == 0


def test_batches_merged_into_the_store_equal_one_store_of_all_texts(tmp_path):
    """New texts are inserted into the sorted store (not the whole store re-sorted): after batches that overlap,
    the store holds each text once, sorted, with the answers one call over every text would give."""
    rng = np.random.default_rng(7)
    words = [f"w{i}" * int(rng.integers(1, 5)) for i in range(3_000)]
    path = ts.store_path(tmp_path, "len")
    for _ in range(6):
        batch = list(dict.fromkeys(rng.choice(words, 700).tolist()))
        got, _n = ts.answers(batch, path, length)
        assert got["upper"].tolist() == [w.upper() for w in batch]
    keys, cols = ts.load(path)
    whole_keys, whole = ts.load(_whole(tmp_path, words, keys))
    assert (keys[:-1] < keys[1:]).all() and np.array_equal(keys, whole_keys)
    assert all(np.array_equal(cols[k], whole[k]) for k in ("n", "upper"))


def _whole(tmp_path, words, keys):
    """A store made in one call from the texts the batched store holds."""
    by_key = dict(zip(ts.text_keys(words).tolist(), words))
    path = ts.store_path(tmp_path / "whole", "len")
    path.parent.mkdir()
    ts.answers([by_key[k] for k in keys.tolist()], path, length)
    return path


def test_a_few_new_texts_go_to_a_run_and_runs_are_merged(tmp_path):
    path = ts.store_path(tmp_path, "len")
    ts.answers([f"text {i}" for i in range(40)], path, length)
    base = path.read_bytes()
    for i in range(ts.MAX_RUNS):
        assert ts.answers([f"text {i}", f"new {i}"], path, length)[1] == 1
        assert path.read_bytes() == base and len(ts.runs(path)) == i + 1  # one text written, not the store
    assert ts.answers(["newest"], path, length)[1] == 1
    # too many runs: merged into one run, and the base is not rewritten for a few texts
    assert path.read_bytes() == base and len(ts.runs(path)) == 1
    assert len(ts._read(ts.runs(path)[0])[0]) == ts.MAX_RUNS + 1 and len(ts.load(path)[0]) == 40 + ts.MAX_RUNS + 1
    assert ts.answers([f"new {i}" for i in range(ts.MAX_RUNS)] + ["newest"], path, length)[1] == 0
    ts.answers([f"more {i}" for i in range(60)], path, length)  # as many texts as the base: merged at once
    assert ts.runs(path) == [] and len(ts.load(path)[0]) == 109


def test_a_pruned_store_has_its_runs_merged(tmp_path):
    path = ts.store_path(tmp_path, "len")
    ts.answers([f"text {i}" for i in range(40)], path, length)
    ts.answers(["run text"], path, length)
    assert len(ts.runs(path)) == 1
    assert ts.prune(path, ["run text", "text 3"]) == (2, 39)
    assert ts.runs(path) == [] and sorted(ts.load(path)[1]["upper"].tolist()) == ["RUN TEXT", "TEXT 3"]


def test_keys_sharing_their_first_eight_bytes_are_found_exactly():
    def key(a: int, b: int) -> bytes:
        return a.to_bytes(8, "big") + b.to_bytes(8, "big")

    stored = np.array(sorted([key(1, 5), key(2, 1), key(2, 7), key(2, 9), key(3, 0), key(3, 255 << 56)]), "S16")
    wanted = np.array([key(2, 9), key(2, 8), key(3, 255 << 56), key(0, 1), key(9, 9), key(2, 1)], "S16")
    pos, found = ts._find(stored, wanted)
    assert found.tolist() == [True, False, True, False, False, True]
    assert (stored[pos[found]] == wanted[found]).all()
    assert found.tolist() == np.isin(wanted, stored).tolist()


def test_the_key_order_is_the_stable_byte_order_with_or_without_shared_first_halves():
    """`_order` sorts by the first eight bytes only while no two different keys share them; either way it is the
    stable byte order (duplicates keep their places, which decides the answer a merge keeps)."""
    def key(a: int, b: int) -> bytes:
        return a.to_bytes(8, "big") + b.to_bytes(8, "big")

    rng = np.random.default_rng(7)
    halves = rng.integers(0, 2**63, size=(500, 2), dtype=np.uint64)
    unique = np.array([key(int(a), int(b)) for a, b in halves], "S16")
    duplicated = unique[rng.integers(0, 500, 2000)]  # the same key many times: only stability orders them
    shared = np.concatenate([duplicated, np.array([key(5, 9), key(5, 1), key(5, 9)], "S16")])
    for keys in (duplicated, shared, np.concatenate([np.sort(unique[:250]), np.sort(unique[250:])])):
        expected = np.argsort(keys, kind="stable")  # numpy orders byte strings by their bytes
        assert ts._order(keys).tolist() == expected.tolist()


def test_held_stores_are_read_once_and_give_what_reading_them_gives(tmp_path, monkeypatch):
    """Inside `held()` each store file is read from disk once, a file written there is not read back at all, and
    the answers and the files on disk are those of the same batches looked up without it."""
    rng = np.random.default_rng(11)
    words = [f"w{i}" * int(rng.integers(1, 4)) for i in range(2_000)]
    batches = [list(dict.fromkeys(rng.choice(words, 500).tolist())) for _ in range(7)]
    loads = []
    real_load = np.load

    def counted(*a, **k):
        got = real_load(*a, **k)  # a missing file raises: not a read
        loads.append(str(a[0]))
        return got

    monkeypatch.setattr(ts.np, "load", counted)
    plain, in_held = ts.store_path(tmp_path / "plain", "len"), ts.store_path(tmp_path / "held", "len")
    plain.parent.mkdir(), in_held.parent.mkdir()
    expected = [ts.answers(b, plain, length) for b in batches]
    assert len(loads) > len(set(loads))  # without it: the same files read for batch after batch
    loads.clear()
    with ts.held():
        got = [ts.answers(b, in_held, length) for b in batches]
    assert loads == []  # every file read inside was written inside
    assert ts._HELD == []
    for (a, n), (b, m) in zip(expected, got):
        assert n == m and all(np.array_equal(a[k], b[k]) for k in a)
    assert sorted(p.name for p in plain.parent.iterdir()) == sorted(p.name for p in in_held.parent.iterdir())
    assert all((plain.parent / p.name).read_bytes() == p.read_bytes() for p in in_held.parent.iterdir())
    with ts.held():  # a store written before: read once, however many lookups
        for b in batches:
            ts.answers(b, in_held, length)
    assert len(loads) == len(set(loads)) == 1 + len(ts.runs(in_held))
