"""value.run(case): wiring of M8–M10 on synthetic cases with a known latent driver."""

import math

import numpy as np
import pandas as pd
import pytest

from _factory_value import make_case
from smaa_build.analyses.value import correlation as co
from smaa_build.analyses.value import value
from smaa_build.errors import AnalysisError
from smaa_build.findings import Finding, Findings, Table, dumps

FINDING_KEYS = {
    "value.setup", "value.posts.rows", "value.posts.used", "value.duplicates.ids", "value.duplicates.rows",
    "value.duplicates.dropped", "value.retweets", "value.brand_posts", "value.language.excluded",
    "value.entity.conflicts", "value.pearson_r", "value.spearman_rho", "value.n_eff", "value.pearson_r_adjusted",
    "value.bootstrap", "value.ccf.best_lag", "value.bland_altman.z_sd", "value.bland_altman.bias",
    "value.share_negative", "quality.sample_size", "quality.smi.accuracy", "quality.smi.macro_f1",
    "quality.smi.kappa", "quality.smi.latency", "quality.traditional.latency", "quality.smi.timeliness",
    "quality.traditional.timeliness", "quality.smi.frequency", "quality.traditional.frequency",
    "quality.smi.precision", "quality.traditional.precision", "quality.smi.mdc", "quality.traditional.mdc",
    "quality.smi.temporal_completeness", "quality.traditional.temporal_completeness",
    "quality.smi.segment_completeness", "quality.traditional.segment_completeness", "quality.smi.top1_share",
    "quality.smi.gini", "quality.smi.duplicate_rate", "quality.smi.measurability",
    "quality.traditional.measurability",
}
TABLE_KEYS = {"value.series", "value.ccf", "value.bland_altman", "value.tests", "quality.profile", "value.confusion",
              "value.entity_conflicts", "value.brand_shares"}


def collect(items):
    fs = Findings()
    fs.add(*items)
    return fs


@pytest.fixture(scope="module")
def ts(tmp_path_factory):
    case = make_case(tmp_path_factory.mktemp("ts"), n_months=30, seed=0)
    return case, collect(value.run(case))


def test_keys_and_types(ts):
    _, fs = ts
    # other modules may add outputs to the chapter (e.g. value.examples); these are the ones this suite owns
    assert FINDING_KEYS <= set(fs.findings)
    assert TABLE_KEYS <= set(fs.tables)
    assert all(k.startswith(("value.", "quality.")) for k in [*fs.findings, *fs.tables])
    for t in fs.tables.values():
        names = [c["name"] for c in t.columns]
        assert all(set(row) >= set(names) for row in t.rows), t.key


def test_series_reaggregated_from_posts(ts):
    case, fs = ts
    series = fs.tables["value.series"].rows
    assert len(series) == 30 and all(r["status"] == "ok" for r in series)
    posts = case.tables["posts"]
    local = pd.to_datetime(posts["created_at"], utc=True).dt.tz_convert("Europe/Rome")
    first = posts.loc[local.dt.strftime("%Y-%m") == "2024-01", "score"]
    assert series[0]["smi_n"] == len(first)
    assert series[0]["smi"] == pytest.approx(first.mean())
    assert series[0]["traditional"] == pytest.approx(case.tables["traditional"]["value"].iloc[0])


def test_correlations_match_pure_functions(ts):
    _, fs = ts
    rows = fs.tables["value.series"].rows
    x, y = [r["smi"] for r in rows], [r["traditional"] for r in rows]
    r = fs.findings["value.pearson_r"]
    ref = co.pearson(x, y)
    assert r.value == pytest.approx(ref.estimate) and r.ci == pytest.approx(ref.ci) and r.n == 30
    assert r.value > 0.7  # both series are driven by the same latent satisfaction
    n_eff = fs.findings["value.n_eff"]
    assert n_eff.value == pytest.approx(co.effective_n(x, y)[0])
    adj = fs.findings["value.pearson_r_adjusted"]
    assert adj.ci == pytest.approx(co.pearson(x, y, n_eff=min(n_eff.value, 30)).ci)
    boot = fs.findings["value.bootstrap"]
    assert boot.ci == pytest.approx(co.block_bootstrap(x, y, 2000, seed=7).ci)


def test_tests_table_adjustments(ts):
    _, fs = ts
    tests = fs.tables["value.tests"].rows
    primary = [t for t in tests if t["family"] == "primary"]
    assert [t["test"] for t in primary] == ["pearson_r"] and primary[0]["method"] == "Holm"
    assert primary[0]["p_adj"] == pytest.approx(fs.findings["value.pearson_r_adjusted"].p)
    expl = [t for t in tests if t["family"] == "exploratory"]
    assert len(expl) == 1 + 6  # Spearman and CCF lags ±1..±3 (lag 0 is the Pearson test)
    assert [t["p_adj"] for t in expl] == pytest.approx(list(co.benjamini_hochberg([t["p"] for t in expl])))


def test_ccf_and_agreement_tables(ts):
    _, fs = ts
    ccf = fs.tables["value.ccf"].rows
    assert [r["lag"] for r in ccf] == list(range(-3, 4))
    assert all(r["bound"] == pytest.approx(1.96 / math.sqrt(r["n"])) for r in ccf)
    ba = fs.findings["value.bland_altman.bias"]
    assert ba.n == 15 and len(fs.tables["value.bland_altman"].rows) == 15
    assert ba.ci[0] < ba.value < ba.ci[1]
    z = fs.findings["value.bland_altman.z_sd"]
    assert z.value == pytest.approx(math.sqrt(2 * (1 - fs.findings["value.pearson_r"].value)))


def test_quality_profile(ts):
    _, fs = ts
    prof = {(r["criterion"], r["source"]): r for r in fs.tables["quality.profile"].rows}
    assert prof[("latency", "traditional")]["raw"] == pytest.approx(10 + 31 / 2)  # median month has 31 days
    assert fs.findings["quality.traditional.precision"].value == pytest.approx(co.Z95 * 15 / math.sqrt(300))
    assert fs.findings["quality.smi.frequency"].value == 12.0
    assert fs.findings["quality.smi.timeliness"].value > fs.findings["quality.traditional.timeliness"].value
    assert all(r["score"] is None or 0 <= r["score"] <= 1 for r in prof.values())
    assert fs.findings["quality.smi.measurability"].value is None


def test_deterministic_output(tmp_path):
    a = dumps(collect(value.run(make_case(tmp_path / "a", 24, seed=3))))
    b = dumps(collect(value.run(make_case(tmp_path / "b", 24, seed=3))))
    assert a == b


def test_short_series_small_n_rules(tmp_path):
    fs = collect(value.run(make_case(tmp_path, n_months=8, seed=1)))
    assert fs.findings["value.bootstrap"].value is None
    assert "too short for resampling" in fs.findings["value.bootstrap"].reason
    assert fs.findings["value.ccf.best_lag"].value is None and "< 20" in fs.findings["value.ccf.best_lag"].reason
    assert fs.findings["value.pearson_r"].ci is not None  # n = 8 >= 6: inference allowed
    fs5 = collect(value.run(make_case(tmp_path / "five", n_months=5, seed=1)))
    r = fs5.findings["value.pearson_r"]
    assert r.value is not None and r.ci is None and r.p is None and "descriptive only" in r.reason


def test_vader_scorer_with_cache_and_measurability(tmp_path):
    spec = {"value": {"scorer": "vader", "smi_measure": "share_negative",
                      "measurability": {"smi": {"defined_formula": True, "unit_scale": True, "deterministic": True,
                                                "lineage": False, "frequency": True},
                                        "traditional": {"defined_formula": True, "unit_scale": True,
                                                        "deterministic": False, "lineage": True,
                                                        "frequency": True}}}}
    case = make_case(tmp_path, 12, seed=2, spec=spec)
    fs = collect(value.run(case))
    assert list((tmp_path / ".smaa-cache").glob("texts-k1-vader-*.npz"))
    assert fs.findings["value.setup"].extra["scorer_version"] == "3.3.2"
    assert fs.findings["quality.smi.measurability"].value == 4
    assert fs.findings["quality.traditional.measurability"].value == 4
    assert fs.findings["quality.smi.accuracy"].extra["scorer"] == "vader"
    assert dumps(collect(value.run(case))) == dumps(fs)  # second run from the cache, same bytes


def test_cross_section_and_panel(tmp_path):
    brands = ("Acme", "Bolt", "Crux", "Dyna", "Echo", "Flux", "Gale")
    cs = collect(value.run(make_case(tmp_path / "cs", 6, seed=4, brands=brands,
                                     spec={"value": {"design": "cross_section"}})))
    rows = cs.tables["value.series"].rows
    assert [r["brand"] for r in rows] == list(brands) and cs.findings["value.pearson_r"].n == 7
    assert cs.findings["value.n_eff"].value is None and "time series" in cs.findings["value.n_eff"].reason
    assert cs.findings["quality.smi.segment_completeness"].value == 1.0
    panel = make_case(tmp_path / "pn", 6, seed=4, brands=brands[:3], spec={"value": {"design": "panel"}})
    pn = collect(value.run(panel))
    assert len(pn.tables["value.series"].rows) == 18 and pn.findings["value.pearson_r"].n == 18


def test_brand_filter_duplicates_and_retweets(tmp_path):
    case = make_case(tmp_path, 10, seed=5, brands=("Acme", "Rival"), spec={"value": {"brand": "Acme"}})
    posts = case.tables["posts"]
    extra = posts.iloc[:3].copy()
    extra["text"] = "RT @acme: " + extra["text"]
    posts = pd.concat([posts, posts.iloc[:2], extra.assign(post_id=["rt1", "rt2", "rt3"])], ignore_index=True)
    case = type(case)(root=case.root, spec_path=case.spec_path, spec=case.spec,
                      tables={"posts": posts, "traditional": case.tables["traditional"]})
    fs = collect(value.run(case))
    assert fs.findings["value.duplicates.ids"].value == 2 and fs.findings["value.duplicates.rows"].value == 2
    assert fs.findings["value.retweets"].value == 3
    assert fs.findings["value.posts.used"].extra["retweet"] == 3
    acme = posts[(posts["brand"] == "Acme") & ~posts["text"].str.startswith("RT @")].drop_duplicates("post_id")
    assert sum(r["smi_n"] for r in fs.tables["value.series"].rows) == len(acme)
    shares = {r["brand"]: r for r in fs.tables["value.brand_shares"].rows}
    assert set(shares) == {"Acme", "Rival"}


def test_fieldwork_period(tmp_path):
    case = make_case(tmp_path, 10, seed=6, spec={"value": {"period": "fieldwork"}})
    fs = collect(value.run(case))
    assert fs.tables["value.series"].rows[0]["period"] == "2024-01-01–2024-01-31"


@pytest.mark.parametrize("spec,match", [
    ({"value": {"design": "diary"}}, "value.design"),
    ({"value": {"scorer": "textblob"}}, "value.scorer"),
    ({"value": {"brand": "Nobody"}}, "value.brand 'Nobody'"),
    ({"value": {"entity": "guess"}}, "value.entity"),
    ({"value": {"smi_measure": "median"}}, "value.smi_measure"),
    ({"value": {"period": "fortnight"}}, "value.period"),
    ({"value": {"retweets": "maybe"}}, "value.retweets"),
])
def test_bad_declarations(tmp_path, spec, match):
    with pytest.raises(AnalysisError, match=match):
        value.run(make_case(tmp_path, 6, seed=0, spec=spec))


def test_brand_without_posts(tmp_path):
    case = make_case(tmp_path, 6, seed=0, spec={"value": {"brand": "Acme"}})
    posts = case.tables["posts"].assign(brand="Other")
    case = type(case)(root=case.root, spec_path=case.spec_path, spec=case.spec,
                      tables={"posts": posts, "traditional": case.tables["traditional"]})
    with pytest.raises(AnalysisError, match="no post resolved"):
        value.run(case)


def test_time_series_with_several_brands_needs_value_brand(tmp_path):
    with pytest.raises(AnalysisError, match="declare value.brand"):
        value.run(make_case(tmp_path, 6, seed=0, brands=("Acme", "Rival")))


def test_time_series_needs_dates(tmp_path):
    case = make_case(tmp_path, 6, seed=0)
    trad = case.tables["traditional"].drop(columns=["period_start", "period_end"])
    case = type(case)(root=case.root, spec_path=case.spec_path, spec=case.spec,
                      tables={"posts": case.tables["posts"], "traditional": trad})
    with pytest.raises(AnalysisError, match="period_start and period_end"):
        value.run(case)


def test_findings_are_json_clean(ts):
    _, fs = ts
    text = dumps(fs)
    assert "NaN" not in text and "Infinity" not in text
    assert all(isinstance(f, Finding) for f in fs.findings.values())
    assert all(isinstance(t, Table) for t in fs.tables.values())


def test_best_lag_reports_a_planted_lead(tmp_path):
    case = make_case(tmp_path, n_months=36, seed=8)
    trad = case.tables["traditional"].copy()
    trad["value"] = trad["value"].shift(1)  # the survey follows SMI by one month
    case = type(case)(root=case.root, spec_path=case.spec_path, spec=case.spec,
                      tables={"posts": case.tables["posts"], "traditional": trad})
    fs = collect(value.run(case))
    best = fs.findings["value.ccf.best_lag"]
    assert best.value == 1 and best.extra["p_adj"] <= 0.10 and abs(best.extra["ccf"]) > best.extra["bound"]
    assert fs.tables["value.series"].rows[0]["status"] == "missing: no traditional value"


def test_best_lag_simultaneous(ts):
    _, fs = ts
    best = fs.findings["value.ccf.best_lag"]
    assert best.value == 0 and best.reason == ""
