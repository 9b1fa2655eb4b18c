"""SMI-value page, data quality (methods.md M8, M10): shares per brand with Wilson intervals, the data-quality
profile of both sources side by side, the scorer's validation against human labels (with the posts it misreads),
and the headline cards on these topics."""

from __future__ import annotations

from ...facts import VALUE_DEFAULTS, VALUE_N_MIN
from ...findings import Table
from ..base import charts
from ..base import format as fmt
from ..base import markdown as md
from . import charts as vc
from ..chapter1.common import card, words
from ..base.context import Context
from .common import PERIOD_WORDS, f, measure_name, missing, quotes, scorer_name, set_aside, setup, top_conflict, units

CRITERIA = {"latency": "Latency", "timeliness": "Timeliness (Ballou)", "frequency": "Frequency",
            "precision": "Precision (95% CI half-width)", "temporal_completeness": "Periods covered",
            "segment_completeness": "Segments covered", "accuracy": "Scorer accuracy (macro-F1)",
            "duplicate_rate": "Free of duplicates", "top1_share": "Breadth of voices (top 1%)",
            "measurability": "Measurability checklist"}
GRANULARITY = {365: "daily", 52: "weekly", 12: "monthly", 4: "quarterly", 1: "yearly"}
CLASSES = ("negative", "neutral", "positive")


# ---------------------------------------------------------------- headline cards


def frequency_clause(ctx: Context) -> str:
    smi, trad = f(ctx, "quality.smi.frequency"), f(ctx, "quality.traditional.frequency")
    if not (ctx.has("quality.smi.frequency") and ctx.has("quality.traditional.frequency")):
        return ""
    how = GRANULARITY.get(round(smi.value), f"{fmt.number(smi.value, 0)} times a year")
    return (f" It can also be produced {how}: {fmt.number(smi.value, 0)} values a year with enough posts, against "
            f"{fmt.number(trad.value, 0)}.")


def scorer_card(ctx: Context) -> str | None:
    acc = f(ctx, "quality.smi.accuracy")
    if acc is None or acc.value is None:
        return None
    name = scorer_name(acc.extra.get("scorer"))
    worst = worst_confusion(ctx)
    tail = (f" It reads {fmt.percent(worst['share'])} of the posts humans call {worst['human']} as {worst['scorer']}."
            if worst else "")
    return card(fmt.percent(acc.value), f"{name} agrees with human labels",
                f"The automatic scorer {name} matches the human labels on {fmt.percent(acc.value)} of "
                f"{fmt.number(acc.n, 0)} posts (macro-F1 {fmt.number(f(ctx, 'quality.smi.macro_f1').value, 2)}, "
                f"κ {fmt.number(f(ctx, 'quality.smi.kappa').value, 2)}).{tail}")


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
    how = (f"They are counted for {m}, the account they address, as the case declares."
           if setup(ctx).get("entity") == "mention_in_text" else
           f"The case declares the brand field, so they still count for {b}.")
    return card(f"{fmt.number(top['n'], 0)} of {fmt.number(top['total'], 0)}", f"posts labelled {b} address {m}",
                f"The export's brand field is wrong for {b}: {fmt.number(top['n'], 0)} of its "
                f"{fmt.number(top['total'], 0)} posts are addressed to {m}'s account. {how}")


def voices_card(ctx: Context) -> str | None:
    if not ctx.has("quality.smi.top1_share"):
        return None
    top, gini = f(ctx, "quality.smi.top1_share"), f(ctx, "quality.smi.gini")
    g = f" (Gini {fmt.number(gini.value, 2)} across authors)" if gini is not None and gini.value is not None else ""
    return card(fmt.percent(top.value), "posts by the top 1% of authors",
                f"A few voices weigh heavily: the most active 1% of authors write {fmt.percent(top.value)} of the "
                f"posts{g}. SMI tells what is said online, not what the average customer thinks.")


def hygiene_card(ctx: Context) -> str | None:
    rows, used = f(ctx, "value.posts.rows"), f(ctx, "value.posts.used")
    if rows is None or used is None:
        return None
    ids, same = f(ctx, "value.duplicates.ids"), f(ctx, "value.duplicates.rows")
    others = [(n, what) for n, what in set_aside(ctx) if what != "duplicate rows"]
    rest = f" Also set aside: {words([f'{fmt.number(n, 0)} {what}' for n, what in others])}." if others else ""
    if ids is None or not ids.value:
        return card(fmt.number(rows.value - used.value, 0), f"of {fmt.number(rows.value, 0)} posts set aside",
                    f"No post id repeats.{rest} {fmt.number(used.value, 0)} posts remain.")
    return card(fmt.number(ids.value, 0), "repeated post ids",
                f"{fmt.number(ids.value, 0)} rows of the export repeat an earlier post id ({fmt.number(same.value, 0)} "
                f"are identical in every column) and were dropped.{rest} {fmt.number(used.value, 0)} of "
                f"{fmt.number(rows.value, 0)} posts remain.")


# ---------------------------------------------------------------- set-up and brands


def design_note(ctx: Context) -> str:
    s = setup(ctx)
    design = {"time_series": f"a time series: SMI per {PERIOD_WORDS.get(s.get('period'), ('period',))[0]} against "
                             f"{md.inline(measure_name(ctx))}",
              "cross_section": f"a cross-section: one value per {units(ctx, 1)} against {md.inline(measure_name(ctx))}",
              "panel": f"a panel: {units(ctx)} × periods against {md.inline(measure_name(ctx))}"
              }.get(s.get("design"), "")
    entity = {"brand_field": "the export's brand field", "mention_in_text": "the brand account each post addresses "
              "(the brand field when it addresses none)"}.get(s.get("entity"), md.inline(str(s.get("entity"))))
    lines = [f"Design: {design}.",
             f"SMI measure: {md.inline(str(s.get('measure', '')).replace('_', ' '))}, scored with "
             f"{scorer_name(s.get('scorer'))}"
             + (f" {md.inline(s.get('scorer_version'))}" if s.get("scorer_version") else "") + ".",
             f"Posts are attributed to a brand by {entity}; dates are binned in {md.inline(s.get('timezone', 'UTC'))} "
             "time.",
             f"Retweets are {s.get('retweets', VALUE_DEFAULTS['retweets'])}d and the brands' own posts "
             f"{s.get('brand_posts', VALUE_DEFAULTS['brand_posts'])}d; "
             f"duplicate post ids are {'dropped' if s.get('dedupe', True) else 'kept (reported only)'}; a "
             f"{units(ctx, 1)} with fewer than {s.get('n_min', VALUE_N_MIN)} posts is missing, not zero "
             "[SMAA convention]."]
    return md.admonition("info", "How the comparison is set up", "\n".join(f"- {line}" for line in lines),
                         collapsible=True)


def brands_section(ctx: Context, lead: bool = False) -> str:
    t = ctx.fs.tables.get("value.brand_shares")
    if t is None or len(t.rows) < 2:
        return ""
    n_min = setup(ctx).get("n_min", VALUE_N_MIN)
    scorer = scorer_name(setup(ctx).get("scorer"))
    ranked = sorted(t.rows, key=lambda r: (-r["share_negative"], r["brand"]))
    rows = [{"brand": r["brand"], "label": f"{r['brand']} (n = {fmt.number(r['n'], 0)})", "share": r["share_negative"],
             "lo": r["ci_low"], "hi": r["ci_high"], "n": r["n"], "reliable": r["n"] >= n_min,
             "text": fmt.percent(r["share_negative"]) + ("" if r["n"] >= n_min else " (too few)"),
             "ci": f"{fmt.percent(r['ci_low'], True)} to {fmt.percent(r['ci_high'], True)}"} for r in ranked]
    ok = [r for r in ranked if r["n"] >= n_min]
    hi, lo = ok[0], ok[-1]
    title = (f"{hi['brand']} draws the largest share of negative posts ({fmt.percent(hi['share_negative'])}), "
             f"{lo['brand']} the smallest ({fmt.percent(lo['share_negative'])})")
    spec = lambda: vc.brand_intervals(rows, title=title, order=[r["label"] for r in rows],  # noqa: E731
                                      subtitle=f"Share negative ({scorer}) · bars: 95% Wilson CI",
                                      value_title="Share of negative posts")
    small = [r for r in ranked if r["n"] < n_min]
    note = (f" {md.text(words([r['brand'] for r in small]))}: fewer than {n_min} posts, shown grey and left out of "
            "the comparison." if small else "")
    series = ctx.fs.tables.get("value.series")
    compared = {r.get("brand") for r in (series.rows if series else [])}
    absent = [r["brand"] for r in ranked if r["brand"] not in compared and r["n"] >= n_min]
    if lead and absent:
        note += (f" {md.text(words(absent))}: no {md.text(measure_name(ctx))} value, so not part of the "
                 "correlation below.")
    head = (f"## Which {units(ctx)} draw the most negative posts\n\n" if lead else
            "### Share of negative posts by brand\n\n")
    return head + ctx.chart("value-brands", spec, "Dot plot of the share of negative posts per brand with 95% "
                            "Wilson intervals as horizontal bars.",
                            f"Share of negative posts per {units(ctx, 1) if lead else 'brand'}, n = "
                            f"{fmt.number(t.n, 0)} posts in all; intervals are "
                            f"95% Wilson score intervals (Wilson 1927).{note}", t)


# ---------------------------------------------------------------- data-quality profile (M8)


def raw_text(ctx: Context, row: dict) -> str:
    v, unit, crit = row["raw"], row["unit"], row["criterion"]
    if v is None:
        return "not computed"
    if unit == "days":
        return f"{fmt.number(v, 0 if v >= 10 else 1)} days"
    if unit == "per year":
        return f"{fmt.number(v, 0)} a year"
    if unit.startswith("±"):
        pct = row["source"] == "smi" and setup(ctx).get("measure") in ("share_negative", "net_sentiment")
        return f"±{fmt.number(v * 100, 1)} pp" if pct else f"±{fmt.number(v, 2 if row['source'] == 'smi' else 1)}"
    if crit == "duplicate_rate":
        return f"{fmt.percent(v, table=True)} repeated ids"
    if crit == "top1_share":
        return f"{fmt.percent(v)} of posts"
    if unit == "share":
        return fmt.percent(v)
    if unit == "of 5":
        return f"{fmt.number(v, 0)} of 5"
    return fmt.number(v, 2)


def profile_table(ctx: Context) -> Table:
    t = ctx.fs.tables["quality.profile"]
    names = {"smi": "SMI", "traditional": measure_name(ctx)}
    rows = [{"criterion": CRITERIA.get(r["criterion"], r["criterion"]), "source": names[r["source"]],
             "raw": raw_text(ctx, r), "score": r["score"], "mapping": r["mapping"], "note": r["note"] or "–"}
            for r in t.rows]
    cols = [{"name": "criterion", "label": "Criterion"}, {"name": "source", "label": "Source"},
            {"name": "raw", "label": "Raw value"}, {"name": "score", "label": "Score 0–1", "kind": "number",
                                                    "decimals": 2},
            {"name": "mapping", "label": "How the score is made"}, {"name": "note", "label": "Note"}]
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
    return CRITERIA[c].split(" (")[0].lower()


def tradeoffs(ctx: Context) -> str:
    smi, trad, _ = compared(ctx)
    name = md.inline(measure_name(ctx))
    out = []
    if smi:
        out.append(f"SMI is better on {words([_crit(c) for c in smi])}")
    if trad:
        out.append(f"{name} on {words([_crit(c) for c in trad])}")
    text = ("; ".join(out) + ". ") if out else "Neither source leads clearly on the criteria both can be scored on. "
    only = {r["criterion"]: r for r in profile_table(ctx).rows if r["source"] == "SMI"}
    raw = {r["criterion"]: r["raw"] for r in ctx.fs.tables["quality.profile"].rows if r["source"] == "smi"}
    weak = []
    if raw.get("accuracy") is not None:
        weak.append(f"its scorer reaches a macro-F1 of {fmt.number(raw['accuracy'], 2)} against human labels")
    if raw.get("top1_share") is not None:
        weak.append(f"the top 1% of authors write {fmt.percent(raw['top1_share'])} of the posts")
    if raw.get("duplicate_rate"):
        weak.append(f"{fmt.percent(raw['duplicate_rate'], True)} of the export's post ids repeat")
    if weak and only:
        many = {1: "One check applies", 2: "Two checks apply", 3: "Three checks apply"}[len(weak)]
        text += f"{many} to SMI only and show{'s' if len(weak) == 1 else ''} its typical weaknesses: {words(weak)}. "
    return text + ("The trade-off is the usual one: SMI is timely, frequent and cheap but noisy, and it speaks for "
                   "whoever posts; a survey is precise per period and representative by design, but slow.")


def quality_section(ctx: Context) -> str:
    t = ctx.fs.tables.get("quality.profile")
    if t is None or not t.rows:
        return ""
    printed = profile_table(ctx)
    order = [c for c in CRITERIA.values() if any(r["criterion"] == c for r in printed.rows)]
    rows = [{"criterion": r["criterion"], "source": r["source"], "score": r["score"], "text": r["raw"],
             "score_text": fmt.number(r["score"], 2) if r["score"] is not None else "–"} for r in printed.rows]
    name = measure_name(ctx)
    ahead, behind, both = compared(ctx)
    title = (f"SMI is better on {len(ahead)} of the {len(both)} criteria both sources can be scored on"
             + (f", {md.inline(name)} on {len(behind)}" if behind else ""))
    spec = lambda: vc.profile_dots(rows, title=title, order=order, smi_name="SMI", trad_name=name,  # noqa: E731
                                   subtitle="Score 0–1 (mapping in the table) · labels: raw value")
    fig = ctx.chart("value-profile", spec, f"Dot chart of ten data-quality criteria, SMI and {name} each scored "
                    "from 0 to 1, joined by a line showing the gap.",
                    "Data-quality profile after Wang & Strong (1996) and ISO/IEC 25012; timeliness after Ballou et "
                    "al. (1998). The 0–1 mappings are SMAA conventions, listed in the table.", printed)
    return "## Data quality: SMI against " + md.inline(name) + "\n\n" + tradeoffs(ctx) + "\n\n" + fig


# ---------------------------------------------------------------- scorer validation (M10)


def scorer_section(ctx: Context) -> str:
    head = "## Can the sentiment scorer be trusted?\n\n"
    acc = f(ctx, "quality.smi.accuracy")
    if acc is None:
        return ""
    if acc.value is None:
        return head + missing(ctx, "quality.smi.accuracy", "Scorer accuracy",
                              f"Until a random sample of at least 200 posts is labelled by people, the accuracy of "
                              f"{scorer_name(setup(ctx).get('scorer'))} on these posts is unknown, and a shift in SMI "
                              "may be a shift in the scorer's errors.")
    t = ctx.fs.tables["value.confusion"]
    name = scorer_name(acc.extra.get("scorer"))
    totals = {h: sum(r["n"] for r in t.rows if r["human"] == h) for h in CLASSES}
    rows = [dict(r, share=r["n"] / totals[r["human"]] if totals[r["human"]] else None,
                 label=f"{fmt.number(r['n'], 0)} "
                       f"({fmt.percent(r['n'] / totals[r['human']]) if totals[r['human']] else '–'})",
                 human_label=f"{r['human']} (n = {fmt.number(totals[r['human']], 0)})") for r in t.rows]
    worst = worst_confusion(ctx)
    title = (f"{name} reads {fmt.percent(worst['share'])} of the posts humans call {worst['human']} as "
             f"{worst['scorer']}"
             if worst else f"{name} against human labels")
    y_sort = [f"{h} (n = {fmt.number(totals[h], 0)})" for h in CLASSES]
    spec = lambda: charts.matrix(rows, "scorer", "human_label", "share", "label", title=title,  # noqa: E731
                                 x_title=f"{name} class", y_title="Human label", value_title="Share of the human row",
                                 x_sort=list(CLASSES), y_sort=y_sort, cell_height=44)
    published = (" Its authors report a three-class F1 of 0.96 on general tweets (Hutto & Gilbert 2014); "
                 "on these posts it is far lower, for the reasons methods M10 lists: sarcasm, domain words "
                 "(\"delayed\", \"cancelled\") a general lexicon does not weigh, and negation."
                 if acc.extra.get("scorer") == "vader" else "")
    text = (f"Against {fmt.number(acc.n, 0)} human-labelled posts, {name} is right {fmt.percent(acc.value)} of the "
            f"time, macro-F1 {fmt.number(f(ctx, 'quality.smi.macro_f1').value, 2)} and Cohen's κ "
            f"{fmt.number(f(ctx, 'quality.smi.kappa').value, 2)} (0 is chance agreement, 1 perfect).{published}")
    if setup(ctx).get("scorer") == "human_label":
        text += (" The comparison on this page therefore uses the human labels; a monitoring tool that relies on "
                 f"{name} alone would misstate the level of negativity.")
    fig = ctx.chart("value-confusion", spec, f"Confusion matrix of {name} classes against human labels, with the "
                    "count and the share of each human-label row in every cell.",
                    f"{name} (compound ≥ 0.05 positive, ≤ −0.05 negative) against human labels, n = "
                    f"{fmt.number(acc.n, 0)} posts. Row shares add up to 100%.", t)
    return head + text + "\n\n" + fig + quotes(ctx, "misread", "Where the scorer goes wrong")
