"""Resilience page (methods.md M11) on findings made by the real analysis from small synthetic cases: the verdict
sentence and the other headline cards carry the findings' numbers, the specification curve has one column per
specification and one dashboard mark per varied choice, the charts compile with the bundled Vega-Lite, the page
says why when a statistic could not be computed, skips when the chapter did not run, and escapes case text."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import vl_convert

from smaa_build.analyses.resilience import resilience as rs
from smaa_build.findings import Findings, from_dict, to_dict
from smaa_build.pages.resilience import resilience as page
from smaa_build.pages.base.context import Context
from smaa_build.spec.case import Case, freeze

VL_VERSION = "6.4"  # theme/assets/javascripts/VENDOR.txt
WORDS = {1: "great service thanks", 0: "order arrived today", -1: "terrible delay awful"}


def _case(root: Path, n: int = 24, brands: tuple = ("Acme",), spec: dict | None = None, seed: int = 0,
          measure: str = "CSAT") -> Case:
    """Posts whose provided score follows a latent monthly level, a survey that follows it too."""
    rng = np.random.default_rng(seed)
    months = pd.date_range("2024-01-01", periods=n, freq="MS")
    posts, trad = [], []
    for b, brand in enumerate(brands):
        level = np.cumsum(rng.normal(0, 0.4, n)) + 0.4 * b
        for start, lv in zip(months, level):
            for _ in range(rng.poisson(45)):
                s = float(np.clip(0.3 * lv + rng.normal(0, 0.4), -1, 1))
                c = 1 if s >= 0.05 else -1 if s <= -0.05 else 0
                ts = start + pd.Timedelta(hours=int(rng.integers(0, 24 * 27)))
                posts.append((f"p{len(posts)}", ts.strftime("%Y-%m-%dT%H:00:00+00:00"), WORDS[c], brand,
                              f"u{rng.integers(0, 200)}", s, {1: "positive", 0: "neutral", -1: "negative"}[c]))
            trad.append((brand, start, start + pd.offsets.MonthEnd(0), 75 + 3 * lv + rng.normal(0, 0.5), 300, 15.0))
    full = {"engagement": {"id": "t", "client": "T"},  # with report and organisation: what Case.settings reads
            "report": {"k_min": 5, "round": 1, "status": "draft", "date": "2026-04-10", "confidentiality": "C."},
            "organisation": {"functions": [], "levels": [], "activities": []},
            "data": {"posts": {"timezone": "UTC"}, "traditional": {"period": "month", "measure": measure}},
            "value": {"scorer": "provided", "n_min": 30, **((spec or {}).get("value") or {})},
            "resilience": (spec or {}).get("resilience") or {}, "conventions": (spec or {}).get("conventions") or {}}
    tables = {"posts": pd.DataFrame(posts, columns=["post_id", "created_at", "text", "brand", "author_id", "score",
                                                    "label"]),
              "traditional": pd.DataFrame(trad, columns=["brand", "period_start", "period_end", "value",
                                                         "n_respondents", "sd"])}
    return Case(root=root, spec_path=root / "case.yaml", spec=freeze(full), tables=tables)


def findings(case: Case) -> Findings:
    fs = Findings()
    fs.add(*rs.run(case))
    return from_dict(json.loads(json.dumps(to_dict(fs))))  # as the pages see them: through findings.json


SPEC = {"report": {"k_min": 5}, "organisation": {"functions": [], "levels": [], "activities": []}}


def body(fs: Findings) -> str:
    return page.build(Context(spec=SPEC, fs=fs)).body


def chart_specs(text: str) -> dict[str, dict]:
    figs = re.findall(r'<figure class="smaa-chart" id="fig-([^"]+)">.*?class="smaa-chart__spec">(.*?)</script>', text)
    return {slug: json.loads(raw.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&"))
            for slug, raw in figs}


def data_values(spec: dict) -> list[dict]:
    """The records of a single-dataset chart, wherever Altair put them (inline or in `datasets`)."""
    if spec.get("datasets"):
        return next(iter(spec["datasets"].values()))
    layers = spec.get("layer", [])
    return (spec.get("data") or {}).get("values") or next(l["data"]["values"] for l in layers if "data" in l)


def cards(text: str) -> str:
    return text.split("</div>")[0]


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    return findings(_case(tmp_path_factory.mktemp("ts")))


@pytest.fixture(scope="module")
def brands(tmp_path_factory):
    spec = {"value": {"design": "cross_section", "scorer": "human_label", "smi_measure": "share_negative"}}
    return findings(_case(tmp_path_factory.mktemp("cs"), n=3, brands=("A", "B", "C", "D", "E", "F", "G"),
                          spec=spec))


def test_verdict_sentence_carries_the_numbers(series):
    fs = copy.deepcopy(series)
    same, verdict = fs.findings["resilience.same_sign"], fs.findings["resilience.verdict"]
    # the brief's example: 58 of 64 ways (91%) with a joint p below .05 reads "robust"
    fs.findings["resilience.same_sign"] = replace(same, value=58 / 64, n=64, extra={**same.extra, "count": 58})
    fs.findings["resilience.verdict"] = replace(verdict, value="Robust")
    fs.findings["resilience.joint_p"] = replace(fs.findings["resilience.joint_p"], value=0.0436)
    text = cards(body(fs))
    assert "holds in 58 of 64 ways of measuring it (91%)" in text
    assert "rules out chance (p = 0.044): robust." in text and ">Robust<" in text


def test_cards_match_findings(series):
    text = cards(body(series))
    n = series.findings["resilience.same_sign"].n
    k = series.findings["resilience.same_sign"].extra["count"]
    assert f"holds in {k} of {n} ways" in text and "CSAT" in text
    top = series.findings["resilience.top_factor"]
    assert f">{top.value}<" in text and f"{round(top.extra['eta2'] * 100)}% of the variation" in text
    joint = series.findings["resilience.joint_p"]
    assert f"p = {joint.value:.3f}" in text and f"{joint.extra['draws'] - 1} null alignments" in text
    sig = series.findings["resilience.significant"]
    assert f"{sig.extra['count']} of {sig.n} specifications" in text
    assert "rank stability" not in text  # a time series has no ranked brands


def test_specification_curve_has_every_spec_and_its_choices(series):
    specs = chart_specs(body(series))
    curve = specs["resilience-curve"]
    top, bottom = curve["vconcat"]
    points = next(layer["data"]["values"] for layer in top["layer"] if layer.get("mark", {}).get("type") == "point"
                  and "transform" in layer and "calculate" in layer["transform"][0])
    n = series.findings["resilience.n_specs"].value
    assert [p["rank"] for p in points] == list(range(1, n + 1))
    assert [p["estimate"] for p in points] == sorted(p["estimate"] for p in points)
    assert sum(p["baseline"] for p in points) == 1
    varied = series.findings["resilience.setup"].extra["varied"]
    ticks = next(layer["data"]["values"] for layer in bottom["layer"] if layer["mark"]["type"] == "tick")
    assert len(ticks) == n * len(varied)
    assert curve["autosize"]["type"] == "fit-x"  # both panels follow the container, aligned


def test_charts_compile_with_the_bundled_vega_lite(series, brands):
    for fs in (series, brands):
        for slug, spec in chart_specs(body(fs)).items():
            svg = vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)
            assert "<svg" in svg, slug


def test_cross_section_shows_rank_stability(brands):
    text = body(brands)
    assert "rank stability of the brands" in cards(text)
    taus = chart_specs(text)["resilience-tau"]
    values = data_values(taus)
    assert sum(v["n"] for v in values) == brands.findings["resilience.n_specs"].value
    # 7 brands: the joint test uses all 7! − 1 re-pairings
    assert "5039 null alignments" in cards(text)


def test_short_series_says_why(tmp_path):
    fs = findings(_case(tmp_path, n=5))
    text = body(fs)
    assert "No joint test" in text and "descriptive only" in text
    assert "joint test" in cards(text) and "Not computed" in cards(text)
    assert "nan" not in text.lower().replace("nance", "") and "None" not in text


def test_too_few_alignments_warning(tmp_path):
    fs = findings(_case(tmp_path, n=12))  # 12 months, lag 1: 8 null shifts + the observed one
    assert fs.findings["resilience.joint_p"].extra["min_p"] >= 0.05
    assert "Too few alignments for a Robust verdict" in body(fs)


def test_skips_without_the_chapter():
    assert page.build(Context(spec=SPEC, fs=Findings())) is None
    assert page.headlines(Context(spec=SPEC, fs=Findings())) == []


def test_case_text_is_escaped(tmp_path):
    fs = findings(_case(tmp_path, n=8, measure="CSAT <b>phone</b>"))
    text = body(fs)
    assert "CSAT &lt;b\\>phone&lt;/b\\>" in text and "<b>" not in text
