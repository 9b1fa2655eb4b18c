"""Generate the report's mkdocs.yml (INHERITing the root mkdocs.yml) and run `mkdocs build --strict`
in-process, turning its warnings into a SiteError that quotes them."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from pathlib import Path

import yaml

from ..errors import SiteError
from ..i18n import _, language, use
from ..spec.case import case_language
from ..pages.base.context import confidentiality
from ..pages.base.format import date
from ..spec.case import ReportSettings, settings as typed
from .harden import harden_site
from .static_charts import add_static

REPO_ROOT = Path(__file__).resolve().parents[2]
UNSAFE_IN_TITLE = str.maketrans({"<": "‹", ">": "›", '"': "”"})


def site_name(spec: dict) -> str:
    name = typed(spec).client_name
    # the theme prints site_name unescaped in places (e.g. <title>): no angle brackets may get through
    safe = name.translate(UNSAFE_IN_TITLE)
    return _("{client} · Social Media Alignment Assessment", client=safe)


def mkdocs_config(spec: dict, nav: list[tuple[str, str]], config_dir: Path, version: str | None = None) -> dict:
    with use(case_language(spec)):  # the site's words, material's language and <html lang>: engagement.language
        return _config(spec, nav, config_dir, version)


def _config(spec: dict, nav: list[tuple[str, str]], config_dir: Path, version: str | None) -> dict:
    case = typed(spec)
    r = case.report
    config = {
        "INHERIT": os.path.relpath(REPO_ROOT / "mkdocs.yml", config_dir),
        "site_name": site_name(spec),
        "site_description": _("Social Media Alignment Assessment"),  # the root's describes smaa, in English
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": False,
        # material's own words, its search language and <html lang> follow engagement.language
        "theme": {"name": "material", "custom_dir": str(REPO_ROOT / "theme"), "language": language()},
        "nav": [{title: f"{slug}.md"} for slug, title in nav],
        "extra": {"smaa": {
            "status": r.status, "round": r.round, "date": r.date.isoformat(),
            "confidentiality": confidentiality(r.confidentiality), "version": version or r.version,
            "case": case.engagement.id, **({"feedback_email": r.feedback_email} if r.feedback_email else {}),
            "words": theme_words(r),
        }},
    }
    return encrypted_config(config) if r.privacy == "encrypted" else config


def encrypted_config(config: dict) -> dict:
    """No search index (every word of the report in one clear JSON file) and no instant navigation (it fetches
    pages by XHR and swaps their body in, bypassing the password shell of site/encrypt.py). INHERIT replaces
    lists whole, so the root's features are repeated minus those."""
    root = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    features = [f for f in root["theme"].get("features", []) if not f.startswith(("navigation.instant", "search."))]
    return {**config, "theme": {**config["theme"], "features": features}, "plugins": []}


def theme_words(report: ReportSettings) -> dict:
    """What theme/main.html writes (banners, comment link, downloads), in the active language: Jinja cannot call
    gettext, so the sentences travel in the config (the theme keeps the English ones for smaa's own docs)."""
    return {
        "draft": _("Draft"),
        "round": _("Round {round}", round=report.round),
        "date": date(report.date),
        "draft_note": _("For discussion. Findings may change before the final version."),
        "outdated": _("You are reading an earlier version of this report."),
        "latest": _("Go to the latest version."),
        "comment": _("Comment on this page"),
        # the mail subject names the version and the section id that feedback items use (filled in by the theme)
        "subject": _("[{version}] {title} (section: {section})"),
        "downloads": _("Download this version:"),
        "pdf": _("Report (PDF)"),
        "deck": _("Manager deck (PPTX)"),
        # published versions: the selector's round (filled in by smaa-versions.js) and its What changed links
        "version_round": _("Round {round}", round="{round}"),
        "what_changed": _("What changed"),
        "changes_since": _("What changed since this version"),
        "not_found": _("404 - Not found"),
    }


def dump_config(config: dict) -> str:
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _environment(**values: str):
    """Environment variables set for the mkdocs run only (an unset variable is set, then unset again)."""
    added = [k for k in values if k not in os.environ]
    os.environ.update({k: values[k] for k in added})
    try:
        yield
    finally:
        for k in added:
            os.environ.pop(k, None)


def build_site(config_file: Path, site_dir: Path, drawings: Path | None = None) -> None:
    """mkdocs build --strict of `config_file` into `site_dir` (warnings are errors), each chart's static drawing
    (kept in `drawings` between builds, when given), then the hardening pass of site/harden.py: no link but
    http(s), mailto or relative, no inline script."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    log = logging.getLogger("mkdocs")
    handler, propagate = _Collect(), log.propagate
    log.addHandler(handler)
    log.propagate = False
    try:
        # absolute: mkdocs resolves a relative site_dir against the config file, not the working directory
        with _environment(NO_MKDOCS_2_WARNING="1"):  # no third-party upgrade banner in our output
            build(load_config(str(config_file), site_dir=str(Path(site_dir).resolve()), strict=True))
    except MkDocsException as exc:
        raise SiteError(f"mkdocs build failed for {config_file}:\n" + "\n".join(handler.messages + [str(exc)])) from None
    finally:
        log.removeHandler(handler)
        log.propagate = propagate
    add_static(site_dir, drawings)  # each chart's drawing for readers without scripts (site/static_charts.py)
    harden_site(site_dir)


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with two renames; a failure before this point never touches target."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
