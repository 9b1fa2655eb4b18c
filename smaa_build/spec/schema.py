"""The case.yaml schema (Cerberus). Each field's `meta.description` is its only documentation: the spec
reference page in docs/ is generated from it, and a test fails if a field has none."""

from __future__ import annotations

from ..facts import (CORRELATIONS, ENTITY_CHOICES, INCLUDE_EXCLUDE, K_MIN_DEFAULT, MEASURABILITY as CHECKLIST,
                     PERIODS, RESILIENCE_FACTOR_DOCS, RESILIENCE_LEVELS, RESILIENCE_OUTCOMES, RESILIENCE_REQUIREMENTS,
                     SCORERS, SMI_MEASURES, VALUE_DEFAULTS as DEFAULT, VALUE_DESIGNS, VALUE_FDR_Q,
                     VALUE_FREQUENCY_COMPLETENESS, VALUE_MIN_LABELLED, VALUE_N_MIN, VALUE_VOLATILITY_DAYS)
from ..i18n import LANGUAGES  # the languages with catalogues
from .columns import ORG_MODELS, SIZE_BANDS, VOCABULARY_NAMES  # the data files' vocabularies: one definition

ID = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"


def f(type_: str | list, description: str, **rules) -> dict:
    """One field: its Cerberus rules plus its description."""
    return {"type": type_, "meta": {"description": description}, **rules}


def req(type_: str | list, description: str, **rules) -> dict:
    return f(type_, description, required=True, **rules)


def record(description: str, schema: dict, **rules) -> dict:
    return f("dict", description, schema=schema, **rules)


def items(description: str, schema: dict, **rules) -> dict:
    return f("list", description, schema={"type": "dict", "schema": schema}, **rules)


def _file_options() -> dict:
    return {
        "file": req("string", "Path of the file, relative to case.yaml (CSV, XLSX or Parquet).", empty=False),
        "sheet": f("string", "Worksheet name, for XLSX files."),
        "delimiter": f("string", "CSV delimiter; detected among , ; tab | when omitted.",
                       allowed=[",", ";", "\t", "|"]),
        "decimal": f("string", "Decimal mark of numbers in the file.", allowed=[".", ","], default="."),
        "encoding": f("string", "Text encoding; UTF-8 with or without BOM when omitted.", default="utf-8"),
        "columns": f("dict", "Map canonical column names to the file's own names: {canonical: 'Name in file'}.",
                     keysrules={"type": "string"}, valuesrules={"type": "string"}),
        "true_values": f("list", "Words of the file's yes/no columns that mean true, besides true, yes, 1, sì, "
                         "ja, oui, да (any case).", schema={"type": "string"}),
        "false_values": f("list", "Words of the file's yes/no columns that mean false, besides false, no, 0, "
                          "nee, non, нет (any case).", schema={"type": "string"}),
        "unused_columns": f("list", "Columns of the file smaa does not read, listed so that `smaa check` does not "
                            "warn about each one.", schema={"type": "string"}),
    }


def _data_kind(description: str, required: bool = False, **extra) -> dict:
    return record(description, {**_file_options(), **extra}, required=required)


TZ = f("string", "IANA time zone (e.g. Europe/Rome) used for timestamps written without a UTC offset.")

DATA = {
    "interviewees": _data_kind("Interviewee register: pseudonymous ids, function, level (see data formats).",
                               required=True),
    "codes": _data_kind("Coded interviews, long format: one row per coder × interviewee × activity × dimension.",
                        required=True),
    "ratings": _data_kind("Likert ratings per interviewee and item.",
                          scale=f("list", "Rating scale [min, max] (e.g. [1, 5]).", minlength=2, maxlength=2,
                                  schema={"type": "integer"}, default=[1, 5])),
    "kpis": _data_kind("SMI KPIs each interviewee's function uses and where they are reported."),
    "flows": _data_kind("Reporting flows of SMI between function × level nodes."),
    "posts": _data_kind(
        "Social-media export (posts) for the SMI-value chapter.",
        timezone=TZ,
        language=f("string", "Declared language of the posts (ISO 639-1); other languages are excluded from VADER.",
                   default="en"),
    ),
    "traditional": _data_kind(
        "The traditional indicator (e.g. a CSAT phone survey) per period or per brand.",
        measure=f("string", "Name of the traditional measure as the report shows it.", default="Traditional indicator"),
        scale=f("list", "Scale [min, max] of the measure.", minlength=2, maxlength=2, schema={"type": "number"}),
        period=f("string", "Period type of the rows.", allowed=["week", "month", "quarter", "fieldwork", "year"],
                 default="month"),
        timezone=TZ,
    ),
    "reference": _data_kind("Reference set of past cases for benchmarking (M6)."),
}

# The allowed values and defaults below come from smaa_build/facts.py, which the analyses read too; it imports
# nothing, so reading the schema never imports pandas.
MEASURABILITY = {k: f("boolean", d) for k, d in CHECKLIST.items()}
BRAND_ACCOUNTS = {"type": ["string", "list"], "schema": {"type": "string"}}

VALUE = {
    "area": f("string", "What the traditional indicator measures (e.g. customer satisfaction), as headlines name "
              "it."),
    "design": f("string", "time_series: one company, SMI against the survey per period; cross_section: brands "
                f"or units at one time; panel: brand × period. Default {DEFAULT['design']}.",
                allowed=list(VALUE_DESIGNS)),
    "smi_measure": f("string", f"SMI statistic per period or brand (M10). Default {DEFAULT['smi_measure']}.",
                     allowed=list(SMI_MEASURES)),
    "scorer": f("string", "Sentiment source: vader (computed), provided (the export's score column) or "
                f"human_label (the label column). Default {DEFAULT['scorer']}.", allowed=list(SCORERS)),
    "entity": f("string", "How a post is attributed to a brand: the export's brand field, or the first brand "
                f"account @mentioned in the text (falling back to the field). Default {DEFAULT['entity']}.",
                allowed=list(ENTITY_CHOICES)),
    "brand": f("string", "The client's brand in a multi-brand export (time series: only its posts count)."),
    "brand_accounts": f(["dict", "list"], "The brands' own accounts: {brand: handle or [handles]} (or a list of "
                        "handles named like the brands). Used for @mention attribution and to flag brand-own "
                        "posts.", keysrules={"type": "string"}, valuesrules=BRAND_ACCOUNTS),
    "brand_map": f("dict", "Declared relabelling of the export's brand field, e.g. {Delta: JetBlue} when the "
                   "export mislabels a brand.", keysrules={"type": "string"}, valuesrules={"type": "string"}),
    "brand_noun": f("string", "How the report names one unit of a cross-section (e.g. airlines). Default brands."),
    "period": f("string", "Period SMI is re-aggregated to. Default: the traditional data's period.",
                allowed=list(PERIODS)),
    "timezone": f("string", "IANA time zone whose calendar days, weeks and months posts are binned in. "
                  "Default: data.posts.timezone, else UTC."),
    "retweets": f("string", f"Count retweets as customer voice (include) or not. Default {DEFAULT['retweets']}.",
                  allowed=list(INCLUDE_EXCLUDE)),
    "brand_posts": f("string", f"Count posts written by the brands' own accounts. Default {DEFAULT['brand_posts']}.",
                     allowed=list(INCLUDE_EXCLUDE)),
    "primary": f("string", f"The correlation the headline reports. Default {DEFAULT['primary']}.",
                 allowed=list(CORRELATIONS)),
    "traditional_measure": f("string", "Rows of the traditional data to use, when it has a measure column."),
    "seed": f("integer", f"Seed of the block bootstrap (same seed, same intervals). Default {DEFAULT['seed']}."),
    "max_lag": f("integer", "Largest lead or lag, in periods, of the cross-correlation (M9.3). "
                 f"Default {DEFAULT['max_lag']}.", min=0, max=24),
    "bootstrap_b": f("integer", f"Bootstrap resamples (M9.2). Default {DEFAULT['bootstrap_b']}.", min=200,
                     max=100_000),
    "train_share": f("number", "Share of periods used to calibrate SMI onto the survey scale before "
                     f"Bland–Altman (M9.4). Default {DEFAULT['train_share']}.", min=0.2, max=0.8),
    "quotes": f("boolean", "Quote scrubbed example posts on the page (M12: verbatim posts are searchable, so "
                "real engagements should paraphrase). Default false."),
    "scrub_patterns": items("More personal data the M12 scrubber replaces in quoted posts, besides handles, "
                            "links, e-mails, phone numbers, IBANs, card numbers and reference codes: each match "
                            "of `pattern` (a Python regular expression; `smaa check` refuses one that does not "
                            "compile or that matches empty text) becomes `<name>`.", {
                                "name": req("string", "Placeholder name, e.g. member_id (printed <member_id>).",
                                            regex=r"^[a-z][a-z0-9_]*$"),
                                "pattern": req("string", r"The regular expression, e.g. 'MB-\d{6}' (single quotes "
                                               "in YAML keep the backslashes).", empty=False),
                            }),
    "smi_processing_days": f("number", "Days from a post to its SMI being available to decision makers, added "
                             "to the latency (M8). Default 0.", min=0),
    "timeliness_sensitivity": f("number", "Exponent s of Ballou et al.'s timeliness (M8). Default 1.", min=0),
    "measurability": record("The M8 measurability checklist, per source; an undeclared source shows no score.", {
        "smi": record("Checklist for the social-media indicator.", MEASURABILITY),
        "traditional": record("Checklist for the traditional indicator.", MEASURABILITY),
    }),
    "segments": record("Segments every source should cover (M8 segment completeness).", {
        "field": req("string", "Column of posts and traditional data holding the segment (e.g. brand)."),
        "required": req("list", "Segments that must each reach n_min.", schema={"type": "string"}, minlength=1),
    }),
    "n_min": f("integer", "Posts a period or brand needs to count (M8); same as conventions value.n_min. "
               f"Default {VALUE_N_MIN}.", min=1),
    "fdr_q": f("number", f"Benjamini–Hochberg q (M9.5). Default {VALUE_FDR_Q:.2f}.", min=0.001, max=0.5),
    "min_labelled": f("integer", f"Labelled posts needed to validate a scorer (M8). Default {VALUE_MIN_LABELLED}.",
                      min=1),
    "volatility_days": f("number", "Shelf life of a satisfaction value in the timeliness formula (M8). "
                         f"Default {VALUE_VOLATILITY_DAYS}.", min=1),
    "frequency_completeness": f("number", "Share of periods that must reach n_min for a granularity to count as "
                                f"attainable. Default {VALUE_FREQUENCY_COMPLETENESS}.", min=0.01, max=1),
}

# M11 factors and their levels: the same facts analyses/resilience/grid.py reads
LEVELS = {factor: list(levels) for factor, levels in RESILIENCE_LEVELS.items()}
FACTOR_DOCS = RESILIENCE_FACTOR_DOCS


def _level(f_: str) -> dict:
    return {"type": "integer" if f_ == "lag" else "string", "allowed": LEVELS[f_]}


def _factors(description: str, many: bool) -> dict:
    fields = {}
    for f_, doc in FACTOR_DOCS.items():
        if many:
            fields[f_] = f("list", f"Levels of the {doc}.", minlength=1, schema=_level(f_))
        else:
            fields[f_] = f(_level(f_)["type"], f"Baseline {doc}.", allowed=LEVELS[f_])
    return record(description, fields)


def _condition(description: str) -> dict:
    """{factor: level or [levels]} in a constraint."""
    return f("dict", description, keysrules={"type": "string", "allowed": list(LEVELS)},
             valuesrules={"type": ["string", "integer", "list"]})


RESILIENCE = {
    "outcome": f("string", "Correlation the curve is drawn for. Default: value.primary.",
                 allowed=list(RESILIENCE_OUTCOMES)),
    "baseline": _factors("The specification the report's headline uses; unset factors follow the value chapter's "
                         "own choices.", many=False),
    "choices": _factors("The levels each factor may take; an undeclared factor gets smaa's default levels "
                        "(methods.md M11).", many=True),
    "constraints": items("Rules that drop redundant or invalid specifications (replace smaa's default rules).", {
        "if": {**_condition("The specifications the rule applies to."), "required": True},
        "then": _condition("Levels those specifications must have."),
        "require": f(["string", "list"], "Data conditions those specifications need "
                     f"({', '.join(RESILIENCE_REQUIREMENTS)})."),
        "why": f("string", "Why, in one sentence, for the appendix."),
    }),
}

SCHEMA = {
    "spec_version": req("integer", "Version of this spec format. Only 1 exists.", allowed=[1]),
    "engagement": record("Who the assessment is for and when it took place.", {
        "id": req("string", "Case id: letters, digits, - and _; names the build and publish folders.", regex=ID),
        "client": req("string", "Client organisation's legal name (shown only if report.show_client_name).",
                      empty=False),
        "codename": f("string", "Codename shown instead of the client name when show_client_name is false."),
        "sector": f("string", "NACE Rev. 2 section letter (A–U), used to select benchmark peers.",
                    regex=r"^[A-U]$"),
        "size_band": f("string", "Employee size band, used to select benchmark peers.", allowed=SIZE_BANDS),
        "country": f("string", "ISO 3166-1 alpha-2 country code.", regex=r"^[A-Z]{2}$"),
        "language": f("string", "Language of the report (ISO 639-1). Every word smaa writes (site, PDF, deck) is in "
                      "it; case text (labels, narrative) is the case's own.", default="en",
                      allowed=list(LANGUAGES)),
        "org_model": f("string", "Organisational model of social-media work (Owyang/Altimeter typology).",
                       allowed=ORG_MODELS),
        "core_process": f("string", "The process the client focuses on; recommendations for it are flagged."),
        "period": record("Interview fieldwork window.", {
            "start": req("date", "First interview day (YYYY-MM-DD)."),
            "end": req("date", "Last interview day (YYYY-MM-DD)."),
        }),
    }, required=True),
    "report": record("This version of the report.", {
        "round": req("integer", "Feedback round number of this version (1 = first draft).", min=1),
        "status": req("string", "draft shows a DRAFT banner; final is the signed-off report.",
                      allowed=["draft", "final"]),
        "date": req("date", "Date printed on this version (YYYY-MM-DD)."),
        "authors": f("list", "Authors as printed on the cover.", schema={"type": "string"}, default=[]),
        "k_min": f("integer", "Minimum respondents behind any published cell (M12); 3–10.", min=3, max=10,
                   default=K_MIN_DEFAULT),
        "show_client_name": f("boolean", "Print the client's name; false prints the codename.", default=False),
        "privacy": f("string", "How the hosted site is protected: host-auth (recommended: the host enforces a "
                     "login for the whole site) or encrypted (for hosts without auth: every page is encrypted "
                     "with the password in the SMAA_SITE_PASSWORD environment variable, never written in "
                     "case.yaml; search is off).",
                     allowed=["host-auth", "encrypted"], default="host-auth"),
        "confidentiality": f("string", "Confidentiality line printed in every page footer.",
                             default="Confidential. Prepared for the client's internal use only."),
        "feedback_email": f("string", "The research team's address: every page of a draft gets a 'Comment on "
                            "this page' link that opens an e-mail to it, its subject naming the version and the "
                            "section (the section id that feedback items use). Omitted: no link.",
                            regex=r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$"),
    }, required=True),
    "organisation": record("The client's functions, hierarchical levels and SMI activities.", {
        "functions": items("Functions interviewed (horizontal diffusion).", {
            "id": req("string", "Function id used in the data files.", regex=ID),
            "label": req("string", "Function name as the report prints it.", empty=False),
            "headcount": f("integer", "Headcount, used to weight department risks (M7).", min=0),
        }, required=True, minlength=1),
        "levels": items("Hierarchical levels, rank 1 = top (vertical diffusion).", {
            "id": req("string", "Level id used in the data files.", regex=ID),
            "label": req("string", "Level name as the report prints it.", empty=False),
            "rank": req("integer", "Rank: 1 is the top level.", min=1),
        }, required=True, minlength=1),
        "management_levels": f("list", "Level ids grouped as management for the vertical gap (M4.3); the "
                               "other levels form operations.", schema={"type": "string"}),
        "activities": items("Activities in which SMI may be used.", {
            "id": req("string", "Activity id used in the data files.", regex=ID),
            "label": req("string", "Activity name as the report prints it.", empty=False),
        }, required=True, minlength=1),
    }, required=True),
    "data_roots": f("list", "Extra folders (relative to case.yaml) data files may live in, e.g. the shared "
                    "reference set ../_reference. A folder outside the case's git repository (outside the case "
                    "folder's parent when the case is in no repository) must be stated as {path: /srv/x, "
                    "outside_repository: true}; the file-system root, a home folder or a folder holding either "
                    "is always refused.", schema={"type": ["string", "dict"], "schema": {
                        "path": req("string", "The folder, relative to case.yaml or absolute.", empty=False),
                        "outside_repository": f("boolean", "Allow a folder outside the case's repository; "
                                                "say so in a comment: why the data live there."),
                    }}, default=[]),
    "data": record("Data files of the engagement.", DATA, required=True),
    "vocabularies": f("dict", "Values a closed column of the data files may take besides smaa's own: "
                      "{vocabulary: [values]}, e.g. {kpi_frequency: [biweekly]}. Vocabularies: sector, size_band, "
                      "org_model (reference set), kpi_category, kpi_frequency (kpis), flow_artefact (flows), "
                      "post_label (posts); see the data formats page. A declared value is accepted, not interpreted: "
                      "a declared sector joins peers only through benchmark.sector_groups, a declared size band "
                      "matches no company's band, and a declared post label counts as no label.",
                      keysrules={"type": "string", "allowed": VOCABULARY_NAMES},
                      valuesrules={"type": "list", "schema": {"type": "string"}}, default={}),
    "narrative": f("dict", "Researcher narrative per report section: {section: path/to/file.md}. Text may "
                   "cite findings as {{ key }}.", keysrules={"type": "string"}, valuesrules={"type": "string"},
                   default={}),
    "conventions": f("dict", "Overrides of [SMAA convention] thresholds by name (listed in the appendix).",
                     default={}),
    "value": record("Options of the SMI-value chapter (M8–M10); see the methodology page.", VALUE, default={}),
    "resilience": record("Multiverse declaration of the resilience chapter (M11).", RESILIENCE, default={}),
    "risks": f("dict", "Risk register settings (M7): criteria, bands, default_impact, weights, overrides, manual "
               "risks; see the methodology page.", default={}),
    "benchmark": record("Benchmarking settings (M6) and the case's place in the reference set.", {
        "n_peer_min": f("integer", "Fewest peers before the peer group is widened (SMAA convention 5).", min=1),
        "sector_groups": f("dict", "NACE sections benchmarked together: {section: group name}."),
        "macro_sectors": f("dict", "Macro-sector of each NACE section, for the widened peer group: "
                           "{section: macro-sector}."),
        "consent": f("boolean", "The client agreed that the final version's anonymised profile (sector, size "
                     "band, country, year, organisational model and the benchmarked indices; never its name, "
                     "codename or any text) joins the group's reference set: `smaa reference add` refuses a case "
                     "without it.", default=False),
    }, default={}),
    "recommendations": items("Researcher-written recommendations, tied to risk ids.", {
        "id": req("string", "Recommendation id.", regex=ID),
        "risk_ids": f("list", "Risk ids this recommendation treats.", schema={"type": "string"}, default=[]),
        "title": req("string", "Action title.", empty=False),
        "text": req("string", "Recommendation text (Markdown).", empty=False),
        "owner": f("string", "Owning role (never a name)."),
        "horizon": f("string", "When.", allowed=["now", "3 months", "6 months", "12 months"]),
        "core_process": f("boolean", "Flag the recommendation as part of the core-process focus."),
    }, default=[]),
    "feedback": items("Client feedback items, by round.", {
        "id": req("string", "Feedback id, e.g. F1.", regex=ID),
        "round": req("integer", "Round whose draft the feedback is about.", min=1),
        "from": req("string", "Who sent it, as a role (never a name).", empty=False),
        "section": req("string", "Report section the item is about (a page id)."),
        "text": req("string", "What the client said.", empty=False),
        "response": f("string", "The team's response; required once addressed."),
        "status": req("string", "Where the item stands.", allowed=["open", "addressed", "declined", "deferred"]),
    }, default=[]),
}
