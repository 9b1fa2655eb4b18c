"""The demo's generator emits the demo in Italian (issue 13, item 6): cases/demo-it is exactly what
`python cases/demo/generate.py --language it` writes, its labels are all Italian and its data are the demo's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def test_committed_italian_demo_is_what_the_generator_writes(tmp_path):
    (tmp_path / "demo").symlink_to(REPO / "cases" / "demo")
    subprocess.run([sys.executable, str(REPO / "cases" / "demo" / "generate.py"), "--language", "it",
                    "--out", str(tmp_path)], check=True, capture_output=True)
    written = {p.relative_to(tmp_path / "demo-it") for p in (tmp_path / "demo-it").rglob("*") if p.is_file()}
    committed = {p.relative_to(REPO / "cases" / "demo-it") for p in (REPO / "cases" / "demo-it").rglob("*")
                 if p.is_file()}
    assert written == committed
    for rel in written:
        assert (tmp_path / "demo-it" / rel).read_bytes() == (REPO / "cases" / "demo-it" / rel).read_bytes(), rel


def test_italian_demo_changes_only_the_words():
    english = yaml.safe_load((REPO / "cases" / "demo" / "case.yaml").read_text(encoding="utf-8"))
    italian = yaml.safe_load((REPO / "cases" / "demo-it" / "case.yaml").read_text(encoding="utf-8"))
    assert italian["engagement"]["language"] == "it" and italian["engagement"]["id"] == "demo-it"
    for kind in ("functions", "levels", "activities"):
        pairs = list(zip(english["organisation"][kind], italian["organisation"][kind]))
        assert [a["id"] for a, _ in pairs] == [b["id"] for _, b in pairs]
        changed = [a["label"] != b["label"] for a, b in pairs]
        assert sum(changed) >= len(pairs) - 1, kind  # "Marketing" is Marketing in Italian too
    assert italian["resilience"] == {**english["resilience"], "constraints": italian["resilience"]["constraints"]}
    for kind, opts in english["data"].items():
        assert italian["data"][kind]["file"].replace("../demo/", "") == opts["file"], kind
    assert (REPO / "cases" / "demo-it" / "text" / "it" / "summary.md").read_text(encoding="utf-8").startswith(
        "I team di Heron")
