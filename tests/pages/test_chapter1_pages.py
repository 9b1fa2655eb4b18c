"""Chapter-1 pages (Mapping SMI use, Alignment, and coding reliability on the engagement page) built through the
real pipeline for the demo, the minimal case (five levels, a 1–7 scale, no double coding, no flows) and a
two-function variant: answer-first cards, no NaN/None on a page, no published number resting on fewer than
k_min respondents, plain statements of what could not be computed, and chart specs that Vega-Lite compiles."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
import vl_convert

from smaa_build.findings import from_dict
from smaa_build.pages.chapter1 import alignment, mapping
from smaa_build.pages.base.context import Context
from smaa_build.run.build import prepare

REPO = Path(__file__).resolve().parents[2]
VL_VERSION = "6.4"  # theme/assets/javascripts/VENDOR.txt
PAGES = ("docs/mapping.md", "docs/alignment.md")
CHAPTER = ("diffusion.", "vertical.", "alignment.", "mapping.", "reliability.")
# group-size column -> the statistics that rest on that group ("n": every number in the row)
SIDES = ("gap", "delta", "vai", "p", "mean_management", "mean_operations")
RESTS_ON = {"n": None, "n_a": ("jaccard", "shared", "union"), "n_b": ("jaccard", "shared", "union"),
            "n_management": SIDES, "n_operations": SIDES}
# chart slug -> (table it draws, cells per suppressed row: the KPI matrix shows each pair twice)
CHART_TABLES = {"mapping-function-activity": ("diffusion.function_activity", 1),
                "mapping-level-activity": ("diffusion.level_activity", 1),
                "mapping-purpose": ("mapping.purpose_function", 1), "mapping-metrics": ("mapping.metric_function", 1),
                "alignment-kpi-overlap": ("alignment.kpi_jaccard", 2), "alignment-rwgj": ("alignment.rwgj", 1)}


def _rewrite_csv(path: Path, keep) -> None:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(r for r in rows if keep(r))


def two_function_case(root: Path, drop: str = "legal", k_min: int | None = None) -> Path:
    """The minimal case with one of its three functions removed everywhere (data and spec); a label with markup
    checks escaping on the way."""
    case = root / "case"
    shutil.copytree(REPO / "tests" / "cases" / "minimal", case)
    with (case / "data" / "interviewees.csv").open(encoding="utf-8") as fh:
        gone = {r["interviewee_id"] for r in csv.DictReader(fh) if r["function"] == drop}
    for name in ("interviewees", "codes", "ratings", "kpis"):
        _rewrite_csv(case / "data" / f"{name}.csv", lambda r: r["interviewee_id"] not in gone)
    text = (case / "case.yaml").read_text(encoding="utf-8")
    text = re.sub(rf"\n\s*- {{id: {drop}, label: [^}}]*}}", "", text)
    text = text.replace("{id: digital, label: Digital}", "{id: digital, label: 'Digital <b>&'}")
    if k_min is not None:
        text = re.sub(r"k_min: \d+", f"k_min: {k_min}", text)
    (case / "case.yaml").write_text(text, encoding="utf-8")
    return case


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict]:
    """name -> {"files": {relpath: text}, "findings": dict, "spec": dict, "k": int}"""
    cases = {"demo": REPO / "cases" / "demo", "minimal": REPO / "tests" / "cases" / "minimal",
             "two": two_function_case(tmp_path_factory.mktemp("two")),
             # Legal (5 people) below k_min = 6: merged into "other", which is then too small on its own
             "two_small": two_function_case(tmp_path_factory.mktemp("two_small"), drop="digital", k_min=6)}
    out = {}
    for name, path in cases.items():
        prep = prepare(path, tmp_path_factory.mktemp(f"out_{name}"))
        files = {rel: data.decode("utf-8") for rel, data in prep.tree.files.items()}
        out[name] = {"files": files, "findings": json.loads(files["findings.json"]), "spec": prep.spec,
                     "k": int(prep.spec["report"]["k_min"])}
    return out


CASES = ("demo", "minimal", "two", "two_small")


def chart_specs(body: str) -> dict[str, dict]:
    figs = re.findall(r'<figure class="smaa-chart" id="fig-([^"]+)">.*?class="smaa-chart__spec">(.*?)</script>', body)
    return {slug: json.loads(raw) for slug, raw in figs}


def chart_rows(spec: dict) -> list[dict]:
    """Data records of a (layered) spec, each once although several layers may carry the same records."""
    out = list((spec.get("data") or {}).get("values") or [])
    for layer in spec.get("layer", []):
        out += (layer.get("data") or {}).get("values") or []
    unique = {json.dumps(r, sort_keys=True): r for r in out}
    return list(unique.values())


def prose(body: str) -> str:
    """A page without its inline chart specs (JSON has legitimate nulls)."""
    return re.sub(r'<script type="application/json".*?</script>', "", body, flags=re.S)


# ------------------------------------------------------------------ answer first


@pytest.mark.parametrize("name", CASES)
def test_pages_open_with_headline_cards(built, name):
    files = built[name]["files"]
    for page in PAGES:
        body = files[page]
        first_section = body.index("\n## ")
        head = body[:first_section]
        assert 'class="grid cards smaa-cards"' in head, page
        n_cards = head.count('class="smaa-card__value"')
        assert 3 <= n_cards <= 5, (page, n_cards)
        assert "fig-" not in head  # evidence comes after the answer
        for item in re.findall(r"^-   (.*)$", head, flags=re.M):  # a number in a sentence, or why not
            assert item.rstrip().endswith((".", ")")), item
            assert re.search(r"\d", item) or re.search(r"</span>(Not computed|Withheld|Not comparable): ", item), item


def test_mapping_and_alignment_follow_engagement_in_the_nav(built):
    nav = built["demo"]["files"]["mkdocs.yml"]
    assert nav.index("engagement.md") < nav.index("mapping.md") < nav.index("alignment.md")


def test_demo_cards_state_the_demo_numbers(built):
    fs = built["demo"]["findings"]["findings"]
    body = built["demo"]["files"]["docs/mapping.md"]
    widespread = sum(1 for k, f in fs.items() if k.startswith("diffusion.hdi.") and f["extra"]["band"] == "widespread")
    assert f"{widespread} of 11" in body.split("\n## ")[0]
    assert f"{round(100 * fs['mapping.manual_share']['value'])}%" in body.split("\n## ")[0]
    head = built["demo"]["files"]["docs/alignment.md"].split("\n## ")[0]
    assert f"{fs['alignment.company.vai']['value']:.2f}" in head and "only partially aligned" in head
    assert "4 of 7" in head and "Finance and HR" in head  # care, comms, mkt directly; R&D through Marketing
    assert f"{fs['alignment.kpi_jaccard_mean']['value']:.2f}" in head


def test_researcher_narrative_sits_after_the_cards(built):
    demo = built["demo"]
    fs = from_dict(demo["findings"])
    for module, section in ((mapping, "mapping"), (alignment, "alignment")):
        story = f"Our reading of the {section} chapter."
        body = module.build(Context(spec=demo["spec"], fs=fs, narrative={section: story})).body
        assert body.index("</div>") < body.index(story) < body.index("\n## ")


def test_reachability_follows_chains_through_other_functions():
    edges = [{"from_function": "a", "from_level": "L3", "to_function": "b", "to_level": "L2", "reaches_top": False},
             {"from_function": "b", "from_level": "L2", "to_function": "b", "to_level": "L1", "reaches_top": True},
             {"from_function": "c", "from_level": "L2", "to_function": "c", "to_level": "L3", "reaches_top": False}]
    assert alignment.reaching_top(edges) == {"a", "b"}


# ------------------------------------------------------------------ never a blank, NaN or None


@pytest.mark.parametrize("name", CASES)
def test_no_nan_none_or_empty_cells(built, name):
    files = built[name]["files"]
    for page in (*PAGES, "docs/engagement.md"):
        text = prose(files[page])
        assert not re.search(r"\b(nan|NaN|None|undefined|inf)\b", text), page
        assert not re.search(r"(?<!uniform )\bnull\b(?! (distribution|variance))", text), page
        for line in text.splitlines():  # no empty Markdown table cell
            if line.startswith("|") and not set(line) <= set("|-: "):
                assert not re.search(r"\|\s*\|", line), (page, line)
        for slug, spec in chart_specs(files[page]).items():
            for row in chart_rows(spec):
                if "label" in row:
                    assert row["label"] not in ("", None), (slug, row)


# ------------------------------------------------------------------ disclosure control (M12)


def _chapter_tables(fjson: dict):
    return {k: t for k, t in fjson["tables"].items() if k.startswith(CHAPTER)}


@pytest.mark.parametrize("name", CASES)
def test_no_published_number_rests_on_fewer_than_k_min(built, name):
    k, fjson = built[name]["k"], built[name]["findings"]
    for key, t in _chapter_tables(fjson).items():
        numeric = [c["name"] for c in t["columns"] if c.get("kind", "text") != "text"
                   and not c.get("keep_when_suppressed")]
        for row in t["rows"]:
            if row.get("suppressed"):
                assert all(row.get(c) is None for c in numeric), (key, row)
            for size, stats in RESTS_ON.items():
                if isinstance(row.get(size), (int, float)) and row[size] < k:
                    stats = [c for c in numeric if c not in RESTS_ON] if stats is None else stats
                    assert all(row.get(c) is None for c in stats if c in row), (key, size, row)
    for key, f in fjson["findings"].items():
        if key.startswith(CHAPTER) and not key.startswith(("alignment.flows.", "reliability.")):
            if f["n"] is not None and f["n"] < k:  # flows are reporting lines, reliability counts units
                assert f["value"] is None, key


@pytest.mark.parametrize("name", CASES)
def test_suppressed_cells_show_the_mark_and_hide_the_value(built, name):
    k, files, fjson = built[name]["k"], built[name]["files"], built[name]["findings"]
    mark = f"<{k}"
    pages = {p: files[p] for p in PAGES}
    specs = {slug: spec for body in pages.values() for slug, spec in chart_specs(body).items()}
    for slug, (key, per_row) in CHART_TABLES.items():
        t = fjson["tables"].get(key)
        if t is None or slug not in specs:
            continue
        hidden = sum(1 for r in t["rows"] if r.get("suppressed"))
        cells = [r for r in chart_rows(specs[slug]) if r.get("label") == mark]
        assert len(cells) == hidden * per_row, slug
        for cell in cells:  # a suppressed cell carries no number anywhere in the spec
            assert all(v is None for f, v in cell.items() if f in ("value", "rwg", "hdi", "gap", "delta")), cell
    for key in (k for k in CHART_TABLES.values()):
        t = fjson["tables"].get(key[0])
        if t and any(r.get("suppressed") for r in t["rows"]):
            assert any(f"&lt;{k}" in body for body in pages.values()), key  # the data tables print it too


def test_withheld_statistics_leave_no_words_behind(built):
    """A suppressed r_wg(J) row must not print its band ("strong") in the data table under the chart."""
    body = built["demo"]["files"]["docs/alignment.md"]
    rows = [line for line in body.splitlines() if line.startswith("| function | Other functions")]
    assert rows and all("strong" not in line and "&lt;5" in line for line in rows)


def test_disagreement_list_never_reaches_the_client(built):
    dis = built["demo"]["findings"]["tables"]["reliability.disagreements"]["rows"]
    ids = {r["interviewee_id"] for r in dis}
    for rel, text in built["demo"]["files"].items():
        if rel.startswith("docs/"):
            assert not any(i in text for i in ids), rel
            assert "reconciliation meeting" not in text, rel


# ------------------------------------------------------------------ saying plainly what could not be computed


def test_demo_reliability_section(built):
    body = built["demo"]["files"]["docs/engagement.md"]
    section = body[body.index("## Coding reliability"):]
    assert "19 of 72 interviews (26%)" in section and "Krippendorff" in section
    assert "| Use of SMI |" in section and "not computed" not in section


def test_minimal_case_says_what_it_lacks(built):
    files = built["minimal"]["files"]
    eng = files["docs/engagement.md"]
    assert '!!! warning "Coding reliability: not computed"' in eng and "double-coded" in eng
    ali = files["docs/alignment.md"]
    assert '!!! warning "Reporting-flow network: not computed"' in ali and "No reporting flows" in ali
    mp = files["docs/mapping.md"]
    assert "Levels shown as management and operations" in mp and "5 levels were interviewed" in mp
    assert '!!! warning "Vertical reach withheld"' in mp
    assert '!!! warning "Metric families by function: not computed"' in mp  # no metric_category codes


def test_two_function_case_builds_and_says_so(built):
    files = built["two"]["files"]
    mp, ali = files["docs/mapping.md"], files["docs/alignment.md"]
    assert '!!! info "Only 2 functions interviewed"' in mp and "0, 0.5 or 1" in mp
    assert "single pair" in ali
    assert "Digital &lt;b&gt;" not in mp  # escaped once, not twice
    for body in (mp, ali):
        assert "Digital &lt;b" in prose(body) and "Digital <b" not in prose(body)


def test_two_functions_one_below_k_min_is_suppressed_not_shown(built):
    files = built["two_small"]["files"]
    mp = files["docs/mapping.md"]
    fa = built["two_small"]["findings"]["tables"]["diffusion.function_activity"]["rows"]
    assert fa and all(r["suppressed"] for r in fa)  # "other" (Legal, 5 < 6) forces its partner out too
    assert '!!! warning "Use by function: every cell withheld"' in mp
    assert "fig-mapping-function-activity" not in mp


# ------------------------------------------------------------------ charts


@pytest.mark.parametrize("name", CASES)
def test_every_chart_compiles_and_draws(built, name):
    files = built[name]["files"]
    for page in (*PAGES, "docs/engagement.md"):
        for slug, spec in chart_specs(files[page]).items():
            svg = vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)
            assert svg.startswith("<svg") and "<text" in svg, slug
            assert spec.get("width") == "container", slug  # follows the phone's width
            title = spec.get("title")
            assert isinstance(title, str) and len(title.split()) >= 4, slug  # an action title, not a label


def test_every_chart_has_description_caption_and_data_table(built):
    body = built["demo"]["files"]["docs/mapping.md"] + built["demo"]["files"]["docs/alignment.md"]
    figures = re.findall(r'<figure class="smaa-chart" id="fig-[^"]+"><div class="smaa-chart__canvas" role="img" '
                         r'aria-label="([^"]+)">.*?<figcaption>(.+?)</figcaption></figure>\s*<details '
                         r'class="smaa-chart__data"', body, flags=re.S)
    assert len(figures) == len(chart_specs(body)) >= 10
    for description, caption in figures:
        assert len(description) > 40 and re.search(r"n = \d|n per", caption), caption
