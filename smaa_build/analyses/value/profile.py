"""M8 data-quality profile of the SMI measure versus the traditional indicator, wired for value.run():
findings `quality.smi.*` / `quality.traditional.*`, the `quality.profile` table (criterion × source, raw value and
a 0–1 score with its mapping), the scorer validation (`value.confusion`) and the per-brand tables.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ...findings import Finding, Table
from . import posts as po
from . import quality as q
from . import sentiment as se
from . import frames
from ..reasons import NOT_VALIDATED, Reason

SECTION = "value"
CLASS_NAMES = {-1: "negative", 0: "neutral", 1: "positive"}
MEASURE_RANGE = {"mean_compound": 2.0, "share_negative": 1.0, "net_sentiment": 2.0}


def F(key: str, label: str, value, **kw) -> Finding:
    if isinstance(value, float) and not math.isfinite(value):
        value, kw["reason"] = None, kw.get("reason") or "not computable on these data"
    return Finding(key, label, value, section=SECTION, **kw)


def survey_mdc(series: pd.DataFrame):
    """Per-period MDC of the survey against a period of equal precision, 1.96·√2·SE; None without SEs."""
    se_ = series["traditional_se"].to_numpy(float)
    return None if not np.isfinite(se_).any() else q.Z_LITERAL * math.sqrt(2) * se_


def _median(values) -> float:
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    return float(np.median(v)) if v.size else float("nan")


def _mdc_consecutive(se_: np.ndarray) -> float:
    """Median MDC over consecutive period pairs (one value per pair of adjacent periods)."""
    se_ = se_[np.isfinite(se_)]
    if se_.size < 2:
        return float("nan")
    return _median([q.mdc(a, b) for a, b in zip(se_[:-1], se_[1:])])


def outputs(s, posts: pd.DataFrame, focus: pd.DataFrame, series: pd.DataFrame, trad: pd.DataFrame,
            report: po.PostsReport, cache) -> list:
    posts, focus = frames.bare(posts), frames.bare(focus)
    raw = profile_values(s, focus, series, trad, report)
    out = [F(f"quality.{src}.{crit}", label, val, unit=unit, decimals=3, reason=why)
           for (crit, src), (val, unit, label, why) in sorted(raw.items())]
    out += scorer_validation(s, posts, cache)
    acc = next((f.value for f in out if f.key == "quality.smi.macro_f1"), None)
    raw[("accuracy", "smi")] = (acc, "macro-F1", "Scorer macro-F1 vs human labels", "")
    out.append(profile_table(raw, s))
    out += brand_outputs(posts, s)
    out.append(entity_table(report))
    out.append(F("quality.sample_size", "Posts per period for a ±5-point share (95%)", q.sample_size(0.05),
                 unit="posts", decimals=1, extra={"e_0.10": q.sample_size(0.10)}))
    return out


def profile_values(s, focus: pd.DataFrame, series: pd.DataFrame, trad: pd.DataFrame, report: po.PostsReport) -> dict:
    """(criterion, source) -> (raw value, unit, label, reason)."""
    v = s.spec
    vol = s.volatility_days
    sens = float(v.get("timeliness_sensitivity", 1))
    raw: dict = {}
    smi_lat = _smi_latency(focus, s, float(v.get("smi_processing_days", 0)))
    trad_lat, why = _trad_latency(trad)
    raw[("latency", "smi")] = (smi_lat, "days", "SMI latency (median age at availability)", "")
    raw[("latency", "traditional")] = (trad_lat, "days", "Survey latency", why)
    for src, lat in (("smi", smi_lat), ("traditional", trad_lat)):
        val = q.timeliness(lat, vol, sens) if lat is not None and math.isfinite(lat) else None
        label = f"Timeliness (Ballou, shelf life {vol:g} d)"
        raw[("timeliness", src)] = (val, "0–1", label, why if val is None else "")
    freq, gran = q.smi_frequency(focus["date"], s.n_min, s.frequency_completeness) if len(focus) else (0.0, None)
    raw[("frequency", "smi")] = (freq, "per year", f"SMI frequency (finest: {gran or 'none'})", "")
    raw[("frequency", "traditional")] = _trad_frequency(trad)
    raw[("precision", "smi")] = (q.Z95 * _median(series["smi_se"]), "± (95% half-width)", "SMI precision", "")
    raw[("precision", "traditional")] = (q.Z95 * _median(series["traditional_se"]), "± (95% half-width)",
                                         "Survey precision", "" if series["traditional_se"].notna().any()
                                         else "no sd/n_respondents in the traditional data")
    raw[("mdc", "smi")] = (_mdc_consecutive(series["smi_se"].to_numpy(float)), "points", "SMI MDC", "")
    raw[("mdc", "traditional")] = (_mdc_consecutive(series["traditional_se"].to_numpy(float)), "points",
                                   "Survey MDC", "")
    raw.update(_completeness(s, focus, series, trad))
    raw.update(_concentration(focus))
    raw[("duplicate_rate", "smi")] = (q.duplicate_rate(report.duplicated_ids, report.n_rows), "share",
                                      "Duplicate post ids", "")
    meas = v.get("measurability") or {}
    for src in ("smi", "traditional"):
        score = q.measurability(meas.get(src))
        raw[("measurability", src)] = (score, "of 5", "Measurability checklist",
                                       "" if score is not None else "value.measurability not declared")
    return raw


def _smi_latency(focus: pd.DataFrame, s, processing: float) -> float:
    """Posts are aggregated per calendar period (a cross-section: over the whole window), and a value is
    available at the end of its period."""
    from . import correlation as co

    if focus.empty:
        return float("nan")
    if s.design == "cross_section":
        ends = pd.Series(focus["date"].max(), index=focus.index)
    else:  # each distinct date's period end (a million posts fall on a few hundred days)
        period = s.period if s.period != "fieldwork" else "month"
        codes, days = pd.factorize(focus["date"], use_na_sentinel=False)
        end = co.period_end(co.period_starts(pd.Series(days), period), period).to_numpy()
        ends = pd.Series(end[codes], index=focus.index)
    return q.smi_latency_days(focus["date"], ends, processing)


def _trad_latency(trad: pd.DataFrame):
    need = {"period_start", "period_end", "fieldwork_end", "published_at"}
    if not need <= set(trad) or trad[list(need)].isna().all().any():
        return None, "needs fieldwork_end and published_at in the traditional data"
    t = trad.dropna(subset=list(need))
    return q.survey_latency_days(t["period_start"], t["period_end"], t["fieldwork_end"], t["published_at"]), ""


def _trad_frequency(trad: pd.DataFrame):
    if not {"period_start", "period_end"} <= set(trad):
        return None, "per year", "Survey frequency", "no period dates in the traditional data"
    t = trad[["period_start", "period_end"]].drop_duplicates()  # the brands of a cross-section share one period
    return q.traditional_frequency(t["period_start"], t["period_end"]), "per year", "Survey frequency", ""


def _completeness(s, focus, series, trad) -> dict:
    out = {}
    if s.design != "cross_section":
        n_trad = series["traditional_n"].fillna(np.inf).to_numpy(float)
        out[("temporal_completeness", "smi")] = (q.temporal_completeness(series["smi_n"], s.n_min), "share",
                                                 "Periods with n ≥ n_min", "")
        has = series["traditional"].notna().to_numpy() & (n_trad >= s.n_min)
        out[("temporal_completeness", "traditional")] = (float(has.mean()), "share", "Periods with a value", "")
    seg = s.spec.get("segments") or ({"field": "brand", "required": sorted(trad["brand"].dropna().astype(str).unique())}
                                    if "brand" in trad and s.design != "time_series" else None)
    if not seg:
        why = "no required segments declared (value.segments)"
        return out | {("segment_completeness", src): (None, "share", "Segment completeness", why)
                      for src in ("smi", "traditional")}
    fld, req = seg["field"], [str(r) for r in seg["required"]]
    smi_n = focus[fld].astype(str).value_counts().to_dict() if fld in focus else {}
    out[("segment_completeness", "smi")] = (q.segment_completeness(smi_n, req, s.n_min), "share",
                                            f"Required {fld} segments with n ≥ n_min",
                                            "" if fld in focus else f"posts carry no {fld} field")
    n_resp = trad["n_respondents"] if "n_respondents" in trad else pd.Series(np.inf, index=trad.index)
    tn = trad.assign(n=pd.to_numeric(n_resp, errors="coerce").fillna(np.inf))
    trad_n = tn.groupby(tn[fld].astype(str))["n"].max().to_dict() if fld in trad else {}
    out[("segment_completeness", "traditional")] = (q.segment_completeness(trad_n, req, s.n_min), "share",
                                                    f"Required {fld} segments covered", "")
    return out


def _concentration(focus) -> dict:
    if "author_id" not in focus or focus["author_id"].isna().all():
        why = "posts carry no author_id"
        return {("top1_share", "smi"): (None, "share", "Posts by the top 1% of authors", why),
                ("gini", "smi"): (None, "0–1", "Gini of posts per author", why)}
    counts = frames.value_counts(focus["author_id"])
    return {("top1_share", "smi"): (q.top_share(counts), "share", "Posts by the top 1% of authors", ""),
            ("gini", "smi"): (q.gini(counts), "0–1", "Gini of posts per author", "")}


def scorer_validation(s, posts: pd.DataFrame, cache) -> list:
    """Confusion matrix, accuracy, macro-F1 and κ of the scorer (VADER when the scorer is the labels
    themselves) against the human labels."""
    scorer = "vader" if s.scorer == "human_label" else s.scorer
    min_lab = s.min_labelled
    human = se.label_scores(posts["label"]) if "label" in posts else np.full(len(posts), np.nan)
    labelled = np.isfinite(human)
    keys = ("accuracy", "macro_f1", "kappa")
    if labelled.sum() < min_lab:
        why = Reason(NOT_VALIDATED, n=int(labelled.sum()), min=min_lab)
        return [F(f"quality.smi.{k}", k, None, reason=why) for k in keys] + [_confusion_table(None, scorer)]
    scores = posts["score"].to_numpy(float) if scorer == s.scorer else se.score_posts(posts, scorer, cache)[0]
    ok = labelled & np.isfinite(scores)
    cm = q.confusion(human[ok].astype(int), se.classify(scores[ok]))
    n = int(ok.sum())
    vals = {"accuracy": q.accuracy(cm), "macro_f1": q.macro_f1(cm), "kappa": q.cohen_kappa(cm)}
    labels = {"accuracy": f"{scorer} accuracy vs human labels", "macro_f1": f"{scorer} macro-F1 vs human labels",
              "kappa": f"{scorer} Cohen κ vs human labels"}
    return [F(f"quality.smi.{k}", labels[k], vals[k], n=n, decimals=3, extra={"scorer": scorer}) for k in keys] + \
        [_confusion_table(cm, scorer)]


def _confusion_table(cm, scorer: str) -> Table:
    rows = [] if cm is None else [{"human": CLASS_NAMES[h], "scorer": CLASS_NAMES[c], "n": int(cm[i, j])}
                                  for i, h in enumerate(q.CLASSES) for j, c in enumerate(q.CLASSES)]
    cols = [{"name": "human", "label": "Human label"}, {"name": "scorer", "label": f"{scorer} class"},
            {"name": "n", "label": "Posts", "kind": "int"}]
    return Table("value.confusion", f"{scorer} against human labels", cols, rows, SECTION)


PROFILE = {  # criterion -> how its raw value maps to the 0–1 score of the profile chart
    "latency": "1/(1 + latency in weeks)",
    "timeliness": "Ballou score as is",
    "frequency": "log(periods per year)/log(365)",
    "precision": "1 − half-width/(10% of the scale range)",
    "temporal_completeness": "share as is",
    "segment_completeness": "share as is",
    "accuracy": "macro-F1 as is",
    "duplicate_rate": "1 − duplicate rate",
    "top1_share": "1 − share of the top 1% of authors",
    "measurability": "checklist score / 5",
}


def _score(crit: str, src: str, val, s, scale: tuple[float, float]):
    if val is None or not math.isfinite(val):
        return None
    if crit == "latency":
        return q.score_latency(val)
    if crit == "frequency":
        return q.score_frequency(val)
    if crit == "precision":
        rng = MEASURE_RANGE.get(s.measure, 2.0) if src == "smi" else scale[1] - scale[0]
        return q.score_precision(val, rng)
    if crit in ("duplicate_rate", "top1_share"):
        return 1 - val
    if crit == "measurability":
        return val / 5
    return float(val)


def profile_table(raw: dict, s) -> Table:
    scale = s.traditional_scale
    rows = []
    for crit, mapping in PROFILE.items():
        for src in ("smi", "traditional"):
            if (crit, src) not in raw:
                continue
            val, unit, _, why = raw[(crit, src)]
            ok = val is not None and math.isfinite(val)
            rows.append({"criterion": crit, "source": src, "raw": float(val) if ok else None, "unit": unit,
                         "score": _score(crit, src, val, s, scale), "mapping": mapping, "note": why})
    cols = [{"name": "criterion", "label": "Criterion"}, {"name": "source", "label": "Source"},
            {"name": "raw", "label": "Raw value", "kind": "number", "decimals": 3}, {"name": "unit", "label": "Unit"},
            {"name": "score", "label": "Score (0–1)", "kind": "number", "decimals": 2},
            {"name": "mapping", "label": "Mapping to 0–1"}, {"name": "note", "label": "Note"}]
    return Table("quality.profile", "Data-quality profile: SMI versus the traditional indicator", cols, rows, SECTION)


def brand_outputs(posts: pd.DataFrame, s) -> list:
    """Share of negative posts per resolved brand with Wilson 95% intervals, and overall."""
    scored = np.isfinite(posts["score"].to_numpy(float))
    neg = scored & (posts["cls"].to_numpy() == -1)
    codes, entities = pd.factorize(posts["entity"], use_na_sentinel=False)  # count per distinct brand, then name it
    per_entity = pd.DataFrame({"key": pd.Series(entities).astype(str),
                               "size": np.bincount(codes[scored], minlength=len(entities)),
                               "sum": np.bincount(codes[neg], minlength=len(entities))})
    g = per_entity.groupby("key", sort=True)[["size", "sum"]].sum()
    lo, hi = q.wilson(g["sum"].to_numpy(), g["size"].to_numpy())
    rows = [{"brand": b, "n": int(n), "negative": int(k), "share_negative": k / n, "ci_low": float(a),
             "ci_high": float(c), "reliable": bool(n >= s.n_min)}
            for (b, n, k), a, c in zip(g[["size", "sum"]].itertuples(), lo, hi)]
    cols = [{"name": "brand", "label": "Brand"}, {"name": "n", "label": "Posts", "kind": "int"},
            {"name": "negative", "label": "Negative", "kind": "int"},
            {"name": "share_negative", "label": "Share negative", "kind": "percent", "decimals": 1},
            {"name": "ci_low", "label": "95% CI low", "kind": "percent", "decimals": 1},
            {"name": "ci_high", "label": "95% CI high", "kind": "percent", "decimals": 1}]
    k, n = int(sum(r["negative"] for r in rows)), int(sum(r["n"] for r in rows))
    lo, hi = q.wilson(k, n)
    return [Table("value.brand_shares", "Share of negative posts by brand", cols, rows, SECTION, n=n),
            F("value.share_negative", "Share of negative posts", k / n if n else None, unit="share", n=n,
              ci=(float(lo), float(hi)) if n else None, ci_level=0.95, decimals=3, extra={"scorer": s.scorer})]


def entity_table(report: po.PostsReport) -> Table:
    df = report.conflicts if report.conflicts is not None else pd.DataFrame(columns=["brand_field",
                                                                                       "mentioned_brand", "n",
                                                                                       "conflict"])
    rows = [{"brand_field": r.brand_field, "mentioned_brand": r.mentioned_brand, "n": int(r.n),
             "conflict": bool(r.conflict)} for r in df.itertuples()]
    cols = [{"name": "brand_field", "label": "Brand field"}, {"name": "mentioned_brand", "label": "Brand mentioned"},
            {"name": "n", "label": "Posts", "kind": "int"}, {"name": "conflict", "label": "Conflict"}]
    return Table("value.entity_conflicts", "Brand field against the brand mentioned in the text", cols, rows,
                 SECTION, note=f"Entity resolution used: {report.entity}.")
