"""Corpus cases for `smaa check` as the whole verdict (issue 10, item 5): cross-file facts, text left from the
`smaa new` template, and problems of several stages reported in one run."""

from __future__ import annotations

from make_corpus import add_data, case, edit, write

KPIS = """interviewee_id,function,kpi_name,kpi_category,frequency,reported_to_function,reported_to_level
INT-01,comms,reach,network,weekly,comms,L1
INT-02,mkt,share_of_voice,conversation,monthly,mkt,L1
INT-03,mkt,csat_social,opinion,monthly,comms,L2
INT-04,mkt,leads,financial,quarterly,mkt,L2
"""


@case
def interview_date_outside_period(d):
    # a month typed wrong: the interview falls after the fieldwork period case.yaml states (a warning)
    edit(d, "data/interviewees.csv", "INT-12,mkt,L2,Milano,false,2026-03-13,51\n",
         "INT-12,mkt,L2,Milano,false,2026-04-13,51\n")


@case
def kpi_function_mismatch(d):
    # INT-03 is in comms in the register, but its KPI was filed under mkt (a warning)
    write(d, "data/kpis.csv", KPIS)
    add_data(d, "  kpis: {file: data/kpis.csv}")


@case(publish=True)
def template_text(d):
    # the client name and the summary's instruction paragraph as `smaa new` wrote them: `smaa check` and
    # `smaa build` warn, `smaa publish` refuses
    edit(d, "case.yaml", "  client: Base Test S.r.l.\n", "  client: Client organisation name\n")
    edit(d, "text/summary.md", "# Summary\n", "# Summary\n\nReplace this paragraph with the executive summary. You "
         "can cite any finding by its key, for example:\n")


@case
def check_every_stage(d):
    # a data warning, a cross-file warning and a narrative error: one run reports all three, sorted
    edit(d, "data/interviewees.csv", "INT-12,mkt,L2,Milano,false,2026-03-13,51\n",
         "INT-12,mkt,L2,Milano,false,2026-02-13,51\n")
    edit(d, "text/summary.md", "{{ engagement.n_interviewees }}", "{{ engagement.n_interviewees | mean }}")
    edit(d, "case.yaml", "  client: Base Test S.r.l.\n", "  client: Client organisation name\n")
