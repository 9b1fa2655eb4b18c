"""data.codes from a REFI-QDA project (.qdpx: a zip holding project.qde), as NVivo, ATLAS.ti and MAXQDA export
it: sources are interviewees (named by interviewee id), users are coders, and the codings of the kit's codebook
(activity › dimension › code, spec/refi.py) become the coding rows.

Parser: the project is validated against the standard's own schema (refi/Project.xsd, QDA-XML 1.0, MIT licence,
as published by REFI) with lxml, then read by element; lxml keeps line numbers, so every problem is located in
project.qde. docs/user-guide/fieldwork.md says why no PyPI parser is used."""

from __future__ import annotations

import functools
import re
import zipfile
from pathlib import Path

import pandas as pd

from ..errors import Problem
from .kitbook import CODE_COLUMNS, sheet_label
from .refi import NS, codebook_guids

XSD = Path(__file__).with_name("refi") / "Project.xsd"
MAX_SCHEMA_ERRORS = 5
_DOC_SUFFIX = re.compile(r"\.(txt|docx?|rtf|odt|pdf)$", re.IGNORECASE)


@functools.cache
def _schema():
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(XSD)))


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _project_xml(path: Path, display: str) -> tuple[bytes | None, str, list[Problem]]:
    try:
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.lower().endswith(".qde")]
            if not names:
                return None, display, [Problem(display, 0, 0, "data.codes", "expected a REFI-QDA project holding a "
                                               ".qde file, found none in the archive; export the project again")]
            return z.read(names[0]), sheet_label(display, names[0]), []
    except zipfile.BadZipFile:
        return None, display, [Problem(display, 0, 0, "data.codes", "expected a REFI-QDA project (.qdpx, a zip "
                                       "archive), got a file that is not a zip archive; export the project again")]


def _parse(xml: bytes, label: str):
    from lxml import etree

    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as exc:
        return None, [Problem(label, exc.lineno or 0, 0, "", f"expected well-formed XML, got {exc.msg}")]
    schema = _schema()
    if schema.validate(root):
        return root, []
    errors = list(schema.error_log)[:MAX_SCHEMA_ERRORS]
    return None, [Problem(label, e.line, 0, "", f"expected a project valid against the REFI-QDA Project.xsd, "
                          f"got: {e.message}") for e in errors]


def _code_paths(root) -> dict[str, tuple[tuple[str, ...], str, int]]:
    """Every code of the project's codebook: GUID -> (names from the top, its own name, line)."""
    out = {}

    def walk(code, path):
        names = (*path, code.get("name", ""))
        out[code.get("guid").strip("{}").upper()] = (names, code.get("name", ""), code.sourceline)
        for child in code.findall(_q("Code")):
            walk(child, names)

    for top in root.iterfind(f"{_q('CodeBook')}/{_q('Codes')}/{_q('Code')}"):
        walk(top, ())
    return out


def _by_name(spec) -> dict[tuple[str, str, str], tuple[str, str, str]]:
    """(activity id or label, dimension, code) as a QDA tool may show them -> the unit's ids."""
    out = {}
    for (activity, dim, value) in codebook_guids(spec):
        label = next(a.get("label", a["id"]) for a in spec["organisation"]["activities"] if a["id"] == activity)
        for name in (activity, label):
            out[(name, dim, value)] = (activity, dim, value)
    return out


def _map_codes(spec, paths: dict) -> dict[str, tuple[str, str, str]]:
    """Project code GUID -> (activity, dimension, code), by the kit's GUIDs first, then by the names' path (a
    tool that re-created the codes with GUIDs of its own)."""
    kit = {guid: unit for unit, guid in codebook_guids(spec).items()}
    names = _by_name(spec)
    mapped = {}
    for guid, (path, _name, _line) in paths.items():
        unit = kit.get(guid) or (names.get(path[-3:]) if len(path) >= 3 else None)
        if unit:
            mapped[guid] = unit
    return mapped


def _unmapped_code(guid: str, paths: dict, label: str) -> Problem:
    path, name, line = paths.get(guid, ((), "", 0))
    where = " › ".join(path[:-1])
    under = f" under {where!r}" if where else ""
    return Problem(label, line, "Code", "", f"expected a code of the smaa kit's codebook (activity › dimension › "
                   f"code), got {name!r} {{{guid}}}{under} (recode it with a code of codebook.qdc, or leave it out "
                   "of the export)")


def _source_id(name: str) -> str:
    return _DOC_SUFFIX.sub("", name.strip())


def _codings(root):
    """(source element, coding element, coder GUID) for every coding of a text source, whole or of a selection."""
    for source in root.iterfind(f"{_q('Sources')}/{_q('TextSource')}"):
        for coding in source.iterfind(f".//{_q('Coding')}"):
            user = coding.get("creatingUser") or coding.getparent().get("creatingUser") or ""
            yield source, coding, user.strip("{}").upper()


def read_qdpx(path: Path, display: str, spec: dict, register: pd.DataFrame | None) -> tuple[pd.DataFrame | None,
                                                                                            list[Problem]]:
    xml, label, problems = _project_xml(path, display)
    root, more = _parse(xml, label) if xml is not None else (None, [])
    if root is None:
        return None, problems + more
    users = {u.get("guid").strip("{}").upper(): u.get("name") or u.get("id") or ""
             for u in root.iterfind(f"{_q('Users')}/{_q('User')}")}
    paths = _code_paths(root)
    mapped = _map_codes(spec, paths)
    ids = set(register["interviewee_id"]) if register is not None else None
    rows, where, seen, bad_codes, bad_sources = [], [], set(), {}, {}
    for source, coding, user in _codings(root):
        guid = coding.find(_q("CodeRef")).get("targetGUID").strip("{}").upper()
        iid = _source_id(source.get("name", ""))
        if guid not in mapped:
            bad_codes.setdefault(guid, _unmapped_code(guid, paths, label))
            continue
        if ids is not None and iid not in ids:
            bad_sources.setdefault(source.get("guid"), Problem(
                label, source.sourceline, "TextSource", "", f"expected a source named by an interviewee_id listed "
                f"in {register.attrs.get('file', 'the interviewees file')}, got {source.get('name', '')!r} "
                f"{{{source.get('guid').strip('{}')}}} (rename the source to its interviewee id)"))
            continue
        if (key := (iid, users.get(user, user), *mapped[guid])) not in seen:  # one code, several passages
            seen.add(key)
            rows.append(key)
            where.append((label, coding.sourceline))
    df = pd.DataFrame(rows, columns=CODE_COLUMNS, dtype=object)
    df.attrs.update(file=display, names={c: c for c in CODE_COLUMNS}, where=where)
    return df, problems + list(bad_codes.values()) + list(bad_sources.values())
