#!/usr/bin/env python3
"""Structure figures of a smaa checkout (issue 12; prints figures, asserts nothing):

- the largest function and the largest module of smaa_build/ (lines)
- backward imports and import circles, by tests/test_layers.py's own functions against that checkout's stage table
- raw case.yaml reads outside smaa_build/spec/: `spec["report"]`, `ctx.spec["engagement"]["id"]`,
  `self.spec.get("value")`, … whose first key is a top-level case.yaml key, read with ast by
  tests/run/test_raw_spec.py's rule; a chain counts once

Usage: python tests/benchmarks/structure.py [ROOT]   (ROOT: a checkout, default this one; e.g. a `git worktree`)
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))

import test_layers as layers  # noqa: E402  (the layers test's parsing, so both count the same imports)

sys.path.insert(0, str(REPO / "tests" / "run"))
import test_raw_spec as raw_spec  # noqa: E402  (the raw-spec test's rule, so both count the same reads)


def python_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "smaa_build").rglob("*.py") if "__pycache__" not in p.parts)


def largest_function(root: Path) -> tuple[int, str]:
    best = (0, "")
    for path in python_files(root):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = node.end_lineno - node.lineno + 1
                best = max(best, (size, f"{path.relative_to(root)}:{node.name}"))
    return best


def largest_module(root: Path) -> tuple[int, str]:
    return max((len(p.read_text(encoding="utf-8").splitlines()), str(p.relative_to(root))) for p in python_files(root))


def raw_spec_subscripts(root: Path) -> dict[str, int]:
    """File -> raw case.yaml reads outside smaa_build/spec/, by tests/run/test_raw_spec.py's own rule."""
    return raw_spec.raw_spec_counts(root / "smaa_build")


def main() -> None:
    root = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else REPO
    stages = layers.read_stages((root / "docs" / "dev" / "contributing.md").read_text(encoding="utf-8"))
    graph = layers.import_graph(root)
    back, circles = sorted(layers.backward(graph, stages)), layers.cycles(graph)
    subs = raw_spec_subscripts(root)
    print(f"checkout: {root}")
    print("largest function: %d lines (%s)" % largest_function(root))
    print("largest module:   %d lines (%s)" % largest_module(root))
    print(f"backward imports: {len(back)}" + "".join(f"\n  {m} -> {t}" for m, t in back))
    print(f"import circles:   {len(circles)}" + "".join(f"\n  {' <-> '.join(c)}" for c in circles))
    print(f"raw case.yaml reads outside smaa_build/spec/: {sum(subs.values())} in {len(subs)} files")
    for rel, n in sorted(subs.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:3d}  {rel}")


if __name__ == "__main__":
    main()
