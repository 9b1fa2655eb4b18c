"""The interview guide, from case.yaml: opening and consent, the question blocks phrased for the interviewee's
level (management or operations), probes, and a page per function listing the activities agreed with the client.
Written as Markdown and printed to PDF by the report's own pipeline (export/: the site's Markdown extensions,
print.css, WeasyPrint with a fetcher that serves local files only). The words are in the report's language: call
these functions inside `i18n.use(lang)` (catalogue domain `kit`)."""

from __future__ import annotations

import html
from pathlib import Path

from ..export.content import to_html
from ..export.pdf import CSS_FILE, css_string, local_fetcher
from ..i18n import N_, _
from ..spec.case import settings as typed
from ..spec.fieldwork import MANAGEMENT, OPERATIONS, level_groups

# (block, question for management, question for operations, probes)
BLOCKS = [
    (N_("Activities"),
     N_("Which decisions and activities of your function draw on social-media information?"),
     N_("In your daily work, which tasks use social-media information?"),
     (N_("Walk me through the last time you used it."),
      N_("Which of the activities on your function's page apply?"))),
    (N_("Use of social-media information (SMI)"),
     N_("How regularly does SMI reach you, and in what form?"),
     N_("How often do you look at social-media data, and with which tools?"),
     (N_("Is it ad hoc, a routine, or formalised in a KPI with a target?"), N_("What would you miss without it?"))),
    (N_("KPIs and targets"),
     N_("Which social-media KPIs do you review, and which have targets you are evaluated on?"),
     N_("Which social-media figures are you asked to produce or improve?"),
     (N_("Who set the target?"), N_("Are these the same figures other functions use?"))),
    (N_("Reporting flows"),
     N_("Who reports social-media figures to you, how often, and in what artefact?"),
     N_("To whom do you send social-media figures, how often, and how?"),
     (N_("Dashboard, report, e-mail or meeting?"), N_("What happens to them next?"))),
    (N_("Perceived value"),
     N_("How useful, trustworthy and timely is SMI for your decisions?"),
     N_("How useful, trustworthy and timely is SMI for your work?"),
     (N_("An example where it changed a decision?"), N_("An example where it misled?"))),
]
GROUP_TITLES = {MANAGEMENT: N_("Questions for management"), OPERATIONS: N_("Questions for operations")}


def _opening(spec, minutes: int) -> str:
    intro = _("Thank you for your time. This interview is part of a study of how {client} uses social-media "
              "information across its functions and levels. It takes about {minutes} minutes.",
              client=typed(spec).engagement.client, minutes=minutes)
    consent = _("**Consent.** Taking part is voluntary; you may skip any question or stop at any time, and withdraw "
                "your answers afterwards. Your name is never stored with your answers: they are kept under a "
                "pseudonymous id, and the report shows only groups of at least {k_min} people. Do you agree to take "
                "part, and to the interview being recorded for transcription? Record the answer in the plan's "
                "*consent* column.", k_min=typed(spec).report.k_min)
    return f"{intro}\n\n{consent}"


def _questions(level_group: str) -> str:
    pick = 1 if level_group == MANAGEMENT else 2
    parts = []
    for n, block in enumerate(BLOCKS, start=1):
        probes = "\n".join("    - " + _("*Probe:* {probe}", probe=_(p)) for p in block[3])
        parts.append(f"### {n}. {_(block[0])}\n\n1. {_(block[pick])}\n{probes}\n")
    return "\n".join(parts)


def pages(spec, minutes: int = 60) -> list[tuple[str, str]]:
    """(title, Markdown) per printed page group: opening, one per level group, one per function."""
    org = typed(spec).organisation
    groups = level_groups(spec)
    levels = org.labels("levels")
    out = [(_("Opening and consent"), _opening(spec, minutes))]
    for g in (MANAGEMENT, OPERATIONS):
        names = ", ".join(f"{levels[lv]} ({lv})" for lv, gg in groups.items() if gg == g) or _("none in this case")
        out.append((_(GROUP_TITLES[g]), _("For levels: {levels}.", levels=names) + f"\n\n{_questions(g)}"))
    activities = "\n".join(f"- **{a.label}** (`{a.id}`)" for a in org.activities)
    for f in org.functions:
        label = f.label
        intro = _("Activities agreed for {function} (`{id}`). Ask about each in block 1 and note which apply:",
                  function=label, id=f.id)
        notes = _("Notes:")
        out.append((_("Function: {function}", function=label),
                    f"{intro}\n\n{activities}\n\n{notes} ______________________________________________"))
    return out


def _codename(spec) -> str:
    e = typed(spec).engagement
    return e.codename or e.id


def title(spec) -> str:
    return _("Interview guide: {codename}", codename=_codename(spec))


def running_header(spec) -> str:
    return _("{codename} · fieldwork kit · confidential",
             codename=_codename(spec))


def markdown(spec) -> str:
    return f"# {title(spec)}\n\n" + "\n\n".join(f"## {t}\n\n{body}\n" for t, body in pages(spec))


def _document(title_text: str, sections: list[tuple[str, str]], header: str, lang: str) -> str:
    body = "".join(f'<section class="chapter"><h1 class="chapter__title">{html.escape(t)}</h1>{to_html(md)}</section>'
                   for t, md in sections)
    css = CSS_FILE.read_text(encoding="utf-8")
    running = f"@page {{ @top-left {{ content: {css_string(header)}; }} }}"
    return (f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title_text)}</title><style>{css}</style><style>{running}</style></head>"
            f"<body>{body}</body></html>")


def write_pdf(path: Path, title_text: str, sections: list[tuple[str, str]], header: str, lang: str = "en") -> int:
    """Print the sections (a page break before each) and return the number of pages."""
    from weasyprint import HTML

    doc = HTML(string=_document(title_text, sections, header, lang), base_url=str(path.parent.resolve()) + "/",
               url_fetcher=local_fetcher()).render()
    doc.write_pdf(path)
    return len(doc.pages)
