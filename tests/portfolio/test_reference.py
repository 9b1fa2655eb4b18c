"""The reference set's rows: k-anonymity coarsening on sector × size band × country (hand-counted), the profile of
a final version (never a name, codename, case id or free text), appending with fresh REF ids, and the CSV import's
located check."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from smaa_build.errors import SpecError
from smaa_build.portfolio import reference as R
from smaa_build.spec.paths import display_path

HEADER = "case_id,sector,size_band,year,org_model,hdi,vdi,hi,vai,kpi_jaccard,manual_share\n"
SET = HEADER + (
    "REF-01,J,250-999,2021,organic,0.500,0.500,0.200,0.700,0.100,0.400\n"
    "REF-02,J,250-999,2022,holistic,0.600,0.600,0.300,0.800,0.200,0.300\n"
    "REF-03,M,<250,2020,organic,0.400,,0.100,0.600,0.100,0.500\n"
)
ROWS = [{"sector": "J", "size_band": "250-999"}, {"sector": "J", "size_band": "250-999"},
        {"sector": "M", "size_band": "<250"}, {"sector": "K", "size_band": "1000-4999", "country": "DE"},
        {"sector": "D", "size_band": "250-999", "country": "FR"}, {"sector": "E", "size_band": "<250"}]
UNIQUE = {"sector": "C", "size_band": "250-999", "country": "IT"}


# ---------------------------------------------------------------- coarsening, counted by hand

def test_cell_sizes_at_each_step_of_the_ladder():
    # as given: no other C × 250-999 -> 1; macro-sector (Industry: C-F): D is from FR, E is <250 -> 1;
    # + wider band (<1000): E (no country: could be anywhere) joins, D (FR) does not -> 2; no country: D joins -> 3
    assert [R.cell_size(UNIQUE, ROWS, step) for step in R.LADDER] == [1, 1, 2, 3]


def test_a_profile_that_would_be_unique_is_coarsened_until_k_share_it():
    row, step = R.coarsen(UNIQUE, ROWS, k=3)
    assert step.name == "macro-sector, wider size band, no country"
    assert row == {"sector": "Industry and construction", "size_band": "<1000", "country": ""}
    row, step = R.coarsen(UNIQUE, ROWS, k=2)
    assert (step.name, row) == ("macro-sector and wider size band",
                                {"sector": "Industry and construction", "size_band": "<1000", "country": "IT"})


def test_a_profile_k_already_share_is_kept_as_given():
    row, step = R.coarsen({"sector": "J", "size_band": "250-999", "country": "IT"}, ROWS, k=3)
    assert step.name == "as given" and row == {"sector": "J", "size_band": "250-999", "country": "IT"}


def test_macro_sector_alone_can_be_enough():
    rows = ROWS + [{"sector": "F", "size_band": "250-999", "country": "IT"}]
    row, step = R.coarsen(UNIQUE, rows, k=2)  # F is Industry too, same band and country
    assert (step.name, row["sector"], row["size_band"]) == ("macro-sector", "Industry and construction", "250-999")


def test_a_profile_unique_even_at_the_coarsest_step_is_refused():
    with pytest.raises(R.ReferenceError) as err:
        R.coarsen(UNIQUE, ROWS, k=4)
    assert str(err.value) == ("the profile C × 250-999 × IT would single out fewer than k = 4 organisations even as "
                              "macro-sector, wider size band, no country (3 with it): it is not added; add it once "
                              "the set holds more cases like it")


def test_an_already_coarsened_row_counts_in_its_macro_sector():
    rows = [{"sector": "Industry and construction", "size_band": "<1000"}]
    assert R.cell_size({"sector": "C", "size_band": "<250"}, rows, R.LADDER[2]) == 2
    assert R.cell_size({"sector": "C", "size_band": "<250"}, rows, R.LADDER[0]) == 1


# ---------------------------------------------------------------- the set file

def test_the_set_hash_is_the_sha256_of_its_bytes(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(SET, encoding="utf-8")
    assert R.set_hash(path) == hashlib.sha256(SET.encode()).hexdigest()


def test_append_gives_fresh_ids_adds_the_country_column_and_changes_the_hash(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(SET, encoding="utf-8")
    new = {"sector": "J", "size_band": "250-999", "year": "2026", "org_model": "hub_and_spoke", "country": "IT",
           "hdi": 0.25, "vdi": None, "hi": 0.125, "vai": 0.5, "kpi_jaccard": 0.0, "manual_share": 1.0}
    added = R.append(path, [new], k=3)
    assert added.ids == ["REF-04"] and added.steps == ["as given"]
    assert added.before == hashlib.sha256(SET.encode()).hexdigest() and added.after == R.set_hash(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER.strip() + ",country"
    assert lines[1] == "REF-01,J,250-999,2021,organic,0.500,0.500,0.200,0.700,0.100,0.400,"
    assert lines[4] == "REF-04,J,250-999,2026,hub_and_spoke,0.250,,0.125,0.500,0.000,1.000,IT"
    assert R.validate(path)[3]["country"] == "IT"  # smaa's own reference check reads the new file


def test_a_coarsened_row_passes_smaas_reference_check(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(SET + "REF-04,E,<250,2019,organic,0.300,,,,,\n", encoding="utf-8")
    R.append(path, [{**UNIQUE, "year": "2026", "hdi": 0.5}], k=2)  # shares Industry × <1000 with REF-04
    rows = R.validate(path)
    assert (rows[-1]["sector"], rows[-1]["size_band"]) == ("Industry and construction", "<1000")


def test_a_refused_row_leaves_the_set_untouched(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(SET, encoding="utf-8")
    with pytest.raises(R.ReferenceError):
        R.append(path, [{"sector": "J", "size_band": "250-999"}, UNIQUE], k=3)  # all or nothing
    assert path.read_text(encoding="utf-8") == SET


# ---------------------------------------------------------------- the profile of a final version

def release(tmp_path: Path) -> Path:
    rel = tmp_path / "releases" / "final"
    rel.mkdir(parents=True)
    (rel / "case.yaml").write_text("engagement:\n  id: kestrel-2026\n  client: Secret Client S.p.A.\n"
                                   "  codename: Kestrel\n  sector: J62\n  size_band: '250–999'\n  country: IT\n"
                                   "  org_model: holistic\n  core_process: customer care\n", encoding="utf-8")
    (rel / "release.json").write_text(json.dumps({"date": "2026-05-04", "version": "final"}), encoding="utf-8")
    fs = {"diffusion.company.hdi": {"value": 0.61234}, "diffusion.company.hi": {"value": 0.2},
          "alignment.company.vai": {"value": 0.9, "suppressed": True},
          "alignment.kpi_jaccard_mean": {"value": 0.05}, "mapping.manual_share": {"value": None}}
    (rel / "findings.json").write_text(json.dumps({"findings": fs}), encoding="utf-8")
    return rel


def test_the_profile_holds_attributes_and_indices_only(tmp_path):
    row = R.profile(release(tmp_path))
    assert row == {"sector": "J", "size_band": "250-999", "year": "2026", "org_model": "holistic", "country": "IT",
                   "hdi": 0.612, "vdi": None, "hi": 0.2, "vai": None, "kpi_jaccard": 0.05, "manual_share": None}


def test_no_name_codename_id_or_text_reaches_the_set(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(SET, encoding="utf-8")
    R.append(path, [R.profile(release(tmp_path))], k=3)
    text = path.read_text(encoding="utf-8")
    for secret in ("Secret", "Kestrel", "kestrel", "customer care"):
        assert secret not in text


# ---------------------------------------------------------------- CSV import

def test_import_reassigns_ids_and_drops_unread_columns(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(SET, encoding="utf-8")
    old = tmp_path / "old.csv"
    old.write_text("case_id,sector,size_band,year,org_model,hdi,client_name\n"
                   "Acme Widgets,J,250-999,2015,organic,0.3,Acme Widgets\n", encoding="utf-8")
    added = R.import_csv(old, path, k=3)
    assert added.ids == ["REF-04"]
    text = path.read_text(encoding="utf-8")
    assert "Acme" not in text and text.splitlines()[-1] == "REF-04,J,250-999,2015,organic,0.300,,,,,,"


def test_import_reports_located_problems_and_writes_nothing(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(SET, encoding="utf-8")
    old = tmp_path / "old.csv"
    old.write_text("case_id,sector,size_band,hdi\nA,J,1000-5000,0.3\nB,ICT,250-999,1.4\n", encoding="utf-8")
    with pytest.raises(SpecError) as err:
        R.import_csv(old, path)
    shown = display_path(old)
    assert [str(p) for p in err.value.problems] == [
        f"{shown}:2:size_band: expected one of ['<250', '250-999', '1000-4999', '>=5000'], got '1000-5000' (or "
        "declare it under vocabularies.size_band)",
        f"{shown}:3:hdi: expected a value within [0, 1], got 1.4",
        f"{shown}:3:sector: expected a NACE section letter A–U (or a code such as 'J62'), got 'ICT' (or declare it "
        "under vocabularies.sector)"]
    assert path.read_text(encoding="utf-8") == SET


def test_a_coarsened_row_joins_the_benchmark_at_the_widened_steps():
    import pandas as pd

    from smaa_build.analyses.benchmark.benchmark import select_peers

    rows = [("REF-01", "G", "250-999"), ("REF-02", "H", "250-999"),
            ("REF-03", "Trade, transport and hospitality", "<1000"), ("REF-04", "J", "250-999")]
    ref = pd.DataFrame(rows, columns=["case_id", "sector", "size_band"])
    sel = select_peers(ref, "G", "250-999", n_peer_min=3)
    assert sel.step == "macro_sector" and sorted(sel.peers["case_id"]) == ["REF-01", "REF-02", "REF-03"]
    assert sel.tried == (("sector_size", 1), ("sector", 1), ("macro_sector", 3))
