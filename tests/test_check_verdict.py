"""`smaa check` is the whole verdict (issue 10, item 5): it finds what `smaa build` finds, reports template text
left in a case, writes nothing anywhere, and reads the findings a build cached. The exact messages of each kind
are in the corpus (tests/cases/invalid/corpus_verdict.py); these tests cover what the corpus cannot see."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from smaa_build.spec import placeholders
from smaa_build.run import check as verdict
from smaa_build.analyses.value.text_store import write_atomic as save_atomic
from smaa_build.cli import main
from smaa_build.spec.scaffold import TEMPLATE

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "cases" / "invalid"
POSTS = """post_id,created_at,text,author_id
p1,2026-03-02 09:15:00+01:00,Great service today,a1
p2,2026-03-02 18:40:12+01:00,Still waiting for a reply,a2
p3,2026-03-03T08:05:00+01:00,Thanks for the quick fix,a3
p4,2026-03-03T21:30:00+01:00,Website down again,a4
"""
TRADITIONAL = """period_start,period_end,value
2026-03-02,2026-03-02,3.1
2026-03-03,2026-03-03,3.4
"""


def smaa(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)  # messages name paths relative to the working directory
    return tmp_path


def copy_case(name: str, to: Path) -> Path:
    shutil.copytree(CORPUS / name, to / "case", ignore=shutil.ignore_patterns("expected_*"))
    return to / "case"


def with_posts(case: Path) -> None:
    (case / "data" / "posts.csv").write_text(POSTS, encoding="utf-8")
    (case / "data" / "traditional.csv").write_text(TRADITIONAL, encoding="utf-8")
    spec = case / "case.yaml"
    old = "  ratings: {file: data/ratings.csv, scale: [1, 5]}\n"
    spec.write_text(spec.read_text(encoding="utf-8").replace(old, old + "  posts: {file: data/posts.csv}\n"
                    "  traditional: {file: data/traditional.csv}\n"), encoding="utf-8")


# ---------------------------------------------------------------- nothing written, cache read


def test_a_cold_check_writes_nothing_anywhere(here):
    case = copy_case("_base", here)
    with_posts(case)
    before = snapshot(here)
    result = smaa("check", "case")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "case: valid (interviewees 12, codes 48, ratings 24, posts 4, traditional 2 rows).\n"
    assert snapshot(here) == before  # no build/ (no findings or per-post cache), no case/.smaa-cache
    assert sorted(p.name for p in here.iterdir()) == ["case"]


def test_a_warm_check_reads_the_build_cache_and_changes_nothing(here, monkeypatch):
    case = copy_case("_base", here)
    with_posts(case)
    assert smaa("build", "case").exit_code == 0
    cache = snapshot(here / "build" / ".cache")
    assert any(name.startswith("invalid-base/posts/") for name in cache)

    def no_analyses(*_a, **_k):
        raise AssertionError("the analyses ran although their findings are cached")

    monkeypatch.setattr("smaa_build.analyses.run_all", no_analyses)
    assert verdict.check(Path("case")).cached
    result = smaa("check", "case")
    assert (result.exit_code, result.stderr) == (0, "")
    assert snapshot(here / "build" / ".cache") == cache


def test_check_out_names_the_build_folder_whose_cache_it_reads(here):
    case = copy_case("_base", here)
    assert smaa("build", "case", "--out", "elsewhere").exit_code == 0
    assert not verdict.check(Path("case")).cached
    assert verdict.check(Path("case"), out_root=Path("elsewhere")).cached
    assert not (here / "build").exists()


def test_per_post_work_of_a_check_never_reaches_the_real_cache(tmp_path):
    real = tmp_path / "posts"
    real.mkdir()
    np.save(real / "kept.npy", np.arange(3.0))
    before = snapshot(real)
    with verdict.read_only(real) as view:
        assert np.load(view / "kept.npy").tolist() == [0.0, 1.0, 2.0]  # a build's entry is read
        save_atomic(view / "kept.npy", lambda fh: np.save(fh, np.zeros(3)))  # rewritten in the view only
        save_atomic(view / "new.npy", lambda fh: np.save(fh, np.ones(2)))
        assert np.load(view / "kept.npy").tolist() == [0.0, 0.0, 0.0]
    assert snapshot(real) == before
    assert not view.exists()


# ---------------------------------------------------------------- what only the analyses and the narrative show


def test_check_finds_the_analysis_error_and_says_the_narrative_waits(here):
    case = copy_case("risk-unknown-id", here)
    result = smaa("check", "case")
    assert result.exit_code == 1
    assert result.stderr == ("case/case.yaml:54:10: risks.criteria.R99: unknown risk id; catalogue ids are R1, R2, "
                             "R3, R4, R5, R6, R7, R8\nnarrative not checked: fix the problems above first.\n"
                             "1 error(s), 0 warning(s); nothing was written.\n")
    assert not (here / "build").exists()


def test_strict_check_fails_on_warnings_only_after_every_stage_ran(here):
    case = copy_case("check-every-stage", here)
    summary = case / "text" / "summary.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace(" | mean", ""), encoding="utf-8")
    assert smaa("check", "case").exit_code == 0
    result = smaa("check", "--strict", "case")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "2 warning(s), which --strict treats as errors; nothing was written."
    assert "not checked" not in result.stderr


# ---------------------------------------------------------------- template text at build and publish


def test_build_names_template_text_as_warnings_and_strict_build_refuses_it(here):
    copy_case("template-text", here)
    warnings = ["case/case.yaml:6:11: engagement.client: warning: expected the engagement's own value, got the "
                "`smaa new` placeholder 'Client organisation name'",
                "case/text/summary.md:3:1: warning: expected the researchers' own text, got the `smaa new` "
                "placeholder 'Replace this paragraph with the executive summary.' (write this section or delete "
                "the paragraph)"]
    built = smaa("build", "case")
    assert built.exit_code == 0, built.stderr
    assert [line for line in built.stderr.splitlines() if not line.startswith("  ")] == warnings
    strict = smaa("build", "--strict", "case", "--out", "strict")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines() == warnings + ["2 warning(s), which --strict treats as errors; nothing was "
                                                     "written."]
    assert not (here / "strict").exists()


def test_placeholders_are_the_templates_own_text():
    spec_text = (TEMPLATE / "case.yaml").read_text(encoding="utf-8")
    for path, value in placeholders.SPEC_PLACEHOLDERS:
        assert f"  {path[-1]}: {value}\n" in spec_text
    summary = (TEMPLATE / "text" / "summary.md").read_text(encoding="utf-8")
    assert all(sentence in summary for sentence in placeholders.NARRATIVE_PLACEHOLDERS)
    assert sorted(placeholders._sample_digests().values()) == ["data/codes.csv", "data/interviewees.csv",
                                                               "data/ratings.csv"]


def test_an_edited_sample_file_is_the_engagements_own(here):
    assert smaa("new", "acme").exit_code == 0
    ratings = here / "acme" / "data" / "ratings.csv"
    ratings.write_text(ratings.read_text(encoding="utf-8").replace("INT-0000,useful,2", "INT-0000,useful,3"),
                       encoding="utf-8")
    named = {p.file for p in verdict.check(Path("acme")).problems}
    assert named == {"acme/case.yaml", "acme/data/codes.csv", "acme/data/interviewees.csv", "acme/text/summary.md"}
