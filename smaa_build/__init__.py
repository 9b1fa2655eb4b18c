"""smaa: Social Media Alignment Assessment report builder."""

import os as _os
import sys as _sys

__version__ = "0.1.0"

# Large arrays without transparent-hugepage advice (docs/user-guide/scale.md, "Memory"): on the 2-core virtual machine
# smaa is measured on, numpy's advice made a fresh 80 MB array cost up to 0.85 s instead of 0.04 s, now and then,
# which slowed and scattered every run that makes large arrays. A user's own NUMPY_MADVISE_HUGEPAGE is kept.
_os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")  # read by numpy when imported, here and in worker processes
if _os.environ["NUMPY_MADVISE_HUGEPAGE"] == "0" and "numpy" in _sys.modules:  # imported before smaa: tell it now
    _switch = getattr(getattr(getattr(_sys.modules["numpy"], "_core", None), "multiarray", None),
                      "_set_madvise_hugepage", None)  # numpy's own switch, private: a numpy without it is left as is
    if _switch is not None:
        _switch(False)

from . import heap as _heap  # noqa: E402 (after numpy's setting: it loads nothing but ctypes)

_heap.keep_large_blocks()
