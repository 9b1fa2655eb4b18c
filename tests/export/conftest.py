"""Exports shared by the PDF and deck tests: the demo, the minimal case, and a copy of the minimal case whose
codename and labels carry markup (it must come out as literal text). Each is built and exported once per run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from smaa_build.run.export import export
from smaa_build.findings import load as load_findings

REPO = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert(1)</script>"


def _pango() -> str | None:
    """Why WeasyPrint cannot run here, or None when it can."""
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        return f"WeasyPrint cannot load pango: {exc}"
    return None


NO_PANGO = _pango()


class Exported:
    def __init__(self, case: Path, out: Path, pdf: bool = True):
        self.case = case
        self.result = export(case, out, pdf=pdf and NO_PANGO is None, deck=True)
        self.findings = load_findings(self.result.out_dir / "findings.json")


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Exported:
    return Exported(REPO / "cases" / "demo", tmp_path_factory.mktemp("export-demo"))


@pytest.fixture(scope="session")
def minimal(tmp_path_factory) -> Exported:
    return Exported(REPO / "tests" / "cases" / "minimal", tmp_path_factory.mktemp("export-minimal"))


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> Exported:
    """The minimal case with markup in the codename, a function label and an activity label."""
    case = tmp_path_factory.mktemp("hostile-case") / "hostile"
    shutil.copytree(REPO / "tests" / "cases" / "minimal", case)
    spec = case / "case.yaml"
    text = spec.read_text(encoding="utf-8")
    for old, new in (("codename: Wren", f"codename: 'Wren {SCRIPT}'"),
                     ("label: Operations}", f"label: 'Operations {SCRIPT}'}}"),
                     ("label: Social listening}", f"label: 'Social listening {SCRIPT}'}}")):
        assert old in text, old
        text = text.replace(old, new)
    spec.write_text(text, encoding="utf-8")
    return Exported(case, tmp_path_factory.mktemp("export-hostile"))
