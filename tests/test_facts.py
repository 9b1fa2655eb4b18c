"""One home per fact (issue 12, item 4): the vocabularies, defaults and bands of smaa_build/facts.py are written
out nowhere else in smaa_build/, so the schema, the analyses, the pages and the generated reference cannot drift
apart. (Before, a test compared each copy with the other; this one fails as soon as a second copy appears.)"""

from __future__ import annotations

import re
from pathlib import Path

from smaa_build import facts

PACKAGE = Path(facts.__file__).resolve().parent


def vocabularies() -> dict[str, tuple]:
    """Every sequence of three or more words in facts.py, by name (a dict by its keys: MEASURABILITY)."""
    out = {}
    for name, value in vars(facts).items():
        if isinstance(value, dict):
            value = tuple(value)
        if name.isupper() and isinstance(value, tuple) and len(value) >= 3 and all(isinstance(v, str) for v in value):
            out[name] = value
    return out


def written_out(words: tuple) -> re.Pattern:
    """The words in order as a list or tuple spells them, `"a", "b", "c"` (a mapping keyed by the words, such as
    a label per band, is another fact and may be written elsewhere)."""
    return re.compile(r"\s*,\s*".join(rf"""["']{re.escape(w)}["']""" for w in words))


def copies(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "facts.py" and path.parent == root:
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(root)}: {name}" for name, words in vocabularies().items()
                  if written_out(words).search(text)]
    return found


def test_facts_are_vocabularies_of_the_schema_and_the_analyses():
    names = set(vocabularies())
    assert {"RISK_BANDS", "SCORERS", "SMI_MEASURES", "PERIODS", "VALUE_DESIGNS", "MEASURABILITY",
            "RESILIENCE_FACTORS", "RESILIENCE_STATISTICS", "RESILIENCE_REQUIREMENTS"} <= names


def test_no_fact_is_written_out_twice():
    assert copies(PACKAGE) == []


def test_a_second_copy_is_found(tmp_path):
    (tmp_path / "pages.py").write_text('BANDS = ["Low", "Medium", "High", "Very high"]\n', encoding="utf-8")
    (tmp_path / "schema.py").write_text('X = f("string", "d", allowed=["vader", "provided",\n'
                                        '                              "human_label"])\n', encoding="utf-8")
    assert copies(tmp_path) == ["pages.py: RISK_BANDS", "schema.py: SCORERS"]


def test_the_schema_reads_its_defaults_from_facts():
    from smaa_build.spec.schema import SCHEMA, VALUE

    assert SCHEMA["report"]["schema"]["k_min"]["default"] == facts.K_MIN_DEFAULT
    assert f"Default {facts.VALUE_N_MIN}." in VALUE["n_min"]["meta"]["description"]
