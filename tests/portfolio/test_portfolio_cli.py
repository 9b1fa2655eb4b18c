"""The portfolio's commands: `smaa reference import` prints the located lines `smaa check` prints for the same file
(tests/cases/invalid/reference-import-problems), `smaa reference add` refuses without consent, and `smaa check --all`
reports each case, the reference set, an older set and a draft waiting for feedback."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

import _repo
from smaa_build.cli import main as cli_main

CORPUS = _repo.REPO / "tests" / "cases" / "invalid" / "reference-import-problems"


def run(*args: str):
    return CliRunner().invoke(cli_main, list(args))


def test_import_prints_the_checks_located_lines_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(_repo.REPO)  # paths read as in the corpus' expected file
    ref = tmp_path / "cases.csv"
    ref.write_text(_repo.SET, encoding="utf-8")
    result = run("reference", "import", str(CORPUS.relative_to(_repo.REPO) / "data" / "reference.csv"), "--set",
                 str(ref))
    assert result.exit_code == 1
    expected = (CORPUS / "expected_error.txt").read_text(encoding="utf-8").splitlines()
    problems = [line for line in expected if line.startswith("tests/")]
    assert result.stderr.splitlines() == problems + ["5 error(s), 1 warning(s); nothing was written."]
    assert ref.read_text(encoding="utf-8") == _repo.SET


def test_add_refuses_a_case_without_consent(tmp_path):
    cases = _repo.make(tmp_path)
    result = run("reference", "add", str(cases / "demo"))
    assert result.exit_code == 1
    assert result.stderr == ("error: demo has no benchmark consent: set benchmark.consent: true in case.yaml once the "
                             "client has agreed that its anonymised profile joins the reference set\n")


def test_add_refuses_a_case_without_a_final_version(tmp_path):
    cases = _repo.make(tmp_path)
    result = run("reference", "add", str(cases / "finished"))
    assert result.exit_code == 1
    final = (cases / "finished").resolve() / "releases" / "final"
    assert result.stderr == (f"error: finished has no published final version ({final} is missing): publish the "
                             "final first; only a final version feeds the reference set\n")


def test_check_all_reports_cases_the_set_an_older_set_and_a_waiting_draft(tmp_path, monkeypatch):
    cases = tmp_path / "cases"
    (cases / "_reference").mkdir(parents=True)
    (cases / "_reference" / "cases.csv").write_text(_repo.SET + "REF-07,J,1000-5000,2020,organic,,,,,,\n",
                                                    encoding="utf-8")
    demo = _repo.demo(cases)
    release = demo / "releases" / "draft-2"
    release.mkdir(parents=True)
    (release / "release.json").write_text(json.dumps(
        {"version": "draft-2", "title": "Draft 2", "status": "draft", "round": 2, "date": "2026-01-05",
         "provenance": {"reference_set": {"sha256": "0" * 64}}}), encoding="utf-8")
    (release / "findings.json").write_text('{"findings": {}}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("check", "--all", "cases", "--out", str(tmp_path / "build"), "--stale-days", "30")
    assert result.exit_code == 1, result.output
    ref = os.path.join("cases", "_reference", "cases.csv")
    lines = result.stderr.splitlines()
    assert f"{ref}:8:size_band: expected one of ['<250', '250-999', '1000-4999', '>=5000'], got '1000-5000' (or " \
           "declare it under vocabularies.size_band)" in lines
    assert "cases/demo: not valid." in lines  # it benchmarks against the same broken set
    older = [line for line in lines if "older benchmark set" in line]
    assert len(older) == 1 and older[0].startswith("cases/demo/case.yaml: warning: draft-2 was built against an older "
                                                   "benchmark set (000000000000; current ")
    assert any(line.startswith("cases/demo/case.yaml: warning: draft-2 was published ") and
               line.endswith("days ago (2026-01-05) and has no feedback item for round 2 yet (more than 30 days)")
               for line in lines)
    assert lines[-1] == "1 cases, 1 not valid; 3 portfolio note(s)."


def _fake_final(case: Path) -> None:
    """What `smaa publish` of the final leaves in releases/ and what `reference add` reads (no build: fast)."""
    final = case / "releases" / "final"
    final.mkdir(parents=True)
    (final / "case.yaml").write_text((case / "case.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (final / "release.json").write_text(json.dumps({"version": "final", "title": "Final", "status": "final",
                                                    "round": 3, "date": "2026-05-04"}), encoding="utf-8")
    (final / "findings.json").write_text('{"findings": {"diffusion.company.hdi": {"value": 0.5}}}', encoding="utf-8")


def test_a_consenting_final_is_offered_once_and_added_once(tmp_path, capsys):
    from smaa_build.cli.portfolio import offer_reference

    cases = _repo.make(tmp_path)
    finished = cases / "finished"
    _fake_final(finished)
    offer_reference(cases / "demo", "final")  # no consent
    offer_reference(finished, "draft-2")  # not a final
    assert capsys.readouterr().out == ""
    offer_reference(finished, "final")
    assert capsys.readouterr().out == (f"The client consented to the benchmark: `smaa reference add {finished}` adds "
                                       "this final's anonymised profile to the reference set.\n")
    added = run("reference", "add", str(finished))
    assert added.exit_code == 0, added.output
    assert added.stdout.startswith(f"Added REF-07 to {cases / '_reference' / 'cases.csv'} (as given); set ")
    offer_reference(finished, "final")
    assert capsys.readouterr().out == ""  # already in the set
    again = run("reference", "add", str(finished))
    assert again.exit_code == 1 and again.stderr.startswith("error: finished is already in the reference set as "
                                                            "REF-07 (")
