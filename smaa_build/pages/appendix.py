"""Method notes: for the researchers and the client's analysts. The settings behind every figure (named by the keys
a case's configuration uses, so an analyst can reproduce or override them), the thresholds taken from the
literature, the provenance of every input, the confidentiality rules and a glossary. It cites the literature by
author and year, never the project's internal files; the client pages carry none of this."""

from __future__ import annotations

import re

from ..i18n import N_, _
from .base import format as fmt
from .base import markdown as md
from .base.context import Context, Page, confidentiality

GLOSSARY = [
    (N_("SMI"), N_("Social-media information: any figure, text or signal drawn from social media and used at work.")),
    (N_("Horizontal diffusion"), N_("How widely SMI is used across functions (communication, marketing, HR, …).")),
    (N_("Vertical diffusion"),
     N_("How far SMI reaches up and down the hierarchy, from front office to senior managers.")),
    (N_("HDI"), N_("Horizontal diffusion index: share of functions in which anyone uses SMI for an activity.")),
    (N_("VAI"), N_("Vertical alignment index: 1 minus the management–operations gap as a share of the rating scale.")),
    (N_("k_min"), N_("Minimum number of respondents behind any published figure; smaller groups are suppressed.")),
    (N_("95% CI"), N_("95% confidence interval: the range of values compatible with the data at the 95% level.")),
]

# The words of the settings' values and of the literature's thresholds (analyses.conventions / literature). They
# are marked here so the catalogues translate them; a case's own override is printed as written.
VALUE_WORDS = [
    N_("A-B primary; C-F industry; G-I trade; J-N business services; O-U public and other"),
    N_("one-tailed in the direction of the company's deviation"),
    N_("rank 1 = highest value; ties share the better rank"),
    N_("n<5 values only; 5-9 rank and Crawford-Howell; 10-29 percentile to nearest 5; >=30 percentile 1 d.p."),
    N_("size band dropped -> macro-sector -> all cases"),
    N_("mean of the 0-1 scores of the SMI rows of the data-quality profile"),
    N_("Very high: 3 months; High: 6 months; Medium: 12 months"),
    N_("High (Medium in the core-process functions)"),
    N_("worst case; exposure-weighted mean score (weights = headcount); number of departments High or Very high"),
    N_("Low 1-4, Medium 5-9, High 10-16, Very high 20-25"),
    N_("lower bound inclusive, upper bound exclusive"),
    N_("indicator value and n hidden when n < k_min or flagged suppressed; the rating is kept"),
    N_("Krippendorff's α: rely on the coding"), N_("Krippendorff's α: tentative conclusions only"),
    N_("Cohen's κ bands"), N_("r_wg(J) agreement bands"), N_("AD_M acceptable agreement"),
    N_("VADER class thresholds"), N_("Bland–Altman limits of agreement"), N_("Cross-correlation significance bounds"),
    N_("≤ 0.20 slight, ≤ 0.40 fair, ≤ 0.60 moderate, ≤ 0.80 substantial, above: almost perfect; < 0 poor"),
    N_("≤ 0.30 lack of agreement, ≤ 0.50 weak, ≤ 0.70 moderate, ≤ 0.90 strong, above: very strong"),
    N_("AD_M ≤ A/6 (A response options)"), N_("compound ≥ 0.05 positive, ≤ −0.05 negative, else neutral"),
    N_("bias ± 1.96 SD of the differences"),
]
# Author-year citations ("Landis & Koch 1977", "LeBreton & Senter (2008)") and the named sources without a year
CITATION = re.compile(r"((?:[A-Z][\w'’-]+)(?: (?:&|and) [A-Z][\w'’-]+| et al\.)?),? \(?(\d{4})\)?")
NAMED_SOURCES = ("Eurostat NACE Rev. 2", "OECD", "Benjamini–Hochberg", "Ballou et al.")
CODE_LIKE = re.compile(r"[a-z_]+|[a-z_]+: .*")  # a keyword or an indicator's rating rule: printed as code


def citations(source: str) -> list[str]:
    """The literature a source text cites, as "Author & Author (year)"; internal references are dropped."""
    cited = [f"{who} ({year})" for who, year in CITATION.findall(source or "")]
    return cited + [name for name in NAMED_SOURCES if name in (source or "") and not any(name in c for c in cited)]


def basis(source: str) -> str:
    cited = citations(source)
    if not (source or "").startswith("SMAA convention"):
        return ", ".join(cited)
    return _("SMAA convention, after {sources}", sources=", ".join(cited)) if cited else _("SMAA convention")


def setting_value(value) -> str:
    """A setting's value as printed: numbers in the report's format, keywords as code, words translated."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return md.cell(str(value))
    if isinstance(value, int):
        return str(value)  # seeds and counts read as configured, without group separators
    if isinstance(value, float):
        return fmt.localise(repr(value))
    return f"`{rule(value)}`" if CODE_LIKE.fullmatch(value) else md.cell(_(value))


def rule(text: str) -> str:
    """A rating rule in notation every language reads: "0.4 to < 0.6 -> 4" as "[0.4, 0.6) → 4"."""
    text = re.sub(r"(\S+) to < (\S+)", r"[\1, \2)", text)
    return text.replace("->", "→").replace(">=", "≥").replace("<=", "≤")


def _conventions(ctx: Context) -> str:
    rows = [[f"`{c['name']}`", setting_value(c["value"]), md.cell(basis(c.get("source", "SMAA convention")))]
            for c in ctx.fs.meta.get("conventions", [])]
    if not rows:
        return ""
    return ("## " + _("Settings of the method") + "\n\n"
            + _("Thresholds marked as SMAA conventions are choices of this method, not results from the literature; "
                "a case may override them under the name given here.") + "\n\n"
            + md.table([_("Setting"), _("Value"), _("Basis")], rows, ["left", "left", "left"]))


def _literature(ctx: Context) -> str:
    rows = [[md.cell(_(c["name"])), md.cell(_(c["value"])), md.cell(", ".join(citations(c["source"])))]
            for c in ctx.fs.meta.get("literature", [])]
    if not rows:
        return ""
    return ("## " + _("Thresholds from the literature") + "\n\n"
            + _("Used as published, to read agreement, reliability and sentiment; a case cannot change them.")
            + "\n\n" + md.table([_("Threshold"), _("Value"), _("Source")], rows, ["left", "left", "left"]))


def _provenance(ctx: Context) -> str:
    p = ctx.fs.meta.get("provenance", {})
    rows = [[md.cell(name), f"`{digest[:16]}…`"] for name, digest in sorted(p.get("inputs", {}).items())]
    head = ("## " + _("Provenance") + "\n\n"
            + _("Built by smaa {version} from revision `{revision}`. Every input is identified by its SHA-256 "
                "digest, so any figure can be traced to the exact files it came from.",
                version=md.inline(p.get("smaa_version", "?")), revision=md.inline(p.get("git_revision", "unknown")))
            + "\n\n")
    ref = p.get("reference_set")
    if ref:
        head += _("The benchmark was computed against version `{version}` of the reference set of past cases "
                  "({file}); a later version of the set changes only later builds.",
                  version=md.inline(ref["sha256"][:12]), file=md.cell(ref["file"])) + "\n\n"
    return head + md.table([_("Input"), "SHA-256"], rows, ["left", "left"])


def _confidentiality(ctx: Context) -> str:
    k = ctx.k_min
    return ("## " + _("Confidentiality") + "\n\n"
            + _("Interviewees are identified only by pseudonymous ids; names never enter the analysis. No figure "
                "rests on fewer than {k} respondents (k_min = {k}): smaller groups are merged or suppressed and "
                "shown as “<{k}”, with complementary suppression where totals would reveal them; a group holding a "
                "role filled by one person is never published at that granularity. Quoted social-media text is "
                "scrubbed of handles, links, e-mail addresses, phone numbers and booking references.", k=k)
            + f" {md.text(confidentiality(ctx.settings.report.confidentiality))}\n")


def build(ctx: Context) -> Page:
    glossary = md.table([_("Term"), _("Meaning")], [[md.cell(_(t)), md.cell(_(d))] for t, d in GLOSSARY],
                        ["left", "left"])
    parts = ["# " + _("Method notes") + "\n",
             _("For the researchers and the client's analysts: the settings behind every figure, the thresholds "
               "taken from the literature, where each input came from, and how confidentiality is kept.") + "\n",
             ctx.story("appendix"), _conventions(ctx), _literature(ctx), _provenance(ctx), _confidentiality(ctx),
             "## " + _("Glossary") + "\n\n" + glossary]
    return Page("appendix", _("Method notes"), "\n".join(p for p in parts if p))
