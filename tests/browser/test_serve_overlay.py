"""Issue 14 item 7: after a failed rebuild, `smaa serve` lays the located error over the open page in the browser,
and takes it away with the next good build (the page then reloads on the new site)."""

from __future__ import annotations

from pathlib import Path

import pytest

from smaa_build.run.serve import LivePreview

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]


def test_a_failed_rebuild_shows_its_error_over_the_page_until_a_good_build(tmp_path, story_case, open_page):
    case, story = story_case
    preview = LivePreview(case, tmp_path / "out", port=0)
    url = preview.start()
    try:
        page, errors, _ = open_page(url + "index.html")
        assert page.locator("#smaa-build-error").count() == 0
        story.write_text("Cites {{ no.such.key }} <b>here</b>.\n")
        assert preview.poll() is False
        overlay = page.locator("#smaa-build-error")
        overlay.wait_for(state="visible", timeout=10_000)
        message = overlay.inner_text()
        assert "the last rebuild failed" in message
        assert "summary.md:1:" in message and "no.such.key" in message, message
        assert overlay.locator("b").count() == 0  # the message is text, never markup
        assert "First version" in page.inner_text("body")  # the previous build stays underneath
        story.write_text("Second version of the summary.\n")
        assert preview.poll() is True
        page.wait_for_function("document.body !== null && document.body.innerText.includes('Second version')",
                               timeout=15_000)  # body is null while the page reloads
        page.wait_for_timeout(1500)  # one more poll: the good build keeps the overlay away
        assert page.locator("#smaa-build-error").count() == 0
        assert errors == []
    finally:
        preview.stop()
