"""The demo engagement's generated data, the reference set and the minimal test case meet their brief:
counts, spans, small groups and unique roles, double coding, planted patterns and truths, and determinism."""

from __future__ import annotations

import filecmp
import importlib
import itertools
import subprocess
import sys
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
import pytest
import yaml
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "cases" / "demo"
MINIMAL = REPO / "tests" / "cases" / "minimal"
DATA = DEMO / "data"
GENERATED = ["demo/data/interviewees.csv", "demo/data/codes.csv", "demo/data/ratings.csv", "demo/data/kpis.csv",
             "demo/data/flows.csv", "demo/data/posts.csv", "demo/data/csat.csv", "_reference/cases.csv"]
MANAGEMENT = {"L1", "L2"}


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def spec() -> dict:
    return yaml.safe_load((DEMO / "case.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    return read("interviewees.csv")


@pytest.fixture(scope="module")
def codes() -> pd.DataFrame:
    return read("codes.csv")


@pytest.fixture(scope="module")
def consensus(codes, people) -> pd.DataFrame:
    return codes[codes.coder_id == "consensus"].merge(people, on="interviewee_id")


@pytest.fixture(scope="module")
def posts() -> pd.DataFrame:
    return read("posts.csv")


@pytest.fixture(scope="module")
def vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def run_twice(script: Path, tmp: Path) -> None:
    """Run a generator into tmp/a and tmp/b concurrently (independent processes, so no shared state)."""
    procs = [subprocess.Popen([sys.executable, str(script), "--out", str(tmp / d)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE) for d in ("a", "b")]
    for proc in procs:
        _, err = proc.communicate()
        assert proc.returncode == 0, err.decode()


# ------------------------------------------------------------------------------------ determinism
def test_generator_is_deterministic_and_committed_data_is_current(tmp_path):
    run_twice(DEMO / "generate.py", tmp_path)
    for rel in GENERATED:
        a, b = tmp_path / "a" / rel, tmp_path / "b" / rel
        assert a.read_bytes() == b.read_bytes(), f"{rel} differs between two runs"
        assert a.read_bytes() == (REPO / "cases" / rel).read_bytes(), f"committed {rel} is stale: re-run generate.py"


def test_minimal_generator_is_deterministic_and_current(tmp_path):
    run_twice(MINIMAL / "generate.py", tmp_path)
    names = sorted(p.name for p in (MINIMAL / "data").glob("*.csv"))
    assert names == ["codes.csv", "interviewees.csv", "kpis.csv", "ratings.csv"]
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "a" / "data", tmp_path / "b" / "data", names, shallow=False)
    assert match == names
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "a" / "data", MINIMAL / "data", names, shallow=False)
    assert match == names


def test_committed_data_stays_small():
    assert (DATA / "posts.csv").stat().st_size < 6_000_000


# ------------------------------------------------------------------------------------ interviewees
def test_interviewees_cover_the_spec(people, spec):
    functions = [f["id"] for f in spec["organisation"]["functions"]]
    levels = [lv["id"] for lv in spec["organisation"]["levels"]]
    assert len(people) >= 60
    assert people.interviewee_id.is_unique
    assert people.interviewee_id.str.fullmatch(r"INT-[A-Z0-9]{6}").all()
    assert sorted(people.function.unique()) == sorted(functions)
    assert sorted(people.level.unique()) == sorted(levels)


def test_small_groups_and_unique_roles_exist(people, spec):
    k_min = spec["report"]["k_min"]
    by_function = people.function.value_counts()
    assert by_function["fin"] == 3 < k_min
    cells = people.groupby(["function", "level"]).size()
    assert (cells <= 2).sum() >= 5  # several function x level cells hold 1-2 people
    unique = people[people.unique_role == "true"]
    assert {("comms", "L1"), ("fin", "L1")} <= set(zip(unique.function, unique.level))
    assert cells[("comms", "L1")] == 1  # the Head of Communication is the only L1 in comms


def test_interview_dates_and_durations(people, spec):
    period = spec["engagement"]["period"]
    dates = pd.to_datetime(people.interview_date)
    assert dates.min() >= pd.Timestamp(period["start"]) and dates.max() <= pd.Timestamp(period["end"])
    assert (dates.dt.day_of_week < 5).all()
    minutes = people.duration_min.astype(int)
    assert minutes.between(30, 120).all()


# ------------------------------------------------------------------------------------------ codes
def test_every_unit_has_consensus_use_and_intensity(consensus, people, spec):
    activities = {a["id"] for a in spec["organisation"]["activities"]}
    for dim in ("use", "intensity"):
        rows = consensus[consensus.dimension == dim]
        assert len(rows) == len(people) * len(activities)
        assert not rows.duplicated(["interviewee_id", "activity"]).any()
    assert set(consensus.activity) == activities


def test_use_and_intensity_are_consistent(consensus):
    wide = consensus[consensus.dimension.isin(["use", "intensity"])].pivot_table(
        index=["interviewee_id", "activity"], columns="dimension", values="value", aggfunc="first")
    assert set(wide.use) == {"0", "1"}
    assert set(wide.intensity) == {"0", "1", "2", "3"}
    assert ((wide.use == "0") == (wide.intensity == "0")).all()


def test_descriptive_codes_only_for_used_activities(consensus):
    vocab = {"purpose": {"diagnostic", "interactive", "beliefs", "boundary"},
             "metric_category": {"financial", "network", "interaction", "conversation", "opinion"},
             "collection_method": {"manual", "semi_automated", "automated"},
             "analysis_method": {"counts", "content", "sentiment", "network"}}
    used = consensus[(consensus.dimension == "use") & (consensus.value == "1")]
    used_units = set(zip(used.interviewee_id, used.activity))
    for dim, allowed in vocab.items():
        rows = consensus[consensus.dimension == dim]
        assert set(rows.value) <= allowed
        units = set(zip(rows.interviewee_id, rows.activity))
        assert units == used_units, dim


def test_use_pattern_shows_silos_and_vertical_gap(consensus):
    use = consensus[consensus.dimension == "use"].assign(u=lambda d: d.value.astype(int))
    by_function = use.groupby("function").u.mean()
    assert min(by_function[["care", "comms", "mkt"]]) > 2 * max(by_function[["hr", "fin"]])
    monitoring = use[use.activity == "monitoring"].groupby("level").u.mean()
    assert monitoring["L4"] - monitoring["L1"] > 0.3
    reporting = use[(use.activity == "reporting") & (use.level == "L1")].u.mean()
    assert reporting > monitoring["L1"]  # senior managers use SMI little beyond reporting
    collection = consensus[consensus.dimension == "collection_method"]
    manual = collection.groupby("function").value.apply(lambda v: (v == "manual").mean())
    assert manual["care"] > 0.5 and manual["mkt"] < 0.3


def reliability(codes: pd.DataFrame, dimension: str, level: str) -> float:
    rows = codes[codes.coder_id.isin(["C1", "C2"]) & (codes.dimension == dimension)]
    joined = rows.groupby(["interviewee_id", "activity", "coder_id"]).value.apply(lambda v: "+".join(sorted(v)))
    wide = joined.unstack("coder_id")
    values = sorted({v for v in wide.values.ravel() if isinstance(v, str)}, key=lambda v: (len(v), v))
    index = {v: i for i, v in enumerate(values)}
    matrix = np.array([[index.get(v, np.nan) if isinstance(v, str) else np.nan for v in wide[c]] for c in ("C1", "C2")])
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))


def test_double_coded_subset(codes, people):
    coded = codes[codes.coder_id != "consensus"]
    assert set(coded.coder_id) == {"C1", "C2"}
    assert set(coded.dimension) == {"use", "intensity", "purpose"}
    ids = set(coded.interviewee_id)
    assert 0.20 <= len(ids) / len(people) <= 0.30
    per_function = people[people.interviewee_id.isin(ids)].function.value_counts()
    assert per_function.reindex(people.function.unique(), fill_value=0).min() >= 2
    for coder in ("C1", "C2"):  # each coder coded every activity of every double-coded interview
        mine = coded[(coded.coder_id == coder) & (coded.dimension == "use")]
        assert len(mine) == len(ids) * codes.activity.nunique()


@pytest.mark.parametrize("dimension, level", [("use", "nominal"), ("intensity", "ordinal"), ("purpose", "nominal")])
def test_coders_disagree_realistically(codes, dimension, level):
    assert 0.70 <= reliability(codes, dimension, level) <= 0.90


# ---------------------------------------------------------------------------------------- ratings
def test_ratings_scale_and_vertical_gap(people, spec):
    ratings = read("ratings.csv").merge(people, on="interviewee_id")
    lo, hi = spec["data"]["ratings"]["scale"]
    score = ratings.score.astype(int)
    assert score.between(lo, hi).all() and score.min() == lo and score.max() == hi
    assert set(ratings["item"]) == {"useful", "trust", "shared_kpis", "timely"}
    assert len(ratings) >= 0.95 * 4 * len(people)
    side = np.where(ratings.level.isin(MANAGEMENT), "mgmt", "ops")
    means = ratings.assign(score=score, side=side).pivot_table(index="item", columns="side", values="score")
    gap = means.mgmt - means.ops
    assert gap["trust"] < -0.7 and gap["useful"] < -0.5  # managers rate SMI lower: the vertical gap
    assert abs(gap["shared_kpis"]) < 0.4  # everyone agrees KPIs are not shared
    spread = ratings.assign(score=score).groupby("function").score.std()
    assert spread["sales"] > spread["care"] + 0.3  # agreement differs by function


# ------------------------------------------------------------------------------------ kpis, flows
def kpi_sets() -> dict[str, set]:
    kpis = read("kpis.csv")
    return {f: set(g.kpi_name) for f, g in kpis.groupby("function")}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b)


def test_kpis_reveal_silos(spec, people):
    kpis = read("kpis.csv")
    assert set(kpis.kpi_category) <= {"financial", "network", "interaction", "conversation", "opinion"}
    assert set(kpis.frequency) <= {"daily", "weekly", "monthly", "quarterly", "ad_hoc"}
    assert set(kpis.interviewee_id) <= set(people.interviewee_id)
    sets = kpi_sets()
    assert jaccard(sets["mkt"], sets["comms"]) >= 0.2
    others = set().union(*(s for f, s in sets.items() if f != "care"))
    assert not sets["care"] & others
    assert not sets["hr"] & set().union(*(s for f, s in sets.items() if f != "hr"))
    pairs = [jaccard(sets[a], sets[b]) for a, b in itertools.combinations(sorted(sets), 2)]
    assert np.mean(pairs) < 0.10  # "silo" band of methods.md M4.4


def test_flows_have_isolated_producer_and_few_reach_l1(consensus):
    flows = read("flows.csv")
    assert set(flows.artefact) <= {"dashboard", "report", "email", "meeting"}
    assert "hr" not in set(flows.from_function)
    hr_use = consensus[(consensus.function == "hr") & (consensus.dimension == "use")].value.astype(int)
    assert hr_use.sum() > 0  # HR produces SMI but sends it nowhere
    reach_l1 = (flows.to_level == "L1").mean()
    assert 0 < reach_l1 <= 0.25
    assert (flows.from_function != flows.to_function).sum() >= 3


# ------------------------------------------------------------------------------------------ posts
def test_posts_volume_and_span(posts):
    unique = posts.drop_duplicates("id")
    assert len(unique) >= 20_000
    local = pd.to_datetime(unique.published.str[:19])
    assert local.min() >= pd.Timestamp("2024-04-01") and local.max() < pd.Timestamp("2026-04-01")
    months = local.dt.to_period("M").nunique()
    assert months >= 18
    assert local.dt.to_period("M").value_counts().min() >= 300


def test_timestamps_carry_the_rome_offset(posts):
    assert posts.published.str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00").all()
    instants = pd.to_datetime(posts.published, utc=True).dt.tz_convert("Europe/Rome")
    assert (instants.dt.strftime("%Y-%m-%dT%H:%M:%S%z").str.replace(r"(\d\d)(\d\d)$", r"\1:\2", regex=True)
            == posts.published).all()
    assert set(posts.published.str[-6:]) == {"+01:00", "+02:00"}


def test_export_glitches_and_special_posts(posts):
    duplicated = posts[posts.id.duplicated(keep=False)]
    assert 30 <= posts.id.duplicated().sum() <= 50
    assert not duplicated.drop_duplicates().id.duplicated().any()  # the duplicates are identical rows
    assert (posts.brand_account == "true").sum() >= 50
    assert set(posts[posts.brand_account == "true"].author) == {"HeronStores"}
    assert posts.message.str.startswith("RT @HeronStores: ").sum() >= 100
    assert (posts.message.str.startswith("RT @") & ~posts.message.str.startswith("RT @HeronStores")).sum() >= 100
    assert posts.message.str.contains("Consegna|servizio|negozio", regex=True).sum() >= 5
    assert (posts.message == "<script>alert(1)</script> your website is broken again").sum() == 1
    assert posts.sentiment.astype(float).between(-1, 1).all()


@pytest.mark.parametrize("pattern, minimum", [
    (r"https?://\S+", 300), (r"[\w.+-]+@[\w-]+\.[\w.-]+", 3), (r"\+?\d[\d\s().-]{7,}\d", 3),
    (r"(?i:\bconf(?:irmation)?\b).{0,25}?\b(?=[A-Z0-9]*\d)[A-Z0-9]{6}\b", 5), (r"(?<!\w)@(?!HeronStores)\w{1,15}", 300),
])
def test_posts_carry_personal_data_for_scrubbing(posts, pattern, minimum):
    assert posts.message.str.contains(pattern, regex=True).sum() >= minimum


def test_authors_are_pseudonymous_and_heavy_tailed(posts):
    customers = posts[posts.brand_account == "false"].drop_duplicates("id")
    assert customers.author.str.fullmatch(r"u_[0-9a-f]{8}").all()
    counts = customers.author.value_counts()
    top = counts.iloc[: max(1, len(counts) // 100)].sum() / counts.sum()
    assert 0.10 <= top <= 0.35
    assert (counts == 1).mean() > 0.4


def test_phrase_bank_polarity_holds_under_vader(vader):
    phrases = load_phrases()
    score = lambda text: vader.polarity_scores(text)["compound"]  # noqa: E731
    for core, addon in itertools.product(phrases.POSITIVE, phrases.POSITIVE_ADDONS):
        assert score(core + addon) >= 0.05, core + addon
    for core, addon in itertools.product(phrases.NEGATIVE, phrases.NEGATIVE_ADDONS):
        assert score(core + addon) <= -0.05, core + addon
    for core, addon in itertools.product(phrases.NEUTRAL, phrases.NEUTRAL_ADDONS):
        assert abs(score(core + addon)) < 0.05, core + addon
    assert all(score(c) == 0 for c in phrases.CONTEXTS)
    assert all(score(c) > -0.05 for c in phrases.HARD_NEGATIVE)  # VADER misses these on purpose


def load_phrases():
    return demo_module("phrases")


# ------------------------------------------------------------------------------------------- CSAT
def test_csat_series(spec):
    csat = read("csat.csv")
    start = pd.to_datetime(csat.period_start)
    end = pd.to_datetime(csat.period_end)
    assert len(csat) == 24 and list(start) == list(pd.date_range("2024-04-01", periods=24, freq="MS"))
    assert list(end) == list(start + pd.offsets.MonthEnd(0))
    assert csat.value.astype(float).between(0, 100).all()
    assert csat.n_respondents.astype(int).between(300, 400).all()
    assert csat.sd.astype(float).between(15, 18).all()
    assert (csat.deff == "1.2").all()
    fieldwork = pd.to_datetime(csat.fieldwork_end)
    assert ((fieldwork <= end) & (fieldwork >= start)).all()
    lag = (pd.to_datetime(csat.published_at) - end).dt.days
    assert lag.iloc[:-1].between(14, 23).all() and lag.iloc[-1] == 9
    assert pd.to_datetime(csat.published_at).max() <= pd.Timestamp(spec["report"]["date"])


@pytest.fixture(scope="module")
def smi(posts, vader) -> np.ndarray:
    """Mean VADER compound per Rome calendar month: deduplicated, customer originals only."""
    kept = posts.drop_duplicates("id")
    kept = kept[(kept.brand_account == "false") & ~kept.message.str.startswith("RT @")]
    compound = kept.message.map(lambda t: vader.polarity_scores(t)["compound"])
    return compound.groupby(kept.published.str[:7]).mean().to_numpy()


def test_planted_relation_between_smi_and_csat(smi):
    csat = read("csat.csv").value.astype(float).to_numpy()
    same = np.corrcoef(smi, csat)[0, 1]
    lead = np.corrcoef(smi[:-1], csat[1:])[0, 1]  # SMI in month t vs CSAT in month t+1
    assert 0.6 <= same <= 0.85
    assert lead > 0.5


def test_latent_series_drives_monthly_sentiment(smi):
    latent = demo_module("common").latent_series()[1:]
    assert len(smi) == len(latent) == 24
    assert np.corrcoef(smi, latent)[0, 1] > 0.95


def demo_module(name: str):
    """A module of the demo generator's package (cases/demo/datagen), imported from its folder."""
    if str(DEMO) not in sys.path:
        sys.path.insert(0, str(DEMO))
    return importlib.import_module(f"datagen.{name}")


def test_latent_series_follows_the_documented_ar1():
    common = demo_module("common")
    s = common.latent_series()
    rng = np.random.default_rng([2026, common.STREAMS["latent"]])
    expected = [rng.normal(0, 1 / np.sqrt(1 - 0.6**2))]
    for _ in range(24):
        expected.append(0.6 * expected[-1] + rng.normal())
    assert np.allclose(s, expected, atol=1e-12)


# -------------------------------------------------------------------------------------- reference
def test_reference_set():
    ref = pd.read_csv(REPO / "cases" / "_reference" / "cases.csv", dtype={"case_id": str, "sector": str})
    assert len(ref) >= 36 and ref.case_id.is_unique
    assert ref.case_id.str.fullmatch(r"REF-\d{2}").all()
    assert {"J", "M", "G", "C", "K"} <= set(ref.sector)
    assert set(ref.size_band) <= {"<250", "250-999", "1000-4999", ">=5000"}
    assert ref.year.between(2015, 2025).all()
    assert set(ref.org_model) == {"organic", "centralised", "hub_and_spoke", "multiple_hub_and_spoke", "holistic"}
    metrics = ref[["hdi", "vdi", "hi", "vai", "kpi_jaccard", "manual_share"]]
    assert metrics.notna().all().all() and ((metrics >= 0) & (metrics <= 1)).all().all()
    assert (REPO / "cases" / "_reference" / "README.md").is_file()


# ---------------------------------------------------------------------------------- minimal case
def test_minimal_case_differs_from_the_demo():
    spec = yaml.safe_load((MINIMAL / "case.yaml").read_text(encoding="utf-8"))
    org = spec["organisation"]
    assert [lv["rank"] for lv in org["levels"]] == [1, 2, 3, 4, 5]
    assert {f["id"] for f in org["functions"]} == {"ops", "legal", "digital"}
    assert len(org["activities"]) == 4
    assert spec["data"]["ratings"]["scale"] == [1, 7]
    assert set(spec["data"]) == {"interviewees", "codes", "ratings", "kpis"}
    people = pd.read_csv(MINIMAL / "data" / "interviewees.csv", dtype=str)
    assert 20 <= len(people) <= 30 and set(people.level) == {"E1", "E2", "E3", "E4", "E5"}
    codes = pd.read_csv(MINIMAL / "data" / "codes.csv", dtype=str)
    assert set(codes.coder_id) == {"consensus"}
    assert set(codes.activity) == {a["id"] for a in org["activities"]}
    scores = pd.read_csv(MINIMAL / "data" / "ratings.csv").score
    assert scores.between(1, 7).all() and scores.max() > 5


@pytest.mark.parametrize("case", [DEMO, MINIMAL], ids=["demo", "minimal"])
def test_cases_load_strictly(case):
    from smaa_build.spec import load_case

    loaded = load_case(case, strict=True)
    assert loaded.tables["interviewees"].shape[0] == len(pd.read_csv(case / "data" / "interviewees.csv"))
    if case == MINIMAL:
        assert set(loaded.tables) == {"interviewees", "codes", "ratings", "kpis"}
    else:
        assert set(loaded.tables) == {"interviewees", "codes", "ratings", "kpis", "flows", "posts", "traditional",
                                      "reference"}


def test_minimal_case_spells_booleans_yes_no():
    from smaa_build.spec import load_case

    raw = pd.read_csv(MINIMAL / "data" / "interviewees.csv", dtype=str)
    assert set(raw.unique_role) == {"yes", "no"}
    loaded = load_case(MINIMAL, strict=True).tables["interviewees"]
    unique = loaded[loaded.unique_role.astype(bool)]
    assert list(zip(unique.function, unique.level)) == [("legal", "E1")]
