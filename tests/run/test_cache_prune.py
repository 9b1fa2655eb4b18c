"""`smaa cache prune` (issue 15): the case's cache shrinks to what the case as it stands uses."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from smaa_build.analyses.value import text_store as ts
from smaa_build.cli import main
from smaa_build.spec import load_case, provenance

REPO = Path(__file__).resolve().parents[2]


def test_prune_keeps_the_current_findings_and_the_current_texts(tmp_path):
    case_dir = tmp_path / "cases" / "demo"
    shutil.copytree(REPO / "cases" / "demo", case_dir, ignore=shutil.ignore_patterns(".smaa-cache"))
    shutil.copytree(REPO / "cases" / "_reference", tmp_path / "cases" / "_reference")
    case = load_case(case_dir)
    texts = case.tables["posts"]["text"].dropna().unique().tolist()
    key = provenance.analysis_key(provenance.collect(case.spec_path, dict(case.files)))
    folder = tmp_path / "build" / ".cache" / "demo"
    (folder / "posts").mkdir(parents=True)
    for name in (f"{key}.json", f"{key}.charts.json", "0" * 32 + ".json", "0" * 32 + ".charts.json"):
        (folder / name).write_text("{}")
    (folder / "posts" / "sentiment-vader-3.3.2-abc.npy").write_bytes(b"old layout")
    store = ts.store_path(folder / "posts", "len")
    gone = ["a post that was edited away", "another removed post"]
    ts.answers(texts + gone, store, lambda t: {"n": np.array([len(x) for x in t])})

    result = CliRunner().invoke(main, ["cache", "prune", str(case_dir), "--out", str(tmp_path / "build")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.glob("*.json")) == [f"{key}.charts.json", f"{key}.json"]
    assert sorted(p.name for p in (folder / "posts").iterdir()) == [store.name]
    assert len(ts.load(store)[0]) == len(texts)
    assert f"3 file(s) removed, 2 text(s) dropped, {len(texts)} kept." in result.output
    assert ts.answers(texts, store, lambda t: (_ for _ in ()).throw(AssertionError("recomputed")))[1] == 0

    result = CliRunner().invoke(main, ["cache", "prune", str(case_dir), "--out", str(tmp_path / "build"), "--all"])
    assert result.exit_code == 0 and not folder.exists()


def test_prune_keeps_the_current_posts_files_segments_only(tmp_path, monkeypatch):
    from smaa_build.spec import memo, segments

    monkeypatch.setattr(segments, "LINES_PER_SEGMENT", 1024)  # the demo's 30k posts in a few dozen segments
    monkeypatch.setattr(segments, "MIN_LINES", 256)
    monkeypatch.setattr(memo, "MIN_BYTES", 0)
    case_dir = tmp_path / "cases" / "demo"
    shutil.copytree(REPO / "cases" / "demo", case_dir, ignore=shutil.ignore_patterns(".smaa-cache"))
    shutil.copytree(REPO / "cases" / "_reference", tmp_path / "cases" / "_reference")
    posts = tmp_path / "build" / ".cache" / "demo" / "posts"
    before = load_case(case_dir, cache_dir=posts).tables["posts"].attrs["segments"]
    csv = next(p for p in (case_dir / "data").iterdir() if p.name.startswith("posts"))
    lines = csv.read_text(encoding="utf-8").split("\n")
    at = next(i for i in range(len(lines) - 3, 0, -1) if " the " in lines[i])
    lines[at] = lines[at].replace(" the ", " The ", 1)  # one post's text changes: its segment only
    csv.write_text("\n".join(lines), encoding="utf-8")
    after = load_case(case_dir, cache_dir=posts).tables["posts"].attrs["segments"]
    stale = {k for k, _n in before} - {k for k, _n in after}
    assert len(before) > 3 and len(stale) == 1
    for name in ("ingest-posts-" + "0" * 32 + ".arrow", "answers-" + "1" * 32 + ".json"):
        (posts / name).write_text("{}")

    result = CliRunner().invoke(main, ["cache", "prune", str(case_dir), "--out", str(tmp_path / "build")])
    assert result.exit_code == 0, result.output
    left = sorted(p.name for p in posts.iterdir())
    assert {n.rsplit(".", 1)[0] for n in left if n.startswith(segments.PREFIX)} == \
        {f"{segments.PREFIX}{k}" for k, _n in after}
    indexes = [n for n in left if n.startswith(segments.INDEX)]  # the file's, and the one its next edit starts from
    assert len(indexes) == 2 and len([n for n in indexes if n.startswith(f"{segments.INDEX}last-")]) == 1
    assert not [n for n in left if n.startswith(("ingest-", "answers-"))]
