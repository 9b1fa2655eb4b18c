"""SMI-value page, does SMI move first and does it agree on the survey's scale (methods.md M9.3, M9.4): the
pre-whitened cross-correlation by lag with its noise band, the Bland–Altman agreement of calibrated SMI on the
hold-out periods, and for a cross-section the one note that says why neither applies. Every sentence is a whole
message of the `value` catalogue."""

from __future__ import annotations

from ...i18n import N_, _
from ..base import format as fmt
from ..base import markdown as md
from . import charts as vc
from ..base.context import Context
from .common import count, f, measure_name, missing, reason_text, relabel, sentence, units

CCF_COLUMNS = {"lag": N_("Lag (periods; > 0 SMI leads)"), "ccf": N_("Cross-correlation"), "n": N_("Pairs"),
               "bound": N_("±1.96/√n"), "p": N_("p"), "p_adj": N_("Adjusted p")}
AGREEMENT_COLUMNS = {"period": N_("Period"), "mean": N_("Mean of the two"), "diff": N_("Calibrated SMI − survey"),
                     "smi_calibrated": N_("Calibrated SMI")}


def signed(lag: int) -> str:
    """A lag with its sign: +1, −2 (a true minus sign)."""
    return f"{lag:+d}".replace("-", "−")


def _spread(z) -> str:
    return _("On standardised scores the comparison only restates r: the spread of the differences is "
             "√(2(1 − r)) = {sd} standard deviations", sd=fmt.number(z.value, 2))


def time_only_note(ctx: Context) -> str:
    """A cross-section has no lead/lag and nothing to calibrate on: one note instead of two empty sections."""
    z = f(ctx, "value.bland_altman.z_sd")
    ident = " " + _spread(z) + "." if z is not None and z.value is not None else ""
    return md.admonition("info", _("Lead/lag and agreement need a time series"),
                         _("This comparison is a cross-section of {units}. Whether SMI moves before {name} needs at "
                           "least 20 periods of both, and putting SMI on the survey's scale needs periods to "
                           "calibrate on.", units=units(ctx), name=md.inline(measure_name(ctx))) + ident)


def ccf_section(ctx: Context) -> str:
    head = "## " + _("Does SMI move first?") + "\n\n"
    t = ctx.fs.tables.get("value.ccf")
    if t is None or not t.rows:
        return head + missing(ctx, "value.ccf.best_lag", _("Lead/lag"),
                              _("Cross-correlation needs a time series of at least 20 {units}.", units=units(ctx)))
    rows = [{"lag": r["lag"], "ccf": r["ccf"], "bound": r["bound"], "n": r["n"],
             "text": fmt.number(r["ccf"], 2) if r["ccf"] is not None else "–",
             "bound_text": f"±{fmt.number(r['bound'], 2)}",
             "beyond": r["ccf"] is not None and abs(r["ccf"]) > r["bound"]} for r in t.rows]
    best = f(ctx, "value.ccf.best_lag")
    one = units(ctx, 1)
    others = [r["lag"] for r in rows if r["beyond"] and r["lag"] != 0]
    if best is not None and best.value is not None:
        if best.value != 0:
            k = abs(best.value)
            title = (_("SMI leads by {units_n}", units_n=count(ctx, k)) if best.value > 0 else
                     _("SMI lags by {units_n}", units_n=count(ctx, k)))
        elif not others:
            title = _("The link is strongest within the same {unit}; no earlier {unit} predicts the survey", unit=one)
        else:
            title = _("The link is strongest within the same {unit}; lag {lag} also leaves the noise band", unit=one,
                      lag=signed(others[0]))
    else:
        title = _("No lag stands out from noise")
    spec = lambda: vc.ccf_bars(rows, title=title, subtitle=_("Shaded: 95% noise band ±1.96/√(n−|k|)"),  # noqa: E731
                               lag_title=_("Lag ({units}; + = SMI first)", units=units(ctx)))
    text = _("Each series is first stripped of its own momentum (an AR model fitted to SMI, order {order} by AIC, "
             "applied to both), so that two trending series do not look related just because both trend "
             "(Box–Jenkins pre-whitening). A bar that leaves the shaded band is unlikely to be noise; non-zero lags "
             "are then adjusted for multiple testing (Benjamini–Hochberg).",
             order=best.extra.get("ar_order") if best is not None else "–")
    fig = ctx.chart("value-ccf", spec, _("Bar chart of the cross-correlation at each lag with the 95% noise band "
                                         "shaded behind the bars."),
                    _("Pre-whitened cross-correlation between SMI and {name} at lags −{k} to +{k} {units} "
                      "(positive: SMI first); n = {n} pairs at lag 0.", name=measure_name(ctx),
                      k=max(r["lag"] for r in rows), units=units(ctx), n=rows[len(rows) // 2]["n"]),
                    relabel(t, CCF_COLUMNS))
    verdict = "" if best is None or best.value is not None else md.admonition(
        "info", _("No lead/lag reported"), md.text(sentence(reason_text(best.reason))))
    return head + text + "\n\n" + fig + verdict


def agreement_section(ctx: Context) -> str:
    head = "## " + _("Do the two agree on the survey's own scale?") + "\n\n"
    bias, z = f(ctx, "value.bland_altman.bias"), f(ctx, "value.bland_altman.z_sd")
    t = ctx.fs.tables.get("value.bland_altman")
    ident = ""
    if z is not None and z.value is not None:
        ident = _("{spread}, limits ±{loa}. ", spread=_spread(z), loa=fmt.number(z.extra["loa"][1], 2))
    if bias is None or bias.value is None or t is None or not t.rows:
        reason = (reason_text(bias.reason) if bias is not None and bias.reason else
                  _("calibrated agreement needs a time series"))
        return head + md.admonition("info", _("Calibrated agreement not computed"),
                                    ident + _("{reason}: SMI cannot be put on the survey's scale without periods to "
                                              "calibrate on.", reason=md.text(sentence(reason)).rstrip(".")))
    x = bias.extra
    name = measure_name(ctx)
    lo, hi = bias.ci
    rows = [{"period": r["period"], "mean": r["mean"], "diff": r["diff"], "mean_text": fmt.number(r["mean"], 1),
             "diff_text": fmt.number(r["diff"], 2)} for r in t.rows]
    lines = [{"y": bias.value, "label": _("bias {v}", v=fmt.number(bias.value, 2)), "kind": "bias"},
             {"y": lo, "label": _("lower limit {v}", v=fmt.number(lo, 2)), "kind": "loa"},
             {"y": hi, "label": _("upper limit {v}", v=fmt.number(hi, 2)), "kind": "loa"},
             {"y": 0, "label": "", "kind": "zero"}]
    within = x.get("within_mdc")
    title = (_("Calibrated SMI lands within the survey's own noise in {share} of hold-out {units}",
               share=fmt.percent(within), units=units(ctx)) if within is not None else
             _("Calibrated SMI against {name} on the hold-out {units}", name=name, units=units(ctx)))
    spec = lambda: vc.bland_altman(rows, bias=bias.value, loa=(lo, hi), title=title,  # noqa: E731
                                   subtitle=_("Solid: bias · dashed: 95% limits of agreement"),
                                   x_title=_("Mean of calibrated SMI and survey"), y_title=_("SMI − survey"),
                                   lines=lines)
    text = _("SMI was put on the scale of {name} with a straight line fitted on the first {units_n} (survey = {a} + "
             "{b} × SMI) and checked on the next {n}. On those, calibrated SMI differs from the survey by {bias} "
             "points on average, and 95% of differences should fall between {lo} and {hi} points. ",
             name=md.inline(name), units_n=count(ctx, x.get("n_train")), a=fmt.number(x.get("a"), 1),
             b=fmt.number(x.get("b"), 1), n=bias.n, bias=fmt.number(bias.value, 2), lo=fmt.number(lo, 2),
             hi=fmt.number(hi, 2)) + ident
    caption = _("Agreement on {n} hold-out {units} (Bland & Altman 1986).", n=bias.n, units=units(ctx))
    if within is not None:
        caption += " " + _("{share} of them differ by less than the survey's minimum detectable change.",
                           share=fmt.percent(within))
    fig = ctx.chart("value-bland-altman", spec, _("Bland–Altman plot: the mean of calibrated SMI and the survey "
                                                  "against their difference, with the bias and the 95% limits of "
                                                  "agreement as horizontal lines."), caption,
                    relabel(t, AGREEMENT_COLUMNS))
    return head + text + "\n\n" + fig
