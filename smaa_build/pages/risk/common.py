"""What the risk pages (Risk assessment, Recommendations) and the pages reading them (home, benchmarking) share:
risk bands, catalogue titles and short names, indicator values as printed, all in the report's language."""

from __future__ import annotations

from ...i18n import N_, _
from ..base import format as fmt
from ..base.context import Context
from ..chapter1.common import card, glossary, words  # noqa: F401 (the risk pages' cards, glossary and lists)

PERCENT = {"manual_share", "governance_coverage", "privacy_controls_share"}
SHORT = {"R1": N_("vertical misalignment"), "R2": N_("horizontal silos"), "R3": N_("measurement fragility"),
         "R4": N_("governance gap"), "R5": N_("misuse in evaluation"), "R6": N_("slow escalation"),
         "R7": N_("key-person concentration"), "R8": N_("privacy and compliance")}
LIKELIHOOD_LABELS = {1: N_("1 rare"), 2: "2", 3: "3", 4: "4", 5: N_("5 almost certain")}
IMPACT_LABELS = {1: N_("1 minor"), 2: "2", 3: "3", 4: "4", 5: N_("5 severe")}
BAND_NAMES = {"Low": N_("Low"), "Medium": N_("Medium"), "High": N_("High"), "Very high": N_("Very high")}


def band(name: str | None) -> str:
    """A risk band (facts.RISK_BANDS) in the active language."""
    return _(BAND_NAMES[name]) if name in BAND_NAMES else (name or "")


def title(text: str) -> str:
    """A risk's or recommendation's title: the catalogue's own (marked in analyses/risk) in the active language; a
    researcher's title, which is case text, as written."""
    return _(text) if text else text


def short_name(risk_id: str, title: str) -> str:
    """'horizontal silos' for a catalogue risk; the researcher's own title for a manual one."""
    return _(SHORT[risk_id]) if risk_id in SHORT else title[:1].lower() + title[1:]


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def indicator_text(name: str, value) -> str:
    if value is None:
        return "–"
    if name in PERCENT:
        return fmt.percent(value)
    if name == "escalation_latency_h":
        return _("{hours} h", hours=fmt.number(value, 1))
    return fmt.number(value, 2)


def indicator_row(ctx: Context, risk_id: str) -> dict | None:
    t = ctx.fs.tables.get("indicators.risk")
    return next((r for r in (t.rows if t else []) if r["risk_id"] == risk_id), None)


def department_name(label: str) -> str:
    """A rating's department: the case's label, or the analyses' word for a company-wide rating translated."""
    return _("Company-wide") if label == "Company-wide" else label
