"""What changed, written for a client (issue 14, item 1): the first screen lists the changes that matter under a
stated rule per kind of figure, with why; unstable statistics are flagged, not listed as changes; diagnostics, new
and not-computed figures sit in a collapsed "All differences" in plain words; the counts agree with each other."""

from __future__ import annotations

import datetime as dt

import pytest

from smaa_build.findings import Finding, Findings
from smaa_build.i18n import use
from smaa_build.pages.base.context import Context
from smaa_build.pages.changes import diff as ch
from smaa_build.pages.changes import material as mat
from smaa_build.pages.changes import page


def F(key, value, unit="", decimals=2, p=None, section="", label=None, **extra) -> Finding:
    return Finding(key, label or key, value, unit, p=p, decimals=decimals, section=section, extra=extra)


def snap(findings=(), risks=(), feedback=(), spec=None, inputs=None, revision="r1", version="draft-1",
         key=(1, 0)) -> ch.Snapshot:
    fs = Findings(risks=list(risks))
    fs.add(*findings)
    fs.meta["provenance"] = {"inputs": dict(inputs or {}), "smaa_version": "1", "git_revision": revision}
    return ch.Snapshot(version, version.replace("-", " ").capitalize(), key, "2026-04-10", fs, {}, list(feedback), 5,
                       dict(spec or {}))


def moved(old, new) -> list[tuple]:
    return [(m.key, m.before, m.after, m.rule) for m in mat.material(ch.diff(old, new))]


# ---------- the rule per kind of figure ----------

@pytest.mark.parametrize("key, unit, a, b, rule", [
    ("mapping.manual_share", "share", 0.40, 0.44, None),  # 4 percentage points
    ("mapping.manual_share", "share", 0.40, 0.45, "share"),
    ("alignment.company.vai", "", 0.70, 0.74, None),
    ("alignment.company.vai", "", 0.70, 0.75, "index"),
    ("value.pearson_r", "", 0.50, 0.59, None),
    ("value.pearson_r", "", 0.50, 0.60, "correlation"),
    ("engagement.n_interviewees", "count", 40, 43, None),
    ("engagement.n_interviewees", "count", 40, 44, "count"),
    ("resilience.verdict", "", "Robust", "Fragile", "verdict"),
    ("diffusion.blau.crisis", "", 0.20, 0.90, None),  # not a headline figure: All differences only
])
def test_a_headline_figure_matters_when_it_passes_the_rule_of_its_kind(key, unit, a, b, rule):
    decimals = 0 if unit == "count" else 2
    got = moved(snap([F(key, a, unit, decimals)]), snap([F(key, b, unit, decimals)]))
    assert [r for *_, r in got] == ([rule] if rule else [])


def test_a_significance_flip_matters_although_the_value_barely_moved():
    old = snap([F("benchmark.vai.t", 1.70, p=0.046)])
    new = snap([F("benchmark.vai.t", 1.65, p=0.052)])
    assert moved(old, new) == [("benchmark.vai.t", "1.70", "1.65", "test")]


def R(rid, band, dept=None):
    return {"risk_id": rid, "title": f"Risk {rid}", "department": dept, "department_label": dept and dept.upper(),
            "band": band}


def test_every_band_change_matters_and_a_new_risk_is_a_detail():
    old = snap(risks=[R("R1", "High"), R("R2", "Low", "hr")])
    new = snap(risks=[R("R1", "Very high"), R("R2", "Medium", "hr"), R("R3", "Low")])
    assert moved(old, new) == [("risk:R1:Company-wide", "High", "Very high", "band"),
                               ("risk:R2:HR", "Low", "Medium", "band")]


# ---------- unstable statistics ----------

def test_an_icc_on_two_groups_or_outside_its_range_is_flagged_not_listed():
    icc = "alignment.icc2.function.trust"
    old = snap([F(icc, -3.434, groups=2, label="ICC(2) by function: trust"), F("alignment.icc1.level.x", 0.2, groups=4)])
    new = snap([F(icc, 0.561, groups=2, label="ICC(2) by function: trust"), F("alignment.icc1.level.x", 0.3, groups=4)])
    c = ch.diff(old, new)
    assert mat.material(c) == []
    assert [(u.key, u.reason) for u in mat.unstable_changes(c)] == [
        (icc, "computed from 2 groups only; an ICC needs at least 3 to be stable")]
    assert mat.unstable(F("x.share", 1.2, "share")) == "120% lies outside the range its definition allows (0 to 1)"
    assert mat.unstable(F(icc, -1.5, groups=4)) == "−1.50 lies outside the range its definition allows (−1 to 1)"


def test_an_unstable_headline_figure_is_not_a_change_that_matters():
    old, new = snap([F("alignment.company.vai", 1.4)]), snap([F("alignment.company.vai", 0.7)])
    assert moved(old, new) == []
    body = page.section(ch.diff(old, new))
    assert "**Unstable statistics, not compared.**" in body
    assert "1.40 lies outside the range its definition allows (0 to 1)" in body


# ---------- why ----------

def test_why_names_the_data_the_setting_and_the_feedback_that_changed():
    spec = {"data": {"ratings": {"file": "data/ratings.csv"}, "posts": {"file": "data/posts.csv"}}}
    vai = "alignment.company.vai"
    old = snap([F(vai, 0.6, section="alignment"), F("value.pearson_r", 0.2, section="value")],
               spec={**spec, "value": {"scorer": "vader"}},
               inputs={"data/ratings.csv": "a", "data/posts.csv": "p"})
    fb = {"id": "F1", "round": 1, "from": "CFO", "section": "alignment", "text": "Check", "response": "Done",
          "status": "addressed"}
    new = snap([F(vai, 0.7, section="alignment"), F("value.pearson_r", 0.5, section="value")],
               spec={**spec, "value": {"scorer": "provided"}},
               inputs={"data/ratings.csv": "b", "data/posts.csv": "p"}, feedback=[fb], revision="r2")
    why = {m.key: m.why for m in mat.material(ch.diff(old, new))}
    assert why == {vai: ("feedback F1 (CFO)", "new or corrected data: the survey ratings"),
                   "value.pearson_r": ("a change to the value chapter's settings",)}


def test_when_no_input_changed_why_says_smaa_was_revised():
    old = snap([F("value.pearson_r", 0.2, section="value")])
    new = snap([F("value.pearson_r", 0.5, section="value")], revision="r2")
    assert mat.material(ch.diff(old, new))[0].why == (
        "a revision of smaa's analysis (no input of the case changed for it)",)


def test_a_risk_band_names_the_rating_edit_and_the_feedback_about_it():
    overrides = lambda impact: {"risks": {"overrides": [{"id": "R6", "impact": impact}]}}  # noqa: E731
    fb = {"id": "F2", "round": 1, "from": "Customer care director", "section": "risks",
          "text": "Escalation latency should be the top risk.", "response": "Impact raised for R6.",
          "status": "addressed"}
    other = {**fb, "id": "F9", "response": "R4 kept."}
    old = snap(risks=[R("R6", "High")], spec=overrides(3))
    new = snap(risks=[R("R6", "Very high")], spec=overrides(5), feedback=[fb, other])
    assert mat.material(ch.diff(old, new))[0].why == (
        "feedback F2 (Customer care director)", "its rating in the risk register was revised: impact 3 → 5")


# ---------- the page ----------

SPEC = {"engagement": {"id": "t", "client": "Client"},  # what the typed case (Context.settings) needs
        "report": {"round": 2, "status": "draft", "date": dt.date(2026, 4, 24), "k_min": 5,
                   "confidentiality": "Confidential."},
        "organisation": {"functions": [], "levels": [], "activities": []}}

FEEDBACK = [{"id": "F1", "round": 1, "from": "Head of HR", "section": "alignment", "text": "a", "response": "b",
             "status": "addressed"},
            {"id": "F2", "round": 1, "from": "CFO", "section": "risks", "text": "c", "response": "d",
             "status": "addressed"},
            {"id": "F3", "round": 1, "from": "CFO", "section": "benchmark", "text": "e", "response": "f",
             "status": "deferred"}]


def demo_like() -> str:
    """The demo's round 2 in small: a band change, a new resilience chapter full of diagnostics, three not
    computed, a raw setting value, and three feedback items of which one is deferred."""
    old = snap([F("value.language.excluded", 5, "posts", 0, section="value", label="Posts not in the language")],
               risks=[R("R6", "High")])
    new_findings = [F("value.language.excluded", 14, "posts", 0, section="value", label="Posts not in the language"),
                    F("resilience.eta2.lag", 0.789, section="resilience", label="η² Lag"),
                    F("resilience.setup", "pearson_r", section="resilience", label="Multiverse declaration")]
    new_findings += [Finding(f"resilience.rank.{k}", k, None, reason="the units are periods of one series",
                             section="resilience") for k in ("tau_median", "tau_min", "top1")]
    fs = Findings(risks=[R("R6", "Very high")])
    fs.add(*new_findings)
    ctx = Context(spec={**SPEC, "feedback": FEEDBACK}, fs=fs, releases=[old])
    return page.build(ctx).body


def test_first_screen_answers_what_moved_and_the_rest_is_collapsed_in_plain_words():
    body = demo_like()
    first, rest = body.split('??? note "All differences"')
    assert "| R6 Risk R6 | High | Very high | ▲ worse |" in first
    assert "-   a share moves by 5 percentage points or more;" in first  # the rule is stated
    for diagnostic in ("η²", "Multiverse", "not computed", "pearson_r", "Posts not in the language"):
        assert diagnostic not in first
    assert "| Posts not in the language | 5 posts | 14 posts | ▲ up |" in rest
    assert ("-   Resilience: 5 figures reported for the first time; 3 of them could not be computed (the units are "
            "periods of one series).") in rest
    assert "η²" not in rest and "pearson_r" not in rest and "resilience.rank" not in rest


def test_feedback_counts_agree_with_a_deferred_item():
    body = demo_like()
    assert "-   3 feedback items: 2 addressed and 1 deferred." in body
    assert "are answered" not in body  # "3 of 3 feedback items are answered" beside a deferred item
    assert page.feedback_card([FEEDBACK[0]]) == "1 feedback item: 1 addressed."
    assert page.feedback_card([{**FEEDBACK[0], "status": "open"}, {**FEEDBACK[1], "status": "open"}]) == (
        "2 feedback items: 2 still open.")


def test_the_page_is_written_in_the_report_language():
    with use("it"):
        body = demo_like()
    assert "**1 variazione rilevante rispetto alla Bozza 1: R6 Risk R6, Alto → Molto alto.**" in body
    assert "-   3 osservazioni: 2 accolte e 1 rinviata." in body
    assert "-   una quota varia di almeno 5 punti percentuali;" in body
    assert "What moved that matters" not in body and "All differences" not in body
    with use("ru"):  # three plural forms
        assert page.feedback_card(FEEDBACK * 7) == "21 замечание: 14 учтены и 7 отложены."
