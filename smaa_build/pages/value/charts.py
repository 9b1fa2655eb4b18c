"""Altair builders of the SMI-value page (M8–M10). Each takes aggregated records that already carry their printed
labels and returns a Vega-Lite dict. Panels share an axis instead of a second y-axis (report-style.md); every
interval is a band or an error bar; reference lines are drawn and labelled; text sits next to the marks so the
charts read in black and white."""

from __future__ import annotations

from ...i18n import _
from ..base.charts import ACCENT, CLIENT, INK, MUTED, PEER, _js, _responsive, _row_axis, config

SMI_COLOUR, TRAD_COLOUR = CLIENT, "#E69F00"  # Okabe–Ito blue (SMI) and orange (traditional)
BAND_FILL = "#E8EEF6"


def _fit_x(spec: dict) -> dict:
    """A stack of panels follows its container too: each panel is 'container' wide and the whole fits x."""
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec


def _y_axis(title: str, fmt: str | None = None, ticks: int = 3):
    import altair as alt

    # fixed label extent, so that stacked panels start their plots at the same x
    return alt.Axis(title=title, minExtent=44, maxExtent=44, grid=True, gridColor="#EEF0F4", tickCount=ticks,
                    titleFontSize=11, **({"format": fmt} if fmt else {}))


def series_panels(rows: list[dict], *, title: str, subtitle: str, smi_title: str, trad_title: str,
                  n_title: str, smi_format: str = ".2f") -> dict:
    """Both series over time, one above the other on a shared time axis: each a line with its 95% band; a third,
    short panel gives the posts per period. Rows: start (ISO date), smi, smi_lo, smi_hi, trad, trad_lo, trad_hi,
    posts, respondents, period (label)."""
    import altair as alt

    data = alt.Data(values=rows)

    def x_axis(labels: bool):
        return alt.X("start:T", title=None, axis=alt.Axis(
            format="%b %Y", labelAngle=0, tickCount=_responsive(8, 4), grid=False, labels=labels, ticks=labels,
            labelOverlap=True, domain=True))

    tips = [alt.Tooltip("period:N", title=_("Period")), alt.Tooltip("smi_text:N", title=smi_title),
            alt.Tooltip("trad_text:N", title=trad_title), alt.Tooltip("posts:Q", title=_("Posts"), format=","),
            alt.Tooltip("respondents_text:N", title=_("Respondents"))]

    def panel(value: str, lo: str, hi: str, colour: str, axis_title: str, fmt: str, height: int):
        base = alt.Chart(data).transform_filter(f"datum.{value} !== null")
        band = base.mark_area(opacity=0.22, color=colour).encode(
            x=x_axis(False), y=alt.Y(f"{lo}:Q", scale=alt.Scale(zero=False), axis=_y_axis(axis_title, fmt)),
            y2=f"{hi}:Q")
        line = base.mark_line(color=colour, strokeWidth=2).encode(x=x_axis(False), y=f"{value}:Q")
        dots = base.mark_point(filled=True, color=colour, size=28, opacity=1).encode(
            x=x_axis(False), y=f"{value}:Q", tooltip=tips)
        return alt.layer(band, line, dots).properties(width="container", height=height)

    volume = alt.Chart(data).mark_rule(color=PEER, strokeWidth=_responsive(7, 4)).encode(
        x=x_axis(True), y=alt.Y("posts:Q", axis=_y_axis(n_title, ",d", ticks=2)), y2=alt.datum(0),
        tooltip=tips).properties(width="container", height=56)
    chart = alt.vconcat(panel("smi", "smi_lo", "smi_hi", SMI_COLOUR, smi_title, smi_format, 150),
                        panel("trad", "trad_lo", "trad_hi", TRAD_COLOUR, trad_title, ".0f", 150),
                        volume, spacing=10).resolve_scale(x="shared").properties(
        title=alt.Title(title, subtitle=subtitle))
    return _fit_x(config(chart))


def brand_intervals(rows: list[dict], *, title: str, subtitle: str, value_title: str, order: list[str],
                    domain: tuple[float, float] = (0.0, 1.0)) -> dict:
    """A share per brand with its 95% (Wilson) interval as an error bar and the share printed; brands below the
    posts minimum are grey and say so. Rows: brand, label (axis text with n), share, lo, hi, text, reliable."""
    import altair as alt

    data = alt.Data(values=rows)
    scale = alt.Scale(domain=list(domain), nice=False)
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(**_row_axis(order)))
    colour = alt.condition("datum.reliable", alt.value(SMI_COLOUR), alt.value("#9aa3b2"))
    tips = [alt.Tooltip("brand:N", title=_("Brand")), alt.Tooltip("text:N", title=value_title),
            alt.Tooltip("ci:N", title=_("95% CI")), alt.Tooltip("n:Q", title=_("Posts"), format=",")]
    x = alt.X("lo:Q", title=value_title, scale=scale, axis=alt.Axis(format=".0%", grid=True, gridColor="#EEF0F4"))
    bars = alt.Chart(data).mark_rule(strokeWidth=2).encode(x=x, x2="hi:Q", y=y, color=colour, tooltip=tips)
    caps = [alt.Chart(data).mark_tick(thickness=2, size=10).encode(x=alt.X(f"{e}:Q", scale=scale), y=y, color=colour)
            for e in ("lo", "hi")]
    dots = alt.Chart(data).mark_point(filled=True, size=70, opacity=1).encode(
        x=alt.X("share:Q", scale=scale), y=y, color=colour, tooltip=tips)
    # the share is printed right of its interval, or left of it when the interval reaches the right edge
    far = f"datum.hi > {domain[0] + 0.75 * (domain[1] - domain[0])}"
    # a brand below the posts minimum has a wide interval: its label goes above its dot
    text = [alt.Chart(data).transform_filter(test).mark_text(align=align, dx=dx, dy=dy, fontSize=11, color=INK).encode(
        x=alt.X(f"{at}:Q", scale=scale), y=y, text="text:N")
        for test, at, align, dx, dy in ((f"datum.reliable && !({far})", "hi", "left", 8, 0),
                                        (f"datum.reliable && {far}", "lo", "right", -8, 0),
                                        ("!datum.reliable", "share", "center", 0, -10))]
    chart = alt.layer(bars, *caps, dots, *text).properties(title=alt.Title(title, subtitle=subtitle),
                                                          width="container", height=max(120, 30 * len(order)))
    return config(chart)


def scatter_fit(rows: list[dict], *, title: str, subtitle: str, x_title: str, y_title: str, x_format: str,
                labelled: bool, x_domain=None, y_domain=None, fit: bool = True) -> dict:
    """SMI (x) against the traditional value (y), one point per period or brand, with the least-squares line;
    with `labelled` each point carries its name. Rows: x, y, name, x_lo, x_hi (optional interval)."""
    import altair as alt

    data = alt.Data(values=rows)
    xs = alt.Scale(zero=False, nice=False, domain=list(x_domain or _padded(
        [r["x_lo"] if r.get("x_lo") is not None else r["x"] for r in rows] + [r.get("x_hi") or r["x"] for r in rows],
        right=0.3 if labelled else None)))
    ys = alt.Scale(zero=False, nice=False, domain=list(y_domain or _padded([r["y"] for r in rows])))
    x = alt.X("x:Q", title=x_title, scale=xs, axis=alt.Axis(format=x_format, grid=True, gridColor="#EEF0F4",
                                                           tickCount=_responsive(10, 5)))
    y = alt.Y("y:Q", title=y_title, scale=ys, axis=alt.Axis(grid=True, gridColor="#EEF0F4", tickCount=5))
    tips = [alt.Tooltip("name:N", title=_("Point")), alt.Tooltip("x_text:N", title=x_title),
            alt.Tooltip("y_text:N", title=y_title)]
    layers = []
    if any(r.get("x_lo") is not None for r in rows):
        layers.append(alt.Chart(data).transform_filter("datum.x_lo !== null").mark_rule(
            color=SMI_COLOUR, opacity=0.5).encode(x=alt.X("x_lo:Q", scale=xs), x2="x_hi:Q", y=y))
    if fit:
        layers.append(alt.Chart(data).transform_regression("x", "y").mark_line(
            color=MUTED, strokeDash=[5, 3], strokeWidth=1.5).encode(x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys)))
    layers.append(alt.Chart(data).mark_point(filled=True, size=80 if labelled else 40, color=INK, opacity=0.85).encode(
        x=x, y=y, tooltip=tips))
    if labelled:
        layers.append(alt.Chart(data).mark_text(align="left", dx=7, dy=-7, fontSize=11, color=INK).encode(
            x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), text="name:N"))
    chart = alt.layer(*layers).properties(title=alt.Title(title, subtitle=subtitle), width="container",
                                          height=280)
    return config(chart)


def _padded(values: list[float], share: float = 0.08, right: float | None = None) -> tuple[float, float]:
    """Data range with a margin on both sides (a wider one on the right for point labels), so no point sits on
    an axis and no label is cut at the edge."""
    lo, hi = min(values), max(values)
    span = (hi - lo) or abs(hi) * 0.5 or 1.0
    return lo - span * share, hi + span * (share if right is None else right)


def ccf_bars(rows: list[dict], *, title: str, subtitle: str, lag_title: str) -> dict:
    """Pre-whitened cross-correlation per lag as bars from zero, the ±1.96/√(n−|k|) band of each lag drawn behind
    them (labelled), the zero line drawn; bars beyond their band are in the accent colour. Rows: lag, ccf, bound,
    text, beyond."""
    import altair as alt

    lags = [r["lag"] for r in rows]
    xs = alt.Scale(domain=[min(lags) - 0.6, max(lags) + 0.6], nice=False, zero=False)
    big = max([abs(r["ccf"]) for r in rows if r["ccf"] is not None] + [r["bound"] for r in rows] + [0.5])
    ys = alt.Scale(domain=[-min(1.0, big * 1.25), min(1.0, big * 1.25)], nice=False)
    data = alt.Data(values=[{**r, "lo_x": r["lag"] - 0.42, "hi_x": r["lag"] + 0.42, "neg": -r["bound"]}
                            for r in rows])
    x = alt.X("lag:Q", title=lag_title, scale=xs,
              axis=alt.Axis(values=lags, format="+d", labelExpr="datum.value === 0 ? '0' : datum.label", grid=False))
    y = alt.Y("ccf:Q", title=_("Cross-correlation"), scale=ys, axis=alt.Axis(grid=False, tickCount=5))
    tips = [alt.Tooltip("lag:Q", title=_("Lag")), alt.Tooltip("text:N", title=_("Cross-correlation")),
            alt.Tooltip("bound_text:N", title=_("Noise band")), alt.Tooltip("n:Q", title=_("Pairs"))]
    band = alt.Chart(data).mark_rect(color=BAND_FILL).encode(x=alt.X("lo_x:Q", scale=xs), x2="hi_x:Q",
                                                               y=alt.Y("neg:Q", scale=ys), y2="bound:Q")
    edges = [alt.Chart(data).mark_rule(color=MUTED, strokeDash=[3, 2]).encode(
        x=alt.X("lo_x:Q", scale=xs), x2="hi_x:Q", y=alt.Y(f"{e}:Q", scale=ys)) for e in ("neg", "bound")]
    zero = alt.Chart(alt.Data(values=[{"z": 0}])).mark_rule(color="#333").encode(y=alt.Y("z:Q", scale=ys))
    bars = alt.Chart(data).transform_filter("datum.ccf !== null").mark_bar(size=_responsive(26, 14)).encode(
        x=x, y=y, y2=alt.datum(0), tooltip=tips,
        color=alt.condition("datum.beyond", alt.value(ACCENT), alt.value(SMI_COLOUR)))
    text = [alt.Chart(data).transform_filter(f"datum.ccf !== null && {test}").transform_calculate(
        _y=f"{pick}(datum.ccf, {edge})").mark_text(fontSize=_responsive(11, 9), color=INK, baseline=base,
                                                  dy=dy).encode(x=alt.X("lag:Q", scale=xs),
                                                                y=alt.Y("_y:Q", scale=ys), text="text:N")
            for test, pick, edge, base, dy in (("datum.ccf >= 0", "max", "datum.bound", "bottom", -3),
                                               ("datum.ccf < 0", "min", "-datum.bound", "top", 3))]
    chart = alt.layer(band, *edges, zero, bars, *text).properties(
        title=alt.Title(title, subtitle=subtitle), width="container", height=240)
    return config(chart)


def bland_altman(rows: list[dict], *, bias: float, loa: tuple[float, float], title: str, subtitle: str,
                 x_title: str, y_title: str, lines: list[dict]) -> dict:
    """Mean of the two measures (x) against their difference (y), one point per hold-out period; the bias and
    the limits of agreement as labelled horizontal lines, zero drawn. `lines`: y, label, kind (bias|loa|zero)."""
    import altair as alt

    span = max([abs(r["diff"]) for r in rows] + [abs(loa[0]), abs(loa[1])]) * 1.2
    ys = alt.Scale(domain=[-span, span], nice=False)
    xs = alt.Scale(zero=False, nice=True)
    data = alt.Data(values=rows)
    tips = [alt.Tooltip("period:N", title=_("Period")), alt.Tooltip("mean_text:N", title=x_title),
            alt.Tooltip("diff_text:N", title=y_title)]
    ref = alt.Data(values=lines)
    styles = {"bias": ("#333", [1, 0]), "loa": (ACCENT, [5, 3]), "zero": ("#9aa3b2", [2, 2])}
    rules = [alt.Chart(ref).transform_filter(f"datum.kind === '{k}'").mark_rule(color=c, strokeDash=d).encode(
        y=alt.Y("y:Q", scale=ys)) for k, (c, d) in styles.items()]
    labels = alt.Chart(ref).transform_filter("datum.kind !== 'zero'").mark_text(
        align="right", baseline="bottom", dy=-3, fontSize=10, color=INK).encode(
        x=alt.value(alt.ExprRef(expr="width")), y=alt.Y("y:Q", scale=ys), text="label:N")
    dots = alt.Chart(data).mark_point(filled=True, size=60, color=SMI_COLOUR, opacity=1).encode(
        x=alt.X("mean:Q", title=x_title, scale=xs, axis=alt.Axis(grid=True, gridColor="#EEF0F4", tickCount=5)),
        y=alt.Y("diff:Q", title=y_title, scale=ys, axis=alt.Axis(grid=False, tickCount=5)), tooltip=tips)
    chart = alt.layer(*rules, labels, dots).properties(title=alt.Title(title, subtitle=subtitle), width="container",
                                                       height=260)
    return config(chart)


def profile_dots(rows: list[dict], *, title: str, subtitle: str, order: list[str], smi_name: str,
                 trad_name: str) -> dict:
    """Data-quality profile: one row per criterion, the two sources as dots on a 0–1 score joined by a grey
    line (the gap), each dot's raw value printed beside it; what could not be scored says so in words.
    Rows: criterion (label), source (name), score, text."""
    import altair as alt

    scale = alt.Scale(domain=[-0.04, 1.04], nice=False)
    y = alt.Y("criterion:N", title=None, sort=order,
              axis=alt.Axis(**_row_axis(order), grid=True, gridColor="#F1F3F7"))
    colour = alt.Color("source:N", title=None, scale=alt.Scale(domain=[smi_name, trad_name],
                                                               range=[SMI_COLOUR, TRAD_COLOUR]),
                       legend=alt.Legend(orient="top", direction="horizontal", symbolType="circle"))
    tips = [alt.Tooltip("criterion:N", title=_("Criterion")), alt.Tooltip("source:N", title=_("Source")),
            alt.Tooltip("text:N", title=_("Raw value")), alt.Tooltip("score_text:N", title=_("Score 0–1"))]
    data = alt.Data(values=_profile_records(rows, order, trad_name))
    have = alt.Chart(data).transform_filter("datum.score !== null")
    gap = have.mark_line(color="#C9CED8", strokeWidth=3).encode(
        x=alt.X("score:Q", scale=scale), y=y, detail="criterion:N")
    dots = have.mark_point(filled=True, size=110, opacity=1).encode(
        x=alt.X("score:Q", title=_("Score (0 = worst, 1 = best; mapping in the table)"), scale=scale,
                axis=alt.Axis(values=[0, 0.25, 0.5, 0.75, 1], format=".2~f")),
        y=y, color=colour, shape=alt.Shape("source:N", scale=alt.Scale(domain=[smi_name, trad_name],
                                                                        range=["circle", "diamond"]), legend=None),
        tooltip=tips)
    # raw values above their dots (the second source's below it when the two nearly touch); near either end
    # they run inwards, so they are never cut
    text = [have.transform_filter(f"({test}) && datum.below === {low}").mark_text(
        fontSize=_responsive(10, 9), dy=13 if low == "true" else -11, align=align, dx=dx).encode(
        x=alt.X("score:Q", scale=scale), y=y, text="text:N", color=colour)
        for test, align, dx in (("datum.score > 0.85", "right", 5), ("datum.score < 0.15", "left", -5),
                                ("datum.score >= 0.15 && datum.score <= 0.85", "center", 0))
        for low in ("true", "false")]
    missing = [alt.Chart(data).transform_filter(f"datum.msg !== '' && datum.at === {at}").mark_text(
        fontSize=_responsive(10, 8), fontStyle="italic", color=MUTED, dy=9, align=align).encode(
        x=alt.X("at:Q", scale=scale), y=y, text="msg:N") for at, align in ((0, "left"), (1, "right"))]
    chart = alt.layer(gap, dots, *text, *missing).properties(title=alt.Title(title, subtitle=subtitle),
                                                            width="container", height=46 * len(order))
    return config(chart)


def _profile_records(rows: list[dict], order: list[str], trad_name: str) -> list[dict]:
    """Rows with `below` (label under the dot) and `msg`/`at` (what could not be scored, said once per row)."""
    out = []
    for c in order:
        mine = [r for r in rows if r["criterion"] == c]
        scores = [r["score"] for r in mine if r["score"] is not None]
        close = len(scores) == 2 and abs(scores[0] - scores[1]) < 0.15
        for r in mine:
            out.append({**r, "below": close and r["source"] == trad_name, "msg": "", "at": 0})
        gone = [r for r in mine if r["score"] is None]
        if len(gone) == len(mine) > 1:
            out.append({"criterion": c, "score": None, "msg": _("not computed for either source"), "at": 0})
        elif gone:
            at = 1 if gone[0]["source"] == trad_name else 0
            out.append({"criterion": c, "score": None, "msg": _("{source}: not computed", source=gone[0]["source"]),
                        "at": at})
    return out
