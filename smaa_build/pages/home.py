"""Home: the executive summary — engagement at a glance, headline findings, top risks, recommendations."""

from __future__ import annotations

from . import markdown as md
from .context import Context, Page


def client_name(spec: dict) -> str:
    e = spec["engagement"]
    return e["client"] if spec["report"]["show_client_name"] or not e.get("codename") else e["codename"]


def _glance(ctx: Context) -> list[str]:
    e = ctx.spec["engagement"]
    items = [f"**{ctx.v('engagement.n_interviewees')} interviews** across {ctx.v('engagement.n_functions')} "
             f"functions and {ctx.v('engagement.n_levels')} levels, {e['period']['start'].day} "
             f"{e['period']['start']:%b} – {e['period']['end'].day} {e['period']['end']:%b %Y}"]
    for key in ctx.fs.meta.get("headlines", []):
        if key in ctx.fs.findings and ctx.fs.findings[key].extra.get("headline"):
            items.append(md.text(ctx.fs.findings[key].extra["headline"]))
    return items


def build(ctx: Context) -> Page:
    spec = ctx.spec
    title = f"Social Media Alignment Assessment — {client_name(spec)}"
    parts = [f"# {md.inline(title)}\n", md.cards(_glance(ctx))]
    if ctx.story("home"):
        parts.append(ctx.story("home"))
    parts.append(_about(spec))
    return Page("index", "Summary", "\n".join(parts))


def _about(spec: dict) -> str:
    r = spec["report"]
    status = "Draft" if r["status"] == "draft" else "Final report"
    round_ = f", round {r['round']}" if r["status"] == "draft" else ""
    authors = ", ".join(md.inline(a) for a in r.get("authors", []))
    return (f"\n## About this report\n\n{status}{round_}, dated {r['date']:%d %B %Y}. Prepared by {authors or 'the research team'}. "
            "The chapters follow the two questions of the assessment: how social-media information is used "
            "across functions and levels, and what it is worth next to the traditional indicator.\n")
