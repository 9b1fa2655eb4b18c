"""M2/M3 diffusion indices: methods.md ✔ vectors, scipy cross-checks, properties, and run(case) with M12."""

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy.stats import entropy

from _factory_ch1 import make_case, random_org
from smaa_build.analyses.chapter1 import diffusion as dif
from smaa_build.findings import Findings, dumps

TOL = 1e-6
XBAR = [3, 2, 2, 1, 0, 0]


def test_m2_vector():
    assert dif.breadth(XBAR) == pytest.approx(4 / 6, abs=TOL)
    assert dif.intensity_index(XBAR) == pytest.approx(8 / 18, abs=TOL)
    assert dif.shannon(XBAR) == pytest.approx(1.320888, abs=TOL)
    assert dif.pielou(XBAR) == pytest.approx(0.737202, abs=TOL)
    assert dif.gini(XBAR) == pytest.approx(0.458333, abs=TOL)
    assert dif.gini_normalised(XBAR) == pytest.approx(0.55, abs=TOL)
    assert dif.blau(XBAR) == pytest.approx(0.71875, abs=TOL)
    assert dif.band(4 / 6) == "widespread" and dif.band(0.5) == "partial" and dif.band(1 / 3) == "concentrated"


def test_m3_vector():
    shares, ranks = [0.5, 2 / 3, 1.0, 1.0], [1, 2, 3, 4]
    assert dif.breadth(shares) == 1.0
    assert dif.vertical_reach(shares, ranks) == 1
    assert shares[0] - shares[-1] == pytest.approx(-0.5)
    assert dif.ols_slope(shares, ranks) == pytest.approx(0.183333, abs=TOL)
    assert dif.ols_slope([0.5, 0.667, 1.0, 1.0], ranks) == pytest.approx(0.1833, abs=1e-4)
    assert dif.vertical_reach([0, 0, 0.2, 1], ranks) == 3
    assert dif.vertical_reach([0, 0], [1, 2]) is None


def _gini_sorted(x):  # independent closed form: Σ (2i − n − 1) x_(i) / (n Σ x)
    x = np.sort(np.asarray(x, float))
    n = x.size
    return float(((2 * np.arange(1, n + 1) - n - 1) * x).sum() / (n * x.sum()))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 3, allow_nan=False, allow_subnormal=False), min_size=2, max_size=12))
def test_indices_in_range_and_match_scipy(x):
    k = len(x)
    for v in (dif.breadth(x), dif.weighted_breadth(np.minimum(x, 1)), dif.intensity_index(x)):
        assert 0 <= v <= 1
    if sum(x) <= 0:
        assert dif.pielou(x) is None and dif.gini(x) is None and dif.blau(x) is None
        return
    assert dif.shannon(x) == pytest.approx(entropy(x), abs=1e-9)
    assert dif.pielou(x) == pytest.approx(entropy(x) / math.log(k), abs=1e-9)
    assert -1e-12 <= dif.pielou(x) <= 1 + 1e-12
    assert dif.gini(x) == pytest.approx(_gini_sorted(x), abs=1e-9)
    assert -1e-12 <= dif.gini(x) <= (k - 1) / k + 1e-12
    assert -1e-12 <= dif.gini_normalised(x) <= 1 + 1e-12
    assert -1e-12 <= dif.blau(x) <= 1 - 1 / k + 1e-12
    assert dif.pielou(list(reversed(x))) == pytest.approx(dif.pielou(x))


@given(st.floats(0.01, 3), st.integers(2, 10))
def test_equal_use_is_perfectly_even(v, k):
    x = [v] * k
    assert dif.pielou(x) == pytest.approx(1.0)
    assert dif.gini(x) == pytest.approx(0.0, abs=1e-12)
    assert dif.blau(x) == pytest.approx(1 - 1 / k)


# ---------------------------------------------------------------- run(case)

def _codes(per_person):
    """per_person: {(pid, activity): intensity} -> consensus use + intensity rows."""
    rows = []
    for (pid, act), inten in sorted(per_person.items()):
        rows += [(pid, act, "use", int(inten > 0)), (pid, act, "intensity", inten)]
    return rows


def _run(case) -> Findings:
    fs = Findings()
    fs.add(*dif.run(case))
    return fs


def _org(sizes: dict, levels=("T3",)):
    """sizes: function -> number of people; levels cycle within each function."""
    people = []
    for f, n in sizes.items():
        people += [(f"{f}-{i}", f, levels[i % len(levels)]) for i in range(n)]
    return people


def test_run_reproduces_m2_vector_by_function():
    spec = {"organisation": {"functions": [{"id": f"g{i}", "label": f"G{i}"} for i in range(6)]}}
    people = _org({f"g{i}": 5 for i in range(6)})
    xbar = dict(zip([f"g{i}" for i in range(6)], XBAR))
    intens = {(pid, "act_x"): xbar[f] for pid, f, _ in people}
    fs = _run(make_case(spec, interviewees=people, codes=_codes(intens)))
    assert fs.value("diffusion.hdi.act_x") == pytest.approx(4 / 6, abs=TOL)
    assert fs.value("diffusion.hi.act_x") == pytest.approx(8 / 18, abs=TOL)
    assert fs.value("diffusion.pielou.act_x") == pytest.approx(0.737202, abs=TOL)
    assert fs.value("diffusion.gini.act_x") == pytest.approx(0.458333, abs=TOL)
    assert fs.findings["diffusion.hdi.act_x"].n == 30
    assert fs.findings["diffusion.hdi.act_x"].extra["band"] == "widespread"
    # act_y has no codes at all: every index is None with a reason, never 0
    f = fs.findings["diffusion.hdi.act_y"]
    assert f.value is None and f.reason
    assert fs.value("diffusion.company.hdi") == pytest.approx(4 / 6, abs=TOL)  # mean over computable activities
    cells = {r["function"]: r for r in fs.tables["diffusion.function_activity"].rows}
    assert cells["g0"]["mean_intensity"] == 3 and cells["g0"]["n"] == 5 and not cells["g0"]["suppressed"]


def test_small_function_is_merged_into_other_and_protected_by_a_second_suppression():
    people = _org({"fa": 6, "fb": 7, "fc": 3})
    intens = {(pid, "act_x"): (2 if f != "fb" else 1) for pid, f, _ in people}
    fs = _run(make_case(interviewees=people, codes=_codes(intens)))
    cells = {r["function"]: r for r in fs.tables["diffusion.function_activity"].rows}
    assert set(cells) == {"fa", "fb", "other"}
    assert cells["other"]["suppression"] == "primary" and cells["other"]["n"] == 3
    assert cells["fa"]["suppression"] == "complementary"  # smallest remaining cell of the activity column
    assert not cells["fb"]["suppressed"]
    assert fs.findings["diffusion.hdi.act_x"].extra["functions"] == 3  # indices keep every function
    data = dumps(fs)
    assert '"suppressed": true' in data
    keep = make_case({"conventions": {"disclosure.small_functions": "suppress"}}, interviewees=people,
                     codes=_codes(intens))
    cells = {r["function"]: r for r in _run(keep).tables["diffusion.function_activity"].rows}
    assert set(cells) == {"fa", "fb", "fc"} and cells["fc"]["suppression"] == "primary"


def test_levels_collapse_and_gap_uses_management_levels():
    # 5 per function; levels: T1 has 2 people only -> level heatmap collapses to management/operations
    people = [(f"p{i}", ["fa", "fb"][i % 2], lvl) for i, lvl in
              enumerate(["T1"] * 2 + ["T2"] * 6 + ["T3"] * 6 + ["T4"] * 6)]
    use = {"T1": 1, "T2": 0, "T3": 1, "T4": 1}
    intens = {(pid, "act_x"): 2 * use[lvl] for pid, _, lvl in people}
    fs = _run(make_case(interviewees=people, codes=_codes(intens)))
    rows = fs.tables["diffusion.level_activity"].rows
    assert [r["level"] for r in rows] == ["management", "operations"]
    assert rows[0]["share"] == pytest.approx(2 / 8) and rows[1]["share"] == 1.0
    assert fs.value("vertical.gap.act_x") == pytest.approx(2 / 8 - 1.0)
    assert fs.findings["vertical.gap.act_x"].extra == {"n_management": 8, "n_operations": 12}
    reach = fs.findings["vertical.reach.act_x"]
    assert reach.value == 1 and reach.suppressed  # reach 1 speaks about 2 senior managers
    assert fs.value("vertical.gradient.act_x") == pytest.approx(dif.ols_slope([1, 0, 1, 1], [1, 2, 3, 4]))
    assert fs.value("vertical.vdi.act_x") == pytest.approx(0.75)


def test_not_computable_cases_give_none_with_reason():
    people = [(f"p{i}", "fa", ["T1", "T2"][i % 2]) for i in range(10)]
    intens = {(pid, "act_x"): 1 for pid, _, _ in people}
    fs = _run(make_case(interviewees=people, codes=_codes(intens)))
    f = fs.findings["diffusion.pielou.act_x"]
    assert f.value is None and f.reason == "only 1 function interviewed; needs at least 2"
    g = fs.findings["vertical.gradient.act_x"]
    assert g.value is None and "needs at least 3" in g.reason
    gap = fs.findings["vertical.gap.act_x"]
    assert gap.value is None and "operations" in gap.reason
    empty = _run(make_case(interviewees=people, codes=[("p0", "act_x", "purpose", "diagnostic")]))
    assert all(f.value is None and f.reason for f in empty.findings.values())


def test_use_and_intensity_follow_the_codebook_when_one_is_missing():
    people = _org({"fa": 5, "fb": 5})
    rows = [(pid, "act_x", "intensity", 2) for pid, f, _ in people if f == "fa"]  # use inferred: 1
    rows += [(pid, "act_x", "use", 0) for pid, f, _ in people if f == "fb"]  # intensity inferred: 0
    fs = _run(make_case(interviewees=people, codes=rows))
    cells = {r["function"]: r for r in fs.tables["diffusion.function_activity"].rows}
    assert cells["fa"]["share"] == 1.0 and cells["fb"]["mean_intensity"] == 0.0
    assert fs.value("diffusion.hdi.act_x") == 0.5


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.randoms(use_true_random=False))
def test_run_is_invariant_to_row_order_and_id_relabelling(seed, rnd):
    tables = random_org(seed, n_people=30)
    base = dumps(_findings_of(make_case(**tables)))
    new_ids = {pid: f"X{rnd.randint(0, 10**9)}-{i}" for i, pid in enumerate(tables["interviewees"]["interviewee_id"])}
    shuffled = {k: v.sample(frac=1, random_state=rnd.randint(0, 10**6)).reset_index(drop=True) for k, v in
                tables.items()}
    for df in shuffled.values():
        df["interviewee_id"] = df["interviewee_id"].map(new_ids)
    assert dumps(_findings_of(make_case(**shuffled))) == base


def _findings_of(case) -> Findings:
    return _run(case)


def test_nothing_depends_on_demo_ids_or_four_levels():
    spec = {"organisation": {"levels": [{"id": "A", "label": "a", "rank": 1}, {"id": "B", "label": "b", "rank": 2},
                                        {"id": "C", "label": "c", "rank": 3}],
                             "management_levels": ["A"],
                             "activities": [{"id": "z1", "label": "Z"}]}}
    people = [(f"p{i}", ["fa", "fb"][i % 2], "ABC"[i % 3]) for i in range(30)]
    intens = {(pid, "z1"): i % 4 for i, (pid, _, _) in enumerate(people)}
    fs = _run(make_case(spec, interviewees=people, codes=_codes(intens)))
    assert fs.findings["vertical.gradient.z1"].value is not None
    assert fs.findings["vertical.gap.z1"].extra == {"n_management": 10, "n_operations": 20}
    assert [r["level"] for r in fs.tables["diffusion.level_activity"].rows] == ["A", "B", "C"]
