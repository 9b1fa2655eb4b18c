"""Helpers shared by the SMI-value page modules (value.py, quality.py): the comparison set-up as declared,
names of the measures and periods, and plain statements of what could not be computed. Every sentence is a whole
message of the `value` catalogue (`_()`, `n_()`), so it can be written in the client's language."""

from __future__ import annotations

import re
from dataclasses import replace

from ...analyses.scrub import case_rules, scrub
from ...findings import Table
from ...i18n import N_, _, language, n_
from ..base import format as fmt
from ..base import markdown as md
from ..base.phrases import join as listing  # noqa: F401 (read by the other value modules)
from ..chapter1.common import GLOSSARY as SHARED_GLOSSARY, card
from ..base.context import Context
from ..base.reasons import reason_of

SCORERS = {"vader": "VADER", "provided": N_("the export's own score"), "human_label": N_("human labels")}
NONE = "(none)"  # the conflict table's column for posts that address no brand account

INCONCLUSIVE_N = 6  # a correlation on this many pairs or fewer is flagged inconclusive whatever its size
# the SMI measure: (in a sentence, as an axis title, Vega-Lite format)
MEASURES = {"mean_compound": (N_("mean sentiment"), N_("Mean sentiment"), ".2f"),
            "share_negative": (N_("share of negative posts"), N_("Share of negative posts"), ".0%"),
            "net_sentiment": (N_("net sentiment"), N_("Net sentiment (positive − negative share)"), ".0%")}
# a period: (one, several, "Monthly {measure}")
PERIOD_WORDS = {"day": (N_("day"), N_("days"), N_("Daily {measure}")),
                "week": (N_("week"), N_("weeks"), N_("Weekly {measure}")),
                "month": (N_("month"), N_("months"), N_("Monthly {measure}")),
                "quarter": (N_("quarter"), N_("quarters"), N_("Quarterly {measure}")),
                "fieldwork": (N_("survey wave"), N_("survey waves"), N_("Per-wave {measure}")),
                "year": (N_("year"), N_("years"), N_("Yearly {measure}"))}
OTHER_PERIOD = (N_("period"), N_("periods"), N_("Per-period {measure}"))
# "{n} months": a counted noun takes the language's plural form (Russian has three), so each period is a message
COUNTED = {"day": lambda n: n_("{n} day", "{n} days", n), "week": lambda n: n_("{n} week", "{n} weeks", n),
           "month": lambda n: n_("{n} month", "{n} months", n),
           "quarter": lambda n: n_("{n} quarter", "{n} quarters", n),
           "fieldwork": lambda n: n_("{n} survey wave", "{n} survey waves", n),
           "year": lambda n: n_("{n} year", "{n} years", n)}
# technical terms of the page, each explained once in plain words (the abbr extension shows it on hover); SMI is
# explained as on every other page (chapter1.common.GLOSSARY)
GLOSSARY = [(N_("CI"), N_("Confidence interval: the range the true value lies in with 95% confidence")),
            (N_("autocorrelation"), N_("The tendency of a series to resemble its own recent past")),
            (N_("cross-correlation"), N_("The correlation of two series when one is shifted in time")),
            (N_("macro-F1"), N_("The average, over the three classes, of how well the scorer finds each class")),
            (N_("Gini"), N_("A measure of concentration: 0 when every author posts equally, 1 when one posts all"))]


def f(ctx: Context, key: str):
    return ctx.fs.findings.get(key)


def setup(ctx: Context) -> dict:
    s = f(ctx, "value.setup")
    return dict(s.extra) if s is not None else {}


def measure_name(ctx: Context) -> str:
    return str((ctx.settings.data.get("traditional") or {}).get("measure") or _("the traditional indicator"))


def _period(ctx: Context) -> tuple[str, str, str]:
    return PERIOD_WORDS.get(setup(ctx).get("period", "month"), OTHER_PERIOD)


def _brand_noun(ctx: Context, n: int | None) -> str:
    """The declared brand noun ('airlines'), case text in the case's language, never translated."""
    noun = str(ctx.settings.value.get("brand_noun") or _("brands"))
    return noun[:-1] if n == 1 and noun.endswith("s") and language() == "en" else noun


def units(ctx: Context, n: int | None = None) -> str:
    """What one pair is: 'months' for a monthly series, the declared brand noun ('airlines') for a cross-section."""
    if setup(ctx).get("design") == "cross_section":
        return _brand_noun(ctx, n)
    one, many, _adj = _period(ctx)
    return _(one) if n == 1 else _(many)


def count(ctx: Context, n: int) -> str:
    """'24 months', '1 airline': a number of pairs with the plural form of the active language."""
    if setup(ctx).get("design") == "cross_section":
        return f"{n} {_brand_noun(ctx, n)}"
    counted = COUNTED.get(setup(ctx).get("period", "month"))
    return counted(n) if counted else n_("{n} period", "{n} periods", n)


def per_period(ctx: Context, measure: str) -> str:
    """'Monthly mean sentiment'."""
    return _(_period(ctx)[2], measure=measure)


def capital(text: str) -> str:
    """A sentence's first letter in capitals (a translated phrase may start with the measure's name)."""
    return text[:1].upper() + text[1:]


def measure_words(ctx: Context) -> tuple[str, str, str]:
    what, axis, form = MEASURES.get(setup(ctx).get("measure", "mean_compound"), MEASURES["mean_compound"])
    return _(what), _(axis), form


def expected_sign(ctx: Context) -> int:
    """More negative posts should go with lower satisfaction; a mean or net score with higher."""
    return -1 if setup(ctx).get("measure") == "share_negative" else 1


def smi_value(ctx: Context, v) -> str:
    return fmt.percent(v) if setup(ctx).get("measure") in ("share_negative", "net_sentiment") else fmt.number(v, 2)


# Reasons the analyses give in English; on a client page in another language they are said again in its words.
# A reason not listed here is printed as the analysis wrote it.
REASONS = [(re.compile(r"(?P<n>\d+) human-labelled posts \(< (?P<min>\d+)\): scorer not validated"),  # a findings.json
            # written before the analysis stored this reason's message (analyses/reasons.NOT_VALIDATED)
            N_("only {n} posts are labelled by people (at least {min} are needed), so the scorer is not validated")),
           (re.compile(r"value\.measurability not declared"), N_("no measurability checklist is declared")),
           (re.compile(r"no required segments declared \(value\.segments\)"), N_("no required segments are declared")),
           (re.compile(r"the data needed for it are not in this case"), N_("the data needed for it are not in this case")),
           (re.compile(r"n = (?P<n>\d+) periods \(< (?P<min>\d+)\): too short for resampling; analytic CI only"),
            N_("only {n} periods (fewer than {min}): too short for resampling, so only the analytic interval is given")),
           (re.compile(r"n = (?P<n>\d+) pairs or a constant series: correlation not defined"),
            N_("only {n} pairs, or a series that never changes: the correlation is not defined")),
           (re.compile(r"no lag could be computed"), N_("no lag could be computed")),
           (re.compile(r"n = (?P<n>\d+) periods \(< (?P<min>\d+)\): no lead/lag analysis"),
            N_("only {n} periods (fewer than {min}): no lead/lag analysis")),
           (re.compile(r"no lag's CCF exceeds ±1\.96/√\(n−\|k\|\) \(largest \|CCF\| at lag (?P<lag>[−+-]?\d+)\)"),
            N_("no lag's cross-correlation leaves its noise band ±1.96/√(n−|k|) (the largest is at lag {lag})")),
           (re.compile(r"lag (?P<lag>[−+-]?\d+) exceeds its bound but not significant after Benjamini–Hochberg "
                       r"\(q = (?P<q>[\d.]+)\)"),
            N_("lag {lag} leaves its noise band but is not significant after adjusting for multiple tests "
               "(Benjamini–Hochberg, q = {q})")),
           (re.compile(r"n = (?P<n>\d+): agreement not computable"),
            N_("only {n} pairs: agreement cannot be computed")),
           (re.compile(r"n = (?P<n>\d+): needs at least 3 training and 3 hold-out periods"),
            N_("only {n} periods: calibration needs at least 3 periods to fit and 3 more to check on")),
           (re.compile(r"the units are periods of one series; rank stability applies to a cross-section of brands"),
            N_("the units are periods of one series; rank stability applies to a cross-section of brands"))]
# the same notes in plain words in English too (no config keys on a client page)
PLAIN = {"value.measurability not declared": N_("no measurability checklist is declared"),
         "no required segments declared (value.segments)": N_("no required segments are declared"),
         "no sd/n_respondents in the traditional data":
             N_("the traditional data give no standard deviation or number of respondents"),
         "posts carry no author_id": N_("the posts carry no author ids"),
         "needs fieldwork_end and published_at in the traditional data":
             N_("the traditional data give no end of fieldwork or publication date"),
         "no period dates in the traditional data": N_("the traditional data give no period dates"),
         "lead/lag and autocorrelation need a time series (design time_series)":
             N_("lead/lag and autocorrelation need a time series")}


def reason_text(reason: str) -> str:
    """An analysis's reason in the client's language (config keys replaced by plain words)."""
    reason = str(reason)
    if reason in PLAIN:
        return _(PLAIN[reason])
    if language() == "en":
        return reason
    if _(reason) != reason:  # a reason that is itself a message of the catalogue
        return _(reason)
    for pattern, message in REASONS:
        m = pattern.fullmatch(reason.rstrip("."))
        if m:
            return _(message, **{k: fmt.localise(v) if k == "q" else v for k, v in m.groupdict().items()})
    return reason


def finding_reason(x) -> str:
    """Why finding `x` has no value: the analysis's own message when it stored one (analyses/reasons.py), else its
    text said again through the tables above."""
    if x is not None and x.reason and x.extra.get("why") and x.reason not in PLAIN:
        return reason_of(x)
    return reason_text(x.reason) if x is not None else ""


def _reason(x) -> str:
    return finding_reason(x) if x is not None and x.reason else _("the data needed for it are not in this case")


def sentence(text: str) -> str:
    """A reason as a sentence: capital first letter, one full stop."""
    return text[:1].upper() + text[1:].rstrip(".") + "."


def gap(ctx: Context, key: str, label: str) -> str:
    """A headline slot that could not be filled: a dash and the plain reason."""
    return card("–", label, _("Not computed: {reason}.", reason=md.text(_reason(f(ctx, key))).rstrip(".")))


def missing(ctx: Context, key: str, what: str, consequence: str = "") -> str:
    """A plain 'not computed' warning: the analysis's reason as a sentence, then what the reader loses."""
    text = md.text(sentence(_reason(f(ctx, key))))
    return md.admonition("warning", _("{what}: not computed", what=what), f"{text} {consequence}".strip())


def scorer_name(key: str | None) -> str:
    return _(SCORERS[key or "vader"]) if (key or "vader") in SCORERS else str(key)


CLASS_WORDS = {"negative": N_("negative"), "neutral": N_("neutral"), "positive": N_("positive")}


def class_word(c) -> str:
    """A sentiment class in the client's language (the canonical labels of the data)."""
    return _(CLASS_WORDS[c]) if c in CLASS_WORDS else str(c)


def relabel(t: Table, labels: dict[str, str], note: str | None = None, cells: dict | None = None) -> Table:
    """A findings table as the page prints it: its own column headers (translated; no raw ids) and note, yes/no
    for true/false, and the cells of `cells` (column -> function) in the client's words."""
    cols = [{**c, "label": _(labels[c["name"]])} if c["name"] in labels else c for c in t.columns]
    cells = cells or {}
    rows = [{k: (_("yes") if v else _("no")) if isinstance(v, bool) else cells[k](v) if k in cells and v is not None
             else v for k, v in r.items()} for r in t.rows]
    return replace(t, columns=cols, rows=rows, note=t.note if note is None else note)


def glossary(body: str, terms: list[tuple[str, str]]) -> str:
    """Abbreviation definitions (Markdown abbr extension) for the terms `body` uses, to append at the end of a
    page: each technical term explains itself on hover, in the client's language."""
    pairs = [("SMI", SHARED_GLOSSARY["SMI"])] + [(_(term), what) for term, what in terms]
    used = [(t, what) for t, what in pairs if re.search(rf"\b{re.escape(t)}\b", body)]
    return "\n" + "\n".join(f"*[{t}]: {_(what)}" for t, what in used) + "\n" if used else ""


def allow_list(ctx: Context) -> list[str]:
    """The brand accounts kept by the scrubber (value.brand_accounts: a {brand: handle(s)} mapping or a list)."""
    acc = ctx.settings.value.get("brand_accounts") or []
    if isinstance(acc, dict):
        return sorted(h for v in acc.values() for h in ([v] if isinstance(v, str) else v))
    return sorted(str(h) for h in acc)


def top_conflict(ctx: Context) -> dict | None:
    t = ctx.fs.tables.get("value.entity_conflicts")
    rows = [r for r in (t.rows if t else []) if r["conflict"]]
    if not rows:
        return None
    top = max(rows, key=lambda r: (r["n"], r["brand_field"], r["mentioned_brand"]))
    total = sum(r["n"] for r in t.rows if r["brand_field"] == top["brand_field"])
    return dict(top, total=total)


DUPLICATES = "duplicate rows"
# what ingestion set aside: (a table row, "{n} …" in a sentence)
SET_ASIDE = {DUPLICATES: (N_("Duplicate rows"), lambda n: n_("{n} duplicate row", "{n} duplicate rows", n)),
             "unreadable dates": (N_("Unreadable dates"),
                                  lambda n: n_("{n} unreadable date", "{n} unreadable dates", n)),
             "other language": (N_("Posts not in the declared language"),
                                lambda n: n_("{n} post not in the declared language",
                                             "{n} posts not in the declared language", n)),
             "brand posts": (N_("Posts by the brands' own accounts"),
                             lambda n: n_("{n} post by the brands' own accounts",
                                          "{n} posts by the brands' own accounts", n)),
             "retweets": (N_("Retweets"), lambda n: n_("{n} retweet", "{n} retweets", n))}


def set_aside(ctx: Context) -> list[tuple[int, str]]:
    """(count, key of SET_ASIDE) for every kind of row ingestion set aside."""
    used, dup = f(ctx, "value.posts.used"), f(ctx, "value.duplicates.dropped")
    x = used.extra if used is not None else {}
    parts = [(dup.value if dup is not None else 0, DUPLICATES), (x.get("bad_timestamp", 0), "unreadable dates"),
             (x.get("other_language", 0), "other language"), (x.get("brand_author", 0), "brand posts"),
             (x.get("retweet", 0), "retweets")]
    return [(n, what) for n, what in parts if n]


def quote(ctx: Context, r: dict) -> str:
    """One post as a block quote: scrubbed again (idempotent) and escaped, with its context on a second line."""
    text = md.inline(scrub(str(r["text"]), allow_list(ctx), **case_rules(ctx.spec)))
    meta = [md.inline(r["brand"]) if r.get("brand") else None, md.inline(r["date"]) if r.get("date") else None,
            _("human label: {label}", label=md.inline(class_word(r["human"]))) if r.get("human") else None,
            f"{scorer_name(r.get('scorer'))} {fmt.number(r['score'], 2)} ({md.inline(class_word(r['scorer_class']))})"
            if r.get("score") is not None else None]
    return f"> “{text}”  \n> — {' · '.join(m for m in meta if m)}\n"


def quotes(ctx: Context, kind: str, title: str) -> str:
    t = ctx.fs.tables.get("value.examples")
    rows = [r for r in (t.rows if t else []) if r["kind"] == kind]
    if not rows:
        return ""
    return ("\n" + _("**{title}** · scrubbed of handles, links and contact details", title=md.inline(title))
            + "\n\n" + "\n".join(quote(ctx, r) for r in rows) + "\n")
