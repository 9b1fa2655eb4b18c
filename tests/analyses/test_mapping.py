"""M5 mapping: purpose/metric cross-tabs, method mix, top activities, generated paragraphs, M12 on group cells."""

import pandas as pd
import pytest

from hypothesis import given, settings, strategies as st

from _factory_ch1 import make_case, random_org
from smaa_build.analyses.chapter1 import diffusion as dif
from smaa_build.analyses.chapter1 import mapping as mp
from smaa_build.findings import Findings, dumps


def test_category_shares_counts_uses_once_per_value():
    units = pd.DataFrame([("i1", "x", "diagnostic", "fa"), ("i1", "x", "interactive", "fa"),
                          ("i2", "x", "diagnostic", "fa"), ("i2", "y", "interactive", "fa"),
                          ("i3", "x", "boundary", "fb")], columns=["interviewee_id", "activity", "value", "function"])
    out = mp.category_shares(units, "function", ["diagnostic", "interactive", "beliefs", "boundary"])
    got = {(r.function, r.value): (r.count, r.uses, r.n, r.share) for r in out.itertuples()}
    assert got[("fa", "diagnostic")] == (2, 3, 2, pytest.approx(2 / 3))
    assert got[("fa", "interactive")] == (2, 3, 2, pytest.approx(2 / 3))
    assert got[("fa", "beliefs")] == (0, 3, 2, 0.0)  # zero cells are cells
    assert got[("fb", "boundary")] == (1, 1, 1, 1.0)
    assert mp.manual_share(units.assign(value=["manual", "automated", "manual", "semi_automated", "automated"])) \
        == pytest.approx(2 / 4)


def test_top_activities_rank_by_hdi_times_hi():
    rows = [{"activity": "a", "hdi": 0.5, "hi": 0.4}, {"activity": "b", "hdi": 1.0, "hi": 0.2},
            {"activity": "c", "hdi": 0.8, "hi": 0.5}, {"activity": "d", "hdi": None, "hi": None},
            {"activity": "e", "hdi": 0.4, "hi": 0.5}]
    top = mp.top_activities(rows, 3)
    assert [(r["activity"], r["rank"]) for r in top] == [("c", 1), ("b", 2), ("a", 3)]  # b ties a on 0.2: HDI first
    assert top[0]["score"] == pytest.approx(0.4)


def test_activity_sentence_is_built_from_the_numbers():
    h = {"functions": 6, "users_functions": 4, "hdi": 4 / 6, "band": "widespread", "hi": 0.444444,
         "pielou": 0.737202, "concentrated": False}
    v = {"reach": 1, "reach_label": "Senior manager", "gradient": 0.183333, "gap": -0.5}
    text = mp.activity_sentence("Monitoring", h, v, ("diagnostic", 0.62))
    for part in ("4 of the 6 functions", "HDI 0.67, widespread", "intensity index is 0.44", "J 0.74",
                 "reaches the top level", "rises by about 18 percentage points per level",
                 "50 percentage points less often than operations", "diagnostic (62% of uses)"):
        assert part in text
    assert "Nothing" not in mp.activity_sentence("M", {"functions": 0}, {})
    assert "none of the 3 functions" in mp.activity_sentence("M", {"functions": 3, "hdi": 0.0}, {})
    busy = mp.activity_sentence("M", {**h, "concentrated": True, "pielou": 0.79, "gini_norm": 0.62}, {})
    assert "concentrated in few functions (evenness J 0.79, G* 0.62)" in busy
    assert "no higher than Manager" in mp.activity_sentence("M", h, {"reach": 2, "reach_label": "Manager"})


def _case(spec=None, small_fn=True):
    people = [(f"a{i}", "fa", ["T1", "T2", "T3", "T4"][i % 4]) for i in range(8)] + \
             [(f"b{i}", "fb", ["T1", "T2", "T3", "T4"][i % 4]) for i in range(8)]
    if small_fn:
        people += [(f"c{i}", "fc", "T4") for i in range(3)]
    rows = []
    for k, (pid, f, lvl) in enumerate(people):
        inten = {"fa": 3, "fb": 1, "fc": 2}[f] if k % 3 else 0
        rows += [(pid, "act_x", "use", int(inten > 0)), (pid, "act_x", "intensity", inten)]
        if inten:
            rows.append((pid, "act_x", "purpose", "interactive" if lvl in ("T1", "T2") else "diagnostic"))
            rows.append((pid, "act_x", "collection_method", "manual" if f == "fb" else "automated"))
        else:
            rows.append((pid, "act_x", "purpose", "boundary"))  # coded although not used: ignored
    return make_case(spec, interviewees=people, codes=rows)


def _run(case) -> Findings:
    fs = Findings()
    fs.add(*mp.run(case))
    return fs


def test_run_cross_tabs_follow_m12():
    fs = _run(_case())
    rows = {(r["group"], r["purpose"]): r for r in fs.tables["mapping.purpose_function"].rows}
    assert {g for g, _ in rows} == {"fa", "fb", "other"}
    assert all(rows[("other", p)]["suppression"] == "primary" for p in ("diagnostic", "interactive"))
    assert rows[("fa", "diagnostic")]["suppression"] == "complementary"  # fa and fb both rest on 5 users: tie broken by id
    assert "boundary" not in {p for _, p in rows}  # the only boundary codes were on non-uses
    side = {(r["group"], r["purpose"]): r for r in fs.tables["mapping.purpose_level"].rows}
    assert side[("management", "interactive")]["share"] == 1.0
    assert side[("operations", "diagnostic")]["share"] == 1.0
    assert fs.value("mapping.interactive_share.management") == 1.0
    assert fs.value("mapping.interactive_share.operations") == 0.0
    users = 12  # 2 of every 3 people use SMI for act_x
    assert fs.value("mapping.manual_share") == pytest.approx(sum(1 for k in range(8, 16) if k % 3) / users)


def test_run_narrative_and_top_agree_with_diffusion():
    case = _case()
    fs = _run(case)
    dfs = Findings()
    dfs.add(*dif.run(case))
    hdi, hi = dfs.value("diffusion.hdi.act_x"), dfs.value("diffusion.hi.act_x")
    top = fs.tables["mapping.top_activities"].rows
    assert [r["activity"] for r in top] == ["act_x"]  # act_y has no codes: left out, not ranked as 0
    assert top[0]["score"] == pytest.approx(hdi * hi)
    text = fs.value("mapping.narrative.act_x")
    assert f"HDI {hdi:.2f}" in text and f"intensity index is {hi:.2f}" in text
    assert fs.value("mapping.narrative.act_y") == "Reporting up: no interviewee was coded for this activity."


def test_run_without_category_codes_says_why():
    people = [(f"p{i}", "fa", "T3") for i in range(6)]
    fs = _run(make_case(interviewees=people, codes=[(p[0], "act_x", "use", 1) for p in people]))
    assert fs.findings["mapping.manual_share"].value is None
    assert fs.findings["mapping.manual_share"].reason == "no collection-method codes"
    assert fs.findings["mapping.interactive_share.management"].reason == "no purpose codes"
    text = fs.value("mapping.narrative.act_x")  # use coded, intensity not: no intensity clause, no crash
    assert text.startswith("Listening: social-media information is used in the only function interviewed")
    assert "intensity" not in text


def test_top_n_is_a_convention():
    assert {c["name"] for c in mp.CONVENTIONS} == {"mapping.top_n"}
    spec = {"conventions": {"mapping.top_n": 0}}
    assert _run(_case(spec)).tables["mapping.top_activities"].rows == []


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000), st.randoms(use_true_random=False))
def test_run_is_invariant_to_row_order_and_id_relabelling(seed, rnd):
    tables = random_org(seed, n_people=30)
    base = dumps(_run(make_case(**tables)))
    new_ids = {pid: f"Q{i}-{rnd.randint(0, 10**9)}" for i, pid in enumerate(tables["interviewees"]["interviewee_id"])}
    shuffled = {k: v.sample(frac=1, random_state=rnd.randint(0, 10**6)).reset_index(drop=True)
                for k, v in tables.items()}
    for df in shuffled.values():
        df["interviewee_id"] = df["interviewee_id"].map(new_ids)
    assert dumps(_run(make_case(**shuffled))) == base
