"""The ratings form: the rating items on the case's scale, as a printable page (Markdown, printed with the guide's
pipeline) and as a workbook for entering the paper answers, which data.ratings reads as it is (its first sheet,
the contract's three columns)."""

from __future__ import annotations

from ..i18n import N_, _
from ..spec.case import settings as typed
from . import xlsx

# methods.md §0's example items; items already in the case's ratings file are added after them
ITEMS = {
    "useful": N_("Social-media information is useful for my decisions."),
    "trust": N_("I trust the social-media figures I receive."),
    "shared_kpis": N_("The social-media KPIs I see are the ones other functions use."),
    "timely": N_("Social-media information reaches me in time to act on it."),
}
SHEET = "ratings"
COLUMNS = ["interviewee_id", "item", "score"]


def items(existing: list[str]) -> dict[str, str]:
    """item -> its statement in the active language (an item the kit does not know: its id as words)."""
    known = {k: _(v) for k, v in ITEMS.items()}
    return known | {i: i.replace("_", " ").capitalize() for i in sorted(set(existing) - set(ITEMS))}


def scale(spec) -> tuple[int, int]:
    lo, hi = (typed(spec).data.get("ratings") or {}).get("scale") or [1, 5]
    return int(lo), int(hi)


def ratings_workbook(spec, ids: list[str], rating_items: dict[str, str], interviews: int):
    """First sheet `ratings` (what data.ratings reads), then the instructions and the item texts."""
    book = xlsx.new_book()
    ws = xlsx.table_sheet(book, SHEET, COLUMNS, {"interviewee_id": 16, "item": 18})
    names = xlsx.add_lists(book, {"interviewee_id": sorted(ids) or [""], "item": list(rating_items)})
    last = max(interviews, 1) * len(rating_items) + 1
    xlsx.open_columns(ws, len(COLUMNS))
    if ids:
        xlsx.dropdown(ws, names["interviewee_id"], f"A2:A{last}", "an interviewee id")
    xlsx.dropdown(ws, names["item"], f"B2:B{last}", "a rating item")
    lo, hi = scale(spec)
    xlsx.whole_number(ws, lo, hi, f"C2:C{last}", f"the score on the scale {lo}–{hi}")
    xlsx.protect(ws)
    texts = xlsx.table_sheet(book, "Items", ["item", "statement"], {"statement": 80})
    for key, text in rating_items.items():
        texts.append([key, text])
    xlsx.protect(texts)
    xlsx.add_instructions(book, "Ratings", [
        f"One row per interviewee × item: the score the interviewee ticked on the paper form, {lo} to {hi}.",
        "Leave out an item the interviewee did not answer. Declare this file as data.ratings.file in case.yaml; "
        "`smaa check` reads its first sheet, 'ratings', as it is."], index=1)
    xlsx.add_manifest(book, {"kind": "ratings"})
    return book


def form_markdown(spec, rating_items: dict[str, str]) -> str:
    """The printable form: one line per item with the scale's boxes."""
    lo, hi = scale(spec)
    boxes = " ".join(f"☐ {v}" for v in range(lo, hi + 1))
    rows = "\n".join(f"| {text} | {boxes} |" for text in rating_items.values())
    statement, score = _("Statement"), _("Score")
    return (_("Interviewee id: ______________ Date: ______________") + "\n\n"
            + _("Tick one box per statement: {lo} = strongly disagree … {hi} = strongly agree.", lo=lo, hi=hi)
            + f"\n\n| {statement} | {score} |\n| --- | --- |\n{rows}\n")
