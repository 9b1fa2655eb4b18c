"""Researcher narrative: Markdown files that may cite findings as {{ key }} or {{ key | n }} (fields: value, n,
ci, p, label). A citation of an unknown key is a located error, never a blank."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from ...errors import Problem, RenderError
from ...findings import Findings
from ...i18n import _
from . import format as fmt
from .markdown import prose, text as escape

CITATION = re.compile(r"\{\{\s*([A-Za-z0-9_.\-]+)\s*(?:\|\s*([a-z]+)\s*)?\}\}")
FIELDS = ("value", "n", "ci", "p", "label")


def cite(fs: Findings, key: str, field: str | None, k_min: int) -> str:
    f = fs.findings[key]
    field = field or "value"
    if f.suppressed:
        return _("<{k} (suppressed)", k=k_min)
    if field == "value":
        return fmt.value(f.value, f.unit, f.decimals) if f.value is not None else _("not computed")
    if field == "n":
        return fmt.number(f.n, 0)
    if field == "ci":
        return fmt.interval(f.ci, f.unit, f.decimals, f.ci_level) or _("no interval")
    if field == "p":
        return fmt.pvalue(f.p)
    return escape(f.label)


def _problem(display: str, source: str, m: re.Match, message: str) -> Problem:
    line = source.count("\n", 0, m.start()) + 1
    col = m.start() - (source.rfind("\n", 0, m.start()) + 1) + 1
    return Problem(display, line, col, "", message)


def render(source: str, fs: Findings, display: str, k_min: int) -> tuple[str, list[Problem]]:
    """Escaped Markdown with citations filled in, plus a problem per bad citation."""
    problems: list[Problem] = []

    def fill(m: re.Match) -> str:
        key, field = m.group(1), m.group(2)
        if key not in fs.findings:
            close = difflib.get_close_matches(key, list(fs.findings), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(_problem(display, source, m, f"unknown finding key {key!r}{hint}"))
            return m.group(0)
        if field and field not in FIELDS:
            problems.append(_problem(display, source, m, f"expected a field in {list(FIELDS)}, got {field!r}"))
            return m.group(0)
        return cite(fs, key, field, k_min)

    source = source.replace("\0", "")
    pieces = CITATION.sub(lambda m: "\0" + fill(m) + "\0", source).split("\0")
    # even pieces are the author's Markdown (no raw HTML; links kept, their schemes checked by site/harden.py); odd
    # pieces are generated citations (already safe)
    return "".join(prose(p) if i % 2 == 0 else p for i, p in enumerate(pieces)), problems


def load(files: dict[str, Path], fs: Findings, k_min: int, display) -> tuple[dict[str, str], list[Problem]]:
    """section -> rendered narrative, for every `narrative:` entry of the spec."""
    out, problems = {}, []
    for name, path in files.items():
        if name.startswith("narrative:"):
            section = name.split(":", 1)[1]
            out[section], p = render(path.read_text(encoding="utf-8-sig"), fs, display(path), k_min)
            problems += p
    return out, problems
