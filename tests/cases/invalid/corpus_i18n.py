"""Corpus cases for the report's language (issue 13): engagement.language names a language smaa writes."""

from __future__ import annotations

from make_corpus import case, edit


@case
def report_language_unsupported(d):
    # a language without catalogues would be accepted and ignored: refused at its key, listing those available
    edit(d, "case.yaml", "  id: ", "  language: de\n  id: ")
