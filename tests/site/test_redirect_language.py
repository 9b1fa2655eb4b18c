"""The redirect pages of published versions (latest/…, the case's index.html) speak the report's language: their
<html lang> and their few words follow the built version's own <html lang> (issue 13)."""

from __future__ import annotations

from smaa_build.site.versions import alias_pages, root_redirect, site_language


def test_the_language_is_read_from_the_built_home_page(tmp_path):
    assert site_language(tmp_path) == "en"  # nothing built: English
    (tmp_path / "index.html").write_text('<!doctype html>\n<html lang="it" class="no-js">\n<head>', encoding="utf-8")
    assert site_language(tmp_path) == "it"
    (tmp_path / "index.html").write_text('<html lang="xx">', encoding="utf-8")
    assert site_language(tmp_path) == "en"  # not a language smaa writes


def test_redirect_pages_in_the_reports_language():
    page = alias_pages("final", ["index.html"], lang="it")["latest/index.html"]
    assert '<html lang="it">' in page and "<title>Reindirizzamento</title>" in page
    assert 'Reindirizzamento a <a href="../final/index.html">../final/index.html</a>…' in page
    root = root_redirect(lang="ru")
    assert '<html lang="ru">' in root and 'Переадресация на <a href="latest/">latest/</a>…' in root
    english = root_redirect()
    assert '<html lang="en">' in english and 'Redirecting to <a href="latest/">latest/</a>…' in english
