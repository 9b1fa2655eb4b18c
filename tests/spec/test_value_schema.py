"""The value: block of case.yaml is checked by the schema with the analyses' own choices (both read them from
smaa_build/facts.py; tests/test_facts.py checks that no second copy is written out)."""

from __future__ import annotations

import re
from pathlib import Path

from smaa_build.analyses.value import value
from smaa_build.spec.schema import VALUE


def test_every_value_key_the_analyses_read_is_in_the_schema():
    """Scans the modules that read case.spec["value"] for `v.get("key"` / `s.spec.get("key"` / `conv("value.key"`, so
    a new option cannot be read without being declared (and documented) in the schema."""
    root = Path(value.__file__).resolve().parents[2]  # smaa_build
    files = [*root.glob("analyses/value/*.py"), *root.glob("pages/value/*.py"), root / "analyses/resilience/outputs.py"]
    pattern = re.compile(r'(?:\bv|s\.spec|get\("value"\) or \{\}\))\.get\("(\w+)"|conv\("value\.(\w+)"')
    read = {a or b for f in files for a, b in pattern.findall(f.read_text(encoding="utf-8"))}
    read |= {key for key, _, _ in value.CHOICES}
    assert len(read) > 20 and read <= set(VALUE), sorted(read - set(VALUE))


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
