"""Version names and their order: draft-<round> or final, newer sorting higher. Read by the "What changed" page,
the release snapshots and the publishing site alike, so it sits before all three stages."""

from __future__ import annotations

import re


def name_of(status: str, round_: int) -> str:
    return "final" if status == "final" else f"draft-{round_}"


def title_of(name: str) -> str:
    m = re.fullmatch(r"draft-(\d+)", name)
    return f"Draft {m.group(1)}" if m else ("Final" if name == "final" else name)


def order_key(status: str, round_: int) -> tuple[int, int]:
    """Newer sorts higher: later rounds first, and within a round the final after the draft."""
    return (int(round_), 1 if status == "final" else 0)


def key_from_name(name: str) -> tuple[int, int]:
    """For entries written without properties (e.g. by mike itself)."""
    m = re.fullmatch(r"draft-(\d+)", name)
    if m:
        return (int(m.group(1)), 0)
    return (10**6, 1) if name == "final" else (0, 0)


def display_title(name: str, recorded: str) -> str:
    """A version's title in the report's language ("Bozza 2" in Italian); a name that is neither draft-N nor final
    keeps the title its release recorded. release.json and versions.json keep the English title_of."""
    from .i18n import _

    m = re.fullmatch(r"draft-(\d+)", name)
    if m:
        return _("Draft {n}", n=int(m.group(1)))
    return _("Final") if name == "final" else recorded
