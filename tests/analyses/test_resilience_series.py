"""M11 at scale (issue 15): the shared per-unit statistics of series.py and the integer-code unit look-up give the
same bits as computing each specification on its own counted posts (the reference below is the one-specification
computation smaa used before), on random posts with ties, unscored posts, repeated authors and every option."""

import itertools

import numpy as np
import pandas as pd
import pytest

from smaa_build.analyses.resilience import resilience as rs
from smaa_build.analyses.resilience import series as sr
from smaa_build.analyses.value import sentiment as se

STATISTICS = ("mean_compound", "median_compound", "share_negative", "net_sentiment")


def reference_series(units, scores, cls, keep, statistic, weighting, outliers, n_min):
    """One specification from its own counted posts: mask, weights, clip and bincount, nothing shared."""
    m = keep[units.post] & np.isfinite(scores[units.post])
    p, u, size = units.post[m], units.unit[m], units.size
    v, c = scores[p], cls[p]
    if outliers == "winsor_1pct" and v.size:
        v = np.clip(v, *np.percentile(v, [1, 99]))
        c = se.classify(v)
    w = np.ones(v.size) if weighting == "post" else 1.0 / np.bincount(units.pair[m])[units.pair[m]]
    n, total = np.bincount(u, minlength=size), np.bincount(u, w, size)
    with np.errstate(invalid="ignore", divide="ignore"):
        if statistic == "median_compound":
            order = np.lexsort((v, u))
            x = sr.sorted_median(u[order], v[order], w[order], size)
        else:
            per_post = {"mean_compound": v, "share_negative": (c == -1), "net_sentiment": (c == 1) * 1.0 - (c == -1)}
            x = np.bincount(u, w * per_post[statistic], size) / total
    return np.where(n >= n_min, x, np.nan)


def random_units(rng, n_posts: int, n_units: int, overlapping: bool):
    """Posts in units (each post in at most one unit, or in several when `overlapping`), with repeated authors."""
    if overlapping:
        pairs = sorted({(int(p), int(u)) for p, u in zip(rng.integers(0, n_posts, 2 * n_posts),
                                                          rng.integers(0, n_units, 2 * n_posts))})
        post, unit = (np.array(x, dtype=int) for x in zip(*pairs))
    else:
        post = np.flatnonzero(rng.random(n_posts) < 0.9)
        unit = rng.integers(0, n_units, post.size)
    authors = rng.integers(0, max(n_posts // 4, 1), n_posts)
    pair = pd.factorize(unit.astype(np.int64) * (authors.max() + 1) + authors[post])[0]
    return rs.Units(post, unit, np.zeros(n_units), np.zeros(n_units, int), np.arange(n_units), [], pair)


@pytest.mark.parametrize("seed", range(6))
def test_shared_statistics_have_the_bits_of_one_specification_at_a_time(seed):
    rng = np.random.default_rng(seed)
    n_posts, n_units = int(rng.integers(50, 400)), int(rng.integers(1, 9))
    units = random_units(rng, n_posts, n_units, overlapping=seed % 2 == 1)
    four_decimals = seed % 3 != 2  # VADER-like scores sort by int16 keys; the rest by lexsort
    scores = rng.uniform(-1, 1, n_posts).round(2 if four_decimals else 17)
    scores[rng.random(n_posts) < 0.1] = np.nan
    cls = se.classify(np.nan_to_num(scores))
    assigned = sr.Assigned(units, scores, cls)
    for share in (1.0, 0.6, 0.0):
        keep = rng.random(n_posts) < share
        kept = assigned.kept(keep)
        for stat, weighting, outliers in itertools.product(STATISTICS, ("post", "author"), ("none", "winsor_1pct")):
            got = kept.statistic(stat, weighting, outliers, 3)
            want = reference_series(units, scores, cls, keep, stat, weighting, outliers, 3)
            assert got.tobytes() == want.tobytes(), (stat, weighting, outliers, share)


def test_median_of_equal_weights_counts_positions_as_summing_ones_does():
    rng = np.random.default_rng(8)
    for n in (1, 2, 3, 7, 200):
        u, v = rng.integers(0, 5, n), rng.integers(-3, 4, n).astype(float)  # ties, and units of 1 or 2 posts
        order = np.lexsort((v, u))
        u, v = u[order], v[order]
        assert sr.sorted_median(u, v, None, 6).tobytes() == sr.sorted_median(u, v, np.ones(n), 6).tobytes()


def test_unit_value_order_is_lexsort():
    rng = np.random.default_rng(5)
    for v in (rng.integers(-10000, 10001, 5000) / 1e4, rng.normal(size=5000), np.array([-0.0, 0.0, 1.0, -1.0])):
        u = rng.integers(0, 7, v.size)
        assert np.array_equal(sr.unit_value_order(u, v, 7), np.lexsort((v, u)))


def test_packed_order_is_lexsort_and_steps_aside_when_the_words_are_full():
    rng = np.random.default_rng(11)
    for n, size, span in ((1, 1, 1), (5000, 7, 20001), (3000, 2**15, 2**31), (2000, 1, 3)):
        u, key = rng.integers(0, size, n), rng.integers(-(span // 2), span - span // 2, n).astype(np.int64)
        assert np.array_equal(sr.packed_order(u, key, size), np.lexsort((key, u)))
    u, key = rng.integers(0, 2**20, 100), rng.integers(-2**40, 2**40, 100)
    assert sr.packed_order(u, key, 2**20) is None  # 20 + 41 + 7 bits


def test_winsorised_medians_of_one_repeated_score_and_of_scores_beyond_the_grid():
    """Every counted score the same (both bounds equal), and scores with more than four decimals (no keys)."""
    rng = np.random.default_rng(12)
    units = random_units(rng, 3000, 4, overlapping=True)
    for scores in (np.full(3000, 0.25), rng.normal(size=3000) / 3, rng.integers(-9999, 9999, 3000) / 1e4):
        cls = se.classify(scores)
        keep = rng.random(3000) < 0.7
        kept = sr.Assigned(units, scores, cls).kept(keep)
        counted = np.flatnonzero(kept.m)  # the counted assignments by (unit, clipped score, position), tied at bounds
        assert np.array_equal(kept.sorted_values("winsor_1pct")[0],
                              counted[np.lexsort((kept.values("winsor_1pct")[counted], kept.u[counted]))])
        for weighting in ("post", "author"):
            got = kept.statistic("median_compound", weighting, "winsor_1pct", 3)
            want = reference_series(units, scores, cls, keep, "median_compound", weighting, "winsor_1pct", 3)
            assert got.tobytes() == want.tobytes()


def reference_assign(post_keys: pd.DataFrame, unit_keys: pd.DataFrame):
    left = post_keys.dropna().assign(_p=lambda d: d.index.to_numpy())
    right = unit_keys.assign(_u=np.arange(len(unit_keys)))
    m = left.merge(right, on=list(unit_keys.columns), how="inner", sort=False).sort_values(["_p", "_u"])
    return m["_p"].to_numpy(int), m["_u"].to_numpy(int)


@pytest.mark.parametrize("panel,repeated", [(False, False), (True, False), (True, True), (False, True)])
def test_units_by_integer_codes_match_a_merge(panel, repeated):
    """Calendar units (unique keys) and, as a fallback, repeated keys; posts with a missing brand, of a brand or a
    period no unit has, and outside the focus brand sit in no unit."""
    rng = np.random.default_rng(int(panel) + 2 * int(repeated))
    months = pd.date_range("2024-01-01", periods=6, freq="MS").to_numpy("datetime64[ns]")
    brand = pd.Series(rng.choice(["A", "B", "C", None], 300), dtype="string")
    key = rng.choice(np.concatenate([months, np.array(["2025-01-01"], dtype="datetime64[ns]")]), 300)
    units = pd.DataFrame({"brand": np.repeat(["A", "B"], 5), "key": np.concatenate([months[:5], months[1:]])})
    if repeated:
        units = pd.concat([units, units.iloc[[2]]], ignore_index=True)
    by = ["brand"] if panel else []
    units = units[by + ["key"]]
    if not panel and not repeated:  # the two brands' months are one calendar
        units = units.drop_duplicates(ignore_index=True)
    focus = rng.random(300) < 0.8
    keys = {"brand": brand, "key": key} if panel else {"key": key}
    got = rs._assign({k: keys[k] for k in by + ["key"]}, units, focus)
    frame = pd.DataFrame({"brand": brand.astype(object).where(brand.notna(), None), "key": key})[focus]
    want = reference_assign(frame[by + ["key"]], units)
    assert all(np.array_equal(a, b) for a, b in zip(got, want))
