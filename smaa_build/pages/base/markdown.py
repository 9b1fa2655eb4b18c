"""Pure Markdown helpers: escaping, tables, headline cards, admonitions, chart figures. Everything a case author
typed passes through `text()` or `cell()` so that HTML or script in a case is shown, never executed."""

from __future__ import annotations

import json
import re

from ...i18n import _

_NEEDS_ESCAPE = re.compile(r"[&<]")
# What turns text into a link or an attribute: [link](url), ![image](url), [ref][id] and `[id]: url` definitions,
# [^footnote], *[abbr] (all need a bracket), attr_list's {: href=… } and the backslash that could un-escape them.
_LINK_SYNTAX = re.compile(r"([\\\[\]{}])")


def prose(s) -> str:
    """The researcher's narrative Markdown: no raw HTML can get through (`<` and `&` become entities), but Markdown
    links stay links; the site stage (site/harden.py) drops every link that is not http(s), mailto or relative."""
    return _NEEDS_ESCAPE.sub(lambda m: "&amp;" if m.group() == "&" else "&lt;", str(s))


def text(s) -> str:
    """Any other text a case carries (labels, titles, treatments, recommendation text, the confidentiality line):
    no raw HTML and no link; emphasis and line breaks are kept."""
    return _LINK_SYNTAX.sub(r"\\\1", prose(s))


def inline(s) -> str:
    """User text for one line inside generated Markdown: escaped, Markdown emphasis/link syntax neutralised."""
    out = prose(s).replace("\n", " ")
    return re.sub(r"([\\`*_\[\]{}#|>~])", r"\\\1", out)


def cell(s) -> str:
    return inline(s) if s is not None else "–"


def table(headers: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    """Rows are already formatted strings; headers are escaped here."""
    align = align or ["left"] + ["right"] * (len(headers) - 1)
    marks = {"left": ":---", "right": "---:", "center": ":---:"}
    lines = ["| " + " | ".join(inline(h) for h in headers) + " |", "| " + " | ".join(marks[a] for a in align) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def admonition(kind: str, title: str, body: str, collapsible: bool = False) -> str:
    marker = "???" if collapsible else "!!!"
    indented = "\n".join(("    " + line) if line else "" for line in body.strip().splitlines())
    return f'{marker} {kind} "{title}"\n\n{indented}\n'


def cards(items: list[str]) -> str:
    """Headline findings as a grid of cards (material's grid cards)."""
    body = "\n".join(f"-   {item}" for item in items)
    return f'<div class="grid cards smaa-cards" markdown>\n\n{body}\n\n</div>\n'


def safe_json(spec: dict) -> str:
    """JSON that cannot close its <script> element or open a comment."""
    raw = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def figure(slug: str, spec: dict, description: str, caption: str, data_table: str) -> str:
    """A chart in the markup the theme's smaa-charts.js renders, with its data table one click away."""
    return (
        f'<figure class="smaa-chart" id="fig-{slug}">'
        f'<div class="smaa-chart__canvas" role="img" aria-label="{prose(description).replace(chr(34), "&quot;")}"></div>'
        f'<script type="application/json" class="smaa-chart__spec">{safe_json(spec)}</script>'
        # a raw HTML block: Markdown never reads it, so HTML escaping is all it needs (a backslash would show)
        f"<figcaption>{prose(caption)}</figcaption></figure>\n\n"
        f'<details class="smaa-chart__data" markdown>\n<summary>{_("Data table")}</summary>\n\n{data_table}\n</details>\n'
    )
