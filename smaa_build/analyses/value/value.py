"""Chapter 2 — the value of social-media information against the traditional indicator (methods.md M8–M10).

`run(case)` ingests the posts (ingest.py, posts.py), scores them (sentiment.py), re-aggregates them to the traditional
calendar and correlates the two series (correlation.py), and profiles the data quality of both sources
(quality.py, wired in profile.py). Designs: `time_series` (one company, SMI vs survey per period),
`cross_section` (brands at one time), `panel` (brand × period).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ...errors import AnalysisError
from ...facts import (CORRELATIONS, ENTITY_CHOICES, INCLUDE_EXCLUDE, PERIODS, SCORERS, SMI_MEASURES,
                      VALUE_DEFAULTS as DEFAULT, VALUE_DESIGNS as DESIGNS, VALUE_FDR_Q, VALUE_FREQUENCY_COMPLETENESS,
                      VALUE_MIN_LABELLED, VALUE_N_MIN, VALUE_VOLATILITY_DAYS)
from ...findings import Finding, Table
from . import correlation as co
from . import frames
from . import ingest, posts as po
from . import sentiment as se
from ..chapter1.common import convention
from .language import scoring_language

SECTION = "value"
ALLOWED = {"design": DESIGNS, "smi_measure": SMI_MEASURES, "scorer": SCORERS, "entity": ENTITY_CHOICES,
           "period": PERIODS + (None,), "retweets": INCLUDE_EXCLUDE, "brand_posts": INCLUDE_EXCLUDE,
           "primary": CORRELATIONS}
CHOICES = [(key, allowed, DEFAULT.get(key)) for key, allowed in ALLOWED.items()]  # (value.<key>, allowed, default)

CONVENTIONS = [
    {"name": "value.n_min", "value": VALUE_N_MIN,
     "source": "SMAA convention (methods.md M8): a period or brand with fewer posts is missing, not zero"},
    {"name": "value.fdr_q", "value": VALUE_FDR_Q,
     "source": "SMAA convention (methods.md M9.5): Benjamini–Hochberg q for the exploratory tests"},
    {"name": "value.min_labelled", "value": VALUE_MIN_LABELLED,
     "source": "SMAA convention (methods.md M8): labelled posts needed to validate a scorer"},
    {"name": "value.frequency_completeness", "value": VALUE_FREQUENCY_COMPLETENESS,
     "source": "SMAA convention: a granularity counts as attainable when this share of its periods reach n_min"},
    {"name": "value.volatility_days", "value": VALUE_VOLATILITY_DAYS,
     "source": "SMAA convention: shelf life of a satisfaction value in Ballou et al.'s timeliness"},
    {"name": "value.min_bootstrap", "value": co.MIN_BOOTSTRAP,
     "source": "SMAA convention (methods.md M9.2): fewer periods get the analytic interval only"},
]


@dataclass
class Setup:
    """Every declared choice, with defaults filled in (recorded in value.setup)."""

    design: str = DEFAULT["design"]
    measure: str = DEFAULT["smi_measure"]
    scorer: str = DEFAULT["scorer"]
    period: str = "month"
    entity: str = DEFAULT["entity"]
    brand: str | None = None
    primary: str = DEFAULT["primary"]
    n_min: int = VALUE_N_MIN
    seed: int = DEFAULT["seed"]
    max_lag: int = DEFAULT["max_lag"]
    bootstrap_b: int = DEFAULT["bootstrap_b"]
    train_share: float = DEFAULT["train_share"]
    fdr_q: float = VALUE_FDR_Q
    traditional_measure: str | None = None
    traditional_scale: tuple = (0.0, 100.0)
    volatility_days: float = float(VALUE_VOLATILITY_DAYS)
    frequency_completeness: float = VALUE_FREQUENCY_COMPLETENESS
    min_labelled: int = VALUE_MIN_LABELLED
    posts: po.PostsOptions = field(default_factory=po.PostsOptions)
    spec: dict = field(default_factory=dict)


def setup(case) -> Setup:
    v, dp, dt = dict(case.settings.value), dict(case.settings.data.get("posts") or {}), \
        dict(case.settings.data.get("traditional") or {})
    conv = lambda name, d: convention(case.spec, name, v.get(name.split(".")[-1], d))  # noqa: E731
    for key, allowed, default in CHOICES:
        if v.get(key, default) not in allowed:
            raise AnalysisError(f"value.{key}: expected one of {list(allowed)}, got {v.get(key)!r}")
    design = v.get("design", DEFAULT["design"])
    tz = v.get("timezone") or dp.get("timezone") or "UTC"
    accounts = v.get("brand_accounts")
    options = po.PostsOptions(
        timezone=dp.get("timezone"), bin_timezone=tz, entity=v.get("entity", DEFAULT["entity"]),
        brand_accounts=accounts, brand_map=v.get("brand_map"), language=scoring_language(dp.get("language", "en")),
        language_column=(dp.get("columns") or {}).get("language"),
        dedupe=bool(dp.get("dedupe", True)), language_check=bool(dp.get("language_check", True)),
        retweets=v.get("retweets", DEFAULT["retweets"]),
        brand_posts=v.get("brand_posts", DEFAULT["brand_posts"]),
        cache_dir=cache_dir(case))
    return Setup(design=design, measure=v.get("smi_measure", DEFAULT["smi_measure"]),
                 scorer=v.get("scorer", DEFAULT["scorer"]),
                 period=v.get("period") or dt.get("period") or "month", entity=options.entity,
                 brand=v.get("brand"), primary=v.get("primary", DEFAULT["primary"]),
                 n_min=int(conv("value.n_min", VALUE_N_MIN)),
                 seed=int(v.get("seed", DEFAULT["seed"])), max_lag=int(v.get("max_lag", DEFAULT["max_lag"])),
                 bootstrap_b=int(v.get("bootstrap_b", DEFAULT["bootstrap_b"])),
                 train_share=float(v.get("train_share", DEFAULT["train_share"])),
                 fdr_q=float(conv("value.fdr_q", VALUE_FDR_Q)), traditional_measure=v.get("traditional_measure"),
                 traditional_scale=tuple(float(b) for b in dt.get("scale", (0, 100))),
                 volatility_days=float(conv("value.volatility_days", VALUE_VOLATILITY_DAYS)),
                 frequency_completeness=float(conv("value.frequency_completeness", VALUE_FREQUENCY_COMPLETENESS)),
                 min_labelled=int(conv("value.min_labelled", VALUE_MIN_LABELLED)), posts=options, spec=v)


def run(case) -> list[Finding | Table]:
    from . import examples as value_examples, profile as value_quality  # the M8 profile needs the aligned series

    s = setup(case)
    raw = case.tables["posts"]
    trad = select_traditional(case.tables["traditional"], s)
    opts = po.PostsOptions(**{**s.posts.__dict__, "known_brands": tuple(_brands(trad))})
    # the few quoted posts' text is read by row; the columns only ingestion's counts read are not copied
    posts, report = ingest.prepare(raw, replace(opts, text="rows", drop=(
        "created_at", "created_utc", "other_language", "is_retweet", "is_brand_author")))
    cache = cache_dir(case)
    scores, prov = se.score_posts(posts, s.scorer, cache)
    posts = posts.assign(score=scores, cls=se.classify(np.nan_to_num(scores)))
    focus = focus_posts(posts, trad, s)
    series = aligned_series(focus, trad, s)
    out: list[Finding | Table] = [setup_finding(s, report, prov)]
    out += ingestion_findings(report)
    out += correlation_outputs(series, s)
    out += value_quality.outputs(s, posts, focus, series, trad, report, cache)
    out.append(value_examples.examples(s, posts, series, cache, case.spec, raw["text"]))  # scrubbed, for the page
    return out


def cache_dir(case) -> Path:
    """Sentiment scores and per-text features of the case's posts: under build/.cache/<id>/posts/ in a build,
    else (an analysis run on its own) <case>/.smaa-cache/. Safe to delete either."""
    return Path(case.cache_dir) if case.cache_dir is not None else Path(case.root) / ".smaa-cache"


# --- inputs ----------------------------------------------------------------------------------------------

def _brands(trad: pd.DataFrame) -> list[str]:
    return sorted(trad["brand"].dropna().astype(str).unique()) if "brand" in trad else []


def select_traditional(trad: pd.DataFrame, s: Setup) -> pd.DataFrame:
    """The rows of the declared measure (when the table has a `measure` column), with dates parsed; for a
    cross-section, the latest period of each brand."""
    t = trad.copy()
    if s.traditional_measure is not None and "measure" in t:
        t = t[t["measure"].astype(str) == str(s.traditional_measure)]
    if s.design != "cross_section" and not {"period_start", "period_end"} <= set(t):
        raise AnalysisError(f"value.design {s.design!r} needs period_start and period_end in the traditional data")
    for col in ("period_start", "period_end", "fieldwork_end", "published_at"):
        if col in t:
            t[col] = pd.to_datetime(t[col])
    t["value"] = pd.to_numeric(t["value"], errors="coerce")  # a period without a value stays, as missing
    if s.design == "time_series" and s.brand is not None and "brand" in t:
        t = t[t["brand"].astype(str) == s.brand]
    n_brands = t["brand"].nunique() if "brand" in t else 0
    if s.design == "time_series" and n_brands > 1:
        raise AnalysisError(f"value.design time_series: the traditional data cover {n_brands} brands; declare "
                            "value.brand (the company) or use design panel")
    if s.design != "time_series" and "brand" not in t:
        raise AnalysisError(f"value.design {s.design!r} needs a brand column in the traditional data")
    if s.design == "cross_section":
        t = t[t["value"].notna()]
        order = ["brand", "period_start"] if "period_start" in t else ["brand"]
        t = t.sort_values(order, kind="mergesort").groupby("brand", sort=True).tail(1)
    if t["value"].notna().sum() == 0:
        raise AnalysisError(f"traditional: no row with a value left for value.traditional_measure "
                            f"{s.traditional_measure!r} and value.brand {s.brand!r}")
    return t.reset_index(drop=True)


def focus_posts(posts: pd.DataFrame, trad: pd.DataFrame, s: Setup) -> pd.DataFrame:
    """The posts the comparison uses: the company's (time series, when value.brand is declared) or all."""
    posts = frames.bare(posts)
    p = posts[["date", "entity", "score", "cls", "post_id"] + [c for c in ("author_id", "label") if c in posts]]
    p = p.rename(columns={"entity": "brand"})
    if s.design == "time_series" and s.brand is not None:
        p = p[p["brand"] == s.brand]
        if p.empty:
            raise AnalysisError(f"value.brand {s.brand!r}: no post resolved to this brand ({s.entity})")
    return p.reset_index(drop=True)


def aligned_series(posts: pd.DataFrame, trad: pd.DataFrame, s: Setup) -> pd.DataFrame:
    if s.design == "cross_section":
        st = co.post_stats(posts.dropna(subset=["brand"]), ["brand"])
        t = trad[["brand"]].assign(brand=trad["brand"].astype(str))
        st = t.merge(st, on="brand", how="left").fillna(0)
        values = co.measure_values(st, s.measure, s.n_min)
        return pd.concat([t.reset_index(drop=True), values, co.traditional_values(trad).reset_index(drop=True)],
                         axis=1).sort_values("brand", ignore_index=True)
    by = ["brand"] if s.design == "panel" else []
    return co.align(posts, trad, s.period, s.measure, s.n_min, by)


# --- findings --------------------------------------------------------------------------------------------

def F(key: str, label: str, value: Any, **kw) -> Finding:
    return Finding(key, label, value, section=kw.pop("section", SECTION), **kw)


def setup_finding(s: Setup, report: po.PostsReport, prov: dict) -> Finding:
    extra = {"design": s.design, "measure": s.measure, "scorer": prov["scorer"], "scorer_version": prov["version"],
             "period": s.period, "entity": s.entity, "timezone": report.timezone, "language": report.language,
             "n_min": s.n_min, "primary": s.primary, "seed": s.seed, "retweets": s.posts.retweets,
             "brand_posts": s.posts.brand_posts, "dedupe": s.posts.dedupe,
             "brand_map": dict(s.posts.brand_map or {}), "area": s.spec.get("area", "")}
    return F("value.setup", "Comparison set-up", s.design, extra=extra)


def ingestion_findings(r: po.PostsReport) -> list[Finding]:
    c = dict(unit="posts", decimals=0, n=r.n_rows)
    return [
        F("value.posts.rows", "Posts in the export", r.n_rows, **c),
        F("value.posts.used", "Posts used", r.n_used, extra=dict(r.excluded), **c),
        F("value.duplicates.ids", "Rows repeating an earlier post id", r.duplicated_ids,
          extra={"distinct_ids": r.ids_with_duplicates}, **c),
        F("value.duplicates.rows", "Rows identical to an earlier row", r.duplicate_rows, **c),
        F("value.duplicates.dropped", "Rows dropped by de-duplication", r.rows_dropped, **c),
        F("value.duplicates.other_content", "Rows repeating an earlier post id with other content",
          r.rows_other_content, extra={"distinct_ids": r.ids_other_content}, **c),
        F("value.retweets", "Retweets", r.n_retweets, **c),
        F("value.brand_posts", "Posts by the brands' own accounts", r.n_brand_author, **c),
        F("value.language.excluded", f"Posts not in the declared language ({r.language})", r.n_other_language,
          extra={"method": r.language_method, "source": r.language_source, "by_language": r.excluded_languages,
                 "unrecognised": r.unrecognised_languages, "short_kept": r.n_language_short,
                 "column_undetermined": r.n_language_column_und, "identifier": r.language_identifier}, **c),
        F("value.entity.conflicts", "Posts whose brand field differs from the brand they mention", r.n_conflicts,
          extra={"entity": r.entity}, **c),
    ]


def _ci_finding(key: str, label: str, c: co.Corr, **kw) -> Finding:
    return F(key, label, c.estimate, n=c.n, ci=c.ci, ci_level=0.95 if c.ci else None, p=c.p, decimals=3,
             reason=c.reason, extra={k: v for k, v in c.extra.items() if v is not None}, **kw)


def correlation_outputs(series: pd.DataFrame, s: Setup) -> list[Finding | Table]:
    ok = series.dropna(subset=["smi", "traditional"])
    x, y = ok["smi"].to_numpy(float), ok["traditional"].to_numpy(float)
    pr, sp = co.pearson(x, y), co.spearman(x, y)
    out: list[Finding | Table] = [series_table(series, s), _ci_finding("value.pearson_r", "Pearson r", pr),
                                  _ci_finding("value.spearman_rho", "Spearman ρ", sp)]
    pr_adj, neff = pr, None
    if s.design == "time_series" and x.size >= 3:
        neff, r1, r2 = co.effective_n(x, y)
        pr_adj = co.pearson(x, y, n_eff=min(neff, x.size))
        out.append(F("value.n_eff", "Effective number of periods (Bretherton)", neff, n=x.size, decimals=3,
                     extra={"r1_smi": r1, "r1_traditional": r2, "used": min(neff, x.size)}))
        out.append(_ci_finding("value.pearson_r_adjusted", "Pearson r, interval with the effective n", pr_adj))
        boot = co.block_bootstrap(x, y, s.bootstrap_b, s.seed)
        out.append(_ci_finding("value.bootstrap", "Pearson r, block-bootstrap interval", boot))
        ccf_rows, best = lead_lag(x, y, s)
    else:
        why = "lead/lag and autocorrelation need a time series (design time_series)"
        out += [F("value.n_eff", "Effective number of periods (Bretherton)", None, reason=why)]
        ccf_rows, best = [], F("value.ccf.best_lag", "SMI lead over the traditional series", None, reason=why)
    tests = tests_table(pr_adj, sp, ccf_rows, s)
    out += [tests, _ccf_table(ccf_rows, tests), _best_lag(best, ccf_rows, tests, s)]
    out += agreement_outputs(ok, x, y, s, pr.estimate)
    return out


def series_table(series: pd.DataFrame, s: Setup) -> Table:
    cols = [{"name": "brand", "label": "Brand"}] if "brand" in series else []
    if "period" in series:
        cols += [{"name": "period", "label": "Period"}, {"name": "period_start", "label": "From"},
                 {"name": "period_end", "label": "To"}]
    cols += [{"name": n, "label": lab, "kind": k, "decimals": d} for n, lab, k, d in (
        ("smi", f"SMI ({s.measure})", "number", 3), ("smi_n", "Posts", "int", 0),
        ("smi_ci_low", "SMI 95% CI low", "number", 3), ("smi_ci_high", "SMI 95% CI high", "number", 3),
        ("traditional", "Traditional", "number", 2), ("traditional_n", "Respondents", "int", 0),
        ("traditional_ci_low", "Traditional 95% CI low", "number", 2),
        ("traditional_ci_high", "Traditional 95% CI high", "number", 2))]
    cols.append({"name": "status", "label": "Status"})
    rows = []
    for r in series.to_dict("records"):
        r = {c["name"]: _plain(r.get(c["name"]), c.get("kind")) for c in cols if c["name"] != "status"}
        r["status"] = "ok" if r["smi"] is not None and r["traditional"] is not None else (
            f"missing: fewer than {s.n_min} posts" if r["smi"] is None else "missing: no traditional value")
        rows.append(r)
    return Table("value.series", "SMI and traditional indicator, aligned", cols, rows, SECTION,
                 note=f"Periods or brands with fewer than {s.n_min} posts are missing, not zero.",
                 n=int(series["smi_n"].sum()))


def _plain(v, kind: str | None = None):
    """JSON-ready scalar: dates as ISO strings, NaN/NA as None, ints for int columns."""
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    if v is None or v is pd.NA or (isinstance(v, (float, np.floating)) and not np.isfinite(v)):
        return None
    v = v.item() if hasattr(v, "item") else v
    return int(v) if kind == "int" else v


def lead_lag(x: np.ndarray, y: np.ndarray, s: Setup) -> tuple[list[dict], Finding | None]:
    if x.size < co.MIN_CCF:
        why = f"n = {x.size} periods (< {co.MIN_CCF}): no lead/lag analysis"
        return [], F("value.ccf.best_lag", "SMI lead over the traditional series", None, n=x.size, reason=why)
    table, fit = co.prewhitened_ccf(x, y, min(s.max_lag, x.size // 4))
    rows = [dict(r, **fit) for r in table.to_dict("records")]
    return rows, None


def tests_table(pr: co.Corr, sp: co.Corr, ccf_rows: list[dict], s: Setup) -> Table:
    """Every test in the chapter: the declared primary hypothesis (Holm) and the exploratory rest (BH)."""
    tests = [{"test": "pearson_r", "lag": 0, "statistic": pr.estimate, "n": pr.n, "p": pr.p, "reason": pr.reason},
             {"test": "spearman_rho", "lag": 0, "statistic": sp.estimate, "n": sp.n, "p": sp.p, "reason": sp.reason}]
    tests += [{"test": "ccf", "lag": int(r["lag"]), "statistic": r["ccf"], "n": int(r["n"]), "p": r["p"],
               "reason": ""} for r in ccf_rows if r["lag"] != 0]
    primary = [t["test"] == s.primary and t["lag"] == 0 for t in tests]
    p = np.array([np.nan if t["p"] is None else t["p"] for t in tests], dtype=float)
    adj = np.where(primary, co.holm(np.where(primary, p, np.nan)), co.benjamini_hochberg(np.where(primary, np.nan, p)))
    for t, is_p, a in zip(tests, primary, adj):
        t.update(family="primary" if is_p else "exploratory", method="Holm" if is_p else f"BH q={s.fdr_q:g}",
                 p_adj=_plain(float(a)), p=_plain(t["p"]), statistic=_plain(t["statistic"]),
                 significant=None if not np.isfinite(a) else bool(a <= (0.05 if is_p else s.fdr_q)))
    cols = [{"name": "test", "label": "Test"}, {"name": "lag", "label": "Lag", "kind": "int"},
            {"name": "statistic", "label": "Estimate", "kind": "number", "decimals": 3},
            {"name": "n", "label": "n", "kind": "int"}, {"name": "p", "label": "p", "kind": "number", "decimals": 4},
            {"name": "p_adj", "label": "Adjusted p", "kind": "number", "decimals": 4},
            {"name": "method", "label": "Adjustment"}, {"name": "family", "label": "Family"},
            {"name": "significant", "label": "Significant"}, {"name": "reason", "label": "Note"}]
    return Table("value.tests", "Tests and multiple-testing adjustment", cols, tests, SECTION)


def _ccf_table(rows: list[dict], tests: Table) -> Table:
    adj = {t["lag"]: t["p_adj"] for t in tests.rows if t["test"] == "ccf"}
    out = [{"lag": int(r["lag"]), "ccf": _plain(r["ccf"]), "n": int(r["n"]), "bound": float(r["bound"]),
            "p": _plain(r["p"]), "p_adj": adj.get(int(r["lag"]))} for r in rows]
    cols = [{"name": "lag", "label": "Lag (periods; > 0 SMI leads)", "kind": "int"},
            {"name": "ccf", "label": "Pre-whitened CCF", "kind": "number", "decimals": 3},
            {"name": "n", "label": "Pairs", "kind": "int"}, {"name": "bound", "label": "±1.96/√n", "kind": "number",
                                                            "decimals": 3},
            {"name": "p", "label": "p", "kind": "number", "decimals": 4},
            {"name": "p_adj", "label": "BH-adjusted p", "kind": "number", "decimals": 4}]
    return Table("value.ccf", "Cross-correlation by lag (pre-whitened)", cols, out, SECTION)


def _best_lag(best: Finding | None, rows: list[dict], tests: Table, s: Setup) -> Finding:
    """The lag with the largest |pre-whitened CCF|, reported only if it exceeds its bound and (for k ≠ 0)
    survives BH; 0 means the strongest association is simultaneous."""
    if best is not None:
        return best
    label = "SMI lead over the traditional series"
    adj = {t["lag"]: t["p_adj"] for t in tests.rows if t["test"] == "ccf"}
    top = max((r for r in rows if np.isfinite(r["ccf"])), key=lambda r: abs(r["ccf"]), default=None)
    if top is None:
        return F("value.ccf.best_lag", label, None, reason="no lag could be computed")
    lag = int(top["lag"])
    extra = {"ccf": top["ccf"], "bound": top["bound"], "p_adj": adj.get(lag), "ar_order": top["ar_order"]}
    if abs(top["ccf"]) <= top["bound"]:
        why = f"no lag's CCF exceeds ±1.96/√(n−|k|) (largest |CCF| at lag {lag})"
    elif lag != 0 and (adj.get(lag) or 1.0) > s.fdr_q:
        why = f"lag {lag} exceeds its bound but not significant after Benjamini–Hochberg (q = {s.fdr_q:g})"
    else:
        return F("value.ccf.best_lag", label, lag, unit="periods", n=int(top["n"]), decimals=0, extra=extra)
    return F("value.ccf.best_lag", label, None, n=int(top["n"]), extra=extra, reason=why)


def agreement_outputs(ok: pd.DataFrame, x: np.ndarray, y: np.ndarray, s: Setup, r: float | None) -> list:
    from .profile import survey_mdc

    label = "Bland–Altman on z-scores: SD of differences"
    if x.size < 3 or r is None:
        why = f"n = {x.size}: agreement not computable"
        return [F("value.bland_altman.z_sd", label, None, reason=why), _ba_table([], [])]
    z = co.bland_altman_z(x, y)
    out = [F("value.bland_altman.z_sd", label, z["sd"], n=x.size, decimals=3,
             extra={"bias": z["bias"], "loa": z["loa"], "identity": float(np.sqrt(2 * (1 - r)))})]
    n_train = int(np.floor(x.size * s.train_share))
    if s.design != "time_series" or n_train < 3 or x.size - n_train < 3:
        why = ("calibrated agreement needs a time series" if s.design != "time_series"
               else f"n = {x.size}: needs at least 3 training and 3 hold-out periods")
        out.append(F("value.bland_altman.bias", "Calibrated SMI minus survey: bias", None, reason=why))
        return out + [_ba_table([], [])]
    train = np.arange(x.size) < n_train
    ba = co.bland_altman_calibrated(x, y, train, survey_mdc(ok))
    out.append(F("value.bland_altman.bias", "Calibrated SMI minus survey: bias", ba["bias"], n=ba["n"], ci=ba["loa"],
                 ci_level=0.95, decimals=2, extra={"sd": ba["sd"], "a": ba["a"], "b": ba["b"],
                                                    "within_mdc": ba.get("within_mdc"), "n_train": n_train}))
    hold = ok.loc[~train, "period"].tolist()
    return out + [_ba_table(hold, list(zip(ba["mean"], ba["diff"], ba["y_hat"])))]


def _ba_table(periods: list, values: list) -> Table:
    rows = [{"period": p, "mean": float(m), "diff": float(d), "smi_calibrated": float(h)}
            for p, (m, d, h) in zip(periods, values)]
    cols = [{"name": "period", "label": "Period"}, {"name": "mean", "label": "Mean of the two", "kind": "number"},
            {"name": "diff", "label": "Calibrated SMI − survey", "kind": "number"},
            {"name": "smi_calibrated", "label": "Calibrated SMI", "kind": "number"}]
    return Table("value.bland_altman", "Agreement on the hold-out periods", cols, rows, SECTION)
