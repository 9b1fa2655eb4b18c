"""SMI value (methods.md M8–M10): what the social-media measure is worth next to the client's traditional
indicator. Answer first (how closely the two agree, what SMI adds, where it is weak, what was cleaned), then the
evidence: both series (or, for a cross-section, every brand) with intervals and n, the scatter with its fit, the
lead/lag cross-correlation with its noise band, Bland–Altman agreement, every test with raw and adjusted p, and
(quality.py) the data-quality profile, the scorer's validation, ingestion counts and example posts.
Every statement is a template over findings; the minimum-n rules are stated where they bite."""

from __future__ import annotations

from ...facts import VALUE_FDR_Q
from ..base import format as fmt
from ..base import markdown as md
from . import charts as vc
from . import ingest as vi
from . import quality as vq
from ..chapter1.common import card, words
from ..base.context import Context, Page
from .common import (INCONCLUSIVE_N, PERIOD_WORDS, expected_sign, f, gap, measure_name, measure_words, missing, setup,
                     smi_value, units)

def r_text(v) -> str:
    return fmt.number(v, 2)


def ci_text(ci) -> str:
    return f"{fmt.number(ci[0], 2)} to {fmt.number(ci[1], 2)}" if ci else ""


def inconclusive(pr) -> bool:
    return pr.n is None or pr.n <= INCONCLUSIVE_N or pr.ci is None or pr.ci[0] <= 0 <= pr.ci[1]


def strength(r: float) -> str:
    a = abs(r)
    return "closely" if a >= 0.7 else "moderately" if a >= 0.5 else "loosely" if a >= 0.3 else "barely"


# ---------------------------------------------------------------- headline cards


def correlation_card(ctx: Context) -> str:
    pr, adj = f(ctx, "value.pearson_r"), f(ctx, "value.pearson_r_adjusted")
    name = md.inline(measure_name(ctx))
    if pr is None or pr.value is None:
        return gap(ctx, "value.pearson_r", f"SMI against {name}")
    n = pr.n
    what, _, _ = measure_words(ctx)
    if n <= INCONCLUSIVE_N or pr.ci is None:
        ci = pr.extra.get("descriptive_ci")
        span = f"; a 95% interval would run from {ci_text(ci)}" if ci else ""
        more = "lower" if pr.value < 0 else "higher"
        return card(f"r = {r_text(pr.value)}", f"inconclusive · n = {n} {units(ctx, n)}",
                    f"{units(ctx).capitalize()} with a higher {md.inline(what)} have a {more} {name} "
                    f"(r = {r_text(pr.value)}), but on only {n} {units(ctx, n)} this is inconclusive{span}.")
    use = adj if adj is not None and adj.value is not None and adj.ci else pr
    why = " allowing for autocorrelation" if use is adj else ""
    agrees = (pr.value > 0) == (expected_sign(ctx) > 0)
    verb = f"tracks {name} {strength(pr.value)}" if agrees else f"moves against {name}"
    if inconclusive(use):
        verb = f"cannot be told apart from no relationship with {name}"
    p = f"; Holm-adjusted {fmt.pvalue(_primary_p(ctx))}" if _primary_p(ctx) is not None else ""
    lead = f"{PERIOD_WORDS.get(setup(ctx).get('period'), ('', '', 'Per-period'))[2]} {what}"
    return card(f"r = {r_text(pr.value)}", f"SMI against {name} · n = {n}",
                f"{md.inline(lead)} {verb}: r = {r_text(pr.value)} (95% CI {ci_text(use.ci)}{why}, "
                f"n = {n} {units(ctx, n)}{p}).")


def _primary_p(ctx: Context):
    t = ctx.fs.tables.get("value.tests")
    row = next((r for r in (t.rows if t else []) if r["family"] == "primary"), None)
    return row["p_adj"] if row else None


def timeliness_card(ctx: Context) -> str | None:
    smi, trad = f(ctx, "quality.smi.latency"), f(ctx, "quality.traditional.latency")
    if not (ctx.has("quality.smi.latency") and ctx.has("quality.traditional.latency")):
        return None
    gain = trad.value - smi.value
    name = md.inline(measure_name(ctx))
    days = f"SMI is ready {fmt.number(smi.value, 0)} days after the typical post it counts; {name} is published " \
           f"{fmt.number(trad.value, 0)} days after the middle of its fieldwork."
    if gain <= 0:
        return card(f"{fmt.number(-gain, 0)} days later", "SMI is not earlier here", days + vq.frequency_clause(ctx))
    return card(f"{fmt.number(gain, 0)} days earlier", "what SMI adds · timeliness", days + vq.frequency_clause(ctx))


def lead_card(ctx: Context) -> str | None:
    best = f(ctx, "value.ccf.best_lag")
    if best is None or setup(ctx).get("design") == "cross_section":
        return None
    one = units(ctx, 1)
    if best.value is None:
        return card("no lead", "lead / lag", "No lead of SMI over the survey can be shown: "
                    + md.text(best.reason).rstrip(".") + ".")
    x = best.extra
    if best.value == 0:
        return card("same " + one, "lead / lag",
                    f"The strongest link is within the same {one} (pre-whitened cross-correlation "
                    f"{r_text(x.get('ccf'))}, beyond its ±{r_text(x.get('bound'))} noise band): SMI moves with "
                    f"the survey, not ahead of it.")
    ahead = best.value > 0
    k = abs(best.value)
    return card(f"{k} {units(ctx, k)} {'ahead' if ahead else 'behind'}", "lead / lag",
                f"SMI {'moves first' if ahead else 'follows'} by {k} {units(ctx, k)} (pre-whitened "
                f"cross-correlation {r_text(x.get('ccf'))}, beyond its ±{r_text(x.get('bound'))} band and "
                f"significant after Benjamini–Hochberg).")


def headlines(ctx: Context) -> list[str]:
    """Four cards, answer first: the relationship, then what SMI adds and where it is weak. A cross-section has
    no meaningful latency or lead, so its cards go to the data's own problems instead."""
    if setup(ctx).get("design") == "cross_section":
        order = [correlation_card, vq.scorer_card, vq.entity_card, vq.hygiene_card, timeliness_card, vq.voices_card]
    else:
        order = [correlation_card, timeliness_card, lead_card, vq.scorer_card, vq.voices_card, vq.entity_card,
                 vq.hygiene_card]
    return [c for c in (card_of(ctx) for card_of in order) if c][:4]


# ---------------------------------------------------------------- how closely SMI tracks the indicator


def _series_rows(ctx: Context) -> list[dict]:
    t = ctx.fs.tables["value.series"]
    out = []
    for r in t.rows:
        resp = r.get("traditional_n")
        out.append({"start": r.get("period_start"), "period": r.get("period") or r.get("brand"),
                    "smi": r["smi"], "smi_lo": r["smi_ci_low"], "smi_hi": r["smi_ci_high"],
                    "trad": r["traditional"], "trad_lo": r["traditional_ci_low"] if r["traditional_ci_low"] is not
                    None else r["traditional"], "trad_hi": r["traditional_ci_high"] if r["traditional_ci_high"] is not
                    None else r["traditional"], "posts": r["smi_n"],
                    "smi_text": smi_value(ctx, r["smi"]) if r["smi"] is not None else "missing (too few posts)",
                    "trad_text": fmt.number(r["traditional"], 1) if r["traditional"] is not None else "no value",
                    "respondents_text": fmt.number(resp, 0) if resp is not None else "not given"})
    return out


def _range(values) -> str:
    v = [x for x in values if x is not None]
    if not v:
        return "not given"
    return fmt.number(min(v), 0) if min(v) == max(v) else f"{fmt.number(min(v), 0)}–{fmt.number(max(v), 0)}"


def series_section(ctx: Context) -> str:
    t = ctx.fs.tables["value.series"]
    rows = _series_rows(ctx)
    _, axis_title, axis_fmt = measure_words(ctx)
    name = measure_name(ctx)
    per = PERIOD_WORDS.get(setup(ctx).get("period"), ("period", "periods", "Per-period"))
    missing = [r for r in t.rows if r["status"] != "ok"]
    title = _series_title(ctx)
    sub = f"Shaded: 95% CI · grey bars: posts per {per[0]}"
    resp = _range(r.get("traditional_n") for r in t.rows)
    spec = lambda: vc.series_panels(rows, title=title, subtitle=sub, smi_title=axis_title,  # noqa: E731
                                    trad_title=name, n_title="Posts", smi_format=axis_fmt)
    fig = ctx.chart("value-series", spec, f"Two aligned panels over time: the SMI measure with its 95% band above, "
                    f"{name} with its 95% band below, and the number of posts per {per[0]} at the bottom.",
                    f"SMI ({axis_title.lower()}) and {name} per {per[0]}, {len(t.rows)} {per[1]} "
                    f"(posts per {per[0]}: {_range(r['smi_n'] for r in t.rows)}; survey respondents: {resp}). "
                    f"Bands are 95% confidence intervals. SMI is re-aggregated from the individual posts of each "
                    f"{per[0]}, never averaged from weekly means.", t)
    gap = ""
    if missing:
        gap = md.admonition("warning", f"{len(missing)} of {len(t.rows)} {per[1]} have no comparison",
                            md.text(t.note) + " " + md.text(words(sorted({r['status'] for r in missing}))) + ".")
    return "## How closely SMI tracks " + md.inline(name) + "\n\n" + fig + gap + scatter(ctx) + correlation_notes(ctx)


def _series_title(ctx: Context) -> str:
    pr = f(ctx, "value.pearson_r")
    name = measure_name(ctx)
    if pr is None or pr.value is None:
        return f"SMI and {name} over time"
    if inconclusive(pr):
        return f"SMI and {name} over time: no clear common movement"
    return f"SMI and {name} rise and fall together (r = {r_text(pr.value)})" if pr.value > 0 else \
        f"SMI and {name} move in opposite directions (r = {r_text(pr.value)})"


def scatter(ctx: Context) -> str:
    t = ctx.fs.tables["value.series"]
    cross = setup(ctx).get("design") == "cross_section"
    rows = [{"x": r["smi"], "y": r["traditional"], "name": r.get("brand") or r.get("period"),
             "x_lo": r["smi_ci_low"] if cross else None, "x_hi": r["smi_ci_high"] if cross else None,
             "x_text": smi_value(ctx, r["smi"]), "y_text": fmt.number(r["traditional"], 1)}
            for r in t.rows if r["smi"] is not None and r["traditional"] is not None]
    if len(rows) < 3:
        return md.admonition("warning", "Scatter not drawn", f"Only {len(rows)} {units(ctx, len(rows))} have both "
                             "values; a fitted line needs at least 3.")
    pr = f(ctx, "value.pearson_r")
    _, axis_title, axis_fmt = measure_words(ctx)
    name = measure_name(ctx)
    n = len(rows)
    verdict = (f"inconclusive on n = {n}" if inconclusive(pr) else f"r = {r_text(pr.value)}, n = {n}")
    title = (f"{'Fewer' if expected_sign(ctx) < 0 else 'Better'} social complaints, higher {name}? "
             f"Suggestive only ({verdict})" if inconclusive(pr) else
             f"Each point is one {units(ctx, 1)}: SMI and {name} line up ({verdict})")
    sub = "Dashed: least-squares line" + (" · bars: 95% CI" if cross else "")
    spec = lambda: vc.scatter_fit(rows, title=title, subtitle=sub, x_title=axis_title, y_title=name,  # noqa: E731
                                  x_format=axis_fmt, labelled=cross)
    missing = [r.get("brand") or r.get("period") for r in t.rows if r["smi"] is None or r["traditional"] is None]
    left = f" Not plotted (no value on one side): {md.text(words([str(m) for m in missing]))}." if missing else ""
    return ctx.chart("value-scatter", spec, f"Scatter plot of the SMI measure against {name}, one point per "
                     f"{units(ctx, 1)}, with a least-squares line.",
                     f"SMI against {name}, n = {n} {units(ctx, n)}. The line is descriptive; the interval and test "
                     f"of the correlation are in the table below.{left}", t) + "\n"


def cross_section(ctx: Context) -> str:
    return "## How closely SMI tracks " + md.inline(measure_name(ctx)) + "\n\n" + scatter(ctx) + correlation_notes(ctx)


def correlation_notes(ctx: Context) -> str:
    pr = f(ctx, "value.pearson_r")
    if pr is None or pr.value is None:
        return ctx.not_computed("value.pearson_r", "Correlation")
    rows, descriptive = [], False
    for key in ("value.pearson_r", "value.pearson_r_adjusted", "value.bootstrap", "value.spearman_rho"):
        x = f(ctx, key)
        if x is None or (x.value is None and key != "value.pearson_r"):
            continue
        ci = x.ci or x.extra.get("descriptive_ci")
        descriptive |= bool(ci) and not x.ci
        rows.append([md.cell(estimate_name(ctx, key, x)), r_text(x.value) if x.value is not None else "–",
                     (ci_text(ci) + ("*" if not x.ci else "")) if ci else "not estimable"])
    table = md.table(["Estimate", "r", "95% CI"], rows, ["left", "right", "right"])
    note = (f"\n\\* Descriptive only: with n = {pr.n}, below 6, no interval is used for inference (methods M9.2).\n"
            if descriptive else "")
    out = (f"\nThe same correlation (n = {pr.n} {units(ctx, pr.n)}) with "
           + ("different kinds of 95% interval. Fisher's assumes independent "
              f"{units(ctx)}; the effective-n and bootstrap intervals allow for autocorrelation; Spearman's uses "
              "ranks only:" if len(rows) > 2 else "Pearson's and Spearman's (rank) estimates:") + "\n\n" + table + note)
    if inconclusive(pr):
        out += "\n" + inconclusive_box(ctx, pr)
    n_eff = f(ctx, "value.n_eff")
    if n_eff is not None and n_eff.value is not None:
        out += (f"\nBoth series carry momentum from one {units(ctx, 1)} to the next (lag-1 autocorrelations "
                f"{r_text(n_eff.extra.get('r1_smi'))} and {r_text(n_eff.extra.get('r1_traditional'))}), so the "
                f"{n_eff.n} {units(ctx)} hold the information of about {fmt.number(n_eff.extra.get('used'), 1)} "
                "independent ones (Bretherton et al. 1999); the headline uses the wider interval that allows for "
                "this.\n")
    return out


def estimate_name(ctx: Context, key: str, x) -> str:
    if key == "value.pearson_r_adjusted":
        return f"Pearson r, effective n = {fmt.number(x.extra.get('n_used'), 1)}"
    if key == "value.bootstrap":
        return f"Pearson r, block bootstrap ({fmt.number(x.extra.get('b'), 0)} resamples)"
    if key == "value.spearman_rho":
        return "Spearman ρ (Bonett–Wright)"
    return "Pearson r (Fisher z)"


def inconclusive_box(ctx: Context, pr) -> str:
    n = pr.n
    ci = pr.ci or pr.extra.get("descriptive_ci")
    if n <= INCONCLUSIVE_N:
        why = (f"The correlation rests on {n} {units(ctx, n)}. With so few pairs a single one can make or break it, "
               f"and its 95% interval{' (' + ci_text(ci) + ')' if ci else ''} spans almost every possible value. "
               f"smaa makes no inferential statement below 6 pairs and flags anything up to {INCONCLUSIVE_N} as "
               "inconclusive (methods M9.2). Read r as a description of these few points, not as evidence "
               f"of a relationship; more {units(ctx)} or a time series per {units(ctx, 1)} are needed.")
    else:
        why = (f"The 95% interval ({ci_text(ci)}) includes zero: on these {n} {units(ctx)} the data are compatible "
               "with no relationship at all.")
    return md.admonition("warning", f"Inconclusive: n = {n} {units(ctx, n)}", why)


# ---------------------------------------------------------------- lead / lag and agreement


def time_only_note(ctx: Context) -> str:
    """A cross-section has no lead/lag and nothing to calibrate on: one note instead of two empty sections."""
    z = f(ctx, "value.bland_altman.z_sd")
    ident = (f" On standardised scores an agreement plot would only restate r: the spread of the differences is "
             f"√(2(1 − r)) = {fmt.number(z.value, 2)} standard deviations." if z is not None and z.value is not None
             else "")
    return md.admonition("info", "Lead/lag and agreement need a time series",
                         f"This comparison is a cross-section of {units(ctx)}. Whether SMI moves before "
                         f"{md.inline(measure_name(ctx))} needs at least 20 periods of both (methods M9.3), and "
                         "putting SMI on the survey's scale needs periods to calibrate on (M9.4)." + ident)


def ccf_section(ctx: Context) -> str:
    head = "## Does SMI move first?\n\n"
    t = ctx.fs.tables.get("value.ccf")
    if t is None or not t.rows:
        return head + missing(ctx, "value.ccf.best_lag", "Lead/lag",
                                 f"Cross-correlation needs a time series of at least 20 {units(ctx)} "
                                 "(methods M9.3).")
    rows = [{"lag": r["lag"], "ccf": r["ccf"], "bound": r["bound"], "n": r["n"],
             "text": fmt.number(r["ccf"], 2) if r["ccf"] is not None else "–",
             "bound_text": f"±{fmt.number(r['bound'], 2)}",
             "beyond": r["ccf"] is not None and abs(r["ccf"]) > r["bound"]} for r in t.rows]
    best = f(ctx, "value.ccf.best_lag")
    one = units(ctx, 1)
    others = [r["lag"] for r in rows if r["beyond"] and r["lag"] != 0]
    if best is not None and best.value is not None:
        title = (f"The link is strongest within the same {one}"
                 + ("; no earlier " + one + " predicts the survey" if not others else
                    f"; lag {others[0]:+d} also leaves the noise band".replace("-", "−"))
                 if best.value == 0 else
                 f"SMI {'leads' if best.value > 0 else 'lags'} by {abs(best.value)} {units(ctx, abs(best.value))}")
    else:
        title = "No lag stands out from noise"
    spec = lambda: vc.ccf_bars(rows, title=title, subtitle="Shaded: 95% noise band ±1.96/√(n−|k|)",  # noqa: E731
                               lag_title=f"Lag ({units(ctx)}; + = SMI first)")
    text = (f"Each series is first stripped of its own momentum (an AR model fitted to SMI, order "
            f"{(best.extra.get('ar_order') if best is not None else '–')} by AIC, applied to both), so that two "
            "trending series do not look related just because both trend (Box–Jenkins pre-whitening). A bar that "
            "leaves the shaded band is unlikely to be noise; non-zero lags are then adjusted for multiple testing "
            "(Benjamini–Hochberg).")
    fig = ctx.chart("value-ccf", spec, "Bar chart of the cross-correlation at each lag with the 95% noise band "
                    "shaded behind the bars.", f"Pre-whitened cross-correlation between SMI and "
                    f"{measure_name(ctx)} at lags −{max(r['lag'] for r in rows)} to +{max(r['lag'] for r in rows)} "
                    f"{units(ctx)} (positive: SMI first); n = {rows[len(rows) // 2]['n']} pairs at lag 0.", t)
    verdict = "" if best is None or best.value is not None else md.admonition(
        "info", "No lead/lag reported", md.text(best.reason[:1].upper() + best.reason[1:]).rstrip(".") + ".")
    return head + text + "\n\n" + fig + verdict


def agreement_section(ctx: Context) -> str:
    head = "## Do the two agree on the survey's own scale?\n\n"
    bias, z = f(ctx, "value.bland_altman.bias"), f(ctx, "value.bland_altman.z_sd")
    t = ctx.fs.tables.get("value.bland_altman")
    ident = ""
    if z is not None and z.value is not None:
        ident = (f"On standardised scores the comparison only restates r: the spread of the differences is "
                 f"√(2(1 − r)) = {fmt.number(z.value, 2)} standard deviations, limits ±"
                 f"{fmt.number(z.extra['loa'][1], 2)}. ")
    if bias is None or bias.value is None or t is None or not t.rows:
        reason = bias.reason if bias is not None and bias.reason else "calibrated agreement needs a time series"
        return head + md.admonition("info", "Calibrated agreement not computed",
                                    ident + md.text(reason[:1].upper() + reason[1:]).rstrip(".") +
                                    ": SMI cannot be put on the survey's scale without periods to calibrate on.")
    x = bias.extra
    name = measure_name(ctx)
    lo, hi = bias.ci
    rows = [{"period": r["period"], "mean": r["mean"], "diff": r["diff"], "mean_text": fmt.number(r["mean"], 1),
             "diff_text": fmt.number(r["diff"], 2)} for r in t.rows]
    lines = [{"y": bias.value, "label": f"bias {fmt.number(bias.value, 2)}", "kind": "bias"},
             {"y": lo, "label": f"lower limit {fmt.number(lo, 2)}", "kind": "loa"},
             {"y": hi, "label": f"upper limit {fmt.number(hi, 2)}", "kind": "loa"},
             {"y": 0, "label": "", "kind": "zero"}]
    within = x.get("within_mdc")
    title = (f"Calibrated SMI lands within the survey's own noise in {fmt.percent(within)} of hold-out {units(ctx)}"
             if within is not None else f"Calibrated SMI against {name} on the hold-out {units(ctx)}")
    spec = lambda: vc.bland_altman(rows, bias=bias.value, loa=(lo, hi), title=title,  # noqa: E731
                                   subtitle="Solid: bias · dashed: 95% limits of agreement",
                                   x_title="Mean of calibrated SMI and survey", y_title="SMI − survey",
                                   lines=lines)
    text = (f"SMI was put on the scale of {md.inline(name)} with a straight line fitted on the first "
            f"{x.get('n_train')} {units(ctx)} (survey = {fmt.number(x.get('a'), 1)} + "
            f"{fmt.number(x.get('b'), 1)} × SMI) "
            f"and checked on the next {bias.n}. On those, calibrated SMI differs from the survey by "
            f"{fmt.number(bias.value, 2)} points on average, and 95% of differences should fall between "
            f"{fmt.number(lo, 2)} and {fmt.number(hi, 2)} points. {ident}")
    fig = ctx.chart("value-bland-altman", spec, "Bland–Altman plot: the mean of calibrated SMI and the survey "
                    "against "
                    "their difference, with the bias and the 95% limits of agreement as horizontal lines.",
                    f"Agreement on {bias.n} hold-out {units(ctx)} (Bland & Altman 1986). "
                    + (f"{fmt.percent(within)} of them differ by less than the survey's minimum detectable change."
                       if within is not None else ""), t)
    return head + text + "\n\n" + fig


# ---------------------------------------------------------------- every test


TEST_NAMES = {"pearson_r": "Pearson r", "spearman_rho": "Spearman ρ", "ccf": "CCF"}


def tests_section(ctx: Context) -> str:
    t = ctx.fs.tables.get("value.tests")
    if t is None or not t.rows:
        return ""
    rows = []
    for r in t.rows:
        name = TEST_NAMES.get(r["test"], r["test"]) + (f", lag {r['lag']:+d}".replace("-", "−") if r["test"] == "ccf"
                                                       else "") + (" (primary)" if r["family"] == "primary" else "")
        verdict = ("significant" if r["significant"] else "not significant") if r["significant"] is not None \
            else ("no test: n < 6" if r.get("n") is not None and r["n"] < 6 else "not testable")
        method = "Holm" if r["method"] == "Holm" else "BH"
        rows.append([md.cell(name), fmt.number(r["statistic"], 2) if r["statistic"] is not None else "–",
                     fmt.number(r["n"], 0) if r["n"] is not None else "–", _p(r["p"]),
                     f"{_p(r['p_adj'])} ({method})" if r["p_adj"] is not None else f"– ({method})", verdict])
    q = next((c["value"] for c in ctx.fs.meta.get("conventions", []) if c["name"] == "value.fdr_q"), VALUE_FDR_Q)
    return ("## Every test, with adjusted p-values\n\nThe declared primary hypothesis ("
            f"{md.inline(TEST_NAMES.get(setup(ctx).get('primary'), 'Pearson r'))} at lag 0) is adjusted with Holm's "
            "method and judged at 5%; every other test on this page is exploratory and adjusted with "
            f"Benjamini–Hochberg (BH) at a false-discovery rate q = {fmt.number(q, 2)} [SMAA convention] (methods "
            "M9.5). The primary test uses the effective n when the series are autocorrelated.\n\n"
            + md.table(["Test", "Estimate", "n", "p", "Adjusted p", "Verdict"], rows,
                       ["left", "right", "right", "right", "right", "left"]))


def _p(p) -> str:
    return "–" if p is None else fmt.pvalue(p).replace("p = ", "").replace("p ", "")


# ---------------------------------------------------------------- page


def build(ctx: Context) -> Page | None:
    if "value.setup" not in ctx.fs.findings:
        return None
    name = measure_name(ctx)
    parts = [f"# What social-media information is worth next to {md.inline(name)}\n", md.cards(headlines(ctx)),
             ctx.story("value"), vq.design_note(ctx)]
    if setup(ctx).get("design") == "cross_section":
        parts.append(vq.brands_section(ctx, lead=True))
    cross = setup(ctx).get("design") == "cross_section"
    parts += [cross_section(ctx) if cross else series_section(ctx), time_only_note(ctx) if cross else ccf_section(ctx),
              "" if cross else agreement_section(ctx), tests_section(ctx), vq.quality_section(ctx),
              vq.scorer_section(ctx), vi.ingestion_section(ctx), vi.examples_section(ctx), vi.rules_section(ctx)]
    return Page("value", "SMI value", "\n".join(p for p in parts if p))
