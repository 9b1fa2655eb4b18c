"""The chapter-1, benchmark and risk pages (engagement, mapping, alignment, benchmark, risks, recommendations) in the
client's language (issue 13): their catalogues (domains chapter1, benchmark, risk) translate every message the
modules write, with the same placeholders and the language's plural forms; built from the demo's findings in it, nl
and ru, the words these pages generate (headings, cards, box titles, chart descriptions) hold no English function
word; in English, the pages keep no internal reference (M12, methods.md, k_min) and no raw metric or model id, and
each technical term is explained once through an abbreviation line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from smaa_build.i18n import LOCALE_DIR, use
from smaa_build.i18n.catalogues import template
from smaa_build.pages.benchmark import benchmark
from smaa_build.pages.chapter1 import alignment, engagement, mapping
from smaa_build.pages.risk import recommendations, risks

from .reading import case_texts, english_words, without

REPO = Path(__file__).resolve().parents[2]
DOMAINS = ("chapter1", "benchmark", "risk")  # their sources: i18n.catalogues.DOMAINS (pages and analyses folders)
NPLURALS = {"it": 2, "nl": 2, "ru": 3}
PLACEHOLDER = re.compile(r"\{(\w*)\}")
MODULES = (engagement, mapping, alignment, benchmark, risks, recommendations)
def _messages(domain: str) -> set:
    return {m.id for m in template(domain) if m.id}


@pytest.mark.parametrize("lang", sorted(NPLURALS))
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_translated_with_its_placeholders(domain, lang):
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    assert po.exists(), f"{po} is missing"
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    assert catalog.num_plurals == NPLURALS[lang], catalog.plural_forms
    problems = []
    for mid in sorted(_messages(domain), key=str):
        entry = catalog.get(mid if isinstance(mid, str) else mid[0])
        forms = [] if entry is None else ([entry.string] if isinstance(entry.string, str) else list(entry.string))
        if not forms or not all(forms):
            problems.append(f"untranslated: {mid!r}")
            continue
        want = set(PLACEHOLDER.findall(mid if isinstance(mid, str) else mid[1]))
        for form in forms:
            got = set(PLACEHOLDER.findall(form))
            # a plural form may leave {n} out ("una sola funzione"); nothing else may be dropped or invented
            if not (want - {"n"} <= got <= want) or (isinstance(mid, str) and got != want):
                problems.append(f"placeholders {sorted(got)} != {sorted(want)}: {form!r}")
        if not isinstance(mid, str) and len(forms) != NPLURALS[lang]:
            problems.append(f"{len(forms)} plural forms: {mid[0]!r}")
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def pages(render_with):
    """lang -> the six pages' Markdown, rendered once per language."""
    return render_with(MODULES)


def _not_generated(fs, lang: str) -> list[str]:
    """The case's own words (reading.case_texts) and the text findings the analyses write in English (the peer
    rule "sector NACE G (…), any size"), which are the analyses' to translate: the check takes them out first."""
    found = [f.value for f in fs.findings.values() if isinstance(f.value, str) and len(f.value) > 2]
    return sorted({*case_texts(REPO / "cases" / "demo", lang), *found}, key=len, reverse=True)


def _generated(body: str) -> str:
    """What these modules write themselves: headings, cards, box titles and chart descriptions (captions and
    tables also carry the analyses' notes, column labels and the case's own labels)."""
    keep = []
    for line in body.splitlines():
        if line.startswith("#") or line.startswith("-   <span class=\"smaa-card") or line[:3] in ("!!!", "???"):
            keep.append(re.sub(r"<[^>]+>", " ", line))
        keep += re.findall(r'aria-label="([^"]*)"', line)
    return "\n".join(keep)


@pytest.mark.parametrize("lang", ["it", "nl", "ru"])
def test_generated_words_are_in_the_report_language(demo, pages, lang):
    pages = pages(lang)
    assert set(pages) == {"engagement", "mapping", "alignment", "benchmark", "risks", "recommendations"}
    case = _not_generated(demo[1], lang)
    found = [f"{slug}: …{hit}…" for slug, body in pages.items()
             for hit in english_words(without(_generated(body), case), lang)]
    assert not found, "\n".join(found)


def test_each_language_has_its_own_words(pages):
    """Not a fallback to English: a headline sentence and a glossary line differ per language."""
    cards = {lang: pages(lang)["mapping"] for lang in ("en", "it", "nl", "ru")}
    assert "*[HDI]: Horizontal diffusion index" in cards["en"]
    assert "*[HDI]: Indice di diffusione orizzontale" in cards["it"]
    assert "*[HDI]: Horizontale spreidingsindex" in cards["nl"]
    assert "*[HDI]: Индекс горизонтального распространения" in cards["ru"]
    assert "**6 attività su 11**" in cards["it"] and "**6 из 11 видов деятельности**" in cards["ru"]


def test_english_pages_carry_no_internal_reference_or_raw_id(pages):
    pages = pages("en")
    for slug, body in pages.items():
        generated = _generated(body)
        assert "methods.md" not in body, slug
        assert "k_min" not in generated, slug
    for slug in ("engagement", "alignment", "risks", "recommendations"):  # the analyses' notes aside
        assert "(M12)" not in pages[slug], slug
    table = pages["benchmark"]
    assert not re.search(r"\| (hdi|vdi|hi|vai|kpi\\_jaccard|manual\\_share) \|", table)
    assert "hub\\_and\\_spoke" not in table and "| hub-and-spoke |" in table
    assert "| Horizontal diffusion (HDI) | P01 | peer |" in table


def test_cards_lead_with_the_finding_in_words(pages):
    """A benchmark deviation card opens with what is unusual, then the rank and the Crawford–Howell test."""
    cards = [line for line in pages("en")["benchmark"].splitlines() if "furthest below peers" in line]
    sentence = cards[0].rsplit("</span>", 1)[1]
    assert sentence.startswith("On SMI intensity, Heron is unusually low for this peer group: it ranks 8th of 8")
    assert sentence.index("unusually low") < sentence.index("Crawford–Howell t")


# ------------------------------------------------------------------ the generated paragraph on each activity

BASE = {"functions": 7, "users_functions": 3, "hdi": 3 / 7, "band": "partial", "hi": 0.0705, "pielou": 0.5051,
        "gini_norm": 0.7928, "concentrated": True, "reach": 3, "reach_label": "Executive", "gradient": 0.0682,
        "gap": -0.1667}
VARIANTS = [{}, {"concentrated": False}, {"gini_norm": None}, {"reach": 1, "gradient": -0.25, "gap": 0.0},
            {"gap": 0.31, "reach": None, "gradient": None}, {"users_functions": 7, "hdi": 1.0, "band": "widespread"},
            {"functions": 1, "users_functions": 1, "hdi": 1.0}, {"hdi": 0.0}, {"functions": 0}, {"hi": None}]


@pytest.mark.parametrize("change", VARIANTS)
@pytest.mark.parametrize("purpose", [None, ("beliefs", 1.0)])
def test_activity_paragraph_in_english_reads_as_the_analysis_wrote_it(change, purpose):
    """The page writes the paragraph from the stored numbers; in English it is the analysis's own text."""
    from smaa_build.analyses.chapter1.mapping import activity_sentence
    from smaa_build.pages.chapter1.narrative import sentences

    h = {**BASE, **change}
    expected = activity_sentence("Employer branding", h, h, purpose).split(": ", 1)[1]
    with use("en"):
        assert " ".join(sentences(h, list(purpose) if purpose else None)) == expected[:1].upper() + expected[1:]


def test_activity_paragraph_in_the_client_language():
    from smaa_build.pages.chapter1.narrative import sentences

    with use("it"):
        text = " ".join(sentences(BASE, ["beliefs", 1.0]))
    assert text.startswith("Le informazioni dai social media sono usate in 3 delle 7 funzioni intervistate (HDI 0,43, "
                           "parziale).")
    assert "Lo scopo più frequente è: convinzioni (100% degli usi)." in text
    with use("ru"):
        text = " ".join(sentences({**BASE, "gradient": 0.02, "gap": 0.05}, None))
    assert "растёт примерно на 2 процентных пункта на уровень" in text
    assert "на 5 процентных пунктов чаще" in text


# ------------------------------------------------------------------ generated recommendations

def _row(risk_id, department, label, name, value, n=None, withheld=False, **extra):
    return {"risk_id": risk_id, "title": "t", "department": department, "department_label": label, "score": 12,
            "band": "High", "indicator_name": name, "indicator_value": value, "indicator_n": n,
            "indicator_withheld": withheld, **extra}


REGISTERS = {
    "R3": [_row("R3", "fin", "Finance", "manual_share", None, withheld=True), _row("R3", "hr", "HR", "manual_share", 1.0, 5),
           _row("R3", "care", "Customer care", "manual_share", 0.6821, 16)],
    "R6": [_row("R6", None, "Company-wide", "escalation_latency_h", 30.0, 41)],
    "R1": [_row("R1", "sales", "Sales", "vai", 0.7412, 15), _row("R1", "hr", "HR", "vai", float("nan"))],
    "X9": [_row("X9", "sales", "Sales", None, None, treatment="Agree a plan.", owner="Risk owner")],
}


@pytest.mark.parametrize("rid", sorted(REGISTERS))
def test_generated_recommendation_in_english_reads_as_the_analysis_wrote_it(rid):
    from smaa_build.analyses.risk.recommend import _generated_one
    from smaa_build.pages.risk.written import text

    rec = _generated_one(rid, REGISTERS[rid])
    with use("en"):
        assert text(rec) == rec["text"]


def test_generated_recommendation_in_the_client_language():
    from smaa_build.analyses.risk.recommend import _generated_one
    from smaa_build.pages.risk.written import text

    rec = _generated_one("R3", REGISTERS["R3"])
    with use("it"):
        written = text(rec)
    assert written.startswith("Le SMI sono raccolte in gran parte a mano. Quota di raccolta manuale: Customer care 68% "
                              "(n = 16), Finance (valore non mostrato per riservatezza) e HR 100% (n = 5).")
    with use("ru"):
        assert "Finance (значение скрыто из соображений конфиденциальности)" in text(rec)
    assert text({**rec, "source": "researcher"}) == rec["text"]


# ------------------------------------------------------------------ the peer rule

@pytest.mark.parametrize("sector", ["G", "J"])
@pytest.mark.parametrize("step", ["sector_size", "sector", "all"])
def test_peer_rule_in_english_reads_as_the_analysis_wrote_it(sector, step):
    from smaa_build.analyses.benchmark.benchmark import SECTOR_GROUPS, STEP_TEXT, group_name, rule_parts
    from smaa_build.findings import Finding
    from smaa_build.pages.benchmark.benchmark import rule_text

    parts = rule_parts(sector, "250-999", SECTOR_GROUPS, {})
    said = STEP_TEXT[step].format(group=group_name(parts["group"], sector, parts["members"]), band="250-999", macro="")
    f = Finding("benchmark.peer_rule", "Peer-group rule", said, extra={"rule": {"text": STEP_TEXT[step], **parts}})
    with use("en"):
        assert rule_text(f) == said
    with use("it"):
        assert "sector" not in rule_text(f) and "any size" not in rule_text(f)


def test_peer_rule_in_the_client_language():
    from smaa_build.analyses.benchmark.benchmark import SECTOR_GROUPS, STEP_TEXT, rule_parts
    from smaa_build.findings import Finding
    from smaa_build.pages.benchmark.benchmark import rule_text

    f = Finding("benchmark.peer_rule", "Peer-group rule", "…",
                extra={"rule": {"text": STEP_TEXT["sector"], **rule_parts("G", None, SECTOR_GROUPS, {})}})
    with use("it"):
        assert rule_text(f) == "settore NACE G (commercio all'ingrosso e al dettaglio), qualsiasi dimensione"
    with use("ru"):
        assert rule_text(f) == "отрасль NACE G (оптовая и розничная торговля), любой размер"
