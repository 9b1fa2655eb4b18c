"""The traditional indicator: a monthly CSAT phone survey partly led by the latent satisfaction series."""

from __future__ import annotations

import datetime as dt

import numpy as np

from .common import BRAND, N_MONTHS, latent_series, month_end, months, stream

CSAT_MEAN, CSAT_LOAD, W_SAME, W_LEAD, CSAT_NONSAMPLING_SD = 74.0, 1.2, 0.6, 0.45, 1.6


def csat_rows() -> list[list]:
    rng, s = stream("csat"), latent_series()
    rows = []
    for t, first in enumerate(months(), start=1):
        n, sd, deff = int(rng.integers(300, 401)), round(float(rng.uniform(15, 18)), 1), 1.2
        noise = rng.normal(0, CSAT_NONSAMPLING_SD) + rng.normal(0, sd * np.sqrt(deff / n))
        value = CSAT_MEAN + CSAT_LOAD * (W_SAME * s[t] + W_LEAD * s[t - 1]) + noise
        end = month_end(first)
        fieldwork_end = end - dt.timedelta(days=int(rng.integers(0, 3)))
        lag = 9 if t == N_MONTHS else int(rng.integers(14, 22))
        published = end + dt.timedelta(days=lag)
        published += dt.timedelta(days=(7 - published.weekday()) % 7 if published.weekday() >= 5 else 0)
        rows.append([first.isoformat(), end.isoformat(), f"{value:.1f}", BRAND, n, f"{sd:.1f}",
                     fieldwork_end.isoformat(), published.isoformat(), "1.2"])
    return rows


CSAT_HEADER = ["period_start", "period_end", "value", "brand", "n_respondents", "sd", "fieldwork_end",
               "published_at", "deff"]

