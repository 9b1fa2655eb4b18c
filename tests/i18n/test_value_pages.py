"""The SMI-value and Resilience pages in the client's language (issue 13): built from the demo's findings in it, nl
and ru, the pages hold no English function word outside the case's own text and the quoted posts (charts' titles and
data tables included); counted periods take Russian's three forms; in English the pages cite no method section or
config key and print no raw id, and the cards lead with the finding in words. (Every message's translation, with
its placeholders, is checked for all domains by test_catalogues.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smaa_build.export.content import to_html
from smaa_build.i18n import use
from smaa_build.pages.base.context import Context
from smaa_build.pages.resilience import resilience
from smaa_build.pages.value import common, value

from .reading import case_texts, english_words, page_text, without

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pages(render_with):
    """lang -> {"value": Markdown, "resilience": Markdown}, rendered once per language."""
    return render_with((value, resilience))


def _read(body: str) -> str:
    """The page as a reader sees it (quoted posts and code left out, the charts' titles in)."""
    return page_text(f"<html><body>{to_html(body)}</body></html>")


@pytest.mark.parametrize("lang", ["it", "nl", "ru"])
def test_no_english_word_outside_the_case_text(pages, lang):
    own = case_texts(REPO / "cases" / "demo", lang)
    found = {slug: english_words(without(_read(body), own), lang) for slug, body in pages(lang).items()}
    found = {slug: hits for slug, hits in found.items() if hits}
    assert not found, "\n".join(f"{slug}: {hit}" for slug, hits in found.items() for hit in hits[:10])


def test_each_language_has_its_own_words(pages):
    """Not a fallback to English: the headline card and a glossary line differ per language."""
    first = {lang: pages(lang)["value"] for lang in ("en", "it", "nl", "ru")}
    assert ">Close link<" in first["en"] and ">Legame stretto<" in first["it"]
    assert ">Sterk verband<" in first["nl"] and ">Тесная связь<" in first["ru"]
    assert "*[IC]: Intervallo di confidenza" in first["it"] and "*[ДИ]: Доверительный интервал" in first["ru"]
    assert "r = 0,78" in first["it"] and "n = 24 месяца" in first["ru"]


@pytest.mark.parametrize("n, text", [(1, "1 месяц"), (3, "3 месяца"), (5, "5 месяцев"), (21, "21 месяц"),
                                     (24, "24 месяца")])
def test_counted_periods_take_russian_plural_forms(demo, n, text):
    with use("ru"):
        assert common.count(Context(*demo), n) == text


def test_english_pages_cite_no_method_section_config_key_or_raw_id(pages):
    for slug, body in pages("en").items():
        text = _read(body)
        assert not re.search(r"methods(\.md)? M\d|\(M\d+(\.\d)?\)", text), slug
        assert not re.search(r"\b(data|value|resilience)\.[a-z_]+", text), slug
        assert not re.search(r"language_check|mean_compound|vader class|\bTrue\b", text), slug


def test_cards_lead_with_the_finding_in_words(pages):
    value_cards = pages("en")["value"].split("</div>")[0]
    first = value_cards.split("-   ")[1]
    assert first.startswith('<span class="smaa-card__value">Close link</span>')
    sentence = first.rsplit("</span>", 1)[1]
    assert sentence.index("tracks CSAT (phone survey) closely") < sentence.index("r = 0.78")
    joint = next(c for c in pages("en")["resilience"].split("-   ") if "joint test ·" in c)
    assert joint.startswith('<span class="smaa-card__value">Beyond chance</span>')
