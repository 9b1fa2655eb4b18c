"""Alignment (M4): where the organisation is out of step — senior managers versus the people who work with social
media every day (vertical alignment index), functions that do not share SMI KPIs (Jaccard overlap), reporting
flows that never reach the top, and groups that are not of one mind (r_wg, AD_M, ICC). Answer first, then the
evidence; every group figure comes from the analyses already under M12."""

from __future__ import annotations

from dataclasses import replace

from ...findings import Table
from ...i18n import _, n_
from ..base import charts, network
from ..base import format as fmt
from ..base import markdown as md
from ..base.context import Context, Page
from .common import (band_word, card, conv_value, count, gap_card, glossary, humanise, missing, note, people, printed,
                     shown, words)
from .agreement import icc, org_functions, rating_scale, rwgj
from .mapping import sides

SECTION = "alignment"

def _item_label(item: str) -> str:
    return _("“{item}”", item=humanise(item))


# ---------------------------------------------------------------- reporting-flow reachability

def reaching_top(edges: list[dict]) -> set[str]:
    """Functions from which SMI reaches a top-level node, directly or through a chain of flows (also through
    other functions). Edges are alignment.flows rows."""
    succ: dict[tuple, set] = {}
    for e in edges:
        succ.setdefault((e["from_function"], e["from_level"]), set()).add((e["to_function"], e["to_level"]))
    top = {(e["to_function"], e["to_level"]) for e in edges if e.get("reaches_top")}
    out = set()
    for start in succ:
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            if node in top:
                out.add(start[0])
                break
            for nxt in succ.get(node, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
    return out


# ---------------------------------------------------------------- headlines

def _vai_card(ctx: Context) -> str | None:
    t = ctx.fs.tables.get("alignment.vai")
    rows = shown(t.rows, "delta") if t else []
    if not rows or not ctx.has("alignment.company.vai"):
        return None
    f = ctx.fs.findings["alignment.company.vai"]
    worst = max(rows, key=lambda r: (abs(r["delta"]), r["item"]))
    lo, hi = rating_scale(ctx)
    limit = fmt.number(conv_value(ctx, 'alignment.vai_aligned', 0.8), 2)
    state = {"aligned": lambda: _("Management and operations are **aligned** (≥ {limit} is aligned, a convention).",
                                  limit=limit),
             "partial": lambda: _("Management and operations are **only partially aligned** (≥ {limit} is aligned, "
                                  "a convention).", limit=limit),
             "misaligned": lambda: _("Management and operations are **misaligned** (≥ {limit} is aligned, a "
                                     "convention).", limit=limit)}.get(
        f.extra.get("band") or "", lambda: _("Management and operations are **not rated** (≥ {limit} is aligned, a "
                                             "convention).", limit=limit))()
    gap = _("Widest gap: {item}, management {m} vs operations {o} on a {lo}–{hi} scale ({p}; n = {m_n} management, "
            "{o_n} operations).", item=md.inline(_item_label(worst['item'])),
            m=fmt.number(worst['mean_management'], 2), o=fmt.number(worst['mean_operations'], 2),
            lo=fmt.number(lo, 0), hi=fmt.number(hi, 0), p=fmt.pvalue(worst['p']), m_n=worst['n_management'],
            o_n=worst['n_operations'])
    return card(fmt.number(f.value, 2), _("vertical alignment (VAI)"), f"{state} {gap}")


def _kpi_card(ctx: Context) -> str | None:
    if not ctx.has("alignment.kpi_jaccard_mean") or kpi_mean_reveals_a_pair(ctx):
        return None
    f = ctx.fs.findings["alignment.kpi_jaccard_mean"]
    band = f.extra.get("band") or ""
    values = dict(share=fmt.percent(f.value), limit=fmt.number(conv_value(ctx, 'alignment.jaccard_silo', 0.1), 2))
    text = {"silo": lambda: _("Functions **share almost no SMI KPIs**: two functions have {share} of their KPIs in "
                              "common on average (below {limit} is a silo, a convention).", **values),
            "partial": lambda: _("Functions **share some SMI KPIs**: two functions have {share} of their KPIs in "
                                 "common on average (below {limit} is a silo, a convention).", **values),
            "shared vocabulary": lambda: _("Functions **share a common SMI vocabulary**: two functions have {share} "
                                           "of their KPIs in common on average (below {limit} is a silo, a "
                                           "convention).", **values)}.get(
        band, lambda: _("KPI overlap between functions: two functions have {share} of their KPIs in common on "
                        "average (below {limit} is a silo, a convention).", **values))()
    who = n_("{people} interviewees in {n} function.", "{people} interviewees in {n} functions.",
             f.extra.get('functions') or 0, people=people(f.n))
    return card(fmt.number(f.value, 2), _("KPI overlap (Jaccard)"), f"{text} {who}")


def _reach_card(ctx: Context) -> str | None:
    t = ctx.fs.tables.get("alignment.flows")
    if t is None or not t.rows:
        return None
    funcs = org_functions(ctx)
    up = [f for f in funcs if f in reaching_top(t.rows)]
    share = len(up) / len(funcs) if funcs else 0
    iso = ctx.fs.findings.get("alignment.flows.isolated_producers")
    names = [md.inline(x) for x in (iso.extra.get("labels", []) if iso and iso.value else [])]
    tail = (n_("{functions} reports SMI to no one.", "{functions} report SMI to no one.", len(names),
               functions=words(names)) if names else _("Every function producing SMI passes it on."))
    values = dict(k=len(up))
    lead = (n_("SMI **reaches the top level from only {k} of {n} function**, directly or through another function.",
               "SMI **reaches the top level from only {k} of {n} functions**, directly or through another function.",
               len(funcs), **values) if share < 0.5 else
            n_("SMI **reaches the top level from {k} of {n} function**, directly or through another function.",
               "SMI **reaches the top level from {k} of {n} functions**, directly or through another function.",
               len(funcs), **values))
    flows = n_("{n} reporting flow.", "{n} reporting flows.", len(t.rows))
    return card(_("{k} of {n}", k=len(up), n=len(funcs)), _("functions reach the top"), f"{lead} {tail} {flows}")


def _agreement_card(ctx: Context) -> str | None:
    t = ctx.fs.tables.get("alignment.rwgj")
    rows = [r for r in shown(t.rows, "rwg_j") if r["group_type"] == "function"] if t else []
    if len(rows) < 2:
        return None
    low = min(rows, key=lambda r: (r["rwg_j"], r["group"]))
    high = max(rows, key=lambda r: (r["rwg_j"], r["group"]))
    return card(fmt.number(low["rwg_j"], 2), _("agreement in {group}", group=md.inline(low['group_label'])),
                _("**{low} is least of one mind** about SMI: within-group agreement r_wg(J) {low_value}, {band} "
                  "(n = {low_n}); {high} {high_value} (n = {high_n}).", low=md.inline(low['group_label']),
                  low_value=fmt.number(low['rwg_j'], 2), band=band_word(low['band']), low_n=low['n'],
                  high=md.inline(high['group_label']), high_value=fmt.number(high['rwg_j'], 2), high_n=high['n']))


def headlines(ctx: Context) -> list[str]:
    """Four headline slots; a slot that cannot be filled says why instead of disappearing."""
    k = ctx.k_min
    fallback = {
        _vai_card: gap_card(ctx, "alignment.company.vai", _("vertical alignment (VAI)")),
        _kpi_card: (card("–", _("KPI overlap (Jaccard)"), _("Withheld: with only one pair of functions held back "
                                                            "(fewer than {k} people), the mean overlap would reveal "
                                                            "it.", k=k))
                    if kpi_mean_reveals_a_pair(ctx) else
                    gap_card(ctx, "alignment.kpi_jaccard_mean", _("KPI overlap (Jaccard)"))),
        _reach_card: gap_card(ctx, "alignment.flows.density", _("functions reach the top")),
        _agreement_card: card("–", _("agreement within functions"), _("Not comparable: fewer than two functions have "
                                                                      "{k} or more raters with an agreement score.",
                                                                      k=k)),
    }
    return [make(ctx) or fallback[make] for make in (_vai_card, _kpi_card, _reach_card, _agreement_card)]


def kpi_mean_reveals_a_pair(ctx: Context) -> bool:
    """The mean overlap is published over every pair; when exactly one pair is suppressed it can be worked out
    from the mean and the pairs shown (M12 complementary suppression), so the page withholds the mean too."""
    t = ctx.fs.tables.get("alignment.kpi_jaccard")
    return t is not None and sum(1 for r in t.rows if r.get("suppressed")) == 1


# ---------------------------------------------------------------- management versus operations

def _vai_table(t: Table) -> Table:
    """alignment.vai as printed: item names in words, p-values as p-values."""
    cols = [{**c, "kind": "p"} if c["name"] == "p" else c for c in t.columns]
    rows = [{**r, "item": humanise(r["item"])} for r in t.rows]
    return replace(t, columns=cols, rows=rows)


def _vertical(ctx: Context) -> str:
    t = ctx.fs.tables.get("alignment.vai")
    if t is None:
        return missing(ctx, "alignment.company.vai", _("Vertical alignment"))
    if not shown(t.rows, "delta"):
        return missing(ctx, "alignment.company.vai", _("Vertical alignment")) if not any(
            r.get("suppressed") for r in t.rows) else md.admonition(
            "warning", _("Vertical alignment: withheld"),
            _("Management or operations has fewer than {k} raters, so the gap cannot be shown without identifying "
              "people.", k=ctx.k_min))
    lo, hi = rating_scale(ctx)
    span = hi - lo
    aligned = (1 - conv_value(ctx, "alignment.vai_aligned", 0.8)) * span
    mark = ctx.suppressed_mark
    rows = [{"item": humanise(r["item"]), "delta": None if r.get("suppressed") or r.get("delta") is None else r["delta"],
             "label": mark if r.get("suppressed") else (_("not computed") if r.get("delta") is None else
                                                       f"{fmt.number(r['delta'], 2)} · {fmt.pvalue(r['p'])}"),
             "means": "" if r.get("suppressed") or r.get("delta") is None else
             _("management {m}, operations {o}", m=fmt.number(r['mean_management'], 2),
               o=fmt.number(r['mean_operations'], 2)),
             "sides": sides(ctx, r)}
            for r in t.rows]
    order = [r["item"] for r in sorted(rows, key=lambda r: (r["delta"] if r["delta"] is not None else 99))]
    gaps = shown(t.rows, "delta")
    lower = sum(1 for r in gaps if r["delta"] < 0)
    sig = [r for r in gaps if r.get("p") is not None and r["p"] < 0.05]
    title = (n_("Management rates SMI lower than operations on {k} of {n} item",
                "Management rates SMI lower than operations on {k} of {n} items", len(gaps), k=lower)
             if lower * 2 >= len(gaps) else
             n_("Management rates SMI higher than operations on {k} of {n} item",
                "Management rates SMI higher than operations on {k} of {n} items", len(gaps), k=len(gaps) - lower))
    lim = charts.nice_limit(max(abs(r["delta"]) for r in gaps))
    vai_min = fmt.number(1 - aligned / span, 2)
    spec = lambda: charts.gap_lollipop(rows, "item", "delta", "label", title=title,
                                       value_title=_("Management − operations mean ({lo}–{hi})",
                                                     lo=fmt.number(lo, 0), hi=fmt.number(hi, 0)),
                                       order=order, domain=(-lim, lim),
                                       zero_label=_("no gap"),
                                       band=(aligned, _("aligned, VAI ≥ {limit}", limit=vai_min)),
                                       left_note=_("◀ management lower"), right_note=_("management higher ▶"),
                                       tooltip=[("means", _("Means")), ("sides", _("Raters"))])
    n_m, n_o = (count(ctx, ctx.fs.findings["alignment.company.vai"].extra.get(k)) for k in ("n_management", "n_operations"))
    chart = ctx.chart("alignment-vai", spec,
                      _("Lollipop chart of the difference between management's and operations' mean rating per item, "
                        "centred on zero, with the permutation-test p-value printed next to each point."),
                      _("Gap in mean rating, management minus operations, with its two-sided permutation-test "
                        "p-value (n = {m} management, {o} operations raters). The shaded zone is a gap small enough "
                        "to count as aligned (VAI ≥ {limit}, an SMAA convention).", m=n_m, o=n_o, limit=vai_min),
                      printed(_vai_table(t), mark))
    lead = ""
    if sig:
        names = words([md.inline(_item_label(r["item"])) for r in sig])
        lead = n_("The gap is statistically clear (p < 0.05) for {names}: {k} of {n} item. VAI = 1 − |Δ| / scale "
                  "range, so 1 is perfect agreement.",
                  "The gap is statistically clear (p < 0.05) for {names}: {k} of {n} items. VAI = 1 − |Δ| / scale "
                  "range, so 1 is perfect agreement.", len(gaps), names=names, k=len(sig)) + "\n\n"
    return lead + chart


# ---------------------------------------------------------------- silos: KPI overlap and reporting flows

def _kpi_matrix(ctx: Context) -> str:
    t = ctx.fs.tables.get("alignment.kpi_jaccard")
    if t is None or not t.rows:
        return missing(ctx, "alignment.kpi_jaccard_mean", _("KPI overlap between functions"))
    mark = ctx.suppressed_mark
    names = _kpi_names(t, mark, org_functions(ctx))
    cells = []
    for r in t.rows:
        value = None if r.get("suppressed") else r.get("jaccard")
        label = mark if r.get("suppressed") else ("–" if r.get("jaccard") is None else
                                                   "0" if r["jaccard"] == 0 else fmt.number(r["jaccard"], 2))
        shared = "" if r.get("suppressed") else _("{k} shared of {n}", k=r['shared'], n=r['union'])
        for a, b in (("function_a", "function_b"), ("function_b", "function_a")):
            cells.append({"row": names[r[a]], "col": names[r[b]], "value": value, "label": label, "shared": shared,
                          "diag": False})
    cells += [{"row": n, "col": n, "value": None, "label": "—", "shared": "", "diag": True} for n in names.values()]
    vals = [r["jaccard"] for r in shown(t.rows, "jaccard")]
    if not vals:
        return md.admonition("warning", _("KPI overlap: every pair withheld"),
                             _("Every pair of functions involves a function with fewer than {k} interviewees naming "
                               "KPIs, so no overlap can be shown without identifying people.", k=ctx.k_min))
    f = ctx.fs.findings.get("alignment.kpi_jaccard_mean")
    f = None if kpi_mean_reveals_a_pair(ctx) else f
    zero = sum(1 for v in vals if v == 0)
    title = (n_("{k} of {n} pair of functions share no SMI KPI at all",
                "{k} of {n} pairs of functions share no SMI KPI at all", len(vals), k=zero) if zero else
             _("Every pair of functions shares at least one SMI KPI") if vals else
             _("No pair of functions can be shown without identifying people"))
    order = list(names.values())
    top = max(0.3, max(vals or [0]))
    spec = lambda: charts.matrix(cells, "col", "row", "value", "label", title=title, x_title=None, y_title=None,
                                 value_title=_("KPI overlap (Jaccard)"), x_sort=order, y_sort=order, domain=(0, top),
                                 tooltip=[("shared", _("KPIs"))], structural="diag", cell_height=34)
    mean = (" " + _("The mean overlap is {value} ({band}; conventions: below {silo} silo, above {shared} shared "
                    "vocabulary).", value=fmt.number(f.value, 2), band=md.text(band_word(f.extra.get('band', ''))),
                    silo=fmt.number(conv_value(ctx, 'alignment.jaccard_silo', 0.1), 2),
                    shared=fmt.number(conv_value(ctx, 'alignment.jaccard_shared', 0.3), 2)) + (
                " " + _("With two functions there is a single pair, so the mean is that pair's overlap.")
                if f.extra.get("pairs") == 1 else "")) if f and ctx.has(f.key) else ""
    return ctx.chart("alignment-kpi-overlap", spec,
                     _("Matrix of KPI overlap (Jaccard index) between every pair of functions; pairs involving a "
                       "function with fewer than {k} interviewees are grey and read {mark}.", k=ctx.k_min, mark=mark),
                     _("Share of SMI KPIs two functions have in common (Jaccard: shared ÷ named by either; n = {n} "
                       "interviewees naming KPIs).", n=t.n) + f"{mean} {note(t)}", printed(t, mark),
                     [c["name"] for c in t.columns if c["name"] not in ("function_a", "function_b")])


def _kpi_names(t: Table, mark: str, org: list[str]) -> dict[str, str]:
    out = {}
    for a, label, n in (("function_a", "function_a_label", "n_a"), ("function_b", "function_b_label", "n_b")):
        for r in t.rows:
            if not r.get("suppressed") and r.get(n) is not None:
                out[r[a]] = _("{name} (n = {n})", name=r[label], n=r[n])
    for a, label in (("function_a", "function_a_label"), ("function_b", "function_b_label")):
        for r in t.rows:
            out.setdefault(r[a], _("{name} (n {mark})", name=r[label], mark=mark))
    order = {f: i for i, f in enumerate(org)}
    return dict(sorted(out.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def _flows(ctx: Context) -> str:
    t = ctx.fs.tables.get("alignment.flows")
    if t is None:
        return missing(ctx, "alignment.flows.density", _("Reporting-flow network"),
                       _("Without them the reporting network, the share of flows reaching the top level and the "
                         "functions that report SMI to no one cannot be shown."))
    levels = ctx.settings.organisation.levels_top_first()
    lvl_ids = [lv.id for lv in levels]
    funcs = org_functions(ctx)
    funcs += sorted({r[k] for r in t.rows for k in ("from_function", "to_function")} - set(funcs))
    flabel = ctx.settings.organisation.labels("functions")
    active = {(r[f"{s}_function"], r[f"{s}_level"]) for r in t.rows for s in ("from", "to")}
    iso = ctx.fs.findings.get("alignment.flows.isolated_producers")
    isolated = set(iso.extra.get("functions", [])) if iso and iso.value else set()
    nodes = [{"fx": i, "ly": j + 1, "function": flabel.get(f, f), "level": levels[j].label,
              "active": (f, lv) in active, "isolated": f in isolated}
             for i, f in enumerate(funcs) for j, lv in enumerate(lvl_ids)]
    pos_f, pos_l = {f: i for i, f in enumerate(funcs)}, {lv: j + 1 for j, lv in enumerate(lvl_ids)}
    edges = [{"x1": pos_f[r["from_function"]], "y1": pos_l.get(r["from_level"], len(lvl_ids)),
              "x2": pos_f[r["to_function"]], "y2": pos_l.get(r["to_level"], len(lvl_ids)),
              "top": bool(r.get("reaches_top")), "cross": bool(r.get("cross_function")),
              "label": f"{r['from_function_label']} · {r['from_level_label']} → {r['to_function_label']} · "
                       f"{r['to_level_label']} ({r.get('artefacts') or _('flow')})"} for r in t.rows]
    notes = {f: _("no\noutgoing\nflow") for f in sorted(isolated)}
    up = reaching_top(t.rows)
    title = n_("SMI reaches the top level from {k} of {n} function", "SMI reaches the top level from {k} of {n} functions",
               len(funcs), k=sum(1 for f in funcs if f in up))
    spec = lambda: network.flow_network(nodes, edges, title=title, functions=[flabel.get(f, f) for f in funcs],
                                       levels=[lv.label for lv in levels],
                                       notes={flabel.get(f, f): v for f, v in notes.items()})
    chart = ctx.chart("alignment-flows", spec,
                      _("Network diagram on the organisation chart: functions as columns, levels as rows with the top "
                        "level first; arrows are reporting flows of social-media information."),
                      _("Reporting flows of SMI between function × level nodes (n = {n} flows). Blue arrows end at "
                        "the top level; dashed arrows cross functions.", n=len(t.rows)) + (
                          " " + _("In orange: {functions}, which produce SMI but have no outgoing flow.",
                                  functions=words([flabel.get(f, f) for f in sorted(isolated)])) if isolated else "")
                      + " " + _("Flows describe reporting lines, not people, so they are not withheld."),
                      printed(t, ctx.suppressed_mark),
                      ["from_function_label", "from_level_label", "to_function_label", "to_level_label", "artefacts",
                       "frequency_per_month"])
    return _flow_sentence(ctx) + chart


def _flow_sentence(ctx: Context) -> str:
    keys = ("density", "cross_function_share", "reach_top_share")
    if not all(ctx.has(f"alignment.flows.{k}") for k in keys):
        return ""
    d, c, r = (ctx.fs.findings[f"alignment.flows.{k}"] for k in keys)
    return n_("Of {n} reporting flow, {cross} cross from one function to another and {top} end at the top level; "
              "the network's density is {density} ({edges} of the possible links between its {nodes} nodes).",
              "Of {n} reporting flows, {cross} cross from one function to another and {top} end at the top level; "
              "the network's density is {density} ({edges} of the possible links between its {nodes} nodes).",
              c.n, cross=fmt.percent(c.value), top=fmt.percent(r.value), density=fmt.number(d.value, 2),
              edges=d.extra.get('edges'), nodes=d.extra.get('nodes')) + "\n\n"


def build(ctx: Context) -> Page | None:
    if "alignment.company.vai" not in ctx.fs.findings and "alignment.kpi_jaccard_mean" not in ctx.fs.findings:
        return None
    title = _("Alignment")
    parts = [f"# {title}\n"]
    cards = headlines(ctx)
    parts.append(md.cards(cards) if cards else missing(ctx, "alignment.company.vai", title))
    h = lambda text: f"## {text}\n"  # noqa: E731
    parts += [ctx.story(SECTION),
              h(_("Management versus operations")), _vertical(ctx),
              h(_("Silos between functions: shared KPIs")), _kpi_matrix(ctx),
              h(_("Reporting flows")), _flows(ctx),
              h(_("Is each group of one mind?")), rwgj(ctx),
              h(_("Do functions and levels differ?")), icc(ctx)]
    body = "\n".join(p for p in parts if p)
    return Page("alignment", title, body + glossary(body))
