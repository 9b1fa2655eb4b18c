"""The interview guide and the ratings form speak the report's language (engagement.language): every message of
the kit's catalogue domain is translated into it, nl and ru with the same placeholders, and a guide written inside
i18n.use() carries no English sentence of the source."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from smaa_build.i18n import LOCALE_DIR, use
from smaa_build.kit import guide, ratings
from smaa_build.spec import load_spec

from .helpers import DEMO, REPO

KEYWORDS = {"_": None, "N_": None, "n_": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w*)\}")
MESSAGES = {m[2] for m in extract_from_dir(str(REPO / "smaa_build" / "kit"), keywords=KEYWORDS, comment_tags=())}
SPEC = load_spec(DEMO)[0]


@pytest.mark.parametrize("lang", ["it", "nl", "ru"])
def test_every_kit_message_is_translated_with_its_placeholders(lang):
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "kit.po").open("rb") as f:
        catalog = read_po(f, locale=lang)
    assert len(MESSAGES) > 40
    for mid in MESSAGES:
        entry = catalog.get(mid)
        assert entry is not None and entry.string, f"untranslated: {mid!r}"
        assert set(PLACEHOLDER.findall(entry.string)) == set(PLACEHOLDER.findall(mid)), entry.string


@pytest.mark.parametrize("lang, opening, probe", [("it", "## Apertura e consenso", "*Approfondimento:*"),
                                                   ("nl", "## Opening en toestemming", "*Doorvraag:*"),
                                                   ("ru", "## Вступление и согласие", "*Уточнение:*")])
def test_the_guide_and_form_are_written_in_the_reports_language(lang, opening, probe):
    with use(lang):
        text = guide.markdown(SPEC) + ratings.form_markdown(SPEC, ratings.items([]))
    english = guide.markdown(SPEC) + ratings.form_markdown(SPEC, ratings.items([]))
    assert opening in text and probe in text and "Opening and consent" in english
    sentences = {s for s in MESSAGES if " " in s and "{" not in s}
    assert not [s for s in sentences if s in text]
