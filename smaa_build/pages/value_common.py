"""Helpers shared by the SMI-value page modules (value.py, value_quality.py): the comparison set-up as declared,
names of the measures and periods, and plain statements of what could not be computed."""

from __future__ import annotations

from . import format as fmt
from . import markdown as md
from .chapter1 import card
from .context import Context

INCONCLUSIVE_N = 6  # a correlation on this many pairs or fewer is flagged inconclusive whatever its size
MEASURES = {"mean_compound": ("mean sentiment", "Mean sentiment", ".2f"),
            "share_negative": ("share of negative posts", "Share of negative posts", ".0%"),
            "net_sentiment": ("net sentiment", "Net sentiment (positive − negative share)", ".0%")}
PERIOD_WORDS = {"day": ("day", "days", "Daily"), "week": ("week", "weeks", "Weekly"),
                "month": ("month", "months", "Monthly"), "quarter": ("quarter", "quarters", "Quarterly"),
                "fieldwork": ("survey wave", "survey waves", "Per-wave"), "year": ("year", "years", "Yearly")}


def f(ctx: Context, key: str):
    return ctx.fs.findings.get(key)


def setup(ctx: Context) -> dict:
    s = f(ctx, "value.setup")
    return dict(s.extra) if s is not None else {}


def measure_name(ctx: Context) -> str:
    return str((ctx.spec["data"].get("traditional") or {}).get("measure") or "the traditional indicator")


def units(ctx: Context, n: int | None = None) -> str:
    """What one pair is: 'months' for a monthly series, the declared brand noun ('airlines') for a cross-section."""
    s = setup(ctx)
    if s.get("design") == "cross_section":
        noun = str((ctx.spec.get("value") or {}).get("brand_noun") or "brands")
        return noun[:-1] if n == 1 and noun.endswith("s") else noun
    one, many, _ = PERIOD_WORDS.get(s.get("period", "month"), ("period", "periods", "Per-period"))
    return one if n == 1 else many


def measure_words(ctx: Context) -> tuple[str, str, str]:
    return MEASURES.get(setup(ctx).get("measure", "mean_compound"), MEASURES["mean_compound"])


def expected_sign(ctx: Context) -> int:
    """More negative posts should go with lower satisfaction; a mean or net score with higher."""
    return -1 if setup(ctx).get("measure") == "share_negative" else 1


def smi_value(ctx: Context, v) -> str:
    return fmt.percent(v) if setup(ctx).get("measure") in ("share_negative", "net_sentiment") else fmt.number(v, 2)


def gap(ctx: Context, key: str, label: str) -> str:
    """A headline slot that could not be filled: a dash and the plain reason."""
    x = f(ctx, key)
    reason = x.reason if x is not None and x.reason else "the data needed for it are not in this case"
    return card("–", label, "Not computed: " + md.text(reason).rstrip(".") + ".")


def missing(ctx: Context, key: str, what: str, consequence: str = "") -> str:
    """A plain 'not computed' warning: the analysis's reason as a sentence, then what the reader loses."""
    x = f(ctx, key)
    reason = x.reason if x is not None and x.reason else "the data needed for it are not in this case"
    text = md.text(reason[:1].upper() + reason[1:]).rstrip(".") + "."
    return md.admonition("warning", f"{what}: not computed", f"{text} {consequence}".strip())
