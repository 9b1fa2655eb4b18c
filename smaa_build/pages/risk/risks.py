"""Risk assessment (M7): headline risks first, then the 5×5 matrix with Cox's caveats, the department × risk
heatmap, the company view (worst case, exposure-weighted score, spread), the register, the indicator → likelihood
trace per risk, and what could not be rated. Register records come from Findings.risks."""

from __future__ import annotations

from ...facts import RISK_BANDS as BANDS, RISK_HIGH_PLUS as HIGH_PLUS, band_rank
from ..base import charts
from ..base import format as fmt
from ..base import markdown as md
from ..base.context import Context, Page, client_name

PERCENT = {"manual_share", "governance_coverage", "privacy_controls_share"}
SHORT = {"R1": "vertical misalignment", "R2": "horizontal silos", "R3": "measurement fragility",
         "R4": "governance gap", "R5": "misuse in evaluation", "R6": "slow escalation",
         "R7": "key-person concentration", "R8": "privacy and compliance"}
LIKELIHOOD_LABELS = {1: "1 rare", 2: "2", 3: "3", 4: "4", 5: "5 almost certain"}
IMPACT_LABELS = {1: "1 minor", 2: "2", 3: "3", 4: "4", 5: "5 severe"}
LONG_TABLE = 12


# ---------------------------------------------------------------- shared helpers (also used by other pages)


def card(value: str, label: str, sentence: str) -> str:
    """A headline card: big number, short label, one full sentence (all already escaped)."""
    return f'<span class="smaa-card__value">{value}</span><span class="smaa-card__label">{label}</span>{sentence}'


def words(items) -> str:
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def short_name(risk_id: str, title: str) -> str:
    """'horizontal silos' for a catalogue risk; the researcher's own title for a manual one."""
    return SHORT.get(risk_id, title[:1].lower() + title[1:])


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def indicator_text(name: str, value) -> str:
    if value is None:
        return "–"
    if name in PERCENT:
        return fmt.percent(value)
    if name == "escalation_latency_h":
        return f"{fmt.number(value, 1)} h"
    return fmt.number(value, 2)


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


def _where(r: dict) -> str:
    if r["scope"] == "company":
        return "rated company-wide"
    high, n = r["n_high_departments"] or 0, r["n_departments"]
    if not high:
        return f"worst case {r['worst_band']} across {n} department{'s' if n != 1 else ''}"
    return f"High or worse in {'all ' + str(n) if high == n else f'{high} of {n}'} departments"


def top_risk_sentence(ctx: Context, r: dict) -> str:
    """'Horizontal silos (R2): High or worse in all 7 departments; exposure-weighted score 15.0 of 25 (High).'"""
    name = capital(short_name(r["risk_id"], r["title"]))
    score = (f"score {fmt.number(r['weighted_score'], 0)} of 25" if r["scope"] == "company" else
             f"exposure-weighted score {fmt.number(r['weighted_score'], 1)} of 25")
    return f"**{md.inline(name)} ({md.inline(r['risk_id'])})**: {_where(r)}; {score} ({r['weighted_band']})."


def _order(ctx: Context, labels) -> list[str]:
    """Department labels in the spec's order."""
    funcs = [f.get("label", f["id"]) for f in ctx.spec["organisation"]["functions"]]
    return [f for f in funcs if f in labels] + sorted(set(labels) - set(funcs))


def _indicator_row(ctx: Context, risk_id: str) -> dict | None:
    t = ctx.fs.tables.get("indicators.risk")
    return next((r for r in (t.rows if t else []) if r["risk_id"] == risk_id), None)


# ---------------------------------------------------------------- headlines


def _indicator_clause(ctx: Context, risk_id: str) -> str:
    row = _indicator_row(ctx, risk_id)
    if not row or row["value"] is None:
        return ""
    n = f" (n = {fmt.number(row['n'], 0)})" if row["n"] is not None else ""
    return f" Company-wide {md.inline(row['label'])}: {indicator_text(row['indicator'], row['value'])}{n}."


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
    comp, client = company_rows(ctx), md.inline(client_name(ctx.spec))
    high = [r for r in comp if r["worst_band"] in HIGH_PLUS]
    n_cat = len(comp) + len(unrated_ids(ctx))
    names = words(f"{md.inline(short_name(r['risk_id'], r['title']))} ({r['risk_id']})" for r in high)
    out = [card(f"{len(high)} of {n_cat}", "risks High or worse",
                f"{len(comp)} of the {n_cat} risks could be rated for {client}; "
                + (f"{names} reach{'es' if len(high) == 1 else ''} High or Very high in at least one department."
                   if high else "none reaches the High band anywhere."))]
    if comp:
        top = comp[0]
        out.append(card(top["worst_band"], f"top risk · {md.inline(short_name(top['risk_id'], top['title']))}",
                        top_risk_sentence(ctx, top) + _indicator_clause(ctx, top["risk_id"])))
    spot = _hotspots(ctx)
    if spot:
        depts, k, n, ids = spot
        n_all = len({r["department"] for r in ctx.fs.risks if r["scope"] == "department"})
        if len(depts) == 1:
            out.append(card(f"{k} of {n}", "most exposed · " + md.inline(depts[0]),
                            f"{md.inline(depts[0])} has {k} of its {n} risks rated High or worse ({', '.join(ids)}), "
                            "more than any other department."))
        else:
            out.append(card(f"{len(depts)} of {n_all}", "departments most exposed",
                            f"{md.inline(words(depts))} each have {k} of their {n} risks rated High or worse "
                            f"({', '.join(ids)}); no department has more."))
    missing = unrated_ids(ctx)
    if missing:
        what = words(f"{short_name(m['risk_id'], m['title'])} ({m['risk_id']})" for m in missing)
        out.append(card(str(len(missing)), "risks not rated",
                        f"{md.inline(capital(what))} could not be rated: their indicators are not available yet "
                        "(reasons at the end of the page). Nothing is estimated in their place."))
    return out


def _impact_warning(ctx: Context) -> str:
    reg = ctx.fs.risks
    default = [r for r in reg if r["impact_source"] == "default"]
    if not default:
        return ""
    return md.admonition("warning", "Impacts are provisional",
                         f"The impact of {len(default)} of the {len(reg)} ratings is the default of "
                         f"{default[0]['impact']} [SMAA convention], used until the researchers record their "
                         "judgement (importance of the activity, customer and regulatory exposure of the department). "
                         "Scores and bands will move when they do; likelihoods come from the data.")


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
    for band in BANDS:
        mine = [s for s in scores if _band(s, mins) == band]
        if mine:
            out.append(f"{band} {mine[0]}–{mine[-1]}" if len(mine) > 1 else f"{band} {mine[0]}")
    return ", ".join(out)


def _matrix_title(register: list[dict]) -> str:
    high = [r for r in register if r["band"] in HIGH_PLUS]
    if not high:
        return "No rating reaches the High band"
    ids = sorted({r["risk_id"] for r in high}, key=lambda i: (len(i), i))
    return f"{len(high)} of {len(register)} ratings are High or worse, all from {words(ids)}"


def _matrix(ctx: Context) -> str:
    reg = ctx.fs.risks
    mins = ctx.fs.findings["risk.bands"].extra.get("min_score", {})
    cells = [{**c, "band": _band(c["score"], mins)} for c in matrix_cells(reg)]
    spec = lambda: charts.band_grid(cells, "impact", "likelihood", "band", "label", title=_matrix_title(reg),  # noqa: E731
                                    x_title="Impact", y_title="Likelihood", y_sort=[5, 4, 3, 2, 1],
                                    corner="score_label", cell_height=62, x_labels_top=False,
                                    x_labels=IMPACT_LABELS, y_labels=LIKELIHOOD_LABELS)
    fig = ctx.chart("risk-matrix", spec, "Five by five risk matrix, likelihood against impact; each cell is coloured "
                    "by its band and lists the risks rated there, with the number of departments when more than one.",
                    f"Every rating in the register placed by likelihood and impact (n = {len(reg)} ratings). "
                    "“R2 ×7” means R2 sits in that cell for seven departments; the small number is the score "
                    f"L × I. Bands [SMAA convention]: {bands_text(mins)}.", "risk.matrix")
    note = ctx.fs.tables["risk.matrix"].note
    note = note.split("): ", 1)[1] if note.startswith("How to read the matrix (") else note
    return fig + "\n" + md.admonition("info", "How to read the matrix (Cox 2008)", md.text(capital(note)))


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
            cells.append({"department": d, "risk": col, "band": top["band"] if top else charts.NOT_RATED,
                          "score": top["score"] if top else None, "label": str(top["score"]) if top else "–"})
    return cells, depts, cols


def _spread_title(ctx: Context) -> str:
    parts = []
    for r in company_rows(ctx):
        if r["scope"] == "department" and r["n_high_departments"]:
            k, n = r["n_high_departments"], r["n_departments"]
            parts.append(f"{short_name(r['risk_id'], r['title'])} in {'all ' + str(n) if k == n else f'{k} of {n}'}")
    if not parts:
        return "No department has a risk rated High or worse"
    return f"{capital(parts[0])} departments High or worse" + (f"; {'; '.join(parts[1:3])}" if len(parts) > 1 else "")


def _departments(ctx: Context) -> str:
    cells, rows_d, cols = department_cells(ctx)
    if not cells:
        return ""
    company = [r for r in ctx.fs.risks if r["scope"] == "company"]
    also = (" Rated company-wide, so not shown here: " + "; ".join(
        f"{r['risk_id']} {short_name(r['risk_id'], r['title'])} (score {r['score']}, {r['band']})" for r in company)
        + ".") if company else ""
    spec = lambda: charts.band_grid(cells, "risk", "department", "band", "label", title=_spread_title(ctx),  # noqa: E731
                                    x_title="", y_title="", x_sort=cols, y_sort=rows_d, cell_height=34,
                                    x_wrap=True, x_labels_top=False)
    n = sum(1 for c in cells if c["score"] is not None)
    return "## Where the risks sit\n\n" + ctx.chart(
        "risk-departments", spec, "Heatmap of risk score by department and risk, coloured by band; a dash marks a "
        "risk not rated in that department.",
        f"Score L × I of each department risk (n = {n} ratings; colour = band"
        + ("; a dash: not rated there, see the end of the page" if n < len(cells) else "") + f").{also}",
        "risk.department")


# ---------------------------------------------------------------- company view, register, trace


def _company(ctx: Context) -> str:
    comp = company_rows(ctx)
    treat = {r["risk_id"]: r["treatment"] for r in ctx.fs.risks}
    weights = sorted({r["weighting"] for r in comp if r["scope"] == "department"})
    rows = [[f"**{md.inline(r['risk_id'])}** {md.inline(r['title'])}", r["worst_band"],
             f"{fmt.number(r['weighted_score'], 1)} ({r['weighted_band']})",
             "company-wide" if r["n_high_departments"] is None else f"{r['n_high_departments']} of {r['n_departments']}",
             md.cell(treat.get(r["risk_id"]) or "–")] for r in comp]
    return ("## Company view\n\nA department risk is carried up to the company in three ways, never as an average "
            "alone: the worst case across departments, the exposure-weighted mean score and the number of "
            f"departments rated High or worse. Weights: {md.inline(words(weights) or 'none')}.\n\n"
            + md.table(["Risk", "Worst case", "Weighted score", "Departments High+", "Proposed treatment"], rows,
                       ["left", "left", "right", "right", "left"]))


def _value(ctx: Context, r: dict) -> tuple[str, str]:
    """(indicator value, n) as printed; withheld values show the suppression mark."""
    if r["indicator_withheld"]:
        return f"withheld ({md.text(ctx.suppressed_mark)})", "–"
    if r["indicator_value"] is None:
        return "set by the researchers", "–"
    n = fmt.number(r["indicator_n"], 0) if r["indicator_n"] is not None else "–"
    return indicator_text(r["indicator_name"], r["indicator_value"]), n


def _value_n(ctx: Context, r: dict) -> str:
    value, n = _value(ctx, r)
    return value if n == "–" else f"{value} (n = {n})"


def _register_table(ctx: Context, reg: list[dict], full: bool = False) -> str:
    rows = []
    for r in reg:
        value, n = _value(ctx, r)
        row = [r["band"], str(r["score"]), f"{md.inline(r['risk_id'])} {md.inline(r['title'])}",
               md.inline(r["department_label"]), value, n,
               f"{r['likelihood']} × {r['impact']}{'*' if r['impact_source'] == 'default' else ''}"]
        rows.append(row + ([md.cell(r["owner"] or "–"), evidence_text(r)] if full else []))
    head = ["Band", "Score", "Risk", "Department", "Indicator value", "n", "L × I"] + (["Owner", "Evidence"] if full else [])
    return md.table(head, rows, ["left", "right", "left", "left", "right", "right", "right"]
                    + (["left", "left"] if full else []))


def evidence_text(r: dict) -> str:
    """How many interviews back the rating (their pseudonymous ids are in findings.json)."""
    ids = [x for x in str(r.get("evidence") or "").split(", ") if x]
    return f"{len(ids)} interview{'s' if len(ids) != 1 else ''}" if ids else "–"


def _register(ctx: Context) -> str:
    reg = ctx.fs.risks
    star = "\n\\* default impact, pending the researchers' judgement.\n" if any(
        r["impact_source"] == "default" for r in reg) else ""
    head = ("## Risk register\n\nSorted by band, then score. Every rating shows its driving indicator and the number "
            f"of interviewees behind it; a value resting on fewer than {ctx.k_min} people is withheld, but the rating "
            "is kept.\n\n")
    if len(reg) <= LONG_TABLE:
        return head + _register_table(ctx, reg, full=True) + star
    high = [r for r in reg if r["band"] in HIGH_PLUS]
    lead = (f"The {len(high)} ratings High or worse:\n\n" + _register_table(ctx, high) + star) if high else ""
    full = md.admonition("abstract", f"Full register ({len(reg)} ratings, with owners and evidence)",
                         _register_table(ctx, reg, full=True) + star, collapsible=True)
    return head + lead + "\n" + full


def criteria_text(rows: list[dict], name: str) -> str:
    """'< 0.10 → L5; 0.10 to < 0.20 → L4; …' from the risk.criteria rows of one risk."""
    parts = []
    for r in rows:
        lo, hi = r["from"], r["to"]
        rng = (f"< {indicator_text(name, hi)}" if lo is None else f"≥ {indicator_text(name, lo)}" if hi is None
               else f"{indicator_text(name, lo)} to < {indicator_text(name, hi)}")
        parts.append(f"{rng} → L{r['likelihood']}")
    return "; ".join(parts)


def _trace(ctx: Context) -> str:
    crit = ctx.fs.tables.get("risk.criteria")
    blocks = []
    for rid in sorted({r["risk_id"] for r in ctx.fs.risks}, key=lambda i: (len(i), i)):
        rows = [r for r in ctx.fs.risks if r["risk_id"] == rid]
        name = rows[0]["indicator_name"]
        row = _indicator_row(ctx, rid)
        label = row["label"] if row else (name or "researcher's rating").replace("_", " ")
        mine = [c for c in (crit.rows if crit else []) if c["risk_id"] == rid]
        lines = [f"Criteria [SMAA convention]: {md.inline(criteria_text(mine, name))}.\n"] if mine else []
        lines += [f"- {md.inline(r['department_label'])}: {_value_n(ctx, r)} → L{r['likelihood']}; × impact "
                  f"{r['impact']} = **{r['score']} {r['band']}**."
                  + ("" if r["impact_source"] == "default" else f" {md.inline(r['rationale'])}") for r in rows]
        title = md.text(f"{rid} · {rows[0]['title']}: {label} → likelihood").replace('"', "'")
        blocks.append(md.admonition("note", title, "\n".join(lines), collapsible=True))
    return ("## From indicator to likelihood\n\nEach catalogue risk has one driving indicator; the interval its value "
            "falls in sets the likelihood. Open a risk to follow each rating from the data to the band.\n\n"
            + "\n".join(blocks)) if blocks else ""


def _not_rated(ctx: Context) -> str:
    t = ctx.fs.tables.get("risk.not_rated")
    if not t or not t.rows:
        return ""
    rows = [[f"{md.inline(r['risk_id'])} {md.inline(r['title'])}", md.inline(r["department_label"]),
             md.inline(capital(r["reason"]))] for r in t.rows]
    return ("## What could not be rated\n\nThese ratings are missing because their driving indicator could not be "
            "computed; nothing was estimated in their place. The researchers can still rate them by recording the "
            "indicator from the interviews or their own judgement of the likelihood.\n\n"
            + md.table(["Risk", "Where", "Why"], rows, ["left", "left", "left"]))


def build(ctx: Context) -> Page | None:
    if "risk.n_rated" not in ctx.fs.findings:
        return None
    parts = ["# Risk assessment\n", md.cards(_headlines(ctx)), _impact_warning(ctx), ctx.story("risks")]
    if ctx.fs.risks:
        parts += ["## The risk matrix\n", _matrix(ctx), _departments(ctx), _company(ctx), _register(ctx), _trace(ctx)]
    else:
        parts.append(md.admonition("warning", "No risk could be rated", "None of the driving indicators is "
                                   "available for this case, so there is no matrix, department view or register. "
                                   "The reasons are listed below."))
    parts.append(_not_rated(ctx))
    return Page("risks", "Risk assessment", "\n".join(p for p in parts if p))
