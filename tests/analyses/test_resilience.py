"""M11 resilience: the methods.md vectors (η², Kendall τ), pure pieces against independent references, property
tests, the declaration and its constraints, and run(case) end to end (the baseline equals the value analysis)."""

import itertools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from _factory_value import TYPED, make_case, merge
from smaa_build.analyses.value import correlation as co
from smaa_build.analyses.resilience import resilience as rs
from smaa_build.analyses.resilience import grid as rg
from smaa_build.analyses.value import value
from smaa_build.errors import AnalysisError
from smaa_build.findings import Findings, dumps
from smaa_build.spec import load_case
from smaa_build.spec.case import Case, freeze

TOL = 1e-6
DEMO = Path(__file__).resolve().parents[2] / "cases" / "demo"


def collect(items) -> Findings:
    fs = Findings()
    fs.add(*items)
    return fs


# --- methods.md M11 test vectors ---------------------------------------------------------------------------------

GRID = [("vader", "mean", 0.62), ("vader", "share_neg", 0.71), ("labels", "mean", 0.55), ("labels", "share_neg", 0.80)]


def test_two_by_two_vector():
    est = [e for *_, e in GRID]
    sm = rg.curve_summary(est)
    assert sm["median"] == pytest.approx(0.665, abs=TOL)
    assert (sm["min"], sm["max"]) == (pytest.approx(0.55, abs=TOL), pytest.approx(0.80, abs=TOL))
    assert sm["ss_total"] == pytest.approx(0.0354, abs=TOL)
    assert rg.eta_squared(est, [s for s, *_ in GRID]) == pytest.approx(0.002825, abs=TOL)
    assert rg.eta_squared(est, [m for _, m, _ in GRID]) == pytest.approx(0.816384, abs=TOL)


def test_kendall_vector_and_scipy():
    a, b = [1, 2, 3, 4, 5, 6], [2, 1, 3, 4, 6, 5]
    assert rg.kendall_tau_b(a, b) == pytest.approx(0.733333, abs=TOL)
    assert rg.kendall_tau_b(a, b) == pytest.approx(stats.kendalltau(a, b).statistic, abs=1e-12)


def test_kendall_tau_b_with_ties_agrees_with_scipy():
    rng = np.random.default_rng(3)
    for _ in range(50):
        n = int(rng.integers(3, 15))
        a, b = rng.integers(0, 4, n).astype(float), rng.integers(0, 4, n).astype(float)
        ref = stats.kendalltau(a, b).statistic
        ours = rg.kendall_tau_b(a, b)
        assert (ours is None and not np.isfinite(ref)) or ours == pytest.approx(ref, abs=1e-12)


def test_one_at_a_time_on_the_vector():
    specs = [dict(dict.fromkeys(rg.FACTORS, "x"), scorer=s, statistic=m, id=f"S{i}")
             for i, (s, m, _) in enumerate(GRID)]
    base = dict(dict.fromkeys(rg.FACTORS, "x"), scorer="vader", statistic="mean")
    rows = rg.one_at_a_time(specs, [e for *_, e in GRID], base, "statistic")
    assert [(r["level"], r["estimate"]) for r in rows] == [("mean", 0.62), ("share_neg", 0.71)]


# --- properties --------------------------------------------------------------------------------------------------

estimates = st.lists(st.floats(-1, 1, allow_nan=False), min_size=2, max_size=40)


@given(estimates, st.data())
@settings(max_examples=200, deadline=None)
def test_eta_squared_in_unit_interval(est, data):
    levels = data.draw(st.lists(st.sampled_from("abc"), min_size=len(est), max_size=len(est)))
    eta = rg.eta_squared(est, levels)
    assert eta is None or 0.0 <= eta <= 1.0


@given(estimates, st.floats(-1, 1).filter(lambda x: x != 0))
def test_shares_in_unit_interval(est, base):
    assert 0.0 <= rg.same_sign_share(est, base) <= 1.0
    assert 0.0 < rg.joint_p(np.abs(est), abs(est[0])) <= 1.0


ORDER = {"Fragile": 0, None: 0, "Moderately robust": 1, "Robust": 2}


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_verdict_is_monotone(s1, s2, p1, p2):
    """More agreement and a smaller joint p never give a worse verdict."""
    lo_s, hi_s, lo_p, hi_p = min(s1, s2), max(s1, s2), min(p1, p2), max(p1, p2)
    worse, better = rg.verdict(lo_s, hi_p)[0], rg.verdict(hi_s, lo_p)[0]
    assert ORDER[better] >= ORDER[worse]


def test_verdict_thresholds():
    assert rg.verdict(0.90, 0.049)[0] == "Robust"
    assert rg.verdict(0.89, 0.049)[0] == "Moderately robust"
    assert rg.verdict(0.95, 0.05)[0] == "Moderately robust"
    assert rg.verdict(0.74, 0.01)[0] == "Fragile"
    assert rg.verdict(0.75, 0.01)[0] == "Moderately robust"
    assert rg.verdict(1.0, 0.20)[0] == "Fragile"
    assert rg.verdict(1.0, None)[0] is None and rg.verdict(0.5, None)[0] == "Fragile"
    assert rg.verdict(0.8, 0.01, rg.Thresholds(robust_same_sign=0.8))[0] == "Robust"


# --- pure computing pieces against references ------------------------------------------------------------------

def _reference_weighted_median(v, w):
    order = np.argsort(v, kind="stable")
    v, cw = v[order], np.cumsum(w[order])
    half = cw[-1] / 2
    return (v[np.flatnonzero(cw >= half - 1e-9)[0]] + v[np.flatnonzero(cw > half + 1e-9)[0]]) / 2


def test_weighted_median_matches_numpy_and_reference():
    rng = np.random.default_rng(0)
    u = rng.integers(0, 6, 400)
    v = rng.normal(size=400).round(2)  # ties
    plain = rs.weighted_median(u, v, np.ones(400), 7)
    assert np.isnan(plain[6])
    for g in range(6):
        assert plain[g] == pytest.approx(np.median(v[u == g]), abs=1e-12)
    w = 1.0 / rng.integers(1, 5, 400)
    weighted = rs.weighted_median(u, v, w, 6)
    for g in range(6):
        assert weighted[g] == pytest.approx(_reference_weighted_median(v[u == g], w[u == g]), abs=1e-12)


def test_masked_corr_matches_correlation_module():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(30, 12)), rng.normal(size=(30, 12))
    x[rng.random(x.shape) < 0.15] = np.nan
    r, n = rs.masked_corr(x, y, ranks=False)
    rho, _ = rs.masked_corr(x, y, ranks=True)
    for i in range(30):
        assert r[i] == pytest.approx(co.pearson(x[i], y[i]).estimate, abs=1e-12)
        assert rho[i] == pytest.approx(co.spearman(x[i], y[i]).estimate, abs=1e-12)
        assert n[i] == np.isfinite(x[i]).sum()


def test_significance_matches_t_test():
    r, n = np.array([0.5, 0.81, -0.9, 0.99]), np.array([10, 8, 5, 30])
    sig = rs.significant(r, n, 0.05)
    assert list(sig) == [co.t_test(0.5, 10)[2] < 0.05, co.t_test(0.81, 8)[2] < 0.05, False, True]


def _units(groups, lengths):
    group = np.repeat(np.arange(groups), lengths)
    pos = np.concatenate([np.arange(k) for k in lengths])
    return rs.Units(np.zeros(0, int), np.zeros(0, int), np.zeros(group.size), group, pos, [], np.zeros(0, int))


def test_shift_draws_are_circular_shifts():
    u = _units(1, [6])
    draws = rs.shift_draws(u, 6)
    x = np.arange(6.0) * 10
    for d in range(6):
        assert list(x[draws[d]]) == list(np.roll(x, d))
    skip = rs.shift_draws(u, 6, max_lag=1)  # shifts ±1 would re-create a lag-1 alignment
    assert [int(np.argmax(r == 0)) for r in skip] == [0, 2, 3, 4]
    panel = rs.shift_draws(_units(2, [4, 8]), 4)  # the same share of time in each brand's series
    assert list(panel[1][:4]) == list(np.roll(np.arange(4), 1))
    assert list(panel[1][4:]) == list(4 + np.roll(np.arange(8), 2))


def test_permutation_draws():
    d = rs.permutation_draws(4, 0)
    assert d.shape == (24, 4) and list(d[0]) == [0, 1, 2, 3] and len({tuple(r) for r in d}) == 24
    big = rs.permutation_draws(9, 0)
    assert big.shape == (rs.MAX_DRAWS, 9) and list(big[0]) == list(range(9))


def test_lagged_pairs_stay_within_a_series():
    u = _units(2, [3, 3])
    a, b = u.lagged(1)
    assert list(zip(a, b)) == [(0, 1), (1, 2), (3, 4), (4, 5)]


def test_author_weighting_by_hand():
    """One unit: author A posts +1 three times, author B −1 once: 0.5 per post, 0.0 one author one vote."""
    posts = pd.DataFrame({"author_id": ["A", "A", "A", "B"]})
    authors = rs.author_codes(posts)
    unit = np.zeros(4, int)
    u = rs.Units(np.arange(4), unit, np.zeros(1), np.zeros(1, int), np.zeros(1, int), ["u"],
                 pd.factorize(unit * 10 + authors)[0])
    scores = np.array([1.0, 1.0, 1.0, -1.0])
    cls = np.array([1, 1, 1, -1])
    keep = np.ones(4, bool)
    args = dict(outliers="none", n_min=1)
    assert rs.smi_series(u, scores, cls, keep, "mean_compound", "post", **args)[0] == pytest.approx(0.5)
    assert rs.smi_series(u, scores, cls, keep, "mean_compound", "author", **args)[0] == pytest.approx(0.0)
    assert rs.smi_series(u, scores, cls, keep, "share_negative", "author", **args)[0] == pytest.approx(0.5)
    assert rs.smi_series(u, scores, cls, keep, "median_compound", "author", **args)[0] == pytest.approx(0.0)
    assert np.isnan(rs.smi_series(u, scores, cls, keep, "mean_compound", "post", outliers="none", n_min=5)[0])


# --- declaration ------------------------------------------------------------------------------------------------

AV = rg.Availability(design="time_series", labels=True, scores=True, authors=True, period="month",
                     baseline={"scorer": "vader", "window": "month", "statistic": "mean_compound",
                               "retweets": "exclude", "brand_posts": "exclude", "outliers": "none",
                               "weighting": "post", "entity": "brand_field", "lag": 0})


def test_default_multiverse():
    decl = rg.declare({}, AV)
    assert decl.choices["scorer"] == ["vader", "provided", "human_label"]
    assert decl.choices["window"] == ["month"]  # a week is finer than the monthly survey
    assert decl.choices["lag"] == [0, 1] and decl.choices["entity"] == ["brand_field"]
    specs, dropped = rg.grid(decl, AV)
    # scorer 3 × statistic 4 × outliers 2 × retweets 2 × weighting 2 × lag 2 = 192; winsorising only with the
    # mean of a continuous scorer: (vader, provided) × (mean × 2 + 3) + human_label × 4 = 14 → 14 × 8 = 112
    assert len(specs) == 112 and sum(d["n_specs"] for d in dropped) == 80
    assert sum(s["baseline"] for s in specs) == 1
    weekly = rg.declare({}, rg.Availability(**{**AV.__dict__, "period": "week"}))
    assert weekly.choices["window"] == ["week", "month"]
    bare = rg.declare({}, rg.Availability(**{**AV.__dict__, "labels": False, "scores": False, "authors": False}))
    assert bare.choices["scorer"] == ["vader"] and bare.choices["weighting"] == ["post"]
    assert any(n.startswith("scorer:") for n in bare.notes)


def test_declared_grid_with_constraints():
    raw = {"choices": {"scorer": ["vader", "human_label"], "statistic": ["mean_compound", "share_negative"],
                       "retweets": ["exclude"], "outliers": ["none"], "weighting": ["post"], "lag": [0]},
           "constraints": [{"if": {"scorer": "human_label"}, "then": {"statistic": "share_negative"}}]}
    decl = rg.declare(raw, AV)
    specs, dropped = rg.grid(decl, AV)
    assert [(s["scorer"], s["statistic"]) for s in specs] == [("vader", "mean_compound"),
                                                              ("vader", "share_negative"),
                                                              ("human_label", "share_negative")]
    assert dropped == [{"reason": "Scorer human_label only with statistic share_negative", "n_specs": 1}]
    no_labels = rg.Availability(**{**AV.__dict__, "labels": False})
    assert len(rg.grid(rg.declare(raw, no_labels), no_labels)[0]) == 2


def test_window_finer_than_survey_is_left_out():
    decl = rg.declare({"choices": {"window": ["week", "month", "quarter"], "scorer": ["vader"]}}, AV)
    specs, dropped = rg.grid(decl, AV)
    assert {s["window"] for s in specs} == {"month", "quarter"}
    assert any("week window is finer than the monthly" in d["reason"] for d in dropped)


@pytest.mark.parametrize("raw, match", [
    ({"choice": {}}, "unknown key"),
    ({"outcome": "kendall"}, "resilience.outcome"),
    ({"choices": {"scorr": ["vader"]}}, r"resilience.choices.scorr: unknown factor"),
    ({"choices": {"scorer": ["vadr"]}}, r"resilience.choices.scorer: unknown level 'vadr'"),
    ({"choices": {"lag": [True]}}, "unknown level"),
    ({"constraints": [{"if": {"scorer": "vader"}}]}, r"constraints\[0\]"),
    ({"constraints": [{"if": {"scorer": "vader"}, "require": "magic"}]}, "unknown condition"),
    ({"constraints": [{"if": {"scorer": "vader"}, "then": {"lag": 1}}]}, "baseline violates"),
    ({"baseline": {"scorer": "human_label"}}, "baseline violates"),
])
def test_bad_declarations(raw, match):
    av = rg.Availability(**{**AV.__dict__, "labels": False})
    with pytest.raises(AnalysisError, match=match):
        rg.declare(raw, av)


def test_cross_section_has_no_window_or_lag():
    av = rg.Availability(**{**AV.__dict__, "design": "cross_section", "brand_accounts": True,
                            "baseline": {**AV.baseline, "window": None}})
    decl = rg.declare({"choices": {"lag": [0, 1]}}, av)
    assert decl.choices["lag"] == [0] and decl.choices["window"] == [None]
    assert decl.choices["entity"] == ["brand_field", "mention_in_text"]
    assert any(n.startswith("lag: a cross-section") for n in decl.notes)


# --- end to end ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo():
    case = load_case(DEMO)
    return case, collect(value.run(case)), collect(rs.run(case))


def test_demo_curve_size_and_baseline(demo):
    case, val, res = demo
    # declared: scorer 2 × statistic 4 × retweets 2 × outliers 2 × weighting 2 × lag 2 = 128; winsorising only
    # with the mean: 2 × (2 + 3) × 2 × 2 × 2 = 80
    assert res.value("resilience.n_specs") == 80 == len(res.tables["resilience.curve"].rows)
    assert res.findings["resilience.n_specs"].extra["dropped"] == 48
    base = res.findings["resilience.baseline"]
    assert base.value == pytest.approx(val.value("value.pearson_r"), abs=1e-9)
    assert base.ci == pytest.approx(val.findings["value.pearson_r"].ci, abs=1e-9)
    rows = [r for r in res.tables["resilience.curve"].rows if r["baseline"]]
    assert len(rows) == 1 and rows[0]["estimate"] == pytest.approx(base.value, abs=1e-12)


def test_demo_summaries_are_consistent(demo):
    _, _, res = demo
    est = [r["estimate"] for r in res.tables["resilience.curve"].rows]
    assert est == sorted(est)
    assert res.value("resilience.median") == pytest.approx(np.median(est), abs=1e-12)
    assert res.value("resilience.same_sign") == pytest.approx(np.mean(np.sign(est) == 1), abs=1e-12)
    joint = res.findings["resilience.joint_p"]
    # 24 months: identity + 21 shifts (shifts of ±1 would re-create the declared lag 1)
    assert joint.extra["draws"] == 22 and 1 / 22 <= joint.value <= 1
    assert res.value("resilience.verdict") in {"Robust", "Moderately robust", "Fragile"}
    etas = {k.split(".")[-1]: f.value for k, f in res.findings.items() if k.startswith("resilience.eta2.")}
    assert set(etas) == {"scorer", "statistic", "retweets", "outliers", "weighting", "lag"}
    assert res.value("resilience.top_factor") == res.tables["resilience.factors"].rows[0]["label"]
    assert res.value("resilience.rank.tau_median") is None and "cross-section" in \
        res.findings["resilience.rank.tau_median"].reason


def test_demo_output_is_deterministic_and_json_clean(demo):
    case, _, res = demo
    assert dumps(res) == dumps(collect(rs.run(case)))


def test_spearman_outcome_equals_value(tmp_path):
    case = make_case(tmp_path, n_months=30, seed=2, spec={"resilience": {"outcome": "spearman_r"}})
    val, res = collect(value.run(case)), collect(rs.run(case))
    assert res.value("resilience.baseline") == pytest.approx(val.value("value.spearman_rho"), abs=1e-9)


def test_every_spec_recomputed_from_post_level(tmp_path):
    """Each specification's estimate equals the value analysis run with that specification's choices."""
    spec = {"resilience": {"choices": {"statistic": ["mean_compound", "share_negative", "net_sentiment"],
                                       "scorer": ["provided", "human_label"], "weighting": ["post"]}}}
    case = make_case(tmp_path, n_months=24, seed=5, spec=spec)
    res = collect(rs.run(case))
    for r in res.tables["resilience.curve"].rows:
        if r["lag"] != 0 or r["outliers"] != "none":
            continue
        v = {"scorer": r["scorer"], "smi_measure": r["statistic"], "retweets": r["retweets"]}
        other = Case(root=case.root, spec_path=case.spec_path, spec=freeze(merge(dict(case.spec), {"value": v})),
                     tables=case.tables)
        expected = collect(value.run(other)).value("value.pearson_r")
        assert r["estimate"] * (-1 if r["statistic"] == "share_negative" else 1) == pytest.approx(expected, abs=1e-9)


def test_planted_link_is_robust_and_noise_is_not(tmp_path):
    res = collect(rs.run(make_case(tmp_path / "a", n_months=36, seed=1)))
    assert res.value("resilience.joint_p") < 0.05 and res.value("resilience.verdict") == "Robust"
    case = make_case(tmp_path / "b", n_months=36, seed=1)
    rng = np.random.default_rng(0)
    trad = case.tables["traditional"].assign(value=lambda t: 75 + rng.normal(0, 3, len(t)))
    noise = Case(root=case.root, spec_path=case.spec_path, spec=case.spec,
                 tables={**case.tables, "traditional": trad})
    assert collect(rs.run(noise)).value("resilience.verdict") != "Robust"


def test_short_series_says_why(tmp_path):
    res = collect(rs.run(make_case(tmp_path, n_months=5, seed=0)))
    joint = res.findings["resilience.joint_p"]
    assert joint.value is None and "< 6" in joint.reason
    assert res.value("resilience.verdict") in {None, "Fragile"}
    assert res.value("resilience.significant") is None
    if res.value("resilience.verdict") is None:
        assert res.findings["resilience.verdict"].reason


def test_too_short_for_any_estimate(tmp_path):
    res = collect(rs.run(make_case(tmp_path, n_months=2, seed=0)))
    assert res.value("resilience.baseline") is None
    for key in ("resilience.median", "resilience.joint_p", "resilience.verdict", "resilience.top_factor"):
        assert res.value(key) is None and res.findings[key].reason


def _weekly_case(root: Path) -> Case:
    """Daily posts and a weekly survey (ISO weeks) over 60 weeks, driven by one latent level."""
    rng = np.random.default_rng(4)
    weeks = pd.date_range("2024-01-01", periods=60, freq="W-MON")
    level = np.cumsum(rng.normal(0, 0.3, weeks.size))
    rows = []
    for start, lv in zip(weeks, level):
        for i in range(rng.poisson(50)):
            ts = start + pd.Timedelta(hours=int(rng.integers(0, 7 * 24)))
            rows.append((f"p{len(rows)}", ts.strftime("%Y-%m-%dT%H:00:00+00:00"), "text", "Acme",
                         f"u{rng.integers(0, 300)}", float(np.clip(0.3 * lv + rng.normal(0, 0.5), -1, 1))))
    posts = pd.DataFrame(rows, columns=["post_id", "created_at", "text", "brand", "author_id", "score"])
    trad = pd.DataFrame({"period_start": weeks, "period_end": weeks + pd.Timedelta(days=6), "brand": "Acme",
                         "value": 75 + 3 * level + rng.normal(0, 0.5, weeks.size),
                         "n_respondents": rng.integers(50, 150, weeks.size), "sd": 15.0})
    spec = merge(TYPED, {"engagement": {"id": "weekly"},
            "data": {"posts": {"timezone": "UTC"}, "traditional": {"period": "week", "scale": [0, 100]}},
            "value": {"scorer": "provided", "n_min": 20}, "resilience": {"choices": {"statistic": ["mean_compound"],
                                                                                      "outliers": ["none"]}}})
    return Case(root=root, spec_path=root / "case.yaml", spec=freeze(spec),
                tables={"posts": posts, "traditional": trad})


def test_week_and_month_windows(tmp_path):
    case = _weekly_case(tmp_path)
    res = collect(rs.run(case))
    assert res.findings["resilience.setup"].extra["choices"]["window"] == ["week", "month"]
    months = [r for r in res.tables["resilience.curve"].rows if r["window"] == "month" and r["lag"] == 0
              and r["retweets"] == "exclude" and r["weighting"] == "post" and r["scorer"] == "provided"]
    assert len(months) == 1
    # by hand: survey re-aggregated to months weighted by respondents, posts re-aggregated from post level
    trad = case.tables["traditional"]
    key = co.period_starts(trad["period_start"], "month")
    w = trad["n_respondents"] * 1.0
    y = (w * trad["value"]).groupby(key).sum() / w.groupby(key).sum()
    p = case.tables["posts"]
    month = pd.to_datetime(p["created_at"], utc=True).dt.tz_localize(None).dt.to_period("M").dt.start_time
    x = p.groupby(month)["score"].agg(["mean", "size"])
    ok = x["size"] >= 20
    expected = np.corrcoef(x.loc[ok, "mean"], y.loc[x.index[ok]])[0, 1]
    assert months[0]["estimate"] == pytest.approx(expected, abs=1e-9)
    joint = res.findings["resilience.joint_p"]
    assert joint.extra["draws"] == len(y) - 2  # steps of the coarsest window, none within the declared lag


def test_cross_section_rank_stability(tmp_path):
    brands = ("Acme", "Bolt", "Core", "Dune", "Echo", "Flux", "Gale")
    spec = {"value": {"design": "cross_section", "smi_measure": "share_negative", "scorer": "human_label"},
            "resilience": {"choices": {"scorer": ["human_label", "provided"]}}}
    case = make_case(tmp_path, n_months=3, seed=3, spec=spec, brands=brands)
    val, res = collect(value.run(case)), collect(rs.run(case))
    assert res.value("resilience.baseline") == pytest.approx(val.value("value.pearson_r"), abs=1e-9)
    assert res.findings["resilience.joint_p"].extra["draws"] == math.factorial(7)
    rank = res.tables["resilience.rank"].rows
    assert len(rank) == res.value("resilience.n_specs")
    base_id = res.findings["resilience.baseline"].extra["spec"]
    assert next(r for r in rank if r["spec"] == base_id)["tau"] == pytest.approx(1.0)
    assert -1 <= res.value("resilience.rank.tau_min") <= res.value("resilience.rank.tau_median") <= 1
    assert 0 <= res.value("resilience.rank.top1") <= 1


def test_panel_runs_with_shifts_per_brand(tmp_path):
    spec = {"value": {"design": "panel"}, "resilience": {"choices": {"statistic": ["mean_compound"]}}}
    case = make_case(tmp_path, n_months=12, seed=6, spec=spec, brands=("Acme", "Bolt"))
    val, res = collect(value.run(case)), collect(rs.run(case))
    assert res.value("resilience.baseline") == pytest.approx(val.value("value.pearson_r"), abs=1e-9)
    assert res.findings["resilience.joint_p"].extra["draws"] == 10


def test_conventions_are_exported_and_overridable(tmp_path):
    from smaa_build.analyses import conventions

    names = {c["name"] for c in conventions({})}
    assert {"resilience.robust_same_sign", "resilience.robust_p", "resilience.fragile_flip",
            "resilience.fragile_p", "resilience.alpha"} <= names
    case = make_case(tmp_path, n_months=36, seed=1, spec={"conventions": {"resilience.robust_p": 0.01}})
    res = collect(rs.run(case))
    assert res.findings["resilience.verdict"].extra["thresholds"]["robust_p"] == 0.01
    assert res.value("resilience.verdict") != "Robust"  # 1/36 > 0.01 can never pass


def test_every_combination_is_counted(demo):
    _, _, res = demo
    setup = res.findings["resilience.setup"].extra
    sizes = [len(v) for v in setup["choices"].values()]
    assert setup["combinations"] == math.prod(sizes) == 128
    combos = {tuple(r[f] for f in rg.FACTORS) for r in res.tables["resilience.curve"].rows}
    assert len(combos) == 80 and combos <= set(itertools.product(*setup["choices"].values()))


def test_fieldwork_windows(tmp_path):
    """Survey fieldwork windows (here the calendar months declared as windows) give the value chapter's r."""
    case = make_case(tmp_path, n_months=18, seed=8, spec={"value": {"period": "fieldwork"}})
    val, res = collect(value.run(case)), collect(rs.run(case))
    assert res.findings["resilience.setup"].extra["choices"]["window"] == ["fieldwork"]
    assert res.value("resilience.baseline") == pytest.approx(val.value("value.pearson_r"), abs=1e-9)


def test_fieldwork_windows_of_the_company_among_other_brands(tmp_path):
    """A time series of one company (value.brand) whose posts come after another brand's in the export: the
    fieldwork windows count the company's posts, not the export's first rows."""
    spec = {"value": {"brand": "Acme", "period": "fieldwork"}}
    case = make_case(tmp_path, n_months=18, seed=7, spec=spec, brands=("Bolt", "Acme"))
    val, res = collect(value.run(case)), collect(rs.run(case))
    assert res.value("resilience.baseline") == pytest.approx(val.value("value.pearson_r"), abs=1e-9)


def test_constant_estimates_say_no_choice_matters(tmp_path):
    spec = {"resilience": {"choices": {"scorer": ["provided"], "statistic": ["mean_compound"], "lag": [0],
                                       "retweets": ["exclude", "include"], "outliers": ["none"],
                                       "weighting": ["post"]}}}
    res = collect(rs.run(make_case(tmp_path, n_months=12, seed=0, spec=spec)))  # the factory posts no retweets
    assert res.value("resilience.eta2.retweets") is None and res.value("resilience.top_factor") is None
    assert res.findings["resilience.top_factor"].reason == "no choice varies the estimate"
