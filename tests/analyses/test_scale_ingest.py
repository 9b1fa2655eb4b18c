"""Columnar ingestion (issue 15): a clean CSV is read by pyarrow with the same strings the row-by-row reader gives,
anything unusual still goes the careful way (located messages unchanged), and Parquet posts read like CSV posts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from smaa_build.spec import columnar, reader
from smaa_build.spec.data import read_kind

TRICKY = ('\ufeffid;published;message;brand\r\n'
          '1;2024-04-01T00:12:54+02:00;"RT @a: ""quoted"" and; a delimiter";Heron\r\n'
          '2;2024-04-02T10:00:00+02:00;"two\r\nlines, and ünïcode 👍";  Heron  \r\n'
          '\r\n'
          '3;2024-04-03T10:00:00+02:00;;Heron\r\n')


def _careful(text: str, delimiter: str) -> pd.DataFrame:
    df, problems = reader._read_csv(text, delimiter, "posts.csv", "data.posts")
    assert problems == []
    return df


def _file(tmp_path, raw: bytes) -> Path:
    (tmp_path / "posts.csv").write_bytes(raw)
    return tmp_path / "posts.csv"


def test_fast_path_reads_what_the_careful_path_reads(tmp_path):
    raw = TRICKY.encode("utf-8")
    fast = columnar.read_csv_fast(_file(tmp_path, raw), ";", "utf-8")
    assert fast is not None
    pd.testing.assert_frame_equal(fast, _careful(raw.decode("utf-8-sig"), ";"), check_dtype=False)
    assert fast["message"].tolist()[1] == "two\r\nlines, and ünïcode 👍"


@pytest.mark.parametrize("raw", [
    "id,text\n1,a\n2,b,c\n",                      # ragged: the careful path lists the rows
    "id,text\r1,a\r",                             # a carriage return alone
    "id,id\n1,2\n",                               # a repeated name: pandas renames it
    "id,\n1,2\n",                                 # an empty name: pandas calls it Unnamed: 1
    "id,text\n1,caf\xe9\n",                       # not UTF-8 (written below as latin-1)
    "id,text\n1," + "x" * (columnar.CSV_FIELD_LIMIT + 1) + "\n",  # a cell the csv module refuses
])
def test_unusual_files_go_the_careful_way(raw, tmp_path):
    path = _file(tmp_path, raw.encode("latin-1" if "\xe9" in raw else "utf-8"))
    assert columnar.read_csv_fast(path, ",", "utf-8") is None


def test_a_declared_other_encoding_goes_the_careful_way(tmp_path):
    assert columnar.read_csv_fast(_file(tmp_path, b"id,text\n1,a\n"), ",", "cp1252") is None


def test_a_lone_carriage_return_is_found_across_blocks(tmp_path, monkeypatch):
    monkeypatch.setattr(columnar, "SCAN", 4)
    crlf = _file(tmp_path, b"id,text\r\n1,abc\r\n2,d\r\n")  # a CRLF straddles a block edge
    assert columnar.read_csv_fast(crlf, ",", "utf-8")["text"].tolist() == ["abc", "d"]
    assert columnar.read_csv_fast(_file(tmp_path, b"id,text\r\n1,ab\rc\r\n"), ",", "utf-8") is None


def test_a_clean_posts_file_is_not_read_row_by_row(tmp_path, monkeypatch):
    path = tmp_path / "posts.csv"
    path.write_text(TRICKY, encoding="utf-8")
    monkeypatch.setattr(reader, "_ragged_rows", lambda *a: pytest.fail("a Python loop over rows"))
    df, problems = reader.read_raw(path, {}, "posts.csv", "data.posts")
    assert problems == [] and len(df) == 3


def _posts() -> pd.DataFrame:
    return pd.DataFrame({"post_id": ["1", "2", "3"],
                         "created_at": ["2024-04-01T00:12:54+02:00", "2024-04-02T10:00:00Z", "bad"],
                         "text": ["a", " b ", None], "brand": ["Heron"] * 3,
                         "is_brand_author": [True, False, None], "score": [0.5, -1.0, None]})


def test_parquet_posts_read_like_csv_posts(tmp_path):
    df = _posts()
    df.to_csv(tmp_path / "posts.csv", index=False)
    df.to_parquet(tmp_path / "posts.parquet", index=False)
    opts = {"timezone": "Europe/Rome"}
    from_csv, p_csv = read_kind("posts", tmp_path / "posts.csv", opts)
    from_parquet, p_parquet = read_kind("posts", tmp_path / "posts.parquet", opts)
    pd.testing.assert_frame_equal(from_parquet, from_csv)
    assert [p.message for p in p_parquet] == [p.message for p in p_csv] == [
        "expected an ISO-8601 timestamp, got 'bad'"]
    assert [(p.line, p.col) for p in p_parquet] == [(4, "created_at")]


def test_parquet_typed_columns_become_the_text_a_csv_holds(tmp_path):
    df = pd.DataFrame({"post_id": [1, 2], "created_at": pd.to_datetime(["2024-04-01 00:12:54", "2024-04-02 00:00:00"],
                                                                      utc=True),
                       "text": ["a", "b"], "is_brand_author": [True, False]})
    df.to_parquet(tmp_path / "posts.parquet", index=False)
    raw, problems = reader.read_raw(tmp_path / "posts.parquet", {}, "posts.parquet", "data.posts")
    assert problems == []
    assert raw.to_dict("list") == {"post_id": ["1", "2"], "text": ["a", "b"],
                                   "created_at": ["2024-04-01 00:12:54.000000Z", "2024-04-02 00:00:00.000000Z"],
                                   "is_brand_author": ["true", "false"]}
    typed, problems = read_kind("posts", tmp_path / "posts.parquet", {})
    assert problems == [] and str(typed["created_at"].iloc[0]) == "2024-04-01 00:12:54+00:00"


def test_a_damaged_parquet_file_is_located(tmp_path):
    (tmp_path / "posts.parquet").write_bytes(b"PAR1 not really")
    raw, problems = reader.read_raw(tmp_path / "posts.parquet", {}, "posts.parquet", "data.posts")
    assert raw is None and [p.message for p in problems] == [
        "cannot open as a Parquet file (ArrowInvalid); write it again as Parquet or export CSV"]


def test_value_and_resilience_ingest_the_case_posts_once(tmp_path, monkeypatch):
    from smaa_build.analyses.resilience import resilience
    from smaa_build.analyses.value import ingest, value
    from smaa_build.spec import load_case

    case = load_case(Path(__file__).resolve().parents[2] / "cases" / "gardenia", cache_dir=tmp_path)
    ingested, real = [], ingest._ingest
    monkeypatch.setattr(ingest, "_ingest", lambda *a: ingested.append(1) or real(*a))
    value.run(case)
    resilience.run(case)
    assert len(ingested) == 1


def test_a_frame_made_in_code_is_ingested_again_after_an_edit():
    from smaa_build.analyses.value import ingest, posts as po

    raw = pd.DataFrame({"post_id": ["1", "2"], "created_at": ["2024-04-01T10:00:00Z"] * 2,
                        "text": ["@heron great", "@heron awful"], "brand": ["Heron"] * 2})
    raw["created_at"] = pd.to_datetime(raw["created_at"], utc=True)
    opts = po.PostsOptions(language_check=False)
    assert len(ingest.prepare(raw, opts)[0]) == 2
    raw.loc[1, "post_id"] = "1"  # now a duplicate: one post
    assert len(ingest.prepare(raw, opts)[0]) == 1
