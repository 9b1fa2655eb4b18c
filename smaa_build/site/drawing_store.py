"""The static drawings (site/static_charts.py) kept on disk, by content, under build/.cache/<id>/drawings/: a
rebuild after a narrative edit draws no chart again. vl-convert takes a few seconds for a report's charts; reading
them back takes milliseconds.

An entry's name is the hash of everything its SVG depends on: the spec (canonical JSON), the width, vl-convert's
version, the code that lays the drawing out (static_charts.py, chart_text.py) and the font files both measure
with. Any change gives a new name, so a stale drawing is never found. Entries are written whole (temporary file,
then a rename), so a killed build leaves no half drawing. `in-use.json` lists what the last build drew: `smaa cache
prune` keeps those and removes the rest (run/cache.py).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = ("static_charts.py", "chart_text.py")  # the code a drawing's layout depends on
FAMILIES = ("Liberation Sans", "DejaVu Sans")  # static_charts.FONT, which vl-convert and chart_text.py measure with
IN_USE = "in-use.json"
SUFFIX = ".svg"
TMP_AGE_S = 3600  # a temporary file this old was left by a killed build; a younger one may be a running build's


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

    parts = [f"vl-convert {vl_convert.__version__}"]
    parts += [hashlib.sha256((HERE / name).read_bytes()).hexdigest() for name in SOURCES]
    parts += [_identity(f) for f in _font_files()]
    return "\n".join(parts)


def key(spec: dict, width: int) -> str:
    canonical = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{fingerprint()}\nwidth {width}\n{canonical}".encode("utf-8")).hexdigest()


def read(store: Path, name: str) -> str | None:
    """The drawing stored under `name`, or None (absent, or not a drawing: then it is drawn again)."""
    try:
        text = (Path(store) / f"{name}{SUFFIX}").read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return text if text.startswith("<svg") and text.rstrip().endswith("</svg>") else None


def _atomic_write(path: Path, data: bytes) -> None:
    """A unique temporary file in the same folder, then a rename: concurrent builds never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write(store: Path, name: str, drawing: str) -> None:
    _atomic_write(Path(store) / f"{name}{SUFFIX}", drawing.encode("utf-8"))


def record_use(store: Path, names: set[str]) -> None:
    """What the build just drew (or found): the entries `smaa cache prune` keeps."""
    _atomic_write(Path(store) / IN_USE, json.dumps(sorted(names), indent=0).encode("utf-8"))


def in_use(store: Path) -> set[str]:
    try:
        return set(json.loads((Path(store) / IN_USE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return set()


def prune(store: Path) -> list[str]:
    """Remove every file of `store` the last build did not use; returns their names."""
    store = Path(store)
    if not store.is_dir():
        return []
    keep = {f"{name}{SUFFIX}" for name in in_use(store)}
    removed = sorted(p.name for p in store.glob(f"*{SUFFIX}") if p.name not in keep)
    removed += sorted(p.name for p in store.glob(".*.tmp") if time.time() - p.stat().st_mtime > TMP_AGE_S)
    for name in removed:
        (store / name).unlink(missing_ok=True)
    return removed
