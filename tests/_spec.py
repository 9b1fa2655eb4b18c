"""A minimal valid case.yaml for tests that build a Case or a page Context by hand: `full_spec(**blocks)` deep-merges
the test's own blocks into what validation leaves in every case.yaml and `settings(spec)` (spec/case.py) reads, so
code that reads the typed case (issue 12) works on a test's partial spec."""

from __future__ import annotations

import copy

TYPED = {"engagement": {"id": "test-case", "client": "Test Client"},
         "report": {"k_min": 5, "round": 1, "status": "draft", "date": "2026-04-10", "confidentiality": "Confidential."},
         "organisation": {"functions": [], "levels": [], "activities": []}}


def merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        out[key] = merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def full_spec(**blocks) -> dict:
    """TYPED with the test's own top-level blocks merged in (a dict merges key by key, anything else replaces)."""
    return merge(TYPED, blocks)
