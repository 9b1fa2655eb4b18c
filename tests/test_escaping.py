"""User-supplied text (labels, client name, narrative) is shown, never executed: no tag a case author typed
reaches the built HTML as a tag."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from smaa_build.pipeline import build

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
