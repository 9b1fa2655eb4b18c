"""Pass 2a for the data declarations of case.yaml: what a `data.<kind>:` entry says about its columns, located at
the key in case.yaml (the data files themselves are checked in pass 2b, data.py and fidelity.py)."""

from __future__ import annotations

import difflib

from .columns import canonical


def close_match(word: str, options) -> str | None:
    """The option `word` most likely meant: a close spelling, else one sharing its first word ('kpi_overlap' ->
    'kpi_jaccard'), else None."""
    options = list(options)
    low = {o.lower(): o for o in options}
    hits = difflib.get_close_matches(word.lower(), list(low), n=1, cutoff=0.6)
    if hits:
        return low[hits[0]]
    head = word.lower().split("_")[0]
    same = [o for o in options if "_" in o and "_" in word and o.lower().split("_")[0] == head and len(head) > 1]
    return same[0] if len(same) == 1 else None


def _unknown_key(kind: str, key: str) -> str:
    names = canonical(kind)
    close = close_match(str(key), names)
    hint = f" (did you mean {close!r}?)" if close else " (the file's own name goes on the right: {canonical: 'Name'})"
    return f"expected a canonical {kind} column {names}, got {key!r}{hint}"


def check_columns(spec: dict, c) -> None:
    """`c` is spec.checks.Checker: an unknown column name is located at its key, a word at its value."""
    for kind, opts in spec["data"].items():
        first: dict = {}
        for key, theirs in (opts.get("columns") or {}).items():
            if key not in canonical(kind):
                c.add(("data", kind, "columns", key), _unknown_key(kind, key), key=True)
            elif theirs in first:  # one file column cannot become two: the rename would keep only one
                c.add(("data", kind, "columns", key), f"expected each column of the file mapped once, got "
                      f"{theirs!r} again (already mapped to {first[theirs]})")
            first.setdefault(theirs, key)
        yes = {str(w).lower() for w in opts.get("true_values") or []}
        for i, word in enumerate(opts.get("false_values") or []):
            if str(word).lower() in yes:  # the cell would silently read as true
                c.add(("data", kind, "false_values", i), f"expected a word not also declared in "
                      f"data.{kind}.true_values, got {word!r}")
