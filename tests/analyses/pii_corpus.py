"""A labelled corpus for the M12 scrubber, built by the tests (seeded): clean real posts, and posts with one
planted item of a known kind at a known span.

Clean posts are the real 2015 airline tweets (methods.md T1) that an independent, deliberately broad labeller
finds free of personal data: no link, no address, no @name other than an airline's, no run of five digits, no
letter-digit code other than a flight number or a time. It shares no code with the scrubber, so a clean post
the scrubber alters is a false positive. The tweets it sets aside hold real phone numbers, ticket numbers and
handles; they are not used. Without the shared data a few written posts stand in (the recall figures need only
carriers, the false-positive figure needs the real posts).

Planted items are generated, not taken from a list: phone numbers of 16 countries from libphonenumber's example
numbers with fresh last digits, printed in international, E.164, 00-prefixed and national form (national ones
read with their country as the case's); IBANs of 12 countries with their mod-97 check digits computed here;
card numbers of six schemes with their Luhn digit computed here, in groups or compact; reference codes after a
reference word in six languages; URLs carrying query tokens, with or without scheme; e-mail addresses; user
handles; and a case-declared pattern. A planted post is scrubbed right when the output is the post with exactly
the planted span replaced by its placeholder.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import phonenumbers as pn

TWEETS = Path(__file__).resolve().parents[3] / "shared" / "data" / "airline-tweets-2015" / "Tweets.csv"
BRANDS = ("virginamerica", "united", "americanair", "southwestair", "usairways", "jetblue", "delta")
DECLARED = (("member_id", r"MB-\d{6}"),)
PLACEHOLDER = {"phone": "<phone>", "iban": "<iban>", "card": "<card>", "ref": "<ref>", "url": "<url>",
               "email": "<email>", "handle": "@user", "declared": "<member_id>"}
KINDS = tuple(PLACEHOLDER)
FILLERS = (
    "@united my flight was delayed again and nobody at the gate could tell us why",
    "@JetBlue great crew on the red-eye tonight, thank you",
    "Il volo di ieri era in ritardo di due ore, nessuno ci ha avvisato",
    "Mijn koffer is nog steeds niet aangekomen, wat nu?",
    "Der Kundenservice hat mich dreimal weiterverbunden",
    "Le service client ne répond pas depuis lundi",
    "El vuelo salió con 40 minutos de retraso pero la tripulación fue amable",
    "@SouthwestAir flight 1234 boarded on time, seat 12A, bags in 20 min",
)


@dataclass(frozen=True)
class Post:
    text: str
    kind: str | None = None  # None: a clean post
    start: int = 0
    end: int = 0
    region: str | None = None  # the case country the post is scrubbed with

    @property
    def expected(self) -> str:
        if self.kind is None:
            return self.text
        return self.text[:self.start] + PLACEHOLDER[self.kind] + self.text[self.end:]


# ---- clean real posts ---------------------------------------------------------------------------------------

_LINK = re.compile(r"(?i)https?:|www\.|\w\.[a-z]{2,}[/?]|[\w.+-]+@[\w-]+\.\w")
_DIGITS = re.compile(r"\d(?:[ ().\-/#+]?\d){4,}")
_OK_CODE = re.compile(r"(?i)[a-z]{2}\d{1,4}|\d{1,4}(?:am|pm|st|nd|rd|th|hrs?|mins?|mph|lbs|k)")


def is_clean(text: str) -> bool:
    """No link, e-mail, foreign @name, five-digit run or letter-digit code (flight numbers and times excepted)."""
    if _LINK.search(text) or _DIGITS.search(text):
        return False
    if any(h.lower() not in BRANDS for h in re.findall(r"@(\w+)", text)):
        return False
    codes = [t for t in re.findall(r"[A-Za-z0-9]+", text)
             if len(t) >= 5 and re.search(r"\d", t) and re.search(r"[A-Za-z]", t)]
    return all(_OK_CODE.fullmatch(t) for t in codes)


def real_posts() -> list[str]:
    """The airline tweets' texts, or [] when the shared data are not here."""
    if not TWEETS.exists():
        return []
    import pandas as pd

    return pd.read_csv(TWEETS, dtype=str, keep_default_na=False)["text"].tolist()


def clean_posts(texts: list[str]) -> list[str]:
    return [t for t in texts if is_clean(t)]


# ---- generators of planted items ----------------------------------------------------------------------------

PHONE_REGIONS = ("US", "GB", "IT", "DE", "FR", "NL", "ES", "CH", "BE", "AT", "IE", "PL", "SE", "BR", "IN", "AU")
PHONE_TYPES = (pn.PhoneNumberType.MOBILE, pn.PhoneNumberType.FIXED_LINE)


def _digits(rng, n: int) -> str:
    return "".join(str(d) for d in rng.integers(0, 10, n))


def phone(rng) -> tuple[str, str | None]:
    """(number as written, case country it is read with)."""
    region = str(rng.choice(PHONE_REGIONS))
    example = pn.example_number_for_type(region, PHONE_TYPES[int(rng.integers(2))])
    national = str(example.national_number)
    for _ in range(30):  # fresh last four digits, kept only when the number is still valid
        candidate = pn.parse(f"+{example.country_code}{national[:-4]}{_digits(rng, 4)}")
        if pn.is_valid_number(candidate):
            example = candidate
            break
    form = int(rng.integers(5))
    if form == 0:
        return pn.format_number(example, pn.PhoneNumberFormat.NATIONAL), region
    if form == 1:
        return pn.format_number(example, pn.PhoneNumberFormat.E164), None
    intl = pn.format_number(example, pn.PhoneNumberFormat.INTERNATIONAL)
    if form == 2:
        return intl, str(rng.choice(PHONE_REGIONS))
    if form == 3:  # written with dashes or dots between the groups
        return intl.replace(" ", str(rng.choice(["-", "."]))).replace("+", "+", 1), None
    return "00" + intl[1:], "IT"  # 00 is the international prefix of the case's country (IT, most of Europe)


# BBAN layouts (n digits, a upper-case letters, c letters or digits) of the ISO 13616 registry
IBAN_LAYOUTS = {"DE": "18n", "GB": "4a14n", "IT": "1a10n12c", "FR": "10n11c2n", "ES": "20n", "NL": "4a10n",
                "BE": "12n", "CH": "5n12c", "AT": "16n", "PL": "24n", "PT": "21n", "IE": "4a14n"}


def _bban(rng, layout: str) -> str:
    out = []
    for count, kind in re.findall(r"(\d+)([nac])", layout):
        alphabet = {"n": string.digits, "a": string.ascii_uppercase,
                    "c": string.ascii_uppercase + string.digits}[kind]
        out += [alphabet[i] for i in rng.integers(0, len(alphabet), int(count))]
    return "".join(out)


def mod97_check(country: str, bban: str) -> str:
    """ISO 7064 MOD 97-10 check digits, written out here so the corpus does not test the library with itself."""
    moved = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    return f"{98 - int(moved) % 97:02d}"


def iban(rng) -> str:
    country = str(rng.choice(sorted(IBAN_LAYOUTS)))
    bban = _bban(rng, IBAN_LAYOUTS[country])
    number = country + mod97_check(country, bban) + bban
    if rng.integers(2):
        return number
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))


CARD_SCHEMES = (("4", 16, (4, 4, 4, 4)), ("51", 16, (4, 4, 4, 4)), ("2221", 16, (4, 4, 4, 4)),
                ("37", 15, (4, 6, 5)), ("6011", 16, (4, 4, 4, 4)), ("36", 14, (4, 6, 4)))


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def card(rng) -> str:
    prefix, length, groups = CARD_SCHEMES[int(rng.integers(len(CARD_SCHEMES)))]
    body = prefix + _digits(rng, length - len(prefix) - 1)
    number = body + luhn_digit(body)
    sep = str(rng.choice(["", " ", "-"]))
    parts, i = [], 0
    for g in groups:
        parts.append(number[i:i + g])
        i += g
    return sep.join(parts)


REF_CONTEXTS = ("booking reference", "my booking ref:", "order #", "order number", "ticket no.", "e-ticket",
                "tracking number", "confirmation code", "confirmation number is", "PNR", "record locator",
                "reservation", "codice prenotazione", "numero di prenotazione", "ordine n.", "biglietto",
                "Buchungsnummer:", "Bestellnummer", "Sendungsnummer", "boekingsnummer", "bestelnummer",
                "ordernummer:", "numéro de réservation :", "référence de commande", "n° de commande",
                "localizador", "número de pedido", "número de seguimiento")


def ref_code(rng) -> str:
    alnum = string.ascii_uppercase + string.digits
    form = int(rng.integers(5))
    if form == 0:  # a PNR: six letters or digits, at least one digit
        code = [alnum[i] for i in rng.integers(0, 36, 6)]
        code[int(rng.integers(6))] = str(rng.integers(10))
        return "".join(code)
    if form == 1:
        return f"{_digits(rng, 3)}-{_digits(rng, 7)}-{_digits(rng, 7)}"  # web-shop order
    if form == 2:
        return "1Z" + "".join(alnum[i] for i in rng.integers(0, 36, 16))  # parcel tracking
    if form == 3:
        return "016" + _digits(rng, 10)  # airline ticket
    return "".join(string.ascii_uppercase[i] for i in rng.integers(0, 26, 2)) + _digits(rng, 5)


def url(rng) -> str:
    token = "".join(str(c) for c in rng.choice(list(string.ascii_letters + string.digits), 24))
    host = str(rng.choice(["example.com", "shop.example.de", "checkin.airline.example", "t.co"]))
    key = str(rng.choice(["token", "sig", "session", "auth", "reset", "pnr"]))
    path = str(rng.choice(["", "/reset", "/p/123", "/checkin"]))
    return f"{rng.choice(['https://', 'http://', 'www.', ''])}{host}{path}?id=7&{key}={token}"


NAMES = ("anna", "jo.doe", "mario_rossi", "kees", "lena88", "pierre", "lucia", "bob")


def email(rng) -> str:
    return f"{rng.choice(NAMES)}{rng.integers(100)}@{rng.choice(['example.com', 'mail.example.it', 'x.nl'])}"


def handle(rng) -> str:
    return "@" + str(rng.choice(NAMES)).replace(".", "_") + str(rng.integers(1000))


def declared(rng) -> str:
    return "MB-" + _digits(rng, 6)


TEMPLATES = {
    "phone": ("call me on {}", "{}", "my number is {} thanks", "chiamatemi al {}", "bel me op {} aub"),
    "iban": ("refund to {} please", "IBAN {}", "bonifico su {} grazie", "Kontonummer {} bitte"),
    "card": ("card {} was charged twice", "my card {} was billed", "{} is my card"),
    "url": ("see {} for details", "link {} still broken", "{}"),
    "email": ("write to {} please", "mail {}", "{}"),
    "handle": ("what {} said", "cc {}", "{} agrees"),
    "declared": ("member {} here", "my id is {}"),
}
GENERATORS = {"phone": phone, "iban": iban, "card": card, "ref": ref_code, "url": url, "email": email,
              "handle": handle, "declared": declared}


def planted_post(rng, kind: str, carriers: list[str]) -> Post:
    generated = GENERATORS[kind](rng)
    item, region = generated if isinstance(generated, tuple) else (generated, "US")
    if kind == "ref":  # a code is a reference only after a reference word
        template = str(rng.choice(REF_CONTEXTS)) + " {}" + str(rng.choice(["", " thanks", ", still waiting"]))
    else:
        template = str(rng.choice(TEMPLATES[kind]))
    carrier = carriers[int(rng.integers(len(carriers)))]
    head = carrier + " " + template[:template.index("{}")]
    text = head + item + template[template.index("{}") + 2:]
    return Post(text, kind, len(head), len(head) + len(item), region)


def corpus(seed: int = 0, per_kind: int = 400, texts: list[str] | None = None) -> tuple[list[Post], list[Post]]:
    """(clean posts, planted posts): the clean real posts (or the fillers) and `per_kind` planted posts of
    each kind, carried by clean posts."""
    rng = np.random.default_rng(seed)
    clean = clean_posts(real_posts() if texts is None else texts) or list(FILLERS)
    carriers = clean + list(FILLERS)
    planted = [planted_post(rng, kind, carriers) for kind in KINDS for _ in range(per_kind)]
    return [Post(t) for t in clean], planted
