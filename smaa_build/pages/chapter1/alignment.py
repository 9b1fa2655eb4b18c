"""Alignment (M4): where the organisation is out of step — senior managers versus the people who work with social
media every day (vertical alignment index), functions that do not share SMI KPIs (Jaccard overlap), reporting
flows that never reach the top, and groups that are not of one mind (r_wg, AD_M, ICC). Answer first, then the
evidence; every group figure comes from the analyses already under M12."""

from __future__ import annotations

from dataclasses import replace

from ...findings import Table
from ..base import charts
from ..base import format as fmt
from ..base import markdown as md
from ..base.context import Context, Page
from .common import card, count, gap_card, humanise, missing, people, printed, shown, words

SECTION = "alignment"
RWG_BANDS = [("lack of agreement", "#E69F00"), ("weak", "#F5D58A"), ("moderate", "#A9CCE6"), ("strong", "#4A8FC7"),
             ("very strong", "#0B4F8A")]


def _conv(ctx: Context, name: str, default: float) -> float:
    for c in ctx.fs.meta.get("conventions", []):
        if c.get("name") == name and isinstance(c.get("value"), (int, float)):
            return float(c["value"])
    return default


def _scale(ctx: Context) -> tuple[float, float]:
    lo, hi = ((ctx.spec.get("data") or {}).get("ratings") or {}).get("scale", [1, 5])
    return float(lo), float(hi)


def _item_label(item: str) -> str:
    return f"“{humanise(item)}”"


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


def _org_functions(ctx: Context) -> list[str]:
    return [str(f["id"]) for f in ctx.spec["organisation"].get("functions") or []]


# ---------------------------------------------------------------- headlines

def _vai_card(ctx: Context) -> str | None:
    t = ctx.fs.tables.get("alignment.vai")
    rows = shown(t.rows, "delta") if t else []
    if not rows or not ctx.has("alignment.company.vai"):
        return None
    f = ctx.fs.findings["alignment.company.vai"]
    worst = max(rows, key=lambda r: (abs(r["delta"]), r["item"]))
    lo, hi = _scale(ctx)
    state = {"aligned": "aligned", "partial": "only partially aligned", "misaligned": "misaligned"}.get(
        f.extra.get("band") or "", "not rated")
    return card(fmt.number(f.value, 2), "vertical alignment (VAI)",
                f"Management and operations are **{state}** (≥ {fmt.number(_conv(ctx, 'alignment.vai_aligned', 0.8), 2)} "
                f"is aligned, a convention). Widest gap: {md.inline(_item_label(worst['item']))}, "
                f"management {fmt.number(worst['mean_management'], 2)} vs operations "
                f"{fmt.number(worst['mean_operations'], 2)} on a "
                f"{fmt.number(lo, 0)}–{fmt.number(hi, 0)} scale ({fmt.pvalue(worst['p'])}; "
                f"n = {worst['n_management']} management, {worst['n_operations']} operations).")


def _kpi_card(ctx: Context) -> str | None:
    if not ctx.has("alignment.kpi_jaccard_mean") or kpi_mean_reveals_a_pair(ctx):
        return None
    f = ctx.fs.findings["alignment.kpi_jaccard_mean"]
    band = f.extra.get("band") or ""
    lead = {"silo": "Functions **share almost no SMI KPIs**", "partial": "Functions **share some SMI KPIs**",
            "shared vocabulary": "Functions **share a common SMI vocabulary**"}.get(band, "KPI overlap between functions")
    return card(fmt.number(f.value, 2), "KPI overlap (Jaccard)",
                f"{lead}: two functions have {fmt.percent(f.value)} of their KPIs in common on average (below "
                f"{fmt.number(_conv(ctx, 'alignment.jaccard_silo', 0.1), 2)} is a silo, a convention). "
                f"{people(f.n)} interviewees in {f.extra.get('functions')} functions.")


def _reach_card(ctx: Context) -> str | None:
    t = ctx.fs.tables.get("alignment.flows")
    if t is None or not t.rows:
        return None
    funcs = _org_functions(ctx)
    up = [f for f in funcs if f in reaching_top(t.rows)]
    share = len(up) / len(funcs) if funcs else 0
    iso = ctx.fs.findings.get("alignment.flows.isolated_producers")
    names = [md.inline(x) for x in (iso.extra.get("labels", []) if iso and iso.value else [])]
    tail = (f" {words(names)} report{'s' if len(names) == 1 else ''} SMI to no one." if names else
            " Every function producing SMI passes it on.")
    return card(f"{len(up)} of {len(funcs)}", "functions reach the top",
                f"SMI **reaches the top level from {'only ' if share < 0.5 else ''}{len(up)} of {len(funcs)} "
                f"functions**, directly or through another function.{tail} {len(t.rows)} reporting flows.")


def _agreement_card(ctx: Context) -> str | None:
    t = ctx.fs.tables.get("alignment.rwgj")
    rows = [r for r in shown(t.rows, "rwg_j") if r["group_type"] == "function"] if t else []
    if len(rows) < 2:
        return None
    low = min(rows, key=lambda r: (r["rwg_j"], r["group"]))
    high = max(rows, key=lambda r: (r["rwg_j"], r["group"]))
    return card(fmt.number(low["rwg_j"], 2), f"agreement in {md.inline(low['group_label'])}",
                f"**{md.inline(low['group_label'])} is least of one mind** about SMI: within-group agreement "
                f"r_wg(J) {fmt.number(low['rwg_j'], 2)}, {low['band']} (n = {low['n']}); "
                f"{md.inline(high['group_label'])} {fmt.number(high['rwg_j'], 2)} (n = {high['n']}).")


def headlines(ctx: Context) -> list[str]:
    """Four headline slots; a slot that cannot be filled says why instead of disappearing."""
    k = ctx.k_min
    fallback = {
        _vai_card: gap_card(ctx, "alignment.company.vai", "vertical alignment (VAI)"),
        _kpi_card: (card("–", "KPI overlap (Jaccard)", f"Withheld: with only one pair of functions held back "
                         f"(fewer than {k} people), the mean overlap would reveal it (M12).")
                    if kpi_mean_reveals_a_pair(ctx) else gap_card(ctx, "alignment.kpi_jaccard_mean", "KPI overlap (Jaccard)")),
        _reach_card: gap_card(ctx, "alignment.flows.density", "functions reach the top"),
        _agreement_card: card("–", "agreement within functions", f"Not comparable: fewer than two functions have "
                              f"{k} or more raters with an agreement score."),
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
        return missing(ctx, "alignment.company.vai", "Vertical alignment")
    if not shown(t.rows, "delta"):
        return missing(ctx, "alignment.company.vai", "Vertical alignment") if not any(
            r.get("suppressed") for r in t.rows) else md.admonition(
            "warning", "Vertical alignment: suppressed",
            f"Management or operations has fewer than {ctx.k_min} raters, so the gap cannot be shown (M12).")
    lo, hi = _scale(ctx)
    span = hi - lo
    aligned = (1 - _conv(ctx, "alignment.vai_aligned", 0.8)) * span
    mark = ctx.suppressed_mark
    rows = [{"item": humanise(r["item"]), "delta": None if r.get("suppressed") or r.get("delta") is None else r["delta"],
             "label": mark if r.get("suppressed") else ("not computed" if r.get("delta") is None else
                                                       f"{fmt.number(r['delta'], 2)} · {fmt.pvalue(r['p'])}"),
             "means": "" if r.get("suppressed") or r.get("delta") is None else
             f"management {fmt.number(r['mean_management'], 2)}, operations {fmt.number(r['mean_operations'], 2)}",
             "sides": f"{count(ctx, r.get('n_management'))} management, {count(ctx, r.get('n_operations'))} operations"}
            for r in t.rows]
    order = [r["item"] for r in sorted(rows, key=lambda r: (r["delta"] if r["delta"] is not None else 99))]
    gaps = shown(t.rows, "delta")
    lower = sum(1 for r in gaps if r["delta"] < 0)
    sig = [r for r in gaps if r.get("p") is not None and r["p"] < 0.05]
    title = (f"Management rates SMI lower than operations on {lower} of {len(gaps)} items" if lower * 2 >= len(gaps)
             else f"Management rates SMI higher than operations on {len(gaps) - lower} of {len(gaps)} items")
    lim = charts.nice_limit(max(abs(r["delta"]) for r in gaps))
    spec = lambda: charts.gap_lollipop(rows, "item", "delta", "label", title=title,
                                       value_title=f"Management − operations mean ({fmt.number(lo, 0)}–{fmt.number(hi, 0)})",
                                       order=order, domain=(-lim, lim),
                                       zero_label="no gap",
                                       band=(aligned, f"aligned, VAI ≥ {fmt.number(1 - aligned / span, 2)}"),
                                       left_note="◀ management lower", right_note="management higher ▶",
                                       tooltip=[("means", "Means"), ("sides", "Raters")])
    n_m, n_o = (count(ctx, ctx.fs.findings["alignment.company.vai"].extra.get(k)) for k in ("n_management", "n_operations"))
    chart = ctx.chart("alignment-vai", spec,
                      "Lollipop chart of the difference between management's and operations' mean rating per item, "
                      "centred on zero, with the permutation-test p-value printed next to each point.",
                      f"Gap in mean rating, management minus operations, with its two-sided permutation-test p-value "
                      f"(n = {n_m} management, {n_o} operations raters). The shaded zone is a gap small enough to "
                      f"count as aligned (VAI ≥ {fmt.number(1 - aligned / span, 2)}, an SMAA convention).", printed(_vai_table(t), mark))
    lead = ""
    if sig:
        names = words([md.inline(_item_label(r["item"])) for r in sig])
        lead = (f"The gap is statistically clear (p < 0.05) for {names}: "
                f"{len(sig)} of {len(gaps)} items. VAI = 1 − |Δ| / scale range, so 1 is perfect agreement.\n\n")
    return lead + chart


# ---------------------------------------------------------------- silos: KPI overlap and reporting flows

def _kpi_matrix(ctx: Context) -> str:
    t = ctx.fs.tables.get("alignment.kpi_jaccard")
    if t is None or not t.rows:
        return missing(ctx, "alignment.kpi_jaccard_mean", "KPI overlap between functions")
    mark = ctx.suppressed_mark
    names = _kpi_names(t, mark, _org_functions(ctx))
    cells = []
    for r in t.rows:
        value = None if r.get("suppressed") else r.get("jaccard")
        label = mark if r.get("suppressed") else ("–" if r.get("jaccard") is None else
                                                   "0" if r["jaccard"] == 0 else fmt.number(r["jaccard"], 2))
        shared = "" if r.get("suppressed") else f"{r['shared']} shared of {r['union']}"
        for a, b in (("function_a", "function_b"), ("function_b", "function_a")):
            cells.append({"row": names[r[a]], "col": names[r[b]], "value": value, "label": label, "shared": shared,
                          "diag": False})
    cells += [{"row": n, "col": n, "value": None, "label": "—", "shared": "", "diag": True} for n in names.values()]
    vals = [r["jaccard"] for r in shown(t.rows, "jaccard")]
    if not vals:
        return md.admonition("warning", "KPI overlap: every pair suppressed",
                             f"Every pair of functions involves a function with fewer than {ctx.k_min} interviewees "
                             "naming KPIs, so no overlap can be shown without identifying people (M12).")
    f = ctx.fs.findings.get("alignment.kpi_jaccard_mean")
    f = None if kpi_mean_reveals_a_pair(ctx) else f
    zero = sum(1 for v in vals if v == 0)
    title = (f"{zero} of {len(vals)} pairs of functions share no SMI KPI at all" if zero else
             "Every pair of functions shares at least one SMI KPI" if vals else
             "No pair of functions can be shown without identifying people")
    order = list(names.values())
    top = max(0.3, max(vals or [0]))
    spec = lambda: charts.matrix(cells, "col", "row", "value", "label", title=title, x_title=None, y_title=None,
                                 value_title="KPI overlap (Jaccard)", x_sort=order, y_sort=order, domain=(0, top),
                                 tooltip=[("shared", "KPIs")], structural="diag", cell_height=34)
    mean = (f" The mean overlap is {fmt.number(f.value, 2)} ({md.text(f.extra.get('band', ''))}; conventions: below "
            f"{fmt.number(_conv(ctx, 'alignment.jaccard_silo', 0.1), 2)} silo, above "
            f"{fmt.number(_conv(ctx, 'alignment.jaccard_shared', 0.3), 2)} shared vocabulary)." + (
                " With two functions there is a single pair, so the mean is that pair's overlap."
                if f.extra.get("pairs") == 1 else "")) if f and ctx.has(f.key) else ""
    return ctx.chart("alignment-kpi-overlap", spec,
                     "Matrix of KPI overlap (Jaccard index) between every pair of functions; pairs involving a "
                     f"function below k_min are grey and read {mark}.",
                     f"Share of SMI KPIs two functions have in common (Jaccard: shared ÷ named by either; n = {t.n} "
                     f"interviewees naming KPIs).{mean} {t.note}", printed(t, mark),
                     [c["name"] for c in t.columns if c["name"] not in ("function_a", "function_b")])


def _kpi_names(t: Table, mark: str, org: list[str]) -> dict[str, str]:
    out = {}
    for a, label, n in (("function_a", "function_a_label", "n_a"), ("function_b", "function_b_label", "n_b")):
        for r in t.rows:
            if not r.get("suppressed") and r.get(n) is not None:
                out[r[a]] = f"{r[label]} (n = {r[n]})"
    for a, label in (("function_a", "function_a_label"), ("function_b", "function_b_label")):
        for r in t.rows:
            out.setdefault(r[a], f"{r[label]} (n {mark})")
    order = {f: i for i, f in enumerate(org)}
    return dict(sorted(out.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def _flows(ctx: Context) -> str:
    t = ctx.fs.tables.get("alignment.flows")
    if t is None:
        return missing(ctx, "alignment.flows.density", "Reporting-flow network",
                       "Without them the reporting network, the share of flows reaching the top level and the "
                       "functions that report SMI to no one cannot be shown.")
    levels = sorted(ctx.spec["organisation"]["levels"], key=lambda lv: lv["rank"])
    lvl_ids = [str(lv["id"]) for lv in levels]
    funcs = _org_functions(ctx)
    funcs += sorted({r[k] for r in t.rows for k in ("from_function", "to_function")} - set(funcs))
    flabel = {str(f["id"]): str(f["label"]) for f in ctx.spec["organisation"]["functions"]}
    active = {(r[f"{s}_function"], r[f"{s}_level"]) for r in t.rows for s in ("from", "to")}
    iso = ctx.fs.findings.get("alignment.flows.isolated_producers")
    isolated = set(iso.extra.get("functions", [])) if iso and iso.value else set()
    nodes = [{"fx": i, "ly": j + 1, "function": flabel.get(f, f), "level": str(levels[j]["label"]),
              "active": (f, lv) in active, "isolated": f in isolated}
             for i, f in enumerate(funcs) for j, lv in enumerate(lvl_ids)]
    pos_f, pos_l = {f: i for i, f in enumerate(funcs)}, {lv: j + 1 for j, lv in enumerate(lvl_ids)}
    edges = [{"x1": pos_f[r["from_function"]], "y1": pos_l.get(r["from_level"], len(lvl_ids)),
              "x2": pos_f[r["to_function"]], "y2": pos_l.get(r["to_level"], len(lvl_ids)),
              "top": bool(r.get("reaches_top")), "cross": bool(r.get("cross_function")),
              "label": f"{r['from_function_label']} · {r['from_level_label']} → {r['to_function_label']} · "
                       f"{r['to_level_label']} ({r.get('artefacts') or 'flow'})"} for r in t.rows]
    notes = {f: "no\noutgoing\nflow" for f in sorted(isolated)}
    up = reaching_top(t.rows)
    title = f"SMI reaches the top level from {sum(1 for f in funcs if f in up)} of {len(funcs)} functions"
    spec = lambda: charts.flow_network(nodes, edges, title=title, functions=[flabel.get(f, f) for f in funcs],
                                       levels=[str(lv["label"]) for lv in levels],
                                       notes={flabel.get(f, f): v for f, v in notes.items()})
    chart = ctx.chart("alignment-flows", spec,
                      "Network diagram on the organisation chart: functions as columns, levels as rows with the top "
                      "level first; arrows are reporting flows of social-media information.",
                      f"Reporting flows of SMI between function × level nodes (n = {len(t.rows)} flows). Blue arrows end "
                      "at the top level; dashed arrows cross functions." + (
                          f" In orange: {words([flabel.get(f, f) for f in sorted(isolated)])}, which produce SMI but "
                          "have no outgoing flow." if isolated else "") + " Flows describe reporting lines, not people, "
                      "so they are not suppressed.", printed(t, ctx.suppressed_mark),
                      ["from_function_label", "from_level_label", "to_function_label", "to_level_label", "artefacts",
                       "frequency_per_month"])
    return _flow_sentence(ctx) + chart


def _flow_sentence(ctx: Context) -> str:
    keys = ("density", "cross_function_share", "reach_top_share")
    if not all(ctx.has(f"alignment.flows.{k}") for k in keys):
        return ""
    d, c, r = (ctx.fs.findings[f"alignment.flows.{k}"] for k in keys)
    return (f"Of {c.n} reporting flows, {fmt.percent(c.value)} cross from one function to another and "
            f"{fmt.percent(r.value)} end at the top level; the network's density is {fmt.number(d.value, 2)} "
            f"({d.extra.get('edges')} of the possible links between its {d.extra.get('nodes')} nodes).\n\n")


# ---------------------------------------------------------------- within- and between-group agreement

def _rwgj(ctx: Context) -> str:
    t = ctx.fs.tables.get("alignment.rwgj")
    if t is None or not t.rows:
        return missing(ctx, "alignment.company.vai", "Within-group agreement")
    mark = ctx.suppressed_mark
    rank = {g: i for i, g in enumerate([*_org_functions(ctx), "other", "management", "operations"])}
    ordered = sorted(t.rows, key=lambda r: (r["group_type"] != "function", rank.get(r["group"], len(rank)), r["group"]))
    rows = [{"group": _group_name(r, mark), "rwg": None if r.get("suppressed") else r.get("rwg_j"),
             "band": "" if r.get("suppressed") else r.get("band") or "",
             "label": mark if r.get("suppressed") else ("not computed" if r.get("rwg_j") is None else
                                                       f"{fmt.number(r['rwg_j'], 2)} {r.get('band') or ''}".strip())}
            for r in ordered]
    order = [r["group"] for r in rows]
    fn = [r for r in shown(t.rows, "rwg_j") if r["group_type"] == "function"]
    strong = sum(1 for r in fn if r["rwg_j"] > 0.70)
    title = (f"{strong} of {len(fn)} functions agree strongly within themselves about SMI" if fn else
             "Agreement within each group about SMI")
    spec = lambda: charts.band_bars(rows, "group", "rwg", "label", "band", title=title,
                                    value_title="Within-group agreement r_wg(J) across items", order=order,
                                    bands=RWG_BANDS, rules=[0.7], zones=[(0.85, "strong or better")],
                                    dark=["strong", "very strong"])
    rwg = ctx.fs.tables.get("alignment.rwg")
    null = md.text(rwg.note) if rwg is not None else ""
    chart = ctx.chart("alignment-rwgj", spec,
                      "Bar chart of multi-item within-group agreement r_wg(J) for each function and for management "
                      f"and operations; suppressed groups read {mark}.",
                      "Within-group agreement over all rating items (r_wg(J), 0 = no agreement, 1 = everyone "
                      "answers alike; n per group in the label). Bands follow LeBreton & Senter (2008): above .70 "
                      "strong, above .90 very strong.", printed(t, mark),
                      ["group_type", "group_label", "n", "items", "rwg_j", "band"])
    table = ""
    if rwg is not None:
        shown_t = printed(replace(rwg, rows=[{**r, "item": humanise(r["item"])} for r in rwg.rows]), mark)
        table = md.admonition("abstract", f"Agreement by item: r_wg and AD_M per group (n = {rwg.n})",
                              f"{null}\n\n" + ctx.table_md(shown_t, [c["name"] for c in rwg.columns if c["name"] != "group"]),
                              collapsible=True)
    method = md.admonition("info", "Null distribution used", _null_text(ctx))
    return chart + method + table


def _null_text(ctx: Context) -> str:
    """Which null r_wg was measured against, in words (methods.md M4.1 asks for it to be reported)."""
    lo, hi = _scale(ctx)
    a = int(round(hi - lo)) + 1
    null = next((c["value"] for c in ctx.fs.meta.get("conventions", []) if c.get("name") == "alignment.sigma2_null"),
                "uniform")
    if null in (None, "uniform"):
        what = (f"the uniform null, σ²_EU = (A² − 1)/12 = {fmt.number((a * a - 1) / 12, 2)} for A = {a} response "
                "options (no response style assumed)")
    else:
        what = f"a null variance of {md.text(null)} set for this case (LeBreton & Senter 2008, Table 2)"
    return (f"r_wg compares each group's variance with {what}; values below zero are set to 0. AD_M, the average "
            f"deviation from the group mean, is acceptable up to A/6 = {fmt.number(a / 6, 2)} (Burke & Dunlap 2002) "
            "and is the better reading for groups under five people.")


def _group_name(r: dict, mark: str) -> str:
    """'Marketing (n = 13)'; level groups read 'All management' so that a function with the same name (a
    function called Operations) cannot be confused with them."""
    n = f"n = {r['n']}" if r.get("n") is not None and not r.get("suppressed") else f"n {mark}"
    name = r["group_label"] if r["group_type"] == "function" else f"All {str(r['group_label']).lower()}"
    return f"{name} ({n})"


def _icc(ctx: Context) -> str:
    t = ctx.fs.tables.get("alignment.icc")
    if t is None or not t.rows:
        return missing(ctx, "alignment.company.vai", "Between-group differentiation (ICC)")
    rows = [{**r, "item": humanise(r["item"]), "grouping": f"by {r['grouping']}",
             **{k: _round2(r.get(k)) for k in ("msb", "msw", "icc1", "icc2")}} for r in t.rows]
    lines = []
    for grouping in ("level", "function"):
        mine = [r for r in shown(rows, "icc1") if r["grouping"] == f"by {grouping}"]
        if mine:
            best = max(mine, key=lambda r: r["icc1"])
            lines.append(f"by {grouping}, most on “{md.inline(best['item'])}” (ICC(1) {fmt.number(best['icc1'], 2)}, "
                         f"{_icc_size(best['icc1'])}; ICC(2) {fmt.number(best['icc2'], 2)}, n = {best['n']})")
    missing = [r for r in rows if r.get("icc1") is None and not r.get("suppressed")]
    text = ("Ratings differ " + "; ".join(lines) + ". ICC(1) benchmarks: about .01 small, .10 medium, .25 large "
            "(LeBreton & Senter 2008); ICC(2) ≥ .70 means group means are reliable.\n\n") if lines else ""
    note = md.admonition("warning", "Some ICCs not computed", f"{len(missing)} ICC values need ratings from at least "
                         "two groups and more people than groups.") if missing else ""
    cols = ["grouping", "item", "n", "groups", "icc1", "icc2"]
    return text + ctx.table_md(printed(replace(t, rows=rows), ctx.suppressed_mark), cols) + note


def _round2(v):
    """Rounded as printed, so that −0.0005 prints as 0.00, not −0.00."""
    return None if v is None else round(v, 2) + 0.0


def _icc_size(v: float) -> str:
    return "large" if v >= 0.25 else "medium" if v >= 0.10 else "small" if v >= 0.01 else "negligible"


def build(ctx: Context) -> Page | None:
    if "alignment.company.vai" not in ctx.fs.findings and "alignment.kpi_jaccard_mean" not in ctx.fs.findings:
        return None
    parts = ["# Alignment\n"]
    cards = headlines(ctx)
    parts.append(md.cards(cards) if cards else missing(ctx, "alignment.company.vai", "Alignment"))
    parts += [ctx.story(SECTION),
              "## Management versus operations\n", _vertical(ctx),
              "## Silos between functions: shared KPIs\n", _kpi_matrix(ctx),
              "## Reporting flows\n", _flows(ctx),
              "## Is each group of one mind?\n", _rwgj(ctx),
              "## Do functions and levels differ?\n", _icc(ctx)]
    return Page("alignment", "Alignment", "\n".join(p for p in parts if p))
