"""What a reader sees, as text: a built site page (with its charts' titles), the PDF and the deck; and the case's own
words (labels, narrative, data cells), which are the client's and never translated, so the language checks take
them out first."""

from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path

import yaml

# Common English function words that no Italian, Dutch or Russian sentence needs (Dutch "of", "is" and "was" are
# Dutch words too, so they are not counted there).
FUNCTION_WORDS = {"the", "and", "with", "which", "that", "this", "these", "those", "are", "from", "than", "not",
                  "only", "each", "every", "their", "its", "has", "into", "between", "across", "within", "where",
                  "when", "there", "what", "who", "how", "but", "to", "at", "by", "for", "been", "more", "less",
                  "most", "should", "would", "could", "will", "were", "have", "of", "is", "was", "on", "or"}
ALSO_A_WORD_IN = {"nl": {"of", "is", "was"}}
# blockquotes hold the posts a case quotes; code is configuration syntax (keys and rules in the method notes)
HIDDEN = ("script", "style", "template", "svg", "blockquote", "code")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _spec_texts(spec) -> list[str]:
    """Every string of case.yaml."""
    if isinstance(spec, dict):
        return [t for v in spec.values() for t in _spec_texts(v)]
    if isinstance(spec, list):
        return [t for v in spec for t in _spec_texts(v)]
    return [str(spec)] if isinstance(spec, str) else []


def case_texts(case: Path, lang: str) -> list[str]:
    """The case's own words, longest first: case.yaml strings, the narrative (split at its {{ citations }}, since
    those print generated values) and the text cells of its data files."""
    spec_path = case / "case.yaml"
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    texts = _spec_texts(spec)
    for rel in (spec.get("narrative") or {}).values():
        path = case / rel
        translated = path.parent / lang / path.name
        source = (translated if translated.is_file() else path).read_text(encoding="utf-8")
        for paragraph in source.split("\n\n"):
            texts += re.split(r"\{\{.*?\}\}", " ".join(paragraph.split()))
            texts.append(re.sub(r"\{\{.*?\}\}", "", paragraph))  # whole, for the letters check (numbers left out)
    for kind, opts in (spec.get("data") or {}).items():
        path = (case / opts["file"]).resolve()
        if path.suffix == ".csv" and kind != "posts":  # posts are quoted in blockquotes, which are left out
            with path.open(encoding="utf-8", newline="") as f:
                texts += [cell for row in csv.reader(f) for cell in row if WORD.search(cell)]
    # ids of two letters ("en", "hr") are left: taking them out would take Dutch "en" out of every sentence
    return sorted({" ".join(t.split()) for t in texts if len(t.strip()) > 2}, key=len, reverse=True)


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalpha())


def without(text: str, case: list[str]) -> str:
    """`text` with each of the case's own words taken out where it stands as whole words ("en" is a case value,
    never a piece of "allineamento"); then any sentence whose letters are the case's own, as a PDF prints them
    (lines joined, words hyphenated, citations filled in with numbers)."""
    own = "|".join(_letters(t) for t in case)
    text = re.sub(r"“[^”]{0,600}”", " ", text)  # quoted: posts, feedback, the case's labels (a PDF has no blockquote)
    pieces = re.split(r"\n|(?<=[.;:!?])\s+", text)  # lines and sentences: a page break splits a paragraph
    text = " ".join(" ".join(p for p in pieces if len(_letters(p)) < 10 or _letters(p) not in own).split())
    for t in case:
        if t in text:
            text = re.sub(rf"(?<!\w){re.escape(t)}(?!\w)", " ", text)
    return text


def english_words(text: str, lang: str, case: list[str] = (), raw: str = "") -> list[str]:
    """Each English function word left in `text`, with the words around it; not one that is a piece of the case's
    own text a PDF cut apart: the broken end of a case word (a narrow column prints "Communicati on") or one
    half of a case label wrapped in a table cell ("Crisis and" / "reputation management")."""
    words = FUNCTION_WORDS - ALSO_A_WORD_IN.get(lang, set())
    own = {w.lower() for t in case for w in WORD.findall(t)}
    pairs = {(a.lower(), b.lower()) for t in case for a, b in zip(WORD.findall(t), WORD.findall(t)[1:])}
    tokens = [m.group().lower() for m in WORD.finditer(text)]
    present = {m.group().lower() for m in WORD.finditer(raw)} if raw else set(tokens)  # before `without` cut lines
    hits = []
    for i, m in enumerate(WORD.finditer(text)):
        if tokens[i] not in words:
            continue
        before, after = (tokens[i - 1] if i else ""), (tokens[i + 1] if i + 1 < len(tokens) else "")
        if not ({before + tokens[i], tokens[i] + after} & own or {(before, tokens[i]), (tokens[i], after)} & pairs
                or _broken_end(tokens[i], own, present)):
            hits.append(text[max(0, m.start() - 50):m.end() + 50])
    return hits


def _broken_end(token: str, own: set[str], present: set[str]) -> bool:
    """The end of a case word whose beginning the PDF printed on an earlier line of the same table cell, with other
    cells between them in reading order ("Communicati" … "on")."""
    return any(w.endswith(token) and len(w) > len(token) + 2 and w[: -len(token)] in present for w in own)


def _chart_titles(spec) -> list[str]:
    """The words a chart draws: titles, subtitles and axis or legend titles (data labels are case text or numbers)."""
    out = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("title", "subtitle", "text") and isinstance(value, (str, list)):
                out += [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]
            else:
                out += _chart_titles(value)
    elif isinstance(spec, list):
        out += [t for v in spec for t in _chart_titles(v)]
    return out


def page_text(html: str, hidden=HIDDEN) -> str:
    """A site page as read: the body without scripts and quoted posts, plus the titles its charts draw."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(html)
    titles = [t for s in root.xpath("//script[@type='application/json']") if "smaa-chart__spec" in s.get("class", "")
              for t in _chart_titles(json.loads(s.text_content()))]
    body = root.find("body")
    for el in body.xpath(" | ".join(f"//{tag}" for tag in hidden)):
        el.drop_tree()
    # elements apart ("<b>priority</b>Set" is two words); a page's line breaks mean nothing, unlike a PDF's
    return " ".join(" ".join(list(body.itertext()) + titles).split())


def pdf_text(path: Path) -> str:
    # -nodiag: a chart's slanted axis labels come out as letter salad ("Co mu a nic n tio")
    return subprocess.run(["pdftotext", "-nodiag", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def deck_text(path: Path) -> str:
    from pptx import Presentation

    parts = []
    for slide in Presentation(str(path)).slides:
        parts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        for shape in slide.shapes:
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                chart = shape.chart
                parts += [chart.chart_title.text_frame.text] if chart.has_title else []
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)
