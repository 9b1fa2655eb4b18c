"""Every case of tests/cases/invalid/ gives exactly its expected messages and changes nothing on disk.

Each case folder holds `expected_error.txt`, the exact stderr of `smaa check <case>` run from the repo root
(exit 1 when it ends with the "nothing was written." summary, else exit 0: warnings only), and optionally
`expected_error.strict.txt` (same with --strict) and `expected_build_error.txt` (problems of `smaa build`,
progress lines left out). Regenerate them with tests/cases/invalid/make_corpus.py --write-expected, then read
every message before committing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaa_build.cli import main

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "cases" / "invalid"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected_error.txt").is_file())
SUMMARY = "nothing was written."


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def smaa(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def at_repo_root(monkeypatch):
    monkeypatch.chdir(REPO)  # messages name paths relative to the working directory


def run_unchanged(name: str, *args: str):
    """Run `smaa <args>` with CASE standing for the case folder; check it touched neither the folder nor build/."""
    folder = CORPUS / name
    before = snapshot(folder)
    build_dir = REPO / "build" / f"invalid-{name}"
    cache_dir = REPO / "build" / ".cache" / f"invalid-{name}"  # `smaa check` runs the analyses: no cache entry
    existed, cached = build_dir.exists(), cache_dir.exists()
    result = smaa(*[str(folder.relative_to(REPO)) if a == "CASE" else a for a in args])
    assert snapshot(folder) == before, "the case folder changed"
    assert build_dir.exists() == existed, "build output appeared"
    assert cache_dir.exists() == cached, "a cache entry appeared"
    return result


def expected(name: str, which: str) -> str:
    return (CORPUS / name / which).read_text(encoding="utf-8")


def test_corpus_has_every_kind():
    assert len(CASES) >= 30
    assert "_base" not in CASES


def test_base_case_is_valid(at_repo_root):
    result = smaa("check", "tests/cases/invalid/_base")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("name", CASES)
def test_check_reports_exactly_the_expected_problems(name, at_repo_root):
    result = run_unchanged(name, "check", "CASE")
    want = expected(name, "expected_error.txt")
    assert result.stderr == want
    assert result.exit_code == (1 if want.rstrip().endswith(SUMMARY) else 0)


@pytest.mark.parametrize("name", [n for n in CASES if (CORPUS / n / "expected_error.strict.txt").is_file()])
def test_strict_turns_warnings_into_errors(name, at_repo_root):
    result = run_unchanged(name, "check", "--strict", "CASE")
    assert result.stderr == expected(name, "expected_error.strict.txt")
    assert result.exit_code == 1


def test_warning_only_case_passes_without_strict(at_repo_root):
    result = smaa("check", "tests/cases/invalid/unknown-key-outside-strict-blocks")
    assert result.exit_code == 0
    assert "warning: unknown key 'owner'" in result.stderr
    assert "valid" in result.stdout


def test_many_problems_are_reported_together_sorted_by_file_and_line(at_repo_root):
    lines = expected("many-problems", "expected_error.txt").splitlines()[:-2]  # the last two: note and summary
    files = {line.split(":", 1)[0] for line in lines}
    assert len(lines) >= 5 and len(files) == 3
    order = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    assert order == sorted(order)


@pytest.mark.parametrize("name", [n for n in CASES if (CORPUS / n / "expected_build_error.txt").is_file()])
def test_build_time_errors_are_located_and_write_no_report(name, at_repo_root, tmp_path):
    out = tmp_path / "out"
    result = run_unchanged(name, "build", "CASE", f"--out={out}")
    problems = "".join(line for line in result.stderr.splitlines(keepends=True) if not line.startswith("  "))
    assert problems == expected(name, "expected_build_error.txt")
    assert result.exit_code == 1
    assert not out.exists(), sorted(str(p.relative_to(out)) for p in out.rglob("*"))  # not even a cache entry


@pytest.mark.parametrize("name", [n for n in CASES if (CORPUS / n / "expected_publish_error.txt").is_file()])
def test_publish_refusals_are_located_and_publish_nothing(name, at_repo_root, tmp_path):
    target = tmp_path / "public"
    result = run_unchanged(name, "publish", "CASE", f"--target={target}", "--no-downloads")
    problems = "".join(line for line in result.stderr.splitlines(keepends=True) if not line.startswith("  "))
    assert problems == expected(name, "expected_publish_error.txt")
    assert result.exit_code == 1
    assert not target.exists() or not any(target.rglob("*"))


def test_naive_timestamps_pass_once_a_timezone_is_declared(tmp_path, at_repo_root):
    import shutil

    case = tmp_path / "tz"
    shutil.copytree(CORPUS / "naive-timestamps", case)
    spec = case / "case.yaml"
    text = spec.read_text(encoding="utf-8")
    assert text.count("posts: {file: data/posts.csv}") == 1
    spec.write_text(text.replace("posts: {file: data/posts.csv}", "posts: {file: data/posts.csv, "
                                 "timezone: Europe/Rome}"), encoding="utf-8")
    result = smaa("check", str(case))
    assert result.exit_code == 0, result.stderr
    assert "posts 4" in result.stdout


def test_internal_error_keeps_its_traceback(monkeypatch, at_repo_root):
    def boom(*_a, **_k):
        raise RuntimeError("boom")

    monkeypatch.setattr("smaa_build.spec.checks.check_dates", boom)
    with pytest.raises(RuntimeError, match="boom"):
        smaa("check", "tests/cases/invalid/_base")


def test_internal_error_traceback_reaches_the_terminal():
    code = ("import smaa_build.spec.checks as c\n"
            "def boom(*a, **k): raise RuntimeError('boom')\n"
            "c.check_dates = boom\n"
            "from smaa_build.cli import main\n"
            "main(['check', 'tests/cases/invalid/_base'])\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback (most recent call last)" in proc.stderr
    assert "in check_spec" in proc.stderr
    assert proc.stderr.rstrip().endswith("RuntimeError: boom")
    assert SUMMARY not in proc.stderr
