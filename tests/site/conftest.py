"""Fixtures for publishing tests: the scripted three-round engagement (see _three_rounds.py), published once per
module into a folder target, and byte snapshots of folders."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

import _three_rounds as rounds_script


@dataclass
class Published:
    root: Path  # holds case/, public/ and build/
    case: Path
    target: Path

    @property
    def site(self) -> Path:
        return self.target / rounds_script.CASE_ID

    @property
    def out_root(self) -> Path:
        return self.root / "build"

    def copy(self, dst: Path) -> "Published":
        for name in ("case", "public", "build"):
            shutil.copytree(self.root / name, dst / name, symlinks=True)
        return Published(dst, dst / "case", dst / "public")


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Published:
    root = tmp_path_factory.mktemp("rounds")
    with pytest.MonkeyPatch.context() as mp:
        case = rounds_script.engagement(root, root / "public", mp)
    return Published(root, case, root / "public")


@pytest.fixture
def pinned(monkeypatch):
    """The scripted engagement's analyses (engagement + stub), for tests that publish again."""
    monkeypatch.setattr("smaa_build.analyses.REGISTRY", rounds_script.registry())

