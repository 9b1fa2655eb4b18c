"""The manager deck, read back with python-pptx: the slides a manager expects, native charts whose numbers are
those of findings.json, the risk and action tables in the report's order, notes with n and source, a
confidentiality footer on every slide, and case text as plain text."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from pptx import Presentation

from smaa_build.cli import main
from smaa_build.export.deck import lead
from smaa_build.export.risk_rows import top_risks
from smaa_build.pages.risk.recommendations import ordered

from .conftest import SCRIPT


def deck(exported) -> Presentation:
    return Presentation(str(exported.result.deck))


def texts(slide) -> list[str]:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [c.text for row in shape.table.rows for c in row.cells]
        if shape.has_chart:
            out += [str(c) for c in shape.chart.plots[0].categories]
    return out


def kicker(slide) -> str:
    return next((t for t in texts(slide) if t.isupper() and t != slide.shapes.title.text), "")


def charts(prs) -> list:
    return [(slide, shape.chart) for slide in prs.slides for shape in slide.shapes if shape.has_chart]


def table_on(prs, kicker_text: str):
    slide = next(s for s in prs.slides if kicker(s) == kicker_text)
    return next(shape.table for shape in slide.shapes if shape.has_table)


@pytest.fixture(params=["demo", "minimal"])
def exported(request):
    return request.getfixturevalue(request.param)


def test_the_deck_runs_title_key_findings_chapters_risks_actions(exported):
    prs = deck(exported)
    titles = [s.shapes.title.text for s in prs.slides]
    kickers = [kicker(s) for s in prs.slides]
    assert titles[0] == "Social Media Alignment Assessment" and kickers[1] == "KEY FINDINGS"
    assert titles[1] == lead(titles[1]) != "Key findings"  # an action title: the summary's first answer
    assert exported.result.slides == len(prs.slides)
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
    for name in ("MAPPING SMI USE", "ALIGNMENT", "TOP RISKS", "RISK ASSESSMENT", "RECOMMENDATIONS"):
        assert name in kickers, name
    assert kickers.index("MAPPING SMI USE") < kickers.index("ALIGNMENT") < kickers.index("TOP RISKS") \
        < kickers.index("RECOMMENDATIONS") == len(kickers) - 1  # the deck ends on the action plan
    assert all(t.strip() for t in titles)


def test_chapter_slides_lead_with_the_first_headline_and_list_the_rest(exported):
    prs = deck(exported)
    mapping = next(s for s in prs.slides if kicker(s) == "MAPPING SMI USE")
    body = " ".join(texts(mapping))
    assert "ACTIVITIES WIDESPREAD" in body and "COLLECTED BY HAND" in body
    assert len(mapping.shapes.title.text) <= 110


def test_hdi_chart_is_native_and_its_values_are_the_findings(exported):
    rows = sorted((r for r in exported.findings.tables["diffusion.activities"].rows if r["hdi"] is not None),
                  key=lambda r: -r["hdi"])
    chart = next(c for _, c in charts(deck(exported)) if c.plots[0].series[0].name.startswith("Breadth"))
    assert list(chart.plots[0].categories) == [r["activity_label"] for r in rows]
    assert list(chart.plots[0].series[0].values) == pytest.approx([r["hdi"] for r in rows], abs=1e-9)


def test_risk_score_chart_shows_each_risks_worst_rating(exported):
    first: dict = {}
    for r in exported.findings.risks:
        first.setdefault(r["risk_id"], r)
    chart = next(c for _, c in charts(deck(exported)) if c.plots[0].series[0].name.startswith("Worst rating"))
    assert [c.split(" ")[0] for c in chart.plots[0].categories] == list(first)
    assert list(chart.plots[0].series[0].values) == [r["score"] for r in first.values()]


def test_top_risks_table_follows_findings_risks(exported):
    table = table_on(deck(exported), "TOP RISKS")
    ids = [row.cells[0].text.split(" ")[0] for row in list(table.rows)[1:]]
    in_order = list(dict.fromkeys(r["risk_id"] for r in exported.findings.risks))
    assert ids == in_order[:len(ids)] and ids == [r["risk_id"] for r in top_risks(exported.findings.risks)]
    worst = {r["risk_id"]: r for r in reversed(exported.findings.risks)}
    for row in list(table.rows)[1:]:
        r = worst[row.cells[0].text.split(" ")[0]]
        assert row.cells[2].text == f"{r['band']} · {r['score']} of 25"


def test_recommendations_table_is_the_action_plan(exported):
    recs = ordered(exported.findings.recommendations)
    table = table_on(deck(exported), "RECOMMENDATIONS")
    assert [row.cells[1].text for row in list(table.rows)[1:]] == [r["title"] for r in recs[:8]]


def test_every_slide_is_confidential_and_chart_notes_give_n_and_source(exported):
    prs = deck(exported)
    header = f"CONFIDENTIAL · DRAFT round {exported.findings.meta['case']['round']}"
    for k, slide in enumerate(prs.slides, start=1):
        assert any(t.startswith(header) for t in texts(slide)), k
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), k
    n_chart_slides = 0
    for slide in prs.slides:
        has_picture = any(shape.shape_type == 13 for shape in slide.shapes)
        if has_picture or any(shape.has_chart for shape in slide.shapes):
            n_chart_slides += 1
            notes = slide.notes_slide.notes_text_frame.text
            assert re.search(r"^n: \S", notes, re.M) and "Source:" in notes, slide.shapes.title.text
    assert n_chart_slides >= 3


def test_the_same_build_gives_the_same_deck(minimal, tmp_path):
    from smaa_build.export import content
    from smaa_build.export.deck import write_deck
    from smaa_build.spec import load_spec

    again = write_deck(content.load(minimal.result.out_dir, load_spec(minimal.case)[0]), tmp_path / "d.pptx")
    assert again.path.read_bytes() == minimal.result.deck.read_bytes()
    props = Presentation(str(again.path)).core_properties
    assert props.title == "Wren · Social Media Alignment Assessment" and props.created.year == 2025


def test_text_is_plain_text(demo):
    for slide in deck(demo).slides:
        for t in texts(slide):
            assert "<span" not in t and "**" not in t and "&lt;" not in t and "&amp;" not in t, t


def test_markup_in_case_text_is_kept_as_text(hostile):
    prs = deck(hostile)
    everything = [t for slide in prs.slides for t in texts(slide)]
    assert f"WREN {SCRIPT}".upper() in everything  # title slide
    assert any(f"Wren {SCRIPT}" in t for t in everything)  # footer
    assert f"Social listening {SCRIPT}" in everything  # a category of the native HDI chart


def test_notes_quote_the_base_a_caption_states():
    from smaa_build.export.deck import n_of

    assert n_of("Gap in mean rating (n = 24 management, 48 operations raters). The shaded zone") == \
        "n = 24 management, 48 operations raters"
    assert n_of("Heron against its 7 peers on each metric; 24 months (posts per month: 650–1,693)") == \
        "7 peers; 24 months"
    assert n_of("Share per level (n per level in the column label), top level first.") == \
        "n per level in the column label"
    assert n_of("A profile after Wang & Strong (1996).").startswith("not stated")


def test_lead_makes_a_short_action_title():
    assert lead("Management and operations are **only partially aligned** (≥ 0.80 is aligned, a convention). "
                "Widest gap: “Trust”.") == "Management and operations are **only partially aligned**"
    assert lead("SMI is used for 6 of 11 activities (HDI ≥ 0.67). Employer branding reaches 3 of 7 (43%).") \
        == "SMI is used for 6 of 11 activities"


def test_cli_exports_into_the_build_folder(minimal):
    out = minimal.result.out_dir.parent
    run = CliRunner().invoke(main, ["export", str(minimal.case), "--out", str(out), "--no-pdf"])
    assert run.exit_code == 0, run.output
    assert "deck.pptx" in run.output and "build was up to date" in run.output
    assert (minimal.result.out_dir / "export" / "deck.pptx").is_file()
