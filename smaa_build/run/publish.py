"""`smaa publish`: freeze the current build as an immutable version (draft-<round> or final) in mike's model, with
its release snapshot in the case's releases/ folder (the site stage's work: site/publish.py).

The case is read and validated once and prepared once; the version's site is built once; with downloads, its PDF
and deck are rendered once (and kept for a later `smaa export` of the same findings); the release snapshot keeps
the narrative as prepare() rendered it. A refusal (an existing version, a machine that cannot write the PDF) comes
before any work."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import releases, staging
from ..site.lock import timeout_from
from ..site.publish import (build_version, deploy_version, download_links, refuse_existing, remove_stale_staging,
                            snapshot_files, target_for, version_url, wants_downloads)
from ..site.versions import LATEST, check_name
from ..version_names import title_of
from .build import load, prepare
from .export import export_cache


@dataclass
class PublishResult:
    case_id: str
    version: str
    title: str
    where: str
    latest: str
    versions: list[str]
    release: Path
    superseded: list[str] = field(default_factory=list)
    warnings: list = field(default_factory=list)


def add_downloads(prep, out_root: Path, name: str, progress):
    """The callback that writes the version's PDF and deck into its site (rendered once, kept for `smaa export`)."""
    from ..export import DECK_NAME, PDF_NAME, deliver

    def write(site_dir: Path) -> None:
        progress("writing the report PDF and the manager deck for the downloads")
        deliver(site_dir.parent, prep.spec, site_dir / "downloads", [PDF_NAME, DECK_NAME],
                export_cache(out_root, prep.case_id), f"smaa publish ({name})", progress)
    return write


def publish(case_path: Path, *, target: Path | None = None, branch: str | None = None, force: bool = False,
            version: str | None = None, site_url: str | None = None, out_root: Path = Path("build"),
            strict: bool = False, progress=lambda step: None, downloads: bool | None = False,
            lock_timeout: float | None = None) -> PublishResult:
    """`lock_timeout`: seconds to wait for another publish into the same target (None: SMAA_PUBLISH_LOCK_TIMEOUT
    or 60, see site/lock.py)."""
    loaded = load(case_path, strict, refuse_template_text=True)
    spec, case_dir = loaded.spec, loaded.spec_path.parent
    case_id = loaded.settings.engagement.id
    name = check_name(version or loaded.settings.report.version)
    dest = target_for(case_dir, case_id, target, branch)
    lock_timeout = timeout_from() if lock_timeout is None else lock_timeout  # a bad setting is refused up front
    out_root = Path(out_root).resolve()
    remove_stale_staging(out_root, case_dir, case_id)
    refuse_existing(dest, case_dir, name, force)  # before any work: a refusal changes nothing
    downloads = wants_downloads(spec, downloads)
    if downloads:
        from ..export import DECK_NAME, PDF_NAME, load_weasyprint

        load_weasyprint()  # a machine that cannot write the PDF says so before anything is built

    prep = prepare(case_path, out_root, strict, progress, loaded=loaded)
    work = staging.make(prep.out_dir.parent, f".{prep.out_dir.name}-publish-")
    staged = None
    try:
        progress(f"building {name} (mkdocs --strict)")
        links = download_links(case_id, loaded.settings.report.version, PDF_NAME, DECK_NAME) if downloads else None
        site_dir = build_version(prep, work, version_url(site_url, case_id, name), links,
                                 add_downloads(prep, out_root, name, progress))
        staged = releases.stage(case_dir, snapshot_files(prep, case_dir, name))
        superseded, versions = deploy_version(dest, case_dir, name, prep.settings.report, site_dir, staged, force,
                                              lock_timeout, progress)
        staged = None
    finally:
        shutil.rmtree(work, ignore_errors=True)
        releases.discard(staged)
    return PublishResult(case_id, name, title_of(name), dest.describe(name), versions.alias_target(LATEST) or name,
                         versions.names(), releases.releases_dir(case_dir) / name, superseded, prep.warnings)
