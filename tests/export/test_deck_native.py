"""Issue 14 item 5: the deck draws natively whatever PowerPoint has a type for. Bars, dots and lollipops over
categories are native bar charts and two measures a native scatter, each carrying the spec's own numbers in the
report's colours; heatmaps are tables coloured like the chart; strip plots are scatters with one row per category,
stacked panels over time one native line (or column) chart per panel, bars over a numbered axis columns; pictures
remain only for what has no native type (networks)."""

from __future__ import annotations

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from smaa_build.export import native
from smaa_build.export.content import figures, fragment
from smaa_build.pages.base import charts as page_charts


def kinds(path) -> dict[str, int]:
    """Native charts, pictures and tables in a deck (tests/benchmarks/bench_deliverables.py prints them too)."""
    n = {"charts": 0, "pictures": 0, "tables": 0}
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_chart:
                n["charts"] += 1
            elif shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                n["pictures"] += 1
            elif shape.has_table:
                n["tables"] += 1
    return n


def report_figures(exported) -> list:
    from smaa_build.export import content
    from smaa_build.spec import load_spec

    report = content.load(exported.result.out_dir, load_spec(exported.case)[0])
    return [f for page in report.pages for _, f in figures(fragment(report.html(page)), page.slug)]


def test_the_demo_deck_is_native_where_powerpoint_can_be(demo):
    found = kinds(demo.result.deck)
    # before issue 14: 2 native charts, 22 pictures, 2 tables; then 11, 5, 10 before strips, panels, lags
    assert found == {"charts": 17, "pictures": 1, "tables": 10}, found
    figs = report_figures(demo)
    readable = [f for f in figs if native.grid(f.spec) or native.drawable(f.spec)]
    assert len(figs) - len(readable) == found["pictures"]  # a picture only where no native type exists


def test_native_charts_carry_the_specs_numbers_in_its_colours(demo):
    prs = Presentation(str(demo.result.deck))
    by_title = {s.shapes.title.text: s for s in prs.slides}
    checked = 0
    for f in report_figures(demo):
        s = native.series(f.spec)
        if s is None or s.kind == "scatter" or f.slug == "mapping-hdi":
            continue
        chart = next(sh.chart for sh in by_title[f.title].shapes if sh.has_chart)
        assert list(chart.plots[0].categories) == s.categories, f.slug
        for plotted, (name, values) in zip(chart.plots[0].series, s.points.items()):
            assert plotted.name == name and list(plotted.values) == pytest.approx(values, abs=1e-9), f.slug
            fills = [str(p.format.fill.fore_color.rgb) for p in plotted.points]
            assert fills == [c.lstrip("#").upper() for c in s.colours[name]], f.slug
        checked += 1
    assert checked >= 6


def test_heatmaps_become_tables_with_the_charts_cells(demo):
    prs = Presentation(str(demo.result.deck))
    by_title = {s.shapes.title.text: s for s in prs.slides}
    grids = [(f, native.grid(f.spec)) for f in report_figures(demo) if native.grid(f.spec)]
    assert len(grids) == 8
    for f, g in grids:
        table = next(sh.table for sh in by_title[f.title].shapes if sh.has_table)
        assert [c.text for c in table.rows[0].cells][1:] == g.columns, f.slug
        assert [r.cells[0].text for r in list(table.rows)[1:]] == g.rows, f.slug
        for i, row in enumerate(g.rows, start=1):
            for j, col in enumerate(g.columns, start=1):
                assert table.cell(i, j).text == g.text.get((row, col), ""), (f.slug, row, col)


def test_a_bar_chart_and_a_heatmap_of_the_report_read_back_as_their_data():
    rows = [{"f": "Sales", "v": 0.2, "l": "20%", "hi": False}, {"f": "Marketing", "v": 0.6, "l": "60%", "hi": True}]
    spec = page_charts.bars(rows, "f", "v", title="Marketing leads", value_title="Share", label="l",
                            highlight="hi")
    s = native.series(spec)
    assert (s.kind, s.categories, s.points) == ("bar", ["Marketing", "Sales"], {"Share": [0.6, 0.2]})
    assert s.colours == {"Share": [page_charts.CLIENT, page_charts.PEER]}
    cells = [{"r": "A", "c": "x", "v": 0.9, "t": "90%"}, {"r": "B", "c": "x", "v": None, "t": "<5"}]
    g = native.grid(page_charts.heatmap(cells, "c", "r", "v", title="t", x_title="", y_title="", value_title="",
                                        label="t", domain=(0, 1)))
    assert (g.rows, g.columns, g.text) == (["A", "B"], ["x"], {("A", "x"): "90%", ("B", "x"): "<5"})
    assert g.fill[("B", "x")] == native.SUPPRESSED and native.dark(g.fill[("A", "x")])
    assert native.series({"vconcat": [spec, spec]}) is None  # composites stay pictures


def _xs(plotted) -> list[float]:
    """A scatter series' x values (python-pptx reads only the y values back)."""
    return [float(v.text) for v in plotted._element.xpath("./c:xVal//c:pt/c:v")]


def _check(chart, d, slug) -> None:
    """One native chart against the series the spec reads as: categories, values and colours."""
    plotted = list(chart.plots[0].series)
    if d.kind == "line":
        (name, values), = d.points.items()
        assert list(chart.plots[0].categories) == d.categories, slug
        assert plotted[0].name == name and list(plotted[0].values) == pytest.approx(values), slug
        assert str(plotted[0].format.line.color.rgb) == d.colours[name][0].lstrip("#").upper(), slug
    elif d.kind in ("scatter", "strip"):
        rows = {len(d.categories) - k: c for k, c in enumerate(d.categories)}
        for ser, (name, pts) in zip(plotted, d.points.items()):
            got = list(zip(_xs(ser), ser.values))
            want = [(v, r) for c, v in pts for r in rows if rows[r] == c] if d.kind == "strip" else pts
            assert [c for p in got for c in p] == pytest.approx([c for p in want for c in p]), (slug, name)
            assert str(ser.marker.format.fill.fore_color.rgb) == d.colours[name][0].lstrip("#").upper(), slug
    else:
        assert list(chart.plots[0].categories) == d.categories, slug
        for ser, (name, values) in zip(plotted, d.points.items()):
            assert list(ser.values) == pytest.approx(values), slug
            assert [str(p.format.fill.fore_color.rgb) for p in ser.points] == [
                c.lstrip("#").upper() for c in d.colours[name]], slug


def test_strips_panels_and_lags_are_native_charts_of_the_specs_data(demo):
    """The benchmark strip, the stacked SMI/CSAT panels, the lag bars and the specification curve."""
    prs = Presentation(str(demo.result.deck))
    by_title = {s.shapes.title.text: s for s in prs.slides}
    wanted = {"benchmark-strip": ["strip"], "value-series": ["line", "line", "column"], "value-ccf": ["column"],
              "resilience-curve": ["scatter"]}
    seen = {}
    for f in report_figures(demo):
        if f.slug not in wanted:
            continue
        drawn = native.drawable(f.spec)
        charts = [sh.chart for sh in by_title[f.title].shapes if sh.has_chart]
        assert [d.kind for d in drawn] == wanted[f.slug] and len(charts) == len(drawn), f.slug
        for chart, d in zip(charts, drawn):
            _check(chart, d, f.slug)
        seen[f.slug] = drawn
    assert set(seen) == set(wanted)
    strip = seen["benchmark-strip"][0]
    assert {k: len(v) for k, v in strip.points.items()} == {"peer": 42, "company": 6}
    assert strip.colours == {"peer": ["#8C8C8C"], "company": ["#0072B2"]}  # the report's grey peers, blue company
    assert seen["value-ccf"][0].categories == ["-3", "-2", "-1", "0", "+1", "+2", "+3"]
    assert [next(iter(d.colours.values()))[0] for d in seen["value-series"]] == ["#0072B2", "#E69F00", "#B8B8B8"]
