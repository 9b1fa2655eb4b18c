"""Shared by the kit tests: a copy of a case whose codes come from another file, filling a kit coding workbook
with a codes table, and building a REFI-QDA project from one."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
from lxml import etree

from smaa_build.kit.qdc import codebook
from smaa_build.spec.kitbook import CODE_COLUMNS
from smaa_build.spec.refi import NS, guid

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "cases" / "demo"
# the value chapter's data: its analyses read no codes and take most of a demo run, so the comparison leaves them out
WITHOUT = ("posts", "traditional")


def case_copy(src: Path, dest: Path, codes_file: str | None = None, drop: tuple[str, ...] = WITHOUT) -> Path:
    """`src` copied to `dest` (without the dropped kinds' files), optionally reading data.codes from `codes_file`
    (a path inside `dest`); the reference set is copied into the case."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(".smaa-cache", "releases", "posts.csv", "csat.csv"))
    if (src.parent / "_reference").is_dir():
        shutil.copytree(src.parent / "_reference", dest / "_reference")
    text = (dest / "case.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    out, skipping = [], False
    for line in lines:
        if any(line.startswith(f"  {kind}:") for kind in drop):
            skipping = not line.rstrip().endswith("}")
            continue
        if skipping and line.startswith("    "):
            continue
        skipping = False
        out.append(line)
    text = "".join(out)
    if drop:
        text = text.split("\nresilience:")[0] + "\n"  # the multiverse needs the posts
    text = text.replace("data_roots: [../_reference]\n", "").replace("../_reference/", "_reference/")
    if codes_file:
        text = text.replace("codes: {file: data/codes.csv}", f"codes: {{file: {codes_file}}}")
    (dest / "case.yaml").write_text(text, encoding="utf-8")
    return dest


def fill_workbook(path: Path, codes: pd.DataFrame, out: Path) -> Path:
    """The kit's coding workbook with each coder's rows typed into the coder's sheet (as a coder would)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    for coder, rows in codes.groupby("coder_id", sort=True):
        ws = book[coder]
        for i, row in enumerate(rows[CODE_COLUMNS].itertuples(index=False), start=2):
            for j, value in enumerate(row, start=1):
                ws.cell(i, j, value)
    book.save(out)
    return out


def _el(parent, tag: str, **attrs):
    return etree.SubElement(parent, f"{{{NS}}}{tag}", **attrs)


def qdpx_from_codes(spec, codes: pd.DataFrame, out: Path, rename: dict | None = None) -> Path:
    """A REFI-QDA project as a QDA tool exports it: one text source per interviewee (named by its id), one user
    per coder, one selection per coded passage carrying the coding of the kit's code."""
    case_id = spec["engagement"]["id"]
    root = etree.Element(f"{{{NS}}}Project", nsmap={None: NS}, name="demo", origin="test")
    users = _el(root, "Users")
    user_guid = {c: guid(case_id, "user", c) for c in sorted(codes["coder_id"].unique())}
    for c, g in user_guid.items():
        _el(users, "User", guid=g, name=c)
    root.append(codebook(spec, ns=NS))
    sources = _el(root, "Sources")
    for iid, rows in codes.groupby("interviewee_id", sort=True):
        name = (rename or {}).get(iid, iid)
        src = _el(sources, "TextSource", guid=guid(case_id, "source", iid), name=name)
        _el(src, "PlainTextContent").text = "transcript"
        for n, r in enumerate(rows.itertuples(index=False)):
            sel = _el(src, "PlainTextSelection", guid=guid(case_id, "sel", iid, str(n)), startPosition="0",
                      endPosition="10", creatingUser=user_guid[r.coder_id])
            coding = _el(sel, "Coding", guid=guid(case_id, "coding", iid, str(n)), creatingUser=user_guid[r.coder_id])
            _el(coding, "CodeRef", targetGUID=guid(case_id, r.activity, r.dimension, r.value))
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("project.qde", etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
    return out
