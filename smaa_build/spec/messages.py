"""Turn Cerberus errors into `expected …, got … (hint)` problems located at their YAML node."""

from __future__ import annotations

import difflib

from cerberus import errors as cerr

from ..errors import Problem
from .yamlio import Located, dotted

TYPE_NAMES = {"integer": "a whole number", "string": "text", "dict": "a mapping (key: value)", "list": "a list",
              "boolean": "true or false", "date": "a date (YYYY-MM-DD)", "number": "a number"}


def _got(value) -> str:
    kind = {bool: "boolean", int: "whole number", float: "number", str: "text", list: "list", dict: "mapping",
            type(None): "nothing"}.get(type(value), type(value).__name__)
    shown = repr(value) if not isinstance(value, (list, dict)) else ""
    return f"got {kind} {shown}".rstrip()


def did_you_mean(word, options) -> str:
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _types(constraint) -> str:
    names = constraint if isinstance(constraint, (list, tuple)) else [constraint]
    return " or ".join(TYPE_NAMES.get(n, n) for n in names)


def describe(err: cerr.ValidationError, schema_keys) -> tuple[str, str]:
    """(severity, message) for one leaf error."""
    rule, c, v = err.rule, err.constraint, err.value
    if err.code == cerr.UNKNOWN_FIELD.code:
        return "warning", f"unknown key '{err.field}' is ignored{did_you_mean(err.field, schema_keys)}"
    if rule == "required":
        return "error", f"required key '{err.field}' is missing; add it"
    if rule == "type":
        return "error", f"expected {_types(c)}, {_got(v)}"
    if rule == "allowed":
        return "error", f"expected one of {list(c)}, got {v!r}{did_you_mean(v, c)}"
    if rule == "regex":
        return "error", f"expected text matching {c}, got {v!r}"
    if rule in ("min", "max"):
        word = "at least" if rule == "min" else "at most"
        return "error", f"expected {word} {c}, got {v!r}"
    if rule in ("minlength", "maxlength"):
        word = "at least" if rule == "minlength" else "at most"
        return "error", f"expected {word} {c} items, got {len(v)}"
    if rule == "empty":
        return "error", "expected a value, got an empty string"
    return "error", f"{rule} rule failed (constraint {c!r}), {_got(v)}"


def leaves(errs):
    for e in errs:
        if e.is_group_error and e.child_errors:
            yield from leaves(e.child_errors)
        else:
            yield e


def _schema_keys(schema: dict, path: tuple) -> list[str]:
    node = {"schema": schema}
    for part in path:
        node = node.get("schema", {})
        if isinstance(part, int):
            node = node.get("schema", {}) if node.get("type") == "dict" else node
            continue
        node = node.get(part, {}) if isinstance(node, dict) else {}
    sub = node.get("schema", {}) if isinstance(node, dict) else {}
    return sorted(sub) if isinstance(sub, dict) else []


def to_problems(errs, loc: Located, schema: dict) -> list[Problem]:
    out = []
    for e in leaves(errs):
        path = tuple(e.document_path)
        is_key = e.code == cerr.UNKNOWN_FIELD.code
        parent = path[:-1] if e.rule == "required" else path
        line, col = loc.where(parent if e.rule == "required" else path, key=is_key)
        severity, msg = describe(e, _schema_keys(schema, path[:-1]))
        out.append(Problem(loc.file, line, col, dotted(path), msg, severity))
    return out
