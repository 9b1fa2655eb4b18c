"""REFI-QDA: the kit's codebook (.qdc) is valid against the standard's schema, and data.codes reads a project
(.qdpx) as NVivo, ATLAS.ti or MAXQDA export it: the demo's codes through a .qdpx give the demo's findings;
an unmapped code or source is a located error naming the code's (source's) name and GUID."""

from __future__ import annotations

import zipfile

import pandas as pd
from lxml import etree

from smaa_build import findings as F
from smaa_build.analyses import run_all
from smaa_build.kit.qdc import codebook, qdc_bytes
from smaa_build.spec import load_case, load_spec
from smaa_build.spec.data import load_tables
from smaa_build.spec.qdpx import XSD
from smaa_build.spec.refi import CODEBOOK_NS, NS, codebook_guids, guid

from .helpers import DEMO, case_copy, qdpx_from_codes

SPEC = load_spec(DEMO)[0]
CODES = pd.read_csv(DEMO / "data" / "codes.csv", dtype=str, keep_default_na=False)


def test_codebook_is_valid_against_the_standards_schema():
    """The .qdc's CodeBook, moved into a project (whose CodeBookType is the codebook schema's), validates."""
    qdc = etree.fromstring(qdc_bytes(SPEC))
    assert qdc.tag == f"{{{CODEBOOK_NS}}}CodeBook"
    project = etree.Element(f"{{{NS}}}Project", nsmap={None: NS}, name="check")
    project.append(codebook(SPEC, ns=NS))
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(project), schema.error_log
    leaves = qdc.findall(".//{*}Code[@isCodable='true']")
    assert len(leaves) == len(codebook_guids(SPEC)) == 11 * (2 + 4 + 4 + 5 + 3 + 4)  # activities × the codes of the 6 dimensions
    assert {el.get("guid") for el in leaves} == set(codebook_guids(SPEC).values())


def test_guids_are_stable_for_a_case_and_differ_between_cases():
    assert guid("demo", "monitoring", "use", "1") == guid("demo", "monitoring", "use", "1")
    assert guid("demo", "monitoring", "use", "1") != guid("other", "monitoring", "use", "1")


def test_demo_codes_through_a_qdpx_give_the_demos_findings(demo_findings, tmp_path):
    case = case_copy(DEMO, tmp_path / "demo", codes_file="data/project.qdpx")
    qdpx_from_codes(SPEC, CODES, case / "data" / "project.qdpx")
    (case / "data" / "codes.csv").unlink()
    loaded = load_case(case)
    assert len(loaded.tables["codes"]) == len(CODES)
    assert F.dumps(run_all(loaded)) == demo_findings


def _problems(tmp_path, codes, **kw):
    case = case_copy(DEMO, tmp_path / "demo", codes_file="data/project.qdpx")
    qdpx_from_codes(SPEC, codes, case / "data" / "project.qdpx", **kw)
    spec, files, _w = load_spec(case)
    return case, [str(p) for p in load_tables(spec, files)[1]]


def test_a_source_not_named_by_an_interviewee_id_is_located_with_its_guid(tmp_path):
    codes = CODES[CODES["interviewee_id"].isin(["INT-22YF8V", "INT-25HJ8B"])]
    case, problems = _problems(tmp_path, codes, rename={"INT-25HJ8B": "Interview with Anna"})
    source = guid("demo", "source", "INT-25HJ8B")
    assert problems == [
        f"{_display(case / 'data' / 'project.qdpx')}[project.qde]:{_line(case, source)}:TextSource: expected a source "
        f"named by an interviewee_id listed in {_display(case / 'data' / 'interviewees.csv')}, got 'Interview with "
        f"Anna' {{{source}}} (rename the source to its interviewee id)"]


def test_a_code_outside_the_kits_codebook_is_located_with_its_name_and_guid(tmp_path):
    case = case_copy(DEMO, tmp_path / "demo", codes_file="data/project.qdpx")
    path = qdpx_from_codes(SPEC, CODES[CODES["interviewee_id"] == "INT-22YF8V"], case / "data" / "project.qdpx")
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("project.qde"))
    use = root.find(".//{*}Code[@name='Monitoring and listening']/{*}Code[@name='use']")
    maybe = "0B5D3E7A-1C2F-4A6B-8D9E-0F1A2B3C4D5E"
    etree.SubElement(use, f"{{{NS}}}Code", guid=maybe, name="maybe", isCodable="true")
    coding = root.find(".//{*}Coding/{*}CodeRef")
    coding.set("targetGUID", maybe)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
    spec, files, _w = load_spec(case)
    problems = [str(p) for p in load_tables(spec, files)[1]]
    line = _line(case, maybe)
    assert problems == [
        f"{_display(path)}[project.qde]:{line}:Code: expected a code of the smaa kit's codebook (activity › dimension "
        f"› code), got 'maybe' {{{maybe}}} under 'Monitoring and listening › use' (recode it with a code of "
        "codebook.qdc, or leave it out of the export)"]


def test_a_project_not_valid_against_the_schema_is_refused_at_its_line(tmp_path):
    case = case_copy(DEMO, tmp_path / "demo", codes_file="data/project.qdpx")
    path = case / "data" / "project.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", f'<?xml version="1.0"?>\n<Project xmlns="{NS}" name="x">\n<Sources>\n'
                                  f'<TextSource name="INT-22YF8V"/>\n</Sources>\n</Project>\n')
    spec, files, _w = load_spec(case)
    problems = [str(p) for p in load_tables(spec, files)[1]]
    assert problems == [f"{_display(path)}[project.qde]:4: expected a project valid against the REFI-QDA "
                        "Project.xsd, got: Element '{urn:QDA-XML:project:1.0}TextSource': The attribute 'guid' is "
                        "required but missing."]


def _display(path):
    from smaa_build.spec.paths import display_path

    return display_path(path)


def _line(case, guid_text: str) -> int:
    with zipfile.ZipFile(case / "data" / "project.qdpx") as z:
        lines = z.read("project.qde").decode().splitlines()
    return next(i for i, line in enumerate(lines, start=1) if f'guid="{guid_text}"' in line)


def test_a_file_that_is_no_zip_is_refused(tmp_path):
    case = case_copy(DEMO, tmp_path / "demo", codes_file="data/project.qdpx")
    (case / "data" / "project.qdpx").write_text("not a zip")
    spec, files, _w = load_spec(case)
    problems = [str(p) for p in load_tables(spec, files)[1]]
    assert problems == [f"{_display(case / 'data' / 'project.qdpx')}: data.codes: expected a REFI-QDA project "
                        "(.qdpx, a zip archive), got a file that is not a zip archive; export the project again"]
