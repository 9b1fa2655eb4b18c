"""Locale formats and the language of what the site and the PDF declare (issue 13, items 1 and 2): numbers,
percentages and dates through Babel's CLDR data, English unchanged; the chart locale handed to Vega-Lite; mkdocs
theme.language (which sets <html lang> and the search language) and the password page's lang."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml

from smaa_build.i18n import _, use
from smaa_build.spec.case import case_language
from smaa_build.i18n.locales import d3_locale, d3_pattern
from smaa_build.pages.base import format as fmt

REPO = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 4, 10)

EXPECTED = {  # number(12345.678), number(0.74), percent(0.74), percent(0.7412, table), p, CI, date, short date
    "en": ("12,345.68", "0.74", "74%", "74.1%", "p = 0.03", "95% CI 0.10 to 0.30", "10 April 2026", "10 Apr"),
    "it": ("12.345,68", "0,74", "74%", "74,1%", "p = 0,03", "IC 95% da 0,10 a 0,30", "10 aprile 2026", "10 apr"),
    "nl": ("12.345,68", "0,74", "74%", "74,1%", "p = 0,03", "95%-BI 0,10 tot 0,30", "10 april 2026", "10 apr"),
    "ru": ("12\xa0345,68", "0,74", "74\xa0%", "74,1\xa0%", "p = 0,03", "95\xa0% ДИ от 0,10 до 0,30",
           "10 апреля 2026", "10 апр."),
}


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_numbers_percentages_and_dates_in_the_language(lang):
    with use(lang):
        got = (fmt.number(12345.678), fmt.number(0.74), fmt.percent(0.74), fmt.percent(0.7412, table=True),
               fmt.pvalue(0.0312), fmt.interval([0.1, 0.3]), fmt.date(DAY), fmt.date(DAY, year=False, short=True))
    assert got == EXPECTED[lang]


def test_english_keeps_its_formats_outside_any_use():
    assert (fmt.number(-0.004), fmt.number(1234, 0), fmt.value(0.5, "share"), fmt.pvalue(0.0004)) == (
        "0.00", "1,234", "50%", "p < 0.001")


def test_chart_locale_from_cldr():
    it, ru = d3_locale("it"), d3_locale("ru")
    assert (it["number"]["decimal"], it["number"]["thousands"], it["time"]["months"][3]) == (",", ".", "aprile")
    assert (ru["number"]["thousands"], ru["number"]["percent"], ru["time"]["days"][0]) == ("\xa0", "\xa0%",
                                                                                        "воскресенье")
    assert d3_pattern("dd/MM/yy") == "%d/%m/%y" and d3_pattern("HH:mm:ss") == "%H:%M:%S"


def test_charts_carry_the_locale_only_outside_english():
    import altair as alt

    from smaa_build.pages.base.charts import config

    chart = alt.Chart(alt.Data(values=[{"x": 0.5}])).mark_bar().encode(x="x:Q")
    assert "locale" not in config(chart).get("config", {})
    with use("nl"):
        assert config(chart)["config"]["locale"] == d3_locale("nl")


def _demo_spec(lang: str) -> dict:
    spec = yaml.safe_load((REPO / "cases" / "demo" / "case.yaml").read_text(encoding="utf-8"))
    spec["engagement"]["language"] = lang
    spec["report"].setdefault("confidentiality", "Confidential.")
    return spec


@pytest.mark.parametrize("lang,draft", [("en", "Draft"), ("it", "Bozza"), ("nl", "Concept"), ("ru", "Черновик")])
def test_site_config_declares_the_language(tmp_path, lang, draft):
    from smaa_build.site import mkdocs_config

    config = mkdocs_config(_demo_spec(lang), [("index", "Summary")], tmp_path)
    assert config["theme"]["language"] == lang  # material: <html lang>, its own words, the search language
    words = config["extra"]["smaa"]["words"]
    assert (words["draft"], words["date"]) == (draft, {"en": "10 April 2026", "it": "10 aprile 2026",
                                                      "nl": "10 april 2026", "ru": "10 апреля 2026"}[lang])


def test_password_page_in_the_language():
    from smaa_build.site.encrypt import shell

    with use("it"):
        page = shell(b"s" * 16, b"i" * 12, b"c" * 32)
    assert '<html lang="it">' in page and "<title>Rapporto protetto</title>" in page
    assert "Password errata." in page  # smaa-unlock.js reads its messages from the payload
    assert '<html lang="en">' in shell(b"s" * 16, b"i" * 12, b"c" * 32)


def test_case_language_and_an_unsupported_one():
    assert case_language({"engagement": {"language": "ru"}}) == "ru"
    assert case_language({"engagement": {}}) == "en"
    with pytest.raises(ValueError, match="available: en, it, nl, ru"):
        with use("de"):
            pass


def test_pdf_words_follow_the_report_language():
    from smaa_build.export import content

    spec = _demo_spec("nl")
    cover = content.cover(copy.deepcopy(spec), "draft-2", "Vertrouwelijk.")
    assert (cover.title, cover.date, cover.language) == ("Beoordeling van de afstemming rond sociale media",
                                                         "10 april 2026", "nl")
    with use(cover.language):
        assert cover.running_header == "VERTROUWELIJK · CONCEPT ronde 2"
    assert _("Contents") == "Contents"


def test_default_confidentiality_line_is_smaas_and_translated():
    """report.confidentiality's default is smaa's text, so it follows the language; a case's own line does not."""
    from smaa_build.pages.base.context import DEFAULT_CONFIDENTIALITY, confidentiality
    from smaa_build.spec.schema import SCHEMA

    assert SCHEMA["report"]["schema"]["confidentiality"]["default"] == DEFAULT_CONFIDENTIALITY
    with use("it"):
        assert confidentiality(DEFAULT_CONFIDENTIALITY) == "Riservato. Preparato per uso interno del cliente."
        assert confidentiality("Confidential.") == "Confidential."
