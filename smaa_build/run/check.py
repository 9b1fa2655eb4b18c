"""`smaa check`: every problem that any stage of a build can find, in one run, sorted, and nothing written.

Stages, in order; a later one runs only when it can:
1. case.yaml (shape, then consistency and files) and 2. the data files: as `load_spec` / `load_tables`;
3. cross-file facts (consistency.py) and text left from the `smaa new` template (placeholders.py): warnings;
   the encrypted mode's password, as `smaa build` asks for it;
4. the analyses, for settings only the data can judge (a risk id, value.brand, …), located in case.yaml;
5. the narrative: every {{ key }} citation against the findings.
Stages 4 and 5 need a valid spec and valid data; when those have errors the verdict says so in one line.
Pages and charts are not rendered: what they could refuse is their input, checked above.

Nothing is written anywhere. The findings come from the build's cache (build/.cache/<id>/) when a build of the
same code, case.yaml and data made it; otherwise the analyses run in memory and the entry is not stored. Per-post
work (sentiment scores, text features) is read from the build's per-post cache when present, but a check never
fills it: what it computes goes to a temporary folder that is removed (so a cold check followed by a build scores
the posts twice; a check stays side-effect free)."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .. import findings as F
from ..spec import fieldwork, provenance
from ..spec.consistency import cross_file
from ..errors import AnalysisError, Problem, SpecError
from ..spec.placeholders import placeholders, sample_files
from ..spec import load_spec, spec_file
from ..spec.case import settings
from ..spec.paths import display_path

NOT_CHECKED = "analyses and narrative not checked: fix the problems above first."


class CheckFailed(SpecError):
    """A failed check: its problems, plus `note` when some stages could not run (printed before the summary)."""

    def __init__(self, problems: list[Problem], note: str = ""):
        super().__init__(problems)
        self.note = note


@dataclass
class Verdict:
    problems: list[Problem]
    rows: dict[str, int] = field(default_factory=dict)  # data kind -> rows read
    note: str = ""  # NOT_CHECKED when stages 4-5 could not run
    cached: bool = False  # the findings came from the build's cache
    progress: list[str] = field(default_factory=list)  # fieldwork progress, once the kit's plan is filled in

    def __post_init__(self):
        self.problems = SpecError(self.problems).problems  # sorted by file and line, as every problem list is

    def failed(self, strict: bool) -> bool:
        return any(p.severity == "error" or strict for p in self.problems)


def _is_error(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def _password(spec: dict, case_path: Path) -> list[Problem]:
    from ..site.encrypt import require_password

    try:
        require_password(spec, case_path)
    except SpecError as exc:
        return exc.problems
    return []


@contextmanager
def read_only(cache: Path):
    """A temporary folder showing the entries of `cache` (symlinks): reads hit the real cache, writes (temporary
    file + rename) replace a link in the temporary folder only, and the folder is removed afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="smaa-check-"))
    try:
        for entry in sorted(cache.glob("*")) if cache.is_dir() else []:
            os.symlink(entry.resolve(), tmp / entry.name)
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def analyse(case_path: Path, spec: dict, files: dict, out_root: Path,
            warnings: list = ()) -> tuple[F.Findings | None, list[Problem], bool]:
    """(findings as findings.json holds them, located problems, from cache): the build's analyse(), writing nothing."""
    from .build import analyse as build_analyse

    spec_path = spec_file(case_path).resolve()
    prov = provenance.collect(spec_path, files)
    cached = Path(out_root) / ".cache" / settings(spec).engagement.id / f"{provenance.analysis_key(prov)}.json"
    with read_only(cached.parent / "posts") as posts_cache:
        try:  # not strict: --strict is applied to the whole verdict
            fs, hit = build_analyse(case_path, (spec, files, list(warnings)), prov, cached, False, lambda _step: None,
                                    posts_cache)
        except SpecError as exc:  # a setting only the data can judge, located in case.yaml
            return None, list(exc.problems), False
        except AnalysisError as exc:  # not about a key of case.yaml
            return None, [Problem(display_path(spec_path), 0, 0, "", str(exc))], False
    return fs, [], hit


def check(case_path: Path, strict: bool = False, out_root: Path = Path("build")) -> Verdict:
    """Every problem of every stage; raises nothing for problems in the case (they are the verdict)."""
    from ..pages.base import narrative
    from ..spec.data import load_tables

    try:
        spec, files, problems = load_spec(case_path, strict)
    except SpecError as exc:  # no note when there is no case.yaml at all: nothing could have been checked
        return Verdict(list(exc.problems), note=NOT_CHECKED if spec_file(case_path).is_file() else "")
    tables, more = load_tables(spec, files)
    spec_warnings, problems = problems, problems + more
    blocked = _is_error(problems)
    samples = sample_files(files)  # a sample file's own facts (its dates) would only repeat that one warning
    problems += [p for p in cross_file(spec, tables) if p.file not in samples]
    problems += placeholders(spec, files, spec_file(case_path).resolve())
    problems += _password(spec, case_path)
    rows = {kind: len(df) for kind, df in tables.items()}
    progress = fieldwork.report(spec, out_root)
    if blocked:
        return Verdict(problems, rows, NOT_CHECKED, progress=progress)
    fs, more, cached = analyse(case_path, spec, files, out_root, spec_warnings)
    problems += more
    if fs is None:
        return Verdict(problems, rows, "narrative not checked: fix the problems above first.", progress=progress)
    problems += narrative.load(files, fs, settings(spec).report.k_min, display_path)[1]
    return Verdict(problems, rows, cached=cached, progress=progress)
