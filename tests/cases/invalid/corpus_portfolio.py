"""Corpus cases for the benchmark reference set that finished cases and historical studies feed (issue 16).
`smaa reference import FILE` checks a historical CSV with exactly the checks `smaa check` runs on a case's
data.reference, so these cases declare such a file as the case's reference set; tests/portfolio/test_cli.py checks
that the import prints the same located lines."""

from __future__ import annotations

from make_corpus import add_data, case, write

# A historical study file as it arrives: a client's name in a column nobody reads, a sector written out, a band
# typed wrong, an index outside 0-1, a model with a dash and an id used twice.
HISTORICAL = """case_id,client_name,sector,size_band,year,org_model,country,hdi,vai
H-2015-1,Acme Widgets,C,250-999,2015,organic,IT,0.41,0.55
H-2016-1,Borealis Foods,Retail,>=5000,2016,centralised,IT,0.52,0.61
H-2016-2,Corvo Logistics,H,1000-5000,2016,hub-and-spoke,FR,1.3,0.70
H-2016-2,Delta Insurance,K,1000-4999,2016,holistic,DE,0.66,0.72
"""

# Rows `smaa reference add` and `import` write when a profile would single out a firm: a macro-sector, a wider
# size band, the country kept or dropped. A case benchmarking against them checks clean.
COARSENED = """case_id,sector,size_band,year,org_model,hdi,vai,country
REF-01,J,250-999,2022,centralised,0.61,0.70,
REF-02,Industry and construction,<1000,2024,organic,0.44,0.52,IT
REF-03,Business services,>=1000,2025,holistic,0.71,0.80,
"""


def _reference(d, text: str) -> None:
    write(d, "data/reference.csv", text)
    add_data(d, "  reference: {file: data/reference.csv}")


@case
def reference_import_problems(d):
    _reference(d, HISTORICAL)


@case
def reference_coarsened_rows(d):
    _reference(d, COARSENED)
