"""Write the invalid-case corpus: one folder per kind of bad input, each a copy of _base/ with one mutation.

    .venv/bin/python tests/cases/invalid/make_corpus.py                  # rewrite the cases, keep expected_*.txt
    .venv/bin/python tests/cases/invalid/make_corpus.py --write-expected # also run the CLI and rewrite them
    .venv/bin/python tests/cases/invalid/make_corpus.py --write-expected --only NAME …   # just those cases

Cases live here and in corpus_<topic>.py modules beside this file (`from make_corpus import case, edit, …`).

Run from anywhere; the CLI is run with cwd = the repo root, so paths in the messages read as the user sees them.
Expected files (read every one before committing):
  expected_error.txt          exact stderr of `smaa check <case>`; it ends with the "nothing was written." line
                              exactly when the check fails (exit 1), otherwise check exits 0
  expected_error.strict.txt   same for `smaa check --strict <case>` (only where warnings matter)
  expected_build_error.txt    problem lines + summary of `smaa build <case>` (progress lines left out),
                              for errors found once the analyses ran (`smaa check` finds them too)
  expected_publish_error.txt  same for `smaa publish <case>` into a temporary target (what only publishing refuses)
Every edit asserts the text it replaces occurs exactly once, so a change to _base/ cannot silently skip a case.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
BASE = HERE / "_base"
EXPECTED = ("expected_error.txt", "expected_error.strict.txt", "expected_build_error.txt",
            "expected_publish_error.txt")
CASES: dict = {}
BUILD_TIME = {"narrative-unknown-key", "risk-unknown-id"}  # `smaa build` reports them as `smaa check` does
STRICT = {"unknown-key"}  # also run with --strict
PUBLISH = set()  # also run `smaa publish` (expected_publish_error.txt)


def case(fn=None, *, build: bool = False, strict: bool = False, publish: bool = False):
    """Register a mutation under its kind name (the folder name), with underscores as dashes. `build`, `strict`
    and `publish` say which other commands get an expected file. Usable bare (`@case`) or with options."""
    def register(fn):
        name = fn.__name__.replace("_", "-")
        assert name not in CASES, f"corpus case {name!r} registered twice"
        CASES[name] = fn
        for flag, names in ((build, BUILD_TIME), (strict, STRICT), (publish, PUBLISH)):
            if flag:
                names.add(name)
        return fn
    return register(fn) if fn is not None else register


# ---- small editing helpers -------------------------------------------------------------------------------


def edit(d: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    p = d / rel
    text = p.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{rel}: {old!r} occurs {text.count(old)} times, expected {count}"
    p.write_text(text.replace(old, new), encoding="utf-8")


def write(d: Path, rel: str, text: str, encoding: str = "utf-8") -> None:
    (d / rel).parent.mkdir(parents=True, exist_ok=True)
    (d / rel).write_bytes(text.encode(encoding))


def add_data(d: Path, line: str) -> None:
    """Declare one more data file right after ratings."""
    old = "  ratings: {file: data/ratings.csv, scale: [1, 5]}\n"
    edit(d, "case.yaml", old, old + line + "\n")


POSTS = """post_id,created_at,text,author_id
p1,2026-03-02 09:15:00,Great service today,a1
p2,2026-03-02 18:40:12,Still waiting for a reply,a2
p3,2026-03-03T08:05:00,Thanks for the quick fix,a3
p4,2026-03-03T21:30:00+01:00,Website down again,a4
"""


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    """A workbook with fixed metadata and zip timestamps, so regenerating the corpus gives identical bytes."""
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    fixed = dt.datetime(2026, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time, whatever we set
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0)), data,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# ---- case.yaml: syntax and shape (pass 1) -------------------------------------------------------------------


@case
def yaml_syntax(d):
    # an unquoted colon inside a value, the commonest YAML slip
    edit(d, "case.yaml", "  core_process: customer care\n", "  core_process: customer care: phone and chat\n")


@case
def yaml_duplicate_key(d):
    edit(d, "case.yaml", "  k_min: 5\n", "  k_min: 5\n  status: final\n")


@case
def wrong_type(d):
    edit(d, "case.yaml", "  k_min: 5\n", "  k_min: five\n")


@case
def value_not_allowed(d):
    edit(d, "case.yaml", "  status: draft\n", "  status: drafted\n")


@case
def missing_required_key(d):
    edit(d, "case.yaml", "  date: 2026-04-10\n", "")


@case
def unknown_key(d):
    # engagement: is a strict block (corpus_yaml.py): an error with or without --strict
    edit(d, "case.yaml", "  codename: Base\n", "  codname: Base\n")


# ---- case.yaml: ids, dates, files, feedback (pass 2a) --------------------------------------------------------


@case
def missing_data_file(d):
    edit(d, "case.yaml", "file: data/ratings.csv", "file: data/rating.csv")


@case
def path_escapes_case(d):
    edit(d, "case.yaml", "file: data/ratings.csv", "file: ../../etc/passwd")


@case
def narrative_file_missing(d):
    edit(d, "case.yaml", "  home: text/summary.md\n", "  home: text/sumary.md\n")


@case
def duplicate_function_ids(d):
    # a line copied to add a function, and its id left unchanged
    edit(d, "case.yaml", "    - {id: mkt, label: Marketing}\n",
         "    - {id: mkt, label: Marketing}\n    - {id: comms, label: Customer care}\n")


@case
def management_level_unknown(d):
    edit(d, "case.yaml", "management_levels: [L1, L2]", "management_levels: [L1, L5]")


@case
def period_end_before_start(d):
    edit(d, "case.yaml", "period: {start: 2026-03-02, end: 2026-03-27}", "period: {start: 2026-03-27, end: 2026-03-02}")


@case
def feedback_without_response(d):
    edit(d, "case.yaml", "    response: Added to the engagement page.\n", "")


@case
def feedback_unknown_section(d):
    edit(d, "case.yaml", "    section: engagement\n", "    section: risk\n")


# ---- data files (pass 2b) ------------------------------------------------------------------------------------


@case
def data_unknown_function(d):
    edit(d, "data/interviewees.csv", "INT-05,comms,", "INT-05,sales,")


@case
def data_unknown_level(d):
    edit(d, "data/interviewees.csv", "INT-08,mkt,L4,", "INT-08,mkt,L5,")


@case
def data_unknown_activity(d):
    # a typo repeated down a column: 5 cells listed, then "and N more rows"
    edit(d, "data/codes.csv", ",monitoring,", ",monitor,", count=24)


@case
def interviewee_not_registered(d):
    edit(d, "data/codes.csv", "INT-12,consensus,reporting,use,", "INT-13,consensus,reporting,use,")
    edit(d, "data/ratings.csv", "INT-12,trust,", "INT-13,trust,")


@case
def duplicate_interviewee_ids(d):
    # the same id given to a second person interviewed later
    edit(d, "data/interviewees.csv", "INT-12,mkt,L2,Milano,false,2026-03-13,51\n",
         "INT-12,mkt,L2,Milano,false,2026-03-13,51\nINT-03,mkt,L3,Milano,false,2026-03-20,55\n")


@case
def wrong_encoding(d):
    # what Excel on Windows saves: Latin-1 bytes for the accented site names
    text = (BASE / "data/interviewees.csv").read_text(encoding="utf-8")
    write(d, "data/interviewees.csv", text, encoding="latin-1")


@case
def ragged_rows(d):
    edit(d, "data/codes.csv", "INT-03,consensus,monitoring,use,1\n", "INT-03,consensus,monitoring,use,1,checked\n")


@case
def wrong_delimiter(d):
    # the file is `;`-separated but the spec declares `,`
    text = (BASE / "data/interviewees.csv").read_text(encoding="utf-8").replace(",", ";")
    write(d, "data/interviewees.csv", text)
    edit(d, "case.yaml", "  interviewees: {file: data/interviewees.csv}\n",
         "  interviewees: {file: data/interviewees.csv, delimiter: ','}\n")


@case
def empty_file(d):
    write(d, "data/ratings.csv", "")


@case
def header_only(d):
    write(d, "data/ratings.csv", "interviewee_id,item,score\n")


@case
def missing_column(d):
    edit(d, "data/ratings.csv", "interviewee_id,item,score\n", "interviewee_id,item,Score (1-5)\n")


@case
def non_numeric(d):
    edit(d, "data/ratings.csv", "INT-03,useful,3\n", "INT-03,useful,n/a\n")
    edit(d, "data/ratings.csv", "INT-07,trust,3\n", "INT-07,trust,four\n")


@case
def decimal_comma(d):
    # Italian Excel: `;` between fields and a decimal comma, with no `decimal: ","` in the spec
    rows = (BASE / "data/interviewees.csv").read_text(encoding="utf-8").splitlines()
    rows = [r.replace(",", ";") for r in rows]
    rows = [rows[0]] + [r + ",5" if i % 2 else r for i, r in enumerate(rows[1:])]
    write(d, "data/interviewees.csv", "\n".join(rows) + "\n")


@case
def code_outside_domain(d):
    edit(d, "data/codes.csv", "INT-02,consensus,monitoring,use,1\n", "INT-02,consensus,monitoring,use,2\n")


@case
def rating_outside_scale(d):
    edit(d, "data/ratings.csv", "INT-04,useful,4\n", "INT-04,useful,7\n")
    edit(d, "data/ratings.csv", "INT-05,trust,4\n", "INT-05,trust,0\n")


@case
def naive_timestamps(d):
    # the same posts file passes once `timezone: Europe/Rome` is declared (tests/spec/test_invalid_corpus.py)
    write(d, "data/posts.csv", POSTS)
    add_data(d, "  posts: {file: data/posts.csv}")


def with_posts_and(d: Path, block: str) -> None:
    """A posts file with offsets (valid) and one more top-level block appended to case.yaml."""
    write(d, "data/posts.csv", POSTS)
    add_data(d, "  posts: {file: data/posts.csv, timezone: Europe/Rome}")
    write(d, "case.yaml", (d / "case.yaml").read_text(encoding="utf-8") + "\n" + block)


@case
def value_options(d):
    # the value: block is checked by `smaa check`, located, before any post is read
    with_posts_and(d, "value:\n  design: timeseries\n  smi_mesure: share_negative\n  bootstrap_b: 50\n"
                      "  brand_accounts: {Base: [base, 7]}\n")


@case
def resilience_options(d):
    # the multiverse declaration is checked before any post is read: factors, levels, constraint shape
    with_posts_and(d, "resilience:\n  baseline: {scorer: vader, lag: 5}\n  choices:\n"
                      "    statistic: [mean_compound, mode]\n    windows: [week]\n  constraints:\n"
                      "    - then: {outliers: none}\n")


@case
def xlsx_unknown_sheet(d):
    rows = [line.split(",") for line in (BASE / "data/codes.csv").read_text(encoding="utf-8").splitlines()]
    (d / "data/codes.csv").unlink()
    (d / "data/codes.xlsx").write_bytes(xlsx_bytes({"Notes": [["coded by the team"]], "coding": rows}))
    edit(d, "case.yaml", "  codes: {file: data/codes.csv}\n", "  codes: {file: data/codes.xlsx, sheet: Coding}\n")


# ---- build time and many at once -----------------------------------------------------------------------------


@case
def risk_unknown_id(d):
    # a setting only the analyses can judge: `smaa check` and `smaa build` point at the key in case.yaml
    write(d, "case.yaml", (d / "case.yaml").read_text(encoding="utf-8")
          + "\nrisks:\n  criteria:\n    R99: {likelihood: [low]}\n")


@case
def narrative_unknown_key(d):
    # citations are resolved once the findings exist: by `smaa check` and by `smaa build`
    edit(d, "text/summary.md", "{{ engagement.n_interviewees }}", "{{ engagement.n_interviewee }}")


@case
def many_problems(d):
    edit(d, "case.yaml", "    status: addressed\n", "    status: addressed\n    owner: Research team\n")  # warning
    edit(d, "case.yaml", "period: {start: 2026-03-02, end: 2026-03-27}", "period: {start: 2026-03-27, end: 2026-03-02}")
    edit(d, "case.yaml", "management_levels: [L1, L2]", "management_levels: [L1, L5]")
    edit(d, "case.yaml", "    response: Added to the engagement page.\n", "")
    edit(d, "data/interviewees.csv", "INT-05,comms,", "INT-05,sales,")
    edit(d, "data/interviewees.csv", "INT-08,mkt,L4,", "INT-08,mkt,L5,")
    edit(d, "data/codes.csv", "INT-02,consensus,monitoring,use,1\n", "INT-02,consensus,monitoring,use,2\n")
    edit(d, "data/codes.csv", "INT-12,consensus,reporting,use,", "INT-13,consensus,reporting,use,")


# ---- driver --------------------------------------------------------------------------------------------------


def make(name: str, mutate) -> Path:
    d = HERE / name
    kept = {n: (d / n).read_bytes() for n in EXPECTED if (d / n).is_file()}
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(BASE, d)
    edit(d, "case.yaml", "# The valid base of the invalid-case corpus: make_corpus.py copies it and applies one "
         "mutation per case.\n", f"# Invalid case '{name}', written by make_corpus.py from _base/: do not edit.\n")
    edit(d, "case.yaml", "  id: invalid-base\n", f"  id: invalid-{name}\n")
    mutate(d)
    for n, data in kept.items():
        (d / n).write_bytes(data)
    return d


def smaa(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "smaa_build", *args], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SMAA_GIT_REVISION": "test"})


def write_expected(name: str, d: Path) -> None:
    rel = str(d.relative_to(REPO))
    (d / "expected_error.txt").write_text(smaa("check", rel).stderr, encoding="utf-8")
    if name in STRICT:
        (d / "expected_error.strict.txt").write_text(smaa("check", "--strict", rel).stderr, encoding="utf-8")
    if name in BUILD_TIME:
        with tempfile.TemporaryDirectory() as out:
            err = smaa("build", rel, "--out", out).stderr
        lines = [line for line in err.splitlines(keepends=True) if not line.startswith("  ")]
        (d / "expected_build_error.txt").write_text("".join(lines), encoding="utf-8")
    if name in PUBLISH:
        with tempfile.TemporaryDirectory() as out:
            err = smaa("publish", rel, "--target", out, "--no-downloads").stderr
        lines = [line for line in err.splitlines(keepends=True) if not line.startswith("  ")]
        (d / "expected_publish_error.txt").write_text("".join(lines), encoding="utf-8")


def load_topics() -> None:
    """Cases of each topic live in their own corpus_<topic>.py beside this file, registered with `case`."""
    import importlib.util

    sys.modules.setdefault("make_corpus", sys.modules[__name__])
    for path in sorted(HERE.glob("corpus_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


def main(argv: list[str]) -> None:
    """`--only NAME …` writes just those cases (each topic's owner regenerates its own)."""
    load_topics()
    flags = [a for a in argv if a.startswith("-")]
    if any(f not in ("--write-expected", "--only") for f in flags) or ("--only" in argv and argv[-1] == "--only"):
        sys.exit(__doc__)  # an unknown flag rewrites nothing (it used to rewrite every case folder)
    only = set(argv[argv.index("--only") + 1:]) if "--only" in argv else set(CASES)
    unknown = only - set(CASES)
    assert not unknown, f"no corpus case named {sorted(unknown)}"
    for name, mutate in CASES.items():
        if name in only:
            d = make(name, mutate)
            if "--write-expected" in argv:
                write_expected(name, d)
    print(f"{len(only)} of {len(CASES)} cases written under {HERE.relative_to(REPO)}")


if __name__ == "__main__":
    main(sys.argv[1:])
