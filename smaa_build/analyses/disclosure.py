"""M12 statistical disclosure control of interview-derived tables: which group cells may be published.

Order of remedies (methods.md M12): collapse categories (levels -> management / operations, small functions ->
"other"), then primary suppression (n < k_min or a unique-role interviewee in the group), then complementary
suppression along every line whose total is shown or derivable, so that no suppressed cell can be recovered by
subtraction.

Cells are long-form DataFrames with at least an `n` column (respondents behind the cell) and a `unique_role`
column (the group contains an interviewee whose role is held by one person). Marking adds `suppressed` (bool)
and `suppression` ("primary", "complementary" or "").

Unique-role scope [SMAA convention]: M12's example is "the only L1 in a function", i.e. a role is a function ×
level cell. With scope "role_cell" (default) the rule fires for groups defined at that granularity (one function
and one level); coarser groups (a whole function, management across functions) follow the k_min rule, which is
what makes collapsing a remedy. Scope "any" applies the rule to every group containing such a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ..facts import K_MIN_DEFAULT
from .chapter1.common import convention, distinct_per, grouped
from . import reasons
from .reasons import Reason

UNIQUE_ROLE_SCOPE = "role_cell"
SMALL_FUNCTIONS = "other"
OTHER = "other"
MANAGEMENT, OPERATIONS = "management", "operations"
# Grouping columns that pin a role: a function (as published, possibly merged into "other") and an original level.
ROLE_FUNCTION_KEYS = ("function", "function_group")
ROLE_LEVEL_KEYS = ("level",)

CONVENTIONS = [
    {"name": "disclosure.k_min_default", "value": K_MIN_DEFAULT,
     "source": "SMAA convention (methods.md M12; OECD SDC glossary 'threshold rule': 3 or 5; allowed 3–10; "
               "set per case in report.k_min)"},
    {"name": "disclosure.unique_role_scope", "value": UNIQUE_ROLE_SCOPE,
     "source": "SMAA convention (methods.md M12 unique-role rule read at the function × level granularity; "
               "'any' = every group containing the person)"},
    {"name": "disclosure.small_functions", "value": SMALL_FUNCTIONS,
     "source": "SMAA convention (methods.md M12 remedies: functions below k_min merged into 'other' before "
               "suppression; 'suppress' keeps them and suppresses)"},
]


def publishable(n, has_unique_role: bool, k_min: int) -> bool:
    """M12 threshold and unique-role rules for one cell."""
    if n is None or pd.isna(n):
        return False
    return int(n) >= int(k_min) and not bool(has_unique_role)


WITHHELD = Reason(reasons.WITHHELD)


def described(reason: str, n_present, has_unique_role: bool, k_min: int) -> tuple[bool, str]:
    """(suppressed, reason) for a statement that one side of a group has nothing ("no operations ratings in this
    function"): it describes the rest of the group, all of whom are on the other side, so it is withheld like a
    number when that part (n_present respondents) could not be published."""
    hidden = not publishable(n_present, has_unique_role, k_min)
    return hidden, WITHHELD if hidden else reason


def unique_role_scope(spec) -> str:
    return str(convention(spec, "disclosure.unique_role_scope", UNIQUE_ROLE_SCOPE))


def unique_role_applies(by: Iterable[str], scope: str) -> bool:
    """Whether a grouping by these columns is fine enough for the unique-role rule."""
    by = set(by)
    return scope == "any" or (bool(by & set(ROLE_FUNCTION_KEYS)) and bool(by & set(ROLE_LEVEL_KEYS)))


def group_cells(members: pd.DataFrame, by: Sequence[str], scope: str = UNIQUE_ROLE_SCOPE,
                id_col: str = "interviewee_id") -> pd.DataFrame:
    """n (distinct respondents) and the unique-role flag per group of `members`. The role columns are
    ROLE_FUNCTION_KEYS and ROLE_LEVEL_KEYS; a collapsed level grouping must use another name (e.g. "level_group"),
    or the unique-role rule fires as for role cells."""
    by = list(by)
    if members.empty:
        return pd.DataFrame(columns=[*by, "n", "unique_role"])
    unique = members["unique_role"].astype(bool) if "unique_role" in members else pd.Series(False, members.index)
    out = _plain_group_cells(members, by, id_col, unique)
    if out is None:
        g = members.assign(_u=unique).groupby(by, sort=True, dropna=False)
        out = g.agg(n=(id_col, "nunique"), unique_role=("_u", "any")).reset_index()
    if not unique_role_applies(by, scope):
        out["unique_role"] = False
    return out


def _plain_group_cells(members: pd.DataFrame, by: list[str], id_col: str, unique: pd.Series) -> pd.DataFrame | None:
    """group_cells' groupby in plain Python (a pandas groupby costs milliseconds on the few hundred rows of an
    interview table, and M12 runs dozens of them); None where common.grouped leaves it to pandas."""
    plain = grouped(members, by, id_col)
    if plain is None:
        return None
    out, groups = plain
    ids, flags = members[id_col].tolist(), unique.tolist()
    out["n"] = np.asarray([len({ids[i] for i in pos}) for pos in groups], dtype=np.int64)
    out["unique_role"] = np.asarray([any(flags[i] for i in pos) for pos in groups], dtype=bool)
    return out


def mark_primary(cells: pd.DataFrame, k_min: int, n: str = "n", unique: str = "unique_role") -> pd.DataFrame:
    """Copy of `cells` with `suppressed`/`suppression` set by the threshold and unique-role rules."""
    out = cells.copy()
    flags = out[unique] if unique in out else pd.Series(False, index=out.index)
    ok = [publishable(v, u, k_min) for v, u in zip(out[n], flags)]
    out["suppressed"] = [not x for x in ok]
    out["suppression"] = ["" if x else "primary" for x in ok]
    return out


def _complement_line(members: list[int], suppressed: list[bool], size: list[float], tie: list[tuple]) -> int | None:
    """The smallest unsuppressed cell (position) of a line that has exactly one suppressed cell; None otherwise."""
    if sum(suppressed[i] for i in members) != 1:
        return None
    free = [i for i in members if not suppressed[i]]
    return min(free, key=lambda i: (size[i], tie[i])) if free else None


def _lines(values: list) -> list[list[int]]:
    """Positions of each line (cells sharing a value; missing values are no line), lines in order of str(value)
    as the groupby this replaces sorted them, positions in row order."""
    groups: dict = {}
    for i, v in enumerate(values):
        if not pd.isna(v):
            groups.setdefault(v, []).append(i)
    return [groups[k] for k in sorted(groups, key=str)]


def _text_columns(df: pd.DataFrame, n: str) -> list[str]:
    skip = {n, "suppressed", "suppression", "unique_role"}
    return [c for c in df.columns if c not in skip and not pd.api.types.is_numeric_dtype(df[c])]


def complementary_suppression(cells: pd.DataFrame, lines: Sequence[str], n: str = "n",
                              keys: Sequence[str] | None = None) -> pd.DataFrame:
    """Each column in `lines` defines lines with a (shown or derivable) total: e.g. lines=["row", "col"] for a
    two-way table with both margins, lines=["activity"] for a group × activity table whose per-activity company
    figure is published. A line with exactly one suppressed cell gets a second one, the smallest remaining cell
    (ties broken by `keys`); repeated until no line changes. Expects `suppressed` from mark_primary."""
    out = cells.copy()
    keys = list(keys) if keys is not None else _text_columns(out, n)
    # plain lists: the tables are small and a pandas call per line cost more than the rule itself
    suppressed = [bool(v) for v in out["suppressed"].tolist()]
    suppression = out["suppression"].tolist()
    size = [float(v) for v in pd.to_numeric(out[n], errors="coerce").fillna(0).tolist()]
    tie = list(zip(*[[str(v) for v in out[k].tolist()] for k in keys])) if keys else [()] * len(out)
    groups = [_lines(out[line].tolist()) for line in lines]
    changed = True
    while changed:
        changed = False
        for line_groups in groups:
            for members in line_groups:
                pick = _complement_line(members, suppressed, size, tie)
                if pick is not None:
                    suppressed[pick], suppression[pick], changed = True, "complementary", True
    out["suppressed"] = pd.Series(suppressed, index=out.index, dtype=out["suppressed"].dtype)
    out["suppression"] = pd.Series(suppression, index=out.index, dtype=out["suppression"].dtype)
    return out


def totals_to_suppress(cells: pd.DataFrame, lines: Sequence[str]) -> dict[str, list]:
    """Lines whose total would reveal a suppressed cell because the line has no second cell to suppress
    (a one-cell line); their total must be suppressed too."""
    out: dict[str, list] = {}
    for line in lines:
        sup = cells.groupby(line, sort=True)["suppressed"].agg(["sum", "size"])
        out[line] = sorted(str(k) for k, r in sup.iterrows() if r["sum"] == 1 and r["size"] == 1)
    return out


def suppress_table(cells: pd.DataFrame, k_min: int, lines: Sequence[str] = (), n: str = "n",
                   keys: Sequence[str] | None = None) -> pd.DataFrame:
    """Primary suppression, then complementary suppression along `lines` (none: primary only)."""
    out = mark_primary(cells, k_min, n=n)
    return complementary_suppression(out, lines, n=n, keys=keys) if lines else out


def whole_sample_rule(items: list, k_min: int) -> list:
    """Company-level findings rest on everyone in their sample: with fewer than k_min respondents (n) they are
    suppressed too. Tables' rows with an `n` below k_min are marked the same way. Returns `items`."""
    for item in items:
        if hasattr(item, "rows"):
            for row in item.rows:
                if isinstance(row.get("n"), (int, float)) and row["n"] < k_min:
                    row["suppressed"] = True
        elif item.n is not None and item.n < k_min and item.value is not None:
            item.suppressed = True
    return items


def collapse_levels(levels: pd.Series, management_levels: Iterable[str]) -> pd.Series:
    """Level ids -> "management" (declared management levels) or "operations" (the rest)."""
    mgmt = {str(x) for x in management_levels}
    return levels.astype(str).map(lambda v: MANAGEMENT if v in mgmt else OPERATIONS)


def collapse_small(groups: pd.Series, k_min: int, ids: pd.Series | None = None, other: str = OTHER) -> pd.Series:
    """Groups with fewer than k_min distinct respondents (`ids`, or rows when not given) -> `other`."""
    counts = distinct_per(groups.tolist(), ids.tolist()) if ids is not None else groups.value_counts()
    small = {str(g) for g, c in counts.items() if c < k_min}
    return groups.astype(str).map(lambda g: other if g in small else g)


def function_groups(people: pd.DataFrame, spec, k_min: int) -> pd.Series:
    """Function of each respondent as published: small functions merged into "other" unless the case sets
    conventions disclosure.small_functions: suppress."""
    if convention(spec, "disclosure.small_functions", SMALL_FUNCTIONS) != "other":
        return people["function"].astype(str)
    return collapse_small(people["function"], k_min, ids=people["interviewee_id"])


def crosstab_cells(people: pd.DataFrame, row: str, col: str, k_min: int,
                   scope: str = UNIQUE_ROLE_SCOPE) -> pd.DataFrame:
    """Counts table row × col (e.g. function × level of interviewees) with both margins shown: long-form cells
    with n, primary and complementary suppression. Empty combinations are not cells (structural zeros)."""
    cells = group_cells(people, [row, col], scope)
    return suppress_table(cells, k_min, lines=[row, col], keys=[row, col])
