"""build_site in a second process, started before smaa reads the case: mkdocs' imports and the theme's set-up
(about a quarter of a rebuild after a narrative edit) then run on the other core while this process validates
case.yaml and renders the pages. The site is the same: the worker calls the very build_site this process would.

Used only where mkdocs is not loaded yet (a fresh `smaa build`) and a core is idle (as `make -l` does, by the load
average): a process that has mkdocs already (`smaa serve` after its first build, the test suite) builds in-process,
which costs nothing to start, and on a busy machine the worker's own start (a fifth of a second of CPU) would cost
more than the overlap gains. The worker reads one request (a JSON line on stdin) and answers on a pipe of its
own, so nothing mkdocs or a plugin prints can be taken for the answer. A SiteError is raised again here with its
message; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

from ..errors import SiteError

WARM_UP = "mkdocs.commands.build"  # loaded by the worker first; its presence here means no worker is worth it


def idle_core() -> bool:
    """At least one core was idle on average over the last minute (a POSIX machine: the worker needs pass_fds)."""
    try:
        return os.name == "posix" and os.getloadavg()[0] <= (os.cpu_count() or 1) - 1
    except (AttributeError, OSError):
        return False


class SiteBuilder:
    """`build(config_file, site_dir, cache)`: in the worker started at construction, or in this process."""

    def __init__(self, worker: bool | None = None) -> None:
        if worker is None:
            worker = WARM_UP not in sys.modules and idle_core()
        self.proc: subprocess.Popen | None = None
        self.answers = None
        if worker and sys.executable:
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}  # this process's smaa_build
        try:
            self.proc = subprocess.Popen([sys.executable, "-c", f"from {__name__} import serve; serve({write})"],
                                         stdin=subprocess.PIPE, pass_fds=(write,), env=env, text=True)
        except OSError:  # no second process here: the site is built in this one
            os.close(read)
        else:
            self.answers = os.fdopen(read, encoding="utf-8")
        finally:
            os.close(write)

    def build(self, config_file: Path, site_dir: Path, cache: Path | None = None) -> None:
        if self.proc is None:
            from .mkdocs_run import build_site

            return build_site(config_file, site_dir, cache)
        request = {"config": str(config_file), "site": str(site_dir), "cache": cache and str(cache)}
        with contextlib.suppress(BrokenPipeError):  # a worker that is gone: its exit status says so below
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.close()
        answer = self.answers.readline()
        self.close()
        reply = json.loads(answer) if answer else {"bug": f"the site worker ended (exit status {self.proc.returncode})"}
        if "site_error" in reply:
            raise SiteError(reply["site_error"])
        if "bug" in reply:
            raise RuntimeError(f"building the site failed in the worker process:\n{reply['bug']}")

    def close(self, kill: bool = False) -> None:
        """Ends the worker: it has answered, or it reads end-of-file and leaves; with `kill` (the command failed)
        it is stopped wherever it is."""
        if self.proc is None or self.answers is None:
            return
        if kill:
            self.proc.kill()
        with contextlib.suppress(BrokenPipeError):
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.answers.close()
        self.answers = None

    def __enter__(self) -> "SiteBuilder":
        return self

    def __exit__(self, kind, *_) -> None:
        self.close(kill=kind is not None)


def _warm_up() -> None:
    """What every report build needs first: mkdocs, the theme, its plugins and Markdown extensions, loaded from
    the root mkdocs.yml that every report's config inherits. A failure here is left to the real build to report."""
    import logging

    from .mkdocs_run import REPO_ROOT, _environment

    logging.getLogger("mkdocs").propagate = False  # the real build collects the warnings; none printed here
    with contextlib.suppress(Exception), _environment(NO_MKDOCS_2_WARNING="1"):
        from mkdocs.commands import build  # noqa: F401
        from mkdocs.config import load_config

        load_config(str(REPO_ROOT / "mkdocs.yml"))


def serve(answer_fd: int) -> None:
    """The worker: warm up, read one request, build, answer. Ctrl-C reaches it with the command: the command
    ends it, so it ignores the signal and prints nothing."""
    import signal
    import traceback

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    with os.fdopen(answer_fd, "w", encoding="utf-8") as answers:
        _warm_up()
        line = sys.stdin.readline()
        if not line:  # the command failed before the site: nothing to build
            return
        request = json.loads(line)
        from .mkdocs_run import build_site

        try:
            build_site(Path(request["config"]), Path(request["site"]), request["cache"] and Path(request["cache"]))
            reply = {"ok": True}
        except SiteError as exc:
            reply = {"site_error": str(exc)}
        except BaseException:  # noqa: BLE001 - a bug: its traceback goes back to the command
            reply = {"bug": traceback.format_exc()}
        answers.write(json.dumps(reply) + "\n")
