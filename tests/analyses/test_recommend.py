"""Recommendations: generated from High/Very-high risks, researcher precedence, core-process flag."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from smaa_build.analyses.benchmark import benchmark
from smaa_build.analyses.risk import recommend, risk
from smaa_build.analyses.risk.recommend import RecommendationConfigError
from smaa_build.findings import Findings, Table, dumps, from_dict

from _factory_risk import make_case

INDICATORS = {
    "kpi_jaccard_mean": {"value": 0.11, "n": 40, "departments": {
        "f_mk": {"value": 0.06, "n": 6}, "f_cs": {"value": 0.17, "n": 9}, "f_pe": {"value": 0.00, "n": 5}}},
    # R1: L3 x default I3 = 9 (Medium) everywhere
    "vai": {"value": 0.65, "n": 40, "departments": {"f_cs": {"value": 0.65, "n": 9}, "f_mk": {"value": 0.65, "n": 6}}},
    "governance_coverage": {"value": 1 / 3, "n": 12},  # L4 x I3 = 12 (High), company-wide
    "privacy_controls_share": {"value": 0.9, "n": 12},  # L1: Low
}
RISKS = {"risks": {"overrides": [{"id": "R2", "department": "f_mk", "impact": 4},
                                 {"id": "R2", "department": "f_cs", "impact": 3},
                                 {"id": "R2", "department": "f_pe", "impact": 2}]}}


def _recs(spec=None, indicators=INDICATORS):
    case = make_case({**RISKS, **(spec or {})})
    return recommend.recommendations(case, risk.register(case, indicators))


def _by_id(recs):
    return {r["id"]: r for r in recs}


def test_one_generated_recommendation_per_high_risk_id():
    recs = _by_id(_recs({"engagement": {"core_process": None}}))
    assert sorted(recs) == ["REC-R2", "REC-R4"]  # R1 is Medium outside any core process, R8 is Low
    r2 = recs["REC-R2"]
    assert r2["departments"] == ["f_mk", "f_cs", "f_pe"] and r2["band"] == "Very high" and r2["score"] == 20
    assert ("Mean KPI overlap (Jaccard): Brand marketing 0.06 (n = 6), Customer support 0.17 (n = 9) and "
            "People 0.00 (n = 5).") in r2["text"]
    assert r2["horizon"] == "within 3 months" and r2["source"] == "generated"
    assert "company-wide 33% (n = 12)" in recs["REC-R4"]["text"] and recs["REC-R4"]["departments"] == []


def test_sorted_most_severe_first():
    assert [r["id"] for r in _recs()] == ["REC-R2", "REC-R4", "REC-R1"]


SHOWN = {"manual_share": "50%", "governance_coverage": "50%", "privacy_controls_share": "50%",
         "escalation_latency_h": "0.5 h"}


def test_every_catalogue_risk_has_a_template_naming_department_and_value():
    for rid, r in risk.CATALOGUE.items():
        row = {"risk_id": rid, "title": r.title, "department": "d9", "department_label": "Dept Nine",
               "indicator_name": r.indicator, "indicator_value": 0.5, "indicator_n": 7, "indicator_withheld": False,
               "score": 20, "band": "Very high"}
        rec = recommend.generate([row])[0]
        assert rid in recommend.TEMPLATES and "Dept Nine" in rec["text"] and "(n = 7)" in rec["text"]
        assert f"Dept Nine {SHOWN.get(r.indicator, '0.50')} (n = 7)" in rec["text"], rid


def test_manual_high_risk_gets_a_generic_recommendation():
    manual = [{"id": "M1", "title": "Agency lock-in", "department": "f_pe", "likelihood": 4, "impact": 4,
               "treatment": "Tender a second agency.", "owner": "CMO"}]
    rec = _by_id(_recs({"risks": {"manual": manual}}, indicators={}))["REC-M1"]
    assert rec["title"] == "Treat the risk: Agency lock-in" and rec["owner"] == "CMO"
    assert rec["text"] == "This risk is rated High. Rated in People. Tender a second agency."


def test_withheld_values_are_not_printed():
    ind = {"kpi_jaccard_mean": {"value": 0.1, "departments": {"f_mk": {"value": 0.06, "n": 3}}}}
    rec = _recs(indicators=ind)[0]
    assert "0.06" not in rec["text"] and "Brand marketing (value withheld for confidentiality)" in rec["text"]


def test_researcher_text_takes_precedence_for_the_same_risk_id():
    mine = [{"id": "A1", "risk_ids": ["R2", "R7"], "title": "One KPI dictionary", "text": "Our own words.",
             "owner": "CMO", "horizon": "Q3"}]
    recs = _by_id(_recs({"recommendations": mine}))
    assert "REC-R2" not in recs and "REC-R4" in recs
    a1 = recs["A1"]
    assert (a1["text"], a1["owner"], a1["horizon"], a1["source"]) == ("Our own words.", "CMO", "Q3", "researcher")
    assert a1["band"] == "Very high" and a1["departments"] == ["f_cs", "f_mk", "f_pe"]


def test_researcher_recommendation_on_an_unrated_risk_is_kept_last():
    recs = _recs({"recommendations": [{"id": "A2", "risk_ids": "R6", "title": "Escalation", "text": "Do it."}]})
    assert recs[-1]["id"] == "A2" and recs[-1]["band"] is None and recs[-1]["risk_ids"] == ["R6"]


@pytest.mark.parametrize("recs, message", [
    ([{"id": "A", "risk_ids": ["R2"], "title": "t", "text": "x"}, {"id": "A", "risk_ids": [], "title": "t",
                                                                    "text": "x"}], "'A' used twice"),
    ([{"id": "A", "risk_ids": ["R42"], "title": "t", "text": "x"}], "unknown risk id"),
    ([{"id": "A", "risk_ids": ["R2"], "title": "t"}], "needs a title and a text"),
    ([{"risk_ids": ["R2"], "title": "t", "text": "x"}], "id: missing"),
])
def test_researcher_recommendation_errors(recs, message):
    with pytest.raises(RecommendationConfigError, match=message):
        _recs({"recommendations": recs})


def test_core_process_flag_and_medium_risks_in_core_functions():
    recs = _by_id(_recs())  # core_process "Customer support" names function f_cs
    assert recs["REC-R2"]["core_process"] is True  # f_cs is among its departments
    assert recs["REC-R4"]["core_process"] is False
    r1 = recs["REC-R1"]  # Medium: generated only because of the core process, and only for f_cs
    assert r1["core_process"] is True and r1["departments"] == ["f_cs"] and r1["horizon"] == "within 12 months"


def test_core_process_mentioned_in_researcher_text_or_forced_off():
    mine = [{"id": "A1", "risk_ids": ["R4"], "title": "Owner", "text": "Start with customer support reporting."},
            {"id": "A2", "risk_ids": ["R2"], "title": "KPIs", "text": "x", "core_process": False}]
    recs = _by_id(_recs({"recommendations": mine}))
    assert recs["A1"]["core_process"] is True and recs["A2"]["core_process"] is False


@pytest.mark.parametrize("core, names, expected", [
    ("customer care", ["Customer care"], True), ("customer care", ["care"], True),
    ("Customer Care & complaints", ["customer_care"], True), ("digital transformation", ["it", "IT"], False),
    ("customer care", ["hr", "Human resources"], False), ("", ["x"], False), ("the", ["the"], False),
])
def test_matches_core(core, names, expected):
    assert recommend.matches_core(core, *names) is expected


def test_no_core_process_declared():
    case = make_case({**RISKS, "engagement": {"core_process": None}})
    out = {i.key: i for i in recommend.run(case, risk.register(case, INDICATORS))}
    assert out["recommend.core_process"].value is None and "core process was not named" in out["recommend.core_process"].reason
    assert out["recommend.n_core_process"].value is None
    assert not any(r["core_process"] for r in out["recommend.list"].rows)


def test_run_outputs():
    case = make_case(RISKS)
    out = {i.key: i for i in recommend.run(case, risk.register(case, INDICATORS))}
    assert out["recommend.n"].value == 3 and out["recommend.n_generated"].value == 3
    assert out["recommend.core_process"].value == "Customer support"
    assert out["recommend.core_process"].extra == {"functions": ["f_cs"], "n_recommendations": 2}
    table = out["recommend.list"]
    assert isinstance(table, Table) and [r["id"] for r in table.rows] == ["REC-R2", "REC-R4", "REC-R1"]
    assert table.rows[0]["departments"] == "Brand marketing, Customer support, People"
    assert table.rows[0]["core_process"] == "yes" and table.rows[1]["core_process"] == ""


def test_outputs_serialise_into_findings_json():
    ref = pd.DataFrame({"case_id": [f"R{i}" for i in range(8)], "sector": ["J"] * 8, "size_band": ["<250"] * 8,
                        "org_model": ["organic"] * 8, "vai": [0.1 * i for i in range(8)]})
    case = make_case(RISKS, tables={"reference": ref})
    reg = risk.register(case, INDICATORS)
    fs = Findings(risks=reg, recommendations=recommend.recommendations(case, reg))
    fs.add(*benchmark.run(case, {"vai": 0.65}), *risk.run(case, INDICATORS), *recommend.run(case, reg))
    text = dumps(fs)
    assert dumps(from_dict(json.loads(text))) == text
    assert '"risk.R2.weighted_score"' in text and '"REC-R2"' in text
