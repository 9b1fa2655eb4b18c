"""Issue 11, item 3, in real headless Chromium: a report whose case texts and narrative carry javascript:, data: and
vbscript: links (tests/test_escaping.py `link_case`). Every link of every page is clicked (the element's own click(),
so hidden ones in the collapsed navigation count too); no dialog may open and no click may start a navigation to a
javascript:, data: or vbscript: URL. Served without a Content-Security-Policy on purpose: the CSP would block a
javascript: URL by itself, and this test is about the links."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_escaping import link_case  # noqa: E402

from smaa_build.run.build import build  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
LOGIN = {"username": "links-client", "password": "correct horse battery staple"}
SETTLE_MS = 250  # lets a javascript: URL queued by the last click run before the dialogs are read (not an assertion)

# Records every click on a link and the URL it points to, first of all listeners (window, capture phase: material stops
# the propagation of some clicks), so a bad URL counts even if a handler would cancel it. Kept in sessionStorage, so
# a document replaced by a javascript: URL cannot erase the record.
_CLICK_RECORDER = """
window.addEventListener('click', (e) => {
  const a = e.target.closest && e.target.closest('a, area');
  if (!a) return;
  const href = a.href && typeof a.href === 'object' ? a.href.baseVal : a.href;  // SVG <a>: an animated string
  const log = JSON.parse(sessionStorage.getItem('smaa-clicks') || '[]');
  log.push(href || '');
  sessionStorage.setItem('smaa-clicks', JSON.stringify(log));
}, true);
"""

# Clicks every link once, yielding to the event loop in between so each javascript: URL gets to run.
_CLICK_ALL = """
async () => {
  const links = Array.from(document.querySelectorAll('a, area'));
  for (const a of links) {
    if (typeof a.click === 'function') a.click();
    else a.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return links.length;
}
"""


@pytest.fixture(scope="module")
def hostile_site(http_root, tmp_path_factory):
    case = link_case(tmp_path_factory.mktemp("links-case"))
    result = build(case, http_root.root / "links")
    site = result.out_dir / "site"
    return site, f"{http_root.url}links/{result.case_id}/site/"


def _bad(url: str) -> bool:
    return url.strip().lower().startswith(BAD_SCHEMES)


def _stay_on_the_page(route) -> None:
    """From here on a page load answers 204 (the browser stays on this page and its listeners keep recording), and
    material's instant navigation cannot fetch the next page to swap it in (it then falls back to a page load)."""
    request = route.request
    if request.is_navigation_request():
        route.fulfill(status=204)
    elif request.resource_type in ("fetch", "xhr") and urlsplit(request.url).path.endswith((".html", "/")):
        route.abort()
    else:
        route.continue_()


def _click_every_link(browser, url: str) -> tuple[int, list[str]]:
    """(links clicked, what went wrong) for one page: dialogs, clicks towards a bad scheme, frames or popups that
    reached one, and clicks that never reached the page (a document replaced by a javascript: URL)."""
    context = browser.new_context()
    try:
        context.add_init_script(_CLICK_RECORDER)
        page = context.new_page()
        problems, frames = [], []
        page.on("dialog", lambda d: (problems.append(f"dialog {d.type}: {d.message}"), d.dismiss()))
        page.on("framenavigated", lambda f: frames.append(f.url))
        context.on("page", lambda popup: (frames.append(popup.url), popup.close()))
        page.goto(url, wait_until="load")
        page.route("**/*", _stay_on_the_page)
        count = page.evaluate(_CLICK_ALL)
        page.wait_for_timeout(SETTLE_MS)
        clicks = page.evaluate("JSON.parse(sessionStorage.getItem('smaa-clicks') || '[]')")
        problems += [f"click towards {u[:80]}" for u in clicks if _bad(u)]
        problems += [f"navigated to {u[:80]}" for u in frames if _bad(u)]
        if len(clicks) != count:
            problems.append(f"only {len(clicks)} of {count} clicks reached the page")
        return count, problems
    finally:
        context.close()


def test_no_link_of_any_page_runs_script_or_opens_a_bad_scheme(hostile_site, browser):
    site, base = hostile_site
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) >= 8
    clicked, problems = 0, []
    for name in pages:
        count, found = _click_every_link(browser, base + name)
        clicked += count
        problems += [f"{name}: {p}" for p in found]
    assert problems == [], "\n".join(problems)
    assert clicked >= 20 * len(pages)  # navigation, outline and the narrative's good links were clicked too


# ---------------------------------------------------------------- the same report behind nginx and its CSP

@pytest.fixture(scope="module")
def hostile_behind_nginx(hostile_site, tmp_path_factory):
    """The same built site, served by the real nginx server block (login and Content-Security-Policy)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
    from _nginx import running_nginx

    from smaa_build.site.hosting import add_user

    site, _ = hostile_site
    case_id, root = site.parent.name, site.parents[1]
    tmp = tmp_path_factory.mktemp("links-nginx")
    add_user(tmp / "auth", case_id, LOGIN["username"], LOGIN["password"])
    with running_nginx(tmp / "nginx", root, tmp / "auth") as nginx:
        base = f"{nginx.url}{case_id}/site/"
        # As if published with site_url = this address: material navigates instantly only to the pages its sitemap
        # lists, and a build without site_url lists none.
        urls = "".join(f"<url><loc>{base}{p.name}</loc></url>" for p in sorted(site.glob("*.html")))
        (site / "sitemap.xml").write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset '
                                          f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n')
        yield site, base


def test_instant_navigation_draws_the_next_page_under_the_csp(hostile_behind_nginx, browser, wait_for_charts):
    """mkdocs-material fetches the next page and swaps it in, re-creating its scripts: all of them files now, so
    the policy (script-src 'self') refuses none, and the charts of the new page draw with the interpreter."""
    site, base = hostile_behind_nginx
    context = browser.new_context(http_credentials=LOGIN)
    try:
        errors: list[str] = []
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        response = page.goto(base + "index.html", wait_until="load")
        assert response.status == 200, (response.status, page.content()[:300])
        assert "script-src 'self';" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")  # material has read the sitemap: it now navigates instantly
        page.evaluate("window.smaaSamePage = true")  # survives an instant navigation, not a page load
        page.click("a.md-nav__link[href$='/mapping.html']")  # material's instant navigation makes links absolute
        page.wait_for_url(base + "mapping.html")
        charts = (site / "mapping.html").read_text(encoding="utf-8").count('class="smaa-chart__canvas"')
        wait_for_charts(page, charts)
        assert page.evaluate("window.smaaSamePage") is True
        page.wait_for_load_state("networkidle")
        assert errors == []
    finally:
        context.close()
