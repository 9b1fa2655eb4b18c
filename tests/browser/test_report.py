"""The demo report in real headless Chromium: every page loads without console errors, every chart is drawn
as SVG, and nothing is requested from any host but the local one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from smaa_build.run.build import build

REPO = Path(__file__).resolve().parents[2]
CASES = {"demo": REPO / "cases" / "demo", "minimal": REPO / "tests" / "cases" / "minimal",
         "airlines": REPO / "cases" / "airlines"}


@pytest.fixture(scope="module", params=sorted(CASES))
def built(request, http_root):
    out = http_root.root / request.param
    result = build(CASES[request.param], out)
    return result.out_dir, f"{http_root.url}{request.param}/{result.case_id}/site/"


def _pages(out_dir: Path) -> list[str]:
    nav = yaml.safe_load((out_dir / "mkdocs.yml").read_text())["nav"]
    return [next(iter(item.values())).replace(".md", ".html") for item in nav]


def test_every_page_draws_its_charts_locally(built, open_page, wait_for_charts):
    out_dir, base = built
    pages = _pages(out_dir)
    assert len(pages) >= 3
    for name in pages:
        html = (out_dir / "site" / name).read_text(encoding="utf-8")
        expected = len(re.findall(r'class="smaa-chart__canvas"', html))
        page, errors, foreign = open_page(base + name)
        wait_for_charts(page, expected)
        assert errors == [], f"{name}: {errors}"
        assert foreign == [], f"{name}: requests to other hosts {foreign}"


def test_home_shows_draft_banner_and_codename(built, open_page):
    out_dir, base = built
    page, _errors, _foreign = open_page(base + "index.html")
    spec = yaml.safe_load((out_dir / "mkdocs.yml").read_text())
    smaa = spec["extra"]["smaa"]
    body = page.inner_text("body")
    if smaa["status"] == "draft":
        assert f"DRAFT" in body.upper() and f"round {smaa['round']}" in body.lower()
    assert "noindex" in page.content()


def test_phone_width_has_no_horizontal_overflow(built, open_page, wait_for_charts):
    out_dir, base = built
    page, errors, _ = open_page(base + "engagement.html", viewport={"width": 390, "height": 844})
    wait_for_charts(page, len(re.findall(r'class="smaa-chart__canvas"',
                                         (out_dir / "site" / "engagement.html").read_text())))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"page is {overflow}px wider than a phone screen"
    assert errors == []
