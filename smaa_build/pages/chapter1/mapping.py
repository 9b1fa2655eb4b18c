"""Mapping SMI use (M2, M3, M5): where social-media information is used across functions and levels, how
intensely, for what purpose, with which metrics and how it is collected. Answer first: headline cards, the
researcher's narrative, then the evidence. Group cells come from the analyses already under M12; this page
only draws them, printing "<k" where a cell is suppressed and saying plainly what could not be computed."""

from __future__ import annotations

from ...findings import Table
from ...i18n import N_, _, n_
from ..base import charts
from ..base import format as fmt
from ..base import markdown as md
from .common import (band_word, card, cell_label, conv, conv_value, count, gap_card, glossary, group_axis_labels,
                     missing, note, people, printed, shown, words)
from ..base.context import Context, Page
from .narrative import activity_order, activity_rows, all_narratives, top_activities
from .uses import collection, metrics, purpose

SECTION = "mapping"
BAND_COLOURS = [("widespread", "#0B4F8A"), ("partial", "#56B4E9"), ("concentrated", "#E69F00")]



# ---------------------------------------------------------------- activity order and headlines

def _users(r: dict) -> str:
    k = r.get("functions") or 0
    return n_("{x} of {n} function", "{x} of {n} functions", k, x=round((r['hdi'] or 0) * k))


def _breadth_card(ctx: Context) -> str | None:
    rows = shown(activity_rows(ctx), "hdi")
    if not rows:
        return None
    wide = [r for r in rows if r["band"] == "widespread"]
    low = [r for r in sorted(rows, key=lambda r: (r["hdi"], r["activity"]))[:2] if r["band"] != "widespread"]
    tail = (n_("{activities} reach only {functions}.", "{activities} reach only {functions}.", len(low),
               activities=words([md.inline(r['activity_label']) for r in low]), functions=_users(low[0])) if low else
            _("No activity is confined to a few functions."))
    n = ctx.fs.tables["diffusion.activities"].n
    return card(_("{k} of {n}", k=len(wide), n=len(rows)), _("activities widespread"),
                n_("SMI is used in at least two-thirds of functions for **{k} of {n} activity** (HDI ≥ {limit}, a "
                   "convention).", "SMI is used in at least two-thirds of functions for **{k} of {n} activities** "
                   "(HDI ≥ {limit}, a convention).", len(rows), k=len(wide),
                   limit=conv(ctx, 'diffusion.hdi_widespread', 0.67)) + f" {tail} {people(n)}.")


def _intensity_card(ctx: Context) -> str | None:
    if not ctx.has("diffusion.company.hi"):
        return None
    f = ctx.fs.findings["diffusion.company.hi"]
    rows = shown(activity_rows(ctx), "hi")
    top = max(rows, key=lambda r: r["hi"]) if rows else None
    state = (_("Use is **mostly informal**; 1 would mean a KPI with a target in every function.") if f.value < 1 / 3
             else _("Use is **partly routine**; 1 would mean a KPI with a target in every function.")
             if f.value < 2 / 3 else
             _("Use is **largely formalised**; 1 would mean a KPI with a target in every function."))
    best = (" " + _("Highest: {activity}, {value}.", activity=md.inline(top['activity_label']),
                    value=fmt.number(top['hi'], 2))) if top else ""
    return card(fmt.number(f.value, 2), _("intensity index, 0–1"), f"{state}{best} {people(f.n)}.")


def _gap_case(ctx: Context) -> tuple[str, dict] | None:
    """Which way management and operations differ ("equal", "operations" or "management" use SMI more) and the
    values the sentences saying so need."""
    if not ctx.has("vertical.company.gap"):
        return None
    f = ctx.fs.findings["vertical.company.gap"]
    sides = _("n = {m} management, {o} operations", m=f.extra.get('n_management'), o=f.extra.get('n_operations'))
    pts = abs(100 * f.value)
    who = "equal" if pts < 0.5 else "operations" if f.value < 0 else "management"
    return who, {"pts": f"{pts:.0f}", "sides": sides}


def _vertical_card(ctx: Context) -> str | None:
    t = ctx.fs.tables.get("vertical.activities")
    rows = shown(t.rows, "reach") if t else []
    gap = _gap_case(ctx)
    if rows:
        top, n = sum(1 for r in rows if r["reach"] == 1), len(rows)
        text = {
            None: lambda: n_("Someone at the top level uses SMI in {top} of {n} activity.",
                             "Someone at the top level uses SMI in {top} of {n} activities.", n, top=top)
            + f" {people(t.n)}.",
            "equal": lambda: n_("Someone at the top level uses SMI in {top} of {n} activity, but management and "
                                "operations use it **equally often** ({sides}).",
                                "Someone at the top level uses SMI in {top} of {n} activities, but management and "
                                "operations use it **equally often** ({sides}).", n, top=top, **gap[1]),
            "operations": lambda: n_("Someone at the top level uses SMI in {top} of {n} activity, but **operations use "
                                     "it {pts} points more often than management** on average ({sides}).",
                                     "Someone at the top level uses SMI in {top} of {n} activities, but **operations "
                                     "use it {pts} points more often than management** on average ({sides}).", n,
                                     top=top, **gap[1]),
            "management": lambda: n_("Someone at the top level uses SMI in {top} of {n} activity, but **management use "
                                     "it {pts} points more often than operations** on average ({sides}).",
                                     "Someone at the top level uses SMI in {top} of {n} activities, but **management "
                                     "use it {pts} points more often than operations** on average ({sides}).", n,
                                     top=top, **gap[1]),
        }[gap[0] if gap else None]()
        return card(_("{k} of {n}", k=top, n=n), _("activities reach the top level"), text)
    if gap:
        f = ctx.fs.findings["vertical.company.gap"]
        k = f.extra.get('activities')
        signed = f"{'+' if f.value > 0 else '−' if f.value < 0 else ''}{abs(100 * f.value):.0f}"
        value = _("{value} pts", value=signed)
        text = {
            "equal": lambda: _("Across {k} activities, management and operations use SMI **equally often** "
                               "({sides}).", k=k, **gap[1]),
            "operations": lambda: _("Across {k} activities, **operations use SMI {pts} points more often than "
                                    "management** on average ({sides}).", k=k, **gap[1]),
            "management": lambda: _("Across {k} activities, **management use SMI {pts} points more often than "
                                    "operations** on average ({sides}).", k=k, **gap[1]),
        }[gap[0]]()
        return card(value, _("management − operations"), text)
    return None


def _manual_card(ctx: Context) -> str | None:
    if not ctx.has("mapping.manual_share"):
        return None
    f = ctx.fs.findings["mapping.manual_share"]
    return card(fmt.percent(f.value), _("collected by hand"),
                _("**{share} of SMI uses rely on manual collection**, a fragility the risk assessment takes up. "
                  "{people} interviewees using SMI.", share=fmt.percent(f.value), people=people(f.n)))


FALLBACK = {  # headline slot -> (card label, finding that explains a gap)
    "_breadth_card": (N_("activities widespread"), "diffusion.company.hdi"),
    "_intensity_card": (N_("intensity index, 0–1"), "diffusion.company.hi"),
    "_vertical_card": (N_("reach up the hierarchy"), "vertical.company.gap"),
    "_manual_card": (N_("collected by hand"), "mapping.manual_share"),
}


def headlines(ctx: Context) -> list[str]:
    """Four headline slots; a slot that cannot be filled says why instead of disappearing."""
    cards = []
    for make in (_breadth_card, _intensity_card, _vertical_card, _manual_card):
        label, key = FALLBACK[make.__name__]
        cards.append(make(ctx) or gap_card(ctx, key, _(label)))
    return cards


# ---------------------------------------------------------------- evidence: horizontal diffusion

def _function_heatmap(ctx: Context) -> str:
    t = ctx.fs.tables.get("diffusion.function_activity")
    if t is None:
        return missing(ctx, "diffusion.company.hdi", _("Use by function and activity"))
    if not shown(t.rows, "share"):
        return md.admonition("warning", _("Use by function: every cell withheld"),
                             _("Every function group has fewer than {k} interviewees or holds a unique role, so no "
                               "function-level share can be shown without identifying people. The company-wide "
                               "indices below still use every interview.", k=ctx.k_min))
    mark = ctx.suppressed_mark
    spec = _use_matrix(ctx, t.rows, t.rows, "function", lambda: _function_title(t))
    return ctx.chart("mapping-function-activity", spec,
                     _("Heatmap: share of interviewees using social-media information, activities in rows and "
                       "functions in columns; suppressed cells are grey and read {mark}.", mark=mark),
                     _("Share of interviewees in each function who use SMI for each activity (n per function in the "
                       "column label). {note} Mean intensity is in the data table.", note=note(t)), printed(t, mark),
                     ["function_label", "activity_label", "n", "share", "mean_intensity", "suppression"])


def _use_matrix(ctx: Context, rows: list, axis_order: list, group: str, title):
    """The heatmap spec (made lazily) of SMI use by `group` (function or level) × activity: suppressed cells
    grey and labelled, columns in the order of `axis_order`, mean intensity in the tooltip."""
    mark = ctx.suppressed_mark
    names = group_axis_labels(axis_order, group, f"{group}_label", mark)
    cells = [{"col": names[r[group]], "row": r["activity_label"], "value": None if r["suppressed"] else r["share"],
              "label": cell_label(r, "share", mark), "intensity": cell_label(r, "mean_intensity", mark, "number")}
             for r in rows]
    return lambda: charts.matrix(cells, "col", "row", "value", "label", title=title(), x_title=None, y_title=None,
                                 value_title=_("Share using SMI"), x_sort=list(names.values()),
                                 y_sort=activity_order(ctx), tooltip=[("intensity", _("Mean intensity (0–3)"))])


def _function_title(t: Table) -> str:
    means = {}
    for r in shown(t.rows, "share"):
        means.setdefault(r["function_label"], []).append(r["share"])
    avg = {f: sum(v) / len(v) for f, v in means.items()}
    if len(avg) < 2:
        return _("Share of each function using SMI, by activity")
    hi, lo = max(avg, key=avg.get), min(avg, key=avg.get)
    return _("{high} uses SMI most widely ({high_share} of people per activity); {low} least ({low_share})",
             high=hi, high_share=fmt.percent(avg[hi]), low=lo, low_share=fmt.percent(avg[lo]))


def _hdi_bars(ctx: Context) -> str:
    t = ctx.fs.tables.get("diffusion.activities")
    if t is None or not shown(t.rows, "hdi"):
        return missing(ctx, "diffusion.company.hdi", _("Horizontal diffusion by activity"))
    mark = ctx.suppressed_mark
    wide, narrow = (conv_value(ctx, n, d) for n, d in (("diffusion.hdi_widespread", 0.67),
                                                        ("diffusion.hdi_concentrated", 0.33)))
    rows = [{"activity": r["activity_label"], "hdi": None if r.get("suppressed") else r["hdi"],
             "band": band_word(r.get("band") or ""), "functions": _users(r) if r.get("hdi") is not None else "",
             "label": mark if r.get("suppressed") else (
                 _("{value} ({x} of {n})", value=fmt.number(r['hdi'], 2), n=r.get("functions") or 0,
                   x=round((r['hdi'] or 0) * (r.get("functions") or 0)))
                 if r.get("hdi") is not None else _("not computed"))}
            for r in t.rows]
    wide_n = sum(1 for r in shown(t.rows, "hdi") if r["band"] == "widespread")
    n_shown = len(shown(t.rows, 'hdi'))
    title = n_("SMI is widespread in {k} of {n} activity", "SMI is widespread in {k} of {n} activities", n_shown,
               k=wide_n)
    spec = lambda: charts.band_bars(rows, "activity", "hdi", "label", "band", title=title,
                                    value_title=_("Breadth (HDI): share of functions using SMI"),
                                    order=activity_order(ctx), bands=[(band_word(b), c) for b, c in BAND_COLOURS],
                                    rules=[narrow, wide], dark=[band_word("widespread")],
                                    zones=[(narrow / 2, band_word("concentrated")),
                                           ((narrow + wide) / 2, band_word("partial")),
                                           ((wide + 1) / 2, band_word("widespread"))],
                                    tooltip=[("functions", _("Functions using SMI"))])
    return ctx.chart("mapping-hdi", spec,
                     _("Bar chart of the horizontal diffusion index per activity, with dashed lines at the {low} and "
                       "{high} conventions.", low=fmt.number(narrow, 2), high=fmt.number(wide, 2)),
                     _("Breadth of use per activity: the share of functions where at least one interviewee uses SMI "
                       "(in brackets: functions using / interviewed; n = {n} interviewees). Dashed lines are the "
                       "SMAA conventions HDI ≤ {low} concentrated and ≥ {high} widespread (see the appendix).",
                       n=t.n, low=fmt.number(narrow, 2), high=fmt.number(wide, 2)), printed(t, mark),
                     ["activity_label", "n", "hdi", "hdiw", "hi", "pielou", "gini_norm", "band"])


def _few_functions_note(ctx: Context) -> str:
    """With two functions every breadth is 0, 0.5 or 1 and evenness compares two numbers: say so."""
    ks = {r.get("functions") for r in shown(activity_rows(ctx), "hdi")}
    k = max((x for x in ks if x), default=0)
    if not k or k >= 3:
        return ""
    body = (_("With 2 functions, breadth (HDI) can only be 0, 0.5 or 1 and the evenness indices compare two "
              "numbers: read this section as a comparison of the functions interviewed, not as a picture of the "
              "whole organisation.") if k == 2 else
            _("With 1 function, breadth (HDI) can only be 0 or 1 and the evenness indices compare a single number: "
              "read this section as a comparison of the functions interviewed, not as a picture of the whole "
              "organisation."))
    return md.admonition("info", n_("Only {n} function interviewed", "Only {n} functions interviewed", k), body)


def _concentration_note(ctx: Context) -> str:
    rows = shown(activity_rows(ctx), "hdi")
    conc = [r for r in rows if r.get("concentrated")]
    if not conc:
        return ""
    return n_("Even where use is broad, it is **concentrated in a few functions** for {k} of {n} activity "
              "(evenness J < {j} or normalised Gini G* > {g}, conventions): a handful of teams do most of the work.",
              "Even where use is broad, it is **concentrated in a few functions** for {k} of {n} activities "
              "(evenness J < {j} or normalised Gini G* > {g}, conventions): a handful of teams do most of the work.",
              len(rows), k=len(conc), j=conv(ctx, 'diffusion.pielou_low', 0.5),
              g=conv(ctx, 'diffusion.gini_norm_high', 0.5)) + "\n"


# ---------------------------------------------------------------- evidence: vertical diffusion

def _level_heatmap(ctx: Context) -> str:
    t = ctx.fs.tables.get("diffusion.level_activity")
    if t is None:
        return missing(ctx, "vertical.company.vdi", _("Use by level and activity"))
    if not shown(t.rows, "share"):
        return md.admonition("warning", _("Use by level: every cell withheld"),
                             _("Every level group has fewer than {k} interviewees, so no level-wise share can be "
                               "shown without identifying people.", k=ctx.k_min))
    mark = ctx.suppressed_mark
    top_first = sorted(t.rows, key=lambda r: (r.get("level_rank") or 0, r["level"]))
    spec = _use_matrix(ctx, t.rows, top_first, "level", lambda: _level_title(t))
    collapsed = any(r["level"] in ("management", "operations") for r in t.rows)
    note = _grouping_note(ctx) if collapsed else ""
    return note + ctx.chart("mapping-level-activity", spec,
                            _("Heatmap: share of interviewees using social-media information, activities in rows "
                              "and hierarchical levels in columns (top level first); suppressed cells read {mark}.",
                              mark=mark),
                            _("Share of interviewees at each level who use SMI for each activity (n per level in the "
                              "column label), top level on the left."), printed(t, mark),
                            ["level_label", "activity_label", "n", "share", "mean_intensity", "suppression"])


def _grouping_note(ctx: Context) -> str:
    org = ctx.settings.organisation
    levels = org.levels_top_first()
    mgmt = [str(x) for x in org.management_levels] if org.management_levels else [lv.id for lv in levels[:2]]
    names = lambda side: words([md.text(lv.label) for lv in levels if (lv.id in mgmt) == side])
    return md.admonition("info", _("Levels shown as management and operations"),
                         _("{n} levels were interviewed and at least one has fewer than {k} interviewees, so levels "
                           "are shown as two groups to protect respondents: management ({management}) and operations "
                           "({operations}).", n=len(levels), k=ctx.k_min, management=names(True),
                           operations=names(False)))


def _level_title(t: Table) -> str:
    rows = shown(t.rows, "share")
    by = {}
    for r in rows:
        by.setdefault(r["level_label"], []).append(r["share"])
    if len(by) < 2:
        return _("Share of each level using SMI, by activity")
    avg = {k: sum(v) / len(v) for k, v in by.items()}
    hi, lo = max(avg, key=avg.get), min(avg, key=avg.get)
    if len(avg) == 2:
        return _("{high} use SMI more than {low}: {high_share} vs {low_share} per activity", high=hi, low=lo.lower(),
                 high_share=fmt.percent(avg[hi]), low_share=fmt.percent(avg[lo]))
    return _("{high} use SMI most ({high_share} per activity), {low} least ({low_share})", high=hi, low=lo,
             high_share=fmt.percent(avg[hi]), low_share=fmt.percent(avg[lo]))


def _gap_chart(ctx: Context) -> str:
    t = ctx.fs.tables.get("vertical.activities")
    rows_in = [r for r in t.rows if r.get("gap") is not None or r.get("withheld")] if t else []
    if not rows_in:
        return missing(ctx, "vertical.company.gap", _("Management − operations gap"))
    mark = ctx.suppressed_mark
    rows = [{"activity": r["activity_label"], "gap": None if r.get("gap") is None else 100 * r["gap"],
             "label": mark if r.get("gap") is None else _pts(100 * r["gap"]),
             "sides": sides(ctx, r)} for r in t.rows]
    vals = [abs(r["gap"]) for r in rows if r["gap"] is not None]
    lim = charts.nice_limit(max(vals or [10]))
    less = sum(1 for v in rows if v["gap"] is not None and v["gap"] < 0)
    title = (n_("Operations use SMI more than management in {k} of {n} activity",
                "Operations use SMI more than management in {k} of {n} activities", len(vals), k=less)
             if less * 2 >= len(vals) else
             n_("Management uses SMI more than operations in {k} of {n} activity",
                "Management uses SMI more than operations in {k} of {n} activities", len(vals), k=len(vals) - less))
    first = next((r for r in t.rows if r.get("n_management") is not None), {})
    spec = lambda: charts.gap_lollipop(rows, "activity", "gap", "label", title=title,
                                       value_title=_("Management − operations, percentage points"),
                                       order=activity_order(ctx), domain=(-lim, lim), zero_label=_("no gap"),
                                       left_note=_("◀ operations more"), right_note=_("management more ▶"),
                                       tooltip=[("sides", _("Interviewees"))])
    return ctx.chart("mapping-gap", spec,
                     _("Lollipop chart of the difference in the share using SMI between management and operations "
                       "per activity, centred on zero."),
                     _("Top–front gap: share of management using SMI minus share of operations, in percentage points "
                       "(n = {management} management, {operations} operations). Left of zero, operations use SMI "
                       "more. Withheld gaps read {mark}.", management=count(ctx, first.get('n_management')),
                       operations=count(ctx, first.get('n_operations')), mark=mark), printed(t, mark),
                     ["activity_label", "n", "vdi", "vhi", "reach", "gradient", "gap", "withheld"])


def _pts(v: float) -> str:
    signed = f"{'+' if v > 0.5 else '−' if v < -0.5 else ''}{abs(v):.0f}"
    return _("{value} pts", value=signed)


def sides(ctx: Context, r: dict) -> str:
    """'24 management, 48 operations': the raters or interviewees behind a gap, each side withheld when small."""
    return _("{management} management, {operations} operations", management=count(ctx, r.get('n_management')),
             operations=count(ctx, r.get('n_operations')))


def _reach_note(ctx: Context) -> str:
    t = ctx.fs.tables.get("vertical.activities")
    if t is None:
        return ""
    if t.rows and all("reach" in (r.get("withheld") or "") for r in t.rows):
        return md.admonition("warning", _("Vertical reach withheld"),
                             _("How high SMI reaches is not shown for any activity: a level at or above it has fewer "
                               "than {k} interviewees, so naming it could identify people.", k=ctx.k_min))
    return ""


INDEX_TITLES = {"diffusion.activities": N_("Horizontal diffusion by activity"),
                "vertical.activities": N_("Vertical diffusion by activity")}


def _indices(ctx: Context) -> str:
    parts = []
    for key, title in INDEX_TITLES.items():
        t = ctx.fs.tables.get(key)
        if t is not None:
            parts.append(md.admonition("abstract", _("{label} (n = {n})", label=md.text(_(title)), n=t.n),
                                       ctx.table_md(printed(t, ctx.suppressed_mark),
                                                    [c["name"] for c in t.columns if c["name"] != "activity"]),
                                       collapsible=True))
    return "\n".join(parts)


def build(ctx: Context) -> Page | None:
    if "diffusion.company.hdi" not in ctx.fs.findings:
        return None
    title = _("Mapping SMI use")
    parts = [f"# {title}\n"]
    cards = headlines(ctx)
    if not cards:
        parts.append(missing(ctx, "diffusion.company.hdi", _("Mapping of SMI use")))
        return Page("mapping", title, "\n".join(parts))
    h = lambda text: f"## {text}\n"  # noqa: E731
    parts += [md.cards(cards), ctx.story(SECTION),
              h(_("Where SMI is used")), _function_heatmap(ctx), _hdi_bars(ctx), _few_functions_note(ctx),
              _concentration_note(ctx),
              h(_("How far up the hierarchy it reaches")), _level_heatmap(ctx), _reach_note(ctx), _gap_chart(ctx),
              h(_("The activities where SMI matters most")), top_activities(ctx), all_narratives(ctx),
              h(_("What SMI is used for")), purpose(ctx),
              h(_("Which metrics each function relies on")), metrics(ctx),
              h(_("How SMI is collected and analysed")), collection(ctx),
              h(_("Indices in full")), _indices(ctx)]
    body = "\n".join(p for p in parts if p)
    return Page("mapping", title, body + glossary(body))
