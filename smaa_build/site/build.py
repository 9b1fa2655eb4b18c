"""Generate the report's mkdocs.yml (INHERITing the root mkdocs.yml); site/mkdocs_run.py builds it."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from ..i18n import _, language, use
from ..spec.case import case_language
from ..pages.base.context import confidentiality
from ..pages.base.format import date
from ..spec.case import ReportSettings, settings as typed
from .mkdocs_run import REPO_ROOT, build_site, swap_in  # noqa: F401 (their users import them from here too)
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
