"""The two publish targets, one deployment model (site/versions.py): a folder to sync to a host, or a git branch
written with mike's git plumbing (deploy prefix = case id). Both change everything in one step or nothing:
the folder is rebuilt beside the live one (hard links for the untouched versions) and swapped in with two
renames; the branch gets one commit, written only when every file is in. `deploying()` is a context manager:
if its body fails (the release snapshot could not be installed), the previous deployment is put back.
Call `deploying()` only while holding the target's `lock()` (site/lock.py): two deployments composed from the
same live tree would each drop the other's version."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

from .. import staging
from ..errors import SiteError
from ..releases import next_superseded
from ..spec.paths import display_path
from .lock import FOLDER_LOCK, holding
from .versions import LATEST, Entry, Versions, alias_pages, root_redirect, site_language

VERSIONS_FILE = "versions.json"
# <root>/.<case-id>-publish-<pid>-<random>: where a folder deployment is composed (see staging.py)
STAGE = re.compile(r"\.([A-Za-z0-9][A-Za-z0-9_-]*)-publish-" + staging.TAIL)


def html_pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)  # untouched versions share their bytes with the live tree; nothing writes in place
    except OSError:
        shutil.copy2(src, dst)


def _write(path: Path, text: str) -> None:
    """Replace a file without writing through a hard link shared with the live tree."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    path.write_text(text, encoding="utf-8")


class FolderTarget:
    """<root>/<case>/ holding versions.json, index.html, one folder per version and the latest/ redirects."""

    def __init__(self, root: Path, case_id: str):
        self.root, self.case_id = Path(root).resolve(), case_id
        self.case_dir = self.root / case_id

    def describe(self, version: str = "") -> str:
        return str(self.case_dir / version) if version else str(self.case_dir)

    def versions(self) -> Versions:
        path = self.case_dir / VERSIONS_FILE
        return Versions.loads(path.read_text(encoding="utf-8") if path.is_file() else None, str(path))

    def has(self, version: str) -> bool:
        return version in self.versions().names() or (self.case_dir / version).exists()

    def lock(self, timeout: float | None = None, progress=lambda step: None):
        return holding(self.root / FOLDER_LOCK, display_path(self.root) + "/", timeout, progress)

    def recover(self) -> None:
        """Under the lock: clear what killed publishes into this root left. One killed between the two renames of
        its swap (or of its roll-back) left its case folder missing and the previous tree in <stage>/old, which
        goes back into place; every other stage is only removed."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.iterdir()):
            found = STAGE.fullmatch(path.name)
            if not found or not path.is_dir() or staging.alive(int(found.group(2))):
                continue
            live, old = self.root / found.group(1), path / "old"
            if not live.exists() and old.is_dir():
                os.replace(old, live)
            shutil.rmtree(path, ignore_errors=True)

    @contextlib.contextmanager
    def deploying(self, entry: Entry, site_dir: Path):
        """Swap the new tree in and yield where a replaced version went; if the body raises (e.g. the release
        snapshot cannot be installed), the previous tree is swapped back."""
        self.recover()
        stage = staging.make(self.root, f".{self.case_id}-publish-")
        try:
            new = stage / "new"
            if self.case_dir.exists():
                shutil.copytree(self.case_dir, new, symlinks=True, copy_function=_link_or_copy)
            else:
                new.mkdir()
            superseded = self._compose(new, entry, site_dir)
            had = self._swap(new, stage / "old")
            try:
                yield superseded
            except BaseException:
                self._restore(stage, had)
                raise
        finally:
            shutil.rmtree(stage, ignore_errors=True)

    def _compose(self, new: Path, entry: Entry, site_dir: Path) -> str | None:
        superseded = None
        if (new / entry.version).exists():  # a forced re-publish: the earlier content stays, out of the way
            moved = next_superseded(new, entry.version)
            moved.parent.mkdir(parents=True, exist_ok=True)
            os.replace(new / entry.version, moved)
            superseded = str(self.case_dir / moved.relative_to(new))
        shutil.copytree(site_dir, new / entry.version)
        versions = Versions.loads((new / VERSIONS_FILE).read_text(encoding="utf-8")
                                  if (new / VERSIONS_FILE).is_file() else None).with_entry(entry)
        latest = versions.alias_target(LATEST)
        shutil.rmtree(new / LATEST, ignore_errors=True)
        lang = site_language(site_dir)  # the redirect pages speak the case's language
        for rel, text in alias_pages(latest, html_pages(new / latest), lang=lang).items():
            _write(new / rel, text)
        _write(new / VERSIONS_FILE, versions.dumps())
        _write(new / "index.html", root_redirect(lang=lang))
        return superseded

    def _swap(self, new: Path, old: Path) -> bool:
        """Two renames; if the second fails the first is undone, so the live folder is never left missing."""
        had = self.case_dir.exists()
        if had:
            os.replace(self.case_dir, old)
        try:
            os.replace(new, self.case_dir)
        except BaseException:
            if had:
                os.replace(old, self.case_dir)
            raise
        return had

    def _restore(self, stage: Path, had: bool) -> None:
        os.replace(self.case_dir, stage / "failed")
        if had:
            os.replace(stage / "old", self.case_dir)


def git_toplevel(path: Path) -> Path:
    out = subprocess.run(["git", "-C", str(path), "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    if out.returncode != 0:
        raise SiteError(f"--branch needs the case to be inside a git repository; {path} is not "
                        f"({out.stderr.strip()}). Use --target DIR to publish to a folder instead.")
    return Path(out.stdout.strip())


class BranchTarget:
    """A git branch (e.g. gh-pages, or one your CI syncs to the host) with <case>/ as mike's deploy prefix.
    A forced re-publish replaces the version in a new commit: the earlier content stays in the branch history."""

    def __init__(self, repo: Path, branch: str, case_id: str):
        self.repo, self.branch, self.case_id = git_toplevel(repo), branch, case_id

    def describe(self, version: str = "") -> str:
        return f"branch {self.branch!r}:{self.case_id}/{version}"

    def lock(self, timeout: float | None = None, progress=lambda step: None):
        out = subprocess.run(["git", "rev-parse", "--git-common-dir"], cwd=self.repo, capture_output=True, text=True)
        git_dir = (self.repo / out.stdout.strip()).resolve()  # shared by every worktree of the repository
        name = f"smaa-publish-{quote(self.branch, safe='')}.lock"  # a/b and a_b stay two locks
        return holding(git_dir / name, f"branch {self.branch!r}", timeout, progress)

    def _git(self):
        from mike import git_utils

        return git_utils

    def versions(self) -> Versions:
        g = self._git()
        with contextlib.chdir(self.repo):
            try:
                text = g.read_file(self.branch, f"{self.case_id}/{VERSIONS_FILE}", universal_newlines=True)
            except g.GitError:
                text = None
        return Versions.loads(text, f"{self.branch}:{self.case_id}/{VERSIONS_FILE}")

    def has(self, version: str) -> bool:
        return version in self.versions().names()

    def _pages_on_branch(self, version: str) -> list[str]:
        out = subprocess.run(["git", "ls-tree", "-r", "--name-only", f"{self.branch}:{self.case_id}/{version}"],
                             cwd=self.repo, capture_output=True, text=True)
        return sorted(p for p in out.stdout.splitlines() if p.endswith(".html"))

    @contextlib.contextmanager
    def deploying(self, entry: Entry, site_dir: Path):
        """One commit on the branch; if the body raises, the branch is reset to where it was."""
        g = self._git()
        replaced = self.has(entry.version)
        with contextlib.chdir(self.repo):
            before = g.get_latest_commit(self.branch) if g.has_branch(self.branch) else None
        self._commit(entry, site_dir, replaced)
        try:
            yield f"the history of branch {self.branch!r}" if replaced else None
        except BaseException:
            with contextlib.chdir(self.repo):
                if before:
                    g.update_ref(self.branch, before)
                else:
                    g.delete_branch(self.branch)
            raise

    def _commit(self, entry: Entry, site_dir: Path, replaced: bool) -> None:
        g = self._git()
        versions = self.versions().with_entry(entry)
        latest = versions.alias_target(LATEST)
        pages = html_pages(site_dir) if latest == entry.version else self._pages_on_branch(latest)
        prefix = self.case_id
        message = f"smaa publish {prefix}/{entry.version}" + (
            f" (replaces the earlier {entry.version}; it stays in this branch's history)" if replaced else "")
        try:
            self._write_commit(g, message, prefix, entry.version, site_dir, latest, pages, versions)
        except g.GitError as exc:
            raise SiteError(f"could not commit to branch {self.branch!r}: {exc}") from None

    def _write_commit(self, g, message, prefix, version, site_dir, latest, pages, versions) -> None:
        # allow_empty: a forced re-publish of identical bytes is still recorded in the branch history
        with contextlib.chdir(self.repo), g.Commit(self.branch, message, allow_empty=True) as commit:
            commit.delete_files([f"{prefix}/{version}", f"{prefix}/{LATEST}"])
            for f in g.walk_real_files(str(site_dir)):
                commit.add_file(f.copy(f"{prefix}/{version}", str(site_dir)))
            lang = site_language(site_dir)  # the redirect pages speak the case's language
            for rel, text in alias_pages(latest, pages, lang=lang).items():
                commit.add_file(g.FileInfo(f"{prefix}/{rel}", text))
            commit.add_file(g.FileInfo(f"{prefix}/{VERSIONS_FILE}", versions.dumps()))
            commit.add_file(g.FileInfo(f"{prefix}/index.html", root_redirect(lang=lang)))
            commit.add_file(g.FileInfo(".nojekyll", ""))
