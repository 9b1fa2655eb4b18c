"""The validated Case handed to every analysis: immutable spec, absolute paths, data as DataFrames."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:  # pandas is heavy; a cached rebuild never needs it
    import pandas as pd


@dataclass(frozen=True)
class Case:
    """`spec` is the validated case.yaml (defaults filled in); `tables` maps each declared data kind
    (interviewees, codes, ratings, kpis, flows, posts, traditional, reference) to a DataFrame whose columns use
    the canonical names of methods.md §0; `files` maps each kind to its absolute path; `root` is the case folder."""

    root: Path
    spec_path: Path
    spec: Mapping[str, Any]
    tables: Mapping[str, "pd.DataFrame"] = field(default_factory=dict)
    files: Mapping[str, Path] = field(default_factory=dict)
    provenance: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple = ()
    cache_dir: Path | None = None  # per-post work (sentiment, text features); None: <root>/.smaa-cache

    @property
    def id(self) -> str:
        return self.spec["engagement"]["id"]

    @property
    def k_min(self) -> int:
        return int(self.spec["report"]["k_min"])

    def has(self, kind: str) -> bool:
        return kind in self.tables

    def labels(self, kind: str) -> dict[str, str]:
        """id -> label for organisation.functions / levels / activities."""
        return {item["id"]: item["label"] for item in self.spec["organisation"][kind]}

    def level_ranks(self) -> dict[str, int]:
        return {item["id"]: int(item["rank"]) for item in self.spec["organisation"]["levels"]}


def freeze(d: dict) -> Mapping[str, Any]:
    return MappingProxyType(d)
