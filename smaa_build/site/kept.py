"""A folder of build/.cache/<id>/ whose entries are named by the hash of everything they depend on (the static
drawings, the hardened pages): a changed input gives a new name, so a stale entry is never found. Entries are
written whole (temporary file, then a rename), so a killed or concurrent build never reads half of one.
`in-use.json` lists what the last build used: `smaa cache prune` keeps those and removes the rest."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from .. import atomic

IN_USE = "in-use.json"
TMP_AGE_S = 3600  # a temporary file this old was left by a killed build; a younger one may be a running build's


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")  # no two different lists of parts hash alike
    return h.hexdigest()


def source_digest(*paths: Path) -> str:
    return digest(*(hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths))


def read(folder: Path, name: str) -> str | None:
    try:
        return (Path(folder) / name).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write(folder: Path, name: str, text: str) -> None:
    """A unique temporary file in the same folder, then a rename (atomic.py)."""
    atomic.write_text(Path(folder) / name, text)


def record_use(folder: Path, names: set[str]) -> None:
    """What the build just used (read or wrote): the entries `prune` keeps."""
    write(folder, IN_USE, json.dumps(sorted(names), indent=0))


def in_use(folder: Path) -> set[str]:
    try:
        return set(json.loads((Path(folder) / IN_USE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return set()


def prune(folder: Path) -> list[str]:
    """Remove every entry of `folder` the last build did not use; returns their names."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    keep = in_use(folder) | {IN_USE}
    removed = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")
                     and p.name not in keep)
    removed += sorted(p.name for p in folder.glob(".*.tmp") if time.time() - p.stat().st_mtime > TMP_AGE_S)
    for name in removed:
        (folder / name).unlink(missing_ok=True)
    return removed
