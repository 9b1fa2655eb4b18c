"""What the resilience analysis (M11) and its outputs share: the section, the labels of the grid's factors and
levels, and the specification curve. Apart from resilience.py so that resilience_outputs.py need not import it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SECTION = "resilience"
FACTOR_LABELS = {"scorer": "Sentiment scorer", "window": "Period", "statistic": "SMI statistic",
                 "retweets": "Retweets", "brand_posts": "Brand's own posts", "outliers": "Extreme scores",
                 "weighting": "Weighting", "entity": "Brand attribution", "lag": "Lag"}
LEVEL_LABELS = {"vader": "VADER", "provided": "export's own score", "human_label": "human labels",
                "mean_compound": "mean score", "median_compound": "median score", "share_negative": "share negative",
                "net_sentiment": "net sentiment", "include": "included", "exclude": "excluded", "none": "kept",
                "winsor_1pct": "winsorised 1%", "post": "one post one vote", "author": "one author one vote",
                "brand_field": "brand field", "mention_in_text": "@mention", 0: "same period", 1: "SMI 1 period ahead",
                2: "SMI 2 periods ahead", 3: "SMI 3 periods ahead", "week": "week", "month": "month", "day": "day",
                "quarter": "quarter", "fieldwork": "fieldwork window", None: "–"}


def level_label(level) -> str:
    return LEVEL_LABELS.get(level, str(level))


@dataclass
class Curve:
    specs: list  # the grid's specifications
    est: np.ndarray  # draws × specs; draw 0 is the observed alignment
    sig: np.ndarray  # draws × specs, significant at alpha
    corr: list  # observed co.Corr per spec (interval, p, reason)
    series: dict  # series key -> SMI per unit
    units: dict  # (window, entity) -> Units
