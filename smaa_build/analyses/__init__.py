"""STAGE 2: Case -> Findings. REGISTRY lists the analyses in run order; each is a pure function of the Case
(and of the findings computed before it, for benchmark and risk)."""

from __future__ import annotations

from importlib import import_module

from ..findings import Findings


def _call(module: str, function: str = "run", with_findings: bool = False):
    """A runner that imports its module on first use: importing this package (e.g. for scrub, from a page)
    must not load pandas and scipy on a cached rebuild."""
    def run(case, fs):
        fn = getattr(import_module(f"{__name__}.{module}"), function)
        return fn(case, fs) if with_findings else fn(case)
    return run


# (name, needs these data kinds, run(case, fs) -> list of Finding | Table), in run order
REGISTRY = [
    ("engagement", ("interviewees",), _call("chapter1.engagement")),
    ("reliability", ("codes",), _call("chapter1.reliability")),
    ("diffusion", ("interviewees", "codes"), _call("chapter1.diffusion")),
    ("alignment", ("interviewees",), _call("chapter1.alignment")),
    ("mapping", ("interviewees", "codes"), _call("chapter1.mapping")),
    ("value", ("posts", "traditional"), _call("value.value")),
    ("resilience", ("posts", "traditional"), _call("resilience.resilience")),
    # benchmark, risk and recommend read the findings above (their inputs derived by indicators.py); keep them last
    ("benchmark", ("reference",), _call("benchmark.benchmark", "run_from_findings", with_findings=True)),
    ("risk", ("interviewees",), _call("risk.risk", "run_from_findings", with_findings=True)),
    ("recommend", ("interviewees",), _call("risk.recommend", "run_from_findings", with_findings=True)),
]
CONVENTION_MODULES = ["disclosure", "chapter1.reliability", "chapter1.diffusion", "chapter1.alignment",
                      "chapter1.mapping", "value.value", "resilience.resilience", "benchmark.benchmark", "risk.risk",
                      "risk.recommend", "indicators"]


def conventions(overrides) -> list[dict]:
    """Every [SMAA convention] in force, with the case's overrides (case.yaml conventions:) applied."""
    overrides = dict(overrides or {})
    out = []
    for name in CONVENTION_MODULES:
        for c in getattr(import_module(f"{__name__}.{name}"), "CONVENTIONS", []):
            out.append({**c, "value": overrides.get(c["name"], c["value"])})
    return sorted(out, key=lambda c: c["name"])


# module holding a LITERATURE list -> the analysis whose report uses it
LITERATURE_MODULES = {"chapter1.reliability": "reliability", "chapter1.alignment": "alignment",
                      "value.sentiment": "value", "value.correlation": "value"}


def literature(ran: set[str] | None = None) -> list[dict]:
    """Thresholds taken as published (not overridable), for the appendix next to the conventions: those of the
    analyses that ran (all of them when `ran` is None)."""
    return [c for name, analysis in LITERATURE_MODULES.items() if ran is None or analysis in ran
            for c in import_module(f"{__name__}.{name}").LITERATURE]


def run_all(case, progress=lambda name: None) -> Findings:
    fs, ran = Findings(), set()
    for name, needs, run in REGISTRY:
        if all(case.has(kind) for kind in needs):
            progress(name)
            fs.add(*run(case, fs))
            ran.add(name)
    fs.meta["conventions"] = conventions(case.settings.conventions)
    fs.meta["literature"] = literature(ran)
    return fs
