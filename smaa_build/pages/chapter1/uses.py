"""Mapping SMI use, second half (M5): what SMI is used for (Simons' levers by function), which metric families each
function relies on, and how SMI is collected and analysed (manual share = fragility)."""

from __future__ import annotations

from dataclasses import replace

from ...findings import Table
from ...i18n import _, n_
from ..base import charts
from ..base import format as fmt
from ..base import markdown as md
from .common import cell_label, group_axis_labels, humanise, missing, note, printed, shown, words
from ..base.context import Context
from ..base.reasons import reason_of


def _crosstab(ctx: Context, key: str, dim: str, slug: str, what: str, title_fn, description: str, caption: str) -> str:
    t = ctx.fs.tables.get(key)
    if t is None:
        return md.admonition("warning", _("{what}: not computed", what=what),
                             _("No purpose codes are in this case's coding, so this cross-tab cannot be drawn.")
                             if dim == "purpose" else
                             _("No metric category codes are in this case's coding, so this cross-tab cannot be "
                               "drawn."))
    if not shown(t.rows, "share"):
        return md.admonition("warning", _("{what}: every cell withheld", what=what),
                             _("Every function group has fewer than {k} interviewees using SMI, so the cross-tab "
                               "cannot be shown without identifying people.", k=ctx.k_min))
    mark = ctx.suppressed_mark
    names = group_axis_labels(t.rows, "group", "group_label", mark)
    cats = list(dict.fromkeys(humanise(r[dim]) for r in t.rows))
    rows = [{"row": names[r["group"]], "col": humanise(r[dim]), "value": None if r["suppressed"] else r["share"],
             "label": cell_label(r, "share", mark),
             "uses": "" if r["suppressed"] else n_("{k} of {n} use", "{k} of {n} uses", r['uses'], k=r['count'])}
            for r in t.rows]
    spec = lambda: charts.matrix(rows, "col", "row", "value", "label", title=title_fn(t, dim), x_title=None,
                                 y_title=None, value_title=_("Share of uses"), x_sort=cats,
                                 y_sort=list(names.values()), tooltip=[("uses", _("Uses"))])
    shown_t = replace(t, rows=[{**r, dim: humanise(r[dim])} for r in t.rows])
    return ctx.chart(slug, spec, description, caption + " " + _(
        "n = {n} interviewees using SMI; n per function in the row label. {note}", n=t.n, note=note(t)),
        printed(shown_t, mark),
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
        return _("Purpose of SMI use by function")
    counts = {c: list(leaders.values()).count(c) for c in leaders.values()}
    top = max(counts, key=lambda c: (counts[c], -list(leaders.values()).index(c)))
    labels = {r["group"]: r["group_label"] for r in t.rows}
    others = [g for g, c in leaders.items() if c != top]
    values = dict(purpose=humanise(top), k=counts[top])
    if len(others) == 1:
        return n_("{purpose} use leads in {k} of {n} function; {others} mostly {other}",
                  "{purpose} use leads in {k} of {n} functions; {others} mostly {other}", len(leaders),
                  others=words([labels[g] for g in others]), other=humanise(leaders[others[0]]).lower(), **values)
    return n_("{purpose} use leads in {k} of {n} function", "{purpose} use leads in {k} of {n} functions",
              len(leaders), **values)


def _metric_title(t: Table, dim: str) -> str:
    leaders = _leaders(t, dim)
    if not leaders:
        return _("Metric families by function")
    distinct = len(set(leaders.values()))
    if distinct >= 3:
        return n_("Functions rely on different metrics: {k} families lead across {n} function",
                  "Functions rely on different metrics: {k} families lead across {n} functions", len(leaders),
                  k=distinct)
    values = list(leaders.values())
    # ties go to the family leading first in table order, as in _purpose_title (a set's order varies per process)
    top = max(dict.fromkeys(values), key=lambda c: (values.count(c), -values.index(c)))
    return n_("{family} metrics lead in {k} of {n} function", "{family} metrics lead in {k} of {n} functions",
              len(leaders), family=humanise(top), k=values.count(top))


def purpose(ctx: Context) -> str:
    chart = _crosstab(ctx, "mapping.purpose_function", "purpose", "mapping-purpose", _("Purpose by function"),
                      _purpose_title,
                      _("Heatmap: share of SMI uses per purpose (diagnostic, interactive, beliefs, boundary) in each "
                        "function."),
                      _("Share of each function's SMI uses coded with each purpose (Simons 1995)."))
    return chart + _interactive_sentence(ctx)


def _interactive_sentence(ctx: Context) -> str:
    m, o = (ctx.fs.findings.get(f"mapping.interactive_share.{s}") for s in ("management", "operations"))
    if not (m and o):
        return ""
    if not (ctx.has(m.key) and ctx.has(o.key)):
        why = reason_of(m, "") or reason_of(o, "") or _("a side has fewer than {k} interviewees", k=ctx.k_min)
        return "\n" + _("The interactive share by management and operations is not shown: {why}.",
                        why=md.text(why)) + "\n"
    values = dict(m=fmt.percent(m.value), m_n=m.n, o=fmt.percent(o.value), o_n=o.n)
    text = (_("Management uses SMI **interactively** (to debate strategy with its teams) in {m} of its uses "
              "(n = {m_n}), less than operations at {o} (n = {o_n}). SMI used only diagnostically at the top is a "
              "symptom of vertical misalignment.", **values) if m.value < o.value else
            _("Management uses SMI **interactively** (to debate strategy with its teams) in {m} of its uses "
              "(n = {m_n}), more than operations at {o} (n = {o_n}). SMI used only diagnostically at the top is a "
              "symptom of vertical misalignment.", **values))
    return f"\n{text}\n"


def metrics(ctx: Context) -> str:
    return _crosstab(ctx, "mapping.metric_function", "metric_category", "mapping-metrics",
                     _("Metric families by function"), _metric_title,
                     _("Heatmap: share of SMI uses per metric family in each function."),
                     _("Share of each function's SMI uses that draw on each metric family (Agostino & Sidorova)."))


def collection(ctx: Context) -> str:
    t = ctx.fs.tables.get("mapping.collection_method")
    if t is None:
        return missing(ctx, "mapping.manual_share", _("Collection methods"))
    if all(r.get("suppressed") for r in t.rows):
        return md.admonition("warning", _("Collection methods: withheld"),
                             _("Fewer than {k} interviewees coded a collection method, so it is not shown, to protect "
                               "respondents.", k=ctx.k_min))
    order = [humanise(r["collection_method"]) for r in t.rows]
    rows = [{"method": humanise(r["collection_method"]), "share": r["share"], "manual": r["collection_method"] == "manual",
             "label": n_("{share} ({n} use)", "{share} ({n} uses)", r['count'], share=fmt.percent(r['share']))}
            for r in t.rows]
    manual = next((r for r in t.rows if r["collection_method"] == "manual"), None)
    title = (_("{share} of SMI uses are collected by hand", share=fmt.percent(manual['share'])) if manual else
             _("How SMI is collected"))
    spec = lambda: charts.share_bars(rows, "method", "share", "label", title=title, value_title=_("Share of SMI uses"),
                                     order=order, highlight="manual")
    out = ctx.chart("mapping-collection", spec, _("Bar chart of the share of SMI uses by collection method."),
                    _("Share of SMI uses by collection method (n = {n} interviewees using SMI). Manual collection is "
                      "highlighted: it is the fragility indicator of the risk assessment.", n=t.n),
                    printed(replace(t, rows=[{**r, "collection_method": humanise(r["collection_method"])} for r in t.rows]),
                            ctx.suppressed_mark))
    a = ctx.fs.tables.get("mapping.analysis_method")
    if a is not None and not all(r.get("suppressed") for r in a.rows):
        named = replace(a, rows=[{**r, "analysis_method": humanise(r["analysis_method"])} for r in a.rows])
        out += ("\n" + _("How SMI is analysed (a use may combine several methods, so shares add up to more than "
                         "100%; n = {n}):", n=a.n) + "\n\n" + ctx.table_md(printed(named, ctx.suppressed_mark)) + "\n")
    return out
