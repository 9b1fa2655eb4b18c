"""Ingestion of the posts table: timestamps, de-duplication, flags, entity resolution, language."""

import numpy as np
import pandas as pd
import pytest

from smaa_build.analyses.value import ingest, posts as po
from smaa_build.errors import AnalysisError

ACCOUNTS = {"JetBlue": ["jetblue"], "Delta": "@Delta", "United": ["united"]}


def frame(**cols):
    base = {"post_id": ["1", "2", "3"], "created_at": ["2015-02-16 23:36:05 -0800"] * 3,
            "text": ["@united late again", "@JetBlue thanks!", "love it"], "brand": ["United", "Delta", "Delta"]}
    base.update(cols)
    return pd.DataFrame(base)


def test_timestamps_with_offsets_to_utc_and_local_dates():
    values = pd.Series(["2015-02-16 23:36:05 -0800", "2026-03-02T09:15:00+01:00", "2026-03-02T08:15Z"])
    utc = po.parse_created_at(values)
    assert utc.dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2015-02-17 07:36", "2026-03-02 08:15", "2026-03-02 08:15"]
    assert po.local_dates(utc, "America/Los_Angeles").dt.strftime("%Y-%m-%d").tolist()[0] == "2015-02-16"
    assert po.local_dates(utc, "UTC").dt.strftime("%Y-%m-%d").tolist()[0] == "2015-02-17"


def test_naive_timestamps_need_a_declared_timezone():
    with pytest.raises(AnalysisError, match="declares no `timezone:`"):
        po.parse_created_at(pd.Series(["2026-03-02 09:15:00"]))
    utc = po.parse_created_at(pd.Series(["2026-03-02 09:15:00", "2026-07-02 09:15:00"]), "Europe/Rome")
    assert utc.dt.hour.tolist() == [8, 7]  # CET then CEST


def test_offsets_win_over_declared_timezone_and_dst_edges():
    utc = po.parse_created_at(pd.Series(["2026-03-02T09:15:00-05:00", "2026-10-25 02:30:00", "2026-03-29 02:30:00"]),
                              "Europe/Rome")
    assert utc.iloc[0].hour == 14
    assert utc.iloc[1] == pd.Timestamp("2026-10-25 00:30", tz="UTC")  # ambiguous hour: first occurrence (CEST)
    assert utc.iloc[2] == pd.Timestamp("2026-03-29 01:00", tz="UTC")  # spring gap: shifted forward to 03:00 CEST


def test_datetime_columns_accepted():
    aware = pd.Series(pd.to_datetime(["2026-03-02T09:15:00+01:00"]))
    assert po.parse_created_at(aware).iloc[0].hour == 8
    naive = pd.Series(pd.to_datetime(["2026-03-02 09:15:00"]))
    assert po.parse_created_at(naive, "UTC").iloc[0].hour == 9


def test_deduplicate_counts():
    df = pd.DataFrame({"post_id": ["a", "a", "b", "b", "b", "c"], "text": ["x", "x", "y", "z", "y", "w"]})
    kept, counts = po.deduplicate(df)
    assert kept["text"].tolist() == ["x", "y", "w"]  # first occurrence in file order
    assert counts == {"duplicated_ids": 3, "ids_with_duplicates": 2, "duplicate_rows": 2, "rows_dropped": 3,
                      "ids_other_content": 1, "rows_other_content": 1}  # b: "z" is another post under the same id


def test_deduplicate_counts_other_content_in_any_contract_column():
    """As `smaa check` warns: a repeat differing only in brand (an NA first value included) is other content;
    a column outside the posts contract is not read."""
    df = pd.DataFrame({"post_id": ["a", "a", "a", "b", "b", None, None], "text": ["x"] * 7,
                       "brand": [None, "B", None, "C", "C", "D", "E"], "note": ["1", "2", "3", "4", "5", "6", "7"]})
    counts = po.deduplicate(df)[1]
    assert (counts["ids_other_content"], counts["rows_other_content"]) == (1, 1)


def test_deduplicate_agrees_with_pandas_duplicated():
    rng = np.random.default_rng(3)
    for _ in range(30):
        n = int(rng.integers(0, 60))
        ids = pd.Series(rng.choice(["a", "b", "c", "d", None], n), dtype="string")
        df = pd.DataFrame({"post_id": ids, "text": rng.choice(["x", "y"], n)})
        kept, counts = po.deduplicate(df)
        dup = ids.duplicated(keep="first")
        assert kept.index.tolist() == df.index[~dup].tolist()
        first = df.dropna(subset=["post_id"]).groupby("post_id")["text"].transform("first")
        other = df.loc[first.index, "text"] != first  # reference: another text than the id's first row (the
        # only other column, post_id, is the key)
        assert counts == {"duplicated_ids": int(dup.sum()), "ids_with_duplicates": int(ids[dup].nunique()),
                          "duplicate_rows": int(df.duplicated(keep="first").sum()), "rows_dropped": int(dup.sum()),
                          "ids_other_content": int(df.loc[other[other].index, "post_id"].nunique()),
                          "rows_other_content": int(other.sum())}


def test_retweet_and_brand_author_flags():
    df = pd.DataFrame({"text": ["RT @jetblue: fleet on fleek", " RT @x hi", "not RT @y", "rt @z"],
                       "author_id": ["JetBlue", "@United", "bob", "amy"]})
    assert po.retweet_flag(df).tolist() == [True, True, False, False]
    assert po.brand_author_flag(df, ["@jetblue", "united"]).tolist() == [True, True, False, False]
    given = df.assign(is_retweet=["false", "yes", None, "1"])
    assert po.retweet_flag(given).tolist() == [False, True, False, True]  # missing values fall back to the prefix


def test_to_bool():
    assert po.to_bool(pd.Series(["TRUE", "no", "1", "0", "maybe"])).tolist()[:4] == [True, False, True, False]
    assert po.to_bool(pd.Series(["maybe"])).isna().all()


def test_handle_map_forms():
    assert po.handle_map(ACCOUNTS) == {"jetblue": "JetBlue", "delta": "Delta", "united": "United"}
    assert po.handle_map(["@JetBlue", "virginamerica"], ["JetBlue", "Virgin America"]) == {
        "jetblue": "JetBlue", "virginamerica": "Virgin America"}
    assert po.handle_map(None) == {}


def test_mentioned_brand_first_handle_whole_word():
    text = pd.Series(["@JetBlue vs @united", "@unitedairlines hi", "mail a@united.com", "nothing", "@DELTA!"])
    out = po.mentioned_brand(text, po.handle_map(ACCOUNTS))
    assert out.tolist()[:2] == ["JetBlue", pd.NA] or out.iloc[0] == "JetBlue"
    assert out.iloc[0] == "JetBlue" and pd.isna(out.iloc[1]) and pd.isna(out.iloc[2]) and pd.isna(out.iloc[3])
    assert out.iloc[4] == "Delta"


def test_entity_resolution_and_conflict_matrix():
    df = frame()
    mentioned = po.mentioned_brand(df["text"], po.handle_map(ACCOUNTS))
    assert po.resolve_entity(df, "brand_field", mentioned).tolist() == ["United", "Delta", "Delta"]
    assert po.resolve_entity(df, "mention_in_text", mentioned).tolist() == ["United", "JetBlue", "Delta"]
    assert po.resolve_entity(df, "brand_field", mentioned, {"Delta": "JetBlue"}).tolist() == ["United", "JetBlue",
                                                                                             "JetBlue"]
    cm = po.conflict_matrix(df["brand"], mentioned)
    assert cm.to_dict("records") == [
        {"brand_field": "Delta", "mentioned_brand": "(none)", "n": 1, "conflict": False},
        {"brand_field": "Delta", "mentioned_brand": "JetBlue", "n": 1, "conflict": True},
        {"brand_field": "United", "mentioned_brand": "United", "n": 1, "conflict": False},
    ]
    with pytest.raises(AnalysisError, match="value.entity"):
        po.resolve_entity(df, "guess", mentioned)


def test_other_language_identifier():
    texts = pd.Series([
        "@united the flight was late and nobody told us why",
        "Il volo è in ritardo di due ore, grazie mille per niente",
        "El vuelo llegó tarde y no hay información para los pasajeros",
        "飛行機が遅れました。本当に最悪です",
        "@united tried other flight options as per weblink, non available for next 2 days",
        "@AmericanAir you're almost as bad as @united",
        "ok 👍",
    ])
    # "ok 👍" is too short to identify: kept (language.SHORT)
    assert po.other_language(texts, "en").tolist() == [False, True, True, True, False, False, False]
    assert po.other_language(texts, "it").tolist() == [True, False, True, True, True, True, False]


def test_prepare_counts_and_exclusions():
    df = pd.DataFrame({
        "post_id": ["1", "2", "2", "3", "4", "5"],
        "created_at": ["2015-02-16 23:36:05 -0800"] * 5 + ["garbage"],
        "text": ["@united late", "RT @jetblue: wow", "RT @jetblue: wow", "Il volo è in ritardo di due ore, grazie",
                 "@JetBlue our fleet is on fleek", "@united hello"],
        "brand": ["United", "Delta", "Delta", "United", "Delta", "United"],
        "author_id": ["a", "b", "b", "c", "JetBlue", "d"],
    })
    opts = po.PostsOptions(bin_timezone="America/Los_Angeles", entity="mention_in_text", brand_accounts=ACCOUNTS,
                           retweets="exclude")
    out, rep = ingest.prepare(df, opts)
    assert (rep.n_rows, rep.duplicated_ids, rep.duplicate_rows, rep.rows_dropped) == (6, 1, 1, 1)
    assert rep.excluded == {"bad_timestamp": 1, "other_language": 1, "brand_author": 1, "retweet": 1}
    assert rep.n_used == 1 and out["post_id"].tolist() == ["1"]
    assert out["date"].iloc[0] == pd.Timestamp("2015-02-16")
    assert rep.n_conflicts == 2  # "2" and "4": Delta rows mentioning @JetBlue
    assert rep.n_retweets == 1 and rep.n_brand_author == 1 and rep.n_other_language == 1


def test_prepare_without_dedupe_keeps_rows_but_counts():
    df = frame(post_id=["1", "1", "2"])
    out, rep = ingest.prepare(df, po.PostsOptions(dedupe=False, brand_posts="include"))
    assert len(out) == 3 and rep.duplicated_ids == 1 and rep.rows_dropped == 0


def test_prepare_errors():
    with pytest.raises(AnalysisError, match="missing required"):
        ingest.prepare(pd.DataFrame({"post_id": ["1"], "text": ["x"]}))
    with pytest.raises(AnalysisError, match="no post left"):
        ingest.prepare(frame(created_at=["bad"] * 3))


def test_parse_keeps_a_repeated_index():
    values = pd.Series(["2026-03-02 09:15:00", "2026-03-02T09:15:00+01:00", "x"], index=[7, 7, 3])
    out = po.parse_created_at(values, "UTC")
    assert out.index.tolist() == [7, 7, 3]
    assert out.iloc[0].hour == 9 and out.iloc[1].hour == 8 and pd.isna(out.iloc[2])


FEATURE_TEXTS = pd.Series(["@united late again", "RT @JetBlue: wow", "Il volo è in ritardo di due ore, grazie mille",
                           "@Delta @united both bad", "nothing here"] * 40)


def test_text_features_answers_and_parallel_equals_serial(monkeypatch):
    monkeypatch.setattr(po.se.parallel, "CHUNK", 30)  # 7 chunks over 2 workers, concatenated in order
    handles = ["delta", "jetblue", "united"]
    serial = po.text_features(FEATURE_TEXTS, handles, "en", processes=1)
    assert serial["handle"][:5].tolist() == [2, 1, -1, 0, -1]
    assert serial["retweet"][:5].tolist() == [False, True, False, False, False]
    assert serial["language"][:5].tolist() == ["en", "en", "it", "en", "en"]
    parallel = po.text_features(FEATURE_TEXTS, handles, "en", processes=2)
    assert all(np.array_equal(serial[k], parallel[k]) for k in po.FEATURES)


def test_text_features_cache_hit_key_and_corrupt_entry(tmp_path, monkeypatch):
    calls = []
    real = po._features_chunk
    monkeypatch.setattr(po, "_features_chunk", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = po.text_features(FEATURE_TEXTS, ["united"], "en", tmp_path)
    again = po.text_features(FEATURE_TEXTS, ["united"], "en", tmp_path)
    assert len(calls) == 1 and all(np.array_equal(first[k], again[k]) for k in po.FEATURES)
    po.text_features(FEATURE_TEXTS, ["united", "jetblue"], "en", tmp_path)  # another question: computed
    po.text_features(FEATURE_TEXTS, ["united"], "it", tmp_path)
    assert len(calls) == 3 and len(list(tmp_path.glob("texts-k1-features-*.npz"))) == 3
    for path in tmp_path.glob("texts-k1-features-*.npz"):
        path.write_bytes(b"truncated")
    assert po.text_features(FEATURE_TEXTS, ["united"], "en", tmp_path)["handle"][0] == 0 and len(calls) == 4


def test_prepare_reads_features_from_the_cache(tmp_path):
    df = frame()
    opts = po.PostsOptions(brand_accounts=ACCOUNTS, entity="mention_in_text", cache_dir=tmp_path)
    cold, _ = ingest.prepare(df, opts)
    warm, _ = ingest.prepare(df, opts)
    assert len(list(tmp_path.glob("texts-k1-features-*.npz"))) == 1
    pd.testing.assert_frame_equal(cold, warm)
    assert cold["entity"].tolist() == ["United", "JetBlue", "Delta"]
