"""STAGE 4: findings.json + spec + narrative -> Markdown pages (with inline chart specs) for mkdocs.
Each page module has `build(ctx) -> Page | None` (None: the chapter does not apply to this case)."""

from __future__ import annotations

from ..findings import Findings
from ..i18n import use
from ..spec.case import case_language
from .chapter1 import alignment, engagement, mapping
from . import appendix, feedback, home
from .benchmark import benchmark
from .changes import page as changes
from .risk import recommendations, risks
from .resilience import resilience
from .value import value as smi_value
from .base.context import Context, Page

# Report order (design.md §5); chapters register here as they land.
PAGES = [home, engagement, mapping, alignment, benchmark, risks, recommendations, smi_value, resilience, changes, feedback, appendix]


def render_pages(spec: dict, fs: Findings, narrative: dict[str, str], chart_cache: dict | None = None,
                 releases: list | None = None) -> list[Page]:
    ctx = Context(spec=spec, fs=fs, narrative=narrative, chart_cache=chart_cache if chart_cache is not None else {},
                  releases=releases or [])
    with use(case_language(spec)):  # engagement.language: every word the pages and charts write
        pages = [m.build(ctx) for m in PAGES]
    return [p for p in pages if p is not None]
