"""The validated case, typed. `settings(spec)` turns the validated case.yaml (defaults filled in) into frozen
dataclasses: every stage after spec/ reads `engagement.id`, `report.k_min`, `organisation.functions`, … from them,
never the raw dict (tests/run/test_raw_spec.py). `Case` is what every analysis gets: those settings plus the data
as DataFrames and absolute paths."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping

from ..version_names import name_of

if TYPE_CHECKING:  # pandas is heavy; a cached rebuild never needs it
    import pandas as pd


@dataclass(frozen=True)
class Unit:
    """A function, level or activity of organisation:, as the data files name it (`id`) and the report prints it."""
    id: str
    label: str
    rank: int | None = None  # levels: 1 is the top
    headcount: int | None = None  # functions


@dataclass(frozen=True)
class Engagement:
    id: str
    client: str
    codename: str | None = None
    sector: str | None = None
    size_band: str | None = None
    country: str | None = None
    language: str = "en"
    org_model: str | None = None
    core_process: str | None = None
    period: tuple[dt.date, dt.date] | None = None  # fieldwork (start, end)


@dataclass(frozen=True)
class ReportSettings:
    round: int
    status: str  # "draft" | "final"
    date: dt.date
    authors: tuple[str, ...]
    k_min: int
    show_client_name: bool
    privacy: str  # "host-auth" | "encrypted"
    confidentiality: str
    feedback_email: str | None = None

    @property
    def draft(self) -> bool:
        return self.status != "final"

    @property
    def version(self) -> str:
        """draft-<round> or final."""
        return name_of(self.status, self.round)


@dataclass(frozen=True)
class Organisation:
    functions: tuple[Unit, ...]
    levels: tuple[Unit, ...]
    activities: tuple[Unit, ...]
    management_levels: tuple[str, ...] | None = None

    def labels(self, kind: str) -> dict[str, str]:
        """id -> label of `functions`, `levels` or `activities`."""
        return {u.id: u.label for u in getattr(self, kind)}

    def levels_top_first(self) -> list[Unit]:
        return sorted(self.levels, key=lambda u: u.rank)


@dataclass(frozen=True)
class Settings:
    """case.yaml after validation. The chapters' own option blocks (value, resilience, risks, benchmark, data,
    conventions) stay read-only mappings that their analyses interpret."""
    engagement: Engagement
    report: ReportSettings
    organisation: Organisation
    data: Mapping[str, Any]
    value: Mapping[str, Any]
    resilience: Mapping[str, Any]
    risks: Mapping[str, Any]
    benchmark: Mapping[str, Any]
    conventions: Mapping[str, Any]
    narrative: Mapping[str, str]
    feedback: tuple[Mapping[str, Any], ...]
    recommendations: tuple[Mapping[str, Any], ...]

    @property
    def client_name(self) -> str:
        """What the report calls the client: its name when report.show_client_name, else the codename."""
        e = self.engagement
        return e.client if self.report.show_client_name or not e.codename else e.codename


def _units(items) -> tuple[Unit, ...]:
    return tuple(Unit(str(i["id"]), str(i["label"]), i.get("rank"), i.get("headcount")) for i in items or ())


def _frozen(d) -> Mapping[str, Any]:
    return MappingProxyType(dict(d or {}))


def settings(spec: Mapping[str, Any]) -> Settings:
    """The typed view of a validated spec (load_spec's first value)."""
    e, r, o = spec["engagement"], spec["report"], spec["organisation"]
    period = e.get("period")
    return Settings(
        engagement=Engagement(e["id"], e["client"], e.get("codename"), e.get("sector"), e.get("size_band"),
                              e.get("country"), e.get("language") or "en", e.get("org_model"), e.get("core_process"),
                              (period["start"], period["end"]) if period else None),
        report=ReportSettings(int(r["round"]), r["status"], r["date"], tuple(r.get("authors") or ()), int(r["k_min"]),
                              bool(r.get("show_client_name")), r.get("privacy", "host-auth"), r["confidentiality"],
                              r.get("feedback_email")),
        organisation=Organisation(_units(o["functions"]), _units(o["levels"]), _units(o["activities"]),
                                  tuple(o["management_levels"]) if o.get("management_levels") else None),
        data=_frozen(spec.get("data")), value=_frozen(spec.get("value")), resilience=_frozen(spec.get("resilience")),
        risks=_frozen(spec.get("risks")), benchmark=_frozen(spec.get("benchmark")),
        conventions=_frozen(spec.get("conventions")), narrative=_frozen(spec.get("narrative")),
        feedback=tuple(spec.get("feedback") or ()), recommendations=tuple(spec.get("recommendations") or ()))


@dataclass(frozen=True)
class Case:
    """`spec` is the validated case.yaml (defaults filled in), `settings` its typed view; `tables` maps each declared
    data kind (interviewees, codes, ratings, kpis, flows, posts, traditional, reference) to a DataFrame whose
    columns use the canonical names of methods.md §0; `files` maps each kind to its absolute path; `root` is the
    case folder."""

    root: Path
    spec_path: Path
    spec: Mapping[str, Any]
    tables: Mapping[str, "pd.DataFrame"] = field(default_factory=dict)
    files: Mapping[str, Path] = field(default_factory=dict)
    provenance: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple = ()
    cache_dir: Path | None = None  # per-post work (sentiment, text features); None: <root>/.smaa-cache

    @functools.cached_property  # built on first use (test cases may hold a partial spec and never ask)
    def settings(self) -> Settings:
        return settings(self.spec)

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


def case_language(spec: Mapping[str, Any]) -> str:
    """The language a case's report is written in (engagement.language; the schema refuses any other). Read raw
    here, in spec/, because kit, site and pages hand it the spec before (or without) building Settings."""
    return (spec.get("engagement") or {}).get("language") or "en"


def stored(spec: Mapping[str, Any], name: str) -> Any:
    """A top-level block of a case.yaml as an earlier release stored it (None when absent). That spec was valid
    under the schema of its day, not necessarily today's, so it gets no Settings: the comparisons across
    versions (pages/changes, the reference set's profile) read it through here, tolerantly."""
    return spec.get(name)


def freeze(d: dict) -> Mapping[str, Any]:
    return MappingProxyType(d)
