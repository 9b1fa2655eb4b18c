"""YAML loading with positions: where nested keys, values and list items stand, and located syntax errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from smaa_build.errors import SpecError
from smaa_build.spec import load_spec
from smaa_build.spec.yamlio import dotted, load_located

BASE = Path(__file__).resolve().parents[1] / "cases" / "invalid" / "_base"

DOC = """\
engagement:
  id: demo
  period: {start: 2026-03-02, end: 2026-03-27}
organisation:
  functions:
    - {id: comms, label: Communication}
    - id: mkt
      label: Marketing
  management_levels: [L1, L2]
"""


def located(tmp_path, text: str, name: str = "case.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_located(path, name)


def test_positions_of_nested_keys_and_values(tmp_path):
    loc, problems = located(tmp_path, DOC)
    assert problems == []
    assert loc.keys[("engagement", "id")] == (2, 3)
    assert loc.values[("engagement", "id")] == (2, 7)
    assert loc.keys[("engagement", "period", "end")] == (3, 31)
    assert loc.values[("engagement", "period", "end")] == (3, 36)


def test_positions_of_list_items(tmp_path):
    loc, _ = located(tmp_path, DOC)
    assert loc.values[("organisation", "functions", 0)] == (6, 7)     # a flow mapping starts at its '{'
    assert loc.values[("organisation", "functions", 0, "label")] == (6, 26)
    assert loc.values[("organisation", "functions", 1)] == (7, 7)     # a block mapping at its first key
    assert loc.values[("organisation", "functions", 1, "label")] == (8, 14)
    assert loc.values[("organisation", "management_levels", 1)] == (9, 27)


def test_missing_key_points_at_its_parent(tmp_path):
    loc, _ = located(tmp_path, DOC)
    assert loc.where(("engagement", "client"), key=True) == (1, 1)                  # the `engagement:` key
    assert loc.where(("organisation", "functions", 1, "headcount")) == (7, 7)       # the list item
    assert loc.where(("nowhere", "at", "all")) == (1, 1)


def test_dotted_paths():
    assert dotted(("organisation", "functions", 2, "id")) == "organisation.functions[2].id"
    assert dotted(("feedback", 0)) == "feedback[0]"
    assert dotted(()) == ""


def test_duplicate_key_is_located_at_the_second_one(tmp_path):
    loc, problems = located(tmp_path, "report:\n  round: 1\n  status: draft\n  round: 2\n")
    assert [str(p) for p in problems] == [
        "case.yaml:4:3: report.round: duplicate key (first defined at line 2); keep only one"]
    assert loc.data == {"report": {"round": 2, "status": "draft"}}


@pytest.mark.parametrize("text, message", [
    ("title: Risk: high\n",
     "case.yaml:1:12: YAML syntax error: mapping values are not allowed here (a value containing ': ' must be in "
     "quotes, e.g. title: \"Risk: high\"; or the line is indented too deep)"),
    ("report:\n\tround: 1\n",
     "case.yaml:2:1: YAML syntax error: while scanning for the next token found character '\\t' that cannot "
     "start any token (indent with spaces, not tabs)"),
    ("report:\n  round: 1\n status: draft\n",
     "case.yaml:3:2: YAML syntax error: while parsing a block mapping expected <block end>, but found "
     "'<block mapping start>' (this line's indentation does not match the lines above it)"),
    ("period: {start: 2026-03-02\nreport: 1\n",
     "case.yaml:2:7: YAML syntax error: while parsing a flow mapping expected ',' or '}', but got ':' "
     "(the '{' opened on line 1 is not closed, or a value holding ', ' needs quotes)"),
    ("authors: [A, B\nreport: 1\n",
     "case.yaml:2:7: YAML syntax error: while parsing a flow sequence expected ',' or ']', but got ':' "
     "(the '[' opened on line 1 is not closed, or a value holding ', ' needs quotes)"),
    ('client: "Heron\nreport: 1\n',
     "case.yaml:3:1: YAML syntax error: while scanning a quoted scalar found unexpected end of stream "
     "(the quote opened on line 1 is not closed)"),
])
def test_syntax_errors_are_located_with_a_hint(tmp_path, text, message):
    loc, problems = located(tmp_path, text)
    assert loc is None
    assert [str(p) for p in problems] == [message]


def test_not_utf8_yaml(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_bytes("client: Città\n".encode("latin-1"))
    loc, problems = load_located(path, "case.yaml")
    assert loc is None
    assert [str(p) for p in problems] == ["case.yaml:1:1: not valid UTF-8 (byte 12); save the file as UTF-8"]


def test_utf8_bom_is_accepted_and_positions_unchanged(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + "client: Città\nid: x\n".encode("utf-8"))
    loc, problems = load_located(path, "case.yaml")
    assert problems == [] and loc.data == {"client": "Città", "id": "x"}
    assert loc.values[("id",)] == (2, 5)


# ---- through load_spec: where schema problems land -----------------------------------------------------------


@pytest.fixture
def case(tmp_path, monkeypatch):
    """A copy of the valid base case in tmp_path/case; messages name it `case/...` (cwd = tmp_path)."""
    shutil.copytree(BASE, tmp_path / "case")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "case"


def problems_of(case: Path, old: str, new: str, strict: bool = False) -> list[str]:
    spec = case / "case.yaml"
    text = spec.read_text(encoding="utf-8")
    assert text.count(old) == 1
    spec.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(case, strict)
    return [str(p) for p in info.value.problems]


def test_missing_key_in_a_list_item_points_at_the_item(case):
    assert problems_of(case, "    - {id: mkt, label: Marketing}\n", "    - {id: mkt}\n") == [
        "case/case.yaml:24:7: organisation.functions[1].label: required key 'label' is missing under "
        "`organisation.functions[1]:`; add it — Function name as the report prints it."]


def test_missing_top_level_key_points_at_the_document_start(case):
    assert problems_of(case, "spec_version: 1\n", "") == [
        "case/case.yaml:3:1: spec_version: required key 'spec_version' is missing at the top level; add it — "
        "Version of this spec format. Only 1 exists."]


def test_wrong_type_in_a_list_item_is_located_at_the_value(case):
    assert problems_of(case, "{id: L3, label: Executive, rank: 3}", "{id: L3, label: Executive, rank: third}") == [
        "case/case.yaml:28:40: organisation.levels[2].rank: expected a whole number, got text 'third'"]


def test_unknown_key_in_a_list_item_is_a_warning_located_at_the_key(case):
    spec = case / "case.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("    status: addressed\n",
                                                             "    status: addressed\n    owner: PR\n"), "utf-8")
    _, _, warnings = load_spec(case)
    assert [str(w) for w in warnings] == [
        "case/case.yaml:48:5: feedback[0].owner: warning: unknown key 'owner' is ignored"]


@pytest.mark.parametrize("text", ["# nothing yet\n", "- spec_version: 1\n- engagement: {}\n"])
def test_top_level_must_be_a_mapping(case, text):
    (case / "case.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(case)
    assert [str(p) for p in info.value.problems] == [
        "case/case.yaml:1:1: expected a mapping of keys (spec_version, engagement, …) at the top level; see "
        "docs/reference/spec.md"]
