"""One publish at a time per target: an exclusive lock (filelock's flock, which the kernel drops when the process
ends, even on SIGKILL) on a file of the target that is never served — <target>/.smaa-publish.lock for a folder
(the host never serves hidden files), .git/smaa-publish-<branch>.lock for a git branch.

A second publish into the same target waits for the first to deploy, at most SMAA_PUBLISH_LOCK_TIMEOUT seconds
(default 60), then refuses: it has changed nothing, so running it again later is safe."""

from __future__ import annotations

import contextlib
import math
import os
from pathlib import Path

from ..errors import SiteError
from ..spec.paths import display_path

TIMEOUT_ENV = "SMAA_PUBLISH_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 60.0
FOLDER_LOCK = ".smaa-publish.lock"


def timeout_from(env=os.environ) -> float:
    raw = env.get(TIMEOUT_ENV)
    if raw is None or not raw.strip():
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not (value >= 0 and math.isfinite(value)):
        raise SiteError(f"{TIMEOUT_ENV}={raw!r} is not a number of seconds (0 or more); unset it to wait the "
                        f"default {DEFAULT_TIMEOUT:g} s. Nothing was changed.")
    return value


def refusal(what: str, path: Path, timeout: float) -> str:
    return (f"another publish into {what} is running (lock {display_path(path)} still held after waiting "
            f"{timeout:g} s); try again when it ends, or wait longer with {TIMEOUT_ENV}=<seconds>. "
            "Nothing was changed.")


@contextlib.contextmanager
def holding(path: Path, what: str, timeout: float | None = None, progress=lambda step: None):
    """Hold the exclusive lock on `path` for the body; refuse (SiteError) after `timeout` seconds of waiting."""
    from filelock import FileLock, Timeout

    timeout = timeout_from() if timeout is None else timeout
    path.parent.mkdir(parents=True, exist_ok=True)
    # no soft (marker-file) fallback: a marker would outlive a killed process and block every later publish
    lock = FileLock(path, thread_local=False, fallback_to_soft=False)
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            progress(f"waiting for another publish into {what} to end (at most {timeout:g} s)")
            lock.acquire(timeout=timeout)
    except Timeout:
        raise SiteError(refusal(what, path, timeout)) from None
    except OSError as exc:  # a file system without flock (some network mounts)
        raise SiteError(f"cannot lock {display_path(path)} to publish into {what} ({exc}); publish into a folder "
                        "on a local disk. Nothing was changed.") from None
    try:
        yield
    finally:
        lock.release()
