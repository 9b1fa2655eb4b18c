"""The coding workbook: the reconciled `consensus` sheet and one sheet per coder, each with exactly the columns
data.codes reads, a dropdown on every coded cell and a locked header; a sheet listing the interviews the coders
double-code for reliability (methods.md M1), drawn at random with a recorded seed, stratified by function."""

from __future__ import annotations

import math

import numpy as np

from ..analyses.chapter1.common import convention
from ..analyses.chapter1.reliability import DOUBLE_CODED_PER_FUNCTION, DOUBLE_CODED_SHARE
from ..spec.case import settings as typed
from ..spec.columns import CODE_DOMAINS
from ..spec.kitbook import CODE_COLUMNS, CONSENSUS
from . import xlsx

SUBSET = "Double-coding"
ROWS_PER_UNIT = 1.5  # rows formatted ahead per interviewee × activity × dimension: multi-valued codes need more


def double_coding_subset(people: list[tuple[str, str]], seed: int, share: float = DOUBLE_CODED_SHARE,
                         per_function: int = DOUBLE_CODED_PER_FUNCTION) -> list[tuple[str, str]]:
    """(id, function) of the interviews both coders code: in every function ceil(share × its interviews), at
    least `per_function` (all of them when it has fewer), drawn without replacement by numpy's generator seeded
    with `seed`. Stratifying makes the share hold in each function, so the total is at least share × all."""
    rng = np.random.default_rng(seed)
    picked = []
    for function in sorted({f for _i, f in people}):
        ids = sorted(i for i, f in people if f == function)
        n = min(len(ids), max(per_function, math.ceil(share * len(ids))))
        picked += [(str(i), function) for i in rng.choice(ids, size=n, replace=False)]
    return sorted(picked, key=lambda p: (p[1], p[0]))


def subset_targets(spec) -> tuple[float, int]:
    return (float(convention(spec, "reliability.double_coded_share", DOUBLE_CODED_SHARE)),
            int(convention(spec, "reliability.double_coded_per_function", DOUBLE_CODED_PER_FUNCTION)))


def vocabularies(spec, ids: list[str], coders: list[str]) -> dict[str, list[str]]:
    """Every dropdown's list: interviewee ids, coders, activities, dimensions, and each dimension's codes."""
    lists = {"interviewee_id": sorted(ids) or [""], "coder_id": [CONSENSUS, *coders],
             "activity": [a.id for a in typed(spec).organisation.activities], "dimension": list(CODE_DOMAINS)}
    return lists | {f"codes_{dim}": list(domain) for dim, domain in CODE_DOMAINS.items()}


def _coder_sheet(book, name: str, names: dict[str, str], rows: int) -> None:
    ws = xlsx.table_sheet(book, name, CODE_COLUMNS, {"interviewee_id": 16, "activity": 18, "dimension": 20,
                                                     "value": 20})
    last = rows + 1
    xlsx.open_columns(ws, len(CODE_COLUMNS))
    if names.get("interviewee_id"):
        xlsx.dropdown(ws, names["interviewee_id"], f"A2:A{last}", "an interviewee id")
    xlsx.dropdown(ws, f'"{name}"', f"B2:B{last}", f"the coder ({name})")
    xlsx.dropdown(ws, names["activity"], f"C2:C{last}", "an activity")
    xlsx.dropdown(ws, names["dimension"], f"D2:D{last}", "a dimension")
    # the value's list depends on the row's dimension: the workbook name list_codes_<dimension>
    xlsx.dropdown(ws, 'INDIRECT("list_codes_"&$D2)', f"E2:E{last}", "a code of the row's dimension")
    ws.auto_filter.ref = f"A1:E{last}"
    xlsx.protect(ws)


def _subset_sheet(book, subset: list[tuple[str, str]], seed: int, share: float, per_function: int) -> None:
    ws = xlsx.table_sheet(book, SUBSET, ["interviewee_id", "function"])
    for row in subset:
        ws.append(list(row))
    ws.cell(1, 4, f"Drawn with seed {seed}: in each function {share:.0%} of its interviews, at least "
                  f"{per_function} (methods.md M1). Every coder codes these interviews on their own sheet.")
    xlsx.protect(ws)


INSTRUCTIONS = [
    "One row per interviewee × activity × dimension × code. A dimension with several codes (purpose, metric "
    "family, …) takes one row per code.",
    "Sheet 'consensus': the reconciled codes of every interview, after the reconciliation meeting. This is the code "
    "set the report uses.",
    "One sheet per coder: the interviews listed on the sheet '{subset}', coded independently. smaa compares them "
    "for the reliability annex (Krippendorff's α, Cohen's κ).",
    "Choose every value from its dropdown. The code list follows the dimension chosen in the same row.",
    "Do not rename, delete or reorder the sheets or their header row: `smaa check` reads this workbook as it is "
    "(declare it as data.codes.file in case.yaml) and reports any change at its sheet, row and column.",
    "Blank rows are skipped. Codes: use 0/1; intensity 0 none, 1 ad hoc, 2 regular, 3 formalised (KPI with target).",
]


def coding_workbook(spec, people: list[tuple[str, str]], coders: list[str], seed: int, planned: int = 0):
    """The workbook, and the double-coded subset it lists. Rows are formatted ahead for the register's
    interviews, or the plan's (`planned`) before the register exists."""
    share, per_function = subset_targets(spec)
    subset = double_coding_subset(people, seed, share, per_function)
    book = xlsx.new_book()
    xlsx.add_instructions(book, "Coding workbook", [t.format(subset=SUBSET) for t in INSTRUCTIONS])
    names = xlsx.add_lists(book, vocabularies(spec, [i for i, _f in people], coders))
    if not people:
        names.pop("interviewee_id")  # no register yet: run `smaa kit` again once the interviewees file exists
    units = len(typed(spec).organisation.activities) * len(CODE_DOMAINS)
    n_all = max(len(people), planned, 1)
    _coder_sheet(book, CONSENSUS, names, math.ceil(n_all * units * ROWS_PER_UNIT))
    for coder in coders:
        expected = len(subset) or math.ceil(n_all * share)
        _coder_sheet(book, coder, names, math.ceil(expected * units * ROWS_PER_UNIT))
    _subset_sheet(book, subset, seed, share, per_function)
    xlsx.add_manifest(book, {"kind": "codes", "sheets": ",".join([CONSENSUS, *coders]), "seed": str(seed)})
    return book, subset
