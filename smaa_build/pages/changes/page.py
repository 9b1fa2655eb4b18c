"""What changed: this version against each earlier published version (newest first), written for a client. Each
comparison opens with what moved that matters (material.py: risk bands and headline figures past their stated
rule, with why), then the feedback answered, the recommendations and the narrative edits; every other difference
sits in a collapsed "All differences" (details.py).
Every piece of user text is escaped; the word diff is HTML built here from escaped words only."""

from __future__ import annotations

import html
from datetime import date

from . import details
from . import diff as ch
from . import material as mat
from ...i18n import N_, _, n_
from ...version_names import order_key, title_of
from ..base import format as fmt
from ..base import markdown as md
from ..base import phrases
from ..base.context import Context, Page
from ..feedback import section_title


def current(ctx: Context) -> ch.Snapshot:
    r = ctx.settings.report
    return ch.Snapshot(r.version, title_of(r.version), order_key(r.status, r.round), r.date.isoformat(), ctx.fs,
                       dict(ctx.narrative), list(ctx.settings.feedback), ctx.k_min, ctx.spec)


def long_date(iso: str) -> str:
    return fmt.date(date.fromisoformat(iso))


def when(snap: ch.Snapshot) -> str:
    return f"{details.shown_title(snap)} ({long_date(snap.date)})"


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


# ---------- the first screen: what moved that matters ----------

def _why(m: mat.Moved) -> str:
    return md.cell("; ".join(m.why)) if m.why else _("no input of the case changed")


def _moved_table(c: ch.Changes, moved: list[mat.Moved]) -> str:
    rows = [[md.cell(m.label), md.cell(m.before or _("not assessed")), md.cell(m.after or _("not assessed")),
             md.cell(details.arrow(m.direction)), _why(m)] for m in moved]
    return md.table([_("What"), details.shown_title(c.old), details.shown_title(c.new), _("Change"), _("Why")], rows,
                    ["left", "right", "right", "left", "left"])


def rule_text() -> str:
    rules = "\n".join(f"-   {_(mat.RULES[k])};" for k in mat.RULES)
    return (_("A change is listed here when:") + "\n\n" + rules.rstrip(";") + ".\n\n"
            + _("Every other difference is under “All differences”.") + "\n")


def moved(c: ch.Changes, items: list[mat.Moved]) -> str:
    title = _("### What moved that matters") + "\n\n"
    if not items:
        return title + _("No risk changed band and no headline figure moved past its rule.") + " " + rule_text()
    return title + _moved_table(c, items) + "\n" + rule_text()


# ---------- feedback, recommendations, narrative ----------

def _recommendations(c: ch.Changes) -> str:
    parts = [_("### Recommendations") + "\n"]
    for r in c.recommendations:
        head = f"**{md.inline(r.id)} {md.inline(r.title)}** — {details.arrow(r.change)}"
        if r.change == "reworded":
            parts.append(f"{head}\n\n{word_diff_html(r.before, r.after)}")
        else:
            parts.append(f"{head}: {md.inline(r.after or r.before)}\n")
    return "\n".join(parts)


def _narrative(c: ch.Changes) -> str:
    parts = [_("### Narrative") + "\n\n" + _("Words removed are struck through, words added are underlined; "
                                                "unchanged paragraphs are left out.") + "\n"]
    for n in c.narrative:
        parts.append(f"#### {md.inline(section_title(n.section))}\n\n{word_diff_html(n.before, n.after)}")
    return "\n".join(parts)


STATUS = {"addressed": N_("addressed"), "declined": N_("declined"), "deferred": N_("deferred"), "open": N_("open")}


def _feedback(c: ch.Changes) -> str:
    lines = []
    for f in c.feedback:
        lines.append(_("-   **{id}** — {status} · round {round} · from {source} · on *{section}*", id=md.inline(f.id),
                       status=_(STATUS.get(f.status, f.status)), round=f.round, source=md.inline(f.source),
                       section=md.inline(section_title(f.section)))
                     + f"\n\n    “{md.inline(f.text)}”"
                     + (("\n\n    " + _("**Response:** {text}", text=md.inline(f.response))) if f.response else ""))
    return _("### Feedback answered") + "\n\n" + "\n\n".join(lines) + "\n"


def headline(c: ch.Changes, items: list[mat.Moved] | None = None) -> str:
    """The comparison in one sentence: how many changes matter (and which, when there is one)."""
    items = mat.material(c) if items is None else items
    if c.empty:
        return _("Nothing changed since {version}.", version=details.shown_title(c.old))
    if not items:
        return _("Nothing that matters moved since {version}: no risk changed band and no headline figure passed "
                 "its rule.", version=details.shown_title(c.old))
    if len(items) == 1:
        m = items[0]
        return _("1 change that matters since {version}: {what}, {before} → {after}.", version=details.shown_title(c.old),
                 what=m.label, before=m.before or _("not assessed"), after=m.after or _("not assessed"))
    return n_("{n} change that matters since {version}.", "{n} changes that matter since {version}.", len(items),
              version=details.shown_title(c.old))


def section(c: ch.Changes) -> str:
    items = mat.material(c)
    since = _("Since {version}", version=md.inline(when(c.old)))
    # a stable anchor: the version selector and the outdated banner link here (theme/…/smaa-versions.js)
    head = f"## {since} {{ #since-{c.old.version} }}\n\n**{md.inline(headline(c, items))}**\n"
    if c.empty:
        return head + "\n" + _("No figure, table cell, risk band, recommendation, suppression, narrative text or "
                                "feedback item changed.") + "\n"
    parts = [moved(c, items),
             _feedback(c) if c.feedback else "",
             _recommendations(c) if c.recommendations else "",
             _narrative(c) if c.narrative else "",
             details.all_differences(c, mat.covered(items))]
    return head + "\n" + "\n".join(p for p in parts if p)


# ---------- the page ----------

STATUS_COUNTS = {"addressed": (N_("{n} addressed"), N_("{n} addressed")),
                 "declined": (N_("{n} declined"), N_("{n} declined")),
                 "deferred": (N_("{n} deferred"), N_("{n} deferred")), "open": (N_("{n} still open"), N_("{n} still open"))}


def feedback_card(items: list[dict]) -> str:
    """Every feedback item counted once, by status, so the counts add up: "3 feedback items: 2 addressed and 1
    deferred." ("answered" would count a deferred item as done)."""
    counts = {s: sum(i.get("status") == s for i in items) for s in STATUS_COUNTS}
    parts = [n_(*STATUS_COUNTS[s], n) for s, n in counts.items() if n]
    return n_("{n} feedback item: {statuses}.", "{n} feedback items: {statuses}.", len(items),
              statuses=phrases.join(parts))


def _cards(diffs: list[ch.Changes]) -> list[str]:
    latest = diffs[0]
    out = [f"**{md.inline(headline(latest))}**"]
    if len(diffs) > 1:
        first = diffs[-1]
        n, version = len(mat.material(first)), md.inline(when(first.old))
        out.append(n_("Against the first version, {version}: {n} change that matters.",
                      "Against the first version, {version}: {n} changes that matter.", n, version=version) if n else
                   _("Against the first version, {version}: nothing that matters moved.", version=version))
    if latest.new.feedback:
        out.append(feedback_card(latest.new.feedback))
    return out


def build(ctx: Context) -> Page | None:
    if not ctx.releases:
        return None
    now = current(ctx)
    diffs = [ch.diff(old, now) for old in ctx.releases]
    parts = [_("# What changed") + "\n", md.cards(_cards(diffs)),
             _("This is {version}. It is compared below with each earlier version, newest first: first what moved "
               "that matters, then the feedback answered and the edits to the text; every other difference is "
               "listed, collapsed, under “All differences”.", version=md.inline(when(now))) + "\n"]
    parts += [section(c) for c in diffs]
    return Page("changes", _("What changed"), "\n".join(parts))
