"""Appendix: conventions in force, provenance of every input, confidentiality statement, glossary."""

from __future__ import annotations

from .base import markdown as md
from .base.context import Context, Page

GLOSSARY = [
    ("SMI", "Social-media information: any figure, text or signal drawn from social media and used at work."),
    ("Horizontal diffusion", "How widely SMI is used across functions (communication, marketing, HR, …)."),
    ("Vertical diffusion", "How far SMI reaches up and down the hierarchy, from front office to senior managers."),
    ("HDI", "Horizontal diffusion index: share of functions in which anyone uses SMI for an activity."),
    ("VAI", "Vertical alignment index: 1 minus the management–operations gap as a share of the rating scale."),
    ("k_min", "Minimum number of respondents behind any published figure; smaller groups are suppressed."),
    ("95% CI", "95% confidence interval: the range of values compatible with the data at the 95% level."),
]


def _conventions(ctx: Context) -> str:
    rows = [[md.cell(c["name"]), md.cell(c["value"]), md.cell(c.get("source", "SMAA convention"))]
            for c in ctx.fs.meta.get("conventions", [])]
    if not rows:
        return ""
    return ("## Conventions in force\n\nThresholds marked as SMAA conventions are choices of this method, not "
            "results from the literature; a case may override them.\n\n"
            + md.table(["Convention", "Value", "Source"], rows, ["left", "left", "left"]))


def _literature(ctx: Context) -> str:
    rows = [[md.cell(c["name"]), md.cell(c["value"]), md.cell(c["source"])] for c in ctx.fs.meta.get("literature", [])]
    if not rows:
        return ""
    return ("## Thresholds from the literature\n\nUsed as published, to read agreement, reliability and "
            "sentiment; a case cannot change them.\n\n"
            + md.table(["Threshold", "Value", "Source"], rows, ["left", "left", "left"]))


def _provenance(ctx: Context) -> str:
    p = ctx.fs.meta.get("provenance", {})
    rows = [[md.cell(name), f"`{digest[:16]}…`"] for name, digest in sorted(p.get("inputs", {}).items())]
    head = (f"## Provenance\n\nBuilt by smaa {md.inline(p.get('smaa_version', '?'))} from revision "
            f"`{md.inline(p.get('git_revision', 'unknown'))}`. Every input is identified by its SHA-256 digest, "
            "so any figure can be traced to the exact files it came from.\n\n")
    ref = p.get("reference_set")
    if ref:
        head += (f"The benchmark was computed against version `{md.inline(ref['sha256'][:12])}` of the reference set "
                 f"of past cases ({md.cell(ref['file'])}); a later version of the set changes only later builds.\n\n")
    return head + md.table(["Input", "SHA-256"], rows, ["left", "left"])


def _confidentiality(ctx: Context) -> str:
    k = ctx.k_min
    return ("## Confidentiality\n\n"
            f"Interviewees are identified only by pseudonymous ids; names never enter the analysis. No figure rests "
            f"on fewer than {k} respondents (k_min = {k}): smaller groups are merged or suppressed and shown as "
            f"“<{k}”, with complementary suppression where totals would reveal them; a group holding a role "
            "filled by one person is never published at that granularity. Quoted social-media text is scrubbed "
            "of handles, links, e-mail addresses, phone numbers and booking references. "
            f"{md.text(ctx.spec['report']['confidentiality'])}\n")


def build(ctx: Context) -> Page:
    glossary = md.table(["Term", "Meaning"], [[md.cell(t), md.cell(d)] for t, d in GLOSSARY], ["left", "left"])
    parts = ["# Appendix\n", ctx.story("appendix"), _conventions(ctx), _literature(ctx), _provenance(ctx),
             _confidentiality(ctx),
             "## Glossary\n\n" + glossary]
    return Page("appendix", "Appendix", "\n".join(p for p in parts if p))
