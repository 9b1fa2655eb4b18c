"""The `smaa` command through click's CliRunner: help, check, new, and a build that fails without harm."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaa_build.cli import main

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "tests" / "cases" / "invalid" / "_base"
COMMANDS = sorted(main.commands)


def smaa(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_group_help_lists_every_command():
    result = smaa("--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name):
    result = smaa(name, "--help")
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: main {name} [OPTIONS]")
    first_paragraph = " ".join(main.commands[name].help.split("\n\n")[0].split())
    assert first_paragraph in " ".join(result.output.split())


def test_check_base_case(monkeypatch):
    monkeypatch.chdir(REPO)
    result = smaa("check", "tests/cases/invalid/_base")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "tests/cases/invalid/_base: valid (interviewees 12, codes 48, ratings 24 rows).\n"
    assert result.stderr == ""


def test_check_missing_case_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = smaa("check", "nowhere")
    assert result.exit_code == 1
    assert result.stderr == ("nowhere: expected a case folder (or its case.yaml), got a path that does not exist; "
                             "`smaa new nowhere` scaffolds a case there\n"
                             "1 error(s), 0 warning(s); nothing was written.\n")


def test_check_folder_without_case_yaml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    result = smaa("check", "empty")
    assert result.exit_code == 1
    assert result.stderr == ("empty/case.yaml: expected a case.yaml here, found none; `smaa new NEW_FOLDER` "
                             "scaffolds a case\n1 error(s), 0 warning(s); nothing was written.\n")


def test_new_case_passes_check_naming_the_template_text_left(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = smaa("new", "acme-2026")
    assert result.exit_code == 0, result.stderr
    assert "id: acme-2026" in (tmp_path / "acme-2026" / "case.yaml").read_text(encoding="utf-8")
    checked = smaa("check", "acme-2026")
    assert checked.exit_code == 0, checked.stderr
    sample = ("warning: expected the engagement's data, got the sample file data/{0}.csv of `smaa new` unchanged "
              "(replace it with the real file)")
    assert checked.stderr.splitlines() == [
        "acme-2026/case.yaml:6:11: engagement.client: warning: expected the engagement's own value, got the "
        "`smaa new` placeholder 'Client organisation name'",
        "acme-2026/data/codes.csv: " + sample.format("codes"),
        "acme-2026/data/interviewees.csv: " + sample.format("interviewees"),
        "acme-2026/data/ratings.csv: " + sample.format("ratings"),
        "acme-2026/text/summary.md:1:1: warning: expected the researchers' own text, got the `smaa new` placeholder "
        "'Replace this paragraph with the executive summary.' (write this section or delete the paragraph)"]
    assert not (tmp_path / "build").exists()


def test_new_refuses_a_non_empty_folder_and_writes_nothing(tmp_path):
    case = tmp_path / "taken"
    case.mkdir()
    (case / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = snapshot(case)
    result = smaa("new", case)
    assert result.exit_code == 1
    assert result.stderr == f"error: {case} exists and is not empty; choose a new folder (nothing was written)\n"
    assert snapshot(case) == before


def test_new_refuses_a_bad_id_and_writes_nothing(tmp_path):
    result = smaa("new", tmp_path / "x", "--id", "no spaces")
    assert result.exit_code == 1
    assert "case id 'no spaces'" in result.stderr
    assert not (tmp_path / "x").exists()


def test_failed_rebuild_leaves_the_previous_site_intact(tmp_path):
    case, out = tmp_path / "case", tmp_path / "out"
    shutil.copytree(BASE, case)
    first = smaa("build", case, "--out", out)
    assert first.exit_code == 0, first.stderr
    site = out / "invalid-base" / "site"
    assert (site / "index.html").is_file()
    before = snapshot(out / "invalid-base")

    summary = case / "text" / "summary.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("engagement.n_interviewees", "no.such.key"),
                       encoding="utf-8")
    second = smaa("build", case, "--out", out)
    assert second.exit_code == 1
    assert "text/summary.md:3:16: unknown finding key 'no.such.key'\n" in second.stderr
    assert snapshot(out / "invalid-base") == before
    assert (site / "index.html").read_bytes() == before["site/index.html"]
    assert sorted(p.name for p in out.iterdir()) == [".cache", "invalid-base"]  # no staging folder left behind
