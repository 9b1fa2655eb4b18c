"""Property-based fuzz (issue 11): whatever scalar stands at any place of case.yaml, and whatever text stands in
any cell of any data kind, `load_case` returns or raises SpecError whose every problem names a file and a line.
Never a traceback. The example streams are fixed (conftest: derandomize), so a red run replays exactly."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from smaa_build.errors import SpecError
from smaa_build.spec import load_case

BASE = Path(__file__).resolve().parents[1] / "cases" / "invalid" / "_base"
YAML_EXAMPLES = 1000
CSV_EXAMPLES = 1000  # 2,000 in all, every run (`--hypothesis-show-statistics` lists them)

# One small valid file per data kind the base case does not have; ids are the base case's own.
EXTRA = {
    "kpis": ("interviewee_id,function,kpi_name,kpi_category,frequency,reported_to_function,reported_to_level\n"
             "INT-01,comms,reach,network,weekly,comms,L1\nINT-02,mkt,leads,financial,monthly,mkt,L1\n",
             "{file: data/kpis.csv}"),
    "flows": ("from_function,from_level,to_function,to_level,artefact,frequency_per_month\n"
              "comms,L2,comms,L1,report,1\nmkt,L3,comms,L2,email,4\n", "{file: data/flows.csv}"),
    "posts": ("post_id,created_at,text,brand,author_id,is_retweet,label,label_confidence,score\n"
              "p1,2026-03-02 09:15:00,Great service today,Base,a1,false,positive,0.9,0.6\n"
              "p2,2026-03-03T08:05:00+01:00,Still waiting for a reply,Base,a2,true,negative,1,-0.4\n",
              "{file: data/posts.csv, timezone: Europe/Rome}"),
    "traditional": ("period_start,period_end,value,brand,n_respondents,sd,fieldwork_end,published_at,deff\n"
                    "2026-01-01,2026-01-31,73.5,Base,300,15.0,2026-01-29,2026-02-18,1.2\n"
                    "2026-02-01,2026-02-28,75.0,Base,310,16.0,2026-02-26,2026-03-18,1.2\n",
                    "{file: data/traditional.csv, scale: [0, 100]}"),
    "reference": ("case_id,sector,size_band,year,org_model,hdi,vdi\nREF-01,K,>=5000,2022,hub_and_spoke,0.3,0.5\n"
                  "REF-02,C,250-999,2020,centralised,0.8,0.8\n", "{file: data/reference.csv}"),
}
KINDS = ["interviewees", "codes", "ratings", *EXTRA]


def case_with(folder: Path, kind: str) -> Path:
    """The base case (interviewees, codes, ratings) plus a valid file of `kind`: reading one kind more, not all
    eight, keeps an example at about a fifth of a second."""
    shutil.copytree(BASE, folder)
    if kind in EXTRA:
        text, options = EXTRA[kind]
        (folder / "data" / f"{kind}.csv").write_text(text, encoding="utf-8")
        spec = folder / "case.yaml"
        old = "  ratings: {file: data/ratings.csv, scale: [1, 5]}\n"
        spec.write_text(spec.read_text(encoding="utf-8").replace(old, f"{old}  {kind}: {options}\n"), "utf-8")
    return folder


def scalar_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of every scalar of the document: keys and values."""
    spans, stack = [], [yaml.compose(text)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            spans.append((node.start_mark.index, node.end_mark.index))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
    return sorted(spans)


def assert_located(case: Path) -> None:
    try:
        load_case(case)
    except SpecError as exc:
        unlocated = [str(p) for p in exc.problems if not p.file or p.line < 1]
        assert not unlocated, unlocated
        event("refused with located problems")
    else:
        event("valid")


# ---- what gets written where a value stood -------------------------------------------------------------------

digits = st.integers(0, 99).map(lambda n: f"{n:02d}")
dates = st.builds(lambda y, m, d: f"{y:04d}-{m}-{d}", st.integers(0, 9999), digits, digits)
moments = st.builds(lambda day, h, mi, s, tz: f"{day} {h}:{mi}:{s}{tz}", dates, digits, digits, digits,
                    st.sampled_from(["", "Z", "+01:00", "-99:99", "+1"]))
huge = st.one_of(st.integers(-2**70, 2**70).map(str), st.integers(1, 6000).map(lambda n: "9" * n),
                 st.integers(1, 5000).map(lambda n: "0x" + "f" * n))
floats = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr),
                   st.sampled_from([".nan", ".inf", "-.inf", "1e400", "-0.0", "1_000.5", "1:30:00", "0o17"]))
odd = st.sampled_from(["", "~", "null", "''", '""', "[]", "{}", "[a, b]", "{a: 1}", "[2026-02-30]", "yes", "off",
                       "*nowhere", "&a x", "!!binary AAAA", "!!set {a}", "!!python/name:os.system", "- a",
                       "? a", "|", ">", "'", '"', "#", "@", "`", "%", "a: b", "[", "{", "\t", "\\", "\u00a0",
                       "\x00", "\x07", "\ufeff", "\ud7ff", "2026-02-30T10:00:00Z"])
texts = st.text(max_size=40)
quoted = texts.map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"')
values = st.one_of(dates, moments, huge, floats, odd, texts, quoted, st.lists(dates | floats, max_size=3).map(
    lambda xs: "[" + ", ".join(xs) + "]"))


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("fuzz")
    out = {kind: case_with(root / kind, kind) for kind in KINDS}
    for case in out.values():
        load_case(case)  # valid before any mutation: every problem the fuzz sees comes from the mutation
    return out


@pytest.mark.slow
@settings(max_examples=YAML_EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                             HealthCheck.too_slow])
@given(where=st.data(), value=values)
def test_any_scalar_in_case_yaml_gives_located_problems(cases, where, value):
    fuzz_case = cases[where.draw(st.sampled_from(KINDS), label="case")]
    spec = fuzz_case / "case.yaml"
    original = spec.read_text(encoding="utf-8")
    start, end = where.draw(st.sampled_from(scalar_spans(original)), label="scalar")
    try:
        spec.write_text(original[:start] + value + original[end:], encoding="utf-8", errors="surrogatepass")
        assert_located(fuzz_case)
    finally:
        spec.write_text(original, encoding="utf-8")


cells = st.one_of(dates, moments, huge, floats, odd, texts,
                  st.sampled_from(["NA", "n/a", "-", "N/A", "NaN", "inf", "-inf", "1e400", "1,5", "1.000,5", "  7 ",
                                   "=HYPERLINK(\"x\")", "TRUE", "sì", "0", "-1", "999999999999999999999",
                                   "2026-02-30", "2026-13-45", "2026-03-02 25:61:00", "2026-03-02T10:00:00+25:00",
                                   "INT-99", "comms ", "COMMS", "L0", "a\nb", "\"", "a,b"]))


@pytest.mark.slow
@settings(max_examples=CSV_EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                            HealthCheck.too_slow])
@given(where=st.data(), cell=cells, raw=st.booleans())
def test_any_cell_of_any_data_kind_gives_located_problems(cases, where, cell, raw):
    kind = where.draw(st.sampled_from(KINDS), label="kind")
    event(f"kind {kind}")
    fuzz_case = cases[kind]
    path = fuzz_case / "data" / f"{kind}.csv"
    original = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(original)))
    r = where.draw(st.integers(0, len(rows) - 1), label="row")  # row 0: a header cell
    c = where.draw(st.integers(0, len(rows[r]) - 1), label="column")
    rows[r][c] = cell
    if raw:  # written as typed into a text editor: no quoting, so commas and quotes break the row
        text = "\n".join(",".join(row) for row in rows) + "\n"
    else:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        text = buf.getvalue()
    try:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        assert_located(fuzz_case)
    finally:
        path.write_text(original, encoding="utf-8")


# ---- what the fuzz found, kept as plain examples ----------------------------------------------------------------


@pytest.mark.parametrize("ratings, message", [
    ("interviewee_id,item,score\rINT-01,useful,3\r",  # old Mac Excel: a carriage return alone ends each line
     "data/ratings.csv:1: expected one row per line, got a line break (a carriage return alone) outside double "
     "quotes; quote a value holding a line break, or save the file again as CSV UTF-8 (old Mac line ends)"),
    ("interviewee_id,item,score\nINT-01,useful,3\nINT-02," + "x" * 200_000 + ",3\n",
     "data/ratings.csv:3: expected a line the CSV reader can split, got one it cannot (field larger than field "
     "limit (131072)); check the quoting"),
])
def test_lines_the_csv_reader_cannot_split_are_located(tmp_path, monkeypatch, ratings, message):
    case = case_with(tmp_path / "case", "ratings")
    (case / "data" / "ratings.csv").write_text(ratings, encoding="utf-8", newline="")
    monkeypatch.chdir(case)
    with pytest.raises(SpecError) as info:
        load_case(case)
    assert [str(p) for p in info.value.problems] == [message]
