"""Turn Cerberus errors into `expected …, got … (hint)` problems located at their YAML node."""

from __future__ import annotations

import difflib

from cerberus import errors as cerr

from ..errors import Problem
from .yamlio import Located, dotted

TYPE_NAMES = {"integer": "a whole number", "string": "text", "dict": "a mapping (key: value)", "list": "a list",
              "boolean": "true or false", "date": "a date (YYYY-MM-DD)", "number": "a number"}


def shown(value, limit: int = 80) -> str:
    """repr(value) cut to `limit` characters, so a pasted paragraph does not fill the terminal."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _got(value) -> str:
    kind = {bool: "boolean", int: "whole number", float: "number", str: "text", list: "list", dict: "mapping",
            type(None): "nothing"}.get(type(value), type(value).__name__)
    return f"got {kind} {shown(value) if not isinstance(value, (list, dict)) else ''}".rstrip()


def did_you_mean(word, options) -> str:
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


# Blocks where an unknown key is an error even without --strict: ignoring a misspelt key there silently drops a
# setting that protects people or decides what is read (report: k_min, privacy, show_client_name,
# confidentiality; engagement: client and codename, which name is printed; data: which file and how it is read,
# e.g. a misspelt timezone or decimal reads other values; data_roots: which folders may be read, e.g. a misspelt
# outside_repository). Elsewhere an ignored key only loses an option.
STRICT_BLOCKS = ("engagement", "report", "data", "data_roots")


def _unknown_key(field, path: tuple, schema: dict, strict: bool) -> tuple[str, str]:
    hint = did_you_mean(field, _schema_keys(schema, path[:-1]))
    if path[0] in STRICT_BLOCKS and len(path) > 1:
        return "error", f"unknown key '{field}'{hint}; fix or remove it (under {path[0]}: an unknown key is an " \
                        "error, never ignored)"
    if strict:
        return "error", f"unknown key '{field}'{hint}; fix or remove it (--strict makes unknown keys errors)"
    return "warning", f"unknown key '{field}' is ignored{hint}"


def _types(constraint) -> str:
    names = constraint if isinstance(constraint, (list, tuple)) else [constraint]
    return " or ".join(TYPE_NAMES.get(n, n) for n in names)


def describe(err: cerr.ValidationError, schema: dict, strict: bool = False) -> tuple[str, str]:
    """(severity, message) for one leaf error."""
    rule, c, v = err.rule, err.constraint, err.value
    path = tuple(err.document_path)
    if err.code == cerr.UNKNOWN_FIELD.code:
        return _unknown_key(err.field, path, schema, strict)
    if rule == "required":
        where = f"under `{dotted(path[:-1])}:`" if len(path) > 1 else "at the top level"
        about = _schema_node(schema, path).get("meta", {}).get("description", "")
        return "error", f"required key '{err.field}' is missing {where}; add it" + (f" — {about}" if about else "")
    if rule == "type":
        return "error", f"expected {_types(c)}, {_got(v)}"
    if rule == "allowed":
        return "error", f"expected one of {list(c)}, got {shown(v)}{did_you_mean(v, c)}"
    if rule == "regex":
        return "error", f"expected text matching {c}, got {shown(v)}"
    if rule in ("min", "max"):
        word = "at least" if rule == "min" else "at most"
        return "error", f"expected {word} {c}, got {shown(v)}"
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
