"""What the site build keeps on disk (issue 15): the static drawings (site/drawing_store.py), the hardened pages and
mkdocs' compiled templates. A rebuild reads them back instead of making them again, the site's bytes are the same
with and without them, a changed spec or layout code is never served an old drawing, and `smaa cache prune` keeps
only what the last build used."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaa_build.cli import main
from smaa_build import findings as F
from smaa_build.run.build import build, findings_json
from smaa_build.site import drawing_store, kept, static_charts

REPO = Path(__file__).resolve().parents[2]
SPEC = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": "container",
        "data": {"values": [{"x": "a", "y": 1}, {"x": "b", "y": 3}]},
        "mark": "bar",
        "encoding": {"x": {"field": "x", "type": "nominal"}, "y": {"field": "y", "type": "quantitative"}}}


@pytest.fixture
def counted(monkeypatch):
    """Every vl-convert layout counted; nothing drawn earlier in this process is reused from memory."""
    calls = []
    render = static_charts._render

    def spy(spec, width):
        calls.append(spec)
        return render(spec, width)

    static_charts.drawing.cache_clear()
    monkeypatch.setattr(static_charts, "_render", spy)
    yield calls
    static_charts.drawing.cache_clear()


def test_a_drawing_is_kept_and_read_back_without_drawing_again(tmp_path, counted):
    first = static_charts.svg(SPEC, store=tmp_path)
    assert len(counted) == 1
    assert [p.name for p in tmp_path.glob("*.svg")] == [drawing_store.name(SPEC, static_charts.PDF_WIDTH_PX)]
    static_charts.drawing.cache_clear()
    assert static_charts.svg(SPEC, store=tmp_path) == first
    assert static_charts.svg(SPEC) == first  # the PDF, made after the site in the same process, asks without a store
    assert len(counted) == 1


def test_a_changed_spec_or_layout_code_gets_a_new_drawing(tmp_path, counted, monkeypatch):
    static_charts.svg(SPEC, store=tmp_path)
    changed = {**SPEC, "data": {"values": [{"x": "a", "y": 2}, {"x": "b", "y": 3}]}}
    static_charts.svg(changed, store=tmp_path)
    assert len(counted) == 2 and len(list(tmp_path.glob("*.svg"))) == 2
    static_charts.drawing.cache_clear()
    monkeypatch.setattr(drawing_store, "fingerprint", lambda: "another vl-convert, other fonts")
    static_charts.svg(SPEC, store=tmp_path)
    assert len(counted) == 3 and len(list(tmp_path.glob("*.svg"))) == 3


def test_a_chart_drawn_again_later_in_the_process_is_the_same_drawing():
    """Vega numbers gradients from a counter that runs for the whole process; the drawing renumbers them."""
    heat = {**SPEC, "mark": "rect", "encoding": {**SPEC["encoding"], "color": {"field": "y", "type": "quantitative"}}}
    first = static_charts._render(heat, 650)
    assert 'id="gradient_1"' in first and "url(#gradient_1)" in first
    assert static_charts._render(heat, 650) == first


def test_the_key_names_the_width_the_code_and_the_fonts():
    fingerprint = drawing_store.fingerprint()
    assert fingerprint.startswith("vl-convert ")
    assert any("LiberationSans-Regular" in line for line in fingerprint.splitlines())  # tasks.py installs it
    assert drawing_store.name(SPEC, 650) != drawing_store.name(SPEC, 651)
    assert drawing_store.name(SPEC, 650) == drawing_store.name(dict(reversed(SPEC.items())), 650)  # canonical JSON


def test_a_damaged_entry_is_drawn_again(tmp_path, counted):
    first = static_charts.svg(SPEC, store=tmp_path)
    entry = tmp_path / drawing_store.name(SPEC, static_charts.PDF_WIDTH_PX)
    entry.write_text(first[: len(first) // 2])  # as if a disk filled up mid-write outside the atomic rename
    static_charts.drawing.cache_clear()
    assert static_charts.svg(SPEC, store=tmp_path) == first
    assert len(counted) == 2 and entry.read_text() == first


def test_a_finished_page_is_read_back_only_for_the_same_page_and_code(tmp_path, monkeypatch):
    from smaa_build.site import finish, harden

    page = '<p><a href="javascript:alert(1)">x</a></p><script>var a = 1;</script>'
    parsed = []
    harden_page = harden.harden_page
    monkeypatch.setattr(harden, "harden_page", lambda *a: parsed.append(a) or harden_page(*a))

    def finished(name: str) -> dict[str, bytes]:
        site = tmp_path / name
        (site / "sub").mkdir(parents=True)
        for where in (site / "index.html", site / "sub" / "page.html"):
            where.write_text(page)
        finish.finish_site(site, tmp_path / "cache")
        return _tree(site)

    first = finished("one")
    assert len(parsed) == 2 and b"alert" not in first["index.html"] and len(first) == 3  # 2 pages, 1 script
    assert finished("two") == first and len(parsed) == 2
    monkeypatch.setattr(finish, "_code", lambda: "an edited harden.py")
    assert finished("three") == first and len(parsed) == 4
    for entry in (tmp_path / "cache" / "pages").glob("*.json"):
        entry.write_text('{"page": "<p>damaged')  # not a whole entry: finished again, never served
    assert finished("four") == first and len(parsed) == 6


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_site_is_the_same_with_and_without_what_builds_keep_and_prune_keeps_what_the_build_used(
        tmp_path, counted, monkeypatch):
    import jinja2

    from smaa_build.site import harden

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    hardened, compiled = [], []
    harden_page, compile_ = harden.harden_page, jinja2.Environment.compile
    monkeypatch.setattr(harden, "harden_page", lambda *a: hardened.append(a) or harden_page(*a))
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, *a, **k: compiled.append(a) or compile_(self, *a, **k))
    case = tmp_path / "case"
    shutil.copytree(REPO / "tests" / "cases" / "minimal", case)
    out = tmp_path / "build"
    first = build(case, out)
    cold, findings = _tree(first.out_dir / "site"), (first.out_dir / "findings.json").read_bytes()
    (entry,) = [p for p in (out / ".cache" / first.case_id).glob("*.json") if ".charts" not in p.name]
    loaded = F.load(entry)
    loaded.meta.update(json.loads(findings)["meta"], extra=[1 / 3, float("nan")])  # as prepare() adds its meta
    assert findings_json(loaded, entry) == F.dumps(loaded)  # a warm build's findings.json: spliced, same bytes
    drawn, parsed = len(counted), len(hardened)
    cache = out / ".cache" / first.case_id
    store, pages = cache / "drawings", cache / "pages"
    used = kept.in_use(store)
    assert drawn and {p.name for p in store.glob("*.svg")} == used and len(used) == drawn
    assert parsed and len(kept.in_use(pages)) == parsed and compiled

    static_charts.drawing.cache_clear()
    (store / ("0" * 64 + ".svg")).write_text("<svg>a chart no page shows any more</svg>")
    (cache / "templates" / "mkdocs-0.1").mkdir()  # compiled by another mkdocs
    (pages / ("0" * 64 + ".json")).write_text('{"page": "a page no build makes any more", "scripts": {}}')
    compiled.clear()
    second = build(case, out)
    assert (len(counted), len(hardened), compiled) == (drawn, parsed, [])  # all read back: none drawn, parsed, compiled
    assert _tree(second.out_dir / "site") == cold
    assert (second.out_dir / "findings.json").read_bytes() == findings

    result = CliRunner().invoke(main, ["cache", "prune", str(case), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in store.glob("*.svg")} == used
    assert {p.name for p in pages.iterdir()} == kept.in_use(pages) | {kept.IN_USE}
    assert len(list((cache / "templates").iterdir())) == 1
