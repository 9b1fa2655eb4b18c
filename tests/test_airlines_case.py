"""The real-data example case cases/airlines (methods.md section T): its committed data carry no personal data, the
build finds the export's defects (155 repeated ids, 36 identical rows, Delta-labelled rows addressed to @JetBlue),
validates VADER against the human labels, reports shares with Wilson intervals, flags the correlation with ACSI as
inconclusive (n ≤ 6), reproduces the methods.md M9 worked example from the committed file, and lets no handle, URL
or e-mail address into any generated page."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pytest

from smaa_build.analyses.value import value
from smaa_build.analyses.scrub import EMAIL, HANDLE, URL
from smaa_build.findings import Findings
from smaa_build.run.build import prepare
from smaa_build.spec import load_case
from smaa_build.spec.case import Case, freeze

REPO = Path(__file__).resolve().parents[1]
CASE = REPO / "cases" / "airlines"
SHARED = REPO.parent / "shared" / "data" / "airline-tweets-2015"
PII = {"name", "tweet_coord", "tweet_location", "user_timezone"}
BRAND_HANDLES = {"virginamerica", "united", "americanair", "southwestair", "usairways", "jetblue", "delta"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    prep = prepare(CASE, tmp_path_factory.mktemp("out_airlines"))
    files = {rel: data.decode("utf-8") for rel, data in prep.tree.files.items()}
    return {"files": files, "findings": json.loads(files["findings.json"]), "spec": prep.spec}


@pytest.fixture(scope="module")
def case():
    return load_case(CASE)


def F(built, key):
    return built["findings"]["findings"][key]


def stray_handles(text: str) -> set[str]:
    """@words that are neither the scrubber's placeholder nor a brand account ("@mention" is the resilience
    chapter's name for the attribution rule, not a handle)."""
    return {m.group(1).lower() for m in HANDLE.finditer(text)} - BRAND_HANDLES - {"user", "mention"}


# ------------------------------------------------------------------ committed data


def test_committed_data_carry_no_personal_data():
    tweets = pd.read_csv(CASE / "data" / "tweets.csv", dtype=str, keep_default_na=False)
    assert len(tweets) == 14640 and not PII & set(tweets.columns)
    text = "\n".join(tweets["text"])
    assert not URL.search(text) and not EMAIL.search(text)
    assert stray_handles(text) == set()
    assert "@user" in text and "@JetBlue" in text  # user handles replaced, brand accounts kept
    assert (CASE / "data" / "tweets.csv").stat().st_size < 3_000_000
    acsi = pd.read_csv(CASE / "data" / "acsi.csv")
    assert dict(zip(acsi["brand"], acsi["value"])) == {"American": 66, "Delta": 71, "JetBlue": 81, "Southwest": 78,
                                                       "United": 60}
    assert acsi["source"].str.contains("ACSI Travel Report 2015").all()


@pytest.mark.skipif(not (SHARED / "Tweets.csv").exists(), reason="shared airline data not available")
def test_derive_script_reproduces_the_committed_files(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("derive", CASE / "derive.py")
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    derive.main(["--shared", str(SHARED), "--out", str(tmp_path)])
    for name in ("tweets.csv", "acsi.csv", "interviewees.csv", "codes.csv", "ratings.csv"):
        assert (tmp_path / "data" / name).read_bytes() == (CASE / "data" / name).read_bytes(), name
    raw = pd.read_csv(SHARED / "Tweets.csv", dtype=str, keep_default_na=False)
    mine = pd.read_csv(CASE / "data" / "tweets.csv", dtype=str, keep_default_na=False)
    same = [c for c in mine.columns if c != "text"]
    assert raw[same].equals(mine[same])  # only the text was changed (scrubbed)


# ------------------------------------------------------------------ findings


def test_duplicates_found(built):
    assert F(built, "value.posts.rows")["value"] == 14640
    assert F(built, "value.duplicates.ids")["value"] == 155
    assert F(built, "value.duplicates.ids")["extra"]["distinct_ids"] == 155
    assert F(built, "value.duplicates.rows")["value"] == 36
    assert F(built, "value.duplicates.dropped")["value"] == 155


def test_delta_rows_address_jetblue(built):
    rows = built["findings"]["tables"]["value.entity_conflicts"]["rows"]
    delta = {r["mentioned_brand"]: r["n"] for r in rows if r["brand_field"] == "Delta"}
    assert delta["JetBlue"] / sum(delta.values()) > 0.99 and "Delta" not in delta
    assert F(built, "value.entity.conflicts")["value"] >= delta["JetBlue"]
    shares = {r["brand"]: r for r in built["findings"]["tables"]["value.series"]["rows"]}
    assert shares["Delta"]["smi"] is None and shares["Delta"]["smi_n"] < 30  # resolved away from Delta


def test_vader_against_human_labels(built):
    cm = built["findings"]["tables"]["value.confusion"]["rows"]
    n = F(built, "quality.smi.accuracy")["n"]
    assert sum(r["n"] for r in cm) == n == F(built, "value.posts.used")["value"]
    correct = sum(r["n"] for r in cm if r["human"] == r["scorer"])
    assert F(built, "quality.smi.accuracy")["value"] == pytest.approx(correct / n, abs=1e-6)
    assert 0.3 < F(built, "quality.smi.accuracy")["value"] < 0.7  # VADER is far from the 0.96 F1 of its paper here
    assert F(built, "quality.smi.kappa")["value"] < 0.4 and F(built, "quality.smi.macro_f1")["value"] < 0.6


def test_shares_with_wilson_intervals(built, case):
    rows = {r["brand"]: r for r in built["findings"]["tables"]["value.brand_shares"]["rows"]}
    assert all(r["ci_low"] < r["share_negative"] < r["ci_high"] for r in rows.values())
    # methods.md M8 vector: every Virgin America row of the file (no exclusion, language not checked)
    fs = run(case, retweets="include", brand_posts="include", dedupe=False, language_check=False)
    virgin = next(r for r in fs.tables["value.brand_shares"].rows if r["brand"] == "Virgin America")
    assert (virgin["negative"], virgin["n"]) == (181, 504)
    assert (virgin["ci_low"], virgin["ci_high"]) == pytest.approx((0.3185, 0.4019), abs=1e-4)


def test_correlation_with_acsi_is_inconclusive(built):
    r = F(built, "value.pearson_r")
    assert r["n"] == 4 and r["ci"] is None and r["p"] is None and "inconclusive" in r["reason"]
    assert r["value"] == pytest.approx(-0.95, abs=0.01)
    tests = built["findings"]["tables"]["value.tests"]["rows"]
    assert all(t["p"] is None and t["significant"] is None for t in tests)


def test_acsi_is_a_yearly_measure(built):
    assert F(built, "quality.traditional.frequency")["value"] == pytest.approx(1.0, abs=0.01)


def thaw(obj):
    if isinstance(obj, Mapping):
        return {k: thaw(v) for k, v in obj.items()}
    return [thaw(v) for v in obj] if isinstance(obj, (list, tuple)) else obj


def run(case, **value_spec) -> Findings:
    spec = thaw(case.spec)
    spec["data"]["posts"]["dedupe"] = value_spec.pop("dedupe", True)
    spec["data"]["posts"]["language_check"] = value_spec.pop("language_check", True)
    spec["value"].update(value_spec)
    variant = Case(root=case.root, spec_path=case.spec_path, spec=freeze(spec), tables=case.tables)
    fs = Findings()
    fs.add(*value.run(variant))
    return fs


@pytest.mark.parametrize("entity, brand_map, r, lo, hi, rho", [
    ("brand_field", {"Delta": "JetBlue"}, -0.9506, -0.999, 0.122, -0.8),
    ("brand_field", None, -0.7694, -0.995, 0.736, -0.6),
])
def test_committed_data_reproduce_the_m9_worked_example(case, entity, brand_map, r, lo, hi, rho):
    """methods.md M9: all 14,640 rows, human labels, "Delta" rows mapped to JetBlue or to Delta."""
    fs = run(case, entity=entity, brand_map=brand_map, retweets="include", brand_posts="include", dedupe=False,
             language_check=False)
    pr = fs.findings["value.pearson_r"]
    assert pr.value == pytest.approx(r, abs=1e-4) and pr.n == 4
    assert pr.extra["descriptive_ci"] == pytest.approx((lo, hi), abs=1e-3)
    assert fs.findings["value.spearman_rho"].value == pytest.approx(rho)


# ------------------------------------------------------------------ pages


def test_value_page_shows_what_the_case_must_show(built):
    body = built["files"]["docs/value.md"]
    head = body.split("</div>")[0]
    assert ">Inconclusive</span>" in head and "r = −0.95 · n = 4 airlines" in head  # the finding in words first
    assert "155" in head and "36 are identical in every column" in head
    assert "2,218 of 2,222" in head and "posts labelled Delta address JetBlue" in head
    assert "VADER agrees with human labels" in head
    assert "Inconclusive: n = 4 airlines" in body and "no inferential statement below 6 pairs" in body
    assert 'id="fig-value-confusion"' in body and 'id="fig-value-brands"' in body
    assert 'id="fig-value-entities"' in body and "95% Wilson" in body
    assert "fig-value-ccf" not in body and "Lead/lag and agreement need a time series" in body


@pytest.mark.parametrize("page", ["index", "engagement"])
def test_fictional_interviews_are_flagged(built, page):
    assert "fictional" in built["files"][f"docs/{page}.md"].lower()


def test_no_handle_url_or_email_in_any_page(built):
    pages = {rel: text for rel, text in built["files"].items() if rel.startswith("docs/")}
    assert "docs/value.md" in pages
    for rel, text in pages.items():
        assert not URL.search(text), rel
        assert not EMAIL.search(text), rel
        assert stray_handles(text) == set(), (rel, stray_handles(text))
        assert not re.search(r"tweet_(?:coord|location)|user_timezone", text), rel
