"""`smaa publish` killed with SIGKILL at each phase (issue 11, item 6): while mkdocs builds, while the PDF and the
deck are written, between the two renames of the deployment swap, after the swap before the release snapshot is
installed, and (encrypted) after mkdocs wrote the pages in clear, before they are encrypted. The next publish
removes every staging folder the killed run left, puts back a case folder a killed swap left missing, and leaves
a consistent target: every listed version present with its pages, every version folder listed. In encrypted mode
no page in clear rests anywhere but in a staging folder that the next run removes."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _targets import CASE_ID, inconsistencies, leftovers, listed
from smaa_build import staging
from smaa_build.run.build import prepare

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
CODENAME = b"Wren"  # tests/cases/minimal: on every page of the report, never in an encrypted one
# the codename as a word: four letters also turn up by chance inside the base64 ciphertext of an encrypted page
IN_CLEAR = re.compile(rb"(?<![A-Za-z0-9+/])" + CODENAME + rb"(?![A-Za-z0-9+/=])")
# Runs `smaa publish` and SIGKILLs itself at one exact point of it: the points the test cannot time from outside.
WORKER = """
import os, signal, sys
from smaa_build import releases
from smaa_build.cli import main
from smaa_build.site import encrypt, publish

point, args = sys.argv[1], sys.argv[2:]


def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


if point == "before the pages are encrypted":
    publish.protect_site = die
elif point == "before the build's pages are encrypted":  # smaa build imports it when it runs
    encrypt.protect_site = die
elif point == "between the two renames of the swap":
    real = os.replace

    def replace(src, dst):
        real(src, dst)
        if os.path.basename(os.fspath(dst)) == "old":  # the live case folder has just been moved aside
            die()

    os.replace = replace
elif point == "after the swap, before the release snapshot is installed":
    releases.install = die
main(args, prog_name="smaa")
"""


def make_case(dst: Path, encrypted: bool) -> Path:
    shutil.copytree(REPO / "tests" / "cases" / CASE_ID, dst)
    if encrypted:
        spec = dst / "case.yaml"
        spec.write_text(spec.read_text("utf-8").replace("\nreport:\n", "\nreport:\n  privacy: encrypted\n", 1), "utf-8")
    return dst


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> dict[bool, Path]:
    """Per mode, a case whose findings cache is warm: each scenario copies it and publishes without analysing."""
    roots = {}
    for encrypted in (False, True):
        root = tmp_path_factory.mktemp("encrypted" if encrypted else "clear")
        make_case(root / "case", encrypted)
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("SMAA_SITE_PASSWORD", PASSWORD)
            prepare(root / "case", root / "build")
        roots[encrypted] = root
    return roots


def workspace(warm: dict[bool, Path], tmp_path: Path, encrypted: bool = False) -> Path:
    shutil.copytree(warm[encrypted], tmp_path, dirs_exist_ok=True)
    return tmp_path


def command(version: str, *more: str) -> list[str]:
    return ["publish", "case", "--target", "public", "--out", "build", "--version", version, *more]


def run(root: Path, args: list[str], *, worker: str | None = None) -> subprocess.Popen:
    start = [sys.executable, "-c", WORKER, worker] if worker else [sys.executable, "-m", "smaa_build"]
    return subprocess.Popen(start + args, cwd=root, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "SMAA_SITE_PASSWORD": PASSWORD})


def publish_ok(root: Path, version: str) -> None:
    proc = run(root, command(version, "--no-downloads"))
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err


def kill_at_line(proc: subprocess.Popen, step: str, delay: float) -> None:
    """SIGKILL `proc` `delay` seconds after it reports `step` on stderr (cli._progress: '  <step> …')."""
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.strip().startswith(step):
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return
    raise AssertionError(f"{step!r} never reported; the run said:\n{''.join(seen)}")


def clear_pages(root: Path) -> list[Path]:
    """Files holding the report in clear (the codename is on every page), outside the case folder and the build
    cache, which hold it by design (docs/user-guide/workflow.md, Encrypted mode)."""
    kept = (root / "case", root / "build" / ".cache")
    return sorted(p for p in root.rglob("*") if p.is_file() and not any(p.is_relative_to(k) for k in kept)
                  and IN_CLEAR.search(p.read_bytes()))


def removed_on_next_run(root: Path, path: Path) -> bool:
    """Inside a staging folder of a dead run, which every publish removes first (staging.py)."""
    first = path.relative_to(root / "build").parts[0] if path.is_relative_to(root / "build") else ""
    found = re.fullmatch(rf"\.{CASE_ID}-publish-(\d+)-[a-z0-9_]+", first)
    return bool(found) and not Path(f"/proc/{found.group(1)}").exists()


def assert_recovered(root: Path, expected: list[str]) -> None:
    assert leftovers(root) == []
    assert inconsistencies(root) == {"listed, folder missing": [], "folder not listed": [], "without index.html": []}
    assert listed(root) == sorted(expected)


PHASES = {  # phase -> (the progress step that starts it, seconds from there to the kill)
    "mkdocs build": ("building killed", 0.3),
    "report PDF": ("writing the report PDF …", 0.5),  # the downloads: run/publish.py, then export.deliver
    "manager deck": ("writing the manager deck …", 0.0),
}


@pytest.mark.slow
@pytest.mark.parametrize("phase", list(PHASES))
def test_killed_during_build_or_downloads_the_next_publish_clears_its_staging(warm, tmp_path, phase):
    root = workspace(warm, tmp_path)
    publish_ok(root, "first")
    step, delay = PHASES[phase]
    proc = run(root, command("killed", "--downloads"))
    kill_at_line(proc, step, delay)
    assert proc.returncode == -signal.SIGKILL
    assert [p.split("/")[0] for p in leftovers(root)] == ["build"]  # its build staging folder stayed behind
    assert listed(root) == ["first"]
    publish_ok(root, "next")
    assert_recovered(root, ["first", "next"])


DEPLOY_POINTS = ["between the two renames of the swap", "after the swap, before the release snapshot is installed"]


@pytest.mark.parametrize("point", DEPLOY_POINTS)
def test_killed_while_deploying_the_next_publish_repairs_the_target(warm, tmp_path, point):
    root = workspace(warm, tmp_path)
    publish_ok(root, "first")
    proc = run(root, command("killed", "--no-downloads"), worker=point)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == -signal.SIGKILL, err
    if point == DEPLOY_POINTS[0]:
        assert not (root / "public" / CASE_ID).exists()  # the live folder was moved aside, the new one not yet in
    publish_ok(root, "next")
    # a swap killed half-way never happened; one killed after the swap is deployed, its snapshot is not
    assert_recovered(root, ["first", "next"] if point == DEPLOY_POINTS[0] else ["first", "killed", "next"])
    snapshots = sorted(p.name for p in (root / "case" / "releases").iterdir())
    assert snapshots == ["first", "next"]


@pytest.mark.slow
@pytest.mark.parametrize("point", ["before the pages are encrypted", "between the two renames of the swap"])
def test_encrypted_no_clear_page_outlives_the_next_run(warm, tmp_path, point):
    root = workspace(warm, tmp_path, encrypted=True)
    publish_ok(root, "first")
    assert clear_pages(root) == []
    proc = run(root, command("killed", "--no-downloads"), worker=point)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == -signal.SIGKILL, err
    clear = clear_pages(root)
    if point == "before the pages are encrypted":
        assert [p for p in clear if p.suffix == ".html"]  # mkdocs's pages, in clear: the case this test is for
    assert [p for p in clear if not removed_on_next_run(root, p)] == []
    publish_ok(root, "next")
    assert clear_pages(root) == []
    assert_recovered(root, ["first", "next"])


def test_encrypted_build_killed_before_encryption_leaves_nothing_after_the_next_build(warm, tmp_path):
    root = workspace(warm, tmp_path, encrypted=True)
    build = ["build", "case", "--out", "build"]
    proc = run(root, build, worker="before the build's pages are encrypted")
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == -signal.SIGKILL, err
    left = [p.name for p in (root / "build").iterdir() if staging.owner(p.name, f".{CASE_ID}-")]
    assert len(left) == 1 and [p for p in clear_pages(root) if p.suffix == ".html"]  # mkdocs's pages in clear
    proc = run(root, build)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert sorted(p.name for p in (root / "build").iterdir()) == [".cache", CASE_ID]
    # what a build keeps in clear by design: its Markdown pages and findings (workflow.md, Encrypted mode)
    kept = {p.relative_to(root / "build" / CASE_ID).parts[0] for p in clear_pages(root)}
    assert kept <= {"docs", "findings.json", "mkdocs.yml"} and "site" not in kept


def test_only_the_staging_folders_of_ended_processes_are_removed(tmp_path):
    ended = subprocess.Popen([sys.executable, "-c", ""])
    ended.wait()
    live = tmp_path / f".c-publish-{os.getpid()}-live1234"
    dead = tmp_path / f".c-publish-{ended.pid}-dead1234"
    other_case = tmp_path / f".c-publish-x-publish-{ended.pid}-dead1234"  # case id "c-publish-x": not this one's
    not_staging = tmp_path / ".c-publish-notapid"
    for path in (live, dead, other_case, not_staging):
        path.mkdir()
    assert staging.remove_stale(tmp_path, ".c-publish-") == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (live, other_case, not_staging))
