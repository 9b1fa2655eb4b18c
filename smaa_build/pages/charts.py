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
