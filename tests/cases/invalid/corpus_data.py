"""Corpus cases for data-file fidelity (issue 10, items 2 and 3): nothing unknown accepted silently, ranges,
impossible dates. Each is one realistic slip in one data file, or in what case.yaml says about a file."""

from __future__ import annotations

from make_corpus import POSTS, add_data, case, edit, write

KPIS = """interviewee_id,function,kpi_name,kpi_category,frequency,reported_to_function,reported_to_level
INT-01,comms,reach,network,weekly,comms,L1
INT-02,mkt,share_of_voice,conversation,monthly,mkt,L1
INT-03,comms,csat_social,opinion,montly,comms,L2
INT-04,mkt,leads,financial,Quarterly,mkt,L2
"""

FLOWS = """from_function,from_level,to_function,to_level,artefact,frequency_per_month
comms,L2,comms,L1,report,1
mkt,L3,mkt,L2,e-mail,4
comms,L3,mkt,L3,dashboard,-2
"""

REFERENCE = """case_id,sector,size_band,year,org_model,hdi,vai,kpi_overlap
REF-01,J,250-999,2022,centralised,0.61,0.70,0.20
REF-02,M,250-999,2023,hub_and_spoke,0.55,0.64,0.31
REF-03,J,1000-4999,2021,organic,0.42,0.58,0.12
"""

LABELLED = """post_id,created_at,text,label,label_confidence,score
p1,2026-03-02T09:15:00+01:00,Great service today,positive,0.9,0.6
p2,2026-03-02T18:40:12+01:00,Still waiting for a reply,negativ,1.2,-0.4
p3,2026-03-03T08:05:00+01:00,Thanks for the quick fix,Positive,0.8,1.7
"""

TRADITIONAL = """period_start,period_end,value,n_respondents,sd,deff
2026-01-01,2026-01-31,72.5,310,14.2,1.2
2026-02-01,2026-02-28,71.0,-3,inf,0
"""


def _survey(d, text: str) -> None:
    """A valid posts file and the survey `text` as the traditional data (the value chapter needs both)."""
    write(d, "data/posts.csv", POSTS)
    add_data(d, "  posts: {file: data/posts.csv, timezone: Europe/Rome}")
    write(d, "data/survey.csv", text)
    add_data(d, "  traditional: {file: data/survey.csv}")


def _reference(d, text: str = REFERENCE) -> None:
    write(d, "data/reference.csv", text)
    add_data(d, "  reference: {file: data/reference.csv}")


# ---- columns: mappings and columns nobody reads ------------------------------------------------------------


@case
def columns_unknown_key(d):
    # a typo in the canonical name: the mapping is not applied, so the required column is missing too
    edit(d, "data/ratings.csv", "interviewee_id,item,score\n", "interviewee_id,item,Score (1-5)\n")
    edit(d, "case.yaml", "  ratings: {file: data/ratings.csv, scale: [1, 5]}\n",
         "  ratings: {file: data/ratings.csv, scale: [1, 5], columns: {scroe: 'Score (1-5)'}}\n")


@case
def declared_column_missing(d):
    # an optional column mapped to a name the export does not have (it was renamed in a later export)
    write(d, "data/posts.csv", POSTS)
    add_data(d, "  posts: {file: data/posts.csv, timezone: Europe/Rome, columns: {brand: Marca}}")


@case
def column_mapped_twice(d):
    # a mapping copied from another case: the export's 'airline' column cannot be both the brand and the author
    write(d, "data/posts.csv", POSTS.replace("author_id", "airline"))
    add_data(d, "  posts: {file: data/posts.csv, timezone: Europe/Rome, columns: {brand: airline, author_id: airline}}")


@case
def column_mapped_onto_existing(d):
    # the export has its own `brand` column and the mapping names another one for it
    write(d, "data/posts.csv", POSTS.replace("author_id\n", "author_id,brand,airline\n").replace(",a1\n", ",a1,B,Air\n")
          .replace(",a2\n", ",a2,B,Air\n").replace(",a3\n", ",a3,B,Air\n").replace(",a4\n", ",a4,B,Air\n"))
    add_data(d, "  posts: {file: data/posts.csv, timezone: Europe/Rome, columns: {brand: airline}}")


@case(strict=True)
def unread_column(d):
    # the reference set names a metric the benchmark does not know: a warning, an error with --strict
    _reference(d)


@case
def traditional_measure_missing(d):
    _survey(d, TRADITIONAL.replace("-3,inf,0", "298,13.9,1.2"))
    write(d, "case.yaml", (d / "case.yaml").read_text(encoding="utf-8") + "\nvalue:\n  traditional_measure: CSAT\n")


# ---- closed vocabularies -------------------------------------------------------------------------------------


@case
def kpi_frequency_unknown(d):
    write(d, "data/kpis.csv", KPIS.replace(",montly,", ",monthly,").replace(",Quarterly,", ",fortnightly,"))
    add_data(d, "  kpis: {file: data/kpis.csv}")


@case
def kpi_vocabulary_slips(d):
    # a typo and a capital: both would reach the KPI chart as categories of their own
    write(d, "data/kpis.csv", KPIS.replace("reach,network", "reach,netwrok"))
    add_data(d, "  kpis: {file: data/kpis.csv}")


@case
def flow_artefact_unknown(d):
    write(d, "data/flows.csv", FLOWS.replace(",-2\n", ",2\n"))
    add_data(d, "  flows: {file: data/flows.csv}")


@case
def reference_vocabulary(d):
    _reference(d, REFERENCE.replace(",kpi_overlap", ",kpi_jaccard")
               .replace("REF-01,J,250-999,2022,centralised", "REF-01,ICT,250-999,2022,centralised")
               .replace("REF-02,M,250-999,2023,hub_and_spoke", "REF-02,M,250–999,2023,hub-and-spoke")
               .replace("REF-03,J,1000-4999", "REF-03,J,1000-5000"))


@case
def vocabulary_unknown_name(d):
    # declaring extra values under a name smaa does not have
    write(d, "data/kpis.csv", KPIS.replace(",Quarterly,", ",quarterly,"))
    add_data(d, "  kpis: {file: data/kpis.csv}")
    write(d, "case.yaml", (d / "case.yaml").read_text(encoding="utf-8")
          + "\nvocabularies:\n  frequency: [montly]\n")


@case
def post_label_unknown(d):
    write(d, "data/posts.csv", LABELLED.replace(",1.2,", ",0.7,").replace(",1.7\n", ",0.5\n"))
    add_data(d, "  posts: {file: data/posts.csv}")


# ---- booleans ----------------------------------------------------------------------------------------------


@case
def boolean_unknown_word(d):
    # German 'wahr' is no word smaa knows; 'sì' and 'nee' are
    edit(d, "data/interviewees.csv", "INT-01,comms,L1,Milano,true,", "INT-01,comms,L1,Milano,wahr,")
    edit(d, "data/interviewees.csv", "INT-02,mkt,L1,Forlì,false,", "INT-02,mkt,L1,Forlì,sì,")
    edit(d, "data/interviewees.csv", "INT-03,comms,L2,Cantù,false,", "INT-03,comms,L2,Cantù,nee,")


@case
def boolean_word_both_ways(d):
    edit(d, "case.yaml", "  interviewees: {file: data/interviewees.csv}\n",
         "  interviewees: {file: data/interviewees.csv, true_values: [x, wahr], false_values: [-, X]}\n")


# ---- ranges ------------------------------------------------------------------------------------------------


@case
def duration_not_positive(d):
    edit(d, "data/interviewees.csv", "INT-01,comms,L1,Milano,true,2026-03-02,40\n",
         "INT-01,comms,L1,Milano,true,2026-03-02,0\n")
    edit(d, "data/interviewees.csv", "INT-02,mkt,L1,Forlì,false,2026-03-03,41\n",
         "INT-02,mkt,L1,Forlì,false,2026-03-03,-41\n")


@case
def flow_frequency_negative(d):
    write(d, "data/flows.csv", FLOWS.replace(",e-mail,", ",email,"))
    add_data(d, "  flows: {file: data/flows.csv}")


@case
def post_scores_out_of_range(d):
    # a score on a 0-5 scale and a confidence in percent where -1..1 and 0..1 are expected
    write(d, "data/posts.csv", LABELLED.replace(",negativ,", ",negative,").replace(",Positive,", ",positive,"))
    add_data(d, "  posts: {file: data/posts.csv}")


@case
def survey_numbers_out_of_range(d):
    _survey(d, TRADITIONAL)


@case
def headcount_below_interviewees(d):
    # the headcount of the team interviewed, not of the function: fewer people than were interviewed
    edit(d, "case.yaml", "    - {id: mkt, label: Marketing}\n", "    - {id: mkt, label: Marketing, headcount: 3}\n")


@case
def survey_period_reversed(d):
    _survey(d, TRADITIONAL.replace("-3,inf,0", "298,13.9,1.2").replace("2026-02-01,2026-02-28",
                                                                       "2026-02-28,2026-02-01"))


@case
def survey_published_before_fieldwork(d):
    # published_at and fieldwork_end swapped in the survey export: the latency (M8) would come out negative
    _survey(d, "period_start,period_end,value,fieldwork_end,published_at\n"
            "2026-01-01,2026-01-31,72.5,2026-01-31,2026-02-14\n2026-02-01,2026-02-28,71.0,2026-03-14,2026-02-28\n")


@case
def reference_metric_out_of_range(d):
    _reference(d, REFERENCE.replace(",kpi_overlap", ",kpi_jaccard").replace("0.55,0.64", "55,0.64"))


# ---- repeats and dates -------------------------------------------------------------------------------------


@case(strict=True)
def post_id_repeated(d):
    # an export appended to itself after an edit: the same id, another text (a warning: the build keeps the first)
    write(d, "data/posts.csv", POSTS + "p2,2026-03-02 18:40:12,Still waiting for a reply!!,a2\n"
          + "p4,2026-03-03T21:30:00+01:00,Website down again,a4\n")
    add_data(d, "  posts: {file: data/posts.csv, timezone: Europe/Rome}")


@case
def impossible_dates(d):
    edit(d, "data/interviewees.csv", ",2026-03-02,40\n", ",2026-02-30,40\n")
    edit(d, "data/interviewees.csv", ",2026-03-03,41\n", ",2026-13-03,41\n")


@case
def impossible_timestamp(d):
    write(d, "data/posts.csv", POSTS.replace("2026-03-03T08:05:00", "2026-02-29T08:05:00"))
    add_data(d, "  posts: {file: data/posts.csv, timezone: Europe/Rome}")

