"""Altair builders of the Resilience page (methods.md M11): the specification curve with its dashboard of choices
(two aligned panels, one shared x axis), the η² bars and the distribution of Kendall τ-b. Aggregated records in,
a Vega-Lite dict out; Altair is imported only when a chart is really made."""

from __future__ import annotations

from ...i18n import _
from ..base.charts import ACCENT, CLIENT, INK, MUTED, NARROW, PEER, _js, config


def spec_curve(curve: list[dict], dashboard: list[dict], rows: list[str], shading: list[bool], *, title: str,
               subtitle: str, y_title: str, short: dict[str, str] | None = None) -> dict:
    """Top: every specification's estimate (sorted) with its 95% CI, filled when significant, the baseline in
    the client colour and labelled, zero drawn. Bottom: one row per option, a mark under each specification
    that uses it, the options of every other choice on a pale band (`shading`), the baseline's column marked,
    the `short` option names on a phone. Both panels follow the container's width (fit-x), so they stay aligned
    and legible rather than being scaled down as a fixed-width composite would be.
    `curve` rows: rank, estimate, ci_low, ci_high, significant, baseline, differs;
    `dashboard` rows: rank, option, baseline."""
    import altair as alt

    n = max((r["rank"] for r in curve), default=1)
    at = next((r["rank"] for r in curve if r["baseline"]), 1)
    align = "left" if at <= 0.1 * n else "right" if at > 0.9 * n else "center"  # the label never leaves the plot
    xscale = alt.Scale(domain=[0.5, n + 0.5], nice=False, zero=False)
    x = alt.X("rank:Q", scale=xscale, title=None,
              axis=alt.Axis(labels=False, ticks=False, domain=False, grid=False))
    data = alt.Data(values=curve)
    tooltip = [alt.Tooltip("spec:N", title=_("Specification")), alt.Tooltip("label:N", title=_("Estimate")),
               alt.Tooltip("differs:N", title=_("Differs from the baseline in"))]
    intervals = [alt.Chart(data).transform_filter("datum.ci_low !== null").mark_rule(
        color=PEER, strokeWidth=1.2).encode(x=x, y=alt.Y("ci_low:Q", title=y_title), y2="ci_high:Q")]
    layers = [
        alt.Chart(alt.Data(values=[{"at": 0}])).mark_rule(color=MUTED, strokeDash=[4, 3]).encode(y="at:Q"),
        *(intervals if any(r["ci_low"] is not None for r in curve) else []),
        alt.Chart(data).transform_calculate(
            _ink=f"datum.baseline ? '{CLIENT}' : '{INK}'",
            _fill=f"datum.significant ? (datum.baseline ? '{CLIENT}' : '{INK}') : 'white'").mark_point(
            size=34, strokeWidth=1.3, opacity=1).encode(
            x=x, y=alt.Y("estimate:Q", title=y_title), color=alt.Color("_ink:N", scale=None),
            fill=alt.Fill("_fill:N", scale=None), tooltip=tooltip),
        alt.Chart(data).transform_filter("datum.baseline").mark_point(size=160, strokeWidth=2, color=CLIENT).encode(
            x=x, y="estimate:Q"),
        alt.Chart(data).transform_filter("datum.baseline").mark_text(
            align=align, dx={"left": -4, "center": 0, "right": 4}[align], dy=-16, fontSize=11, fontWeight="bold",
            color=CLIENT).encode(x=x, y="estimate:Q", text=alt.value(_("baseline"))),
        alt.Chart(alt.Data(values=[{"at": 0, "name": _("no relationship")}])).mark_text(
            align="left", baseline="bottom", dy=-3, fontSize=10, color=MUTED).encode(
            x=alt.value(2), y="at:Q", text="name:N"),
    ]
    top = alt.layer(*layers).properties(width="container", height=230)
    bottom = _dashboard(dashboard, rows, shading, short, x, xscale, n, at)
    # the title on the composite itself, where the theme wraps it to a phone's width
    chart = alt.vconcat(top, bottom, spacing=6, title=alt.TitleParams(title, subtitle=subtitle)).resolve_scale(
        x="shared")
    return config(chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding")))


def _dashboard(dashboard: list[dict], rows: list[str], shading: list[bool], short, x, xscale, n: int, at: int):
    """The options under the curve: a tick per specification and option, alternate choices on a pale band, the
    baseline's column marked."""
    import altair as alt

    y = alt.Y("option:N", sort=rows, title=None, scale=alt.Scale(domain=rows),
              axis=alt.Axis(labelLimit=260, domain=False, ticks=False, labelFontSize=11, labelExpr=_short(short)))
    bands = [{"option": o, "lo": 0.5, "hi": n + 0.5} for o, shade in zip(rows, shading) if shade]
    layers = [
        alt.Chart(alt.Data(values=bands)).mark_rect(color="#EEF1F5").encode(x=alt.X("lo:Q", scale=xscale),
                                                                            x2="hi:Q", y=y),
        alt.Chart(alt.Data(values=[{"rank": at}])).mark_rule(color=CLIENT, opacity=0.35, strokeWidth=5).encode(x=x),
        alt.Chart(alt.Data(values=dashboard)).mark_tick(thickness=2, size=11).encode(
            x=x, y=y, color=alt.condition("datum.baseline", alt.value(CLIENT), alt.value(INK)),
            tooltip=[alt.Tooltip("option:N", title=_("Option")), alt.Tooltip("spec:N", title=_("Specification"))]),
    ]
    return alt.layer(*layers).properties(width="container", height=15 * len(rows))


def _short(short: dict[str, str] | None) -> str:
    """Axis labelExpr: the short name of each option on a narrow screen, the full one otherwise."""
    expr = "datum.label"
    for full, name in (short or {}).items():
        expr = f"datum.label === {_js(full)} ? {_js(name)} : ({expr})"
    return f"{NARROW} ? ({expr}) : datum.label"


def eta_bars(rows: list[dict], *, title: str) -> dict:
    """η² per choice (0–1) with the percentage printed at the bar end; the top choice in the accent colour."""
    import altair as alt

    order = [r["label"] for r in rows]
    scale = alt.Scale(domain=[0, 1], nice=False)
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(domain=False, ticks=False, labelLimit=200))
    data = alt.Data(values=rows)
    bars = alt.Chart(data).mark_bar(height={"band": 0.66}).encode(
        x=alt.X("eta2:Q", scale=scale, title=_("Share of the variation across specifications (η²)"),
                axis=alt.Axis(format=".0%", values=[0, 0.25, 0.5, 0.75, 1])), y=y,
        color=alt.condition("datum.top", alt.value(ACCENT), alt.value(CLIENT)),
        tooltip=[alt.Tooltip("label:N", title=_("Choice")), alt.Tooltip("text:N", title="η²")])
    text = alt.Chart(data).mark_text(align="left", dx=4, fontSize=11, color="#222").encode(
        x=alt.X("eta2:Q", scale=scale), y=y, text="text:N")
    return config(alt.layer(bars, text).properties(title=title, width="container", height=max(90, 30 * len(rows))))


def tau_bars(rows: list[dict], *, title: str) -> dict:
    """How many specifications rank the brands with each Kendall τ-b against the baseline (τ = 1: same order)."""
    import altair as alt

    data = alt.Data(values=rows)
    x = alt.X("tau_text:N", sort=[r["tau_text"] for r in rows], title=_("Kendall τ-b with the baseline ranking"),
              axis=alt.Axis(labelAngle=0))
    bars = alt.Chart(data).mark_bar(width={"band": 0.7}, color=CLIENT).encode(
        x=x, y=alt.Y("n:Q", title=_("Specifications"), axis=alt.Axis(tickMinStep=1)),
        tooltip=[alt.Tooltip("tau_text:N", title="τ-b"), alt.Tooltip("n:Q", title=_("Specifications"))])
    text = alt.Chart(data).mark_text(baseline="bottom", dy=-3, fontSize=11, color="#222").encode(
        x=x, y="n:Q", text="n:Q")
    return config(alt.layer(bars, text).properties(title=title, width="container", height=200))
