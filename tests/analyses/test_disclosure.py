"""M12 cell rules: threshold, unique role, collapse, primary and complementary suppression."""

import itertools

import pandas as pd
from hypothesis import given, settings, strategies as st

from _factory_ch1 import make_case, people_frame
from smaa_build.analyses import disclosure as sdc


def test_publishable_threshold_and_unique_role():
    assert sdc.publishable(5, False, 5)
    assert not sdc.publishable(4, False, 5)
    assert not sdc.publishable(12, True, 5)  # unique role: never, whatever the size
    assert sdc.publishable(3, False, 3)
    assert not sdc.publishable(None, False, 3)


def _grid(values: dict) -> pd.DataFrame:
    return pd.DataFrame([{"row": r, "col": c, "n": n} for (r, c), n in values.items()])


def _status(cells: pd.DataFrame) -> dict:
    return {(r.row, r.col): r.suppression for r in cells.itertuples()}


def test_row_total_with_one_suppressed_cell_triggers_a_second_suppression():
    # row r1 has one primary cell (3 < 5); the smallest remaining cell of r1 (c3, n=6) must follow it
    cells = _grid({("r1", "c1"): 3, ("r1", "c2"): 9, ("r1", "c3"): 6})
    out = sdc.suppress_table(cells, 5, lines=["row"])
    assert _status(out) == {("r1", "c1"): "primary", ("r1", "c2"): "", ("r1", "c3"): "complementary"}


def test_complementary_suppression_iterates_over_rows_and_columns_until_stable():
    cells = _grid({("a", "x"): 2, ("a", "y"): 7, ("a", "z"): 8,
                   ("b", "x"): 9, ("b", "y"): 6, ("b", "z"): 10,
                   ("c", "x"): 11, ("c", "y"): 12, ("c", "z"): 13})
    out = sdc.suppress_table(cells, 5, lines=["row", "col"])
    got = _status(out)
    # a·x primary; row a -> a·y (7 < 8); column x -> b·x (9 < 11); column y now has a·y only -> b·y (6);
    # row b has b·x and b·y: stable
    assert got[("a", "x")] == "primary"
    assert {k for k, v in got.items() if v == "complementary"} == {("a", "y"), ("b", "x"), ("b", "y")}
    _assert_protected(out, ["row", "col"])


def test_totals_to_suppress_flags_a_one_cell_line():
    cells = _grid({("a", "x"): 2, ("b", "x"): 8, ("b", "y"): 9})
    out = sdc.suppress_table(cells, 5, lines=["row", "col"])
    assert sdc.totals_to_suppress(out, ["row", "col"])["row"] == ["a"]


def _assert_protected(out: pd.DataFrame, lines):
    for line in lines:
        for _, grp in out.groupby(line):
            assert grp["suppressed"].sum() != 1 or len(grp) == 1


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=12, max_size=12), st.integers(3, 10), st.randoms(use_true_random=False))
def test_complementary_suppression_properties(ns, k_min, rnd):
    cells = _grid({(r, c): ns[i] for i, (r, c) in enumerate(itertools.product("abc", "wxyz"))})
    out = sdc.suppress_table(cells, k_min, lines=["row", "col"])
    _assert_protected(out, ["row", "col"])
    primary = cells["n"] < k_min
    assert (out.loc[primary, "suppression"] == "primary").all()  # primary cells stay suppressed
    shuffled = cells.sample(frac=1, random_state=rnd.randint(0, 10**6))
    again = sdc.suppress_table(shuffled, k_min, lines=["row", "col"])
    assert _status(again) == _status(out)  # independent of row order


def test_function_with_three_interviewees_is_merged_into_other():
    people = people_frame([(f"p{i}", "fa", "T3") for i in range(6)] + [(f"q{i}", "fb", "T3") for i in range(3)])
    spec = make_case().spec
    groups = sdc.function_groups(people, spec, 5)
    assert list(groups[people["function"] == "fb"].unique()) == ["other"]
    assert list(groups[people["function"] == "fa"].unique()) == ["fa"]
    keep = make_case({"conventions": {"disclosure.small_functions": "suppress"}}).spec
    assert list(sdc.function_groups(people, keep, 5).unique()) == ["fa", "fb"]


def test_collapse_levels_uses_declared_management_levels():
    got = sdc.collapse_levels(pd.Series(["T1", "T2", "T3", "T4", "T1"]), ["T1", "T2"])
    assert got.tolist() == ["management", "management", "operations", "operations", "management"]
    assert sdc.collapse_levels(pd.Series(["A", "B"]), ["B"]).tolist() == ["operations", "management"]


def test_unique_role_rule_fires_at_role_granularity_by_default():
    people = people_frame([("p1", "fa", "T1", True)] + [(f"p{i}", "fa", "T1") for i in range(2, 8)]
                          + [(f"s{i}", "fa", "T3") for i in range(6)])
    by_cell = sdc.group_cells(people, ["function", "level"])
    assert by_cell.set_index("level").loc["T1", "unique_role"]
    assert not sdc.group_cells(people, ["function"])["unique_role"].any()
    assert sdc.group_cells(people, ["function"], scope="any")["unique_role"].all()
    cells = sdc.suppress_table(by_cell, 5)
    assert cells.set_index("level").loc["T1", "suppressed"]  # 7 people, but holds a unique role
    merged = people.assign(function_group="other")
    assert sdc.group_cells(merged, ["function_group", "level"]).set_index("level").loc["T1", "unique_role"]
    assert not sdc.group_cells(people.assign(level_group="m"), ["function", "level_group"])["unique_role"].any()


def test_crosstab_cells_protects_both_margins():
    people = people_frame([(f"a{i}", "fa", "T1") for i in range(2)] + [(f"b{i}", "fa", "T3") for i in range(6)]
                          + [(f"c{i}", "fb", "T1") for i in range(7)] + [(f"d{i}", "fb", "T3") for i in range(8)])
    out = sdc.crosstab_cells(people, "function", "level", 5)
    assert out["suppressed"].sum() == 4  # one primary forces its row, its column, and then the last corner
    _assert_protected(out, ["function", "level"])


def test_conventions_are_listed_with_sources():
    names = {c["name"] for c in sdc.CONVENTIONS}
    assert {"disclosure.unique_role_scope", "disclosure.small_functions"} <= names
    assert all(c["source"] for c in sdc.CONVENTIONS)
