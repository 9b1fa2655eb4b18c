"""The static drawings kept on disk (site/drawing_store.py, issue 15): a rebuild reads them back instead of drawing
again, the site's bytes are the same with and without them, a changed spec or layout code is never served an old
drawing, and `smaa cache prune` keeps only what the last build used."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaa_build.cli import main
from smaa_build.run.build import build
from smaa_build.site import drawing_store, static_charts

REPO = Path(__file__).resolve().parents[2]
SPEC = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": "container",
        "data": {"values": [{"x": "a", "y": 1}, {"x": "b", "y": 3}]},
        "mark": "bar", "encoding": {"x": {"field": "x", "type": "nominal"}, "y": {"field": "y", "type": "quantitative"}}}


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
    assert [p.name for p in tmp_path.glob("*.svg")] == [drawing_store.key(SPEC, static_charts.PDF_WIDTH_PX) + ".svg"]
    static_charts.drawing.cache_clear()
    assert static_charts.svg(SPEC, store=tmp_path) == first
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


def test_the_key_names_the_width_the_code_and_the_fonts():
    fingerprint = drawing_store.fingerprint()
    assert fingerprint.startswith("vl-convert ")
    assert any("LiberationSans-Regular" in line for line in fingerprint.splitlines())  # tasks.py installs it
    assert drawing_store.key(SPEC, 650) != drawing_store.key(SPEC, 651)
    assert drawing_store.key(SPEC, 650) == drawing_store.key(dict(reversed(SPEC.items())), 650)  # canonical JSON


def test_a_damaged_entry_is_drawn_again(tmp_path, counted):
    first = static_charts.svg(SPEC, store=tmp_path)
    entry = tmp_path / (drawing_store.key(SPEC, static_charts.PDF_WIDTH_PX) + ".svg")
    entry.write_text(first[: len(first) // 2])  # as if a disk filled up mid-write outside the atomic rename
    static_charts.drawing.cache_clear()
    assert static_charts.svg(SPEC, store=tmp_path) == first
    assert len(counted) == 2 and entry.read_text() == first


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_site_is_the_same_with_and_without_kept_drawings_and_prune_keeps_what_the_build_used(
        tmp_path, counted, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    case = tmp_path / "case"
    shutil.copytree(REPO / "tests" / "cases" / "minimal", case)
    out = tmp_path / "build"
    first = build(case, out)
    cold = _tree(first.out_dir / "site")
    drawn = len(counted)
    store = out / ".cache" / first.case_id / "drawings"
    used = drawing_store.in_use(store)
    assert drawn and {p.stem for p in store.glob("*.svg")} == used and len(used) == drawn

    static_charts.drawing.cache_clear()
    (store / ("0" * 64 + ".svg")).write_text("<svg>a chart no page shows any more</svg>")
    second = build(case, out)
    assert len(counted) == drawn  # every drawing read back, none drawn
    assert _tree(second.out_dir / "site") == cold

    result = CliRunner().invoke(main, ["cache", "prune", str(case), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert {p.stem for p in store.glob("*.svg")} == used
