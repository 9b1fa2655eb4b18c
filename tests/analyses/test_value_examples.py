"""value.examples: which posts are quoted (deterministically), and that they are scrubbed, screened for special
categories and can be turned off."""

from types import SimpleNamespace

import numpy as np
import pandas as pd

from smaa_build.analyses.value import examples as ve


def posts() -> pd.DataFrame:
    texts = ["@united thanks for nothing, great job losing my bag again", "@united lovely crew and smooth flight home",
             "@united I hate how much I love this airline, best crew ever", "@united my doctor says I cannot fly now",
             "@united call me at +1 (415) 555-0100 or mail jo.doe@example.com http://t.co/x @someone",
             "@delta rows in the wrong brand field, long enough to be quoted here",
             "🙏🙏🙏🙏 best ever 😢😢😢😢"]
    return pd.DataFrame({
        "post_id": [f"p{i}" for i in range(len(texts))], "text": texts,
        "date": pd.to_datetime(["2015-02-17"] * len(texts)),
        "entity": ["United"] * 5 + ["JetBlue", "United"], "brand": ["United"] * 5 + ["Delta", "United"],
        "mentioned_brand": ["United"] * 5 + ["JetBlue", "United"],
        "label": ["negative", "positive", "positive", "negative", "negative", "neutral", "positive"],
        "label_confidence": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        "score": [0.9, -0.6, -0.8, 0.7, 0.8, 0.0, -0.9]})


def setup(**spec) -> SimpleNamespace:
    return SimpleNamespace(spec={"brand_accounts": {"United": "united"}, "quotes": True, **spec}, scorer="vader",
                           design="cross_section")


def test_misread_picks_the_strongest_contradictions_and_skips_sensitive_and_emoji_posts():
    t = ve.examples(setup(), posts(), pd.DataFrame(), None)
    misread = [r for r in t.rows if r["kind"] == "misread"]
    # negative read as positive, strongest first: p4 (0.8) and p0 (0.9) -> p0 then p4; p3 mentions a doctor
    assert [r["score"] for r in misread] == [0.9, 0.8, -0.8]
    assert all("doctor" not in r["text"] and "🙏" not in r["text"] for r in t.rows)
    assert [r["human"] for r in misread] == ["negative", "negative", "positive"]


def test_quoted_text_is_scrubbed_with_the_brand_accounts_kept():
    t = ve.examples(setup(), posts(), pd.DataFrame(), None)
    text = next(r["text"] for r in t.rows if "call me" in r["text"])
    assert text == "@united call me at <phone> or mail <email> <url> @user"


def test_conflicts_quote_the_largest_brand_field_mismatch():
    t = ve.examples(setup(), posts(), pd.DataFrame(), None)
    conflict = [r for r in t.rows if r["kind"] == "conflict"]
    assert len(conflict) == 1 and conflict[0]["brand"] == "JetBlue" and conflict[0]["score"] is None


def test_quotes_are_off_unless_the_case_opts_in():
    assert ve.examples(setup(quotes=False), posts(), pd.DataFrame(), None).rows == []
    spec = setup().spec
    spec.pop("quotes", None)
    assert ve.examples(SimpleNamespace(**{**vars(setup()), "spec": spec}), posts(), pd.DataFrame(), None).rows == []


def test_time_series_quotes_the_lowest_and_highest_period():
    p = posts().assign(date=pd.to_datetime(["2015-01-10"] * 3 + ["2015-02-10"] * 4), label=np.nan)
    series = pd.DataFrame({"period": ["2015-01", "2015-02"],
                           "period_start": pd.to_datetime(["2015-01-01", "2015-02-01"]),
                           "period_end": pd.to_datetime(["2015-01-31", "2015-02-28"]), "smi": [0.2, -0.1]})
    s = SimpleNamespace(spec={"brand_accounts": ["united"], "quotes": True}, scorer="vader", design="time_series")
    t = ve.examples(s, p.drop(columns=["label"]), series, None)
    low = [r for r in t.rows if r["kind"] == "low_period"]
    high = [r for r in t.rows if r["kind"] == "high_period"]
    assert [r["period"] for r in low] == ["2015-02"] * 2 and [r["score"] for r in low] == [0.0, 0.8]
    assert [(r["period"], r["score"]) for r in high] == [("2015-01", 0.9)]


def test_the_ranked_screen_picks_the_rows_of_screening_everything_first():
    """_take_quotable screens only the head of the ranking (issue 15 item 3); on random posts, with ties, repeated
    texts and mostly unquotable heads, it must return the rows that filtering every post first returns."""
    rng = np.random.default_rng(7)
    pool = ["short", "my doctor was rude to me on this flight today", "🙏🙏🙏 nothing but symbols here 😢😢😢",
            "a perfectly quotable sentence about the flight", "another plain sentence that can be quoted here"]
    for trial in range(200):
        n = int(rng.integers(0, 60))
        df = pd.DataFrame({"post_id": [f"p{i:03d}" for i in rng.permutation(n)],
                           "text": rng.choice(pool, n, p=[0.4, 0.3, 0.2, 0.05, 0.05]) if n else [],
                           "s": rng.integers(0, 5, n).astype(float)})
        k = int(rng.integers(1, 4))
        for asc in (True, False):
            expected = ve._take(df[ve.quotable(df["text"])], "s", asc, k)
            got = ve._take_quotable(df, "s", asc, k)
            assert got.index.tolist() == expected.index.tolist(), (trial, asc)


def test_the_distinct_ranked_screen_picks_the_rows_of_screening_everything_first():
    """extremes() screens only the head of the score ranking (issue 15): on random posts with repeated scores (one
    quote per score), missing scores and mostly unquotable heads, it must quote the rows that screening every post,
    then keeping the first post of each score, quotes."""
    rng = np.random.default_rng(11)
    pool = ["short", "my doctor was rude to me on this flight today", "🙏🙏🙏 nothing but symbols here 😢😢😢",
            "a perfectly quotable sentence about the flight", "another plain sentence that can be quoted here"]
    for trial in range(200):
        n = int(rng.integers(0, 80))
        s = rng.integers(0, 6, n).astype(float)
        s[rng.random(n) < 0.05] = np.nan
        df = pd.DataFrame({"post_id": [f"p{i:03d}" for i in rng.permutation(n)],
                           "text": rng.choice(pool, n, p=[0.4, 0.3, 0.2, 0.05, 0.05]) if n else [], "score": s})
        k = int(rng.integers(1, 4))
        for asc in (True, False):
            expected = ve._take(df[ve.quotable(df["text"])].drop_duplicates(subset=["score"]), "score", asc, k)
            got = ve._take(ve._quotable_distinct(df, "score", asc, k), "score", asc, k)
            assert got.index.tolist() == expected.index.tolist(), (trial, asc)


def test_quotable_runs_on_distinct_texts_and_never_quotes_a_missing_text():
    text = pd.Series(["a perfectly quotable sentence about the flight"] * 3 + [None, "my doctor says no flying"])
    assert ve.quotable(text).tolist() == [True, True, True, False, False]


def test_posts_without_their_text_quote_the_same_posts_read_by_row():
    """The value chapter's posts come without their text (posts.ROW gives each one's row in the raw table): the
    examples read the text of the posts they screen and quote, in Arrow chunks as a file read in segments gives
    it, and quote what the posts with their text quote; under another scorer, the misread posts take the VADER
    score ingestion gave."""
    import pyarrow as pa

    from smaa_build.analyses.value import posts as po
    from smaa_build.analyses.value import sentiment as se

    full = posts()
    order = [4, 6, 0, 2, 5, 1, 3]  # the raw table in another order than the posts
    raw_text = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(
        [pa.array(full["text"].iloc[order[:3]].tolist(), type=pa.large_string()),
         pa.array(full["text"].iloc[order[3:]].tolist(), type=pa.large_string())])))
    lean = full.drop(columns=["text"]).assign(**{po.ROW: np.argsort(order), se.INGESTED: full["score"]})
    assert ve.examples(setup(), lean, pd.DataFrame(), None, text=raw_text).rows == \
        ve.examples(setup(), full, pd.DataFrame(), None).rows
    other = SimpleNamespace(**{**vars(setup()), "scorer": "provided"})
    got = ve.examples(other, lean.assign(score=0.0), pd.DataFrame(), None, text=raw_text).rows
    assert [r["score"] for r in got if r["kind"] == "misread"] == [0.9, 0.8, -0.8]
