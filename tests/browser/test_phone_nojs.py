"""Issue 14 items 3 and 4, on the demo report built once for the module: at phone width (390 px) nothing of any
page leaves the screen outside a scroll container and every wide table scrolls in its own box with its row
labels pinned; with JavaScript disabled every chart shows its static drawing (made at build time with
vl-convert) and keeps its data table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from smaa_build.run.build import build

from _layout import OVERFLOWING_JS, WIDE_TABLES_JS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}

STATIC_JS = """
() => Array.from(document.querySelectorAll('figure.smaa-chart')).map((f) => {
  const img = f.querySelector('img.smaa-chart__static');
  const canvas = f.querySelector('.smaa-chart__canvas');
  const data = f.nextElementSibling;
  return {
    id: f.id,
    drawn: !!img && img.complete && img.naturalWidth > 100 && img.getBoundingClientRect().height > 40,
    fits: !!img && img.getBoundingClientRect().right <= document.documentElement.clientWidth + 1,
    canvas_shown: !!canvas && canvas.getBoundingClientRect().height > 0,
    data_table: !!data && data.matches('details.smaa-chart__data') && !!data.querySelector('table'),
  };
})
"""


@pytest.fixture(scope="module")
def demo(http_root):
    result = build(REPO / "cases" / "demo", http_root.root / "phone-nojs")
    nav = yaml.safe_load((result.out_dir / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    pages = [next(iter(item.values())).replace(".md", ".html") for item in nav]
    return result.out_dir, f"{http_root.url}phone-nojs/{result.case_id}/site/", pages


def _charts(out_dir: Path, name: str) -> int:
    return len(re.findall(r'class="smaa-chart__canvas"', (out_dir / "site" / name).read_text(encoding="utf-8")))


def test_at_390px_nothing_leaves_the_screen_and_wide_tables_keep_their_row_labels(demo, open_page, wait_for_charts):
    out_dir, base, pages = demo
    wide = 0
    for name in pages:
        page, errors, _ = open_page(base + name, viewport=PHONE)
        wait_for_charts(page, _charts(out_dir, name))
        assert page.evaluate(OVERFLOWING_JS) == [], name
        tables = page.evaluate(WIDE_TABLES_JS)
        wide += len(tables)
        assert [t["head"] for t in tables if not t["sticky"]] == [], f"{name}: first column scrolls away"
        if name == "risks.html":  # the company view: rows were about 250 px tall, squeezed into 390 px
            company = next(t for t in tables if t["head"] == "Risk")
            assert company["tallest"] < 150, company
        assert errors == [], f"{name}: {errors}"
    assert wide > 10  # the demo has many tables wider than a phone: the check above ran on them


def test_without_javascript_every_chart_shows_its_static_drawing_and_data_table(demo, browser):
    out_dir, base, pages = demo
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    phone = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        total = 0
        for name in pages:
            expected = _charts(out_dir, name)
            for ctx in (context, phone):
                page = ctx.new_page()
                page.goto(base + name, wait_until="load")
                found = page.evaluate(STATIC_JS)
                if ctx is phone:  # without scripts the table is its own scroll box: its row labels stay too
                    assert [t["head"] for t in page.evaluate(WIDE_TABLES_JS) if not t["sticky"]] == [], name
                page.close()
                assert len(found) == expected, name
                assert [f["id"] for f in found if not f["drawn"] or not f["data_table"]] == [], name
                assert [f["id"] for f in found if f["canvas_shown"] or not f["fits"]] == [], name
            total += expected
        assert total > 15
    finally:
        context.close()
        phone.close()
