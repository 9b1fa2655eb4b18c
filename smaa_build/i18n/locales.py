"""The locale data charts need, from Babel's CLDR tables: a d3 number and time-format locale for Vega-Lite's
`config.locale`, so chart axes print 0,74 and "aprile" as the text next to them does."""

from __future__ import annotations

import re
from functools import cache

_CLDR_TO_D3 = {"dd": "%d", "d": "%e", "MM": "%m", "M": "%m", "yyyy": "%Y", "yy": "%y", "y": "%Y",
               "HH": "%H", "H": "%H", "mm": "%M", "ss": "%S"}


def d3_pattern(cldr: str) -> str:
    """A CLDR date or time pattern ("dd/MM/yy", "HH:mm:ss") as a d3 time format ("%d/%m/%y", "%H:%M:%S")."""
    return re.sub(r"yyyy|yy|y|dd|d|MM|M|HH|H|mm|ss", lambda m: _CLDR_TO_D3[m.group()], cldr.replace("'", ""))


@cache
def d3_locale(lang: str) -> dict:
    """{"number": d3-format locale, "time": d3-time-format locale} for `lang`, in the shape Vega expects."""
    from babel import Locale
    from babel.numbers import format_percent, get_decimal_symbol, get_group_symbol

    loc = Locale.parse(lang)
    week = [loc.days["format"]["wide"], loc.days["format"]["abbreviated"]]
    sunday_first = [[names[(i + 6) % 7] for i in range(7)] for names in week]  # CLDR counts from Monday
    months = [[loc.months[ctx][width][m] for m in range(1, 13)]
              for ctx, width in (("stand-alone", "wide"), ("stand-alone", "abbreviated"))]
    date, time = d3_pattern(loc.date_formats["short"].pattern), d3_pattern(loc.time_formats["medium"].pattern)
    percent = format_percent(0, locale=lang).replace("0", "", 1)
    return {
        "number": {"decimal": get_decimal_symbol(lang), "thousands": get_group_symbol(lang), "grouping": [3],
                   "currency": ["", ""], "minus": "−", "percent": percent},
        "time": {"dateTime": f"{date} {time}", "date": date, "time": time,
                 "periods": [loc.day_periods["format"]["abbreviated"].get(p, p.upper()) for p in ("am", "pm")],
                 "days": sunday_first[0], "shortDays": sunday_first[1], "months": months[0], "shortMonths": months[1]},
    }
