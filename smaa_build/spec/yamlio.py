"""YAML loading that remembers where every key and value stands, so errors can say file:line:col."""

from __future__ import annotations

import calendar
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import Problem

# A hand-written case.yaml is a few kB (the demo's is 6 kB) and a few hundred values. The bounds stop a
# document that would expand to millions of values through aliases (an "alias bomb": nine levels of nested
# anchors grow past 3 GB) or nest deeper than the recursive composer can go, with a located error instead.
MAX_BYTES = 1_000_000
MAX_VALUES = 100_000  # values after every alias (*name) is expanded in place
MAX_DEPTH = 50
# Python prints no whole number of more than 4,300 digits (CVE-2020-10735): every message showing such a value
# would fail, so one is refused where it is read, in whichever notation it was written.
TOO_LONG = 10 ** sys.get_int_max_str_digits()

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


def _mark(node: yaml.Node | yaml.Mark) -> tuple[int, int]:
    mark = getattr(node, "start_mark", node)
    return (mark.line + 1, mark.column + 1)


class TooBig(Exception):
    """The document crosses a size bound at `mark`; stops composing at once (nothing more is read)."""

    def __init__(self, mark: yaml.Mark, message: str):
        super().__init__(message)
        self.mark, self.message = mark, message


class BoundedLoader(yaml.SafeLoader):
    """SafeLoader that counts values as if every alias were expanded and refuses a document past MAX_VALUES or
    MAX_DEPTH at the alias or node that crosses the bound; a scalar that YAML reads as an impossible date (or a
    number Python refuses) becomes its text plus an entry in `bad`, so every such slip is reported at once."""

    def __init__(self, text: str):
        super().__init__(text)
        self.expanded, self.depth, self.deepest = 0, 0, 0
        self.size: dict = {}  # anchor -> (values, height) of the finished anchored node
        self.bad: dict[int, tuple[yaml.Node, str]] = {}  # id(node) -> (node, message)

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            return self._alias(event, parent, index)
        if self.depth >= MAX_DEPTH:
            raise TooBig(event.start_mark, f"expected at most {MAX_DEPTH} levels of nesting, got deeper here; "
                         "a case.yaml needs fewer than 10")
        start, outer = self.expanded, self.deepest
        self.expanded += 1
        self.depth += 1
        self.deepest = max(self.deepest, self.depth) if event.anchor is None else self.depth
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        if event.anchor is not None:
            self.size[event.anchor] = (self.expanded - start, self.deepest - self.depth)
            self.deepest = max(outer, self.deepest)
        self._check(event)
        return node

    def _alias(self, event: yaml.AliasEvent, parent, index):
        if event.anchor in self.anchors and event.anchor not in self.size:
            raise TooBig(event.start_mark, f"expected an alias to a finished anchor, got *{event.anchor} inside "
                         f"&{event.anchor} itself (a value cannot contain itself)")
        values, height = self.size.get(event.anchor, (0, 0))
        self.expanded += values
        self.deepest = max(self.deepest, self.depth + height)
        self._check(event)
        return super().compose_node(parent, index)

    def _check(self, event) -> None:
        if self.expanded > MAX_VALUES:
            what = f"alias *{event.anchor}" if isinstance(event, yaml.AliasEvent) else "this value"
            raise TooBig(event.start_mark, f"expected a case.yaml of at most {MAX_VALUES:,} values with its "
                         f"aliases expanded, got more at {what} (an alias repeats everything its anchor holds, "
                         "so nested anchors multiply); write the values out or reuse fewer anchors")
        if self.deepest > MAX_DEPTH:
            raise TooBig(event.start_mark, f"expected at most {MAX_DEPTH} levels of nesting with aliases "
                         f"expanded, got deeper at alias *{event.anchor}")

    def _lenient(self, construct, node):
        """The value, or the node's own text when YAML's reading of it is impossible (recorded in `bad`)."""
        try:
            value = construct(self, node)
        except (ValueError, OverflowError) as exc:
            self.bad[id(node)] = (node, _unreadable(node, exc))
            return node.value
        if isinstance(value, int) and abs(value) >= TOO_LONG:  # read from hex, octal or 1:2:3 notation
            self.bad[id(node)] = (node, _unreadable(node, ValueError("too long")))
            return node.value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > sys.float_info.max:
            # .inf, or a whole number no float can hold: comparing it with a float column overflows, and no
            # setting means infinity
            self.bad[id(node)] = (node, f"expected a finite number, got {_clip(node.value)} (larger than any "
                                  "setting can hold); write the value, or remove the key for its default")
            return node.value
        if value != value:  # .nan passes every min/max rule (all comparisons are false), so no setting may be one
            self.bad[id(node)] = (node, f"expected a number, got {node.value!r} (not a number); write the value, "
                                  "or remove the key for its default")
            return node.value
        return value


def _wrap(tag: str) -> None:
    construct = yaml.SafeLoader.yaml_constructors[tag]
    BoundedLoader.add_constructor(tag, lambda loader, node: loader._lenient(construct, node))


for _tag in ("timestamp", "int", "float"):
    _wrap(f"tag:yaml.org,2002:{_tag}")


def _clip(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _unreadable(node: yaml.ScalarNode, exc: Exception) -> str:
    if node.tag.endswith(":timestamp"):
        return f"expected a real calendar date (YYYY-MM-DD), got {node.value!r} ({_date_reason(node.value, exc)}); " \
               "quote it if it is meant as text"
    return f"expected a whole number of at most {sys.get_int_max_str_digits():,} digits, got a longer one; quote " \
           "it if it is meant as text"


def _date_reason(text: str, exc: Exception) -> str:
    """Why a YYYY-MM-DD[ hh:mm:ss] the YAML resolver took for a timestamp is no real moment."""
    parts = yaml.SafeLoader.timestamp_regexp.match(text).groupdict()
    year, month, day = int(parts["year"]), int(parts["month"]), int(parts["day"])
    if not 1 <= month <= 12:
        return f"there is no month {month}; months run 1–12"
    if year < 1:
        return "years start at 1"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{calendar.month_name[month]} {year} has {days} days"
    if "offset" in str(exc):
        return "UTC offsets run from -23:59 to +23:59"
    return f"{exc}"  # hour, minute or second out of range, in Python's words


def _walk(node: yaml.Node, path: Path_, loc: Located, problems: list[Problem], bad: dict | None = None) -> None:
    loc.values[path] = _mark(node)
    if bad and id(node) in bad:
        line, col = _mark(node)
        problems.append(Problem(loc.file, line, col, dotted(path), bad.pop(id(node))[1]))
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
            _walk(value_node, path + (key,), loc, problems, bad)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), loc, problems, bad)


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


def _read(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """The text of `path`, or a located problem: too large (at the line that crosses MAX_BYTES) or not UTF-8."""
    with path.open("rb") as fh:
        raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        line = raw[:MAX_BYTES].count(b"\n") + 1
        return None, [Problem(display, line, 1, "", f"expected a case.yaml of at most {MAX_BYTES:,} bytes, got "
                              f"{path.stat().st_size:,}; the bound is crossed on this line (rows of data belong in "
                              "the data files under data:)")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [Problem(display, 1, 1, "", f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8")]


def _reader_problem(exc: yaml.reader.ReaderError, text: str, display: str) -> Problem:
    """A character YAML refuses (a control character pasted in), at its line and column."""
    before = text[:exc.position]
    line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
    return Problem(display, line, col, "", f"expected printable text, got the control character "
                   f"U+{exc.character:04X}; delete it (it often comes with text pasted from another program)")


def load_located(path: Path, display: str) -> tuple[Located | None, list[Problem]]:
    """Parse `path`; on a syntax error or a crossed bound return (None, [located problem]). Impossible dates and
    numbers are returned as problems beside the document (their text stands in for the value)."""
    text, problems = _read(path, display)
    if text is None:
        return None, problems
    try:
        loader = BoundedLoader(text)
    except yaml.reader.ReaderError as exc:  # the reader checks every character before anything is parsed
        return None, [_reader_problem(exc, text, display)]
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return None, [Problem(display, mark.line + 1, mark.column + 1, "", _syntax_message(exc))]
    except TooBig as exc:
        return None, [Problem(display, *_mark(exc.mark), "", exc.message)]
    finally:
        loader.dispose()
    loc = Located(data=data, file=display)
    if node is not None:
        _walk(node, (), loc, problems, loader.bad)
    for bad_node, message in loader.bad.values():  # keys of mappings: not walked as values
        problems.append(Problem(display, *_mark(bad_node), "", message))
    return loc, problems
