"""M11 findings and tables from a computed specification curve (resilience.py): the curve's summaries, the joint
test, which choices matter (η², one-at-a-time ranges), rank stability and the verdict. Small-n rules: nothing is
summarised without a baseline estimate, and no joint test below correlation.MIN_INFERENCE units."""

from __future__ import annotations

import numpy as np

from ...findings import Finding, Table, columns
from ..value import correlation as co
from . import grid as rg
from .common import FACTOR_LABELS, SECTION, Curve, level_label


def F(key: str, label: str, value_, **kw) -> Finding:
    return Finding(key, label, value_, section=SECTION, **kw)


def outputs(case, s, decl: rg.Declaration, av: rg.Availability, curve: Curve, dropped: list[dict], alpha: float,
            th: rg.Thresholds) -> list[Finding | Table]:
    est = curve.est[0]
    b = next(i for i, sp in enumerate(curve.specs) if sp["baseline"])
    base = curve.corr[b]
    out: list[Finding | Table] = [setup_finding(case, decl, av, curve, dropped),
                                  F("resilience.n_specs", "Specifications computed", len(curve.specs), unit="count",
                                    decimals=0, n=int(np.isfinite(est).sum()),
                                    extra={"dropped": sum(d["n_specs"] for d in dropped)}),
                                  F("resilience.baseline", "Baseline specification", base.estimate, unit="r", n=base.n,
                                    ci=base.ci, ci_level=0.95 if base.ci else None, p=base.p, decimals=3,
                                    reason=base.reason, extra={"spec": curve.specs[b]["id"], "outcome": decl.outcome})]
    varied = rg.varied(decl)
    out += [curve_table(curve, decl, b), dropped_table(dropped)]
    if base.estimate is None or np.isfinite(est).sum() < 2:
        why = (f"the baseline specification has no estimate ({base.reason})" if base.estimate is None else
               "the multiverse has a single specification: every choice is fixed" if len(curve.specs) == 1 else
               "fewer than two specifications have an estimate")
        return out + none_findings(why, varied)
    out += summary_findings(curve, est, b, alpha)
    p, joint = joint_test(curve, s, base.n)
    out.append(joint)
    v, why = rg.verdict(rg.same_sign_share(est, est[b]), p, th)
    out.append(F("resilience.verdict", "Verdict", v, reason="" if v else why,
                 extra={"rule": why, "thresholds": th.__dict__, "same_sign": rg.same_sign_share(est, est[b]),
                        "joint_p": p}))
    out += factor_outputs(curve, decl, varied)
    out += rank_outputs(curve, decl, s, b)
    return out


def setup_finding(case, decl, av, curve: Curve, dropped) -> Finding:
    dt = dict(case.settings.data.get("traditional") or {})
    varied = rg.varied(decl)
    levels = [{"factor": f, "factor_label": FACTOR_LABELS[f], "level": x, "label": level_label(x)}
              for f in rg.FACTORS for x in decl.choices[f]]
    extra = {"design": av.design, "baseline": decl.baseline, "choices": decl.choices, "varied": varied,
             "constraints": decl.constraints, "notes": decl.notes, "declared": decl.declared, "levels": levels,
             "combinations": len(curve.specs) + sum(d["n_specs"] for d in dropped),
             "traditional": dt.get("measure", "the traditional indicator"),
             "area": case.settings.value.get("area", "")}
    return F("resilience.setup", "Multiverse declaration", decl.outcome, extra=extra)


def none_findings(why: str, varied: list[str]) -> list[Finding]:
    keys = [("resilience.median", "Median estimate"), ("resilience.iqr", "Interquartile range of the estimates"),
            ("resilience.range", "Range of the estimates"), ("resilience.same_sign", "Same sign as the baseline"),
            ("resilience.significant", "Significant in the dominant direction"),
            ("resilience.joint_p", "Joint test p"), ("resilience.verdict", "Verdict"),
            ("resilience.top_factor", "Choice that matters most")]
    keys += [(f"resilience.eta2.{f}", f"η² {FACTOR_LABELS[f]}") for f in varied]
    keys += [(f"resilience.oat.{f}", f"One-at-a-time range {FACTOR_LABELS[f]}") for f in varied]
    keys += [("resilience.rank.tau_median", "Median Kendall τ-b"), ("resilience.rank.tau_min", "Lowest Kendall τ-b"),
             ("resilience.rank.top1", "Same top unit as the baseline")]
    return [F(k, label, None, reason=why) for k, label in keys]


def summary_findings(curve: Curve, est: np.ndarray, b: int, alpha: float) -> list[Finding]:
    sm = rg.curve_summary(est)
    n = sm["n"]
    same = rg.same_sign_share(est, est[b])
    return [
        F("resilience.median", "Median estimate", sm["median"], unit="r", n=n, decimals=3,
          extra={k: sm[k] for k in ("q1", "q3", "min", "max")}),
        F("resilience.iqr", "Interquartile range of the estimates", sm["iqr"], n=n, decimals=3,
          extra={"q1": sm["q1"], "q3": sm["q3"]}),
        F("resilience.range", "Range of the estimates", sm["range"], n=n, decimals=3,
          extra={"min": sm["min"], "max": sm["max"]}),
        F("resilience.same_sign", "Same sign as the baseline", same, unit="share", n=n, decimals=3,
          extra={"count": int(round(same * n)), "baseline_sign": int(np.sign(est[b]))}),
        significant_finding(curve, est, n, alpha),
    ]


def significant_finding(curve: Curve, est: np.ndarray, n: int, alpha: float) -> Finding:
    label = "Significant in the dominant direction"
    units = max(c.n for c in curve.corr)
    if units < co.MIN_INFERENCE:
        why = f"n = {units} units (< {co.MIN_INFERENCE}): no specification allows an inferential statement"
        return F("resilience.significant", label, None, n=n, reason=why)
    direction, share = dominant_significant(est, curve.sig[0])
    return F("resilience.significant", label, share, unit="share", n=n, decimals=3,
             extra={"direction": direction, "count": int(round(share * n)), "alpha": alpha})


def dominant_significant(est: np.ndarray, sig: np.ndarray) -> tuple[int, float]:
    """The dominant direction (sign of the median estimate) and the share of specs significant in it."""
    ok = np.isfinite(est)
    direction = 1 if np.median(est[ok]) >= 0 else -1
    return direction, float(np.mean(sig[ok] & (np.sign(est[ok]) == direction)))


def joint_test(curve: Curve, s, n_base: int) -> tuple[float | None, Finding]:
    """Specification-curve test (Simonsohn et al. 2020): the median |estimate| and the share significant in the
    dominant direction under every null draw against the observed ones."""
    draws = curve.est.shape[0]
    what = ("permutations of the brands" if s.design == "cross_section"
            else "circular shifts of the SMI series")
    label = "Joint test p (median |estimate|)"
    unit = "brands" if s.design == "cross_section" else "periods"
    if n_base < co.MIN_INFERENCE:
        why = f"n = {n_base} {unit} (< {co.MIN_INFERENCE}): no joint test; the curve is descriptive only"
        return None, F("resilience.joint_p", label, None, n=n_base, reason=why)
    if draws - 1 < co.MIN_INFERENCE:
        why = (f"only {draws - 1} null alignments of the {unit} (< {co.MIN_INFERENCE}) once shifts that re-create a "
               "declared lag are left out: no joint test")
        return None, F("resilience.joint_p", label, None, n=n_base, reason=why)
    with np.errstate(all="ignore"):
        med = np.array([np.nanmedian(np.abs(row)) if np.isfinite(row).any() else np.nan for row in curve.est])
        share = np.array([dominant_significant(e, g)[1] if np.isfinite(e).any() else np.nan
                          for e, g in zip(curve.est, curve.sig)])
    p, p_sig = rg.joint_p(med, med[0]), rg.joint_p(share, share[0])
    extra = {"p_share_significant": p_sig, "draws": draws, "min_p": 1 / draws, "method": what,
             "max_lag": max(int(sp["lag"]) for sp in curve.specs),
             "observed_median_abs": float(med[0]), "null_median_abs_median": float(np.nanmedian(med[1:]))}
    return p, F("resilience.joint_p", label, p, unit="p", n=n_base, decimals=3, extra=extra)


def factor_outputs(curve: Curve, decl: rg.Declaration, varied: list[str]) -> list[Finding | Table]:
    est = curve.est[0]
    out, rows, oat_rows = [], [], []
    for f in varied:
        eta = rg.eta_squared(est, [sp[f] for sp in curve.specs])
        oat = [r for r in rg.one_at_a_time(curve.specs, est, decl.baseline, f) if np.isfinite(r["estimate"])]
        vals = [r["estimate"] for r in oat]
        rng = float(max(vals) - min(vals)) if len(vals) > 1 else None
        out.append(F(f"resilience.eta2.{f}", f"η² {FACTOR_LABELS[f]}", eta, n=int(np.isfinite(est).sum()), decimals=3,
                     reason="" if eta is not None else "the estimates do not vary"))
        out.append(F(f"resilience.oat.{f}", f"One-at-a-time range {FACTOR_LABELS[f]}", rng, n=len(vals), decimals=3,
                     reason="" if rng is not None else "fewer than two of its levels are valid with the rest at "
                                                       "baseline"))
        rows.append({"factor": f, "label": FACTOR_LABELS[f], "levels": len(decl.choices[f]), "eta2": eta,
                     "oat_min": float(min(vals)) if vals else None, "oat_max": float(max(vals)) if vals else None,
                     "oat_range": rng})
        oat_rows += [{"factor": FACTOR_LABELS[f], "level": level_label(r["level"]), "estimate": float(r["estimate"]),
                      "baseline": r["baseline"], "spec": r["id"]} for r in oat]
    rows.sort(key=lambda r: (-(r["eta2"] if r["eta2"] is not None else -1), r["factor"]))
    top = rows[0] if rows and rows[0]["eta2"] is not None else None
    out.append(F("resilience.top_factor", "Choice that matters most", top["label"] if top else None,
                 reason="" if top else "no choice varies the estimate",
                 extra={"factor": top["factor"], "eta2": top["eta2"], "oat_range": top["oat_range"]} if top else {}))
    cols = columns(("label", "Choice", "text"), ("levels", "Options", "int"), ("eta2", "η² (share of variance)",
                   "percent"), ("oat_min", "Lowest", "number", 2), ("oat_max", "Highest", "number", 2),
                   ("oat_range", "Range", "number", 2))
    out.append(Table("resilience.factors", "Which choices matter", cols, rows, SECTION,
                     note="η² from the main effects over the whole grid; ranges vary one choice with every other "
                          "choice at its baseline."))
    cols = columns(("factor", "Choice", "text"), ("level", "Option", "text"), ("estimate", "Estimate", "number", 2),
                   ("baseline", "Baseline", "text"), ("spec", "Specification", "text"))
    out.append(Table("resilience.oat", "One choice at a time", cols, oat_rows, SECTION))
    return out


def curve_table(curve: Curve, decl: rg.Declaration, b: int) -> Table:
    est = curve.est[0]
    order = sorted(range(len(curve.specs)), key=lambda i: (not np.isfinite(est[i]), est[i] if np.isfinite(est[i])
                                                           else 0.0, curve.specs[i]["id"]))
    rows = []
    for rank, i in enumerate(order, 1):
        sp, c = curve.specs[i], curve.corr[i]
        finite = bool(np.isfinite(est[i]))
        diff = [f"{FACTOR_LABELS[f].lower()}: {level_label(sp[f])}" for f in rg.FACTORS if sp[f] != decl.baseline[f]]
        rows.append({"rank": rank if finite else None, "spec": sp["id"], "estimate": float(est[i]) if finite else None,
                     "ci_low": c.ci[0] if c.ci else None, "ci_high": c.ci[1] if c.ci else None, "p": c.p, "n": c.n,
                     "significant": bool(curve.sig[0, i]), "baseline": i == b,
                     "differs": "; ".join(diff) if diff else "baseline", "reason": c.reason,
                     **{f: sp[f] for f in rg.FACTORS}})
    cols = columns(("rank", "Rank", "int"), ("spec", "Specification", "text"),
                   ("estimate", "Estimate", "number", 2), ("ci_low", "95% CI low", "number", 2),
                   ("ci_high", "95% CI high", "number", 2), ("p", "p", "p"), ("n", "n", "int"),
                   ("differs", "Differs from the baseline in", "text"))
    cols += [{"name": f, "label": FACTOR_LABELS[f], "kind": "text"} for f in rg.FACTORS]
    return Table("resilience.curve", "Specification curve", cols, rows, SECTION, n=len(rows),
                 note="Fisher-z 95% intervals use the number of units; autocorrelation is handled by the joint test.")


def dropped_table(dropped: list[dict]) -> Table:
    cols = columns(("reason", "Left out because", "text"), ("n_specs", "Combinations", "int"))
    return Table("resilience.dropped", "Combinations left out", cols, dropped, SECTION)


def rank_outputs(curve: Curve, decl: rg.Declaration, s, b: int) -> list[Finding | Table]:
    """Kendall τ-b between the baseline's ranking of the brands and each specification's (cross-sections)."""
    keys = [("resilience.rank.tau_median", "Median Kendall τ-b"), ("resilience.rank.tau_min", "Lowest Kendall τ-b"),
            ("resilience.rank.top1", "Same top unit as the baseline")]
    cols = columns(("spec", "Specification", "text"), ("tau", "Kendall τ-b", "number", 2),
                   ("top", "Best-rated brand", "text"), ("same_top", "Same top as baseline", "text"))
    table = Table("resilience.rank", "Ranking of the brands by specification", cols, [], SECTION)
    if s.design != "cross_section":
        why = "the units are periods of one series; rank stability applies to a cross-section of brands"
        return [F(k, label, None, reason=why) for k, label in keys] + [table]
    key = lambda sp: tuple(sp[f] for f in rg.FACTORS if f != "lag")  # noqa: E731
    labels = next(iter(curve.units.values())).labels
    favourable = rg.POLARITY.get(decl.baseline["statistic"], 1)  # rank the brands best first whatever the statistic
    x0 = curve.series[key(curve.specs[b])] * favourable
    if np.isfinite(x0).sum() < 3:
        why = f"{int(np.isfinite(x0).sum())} brands reach n_min in the baseline; ranking needs at least 3"
        return [F(k, label, None, reason=why) for k, label in keys] + [table]
    top0 = labels[int(np.nanargmax(x0))]
    for sp in curve.specs:
        x = curve.series[key(sp)] * favourable
        top = labels[int(np.nanargmax(x))] if np.isfinite(x).any() else None
        table.rows.append({"spec": sp["id"], "tau": rg.kendall_tau_b(x0, x), "top": top, "same_top": top == top0})
    taus = [r["tau"] for r in table.rows if r["tau"] is not None]
    n = len(taus)
    top1 = float(np.mean([r["same_top"] for r in table.rows]))
    return [F(keys[0][0], keys[0][1], float(np.median(taus)) if taus else None, n=n, decimals=3),
            F(keys[1][0], keys[1][1], float(min(taus)) if taus else None, n=n, decimals=3),
            F(keys[2][0], keys[2][1], top1, unit="share", n=len(table.rows), decimals=3, extra={"top": top0}), table]
