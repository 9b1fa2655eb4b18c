"""No hidden state (issue 12, item 6): importing smaa_build changes nothing outside it, no function has a mutable
default, no module rebinds a global (a cache is a functools cache on the function that owns it), and the schema
errors are read through Cerberus's public `Validator.errors`, not its private `_errors`."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "smaa_build"

IMPORT_ALL = """
import importlib, os, pkgutil, smaa_build
before = dict(os.environ)
for m in sorted(pkgutil.walk_packages(smaa_build.__path__, "smaa_build."), key=lambda m: m.name):
    if not m.name.endswith("__main__"):
        importlib.import_module(m.name)
after = dict(os.environ)
print(sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k)))
"""


def trees() -> list[tuple[Path, ast.AST]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(PACKAGE.rglob("*.py"))]


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(REPO)}:{node.lineno}"


def test_importing_every_module_leaves_the_environment_alone():
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    out = subprocess.run([sys.executable, "-c", IMPORT_ALL], cwd=REPO, env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_no_mutable_default_arguments():
    mutable = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)
    found = [where(p, d) for p, tree in trees() for node in ast.walk(tree)
             if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
             for d in node.args.defaults + [k for k in node.args.kw_defaults if k is not None]
             if isinstance(d, mutable)]
    assert found == []


def test_no_module_rebinds_a_global():
    assert [where(p, n) for p, tree in trees() for n in ast.walk(tree) if isinstance(n, ast.Global)] == []


def test_cerberus_errors_are_read_through_its_public_api():
    found = [where(p, n) for p, tree in trees() for n in ast.walk(tree)
             if isinstance(n, ast.Attribute) and n.attr == "_errors"]
    assert found == []
