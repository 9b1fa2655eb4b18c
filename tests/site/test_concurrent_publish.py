"""Publishes into one target at the same moment, as real `smaa publish` processes (issue 11, item 5): 20 pairs,
two different versions at once or the same version twice at once. No version is lost (versions.json, the version
folders and the release snapshots agree after every pair), the same version is never published twice without
--force, and a publish that cannot take the target's lock waits, then refuses with a clear message and changes
nothing. The lock dies with the process holding it, even on SIGKILL."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _targets import CASE_ID, inconsistencies, leftovers, listed
from smaa_build.errors import SiteError
from smaa_build.run.build import build
from smaa_build.run.publish import publish as publish_version
from smaa_build.site import publish as publish_mod

REPO = Path(__file__).resolve().parents[2]
MINIMAL = REPO / "tests" / "cases" / "minimal"
PAIRS = 20
SAME_EVERY = 4  # pairs 3, 7, 11, …: both processes publish the same version
# holds a target's lock from another process until killed
HOLDER = ("import sys, time\nfrom filelock import FileLock\nlock = FileLock(sys.argv[1], thread_local=False)\n"
          "lock.acquire()\nprint('held', flush=True)\ntime.sleep(600)\n")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("concurrent")
    shutil.copytree(MINIMAL, root / "case")
    build(root / "case", root / "build")  # warms the findings cache, and gives the site the pair workers copy
    shutil.copytree(root / "build" / CASE_ID / "site", root / "prebuilt")
    return root


def smaa(root: Path, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "smaa_build", *args], cwd=root, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **env})


def publish(root: Path, version: str, *more: str, **env: str) -> subprocess.Popen:
    return smaa(root, "publish", "case", "--target", "public", "--out", "build", "--version", version,
                "--no-downloads", *more, **env)


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    _, err = proc.communicate(timeout=600)
    return proc.returncode, err


def already_published(root: Path, version: str) -> str:
    return (f"error: version {version!r} is already published (deployed at {root / 'public' / CASE_ID / version}; "
            f"its release snapshot is case/releases/{version}). A published version is never overwritten: the "
            "client may have read it. To publish the next round, raise report.round (or set report.status: final) "
            "in case.yaml; to replace it anyway, run again with --force (the earlier copy is kept under "
            ".superseded/ next to it). Nothing was changed.")


def lost_versions(root: Path, published: set[str]) -> dict[str, list[str]]:
    """Every way a version can be lost or half there; all lists empty when the target is consistent."""
    names = set(listed(root))
    snapshots = {p.name for p in (root / "case" / "releases").iterdir()}
    return {"not listed": sorted(published - names), **inconsistencies(root),
            "release snapshot missing": sorted(published - snapshots),
            "snapshot of no version": sorted(snapshots - published)}


def pair_versions(i: int) -> list[str]:
    return [f"p{i}-same"] * 2 if i % SAME_EVERY == SAME_EVERY - 1 else [f"p{i}-a", f"p{i}-b"]


def publish_in_child(root: Path, version: str, barrier, results) -> None:
    """One publish in a forked process, started with its partner through `barrier`. mkdocs is replaced by a copy
    of the site it built once, so that 20 pairs take seconds; everything after it (release snapshot, lock,
    refusal, deployment) runs for real."""
    publish_mod.build_site = lambda config, site, cache=None: shutil.copytree(root / "prebuilt", site)
    os.chdir(root)
    barrier.wait(timeout=60)
    try:
        publish_version(Path("case"), target=Path("public"), out_root=Path("build"), version=version,
                        downloads=False)
        results.put((version, 0, ""))
    except SiteError as exc:
        results.put((version, 1, f"error: {exc}"))


def run_pair(root: Path, versions: list[str]) -> list[tuple[str, int, str]]:
    ctx = multiprocessing.get_context("fork")  # the children start with smaa already imported
    barrier, results = ctx.Barrier(len(versions)), ctx.Queue()
    procs = [ctx.Process(target=publish_in_child, args=(root, v, barrier, results)) for v in versions]
    for p in procs:
        p.start()
    out = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert [p.exitcode for p in procs] == [0] * len(procs)
    return out


@pytest.mark.slow
def test_twenty_concurrent_pairs_lose_no_version(workspace):
    root, published, lost, t0 = workspace, set(), 0, time.perf_counter()
    for i in range(PAIRS):
        versions = pair_versions(i)
        results = run_pair(root, versions)
        ok = sorted(v for v, code, _ in results if code == 0)
        published |= set(ok)
        if versions[0] == versions[1]:  # exactly one wins; the other waits for the lock, then refuses
            assert sorted(code for _, code, _ in results) == [0, 1], results
            assert next(err for _, code, err in results if code == 1) == already_published(root, versions[0])
        else:
            assert ok == versions, results
        problems = lost_versions(root, published)
        lost += len(problems["not listed"]) + len(problems["listed, folder missing"])
        assert problems == dict.fromkeys(problems, []), f"pair {i}: {problems}"
        assert leftovers(root) == []
    assert not (root / "public" / CASE_ID / ".superseded").exists()  # nothing was overwritten without --force
    assert not (root / "case" / "releases" / ".superseded").exists()
    print(f"\n{PAIRS} concurrent pairs, {len(published)} versions published, {lost} lost, "
          f"{time.perf_counter() - t0:.0f} s")


def test_a_publish_waits_for_the_lock_then_refuses_and_the_lock_dies_with_its_holder(workspace, tmp_path):
    root = tmp_path
    shutil.copytree(workspace / "case", root / "case", ignore=shutil.ignore_patterns("releases"))
    shutil.copytree(workspace / "build", root / "build")
    (root / "public").mkdir()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(root / "public" / ".smaa-publish.lock")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        code, err = finish(publish(root, "waited", SMAA_PUBLISH_LOCK_TIMEOUT="1"))
        assert code == 1
        assert err.splitlines()[-1] == (
            "error: another publish into public/ is running (lock public/.smaa-publish.lock still held after "
            "waiting 1 s); try again when it ends, or wait longer with SMAA_PUBLISH_LOCK_TIMEOUT=<seconds>. "
            "Nothing was changed.")
        assert "  waiting for another publish into public/ to end (at most 1 s) …" in err.splitlines()
        assert sorted(p.name for p in (root / "public").iterdir()) == [".smaa-publish.lock"]
        assert not (root / "case" / "releases").exists() and leftovers(root) == []
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    code, err = finish(publish(root, "after", SMAA_PUBLISH_LOCK_TIMEOUT="1"))  # the killed holder's lock is gone
    assert code == 0, err
    assert listed(root) == ["after"]


def test_a_lock_timeout_that_is_not_a_number_is_refused(workspace, tmp_path):
    code, err = finish(publish(workspace, "never", SMAA_PUBLISH_LOCK_TIMEOUT="soon"))
    assert code == 1
    assert err.splitlines()[-1] == ("error: SMAA_PUBLISH_LOCK_TIMEOUT='soon' is not a number of seconds (0 or "
                                    "more); unset it to wait the default 60 s. Nothing was changed.")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def test_a_git_branch_target_is_locked_in_the_repository(workspace, tmp_path, monkeypatch):
    for name in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(name, "t")
    for name in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(name, "t@example.invalid")
    repo = tmp_path
    _git(repo, "init", "-q", "-b", "main")
    shutil.copytree(workspace / "case", repo / "case", ignore=shutil.ignore_patterns("releases"))
    shutil.copytree(workspace / "build", repo / "build")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(repo / ".git" / "smaa-publish-site%2Fv1.lock")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        proc = smaa(repo, "publish", "case", "--branch", "site/v1", "--out", "build", "--no-downloads",
                    SMAA_PUBLISH_LOCK_TIMEOUT="0")
        code, err = finish(proc)
        assert code == 1
        assert err.splitlines()[-1] == (
            "error: another publish into branch 'site/v1' is running (lock .git/smaa-publish-site%2Fv1.lock still "
            "held after waiting 0 s); try again when it ends, or wait longer with SMAA_PUBLISH_LOCK_TIMEOUT="
            "<seconds>. Nothing was changed.")
        assert _git(repo, "branch", "--list", "site/v1") == ""
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    proc = smaa(repo, "publish", "case", "--branch", "site/v1", "--out", "build", "--no-downloads")
    code, err = finish(proc)
    assert code == 0, err
    assert f"{CASE_ID}/draft-1/index.html" in _git(repo, "ls-tree", "-r", "--name-only", "site/v1").split()
