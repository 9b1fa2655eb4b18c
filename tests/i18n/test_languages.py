"""The demo in Italian, Dutch and Russian (issue 13, acceptance): the site, the PDF and the deck are in the language,
with <html lang> set and no English generated word outside the case's own text. Italian is the generator's Italian
demo (cases/demo-it: labels and narrative in Italian); Dutch and Russian are the demo with engagement.language
switched, its English labels and narrative taken out as case text. One export per language (site, PDF and deck)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from smaa_build.run.export import export

from .reading import case_texts, deck_text, english_words, page_text, pdf_text, without

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = ("it", "nl", "ru")

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is missing")]


def _case(lang: str, root: Path) -> Path:
    """cases/demo-it for Italian; for another language a copy of the demo (with the reference set it reads)."""
    if lang == "it":
        return REPO / "cases" / "demo-it"
    shutil.copytree(REPO / "cases" / "_reference", root / "_reference")
    case = root / "demo"
    shutil.copytree(REPO / "cases" / "demo", case, ignore=shutil.ignore_patterns("datagen", "releases", "*.py"))
    spec = case / "case.yaml"
    text = spec.read_text(encoding="utf-8")
    assert text.count("  language: en\n  org_model") == 1
    spec.write_text(text.replace("  language: en\n  org_model", f"  language: {lang}\n  org_model"), encoding="utf-8")
    return case


@pytest.fixture(scope="module", params=LANGUAGES)
def built(request, tmp_path_factory):
    lang = request.param
    case = _case(lang, tmp_path_factory.mktemp(f"case-{lang}"))
    result = export(case, tmp_path_factory.mktemp(f"out-{lang}"))
    return lang, case, result


def _pages(result) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((result.out_dir / "site").glob("*.html"))}


def test_every_page_declares_the_language(built):
    lang, _case_dir, result = built
    pages = _pages(result)
    assert len(pages) >= 10
    assert [name for name, html in pages.items() if f'<html lang="{lang}"' not in html] == []


def test_no_english_generated_word_on_any_page(built):
    lang, case, result = built
    own = case_texts(case, lang)
    found = {name: english_words(without(page_text(html), own), lang, own) for name, html in _pages(result).items()}
    found = {name: hits for name, hits in found.items() if hits}
    assert not found, "\n".join(f"{name}: {hit}" for name, hits in found.items() for hit in hits[:8])


def test_no_english_generated_word_in_the_pdf_and_the_deck(built):
    lang, case, result = built
    own = case_texts(case, lang)
    found = {}
    if result.pdf is not None:
        pdf = pdf_text(result.pdf)
        found["report.pdf"] = english_words(without(pdf, own), lang, own, raw=pdf)
    deck = deck_text(result.deck)
    found["deck.pptx"] = english_words(without(deck, own), lang, own, raw=deck)
    found = {name: hits for name, hits in found.items() if hits}
    assert not found, "\n".join(f"{name}: {hit}" for name, hits in found.items() for hit in hits[:15])


def test_numbers_and_dates_in_the_locale(built):
    lang, _case_dir, result = built
    home = page_text(_pages(result)["index.html"])
    date = {"it": "10 aprile 2026", "nl": "10 april 2026", "ru": "10 апреля 2026"}[lang]
    assert date in " ".join(home.split())
    assert "0,78" in home and "0.78" not in home  # the vertical alignment index, with a decimal comma
