"""smaa's own docs stay honest: every schema field is described, the generated reference pages are current,
every command and registered analysis is documented, every page is in the nav, the site builds strictly, and
the error examples in the user guide are what `smaa check` really prints."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import markdown
from click.testing import CliRunner

from smaa_build.cli import docgen
from smaa_build.analyses import REGISTRY
from smaa_build.cli import main as cli_main
from smaa_build.spec.schema import SCHEMA

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
NOT_IN_NAV = {"dev/helpers-brief.md"}  # internal working note, deliberately left out of the site's nav


def read(rel: str) -> str:
    return (DOCS / rel).read_text(encoding="utf-8")


# ---------------------------------------------------------------- schema descriptions and the spec reference

def test_every_schema_field_has_a_description():
    assert docgen.undocumented(SCHEMA) == [], "add meta.description to these fields in smaa_build/spec/schema.py"


def test_undocumented_finds_fields_at_every_depth():
    schema = {
        "a": {"type": "string", "meta": {"description": "ok"}},
        "b": {"type": "dict", "meta": {"description": "ok"}, "schema": {"c": {"type": "integer"}}},
        "d": {"type": "list", "meta": {"description": "ok"},
              "schema": {"type": "dict", "schema": {"e": {"type": "string", "meta": {"description": " "}}}}},
    }
    assert docgen.undocumented(schema) == ["b.c", "d[].e"]


def test_spec_reference_lists_every_field_with_its_description():
    page = read("reference/spec.md")
    for path, rule in docgen.walk(SCHEMA):
        assert f">{path}</code>" in page, f"{path} missing from docs/reference/spec.md"
        assert docgen.text(rule["meta"]["description"]) in page, f"description of {path} missing"


def _cells_per_row(md: str) -> list[int]:
    out = markdown.markdown(md, extensions=["tables"])
    return [row.count("<td>") for row in re.findall(r"<tr>(.*?)</tr>", out, re.S) if "<td>" in row]


def test_spec_table_survives_pipes_and_markup_in_rules_and_descriptions():
    schema = {"sep": {"type": "string", "allowed": [",", "|", "\t"], "default": "|",
                      "meta": {"description": "One of , | or tab; <script>x</script> and *stars* stay text."}}}
    page = docgen.render_spec(schema)
    assert _cells_per_row(page) == [6]
    html = markdown.markdown(page, extensions=["tables"])
    assert "<code>&#124;</code>" in page and "<code>tab</code>" in page
    assert "<script>" not in html and "*stars*" in html


def test_spec_rules_are_spelled_out():
    rule = {"type": "list", "minlength": 2, "maxlength": 2, "schema": {"type": "integer", "min": 0}}
    assert docgen.type_name(rule) == "list of integers"
    assert docgen.rules(rule) == "exactly 2 items; each item: at least 0"
    assert docgen.rules({"type": "integer", "min": 3, "max": 10}) == "3 to 10"
    assert docgen.rules({"type": "list", "minlength": 1}) == "at least 1 item"
    assert docgen.rules({"type": "string", "nullable": True}) == "<code>nullable</code>: <code>true</code>"


# ---------------------------------------------------------------- generated pages are current

def test_generated_reference_pages_are_current():
    problems = docgen.stale(docgen.outputs())
    assert not problems, "\n".join(problems) + "\nRun `.venv/bin/python -m smaa_build.cli.docgen` and commit."


def test_check_mode_fails_on_a_stale_or_missing_page(tmp_path, capsys):
    expected = docgen.outputs(tmp_path)
    docgen.write(expected)
    assert docgen.main(["--check", "--root", str(tmp_path)]) == 0
    spec = tmp_path / "docs" / "reference" / "spec.md"
    spec.write_text(spec.read_text(encoding="utf-8").replace("Top-level keys", "Top keys"), encoding="utf-8")
    (tmp_path / "docs" / "reference" / "cli.md").unlink()
    assert docgen.main(["--check", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "docs/reference/spec.md is stale" in err and "-## Top keys" in err
    assert "docs/reference/cli.md is missing" in err
    assert "python -m smaa_build.cli.docgen" in err


def test_docgen_command_line_check_mode_on_this_checkout():
    run = subprocess.run([sys.executable, "-m", "smaa_build.cli.docgen", "--check"], cwd=REPO, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr


# ---------------------------------------------------------------- the CLI reference

def test_every_command_and_option_is_in_the_cli_reference():
    page = read("reference/cli.md")
    sections = {m.group(1): m.group(2) for m in re.finditer(r"^## (smaa[^{\n]*?) \{#[^}]+\}\n(.*?)(?=^## |\Z)",
                                                              page, re.S | re.M)}
    root = click.Context(cli_main, info_name="smaa")
    for ctx, cmd in [(root, cli_main), *docgen.commands(cli_main, root)]:
        assert ctx.command_path in sections, f"`{ctx.command_path}` missing from docs/reference/cli.md"
        for param in cmd.params:
            if isinstance(param, click.Option) and not param.hidden:
                for opt in param.opts:
                    assert f"<code>{opt}</code>" in sections[ctx.command_path], f"{ctx.command_path} {opt}"


def test_cli_reference_picks_up_new_commands_and_groups():
    @click.group()
    def tool():
        """A tool."""

    @tool.group()
    def releases():
        """Manage releases."""

    @releases.command(name="list")
    @click.argument("case", nargs=-1)
    @click.option("--format", type=click.Choice(["text", "json"]), default="text", help="Output | format.")
    @click.option("--token", envvar="TOOL_TOKEN", required=True, help="Access token.")
    @click.option("--verbose/--quiet", default=False, help="Talk more.")
    def list_(case, format, token, verbose):
        """List releases.\f internal note"""

    page = docgen.render_cli(tool, name="tool", source="test")
    assert docgen.command_paths(tool, "tool") == ["tool releases", "tool releases list"]
    assert "## tool releases list {#tool-releases-list}" in page
    assert "tool releases list [OPTIONS] [CASE]..." in page
    assert "List releases." in page and "internal note" not in page
    assert "| <code>--format</code> | one of <code>text</code>, <code>json</code> | <code>text</code> | " \
           "Output \\| format. |" in page
    assert "Required. Environment variable: <code>TOOL_TOKEN</code>." in page
    assert "<code>--verbose</code> / <code>--quiet</code>" in page
    assert "- [`tool releases list`](#tool-releases-list)" in page
    assert page == docgen.render_cli(tool, name="tool", source="test")


def test_argument_help_comes_from_the_module_constant():
    page = read("reference/cli.md")
    from smaa_build.cli import CASE_HELP
    assert f"| <code>CASE</code> | path | yes | {docgen.text(CASE_HELP)} |" in page


# ---------------------------------------------------------------- methodology, nav, strict build

def registered_analyses() -> list[str]:
    items = REGISTRY.keys() if isinstance(REGISTRY, dict) else REGISTRY
    names = []
    for item in items:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, tuple):
            names.append(item[0])
        else:
            names.append(getattr(item, "name", None) or getattr(item, "type"))
    return sorted(names)


def test_every_registered_analysis_is_described_in_the_methodology():
    page = read("methodology.md")
    assert registered_analyses(), "REGISTRY is empty"
    missing = [name for name in registered_analyses() if f"`{name}`" not in page]
    assert not missing, f"describe these analyses in docs/methodology.md (as `name`): {missing}"


def _nav_files(nav) -> set[str]:
    out = set()
    for entry in nav or []:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        out |= _nav_files(value) if isinstance(value, list) else {value}
    return out


def test_every_docs_page_is_in_the_nav():
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    in_nav = _nav_files(config["nav"])
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    missing, dangling = sorted(pages - in_nav - NOT_IN_NAV), sorted(in_nav - pages)
    assert not missing, f"add these pages to the nav: of mkdocs.yml: {missing}"
    assert not dangling, f"the nav: of mkdocs.yml names pages that do not exist: {dangling}"


def mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    return subprocess.run([str(mkdocs), "build", "--strict", "-f", str(config), "-d", str(site)],
                          cwd=REPO, capture_output=True, text=True, env=env)


def test_docs_site_builds_strictly(tmp_path):
    run = mkdocs_build(REPO / "mkdocs.yml", tmp_path)
    assert run.returncode == 0, run.stderr
    for page in ["index.html", "reference/spec/index.html", "reference/cli/index.html",
                 "user-guide/errors/index.html", "dev/contributing/index.html"]:
        assert (tmp_path / page).is_file(), page


def test_docs_links_point_at_existing_anchors(tmp_path):
    """mkdocs only logs a link to a missing #anchor; this build makes it a strict-mode warning."""
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"INHERIT: {REPO / 'mkdocs.yml'}\ndocs_dir: {DOCS}\n"
                      f"theme: {{name: material, custom_dir: {REPO / 'theme'}}}\nvalidation: {{anchors: warn}}\n",
                      encoding="utf-8")
    run = mkdocs_build(config, tmp_path / "site")
    assert run.returncode == 0, run.stderr


# ---------------------------------------------------------------- error examples are real output

EXAMPLE_CASE = """\
spec_version: 1
engagement:
  id: acme
  client: Acme S.p.A.
  sector: JJ
  period: {start: 2026-03-02, end: 2026-03-27}
report:
  round: 1
  status: drfat
  date: 2026-04-03
  k_min: 2
  colour: blue
organisation:
  functions:
    - {id: comms, label: Communication}
    - {id: mkt, label: Marketing}
  levels:
    - {id: L1, label: Senior manager, rank: 1}
    - {id: L2, label: Manager, rank: 2}
    - {id: L3, label: Executive, rank: 3}
    - {id: L4, label: Junior staff, rank: 4}
  activities:
    - {id: monitoring, label: Monitoring and listening}
    - {id: reporting, label: Upward reporting}
data:
  interviewees: {file: data/interviewees.csv}
  codes: {file: data/codes.csv}
  ratings: {file: data/ratings.csv}
"""
FIXED = {"sector: JJ": "sector: J", "status: drfat": "status: draft", "k_min: 2\n  colour: blue": "k_min: 5"}


def documented_example(name: str) -> str:
    """The output block after `<!-- example: name … -->` in errors.md. If smaa's wording changes on purpose,
    update that block: the page must show what users really see."""
    m = re.search(rf"<!-- example: {name} .*?-->\n```text\n(.*?)```", read("user-guide/errors.md"), re.S)
    assert m, f"example {name!r} not found in docs/user-guide/errors.md"
    return m.group(1)


def example_case(root: Path, fixed: bool = False) -> None:
    case = root / "cases" / "acme"
    shutil.copytree(REPO / "smaa_build" / "templates" / "new_case" / "data", case / "data")
    text = EXAMPLE_CASE
    for old, new in FIXED.items() if fixed else ():
        text = text.replace(old, new)
    (case / "case.yaml").write_text(text, encoding="utf-8")


def smaa_check(root: Path, monkeypatch) -> str:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli_main, ["check", "cases/acme"])
    assert result.exit_code == 1, result.output
    return result.output


def test_yaml_error_example_is_what_smaa_check_prints(tmp_path, monkeypatch):
    example_case(tmp_path)
    assert smaa_check(tmp_path, monkeypatch) == documented_example("yaml-errors")


def test_data_error_example_is_what_smaa_check_prints(tmp_path, monkeypatch):
    example_case(tmp_path, fixed=True)
    register = tmp_path / "cases" / "acme" / "data" / "interviewees.csv"
    lines = register.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",comms,", ",coms,")
    lines[3] = lines[3].rsplit(",", 1)[0] + ",four"
    register.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert smaa_check(tmp_path, monkeypatch) == documented_example("data-errors")


# ---------------------------------------------------------------- data formats match the column contract

def documented_columns(kind: str) -> dict[str, bool]:
    """column -> required (bold), from the table under `## kind` in data-formats.md."""
    page = read("user-guide/data-formats.md")
    m = re.search(rf"^## {kind}\n(.*?)(?=^## |\Z)", page, re.S | re.M)
    assert m, f"no `## {kind}` section in docs/user-guide/data-formats.md"
    cells = re.findall(r"^\| (\*\*)?([a-z_]+)(?:\*\*)? \|", m.group(1), re.M)
    return {name: bool(bold) for bold, name in cells if name != "column"}


def test_data_formats_page_matches_the_column_contract():
    from smaa_build.spec.columns import CONTRACT

    assert sorted(CONTRACT) == sorted(SCHEMA["data"]["schema"])
    for kind, columns in CONTRACT.items():
        assert documented_columns(kind) == {name: required for name, _, required in columns}, kind
