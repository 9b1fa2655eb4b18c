"""Fonts of the deliverables (issue 11, item 7): every family print.css, the charts and the deck name is installed
by tasks.py, and the PDF embeds exactly the families print.css names. A family that is missing does not fall back
to whatever the machine has: these tests fail, naming it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from smaa_build.export import charts, pptx_kit
from smaa_build.export.pdf import CSS_FILE

from .conftest import NO_PANGO, REPO

GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
# fontconfig's metric aliases (fonts-liberation): the deck names Arial, which the client's PowerPoint has
ALIASES = {"Arial": "Liberation Sans"}
STYLES = {"Bold", "Italic", "Oblique", "BoldItalic", "BoldOblique", "Bold-Italic", "Bold-Oblique"}
SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def css_stacks(css: str) -> list[list[str]]:
    """The family list of every font-family and font declaration, each family unquoted."""
    stacks = []
    for prop, value in re.findall(r"(?<![\w-])(font-family|font)\s*:\s*([^;}]+)", css):
        if prop == "font":  # the shorthand's family list follows the size: from the first family on
            value = value[min(i for i in (value.find('"'), value.find("'")) if i >= 0):]
        stacks.append([item.strip().strip("\"'") for item in value.split(",")])
    return stacks


def named(stacks: list[list[str]]) -> set[str]:
    return {family for stack in stacks for family in stack if family not in GENERIC}


def pdf_family(font: str, families: set[str]) -> str:
    """'ABCDEF+Liberation-Sans-Bold' -> 'Liberation Sans'; a font of no named family is returned as it is."""
    name = SUBSET_TAG.sub("", font)
    for family in families:
        stem = family.replace(" ", "-")
        if name == stem or (name.startswith(stem + "-") and name[len(stem) + 1:] in STYLES):
            return family
    return name


def embedded(pdf: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    return [line.split()[0] for line in out.splitlines()[2:] if line.strip()]


def fc_match(family: str) -> tuple[str, Path]:
    out = subprocess.run(["fc-match", "-f", "%{family[0]}\n%{file}", family], check=True, capture_output=True,
                         text=True).stdout.split("\n")
    return out[0], Path(out[1])


def tasks_font_dirs() -> set[Path]:
    sys.path.insert(0, str(REPO))
    try:
        import tasks
    finally:
        sys.path.remove(str(REPO))
    return {Path(marker).parent for package, marker in tasks.OS_PACKAGES.items() if package.startswith("fonts-")}


CSS_FAMILIES = named(css_stacks(CSS_FILE.read_text(encoding="utf-8")))


def test_print_css_names_only_its_three_families():
    stacks = css_stacks(CSS_FILE.read_text(encoding="utf-8"))
    assert len(stacks) == 6  # the four page margin boxes, the body and code
    assert CSS_FAMILIES == {"Liberation Sans", "DejaVu Sans", "Liberation Mono"}
    assert {stack[0] for stack in stacks} == {"Liberation Sans", "Liberation Mono"}


def test_the_charts_use_the_families_of_print_css():
    stack = [f.strip() for f in charts.FONT.split(",")]
    assert stack[0] == "Liberation Sans" and set(stack) - GENERIC <= CSS_FAMILIES


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig (fc-match) is not installed")
@pytest.mark.parametrize("family", sorted(CSS_FAMILIES | {pptx_kit.FONT}))
def test_every_named_family_is_installed_by_tasks_py(family):
    found, path = fc_match(family)
    assert found == ALIASES.get(family, family), (
        f"{family!r} is not installed (fontconfig gives {found!r}, {path}); python3 tasks.py test installs it")
    assert path.parent in tasks_font_dirs(), f"{family!r} comes from {path}, which no package in tasks.py installs"


@pytest.mark.skipif(NO_PANGO is not None, reason=NO_PANGO or "")
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils (pdffonts) is not installed")
def test_the_pdf_embeds_exactly_the_families_print_css_names(minimal):
    fonts = embedded(minimal.result.pdf)
    families = {pdf_family(font, CSS_FAMILIES) for font in fonts}
    assert families == CSS_FAMILIES, (
        f"the PDF embeds {sorted(fonts)}; print.css names {sorted(CSS_FAMILIES)}. A named family that is missing "
        "is not installed (python3 tasks.py test installs fonts-liberation and fonts-dejavu-core); an unnamed one "
        "is a fallback for a glyph the named families lack.")


def test_pdf_font_names_map_to_their_family():
    families = {"Liberation Sans", "DejaVu Sans", "Liberation Mono"}
    assert pdf_family("NZDDWO+Liberation-Sans-Bold", families) == "Liberation Sans"
    assert pdf_family("XKQQSR+DejaVu-Sans", families) == "DejaVu Sans"
    assert pdf_family("IKCJUC+DejaVu-Sans-Mono", families) == "DejaVu-Sans-Mono"  # a fallback, not DejaVu Sans
    assert pdf_family("WWUWUL+Liberation-Mono", families) == "Liberation Mono"
