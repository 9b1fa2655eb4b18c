"""Risk assessment (M7): headline risks first, then the 5×5 matrix with Cox's caveats, the department × risk
heatmap, the company view (worst case, exposure-weighted score, spread), the register, the indicator → likelihood
trace per risk, and what could not be rated. Register records come from Findings.risks."""

from __future__ import annotations

from dataclasses import replace

from ...facts import RISK_BANDS as BANDS, RISK_HIGH_PLUS as HIGH_PLUS, band_rank
from ...i18n import N_, _, n_
from ..base import bands
from ..base import format as fmt
from ..base import markdown as md
from ..base.context import Context, Page
from .common import (IMPACT_LABELS, LIKELIHOOD_LABELS, band, capital, card, department_name, glossary,  # noqa: F401
                     indicator_row, indicator_text, short_name, title, words)  # card, words: read by other pages
from .register import _not_rated, _register, _trace  # noqa: F401 (_not_rated: read by a test)




def banded(ctx: Context, key: str):
    """A findings table with its band column in the active language (the data table under a chart)."""
    t = ctx.fs.tables[key]
    return replace(t, rows=[{**r, "band": band(r.get("band"))} if "band" in r else r for r in t.rows])


def company_rows(ctx: Context) -> list[dict]:
    """Company view of each rated risk, most serious first (worst band, then weighted score)."""
    t = ctx.fs.tables.get("risk.company")
    rows = list(t.rows) if t else []
    return sorted(rows, key=lambda r: (-band_rank(r["worst_band"]), -(r["weighted_score"] or 0), r["risk_id"]))


def unrated_ids(ctx: Context) -> list[dict]:
    """Catalogue risks with no rating at all (one row per risk id)."""
    rated = {r["risk_id"] for r in ctx.fs.risks}
    t = ctx.fs.tables.get("risk.not_rated")
    out: dict[str, dict] = {}
    for r in (t.rows if t else []):
        if r["risk_id"] not in rated:
            out.setdefault(r["risk_id"], r)
    return [out[k] for k in sorted(out)]


def top_risk_sentence(ctx: Context, r: dict) -> str:
    """'Horizontal silos (R2): High or worse in all 7 departments; exposure-weighted score 15.0 of 25 (High).'"""
    values = dict(name=md.inline(capital(short_name(r["risk_id"], r["title"]))), id=md.inline(r['risk_id']),
                  band=band(r['weighted_band']))
    if r["scope"] == "company":
        return _("**{name} ({id})**: rated company-wide; score {score} of 25 ({band}).",
                 score=fmt.number(r['weighted_score'], 0), **values)
    high, n = r["n_high_departments"] or 0, r["n_departments"]
    values.update(score=fmt.number(r['weighted_score'], 1), worst=band(r['worst_band']), k=high)
    if not high:
        return n_("**{name} ({id})**: worst case {worst} across {n} department; exposure-weighted score {score} of 25 "
                  "({band}).", "**{name} ({id})**: worst case {worst} across {n} departments; exposure-weighted "
                  "score {score} of 25 ({band}).", n, **values)
    if high == n:
        return n_("**{name} ({id})**: High or worse in all {n} department; exposure-weighted score {score} of 25 "
                  "({band}).", "**{name} ({id})**: High or worse in all {n} departments; exposure-weighted score "
                  "{score} of 25 ({band}).", n, **values)
    return n_("**{name} ({id})**: High or worse in {k} of {n} department; exposure-weighted score {score} of 25 "
              "({band}).", "**{name} ({id})**: High or worse in {k} of {n} departments; exposure-weighted score "
              "{score} of 25 ({band}).", n, **values)


def _order(ctx: Context, labels) -> list[str]:
    """Department labels in the spec's order."""
    funcs = [f.label for f in ctx.settings.organisation.functions]
    return [f for f in funcs if f in labels] + sorted(set(labels) - set(funcs))


# ---------------------------------------------------------------- headlines


def _indicator_clause(ctx: Context, risk_id: str) -> str:
    row = indicator_row(ctx, risk_id)
    if not row or row["value"] is None:
        return ""
    values = dict(label=md.inline(title(row['label'])), value=indicator_text(row['indicator'], row['value']))
    if row["n"] is not None:
        return " " + _("Company-wide {label}: {value} (n = {n}).", n=fmt.number(row['n'], 0), **values)
    return " " + _("Company-wide {label}: {value}.", **values)


def _hotspots(ctx: Context) -> tuple[list[str], int, int, list[str]] | None:
    """Departments with the most ratings High or worse: (names, count, risks rated there, risk ids)."""
    by_dept: dict[str, list[dict]] = {}
    for r in ctx.fs.risks:
        if r["scope"] == "department":
            by_dept.setdefault(r["department_label"], []).append(r)
    high = {d: sorted({r["risk_id"] for r in rows if r["band"] in HIGH_PLUS}) for d, rows in by_dept.items()}
    if not high or not max(map(len, high.values())):
        return None
    most = max(map(len, high.values()))
    names = [d for d in _order(ctx, by_dept) if len(high[d]) == most]
    return names, most, len({r["risk_id"] for r in by_dept[names[0]]}), high[names[0]]


def _headlines(ctx: Context) -> list[str]:
    comp, client = company_rows(ctx), md.inline(ctx.settings.client_name)
    high = [r for r in comp if r["worst_band"] in HIGH_PLUS]
    n_cat = len(comp) + len(unrated_ids(ctx))
    names = words(f"{md.inline(short_name(r['risk_id'], r['title']))} ({r['risk_id']})" for r in high)
    rated = n_("{k} of the {n} risk could be rated for {client};", "{k} of the {n} risks could be rated for {client};",
               n_cat, k=len(comp), client=client)
    reach = (n_("{names} reaches High or Very high in at least one department.",
                "{names} reach High or Very high in at least one department.", len(high), names=names)
             if high else _("none reaches the High band anywhere."))
    out = [card(_("{k} of {n}", k=len(high), n=n_cat), _("risks High or worse"), f"{rated} {reach}")]
    if comp:
        top = comp[0]
        out.append(card(band(top["worst_band"]),
                        _("top risk · {name}", name=md.inline(short_name(top['risk_id'], top['title']))),
                        top_risk_sentence(ctx, top) + _indicator_clause(ctx, top["risk_id"])))
    spot = _hotspots(ctx)
    if spot:
        depts, k, n, ids = spot
        n_all = len({r["department"] for r in ctx.fs.risks if r["scope"] == "department"})
        if len(depts) == 1:
            out.append(card(_("{k} of {n}", k=k, n=n), _("most exposed · {department}", department=md.inline(depts[0])),
                            n_("{department} has {k} of its {n} risk rated High or worse ({ids}), more than any "
                               "other department.", "{department} has {k} of its {n} risks rated High or worse "
                               "({ids}), more than any other department.", n, department=md.inline(depts[0]), k=k,
                               ids=", ".join(ids))))
        else:
            out.append(card(_("{k} of {n}", k=len(depts), n=n_all), _("departments most exposed"),
                            n_("{departments} each have {k} of their {n} risk rated High or worse ({ids}); no "
                               "department has more.", "{departments} each have {k} of their {n} risks rated High or "
                               "worse ({ids}); no department has more.", n, departments=md.inline(words(depts)), k=k,
                               ids=", ".join(ids))))
    missing = unrated_ids(ctx)
    if missing:
        what = words(f"{short_name(m['risk_id'], m['title'])} ({m['risk_id']})" for m in missing)
        out.append(card(str(len(missing)), _("risks not rated"),
                        _("{risks} could not be rated: their indicators are not available yet (reasons at the end of "
                          "the page). Nothing is estimated in their place.", risks=md.inline(capital(what)))))
    return out


def _impact_warning(ctx: Context) -> str:
    reg = ctx.fs.risks
    default = [r for r in reg if r["impact_source"] == "default"]
    if not default:
        return ""
    return md.admonition("warning", _("Impacts are provisional"),
                         n_("The impact of {k} of the {n} rating is the default of {impact} [SMAA convention], used "
                            "until the researchers record their judgement (importance of the activity, customer and "
                            "regulatory exposure of the department). Scores and bands will move when they do; "
                            "likelihoods come from the data.",
                            "The impact of {k} of the {n} ratings is the default of {impact} [SMAA convention], used "
                            "until the researchers record their judgement (importance of the activity, customer and "
                            "regulatory exposure of the department). Scores and bands will move when they do; "
                            "likelihoods come from the data.", len(reg), k=len(default), impact=default[0]['impact']))


# ---------------------------------------------------------------- matrix


def matrix_cells(register: list[dict]) -> list[dict]:
    """25 cells with the risk ids placed there (a risk rated in several departments shows its count)."""
    cells = []
    for lik in range(5, 0, -1):
        for imp in range(1, 6):
            here = [r["risk_id"] for r in register if r["likelihood"] == lik and r["impact"] == imp]
            ids = sorted(set(here), key=lambda i: (len(i), i))
            label = "\n".join(f"{i} ×{here.count(i)}" if here.count(i) > 1 else i for i in ids)
            cells.append({"likelihood": lik, "impact": imp, "score": lik * imp, "score_label": f"{lik * imp}",
                          "label": label, "risks": ", ".join(ids), "n": len(here)})
    return cells


def _band(score: float, mins: dict) -> str:
    return next((b for b in reversed(BANDS[1:]) if score >= mins.get(b, 99)), BANDS[0])


def bands_text(mins: dict) -> str:
    """'Low 1–4, Medium 5–9, High 10–16, Very high 20–25': the scores a 5×5 matrix can give in each band."""
    scores = sorted({lik * imp for lik in range(1, 6) for imp in range(1, 6)})
    out = []
    for b in BANDS:
        mine = [s for s in scores if _band(s, mins) == b]
        if mine:
            out.append(f"{band(b)} {mine[0]}–{mine[-1]}" if len(mine) > 1 else f"{band(b)} {mine[0]}")
    return ", ".join(out)


def _matrix_title(register: list[dict]) -> str:
    high = [r for r in register if r["band"] in HIGH_PLUS]
    if not high:
        return _("No rating reaches the High band")
    ids = sorted({r["risk_id"] for r in high}, key=lambda i: (len(i), i))
    return n_("{k} of {n} rating is High or worse, all from {ids}", "{k} of {n} ratings are High or worse, all from {ids}",
              len(register), k=len(high), ids=words(ids))


def _matrix(ctx: Context) -> str:
    reg = ctx.fs.risks
    mins = ctx.fs.findings["risk.bands"].extra.get("min_score", {})
    cells = [{**c, "band": _band(c["score"], mins)} for c in matrix_cells(reg)]
    spec = lambda: bands.band_grid(cells, "impact", "likelihood", "band", "label", title=_matrix_title(reg),  # noqa: E731
                                    x_title=_("Impact"), y_title=_("Likelihood"), y_sort=[5, 4, 3, 2, 1],
                                    corner="score_label", cell_height=62, x_labels_top=False,
                                    x_labels={k: _(v) for k, v in IMPACT_LABELS.items()},
                                    y_labels={k: _(v) for k, v in LIKELIHOOD_LABELS.items()})
    fig = ctx.chart("risk-matrix", spec, _("Five by five risk matrix, likelihood against impact; each cell is "
                                           "coloured by its band and lists the risks rated there, with the number of "
                                           "departments when more than one."),
                    _("Every rating in the register placed by likelihood and impact (n = {n} ratings). “R2 ×7” means "
                      "R2 sits in that cell for seven departments; the small number is the score L × I. Bands [SMAA "
                      "convention]: {bands}.", n=len(reg), bands=bands_text(mins)), banded(ctx, "risk.matrix"))
    note = ctx.fs.tables["risk.matrix"].note
    note = note.split("): ", 1)[1] if note.startswith("How to read the matrix (") else note
    return fig + "\n" + md.admonition("info", _("How to read the matrix (Cox 2008)"), md.text(capital(_(note))))


# the analysis's note on the matrix (analyses/risk/risk.COX_CAVEATS after its "How to read the matrix (…): "), marked
# here so that the catalogue carries its translation; a note worded otherwise is printed as it comes
COX = N_("likelihood and impact are ordinal ratings, so a score of 12 is not twice as serious as a score of 6; the "
         "matrix compresses ranges, so quite different risks can share a cell; and it cannot order risks within a "
         "cell or resolve ties. Each rating is therefore shown with its driving indicator value and the number of "
         "interviewees behind it.")


# ---------------------------------------------------------------- department × risk


def department_cells(ctx: Context) -> tuple[list[dict], list[str], list[str]]:
    """Department × risk cells for the department-scope ratings; a dash where a risk is not rated."""
    reg = [r for r in ctx.fs.risks if r["scope"] == "department"]
    depts = _order(ctx, {r["department_label"] for r in reg})
    risks = sorted({r["risk_id"] for r in reg}, key=lambda i: (len(i), i))
    names = {r["risk_id"]: short_name(r["risk_id"], r["title"]) for r in reg}
    cols = [f"{i} {capital(names[i])}" for i in risks]
    cells = []
    for d in depts:
        for i, col in zip(risks, cols):
            hit = [r for r in reg if r["department_label"] == d and r["risk_id"] == i]
            top = max(hit, key=lambda r: r["score"]) if hit else None
            cells.append({"department": d, "risk": col, "band": top["band"] if top else bands.NOT_RATED,
                          "score": top["score"] if top else None, "label": str(top["score"]) if top else "–"})
    return cells, depts, cols


def _spread_title(ctx: Context) -> str:
    parts = []
    for r in company_rows(ctx):
        if r["scope"] == "department" and r["n_high_departments"]:
            k, n = r["n_high_departments"], r["n_departments"]
            name = short_name(r['risk_id'], r['title'])
            parts.append(_("{risk} in all {n}", risk=name, n=n) if k == n else
                         _("{risk} in {k} of {n}", risk=name, k=k, n=n))
    if not parts:
        return _("No department has a risk rated High or worse")
    return _("{first} departments High or worse", first=capital(parts[0])) + (
        f"; {'; '.join(parts[1:3])}" if len(parts) > 1 else "")


def _departments(ctx: Context) -> str:
    cells, rows_d, cols = department_cells(ctx)
    if not cells:
        return ""
    company = [r for r in ctx.fs.risks if r["scope"] == "company"]
    also = (" " + _("Rated company-wide, so not shown here: {risks}.", risks="; ".join(
        _("{id} {name} (score {score}, {band})", id=r['risk_id'], name=short_name(r['risk_id'], r['title']),
          score=r['score'], band=band(r['band'])) for r in company))) if company else ""
    spec = lambda: bands.band_grid(cells, "risk", "department", "band", "label", title=_spread_title(ctx),  # noqa: E731
                                    x_title="", y_title="", x_sort=cols, y_sort=rows_d, cell_height=34,
                                    x_wrap=True, x_labels_top=False)
    n = sum(1 for c in cells if c["score"] is not None)
    caption = (_("Score L × I of each department risk (n = {n} ratings; colour = band; a dash: not rated there, see "
                 "the end of the page).", n=n) if n < len(cells) else
               _("Score L × I of each department risk (n = {n} ratings; colour = band).", n=n))
    return "## " + _("Where the risks sit") + "\n\n" + ctx.chart(
        "risk-departments", spec, _("Heatmap of risk score by department and risk, coloured by band; a dash marks a "
                                    "risk not rated in that department."), caption + also, banded(ctx, "risk.department"))


# ---------------------------------------------------------------- company view, register, trace


def _company(ctx: Context) -> str:
    comp = company_rows(ctx)
    treat = {r["risk_id"]: r["treatment"] for r in ctx.fs.risks}
    weights = sorted({r["weighting"] for r in comp if r["scope"] == "department"})
    rows = [[f"**{md.inline(r['risk_id'])}** {md.inline(title(r['title']))}", band(r["worst_band"]),
             f"{fmt.number(r['weighted_score'], 1)} ({band(r['weighted_band'])})",
             _("company-wide") if r["n_high_departments"] is None else
             _("{k} of {n}", k=r['n_high_departments'], n=r['n_departments']),
             md.cell(title(treat.get(r["risk_id"]) or "") or "–")] for r in comp]
    weighting = {"headcount": _("headcount")}
    return ("## " + _("Company view") + "\n\n"
            + _("A department risk is carried up to the company in three ways, never as an average alone: the worst "
                "case across departments, the exposure-weighted mean score and the number of departments rated High "
                "or worse. Weights: {weights}.",
                weights=md.inline(words(weighting.get(w, w) for w in weights) or _('none'))) + "\n\n"
            + md.table([_("Risk"), _("Worst case"), _("Weighted score"), _("Departments High+"),
                        _("Proposed treatment")], rows, ["left", "left", "right", "right", "left"]))


def build(ctx: Context) -> Page | None:
    if "risk.n_rated" not in ctx.fs.findings:
        return None
    heading = _("Risk assessment")
    parts = [f"# {heading}\n", md.cards(_headlines(ctx)), _impact_warning(ctx), ctx.story("risks")]
    if ctx.fs.risks:
        parts += ["## " + _("The risk matrix") + "\n", _matrix(ctx), _departments(ctx), _company(ctx), _register(ctx),
                  _trace(ctx)]
    else:
        parts.append(md.admonition("warning", _("No risk could be rated"), _(
            "None of the driving indicators is available for this case, so there is no matrix, department view or "
            "register. The reasons are listed below.")))
    parts.append(_not_rated(ctx))
    body = "\n".join(p for p in parts if p)
    return Page("risks", heading, body + glossary(body))
