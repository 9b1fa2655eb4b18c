"""Release snapshots in the source repo: cases/<id>/releases/<version>/ keeps what one published version showed,
so any two versions can be compared without rebuilding either (design.md §6).

    release.json              version, title, status, round, date, k_min, case id, smaa version, provenance
    findings.json             the version's findings.json, byte for byte
    feedback.json             the spec's `feedback:` list as it stood
    case.yaml                 the spec as published
    narrative/source/<s>.md   each narrative file as the researcher wrote it
    narrative/shown/<s>.md    the same with citations filled in, as the reader saw it (what the diff compares)

A snapshot is never overwritten: a forced re-publish moves the old one to releases/.superseded/<version>-<n>/.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

from . import findings as F
from . import staging
from .pages.changes.diff import Snapshot
from .errors import SiteError
from .spec.case import settings
from .version_names import order_key, title_of

RELEASES = "releases"
SUPERSEDED = ".superseded"
STAGING = ".staging-"


def releases_dir(case_dir: Path) -> Path:
    return Path(case_dir) / RELEASES


def _json(data) -> str:
    return json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False, default=str) + "\n"


def release_files(spec: dict, spec_path: Path, version: str, findings_json: str, sources: dict[str, tuple[str, str]],
                  shown: dict[str, str], provenance: dict) -> dict[str, bytes]:
    """Everything a snapshot holds, in memory. `sources`: section -> (path in the case, text as written)."""
    from . import __version__

    case = settings(spec)
    r = case.report
    meta = {"version": version, "title": title_of(version), "case": case.engagement.id, "status": r.status,
            "round": r.round, "date": r.date.isoformat(), "k_min": r.k_min,
            "smaa_version": __version__, "provenance": provenance,
            "narrative": {s: path for s, (path, _) in sorted(sources.items())}}
    files = {"release.json": _json(meta), "findings.json": findings_json,
             "feedback.json": _json(list(case.feedback)),
             "case.yaml": Path(spec_path).read_text(encoding="utf-8-sig")}
    for section, (_, text) in sources.items():
        files[f"narrative/source/{section}.md"] = text
    for section, text in shown.items():
        files[f"narrative/shown/{section}.md"] = text
    return {k: v.encode("utf-8") for k, v in files.items()}


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SiteError(f"{path}: unreadable release snapshot ({exc}); restore it from git, or move the folder "
                        "out of releases/") from None


def read_meta(release: Path) -> dict:
    return _read_json(release / "release.json")


def read_spec(release: Path) -> dict:
    """The published case.yaml with the schema's defaults, as a build reads it, so that What changed can compare
    two versions setting by setting; {} when it cannot be read (the comparison then names no setting)."""
    import yaml
    from cerberus import Validator

    from .spec.schema import SCHEMA

    try:
        raw = yaml.safe_load((release / "case.yaml").read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, yaml.YAMLError):
        return {}
    if not isinstance(raw, dict):
        return {}
    v = Validator(SCHEMA, purge_unknown=True)
    v.validate(raw)
    return v.document or {}


def load(release: Path) -> Snapshot:
    meta = read_meta(release)
    try:
        fs = F.from_dict(_read_json(release / "findings.json"))
    except (KeyError, TypeError, ValueError) as exc:
        raise SiteError(f"{release / 'findings.json'}: not a findings.json smaa can read ({exc})") from None
    shown_dir = release / "narrative" / "shown"
    narrative = {p.stem: p.read_text(encoding="utf-8") for p in sorted(shown_dir.glob("*.md"))}
    return Snapshot(meta["version"], meta.get("title", title_of(meta["version"])),
                    order_key(meta["status"], meta["round"]), meta["date"], fs, narrative,
                    list(_read_json(release / "feedback.json")), int(meta["k_min"]), read_spec(release))


def published(case_dir: Path) -> list[Path]:
    """Release folders (hidden ones — staging, superseded — excluded)."""
    root = releases_dir(case_dir)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")
                  and (p / "release.json").is_file())


def earlier(case_dir: Path, spec: dict, version: str) -> list[Snapshot]:
    """Snapshots of the versions published before this one, newest first; the version being built (same
    name, or the same round and status) is never compared with itself."""
    r = settings(spec).report
    mine = order_key(r.status, r.round)
    snaps = [load(p) for p in published(case_dir)]
    return sorted((s for s in snaps if s.key < mine and s.version != version),
                  key=lambda s: (s.key, s.version), reverse=True)


def next_superseded(parent: Path, name: str) -> Path:
    """parent/.superseded/<name>-<n>, n the first free number from 1."""
    n = 1
    while (parent / SUPERSEDED / f"{name}-{n}").exists():
        n += 1
    return parent / SUPERSEDED / f"{name}-{n}"


def stage(case_dir: Path, files: dict[str, bytes]) -> Path:
    """Write a snapshot into a hidden staging folder inside releases/ (same file system: the install is a rename)."""
    root = releases_dir(case_dir)
    root.mkdir(parents=True, exist_ok=True)
    staged = staging.make(root, STAGING)  # named after this process: a later run removes it if this one is killed
    for rel, data in sorted(files.items()):
        (staged / rel).parent.mkdir(parents=True, exist_ok=True)
        (staged / rel).write_bytes(data)
    return staged


def install(case_dir: Path, version: str, staged: Path) -> Path | None:
    """Rename the staged snapshot into releases/<version>/; an existing one is moved to .superseded first.
    Returns where the old one went, if any."""
    target = releases_dir(case_dir) / version
    old = None
    if target.exists():
        old = next_superseded(target.parent, version)
        old.parent.mkdir(parents=True, exist_ok=True)
        os.replace(target, old)
    try:
        os.replace(staged, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
            with contextlib.suppress(OSError):
                old.parent.rmdir()  # only if this install created it
        raise
    return old


def discard(staged: Path | None) -> None:
    if staged is not None:
        shutil.rmtree(staged, ignore_errors=True)
        parent = staged.parent
        if parent.name == RELEASES and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()  # leave no empty releases/ behind a failed first publish
