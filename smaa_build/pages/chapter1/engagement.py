"""Engagement and method: who was interviewed (function × level, small cells suppressed), when, and how."""

from __future__ import annotations

from dataclasses import replace

from ...i18n import _, language, n_
from ..base import charts
from ..base import format as fmt
from ..base import markdown as md
from .common import band_word, glossary, printed  # printed blanks nothing here but empty cells
from ..base.context import Context, Page
from ..base.reasons import reason_of


def _headlines(ctx: Context) -> list[str]:
    out = [_("**{people} people** were interviewed in {functions} functions and {levels} hierarchical levels.",
             people=ctx.v('engagement.n_interviewees'), functions=ctx.v('engagement.n_functions'),
             levels=ctx.v('engagement.n_levels'))]
    if ctx.has("engagement.fieldwork_days"):
        days = ctx.v('engagement.fieldwork_days')
        out.append(_("Fieldwork ran over **{days}**; the median interview lasted **{duration}**.", days=days,
                     duration=ctx.v('engagement.median_duration')) if ctx.has("engagement.median_duration") else
                   _("Fieldwork ran over **{days}**.", days=days))
    sup = ctx.fs.findings["engagement.cells_suppressed"]
    out.append(n_("**{k} of {n}** function × level-group cell is shown as “{mark}” to protect respondents (groups "
                  "of fewer than {k_min} people are not shown).",
                  "**{k} of {n}** function × level-group cells are shown as “{mark}” to protect respondents (groups "
                  "of fewer than {k_min} people are not shown).", sup.n, k=sup.value, mark=ctx.suppressed_mark,
                  k_min=ctx.k_min))
    if ctx.has("engagement.double_coded_share"):
        out.append(_("**{share}** of interviews were coded independently by two researchers to check reliability.",
                     share=ctx.v('engagement.double_coded_share')))
    return out


def _chart(ctx: Context) -> str:
    t = words_of(ctx.fs.tables["engagement.interviews"])
    rows = [{**r, "n": None if r["suppressed"] else r["n"]} for r in t.rows]
    spec = lambda: charts.heatmap(rows, "level", "function", "n", title=_action_title(t),
                                  x_title=_("Level group"), y_title=_("Function"), value_title=_("Interviewees"),
                                  label="label", x_sort=[band_word("Management"), band_word("Operations")],
                                  y_sort=None)
    return ctx.chart("interviews", spec, _("Heatmap of the number of interviewees per function and level group; "
                                           "groups below {k} are greyed and labelled <{k}.", k=ctx.k_min),
                     _("Interviewees by function and level group (n = {n}). Levels are grouped into management and "
                       "operations so that groups can be shown; cells with fewer than {k} people are withheld.",
                       n=t.n, k=ctx.k_min), t)


def _action_title(t) -> str:
    shown = [r for r in t.rows if not r["suppressed"]]
    if not shown:
        return _("Every group is too small to show without identifying people")
    top = max(shown, key=lambda r: r["n"])
    return _("{function} ({level}) is the largest group interviewed", function=top['function'],
             level=top['level'].lower())


def _levels(ctx: Context) -> str:
    return ("\n" + _("By level and by function (each total shown only where it rests on at least {k} people):",
                     k=ctx.k_min) + "\n\n" + ctx.table_md(words_of(ctx.fs.tables["engagement.by_level"])) + "\n"
            + ctx.table_md(words_of(ctx.fs.tables["engagement.by_function"])))


def words_of(t):
    """The table with the analyses' words in it (level groups, the merged functions) in the active language."""
    return replace(t, rows=[{k: band_word(v) if isinstance(v, str) else v for k, v in r.items()} for r in t.rows])


def _reliability(ctx: Context) -> str:
    """M1: agreement between coders on the double-coded subsample, or a plain statement why it was not measured.
    The disagreement list (reliability.disagreements) is an internal working paper and never appears here."""
    head = "## " + _("Coding reliability") + "\n\n"
    cov = ctx.fs.findings.get("reliability.coverage")
    t = ctx.fs.tables.get("reliability.summary")
    if t is None or not t.rows:
        first = next((f for k, f in sorted(ctx.fs.findings.items()) if k.startswith("reliability.alpha.")), None)
        if cov is None and first is None:
            return ""
        why = reason_of(first, _("no interview was coded by two researchers"))
        return head + md.admonition("warning", _("Coding reliability: not computed"),
                                    _("Agreement between coders could not be measured: {why}. The figures in this "
                                      "report rest on a single coding of each interview, so read them as indicative.",
                                      why=md.text(why)))
    cols = ["dimension_label", "units", "agreement", "kappa", "kappa_linear", "alpha", "alpha_flag"]
    t = replace(t, rows=[{**r, "dimension_label": _(r["dimension_label"])} for r in t.rows])  # marked in the analysis
    return (head + _coverage(cov) + _alpha_sentence(t) + ctx.table_md(printed(t, ctx.suppressed_mark), cols)
            + _reliability_flags(ctx, t))


def _coverage(cov) -> str:
    if cov is None or cov.value is None:
        return ""
    x = cov.extra
    short = x.get("functions_below_minimum") or []
    values = dict(k=x.get('double_coded'), share=fmt.percent(cov.value))
    text = (n_("{k} of {n} interview ({share}) were coded independently by two researchers, meeting the SMAA "
               "convention of at least 20% and two per function.",
               "{k} of {n} interviews ({share}) were coded independently by two researchers, meeting the SMAA "
               "convention of at least 20% and two per function.", cov.n, **values) if x.get("meets_convention") else
            n_("{k} of {n} interview ({share}) were coded independently by two researchers, short of the SMAA "
               "convention of at least 20% and two per function.",
               "{k} of {n} interviews ({share}) were coded independently by two researchers, short of the SMAA "
               "convention of at least 20% and two per function.", cov.n, **values))
    tail = (" " + _("Functions with fewer than two double-coded interviews: {functions}.",
                    functions=md.text(', '.join(short)))) if short else ""
    return f"{text}{tail} "


def _alpha_sentence(t) -> str:
    alphas = [r["alpha"] for r in t.rows if r.get("alpha") is not None]
    if not alphas:
        return _("Krippendorff's α could not be computed for any dimension.") + "\n\n"
    rely = sum(1 for r in t.rows if r.get("alpha_flag") == "reliable")
    span = (fmt.number(min(alphas), 2) if len(alphas) == 1 else
            _("{low} to {high}", low=fmt.number(min(alphas), 2), high=fmt.number(max(alphas), 2)))
    # the finding in words first (how many dimensions can be relied on), the statistic after
    return n_("{k} of {n} coded dimension can be relied on (Krippendorff's α at least 0.800; 0.667–0.800 supports "
              "tentative conclusions only, Krippendorff 2004); α ranges from {span} across {m} dimensions. Units are "
              "interviewee × activity pairs coded by both researchers; κ for intensity uses linear weights.",
              "{k} of {n} coded dimensions can be relied on (Krippendorff's α at least 0.800; 0.667–0.800 supports "
              "tentative conclusions only, Krippendorff 2004); α ranges from {span} across {m} dimensions. Units are "
              "interviewee × activity pairs coded by both researchers; κ for intensity uses linear weights.",
              len(t.rows), k=rely, span=span, m=len(alphas)) + "\n\n"


def _reliability_flags(ctx: Context, t) -> str:
    weak = [r for r in t.rows if r.get("alpha_flag") in ("tentative", "unreliable")]
    kappa = [f for k, f in sorted(ctx.fs.findings.items())
             if k.startswith("reliability.kappa.") and f.extra.get("meets_minimum") is False]
    out = []
    for r in weak:
        verdict = (_("This dimension supports tentative conclusions only.") if r["alpha_flag"] == "tentative" else
                   _("This dimension is below 0.667: findings on it should not be used until the codebook is "
                     "revised."))
        out.append(md.admonition("warning", _("{dimension}: α = {alpha}", dimension=md.text(r['dimension_label']),
                                              alpha=fmt.number(r['alpha'], 2)), verdict))
    if kappa:
        names = ", ".join(md.text(_(f.label.split(": ", 1)[-1])) for f in kappa)
        least = next((c["value"] for c in ctx.fs.meta.get("conventions", []) if c.get("name") == "reliability.kappa_min"),
                     0.61)
        out.append(md.admonition("warning", _("Cohen's κ below the {least} minimum", least=fmt.number(least, 2)),
                                 _("{names}: κ is below {least}, the SMAA convention (\"substantial\" agreement, "
                                   "Landis & Koch 1977).", names=names, least=fmt.number(least, 2))))
    return "\n" + "\n".join(out) if out else ""


def build(ctx: Context) -> Page:
    period = ctx.settings.engagement.period  # (start, end)
    text = _("Semi-structured interviews were held from {start} to {end} with people at every level of the functions "
             "that produce or use social-media information.", start=_day(period[0], False),
             end=_day(period[1], True)) if period else _(
        "Semi-structured interviews were held during the engagement with people at every level of the functions "
        "that produce or use social-media information.")
    title = _("Engagement and method")
    parts = [f"# {title}\n", md.cards(_headlines(ctx)), ctx.story("engagement"),
             "## " + _("Who was interviewed") + "\n", _chart(ctx), _levels(ctx),
             "## " + _("How the assessment was done") + "\n",
             text + " " + _("Each interview was coded against a fixed frame: for every activity, whether the person "
                            "uses social-media information (use), how formally (intensity 0–3), for what purpose "
                            "(Simons' levers of control), with which metric families and which collection and "
                            "analysis methods. Ratings on short Likert items measure how useful, trusted and shared "
                            "the information is. The coded data, the client's social-media export and its traditional "
                            "indicator feed the analyses of the following chapters; the methodology and its "
                            "conventions are listed in the appendix.") + "\n", _reliability(ctx)]
    body = "\n".join(p for p in parts if p)
    return Page("engagement", title, body + glossary(body))


def _day(d, year: bool) -> str:
    """'2 March' / '27 March 2026' in English (as before); Babel's long date, day and month, in other languages."""
    if language() == "en":
        return f"{d.day} {d:%B %Y}" if year else f"{d.day} {d:%B}"
    from babel.dates import format_date, format_skeleton
    return format_date(d, "long", locale=language()) if year else format_skeleton("dMMMM", d, locale=language())
