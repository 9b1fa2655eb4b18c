"""Recommendations: one generated per risk id rated High or Very high (naming each department and its indicator
value), merged with the researcher's own (`recommendations:` in case.yaml), which take precedence for the risk ids
they cover. Recommendations touching the engagement's core process (`engagement.core_process`) are flagged; in the
core-process functions, Medium risks also get a recommendation (the call promises specific advice there).

Researcher entry: {id, risk_ids, title, text, owner, horizon, core_process (optional bool, overrides matching)}.
Output records (Findings.recommendations): id, title, text, risk_ids, departments, department_labels, band, score,
owner, horizon, source ("generated" | "researcher"), core_process (bool).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .catalogue import CATALOGUE, HIGH_PLUS
from ...facts import band_rank
from ...errors import AnalysisError
from ...i18n import N_  # marks the titles for translation where the report prints them
from ...findings import Finding, Table
from ..reasons import NO_CORE_PROCESS, NO_CORE_PROCESS_SHORT, Reason

SECTION = "recommendations"
HORIZON = {"Very high": "within 3 months", "High": "within 6 months", "Medium": "within 12 months"}
CORE_MIN_BAND = "Medium"
PERCENT_INDICATORS = {"manual_share", "governance_coverage", "privacy_controls_share"}

CONVENTIONS = [
    {"name": "recommend.horizon", "value": "Very high: 3 months; High: 6 months; Medium: 12 months",
     "source": "SMAA convention"},
    {"name": "recommend.min_band", "value": "High (Medium in the core-process functions)", "source": "SMAA convention"},
]


class RecommendationConfigError(AnalysisError):
    """A researcher-written recommendation in case.yaml is unusable."""


@dataclass(frozen=True)
class Template:
    title: str
    finding: str  # what the data show; the departments and indicator values follow it
    action: str
    owner: str


TEMPLATES = {
    "R1": Template(N_("Bring operational SMI into management decisions"),
                   N_("SMI produced by the people who work with social media is not reaching, or not used by, "
                      "management."),
                   N_("Agree two or three SMI indicators that each level reports upward, add them to the existing "
                      "management report with a named owner, and review them at the regular management meeting."),
                   N_("Head of the function, with the senior management sponsor")),
    "R2": Template(N_("Agree a shared core of SMI KPIs across functions"),
                   N_("Functions use SMI KPIs that other functions do not share."),
                   N_("Define a common core of SMI KPIs with one written definition each, publish them on one shared "
                      "dashboard, and map each function's local KPIs onto that core."),
                   N_("SMI owner, with the heads of the functions named")),
    "R3": Template(N_("Automate and validate SMI collection"),
                   N_("SMI is collected largely by hand."),
                   N_("Move recurring collection to platform exports or a listening tool, document the source and "
                      "calculation of each metric, and add a data-quality check before figures are reported."),
                   N_("SMI owner, with IT")),
    "R4": Template(N_("Name an owner and a policy for SMI"),
                   N_("Governance of SMI is incomplete."),
                   N_("Name one accountable owner of SMI, adopt a short policy covering definitions, access and "
                      "retention, and keep the KPI dictionary under change control."),
                   N_("Senior management")),
    "R5": Template(N_("Use only validated SMI in evaluation and incentives"),
                   N_("SMI feeds performance evaluation while its data quality is low."),
                   N_("Use SMI in evaluations only for metrics that pass the data-quality review, and pair each with a "
                      "traditional indicator until they do."),
                   N_("HR, with the heads of the functions named")),
    "R6": Template(N_("Set an escalation path for social-media signals"),
                   N_("Signals seen on social media take long to reach someone who can act."),
                   N_("Define escalation thresholds and an on-call route from the social-media team to the decision "
                      "owners, and rehearse it twice a year."),
                   N_("Head of communication")),
    "R7": Template(N_("Spread SMI know-how beyond a few people"),
                   N_("SMI know-how is concentrated in a few people."),
                   N_("Document the SMI routines, name a deputy for each key person, and train at least one person per "
                      "function."),
                   N_("SMI owner, with HR")),
    "R8": Template(N_("Close the gaps in privacy controls for SMI"),
                   N_("Controls on personal data in SMI processing are incomplete."),
                   N_("Complete the data-protection impact assessment, keep only the fields needed, set retention "
                      "periods and restrict access to raw social-media data."),
                   N_("Data protection officer")),
}


# ---------------------------------------------------------------- text helpers


STOPWORDS = {"a", "an", "and", "the", "of", "for", "to", "in", "with"}


def _norm(text) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text or "").lower()).split())


def _tokens(text) -> frozenset:
    return frozenset(_norm(text).split()) - STOPWORDS


def matches_core(core: str, *names) -> bool:
    """A function id or label names the core process when one's words contain the other's ('Customer care' and
    'customer care', 'Care' and 'customer care'; never 'IT' and 'digital transformation')."""
    c = _tokens(core)
    return bool(c) and any(t and (t <= c or c <= t) for t in map(_tokens, names))


def mentions_core(core: str, text: str) -> bool:
    """The core process appears as a phrase in the text."""
    c = _norm(core)
    return bool(c) and f" {c} " in f" {_norm(text)} "


def format_value(indicator: str, value: float) -> str:
    if indicator in PERCENT_INDICATORS:
        return f"{100 * value:.0f}%"
    if indicator == "escalation_latency_h":
        return f"{value:.1f} h" if value < 10 else f"{value:.0f} h"
    return f"{value:.2f}"


PLACE_KEYS = ("department", "department_label", "indicator_name", "indicator_value", "indicator_n",
              "indicator_withheld")  # what _place reads


def _place(row: dict) -> str:
    label = row["department_label"] if row["department"] else "company-wide"
    value = row.get("indicator_value")
    if row.get("indicator_withheld"):
        return f"{label} (value withheld for confidentiality)"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return f"{label} (rated by the researchers)"
    n = f" (n = {row['indicator_n']})" if row.get("indicator_n") is not None else ""
    return f"{label} {format_value(row['indicator_name'], value)}{n}"


def join_words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def where_text(rows: list[dict]) -> str:
    """'Mean KPI overlap (Jaccard): Brand marketing 0.06 (n = 6) and People 0.00 (n = 5).' ('' if nothing to say)"""
    if not rows[0]["indicator_name"]:  # manual risk: no indicator, name the departments only
        depts = [r["department_label"] for r in rows if r["department"]]
        return f"Rated in {join_words(depts)}." if depts else ""
    risk = CATALOGUE.get(rows[0]["risk_id"])
    label = risk.indicator_label if risk else rows[0]["indicator_name"]
    return f"{label[0].upper()}{label[1:]}: {join_words([_place(r) for r in rows])}."


# ---------------------------------------------------------------- generation and merging


def _selected(register: list[dict], core_functions: set) -> list[dict]:
    core_min = band_rank(CORE_MIN_BAND)
    return [r for r in register if r["band"] in HIGH_PLUS
            or (r["department"] in core_functions and band_rank(r["band"]) >= core_min)]


def _generated_one(rid: str, rows: list[dict]) -> dict:
    rows = sorted(rows, key=lambda r: (-r["score"], r["department_label"]))
    band = max((r["band"] for r in rows), key=band_rank)
    tpl = TEMPLATES.get(rid) or Template(f"Treat the risk: {rows[0]['title']}", f"This risk is rated {band}.",
                                         rows[0].get("treatment") or "Agree a treatment with the risk owner.",
                                         rows[0].get("owner") or "Risk owner")
    text = " ".join(filter(None, (tpl.finding, where_text(rows), tpl.action)))
    # what the text is written from, so that the report can write it in the client's language
    parts = {"finding": tpl.finding, "action": tpl.action,
             "indicator_label": (CATALOGUE[rid].indicator_label if rid in CATALOGUE else rows[0]["indicator_name"]),
             "places": [{k: r.get(k) for k in PLACE_KEYS} for r in rows]}
    return {"id": f"REC-{rid}", "title": tpl.title, "text": text, "parts": parts,
            "risk_ids": [rid], "departments": [r["department"] for r in rows if r["department"]],
            "department_labels": [r["department_label"] for r in rows], "band": band,
            "score": max(r["score"] for r in rows), "owner": tpl.owner, "horizon": HORIZON.get(band, ""),
            "source": "generated"}


def generate(register: list[dict], core_functions: set = frozenset()) -> list[dict]:
    """One recommendation per risk id with a High/Very-high rating (Medium too in core-process functions)."""
    rows = _selected(register, set(core_functions))
    ids = sorted({r["risk_id"] for r in rows})
    return [_generated_one(rid, [r for r in rows if r["risk_id"] == rid]) for rid in ids]


def researcher_records(raw: list, register: list[dict], known_ids: set) -> list[dict]:
    out, seen = [], set()
    for i, rec in enumerate(raw or []):
        where = f"recommendations[{i}]"
        rid = str(rec.get("id") or "")
        if not rid or rid in seen:
            raise RecommendationConfigError(f"{where}.id: {'missing' if not rid else f'{rid!r} used twice'}")
        seen.add(rid)
        if not rec.get("title") or not rec.get("text"):
            raise RecommendationConfigError(f"{where}: a recommendation needs a title and a text")
        risk_ids = [rec["risk_ids"]] if isinstance(rec.get("risk_ids"), str) else list(rec.get("risk_ids") or [])
        unknown = [r for r in risk_ids if r not in known_ids]
        if unknown:
            raise RecommendationConfigError(f"{where}.risk_ids: unknown risk id(s) {', '.join(unknown)}")
        rows = [r for r in register if r["risk_id"] in risk_ids]
        out.append({"id": rid, "title": rec["title"], "text": rec["text"], "risk_ids": risk_ids,
                    "departments": sorted({r["department"] for r in rows if r["department"]}),
                    "department_labels": sorted({r["department_label"] for r in rows}),
                    "band": max((r["band"] for r in rows), key=band_rank, default=None),
                    "score": max((r["score"] for r in rows), default=None), "owner": rec.get("owner", ""),
                    "horizon": rec.get("horizon", ""), "source": "researcher",
                    **({"core_process": bool(rec["core_process"])} if "core_process" in rec else {})})
    return out


def merge(generated: list[dict], researcher: list[dict]) -> list[dict]:
    """Researcher recommendations replace the generated ones for every risk id they cover."""
    covered = {rid for rec in researcher for rid in rec["risk_ids"]}
    return researcher + [g for g in generated if not set(g["risk_ids"]) & covered]


def flag_core(recs: list[dict], core: str, core_functions: set) -> list[dict]:
    for rec in recs:
        if "core_process" not in rec:
            rec["core_process"] = bool(core) and (bool(set(rec["departments"]) & core_functions)
                                                  or mentions_core(core, f"{rec['title']} {rec['text']}"))
    return recs


def _sort_key(rec: dict) -> tuple:
    return (-band_rank(rec["band"]), -(rec["score"] or 0), rec["source"] != "researcher", rec["id"])


def core_functions(case) -> set:
    core = case.settings.engagement.core_process
    return {f.id for f in case.settings.organisation.functions if core and matches_core(core, f.id, f.label)}


def recommendations(case, register: list[dict]) -> list[dict]:
    """The records for Findings.recommendations, most severe first."""
    core = case.settings.engagement.core_process or ""
    funcs = core_functions(case)
    manual = {str(m.get("id")) for m in case.settings.risks.get("manual") or []}
    known = set(CATALOGUE) | manual | {r["risk_id"] for r in register}
    researcher = researcher_records(list(case.settings.recommendations), register, known)
    recs = flag_core(merge(generate(register, funcs), researcher), core, funcs)
    return sorted(recs, key=_sort_key)


# ---------------------------------------------------------------- run

COLUMNS = [{"name": n, "label": lab, "kind": "text"} for n, lab in [
    ("id", "Id"), ("title", "Recommendation"), ("risk_ids", "Risks"), ("departments", "Departments"),
    ("band", "Band"), ("horizon", "Horizon"), ("owner", "Owner"), ("source", "Source"),
    ("core_process", "Core process"), ("text", "Text")]]


def run_from_findings(case, fs) -> list[Finding | Table]:
    """The registry's entry: recommendations from the register that risk put in fs.risks (records into
    fs.recommendations), then run()."""
    fs.recommendations[:] = recommendations(case, fs.risks)
    return run(case, fs.risks)


def run(case, register: list[dict]) -> list[Finding | Table]:
    recs = recommendations(case, register)
    core = case.settings.engagement.core_process
    funcs = sorted(core_functions(case))
    n_core = sum(r["core_process"] for r in recs)
    rows = [{**{k: r[k] for k in ("id", "title", "band", "horizon", "owner", "source", "text")},
             "risk_ids": ", ".join(r["risk_ids"]), "departments": ", ".join(r["department_labels"]),
             "core_process": "yes" if r["core_process"] else ""} for r in recs]
    return [
        Finding("recommend.n", "Recommendations", len(recs), decimals=0, section=SECTION),
        Finding("recommend.n_generated", "Recommendations generated from the risk register",
                sum(r["source"] == "generated" for r in recs), decimals=0, section=SECTION),
        Finding("recommend.n_researcher", "Recommendations written by the researchers",
                sum(r["source"] == "researcher" for r in recs), decimals=0, section=SECTION),
        Finding("recommend.core_process", "Core process", core or None, section=SECTION,
                reason="" if core else Reason(NO_CORE_PROCESS),
                extra={"functions": funcs, "n_recommendations": n_core}),
        Finding("recommend.n_core_process", "Recommendations on the core process", n_core if core else None,
                decimals=0, section=SECTION, reason="" if core else Reason(NO_CORE_PROCESS_SHORT)),
        Table("recommend.list", "Recommendations", COLUMNS, rows, section=SECTION, n=len(recs)),
    ]
