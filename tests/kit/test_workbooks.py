"""The kit's workbooks, opened with openpyxl as a researcher's spreadsheet program would: a dropdown on every coded
cell, locked headers, the double-coding subset drawn as methods.md M1 asks; and the acceptance test: the coding
workbook filled with the demo's own codes gives the demo's findings."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from .helpers import DEMO, case_copy, fill_workbook
from smaa_build import findings as F
from smaa_build.analyses import run_all
from smaa_build.kit import make_kit
from smaa_build.kit.coding import double_coding_subset
from smaa_build.spec import load_case
from smaa_build.spec.columns import CODE_DOMAINS
from smaa_build.spec.fieldwork import PLAN_COLUMNS, minimums
from smaa_build.spec.kitbook import CODE_COLUMNS, CONSENSUS, MANIFEST


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    return make_kit(DEMO, tmp_path_factory.mktemp("kit"), pdf=False)


def covered(ws, col: str, last: int) -> bool:
    """Whether one data validation covers every cell of `col` from row 2 to `last`."""
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            c1, r1, c2, r2 = range_boundaries(rng.coord)
            if c1 <= range_boundaries(f"{col}1")[0] <= c2 and r1 <= 2 and r2 >= last:
                return True
    return False


def _capacity(ws) -> int:
    return max(range_boundaries(r.coord)[3] for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges)


def test_every_coded_cell_has_a_dropdown_and_the_header_is_locked(kit):
    book = load_workbook(kit.files["coding"])
    sheets = book[MANIFEST]["B2"].value.split(",")
    assert sheets == [CONSENSUS, "C1", "C2"]
    for name in sheets:
        ws = book[name]
        assert [c.value for c in ws[1]] == CODE_COLUMNS
        last = _capacity(ws)
        assert all(covered(ws, get_column_letter(i), last) for i in range(1, 6)), name
        assert ws.protection.sheet and ws["A1"].protection.locked
        assert all(not ws.column_dimensions[get_column_letter(i)].protection.locked for i in range(1, 6))
    # the consensus sheet has room for every interview × activity × dimension
    assert _capacity(book[CONSENSUS]) - 1 >= 72 * 11 * len(CODE_DOMAINS)
    value = next(dv for dv in book[CONSENSUS].data_validations.dataValidation if "E2" in str(dv.sqref))
    assert value.formula1 == 'INDIRECT("list_codes_"&$D2)' and value.errorStyle == "stop"
    for dim, domain in CODE_DOMAINS.items():  # the named lists the value dropdown reads
        ref = book.defined_names[f"list_codes_{dim}"].attr_text
        sheet, cells = ref.split("!")
        assert [c.value for row in book[sheet.strip("'")][cells.replace("$", "")] for c in row] == domain


def test_ratings_and_plan_workbooks_validate_their_cells(kit):
    ratings = load_workbook(kit.files["ratings"])
    ws = ratings.worksheets[0]
    assert ws.title == "ratings" and [c.value for c in ws[1]] == ["interviewee_id", "item", "score"]
    last = _capacity(ws)
    assert last - 1 >= 72 * 4 and all(covered(ws, c, last) for c in "ABC")
    score = next(dv for dv in ws.data_validations.dataValidation if "C2" in str(dv.sqref))
    assert (score.type, score.formula1, score.formula2) == ("whole", "1", "5")
    plan = load_workbook(kit.files["plan"])["Plan"]
    assert [c.value for c in plan[1]] == PLAN_COLUMNS
    assert plan.max_row - 1 == sum(minimums_demo().values()) == 7 * 4 * 3  # ceil(5 / 2) per level, 7 functions
    last = _capacity(plan)
    assert last > plan.max_row + 100  # room for interviews added later
    for name in ("function", "level", "unique_role", "consent", "status"):
        assert covered(plan, get_column_letter(PLAN_COLUMNS.index(name) + 1), last), name
    coverage = load_workbook(kit.files["plan"])["Coverage"]
    assert coverage["E2"].value == (f"=COUNTIFS('Plan'!$B$2:$B${last},\"comms\",'Plan'!$C$2:$C${last},\"L1\","
                                    f"'Plan'!$K$2:$K${last},\"<>cancelled\")")
    assert coverage["F2"].value.endswith(f"'Plan'!$K$2:$K${last},\"done\",'Plan'!$J$2:$J${last},\"<>no\","
                                         f"'Plan'!$J$2:$J${last},\"<>withdrawn\")")


def minimums_demo():
    from smaa_build.spec import load_spec

    return minimums(load_spec(DEMO)[0])


def test_minimum_per_cell_lets_every_function_and_level_group_reach_k_min():
    spec = {"report": {"k_min": 5}, "organisation": {
        "functions": [{"id": "a"}, {"id": "b"}], "management_levels": ["L1"],
        "levels": [{"id": "L1"}, {"id": "L2"}, {"id": "L3"}, {"id": "L4"}]}}
    need = minimums(spec)
    assert need[("a", "L1")] == 5  # management is one level: it alone must reach k_min
    assert need[("a", "L2")] == need[("b", "L4")] == 2  # ceil(5 / 3) for the three operations levels
    assert sum(need[("a", lv)] for lv in ("L2", "L3", "L4")) >= 5


def test_double_coding_subset_is_stratified_seeded_and_sized_by_m1():
    people = [(f"P{i:02d}", "big") for i in range(20)] + [("Q1", "small"), ("Q2", "small"), ("Q3", "small")] + \
             [("R1", "one")]
    subset = double_coding_subset(people, seed=7)
    by = pd.Series([f for _i, f in subset]).value_counts().to_dict()
    assert by == {"big": math.ceil(0.2 * 20), "small": 2, "one": 1}  # 20 %, at least 2, all of a smaller function
    assert subset == double_coding_subset(people, seed=7)
    assert subset != double_coding_subset(people, seed=8)
    assert len(subset) >= 0.2 * len(people)


def test_demo_subset_meets_the_reliability_target(kit):
    functions = {f for _i, f in kit.double_coded}
    assert len(kit.double_coded) >= 0.2 * 72 and len(functions) == 7


def test_the_filled_coding_workbook_gives_the_demos_findings(kit, demo_findings, tmp_path):
    case = case_copy(DEMO, tmp_path / "demo", codes_file="data/coding.xlsx")
    codes = pd.read_csv(DEMO / "data" / "codes.csv", dtype=str, keep_default_na=False)
    fill_workbook(kit.files["coding"], codes, case / "data" / "coding.xlsx")
    (case / "data" / "codes.csv").unlink()
    loaded = load_case(case)
    assert len(loaded.tables["codes"]) == len(codes)
    assert F.dumps(run_all(loaded)) == demo_findings


def test_a_coders_row_on_another_coders_sheet_is_located(kit, tmp_path):
    from smaa_build.spec.kitbook import read_kit_codes

    book = load_workbook(kit.files["coding"])
    book["C2"].append(["INT-22YF8V", "C1", "monitoring", "use", "1"])
    book.save(tmp_path / "c.xlsx")
    df, problems = read_kit_codes(tmp_path / "c.xlsx", "c.xlsx")
    assert [str(p) for p in problems] == [
        "c.xlsx[C2]:2:coder_id: expected 'C2' (the coder this sheet belongs to), got 'C1' (move the row to the sheet "
        "'C1', or fix the coder)"]
    assert len(df) == 1


def test_kit_writes_every_file(tmp_path):
    pytest.importorskip("weasyprint")
    result = make_kit(DEMO, tmp_path / "build")
    names = sorted(p.name for p in result.files.values())
    assert names == ["codebook.qdc", "coding.xlsx", "interview-guide.md", "interview-guide.pdf", "plan.xlsx",
                     "ratings-form.pdf", "ratings.xlsx"]
    assert all(p.stat().st_size > 0 for p in result.files.values())
    # opening, two level groups, one page per function
    assert result.guide_pages == 1 + 2 + 7
    md = result.files["guide_md"].read_text(encoding="utf-8")
    assert "## Function: Customer care" in md and "**Crisis and reputation management** (`crisis`)" in md


def test_the_filled_ratings_workbook_reads_back_as_data_ratings(kit, tmp_path):
    from smaa_build.spec import load_spec
    from smaa_build.spec.data import read_kind

    ratings = pd.read_csv(DEMO / "data" / "ratings.csv", dtype=str, keep_default_na=False)
    book = load_workbook(kit.files["ratings"])
    for i, row in enumerate(ratings.itertuples(index=False), start=2):
        for j, value in enumerate(row, start=1):
            book["ratings"].cell(i, j, int(value) if j == 3 else value)
    book.save(tmp_path / "ratings.xlsx")
    spec = load_spec(DEMO)[0]
    df, problems = read_kind("ratings", tmp_path / "ratings.xlsx", spec["data"]["ratings"], spec)
    csv_df, _ = read_kind("ratings", DEMO / "data" / "ratings.csv", spec["data"]["ratings"], spec)
    assert problems == []
    pd.testing.assert_frame_equal(df.reset_index(drop=True), csv_df.reset_index(drop=True), check_dtype=False)
