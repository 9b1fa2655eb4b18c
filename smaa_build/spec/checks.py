"""Pass 2a: checks the schema cannot express — unique ids, dates in order, files that exist and stay inside
the case folder, feedback that names real sections."""

from __future__ import annotations

import difflib
from pathlib import Path

from ..errors import Problem
from .columns_check import check_columns
from .messages import did_you_mean, shown
from .patterns import check_scrub_patterns
from .yamlio import Located, dotted

SECTIONS = ["home", "engagement", "mapping", "alignment", "benchmark", "risks", "recommendations", "value",
            "resilience", "changes", "feedback", "appendix"]


class Checker:
    """Collects located problems against the YAML positions in `loc`."""

    def __init__(self, loc: Located):
        self.loc, self.problems = loc, []

    def add(self, path: tuple, message: str, severity: str = "error", key: bool = False) -> None:
        line, col = self.loc.where(path, key=key)
        self.problems.append(Problem(self.loc.file, line, col, dotted(path), message, severity))


def check_ids(spec: dict, c: Checker) -> None:
    for kind in ("functions", "levels", "activities"):
        _unique(spec["organisation"][kind], ("organisation", kind), "id", c)
    _unique(spec["organisation"]["levels"], ("organisation", "levels"), "rank", c)
    _unique(spec.get("recommendations", []), ("recommendations",), "id", c)
    _unique(spec.get("feedback", []), ("feedback",), "id", c)
    levels = {lv["id"] for lv in spec["organisation"]["levels"]}
    for i, lv in enumerate(spec["organisation"].get("management_levels", [])):
        if lv not in levels:
            c.add(("organisation", "management_levels", i), f"expected one of the level ids {sorted(levels)}, got {lv!r}")


def _unique(items: list, path: tuple, field: str, c: Checker) -> None:
    first: dict = {}
    for i, item in enumerate(items):
        value = item.get(field)
        if value in first:
            line = c.loc.where(path + (first[value], field))[0]
            c.add(path + (i, field), f"expected a unique {field}, got {shown(value)} again (first on line {line}); "
                  f"give each item its own {field}")
        first.setdefault(value, i)


def check_dates(spec: dict, c: Checker) -> None:
    period = spec["engagement"].get("period")
    if period and period["start"] > period["end"]:
        c.add(("engagement", "period", "end"), f"expected a date on or after start {period['start']}, "
              f"got {period['end']}")


def check_feedback(spec: dict, c: Checker) -> None:
    for i, item in enumerate(spec.get("feedback", [])):
        if item["section"] not in SECTIONS:
            c.add(("feedback", i, "section"), f"expected one of the report sections {SECTIONS}, got "
                  f"{item['section']!r}{did_you_mean(item['section'], SECTIONS)}")
        if item["status"] == "addressed" and not item.get("response"):
            c.add(("feedback", i, "status"), f"expected a `response:` on addressed feedback {item['id']}, got none; "
                  "add one saying what changed, or set another status")
        if item["round"] > spec["report"]["round"]:
            c.add(("feedback", i, "round"), f"expected a round up to the report's round "
                  f"{shown(spec['report']['round'])}, got {shown(item['round'])}")


def resolve_file(root: Path, rel: str, roots: list[Path], path: tuple, c: Checker) -> Path | None:
    """Absolute path of `rel` if it exists, is a file and stays inside the case folder or a data root."""
    target = (root / rel).resolve()
    if not any(target.is_relative_to(r) for r in [root, *roots]):
        c.add(path, f"expected a path inside the case folder (or a folder listed in data_roots), got {rel!r}, "
              f"which resolves outside it; move the file or add its folder to data_roots")
        return None
    if not target.is_file():
        what = "is a folder" if target.is_dir() else "does not exist"
        c.add(path, f"expected an existing file, got {rel!r}, which {what}{_nearby(root, rel)}; paths are "
              "relative to case.yaml")
        return None
    return target


def _nearby(root: Path, rel: str) -> str:
    """' (did you mean …?)' naming a file of the same folder with a close name, the usual typo."""
    folder = (root / rel).parent
    if not folder.is_dir():
        return ""
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    close = difflib.get_close_matches(Path(rel).name, names, n=1, cutoff=0.6)
    return f" (did you mean {str(Path(rel).parent / close[0])!r}?)" if close else ""


def _repository(folder: Path) -> Path | None:
    """The git work tree holding `folder` (`.git` is a folder, or a file in a worktree), if any."""
    return next((p for p in (folder, *folder.parents) if (p / ".git").exists()), None)


def _too_broad(folder: Path) -> str:
    """What makes `folder` unfit as a data root, if anything: from it a case could read any file it likes."""
    if folder == Path(folder.anchor):
        return "the file-system root"
    if Path.home().resolve().is_relative_to(folder) or (folder.parts[1:2] in (("home",), ("Users",))
                                                        and len(folder.parts) <= 3):
        return "a home folder or a folder holding one"
    return ""


def check_roots(spec: dict, root: Path, c: Checker) -> list[Path]:
    """The data roots a case may read from. A root outside the case's repository (outside the case folder's
    parent when there is no repository) needs `outside_repository: true`; a root that holds the file-system
    root or a home folder is always refused, since it would open every file there to a typo or a copied case."""
    fence = _repository(root) or root.parent
    allowed = []
    for i, item in enumerate(spec.get("data_roots", [])):
        rel, stated = (item, False) if isinstance(item, str) else (item["path"], item.get("outside_repository"))
        path = ("data_roots", i) if isinstance(item, str) else ("data_roots", i, "path")
        folder = (root / rel).resolve()
        if broad := _too_broad(folder):
            c.add(path, f"expected the folder that holds the data files, got {rel!r}, which is {broad}; a case "
                  "must never be able to read any file there, so name the data folder itself")
        elif not folder.is_relative_to(fence) and not stated:
            c.add(path, f"expected a folder inside the case's git repository (or, in no repository, beside the "
                  f"case folder), got {rel!r}, which is outside it; if the data really live there, state it: "
                  f"{{path: {rel}, outside_repository: true}}")
        else:
            allowed.append(folder)
    return allowed


def check_files(spec: dict, root: Path, c: Checker) -> dict[str, Path]:
    roots = check_roots(spec, root, c)
    files = {}
    for kind, opts in spec["data"].items():
        found = resolve_file(root, opts["file"], roots, ("data", kind, "file"), c)
        if found:
            files[kind] = found
    for section, rel in spec.get("narrative", {}).items():
        if section not in SECTIONS:
            c.add(("narrative", section), f"expected a report section {SECTIONS}, got "
                  f"{section!r}{did_you_mean(section, SECTIONS)}", key=True)
        found = resolve_file(root, rel, [], ("narrative", section), c)
        if found:
            files[f"narrative:{section}"] = in_language(found, spec["engagement"].get("language") or "en")
    return files


def in_language(path: Path, lang: str) -> Path:
    """text/summary.md, or text/<lang>/summary.md when the case wrote the section in the report's language too:
    a case may hold its narrative in several languages and the build picks engagement.language's (issue 13)."""
    translated = path.parent / lang / path.name
    return translated if lang != "en" and translated.is_file() else path


def check_spec(spec: dict, loc: Located, root: Path) -> tuple[dict[str, Path], list[Problem]]:
    c = Checker(loc)
    check_ids(spec, c)
    check_dates(spec, c)
    check_scrub_patterns(spec, c)
    check_feedback(spec, c)
    check_columns(spec, c)  # data.<kind>.columns keys, declared yes/no words (DATA's checks)
    files = check_files(spec, root, c)
    return files, c.problems
