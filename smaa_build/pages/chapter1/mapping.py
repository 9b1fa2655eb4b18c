"""Mapping SMI use (M2, M3, M5): where social-media information is used across functions and levels, how
intensely, for what purpose, with which metrics and how it is collected. Answer first: headline cards, the
researcher's narrative, then the evidence. Group cells come from the analyses already under M12; this page
only draws them, printing "<k" where a cell is suppressed and saying plainly what could not be computed."""

from __future__ import annotations

from ...findings import Table
from ..base import charts
from ..base import format as fmt
from ..base import markdown as md
from .common import card, cell_label, conv, count, gap_card, group_axis_labels, missing, people, printed, shown, words
from ..base.context import Context, Page
from .uses import collection, metrics, purpose

SECTION = "mapping"
BAND_COLOURS = [("widespread", "#0B4F8A"), ("partial", "#56B4E9"), ("concentrated", "#E69F00")]


# ---------------------------------------------------------------- activity order and headlines

def activity_rows(ctx: Context) -> list[dict]:
    t = ctx.fs.tables.get("diffusion.activities")
    return list(t.rows) if t else []


def activity_order(ctx: Context) -> list[str]:
    """Activities by breadth then intensity, so every chart on the page lists them in the same order."""
    rows = activity_rows(ctx)
    key = lambda r: (-(r.get("hdi") or -1) if not r.get("suppressed") else 1, -(r.get("hi") or 0), r["activity"])
    return [r["activity_label"] for r in sorted(rows, key=key)]


def _users(r: dict) -> str:
    k = r.get("functions") or 0
    return f"{round((r['hdi'] or 0) * k)} of {k} functions"


def _breadth_card(ctx: Context) -> str | None:
    rows = shown(activity_rows(ctx), "hdi")
    if not rows:
        return None
    wide = [r for r in rows if r["band"] == "widespread"]
    low = [r for r in sorted(rows, key=lambda r: (r["hdi"], r["activity"]))[:2] if r["band"] != "widespread"]
    tail = (f" {words([md.inline(r['activity_label']) for r in low])} reach only {_users(low[0])}." if low else
            " No activity is confined to a few functions.")
    n = ctx.fs.tables["diffusion.activities"].n
    return card(f"{len(wide)} of {len(rows)}", "activities widespread",
                f"SMI is used in at least two-thirds of functions for **{len(wide)} of {len(rows)} activities** "
                f"(HDI ≥ {conv(ctx, 'diffusion.hdi_widespread', 0.67)}, a convention).{tail} {people(n)}.")


def _intensity_card(ctx: Context) -> str | None:
    if not ctx.has("diffusion.company.hi"):
        return None
    f = ctx.fs.findings["diffusion.company.hi"]
    rows = shown(activity_rows(ctx), "hi")
    top = max(rows, key=lambda r: r["hi"]) if rows else None
    state = ("mostly informal" if f.value < 1 / 3 else "partly routine" if f.value < 2 / 3 else "largely formalised")
    best = f" Highest: {md.inline(top['activity_label'])}, {fmt.number(top['hi'], 2)}." if top else ""
    return card(fmt.number(f.value, 2), "intensity index, 0–1",
                f"Use is **{state}**; 1 would mean a KPI with a target in every function.{best} {people(f.n)}.")


def _gap_text(ctx: Context, it: str = "it") -> str | None:
    """'operations use it 8 points more often than management on average (n = 24 management, 48 operations)'."""
    if not ctx.has("vertical.company.gap"):
        return None
    f = ctx.fs.findings["vertical.company.gap"]
    sides = f"n = {f.extra.get('n_management')} management, {f.extra.get('n_operations')} operations"
    pts = abs(100 * f.value)
    if pts < 0.5:
        return f"management and operations use {it} **equally often** ({sides})"
    who, other = ("operations", "management") if f.value < 0 else ("management", "operations")
    return f"**{who} use {it} {pts:.0f} points more often than {other}** on average ({sides})"


def _vertical_card(ctx: Context) -> str | None:
    t = ctx.fs.tables.get("vertical.activities")
    rows = shown(t.rows, "reach") if t else []
    gap = _gap_text(ctx)
    if rows:
        top = sum(1 for r in rows if r["reach"] == 1)
        tail = f", but {gap}." if gap else f". {people(t.n)}."
        return card(f"{top} of {len(rows)}", "activities reach the top level",
                    f"Someone at the top level uses SMI in {top} of {len(rows)} activities{tail}")
    gap = _gap_text(ctx, "SMI")
    if gap:
        f = ctx.fs.findings["vertical.company.gap"]
        value = f"{'+' if f.value > 0 else '−' if f.value < 0 else ''}{abs(100 * f.value):.0f} pts"
        return card(value, "management − operations",
                    f"Across {f.extra.get('activities')} activities, {gap}.")
    return None


def _manual_card(ctx: Context) -> str | None:
    if not ctx.has("mapping.manual_share"):
        return None
    f = ctx.fs.findings["mapping.manual_share"]
    return card(fmt.percent(f.value), "collected by hand",
                f"**{fmt.percent(f.value)} of SMI uses rely on manual collection**, a fragility the risk "
                f"assessment takes up. {people(f.n)} interviewees using SMI.")


FALLBACK = {  # headline slot -> (card label, finding that explains a gap)
    "_breadth_card": ("activities widespread", "diffusion.company.hdi"),
    "_intensity_card": ("intensity index, 0–1", "diffusion.company.hi"),
    "_vertical_card": ("reach up the hierarchy", "vertical.company.gap"),
    "_manual_card": ("collected by hand", "mapping.manual_share"),
}


def headlines(ctx: Context) -> list[str]:
    """Four headline slots; a slot that cannot be filled says why instead of disappearing."""
    cards = []
    for make in (_breadth_card, _intensity_card, _vertical_card, _manual_card):
        label, key = FALLBACK[make.__name__]
        cards.append(make(ctx) or gap_card(ctx, key, label))
    return cards


# ---------------------------------------------------------------- evidence: horizontal diffusion

def _function_heatmap(ctx: Context) -> str:
    t = ctx.fs.tables.get("diffusion.function_activity")
    if t is None:
        return missing(ctx, "diffusion.company.hdi", "Use by function and activity")
    if not shown(t.rows, "share"):
        return md.admonition("warning", "Use by function: every cell suppressed",
                             f"Every function group has fewer than {ctx.k_min} interviewees or holds a unique role, "
                             "so no function-level share can be shown (M12). The company-wide indices below still "
                             "use every interview.")
    mark = ctx.suppressed_mark
    spec = _use_matrix(ctx, t.rows, t.rows, "function", lambda: _function_title(t))
    return ctx.chart("mapping-function-activity", spec,
                     "Heatmap: share of interviewees using social-media information, activities in rows and "
                     f"functions in columns; suppressed cells are grey and read {mark}.",
                     f"Share of interviewees in each function who use SMI for each activity (n per function in the "
                     f"column label). {t.note} Mean intensity is in the data table.", printed(t, mark),
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
                                 value_title="Share using SMI", x_sort=list(names.values()),
                                 y_sort=activity_order(ctx), tooltip=[("intensity", "Mean intensity (0–3)")])


def _function_title(t: Table) -> str:
    means = {}
    for r in shown(t.rows, "share"):
        means.setdefault(r["function_label"], []).append(r["share"])
    avg = {f: sum(v) / len(v) for f, v in means.items()}
    if len(avg) < 2:
        return "Share of each function using SMI, by activity"
    hi, lo = max(avg, key=avg.get), min(avg, key=avg.get)
    return f"{hi} uses SMI most widely ({fmt.percent(avg[hi])} of people per activity); {lo} least ({fmt.percent(avg[lo])})"


def _hdi_bars(ctx: Context) -> str:
    t = ctx.fs.tables.get("diffusion.activities")
    if t is None or not shown(t.rows, "hdi"):
        return missing(ctx, "diffusion.company.hdi", "Horizontal diffusion by activity")
    mark = ctx.suppressed_mark
    wide, narrow = (float(conv(ctx, n, d)) for n, d in (("diffusion.hdi_widespread", 0.67),
                                                         ("diffusion.hdi_concentrated", 0.33)))
    rows = [{"activity": r["activity_label"], "hdi": None if r.get("suppressed") else r["hdi"],
             "band": r.get("band") or "", "functions": _users(r) if r.get("hdi") is not None else "",
             "label": mark if r.get("suppressed") else (f"{fmt.number(r['hdi'], 2)} ({_users(r).replace(' functions', '')})"
                                                      if r.get("hdi") is not None else "not computed")}
            for r in t.rows]
    wide_n = sum(1 for r in shown(t.rows, "hdi") if r["band"] == "widespread")
    title = f"SMI is widespread in {wide_n} of {len(shown(t.rows, 'hdi'))} activities"
    spec = lambda: charts.band_bars(rows, "activity", "hdi", "label", "band", title=title,
                                    value_title="Breadth (HDI): share of functions using SMI", order=activity_order(ctx),
                                    bands=BAND_COLOURS, rules=[narrow, wide], dark=["widespread"],
                                    zones=[(narrow / 2, "concentrated"), ((narrow + wide) / 2, "partial"),
                                           ((wide + 1) / 2, "widespread")],
                                    tooltip=[("functions", "Functions using SMI")])
    return ctx.chart("mapping-hdi", spec,
                     "Bar chart of the horizontal diffusion index per activity, with dashed lines at the "
                     f"{fmt.number(narrow, 2)} and {fmt.number(wide, 2)} conventions.",
                     f"Breadth of use per activity: the share of functions where at least one interviewee uses SMI "
                     f"(in brackets: functions using / interviewed; n = {t.n} interviewees). Dashed lines are the "
                     f"SMAA conventions HDI ≤ {fmt.number(narrow, 2)} concentrated and ≥ {fmt.number(wide, 2)} "
                     "widespread (see the appendix).", printed(t, mark),
                     ["activity_label", "n", "hdi", "hdiw", "hi", "pielou", "gini_norm", "band"])


def _few_functions_note(ctx: Context) -> str:
    """With two functions every breadth is 0, 0.5 or 1 and evenness compares two numbers: say so."""
    ks = {r.get("functions") for r in shown(activity_rows(ctx), "hdi")}
    k = max((x for x in ks if x), default=0)
    if not k or k >= 3:
        return ""
    return md.admonition("info", f"Only {k} function{'s' if k != 1 else ''} interviewed",
                         f"With {k} function{'s' if k != 1 else ''}, breadth (HDI) can only be "
                         + ("0, 0.5 or 1" if k == 2 else "0 or 1") + " and the evenness indices compare "
                         f"{'two numbers' if k == 2 else 'a single number'}: read this section as a comparison of "
                         "the functions interviewed, not as a picture of the whole organisation.")


def _concentration_note(ctx: Context) -> str:
    rows = shown(activity_rows(ctx), "hdi")
    conc = [r for r in rows if r.get("concentrated")]
    if not conc:
        return ""
    return (f"Even where use is broad, it is **concentrated in a few functions** for {len(conc)} of {len(rows)} "
            f"activities (evenness J < {conv(ctx, 'diffusion.pielou_low', 0.5)} or normalised Gini G* > "
            f"{conv(ctx, 'diffusion.gini_norm_high', 0.5)}, conventions): a handful of teams do most of the work.\n")


# ---------------------------------------------------------------- evidence: vertical diffusion

def _level_heatmap(ctx: Context) -> str:
    t = ctx.fs.tables.get("diffusion.level_activity")
    if t is None:
        return missing(ctx, "vertical.company.vdi", "Use by level and activity")
    if not shown(t.rows, "share"):
        return md.admonition("warning", "Use by level: every cell suppressed",
                             f"Every level group has fewer than {ctx.k_min} interviewees, so no level-wise share "
                             "can be shown (M12).")
    mark = ctx.suppressed_mark
    top_first = sorted(t.rows, key=lambda r: (r.get("level_rank") or 0, r["level"]))
    spec = _use_matrix(ctx, t.rows, top_first, "level", lambda: _level_title(t))
    collapsed = any(r["level"] in ("management", "operations") for r in t.rows)
    note = _grouping_note(ctx) if collapsed else ""
    return note + ctx.chart("mapping-level-activity", spec,
                            "Heatmap: share of interviewees using social-media information, activities in rows and "
                            f"hierarchical levels in columns (top level first); suppressed cells read {mark}.",
                            "Share of interviewees at each level who use SMI for each activity (n per level in the "
                            "column label), top level on the left.", printed(t, mark),
                            ["level_label", "activity_label", "n", "share", "mean_intensity", "suppression"])


def _grouping_note(ctx: Context) -> str:
    levels = sorted(ctx.spec["organisation"]["levels"], key=lambda lv: lv["rank"])
    declared = ctx.spec["organisation"].get("management_levels")
    mgmt = [str(x) for x in declared] if declared else [str(lv["id"]) for lv in levels[:2]]
    names = lambda side: words([md.text(lv["label"]) for lv in levels if (str(lv["id"]) in mgmt) == side])
    return md.admonition("info", "Levels shown as management and operations",
                         f"{len(levels)} levels were interviewed and at least one has fewer than {ctx.k_min} "
                         f"interviewees, so levels are shown as two groups (M12): management ({names(True)}) and "
                         f"operations ({names(False)}).")


def _level_title(t: Table) -> str:
    rows = shown(t.rows, "share")
    by = {}
    for r in rows:
        by.setdefault(r["level_label"], []).append(r["share"])
    if len(by) < 2:
        return "Share of each level using SMI, by activity"
    avg = {k: sum(v) / len(v) for k, v in by.items()}
    hi, lo = max(avg, key=avg.get), min(avg, key=avg.get)
    if len(avg) == 2:
        return f"{hi} use SMI more than {lo.lower()}: {fmt.percent(avg[hi])} vs {fmt.percent(avg[lo])} per activity"
    return f"{hi} use SMI most ({fmt.percent(avg[hi])} per activity), {lo} least ({fmt.percent(avg[lo])})"


def _gap_chart(ctx: Context) -> str:
    t = ctx.fs.tables.get("vertical.activities")
    rows_in = [r for r in t.rows if r.get("gap") is not None or r.get("withheld")] if t else []
    if not rows_in:
        return missing(ctx, "vertical.company.gap", "Management − operations gap")
    mark = ctx.suppressed_mark
    rows = [{"activity": r["activity_label"], "gap": None if r.get("gap") is None else 100 * r["gap"],
             "label": mark if r.get("gap") is None else _pts(100 * r["gap"]),
             "sides": f"{count(ctx, r.get('n_management'))} management, {count(ctx, r.get('n_operations'))} operations"}
            for r in t.rows]
    vals = [abs(r["gap"]) for r in rows if r["gap"] is not None]
    lim = charts.nice_limit(max(vals or [10]))
    less = sum(1 for v in rows if v["gap"] is not None and v["gap"] < 0)
    title = (f"Operations use SMI more than management in {less} of {len(vals)} activities" if less * 2 >= len(vals)
             else f"Management uses SMI more than operations in {len(vals) - less} of {len(vals)} activities")
    first = next((r for r in t.rows if r.get("n_management") is not None), {})
    spec = lambda: charts.gap_lollipop(rows, "activity", "gap", "label", title=title,
                                       value_title="Management − operations, percentage points",
                                       order=activity_order(ctx), domain=(-lim, lim), zero_label="no gap",
                                       left_note="◀ operations more", right_note="management more ▶",
                                       tooltip=[("sides", "Interviewees")])
    return ctx.chart("mapping-gap", spec,
                     "Lollipop chart of the difference in the share using SMI between management and operations "
                     "per activity, centred on zero.",
                     f"Top–front gap: share of management using SMI minus share of operations, in percentage points "
                     f"(n = {count(ctx, first.get('n_management'))} management, "
                     f"{count(ctx, first.get('n_operations'))} operations). Left of "
                     f"zero, operations use SMI more. Withheld gaps read {mark}.", printed(t, mark),
                     ["activity_label", "n", "vdi", "vhi", "reach", "gradient", "gap", "withheld"])


def _pts(v: float) -> str:
    return f"{'+' if v > 0.5 else '−' if v < -0.5 else ''}{abs(v):.0f} pts"


def _reach_note(ctx: Context) -> str:
    t = ctx.fs.tables.get("vertical.activities")
    if t is None:
        return ""
    if t.rows and all("reach" in (r.get("withheld") or "") for r in t.rows):
        return md.admonition("warning", "Vertical reach withheld",
                             "How high SMI reaches is not shown for any activity: a level at or above it has fewer "
                             f"than {ctx.k_min} interviewees, so naming it could identify people (M12).")
    return ""


# ---------------------------------------------------------------- evidence: top activities and narratives

def _top_activities(ctx: Context) -> str:
    t = ctx.fs.tables.get("mapping.top_activities")
    if t is None or not t.rows:
        return missing(ctx, "diffusion.company.hdi", "Top activities")
    out = []
    for r in t.rows:
        head = f"**{r['rank']}. {md.inline(r['activity_label'])}**"
        if r.get("suppressed"):
            out.append(f"{head} — {ctx.suppressed_mark}: rests on fewer than {ctx.k_min} interviewees.\n")
            continue
        nums = (f"HDI {fmt.number(r['hdi'], 2)} × HI {fmt.number(r['hi'], 2)} = {fmt.number(r['score'], 2)}, "
                f"n = {r['n']}")
        out.append(f"{head} ({nums})  \n{_paragraph(ctx, r['activity'])}\n")
    return ("Ranked by breadth × intensity (HDI × HI); the paragraphs are generated from the figures.\n\n"
            + "\n".join(out))


def _paragraph(ctx: Context, act: str) -> str:
    key = f"mapping.narrative.{act}"
    f = ctx.fs.findings.get(key)
    if f is None:
        return "No summary could be written for this activity."
    if f.suppressed:
        return f"Summary withheld: it would rest on fewer than {ctx.k_min} interviewees."
    text = str(f.value or "")
    label = ctx.label("activities", act)
    if text.startswith(label + ": "):
        text = text[len(label) + 2:]
        text = text[:1].upper() + text[1:]
    return md.text(text)


def _all_narratives(ctx: Context) -> str:
    acts = [r["activity"] for r in sorted(activity_rows(ctx), key=lambda r: activity_order(ctx).index(r["activity_label"]))]
    if not acts:
        return ""
    body = "\n".join(f"**{md.inline(ctx.label('activities', a))}**  \n{_paragraph(ctx, a)}\n" for a in acts)
    return md.admonition("abstract", f"Every activity in brief ({len(acts)})", body, collapsible=True)


def _indices(ctx: Context) -> str:
    parts = []
    for key, cols in (("diffusion.activities", None), ("vertical.activities", None)):
        t = ctx.fs.tables.get(key)
        if t is not None:
            parts.append(md.admonition("abstract", f"{md.text(t.label)} (n = {t.n})",
                                       ctx.table_md(printed(t, ctx.suppressed_mark),
                                                    [c["name"] for c in t.columns if c["name"] != "activity"]),
                                       collapsible=True))
    return "\n".join(parts)


def build(ctx: Context) -> Page | None:
    if "diffusion.company.hdi" not in ctx.fs.findings:
        return None
    parts = ["# Mapping SMI use\n"]
    cards = headlines(ctx)
    if not cards:
        parts.append(missing(ctx, "diffusion.company.hdi", "Mapping of SMI use"))
        return Page("mapping", "Mapping SMI use", "\n".join(parts))
    parts += [md.cards(cards), ctx.story(SECTION),
              "## Where SMI is used\n", _function_heatmap(ctx), _hdi_bars(ctx), _few_functions_note(ctx), _concentration_note(ctx),
              "## How far up the hierarchy it reaches\n", _level_heatmap(ctx), _reach_note(ctx), _gap_chart(ctx),
              "## The activities where SMI matters most\n", _top_activities(ctx), _all_narratives(ctx),
              "## What SMI is used for\n", purpose(ctx),
              "## Which metrics each function relies on\n", metrics(ctx),
              "## How SMI is collected and analysed\n", collection(ctx),
              "## Indices in full\n", _indices(ctx)]
    return Page("mapping", "Mapping SMI use", "\n".join(p for p in parts if p))
