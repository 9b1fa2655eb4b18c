"""Chapter 2, resilience of the method (methods.md M11): how the SMI-vs-traditional result would change under
every reasonable way of measuring it.

Each specification is computed end to end from post level with the value analysis's own steps: its set-up and
traditional series (value.py), ingestion and brand attribution (posts.py), scorers and their cache (sentiment.py)
and the correlations (correlation.py). For speed, posts are ingested and scored once per scorer; a
specification is then a mask, a weight and a `np.bincount` per unit (period or brand). The joint test recomputes
the whole curve under every circular shift of the SMI series (a time series) or every permutation of the brands
(a cross-section), which keeps autocorrelation and breaks the link.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import special  # not scipy.stats: its import costs ~1 s a build, for the same numbers

from ...findings import Finding, Table
from ..value import correlation as co
from ..value import ingest, posts as po
from . import grid as rg
from ..value import sentiment as se
from ..value import frames, value
from ..chapter1.common import convention
from .common import FACTOR_LABELS, SECTION, Curve, level_label
from .outputs import outputs  # the findings and tables, kept apart to stay readable
from .series import Assigned, smi_series, weighted_median  # noqa: F401 (the series' statistics; tests use them)

MAX_DRAWS = 5040  # 7!: a cross-section of more than 7 brands samples permutations instead of listing them all
CONVENTIONS = [
    {"name": "resilience.robust_same_sign", "value": 0.90,
     "source": "SMAA convention (methods.md M11): Robust needs at least this share of specs with the baseline's sign"},
    {"name": "resilience.robust_p", "value": 0.05,
     "source": "SMAA convention (methods.md M11): Robust needs a joint p below this"},
    {"name": "resilience.fragile_flip", "value": 0.25,
     "source": "SMAA convention (methods.md M11): Fragile when the sign flips in more than this share of specs"},
    {"name": "resilience.fragile_p", "value": 0.20,
     "source": "SMAA convention (methods.md M11): Fragile when the joint p is at least this"},
    {"name": "resilience.alpha", "value": 0.05,
     "source": "SMAA convention (methods.md M11): a specification counts as significant when p < alpha"},
]


def _in_sentence(label: str) -> str:
    return label if label.startswith("SMI") else label[:1].lower() + label[1:]


def F(key: str, label: str, value_, **kw) -> Finding:
    return Finding(key, label, value_, section=SECTION, **kw)


# --- inputs: posts once, scores once per scorer, units once per (window, entity) ----------------------------------

@dataclass
class Units:
    """Posts assigned to units (a post may sit in several overlapping fieldwork windows), the traditional value
    per unit, and each unit's series (brand) and position in it, for lags and circular shifts."""

    post: np.ndarray
    unit: np.ndarray
    y: np.ndarray
    group: np.ndarray
    pos: np.ndarray
    labels: list
    pair: np.ndarray  # unit × author code of each assignment, for one-author-one-vote weights

    @property
    def size(self) -> int:
        return self.y.size

    def lagged(self, lag: int) -> tuple[np.ndarray, np.ndarray]:
        """Unit pairs (SMI unit, traditional unit `lag` periods later in the same series)."""
        key = {(g, p): i for i, (g, p) in enumerate(zip(self.group, self.pos))}
        b = np.array([key.get((g, p + lag), -1) for g, p in zip(self.group, self.pos)], dtype=int)
        return np.flatnonzero(b >= 0), b[b >= 0]


def prepared_posts(case, s: value.Setup, trad: pd.DataFrame) -> pd.DataFrame:
    """Every post the choices might count: retweets and brand posts kept and flagged, dropped per spec."""
    opts = po.PostsOptions(**{**s.posts.__dict__, "known_brands": tuple(value._brands(trad)),
                              "retweets": "include", "brand_posts": "include", "text": False,
                              "drop": ("post_id", "created_at", "created_utc", "entity", "other_language")})
    return frames.bare(ingest.prepare(case.tables["posts"], opts, last=True)[0])  # the last chapter to read them


def keep_mask(posts: pd.DataFrame, retweets: str, brand_posts: str) -> np.ndarray:
    keep = np.ones(len(posts), dtype=bool)
    if retweets == "exclude":
        keep &= ~posts["is_retweet"].to_numpy(bool)
    if brand_posts == "exclude":
        keep &= ~posts["is_brand_author"].to_numpy(bool)
    return keep


def scores_by_scorer(posts: pd.DataFrame, scorers, cache: Path) -> dict:
    """(score, class) arrays per scorer, for every post (a text's score does not depend on the posts around it)."""
    out = {}
    for name in scorers:
        scores = se.score_posts(posts, name, cache)[0]
        out[name] = (scores, se.classify(np.nan_to_num(scores)))
    return out


def _assign(post_keys: dict, unit_keys: pd.DataFrame, among: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(post, unit) pairs, sorted by post then unit, of the posts (all, or those `among`) whose keys equal a unit's;
    a post with a missing key sits in no unit. Unique unit keys (the calendar's) are looked up as integer codes."""
    n = len(next(iter(post_keys.values())))
    ok = np.ones(n, bool) if among is None else among.copy()
    if unit_keys.duplicated().any():  # a post may then sit in several units
        return _assign_merge(post_keys, unit_keys, ok)
    code, unit_code = np.zeros(n, np.int64), np.zeros(len(unit_keys), np.int64)
    for col in unit_keys.columns:
        levels = pd.Index(pd.unique(unit_keys[col]))
        values = pd.Series(post_keys[col])
        found = levels.get_indexer(values)
        ok &= (found >= 0) & values.notna().to_numpy()
        code, unit_code = code * len(levels) + found, unit_code * len(levels) + levels.get_indexer(unit_keys[col])
    unit = pd.Index(unit_code).get_indexer(code)  # -1 where the combination is no unit (a brand's missing period)
    post = np.flatnonzero(ok & (unit >= 0))
    return post, unit[post]


def _assign_merge(post_keys: dict, unit_keys: pd.DataFrame, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    columns = {k: pd.Series(v) for k, v in post_keys.items()}
    left = pd.DataFrame({k: v if v.dtype.kind == "M" else v.astype(object) for k, v in columns.items()})[ok].dropna()
    left = left.assign(_p=left.index.to_numpy())
    right = unit_keys.assign(_u=np.arange(len(unit_keys)))
    m = left.merge(right, on=list(unit_keys.columns), how="inner", sort=False).sort_values(["_p", "_u"])
    return m["_p"].to_numpy(int), m["_u"].to_numpy(int)


def _fieldwork(posts: pd.DataFrame, t: pd.DataFrame, by: list[str], among: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """(post, unit) pairs of the posts (all, or those `among`: positions in `posts`) dated within each window."""
    dates = posts["date"].to_numpy("datetime64[ns]")
    p, u = [], []
    for i, w in enumerate(t.to_dict("records")):
        hit = (dates >= np.datetime64(w["period_start"], "ns")) & (dates <= np.datetime64(w["period_end"], "ns"))
        if among is not None:
            hit &= among
        for b in by:
            hit &= (posts[b] == w[b]).fillna(False).to_numpy(bool)
        p.append(np.flatnonzero(hit))
        u.append(np.full(p[-1].size, i))
    return np.concatenate(p).astype(int), np.concatenate(u).astype(int)


def _calendar(trad: pd.DataFrame, window: str, s: value.Setup, by: list[str]) -> pd.DataFrame:
    """Traditional units on the window's calendar: the survey's own rows at its period (as value.align does),
    re-aggregated by respondents (weights n_respondents when given) to a coarser window."""
    t = trad.assign(key=co.period_starts(trad["period_start"], window).to_numpy(),
                    y=co.traditional_values(trad)["traditional"].to_numpy())
    if window == s.period:
        return t
    w = pd.to_numeric(t["n_respondents"], errors="coerce") if "n_respondents" in t else pd.Series(1.0, index=t.index)
    t = t.assign(_w=w.where(w > 0, np.nan).fillna(1.0), _wy=lambda d: d["_w"] * d["y"]).dropna(subset=["y"])
    g = t.groupby(by + ["key"], sort=True)[["_w", "_wy"]].sum().reset_index()
    return g.assign(y=g["_wy"] / g["_w"], period_start=g["key"])


def build_units(posts: pd.DataFrame, entity: pd.Series, trad: pd.DataFrame, window, s: value.Setup,
                authors: np.ndarray) -> Units:
    if s.design == "cross_section":
        brands = sorted(trad["brand"].astype(str))
        y = co.traditional_values(trad.assign(brand=trad["brand"].astype(str)).set_index("brand").loc[brands]
                                  .reset_index())["traditional"].to_numpy(float)
        post, unit = _assign({"brand": entity}, pd.DataFrame({"brand": brands}))
        group, pos, labels = np.arange(len(brands)), np.zeros(len(brands), int), brands
    else:
        by = ["brand"] if s.design == "panel" else []
        t = trad.assign(brand=trad["brand"].astype(str)) if by else trad
        focus = None
        if s.design == "time_series" and s.brand is not None:
            focus = (entity == s.brand).fillna(False).to_numpy(bool)  # value.focus_posts: the company's posts only
        if window == "fieldwork":
            p = pd.DataFrame({"brand": entity.astype(object).where(entity.notna(), None), "date": posts["date"]})
            t = t.assign(y=co.traditional_values(t)["traditional"].to_numpy()).sort_values(by + ["period_start"])
            t = t.reset_index(drop=True)
            post, unit = _fieldwork(p, t, by, focus)
        else:
            t = _calendar(t, window, s, by).sort_values(by + ["period_start"], kind="mergesort").reset_index(drop=True)
            keys = {b: entity for b in by} | {"key": co.period_starts(posts["date"], window).to_numpy()}
            post, unit = _assign(keys, t[by + ["key"]], focus)
        group = pd.factorize(t["brand"])[0] if by else np.zeros(len(t), int)
        pos = t.groupby(group).cumcount().to_numpy() if len(t) else np.zeros(0, int)
        stamp = co.period_label(pd.to_datetime(t["period_start"]), "day" if window == "fieldwork" else window)
        labels = [f"{b} {x}" for b, x in zip(t["brand"], stamp)] if by else list(stamp)
        y = t["y"].to_numpy(float)
    pair = pd.factorize(unit.astype(np.int64) * (authors.max() + 1) + authors[post])[0]
    return Units(post, unit, y, np.asarray(group), np.asarray(pos), labels, pair)


def author_codes(posts: pd.DataFrame) -> np.ndarray:
    """Author code per post; a post without an author counts as its own author."""
    if "author_id" not in posts:
        return np.arange(len(posts))
    codes = pd.factorize(posts["author_id"])[0]
    missing = codes < 0
    codes[missing] = codes.max() + 1 + np.arange(missing.sum())
    return codes


# --- the curve under every null draw ---------------------------------------------------------------------------

def shift_draws(units: Units, n_ref: int, max_lag: int = 0) -> np.ndarray:
    """Draw d shifts every series circularly by the same share d/n_ref of its length (draw 0: no shift). Shifts
    within ±max_lag of no shift are left out: paired with a declared lag they would re-create a real alignment."""
    lengths = np.bincount(units.group)
    start = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    order = np.lexsort((units.pos, units.group))  # index of the unit at (group, pos) in sorted order
    rows = []
    for d in [0] + list(range(max_lag + 1, n_ref - max_lag)):
        k = np.rint(d * lengths / n_ref).astype(int) % np.maximum(lengths, 1)
        g = units.group
        rows.append(order[start[g] + (units.pos - k[g]) % lengths[g]])
    return np.array(rows, dtype=int)


def permutation_draws(size: int, seed: int) -> np.ndarray:
    """All permutations of the brands (identity first), or the identity and MAX_DRAWS − 1 seeded ones."""
    if math.factorial(size) <= MAX_DRAWS:
        return np.array(list(itertools.permutations(range(size))), dtype=int).reshape(-1, size)
    rng = np.random.default_rng(seed)
    return np.vstack([np.arange(size)] + [rng.permutation(size) for _ in range(MAX_DRAWS - 1)])


def masked_corr(x: np.ndarray, y: np.ndarray, ranks: bool) -> tuple[np.ndarray, np.ndarray]:
    """Row-wise Pearson r (or Spearman ρ, on average ranks) over the finite pairs of each row; (r, n)."""
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = np.where(ok, x, np.nan), np.where(ok, y, np.nan)
    if ranks:
        x, y = _row_ranks(x), _row_ranks(y)
    n = ok.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        dx = np.where(ok, x - np.nansum(x, axis=1, keepdims=True) / n[:, None], 0.0)
        dy = np.where(ok, y - np.nansum(y, axis=1, keepdims=True) / n[:, None], 0.0)
        r = (dx * dy).sum(axis=1) / np.sqrt((dx * dx).sum(axis=1) * (dy * dy).sum(axis=1))
    r = np.where(n >= 3, np.clip(r, -1.0, 1.0), np.nan)
    return r, n


def _row_ranks(x: np.ndarray) -> np.ndarray:
    """Average ranks along each row, NaN left NaN (what scipy's rankdata gives with nan_policy "omit")."""
    return pd.DataFrame(x).rank(axis=1, method="average").to_numpy(float)


def significant(r: np.ndarray, n: np.ndarray, alpha: float) -> np.ndarray:
    """p < alpha by the t test of correlation.t_test, and only where M9 allows inference (n ≥ 6)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        df = n - 2.0
        t = np.abs(r) * np.sqrt(df / np.maximum(1 - r * r, 0))
        p = 2 * special.stdtr(df, -t)  # Student's t survival function
    return np.isfinite(r) & (n >= co.MIN_INFERENCE) & (np.where(np.abs(r) >= 1, 0.0, p) < alpha)


SERIES_FACTORS = [f for f in rg.FACTORS if f != "lag"]  # the lag only pairs the units differently


def compute(case, s: value.Setup, trad: pd.DataFrame, decl: rg.Declaration, specs: list[dict],
            posts: pd.DataFrame, alpha: float) -> Curve:
    scores = scores_by_scorer(posts, sorted({sp["scorer"] for sp in specs}), value.cache_dir(case))
    authors = author_codes(posts)
    units = {}
    for w, e in sorted({(sp["window"], sp["entity"]) for sp in specs}, key=str):
        entity = po.resolve_entity(posts, e, posts["mentioned_brand"], s.posts.brand_map)
        units[(w, e)] = build_units(posts, entity, trad, w, s, authors)
    draws = null_draws(units, s, max(int(sp["lag"]) for sp in specs))
    series = all_series(specs, units, scores, posts, s.n_min, decl.baseline["statistic"])
    est, sig, corr = [], [], []
    for sp in specs:
        key = tuple(sp[f] for f in SERIES_FACTORS)
        u = units[(sp["window"], sp["entity"])]
        a, b = u.lagged(int(sp["lag"]))
        x, d = series[key], draws[(sp["window"], sp["entity"])]
        xs = x[d][:, a]
        r, n = masked_corr(xs, np.broadcast_to(u.y[b], xs.shape), decl.outcome == "spearman_rho")
        est.append(r)
        sig.append(significant(r, n, alpha))
        corr.append((co.pearson if decl.outcome == "pearson_r" else co.spearman)(x[a], u.y[b]))
    return Curve(specs, np.column_stack(est), np.column_stack(sig), corr, series, units)


def all_series(specs: list[dict], units: dict, scores: dict, posts: pd.DataFrame, n_min: int,
               baseline_statistic: str) -> dict:
    """Every specification's SMI series (keyed by its SERIES_FACTORS, turned to the baseline's direction), made one
    (units, scorer) and one set of counted posts at a time: each is shared by every statistic, weighting and
    outlier rule that reads it, and freed once they are done (at a million posts its arrays are large)."""
    wanted: dict = {}
    for sp in specs:
        where, kept = ((sp["window"], sp["entity"]), sp["scorer"]), (sp["retweets"], sp["brand_posts"])
        wanted.setdefault(where, {}).setdefault(kept, {})[tuple(sp[f] for f in SERIES_FACTORS)] = sp
    series = {}
    for (where, scorer), by_kept in wanted.items():
        assigned = Assigned(units[where], *scores[scorer])
        for (retweets, brand_posts), keys in by_kept.items():
            kept = assigned.kept(keep_mask(posts, retweets, brand_posts))
            for key, sp in keys.items():
                x = kept.statistic(sp["statistic"], sp["weighting"], sp["outliers"], n_min)
                series[key] = x * rg.POLARITY.get(sp["statistic"], 1) * rg.POLARITY.get(baseline_statistic, 1)
            del kept  # before the next set's arrays are made
        del assigned
    return series


def null_draws(units: dict, s: value.Setup, max_lag: int) -> dict:
    """Unit permutations per (window, entity), row 0 the identity: circular shifts by the same share of time
    for every window of a time series or panel (none closer than the largest lag); brand permutations for a
    cross-section."""
    if s.design == "cross_section":
        size = next(iter(units.values())).size
        return {k: permutation_draws(size, s.seed) for k in units}
    n_ref = min(int(np.bincount(u.group).max()) for u in units.values())
    return {k: shift_draws(u, n_ref, max_lag) for k, u in units.items()}


# --- findings ----------------------------------------------------------------------------------------------------

def availability(case, s: value.Setup, posts: pd.DataFrame) -> rg.Availability:
    dt = dict(case.settings.data.get("traditional") or {})
    has = lambda col: bool(col in posts and posts[col].notna().any())  # noqa: E731
    labels = has("label") and bool(np.isfinite(se.label_scores(posts["label"])).any())
    baseline = {"scorer": s.scorer, "window": None if s.design == "cross_section" else s.period,
                "statistic": s.measure, "retweets": s.posts.retweets, "brand_posts": s.posts.brand_posts,
                "outliers": "none", "weighting": "post", "entity": s.entity, "lag": 0}
    return rg.Availability(design=s.design, labels=labels, scores=has("score"), authors=has("author_id"),
                           brand_accounts=bool(s.posts.brand_accounts), brand_declared=s.brand is not None,
                           period=s.period if s.design != "cross_section" else dt.get("period", s.period),
                           baseline=baseline, primary=s.primary)


def thresholds(spec) -> rg.Thresholds:
    c = lambda name, d: float(convention(spec, f"resilience.{name}", d))  # noqa: E731
    return rg.Thresholds(c("robust_same_sign", 0.90), c("robust_p", 0.05), c("fragile_flip", 0.25),
                         c("fragile_p", 0.20))


def run(case) -> list[Finding | Table]:
    s = value.setup(case)
    trad = value.select_traditional(case.tables["traditional"], s)
    posts = prepared_posts(case, s, trad)
    av = availability(case, s, posts)
    decl = rg.declare(dict(case.settings.resilience), av)
    specs, dropped = rg.grid(decl, av, lambda f, x: (_in_sentence(FACTOR_LABELS[f]), level_label(x)))
    alpha = float(convention(case.spec, "resilience.alpha", 0.05))
    curve = compute(case, s, trad, decl, specs, posts, alpha)
    return outputs(case, s, decl, av, curve, dropped, alpha, thresholds(case.spec))
