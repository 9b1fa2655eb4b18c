"""One home for the facts several stages share: vocabularies, defaults, thresholds and bands.

The schema (spec/schema.py), the analyses, the pages and the generated references all read these names
instead of keeping copies that a test has to hold equal. This module imports nothing, so reading the schema
or rebuilding the narrative never loads pandas, and any stage may import it (like errors.py). The data files'
own vocabularies (size bands, post labels, code domains) live next to the column contract in spec/columns.py.
"""

from __future__ import annotations

# ---- disclosure control (M12) ------------------------------------------------------------------------------
K_MIN_DEFAULT = 5  # report.k_min when case.yaml sets none: fewest respondents behind a published cell

# ---- the value chapter (M8–M10): value.<key> choices and convention defaults -------------------------------
VALUE_DESIGNS = ("time_series", "cross_section", "panel")
SMI_MEASURES = ("mean_compound", "share_negative", "net_sentiment")
SCORERS = ("vader", "provided", "human_label")
ENTITY_CHOICES = ("brand_field", "mention_in_text")
PERIODS = ("day", "week", "month", "quarter", "fieldwork")
INCLUDE_EXCLUDE = ("include", "exclude")  # value.retweets, value.brand_posts
CORRELATIONS = ("pearson_r", "spearman_rho")  # value.primary
# value.<key> when case.yaml sets none (value.period then follows the traditional data)
VALUE_DEFAULTS = {"design": "time_series", "smi_measure": "mean_compound", "scorer": "vader", "entity": "brand_field",
                  "retweets": "exclude", "brand_posts": "exclude", "primary": "pearson_r",
                  "seed": 0, "max_lag": 3, "bootstrap_b": 2000, "train_share": 0.5}
VALUE_N_MIN = 30  # posts a period or brand needs to count
VALUE_FDR_Q = 0.10
VALUE_MIN_LABELLED = 200
VALUE_VOLATILITY_DAYS = 30
VALUE_FREQUENCY_COMPLETENESS = 0.8
# M8 measurability checklist: item -> what it asks (the schema's description of each key)
MEASURABILITY = {
    "defined_formula": "The measure has a written formula.",
    "unit_scale": "Its unit and scale are stated.",
    "deterministic": "Anyone with the raw data recomputes the same value.",
    "lineage": "Every value can be traced back to its raw records.",
    "frequency": "It is produced at a known, regular frequency.",
}

# ---- the resilience chapter (M11): the multiverse's factors and their levels ------------------------------
RESILIENCE_FACTOR_DOCS = {
    "scorer": "sentiment scorer", "window": "SMI aggregation window", "statistic": "SMI statistic",
    "retweets": "retweets counted or not", "brand_posts": "brand-own posts counted or not",
    "outliers": "winsorising of scores", "weighting": "each post or each author weighs one",
    "entity": "brand attribution", "lag": "periods SMI leads the survey by",
}
RESILIENCE_FACTORS = tuple(RESILIENCE_FACTOR_DOCS)
RESILIENCE_STATISTICS = ("mean_compound", "median_compound", "share_negative", "net_sentiment")
RESILIENCE_WINDOWS = tuple(p for p in PERIODS if p != "fieldwork")  # finest to coarsest; fieldwork stands alone
RESILIENCE_LEVELS = {
    "scorer": SCORERS, "window": PERIODS, "statistic": RESILIENCE_STATISTICS,
    "retweets": INCLUDE_EXCLUDE, "brand_posts": INCLUDE_EXCLUDE, "outliers": ("none", "winsor_1pct"),
    "weighting": ("post", "author"), "entity": ENTITY_CHOICES, "lag": (0, 1, 2, 3),
}
# resilience.outcome as written -> the correlation it means (spearman_r is an accepted spelling)
RESILIENCE_OUTCOMES = {"pearson_r": "pearson_r", "spearman_rho": "spearman_rho", "spearman_r": "spearman_rho"}
# data conditions a constraint may require; a design name holds when the value chapter uses that design
RESILIENCE_REQUIREMENTS = ("labels_available", "scores_available", "authors_available", "brand_accounts",
                           *VALUE_DESIGNS)

# ---- benchmarking (M6) and the reference set ----------------------------------------------------------------
# Coarse NACE Rev. 2 macro-sectors, loosely after Eurostat's A*10 aggregation (B-E industry; G-I; J-N business
# services; O-U public and other services). Ours, hence configurable (benchmark.macro_sectors). Peers are widened
# to them, and a reference row that would single out a firm is coarsened to them (portfolio/reference.py).
MACRO_SECTORS = {
    **dict.fromkeys("AB", "Primary"),
    **dict.fromkeys("CDEF", "Industry and construction"),
    **dict.fromkeys("GHI", "Trade, transport and hospitality"),
    **dict.fromkeys("JKLMN", "Business services"),
    **dict.fromkeys("OPQRSTU", "Public and other services"),
}

# ---- the risk register (M7) --------------------------------------------------------------------------------
RISK_BANDS = ("Low", "Medium", "High", "Very high")  # mildest first
RISK_HIGH_PLUS = RISK_BANDS[2:]  # the ratings the report headlines


def band_rank(band) -> int:
    """Position of a risk band, mildest 0; -1 for anything else (not rated, None)."""
    return RISK_BANDS.index(band) if band in RISK_BANDS else -1
