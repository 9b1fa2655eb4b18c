"""indicators.py: the benchmark metric vector and the M7 driving indicators derived from earlier findings, with
hand-computed values, the 'chapter missing -> not rated, never invented' rule and the registry wiring."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smaa_build.analyses import indicators as ind
from smaa_build.analyses.risk import recommend, risk
from smaa_build.analyses.risk.risk import RiskConfigError
from smaa_build.findings import Finding, Findings, Table

from _factory_risk import make_case

PEOPLE = [("a1", "f_mk", "T1"), ("a2", "f_mk", "T3"), ("a3", "f_mk", "T4"),
          ("b1", "f_cs", "T2"), ("b2", "f_cs", "T3"), ("b3", "f_cs", "T3"), ("b4", "f_cs", "T4"), ("b5", "f_cs", "T4")]


def _fs(*items) -> Findings:
    fs = Findings()
    fs.add(*items)
    return fs


def _ratings(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["interviewee_id", "item", "score"]).astype({"score": float})


# ------------------------------------------------------------------ pure pieces, hand-computed


def test_vai_of_hand_computed():
    # item u: management mean 5, operations mean 3 -> 1 - 2/4 = 0.5; item t: 4 vs 4 -> 1; item w: no management
    df = pd.DataFrame({"item": ["u", "u", "u", "t", "t", "w"], "side": ["management", "operations", "operations",
                       "management", "operations", "operations"], "score": [5, 2, 4, 4, 4, 1]})
    assert ind.vai_of(df, 1, 5) == pytest.approx(0.75, abs=1e-12)
    assert ind.vai_of(df[df["item"] == "w"], 1, 5) is None


def test_function_jaccard_means_each_functions_pairs():
    rows = [{"function_a": "x", "function_b": "y", "n_a": 6, "n_b": 4, "jaccard": 0.2},
            {"function_a": "x", "function_b": "z", "n_a": 6, "n_b": 9, "jaccard": 0.0},
            {"function_a": "y", "function_b": "z", "n_a": 4, "n_b": 9, "jaccard": None}]
    got = ind.function_jaccard(rows)
    assert got == {"x": (pytest.approx(0.1), 6), "y": (pytest.approx(0.2), 4), "z": (pytest.approx(0.0), 9)}


def test_evaluation_share_counts_uses_not_people():
    units = pd.DataFrame({"activity": ["evaluation", "monitoring", "monitoring", "evaluation"],
                          "use": [1.0, 1.0, 1.0, 0.0]})
    assert ind.evaluation_share(units, ["evaluation"]) == pytest.approx(1 / 3)
    assert ind.evaluation_share(units[units["use"] == 0], ["evaluation"]) is None


def test_intensity_gini_is_the_m2_formula_over_interviewees():
    units = pd.DataFrame({"interviewee_id": ["p", "p", "q", "q", "r"], "intensity": [3, 3, 1, 1, np.nan]})
    value, n = ind.intensity_gini(units)
    x = np.array([3.0, 1.0])  # r has no intensity code and is left out
    assert n == 2 and value == pytest.approx(np.abs(x[:, None] - x[None, :]).sum() / (2 * 2 * x.sum()))
    assert value == pytest.approx(0.25)


def test_smi_quality_score_is_the_mean_of_smi_scores():
    t = Table("quality.profile", "", [], [{"source": "smi", "score": 0.4}, {"source": "smi", "score": 0.8},
                                          {"source": "smi", "score": None}, {"source": "traditional", "score": 0.0}])
    assert ind.smi_quality_score(_fs(t)) == pytest.approx(0.6)
    assert ind.smi_quality_score(Findings()) is None


# ------------------------------------------------------------------ from findings and case data


def test_missing_chapters_give_reasons_and_no_rating():
    case = make_case(tables={"interviewees": PEOPLE})
    fs = Findings()
    out = ind.risk_indicators(case, fs)
    assert all(e["value"] is None and e["reason"] for e in out.values())
    assert "not computed for this case" in out["kpi_jaccard_mean"]["reason"]
    assert "not been recorded yet" in out["governance_coverage"]["reason"]
    findings = risk.run_from_findings(case, fs)
    assert fs.risks == []
    not_rated = next(t for t in findings if t.key == "risk.not_rated")
    assert sorted(r["risk_id"] for r in not_rated.rows) == [f"R{i}" for i in range(1, 9)]


def test_chapter_that_could_not_compute_passes_its_reason_on():
    fs = _fs(Finding("alignment.kpi_jaccard_mean", "", None, reason="no list of KPIs was collected"))
    e = ind.jaccard_indicator(make_case(), fs)
    assert e["value"] is None and "no list of KPIs was collected" in e["reason"]


def test_department_vai_from_ratings():
    ratings = _ratings([("a1", "u", 5), ("a2", "u", 3), ("a3", "u", 1), ("b1", "u", 4), ("b2", "u", 4),
                        ("b3", "u", 4), ("b4", "u", 2), ("b5", "u", 4)])
    case = make_case({"organisation": {"management_levels": ["T1", "T2"]}},
                     tables={"interviewees": PEOPLE, "ratings": ratings})
    fs = _fs(Finding("alignment.company.vai", "", 0.7, n=8))
    e = ind.vai_indicator(case, fs)
    assert e["value"] == 0.7 and e["n"] == 8
    # f_mk: 1 - |5 - 2|/4 = 0.25; f_cs: 1 - |4 - 3.5|/4 = 0.875; both sides below k_min = 5 -> withheld
    assert e["departments"]["f_mk"]["value"] == pytest.approx(0.25)
    assert e["departments"]["f_cs"]["value"] == pytest.approx(0.875)
    assert e["departments"]["f_cs"]["suppressed"] and e["departments"]["f_cs"]["evidence"] == []


def test_department_jaccard_and_evidence_ids():
    kpis = pd.DataFrame({"interviewee_id": ["a1", "a2", "a3", "b1", "b2", "b3", "b4", "b5"],
                         "function": ["f_mk"] * 3 + ["f_cs"] * 5, "kpi_name": ["reach"] * 8})
    rows = [{"function_a": "f_cs", "function_b": "f_mk", "n_a": 5, "n_b": 3, "jaccard": 0.25}]
    fs = _fs(Finding("alignment.kpi_jaccard_mean", "", 0.25, n=8), Table("alignment.kpi_jaccard", "", [], rows))
    e = ind.jaccard_indicator(make_case(tables={"interviewees": PEOPLE, "kpis": kpis}), fs)
    cs, mk = e["departments"]["f_cs"], e["departments"]["f_mk"]
    assert (cs["value"], cs["n"], cs["suppressed"], cs["evidence"]) == (0.25, 5, False, ["b1", "b2", "b3", "b4", "b5"])
    assert (mk["n"], mk["suppressed"], mk["evidence"]) == (3, True, [])


def test_company_metrics_read_the_chapter_findings():
    fs = _fs(Finding("diffusion.company.hdi", "", 0.5), Finding("alignment.company.vai", "", 0.8, suppressed=True),
             Finding("mapping.manual_share", "", 0.3))
    got = ind.company_metrics(fs)
    assert got == {"hdi": 0.5, "vdi": None, "hi": None, "vai": None, "kpi_jaccard": None, "manual_share": 0.3}


def test_researcher_indicator_rates_a_coded_risk():
    case = make_case({"risks": {"indicators": {"governance_coverage": {"value": 0.3, "n": 12, "evidence": ["X1"]}}}},
                     tables={"interviewees": PEOPLE})
    fs = Findings()
    risk.run_from_findings(case, fs)
    (r4,) = [r for r in fs.risks if r["risk_id"] == "R4"]
    assert (r4["indicator_value"], r4["likelihood"], r4["evidence"]) == (0.3, 4, "X1")


def test_unknown_researcher_indicator_is_an_error():
    with pytest.raises(RiskConfigError, match="unknown indicator"):
        ind.risk_indicators(make_case({"risks": {"indicators": {"vibes": 1}}}), Findings())


def test_run_recommend_uses_the_register_in_fs():
    case = make_case({"risks": {"indicators": {"governance_coverage": 0.1}}}, tables={"interviewees": PEOPLE})
    fs = Findings()
    fs.add(*risk.run_from_findings(case, fs))
    out = {f.key: f for f in recommend.run_from_findings(case, fs)}
    assert [r["id"] for r in fs.recommendations] == ["REC-R4"]  # L5 x default I3 = 15, High
    assert out["recommend.n"].value == 1
    assert {r["indicator"]: r["value"] for r in fs.tables["indicators.risk"].rows}["governance_coverage"] == 0.1
