"""After validation the case is typed (spec/case.py: `settings(spec)`, `Case.settings`): outside smaa_build/spec/ no
code reads the raw case.yaml dict (issue 12). Every access is found with `ast`: a string subscript or `.get("…")`
of `spec` or of `<anything>.spec` (ctx.spec, case.spec, prep.spec) whose first key is a top-level key of case.yaml
(engagement, report, organisation, data, value, …); a chain `spec["report"]["k_min"]` counts once. A Vega-Lite
spec's keys (title, layer, …) are not case.yaml keys and do not count.

There are none left (issue 12): pages read the typed case through `Context.settings` (built once), analyses through
`Case.settings`; a spec that is not validated today (an earlier release's, compared in pages/changes) is read
through `spec.case.stored`, and a possibly partial one (scrub rules, the report's language) by readers in spec/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from smaa_build.findings import Findings
from smaa_build.pages.base.context import Context
from smaa_build.spec.schema import SCHEMA

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "smaa_build"
TOP_KEYS = frozenset(SCHEMA)

def _is_spec(node: ast.AST) -> bool:
    return ((isinstance(node, ast.Name) and node.id == "spec")
            or (isinstance(node, ast.Attribute) and node.attr == "spec"))


def _key(node: ast.AST) -> tuple[ast.AST, str] | None:
    """(what is read from, the string key) of `x["key"]` or `x.get("key", …)`, else None."""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return node.value, node.slice.value
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
        return node.func.value, node.args[0].value
    return None


def _rooted(node: ast.AST) -> bool:
    """A read of the raw case.yaml: a chain of reads that starts at spec[<top-level key>]."""
    read = _key(node)
    if read is None:
        return False
    inner, key = read
    return key in TOP_KEYS if _is_spec(inner) else _rooted(inner)


# keys only a Vega-Lite spec has: a function that reads one of them from its `spec` holds a chart, not the case
VEGA_KEYS = frozenset({"$schema", "mark", "encoding", "layer", "vconcat", "hconcat", "concat", "facet", "repeat",
                       "datasets", "transform", "params"})


def _scopes(tree: ast.AST):
    """Each function (and the module) with the nodes it holds itself, nested functions apart."""
    for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))]:
        nodes, todo = [], list(ast.iter_child_nodes(scope))
        while todo:
            n = todo.pop()
            if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                nodes.append(n)
                todo.extend(ast.iter_child_nodes(n))
        yield nodes


def _chart(nodes) -> bool:
    return any((r := _key(n)) is not None and _is_spec(r[0]) and r[1] in VEGA_KEYS for n in nodes)


def raw_spec_reads(source: str) -> int:
    """The raw case.yaml reads of one module, each chain counted at its outermost read."""
    tree = ast.parse(source)
    inner = {id(_key(n)[0]) for n in ast.walk(tree) if _key(n) is not None}
    return sum(sum(1 for n in nodes if _rooted(n) and id(n) not in inner)
               for nodes in _scopes(tree) if not _chart(nodes))


def raw_spec_counts(package: Path = PACKAGE) -> dict[str, int]:
    """File (relative to the repository) -> raw case.yaml reads, outside smaa_build/spec/."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package.parent).as_posix()
        if rel.startswith("smaa_build/spec/") or "__pycache__" in rel:
            continue
        n = raw_spec_reads(path.read_text(encoding="utf-8"))
        if n:
            out[rel] = n
    return out


def test_no_raw_spec_reads_outside_spec():
    assert raw_spec_counts() == {}


@pytest.mark.parametrize("source, n", [
    ('spec["engagement"]["id"]', 1),
    ('ctx.spec["report"].get("k_min")', 1),
    ('self.spec.get("value") or {}', 1),
    ('e = case.spec["engagement"]; e["id"]', 1),  # the alias's reads are not chains from spec: counted once
    ('spec.get("title"); spec["layer"][0]', 0),  # a Vega-Lite spec
    ('case.settings.report.k_min', 0),
    ('def f(spec):\n    return spec.get("vconcat"), spec.get("data")', 0),  # "data" of a chart (export/native.py)
    ('def f(spec):\n    spec.get("data")\ndef g(spec):\n    spec.get("layer")', 1),
])
def test_what_counts_as_a_raw_read(source, n):
    assert raw_spec_reads(source) == n


def test_a_planted_read_fails(tmp_path):
    pkg = tmp_path / "smaa_build" / "pages"
    pkg.mkdir(parents=True)
    (pkg / "late.py").write_text("def f(ctx):\n    return ctx.spec['report']['k_min']\n")
    assert raw_spec_counts(tmp_path / "smaa_build") == {"smaa_build/pages/late.py": 1}


def test_pages_read_k_min_from_the_findings():
    fs = Findings()
    fs.meta["case"] = {"k_min": 7}
    assert Context(spec={"report": {"k_min": 5}}, fs=fs).k_min == 7


def test_without_it_in_the_findings_k_min_is_the_typed_case_s():
    from _spec import full_spec

    assert Context(spec=full_spec(report={"k_min": 4}), fs=Findings()).k_min == 4
