"""The fieldwork kit's coding workbook tampered with (issue 17): each case is the workbook `smaa kit` writes for the
base case, filled with the base's codes (the consensus sheet, and C1/C2 coding the first two interviews), then
changed the way a spreadsheet gets changed by hand. `smaa check` names the sheet, the row and the column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

from make_corpus import case, edit

CODING = "data/coding.xlsx"


def _saved(book) -> bytes:
    """The workbook with fixed metadata and zip timestamps, so regenerating the corpus gives identical bytes."""
    book.properties.created = book.properties.modified = dt.datetime(2026, 1, 1)
    buf, out = io.BytesIO(), io.BytesIO()
    book.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


def _filled(d):
    """The kit's coding workbook for the case in `d`, filled in, and declared as data.codes."""
    from smaa_build.kit.coding import coding_workbook
    from smaa_build.spec import load_spec

    spec, _files, _w = load_spec(d)
    people = [(r["interviewee_id"], r["function"]) for r in csv.DictReader((d / "data/interviewees.csv").open())]
    book, _subset = coding_workbook(spec, people, ["C1", "C2"], seed=1)
    codes = list(csv.DictReader((d / "data/codes.csv").open()))
    sheets = {"consensus": codes, **{c: [{**r, "coder_id": c} for r in codes if r["interviewee_id"] in
                                         ("INT-01", "INT-02")] for c in ("C1", "C2")}}
    for name, rows in sheets.items():
        for i, r in enumerate(rows, start=2):
            for j, col in enumerate(("interviewee_id", "coder_id", "activity", "dimension", "value"), start=1):
                book[name].cell(i, j, r[col])
    edit(d, "case.yaml", "codes: {file: data/codes.csv}", f"codes: {{file: {CODING}}}")
    (d / "data/codes.csv").unlink()
    return book


@case
def kit_value_over_dropdown(d):
    # LibreOffice and a paste both get past a dropdown: a word typed where the use code (0 or 1) belongs
    book = _filled(d)
    assert book["consensus"]["D6"].value == "use"
    book["consensus"]["E6"] = "yes"
    (d / CODING).write_bytes(_saved(book))


@case
def kit_deleted_column(d):
    # the second coder deletes the dimension column, which looked redundant to them
    book = _filled(d)
    book["C2"].delete_cols(4)
    (d / CODING).write_bytes(_saved(book))


@case
def kit_renamed_sheet(d):
    book = _filled(d)
    book["C2"].title = "Coder 2"
    (d / CODING).write_bytes(_saved(book))
