"""build(): the table of contents of a report build. Everything is computed in memory first, then written to
a staging folder, built by mkdocs, and swapped in; a failure at any step leaves the previous build intact."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import findings as F
from . import provenance
from .errors import SpecError
from .pages import narrative, render_pages
from .pages.writer import Tree
from .spec import load_case, load_spec, spec_file
from .spec.data import display_path


@dataclass
class BuildResult:
    case_id: str
    out_dir: Path
    cached: bool
    warnings: list


def analyse(case_path: Path, spec: dict, prov: dict, cache_dir: Path, strict: bool, progress) -> tuple[F.Findings, bool]:
    """Findings from the cache when case.yaml and the data are unchanged, else from the analyses."""
    from .analyses import run_all  # heavy imports only when analyses really run

    cached = cache_dir / f"{provenance.analysis_key(prov)}.json"
    if cached.is_file():
        return F.load(cached), True
    progress("reading data")
    case = load_case(case_path, strict, prov)
    fs = run_all(case, progress)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    tmp.write_text(F.dumps(fs), encoding="utf-8")
    tmp.replace(cached)
    return fs, False


def render(spec: dict, fs: F.Findings, files: dict, tree: Tree) -> list:
    """Markdown pages + findings.json + mkdocs.yml into `tree`."""
    from .site import mkdocs_config
    from .site.build import dump_config

    texts, problems = narrative.load(files, fs, int(spec["report"]["k_min"]), display_path)
    if problems:
        raise SpecError(problems)
    pages = render_pages(spec, fs, texts)
    for page in pages:
        tree.add(f"docs/{page.slug}.md", page.body)
    tree.add("findings.json", F.dumps(fs))
    return pages


def build(case_path: Path, out_root: Path = Path("build"), strict: bool = False,
          progress=lambda step: None) -> BuildResult:
    from .site import build_site, mkdocs_config, swap_in
    from .site.build import dump_config

    spec, files, warnings = load_spec(case_path, strict)
    prov = provenance.collect(spec_file(case_path).resolve(), files)
    out_dir = Path(out_root) / spec["engagement"]["id"]
    fs, cached = analyse(case_path, spec, prov, Path(out_root) / ".cache" / spec["engagement"]["id"], strict, progress)
    fs.meta.update(case_meta(spec), provenance=prov)
    progress("rendering pages")
    tree = Tree()
    pages = render(spec, fs, files, tree)
    tree.add("mkdocs.yml", dump_config(mkdocs_config(spec, [(p.slug, p.title) for p in pages], out_dir)))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        tree.write(staging)
        progress("building site (mkdocs --strict)")
        build_site(staging / "mkdocs.yml", staging / "site")
        swap_in(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(spec["engagement"]["id"], out_dir, cached, warnings)


def case_meta(spec: dict) -> dict:
    e, r = spec["engagement"], spec["report"]
    return {"case": {"id": e["id"], "codename": e.get("codename"), "sector": e.get("sector"),
                     "round": r["round"], "status": r["status"], "date": r["date"].isoformat(), "k_min": r["k_min"]}}
