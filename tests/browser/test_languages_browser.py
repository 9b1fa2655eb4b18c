"""The Italian demo in real headless Chromium (issue 13, item 6): every page draws its charts without errors,
declares lang="it", shows the theme's banner in Italian, and the charts' axes print decimals with a comma, as
the text does (the d3 locale the build hands to Vega-Lite)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from smaa_build.run.build import build

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built_it(http_root):
    result = build(REPO / "cases" / "demo-it", http_root.root / "demo-it")
    return result.out_dir, f"{http_root.url}demo-it/{result.case_id}/site/"


def _pages(out_dir: Path) -> list[str]:
    nav = yaml.safe_load((out_dir / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    return [next(iter(item.values())).replace(".md", ".html") for item in nav]


def test_italian_pages_draw_their_charts_and_declare_the_language(built_it, open_page, wait_for_charts):
    out_dir, base = built_it
    for name in _pages(out_dir):
        html = (out_dir / "site" / name).read_text(encoding="utf-8")
        page, errors, foreign = open_page(base + name)
        wait_for_charts(page, len(re.findall(r'class="smaa-chart__canvas"', html)))
        assert (errors, foreign) == ([], []), name
        assert page.evaluate("document.documentElement.lang") == "it", name


def test_banner_in_italian_and_chart_axes_with_decimal_comma(built_it, open_page, wait_for_charts):
    out_dir, base = built_it
    html = (out_dir / "site" / "alignment.html").read_text(encoding="utf-8")
    page, _errors, _foreign = open_page(base + "alignment.html")
    wait_for_charts(page, len(re.findall(r'class="smaa-chart__canvas"', html)))
    banner = page.inner_text(".smaa-draft")
    assert "BOZZA" in banner.upper() and "10 aprile 2026" in banner  # the label is set in capitals by CSS
    ticks = page.evaluate("Array.from(document.querySelectorAll('.smaa-chart__canvas svg text'))"
                          ".map(t => t.textContent)")
    decimals = [t for t in ticks if re.fullmatch(r"−?\d+[.,]\d+", t)]
    assert decimals and all("," in t for t in decimals), decimals[:10]
