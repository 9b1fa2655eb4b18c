"""Every sentence a generator writes from counts, over edge counts (0, 1, 2, many) and empty inputs, against
hand-written expected text (issue 14, item 6). A generator that glues a count to free text ("1 3 months"), says
"1 actions" or shows a bare "–" fails here."""

from __future__ import annotations

import pytest

from smaa_build.findings import Findings
from smaa_build.i18n import use
from smaa_build.pages.base import phrases
from smaa_build.pages.base.context import Context
from smaa_build.pages.risk import recommendations

# ---------------------------------------------------------------- lists and horizons


@pytest.mark.parametrize("items, expected", [
    ([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c"), (["a", "", "c"], "a and c")])
def test_join_in_english_has_no_serial_comma(items, expected):
    assert phrases.join(items) == expected


def test_join_follows_the_language():
    with use("it"):
        assert phrases.join(["a", "b", "c"]) == "a, b e c"
    with use("ru"):
        assert phrases.join(["a", "b"]) == "a и b"


@pytest.mark.parametrize("values, expected", [
    ([], ""),
    (["now"], "1 now"),
    (["3 months"], "1 within 3 months"),
    (["1 month"], "1 within 1 month"),
    (["now", "3 months", "within 6 months", "within 6 months", "within 6 months"],
     "1 now, 1 within 3 months and 3 within 6 months"),  # the demo: was "1 now, 1 3 months and 3 within 6 months"
    (["3 months", "within 3 months"], "2 within 3 months"),
    ([None, ""], "2 with no horizon set"),
    (["Q3 2026", "Q3 2026", None], "2 by “Q3 2026” and 1 with no horizon set"),
])
def test_horizons(values, expected):
    assert phrases.horizons(values) == expected


def test_a_horizon_in_the_researchers_words_is_escaped_by_the_caller():
    assert phrases.horizons(["<b>soon</b>"], lambda s: s.replace("<", "&lt;")) == "1 by “&lt;b>soon&lt;/b>”"


# ---------------------------------------------------------------- the recommendations page's cards


def rec(i, horizon="within 6 months", band="High", risk_ids=("R1",), source="generated"):
    return {"id": f"REC-{i}", "title": f"Action {i}", "text": "", "horizon": horizon, "band": band, "score": 12,
            "risk_ids": list(risk_ids), "owner": "Head of HR", "source": source, "core_process": False}


def sentences(recs) -> list[str]:
    ctx = Context(spec={"organisation": {"functions": []}}, fs=Findings(recommendations=recs))
    return [c.split("</span>")[-1] for c in recommendations._headlines(ctx, recs)]


def test_recommendation_cards_over_edge_counts():
    assert sentences([])[0] == ("No risk is rated High or Very high, and no recommendation was written by the "
                                "researchers, so there is no action to propose from the register.")
    assert sentences([rec(1, "now")])[0] == "1 action follows from the risk register: 1 now."
    assert sentences([rec(1, "now"), rec(2, "3 months")])[0] == (
        "2 actions follow from the risk register: 1 now and 1 within 3 months.")
    many = [rec(1, "now"), rec(2, "3 months")] + [rec(i) for i in (3, 4, 5)]
    assert sentences(many)[0] == ("5 actions follow from the risk register: 1 now, 1 within 3 months and 3 within "
                                  "6 months.")


def test_a_first_priority_without_a_band_says_why():
    mine = rec(1, "now", band=None, risk_ids=(), source="researcher")
    assert sentences([mine])[1] == ("**Action 1** — not tied to a rated risk, so it has no band; owner: Head of HR, "
                                    "now.")
    unrated = rec(1, "now", band=None, risk_ids=("R9",))
    assert sentences([unrated])[1] == ("**Action 1** — treats R9, not rated yet, so it has no band; owner: Head of "
                                       "HR, now.")
    assert sentences([rec(1, "now")])[1] == "**Action 1** — treats R1 (High); owner: Head of HR, now."


# ---------------------------------------------------------------- What changed (pages/changes)

from smaa_build.findings import Finding  # noqa: E402
from smaa_build.pages.changes import diff as ch  # noqa: E402
from smaa_build.pages.changes import page as changes  # noqa: E402


def _snap(findings=(), risks=()) -> ch.Snapshot:
    fs = Findings(risks=list(risks))
    fs.add(*findings)
    return ch.Snapshot("draft-1", "Draft 1", (1, 0), "2026-04-10", fs, {}, [], 5)


def _risk(rid, band):
    return {"risk_id": rid, "title": f"Risk {rid}", "department": None, "band": band}


@pytest.mark.parametrize("n, expected", [
    (0, "Nothing changed since Draft 1."),
    (1, "1 change that matters since Draft 1: R1 Risk R1, Low → High."),
    (2, "2 changes that matter since Draft 1."),
    (5, "5 changes that matter since Draft 1."),
])
def test_what_changed_headline_over_edge_counts(n, expected):
    ids = [f"R{i}" for i in range(1, n + 1)]
    c = ch.diff(_snap(risks=[_risk(i, "Low") for i in ids]), _snap(risks=[_risk(i, "High") for i in ids]))
    assert changes.headline(c) == expected


def test_what_changed_headline_when_only_details_moved():
    c = ch.diff(_snap([Finding("x.y", "X", 1.0)]), _snap([Finding("x.y", "X", 2.0)]))
    assert changes.headline(c) == ("Nothing that matters moved since Draft 1: no risk changed band and no headline "
                                   "figure passed its rule.")
    assert c.headline() == "1 figure changed"


def _fb(*statuses):
    return [{"id": f"F{i}", "status": s} for i, s in enumerate(statuses)]


@pytest.mark.parametrize("items, expected", [
    (_fb("open"), "1 feedback item: 1 still open."),
    (_fb("addressed", "deferred"), "2 feedback items: 1 addressed and 1 deferred."),
    (_fb("addressed", "addressed", "deferred"), "3 feedback items: 2 addressed and 1 deferred."),  # the demo
    (_fb("addressed", "declined", "deferred", "open", "open"),
     "5 feedback items: 1 addressed, 1 declined, 1 deferred and 2 still open."),
])
def test_feedback_card_counts_every_status(items, expected):
    assert changes.feedback_card(items) == expected
