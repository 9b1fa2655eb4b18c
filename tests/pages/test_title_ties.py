"""A chart title is the same bytes in every process: a tie between two leading metric families is broken by table
order, never by a set's iteration order (which changes with PYTHONHASHSEED)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROBE = """
from smaa_build.findings import Table
from smaa_build.pages.chapter1.uses import _metric_title
rows = [{"group": g, "group_label": g, "metric_category": c, "share": s, "suppressed": False}
        for g, c, s in [("f1", "opinion", 0.6), ("f1", "network", 0.4), ("f2", "network", 0.7),
                        ("f2", "opinion", 0.3), ("f3", "opinion", 0.8), ("f4", "network", 0.9)]]
print(_metric_title(Table("mapping.metric_function", "Metrics", [], rows), "metric_category"))
"""


def test_a_tie_between_leading_families_gives_one_title_whatever_the_hash_seed():
    titles = {subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, check=True,
                             env={"PYTHONHASHSEED": str(seed), "PATH": "/usr/bin:/bin"}).stdout
              for seed in range(8)}
    assert titles == {"Opinion metrics lead in 2 of 4 functions\n"}
