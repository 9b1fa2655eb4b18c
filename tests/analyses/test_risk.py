"""M7 risk register: the methods.md R2 vector, likelihood criteria, bands with Cox's checks, overrides, outputs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smaa_build.analyses.risk import risk
from smaa_build.analyses.risk.risk import RiskConfigError
from smaa_build.findings import Finding, Table

from _factory_risk import make_case

R2_INDICATOR = {"kpi_jaccard_mean": {"value": 0.11, "n": 40, "departments": {
    "f_mk": {"value": 0.06, "n": 6}, "f_cs": {"value": 0.17, "n": 9}, "f_pe": {"value": 0.00, "n": 5}}}}
R2_IMPACTS = {"risks": {"overrides": [
    {"id": "R2", "department": "f_mk", "impact": 4, "rationale": "customer-facing campaigns"},
    {"id": "R2", "department": "f_cs", "impact": 3, "rationale": "complaints handled here"},
    {"id": "R2", "department": "f_pe", "impact": 2, "rationale": "employer branding only"}]}}
REGISTER_COLUMNS = ["risk_id", "family", "title", "cause", "consequence", "scope", "department", "indicator_name",
                    "indicator_value", "indicator_n", "likelihood", "impact", "score", "band", "owner",
                    "existing_controls", "treatment", "evidence", "rationale"]


def _by_key(items):
    return {i.key: i for i in items}


# ------------------------------------------------------------------ methods.md M7 test vector


def test_vector_r2_three_departments_register():
    reg = risk.register(make_case(R2_IMPACTS), R2_INDICATOR)
    got = [(r["department"], r["likelihood"], r["impact"], r["score"], r["band"]) for r in reg]
    assert got == [("f_mk", 5, 4, 20, "Very high"), ("f_cs", 4, 3, 12, "High"), ("f_pe", 5, 2, 10, "High")]
    assert [r["rationale"] for r in reg] == ["customer-facing campaigns", "complaints handled here",
                                             "employer branding only"]


def test_vector_r2_company_aggregation():
    agg = risk.aggregate({"f_mk": 20, "f_cs": 12, "f_pe": 10}, {"f_mk": 40, "f_cs": 120, "f_pe": 20})
    assert agg["worst_band"] == "Very high"
    assert agg["weighted_score"] == pytest.approx(2440 / 180, abs=1e-9)
    assert agg["weighted_score"] == pytest.approx(13.556, abs=5e-4)
    assert agg["weighted_band"] == "High" and agg["n_high_departments"] == 3 and agg["weighting"] == "headcount"


def test_vector_r2_through_run():
    out = _by_key(risk.run(make_case(R2_IMPACTS), R2_INDICATOR))
    assert out["risk.R2.worst_band"].value == "Very high"
    assert out["risk.R2.weighted_score"].value == pytest.approx(13.555556, abs=1e-6)
    assert out["risk.R2.n_high_departments"].value == 3
    company = {r["risk_id"]: r for r in out["risk.company"].rows}
    assert company["R2"]["worst_band"] == "Very high" and company["R2"]["n_high_departments"] == 3


@pytest.mark.parametrize("seed", range(10))
def test_aggregate_matches_numpy_average(seed):
    rng = np.random.default_rng(seed)
    depts = [f"d{i}" for i in range(int(rng.integers(1, 8)))]
    scores = {d: int(rng.integers(1, 6) * rng.integers(1, 6)) for d in depts}
    weights = {d: float(rng.integers(1, 500)) for d in depts}
    agg = risk.aggregate(scores, weights)
    assert agg["weighted_score"] == pytest.approx(np.average([scores[d] for d in depts],
                                                             weights=[weights[d] for d in depts]), abs=1e-9)
    assert agg["n_high_departments"] == sum(s >= 10 for s in scores.values())


def test_aggregate_equal_weights_when_a_headcount_is_missing():
    agg = risk.aggregate({"a": 20, "b": 10}, {"a": 100})
    assert agg["weighted_score"] == 15 and agg["weighting"].startswith("equal")


# ------------------------------------------------------------------ likelihood criteria


@pytest.mark.parametrize("j, lik", [(0.0, 5), (0.0999, 5), (0.10, 4), (0.17, 4), (0.1999, 4), (0.20, 3),
                                    (0.3499, 3), (0.35, 2), (0.4999, 2), (0.50, 1), (1.0, 1)])
def test_r2_default_criteria(j, lik):
    assert risk.likelihood(j, risk.CATALOGUE["R2"].criteria) == lik


@pytest.mark.parametrize("vai, lik", [(0.1, 5), (0.3999, 5), (0.4, 4), (0.5999, 4), (0.6, 3), (0.7, 2), (0.8, 1)])
def test_r1_default_criteria(vai, lik):
    assert risk.likelihood(vai, risk.CATALOGUE["R1"].criteria) == lik


def test_every_catalogue_risk_has_complete_criteria():
    for r in risk.CATALOGUE.values():
        assert r.criteria[-1][0] == float("inf") and sorted({lik for _, lik in r.criteria}) == [1, 2, 3, 4, 5]
        assert r.indicator and r.scope in ("department", "company")


@pytest.mark.parametrize("raw, message", [
    ([[0.2, 5], [0.1, 4], [None, 1]], "bounds must increase"),
    ([[0.1, 5], [0.2, 4]], "the last pair needs bound null"),
    ([[0.1, 6], [None, 1]], "expected an integer from 1 to 5"),
    ([[0.1], [None, 1]], "expected [upper_bound, likelihood]"),
    ("high", "expected a list"),
])
def test_parse_criteria_errors(raw, message):
    with pytest.raises(RiskConfigError, match=message.replace("[", r"\[")):
        risk.parse_criteria(raw, "risks.criteria.R2")


def test_case_criteria_replace_the_default():
    case = make_case({"risks": {"criteria": {"R2": [[0.05, 5], [0.5, 3], [None, 1]]}}})
    reg = risk.register(case, R2_INDICATOR)
    assert {r["department"]: r["likelihood"] for r in reg} == {"f_mk": 3, "f_cs": 3, "f_pe": 5}
    crit = _by_key(risk.run(case, R2_INDICATOR))["risk.criteria"].rows
    assert [r for r in crit if r["risk_id"] == "R2"][0]["source"] == "case"


def test_unknown_risk_in_criteria_is_an_error():
    with pytest.raises(RiskConfigError, match="risks.criteria.R99: unknown risk id"):
        risk.register(make_case({"risks": {"criteria": {"R99": [[None, 1]]}}}), {})


# ------------------------------------------------------------------ bands and Cox's checks


def test_default_bands():
    assert [risk.band_of(s) for s in (1, 4, 5, 9, 10, 12, 16, 20, 25, 13.556, 4.99)] == [
        "Low", "Low", "Medium", "Medium", "High", "High", "High", "Very high", "Very high", "High", "Low"]
    grid = risk.band_grid()
    counts = {b: sum(v == b for v in grid.values()) for b in risk.BANDS}
    assert counts == {"Low": 8, "Medium": 7, "High": 7, "Very high": 3}
    assert risk.cox_violations(grid) == []


def _adjacent_low_top(grid):
    """Independent brute force: any two cells at Manhattan distance 1 coloured Low and Very high."""
    cells = list(grid)
    return any(abs(a[0] - b[0]) + abs(a[1] - b[1]) == 1 and {grid[a], grid[b]} == {"Low", "Very high"}
               for a in cells for b in cells)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(2, 25), min_size=3, max_size=3, unique=True).map(sorted))
def test_threshold_bandings_pass_exactly_when_no_low_top_adjacency(mins):
    grid = risk.band_grid(dict(zip(("Medium", "High", "Very high"), mins)))
    assert (risk.cox_violations(grid) == []) == (not _adjacent_low_top(grid))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(risk.BANDS), min_size=25, max_size=25))
def test_any_accepted_grid_has_no_low_top_adjacency(colours):
    grid = {(lik, imp): colours[(lik - 1) * 5 + imp - 1] for lik in range(1, 6) for imp in range(1, 6)}
    if risk.cox_violations(grid) == []:
        assert not _adjacent_low_top(grid)
    if _adjacent_low_top(grid):
        with pytest.raises(RiskConfigError, match="Cox"):
            risk.check_cox(grid)


def test_bad_banding_is_rejected_with_a_clear_message():
    # Low up to 10, Very high from 15: L5xI3 (15) touches L5xI2 (10)
    with pytest.raises(RiskConfigError) as err:
        risk.parse_bands({"Medium": 11, "High": 13, "Very high": 15})
    assert "risks.bands" in str(err.value) and "Cox" in str(err.value)
    assert "L5xI2 (score 10) shares an edge with Very high cell L5xI3 (score 15)" in str(err.value)


def test_bad_banding_in_the_case_stops_the_analysis():
    with pytest.raises(RiskConfigError, match="Cox"):
        risk.run(make_case({"risks": {"bands": {"Medium": 11, "High": 13, "Very high": 15}}}), R2_INDICATOR)


def test_configured_banding_is_used():
    bands = {"Medium": 4, "High": 8, "Very high": 15}
    case = make_case({**R2_IMPACTS, "risks": {**R2_IMPACTS["risks"], "bands": bands}})
    reg = risk.register(case, R2_INDICATOR)
    assert [r["band"] for r in reg] == ["Very high", "High", "High"]
    assert risk.register(case, {"vai": 0.75})[0]["band"] == "Medium"  # L2 x default I3 = 6


@pytest.mark.parametrize("bands, message", [({"Medium": 10, "High": 5, "Very high": 20}, "must increase"),
                                            ({"Critical": 20}, "unknown band"), ({"High": 30}, "from 2 to 25")])
def test_band_config_errors(bands, message):
    with pytest.raises(RiskConfigError, match=message):
        risk.parse_bands(bands)


# ------------------------------------------------------------------ register construction


def test_register_columns_and_default_impact():
    reg = risk.register(make_case(), {"vai": {"value": 0.45, "n": 25}})
    assert len(reg) == 1 and all(c in reg[0] for c in REGISTER_COLUMNS)
    row = reg[0]
    assert (row["scope"], row["department"], row["likelihood"], row["impact"], row["score"], row["band"]) == (
        "company", None, 4, 3, 12, "High")
    assert row["impact_source"] == "default" and "[SMAA convention]" in row["rationale"]
    assert row["trace"] == "vai = 0.45 (0.4 to < 0.6) -> L4"


def test_register_sorted_by_band_then_score():
    indicators = {**R2_INDICATOR, "vai": 0.1, "manual_share": {"value": 0.5, "n": 30},
                  "escalation_latency_h": 100, "privacy_controls_share": 0.9}
    reg = risk.register(make_case(R2_IMPACTS), indicators)
    keys = [(-risk.BANDS.index(r["band"]), -r["score"]) for r in reg]
    assert keys == sorted(keys)
    assert reg[0]["band"] == "Very high" and reg[-1]["band"] == "Low"


def test_small_department_indicator_is_withheld_but_rated():
    depts = {"f_mk": {"value": 0.06, "n": 3}, "f_cs": {"value": 0.3, "n": 9, "suppressed": True},
             "f_pe": {"value": 0.3, "n": 9, "evidence": ["INT-B", "INT-A"]}}
    ind = {"kpi_jaccard_mean": {"value": 0.1, "departments": depts}}
    reg = {r["department"]: r for r in risk.register(make_case(), ind)}
    assert reg["f_mk"]["indicator_value"] is None and reg["f_mk"]["indicator_n"] is None
    assert reg["f_mk"]["indicator_withheld"] and reg["f_mk"]["likelihood"] == 5 and "0.06" not in reg["f_mk"]["trace"]
    assert reg["f_cs"]["indicator_withheld"] and reg["f_cs"]["indicator_value"] is None
    assert reg["f_pe"]["indicator_value"] == 0.3 and reg["f_pe"]["evidence"] == "INT-A, INT-B"


def test_company_scoped_risk_uses_the_company_value_only():
    reg = risk.register(make_case(), {"gini_intensity": {"value": 0.5, "n": 30, "departments": {"f_mk": 0.9}}})
    assert [(r["scope"], r["likelihood"]) for r in reg] == [("company", 4)]


def test_generic_override_then_specific_override_wins():
    case = make_case({"risks": {"overrides": [{"id": "R2", "impact": 5, "rationale": "all exposed"},
                                              {"id": "R2", "department": "f_pe", "impact": 1, "rationale": "minor"}]}})
    reg = {r["department"]: r for r in risk.register(case, R2_INDICATOR)}
    assert {d: r["impact"] for d, r in reg.items()} == {"f_mk": 5, "f_cs": 5, "f_pe": 1}
    assert reg["f_pe"]["rationale"] == "minor" and reg["f_cs"]["impact_source"] == "researcher"


def test_override_without_rationale_says_so_and_keeps_evidence_ids():
    case = make_case({"risks": {"overrides": [{"id": "R2", "department": "f_pe", "impact": 1,
                                               "evidence": ["INT-Z9", "INT-A1"], "owner": "Head of People"}]}})
    row = [r for r in risk.register(case, R2_INDICATOR) if r["department"] == "f_pe"][0]
    assert row["rationale"] == "Rating set by the researcher; rationale not recorded yet."
    assert (row["evidence"], row["owner"]) == ("INT-A1, INT-Z9", "Head of People")


def test_likelihood_override_is_traced():
    case = make_case({"risks": {"overrides": [{"id": "R2", "department": "f_cs", "likelihood": 2, "impact": 2,
                                               "rationale": "new shared dashboard since the interviews"}]}})
    row = [r for r in risk.register(case, R2_INDICATOR) if r["department"] == "f_cs"][0]
    assert (row["likelihood"], row["likelihood_source"], row["score"]) == (2, "researcher", 4)
    assert row["trace"].endswith("set to L2 by the researcher")


def test_override_with_likelihood_rates_a_risk_without_indicator():
    case = make_case({"risks": {"overrides": [{"id": "R4", "likelihood": 4, "impact": 4, "rationale": "no owner"}]}})
    a = risk.assess(case, {})
    assert [(r["risk_id"], r["score"], r["band"]) for r in a.register] == [("R4", 16, "High")]
    assert "R4" not in {x["risk_id"] for x in a.not_rated}


def test_override_without_rating_is_reported_not_silently_dropped():
    case = make_case({"risks": {"overrides": [{"id": "R4", "impact": 4}]}})
    a = risk.assess(case, {})
    assert any(x["risk_id"] == "R4" and "give a likelihood" in x["reason"] for x in a.not_rated)


@pytest.mark.parametrize("override, message", [
    ({"id": "R9", "impact": 3}, "not a catalogue risk"),
    ({"id": "R2", "department": "nowhere", "impact": 3}, "'nowhere' is not one of organisation.functions"),
    ({"id": "R4", "department": "f_mk", "impact": 3}, "rated company-wide"),
    ({"id": "R2", "impact": 7}, "expected an integer from 1 to 5"),
    ({"id": "R2"}, "give an impact, a likelihood or both"),
])
def test_override_errors(override, message):
    with pytest.raises(RiskConfigError, match=message):
        risk.register(make_case({"risks": {"overrides": [override]}}), R2_INDICATOR)


def test_manual_risks_join_the_register_and_aggregation():
    manual = [{"id": "M1", "title": "Agency dependence", "family": "Governance", "scope": "department",
               "department": "f_mk", "likelihood": 5, "impact": 5, "rationale": "single agency", "owner": "CMO",
               "treatment": "second supplier"},
              {"id": "M2", "title": "Platform API change", "likelihood": 2, "impact": 2}]
    out = _by_key(risk.run(make_case({"risks": {"manual": manual}}), {}))
    assert out["risk.M1.worst_band"].value == "Very high" and out["risk.M2.worst_band"].value == "Low"
    assert out["risk.M1.n_high_departments"].value == 1


@pytest.mark.parametrize("manual, message", [
    ({"id": "R2", "title": "x", "likelihood": 1, "impact": 1}, "not a catalogue id"),
    ({"id": "M1", "title": "x", "scope": "department", "likelihood": 1, "impact": 1}, "scope must be"),
    ({"id": "M1", "title": "x", "likelihood": 0, "impact": 1}, "likelihood: expected an integer"),
    ({"id": "M1", "likelihood": 1, "impact": 1}, "needs a title"),
])
def test_manual_errors(manual, message):
    with pytest.raises(RiskConfigError, match=message):
        risk.register(make_case({"risks": {"manual": [manual]}}), {})


# ------------------------------------------------------------------ run() outputs


def test_run_tables():
    out = _by_key(risk.run(make_case(R2_IMPACTS), {**R2_INDICATOR, "vai": 0.65}))
    matrix = out["risk.matrix"]
    assert isinstance(matrix, Table) and len(matrix.rows) == 25 and matrix.note == risk.COX_CAVEATS
    cell = {(r["likelihood"], r["impact"]): r for r in matrix.rows}
    assert cell[(5, 4)]["risk_ids"] == "R2" and cell[(5, 4)]["band"] == "Very high"
    assert cell[(3, 3)]["risk_ids"] == "R1" and cell[(1, 1)]["n_entries"] == 0
    dept = out["risk.department"].rows
    assert [(r["department_label"], r["risk_id"], r["score"], r["band"]) for r in dept] == [
        ("Brand marketing", "R2", 20, "Very high"), ("Customer support", "R2", 12, "High"),
        ("People", "R2", 10, "High")]
    assert {r["risk_id"] for r in out["risk.not_rated"].rows} == {"R3", "R4", "R5", "R6", "R7", "R8"}
    assert out["risk.n_high_plus"].value == 3 and out["risk.n_very_high"].value == 1
    for item in out.values():
        if isinstance(item, Finding) and item.value is None:
            assert item.reason, item.key


def test_conventions_are_declared():
    names = {c["name"] for c in risk.CONVENTIONS}
    assert {"risk.bands", "risk.default_impact", "risk.criteria.R3", "risk.criteria.R8"} <= names
    assert all(set(c) == {"name", "value", "source"} for c in risk.CONVENTIONS)
