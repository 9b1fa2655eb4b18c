"""`smaa publish`: freeze the current build as an immutable version (draft-<round> or final) in mike's model,
and record its release snapshot in the case's releases/ folder.

Order of work, so that a failure at any step leaves the deployment and the releases as they were:
refuse an existing version (unless forced) → build in a staging folder → stage the release snapshot →
take the target's lock and refuse again (another publish may have deployed it meanwhile) → deploy in one step
(folder swap or one git commit) → rename the snapshot into place → release the lock.

A run killed half-way (SIGKILL, power cut) leaves its staging folders behind; every publish first removes those
of runs that are no longer running (staging.py), and the deployment step puts back a folder target that a killed
swap left without its case folder (deploy.FolderTarget.recover)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import findings as F
from .. import releases, staging
from ..errors import SiteError
from ..spec.placeholders import refuse_placeholders
from ..spec import load_spec, spec_file
from ..spec.paths import display_path
from ..version_names import title_of, version_name
from .build import build_site, dump_config
from .deploy import BranchTarget, FolderTarget
from .encrypt import is_encrypted, protect_site
from .lock import timeout_from
from .versions import LATEST, add_root_to_sitemap, check_name, entry_for, gzip_bytes, versioned_config

DEFAULT_TARGET = Path("public")
DOWNLOADS = "downloads"
# Stands in for the real address when none is given: material's version selector only compares sitemap paths
# (it swaps in the page's own scheme and host), and .invalid can never resolve (RFC 2606).
PLACEHOLDER_URL = "https://report.invalid/"


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


def version_url(base: str | None, case_id: str, version: str) -> str:
    return (base or PLACEHOLDER_URL).rstrip("/") + f"/{case_id}/{version}/"


def target_for(case_dir: Path, case_id: str, target: Path | None, branch: str | None):
    if target is not None and branch:
        raise SiteError("give either --target DIR or --branch NAME, not both")
    if branch:
        return BranchTarget(case_dir, branch, case_id)
    return FolderTarget(target if target is not None else DEFAULT_TARGET, case_id)


def refuse_existing(dest, case_dir: Path, version: str, force: bool) -> None:
    where = []
    if dest.has(version):
        where.append(f"deployed at {dest.describe(version)}")
    snapshot = releases.releases_dir(case_dir) / version
    if snapshot.exists():
        where.append(f"its release snapshot is {display_path(snapshot)}")
    if where and not force:
        raise SiteError(
            f"version {version!r} is already published ({'; '.join(where)}). A published version is never "
            "overwritten: the client may have read it. To publish the next round, raise report.round (or set "
            "report.status: final) in case.yaml; to replace it anyway, run again with --force (the earlier "
            f"copy is kept under {releases.SUPERSEDED}/ next to it). Nothing was changed.")


def build_version(prep, staging: Path, url: str, downloads: bool = False, progress=lambda step: None) -> Path:
    """The prepared pages built as a published version: mike's version selector and outdated banner on; with
    `downloads`, the version's PDF and deck in downloads/ and linked from its home page."""
    prep.tree.write(staging)
    config_file = staging / "mkdocs.yml"
    config = versioned_config(yaml.safe_load(config_file.read_text(encoding="utf-8")), url)
    if downloads:
        config["extra"]["smaa"]["downloads"] = download_links(prep.spec, config["extra"]["smaa"]["version"])
    config_file.write_text(dump_config(config), encoding="utf-8")
    build_site(config_file, staging / "site")
    if downloads:
        from ..export import write_downloads

        write_downloads(staging, prep.spec, staging / "site" / DOWNLOADS, progress)
    sitemap = staging / "site" / "sitemap.xml"
    if sitemap.is_file():
        text = add_root_to_sitemap(sitemap.read_text(encoding="utf-8"), url)
        sitemap.write_text(text, encoding="utf-8")
        (staging / "site" / "sitemap.xml.gz").write_bytes(gzip_bytes(text.encode("utf-8")))
    protect_site(prep.spec, staging / "site")  # report.privacy: encrypted; nothing in host-auth
    return staging / "site"


def download_links(spec: dict, version: str) -> dict:
    """Where the theme links the deliverables, and the file names a browser saves them under."""
    from ..export import DECK_NAME, PDF_NAME

    stem = f"{spec['engagement']['id']}-{version}"
    return {"pdf": f"{DOWNLOADS}/{PDF_NAME}", "pdf_name": f"{stem}-report.pdf",
            "deck": f"{DOWNLOADS}/{DECK_NAME}", "deck_name": f"{stem}-deck.pptx"}


def wants_downloads(spec: dict, downloads: bool | None) -> bool:
    """None: offer them unless the site is encrypted (a PDF next to encrypted pages would be served in clear)."""
    encrypted = is_encrypted(spec)
    if downloads and encrypted:
        raise SiteError("report.privacy is encrypted: the PDF and the deck would be served unencrypted next to "
                        "the encrypted pages, so they cannot be published with it; publish with --no-downloads "
                        "and send the files another way. Nothing was changed.")
    return (not encrypted) if downloads is None else bool(downloads)


def snapshot_files(prep, files: dict, case_dir: Path, version: str) -> dict[str, bytes]:
    """The release snapshot of this build: findings.json as built, narrative as written and as shown."""
    from ..pages.base import narrative

    findings_json = prep.tree.files["findings.json"].decode("utf-8")
    fs = F.from_dict(json.loads(findings_json))
    shown, problems = narrative.load(files, fs, int(prep.spec["report"]["k_min"]), display_path)
    if problems:  # prepare() has already refused these; kept so a snapshot can never hold a broken text
        raise SiteError("\n".join(str(p) for p in problems))
    sources = {name.split(":", 1)[1]: (path.relative_to(case_dir).as_posix(), path.read_text(encoding="utf-8-sig"))
               for name, path in files.items() if name.startswith("narrative:")}
    return releases.release_files(prep.spec, spec_file(case_dir), version, findings_json, sources, shown,
                                  fs.meta.get("provenance", {}))


def remove_stale_staging(out_root: Path, case_dir: Path, case_id: str) -> None:
    """Staging folders of killed runs: the build (pages in clear, even for an encrypted case) and the release
    snapshot. Folders of runs still going, e.g. a publish of the same case into another target, are kept."""
    staging.remove_stale(out_root, f".{case_id}-publish-")
    staging.remove_stale(releases.releases_dir(case_dir), releases.STAGING)


def publish(case_path: Path, *, target: Path | None = None, branch: str | None = None, force: bool = False,
            version: str | None = None, site_url: str | None = None, out_root: Path = Path("build"),
            strict: bool = False, progress=lambda step: None, downloads: bool | None = False,
            lock_timeout: float | None = None) -> PublishResult:
    """`lock_timeout`: seconds to wait for another publish into the same target (None: SMAA_PUBLISH_LOCK_TIMEOUT
    or 60, see site/lock.py)."""
    from ..run.build import prepare

    spec, files, _ = load_spec(case_path, strict)
    refuse_placeholders(spec, files, spec_file(case_path).resolve())  # template text never reaches a client
    case_dir = spec_file(case_path).resolve().parent
    case_id = spec["engagement"]["id"]
    name = check_name(version or version_name(spec))
    dest = target_for(case_dir, case_id, target, branch)
    lock_timeout = timeout_from() if lock_timeout is None else lock_timeout  # a bad setting is refused up front
    remove_stale_staging(Path(out_root).resolve(), case_dir, case_id)
    refuse_existing(dest, case_dir, name, force)  # before any work: a refusal changes nothing
    downloads = wants_downloads(spec, downloads)
    if downloads:
        from ..export import load_weasyprint

        load_weasyprint()  # a machine that cannot write the PDF says so before anything is built

    prep = prepare(case_path, Path(out_root).resolve(), strict, progress)
    work = staging.make(prep.out_dir.parent, f".{prep.out_dir.name}-publish-")
    staged = None
    try:
        progress(f"building {name} (mkdocs --strict)")
        site_dir = build_version(prep, work, version_url(site_url, case_id, name), downloads, progress)
        staged = releases.stage(case_dir, snapshot_files(prep, files, case_dir, name))
        with dest.lock(lock_timeout, progress):
            refuse_existing(dest, case_dir, name, force)  # a publish that held the lock may have deployed it
            progress(f"deploying {name} to {dest.describe()}")
            with dest.deploying(entry_for(name, prep.spec), site_dir) as replaced:  # undone if the install fails
                superseded = [replaced, releases.install(case_dir, name, staged)]
            versions = dest.versions()  # as this publish left them: the next one may be waiting for the lock
        staged = None
    finally:
        shutil.rmtree(work, ignore_errors=True)
        releases.discard(staged)
    return PublishResult(case_id, name, title_of(name), dest.describe(name), versions.alias_target(LATEST) or name,
                         versions.names(), releases.releases_dir(case_dir) / name,
                         [str(s) for s in superseded if s], prep.warnings)
