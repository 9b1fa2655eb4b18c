"""STAGE: the research group's portfolio (issue 16): a private index site over the cases of a repository, the
cross-case comparison, and the benchmark reference set that finished cases feed (reference.py).

`smaa portfolio` reads cases/<id>/case.yaml and the release snapshots, writes two pages and builds them with the
report's theme (mkdocs --strict, hardened) into build/_portfolio/site; with a publish target it is swapped into
<target>/_portfolio/, which `smaa host nginx` serves behind the group's own login (never a client's)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..facts import K_MIN_DEFAULT
from ..pages.base.writer import Tree
from ..site import REPO_ROOT, build_site, swap_in
from ..site.build import dump_config
from ..staging import make as make_staging
from ..staging import remove_stale
from .collect import Engagement, collect
from .pages import compare_page, index_page
from .reference import set_hash

FOLDER = "_portfolio"  # never a case id (those start with a letter or digit), so it cannot shadow a case
SITE_NAME = "Portfolio · Social Media Alignment Assessment"
NAV = [("index", "Engagements"), ("compare", "Across engagements")]


@dataclass
class PortfolioResult:
    site: Path
    engagements: list[Engagement]
    published: Path | None


def current_set(cases_dir: Path) -> str | None:
    path = Path(cases_dir) / "_reference" / "cases.csv"
    return set_hash(path) if path.is_file() else None


def config(config_dir: Path) -> dict:
    return {
        "INHERIT": os.path.relpath(REPO_ROOT / "mkdocs.yml", config_dir),
        "site_name": SITE_NAME,
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": False,
        "theme": {"name": "material", "custom_dir": str(REPO_ROOT / "theme")},
        "nav": [{title: f"{slug}.md"} for slug, title in NAV],
        "extra": {"smaa": {"confidentiality": "Research group only: never share with a client."}},
    }


def tree(engagements: list[Engagement], current: str | None, k: int, config_dir: Path) -> Tree:
    t = Tree()
    t.add("docs/index.md", index_page(engagements, current))
    t.add("docs/compare.md", compare_page(engagements, k))
    t.add("mkdocs.yml", dump_config(config(config_dir)))
    return t


def _install(site: Path, target: Path) -> Path:
    """Copy the built site into <target>/_portfolio with a swap: readers see the old portfolio or the new one."""
    dest = Path(target) / FOLDER
    dest.parent.mkdir(parents=True, exist_ok=True)
    staged = make_staging(dest.parent, f".{FOLDER}-")
    shutil.rmtree(staged)
    shutil.copytree(site, staged)
    swap_in(staged, dest)
    return dest


def build_portfolio(cases_dir: Path, out_root: Path = Path("build"), k: int = K_MIN_DEFAULT,
                    target: Path | None = None) -> PortfolioResult:
    engagements = collect(cases_dir)
    out_dir = Path(out_root) / FOLDER
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(out_dir.parent, f".{FOLDER}-")
    staging = make_staging(out_dir.parent, f".{FOLDER}-")
    try:
        tree(engagements, current_set(cases_dir), k, staging).write(staging)
        build_site(staging / "mkdocs.yml", staging / "site")
        swap_in(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    published = _install(out_dir / "site", target) if target else None
    return PortfolioResult(out_dir / "site", engagements, published)
