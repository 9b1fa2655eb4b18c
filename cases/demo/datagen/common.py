"""Shared pieces of the demo generator: seeded streams, calendar, the latent satisfaction series, CSV writing."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

SEED = 2026
PHI = 0.6  # AR(1) coefficient of the monthly latent satisfaction
FIRST_MONTH, N_MONTHS = (2024, 4), 24
BRAND, BRAND_HANDLE = "Heron", "HeronStores"
STREAMS = {"latent": 1, "posts": 2, "csat": 3, "people": 4, "codes": 5, "ratings": 6, "kpis": 7,
           "reference": 8, "double": 9}
ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def stream(name: str) -> np.random.Generator:
    return np.random.default_rng([SEED, STREAMS[name]])


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def months() -> list[dt.date]:
    y, m = FIRST_MONTH
    return [dt.date(y + (m - 1 + k) // 12, (m - 1 + k) % 12 + 1, 1) for k in range(N_MONTHS)]


def month_end(first: dt.date) -> dt.date:
    nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def latent_series() -> np.ndarray:
    """Monthly latent satisfaction, index 0 = burn-in month before FIRST_MONTH."""
    rng = stream("latent")
    s = np.empty(N_MONTHS + 1)
    s[0] = rng.normal(0, 1 / np.sqrt(1 - PHI**2))
    for t in range(1, N_MONTHS + 1):
        s[t] = PHI * s[t - 1] + rng.normal()
    return s


def token(rng: np.random.Generator, n: int, alphabet: str = ID_ALPHABET) -> str:
    return "".join(alphabet[i] for i in rng.integers(0, len(alphabet), n))



def pick(rng: np.random.Generator, seq):
    return seq[int(rng.integers(0, len(seq)))]

