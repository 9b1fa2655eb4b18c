"""The value chapter at a million posts (issue 15): the calendar and counting steps that now run once per distinct
date, brand or author give what the per-post pandas steps gave, on random posts with missing values."""

import numpy as np
import pandas as pd
import pytest

from smaa_build.analyses.value import correlation as co
from smaa_build.analyses.value import frames
from smaa_build.analyses.value import profile as vp
from smaa_build.analyses.value import quality as q


def random_dates(rng, n: int) -> pd.Series:
    days = pd.Timestamp("2023-11-20") + pd.to_timedelta(rng.integers(0, 500, n), unit="D")
    out = pd.Series(days).astype("datetime64[us]")
    out[rng.random(n) < 0.05] = pd.NaT
    return out


def reference_starts(dates: pd.Series, period: str) -> pd.Series:
    """Each date's period start by pandas' own periods (ISO weeks start on Monday)."""
    freq = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q"}[period]
    return dates.dt.to_period(freq).dt.start_time.astype("datetime64[ns]")


@pytest.mark.parametrize("period", ["day", "week", "month", "quarter"])
def test_period_starts_once_per_date_match_pandas_periods_with_missing_dates(period):
    dates = random_dates(np.random.default_rng(1), 3000)
    got = co.period_starts(dates, period)
    assert got.index.equals(dates.index)
    assert got.equals(reference_starts(dates, period))


@pytest.mark.parametrize("granularity", ["day", "week", "month", "quarter"])
def test_period_counts_per_distinct_day_match_counting_every_post(granularity):
    dates = random_dates(np.random.default_rng(2), 2000)
    freq = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q"}[granularity]
    periods = dates.dt.to_period(freq)
    full = pd.period_range(periods.min(), periods.max(), freq=freq)
    expected = periods.value_counts().reindex(full, fill_value=0).to_numpy()
    assert np.array_equal(q.period_counts(dates, granularity), expected)


def test_value_counts_by_code_match_pandas_as_text():
    rng = np.random.default_rng(3)
    ids = pd.Series(rng.choice(["a1", "b2", "c3", None, "d4"], 500, p=[0.5, 0.2, 0.1, 0.1, 0.1]), dtype="string")
    mixed = pd.Series(rng.choice(np.array([1, "1", 2, None, "x"], dtype=object), 500), dtype=object)
    for values in (ids, mixed, pd.Series([None, None], dtype="string")):
        expected = np.sort(values.dropna().astype(str).value_counts().to_numpy())
        assert np.array_equal(np.sort(frames.value_counts(values)), expected)


def test_bare_drops_attrs_and_keeps_the_columns():
    df = pd.DataFrame({"a": [1, 2]})
    df.attrs["segments"] = [["x", 1]] * 100
    out = frames.bare(df)
    assert out.attrs == {} and df.attrs["segments"] and out.equals(df)


def test_brand_shares_per_distinct_brand_match_grouping_every_post():
    rng = np.random.default_rng(4)
    n = 4000
    score = rng.uniform(-1, 1, n).round(3)
    score[rng.random(n) < 0.1] = np.nan
    posts = pd.DataFrame({"entity": pd.Series(rng.choice(["Acme", "Bolt", "Cora", None], n), dtype="string"),
                          "score": score, "cls": np.where(score >= 0.05, 1, np.where(score <= -0.05, -1, 0))})
    table, overall = vp.brand_outputs(posts, type("S", (), {"n_min": 30, "scorer": "vader"})())
    p = posts[np.isfinite(posts["score"].to_numpy(float))]
    g = p.assign(neg=(p["cls"] == -1)).groupby(p["entity"].astype(str), sort=True)["neg"].agg(["size", "sum"])
    assert [(r["brand"], r["n"], r["negative"]) for r in table.rows] == \
        [(b, int(k), int(s)) for b, k, s in zip(g.index, g["size"], g["sum"])]
    assert overall.n == int(g["size"].sum())


def test_latency_per_distinct_date_matches_every_post():
    rng = np.random.default_rng(5)
    focus = pd.DataFrame({"date": random_dates(rng, 3000).dropna().reset_index(drop=True)})
    for period in ("week", "month", "quarter"):
        s = type("S", (), {"design": "time_series", "period": period})()
        ends = co.period_end(reference_starts(focus["date"], period), period)
        assert vp._smi_latency(focus, s, 2.0) == q.smi_latency_days(focus["date"], ends, 2.0)


def test_rows_kept_equal_pandas_own_selection_for_every_kind_of_column(monkeypatch):
    """frames.rows (each Arrow column filtered chunk by chunk) against `.loc[keep]`, on posts as read back from
    kept Arrow files: text in many chunks, time stamps with a zone, dates, flags, numbers, missing values."""
    import pyarrow as pa

    rng = np.random.default_rng(3)
    n = 5_000
    ids = pa.chunked_array([pa.array([f"{i}" for i in range(a, min(a + 700, n))], pa.large_string())
                            for a in range(0, n, 700)])
    frame = pa.table({"post_id": ids}).to_pandas()
    frame["created_utc"] = pd.Series(pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 10**6, n),
                                                                                              unit="s"))
    frame["date"] = random_dates(rng, n)
    frame["brand"] = pd.Series(rng.choice(["Heron", "Kite", None], n), dtype="string")
    frame["is_retweet"] = rng.random(n) < 0.2
    frame["_vader"] = np.where(rng.random(n) < 0.1, np.nan, rng.random(n))
    frame["label"] = pd.Series(rng.choice(["a", None], n), dtype=object)
    keep = rng.random(n) < 0.8
    got = frames.rows(frame, keep)
    assert frame["post_id"].array._pa_array.num_chunks > 1 and got.attrs == {}
    pd.testing.assert_frame_equal(got, frame.loc[keep].reset_index(drop=True))
    assert list(got.dtypes) == list(frame.dtypes)
    released = []
    monkeypatch.setattr(frames.memo, "release_mapped", lambda: released.append(1))
    pd.testing.assert_frame_equal(frames.rows(frame, keep, release=True), got)
    assert len(released) == frame.shape[1]  # each column's kept pages let go once it is copied
    assert frames.rows(frame, keep) is not None and len(released) == frame.shape[1]


def test_texts_at_rows_in_any_order_never_join_the_chunks(monkeypatch):
    """posts.texts_at on chunked Arrow text (a file read in segments): rows in a ranking's order, repeated or missing
    texts, give what `.iloc` gives, and the whole column is never taken from (its chunks joined: a copy of every
    text)."""
    import pyarrow as pa

    from smaa_build.analyses.value import posts as po

    rng = np.random.default_rng(4)
    values = [None if rng.random() < 0.1 else f"post {i} " + "x" * int(rng.integers(0, 30)) for i in range(3000)]
    chunks = [pa.array(values[a:a + 700], type=pa.large_string()) for a in range(0, 3000, 700)]
    text = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(chunks)))
    plain = pd.Series(values, dtype=object).fillna("")
    take = pd.arrays.ArrowStringArray.take

    def small_takes_only(self, *a, **k):  # a take joins the chunks first: only the rows asked for may be taken
        assert len(self) < 3000, "a take on the whole column"
        return take(self, *a, **k)

    monkeypatch.setattr(pd.arrays.ArrowStringArray, "take", small_takes_only)
    for rows in (rng.permutation(3000)[:50], np.array([5, 5, 2999, 0, 5]), np.arange(0, 3000, 7), np.array([3])):
        got = po.texts_at(text, rows)
        assert got.astype(object).tolist() == plain.iloc[rows].tolist()
