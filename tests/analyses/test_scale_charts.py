"""Charts are built without Altair's validation on every build (issue 15: ~5 s of a cold demo build); this test
validates every chart the demo draws against the Vega-Lite schema instead, so a broken spec still fails here."""

from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import pytest
from altair.utils import schemapi
from altair.vegalite.v6.schema.core import load_schema

from smaa_build.pages.base import charts
from smaa_build.run.build import prepare

DEMO = Path(__file__).resolve().parents[2] / "cases" / "demo"


def test_config_does_not_validate(monkeypatch):
    chart = alt.Chart(alt.Data(values=[{"a": 1}])).mark_bar().encode(x="a:Q")
    monkeypatch.setattr(schemapi, "validate_jsonschema", lambda *a, **k: pytest.fail("validated on the build"))
    with schemapi.debug_mode(False):  # Altair's own check of each object as it is made: not what config() decides
        spec = charts.config(chart)
    assert spec["mark"] == {"type": "bar"} and "$schema" not in spec


@pytest.mark.slow
def test_every_demo_chart_is_valid_vega_lite(tmp_path):
    prepare(DEMO, tmp_path)
    (cache,) = (tmp_path / ".cache").rglob("*.charts.json")
    specs = json.loads(cache.read_text(encoding="utf-8"))
    assert len(specs) >= 20  # the demo draws every kind of chart smaa makes
    schema = load_schema()
    for slug, spec in sorted(specs.items()):
        error = schemapi.validate_jsonschema({**spec, "$schema": alt.SCHEMA_URL}, schema, raise_error=False)
        assert error is None, f"{slug}: {error}"
