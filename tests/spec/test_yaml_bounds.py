"""Issue 11 hardening of the case.yaml loader: alias bombs, oversized and over-deep documents, control
characters and impossible dates or numbers all end in located problems, never a traceback or a killed run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from smaa_build.errors import SpecError
from smaa_build.spec import load_spec
from smaa_build.spec.yamlio import MAX_BYTES, MAX_DEPTH, load_located

REPO = Path(__file__).resolve().parents[2]
BOMB = REPO / "tests" / "cases" / "invalid" / "yaml-alias-bomb"

# Runs `smaa check CASE` in a child limited to LIMIT bytes of address space and prints its stderr, exit code
# and peak resident memory. A fresh wrapper process, so RUSAGE_CHILDREN holds only that one child.
WRAPPER = """
import json, resource, subprocess, sys
limit = int(sys.argv[2])
def cap():
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
run = subprocess.run([sys.executable, "-m", "smaa_build", "check", sys.argv[1]], capture_output=True, text=True,
                     preexec_fn=cap)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"stderr": run.stderr, "code": run.returncode, "peak": peak}))
"""
LIMIT = 512 * 2**20  # address space: enough for Python and smaa's imports, far from the 2.9 GB the bomb took


def located(tmp_path, text: str) -> list[str]:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    loc, problems = load_located(path, "case.yaml")
    return [str(p) for p in problems]


def test_alias_bomb_is_refused_at_the_alias_within_a_memory_limit():
    run = subprocess.run([sys.executable, "-c", WRAPPER, str(BOMB.relative_to(REPO)), str(LIMIT)], cwd=REPO,
                         capture_output=True, text=True, timeout=300, env={"PATH": "/usr/bin:/bin",
                                                                           "OPENBLAS_NUM_THREADS": "1"})
    out = json.loads(run.stdout)
    want = (BOMB / "expected_error.txt").read_text(encoding="utf-8")
    assert (out["stderr"], out["code"]) == (want, 1)
    assert "case.yaml:17:14: expected a case.yaml of at most 100,000 values" in want
    assert out["peak"] < 200 * 2**20, f"peak RSS {out['peak'] / 2**20:.0f} MB"


def nested_anchors(levels: int, width: int) -> str:
    lines = [f"a0: &a0 [{', '.join(['x'] * width)}]\n"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]\n" for i in range(1, levels + 1)]
    return "".join(lines)


def test_aliases_below_the_bound_are_read_as_repeated_values(tmp_path):
    assert located(tmp_path, nested_anchors(3, 9)) == []   # 9**4 values: a generous case.yaml, still fine
    path = tmp_path / "case.yaml"
    loc, _ = load_located(path, "case.yaml")
    assert loc.data["a2"][8] == loc.data["a1"] and len(loc.data["a3"]) == 9


def test_the_alias_that_crosses_the_bound_is_named(tmp_path):
    # level k holds about 1.1 * 10**(k + 1) values: the count passes 100,000 at the last alias of a4's line
    assert located(tmp_path, nested_anchors(6, 10)) == [
        "case.yaml:5:45: expected a case.yaml of at most 100,000 values with its aliases expanded, got more at "
        "alias *a3 (an alias repeats everything its anchor holds, so nested anchors multiply); write the values "
        "out or reuse fewer anchors"]


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path):
    assert located(tmp_path, "a: &x {b: [*x]}\n") == [
        "case.yaml:1:12: expected an alias to a finished anchor, got *x inside &x itself (a value cannot contain "
        "itself)"]


def test_nesting_deeper_than_the_bound(tmp_path):
    text = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    assert located(tmp_path, text) == [
        f"case.yaml:1:{3 + MAX_DEPTH}: expected at most {MAX_DEPTH} levels of nesting, got deeper here; a "
        "case.yaml needs fewer than 10"]


def test_nesting_made_deep_by_aliases(tmp_path):
    deep = "[" * 30 + "x" + "]" * 30
    assert located(tmp_path, f"a: &a {deep}\nb: &b [[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]\n") == [
        "case.yaml:2:31: expected at most 50 levels of nesting with aliases expanded, got deeper at alias *a"]


def test_a_file_past_the_size_bound_is_refused_at_the_line_that_crosses_it(tmp_path):
    line = "# " + "x" * 97 + "\n"  # 100 bytes
    text = "spec_version: 1\n" + line * (MAX_BYTES // 100 + 10)
    assert located(tmp_path, text) == [
        f"case.yaml:{MAX_BYTES // 100 + 1}:1: expected a case.yaml of at most 1,000,000 bytes, got 1,001,016; "
        "the bound is crossed on this line (rows of data belong in the data files under data:)"]


def test_a_control_character_is_located(tmp_path):
    assert located(tmp_path, "a: b\nclient: Acme\x07 S.p.A.\n") == [
        "case.yaml:2:13: expected printable text, got the control character U+0007; delete it (it often comes "
        "with text pasted from another program)"]


@pytest.mark.parametrize("value, reason", [
    ("2026-02-30", "February 2026 has 28 days"),
    ("2024-02-30", "February 2024 has 29 days"),
    ("2026-13-45", "there is no month 13; months run 1–12"),
    ("2026-00-10", "there is no month 0; months run 1–12"),
    ("2026-04-00", "April 2026 has 30 days"),
    ("0000-01-01", "years start at 1"),
    ("2026-03-02 25:00:00", "hour must be in 0..23"),
    ("2026-03-02 10:00:00+24:30", "UTC offsets run from -23:59 to +23:59"),
])
def test_impossible_dates_are_located_with_the_reason(tmp_path, value, reason):
    assert located(tmp_path, f"report:\n  date: {value}\n") == [
        f"case.yaml:2:9: report.date: expected a real calendar date (YYYY-MM-DD), got '{value}' ({reason}); "
        "quote it if it is meant as text"]


@pytest.mark.parametrize("nan", [".nan", ".NaN", ".NAN"])
def test_not_a_number_is_refused_where_it_is_read(tmp_path, nan):
    # Cerberus' min and max let NaN through (every comparison with it is false): value.train_share: .nan passed
    assert located(tmp_path, f"value:\n  train_share: {nan}\n") == [
        f"case.yaml:2:16: value.train_share: expected a number, got '{nan}' (not a number); write the value, or "
        "remove the key for its default"]


@pytest.mark.parametrize("value, shown", [(".inf", "'.inf'"), ("-.Inf", "'-.Inf'"),
                                          ("9" * 309, "'" + "9" * 40 + "…'")])
def test_a_number_no_float_can_hold_is_refused_where_it_is_read(tmp_path, value, shown):
    # found by the fuzz: data.traditional.scale: [1, 999…9] (309 digits) overflowed when the survey values were
    # compared with it; .inf passed every min rule
    assert located(tmp_path, f"value:\n  train_share: {value}\n") == [
        f"case.yaml:2:16: value.train_share: expected a finite number, got {shown} (larger than any setting can "
        "hold); write the value, or remove the key for its default"]


def test_a_date_used_as_a_key_is_located_too(tmp_path):
    assert located(tmp_path, "conventions:\n  2026-02-30: 1\n") == [
        "case.yaml:2:3: expected a real calendar date (YYYY-MM-DD), got '2026-02-30' (February 2026 has 28 days); "
        "quote it if it is meant as text"]


@pytest.mark.parametrize("digits", ["9" * 5000, "0x" + "f" * 3600, "-0x" + "f" * 3600])
def test_a_number_too_long_for_python(tmp_path, digits):
    """Python reads 0x followed by any number of digits, but prints no number of more than 4,300 digits."""
    assert located(tmp_path, "report:\n  round: " + digits + "\n") == [
        "case.yaml:2:10: report.round: expected a whole number of at most 4,300 digits, got a longer one; quote it "
        "if it is meant as text"]


def spec_problems(tmp_path, edits: dict[str, str]) -> list[str]:
    """Problems of load_spec on a copy of the base case with `edits` (old -> new) applied; cwd must be tmp_path."""
    import shutil

    shutil.copytree(REPO / "tests" / "cases" / "invalid" / "_base", tmp_path / "case")
    spec = tmp_path / "case" / "case.yaml"
    text = spec.read_text(encoding="utf-8")
    for old, new in edits.items():
        assert text.count(old) == 1
        text = text.replace(old, new)
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(tmp_path / "case")
    return [str(p) for p in info.value.problems]


def test_every_impossible_date_is_reported_once_and_alone(tmp_path, monkeypatch):
    """Through load_spec: the schema does not add 'expected a date, got text' for the same value."""
    monkeypatch.chdir(tmp_path)
    edits = {"date: 2026-04-10": "date: 2026-02-29", "start: 2026-03-02": "start: 2026-03-32"}
    assert spec_problems(tmp_path, edits) == [
        "case/case.yaml:12:19: engagement.period.start: expected a real calendar date (YYYY-MM-DD), got "
        "'2026-03-32' (March 2026 has 31 days); quote it if it is meant as text",
        "case/case.yaml:17:9: report.date: expected a real calendar date (YYYY-MM-DD), got '2026-02-29' "
        "(February 2026 has 28 days); quote it if it is meant as text"]


def test_a_pasted_paragraph_is_cut_in_the_message(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert spec_problems(tmp_path, {"status: draft": "status: " + "draft " * 40}) == [
        "case/case.yaml:16:11: report.status: expected one of ['draft', 'final'], got 'draft draft draft draft "
        "draft draft draft draft draft draft draft draft draft …"]
