"""Sentences that count and list things, written once for every page, the PDF and the deck: a list joined in the
report's language, and the recommendations grouped by horizon ("1 now, 1 within 3 months and 3 within 6 months").

Horizons are free text in case.yaml ("now", "3 months", "within 6 months", "Q3 2026"): a generator that printed
"{n} {horizon}" wrote "1 3 months". Each horizon is read once here into one of three forms (now, a number of months,
the researcher's own words) and every form is a whole translated phrase with its count."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ...i18n import _, language, n_

_MONTHS = re.compile(r"^(?:within\s+|in\s+)?(\d+)\s*months?$")
_NOW = {"now", "immediately", "at once"}


def join(items: Iterable[str]) -> str:
    """"a", "a and b", "a, b and c" in English (the house style: no serial comma); the language's own list
    pattern (CLDR, through Babel) otherwise. Empty items are left out."""
    items = [str(i) for i in items if i]
    if language() == "en" or len(items) < 2:
        return items[0] if len(items) == 1 else (", ".join(items[:-1]) + " and " + items[-1] if items else "")
    from babel.lists import format_list

    return format_list(items, locale=language())


def months_of(horizon: str | None) -> int | None:
    """3 for "3 months", "within 3 months" or "in 3 months"; None for anything else."""
    m = _MONTHS.match((horizon or "").strip().lower())
    return int(m.group(1)) if m else None


def horizon_group(horizon: str | None, n: int, escape: Callable[[str], str] = str) -> str:
    """n recommendations sharing one horizon, as a phrase: "1 now", "3 within 6 months", "2 with no horizon set",
    "1 by “Q3 2026”" (the researcher's own words, escaped with `escape`)."""
    h = (horizon or "").strip()
    months = months_of(h)
    if not h:
        return _("{n} with no horizon set", n=n)
    if h.lower() in _NOW:
        return _("{n} now", n=n)
    if months is not None:
        return n_("{count} within {n} month", "{count} within {n} months", months, count=n)
    return _("{n} by “{horizon}”", n=n, horizon=escape(h))


def horizons(values: Iterable[str | None], escape: Callable[[str], str] = str) -> str:
    """Recommendations counted by horizon, in the order given (the action plan's): "1 now, 1 within 3 months and 3
    within 6 months". "3 months" and "within 3 months" are one group. Empty input gives ""."""
    groups: dict[object, tuple[str | None, int]] = {}
    for h in values:
        key = months_of(h) if months_of(h) is not None else (h or "").strip().lower()
        first, n = groups.get(key, (h, 0))
        groups[key] = (first, n + 1)
    return join(horizon_group(h, n, escape) for h, n in groups.values())
