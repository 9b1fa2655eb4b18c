"""Risk assessment, the register half: the register table (short and full), the trace from each driving indicator
to its likelihood, and what could not be rated."""

from __future__ import annotations

from ...facts import RISK_HIGH_PLUS as HIGH_PLUS
from ...i18n import _, n_
from ..base import format as fmt
from ..base import markdown as md
from ..base.context import Context
from ..base.reasons import row_reason
from .common import band, capital, department_name, indicator_row, indicator_text, title

LONG_TABLE = 12


def _value(ctx: Context, r: dict) -> tuple[str, str]:
    """(indicator value, n) as printed; withheld values show the suppression mark."""
    if r["indicator_withheld"]:
        return _("withheld ({mark})", mark=md.text(ctx.suppressed_mark)), "–"
    if r["indicator_value"] is None:
        return _("set by the researchers"), "–"
    n = fmt.number(r["indicator_n"], 0) if r["indicator_n"] is not None else "–"
    return indicator_text(r["indicator_name"], r["indicator_value"]), n


def _value_n(ctx: Context, r: dict) -> str:
    value, n = _value(ctx, r)
    return value if n == "–" else _("{value} (n = {n})", value=value, n=n)


def _register_table(ctx: Context, reg: list[dict], full: bool = False) -> str:
    rows = []
    for r in reg:
        value, n = _value(ctx, r)
        row = [band(r["band"]), str(r["score"]), f"{md.inline(r['risk_id'])} {md.inline(title(r['title']))}",
               md.inline(department_name(r["department_label"])), value, n,
               f"{r['likelihood']} × {r['impact']}{'*' if r['impact_source'] == 'default' else ''}"]
        rows.append(row + ([md.cell(r["owner"] or "–"), evidence_text(r)] if full else []))
    head = [_("Band"), _("Score"), _("Risk"), _("Department"), _("Indicator value"), "n", _("L × I")] + (
        [_("Owner"), _("Evidence")] if full else [])
    return md.table(head, rows, ["left", "right", "left", "left", "right", "right", "right"]
                    + (["left", "left"] if full else []))


def evidence_text(r: dict) -> str:
    """How many interviews back the rating (their pseudonymous ids are in findings.json)."""
    ids = [x for x in str(r.get("evidence") or "").split(", ") if x]
    return n_("{n} interview", "{n} interviews", len(ids)) if ids else "–"


def _register(ctx: Context) -> str:
    reg = ctx.fs.risks
    star = "\n\\* " + _("default impact, pending the researchers' judgement.") + "\n" if any(
        r["impact_source"] == "default" for r in reg) else ""
    head = ("## " + _("Risk register") + "\n\n"
            + _("Sorted by band, then score. Every rating shows its driving indicator and the number of interviewees "
                "behind it; a value resting on fewer than {k} people is withheld, but the rating is kept.",
                k=ctx.k_min) + "\n\n")
    if len(reg) <= LONG_TABLE:
        return head + _register_table(ctx, reg, full=True) + star
    high = [r for r in reg if r["band"] in HIGH_PLUS]
    lead = (n_("The {n} rating High or worse:", "The {n} ratings High or worse:", len(high)) + "\n\n"
            + _register_table(ctx, high) + star) if high else ""
    full = md.admonition("abstract", n_("Full register ({n} rating, with owners and evidence)",
                                        "Full register ({n} ratings, with owners and evidence)", len(reg)),
                         _register_table(ctx, reg, full=True) + star, collapsible=True)
    return head + lead + "\n" + full


def criteria_text(rows: list[dict], name: str) -> str:
    """'< 0.10 → L5; 0.10 to < 0.20 → L4; …' from the risk.criteria rows of one risk."""
    parts = []
    for r in rows:
        lo, hi = r["from"], r["to"]
        rng = (f"< {indicator_text(name, hi)}" if lo is None else f"≥ {indicator_text(name, lo)}" if hi is None
               else _("{low} to < {high}", low=indicator_text(name, lo), high=indicator_text(name, hi)))
        parts.append(_("{range} → L{likelihood}", range=rng, likelihood=r['likelihood']))
    return "; ".join(parts)


def _trace(ctx: Context) -> str:
    crit = ctx.fs.tables.get("risk.criteria")
    blocks = []
    for rid in sorted({r["risk_id"] for r in ctx.fs.risks}, key=lambda i: (len(i), i)):
        rows = [r for r in ctx.fs.risks if r["risk_id"] == rid]
        name = rows[0]["indicator_name"]
        row = indicator_row(ctx, rid)
        label = title(row["label"]) if row else (name.replace("_", " ") if name else _("researcher's rating"))
        mine = [c for c in (crit.rows if crit else []) if c["risk_id"] == rid]
        lines = [_("Criteria [SMAA convention]: {criteria}.", criteria=md.inline(criteria_text(mine, name))) + "\n"
                 ] if mine else []
        lines += [_("- {department}: {value} → L{likelihood}; × impact {impact} = **{score} {band}**.",
                    department=md.inline(department_name(r['department_label'])), value=_value_n(ctx, r),
                    likelihood=r['likelihood'], impact=r['impact'], score=r['score'], band=band(r['band']))
                  + ("" if r["impact_source"] == "default" else f" {md.inline(r['rationale'])}") for r in rows]
        head = md.text(_("{id} · {title}: {indicator} → likelihood", id=rid, title=title(rows[0]['title']),
                         indicator=label)).replace('"', "'")
        blocks.append(md.admonition("note", head, "\n".join(lines), collapsible=True))
    return ("## " + _("From indicator to likelihood") + "\n\n"
            + _("Each catalogue risk has one driving indicator; the interval its value falls in sets the likelihood. "
                "Open a risk to follow each rating from the data to the band.") + "\n\n"
            + "\n".join(blocks)) if blocks else ""


def _not_rated(ctx: Context) -> str:
    t = ctx.fs.tables.get("risk.not_rated")
    if not t or not t.rows:
        return ""
    rows = [[f"{md.inline(r['risk_id'])} {md.inline(title(r['title']))}",
             md.inline(department_name(r["department_label"])), md.inline(capital(row_reason(r)))] for r in t.rows]
    return ("## " + _("What could not be rated") + "\n\n"
            + _("These ratings are missing because their driving indicator could not be computed; nothing was "
                "estimated in their place. The researchers can still rate them by recording the indicator from the "
                "interviews or their own judgement of the likelihood.") + "\n\n"
            + md.table([_("Risk"), _("Where"), _("Why")], rows, ["left", "left", "left"]))
