"""build(): the table of contents of a report build. Everything is computed in memory first, then written to
a staging folder, built by mkdocs, and swapped in; a failure at any step leaves the previous build intact."""

from __future__ import annotations

import json
import shutil
import functools
from dataclasses import dataclass, field
from pathlib import Path

from .. import findings as F
from ..spec import provenance
from ..errors import AnalysisError, SpecError
from ..pages.base import narrative
from ..pages import render_pages
from ..pages.base.writer import Tree
from ..spec.placeholders import placeholders, refuse_placeholders
from ..spec import load_case, load_spec, spec_file
from ..spec.case import Settings, settings
from ..spec.locate import locate
from ..spec.paths import display_path
from ..staging import make as make_staging
from ..staging import remove_stale


@dataclass
class BuildResult:
    case_id: str
    out_dir: Path
    cached: bool
    warnings: list
    unencrypted_preview: bool = False  # an encrypted case built for `smaa serve`, in preview_dir


def analyse(case_path: Path, loaded: tuple, prov: dict, cached: Path, strict: bool, progress,
            posts_cache: Path | None = None) -> tuple[F.Findings, bool]:
    """Findings from the cache when smaa's code, case.yaml and the data are unchanged, else from the analyses
    (`loaded`: the validated (spec, files, warnings), so case.yaml is not validated again).
    Fresh findings are not cached yet: `remember()` does that once the pages rendered, so a build refused for
    its narrative leaves no trace under build/. Per-post work is cached in `posts_cache` (default
    build/.cache/<id>/posts; `smaa check` passes a read-only view of it)."""
    if cached.is_file():
        return F.load(cached), True
    from ..analyses import run_all  # pandas, scipy, …: imported only when analyses really run

    progress("reading data")
    case = load_case(case_path, strict, prov, cache_dir=posts_cache or cached.parent / "posts", loaded=loaded)
    try:
        fs = run_all(case, progress)
    except AnalysisError as exc:  # a setting only the data show to be wrong: located in case.yaml
        raise locate(exc, spec_file(case_path).resolve()) from None
    # pages see exactly what findings.json holds: suppressed values are gone, cold and warm builds agree
    return F.from_dict(json.loads(F.dumps(fs))), False


def remember(text: str, cached: Path) -> None:
    """Write the findings cache entry (a temporary file of its own + rename: never half an entry, even with two
    builds of the case at once)."""
    from ..site import kept

    kept.write(cached.parent, cached.name, text)


def findings_json(fs: F.Findings, entry: Path | None) -> str:
    """findings.json: F.dumps(fs), or with the findings from the cache `entry`, the entry as stored with this build's
    meta (the same bytes: dumps of findings loaded from an entry gives the entry; five times faster)."""
    if entry is None:
        return F.dumps(fs)
    data = json.loads(entry.read_text(encoding="utf-8"))
    return F.dumps_dict({**data, "meta": F.clean(fs.meta)})


def _chart_cache(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def render(spec: dict, fs: F.Findings, files: dict, tree: Tree, chart_cache_file: Path,
           releases: list = ()) -> tuple[list, dict[str, str]]:
    """Markdown pages + findings.json into `tree`; chart specs made for these findings are cached. Returns the
    pages and the narrative as shown (section -> text), which a release snapshot keeps: rendered once."""
    texts, problems = narrative.load(files, fs, int(fs.meta["case"]["k_min"]), display_path)
    if problems:
        raise SpecError(problems)
    cache = _chart_cache(chart_cache_file)
    known = len(cache)
    pages = render_pages(spec, fs, texts, cache, list(releases))
    if len(cache) != known:
        remember(json.dumps(cache, sort_keys=True), chart_cache_file)  # a killed run never leaves half a file
    for page in pages:
        tree.add(f"docs/{page.slug}.md", page.body)
    return pages, texts


@dataclass
class Loaded:
    """case.yaml read and validated once per command; every later step is handed this."""
    case_path: Path
    spec: dict
    files: dict
    warnings: list  # of validation and of template text left in
    spec_warnings: list = field(default_factory=list)  # of validation alone, as load_spec returned them

    @property
    def spec_path(self) -> Path:
        return spec_file(self.case_path).resolve()

    @functools.cached_property
    def settings(self) -> Settings:
        return settings(self.spec)


def load(case_path: Path, strict: bool = False, refuse_template_text: bool = False) -> Loaded:
    """Validated spec, its files, and the warnings of validation and of text left from `smaa new` (an error
    instead with `refuse_template_text`: `smaa publish`, so template text never reaches a client)."""
    spec, files, warnings = load_spec(case_path, strict)
    if refuse_template_text:
        refuse_placeholders(spec, files, spec_file(case_path).resolve())
    placeholder_warnings = placeholders(spec, files, spec_file(case_path).resolve())  # `smaa new` text left in
    if strict and warnings + placeholder_warnings:
        raise SpecError(warnings + placeholder_warnings)
    return Loaded(Path(case_path), spec, files, warnings + placeholder_warnings, warnings)


@dataclass
class Prepared:
    spec: dict
    tree: Tree
    out_dir: Path
    cached: bool
    warnings: list
    files: dict = field(default_factory=dict)  # narrative:<section> and data kinds -> path
    shown: dict = field(default_factory=dict)  # section -> narrative as rendered into the pages
    settings: Settings | None = None  # the typed case.yaml
    cache_dir: Path | None = None  # build/.cache/<id>: findings, chart specs, scores, what the site build keeps

    @property
    def case_id(self) -> str:
        return self.settings.engagement.id


def prepare(case_path: Path, out_root: Path = Path("build"), strict: bool = False,
            progress=lambda step: None, preview: bool = False, loaded: Loaded | None = None) -> Prepared:
    """Stages 1-4 in memory: validated spec, findings (cached or computed), pages, findings.json, mkdocs.yml.
    `preview` (smaa serve): an encrypted case is built unencrypted, in its own folder (preview_dir). `loaded`:
    the case as the command already read it (nothing is validated twice)."""
    from ..releases import earlier
    from ..site import mkdocs_config
    from ..site.build import dump_config
    from ..site.encrypt import is_encrypted, require_password
    loaded = loaded or load(case_path, strict)
    spec, files, spec_path, case_id = loaded.spec, loaded.files, loaded.spec_path, loaded.settings.engagement.id
    if not preview:
        require_password(spec, case_path)  # report.privacy: encrypted, refused before anything is written
    prov = provenance.collect(spec_path, files)
    out_dir = Path(out_root) / case_id
    if preview and is_encrypted(spec):
        out_dir = preview_dir(out_root, case_id)
    cache_dir = Path(out_root) / ".cache" / case_id
    key = cache_dir / provenance.analysis_key(prov)
    fs, cached = analyse(case_path, (spec, files, loaded.spec_warnings), prov, key.with_suffix(".json"), strict,
                         progress)
    fresh = None if cached else F.dumps(fs)
    fs.meta.update(case_meta(loaded.settings), provenance=prov)
    progress("rendering pages")
    tree = Tree()
    history = earlier(spec_path.parent, spec, loaded.settings.report.version)  # for "What changed"
    pages, shown = render(spec, fs, files, tree, key.with_suffix(".charts.json"), history)
    if fresh is not None:
        remember(fresh, key.with_suffix(".json"))
    tree.add("findings.json", findings_json(fs, key.with_suffix(".json") if cached else None))
    tree.add("mkdocs.yml", dump_config(mkdocs_config(spec, [(p.slug, p.title) for p in pages], out_dir)))
    return Prepared(spec, tree, out_dir, cached, loaded.warnings, files, shown, loaded.settings, cache_dir)


PREVIEW_DIR = ".preview-unencrypted"


def preview_dir(out_root: Path, case_id: str) -> Path:
    """Where `smaa serve` builds an encrypted case, unencrypted: never build/<id>/, the folder that gets uploaded."""
    return Path(out_root) / PREVIEW_DIR / case_id


def build(case_path: Path, out_root: Path = Path("build"), strict: bool = False,
          progress=lambda step: None, preview: bool = False, prep: Prepared | None = None) -> BuildResult:
    """Build the site into out_root/<id>/site; `preview` (smaa serve, 127.0.0.1 only) leaves an encrypted
    case unencrypted, in preview_dir, so the live preview can reload and no password is needed. `prep`: the
    build a command has already prepared (smaa export), written as it is."""
    from ..site import build_site, swap_in
    from ..site.encrypt import is_encrypted, protect_site

    prep = prep or prepare(case_path, out_root, strict, progress, preview)
    remove_stale(prep.out_dir.parent, f".{prep.out_dir.name}-")  # left by killed builds (pages in clear)
    staging = make_staging(prep.out_dir.parent, f".{prep.out_dir.name}-")
    try:
        prep.tree.write(staging)
        progress("building site (mkdocs --strict)")
        build_site(staging / "mkdocs.yml", staging / "site", prep.cache_dir)
        if not preview:
            protect_site(prep.spec, staging / "site")  # report.privacy: encrypted; nothing in host-auth
        swap_in(staging, prep.out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(prep.case_id, prep.out_dir, prep.cached, prep.warnings,
                       unencrypted_preview=preview and is_encrypted(prep.spec))


def case_meta(case: Settings) -> dict:
    """What findings.meta says of the case: the pages read these, not case.yaml."""
    e, r = case.engagement, case.report
    return {"case": {"id": e.id, "codename": e.codename, "sector": e.sector,
                     "round": r.round, "status": r.status, "date": r.date.isoformat(), "k_min": r.k_min}}
