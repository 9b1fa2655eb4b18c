"""Ingestion kept between builds (analyses/value/kept.py, issue 15): the posts a rebuild reads back, and the posts an
edit re-ingests from the answers kept per segment, are the posts a fresh ingestion gives, and an edited post is the
only text looked up again."""

from __future__ import annotations

import dataclasses
import random

import pandas as pd
import pytest

from smaa_build.analyses.value import ingest, kept
from smaa_build.analyses.value import posts as po
from smaa_build.analyses.value import sentiment as se
from smaa_build.analyses.value import text_store
from smaa_build.spec import memo, segments
from smaa_build.spec.data import read_kind

WORDS = ["great", "awful", "late", "thanks", "love", "hate", "the", "flight", "bag", "crew", "@Heron", "RT @x:"]
OPTS = po.PostsOptions(brand_accounts={"Heron": ["heron"]}, entity="mention_in_text", timezone="UTC")


def _csv(n: int) -> str:
    rng = random.Random(3)
    rows = ["post_id,created_at,text,brand"]
    for i in range(n):
        text = " ".join(rng.choice(WORDS) for _ in range(6))
        rows.append(f"{10**17 + i % (n - 7)},2024-04-{1 + i % 28:02d}T10:{i % 60:02d}:00+00:00,{text} {i % 97},Heron")
    return "\n".join(rows) + "\n"  # a few ids repeat: de-duplication spans segments


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setattr(segments, "LINES_PER_SEGMENT", 16)
    monkeypatch.setattr(segments, "MIN_LINES", 4)
    monkeypatch.setattr(memo, "MIN_BYTES", 0)
    monkeypatch.setattr(ingest, "_LAST", [])


def _prepared(path, cache):
    ingest._LAST.clear()  # the in-process reuse would hide what is read from disk
    raw, _ = read_kind("posts", path, {}, cache_dir=cache)
    return ingest.prepare(raw, dataclasses.replace(OPTS, cache_dir=cache))


def _fresh(path, store):
    ingest._LAST.clear()
    raw, _ = read_kind("posts", path, {})
    return ingest.prepare(raw, dataclasses.replace(OPTS, cache_dir=store))


def _same(a, b):
    pd.testing.assert_frame_equal(a[0], b[0])
    assert {k: v for k, v in a[1].__dict__.items() if k != "conflicts"} == \
        {k: v for k, v in b[1].__dict__.items() if k != "conflicts"}
    pd.testing.assert_frame_equal(a[1].conflicts, b[1].conflicts)


def test_kept_and_re_ingested_posts_equal_a_fresh_ingestion(tmp_path, small, monkeypatch):
    path = tmp_path / "posts.csv"
    text = _csv(1500)
    path.write_text(text)
    cache = tmp_path / "cache"
    first = _prepared(path, cache)
    assert len(list(cache.glob(f"{kept.ANSWERS_PREFIX}*.arrow"))) > 20
    assert len(list(cache.glob(f"{kept.PARTS_PREFIX}*.arrow"))) > 20
    assert not list(cache.glob(f"{kept.INGEST_PREFIX}*"))  # put together from the parts: no copy of every post
    _same(first, _fresh(path, tmp_path / "fresh"))
    with monkeypatch.context() as m:  # read back: neither de-duplicated nor attributed again
        m.setattr(ingest, "_first_of_each_id", lambda *a: pytest.fail("de-duplicated again"))
        m.setattr(ingest, "_attribute", lambda *a: pytest.fail("attributed again"))
        _same(_prepared(path, cache), first)

    scored, featured, asked = [], [], []
    real_score, real_features, real_answers = se.score_unique, po._features_chunk, text_store.answers
    with monkeypatch.context() as m:
        m.setattr(se, "score_unique", lambda t, p=None: scored.extend(t) or real_score(t, p))
        m.setattr(po, "_features_chunk", lambda t, **k: featured.extend(t) or real_features(t, **k))
        m.setattr(text_store, "answers", lambda t, *a: asked.append(len(t)) or real_answers(t, *a))
        path.write_text(text.replace(" 5,Heron\n", " 5 edited,Heron\n", 1))
        before = set(cache.iterdir())
        edited = _prepared(path, cache)
    written = sorted(p.name.split("-")[0] for p in set(cache.iterdir()) - before if p.suffix == ".arrow")
    assert written == ["answers", "ingest", "ingest", "segment"]  # one segment, its answers and part; the dedupe
    assert len(scored) == len(featured) == 1 and scored[0].endswith(" 5 edited")
    assert len(asked) == 2 and max(asked) < 200  # the edited segment's texts only (not the table's 1,500)
    _same(edited, _fresh(path, tmp_path / "fresh2"))


def test_a_cold_table_is_answered_in_batches_of_rows(tmp_path, small, monkeypatch):
    monkeypatch.setattr(kept, "BATCH_ROWS", 200)
    path = tmp_path / "posts.csv"
    path.write_text(_csv(1500))
    asked = []
    real_answers = text_store.answers
    with monkeypatch.context() as m:
        m.setattr(text_store, "answers", lambda t, *a: asked.append(len(t)) or real_answers(t, *a))
        batched = _prepared(path, tmp_path / "cache")
    assert len(asked) >= 2 * 7 and max(asked) < 400  # features and scores, per batch of ~200 rows
    _same(batched, _fresh(path, tmp_path / "fresh"))


def test_parts_with_a_language_column_and_a_new_duplicate_equal_a_fresh_ingestion(tmp_path, small):
    """The parts' tallies minus the rows de-duplication drops give the counts of the whole table: with the export's
    language column (und left to the identifier), posts without a brand, and an edit that repeats an earlier id."""
    rng = random.Random(5)
    rows = ["post_id,created_at,text,brand,language"]
    for i in range(1200):
        text = " ".join(rng.choice(WORDS) for _ in range(5)) + f" {i % 89}"
        brand = rng.choice(["Heron", "Kite", ""])
        rows.append(f"{10**17 + i % 1190},2024-05-{1 + i % 28:02d}T09:{i % 60:02d}:00+00:00,{text},{brand},"
                    f"{rng.choice(['en', 'en', 'fr', 'und', ''])}")
    path = tmp_path / "posts.csv"
    path.write_text("\n".join(rows) + "\n")
    cache = tmp_path / "cache"
    first = _prepared(path, cache)
    assert len(list(cache.glob(f"{kept.PARTS_PREFIX}*.arrow"))) > 20
    assert first[1].rows_dropped == 10 and first[1].n_language_column_und > 0 and first[1].excluded_languages
    _same(first, _fresh(path, tmp_path / "fresh"))
    line = rows[700].split(",", 1)
    rows[700] = f"{10**17 + 3}," + line[1]  # now repeats the id of row 4: dropped, and counted out of its part
    path.write_text("\n".join(rows) + "\n")
    edited = _prepared(path, cache)
    assert edited[1].rows_dropped == 11
    _same(edited, _fresh(path, tmp_path / "fresh2"))


def test_a_table_read_whole_keeps_its_ingested_posts(tmp_path, small):
    """A large file that is not read in segments (Parquet) keeps what ingestion gave for it whole, and a rebuild
    reads that back."""
    import io

    path = tmp_path / "posts.parquet"
    pd.read_csv(io.StringIO(_csv(600)), dtype=str).to_parquet(path, index=False)
    cache = tmp_path / "cache"
    first = _prepared(path, cache)
    assert not list(cache.glob(f"{segments.PREFIX}*")) and not list(cache.glob(f"{kept.PARTS_PREFIX}*"))
    assert len(list(cache.glob(f"{kept.INGEST_PREFIX}*.arrow"))) == 2  # the posts and their conflicts table
    _same(first, _fresh(path, tmp_path / "fresh"))
    _same(_prepared(path, cache), first)


def test_memory_is_handed_back_after_a_cold_pass_only(tmp_path, small, monkeypatch):
    """After computing parts or answers for many rows (a cold pass) the C library's free heap is handed back to the
    system; neither a rebuild that computes nothing nor an edit's few rows call it."""
    calls = []
    monkeypatch.setattr(memo, "give_back_memory", lambda: calls.append(1))
    monkeypatch.setattr(kept, "TRIM_ROWS", 300)
    path = tmp_path / "posts.csv"
    text = _csv(600)
    path.write_text(text)
    cache = tmp_path / "cache"
    _prepared(path, cache)
    assert calls
    calls.clear()
    _prepared(path, cache)
    path.write_text(text.replace(" 5,Heron\n", " 5 edited,Heron\n", 1))
    _prepared(path, cache)
    assert not calls
