"""The risk register as the deck shows it: one row per risk in findings.risks order (the most serious rating
first), with where it is High or worse, and the action titles of the risk slides."""

from __future__ import annotations

from ..facts import band_rank
from ..i18n import _, n_
from ..pages.base.phrases import join as words  # 'A, B and C' in the active language
from ..pages.risk.common import title as risk_title

MAX_RISKS = 6


def top_risks(risks: list[dict]) -> list[dict]:
    """One row per risk, in findings.risks order (most serious rating first): its worst rating, where it is
    High or worse, and the proposed treatment. High-or-worse risks only, unless fewer than three are."""
    by_id: dict[str, list[dict]] = {}
    for r in risks:
        by_id.setdefault(r["risk_id"], []).append(r)
    rows = []
    for rid, ratings in by_id.items():
        worst = ratings[0]
        high = [r for r in ratings if band_rank(r["band"]) >= 2]
        rows.append({"risk_id": rid, "title": worst["title"], "band": worst["band"], "score": worst["score"],
                     "likelihood": worst.get("likelihood"), "impact": worst.get("impact"),
                     "where": _where(ratings, high), "treatment": worst.get("treatment") or "–"})
    serious = [r for r in rows if band_rank(r["band"]) >= 2]
    return (serious if len(serious) >= 3 else rows)[:MAX_RISKS]


def _where(ratings: list[dict], high: list[dict]) -> str:
    if ratings[0].get("scope") == "company":
        return _("Company-wide")
    names = [r.get("department_label") or r.get("department") or "–" for r in (high or ratings[:1])]
    if high and len(high) == len(ratings) and len(ratings) > 2:
        return _("All {n} departments", n=len(ratings))
    return words(names) if len(names) <= 3 else _("{k} of {n} departments", k=len(names), n=len(ratings))


def _names(titles: list[str]) -> str:
    """'Horizontal silos and slow escalation': the risks' titles in the active language, the first capitalised."""
    titles = [risk_title(t) for t in titles]
    return words([titles[0]] + [t[:1].lower() + t[1:] for t in titles[1:]])


def top_risks_title(rows: list[dict]) -> str:
    """'Horizontal silos and slow escalation are rated Very high; 3 more risks are High'."""
    very = [r["title"] for r in rows if r["band"] == "Very high"]
    high = [r["title"] for r in rows if r["band"] == "High"]
    if very:
        first = n_("{names} is rated Very high", "{names} are rated Very high", len(very), names=_names(very))
        more = n_("{n} more risk is High", "{n} more risks are High", len(high)) if high else ""
        return _("{first}; {more}", first=first, more=more) if high else first
    if high:
        return n_("{names} is rated High", "{names} are rated High", len(high), names=_names(high))
    return _("No risk is rated High or Very high")


def risk_chart_title(rows: list[dict]) -> str:
    """'5 of 8 risks reach High or worse somewhere; R5 stays Low'."""
    serious = [r for r in rows if band_rank(r["band"]) >= 2]
    low = [r["risk_id"] for r in rows if r["band"] == "Low"]
    head = n_("{k} of {n} risk reaches High or worse in at least one rating",
              "{k} of {n} risks reach High or worse in at least one rating", len(rows), k=len(serious))
    if not low:
        return head
    return _("{first}; {more}", first=head,
             more=n_("{names} stays Low", "{names} stay Low", len(low), names=words(low)))


def worst_each(risks: list[dict]) -> list[dict]:
    """Each risk's first (most serious) rating, in findings.risks order."""
    seen: dict[str, dict] = {}
    for r in risks:
        seen.setdefault(r["risk_id"], r)
    return list(seen.values())
