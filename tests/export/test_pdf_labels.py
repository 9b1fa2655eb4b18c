"""Issue 14 item 2: every chart the PDF prints keeps its text inside its drawing and no two axis labels overlap
(text extents measured on the very SVG the PDF embeds, with the font files it prints with), and the cover says
"CONFIDENTIAL" once."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess

import pytest

from smaa_build.export import charts, content, pdf
from smaa_build.site import chart_text

from .conftest import NO_PANGO


def _spec(exported) -> dict:
    from smaa_build.spec import load_spec

    return load_spec(exported.case)[0]


def printed_charts(exported) -> list[str]:
    """The SVG of every figure in the PDF's HTML, in figure order."""
    html, n = pdf.document(content.load(exported.result.out_dir, _spec(exported)))
    uris = re.findall(r'class="exhibit__chart"[^>]*|<img[^>]*class="exhibit__chart"[^>]*', html)
    found = [base64.b64decode(m).decode("utf-8") for u in uris
             for m in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', u)]
    assert len(found) == n > 5
    return found


@pytest.fixture(params=["demo", "minimal"])
def exported(request):
    return request.getfixturevalue(request.param)


def test_no_chart_text_is_cut_off_and_no_axis_labels_collide(exported):
    found = {k: chart_text.problems(svg) for k, svg in enumerate(printed_charts(exported), start=1)}
    assert {f"Figure {k}": p for k, p in found.items() if p} == {}


# A drawing with both defects: long category labels forced to print side by side, and a gradient legend taller
# than the plot (vl-convert's fit-x leaves it hanging below the drawing).
CROWDED = {"data": {"values": [{"c": f"Crisis and reputation management {k}", "v": k} for k in range(8)]},
           "mark": "rect", "encoding": {"x": {"field": "c", "type": "nominal",
                                              "axis": {"labelAngle": 0, "labelOverlap": False}},
                                        "color": {"field": "v", "type": "quantitative"}},
           "height": 40, "width": 400, "autosize": {"type": "fit-x", "contains": "padding"}}


def test_the_measure_sees_overlapping_and_clipped_labels():
    import vl_convert

    found = chart_text.problems(vl_convert.vegalite_to_svg(CROWDED))
    assert any("axis labels “Crisis and reputation management 0” and “Crisis and reputation management 1” overlap"
               in p for p in found), found
    assert any(p.startswith("legend-label") and "leaves the drawing" in p for p in found), found


def test_a_legend_taller_than_the_plot_gets_room_in_the_drawing():
    spec = {**CROWDED, "encoding": {**CROWDED["encoding"], "x": {"field": "c", "type": "nominal"}}}
    assert [p for p in chart_text.problems(charts.svg(spec)) if "leaves" in p] == []


@pytest.mark.skipif(NO_PANGO is not None or shutil.which("pdftotext") is None, reason="needs WeasyPrint and poppler")
def test_the_cover_says_confidential_once(demo):
    cover = " ".join(subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(demo.result.pdf), "-"], check=True,
                                    capture_output=True, text=True).stdout.split())
    assert "CONFIDENTIAL · Prepared for the client's internal use only." in cover
    assert "Confidential." not in cover.replace("CONFIDENTIAL", "")
    assert pdf.confidentiality_line("Internal use only")[1] == " · Internal use only"
