"""Reading data files: delimiters, encodings, Italian Excel CSVs, XLSX sheets, size refusal, capped listings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from smaa_build.spec import reader
from smaa_build.spec.convert import bad_cells
from smaa_build.spec.data import read_kind
from smaa_build.spec.reader import read_raw, sniff_delimiter

PEOPLE = ["INT-01,comms,L1,Forlì", "INT-02,mkt,L2,Cantù", "INT-03,mkt,L3,Milano"]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # messages name files relative to the working directory


def csv_file(name: str, text: str, encoding: str = "utf-8") -> Path:
    path = Path(name)
    path.write_bytes(text.encode(encoding))
    return path


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def raw(path: Path, **opts):
    return read_raw(path, opts, str(path), "data.interviewees")


# ---- delimiters ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed_from_the_header(delimiter):
    header = delimiter.join(["interviewee_id", "function", "level"])
    assert sniff_delimiter(f"{header}\nINT-01{delimiter}a, b{delimiter}L1\n") == delimiter


def test_sniffing_a_single_column_header_falls_back_to_comma():
    assert sniff_delimiter("interviewee_id\nINT-01\n") == ","


def test_sniffing_counts_the_header_only():
    # the data rows are full of commas (free text), the header says `;`
    assert sniff_delimiter("post_id;text\n1;hello, world, again\n") == ";"


def test_declared_delimiter_that_the_header_does_not_use():
    path = csv_file("people.csv", "interviewee_id;function;level\nINT-01;comms;L1\n")
    df, problems = raw(path, delimiter="|")
    assert df is None
    assert messages(problems) == [
        "people.csv:1: data.interviewees.delimiter: expected a header separated by '|' (as declared), found one "
        "separated by ';' (declare `delimiter: ';'` or remove `delimiter:` to detect it)"]


def test_ragged_rows_are_all_listed_up_to_five():
    rows = ["a,b,c"] + [f"{i},{i},{i}" + (",x" if i % 2 else "") for i in range(16)]
    df, problems = raw(csv_file("r.csv", "\n".join(rows) + "\n"))
    hint = (" (a value holding ',' must be in double quotes; or the file uses another delimiter: declare "
            "`delimiter:` under data.interviewees)")
    assert df is None
    assert messages(problems) == [f"r.csv:{line}: expected 3 fields like the header, got 4{hint}"
                                  for line in (3, 5, 7, 9, 11)] + [
        "r.csv:13: and 3 more rows with a different number of fields"]


def test_short_rows_are_ragged_too():
    _, problems = raw(csv_file("r.csv", "a,b,c\n1,2,3\n4,5\n"))
    assert messages(problems)[0].startswith("r.csv:3: expected 3 fields like the header, got 2")


def test_quoted_delimiters_and_multiline_cells_are_not_ragged():
    text = 'post_id,text,brand\n1,"hello, world",H\n2,"two\nlines",H\n3,plain,H\n'
    df, problems = raw(csv_file("p.csv", text))
    assert problems == []
    assert df["text"].tolist() == ["hello, world", "two\nlines", "plain"]


def test_a_ragged_row_after_a_multiline_cell_is_located_at_its_first_line():
    text = 'post_id,text,brand\n1,"two\nlines",H\n2,x,H,extra\n'
    _, problems = raw(csv_file("p.csv", text))
    assert messages(problems)[0].startswith("p.csv:4: expected 3 fields like the header, got 4")


# ---- encodings -----------------------------------------------------------------------------------------------


def test_utf8_bom_is_not_part_of_the_first_column_name():
    path = csv_file("people.csv", "\ufeffinterviewee_id,function,level,site\n" + "\n".join(PEOPLE) + "\n")
    df, problems = raw(path)
    assert problems == []
    assert list(df.columns) == ["interviewee_id", "function", "level", "site"]
    assert df["site"].tolist() == ["Forlì", "Cantù", "Milano"]


def test_latin1_file_is_located_at_the_cell_with_a_cp1252_hint():
    path = csv_file("people.csv", "interviewee_id,function,level,site\n" + "\n".join(PEOPLE) + "\n", "latin-1")
    df, problems = raw(path)
    assert df is None
    assert messages(problems) == [
        "people.csv:2:site: expected UTF-8 text, got byte 0xec (if the cell should read 'Forlì', declare "
        "`encoding: cp1252` under data.interviewees)"]


def test_declared_cp1252_reads_the_accents():
    path = csv_file("people.csv", "interviewee_id,function,level,site\n" + "\n".join(PEOPLE) + "\n", "cp1252")
    df, problems = raw(path, encoding="cp1252")
    assert problems == [] and df["site"].tolist() == ["Forlì", "Cantù", "Milano"]


def test_utf16_file_is_recognised_by_its_byte_order_mark():
    path = csv_file("people.csv", "interviewee_id,site\nINT-01,Forlì\n", "utf-16")
    _, problems = raw(path)
    assert messages(problems) == [
        "people.csv:1: expected UTF-8 text, got UTF-16 (the file starts with its byte-order mark); declare "
        "`encoding: utf-16` under data.interviewees or save the file as UTF-8"]
    df, problems = raw(path, encoding="utf-16")
    assert problems == [] and df["site"].tolist() == ["Forlì"]


def test_latin1_column_name_is_located_in_the_header():
    _, problems = raw(csv_file("people.csv", "interviewee_id,città\nINT-01,x\n", "latin-1"))
    assert messages(problems) == [
        "people.csv:1:città: expected UTF-8 text, got byte 0xe0 (if the cell should read 'città', declare "
        "`encoding: cp1252` under data.interviewees)"]


def test_blank_lines_before_the_header_are_skipped():
    df, problems = raw(csv_file("people.csv", "\n\ninterviewee_id,site\nINT-01,Milano\n"))
    assert problems == [] and df.to_dict("list") == {"interviewee_id": ["INT-01"], "site": ["Milano"]}


def test_unknown_encoding_name():
    _, problems = raw(csv_file("people.csv", "a,b\n1,2\n"), encoding="latin-9000")
    assert messages(problems) == [
        "people.csv: data.interviewees.encoding: expected a known encoding (e.g. utf-8, cp1252), got 'latin-9000'"]


# ---- Italian Excel: `;`, decimal comma, CRLF -----------------------------------------------------------------


ITALIAN = ("interviewee_id;function;level;site;duration_min\r\n"
           "INT-01;comms;L1;Forlì;45,5\r\n"
           "INT-02;mkt;L2;Cantù;1.234,25\r\n"
           "INT-03;mkt;L3;Milano;60\r\n")


def test_semicolon_and_decimal_comma_as_italian_excel_writes_them():
    df, problems = read_kind("interviewees", csv_file("people.csv", ITALIAN), {"decimal": ","})
    assert problems == []
    assert df["duration_min"].tolist() == [45.5, 1234.25, 60.0]
    assert df["site"].tolist() == ["Forlì", "Cantù", "Milano"]


def test_decimal_comma_without_declaring_it_gets_a_hint():
    df, problems = read_kind("interviewees", csv_file("people.csv", ITALIAN), {"decimal": "."})
    hint = ' (the file uses a decimal comma? declare `decimal: ","` under data.interviewees)'
    assert messages(problems) == [f"people.csv:2:duration_min: expected a number, got '45,5'{hint}",
                                  f"people.csv:3:duration_min: expected a number, got '1.234,25'{hint}"]


# ---- XLSX ----------------------------------------------------------------------------------------------------


def workbook(path: str) -> Path:
    wb = Workbook()
    wb.active.title = "Notes"
    wb.active.append(["read me"])
    ws = wb.create_sheet("people")
    ws.append(["interviewee_id", "function", "level", "interview_date", "duration_min", "unique_role"])
    ws.append(["INT-01", "comms", "L1", dt.datetime(2026, 3, 2), 45, True])
    ws.append(["INT-02", "mkt", "L2", dt.date(2026, 3, 3), 45.5, False])
    ws.append(["INT-03", "mkt", "L3", None, None, None])
    wb.save(path)
    return Path(path)


def test_xlsx_named_sheet_is_read_as_text_with_iso_dates():
    df, problems = raw(workbook("people.xlsx"), sheet="people")
    assert problems == []
    assert df.to_dict("list") == {
        "interviewee_id": ["INT-01", "INT-02", "INT-03"], "function": ["comms", "mkt", "mkt"],
        "level": ["L1", "L2", "L3"], "interview_date": ["2026-03-02", "2026-03-03", ""],
        "duration_min": ["45", "45.5", ""], "unique_role": ["True", "False", ""]}


def test_xlsx_cells_get_their_column_types():
    df, problems = read_kind("interviewees", workbook("people.xlsx"), {"sheet": "people"})
    assert problems == []
    assert df["interview_date"].tolist()[:2] == [pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-03")]
    assert df["duration_min"].tolist()[:2] == [45.0, 45.5]
    assert df["unique_role"].tolist()[:2] == [True, False]


def test_xlsx_without_a_sheet_reads_the_first_one():
    df, problems = raw(workbook("people.xlsx"))
    assert df is None  # the first sheet holds a note, no data rows
    assert messages(problems) == [
        "people.xlsx:1: expected data rows under the header, got none; export the file again with its data"]


def test_xlsx_unknown_sheet_lists_the_sheets():
    _, problems = raw(workbook("people.xlsx"), sheet="Staff")
    assert messages(problems) == [
        "people.xlsx: data.interviewees.sheet: expected one of the sheets ['Notes', 'people'], got 'Staff'"]


def test_damaged_xlsx():
    _, problems = raw(csv_file("people.xlsx", "not a zip"))
    assert messages(problems) == [
        "people.xlsx: cannot open as an Excel workbook (BadZipFile); save it again as .xlsx"]


# ---- size and emptiness --------------------------------------------------------------------------------------


def test_file_far_larger_than_memory_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr(reader, "available_memory", lambda: 2_000_000)
    monkeypatch.setattr(pd, "read_csv", lambda *a, **k: pytest.fail("the file was read"))
    path = csv_file("posts.csv", "post_id,text\n" + "1,hello\n" * 70_000)
    df, problems = raw(path)
    assert df is None
    assert messages(problems) == [
        "posts.csv: expected a file smaller than a quarter of the 2.0 MB of memory available, got 560.0 kB; "
        "split it or filter it before the build"]


def test_a_file_within_the_memory_share_is_read(monkeypatch):
    monkeypatch.setattr(reader, "available_memory", lambda: 4 * 1000)
    df, problems = raw(csv_file("p.csv", "post_id,text\n" + "1,hello\n" * 100))  # 813 bytes < 1000
    assert problems == [] and len(df) == 100


@pytest.mark.parametrize("text, message", [
    ("", "f.csv:1: expected a header row and data rows, got an empty file (0 bytes); export it again"),
    ("\n\n", "f.csv:1: expected a header row naming the columns, got only blank lines"),
    ("a,b,c\n", "f.csv:1: expected data rows under the header, got none; export the file again with its data"),
])
def test_empty_blank_and_header_only_files(text, message):
    df, problems = raw(csv_file("f.csv", text))
    assert df is None and messages(problems) == [message]


# ---- at most five cells listed per column --------------------------------------------------------------------


def cells(n_bad: int, n: int = 12) -> list[str]:
    values = pd.Series([f"v{i}" for i in range(n)])
    mask = pd.Series([i < n_bad for i in range(n)])
    return messages(bad_cells("f.csv", "score", mask, values, "a number"))


def test_five_bad_cells_are_all_listed():
    assert cells(5) == [f"f.csv:{i + 2}:score: expected a number, got 'v{i}'" for i in range(5)]


def test_more_than_five_bad_cells_end_with_a_count_at_the_sixth():
    assert cells(9)[5:] == ["f.csv:7:score: and 4 more rows with the same problem in this column"]
    assert len(cells(9)) == 6


def test_one_more_row_is_singular():
    assert cells(6)[5:] == ["f.csv:7:score: and 1 more row with the same problem in this column"]


def test_numbers_are_shown_as_written():
    values = pd.Series([7.0, 0.5, 3])
    mask = pd.Series([True, True, True])
    assert [m.split("got ")[1] for m in messages(bad_cells("f.csv", "s", mask, values, "x"))] == ["7", "0.5", "3"]
