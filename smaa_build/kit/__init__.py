"""STAGE kit: the fieldwork kit, from case.yaml, into build/<id>/kit/: the interview plan, the coding workbook
(which data.codes reads back as it is), the ratings workbook and printable form, the interview guide (Markdown and
PDF, printed by the export's pipeline) and the codebook as REFI-QDA (.qdc). `smaa kit` is a thin wrapper."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import _, use
from ..spec.case import case_language
from ..spec import load_spec
from ..spec.case import settings as typed
from ..spec.fieldwork import minimums
from . import coding, guide, plan, ratings
from .qdc import qdc_bytes

DEFAULT_CODERS = ("C1", "C2")
DEFAULT_SEED = 2026
FILES = {"plan": "plan.xlsx", "coding": "coding.xlsx", "ratings": "ratings.xlsx", "ratings_form": "ratings-form.pdf",
         "guide_md": "interview-guide.md", "guide_pdf": "interview-guide.pdf", "codebook": "codebook.qdc"}


@dataclass
class KitResult:
    out_dir: Path
    files: dict[str, Path]
    interviewees: int  # ids in the register the dropdowns list (0 before the register exists)
    double_coded: list[tuple[str, str]]
    guide_pages: int
    seconds: float
    notes: list[str] = field(default_factory=list)


def _register(spec, files: dict) -> tuple[list[tuple[str, str]], list[str]]:
    """(id, function) of the interviewees file when it can be read, and the rating items already in use."""
    from ..spec.data import read_kind

    people, items, data = [], [], typed(spec).data
    if "interviewees" in files:
        df, _p = read_kind("interviewees", files["interviewees"], data["interviewees"], spec)
        if df is not None:
            people = sorted(zip(df["interviewee_id"].astype(str), df["function"].astype(str)))
    if "ratings" in files:
        df, _p = read_kind("ratings", files["ratings"], data["ratings"], spec)
        items = sorted(set(df["item"].astype(str))) if df is not None else []
    return people, items


def _write_texts(spec, paths: dict[str, Path], people: list[tuple[str, str]], existing: list[str],
                 interviews: int, pdf: bool) -> int:
    """The ratings workbook and form, the guide (Markdown, PDF), in the active language; the guide's pages (0
    without PDF)."""
    lang = case_language(spec)
    items = ratings.items(existing)
    ratings.ratings_workbook(spec, [i for i, _f in people], items, interviews).save(paths["ratings"])
    paths["guide_md"].write_text(guide.markdown(spec), encoding="utf-8")
    if not pdf:
        return 0
    header = guide.running_header(spec)
    guide.write_pdf(paths["ratings_form"], _("Ratings form"), [(_("Ratings form"), ratings.form_markdown(spec, items))],
                    header, lang)
    return guide.write_pdf(paths["guide_pdf"], guide.title(spec), guide.pages(spec), header, lang)


def make_kit(case: Path, out_root: Path = Path("build"), coders: tuple[str, ...] = DEFAULT_CODERS,
             seed: int = DEFAULT_SEED, pdf: bool = True) -> KitResult:
    t0 = time.perf_counter()
    spec, files, _warnings = load_spec(case)
    out = Path(out_root) / typed(spec).engagement.id / "kit"
    out.mkdir(parents=True, exist_ok=True)
    paths = {k: out / name for k, name in FILES.items()}
    people, existing = _register(spec, files)
    planned = sum(minimums(spec).values())
    plan.plan_workbook(spec).save(paths["plan"])
    book, subset = coding.coding_workbook(spec, people, list(coders), seed, planned)
    book.save(paths["coding"])
    paths["codebook"].write_bytes(qdc_bytes(spec))
    with use(case_language(spec)):  # the guide and the ratings form speak the report's language
        pages = _write_texts(spec, paths, people, existing, max(len(people), planned), pdf)
    if not pdf:
        for k in ("guide_pdf", "ratings_form"):
            paths.pop(k)
    notes = []
    if not people:
        notes.append("No interviewees file yet: the interviewee_id dropdowns are left out. Run `smaa kit "
                     "--pseudonymise` on the filled plan, declare the file, then run `smaa kit` again.")
    return KitResult(out, paths, len(people), subset, pages, time.perf_counter() - t0, notes)
