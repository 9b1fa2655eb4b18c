"""The research group's portfolio in a real browser: built over four finished cases and one in progress
(tests/portfolio/_repo.py's finished case, copied), served on 127.0.0.1 and opened in headless Chromium. Every
headline index draws its strip (the report's chart renderer, CSP-safe), nothing logs an error, no request leaves
the machine, and the version links point at the cases beside the portfolio."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "portfolio"))
import _repo  # noqa: E402
from smaa_build.portfolio import build_portfolio  # noqa: E402
from smaa_build.portfolio.collect import HEADLINES  # noqa: E402

pytestmark = pytest.mark.browser


def _case(cases: Path, name: str, version: str, findings: dict) -> None:
    case = cases / name
    shutil.copytree(cases / "finished", case)
    spec = case / "case.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("id: finished", f"id: {name}"), encoding="utf-8")
    release = case / "releases" / version
    release.mkdir(parents=True)
    (release / "release.json").write_text(json.dumps({"version": version, "title": version.title(),
                                                      "status": "final" if version == "final" else "draft",
                                                      "round": 3, "date": "2026-05-04"}), encoding="utf-8")
    (release / "findings.json").write_text(json.dumps({"findings": findings}), encoding="utf-8")


@pytest.fixture(scope="module")
def portfolio(http_root, tmp_path_factory) -> str:
    cases = tmp_path_factory.mktemp("portfolio") / "cases"
    (cases / "_reference").mkdir(parents=True)
    (cases / "_reference" / "cases.csv").write_text(_repo.SET, encoding="utf-8")
    _repo.finished(cases)
    for i, name in enumerate(["alpha", "bravo", "charlie", "delta"]):
        v = 0.2 * (i + 1)
        _case(cases, name, "final" if i < 3 else "draft-2", {
            "diffusion.company.hdi": {"value": v}, "diffusion.company.hi": {"value": v / 2},
            "alignment.company.vai": {"value": 1 - v / 2}, "alignment.kpi_jaccard_mean": {"value": v / 4},
            "value.pearson_r": {"value": v - 0.4}, "risk.R1.worst_band": {"value": "High"}})
    shutil.rmtree(cases / "finished")
    build_portfolio(cases, tmp_path_factory.mktemp("build"), 5, http_root.root)
    return f"{http_root.url}_portfolio/"


def test_every_index_draws_its_strip(portfolio, open_page, wait_for_charts):
    page, errors, foreign = open_page(portfolio + "compare.html")
    wait_for_charts(page, len(HEADLINES))
    assert errors == [] and foreign == []


def test_the_index_links_every_version_beside_the_portfolio(portfolio, open_page):
    page, errors, foreign = open_page(portfolio + "index.html")
    hrefs = page.eval_on_selector_all("article td a", "els => els.map(e => e.href)")
    assert sorted(h.removeprefix(portfolio.removesuffix("_portfolio/")) for h in hrefs) == [
        "alpha/final/index.html", "bravo/final/index.html", "charlie/final/index.html", "delta/draft-2/index.html"]
    assert errors == [] and foreign == []
