"""The exception tree. The CLI catches SmaaError and prints it without a traceback (exit 1);
any other exception is a bug and keeps its traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One located problem: `where` is `file:line:col` (YAML) or `file:row:column` (data)."""

    file: str
    line: int
    col: int | str  # a column number in YAML, a column name in a data file
    key: str
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        loc = self.file
        if self.line:
            loc += f":{self.line}"
            loc += f":{self.col}" if self.col else ""  # a YAML column number or a data column's name
        key = f" {self.key}:" if self.key else ""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{loc}:{key} {prefix}{self.message}"


class SmaaError(Exception):
    """Base of every expected failure; its message is shown to the user as is."""


class SpecError(SmaaError):
    """Raised by smaa_build.spec when case.yaml or its data files are invalid; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))


def _problem_order(p: Problem) -> tuple:
    col = (0, p.col, "") if isinstance(p.col, int) else (1, 0, p.col)
    return (p.file, p.line, col, p.key, p.message)


class DataError(SmaaError):
    """Raised while reading data files after validation (e.g. a file changed under us)."""


class AnalysisError(SmaaError):
    """Raised by an analysis when the Case cannot support it in a way validation could not foresee."""


class RenderError(SmaaError):
    """Raised by smaa_build.pages: narrative cites an unknown finding key, a path is written twice, …"""


class SiteError(SmaaError):
    """Raised by smaa_build.site when mkdocs fails or a publish is refused."""
