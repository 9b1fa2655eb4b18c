"""A generated recommendation's text in the report's language: the analysis stores what it wrote the text from
(record "parts": the template's finding and action, the driving indicator and each department's value), and this
writes it again through whole messages. In English it reads as analyses/risk/recommend.py wrote it; a researcher's
text, and a record from before the parts were stored, are printed as they come."""

from __future__ import annotations

import math

from ...i18n import _
from ..base import format as fmt
from .common import PERCENT, title, words


def text(rec: dict) -> str:
    parts = rec.get("parts")
    if rec.get("source") != "generated" or not parts:
        return rec["text"]
    return " ".join(filter(None, (title(parts["finding"]), where(parts), title(parts["action"]))))


def where(parts: dict) -> str:
    """'Share of manual collection: Finance (value withheld for confidentiality), HR 100% (n = 5) and …'"""
    places = parts["places"]
    if not places[0]["indicator_name"]:  # a researcher's risk: no indicator, the departments only
        depts = [p["department_label"] for p in places if p["department"]]
        return _("Rated in {departments}.", departments=words(depts)) if depts else ""
    label = title(parts["indicator_label"])
    return _("{indicator}: {places}.", indicator=label[:1].upper() + label[1:], places=words(map(_place, places)))


def _place(p: dict) -> str:
    name = p["department_label"] if p["department"] else _("company-wide")
    value = p.get("indicator_value")
    if p.get("indicator_withheld"):
        return _("{department} (value withheld for confidentiality)", department=name)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _("{department} (rated by the researchers)", department=name)
    shown = _value(p["indicator_name"], value)
    if p.get("indicator_n") is not None:
        return _("{department} {value} (n = {n})", department=name, value=shown, n=p["indicator_n"])
    return _("{department} {value}", department=name, value=shown)


def _value(indicator: str, value: float) -> str:
    """As recommend.format_value prints it: shares as whole percentages, hours to 1 decimal below 10, else 2."""
    if indicator in PERCENT:
        return fmt.percent(value)
    if indicator == "escalation_latency_h":
        return _("{hours} h", hours=fmt.number(value, 1 if value < 10 else 0))
    return fmt.number(value, 2)
