"""M9: correlation with intervals, lead/lag, agreement, multiple testing, temporal alignment.

Hand-checked vectors from methods.md M9 (tol 1e-6 where the spec gives 6 decimals) and agreement with scipy and
statsmodels on randomised input."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.tsa.ar_model import AutoReg
from statsmodels.tsa.stattools import acf

from smaa_build.analyses.value import correlation as co

X = np.array([0.10, 0.05, -0.02, 0.08, 0.15, 0.12, -0.05, 0.02])
Y = np.array([76, 77, 74, 75, 79, 76, 73, 76.0])
P = [0.001, 0.008, 0.039, 0.041, 0.042, 0.060, 0.074, 0.205]

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


# --- M9 ✔ vectors -------------------------------------------------------------------------------------------

def test_pearson_fisher_ci_and_t_test():
    c = co.pearson(X, Y)
    assert c.estimate == pytest.approx(0.810823, abs=1e-6)
    assert c.ci == pytest.approx((0.247646, 0.964445), abs=1e-6)
    assert c.extra["t"] == pytest.approx(3.393353, abs=1e-6)
    assert c.extra["df"] == 6
    assert c.p == pytest.approx(0.014615, abs=1e-6)


def test_spearman_bonett_wright():
    c = co.spearman(X, Y)
    assert c.estimate == pytest.approx(0.731925, abs=1e-6)
    assert c.ci == pytest.approx((-0.054043, 0.957902), abs=1e-6)


def test_spearman_ranks_average_ties():
    assert stats.rankdata(Y).tolist() == [5, 7, 2, 3, 8, 5, 1, 5]


def test_ccf_vector():
    table = co.ccf(X, Y, 1).set_index("lag")
    assert table.loc[-1, "ccf"] == pytest.approx(0.0814, abs=1e-4) and table.loc[-1, "n"] == 7
    assert table.loc[0, "ccf"] == pytest.approx(0.8108, abs=1e-4) and table.loc[0, "n"] == 8
    assert table.loc[1, "ccf"] == pytest.approx(0.0263, abs=1e-4) and table.loc[1, "n"] == 7


def test_lag1_and_effective_n():
    n_eff, r1, r2 = co.effective_n(X, Y)
    assert r1 == pytest.approx(0.108722, abs=1e-6)
    assert r2 == pytest.approx(-0.151596, abs=1e-6)
    assert n_eff == pytest.approx(8.268, abs=1e-3)


def test_pearson_with_neff_uses_it_in_se_and_df():
    c = co.pearson(X, Y, n_eff=7.0)
    assert c.extra["df"] == pytest.approx(5.0)
    assert c.ci == pytest.approx(co.fisher_ci(c.estimate, 7.0), abs=1e-12)
    assert c.ci[1] - c.ci[0] > co.pearson(X, Y).ci[1] - co.pearson(X, Y).ci[0]


def test_bland_altman_z_identity():
    ba = co.bland_altman_z(X, Y)
    r = co.pearson(X, Y).estimate
    assert ba["bias"] == pytest.approx(0, abs=1e-12)
    assert ba["sd"] == pytest.approx(0.615105, abs=1e-6)
    assert ba["sd"] == pytest.approx(math.sqrt(2 * (1 - r)), abs=1e-12)
    assert ba["loa"] == pytest.approx((-1.205607, 1.205607), abs=1e-6)


def test_bh_and_holm_vectors():
    assert co.benjamini_hochberg(P) == pytest.approx([0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, 0.0846, 0.205],
                                                     abs=1e-4)
    assert co.holm(P) == pytest.approx([0.008, 0.056, 0.234, 0.234, 0.234, 0.234, 0.234, 0.234], abs=1e-9)


def test_airline_cross_section_illustration():
    share = [0.6889, 0.7104, 0.4901, 0.4298]  # United, American, Southwest, "Delta"-labelled rows
    to_jetblue, to_delta = co.pearson(share, [60, 66, 78, 81]), co.pearson(share, [60, 66, 78, 71])
    assert to_jetblue.estimate == pytest.approx(-0.9506, abs=1e-4)
    assert to_jetblue.extra["descriptive_ci"] == pytest.approx((-0.999, 0.122), abs=1e-3)
    assert to_delta.estimate == pytest.approx(-0.7694, abs=1e-4)
    assert to_delta.extra["descriptive_ci"] == pytest.approx((-0.995, 0.736), abs=1e-3)
    assert co.spearman(share, [60, 66, 78, 81]).estimate == pytest.approx(-0.8)
    assert co.spearman(share, [60, 66, 78, 71]).estimate == pytest.approx(-0.6)


# --- small-n rules ------------------------------------------------------------------------------------------

def test_no_inferential_statement_below_six():
    c = co.pearson([1, 2, 3, 5, 4], [2, 1, 4, 5, 3])
    assert c.estimate is not None and c.ci is None and c.p is None
    assert "descriptive only" in c.reason


def test_correlation_undefined_reasons():
    assert co.pearson([1, 2], [3, 4]).estimate is None
    assert co.pearson([1, 1, 1, 1], [1, 2, 3, 4]).reason
    assert co.spearman([1, 2, 3], [5, 5, 5]).estimate is None


def test_spearman_perfect_rank_ci_not_estimable():
    c = co.spearman(np.arange(10), np.arange(10) ** 3)
    assert c.estimate == 1.0 and c.ci is None and "CI not estimable" in c.reason


def test_bootstrap_needs_twelve_periods():
    c = co.block_bootstrap(np.arange(11.0), np.arange(11.0) ** 2)
    assert c.ci is None and "too short for resampling" in c.reason


def test_bootstrap_seeded_and_sensible():
    rng = np.random.default_rng(3)
    x = rng.normal(size=40)
    y = 0.7 * x + rng.normal(size=40)
    a, b = co.block_bootstrap(x, y, seed=11), co.block_bootstrap(x, y, seed=11)
    assert a.ci == b.ci and a.extra["block"] == math.ceil(40 ** (1 / 3)) == 4
    assert a.ci[0] < a.estimate < a.ci[1]
    assert co.block_bootstrap(x, y, seed=12).ci != a.ci


# --- agreement with scipy / statsmodels on randomised input -----------------------------------------------

@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(finite, finite), min_size=6, max_size=40), st.integers(0, 2**31))
def test_pearson_matches_scipy(pairs, seed):
    x, y = np.array(pairs).T
    x = x + np.random.default_rng(seed).normal(size=x.size)  # avoid constant / degenerate inputs
    y = y + np.random.default_rng(seed + 1).normal(size=y.size)
    ref = stats.pearsonr(x, y)
    c = co.pearson(x, y)
    assert c.estimate == pytest.approx(ref.statistic, abs=1e-9)
    assert c.p == pytest.approx(ref.pvalue, rel=1e-6, abs=1e-12)
    ci = ref.confidence_interval(0.95)
    assert c.ci == pytest.approx((ci.low, ci.high), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=6, max_size=40))
def test_spearman_matches_scipy_with_ties(pairs):
    x, y = np.array(pairs, dtype=float).T
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return
    ref = stats.spearmanr(x, y)
    c = co.spearman(x, y)
    assert c.estimate == pytest.approx(ref.statistic, abs=1e-9)
    if c.p is not None:
        assert c.p == pytest.approx(ref.pvalue, rel=1e-6, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=30))
def test_multiple_testing_matches_statsmodels(p):
    assert co.holm(p) == pytest.approx(multipletests(p, method="holm")[1], abs=1e-12)
    assert co.benjamini_hochberg(p) == pytest.approx(multipletests(p, method="fdr_bh")[1], abs=1e-12)


def test_multiple_testing_ignores_nan():
    out = co.holm([0.01, np.nan, 0.04])
    assert np.isnan(out[1]) and out[[0, 2]] == pytest.approx([0.02, 0.04])


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31), st.integers(5, 60))
def test_lag1_matches_statsmodels_acf(seed, n):
    x = np.random.default_rng(seed).normal(size=n).cumsum()
    assert co.lag1(x) == pytest.approx(acf(x, nlags=1)[1], abs=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_ar_fit_matches_statsmodels_autoreg(seed):
    rng = np.random.default_rng(seed)
    e = rng.normal(size=200)
    x = np.zeros(200)
    for t in range(2, 200):
        x[t] = 0.6 * x[t - 1] - 0.2 * x[t - 2] + e[t]
    p, coef = co.ar_fit(x, 2)
    ref = AutoReg(x, lags=p, trend="c").fit()
    assert coef == pytest.approx(ref.params, abs=1e-8)


def test_prewhitening_removes_own_autocorrelation_and_keeps_lead():
    rng = np.random.default_rng(0)
    n = 120
    latent = np.zeros(n + 1)
    for t in range(1, n + 1):
        latent[t] = 0.7 * latent[t - 1] + rng.normal()
    x = latent[1:] + 0.3 * rng.normal(size=n)
    y = np.r_[0.0, latent[1:-1]] + 0.3 * rng.normal(size=n)  # y_{t+1} follows x_t: x leads by one
    table, fit = co.prewhitened_ccf(x, y, 3)
    best = table.loc[table["ccf"].abs().idxmax()]
    assert int(best["lag"]) == 1 and fit["ar_order"] >= 1
    assert abs(best["ccf"]) > best["bound"]
    assert table["bound"].tolist() == pytest.approx([1.96 / math.sqrt(n - fit["ar_order"] - abs(k))
                                                     for k in range(-3, 4)])


def test_calibrated_bland_altman():
    x = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    y = np.array([70, 72, 74, 77, 78, 81.0])
    train = np.array([True, True, True, False, False, False])
    ba = co.bland_altman_calibrated(x, y, train, mdc=2.5)
    # training fit is exact: y = 68 + 20x; hold-out predictions 76, 78, 80
    assert (ba["a"], ba["b"]) == pytest.approx((68.0, 20.0))
    assert ba["diff"] == pytest.approx([-1.0, 0.0, -1.0])
    assert ba["bias"] == pytest.approx(-2 / 3)
    assert ba["sd"] == pytest.approx(np.std([-1, 0, -1], ddof=1))
    assert ba["within_mdc"] == 1.0


# --- temporal alignment -------------------------------------------------------------------------------------

def _posts(dates, scores):
    scores = np.asarray(scores, dtype=float)
    cls = np.where(scores >= 0.05, 1, np.where(scores <= -0.05, -1, 0))
    return pd.DataFrame({"date": pd.to_datetime(dates), "score": scores, "cls": cls})


def test_week_split_across_months_is_split_by_post_date():
    # ISO week 2026-W05 runs Mon 26 Jan to Sun 1 Feb: its posts belong to January and February by date
    posts = _posts(["2026-01-26", "2026-01-31", "2026-02-01", "2026-02-02"], [1.0, 0.5, -1.0, -0.5])
    trad = pd.DataFrame({"period_start": ["2026-01-01", "2026-02-01"], "period_end": ["2026-01-31", "2026-02-28"],
                         "value": [70, 71]})
    out = co.align(posts, trad, "month", "mean_compound", n_min=1)
    assert out["smi"].tolist() == pytest.approx([0.75, -0.75])
    assert out["smi_n"].tolist() == [2, 2]
    assert out["period"].tolist() == ["2026-01", "2026-02"]


def test_periods_below_n_min_are_missing_not_zero():
    posts = _posts(["2026-01-05"] * 3 + ["2026-02-05"], [0.2, 0.4, 0.6, 0.9])
    trad = pd.DataFrame({"period_start": ["2026-01-01", "2026-02-01", "2026-03-01"],
                         "period_end": ["2026-01-31", "2026-02-28", "2026-03-31"], "value": [1, 2, 3]})
    out = co.align(posts, trad, "month", "mean_compound", n_min=2)
    assert out["smi"].iloc[0] == pytest.approx(0.4)
    assert out["smi_ci_low"].iloc[0] == pytest.approx(0.4 - co.Z95 * 0.2 / math.sqrt(3))
    assert np.isnan(out["smi"].iloc[1]) and out["smi_n"].iloc[1] == 1
    assert np.isnan(out["smi"].iloc[2]) and out["smi_n"].iloc[2] == 0


def test_fieldwork_windows_and_weeks():
    posts = _posts(["2026-03-02", "2026-03-08", "2026-03-09", "2026-03-20"], [-0.9, 0.0, 0.7, 0.3])
    trad = pd.DataFrame({"period_start": ["2026-03-02", "2026-03-09"], "period_end": ["2026-03-08", "2026-03-19"],
                         "value": [5, 6]})
    fw = co.align(posts, trad, "fieldwork", "share_negative", n_min=1)
    assert fw["smi_n"].tolist() == [2, 1] and fw["smi"].tolist() == pytest.approx([0.5, 0.0])
    wk = co.align(posts, trad, "week", "net_sentiment", n_min=1)
    assert wk["period"].tolist() == ["2026-W10", "2026-W11"]
    assert wk["smi_n"].tolist() == [2, 1] and wk["smi"].tolist() == pytest.approx([-0.5, 1.0])  # 20 Mar is W12


def test_traditional_se_uses_design_effect():
    trad = pd.DataFrame({"value": [76.0], "sd": [15.0], "n_respondents": [300], "deff": [2.0]})
    out = co.traditional_values(trad)
    assert out["traditional_se"].iloc[0] == pytest.approx(15 * math.sqrt(2 / 300))


def test_period_starts_match_pandas_periods():
    dates = pd.Series(pd.date_range("2023-12-20", "2025-03-10", freq="D"))
    for period, freq in (("week", "W-SUN"), ("month", "M"), ("quarter", "Q")):
        expected = dates.dt.to_period(freq).dt.start_time
        assert (co.period_starts(dates, period).to_numpy() == expected.to_numpy()).all()
