"""report.privacy: encrypted in real headless Chromium: the demo report built encrypted shows only the password
form; the right password shows the page with its charts drawn (no foreign request, no console error), the next
page opens without asking again (the derived key is kept in sessionStorage), and a wrong password shows an error
and no byte of the report."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from smaa_build.run.build import build

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
CLIENT_WORDS = ("Heron", "Demo Retail", "Monitoring and listening")  # codename, client, an activity label


@pytest.fixture(scope="module")
def site(http_root, tmp_path_factory, request):
    """The demo case (reference set alongside) built encrypted into the served folder."""
    src = tmp_path_factory.mktemp("encrypted-demo")
    shutil.copytree(REPO / "cases" / "demo", src / "demo")
    shutil.copytree(REPO / "cases" / "_reference", src / "_reference")
    spec = src / "demo" / "case.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "privacy: host-auth" in text
    spec.write_text(text.replace("privacy: host-auth", "privacy: encrypted"), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SMAA_SITE_PASSWORD", PASSWORD)
        result = build(src / "demo", http_root.root / "encrypted")
    return result.out_dir, f"{http_root.url}encrypted/{result.case_id}/site/"


def _charts_in(out_dir: Path, page: str) -> int:
    """Charts of a page, counted in the markdown mkdocs built it from (the built page is ciphertext)."""
    return len(re.findall(r'class="smaa-chart__canvas"', (out_dir / "docs" / page).read_text(encoding="utf-8")))


def _unlock(page, password: str) -> None:
    page.fill("#smaa-lock-password", password)
    page.click("#smaa-lock button")


def test_shell_shows_only_the_password_form(site, open_page):
    _out, base = site
    page, errors, foreign = open_page(base + "index.html")
    assert page.title() == "Protected report"
    assert page.is_visible("#smaa-lock-password")
    body = page.content()
    assert not any(word in body for word in CLIENT_WORDS)
    assert errors == [] and foreign == []


def test_password_opens_the_page_its_charts_and_the_next_page(site, open_page, wait_for_charts):
    out_dir, base = site
    page, errors, foreign = open_page(base + "engagement.html")
    _unlock(page, PASSWORD)
    page.wait_for_selector("article.md-content__inner", timeout=30_000)
    wait_for_charts(page, _charts_in(out_dir, "engagement.md"))
    assert "Heron" in page.title()
    assert page.query_selector("#smaa-lock") is None
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('smaa-key:')).length") == 1
    assert PASSWORD not in page.evaluate("JSON.stringify(sessionStorage)")

    # an ordinary link to the next page: its shell finds the key and opens without a prompt
    page.click("a.md-nav__link[href='alignment.html']")
    page.wait_for_url(re.compile(r"alignment\.html$"))
    page.wait_for_selector("article.md-content__inner", timeout=30_000)
    assert page.query_selector("#smaa-lock-password") is None
    wait_for_charts(page, _charts_in(out_dir, "alignment.md"))
    assert errors == [], errors
    assert foreign == [], f"requests to other hosts {foreign}"


def test_wrong_password_shows_an_error_and_no_content(site, open_page):
    _out, base = site
    page, errors, foreign = open_page(base + "index.html")
    _unlock(page, "not the password at all")
    page.wait_for_function("document.getElementById('smaa-lock-error').textContent === 'Wrong password.'",
                           timeout=30_000)
    assert page.is_visible("#smaa-lock-password")
    assert page.query_selector("article") is None
    dom = page.content()
    assert not any(word in dom for word in CLIENT_WORDS)
    assert page.evaluate("sessionStorage.length") == 0
    assert errors == [] and foreign == []


def test_built_config_has_no_search_and_no_instant_navigation(site):
    out_dir, _base = site
    config = yaml.safe_load((out_dir / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == []
    assert not [f for f in config["theme"]["features"] if f.startswith(("navigation.instant", "search"))]


def test_opens_from_a_local_file_too(site, open_page):
    """`smaa build` prints a file:// link; WebCrypto counts file:// as a secure context."""
    out_dir, _base = site
    page, errors, _foreign = open_page((out_dir / "site" / "index.html").as_uri())
    _unlock(page, PASSWORD)
    page.wait_for_selector("article.md-content__inner", timeout=30_000)
    assert "Heron" in page.title()
    assert errors == []
