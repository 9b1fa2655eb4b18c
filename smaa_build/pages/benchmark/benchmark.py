"""Benchmarking (M6): where the company sits among past cases like it — peer rule and n, the metric table with the
small-reference-set rules, a strip plot per metric, and the organisational models of the peers."""

from __future__ import annotations

from ...findings import Table
from ..base import charts
from ..base import format as fmt
from ..base import markdown as md
from ..base.context import Context, Page, client_name
from ..risk.risks import capital, card, words

SHORT = {"hdi": "horizontal diffusion", "vdi": "vertical diffusion", "hi": "SMI intensity", "vai": "vertical alignment",
         "kpi_jaccard": "KPI overlap", "manual_share": "manual collection"}
AXIS = {"hdi": "Horizontal diffusion (HDI)", "vdi": "Vertical diffusion (VDI)", "hi": "SMI intensity (HI)",
        "vai": "Vertical alignment (VAI)", "kpi_jaccard": "KPI overlap (Jaccard)", "manual_share": "Manual collection"}
ORDER = ("hdi", "vdi", "hi", "vai", "kpi_jaccard", "manual_share")  # diffusion, then alignment, then fragility
SHARES = {"manual_share"}
LOWER_IS_BETTER = {"manual_share"}
STATS = ("pr", "rank", "t", "p")


def short(row: dict) -> str:
    return SHORT.get(row["metric"], row["metric_label"])


def value_text(metric: str, v, table: bool = False) -> str:
    if v is None:
        return "–"
    return fmt.percent(v, table) if metric in SHARES else fmt.number(v, 2)


def model_text(m: str) -> str:
    return md.inline(str(m).replace("_", "-"))


def _rows(ctx: Context) -> list[dict]:
    t = ctx.fs.tables.get("benchmark.metrics")
    rank = {m: i for i, m in enumerate(ORDER)}
    return sorted(t.rows if t else [], key=lambda r: (rank.get(r["metric"], len(ORDER)), r["metric"]))


def _not_benchmarked(ctx: Context) -> list[tuple[str, str]]:
    """(metric label, reason) for every metric without a row in the table."""
    shown = {r["metric"] for r in _rows(ctx)}
    out = []
    for key, f in sorted(ctx.fs.findings.items()):
        parts = key.split(".")
        if len(parts) == 3 and parts[2] == "pr" and parts[1] not in shown and f.value is None:
            out.append((f.label.rsplit(": ", 1)[0], f.reason))
    return out


# ---------------------------------------------------------------- headlines


STEPS = {"sector_size": "same sector group and size band", "sector": "same sector group, any size",
         "macro_sector": "same macro-sector, any size", "all": "all reference cases"}


def ordinal(k: int) -> str:
    return f"{k}{'th' if 10 <= k % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th')}"


def _peer_sentence(ctx: Context) -> str:
    f = ctx.fs.findings["benchmark.peer_rule"]
    client = md.inline(client_name(ctx.spec))
    text = f"{client} is compared with {f.n} past cases: {md.inline(f.value)}"
    tried = f.extra.get("tried", [])
    if f.extra.get("widened") and tried:
        first = tried[0]
        text += (f" (the first rule, {STEPS.get(first['step'], md.inline(first['step']))}, left only {first['n']}, "
                 f"fewer than the {f.extra.get('n_peer_min', 5)} required)")
    return text + "."


def _deviation(ctx: Context, r: dict) -> str:
    client = md.inline(client_name(ctx.spec))
    m = r["metric"]
    text = (f"{client} ranks {ordinal(r['rank'])} of {r['rank_of']} on {md.inline(short(r))} "
            f"({value_text(m, r['company'])} against a peer median of {value_text(m, r['peer_median'])})")
    if r["t"] is None:
        return text + "."
    low = r["company"] < r["peer_median"]
    verdict = "unusually" if r["p"] < 0.05 else "not unusually"
    return (text + f" — {verdict} {'low' if low else 'high'} for this peer group: an estimated "
            f"{fmt.number(r['pct_below'], 0)}% of comparable firms score lower (Crawford–Howell t = "
            f"{fmt.number(r['t'], 2)}, df = {r['df']}, one-tailed {fmt.pvalue(r['p'])}).")


def _headlines(ctx: Context) -> list[str]:
    f = ctx.fs.findings["benchmark.peer_rule"]
    out = [card(str(f.n), "peers", _peer_sentence(ctx))]
    tested = sorted((r for r in _rows(ctx) if r["t"] is not None), key=lambda r: r["pct_below"])
    if tested and tested[0]["pct_below"] < 50:
        low = tested[0]
        out.append(card(f"{ordinal(low['rank'])} of {low['rank_of']}", f"furthest below peers · {md.inline(short(low))}",
                        _deviation(ctx, low)))
    if tested and tested[-1]["pct_below"] > 50:
        high = tested[-1]
        out.append(card(f"{ordinal(high['rank'])} of {high['rank_of']}", f"furthest above peers · {md.inline(short(high))}",
                        _deviation(ctx, high)))
    if _rows(ctx) and not tested:
        out.append(card("–", "no statistics", f"With {f.n} peers the method shows values only: ranks and tests "
                        "need at least 5 reference cases with the metric."))
    org = _org(ctx)
    if org:
        out.append(card(org[0], "share the model", org[1]))
    missing = _not_benchmarked(ctx)
    if missing:
        out.append(card(str(len(missing)), "metrics not benchmarked",
                        f"{md.inline(words([m for m, _ in missing]))}: {md.inline(missing[0][1])}."))
    return out


def org_numbers(ctx: Context) -> tuple[int, int, str, dict] | None:
    """(peers sharing the company's model, peers, the model, the most common model's row)."""
    t = ctx.fs.tables.get("benchmark.org_model")
    model = ctx.spec["engagement"].get("org_model")
    if not t or not t.rows or not model:
        return None
    mine = next((r for r in t.rows if r["company"] == "yes"), None)
    return (mine["n"] if mine else 0), sum(r["n"] for r in t.rows), model, max(t.rows, key=lambda r: r["n"])


def _org(ctx: Context) -> tuple[str, str] | None:
    nums = org_numbers(ctx)
    if nums is None:
        return None
    k, n, model, common = nums
    client = md.inline(client_name(ctx.spec))
    tail = "" if common["org_model"] == model else f"; the most common is {model_text(common['org_model'])} ({common['n']})"
    return f"{k} of {n}", f"{k} of the {n} peers share {client}'s {model_text(model)} organisational model{tail}."


# ---------------------------------------------------------------- metrics: strip plot and table


def _strip_title(ctx: Context, rows: list[dict]) -> str:
    client = client_name(ctx.spec)
    with_iqr = [r for r in rows if r["q1"] is not None]
    below = {r["metric"] for r in with_iqr if r["company"] < r["q1"]}
    above = {r["metric"] for r in with_iqr if r["company"] > r["q3"]}
    worse = lambda m: (m in above) if m in LOWER_IS_BETTER else (m in below)  # noqa: E731
    lows = [short(r) for r in with_iqr if r["metric"] in below | above and worse(r["metric"])]
    highs = [short(r) for r in with_iqr if r["metric"] in below | above and not worse(r["metric"])]
    if not with_iqr:
        return f"{client} against each peer, metric by metric"
    if not lows and not highs:
        return f"{client} sits within the middle half of its peers on every metric"
    parts = ([f"trails its peers on {words(lows)}"] if lows else []) + (
        [f"is ahead on {words(highs)}"] if highs else [])
    return f"{client} {' and '.join(parts)}"


def _strip(ctx: Context) -> str:
    rows = _rows(ctx)
    if not rows:
        return ""
    labels = {r["metric"]: AXIS.get(r["metric"], r["metric_label"]) for r in rows}
    order = [labels[r["metric"]] for r in rows]
    peers = [{**p, "metric_label": labels[p["metric"]]} for p in ctx.fs.tables["benchmark.peers"].rows
             if p["metric"] in labels]
    summary = [{"metric_label": labels[r["metric"]], "q1": r["q1"], "median": r["peer_median"], "q3": r["q3"],
                "company": r["company"], "label": fmt.number(r["company"], 2)} for r in rows]
    n = ctx.fs.findings["benchmark.n_peers"].value
    client = client_name(ctx.spec)
    sub = [f"Grey dots: the {n} peers · light bar: their middle half", f"Tick: peer median · ◆ {client}"]
    spec = lambda: charts.strip(peers, "metric_label", "value", "role", title=_strip_title(ctx, rows),  # noqa: E731
                                subtitle=sub, value_title="Index or share (0–1)", summary=summary, order=order)
    return ctx.chart("benchmark-strip", spec, f"Strip plot per metric: each peer as a grey dot, the peer median as a "
                     f"tick, the middle half of the peers as a bar, and {client} as a blue diamond with its value.",
                     f"{client} against its {n} peers on each metric (0–1 scale). Peers are past cases, shown under "
                     "pseudonyms.", "benchmark.peers")


def _table(ctx: Context) -> str:
    out, with_pr = [], any(r["pr"] is not None for r in _rows(ctx))
    for r in _rows(ctx):
        m = r["metric"]
        iqr = "–" if r["q1"] is None else f"{value_text(m, r['q1'], True)}–{value_text(m, r['q3'], True)}"
        pr = "–" if r["pr"] is None else fmt.number(r["pr"], 1 if r["n"] >= 30 else 0)
        rank = "–" if r["rank"] is None else f"{r['rank']} of {r['rank_of']}"
        t = "–" if r["t"] is None else f"{fmt.number(r['t'], 2)} ({r['df']})"
        p = "–" if r["p"] is None else fmt.pvalue(r["p"]).replace("p = ", "").replace("p ", "")
        out.append([md.inline(r["metric_label"]), value_text(m, r["company"], True),
                    value_text(m, r["peer_median"], True), iqr] + ([pr] if with_pr else [])
                   + [rank, t, p, str(r["n"])])
    client = md.inline(client_name(ctx.spec))
    head = ["Metric", client, "Peer median", "Peer IQR"] + (["Percentile"] if with_pr else []) + [
        "Rank (1 = highest)", "Crawford–Howell t (df)", "One-tailed p", "Peers (n)"]
    return md.table(head, out, ["left"] + ["right"] * (len(head) - 1))


def _rules(ctx: Context) -> str:
    ns = sorted({r["n"] for r in _rows(ctx)})
    n_text = words([str(n) for n in ns]) if ns else "0"
    body = ("How much is shown depends on how many peers have the metric [SMAA convention]: fewer than 5 — values "
            "only; 5 to 9 — rank and the Crawford–Howell test, no percentile; 10 to 29 — percentile rounded to the "
            f"nearest 5; 30 or more — percentile to one decimal. Here n = {n_text}"
            + (", so no percentile is shown" if ns and max(ns) < 10 else "") + ". The Crawford–Howell (1998) "
            "modified t treats the peers as a small sample rather than a population, so it does not overstate how "
            "unusual one company is; p is one-tailed in the direction of the company's deviation, and the "
            "“estimated % below” is the share of the peer population expected to score lower.")
    return md.admonition("info", "Rules for small reference sets", body)


# ---------------------------------------------------------------- peer rule and organisational model


def _peer_group(ctx: Context) -> str:
    f = ctx.fs.findings["benchmark.peer_rule"]
    rows = [[capital(STEPS.get(s["step"], md.inline(s["step"]))), str(s["n"]),
             "used" if s["step"] == f.extra.get("step") else "too few"] for s in f.extra.get("tried", [])]
    return ("## Peer group\n\n" + _peer_sentence(ctx) + f" Past clients are never named: peers appear as P01, "
            f"P02, … A peer group needs at least {f.extra.get('n_peer_min', 5)} cases [SMAA convention]; the rule is "
            "widened in a fixed order until it has them.\n\n"
            + md.table(["Rule tried", "Cases", "Result"], rows, ["left", "right", "left"]))


def _org_chart(ctx: Context) -> str:
    t = ctx.fs.tables.get("benchmark.org_model")
    if not t or not t.rows:
        return ""
    rows = [{"model": str(r["org_model"]).replace("_", "-"), "n": r["n"], "is_company": r["company"] == "yes",
             "label": f"{r['n']} ({fmt.percent(r['share'] / 100)})"} for r in t.rows]
    nums = org_numbers(ctx)
    client = client_name(ctx.spec)
    title = (f"{nums[0]} of the {nums[1]} peers share {client}'s {str(nums[2]).replace('_', '-')} model" if nums
             else "Organisational models of the peers")
    spec = lambda: whole_numbers(charts.bars(rows, "model", "n", title=title, value_title="Peers (n)",  # noqa: E731
                                             label="label", highlight="is_company" if nums else None,
                                             sort=[r["model"] for r in sorted(rows, key=lambda r: (-r["n"], r["model"]))]),
                                  "n")
    # the analysis stores the share as 0-100; the table renderer expects a 0-1 share for "percent" columns
    data = Table(t.key, t.label, t.columns, [{**r, "share": r["share"] / 100} for r in t.rows], n=t.n)
    return "## Organisational model\n\n" + ctx.chart(
        "benchmark-org-model", spec, f"Bar chart of the number of peers per organisational model; {client}'s model "
        "is highlighted in blue.", f"Organisational model of social-media work among the {t.n} peers "
        f"(Owyang/Altimeter typology); {client}'s model in blue.", data)


def whole_numbers(spec: dict, field: str) -> dict:
    """Counts on the x axis: integer ticks only (no 0.2 peers)."""
    for layer in spec.get("layer", [spec]):
        x = layer.get("encoding", {}).get("x")
        if x and x.get("field") == field:
            x["axis"] = {**(x.get("axis") or {}), "tickMinStep": 1, "format": "d"}
    return spec


def build(ctx: Context) -> Page | None:
    if "benchmark.peer_rule" not in ctx.fs.findings:
        return None
    parts = ["# Benchmarking\n"]
    if not ctx.has("benchmark.peer_rule"):
        parts.append(ctx.not_computed("benchmark.peer_rule", "Benchmarking"))
        return Page("benchmark", "Benchmarking", "\n".join(parts))
    client = md.inline(client_name(ctx.spec))
    parts += [md.cards(_headlines(ctx)), ctx.story("benchmark")]
    if _rows(ctx):
        parts += [f"## How {client} compares\n", _strip(ctx), _table(ctx), _rules(ctx)]
    missing = _not_benchmarked(ctx)
    if missing:
        parts.append("Not benchmarked: " + "; ".join(f"{md.inline(m)} ({md.inline(why)})" for m, why in missing) + ".\n")
    parts += [_peer_group(ctx), _org_chart(ctx)]
    return Page("benchmark", "Benchmarking", "\n".join(p for p in parts if p))
