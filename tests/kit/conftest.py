"""The demo's findings from its codes.csv, computed once for the tests that read the codes another way."""

from __future__ import annotations

import pytest

from smaa_build import findings as F
from smaa_build.analyses import run_all
from smaa_build.spec import load_case

from .helpers import DEMO, case_copy


@pytest.fixture(scope="session")
def demo_findings(tmp_path_factory) -> str:
    """findings.json of the demo without the value chapter (its analyses read no codes and take most of a run)."""
    case = case_copy(DEMO, tmp_path_factory.mktemp("csv") / "demo")
    return F.dumps(run_all(load_case(case)))
