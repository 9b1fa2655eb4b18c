"""`smaa check --all CASES`: every case of a repository and its benchmark reference set in one run.

Each case gets the verdict `smaa check` gives it (problems located in its own files). On top, across the portfolio:
- the reference set (<cases>/_reference/cases.csv) read with the same located checks;
- a case whose newest published version was built against an older reference set than the current one (its
  next build will benchmark against the new set; the published version keeps the old);
- a draft published more than `stale_days` days ago with no feedback item of its round yet.
The portfolio's findings are warnings: they ask for attention, they do not make the run fail unless --strict."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import Problem, SpecError
from ..portfolio import current_set
from ..portfolio.collect import Engagement, case_folders, engagement
from ..portfolio.reference import short, validate
from ..spec.paths import display_path
from .check import Verdict, check

STALE_DAYS = 30


@dataclass
class AllVerdict:
    cases: dict[str, Verdict] = field(default_factory=dict)  # case folder (as shown) -> its verdict
    portfolio: list[Problem] = field(default_factory=list)  # the reference set and the cross-case notes

    def failed(self, strict: bool) -> bool:
        return any(v.failed(strict) for v in self.cases.values()) or any(
            p.severity == "error" or strict for p in self.portfolio)


def reference_problems(set_path: Path) -> list[Problem]:
    if not set_path.is_file():
        return []
    try:
        validate(set_path)
    except SpecError as exc:
        return list(exc.problems)
    return []


def older_set(e: Engagement, current: str | None, where: str) -> list[Problem]:
    newest = e.newest
    if current is None or newest is None or newest.reference_sha256 in (None, current):
        return []
    return [Problem(where, 0, 0, "", f"{newest.name} was built against an older benchmark set "
                    f"({short(newest.reference_sha256)}; current {short(current)}): the next build uses the "
                    "current set, the published version keeps its own", "warning")]


def stale_draft(e: Engagement, today: date, days: int, where: str) -> list[Problem]:
    newest = e.newest
    if newest is None or newest.status != "draft" or newest.round in e.feedback_rounds:
        return []
    age = (today - date.fromisoformat(newest.date)).days
    if age <= days:
        return []
    return [Problem(where, 0, 0, "", f"{newest.name} was published {age} days ago ({newest.date}) and has "
                    f"no feedback item for round {newest.round} yet (more than {days} days)", "warning")]


def check_all(cases_dir: Path, strict: bool = False, out_root: Path = Path("build"), stale_days: int = STALE_DAYS,
              today: date | None = None) -> AllVerdict:
    today = today or date.today()
    cases_dir = Path(cases_dir)
    verdict = AllVerdict(portfolio=reference_problems(cases_dir / "_reference" / "cases.csv"))
    current = current_set(cases_dir)
    for folder in case_folders(cases_dir):
        e, where = engagement(folder), display_path(folder / "case.yaml")
        verdict.cases[display_path(folder)] = check(folder, strict, out_root)
        verdict.portfolio += older_set(e, current, where) + stale_draft(e, today, stale_days, where)
    return verdict
