"""Resilience of the method (methods.md M11): how the SMI-value answer would change if it were measured another
reasonable way. Answer first (the verdict in plain words, the choice that matters most, the joint test, how many
specifications are significant, rank stability for brands), then the specification curve with its dashboard of
choices, η² and one-at-a-time ranges, the τ-b distribution and how the multiverse was built. Every sentence is a
template over the resilience findings; what could not be computed says why."""

from __future__ import annotations

from ..base import format as fmt
from ..base import markdown as md
from . import charts as rc
from ..chapter1.common import card, gap_card, words
from ..base.context import Context, Page

SECTION = "resilience"
# Option names short enough for a phone's dashboard rows
SHORT_FACTOR = {"scorer": "Scorer", "window": "Period", "statistic": "Statistic", "retweets": "Retweets",
                "brand_posts": "Brand posts", "outliers": "Extremes", "weighting": "Votes", "entity": "Brand",
                "lag": "Lag"}
SHORT_OPTION = {"export's own score": "export", "human labels": "labels", "mean score": "mean",
                "median score": "median", "share negative": "% negative", "net sentiment": "net",
                "winsorised 1%": "winsorised", "one post one vote": "per post", "one author one vote": "per author",
                "same period": "0", "SMI 1 period ahead": "+1", "SMI 2 periods ahead": "+2",
                "SMI 3 periods ahead": "+3", "fieldwork window": "fieldwork"}


def _f(ctx: Context, key: str):
    return ctx.fs.findings.get(key)


def _setup(ctx: Context) -> dict:
    return _f(ctx, "resilience.setup").extra


def _sym(ctx: Context) -> str:
    return "ρ" if _f(ctx, "resilience.setup").value == "spearman_rho" else "r"


def _r(v) -> str:
    return fmt.number(v, 2)


def _p(p: float) -> str:
    """A joint p to 3 decimals: its smallest values sit just below 0.05 and must not print as 0.05."""
    return "p &lt; 0.001" if p < 0.001 else f"p = {p:.3f}"


def _trad(ctx: Context) -> str:
    return md.inline(_setup(ctx).get("traditional") or "the traditional indicator")


def _option_labels(ctx: Context) -> dict:
    """(factor, level as text) -> readable option; factor -> readable factor."""
    out = {}
    for lv in _setup(ctx).get("levels", []):
        out[(lv["factor"], str(lv["level"]))] = lv["label"]
        out[lv["factor"]] = lv["factor_label"]
    return out


def _unit_words(ctx: Context, n: int) -> str:
    cross = _setup(ctx).get("design") == "cross_section"
    return ("brand" if cross else "period") + ("" if n == 1 else "s")


# ---------------------------------------------------------------- headline cards


def _verdict_card(ctx: Context) -> str:
    base, same, verdict = (_f(ctx, k) for k in ("resilience.baseline", "resilience.same_sign", "resilience.verdict"))
    if base.value is None or same is None or same.value is None:
        return gap_card(ctx, "resilience.median", "verdict")
    n, k, sym = same.n, same.extra["count"], _sym(ctx)
    med = _f(ctx, "resilience.median")
    spread = (f" {sym} runs from {_r(med.extra['min'])} to {_r(med.extra['max'])}; the value chapter's own measure "
              f"gives {_r(base.value)}.")
    holds = f"The link between social sentiment and {_trad(ctx)} holds in {k} of {n} ways of measuring it " \
            f"({fmt.percent(same.value)})"
    if verdict.value is None:
        return card("–", f"no verdict · {n} specifications",
                    f"{holds}, but {md.text(verdict.reason).rstrip('.')}.{spread}")
    joint = _f(ctx, "resilience.joint_p")
    p = f" and the joint test rules out chance ({_p(joint.value)})" if verdict.value == "Robust" else ""
    return card(md.inline(verdict.value), f"verdict · {n} specifications",
                f"{holds}{p}: {md.inline(verdict.value.lower())}.{spread}")


def _factor_card(ctx: Context) -> str:
    top = _f(ctx, "resilience.top_factor")
    if top is None or top.value is None:
        return gap_card(ctx, "resilience.top_factor", "choice that matters most")
    sym, x = _sym(ctx), top.extra
    oat = _f(ctx, f"resilience.oat.{x['factor']}")
    rows = ctx.fs.tables["resilience.factors"].rows
    moves = ""
    if oat is not None and oat.value is not None:
        row = next(r for r in rows if r["factor"] == x["factor"])
        moves = f": on its own it moves {sym} from {_r(row['oat_min'])} to {_r(row['oat_max'])}"
    minor = [r["label"].lower() for r in rows if r["eta2"] is not None and r["eta2"] < 0.05]
    tail = (f" {md.inline(words(minor)).capitalize()} hardly matter{'s' if len(minor) == 1 else ''} "
            "(η² &lt; 5%)." if minor else "")
    return card(md.inline(top.value), "choice that matters most",
                f"{md.inline(top.value)} accounts for {fmt.percent(x['eta2'])} of the variation between "
                f"specifications (η²){moves}.{tail}")


def _joint_card(ctx: Context) -> str:
    joint = _f(ctx, "resilience.joint_p")
    if joint is None or joint.value is None:
        return gap_card(ctx, "resilience.joint_p", "joint test")
    x, sym = joint.extra, _sym(ctx)
    null = x["draws"] - 1
    how = (f"{null} random re-pairings of brands and survey" if x["method"].startswith("permutations") else
           f"{null} shifts of the SMI series in time (same autocorrelation, link broken)")
    reach = round(joint.value * x["draws"]) - 1
    floor = f" {fmt.number(x['min_p'], 3)} is the smallest p that {x['draws']} alignments allow." if reach == 0 else ""
    return card(_p(joint.value), f"joint test · {null} null alignments",
                f"Over {how}, the median |{sym}| is {_r(x['null_median_abs_median'])} against "
                f"{_r(x['observed_median_abs'])} observed; {reach if reach else 'none'} of them reach"
                f"{'es' if reach == 1 else ''} it.{floor}")


def _significance_card(ctx: Context) -> str:
    sig = _f(ctx, "resilience.significant")
    if sig is None or sig.value is None:
        return gap_card(ctx, "resilience.significant", "significant specifications")
    x = sig.extra
    sign = "positive" if x["direction"] > 0 else "negative"
    return card(f"{x['count']} of {sig.n}", f"significant · p &lt; {fmt.number(x['alpha'], 2)}",
                f"{x['count']} of {sig.n} specifications ({fmt.percent(sig.value)}) find a significant {sign} "
                f"{_sym(ctx)}, the dominant direction, each on its own test.")


def _rank_card(ctx: Context) -> str | None:
    med, low, top = (_f(ctx, f"resilience.rank.{k}") for k in ("tau_median", "tau_min", "top1"))
    if _setup(ctx).get("design") != "cross_section" or med is None:
        return None
    if med.value is None:
        return gap_card(ctx, "resilience.rank.tau_median", "rank stability")
    return card(f"τ = {_r(med.value)}", "rank stability of the brands",
                f"The specifications order the brands like the baseline with a median Kendall τ-b of "
                f"{_r(med.value)} (lowest {_r(low.value)}); {fmt.percent(top.value)} keep "
                f"{md.inline(top.extra['top'])} as the best-rated brand.")


def headlines(ctx: Context) -> list[str]:
    if "resilience.setup" not in ctx.fs.findings:
        return []
    cards = [_verdict_card(ctx), _factor_card(ctx), _joint_card(ctx), _significance_card(ctx), _rank_card(ctx)]
    return [c for c in cards if c]


def _warnings(ctx: Context) -> str:
    out = []
    joint, th = _f(ctx, "resilience.joint_p"), _f(ctx, "resilience.verdict")
    robust_p = (th.extra.get("thresholds") or {}).get("robust_p", 0.05) if th is not None else 0.05
    if joint is not None and joint.value is not None and joint.extra["min_p"] >= robust_p:
        out.append(md.admonition("warning", "Too few alignments for a Robust verdict",
                                 f"With {joint.extra['draws']} alignments the smallest attainable joint p is "
                                 f"{fmt.number(joint.extra['min_p'], 3)}, not below {fmt.number(robust_p, 2)}: "
                                 "however strong the link, the verdict cannot be Robust on this series."))
    if joint is not None and joint.value is None and joint.reason:
        out.append(md.admonition("warning", "No joint test", md.text(joint.reason).rstrip(".") + "."))
    return "\n".join(out)


# ---------------------------------------------------------------- evidence


def _curve(ctx: Context) -> str:
    t = ctx.fs.tables["resilience.curve"]
    setup, sym, labels = _setup(ctx), _sym(ctx), _option_labels(ctx)
    shown = [r for r in t.rows if r["rank"] is not None]
    if not shown:
        return ""
    curve = [{k: r[k] for k in ("rank", "spec", "estimate", "ci_low", "ci_high", "significant", "baseline",
                                "differs")} | {"label": _estimate_text(sym, r)} for r in shown]
    options = [f"{labels[f]}: {labels[(f, str(lv))]}" for f in setup["varied"] for lv in setup["choices"][f]]
    shading = [i % 2 == 1 for i, f in enumerate(setup["varied"]) for _ in setup["choices"][f]]
    short = {f"{labels[f]}: {labels[(f, str(lv))]}":
             f"{SHORT_FACTOR[f]}: {SHORT_OPTION.get(labels[(f, str(lv))], labels[(f, str(lv))])}"
             for f in setup["varied"] for lv in setup["choices"][f]}
    dash = [{"rank": r["rank"], "spec": r["spec"], "baseline": r["baseline"],
             "option": f"{labels[f]}: {labels[(f, str(r[f]))]}"} for r in shown for f in setup["varied"]]
    n = len(shown)
    flips = sum(1 for r in shown if (r["estimate"] > 0) != (_f(ctx, "resilience.baseline").value > 0))
    lo, hi = shown[0]["estimate"], shown[-1]["estimate"]
    title = (f"{sym} stays between {_r(lo)} and {_r(hi)} in all {n} specifications" if not flips else
             f"{sym} changes sign in {flips} of {n} specifications")
    subtitle = ("Sorted; filled dot: p < 0.05; line: 95% CI" if any(r["ci_low"] is not None for r in shown) else
                f"Sorted; no interval or test on fewer than 6 {_unit_words(ctx, 2)}")
    spec = lambda: rc.spec_curve(curve, dash, options, shading, title=title, y_title=f"Estimate ({sym})",  # noqa: E731
                                 short=short, subtitle=subtitle)
    units = max(r["n"] for r in shown)
    intervals = (f"Intervals: Fisher z with the number of {_unit_words(ctx, 2)}; the joint test, not these "
                 "intervals, allows for autocorrelation. " if "line: 95% CI" in subtitle else "")
    return ctx.chart("resilience-curve", spec,
                     f"Specification curve: {sym} for each of {n} specifications, sorted from lowest to highest, "
                     "with 95% confidence intervals; below, a grid marks the options each specification uses; the "
                     "baseline is highlighted.",
                     f"Specification curve (n = {n} specifications, each on up to {units} "
                     f"{_unit_words(ctx, units)}). {intervals}Baseline in blue.", t,
                     ["rank", "spec", "estimate", "ci_low", "ci_high", "p", "n", "differs"])


def _estimate_text(sym: str, r: dict) -> str:
    ci = f" (95% CI {_r(r['ci_low'])} to {_r(r['ci_high'])})" if r["ci_low"] is not None else ""
    return f"{sym} = {_r(r['estimate'])}{ci}"


def _factors(ctx: Context) -> str:
    t = ctx.fs.tables.get("resilience.factors")
    if t is None or not t.rows:
        return ""
    rows = [{"label": r["label"], "eta2": r["eta2"] or 0.0, "text": fmt.percent(r["eta2"]) if r["eta2"] is not None
             else "–", "top": i == 0} for i, r in enumerate(t.rows)]
    title = f"{t.rows[0]['label']} drives most of the differences between specifications"
    chart = ctx.chart("resilience-eta2", lambda: rc.eta_bars(rows, title=title),
                      "Bar chart of the share of the variation between specifications explained by each choice (η²).",
                      f"η² per choice from the main effects over all {_f(ctx, 'resilience.n_specs').value} "
                      "specifications; with constraints the grid is not fully balanced, so shares need not add up "
                      "to 100%.", t, ["label", "eta2"])
    oat = ("One choice at a time, every other choice at its baseline (the range is how far that choice alone moves "
           f"the estimate):\n\n{ctx.table_md(t, ['label', 'levels', 'oat_min', 'oat_max', 'oat_range'])}\n")
    detail = md.admonition("info", "Each option with the rest at baseline", ctx.table_md("resilience.oat"), True)
    return "## Which choices matter\n\n" + chart + oat + detail


def _ranks(ctx: Context) -> str:
    t = ctx.fs.tables.get("resilience.rank")
    if t is None or not t.rows or _f(ctx, "resilience.rank.tau_median").value is None:
        return ""
    counts: dict = {}
    for r in t.rows:
        if r["tau"] is not None:
            counts[round(r["tau"], 2)] = counts.get(round(r["tau"], 2), 0) + 1
    rows = [{"tau_text": _r(tau), "n": n} for tau, n in sorted(counts.items())]
    med = _f(ctx, "resilience.rank.tau_median").value
    title = f"Half the specifications rank the brands with τ-b ≥ {_r(med)} against the baseline"
    return "## Does the ranking of the brands hold?\n\n" + ctx.chart(
        "resilience-tau", lambda: rc.tau_bars(rows, title=title),
        "Bar chart: number of specifications for each Kendall τ-b between their ranking of the brands and the "
        "baseline's.", f"Kendall τ-b with the baseline ranking (n = {len(t.rows)} specifications; τ = 1 is the "
        "same order, −1 the reverse). Brands are ranked best first on each specification's statistic.", t)


def _method(ctx: Context) -> str:
    s, labels = _setup(ctx), _option_labels(ctx)
    order = list(dict.fromkeys(lv["factor"] for lv in s.get("levels", [])))
    order = [f for f in order if f in s["varied"]] + [f for f in order if f not in s["varied"]]
    rows = []
    for f in [f for f in order if s["choices"][f] != [None]]:
        opts = [labels[(f, str(lv))] + (" (baseline)" if lv == s["baseline"][f] else "") for lv in s["choices"][f]]
        why = next((n.split(": ", 1)[1] for n in s.get("notes", []) if n.startswith(f + ":")), "")
        rows.append([md.cell(labels[f]), md.cell(", ".join(opts)), md.cell(why or "compared")])
    n_specs, total = _f(ctx, "resilience.n_specs").value, s["combinations"]
    dropped = ctx.fs.tables["resilience.dropped"]
    left = (f"Of the {total} combinations of these options, {total - n_specs} were left out as invalid or "
            f"redundant (Simonsohn, Simmons & Nelson 2020):\n\n{ctx.table_md(dropped)}\n" if dropped.rows else
            f"All {total} combinations of these options were computed.\n")
    th = (_f(ctx, "resilience.verdict").extra or {}).get("thresholds") or {}
    verdict = ("" if not th else f"Verdict [SMAA convention]: Robust when at least "
               f"{fmt.percent(th['robust_same_sign'])} of specifications keep the baseline's sign and the joint p "
               f"is below {fmt.number(th['robust_p'], 2)}; Fragile when the sign flips in more than "
               f"{fmt.percent(th['fragile_flip'])} of them or the joint p is {fmt.number(th['fragile_p'], 2)} or "
               "more; Moderately robust otherwise. ")
    body = ("Every specification is computed from post level exactly as the SMI-value chapter does (the baseline "
            "is that chapter's own measure), changing only the choices below.\n\n"
            + md.table(["Choice", "Options", "Note"], rows, ["left", "left", "left"]) + f"\n{left}\n"
            + "A share of negative posts is turned round (fewer negatives = better) so that every statistic "
            "points the same way as the baseline's. " + verdict + "The joint test (specification-curve test) "
            "recomputes the whole curve under every null alignment of the two series — circular shifts of the SMI "
            "series for periods (none closer than the largest lag, which would re-create a real alignment), "
            "permutations for brands — and reports the share of alignments, the observed one included, whose "
            "median |estimate| is at least the observed one (Steegen et al. 2016; Simonsohn, Simmons & Nelson "
            "2020).")
    return "## How the alternatives were built\n\n" + md.admonition("info", "Method", body)


def build(ctx: Context) -> Page | None:
    if "resilience.setup" not in ctx.fs.findings:
        return None
    parts = ["# Resilience of the method\n", md.cards(headlines(ctx)), _warnings(ctx), ctx.story(SECTION),
             "## Every reasonable way of measuring\n", _curve(ctx), _factors(ctx), _ranks(ctx), _method(ctx)]
    return Page(SECTION, "Resilience", "\n".join(p for p in parts if p))
