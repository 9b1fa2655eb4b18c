"""M4.3 vertical alignment gap: the vertical alignment index (VAI) of management against operations and the
permutation test of their difference. alignment.py runs it per rated item; the defaults are its conventions."""

from __future__ import annotations

import itertools
import math

import numpy as np

VAI_ALIGNED, VAI_PARTIAL = 0.80, 0.60
EXACT_MAX, N_PERMUTATIONS, SEED = 20_000, 10_000, 20_260_401


def vai(delta: float, scale_min: float, scale_max: float) -> float:
    """VAI = 1 − |Δ|/(scale_max − scale_min)."""
    return float(1.0 - abs(delta) / (scale_max - scale_min))


def _deltas(values: np.ndarray, picks: np.ndarray) -> np.ndarray:
    """Δ = mean(picked) − mean(rest) for each row of picked indices."""
    total, n, m = values.sum(), values.size, picks.shape[1]
    s = values[picks].sum(axis=1)
    return s / m - (total - s) / (n - m)


def random_orders(n_perm: int, n: int, seed: int, memo: dict | None = None) -> np.ndarray:
    """n_perm seeded random orderings of n positions (a split takes the first m of a row). They depend on n,
    not on the scores, so the items of a case with as many ratings share them (`memo`, one per run): drawing
    and sorting 10 000 rows is most of a test's cost."""
    key = (n_perm, n, seed)
    if memo is None or key not in memo:
        order = np.argsort(np.random.default_rng(seed).random((n_perm, n)), axis=1)
        if memo is None:
            return order
        memo[key] = order
    return memo[key]


def permutation_test(mgmt, ops, exact_max: int = EXACT_MAX, n_perm: int = N_PERMUTATIONS,
                     seed: int = SEED, memo: dict | None = None) -> dict:
    """Two-sided permutation test of Δ = mean(mgmt) − mean(ops): every split when C(n, n_mgmt) ≤ exact_max
    (p = share of splits with |Δ| ≥ observed), else n_perm seeded random splits (p = (b + 1)/(n_perm + 1))."""
    # sorted within each side: Δ does not depend on order, so neither may the random splits (row-order invariance)
    x = np.concatenate([np.sort(np.asarray(mgmt, float)), np.sort(np.asarray(ops, float))])
    n, m = x.size, len(mgmt)
    observed = float(np.mean(mgmt) - np.mean(ops))
    splits = math.comb(n, m)
    if splits <= exact_max:
        picks = np.array(list(itertools.combinations(range(n), m)), dtype=int).reshape(splits, m)
        hits = int((np.abs(_deltas(x, picks)) >= abs(observed) - 1e-9).sum())
        return {"delta": observed, "p": hits / splits, "method": "exact", "permutations": splits}
    picks = random_orders(n_perm, n, seed, memo)[:, :m]
    hits = int((np.abs(_deltas(x, picks)) >= abs(observed) - 1e-9).sum())
    return {"delta": observed, "p": (hits + 1) / (n_perm + 1), "method": "monte carlo", "permutations": n_perm}


def vai_band(v: float | None, aligned: float = VAI_ALIGNED, partial: float = VAI_PARTIAL) -> str:
    if v is None:
        return ""
    return "aligned" if v >= aligned else ("partial" if v >= partial else "misaligned")
