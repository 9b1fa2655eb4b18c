"""A large CSV read in content-defined segments (spec/segments.py, issue 15): the typed table is the one a whole read
gives, an edit re-types only the segment holding it, boundaries never split a quoted text, and any problem sends
the file the whole way (its located messages unchanged)."""

from __future__ import annotations

import io
import os
import random
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smaa_build.spec import memo, segments
from smaa_build.spec.data import read_kind

OPTS = {"columns": {"text": "message"}}
SAVED = (segments.LINES_PER_SEGMENT, segments.MIN_LINES, memo.MIN_BYTES)


def _posts(n: int, seed: int = 1, newline_every: int = 7) -> str:
    return "\n".join(["post_id,created_at,message,brand", *_records(n, seed, newline_every)]) + "\n"


def _records(n: int, seed: int = 1, newline_every: int = 7, first: int = 0) -> list[str]:
    rng = random.Random(seed)
    rows = []
    for i in range(first, first + n):
        text = f"post {rng.randrange(10**9)} about the spring range"
        if i % newline_every == 0:
            text = f'"{text}, with ""quotes""\nand a second line"'
        rows.append(f"{10**17 + i},2024-04-{1 + i % 28:02d}T10:{i % 60:02d}:00+02:00,{text},Heron")
    return rows


@pytest.fixture
def small(monkeypatch):
    """Segments of a few dozen lines, and every file large enough to be kept."""
    monkeypatch.setattr(segments, "LINES_PER_SEGMENT", 16)
    monkeypatch.setattr(segments, "MIN_LINES", 4)
    monkeypatch.setattr(memo, "MIN_BYTES", 0)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "posts.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_boundaries_do_not_depend_on_the_scan_size_and_never_split_a_quoted_text(small):
    data = _posts(3000).encode()
    cuts = segments.boundaries(memoryview(data))
    assert 30 < len(cuts) < 400
    assert segments.boundaries(memoryview(data), scan=1000) == segments.boundaries(memoryview(data), scan=77) == cuts
    for cut in cuts[:-1]:
        assert data[cut - 1:cut] == b"\n" and data[:cut].count(b'"') % 2 == 0
        assert data[cut:cut + 2] == b"10"  # the next record's id starts there, not a quoted text's second line


def test_an_edit_moves_no_boundary_away_from_it(small):
    data = _posts(3000).encode()
    at = data.index(b"\n", len(data) // 2) + 1
    edited = data[:at] + b"9" + data[at:]
    before, after = segments.boundaries(memoryview(data)), segments.boundaries(memoryview(edited))
    moved = set(after) - set(before) - {c + 1 for c in before if c > at}
    assert len(moved) <= 1 and len(after) >= len(before) - 1


def test_the_segmented_table_is_the_whole_table(tmp_path, small):
    path = _write(tmp_path, _posts(2000))
    whole, p1 = read_kind("posts", path, OPTS)
    cache = tmp_path / "cache"
    first, p2 = read_kind("posts", path, OPTS, cache_dir=cache)
    again, p3 = read_kind("posts", path, OPTS, cache_dir=cache)
    assert len(segments.entries(cache)) > 20  # really segmented, and kept
    for got in (first, again):
        pd.testing.assert_frame_equal(whole, got)
    assert p1 == p2 == p3 == [] and first.attrs["memo"] == again.attrs["memo"]
    assert again.attrs["file"] == whole.attrs["file"] and again.attrs["names"] == whole.attrs["names"]


def test_one_edited_post_re_types_one_segment(tmp_path, small, monkeypatch):
    text = _posts(2000)
    path = _write(tmp_path, text)
    cache = tmp_path / "cache"
    read_kind("posts", path, OPTS, cache_dir=cache)
    typed = []
    real = segments._parse
    monkeypatch.setattr(segments, "_parse", lambda *a: typed.append(1) or real(*a))
    whole_scans = []
    real_boundaries = segments.boundaries
    monkeypatch.setattr(segments, "boundaries", lambda *a, **k: whole_scans.append(1) or real_boundaries(*a, **k))
    for n, (old, new) in enumerate([("post ", "Post "), ("about the spring", "on the spring")], start=1):
        text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
        got, _ = read_kind("posts", path, OPTS, cache_dir=cache)
        assert len(typed) == n and got["text"].iloc[0].startswith("Post ")
        pd.testing.assert_frame_equal(got, read_kind("posts", path, OPTS)[0])
    assert not whole_scans  # the boundaries near the edits were found from the previous version's


def test_an_edit_read_from_another_working_folder_re_types_one_segment(tmp_path, small, monkeypatch):
    """The file is named relative to the working folder: a segment typed from another one joins the segments kept
    before, rather than sending the file the whole way."""
    text = _posts(2000)
    path = _write(tmp_path, text)
    cache = tmp_path / "cache"
    (tmp_path / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "a")
    read_kind("posts", Path(os.path.relpath(path)), OPTS, cache_dir=Path(os.path.relpath(cache)))
    monkeypatch.chdir(tmp_path / "a" / "b")
    path.write_text(text.replace("post ", "Post ", 1), encoding="utf-8")
    typed = []
    real = segments._parse
    monkeypatch.setattr(segments, "_parse", lambda *a: typed.append(1) or real(*a))
    got, _ = read_kind("posts", Path(os.path.relpath(path)), OPTS, cache_dir=Path(os.path.relpath(cache)))
    assert len(typed) == 1 and got.attrs.get("segments")


def test_an_edit_that_brings_a_lone_carriage_return_sends_the_file_the_whole_way(tmp_path, small):
    text = _posts(2000)
    path = _write(tmp_path, text)
    read_kind("posts", path, OPTS, cache_dir=tmp_path / "cache")
    path.write_bytes(text.replace("post ", "post\r", 1).encode())
    whole, problems = read_kind("posts", path, OPTS)
    kept, again = read_kind("posts", path, OPTS, cache_dir=tmp_path / "cache")
    pd.testing.assert_frame_equal(kept, whole)
    assert kept.attrs.get("segments") is None and again == problems


EDITS = st.lists(st.tuples(st.sampled_from(["replace", "insert", "delete", "append", "prepend"]),
                           st.floats(0, 1), st.integers(0, 50)), min_size=1, max_size=3)


@settings(max_examples=60, deadline=None)
@given(EDITS, st.integers(0, 99))
def test_boundaries_after_edits_are_those_a_whole_scan_finds(edits, seed):
    """Whatever is replaced, inserted or removed, and wherever: the boundaries found from the previous version's
    are those a scan of the whole edited file finds."""
    segments.LINES_PER_SEGMENT, segments.MIN_LINES = 16, 4
    try:
        rows = _records(900, seed)
        before = _cuts_and_keys(rows)
        for kind, where, n in edits:
            at = int(where * len(rows))
            extra = _records(1 + n, seed + 7, first=5000 + n)
            if kind == "replace":
                rows[at:at + 1 + n // 10] = extra[:1 + n // 10]
            elif kind == "insert":
                rows[at:at] = extra
            elif kind == "delete":
                del rows[at:at + 1 + n]
            else:
                rows = rows + extra if kind == "append" else extra + rows
        header, body = _file(rows)
        got = segments._after_edit(body, before, lambda a, b: segments._key(header, body[a:b], ""), ",")
        whole = segments.boundaries(body)
        assert got is None or got[0] == whole
        if got is not None and len(edits) == 1 and edits[0][0] == "replace":
            assert got[1][1] - got[1][0] < len(body) / 4  # only near the edit was scanned
    finally:
        segments.LINES_PER_SEGMENT, segments.MIN_LINES = SAVED[:2]


def _file(rows: list[str]) -> tuple[bytes, memoryview]:
    return b"post_id,created_at,message,brand\n", memoryview(("\n".join(rows) + "\n").encode())


def _cuts_and_keys(rows: list[str]) -> dict:
    header, body = _file(rows)
    cuts = segments.boundaries(body)
    return {"cuts": cuts, "segments": [segments._key(header, body[a:b], "") for a, b in zip([0, *cuts[:-1]], cuts)]}


def test_a_bad_cell_is_reported_as_by_the_whole_read(tmp_path, small):
    text = _posts(600).replace("2024-04-05T10:04:00+02:00", "2024-04-31T10:04:00+02:00", 1)
    path = _write(tmp_path, text)
    whole = read_kind("posts", path, OPTS)[1]
    kept = read_kind("posts", path, OPTS, cache_dir=tmp_path / "cache")[1]
    assert [str(p) for p in kept] == [str(p) for p in whole] == [
        f"{whole[0].file}:6:created_at: expected an ISO-8601 timestamp, got '2024-04-31T10:04:00+02:00' "
        "(April 2024 has 30 days)"]
    assert whole[0].file.endswith("posts.csv")
    assert not any(p.name.startswith(segments.INDEX) for p in segments.entries(tmp_path / "cache"))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_typing_segments_draws_a_bar_on_a_terminal_and_a_rebuild_none(tmp_path, small, monkeypatch):
    monkeypatch.setattr(segments, "PROGRESS_MIN_KB", 0)
    path = _write(tmp_path, _posts(3000))
    screen = _Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    read_kind("posts", path, OPTS, cache_dir=tmp_path / "cache")
    shown = screen.getvalue()
    assert "Reading posts.csv (" in shown and " segments)" in shown and "kB/s" in shown
    screen.seek(0), screen.truncate()
    read_kind("posts", path, OPTS, cache_dir=tmp_path / "cache")  # the unchanged file: its segments' index
    assert screen.getvalue() == ""


def test_a_large_file_of_another_kind_is_kept_whole_with_its_problems(tmp_path, small, monkeypatch):
    from smaa_build.spec import data

    frame = pd.DataFrame({"post_id": ["1", "2", "3"], "created_at": ["2024-04-01T10:00:00Z", "soon",
                                                                     "2024-04-02T10:00:00Z"],
                          "message": ["a", "b", "c"], "extra": ["x", "y", "z"]})
    path = tmp_path / "posts.parquet"
    frame.to_parquet(path, index=False)
    whole, problems = read_kind("posts", path, OPTS)
    reads = []
    real = data.read_raw
    monkeypatch.setattr(data, "read_raw", lambda *a: reads.append(1) or real(*a))
    first = read_kind("posts", path, OPTS, cache_dir=tmp_path / "cache")
    again = read_kind("posts", path, OPTS, cache_dir=tmp_path / "cache")
    assert len(reads) == 1  # the second read came from the kept table
    for df, found in (first, again):
        pd.testing.assert_frame_equal(df, whole)
        assert [str(p) for p in found] == [str(p) for p in problems] and len(problems) == 2  # bad cell, unread column
    frame.loc[1, "created_at"] = "2024-04-03T10:00:00Z"
    frame.to_parquet(path, index=False)
    fixed, found = read_kind("posts", path, OPTS, cache_dir=tmp_path / "cache")
    assert len(reads) == 2 and fixed["created_at"].notna().all() and len(found) == 1


def test_a_files_digest_is_remembered_only_once_its_time_stamp_can_tell_writes_apart(tmp_path):
    from smaa_build.spec import provenance

    path = _write(tmp_path, "post_id,text\n1,a\n")
    stamp = path.stat().st_mtime_ns
    first = provenance.sha256(path)
    path.write_text("post_id,text\n1,b\n", encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))  # a second write within the file system's time stamp granularity
    assert provenance.sha256(path) != first  # written just now: hashed again, not remembered
    old = stamp - 10 * provenance.RACY_NS
    os.utime(path, ns=(old, old))
    settled = provenance.sha256(path)
    path.write_text("post_id,text\n1,c\n", encoding="utf-8")
    assert provenance.sha256(path) != settled  # a new time stamp: hashed again


def test_a_quote_inside_an_unquoted_value_sends_the_file_the_whole_way(tmp_path, small):
    lines = _posts(600).split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("1") and '"' not in line and i > 100)
    lines[at] = lines[at].replace(",post ", ',a 5" screen post ', 1)  # a quote inside an unquoted value
    path = _write(tmp_path, "\n".join(lines))
    assert segments.boundaries(memoryview(path.read_bytes())) is None
    whole, problems = read_kind("posts", path, OPTS)
    kept, again = read_kind("posts", path, OPTS, cache_dir=tmp_path / "cache")
    pd.testing.assert_frame_equal(kept, whole)
    assert whole["text"].str.contains('5" screen', regex=False).sum() == 1 and again == problems
    assert not any(p.name.startswith(segments.PREFIX) for p in (tmp_path / "cache").iterdir())


def test_quotes_that_open_close_or_double_are_not_stray():
    data = b'id,text\n1,"say ""hi"", then\nleave"\n2,"a"\n3,plain\n'
    assert segments.boundaries(memoryview(data)) == [len(data)]


TEXT_PIECES = ["great", "late again", "RT @heron:", ",", '"', '""', "\n", "\r\n", " ", "👍", "é", "a,b", "@Heron"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(TEXT_PIECES), max_size=6), min_size=40, max_size=160), st.integers(0, 99))
def test_any_clean_file_reads_the_same_in_segments_as_whole(tmp_path_factory, texts, seed):
    """Random texts with delimiters, doubled quotes and line breaks inside quoted values (as an export writes
    them): whatever the boundaries, the segments give the whole read's table, or the file goes the whole way."""
    segments.LINES_PER_SEGMENT, segments.MIN_LINES, memo.MIN_BYTES = 4, 2, 0
    try:
        rows = ["post_id,created_at,message,brand"]
        for i, pieces in enumerate(texts):
            text = "".join(pieces).replace('"', '""')
            rows.append(f'{seed * 1000 + i},2024-04-0{1 + i % 9}T10:00:00Z,"{text}",Heron')
        folder = tmp_path_factory.mktemp("seg")
        path = folder / "posts.csv"
        path.write_bytes(("\n".join(rows) + "\n").encode("utf-8"))
        whole, p1 = read_kind("posts", path, OPTS)
        kept, p2 = read_kind("posts", path, OPTS, cache_dir=folder / "cache")
        pd.testing.assert_frame_equal(kept, whole)
        assert [str(p) for p in p1] == [str(p) for p in p2]
        assert len(list((folder / "cache").glob(f"{segments.PREFIX}*.arrow"))) >= 2  # really read in segments
    finally:
        segments.LINES_PER_SEGMENT, segments.MIN_LINES, memo.MIN_BYTES = SAVED
