"""Helpers shared by the SMI-value page modules (value.py, quality.py): the comparison set-up as declared,
names of the measures and periods, and plain statements of what could not be computed."""

from __future__ import annotations

from ...analyses.scrub import case_rules, scrub
from ..base import format as fmt
from ..base import markdown as md
from ..chapter1.common import card
from ..base.context import Context

SCORERS = {"vader": "VADER", "provided": "the export's own score", "human_label": "human labels"}
NONE = "(none)"  # the conflict table's column for posts that address no brand account

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


def scorer_name(key: str | None) -> str:
    return SCORERS.get(key or "vader", str(key))


def allow_list(ctx: Context) -> list[str]:
    """The brand accounts kept by the scrubber (value.brand_accounts: a {brand: handle(s)} mapping or a list)."""
    acc = (ctx.spec.get("value") or {}).get("brand_accounts") or []
    if isinstance(acc, dict):
        return sorted(h for v in acc.values() for h in ([v] if isinstance(v, str) else v))
    return sorted(str(h) for h in acc)


def top_conflict(ctx: Context) -> dict | None:
    t = ctx.fs.tables.get("value.entity_conflicts")
    rows = [r for r in (t.rows if t else []) if r["conflict"]]
    if not rows:
        return None
    top = max(rows, key=lambda r: (r["n"], r["brand_field"], r["mentioned_brand"]))
    total = sum(r["n"] for r in t.rows if r["brand_field"] == top["brand_field"])
    return dict(top, total=total)


def set_aside(ctx: Context) -> list[tuple[int, str]]:
    used, dup = f(ctx, "value.posts.used"), f(ctx, "value.duplicates.dropped")
    x = used.extra if used is not None else {}
    parts = [(dup.value if dup is not None else 0, "duplicate rows"), (x.get("bad_timestamp", 0), "unreadable dates"),
             (x.get("other_language", 0), "posts not in the declared language"),
             (x.get("brand_author", 0), "posts by the brands' own accounts"), (x.get("retweet", 0), "retweets")]
    return [(n, what) for n, what in parts if n]


def quote(ctx: Context, r: dict) -> str:
    """One post as a block quote: scrubbed again (idempotent) and escaped, with its context on a second line."""
    text = md.inline(scrub(str(r["text"]), allow_list(ctx), **case_rules(ctx.spec)))
    meta = [md.inline(r["brand"]) if r.get("brand") else None, md.inline(r["date"]) if r.get("date") else None,
            f"human label: {md.inline(r['human'])}" if r.get("human") else None,
            f"{scorer_name(r.get('scorer'))} {fmt.number(r['score'], 2)} ({md.inline(r['scorer_class'])})"
            if r.get("score") is not None else None]
    return f"> “{text}”  \n> — {' · '.join(m for m in meta if m)}\n"


def quotes(ctx: Context, kind: str, title: str) -> str:
    t = ctx.fs.tables.get("value.examples")
    rows = [r for r in (t.rows if t else []) if r["kind"] == kind]
    if not rows:
        return ""
    return (f"\n**{md.inline(title)}** · scrubbed of handles, links and contact details (methods M12)\n\n"
            + "\n".join(quote(ctx, r) for r in rows) + "\n")
