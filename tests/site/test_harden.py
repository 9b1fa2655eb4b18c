"""site/harden.py, the post-build pass: links keep only http(s), mailto and relative URLs (as a browser reads the
attribute: entities decoded, tabs and newlines dropped, case ignored), on…= handlers go, and inline scripts move
into files named by their content's hash, loaded from where they stood."""

from __future__ import annotations

import hashlib

import pytest

from smaa_build.site.harden import INLINE_DIR, allowed_url, harden_page, harden_site


@pytest.mark.parametrize("url", ["https://example.org/a?b#c", "http://x", "mailto:a@b.c", "MAILTO:a@b.c",
                                 "appendix.html#r1", "../final/", "#top", "?q=1", "/abs/path", "", "a/b:c"])
def test_allowed_urls(url):
    assert allowed_url(url)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " \x01javascript:alert(1)",
                                 "java\tscript:alert(1)", "java\nscript:x", "data:text/html,<b>", "vbscript:msgbox",
                                 "file:///etc/passwd", "tel:123", "blob:https://x/1"])
def test_refused_urls(url):
    assert not allowed_url(url)


def test_a_refused_link_keeps_its_text_and_loses_its_url():
    page = ('<p><a href="javascript:alert(1)" title="t">x</a> <a href="&#106;avascript:alert(2)">y</a> '
            '<a href="java&#9;script:alert(3)">z</a> <a href="https://ok.example/">ok</a> '
            '<svg><a xlink:href="data:text/html,x">s</a></svg> <form action="vbscript:x"></form> '
            '<b onclick="alert(4)" class="k">b</b> <img src="i.png" onerror="alert(5)" /></p>')
    out, files = harden_page(page, "")
    assert out == ('<p><a title="t">x</a> <a>y</a> <a>z</a> <a href="https://ok.example/">ok</a> '
                   '<svg><a>s</a></svg> <form></form> <b class="k">b</b> <img src="i.png" /></p>')
    assert files == {}


def test_inline_scripts_move_to_files_and_data_blocks_stay():
    body = 'var a = "</p>" + 1;'
    page = (f'<head><script>{body}</script>\n<script src="x.js"></script></head>\n<body>'
            '<script type="application/json" id="c">{"a": 1}</script>'
            f'<script type="text/javascript" id="s">{body}</script></body>')
    out, files = harden_page(page, "../")
    name = hashlib.sha256(body.encode()).hexdigest()[:20] + ".js"
    assert files == {name: body}
    src = f"../{INLINE_DIR}/{name}"
    assert out == (f'<head><script src="{src}"></script>\n<script src="x.js"></script></head>\n<body>'
                   '<script type="application/json" id="c">{"a": 1}</script>'
                   f'<script src="{src}" type="text/javascript" id="s"></script></body>')


def test_harden_site_writes_the_moved_scripts_beside_the_pages(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text("<script>one()</script>", encoding="utf-8")
    (tmp_path / "sub" / "page.html").write_text("<script>two()</script>", encoding="utf-8")
    harden_site(tmp_path)
    moved = sorted(p.read_text(encoding="utf-8") for p in (tmp_path / INLINE_DIR).iterdir())
    assert moved == ["one()", "two()"]
    assert f'src="../{INLINE_DIR}/' in (tmp_path / "sub" / "page.html").read_text(encoding="utf-8")
    assert f'src="{INLINE_DIR}/' in (tmp_path / "index.html").read_text(encoding="utf-8")
