"""YAML loading that remembers where every key and value stands, so errors can say file:line:col."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import Problem

Path_ = tuple  # a key path: ("data", "posts", "file") or ("organisation", "functions", 2, "id")


@dataclass
class Located:
    """The parsed document plus 1-based (line, col) of each value (`values`) and each mapping key (`keys`)."""

    data: object
    file: str
    values: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Position of the deepest existing prefix of `path` (a missing key points at its parent)."""
        table = self.keys if key else self.values
        for cut in range(len(path), -1, -1):
            hit = table.get(tuple(path[:cut])) or self.values.get(tuple(path[:cut]))
            if hit:
                return hit
        return (1, 1)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _walk(node: yaml.Node, path: Path_, loc: Located, problems: list[Problem]) -> None:
    loc.values[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        seen: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                line, col = _mark(key_node)
                problems.append(Problem(loc.file, line, col, dotted(path + (key,)),
                                        f"duplicate key (first defined at line {seen[key]}); keep only one"))
            seen[key] = _mark(key_node)[0]
            loc.keys[path + (key,)] = _mark(key_node)
            _walk(value_node, path + (key,), loc, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), loc, problems)


# PyYAML's wording of the commonest slips -> what to do about them ({ctx}: line where the construct began)
SYNTAX_HINTS = [
    ("mapping values are not allowed", "a value containing ': ' must be in quotes, e.g. title: \"Risk: high\"; "
     "or the line is indented too deep"),
    ("found character '\\t'", "indent with spaces, not tabs"),
    ("cannot start any token", "a value starting with this character must be in quotes"),
    ("expected <block end>", "this line's indentation does not match the lines above it"),
    ("did not find expected key", "this line's indentation does not match the lines above it"),
    ("could not find expected ':'", "the key on line {ctx} needs ': ' after it, or a quote is not closed"),
    ("expected ',' or '}'", "the '{{' opened on line {ctx} is not closed, or a value holding ', ' needs quotes"),
    ("expected ',' or ']'", "the '[' opened on line {ctx} is not closed, or a value holding ', ' needs quotes"),
    ("found unexpected end of stream", "the quote opened on line {ctx} is not closed"),
]


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    what = " ".join(x for x in (exc.context, exc.problem) if x)
    ctx = (exc.context_mark or exc.problem_mark).line + 1
    hint = next((h.format(ctx=ctx) for pattern, h in SYNTAX_HINTS if pattern in what), "")
    return f"YAML syntax error: {what}" + (f" ({hint})" if hint else "")


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_located(path: Path, display: str) -> tuple[Located | None, list[Problem]]:
    """Parse `path`; on a syntax error return (None, [located problem])."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(display, 1, 1, "", f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8")]
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return None, [Problem(display, mark.line + 1, mark.column + 1, "", _syntax_message(exc))]
    loc = Located(data=data, file=display)
    problems: list[Problem] = []
    if node is not None:
        _walk(node, (), loc, problems)
    return loc, problems
