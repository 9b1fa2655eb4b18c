"""The PDF and the deck read the pages' Markdown themselves: a narrative link with a script scheme is dropped there
as it is on the site (issue 11, item 3); safe links are kept."""

from __future__ import annotations

from smaa_build.export.content import to_html


def test_script_schemes_lose_their_url_and_safe_links_keep_it():
    html = to_html("See [x](javascript:alert(document.domain)), [y](data:text/html,hi), [z](vbscript:msgbox), "
                   "[site](https://example.org/a), [mail](mailto:team@example.org) and [page](risks.md).")
    for bad in ("javascript:", "data:text", "vbscript:"):
        assert bad not in html
    for good in ('href="https://example.org/a"', 'href="mailto:team@example.org"', 'href="risks.md"'):
        assert good in html
    assert ">x</a>" in html or ">x<" in html  # the text of a dropped link is still printed
