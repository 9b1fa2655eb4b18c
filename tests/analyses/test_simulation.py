"""Slow simulation with known truth (methods.md T, last paragraph).

Latent weekly satisfaction is AR(1) with φ = 0.5; each week brings Poisson(λ) posts whose scores are the latent
value plus noise; the monthly survey is the month's mean latent value plus survey noise. The SMI series is
re-aggregated from post level to calendar months by the production alignment code (weeks straddling two months
are split by post date). The 95% intervals must cover the true correlation of the two monthly series in 93–97%
of the replications, and a planted one-month SMI lead must be found by the pre-whitened CCF.
"""

import numpy as np
import pandas as pd
import pytest

from smaa_build.analyses.value import correlation as co

FIRST = np.datetime64("2000-01", "M")
PHI, LAM, SD_POST, SD_SURVEY = 0.5, 25, 1.5, 0.5
pytestmark = pytest.mark.slow


def _weekly_latent(rng, n_weeks: int, burn: int = 20) -> np.ndarray:
    e = rng.normal(size=n_weeks + burn)
    lat = np.empty_like(e)
    lat[0] = e[0] / np.sqrt(1 - PHI**2)  # start in the stationary distribution
    for t in range(1, lat.size):
        lat[t] = PHI * lat[t - 1] + e[t]
    return lat[burn:]


def replication(seed: int, n_months: int, lead: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Posts (date, score) and the monthly survey for one seeded replication."""
    rng = np.random.default_rng(seed)
    first_day = FIRST.astype("datetime64[D]")
    monday = first_day - ((first_day.astype(np.int64) + 3) % 7)
    n_days = int(((FIRST + n_months).astype("datetime64[D]") - monday) / np.timedelta64(1, "D"))
    n_weeks = -(-n_days // 7)
    lat = _weekly_latent(rng, n_weeks)
    week = np.repeat(np.arange(n_weeks), rng.poisson(LAM, n_weeks))
    dates = monday + (week * 7 + rng.integers(0, 7, week.size)).astype("timedelta64[D]")
    score = lat[week] + rng.normal(0, SD_POST, week.size)
    days = monday + np.arange(n_weeks * 7).astype("timedelta64[D]")
    month = (days.astype("datetime64[M]") - FIRST).astype(np.int64)
    inside = (month >= 0) & (month < n_months)
    day_lat = lat[np.arange(n_weeks * 7) // 7][inside]
    monthly = np.bincount(month[inside], day_lat, n_months) / np.bincount(month[inside], minlength=n_months)
    target = np.r_[np.nan, monthly[:-1]] if lead else monthly  # with a lead the survey follows SMI by a month
    starts = pd.date_range(str(FIRST), periods=n_months, freq="MS")
    posts = pd.DataFrame({"rep": seed, "date": pd.to_datetime(dates), "score": score, "cls": 0})
    trad = pd.DataFrame({"rep": seed, "period_start": starts, "period_end": starts + pd.offsets.MonthEnd(0),
                         "value": target + rng.normal(0, SD_SURVEY, n_months)})
    return posts, trad


def monthly_series(seeds, n_months: int, lead: int = 0) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """All replications aligned in one pass (grouped by replication) → {seed: (smi, survey)}."""
    parts = [replication(s, n_months, lead) for s in seeds]
    posts = pd.concat([p for p, _ in parts], ignore_index=True)
    trad = pd.concat([t for _, t in parts], ignore_index=True)
    s = co.align(posts, trad, "month", "mean_compound", n_min=1, by=["rep"]).dropna(subset=["smi", "traditional"])
    return {int(k): (g["smi"].to_numpy(), g["traditional"].to_numpy()) for k, g in s.groupby("rep", sort=True)}


@pytest.fixture(scope="module")
def truth() -> float:
    """Population correlation of the monthly series, from 12,000 simulated months (SE of r ≈ 0.003)."""
    series = monthly_series(range(10**6, 10**6 + 50), 240)
    x = np.concatenate([v[0] for v in series.values()])
    y = np.concatenate([v[1] for v in series.values()])
    return float(np.corrcoef(x, y)[0, 1])


def test_weeks_straddling_months_are_split(truth):
    posts, trad = replication(1, 3)
    s = co.align(posts, trad, "month", "mean_compound", n_min=1)
    by_month = posts.groupby(posts["date"].dt.to_period("M"))["score"].agg(["size", "mean"])
    assert s["smi_n"].tolist() == by_month["size"].loc[pd.period_range("2000-01", periods=3, freq="M")].tolist()
    assert 0.5 < truth < 0.95  # noise levels chosen so that the target is neither trivial nor hopeless


def test_fisher_interval_with_effective_n_covers_truth(truth):
    series = monthly_series(range(1, 1001), 48)
    hits_neff = hits_plain = 0
    for x, y in series.values():
        n_eff = min(co.effective_n(x, y)[0], x.size)
        ci = co.pearson(x, y, n_eff=n_eff).ci
        hits_neff += ci[0] <= truth <= ci[1]
        plain = co.pearson(x, y).ci
        hits_plain += plain[0] <= truth <= plain[1]
    assert len(series) == 1000
    assert 0.93 <= hits_neff / 1000 <= 0.97
    assert 0.92 <= hits_plain / 1000 <= 0.97  # autocorrelation of monthly means is mild (≈ 0.2) here


def test_block_bootstrap_percentile_interval_coverage(truth):
    # percentile intervals are known to under-cover a little at n = 48; we require they stay close to nominal
    series = monthly_series(range(2001, 2201), 48)
    hits = sum(ci[0] <= truth <= ci[1] for ci in (co.block_bootstrap(x, y, 2000, seed=k).ci
                                                   for k, (x, y) in series.items()))
    assert 0.85 <= hits / 200 <= 0.97


def test_planted_one_month_lead_is_found():
    found = []
    for x, y in monthly_series(range(3001, 3021), 60, lead=1).values():
        table, _ = co.prewhitened_ccf(x, y, 3)
        best = table.loc[table["ccf"].abs().idxmax()]
        p_adj = co.benjamini_hochberg(table["p"].to_numpy())[table["ccf"].abs().to_numpy().argmax()]
        found.append(int(best["lag"]) == 1 and abs(best["ccf"]) > best["bound"] and p_adj <= 0.10)
    assert sum(found) >= 19


def test_no_lead_planted_gives_simultaneous_peak():
    peaks = [int(co.prewhitened_ccf(x, y, 3)[0].pipe(lambda t: t.loc[t["ccf"].abs().idxmax(), "lag"]))
             for x, y in monthly_series(range(4001, 4021), 60).values()]
    assert peaks.count(0) >= 19
