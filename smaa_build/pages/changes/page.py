"""What changed: this version against each earlier published version (newest first), headline first, then the
details — figures, table cells, risk bands, recommendations, findings added or removed, suppressions, narrative
edits, feedback answered.
Every piece of user text is escaped; the word diff is HTML built here from escaped words only."""

from __future__ import annotations

import html
from datetime import date

from . import diff as ch
from ...version_names import order_key, title_of, version_name
from ..base import markdown as md
from ..base.context import Context, Page
from ..feedback import section_title

ARROWS = {"up": "▲ up", "down": "▼ down", "worse": "▲ worse", "better": "▼ better"}


def current(ctx: Context) -> ch.Snapshot:
    r = ctx.spec["report"]
    name = version_name(ctx.spec)
    return ch.Snapshot(name, title_of(name), order_key(r["status"], r["round"]), r["date"].isoformat(), ctx.fs,
                       dict(ctx.narrative), list(ctx.spec.get("feedback") or []), ctx.k_min)


def long_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {d:%B %Y}"


def when(snap: ch.Snapshot) -> str:
    return f"{snap.title} ({long_date(snap.date)})"


# ---------- word diff ----------

def _mark(tag: str, words: list[str]) -> str:
    return f'<{tag} class="critic">{html.escape(" ".join(words))}</{tag}>' if words else ""


def _paragraphs(ops: list) -> list[tuple[list[str], bool]]:
    """Word ops -> paragraphs of HTML pieces, each flagged when it holds a change."""
    paras: list[tuple[list[str], bool]] = [([], False)]

    def add(piece: str, changed: bool) -> None:
        if piece:  # an empty run (e.g. before an inserted break) changes nothing in this paragraph
            pieces, flag = paras[-1]
            paras[-1] = (pieces + [piece], flag or changed)

    for tag, old, new in ops:
        if tag == "equal":
            for w in old:
                if w == ch.BREAK:
                    paras.append(([], False))
                else:
                    add(html.escape(w), False)
            continue
        removed = ["¶" if w == ch.BREAK else w for w in old]  # a deleted break joins two paragraphs
        add(_mark("del", removed), True)
        runs = " ".join(new).split(ch.BREAK)  # an inserted break opens a new paragraph
        for i, run in enumerate(runs):
            if i:
                paras.append(([], True))
            add(_mark("ins", run.split()), True)
    return paras


def word_diff_html(before: str, after: str) -> str:
    """Only the paragraphs that changed, unchanged ones elided with "…"; one raw-HTML block (no blank line)."""
    paras = _paragraphs(ch.word_ops(before, after))
    out, skipped = [], False
    for pieces, changed in paras:
        if not changed:
            skipped = True
            continue
        if skipped and out:
            out.append('<p class="smaa-diff__gap">…</p>')
        out.append("<p>" + " ".join(pieces) + "</p>")
        skipped = False
    return '<div class="smaa-diff">\n' + "\n".join(out) + "\n</div>\n"


# ---------- detail sections ----------

def _figures(c: ch.Changes) -> str:
    rows = [[md.cell(f.label), md.cell(f.before), md.cell(f.after), md.cell(ARROWS.get(f.direction, f.direction))]
            for f in c.figures]
    return ("### Figures that changed\n\nCompared as printed: a value that moved within its rounding is not "
            "listed.\n\n" + md.table(["Figure", c.old.title, c.new.title, "Change"], rows,
                                      ["left", "right", "right", "left"]))


def _cells(c: ch.Changes) -> str:
    """One collapsible block per table (tables can hold hundreds of cells), largest change count first."""
    by_table: dict[str, list[ch.CellChange]] = {}
    for cell in c.cells:
        by_table.setdefault(cell.table, []).append(cell)
    parts = ["### Table cells that changed\n\nCells of the tables behind the charts, compared as printed; rows "
             "are matched by their labels.\n"]
    for cells in sorted(by_table.values(), key=lambda cs: (-len(cs), cs[0].table)):
        rows = [[md.cell(x.row), md.cell(x.column), md.cell(x.before), md.cell(x.after),
                 md.cell(ARROWS.get(x.direction, x.direction))] for x in cells]
        body = md.table(["Row", "Column", c.old.title, c.new.title, "Change"], rows,
                        ["left", "left", "right", "right", "left"])
        n = len(cells)
        title = md.inline(cells[0].table_label).replace('"', "”")  # the title sits inside double quotes
        parts.append(md.admonition("note", f"{title}: {n} cell{'s' if n != 1 else ''}", body, collapsible=True))
    return "\n".join(parts)


def _recommendations(c: ch.Changes) -> str:
    parts = ["### Recommendations\n"]
    for r in c.recommendations:
        head = f"**{md.inline(r.id)} {md.inline(r.title)}** — {r.change}"
        if r.change == "reworded":
            parts.append(f"{head}\n\n{word_diff_html(r.before, r.after)}")
        else:
            parts.append(f"{head}: {md.inline(r.after or r.before)}\n")
    return "\n".join(parts)


def _band(band: str | None) -> str:
    return md.cell(band) if band else "not assessed"


def _risks(c: ch.Changes) -> str:
    rows = [[md.cell(f"{r.risk_id} {r.title}".strip()), md.cell(r.department), _band(r.before), _band(r.after),
             md.cell(ARROWS.get(r.direction, r.direction))] for r in c.risks]
    return "### Risks whose band changed\n\n" + md.table(
        ["Risk", "Department", c.old.title, c.new.title, "Change"], rows, ["left"] * 5)


def _deltas(title: str, items: list[ch.FindingDelta]) -> str:
    lines = [f"-   {md.inline(d.label)}: {md.inline(d.shown)}" for d in items]
    return f"### {title}\n\n" + "\n".join(lines) + "\n"


def _suppressions(c: ch.Changes) -> str:
    mark = f"<{c.new.k_min}"
    rows = [[md.cell(s.label), md.cell(f"now suppressed ({mark})" if s.appeared else "now shown")]
            for s in c.suppressions]
    return ("### Suppressions\n\nFigures and cells hidden or shown again under the minimum cell size "
            f"(k_min = {c.new.k_min}).\n\n" + md.table(["Figure or cell", "Change"], rows, ["left", "left"]))


def _narrative(c: ch.Changes) -> str:
    parts = ["### Narrative\n\nWords removed are struck through, words added are underlined; unchanged "
             "paragraphs are left out.\n"]
    for n in c.narrative:
        parts.append(f"#### {md.inline(section_title(n.section))}\n\n{word_diff_html(n.before, n.after)}")
    return "\n".join(parts)


def _feedback(c: ch.Changes) -> str:
    lines = []
    for f in c.feedback:
        lines.append(f"-   **{md.inline(f.id)}** — {f.status} · round {f.round} · from {md.inline(f.source)} · on "
                     f"*{md.inline(section_title(f.section))}*\n\n    “{md.inline(f.text)}”"
                     + (f"\n\n    **Response:** {md.inline(f.response)}" if f.response else ""))
    return "### Feedback answered\n\n" + "\n\n".join(lines) + "\n"


def details(c: ch.Changes) -> str:
    parts = [
        _figures(c) if c.figures else "",
        _cells(c) if c.cells else "",
        _risks(c) if c.risks else "",
        _recommendations(c) if c.recommendations else "",
        _deltas("Findings added", c.added) if c.added else "",
        _deltas("Findings removed", c.removed) if c.removed else "",
        _suppressions(c) if c.suppressions else "",
        _narrative(c) if c.narrative else "",
        _feedback(c) if c.feedback else "",
    ]
    return "\n".join(p for p in parts if p)


def headline(c: ch.Changes) -> str:
    return f"{c.headline()[0].upper()}{c.headline()[1:]} since {c.old.title}."


def section(c: ch.Changes) -> str:
    head = f"## Since {md.inline(when(c.old))}\n\n**{md.inline(headline(c))}**\n"
    if c.empty:
        return head + ("\nNo figure, table cell, risk band, recommendation, suppression, narrative text or feedback "
                       "item changed.\n")
    return head + "\n" + details(c)


def _cards(diffs: list[ch.Changes]) -> list[str]:
    latest = diffs[0]
    out = [f"**{md.inline(headline(latest))}**"]
    if len(diffs) > 1:
        first = diffs[-1]
        out.append(f"Against the first version, {md.inline(when(first.old))}: {md.inline(first.headline())}.")
    open_items = sum(f.get("status") == "open" for f in latest.new.feedback)
    if latest.new.feedback:
        out.append(f"{len(latest.new.feedback) - open_items} of {len(latest.new.feedback)} feedback items are "
                   "answered" + (f"; {open_items} still open." if open_items else "."))
    return out


def build(ctx: Context) -> Page | None:
    if not ctx.releases:
        return None
    now = current(ctx)
    diffs = [ch.diff(old, now) for old in ctx.releases]
    parts = ["# What changed\n", md.cards(_cards(diffs)),
             f"This is {md.inline(when(now))}. It is compared below with each earlier version, newest first. "
             "Figures are compared as printed, so a value that moved only within its rounding is not a change.\n"]
    parts += [section(c) for c in diffs]
    return Page("changes", "What changed", "\n".join(parts))
