"""The report PDF, read back with poppler: cover, running header and page numbers, a contents page whose page
numbers are right, every chapter, numbers from findings.json, no request off the machine, case text as text."""

from __future__ import annotations

import dataclasses
import re
import shutil
import socket
import subprocess

import pytest

from smaa_build.export import content, pdf

from .conftest import NO_PANGO, SCRIPT

pytestmark = [
    pytest.mark.skipif(NO_PANGO is not None, reason=NO_PANGO or ""),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"),
]


def text(path, first: int | None = None, last: int | None = None, layout: bool = True) -> str:
    args = ["pdftotext", "-layout"] if layout else ["pdftotext"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(args + [str(path), "-"], check=True, capture_output=True, text=True).stdout


def pages_of(path) -> list[str]:
    return text(path).split("\f")


def nav_titles(exported) -> list[str]:
    import yaml

    config = yaml.safe_load((exported.result.out_dir / "mkdocs.yml").read_text(encoding="utf-8"))
    return [next(iter(item)) for item in config["nav"]]


@pytest.fixture(params=["demo", "minimal"])
def exported(request):
    return request.getfixturevalue(request.param)


def test_cover_names_the_report_the_client_round_and_confidentiality(exported):
    cover = text(exported.result.pdf, 1)
    spec_round = exported.findings.meta["case"]["round"]
    codename = exported.findings.meta["case"]["codename"]
    assert "Social Media Alignment" in cover and "Assessment" in cover
    assert codename.upper() in cover  # show_client_name is false in both cases: the codename, never the client
    assert "Minimal Test Co." not in cover and "Demo Retail" not in cover
    assert "DRAFT" in cover and f"Round {spec_round}" in cover
    assert "CONFIDENTIAL" in cover


def test_every_page_after_the_cover_has_the_header_and_its_number(exported):
    pages = [p for p in pages_of(exported.result.pdf) if p.strip()]
    assert len(pages) == exported.result.pdf_pages
    spec_round = exported.findings.meta["case"]["round"]
    for k, page in enumerate(pages[1:], start=2):
        assert f"CONFIDENTIAL · DRAFT round {spec_round}" in page, k
        assert f"Page {k} of {len(pages)}" in page, k


def test_contents_lists_each_chapter_with_the_page_it_starts_on(exported):
    pages = pages_of(exported.result.pdf)
    toc = pages[1]
    assert "Contents" in toc
    for title in nav_titles(exported) + ["Data behind the figures"]:
        m = re.search(re.escape(title) + r"\s*\.{3,}\s*(\d+)", toc)
        assert m, f"{title} missing from the contents"
        start = pages[int(m.group(1)) - 1]
        assert re.search(r"^\s*" + re.escape(title) + r"\s*$", start, re.M), f"{title} is not on page {m.group(1)}"


def reading(path) -> str:
    """The text in reading order, whitespace collapsed (so a phrase may cross a line break)."""
    return " ".join(text(path, layout=False).split())


def test_numbers_come_from_findings_json(demo):
    body = reading(demo.result.pdf)
    n = demo.findings.findings["engagement.n_interviewees"].value
    assert f"{n} interviews across" in body and f"{n} people were interviewed" in body
    vai = demo.findings.findings["alignment.company.vai"].value
    # the card's figure; "VAI" is an <abbr> (the glossary), which pdftotext may set off by a space
    assert re.search(re.escape(f"{vai:.2f}") + r".{0,40}VERTICAL ALIGNMENT \( ?VAI\)", body)


def test_charts_are_drawn_and_numbered_with_their_data_in_the_annex(demo):
    body = text(demo.result.pdf)
    n_figures = sum(md.count('class="smaa-chart__spec"') for md in
                    (p.read_text(encoding="utf-8") for p in (demo.result.out_dir / "docs").glob("*.md")))
    assert n_figures > 10
    assert f"FIGURE {n_figures}" in body and f"FIGURE {n_figures + 1}" not in body
    annex = body[body.rindex(f"FIGURE {n_figures}"):]  # after the last chart: the annex, however it paginates
    assert "Data behind the figures" in annex and f"Figure {n_figures}." in annex
    assert f"Data: “Data behind the figures”, Figure {n_figures}." in reading(demo.result.pdf)
    assert "smaa-chart__spec" not in body and '"$schema"' not in body
    if shutil.which("pdfimages"):  # charts are vector drawings with text, not bitmaps
        listed = subprocess.run(["pdfimages", "-list", str(demo.result.pdf)], check=True, capture_output=True,
                                text=True).stdout
        assert len(listed.strip().splitlines()) == 2, listed  # the header lines only


def test_page_one_renders_to_an_a4_image(demo, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(demo.result.pdf),
                    str(tmp_path / "p")], check=True)
    (png,) = tmp_path.glob("p*.png")
    from PIL import Image

    with Image.open(png) as im:
        w, h = im.size
        assert abs(h / w - 297 / 210) < 0.01
        navy = im.convert("RGB").getpixel((w // 2, h // 6))
    assert navy[2] > navy[0] and sum(navy) < 200  # the cover band is printed, not blank


def test_no_request_leaves_the_machine(demo):
    assert demo.result.pdf is not None
    report = content.load(demo.result.out_dir, _spec(demo))
    made = pdf.write_pdf(report, demo.result.out_dir / "export" / "again.pdf")
    assert made.requested, "the charts are data: URLs the fetcher serves"
    assert all(u.split(":", 1)[0] in ("data", "file") for u in made.requested)
    assert made.path.read_bytes() == demo.result.pdf.read_bytes()  # and the same build gives the same bytes


def test_a_remote_image_in_the_narrative_is_refused_not_fetched(minimal, monkeypatch, tmp_path):
    report = content.load(minimal.result.out_dir, _spec(minimal))
    page = dataclasses.replace(report.pages[0], markdown=report.pages[0].markdown +
                               "\n\n![logo](https://example.com/logo.png)\n\n<img src='http://example.org/x.png'>\n")
    report = dataclasses.replace(report, pages=[page, *report.pages[1:]], _html={})
    connects = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, addr: connects.append(addr) or 1 / 0)
    made = pdf.write_pdf(report, tmp_path / "r.pdf")
    assert "https://example.com/logo.png" in made.requested and "http://example.org/x.png" in made.requested
    assert connects == []
    with pytest.raises(ValueError, match="refused"):
        pdf.local_fetcher().fetch("https://example.com/a.css")


def test_final_reports_drop_draft_from_the_header(minimal):
    report = content.load(minimal.result.out_dir, _spec(minimal))
    final = dataclasses.replace(report, cover=dataclasses.replace(report.cover, status="final"))
    assert 'content: "CONFIDENTIAL"' in pdf.page_css(final)
    assert "DRAFT" not in pdf.page_css(final) and "DRAFT round 1" in pdf.page_css(report)
    html, _ = pdf.document(final)
    assert 'class="badge"' not in html and "Final report" in html


def test_css_strings_cannot_break_out():
    assert pdf.css_string('a"b\\c\nd</style>') == '"a\\22 b\\5c c\\a d\\3c /style\\3e "'


def test_markup_in_case_text_prints_as_text(hostile):
    body = reading(hostile.result.pdf)
    # the cover sets the codename letter-spaced, which pdftotext reads as "W R E N …" or "WREN …" depending on
    # the font's metrics: compared without spaces, the test holds whatever fonts the machine has
    assert "".join(f"Wren {SCRIPT}".upper().split()) in "".join(body.split())  # cover
    assert f"Operations {SCRIPT}" in body and f"Social listening {SCRIPT}" in body
    html, _ = pdf.document(content.load(hostile.result.out_dir, _spec(hostile)))
    assert "<script>" not in html.lower()


def _spec(exported) -> dict:
    from smaa_build.spec import load_spec

    return load_spec(exported.case)[0]
