"""M9 correlation, lead/lag and agreement between an SMI series and a traditional series (pure functions).

Temporal alignment re-aggregates from post level (sufficient statistics per group × period), never from
weekly means. Small-n rules of methods.md M9 are applied here and expressed as a value None (or no interval)
plus a plain-English `reason`: no inferential statement for n < 6, no resampling for n < 12, no lead/lag
analysis for n < 20.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special  # not scipy.stats: importing it costs ~1 s a build, for the same numbers

from ...facts import PERIODS, SMI_MEASURES as MEASURES  # value.period and value.smi_measure choices
from . import aggregate

Z95 = float(special.ndtri(0.975))
Z_LITERAL = 1.96  # Bland–Altman limits and CCF bounds are conventionally written with 1.96
LITERATURE = [
    {"name": "Bland–Altman limits of agreement", "value": f"bias ± {Z_LITERAL} SD of the differences",
     "source": "Bland & Altman (1986), The Lancet 327(8476)"},
    {"name": "Cross-correlation significance bounds", "value": f"± {Z_LITERAL}/√n",
     "source": "Box & Jenkins (1976), Time Series Analysis; after pre-whitening"},
]
MIN_INFERENCE = 6
MIN_BOOTSTRAP = 12
MIN_CCF = 20


@dataclass
class Corr:
    """A correlation with its interval and test; `estimate` None when not computable, `ci`/`p` None when no
    inferential statement is allowed (see `reason`)."""

    estimate: float | None
    n: int
    ci: tuple[float, float] | None = None
    p: float | None = None
    reason: str = ""
    extra: dict = field(default_factory=dict)


# --- correlation with intervals ------------------------------------------------------------------------------

def _pairs(x, y) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    return x[ok], y[ok]


def fisher_ci(r: float, n: float, conf: float = 0.95, se_scale: float = 1.0) -> tuple[float, float]:
    """tanh(atanh r ± z·SE), SE = se_scale/√(n − 3)."""
    z = float(special.ndtri(0.5 + conf / 2))
    with np.errstate(divide="ignore"):
        centre = np.arctanh(np.clip(r, -1.0, 1.0))
    half = z * se_scale / math.sqrt(n - 3)
    return float(np.tanh(centre - half)), float(np.tanh(centre + half))


def t_test(r: float, n: float) -> tuple[float, float, float]:
    """t = r√((n−2)/(1−r²)), df = n − 2, two-sided p."""
    df = n - 2
    if abs(r) >= 1:
        return math.copysign(math.inf, r), df, 0.0
    t = r * math.sqrt(df / (1 - r * r))
    return t, df, float(2 * special.stdtr(df, -abs(t)))  # Student's t survival function


def _small_n(r: float, n: int, what: str, ci: tuple | None) -> Corr:
    ci_txt = f"; its 95% interval [{ci[0]:.3f}, {ci[1]:.3f}] shows how inconclusive it is" if ci else ""
    reason = f"n = {n} (< {MIN_INFERENCE}): {what} is descriptive only, no inferential statement{ci_txt}"
    return Corr(r, n, None, None, reason, {"descriptive_ci": ci})


def pearson(x, y, n_eff: float | None = None, conf: float = 0.95) -> Corr:
    """Pearson r, Fisher CI and t test; with `n_eff` (autocorrelated series) it replaces n in SE and df."""
    x, y = _pairs(x, y)
    n = x.size
    if n < 3 or np.std(x) == 0 or np.std(y) == 0:
        return Corr(None, n, reason=f"n = {n} pairs or a constant series: correlation not defined")
    r = float(np.corrcoef(x, y)[0, 1])
    if n < MIN_INFERENCE:
        return _small_n(r, n, "Pearson r", fisher_ci(r, n, conf) if n > 3 else None)
    m = n if n_eff is None else n_eff
    if m <= 3:
        return Corr(r, n, None, None, f"effective n = {m:.1f} (≤ 3): no interval", {"n_eff": m})
    t, df, p = t_test(r, m)
    return Corr(r, n, fisher_ci(r, m, conf), p, "", {"t": t, "df": df, "n_used": m})


def ranks(x: np.ndarray) -> np.ndarray:
    """Average ranks for ties (what scipy's rankdata gives, value for value)."""
    return pd.Series(x).rank(method="average").to_numpy(float)


def spearman(x, y, conf: float = 0.95) -> Corr:
    """Spearman ρ (average ranks for ties) with the Bonett–Wright (2000) CI and scipy's t-approximation p."""
    x, y = _pairs(x, y)
    n = x.size
    if n < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return Corr(None, n, reason=f"n = {n} pairs or a constant series: correlation not defined")
    rho = float(np.corrcoef(ranks(x), ranks(y))[0, 1])
    if abs(rho) > 1 - 1e-12:  # identical rankings give 1 up to rounding
        rho = math.copysign(1.0, rho)
    se_scale = math.sqrt(1 + rho * rho / 2)
    if abs(rho) >= 1:
        return Corr(rho, n, None, None, "|ρ| = 1: CI not estimable (Bonett–Wright undefined)")
    if n < MIN_INFERENCE:
        return _small_n(rho, n, "Spearman ρ", fisher_ci(rho, n, conf, se_scale) if n > 3 else None)
    _, df, p = t_test(rho, n)
    return Corr(rho, n, fisher_ci(rho, n, conf, se_scale), p, "", {"df": df})


def lag1(x) -> float:
    """Lag-1 autocorrelation Σ(x_t − x̄)(x_{t+1} − x̄)/Σ(x_t − x̄)² (statsmodels acf definition)."""
    d = np.asarray(x, dtype=float) - np.mean(x)
    return float(np.dot(d[:-1], d[1:]) / np.dot(d, d))


def effective_n(x, y) -> tuple[float, float, float]:
    """Bretherton et al. (1999): n(1 − r₁r₂)/(1 + r₁r₂); returns (n_eff, r₁, r₂).
    It exceeds n when r₁r₂ < 0; callers cap it at n before using it for inference (never claim more
    information than there are periods)."""
    x, y = _pairs(x, y)
    r1, r2 = lag1(x), lag1(y)
    return float(x.size * (1 - r1 * r2) / (1 + r1 * r2)), r1, r2


def _rowwise_r(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    xm = xs - xs.mean(axis=1, keepdims=True)
    ym = ys - ys.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (xm * ym).sum(axis=1) / np.sqrt((xm * xm).sum(axis=1) * (ym * ym).sum(axis=1))


def block_bootstrap(x, y, b: int = 2000, seed: int = 0, block: int | None = None, conf: float = 0.95) -> Corr:
    """Circular block bootstrap of the (x_t, y_t) pairs jointly, block ⌈n^(1/3)⌉, percentile CI of r."""
    x, y = _pairs(x, y)
    n = x.size
    if n < MIN_BOOTSTRAP:
        return Corr(None, n, reason=f"n = {n} periods (< {MIN_BOOTSTRAP}): too short for resampling; analytic CI only")
    length = block or math.ceil(n ** (1 / 3))
    k = math.ceil(n / length)
    starts = np.random.default_rng(seed).integers(0, n, size=(b, k))
    idx = ((starts[:, :, None] + np.arange(length)) % n).reshape(b, k * length)[:, :n]
    r = _rowwise_r(x[idx], y[idx])
    lo, hi = np.nanpercentile(r, [50 * (1 - conf), 50 * (1 + conf)])
    return Corr(float(np.corrcoef(x, y)[0, 1]), n, (float(lo), float(hi)), None, "",
                {"block": length, "b": b, "seed": seed, "degenerate": int(np.isnan(r).sum())})


# --- lead/lag ------------------------------------------------------------------------------------------------

def ccf(x, y, max_lag: int) -> pd.DataFrame:
    """CCF(k) = corr(x_t, y_{t+k}) on the overlapping pairs, k = −K..K (k > 0: x leads)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    rows = []
    for k in range(-max_lag, max_lag + 1):
        a, b = (x[: x.size - k], y[k:]) if k >= 0 else (x[-k:], y[: y.size + k])
        ok = a.size >= 3 and np.ptp(a) > 0 and np.ptp(b) > 0
        rows.append({"lag": k, "ccf": float(np.corrcoef(a, b)[0, 1]) if ok else float("nan"), "n": int(a.size)})
    return pd.DataFrame(rows)


def _lag_matrix(x: np.ndarray, p: int, start: int) -> np.ndarray:
    cols = [np.ones(x.size - start)] + [x[start - i : x.size - i] for i in range(1, p + 1)]
    return np.column_stack(cols)


def ar_fit(x, max_p: int = 2) -> tuple[int, np.ndarray]:
    """AR(p), p ≤ max_p, by OLS; p chosen by AIC = m·ln(σ̂²) + 2(p+1) on the common sample t ≥ max_p; the
    chosen order is refitted on all usable observations. Returns (p, [const, φ1..φp])."""
    x = np.asarray(x, dtype=float)
    target = x[max_p:]
    aic = []
    for p in range(max_p + 1):
        coef, *_ = np.linalg.lstsq(_lag_matrix(x, p, max_p), target, rcond=None)
        rss = float(np.sum((target - _lag_matrix(x, p, max_p) @ coef) ** 2))
        aic.append(target.size * math.log(max(rss, 1e-300) / target.size) + 2 * (p + 1))
    p = int(np.argmin(aic))
    coef, *_ = np.linalg.lstsq(_lag_matrix(x, p, p), x[p:], rcond=None)
    return p, coef


def ar_filter(z: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """Apply the AR filter 1 − Σφ_i B^i to the demeaned series (drops the first p values)."""
    d = np.asarray(z, dtype=float) - np.mean(z)
    p = phi.size
    out = d[p:].copy()
    for i in range(1, p + 1):
        out -= phi[i - 1] * d[p - i : d.size - i]
    return out


def prewhitened_ccf(x, y, max_lag: int, max_p: int = 2) -> tuple[pd.DataFrame, dict]:
    """Box–Jenkins pre-whitening: AR(p) fitted to x, the same filter applied to x and y, then the CCF with
    bounds ±1.96/√(n−|k|) and two-sided normal p-values."""
    p, coef = ar_fit(x, max_p)
    xw, yw = ar_filter(np.asarray(x, float), coef[1:]), ar_filter(np.asarray(y, float), coef[1:])
    table = ccf(xw, yw, max_lag)
    table["bound"] = Z_LITERAL / np.sqrt(table["n"])
    table["p"] = 2 * special.ndtr(-np.abs(table["ccf"]) * np.sqrt(table["n"]))  # the normal survival function
    return table, {"ar_order": p, "ar_coef": [float(c) for c in coef]}


# --- agreement -----------------------------------------------------------------------------------------------

def bland_altman(a, b, z: float = Z_LITERAL) -> dict:
    """Differences d = a − b: bias, SD (n−1), limits of agreement bias ± z·SD."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    bias, sd = float(d.mean()), float(d.std(ddof=1))
    return {"bias": bias, "sd": sd, "loa": (bias - z * sd, bias + z * sd), "n": int(d.size), "diff": d}


def standardise(v) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    return (v - v.mean()) / v.std(ddof=1)


def bland_altman_z(x, y) -> dict:
    """Bland–Altman on z-standardised series: bias 0 and SD √(2(1 − r)) — it only re-expresses r."""
    x, y = _pairs(x, y)
    return bland_altman(standardise(x), standardise(y))


def calibrate(x_train, y_train) -> tuple[float, float]:
    """OLS y = a + b·x on the training window."""
    b, a = np.polyfit(np.asarray(x_train, float), np.asarray(y_train, float), 1)
    return float(a), float(b)


def bland_altman_calibrated(x, y, train: np.ndarray, mdc=None) -> dict:
    """Calibrate x to y's scale on the `train` periods, then Bland–Altman of ŷ − y on the hold-out periods and
    the share of hold-out periods with |d| ≤ the survey MDC (scalar or per period)."""
    x, y, train = np.asarray(x, float), np.asarray(y, float), np.asarray(train, bool)
    a, b = calibrate(x[train], y[train])
    hold = ~train
    y_hat = a + b * x[hold]
    out = bland_altman(y_hat, y[hold]) | {"a": a, "b": b, "y_hat": y_hat, "mean": (y_hat + y[hold]) / 2}
    if mdc is not None:
        limit = np.broadcast_to(np.asarray(mdc, float), x.shape)[hold]
        out["within_mdc"] = float(np.mean(np.abs(out["diff"]) <= limit))
    return out


# --- multiple testing ----------------------------------------------------------------------------------------

def _adjust(p, step) -> np.ndarray:
    """Apply `step(sorted p, m)` to the finite p-values in ascending order; NaN entries stay NaN, uncounted."""
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    order = ok[np.argsort(p[ok], kind="mergesort")]
    out[order] = np.minimum(step(p[order], order.size), 1.0)
    return out


def holm(p) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values."""
    return _adjust(p, lambda ps, m: np.maximum.accumulate((m - np.arange(m)) * ps))


def benjamini_hochberg(p) -> np.ndarray:
    """BH: p_adj(i) = min_{j ≥ i} m·p_(j)/j, capped at 1."""
    return _adjust(p, lambda ps, m: np.minimum.accumulate((m * ps / np.arange(1, m + 1))[::-1])[::-1])


# --- temporal alignment ------------------------------------------------------------------------------------

def period_starts(dates: pd.Series, period: str) -> pd.Series:
    """First day of the calendar period of each (naive, midnight) date: ISO weeks start on Monday. The calendar
    arithmetic runs once per distinct date (a million posts fall on a few hundred days)."""
    codes, days = pd.factorize(pd.to_datetime(dates), use_na_sentinel=False)
    start = _period_starts(days.to_numpy("datetime64[D]"), period)
    return pd.Series(start.astype("datetime64[ns]")[codes], index=getattr(dates, "index", None))


def _period_starts(d: np.ndarray, period: str) -> np.ndarray:
    if period == "day":
        start = d
    elif period == "week":
        start = d - ((d.astype("int64") + 3) % 7)  # 1970-01-01 was a Thursday (weekday 3)
    elif period == "month":
        start = d.astype("datetime64[M]").astype("datetime64[D]")
    elif period == "quarter":
        months = d.astype("datetime64[M]").astype("int64")
        start = (months - months % 3).astype("datetime64[M]").astype("datetime64[D]")
        start[np.isnat(d)] = np.datetime64("NaT")  # NaT's integer is no month: a missing date stays missing
    else:
        raise ValueError(f"period must be one of {PERIODS[:-1]}, got {period!r}")
    return start


def period_end(start: pd.Series, period: str) -> pd.Series:
    step = {"day": pd.DateOffset(days=1), "week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1),
            "quarter": pd.DateOffset(months=3)}[period]
    return start + step - pd.Timedelta(days=1)


def period_label(start: pd.Series, period: str) -> pd.Series:
    if period == "week":
        return start.dt.strftime("%G-W%V")
    if period == "month":
        return start.dt.strftime("%Y-%m")
    if period == "quarter":
        return start.dt.year.astype(str) + "Q" + start.dt.quarter.astype(str)
    return start.dt.strftime("%Y-%m-%d")


def post_stats(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Sufficient statistics per group from post level: n, Σs, Σs², #negative, #positive (NaN scores dropped),
    summed over fixed row chunks in order (aggregate.py), on the Dask cluster when one is named."""
    return aggregate.grouped_sums(post_stats_chunk, frame[list(by) + ["score", "cls"]], by)


def post_stats_chunk(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """`post_stats` of one chunk of posts (a Dask task of that name on a cluster)."""
    f = frame.loc[np.isfinite(frame["score"].to_numpy(float)), by + ["score", "cls"]]
    f = f.assign(sq=f["score"] ** 2, neg=(f["cls"] == -1).astype(np.int64), pos=(f["cls"] == 1).astype(np.int64))
    g = f.groupby(by, sort=True, observed=True, dropna=False)
    return g.agg(n=("score", "size"), sum=("score", "sum"), sumsq=("sq", "sum"), neg=("neg", "sum"),
                 pos=("pos", "sum")).reset_index()


def measure_values(st: pd.DataFrame, measure: str, n_min: int) -> pd.DataFrame:
    """SMI value, SE and 95% CI per row of sufficient statistics; missing (NaN) where n < n_min."""
    n = st["n"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p_neg, p_pos = st["neg"].to_numpy(float) / n, st["pos"].to_numpy(float) / n
        if measure == "mean_compound":
            value = st["sum"].to_numpy(float) / n
            var = np.maximum(st["sumsq"].to_numpy(float) - n * value**2, 0) / (n - 1)
            se = np.sqrt(var / n)
            lo, hi = value - Z95 * se, value + Z95 * se
        elif measure == "share_negative":
            value, se = p_neg, np.sqrt(p_neg * (1 - p_neg) / n)
            from .quality import wilson  # one Wilson implementation for the whole chapter

            lo, hi = wilson(st["neg"].to_numpy(float), n)
        elif measure == "net_sentiment":
            value = p_pos - p_neg
            se = np.sqrt(np.maximum(p_pos + p_neg - value**2, 0) / n)
            lo, hi = value - Z95 * se, value + Z95 * se
        else:
            raise ValueError(f"measure must be one of {MEASURES}, got {measure!r}")
    ok = n >= n_min
    out = pd.DataFrame({"smi": value, "smi_n": n.astype(int), "smi_se": se, "smi_ci_low": lo, "smi_ci_high": hi})
    out.loc[~ok, ["smi", "smi_se", "smi_ci_low", "smi_ci_high"]] = np.nan
    return out


def traditional_values(trad: pd.DataFrame) -> pd.DataFrame:
    """Traditional value with n, SE = sd·√(deff/n) and 95% CI where sd and n_respondents are given."""
    n = pd.to_numeric(trad.get("n_respondents", pd.Series(np.nan, index=trad.index)), errors="coerce")
    sd = pd.to_numeric(trad.get("sd", pd.Series(np.nan, index=trad.index)), errors="coerce")
    deff = pd.to_numeric(trad.get("deff", pd.Series(1.0, index=trad.index)), errors="coerce").fillna(1.0)
    value = pd.to_numeric(trad["value"], errors="coerce")
    se = sd * np.sqrt(deff / n)
    return pd.DataFrame({"traditional": value.to_numpy(float), "traditional_n": n.to_numpy(float),
                         "traditional_se": se.to_numpy(float), "traditional_ci_low": (value - Z95 * se).to_numpy(float),
                         "traditional_ci_high": (value + Z95 * se).to_numpy(float)}, index=trad.index)


def window_stats(st_daily: pd.DataFrame, windows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Sum daily sufficient statistics over each window [period_start, period_end] (dates inclusive, same
    values of `by`): survey fieldwork windows need not follow the calendar and may overlap."""
    cols = ["n", "sum", "sumsq", "neg", "pos"]
    dates = st_daily["date"].to_numpy("datetime64[ns]")
    rows = []
    for _, w in windows.iterrows():
        mask = (dates >= np.datetime64(w["period_start"], "ns")) & (dates <= np.datetime64(w["period_end"], "ns"))
        for b in by:
            mask &= (st_daily[b] == w[b]).to_numpy(bool)
        rows.append(st_daily.loc[mask, cols].sum())
    return pd.DataFrame(rows, index=windows.index, columns=cols).fillna(0)


def align(posts: pd.DataFrame, trad: pd.DataFrame, period: str, measure: str, n_min: int,
          by: list[str] = ()) -> pd.DataFrame:
    """One row per traditional row (period, and `by` e.g. brand): the SMI measure re-aggregated from the posts
    (columns date, score, cls and `by`) whose local date falls in that period, with n, SE and CI."""
    by = list(by)
    t = trad.copy()
    t["period_start"] = pd.to_datetime(t["period_start"])
    t["period_end"] = pd.to_datetime(t["period_end"])
    if period == "fieldwork":
        daily = post_stats(posts, by + ["date"])
        st = window_stats(daily, t, by)
        t["period"] = t["period_start"].dt.strftime("%Y-%m-%d") + "–" + t["period_end"].dt.strftime("%Y-%m-%d")
    else:
        p = posts[by + ["score", "cls"]].assign(key=period_starts(posts["date"], period).to_numpy())
        t["key"] = period_starts(t["period_start"], period).to_numpy()
        stats_ = post_stats(p, by + ["key"])
        st = t[by + ["key"]].merge(stats_, on=by + ["key"], how="left").fillna(0)
        st.index = t.index
        t["period"] = period_label(t["key"], period)
        t["period_start"], t["period_end"] = t["key"], period_end(t["key"], period)
    out = pd.concat([t[by + ["period", "period_start", "period_end"]],
                     measure_values(st.reset_index(drop=True), measure, n_min).set_index(t.index),
                     traditional_values(t)], axis=1)
    return out.sort_values(by + ["period_start"], ignore_index=True)
