"""Ingestion kept between builds (analyses/value/kept.py, issue 15): the posts a rebuild reads back, and the posts an
edit re-ingests from the answers kept per segment, are the posts a fresh ingestion gives, and an edited post is the
only text looked up again."""

from __future__ import annotations

import dataclasses
import random
import sys

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


def test_an_edit_that_keeps_every_id_keeps_the_previous_de_duplication(tmp_path, small, monkeypatch):
    """De-duplication reads every id and the rest of repeated ids' rows only: an edit of another row's text reuses
    the previous version's; an edit that makes a repeated id's row identical to its first computes it again (one
    more identical row)."""
    path = tmp_path / "posts.csv"
    text = _csv(1500)  # ids of rows 0-6 repeat in rows 1493-1499
    path.write_text(text)
    cache = tmp_path / "cache"
    _prepared(path, cache)
    calls = []
    real = ingest._first_of_each_id
    monkeypatch.setattr(ingest, "_first_of_each_id", lambda *a: calls.append(1) or real(*a))
    path.write_text(text.replace(" 50,Heron\n", " 50 edited,Heron\n", 1))
    edited = _prepared(path, cache)
    assert calls == [] and edited[1].duplicate_rows == 0
    _same(edited, _fresh(path, tmp_path / "fresh"))
    calls.clear()
    _same(_prepared(path, cache), edited)  # kept under the edited version's own key too
    assert calls == []

    lines = path.read_text().splitlines(keepends=True)
    assert lines[1 + 1498].split(",")[0] == lines[1 + 5].split(",")[0]
    lines[1 + 1498] = lines[1 + 5]
    path.write_text("".join(lines))
    repeated = _prepared(path, cache)
    assert calls == [1] and repeated[1].duplicate_rows == 1
    _same(repeated, _fresh(path, tmp_path / "fresh2"))


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
    system; neither a rebuild that computes nothing nor an edit's few rows call it (prepare's own hand-back of a
    large table's copies is left out here)."""
    calls = []
    monkeypatch.setattr(memo, "give_back_memory", lambda: calls.append(1))
    monkeypatch.setattr(kept, "TRIM_ROWS", 300)
    monkeypatch.setattr(ingest, "_large", lambda raw: False)
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


def _mapped_arrow_rss() -> int:
    """kB of the process's resident memory that are pages of mapped .arrow files (Linux's /proc/self/smaps)."""
    total, arrow = 0, False
    for line in open("/proc/self/smaps", encoding="utf-8", errors="replace"):
        head = line.split()
        if head and "-" in head[0] and len(head) >= 5 and ":" in head[3]:  # a mapping's first line
            arrow = len(head) >= 6 and head[5].endswith(".arrow")
        elif arrow and head and head[0] == "Rss:":
            total += int(head[1])
    return total


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/smaps and madvise are Linux's")
def test_a_large_tables_mapped_pages_are_let_go_after_prepare(tmp_path, small, monkeypatch):
    """Preparing a large table leaves none of the kept files' pages it read in the process's memory (they are read
    back on next touch), and gives the posts a table below the size gives."""
    path = tmp_path / "posts.csv"
    path.write_text(_csv(600))
    cache = tmp_path / "cache"
    _prepared(path, cache)  # kept
    raw, _ = read_kind("posts", path, {}, cache_dir=cache)  # held, and with it the mapped files

    def prepared():
        ingest._LAST.clear()
        return ingest.prepare(raw, dataclasses.replace(OPTS, cache_dir=cache))

    below = prepared()
    assert _mapped_arrow_rss() > 0  # a small table's kept pages stay: nothing is worth handing back
    monkeypatch.setattr(kept, "TRIM_ROWS", 300)
    large = prepared()
    assert _mapped_arrow_rss() == 0
    _same(large, below)
    assert raw["text"].str.len().sum() > 0 and _mapped_arrow_rss() > 0  # read back from the files on next touch


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/smaps and madvise are Linux's")
def test_released_pages_of_a_kept_table_are_read_back_unchanged(tmp_path):
    """release_mapped drops the touched pages of a kept table from the process, and the table reads the same after."""
    import numpy as np

    values = np.random.default_rng(5).random(1 << 19)  # 4 MiB: many pages
    memo.store(tmp_path / "t", pd.DataFrame({"x": values}), {})
    table, _facts = memo.fetch_table(tmp_path / "t")
    assert float(table.column("x").to_numpy().sum()) == float(values.sum())  # every page touched
    assert _mapped_arrow_rss() >= 4096
    assert memo.release_mapped() >= 4 << 20
    assert _mapped_arrow_rss() == 0
    np.testing.assert_array_equal(table.column("x").to_numpy(), values)
