"""`smaa export`: the report PDF and the manager deck in build/<id>/export/. The case is read and prepared once;
the site is built from that prepared build only when build/<id>/ is missing or out of date (a rebuild replaces
build/<id>/ whole, exports included: an export is never older than the site next to it). A PDF or deck rendered
before from the same pages, findings and export code (e.g. by `smaa publish --downloads`) is copied, not rendered."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..export import DECK_NAME, PDF_NAME, deliver
from .build import build, load, prepare


@dataclass
class ExportResult:
    case_id: str
    out_dir: Path
    built: bool  # False when the existing build was already up to date
    pdf: Path | None = None
    pdf_pages: int = 0
    deck: Path | None = None
    slides: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    reused: dict[str, str] = field(default_factory=dict)  # file name -> the command that rendered it


def up_to_date(prep) -> bool:
    """The build on disk holds exactly what this build would write (pages, findings.json, mkdocs.yml) and its
    site was built: nothing to rebuild."""
    if not (prep.out_dir / "site" / "index.html").is_file():
        return False
    for rel, content in prep.tree.files.items():
        path = prep.out_dir / rel
        if not path.is_file() or path.read_bytes() != content:
            return False
    return True


def export_cache(out_root: Path, case_id: str) -> Path:
    """Shared by `smaa export` and `smaa publish --downloads` of the same --out."""
    return Path(out_root) / ".cache" / case_id / "export"


def export(case_path: Path, out_root: Path = Path("build"), pdf: bool = True, deck: bool = True,
           strict: bool = False, progress=lambda step: None) -> ExportResult:
    t0 = time.perf_counter()
    prep = prepare(case_path, out_root, strict, progress, loaded=load(case_path, strict))
    built = not up_to_date(prep)
    if built:
        build(case_path, out_root, strict, progress, prep=prep)
    case_id = prep.case_id
    result = ExportResult(case_id, prep.out_dir, built, warnings=prep.warnings)
    result.seconds["build"] = time.perf_counter() - t0
    names = [name for name, wanted in ((PDF_NAME, pdf), (DECK_NAME, deck)) if wanted]
    made = deliver(prep.out_dir, prep.spec, prep.out_dir / "export", names, export_cache(out_root, case_id),
                   "smaa export", progress)
    if PDF_NAME in made:
        result.pdf, result.pdf_pages, result.seconds["pdf"] = made[PDF_NAME].path, made[PDF_NAME].count, \
            made[PDF_NAME].seconds
    if DECK_NAME in made:
        result.deck, result.slides, result.seconds["deck"] = made[DECK_NAME].path, made[DECK_NAME].count, \
            made[DECK_NAME].seconds
    result.reused = {name: m.reused_from for name, m in made.items() if m.reused_from}
    result.seconds["total"] = time.perf_counter() - t0
    return result
