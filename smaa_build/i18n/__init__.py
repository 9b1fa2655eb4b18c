"""The client's language: gettext catalogues managed with Babel, plural forms from the catalogue, and the active
language for everything smaa writes (pages, charts, banners, PDF, deck).

Messages are whole sentences with named placeholders, written `_("{n} functions use SMI", n=3)` or
`n_("{n} function", "{n} functions", n)`; never concatenate translated fragments. Catalogues live in
`locale/<lang>/LC_MESSAGES/<domain>.po`, one domain per part of the report (so that a translator, or an engineer,
works on one chapter at a time); every domain of a language is compiled in memory at build time and merged into one
lookup. English is the source language: its catalogue is the message itself.

`python3 tasks.py i18n` extracts the templates (`locale/<domain>.pot`) and updates every `.po` (see
docs/user-guide/language.md, "Adding a language").
"""

from __future__ import annotations

import hashlib
import io
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, wraps
from pathlib import Path

LANGUAGES = ("en", "it", "nl", "ru")  # the languages a report can be written in; en is the source
LOCALE_DIR = Path(__file__).with_name("locale")
_active: ContextVar[str] = ContextVar("smaa_language", default="en")


def language() -> str:
    """The language being written now."""
    return _active.get()


@cache
def catalogue_digest(lang: str) -> str:
    """A digest of `lang`'s catalogues: text made from them (cached chart specs) is stale when it changes."""
    h = hashlib.sha256()
    for po in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
        h.update(po.name.encode() + b"\0" + po.read_bytes())
    return h.hexdigest()[:12]


@contextmanager
def use(lang: str):
    """Write in `lang` inside the block (a build renders pages, charts, PDF and deck inside one)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; available: {', '.join(LANGUAGES)}")
    token = _active.set(lang)
    try:
        yield
    finally:
        _active.reset(token)


def speaking(language_of):
    """Decorate a writer so that it writes in `language_of(*args)`'s language: the PDF and the deck are written
    from a report that knows its language, wherever they are called from."""
    def decorate(fn):
        @wraps(fn)
        def writer(*args, **kwargs):
            with use(language_of(*args)):
                return fn(*args, **kwargs)
        return writer
    return decorate


@cache
def translations(lang: str):
    """Every domain of `lang`, compiled from its .po in memory (Babel) and merged; NullTranslations for English."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    merged = None
    for po in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")) if lang != "en" else []:
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang, domain=po.stem)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        t = Translations(buf, domain=po.stem)
        merged = t if merged is None else merged.merge(t)
    return merged or NullTranslations()


def _(message: str, /, **values) -> str:
    """`message` in the active language, its `{name}` placeholders filled from `values`."""
    text = translations(language()).gettext(message)
    return text.format(**values) if values else text


def n_(singular: str, plural: str, n: int, /, **values) -> str:
    """The plural form of the active language for `n` (from the catalogue's Plural-Forms); `{n}` is filled in."""
    return translations(language()).ngettext(singular, plural, n).format(n=n, **values)


def N_(message: str, /) -> str:
    """Mark a message for extraction where it is defined (a table of labels); translate it with `_()` when used."""
    return message
