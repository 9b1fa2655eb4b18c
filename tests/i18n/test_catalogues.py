"""Every shipped language is complete (issue 13, item 3): each message marked in smaa's source (found by Babel's own
extractor, so a message missing from every .po is caught) has a translation in every language, with exactly the
English placeholders, and every form its language's plural rule needs; every domain of a language shares one
Plural-Forms, since the merged lookup applies the first domain's rule to all."""

from __future__ import annotations

import string

import pytest
from babel.messages.pofile import read_po

from smaa_build.i18n import LANGUAGES, LOCALE_DIR
from smaa_build.i18n.catalogues import PACKAGE, extract

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def catalogues(lang: str) -> dict:
    out = {}
    for po in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as f:
            out[po.stem] = read_po(f, locale=lang, domain=po.stem)
    return out


@pytest.fixture(scope="module")
def source_messages():
    """Every message marked with _(), n_() or N_() anywhere in smaa_build/."""
    return [m for m in extract(sorted(PACKAGE.rglob("*.py"))) if m.id]


def _key(message_id) -> str:
    return message_id[0] if isinstance(message_id, tuple) else message_id


def _problems(message, translated: dict, nplurals: int) -> list[str]:
    """Why `message` (from the source) is not fully translated by `translated` (msgid -> Message)."""
    found = translated.get(_key(message.id))
    if found is None or not found.string or (isinstance(found.string, tuple) and not all(found.string)):
        return [f"untranslated: {_key(message.id)!r}"]
    english = placeholders(" ".join(message.id) if isinstance(message.id, tuple) else message.id)
    forms = found.string if isinstance(found.string, tuple) else (found.string,)
    if isinstance(message.id, tuple) and len(forms) != nplurals:
        return [f"{len(forms)} plural forms, the language has {nplurals}: {_key(message.id)!r}"]
    # a plural form may leave {n} out ("одна рекомендация" for n = 1) but never brings in a name of its own
    optional = {"n"} if isinstance(message.id, tuple) else set()
    return [f"placeholders {sorted(placeholders(form))} instead of {sorted(english)}: {_key(message.id)!r}"
            for form in forms if placeholders(form) - english or (english - optional) - placeholders(form)]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_source_message_is_translated_with_its_placeholders(lang, source_messages):
    cats = catalogues(lang)
    assert cats, f"no catalogue for {lang}"
    merged = {}
    for m in (m for cat in cats.values() for m in cat if m.id):
        # a plural marked as two N_() (a table of counted phrases) is found under either of its forms
        for key in (m.id if isinstance(m.id, tuple) else (m.id,)):
            merged.setdefault(key, m)
    nplurals = next(iter(cats.values())).num_plurals
    problems = [p for m in source_messages for p in _problems(m, merged, nplurals)]
    assert not problems, f"{len(problems)} problems in {lang}:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalogue_entry_keeps_its_placeholders(lang):
    problems = []
    for domain, cat in catalogues(lang).items():
        problems += [f"{domain}: {p}" for m in cat if m.id for p in _problems(m, {_key(m.id): m}, cat.num_plurals)]
    assert not problems, f"{len(problems)} problems in {lang}:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("lang", TRANSLATED)
def test_domains_of_a_language_share_one_plural_rule(lang):
    rules = {domain: (cat.num_plurals, cat.plural_expr.replace(" ", "")) for domain, cat in catalogues(lang).items()}
    counts = {n for n, _ in rules.values()}
    assert len(counts) == 1, rules
    assert counts == {3 if lang == "ru" else 2}


def test_a_dropped_placeholder_or_a_missing_message_is_found(source_messages):
    """The checks above can fail: a translation that loses {n}, and a message no catalogue has."""
    from babel.messages.catalog import Message

    message = Message("{n} functions use SMI")
    assert _problems(message, {message.id: Message(message.id, "le SMI sono usate")}, 2) == [
        "placeholders [] instead of ['n']: '{n} functions use SMI'"]
    assert _problems(message, {}, 2) == ["untranslated: '{n} functions use SMI'"]
    assert any(m.id == "Method notes" for m in source_messages)
