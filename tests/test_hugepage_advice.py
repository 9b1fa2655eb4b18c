"""smaa turns numpy's transparent-hugepage advice off unless the user set NUMPY_MADVISE_HUGEPAGE
(smaa_build/__init__.py): whether numpy was imported before smaa or after it, and in a worker process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STATE = "import numpy._core.multiarray as m; s = m._set_madvise_hugepage(True); print(s, end=' ')"


def _run(code: str, env_value: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    if env_value is not None:
        env["NUMPY_MADVISE_HUGEPAGE"] = env_value
    return subprocess.run([sys.executable, "-c", code], env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, check=True).stdout.split()


@pytest.mark.parametrize("order", ["import smaa_build; import numpy", "import numpy; import smaa_build"])
def test_advice_is_off_whichever_is_imported_first(order):
    assert _run(f"{order}; {STATE}", None) == ["False"]


def test_a_users_setting_is_kept():
    assert _run(f"import smaa_build; {STATE}", "1") == ["True"]
    assert _run(f"import numpy; import smaa_build; {STATE}", "1") == ["True"]


def test_worker_processes_inherit_it():
    code = ("import smaa_build, subprocess, sys; print(subprocess.run([sys.executable, '-c', "
            f"{STATE!r}], capture_output=True, text=True).stdout)")
    assert _run(code, None) == ["False"]
