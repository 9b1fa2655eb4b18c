"""Plain words for the client (issue 13, item 4): the English demo's client pages (every page but the method notes)
carry no configuration key, no reference to the project's methods.md and no raw id; those live in the method notes,
which cite the literature and never methods.md either."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smaa_build.export.content import to_html
from smaa_build.run.build import prepare

from .reading import HIDDEN, page_text

REPO = Path(__file__).resolve().parents[2]
# kpi_jaccard, k_min, exact_permutation_max; r_wg is the literature's own name of the agreement index (rwg)
SNAKE = re.compile(r"(?<![\w.])(?!r_wg\b)[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w])")
RAW_IDS = re.compile(r"(?<![\w.])(?:hdi|vai|gini|rwg|jaccard)(?![\w])")  # the lowercase ids of the indices

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    prep = prepare(REPO / "cases" / "demo", tmp_path_factory.mktemp("client-pages"))
    import json

    findings = json.loads(prep.tree.files["findings.json"])
    shown = tuple(tag for tag in HIDDEN if tag != "code")  # a key in a code span is read all the same
    texts = {rel.removeprefix("docs/"): page_text(f"<html><body>{to_html(data.decode('utf-8'))}</body></html>", shown)
             for rel, data in prep.tree.files.items() if rel.startswith("docs/") and rel.endswith(".md")}
    return texts, findings


def offences(text: str, findings: dict) -> dict[str, str]:
    """What a client must not read in `text`: each offending term with the words around it."""
    keys = [c["name"] for c in findings["meta"].get("conventions", [])] + list(findings["findings"])
    found = [m for m in (re.search(rf"(?<![\w.]){re.escape(k)}(?![\w])", text) for k in keys) if m]
    found += list(SNAKE.finditer(text)) + list(RAW_IDS.finditer(text))
    found += list(re.finditer(r"methods\.md", text))
    return {m.group(): " ".join(text[max(0, m.start() - 50):m.end() + 50].split()) for m in found}


def test_no_configuration_key_no_methods_md_no_raw_id_on_client_pages(pages):
    texts, findings = pages
    problems = {name: offences(text, findings) for name, text in texts.items() if name != "appendix.md"}
    problems = {name: hits for name, hits in problems.items() if hits}
    assert not problems, "\n".join(f"{name}: {term}: …{where}…" for name, hits in problems.items()
                                   for term, where in list(hits.items())[:12])


def test_method_notes_cite_the_literature_not_internal_files(pages):
    texts, findings = pages
    notes = texts["appendix.md"]
    assert "methods.md" not in notes
    assert "Landis & Koch (1977)" in notes and "alignment.exact_permutation_max" in notes


def test_the_check_finds_what_it_looks_for():
    findings = {"meta": {"conventions": [{"name": "alignment.vai_aligned"}]}, "findings": {"diffusion.hdi.x": {}}}
    text = "see methods.md M4.3; alignment.vai_aligned is 0.8, kpi_jaccard 0.03 and hdi 0.5 (diffusion.hdi.x)"
    assert sorted(offences(text, findings)) == ["alignment.vai_aligned", "diffusion.hdi.x", "hdi", "kpi_jaccard",
                                                "methods.md"]
    assert offences("The VAI of 0.78, the HDI and r_wg(J) are indices; k is 5.", findings) == {}
