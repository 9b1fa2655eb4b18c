"""A minimal Case factory for the benchmark / risk / recommend tests (no YAML, no files).

Function ids are deliberately not the demo's, so that nothing can silently depend on them."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd

from smaa_build.spec.case import Case, freeze

BASE_SPEC = {
    "spec_version": 1,
    "engagement": {"id": "test-case", "client": "Test Client", "sector": "J", "size_band": "1000-4999",
                   "org_model": "centralised", "core_process": "Customer support"},
    "report": {"k_min": 5},
    "organisation": {
        "functions": [
            {"id": "f_mk", "label": "Brand marketing", "headcount": 40},
            {"id": "f_cs", "label": "Customer support", "headcount": 120},
            {"id": "f_pe", "label": "People", "headcount": 20},
            {"id": "f_fi", "label": "Finance", "headcount": 30},
        ],
        "levels": [{"id": "L1", "label": "Senior manager", "rank": 1}, {"id": "L2", "label": "Manager", "rank": 2}],
        "activities": [{"id": "a1", "label": "Monitoring"}],
    },
}


def _merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def make_case(spec: dict | None = None, tables: dict[str, pd.DataFrame] | None = None) -> Case:
    """A Case whose spec is BASE_SPEC deep-merged with `spec` (lists are replaced, not merged)."""
    root = Path("/nonexistent/test-case")
    return Case(root=root, spec_path=root / "case.yaml", spec=freeze(_merge(BASE_SPEC, spec or {})),
                tables=dict(tables or {}))
