"""Home: the executive summary — engagement at a glance, headline findings, top risks, recommendations."""

from __future__ import annotations

from .base import markdown as md
from .risk import recommendations as recs_page
from .risk import risks as risks_page
from .base.context import Context, Page, client_name


def _glance(ctx: Context) -> list[str]:
    e = ctx.spec["engagement"]
    items = [f"**{ctx.v('engagement.n_interviewees')} interviews** across {ctx.v('engagement.n_functions')} "
             f"functions and {ctx.v('engagement.n_levels')} levels, {e['period']['start'].day} "
             f"{e['period']['start']:%b} – {e['period']['end'].day} {e['period']['end']:%b %Y}"]
    for key in ctx.fs.meta.get("headlines", []):
        if key in ctx.fs.findings and ctx.fs.findings[key].extra.get("headline"):
            items.append(md.text(ctx.fs.findings[key].extra["headline"]))
    return items


# (page module, finding that shows the chapter ran, which of its headline cards lead the summary)
KEY_FINDINGS = [("chapter1.mapping", "diffusion.company.hdi", (0, 2)),
                ("chapter1.alignment", "alignment.company.vai", (0, 1)), ("value.value", "value.pearson_r", (0,)),
                ("resilience.resilience", "resilience.verdict", (0,))]


def _key_findings(ctx: Context) -> str:
    """Answer first: the leading headline cards of each chapter that ran, in report order."""
    import importlib.util

    items = []
    for name, marker, picks in KEY_FINDINGS:
        if marker not in ctx.fs.findings or importlib.util.find_spec(f"{__package__}.{name}") is None:
            continue
        module = importlib.import_module(f"{__package__}.{name}")
        cards = module.headlines(ctx) if hasattr(module, "headlines") else []
        items += [cards[i] for i in picks if i < len(cards)]
    return ("## Key findings\n\n" + md.cards(items)) if items else ""


def build(ctx: Context) -> Page:
    spec = ctx.spec
    title = f"Social Media Alignment Assessment — {client_name(spec)}"
    parts = [f"# {md.inline(title)}\n", md.cards(_glance(ctx)), _key_findings(ctx), _attention(ctx)]
    if ctx.story("home"):
        parts.append("## In brief\n\n" + ctx.story("home"))
    parts.append(_about(spec))
    return Page("index", "Summary", "\n".join(p for p in parts if p))


def _attention(ctx: Context) -> str:
    """Top risks and the action plan in one grid of cards (empty when the risk chapter did not run)."""
    if "risk.n_rated" not in ctx.fs.findings:
        return ""
    items = []
    for r in risks_page.company_rows(ctx)[:3]:
        items.append(risks_page.card(r["worst_band"], f"risk · {md.inline(r['risk_id'])}",
                                     risks_page.top_risk_sentence(ctx, r)))
    if not items:
        items.append(risks_page.card("–", "risks", "No risk could be rated: the indicators they rest on are not "
                                     "available for this case."))
    recs = ctx.fs.recommendations
    if "recommend.n" in ctx.fs.findings:
        first = recs_page.ordered(recs)[0] if recs else None
        items.append(risks_page.card(str(len(recs)), "recommendations",
                                     (f"{recs_page.horizon_summary(recs)}. First: **{md.inline(first['title'])}**. "
                                      "[See the action plan](recommendations.md)") if first else
                                     "No risk is rated High or Very high, so no action is proposed."))
    return ("## What needs attention\n\n" + md.cards(items)
            + "Every risk, its rating and the evidence behind it: [risk assessment](risks.md).\n")


def _about(spec: dict) -> str:
    r = spec["report"]
    status = "Draft" if r["status"] == "draft" else "Final report"
    round_ = f", round {r['round']}" if r["status"] == "draft" else ""
    authors = ", ".join(md.inline(a) for a in r.get("authors", []))
    return (f"\n## About this report\n\n{status}{round_}, dated {r['date'].day} {r['date']:%B %Y}. Prepared by {authors or 'the research team'}. "
            "The chapters follow the two questions of the assessment: how social-media information is used "
            "across functions and levels, and what it is worth next to the traditional indicator.\n")
