"""Published versions in a real browser: the scripted three-round engagement (tests/site/_three_rounds.py) is
published into a folder served on 127.0.0.1 and opened in headless Chromium. The version selector lists every
version and switching keeps the reader on the same page; the outdated banner shows on every version but the
latest; the case root lands on the final; no request leaves the machine."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
import _three_rounds as script  # noqa: E402

pytestmark = pytest.mark.browser
TITLES = ["Final", "Draft 2", "Draft 1"]


@pytest.fixture(scope="module")
def site(http_root, tmp_path_factory) -> str:
    """URL of the published case: <served root>/heron-rounds/ holding draft-1, draft-2, final, latest."""
    tmp = tmp_path_factory.mktemp("versions")
    with pytest.MonkeyPatch.context() as mp:
        script.engagement(tmp, http_root.root, mp)
    return f"{http_root.url}{script.CASE_ID}/"


def _selector(page) -> list[str]:
    page.locator(".md-version__current").wait_for()
    return [t.strip() for t in page.locator(".md-version__list .md-version__link").all_inner_texts()]


def _switch(page, title: str) -> None:
    page.locator(".md-version").hover()
    page.locator(".md-version__link", has_text=title).click()


def _clean(errors, foreign) -> None:
    assert foreign == [], f"requests to other hosts: {foreign}"
    assert errors == [], f"console errors: {errors}"


@pytest.mark.parametrize("version", ["draft-1", "draft-2", "final"])
def test_selector_lists_every_version_newest_first(site, open_page, version):
    page, errors, foreign = open_page(f"{site}{version}/engagement.html")
    assert _selector(page) == TITLES
    assert page.locator(".md-version__current").inner_text().strip() == dict(
        zip(["final", "draft-2", "draft-1"], TITLES))[version]
    _clean(errors, foreign)


@pytest.mark.parametrize("start, title, landing", [
    ("draft-2/engagement.html", "Draft 1", "draft-1/engagement.html"),
    ("draft-1/appendix.html", "Final", "final/appendix.html"),
    ("final/feedback.html", "Draft 2", "draft-2/feedback.html"),
    ("final/changes.html", "Draft 1", "draft-1/"),  # draft-1 has no "What changed": its home instead
])
def test_switching_version_lands_on_the_same_page(site, open_page, start, title, landing):
    page, errors, foreign = open_page(site + start)
    _selector(page)
    with page.expect_navigation():
        _switch(page, title)
    page.wait_for_url(site + landing)
    _clean(errors, foreign)


@pytest.mark.parametrize("version, outdated", [("draft-1", True), ("draft-2", True), ("final", False)])
def test_outdated_banner_on_every_version_but_the_latest(site, open_page, version, outdated):
    page, errors, foreign = open_page(f"{site}{version}/index.html")
    # material stores its decision per version (sessionStorage "<base path>.__outdated") before acting on it
    decided = page.wait_for_function(
        "() => { const k = Object.keys(sessionStorage).find((k) => k.endsWith('.__outdated'));"
        " return k ? {outdated: JSON.parse(sessionStorage.getItem(k))} : undefined; }")
    assert decided.json_value() == {"outdated": outdated}
    banner = page.locator("[data-md-component=outdated]")
    if outdated:
        banner.wait_for(state="visible")
        with page.expect_navigation():
            banner.locator("a").first.click()
        page.wait_for_url(f"{site}final/index.html")  # root -> latest/ -> final
    else:
        assert banner.is_hidden()
    _clean(errors, foreign)


def test_case_root_and_latest_alias_land_on_the_final(site, open_page):
    page, errors, foreign = open_page(site)
    page.wait_for_url(f"{site}final/index.html")
    assert page.locator(".smaa-draft").count() == 0
    page2, errors2, foreign2 = open_page(f"{site}latest/changes.html")
    page2.wait_for_url(f"{site}final/changes.html")
    _clean(errors + errors2, foreign + foreign2)


def test_word_diff_is_styled_on_the_what_changed_page(site, open_page):
    page, errors, foreign = open_page(f"{site}draft-2/changes.html")
    ins = page.locator(".smaa-diff ins").first
    deleted = page.locator(".smaa-diff del").first
    assert ins.inner_text() == "15" and deleted.inner_text() == "12"
    colours = [el.evaluate("(e) => getComputedStyle(e).backgroundColor") for el in (ins, deleted)]
    assert all(c not in ("rgba(0, 0, 0, 0)", "transparent") for c in colours) and colours[0] != colours[1]
    assert page.locator(".smaa-diff").inner_text().count("<em>more</em>") == 1  # author's markup shown as text
    _clean(errors, foreign)


# ---------- each version's round and date, and What changed for the pair (issue 14, item 8) ----------

def _items(page) -> list[tuple[str, str, str | None]]:
    """(title, round and date, What changed link) of every selector entry, once smaa-versions.js has run."""
    page.locator(".md-version__list .smaa-version__meta").first.wait_for(state="attached")
    out = []
    for item in page.locator(".md-version__list .md-version__item").all():
        link = item.locator(".smaa-version__changes")
        href = link.get_attribute("href") if link.count() else None
        out.append((item.locator(".md-version__link").inner_text().strip(),
                    item.locator(".smaa-version__meta").inner_text().strip(), href))
    return out


def test_selector_shows_round_and_date_and_links_what_changed_for_the_pair(site, open_page):
    page, errors, foreign = open_page(f"{site}draft-2/engagement.html")
    assert _items(page) == [
        ("Final", "Round 3 · 8 May 2026", f"{site}final/changes.html#since-draft-2"),
        ("Draft 2", "Round 2 · 24 April 2026", None),  # the version being read
        ("Draft 1", "Round 1 · 10 April 2026", f"{site}draft-2/changes.html#since-draft-1")]
    page.locator(".md-version").hover()
    with page.expect_navigation():
        page.locator(".md-version__item", has_text="Draft 1").locator(".smaa-version__changes").click()
    page.wait_for_url(f"{site}draft-2/changes.html#since-draft-1")
    assert page.locator("#since-draft-1").inner_text().startswith("Since Draft 1 (10 April 2026)")
    _clean(errors, foreign)


def test_outdated_banner_links_what_changed_since_this_version(site, open_page):
    page, errors, foreign = open_page(f"{site}draft-1/index.html")
    link = page.locator("[data-md-component=outdated] a.smaa-outdated__changes")
    link.wait_for(state="visible")
    assert link.inner_text() == "What changed since this version"
    with page.expect_navigation():
        link.click()
    page.wait_for_url(f"{site}final/changes.html#since-draft-1")  # latest/ -> final, the #fragment kept
    assert page.locator("#since-draft-1").inner_text().startswith("Since Draft 1 (10 April 2026)")
    _clean(errors, foreign)
