"""Every chapter-1 analysis survives degenerate cases: findings with None and a reason, never an exception,
never a duplicate key, and the result serialises."""

import json

import pytest

from _factory_ch1 import degenerate_cases
from smaa_build.analyses.chapter1 import alignment, diffusion, mapping, reliability
from smaa_build.findings import Finding, Findings, dumps

CASES = degenerate_cases()


@pytest.mark.parametrize("module", [reliability, diffusion, alignment, mapping], ids=lambda m: m.__name__)
@pytest.mark.parametrize("name", sorted(CASES))
def test_run_survives(module, name):
    fs = Findings()
    fs.add(*module.run(CASES[name]))
    dumps(fs)
    for f in fs.findings.values():
        assert isinstance(f, Finding)
        if f.value is None and not f.suppressed:
            assert f.reason, f"{f.key} is None without a reason"


@pytest.mark.parametrize("module", [reliability, diffusion, alignment, mapping], ids=lambda m: m.__name__)
def test_conventions_have_name_value_source(module):
    for c in module.CONVENTIONS:
        assert set(c) == {"name", "value", "source"} and c["source"].startswith("SMAA convention")


def test_company_level_findings_on_fewer_than_k_min_people_are_suppressed():
    fs = Findings()
    case = CASES["one person everything"]
    for module in (diffusion, mapping):
        fs.add(*module.run(case))
    assert fs.findings["diffusion.hdi.act_x"].value == 1.0 and fs.findings["diffusion.hdi.act_x"].suppressed
    assert fs.findings["diffusion.company.hdi"].suppressed
    assert fs.findings["mapping.narrative.act_x"].suppressed
    assert all(r["suppressed"] for r in fs.tables["mapping.top_activities"].rows)
    assert json.loads(dumps(fs))["findings"]["diffusion.hdi.act_x"]["value"] is None  # dropped when written
