"""The risk register as the deck shows it: one row per risk in findings.risks order (the most serious rating
first), with where it is High or worse, and the action titles of the risk slides."""

from __future__ import annotations

from ..facts import band_rank

MAX_RISKS = 6


def words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


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
        return "Company-wide"
    names = [r.get("department_label") or r.get("department") or "–" for r in (high or ratings[:1])]
    if high and len(high) == len(ratings) and len(ratings) > 2:
        return f"All {len(ratings)} departments"
    return words(names) if len(names) <= 3 else f"{len(names)} of {len(ratings)} departments"


def _are(items: list) -> str:
    return "is" if len(items) == 1 else "are"


def top_risks_title(rows: list[dict]) -> str:
    """'Horizontal silos and slow escalation are rated Very high; 3 more risks are High'."""
    very = [r["title"] for r in rows if r["band"] == "Very high"]
    high = [r["title"] for r in rows if r["band"] == "High"]
    if very:
        names = words([very[0]] + [v[:1].lower() + v[1:] for v in very[1:]])
        more = f"; {len(high)} more {'risk is' if len(high) == 1 else 'risks are'} High" if high else ""
        return f"{names} {_are(very)} rated Very high{more}"
    if high:
        return f"{words([high[0]] + [h[:1].lower() + h[1:] for h in high[1:]])} {_are(high)} rated High"
    return "No risk is rated High or Very high"


def risk_chart_title(rows: list[dict]) -> str:
    """'5 of 8 risks reach High or worse somewhere; R5 stays Low'."""
    serious = [r for r in rows if band_rank(r["band"]) >= 2]
    low = [r["risk_id"] for r in rows if r["band"] == "Low"]
    head = f"{len(serious)} of {len(rows)} risks reach High or worse in at least one rating"
    return head + (f"; {words(low)} {'stays' if len(low) == 1 else 'stay'} Low" if low else "")


def worst_each(risks: list[dict]) -> list[dict]:
    """Each risk's first (most serious) rating, in findings.risks order."""
    seen: dict[str, dict] = {}
    for r in risks:
        seen.setdefault(r["risk_id"], r)
    return list(seen.values())
