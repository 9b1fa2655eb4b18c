"""Mapping SMI use, second half (M5): what SMI is used for (Simons' levers by function), which metric families each
function relies on, and how SMI is collected and analysed (manual share = fragility)."""

from __future__ import annotations

from dataclasses import replace

from ...findings import Table
from ..base import charts
from ..base import format as fmt
from ..base import markdown as md
from .common import cell_label, group_axis_labels, humanise, missing, printed, shown, words
from ..base.context import Context


def _crosstab(ctx: Context, key: str, dim: str, slug: str, what: str, title_fn, description: str, caption: str) -> str:
    t = ctx.fs.tables.get(key)
    if t is None:
        return md.admonition("warning", f"{what}: not computed",
                             f"No {dim.replace('_', ' ')} codes are in this case's coding, so this cross-tab "
                             "cannot be drawn.")
    if not shown(t.rows, "share"):
        return md.admonition("warning", f"{what}: every cell suppressed",
                             f"Every function group has fewer than {ctx.k_min} interviewees using SMI, so the "
                             "cross-tab cannot be shown (M12).")
    mark = ctx.suppressed_mark
    names = group_axis_labels(t.rows, "group", "group_label", mark)
    cats = list(dict.fromkeys(humanise(r[dim]) for r in t.rows))
    rows = [{"row": names[r["group"]], "col": humanise(r[dim]), "value": None if r["suppressed"] else r["share"],
             "label": cell_label(r, "share", mark),
             "uses": "" if r["suppressed"] else f"{r['count']} of {r['uses']} uses"} for r in t.rows]
    spec = lambda: charts.matrix(rows, "col", "row", "value", "label", title=title_fn(t, dim), x_title=None,
                                 y_title=None, value_title="Share of uses", x_sort=cats, y_sort=list(names.values()),
                                 tooltip=[("uses", "Uses")])
    shown_t = replace(t, rows=[{**r, dim: humanise(r[dim])} for r in t.rows])
    return ctx.chart(slug, spec, description, f"{caption} n = {t.n} interviewees using SMI; n per function in the "
                     f"row label. {t.note}", printed(shown_t, mark),
                     ["group_label", dim, "n", "uses", "count", "share", "suppression"])


def _leaders(t: Table, dim: str) -> dict[str, str]:
    """Leading category per published group (ties: vocabulary order)."""
    out = {}
    for r in shown(t.rows, "share"):
        best = out.get(r["group"])
        if best is None or r["share"] > best["share"]:
            out[r["group"]] = r
    return {g: r[dim] for g, r in out.items()}


def _purpose_title(t: Table, dim: str) -> str:
    leaders = _leaders(t, dim)
    if not leaders:
        return "Purpose of SMI use by function"
    counts = {c: list(leaders.values()).count(c) for c in leaders.values()}
    top = max(counts, key=lambda c: (counts[c], -list(leaders.values()).index(c)))
    labels = {r["group"]: r["group_label"] for r in t.rows}
    others = [g for g, c in leaders.items() if c != top]
    tail = (f"; {words([labels[g] for g in others])} mostly {humanise(leaders[others[0]]).lower()}"
            if len(others) == 1 else "")
    return f"{humanise(top)} use leads in {counts[top]} of {len(leaders)} functions{tail}"


def _metric_title(t: Table, dim: str) -> str:
    leaders = _leaders(t, dim)
    if not leaders:
        return "Metric families by function"
    distinct = len(set(leaders.values()))
    if distinct >= 3:
        return f"Functions rely on different metrics: {distinct} families lead across {len(leaders)} functions"
    values = list(leaders.values())
    # ties go to the family leading first in table order, as in _purpose_title (a set's order varies per process)
    top = max(dict.fromkeys(values), key=lambda c: (values.count(c), -values.index(c)))
    return f"{humanise(top)} metrics lead in {values.count(top)} of {len(leaders)} functions"


def purpose(ctx: Context) -> str:
    chart = _crosstab(ctx, "mapping.purpose_function", "purpose", "mapping-purpose", "Purpose by function",
                      _purpose_title,
                      "Heatmap: share of SMI uses per purpose (diagnostic, interactive, beliefs, boundary) in each "
                      "function.",
                      "Share of each function's SMI uses coded with each purpose (Simons 1995).")
    return chart + _interactive_sentence(ctx)


def _interactive_sentence(ctx: Context) -> str:
    m, o = (ctx.fs.findings.get(f"mapping.interactive_share.{s}") for s in ("management", "operations"))
    if not (m and o):
        return ""
    if not (ctx.has(m.key) and ctx.has(o.key)):
        why = m.reason or o.reason or f"a side has fewer than {ctx.k_min} interviewees"
        return f"\nThe interactive share by management and operations is not shown: {md.text(why)}.\n"
    more = "less" if m.value < o.value else "more"
    return (f"\nManagement uses SMI **interactively** (to debate strategy with its teams) in {fmt.percent(m.value)} "
            f"of its uses (n = {m.n}), {more} than operations at {fmt.percent(o.value)} (n = {o.n}). SMI used only "
            "diagnostically at the top is a symptom of vertical misalignment.\n")


def metrics(ctx: Context) -> str:
    return _crosstab(ctx, "mapping.metric_function", "metric_category", "mapping-metrics", "Metric families by function",
                     _metric_title, "Heatmap: share of SMI uses per metric family in each function.",
                     "Share of each function's SMI uses that draw on each metric family (Agostino & Sidorova).")


def collection(ctx: Context) -> str:
    t = ctx.fs.tables.get("mapping.collection_method")
    if t is None:
        return missing(ctx, "mapping.manual_share", "Collection methods")
    if all(r.get("suppressed") for r in t.rows):
        return md.admonition("warning", "Collection methods: suppressed",
                             f"Fewer than {ctx.k_min} interviewees coded a collection method (M12).")
    order = [humanise(r["collection_method"]) for r in t.rows]
    rows = [{"method": humanise(r["collection_method"]), "share": r["share"], "manual": r["collection_method"] == "manual",
             "label": f"{fmt.percent(r['share'])} ({r['count']} uses)"} for r in t.rows]
    manual = next((r for r in t.rows if r["collection_method"] == "manual"), None)
    title = (f"{fmt.percent(manual['share'])} of SMI uses are collected by hand" if manual else
             "How SMI is collected")
    spec = lambda: charts.share_bars(rows, "method", "share", "label", title=title, value_title="Share of SMI uses",
                                     order=order, highlight="manual")
    out = ctx.chart("mapping-collection", spec, "Bar chart of the share of SMI uses by collection method.",
                    f"Share of SMI uses by collection method (n = {t.n} interviewees using SMI). Manual collection "
                    "is highlighted: it is the fragility indicator of the risk assessment.", printed(t, ctx.suppressed_mark))
    a = ctx.fs.tables.get("mapping.analysis_method")
    if a is not None and not all(r.get("suppressed") for r in a.rows):
        out += ("\nHow SMI is analysed (a use may combine several methods, so shares add up to more than 100%; "
                f"n = {a.n}):\n\n" + ctx.table_md(printed(replace(a, rows=[{**r, "analysis_method": humanise(r["analysis_method"])}
                                                                             for r in a.rows]), ctx.suppressed_mark)) + "\n")
    return out
