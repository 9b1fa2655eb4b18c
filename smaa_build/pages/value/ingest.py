"""SMI-value page, what went into the numbers (methods.md M8 consistency, M9 minimum n, M12): every count of what
ingestion set aside, the brand field against the account each post addresses, example posts (scrubbed again and
escaped), and the minimum-n rules where they bite."""

from __future__ import annotations

from ...analyses.value.language_codes import display as language_name
from ...facts import VALUE_N_MIN
from ..base import charts
from ..base import format as fmt
from ..base import markdown as md
from ..base.context import Context
from .common import INCONCLUSIVE_N, NONE, f, quotes, scorer_name, set_aside, setup, top_conflict, units
from .quality import brands_section


def ingestion_section(ctx: Context) -> str:
    rows_f, used = f(ctx, "value.posts.rows"), f(ctx, "value.posts.used")
    if rows_f is None or used is None:
        return ""
    ids, same = f(ctx, "value.duplicates.ids"), f(ctx, "value.duplicates.rows")
    lines = [["Rows in the export", fmt.number(rows_f.value, 0), "–"]]
    dup_note = (f"{fmt.number(ids.extra.get('distinct_ids', 0), 0)} post ids appear more than once; "
                f"{fmt.number(same.value, 0)} rows are identical to an earlier row in every column")
    lines += [[md.cell(what[:1].upper() + what[1:]), "−" + fmt.number(n, 0),
               dup_note if what == "duplicate rows" else "–"] for n, what in set_aside(ctx)]
    lines.append(["**Posts used**", f"**{fmt.number(used.value, 0)}**", "–"])
    text = "Every count below comes from the export as delivered; nothing is dropped silently."
    out = ("## What went into the numbers\n\n" + " ".join([text, *language_sentences(ctx), *other_content(ctx)])
           + "\n\n" + md.table(["Step", "Posts", "Detail"], lines, ["left", "right", "left"]))
    out += unrecognised_warning(ctx)
    share = f(ctx, "value.share_negative")
    if share is not None and share.value is not None:
        out += (f"\nOf the posts used, {fmt.percent(share.value)} are negative "
                f"({scorer_name(share.extra.get('scorer'))}; "
                f"95% CI {fmt.percent(share.ci[0], True)} to {fmt.percent(share.ci[1], True)}, "
                f"n = {fmt.number(share.n, 0)}).\n")
    if setup(ctx).get("design") != "cross_section":
        out += brands_section(ctx)
    return out + entity_section(ctx)


def _count(n: int, one: str, many: str) -> str:
    return f"{fmt.number(n, 0)} {one if n == 1 else many}"


def _listing(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def language_sentences(ctx: Context) -> list[str]:
    """Which posts were set aside as not in the scoring language, per language, and how that was decided."""
    lang = f(ctx, "value.language.excluded")
    if lang is None or "by_language" not in lang.extra:
        return []
    x, scoring = lang.extra, language_name(setup(ctx).get("language", "en"))
    if x.get("method") == "none":
        return [f"The language of the posts was not checked (`data.posts.language_check: false`): every post is "
                f"scored as {scoring}."]
    unknown = x.get("unrecognised") or {}
    per = [f"{fmt.number(n, 0)} " + ("undetermined" if k == "und" else f"labelled `{md.inline(k)}`" if k in unknown
                                     else "in " + md.inline(language_name(k)))
           for k, n in sorted(x["by_language"].items(), key=lambda kv: (-kv[1], kv[0]))]  # largest first
    first = (f"{_count(lang.value, 'post is', 'posts are')} set aside as not in {scoring}, the language the "
             f"sentiment scorer reads: {_listing(per) if len(per) > 1 else 'all ' + per[0]}." if per else f"No post was found in another language than "
             f"{scoring}.")
    if x.get("method") == "column":
        how = f"The language of each post is the export's own column `{md.inline(x.get('source'))}`"
        how += (f"; {_count(x['column_undetermined'], 'post', 'posts')} it leaves empty or undetermined "
                f"{'was' if x['column_undetermined'] == 1 else 'were'} identified by {md.inline(x.get('identifier'))}."
                if x.get("column_undetermined") else ".")
    else:
        how = (f"The language of each post was identified by {md.inline(x.get('source'))}, on the text without "
               "handles, links and emoji.")
    short = x.get("short_kept", 0)
    tail = (f" {_count(short, 'post', 'posts')} too short to identify ({'has' if short == 1 else 'have'} fewer than "
            f"three words and no sure language) {'was' if short == 1 else 'were'} kept." if short else "")
    return [first, how + tail]


def unrecognised_warning(ctx: Context) -> str:
    lang = f(ctx, "value.language.excluded")
    codes = (lang.extra.get("unrecognised") or {}) if lang is not None else {}
    if not codes:
        return ""
    listed = _listing([f"`{md.inline(k)}` ({_count(n, 'post', 'posts')})" for k, n in codes.items()])
    return "\n" + md.admonition("warning", "Language codes smaa does not recognise",
                                 f"The export's language column holds {listed}. These posts are counted under "
                                 "their own label and set aside, never taken as the scoring language. Check what "
                                 "the export means by them.")


def other_content(ctx: Context) -> list[str]:
    """Post ids whose rows differ in content: different posts under one id, not copies."""
    o = f(ctx, "value.duplicates.other_content")
    if o is None or not o.value:
        return []
    ids = o.extra.get("distinct_ids", 0)
    return [f"{_count(ids, 'post id is', 'post ids are')} used by rows with different content "
            f"({_count(o.value, 'row', 'rows')} after the first of {'its' if ids == 1 else 'their'} id): "
            "de-duplication keeps the first row of each id, so these rows are not counted, whatever they say. An "
            "export that reuses ids needs checking before its numbers are trusted."]


def entity_section(ctx: Context) -> str:
    top = top_conflict(ctx)
    t = ctx.fs.tables.get("value.entity_conflicts")
    if top is None:
        return ""
    fields = sorted({r["brand_field"] for r in t.rows})
    mentioned = sorted({r["mentioned_brand"] for r in t.rows} - {NONE}) + [NONE]
    totals = {b: sum(r["n"] for r in t.rows if r["brand_field"] == b) for b in fields}
    cells = []
    for b in fields:
        for m in mentioned:
            n = next((r["n"] for r in t.rows if r["brand_field"] == b and r["mentioned_brand"] == m), 0)
            cells.append({"field": b, "mentioned": "no brand account" if m == NONE else m,
                          "share": n / totals[b] if totals[b] else 0, "label": fmt.number(n, 0) if n else "·"})
    title = (f"{fmt.number(top['n'], 0)} of the {fmt.number(top['total'], 0)} posts labelled {top['brand_field']} "
             f"address {top['mentioned_brand']}")
    cols = [("no brand account" if m == NONE else m) for m in mentioned]
    spec = lambda: charts.matrix(cells, "mentioned", "field", "share", "label", title=title,  # noqa: E731
                                 x_title="Brand account the post addresses", y_title="Brand field of the export",
                                 value_title="Share of the row", x_sort=cols, y_sort=fields, cell_height=30)
    conflicts = f(ctx, "value.entity.conflicts")
    text = (f"The export names a brand for each post, and most posts also address a brand account. The two "
            f"disagree for {fmt.number(conflicts.value, 0)} posts. Which one decides is a declared choice of the case "
            f"(here: {'the account addressed' if setup(ctx).get('entity') == 'mention_in_text' else 'the brand field'}"
            "); "
            "it moves every per-brand figure and the correlation, so it is shown rather than hidden.")
    fig = ctx.chart("value-entities", spec, "Matrix of the export's brand field against the brand account each post "
                    "addresses, with the number of posts in each cell; off-diagonal cells are conflicts.",
                    "Posts by brand field (rows) and the first brand account they address (columns); a dot marks "
                    "an empty cell. Shading: share of the row.", t)
    return "\n### Brand field against the account addressed\n\n" + text + "\n\n" + fig + quotes(
        ctx, "conflict", f"Posts labelled {top['brand_field']} that address {top['mentioned_brand']}")


def examples_section(ctx: Context) -> str:
    t = ctx.fs.tables.get("value.examples")
    rows = [r for r in (t.rows if t else []) if r["kind"] in ("low_period", "high_period")]
    if not rows:
        return ""
    low = next((r["period"] for r in rows if r["kind"] == "low_period"), None)
    high = next((r["period"] for r in rows if r["kind"] == "high_period"), None)
    one = units(ctx, 1)
    return ("## What the posts say\n\n"
            + quotes(ctx, "low_period", f"The most negative posts of the lowest {one} ({low})")
            + quotes(ctx, "high_period", f"The most positive post of the highest {one} ({high})")
            + "\n" + md.admonition("info", "Quoting posts", md.text(t.note) + " Public posts are still personal "
                                   "data: do not copy them outside this report (methods M12)."))


# ---------------------------------------------------------------- minimum-n rules


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
    return [
        (f"At least {s.get('n_min', VALUE_N_MIN)} posts behind any {units(ctx, 1)}; fewer is missing, not zero",
         (f"{len(short)} {units(ctx, len(short))} "
          + ("falls short and is" if len(short) == 1 else "fall short and are") + " left out") if short else None),
        ("At least 6 pairs for any interval or test (methods M9.2)",
         f"the correlation rests on {n} {units(ctx, n)}: it is descriptive only" if n and n < 6 else None),
        (f"Up to {INCONCLUSIVE_N} pairs: any correlation is flagged inconclusive",
         f"n = {n}" if n and n <= INCONCLUSIVE_N else None),
        ("At least 12 periods for the block bootstrap (methods M9.2)",
         "not applicable to a cross-section" if cross else
         (md.text(boot.reason) if boot is not None and boot.value is None else None)),
        ("At least 20 periods for lead/lag analysis (methods M9.3)",
         "not applicable to a cross-section" if cross else
         (md.text(best.reason) if best is not None and best.value is None and not (ccf_t and ccf_t.rows) else None)),
        ("At least 200 human-labelled posts to validate the scorer (methods M8)",
         md.text(acc.reason) if acc is not None and acc.value is None else None),
    ]


def rules_section(ctx: Context) -> str:
    rs = rules(ctx)
    biting = [(r, why) for r, why in rs if why and not why.startswith("not applicable")]
    out = "## Minimum-n rules\n\n"
    if biting:
        out += md.admonition("warning", f"{len(biting)} minimum-n "
                             + ("rules limit" if len(biting) > 1 else "rule limits") + " what this page can claim",
                             "\n".join(f"- **{md.inline(r)}**: {why}." for r, why in biting)
                             + "\n\nBelow these thresholds an interval or a test would look precise while resting "
                               "on too little data to be trusted, so the page says so instead of printing one.")
    else:
        out += "No minimum-n rule limits this page: every statistic shown rests on enough data.\n"
    body = "\n".join(f"- {md.inline(r)}" + (f" — {why}." if why else " — met.") for r, why in rs)
    return out + "\n" + md.admonition("info", "All minimum-n rules [SMAA conventions]", body, collapsible=True)
