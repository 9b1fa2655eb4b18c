"""`smaa serve`: serves the build on 127.0.0.1, injects the reload script, rebuilds on a narrative edit and
keeps serving the previous site when a rebuild fails."""

from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path

from smaa_build.run.serve import LivePreview

REPO = Path(__file__).resolve().parents[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode("utf-8")


def test_rebuilds_on_edit_and_survives_a_bad_edit(tmp_path, story_case):
    case, story = story_case
    preview = LivePreview(case, tmp_path / "out", port=0)
    url = preview.start()
    try:
        home = fetch(url + "index.html")
        assert "First version" in home and "/__smaa_build" in home
        first_id = fetch(url + "__smaa_build")
        assert preview.poll() is False
        story.write_text("Second version of the summary.\n")
        assert preview.poll() is True
        assert "Second version" in fetch(url + "index.html")
        assert fetch(url + "__smaa_build") != first_id
        story.write_text("Cites {{ no.such.key }}.\n")
        assert preview.poll() is False  # failed rebuild: reported, previous site still served
        assert "Second version" in fetch(url + "index.html")
    finally:
        preview.stop()
    built = (tmp_path / "out" / "minimal" / "site" / "index.html").read_text()
    assert "/__smaa_build" not in built  # the reload script never lands in the built site


def test_an_encrypted_case_is_previewed_unencrypted_apart_from_the_build(tmp_path, monkeypatch):
    monkeypatch.delenv("SMAA_SITE_PASSWORD", raising=False)  # the preview needs no password
    case = tmp_path / "case"
    shutil.copytree(REPO / "tests" / "cases" / "minimal", case)
    spec = case / "case.yaml"
    spec.write_text(spec.read_text().replace("  k_min:", "  privacy: encrypted\n  k_min:", 1))
    preview = LivePreview(case, tmp_path / "out", port=0)
    url = preview.start()
    try:
        home = fetch(url + "index.html")
        assert "Protected report" not in home and "Key findings" in home and "/__smaa_build" in home
    finally:
        preview.stop()
    assert preview.unencrypted == tmp_path / "out" / ".preview-unencrypted" / "minimal"
    assert not (tmp_path / "out" / "minimal").exists()  # the folder that gets uploaded is never unencrypted
