"""Data-file fidelity (issue 10, items 2-3): closed vocabularies, yes/no words, ranges, impossible dates, columns
nobody reads, mapped columns that are missing, post ids repeated with other content. Messages are exact."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smaa_build.errors import SpecError
from smaa_build.spec import columns, load_case, load_spec, schema
from smaa_build.spec.convert import impossible_date, to_bool, to_date, to_number, to_timestamp
from smaa_build.spec.data import read_kind
from smaa_build.spec.fidelity import closed_values, headcounts, period_order, ranges, repeated_posts, unread_columns

BASE = Path(__file__).resolve().parents[1] / "cases" / "invalid" / "_base"
SPEC: dict = {}


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # messages name files relative to the working directory


def table(kind: str, rows: dict) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    df.attrs.update(file=f"{kind}.csv", names={})
    return df


def texts(problems) -> list[str]:
    return [str(p) for p in problems]


def strings(*values) -> pd.Series:
    return pd.Series(list(values), dtype=object)


# ---- yes/no words ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("word, value", [
    ("true", True), ("No", False), ("1", True), ("0", False), ("sì", True), ("Si", True), ("ja", True),
    ("nee", False), ("oui", True), ("non", False), ("да", True), ("НЕТ", False), ("", None)])
def test_yes_no_words_of_every_report_language(word, value):
    out, problems = to_bool(strings(word), "people.csv", "unique_role")
    assert problems == []
    assert (out[0] if value is not None else out.isna()[0]) == (value if value is not None else True)


def test_an_unknown_word_lists_what_is_accepted():
    _, problems = to_bool(strings("wahr"), "people.csv", "unique_role", "data.interviewees")
    assert texts(problems) == [
        "people.csv:2:unique_role: expected true or false, got 'wahr' (accepted for true: true, yes, y, t, 1, sì, "
        "si, ja, oui, да; for false: false, no, n, f, 0, nee, non, нет; declare other words with `true_values:` / "
        "`false_values:` under data.interviewees)"]


def test_declared_words_are_accepted_and_listed():
    out, problems = to_bool(strings("X", "-", "?"), "people.csv", "unique_role", "data.interviewees", ["x"], ["-"])
    assert out[:2].tolist() == [True, False]
    assert "accepted for true: true, yes, y, t, 1, sì, si, ja, oui, да, x; for false: false, no, n, f, 0, nee, " \
           "non, нет, -;" in texts(problems)[0]


def test_declared_words_reach_the_typed_table(tmp_path):
    Path("people.csv").write_text("interviewee_id,function,level,unique_role\nINT-01,comms,L1,wahr\n"
                                  "INT-02,comms,L1,falsch\n", encoding="utf-8")
    df, problems = read_kind("interviewees", Path("people.csv"),
                             {"true_values": ["wahr"], "false_values": ["falsch"]})
    assert problems == []
    assert df["unique_role"].tolist() == [True, False]


# ---- impossible dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, why", [
    ("2026-02-30", "February 2026 has 28 days"), ("2026-02-29", "February 2026 has 28 days; 2026 is not a leap year"),
    ("2026-13-01", "there is no month 13"), ("2026-00-10", "there is no month 0"),
    ("2026-04-31T10:00:00+02:00", "April 2026 has 30 days"), ("2024-02-29", None), ("02/03/2026", None)])
def test_why_a_date_is_impossible(text, why):
    assert impossible_date(text) == why


def test_impossible_dates_are_located_with_the_reason():
    _, problems = to_date(strings("2026-03-02", "2026-02-30", "2026-13-01", "2/3/2026"), "people.csv", "interview_date")
    assert texts(problems) == [
        "people.csv:3:interview_date: expected a date YYYY-MM-DD, got '2026-02-30' (February 2026 has 28 days)",
        "people.csv:4:interview_date: expected a date YYYY-MM-DD, got '2026-13-01' (there is no month 13)",
        "people.csv:5:interview_date: expected a date YYYY-MM-DD, got '2/3/2026'"]


def test_an_impossible_timestamp_says_why():
    _, problems = to_timestamp(strings("2026-02-30T09:00:00+01:00"), "posts.csv", "created_at", None, "data.posts")
    assert texts(problems) == ["posts.csv:2:created_at: expected an ISO-8601 timestamp, got "
                               "'2026-02-30T09:00:00+01:00' (February 2026 has 28 days)"]


# ---- numbers: finite, in range -------------------------------------------------------------------------------


def test_infinite_numbers_are_refused():
    num, problems = to_number(strings("1.5", "inf", "-Infinity", "1e999"), "survey.csv", "sd", ".")
    assert texts(problems) == ["survey.csv:3:sd: expected a finite number, got 'inf'",
                               "survey.csv:4:sd: expected a finite number, got '-Infinity'",
                               "survey.csv:5:sd: expected a finite number, got '1e999'"]
    assert num.isna().tolist() == [False, True, True, True]


def test_ranges_of_counts_durations_scores_and_metrics():
    tables = {
        "interviewees": table("interviewees", {"duration_min": [40.0, 0.0, -5.0]}),
        "flows": table("flows", {"frequency_per_month": [0.0, -1.0]}),
        "posts": table("posts", {"post_id": ["a", "b"], "score": [-1.0, 1.5], "label_confidence": [1.0, -0.1]}),
        "traditional": table("traditional", {"n_respondents": [0, -2], "sd": [0.0, -1.0], "deff": [1.2, 0.0]}),
        "reference": table("reference", {"hdi": [0.5, 1.2]}),
    }
    assert texts(ranges(tables)) == [
        "interviewees.csv:3:duration_min: expected a value above 0, got 0",
        "interviewees.csv:4:duration_min: expected a value above 0, got -5",
        "flows.csv:3:frequency_per_month: expected a value of at least 0, got -1",
        "posts.csv:3:label_confidence: expected a value within [0, 1], got -0.1",
        "posts.csv:3:score: expected a value within [-1, 1], got 1.5",
        "traditional.csv:3:n_respondents: expected a value of at least 0, got -2",
        "traditional.csv:3:sd: expected a value of at least 0, got -1",
        "traditional.csv:3:deff: expected a value above 0, got 0",
        "reference.csv:3:hdi: expected a value within [0, 1], got 1.2",
    ]


# ---- closed vocabularies -------------------------------------------------------------------------------------


def test_a_value_outside_a_closed_vocabulary_is_an_error_with_did_you_mean():
    tables = {"kpis": table("kpis", {"frequency": ["weekly", "montly", "fortnightly", ""]})}
    assert texts(closed_values(tables, SPEC)) == [
        "kpis.csv:3:frequency: expected one of ['daily', 'weekly', 'monthly', 'quarterly', 'ad_hoc'], got 'montly' "
        "(did you mean 'monthly'? Or declare it under vocabularies.kpi_frequency)",
        "kpis.csv:4:frequency: expected one of ['daily', 'weekly', 'monthly', 'quarterly', 'ad_hoc'], got "
        "'fortnightly' (or declare it under vocabularies.kpi_frequency)"]


def test_declared_values_are_accepted_and_listed():
    spec = {**SPEC, "vocabularies": {"kpi_frequency": ["fortnightly"]}}
    tables = {"kpis": table("kpis", {"frequency": ["fortnightly", "yearly"]})}
    assert texts(closed_values(tables, spec)) == [
        "kpis.csv:3:frequency: expected one of ['daily', 'weekly', 'monthly', 'quarterly', 'ad_hoc', 'fortnightly'], "
        "got 'yearly' (or declare it under vocabularies.kpi_frequency)"]


def test_every_closed_column_is_checked():
    tables = {"kpis": table("kpis", {"kpi_category": ["netwrok"]}), "flows": table("flows", {"artefact": ["e-mail"]}),
              "posts": table("posts", {"post_id": ["a"], "label": ["postive"]}),
              "reference": table("reference", {"case_id": ["R1"], "sector": ["ICT"], "size_band": ["1000-5000"],
                                               "org_model": ["hub-and-spoke"]})}
    assert texts(closed_values(tables, SPEC)) == [
        "reference.csv:2:sector: expected a NACE section letter A–U (or a code such as 'J62'), got 'ICT' "
        "(or declare it under vocabularies.sector)",
        "reference.csv:2:size_band: expected one of ['<250', '250-999', '1000-4999', '>=5000'], got '1000-5000' "
        "(or declare it under vocabularies.size_band)",
        "reference.csv:2:org_model: expected one of ['organic', 'centralised', 'hub_and_spoke', "
        "'multiple_hub_and_spoke', 'holistic'], got 'hub-and-spoke' (did you mean 'hub_and_spoke'? Or declare it "
        "under vocabularies.org_model)",
        "kpis.csv:2:kpi_category: expected one of ['financial', 'network', 'interaction', 'conversation', "
        "'opinion'], got 'netwrok' (did you mean 'network'? Or declare it under vocabularies.kpi_category)",
        "flows.csv:2:artefact: expected one of ['dashboard', 'report', 'email', 'meeting'], got 'e-mail' "
        "(did you mean 'email'? Or declare it under vocabularies.flow_artefact)",
        "posts.csv:2:label: expected one of ['negative', 'neutral', 'positive'], got 'postive' "
        "(did you mean 'positive'? Or declare it under vocabularies.post_label)",
    ]


def test_what_the_analyses_read_the_same_way_is_accepted():
    # benchmark normalises NACE codes and typographic size bands; sentiment lower-cases labels
    spec = {**SPEC, "benchmark": {"sector_groups": {"Fintech": "Finance"}}}
    tables = {"posts": table("posts", {"post_id": ["a", "b"], "label": ["Positive", " NEUTRAL"]}),
              "reference": table("reference", {"case_id": ["R1", "R2", "R3"], "sector": ["j62", "J.62", "fintech"],
                                               "size_band": ["≥5000", "250–999", "5000+"]})}
    assert closed_values(tables, spec) == []


def test_the_analyses_use_the_spec_vocabularies():
    from smaa_build.analyses.benchmark import benchmark
    from smaa_build.analyses.value import sentiment

    assert benchmark.SIZE_BANDS is columns.SIZE_BANDS is schema.SIZE_BANDS
    assert schema.ORG_MODELS is columns.ORG_MODELS
    assert benchmark.METRIC_LABELS is columns.REFERENCE_METRICS
    assert list(sentiment.LABEL_SCORES) == columns.POST_LABELS
    assert benchmark.size_band is columns.size_band and benchmark.nace_section is columns.nace_section


# ---- columns nobody reads, columns declared but missing ---------------------------------------------------


def test_an_unread_reference_column_is_compared_with_the_benchmark_metrics():
    problems = unread_columns(["case_id", "sector", "size_band", "hdi", "kpi_overlap"], "ref.csv", "reference", {}, {})
    assert texts(problems) == [
        "ref.csv:1:kpi_overlap: warning: expected a benchmark metric ['hdi', 'vdi', 'hi', 'vai', 'kpi_jaccard', "
        "'manual_share'], got 'kpi_overlap', which smaa does not read (did you mean 'kpi_jaccard'? Rename it or map "
        "it with data.reference.columns: {kpi_jaccard: 'kpi_overlap'})"]


def test_an_unread_column_without_a_close_name():
    problems = unread_columns(["interviewee_id", "item", "score", "notes"], "r.csv", "ratings", {}, {})
    assert texts(problems) == [
        "r.csv:1:notes: warning: expected a column smaa reads ['interviewee_id', 'item', 'score'], got 'notes', which "
        "smaa does not read (list it under data.ratings.unused_columns if that is intended)"]


def test_unread_columns_declared_or_read_by_an_option_are_quiet():
    cols = ["period_start", "period_end", "value", "measure", "region", "source"]
    spec = {"value": {"traditional_measure": "CSAT", "segments": {"field": "region", "required": ["N"]}}}
    assert unread_columns(cols, "t.csv", "traditional", {"unused_columns": ["source"]}, spec) == []
    assert texts(unread_columns(cols[:4], "t.csv", "traditional", {}, {})) == [
        "t.csv:1:measure: warning: expected a column smaa reads ['period_start', 'period_end', 'value', 'brand', "
        "'n_respondents', 'sd', 'fieldwork_end', 'published_at', 'deff'], got 'measure', which smaa does not read "
        "(smaa reads it only when value.traditional_measure is set)"]


def test_an_empty_column_without_a_header_is_dropped_but_one_with_values_is_not():
    Path("r.csv").write_text("interviewee_id,item,score,,\nINT-01,useful,4,,x\n", encoding="utf-8")
    df, problems = read_kind("ratings", Path("r.csv"), {})
    assert list(df.columns) == ["interviewee_id", "item", "score", "Unnamed: 4"]
    assert [p.col for p in problems] == ["Unnamed: 4"]


def test_a_mapped_optional_column_missing_from_the_file_is_an_error():
    Path("posts.csv").write_text("id,created_at,text\n1,2026-03-02T09:00:00+01:00,hi\n", encoding="utf-8")
    df, problems = read_kind("posts", Path("posts.csv"), {"columns": {"post_id": "id", "brand": "Marca"}})
    assert df is None
    assert texts(problems) == [
        "posts.csv:1: expected a column 'Marca' (declared as data.posts.columns.brand), found only 'id', "
        "'created_at', 'text' (rename it in the file or map it with data.posts.columns: {brand: 'Your column'})"]


def test_a_mapping_onto_a_column_the_file_already_has_is_an_error():
    # before: two columns named brand after the rename, and a traceback
    Path("posts.csv").write_text("post_id,created_at,text,brand,airline\n1,2026-03-02T09:00:00+01:00,hi,X,Y\n",
                                 encoding="utf-8")
    df, problems = read_kind("posts", Path("posts.csv"), {"columns": {"brand": "airline"}})
    assert df is None
    assert texts(problems) == [
        "posts.csv:1:brand: expected one column for brand, got both 'brand' and 'airline', mapped to it by "
        "data.posts.columns (drop the mapping to read 'brand', or rename 'brand' in the file)"]


def _case(tmp_path: Path, old: str, new: str) -> Path:
    case = tmp_path / "case"
    shutil.copytree(BASE, case)
    path = case / "case.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return case


def test_an_unknown_canonical_key_is_located_at_the_key(tmp_path):
    case = _case(tmp_path, "  ratings: {file: data/ratings.csv, scale: [1, 5]}\n",
                 "  ratings:\n    file: data/ratings.csv\n    columns: {scroe: score}\n")
    with pytest.raises(SpecError) as err:
        load_spec(case)
    assert str(err.value) == ("case/case.yaml:40:15: data.ratings.columns.scroe: expected a canonical ratings column "
                              "['interviewee_id', 'item', 'score'], got 'scroe' (did you mean 'score'?)")


def test_one_file_column_mapped_twice_is_an_error(tmp_path):
    case = _case(tmp_path, "  ratings: {file: data/ratings.csv, scale: [1, 5]}\n",
                 "  ratings:\n    file: data/ratings.csv\n    columns: {item: score, score: score}\n")
    with pytest.raises(SpecError) as err:
        load_spec(case)
    assert str(err.value.problems[0]) == ("case/case.yaml:40:35: data.ratings.columns.score: expected each column "
                                          "of the file mapped once, got 'score' again (already mapped to item)")


def test_a_word_declared_true_and_false_is_an_error(tmp_path):
    case = _case(tmp_path, "  interviewees: {file: data/interviewees.csv}\n",
                 "  interviewees: {file: data/interviewees.csv, true_values: [J], false_values: [j, N]}\n")
    with pytest.raises(SpecError) as err:
        load_spec(case)
    assert str(err.value) == ("case/case.yaml:36:80: data.interviewees.false_values[0]: expected a word not also "
                              "declared in data.interviewees.true_values, got 'j'")


def test_the_valid_base_has_nothing_to_say(tmp_path):
    case = _case(tmp_path, "  k_min: 5\n", "  k_min: 5\n")
    assert load_case(case).warnings == ()


# ---- post ids repeated with other content -------------------------------------------------------------------


def test_a_post_id_repeated_with_other_content_is_a_warning():
    posts = table("posts", {"post_id": ["a", "b", "a", "b", "c"], "text": ["x", "y", "x", "Y", "z"],
                            "score": [0.1, 0.2, 0.3, 0.2, None]})
    assert texts(repeated_posts(posts)) == [
        "posts.csv:4:post_id: warning: expected each post id once, got 'a' again with different content (first on "
        "row 2; differs in score); the build keeps the first row and drops this one",
        "posts.csv:5:post_id: warning: expected each post id once, got 'b' again with different content (first on "
        "row 3; differs in text); the build keeps the first row and drops this one"]


def test_identical_repeats_and_missing_values_are_not_warned_about():
    posts = table("posts", {"post_id": ["a", "a", "", ""], "text": ["x", "x", "p", "q"], "score": [None, None, 1, 2]})
    assert repeated_posts(posts) == []


def test_many_repeats_are_capped():
    posts = table("posts", {"post_id": ["a"] * 8, "text": [str(i) for i in range(8)]})
    out = texts(repeated_posts(posts))
    assert len(out) == 6
    assert out[-1] == "posts.csv:8:post_id: warning: and 2 more rows repeating a post id with different content"


def test_repeats_among_hashed_ids_are_those_the_strings_give(monkeypatch):
    """A large export's ids are numbered through hashes of their bytes (spec/ids.py): the same warnings as from the
    ids compared as strings, with missing and empty ids, ids repeated with and without other content."""
    from smaa_build.spec import ids

    rng = np.random.default_rng(4)
    n = 3_000
    post_id = pd.Series([f"{i:06d}" for i in rng.integers(0, 2_500, n)], dtype="string[pyarrow]")
    post_id[rng.random(n) < 0.02] = None
    post_id[rng.random(n) < 0.02] = ""
    posts = table("posts", {"post_id": post_id, "text": [f"t{i % 5}" for i in range(n)],
                            "score": np.round(rng.random(n), 1)})
    monkeypatch.setattr(ids, "_HASHED_MIN", 0)
    hashed = texts(repeated_posts(posts))
    monkeypatch.setattr(ids, "_id_hashes", lambda s: None)  # the strings themselves
    assert hashed == texts(repeated_posts(posts)) and len(hashed) == 6  # capped: some repeats differ
    codes = ids.id_codes(posts["post_id"].astype(str))
    assert ((np.bincount(codes)[codes] > 1) == posts["post_id"].astype(str).duplicated(keep=False).to_numpy()).all()


# ---- headcounts and survey periods ------------------------------------------------------------------------


def test_more_interviewees_than_the_headcount_is_an_error_at_the_row_that_exceeds_it():
    people = table("interviewees", {"function": ["mkt", "comms", "mkt", "mkt", "mkt"]})
    spec = {"organisation": {"functions": [{"id": "mkt", "headcount": 2}, {"id": "comms", "headcount": 1},
                                           {"id": "care"}]}}
    assert texts(headcounts({"interviewees": people}, spec)) == [
        "interviewees.csv:5:function: expected at most 2 interviewees in function 'mkt' (its headcount in "
        "organisation.functions), got 4; fix the headcount or the function"]


def test_a_survey_period_ending_before_it_starts():
    t = table("traditional", {"period_start": pd.to_datetime(["2026-01-01", "2026-02-28"]),
                              "period_end": pd.to_datetime(["2026-01-31", "2026-02-01"])})
    assert texts(period_order({"traditional": t})) == [
        "traditional.csv:3:period_end: expected a date on or after period_start 2026-02-28, got 2026-02-01"]


def test_a_result_published_before_its_fieldwork_ended():
    dates = {"period_start": "2026-01-01", "period_end": "2026-01-31", "fieldwork_end": "2026-01-30",
             "published_at": "2026-01-20"}
    t = table("traditional", {col: pd.to_datetime([d]) for col, d in dates.items()})
    assert texts(period_order({"traditional": t})) == [
        "traditional.csv:2:published_at: expected a date on or after fieldwork_end 2026-01-30, got 2026-01-20"]
