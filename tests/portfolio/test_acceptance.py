"""Issue 16's acceptance, end to end on three tiny engagements (tests/portfolio/_repo.py): the portfolio builds over
them; adding the finished case to the reference set changes the demo's benchmark on its next build, whose "What
changed" names the new set; the demo's published version stays byte-identical (checksums)."""

from __future__ import annotations

import json

import pytest

import _repo
from smaa_build.portfolio import build_portfolio
from smaa_build.portfolio.reference import add_case, set_hash, short
from smaa_build.run.publish import publish

pytestmark = pytest.mark.slow  # three publishes of a 12-interviewee case and one portfolio build, ~30 s


def _findings(case, version: str) -> dict:
    return json.loads((case / "releases" / version / "findings.json").read_text(encoding="utf-8"))


def test_finished_case_feeds_the_next_demo_build_and_published_versions_stay(tmp_path):
    cases = _repo.make(tmp_path)
    target, out = tmp_path / "public", tmp_path / "build"
    demo, finished = cases / "demo", cases / "finished"
    publish(demo, target=target, out_root=out)
    publish(finished, target=target, out_root=out)
    before = {"site": _repo.checksums(target / "demo" / "draft-1"),
              "release": _repo.checksums(demo / "releases" / "draft-1")}
    old_set = set_hash(cases / "_reference" / "cases.csv")
    draft1 = _findings(demo, "draft-1")
    assert draft1["meta"]["provenance"]["reference_set"]["sha256"] == old_set
    assert draft1["findings"]["benchmark.n_peers"]["value"] == 6

    # the portfolio over the three cases, published into the hosting root
    result = build_portfolio(cases, out, 5, target)
    assert [(e.id, e.name, e.status, [v.name for v in e.versions]) for e in result.engagements] == [
        ("demo", "Base", "draft", ["draft-1"]), ("finished", "Kestrel Holdings", "final", ["final"]),
        ("second", "Second", "draft", [])]
    index = (target / "_portfolio" / "index.html").read_text(encoding="utf-8")
    assert 'href="../demo/draft-1/index.html"' in index and 'href="../finished/final/index.html"' in index
    assert "Kestrel Holdings" in index and "Base Test S.r.l." not in index  # show_client_name: true / false

    added, _ = add_case(finished)
    assert added.ids == ["REF-07"] and added.steps == ["as given"] and added.before == old_set

    # the demo's next version: the new set, one more peer, and What changed says so
    (demo / "case.yaml").write_text((demo / "case.yaml").read_text(encoding="utf-8").replace("round: 1\n  status", "round: 2\n  status"),
                                    encoding="utf-8")
    publish(demo, target=target, out_root=out)
    draft2 = _findings(demo, "draft-2")
    assert draft2["meta"]["provenance"]["reference_set"]["sha256"] == added.after != old_set
    assert draft2["findings"]["benchmark.n_peers"]["value"] == 7
    changes = (target / "demo" / "draft-2" / "changes.html").read_text(encoding="utf-8")
    assert "benchmark reference set changed" in changes
    assert f"{short(old_set)} → {short(added.after)}" in changes

    # published versions never change
    assert _repo.checksums(target / "demo" / "draft-1") == before["site"]
    assert _repo.checksums(demo / "releases" / "draft-1") == before["release"]
