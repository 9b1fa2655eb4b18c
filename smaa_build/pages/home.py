"""Home: the executive summary — engagement at a glance, headline findings, top risks, recommendations."""

from __future__ import annotations

from ..i18n import _, n_
from .base import format as fmt
from .base import markdown as md
from .risk import recommendations as recs_page
from .risk import risks as risks_page
from ..spec.case import ReportSettings
from .base.context import Context, Page
from .chapter1.common import glossary


def _glance(ctx: Context) -> list[str]:
    start, end = ctx.settings.engagement.period
    n = ctx.fs.findings["engagement.n_interviewees"].value or 0
    period = _("{start} – {end}", start=fmt.date(start, year=False, short=True), end=fmt.date(end, short=True))
    items = [n_("**{n} interview** across {functions} functions and {levels} levels, {period}",
                "**{n} interviews** across {functions} functions and {levels} levels, {period}", int(n),
                functions=ctx.v("engagement.n_functions"), levels=ctx.v("engagement.n_levels"), period=period)]
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
    return ("## " + _("Key findings") + "\n\n" + md.cards(items)) if items else ""


def build(ctx: Context) -> Page:
    title = _("Social Media Alignment Assessment — {client}", client=ctx.settings.client_name)
    parts = [f"# {md.inline(title)}\n", md.cards(_glance(ctx)), _key_findings(ctx), _attention(ctx)]
    if ctx.story("home"):
        parts.append("## " + _("In brief") + "\n\n" + ctx.story("home"))
    parts.append(_about(ctx.settings.report))
    body = "\n".join(p for p in parts if p)
    return Page("index", _("Summary"), body + glossary(body))  # each technical term explained where it appears


def _attention(ctx: Context) -> str:
    """Top risks and the action plan in one grid of cards (empty when the risk chapter did not run)."""
    if "risk.n_rated" not in ctx.fs.findings:
        return ""
    items = []
    for r in risks_page.company_rows(ctx)[:3]:
        items.append(risks_page.card(risks_page.band(r["worst_band"]), _("risk · {id}", id=md.inline(r["risk_id"])),
                                     risks_page.top_risk_sentence(ctx, r)))
    if not items:
        items.append(risks_page.card("–", _("risks"), _("No risk could be rated: the indicators they rest on are "
                                                       "not available for this case.")))
    recs = ctx.fs.recommendations
    if "recommend.n" in ctx.fs.findings:
        first = recs_page.ordered(recs)[0] if recs else None
        label = n_("recommendation", "recommendations", len(recs))
        items.append(risks_page.card(str(len(recs)), label, _(
            "{horizons}. First: **{title}**. [See the action plan](recommendations.md)",
            horizons=recs_page.horizon_summary(recs), title=md.inline(risks_page.title(first["title"]))) if first else
            _("No risk is rated High or Very high, so no action is proposed.")))
    return ("## " + _("What needs attention") + "\n\n" + md.cards(items)
            + _("Every risk, its rating and the evidence behind it: [risk assessment](risks.md).") + "\n")


def _about(r: ReportSettings) -> str:
    authors = ", ".join(md.inline(a) for a in r.authors) or _("the research team")
    values = dict(round=r.round, date=fmt.date(r.date), authors=authors)
    status = (_("Draft, round {round}, dated {date}. Prepared by {authors}.", **values) if r.status == "draft"
              else _("Final report, dated {date}. Prepared by {authors}.", **values))
    return ("\n## " + _("About this report") + "\n\n" + status + " "
            + _("The chapters follow the two questions of the assessment: how social-media information is used "
                "across functions and levels, and what it is worth next to the traditional indicator.") + "\n")
