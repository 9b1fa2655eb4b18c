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


def describe(err: cerr.ValidationError, schema: dict, strict: bool = False) -> tuple[str, str]:
    """(severity, message) for one leaf error."""
    rule, c, v = err.rule, err.constraint, err.value
    path = tuple(err.document_path)
    if err.code == cerr.UNKNOWN_FIELD.code:
        hint = did_you_mean(err.field, _schema_keys(schema, path[:-1]))
        if strict:
            return "error", f"unknown key '{err.field}'{hint}; fix or remove it (--strict makes unknown keys errors)"
        return "warning", f"unknown key '{err.field}' is ignored{hint}"
    if rule == "required":
        where = f"under `{dotted(path[:-1])}:`" if len(path) > 1 else "at the top level"
        about = _schema_node(schema, path).get("meta", {}).get("description", "")
        return "error", f"required key '{err.field}' is missing {where}; add it" + (f" — {about}" if about else "")
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


def _schema_node(schema: dict, path: tuple) -> dict:
    """The rules of the field at `path` (list indices step into the item schema)."""
    node: dict = {"type": "dict", "schema": schema}
    for part in path:
        sub = node.get("schema", {})
        node = sub if isinstance(part, int) else (sub.get(part, {}) if isinstance(sub, dict) else {})
    return node if isinstance(node, dict) else {}


def _schema_keys(schema: dict, path: tuple) -> list[str]:
    sub = _schema_node(schema, path).get("schema", {})
    return sorted(sub) if isinstance(sub, dict) and all(isinstance(v, dict) for v in sub.values()) else []


def to_problems(errs, loc: Located, schema: dict, strict: bool = False) -> list[Problem]:
    out = []
    for e in leaves(errs):
        path = tuple(e.document_path)
        if e.rule == "required":  # a missing key points at its parent's key, where it should be added
            line, col = loc.where(path[:-1], key=True)
        else:
            line, col = loc.where(path, key=e.code == cerr.UNKNOWN_FIELD.code)
        severity, msg = describe(e, schema, strict)
        out.append(Problem(loc.file, line, col, dotted(path), msg, severity))
    return out
