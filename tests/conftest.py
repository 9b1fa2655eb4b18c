"""Shared fixtures. `--update-golden` rewrites tests/golden/ instead of comparing against it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline (CI shares 2 cores; a slow example is not a failure) and a fixed example stream,
# so a red run can be replayed exactly. Tests that set their own @settings inherit both.
settings.register_profile("smaa", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("smaa")

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("SMAA_GIT_REVISION", "test")  # provenance must not vary with the checkout
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def story_case(tmp_path) -> tuple[Path, Path]:
    """A copy of tests/cases/minimal whose home page has a narrative file, for live-preview tests: (case, story)."""
    import shutil

    case = tmp_path / "case"
    shutil.copytree(REPO / "tests" / "cases" / "minimal", case)
    (case / "text").mkdir(exist_ok=True)
    story = case / "text" / "summary.md"
    story.write_text("First version of the summary.\n")
    spec = case / "case.yaml"
    spec.write_text(spec.read_text() + "\nnarrative: {home: text/summary.md}\n")
    return case, story
