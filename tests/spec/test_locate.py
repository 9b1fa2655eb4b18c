"""Build-time errors about the case's own settings are located at their key in case.yaml."""

from __future__ import annotations

from smaa_build.errors import AnalysisError, SpecError
from smaa_build.spec.locate import key_path, locate

YAML = """\
spec_version: 1
data:
  posts: {file: data/posts.csv}
value:
  brand: Acme
risks:
  overrides:
    - {id: R1, department: hr}
"""


def located(tmp_path, message: str):
    spec = tmp_path / "case.yaml"
    spec.write_text(YAML, encoding="utf-8")
    return locate(AnalysisError(message), spec)


def test_key_paths_with_indices():
    assert key_path("risks.overrides[0].department") == ("risks", "overrides", 0, "department")
    assert key_path("value") == ("value",)


def test_a_keyed_message_points_at_the_key_or_its_nearest_declared_parent(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    got = located(tmp_path, "value.brand 'Acme': no post resolved to this brand")
    assert isinstance(got, SpecError)
    assert str(got) == "case.yaml:5:10: value.brand: 'Acme': no post resolved to this brand"
    assert str(located(tmp_path, "risks.overrides[0].department: 'hr' is not one of organisation.functions")) == \
        "case.yaml:8:28: risks.overrides[0].department: 'hr' is not one of organisation.functions"
    assert str(located(tmp_path, "value.design 'panel' needs a brand column")) == \
        "case.yaml:5:3: value.design: 'panel' needs a brand column"  # not declared: the value: block
    assert str(located(tmp_path, "posts: missing required column(s) ['text']")) == \
        "case.yaml:3:10: posts: missing required column(s) ['text']"  # a data kind: its data: entry


def test_other_messages_stay_as_they_are(tmp_path):
    exc = AnalysisError("the interview data hold no function with 3 levels")
    assert located(tmp_path, str(exc)).__class__ is AnalysisError
    assert str(located(tmp_path, "nonsense.key: whatever")) == "nonsense.key: whatever"
