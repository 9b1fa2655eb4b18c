"""The column contract of each data kind (canonical names, types, required), from docs/user-guide/data-formats.md."""

from __future__ import annotations

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
                  ("year", "int", False), ("org_model", "text", False)],
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
