"""Staging folders a later run can tell apart from live ones.

A run killed with SIGKILL (or by a power cut) cannot clean up after itself, so its staging folder stays behind.
Each staging folder's name carries the process id of the run that made it, `<prefix><pid>-<random>`; a later run
removes the folders whose process is gone, and never one whose process is still running (a concurrent build or
publish of the same case). A pid reused by an unrelated process only delays the clean-up to a later run."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

# what follows the prefix in a staging folder's name: the pid, then mkdtemp's random part (which has no "-")
TAIL = r"(\d+)-[a-z0-9_]+"


def make(parent: Path, prefix: str) -> Path:
    """A new, empty staging folder parent/<prefix><pid>-<random>."""
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))


def owner(name: str, prefix: str) -> int | None:
    """The pid in a staging folder's name, or None when the name is not one `make(…, prefix)` gives."""
    found = re.fullmatch(re.escape(prefix) + TAIL, name)
    return int(found.group(1)) if found else None


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def stale(parent: Path, prefix: str) -> list[Path]:
    """The staging folders under `parent` whose run has ended without removing them."""
    if not parent.is_dir():
        return []
    found = []
    for path in sorted(parent.iterdir()):
        pid = owner(path.name, prefix)
        if pid is not None and path.is_dir() and not path.is_symlink() and not alive(pid):
            found.append(path)
    return found


def remove_stale(parent: Path, prefix: str) -> list[Path]:
    """Remove what `stale()` finds; returns what was removed."""
    removed = stale(parent, prefix)
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed
