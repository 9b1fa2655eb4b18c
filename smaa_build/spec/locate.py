"""Errors an analysis finds in the case's own settings (value.brand names no brand in the posts, a risk override
names an unknown risk, …) can only be seen once the data are read, at build time. They name the setting as a
dotted key ("risks.criteria.R99: unknown risk id"); `locate` turns such an error into a SpecError at that key's
line and column in case.yaml, like every other problem with the spec."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import AnalysisError, Problem, SmaaError, SpecError
from .paths import display_path
from .schema import SCHEMA
from .yamlio import load_located

# "value.design 'panel' needs …", "resilience.constraints[2].require: unknown …", "posts: missing …"
KEYED = re.compile(r"^(?P<key>[a-z_]+(?:\.[A-Za-z0-9_-]+|\[\d+\])*)(?::\s+|\s+)(?P<rest>.+)$", re.S)
DATA_KINDS = ("posts", "traditional")  # analyses name a data table by its kind: point at its data: entry


def key_path(key: str) -> tuple:
    """"risks.overrides[0].department" -> ("risks", "overrides", 0, "department")."""
    return tuple(int(p[1:-1]) if p.startswith("[") else p for p in re.findall(r"\[\d+\]|[^.\[\]]+", key))


def locate(exc: AnalysisError, spec_path: Path) -> SmaaError:
    """`exc` as a located SpecError when its message starts with a key of case.yaml; else `exc` itself."""
    m = KEYED.match(str(exc))
    if not m:
        return exc
    path = key_path(m["key"])
    if path[0] in DATA_KINDS:
        path = ("data",) + path
    if path[0] not in SCHEMA:
        return exc
    display = display_path(spec_path)
    loc, _ = load_located(spec_path, display)
    line, col = loc.where(path) if loc is not None else (0, 0)
    return SpecError([Problem(display, line, col, m["key"], m["rest"])])
