"""M12 scrubbing of social-media text before it is displayed (quotes, examples, tables).

Public posts are still personal data: handles, URLs, e-mail addresses, IBANs, payment-card numbers, phone numbers,
reference codes (booking, order, ticket, tracking …) and the patterns a case declares are replaced by
placeholders. The order is url, email, handle, declared, iban, card, ref, phone, long number: a URL or an e-mail
address contains text the later rules would otherwise half-match, an IBAN holds digit runs the card rule would
take a piece of, a card number is one whatever word comes before it ("reservation. 3633-948479-2049"), and a
bare run of nine or more digits left after all of them is an identifier (<ref>). Escaping for HTML is not done
here: the renderer escapes everything it prints.

Numbers are recognised by what they are, not by their look: an IBAN must pass its mod-97 check and its
country's length (python-stdnum), a card number the Luhn check, a phone number Google's libphonenumber
(`phonenumbers`; national formats in the case's country, international ones anywhere). A reference code is
replaced only after a reference word (in en/it/nl/de/fr/es) and only when it holds a digit, so plain words are
never replaced.
"""

from __future__ import annotations

import html
import re
from typing import Callable, Iterable, Sequence

import phonenumbers
from stdnum import iban as _iban, luhn as _luhn

from ..spec.patterns import as_pairs, case_rules, compiled  # noqa: F401 (case_rules: its users import it from here)
from .scrub_words import CONNECTORS, REFERENCE_WORDS

# Schemed URLs, www. addresses, bare domains with a path (top-level domain of 2–6 letters) and bare domains with
# a query (`?…=`): all replaced whole, so a query token (?token=…, &sig=…) can never survive on its own.
# "not responsive.Thoughts?" and "spousal.discrimination/angry." are sentences.
URL = re.compile(r"(?i:https?://\S+|(?<![\w.@-])www\.\S+"
                 r"|(?<![\w.@/-])(?:[a-z0-9-]+\.)+(?:[a-z]{2,6}/\S*|[a-z]{2,}(?:/\S*?)?\?\S*?=\S*))")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# The whole name, however long: Twitter stops at 15 characters but other platforms do not, and a name cut at
# 15 would leave its tail behind "@user".
HANDLE = re.compile(r"(?<!\w)@(\w+)")
# An IBAN written compact or in groups: country, check digits, then groups of letters and digits. The run takes
# in the words after it (and "#ua1758 bonifico su PL58 0160 …" starts early); `_best_windows` keeps only the span
# that validates. Each group is matched whole, so a failing run never backtracks through ways of splitting it.
IBAN_RUN = re.compile(r"(?i)(?<!\w)[a-z]{2}\d{2}[a-z0-9]*(?: [a-z0-9]+)+|(?<!\w)[a-z]{2}\d{2}[a-z0-9]{11,30}")
# 13–19 digits in groups separated by one space or dash (cards are printed 4-4-4-4, 4-6-5, or compact).
CARD_RUN = re.compile(r"(?<![\w+])\d+(?:[ -]\d+)*")
REF = re.compile(
    rf"(?P<ctx>(?i:\b(?:{REFERENCE_WORDS})\b(?:[\s:#=.,'’-]*(?:(?:{CONNECTORS})\b\.?|n[°º]))*)[\s:#=.,-]*)"
    # a code: 5+ letters, digits and inner hyphens, holding a digit, not a date (order of 2015-02-24) and not a
    # word with a digit glued to it (reservation #1lesscustomer: six lower-case letters in a row)
    r"(?P<code>(?=[A-Za-z0-9-]*\d)(?![A-Za-z0-9-]*[a-z]{6})(?!\d{4}-\d\d-\d\d\b)"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{3,}[A-Za-z0-9]))(?![\w-])")
LONG_NUMBER = re.compile(r"(?<![\w+-])\d+(?:-\d+)*(?![\w-])")
# Where short numbers are possible (German or Austrian area code + a few digits), POSSIBLE leniency would read
# "$200" or "flight 597" as a phone number; no one gives a number of fewer than 7 digits to be called back on.
MIN_PHONE_DIGITS = 7
MAX_PASSES = 4
REGIONS = {"UK": "GB"}  # ISO 3166 alias people write; libphonenumber knows only GB


def normalise_handles(handles: Iterable[str] | None) -> frozenset[str]:
    """Allow-list of brand accounts, compared case-insensitively and without the leading @."""
    return frozenset(h.lstrip("@").lower() for h in (handles or ()))


def _windows(n: int, longest: int):
    """Token windows (start, stop) of at most `longest` tokens, longest first, then leftmost."""
    for size in range(min(n, longest), 0, -1):
        for start in range(0, n - size + 1):
            yield start, start + size


def _best_windows(parts: list[str], seps: list[str], ok: Callable[[list[str]], bool], placeholder: str,
                  longest: int) -> str:
    """Replace the longest run of tokens that `ok` accepts, then look again on each side of it."""
    for a, b in _windows(len(parts), longest):
        # one kind of separator inside an item: "flight 1701 4655-6105-…" is a flight number and a card
        if len(set(seps[a:b - 1])) <= 1 and ok(parts[a:b]):
            left = _best_windows(parts[:a], seps[:max(a - 1, 0)], ok, placeholder, longest)
            right = _best_windows(parts[b:], seps[b:], ok, placeholder, longest)
            return (left + (seps[a - 1] if a else "") + placeholder + (seps[b - 1] if b < len(parts) else "")
                    + right)
    return "".join(p + s for p, s in zip(parts, seps + [""]))


def _validated(run: re.Pattern, ok: Callable[[list[str]], bool], placeholder: str,
               longest: int) -> Callable[[str], str]:
    """A rule that finds runs of digit/letter groups with `run` and replaces the groups that `ok` validates;
    `longest` bounds the groups one item can span, so a long run of numbers costs little."""
    def sub(text: str) -> str:
        def one(m: re.Match) -> str:
            tokens = re.split(r"([ -])", m.group(0))
            return _best_windows(tokens[::2], tokens[1::2], ok, placeholder, longest)
        return run.sub(one, text)
    return sub


def is_iban(groups: list[str]) -> bool:
    compact = "".join(groups)
    return 15 <= len(compact) <= 34 and _iban.is_valid(compact.upper(), check_country=False)


def card_layout(groups: list[str]) -> bool:
    """Printed as cards are: compact, in fours (the last group shorter), or 4-6-5 / 4-6-4 (Amex, Diners). An
    order number 381-7822408-2113343 holds a Luhn-valid run one time in ten but is not laid out like a card."""
    sizes = tuple(len(g) for g in groups)
    return len(sizes) == 1 or sizes in ((4, 6, 5), (4, 6, 4)) or (set(sizes[:-1]) == {4} and sizes[-1] <= 4)


def is_card(groups: list[str]) -> bool:
    """13–19 digits of a payment scheme (first digit 2–6: Mastercard, Amex/Diners/JCB, Visa, Maestro/Mastercard,
    Discover/UnionPay), laid out like a card, passing the Luhn check."""
    compact = "".join(groups)
    return (13 <= len(compact) <= 19 and compact[0] in "23456" and card_layout(groups)
            and _luhn.is_valid(compact))


scrub_iban = _validated(IBAN_RUN, is_iban, "<iban>", 10)
scrub_card = _validated(CARD_RUN, is_card, "<card>", 19)


def scrub_phone(text: str, region: str | None) -> str:
    """Every number libphonenumber finds: international formats anywhere, national ones of `region`. POSSIBLE
    leniency (length and prefix plausible) rather than VALID: an unallocated or fictional number is still one."""
    if not any(c.isdigit() for c in text):
        return text
    region = REGIONS.get(region, region) if region else None
    out, last = [], 0
    for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE):
        raw = m.raw_string
        # letters: libphonenumber reads "20x15.7x8.7" (a bag's size) as a number with its x dropped
        if sum(c.isdigit() for c in raw) < MIN_PHONE_DIGITS or any("a" <= c.lower() <= "z" for c in raw):
            continue
        # libphonenumber takes in an opening bracket before "+": in ";( +43 …" the bracket is the text's
        lead = len(raw) - len(raw.lstrip("( ")) if raw.lstrip("( ")[:1] == "+" else 0
        out += [text[last:m.start + lead], "<phone>"]
        last = m.end
    return "".join(out) + text[last:]


def scrub_refs(text: str) -> str:
    return REF.sub(lambda m: m.group("ctx") + "<ref>", text)


def scrub_long_numbers(text: str) -> str:
    """A bare run of 9 or more digits (hyphens allowed between them) that is neither a card nor a phone number is
    an identifier (a ticket, case or receipt number written without its word: "@united 0162431184663.",
    "#150219-000114"), never a quantity people write."""
    return LONG_NUMBER.sub(lambda m: "<ref>" if sum(c.isdigit() for c in m.group(0)) >= 9 else m.group(0), text)


def scrub_declared(text: str, patterns: Sequence[tuple[str, str]]) -> str:
    for name, rx in compiled(as_pairs(patterns)):
        # zero-width matches are skipped: `smaa check` rejects a pattern that matches empty text, and a pattern
        # that still does in some context must not sprinkle placeholders between characters
        text = rx.sub(lambda m, n=name: f"<{n}>" if m.end() > m.start() else "", text)
    return text


def scrub(text: str, allow: Iterable[str] | None = None, region: str | None = None,
          patterns: Sequence = ()) -> str:
    """Replace personal data in one post by placeholders; handles in `allow` (brand accounts) are kept. `region`
    (ISO 3166 alpha-2, the case's country) is where phone numbers written without +country code are read;
    `patterns` are the case's declared (name, regex) pairs, replaced by `<name>`."""
    keep = normalise_handles(allow)
    # Passes until nothing changes (a clean post takes one): a replacement can expose what its neighbour hid —
    # a name glued to a number ("…5678@bob") is a handle once the number is gone, and in a digit run too long to
    # be one number the phone rule takes the tail, leaving a head that can be a number of its own.
    for _ in range(MAX_PASSES):
        done = _pass(text, keep, region, patterns)
        if done == text:
            break
        text = done
    return text


def _pass(text: str, keep: frozenset[str], region: str | None, patterns: Sequence) -> str:
    text = EMAIL.sub("<email>", URL.sub("<url>", text))
    text = HANDLE.sub(lambda m: m.group(0) if m.group(1).lower() in keep else "@user", text)
    text = scrub_refs(scrub_card(scrub_iban(scrub_declared(text, patterns))))
    return scrub_long_numbers(scrub_phone(text, region))


def unescape(text: str) -> str:
    """Exports such as Twitter's carry HTML entities (`&amp;`): decode them once so the renderer's own escaping
    does not print `&amp;amp;`."""
    return html.unescape(text)


def for_display(text: str, allow: Iterable[str] | None = None, region: str | None = None,
                patterns: Sequence = ()) -> str:
    """Text ready for the renderer: entities decoded first (an encoded `&#64;handle` must not escape the handle
    rule), then scrubbed."""
    return scrub(unescape(text), allow, region, patterns)


def scrub_many(texts: Iterable[str], allow: Iterable[str] | None = None, region: str | None = None,
               patterns: Sequence = ()) -> list[str]:
    keep = normalise_handles(allow)
    return [for_display(t, keep, region, patterns) for t in texts]
