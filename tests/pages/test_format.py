"""Report number formatting (report-style.md): the exact strings a reader sees."""

import pytest

from smaa_build.pages.base import format as fmt
from smaa_build.pages.base import markdown as md


@pytest.mark.parametrize("value,unit,decimals,table,expected", [
    (0.2857, "share", 2, False, "29%"),
    (0.2857, "share", 2, True, "28.6%"),
    (0.810823, "r", 2, False, "0.81"),
    (0.4583, "index", 3, False, "0.46"),
    (14640, "count", 0, False, "14,640"),
    (-0.03, "", 1, False, "0.0"),
    (-1.5, "", 2, False, "−1.50"),
    (60.0, "min", 0, False, "60 min"),
    (None, "r", 2, False, "–"),
])
def test_values(value, unit, decimals, table, expected):
    assert fmt.value(value, unit, decimals, table) == expected


@pytest.mark.parametrize("p,expected", [(0.0286, "p = 0.03"), (0.0004, "p < 0.001"), (0.004, "p = 0.004"),
                                        (0.5, "p = 0.50"), (None, "p not computed")])
def test_pvalues(p, expected):
    assert fmt.pvalue(p) == expected


def test_interval_states_its_level():
    assert fmt.interval((0.247646, 0.964445), "r") == "95% CI 0.25 to 0.96"


def test_user_text_cannot_open_tags_or_break_tables():
    assert md.text("<b>R&D</b>") == "&lt;b>R&amp;D&lt;/b>"
    assert md.cell("a|b") == "a\\|b"


def test_chart_json_is_inert_inside_script():
    out = md.safe_json({"title": "</script><script>alert(1)</script>"})
    assert "<" not in out and ">" not in out
