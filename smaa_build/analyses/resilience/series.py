"""M11's SMI statistic per unit from post level, for many specifications of one curve at once.

A curve of 80 specifications asks for about 40 series, all from the same few (units, scorer) pairs and the same
few sets of counted posts (retweets and brand posts kept or dropped). So the work is shared: `Assigned` holds one
(units, scorer)'s scores and classes per assignment (a post in a unit), `Kept` one set of counted posts with the
weights and winsorised scores its statistics read, each made once. Every per-unit sum is a `np.bincount` over all
assignments in their own order, with weight 0 on the posts not counted: adding +0.0 (or −0.0) leaves a float sum
unchanged, so each series has the same bits as the bincount over the counted posts alone.
"""

from __future__ import annotations

import numpy as np

from ..value import sentiment as se

SCORE_STEP = 1e4  # VADER and the export's scores have four decimals: an int16 key sorts them like the floats


def weighted_median(u: np.ndarray, v: np.ndarray, w: np.ndarray, size: int) -> np.ndarray:
    """Per unit, the mean of the lowest value whose cumulative weight reaches half the total and the lowest that
    passes it: the ordinary median when weights are equal."""
    order = np.lexsort((v, u))
    return sorted_median(u[order], v[order], w[order], size)


def sorted_median(u: np.ndarray, v: np.ndarray, w: np.ndarray | None, size: int) -> np.ndarray:
    """`weighted_median` of assignments already in (unit, value) order; `w` None weighs each one 1 (the running
    and per-unit sums of ones are counts, exactly)."""
    out = np.full(size, np.nan)
    if not u.size:
        return out
    total = np.bincount(u, minlength=size).astype(float) if w is None else np.bincount(u, w, size)
    present = np.flatnonzero(total > 0)
    first = np.searchsorted(u, present)  # each unit's first assignment: its running sum starts after cw[first − 1]
    if w is None:  # the running sums are 1, 2, …, n: how many are below a target is a count, no array needed
        base = first.astype(float)
        target, eps = base + total[present] / 2, 1e-9 * total[present]
        lo = np.clip(np.ceil(target - eps) - 1, 0, u.size).astype(np.intp)  # searchsorted(cw, ·, "left")
        hi = np.clip(np.floor(target + eps), 0, u.size).astype(np.intp)  # searchsorted(cw, ·, "right")
    else:
        cw = np.cumsum(w)
        base = np.where(first > 0, cw[np.maximum(first - 1, 0)], 0.0)
        target, eps = base + total[present] / 2, 1e-9 * total[present]
        lo = np.searchsorted(cw, target - eps, side="left")
        hi = np.searchsorted(cw, target + eps, side="right")
    hi = np.minimum(hi, u.size - 1)
    out[present] = (v[lo] + v[hi]) / 2
    return out


def unit_value_order(u: np.ndarray, v: np.ndarray, size: int) -> np.ndarray:
    """`np.lexsort((v, u))`: by unit, then value, then position. Scores with four decimals (VADER's, the export's,
    human labels) sort as int16 keys, which numpy sorts by radix in linear time; others by lexsort."""
    key = np.rint(v * SCORE_STEP)
    if size < 2**15 and v.size and np.abs(key).max() < 2**15 and np.array_equal(key / SCORE_STEP, v):
        by_value = np.argsort(key.astype(np.int16), kind="stable")  # equal keys are equal values
        return by_value[np.argsort(u.astype(np.int16)[by_value], kind="stable")]
    return np.lexsort((v, u))


# per-assignment arrays of the classes: (unit, class) as one code for counting, and each post's share and net terms
CLASS_ARRAYS = {"code": lambda u, c: u * 3 + c + 1, "negative": lambda u, c: c == -1,
                "net": lambda u, c: (c == 1) * 1.0 - (c == -1)}


class Memo:
    def _once(self, key, make):
        memo = self.__dict__.setdefault("_memo", {})
        if key not in memo:
            memo[key] = make()
        return memo[key]


class Assigned(Memo):
    """One (units, scorer): the unit, score and class of every assignment, scores of unscored posts set to 0 (no
    set of counted posts includes them)."""

    def __init__(self, units, scores: np.ndarray, cls: np.ndarray):
        self.units, self.size = units, units.size
        v = scores[units.post]
        self.scored = np.isfinite(v)
        self.v, self.c = np.where(self.scored, v, 0.0), cls[units.post]

    def order(self) -> np.ndarray:
        """Every assignment by (unit, score, position), made once for the medians of all kept sets."""
        return self._once("order", lambda: unit_value_order(self.units.unit, self.v, self.size))

    def product(self, w: np.ndarray, x: np.ndarray) -> np.ndarray:
        """w·x per assignment, written over the previous product: a million-element temporary per statistic costs
        a fresh allocation (page faults) each time."""
        return np.multiply(w, x, out=self._once("scratch", lambda: np.empty(self.v.size)))

    def class_array(self, name: str) -> np.ndarray:
        """CLASS_ARRAYS[name] of the scores' own classes, shared by every kept set."""
        return self._once(name, lambda: CLASS_ARRAYS[name](self.units.unit, self.c))

    def kept(self, keep: np.ndarray) -> Kept:
        return Kept(self, keep[self.units.post] & self.scored)


class Kept(Memo):
    """The assignments one set of counted posts keeps (`m`), with what its statistics share made once each: the
    weights and their per-unit totals, the (winsorised) scores and classes, the class counts, the median order."""

    def __init__(self, a: Assigned, m: np.ndarray):
        self.a, self.m, self.u, self.size = a, m, a.units.unit, a.size
        self.n = np.bincount(self.u[m], minlength=a.size)

    def weights(self, weighting: str) -> np.ndarray:
        """1 per counted post, or 1/(the author's counted posts in the unit); 0 for posts not counted (one post one
        vote: the mask itself, which a product turns into 1.0 and 0.0)."""
        def make():
            if weighting == "post":
                return self.m
            pair = self.a.units.pair
            k = np.bincount(pair[self.m], minlength=int(pair.max()) + 1 if pair.size else 0)
            with np.errstate(divide="ignore"):
                w = (1.0 / k)[pair]  # one division per (unit, author), the same quotient as per post
            w[~self.m] = 0.0
            return w
        return self._once(("w", weighting), make)

    def total(self, weighting: str) -> np.ndarray:
        """Σ weights per unit; one post one vote sums ones, so it is the count (exactly, as a float)."""
        return self._once(("total", weighting), lambda: self.n.astype(float) if weighting == "post"
                          else np.bincount(self.u, self.weights(weighting), self.size))

    def values(self, outliers: str) -> np.ndarray:
        """The score per assignment, clipped at the counted posts' 1st and 99th percentiles when winsorised."""
        def make():
            if outliers == "winsor_1pct" and self.m.any():
                bounds = np.percentile(self.a.v[self.m], [1, 99], overwrite_input=True)  # partitions its own copy
                return np.clip(self.a.v, *bounds)
            return self.a.v
        return self._once(("v", outliers), make)

    def class_array(self, outliers: str, name: str) -> np.ndarray:
        """CLASS_ARRAYS[name] of the (winsorised) scores' classes: the scores' own ones are shared by all kept sets."""
        v = self.values(outliers)
        if v is self.a.v:
            return self.a.class_array(name)
        return self._once((name, outliers), lambda: CLASS_ARRAYS[name](self.u, self._once("c", lambda: se.classify(v))))

    def class_counts(self, outliers: str) -> tuple[np.ndarray, np.ndarray]:
        """(negative, positive) counted posts per unit."""
        def make():
            code = self.class_array(outliers, "code")[self.m]
            counts = np.bincount(code, minlength=3 * self.size).reshape(self.size, 3)
            return counts[:, 0], counts[:, 2]
        return self._once(("counts", outliers), make)

    def sorted_values(self, outliers: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The counted assignments in (unit, score, position) order: (order, unit, score)."""
        def make():
            v = self.values(outliers)
            if v is self.a.v:
                o = self.a.order()
                o = o[self.m[o]]
            else:  # clipping ties scores the shared order keeps apart: sort the counted ones again
                kept = np.flatnonzero(self.m)
                o = kept[np.lexsort((v[kept], self.u[kept]))]
            return o, np.repeat(np.arange(self.size), self.n), v[o]  # in unit order, unit j appears n[j] times
        return self._once(("sorted", outliers), make)

    def statistic(self, statistic: str, weighting: str, outliers: str, n_min: int) -> np.ndarray:
        """The SMI statistic per unit, missing where fewer than n_min posts count."""
        w, total = self.weights(weighting), self.total(weighting)
        with np.errstate(invalid="ignore", divide="ignore"):
            if statistic == "median_compound":
                o, u, v = self.sorted_values(outliers)
                x = sorted_median(u, v, None if weighting == "post" else w[o], self.size)
            elif statistic == "mean_compound":
                x = np.bincount(self.u, self.a.product(w, self.values(outliers)), self.size) / total
            elif weighting == "post":  # sums of ones: the class counts, exactly
                neg, pos = self.class_counts(outliers)
                x = (neg if statistic == "share_negative" else pos - neg) / total
            else:
                per_post = self.class_array(outliers, "negative" if statistic == "share_negative" else "net")
                x = np.bincount(self.u, self.a.product(w, per_post), self.size) / total
        return np.where(self.n >= n_min, x, np.nan)


def smi_series(units, scores: np.ndarray, cls: np.ndarray, keep: np.ndarray, statistic: str, weighting: str,
               outliers: str, n_min: int) -> np.ndarray:
    """The SMI statistic per unit from post level, missing where fewer than n_min posts count."""
    return Assigned(units, scores, cls).kept(keep).statistic(statistic, weighting, outliers, n_min)
