"""Mapping SMI use, the activities in words: the order every chart lists them in, the activities where SMI matters
most, and the generated paragraph on each activity, written in the report's language from the numbers
the analysis stores with it (mapping.narrative.<activity> extra "numbers" and "purpose"). In English it reads as
analyses/chapter1/mapping.activity_sentence wrote it, without the leading label; findings from before the numbers
were stored fall back to that English text."""

from __future__ import annotations

from ...i18n import _, n_
from ..base import format as fmt
from ..base import markdown as md
from ..base.context import Context
from .common import band_word, humanise, missing


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


# ---------------------------------------------------------------- the activities where SMI matters most

def activity_rows(ctx: Context) -> list[dict]:
    t = ctx.fs.tables.get("diffusion.activities")
    return list(t.rows) if t else []


def activity_order(ctx: Context) -> list[str]:
    """Activities by breadth then intensity, so every chart on the page lists them in the same order."""
    rows = activity_rows(ctx)
    key = lambda r: (-(r.get("hdi") or -1) if not r.get("suppressed") else 1, -(r.get("hi") or 0), r["activity"])
    return [r["activity_label"] for r in sorted(rows, key=key)]


def top_activities(ctx: Context) -> str:
    t = ctx.fs.tables.get("mapping.top_activities")
    if t is None or not t.rows:
        return missing(ctx, "diffusion.company.hdi", _("Top activities"))
    out = []
    for r in t.rows:
        head = f"**{r['rank']}. {md.inline(r['activity_label'])}**"
        if r.get("suppressed"):
            out.append(head + " — " + _("{mark}: rests on fewer than {k} interviewees.", mark=ctx.suppressed_mark,
                                        k=ctx.k_min) + "\n")
            continue
        nums = _("HDI {hdi} × HI {hi} = {score}, n = {n}", hdi=fmt.number(r['hdi'], 2), hi=fmt.number(r['hi'], 2),
                 score=fmt.number(r['score'], 2), n=r['n'])
        out.append(f"{head} ({nums})  \n{_paragraph(ctx, r['activity'])}\n")
    return (_("Ranked by breadth × intensity (HDI × HI); the paragraphs are generated from the figures.") + "\n\n"
            + "\n".join(out))


def _paragraph(ctx: Context, act: str) -> str:
    key = f"mapping.narrative.{act}"
    f = ctx.fs.findings.get(key)
    if f is None:
        return _("No summary could be written for this activity.")
    if f.suppressed:
        return _("Summary withheld: it would rest on fewer than {k} interviewees.", k=ctx.k_min)
    return paragraph(f, ctx.label("activities", act))


def all_narratives(ctx: Context) -> str:
    acts = [r["activity"] for r in sorted(activity_rows(ctx), key=lambda r: activity_order(ctx).index(r["activity_label"]))]
    if not acts:
        return ""
    body = "\n".join(f"**{md.inline(ctx.label('activities', a))}**  \n{_paragraph(ctx, a)}\n" for a in acts)
    return md.admonition("abstract", _("Every activity in brief ({n})", n=len(acts)), body, collapsible=True)
