"""Synthetic cases for the SMI-value chapter: a latent monthly satisfaction drives both the posts' sentiment and a
CSAT survey, so the expected sign and rough size of every statistic are known."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import _spec
from _spec import merge
from smaa_build.spec.case import Case, freeze

WORDS = {1: "great lovely flight thanks", 0: "flight landed at gate", -1: "terrible delay awful service"}


def latent(n_periods: int, seed: int, phi: float = 0.5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.zeros(n_periods)
    out[0] = rng.normal() / np.sqrt(1 - phi**2)
    for t in range(1, n_periods):
        out[t] = phi * out[t - 1] + rng.normal()
    return out


def posts_frame(months: pd.DatetimeIndex, level: np.ndarray, seed: int, per_month: int = 60,
                brands: tuple = ("Acme",)) -> pd.DataFrame:
    rng = np.random.default_rng(seed + 1)
    rows = []
    for b, brand in enumerate(brands):
        for start, lv in zip(months, level + 0.3 * b):
            n = rng.poisson(per_month)
            day = rng.integers(0, start.days_in_month, n)
            hour = rng.integers(0, 24, n)
            score = np.clip(0.25 * lv + rng.normal(0, 0.5, n), -1, 1)
            cls = np.where(score >= 0.05, 1, np.where(score <= -0.05, -1, 0))
            for d, h, s, c in zip(day, hour, score, cls):
                ts = (start + pd.Timedelta(days=int(d), hours=int(h))).strftime("%Y-%m-%dT%H:%M:00+01:00")
                rows.append((ts, f"@{brand.lower()} {WORDS[int(c)]}", brand, f"u{rng.integers(0, 400)}",
                             {1: "positive", 0: "neutral", -1: "negative"}[int(c)], float(s)))
    df = pd.DataFrame(rows, columns=["created_at", "text", "brand", "author_id", "label", "score"])
    df.insert(0, "post_id", [f"p{i}" for i in range(len(df))])
    return df


def csat_frame(months: pd.DatetimeIndex, level: np.ndarray, seed: int, brands: tuple = ("Acme",)) -> pd.DataFrame:
    rng = np.random.default_rng(seed + 2)
    rows = []
    for b, brand in enumerate(brands):
        for start, lv in zip(months, level + 0.3 * b):
            end = start + pd.offsets.MonthEnd(0)
            rows.append((brand, start.date(), end.date(), 75 + 3 * lv + rng.normal(0, 1), 300, 15.0,
                         end.date(), (end + pd.Timedelta(days=10)).date()))
    return pd.DataFrame(rows, columns=["brand", "period_start", "period_end", "value", "n_respondents", "sd",
                                       "fieldwork_end", "published_at"])


# what validation leaves in every case.yaml and Case.settings reads (tests/_spec.py); a test's own spec merges it in
TYPED = merge(_spec.TYPED, {"engagement": {"id": "value-unit", "client": "Value Client"}})

BASE_SPEC = {
    "spec_version": 1,
    **TYPED,
    "data": {"posts": {"timezone": "Europe/Rome", "language": "en"},
             "traditional": {"scale": [0, 100], "period": "month", "measure": "CSAT"}},
    "value": {"area": "customer satisfaction", "smi_measure": "mean_compound", "design": "time_series",
              "scorer": "provided", "seed": 7, "n_min": 30},
}


def make_case(root: Path, n_months: int = 30, seed: int = 0, spec: dict | None = None,
              brands: tuple = ("Acme",)) -> Case:
    months = pd.date_range("2024-01-01", periods=n_months, freq="MS")
    level = latent(n_months, seed)
    tables = {"posts": posts_frame(months, level, seed, brands=brands),
              "traditional": csat_frame(months, level, seed, brands=brands)}
    full = merge(BASE_SPEC, spec or {})
    return Case(root=Path(root), spec_path=Path(root) / "case.yaml", spec=freeze(full), tables=tables)
