"""M12 text scrubbing: the ✔ vectors of methods.md and a few properties."""

from hypothesis import given, settings, strategies as st

from smaa_build.analyses.scrub import EMAIL, HANDLE, URL, for_display, scrub, scrub_many, unescape

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
                           "conf", "ABC123", "@", "https://", "_", "&amp;"])


@settings(max_examples=300)
@given(st.lists(TOKENS, max_size=20).map("".join) | st.text(alphabet=st.characters(codec="ascii"), max_size=80))
def test_scrubbed_text_has_no_raw_handle_url_or_email(text):
    out = scrub(text, BRANDS)
    assert URL.search(out) is None and EMAIL.search(out) is None
    assert all(h == "user" or h.lower() in BRANDS for h in HANDLE.findall(out))


@given(st.text(max_size=60))
def test_scrub_is_idempotent(text):
    once = scrub(text, BRANDS)
    assert scrub(once, BRANDS) == once


def test_handle_exposed_by_phone_rule_is_scrubbed():
    assert scrub("+39 02 1234 5678@bob", BRANDS) == "<phone>@user"
