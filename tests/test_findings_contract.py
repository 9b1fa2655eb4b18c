"""findings.json is the only thing pages read: suppressed statistics, and words derived from them, never
survive serialisation; floats are rounded and the bytes are deterministic."""

from __future__ import annotations

import json

from smaa_build import findings as F
from smaa_build.analyses.chapter1.silos import _complement_pairs


def test_suppressed_finding_keeps_nothing_derived():
    fs = F.Findings()
    fs.add(F.Finding("alignment.rwgj.function.fin", "r_wg(J)", 0.91, n=3, ci=(0.8, 0.95), p=0.01,
                     suppressed=True, extra={"band": "very strong"}))
    rec = F.to_dict(fs)["findings"]["alignment.rwgj.function.fin"]
    assert (rec["value"], rec["ci"], rec["p"], rec["extra"]) == (None, None, None, {})
    assert rec["n"] == 3 and rec["suppressed"] is True


def test_suppressed_row_drops_statistics_and_their_bands():
    t = F.Table("x", "x", [{"name": "group", "label": "Group"}], [
        {"group": "Finance", "level_rank": 2, "n": 3, "rwg": 0.9, "band": "strong", "ad_ok": True,
         "label": "<5", "suppressed": True},
        {"group": "Sales", "level_rank": 3, "n": 12, "rwg": 0.4, "band": "weak", "suppressed": False}])
    fs = F.Findings()
    fs.add(t)
    hidden, shown = F.to_dict(fs)["tables"]["x"]["rows"]
    assert hidden == {"group": "Finance", "level_rank": 2, "n": None, "rwg": None, "band": None, "ad_ok": None,
                      "label": "<5", "suppressed": True}
    assert shown["rwg"] == 0.4 and shown["band"] == "weak"


def test_bytes_are_deterministic_and_rounded():
    fs = F.Findings()
    fs.add(F.Finding("b", "B", 1 / 3), F.Finding("a", "A", float("nan")))
    text = F.dumps(fs)
    assert text == F.dumps(F.from_dict(json.loads(text)))
    data = json.loads(text)
    assert list(data["findings"]) == ["a", "b"]
    assert data["findings"]["b"]["value"] == 0.333333 and data["findings"]["a"]["value"] is None


def _pair(a, b, j, union, suppressed):
    return {"function_a": a, "function_b": b, "jaccard": j, "union": union, "suppressed": suppressed}


def test_a_lone_suppressed_kpi_pair_gets_a_complement():
    rows = [_pair("a", "b", 0.1, 5, True), _pair("a", "c", 0.2, 4, False), _pair("b", "c", 0.3, 9, False)]
    assert _complement_pairs(rows) is False
    assert [r["suppressed"] for r in rows] == [True, True, False]  # the smallest published pair


def test_the_mean_is_hidden_when_no_pair_can_complement():
    rows = [_pair("a", "b", 0.1, 5, True)]
    assert _complement_pairs(rows) is True
