"""Stages import forward only (docs/dev/contributing.md, "The layout is the data flow").

Every import in smaa_build/ is read with `ast`: module level and function level (lazy imports count too),
absolute and relative. Each module is mapped to its stage by the table in contributing.md, and the test fails on
an import of a later stage, on an import cycle between modules, and on a module the table does not place.
Dynamic imports (`importlib.import_module`) are not seen; they load modules of their own package only (the
analyses registry, the summary's key findings in pages/home.py).
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONTRIBUTING = REPO / "docs" / "dev" / "contributing.md"
PACKAGE = "smaa_build"

# Backward imports allowed: none since run/ sequences every command (issue 12). The test fails when one of these no
# longer occurs, so the list can only shrink.
KNOWN_BACKWARD: set[tuple[str, str]] = set()


def read_stages(text: str) -> list[tuple[str, list[str]]]:
    """The fenced block after the `layers` marker: `stage: entry entry …  # job`, earliest stage first."""
    m = re.search(r"<!-- layers:[^>]*-->\s*```text\n(.*?)```", text, re.S)
    assert m, "contributing.md has no stage table (a ```text block after <!-- layers: … -->)"
    stages = []
    for line in m.group(1).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, entries = line.partition(":")
            stages.append((name.strip(), entries.split()))
    return stages


def module_name(entry: str) -> str:
    """`__init__` is the root package, `spec/` the package spec and all below it, `cli` the module cli."""
    return PACKAGE if entry == "__init__" else f"{PACKAGE}.{entry.rstrip('/').replace('/', '.')}"


def stage_of(module: str, stages: list[tuple[str, list[str]]]) -> int | None:
    """Index of the stage whose entry names the module exactly, or is a package (`x/`) holding it."""
    for i, (_, entries) in enumerate(stages):
        for e in entries:
            name = module_name(e)
            if module == name or (e.endswith("/") and module.startswith(name + ".")):
                return i
    return None


def modules(root: Path) -> dict[str, tuple[Path, bool]]:
    """Dotted name -> (file, is a package's __init__) for every module under root/smaa_build."""
    out = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_pkg else parts)] = (path, is_pkg)
    return out


def _targets(module: str, is_pkg: bool, node: ast.AST, known) -> list[str]:
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    else:
        if node.level:
            base = module.split(".")[: len(module.split(".")) - (0 if is_pkg else 1) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        # `from . import x` imports the module x when there is one, else a name of the package
        names = [f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in known else prefix for a in node.names]
    out = []
    for name in names:
        while name and name not in known:  # `import a.b.c` of a name inside module a.b
            name = name.rpartition(".")[0]
        if name:
            out.append(name)
    return out


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the smaa_build modules it imports anywhere in its source (self-imports left out)."""
    known = modules(root)
    graph = {}
    for name, (path, is_pkg) in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        graph[name] = {t for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                       for t in _targets(name, is_pkg, node, known) if t != name}
    return graph


def backward(graph: dict[str, set[str]], stages) -> set[tuple[str, str]]:
    return {(m, t) for m, ts in graph.items() for t in ts
            if None not in (stage_of(m, stages), stage_of(t, stages)) and stage_of(t, stages) > stage_of(m, stages)}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v), on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while not comp or comp[-1] != v:
                comp.append(stack.pop())
                on.discard(comp[-1])
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


def unplaced(graph: dict[str, set[str]], stages) -> list[str]:
    return sorted(m for m in graph if stage_of(m, stages) is None)


@pytest.fixture(scope="module")
def stages():
    return read_stages(CONTRIBUTING.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def graph():
    return import_graph(REPO)


def test_every_module_has_a_stage(graph, stages):
    assert unplaced(graph, stages) == []


def test_no_import_of_a_later_stage(graph, stages):
    assert sorted(backward(graph, stages) - KNOWN_BACKWARD) == []


def test_known_backward_imports_still_occur(graph, stages):
    """An entry fixed elsewhere must leave the list, so the allowance never outlives its reason."""
    assert sorted(KNOWN_BACKWARD - backward(graph, stages)) == []


def test_no_import_cycles(graph):
    assert cycles(graph) == []


def test_table_names_only_existing_modules(graph, stages):
    names = {module_name(e) for _, entries in stages for e in entries}
    assert sorted(n for n in names if n not in graph) == []


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(REPO / PACKAGE, tmp_path / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "templates"))
    return tmp_path


def test_a_planted_backward_import_fails(tmp_path, stages):
    root = _copy(tmp_path)
    paths = root / PACKAGE / "spec" / "paths.py"
    paths.write_text(paths.read_text() + "\n\ndef _late():\n    from ..run.build import build  # planted\n")
    assert ("smaa_build.spec.paths", "smaa_build.run.build") in backward(import_graph(root), stages) - KNOWN_BACKWARD


def test_a_planted_cycle_and_an_unplaced_module_fail(tmp_path, stages):
    root = _copy(tmp_path)
    (root / PACKAGE / "errors.py").write_text("import smaa_build.stray\n")
    (root / PACKAGE / "stray.py").write_text("from . import errors\n")
    g = import_graph(root)
    assert ["smaa_build.errors", "smaa_build.stray"] in cycles(g)
    assert unplaced(g, stages) == ["smaa_build.stray"]


def test_relative_imports_resolve_to_modules():
    known = {"smaa_build.pages": None, "smaa_build.pages.base": None, "smaa_build.pages.base.charts": None, "smaa_build.findings": None,
             "smaa_build.pages.risk.risks": None}
    tree = ast.parse("from ..base import charts\nfrom ...findings import Finding\nimport smaa_build.pages.base.charts.x\n")
    found = {t for node in tree.body for t in _targets("smaa_build.pages.risk.risks", False, node, known)}
    assert found == {"smaa_build.pages.base.charts", "smaa_build.findings"}
