"""M7: risk register, 5x5 likelihood x impact matrix, and department -> company aggregation.

Each catalogue risk (R1-R8) has one driving indicator; its likelihood comes from piecewise criteria on that
indicator, its impact from the researcher (default 3, an [SMAA convention], until one is recorded); score = L x I.

The `indicators` argument maps indicator names to a company-wide value and optional per-department values:

    {"kpi_jaccard_mean": {"value": 0.21, "n": 34, "evidence": ["INT-4K2P9Q"],
                          "departments": {"<function id>": {"value": 0.06, "n": 6, "suppressed": False}, ...}}}

A bare number is read as a company-wide value with unknown n. `suppressed: true` (or n < k_min) hides the
indicator value and n in the register (the rating stays: it is a judgement about the department, M12).

Indicator names (value ranges; direction):
    vai                     R1  vertical alignment index, 0-1; low = misaligned (M4.3)
    kpi_jaccard_mean        R2  mean Jaccard overlap of a function's SMI KPIs with the other functions', 0-1; low = silo
    manual_share            R3  share of coded SMI collection that is manual, 0-1; high = fragile (M5)
    governance_coverage     R4  share of governance elements coded present (owner, policy, shared definitions), 0-1
    evaluation_misuse       R5  share of SMI uses that serve evaluation/incentives x (1 - data-quality score 0-1)
    escalation_latency_h    R6  median coded time from a social-media signal to a decision owner, hours
    gini_intensity          R7  Gini of SMI intensity across interviewees, 0-1; high = concentrated know-how
    privacy_controls_share  R8  share of coded privacy controls in place (DPIA, minimisation, retention, access), 0-1

Spec keys (all optional) under `risks:` criteria {Rk: [[upper_bound, L], ..., [null, L]]} (value < bound -> L; the
last bound is null = +inf) or "default"; bands {Medium: 5, High: 10, Very high: 20} (minimum score of each band);
default_impact; weights {function id: exposure} (default: organisation.functions[].headcount); overrides; manual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from smaa_build.errors import AnalysisError
from smaa_build.findings import Finding, Table

SECTION = "risk"
BANDS = ("Low", "Medium", "High", "Very high")
BAND_MIN = {"Medium": 5, "High": 10, "Very high": 20}
HIGH_PLUS = ("High", "Very high")
DEFAULT_IMPACT = 3
INF = math.inf

COX_CAVEATS = (
    "How to read the matrix (Cox 2008, 'What's wrong with risk matrices?'): likelihood and impact are ordinal "
    "ratings, so a score of 12 is not 'twice' a score of 6; the matrix compresses ranges, so quite different risks "
    "can share a cell; and it cannot order risks within a cell or across ties. Each rating is therefore shown with "
    "the indicator value and the number of interviewees behind it."
)


# ---------------------------------------------------------------- bands and Cox's checks


def parse_bands(raw) -> dict:
    """{Medium: 5, High: 10, Very high: 20} (minimum score of each band) -> validated and Cox-checked."""
    mins = dict(BAND_MIN)
    for name, v in (raw or {}).items():
        if name not in BAND_MIN:
            raise RiskConfigError(f"risks.bands: unknown band {name!r}; expected {', '.join(BAND_MIN)}")
        if isinstance(v, bool) or not isinstance(v, int) or not 2 <= v <= 25:
            raise RiskConfigError(f"risks.bands.{name}: expected an integer score from 2 to 25, got {v!r}")
        mins[name] = v
    if not mins["Medium"] < mins["High"] < mins["Very high"]:
        raise RiskConfigError(f"risks.bands: minimum scores must increase Medium < High < Very high, got {mins}")
    check_cox(band_grid(mins), where="risks.bands")
    return mins


def band_of(score: float, mins: dict = BAND_MIN) -> str:
    """Band of a (possibly non-integer, e.g. weighted) score: the highest band whose minimum it reaches."""
    return next((b for b in reversed(BANDS[1:]) if score >= mins[b]), BANDS[0])


def band_grid(mins: dict = BAND_MIN) -> dict:
    return {(lik, imp): band_of(lik * imp, mins) for lik in range(1, 6) for imp in range(1, 6)}


def cox_violations(grid: dict, low: str = BANDS[0], top: str = BANDS[-1]) -> list[str]:
    """Betweenness (no top cell shares an edge with a bottom cell), weak consistency (every top cell scores
    above every bottom cell) and monotonicity (band never falls as L or I rises) for any 5x5 colouring."""
    rank = {b: i for i, b in enumerate(BANDS)}
    out = []
    for (lik, imp), band in sorted(grid.items()):
        for nb in ((lik + 1, imp), (lik, imp + 1)):
            if nb not in grid:
                continue
            if {band, grid[nb]} == {low, top}:
                out.append(f"{grid[(lik, imp)]} cell L{lik}xI{imp} (score {lik * imp}) shares an edge with "
                           f"{grid[nb]} cell L{nb[0]}xI{nb[1]} (score {nb[0] * nb[1]})")
            if rank.get(grid[nb], 0) < rank.get(band, 0):
                out.append(f"band falls from {band} at L{lik}xI{imp} to {grid[nb]} at L{nb[0]}xI{nb[1]}")
    tops = [lik * imp for (lik, imp), b in grid.items() if b == top]
    lows = [lik * imp for (lik, imp), b in grid.items() if b == low]
    if tops and lows and min(tops) <= max(lows):
        out.append(f"a {top} cell scores {min(tops)}, not above the highest {low} cell ({max(lows)})")
    return out


def check_cox(grid: dict, where: str = "risk matrix") -> None:
    problems = cox_violations(grid)
    if problems:
        raise RiskConfigError(f"{where}: the banding breaks Cox's (2008) consistency rules: " + "; ".join(problems)
                              + ". Move the band limits so that a High or Medium band lies between Low and Very high.")
