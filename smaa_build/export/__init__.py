"""The deliverables besides the site: the report PDF and the manager deck, made from a finished build.

`export()` builds the case when its build folder is missing or out of date (pipeline.build, so the analyses
cache is reused), then writes build/<id>/export/report.pdf and build/<id>/export/deck.pptx. Each file is
written under a temporary name and renamed, so a failed export never leaves half a file behind. A rebuild
replaces build/<id>/ whole, exports included: an export is never older than the site next to it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SmaaError

PDF_NAME, DECK_NAME = "report.pdf", "deck.pptx"


class ExportError(SmaaError):
    """A deliverable cannot be made on this machine (e.g. WeasyPrint without pango)."""


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


def load_weasyprint():
    try:
        import weasyprint
    except OSError as exc:  # pango / harfbuzz shared libraries missing
        raise ExportError(f"the PDF needs WeasyPrint, which cannot load its system libraries ({exc}). Install "
                          "pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0) or export with "
                          "--no-pdf.") from None
    return weasyprint


def write_downloads(build_dir: Path, spec: dict, dest: Path, progress=lambda step: None) -> dict[str, Path]:
    """The PDF and the deck of a built report folder (docs/, findings.json, mkdocs.yml) into `dest`, for a
    published version to offer next to its pages."""
    from . import content
    from .deck import write_deck
    from .pdf import write_pdf

    load_weasyprint()
    report = content.load(build_dir, spec)
    progress("writing the report PDF for the downloads")
    pdf = write_pdf(report, Path(dest) / PDF_NAME).path
    progress("writing the manager deck for the downloads")
    return {"pdf": pdf, "deck": write_deck(report, Path(dest) / DECK_NAME).path}


def export(case_path: Path, out_root: Path = Path("build"), pdf: bool = True, deck: bool = True,
           strict: bool = False, progress=lambda step: None) -> ExportResult:
    from ..run.build import build, prepare
    from . import content

    t0 = time.perf_counter()
    prep = prepare(case_path, out_root, strict, progress)
    built = not up_to_date(prep)
    if built:
        build(case_path, out_root, strict, progress)
    result = ExportResult(prep.spec["engagement"]["id"], prep.out_dir, built, warnings=prep.warnings)
    result.seconds["build"] = time.perf_counter() - t0
    report = content.load(prep.out_dir, prep.spec)
    target = prep.out_dir / "export"
    if pdf:
        load_weasyprint()
        from .pdf import write_pdf

        progress("writing the report PDF")
        t = time.perf_counter()
        made = write_pdf(report, target / PDF_NAME)
        result.pdf, result.pdf_pages, result.seconds["pdf"] = made.path, made.pages, time.perf_counter() - t
    if deck:
        from .deck import write_deck

        progress("writing the manager deck")
        t = time.perf_counter()
        made = write_deck(report, target / DECK_NAME)
        result.deck, result.slides, result.seconds["deck"] = made.path, len(made.titles), time.perf_counter() - t
    result.seconds["total"] = time.perf_counter() - t0
    return result
