"""run/ sequences every command (issue 12): case.yaml is read and validated once per command, the case is prepared
once and the narrative rendered once, and `smaa export` right after `smaa publish --downloads` of the same findings
copies the PDF and the deck the publish rendered, and says so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaa_build import spec as spec_mod
from smaa_build.cli import main
from smaa_build.pages.base import narrative
from smaa_build.run.export import export
from smaa_build.run.publish import publish

REPO = Path(__file__).resolve().parents[2]


def counting(monkeypatch, module, name: str) -> list:
    calls, real = [], getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


@pytest.fixture()
def case(tmp_path) -> Path:
    return shutil.copytree(REPO / "tests" / "cases" / "minimal", tmp_path / "case")


@pytest.mark.parametrize("cold", [False, True], ids=["analyses cached", "analyses run"])
def test_publish_validates_once_and_renders_the_narrative_once(case, tmp_path, monkeypatch, cold):
    if not cold:
        export(case, tmp_path / "build", pdf=False, deck=False)  # fills the analyses cache
    validated = counting(monkeypatch, spec_mod, "_validate_schema")
    rendered = counting(monkeypatch, narrative, "load")
    publish(case, target=tmp_path / "public", out_root=tmp_path / "build", downloads=False)
    assert (len(validated), len(rendered)) == (1, 1)


def test_export_prepares_once(case, tmp_path, monkeypatch):
    validated = counting(monkeypatch, spec_mod, "_validate_schema")
    rendered = counting(monkeypatch, narrative, "load")
    result = export(case, tmp_path / "build", pdf=False, deck=True)
    assert result.built and (len(validated), len(rendered)) == (1, 1)


def smaa(*args: str) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture()
def same_code(monkeypatch):
    """The export code's digest read once: files that change on disk while the test runs (a shared working tree)
    must not look like a new smaa between the publish and the export."""
    import smaa_build.export as export_mod

    digest = export_mod.code_digest()
    monkeypatch.setattr(export_mod, "code_digest", lambda: digest)


def test_export_after_publish_reuses_the_pdf_and_the_deck(case, tmp_path, same_code):
    out, public = tmp_path / "build", tmp_path / "public"
    smaa("publish", case, "--target", public, "--out", out, "--downloads")
    said = smaa("export", case, "--out", out)
    assert said.count("reused from smaa publish (draft-1) of the same findings") == 2, said
    downloads, exported = public / "minimal" / "draft-1" / "downloads", out / "minimal" / "export"
    for name in ("report.pdf", "deck.pptx"):
        assert (exported / name).read_bytes() == (downloads / name).read_bytes()


def test_an_edited_page_is_rendered_again(case, tmp_path, same_code):
    out = tmp_path / "build"
    smaa("publish", case, "--target", tmp_path / "public", "--out", out, "--downloads")
    spec = case / "case.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("codename: Wren", "codename: Robin"), encoding="utf-8")
    said = smaa("export", case, "--out", out, "--no-pdf")
    assert "reused" not in said and "deck.pptx (" in said
    assert "reused from smaa export of the same findings" in smaa("export", case, "--out", out, "--no-pdf")
