"""M7 scales: the default risk catalogue (R1-R8), the piecewise indicator -> likelihood criteria, and the bands of
the 5x5 matrix with Cox's (2008) consistency checks. Pure and case-independent; smaa_build.analyses.risk.risk uses them.

Criteria are ((upper_bound, likelihood), ...): a value below `upper_bound` gets that likelihood, the first match
wins, the last bound is +inf. Lower bounds are therefore inclusive ("0.10-0.20 -> L4" means 0.10 <= J < 0.20).
R1 and R2 follow methods.md M7; the others are [SMAA convention] defaults, overridable per case.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...errors import AnalysisError
from ...i18n import N_  # marks the titles for translation where the report prints them
from ...facts import RISK_BANDS as BANDS, RISK_HIGH_PLUS as HIGH_PLUS  # changes.py and the pages read them too

INF = math.inf
METHODS = "methods.md M7"
OURS = "SMAA convention"


BAND_MIN = {"Medium": 5, "High": 10, "Very high": 20}  # minimum score of each band above Low [SMAA convention]


class RiskConfigError(AnalysisError):
    """The case's risk configuration (criteria, bands, overrides, manual risks) is unusable."""


@dataclass(frozen=True)
class RiskDef:
    id: str
    family: str
    title: str
    cause: str
    consequence: str
    indicator: str
    indicator_label: str
    scope: str  # "department" | "company": the level the risk is rated at when the indicator allows
    criteria: tuple
    criteria_source: str
    treatment: str


def _up(*pairs) -> tuple:  # risk rises with the indicator
    return tuple(pairs) + ((INF, 5),)


def _down(*pairs) -> tuple:  # risk falls as the indicator rises
    return tuple(pairs) + ((INF, 1),)


CATALOGUE = {r.id: r for r in [
    RiskDef("R1", "Alignment", N_("Vertical misalignment"),
            "SMI produced at operational level is not used or understood by management",
            "Decisions ignore customer signals; operational effort on SMI is wasted",
            "vai", N_("vertical alignment index"), "department",
            _down((0.4, 5), (0.6, 4), (0.7, 3), (0.8, 2)), METHODS,
            N_("Route agreed SMI indicators into the management report and review them at management meetings")),
    RiskDef("R2", "Alignment", N_("Horizontal silos"),
            "Functions use incompatible SMI KPIs and share no SMI across functions",
            "Conflicting pictures of the same customers; duplicated collection; no joint response",
            "kpi_jaccard_mean", N_("mean KPI overlap (Jaccard)"), "department",
            _down((0.10, 5), (0.20, 4), (0.35, 3), (0.50, 2)), METHODS,
            N_("Agree a shared core of SMI KPIs with one definition each and a shared dashboard")),
    RiskDef("R3", "Indicators", N_("Measurement fragility"),
            "SMI is collected by hand and not validated",
            "Errors and gaps in reported figures; results cannot be repeated",
            "manual_share", N_("share of manual collection"), "department",
            _up((0.2, 1), (0.4, 2), (0.6, 3), (0.8, 4)), OURS,
            N_("Automate recurring collection and add a data-quality check before reporting")),
    RiskDef("R4", "Governance", N_("Governance and ownership gap"),
            "No owner, policy or shared definitions for SMI",
            "Nobody answers for SMI figures; definitions drift",
            "governance_coverage", N_("share of governance elements in place"), "company",
            _down((0.2, 5), (0.4, 4), (0.6, 3), (0.8, 2)), OURS,
            N_("Name an accountable SMI owner and adopt a short SMI policy with a KPI dictionary")),
    RiskDef("R5", "Decision use", N_("Misuse of SMI in evaluation and incentives"),
            "SMI of low data quality is used to evaluate or reward people",
            "Unfair evaluations and gaming of social-media metrics",
            "evaluation_misuse", N_("evaluation use x (1 - data quality)"), "department",
            _up((0.05, 1), (0.10, 2), (0.20, 3), (0.30, 4)), OURS,
            N_("Use in evaluation only SMI that passes the data-quality review, paired with a traditional indicator")),
    RiskDef("R6", "Decision use", N_("Slow escalation of social-media signals"),
            "Signals seen on social media take long to reach a decision owner",
            "A crisis grows before anyone with authority responds",
            "escalation_latency_h", N_("median escalation time (hours)"), "company",
            _up((2, 1), (8, 2), (24, 3), (72, 4)), OURS,
            N_("Define escalation thresholds and an on-call route to decision owners; rehearse it")),
    RiskDef("R7", "Governance", N_("Key-person concentration of SMI know-how"),
            "SMI know-how sits with a few people",
            "Loss of capability when they leave or are absent",
            "gini_intensity", N_("Gini of SMI intensity"), "company",
            _up((0.15, 1), (0.30, 2), (0.45, 3), (0.60, 4)), OURS,
            N_("Document SMI routines, name deputies and train one person per function")),
    RiskDef("R8", "Compliance", N_("Privacy and compliance in SMI processing"),
            "Personal data in social-media information is processed without adequate controls",
            "Regulatory sanctions and loss of trust",
            "privacy_controls_share", N_("share of privacy controls in place"), "company",
            _down((0.2, 5), (0.4, 4), (0.6, 3), (0.8, 2)), OURS,
            N_("Complete the DPIA, minimise the fields kept, set retention and restrict access to raw SMI")),
]}


def criteria_text(criteria) -> str:
    """'< 0.1 -> 5; 0.1 to < 0.2 -> 4; ...; >= 0.5 -> 1'"""
    parts, lower = [], None
    for bound, lik in criteria:
        if lower is None:
            parts.append(f"< {bound:g} -> {lik}")
        elif bound == INF:
            parts.append(f">= {lower:g} -> {lik}")
        else:
            parts.append(f"{lower:g} to < {bound:g} -> {lik}")
        lower = bound
    return "; ".join(parts)


def level(v, where: str) -> int:
    """A likelihood or impact rating: an integer 1-5."""
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != int(v) or not 1 <= v <= 5:
        raise RiskConfigError(f"{where}: expected an integer from 1 to 5, got {v!r}")
    return int(v)


def _bound(v, where: str) -> float:
    if v is None or (isinstance(v, str) and v.strip().lower() in (".inf", "inf", "null", "")):
        return INF
    if isinstance(v, bool) or not isinstance(v, (int, float)) or math.isnan(v):
        raise RiskConfigError(f"{where}: expected a number or null, got {v!r}")
    return float(v)


def parse_criteria(raw, where: str) -> tuple:
    """[[bound, L], ..., [null, L]] -> ((bound, L), ...), bounds strictly increasing, the last one +inf."""
    if not isinstance(raw, (list, tuple)) or not raw:
        raise RiskConfigError(f"{where}: expected a list of [upper_bound, likelihood] pairs")
    out: list[tuple[float, int]] = []
    for i, pair in enumerate(raw):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise RiskConfigError(f"{where}[{i}]: expected [upper_bound, likelihood], got {pair!r}")
        bound = _bound(pair[0], f"{where}[{i}] bound")
        if out and bound <= out[-1][0]:
            raise RiskConfigError(f"{where}[{i}]: bounds must increase ({bound:g} after {out[-1][0]:g})")
        out.append((bound, level(pair[1], f"{where}[{i}] likelihood")))
    if out[-1][0] != INF:
        raise RiskConfigError(f"{where}: the last pair needs bound null (no upper limit), e.g. [null, 1]")
    return tuple(out)


def likelihood(value: float, criteria) -> int:
    """Likelihood of the first interval whose upper bound exceeds the value."""
    return next(lik for bound, lik in criteria if value < bound)


def interval_text(value: float, criteria) -> str:
    """The criterion interval the value falls in, e.g. '0.1 to < 0.2'."""
    lower = -INF
    for bound, _ in criteria:
        if value < bound:
            break
        lower = bound
    if lower == -INF:
        return f"< {bound:g}"
    return f">= {lower:g}" if bound == INF else f"{lower:g} to < {bound:g}"


def criteria_rows(criteria_by_risk: dict) -> list[dict]:
    """Long table of every criterion interval, for the methodology appendix and the indicator -> L trace."""
    rows = []
    for rid, criteria in sorted(criteria_by_risk.items()):
        lower = None
        for bound, lik in criteria:
            rows.append({"risk_id": rid, "indicator_name": CATALOGUE[rid].indicator, "from": lower,
                         "to": None if bound == INF else bound, "likelihood": lik})
            lower = bound
    return rows


# ---------------------------------------------------------------- bands and Cox's checks
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
    cells = [(lik, imp) for lik in range(1, 6) for imp in range(1, 6)]
    out = [f"cell L{c[0]}xI{c[1]} has no band" for c in cells if c not in grid]
    out += [f"cell L{c[0]}xI{c[1]} has unknown band {b!r}" for c, b in sorted(grid.items()) if b not in rank]
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


CONVENTIONS = [
    {"name": f"risk.criteria.{r.id}", "value": f"{r.indicator}: {criteria_text(r.criteria)}",
     "source": "SMAA convention (methods.md M7)" if r.criteria_source == METHODS else "SMAA convention"}
    for r in CATALOGUE.values()
] + [{"name": "risk.criteria.intervals", "value": "lower bound inclusive, upper bound exclusive",
      "source": "SMAA convention"}]
