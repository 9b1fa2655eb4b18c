"""tests/portfolio reuses the real-nginx harness of tests/site (_nginx.py) and the scripted engagement's helpers."""

from __future__ import annotations

import sys
from pathlib import Path

SITE_TESTS = Path(__file__).resolve().parents[1] / "site"
if str(SITE_TESTS) not in sys.path:
    sys.path.insert(0, str(SITE_TESTS))
