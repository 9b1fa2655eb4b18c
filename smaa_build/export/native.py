"""The report's Vega-Lite charts read back as data the deck can draw natively: a heatmap becomes a grid of cells
(text and fill), a bar, dot or lollipop chart over categories becomes category series, a chart of two measures
becomes scatter series, bars over a numbered axis (lags) columns, a strip plot a scatter with one row per category,
and stacked panels (vconcat) one chart per panel (a line or columns over time, a scatter). Only what the spec states
is used (its inline data, its filters, its sort, its colours), so a native chart shows the report's very numbers; a
spec this module cannot read (networks) gives nothing and the deck keeps the report's drawing as a picture."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DISCRETE = ("nominal", "ordinal")
BLUES = ("#DEEBF7", "#08519C")  # the ends of Vega's "blues" scheme, for a quantitative heatmap
SUPPRESSED = "#E6E6E6"
INK = "#222222"


@dataclass
class Grid:
    """A heatmap as a table: row and column labels, each cell's printed text and fill."""
    rows: list[str]
    columns: list[str]
    text: dict[tuple[str, str], str]
    fill: dict[tuple[str, str], str]
    row_title: str = ""


@dataclass
class Series:
    """Category (or scatter) series: `points[name]` lists (category or x, value or y) in order."""
    kind: str  # "bar" (categories down the side), "column" (categories along the bottom) or "scatter"
    categories: list[str]
    points: dict[str, list]
    colours: dict[str, list[str]] = field(default_factory=dict)  # per series: one colour per point
    number_format: str = "0.00"
    value_title: str = ""


# ---------------------------------------------------------------- reading a spec


def layers(spec: dict) -> list[dict]:
    """The single views of a chart with their data resolved (a composite is not read: None for those)."""
    if any(k in spec for k in ("vconcat", "hconcat", "concat", "facet", "repeat")):
        return []
    views = spec.get("layer", [spec])
    out = []
    for v in views:
        if "layer" in v or any(k in v for k in ("vconcat", "hconcat", "concat")):
            return []
        out.append({**v, "_values": _values(spec, v)})
    return out


def _values(chart: dict, view: dict) -> list[dict]:
    """A Vega-Lite view's rows (named `chart`, not spec: its "data" is no case.yaml key, tests/run/test_raw_spec.py)."""
    data = view.get("data") or chart.get("data") or {}
    if "values" in data:
        return list(data["values"])
    return list(chart.get("datasets", {}).get(data.get("name"), []))


def _mark(view: dict) -> str:
    m = view.get("mark")
    return m.get("type", "") if isinstance(m, dict) else str(m or "")


def _enc(view: dict, channel: str) -> dict:
    e = view.get("encoding", {}).get(channel)
    return e if isinstance(e, dict) else {}


def _field(view: dict, channel: str) -> str | None:
    f = _enc(view, channel).get("field")
    return f if isinstance(f, str) else None


def _order(view: dict, channel: str, rows: list[dict], by: str | None = None) -> list[str]:
    """A discrete axis in the order the chart shows it: its sort list, by value, or data order."""
    name = _field(view, channel)
    seen = list(dict.fromkeys(str(r[name]) for r in rows if r.get(name) is not None))
    sort = _enc(view, channel).get("sort")
    if isinstance(sort, list):
        listed = [str(s) for s in sort]
        return [s for s in listed if s in seen] + [s for s in seen if s not in listed]
    if isinstance(sort, str) and by and sort.lstrip("-") in ("x", "y"):
        value = {str(r[name]): r.get(by) for r in rows if r.get(name) is not None}
        return sorted(seen, key=lambda c: (value[c] is None, (value[c] or 0) * (-1 if sort.startswith("-") else 1)))
    return seen


def _test(expr: str, row: dict) -> bool | None:
    """Vega tests of the forms the report writes: `datum.f`, `datum.f === null`, `datum.f !== null`,
    `datum.f < 0` (and >, <=, >=), joined by &&; None for anything else."""
    result = True
    for part in (p.strip() for p in expr.split("&&")):
        m = re.fullmatch(r"(!?)datum\.(\w+)(?:\s*(===|!==|<=|>=|<|>)\s*(null|-?[\d.]+|'[^']*'))?", part)
        if not m:
            return None
        neg, name, op, rhs = m.groups()
        v = row.get(name)
        if op is None:
            ok = bool(v)
        elif rhs == "null":
            ok = (v is None) == (op == "===")
        elif rhs.startswith("'"):
            if op not in ("===", "!=="):
                return None
            ok = (v == rhs[1:-1]) == (op == "===")
        else:
            ok = v is not None and {"<": v < float(rhs), ">": v > float(rhs), "<=": v <= float(rhs),
                                    ">=": v >= float(rhs), "===": v == float(rhs), "!==": v != float(rhs)}[op]
        result = result and (ok != bool(neg))
    return result


def colour(view: dict, row: dict, default: str) -> str:
    """A mark's fill for one datum: a fixed value, a condition, or a field through the scale's own range."""
    enc = _enc(view, "color")
    if not enc:
        m = view.get("mark")
        return (m.get("color") or m.get("fill") or default) if isinstance(m, dict) else default
    cond = enc.get("condition")
    if isinstance(cond, dict) and "test" in cond:
        hit = _test(cond["test"], row)
        if hit and "value" in cond:
            return cond["value"]
        if hit is None:
            return default
    if "value" in enc and not enc.get("field"):
        return enc["value"]
    scale = enc.get("scale") or {}
    if enc.get("type") in DISCRETE and isinstance(scale.get("range"), list) and isinstance(scale.get("domain"), list):
        palette = dict(zip(map(str, scale["domain"]), scale["range"]))
        return palette.get(str(row.get(enc["field"])), default)
    return default


def _number_format(view: dict, channel: str, values: list) -> str:
    fmt = (_enc(view, channel).get("axis") or {}).get("format") or ""
    if "%" in fmt:
        return "0%"
    nums = [v for v in values if isinstance(v, (int, float))]
    return "0" if nums and all(float(v).is_integer() for v in nums) else "0.00"


# ---------------------------------------------------------------- heatmaps


def grid(spec: dict) -> Grid | None:
    views = layers(spec)
    cells = next((v for v in views if _mark(v) == "rect" and _enc(v, "color")
                  and _enc(v, "x").get("type") in DISCRETE and _enc(v, "y").get("type") in DISCRETE), None)
    if cells is None:
        return None
    x, y, rows = _field(cells, "x"), _field(cells, "y"), cells["_values"]
    if not (x and y and rows):
        return None
    out = Grid(_order(cells, "y", rows), _order(cells, "x", rows), {}, {}, _enc(cells, "y").get("title") or "")
    for view in views:
        if _mark(view) == "text" and _field(view, "x") == x and _field(view, "y") == y and _field(view, "text"):
            for r in view["_values"]:
                key, t = (str(r.get(y)), str(r.get(x))), r.get(_field(view, "text"))
                parts = out.text.get(key, "").split("\n") if key in out.text else []
                if t not in (None, "") and str(t).replace("\n", " ") not in parts:  # one layer per text colour
                    out.text[key] = "\n".join(parts + [str(t).replace("\n", " ")])
    out.fill = {(str(r[y]), str(r[x])): _cell_fill(cells, r) for r in rows if r.get(x) is not None}
    return out


def _cell_fill(view: dict, row: dict) -> str:
    enc = _enc(view, "color")
    cond = enc.get("condition")
    if isinstance(cond, dict) and _test(cond.get("test", ""), row):
        return cond.get("value", SUPPRESSED)
    inner = cond if isinstance(cond, dict) and "field" in cond else enc
    if inner.get("type") == "quantitative" and inner.get("field"):
        v = row.get(inner["field"])
        if v is None:
            return SUPPRESSED
        lo, hi = ((inner.get("scale") or {}).get("domain") or [0, 1])[:2]
        return mix(*BLUES, (float(v) - lo) / ((hi - lo) or 1))
    return colour(view, row, SUPPRESSED)


def mix(a: str, b: str, t: float) -> str:
    t = min(1.0, max(0.0, t))
    ca, cb = (tuple(int(h.lstrip("#")[k:k + 2], 16) for k in (0, 2, 4)) for h in (a, b))
    return "#" + "".join(f"{round(p + (q - p) * t):02X}" for p, q in zip(ca, cb))


def dark(hex_colour: str) -> bool:
    r, g, b = (int(hex_colour.lstrip("#")[k:k + 2], 16) for k in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


# ---------------------------------------------------------------- bars, dots and scatter


def series(spec: dict, default: str = "#0072B2") -> Series | None:
    views = layers(spec)
    if any(_mark(v) == "tick" or _drawn_shape(v) or (_enc(v, "detail") and _enc(v, "y").get("type") not in DISCRETE)
           for v in views):
        return None  # strip plots and networks: PowerPoint has no such chart (a dumbbell's joining line is fine)
    main = next((v for v in views if _mark(v) in ("bar", "point", "circle", "square") and _simple(v)), None)
    if main is None:
        return None
    x, y, rows = _enc(main, "x"), _enc(main, "y"), main["_values"]
    if x.get("type") == y.get("type") == "quantitative":
        return _numbered_bars(views, main, default) if _mark(main) == "bar" else _scatter(main, default)
    cat_ch, val_ch = ("y", "x") if y.get("type") in DISCRETE else ("x", "y")
    cat, val = _field(main, cat_ch), _field(main, val_ch)
    by = _enc(main, "color").get("field") if _enc(main, "color").get("type") in DISCRETE else None
    rows = [r for r in rows if r.get(cat) is not None and (by is None or r.get(by) is not None)]
    if not rows or val is None or all(_num(r.get(val)) is None for r in rows):
        return None
    if by and len({str(r[cat]) for r in rows}) == len(rows):
        by = None  # one mark per category: the colour marks a band, not a second series
    order = _order(main, cat_ch, rows, by=val)
    names = list(dict.fromkeys(str(r[by]) for r in rows)) if by else [_axis_title(views, val_ch, val)]
    out = Series("bar" if cat_ch == "y" else "column", order, {}, number_format=_number_format(
        main, val_ch, [r.get(val) for r in rows]), value_title=_axis_title(views, val_ch, val))
    for name in names:
        mine = {str(r[cat]): r for r in rows if by is None or str(r[by]) == name}
        out.points[name] = [_num(mine[c].get(val)) if c in mine else None for c in order]
        out.colours[name] = [colour(main, mine[c], default) if c in mine else default for c in order]
    return out


def _drawn_shape(view: dict) -> bool:
    """A shape that carries meaning of its own (arrowheads); one that repeats the colour's field is for print."""
    shape = _enc(view, "shape")
    return bool(shape) and shape.get("field") != _enc(view, "color").get("field")


def _simple(view: dict) -> bool:
    """One category axis and one measured axis (or two measures), no ranges: what PowerPoint draws as bars."""
    x, y = _enc(view, "x"), _enc(view, "y")
    kinds = {x.get("type"), y.get("type")}
    plain = not (_field(view, "x2") or _field(view, "y2")) and x.get("field") and y.get("field")
    return bool(plain) and (kinds in ({"quantitative"}, {"quantitative", "nominal"}, {"quantitative", "ordinal"}))


def _scatter(view: dict, default: str) -> Series:
    x, y = _field(view, "x"), _field(view, "y")
    pts = [(_num(r.get(x)), _num(r.get(y))) for r in view["_values"]]
    pts = [p for p in pts if None not in p]
    name = _title(_enc(view, "y"), y)
    x_title = "" if _enc(view, "x").get("title", x) is None else _title(_enc(view, "x"), x)  # the chart hides it
    return Series("scatter", [], {name: pts}, {name: [_calculated(view, default) or colour(view, {}, default)]},
                  _number_format(view, "y", [p[1] for p in pts]), x_title)


def _calculated(view: dict, default: str) -> str | None:
    """The colour most points get when the colour field is computed as `datum.f ? '#a' : '#b'` (the report
    marks its baseline so): the series' colour in a chart that draws one colour per series."""
    name = _field(view, "color")
    calc = next((t["calculate"] for t in view.get("transform", []) if t.get("as") == name), None)
    m = re.fullmatch(r"datum\.(\w+)\s*\?\s*'([^']*)'\s*:\s*'([^']*)'", calc or "")
    if not m:
        return None
    picks = [m.group(2) if r.get(m.group(1)) else m.group(3) for r in view["_values"]]
    return max(set(picks), key=picks.count) if picks else default


def _axis_title(views: list[dict], channel: str, fallback: str) -> str:
    """The axis title as the chart prints it: a layered chart states it on whichever layer draws the axis."""
    for v in views:
        enc = _enc(v, channel)
        title = enc.get("title") or (enc.get("axis") or {}).get("title")
        if title:
            return _title({"title": title}, fallback)
    return fallback


def _title(enc: dict, fallback: str) -> str:
    t = enc.get("title")
    return " ".join(t) if isinstance(t, list) else str(t) if t else fallback


def _num(v):
    try:
        return None if v is None else float(v)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- numbered bars, stacked panels, strips


def _kept(view: dict) -> list[dict] | None:
    """A view's rows after its filters (the forms `_test` reads); None when a filter cannot be read."""
    rows = view["_values"]
    for t in view.get("transform", []):
        if "filter" in t:
            if not isinstance(t["filter"], str) or (rows and _test(t["filter"], rows[0]) is None):
                return None
            rows = [r for r in rows if _test(t["filter"], r)]
    return rows


def _numbered_bars(views: list[dict], main: dict, default: str) -> Series | None:
    """Bars over a numbered axis (the months of a lag) are columns: one category per number, as the axis
    prints it ("+d": −3 … 0 … +3)."""
    x, y, rows = _field(main, "x"), _field(main, "y"), _kept(main)
    if not rows:
        return None
    plus = (_enc(main, "x").get("axis") or {}).get("format") == "+d"
    label = lambda v: (f"{int(v):+d}" if plus and v else f"{v:g}")  # noqa: E731 -- 0 prints as "0"
    rows = sorted((r for r in rows if _num(r.get(x)) is not None), key=lambda r: _num(r[x]))
    name = _axis_title(views, "y", y)
    return Series("column", [label(_num(r[x])) for r in rows], {name: [_num(r.get(y)) for r in rows]},
                  {name: [colour(main, r, default) for r in rows]},
                  _number_format(main, "y", [r.get(y) for r in rows]), name)


def _timeline(view_list: list[dict], default: str) -> Series | None:
    """One panel over time: its line as a line chart, its bars or rules from zero as columns, one category
    per month as the data name it (the day is dropped when every date is a first of the month)."""
    main = next((v for v in view_list if _enc(v, "x").get("type") == "temporal" and _mark(v) in ("line", "rule", "bar")
                 and _enc(v, "y").get("type") == "quantitative" and not _field(v, "y2")), None)
    rows = _kept(main) if main else None
    if not rows:
        return None
    x, y = _field(main, "x"), _field(main, "y")
    dates = [str(r.get(x)) for r in rows]
    cats = [d[:7] for d in dates] if all(d.endswith("-01") for d in dates) else dates
    name = _axis_title(view_list, "y", y)
    return Series("line" if _mark(main) == "line" else "column", cats, {name: [_num(r.get(y)) for r in rows]},
                  {name: [colour(main, r, default) for r in rows]},
                  _number_format(main, "y", [r.get(y) for r in rows]), name)


def panels(spec: dict, default: str = "#0072B2") -> list[Series]:
    """A chart of stacked panels (vconcat) as one native chart per panel PowerPoint can draw: a line over time,
    columns, a scatter; panels it cannot (ticks) are left out. Empty when none can be drawn."""
    out = []
    for panel in spec.get("vconcat", []):
        view = {**panel, "data": panel.get("data") or spec.get("data") or {}, "datasets": spec.get("datasets", {})}
        views = layers(view)
        found = _timeline(views, default) if views else None
        out += [found] if found else [s for s in [series(view, default)] if s and s.kind == "scatter"]
    return out


def strip(spec: dict) -> Series | None:
    """A strip plot (dots of several groups along one measured axis per category) as scatter series: `points[name]`
    holds (category, value) pairs, one series per layer of dots, named by its filter's value ('peer')."""
    views = layers(spec)
    dots = [v for v in views if _mark(v) in ("point", "circle") and _enc(v, "y").get("type") in DISCRETE
            and _enc(v, "x").get("type") == "quantitative"]
    if not dots:
        return None
    out = Series("strip", _order(dots[0], "y", [r for v in dots for r in v["_values"]]), {},
                 value_title=_axis_title(views, "x", ""))
    for v in dots:
        rows = _kept(v)
        m = re.search(r"===\s*'([^']*)'", " ".join(str(t.get("filter", "")) for t in v.get("transform", [])))
        if rows is None or not m:
            return None
        cat, val = _field(v, "y"), _field(v, "x")
        out.points[m.group(1)] = [(str(r[cat]), _num(r[val])) for r in rows if _num(r.get(val)) is not None]
        out.colours[m.group(1)] = [colour(v, {}, "#8C8C8C")]
    domain = (_enc(dots[0], "x").get("scale") or {}).get("domain")
    out.number_format = "0.00" if domain == [0.0, 1.0] or domain == [0, 1] else out.number_format
    return out


def drawable(spec: dict, default: str = "#0072B2") -> list[Series]:
    """Every native chart a figure becomes (a heatmap is read by `grid`); empty: the figure stays a picture."""
    one = series(spec, default) or strip(spec)
    return [one] if one else panels(spec, default)
