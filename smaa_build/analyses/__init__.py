"""STAGE 2: Case -> Findings. REGISTRY lists the analyses in run order; each is a pure function of the Case
(and of the findings computed before it, for benchmark and risk)."""

from __future__ import annotations

from ..findings import Findings
from . import resilience
from . import value as smi_value
from . import alignment, benchmark, diffusion, disclosure, engagement, indicators, mapping, recommend, reliability, risk

# (name, needs these data kinds, run(case, fs) -> list of Finding | Table)
REGISTRY = [
    ("engagement", ("interviewees",), lambda case, fs: engagement.run(case)),
    ("reliability", ("codes",), lambda case, fs: reliability.run(case)),
    ("diffusion", ("interviewees", "codes"), lambda case, fs: diffusion.run(case)),
    ("alignment", ("interviewees",), lambda case, fs: alignment.run(case)),
    ("mapping", ("interviewees", "codes"), lambda case, fs: mapping.run(case)),
    ("value", ("posts", "traditional"), lambda case, fs: smi_value.run(case)),
    ("resilience", ("posts", "traditional"), lambda case, fs: resilience.run(case)),
    # benchmark, risk and recommend read the findings above (indicators.py); keep them last
    ("benchmark", ("reference",), lambda case, fs: indicators.run_benchmark(case, fs)),
    ("risk", ("interviewees",), lambda case, fs: indicators.run_risk(case, fs)),
    ("recommend", ("interviewees",), lambda case, fs: indicators.run_recommend(case, fs)),
]
CONVENTION_MODULES = [disclosure, reliability, diffusion, alignment, mapping, smi_value, resilience, benchmark, risk, recommend, indicators]


def conventions(spec) -> list[dict]:
    """Every [SMAA convention] in force, with the case's overrides applied."""
    overrides = dict(spec.get("conventions", {}))
    out = []
    for module in CONVENTION_MODULES:
        for c in getattr(module, "CONVENTIONS", []):
            out.append({**c, "value": overrides.get(c["name"], c["value"])})
    return sorted(out, key=lambda c: c["name"])


def run_all(case, progress=lambda name: None) -> Findings:
    fs = Findings()
    for name, needs, run in REGISTRY:
        if all(case.has(kind) for kind in needs):
            progress(name)
            fs.add(*run(case, fs))
    fs.meta["conventions"] = conventions(case.spec)
    return fs
