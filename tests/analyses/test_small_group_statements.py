"""Sentences about a small group are withheld like its numbers (methods.md M12): "no operations ratings in this
function" about a function of three managers tells the reader who they are. The same sentence about a group of
k_min or more is kept. Hand-built case: k_min = 5; Brand marketing has 3 interviewees, all management; Finance has
6, all management; Customer support has 10 on both sides. Item `extra` is rated by the 3 marketing managers only,
item `board` by the 6 finance managers only."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from _factory_risk import make_case

from smaa_build import findings as F
from smaa_build.analyses.chapter1 import diffusion
from smaa_build.analyses import indicators, run_all
from smaa_build.findings import Table
from smaa_build.pages.risk import risks as risk_page
from smaa_build.pages.base.context import Context

WITHHELD = "withheld for confidentiality (M12)"
SUPPORT = [(f"A{i}", "f_cs", "T1" if i < 3 else "T2" if i < 5 else "T3" if i < 8 else "T4") for i in range(10)]
MARKETING = [("B0", "f_mk", "T1"), ("B1", "f_mk", "T2"), ("B2", "f_mk", "T2")]
FINANCE = [(f"C{i}", "f_fi", "T1" if i < 3 else "T2") for i in range(6)]
PEOPLE = SUPPORT + MARKETING + FINANCE


def _codes(users=None):
    """Every interviewee uses SMI for both activities, except those not in `users` (when given)."""
    rows = []
    for pid, *_ in PEOPLE:
        use = int(users is None or pid in users)
        for act in ("act_x", "act_y"):
            rows += [(pid, act, "use", use), (pid, act, "intensity", 2 * use)]
            rows += [(pid, act, "collection_method", "manual")] if use else []
    return rows


def _ratings() -> pd.DataFrame:
    rows = [(p[0], item, 3.0 + (i % 2)) for i, p in enumerate(PEOPLE) for item in ("useful", "trust")]
    rows += [(p[0], "extra", 4.0) for p in MARKETING] + [(p[0], "board", 2.0) for p in FINANCE]
    return pd.DataFrame(rows, columns=["interviewee_id", "item", "score"])


@pytest.fixture(scope="module")
def built():
    case = make_case(tables={"interviewees": PEOPLE, "codes": _codes(), "ratings": _ratings()})
    fs = F.from_dict(json.loads(F.dumps(run_all(case))))  # as findings.json holds them
    return case, fs


def test_the_risk_page_withholds_why_a_small_function_could_not_be_rated(built):
    case, fs = built
    table = risk_page._not_rated(Context(case.spec, fs))
    rows = [line for line in table.splitlines() if line.startswith("| R1 ")]
    assert rows == ["| R1 Vertical misalignment | Brand marketing | Withheld for confidentiality (M12) |",
                    "| R1 Vertical misalignment | Finance | No operations ratings in this function |"]
    assert "ratings in this function" not in json.dumps([r for r in fs.tables["risk.not_rated"].rows
                                                         if r["department"] == "f_mk"])


def test_an_item_rated_by_a_small_group_only_is_withheld_with_its_sizes(built):
    _case, fs = built
    extra, board = fs.findings["alignment.vai.extra"], fs.findings["alignment.vai.board"]
    assert (extra.suppressed, extra.reason) == (True, WITHHELD)
    assert (board.suppressed, board.reason) == (False, "no operations ratings for this item")
    row = next(r for r in fs.tables["alignment.vai"].rows if r["item"] == "extra")
    assert (row["n_management"], row["n_operations"]) == (None, None)  # 3 and 0 would say the same thing
    assert fs.findings["alignment.delta.extra"].reason == WITHHELD


def test_nobody_using_smi_in_a_small_function_is_withheld():
    users = {p[0] for p in SUPPORT}  # nobody in marketing (3) or finance (6) uses SMI
    case = make_case({"risks": {"evaluation_activities": ["act_y"]}},
                     tables={"interviewees": PEOPLE, "codes": _codes(users), "ratings": _ratings()})
    fs = run_all(case)
    fs.tables["quality.profile"] = Table("quality.profile", "", [], [{"source": "smi", "score": 0.5}])
    depts = indicators.misuse_indicator(case, fs)["departments"]
    assert depts["f_mk"] == {"value": None, "n": 0, "suppressed": True, "reason": WITHHELD}
    assert depts["f_fi"] == {"value": None, "n": 0, "reason": "nobody in this function uses SMI"}


@pytest.mark.parametrize("n_operations, expected", [
    (3, {"gap": None, "n_management": 0, "n_operations": 3, "suppressed": True, "reason": WITHHELD}),
    (5, {"gap": None, "n_management": 0, "n_operations": 5, "suppressed": False,
         "reason": "no management interviewee coded for this activity"}),
])
def test_an_activity_coded_on_one_side_only(n_operations, expected):
    sub = pd.DataFrame({"interviewee_id": [f"P{i}" for i in range(n_operations)], "side": "operations",
                        "use": 1.0})
    assert diffusion.top_front_gap(sub, 5) == expected


def test_agreement_in_a_one_person_group_does_not_say_why():
    people = SUPPORT + [("D0", "f_pe", "T3")]  # People: one interviewee, merged into "other" on their own
    ratings = pd.DataFrame([(p[0], item, 3.0 + (i % 2)) for i, p in enumerate(people) for item in ("useful", "trust")],
                           columns=["interviewee_id", "item", "score"])
    fs = run_all(make_case(tables={"interviewees": people, "ratings": ratings}))
    other = fs.findings["alignment.rwgj.function.other"]
    assert (other.n, other.value, other.suppressed, other.reason) == (1, None, True, WITHHELD)
    support = fs.findings["alignment.rwgj.function.f_cs"]
    assert (support.suppressed, support.reason) == (False, "")


def _purpose_table(management_n: int, suppressed: bool) -> Table:
    rows = [{"group": "management", "purpose": p, "n": management_n, "uses": 4, "count": 2, "share": 0.5,
             "suppressed": suppressed} for p in ("diagnostic", "interactive")]
    return Table("mapping.purpose_level", "Purpose", [], rows)


@pytest.mark.parametrize("management_n, suppressed, reason", [
    (3, True, WITHHELD), (6, False, "no operations use with a coded purpose")])
def test_no_use_with_a_coded_purpose_is_withheld_when_the_other_side_is_small(management_n, suppressed, reason):
    # "no operations use with a coded purpose" says every purpose-coded use is management's
    from smaa_build.analyses.chapter1.mapping import _interactive

    ops = {f.key: f for f in _interactive(_purpose_table(management_n, suppressed), 5)}[
        "mapping.interactive_share.operations"]
    assert (ops.suppressed, ops.reason) == (suppressed, reason)
