"""Alignment (M4), second half: is each group of one mind (within-group agreement r_wg(J), AD_M, with the null
distribution used) and do functions and levels differ (ICC(1), ICC(2)). Every group figure comes from the analyses
already under the disclosure rules."""

from __future__ import annotations

from dataclasses import replace

from ...i18n import N_, _, n_
from ..base import charts
from ..base import format as fmt
from ..base import markdown as md
from ..base.context import Context
from .common import band_word, humanise, missing, printed, shown

RWG_BANDS = [("lack of agreement", "#E69F00"), ("weak", "#F5D58A"), ("moderate", "#A9CCE6"), ("strong", "#4A8FC7"),
             ("very strong", "#0B4F8A")]


def rating_scale(ctx: Context) -> tuple[float, float]:
    lo, hi = (ctx.settings.data.get("ratings") or {}).get("scale", [1, 5])
    return float(lo), float(hi)


def org_functions(ctx: Context) -> list[str]:
    return [f.id for f in ctx.settings.organisation.functions]


def rwgj(ctx: Context) -> str:
    t = ctx.fs.tables.get("alignment.rwgj")
    if t is None or not t.rows:
        return missing(ctx, "alignment.company.vai", _("Within-group agreement"))
    mark = ctx.suppressed_mark
    rank = {g: i for i, g in enumerate([*org_functions(ctx), "other", "management", "operations"])}
    ordered = sorted(t.rows, key=lambda r: (r["group_type"] != "function", rank.get(r["group"], len(rank)), r["group"]))
    rows = [{"group": _group_name(r, mark), "rwg": None if r.get("suppressed") else r.get("rwg_j"),
             "band": "" if r.get("suppressed") else band_word(r.get("band") or ""),
             "label": mark if r.get("suppressed") else (_("not computed") if r.get("rwg_j") is None else
                                                       f"{fmt.number(r['rwg_j'], 2)} {band_word(r.get('band') or '')}".strip())}
            for r in ordered]
    order = [r["group"] for r in rows]
    fn = [r for r in shown(t.rows, "rwg_j") if r["group_type"] == "function"]
    strong = sum(1 for r in fn if r["rwg_j"] > 0.70)
    title = (n_("{k} of {n} function agrees strongly within itself about SMI",
                "{k} of {n} functions agree strongly within themselves about SMI", len(fn), k=strong) if fn else
             _("Agreement within each group about SMI"))
    spec = lambda: charts.band_bars(rows, "group", "rwg", "label", "band", title=title,
                                    value_title=_("Within-group agreement r_wg(J) across items"), order=order,
                                    bands=[(band_word(b), c) for b, c in RWG_BANDS], rules=[0.7],
                                    zones=[(0.85, _("strong or better"))],
                                    dark=[band_word("strong"), band_word("very strong")])
    rwg = ctx.fs.tables.get("alignment.rwg")  # its note restates the null, said in the box below
    chart = ctx.chart("alignment-rwgj", spec,
                      _("Bar chart of multi-item within-group agreement r_wg(J) for each function and for management "
                        "and operations; suppressed groups read {mark}.", mark=mark),
                      _("Within-group agreement over all rating items (r_wg(J), 0 = no agreement, 1 = everyone "
                        "answers alike; n per group in the label). Bands follow LeBreton & Senter (2008): above .70 "
                        "strong, above .90 very strong."), printed(t, mark),
                      ["group_type", "group_label", "n", "items", "rwg_j", "band"])
    table = ""
    if rwg is not None:
        shown_t = printed(replace(rwg, rows=[{**r, "item": humanise(r["item"])} for r in rwg.rows]), mark)
        table = md.admonition("abstract", _("Agreement by item: r_wg and AD_M per group (n = {n})", n=rwg.n),
                              ctx.table_md(shown_t, [c["name"] for c in rwg.columns if c["name"] != "group"]),
                              collapsible=True)
    method = md.admonition("info", _("Null distribution used"), _null_text(ctx))
    return chart + method + table


def _null_text(ctx: Context) -> str:
    """Which null r_wg was measured against, in words (the method asks for it to be reported)."""
    lo, hi = rating_scale(ctx)
    a = int(round(hi - lo)) + 1
    null = next((c["value"] for c in ctx.fs.meta.get("conventions", []) if c.get("name") == "alignment.sigma2_null"),
                "uniform")
    values = dict(a=a, limit=fmt.number(a / 6, 2))
    if null in (None, "uniform"):
        return _("r_wg compares each group's variance with the uniform null, σ²_EU = (A² − 1)/12 = {variance} for "
                 "A = {a} response options (no response style assumed); values below zero are set to 0. AD_M, the "
                 "average deviation from the group mean, is acceptable up to A/6 = {limit} (Burke & Dunlap 2002) and "
                 "is the better reading for groups under five people.", variance=fmt.number((a * a - 1) / 12, 2),
                 **values)
    return _("r_wg compares each group's variance with a null variance of {null} set for this case (LeBreton & "
             "Senter 2008, Table 2); values below zero are set to 0. AD_M, the average deviation from the group "
             "mean, is acceptable up to A/6 = {limit} (Burke & Dunlap 2002) and is the better reading for groups "
             "under five people.", null=md.text(null), **values)


def _group_name(r: dict, mark: str) -> str:
    """'Marketing (n = 13)'; level groups read 'All management' so that a function with the same name (a
    function called Operations) cannot be confused with them."""
    n = _("n = {n}", n=r['n']) if r.get("n") is not None and not r.get("suppressed") else f"n {mark}"
    levels = {"management": _("All management"), "operations": _("All operations")}  # the two level groups, in words
    pooled = _("Other functions") if r["group_label"] == "Other functions" else r["group_label"]  # the analysis's pool
    name = pooled if r["group_type"] == "function" else levels.get(
        r["group"], _("All {group}", group=str(r['group_label']).lower()))
    return f"{name} ({n})"


def icc(ctx: Context) -> str:
    t = ctx.fs.tables.get("alignment.icc")
    if t is None or not t.rows:
        return missing(ctx, "alignment.company.vai", _("Between-group differentiation (ICC)"))
    by = {"level": _("by level"), "function": _("by function")}
    rows = [{**r, "item": humanise(r["item"]), "grouping": by.get(r['grouping'], r['grouping']),
             **{k: _round2(r.get(k)) for k in ("msb", "msw", "icc1", "icc2")}} for r in t.rows]
    lines = []
    for grouping in ("level", "function"):
        mine = [r for r in shown(rows, "icc1") if r["grouping"] == by[grouping]]
        if mine:
            best = max(mine, key=lambda r: r["icc1"])
            values = dict(item=md.inline(best['item']), icc1=fmt.number(best['icc1'], 2),
                          size=_(ICC_SIZES[_icc_size(best['icc1'])]), icc2=fmt.number(best['icc2'], 2), n=best['n'])
            lines.append(_("Ratings differ by level, most on “{item}” (ICC(1) {icc1}, {size}; ICC(2) {icc2}, "
                           "n = {n}).", **values) if grouping == "level" else
                         _("Ratings differ by function, most on “{item}” (ICC(1) {icc1}, {size}; ICC(2) {icc2}, "
                           "n = {n}).", **values))
    missing = [r for r in rows if r.get("icc1") is None and not r.get("suppressed")]
    text = (" ".join(lines) + " " + _("ICC(1) benchmarks: about .01 small, .10 medium, .25 large (LeBreton & Senter "
                                      "2008); ICC(2) ≥ .70 means group means are reliable.") + "\n\n") if lines else ""
    note = md.admonition("warning", _("Some ICCs not computed"),
                         n_("{n} ICC value needs ratings from at least two groups and more people than groups.",
                            "{n} ICC values need ratings from at least two groups and more people than groups.",
                            len(missing))) if missing else ""
    cols = ["grouping", "item", "n", "groups", "icc1", "icc2"]
    return text + ctx.table_md(printed(replace(t, rows=rows), ctx.suppressed_mark), cols) + note


def _round2(v):
    """Rounded as printed, so that −0.0005 prints as 0.00, not −0.00."""
    return None if v is None else round(v, 2) + 0.0


ICC_SIZES = {"large": N_("large"), "medium": N_("medium"), "small": N_("small"), "negligible": N_("negligible")}


def _icc_size(v: float) -> str:
    return "large" if v >= 0.25 else "medium" if v >= 0.10 else "small" if v >= 0.01 else "negligible"
