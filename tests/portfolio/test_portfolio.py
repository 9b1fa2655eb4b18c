"""The portfolio's content: the engagements read from case.yaml and the release snapshots, the distributions across
finished cases (hand-computed quartiles and ranks), k_min across cases on the sector × size band cells, client names
only where allowed, and the site built with the report's theme."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

import _repo
from smaa_build.portfolio import build_portfolio
from smaa_build.portfolio.collect import Engagement, Version, collect, indices
from smaa_build.portfolio.compare import POOLED, cells, distribution
from smaa_build.run.check_all import older_set, stale_draft


def case(name, sector="J", band="250-999", hdi=None, final=True, **kw) -> Engagement:
    v = Version("final" if final else "draft-1", "Final" if final else "Draft 1", "2026-04-01",
                "final" if final else "draft", 3 if final else 1, kw.pop("sha", None))
    return Engagement(name.lower(), name, sector, band, v.round, v.status, v.date, versions=[v],
                      indices={"hdi": hdi, **kw})


CASES = [case("A", hdi=0.2), case("B", hdi=0.5), case("C", "G", ">=5000", hdi=0.9), case("D", hdi=0.7, final=False),
         case("E", hdi=None)]


def test_the_distribution_is_over_finished_cases_and_places_the_others():
    d = distribution(CASES, "hdi")
    # finished with a value: 0.2, 0.5, 0.9 -> numpy's linear quartiles 0.35, 0.5, 0.7; D in progress, E no value
    assert d.n == 3 and d.quartiles == pytest.approx((0.35, 0.5, 0.7), abs=1e-9)
    assert [(p.name, p.value, p.finished, p.rank, p.of) for p in d.positions] == [
        ("C", 0.9, True, 1, 3), ("D", 0.7, False, None, 3), ("B", 0.5, True, 2, 3), ("A", 0.2, True, 3, 3)]


def test_two_finished_cases_have_no_quartiles():
    assert distribution(CASES[:2], "hdi").quartiles is None


def test_cells_under_k_are_pooled_never_shown_alone():
    # finished: A, B, E in J × 250-999 (3), C in G × >=5000 (1)
    assert [(c.sector, c.size_band, c.n) for c in cells(CASES, k=3)] == [("J", "250-999", 3), (POOLED, "", 1)]
    assert [(c.sector, c.size_band, c.n) for c in cells(CASES, k=4)] == [(POOLED, "", 4)]
    shown = cells(CASES, k=3)[0]
    assert shown.medians["hdi"] == pytest.approx(0.35)  # median of A 0.2 and B 0.5 (E has none)


def test_indices_count_high_risks_and_keep_suppressed_values_hidden():
    fs = {"findings": {"diffusion.company.hdi": {"value": 0.4}, "alignment.company.vai": {"value": 0.8,
                                                                                           "suppressed": True},
                       "risk.R1.worst_band": {"value": "High"}, "risk.R2.worst_band": {"value": "Very high"},
                       "risk.R3.worst_band": {"value": "Medium"}}}
    got = indices(fs)
    assert got["hdi"] == 0.4 and got["vai"] is None and got["high_risks"] == 2 and got["smi_r"] is None


def test_older_set_and_stale_draft_notes():
    e = case("D", hdi=0.7, final=False, sha="a" * 64)
    assert older_set(e, "a" * 64, "x") == []
    [note] = older_set(e, "b" * 64, "cases/d/case.yaml")
    assert str(note) == ("cases/d/case.yaml: warning: draft-1 was built against an older benchmark set (aaaaaaaaaaaa; "
                         "current bbbbbbbbbbbb): the next build uses the current set, the published version keeps "
                         "its own")
    assert stale_draft(e, date(2026, 5, 1), 30, "x") == []  # 30 days: not more than 30
    [note] = stale_draft(e, date(2026, 5, 2), 30, "cases/d/case.yaml")
    assert str(note) == ("cases/d/case.yaml: warning: draft-1 was published 31 days ago (2026-04-01) and has no "
                         "feedback item for round 1 yet (more than 30 days)")
    e.feedback_rounds = {1}
    assert stale_draft(e, date(2026, 5, 2), 30, "x") == []
    assert stale_draft(case("A", hdi=0.2), date(2027, 1, 1), 30, "x") == []  # a final is never stale


def _release(case_dir, version, status, rnd, day, findings):
    rel = case_dir / "releases" / version
    rel.mkdir(parents=True)
    (rel / "release.json").write_text(json.dumps({"version": version, "title": version.title(), "status": status,
                                                  "round": rnd, "date": day, "provenance": {}}), encoding="utf-8")
    (rel / "findings.json").write_text(json.dumps({"findings": findings}), encoding="utf-8")


@pytest.fixture
def repo(tmp_path):
    cases = tmp_path / "cases"
    (cases / "_reference").mkdir(parents=True)
    (cases / "_reference" / "cases.csv").write_text(_repo.SET, encoding="utf-8")
    _repo.demo(cases)
    _repo.finished(cases)
    _release(cases / "demo", "draft-1", "draft", 1, "2026-04-10", {"diffusion.company.hdi": {"value": 0.5}})
    _release(cases / "finished", "draft-1", "draft", 1, "2026-03-01", {})
    _release(cases / "finished", "final", "final", 3, "2026-05-04", {"diffusion.company.hdi": {"value": 0.75}})
    shutil.copytree(cases / "demo", cases / "_hidden")  # neither a folder starting with '_' …
    (cases / "notes").mkdir()  # … nor one without case.yaml is a case
    return cases


def test_collect_reads_case_yaml_and_the_snapshots(repo):
    found = collect(repo)
    assert [(e.id, e.name, e.round, e.status, [(v.name, v.date) for v in e.versions], e.indices["hdi"])
            for e in found] == [("demo", "Base", 1, "draft", [("draft-1", "2026-04-10")], 0.5),
                                ("finished", "Kestrel Holdings", 3, "final",
                                 [("draft-1", "2026-03-01"), ("final", "2026-05-04")], 0.75)]
    assert [f["id"] for f in found[0].open_feedback] == [] and found[0].feedback_rounds == {1}


def test_the_site_lists_versions_names_only_where_allowed_and_pools_small_cells(repo, tmp_path):
    result = build_portfolio(repo, tmp_path / "build", k=5)
    index = (result.site / "index.html").read_text(encoding="utf-8")
    assert 'href="../finished/final/index.html">Final</a> (2026-05-04)' in index
    assert "Kestrel Holdings" in index and "Base Test S.r.l." not in index
    compare = (result.site / "compare.html").read_text(encoding="utf-8")
    assert POOLED in compare and 'class="smaa-chart"' in compare
    assert "<td style=\"text-align: left;\">J</td>" not in compare  # one finished case: its cell is never shown


def test_the_comparison_draws_quartiles_once_three_cases_are_finished(repo, tmp_path):
    for n, hdi in ((2, 0.25), (3, 0.5)):
        twin = repo / f"finished{n}"
        shutil.copytree(repo / "finished", twin)
        spec = twin / "case.yaml"
        spec.write_text(spec.read_text(encoding="utf-8").replace("id: finished", f"id: finished{n}"), encoding="utf-8")
        (twin / "releases" / "final" / "findings.json").write_text(
            json.dumps({"findings": {"diffusion.company.hdi": {"value": hdi}}}), encoding="utf-8")
    compare = (build_portfolio(repo, tmp_path / "build", k=3).site / "compare.html").read_text(encoding="utf-8")
    # finished: 0.25, 0.5, 0.75 -> quartiles 0.375, 0.5, 0.625
    assert "Finished cases: median 0.50, middle half 0.38–0.62." in compare
    assert "middle half of the 3 finished cases" in compare


def test_cases_with_the_same_printed_value_get_their_own_lane():
    from smaa_build.portfolio.pages import lanes

    assert lanes(["0.50", "0.25", "0.50", "0.50", "0.25"]) == [0, 0, 1, 2, 1]
