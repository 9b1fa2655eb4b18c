"""The resilience analysis writes its labels, verdict and reasons in English (findings.json); the page says them
in the client's language. Each English text the analysis can write is listed here once as a message of the
`resilience` catalogue; a text not listed is printed as the analysis wrote it."""

from __future__ import annotations

import re

from ...i18n import N_, _, language
from ..base.phrases import join

# analyses/resilience/common.py FACTOR_LABELS and LEVEL_LABELS, as the findings carry them
FACTOR_WORDS = {t: t for t in (N_("Sentiment scorer"), N_("Period"), N_("SMI statistic"), N_("Retweets"),
                               N_("Brand's own posts"), N_("Extreme scores"), N_("Weighting"),
                               N_("Brand attribution"), N_("Lag"))}
LEVEL_WORDS = {t: t for t in (N_("export's own score"), N_("human labels"), N_("mean score"), N_("median score"),
                              N_("share negative"), N_("net sentiment"), N_("included"), N_("excluded"), N_("kept"),
                              N_("winsorised 1%"), N_("one post one vote"), N_("one author one vote"),
                              N_("brand field"), N_("same period"), N_("SMI 1 period ahead"),
                              N_("SMI 2 periods ahead"), N_("SMI 3 periods ahead"), N_("week"), N_("month"),
                              N_("day"), N_("quarter"), N_("fieldwork window"))}
VERDICTS = {t: t for t in (N_("Robust"), N_("Moderately robust"), N_("Fragile"))}

# reasons and notes of the analysis (analyses/resilience/grid.py, outputs.py), said again in the client's words
REASONS = [
    (r"a cross-section has no periods", N_("a cross-section has no periods")),
    (r"fixed by the case's declaration", N_("fixed by the case's declaration")),
    (r"VADER is the only scorer available \(no score column and no human labels in the export\)",
     N_("VADER is the only scorer available (no score column and no human labels in the export)")),
    *((f"the traditional series is {periodly}; a shorter SMI window cannot be compared with it", message)
      for periodly, message in (
          ("daily", N_("the traditional series is daily; a shorter SMI window cannot be compared with it")),
          ("weekly", N_("the traditional series is weekly; a shorter SMI window cannot be compared with it")),
          ("monthly", N_("the traditional series is monthly; a shorter SMI window cannot be compared with it")),
          ("quarterly", N_("the traditional series is quarterly; a shorter SMI window cannot be compared with it")),
          ("yearly", N_("the traditional series is yearly; a shorter SMI window cannot be compared with it")),
          ("fieldwork-window", N_("the traditional series is fieldwork-window; a shorter SMI window cannot be "
                                  "compared with it")))),
    (r"posts by the brand's own accounts never count as customer voice",
     N_("posts by the brand's own accounts never count as customer voice")),
    (r"the export has no author ids", N_("the export has no author ids")),
    (r"no brand accounts are declared, so an @mention cannot re-attribute a post",
     N_("no brand accounts are declared, so an @mention cannot re-attribute a post")),
    (r"the series is the whole export of one company, so attribution does not change it",
     N_("the series is the whole export of one company, so attribution does not change it")),
    (r"the units are periods of one series; rank stability applies to a cross-section of brands",
     N_("the units are periods of one series; rank stability applies to a cross-section of brands")),
    (r"the estimates do not vary", N_("the estimates do not vary")),
    (r"no choice varies the estimate", N_("no choice varies the estimate")),
    (r"n = (?P<n>\d+) (?P<units>brands|periods) \(< (?P<min>\d+)\): no joint test; the curve is descriptive only",
     N_("only {n} {units} (fewer than {min}): no joint test, so the curve is descriptive only")),
    (r"only (?P<n>\d+) null alignments of the (?P<units>brands|periods) \(< (?P<min>\d+)\) once shifts that "
     r"re-create a declared lag are left out: no joint test",
     N_("only {n} null alignments of the {units} remain (fewer than {min}) once shifts that re-create a declared lag "
        "are left out: no joint test")),
    (r"n = (?P<n>\d+) units \(< (?P<min>\d+)\): no specification allows an inferential statement",
     N_("only {n} units (fewer than {min}): no specification allows an inferential statement")),
    (r"(?P<n>\d+) brands reach n_min in the baseline; ranking needs at least 3",
     N_("only {n} brands have enough posts in the baseline; a ranking needs at least 3")),
    (r"the sign flips in more than (?P<share>\d+%) of the specifications",
     N_("the sign flips in more than {share} of the specifications")),
    (r"no joint test, so the curve cannot be called robust or moderately robust",
     N_("no joint test, so the curve cannot be called robust or moderately robust")),
    (r"the baseline specification has no estimate \((?P<reason>.+)\)",
     N_("the baseline specification has no estimate ({reason})")),
    (r"a (?P<window>\w+) window is finer than the (?P<periodly>[\w-]+) traditional series",
     N_("an SMI window of one {window} is finer than the traditional series, which has one value per {period}")),
]
# what a constraint's "require" names, said for a reader (facts.RESILIENCE_REQUIREMENTS)
REQUIREMENTS = {"labels_available": N_("human labels in the export"),
                "scores_available": N_("a sentiment score in the export"),
                "authors_available": N_("author ids in the export"), "brand_accounts": N_("declared brand accounts"),
                "time_series": N_("a time series"), "cross_section": N_("a cross-section"), "panel": N_("a panel")}
# the analysis's own reasons for its default constraints (a case's own `why` is the researcher's text)
WHYS = {t: t for t in (N_("the posts carry no human labels"), N_("the export carries no sentiment score"),
                       N_("the export carries no author ids"),
                       N_("winsorising 1% of scores cannot move a median or a class: redundant with the unwinsorised "
                          "one"),
                       N_("winsorising 1% of scores cannot move a median or a class"),
                       N_("human labels are −1/0/+1: winsorising them changes nothing"))}
PERIOD_OF = {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter", "yearly": "year",
             "fieldwork-window": "fieldwork"}
LEVEL_OR_PERIOD = {**{t: t for t in (N_("year"), N_("fieldwork"))}}
_COMPILED = [(re.compile(pattern), message) for pattern, message in REASONS]


def word(table: dict, text) -> str:
    """A label of the analysis in the client's language (as written when it is not in `table`)."""
    return _(table[text]) if text in table else str(text)


def _group(name: str, text: str) -> str:
    """One matched part of a reason in the client's language."""
    if name == "reason":
        return reason_text(text)
    if name == "units":
        return _({"brands": N_("brands"), "periods": N_("periods")}[text])
    if name in ("window", "periodly"):
        level = PERIOD_OF.get(text, text)
        return word(LEVEL_WORDS, level) if level in LEVEL_WORDS else word(LEVEL_OR_PERIOD, level)
    return text


def reason_text(reason) -> str:
    """A reason or note of the analysis in the client's language."""
    reason = str(reason)
    if language() == "en":
        return reason
    for pattern, message in _COMPILED:
        m = pattern.fullmatch(reason.rstrip("."))
        if m:
            values = {k: _group(k, v) for k, v in m.groupdict().items()}
            if "periodly" in values:
                values["period"] = values.pop("periodly")
            return _(message, **values)
    return dropped_text(reason)


_RULE = re.compile(r"(?P<cond>.+?) (?P<op>only with|requires) (?P<rest>.+)")


def _condition(text: str) -> str:
    """'SMI statistic median score, share negative or net sentiment and retweets included', translated: each
    part is a factor's label and its levels."""
    parts = []
    for part in text.split(" and "):
        label = next((f for f in sorted(FACTOR_WORDS, key=len, reverse=True)
                      if part.lower().startswith(f.lower() + " ")), None)
        if label is None:
            return ""
        names = re.split(r", | or ", part[len(label) + 1:])
        levels = [word(LEVEL_WORDS, n) for n in names]
        alternatives = levels[0] if len(levels) == 1 else _or(levels)
        parts.append(_("{choice} {options}", choice=_(FACTOR_WORDS[label]).lower() if not label.startswith("SMI")
                       else _(FACTOR_WORDS[label]), options=alternatives))
    return join(parts)


def _or(items: list[str]) -> str:
    from babel.lists import format_list

    return format_list(items, style="or", locale=language())


def dropped_text(reason: str) -> str:
    """Why a combination of options was left out ('X only with Y (why)', 'X requires Z (why)'), translated when
    every part is known; else as the analysis wrote it."""
    m = _RULE.fullmatch(reason)
    if not m:
        return reason
    rest, why = m["rest"], ""
    if rest.endswith(")") and " (" in rest:
        rest, why = rest.split(" (", 1)
        why = why[:-1]
    cond = _condition(m["cond"])
    if m["op"] == "requires":
        needs = [REQUIREMENTS.get(r) for r in rest.split(", ")]
        then = join([_(n) for n in needs]) if all(needs) else ""
    else:
        then = _condition(rest)
    if not (cond and then):
        return reason
    text = (_("{condition} only with {then}", condition=cond, then=then) if m["op"] == "only with" else
            _("{condition} requires {then}", condition=cond, then=then))
    why = _(WHYS[why]) if why in WHYS else why
    text = _("{rule} ({why})", rule=text, why=why) if why else text
    return text[:1].upper() + text[1:]
