"""Feedback: the client's comments on earlier drafts, by round and status, with the team's responses."""

from __future__ import annotations

from ..i18n import N_, _, n_
from .base import markdown as md
from .base.context import Context, Page

# Report sections a feedback item may name (spec/checks.py SECTIONS), as the report titles them.
SECTION_TITLES = {
    "home": N_("Summary"), "engagement": N_("Engagement and method"), "mapping": N_("Mapping SMI use"),
    "alignment": N_("Alignment"), "benchmark": N_("Benchmarking"), "risks": N_("Risk assessment"),
    "recommendations": N_("Recommendations"), "value": N_("SMI value"), "resilience": N_("Resilience"),
    "changes": N_("What changed"), "feedback": N_("Feedback"), "appendix": N_("Method notes"),
}
# status id, its heading, and the headline's count phrase (whole, so each language can inflect it)
STATUSES = [("addressed", N_("Addressed")), ("declined", N_("Declined")), ("deferred", N_("Deferred")),
            ("open", N_("Open"))]


def section_title(section: str) -> str:
    return _(SECTION_TITLES[section]) if section in SECTION_TITLES else section


def item_md(item: dict, with_status: bool = False) -> str:
    """One item as a list entry: id, who (a role), section, what was said, and the response if any."""
    status = f" — {_(dict(STATUSES).get(item['status'], item['status'])).lower()}" if with_status else ""
    head = "-   " + _("**{id}**{status} · from {who} · on *{section}*", id=md.inline(item["id"]), status=status,
                      who=md.inline(item["from"]), section=md.inline(section_title(item["section"])))
    lines = [head, "", f"    “{md.inline(item['text'])}”"]
    if item.get("response"):
        lines += ["", "    " + _("**Response:** {text}", text=md.inline(item["response"]))]
    return "\n".join(lines)


def _headlines(items: list[dict]) -> list[str]:
    rounds = sorted({int(i["round"]) for i in items})
    count = {s: sum(i["status"] == s for i in items) for s, _ in STATUSES}
    answered = count["addressed"] + count["declined"] + count["deferred"]
    values = dict(answered=answered, round=rounds[0], drafts=len(rounds))
    out = [n_("**{n} feedback item** received on draft {round}; **{answered}** answered.",
              "**{n} feedback items** received on draft {round}; **{answered}** answered.", len(items), **values)
           if len(rounds) == 1 else
           n_("**{n} feedback item** received on {drafts} drafts; **{answered}** answered.",
              "**{n} feedback items** received on {drafts} drafts; **{answered}** answered.", len(items), **values)]
    out.append(_("{addressed} addressed, {declined} declined, {deferred} deferred, {open} open.",
                 **count))
    if count["open"]:
        out.append(_("**{open}** still open: the team will answer them in the next version.", open=count["open"]))
    return out


def _round(items: list[dict], round_: int) -> str:
    parts = ["## " + _("Feedback on draft {round}", round=round_) + "\n"]
    for status, label in STATUSES:
        group = sorted((i for i in items if i["status"] == status), key=lambda i: i["id"])
        if group:
            parts.append(f"### {_(label)}\n\n" + "\n\n".join(item_md(i) for i in group) + "\n")
    return "\n".join(parts)


def build(ctx: Context) -> Page | None:
    items = list(ctx.settings.feedback)
    if not items:
        return None
    parts = ["# " + _("Feedback") + "\n", md.cards(_headlines(items)), ctx.story("feedback"),
             _("Each comment received on a draft is listed under the round it was made in, with the team's "
               "response. Who sent it is given as a role, never a name.") + "\n"]
    parts += [_round(items, r) for r in sorted({int(i["round"]) for i in items}, reverse=True)]
    return Page("feedback", _("Feedback"), "\n".join(p for p in parts if p))
