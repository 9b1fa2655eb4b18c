"""The SMI-value and Resilience pages in the client's language (issue 13): their catalogues (domains value and
resilience) translate every message the modules write, with the same placeholders and the language's plural forms;
built from the demo's findings in it, nl and ru, the pages' own words (everything but the case's labels, the quoted
posts and the data tables) hold no English function word; counted periods take Russian's three forms; in English
the pages cite no method section or config key and print no raw id, and the cards lead with the finding in words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from smaa_build.findings import from_dict
from smaa_build.i18n import LOCALE_DIR, use
from smaa_build.pages.base.context import Context
from smaa_build.pages.resilience import resilience
from smaa_build.pages.value import common, value
from smaa_build.run.build import load

REPO = Path(__file__).resolve().parents[2]
DOMAINS = {"value": REPO / "smaa_build" / "pages" / "value", "resilience": REPO / "smaa_build" / "pages" / "resilience"}
NPLURALS = {"it": 2, "nl": 2, "ru": 3}
KEYWORDS = {"_": None, "N_": None, "n_": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w*)\}")
# common English function words, less those that are also words of the language checked
ENGLISH = {"the", "and", "of", "to", "is", "are", "for", "with", "on", "by", "from", "at", "not", "this", "that",
           "which", "be", "or", "its", "their", "than", "more", "less", "only", "every", "each", "no", "all", "can",
           "could", "would", "has", "have", "into", "was", "were", "been", "between", "against", "per", "after"}
ALSO_NATIVE = {"it": {"no", "per", "all"}, "nl": {"is", "of", "was", "been", "per"}, "ru": set()}


@pytest.mark.parametrize("lang", sorted(NPLURALS))
@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_every_message_is_translated_with_its_placeholders(domain, lang):
    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as f:
        catalog = read_po(f, locale=lang)
    assert catalog.num_plurals == NPLURALS[lang], catalog.plural_forms
    messages = {m[2] for m in extract_from_dir(str(DOMAINS[domain]), keywords=KEYWORDS, comment_tags=())}
    assert len(messages) > 150  # the extraction found the pages' messages
    problems = []
    for mid in sorted(messages, key=str):
        entry = catalog.get(mid if isinstance(mid, str) else mid[0])
        forms = [] if entry is None else ([entry.string] if isinstance(entry.string, str) else list(entry.string))
        if not forms or not all(forms):
            problems.append(f"untranslated: {mid!r}")
            continue
        want = set(PLACEHOLDER.findall(mid if isinstance(mid, str) else mid[1]))
        problems += [f"placeholders {sorted(set(PLACEHOLDER.findall(form)))} != {sorted(want)}: {form!r}"
                     for form in forms if set(PLACEHOLDER.findall(form)) != want]
        if not isinstance(mid, str) and len(forms) != NPLURALS[lang]:
            problems.append(f"{len(forms)} plural forms: {mid[0]!r}")
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def demo():
    """The demo's spec and its golden findings (rendering reads only these)."""
    spec = load(REPO / "cases" / "demo").spec
    fs = from_dict(json.loads((REPO / "tests" / "golden" / "demo" / "findings.json").read_text(encoding="utf-8")))
    return spec, fs


@pytest.fixture(scope="module")
def pages(demo):
    """lang -> {"value": Markdown, "resilience": Markdown}, rendered once per language."""
    spec, fs = demo
    rendered: dict[str, dict[str, str]] = {}

    def render(lang: str) -> dict[str, str]:
        if lang not in rendered:
            with use(lang):
                ctx = Context(spec=spec, fs=fs, narrative={})
                rendered[lang] = {p.slug: p.body for p in (value.build(ctx), resilience.build(ctx))}
        return rendered[lang]
    return render


def _case_text(spec: dict) -> list[str]:
    """Every string case.yaml holds (the measure's name, brand names, time zone…): never translated."""
    out: list[str] = []

    def walk(x):
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str) and len(x) > 2:
            out.append(x)

    walk(spec)
    return sorted(set(out), key=len, reverse=True)


def _own_words(body: str, case: list[str]) -> str:
    """The page without what it does not write itself: chart specs, data tables (the analyses' cells), quoted
    posts, code spans, then the case's own strings."""
    text = re.sub(r'<script type="application/json".*?</script>', " ", body, flags=re.S)
    text = re.sub(r'<details class="smaa-chart__data" markdown>.*?</details>', " ", text, flags=re.S)
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))
    text = re.sub(r"`[^`]*`|<[^>]+>", " ", text)
    for s in case:
        text = re.sub(rf"(?<!\w){re.escape(s)}(?!\w)", " ", text)
    return text


@pytest.mark.parametrize("lang", ["it", "nl", "ru"])
def test_the_pages_own_words_are_in_the_report_language(demo, pages, lang):
    case = _case_text(demo[0])
    found = []
    for slug, body in pages(lang).items():
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", _own_words(body, case))} & (ENGLISH - ALSO_NATIVE[lang])
        found += [f"{slug}: {sorted(words)}"] if words else []
    assert not found, "\n".join(found)


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
    spec, fs = demo
    with use("ru"):
        assert common.count(Context(spec=spec, fs=fs), n) == text


def test_english_pages_cite_no_method_section_config_key_or_raw_id(demo, pages):
    case = _case_text(demo[0])
    for slug, body in pages("en").items():
        words = _own_words(body, case)
        assert not re.search(r"methods(\.md)? M\d|\(M\d+(\.\d)?\)", words), slug
        assert not re.search(r"\b(data|value|resilience)\.[a-z_]+", words), slug
        assert "language_check" not in body and "mean_compound" not in body.split("<details")[1], slug
    assert "| vader class |" not in pages("en")["value"]


def test_cards_lead_with_the_finding_in_words(pages):
    value_cards = pages("en")["value"].split("</div>")[0]
    first = value_cards.split("-   ")[1]
    assert first.startswith('<span class="smaa-card__value">Close link</span>')
    sentence = first.rsplit("</span>", 1)[1]
    assert sentence.index("tracks CSAT (phone survey) closely") < sentence.index("r = 0.78")
    joint = next(c for c in pages("en")["resilience"].split("-   ") if "joint test ·" in c)
    assert joint.startswith('<span class="smaa-card__value">Beyond chance</span>')
