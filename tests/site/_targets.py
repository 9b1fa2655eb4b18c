"""Checks of a folder publish target and of the staging folders around it, shared by the concurrency and the
kill tests (both publish tests/cases/minimal from <root>/case into <root>/public with --out <root>/build)."""

from __future__ import annotations

import json
from pathlib import Path

CASE_ID = "minimal"
NOT_VERSIONS = {"latest", "index.html", "versions.json"}


def listed(root: Path) -> list[str]:
    return sorted(v["version"] for v in json.loads((root / "public" / CASE_ID / "versions.json").read_text("utf-8")))


def leftovers(root: Path) -> list[str]:
    """Staging folders of publishes (build/, the target, releases/) still on disk, as '<place>/<name>'."""
    places = [root / "build", root / "public", root / "case" / "releases"]
    return sorted(f"{place.name}/{p.name}" for place in places if place.is_dir() for p in place.iterdir()
                  if "-publish-" in p.name or p.name.startswith(".staging-"))


def inconsistencies(root: Path) -> dict[str, list[str]]:
    """Every way versions.json and the version folders can disagree; all lists empty when they agree."""
    site = root / "public" / CASE_ID
    names = set(listed(root))
    folders = {p.name for p in site.iterdir()} - NOT_VERSIONS
    return {"listed, folder missing": sorted(names - folders), "folder not listed": sorted(folders - names),
            "without index.html": sorted(n for n in names & folders if not (site / n / "index.html").is_file())}
