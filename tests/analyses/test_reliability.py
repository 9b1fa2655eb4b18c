"""M1 inter-coder reliability: methods.md ✔ vectors, cross-checks against krippendorff and statsmodels, properties,
and run(case) on hand-built codes."""

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from statsmodels.stats.inter_rater import cohens_kappa as sm_kappa

from _factory_ch1 import codes_frame, make_case
from smaa_build.analyses.chapter1 import reliability as rel
from smaa_build.findings import Findings

TOL = 1e-6


def _wiki():
    rows = ["* * * * * 3 4 1 2 1 1 3 3 * 3", "1 * 2 1 3 3 4 3 * * * * * * *", "* * 2 1 3 4 4 * 2 1 1 3 3 * 4"]
    return [[None if v == "*" else float(v) for v in r.split()] for r in rows]


def test_vector1_krippendorff_wikipedia_example():
    data = _wiki()
    assert rel.pairable_values(data) == 26
    assert rel.krippendorff_alpha(data, "nominal") == pytest.approx(0.691358, abs=TOL)
    assert rel.krippendorff_alpha(data, "interval") == pytest.approx(0.810845, abs=TOL)


C1, C2 = [1, 1, 1, 0, 0, 1, 0, 1, 1, 0], [1, 1, 0, 0, 0, 1, 0, 1, 1, 1]


def test_vector2_binary_two_coders():
    assert rel.percent_agreement([C1, C2]) == pytest.approx(0.80, abs=TOL)
    assert rel.cohen_kappa(C1, C2) == pytest.approx(0.583333, abs=TOL)
    assert rel.krippendorff_alpha([C1, C2], "nominal") == pytest.approx(0.604167, abs=TOL)


A, B = [0, 1, 2, 3, 2, 1, 0, 3], [0, 1, 1, 3, 2, 2, 0, 2]


def test_vector3_ordinal_intensity_with_declared_k():
    cats = [0, 1, 2, 3]
    assert rel.cohen_kappa(A, B, cats) == pytest.approx(0.5, abs=TOL)
    assert rel.cohen_kappa(A, B, cats, "linear") == pytest.approx(0.684211, abs=TOL)
    assert rel.cohen_kappa(A, B, cats, "quadratic") == pytest.approx(0.833333, abs=TOL)
    assert rel.krippendorff_alpha([A, B], "nominal") == pytest.approx(0.526316, abs=TOL)
    assert rel.krippendorff_alpha([A, B], "ordinal") == pytest.approx(0.833432, abs=TOL)
    assert rel.krippendorff_alpha([A, B], "interval") == pytest.approx(0.843206, abs=TOL)


def test_weighted_kappa_uses_declared_positions_not_observed_categories():
    a, b = [0, 0, 3, 3, 0], [0, 3, 3, 3, 0]  # 1 and 2 never observed: 0→3 is three steps, not one
    declared = rel.cohen_kappa(a, b, [0, 1, 2, 3], "quadratic")
    table = np.array([[2, 0, 0, 1], [0] * 4, [0] * 4, [0, 0, 0, 2]])
    assert declared == pytest.approx(sm_kappa(table, wt="quadratic").kappa, abs=TOL)
    with pytest.raises(ValueError):
        rel.cohen_kappa([0, 5], [0, 1], [0, 1, 2, 3])


def test_bands_and_flags():
    assert [rel.landis_koch(k) for k in (-0.1, 0.1, 0.3, 0.5833, 0.7, 0.9)] == \
        ["poor", "slight", "fair", "moderate", "substantial", "almost perfect"]
    assert [rel.krippendorff_flag(a) for a in (0.85, 0.7, 0.5)] == ["reliable", "tentative", "unreliable"]
    assert rel.landis_koch(None) == "" and rel.krippendorff_flag(None) == ""


def _random_matrix(rng, coders, units, k, p_missing):
    data = rng.integers(0, k, size=(coders, units)).astype(float)
    data[rng.random(data.shape) < p_missing] = np.nan
    return data


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval"])
def test_alpha_agrees_with_krippendorff_package(seed, level):
    rng = np.random.default_rng(seed)
    data = _random_matrix(rng, int(rng.integers(2, 5)), int(rng.integers(5, 30)), int(rng.integers(2, 6)), 0.25)
    ours = rel.krippendorff_alpha(data.tolist(), level)
    if ours is None:  # a single value overall: undefined; the package refuses it too
        with pytest.raises(ValueError):
            krippendorff.alpha(reliability_data=data, level_of_measurement=level)
        return
    assert ours == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement=level), abs=TOL)


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("wt", [None, "linear", "quadratic"])
def test_kappa_agrees_with_statsmodels_and_direct_formula(seed, wt):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 6))
    a = rng.integers(0, k, 30)
    b = np.where(rng.random(30) < 0.6, a, rng.integers(0, k, 30))
    table = np.zeros((k, k))
    np.add.at(table, (a, b), 1)
    ours = rel.cohen_kappa(a.tolist(), b.tolist(), list(range(k)), wt)
    assert ours == pytest.approx(sm_kappa(table, wt=wt or None).kappa if wt else sm_kappa(table).kappa, abs=TOL)
    if wt is None:
        p = table / table.sum()
        po, pe = np.trace(p), (p.sum(1) * p.sum(0)).sum()
        assert ours == pytest.approx((po - pe) / (1 - pe), abs=TOL)


codes_st = st.lists(st.integers(0, 3), min_size=3, max_size=25)


@settings(max_examples=100, deadline=None)
@given(codes_st, st.integers(2, 4))
def test_alpha_is_one_for_identical_coders(values, coders):
    data = [list(values)] * coders
    alpha = rel.krippendorff_alpha(data, "nominal")
    if len(set(values)) < 2:
        assert alpha is None  # no variation: undefined, never invented
    else:
        for level in ("nominal", "ordinal", "interval"):
            assert rel.krippendorff_alpha(data, level) == pytest.approx(1.0)
        assert rel.cohen_kappa(values, values) == pytest.approx(1.0)
        assert rel.percent_agreement(data) == 1.0


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_indices_in_range_and_invariant_to_order_and_relabelling(data):
    n = data.draw(st.integers(3, 20))
    a = data.draw(st.lists(st.sampled_from("xyz"), min_size=n, max_size=n))
    b = data.draw(st.lists(st.sampled_from("xyz"), min_size=n, max_size=n))
    perm = data.draw(st.permutations(range(n)))
    relabel = dict(zip("xyz", data.draw(st.permutations(["p", "q", "r"]))))
    alpha = rel.krippendorff_alpha([a, b])
    po = rel.percent_agreement([a, b])
    assert 0 <= po <= 1
    kappa = rel.cohen_kappa(a, b)
    if kappa is not None:
        assert -1 - 1e-9 <= kappa <= 1 + 1e-9
    if alpha is not None:
        assert alpha <= 1 + 1e-9
        assert rel.krippendorff_alpha([[a[i] for i in perm], [b[i] for i in perm]]) == pytest.approx(alpha)
        assert rel.krippendorff_alpha([b, a]) == pytest.approx(alpha)
        assert rel.krippendorff_alpha([[relabel[v] for v in a], [relabel[v] for v in b]]) == pytest.approx(alpha)


# ---------------------------------------------------------------- run(case)

PEOPLE = [(f"i{k}", "fa" if k < 4 else "fb", "T3") for k in range(8)]


def _double_coded(rows_a, rows_b, consensus=()):
    return codes_frame([*(r + ("cA",) for r in rows_a), *(r + ("cB",) for r in rows_b),
                        *(r + ("consensus",) for r in consensus)])


def _run(case) -> Findings:
    fs = Findings()
    fs.add(*rel.run(case))
    return fs


def test_run_reproduces_pure_functions_on_double_coded_units():
    ids = [p[0] for p in PEOPLE[:4]] + [PEOPLE[4][0]]
    use_a = [(pid, "act_x", "use", v) for pid, v in zip(ids, [1, 1, 0, 0, 1])]
    use_b = [(pid, "act_x", "use", v) for pid, v in zip(ids, [1, 0, 0, 0, 1])]
    int_a = [(pid, act, "intensity", v) for (pid, act), v in zip([(i, a) for i in ids[:4] for a in ("act_x", "act_y")], A)]
    int_b = [(pid, act, "intensity", v) for (pid, act), v in zip([(i, a) for i in ids[:4] for a in ("act_x", "act_y")], B)]
    purpose_a = [("i0", "act_x", "purpose", "diagnostic"), ("i0", "act_x", "purpose", "interactive"),
                 ("i1", "act_x", "purpose", "diagnostic")]
    purpose_b = [("i0", "act_x", "purpose", "interactive"), ("i0", "act_x", "purpose", "diagnostic"),
                 ("i1", "act_x", "purpose", "boundary")]
    consensus = [(p[0], "act_x", "use", 1) for p in PEOPLE]
    codes = _double_coded(use_a + int_a + purpose_a, use_b + int_b + purpose_b, consensus)
    fs = _run(make_case(interviewees=PEOPLE, codes=codes))
    assert fs.value("reliability.kappa_linear.intensity") == pytest.approx(0.684211, abs=TOL)
    assert fs.value("reliability.kappa_quadratic.intensity") == pytest.approx(0.833333, abs=TOL)
    assert fs.value("reliability.alpha.intensity") == pytest.approx(0.833432, abs=TOL)
    assert fs.findings["reliability.alpha.intensity"].extra["metric"] == "ordinal"
    assert fs.value("reliability.agreement.use") == pytest.approx(0.8)
    assert fs.findings["reliability.alpha.use"].n == 5
    assert fs.value("reliability.agreement.purpose") == pytest.approx(0.5)  # {diag, inter} equal as sets
    dis = fs.tables["reliability.disagreements"].rows
    assert {(r["interviewee_id"], r["dimension"]) for r in dis} >= {("i1", "use"), ("i1", "purpose")}
    assert len(dis) == 1 + 3 + 1  # use i1; intensity: 3 of 8 units differ; purpose i1
    cov = fs.findings["reliability.coverage"]
    assert cov.value == pytest.approx(5 / 8) and cov.extra["functions_below_minimum"] == ["fb"]
    assert not cov.extra["meets_convention"]
    summary = {r["dimension"]: r for r in fs.tables["reliability.summary"].rows}
    assert list(summary) == ["use", "intensity", "purpose"]
    assert summary["intensity"]["kappa_band"] == "substantial"


def test_run_without_double_coding_reports_none_with_reason():
    codes = codes_frame([(p[0], "act_x", "use", 1) for p in PEOPLE])
    fs = _run(make_case(interviewees=PEOPLE, codes=codes))
    f = fs.findings["reliability.alpha.use"]
    assert f.value is None and "two or more coders" in f.reason
    assert fs.value("reliability.coverage") == 0


def test_run_with_three_coders_gives_alpha_but_no_kappa():
    rows = [(p[0], "act_x", "use", (k + c) % 2, coder) for k, p in enumerate(PEOPLE) for c, coder in
            enumerate(["c1", "c2", "c3"])]
    fs = _run(make_case(interviewees=PEOPLE, codes=codes_frame(rows)))
    assert fs.findings["reliability.kappa.use"].value is None
    assert "2 coders" in fs.findings["reliability.kappa.use"].reason
    assert fs.value("reliability.alpha.use") is not None


def test_intensity_k_follows_the_convention_override():
    a, b = [0, 0, 4, 4], [0, 4, 4, 4]
    rows = [(f"i{k}", "act_x", "intensity", v, "cA") for k, v in enumerate(a)] + \
           [(f"i{k}", "act_x", "intensity", v, "cB") for k, v in enumerate(b)]
    case = make_case({"conventions": {"reliability.intensity_max": 4}}, interviewees=PEOPLE, codes=codes_frame(rows))
    fs = _run(case)
    assert fs.value("reliability.kappa_linear.intensity") == pytest.approx(
        rel.cohen_kappa(a, b, [0, 1, 2, 3, 4], "linear"), abs=TOL)
    assert fs.findings["reliability.kappa_linear.intensity"].extra["categories"] == 5
