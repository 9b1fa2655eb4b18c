"""Generate the demo engagement's data (fictional "Demo Retail S.p.A.", codename Heron) and the benchmark
reference set. Deterministic: `python cases/demo/generate.py` rewrites cases/demo/data/*.csv and
cases/_reference/cases.csv byte-identically on every run; `--out DIR` writes DIR/demo/data/ and
DIR/_reference/ instead. Every table draws from its own stream numpy default_rng([2026, k]) so that changing
one table never reshuffles the others.

Planted truth (what the analyses should recover)
------------------------------------------------
Latent customer satisfaction, monthly, 2024-03 (burn-in) .. 2026-03, standardised units:
    s_t = PHI * s_{t-1} + eta_t,   PHI = 0.6,   eta_t ~ N(0, 1),   s_0 ~ N(0, 1/(1 - PHI^2)).
Posts (2024-04-01 .. 2026-03-31, Europe/Rome local time): daily volume ~ Poisson(BASE_PER_DAY x season x
    weekday x exp(-0.12 s_t)) (complaints raise volume); a customer post's polarity is an ordered probit on
    z = POLARITY_BETA * (s_t + d) + e, d ~ N(0, DAY_SD) a day shock, e ~ N(0, 1): negative if z < NEG_CUT
    (-0.25), positive if z > POS_CUT (0.6), else neutral. Texts come from phrases.py (VADER-checked), so monthly mean VADER
    compound tracks s_t; HARD_NEGATIVE_SHARE of negative posts use phrases VADER misreads (domain words,
    sarcasm). The export's own `sentiment` score is the true polarity with TOOL_ERROR misclassified.
CSAT (phone survey, 0-100): value_t = CSAT_MEAN + CSAT_LOAD * (W_SAME * s_t + W_LEAD * s_{t-1}) + u_t +
    sampling error, u_t ~ N(0, CSAT_NONSAMPLING_SD), sampling error ~ N(0, sd_t * sqrt(deff / n_t)),
    deff 1.2, n_t ~ U{300..400}, sd_t ~ U(15, 18). So SMI partly leads CSAT by one month (W_LEAD) and the
    same-month correlation is positive (realised r, VADER monthly mean vs CSAT: see tests/test_demo_data.py).
    Published 14-21 days after the month end (a weekend release moves to Monday), except 2026-03 (early release for the engagement, 9 days, so
    that everything in the file was available on the report date 2026-04-10).
Interviews: use propensities USE_BASE[function][activity] x LEVEL_FACTOR[level][activity group]; ratings
    means MEAN_RATING[item][mgmt|ops] + FUNCTION_SHIFT, noise sd RATING_SD[function] (agreement differs).
Export glitches: the posts export is paginated in pages of PAGE_SIZE rows and repeats the last row of each
    page at the top of the next one (duplicate ids).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import phrases as P  # noqa: E402  (sibling data module)

SEED = 2026
PHI, POLARITY_BETA, DAY_SD, NEG_CUT, POS_CUT = 0.6, 0.35, 0.35, -0.25, 0.6
BASE_PER_DAY, HARD_NEGATIVE_SHARE, TOOL_ERROR = 41.0, 0.12, 0.15
CSAT_MEAN, CSAT_LOAD, W_SAME, W_LEAD, CSAT_NONSAMPLING_SD = 74.0, 1.2, 0.6, 0.45, 1.6
PAGE_SIZE = 750
FIRST_MONTH, N_MONTHS = (2024, 4), 24
BRAND, BRAND_HANDLE = "Heron", "HeronStores"
STREAMS = {"latent": 1, "posts": 2, "csat": 3, "people": 4, "codes": 5, "ratings": 6, "kpis": 7,
           "reference": 8, "double": 9}

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
ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


# ----------------------------------------------------------------------------------------- helpers
def stream(name: str) -> np.random.Generator:
    return np.random.default_rng([SEED, STREAMS[name]])


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def months() -> list[dt.date]:
    y, m = FIRST_MONTH
    return [dt.date(y + (m - 1 + k) // 12, (m - 1 + k) % 12 + 1, 1) for k in range(N_MONTHS)]


def month_end(first: dt.date) -> dt.date:
    nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def latent_series() -> np.ndarray:
    """Monthly latent satisfaction, index 0 = burn-in month before FIRST_MONTH."""
    rng = stream("latent")
    s = np.empty(N_MONTHS + 1)
    s[0] = rng.normal(0, 1 / np.sqrt(1 - PHI**2))
    for t in range(1, N_MONTHS + 1):
        s[t] = PHI * s[t - 1] + rng.normal()
    return s


def token(rng: np.random.Generator, n: int, alphabet: str = ID_ALPHABET) -> str:
    return "".join(alphabet[i] for i in rng.integers(0, len(alphabet), n))


# ------------------------------------------------------------------------------------ timestamps
def last_sunday(year: int, month: int) -> dt.date:
    d = month_end(dt.date(year, month, 1))
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


def rome_offset(utc: dt.datetime) -> int:
    """EU rule: CEST (+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October."""
    start = dt.datetime.combine(last_sunday(utc.year, 3), dt.time(1))
    end = dt.datetime.combine(last_sunday(utc.year, 10), dt.time(1))
    return 2 if start <= utc < end else 1


def local_to_iso(local: dt.datetime) -> tuple[str, dt.datetime]:
    """Naive Rome wall time -> (ISO string with offset, naive UTC). Non-existent spring times shift to a valid instant."""
    utc = local - dt.timedelta(hours=rome_offset(local - dt.timedelta(hours=1)))
    off = rome_offset(utc)
    return (utc + dt.timedelta(hours=off)).strftime("%Y-%m-%dT%H:%M:%S") + f"+0{off}:00", utc


def snowflake(utc: dt.datetime, rng: np.random.Generator) -> str:
    """A Twitter-like 19-digit id: milliseconds since 2010-11-04 shifted left 22 bits, plus random low bits."""
    ms = int((utc - dt.datetime(2010, 11, 4, 1, 42, 54, 657000)).total_seconds() * 1000)
    return str((ms << 22) | int(rng.integers(0, 1 << 22)))


# ----------------------------------------------------------------------------------------- posts
HOUR_WEIGHTS = np.array([2, 1, .5, .3, .3, .5, 1, 2.5, 4, 5, 5.5, 6, 7, 7, 6, 5.5, 5.5, 6, 7, 8, 8.5, 8, 6, 4])
SEASON = {1: .95, 2: .9, 3: 1.0, 4: 1.0, 5: 1.0, 6: .95, 7: .9, 8: .75, 9: 1.0, 10: 1.05, 11: 1.35, 12: 1.3}
WEEKDAY = (1.05, 1.0, 1.0, 1.0, 1.0, 1.1, 0.85)
N_AUTHORS, AUTHOR_OFFSET, AUTHOR_EXPONENT = 16000, 10.0, 0.85
BANKS = {-1: (P.NEGATIVE, P.NEGATIVE_ADDONS), 0: (P.NEUTRAL, P.NEUTRAL_ADDONS), 1: (P.POSITIVE, P.POSITIVE_ADDONS)}
ITALIAN_POLARITY = (-1, 1, -1, 1, -1, -1, 0, 1)
PII_POLARITY = (-1, -1, -1, -1, -1, -1, 1, 1)
N_ITALIAN, N_PII = 14, 32


def pick(rng: np.random.Generator, seq):
    return seq[int(rng.integers(0, len(seq)))]


def handle(rng: np.random.Generator) -> str:
    return f"@{pick(rng, P.FIRST_NAMES)}_{pick(rng, P.SURNAMES)[0]}{int(rng.integers(10, 100))}"


def url(rng: np.random.Generator) -> str:
    return "https://t.co/" + token(rng, 10, "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789")


def polarity(rng: np.random.Generator, s: float) -> int:
    z = POLARITY_BETA * s + rng.normal()
    return -1 if z < NEG_CUT else (1 if z > POS_CUT else 0)


def customer_text(rng: np.random.Generator, pol: int) -> str:
    bank, addons = BANKS[pol]
    core = pick(rng, P.HARD_NEGATIVE) if pol == -1 and rng.random() < HARD_NEGATIVE_SHARE else pick(rng, bank)
    addon = pick(rng, addons)
    text = core + ("." if addon[1:2].isupper() and core[-1] not in ".?!" else "") + addon
    if rng.random() < 0.35:
        text = pick(rng, P.CONTEXTS) + " " + text
    r = rng.random()
    if r < 0.45:
        text = f"@{BRAND_HANDLE} " + text
    elif r < 0.48:
        text = handle(rng) + " " + text
    if rng.random() < 0.04:
        text += " " + url(rng)
    return text


def tool_score(rng: np.random.Generator, pol: int) -> str:
    """The listening tool's own score: true polarity, TOOL_ERROR of the time a random class instead."""
    if rng.random() < TOOL_ERROR:
        pol = int(rng.integers(-1, 2))
    lo, hi = {-1: (-0.95, -0.25), 0: (-0.15, 0.15), 1: (0.25, 0.95)}[pol]
    return f"{rng.uniform(lo, hi):.2f}"


def brand_post(rng: np.random.Generator) -> tuple[str, int]:
    if rng.random() < 0.65:
        return pick(rng, P.BRAND_ANNOUNCEMENTS), 1
    return handle(rng) + " " + pick(rng, P.BRAND_REPLIES), 0


def retweet(rng: np.random.Generator, s: float) -> tuple[str, int]:
    if rng.random() < 0.5:
        return f"RT @{BRAND_HANDLE}: " + pick(rng, P.BRAND_ANNOUNCEMENTS), 1
    pol = polarity(rng, s)
    return f"RT {handle(rng)}: " + customer_text(rng, pol).removeprefix(f"@{BRAND_HANDLE} "), pol


def author_pool(rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    ids = sorted({"u_" + token(rng, 8, "0123456789abcdef") for _ in range(N_AUTHORS)})
    weights = (np.arange(len(ids)) + AUTHOR_OFFSET) ** -AUTHOR_EXPONENT
    order = rng.permutation(len(ids))  # heavy tail, but the ranks are not in id order
    return [ids[i] for i in order], weights / weights.sum()


def post_times(rng: np.random.Generator, day: dt.date, n: int) -> list[dt.datetime]:
    hours = rng.choice(24, size=n, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    secs = rng.integers(0, 3600, size=n)
    base = dt.datetime.combine(day, dt.time())
    return [base + dt.timedelta(hours=int(h), seconds=int(x)) for h, x in zip(hours, secs)]


def one_post(rng: np.random.Generator, s_day: float, authors, weights) -> tuple[str, str, int, bool]:
    """(text, author, true polarity, is_brand) for one post on a day with satisfaction s_day."""
    u = rng.random()
    if u < 0.012:
        text, pol = brand_post(rng)
        return text, BRAND_HANDLE, pol, True
    author = authors[int(rng.choice(len(authors), p=weights))]
    if u < 0.052:
        text, pol = retweet(rng, s_day)
        return text, author, pol, False
    pol = polarity(rng, s_day)
    return customer_text(rng, pol), author, pol, False


def daily_volume(rng: np.random.Generator, day: dt.date, s_month: float) -> int:
    lam = BASE_PER_DAY * SEASON[day.month] * WEEKDAY[day.weekday()] * np.exp(-0.12 * s_month)
    return int(rng.poisson(lam))


def raw_posts(rng: np.random.Generator, latent: np.ndarray) -> list[dict]:
    authors, weights = author_pool(rng)
    first = months()[0]
    posts = []
    for k in range((month_end(months()[-1]) - first).days + 1):
        day = first + dt.timedelta(days=k)
        m = (day.year - first.year) * 12 + day.month - first.month + 1  # latent index (0 = burn-in)
        s_day = latent[m] + rng.normal(0, DAY_SD)
        for local in post_times(rng, day, daily_volume(rng, day, latent[m])):
            text, author, pol, is_brand = one_post(rng, s_day, authors, weights)
            iso, utc = local_to_iso(local)
            posts.append({"id": snowflake(utc, rng), "utc": utc, "published": iso, "message": text,
                          "author": author, "pol": pol, "brand_account": is_brand})
    return posts


def pii_text(rng: np.random.Generator, template: str) -> str:
    ref = token(rng, 5, "ABCDEFGHJKLMNPQRSTUVWXYZ") + str(int(rng.integers(0, 10)))
    ref = "".join(rng.permutation(list(ref)))
    phone = f"+39 3{int(rng.integers(10, 100))} {int(rng.integers(100, 1000))} {int(rng.integers(1000, 10000))}"
    email = f"{pick(rng, P.FIRST_NAMES)}.{pick(rng, P.SURNAMES)}@example.com"
    return f"@{BRAND_HANDLE} " + template.format(ref=ref, phone=phone, email=email, url=url(rng), handle=handle(rng))


def plant_special_posts(rng: np.random.Generator, posts: list[dict]) -> None:
    """Replace some ordinary customer posts with Italian, personal-data and script posts."""
    ordinary = [i for i, p in enumerate(posts) if not p["brand_account"] and not p["message"].startswith("RT ")]
    chosen = rng.choice(ordinary, size=N_ITALIAN + N_PII + 1, replace=False)
    for k, i in enumerate(chosen[:N_ITALIAN]):
        j = k % len(P.ITALIAN)
        posts[i].update(message=P.ITALIAN[j], pol=ITALIAN_POLARITY[j])
    for k, i in enumerate(chosen[N_ITALIAN:-1]):
        j = k % len(P.PII_TEMPLATES)
        posts[i].update(message=pii_text(rng, P.PII_TEMPLATES[j]), pol=PII_POLARITY[j])
    posts[chosen[-1]].update(message=P.SCRIPT_POST, pol=-1)


def posts_rows() -> list[list]:
    rng = stream("posts")
    posts = raw_posts(rng, latent_series())
    plant_special_posts(rng, posts)
    posts.sort(key=lambda p: (p["utc"], p["id"]))
    rows = [[p["id"], p["published"], p["message"], BRAND, p["author"],
             "true" if p["brand_account"] else "false", tool_score(rng, p["pol"])] for p in posts]
    paged = []
    for start in range(0, len(rows), PAGE_SIZE):  # export glitch: each page repeats the previous page's last row
        if start:
            paged.append(rows[start - 1])
        paged.extend(rows[start:start + PAGE_SIZE])
    return paged


POSTS_HEADER = ["id", "published", "message", "brand", "author", "brand_account", "sentiment"]


# ------------------------------------------------------------------------------------------ CSAT
def csat_rows() -> list[list]:
    rng, s = stream("csat"), latent_series()
    rows = []
    for t, first in enumerate(months(), start=1):
        n, sd, deff = int(rng.integers(300, 401)), round(float(rng.uniform(15, 18)), 1), 1.2
        noise = rng.normal(0, CSAT_NONSAMPLING_SD) + rng.normal(0, sd * np.sqrt(deff / n))
        value = CSAT_MEAN + CSAT_LOAD * (W_SAME * s[t] + W_LEAD * s[t - 1]) + noise
        end = month_end(first)
        fieldwork_end = end - dt.timedelta(days=int(rng.integers(0, 3)))
        lag = 9 if t == N_MONTHS else int(rng.integers(14, 22))
        published = end + dt.timedelta(days=lag)
        published += dt.timedelta(days=(7 - published.weekday()) % 7 if published.weekday() >= 5 else 0)
        rows.append([first.isoformat(), end.isoformat(), f"{value:.1f}", BRAND, n, f"{sd:.1f}",
                     fieldwork_end.isoformat(), published.isoformat(), "1.2"])
    return rows


CSAT_HEADER = ["period_start", "period_end", "value", "brand", "n_respondents", "sd", "fieldwork_end",
               "published_at", "deff"]


# ---------------------------------------------------------------------------------- interviewees
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
MEAN_RATING = {"useful": (3.0, 3.9), "trust": (2.5, 3.4), "shared_kpis": (2.4, 2.6), "timely": (3.3, 4.1)}  # (mgmt, ops)
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


# ------------------------------------------------------------------------------------- reference
N_REFERENCE = 40
SECTORS = ("J",) * 8 + ("M",) * 7 + ("G",) * 7 + ("C",) * 7 + ("K",) * 6 + ("H",) * 3 + ("Q",) * 2
SIZE_BANDS, SIZE_P = ("<250", "250-999", "1000-4999", ">=5000"), (.15, .30, .30, .25)
ORG_MODELS = ("hub_and_spoke", "centralised", "organic", "multiple_hub_and_spoke", "holistic")
ORG_P, ORG_EFFECT = (.40, .28, .15, .10, .07), (0.2, -0.1, -0.5, 0.5, 0.9)
SECTOR_EFFECT = {"J": 0.4, "M": 0.3, "G": 0.0, "C": -0.3, "K": -0.1, "H": 0.0, "Q": -0.4}


def reference_metrics(rng: np.random.Generator, maturity: float) -> list[str]:
    """hdi, vdi, hi, vai, kpi_jaccard, manual_share from one latent SMI maturity score."""
    def noisy(base, slope, sd, lo, hi):
        return f"{float(np.clip(base + slope * maturity + rng.normal(0, sd), lo, hi)):.3f}"
    return [noisy(.50, .12, .06, .10, .95), noisy(.70, .08, .08, .25, 1.0), noisy(.28, .07, .04, .05, .75),
            noisy(.68, .07, .07, .30, .98), noisy(.17, .06, .05, .0, .60), noisy(.48, -.12, .08, .05, .95)]


def reference_rows() -> list[list]:
    rng = stream("reference")
    sectors = rng.permutation(SECTORS)
    rows = []
    for k, sector in enumerate(sectors, start=1):
        year = int(rng.integers(2015, 2026))
        model = int(rng.choice(len(ORG_MODELS), p=ORG_P))
        maturity = rng.normal() + ORG_EFFECT[model] + SECTOR_EFFECT[str(sector)] + 0.08 * (year - 2020)
        size = str(rng.choice(SIZE_BANDS, p=SIZE_P))
        rows.append([f"REF-{k:02d}", str(sector), size, year, ORG_MODELS[model]] + reference_metrics(rng, maturity))
    return rows


REFERENCE_HEADER = ["case_id", "sector", "size_band", "year", "org_model", "hdi", "vdi", "hi", "vai", "kpi_jaccard",
                    "manual_share"]


# ------------------------------------------------------------------------------------------ main
def write_all(cases_root: Path) -> list[Path]:
    data = cases_root / "demo" / "data"
    outputs = {
        data / "interviewees.csv": (INTERVIEWEE_HEADER, interviewee_rows),
        data / "codes.csv": (CODES_HEADER, code_rows),
        data / "ratings.csv": (RATINGS_HEADER, rating_rows),
        data / "kpis.csv": (KPIS_HEADER, kpi_rows),
        data / "flows.csv": (FLOWS_HEADER, flow_rows),
        data / "posts.csv": (POSTS_HEADER, posts_rows),
        data / "csat.csv": (CSAT_HEADER, csat_rows),
        cases_root / "_reference" / "cases.csv": (REFERENCE_HEADER, reference_rows),
    }
    for path, (header, rows) in outputs.items():
        write_csv(path, header, rows())
    return list(outputs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE.parent,
                        help="cases root to write into (default: the repository's cases/ folder)")
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
