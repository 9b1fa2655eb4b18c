"""The social-media export: 24 months of posts whose sentiment follows the latent satisfaction series."""

from __future__ import annotations

import datetime as dt

import numpy as np

from . import phrases as P
from .common import BRAND, BRAND_HANDLE, latent_series, month_end, months, pick, stream, token

POLARITY_BETA, DAY_SD, NEG_CUT, POS_CUT = 0.35, 0.35, -0.25, 0.6
BASE_PER_DAY, HARD_NEGATIVE_SHARE, TOOL_ERROR = 41.0, 0.12, 0.15
PAGE_SIZE = 750


def last_sunday(year: int, month: int) -> dt.date:
    d = month_end(dt.date(year, month, 1))
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


def rome_offset(utc: dt.datetime) -> int:
    """EU rule: CEST (+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October."""
    start = dt.datetime.combine(last_sunday(utc.year, 3), dt.time(1))
    end = dt.datetime.combine(last_sunday(utc.year, 10), dt.time(1))
    return 2 if start <= utc < end else 1


def local_to_iso(local: dt.datetime) -> tuple[str, dt.datetime]:
    """Naive Rome wall time -> (ISO string with offset, naive UTC). The wall times skipped in spring (02:xx) are
    written as 01:xx+01:00, so every string is a real Rome time."""
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
