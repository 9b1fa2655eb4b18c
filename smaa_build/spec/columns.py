"""The column contract of each data kind (canonical names, types, required), from docs/user-guide/data-formats.md."""

from __future__ import annotations

import bisect
import math
import re

# kind -> [(column, type, required)]; types: id, text, int, number, bool, date, timestamp
CONTRACT: dict[str, list[tuple[str, str, bool]]] = {
    "interviewees": [("interviewee_id", "id", True), ("function", "id", True), ("level", "id", True),
                     ("site", "text", False), ("unique_role", "bool", False), ("interview_date", "date", False),
                     ("duration_min", "number", False)],
    "codes": [("interviewee_id", "id", True), ("coder_id", "text", True), ("activity", "id", True),
              ("dimension", "text", True), ("value", "text", True)],
    "ratings": [("interviewee_id", "id", True), ("item", "text", True), ("score", "number", True)],
    "kpis": [("interviewee_id", "id", True), ("function", "id", True), ("kpi_name", "text", True),
             ("kpi_category", "text", False), ("frequency", "text", False), ("reported_to_function", "id", False),
             ("reported_to_level", "id", False)],
    "flows": [("from_function", "id", True), ("from_level", "id", True), ("to_function", "id", True),
              ("to_level", "id", True), ("artefact", "text", False), ("frequency_per_month", "number", False)],
    "posts": [("post_id", "text", True), ("created_at", "timestamp", True), ("text", "text", True),
              ("brand", "text", False), ("author_id", "text", False), ("is_retweet", "bool", False),
              ("is_brand_author", "bool", False), ("label", "text", False), ("label_confidence", "number", False),
              ("score", "number", False), ("language", "text", False)],
    "traditional": [("period_start", "date", True), ("period_end", "date", True), ("value", "number", True),
                    ("brand", "text", False), ("n_respondents", "int", False), ("sd", "number", False),
                    ("fieldwork_end", "date", False), ("published_at", "date", False), ("deff", "number", False)],
    "reference": [("case_id", "text", True), ("sector", "text", True), ("size_band", "text", True),
                  ("year", "int", False), ("org_model", "text", False), ("country", "text", False)],
}

# Columns whose values must be declared ids: (kind, column) -> organisation list or another table's column
VOCABULARY = {
    ("interviewees", "function"): "functions", ("interviewees", "level"): "levels",
    ("codes", "activity"): "activities", ("kpis", "function"): "functions",
    ("kpis", "reported_to_function"): "functions", ("kpis", "reported_to_level"): "levels",
    ("flows", "from_function"): "functions", ("flows", "to_function"): "functions",
    ("flows", "from_level"): "levels", ("flows", "to_level"): "levels",
}

CODE_DOMAINS = {
    "use": ["0", "1"],
    "intensity": ["0", "1", "2", "3"],
    "purpose": ["diagnostic", "interactive", "beliefs", "boundary"],
    "metric_category": ["financial", "network", "interaction", "conversation", "opinion"],
    "collection_method": ["manual", "semi_automated", "automated"],
    "analysis_method": ["counts", "content", "sentiment", "network"],
}

UNIQUE = {"interviewees": ["interviewee_id"], "reference": ["case_id"]}


# ---- closed vocabularies of the data files. The analyses import these same constants (benchmark: size bands,
# sectors, metric names; sentiment: post labels), so what `smaa check` accepts is what they understand.
SIZE_BANDS = ["<250", "250-999", "1000-4999", ">=5000"]  # also engagement.size_band in case.yaml
# The wider band a reference row coarsened for k-anonymity carries instead of its own (portfolio/reference.py)
WIDER_SIZE_BANDS = dict(zip(SIZE_BANDS, ["<1000", "<1000", ">=1000", ">=1000"]))
ORG_MODELS = ["organic", "centralised", "hub_and_spoke", "multiple_hub_and_spoke", "holistic"]
KPI_FREQUENCIES = ["daily", "weekly", "monthly", "quarterly", "ad_hoc"]
ARTEFACTS = ["dashboard", "report", "email", "meeting"]
POST_LABELS = ["negative", "neutral", "positive"]
NACE_SECTIONS = [chr(c) for c in range(ord("A"), ord("U") + 1)]
NACE_CODE = r"([A-Ua-u])(?:[.\s]?\d.*)?"  # 'J', 'j62', 'J.62' all name section J
# The benchmarked metrics a reference file may carry (each 0-1), with the label the report gives them
REFERENCE_METRICS = {
    "hdi": "Horizontal diffusion index (HDI)",
    "vdi": "Vertical diffusion index (VDI)",
    "hi": "SMI intensity index",
    "vai": "Vertical alignment index (VAI)",
    "kpi_jaccard": "KPI overlap across functions (mean Jaccard)",
    "manual_share": "Share of manual SMI collection",
}

# (kind, column) -> name of the vocabulary (what case.yaml declares extra values under `vocabularies:`), allowed
CLOSED = {
    ("reference", "sector"): ("sector", NACE_SECTIONS),
    ("reference", "size_band"): ("size_band", SIZE_BANDS),
    ("reference", "org_model"): ("org_model", ORG_MODELS),
    ("kpis", "kpi_category"): ("kpi_category", CODE_DOMAINS["metric_category"]),
    ("kpis", "frequency"): ("kpi_frequency", KPI_FREQUENCIES),
    ("flows", "artefact"): ("flow_artefact", ARTEFACTS),
    ("posts", "label"): ("post_label", POST_LABELS),
}

# (kind, column) -> (lowest, highest, lowest excluded); every number is also checked finite
RANGES = {
    ("interviewees", "duration_min"): (0, None, True),
    ("flows", "frequency_per_month"): (0, None, False),
    ("posts", "label_confidence"): (0, 1, False),
    ("posts", "score"): (-1, 1, False),
    ("traditional", "n_respondents"): (0, None, False),
    ("traditional", "sd"): (0, None, False),
    ("traditional", "deff"): (0, None, True),
    **{("reference", m): (0, 1, False) for m in REFERENCE_METRICS},
}

VOCABULARY_NAMES = [name for name, _allowed in CLOSED.values()]

# Yes/no words of every language smaa reports in (en, it, nl, fr, ru; ja is also German); a file may declare more
TRUE_WORDS = ["true", "yes", "y", "t", "1", "sì", "si", "ja", "oui", "да"]
FALSE_WORDS = ["false", "no", "n", "f", "0", "nee", "non", "нет"]

# Columns smaa reads beyond the contract, when the spec option on the right is set: (kind, column) -> option
READ_WHEN = {("traditional", "measure"): ("value", "traditional_measure")}


def canonical(kind: str) -> list[str]:
    """The names a `columns:` mapping of this kind may use: its contract, and for the reference set the metrics."""
    return [c for c, _t, _r in CONTRACT[kind]] + (list(REFERENCE_METRICS) if kind == "reference" else [])


def size_band(value) -> str | None:
    """Normalise a size band ('≥5000', '250–999') or an employee count to one of SIZE_BANDS."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (int, float)):
        return SIZE_BANDS[bisect.bisect_right([250, 1000, 5000], value)]
    text = str(value).strip().replace("≥", ">=").replace("–", "-").replace(" ", "").replace(",", "")
    text = {"5000+": ">=5000", "<=249": "<250", "0-249": "<250"}.get(text, text)
    return text if text in SIZE_BANDS else None


def nace_section(value) -> str | None:
    """'J', 'j62', 'J.62' -> 'J'; any other text is kept (lower-cased) so that free-text sectors still match."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    m = re.fullmatch(NACE_CODE, text)
    return m.group(1).upper() if m else text.lower()
