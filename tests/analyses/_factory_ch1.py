"""Hand-built Case objects for the chapter-1 analyses (M1–M5, M12): no YAML, no files.

Ids are deliberately not the demo's (functions fa/fb/fc…, levels T1…T4 with ranks, activities act_x…) so that
nothing can silently depend on the demo. Data frames use the types the spec loader produces: ids and codes as
strings, unique_role as a nullable boolean, scores as floats.
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd

from smaa_build.spec.case import Case, freeze

BASE_SPEC = {
    "spec_version": 1,
    "engagement": {"id": "unit-case", "client": "Unit Client"},
    "report": {"k_min": 5, "round": 1, "status": "draft", "date": "2026-04-10",
               "confidentiality": "Confidential."},  # what validation fills in: Case.settings reads them
    "organisation": {
        "functions": [{"id": "fa", "label": "Alpha"}, {"id": "fb", "label": "Beta"}, {"id": "fc", "label": "Gamma"}],
        "levels": [{"id": "T1", "label": "Top", "rank": 1}, {"id": "T2", "label": "Middle", "rank": 2},
                   {"id": "T3", "label": "Staff", "rank": 3}, {"id": "T4", "label": "Front", "rank": 4}],
        "management_levels": ["T1", "T2"],
        "activities": [{"id": "act_x", "label": "Listening"}, {"id": "act_y", "label": "Reporting up"}],
    },
    "data": {"ratings": {"scale": [1, 5]}},
    "conventions": {},
}


def _merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def people_frame(rows) -> pd.DataFrame:
    """rows: (interviewee_id, function, level[, unique_role])."""
    rows = [tuple(r) + (False,) * (4 - len(r)) for r in rows]
    df = pd.DataFrame(rows, columns=["interviewee_id", "function", "level", "unique_role"])
    df["unique_role"] = df["unique_role"].astype("boolean")
    return df


def codes_frame(rows, coder: str = "consensus") -> pd.DataFrame:
    """rows: (interviewee_id, activity, dimension, value[, coder_id])."""
    out = [(r[4] if len(r) > 4 else coder, r[0], r[1], r[2], str(r[3])) for r in rows]
    return pd.DataFrame(out, columns=["coder_id", "interviewee_id", "activity", "dimension", "value"])


def make_case(spec: dict | None = None, **tables) -> Case:
    """A Case whose spec is BASE_SPEC deep-merged with `spec` (lists replaced); keyword arguments are tables
    (interviewees, codes, ratings, kpis, flows) as DataFrames or, for interviewees/codes, row tuples."""
    if "interviewees" in tables and not isinstance(tables["interviewees"], pd.DataFrame):
        tables["interviewees"] = people_frame(tables["interviewees"])
    if "codes" in tables and not isinstance(tables["codes"], pd.DataFrame):
        tables["codes"] = codes_frame(tables["codes"])
    root = Path("/nonexistent/unit-case")
    return Case(root=root, spec_path=root / "case.yaml", spec=freeze(_merge(BASE_SPEC, spec or {})),
                tables={k: v for k, v in tables.items() if v is not None})


def random_org(seed: int, n_people: int = 40, functions=("fa", "fb", "fc"), levels=("T1", "T2", "T3", "T4"),
               activities=("act_x", "act_y"), p_unique: float = 0.1) -> dict:
    """Random interviewees, consensus codes and ratings for property tests (seeded)."""
    rng = np.random.default_rng(seed)
    ids = [f"P{i:03d}" for i in range(n_people)]
    fun = rng.choice(functions, n_people)
    lev = rng.choice(levels, n_people)
    uniq = rng.random(n_people) < p_unique
    people = people_frame(zip(ids, fun, lev, uniq))
    code_rows = []
    for pid in ids:
        for act in activities:
            inten = int(rng.integers(0, 4)) if rng.random() < 0.6 else 0
            code_rows += [(pid, act, "use", int(inten > 0)), (pid, act, "intensity", inten)]
            if inten:
                for v in rng.choice(["diagnostic", "interactive", "beliefs"], int(rng.integers(1, 3)), replace=False):
                    code_rows.append((pid, act, "purpose", str(v)))
                code_rows.append((pid, act, "collection_method", str(rng.choice(["manual", "automated"]))))
    ratings = pd.DataFrame([(pid, item, float(rng.integers(1, 6))) for pid in ids for item in ("useful", "trust")],
                           columns=["interviewee_id", "item", "score"])
    return {"interviewees": people, "codes": codes_frame(code_rows), "ratings": ratings}


def degenerate_cases() -> dict[str, object]:
    """Cases the analyses must survive with None-and-reason findings, never an exception."""
    one = people_frame([("p0", "fa", "T1", True)])
    ratings = pd.DataFrame([("p0", "useful", 3.0)], columns=["interviewee_id", "item", "score"])
    codes_one = codes_frame([("p0", "act_x", "use", 1), ("p0", "act_x", "intensity", 2)])
    odd_level = people_frame([("p0", "fa", "T9"), ("p1", "zz", "T1")])
    empty_codes = codes_frame([])
    empty_kpis = pd.DataFrame(columns=["interviewee_id", "function", "kpi_name"])
    empty_flows = pd.DataFrame(columns=["from_function", "from_level", "to_function", "to_level"])
    return {
        "nothing": make_case(),
        "interviewees only": make_case(interviewees=one),
        "one person everything": make_case(interviewees=one, codes=codes_one, ratings=ratings),
        "empty tables": make_case(interviewees=one, codes=empty_codes, ratings=ratings.iloc[:0], kpis=empty_kpis,
                                  flows=empty_flows),
        "undeclared ids": make_case(interviewees=odd_level, codes=codes_frame(
            [("p0", "act_q", "use", 1), ("p1", "act_x", "intensity", 3), ("p1", "act_x", "purpose", "other")]),
            ratings=pd.DataFrame([("p1", "x", 9.0), ("p9", "x", 1.0)], columns=["interviewee_id", "item", "score"])),
        "codes without consensus": make_case(interviewees=one, codes=codes_frame(
            [("p0", "act_x", "use", 1, "c1"), ("p0", "act_x", "use", 0, "c2")])),
    }
