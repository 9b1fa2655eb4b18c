"""The generated paragraph on each activity (Mapping SMI use), written in the report's language from the numbers
the analysis stores with it (mapping.narrative.<activity> extra "numbers" and "purpose"). In English it reads as
analyses/chapter1/mapping.activity_sentence wrote it, without the leading label; findings from before the numbers
were stored fall back to that English text."""

from __future__ import annotations

from ...i18n import _, n_
from ..base import format as fmt
from ..base import markdown as md
from .common import band_word, humanise


def paragraph(f, label: str) -> str:
    """The activity's paragraph (escaped) from its finding `f`; `label` is the activity's name in the case."""
    numbers = f.extra.get("numbers")
    if numbers is None:
        text = str(f.value or "")
        if text.startswith(label + ": "):
            text = text[len(label) + 2:]
            text = text[:1].upper() + text[1:]
        return md.text(text)
    return md.text(" ".join(sentences(numbers, f.extra.get("purpose"))))


def sentences(h: dict, purpose: list | None) -> list[str]:
    if not h.get("functions"):
        return [_("No interviewee was coded for this activity.")]
    k = h["functions"]
    if not h.get("hdi"):
        return [n_("None of the {n} function interviewed uses social-media information for it.",
                   "None of the {n} functions interviewed uses social-media information for it.", k)]
    out = [_where(h)]
    if h.get("hi") is not None:
        out.append(_("Its intensity index is {hi} (0 = nobody uses it, 1 = formalised everywhere).",
                      hi=fmt.number(h["hi"], 2)))
    if h.get("concentrated"):
        j = fmt.number(h["pielou"], 2)
        out.append(_("Use is concentrated in few functions (evenness J {j}, G* {g}).", j=j,
                     g=fmt.number(h["gini_norm"], 2)) if h.get("gini_norm") is not None else
                   _("Use is concentrated in few functions (evenness J {j}).", j=j))
    elif h.get("pielou") is not None:
        out.append(_("Use is spread fairly evenly across the functions that use it (J {j}).",
                     j=fmt.number(h["pielou"], 2)))
    out += _vertical(h)
    if purpose:
        out.append(_("The most frequent purpose is {purpose} ({share} of uses).", purpose=humanise(purpose[0]).lower(),
                     share=fmt.percent(purpose[1])))
    return out


def _where(h: dict) -> str:
    k, users = h["functions"], h["users_functions"]
    values = dict(hdi=fmt.number(h["hdi"], 2), band=band_word(h["band"]))
    if k == 1:
        return _("Social-media information is used in the only function interviewed (HDI {hdi}, {band}).", **values)
    if users == k:
        return _("Social-media information is used in all {k} functions interviewed (HDI {hdi}, {band}).", k=k,
                 **values)
    return n_("Social-media information is used in {users} of the {n} function interviewed (HDI {hdi}, {band}).",
              "Social-media information is used in {users} of the {n} functions interviewed (HDI {hdi}, {band}).",
              k, users=users, **values)


def _vertical(v: dict) -> list[str]:
    out = []
    if v.get("reach") is not None:
        out.append(_("It reaches the top level.") if v["reach"] == 1 else
                   _("It reaches no higher than {level}.", level=v["reach_label"]))
    if v.get("gradient") is not None and abs(v["gradient"]) >= 0.005:
        pts = round(abs(100 * v["gradient"]))
        out.append(n_("Going down the hierarchy, use rises by about {n} percentage point per level.",
                      "Going down the hierarchy, use rises by about {n} percentage points per level.", pts)
                   if v["gradient"] > 0 else
                   n_("Going down the hierarchy, use falls by about {n} percentage point per level.",
                      "Going down the hierarchy, use falls by about {n} percentage points per level.", pts))
    if v.get("gap") is not None:
        pts = round(abs(100 * v["gap"]))
        if abs(v["gap"]) < 0.005:
            out.append(_("Management and operations use it equally often."))
        else:
            out.append(n_("Management uses it {n} percentage point more often than operations.",
                          "Management uses it {n} percentage points more often than operations.", pts)
                       if v["gap"] > 0 else
                       n_("Management uses it {n} percentage point less often than operations.",
                          "Management uses it {n} percentage points less often than operations.", pts))
    return out
