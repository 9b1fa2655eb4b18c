"""Engagement and method: who was interviewed (function × level, small cells suppressed), when, and how."""

from __future__ import annotations

from . import charts
from . import markdown as md
from .context import Context, Page


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
             "appendix.\n"]
    return Page("engagement", "Engagement and method", "\n".join(p for p in parts if p))
