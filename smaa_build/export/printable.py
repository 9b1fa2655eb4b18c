"""The site's page HTML made printable: links between pages become links inside the one document, collapsed
blocks print open, and every table gets column widths up front, so WeasyPrint can use the fixed table layout
(its automatic layout measures every cell twice and dominated the export time)."""

from __future__ import annotations

import re
from pathlib import Path

from lxml.html import builder as E

from .content import plain


def local_href(href: str, slug: str, slugs: set[str]) -> str | None:
    """Links between site pages become links inside the PDF; anything else outside the PDF is left as is."""
    if href.startswith("#"):
        return f"#{slug}--{href[1:]}" if href[1:] else f"#page-{slug}"
    if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
        return href  # http(s), mailto: a link the reader may follow, never fetched
    target, _, anchor = href.partition("#")
    other = Path(target).stem
    if target.endswith(".md") and other in slugs:
        return f"#{other}--{anchor}" if anchor else f"#page-{other}"
    return None


def relink(root, slug: str, slugs: set[str]) -> None:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.get("id"):
            el.set("id", f"{slug}--{el.get('id')}")
        if el.tag == "a" and el.get("href") is not None:
            href = local_href(el.get("href"), slug, slugs)
            if href is None:
                del el.attrib["href"]
            else:
                el.set("href", href)


def unfold(root) -> None:
    """Collapsible blocks print open: <details> becomes a titled box; content tabs print one after another."""
    for det in list(root.iter("details")):
        det.tag = "div"
        det.set("class", f"box {det.get('class') or ''}".strip())
        det.attrib.pop("open", None)
        summary = det.find("summary")
        if summary is not None:
            summary.tag = "p"
            summary.set("class", "box__title")
    for tabs in root.find_class("tabbed-set"):
        labels = [plain(lab) for lab in tabs.iter("label")]
        blocks = tabs.find_class("tabbed-block")
        stack = E.DIV(E.CLASS("tabs-printed"))
        for label, block in zip(labels, blocks):
            block.tag = "div"
            stack.append(E.P(E.CLASS("box__title"), label))
            stack.append(block)
        tabs.getparent().replace(tabs, stack)


# Table columns are sized in characters of the table font: about 1.55 mm each at 7.8 pt (bold headers a tenth
# more), plus the cell padding; a table may take about 158 mm (the text block less the indent of a box).
WRAP_AT, CHAR_MM, PAD_MM, BUDGET_MM = 34, 1.55, 3.6, 158.0


def _needs(table) -> tuple[list[int], list[int]]:
    """Per column: the fewest characters it can take without breaking a word or a number, and the most it wants."""
    least: list[int] = []
    most: list[int] = []
    for row in table.iter("tr"):
        for k, cell in enumerate(row.findall("th") + row.findall("td")):
            if k >= len(least):
                least.append(3)
                most.append(3)
            text = plain(cell)
            numeric = cell.tag == "td" and "right" in (cell.get("style") or cell.get("align") or "")
            longest_word = max((len(w) for w in text.split()), default=0)
            if cell.tag == "th":
                longest_word = round(longest_word * 1.1 + 0.4)
            least[k] = max(least[k], len(text) if numeric else longest_word)
            most[k] = max(most[k], len(text) if numeric else min(len(text), WRAP_AT) if cell.tag == "td" else 0)
    return least, [max(a, b) for a, b in zip(least, most)]


def fix_widths(table) -> None:
    """A <colgroup>: every column gets its unbreakable minimum, then the room left goes to the columns that want
    more, in proportion to what they want."""
    least, most = _needs(table)
    if not least:
        return
    lo = [c * CHAR_MM + PAD_MM for c in least]
    hi = [c * CHAR_MM + PAD_MM for c in most]
    spare, extra = BUDGET_MM - sum(lo), [h - m for h, m in zip(hi, lo)]
    if spare > 0 and sum(extra) > spare:
        widths = [m + e * spare / sum(extra) for m, e in zip(lo, extra)]
    else:
        widths = hi if spare > 0 else lo
    total = sum(widths)
    table.insert(0, E.COLGROUP(*[E.COL(style=f"width: {100 * w / total:.2f}%") for w in widths]))
    table.set("class", f"{table.get('class') or ''} fixed".strip())
