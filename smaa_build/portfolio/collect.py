"""What the portfolio knows of each engagement: read from the repository only (case.yaml, the release snapshots in
cases/<id>/releases/ and their findings.json), never from a build folder, so the index shows what was published.

A case is a folder of the cases folder holding case.yaml; folders starting with '_' or '.' (the reference set,
hidden staging) are not cases. A case whose case.yaml has errors is still listed, with the first problem, so the
group sees it exists and that it needs `smaa check`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SmaaError, SpecError
from ..facts import RISK_HIGH_PLUS
from ..spec.case import settings
from ..releases import published, read_meta
from ..version_names import order_key

# Headline indices compared across cases: name -> (finding key, label). Risk bands are counted separately.
HEADLINES = {
    "hdi": ("diffusion.company.hdi", "Breadth of SMI use (HDI)"),
    "hi": ("diffusion.company.hi", "Intensity of SMI use (HI)"),
    "vai": ("alignment.company.vai", "Vertical alignment (VAI)"),
    "kpi_jaccard": ("alignment.kpi_jaccard_mean", "KPI overlap across functions (Jaccard)"),
    "high_risks": ("", "Risks rated High or Very high"),
    "smi_r": ("value.pearson_r", "SMI vs survey correlation (Pearson r)"),
}


@dataclass(frozen=True)
class Version:
    name: str  # draft-1, final, …
    title: str
    date: str
    status: str
    round: int
    reference_sha256: str | None  # the benchmark set it was built against (None: none recorded)


@dataclass
class Engagement:
    id: str
    name: str  # codename, or the client's name where report.show_client_name allows it
    sector: str = ""
    size_band: str = ""
    round: int | None = None
    status: str = ""
    date: str = ""  # report.date of the working version
    versions: list[Version] = field(default_factory=list)  # oldest first
    open_feedback: list[dict] = field(default_factory=list)
    feedback_rounds: set = field(default_factory=set)  # rounds with at least one feedback item
    indices: dict = field(default_factory=dict)  # HEADLINES name -> value of the newest version (None: not shown)
    problem: str = ""  # case.yaml could not be read

    @property
    def finished(self) -> bool:
        return any(v.status == "final" for v in self.versions)

    @property
    def newest(self) -> Version | None:
        return self.versions[-1] if self.versions else None


def case_folders(cases_dir: Path) -> list[Path]:
    return sorted(p for p in Path(cases_dir).iterdir()
                  if p.is_dir() and not p.name.startswith(("_", ".")) and (p / "case.yaml").is_file())


def reference_sha256(provenance: dict) -> str | None:
    return ((provenance or {}).get("reference_set") or {}).get("sha256")


def versions(case_dir: Path) -> list[Version]:
    out = []
    for release in published(case_dir):
        m = read_meta(release)
        out.append(Version(m["version"], m.get("title", m["version"]), str(m["date"]), m["status"], int(m["round"]),
                           reference_sha256(m.get("provenance"))))
    return sorted(out, key=lambda v: (order_key(v.status, v.round), v.name))


def _finding(findings: dict, key: str):
    f = findings.get(key) or {}
    return None if f.get("suppressed") else f.get("value")


def indices(findings_json: dict) -> dict:
    """The headline indices of one version as findings.json holds them (a suppressed value stays None)."""
    fs = findings_json.get("findings") or {}
    out = {name: _finding(fs, key) for name, (key, _label) in HEADLINES.items() if key}
    bands = [f.get("value") for k, f in fs.items() if k.startswith("risk.") and k.endswith(".worst_band")]
    out["high_risks"] = sum(b in RISK_HIGH_PLUS for b in bands) if bands else None
    return out


def _newest_findings(case_dir: Path, newest: Version | None) -> dict:
    if newest is None:
        return {}
    path = case_dir / "releases" / newest.name / "findings.json"
    return json.loads(path.read_text(encoding="utf-8"))


def engagement(case_dir: Path) -> Engagement:
    from ..spec import load_spec

    try:
        spec, _files, _warnings = load_spec(case_dir)
    except SpecError as exc:
        first = exc.problems[0] if exc.problems else None
        return Engagement(case_dir.name, case_dir.name, problem=str(first) if first else "case.yaml has errors")
    case = settings(spec)
    e, r = case.engagement, case.report
    found = Engagement(e.id, case.client_name, e.sector or "", e.size_band or "", r.round, r.status, r.date.isoformat())
    try:
        found.versions = versions(case_dir)
        found.indices = indices(_newest_findings(case_dir, found.newest))
    except (SmaaError, OSError, ValueError) as exc:
        found.problem = f"release snapshots unreadable: {exc}"
    found.open_feedback = [f for f in case.feedback if f.get("status") == "open"]
    found.feedback_rounds = {int(f["round"]) for f in case.feedback}
    return found


def collect(cases_dir: Path) -> list[Engagement]:
    return [engagement(p) for p in case_folders(cases_dir)]
