"""What a build was made from: sha256 of case.yaml and of every input file, smaa's version and the git
revision. The analysis cache is keyed on the part of it that analyses read (narrative excluded)."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import time
from pathlib import Path

from .. import __version__


def sha256(path: Path) -> str:
    """The file's sha256, computed once per process while the file stays the same (size, modification time and
    inode): a build's provenance and its kept posts table (memo.py) both need it, for a file of a few GB."""
    st = os.stat(path)
    if time.time_ns() - st.st_mtime_ns < RACY_NS:  # written just now: a second write may keep the same time stamp
        return _digest(path)
    return _sha256(os.path.realpath(path), st.st_size, st.st_mtime_ns, st.st_ino)


RACY_NS = 2_000_000_000  # as git's "racy" index entries: a time stamp this recent does not tell two writes apart


@functools.lru_cache(maxsize=256)
def _sha256(path: str, _size: int, _mtime_ns: int, _inode: int) -> str:
    return _digest(path)


def _digest(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(8 << 20), b""):
            h.update(block)
    return h.hexdigest()


def git_revision(root: Path) -> str:
    """SMAA_GIT_REVISION wins (golden tests and CI pin it); else `git describe --always --dirty`."""
    if os.environ.get("SMAA_GIT_REVISION"):
        return os.environ["SMAA_GIT_REVISION"]
    try:
        out = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty", "--abbrev=12"],
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return out.stdout.strip() or "unknown"


def collect(spec_path: Path, files: dict[str, Path]) -> dict:
    root = spec_path.parent
    inputs = {"case.yaml": sha256(spec_path)}
    for name, path in sorted(files.items()):
        inputs[os.path.relpath(path, root)] = sha256(path)
    out = {"smaa_version": __version__, "git_revision": git_revision(root), "inputs": inputs,
           "analysis_inputs": sorted(os.path.relpath(p, root) for k, p in files.items()
                                     if not k.startswith("narrative:"))}
    if "reference" in files:  # the benchmark set's version: "What changed" and `smaa check --all` compare it
        rel = os.path.relpath(files["reference"], root)
        out["reference_set"] = {"file": rel, "sha256": inputs[rel]}
    return out


def code_digest() -> str:
    """Digest of smaa's own source, so that editing an analysis or a chart invalidates the cache."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]  # the whole smaa_build package, not spec/ alone
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def analysis_key(prov: dict) -> str:
    """Cache key: smaa's code + the digests of case.yaml and every data file (not the narrative)."""
    used = {k: v for k, v in prov["inputs"].items() if k == "case.yaml" or k in prov["analysis_inputs"]}
    blob = json.dumps({"code": code_digest(), "inputs": used}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:32]
