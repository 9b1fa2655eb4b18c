"""The analyses' own words in the client's language (issue 13): a reason for a statistic that could not be computed
is a whole message whose English text findings.json keeps and whose message and values are stored next to it, so
a page says it again in the report's language; facts' macro-sector names and the risk-band tooltip likewise."""

from __future__ import annotations

import re

import json

from smaa_build.analyses.indicators import _chapter_reason
from smaa_build.analyses.reasons import (COULD_NOT_COMPUTE, KPI_OVERLAP, NO_KPI_LIST, NOT_VALIDATED, Reason,
                                         restored)
from smaa_build.analyses.words import MACRO_SECTOR_NAMES
from smaa_build.facts import MACRO_SECTORS
from smaa_build.findings import Finding, Findings, dumps, from_dict
from smaa_build.i18n import use
from smaa_build.pages.base.bands import band_grid
from smaa_build.pages.base.reasons import reason_of, row_reason


def _read_back(*findings: Finding) -> Findings:
    fs = Findings()
    fs.add(*findings)
    return from_dict(json.loads(dumps(fs)))


def test_findings_json_keeps_the_english_reason_and_stores_its_message():
    why = Reason(NOT_VALIDATED, n=0, min=200)
    f = _read_back(Finding("quality.smi.accuracy", "Accuracy", None, reason=why)).findings["quality.smi.accuracy"]
    assert f.reason == "0 human-labelled posts (< 200): scorer not validated"
    assert f.extra["why"] == {"msg": "{n} human-labelled posts (< {min}): scorer not validated",
                              "values": {"n": 0, "min": 200}}
    assert restored(f.extra["why"]) == f.reason


def test_a_page_says_the_reason_in_the_reports_language():
    f = _read_back(Finding("quality.smi.accuracy", "Accuracy", None, reason=Reason(NOT_VALIDATED, n=0, min=200))
                   ).findings["quality.smi.accuracy"]
    with use("it"):
        assert reason_of(f) == ("solo 0 post sono etichettati da persone (ne servono almeno 200), quindi il "
                                "classificatore non è validato")
    with use("en"):
        assert reason_of(f) == "0 human-labelled posts (< 200): scorer not validated"
    plain = Finding("x", "x", None, reason="the researcher's own words")  # no stored message: as written
    with use("it"):
        assert reason_of(plain) == "the researcher's own words"
        assert reason_of(None) == "i dati necessari non sono presenti in questo caso"


def test_a_reason_that_quotes_another_finding_says_both_and_its_subject():
    """The risk register's "Why" quotes the indicator's own finding: what could not be computed, and why."""
    kpis = Finding("alignment.kpi_jaccard_mean", "Mean KPI overlap", None, reason=Reason(NO_KPI_LIST))
    why = _chapter_reason(_read_back(kpis), "alignment.kpi_jaccard_mean", KPI_OVERLAP)
    assert why == "the KPI overlap between functions could not be computed: no list of KPIs was collected"
    row = {"reason": str(why), "why": why.stored()}
    assert row["why"]["msg"] == COULD_NOT_COMPUTE
    with use("en"):
        assert row_reason(row) == str(why)
    with use("nl"):
        assert row_reason(row) == "de overlap van KPI's tussen functies kon niet worden berekend: er is geen lijst met KPI's opgegeven"
    with use("ru"):
        assert "data.kpis" not in row_reason(row) and "KPI" in row_reason(row)


def test_every_macro_sector_name_is_marked_for_translation():
    assert sorted(set(MACRO_SECTORS.values())) == sorted(MACRO_SECTOR_NAMES)


def test_the_band_tooltip_names_the_band_in_the_reports_language():
    rows = [{"x": "HR", "y": "R1", "band": "High", "label": "12"},
            {"x": "HR", "y": "R2", "band": "Not rated", "label": "–"}]
    tooltip = {}
    for lang in ("en", "it"):
        with use(lang):
            cells = band_grid(rows, "x", "y", "band", "label", title="t", x_title="X", y_title="Y")["layer"][0]
        tooltip[lang] = (cells["encoding"]["tooltip"][2]["field"], cells.get("transform"))
    assert tooltip["en"] == ("band", None)  # English: the data's own band names, the spec as before
    field, transform = tooltip["it"]
    assert field == "band_shown" and transform[0]["as"] == "band_shown"
    assert "'Alto'" in transform[0]["calculate"] and "'Non valutato'" in transform[0]["calculate"]


def test_a_withheld_finding_says_why_though_findings_json_keeps_no_extra_for_it():
    from smaa_build.analyses.disclosure import WITHHELD

    f = _read_back(Finding("mapping.interactive_share.operations", "Interactive share", 0.4, suppressed=True,
                           reason=WITHHELD)).findings["mapping.interactive_share.operations"]
    assert f.extra == {} and f.reason == "withheld for confidentiality (M12)"
    with use("it"):
        assert reason_of(f) == "non mostrato per tutelare la riservatezza"
        assert row_reason({"reason": ""}) == ""  # never the catalogue's header (gettext of "")


def test_no_reason_a_client_reads_names_a_configuration_key():
    """Reasons print on client pages ("Not computed: …"): a setting's key (data.kpis, engagement.core_process) is
    for the researcher's Method notes and the spec reference, not for the client (issue 13, item 4)."""
    from smaa_build.analyses import reasons

    texts = [v for k, v in vars(reasons).items() if k.isupper() and isinstance(v, str)]
    assert len(texts) > 20
    assert [t for t in texts if re.search(r"\b[a-z_]+\.[a-z_]+\b", t)] == []
