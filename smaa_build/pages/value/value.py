"""SMI value (methods.md M8–M10): what the social-media measure is worth next to the client's traditional
indicator. Answer first (how closely the two agree, what SMI adds, where it is weak, what was cleaned), then the
evidence: both series (or, for a cross-section, every brand) with intervals and n, the scatter with its fit, the
lead/lag cross-correlation with its noise band, Bland–Altman agreement, every test with raw and adjusted p, and
(quality.py) the data-quality profile, the scorer's validation, ingestion counts and example posts.
Every statement is a whole message over findings (catalogue `value`); the minimum-n rules are stated where they
bite."""

from __future__ import annotations

from dataclasses import replace

from ...facts import VALUE_FDR_Q, VALUE_N_MIN
from ...i18n import N_, _, n_
from ..base import format as fmt
from ..base import markdown as md
from . import charts as vc
from . import ingest as vi
from . import lag
from . import quality as vq
from ..chapter1.common import card
from ..base.context import Context, Page
from .common import (GLOSSARY, INCONCLUSIVE_N, count, expected_sign, f, gap, glossary, listing, measure_name,
                     measure_words, missing, per_period, capital, reason_text, relabel, setup, smi_value, units)


def r_text(v) -> str:
    return fmt.number(v, 2)


def ci_text(ci) -> str:
    return _("{low} to {high}", low=fmt.number(ci[0], 2), high=fmt.number(ci[1], 2)) if ci else ""


def inconclusive(pr) -> bool:
    return pr.n is None or pr.n <= INCONCLUSIVE_N or pr.ci is None or pr.ci[0] <= 0 <= pr.ci[1]


# how closely the two move together, in words: (adverb in a sentence, the card's headline), by |r|
STRENGTH = [(0.7, N_("closely"), N_("Close link")), (0.5, N_("moderately"), N_("Moderate link")),
            (0.3, N_("loosely"), N_("Loose link")), (0.0, N_("barely"), N_("Barely linked"))]


def strength(r: float) -> str:
    return _(next(adv for floor, adv, _h in STRENGTH if abs(r) >= floor))


def strength_head(r: float) -> str:
    return _(next(head for floor, _a, head in STRENGTH if abs(r) >= floor))


# ---------------------------------------------------------------- headline cards


def correlation_card(ctx: Context) -> str:
    """The finding in words first (how closely the two move together), the statistic after it."""
    pr, adj = f(ctx, "value.pearson_r"), f(ctx, "value.pearson_r_adjusted")
    name = md.inline(measure_name(ctx))
    if pr is None or pr.value is None:
        return gap(ctx, "value.pearson_r", _("SMI against {name}", name=name))
    n = pr.n
    what, _axis, _form = measure_words(ctx)
    r = r_text(pr.value)
    if n <= INCONCLUSIVE_N or pr.ci is None:
        ci = pr.extra.get("descriptive_ci")
        units_n = count(ctx, n)
        text = (_("{Units} with a higher {what} have a lower {name} (r = {r}), but on only {units_n} this is "
                  "inconclusive", Units=units(ctx).capitalize(), what=md.inline(what), name=name, r=r,
                  units_n=units_n) if pr.value < 0 else
                _("{Units} with a higher {what} have a higher {name} (r = {r}), but on only {units_n} this is "
                  "inconclusive", Units=units(ctx).capitalize(), what=md.inline(what), name=name, r=r,
                  units_n=units_n))
        span = _("; a 95% interval would run from {ci}", ci=ci_text(ci)) if ci else ""
        return card(_("Inconclusive"), _("r = {r} · n = {units_n}", r=r, units_n=units_n), f"{text}{span}.")
    use = adj if adj is not None and adj.value is not None and adj.ci else pr
    agrees = (pr.value > 0) == (expected_sign(ctx) > 0)
    lead = md.inline(capital(per_period(ctx, what)))
    if inconclusive(use):
        head, finding = _("No clear link"), _("{lead} cannot be told apart from no relationship with {name}",
                                             lead=lead, name=name)
    elif agrees:
        head, finding = strength_head(pr.value), _("{lead} tracks {name} {how}", lead=lead, name=name,
                                                   how=strength(pr.value))
    else:
        head, finding = _("Opposite directions"), _("{lead} moves against {name}", lead=lead, name=name)
    p = _primary_p(ctx)
    stats = (_("r = {r}, 95% CI {ci} allowing for autocorrelation, n = {units_n}", r=r, ci=ci_text(use.ci),
               units_n=count(ctx, n)) if use is adj else
             _("r = {r}, 95% CI {ci}, n = {units_n}", r=r, ci=ci_text(use.ci), units_n=count(ctx, n)))
    if p is not None:
        stats = _("{stats}; {p} after adjusting for multiple tests", stats=stats, p=fmt.pvalue(p))
    return card(head, _("SMI against {name} · r = {r}", name=name, r=r), f"{finding} ({stats}).")


def _primary_p(ctx: Context):
    t = ctx.fs.tables.get("value.tests")
    row = next((r for r in (t.rows if t else []) if r["family"] == "primary"), None)
    return row["p_adj"] if row else None


def _days(v) -> str:
    return n_("{n} day", "{n} days", round(v))


def timeliness_card(ctx: Context) -> str | None:
    smi, trad = f(ctx, "quality.smi.latency"), f(ctx, "quality.traditional.latency")
    if not (ctx.has("quality.smi.latency") and ctx.has("quality.traditional.latency")):
        return None
    gain = trad.value - smi.value
    days = _("SMI is ready {smi} after the typical post it counts; {name} is published {trad} after the middle of "
             "its fieldwork.", smi=_days(smi.value), name=md.inline(measure_name(ctx)), trad=_days(trad.value))
    if gain <= 0:
        return card(_("{days} later", days=_days(-gain)), _("SMI is not earlier here"), days + vq.frequency_clause(ctx))
    return card(_("{days} earlier", days=_days(gain)), _("what SMI adds · timeliness"),
                days + vq.frequency_clause(ctx))


def lead_card(ctx: Context) -> str | None:
    best = f(ctx, "value.ccf.best_lag")
    if best is None or setup(ctx).get("design") == "cross_section":
        return None
    one = units(ctx, 1)
    if best.value is None:
        return card(_("no lead"), _("lead / lag"), _("No lead of SMI over the survey can be shown: {reason}.",
                                                    reason=md.text(reason_text(best.reason)).rstrip(".")))
    x = best.extra
    ccf, bound = r_text(x.get("ccf")), r_text(x.get("bound"))
    if best.value == 0:
        return card(_("same {unit}", unit=one), _("lead / lag"),
                    _("SMI moves with the survey, not ahead of it: the link is strongest within the same {unit} "
                      "(cross-correlation {ccf}, beyond its ±{bound} noise band).", unit=one, ccf=ccf, bound=bound))
    k = abs(best.value)
    if best.value > 0:
        return card(_("{units_n} ahead", units_n=count(ctx, k)), _("lead / lag"),
                    _("SMI moves first, by {units_n} (cross-correlation {ccf}, beyond its ±{bound} band and "
                      "significant after adjusting for multiple tests).", units_n=count(ctx, k), ccf=ccf,
                      bound=bound))
    return card(_("{units_n} behind", units_n=count(ctx, k)), _("lead / lag"),
                _("SMI follows, by {units_n} (cross-correlation {ccf}, beyond its ±{bound} band and significant "
                  "after adjusting for multiple tests).", units_n=count(ctx, k), ccf=ccf, bound=bound))


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


# the page's own headers for the findings' tables (no raw ids, in the client's language)
SERIES_COLUMNS = {"period": N_("Period"), "period_start": N_("From"), "period_end": N_("To"), "smi": N_("SMI"),
                  "smi_n": N_("Posts"), "smi_ci_low": N_("SMI 95% CI low"), "smi_ci_high": N_("SMI 95% CI high"),
                  "traditional": N_("Traditional"), "traditional_n": N_("Respondents"),
                  "traditional_ci_low": N_("Traditional 95% CI low"),
                  "traditional_ci_high": N_("Traditional 95% CI high"), "status": N_("Status"), "brand": N_("Brand")}


def _short_note(ctx: Context) -> str:
    return _("Periods or brands with fewer than {n} posts are missing, not zero.",
             n=setup(ctx).get("n_min", VALUE_N_MIN))


def series_table(ctx: Context):
    t = relabel(ctx.fs.tables["value.series"], SERIES_COLUMNS, _short_note(ctx))
    return replace(t, rows=[{**r, "status": _status(r["status"])} for r in t.rows])


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
                    "smi_text": smi_value(ctx, r["smi"]) if r["smi"] is not None else _("missing (too few posts)"),
                    "trad_text": fmt.number(r["traditional"], 1) if r["traditional"] is not None else _("no value"),
                    "respondents_text": fmt.number(resp, 0) if resp is not None else _("not given")})
    return out


def _range(values) -> str:
    v = [x for x in values if x is not None]
    if not v:
        return _("not given")
    return fmt.number(min(v), 0) if min(v) == max(v) else f"{fmt.number(min(v), 0)}–{fmt.number(max(v), 0)}"


def series_section(ctx: Context) -> str:
    t = ctx.fs.tables["value.series"]
    rows = _series_rows(ctx)
    _what, axis_title, axis_fmt = measure_words(ctx)
    name = measure_name(ctx)
    one = units(ctx, 1)
    missing_rows = [r for r in t.rows if r["status"] != "ok"]
    title = _series_title(ctx)
    sub = _("Shaded: 95% CI · grey bars: posts per {unit}", unit=one)
    resp = _range(r.get("traditional_n") for r in t.rows)
    spec = lambda: vc.series_panels(rows, title=title, subtitle=sub, smi_title=axis_title,  # noqa: E731
                                    trad_title=name, n_title=_("Posts"), smi_format=axis_fmt)
    fig = ctx.chart("value-series", spec,
                    _("Two aligned panels over time: the SMI measure with its 95% band above, {name} with its 95% "
                      "band below, and the number of posts per {unit} at the bottom.", name=name, unit=one),
                    _("SMI ({axis}) and {name} per {unit}, {units_n} (posts per {unit}: {posts}; survey respondents: "
                      "{resp}). Bands are 95% confidence intervals. SMI is re-aggregated from the individual posts "
                      "of each {unit}, never averaged from weekly means.", axis=axis_title.lower(), name=name,
                      unit=one, units_n=count(ctx, len(t.rows)), posts=_range(r["smi_n"] for r in t.rows),
                      resp=resp), series_table(ctx))
    gap_box = ""
    if missing_rows:
        gap_box = md.admonition("warning", _("{k} of {units_n} have no comparison", k=len(missing_rows),
                                             units_n=count(ctx, len(t.rows))),
                                _short_note(ctx) + " "
                                + md.text(listing(sorted({_status(r["status"]) for r in missing_rows}))) + ".")
    return _tracks_head(ctx) + fig + gap_box + scatter(ctx) + correlation_notes(ctx)


def _status(status: str) -> str:
    """A series row's status (the analysis writes it in English) in the client's language."""
    if status.startswith("missing: fewer than "):
        return _("missing: fewer than {n} posts", n=status.split()[3])
    if status == "ok":
        return _("ok")
    return _("missing: no traditional value") if status == "missing: no traditional value" else status


def _tracks_head(ctx: Context) -> str:
    return "## " + _("How closely SMI tracks {name}", name=md.inline(measure_name(ctx))) + "\n\n"


def _series_title(ctx: Context) -> str:
    pr = f(ctx, "value.pearson_r")
    name = measure_name(ctx)
    if pr is None or pr.value is None:
        return _("SMI and {name} over time", name=name)
    if inconclusive(pr):
        return _("SMI and {name} over time: no clear common movement", name=name)
    return _("SMI and {name} rise and fall together (r = {r})", name=name, r=r_text(pr.value)) if pr.value > 0 else \
        _("SMI and {name} move in opposite directions (r = {r})", name=name, r=r_text(pr.value))


def scatter(ctx: Context) -> str:
    t = ctx.fs.tables["value.series"]
    cross = setup(ctx).get("design") == "cross_section"
    rows = [{"x": r["smi"], "y": r["traditional"], "name": r.get("brand") or r.get("period"),
             "x_lo": r["smi_ci_low"] if cross else None, "x_hi": r["smi_ci_high"] if cross else None,
             "x_text": smi_value(ctx, r["smi"]), "y_text": fmt.number(r["traditional"], 1)}
            for r in t.rows if r["smi"] is not None and r["traditional"] is not None]
    if len(rows) < 3:
        return md.admonition("warning", _("Scatter not drawn"),
                             _("Only {units_n} have both values; a fitted line needs at least 3.",
                               units_n=count(ctx, len(rows))))
    pr = f(ctx, "value.pearson_r")
    _what, axis_title, axis_fmt = measure_words(ctx)
    name = measure_name(ctx)
    n = len(rows)
    if inconclusive(pr):
        title = (_("Fewer social complaints, higher {name}? Suggestive only (inconclusive on n = {n})", name=name, n=n)
                 if expected_sign(ctx) < 0 else
                 _("Better social sentiment, higher {name}? Suggestive only (inconclusive on n = {n})", name=name,
                   n=n))
    else:
        title = _("Each point is one {unit}: SMI and {name} line up (r = {r}, n = {n})", unit=units(ctx, 1),
                  name=name, r=r_text(pr.value), n=n)
    sub = _("Dashed: least-squares line · bars: 95% CI") if cross else _("Dashed: least-squares line")
    spec = lambda: vc.scatter_fit(rows, title=title, subtitle=sub, x_title=axis_title, y_title=name,  # noqa: E731
                                  x_format=axis_fmt, labelled=cross)
    missing_rows = [r.get("brand") or r.get("period") for r in t.rows if r["smi"] is None or r["traditional"] is None]
    left = (" " + _("Not plotted (no value on one side): {names}.",
                    names=md.text(listing([str(m) for m in missing_rows]))) if missing_rows else "")
    return ctx.chart("value-scatter", spec,
                     _("Scatter plot of the SMI measure against {name}, one point per {unit}, with a least-squares "
                       "line.", name=name, unit=units(ctx, 1)),
                     _("SMI against {name}, n = {units_n}. The line is descriptive; the interval and test of the "
                       "correlation are in the table below.", name=name, units_n=count(ctx, n)) + left,
                     series_table(ctx)) + "\n"


def cross_section(ctx: Context) -> str:
    return _tracks_head(ctx) + scatter(ctx) + correlation_notes(ctx)


def correlation_notes(ctx: Context) -> str:
    pr = f(ctx, "value.pearson_r")
    if pr is None or pr.value is None:
        return missing(ctx, "value.pearson_r", _("Correlation"))  # the reason in the report's language
    rows, descriptive = [], False
    for key in ("value.pearson_r", "value.pearson_r_adjusted", "value.bootstrap", "value.spearman_rho"):
        x = f(ctx, key)
        if x is None or (x.value is None and key != "value.pearson_r"):
            continue
        ci = x.ci or x.extra.get("descriptive_ci")
        descriptive |= bool(ci) and not x.ci
        rows.append([md.cell(estimate_name(ctx, key, x)), r_text(x.value) if x.value is not None else "–",
                     (ci_text(ci) + ("*" if not x.ci else "")) if ci else _("not estimable")])
    table = md.table([_("Estimate"), "r", _("95% CI")], rows, ["left", "right", "right"])
    note = ("\n\\* " + _("Descriptive only: with n = {n}, below 6, no interval is used for inference.", n=pr.n)
            + "\n" if descriptive else "")
    intro = (_("The same correlation (n = {units_n}) with different kinds of 95% interval. Fisher's assumes "
               "independent {units}; the effective-n and bootstrap intervals allow for autocorrelation; Spearman's "
               "uses ranks only:", units_n=count(ctx, pr.n), units=units(ctx)) if len(rows) > 2 else
             _("The same correlation (n = {units_n}) with Pearson's and Spearman's (rank) estimates:",
               units_n=count(ctx, pr.n)))
    out = "\n" + intro + "\n\n" + table + note
    if inconclusive(pr):
        out += "\n" + inconclusive_box(ctx, pr)
    n_eff = f(ctx, "value.n_eff")
    if n_eff is not None and n_eff.value is not None:
        out += "\n" + _("Both series carry momentum from one {unit} to the next (lag-1 autocorrelations {r1} and "
                        "{r2}), so the {units_n} hold the information of about {used} independent ones (Bretherton "
                        "et al. 1999); the headline uses the wider interval that allows for this.",
                        unit=units(ctx, 1), r1=r_text(n_eff.extra.get("r1_smi")),
                        r2=r_text(n_eff.extra.get("r1_traditional")), units_n=count(ctx, n_eff.n),
                        used=fmt.number(n_eff.extra.get("used"), 1)) + "\n"
    return out


def estimate_name(ctx: Context, key: str, x) -> str:
    if key == "value.pearson_r_adjusted":
        return _("Pearson r, effective n = {n}", n=fmt.number(x.extra.get("n_used"), 1))
    if key == "value.bootstrap":
        return _("Pearson r, block bootstrap ({b} resamples)", b=fmt.number(x.extra.get("b"), 0))
    if key == "value.spearman_rho":
        return _("Spearman ρ (Bonett–Wright)")
    return _("Pearson r (Fisher z)")


def inconclusive_box(ctx: Context, pr) -> str:
    n = pr.n
    ci = pr.ci or pr.extra.get("descriptive_ci")
    if n <= INCONCLUSIVE_N:
        why = (_("The correlation rests on {units_n}. With so few pairs a single one can make or break it, and its "
                 "95% interval ({ci}) spans almost every possible value.", units_n=count(ctx, n), ci=ci_text(ci))
               if ci else
               _("The correlation rests on {units_n}. With so few pairs a single one can make or break it, and its "
                 "95% interval spans almost every possible value.", units_n=count(ctx, n)))
        why += " " + _("smaa makes no inferential statement below 6 pairs and flags anything up to {k} as "
                       "inconclusive. Read r as a description of these few points, not as evidence of a "
                       "relationship; more {units} or a time series per {unit} are needed.", k=INCONCLUSIVE_N,
                       units=units(ctx), unit=units(ctx, 1))
    else:
        why = _("The 95% interval ({ci}) includes zero: on these {units_n} the data are compatible with no "
                "relationship at all.", ci=ci_text(ci), units_n=count(ctx, n))
    return md.admonition("warning", _("Inconclusive: n = {units_n}", units_n=count(ctx, n)), why)


# ---------------------------------------------------------------- every test


TEST_NAMES = {"pearson_r": N_("Pearson r"), "spearman_rho": N_("Spearman ρ"), "ccf": N_("Cross-correlation")}


def _test_name(r: dict) -> str:
    name = _(TEST_NAMES[r["test"]]) if r["test"] in TEST_NAMES else r["test"]
    if r["test"] == "ccf":
        name = _("{test}, lag {lag}", test=name, lag=lag.signed(r["lag"]))
    return _("{test} (primary)", test=name) if r["family"] == "primary" else name


def _verdict(r: dict) -> str:
    if r["significant"] is not None:
        return _("significant") if r["significant"] else _("not significant")
    return _("no test: n < 6") if r.get("n") is not None and r["n"] < 6 else _("not testable")


def tests_section(ctx: Context) -> str:
    t = ctx.fs.tables.get("value.tests")
    if t is None or not t.rows:
        return ""
    rows = []
    for r in t.rows:
        method = "Holm" if r["method"] == "Holm" else "BH"
        rows.append([md.cell(_test_name(r)), fmt.number(r["statistic"], 2) if r["statistic"] is not None else "–",
                     fmt.number(r["n"], 0) if r["n"] is not None else "–", _p(r["p"]),
                     f"{_p(r['p_adj'])} ({method})" if r["p_adj"] is not None else f"– ({method})", _verdict(r)])
    q = next((c["value"] for c in ctx.fs.meta.get("conventions", []) if c["name"] == "value.fdr_q"), VALUE_FDR_Q)
    primary = setup(ctx).get("primary")
    return ("## " + _("Every test, with adjusted p-values") + "\n\n"
            + _("The declared primary hypothesis ({test} at lag 0) is adjusted with Holm's method and judged at 5%; "
                "every other test on this page is exploratory and adjusted with Benjamini–Hochberg (BH) at a "
                "false-discovery rate q = {q} [SMAA convention]. The primary test uses the effective n when the "
                "series are autocorrelated.", test=md.inline(_(TEST_NAMES.get(primary, TEST_NAMES["pearson_r"]))),
                q=fmt.number(q, 2)) + "\n\n"
            + md.table([_("Test"), _("Estimate"), "n", "p", _("Adjusted p"), _("Verdict")], rows,
                       ["left", "right", "right", "right", "right", "left"]))


def _p(p) -> str:
    return "–" if p is None else fmt.pvalue(p).replace("p = ", "").replace("p ", "")


# ---------------------------------------------------------------- page


def build(ctx: Context) -> Page | None:
    if "value.setup" not in ctx.fs.findings:
        return None
    name = measure_name(ctx)
    parts = ["# " + _("What social-media information is worth next to {name}", name=md.inline(name)) + "\n",
             md.cards(headlines(ctx)), ctx.story("value"), vq.design_note(ctx)]
    if setup(ctx).get("design") == "cross_section":
        parts.append(vq.brands_section(ctx, lead=True))
    cross = setup(ctx).get("design") == "cross_section"
    parts += [cross_section(ctx) if cross else series_section(ctx), lag.time_only_note(ctx) if cross else lag.ccf_section(ctx),
              "" if cross else lag.agreement_section(ctx), tests_section(ctx), vq.quality_section(ctx),
              vq.scorer_section(ctx), vi.ingestion_section(ctx), vi.examples_section(ctx), vi.rules_section(ctx)]
    body = "\n".join(p for p in parts if p)
    return Page("value", _("SMI value"), body + glossary(body, GLOSSARY))
