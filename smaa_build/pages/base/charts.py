"""Altair builders shared by the chapters: each returns a Vega-Lite dict built from aggregated records only.
Colour conventions (report-style.md): Okabe–Ito for categories, one sequential hue for heatmaps, a diverging
scale centred on a meaningful zero for gaps, the client highlighted and peers grey."""

from __future__ import annotations

from ...i18n import _, language
from ...i18n.locales import d3_locale

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
CLIENT, PEER, SUPPRESSED = "#0072B2", "#B8B8B8", "#E6E6E6"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def config(chart) -> dict:
    import altair as alt

    spec = chart.configure(font=FONT).configure_view(stroke=None).configure_axis(
        labelFontSize=11, titleFontSize=12, grid=False, labelLimit=220
    ).configure_title(fontSize=14, anchor="start", subtitleColor="#555").to_dict(validate=False)
    # validate=False: smaa builds these specs itself; tests/analyses/test_scale_charts.py validates them all
    spec.pop("$schema", None)  # the bundle pins the Vega-Lite version; the URL would be a foreign host
    if language() != "en":  # axes format numbers and dates as the text does (d3 locale from Babel's CLDR data)
        spec.setdefault("config", {})["locale"] = d3_locale(language())
    return spec


def heatmap(rows: list[dict], x: str, y: str, value: str, *, title: str, x_title: str, y_title: str,
            value_title: str, label: str, domain: tuple[float, float] | None = None,
            diverging: bool = False, x_sort: list | None = None, y_sort: list | None = None) -> dict:
    """Cells coloured by `value`; `label` holds the printed text ("<5" for suppressed cells, never blank)."""
    import altair as alt

    values = [r[value] for r in rows if r.get(value) is not None]
    domain = domain or ((min(values + [0]), max(values + [1])) if not diverging else None)
    scale = alt.Scale(scheme="blueorange", domainMid=0) if diverging else alt.Scale(scheme="blues")
    if domain:
        scale = alt.Scale(scheme="blueorange" if diverging else "blues", domain=list(domain),
                          **({"domainMid": 0} if diverging else {}))
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X(f"{x}:N", title=x_title, sort=x_sort, axis=alt.Axis(labelAngle=-35, orient="top")),
        y=alt.Y(f"{y}:N", title=y_title, sort=y_sort),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.condition(f"datum.{value} === null", alt.value(SUPPRESSED),
                            alt.Color(f"{value}:Q", title=value_title, scale=scale)),
        tooltip=[alt.Tooltip(f"{y}:N", title=y_title), alt.Tooltip(f"{x}:N", title=x_title),
                 alt.Tooltip(f"{label}:N", title=value_title)],
    )
    text = base.mark_text(fontSize=11).encode(
        text=alt.Text(f"{label}:N"),
        color=alt.condition(f"datum.{value} !== null && datum.{value} > {_mid(domain)}", alt.value("white"),
                            alt.value("#222")),
    )
    return config((cells + text).properties(title=title, width="container", height=max(120, 28 * _count(rows, y))))


def _mid(domain) -> float:
    lo, hi = domain or (0, 1)
    return lo + 0.6 * (hi - lo)


def _count(rows: list[dict], field: str) -> int:
    return len({r[field] for r in rows})


def bars(rows: list[dict], category: str, value: str, *, title: str, value_title: str, category_title: str = "",
         label: str | None = None, rule: float | None = None, rule_label: str = "", domain=None,
         highlight: str | None = None, sort=None) -> dict:
    """Horizontal bars with direct labels and an optional labelled reference line."""
    import altair as alt

    colour = alt.value(CLIENT) if not highlight else alt.condition(
        f"datum.{highlight}", alt.value(CLIENT), alt.value(PEER))
    x = alt.X(f"{value}:Q", title=value_title, scale=alt.Scale(domain=list(domain)) if domain else alt.Undefined)
    base = alt.Chart(alt.Data(values=rows)).encode(y=alt.Y(f"{category}:N", title=category_title,
                                                           sort=sort or "-x"), x=x)
    layers = [base.mark_bar(height={"band": 0.7}).encode(color=colour, tooltip=[f"{category}:N", f"{label or value}:N"
                                                                                  if label else f"{value}:Q"])]
    if label:
        layers.append(base.mark_text(align="left", dx=4, fontSize=11).encode(text=f"{label}:N"))
    if rule is not None:
        layers += _rule(rule, rule_label)
    return config(alt.layer(*layers).properties(title=title, width="container",
                                                height=max(100, 26 * _count(rows, category))))


def _rule(at: float, label: str) -> list:
    import altair as alt

    data = alt.Data(values=[{"at": at, "label": label}])
    line = alt.Chart(data).mark_rule(strokeDash=[4, 3], color="#333").encode(x="at:Q")
    text = alt.Chart(data).mark_text(align="left", dx=3, dy=-6, fontSize=10, color="#333").encode(
        x="at:Q", y=alt.value(0), text="label:N")
    return [line, text]


# ---------------------------------------------------------------- risk bands (M7) and peer strips (M6)

def _label_expr(labels: dict | None) -> dict:
    """Axis labelExpr that prints `labels[value]` (values compared as text, so 1 and "1" both match)."""
    if not labels:
        return {}
    expr = "datum.label"
    for key, text in reversed(list(labels.items())):
        expr = f"datum.label === {str(key)!r} ? {str(text)!r} : ({expr})"
    return {"labelExpr": expr}


def strip(rows: list[dict], category: str, value: str, role: str, *, title: str, subtitle, value_title: str,
          summary: list[dict], order: list[str], domain=None) -> dict:
    """One row per metric: peers as grey dots, the peer interquartile range as a light bar, the peer median as a
    dark tick, the company as a large blue diamond with its value printed. `summary` rows hold category, q1,
    median, q3 (None when the reference set is too small) and `label` (the company's value as text)."""
    import altair as alt

    values = [r[value] for r in rows if r.get(value) is not None]
    domain = list(domain or [min([0.0, *values]), max([1.0, *values])])
    # one data source for every layer, so the metric order is kept (layers on separate data would be re-sorted)
    data = alt.Data(values=rows + [{**s, role: "summary"} for s in summary])
    base = alt.Chart(data)
    y = alt.Y(f"{category}:N", title=None, sort=order, axis=alt.Axis(labelLimit=170))

    def on(kind: str):
        return base.transform_filter(f"datum.{role} === '{kind}'")

    def at(field: str):
        return alt.X(f"{field}:Q", title=value_title, scale=alt.Scale(domain=domain))

    iqr = on("summary").transform_filter("datum.median !== null").mark_bar(height=14, color="#E3E7EE").encode(
        x=at("q1"), x2="q3:Q", y=y)
    median = on("summary").transform_filter("datum.median !== null").mark_tick(
        color="#333", thickness=2, size=22).encode(
        x=at("median"), y=y, tooltip=[alt.Tooltip(f"{category}:N", title=_("Metric")),
                                      alt.Tooltip("median:Q", title=_("Peer median"), format=".2f")])
    peers = on("peer").mark_circle(size=55, color="#8C8C8C", opacity=0.75).encode(
        x=at(value), y=y, tooltip=[alt.Tooltip(f"{category}:N", title=_("Metric")), alt.Tooltip(f"{value}:Q", format=".2f")])
    dot = on("company").mark_point(shape="diamond", size=190, filled=True, color=CLIENT, stroke="white",
                                   strokeWidth=1).encode(x=at(value), y=y,
                                                         tooltip=[alt.Tooltip(f"{value}:Q", format=".2f")])
    text = on("summary").mark_text(dy=-14, fontSize=11, fontWeight="bold", color=CLIENT).encode(
        x=at("company"), y=y, text="label:N")
    chart = alt.layer(iqr, median, peers, dot, text).properties(
        title=alt.Title(title, subtitle=subtitle), width="container", height=58 * len(order))
    return config(chart)


# ---------------------------------------------------------------- chapter 1: mapping and alignment (M2–M5)
# Every builder takes records that already carry their printed text (`label`): a suppressed cell has value None
# and label "<k", drawn grey, never blank. Text sits in or next to every mark so the charts read in black and
# white; colour only repeats what the text says.

MGMT_COLOUR, OPS_COLOUR, ACCENT = "#0072B2", "#E69F00", "#D55E00"  # Okabe–Ito blue / orange / vermillion
INK, MUTED = "#1f2a44", "#6b7280"


NARROW = "containerSize()[0] < 520"  # same breakpoint as smaa-charts.js: phones get compact labels


def _responsive(wide, narrow):
    import altair as alt

    return alt.ExprRef(expr=f"{NARROW} ? {narrow} : {wide}")


def _wrap(text: str, width: int = 22) -> list[str]:
    lines: list[str] = []
    words = str(text).replace("(n = ", "(n\u00a0=\u00a0").split(" ")  # "(n = 24)" stays on one line
    for word in (w for w in words if w):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _row_axis(labels: list[str], limit: int = 210) -> dict:
    """Row labels in full on a wide screen, wrapped onto two or three lines on a phone (Vega never wraps)."""
    long = [lab for lab in labels if len(str(lab)) > 22]
    expr = "datum.label"
    for lab in reversed(long):
        lines = ", ".join(_js(x) for x in _wrap(lab))
        expr = f"datum.label === {_js(lab)} ? [{lines}] : ({expr})"
    return {"labelExpr": f"{NARROW} ? ({expr}) : datum.label", "labelLimit": _responsive(limit, 138),
            "domain": False, "ticks": False}


def _column_axis(columns: int) -> dict:
    """Column labels on top. Few columns: level; more: slanted up-left from their column on a wide screen (so
    the last label cannot run off the chart) and vertical on a phone."""
    wide, wide_align = (0, "center") if columns <= 4 else (35, "right")
    narrow, narrow_align = (0, "center") if columns <= 2 else (-90, "left")
    import altair as alt

    return {"orient": "top", "labelAngle": _responsive(wide, narrow), "labelLimit": 170, "labelPadding": 4,
            "labelAlign": alt.ExprRef(expr=f"{NARROW} ? '{narrow_align}' : '{wide_align}'"),
            "labelBaseline": alt.ExprRef(expr=f"{NARROW} ? '{'middle' if narrow else 'bottom'}' : "
                                              f"'{'middle' if wide else 'bottom'}'"),
            "domain": False, "ticks": False}


def _end_labels(data, category: str, value: str, label: str, x_scale, y, inside_from: float, dark: str = "true"):
    """Value labels at the bar end: inside long bars (white on dark bars), just outside short ones, at zero
    for rows without a value; so labels never run off a narrow chart."""
    import altair as alt

    inside = f"datum.{value} !== null && datum.{value} >= {inside_from}"
    return [
        alt.Chart(data).transform_filter(inside).mark_text(align="right", dx=-5, fontSize=11).encode(
            x=alt.X(f"{value}:Q", scale=x_scale), y=y, text=alt.Text(f"{label}:N"),
            color=alt.condition(dark, alt.value("white"), alt.value("#111"))),
        alt.Chart(data).transform_filter(f"!({inside})").transform_calculate(
            _at=f"datum.{value} === null ? 0 : datum.{value}").mark_text(align="left", dx=4, fontSize=11,
                                                                          color="#222").encode(
            x=alt.X("_at:Q", scale=x_scale), y=y, text=alt.Text(f"{label}:N")),
    ]


def matrix(rows: list[dict], x: str, y: str, value: str, label: str, *, title: str, x_title: str | None,
           y_title: str | None, value_title: str, x_sort: list, y_sort: list, domain=(0.0, 1.0),
           cell_height: int = 30, tooltip: list[tuple[str, str]] = (), structural: str | None = None) -> dict:
    """Sequential single-hue heatmap: `label` printed in every cell (white on dark cells); a cell with value None
    is grey with its label ("<k"); rows whose `structural` field is true (e.g. a diagonal) are white with their
    label. Column labels on top."""
    import altair as alt

    lo, hi = domain
    data = alt.Data(values=rows)
    enc = {"x": alt.X(f"{x}:N", title=x_title, sort=x_sort, axis=alt.Axis(**_column_axis(len(x_sort)))),
           "y": alt.Y(f"{y}:N", title=y_title, sort=y_sort, axis=alt.Axis(**_row_axis(y_sort)))}
    tips = [alt.Tooltip(f"{y}:N", title=y_title or "Row"), alt.Tooltip(f"{x}:N", title=x_title or "Column"),
            alt.Tooltip(f"{label}:N", title=value_title), *[alt.Tooltip(f"{f}:N", title=t) for f, t in tooltip]]
    blank = f"datum.{value} === null"
    if structural:
        blank += f" && !datum.{structural}"
    filled = alt.Chart(data).transform_filter(f"datum.{value} !== null").mark_rect(stroke="white", strokeWidth=1.5).encode(
        color=alt.Color(f"{value}:Q", title=value_title, legend=None,
                        scale=alt.Scale(scheme="blues", domain=[lo, hi], clamp=True)), tooltip=tips, **enc)
    # suppressed: grey with a dashed outline and an italic "<k", so it stays apart from a pale zero in print
    grey = alt.Chart(data).transform_filter(blank).mark_rect(color=SUPPRESSED, stroke="#8a93a3", strokeWidth=1,
                                                              strokeDash=[3, 2]).encode(tooltip=tips, **enc)
    layers = [filled, grey]
    if structural:
        layers.append(alt.Chart(data).transform_filter(f"datum.{structural}").mark_rect(
            color="#ffffff", stroke="#E3E7EE", strokeWidth=1).encode(**enc))
    dark = f"datum.{value} > {lo + 0.55 * (hi - lo)}"
    layers.append(alt.Chart(data).transform_filter(f"datum.{value} !== null").mark_text(
        fontSize=_responsive(11, 9)).encode(
        text=alt.Text(f"{label}:N"), color=alt.condition(dark, alt.value("white"), alt.value("#222")), **enc))
    layers.append(alt.Chart(data).transform_filter(f"datum.{value} === null").mark_text(
        fontSize=_responsive(11, 9), fontStyle="italic", color="#444").encode(text=alt.Text(f"{label}:N"), **enc))
    return config(alt.layer(*layers).properties(title=title, width="container", height=cell_height * len(y_sort)))


def band_bars(rows: list[dict], category: str, value: str, label: str, band: str, *, title: str, value_title: str,
              order: list, bands: list[tuple[str, str]], rules: list[float] = (),
              zones: list[tuple[float, str]] = (), tooltip: list[tuple[str, str]] = (),
              dark: list[str] = ()) -> dict:
    """Horizontal bars (0–1) coloured by an interpretation band ((name, colour) pairs with distinct lightness so
    they survive black-and-white print; labels inside bands named in `dark` are white), the value printed at
    the bar end, dashed convention lines at `rules` and band names written over their zones. Rows with value
    None print their label ("<k") at zero."""
    import altair as alt

    scale = alt.Scale(domain=[0, 1], nice=False)
    x = alt.X(f"{value}:Q", title=value_title, scale=scale,
              axis=alt.Axis(values=sorted({0, *rules, 1}), format=".2f"))
    y = alt.Y(f"{category}:N", title=None, sort=order, axis=alt.Axis(**_row_axis(order)))
    data = alt.Data(values=rows)
    names = [b for b, _ in bands]
    bars = alt.Chart(data).mark_bar(height={"band": 0.7}).encode(
        x=x, y=y, color=alt.Color(f"{band}:N", legend=None, scale=alt.Scale(domain=names, range=[c for _, c in bands])),
        tooltip=[alt.Tooltip(f"{category}:N", title=_("Row")), alt.Tooltip(f"{label}:N", title=value_title),
                 alt.Tooltip(f"{band}:N", title=_("Band")), *[alt.Tooltip(f"{f}:N", title=t) for f, t in tooltip]])
    white = " || ".join(f"datum.{band} === {_js(b)}" for b in dark) or "false"
    layers = [bars, *_end_labels(data, category, value, label, scale, y, 0.45, white)]
    for at in rules:
        layers.append(alt.Chart(alt.Data(values=[{"at": at}])).mark_rule(strokeDash=[4, 3], color="#333").encode(
            x=alt.X("at:Q", scale=scale)))
    if zones:
        layers.append(alt.Chart(alt.Data(values=[{"at": a, "name": n} for a, n in zones])).mark_text(
            baseline="bottom", dy=-4, fontSize=10, fontStyle="italic", color=MUTED).encode(
            x=alt.X("at:Q", scale=scale), y=alt.value(0), text="name:N"))
    height = max(90, 30 * len(order))
    return config(alt.layer(*layers).properties(title=title, width="container", height=height))


def nice_limit(largest: float, headroom: float = 1.3) -> float:
    """A round symmetric axis limit above `largest` (with room for labels) whose quarters are round too."""
    need = max(abs(largest) * headroom, 1e-9) / 2
    step = next((s for s in (0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100) if s >= need), need)
    return 2 * step


def gap_lollipop(rows: list[dict], category: str, value: str, label: str, *, title: str, value_title: str,
                 order: list, domain: tuple[float, float], zero_label: str, band: tuple[float, str] | None = None,
                 left_note: str = "", right_note: str = "", tooltip: list[tuple[str, str]] = ()) -> dict:
    """Gap per row as a lollipop from zero: colour diverges at zero (blue below, orange above; the sign is in
    the printed label too), the zero line is drawn and labelled, an optional shaded band ±band[0] is the zone
    where the gap is small (a convention, named in the zero line's label). Rows with value None print their
    label at zero. The side notes ("◀ … more") are dropped on a phone, where the signed labels say the same.
    Ticks fall at quarters of the domain, so pass a round one (nice_limit)."""
    import altair as alt

    scale = alt.Scale(domain=list(domain), nice=False)
    y = alt.Y(f"{category}:N", title=None, sort=order, axis=alt.Axis(**_row_axis(order)))
    data = alt.Data(values=rows)
    layers = []
    if band:
        layers.append(alt.Chart(alt.Data(values=[{"lo": -band[0], "hi": band[0]}])).mark_rect(
            color="#E8EEF6").encode(x=alt.X("lo:Q", scale=scale), x2="hi:Q"))
        zero_label = f"{zero_label} · shaded: {band[1]}"
    sign = alt.condition(f"datum.{value} < 0", alt.value(MGMT_COLOUR), alt.value(OPS_COLOUR))
    step = (domain[1] - domain[0]) / 4
    layers += [
        alt.Chart(alt.Data(values=[{"at": 0}])).mark_rule(color="#333").encode(
            x=alt.X("at:Q", scale=scale, title=value_title,
                    axis=alt.Axis(values=[domain[0] + i * step for i in range(5)], grid=False,
                                  format="+d" if float(step).is_integer() else "+.2~f",
                                  labelExpr="datum.value === 0 ? '0' : replace(datum.label, '-', '−')"))),
        alt.Chart(alt.Data(values=[{"at": 0, "name": zero_label}])).mark_text(
            baseline="bottom", dy=-4, fontSize=10, color="#333").encode(
            x=alt.X("at:Q", scale=scale), y=alt.value(0), text="name:N"),
        alt.Chart(data).transform_filter(f"datum.{value} !== null").transform_calculate(_zero="0").mark_rule(
            strokeWidth=2.5).encode(x=alt.X("_zero:Q", scale=scale), x2=f"{value}:Q", y=y, color=sign),
        alt.Chart(data).transform_filter(f"datum.{value} !== null").mark_point(filled=True, size=110, opacity=1).encode(
            x=alt.X(f"{value}:Q", scale=scale), y=y, color=sign,
            tooltip=[alt.Tooltip(f"{category}:N", title=_("Row")), alt.Tooltip(f"{label}:N", title=value_title),
                     *[alt.Tooltip(f"{f}:N", title=t) for f, t in tooltip]]),
    ]
    # labels above the stick, anchored at the point and running towards zero: they never leave the plot on a
    # narrow screen (a withheld row prints "<k" at zero)
    for test, align, dx in ((f"datum.{value} !== null && datum.{value} < 0", "left", -5),
                            (f"datum.{value} !== null && datum.{value} >= 0", "right", 5),
                            (f"datum.{value} === null", "center", 0)):
        layers.append(alt.Chart(data).transform_filter(test).transform_calculate(
            _at=f"datum.{value} === null ? 0 : datum.{value}").mark_text(
            fontSize=11, color="#222", align=align, dx=dx, dy=-7 if align != "center" else 0,
            baseline="bottom" if align != "center" else "middle").encode(
            x=alt.X("_at:Q", scale=scale), y=y, text=alt.Text(f"{label}:N")))
    for at, name, align in ((domain[0], left_note, "left"), (domain[1], right_note, "right")):
        if name:
            layers.append(alt.Chart(alt.Data(values=[{"at": at, "name": name}])).mark_text(
                baseline="bottom", dy=-4, fontSize=10, color=MUTED, align=align,
                opacity=_responsive(1, 0)).encode(x=alt.X("at:Q", scale=scale), y=alt.value(0), text="name:N"))
    height = max(90, 36 * len(order))
    return config(alt.layer(*layers).properties(title=title, width="container", height=height))


def share_bars(rows: list[dict], category: str, value: str, label: str, *, title: str, value_title: str,
               order: list, highlight: str | None = None) -> dict:
    """Horizontal bars of shares (0–1) with the share printed; `highlight` names a boolean field drawn in the
    accent colour (the message of the chart), the rest in the client blue."""
    import altair as alt

    scale = alt.Scale(domain=[0, 1], nice=False)
    y = alt.Y(f"{category}:N", title=None, sort=order, axis=alt.Axis(**_row_axis(order)))
    colour = alt.value(CLIENT) if not highlight else alt.condition(f"datum.{highlight}", alt.value(ACCENT),
                                                                    alt.value(CLIENT))
    data = alt.Data(values=rows)
    bars = alt.Chart(data).mark_bar(height={"band": 0.66}).encode(
        x=alt.X(f"{value}:Q", title=value_title, scale=scale, axis=alt.Axis(format=".0%", values=[0, 0.5, 1])),
        y=y, color=colour, tooltip=[alt.Tooltip(f"{category}:N", title=_("Row")),
                                    alt.Tooltip(f"{label}:N", title=value_title)])
    layers = [bars, *_end_labels(data, category, value, label, scale, y, 0.55)]
    return config(alt.layer(*layers).properties(title=title, width="container", height=max(80, 32 * len(order))))


def _js(s: str) -> str:
    """A Vega expression string literal."""
    return "'" + str(s).replace("\\", "\\\\").replace("'", "\\'") + "'"
