"""report.feedback_email: every page of a draft links "Comment on this page" to an e-mail whose subject names the
version, the page and the section id that feedback items use; the final report and cases without the address
have no link."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from smaa_build.run.build import build

REPO = Path(__file__).resolve().parents[2]
LINK = re.compile(r'<a class="smaa-comment" href="mailto:([^"?]+)\?subject=([^"]+)">Comment on this page</a>')


def built(tmp_path: Path, extra: str = "", status: str | None = None) -> Path:
    case = shutil.copytree(REPO / "tests" / "cases" / "minimal", tmp_path / "case")
    spec = case / "case.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "  k_min:" in text and "  status: draft" in text
    text = text.replace("  k_min:", f"{extra}  k_min:", 1)
    if status:
        text = text.replace("  status: draft", f"  status: {status}", 1)
    spec.write_text(text, encoding="utf-8")
    return build(case, tmp_path / "out").out_dir / "site"


def links(page: Path) -> list[tuple[str, str]]:
    return [(html.unescape(a), unquote(html.unescape(s))) for a, s in LINK.findall(page.read_text(encoding="utf-8"))]


def test_each_draft_page_links_a_mail_naming_version_page_and_section(tmp_path):
    site = built(tmp_path, "  feedback_email: team@research.example\n")
    assert links(site / "index.html") == [("team@research.example", "[draft-1] Summary (section: home)")]
    assert links(site / "risks.html") == [("team@research.example",
                                           "[draft-1] Risk assessment (section: risks)")]


@pytest.mark.parametrize("extra, status", [("", None), ("  feedback_email: team@research.example\n", "final")])
def test_no_link_without_an_address_or_on_the_final(tmp_path, extra, status):
    site = built(tmp_path, extra, status)
    assert not [p.name for p in site.glob("*.html") if "smaa-comment" in p.read_text(encoding="utf-8")]
