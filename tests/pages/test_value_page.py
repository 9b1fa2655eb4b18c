"""SMI-value page on the demo (built through pipeline.prepare): the headline numbers come from findings.json, no
blank/NaN/None reaches the prose, every chart compiles in the bundled Vega-Lite and has its description, caption and
data table, quoted posts are scrubbed (M12) and escaped, and on a short series the minimum-n rules are stated."""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
import vl_convert

from smaa_build.analyses.value import value
from smaa_build.analyses.scrub import EMAIL, HANDLE, URL
from smaa_build.findings import Findings, Table, from_dict
from smaa_build.pages.value import value as page
from smaa_build.pages.base.context import Context
from smaa_build.run.build import prepare

REPO = Path(__file__).resolve().parents[2]
VL_VERSION = "6.4"  # theme/assets/javascripts/VENDOR.txt
SLUGS_TS = {"value-series", "value-scatter", "value-ccf", "value-bland-altman", "value-profile"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    prep = prepare(REPO / "cases" / "demo", tmp_path_factory.mktemp("out_demo"))
    files = {rel: data.decode("utf-8") for rel, data in prep.tree.files.items()}
    return {"body": files["docs/value.md"], "findings": json.loads(files["findings.json"]), "spec": prep.spec,
            "nav": files["mkdocs.yml"]}


def chart_specs(body: str) -> dict[str, dict]:
    figs = re.findall(r'<figure class="smaa-chart" id="fig-([^"]+)">.*?class="smaa-chart__spec">(.*?)</script>', body)
    return {slug: json.loads(raw) for slug, raw in figs}


def prose(body: str) -> str:
    """The page without inline chart specs (their JSON has legitimate nulls)."""
    return re.sub(r'<script type="application/json".*?</script>', "", body, flags=re.S)


def cards(body: str) -> str:
    return body.split("</div>")[0]


def num(x: float, d: int = 2) -> str:
    return f"{x:.{d}f}".replace("-", "−")


# ------------------------------------------------------------------ answer first, from findings


def test_page_is_registered_after_recommendations(demo):
    nav = demo["nav"]
    assert nav.index("recommendations.md") < nav.index("value.md")


def test_headline_cards_carry_the_findings(demo):
    f, head = demo["findings"]["findings"], cards(demo["body"])
    r, adj = f["value.pearson_r"], f["value.pearson_r_adjusted"]
    assert head.count('class="smaa-card__value"') == 4
    assert f"r = {num(r['value'])}" in head and f"n = {r['n']} months" in head
    assert f"95% CI {num(adj['ci'][0])} to {num(adj['ci'][1])} allowing for autocorrelation" in head
    assert "tracks CSAT (phone survey) closely" in head  # r = 0.78 >= 0.7 and positive
    gain = f["quality.traditional.latency"]["value"] - f["quality.smi.latency"]["value"]
    assert f"{round(gain)} days earlier" in head
    assert f"{round(f['quality.smi.top1_share']['value'] * 100)}%" in head
    assert "same month" in head and f["value.ccf.best_lag"]["value"] == 0
    p_adj = next(t for t in demo["findings"]["tables"]["value.tests"]["rows"] if t["family"] == "primary")["p_adj"]
    assert f"p = {p_adj:.3f} after adjusting for multiple tests" in head  # the primary test, Holm-adjusted


def test_sections_answer_first_then_evidence(demo):
    body = demo["body"]
    order = ["# What social-media information is worth", "smaa-card__value", "## How closely SMI tracks",
             "## Does SMI move first?", "## Do the two agree", "## Every test", "## Data quality",
             "## Can the sentiment scorer be trusted?", "## What went into the numbers", "## Minimum-n rules"]
    assert [body.index(s) for s in order] == sorted(body.index(s) for s in order)


def test_no_blank_nan_or_none(demo):
    text = prose(demo["body"])
    for bad in ("nan", "None", "NaN", "null", "undefined", "| |", "||"):
        assert not re.search(rf"(?<![\w&]){re.escape(bad)}(?!\w)", text), bad
    assert "not computed" in text  # the unvalidated scorer says why instead of leaving a blank
    assert "0 human-labelled posts (&lt; 200)" in text


def test_every_test_with_raw_and_adjusted_p(demo):
    body = demo["body"]
    rows = demo["findings"]["tables"]["value.tests"]["rows"]
    table = body[body.index("## Every test"):body.index("## Data quality")]
    body_rows = [line for line in table.splitlines() if line.startswith("| ") and "Test" not in line
                 and ":---" not in line]
    assert len(body_rows) == len(rows)
    assert "(Holm)" in table and "(BH)" in table and "q = 0.10" in table
    for r in rows:
        assert f"{r['p_adj']:.2f} (BH)" in table or r["family"] == "primary" or r["p_adj"] < 0.01


# ------------------------------------------------------------------ charts


def test_every_chart_compiles_and_has_caption_description_and_table(demo):
    body = demo["body"]
    specs = chart_specs(body)
    assert SLUGS_TS <= set(specs)
    for slug, spec in specs.items():
        svg = vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)
        assert "<svg" in svg, slug
        fig = body[body.index(f'id="fig-{slug}"'):]
        assert 'aria-label="' in fig.split("</figure>")[0] and "<figcaption>" in fig.split("</figure>")[0]
        assert fig.split("</figure>", 1)[1].lstrip().startswith('<details class="smaa-chart__data"')


def test_series_panels_are_aligned_not_dual_axis(demo):
    spec = chart_specs(demo["body"])["value-series"]
    assert len(spec["vconcat"]) == 3 and spec["resolve"]["scale"]["x"] == "shared"
    assert spec["autosize"]["type"] == "fit-x"  # the stack follows its container (phones)
    rows = demo["findings"]["tables"]["value.series"]["rows"]
    data = spec["data"]["values"] if "data" in spec else spec["vconcat"][0]["layer"][0]["data"]["values"]
    assert [d["posts"] for d in data] == [r["smi_n"] for r in rows]  # n per period is drawn


def test_ccf_draws_every_lag_and_its_bound(demo):
    spec = chart_specs(demo["body"])["value-ccf"]
    values = spec["layer"][0]["data"]["values"]
    table = demo["findings"]["tables"]["value.ccf"]["rows"]
    assert [(v["lag"], v["bound"]) for v in values] == [(r["lag"], r["bound"]) for r in table]
    assert [v["beyond"] for v in values] == [abs(r["ccf"]) > r["bound"] for r in table]
    assert "noise band" in json.dumps(spec)


def test_bland_altman_lines_are_the_findings(demo):
    spec = chart_specs(demo["body"])["value-bland-altman"]
    bias = demo["findings"]["findings"]["value.bland_altman.bias"]
    lines = {v["kind"] + str(i): v["y"] for i, v in enumerate(spec["layer"][0]["data"]["values"])}
    assert bias["value"] in lines.values() and bias["ci"][0] in lines.values() and bias["ci"][1] in lines.values()


# ------------------------------------------------------------------ quoted posts: scrubbed and escaped


PHONE = re.compile(r"\+?\d[\d\s().-]{7,}\d")  # any phone-like digit run (the scrubber reads numbers with phonenumbers)


def _hostile_examples() -> list[dict]:
    """The demo's <script> post and its posts with handles, URLs, e-mails, phones and booking references."""
    posts = pd.read_csv(REPO / "cases" / "demo" / "data" / "posts.csv", dtype=str)
    text = posts["message"]
    pii = posts[text.str.contains(r"<script|@example|\+39|conf", regex=True)]
    chosen = pd.concat([pii, posts[text.str.contains("https://|RT @", regex=True)].head(8)])
    assert chosen["message"].str.contains("<script>").any() and chosen["message"].str.contains("@example").any()
    return [{"kind": "misread", "brand": "Heron <b>", "date": "2025-02-01", "text": t, "score": -0.5,
             "scorer": "vader", "scorer_class": "negative", "human": "negative", "period": None}
            for t in chosen["message"]]


def _with_examples(findings: dict, rows: list[dict]) -> Findings:
    fs = from_dict(copy.deepcopy(findings))
    t = fs.tables["value.examples"]
    fs.tables["value.examples"] = Table(t.key, t.label, t.columns, rows, t.section, t.note)
    fs.findings["quality.smi.accuracy"].value = 0.5  # so that the scorer section quotes the misread posts
    fs.findings["quality.smi.accuracy"].n = 300
    for k in ("quality.smi.macro_f1", "quality.smi.kappa"):
        fs.findings[k].value = 0.4
    return fs


def quoted(body: str) -> list[str]:
    return [line for line in body.splitlines() if line.startswith("> ")]


def test_quoted_posts_are_scrubbed_and_escaped(demo):
    rows = _hostile_examples()
    body = page.build(Context(spec=demo["spec"], fs=_with_examples(demo["findings"], rows))).body
    lines = quoted(body)
    assert len(lines) == 2 * len(rows)  # the post, then its context line
    assert all("Heron &lt;b" in line and "<b>" not in line for line in lines[1::2])
    text = "\n".join(lines[::2])
    assert "<script>" not in text and "&lt;script" in text
    for pattern in (URL, EMAIL, PHONE):
        assert not pattern.search(text.replace("<url>", "").replace("&lt;url", "")), pattern.pattern
    assert {m.group(1).lower() for m in HANDLE.finditer(text)} <= {"user", "heronstores"}  # only the declared brand account survives
    assert "&lt;url" in text and "&lt;email" in text and "&lt;phone" in text


def test_demo_quotes_on_the_page_are_scrubbed(demo):
    lines = quoted(demo["body"])
    assert lines, "the demo quotes the worst and best month"
    text = "\n".join(lines[::2])
    assert not URL.search(text) and not EMAIL.search(text)
    assert {m.group(1).lower() for m in HANDLE.finditer(text)} <= {"user", "heronstores"}
    assert "scrubbed of handles, links and contact details" in demo["body"]


def test_examples_in_findings_are_already_scrubbed(demo):
    for r in demo["findings"]["tables"]["value.examples"]["rows"]:
        assert not URL.search(r["text"]) and not EMAIL.search(r["text"])
        assert {m.group(1).lower() for m in HANDLE.finditer(r["text"])} <= {"user", "heronstores"}


# ------------------------------------------------------------------ small cases: rules stated, clean skip


@pytest.fixture(scope="module")
def short_series(tmp_path_factory):
    """An 8-month series: correlation allowed (n >= 6) but no bootstrap (< 12) and no lead/lag (< 20)."""
    sys.path.insert(0, str(REPO / "tests" / "analyses"))
    from _factory_value import make_case

    root = tmp_path_factory.mktemp("short")
    case = make_case(root, n_months=8, seed=3)
    fs = Findings()
    fs.add(*value.run(case))
    fs = from_dict(json.loads(json.dumps(__import__("smaa_build.findings", fromlist=["to_dict"]).to_dict(fs))))
    spec = {**dict(case.spec), "data": {"traditional": {"measure": "CSAT"}}}
    return page.build(Context(spec=spec, fs=fs)).body, fs


def test_minimum_n_rules_are_stated_when_they_bite(short_series):
    body, fs = short_series
    rules = body[body.index("## Minimum-n rules"):]
    assert "limit what this page can claim" in rules
    assert "At least 12 periods for the block bootstrap" in rules and "too short for resampling" in rules
    assert "At least 20 periods for lead/lag" in rules
    assert "Up to 6 pairs" not in rules.split("All minimum-n rules")[0]  # n = 8 does not bite
    assert "Lead/lag: not computed" in body and "fig-value-ccf" not in body
    for spec in chart_specs(body).values():
        assert "<svg" in vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)


def test_no_value_chapter_no_page(demo):
    fs = from_dict(copy.deepcopy(demo["findings"]))
    fs.findings = {k: v for k, v in fs.findings.items() if not k.startswith(("value.", "quality."))}
    assert page.build(Context(spec=demo["spec"], fs=fs)) is None
