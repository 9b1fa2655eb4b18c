"""The static drawings (site/static_charts.py) kept on disk, by content, under build/.cache/<id>/drawings/: a
rebuild after a narrative edit draws no chart again. vl-convert takes a few seconds for a report's charts; reading
them back takes milliseconds.

An entry's name is the hash of everything its SVG depends on: the spec (canonical JSON), the width, vl-convert's
version, the code that lays the drawing out (static_charts.py, chart_text.py) and the font files both measure
with. Entries are written and pruned as every kept folder is (site/kept.py).
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
from pathlib import Path

from . import kept

HERE = Path(__file__).resolve().parent
SOURCES = ("static_charts.py", "chart_text.py")  # the code a drawing's layout depends on
FAMILIES = ("Liberation Sans", "DejaVu Sans")  # static_charts.FONT, which vl-convert and chart_text.py measure with


def _font_files() -> list[str]:
    """The files fontconfig has for FAMILIES (every style), or none on a machine without fontconfig."""
    try:
        listed = subprocess.run(["fc-list", "-f", "%{family}\t%{file}\n"], check=True, capture_output=True,
                                text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.split("\t", 1)[1] for line in listed.splitlines()
                   if "\t" in line and any(f in line.split("\t", 1)[0].split(",") for f in FAMILIES)})


def _identity(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return f"{path} missing"
    return f"{path} {st.st_size} {st.st_mtime_ns}"


@functools.cache  # once per process: the same for every chart of a build
def fingerprint() -> str:
    """What every drawing depends on besides its spec and width."""
    import vl_convert

    return "\n".join([f"vl-convert {vl_convert.__version__}", kept.source_digest(*(HERE / n for n in SOURCES)),
                      *(_identity(f) for f in _font_files())])


def name(spec: dict, width: int) -> str:
    """The entry's file name."""
    canonical = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return kept.digest(fingerprint(), f"width {width}", canonical) + ".svg"


def read(store: Path, entry: str) -> str | None:
    """The drawing stored as `entry`, or None (absent, or not a whole drawing: then it is drawn again)."""
    text = kept.read(store, entry)
    return text if text and text.startswith("<svg") and text.rstrip().endswith("</svg>") else None
