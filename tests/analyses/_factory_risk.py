"""Case factory for the benchmark / risk / recommend tests: the shared chapter-1 factory (_factory_ch1.make_case)
with an organisation that has headcounts, and engagement attributes for benchmarking and the core process.

Function ids are deliberately not the demo's, so that nothing can silently depend on them."""

from __future__ import annotations

import copy

from _factory_ch1 import make_case as _make_case

RISK_SPEC = {
    "engagement": {"id": "test-case", "sector": "J", "size_band": "1000-4999", "org_model": "centralised",
                   "core_process": "Customer support"},
    "organisation": {
        "functions": [
            {"id": "f_mk", "label": "Brand marketing", "headcount": 40},
            {"id": "f_cs", "label": "Customer support", "headcount": 120},
            {"id": "f_pe", "label": "People", "headcount": 20},
            {"id": "f_fi", "label": "Finance", "headcount": 30},
        ],
    },
}


def _merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def make_case(spec: dict | None = None, tables: dict | None = None):
    """A Case: shared BASE_SPEC <- RISK_SPEC <- `spec` (deep merge, lists replaced); `tables` by data kind."""
    return _make_case(_merge(RISK_SPEC, spec or {}), **(tables or {}))
