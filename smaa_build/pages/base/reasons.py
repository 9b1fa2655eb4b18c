"""Why a statistic could not be computed, in the report's language: the analyses store each reason's message and
values next to its English text (analyses/reasons.py: a finding's extra["why"], a table row's "why"); a page, the
PDF and the deck print `_(message, **values)`. A reason with no stored message is printed as a catalogue message
when it is one (a reason without values), else as written (a researcher's own words, an older findings.json)."""

from __future__ import annotations

from ...i18n import N_, _, language
from . import format as fmt

NOT_HERE = N_("the data needed for it are not in this case")


def said(stored: dict) -> str:
    """A stored reason ({"msg", "values"}) in the active language; a value that is itself a reason is said too."""
    return _(stored["msg"], **{k: _value(v) for k, v in (stored.get("values") or {}).items()})


def _value(v):
    if isinstance(v, dict) and "msg" in v:
        return said(v)
    if isinstance(v, float):
        return fmt.localise(f"{v:g}")
    return v


def reason_of(f, default: str | None = None) -> str:
    """Why finding `f` has no value, in the report's language (`default`, else a plain sentence, when it says
    nothing)."""
    if f is None or not f.reason:
        return default if default is not None else _(NOT_HERE)
    stored = (f.extra or {}).get("why")
    # English reads the analysis's own text: the English report stays what it was. A suppressed finding keeps no
    # extra, so a reason without its values (withheld for confidentiality) is looked up as it stands
    return said(stored) if stored and language() != "en" else _(f.reason)


def row_reason(row: dict, field: str = "reason") -> str:
    """A table row's reason (the risk register's "Why") in the report's language."""
    if row.get("why") and language() != "en":
        return said(row["why"])
    text = str(row.get(field) or "")
    return _(text) if text else ""  # gettext("") is the catalogue's header
