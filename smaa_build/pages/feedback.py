"""Feedback: the client's comments on earlier drafts, by round and status, with the team's responses."""

from __future__ import annotations

from .base import markdown as md
from .base.context import Context, Page

# Report sections a feedback item may name (spec/checks.py SECTIONS), as the report titles them.
SECTION_TITLES = {
    "home": "Summary", "engagement": "Engagement and method", "mapping": "Mapping SMI use",
    "alignment": "Alignment", "benchmark": "Benchmarking", "risks": "Risk assessment",
    "recommendations": "Recommendations", "value": "SMI value", "resilience": "Resilience",
    "changes": "What changed", "feedback": "Feedback", "appendix": "Appendix",
}
STATUSES = [("addressed", "Addressed"), ("declined", "Declined"), ("deferred", "Deferred"), ("open", "Open")]


def section_title(section: str) -> str:
    return SECTION_TITLES.get(section, section)


def item_md(item: dict, with_status: bool = False) -> str:
    """One item as a list entry: id, who (a role), section, what was said, and the response if any."""
    status = f" — {item['status']}" if with_status else ""
    head = (f"-   **{md.inline(item['id'])}**{status} · from {md.inline(item['from'])} · on "
            f"*{md.inline(section_title(item['section']))}*")
    lines = [head, "", f"    “{md.inline(item['text'])}”"]
    if item.get("response"):
        lines += ["", f"    **Response:** {md.inline(item['response'])}"]
    return "\n".join(lines)


def _headlines(items: list[dict]) -> list[str]:
    rounds = sorted({int(i["round"]) for i in items})
    count = {s: sum(i["status"] == s for i in items) for s, _ in STATUSES}
    answered = count["addressed"] + count["declined"] + count["deferred"]
    out = [f"**{len(items)} feedback item{'s' if len(items) != 1 else ''}** received on "
           f"{'draft ' + str(rounds[0]) if len(rounds) == 1 else f'{len(rounds)} drafts'}; "
           f"**{answered}** answered."]
    out.append(", ".join(f"{count[s]} {label.lower()}" for s, label in STATUSES).capitalize() + ".")
    if count["open"]:
        out.append(f"**{count['open']}** still open: the team will answer them in the next version.")
    return out


def _round(items: list[dict], round_: int) -> str:
    parts = [f"## Feedback on draft {round_}\n"]
    for status, label in STATUSES:
        group = sorted((i for i in items if i["status"] == status), key=lambda i: i["id"])
        if group:
            parts.append(f"### {label}\n\n" + "\n\n".join(item_md(i) for i in group) + "\n")
    return "\n".join(parts)


def build(ctx: Context) -> Page | None:
    items = list(ctx.spec.get("feedback") or [])
    if not items:
        return None
    parts = ["# Feedback\n", md.cards(_headlines(items)), ctx.story("feedback"),
             "Each comment received on a draft is listed under the round it was made in, with the team's "
             "response. Who sent it is given as a role, never a name.\n"]
    parts += [_round(items, r) for r in sorted({int(i["round"]) for i in items}, reverse=True)]
    return Page("feedback", "Feedback", "\n".join(p for p in parts if p))
