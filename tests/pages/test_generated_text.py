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
