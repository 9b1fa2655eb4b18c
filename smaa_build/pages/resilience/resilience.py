"""Resilience of the method (methods.md M11): how the SMI-value answer would change if it were measured another
reasonable way. Answer first (the verdict in plain words, the choice that matters most, the joint test, how many
specifications are significant, rank stability for brands), then the specification curve with its dashboard of
choices, η² and one-at-a-time ranges, the τ-b distribution and how the multiverse was built. Every sentence is a
whole message of the `resilience` catalogue over the resilience findings; what could not be computed says why."""

from __future__ import annotations

from dataclasses import replace

from ...i18n import N_, _, language, n_
from ..base import format as fmt
from ..base import markdown as md
from . import charts as rc
from ..chapter1.common import card
from ..base.context import Context, Page
from ..value.common import glossary, listing
from .words import FACTOR_WORDS, LEVEL_WORDS, VERDICTS, reason_text, word

SECTION = "resilience"
# Option names short enough for a phone's dashboard rows
SHORT_FACTOR = {"scorer": N_("Scorer"), "window": N_("Period"), "statistic": N_("Statistic"),
                "retweets": N_("Retweets"), "brand_posts": N_("Brand posts"), "outliers": N_("Extremes"),
                "weighting": N_("Votes"), "entity": N_("Brand"), "lag": N_("Lag")}
SHORT_OPTION = {"export's own score": N_("export"), "human labels": N_("labels"), "mean score": N_("mean"),
                "median score": N_("median"), "share negative": N_("% negative"), "net sentiment": N_("net"),
                "winsorised 1%": N_("winsorised"), "one post one vote": N_("per post"),
                "one author one vote": N_("per author"), "same period": "0", "SMI 1 period ahead": "+1",
                "SMI 2 periods ahead": "+2", "SMI 3 periods ahead": "+3", "fieldwork window": N_("fieldwork")}
GLOSSARY = [(N_("specifications"), N_("Specifications: the reasonable ways of measuring the same link, one per "
                                      "combination of choices")),
            (N_("baseline"), N_("Baseline: the way the SMI-value chapter itself measures the link")),
            (N_("joint test"), N_("Joint test: how often chance alignments of the two series give a link as strong "
                                  "as the observed one")),
            (N_("CI"), N_("Confidence interval: the range the true value lies in with 95% confidence"))]


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
    return "p &lt; " + fmt.localise("0.001") if p < 0.001 else "p = " + fmt.localise(f"{p:.3f}")


def _trad(ctx: Context) -> str:
    return md.inline(_setup(ctx).get("traditional") or _("the traditional indicator"))


def _option_labels(ctx: Context) -> dict:
    """(factor, level as text) -> readable option; factor -> readable factor (in the client's language)."""
    out = {}
    for lv in _setup(ctx).get("levels", []):
        out[(lv["factor"], str(lv["level"]))] = word(LEVEL_WORDS, lv["label"])
        out[lv["factor"]] = word(FACTOR_WORDS, lv["factor_label"])
    return out


def _units(ctx: Context, n: int) -> str:
    """'24 periods', '6 brands'."""
    if _setup(ctx).get("design") == "cross_section":
        return n_("{n} brand", "{n} brands", n)
    return n_("{n} period", "{n} periods", n)


def _unit_plural(ctx: Context) -> str:
    return _("brands") if _setup(ctx).get("design") == "cross_section" else _("periods")


def _gap_card(ctx: Context, key: str, label: str) -> str:
    """A headline slot that could not be filled: a dash and the plain reason."""
    x = _f(ctx, key)
    reason = reason_text(x.reason) if x is not None and x.reason else _("the data needed for it are not in this case")
    return card("–", label, _("Not computed: {reason}.", reason=md.text(reason).rstrip(".")))


# ---------------------------------------------------------------- headline cards


def _verdict_card(ctx: Context) -> str:
    base, same, verdict = (_f(ctx, k) for k in ("resilience.baseline", "resilience.same_sign", "resilience.verdict"))
    if base.value is None or same is None or same.value is None:
        return _gap_card(ctx, "resilience.median", _("verdict"))
    n, k, sym = same.n, same.extra["count"], _sym(ctx)
    med = _f(ctx, "resilience.median")
    spread = " " + _("{sym} runs from {low} to {high}; the value chapter's own measure gives {base}.", sym=sym,
                     low=_r(med.extra["min"]), high=_r(med.extra["max"]), base=_r(base.value))
    holds = _("The link between social sentiment and {trad} holds in {k} of {n} ways of measuring it ({share})",
              trad=_trad(ctx), k=k, n=n, share=fmt.percent(same.value))
    if verdict.value is None:
        return card("–", n_("no verdict · {n} specification", "no verdict · {n} specifications", n),
                    _("{holds}, but {reason}.", holds=holds, reason=md.text(reason_text(verdict.reason)).rstrip("."))
                    + spread)
    name = md.inline(word(VERDICTS, verdict.value))
    if verdict.value == "Robust":
        joint = _f(ctx, "resilience.joint_p")
        text = _("{holds} and the joint test rules out chance ({p}): {verdict}.", holds=holds, p=_p(joint.value),
                 verdict=name.lower())
    else:
        text = _("{holds}: {verdict}.", holds=holds, verdict=name.lower())
    return card(name, n_("verdict · {n} specification", "verdict · {n} specifications", n), text + spread)


def _factor_card(ctx: Context) -> str:
    top = _f(ctx, "resilience.top_factor")
    if top is None or top.value is None:
        return _gap_card(ctx, "resilience.top_factor", _("choice that matters most"))
    sym, x = _sym(ctx), top.extra
    oat = _f(ctx, f"resilience.oat.{x['factor']}")
    rows = ctx.fs.tables["resilience.factors"].rows
    name = md.inline(word(FACTOR_WORDS, top.value))
    if oat is not None and oat.value is not None:
        row = next(r for r in rows if r["factor"] == x["factor"])
        text = _("{choice} accounts for {share} of the variation between specifications (η²): on its own it moves "
                 "{sym} from {low} to {high}.", choice=name, share=fmt.percent(x["eta2"]), sym=sym,
                 low=_r(row["oat_min"]), high=_r(row["oat_max"]))
    else:
        text = _("{choice} accounts for {share} of the variation between specifications (η²).", choice=name,
                 share=fmt.percent(x["eta2"]))
    minor = [_lower_first(word(FACTOR_WORDS, r["label"])) for r in rows if r["eta2"] is not None and r["eta2"] < 0.05]
    if minor:
        listed = md.inline(listing(minor))
        text += " " + n_("{choices} hardly matters (η² &lt; 5%).", "{choices} hardly matter (η² &lt; 5%).",
                         len(minor), choices=listed[:1].upper() + listed[1:])
    return card(name, _("choice that matters most"), text)


def _joint_card(ctx: Context) -> str:
    """The finding in words first (is the link beyond chance?), the joint p after it."""
    joint = _f(ctx, "resilience.joint_p")
    if joint is None or joint.value is None:
        return _gap_card(ctx, "resilience.joint_p", _("joint test"))
    x, sym = joint.extra, _sym(ctx)
    null = x["draws"] - 1
    how = (n_("{n} random re-pairing of brands and survey", "{n} random re-pairings of brands and survey", null)
           if x["method"].startswith("permutations") else
           n_("{n} shift of the SMI series in time (same autocorrelation, link broken)",
              "{n} shifts of the SMI series in time (same autocorrelation, link broken)", null))
    reach = round(joint.value * x["draws"]) - 1
    reached = (_("none of them reach it") if not reach else
               n_("{n} of them reaches it", "{n} of them reach it", reach))
    text = _("Over {how}, the median |{sym}| is {null_median} against {observed} observed; {reached} ({p}).",
             how=how, sym=sym, null_median=_r(x["null_median_abs_median"]), observed=_r(x["observed_median_abs"]),
             reached=reached, p=_p(joint.value))
    if reach == 0:
        text += " " + _("{p} is the smallest p that {n} alignments allow.", p=fmt.number(x["min_p"], 3), n=x["draws"])
    th = (_f(ctx, "resilience.verdict").extra or {}).get("thresholds") or {}
    beyond = joint.value < th.get("robust_p", 0.05)
    return card(_("Beyond chance") if beyond else _("Could be chance"),
                n_("joint test · {n} null alignment", "joint test · {n} null alignments", null), text)


def _significance_card(ctx: Context) -> str:
    sig = _f(ctx, "resilience.significant")
    if sig is None or sig.value is None:
        return _gap_card(ctx, "resilience.significant", _("significant specifications"))
    x = sig.extra
    args = dict(k=x["count"], n=sig.n, share=fmt.percent(sig.value), sym=_sym(ctx))
    text = (_("{k} of {n} specifications ({share}) find a significant positive {sym}, the dominant direction, each on "
              "its own test.", **args) if x["direction"] > 0 else
            _("{k} of {n} specifications ({share}) find a significant negative {sym}, the dominant direction, each on "
              "its own test.", **args))
    return card(_("{k} of {n}", k=x["count"], n=sig.n),
                _("significant · p &lt; {alpha}", alpha=fmt.number(x["alpha"], 2)), text)


def _rank_card(ctx: Context) -> str | None:
    """The finding in words first (how many keep the same best brand), Kendall's τ-b after it."""
    med, low, top = (_f(ctx, f"resilience.rank.{k}") for k in ("tau_median", "tau_min", "top1"))
    if _setup(ctx).get("design") != "cross_section" or med is None:
        return None
    if med.value is None:
        return _gap_card(ctx, "resilience.rank.tau_median", _("rank stability"))
    brand = md.inline(top.extra["top"])
    return card(fmt.percent(top.value), _("rank stability of the brands"),
                _("{share} of the specifications keep {brand} as the best-rated brand. They order the brands like the "
                  "baseline with a median Kendall τ-b of {tau} (lowest {low}).", share=fmt.percent(top.value),
                  brand=brand, tau=_r(med.value), low=_r(low.value)))


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
        out.append(md.admonition("warning", _("Too few alignments for a Robust verdict"),
                                 _("With {n} alignments the smallest attainable joint p is {p}, not below {alpha}: "
                                   "however strong the link, the verdict cannot be Robust on this series.",
                                   n=joint.extra["draws"], p=fmt.number(joint.extra["min_p"], 3),
                                   alpha=fmt.number(robust_p, 2))))
    if joint is not None and joint.value is None and joint.reason:
        out.append(md.admonition("warning", _("No joint test"), md.text(reason_text(joint.reason)).rstrip(".") + "."))
    return "\n".join(out)


# ---------------------------------------------------------------- evidence


CURVE_COLUMNS = {"rank": N_("Rank"), "spec": N_("Specification"), "estimate": N_("Estimate"),
                 "ci_low": N_("95% CI low"), "ci_high": N_("95% CI high"), "p": N_("p"), "n": N_("n"),
                 "differs": N_("Differs from the baseline in")}


def _curve_table(ctx: Context, t):
    """The curve's data table in the client's words: headers and what each specification changes."""
    labels, varied, base = _option_labels(ctx), _setup(ctx)["varied"], _setup(ctx)["baseline"]

    def differs(r: dict) -> str:
        diff = [_("{choice}: {option}", choice=_lower_first(labels[f]), option=labels[(f, str(r[f]))])
                for f in varied if f in r and r[f] != base.get(f) and (f, str(r[f])) in labels]
        return "; ".join(diff) if diff else _("baseline")

    rows = t.rows if language() == "en" else [{**r, "differs": differs(r)} for r in t.rows]
    cols = [{**c, "label": _(CURVE_COLUMNS[c["name"]])} if c["name"] in CURVE_COLUMNS else c for c in t.columns]
    return replace(t, columns=cols, rows=rows)


def _curve(ctx: Context) -> str:
    t = ctx.fs.tables["resilience.curve"]
    setup, sym, labels = _setup(ctx), _sym(ctx), _option_labels(ctx)
    shown = [r for r in t.rows if r["rank"] is not None]
    if not shown:
        return ""
    printed = _curve_table(ctx, t)
    differs = {r["spec"]: r["differs"] for r in printed.rows}  # the tooltip says it in the report's words
    curve = [{k: r[k] for k in ("rank", "spec", "estimate", "ci_low", "ci_high", "significant", "baseline")}
             | {"differs": differs[r["spec"]], "label": _estimate_text(sym, r)} for r in shown]
    options = [f"{labels[f]}: {labels[(f, str(lv))]}" for f in setup["varied"] for lv in setup["choices"][f]]
    shading = [i % 2 == 1 for i, f in enumerate(setup["varied"]) for _lv in setup["choices"][f]]
    english = {(lv["factor"], str(lv["level"])): lv["label"] for lv in setup.get("levels", [])}
    short = {f"{labels[f]}: {labels[(f, str(lv))]}":
             f"{_(SHORT_FACTOR[f])}: {_short_option(english.get((f, str(lv))), labels[(f, str(lv))])}"
             for f in setup["varied"] for lv in setup["choices"][f]}
    dash = [{"rank": r["rank"], "spec": r["spec"], "baseline": r["baseline"],
             "option": f"{labels[f]}: {labels[(f, str(r[f]))]}"} for r in shown for f in setup["varied"]]
    n = len(shown)
    flips = sum(1 for r in shown if (r["estimate"] > 0) != (_f(ctx, "resilience.baseline").value > 0))
    lo, hi = shown[0]["estimate"], shown[-1]["estimate"]
    title = (_("{sym} stays between {low} and {high} in all {n} specifications", sym=sym, low=_r(lo), high=_r(hi), n=n)
             if not flips else _("{sym} changes sign in {k} of {n} specifications", sym=sym, k=flips, n=n))
    with_ci = any(r["ci_low"] is not None for r in shown)
    subtitle = (_("Sorted; filled dot: p < 0.05; line: 95% CI") if with_ci else
                _("Sorted; no interval or test on fewer than 6 {units}", units=_unit_plural(ctx)))
    spec = lambda: rc.spec_curve(curve, dash, options, shading, title=title,  # noqa: E731
                                 y_title=_("Estimate ({sym})", sym=sym), short=short, subtitle=subtitle)
    units = max(r["n"] for r in shown)
    intervals = (_("Intervals: Fisher z with the number of {units}; the joint test, not these intervals, allows for "
                   "autocorrelation.", units=_unit_plural(ctx)) + " " if with_ci else "")
    return ctx.chart("resilience-curve", spec,
                     _("Specification curve: {sym} for each of {n} specifications, sorted from lowest to highest, "
                       "with 95% confidence intervals; below, a grid marks the options each specification uses; the "
                       "baseline is highlighted.", sym=sym, n=n),
                     _("Specification curve (n = {n} specifications, each on up to {units}). {intervals}Baseline in "
                       "blue.", n=n, units=_units(ctx, units), intervals=intervals), printed,
                     ["rank", "spec", "estimate", "ci_low", "ci_high", "p", "n", "differs"])


def _lower_first(text: str) -> str:
    """'Statistica SMI' -> 'statistica SMI': the first letter only, so acronyms keep their capitals."""
    return text[:1].lower() + text[1:]


def _short_option(english: str | None, label: str) -> str:
    short = SHORT_OPTION.get(english or "")
    return _(short) if short else label


def _estimate_text(sym: str, r: dict) -> str:
    if r["ci_low"] is None:
        return f"{sym} = {_r(r['estimate'])}"
    return _("{sym} = {estimate} (95% CI {low} to {high})", sym=sym, estimate=_r(r["estimate"]),
             low=_r(r["ci_low"]), high=_r(r["ci_high"]))


FACTOR_COLUMNS = {"label": N_("Choice"), "levels": N_("Options"), "eta2": N_("η² (share of variance)"),
                  "oat_min": N_("Lowest"), "oat_max": N_("Highest"), "oat_range": N_("Range")}
OAT_COLUMNS = {"factor": N_("Choice"), "level": N_("Option"), "estimate": N_("Estimate"), "baseline": N_("Baseline"),
               "spec": N_("Specification")}


def _localised(t, columns: dict, words: dict[str, dict]):
    """A findings table with the page's headers and its label columns in the client's language."""
    cols = [{**c, "label": _(columns[c["name"]])} if c["name"] in columns else c for c in t.columns]
    rows = [{**r, **{k: word(table, r[k]) for k, table in words.items() if k in r},
             **{k: _("yes") if v else _("no") for k, v in r.items() if isinstance(v, bool)}} for r in t.rows]
    return replace(t, columns=cols, rows=rows)


def _factors(ctx: Context) -> str:
    t = ctx.fs.tables.get("resilience.factors")
    if t is None or not t.rows:
        return ""
    printed = _localised(t, FACTOR_COLUMNS, {"label": FACTOR_WORDS})
    rows = [{"label": r["label"], "eta2": r["eta2"] or 0.0, "text": fmt.percent(r["eta2"]) if r["eta2"] is not None
             else "–", "top": i == 0} for i, r in enumerate(printed.rows)]
    title = _("{choice} drives most of the differences between specifications", choice=printed.rows[0]["label"])
    chart = ctx.chart("resilience-eta2", lambda: rc.eta_bars(rows, title=title),
                      _("Bar chart of the share of the variation between specifications explained by each choice "
                        "(η²)."),
                      _("η² per choice from the main effects over all {n} specifications; with constraints the grid is "
                        "not fully balanced, so shares need not add up to 100%.",
                        n=_f(ctx, "resilience.n_specs").value), printed, ["label", "eta2"])
    oat = (_("One choice at a time, every other choice at its baseline (the range is how far that choice alone moves "
             "the estimate):") + "\n\n"
           + ctx.table_md(printed, ["label", "levels", "oat_min", "oat_max", "oat_range"]) + "\n")
    oat_t = _localised(ctx.fs.tables["resilience.oat"], OAT_COLUMNS, {"factor": FACTOR_WORDS, "level": LEVEL_WORDS})
    detail = md.admonition("info", _("Each option with the rest at baseline"), ctx.table_md(oat_t), True)
    return "## " + _("Which choices matter") + "\n\n" + chart + oat + detail


RANK_COLUMNS = {"spec": N_("Specification"), "tau": N_("Kendall τ-b"), "top": N_("Best-rated brand"),
                "same_top": N_("Same top as baseline")}


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
    title = _("Half the specifications rank the brands with τ-b ≥ {tau} against the baseline", tau=_r(med))
    return "## " + _("Does the ranking of the brands hold?") + "\n\n" + ctx.chart(
        "resilience-tau", lambda: rc.tau_bars(rows, title=title),
        _("Bar chart: number of specifications for each Kendall τ-b between their ranking of the brands and the "
          "baseline's."),
        _("Kendall τ-b with the baseline ranking (n = {n} specifications; τ = 1 is the same order, −1 the reverse). "
          "Brands are ranked best first on each specification's statistic.", n=len(t.rows)),
        _localised(t, RANK_COLUMNS, {}))


DROPPED_COLUMNS = {"reason": N_("Left out because"), "n_specs": N_("Combinations")}


def _method(ctx: Context) -> str:
    s, labels = _setup(ctx), _option_labels(ctx)
    order = list(dict.fromkeys(lv["factor"] for lv in s.get("levels", [])))
    order = [f for f in order if f in s["varied"]] + [f for f in order if f not in s["varied"]]
    rows = []
    for f in [f for f in order if s["choices"][f] != [None]]:
        opts = [_("{option} (baseline)", option=labels[(f, str(lv))]) if lv == s["baseline"][f] else
                labels[(f, str(lv))] for lv in s["choices"][f]]
        why = next((n.split(": ", 1)[1] for n in s.get("notes", []) if n.startswith(f + ":")), "")
        rows.append([md.cell(labels[f]), md.cell(", ".join(opts)), md.cell(reason_text(why) if why else _("compared"))])
    n_specs, total = _f(ctx, "resilience.n_specs").value, s["combinations"]
    dropped = ctx.fs.tables["resilience.dropped"]
    dropped = replace(_localised(dropped, DROPPED_COLUMNS, {}),
                      rows=[{**r, "reason": reason_text(r["reason"])} for r in dropped.rows])
    left = (_("Of the {total} combinations of these options, {k} were left out as invalid or redundant (Simonsohn, "
              "Simmons & Nelson 2020):", total=total, k=total - n_specs) + f"\n\n{ctx.table_md(dropped)}\n"
            if dropped.rows else _("All {total} combinations of these options were computed.", total=total) + "\n")
    th = (_f(ctx, "resilience.verdict").extra or {}).get("thresholds") or {}
    verdict = ("" if not th else _(
        "Verdict [SMAA convention]: Robust when at least {same} of specifications keep the baseline's sign and the "
        "joint p is below {robust_p}; Fragile when the sign flips in more than {flip} of them or the joint p is "
        "{fragile_p} or more; Moderately robust otherwise. ", same=fmt.percent(th["robust_same_sign"]),
        robust_p=fmt.number(th["robust_p"], 2), flip=fmt.percent(th["fragile_flip"]),
        fragile_p=fmt.number(th["fragile_p"], 2)))
    body = (_("Every specification is computed from post level exactly as the SMI-value chapter does (the baseline "
              "is that chapter's own measure), changing only the choices below.") + "\n\n"
            + md.table([_("Choice"), _("Options"), _("Note")], rows, ["left", "left", "left"]) + f"\n{left}\n"
            + _("A share of negative posts is turned round (fewer negatives = better) so that every statistic points "
                "the same way as the baseline's.") + " " + verdict
            + _("The joint test (specification-curve test) recomputes the whole curve under every null alignment of "
                "the two series — circular shifts of the SMI series for periods (none closer than the largest lag, "
                "which would re-create a real alignment), permutations for brands — and reports the share of "
                "alignments, the observed one included, whose median |estimate| is at least the observed one "
                "(Steegen et al. 2016; Simonsohn, Simmons & Nelson 2020)."))
    return "## " + _("How the alternatives were built") + "\n\n" + md.admonition("info", _("Method"), body)


def build(ctx: Context) -> Page | None:
    if "resilience.setup" not in ctx.fs.findings:
        return None
    parts = ["# " + _("Resilience of the method") + "\n", md.cards(headlines(ctx)), _warnings(ctx),
             ctx.story(SECTION), "## " + _("Every reasonable way of measuring") + "\n", _curve(ctx), _factors(ctx),
             _ranks(ctx), _method(ctx)]
    body = "\n".join(p for p in parts if p)
    return Page(SECTION, _("Resilience"), body + glossary(body, GLOSSARY))
