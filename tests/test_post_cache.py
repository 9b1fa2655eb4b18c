"""A build keeps its per-post work (VADER scores, text features) under build/.cache/<id>/posts/, never in the
case folder, and a rebuild with changed case.yaml but unchanged posts reads it instead of scoring again."""

from __future__ import annotations

import shutil
from pathlib import Path

from smaa_build.analyses.value import sentiment as se
from smaa_build.run.build import build

REPO = Path(__file__).resolve().parents[1]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_post_level_caches_live_under_build_and_are_reused(tmp_path, monkeypatch):
    case = tmp_path / "cases" / "demo"
    shutil.copytree(REPO / "cases" / "demo", case, ignore=shutil.ignore_patterns(".smaa-cache"))
    shutil.copytree(REPO / "cases" / "_reference", tmp_path / "cases" / "_reference")  # the benchmark peers
    before = snapshot(case)
    build(case, tmp_path / "out")
    assert snapshot(case) == before  # nothing written into the case folder
    posts_cache = tmp_path / "out" / ".cache" / "demo" / "posts"
    cached = sorted(p.name.split("-")[2] for p in posts_cache.iterdir())
    assert "vader" in cached and "features" in cached

    spec = case / "case.yaml"  # an edit the analyses see (a new cache key), posts unchanged
    spec.write_text(spec.read_text(encoding="utf-8").replace("area: customer satisfaction", "area: satisfaction"),
                    encoding="utf-8")
    monkeypatch.setattr(se, "score_unique", lambda *a, **k: (_ for _ in ()).throw(AssertionError("scored again")))
    result = build(case, tmp_path / "out")
    assert not result.cached  # the analyses ran, from the post-level caches
