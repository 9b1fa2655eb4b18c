"""M8 data-quality profile of the SMI measure and the traditional indicator (pure functions).

Conventions: z for confidence intervals is the exact normal quantile (as scipy uses); the formulas that
methods.md writes with the literal 1.96 (MDC, sample size, Bland–Altman limits) use 1.96.
"""

from __future__ import annotations

import math
from typing import Iterable, Mapping

import numpy as np
import pandas as pd
from scipy import special

from ...errors import AnalysisError
from ...facts import MEASURABILITY

Z95 = float(special.ndtri(0.975))  # the normal quantile, as scipy.stats.norm.ppf
Z_LITERAL = 1.96
MEASURABILITY_ITEMS = tuple(MEASURABILITY)
GRANULARITIES = {"day": 365.0, "week": 52.0, "month": 12.0, "quarter": 4.0, "year": 1.0}
CLASSES = (-1, 0, 1)


# --- timeliness -------------------------------------------------------------------------------------------

def timeliness(currency: float, volatility: float, s: float = 1.0) -> float:
    """Ballou et al. (1998): max(0, 1 − currency/volatility)^s."""
    if volatility <= 0:
        raise AnalysisError("timeliness: volatility (shelf life) must be positive")
    return max(0.0, 1.0 - currency / volatility) ** s


def survey_latency_days(period_start, period_end, fieldwork_end, published_at) -> float:
    """Median over periods of published_at − fieldwork_end + half the fieldwork window, in days."""
    start, end = pd.to_datetime(pd.Series(period_start)), pd.to_datetime(pd.Series(period_end))
    fw_end, pub = pd.to_datetime(pd.Series(fieldwork_end)), pd.to_datetime(pd.Series(published_at))
    days = (pub - fw_end).dt.days + ((end - start).dt.days + 1) / 2.0
    return float(np.median(days.to_numpy(float)))


def smi_latency_days(dates: pd.Series, period_ends: pd.Series, processing_days: float = 0.0) -> float:
    """Median age of a post when its period's value becomes available (period end + processing lag), in days.
    Posts are observable when written; the aggregate is only produced at the end of its period."""
    age = (period_ends - dates).dt.days.to_numpy(float) + 1.0  # the value is ready at the end of its last day
    return float(np.median(age)) + processing_days


# --- precision ----------------------------------------------------------------------------------------------

def se_mean(sd: float, n: float, deff: float = 1.0) -> float:
    """SE of a mean: s·√(deff/n)."""
    return sd * math.sqrt(deff / n)


def kish_neff(weights: Iterable[float]) -> float:
    """Kish effective sample size (Σw)²/Σw²."""
    w = np.asarray(list(weights), dtype=float)
    return float(w.sum() ** 2 / (w**2).sum())


def wilson(k, n, z: float = Z95):
    """Wilson score interval for k successes out of n (vectorised); NaN where n = 0."""
    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = p + z * z / (2 * n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        denom = 1 + z * z / n
        return (centre - half) / denom, (centre + half) / denom


def se_proportion(p, n):
    return np.sqrt(np.asarray(p, float) * (1 - np.asarray(p, float)) / np.asarray(n, float))


def mdc(se1: float, se2: float, z: float = Z_LITERAL) -> float:
    """Minimum detectable change between two periods, z·√(SE₁² + SE₂²) (z = 2.80 for 80% power)."""
    return z * math.sqrt(se1 * se1 + se2 * se2)


def sample_size(e: float, p: float = 0.5, z: float = Z_LITERAL) -> float:
    """n for a CI half-width e on a proportion: z²·p(1−p)/e²."""
    return z * z * p * (1 - p) / (e * e)


# --- completeness and frequency -----------------------------------------------------------------------------

def temporal_completeness(n_per_period: Iterable[float], n_min: int) -> float:
    """Share of periods in the window with n ≥ n_min (periods with no data must be passed as 0)."""
    n = np.asarray(list(n_per_period), dtype=float)
    return float((n >= n_min).mean()) if n.size else float("nan")


def segment_completeness(n_by_segment: Mapping[str, float], required: Iterable[str], n_min: int) -> float:
    """Share of required segments with n ≥ n_min."""
    req = list(required)
    if not req:
        return float("nan")
    return sum(n_by_segment.get(s, 0) >= n_min for s in req) / len(req)


def smi_frequency(dates: pd.Series, n_min: int, min_completeness: float = 0.8) -> tuple[float, str | None]:
    """Periods per year of the finest calendar granularity at which at least `min_completeness` of the periods
    in the observed window reach n ≥ n_min [SMAA convention]; (0, None) when even a year is too thin."""
    for name, per_year in GRANULARITIES.items():
        if name == "year":
            break
        counts = period_counts(dates, name)
        if temporal_completeness(counts, n_min) >= min_completeness:
            return per_year, name
    return 0.0, None


def period_counts(dates: pd.Series, granularity: str) -> np.ndarray:
    """Posts per calendar period over the full observed window, empty periods included as 0."""
    freq = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q"}[granularity]
    codes, days = pd.factorize(dates)  # each distinct day's period; the posts counted per day, then per period
    periods = days.to_period(freq)
    per_day = pd.Series(np.bincount(codes[codes >= 0], minlength=len(days)), index=periods)
    full = pd.period_range(periods.min(), periods.max(), freq=freq)
    return per_day.groupby(level=0).sum().reindex(full, fill_value=0).to_numpy()


def traditional_frequency(period_start: pd.Series, period_end: pd.Series) -> float:
    """Periods per year actually delivered: number of periods / years spanned (a monthly survey gives 12)."""
    start, end = pd.to_datetime(period_start), pd.to_datetime(period_end)
    span_days = (end.max() - start.min()).days + 1
    return len(start) / (span_days / 365.25)


# --- concentration ------------------------------------------------------------------------------------------

def top_share(counts: Iterable[float], share: float = 0.01) -> float:
    """Share of posts written by the top `share` of authors (at least one author)."""
    c = np.sort(np.asarray(list(counts), dtype=float))[::-1]
    k = max(1, math.ceil(share * c.size))
    return float(c[:k].sum() / c.sum())


def gini(counts: Iterable[float]) -> float:
    """Gini of posts per author: (2 Σ i·x_(i))/(n Σx) − (n+1)/n with x sorted ascending."""
    x = np.sort(np.asarray(list(counts), dtype=float))
    n = x.size
    return float(2 * np.sum(np.arange(1, n + 1) * x) / (n * x.sum()) - (n + 1) / n)


# --- scorer accuracy ----------------------------------------------------------------------------------------

def confusion(human: np.ndarray, scorer: np.ndarray, classes: tuple = CLASSES) -> np.ndarray:
    """Counts[i, j] = posts with human class i and scorer class j."""
    idx = {c: i for i, c in enumerate(classes)}
    h = np.vectorize(idx.get)(np.asarray(human))
    s = np.vectorize(idx.get)(np.asarray(scorer))
    out = np.zeros((len(classes), len(classes)), dtype=np.int64)
    np.add.at(out, (h, s), 1)
    return out


def accuracy(cm: np.ndarray) -> float:
    return float(np.trace(cm) / cm.sum())


def macro_f1(cm: np.ndarray) -> float:
    """Mean over classes of F1 = 2·TP/(2·TP + FP + FN); a class absent from both sides is skipped."""
    tp = np.diag(cm).astype(float)
    fp, fn = cm.sum(axis=0) - tp, cm.sum(axis=1) - tp
    denom = 2 * tp + fp + fn
    present = denom > 0
    return float(np.mean(2 * tp[present] / denom[present]))


def cohen_kappa(cm: np.ndarray) -> float:
    """(p_o − p_e)/(1 − p_e), p_e = Σ_c p_1c·p_2c (methods.md M1)."""
    n = cm.sum()
    p_o = np.trace(cm) / n
    p_e = float(np.sum(cm.sum(axis=1) * cm.sum(axis=0))) / (n * n)
    return float((p_o - p_e) / (1 - p_e)) if p_e < 1 else float("nan")


# --- consistency and measurability --------------------------------------------------------------------------

def duplicate_rate(duplicated_ids: int, n_rows: int) -> float:
    return duplicated_ids / n_rows if n_rows else float("nan")


def measurability(items: Mapping[str, bool] | None) -> int | None:
    """Checklist score 0–5 (defined formula, unit/scale, deterministic recomputation, lineage, frequency);
    None when the checklist was not declared."""
    if items is None:
        return None
    unknown = sorted(set(items) - set(MEASURABILITY_ITEMS))
    if unknown:
        raise AnalysisError(f"value.measurability: unknown item(s) {unknown}; expected {list(MEASURABILITY_ITEMS)}")
    return sum(bool(items.get(k, False)) for k in MEASURABILITY_ITEMS)


# --- normalisation for the profile chart ---------------------------------------------------------------------

def score_latency(days: float) -> float:
    """1/(1 + latency in weeks): same-day 1, one week 0.5, a month ≈ 0.19 [SMAA convention]."""
    return 1.0 / (1.0 + max(days, 0.0) / 7.0)


def score_frequency(per_year: float) -> float:
    """log(periods per year)/log(365), clipped to 0–1: daily 1, weekly 0.67, monthly 0.42, yearly 0."""
    return float(np.clip(math.log(max(per_year, 1.0)) / math.log(365.0), 0.0, 1.0))


def score_precision(half_width: float, scale_range: float) -> float:
    """1 − half-width/(10% of the scale range), clipped: a ±10%-of-range interval scores 0 [SMAA convention]."""
    return float(np.clip(1.0 - half_width / (0.1 * scale_range), 0.0, 1.0))
