"""The deliverables besides the site: the report PDF and the manager deck, made from a built report folder.

`deliver()` writes the files a command asks for (run/export.py for `smaa export`, run/publish.py for a published
version's downloads). Each file is written under a temporary name and renamed, so a failure never leaves half a
file behind. A file is kept in the build's cache under the digest of everything it is made from (the pages as
shown, findings.json, the cover facts, the export code), so `smaa export` right after a `smaa publish` of the same
findings copies the PDF and the deck instead of rendering them again."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import SmaaError

PDF_NAME, DECK_NAME = "report.pdf", "deck.pptx"
KEEP = 4  # cache entries kept per case: a few rounds or narrative edits back, never an ever-growing folder


class ExportError(SmaaError):
    """A deliverable cannot be made on this machine (e.g. WeasyPrint without pango)."""


@dataclass
class Made:
    """One deliverable in its destination: `count` pages (PDF) or slides (deck); `reused_from` names the command
    that rendered it when it was copied from the cache, else ""."""
    path: Path
    count: int
    seconds: float
    reused_from: str = ""


def load_weasyprint():
    try:
        import weasyprint
    except OSError as exc:  # pango / harfbuzz shared libraries missing
        raise ExportError(f"the PDF needs WeasyPrint, which cannot load its system libraries ({exc}). Install "
                          "pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0) or export with "
                          "--no-pdf.") from None
    return weasyprint


# What the deliverables are made with besides the report itself: this package (code, print.css), the site's link
# rule, the cover's client name and the words of the report's language. The root mkdocs.yml gives the Markdown
# extensions. Not the whole of smaa: a change elsewhere reaches the deliverables through the pages or the findings.
EXPORT_CODE = ("export", "site/harden.py", "pages/base/context.py", "i18n")


def code_digest() -> str:
    from ..site.build import REPO_ROOT

    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for part in EXPORT_CODE:
        root = package / part
        for path in sorted([root] if root.is_file() else root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    h.update((REPO_ROOT / "mkdocs.yml").read_bytes())
    return h.hexdigest()


def report_digest(report, code: str) -> str:
    """Digest of what both deliverables are made from: cover facts, pages in order, findings.json, export code."""
    blob = json.dumps({"cover": dataclasses.asdict(report.cover),
                       "pages": [[p.slug, p.title, p.markdown] for p in report.pages], "code": code}, sort_keys=True)
    h = hashlib.sha256(blob.encode("utf-8"))
    h.update((Path(report.build_dir) / "findings.json").read_bytes())  # the file the report was read from
    return h.hexdigest()[:32]


def _copy(src: Path, dest: Path) -> None:
    """Temporary name + rename: the destination is never half a file."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".tmp")
    shutil.copyfile(src, tmp)
    tmp.replace(dest)


def reuse(entry: Path, name: str, dest: Path) -> Made | None:
    """The cached file `name` of this digest copied to `dest`, or None when the cache does not hold it."""
    meta = entry / f"{name}.json"
    if not (meta.is_file() and (entry / name).is_file()):
        return None
    t = time.perf_counter()
    facts = json.loads(meta.read_text(encoding="utf-8"))
    _copy(entry / name, dest)
    return Made(dest, facts["count"], time.perf_counter() - t, facts["by"])


def remember(entry: Path, made: Made, by: str) -> None:
    """Keep a rendered file under its digest (file first, then its facts: an entry without facts is not used),
    and drop all but the newest KEEP entries of the case."""
    name = made.path.name
    _copy(made.path, entry / name)
    (entry / f"{name}.json").write_text(json.dumps({"count": made.count, "by": by}), encoding="utf-8")
    entry.touch()
    older = sorted((p for p in entry.parent.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)[:-KEEP]
    for stale in older:
        shutil.rmtree(stale, ignore_errors=True)


def render(report, name: str, dest: Path) -> Made:
    t = time.perf_counter()
    if name == PDF_NAME:
        from .pdf import write_pdf

        made = write_pdf(report, dest)
        return Made(made.path, made.pages, time.perf_counter() - t)
    from .deck import write_deck

    made = write_deck(report, dest)
    return Made(made.path, len(made.titles), time.perf_counter() - t)


def deliver(build_dir: Path, spec, dest: Path, names: list[str], cache: Path | None, by: str,
            progress=lambda step: None) -> dict[str, Made]:
    """The deliverables `names` (PDF_NAME, DECK_NAME) of a built report folder (docs/, findings.json, mkdocs.yml)
    into `dest`: copied from `cache` (build/.cache/<id>/export) when the same report was rendered before, else
    rendered and kept there. `by` names the command, for the message of a later reuse."""
    from . import content

    report = content.load(build_dir, spec)
    entry = cache / report_digest(report, code_digest()) if cache is not None else None
    out = {}
    for name in names:
        made = reuse(entry, name, Path(dest) / name) if entry is not None else None
        if made is None:
            if name == PDF_NAME:
                load_weasyprint()
            progress("writing the report PDF" if name == PDF_NAME else "writing the manager deck")
            made = render(report, name, Path(dest) / name)
            if entry is not None:
                remember(entry, made, by)
        out[name] = made
    return out
