"""Fixtures the page-language tests share: the demo's spec with its golden findings, and pages rendered once per
language (the chart specs take a while)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smaa_build.findings import from_dict
from smaa_build.i18n import use
from smaa_build.pages.base.context import Context
from smaa_build.run.build import load

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo():
    """The demo's spec and its golden findings (rendering reads only these)."""
    spec = load(REPO / "cases" / "demo").spec
    fs = from_dict(json.loads((REPO / "tests" / "golden" / "demo" / "findings.json").read_text(encoding="utf-8")))
    return spec, fs


@pytest.fixture(scope="module")
def render_with(demo):
    """page modules -> (lang -> {slug: Markdown}), each language rendered once per test module."""
    def make(modules) -> callable:
        spec, fs = demo
        rendered: dict[str, dict[str, str]] = {}

        def render(lang: str) -> dict[str, str]:
            if lang not in rendered:
                with use(lang):
                    ctx = Context(spec=spec, fs=fs, narrative={})
                    rendered[lang] = {p.slug: p.body for p in (m.build(ctx) for m in modules) if p is not None}
            return rendered[lang]
        return render
    return make
