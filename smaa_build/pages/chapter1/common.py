"""Helpers shared by the chapter-1 pages (Mapping SMI use, Alignment, coding reliability): headline cards, the
table as printed (2 d.p., withheld words masked, no empty cell), group labels with their n, and plain statements
of what could not be computed."""

from __future__ import annotations

import re
from dataclasses import replace

from ...findings import Table
from ...i18n import N_, _
from ..base import format as fmt
from ..base import markdown as md
from ..base import phrases
from ..base.context import Context
from ..base.reasons import reason_of


def card(value: str, label: str, sentence: str) -> str:
    """A headline card: big figure, short label, one full sentence (all already escaped)."""
    return f'<span class="smaa-card__value">{value}</span><span class="smaa-card__label">{label}</span>{sentence}'


def words(items) -> str:
    """'A, B and C' in the active language (pages/base/phrases.join: Babel's list pattern outside English)."""
    return phrases.join(items)


def count(ctx: Context, n) -> str:
    """A group size as printed: below the smallest group shown it is itself withheld ("<5")."""
    if n is None:
        return _("withheld")
    return str(n) if n >= ctx.k_min else ctx.suppressed_mark


def people(n) -> str:
    return _("n = {n}", n=fmt.number(n, 0)) if n is not None else _("n withheld")


# Technical terms the chapter-1, benchmark and risk pages use, each explained in one line for the client
# (python-markdown's abbr extension, enabled in mkdocs.yml: every use of the term gets the line as a tooltip).
GLOSSARY = {
    "SMI": N_("Social-media information: any figure, report or insight drawn from social media"),
    "KPI": N_("Key performance indicator: a figure tracked against a target"),
    "KPIs": N_("Key performance indicators: figures tracked against a target"),
    "HDI": N_("Horizontal diffusion index: the share of functions where someone uses SMI (0 to 1)"),
    "HI": N_("Intensity index: how formally SMI is used, from 0 (not at all) to 1 (a KPI with a target)"),
    "VAI": N_("Vertical alignment index: 1 when management and operations rate SMI alike, lower as they differ"),
    "Jaccard": N_("Jaccard overlap: the KPIs two functions share, divided by all the KPIs either names"),
    "ICC": N_("Intraclass correlation: how much of the spread in ratings lies between groups rather than within them"),
    "IQR": N_("Interquartile range: the middle half of the peers"),
}


def glossary(body: str) -> str:
    """The abbreviation lines for the glossary terms `body` uses, to append at the end of a page."""
    used = [t for t in GLOSSARY if re.search(rf"\b{re.escape(t)}\b", body)]
    return "\n" + "\n".join(f"*[{t}]: {_(GLOSSARY[t])}" for t in used) + "\n" if used else ""


STAT_TEXT = ("band", "ad_ok", "kappa_band", "alpha_flag", "method")  # words that restate a statistic


def printed(t: Table, mark: str) -> Table:
    """The table as the report prints it: indices to 2 decimals (report-style.md) and, in suppressed rows, the
    words that restate a withheld statistic (its band, "AD_M ok") replaced by the mark too; renderers only
    blank the numbers. An empty text cell (no suppression, nothing withheld) prints "–"."""
    cols = [{**c, "decimals": 2} if c.get("kind") == "number" and c.get("decimals", 2) > 2 else c for c in t.columns]
    text = [c["name"] for c in t.columns if c.get("kind", "text") == "text"]
    rows = [{**r, **{k: mark for k in STAT_TEXT if k in r}} if r.get("suppressed") else r for r in t.rows]
    rows = [{**r, **{k: "–" for k in text if r.get(k) == ""}} for r in rows]  # never an empty cell
    rows = [{**r, **{k: band_word(r[k]) for k in text if r.get(k) in TABLE_WORDS}} for r in rows]
    return replace(t, columns=cols, rows=rows)


def band_word(value: str) -> str:
    """An analysis's band or flag word ("widespread", "strong", "silo", …) in the active language; other text as it
    comes."""
    return _(TABLE_WORDS[value]) if value in TABLE_WORDS else value


# The analyses' words in the text columns of chapter-1 tables (bands, flags, how a cell was withheld), in the
# active language; any other text (the case's labels) is printed as it comes
TABLE_WORDS = {
    "widespread": N_("widespread"), "partial": N_("partial"), "concentrated": N_("concentrated"),
    "lack of agreement": N_("lack of agreement"), "weak": N_("weak"), "moderate": N_("moderate"),
    "strong": N_("strong"), "very strong": N_("very strong"), "silo": N_("silo"),
    "shared vocabulary": N_("shared vocabulary"), "reliable": N_("reliable"), "tentative": N_("tentative"),
    "unreliable": N_("unreliable"), "slight": N_("slight"), "fair": N_("fair"), "substantial": N_("substantial"),
    "almost perfect": N_("almost perfect"), "poor": N_("poor"), "yes": N_("yes"), "no": N_("no"),
    "primary": N_("primary"), "complementary": N_("complementary"), "function": N_("function"),
    "level": N_("level"), "Management": N_("Management"), "Operations": N_("Operations"),
    "Other functions": N_("Other functions"),
    "Other functions (merged, each too small to show)": N_("Other functions (merged, each too small to show)"),
}


def note(t: Table) -> str:
    """A table's note as the analysis wrote it, in the active language (the analyses mark their notes N_)."""
    return _(t.note) if t.note else ""


def shown(rows: list[dict], field: str) -> list[dict]:
    return [r for r in rows if not r.get("suppressed") and r.get(field) is not None]


def group_axis_labels(rows: list[dict], key: str, label: str, mark: str) -> dict[str, str]:
    """Axis label per group with its n ("Marketing (n = 13)"); a group whose cells are all withheld says so."""
    out = {}
    for g in dict.fromkeys(r[key] for r in rows):
        mine = [r for r in rows if r[key] == g]
        ns = [r["n"] for r in mine if r.get("n") is not None and not r.get("suppressed")]
        name = band_word(next(r[label] for r in mine))  # "Management" when levels are grouped
        if ns:
            out[g] = _("{name} (n = {n})", name=name, n=max(ns))
        elif any(r.get("suppression") == "primary" for r in mine):
            out[g] = _("{name} (n {mark})", name=name, mark=mark)
        else:
            out[g] = _("{name} (withheld)", name=name)
    return out


def missing(ctx: Context, key: str, what: str, consequence: str = "") -> str:
    """A plain 'not computed' statement: the analysis's reason as a sentence, then what the reader loses."""
    reason = reason_of(ctx.fs.findings.get(key))
    text = md.text(reason[:1].upper() + reason[1:]).rstrip(".") + "."
    return md.admonition("warning", _("{what}: not computed", what=what), f"{text} {consequence}".strip())


def cell_label(row: dict, field: str, mark: str, kind: str = "percent") -> str:
    if row.get("suppressed") or row.get(field) is None:
        return mark if row.get("suppressed") else "–"
    return fmt.percent(row[field]) if kind == "percent" else fmt.number(row[field], 2)


# The coding frame's codes and the rating items, as words in the active language (a code a case adds under
# `vocabularies:` falls back to its id made readable)
VOCAB = {
    "diagnostic": N_("Diagnostic"), "interactive": N_("Interactive"), "beliefs": N_("Beliefs"),
    "boundary": N_("Boundary"), "financial": N_("Financial"), "network": N_("Network"),
    "interaction": N_("Interaction"), "conversation": N_("Conversation"), "opinion": N_("Opinion"),
    "manual": N_("Manual"), "semi_automated": N_("Semi automated"), "automated": N_("Automated"),
    "counts": N_("Counts"), "content": N_("Content"), "sentiment": N_("Sentiment"),
    "useful": N_("Useful"), "trust": N_("Trust"), "timely": N_("Timely"), "shared_kpis": N_("Shared KPIs"),
}


def humanise(ident: str) -> str:
    """An item or code id as words: "shared_kpis" -> "Shared KPIs"."""
    if str(ident) in VOCAB:
        return _(VOCAB[str(ident)])
    acronyms = {"kpi": "KPI", "kpis": "KPIs", "smi": "SMI", "roi": "ROI", "sm": "SM"}
    parts = [acronyms.get(p.lower(), p) for p in str(ident).replace("-", "_").split("_") if p]
    text = " ".join(parts)
    return text[:1].upper() + text[1:]


def conv_value(ctx: Context, name: str, default: float) -> float:
    """A convention's value for this case (findings meta), or its default."""
    for c in ctx.fs.meta.get("conventions", []):
        if c.get("name") == name and isinstance(c.get("value"), (int, float)):
            return float(c["value"])
    return default


def conv(ctx: Context, name: str, default) -> str:
    """A convention's value as printed."""
    return fmt.number(conv_value(ctx, name, default), 2)


def gap_card(ctx: Context, key: str, label: str) -> str:
    """A headline slot that could not be filled: a dash and the plain reason."""
    f = ctx.fs.findings.get(key)
    if f is not None and f.suppressed:
        why = _("Withheld to protect respondents: it would rest on fewer than {k} people.", k=ctx.k_min)
    else:
        reason = reason_of(f)
        why = _("Not computed: {reason}.", reason=md.text(reason).rstrip("."))
    return card("–", label, why)
