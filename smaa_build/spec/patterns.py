"""Case-declared scrub patterns (`value.scrub_patterns`): each one is a Python regular expression whose matches
the M12 scrubber replaces by `<name>`. They are checked at `smaa check` (pass 2a), located at the pattern, so a
typo is reported before any post is read instead of failing, or silently replacing every position, mid-build."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Mapping

PATH = ("value", "scrub_patterns")


def pattern_error(pattern: str) -> str | None:
    """Why `pattern` cannot be used (the `expected …, got …` message), or None when it can. The pattern is quoted
    as written, not repr'd: a repr doubles every backslash the user typed once."""
    try:
        rx = re.compile(pattern)
    except re.error as e:
        return f"expected a regular expression (Python syntax), got '{pattern}', which does not compile: {e}"
    if rx.search("") is not None:
        # a pattern that matches empty text would put a placeholder between every two characters
        return (f"expected a pattern that needs at least one character, got '{pattern}', which also matches "
                "empty text; use + instead of * or ? for the part that must be there")
    return None


def check_scrub_patterns(spec: Mapping, c) -> None:
    """Add a located problem (through the pass-2a Checker `c`) for each declared pattern that cannot be used."""
    for i, item in enumerate((spec.get("value") or {}).get("scrub_patterns") or ()):
        message = pattern_error(item["pattern"])
        if message:
            c.add(PATH + (i, "pattern"), message)


def declared(spec: Mapping) -> tuple[tuple[str, str], ...]:
    """(name, pattern) pairs of a full case spec, in declaration order."""
    return tuple((str(p["name"]), str(p["pattern"])) for p in (spec.get("value") or {}).get("scrub_patterns") or ())


def case_rules(spec: Mapping) -> dict:
    """The scrub options a case spec sets: its country as the phone region and its declared patterns. Tolerant
    of a partial spec (a value block alone: analyses/value/examples.py), so it lives here with the raw reads."""
    return {"region": (spec.get("engagement") or {}).get("country"), "patterns": declared(spec)}


@lru_cache(maxsize=64)
def compiled(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((name, re.compile(pattern)) for name, pattern in pairs)


def as_pairs(patterns: Iterable) -> tuple[tuple[str, str], ...]:
    """Accept (name, pattern) pairs or {name, pattern} mappings, as the spec holds them."""
    return tuple((p["name"], p["pattern"]) if isinstance(p, Mapping) else (p[0], p[1]) for p in patterns or ())
