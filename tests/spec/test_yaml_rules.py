"""Issue 10/11 rules of case.yaml: unknown keys are errors in the blocks that protect people (engagement, report,
data, data_roots) and warnings elsewhere; data roots outside the case's repository must be stated, and roots
that hold the file-system root or a home folder are refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from smaa_build.errors import SpecError
from smaa_build.spec import load_spec
from smaa_build.spec.checks import _repository, _too_broad

BASE = Path(__file__).resolve().parents[1] / "cases" / "invalid" / "_base"


@pytest.fixture
def case(tmp_path, monkeypatch):
    """A copy of the valid base case in tmp_path/repo/case, inside a git work tree (a `.git` folder)."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    shutil.copytree(BASE, tmp_path / "repo" / "case")
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path / "repo" / "case"


def edited(case: Path, old: str, new: str) -> Path:
    spec = case / "case.yaml"
    text = spec.read_text(encoding="utf-8")
    assert text.count(old) == 1
    spec.write_text(text.replace(old, new), encoding="utf-8")
    return case


def problems(case: Path, strict: bool = False) -> list[str]:
    with pytest.raises(SpecError) as info:
        load_spec(case, strict)
    return [str(p) for p in info.value.problems]


def with_roots(case: Path, roots: str) -> Path:
    (case / "case.yaml").write_text((case / "case.yaml").read_text(encoding="utf-8") + f"data_roots: {roots}\n",
                                    encoding="utf-8")
    return case


# ---- strict blocks -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("old, new, where", [
    ("  k_min: 5\n", "  k_mim: 5\n", "case/case.yaml:19:3: report.k_mim: unknown key 'k_mim' (did you mean 'k_min'?)"),
    ("  codename: Base\n", "  codname: Base\n",
     "case/case.yaml:7:3: engagement.codname: unknown key 'codname' (did you mean 'codename'?)"),
    ("  sector: J\n", "  sectr: J\n",
     "case/case.yaml:8:3: engagement.sectr: unknown key 'sectr' (did you mean 'sector'?)"),
    ("  codes: {file: data/codes.csv}\n", "  codes: {file: data/codes.csv, encodng: latin-1}\n",
     "case/case.yaml:37:33: data.codes.encodng: unknown key 'encodng' (did you mean 'encoding'?)"),
])
def test_unknown_key_in_a_strict_block_is_an_error_without_strict(case, old, new, where):
    block = where.split(": ")[1].split(".")[0]
    assert problems(edited(case, old, new)) == [
        f"{where}; fix or remove it (under {block}: an unknown key is an error, never ignored)"]


def test_a_misspelt_data_kind_is_an_error_too(case):
    # `ratings` is optional: without the rule the file would silently not be read
    assert problems(edited(case, "  ratings: {file", "  rating: {file")) == [
        "case/case.yaml:38:3: data.rating: unknown key 'rating' (did you mean 'ratings'?); fix or remove it "
        "(under data: an unknown key is an error, never ignored)"]


def test_unknown_key_elsewhere_stays_a_warning(case):
    edited(case, "narrative:\n", "value:\n  quotse: true\nnarrative:\n")
    _, _, warnings = load_spec(case)
    assert [str(w) for w in warnings] == [
        "case/case.yaml:50:3: value.quotse: warning: unknown key 'quotse' is ignored (did you mean 'quotes'?)"]


def test_strict_blocks_are_named_in_the_user_guide():
    from smaa_build.spec.messages import STRICT_BLOCKS

    page = (Path(__file__).resolve().parents[2] / "docs" / "user-guide" / "errors.md").read_text(encoding="utf-8")
    assert STRICT_BLOCKS == ("engagement", "report", "data", "data_roots")
    assert "Under **`engagement:`, `report:`, `data:`** (and each data kind in it) **and `data_roots:`**" in page


# ---- data roots ----------------------------------------------------------------------------------------------


def test_a_root_inside_the_repository_is_allowed(case):
    shared = case.parent / "_reference"
    shared.mkdir()
    (case / "data" / "ratings.csv").rename(shared / "ratings.csv")
    with_roots(edited(case, "file: data/ratings.csv", "file: ../_reference/ratings.csv"), "[../_reference]")
    spec, files, warnings = load_spec(case)
    assert files["ratings"] == (shared / "ratings.csv").resolve() and warnings == []


def test_a_root_outside_the_repository_must_be_stated(case, tmp_path):
    outside = tmp_path / "shared"
    outside.mkdir()
    (case / "data" / "ratings.csv").rename(outside / "ratings.csv")
    edited(case, "file: data/ratings.csv", f"file: {outside}/ratings.csv")
    with_roots(case, f"[{outside}]")
    assert problems(case) == [
        f"case/case.yaml:38:19: data.ratings.file: expected a path inside the case folder (or a folder listed in "
        f"data_roots), got '{outside}/ratings.csv', which resolves outside it; move the file or add its folder "
        "to data_roots",
        f"case/case.yaml:51:14: data_roots[0]: expected a folder inside the case's git repository (or, in no "
        f"repository, beside the case folder), got '{outside}', which is outside it; if the data really live "
        f"there, state it: {{path: {outside}, outside_repository: true}}"]
    edited(case, f"data_roots: [{outside}]", f"data_roots: [{{path: {outside}, outside_repository: true}}]")
    spec, files, _ = load_spec(case)
    assert files["ratings"] == outside / "ratings.csv"


def test_outside_a_repository_the_fence_is_the_case_folders_parent(case, tmp_path):
    shutil.rmtree(tmp_path / "repo" / ".git")
    assert _repository(case) is None
    with_roots(case, "[.., ../..]")
    assert problems(case) == [
        "case/case.yaml:51:18: data_roots[1]: expected a folder inside the case's git repository (or, in no "
        "repository, beside the case folder), got '../..', which is outside it; if the data really live there, "
        "state it: {path: ../.., outside_repository: true}"]


@pytest.mark.parametrize("root, why", [("/", "the file-system root"),
                                       ("/home", "a home folder or a folder holding one"),
                                       ("/home/ana", "a home folder or a folder holding one")])
def test_roots_that_open_everything_are_refused_even_when_stated(case, root, why):
    with_roots(case, f"[{{path: {root}, outside_repository: true}}]")
    assert problems(case) == [
        f"case/case.yaml:51:21: data_roots[0].path: expected the folder that holds the data files, got "
        f"'{root}', which is {why}; a case must never be able to read any file there, so name the data folder "
        "itself"]


def test_the_users_home_and_its_parents_are_too_broad(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "people" / "ana"))
    assert _too_broad(tmp_path / "people" / "ana") and _too_broad(tmp_path / "people")
    assert not _too_broad(tmp_path / "people" / "ana" / "cases") and not _too_broad(tmp_path / "srv")


def test_a_refused_root_reads_nothing(case):
    """The file under a refused root is reported, never read (its rows could be printed in a message)."""
    edited(case, "file: data/ratings.csv", "file: /etc/hostname")
    with_roots(case, "[/]")
    assert [p.split(": ")[1] for p in problems(case)] == ["data.ratings.file", "data_roots[0]"]


def test_a_misspelt_outside_repository_is_an_error(case):
    with_roots(case, "[{path: /srv/x, outside_repo: true}]")
    assert problems(case) == [
        "case/case.yaml:51:29: data_roots[0].outside_repo: unknown key 'outside_repo' (did you mean "
        "'outside_repository'?); fix or remove it (under data_roots: an unknown key is an error, never ignored)"]
