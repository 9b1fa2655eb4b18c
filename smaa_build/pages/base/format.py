"""Numbers as the report prints them (report-style.md): indices 2 d.p., percentages 0 d.p. in text and 1 d.p. in
tables, correlations 2 d.p., p-values as "p = 0.03" or "p < 0.001", thousands separators, units."""

from __future__ import annotations

import math

PERCENT_UNITS = {"share", "%"}


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def number(value, decimals: int = 2) -> str:
    if is_missing(value):
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or (isinstance(value, float) and decimals == 0):
        return f"{round(value):,}"
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and not any(ch in "123456789" for ch in text):
        text = text[1:]  # a value that rounds to zero is printed without a sign
    return text.replace("-", "−")


def percent(share, table: bool = False) -> str:
    """A share in [0, 1] as a percentage: 0 d.p. in text, 1 d.p. in tables."""
    if is_missing(share):
        return "–"
    return f"{share * 100:,.{1 if table else 0}f}%"


def pvalue(p) -> str:
    if is_missing(p):
        return "p not computed"
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.3f}" if p < 0.01 else f"p = {p:.2f}"


def value(v, unit: str = "", decimals: int = 2, table: bool = False) -> str:
    """Format by unit: share/% -> percent, r -> 2 d.p., count -> integer, else `decimals`."""
    if isinstance(v, str):
        return v
    if unit in PERCENT_UNITS:
        return percent(v, table)
    if unit == "count":
        return number(v, 0)
    if unit == "p":
        return pvalue(v)
    text = number(v, 2 if unit in ("r", "index") else decimals)
    return text if unit in ("", "r", "index", "count", "rank") else f"{text} {unit}"


def interval(ci, unit: str = "", decimals: int = 2, level: float | None = 0.95) -> str:
    if not ci or any(is_missing(x) for x in ci):
        return ""
    lo, hi = (value(x, unit, decimals) for x in ci)
    return f"{round((level or 0.95) * 100)}% CI {lo} to {hi}"


def cell(raw, kind: str = "text", decimals: int = 2) -> str:
    """A table cell's value as printed, by column kind; text comes back as str (the caller escapes it)."""
    if raw is None:
        return "–"
    if kind == "percent":
        return percent(raw, table=True)
    if kind == "int":
        return number(raw, 0)
    if kind == "number":
        return number(raw, decimals)
    if kind == "p":
        return pvalue(raw).replace("p = ", "").replace("p ", "")
    return str(raw)
