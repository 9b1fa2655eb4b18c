"""The benchmark reference set (cases/_reference/cases.csv): its version, and the rows finished cases and historical
studies add to it (design §6, methods.md M6; issue 16).

- The set's version is the sha256 of its file: a build records it in its provenance (`reference_set`), so a report
  says which set it was benchmarked against, and "What changed" and `smaa check --all` can tell when it moved.
- `smaa reference add CASE` turns the final version of a case that declares `benchmark.consent: true` into one
  anonymised profile row: sector, size band, country, year, organisational model and the benchmarked indices. Never
  the client's name, codename, case id or any free text; the row gets the next free `REF-nn` id.
- `smaa reference import CSV` adds historical studies, after the same located checks `smaa check` runs on a
  reference file.
- k-anonymity: before a row enters the set, the organisations it shares its sector × size band × country with
  (itself included) must number at least k. When they do not, the profile is coarsened step by step (macro-sector,
  then the wider size band, then no country) until they do; a profile still unique at the coarsest step is refused.
  A row with no country (the historical rows) could be from anywhere, so it matches every country.

Rows are appended; the file is rewritten atomically (temporary file + rename), and published versions are never
touched: they keep their snapshot, only the next build of a case reads the new set.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .. import atomic
from ..errors import SmaaError, SpecError
from ..facts import K_MIN_DEFAULT, MACRO_SECTORS
from ..spec.case import settings, stored
from ..spec.columns import REFERENCE_METRICS, WIDER_SIZE_BANDS, nace_section, size_band

ATTRIBUTES = ("case_id", "sector", "size_band", "year", "org_model")
COUNTRY = "country"
ID_PREFIX = "REF-"
CONTRIBUTION = "benchmark-contribution.json"  # in a case folder: the row it added, so it is never added twice
DECIMALS = 3  # as the shipped rows


class ReferenceError(SmaaError):
    """A row smaa refuses to add to the reference set (no consent, no final version, would single out a firm, …)."""


# ---------------------------------------------------------------- the set's version

def set_hash(path: Path) -> str:
    """sha256 of the set's bytes: the version a build records (the same digest as its provenance inputs)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def short(digest: str | None) -> str:
    return (digest or "none")[:12]


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    """(header, rows as text) of a reference CSV; values kept exactly as written."""
    text = Path(path).read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), [dict(r) for r in reader]


# ---------------------------------------------------------------- k-anonymity (pure)

@dataclass(frozen=True)
class Step:
    name: str  # what was coarsened, for the message and the contribution record
    macro: bool
    wider: bool
    country: bool  # the country still counts


LADDER = (Step("as given", False, False, True), Step("macro-sector", True, False, True),
          Step("macro-sector and wider size band", True, True, True),
          Step("macro-sector, wider size band, no country", True, True, False))


def macro_sector(sector: str) -> str:
    """A NACE section's macro-sector; a macro-sector (an already coarsened row) is its own."""
    section = nace_section(sector)
    return MACRO_SECTORS.get(section, sector) if section else ""


def wider_band(band: str) -> str:
    return WIDER_SIZE_BANDS.get(size_band(band) or band, band)


def _quasi(row: dict, step: Step) -> tuple[str, str]:
    sector, band = row.get("sector") or "", row.get("size_band") or ""
    sector = macro_sector(sector) if step.macro else (nace_section(sector) or sector)
    band = wider_band(band) if step.wider else (size_band(band) or band)
    return sector, band


def _same_country(a: dict, b: dict) -> bool:
    ca, cb = (a.get(COUNTRY) or "").upper(), (b.get(COUNTRY) or "").upper()
    return not ca or not cb or ca == cb


def cell_size(row: dict, rows: list[dict], step: Step) -> int:
    """Organisations sharing the row's quasi-identifiers at this step, the row itself included."""
    mine = _quasi(row, step)
    return 1 + sum(_quasi(r, step) == mine and (not step.country or _same_country(r, row)) for r in rows)


def apply(row: dict, step: Step) -> dict:
    sector, band = _quasi(row, step)
    return {**row, "sector": sector, "size_band": band, COUNTRY: (row.get(COUNTRY) or "") if step.country else ""}


def coarsen(row: dict, rows: list[dict], k: int) -> tuple[dict, Step]:
    """The least coarsened form of `row` that shares its sector × size band × country with at least k-1 rows of
    the set; ReferenceError when even the coarsest would single it out."""
    for step in LADDER:
        n = cell_size(row, rows, step)
        if n >= k:
            return apply(row, step), step
    raise ReferenceError(
        f"the profile {nace_section(row.get('sector'))} × {row.get('size_band')} × {row.get(COUNTRY) or 'any country'}"
        f" would single out fewer than k = {k} organisations even as {LADDER[-1].name} ({n} with it): it is not "
        "added; add it once the set holds more cases like it")


# ---------------------------------------------------------------- the profile row of a final version

def _value(findings: dict, key: str) -> float | None:
    f = findings.get(key)
    if not f or f.get("suppressed") or f.get("value") is None:
        return None
    return round(float(f["value"]), DECIMALS)


def profile(release: Path) -> dict:
    """The anonymised profile of a published version: engagement attributes from its case.yaml as published and
    the benchmarked indices from its findings.json. Nothing else is read into the row."""
    import yaml

    from ..analyses.indicators import BENCHMARK_SOURCES

    spec = yaml.safe_load((release / "case.yaml").read_text(encoding="utf-8-sig"))
    meta = json.loads((release / "release.json").read_text(encoding="utf-8"))
    findings = json.loads((release / "findings.json").read_text(encoding="utf-8"))["findings"]
    e = stored(spec, "engagement") or {}  # an earlier release's case.yaml, as it was stored
    row = {"sector": nace_section(e.get("sector")) or "", "size_band": size_band(e.get("size_band")) or "",
           "year": str(meta["date"])[:4], "org_model": e.get("org_model") or "", COUNTRY: e.get("country") or ""}
    for metric, key in BENCHMARK_SOURCES.items():
        row[metric] = _value(findings, key)
    return row


# ---------------------------------------------------------------- writing the set

def next_id(rows: list[dict]) -> str:
    numbers = [int(m.group(1)) for r in rows if (m := re.fullmatch(rf"{ID_PREFIX}(\d+)", r.get("case_id") or ""))]
    n = max(numbers, default=0) + 1
    return f"{ID_PREFIX}{n:02d}"


def header_for(header: list[str]) -> list[str]:
    """The set's columns, plus any of the contract's it lacks (country arrived with contributed rows)."""
    wanted = [*ATTRIBUTES, *REFERENCE_METRICS, COUNTRY]
    return list(header) + [c for c in wanted if c not in header]


def _cell(v) -> str:
    if v is None:
        return ""
    return f"{v:.{DECIMALS}f}" if isinstance(v, float) else str(v)


def dump(header: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({c: _cell(r.get(c)) for c in header} for r in rows)
    return out.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Readers (a build running now) see the old set or the new one, never half of one."""
    atomic.write_text(path, text)


@dataclass(frozen=True)
class Added:
    ids: list[str]
    steps: list[str]  # per row: the coarsening step that made it k-anonymous
    before: str  # set hash before
    after: str


def append(set_path: Path, new_rows: list[dict], k: int = K_MIN_DEFAULT) -> Added:
    """Coarsen each row against the set (and the rows added before it), give it the next REF id, write once."""
    set_path = Path(set_path)
    before = set_hash(set_path)
    header, rows = read_rows(set_path)
    ids, steps = [], []
    for row in new_rows:
        safe, step = coarsen(row, rows, k)
        safe = {**{c: safe.get(c) for c in (*ATTRIBUTES[1:], *REFERENCE_METRICS, COUNTRY)}, "case_id": next_id(rows)}
        rows.append(safe)
        ids.append(safe["case_id"])
        steps.append(step.name)
    write_atomic(set_path, dump(header_for(header), rows))
    return Added(ids, steps, before, set_hash(set_path))


# ---------------------------------------------------------------- smaa reference add / import

def default_set(case_dir: Path, spec: dict, files: dict) -> Path:
    """The set the case benchmarks against (data.reference), else cases/_reference/cases.csv beside it."""
    return Path(files["reference"]) if "reference" in files else Path(case_dir).parent / "_reference" / "cases.csv"


def add_case(case_path: Path, set_path: Path | None = None, k: int | None = None) -> tuple[Added, Path]:
    """`smaa reference add CASE`: the case's final version, with consent, into the set (once)."""
    from ..releases import releases_dir
    from ..spec import load_spec, spec_file

    spec, files, _ = load_spec(case_path)
    case_dir = spec_file(case_path).resolve().parent
    typed = settings(spec)
    case_id = typed.engagement.id
    if not typed.benchmark.get("consent"):
        raise ReferenceError(f"{case_id} has no benchmark consent: set benchmark.consent: true in case.yaml once the "
                             "client has agreed that its anonymised profile joins the reference set")
    final = releases_dir(case_dir) / "final"
    if not (final / "release.json").is_file():
        raise ReferenceError(f"{case_id} has no published final version ({final} is missing): publish the final "
                             "first; only a final version feeds the reference set")
    record = case_dir / CONTRIBUTION
    if record.is_file():
        done = json.loads(record.read_text(encoding="utf-8"))
        raise ReferenceError(f"{case_id} is already in the reference set as {done['row']} ({record})")
    set_path = Path(set_path or default_set(case_dir, spec, files))
    added = append(set_path, [profile(final)], int(k or typed.report.k_min))
    record.write_text(json.dumps({"row": added.ids[0], "set": os.path.relpath(set_path, case_dir),
                                  "coarsened": added.steps[0], "set_sha256": added.after}, indent=1) + "\n",
                      encoding="utf-8")
    return added, set_path


def validate(csv_path: Path) -> list[dict]:
    """A historical CSV read with the checks `smaa check` runs on data.reference; located problems raise
    SpecError. Rows come back with the contract's columns only (never a name or free text)."""
    from ..spec.data import load_tables

    spec = {"data": {"reference": {"file": str(csv_path)}}, "organisation": {}, "vocabularies": {}}
    tables, problems = load_tables(spec, {"reference": Path(csv_path)})
    if any(p.severity == "error" for p in problems) or "reference" not in tables:
        raise SpecError(problems)
    df = tables["reference"]
    keep = [c for c in (*ATTRIBUTES[1:], *REFERENCE_METRICS, COUNTRY) if c in df.columns]
    return [{c: _plain(r[c]) for c in keep} for r in df[keep].to_dict("records")]


def _plain(v):
    """pandas' missing values and numbers back to what the CSV writer prints."""
    if v is None or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float):
        return round(v, DECIMALS)
    return str(v)


def import_csv(csv_path: Path, set_path: Path, k: int = K_MIN_DEFAULT) -> Added:
    """`smaa reference import CSV`: every row checked, coarsened and given a fresh REF id; all or nothing."""
    return append(set_path, validate(csv_path), k)
