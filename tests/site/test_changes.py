"""The diff of two versions (pages/changes/diff.py) and its rendering (pages/changes/page.py, pages/feedback.py), on
small hand-made snapshots; the word diff and the rounding rule also against independent references on random
input."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_EVEN, Decimal
from html.parser import HTMLParser

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from smaa_build.pages.changes import diff as ch
from smaa_build.findings import Finding, Findings, Table
from smaa_build.pages.changes import page
from smaa_build.pages import feedback as feedback_page
from smaa_build.pages.base.context import Context


def snap(findings=(), tables=(), risks=(), narrative=None, feedback=(), version="draft-1", key=(1, 0),
         date="2026-04-10", k_min=5) -> ch.Snapshot:
    fs = Findings(risks=list(risks))
    fs.add(*findings, *tables)
    return ch.Snapshot(version, version.replace("-", " ").capitalize(), key, date, fs, dict(narrative or {}),
                       list(feedback), k_min)


def F(key, value, unit="", decimals=2, suppressed=False, label=None) -> Finding:
    return Finding(key, label or key.upper(), value, unit, decimals=decimals, suppressed=suppressed)


# ---------- figures: compared as printed ----------

def test_a_move_within_the_displayed_rounding_is_not_a_change():
    old = snap([F("a", 0.414), F("b", 0.584, "share"), F("c", 12, "count", 0), F("d", 45.5, "min", 0)])
    new = snap([F("a", 0.4149), F("b", 0.5849, "share"), F("c", 12, "count", 0), F("d", 46.0, "min", 0)])
    assert ch.diff(old, new).figures == []


def test_a_move_beyond_the_rounding_is_listed_old_to_new_with_direction():
    old = snap([F("a", 0.414), F("b", 0.584, "share"), F("c", 12, "count", 0)])
    new = snap([F("a", 0.416), F("b", 0.5749, "share"), F("c", 1200, "count", 0)])
    assert ch.diff(old, new).figures == [ch.FigureChange("a", "A", "0.41", "0.42", "up"),
                                         ch.FigureChange("b", "B", "58%", "57%", "down"),
                                         ch.FigureChange("c", "C", "12", "1,200", "up")]


def test_computed_or_not_and_non_numeric_changes_say_so():
    old = snap([F("a", None), F("b", 1.5), F("c", "weak"), F("d", 2.0, decimals=1)])
    new = snap([F("a", 0.5), F("b", None), F("c", "strong"), F("d", 2.0, decimals=2)])
    assert [(f.key, f.before, f.after, f.direction) for f in ch.diff(old, new).figures] == [
        ("a", "not computed", "0.50", "now computed"), ("b", "1.50", "not computed", "no longer computed"),
        ("c", "weak", "strong", "changed"), ("d", "2.0", "2.00", "changed")]


def test_added_and_removed_findings_show_their_value():
    c = ch.diff(snap([F("gone", 3, "count", 0), F("kept", 1.0)]), snap([F("kept", 1.0), F("new", 0.25, "share")]))
    assert c.added == [ch.FindingDelta("new", "NEW", "25%")]
    assert c.removed == [ch.FindingDelta("gone", "GONE", "3")]
    assert c.figures == []


# ---------- suppressions ----------

def _table(rows) -> Table:
    cols = [{"name": "function", "label": "Function"}, {"name": "level", "label": "Level"},
            {"name": "n", "label": "n", "kind": "int"}]
    return Table("t.cells", "Cells", cols, rows)


def test_suppressions_appearing_and_lifted_in_findings_and_table_cells():
    row = lambda f, lv, sup: {"function": f, "level": lv, "n": None if sup else 7, "suppressed": sup}  # noqa: E731
    old = snap([F("x", 0.5, suppressed=True), F("y", 0.5), F("z", 0.1, suppressed=True)],
               [_table([row("Legal", "Mgmt", True), row("HR", "Mgmt", False), row("HR", "Ops", True),
                        row("Only old", "Ops", True)])])
    new = snap([F("x", 0.5), F("y", 0.7, suppressed=True), F("z", 0.9, suppressed=True)],
               [_table([row("Legal", "Mgmt", False), row("HR", "Mgmt", True), row("HR", "Ops", True),
                        row("Only new", "Ops", True)])])
    c = ch.diff(old, new)
    assert c.suppressions == [
        ch.SuppressionChange("x", "X", False), ch.SuppressionChange("y", "Y", True),
        ch.SuppressionChange("t.cells: HR × Mgmt", "Cells: HR × Mgmt", True),
        ch.SuppressionChange("t.cells: Legal × Mgmt", "Cells: Legal × Mgmt", False)]
    assert c.figures == []  # nothing was shown on the suppressed side, so there is no "old → new"


def test_ambiguous_table_rows_are_not_compared():
    row = {"function": "HR", "level": "Mgmt", "n": 7, "suppressed": False}
    old = snap(tables=[_table([row, dict(row)])])
    new = snap(tables=[_table([{**row, "suppressed": True}, dict(row)])])
    assert ch.diff(old, new).suppressions == []


# ---------- risks ----------

def R(rid, dept, band, label=None):
    return {"risk_id": rid, "title": f"Risk {rid}", "department": dept, "department_label": label, "band": band}


def test_risk_band_changes_added_and_removed():
    old = [R("R1", "mkt", "High", "Marketing"), R("R2", None, "Low"), R("R3", "hr", "Medium", "HR"),
           R("R4", "hr", None, "HR"), R("R5", None, "Low")]
    new = [R("R1", "mkt", "Medium", "Marketing"), R("R2", None, "Very high"), R("R3", "hr", "Medium", "HR"),
           R("R4", "hr", "High", "HR"), R("R6", "it", "Low", "IT")]
    c = ch.diff(snap(risks=old), snap(risks=new))
    assert [(r.risk_id, r.department, r.before, r.after, r.direction) for r in c.risks] == [
        ("R1", "Marketing", "High", "Medium", "better"), ("R2", "Company-wide", "Low", "Very high", "worse"),
        ("R4", "HR", None, "High", "changed"), ("R5", "Company-wide", "Low", None, "removed"),
        ("R6", "IT", None, "Low", "added")]
    assert c.headline() == "3 risks changed band, 1 risk added, 1 risk removed"


def test_the_same_risk_in_two_departments_is_two_risks():
    old = [R("R1", "mkt", "High"), R("R1", "hr", "High")]
    new = [R("R1", "mkt", "High"), R("R1", "hr", "Low")]
    assert [(r.department, r.direction) for r in ch.diff(snap(risks=old), snap(risks=new)).risks] == [("hr", "better")]


# ---------- feedback ----------

def FB(id_, status, response="", round_=1):
    return {"id": id_, "round": round_, "from": "Head of HR", "section": "risks", "text": f"About {id_}",
            "response": response, "status": status}


def test_feedback_answered_in_the_round_only():
    old = [FB("F1", "addressed", "done"), FB("F2", "open"), FB("F3", "open")]
    new = [FB("F1", "addressed", "done"), FB("F2", "addressed", "fixed"), FB("F3", "open"), FB("F4", "deferred", "later"),
           FB("F5", "declined", "no", 2)]
    c = ch.diff(snap(feedback=old), snap(feedback=new))
    assert [(f.id, f.before, f.status, f.response) for f in c.feedback] == [
        ("F2", "open", "addressed", "fixed"), ("F4", None, "deferred", "later"), ("F5", None, "declined", "no")]
    assert c.headline() == "1 feedback item addressed, 1 feedback item declined, 1 feedback item deferred"


# ---------- narrative ----------

def test_narrative_word_ops_and_plain_text():
    old = snap(narrative={"home": "# Summary\n\nWe met 12 people &amp; 2 teams.\n", "gone": "Bye.\n"})
    new = snap(narrative={"home": "# Summary\n\nWe met 15 people &amp; 2 teams.\n\nNew &lt;b&gt; para.\n",
                          "engagement": "Hello.\n"})
    c = ch.diff(old, new)
    assert [(n.section, n.ops) for n in c.narrative] == [
        ("engagement", (("insert", (), ("Hello.",)),)),
        ("gone", (("delete", ("Bye.",), ()),)),
        ("home", (("replace", ("12",), ("15",)), ("insert", (), (ch.BREAK, "New", "<b>", "para."))))]
    assert c.narrative[2].after == "Summary\n\nWe met 15 people & 2 teams.\n\nNew <b> para."


def test_nothing_changed():
    s = snap([F("a", 1.0)], risks=[R("R1", None, "Low")], narrative={"home": "Same."}, feedback=[FB("F1", "open")])
    c = ch.diff(s, s)
    assert c.empty and c.headline() == "nothing changed"


def test_headline_counts_singular_and_plural_in_order():
    old = snap([F("a", 1.0), F("b", 1.0), F("c", 1.0, suppressed=True)], narrative={"home": "x"})
    new = snap([F("a", 2.0), F("b", 3.0), F("c", 1.0)], narrative={"home": "y"}, feedback=[FB("F1", "addressed", "ok")])
    assert ch.diff(old, new).headline() == ("2 figures changed, 1 suppression lifted, 1 narrative section edited, "
                                            "1 feedback item addressed")


# ---------- table cells and recommendations ----------

def _scores(rows, label="Scores") -> Table:
    cols = [{"name": "function", "label": "Function"}, {"name": "share", "label": "Share", "kind": "percent"},
            {"name": "index", "label": "Index", "kind": "number", "decimals": 2},
            {"name": "n", "label": "n", "kind": "int"}]
    return Table("t.scores", label, cols, [dict(zip(("function", "share", "index", "n", "suppressed"), r))
                                           for r in rows])


def test_table_cells_compared_as_printed_rows_matched_by_label():
    old = snap(tables=[_scores([("HR", 0.5004, 1.234, 9, False), ("R&D", 0.25, None, 12, False),
                                ("Legal", None, None, None, True), ("Gone", 0.1, 0.1, 5, False)])])
    new = snap(tables=[_scores([("R&D", 0.3, 0.5, 12, False), ("HR", 0.4996, 1.236, 10, False),
                                ("Legal", 0.9, 2.0, 6, False), ("New", 0.1, 0.1, 5, False)])])
    cells = ch.diff(old, new).cells
    assert [(c.row, c.column, c.before, c.after, c.direction) for c in cells] == [
        ("HR", "Index", "1.23", "1.24", "up"), ("HR", "n", "9", "10", "up"),  # 50.0% both sides: no change
        ("R&D", "Share", "25.0%", "30.0%", "up"), ("R&D", "Index", "–", "0.50", "now computed")]
    assert {c.table_label for c in cells} == {"Scores"}  # Legal was suppressed: a suppression change, not cells


def test_rows_are_matched_on_the_fewest_leading_labels_so_a_changed_band_still_matches():
    cols = [{"name": "dept", "label": "Department"}, {"name": "risk", "label": "Risk"},
            {"name": "band", "label": "Band"}, {"name": "score", "label": "Score", "kind": "int"}]
    rows = lambda *r: [dict(zip(("dept", "risk", "band", "score"), x)) for x in r]  # noqa: E731
    old = Table("t.risk", "Risk", cols, rows(("HR", "R1", "High", 12), ("HR", "R2", "Low", 3), ("IT", "R1", "Low", 4)))
    new = Table("t.risk", "Risk", cols, rows(("HR", "R1", "Very high", 20), ("HR", "R2", "Low", 3),
                                              ("IT", "R1", "Low", 4)))
    assert ch.identity_columns(old, new) == ["dept", "risk"]
    assert [(c.row, c.before, c.after) for c in ch.diff(snap(tables=[old]), snap(tables=[new])).cells] == [
        ("HR × R1", "12", "20")]


def test_cells_of_a_column_whose_kind_changed_are_not_compared():
    old, new = _scores([("HR", 0.5, 1.0, 9, False)]), _scores([("HR", 0.5, 1.0, 9, False)])
    new.columns[2] = {**new.columns[2], "kind": "percent"}
    new.rows[0]["index"] = 0.7
    assert ch.diff(snap(tables=[old]), snap(tables=[new])).cells == []


def test_recommendations_added_removed_and_reworded():
    def rec(rid, title, text):
        return {"id": rid, "title": title, "text": text}

    old, new = snap(), snap()
    old.findings.recommendations[:] = [rec("REC-1", "Agree KPIs", "Define five."), rec("REC-2", "Train", "All.")]
    new.findings.recommendations[:] = [rec("REC-1", "Agree KPIs", "Define six."), rec("REC-3", "Share", "Weekly.")]
    c = ch.diff(old, new)
    assert [(r.id, r.change, r.before, r.after) for r in c.recommendations] == [
        ("REC-1", "reworded", "Agree KPIs. Define five.", "Agree KPIs. Define six."),
        ("REC-2", "removed", "Train. All.", ""), ("REC-3", "added", "", "Share. Weekly.")]
    assert c.headline() == "1 recommendation added, 1 recommendation removed, 1 recommendation reworded"


def test_page_lists_cells_per_table_and_recommendation_word_diff():
    old = snap(tables=[_scores([("HR <b>", 0.5, 1.0, 9, False)], label="Use \"by\" function")])
    old.findings.recommendations[:] = [{"id": "REC-1", "title": "Agree", "text": "Define five."}]
    now = _scores([("HR <b>", 0.6, 1.0, 9, False)], label="Use \"by\" function")
    ctx = _ctx([old], findings=[], tables=[now], recommendations=[{"id": "REC-1", "title": "Agree",
                                                                   "text": "Define six."}])
    body = page.build(ctx).body
    assert '??? note "Use ”by” function: 1 cell"' in body and "| HR &lt;b\\> | Share | 50.0% | 60.0% | ▲ up |" in body
    assert "<b>" not in body
    assert '<del class="critic">five.</del>' in body and '<ins class="critic">six.</ins>' in body


# ---------- against independent references, random input ----------

def _reference_rounding(v: float, d: int) -> str:
    return str(Decimal(v).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_EVEN))


@settings(max_examples=300, deadline=None)
@given(st.floats(-1e6, 1e6, allow_nan=False), st.floats(-1e6, 1e6, allow_nan=False), st.integers(0, 3))
def test_a_figure_is_listed_exactly_when_its_rounded_value_differs(a, b, d):
    # pages/format.number prints "−0.0" for e.g. -0.03 at 1 d.p. (reported to its owner); a value that rounds
    # to a negative zero is left out here until it prints "0.0"
    assume(not any(v < 0 and float(_reference_rounding(v, d)) == 0 for v in (a, b)))
    c = ch.diff(snap([F("k", a, "", d)]), snap([F("k", b, "", d)]))
    differs = float(_reference_rounding(a, d)) != float(_reference_rounding(b, d))
    assert bool(c.figures) == differs
    if differs:
        assert c.figures[0].direction == ("up" if b > a else "down")


WORDS = st.lists(st.sampled_from(["the", "risk", "is", "high", "low", "<b>", "&", "12", "15", "."]), max_size=30)


def _text(paragraphs: list[list[str]]) -> str:
    return ch.BREAK.join(" ".join(p) for p in paragraphs if p)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=4), st.lists(WORDS, max_size=4))
def test_word_ops_rebuild_both_texts(old, new):
    before, after = _text(old), _text(new)
    ops = ch.word_ops(before, after)
    assert [w for _, a, _ in ops for w in a] == ch.words(before)
    assert [w for t, a, b in ops for w in (a if t == "equal" else b)] == ch.words(after)


class _Text(HTMLParser):
    """Independent reader of the diff HTML: words outside <del> (the new text) and outside <ins> (the old)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside, self.new, self.old, self.tags = None, [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("ins", "del"):
            self.inside = tag

    def handle_endtag(self, tag):
        if tag in ("ins", "del"):
            self.inside = None

    def handle_data(self, data):
        if self.inside != "del":
            self.new += data.split()
        if self.inside != "ins":
            self.old += data.split()


@settings(max_examples=200, deadline=None)
@given(WORDS, WORDS)
def test_word_diff_html_shows_both_texts_and_no_raw_user_markup(old, new):
    before, after = " ".join(old), " ".join(new)
    reader = _Text()
    reader.feed(page.word_diff_html(before, after))
    if before != after:
        assert reader.new == after.split() and [w for w in reader.old if w != "¶"] == before.split()
    assert set(reader.tags) <= {"div", "p", "ins", "del"}  # "<b>" typed by the author stays text


def test_word_diff_html_keeps_changed_paragraphs_only():
    before = "First para stays.\n\nSecond one goes.\n\nThird stays.\n\nFourth stays."
    after = "First para stays.\n\nSecond one changed.\n\nThird stays.\n\nFourth stays.\n\nFifth is new."
    html = page.word_diff_html(before, after)
    paras = re.findall(r"<p[^>]*>(.*?)</p>", html)
    assert paras == ['Second one <del class="critic">goes.</del> <ins class="critic">changed.</ins>', "…",
                     '<ins class="critic">Fifth is new.</ins>']


# ---------- the pages ----------

SPEC = {"engagement": {"id": "t", "client": "Client"},  # what the typed case (Context.settings) needs
        "report": {"round": 2, "status": "draft", "date": dt.date(2026, 4, 24), "k_min": 5,
                   "confidentiality": "Confidential."},
        "organisation": {"functions": [], "levels": [], "activities": []}}


def _ctx(releases=(), feedback=(), findings=(), tables=(), recommendations=()) -> Context:
    fs = Findings(recommendations=list(recommendations))
    fs.add(*findings, *tables)
    return Context(spec={**SPEC, "feedback": list(feedback)}, fs=fs, narrative={}, releases=list(releases))


def test_no_earlier_release_no_what_changed_page_and_no_feedback_no_feedback_page():
    assert page.build(_ctx()) is None
    assert feedback_page.build(_ctx()) is None


def test_what_changed_page_headline_first_then_one_section_per_earlier_version():
    vai = "alignment.company.vai"  # a headline index: 0.05 or more is a change that matters
    v1 = snap([F(vai, 0.70, label="VAI")], version="draft-1", key=(1, 0), date="2026-04-10")
    v0 = snap([F(vai, 0.50, label="VAI")], version="pilot", key=(0, 0), date="2026-03-01")
    body = page.build(_ctx([v1, v0], findings=[F(vai, 0.72, label="VAI")])).body
    assert body.index("**Nothing that matters moved since Draft 1: no risk changed band and no headline figure "
                      "passed its rule.**") < body.index("Against the first version, Pilot (1 March 2026): 1 change "
                                                         "that matters.") \
        < body.index("## Since Draft 1 (10 April 2026)") < body.index("## Since Pilot (1 March 2026)") \
        < body.index("**1 change that matters since Pilot: VAI, 0.50 → 0.72.**")
    assert "This is Draft 2 (24 April 2026)." in body


def test_what_changed_page_says_so_when_nothing_changed():
    body = page.build(_ctx([snap([F("a", 1.0)])], findings=[F("a", 1.0)])).body
    assert "**Nothing changed since Draft 1.**" in body and "No figure, table cell, risk band" in body


def test_feedback_page_groups_by_round_newest_first_then_status_and_escapes():
    items = [FB("F1", "open"), FB("F2", "addressed", "Done <i>now</i>"), FB("F3", "declined", "No", 2)]
    body = feedback_page.build(_ctx(feedback=items)).body
    assert body.index("## Feedback on draft 2") < body.index("## Feedback on draft 1")
    assert body.index("### Addressed") < body.index("### Open")
    assert "<i>" not in body and "Done &lt;i\\>now&lt;/i\\>" in body
    assert "**3 feedback items** received on 2 drafts; **2** answered." in body
