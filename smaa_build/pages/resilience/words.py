"""The resilience analysis writes its labels, verdict and reasons in English (findings.json); the page says them
in the client's language. Each English text the analysis can write is listed here once as a message of the
`resilience` catalogue; a text not listed is printed as the analysis wrote it."""

from __future__ import annotations

import re

from ...i18n import N_, _, language

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
    (r"SMI statistic median score, share negative or net sentiment only with extreme scores kept \(winsorising 1% "
     r"of scores cannot move a median or a class\)",
     N_("a median, a share negative or a net sentiment is computed with extreme scores kept only (winsorising 1% of "
        "scores cannot move a median or a class)")),
    (r"the estimates do not vary", N_("the estimates do not vary")),
    (r"no choice varies the estimate", N_("no choice varies the estimate")),
]
_COMPILED = [(re.compile(pattern), message) for pattern, message in REASONS]


def word(table: dict, text) -> str:
    """A label of the analysis in the client's language (as written when it is not in `table`)."""
    return _(table[text]) if text in table else str(text)


def reason_text(reason) -> str:
    """A reason or note of the analysis in the client's language."""
    reason = str(reason)
    if language() == "en":
        return reason
    for pattern, message in _COMPILED:
        m = pattern.fullmatch(reason.rstrip("."))
        if m:
            return _(message)
    return reason
