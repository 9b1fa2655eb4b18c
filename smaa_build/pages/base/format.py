"""Numbers as the report prints them (report-style.md): indices 2 d.p., percentages 0 d.p. in text and 1 d.p. in
tables, correlations 2 d.p., p-values as "p = 0.03" or "p < 0.001", thousands separators, units.

In the report's language (i18n.use): the decimal and group symbols, the percent pattern and month names come from
Babel's locale data (CLDR), so 0.74 reads 0,74 in Italian and 74 % in Russian. The digits are rounded once, the same
way in every language, so a translated report shows exactly the English report's numbers."""

from __future__ import annotations

import math
from functools import cache

from ...i18n import _, language

PERCENT_UNITS = {"share", "%"}


@cache
def _symbols(lang: str) -> tuple[dict, str]:
    """(English symbol -> locale symbol, percent template "{}%") for `lang`, from Babel's CLDR data."""
    from babel.numbers import format_percent, get_decimal_symbol, get_group_symbol

    swap = {ord(","): get_group_symbol(lang), ord("."): get_decimal_symbol(lang)}
    return swap, format_percent(0, locale=lang).replace("0", "{}", 1)


def localise(text: str) -> str:
    """An English-formatted number ("1,234.5") with the active language's group and decimal symbols."""
    lang = language()
    return text if lang == "en" else text.translate(_symbols(lang)[0])


def _percent_sign(digits: str) -> str:
    lang = language()
    return f"{digits}%" if lang == "en" else _symbols(lang)[1].format(localise(digits))


def date(d, year: bool = True, short: bool = False) -> str:
    """A date as the report prints it: "10 April 2026", "10 aprile 2026"; `year=False`: "10 April"; `short`:
    the month abbreviated, "10 Apr 2026"."""
    month = "%b" if short else "%B"
    if language() == "en":  # English stays as it always was printed, without loading Babel
        return f"{d.day} {d:{month} %Y}" if year else f"{d.day} {d:{month}}"
    from babel.dates import format_date

    pattern = "d " + ("MMM" if short else "MMMM") + (" y" if year else "")
    return format_date(d, pattern, locale=language())


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def number(value, decimals: int = 2) -> str:
    if is_missing(value):
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int) or (isinstance(value, float) and decimals == 0):
        return localise(f"{round(value):,}")
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and not any(ch in "123456789" for ch in text):
        text = text[1:]  # a value that rounds to zero is printed without a sign
    return localise(text).replace("-", "−")


def percent(share, table: bool = False) -> str:
    """A share in [0, 1] as a percentage: 0 d.p. in text, 1 d.p. in tables."""
    if is_missing(share):
        return "–"
    return _percent_sign(f"{share * 100:,.{1 if table else 0}f}")


def pvalue(p) -> str:
    if is_missing(p):
        return _("p not computed")
    if p < 0.001:
        return f"p < {localise('0.001')}"
    return f"p = {localise(f'{p:.3f}' if p < 0.01 else f'{p:.2f}')}"


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
    return _("{level} CI {lo} to {hi}", level=_percent_sign(str(round((level or 0.95) * 100))), lo=lo, hi=hi)


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
