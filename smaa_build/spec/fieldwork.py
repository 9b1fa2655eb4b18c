"""The interview plan `smaa kit` writes (build/<id>/kit/plan.xlsx) and the fieldwork progress `smaa check` reads
from it once it is filled in.

Minimum per cell [SMAA convention]: the report publishes interview statistics per function × level group
(management = organisation.management_levels, operations = the other levels; methods.md M12 collapses levels
that way). A group is shown only with at least k_min interviewees, so each of its levels gets
ceil(k_min / levels in the group) slots: filled, every function × group cell the report should show can be shown.
The plan holds names; only counts per cell leave it."""

from __future__ import annotations

import math
from pathlib import Path

PLAN_SHEET = "Plan"
COVERAGE_SHEET = "Coverage"
PLAN_COLUMNS = ["slot", "function", "level", "name", "role", "unique_role", "interviewee_id", "date",
                "interviewer", "consent", "status"]
NAME_COLUMN = "name"  # the one column with a person's name: it never leaves the kit
STATUSES = ["planned", "scheduled", "done", "cancelled"]
CONSENT = ["yes", "no", "withdrawn"]
DONE = "done"
MANAGEMENT, OPERATIONS = "management", "operations"


def level_groups(spec) -> dict[str, str]:
    """level id -> management / operations."""
    managers = set(spec["organisation"].get("management_levels") or [])
    return {lv["id"]: MANAGEMENT if lv["id"] in managers else OPERATIONS for lv in spec["organisation"]["levels"]}


def minimums(spec) -> dict[tuple[str, str], int]:
    """(function, level) -> the slots the plan asks for."""
    k_min = int(spec["report"]["k_min"])
    groups = level_groups(spec)
    size = {g: sum(1 for v in groups.values() if v == g) for g in set(groups.values())}
    return {(f["id"], lv): math.ceil(k_min / size[g]) for f in spec["organisation"]["functions"]
            for lv, g in groups.items()}


def plan_path(out_root: Path, case_id: str) -> Path:
    return Path(out_root) / case_id / "kit" / "plan.xlsx"


def read_plan(path: Path) -> list[dict]:
    """The plan's filled rows (function, level, status, consent, …) as text; names are not kept."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book[PLAN_SHEET].iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(rows, ())]
        out = [{h: str(v).strip() if v is not None else "" for h, v in zip(header, r) if h and h != NAME_COLUMN}
               for r in rows]
    finally:
        book.close()
    return [r for r in out if r.get("function") and r.get("level")]


def _done(rows: list[dict]) -> list[dict]:
    """Interviews that count: done, and consent not refused or withdrawn."""
    return [r for r in rows if r.get("status") == DONE and r.get("consent") not in ("no", "withdrawn")]


def progress(spec, rows: list[dict]) -> list[str]:
    """Lines for `smaa check`: done against the minimum per function × level, then the function × level-group
    cells that would be suppressed at the current count (fewer than k_min interviews done)."""
    k_min, groups, need = int(spec["report"]["k_min"]), level_groups(spec), minimums(spec)
    done = _done(rows)
    count = {cell: sum(1 for r in done if (r["function"], r["level"]) == cell) for cell in need}
    short = [f"{f} × {lv} {count[f, lv]}/{m}" for (f, lv), m in need.items() if count[f, lv] < m]
    lines = [f"Fieldwork: {len(done)} of {sum(need.values())} planned interviews done; "
             f"{len(need) - len(short)} of {len(need)} function × level cells at their minimum."]
    if short:
        lines.append("  below the minimum (done/minimum): " + ", ".join(short))
    small = []
    for f in spec["organisation"]["functions"]:
        for g in (MANAGEMENT, OPERATIONS):
            n = sum(count[f["id"], lv] for lv, gg in groups.items() if gg == g)
            if n < k_min:
                small.append(f"{f['id']} × {g} ({n})")
    if small:
        lines.append(f"  would be suppressed now (fewer than k_min = {k_min} done): " + ", ".join(small))
    return lines


def report(spec, out_root: Path) -> list[str]:
    """The progress lines when the kit's plan (build/<id>/kit/plan.xlsx) is there and has interviews done."""
    path = plan_path(out_root, spec["engagement"]["id"])
    if not path.is_file():
        return []
    try:
        rows = read_plan(path)
    except Exception as exc:  # a damaged or foreign workbook: say so, it is not a problem of the case
        return [f"Fieldwork: {path} could not be read ({exc.__class__.__name__}); progress not shown."]
    return progress(spec, rows) if any(r.get("status") == DONE for r in rows) else []
