"""M12 text scrubbing: the ✔ vectors of methods.md, the issue-10 kinds (IBAN, cards, international phone numbers,
reference codes in six languages, URL tokens, declared patterns) and a few properties. Recall and false positives
on a labelled corpus: test_scrub_corpus.py."""


import pytest
from hypothesis import given, settings, strategies as st

from _spec import full_spec
from smaa_build.analyses.scrub import EMAIL, HANDLE, URL, case_rules, for_display, scrub, scrub_many, unescape
from smaa_build.analyses.value.examples import display_text
from smaa_build.spec.patterns import pattern_error

MEMBER = [("member_id", r"MB-\d{6}")]

BRANDS = {"virginamerica", "united", "americanair", "southwestair", "usairways", "jetblue"}


def test_url_replaced_brand_handle_flight_and_seat_kept():
    text = (
        "@VirginAmerica help, left expensive headphones on flight 89 IAD to LAX today. Seat 2A. No one "
        "answering L&amp;F number at LAX! http://t.co/x"
    )
    assert scrub(text, BRANDS) == text.replace("http://t.co/x", "<url>")


def test_user_handle_replaced_brand_kept():
    assert scrub("@VirginAmerica What @dhepburn said.", BRANDS) == "@VirginAmerica What @user said."


def test_phone_and_email():
    assert scrub("call me at +1 (415) 555-0100 or mail jo.doe@example.com", BRANDS) == (
        "call me at <phone> or mail <email>"
    )


def test_booking_reference_in_context():
    assert scrub("my confirmation number is ABC123 thanks", BRANDS) == "my confirmation number is <ref> thanks"


def test_no_false_positive_refs():
    assert scrub("confirmation number please", BRANDS) == "confirmation number please"
    assert scrub("record locator QWERTY", BRANDS) == "record locator QWERTY"


def test_ref_needs_context():
    assert scrub("flight AB1234 was late", BRANDS) == "flight AB1234 was late"
    assert scrub("PNR: XY7Z9Q ok", BRANDS) == "PNR: <ref> ok"


def test_handle_without_allow_list_and_email_not_a_handle():
    assert scrub("@JetBlue thanks @bob_99 mail a@b.co") == "@user thanks @user mail <email>"


def test_url_before_handle():
    # the @ inside a URL must not be treated as a handle
    assert scrub("see https://x.com/@someone/status/1 now") == "see <url> now"


def test_unescape_then_scrub():
    assert unescape("L&amp;F &lt;b&gt;") == "L&F <b>"
    assert for_display("hi &#64;someone &amp; co", BRANDS) == "hi @user & co"
    assert scrub_many(["@united &amp;", "@bob"], ["@United"]) == ["@united &", "@user"]


TOKENS = st.sampled_from(["@bob", "@JetBlue", "http://t.co/x", "a.b@c.io", " ", ".", "-", "x", "1", "+39 02 1234 5678",
                           "conf", "ABC123", "@", "https://", "_", "&amp;", "DE89 3704 0044 0532 0130 00",
                           "4111 1111 1111 1111", "order #", "MB-123456", "x.io/?t=1", "www.", "0", "(", "2"])


@settings(max_examples=300)
@given(st.lists(TOKENS, max_size=20).map("".join) | st.text(alphabet=st.characters(codec="ascii"), max_size=80))
def test_scrubbed_text_has_no_raw_handle_url_or_email(text):
    out = scrub(text, BRANDS, "IT", MEMBER)
    assert URL.search(out) is None and EMAIL.search(out) is None
    assert all(h == "user" or h.lower() in BRANDS for h in HANDLE.findall(out))


@settings(max_examples=300)
@given(st.lists(TOKENS, max_size=20).map("".join) | st.text(max_size=60))
def test_scrub_is_idempotent(text):
    once = scrub(text, BRANDS, "IT", MEMBER)
    assert scrub(once, BRANDS, "IT", MEMBER) == once


def test_handle_exposed_by_phone_rule_is_scrubbed():
    assert scrub("+39 02 1234 5678@bob", BRANDS) == "<phone>@user"


# ---- issue 10: IBANs, cards, phone numbers of any country, reference codes, URL tokens, declared patterns ----


def test_iban_grouped_compact_or_lower_case_and_only_when_its_check_digits_hold():
    assert scrub("refund to DE89 3704 0044 0532 0130 00 please") == "refund to <iban> please"
    assert scrub("IBAN: GB29NWBK60161331926819.") == "IBAN: <iban>."
    assert scrub("iban it60x0542811101000000123456 ok") == "iban <iban> ok"
    assert scrub("refund to DE89 3704 0044 0532 0130 02 please") == "refund to DE89 3704 0044 0532 0130 02 please"


def test_iban_found_after_words_the_run_swallowed():
    text = "#ua1758 bonifico su PL61 1090 1014 0000 0712 1981 2874 grazie"
    assert scrub(text) == "#ua1758 bonifico su <iban> grazie"


def test_card_numbers_need_luhn_a_scheme_digit_and_a_card_layout():
    assert scrub("card 4111 1111 1111 1111 was charged") == "card <card> was charged"
    assert scrub("amex 3782-822463-10005, visa 4012888888881881") == "amex <card>, visa <card>"
    assert scrub("card 4111 1111 1111 1112 was charged") == "card 4111 1111 1111 1112 was charged"  # Luhn fails
    # a Luhn-valid run laid out as an order number is not a card; after "order" it is a reference code
    assert scrub("order 381-7822408-2113343 shipped") == "order <ref> shipped"
    # a flight number before the card is not part of it
    assert scrub("flight 1701 4655-6105-0415-7468 is my card") == "flight 1701 <card> is my card"


def test_phone_international_anywhere_national_in_the_case_country():
    assert scrub("ring +44 20 7946 0958 or 0044 20 7946 0958", region="IT") == "ring <phone> or <phone>"
    assert scrub("chiama 02 1234 5678 dopo le 9", region="IT") == "chiama <phone> dopo le 9"
    assert scrub("chiama 02 1234 5678 dopo le 9") == "chiama 02 1234 5678 dopo le 9"  # no country: not read
    assert scrub("call 914-329-0185.", region="US") == "call <phone>."
    assert scrub("bel 020 794 6095", region="NL") == "bel <phone>"
    assert scrub("ring 020 7946 0958", region="UK") == "ring <phone>"  # UK is GB to libphonenumber


def test_short_numbers_are_not_phone_numbers_even_where_they_could_be():
    # German and Austrian numbers can be short: POSSIBLE leniency alone would read these as phone numbers
    text = "paid $200 for flight 597, waited 15-18 min"
    assert scrub(text, region="DE") == text and scrub(text, region="AT") == text


def test_reference_codes_after_a_reference_word_in_six_languages():
    cases = {
        "booking ref: ABC123": "booking ref: <ref>",
        "tracking number 1Z999AA10123456784 thanks": "tracking number <ref> thanks",
        "my order #123-4567890-1234567": "my order #<ref>",
        "codice prenotazione X7Y8Z9": "codice prenotazione <ref>",
        "ordine n. MWE43A": "ordine n. <ref>",
        "Buchungsnummer: AB12CD": "Buchungsnummer: <ref>",
        "boekingsnummer 4F7G2K": "boekingsnummer <ref>",
        "numéro de réservation : K3L9PQ": "numéro de réservation : <ref>",
        "localizador de la reserva: 5T6YUI": "localizador de la reserva: <ref>",
        "RES # 0167560070877 thanks": "RES # <ref> thanks",
        "claim# hdndl11785": "claim# <ref>",
        "Conf #'s MQXC64 &amp; MPWNC2": "Conf #'s <ref> &amp; MPWNC2",
    }
    assert {t: scrub(t) for t in cases} == cases
    # plain words, dates and codes away from the word are kept
    for text in ("booking flight UA1234", "order of 2015-02-24", "record locator QWERTY", "ticket for 12pm",
                 "reservation for 2/24 at 5:30pm", "order confirmation please", "my reservation #1lesscustomer"):
        assert scrub(text) == text


def test_bare_long_numbers_are_identifiers_short_ones_and_dates_are_not():
    assert scrub("@united 0162431184663. refund me", BRANDS) == "@united <ref>. refund me"
    assert scrub("receipt ASAP please #150219-000114") == "receipt ASAP please #<ref>"
    for text in ("flight 1234 on 2015-02-24", "14640 tweets", "$1,250,000 fine", "737-300"):
        assert scrub(text) == text


def test_urls_with_query_tokens_replaced_whole_with_or_without_scheme():
    assert scrub("reset at example.com/reset?token=Zx81kQ now") == "reset at <url> now"
    assert scrub("see www.shop.example.de/p?id=7&sig=abc123 ok") == "see <url> ok"
    assert scrub("checkin.example?pnr=ABC123&last=Rossi") == "<url>"
    assert scrub("They are not responsive.Thoughts?") == "They are not responsive.Thoughts?"
    assert scrub("spousal.discrimination/angry.") == "spousal.discrimination/angry."  # a real tweet


@given(st.sampled_from(["https://", "http://", "www.", ""]), st.sampled_from(["example.com", "a.b.example.it"]),
       st.sampled_from(["", "/reset", "/p/1"]), st.text(alphabet="abcXYZ0189_-", min_size=6, max_size=30))
def test_query_tokens_never_survive(scheme, host, path, token):
    out = scrub(f"go to {scheme}{host}{path}?id=7&token={token} now")
    assert token not in out and out == "go to <url> now"


def test_declared_patterns_become_their_name():
    assert scrub("member MB-123456 here", patterns=MEMBER) == "member <member_id> here"
    assert scrub("member MB-123456 here", patterns=[{"name": "member_id", "pattern": r"MB-\d{6}"}]) == (
        "member <member_id> here")
    assert scrub("badge MB-123456 here") == "badge MB-123456 here"  # not declared: left alone
    # a pattern that matches empty text somewhere never sprinkles placeholders
    assert scrub("ab", patterns=[("x", r"\b")]) == "ab"


def test_case_rules_read_the_country_and_the_declared_patterns():
    spec = {"engagement": {"country": "IT"},
            "value": {"scrub_patterns": [{"name": "member_id", "pattern": r"MB-\d{6}"}]}}
    assert case_rules(spec) == {"region": "IT", "patterns": (("member_id", r"MB-\d{6}"),)}
    assert case_rules({"engagement": {}}) == {"region": None, "patterns": ()}
    text = "chiama 02 1234 5678, tessera MB-123456, @bob"
    assert display_text(text, ["HeronStores"], case_rules(spec)) == "chiama <phone>, tessera <member_id>, @user"
    assert display_text(text, ["HeronStores"]) == "chiama 02 1234 5678, tessera MB-123456, @user"


def test_the_page_scrubs_quotes_with_the_case_rules():
    from smaa_build.findings import Findings
    from smaa_build.pages.base.context import Context
    from smaa_build.pages.value.common import quote

    ctx = Context(spec=full_spec(engagement={"country": "IT"}, value={
        "brand_accounts": {"Heron": "HeronStores"},
        "scrub_patterns": [{"name": "member_id", "pattern": "MB-\\d{6}"}]}), fs=Findings())
    out = quote(ctx, {"text": "@HeronStores tessera MB-123456, chiamate 02 1234 5678"})
    # escaped for Markdown, as every quote is
    assert out == "> “@HeronStores tessera &lt;member\\_id\\>, chiamate &lt;phone\\>”  \n> — \n"


@pytest.mark.parametrize("pattern, message", [
    (r"MB-(\d{6}", r"expected a regular expression (Python syntax), got 'MB-(\d{6}', which does not compile: "
                   "missing ), unterminated subpattern at position 3"),
    (r"(B-\d{4})*", r"expected a pattern that needs at least one character, got '(B-\d{4})*', which also matches "
                    "empty text; use + instead of * or ? for the part that must be there"),
    ("", "expected a pattern that needs at least one character, got '', which also matches empty text; use + "
         "instead of * or ? for the part that must be there"),
    (r"MB-\d{6}", None),
])
def test_declared_pattern_errors(pattern, message):
    assert pattern_error(pattern) == message


def test_value_examples_scrub_with_the_full_case_spec():
    # value.run passes case.spec: the country reads national phone numbers, the declared patterns apply
    import pandas as pd

    from smaa_build.analyses.value import examples as ve
    from test_value_examples import posts, setup

    p = posts()
    p.loc[4, "text"] = "@united chiamate 02 1234 5678, tessera MB-123456, e-mail jo.doe@example.com"
    spec = {"engagement": {"country": "IT"},
            "value": {"scrub_patterns": [{"name": "member_id", "pattern": r"MB-\d{6}"}]}}
    shown = {r["text"] for r in ve.examples(setup(), p, pd.DataFrame(), None, spec).rows}
    assert "@united chiamate <phone>, tessera <member_id>, e-mail <email>" in shown
    bare = {r["text"] for r in ve.examples(setup(), p, pd.DataFrame(), None).rows}
    assert "@united chiamate 02 1234 5678, tessera MB-123456, e-mail <email>" in bare
