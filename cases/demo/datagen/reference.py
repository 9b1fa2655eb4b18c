"""The fictional benchmark reference set of past cases (methods.md M6)."""

from __future__ import annotations

import numpy as np

from .common import stream

N_REFERENCE = 40
SECTORS = ("J",) * 8 + ("M",) * 7 + ("G",) * 7 + ("C",) * 7 + ("K",) * 6 + ("H",) * 3 + ("Q",) * 2
SIZE_BANDS, SIZE_P = ("<250", "250-999", "1000-4999", ">=5000"), (.15, .30, .30, .25)
ORG_MODELS = ("hub_and_spoke", "centralised", "organic", "multiple_hub_and_spoke", "holistic")
ORG_P, ORG_EFFECT = (.40, .28, .15, .10, .07), (0.2, -0.1, -0.5, 0.5, 0.9)
SECTOR_EFFECT = {"J": 0.4, "M": 0.3, "G": 0.0, "C": -0.3, "K": -0.1, "H": 0.0, "Q": -0.4}


def reference_metrics(rng: np.random.Generator, maturity: float) -> list[str]:
    """hdi, vdi, hi, vai, kpi_jaccard, manual_share from one latent SMI maturity score."""
    def noisy(base, slope, sd, lo, hi):
        return f"{float(np.clip(base + slope * maturity + rng.normal(0, sd), lo, hi)):.3f}"
    return [noisy(.50, .12, .06, .10, .95), noisy(.70, .08, .08, .25, 1.0), noisy(.28, .07, .04, .05, .75),
            noisy(.68, .07, .07, .30, .98), noisy(.17, .06, .05, .0, .60), noisy(.48, -.12, .08, .05, .95)]


def reference_rows() -> list[list]:
    rng = stream("reference")
    sectors = rng.permutation(SECTORS)
    rows = []
    for k, sector in enumerate(sectors, start=1):
        year = int(rng.integers(2015, 2026))
        model = int(rng.choice(len(ORG_MODELS), p=ORG_P))
        maturity = rng.normal() + ORG_EFFECT[model] + SECTOR_EFFECT[str(sector)] + 0.08 * (year - 2020)
        size = str(rng.choice(SIZE_BANDS, p=SIZE_P))
        rows.append([f"REF-{k:02d}", str(sector), size, year, ORG_MODELS[model]] + reference_metrics(rng, maturity))
    return rows


REFERENCE_HEADER = ["case_id", "sector", "size_band", "year", "org_model", "hdi", "vdi", "hi", "vai", "kpi_jaccard",
                    "manual_share"]

