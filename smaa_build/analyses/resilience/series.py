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
    human labels) sort as integer keys (`packed_order`); others by lexsort."""
    return _order(u, v, grid_keys(v), size)


def _order(u: np.ndarray, v: np.ndarray, key: np.ndarray | None, size: int) -> np.ndarray:
    got = packed_order(u, key, size) if key is not None else None
    return got if got is not None else np.lexsort((v, u))


def grid_keys(v: np.ndarray) -> np.ndarray | None:
    """The scores as integers in SCORE_STEP units, which compare as the scores do; None when a score has more
    decimals (or there are none)."""
    key = np.rint(v * SCORE_STEP)
    if not v.size or np.abs(key).max() >= 2**31 or not np.array_equal(key / SCORE_STEP, v):
        return None
    return key.astype(np.int64)


def packed_order(u: np.ndarray, key: np.ndarray, size: int) -> np.ndarray | None:
    """The order by (unit, key, position) from one sort of int64 words holding the three (the positions make every
    word distinct, so an unstable sort gives the stable order): the stable sorts it replaces took 0.6-4.5 s at ten
    million assignments, this 0.3 s. None when the three do not fit in 63 bits."""
    n = u.size
    low = int(key.min()) if n else 0
    key_bits = int(key.max() - low).bit_length() if n else 0
    at_bits = max(int(n - 1).bit_length(), 1)
    if max(int(size - 1).bit_length(), 1) + key_bits + at_bits > 63:
        return None
    word = u.astype(np.int64)
    word <<= key_bits
    word |= key - low
    word <<= at_bits
    word |= np.arange(n)
    word.sort()
    word &= (1 << at_bits) - 1
    return word


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

    def keys(self) -> np.ndarray | None:
        """`grid_keys` of the scores, made once."""
        return self._once("keys", lambda: grid_keys(self.v))

    def order(self) -> np.ndarray:
        """Every assignment by (unit, score, position), made once for the medians of all kept sets."""
        return self._once("order", lambda: _order(self.units.unit, self.v, self.keys(), self.size))

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

    def bounds(self, outliers: str) -> tuple[float, float] | None:
        """The counted posts' 1st and 99th percentiles when winsorised."""
        def make():
            if outliers == "winsor_1pct" and self.m.any():
                return tuple(np.percentile(self.a.v[self.m], [1, 99], overwrite_input=True))  # its own copy
            return None
        return self._once(("bounds", outliers), make)

    def values(self, outliers: str) -> np.ndarray:
        """The score per assignment, clipped at the bounds when winsorised."""
        def make():
            bounds = self.bounds(outliers)
            return self.a.v if bounds is None else np.clip(self.a.v, *bounds)
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
            else:  # clipping ties scores the shared order keeps apart: sort again
                o = self._clipped_order(outliers)
            return o, np.repeat(np.arange(self.size), self.n), v[o]  # in unit order, unit j appears n[j] times
        return self._once(("sorted", outliers), make)

    def _clipped_order(self, outliers: str) -> np.ndarray:
        """The counted assignments by (unit, clipped score, position). On four decimals, the scores' keys with every
        score at or beyond a bound given one key below (above) all others: the clipped scores' own order and ties."""
        key, (lo, hi) = self.a.keys(), self.bounds(outliers)
        o = None
        if key is not None:
            o = packed_order(self.u, np.where(self.a.v <= lo, key.min() - 1,
                                              np.where(self.a.v >= hi, key.max() + 1, key)), self.size)
        if o is not None:
            return o[self.m[o]]
        kept, v = np.flatnonzero(self.m), self.values(outliers)
        return kept[np.lexsort((v[kept], self.u[kept]))]

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
