"""Interview data: interviewees, coded interviews (consensus and a double-coded subset), ratings, KPIs, flows."""

from __future__ import annotations

import datetime as dt

import numpy as np

from .common import pick, stream, token

FUNCTIONS = ("comms", "mkt", "care", "rnd", "hr", "fin", "sales")
LEVELS = ("L1", "L2", "L3", "L4")
ACTIVITIES = ("monitoring", "reporting", "planning", "decision", "evaluation", "service", "development",
              "branding", "crisis", "competitors", "roi")
# Interviewees per function x level (L1..L4): 72 in all; Finance has 3, several cells hold 1-2 people.
SAMPLE = {"comms": (1, 2, 4, 4), "mkt": (1, 3, 5, 4), "care": (2, 3, 5, 6), "rnd": (1, 2, 3, 2),
          "hr": (1, 1, 2, 2), "fin": (1, 1, 1, 0), "sales": (2, 3, 5, 5)}
UNIQUE_ROLES = {("comms", "L1"), ("fin", "L1")}  # Head of Communication; CFO
USE_BASE = {  # P(use) by function, in ACTIVITIES order
    "comms": (.95, .80, .60, .55, .40, .30, .20, .50, .90, .60, .20),
    "mkt": (.95, .85, .70, .65, .50, .20, .45, .20, .50, .85, .45),
    "care": (.95, .70, .40, .45, .60, .95, .35, .05, .60, .15, .05),
    "rnd": (.35, .15, .20, .25, .05, .05, .55, .00, .05, .30, .00),
    "hr": (.20, .10, .05, .05, .05, .00, .00, .70, .10, .05, .00),
    "fin": (.05, .15, .05, .10, .05, .00, .00, .00, .00, .00, .25),
    "sales": (.50, .35, .30, .30, .35, .40, .15, .00, .15, .40, .10),
}
OPERATIONAL = {"monitoring", "service", "crisis", "competitors", "development", "branding"}
LEVEL_FACTOR = {"L1": (0.2, 0.55), "L2": (0.7, 1.0), "L3": (1.0, 0.8), "L4": (1.1, 0.45)}  # (operational, managerial)
PURPOSE = {"monitoring": "diagnostic", "reporting": "diagnostic", "planning": "interactive",
           "decision": "interactive", "evaluation": "diagnostic", "service": "interactive",
           "development": "interactive", "branding": "beliefs", "crisis": "boundary",
           "competitors": "diagnostic", "roi": "diagnostic"}
METRICS = {"comms": ("conversation", "opinion", "network"), "mkt": ("interaction", "network", "financial"),
           "care": ("opinion", "conversation", "interaction"), "rnd": ("conversation", "opinion"),
           "hr": ("network", "interaction"), "fin": ("financial",), "sales": ("opinion", "financial")}
COLLECTION = {  # P(manual, semi_automated, automated)
    "comms": (.2, .4, .4), "mkt": (.1, .4, .5), "care": (.6, .3, .1), "rnd": (.7, .3, 0),
    "hr": (.9, .1, 0), "fin": (.9, .1, 0), "sales": (.7, .2, .1)}
ANALYSIS = {"comms": ("counts", "sentiment", "content"), "mkt": ("counts", "network", "sentiment"),
            "care": ("counts", "sentiment"), "rnd": ("content", "counts"), "hr": ("counts",),
            "fin": ("counts",), "sales": ("counts", "sentiment")}
MATURE = {"comms", "mkt", "care"}


def weekdays(start: dt.date, end: dt.date) -> list[dt.date]:
    days = [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]
    return [d for d in days if d.weekday() < 5]


def site(rng: np.random.Generator, function: str, level: str) -> str:
    if function == "care" and level in ("L3", "L4"):
        return "Bologna contact centre"
    if function == "sales" and level in ("L3", "L4"):
        return pick(rng, ("Stores North", "Stores Centre"))
    return "Milan HQ"


def unique_ids(rng: np.random.Generator, n: int) -> list[str]:
    ids: list[str] = []
    while len(ids) < n:
        new = "INT-" + token(rng, 6)
        if new not in ids:
            ids.append(new)
    return ids


def people() -> list[dict]:
    """One dict per interviewee, in function x level order (ids are random tokens, so id order is unrelated)."""
    rng = stream("people")
    cells = [(f, lv) for f in FUNCTIONS for i, lv in enumerate(LEVELS) for _ in range(SAMPLE[f][i])]
    ids = unique_ids(rng, len(cells))
    slots = [d for d in weekdays(dt.date(2026, 3, 2), dt.date(2026, 3, 27)) for _ in range(5)]
    days = rng.choice(len(slots), size=len(cells), replace=False)
    out = []
    for pid, (f, lv), day in zip(ids, cells, days):
        lo, hi = (8, 12) if lv == "L1" else (9, 16)  # in 5-minute units
        out.append({"id": pid, "function": f, "level": lv, "site": site(rng, f, lv),
                    "unique_role": (f, lv) in UNIQUE_ROLES, "date": slots[day],
                    "duration": 5 * int(rng.integers(lo, hi + 1))})
    return out


def interviewee_rows() -> list[list]:
    rows = [[p["id"], p["function"], p["level"], p["site"], "true" if p["unique_role"] else "false",
             p["date"].isoformat(), p["duration"]] for p in people()]
    return sorted(rows)


INTERVIEWEE_HEADER = ["interviewee_id", "function", "level", "site", "unique_role", "interview_date", "duration_min"]


# ----------------------------------------------------------------------------------------- codes
PURPOSES = ("diagnostic", "interactive", "beliefs", "boundary")
DOUBLE_CODED = {"comms": 3, "mkt": 3, "care": 4, "rnd": 2, "hr": 2, "fin": 2, "sales": 3}
FLIP_USE, SHIFT_INTENSITY, SWAP_PURPOSE = 0.03, 0.15, 0.08


def use_probability(function: str, level: str, activity: str) -> float:
    operational, managerial = LEVEL_FACTOR[level]
    factor = operational if activity in OPERATIONAL else managerial
    if level == "L1" and activity == "reporting":
        factor = 1.0  # senior managers receive SMI in upward reports, little else
    return min(USE_BASE[function][ACTIVITIES.index(activity)] * factor, 0.97)


def some_of(rng: np.random.Generator, options: tuple, p_second: float) -> list[str]:
    first = pick(rng, options)
    if len(options) > 1 and rng.random() < p_second:
        return sorted({first, pick(rng, [o for o in options if o != first])})
    return [first]


def consensus_unit(rng: np.random.Generator, function: str, level: str, activity: str) -> dict:
    if rng.random() >= use_probability(function, level, activity):
        return {"use": ["0"], "intensity": ["0"]}
    probs = (.25, .45, .30) if function in MATURE else (.6, .3, .1)
    primary = PURPOSE[activity]
    if level == "L1" and primary == "interactive" and rng.random() < 0.6:
        primary = "diagnostic"  # top management rarely uses SMI interactively (vertical symptom, M5)
    purpose = [primary]
    if rng.random() < 0.2:
        purpose = sorted({primary, pick(rng, PURPOSES)})
    return {"use": ["1"], "intensity": [str(int(rng.choice([1, 2, 3], p=probs)))], "purpose": purpose,
            "metric_category": some_of(rng, METRICS[function], 0.3),
            "collection_method": [str(rng.choice(("manual", "semi_automated", "automated"), p=COLLECTION[function]))],
            "analysis_method": some_of(rng, ANALYSIS[function], 0.3)}


def coder_unit(rng: np.random.Generator, unit: dict, activity: str) -> dict:
    """An independent coder's reading of the same interview: use, intensity, purpose with realistic slips."""
    used = unit["use"] == ["1"]
    if rng.random() < FLIP_USE:
        used = not used
        if not used:
            return {"use": ["0"], "intensity": ["0"]}
        if unit["use"] == ["0"]:
            return {"use": ["1"], "intensity": ["1"], "purpose": [PURPOSE[activity]]}
    if not used:
        return {"use": ["0"], "intensity": ["0"]}
    level = int(unit["intensity"][0])
    if rng.random() < SHIFT_INTENSITY:
        level = int(np.clip(level + pick(rng, (-1, 1)), 1, 3))
    purpose = list(unit["purpose"])
    if rng.random() < SWAP_PURPOSE:
        purpose = [pick(rng, [p for p in PURPOSES if p != purpose[0]])]
    return {"use": ["1"], "intensity": [str(level)], "purpose": purpose}


def unit_rows(pid: str, coder: str, activity: str, unit: dict) -> list[list]:
    return [[pid, coder, activity, dim, v] for dim, values in unit.items() for v in values]


def double_coded_ids(rng: np.random.Generator) -> set[str]:
    chosen = set()
    for f, k in DOUBLE_CODED.items():
        ids = sorted(p["id"] for p in people() if p["function"] == f)
        chosen.update(str(i) for i in rng.choice(ids, size=k, replace=False))
    return chosen


def code_rows() -> list[list]:
    rng, rng2 = stream("codes"), stream("double")
    double = double_coded_ids(rng2)
    rows = []
    for p in people():
        for activity in ACTIVITIES:
            unit = consensus_unit(rng, p["function"], p["level"], activity)
            rows += unit_rows(p["id"], "consensus", activity, unit)
            if p["id"] in double:
                for coder in ("C1", "C2"):
                    rows += unit_rows(p["id"], coder, activity, coder_unit(rng2, unit, activity))
    return sorted(rows)


CODES_HEADER = ["interviewee_id", "coder_id", "activity", "dimension", "value"]


# --------------------------------------------------------------------------------------- ratings
ITEMS = ("useful", "trust", "shared_kpis", "timely")
# Mean score by item for (management L1-L2, operations L3-L4): managers trust and value SMI less.
MEAN_RATING = {"useful": (3.0, 3.9), "trust": (2.5, 3.4), "shared_kpis": (2.4, 2.6), "timely": (3.3, 4.1)}
FUNCTION_SHIFT = {"comms": .3, "mkt": .2, "care": .3, "rnd": -.2, "hr": -.4, "fin": -.7, "sales": 0.0}
RATING_SD = {"care": .45, "mkt": .55, "comms": .7, "hr": .8, "rnd": .9, "fin": .8, "sales": 1.25}
N_SKIPPED_RATINGS = 3  # items an interviewee declined to rate


def rating_rows() -> list[list]:
    rng = stream("ratings")
    rows = []
    for p in people():
        side = 0 if p["level"] in ("L1", "L2") else 1
        attitude = rng.normal(0, 0.3)
        for item in ITEMS:
            mean = MEAN_RATING[item][side] + FUNCTION_SHIFT[p["function"]] + attitude
            score = int(np.clip(np.rint(mean + rng.normal(0, RATING_SD[p["function"]])), 1, 5))
            rows.append([p["id"], item, score])
    skipped = set(rng.choice(len(rows), size=N_SKIPPED_RATINGS, replace=False).tolist())
    return sorted(r for i, r in enumerate(rows) if i not in skipped)


RATINGS_HEADER = ["interviewee_id", "item", "score"]


# ------------------------------------------------------------------------------------------ kpis
KPI_SETS = {  # function -> (kpi_name, Agostino & Sidorova family, frequency)
    "mkt": (("reach", "network", "weekly"), ("engagement_rate", "interaction", "weekly"),
            ("share_of_voice", "conversation", "monthly"), ("follower_growth", "network", "monthly"),
            ("campaign_conversions", "financial", "weekly"), ("cost_per_engagement", "financial", "monthly"),
            ("social_roi", "financial", "quarterly")),
    "comms": (("reach", "network", "weekly"), ("share_of_voice", "conversation", "monthly"),
              ("sentiment_score", "opinion", "weekly"), ("mentions_volume", "conversation", "daily"),
              ("earned_media_value", "financial", "monthly"), ("engagement_rate", "interaction", "weekly")),
    "care": (("response_time", "interaction", "daily"), ("complaint_volume", "conversation", "daily"),
             ("social_resolution_rate", "interaction", "weekly"), ("net_sentiment", "opinion", "weekly"),
             ("csat_social", "opinion", "monthly")),
    "rnd": (("product_mentions", "conversation", "monthly"), ("feature_requests", "conversation", "ad_hoc"),
            ("review_rating", "opinion", "monthly")),
    "hr": (("employer_brand_mentions", "conversation", "monthly"), ("linkedin_followers", "network", "monthly"),
           ("applications_from_social", "interaction", "quarterly"), ("glassdoor_rating", "opinion", "quarterly")),
    "fin": (("social_media_spend", "financial", "monthly"), ("social_roi", "financial", "quarterly")),
    "sales": (("review_rating", "opinion", "weekly"), ("store_mentions", "conversation", "weekly"),
              ("promo_redemptions", "financial", "weekly"), ("local_sentiment", "opinion", "monthly")),
}
# KPIs that also travel to another function (function, level): the few cross-function channels.
CROSS_REPORTING = {("mkt", "share_of_voice"): ("comms", "L2"), ("comms", "sentiment_score"): ("mkt", "L2"),
                   ("mkt", "social_roi"): ("fin", "L1"), ("care", "complaint_volume"): ("comms", "L3")}


def reported_to(rng: np.random.Generator, function: str, level: str, kpi: str) -> tuple[str, str]:
    if (function, kpi) in CROSS_REPORTING and rng.random() < 0.5:
        return CROSS_REPORTING[(function, kpi)]
    if level == "L1":
        return "", ""  # reported to the board, outside the interview frame
    up = LEVELS[LEVELS.index(level) - 1]
    if function == "fin" and level == "L3":
        up = "L2"
    return function, up


def users() -> dict[str, bool]:
    """Interviewees with any consensus use of SMI (only they name SMI KPIs)."""
    used = {r[0] for r in code_rows() if r[1] == "consensus" and r[3] == "use" and r[4] == "1"}
    return {p["id"]: p["id"] in used for p in people()}


def kpi_rows() -> list[list]:
    rng, uses = stream("kpis"), users()
    rows = []
    for p in people():
        if not uses[p["id"]]:
            continue
        options = KPI_SETS[p["function"]]
        k = 1 + int(rng.binomial(2 if p["function"] in MATURE else 1, 0.5))
        for i in sorted(rng.choice(len(options), size=min(k, len(options)), replace=False)):
            name, family, freq = options[i]
            freq = "monthly" if p["level"] == "L1" and freq in ("daily", "weekly") else freq
            to_f, to_l = reported_to(rng, p["function"], p["level"], name)
            rows.append([p["id"], p["function"], name, family, freq, to_f, to_l])
    return sorted(rows)


KPIS_HEADER = ["interviewee_id", "function", "kpi_name", "kpi_category", "frequency", "reported_to_function",
               "reported_to_level"]


# ----------------------------------------------------------------------------------------- flows
# HR produces SMI (employer branding) but sends it nowhere: the isolated producer. Few flows reach L1.
FLOWS = (
    ("care", "L4", "care", "L3", "dashboard", 20), ("care", "L3", "care", "L2", "report", 4),
    ("care", "L2", "care", "L1", "report", 1), ("care", "L3", "comms", "L3", "email", 4),
    ("comms", "L4", "comms", "L3", "dashboard", 20), ("comms", "L3", "comms", "L2", "report", 4),
    ("comms", "L2", "comms", "L1", "email", 4), ("comms", "L2", "mkt", "L2", "report", 1),
    ("mkt", "L4", "mkt", "L3", "dashboard", 20), ("mkt", "L3", "mkt", "L2", "report", 4),
    ("mkt", "L2", "mkt", "L1", "meeting", 1), ("mkt", "L3", "comms", "L3", "dashboard", 4),
    ("mkt", "L2", "sales", "L2", "email", 2), ("mkt", "L2", "fin", "L2", "report", 0.33),
    ("sales", "L4", "sales", "L3", "email", 4), ("sales", "L3", "sales", "L2", "report", 2),
    ("rnd", "L3", "rnd", "L2", "report", 1), ("rnd", "L2", "mkt", "L2", "meeting", 0.33),
)


def flow_rows() -> list[list]:
    return sorted([list(f) for f in FLOWS])


FLOWS_HEADER = ["from_function", "from_level", "to_function", "to_level", "artefact", "frequency_per_month"]

