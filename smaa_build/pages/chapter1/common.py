"""Helpers shared by the chapter-1 pages (Mapping SMI use, Alignment, coding reliability): headline cards, the
table as printed (2 d.p., withheld words masked, no empty cell), group labels with their n, and plain statements
of what could not be computed."""

from __future__ import annotations

from dataclasses import replace

from ...findings import Table
from ..base import format as fmt
from ..base import markdown as md
from ..base.context import Context


def card(value: str, label: str, sentence: str) -> str:
    """A headline card: big figure, short label, one full sentence (all already escaped)."""
    return f'<span class="smaa-card__value">{value}</span><span class="smaa-card__label">{label}</span>{sentence}'


def words(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def count(ctx: Context, n) -> str:
    """A group size as printed: below k_min it is itself withheld ("<5")."""
    if n is None:
        return "withheld"
    return str(n) if n >= ctx.k_min else ctx.suppressed_mark


def people(n) -> str:
    return f"n = {fmt.number(n, 0)}" if n is not None else "n withheld"


STAT_TEXT = ("band", "ad_ok", "kappa_band", "alpha_flag", "method")  # words that restate a statistic


def printed(t: Table, mark: str) -> Table:
    """The table as the report prints it: indices to 2 decimals (report-style.md) and, in suppressed rows, the
    words that restate a withheld statistic (its band, "AD_M ok") replaced by the mark too; renderers only
    blank the numbers. An empty text cell (no suppression, nothing withheld) prints "–"."""
    cols = [{**c, "decimals": 2} if c.get("kind") == "number" and c.get("decimals", 2) > 2 else c for c in t.columns]
    text = [c["name"] for c in t.columns if c.get("kind", "text") == "text"]
    rows = [{**r, **{k: mark for k in STAT_TEXT if k in r}} if r.get("suppressed") else r for r in t.rows]
    rows = [{**r, **{k: "–" for k in text if r.get(k) == ""}} for r in rows]  # never an empty cell
    return replace(t, columns=cols, rows=rows)


def shown(rows: list[dict], field: str) -> list[dict]:
    return [r for r in rows if not r.get("suppressed") and r.get(field) is not None]


def group_axis_labels(rows: list[dict], key: str, label: str, mark: str) -> dict[str, str]:
    """Axis label per group with its n ("Marketing (n = 13)"); a group whose cells are all withheld says so."""
    out = {}
    for g in dict.fromkeys(r[key] for r in rows):
        mine = [r for r in rows if r[key] == g]
        ns = [r["n"] for r in mine if r.get("n") is not None and not r.get("suppressed")]
        name = next(r[label] for r in mine)
        if ns:
            out[g] = f"{name} (n = {max(ns)})"
        elif any(r.get("suppression") == "primary" for r in mine):
            out[g] = f"{name} (n {mark})"
        else:
            out[g] = f"{name} (withheld)"
    return out


def missing(ctx: Context, key: str, what: str, consequence: str = "") -> str:
    """A plain 'not computed' statement: the analysis's reason as a sentence, then what the reader loses."""
    f = ctx.fs.findings.get(key)
    reason = f.reason if f is not None and f.reason else "the data needed for it are not in this case"
    text = md.text(reason[:1].upper() + reason[1:]).rstrip(".") + "."
    return md.admonition("warning", f"{what}: not computed", f"{text} {consequence}".strip())


def cell_label(row: dict, field: str, mark: str, kind: str = "percent") -> str:
    if row.get("suppressed") or row.get(field) is None:
        return mark if row.get("suppressed") else "–"
    return fmt.percent(row[field]) if kind == "percent" else fmt.number(row[field], 2)


def humanise(ident: str) -> str:
    """An item or code id as words: "shared_kpis" -> "Shared KPIs"."""
    acronyms = {"kpi": "KPI", "kpis": "KPIs", "smi": "SMI", "roi": "ROI", "sm": "SM"}
    parts = [acronyms.get(p.lower(), p) for p in str(ident).replace("-", "_").split("_") if p]
    text = " ".join(parts)
    return text[:1].upper() + text[1:]


def conv(ctx: Context, name: str, default) -> str:
    for c in ctx.fs.meta.get("conventions", []):
        if c.get("name") == name:
            return fmt.number(c["value"], 2)
    return fmt.number(default, 2)


def gap_card(ctx: Context, key: str, label: str) -> str:
    """A headline slot that could not be filled: a dash and the plain reason."""
    f = ctx.fs.findings.get(key)
    if f is not None and f.suppressed:
        why = f"Withheld: it would rest on fewer than {ctx.k_min} respondents (M12)."
    else:
        reason = f.reason if f is not None and f.reason else "the data needed for it are not in this case"
        why = "Not computed: " + md.text(reason).rstrip(".") + "."
    return card("–", label, why)
