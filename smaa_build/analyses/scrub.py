"""M12 scrubbing of social-media text before it is displayed (quotes, examples, tables).

Public posts are still personal data: handles, URLs, e-mail addresses, phone numbers and booking references are
replaced by placeholders. The patterns and their order (url, email, handle, phone, ref) are the ones of
methods.md M12; the order matters because a URL or an e-mail address contains text the later patterns would
otherwise half-match. Escaping for HTML is not done here: the renderer escapes everything it prints.
"""

from __future__ import annotations

import html
import re
from typing import Iterable

URL = re.compile(r"https?://\S+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
HANDLE = re.compile(r"(?<!\w)@(\w{1,15})")
PHONE = re.compile(r"\+?\d[\d\s().-]{7,}\d")
# Booking references only in context (after "conf", "confirmation", "record locator" or "PNR") and only tokens
# with a digit, so that "record locator QWERTY" or ordinary six-letter words are never replaced.
BOOKING_REF = re.compile(
    r"((?i:\b(?:conf(?:irmation)?|record\s+locator|pnr)\b).{0,25}?)\b(?=[A-Z0-9]*\d)[A-Z0-9]{6}\b"
)


def normalise_handles(handles: Iterable[str] | None) -> frozenset[str]:
    """Allow-list of brand accounts, compared case-insensitively and without the leading @."""
    return frozenset(h.lstrip("@").lower() for h in (handles or ()))


def scrub(text: str, allow: Iterable[str] | None = None) -> str:
    """Replace personal data in one post by placeholders; handles in `allow` (brand accounts) are kept."""
    keep = normalise_handles(allow)

    def handles(t: str) -> str:
        return HANDLE.sub(lambda m: m.group(0) if m.group(1).lower() in keep else "@user", t)

    text = handles(EMAIL.sub("<email>", URL.sub("<url>", text)))
    text = BOOKING_REF.sub(r"\1<ref>", PHONE.sub("<phone>", text))
    # A phone number glued to a name ("…5678@bob") hides the handle from the rule above until the number is
    # replaced; one more pass catches it (a no-op on every other text).
    return handles(text)


def unescape(text: str) -> str:
    """Exports such as Twitter's carry HTML entities (`&amp;`): decode them once so the renderer's own escaping
    does not print `&amp;amp;`."""
    return html.unescape(text)


def for_display(text: str, allow: Iterable[str] | None = None) -> str:
    """Text ready for the renderer: entities decoded first (an encoded `&#64;handle` must not escape the handle
    rule), then scrubbed."""
    return scrub(unescape(text), allow)


def scrub_many(texts: Iterable[str], allow: Iterable[str] | None = None) -> list[str]:
    keep = normalise_handles(allow)
    return [for_display(t, keep) for t in texts]
