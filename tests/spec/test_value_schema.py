"""The value: block of case.yaml is checked by the schema with the analyses' own choices."""

from __future__ import annotations

import re
from pathlib import Path

from smaa_build.analyses import correlation as co
from smaa_build.analyses import posts as po
from smaa_build.analyses import quality as q
from smaa_build.analyses import sentiment as se
from smaa_build.analyses import value
from smaa_build.spec.schema import MEASURABILITY, VALUE


def allowed(key: str) -> list:
    return VALUE[key]["allowed"]


def test_schema_choices_are_the_analyses_choices():
    for key, choices, _ in value.CHOICES:
        expected = [c for c in choices if c is not None]
        assert allowed(key) == list(expected), key
    assert allowed("smi_measure") == list(co.MEASURES) and allowed("scorer") == list(se.SCORERS)
    assert allowed("entity") == list(po.ENTITY_CHOICES) and allowed("period") == list(co.PERIODS)
    assert list(MEASURABILITY) == list(q.MEASURABILITY_ITEMS)


def test_every_value_key_the_analyses_read_is_in_the_schema():
    """Scans the modules that read case.spec["value"] for `v.get("key"` / `s.spec.get("key"` / `conv("value.key"`, so
    a new option cannot be read without being declared (and documented) in the schema."""
    root = Path(value.__file__).resolve().parents[1]
    files = [*root.glob("analyses/value*.py"), *root.glob("pages/value*.py"), root / "analyses/resilience_outputs.py"]
    pattern = re.compile(r'(?:\bv|s\.spec|get\("value"\) or \{\}\))\.get\("(\w+)"|conv\("value\.(\w+)"')
    read = {a or b for f in files for a, b in pattern.findall(f.read_text(encoding="utf-8"))}
    read |= {key for key, _, _ in value.CHOICES}
    assert len(read) > 20 and read <= set(VALUE), sorted(read - set(VALUE))


def test_resilience_schema_levels_are_the_grid_levels():
    from smaa_build.analyses import resilience_grid as rg
    from smaa_build.spec.schema import FACTOR_DOCS, LEVELS, RESILIENCE

    assert {f: tuple(v) for f, v in LEVELS.items()} == rg.LEVELS and tuple(FACTOR_DOCS) == rg.FACTORS
    assert sorted(RESILIENCE["outcome"]["allowed"]) == sorted(rg.OUTCOMES)


def test_an_unknown_key_is_reported_and_really_ignored(tmp_path):
    import shutil

    from smaa_build.spec import load_spec

    case = tmp_path / "case"
    shutil.copytree(Path(__file__).resolve().parents[1] / "cases" / "minimal", case)
    yaml_path = case / "case.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8")
                         + "\nvalue: {smi_mesure: share_negative, area: care}\n", encoding="utf-8")
    spec, _, warnings = load_spec(case)
    assert [w.message for w in warnings] == ["unknown key 'smi_mesure' is ignored (did you mean 'smi_measure'?)"]
    assert spec["value"] == {"area": "care"}
