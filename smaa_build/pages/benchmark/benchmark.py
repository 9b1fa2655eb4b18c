"""Benchmarking (M6): where the company sits among past cases like it — peer rule and n, the metric table with the
small-reference-set rules, a strip plot per metric, and the organisational models of the peers."""

from __future__ import annotations

from dataclasses import replace

from ...analyses.words import MACRO_SECTOR_NAMES
from ...findings import Table
from ...i18n import N_, _, language, n_
from ..base import charts
from ..base import format as fmt
from ..base import markdown as md
from ..base.context import Context, Page
from ..base.reasons import reason_of
from ..chapter1.common import glossary
from ..risk.risks import capital, card, words

SHORT = {"hdi": N_("horizontal diffusion"), "vdi": N_("vertical diffusion"), "hi": N_("SMI intensity"),
         "vai": N_("vertical alignment"), "kpi_jaccard": N_("KPI overlap"), "manual_share": N_("manual collection")}
AXIS = {"hdi": N_("Horizontal diffusion (HDI)"), "vdi": N_("Vertical diffusion (VDI)"), "hi": N_("SMI intensity (HI)"),
        "vai": N_("Vertical alignment (VAI)"), "kpi_jaccard": N_("KPI overlap (Jaccard)"),
        "manual_share": N_("Manual collection")}
# the benchmarked metrics' names in the metric table (the reference file's ids never reach the page)
LABEL = {"hdi": N_("Horizontal diffusion index (HDI)"), "vdi": N_("Vertical diffusion index (VDI)"),
         "hi": N_("SMI intensity index"), "vai": N_("Vertical alignment index (VAI)"),
         "kpi_jaccard": N_("KPI overlap across functions (mean Jaccard)"),
         "manual_share": N_("Share of manual SMI collection")}
# the Owyang/Altimeter organisational models, in words (the reference file's ids never reach the page)
MODELS = {"organic": N_("organic"), "centralised": N_("centralised"), "hub_and_spoke": N_("hub-and-spoke"),
          "multiple_hub_and_spoke": N_("multiple hub-and-spoke"), "holistic": N_("holistic")}
ORDER = ("hdi", "vdi", "hi", "vai", "kpi_jaccard", "manual_share")  # diffusion, then alignment, then fragility
SHARES = {"manual_share"}
LOWER_IS_BETTER = {"manual_share"}
STATS = ("pr", "rank", "t", "p")


def short(row: dict) -> str:
    return _(SHORT[row["metric"]]) if row["metric"] in SHORT else row["metric_label"]


def metric_label(row: dict) -> str:
    return _(LABEL[row["metric"]]) if row["metric"] in LABEL else row["metric_label"]


def value_text(metric: str, v, table: bool = False) -> str:
    if v is None:
        return "–"
    return fmt.percent(v, table) if metric in SHARES else fmt.number(v, 2)


def model_name(m: str) -> str:
    return _(MODELS[str(m)]) if str(m) in MODELS else str(m).replace("_", "-")


def model_text(m: str) -> str:
    return md.inline(model_name(m))


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
            out.append((f.label.rsplit(": ", 1)[0], reason_of(f, "")))
    return out


# ---------------------------------------------------------------- headlines


STEPS = {"sector_size": N_("same sector group and size band"), "sector": N_("same sector group, any size"),
         "macro_sector": N_("same macro-sector, any size"), "all": N_("all reference cases")}


def step_text(step: str) -> str:
    return _(STEPS[step]) if step in STEPS else md.inline(step)


def ordinal(k: int) -> str:
    """'3rd' in English; the ordinal mark of the active language otherwise (3º, 3e, 3-е)."""
    if language() == "en":
        return f"{k}{'th' if 10 <= k % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th')}"
    return {"it": "{k}º", "nl": "{k}e", "ru": "{k}-е"}.get(language(), "{k}.").format(k=k)


def rule_text(f) -> str:
    """The peer rule in words ("sector NACE G (wholesale and retail trade), any size"), written again in the active
    language from what the analysis stored (extra "rule"); older findings print the analysis's English."""
    r = f.extra.get("rule")
    if not r:
        return str(f.value)
    if not r.get("sector"):
        return _(r["text"])
    group = (_("{group} (NACE {members})", group=_(r["group"]), members=" + ".join(r["members"]))
             if r["group"] != r["sector"] else
             _("NACE {section} ({name})", section=r["sector"], name=_(r["sector_name"])) if r.get("sector_name")
             else r["sector"])
    macro = r.get("macro") or ""  # smaa's macro-sector name is translated; a case's own (benchmark.macro_sectors) not
    return _(r["text"], group=group, band=r.get("band") or "", macro=_(macro) if macro in MACRO_SECTOR_NAMES else macro)


def _peer_sentence(ctx: Context) -> str:
    f = ctx.fs.findings["benchmark.peer_rule"]
    values = dict(client=md.inline(ctx.settings.client_name), rule=md.inline(rule_text(f)))
    tried = f.extra.get("tried", [])
    if f.extra.get("widened") and tried:
        first = tried[0]
        return n_("{client} is compared with {n} past case: {rule} (the first rule, {first}, left only {k}, fewer "
                  "than the {minimum} required).",
                  "{client} is compared with {n} past cases: {rule} (the first rule, {first}, left only {k}, fewer "
                  "than the {minimum} required).", f.n, first=step_text(first['step']), k=first['n'],
                  minimum=f.extra.get('n_peer_min', 5), **values)
    return n_("{client} is compared with {n} past case: {rule}.", "{client} is compared with {n} past cases: {rule}.",
              f.n, **values)


def _deviation(ctx: Context, r: dict) -> str:
    """The finding in words first (how unusual the company is on the metric), the rank and the test after."""
    m = r["metric"]
    values = dict(client=md.inline(ctx.settings.client_name), metric=md.inline(short(r)), rank=ordinal(r['rank']),
                  of=r['rank_of'], value=value_text(m, r['company']), median=value_text(m, r['peer_median']))
    if r["t"] is None:
        return _("{client} ranks {rank} of {of} on {metric} ({value} against a peer median of {median}).", **values)
    values.update(below=fmt.number(r['pct_below'], 0), t=fmt.number(r['t'], 2), df=r['df'], p=fmt.pvalue(r['p']))
    low, unusual = r["company"] < r["peer_median"], r["p"] < 0.05
    text = {
        (True, True): N_("On {metric}, {client} is unusually low for this peer group: it ranks {rank} of {of} "
                         "({value} against a peer median of {median}), and an estimated {below}% of comparable firms "
                         "score lower (Crawford–Howell t = {t}, df = {df}, one-tailed {p})."),
        (False, True): N_("On {metric}, {client} is unusually high for this peer group: it ranks {rank} of {of} "
                          "({value} against a peer median of {median}), and an estimated {below}% of comparable "
                          "firms score lower (Crawford–Howell t = {t}, df = {df}, one-tailed {p})."),
        (True, False): N_("On {metric}, {client} is low but not unusually so for this peer group: it ranks {rank} of "
                          "{of} ({value} against a peer median of {median}), and an estimated {below}% of comparable "
                          "firms score lower (Crawford–Howell t = {t}, df = {df}, one-tailed {p})."),
        (False, False): N_("On {metric}, {client} is high but not unusually so for this peer group: it ranks {rank} "
                           "of {of} ({value} against a peer median of {median}), and an estimated {below}% of "
                           "comparable firms score lower (Crawford–Howell t = {t}, df = {df}, one-tailed {p})."),
    }[(low, unusual)]
    return _(text, **values)


def _headlines(ctx: Context) -> list[str]:
    f = ctx.fs.findings["benchmark.peer_rule"]
    out = [card(str(f.n), _("peers"), _peer_sentence(ctx))]
    tested = sorted((r for r in _rows(ctx) if r["t"] is not None), key=lambda r: r["pct_below"])
    if tested and tested[0]["pct_below"] < 50:
        low = tested[0]
        out.append(card(_("{rank} of {of}", rank=ordinal(low['rank']), of=low['rank_of']),
                        _("furthest below peers · {metric}", metric=md.inline(short(low))), _deviation(ctx, low)))
    if tested and tested[-1]["pct_below"] > 50:
        high = tested[-1]
        out.append(card(_("{rank} of {of}", rank=ordinal(high['rank']), of=high['rank_of']),
                        _("furthest above peers · {metric}", metric=md.inline(short(high))), _deviation(ctx, high)))
    if _rows(ctx) and not tested:
        out.append(card("–", _("no statistics"), _("With {n} peers the method shows values only: ranks and tests need "
                                                   "at least 5 reference cases with the metric.", n=f.n)))
    org = _org(ctx)
    if org:
        out.append(card(org[0], _("share the model"), org[1]))
    missing = _not_benchmarked(ctx)
    if missing:
        out.append(card(str(len(missing)), _("metrics not benchmarked"),
                        f"{md.inline(words([m for m, _why in missing]))}: {md.inline(missing[0][1])}."))
    return out


def org_numbers(ctx: Context) -> tuple[int, int, str, dict] | None:
    """(peers sharing the company's model, peers, the model, the most common model's row)."""
    t = ctx.fs.tables.get("benchmark.org_model")
    model = ctx.settings.engagement.org_model
    if not t or not t.rows or not model:
        return None
    mine = next((r for r in t.rows if r["company"] == "yes"), None)
    return (mine["n"] if mine else 0), sum(r["n"] for r in t.rows), model, max(t.rows, key=lambda r: r["n"])


def _org(ctx: Context) -> tuple[str, str] | None:
    nums = org_numbers(ctx)
    if nums is None:
        return None
    k, n, model, common = nums
    values = dict(k=k, client=md.inline(ctx.settings.client_name), model=model_text(model))
    text = (n_("{k} of the {n} peer share {client}'s {model} organisational model.",
               "{k} of the {n} peers share {client}'s {model} organisational model.", n, **values)
            if common["org_model"] == model else
            n_("{k} of the {n} peer share {client}'s {model} organisational model; the most common is {common} "
               "({common_n}).", "{k} of the {n} peers share {client}'s {model} organisational model; the most common "
               "is {common} ({common_n}).", n, common=model_text(common['org_model']), common_n=common['n'], **values))
    return _("{k} of {n}", k=k, n=n), text


# ---------------------------------------------------------------- metrics: strip plot and table


def _strip_title(ctx: Context, rows: list[dict]) -> str:
    client = ctx.settings.client_name
    with_iqr = [r for r in rows if r["q1"] is not None]
    below = {r["metric"] for r in with_iqr if r["company"] < r["q1"]}
    above = {r["metric"] for r in with_iqr if r["company"] > r["q3"]}
    worse = lambda m: (m in above) if m in LOWER_IS_BETTER else (m in below)  # noqa: E731
    lows = [short(r) for r in with_iqr if r["metric"] in below | above and worse(r["metric"])]
    highs = [short(r) for r in with_iqr if r["metric"] in below | above and not worse(r["metric"])]
    if not with_iqr:
        return _("{client} against each peer, metric by metric", client=client)
    if not lows and not highs:
        return _("{client} sits within the middle half of its peers on every metric", client=client)
    if lows and highs:
        return _("{client} trails its peers on {low} and is ahead on {high}", client=client, low=words(lows),
                 high=words(highs))
    if lows:
        return _("{client} trails its peers on {low}", client=client, low=words(lows))
    return _("{client} is ahead on {high}", client=client, high=words(highs))


def _strip(ctx: Context) -> str:
    rows = _rows(ctx)
    if not rows:
        return ""
    labels = {r["metric"]: _(AXIS[r["metric"]]) if r["metric"] in AXIS else r["metric_label"] for r in rows}
    order = [labels[r["metric"]] for r in rows]
    peers = [{**p, "metric_label": labels[p["metric"]]} for p in ctx.fs.tables["benchmark.peers"].rows
             if p["metric"] in labels]
    summary = [{"metric_label": labels[r["metric"]], "q1": r["q1"], "median": r["peer_median"], "q3": r["q3"],
                "company": r["company"], "label": fmt.number(r["company"], 2)} for r in rows]
    n = ctx.fs.findings["benchmark.n_peers"].value
    client = ctx.settings.client_name
    sub = [_("Grey dots: the {n} peers · light bar: their middle half", n=n),
           _("Tick: peer median · ◆ {client}", client=client)]
    spec = lambda: charts.strip(peers, "metric_label", "value", "role", title=_strip_title(ctx, rows),  # noqa: E731
                                subtitle=sub, value_title=_("Index or share (0–1)"), summary=summary, order=order)
    # the data table names metrics in words, not by the reference file's ids
    t = ctx.fs.tables["benchmark.peers"]
    roles = {"peer": _("peer"), "company": client}
    data = replace(t, rows=[{**p, "metric": labels.get(p["metric"], p["metric"]), "role": roles.get(p["role"], p["role"]),
                             "case_id": client if p["case_id"] == "company" else p["case_id"]} for p in t.rows])
    return ctx.chart("benchmark-strip", spec, _("Strip plot per metric: each peer as a grey dot, the peer median as a "
                                                "tick, the middle half of the peers as a bar, and {client} as a blue "
                                                "diamond with its value.", client=client),
                     _("{client} against its {n} peers on each metric (0–1 scale). Peers are past cases, shown under "
                       "pseudonyms.", client=client, n=n), data)


def _table(ctx: Context) -> str:
    out, with_pr = [], any(r["pr"] is not None for r in _rows(ctx))
    for r in _rows(ctx):
        m = r["metric"]
        iqr = "–" if r["q1"] is None else f"{value_text(m, r['q1'], True)}–{value_text(m, r['q3'], True)}"
        pr = "–" if r["pr"] is None else fmt.number(r["pr"], 1 if r["n"] >= 30 else 0)
        rank = "–" if r["rank"] is None else _("{k} of {n}", k=r['rank'], n=r['rank_of'])
        t = "–" if r["t"] is None else f"{fmt.number(r['t'], 2)} ({r['df']})"
        p = "–" if r["p"] is None else fmt.pvalue(r["p"]).replace("p = ", "").replace("p ", "")
        out.append([md.inline(metric_label(r)), value_text(m, r["company"], True),
                    value_text(m, r["peer_median"], True), iqr] + ([pr] if with_pr else [])
                   + [rank, t, p, str(r["n"])])
    client = md.inline(ctx.settings.client_name)
    head = [_("Metric"), client, _("Peer median"), _("Peer IQR")] + ([_("Percentile")] if with_pr else []) + [
        _("Rank (1 = highest)"), _("Crawford–Howell t (df)"), _("One-tailed p"), _("Peers (n)")]
    return md.table(head, out, ["left"] + ["right"] * (len(head) - 1))


def _rules(ctx: Context) -> str:
    ns = sorted({r["n"] for r in _rows(ctx)})
    n_text = words([str(n) for n in ns]) if ns else "0"
    rules = _("How much is shown depends on how many peers have the metric [SMAA convention]: fewer than 5 — values "
              "only; 5 to 9 — rank and the Crawford–Howell test, no percentile; 10 to 29 — percentile rounded to the "
              "nearest 5; 30 or more — percentile to one decimal.")
    here = (_("Here n = {n}, so no percentile is shown.", n=n_text) if ns and max(ns) < 10 else
            _("Here n = {n}.", n=n_text))
    test = _("The Crawford–Howell (1998) modified t treats the peers as a small sample rather than a population, so "
             "it does not overstate how unusual one company is; p is one-tailed in the direction of the company's "
             "deviation, and the “estimated % below” is the share of the peer population expected to score lower.")
    return md.admonition("info", _("Rules for small reference sets"), f"{rules} {here} {test}")


# ---------------------------------------------------------------- peer rule and organisational model


def _peer_group(ctx: Context) -> str:
    f = ctx.fs.findings["benchmark.peer_rule"]
    rows = [[capital(step_text(s["step"])), str(s["n"]),
             _("used") if s["step"] == f.extra.get("step") else _("too few")] for s in f.extra.get("tried", [])]
    return ("## " + _("Peer group") + "\n\n" + _peer_sentence(ctx) + " "
            + _("Past clients are never named: peers appear as P01, P02, … A peer group needs at least {n} cases "
                "[SMAA convention]; the rule is widened in a fixed order until it has them.",
                n=f.extra.get('n_peer_min', 5)) + "\n\n"
            + md.table([_("Rule tried"), _("Cases"), _("Result")], rows, ["left", "right", "left"]))


def _org_chart(ctx: Context) -> str:
    t = ctx.fs.tables.get("benchmark.org_model")
    if not t or not t.rows:
        return ""
    rows = [{"model": model_name(r["org_model"]), "n": r["n"], "is_company": r["company"] == "yes",
             "label": f"{r['n']} ({fmt.percent(r['share'] / 100)})"} for r in t.rows]
    nums = org_numbers(ctx)
    client = ctx.settings.client_name
    title = (n_("{k} of the {n} peer share {client}'s {model} model", "{k} of the {n} peers share {client}'s {model} model",
                nums[1], k=nums[0], client=client, model=model_name(nums[2])) if nums
             else _("Organisational models of the peers"))
    spec = lambda: whole_numbers(charts.bars(rows, "model", "n", title=title, value_title=_("Peers (n)"),  # noqa: E731
                                             label="label", highlight="is_company" if nums else None,
                                             sort=[r["model"] for r in sorted(rows, key=lambda r: (-r["n"], r["model"]))]),
                                  "n")
    # the analysis stores the share as 0-100; the table renderer expects a 0-1 share for "percent" columns
    data = Table(t.key, t.label, t.columns, [{**r, "share": r["share"] / 100, "org_model": model_name(r["org_model"])}
                                             for r in t.rows], n=t.n)
    return "## " + _("Organisational model") + "\n\n" + ctx.chart(
        "benchmark-org-model", spec, _("Bar chart of the number of peers per organisational model; {client}'s model "
                                       "is highlighted in blue.", client=client),
        _("Organisational model of social-media work among the {n} peers (Owyang/Altimeter typology); {client}'s "
          "model in blue.", n=t.n, client=client), data)


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
    title = _("Benchmarking")
    parts = [f"# {title}\n"]
    if not ctx.has("benchmark.peer_rule"):
        parts.append(ctx.not_computed("benchmark.peer_rule", title))
        return Page("benchmark", title, "\n".join(parts))
    client = md.inline(ctx.settings.client_name)
    parts += [md.cards(_headlines(ctx)), ctx.story("benchmark")]
    if _rows(ctx):
        parts += ["## " + _("How {client} compares", client=client) + "\n", _strip(ctx), _table(ctx), _rules(ctx)]
    missing = _not_benchmarked(ctx)
    if missing:
        parts.append(_("Not benchmarked: {metrics}.", metrics="; ".join(f"{md.inline(m)} ({md.inline(why)})"
                                                                       for m, why in missing)) + "\n")
    parts += [_peer_group(ctx), _org_chart(ctx)]
    body = "\n".join(p for p in parts if p)
    return Page("benchmark", title, body + glossary(body))
