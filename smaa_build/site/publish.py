"""The site stage of `smaa publish` (sequenced by run/publish.py): a prepared build made into an immutable version
(draft-<round> or final) in mike's model, its release snapshot in the case's releases/ folder, and the deployment.

Order of work, so that a failure at any step leaves the deployment and the releases as they were:
refuse an existing version (unless forced) → build in a staging folder → stage the release snapshot →
take the target's lock and refuse again (another publish may have deployed it meanwhile) → deploy in one step
(folder swap or one git commit) → rename the snapshot into place → release the lock.

A run killed half-way (SIGKILL, power cut) leaves its staging folders behind; every publish first removes those
of runs that are no longer running (staging.py), and the deployment step puts back a folder target that a killed
swap left without its case folder (deploy.FolderTarget.recover)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from .. import releases, staging
from ..errors import SiteError
from ..spec import spec_file
from ..spec.paths import display_path
from .build import build_site, dump_config
from .deploy import BranchTarget, FolderTarget
from .encrypt import is_encrypted, protect_site
from .versions import add_root_to_sitemap, entry_for, gzip_bytes, versioned_config

DEFAULT_TARGET = Path("public")
DOWNLOADS = "downloads"
# Stands in for the real address when none is given: material's version selector only compares sitemap paths
# (it swaps in the page's own scheme and host), and .invalid can never resolve (RFC 2606).
PLACEHOLDER_URL = "https://report.invalid/"


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


def build_version(prep, staging: Path, url: str, downloads: dict | None = None,
                  add_downloads=lambda site_dir: None) -> Path:
    """The prepared pages built as a published version: mike's version selector and outdated banner on; with
    `downloads` (where the theme links them), `add_downloads(site_dir)` writes the files before the site is
    protected."""
    prep.tree.write(staging)
    config_file = staging / "mkdocs.yml"
    config = versioned_config(yaml.safe_load(config_file.read_text(encoding="utf-8")), url)
    if downloads:
        config["extra"]["smaa"]["downloads"] = downloads
    config_file.write_text(dump_config(config), encoding="utf-8")
    build_site(config_file, staging / "site", prep.cache_dir)
    if downloads:
        add_downloads(staging / "site")
    sitemap = staging / "site" / "sitemap.xml"
    if sitemap.is_file():
        text = add_root_to_sitemap(sitemap.read_text(encoding="utf-8"), url)
        sitemap.write_text(text, encoding="utf-8")
        (staging / "site" / "sitemap.xml.gz").write_bytes(gzip_bytes(text.encode("utf-8")))
    protect_site(prep.spec, staging / "site")  # report.privacy: encrypted; nothing in host-auth
    return staging / "site"


def download_links(case_id: str, version: str, pdf_name: str, deck_name: str) -> dict:
    """Where the theme links the deliverables, and the file names a browser saves them under."""
    stem = f"{case_id}-{version}"
    return {"pdf": f"{DOWNLOADS}/{pdf_name}", "pdf_name": f"{stem}-report.pdf",
            "deck": f"{DOWNLOADS}/{deck_name}", "deck_name": f"{stem}-deck.pptx"}


def wants_downloads(spec: dict, downloads: bool | None) -> bool:
    """None: offer them unless the site is encrypted (a PDF next to encrypted pages would be served in clear)."""
    encrypted = is_encrypted(spec)
    if downloads and encrypted:
        raise SiteError("report.privacy is encrypted: the PDF and the deck would be served unencrypted next to "
                        "the encrypted pages, so they cannot be published with it; publish with --no-downloads "
                        "and send the files another way. Nothing was changed.")
    return (not encrypted) if downloads is None else bool(downloads)


def snapshot_files(prep, case_dir: Path, version: str) -> dict[str, bytes]:
    """The release snapshot of this build: findings.json as built, narrative as written and as shown (the very
    text prepare() rendered into the pages)."""
    findings_json = prep.tree.files["findings.json"].decode("utf-8")
    provenance = json.loads(findings_json).get("meta", {}).get("provenance", {})
    sources = {name.split(":", 1)[1]: (path.relative_to(case_dir).as_posix(), path.read_text(encoding="utf-8-sig"))
               for name, path in prep.files.items() if name.startswith("narrative:")}
    return releases.release_files(prep.spec, spec_file(case_dir), version, findings_json, sources, prep.shown,
                                  provenance)


def remove_stale_staging(out_root: Path, case_dir: Path, case_id: str) -> None:
    """Staging folders of killed runs: the build (pages in clear, even for an encrypted case) and the release
    snapshot. Folders of runs still going, e.g. a publish of the same case into another target, are kept."""
    staging.remove_stale(out_root, f".{case_id}-publish-")
    staging.remove_stale(releases.releases_dir(case_dir), releases.STAGING)


def deploy_version(dest, case_dir: Path, name: str, report, site_dir: Path, staged: Path, force: bool,
                   lock_timeout: float, progress=lambda step: None) -> tuple[list[str], object]:
    """Under the target's lock: refuse again (a publish that held the lock may have deployed the version), deploy
    the built version in one step and rename its release snapshot into place (the deployment is undone if that
    fails). `report`: the typed report settings (versions.json's entry). Returns (the earlier copies kept, the
    versions as this publish left them)."""
    with dest.lock(lock_timeout, progress):
        refuse_existing(dest, case_dir, name, force)
        progress(f"deploying {name} to {dest.describe()}")
        with dest.deploying(entry_for(name, report), site_dir) as replaced:  # undone if the install fails
            superseded = [replaced, releases.install(case_dir, name, staged)]
        versions = dest.versions()  # as this publish left them: the next one may be waiting for the lock
    return [str(s) for s in superseded if s], versions
