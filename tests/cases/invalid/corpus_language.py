"""Corpus cases for post language (issue 10, item 1): what case.yaml says about the language of the posts."""

from __future__ import annotations

from make_corpus import POSTS, add_data, case, write

SURVEY = """period_start,period_end,value,n_respondents,sd
2026-01-01,2026-01-31,72.5,310,14.2
2026-02-01,2026-02-28,71.0,298,13.9
"""


@case(build=True)
def posts_language_unknown(d):
    # a truncated language name would set every post aside as "another language": refused at its key
    write(d, "data/posts.csv", POSTS)
    add_data(d, "  posts: {file: data/posts.csv, timezone: Europe/Rome, language: engl}")
    write(d, "data/survey.csv", SURVEY)
    add_data(d, "  traditional: {file: data/survey.csv}")
