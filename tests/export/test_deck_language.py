"""The deck's own words in the report's language (issue 13): the minimal case's English build written again as a
deck with engagement.language set to Italian. The pages' sentences stay as that build wrote them (English here);
every word the deck writes itself (title slide, kickers, table headers, native chart titles, notes) is Italian."""

from __future__ import annotations

import copy

from pptx import Presentation

from smaa_build.export import content
from smaa_build.export.deck import write_deck
from smaa_build.spec import load_spec


def _slides(minimal, tmp_path, lang: str):
    spec = copy.deepcopy(load_spec(minimal.case)[0])
    spec.setdefault("engagement", {})["language"] = lang
    result = write_deck(content.load(minimal.result.out_dir, spec), tmp_path / f"deck-{lang}.pptx")
    return result, Presentation(str(result.path)).slides


def _texts(slide) -> list[str]:
    out = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    out += [c.text for s in slide.shapes if s.has_table for row in s.table.rows for c in row.cells]
    out += [s.chart.plots[0].series[0].name for s in slide.shapes if s.has_chart]
    return out


def test_the_decks_own_words_are_italian(minimal, tmp_path):
    result, slides = _slides(minimal, tmp_path, "it")
    everything = [t for slide in slides for t in _texts(slide)]
    notes = "\n".join(slide.notes_slide.notes_text_frame.text for slide in slides)
    assert "Risultati per il management" in everything
    assert any(t.startswith("BOZZA · round ") for t in everything)
    assert {"RISULTATI PRINCIPALI", "RISCHI PRINCIPALI"} <= set(everything)  # the kickers
    assert {"Rischio", "Dove", "Valutazione peggiore", "Trattamento proposto"} <= set(everything)  # top risks
    assert {"Raccomandazione", "Rischi trattati", "Orizzonte", "Responsabile"} <= set(everything)  # action plan
    assert {"Ampiezza d'uso (HDI)", "Valutazione peggiore (probabilità × impatto)"} <= set(everything)
    assert "Fonte: " in notes and "Source:" not in notes and "Every figure" not in notes
    assert not [t for t in result.titles if " rated " in t or " risks reach " in t or t == "Key findings"]


def test_english_deck_words_are_unchanged(minimal, tmp_path):
    _result, slides = _slides(minimal, tmp_path, "en")
    everything = [t for slide in slides for t in _texts(slide)]
    assert "Findings for management" in everything and "KEY FINDINGS" in everything
    assert {"Risk", "Where", "Worst rating", "Proposed treatment"} <= set(everything)
