"""Recommendations: an action plan from the High and Very-high risks (and the core-process functions), grouped by
horizon, each with its risks, departments, owner role and the core-process flag; the researchers' own first."""

from __future__ import annotations

import re

from ..base import markdown as md
from ..base import phrases
from ...i18n import _, n_
from ..base.context import Context, Page
from ...facts import band_rank
from .common import band, card, department_name, glossary, title, words
from .written import text

def horizon_key(h: str) -> tuple:
    """"now" first, then by months ("3 months" and "within 3 months" alike), unset and free text last."""
    h = (h or "").strip().lower()
    if h == "now":
        return (0, 0, "")
    months = re.search(r"(\d+)\s*months?", h)
    return (1, int(months.group(1)), "") if months else (2 + (not h), 0, h)


def ordered(recs: list[dict]) -> list[dict]:
    """By horizon, then the researchers' own first, then most severe."""
    return sorted(recs, key=lambda r: (horizon_key(r["horizon"]), r["source"] != "researcher", -band_rank(r["band"]),
                                       -(r["score"] or 0), r["id"]))


def _core(ctx: Context) -> tuple[str, list[str]]:
    f = ctx.fs.findings.get("recommend.core_process")
    if f is None or f.value is None:
        return "", []
    return str(f.value), list(f.extra.get("functions", []))


def _risk_text(r: dict) -> str:
    ids = ", ".join(md.inline(i) for i in r["risk_ids"]) or _("no risk id")
    return f"{ids} ({band(r['band'])})" if r["band"] else ids


def horizon_text(h: str | None, unset: str) -> str:
    """A recommendation's horizon as printed: "now" and "(within) N months" as the report's own words in the active
    language, anything else the researcher wrote as written (escaped); `unset` when there is none."""
    months = phrases.months_of(h)
    if not (h or "").strip():
        return unset
    if h.strip().lower() == "now":
        return _("now")
    return n_("within {n} month", "within {n} months", months) if months is not None else md.inline(h)


def horizon_summary(recs: list[dict]) -> str:
    """'2 within 3 months and 1 within 6 months' (pages/base/phrases.py, shared with the deck)"""
    return phrases.horizons((r["horizon"] for r in ordered(recs)), md.inline)


def _headlines(ctx: Context, recs: list[dict]) -> list[str]:
    if not recs:
        return [card("0", _("recommendations"), _("No risk is rated High or Very high, and no recommendation was "
                                                  "written by the researchers, so there is no action to propose from "
                                                  "the register."))]
    out = [card(str(len(recs)), _("recommendations"), n_("{n} action follows from the risk register: {when}.",
                                                      "{n} actions follow from the risk register: {when}.", len(recs),
                                                      when=horizon_summary(recs)))]
    first = ordered(recs)[0]
    values = dict(title=md.inline(title(first['title'])), risks=_risk_text(first),
                  owner=md.inline(title(first['owner']) or _('to be named')),
                  horizon=horizon_text(first['horizon'], _('no horizon set')))
    text = (_("**{title}** — treats {risks}; owner: {owner}, {horizon}.", **values) if first["band"] else
            _("**{title}** — treats {risks}, not rated yet, so it has no band; owner: {owner}, {horizon}.", **values)
            if first["risk_ids"] else
            _("**{title}** — not tied to a rated risk, so it has no band; owner: {owner}, {horizon}.", **values))
    out.append(card(md.inline(band(first["band"]) or "–"), _("first priority"), text))
    core, funcs = _core(ctx)
    if core:
        n = sum(r["core_process"] for r in recs)
        labels = [ctx.label("functions", f) for f in funcs]
        labels = [md.inline(x) for x in labels if x.strip().lower() != core.strip().lower()]
        values = dict(core=md.inline(core), functions=words(labels))
        out.append(card(_("{k} of {n}", k=n, n=len(recs)), _("on the core process"),
                        n_("{n} recommendation concerns {core} ({functions}), the process this assessment focuses on.",
                           "{n} recommendations concern {core} ({functions}), the process this assessment focuses on.",
                           n, **values) if labels else
                        n_("{n} recommendation concerns {core}, the process this assessment focuses on.",
                           "{n} recommendations concern {core}, the process this assessment focuses on.", n,
                           **values)))
    mine = sum(r["source"] == "researcher" for r in recs)
    out.append(card(str(mine), _("written by the researchers"),
                    n_("{k} of {n} is the research team's own; the others are generated from the risk register, one "
                       "template per risk.", "{k} of {n} are the research team's own; the others are generated from "
                       "the risk register, one template per risk.", len(recs), k=mine) if mine else
                    _("All are generated from the risk register, one template per risk; the researchers' own text "
                      "will replace them where written.")))
    return out


def _plan(ctx: Context, recs: list[dict]) -> str:
    rows = [[f"{i}", f"[{md.inline(title(r['title']))}](#{_anchor(r)})", _risk_text(r), horizon_text(r["horizon"], "–"),
             md.inline(title(r["owner"]) or _("to be named")), _("yes") if r["core_process"] else "",
             _("researchers") if r["source"] == "researcher" else _("generated")] for i, r in enumerate(ordered(recs), 1)]
    return ("## " + _("Action plan at a glance") + "\n\n"
            + md.table(["#", _("Recommendation"), _("Risks (band)"), _("Horizon"), _("Owner"), _("Core process"),
                        _("Source")], rows, ["right", "left", "left", "left", "left", "left", "left"]))


def _anchor(r: dict) -> str:
    return "rec-" + "".join(c if c.isalnum() else "-" for c in r["id"].lower())


def _one(ctx: Context, r: dict, core: str) -> str:
    depts = words([md.inline(department_name(d)) for d in r["department_labels"]]) or _("company-wide")
    flag = _("**Core-process focus: {core}.**", core=md.inline(core)) + " " if r["core_process"] and core else ""
    facts = " · ".join([_("**Risks:** {risks}", risks=_risk_text(r)), _("**Where:** {where}", where=depts),
                        _("**Owner:** {owner}", owner=md.inline(title(r['owner']) or _('to be named'))),
                        _("**Horizon:** {horizon}", horizon=horizon_text(r['horizon'], _('not set'))),
                        _("written by the researchers") if r["source"] == "researcher" else
                        _("generated from the register")])
    return f"### {md.inline(title(r['title']))} {{ #{_anchor(r)} }}\n\n{flag}{md.text(text(r))}\n\n{facts}\n"


def _groups(ctx: Context, recs: list[dict]) -> str:
    core, _funcs = _core(ctx)
    out, current = [], None
    for r in ordered(recs):
        h = horizon_text(r["horizon"], _("No horizon set"))
        if h != current:
            out.append(f"## {h[0].upper() + h[1:]}\n")
            current = h
        out.append(_one(ctx, r, core))
    return "\n".join(out)


def _method(ctx: Context) -> str:
    return md.admonition("info", _("How the recommendations are made"), _(
        "One recommendation is generated for each risk rated High or Very high in any department, naming the "
        "departments and their indicator values; in the core-process functions Medium risks get one too. The "
        "horizon follows the worst band [SMAA convention]: Very high within 3 months, High within 6, Medium within "
        "12. Recommendations written by the researchers replace the generated ones for the risks they cover and "
        "are listed first. Owners are roles, never names."))


def build(ctx: Context) -> Page | None:
    if "recommend.n" not in ctx.fs.findings:
        return None
    recs = ctx.fs.recommendations
    heading = _("Recommendations")
    parts = [f"# {heading}\n", md.cards(_headlines(ctx, recs)), ctx.story("recommendations")]
    if recs:
        parts += [_plan(ctx, recs), _groups(ctx, recs)]
    parts.append(_method(ctx))
    body = "\n".join(p for p in parts if p)
    return Page("recommendations", heading, body + glossary(body))
