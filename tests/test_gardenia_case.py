"""The example case cases/gardenia (issue 10): a social-listening export with its own column names, a language
column in the listening tool's own codes and posts in four languages. Its committed data are what generate.py
writes; `smaa check` finds nothing to say; the build sets aside exactly the posts the export labels as not English
(per language, the unrecognised code `mixed` on its own), lets the identifier decide only the rows the export left
unlabelled, and compares the English posts with a quarterly survey."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from smaa_build.analyses.value import language as la
from smaa_build.cli import main as cli
from smaa_build.run.build import prepare

REPO = Path(__file__).resolve().parents[1]
CASE = REPO / "cases" / "gardenia"
# the export's codes, read by hand from the file (not through normalise_code, which the build uses)
EXPORT_CODES = {"en": "en", "EN": "en", "en-GB": "en", "English": "en", "nl": "nl", "nl-NL": "nl", "NL": "nl",
                "Nederlands": "nl", "it": "it", "it-IT": "it", "Italiano": "it", "de": "de", "DE": "de",
                "Deutsch": "de", "mixed": "mixed", "": "unlabelled", "und": "unlabelled"}


def _generator():
    spec = importlib.util.spec_from_file_location("gardenia_generate", CASE / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def export() -> pd.DataFrame:
    return pd.read_csv(CASE / "data" / "posts.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    prep = prepare(CASE, tmp_path_factory.mktemp("out_gardenia"))
    files = {rel: data.decode("utf-8") for rel, data in prep.tree.files.items()}
    return {"files": files, "findings": json.loads(files["findings.json"])["findings"]}


def test_generate_reproduces_the_committed_files(tmp_path):
    _generator().main(["--out", str(tmp_path)])
    for path in sorted((CASE / "data").glob("*.csv")):
        assert (tmp_path / "data" / path.name).read_bytes() == path.read_bytes(), path.name


def test_smaa_check_is_clean():
    result = CliRunner().invoke(cli, ["check", str(CASE)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (f"{CASE}: valid (interviewees 12, codes 196, ratings 48, posts 8,640, "
                                     "traditional 12 rows).")


def test_the_export_is_what_the_case_claims(export):
    assert list(export.columns) == ["ID", "Datum", "Bericht", "Merk", "Auteur", "Taal"]
    assert set(export["Taal"]) == set(EXPORT_CODES)  # every spelling occurs, nothing else
    assert export["ID"].is_unique


def test_excluded_posts_equal_the_exports_own_labels(export, built):
    """Every post the export labels in another language than English is set aside, under that language; the
    unrecognised code `mixed` is counted on its own; nothing labelled English is dropped."""
    f = built["findings"]["value.language.excluded"]
    labels = export["Taal"].map(EXPORT_CODES)
    own = Counter(labels[~labels.isin(["en", "unlabelled"])])
    unlabelled = export[labels == "unlabelled"]
    identified = Counter(la.identify(unlabelled["Bericht"].tolist(), "en"))
    expected = own + Counter({k: n for k, n in identified.items() if k not in ("en", la.SHORT)})
    assert f["extra"]["by_language"] == dict(expected)
    assert f["extra"]["unrecognised"] == {"mixed": own["mixed"]} and own["mixed"] > 0
    assert f["extra"]["method"] == "column" and f["extra"]["source"] == "Taal"
    assert f["extra"]["column_undetermined"] == len(unlabelled)
    assert f["value"] == sum(expected.values())
    kept = (labels == "en").sum() + identified["en"] + identified[la.SHORT]
    assert built["findings"]["value.posts.used"]["value"] == kept


def test_the_identifier_gets_the_unlabelled_rows_right(export):
    """The rows the export left unlabelled were written from the English, Dutch or Italian phrase bank: the
    identifier keeps every English one and sets aside every other one, under its language or, when no language
    is sure enough (one Dutch phrase reads as Low German at 0.39), as undetermined."""
    bank = {phrase.lower(): lang for lang, phrases in _generator().PHRASES.items()
            for phrase in (sum(phrases.values(), []) if isinstance(phrases, dict) else phrases)}
    unlabelled = export[export["Taal"].isin(["", "und"])]
    truth = [next(lang for p, lang in bank.items() if p in text.lower()) for text in unlabelled["Bericht"]]
    assert sorted(set(truth)) == ["en", "it", "nl"]
    found = la.identify(unlabelled["Bericht"].tolist(), "en").tolist()
    assert all(f == t or (t != "en" and f == la.UNDETERMINED) for f, t in zip(found, truth))
    assert sum(f == t for f, t in zip(found, truth)) == len(truth) - 4


def test_the_page_says_it(built):
    body = built["files"]["docs/value.md"]
    section = body[body.index("## What went into the numbers"):body.index("| Step |")]
    assert ("4,713 posts are set aside as not in English, the language the sentiment scorer reads: 3,015 in Dutch, "
            "1,092 in Italian, 558 in German, 44 labelled `mixed` and 4 undetermined.") in section
    assert "The language of each post is the export's own column `Taal`; 128 posts it leaves empty" in section
    assert 'warning "Language codes smaa does not recognise"' in body and "`mixed` (44 posts)" in body


def test_the_comparison_is_quarterly(built):
    setup = built["findings"]["value.setup"]["extra"]
    assert setup["period"] == "quarter" and setup["language"] == "en"
    assert built["findings"]["value.pearson_r"]["n"] == 12
