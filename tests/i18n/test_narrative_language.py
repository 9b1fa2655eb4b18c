"""A case may hold its narrative in more than one language (issue 13, item 5): text/it/summary.md next to
text/summary.md, and the build reads the one for engagement.language."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from smaa_build.spec import load_spec

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang,expected", [("it", "text/it/summary.md"), ("nl", "text/summary.md"),
                                           ("en", "text/summary.md")])
def test_the_narrative_in_the_report_language_is_picked(tmp_path, lang, expected):
    case = tmp_path / "case"
    shutil.copytree(REPO / "tests" / "cases" / "minimal", case, ignore=shutil.ignore_patterns("__pycache__"))
    (case / "text" / "it").mkdir(parents=True)
    (case / "text" / "summary.md").write_text("In brief.\n", encoding="utf-8")
    (case / "text" / "it" / "summary.md").write_text("In sintesi.\n", encoding="utf-8")
    spec_file = case / "case.yaml"
    text = spec_file.read_text(encoding="utf-8")
    assert "\nengagement:\n" in text
    text = text.replace("\nengagement:\n", f"\nengagement:\n  language: {lang}\n", 1)
    spec_file.write_text(text + "\nnarrative:\n  home: text/summary.md\n", encoding="utf-8")
    _spec, files, _warnings = load_spec(case)
    assert files["narrative:home"].relative_to(case.resolve()).as_posix() == expected
