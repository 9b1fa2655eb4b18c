"""SMI-value page, what went into the numbers (methods.md M8 consistency, M9 minimum n, M12): every count of what
ingestion set aside, the brand field against the account each post addresses, example posts (scrubbed again and
escaped), and the minimum-n rules where they bite. Every sentence is a whole message of the `value` catalogue."""

from __future__ import annotations

from ...analyses.value.language_codes import display
from ...facts import VALUE_N_MIN
from ...i18n import N_, _, language, n_
from ..base import charts
from ..base import format as fmt
from ..base import markdown as md
from ..base.context import Context
from .common import (DUPLICATES, INCONCLUSIVE_N, NONE, SET_ASIDE, count, f, finding_reason, listing, quotes, reason_text,
                     relabel, scorer_name, set_aside, setup, top_conflict, units)
from .quality import brands_section


def language_name(code: str) -> str:
    """A language's name in the report's language ('Italian', 'italiano'): CLDR's names through Babel."""
    if language() == "en":
        return display(code)
    from babel import Locale

    return Locale.parse(language()).languages.get(str(code).split("-")[0]) or display(code)


def ingestion_section(ctx: Context) -> str:
    rows_f, used = f(ctx, "value.posts.rows"), f(ctx, "value.posts.used")
    if rows_f is None or used is None:
        return ""
    ids, same = f(ctx, "value.duplicates.ids"), f(ctx, "value.duplicates.rows")
    lines = [[_("Rows in the export"), fmt.number(rows_f.value, 0), "–"]]
    dup_note = _("{ids} post ids appear more than once; {rows} rows are identical to an earlier row in every column",
                 ids=fmt.number(ids.extra.get("distinct_ids", 0), 0), rows=fmt.number(same.value, 0))
    lines += [[md.cell(_(SET_ASIDE[what][0])), "−" + fmt.number(n, 0), dup_note if what == DUPLICATES else "–"]
              for n, what in set_aside(ctx)]
    lines.append(["**" + _("Posts used") + "**", f"**{fmt.number(used.value, 0)}**", "–"])
    text = _("Every count below comes from the export as delivered; nothing is dropped silently.")
    out = ("## " + _("What went into the numbers") + "\n\n"
           + " ".join([text, *language_sentences(ctx), *other_content(ctx)])
           + "\n\n" + md.table([_("Step"), _("Posts"), _("Detail")], lines, ["left", "right", "left"]))
    out += unrecognised_warning(ctx)
    share = f(ctx, "value.share_negative")
    if share is not None and share.value is not None:
        out += "\n" + _("Of the posts used, {share} are negative ({scorer}; 95% CI {low} to {high}, n = {n}).",
                        share=fmt.percent(share.value), scorer=scorer_name(share.extra.get("scorer")),
                        low=fmt.percent(share.ci[0], True), high=fmt.percent(share.ci[1], True),
                        n=fmt.number(share.n, 0)) + "\n"
    if setup(ctx).get("design") != "cross_section":
        out += brands_section(ctx)
    return out + entity_section(ctx)


def _posts(n: int) -> str:
    return n_("{count} post", "{count} posts", n, count=fmt.number(n, 0))


def _language(k: str, n: int, unknown: dict) -> str:
    if k == "und":
        return n_("{count} undetermined", "{count} undetermined", n, count=fmt.number(n, 0))
    if k in unknown:
        return n_("{count} labelled `{code}`", "{count} labelled `{code}`", n, code=md.inline(k),
                  count=fmt.number(n, 0))
    return n_("{count} in {language}", "{count} in {language}", n, language=md.inline(language_name(k)),
              count=fmt.number(n, 0))


def language_sentences(ctx: Context) -> list[str]:
    """Which posts were set aside as not in the scoring language, per language, and how that was decided."""
    lang = f(ctx, "value.language.excluded")
    if lang is None or "by_language" not in lang.extra:
        return []
    x, scoring = lang.extra, language_name(setup(ctx).get("language", "en"))
    if x.get("method") == "none":
        return [_("The language of the posts was not checked (the case turns the check off): every post is scored "
                  "as {language}.", language=scoring)]
    unknown = x.get("unrecognised") or {}
    per = [_language(k, n, unknown) for k, n in sorted(x["by_language"].items(), key=lambda kv: (-kv[1], kv[0]))]
    if not per:
        first = _("No post was found in another language than {language}.", language=scoring)
    elif len(per) == 1:
        first = n_("{count} post is set aside as not in {language}, the language the sentiment scorer reads: all "
                   "{which}.", "{count} posts are set aside as not in {language}, the language the sentiment scorer "
                   "reads: all {which}.", lang.value, language=scoring, which=per[0], count=fmt.number(lang.value, 0))
    else:
        first = n_("{count} post is set aside as not in {language}, the language the sentiment scorer reads: "
                   "{which}.", "{count} posts are set aside as not in {language}, the language the sentiment scorer "
                   "reads: {which}.", lang.value, language=scoring, which=listing(per), count=fmt.number(lang.value, 0))
    if x.get("method") == "column":
        how = _("The language of each post is the export's own column `{column}`", column=md.inline(x.get("source")))
        undetermined = x.get("column_undetermined")
        how += ("; " + n_("{n} post it leaves empty or undetermined was identified by {tool}.",
                          "{n} posts it leaves empty or undetermined were identified by {tool}.", undetermined,
                          tool=md.inline(x.get("identifier"))) if undetermined else ".")
    else:
        how = _("The language of each post was identified by {tool}, on the text without handles, links and emoji.",
                tool=md.inline(x.get("source")))
    short = x.get("short_kept", 0)
    tail = (" " + n_("{n} post too short to identify (has fewer than three words and no sure language) was kept.",
                     "{n} posts too short to identify (have fewer than three words and no sure language) were "
                     "kept.", short) if short else "")
    return [first, how + tail]


def unrecognised_warning(ctx: Context) -> str:
    lang = f(ctx, "value.language.excluded")
    codes = (lang.extra.get("unrecognised") or {}) if lang is not None else {}
    if not codes:
        return ""
    listed = listing([f"`{md.inline(k)}` ({_posts(n)})" for k, n in codes.items()])
    return "\n" + md.admonition("warning", _("Language codes smaa does not recognise"),
                                 _("The export's language column holds {codes}. These posts are counted under their "
                                   "own label and set aside, never taken as the scoring language. Check what the "
                                   "export means by them.", codes=listed))


def other_content(ctx: Context) -> list[str]:
    """Post ids whose rows differ in content: different posts under one id, not copies."""
    o = f(ctx, "value.duplicates.other_content")
    if o is None or not o.value:
        return []
    ids = o.extra.get("distinct_ids", 0)
    rows = n_("{n} row", "{n} rows", o.value)
    return [n_("{n} post id is used by rows with different content ({rows} after the first of its id): "
               "de-duplication keeps the first row of each id, so these rows are not counted, whatever they say. An "
               "export that reuses ids needs checking before its numbers are trusted.",
               "{n} post ids are used by rows with different content ({rows} after the first of their id): "
               "de-duplication keeps the first row of each id, so these rows are not counted, whatever they say. An "
               "export that reuses ids needs checking before its numbers are trusted.", ids, rows=rows)]


ENTITY_COLUMNS = {"brand_field": N_("Brand field"), "mentioned_brand": N_("Brand mentioned"), "n": N_("Posts"),
                  "conflict": N_("Conflict")}


def entity_section(ctx: Context) -> str:
    top = top_conflict(ctx)
    t = ctx.fs.tables.get("value.entity_conflicts")
    if top is None:
        return ""
    fields = sorted({r["brand_field"] for r in t.rows})
    mentioned = sorted({r["mentioned_brand"] for r in t.rows} - {NONE}) + [NONE]
    totals = {b: sum(r["n"] for r in t.rows if r["brand_field"] == b) for b in fields}
    nobody = _("no brand account")
    cells = []
    for b in fields:
        for m in mentioned:
            n = next((r["n"] for r in t.rows if r["brand_field"] == b and r["mentioned_brand"] == m), 0)
            cells.append({"field": b, "mentioned": nobody if m == NONE else m,
                          "share": n / totals[b] if totals[b] else 0, "label": fmt.number(n, 0) if n else "·"})
    title = _("{n} of the {total} posts labelled {field} address {mentioned}", n=fmt.number(top["n"], 0),
              total=fmt.number(top["total"], 0), field=top["brand_field"], mentioned=top["mentioned_brand"])
    cols = [(nobody if m == NONE else m) for m in mentioned]
    spec = lambda: charts.matrix(cells, "mentioned", "field", "share", "label", title=title,  # noqa: E731
                                 x_title=_("Brand account the post addresses"), y_title=_("Brand field of the export"),
                                 value_title=_("Share of the row"), x_sort=cols, y_sort=fields, cell_height=30)
    conflicts = f(ctx, "value.entity.conflicts")
    decides = (_("the account addressed") if setup(ctx).get("entity") == "mention_in_text" else
               _("the brand field"))
    text = _("The export names a brand for each post, and most posts also address a brand account. The two disagree "
             "for {n} posts. Which one decides is a declared choice of the case (here: {decides}); it moves every "
             "per-brand figure and the correlation, so it is shown rather than hidden.",
             n=fmt.number(conflicts.value, 0), decides=decides)
    fig = ctx.chart("value-entities", spec, _("Matrix of the export's brand field against the brand account each "
                                              "post addresses, with the number of posts in each cell; off-diagonal "
                                              "cells are conflicts."),
                    _("Posts by brand field (rows) and the first brand account they address (columns); a dot marks "
                      "an empty cell. Shading: share of the row."),
                    relabel(t, ENTITY_COLUMNS, "", {"mentioned_brand": lambda m: nobody if m == NONE else m}))
    return ("\n### " + _("Brand field against the account addressed") + "\n\n" + text + "\n\n" + fig
            + quotes(ctx, "conflict", _("Posts labelled {field} that address {mentioned}", field=top["brand_field"],
                                        mentioned=top["mentioned_brand"])))


def examples_section(ctx: Context) -> str:
    t = ctx.fs.tables.get("value.examples")
    rows = [r for r in (t.rows if t else []) if r["kind"] in ("low_period", "high_period")]
    if not rows:
        return ""
    low = next((r["period"] for r in rows if r["kind"] == "low_period"), None)
    high = next((r["period"] for r in rows if r["kind"] == "high_period"), None)
    one = units(ctx, 1)
    return ("## " + _("What the posts say") + "\n\n"
            + quotes(ctx, "low_period", _("The most negative posts of the lowest {unit} ({period})", unit=one,
                                          period=low))
            + quotes(ctx, "high_period", _("The most positive post of the highest {unit} ({period})", unit=one,
                                           period=high))
            + "\n" + md.admonition("info", _("Quoting posts"),
                                   _("Handles, links, e-mail addresses, phone numbers, IBANs, card numbers, reference "
                                     "codes and the case's declared patterns are replaced by placeholders; posts on "
                                     "health, religion or politics are never quoted. Public posts are still personal "
                                     "data: do not copy them outside this report.")))


# ---------------------------------------------------------------- minimum-n rules


NOT_APPLICABLE = N_("not applicable to a cross-section")


def rules(ctx: Context) -> list[tuple[str, str | None]]:
    """(rule, why it bites here or None)."""
    s = setup(ctx)
    cross = s.get("design") == "cross_section"
    t = ctx.fs.tables.get("value.series")
    short = [r for r in (t.rows if t else []) if r["status"].startswith("missing: fewer")]
    pr, boot, acc = f(ctx, "value.pearson_r"), f(ctx, "value.bootstrap"), f(ctx, "quality.smi.accuracy")
    best = f(ctx, "value.ccf.best_lag")
    n = pr.n if pr is not None else 0
    ccf_t = ctx.fs.tables.get("value.ccf")
    na = _(NOT_APPLICABLE)
    return [
        (_("At least {n} posts behind any {unit}; fewer is missing, not zero", n=s.get("n_min", VALUE_N_MIN),
           unit=units(ctx, 1)),
         n_("{units_n} falls short and is left out", "{units_n} fall short and are left out", len(short),
            units_n=count(ctx, len(short))) if short else None),
        (_("At least 6 pairs for any interval or test"),
         _("the correlation rests on {units_n}: it is descriptive only", units_n=count(ctx, n))
         if n and n < 6 else None),
        (_("Up to {k} pairs: any correlation is flagged inconclusive", k=INCONCLUSIVE_N),
         f"n = {n}" if n and n <= INCONCLUSIVE_N else None),
        (_("At least 12 periods for the block bootstrap"),
         na if cross else (md.text(reason_text(boot.reason)) if boot is not None and boot.value is None else None)),
        (_("At least 20 periods for lead/lag analysis"),
         na if cross else
         (md.text(reason_text(best.reason)) if best is not None and best.value is None and not (ccf_t and ccf_t.rows)
          else None)),
        (_("At least 200 human-labelled posts to validate the scorer"),
         md.text(finding_reason(acc)) if acc is not None and acc.value is None else None),
    ]


def rules_section(ctx: Context) -> str:
    rs = rules(ctx)
    biting = [(r, why) for r, why in rs if why and why != _(NOT_APPLICABLE)]
    out = "## " + _("Minimum-n rules") + "\n\n"
    if biting:
        out += md.admonition("warning", n_("{n} minimum-n rule limits what this page can claim",
                                           "{n} minimum-n rules limit what this page can claim", len(biting)),
                             "\n".join(f"- **{md.inline(r)}**: {why.rstrip('.')}." for r, why in biting)
                             + "\n\n" + _("Below these thresholds an interval or a test would look precise while "
                                           "resting on too little data to be trusted, so the page says so instead of "
                                           "printing one."))
    else:
        out += _("No minimum-n rule limits this page: every statistic shown rests on enough data.") + "\n"
    body = "\n".join(f"- {md.inline(r)} — " + (f"{why.rstrip('.')}." if why else _("met.")) for r, why in rs)
    return out + "\n" + md.admonition("info", _("All minimum-n rules [SMAA conventions]"), body, collapsible=True)
