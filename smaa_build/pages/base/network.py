"""The reporting-flow network: functions across, levels down, one path per flow, the flows that reach the top
level set apart."""

from __future__ import annotations

from ...i18n import _
from .charts import ACCENT, INK, MGMT_COLOUR, _js, _responsive, config

def _edge_path(x1: float, y1: float, x2: float, y2: float, steps: int = 16) -> list[tuple[float, float]]:
    """Points of one reporting flow. Adjacent levels of one function: a straight line. Otherwise a cubic Bézier
    that leaves and enters vertically (cross-function: arched above both ends; skipping levels within a
    function: bowed to the right), so the arrowhead at the target is exactly vertical or horizontal whatever
    the chart's width."""
    if x1 == x2 and abs(y1 - y2) <= 1:
        return [(x1, y1), (x2, y2)]
    if x1 == x2:
        c1, c2 = (x1 + 0.45, y1), (x2 + 0.45, y2)
    else:
        top = min(y1, y2) - 0.24 - 0.11 * abs(x2 - x1)
        c1, c2 = (x1, top), (x2, top)
    pts = []
    for i in range(steps + 1):
        t = i / steps
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
        pts.append((a * x1 + b * c1[0] + c * c2[0] + d * x2, a * y1 + b * c1[1] + c * c2[1] + d * y2))
    return pts


def _arrow(x1, y1, x2, y2) -> tuple[float, float, str]:
    """Arrowhead position just outside the target node and its shape."""
    if x1 == x2 and abs(y1 - y2) <= 1:
        return (x2, y2 + 0.2, "triangle-up") if y2 < y1 else (x2, y2 - 0.2, "triangle-down")
    if x1 == x2:
        return x2 + 0.1, y2, "triangle-left"
    return x2, y2 - 0.2, "triangle-down"


def flow_network(nodes: list[dict], edges: list[dict], *, title: str, functions: list[str], levels: list[str],
                 notes: dict[str, str]) -> dict:
    """Reporting flows drawn on the organisation chart: functions as columns, levels as rows (top level at the
    top), one node per function × level, one arrow per flow. nodes: fx, ly (positions), active (in a flow);
    edges: x1, y1, x2, y2, top (reaches the top level), cross (between functions), label. `notes` writes a
    short text under a function's column (e.g. "no outgoing flow")."""
    import altair as alt

    xs = alt.Scale(domain=[-0.6, len(functions) - 0.4], nice=False, zero=False)
    ys = alt.Scale(domain=[0.25, len(levels) + 0.75], reverse=True, nice=False, zero=False)
    fexpr = " : ".join(f"datum.value === {i} ? {_js(f)}" for i, f in enumerate(functions)) + " : ''"
    lexpr = " : ".join(f"datum.value === {i + 1} ? {_js(lv)}" for i, lv in enumerate(levels)) + " : ''"
    x_axis = alt.Axis(orient="top", values=list(range(len(functions))), labelExpr=fexpr, labelLimit=130,
                      labelAngle=_responsive(-35, -90), labelAlign="left", labelBaseline="middle", labelOverlap=False,
                      grid=False, domain=False, ticks=False, title=None)
    y_axis = alt.Axis(values=list(range(1, len(levels) + 1)), labelExpr=lexpr, grid=True, gridColor="#EEF0F4",
                      domain=False, ticks=False, title=None, labelLimit=130)
    path = [{"edge": i, "order": j, "x": px, "y": py, "top": e["top"], "cross": e["cross"], "label": e["label"]}
            for i, e in enumerate(edges) for j, (px, py) in enumerate(_edge_path(e["x1"], e["y1"], e["x2"], e["y2"]))]
    heads = [dict(zip(("x", "y", "shape"), _arrow(e["x1"], e["y1"], e["x2"], e["y2"])), top=e["top"], label=e["label"])
             for e in edges]
    kinds = [_("reaches the top level"), _("other flow")]  # the legend's words, in the report's language
    kind = alt.Color("kind:N", title=None, scale=alt.Scale(domain=kinds, range=[MGMT_COLOUR, "#8a8f98"]),
                     legend=alt.Legend(orient="bottom", direction="horizontal", symbolType="stroke",
                                       symbolStrokeWidth=3))
    with_kind = f"datum.top ? {_js(kinds[0])} : {_js(kinds[1])}"
    layers = [
        alt.Chart(alt.Data(values=nodes)).transform_calculate(
            state="datum.isolated ? 'isolated' : datum.active ? 'active' : 'idle'").mark_point(
            filled=True, size=70, opacity=1).encode(
            x=alt.X("fx:Q", scale=xs, axis=x_axis), y=alt.Y("ly:Q", scale=ys, axis=y_axis),
            color=alt.Color("state:N", legend=None, scale=alt.Scale(domain=["isolated", "active", "idle"],
                                                                    range=[ACCENT, INK, "#D5D9E0"])),
            tooltip=[alt.Tooltip("function:N", title=_("Function")), alt.Tooltip("level:N", title=_("Level"))]),
        alt.Chart(alt.Data(values=path)).transform_calculate(kind=with_kind).mark_line(
            interpolate="linear", strokeCap="round").encode(
            x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), detail="edge:N", order="order:Q", color=kind,
            strokeWidth=alt.condition("datum.top", alt.value(2.6), alt.value(1.6)),
            strokeDash=alt.condition("datum.cross", alt.value([5, 3]), alt.value([1, 0])),
            tooltip=[alt.Tooltip("label:N", title=_("Flow"))]),
        alt.Chart(alt.Data(values=heads)).transform_calculate(kind=with_kind).mark_point(
            filled=True, size=85, opacity=1).encode(
            x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), shape=alt.Shape("shape:N", scale=None),
            color=alt.Color("kind:N", legend=None, scale=alt.Scale(domain=kinds, range=[MGMT_COLOUR, "#8a8f98"])),
            tooltip=[alt.Tooltip("label:N", title=_("Flow"))]),
    ]
    marks = [{"fx": i, "ly": len(levels) + 0.55, "note": notes[f]} for i, f in enumerate(functions) if f in notes]
    if marks:
        layers.append(alt.Chart(alt.Data(values=marks)).mark_text(fontSize=10, fontWeight="bold", color=ACCENT,
                                                                   lineBreak="\n", opacity=_responsive(1, 0)).encode(
            x=alt.X("fx:Q", scale=xs), y=alt.Y("ly:Q", scale=ys), text="note:N"))
    chart = alt.layer(*layers).resolve_scale(color="independent", shape="independent")
    return config(chart.properties(title=title, width="container", height=78 * len(levels) + 40))
