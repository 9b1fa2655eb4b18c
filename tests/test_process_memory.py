"""How smaa sets the process up for large arrays (smaa_build/__init__.py, heap.py): numpy's transparent-hugepage
advice off unless the user set NUMPY_MADVISE_HUGEPAGE (whether numpy was imported before smaa or after it, and in a
worker process), and glibc's large blocks served from the heap unless the user tunes malloc."""

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


HEAP = ("import numpy as np; a = np.ones(20_000_000); "  # 160 MB: glibc would map it on its own
        "print(any(l.endswith('[heap]') and int(l.split()[0].split('-')[1], 16) - int(l.split()[0].split('-')[0], 16)"
        " >= 150_000_000 for l in open('/proc/self/maps').read().splitlines()))")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's heap")
def test_large_arrays_come_from_the_heap_unless_the_user_tunes_malloc():
    """smaa_build/heap.py: a block over 32 MB is served from the heap (and kept there when freed), not mapped on its
    own; GLIBC_TUNABLES naming malloc leaves glibc as the user set it."""
    assert _run(f"import smaa_build; {HEAP}", None) == ["True"]
    assert _run(f"import numpy; {HEAP}", None) == ["False"]  # glibc's own behaviour, which the test relies on
    env = {k: v for k, v in os.environ.items()}
    env.update(PYTHONPATH=str(ROOT), GLIBC_TUNABLES="glibc.malloc.trim_threshold=131072")
    done = subprocess.run([sys.executable, "-c", f"import smaa_build; {HEAP}"], env=env, capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["False"]
