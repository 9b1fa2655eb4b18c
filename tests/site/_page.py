"""Read a built "What changed" page back into plain structures: one entry per `## Since …` section with its
headline, h3/h4 titles, tables (rows of cell texts), list items, and the words inside <del>/<ins>."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

BLOCKS = {"h2", "h3", "h4", "li", "td", "th", "del", "ins", "strong", "p"}


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth_article = 0
        self.sections: list[dict] = [self._new("(intro)")]
        self.stack: list[tuple[str, list[str]]] = []  # open text-collecting elements
        self.row: list[str] | None = None
        self.skip = 0  # inside a headerlink anchor

    @staticmethod
    def _new(title: str) -> dict:
        return {"title": title, "headline": None, "h3": [], "h4": [], "tables": [], "items": [], "del": [],
                "ins": []}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.depth_article += 1
        if not self.depth_article:
            return
        if tag == "a" and "headerlink" in (a.get("class") or ""):
            self.skip += 1
        if tag == "table":
            self.sections[-1]["tables"].append([])
        if tag == "tr":
            self.row = []
        if tag in BLOCKS:
            self.stack.append((tag, []))

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth_article -= 1
        if not self.depth_article:
            return
        if tag == "a" and self.skip:
            self.skip -= 1
        if tag == "tr" and self.row is not None:
            self.sections[-1]["tables"][-1].append(self.row)
            self.row = None
        if tag in BLOCKS and self.stack and self.stack[-1][0] == tag:
            _, parts = self.stack.pop()
            self._close(tag, " ".join("".join(parts).split()))

    def _close(self, tag: str, text: str) -> None:
        sec = self.sections[-1]
        if tag == "h2":
            self.sections.append(self._new(text))
        elif tag in ("h3", "h4", "del", "ins"):
            sec[tag].append(text)
        elif tag == "li":
            sec["items"].append(text)
        elif tag in ("td", "th") and self.row is not None:
            self.row.append(text)
        elif tag == "strong" and sec["headline"] is None and sec["title"] != "(intro)":
            sec["headline"] = text

    def handle_data(self, data):
        if self.depth_article and not self.skip:
            for _, parts in self.stack:
                parts.append(data)


def sections(path: Path) -> dict[str, dict]:
    parser = _Parser()
    parser.feed(Path(path).read_text(encoding="utf-8"))
    return {s["title"]: s for s in parser.sections}
