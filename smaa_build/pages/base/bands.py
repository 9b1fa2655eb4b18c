"""The risk bands' charts: the 5×5 likelihood × impact matrix and the department × risk grid, each cell in its band's
colour with its text, and the legend and tooltip in the report's language."""

from __future__ import annotations

from ...facts import RISK_BANDS as BANDS
from ...i18n import N_, _
from .charts import SUPPRESSED, _count, _js, _label_expr, config

# Okabe–Ito yellow / orange / vermillion over a pale blue: ordered by lightness, so the bands stay apart for
# colour-blind readers and in black-and-white print; every cell also carries text.
BAND_COLOURS = ("#DCE9F5", "#F0E442", "#E69F00", "#D55E00")
NOT_RATED = N_("Not rated")  # a data value (English); the legend translates it


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
    shown, calculate = _band_tooltip(band, domain)
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(f"{band}:N", title=_("Band"), scale=alt.Scale(domain=domain, range=[colours[b] for b in domain]),
                        legend=alt.Legend(orient="bottom", direction="horizontal", symbolType="square",
                                          columns=2 if len(domain) > 3 else len(domain), **_band_labels(domain))),
        tooltip=[alt.Tooltip(f"{y}:O", title=y_title), alt.Tooltip(f"{x}:O", title=x_title),
                 alt.Tooltip(f"{shown}:N", title=_("Band")), alt.Tooltip(f"{label}:N", title=_("In the cell"))],
    )
    if calculate:
        cells = cells.transform_calculate(**calculate)
    layers = [cells, base.mark_text(fontSize=11, fontWeight="bold", lineBreak="\n", color="#111").encode(
        text=alt.Text(f"{label}:N"))]
    if corner:
        layers.append(alt.Chart(alt.Data(values=rows)).mark_text(fontSize=9, color="#444", align="left",
                                                                  baseline="top", dx=4, dy=4).encode(
            x=alt.X(f"{x}:O", sort=x_sort, bandPosition=0), y=alt.Y(f"{y}:O", sort=y_sort, bandPosition=0),
            text=alt.Text(f"{corner}:N")))
    height = cell_height * _count(rows, y)
    return config(alt.layer(*layers).properties(title=title, width="container", height=height))


def _band_labels(domain: list[str]) -> dict:
    """The legend prints the bands in the report's language; the data keep the English band names (facts)."""
    return _label_expr({b: _(b) for b in domain if _(b) != b})


def _band_tooltip(band: str, domain: list[str]) -> tuple[str, dict]:
    """The field a band tooltip shows, and the calculation that makes it: a tooltip has no labelExpr, so in another
    language a calculated field holds the band's translated name (English shows the data's own field)."""
    names = {b: _(b) for b in domain if _(b) != b}
    if not names:
        return band, {}
    expr = f"datum[{_js(band)}]"
    for key, text in reversed(list(names.items())):
        expr = f"datum[{_js(band)}] === {_js(key)} ? {_js(text)} : ({expr})"
    return f"{band}_shown", {f"{band}_shown": expr}
