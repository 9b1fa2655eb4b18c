"""M8 data-quality criteria: methods.md ✔ vectors and independent cross-checks."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from statsmodels.stats.inter_rater import cohens_kappa
from statsmodels.stats.proportion import proportion_confint

from smaa_build.analyses.value import quality as q
from smaa_build.errors import AnalysisError


def test_ballou_timeliness():
    assert q.timeliness(20, 30, 1) == pytest.approx(0.333333, abs=1e-6)
    assert q.timeliness(20, 30, 2) == pytest.approx(0.111111, abs=1e-6)
    assert q.timeliness(1, 30) == pytest.approx(0.966667, abs=1e-6)
    assert q.timeliness(40, 30) == 0.0
    with pytest.raises(AnalysisError):
        q.timeliness(1, 0)


def test_se_and_half_width():
    se = q.se_mean(15, 300)
    assert se == pytest.approx(0.866025, abs=1e-6)
    assert q.Z_LITERAL * se == pytest.approx(1.697, abs=1e-3)
    assert q.se_mean(15, 300, deff=2) == pytest.approx(se * math.sqrt(2))


def test_kish_neff():
    assert q.kish_neff([1, 1, 1, 1]) == 4
    assert q.kish_neff([1, 2, 3]) == pytest.approx(36 / 14)


@pytest.mark.parametrize("k,n,p,lo,hi", [(9178, 14640, 0.6269, 0.6190, 0.6347), (181, 504, 0.3591, 0.3185, 0.4019),
                                         (3, 10, 0.30, 0.1078, 0.6032)])
def test_wilson_vectors(k, n, p, lo, hi):
    a, b = q.wilson(k, n)
    assert k / n == pytest.approx(p, abs=1e-4)
    assert (float(a), float(b)) == pytest.approx((lo, hi), abs=1e-4)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 5000), st.data())
def test_wilson_matches_statsmodels(n, data):
    k = data.draw(st.integers(0, n))
    a, b = q.wilson(k, n)
    ref = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert (float(a), float(b)) == pytest.approx(ref, abs=1e-10)


def test_wilson_vectorised():
    lo, hi = q.wilson(np.array([1, 5]), np.array([10, 20]))
    assert lo.shape == (2,) and (lo < hi).all()


def test_mdc_and_sample_size():
    assert q.mdc(0.866025, 0.866025) == pytest.approx(1.96 * math.sqrt(2) * 0.866025)
    assert q.mdc(1, 1, z=2.80) == pytest.approx(2.80 * math.sqrt(2))
    assert round(q.sample_size(0.05), 1) == 384.2
    assert round(q.sample_size(0.10), 1) == 96.0


def test_completeness():
    assert q.temporal_completeness([40, 10, 35, 0], 30) == 0.5
    assert q.segment_completeness({"north": 50, "south": 10}, ["north", "south", "islands"], 30) == pytest.approx(1 / 3)
    assert math.isnan(q.segment_completeness({}, [], 30))


def test_frequency():
    dates = pd.Series(pd.date_range("2026-01-01", periods=90, freq="D").repeat(40))
    assert q.smi_frequency(dates, 30) == (365.0, "day")
    assert q.smi_frequency(dates, 100)[1] == "week"
    # one post a day: months of 31, 28, 31 posts -> 2/3 of months reach 30 (< 0.8), the quarter does
    assert q.smi_frequency(dates[::40], 30) == (4.0, "quarter")
    assert q.smi_frequency(dates[:10], 30) == (0.0, None)
    starts = pd.Series(pd.to_datetime(["2026-01-01", "2026-02-01", "2026-03-01"]))
    ends = pd.Series(pd.to_datetime(["2026-01-31", "2026-02-28", "2026-03-31"]))
    assert q.traditional_frequency(starts, ends) == pytest.approx(3 / (90 / 365.25))
    months = pd.Series(pd.date_range("2024-01-01", periods=24, freq="MS"))
    assert q.traditional_frequency(months, months + pd.offsets.MonthEnd(0)) == pytest.approx(12.0, abs=0.01)


def test_period_counts_include_empty_periods():
    dates = pd.Series(pd.to_datetime(["2026-01-05", "2026-03-05"]))
    assert q.period_counts(dates, "month").tolist() == [1, 0, 1]


def test_latency():
    assert q.survey_latency_days(["2026-01-01"], ["2026-01-10"], ["2026-01-10"], ["2026-01-20"]) == 15.0
    dates = pd.Series(pd.to_datetime(["2026-01-01", "2026-01-31"]))
    ends = pd.Series(pd.to_datetime(["2026-01-31", "2026-01-31"]))
    assert q.smi_latency_days(dates, ends) == pytest.approx(16.0)
    assert q.smi_latency_days(dates, ends, processing_days=2) == pytest.approx(18.0)


def test_concentration():
    assert q.gini([5, 5, 5, 5]) == pytest.approx(0.0)
    assert q.gini([0, 0, 0, 10]) == pytest.approx(0.75)  # (n-1)/n for one author with everything
    counts = [100] + [1] * 199
    assert q.top_share(counts) == pytest.approx((100 + 1) / 299)  # top 1% of 200 authors = 2 authors


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(1, 500), min_size=1, max_size=200))
def test_gini_matches_mean_absolute_difference(counts):
    x = np.array(counts, dtype=float)
    ref = np.abs(x[:, None] - x[None, :]).sum() / (2 * x.size**2 * x.mean())
    assert q.gini(counts) == pytest.approx(ref, abs=1e-9)


def test_kappa_m1_vector():
    c1 = [1, 1, 1, 0, 0, 1, 0, 1, 1, 0]
    c2 = [1, 1, 0, 0, 0, 1, 0, 1, 1, 1]
    cm = q.confusion(np.array(c1), np.array(c2), classes=(0, 1))
    assert q.accuracy(cm) == pytest.approx(0.80)
    assert q.cohen_kappa(cm) == pytest.approx(0.583333, abs=1e-6)


def test_confusion_accuracy_macro_f1_by_hand():
    human = np.array([-1, -1, -1, 0, 0, 1, 1, 1])
    scorer = np.array([-1, -1, 0, 0, 1, 1, 1, -1])
    cm = q.confusion(human, scorer)
    assert cm.tolist() == [[2, 1, 0], [0, 1, 1], [1, 0, 2]]
    assert q.accuracy(cm) == pytest.approx(5 / 8)
    f1 = [2 * 2 / (4 + 1 + 1), 2 * 1 / (2 + 1 + 1), 2 * 2 / (4 + 1 + 1)]
    assert q.macro_f1(cm) == pytest.approx(np.mean(f1))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # statsmodels' kappa SE on degenerate tables
@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([-1, 0, 1]), st.sampled_from([-1, 0, 1])), min_size=2, max_size=300))
def test_kappa_matches_statsmodels(pairs):
    h, s = np.array(pairs).T
    cm = q.confusion(h, s)
    p_e = (cm.sum(0) * cm.sum(1)).sum() / cm.sum() ** 2
    if p_e >= 1:
        return
    assert q.cohen_kappa(cm) == pytest.approx(cohens_kappa(cm).kappa, abs=1e-10)


def test_measurability():
    items = {"defined_formula": True, "unit_scale": True, "deterministic": False, "lineage": True, "frequency": False}
    assert q.measurability(items) == 3
    assert q.measurability({}) == 0
    assert q.measurability(None) is None
    with pytest.raises(AnalysisError, match="unknown item"):
        q.measurability({"pretty": True})


def test_duplicate_rate_and_normalisation():
    assert q.duplicate_rate(155, 14640) == pytest.approx(155 / 14640)
    assert q.score_latency(0) == 1.0 and q.score_latency(7) == 0.5
    assert q.score_frequency(365) == 1.0 and q.score_frequency(1) == 0.0
    assert q.score_frequency(12) == pytest.approx(math.log(12) / math.log(365))
    assert q.score_precision(1.697, 100) == pytest.approx(1 - 1.697 / 10)
    assert q.score_precision(50, 100) == 0.0
