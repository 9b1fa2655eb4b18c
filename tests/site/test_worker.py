"""The site worker (site/worker.py): mkdocs in a second process gives the very site mkdocs in this one gives, and
its failures read the same."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from smaa_build.errors import SiteError
from smaa_build.run.build import prepare
from smaa_build.site import worker
from smaa_build.site.mkdocs_run import build_site

REPO = Path(__file__).resolve().parents[2]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    """The minimal case prepared and written out, as build() writes it before mkdocs runs."""
    root = tmp_path_factory.mktemp("worker")
    case = root / "case"
    shutil.copytree(REPO / "tests" / "cases" / "minimal", case)
    prep = prepare(case, root / "build")
    prep.tree.write(root / "staging")
    return root / "staging", prep.cache_dir


def test_the_worker_builds_the_site_this_process_builds(staged, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    staging, cache = staged
    with worker.SiteBuilder(worker=True) as site:
        assert site.proc is not None
        site.build(staging / "mkdocs.yml", tmp_path / "by-worker", cache)
    assert site.proc.returncode == 0
    build_site(staging / "mkdocs.yml", tmp_path / "here", cache)
    assert _tree(tmp_path / "by-worker") == _tree(tmp_path / "here")


def test_a_failed_mkdocs_build_reads_the_same_from_the_worker(staged, tmp_path):
    staging, _ = staged
    broken = tmp_path / "staging"
    shutil.copytree(staging, broken)
    (broken / "docs" / "index.md").write_text("[a page that is not there](nowhere.md)\n")
    with pytest.raises(SiteError) as here:
        build_site(broken / "mkdocs.yml", tmp_path / "here")
    with pytest.raises(SiteError) as there, worker.SiteBuilder(worker=True) as site:
        site.build(broken / "mkdocs.yml", tmp_path / "there")
    assert str(there.value) == str(here.value) and "nowhere.md" in str(here.value)


def test_a_worker_that_died_is_a_bug_not_a_site(staged, tmp_path):
    staging, _ = staged
    with pytest.raises(RuntimeError, match=r"the site worker ended \(exit status -9\)"), \
            worker.SiteBuilder(worker=True) as site:
        site.proc.kill()
        site.proc.wait()
        site.build(staging / "mkdocs.yml", tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_a_command_that_fails_before_the_site_ends_its_worker():
    with pytest.raises(KeyError), worker.SiteBuilder(worker=True) as site:
        proc = site.proc
        raise KeyError("case.yaml refused")
    assert proc.poll() is not None


def test_only_a_process_without_mkdocs_on_a_machine_with_an_idle_core_starts_a_worker(monkeypatch):
    monkeypatch.setattr(worker, "idle_core", lambda: True)
    monkeypatch.setitem(sys.modules, worker.WARM_UP, sys.modules.get(worker.WARM_UP, object()))
    with worker.SiteBuilder() as site:
        assert site.proc is None
    monkeypatch.delitem(sys.modules, worker.WARM_UP)
    with worker.SiteBuilder() as site:
        assert site.proc is not None
    monkeypatch.setattr(worker, "idle_core", lambda: False)
    with worker.SiteBuilder() as site:
        assert site.proc is None


def test_an_idle_core_is_read_from_the_load_average(monkeypatch):
    monkeypatch.setattr(worker.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(worker.os, "getloadavg", lambda: (0.9, 0.0, 0.0))
    assert worker.idle_core()
    monkeypatch.setattr(worker.os, "getloadavg", lambda: (1.2, 0.0, 0.0))
    assert not worker.idle_core()
