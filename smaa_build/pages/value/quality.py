"""SMI-value page, data quality (methods.md M8, M10): shares per brand with Wilson intervals, the data-quality
profile of both sources side by side, the scorer's validation against human labels (with the posts it misreads),
and the headline cards on these topics. Every sentence is a whole message of the `value` catalogue."""

from __future__ import annotations

from ...facts import VALUE_DEFAULTS, VALUE_N_MIN
from ...findings import Table
from ...i18n import N_, _, n_
from ..base import charts
from ..base import format as fmt
from ..base import markdown as md
from . import charts as vc
from ..chapter1.common import card
from ..base.context import Context
from .common import (DUPLICATES, SET_ASIDE, class_word, count, f, listing, measure_name, missing, quotes,
                     reason_text, relabel, scorer_name, set_aside, setup, top_conflict, units)

CRITERIA = {"latency": N_("Latency"), "timeliness": N_("Timeliness (Ballou)"), "frequency": N_("Frequency"),
            "precision": N_("Precision (95% CI half-width)"), "temporal_completeness": N_("Periods covered"),
            "segment_completeness": N_("Segments covered"), "accuracy": N_("Scorer accuracy (macro-F1)"),
            "duplicate_rate": N_("Free of duplicates"), "top1_share": N_("Breadth of voices (top 1%)"),
            "measurability": N_("Measurability checklist")}
# the same criteria inside a sentence ("SMI is better on latency, timeliness and frequency")
CRITERIA_WORDS = {"latency": N_("latency"), "timeliness": N_("timeliness"), "frequency": N_("frequency"),
                  "precision": N_("precision"), "temporal_completeness": N_("periods covered"),
                  "segment_completeness": N_("segments covered"), "accuracy": N_("scorer accuracy"),
                  "duplicate_rate": N_("free of duplicates"), "top1_share": N_("breadth of voices"),
                  "measurability": N_("measurability checklist")}
# how each raw value becomes a 0–1 score (the analysis's formulas, said on the page)
MAPPINGS = {"1/(1 + latency in weeks)": N_("1/(1 + latency in weeks)"),
            "Ballou score as is": N_("Ballou score as is"),
            "log(periods per year)/log(365)": N_("log(periods per year)/log(365)"),
            "1 − half-width/(10% of the scale range)": N_("1 − half-width/(10% of the scale range)"),
            "share as is": N_("share as is"), "macro-F1 as is": N_("macro-F1 as is"),
            "1 − duplicate rate": N_("1 − duplicate rate"),
            "1 − share of the top 1% of authors": N_("1 − share of the top 1% of authors"),
            "checklist score / 5": N_("checklist score / 5")}
GRANULARITY = {365: N_("daily"), 52: N_("weekly"), 12: N_("monthly"), 4: N_("quarterly"), 1: N_("yearly")}
CLASSES = ("negative", "neutral", "positive")


# ---------------------------------------------------------------- headline cards


def frequency_clause(ctx: Context) -> str:
    smi, trad = f(ctx, "quality.smi.frequency"), f(ctx, "quality.traditional.frequency")
    if not (ctx.has("quality.smi.frequency") and ctx.has("quality.traditional.frequency")):
        return ""
    g = GRANULARITY.get(round(smi.value))
    how = _(g) if g else _("{n} times a year", n=fmt.number(smi.value, 0))
    return " " + _("It can also be produced {how}: {smi} values a year with enough posts, against {trad}.", how=how,
                   smi=fmt.number(smi.value, 0), trad=fmt.number(trad.value, 0))


def scorer_card(ctx: Context) -> str | None:
    acc = f(ctx, "quality.smi.accuracy")
    if acc is None or acc.value is None:
        return None
    name = scorer_name(acc.extra.get("scorer"))
    worst = worst_confusion(ctx)
    text = _("The automatic scorer {name} matches the human labels on {share} of {n} posts (macro-F1 {f1}, κ {kappa}).",
             name=name, share=fmt.percent(acc.value), n=fmt.number(acc.n, 0),
             f1=fmt.number(f(ctx, "quality.smi.macro_f1").value, 2), kappa=fmt.number(f(ctx, "quality.smi.kappa").value, 2))
    if worst:
        text += " " + _("It reads {share} of the posts humans call {human} as {scorer}.",
                        share=fmt.percent(worst["share"]), human=class_word(worst["human"]),
                        scorer=class_word(worst["scorer"]))
    return card(fmt.percent(acc.value), _("{name} agrees with human labels", name=name), text)


def worst_confusion(ctx: Context) -> dict | None:
    """The largest off-diagonal cell of the confusion matrix, with its share of the human row."""
    t = ctx.fs.tables.get("value.confusion")
    if t is None or not t.rows:
        return None
    totals = {h: sum(r["n"] for r in t.rows if r["human"] == h) for h in CLASSES}
    off = [dict(r, share=r["n"] / totals[r["human"]]) for r in t.rows
           if r["human"] != r["scorer"] and totals[r["human"]]]
    return max(off, key=lambda r: (r["n"], r["human"], r["scorer"]), default=None)


def entity_card(ctx: Context) -> str | None:
    top = top_conflict(ctx)
    if top is None:
        return None
    b, m = md.inline(top["brand_field"]), md.inline(top["mentioned_brand"])
    how = (_("They are counted for {m}, the account they address, as the case declares.", m=m)
           if setup(ctx).get("entity") == "mention_in_text" else
           _("The case declares the brand field, so they still count for {b}.", b=b))
    n, total = fmt.number(top["n"], 0), fmt.number(top["total"], 0)
    return card(_("{n} of {total}", n=n, total=total), _("posts labelled {b} address {m}", b=b, m=m),
                _("The export's brand field is wrong for {b}: {n} of its {total} posts are addressed to {m}'s "
                  "account.", b=b, n=n, total=total, m=m) + " " + how)


def voices_card(ctx: Context) -> str | None:
    if not ctx.has("quality.smi.top1_share"):
        return None
    top, gini = f(ctx, "quality.smi.top1_share"), f(ctx, "quality.smi.gini")
    share = fmt.percent(top.value)
    text = (_("A few voices weigh heavily: the most active 1% of authors write {share} of the posts (Gini {gini} "
              "across authors).", share=share, gini=fmt.number(gini.value, 2))
            if gini is not None and gini.value is not None else
            _("A few voices weigh heavily: the most active 1% of authors write {share} of the posts.", share=share))
    return card(share, _("posts by the top 1% of authors"),
                text + " " + _("SMI tells what is said online, not what the average customer thinks."))


def hygiene_card(ctx: Context) -> str | None:
    rows, used = f(ctx, "value.posts.rows"), f(ctx, "value.posts.used")
    if rows is None or used is None:
        return None
    ids, same = f(ctx, "value.duplicates.ids"), f(ctx, "value.duplicates.rows")
    others = [SET_ASIDE[what][1](n) for n, what in set_aside(ctx) if what != DUPLICATES]
    rest = " " + _("Also set aside: {what}.", what=listing(others)) if others else ""
    remain = _("{n} posts remain.", n=fmt.number(used.value, 0))
    if ids is None or not ids.value:
        return card(fmt.number(rows.value - used.value, 0), _("of {n} posts set aside", n=fmt.number(rows.value, 0)),
                    _("No post id repeats.") + rest + " " + remain)
    return card(fmt.number(ids.value, 0), _("repeated post ids"),
                _("{n} rows of the export repeat an earlier post id ({same} are identical in every column) and were "
                  "dropped.", n=fmt.number(ids.value, 0), same=fmt.number(same.value, 0)) + rest + " "
                + _("{n} of {total} posts remain.", n=fmt.number(used.value, 0), total=fmt.number(rows.value, 0)))


# ---------------------------------------------------------------- set-up and brands


# the declared measure in plain words (the config's ids, mean_compound…, stay in the method notes)
MEASURE_IDS = {"mean_compound": N_("mean sentiment score"), "share_negative": N_("share of negative posts"),
               "net_sentiment": N_("net sentiment")}


def _design(ctx: Context) -> str:
    s, name = setup(ctx), md.inline(measure_name(ctx))
    if s.get("design") == "time_series":
        return _("a time series: SMI per {unit} against {name}", unit=units(ctx, 1), name=name)
    if s.get("design") == "cross_section":
        return _("a cross-section: one value per {unit} against {name}", unit=units(ctx, 1), name=name)
    if s.get("design") == "panel":
        return _("a panel: {units} × periods against {name}", units=units(ctx), name=name)
    return ""


def design_note(ctx: Context) -> str:
    s = setup(ctx)
    entity = {"brand_field": N_("the export's brand field"),
              "mention_in_text": N_("the brand account each post addresses (the brand field when it addresses none)")
              }.get(s.get("entity"))
    measure = s.get("measure", "")
    scorer = scorer_name(s.get("scorer")) + (f" {md.inline(s.get('scorer_version'))}" if s.get("scorer_version")
                                             else "")
    retweets, brand_posts = s.get("retweets", VALUE_DEFAULTS["retweets"]), s.get("brand_posts",
                                                                                 VALUE_DEFAULTS["brand_posts"])
    lines = [_("Design: {design}.", design=_design(ctx)),
             _("SMI measure: {measure}, scored with {scorer}.", scorer=scorer,
               measure=_(MEASURE_IDS[measure]) if measure in MEASURE_IDS else md.inline(str(measure).replace("_", " "))),
             _("Posts are attributed to a brand by {entity}; dates are binned in {tz} time.",
               entity=_(entity) if entity else md.inline(str(s.get("entity"))), tz=md.inline(s.get("timezone", "UTC"))),
             _("Retweets are {retweets} and the brands' own posts {brand_posts}; duplicate post ids are {dedupe}; a "
               "{unit} with fewer than {n} posts is missing, not zero [SMAA convention].",
               retweets=_(KEPT.get(retweets, retweets)), brand_posts=_(KEPT.get(brand_posts, brand_posts)),
               dedupe=_("dropped") if s.get("dedupe", True) else _("kept (reported only)"), unit=units(ctx, 1),
               n=s.get("n_min", VALUE_N_MIN))]
    return md.admonition("info", _("How the comparison is set up"), "\n".join(f"- {line}" for line in lines),
                         collapsible=True)


KEPT = {"exclude": N_("excluded"), "include": N_("included")}  # retweets / brand posts: excluded or included


def brands_section(ctx: Context, lead: bool = False) -> str:
    t = ctx.fs.tables.get("value.brand_shares")
    if t is None or len(t.rows) < 2:
        return ""
    n_min = setup(ctx).get("n_min", VALUE_N_MIN)
    scorer = scorer_name(setup(ctx).get("scorer"))
    ranked = sorted(t.rows, key=lambda r: (-r["share_negative"], r["brand"]))
    rows = [{"brand": r["brand"], "label": f"{r['brand']} (n = {fmt.number(r['n'], 0)})", "share": r["share_negative"],
             "lo": r["ci_low"], "hi": r["ci_high"], "n": r["n"], "reliable": r["n"] >= n_min,
             "text": fmt.percent(r["share_negative"]) + ("" if r["n"] >= n_min else " " + _("(too few)")),
             "ci": _("{low} to {high}", low=fmt.percent(r["ci_low"], True), high=fmt.percent(r["ci_high"], True))}
            for r in ranked]
    ok = [r for r in ranked if r["n"] >= n_min]
    hi, lo = ok[0], ok[-1]
    title = _("{high} draws the largest share of negative posts ({high_share}), {low} the smallest ({low_share})",
              high=hi["brand"], high_share=fmt.percent(hi["share_negative"]), low=lo["brand"],
              low_share=fmt.percent(lo["share_negative"]))
    spec = lambda: vc.brand_intervals(rows, title=title, order=[r["label"] for r in rows],  # noqa: E731
                                      subtitle=_("Share negative ({scorer}) · bars: 95% Wilson CI", scorer=scorer),
                                      value_title=_("Share of negative posts"))
    small = [r for r in ranked if r["n"] < n_min]
    note = (" " + _("{brands}: fewer than {n} posts, shown grey and left out of the comparison.",
                    brands=md.text(listing([r["brand"] for r in small])), n=n_min) if small else "")
    series = ctx.fs.tables.get("value.series")
    compared_brands = {r.get("brand") for r in (series.rows if series else [])}
    absent = [r["brand"] for r in ranked if r["brand"] not in compared_brands and r["n"] >= n_min]
    if lead and absent:
        note += " " + _("{brands}: no {name} value, so not part of the correlation below.",
                        brands=md.text(listing(absent)), name=md.text(measure_name(ctx)))
    head = ("## " + _("Which {units} draw the most negative posts", units=units(ctx)) + "\n\n" if lead else
            "### " + _("Share of negative posts by brand") + "\n\n")
    caption = (_("Share of negative posts per {unit}, n = {n} posts in all; intervals are 95% Wilson score intervals "
                 "(Wilson 1927).", unit=units(ctx, 1) if lead else _("brand"), n=fmt.number(t.n, 0)) + note)
    return head + ctx.chart("value-brands", spec, _("Dot plot of the share of negative posts per brand with 95% "
                                                    "Wilson intervals as horizontal bars."), caption,
                            relabel_brands(t))


BRAND_COLUMNS = {"brand": N_("Brand"), "n": N_("Posts"), "negative": N_("Negative"),
                 "share_negative": N_("Share negative"), "ci_low": N_("95% CI low"), "ci_high": N_("95% CI high")}


def relabel_brands(t: Table) -> Table:
    return relabel(t, BRAND_COLUMNS)


# ---------------------------------------------------------------- data-quality profile (M8)


def raw_text(ctx: Context, row: dict) -> str:
    v, unit, crit = row["raw"], row["unit"], row["criterion"]
    if v is None:
        return _("not computed")
    if unit == "days":
        return n_("{n} day", "{n} days", round(v)) if v >= 10 else _("{v} days", v=fmt.number(v, 1))
    if unit == "per year":
        return _("{n} a year", n=fmt.number(v, 0))
    if unit.startswith("±"):
        pct = row["source"] == "smi" and setup(ctx).get("measure") in ("share_negative", "net_sentiment")
        return f"±{fmt.number(v * 100, 1)} pp" if pct else f"±{fmt.number(v, 2 if row['source'] == 'smi' else 1)}"
    if crit == "duplicate_rate":
        return _("{share} repeated ids", share=fmt.percent(v, table=True))
    if crit == "top1_share":
        return _("{share} of posts", share=fmt.percent(v))
    if unit == "share":
        return fmt.percent(v)
    if unit == "of 5":
        return _("{n} of 5", n=fmt.number(v, 0))
    return fmt.number(v, 2)


def profile_table(ctx: Context) -> Table:
    t = ctx.fs.tables["quality.profile"]
    names = {"smi": "SMI", "traditional": measure_name(ctx)}
    rows = [{"criterion": _(CRITERIA[r["criterion"]]) if r["criterion"] in CRITERIA else r["criterion"],
             "source": names[r["source"]], "raw": raw_text(ctx, r), "score": r["score"],
             "mapping": _(MAPPINGS[r["mapping"]]) if r["mapping"] in MAPPINGS else r["mapping"],
             "note": reason_text(r["note"]) if r["note"] else "–"}
            for r in t.rows]
    cols = [{"name": "criterion", "label": _("Criterion")}, {"name": "source", "label": _("Source")},
            {"name": "raw", "label": _("Raw value")}, {"name": "score", "label": _("Score 0–1"), "kind": "number",
                                                       "decimals": 2},
            {"name": "mapping", "label": _("How the score is made")}, {"name": "note", "label": _("Note")}]
    return Table("quality.profile.printed", t.label, cols, rows, t.section)


def compared(ctx: Context) -> tuple[list[str], list[str], list[str]]:
    """Criteria (ids) where SMI leads, where the traditional indicator leads (by more than 0.05 on the 0–1
    score), and where both could be scored."""
    by: dict = {}
    for r in ctx.fs.tables["quality.profile"].rows:
        by.setdefault(r["criterion"], {})[r["source"]] = r["score"]
    both = [c for c, s in by.items() if s.get("smi") is not None and s.get("traditional") is not None]
    return ([c for c in both if by[c]["smi"] > by[c]["traditional"] + 0.05],
            [c for c in both if by[c]["traditional"] > by[c]["smi"] + 0.05], both)


def _crit(c: str) -> str:
    return _(CRITERIA_WORDS[c]) if c in CRITERIA_WORDS else c


CHECKS = {1: N_("One check applies to SMI only and shows its typical weakness: {what}. "),
          2: N_("Two checks apply to SMI only and show its typical weaknesses: {what}. "),
          3: N_("Three checks apply to SMI only and show its typical weaknesses: {what}. ")}


def tradeoffs(ctx: Context) -> str:
    smi, trad, _both = compared(ctx)
    name = md.inline(measure_name(ctx))
    crit = lambda cs: listing([_crit(c) for c in cs])  # noqa: E731
    if smi and trad:
        text = _("SMI is better on {smi}; {name} on {trad}. ", smi=crit(smi), name=name, trad=crit(trad))
    elif smi:
        text = _("SMI is better on {smi}. ", smi=crit(smi))
    elif trad:
        text = _("{name} is better on {trad}. ", name=name, trad=crit(trad))
    else:
        text = _("Neither source leads clearly on the criteria both can be scored on. ")
    only = [r for r in ctx.fs.tables["quality.profile"].rows if r["source"] == "smi"]
    raw = {r["criterion"]: r["raw"] for r in only}
    weak = []
    if raw.get("accuracy") is not None:
        weak.append(_("its scorer reaches a macro-F1 of {f1} against human labels", f1=fmt.number(raw["accuracy"], 2)))
    if raw.get("top1_share") is not None:
        weak.append(_("the top 1% of authors write {share} of the posts", share=fmt.percent(raw["top1_share"])))
    if raw.get("duplicate_rate"):
        weak.append(_("{share} of the export's post ids repeat", share=fmt.percent(raw["duplicate_rate"], True)))
    if weak and only:
        text += _(CHECKS[len(weak)], what=listing(weak))
    return text + _("The trade-off is the usual one: SMI is timely, frequent and cheap but noisy, and it speaks for "
                    "whoever posts; a survey is precise per period and representative by design, but slow.")


def quality_section(ctx: Context) -> str:
    t = ctx.fs.tables.get("quality.profile")
    if t is None or not t.rows:
        return ""
    printed = profile_table(ctx)
    order = [_(c) for c in CRITERIA.values() if any(r["criterion"] == _(c) for r in printed.rows)]
    rows = [{"criterion": r["criterion"], "source": r["source"], "score": r["score"], "text": r["raw"],
             "score_text": fmt.number(r["score"], 2) if r["score"] is not None else "–"} for r in printed.rows]
    name = measure_name(ctx)
    ahead, behind, both = compared(ctx)
    title = (_("SMI is better on {k} of the {n} criteria both sources can be scored on, {name} on {j}", k=len(ahead),
               n=len(both), name=md.inline(name), j=len(behind)) if behind else
             _("SMI is better on {k} of the {n} criteria both sources can be scored on", k=len(ahead), n=len(both)))
    spec = lambda: vc.profile_dots(rows, title=title, order=order, smi_name="SMI", trad_name=name,  # noqa: E731
                                   subtitle=_("Score 0–1 (mapping in the table) · labels: raw value"))
    fig = ctx.chart("value-profile", spec, _("Dot chart of ten data-quality criteria, SMI and {name} each scored "
                                             "from 0 to 1, joined by a line showing the gap.", name=name),
                    _("Data-quality profile after Wang & Strong (1996) and ISO/IEC 25012; timeliness after Ballou et "
                      "al. (1998). The 0–1 mappings are SMAA conventions, listed in the table."), printed)
    return ("## " + _("Data quality: SMI against {name}", name=md.inline(name)) + "\n\n" + tradeoffs(ctx) + "\n\n"
            + fig)


# ---------------------------------------------------------------- scorer validation (M10)


CONFUSION_COLUMNS = {"human": N_("Human label"), "scorer": N_("Scorer's class"), "n": N_("Posts")}


def scorer_section(ctx: Context) -> str:
    head = "## " + _("Can the sentiment scorer be trusted?") + "\n\n"
    acc = f(ctx, "quality.smi.accuracy")
    if acc is None:
        return ""
    if acc.value is None:
        return head + missing(ctx, "quality.smi.accuracy", _("Scorer accuracy"),
                              _("Until a random sample of at least 200 posts is labelled by people, the accuracy of "
                                "{name} on these posts is unknown, and a shift in SMI may be a shift in the scorer's "
                                "errors.", name=scorer_name(setup(ctx).get("scorer"))))
    t = ctx.fs.tables["value.confusion"]
    name = scorer_name(acc.extra.get("scorer"))
    totals = {h: sum(r["n"] for r in t.rows if r["human"] == h) for h in CLASSES}
    human = {h: f"{class_word(h)} (n = {fmt.number(totals[h], 0)})" for h in CLASSES}
    rows = [dict(r, share=r["n"] / totals[r["human"]] if totals[r["human"]] else None,
                 label=f"{fmt.number(r['n'], 0)} "
                       f"({fmt.percent(r['n'] / totals[r['human']]) if totals[r['human']] else '–'})",
                 scorer=class_word(r["scorer"]), human_label=human[r["human"]]) for r in t.rows]
    worst = worst_confusion(ctx)
    title = (_("{name} reads {share} of the posts humans call {human} as {scorer}", name=name,
               share=fmt.percent(worst["share"]), human=class_word(worst["human"]), scorer=class_word(worst["scorer"]))
             if worst else _("{name} against human labels", name=name))
    spec = lambda: charts.matrix(rows, "scorer", "human_label", "share", "label", title=title,  # noqa: E731
                                 x_title=_("{name} class", name=name), y_title=_("Human label"),
                                 value_title=_("Share of the human row"), x_sort=[class_word(c) for c in CLASSES],
                                 y_sort=[human[h] for h in CLASSES], cell_height=44)
    published = (" " + _("Its authors report a three-class F1 of 0.96 on general tweets (Hutto & Gilbert 2014); on "
                         "these posts it is far lower, for the usual reasons: sarcasm, domain words (\"delayed\", "
                         "\"cancelled\") a general lexicon does not weigh, and negation.")
                 if acc.extra.get("scorer") == "vader" else "")
    text = _("Against {n} human-labelled posts, {name} is right {share} of the time, macro-F1 {f1} and Cohen's κ "
             "{kappa} (0 is chance agreement, 1 perfect).", n=fmt.number(acc.n, 0), name=name,
             share=fmt.percent(acc.value), f1=fmt.number(f(ctx, "quality.smi.macro_f1").value, 2),
             kappa=fmt.number(f(ctx, "quality.smi.kappa").value, 2)) + published
    if setup(ctx).get("scorer") == "human_label":
        text += " " + _("The comparison on this page therefore uses the human labels; a monitoring tool that relies "
                        "on {name} alone would misstate the level of negativity.", name=name)
    fig = ctx.chart("value-confusion", spec, _("Confusion matrix of {name} classes against human labels, with the "
                                               "count and the share of each human-label row in every cell.",
                                               name=name),
                    _("{name} (compound ≥ 0.05 positive, ≤ −0.05 negative) against human labels, n = {n} posts. Row "
                      "shares add up to 100%.", name=name, n=fmt.number(acc.n, 0)),
                    relabel(t, CONFUSION_COLUMNS, cells={"human": class_word, "scorer": class_word}))
    return head + text + "\n\n" + fig + quotes(ctx, "misread", _("Where the scorer goes wrong"))
