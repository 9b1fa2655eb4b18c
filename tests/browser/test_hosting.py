"""The published report behind the nginx login of `smaa host nginx`, in headless Chromium: with the client's login
the chart draws, search works and every page is clean under the Content-Security-Policy nginx sends (a violation
is a console error, and is also recorded from `securitypolicyviolation` events); no request leaves the machine;
without the login nothing of the report reaches the browser."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
import _three_rounds as script  # noqa: E402
from _nginx import running_nginx  # noqa: E402

from smaa_build.site.hosting import CSP, add_user  # noqa: E402


pytestmark = pytest.mark.browser
PlaywrightError = pytest.importorskip("playwright.sync_api").Error
LOGIN = {"username": "heron-client", "password": "correct horse battery staple"}
SEARCH_ATTEMPTS = 4
PAGES = ["index.html", "engagement.html", "changes.html", "feedback.html", "appendix.html"]

# Recorded before any page script runs, so a blocked inline script or eval is caught too.
_CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hosted")
    with pytest.MonkeyPatch.context() as mp:
        script.engagement(tmp, tmp / "public", mp)
    add_user(tmp / "auth", script.CASE_ID, LOGIN["username"], LOGIN["password"])
    with running_nginx(tmp / "nginx", tmp / "public", tmp / "auth") as nginx:
        yield f"{nginx.url}{script.CASE_ID}/", tmp / "public" / script.CASE_ID


@pytest.fixture
def login_page(browser, wait_for_charts):
    # The harness's recorder, from the module the wait_for_charts fixture comes from (tests/browser/conftest.py);
    # `import conftest` would find whichever conftest pytest loaded last.
    record_page = wait_for_charts.__globals__["_record_page"]
    contexts = []

    def open_(url: str, credentials: dict | None = LOGIN):
        context = browser.new_context(http_credentials=credentials, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        context.add_init_script(_CSP_RECORDER)
        page = context.new_page()
        open_.pages.append(page)
        errors, foreign = record_page(context, page)
        response = page.goto(url, wait_until="load")
        return page, response, errors, foreign

    open_.pages = []
    yield open_
    for context in contexts:
        context.close()


def _clean(page, errors, foreign) -> None:
    assert page.evaluate("window.__cspViolations") == []
    assert foreign == [], f"requests to other hosts: {foreign}"
    assert errors == [], f"console errors: {errors}"


def _charts(site: Path, page: str) -> int:
    return (site / "final" / page).read_text(encoding="utf-8").count('<figure class="smaa-chart"')


@pytest.mark.parametrize("page_name", PAGES)
def test_every_page_renders_behind_the_login_under_the_csp(hosted, login_page, wait_for_charts, page_name):
    url, site = hosted
    page, response, errors, foreign = login_page(f"{url}final/{page_name}")
    assert response.status == 200
    assert response.headers["content-security-policy"] == CSP
    count = _charts(site, page_name)
    if count:
        wait_for_charts(page, count)
    page.wait_for_load_state("networkidle")
    _clean(page, errors, foreign)


def test_the_chart_draws_and_search_works(hosted, login_page, wait_for_charts):
    url, site = hosted
    assert _charts(site, "engagement.html") >= 1  # the page this test is about has a chart
    page, _, errors, foreign = login_page(f"{url}latest/")  # alias -> redirect -> final, all behind the login
    page.wait_for_url(f"{url}final/index.html")
    page.goto(f"{url}final/engagement.html")
    wait_for_charts(page, _charts(site, "engagement.html"))
    _search(page, "interviewees")  # a web worker and a fetch of the index, both from 'self'
    _clean(page, errors, foreign)


def _search(page, query: str) -> None:
    """Material drops a query typed before its worker has indexed the site: type it again until results show."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box, results = page.locator(".md-search__input"), page.locator(".md-search-result__item")
    for _ in range(SEARCH_ATTEMPTS):
        box.fill("")
        box.press_sequentially(query)  # material reads the query on keyup, which fill() does not send
        try:
            results.first.wait_for(timeout=10_000)
            return
        except PlaywrightError:
            continue
    raise AssertionError(f"no search results for {query!r}: {page.locator('.md-search-result').inner_text()!r}")


def test_without_the_login_nothing_of_the_report_is_shown(hosted, login_page):
    """Chromium gives up on a 401 it has no credentials for (there is no one to ask): the navigation fails, and what
    the page holds is Chromium's own error page, with nothing of the report in it."""
    url, _ = hosted
    with pytest.raises(PlaywrightError, match="ERR_INVALID_AUTH_CREDENTIALS"):
        login_page(f"{url}final/engagement.html", credentials=None)
    page = login_page.pages[-1]
    assert page.locator(".smaa-chart").count() == 0
    assert "Heron" not in page.content() and "Interviewees" not in page.content()


# ---------------------------------------------------------------- encrypted mode under the same policy

@pytest.fixture(scope="module")
def encrypted_hosted(tmp_path_factory):
    """The minimal case built with report.privacy: encrypted, behind the same nginx server block and its CSP."""
    import shutil

    import yaml

    from smaa_build.run.build import build

    tmp = tmp_path_factory.mktemp("encrypted-hosted")
    shutil.copytree(Path(__file__).resolve().parents[1] / "cases" / "minimal", tmp / "case")
    spec = yaml.safe_load((tmp / "case" / "case.yaml").read_text(encoding="utf-8"))
    spec["report"]["privacy"] = "encrypted"
    (tmp / "case" / "case.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SMAA_SITE_PASSWORD", LOGIN["password"])
        result = build(tmp / "case", tmp / "public")
    add_user(tmp / "auth", result.case_id, LOGIN["username"], LOGIN["password"])
    with running_nginx(tmp / "nginx", tmp / "public", tmp / "auth") as nginx:
        yield f"{nginx.url}{result.case_id}/site/", result.out_dir


def test_an_encrypted_report_opens_and_draws_its_charts_under_the_csp(encrypted_hosted, login_page,
                                                                       wait_for_charts):
    """The shell's decryption script is a file of the site (script-src 'self'); the page it writes over the shell
    has no inline script either. A CSP violation is also a console error, which survives document.open()."""
    url, out_dir = encrypted_hosted
    page, response, errors, foreign = login_page(f"{url}mapping.html")
    assert response.headers["content-security-policy"] == CSP
    assert page.evaluate("window.__cspViolations") == []
    page.fill("#smaa-lock-password", LOGIN["password"])
    page.click("#smaa-lock button")
    page.wait_for_selector("article.md-content__inner", timeout=30_000)
    charts = (out_dir / "docs" / "mapping.md").read_text(encoding="utf-8").count('class="smaa-chart__canvas"')
    assert charts >= 1
    wait_for_charts(page, charts)
    page.click("a.md-nav__link[href='engagement.html']")  # the next page opens with the kept key
    page.wait_for_url(f"{url}engagement.html")
    page.wait_for_selector("article.md-content__inner", timeout=30_000)
    page.wait_for_load_state("networkidle")
    assert foreign == [], f"requests to other hosts: {foreign}"
    assert errors == [], f"console errors: {errors}"


def test_the_policy_allows_no_inline_script_and_no_eval():
    script_src = next(d for d in CSP.split("; ") if d.startswith("script-src "))
    assert script_src == "script-src 'self'"
