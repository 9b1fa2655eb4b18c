"""M6 benchmarking: hand-computed vectors from methods.md, scipy as an independent reference, peer widening."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from smaa_build.analyses.benchmark import benchmark as bm
from smaa_build.findings import Finding, Table

from _factory_risk import make_case

HDI = [0.40, 0.55, 0.50, 0.65, 0.45, 0.60]
TOL = 1e-6


# ------------------------------------------------------------------ methods.md M6 test vector


def test_vector_mean_sd_z():
    assert statistics.mean(HDI) == pytest.approx(0.525, abs=TOL)
    assert statistics.stdev(HDI) == pytest.approx(0.093541, abs=TOL)
    assert bm.z_score(0.30, HDI) == pytest.approx(-2.405351, abs=TOL)


def test_vector_crawford_howell():
    ch = bm.crawford_howell(0.30, HDI)
    assert ch.t == pytest.approx(-2.226922, abs=TOL)
    assert ch.df == 5
    assert ch.p == pytest.approx(0.038230, abs=TOL)
    assert ch.pct_below == pytest.approx(3.8230, abs=1e-4)


def test_vector_percentile_ranks():
    assert bm.percentile_rank(0.30, HDI) == pytest.approx(0.0, abs=TOL)
    assert bm.percentile_rank(0.50, HDI) == pytest.approx(41.67, abs=0.005)
    assert bm.percentile_rank(0.52, HDI) == pytest.approx(50.0, abs=TOL)


def test_vector_rank_is_last_of_seven():
    assert bm.rank_of(0.30, HDI) == (7, 7)
    assert bm.rank_of(0.70, HDI) == (1, 7)
    assert bm.rank_of(0.55, HDI) == (3, 7)  # ties share the better rank: only 0.60 and 0.65 are above


def test_omitting_the_small_sample_correction_would_fail():
    # the widely copied snippet without sqrt((n+1)/n) gives the z-like -2.405, not -2.227
    assert bm.crawford_howell(0.30, HDI).t != pytest.approx(bm.z_score(0.30, HDI), abs=1e-3)


# ------------------------------------------------------------------ independent references on random input


def _ch_reference(x, ref):
    n = len(ref)
    t = (x - statistics.mean(ref)) / (statistics.stdev(ref) * math.sqrt((n + 1) / n))
    cdf = stats.t.cdf(t, df=n - 1)
    return t, n - 1, min(cdf, 1 - cdf), 100 * cdf


@pytest.mark.parametrize("seed", range(20))
def test_crawford_howell_matches_scipy_t(seed):
    rng = np.random.default_rng(seed)
    ref = rng.normal(0.5, 0.15, size=int(rng.integers(3, 40))).tolist()
    x = float(rng.normal(0.5, 0.3))
    t, df, p, below = _ch_reference(x, ref)
    ch = bm.crawford_howell(x, ref)
    assert (ch.t, ch.df) == (pytest.approx(t, abs=1e-9), df)
    assert ch.p == pytest.approx(p, abs=1e-9)
    assert ch.pct_below == pytest.approx(below, abs=1e-7)


@pytest.mark.parametrize("seed", range(20))
def test_percentile_rank_matches_scipy_mean_kind(seed):
    rng = np.random.default_rng(100 + seed)
    ref = rng.integers(0, 6, size=int(rng.integers(1, 30))) / 5  # many ties on purpose
    x = float(rng.integers(0, 6) / 5)
    assert bm.percentile_rank(x, ref) == pytest.approx(stats.percentileofscore(ref, x, kind="mean"), abs=1e-9)


def test_p_is_one_tailed_in_the_direction_of_the_deviation():
    above = bm.crawford_howell(0.75, HDI)
    assert above.t > 0 and above.p < 0.5 and above.pct_below > 50
    assert above.p == pytest.approx(1 - above.pct_below / 100, abs=1e-12)


# ------------------------------------------------------------------ small-reference-set rules


def test_present_pr_rules():
    assert bm.present_pr(41.67, 9) is None
    assert bm.present_pr(41.67, 10) == 40.0
    assert bm.present_pr(42.5, 29) == 45.0
    assert bm.present_pr(41.666, 30) == 41.7


def test_compare_fewer_than_five_shows_values_only():
    row = bm.compare(0.3, [0.4, 0.5, 0.6, 0.7])
    assert row["n"] == 4
    assert all(row[k] is None for k in ("pr", "rank", "t", "p", "peer_median"))
    assert "needs at least 5" in row["reason"]


def test_compare_five_to_nine_rank_and_ch_only():
    row = bm.compare(0.30, HDI)
    assert row["pr"] is None and row["rank"] == 7 and row["t"] == pytest.approx(-2.226922, abs=TOL)
    assert row["peer_median"] == pytest.approx(0.525) and "percentiles need at least 10" in row["reason"]


def test_compare_constant_reference_has_no_t():
    row = bm.compare(0.3, [0.5] * 6)
    assert row["rank"] == 7 and row["t"] is None and "equal" in row["reason"]


def test_ordinal():
    assert [bm.ordinal(k) for k in (1, 2, 3, 4, 11, 12, 13, 21, 22, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "111th"]


# ------------------------------------------------------------------ attributes and peer selection


@pytest.mark.parametrize("raw, band", [("<250", "<250"), ("250–999", "250-999"), ("≥5000", ">=5000"),
                                       (">= 5000", ">=5000"), (249, "<250"), (250, "250-999"), (4999, "1000-4999"),
                                       (5000, ">=5000"), ("large", None), (None, None)])
def test_size_band(raw, band):
    assert bm.size_band(raw) == band


@pytest.mark.parametrize("raw, sec", [("J", "J"), ("j62", "J"), ("M.70", "M"), ("Retail", "retail"), (None, None)])
def test_nace_section(raw, sec):
    assert bm.nace_section(raw) == sec


def _ref(rows):
    return pd.DataFrame(rows, columns=["case_id", "sector", "size_band", "org_model", "hdi"])


def _cases(sector, band, k, start=0, model="centralised"):
    return [(f"c{start + i:02d}", sector, band, model, 0.1 * (i + 1)) for i in range(k)]


def test_select_peers_sector_and_size_when_enough():
    ref = _ref(_cases("J", "1000-4999", 3) + _cases("M", "1000-4999", 2, 10) + _cases("J", "<250", 4, 20))
    sel = bm.select_peers(ref, "J", "1000-4999")
    assert sel.step == "sector_size" and len(sel.peers) == 5  # J + M form one "ICT & consulting" group
    assert sel.description == "sector ICT & consulting (NACE J + M), size band 1000-4999"
    assert sel.tried == (("sector_size", 5),)


def test_select_peers_widens_in_order():
    ict_small = _cases("J", "<250", 2, 20)
    ict_big = _cases("J", "1000-4999", 2)
    finance = _cases("K", ">=5000", 2, 30)
    retail = _cases("G", ">=5000", 3, 40)
    assert bm.select_peers(_ref(ict_big + ict_small + finance), "J", "1000-4999").tried == (
        ("sector_size", 2), ("sector", 4), ("macro_sector", 6))
    sel = bm.select_peers(_ref(ict_big + ict_small + retail), "J", "1000-4999")
    assert sel.step == "all" and len(sel.peers) == 7
    assert [s for s, _ in sel.tried] == ["sector_size", "sector", "macro_sector", "all"]
    assert bm.select_peers(_ref(ict_big + ict_small + retail), "J", "1000-4999", n_peer_min=4).step == "sector"


def test_select_peers_descriptions_name_the_rule():
    ref = _ref(_cases("G", "<250", 5) + _cases("H", "<250", 1, 10))
    assert bm.select_peers(ref, "G", "1000-4999").description == "sector NACE G (wholesale and retail trade), any size"
    sel = bm.select_peers(ref, "H", ">=5000")
    assert sel.description == "macro-sector Trade, transport and hospitality, any size" and len(sel.peers) == 6
    assert bm.select_peers(ref, "retail", None).description == "all reference cases"


def test_select_peers_all_even_when_below_minimum():
    sel = bm.select_peers(_ref(_cases("G", "<250", 2)), "J", "1000-4999")
    assert sel.step == "all" and len(sel.peers) == 2


# ------------------------------------------------------------------ run()


def _reference_frame():
    rows = [(f"past-{i:02d}", "J" if i % 2 else "M", "1000-4999", ["centralised", "hub_and_spoke", None][i % 3],
             HDI[i % 6], 0.2 + 0.05 * i, 0.5 if i < 3 else None) for i in range(12)]
    rows.append(("test-case", "J", "1000-4999", "centralised", 0.99, 0.99, 0.99))  # the company itself
    rows.append(("past-99", "C", "<250", "organic", 0.1, 0.1, 0.1))
    return pd.DataFrame(rows, columns=["case_id", "sector", "size_band", "org_model", "hdi", "vai", "kpi_jaccard"])


def _by_key(items):
    return {i.key: i for i in items}


def test_run_findings_and_tables():
    case = make_case(tables={"reference": _reference_frame()})
    out = _by_key(bm.run(case, {"hdi": 0.30, "vai": 0.5, "kpi_jaccard": 0.4, "vdi": 0.2, "gini": None}))
    assert out["benchmark.n_peers"].value == 12  # own row and the off-sector case are excluded
    assert out["benchmark.peer_rule"].extra["step"] == "sector_size"
    assert out["benchmark.hdi.rank"].value == 13 and out["benchmark.hdi.rank"].extra["text"] == "13th of 13"
    assert out["benchmark.hdi.pr"].value == bm.present_pr(bm.percentile_rank(0.30, HDI * 2), 12)
    assert out["benchmark.hdi.t"].value == pytest.approx(bm.crawford_howell(0.30, HDI * 2).t, abs=1e-12)
    assert out["benchmark.kpi_jaccard.t"].value is None and "only 3" in out["benchmark.kpi_jaccard.t"].reason
    assert out["benchmark.vdi.p"].value is None and "no column" in out["benchmark.vdi.p"].reason
    metrics = out["benchmark.metrics"]
    assert isinstance(metrics, Table) and [r["metric"] for r in metrics.rows] == ["hdi", "kpi_jaccard", "vai"]
    assert {c["name"] for c in metrics.columns} >= {"metric", "company", "peer_median", "q1", "q3", "pr", "rank",
                                                     "n", "t", "p"}
    for item in out.values():
        if isinstance(item, Finding) and item.value is None:
            assert item.reason, item.key


def test_run_peers_are_pseudonymous():
    case = make_case(tables={"reference": _reference_frame()})
    peers = _by_key(bm.run(case, {"hdi": 0.30}))["benchmark.peers"]
    ids = {r["case_id"] for r in peers.rows if r["role"] == "peer"}
    assert ids == {f"P{i:02d}" for i in range(1, 13)}
    assert not any("past" in r["case_id"] for r in peers.rows)
    assert [r for r in peers.rows if r["role"] == "company"] == [
        {"metric": "hdi", "case_id": "company", "role": "company", "value": 0.30}]


def test_run_org_model_distribution_includes_company_model():
    case = make_case({"engagement": {"org_model": "holistic"}}, tables={"reference": _reference_frame()})
    rows = _by_key(bm.run(case, {}))["benchmark.org_model"].rows
    by = {r["org_model"]: r for r in rows}
    assert by["centralised"]["n"] == 4 and by["hub_and_spoke"]["n"] == 4 and by["unknown"]["n"] == 4
    assert by["holistic"] == {"org_model": "holistic", "n": 0, "share": 0.0, "company": "yes"}
    assert sum(r["share"] for r in rows) == pytest.approx(100.0)


def test_run_n_peer_min_from_spec_widens():
    case = make_case({"benchmark": {"n_peer_min": 13}}, tables={"reference": _reference_frame()})
    rule = _by_key(bm.run(case, {"hdi": 0.3}))["benchmark.peer_rule"]
    assert rule.extra["step"] == "all" and rule.n == 13 and rule.extra["widened"] is True


def test_run_n_peer_min_from_conventions():
    case = make_case({"conventions": {"benchmark.n_peer_min": 13}}, tables={"reference": _reference_frame()})
    assert _by_key(bm.run(case, {"hdi": 0.3}))["benchmark.peer_rule"].extra["step"] == "all"


def test_run_without_reference():
    out = _by_key(bm.run(make_case(), {"hdi": 0.3}))
    assert out["benchmark.peer_rule"].value is None and "no reference" in out["benchmark.peer_rule"].reason
