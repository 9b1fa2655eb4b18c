"""The case's codebook as a REFI-QDA codebook (.qdc) for NVivo, ATLAS.ti and MAXQDA: activity › dimension › code,
only the codes codable, with the GUIDs data.codes maps back from a .qdpx project (spec/refi.py)."""

from __future__ import annotations

from lxml import etree

from ..spec.case import settings as typed
from ..spec.columns import CODE_DOMAINS
from ..spec.refi import CODEBOOK_NS, codebook_guids, guid

DIMENSION_HELP = {"use": "0 = not used for the activity, 1 = used",
                  "intensity": "0 none, 1 ad hoc, 2 regular, 3 formalised (KPI with a target)",
                  "purpose": "Simons' levers; several may apply",
                  "metric_category": "Agostino & Sidorova metric families; several may apply",
                  "collection_method": "how the figures are collected",
                  "analysis_method": "how they are analysed; several may apply"}


def _code(parent, code_guid: str, name: str, codable: bool, description: str = ""):
    el = etree.SubElement(parent, f"{{{CODEBOOK_NS}}}Code", guid=code_guid, name=name,
                          isCodable="true" if codable else "false")
    if description:
        etree.SubElement(el, f"{{{CODEBOOK_NS}}}Description").text = description
    return el


def codebook(spec, ns: str = CODEBOOK_NS) -> etree._Element:
    """The <CodeBook> element (in `ns`: a .qdc's namespace, or a project's when embedded in one)."""
    case = typed(spec)
    case_id, guids = case.engagement.id, codebook_guids(spec)
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin="smaa kit")
    codes = etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    for a in case.organisation.activities:
        act = _code(codes, guid(case_id, a.id), a.label, False, f"activity id: {a.id}")
        for dim, domain in CODE_DOMAINS.items():
            d = _code(act, guid(case_id, a.id, dim), dim, False, DIMENSION_HELP[dim])
            for value in domain:
                _code(d, guids[a.id, dim, value], value, True)
    if ns != CODEBOOK_NS:  # a project's CodeBookType has no `origin` (Codebook.xsd's has)
        del root.attrib["origin"]
        for el in root.iter():
            el.tag = el.tag.replace(CODEBOOK_NS, ns)
        etree.cleanup_namespaces(root, top_nsmap={None: ns})
    return root


def qdc_bytes(spec) -> bytes:
    return etree.tostring(codebook(spec), xml_declaration=True, encoding="utf-8", pretty_print=True)
