"""STAGE 3: the findings contract between compute and render (findings.json).

Every number the report shows is a Finding (a scalar with its n, interval and suppression flag) or a row of
a Table (long-form records that charts and tables are drawn from). Risks and recommendations are lists of
plain records. The file is deterministic: sorted keys, floats rounded to FLOAT_DIGITS, no timestamps.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
FLOAT_DIGITS = 6  # declared rounding of every float in findings.json


@dataclass
class Finding:
    """One reported statistic. `value` is None when it could not be computed (say why in `reason`) or is
    suppressed for confidentiality (`suppressed=True`, value dropped at serialisation)."""

    key: str
    label: str
    value: Any
    unit: str = ""
    n: int | None = None
    ci: tuple[float, float] | None = None
    ci_level: float | None = None
    p: float | None = None
    decimals: int = 2
    suppressed: bool = False
    reason: str = ""
    section: str = ""
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        # a reason written as a message (analyses/reasons.py) keeps it in extra["why"]: a page in another language
        # says it again from there; `reason` stays the English text
        stored = getattr(self.reason, "stored", None)
        if stored is not None:
            self.extra = {**self.extra, "why": stored()}
            self.reason = str(self.reason)


@dataclass
class Table:
    """Long-form records for a chart or table. `columns` describes each field once:
    {"name", "label", "kind": "text"|"number"|"percent"|"int", "decimals"}. A suppressed cell has its value set
    to None and its row's `suppressed` field true (renderers print "<k")."""

    key: str
    label: str
    columns: list[dict]
    rows: list[dict]
    section: str = ""
    note: str = ""
    n: int | None = None


def columns(*specs: tuple) -> list[dict]:
    """Table.columns from (name, label[, kind[, decimals]]) tuples; kind defaults to text."""
    out = []
    for name, label, *rest in specs:
        kind = rest[0] if rest else "text"
        out.append({"name": name, "label": label, "kind": kind, **({"decimals": rest[1]} if len(rest) > 1 else {})})
    return out


@dataclass
class Findings:
    """Everything the render stage may show."""

    meta: dict = field(default_factory=dict)
    findings: dict[str, Finding] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    risks: list[dict] = field(default_factory=list)
    recommendations: list[dict] = field(default_factory=list)

    def add(self, *items: Finding | Table) -> None:
        for item in items:
            target = self.findings if isinstance(item, Finding) else self.tables
            if item.key in target:
                raise ValueError(f"duplicate finding key {item.key!r}")
            target[item.key] = item

    def value(self, key: str) -> Any:
        return self.findings[key].value


def clean(obj: Any) -> Any:
    """JSON-ready copy: floats rounded, NaN/inf to None, tuples to lists, numpy scalars to Python."""
    if hasattr(obj, "item") and not isinstance(obj, (list, dict, str)):
        obj = obj.item()
    if isinstance(obj, bool) or obj is None or isinstance(obj, (int, str)):
        return obj
    if isinstance(obj, float):
        if not math.isfinite(obj):
            return None
        r = round(obj, FLOAT_DIGITS)
        return 0.0 if r == 0 else r
    if isinstance(obj, dict):
        return {str(k): clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [clean(v) for v in obj]
    raise TypeError(f"cannot serialise {type(obj).__name__} in findings")


# Text fields that restate a suppressed statistic in words ("strong", "aligned", …) are dropped with it.
_DERIVED_TEXT = re.compile(r"(^|_)(band|flag|ok|verdict|delta|direction)$")
_KEEP_NUMBERS = {"level_rank", "rank_order"}  # structural positions, not statistics


def _finding_record(f: Finding) -> dict:
    rec = asdict(f)
    if f.suppressed:  # computed but never published (M12): nothing derived from the value survives either
        rec.update(value=None, ci=None, p=None, extra={})
    return rec


def _is_statistic(name: str, value, keep: set) -> bool:
    if name in keep:
        return False
    if _DERIVED_TEXT.search(name):
        return True
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _table_record(t: Table) -> dict:
    rec = asdict(t)
    keep = _KEEP_NUMBERS | {c["name"] for c in t.columns if c.get("keep_when_suppressed")}
    for row in rec["rows"]:
        if row.get("suppressed"):
            for name, value in list(row.items()):
                if _is_statistic(name, value, keep):
                    row[name] = None
    return rec


def to_dict(fs: Findings) -> dict:
    return clean(
        {
            "schema_version": SCHEMA_VERSION,
            "meta": fs.meta,
            "findings": {k: _finding_record(f) for k, f in sorted(fs.findings.items())},
            "tables": {k: _table_record(t) for k, t in sorted(fs.tables.items())},
            "risks": fs.risks,
            "recommendations": fs.recommendations,
        }
    )


def dumps(fs: Findings) -> str:
    return dumps_dict(to_dict(fs))


def dumps_dict(data: dict) -> str:
    """The text of findings.json for to_dict's result (or for one read back from findings.json: its records are
    clean already, so a build that takes its findings from the cache skips the records' round trip)."""
    return json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def from_dict(data: dict) -> Findings:
    if data.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"findings schema_version {data.get('schema_version')!r}, expected {SCHEMA_VERSION}")
    fs = Findings(meta=data["meta"], risks=data["risks"], recommendations=data["recommendations"])
    for rec in data["findings"].values():
        rec = dict(rec)
        if rec.get("ci") is not None:
            rec["ci"] = tuple(rec["ci"])
        fs.findings[rec["key"]] = Finding(**rec)
    for rec in data["tables"].values():
        fs.tables[rec["key"]] = Table(**rec)
    return fs


def load(path: Path) -> Findings:
    return from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
