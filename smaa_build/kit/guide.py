"""The interview guide, from case.yaml: opening and consent, the question blocks phrased for the interviewee's
level (management or operations), probes, and a page per function listing the activities agreed with the client.
Written as Markdown and printed to PDF by the report's own pipeline (export/: the site's Markdown extensions,
print.css, WeasyPrint with a fetcher that serves local files only)."""

from __future__ import annotations

import html
from pathlib import Path

from ..export.content import to_html
from ..export.pdf import CSS_FILE, css_string, local_fetcher
from ..spec.fieldwork import MANAGEMENT, OPERATIONS, level_groups

# block -> (question for management, question for operations, probes)
BLOCKS = {
    "Activities": (
        "Which decisions and activities of your function draw on social-media information?",
        "In your daily work, which tasks use social-media information?",
        ["Walk me through the last time you used it.", "Which of the activities on your function's page apply?"]),
    "Use of social-media information (SMI)": (
        "How regularly does SMI reach you, and in what form?",
        "How often do you look at social-media data, and with which tools?",
        ["Is it ad hoc, a routine, or formalised in a KPI with a target?", "What would you miss without it?"]),
    "KPIs and targets": (
        "Which social-media KPIs do you review, and which have targets you are evaluated on?",
        "Which social-media figures are you asked to produce or improve?",
        ["Who set the target?", "Are these the same figures other functions use?"]),
    "Reporting flows": (
        "Who reports social-media figures to you, how often, and in what artefact?",
        "To whom do you send social-media figures, how often, and how?",
        ["Dashboard, report, e-mail or meeting?", "What happens to them next?"]),
    "Perceived value": (
        "How useful, trustworthy and timely is SMI for your decisions?",
        "How useful, trustworthy and timely is SMI for your work?",
        ["An example where it changed a decision?", "An example where it misled?"]),
}

OPENING = """Thank you for your time. This interview is part of a study of how {client} uses social-media
information across its functions and levels. It takes about {minutes} minutes.

**Consent.** Taking part is voluntary; you may skip any question or stop at any time, and withdraw your answers
afterwards. Your name is never stored with your answers: they are kept under a pseudonymous id, and the report
shows only groups of at least {k_min} people. Do you agree to take part, and to the interview being recorded for
transcription? Record the answer in the plan's *consent* column."""


def _questions(level_group: str) -> str:
    pick = 0 if level_group == MANAGEMENT else 1
    parts = []
    for n, (block, texts) in enumerate(BLOCKS.items(), start=1):
        probes = "\n".join(f"    - *Probe:* {p}" for p in texts[2])
        parts.append(f"### {n}. {block}\n\n1. {texts[pick]}\n{probes}\n")
    return "\n".join(parts)


def pages(spec, minutes: int = 60) -> list[tuple[str, str]]:
    """(title, Markdown) per printed page group: opening, one per level group, one per function."""
    org, eng = spec["organisation"], spec["engagement"]
    groups = level_groups(spec)
    levels = {lv["id"]: lv.get("label", lv["id"]) for lv in org["levels"]}
    out = [("Opening and consent", OPENING.format(client=eng["client"], minutes=minutes,
                                                  k_min=spec["report"]["k_min"]))]
    for g in (MANAGEMENT, OPERATIONS):
        names = ", ".join(f"{levels[lv]} ({lv})" for lv, gg in groups.items() if gg == g) or "none in this case"
        out.append((f"Questions for {g}", f"For levels: {names}.\n\n{_questions(g)}"))
    activities = "\n".join(f"- **{a.get('label', a['id'])}** (`{a['id']}`)" for a in org["activities"])
    for f in org["functions"]:
        out.append((f"Function: {f.get('label', f['id'])}",
                    f"Activities agreed for {f.get('label', f['id'])} (`{f['id']}`). Ask about each in block 1 and "
                    f"note which apply:\n\n{activities}\n\nNotes: ______________________________________________"))
    return out


def markdown(spec) -> str:
    title = f"# Interview guide: {spec['engagement'].get('codename') or spec['engagement']['id']}\n\n"
    return title + "\n\n".join(f"## {t}\n\n{body}\n" for t, body in pages(spec))


def _document(title: str, sections: list[tuple[str, str]], header: str) -> str:
    body = "".join(f'<section class="chapter"><h1 class="chapter__title">{html.escape(t)}</h1>{to_html(md)}</section>'
                   for t, md in sections)
    css = CSS_FILE.read_text(encoding="utf-8")
    running = f"@page {{ @top-left {{ content: {css_string(header)}; }} }}"
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{css}</style><style>{running}</style></head><body>{body}</body></html>")


def write_pdf(path: Path, title: str, sections: list[tuple[str, str]], header: str) -> int:
    """Print the sections (a page break before each) and return the number of pages."""
    from weasyprint import HTML

    doc = HTML(string=_document(title, sections, header), base_url=str(path.parent.resolve()) + "/",
               url_fetcher=local_fetcher()).render()
    doc.write_pdf(path)
    return len(doc.pages)
