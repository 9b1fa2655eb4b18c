"""User-supplied text (labels, client name, narrative) is shown, never executed: no tag a case author typed
reaches the built HTML as a tag."""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from smaa_build.run.build import build

REPO = Path(__file__).resolve().parents[1]
ATTACK = '<img src=x onerror="alert(1)">'
SCRIPT = "<script>alert('x')</script>"


def hostile_case(tmp_path: Path) -> Path:
    case = tmp_path / "hostile"
    shutil.copytree(REPO / "tests" / "cases" / "minimal", case)
    spec = yaml.safe_load((case / "case.yaml").read_text())
    spec["engagement"]["codename"] = f"Wren {SCRIPT}"
    spec["organisation"]["functions"][0]["label"] = f"Ops {ATTACK}"
    spec["organisation"]["activities"][0]["label"] = f"Listening {SCRIPT}"
    spec["report"]["authors"] = [f"Team {ATTACK}"]
    (case / "text").mkdir(exist_ok=True)
    (case / "text" / "summary.md").write_text(f"Intro {SCRIPT} and {ATTACK} with **bold** kept.\n\n"
                                               "{{ engagement.n_interviewees }} interviews.\n")
    spec["narrative"] = {"home": "text/summary.md"}
    (case / "case.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    return case


def test_no_user_tag_reaches_the_html(tmp_path):
    result = build(hostile_case(tmp_path), tmp_path / "out")
    site = result.out_dir / "site"
    for page in site.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page.name
        assert not re.search(r"<img[^>]*onerror", html), page.name
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert" in home  # shown as text
    assert "<strong>bold</strong>" in home  # Markdown still works
    assert re.search(r"\d+ interviews\.", home)  # the citation was filled


def test_chart_json_cannot_close_its_script_element(tmp_path):
    result = build(hostile_case(tmp_path), tmp_path / "out")
    for page in (result.out_dir / "docs").glob("*.md"):
        for spec in re.findall(r'class="smaa-chart__spec">(.*?)</script>', page.read_text()):
            assert "<" not in spec and ">" not in spec


# ---------------------------------------------------------------- links (issue 11, item 3)

JS_LINK = "[x](javascript:alert(document.domain))"
HOSTILE_LINKS = f'{JS_LINK} <a href="javascript:alert(2)">a</a> [y](data:text/html,<b>y</b>) [z](vbscript:msgbox(1))'
BAD_SCHEME = re.compile(r"[\x00-\x20]*(?:javascript|data|vbscript):", re.I)


class _Urls(HTMLParser):
    """Every URL-valued attribute of every real tag (entities decoded, as the browser reads them)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img" and inert_static_chart(dict(attrs)):
            return
        self.urls += [v for k, v in attrs if v and k in ("href", "xlink:href", "src", "action", "formaction")]


STATIC_PREFIX = "data:image/svg+xml;base64,"


def inert_static_chart(attrs: dict) -> bool:
    """A chart's drawing for readers without JavaScript (site/static_charts.py) is a data: image so that an encrypted
    report keeps it inside the encrypted page. An SVG loaded as an image runs no script, and this one holds none:
    no script element, no event handler, no javascript: link — anything else is reported as a bad URL."""
    src = attrs.get("src") or ""
    if "smaa-chart__static" not in (attrs.get("class") or "") or not src.startswith(STATIC_PREFIX):
        return False
    svg = base64.b64decode(src[len(STATIC_PREFIX):]).decode("utf-8")
    # case text (hostile labels included) stays in the drawing as escaped text; only markup could act
    return not re.search(r"<script|<foreignObject|<\w[^>]*\son\w+\s*=|href\s*=\s*[\"']\s*javascript:", svg, re.I)


def bad_urls(markup: str) -> list[str]:
    parser = _Urls()
    parser.feed(markup)
    parser.close()
    return [u for u in parser.urls if BAD_SCHEME.match(re.sub(r"[\t\n\r]", "", u))]


def strings(data) -> list[str]:
    """Every string of a JSON document (the search index holds page HTML in its strings)."""
    if isinstance(data, dict):
        return [s for v in data.values() for s in strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in strings(v)]
    return [data] if isinstance(data, str) else []


def link_case(tmp_path: Path) -> Path:
    """The minimal case with the hostile links in every kind of case text that reaches a page, and a narrative
    with good and bad links."""
    case = tmp_path / "links"
    shutil.copytree(REPO / "tests" / "cases" / "minimal", case)
    spec = yaml.safe_load((case / "case.yaml").read_text())
    org = spec["organisation"]
    for kind in ("functions", "levels", "activities"):
        org[kind][0]["label"] = f"{org[kind][0]['label']} {HOSTILE_LINKS}"
    spec["report"]["confidentiality"] = f"Confidential {HOSTILE_LINKS}"
    spec["risks"] = {"manual": [{"id": "RX", "title": f"Leaks {HOSTILE_LINKS}", "treatment": f"Fix {HOSTILE_LINKS}",
                                 "likelihood": 4, "impact": 4, "rationale": f"Why {HOSTILE_LINKS}"}]}
    spec["recommendations"] = [{"id": "REC-1", "risk_ids": ["RX"], "title": f"Act {HOSTILE_LINKS}",
                                "text": f"Do it {HOSTILE_LINKS}", "owner": f"Owner {HOSTILE_LINKS}", "horizon": "now"}]
    (case / "text").mkdir(exist_ok=True)
    (case / "text" / "summary.md").write_text(
        "Read [the method](https://example.org/method), [mail us](mailto:team@example.org) or "
        f"[the appendix](appendix.md). Not these: {HOSTILE_LINKS} [t](JaVaScRiPt:alert(3)).\n")
    spec["narrative"] = {"home": "text/summary.md"}
    (case / "case.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    return case


@pytest.fixture(scope="module")
def link_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("links")
    return build(link_case(tmp), tmp / "out").out_dir / "site"


def test_no_javascript_data_or_vbscript_url_anywhere_in_the_site(link_site):
    found = {}
    for path in sorted(link_site.rglob("*")):
        if path.suffix in (".html", ".json"):
            raw = path.read_text(encoding="utf-8")
            found[path.name] = bad_urls(raw) if path.suffix == ".html" else bad_urls("\n".join(strings(json.loads(raw))))
    assert {"index.html", "recommendations.html", "search_index.json"} <= set(found)
    assert {page: urls for page, urls in found.items() if urls} == {}


def visible_text(page: str) -> str:
    """What the reader sees: no script elements (chart specs hold labels verbatim), no tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<script\b.*?</script>", "", page, flags=re.S)))


def test_case_text_prints_its_link_syntax_as_text(link_site):
    """Not a link without its URL either: no link element at all (the home page's narrative may make links)."""
    for name in ("recommendations.html", "risks.html", "appendix.html", "mapping.html", "engagement.html"):
        page = (link_site / name).read_text(encoding="utf-8")
        assert JS_LINK in visible_text(page), name
        assert "\\[" not in visible_text(page) and "\\]" not in visible_text(page), name  # the escapes do not show
        assert re.findall(r"<a\b[^>]*>[xyz]</a>", page) == [], name


def test_the_narrative_keeps_http_mailto_and_relative_links_only(link_site):
    home = (link_site / "index.html").read_text(encoding="utf-8")
    for href in ("https://example.org/method", "mailto:team@example.org", "appendix.html"):
        assert f'<a href="{href}">' in home
    assert "<a>t</a>" in home and "<a>x</a>" in home  # the bad links of the narrative: text, no URL


def test_text_neutralises_link_syntax_and_prose_keeps_links():
    import markdown

    from smaa_build.pages.base import markdown as md

    render = markdown.Markdown(extensions=["attr_list", "footnotes", "abbr", "md_in_html"]).convert
    for hostile in (JS_LINK, "![i](javascript:x)", "[r][1]\n\n[1]: javascript:x", "\\[x\\](javascript:x)",
                    "<javascript:x>", "**b**{: onclick=x }"):
        out = render(md.text(hostile))
        assert not re.search(r"<(?:a|img)\b|<[^>]*\son\w+=", out), (hostile, out)
    assert render(md.text("**kept**")) == "<p><strong>kept</strong></p>"
    assert render(md.prose("[m](https://example.org)")) == '<p><a href="https://example.org">m</a></p>'


class _Scripts(HTMLParser):
    """(src, type) of every <script> element."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[str | None, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            a = dict(attrs)
            self.scripts.append((a.get("src"), (a.get("type") or "").lower()))


def test_no_page_runs_an_inline_script(link_site):
    """What lets the served CSP say script-src 'self' (site/hosting.py): every script is a file of the site, and every
    file a page loads exists."""
    for page in sorted(link_site.glob("*.html")):
        parser = _Scripts()
        parser.feed(page.read_text(encoding="utf-8"))
        inline = [t for src, t in parser.scripts if src is None and t != "application/json"]
        assert inline == [], page.name
        srcs = [src for src, _ in parser.scripts if src]
        assert len(srcs) >= 5 and all((page.parent / src).is_file() for src in srcs if not src.startswith("/")), srcs


@pytest.mark.parametrize("svg, inert", [
    ('<svg><text aria-label="[x](javascript:alert(1))">a &lt;script&gt;</text></svg>', True),
    ('<svg><script>alert(1)</script></svg>', False),
    ('<svg><rect onload="alert(1)"/></svg>', False),
    ('<svg><a href="javascript:alert(1)"><text>a</text></a></svg>', False),
])
def test_only_an_inert_static_drawing_may_be_a_data_url(svg, inert):
    src = STATIC_PREFIX + base64.b64encode(svg.encode()).decode()
    assert inert_static_chart({"class": "smaa-chart__static", "src": src}) is inert
    assert inert_static_chart({"src": src}) is False  # not smaa's drawing: reported like any data: URL
