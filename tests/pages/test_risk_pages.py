"""Benchmark, risk and recommendation pages (and the home cards) on small hand-built findings: the headline
numbers they print (methods.md M6 and M7 vectors), one heatmap cell per risk, a clean skip when their findings are
absent, escaping of case text, and chart specs that Vega-Lite really compiles (vl-convert, the bundled version)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import vl_convert

from smaa_build.analyses.benchmark import benchmark
from smaa_build.analyses import indicators
from smaa_build.analyses.risk import recommend, risk
from smaa_build.findings import Finding, Findings, from_dict, to_dict
from smaa_build.pages.benchmark import benchmark as bench_page
from smaa_build.pages import home
from smaa_build.pages.risk import recommendations, risks
from smaa_build.pages.base.context import Context
from smaa_build.spec.case import Case, freeze

VL_VERSION = "6.4"  # theme/assets/javascripts/VENDOR.txt
SPEC = {
    "spec_version": 1,
    "engagement": {"id": "t", "client": "Client S.p.A.", "codename": "Kite", "sector": "J", "size_band": "1000-4999",
                   "org_model": "centralised", "core_process": "Customer support",
                   "period": {"start": dt.date(2026, 3, 2), "end": dt.date(2026, 3, 27)}},
    "report": {"k_min": 5, "show_client_name": False, "status": "draft", "round": 1, "date": dt.date(2026, 4, 1),
               "authors": ["A"], "confidentiality": "Confidential."},
    "organisation": {"functions": [{"id": "f_mk", "label": "Brand marketing", "headcount": 40},
                                   {"id": "f_cs", "label": "Customer support", "headcount": 120},
                                   {"id": "f_pe", "label": "People <b>", "headcount": 20}],
                     "levels": [], "activities": []},
    # methods.md M7 vector: impacts 4 / 3 / 2 for R2
    "risks": {"overrides": [{"id": "R2", "department": "f_mk", "impact": 4},
                            {"id": "R2", "department": "f_cs", "impact": 3},
                            {"id": "R2", "department": "f_pe", "impact": 2}]},
}
INDICATORS = {
    "kpi_jaccard_mean": {"value": 0.11, "n": 40, "departments": {
        "f_mk": {"value": 0.06, "n": 6}, "f_cs": {"value": 0.17, "n": 9}, "f_pe": {"value": 0.00, "n": 5}}},
    "manual_share": {"value": 0.5, "n": 40, "departments": {
        "f_mk": {"value": 0.9, "n": 6}, "f_cs": {"value": 0.5, "n": 9}, "f_pe": {"value": 0.1, "n": 3}}},
    "gini_intensity": {"value": 0.5, "n": 40},
}
REF_HDI = [0.40, 0.55, 0.50, 0.65, 0.45, 0.60]  # methods.md M6 vector, x = 0.30


def _case(reference: pd.DataFrame | None = None) -> Case:
    root = Path("/nonexistent/t")
    tables = {"reference": reference} if reference is not None else {}
    return Case(root=root, spec_path=root / "case.yaml", spec=freeze(SPEC), tables=tables)


def _reference() -> pd.DataFrame:
    return pd.DataFrame({"case_id": [f"C{i}" for i in range(6)], "sector": ["J"] * 6, "size_band": ["1000-4999"] * 6,
                         "year": [2020] * 6, "org_model": ["centralised", "organic", "organic", "centralised",
                                                           "holistic", "organic"], "hdi": REF_HDI})


def findings(with_risk: bool = True, with_benchmark: bool = True) -> Findings:
    """Findings as the build makes them (and as findings.json gives them back)."""
    fs = Findings()
    case = _case(_reference())
    if with_benchmark:
        fs.add(*benchmark.run(case, {"hdi": 0.30, "vai": None}))
    if with_risk:
        fs.risks = risk.register(case, INDICATORS)
        fs.add(*risk.run(case, INDICATORS), indicators.indicator_table(case, INDICATORS))
        fs.recommendations = recommend.recommendations(case, fs.risks)
        fs.add(*recommend.run(case, fs.risks))
    return from_dict(json.loads(json.dumps(to_dict(fs))))


def ctx(fs: Findings) -> Context:
    return Context(spec=SPEC, fs=fs)


def chart_specs(body: str) -> dict[str, dict]:
    figs = re.findall(r'<figure class="smaa-chart" id="fig-([^"]+)">.*?class="smaa-chart__spec">(.*?)</script>', body)
    return {slug: json.loads(raw) for slug, raw in figs}


def layer_values(spec: dict) -> list[dict]:
    out = list((spec.get("data") or {}).get("values") or [])
    for layer in spec.get("layer", []):
        out += (layer.get("data") or {}).get("values") or []
    return out


# ------------------------------------------------------------------ risk page


def test_risk_page_headlines_carry_the_m7_numbers():
    body = risks.build(ctx(findings())).body
    cards = body.split("</div>")[0]
    # R2: worst case Very high, W = 2440/180 = 13.56 -> 13.6, 3 of 3 departments High+ (methods.md M7)
    assert "Very high" in cards and "13.6 of 25 (High)" in cards and "all 3 departments" in cards
    assert "3 of the 8 risks could be rated" in cards and "risks not rated" in cards
    assert "mean KPI overlap (Jaccard): 0.11 (n = 40)" in cards
    assert "How to read the matrix (Cox 2008)" in body and "ordinal" in body and "ties" in body


def test_risk_heatmaps_have_a_cell_for_every_risk():
    fs = findings()
    specs = chart_specs(risks.build(ctx(fs)).body)
    matrix = layer_values(specs["risk-matrix"])
    assert len({(c["likelihood"], c["impact"]) for c in matrix}) == 25
    for r in fs.risks:  # every rating is printed in the cell of its likelihood x impact
        cell = next(c for c in matrix if (c["likelihood"], c["impact"]) == (r["likelihood"], r["impact"]))
        assert r["risk_id"] in cell["label"]
    assert {c["band"] for c in matrix if c["score"] >= 20} == {"Very high"}
    dept = layer_values(specs["risk-departments"])
    scoped = {(r["department_label"], r["risk_id"]) for r in fs.risks if r["scope"] == "department"}
    cells = {(c["department"], c["risk"].split()[0]): c for c in dept}
    assert set(cells) == {(d, i) for d, _ in scoped for _, i in scoped}
    for r in fs.risks:
        if r["scope"] == "department":
            c = cells[(r["department_label"], r["risk_id"])]
            assert (c["label"], c["band"]) == (str(r["score"]), r["band"])


def test_register_withholds_small_department_values_and_escapes_labels():
    body = risks.build(ctx(findings())).body
    assert "People &lt;b" in body and "People <b" not in body
    pe = [line for line in body.splitlines() if line.startswith("|") and "R3 Measurement fragility" in line
          and "People" in line]
    assert pe and all("withheld (&lt;5)" in line for line in pe)  # n = 3 < k_min


def test_risk_page_skips_or_says_why():
    assert risks.build(ctx(findings(with_risk=False))) is None
    fs = Findings()
    empty = _case()
    fs.add(*risk.run(empty, {}))
    body = risks.build(ctx(fs)).body
    assert "No risk could be rated" in body and "What could not be rated" in body
    assert "0 of 8" in body and "8</span>" in body
    assert "fig-" not in body


# ------------------------------------------------------------------ benchmark page


def test_benchmark_page_prints_the_crawford_howell_vector():
    body = bench_page.build(ctx(findings())).body
    cards = body.split("</div>")[0]
    # t = -2.226922, df = 5, one-tailed p = 0.038230; rank 7th of 7
    assert "7th of 7" in cards and "t = −2.23, df = 5, one-tailed p = 0.04" in cards
    assert "an estimated 4% of comparable firms score lower" in cards
    assert "Kite is compared with 6 past cases" in cards
    assert "Vertical alignment index (VAI): the reference set has no column 'vai'" in cards
    assert "| Percentile |" not in body  # 6 peers: no percentiles (small-reference-set rule)
    assert "Client S.p.A." not in body
    assert "| centralised | 2 | 33.3% | yes |" in body  # org-model shares printed as percentages


def test_benchmark_strip_has_peers_median_and_company():
    spec = chart_specs(bench_page.build(ctx(findings())).body)["benchmark-strip"]
    values = layer_values(spec)
    assert sorted(v["value"] for v in values if v.get("role") == "peer") == sorted(REF_HDI)
    assert [v["value"] for v in values if v.get("role") == "company"] == [0.30]
    (summary,) = [v for v in values if v.get("role") == "summary"]
    assert summary["median"] == pytest.approx(0.525)


def test_benchmark_page_skips_or_says_why():
    assert bench_page.build(ctx(findings(with_benchmark=False))) is None
    fs = Findings()
    fs.add(*benchmark.run(_case(), {"hdi": 0.3}))
    body = bench_page.build(ctx(fs)).body
    assert "Benchmarking: not computed" in body and "no reference set" in body


# ------------------------------------------------------------------ recommendations and home


def test_recommendations_page_groups_by_horizon_and_flags_the_core_process():
    body = recommendations.build(ctx(findings())).body
    assert body.index("## Within 3 months") < body.index("## Within 6 months")
    assert "Core-process focus: Customer support." in body
    assert "| 1 | [Agree a shared core of SMI KPIs across functions]" in body


def test_researcher_recommendation_comes_first_in_its_horizon():
    fs = findings()
    mine = {"id": "A1", "risk_ids": ["R7"], "title": "Our own", "text": "Words.", "owner": "CMO",
            "horizon": "within 6 months"}
    root = Path("/nonexistent/t")
    case = Case(root=root, spec_path=root / "case.yaml", spec=freeze({**SPEC, "recommendations": [mine]}))
    fs.recommendations = recommend.recommendations(case, fs.risks)
    body = recommendations.build(ctx(fs)).body
    six = body[body.index("## Within 6 months"):]
    titles = re.findall(r"^### (.+?) \{", six, flags=re.M)
    assert titles == ["Our own", "Automate and validate SMI collection"]  # REC-R7 replaced by the researchers'
    assert "written by the researchers" in six.split("### ")[1]


def test_recommendations_page_skips_without_findings():
    assert recommendations.build(ctx(findings(with_risk=False))) is None


def test_home_shows_top_risks_and_recommendations():
    fs = findings()
    fs.add(Finding("engagement.n_interviewees", "", 40, unit="count"), Finding("engagement.n_functions", "", 3),
           Finding("engagement.n_levels", "", 2))
    body = home.build(ctx(fs)).body
    attention = body[body.index("## What needs attention"):]
    assert "Horizontal silos (R2)" in attention and "13.6 of 25" in attention
    assert f"{len(fs.recommendations)}</span><span class=\"smaa-card__label\">recommendations" in attention
    assert "(recommendations.md)" in attention and "(risks.md)" in attention
    bare = findings(with_risk=False, with_benchmark=False)
    bare.add(*[f for k, f in fs.findings.items() if k.startswith("engagement.")])
    assert "What needs attention" not in home.build(ctx(bare)).body


# ------------------------------------------------------------------ the specs are valid Vega-Lite


@pytest.mark.parametrize("page", [risks, bench_page])
def test_chart_specs_compile_with_vega_lite(page):
    specs = chart_specs(page.build(ctx(findings())).body)
    assert specs
    for slug, spec in specs.items():
        svg = vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)
        assert svg.startswith("<svg") and "<text" in svg, slug
