"""Engagement and method: who was interviewed (function × level, small cells suppressed), when, and how."""

from __future__ import annotations

from ..base import charts
from ..base import format as fmt
from ..base import markdown as md
from .common import printed  # blanks nothing here but empty cells
from ..base.context import Context, Page


def _headlines(ctx: Context) -> list[str]:
    out = [f"**{ctx.v('engagement.n_interviewees')} people** were interviewed in "
           f"{ctx.v('engagement.n_functions')} functions and {ctx.v('engagement.n_levels')} hierarchical levels."]
    if ctx.has("engagement.fieldwork_days"):
        out.append(f"Fieldwork ran over **{ctx.v('engagement.fieldwork_days')}**"
                   + (f"; the median interview lasted **{ctx.v('engagement.median_duration')}**."
                      if ctx.has("engagement.median_duration") else "."))
    sup = ctx.fs.findings["engagement.cells_suppressed"]
    out.append(f"**{sup.value} of {sup.n}** function × level-group cells are shown as “{ctx.suppressed_mark}” to "
               f"protect respondents (k_min = {ctx.k_min}).")
    if ctx.has("engagement.double_coded_share"):
        out.append(f"**{ctx.v('engagement.double_coded_share')}** of interviews were coded independently by two "
                   "researchers to check reliability.")
    return out


def _chart(ctx: Context) -> str:
    t = ctx.fs.tables["engagement.interviews"]
    rows = [{**r, "n": None if r["suppressed"] else r["n"]} for r in t.rows]
    spec = lambda: charts.heatmap(rows, "level", "function", "n", title=_action_title(t),
                                  x_title="Level group", y_title="Function", value_title="Interviewees",
                                  label="label", x_sort=["Management", "Operations"], y_sort=None)
    return ctx.chart("interviews", spec, "Heatmap of the number of interviewees per function and level group; "
                     f"groups below {ctx.k_min} are greyed and labelled <{ctx.k_min}.",
                     f"Interviewees by function and level group (n = {t.n}). Levels are grouped into management "
                     "and operations so that groups can be shown; cells below k_min are suppressed.", t)


def _action_title(t) -> str:
    shown = [r for r in t.rows if not r["suppressed"]]
    if not shown:
        return "Every group is too small to show without identifying people"
    top = max(shown, key=lambda r: r["n"])
    return f"{top['function']} ({top['level'].lower()}) is the largest group interviewed"


def _levels(ctx: Context) -> str:
    return ("\nBy level and by function (each total shown only where it rests on at least "
            f"{ctx.k_min} people):\n\n" + ctx.table_md("engagement.by_level") + "\n" + ctx.table_md("engagement.by_function"))


def _reliability(ctx: Context) -> str:
    """M1: agreement between coders on the double-coded subsample, or a plain statement why it was not measured.
    The disagreement list (reliability.disagreements) is an internal working paper and never appears here."""
    head = "## Coding reliability\n\n"
    cov = ctx.fs.findings.get("reliability.coverage")
    t = ctx.fs.tables.get("reliability.summary")
    if t is None or not t.rows:
        first = next((f for k, f in sorted(ctx.fs.findings.items()) if k.startswith("reliability.alpha.")), None)
        if cov is None and first is None:
            return ""
        why = first.reason if first is not None and first.reason else "no interview was coded by two researchers"
        return head + md.admonition("warning", "Coding reliability: not computed",
                                    f"Agreement between coders could not be measured: {md.text(why)}. The figures in "
                                    "this report rest on a single coding of each interview, so read them as "
                                    "indicative.")
    cols = ["dimension_label", "units", "agreement", "kappa", "kappa_linear", "alpha", "alpha_flag"]
    return (head + _coverage(cov) + _alpha_sentence(t) + ctx.table_md(printed(t, ctx.suppressed_mark), cols)
            + _reliability_flags(ctx, t))


def _coverage(cov) -> str:
    if cov is None or cov.value is None:
        return ""
    x = cov.extra
    met = "meeting" if x.get("meets_convention") else "short of"
    short = x.get("functions_below_minimum") or []
    tail = f" Functions with fewer than two double-coded interviews: {md.text(', '.join(short))}." if short else ""
    return (f"{x.get('double_coded')} of {cov.n} interviews ({fmt.percent(cov.value)}) were coded independently by two "
            f"researchers, {met} the SMAA convention of at least 20% and two per function.{tail} ")


def _alpha_sentence(t) -> str:
    alphas = [r["alpha"] for r in t.rows if r.get("alpha") is not None]
    if not alphas:
        return "Krippendorff's α could not be computed for any dimension.\n\n"
    rely = sum(1 for r in t.rows if r.get("alpha_flag") == "reliable")
    span = (fmt.number(min(alphas), 2) if len(alphas) == 1 else
            f"{fmt.number(min(alphas), 2)} to {fmt.number(max(alphas), 2)}")
    return (f"Krippendorff's α ranges from {span} across {len(alphas)} coded dimensions; {rely} of {len(t.rows)} "
            "reach 0.800, the level at which a variable can be relied on (Krippendorff 2004; 0.667–0.800 supports "
            "tentative conclusions only). Units are interviewee × activity pairs coded by both researchers; κ for "
            "intensity uses linear weights.\n\n")


def _reliability_flags(ctx: Context, t) -> str:
    weak = [r for r in t.rows if r.get("alpha_flag") in ("tentative", "unreliable")]
    kappa = [f for k, f in sorted(ctx.fs.findings.items())
             if k.startswith("reliability.kappa.") and f.extra.get("meets_minimum") is False]
    out = []
    for r in weak:
        verdict = ("supports tentative conclusions only" if r["alpha_flag"] == "tentative" else
                   "is below 0.667: findings on it should not be used until the codebook is revised")
        out.append(md.admonition("warning", f"{md.text(r['dimension_label'])}: α = {fmt.number(r['alpha'], 2)}",
                                 f"This dimension {verdict}."))
    if kappa:
        names = ", ".join(md.text(f.label.split(": ", 1)[-1]) for f in kappa)
        least = next((c["value"] for c in ctx.fs.meta.get("conventions", []) if c.get("name") == "reliability.kappa_min"),
                     0.61)
        out.append(md.admonition("warning", f"Cohen's κ below the {fmt.number(least, 2)} minimum",
                                 f"{names}: κ is below {fmt.number(least, 2)}, the SMAA convention (\"substantial\" "
                                 "agreement, Landis & Koch 1977)."))
    return "\n" + "\n".join(out) if out else ""


def build(ctx: Context) -> Page:
    e = ctx.spec["engagement"]
    period = e.get("period")
    when = f"from {period['start'].day} {period['start']:%B} to {period['end'].day} {period['end']:%B %Y}" if period else "during the engagement"
    parts = ["# Engagement and method\n", md.cards(_headlines(ctx)), ctx.story("engagement"),
             "## Who was interviewed\n", _chart(ctx), _levels(ctx),
             "## How the assessment was done\n",
             f"Semi-structured interviews were held {when} with people at every level of the functions that "
             "produce or use social-media information. Each interview was coded against a fixed frame: for every "
             "activity, whether the person uses social-media information (use), how formally (intensity 0–3), "
             "for what purpose (Simons' levers of control), with which metric families and which collection and "
             "analysis methods. Ratings on short Likert items measure how useful, trusted and shared the "
             "information is. The coded data, the client's social-media export and its traditional indicator "
             "feed the analyses of the following chapters; the methodology and its conventions are listed in the "
             "appendix.\n", _reliability(ctx)]
    return Page("engagement", "Engagement and method", "\n".join(p for p in parts if p))
