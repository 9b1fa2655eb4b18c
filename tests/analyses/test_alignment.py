"""M4 alignment: methods.md ✔ vectors, pingouin cross-check of ICC, permutation test, KPI overlap, flows, run(case)."""

import itertools
import math

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from hypothesis import given, settings, strategies as st

from _factory_ch1 import make_case, random_org
from smaa_build.analyses.chapter1 import alignment as al
from smaa_build.findings import Findings, dumps

TOL = 1e-6


def test_m41_vector():
    x = [4, 4, 5, 3, 4]
    assert al.uniform_null(5) == pytest.approx(2.0)
    assert al.rwg(x, 5) == pytest.approx(0.75, abs=TOL)
    assert al.rwg_j([0.5, 0.5, 0.5], 5) == pytest.approx(0.90, abs=TOL)
    assert al.ad_m(x) == pytest.approx(0.40, abs=TOL)
    assert al.ad_acceptable(0.40, 5) and not al.ad_acceptable(0.9, 5)
    assert al.rwg(x, sigma2_null=1.0) == pytest.approx(0.5, abs=TOL)  # alternative null as a parameter
    assert al.rwg([1, 5, 1, 5], 5) == 0.0  # truncated at 0
    assert al.rwg_j([3.0, 2.5], 5) == 0.0 and al.rwg([3], 5) is None
    assert [al.rwg_band(v) for v in (0.2, 0.4, 0.6, 0.75, 0.95)] == \
        ["lack of agreement", "weak", "moderate", "strong", "very strong"]


def test_m42_vectors():
    balanced = [[1, 2, 3], [3, 4, 5], [5, 6, 7]]
    a = al.anova(balanced)
    assert (a["msb"], a["msw"]) == pytest.approx((12, 1))
    i1, i2 = al.icc(balanced)
    assert i1 == pytest.approx(0.785714, abs=TOL) and i2 == pytest.approx(0.916667, abs=TOL)
    unbalanced = [[1, 2, 3], [3, 4, 5, 6], [5, 6]]
    a = al.anova(unbalanced)
    assert a["ssb"] == pytest.approx(17.388889, abs=TOL) and a["ssw"] == pytest.approx(7.5)
    assert a["msb"] == pytest.approx(8.694444, abs=TOL) and a["k_bar"] == pytest.approx(2.888889, abs=TOL)
    i1, i2 = al.icc(unbalanced)
    assert i1 == pytest.approx(0.673367, abs=TOL) and i2 == pytest.approx(0.856230, abs=TOL)
    assert al.icc([[1, 2, 3]]) == (None, None)


@pytest.mark.parametrize("seed", range(25))
def test_icc_agrees_with_pingouin_on_balanced_groups(seed):
    rng = np.random.default_rng(seed)
    g, k = int(rng.integers(3, 8)), int(rng.integers(2, 6))
    scores = rng.integers(1, 6, size=(g, k)).astype(float) + rng.normal(0, 0.1, (g, 1))
    df = pd.DataFrame([(t, r, scores[t, r]) for t in range(g) for r in range(k)], columns=["t", "r", "y"])
    ref = pg.intraclass_corr(df, targets="t", raters="r", ratings="y").set_index("Type")["ICC"]
    i1, i2 = al.icc(list(scores))
    # pingouin names Shrout–Fleiss ICC1 / ICC1k "ICC(1,1)" / "ICC(1,k)"
    assert i1 == pytest.approx(ref["ICC(1,1)"], abs=TOL) and i2 == pytest.approx(ref["ICC(1,k)"], abs=TOL)


def test_m43_vector_exact_permutation():
    test = al.permutation_test([4, 5, 4], [2, 3, 2, 3])
    assert test["delta"] == pytest.approx(1.833333, abs=TOL)
    assert al.vai(test["delta"], 1, 5) == pytest.approx(0.541667, abs=TOL)
    assert test["method"] == "exact" and test["permutations"] == math.comb(7, 3) == 35
    assert test["p"] == pytest.approx(1 / 35, abs=TOL)
    assert [al.vai_band(v) for v in (0.85, 0.7, 0.541667)] == ["aligned", "partial", "misaligned"]


def _brute_p(m, o):
    x = list(m) + list(o)
    obs = abs(np.mean(m) - np.mean(o))
    hits = total = 0
    for pick in itertools.combinations(range(len(x)), len(m)):
        rest = [x[i] for i in range(len(x)) if i not in pick]
        total += 1
        hits += abs(np.mean([x[i] for i in pick]) - np.mean(rest)) >= obs - 1e-9
    return hits / total


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=5), st.lists(st.integers(1, 5), min_size=1, max_size=6))
def test_exact_p_matches_brute_force_and_vai_in_range(m, o):
    test = al.permutation_test(m, o)
    assert test["p"] == pytest.approx(_brute_p(m, o))
    assert 0 < test["p"] <= 1
    assert 0 <= al.vai(test["delta"], 1, 5) <= 1


def test_monte_carlo_branch_is_seeded_and_close_to_exact():
    rng = np.random.default_rng(7)
    m, o = rng.integers(1, 6, 9), rng.integers(1, 6, 11)  # C(20, 9) = 167 960 > 20 000
    mc = al.permutation_test(m, o, seed=11)
    assert mc["method"] == "monte carlo" and mc == al.permutation_test(m, o, seed=11)
    exact = al.permutation_test(m, o, exact_max=200_000)
    assert exact["method"] == "exact" and abs(mc["p"] - exact["p"]) < 0.02


def test_m44_kpi_jaccard_vector():
    sets = {"marketing": {"reach", "engagement", "sentiment", "share_of_voice"},
            "customer_care": {"sentiment", "response_time", "complaints_volume"}, "hr": {"employer_brand_mentions"}}
    pairs = {(p["a"], p["b"]): p["jaccard"] for p in al.jaccard_pairs(sets)}
    assert pairs[("customer_care", "marketing")] == pytest.approx(0.1667, abs=1e-4)
    assert pairs[("customer_care", "marketing")] == pytest.approx(1 / 6, abs=TOL)
    assert pairs[("customer_care", "hr")] == 0 and pairs[("hr", "marketing")] == 0
    assert al.mean_jaccard(al.jaccard_pairs(sets)) == pytest.approx(0.0556, abs=1e-4)
    assert al.mean_jaccard(al.jaccard_pairs(sets)) == pytest.approx(1 / 18, abs=TOL)
    assert al.jaccard(set(), set()) is None
    assert [al.jaccard_band(v) for v in (0.05, 0.2, 0.4)] == ["silo", "partial", "shared vocabulary"]


def test_flow_network():
    edges = pd.DataFrame({"from_function": ["a", "a", "b", "b", "a"], "from_level": ["L3", "L3", "L4", "L4", "L3"],
                          "to_function": ["a", "b", "b", "b", "a"], "to_level": ["L1", "L1", "L4", "L2", "L1"]})
    net = al.flow_network(edges, {"L1"}, ["a", "b", "c"])
    # nodes a/L3, a/L1, b/L1, b/L2 (b/L4 → b/L4 is a self-loop); edges a3→a1, a3→b1, b4→b2 (duplicate merged)
    assert (net["nodes"], net["edges"]) == (5, 3)  # b/L4 still a node through b4→b2
    assert net["density"] == pytest.approx(3 / 20)
    assert net["cross_function_share"] == pytest.approx(1 / 3)
    assert net["reach_top_share"] == pytest.approx(2 / 3)
    assert net["isolated"] == ["c"]


# ---------------------------------------------------------------- run(case)

def _run(case) -> Findings:
    fs = Findings()
    fs.add(*al.run(case))
    return fs


def _people_and_ratings(mgmt_scores, ops_scores, item="useful"):
    people, ratings = [], []
    for i, s in enumerate(mgmt_scores):
        people.append((f"m{i}", ["fa", "fb"][i % 2], ["T1", "T2"][i % 2]))
        ratings.append((f"m{i}", item, float(s)))
    for i, s in enumerate(ops_scores):
        people.append((f"o{i}", ["fa", "fb"][i % 2], ["T3", "T4"][i % 2]))
        ratings.append((f"o{i}", item, float(s)))
    return people, pd.DataFrame(ratings, columns=["interviewee_id", "item", "score"])


def test_run_vai_vector_published_only_when_sides_reach_k_min():
    people, ratings = _people_and_ratings([4, 5, 4], [2, 3, 2, 3])
    fs = _run(make_case({"report": {"k_min": 3}}, interviewees=people, ratings=ratings))
    f = fs.findings["alignment.vai.useful"]
    assert f.value == pytest.approx(0.541667, abs=TOL) and f.p == pytest.approx(1 / 35, abs=TOL)
    assert not f.suppressed and f.extra["n_management"] == 3 and f.extra["band"] == "misaligned"
    assert fs.value("alignment.delta.useful") == pytest.approx(1.833333, abs=TOL)
    hidden = _run(make_case(interviewees=people, ratings=ratings))  # k_min 5: 3 managers are too few
    assert hidden.findings["alignment.vai.useful"].suppressed
    assert hidden.findings["alignment.company.vai"].suppressed
    assert '"vai": null' in dumps(hidden)


def test_run_uses_the_declared_scale_and_management_levels():
    people, ratings = _people_and_ratings([8, 10, 8, 9, 9], [4, 6, 4, 6, 5])
    spec = {"data": {"ratings": {"scale": [0, 10]}}, "organisation": {"management_levels": ["T1", "T2"]}}
    fs = _run(make_case(spec, interviewees=people, ratings=ratings))
    assert fs.value("alignment.vai.useful") == pytest.approx(1 - 3.8 / 10)
    rwg = {(r["group_type"], r["group"]): r for r in fs.tables["alignment.rwg"].rows}
    x = [8, 10, 8, 9, 9]
    assert rwg[("level", "management")]["rwg"] == pytest.approx(1 - np.var(x, ddof=1) / ((11**2 - 1) / 12))
    only_top = _run(make_case({"organisation": {"management_levels": ["T1"]}}, interviewees=people, ratings=ratings))
    assert only_top.findings["alignment.vai.useful"].extra["n_management"] == 3


def test_run_rwg_table_suppresses_small_groups_with_a_complement():
    people = [(f"a{i}", "fa", "T3") for i in range(6)] + [(f"b{i}", "fb", "T3") for i in range(7)] + \
             [(f"c{i}", "fc", "T3") for i in range(8)] + [(f"d{i}", "fd", "T3") for i in range(3)]
    spec = {"organisation": {"functions": [{"id": f, "label": f.upper()} for f in ("fa", "fb", "fc", "fd")]},
            "conventions": {"disclosure.small_functions": "suppress"}}
    ratings = pd.DataFrame([(p[0], "trust", float(1 + i % 5)) for i, p in enumerate(people)],
                           columns=["interviewee_id", "item", "score"])
    fs = _run(make_case(spec, interviewees=people, ratings=ratings))
    rows = {r["group"]: r for r in fs.tables["alignment.rwg"].rows if r["group_type"] == "function"}
    assert rows["fd"]["suppression"] == "primary" and rows["fa"]["suppression"] == "complementary"
    assert not rows["fb"]["suppressed"] and rows["fb"]["n"] == 7
    assert fs.findings["alignment.rwgj.function.fd"].suppressed
    icc = fs.findings["alignment.icc1.function.trust"]
    groups = [ratings.loc[ratings["interviewee_id"].str[0] == c, "score"].to_numpy() for c in "abcd"]
    assert icc.value == pytest.approx(al.icc(groups)[0]) and icc.n == 24


def test_run_kpis_and_flows():
    people = [(f"m{i}", "mk", "T3") for i in range(5)] + [(f"c{i}", "cc", "T3") for i in range(5)] + \
             [(f"h{i}", "hr", "T3") for i in range(2)]
    spec = {"organisation": {"functions": [{"id": "mk", "label": "Marketing"}, {"id": "cc", "label": "Care"},
                                           {"id": "hr", "label": "People"}]}}
    kpis = pd.DataFrame([("m0", "mk", "reach"), ("m1", "mk", "Engagement "), ("m2", "mk", "sentiment"),
                         ("m3", "mk", "share_of_voice"), ("m4", "mk", "reach"), ("c0", "cc", "sentiment"),
                         ("c1", "cc", "response_time"), ("c2", "cc", "complaints_volume"), ("c3", "cc", "sentiment"),
                         ("c4", "cc", "sentiment"), ("h0", "hr", "employer_brand_mentions")],
                        columns=["interviewee_id", "function", "kpi_name"])
    flows = pd.DataFrame({"from_function": ["mk", "cc"], "from_level": ["T3", "T3"],
                          "to_function": ["mk", "mk"], "to_level": ["T1", "T1"], "artefact": ["dashboard", "email"]})
    fs = _run(make_case(spec, interviewees=people, kpis=kpis, flows=flows))
    assert fs.value("alignment.kpi_jaccard_mean") == pytest.approx(0.0556, abs=1e-4)
    assert fs.findings["alignment.kpi_jaccard_mean"].extra["band"] == "silo"
    pairs = {(r["function_a"], r["function_b"]): r for r in fs.tables["alignment.kpi_jaccard"].rows}
    assert pairs[("cc", "mk")]["jaccard"] == pytest.approx(1 / 6) and not pairs[("cc", "mk")]["suppressed"]
    assert pairs[("cc", "hr")]["suppressed"]  # HR rests on 2 interviewees
    assert fs.value("alignment.flows.density") == pytest.approx(2 / 6)
    assert fs.value("alignment.flows.reach_top_share") == 1.0
    iso = fs.findings["alignment.flows.isolated_producers"]
    assert iso.value == 1 and iso.extra["functions"] == ["hr"]
    assert len(fs.tables["alignment.flows"].rows) == 2
    assert fs.findings["alignment.company.vai"].value is None  # no ratings: reason, not a number
    assert "ratings" in fs.findings["alignment.company.vai"].reason


def test_run_without_kpis_or_flows_says_why():
    fs = _run(make_case(interviewees=[("p0", "fa", "T1")]))
    assert fs.findings["alignment.kpi_jaccard_mean"].reason == "no list of KPIs was collected"
    assert fs.findings["alignment.flows.density"].value is None


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000), st.randoms(use_true_random=False))
def test_run_is_invariant_to_row_order_and_id_relabelling(seed, rnd):
    tables = random_org(seed, n_people=24)
    base = dumps(_run_all(make_case(**tables)))
    new_ids = {pid: f"Z{i}-{rnd.randint(0, 10**9)}" for i, pid in enumerate(tables["interviewees"]["interviewee_id"])}
    shuffled = {k: v.sample(frac=1, random_state=rnd.randint(0, 10**6)).reset_index(drop=True)
                for k, v in tables.items()}
    for df in shuffled.values():
        df["interviewee_id"] = df["interviewee_id"].map(new_ids)
    assert dumps(_run_all(make_case(**shuffled))) == base


def _run_all(case):
    return _run(case)
