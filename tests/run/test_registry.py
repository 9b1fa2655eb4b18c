"""The analyses registry sends benchmark, risk and recommend to their own modules' entries (issue 12): indicators.py
only derives their inputs."""

from __future__ import annotations

import pytest

from smaa_build import analyses
from smaa_build.analyses import indicators
from smaa_build.analyses.benchmark import benchmark
from smaa_build.analyses.risk import recommend, risk


@pytest.mark.parametrize("name, module", [("benchmark", benchmark), ("risk", risk), ("recommend", recommend)])
def test_the_registry_calls_the_modules_own_run(monkeypatch, name, module):
    monkeypatch.setattr(module, "run_from_findings", lambda case, fs: [f"{name} ran"])
    (entry,) = [run for n, _, run in analyses.REGISTRY if n == name]
    assert entry("case", "findings") == [f"{name} ran"]


def test_indicators_holds_no_registry_entries():
    assert not [n for n in vars(indicators) if n.startswith("run_")]


def test_value_setup_defaults_come_from_facts(monkeypatch, tmp_path):
    """seed, max_lag, bootstrap_b and train_share have one home (facts.VALUE_DEFAULTS), as the schema states it."""
    from smaa_build import facts
    from smaa_build.analyses.value import value
    from smaa_build.spec.case import Case
    from _spec import full_spec

    moved = {"seed": 7, "max_lag": 5, "bootstrap_b": 999, "train_share": 0.6}
    for key, v in moved.items():
        monkeypatch.setitem(facts.VALUE_DEFAULTS, key, v)
    case = Case(root=tmp_path, spec_path=tmp_path / "case.yaml", spec=full_spec(data={}, value={}), cache_dir=tmp_path)
    s = value.setup(case)
    assert {key: getattr(s, key) for key in moved} == moved
