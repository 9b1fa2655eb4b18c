"""A rebuild after a narrative-only edit reuses the analyses and chart specs, and never imports the heavy
libraries (pandas, scipy, Altair): that is what keeps it close to a bare mkdocs build (tests/benchmarks)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROBE = """
import sys
from pathlib import Path
from smaa_build.run.build import prepare
prep = prepare(Path(sys.argv[1]), Path(sys.argv[2]))
heavy = sorted(m for m in ("pandas", "scipy", "altair", "numpy") if m in sys.modules)
print(prep.cached, ",".join(heavy) or "-")
"""


def run_probe(case: Path, out: Path) -> str:
    return subprocess.run([sys.executable, "-c", PROBE, str(case), str(out)], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_narrative_edit_rebuild_skips_analyses_and_heavy_imports(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(REPO / "tests" / "cases" / "minimal", case)
    (case / "text").mkdir(exist_ok=True)
    (case / "text" / "summary.md").write_text("One.\n")
    (case / "case.yaml").write_text((case / "case.yaml").read_text() + "\nnarrative: {home: text/summary.md}\n")
    assert run_probe(case, tmp_path / "out").startswith("False ")  # cold: analyses ran
    (case / "text" / "summary.md").write_text("Two.\n")
    assert run_probe(case, tmp_path / "out") == "True -"
    (case / "data" / "ratings.csv").write_text((case / "data" / "ratings.csv").read_text())  # same bytes
    assert run_probe(case, tmp_path / "out") == "True -"
