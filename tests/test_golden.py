"""Golden files at the boundary smaa owns: findings.json and the generated Markdown (with inline chart specs)
of each example case. Regenerate with `python3 tasks.py golden` after an intended change, and read the diff."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from smaa_build.run.build import prepare

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
CASES = {"demo": REPO / "cases" / "demo", "minimal": REPO / "tests" / "cases" / "minimal",
         "demo-it": REPO / "cases" / "demo-it"}  # the demo in Italian (issue 13): the same findings in other words


def _outputs(case: Path, out_root: Path) -> dict[str, bytes]:
    prep = prepare(case, out_root)
    return {rel: data for rel, data in prep.tree.files.items() if rel != "mkdocs.yml"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name, tmp_path, update_golden):
    if not (CASES[name] / "case.yaml").exists():
        pytest.skip(f"{name} case not present")
    outputs = _outputs(CASES[name], tmp_path)
    target = GOLDEN / name
    if update_golden:
        shutil.rmtree(target, ignore_errors=True)
        for rel, data in outputs.items():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            (target / rel).write_bytes(data)
        return
    expected = {str(p.relative_to(target)): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    assert sorted(outputs) == sorted(expected), "set of generated files changed; run `python3 tasks.py golden`"
    for rel in sorted(outputs):
        if outputs[rel] != expected[rel]:
            diff = difflib.unified_diff(expected[rel].decode().splitlines(), outputs[rel].decode().splitlines(),
                                        f"golden/{name}/{rel}", f"built/{rel}", lineterm="", n=1)
            pytest.fail("\n".join(list(diff)[:80]))


@pytest.mark.parametrize("name", sorted(CASES))
def test_two_builds_are_byte_identical(name, tmp_path):
    if not (CASES[name] / "case.yaml").exists():
        pytest.skip(f"{name} case not present")
    first = _outputs(CASES[name], tmp_path / "a")
    second = _outputs(CASES[name], tmp_path / "b")
    assert first == second
