"""The report theme in a real browser: charts, banners, privacy and instant navigation.

Each test builds a tiny throwaway report the way the pipeline does (docs/*.md plus a mkdocs.yml that
INHERITs the repository's mkdocs.yml), builds it with `mkdocs build --strict`, serves it on
127.0.0.1 and opens it in headless Chromium.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
SMAA = {"round": 1, "date": "2026-04-10", "confidentiality": "Confidential: prepared for Heron only"}


# ---------- building a throwaway report ----------

def chart_spec(labels: list[str], values: list[float], title: str, description: str) -> dict:
    """A Vega-Lite spec as the pipeline makes it: Altair, aggregated data inlined."""
    data = pd.DataFrame({"function": labels, "share": values})
    chart = (
        alt.Chart(data, title=title, description=description)
        .mark_bar(color="#0b1f44")
        .encode(x=alt.X("share:Q", title="Share of staff using SMI (%)"), y=alt.Y("function:N", title=None, sort="-x"))
        .properties(height=alt.Step(26))
    )
    return chart.to_dict()


def chart_markup(slug: str, spec: dict, description: str, caption: str) -> str:
    """The chart markup contract: figure, canvas, JSON spec with '</' escaped, caption, data table."""
    spec_json = json.dumps(spec, sort_keys=True).replace("</", "<\\/")
    rows = "".join(
        f"<tr><td>{html.escape(str(r['function']))}</td><td align=\"right\">{r['share']}</td></tr>"
        for r in spec.get("datasets", {}).get(spec["data"].get("name"), [])
    )
    return (
        f'<figure class="smaa-chart" id="fig-{slug}">'
        f'<div class="smaa-chart__canvas" role="img" aria-label="{html.escape(description)}"></div>'
        f'<script type="application/json" class="smaa-chart__spec">{spec_json}</script>'
        f"<figcaption><strong>Figure.</strong> {html.escape(caption)}</figcaption></figure>\n"
        f'<details class="smaa-chart__data"><summary>Data table</summary>'
        f"<table><thead><tr><th>Function</th><th>Share (%)</th></tr></thead><tbody>{rows}</tbody></table>"
        f"</details>\n"
    )


HOME_CHART = chart_spec(
    # The last label checks the escaping contract: it must survive inside the <script> element.
    ["Customer care", "Marketing", "Communication", "Sales", "Finance </script><b>x</b>"],
    [82.5, 64.0, 58.0, 31.0, 0.0],
    "Customer care uses SMI most; Finance not at all",
    "Bar chart of the share of staff using social-media intelligence, by function.",
)
SECOND_CHART = chart_spec(
    ["Senior manager", "Manager", "Executive", "Junior staff"],
    [22.0, 41.0, 57.0, 73.0],
    "SMI use falls with seniority",
    "Bar chart of SMI use by organisational level.",
)

HOME_MD = """# Executive summary

Social-media KPIs reach senior managers in only 2 of 7 functions (29%). Customer care leads adoption;
Finance does not use social-media intelligence at all.

<div class="smaa-cards" markdown>
<div class="smaa-card" markdown><span class="smaa-card__value">29%</span><span class="smaa-card__label">Vertical reach</span>
KPIs reach senior managers in 2 of 7 functions (n = 41).</div>
<div class="smaa-card smaa-card--alert" markdown><span class="smaa-card__value">4 high</span><span class="smaa-card__label">Risks</span>
Four of twelve risks score high; two concern crisis response.</div>
<div class="smaa-card smaa-card--positive" markdown><span class="smaa-card__value">r = 0.62</span><span class="smaa-card__label">SMI value</span>
Monthly sentiment tracks CSAT (95% CI 0.31 to 0.81, n = 24 months).</div>
</div>

## Customer care uses SMI most; Finance not at all

{chart}

| Function | Interviewed | Using SMI (%) |
| --- | ---: | ---: |
| Customer care | 12 | 82.5 |
| Marketing | 9 | 64.0 |
| Legal | <span class="smaa-suppressed">&lt;5</span> | <span class="smaa-suppressed">suppressed</span> |

!!! warning "Inconclusive"
    The lead/lag analysis needs at least 12 periods; this case has 9.
"""

SECOND_MD = """# Mapping SMI use

Use of social-media intelligence falls with seniority.

## SMI use falls with seniority

{chart}
"""


def report_config(site_dir: Path, site_url: str, smaa: dict, extra: dict | None = None) -> dict:
    """The generated report config: INHERIT the base, absolute custom_dir, an extra block."""
    return {
        "INHERIT": str(REPO / "mkdocs.yml"),
        "site_name": "Heron",
        "site_url": site_url,
        "site_dir": str(site_dir),
        "docs_dir": "docs",
        "theme": {"name": "material", "custom_dir": str(REPO / "theme")},
        "nav": [{"Executive summary": "index.md"}, {"Mapping SMI use": "mapping.md"}],
        "copyright": "© 2026 smaa engagement team",
        "extra": {"smaa": smaa, **(extra or {})},
    }


def build_report(src: Path, config: dict, pages: dict[str, str]) -> Path:
    """Write docs and config into src and run `mkdocs build --strict`; return the site dir."""
    (src / "docs").mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (src / "docs" / name).write_text(text, encoding="utf-8")
    # JSON is valid YAML, and it keeps the date a string exactly as the generator writes it.
    (src / "mkdocs.yml").write_text(json.dumps(config, indent=2), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(src / "mkdocs.yml")],
        capture_output=True, text=True, env=env, cwd=src,
    )
    assert proc.returncode == 0, f"mkdocs build failed:\n{proc.stdout}\n{proc.stderr}"
    return Path(config["site_dir"])


def standard_pages() -> dict[str, str]:
    home = chart_markup("smi-use-by-function", HOME_CHART, HOME_CHART["description"], "Share of staff using SMI, by function (n = 41).")
    second = chart_markup("smi-use-by-level", SECOND_CHART, SECOND_CHART["description"], "SMI use by level (n = 41).")
    return {"index.md": HOME_MD.replace("{chart}", home), "mapping.md": SECOND_MD.replace("{chart}", second)}


def build_served(http_root, tmp_path_factory, name: str, smaa: dict, extra: dict | None = None) -> str:
    """Build a report into the served root under `name`; return its URL."""
    url = f"{http_root.url}{name}/"
    config = report_config(http_root.root / name, url, smaa, extra)
    build_report(tmp_path_factory.mktemp(f"src-{name}"), config, standard_pages())
    return url


@pytest.fixture(scope="module")
def draft_url(http_root, tmp_path_factory):
    return build_served(http_root, tmp_path_factory, "draft", {"status": "draft", **SMAA})


@pytest.fixture(scope="module")
def final_url(http_root, tmp_path_factory):
    return build_served(http_root, tmp_path_factory, "final", {"status": "final", **SMAA})


def assert_clean(console_errors: list[str], foreign_requests: list[str]) -> None:
    assert console_errors == [], "console errors:\n" + "\n".join(console_errors)
    assert foreign_requests == [], "requests to other hosts:\n" + "\n".join(foreign_requests)


# ---------- tests ----------

def test_draft_page_draws_its_chart_as_svg_offline(draft_url, open_page, wait_for_charts, tmp_path):
    page, errors, foreign = open_page(draft_url)
    wait_for_charts(page, 1)
    canvas = page.locator("#fig-smi-use-by-function .smaa-chart__canvas")
    assert canvas.locator("svg").count() == 1
    assert canvas.locator("canvas").count() == 0
    # The label holding "</script>" reached the chart intact, so the spec was escaped and parsed.
    assert "Finance </script><b>x</b>" in canvas.locator("svg").text_content()
    assert canvas.get_attribute("data-smaa-chart") == "drawn"
    page.screenshot(path=str(tmp_path / "draft-home.png"), full_page=True)
    assert_clean(errors, foreign)


def test_draft_banner_shows_round_and_date_on_every_page(draft_url, open_page):
    for url in (draft_url, draft_url + "mapping/"):
        page, errors, foreign = open_page(url)
        banner = page.locator(".smaa-draft")
        assert banner.is_visible()
        text = " ".join(banner.inner_text().split())
        assert text.upper().startswith("DRAFT")
        assert "Round 1" in text and "2026-04-10" in text
        assert_clean(errors, foreign)


def test_every_page_asks_not_to_be_indexed(draft_url, open_page):
    for url in (draft_url, draft_url + "mapping/", draft_url + "404.html"):
        page, _, _ = open_page(url)
        assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex,nofollow"


def test_footer_carries_confidentiality_and_codename_in_header(draft_url, open_page):
    page, errors, foreign = open_page(draft_url)
    assert page.locator(".md-footer .smaa-confidentiality").text_content().strip() == SMAA["confidentiality"]
    assert "Heron" in page.locator(".md-header__topic").first.inner_text()
    assert page.locator("a[href*='squidfunk']").count() == 0
    assert_clean(errors, foreign)


def test_instant_navigation_draws_the_next_page_chart(draft_url, open_page, wait_for_charts):
    page, errors, foreign = open_page(draft_url)
    wait_for_charts(page, 1)
    page.evaluate("window.__smaaSamePage = true")
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="Mapping SMI use").first.click()
    page.wait_for_url(draft_url + "mapping/")
    # The URL changes before the new body is swapped in; wait for the new page's figure first.
    page.locator("#fig-smi-use-by-level").wait_for(state="attached")
    wait_for_charts(page, 1)
    # The marker survives only if material swapped the body instead of loading a new page.
    assert page.evaluate("window.__smaaSamePage === true")
    assert page.locator("#fig-smi-use-by-level .smaa-chart__canvas svg").count() == 1
    assert page.locator(".smaa-draft").is_visible()
    assert_clean(errors, foreign)


def test_final_report_has_no_draft_banner(final_url, open_page, wait_for_charts):
    page, errors, foreign = open_page(final_url)
    wait_for_charts(page, 1)
    assert page.locator(".smaa-draft").count() == 0
    assert page.locator("[data-md-component=announce] .md-banner").count() == 0
    assert page.locator(".smaa-watermark").count() == 0
    assert_clean(errors, foreign)


def test_print_keeps_the_draft_banner_and_hides_the_chrome(draft_url, open_page, wait_for_charts):
    page, errors, foreign = open_page(draft_url, media="print")
    wait_for_charts(page, 1)
    assert page.locator(".smaa-draft").is_visible()
    assert page.locator(".smaa-print-masthead").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert_clean(errors, foreign)


def test_chart_fits_a_phone_screen(draft_url, open_page, wait_for_charts, tmp_path):
    page, errors, foreign = open_page(draft_url, viewport={"width": 390, "height": 844})
    wait_for_charts(page, 1)
    widths = page.evaluate(
        """() => {
          const c = document.querySelector('#fig-smi-use-by-function .smaa-chart__canvas');
          return {canvas: c.clientWidth, svg: c.querySelector('svg').getBoundingClientRect().width,
                  doc: document.documentElement.scrollWidth, view: window.innerWidth};
        }"""
    )
    assert widths["svg"] <= widths["canvas"] + 1
    assert widths["doc"] <= widths["view"]
    page.screenshot(path=str(tmp_path / "draft-phone.png"), full_page=True)
    assert_clean(errors, foreign)


def test_a_chart_that_fails_shows_its_error_and_logs_it(http_root, tmp_path_factory, open_page):
    """A spec that points at remote data is refused: error in the canvas, a console error, no request."""
    leaky = {**SECOND_CHART, "data": {"url": "https://example.com/secret.csv"}}
    leaky.pop("datasets")
    page_md = SECOND_MD.replace("{chart}", chart_markup("leaky", leaky, "Leaky chart", "A chart with remote data."))
    url = f"{http_root.url}broken/"
    config = report_config(http_root.root / "broken", url, {"status": "final"})
    build_report(tmp_path_factory.mktemp("src-broken"), config, {"index.md": HOME_MD.replace("{chart}", ""), "mapping.md": page_md})
    page, errors, foreign = open_page(url + "mapping/")
    error_box = page.locator("#fig-leaky .smaa-chart__error")
    error_box.wait_for()
    assert "could not be drawn" in error_box.inner_text() and "secret.csv" in error_box.inner_text()
    assert any("smaa chart" in e for e in errors)
    assert foreign == []


def test_outdated_version_shows_banner_linking_to_latest(http_root, tmp_path_factory, open_page, wait_for_charts):
    """mike layout: <case>/versions.json next to one folder per version; version 1 is not 'latest'."""
    case = http_root.root / "heron"
    url = f"{http_root.url}heron/1/"
    config = report_config(case / "1", url, {"status": "draft", **SMAA},
                           extra={"version": {"provider": "mike", "default": "latest"}})
    build_report(tmp_path_factory.mktemp("src-heron-1"), config, standard_pages())
    versions = [{"version": "2", "title": "Final", "aliases": ["latest"]},
                {"version": "1", "title": "Draft 1", "aliases": []}]
    (case / "versions.json").write_text(json.dumps(versions), encoding="utf-8")
    page, errors, foreign = open_page(url)
    wait_for_charts(page, 1)
    banner = page.locator("[data-md-component=outdated]")
    banner.wait_for(state="visible")
    link = banner.locator("a")
    assert "latest version" in link.inner_text()
    assert page.evaluate("(a) => a.href", link.element_handle()) == f"{http_root.url}heron/"
    assert_clean(errors, foreign)


def test_chart_draws_from_a_file_url(draft_url, http_root, open_page, wait_for_charts):
    """The bundle is local and inlined data needs no fetch, so a site opened from disk draws too."""
    page, errors, foreign = open_page((http_root.root / "draft" / "index.html").as_uri())
    wait_for_charts(page, 1)
    assert page.locator(".smaa-draft").is_visible()
    assert_clean(errors, foreign)
