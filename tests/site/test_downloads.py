"""A published version can offer its own PDF and manager deck (`smaa publish --downloads`, the CLI default unless
the site is encrypted): the files sit in the version's downloads/ folder, the home page links them under names
that say case, version and kind, and other pages do not. With report.privacy: encrypted they are refused,
before anything is written, because they would be served in clear next to the encrypted pages."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaa_build.cli import main
from smaa_build.errors import SiteError
from smaa_build.run.publish import publish

REPO = Path(__file__).resolve().parents[2]
ENCRYPTED_REFUSAL = ("report.privacy is encrypted: the PDF and the deck would be served unencrypted next to the "
                     "encrypted pages, so they cannot be published with it; publish with --no-downloads and send "
                     "the files another way. Nothing was changed.")


def copy_minimal(dst: Path, privacy: str | None = None) -> Path:
    case = shutil.copytree(REPO / "tests" / "cases" / "minimal", dst)
    if privacy:
        spec = case / "case.yaml"
        text = spec.read_text(encoding="utf-8")
        assert "  k_min:" in text
        spec.write_text(text.replace("  k_min:", f"  privacy: {privacy}\n  k_min:", 1), encoding="utf-8")
    return case


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def with_downloads(tmp_path_factory):
    root = tmp_path_factory.mktemp("downloads")
    case = copy_minimal(root / "case")
    result = CliRunner().invoke(main, ["publish", str(case), "--target", str(root / "public"),
                                       "--out", str(root / "build")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root / "public" / "minimal" / "draft-1"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_the_version_folder_holds_a_real_pdf_and_deck(with_downloads):
    text = subprocess.run(["pdftotext", str(with_downloads / "downloads" / "report.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "CONFIDENTIAL · DRAFT round 1" in text and "\f" in text  # the running header, more than one page
    with zipfile.ZipFile(with_downloads / "downloads" / "deck.pptx") as deck:
        slides = [n for n in deck.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    assert len(slides) >= 3


def test_the_home_page_links_them_and_other_pages_do_not(with_downloads):
    home = (with_downloads / "index.html").read_text(encoding="utf-8")
    assert '<a href="downloads/report.pdf" download="minimal-draft-1-report.pdf">Report (PDF)</a>' in home
    assert '<a href="downloads/deck.pptx" download="minimal-draft-1-deck.pptx">Manager deck (PPTX)</a>' in home
    others = [p for p in with_downloads.glob("*.html") if p.name != "index.html"]
    assert others and not [p.name for p in others if "smaa-downloads" in p.read_text(encoding="utf-8")]


def test_without_downloads_there_is_no_folder_and_no_link(tmp_path):
    case = copy_minimal(tmp_path / "case")
    publish(case, target=tmp_path / "public", out_root=tmp_path / "build", downloads=False)
    version = tmp_path / "public" / "minimal" / "draft-1"
    assert not (version / "downloads").exists()
    assert "smaa-downloads" not in (version / "index.html").read_text(encoding="utf-8")


def test_encrypted_sites_refuse_downloads_and_change_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("SMAA_SITE_PASSWORD", "correct horse battery staple")
    case = copy_minimal(tmp_path / "case", privacy="encrypted")
    before = tree(tmp_path)
    with pytest.raises(SiteError) as err:
        publish(case, target=tmp_path / "public", out_root=tmp_path / "build", downloads=True)
    assert str(err.value) == ENCRYPTED_REFUSAL
    assert tree(tmp_path) == before


def test_the_cli_default_leaves_them_out_of_encrypted_sites(tmp_path, monkeypatch):
    monkeypatch.setenv("SMAA_SITE_PASSWORD", "correct horse battery staple")
    case = copy_minimal(tmp_path / "case", privacy="encrypted")
    result = CliRunner().invoke(main, ["publish", str(case), "--target", str(tmp_path / "public"),
                                       "--out", str(tmp_path / "build")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "public" / "minimal" / "draft-1" / "downloads").exists()
