"""Recommendations: an action plan from the High and Very-high risks (and the core-process functions), grouped by
horizon, each with its risks, departments, owner role and the core-process flag; the researchers' own first."""

from __future__ import annotations

import re

from ..base import markdown as md
from ..base import phrases
from ...i18n import n_
from ..base.context import Context, Page
from .risks import band_rank, card, words

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
    ids = ", ".join(md.inline(i) for i in r["risk_ids"]) or "no risk id"
    return f"{ids} ({r['band']})" if r["band"] else ids


def horizon_summary(recs: list[dict]) -> str:
    """'2 within 3 months and 1 within 6 months' (pages/base/phrases.py, shared with the deck)"""
    return phrases.horizons((r["horizon"] for r in ordered(recs)), md.inline)


def _headlines(ctx: Context, recs: list[dict]) -> list[str]:
    if not recs:
        return [card("0", "recommendations", "No risk is rated High or Very high, and no recommendation was "
                     "written by the researchers, so there is no action to propose from the register.")]
    out = [card(str(len(recs)), "recommendations", n_("{n} action follows from the risk register: {when}.",
                                                      "{n} actions follow from the risk register: {when}.", len(recs),
                                                      when=horizon_summary(recs)))]
    first = ordered(recs)[0]
    treats = (f"treats {_risk_text(first)}" if first["band"] else f"treats {_risk_text(first)}, not rated yet, so it "
              "has no band" if first["risk_ids"] else "not tied to a rated risk, so it has no band")
    out.append(card(md.inline(first["band"] or "–"), "first priority",
                    f"**{md.inline(first['title'])}** — {treats}; owner: "
                    f"{md.inline(first['owner'] or 'to be named')}, {md.inline(first['horizon'] or 'no horizon set')}."))
    core, funcs = _core(ctx)
    if core:
        n = sum(r["core_process"] for r in recs)
        labels = [ctx.label("functions", f) for f in funcs]
        labels = [md.inline(x) for x in labels if x.strip().lower() != core.strip().lower()]
        where = f" ({words(labels)})" if labels else ""
        out.append(card(f"{n} of {len(recs)}", "on the core process",
                        f"{n} recommendation{'s' if n != 1 else ''} concern{'s' if n == 1 else ''} "
                        f"{md.inline(core)}{where}, the process this assessment focuses on."))
    mine = sum(r["source"] == "researcher" for r in recs)
    out.append(card(str(mine), "written by the researchers",
                    f"{mine} of {len(recs)} are the research team's own; the others are generated from the risk "
                    "register, one template per risk." if mine else "All are generated from the risk register, one "
                    "template per risk; the researchers' own text will replace them where written."))
    return out


def _plan(ctx: Context, recs: list[dict]) -> str:
    rows = [[f"{i}", f"[{md.inline(r['title'])}](#{_anchor(r)})", _risk_text(r), md.inline(r["horizon"] or "–"),
             md.inline(r["owner"] or "to be named"), "yes" if r["core_process"] else "",
             "researchers" if r["source"] == "researcher" else "generated"] for i, r in enumerate(ordered(recs), 1)]
    return ("## Action plan at a glance\n\n"
            + md.table(["#", "Recommendation", "Risks (band)", "Horizon", "Owner", "Core process", "Source"], rows,
                       ["right", "left", "left", "left", "left", "left", "left"]))


def _anchor(r: dict) -> str:
    return "rec-" + "".join(c if c.isalnum() else "-" for c in r["id"].lower())


def _one(ctx: Context, r: dict, core: str) -> str:
    depts = words([md.inline(d) for d in r["department_labels"]]) or "company-wide"
    flag = f"**Core-process focus: {md.inline(core)}.** " if r["core_process"] and core else ""
    facts = " · ".join([f"**Risks:** {_risk_text(r)}", f"**Where:** {depts}",
                        f"**Owner:** {md.inline(r['owner'] or 'to be named')}",
                        f"**Horizon:** {md.inline(r['horizon'] or 'not set')}",
                        "written by the researchers" if r["source"] == "researcher" else "generated from the register"])
    return f"### {md.inline(r['title'])} {{ #{_anchor(r)} }}\n\n{flag}{md.text(r['text'])}\n\n{facts}\n"


def _groups(ctx: Context, recs: list[dict]) -> str:
    core, _ = _core(ctx)
    out, current = [], None
    for r in ordered(recs):
        h = r["horizon"] or "No horizon set"
        if h != current:
            out.append(f"## {md.inline(h[0].upper() + h[1:])}\n")
            current = h
        out.append(_one(ctx, r, core))
    return "\n".join(out)


def _method(ctx: Context) -> str:
    return md.admonition("info", "How the recommendations are made", (
        "One recommendation is generated for each risk rated High or Very high in any department, naming the "
        "departments and their indicator values; in the core-process functions Medium risks get one too. The "
        "horizon follows the worst band [SMAA convention]: Very high within 3 months, High within 6, Medium within "
        "12. Recommendations written by the researchers replace the generated ones for the risks they cover and "
        "are listed first. Owners are roles, never names."))


def build(ctx: Context) -> Page | None:
    if "recommend.n" not in ctx.fs.findings:
        return None
    recs = ctx.fs.recommendations
    parts = ["# Recommendations\n", md.cards(_headlines(ctx, recs)), ctx.story("recommendations")]
    if recs:
        parts += [_plan(ctx, recs), _groups(ctx, recs)]
    parts.append(_method(ctx))
    return Page("recommendations", "Recommendations", "\n".join(p for p in parts if p))
