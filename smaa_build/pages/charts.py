"""Altair builders shared by the chapters: each returns a Vega-Lite dict built from aggregated records only.
Colour conventions (report-style.md): Okabe–Ito for categories, one sequential hue for heatmaps, a diverging
scale centred on a meaningful zero for gaps, the client highlighted and peers grey."""

from __future__ import annotations

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
CLIENT, PEER, SUPPRESSED = "#0072B2", "#B8B8B8", "#E6E6E6"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def config(chart) -> dict:
    import altair as alt

    spec = chart.configure(font=FONT).configure_view(stroke=None).configure_axis(
        labelFontSize=11, titleFontSize=12, grid=False, labelLimit=220
    ).configure_title(fontSize=14, anchor="start", subtitleColor="#555").to_dict()
    spec.pop("$schema", None)  # the bundle pins the Vega-Lite version; the URL would be a foreign host
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

BANDS = ("Low", "Medium", "High", "Very high")
# Okabe–Ito yellow / orange / vermillion over a pale blue: ordered by lightness, so the bands stay apart for
# colour-blind readers and in black-and-white print; every cell also carries text.
BAND_COLOURS = ("#DCE9F5", "#F0E442", "#E69F00", "#D55E00")
NOT_RATED = "Not rated"


def band_grid(rows: list[dict], x: str, y: str, band: str, label: str, *, title: str, x_title: str, y_title: str,
              x_sort: list | None = None, y_sort: list | None = None, corner: str | None = None,
              cell_height: int = 34, x_labels_top: bool = True, x_labels: dict | None = None,
              y_labels: dict | None = None, x_wrap: bool = False) -> dict:
    """Cells coloured by an ordinal band (Low … Very high, plus "Not rated" in grey) with `label` printed in each
    cell (lines split on "\\n"); `corner` is an optional small text in the cell's top-left corner; `x_labels` /
    `y_labels` rename axis values (e.g. {1: "1 rare", 5: "5 almost certain"}); `x_wrap` prints each word of an x
    label on its own line, horizontally, so long column names fit a phone."""
    import altair as alt

    domain = [b for b in (*BANDS, NOT_RATED) if any(r.get(band) == b for r in rows)] or list(BANDS)
    colours = dict(zip(BANDS, BAND_COLOURS), **{NOT_RATED: SUPPRESSED})
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X(f"{x}:O", title=x_title, sort=x_sort,
                axis=alt.Axis(labelAngle=0 if x_wrap or not x_labels_top else -30,
                              orient="top" if x_labels_top else "bottom", labelLimit=220,
                              **({"labelExpr": "split(datum.label, ' ')", "labelFontWeight": "bold"} if x_wrap
                                 else _label_expr(x_labels)))),
        y=alt.Y(f"{y}:O", title=y_title, sort=y_sort, axis=alt.Axis(**_label_expr(y_labels))),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(f"{band}:N", title="Band", scale=alt.Scale(domain=domain, range=[colours[b] for b in domain]),
                        legend=alt.Legend(orient="bottom", direction="horizontal", symbolType="square",
                                          columns=2 if len(domain) > 3 else len(domain))),
        tooltip=[alt.Tooltip(f"{y}:O", title=y_title), alt.Tooltip(f"{x}:O", title=x_title),
                 alt.Tooltip(f"{band}:N", title="Band"), alt.Tooltip(f"{label}:N", title="In the cell")],
    )
    layers = [cells, base.mark_text(fontSize=11, fontWeight="bold", lineBreak="\n", color="#111").encode(
        text=alt.Text(f"{label}:N"))]
    if corner:
        layers.append(alt.Chart(alt.Data(values=rows)).mark_text(fontSize=9, color="#444", align="left",
                                                                  baseline="top", dx=4, dy=4).encode(
            x=alt.X(f"{x}:O", sort=x_sort, bandPosition=0), y=alt.Y(f"{y}:O", sort=y_sort, bandPosition=0),
            text=alt.Text(f"{corner}:N")))
    height = cell_height * _count(rows, y)
    return config(alt.layer(*layers).properties(title=title, width="container", height=height))


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
        x=at("median"), y=y, tooltip=[alt.Tooltip(f"{category}:N", title="Metric"),
                                      alt.Tooltip("median:Q", title="Peer median", format=".2f")])
    peers = on("peer").mark_circle(size=55, color="#8C8C8C", opacity=0.75).encode(
        x=at(value), y=y, tooltip=[alt.Tooltip(f"{category}:N", title="Metric"), alt.Tooltip(f"{value}:Q", format=".2f")])
    dot = on("company").mark_point(shape="diamond", size=190, filled=True, color=CLIENT, stroke="white",
                                   strokeWidth=1).encode(x=at(value), y=y,
                                                         tooltip=[alt.Tooltip(f"{value}:Q", format=".2f")])
    text = on("summary").mark_text(dy=-14, fontSize=11, fontWeight="bold", color=CLIENT).encode(
        x=at("company"), y=y, text="label:N")
    chart = alt.layer(iqr, median, peers, dot, text).properties(
        title=alt.Title(title, subtitle=subtitle), width="container", height=58 * len(order))
    return config(chart)
