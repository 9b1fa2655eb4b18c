"""Pass 2a: checks the schema cannot express — unique ids, dates in order, files that exist and stay inside
the case folder, feedback that names real sections."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from .yamlio import Located, dotted

SECTIONS = ["home", "engagement", "mapping", "alignment", "benchmark", "risks", "recommendations", "value",
            "resilience", "changes", "feedback", "appendix"]


class Checker:
    """Collects located problems against the YAML positions in `loc`."""

    def __init__(self, loc: Located):
        self.loc, self.problems = loc, []

    def add(self, path: tuple, message: str, severity: str = "error") -> None:
        line, col = self.loc.where(path)
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
            c.add(path + (i, field), f"duplicate {field} {value!r} (already used by item {first[value]}); "
                  f"every {field} must be unique")
        first.setdefault(value, i)


def check_dates(spec: dict, c: Checker) -> None:
    period = spec["engagement"].get("period")
    if period and period["start"] > period["end"]:
        c.add(("engagement", "period", "end"), f"expected a date on or after start {period['start']}, "
              f"got {period['end']}")


def check_feedback(spec: dict, c: Checker) -> None:
    for i, item in enumerate(spec.get("feedback", [])):
        if item["section"] not in SECTIONS:
            c.add(("feedback", i, "section"), f"expected one of the report sections {SECTIONS}, got {item['section']!r}")
        if item["status"] == "addressed" and not item.get("response"):
            c.add(("feedback", i), "an addressed item needs a `response:` saying what changed")
        if item["round"] > spec["report"]["round"]:
            c.add(("feedback", i, "round"), f"expected a round up to the report's round {spec['report']['round']}, "
                  f"got {item['round']}")


def resolve_file(root: Path, rel: str, roots: list[Path], path: tuple, c: Checker) -> Path | None:
    """Absolute path of `rel` if it exists, is a file and stays inside the case folder or a data root."""
    target = (root / rel).resolve()
    if not any(target.is_relative_to(r) for r in [root, *roots]):
        c.add(path, f"expected a path inside the case folder (or a folder listed in data_roots), got {rel!r}, "
              f"which resolves outside it; move the file or add its folder to data_roots")
        return None
    if not target.is_file():
        what = "a folder" if target.is_dir() else "missing"
        c.add(path, f"expected an existing file, got {rel!r} ({what}); check the path, relative to case.yaml")
        return None
    return target


def check_files(spec: dict, root: Path, c: Checker) -> dict[str, Path]:
    roots = [(root / r).resolve() for r in spec.get("data_roots", [])]
    files = {}
    for kind, opts in spec["data"].items():
        found = resolve_file(root, opts["file"], roots, ("data", kind, "file"), c)
        if found:
            files[kind] = found
    for section, rel in spec.get("narrative", {}).items():
        if section not in SECTIONS:
            c.add(("narrative", section), f"expected a report section {SECTIONS}, got {section!r}")
        found = resolve_file(root, rel, [], ("narrative", section), c)
        if found:
            files[f"narrative:{section}"] = found
    return files


def check_spec(spec: dict, loc: Located, root: Path) -> tuple[dict[str, Path], list[Problem]]:
    c = Checker(loc)
    check_ids(spec, c)
    check_dates(spec, c)
    check_feedback(spec, c)
    files = check_files(spec, root, c)
    return files, c.problems
