"""The C library's heap, set for a build's large arrays (docs/user-guide/scale.md, "Memory"). Imported by the package
before anything else, so it loads nothing but ctypes."""

from __future__ import annotations

import os
import sys

M_TRIM_THRESHOLD, M_MMAP_MAX = -1, -4  # glibc's mallopt parameters
TRIM_BYTES = 2**31 - 1  # free memory at the heap's top handed back on its own only past this (give_back_memory: always)


def libc_function(name: str):
    """The C library's function `name`, or None where there is none (not glibc, not loadable)."""
    import ctypes
    import ctypes.util

    lib = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(lib, use_errno=True), name) if lib else None
    except (OSError, AttributeError):
        return None


def keep_large_blocks() -> bool:
    """Serve every block from the heap and keep what is freed for the next one. glibc maps each block over 32 MB
    on its own and unmaps it when freed; on a virtual machine that hands freed memory back to its host, the next
    array of that size then faults in every page anew, from the host. A warm analysis of ten million posts spent
    13.8 of its 26.2 s in the kernel that way, 6.9 of 19.5 s with this. Left alone when the user tunes glibc's
    malloc (GLIBC_TUNABLES) and where there is no glibc. Returns whether it was set."""
    if "glibc.malloc" in os.environ.get("GLIBC_TUNABLES", "") or not sys.platform.startswith("linux"):
        return False
    mallopt = libc_function("mallopt")
    return mallopt is not None and mallopt(M_MMAP_MAX, 0) == 1 and mallopt(M_TRIM_THRESHOLD, TRIM_BYTES) == 1
