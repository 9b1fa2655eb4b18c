"""Why a statistic could not be computed, as the analyses say it (issue 13): a reason is a whole message with named
placeholders. Its English text is what findings.json's `reason` holds (the English report reads it as before); the
message and its values are stored next to it (a finding's extra["why"], a table row's "why"), so a page, the PDF or
the deck says it again in the report's language (pages/base/reasons.py). These messages are the `analyses`
catalogue domain (i18n/catalogues.py): one place for the translator of the analyses' own words."""

from __future__ import annotations

from ..i18n import N_


class Reason(str):
    """The English reason (a str, so every analysis and check reads it as text) that remembers its message."""

    msg: str
    values: dict

    def __new__(cls, msg: str, /, **values) -> Reason:
        self = super().__new__(cls, msg.format(**values) if values else msg)
        self.msg, self.values = msg, values
        return self

    def stored(self) -> dict:
        """{"msg", "values"} for findings.json; a value that is itself a reason is stored the same way."""
        return {"msg": self.msg, "values": {k: v.stored() if isinstance(v, Reason) else v
                                            for k, v in self.values.items()}}


def restored(stored: dict) -> Reason:
    """The reason a finding's extra["why"] (or a row's "why") stores."""
    return Reason(stored["msg"], **{k: restored(v) if isinstance(v, dict) and "msg" in v else v
                                    for k, v in stored["values"].items()})


def stored(reason) -> dict | None:
    """The message of a reason written as one, None for plain text (a researcher's own words)."""
    return reason.stored() if isinstance(reason, Reason) else None


# chapter 1 (analyses/chapter1/)
NO_DOUBLE_CODING = N_("no unit was coded by two or more coders (no double-coded subsample)")
KAPPA_CODERS = N_("Cohen's κ is defined for 2 coders; {n} coded this dimension (see α)")
KAPPA_UNDEFINED = N_("κ undefined: no unit coded by both coders or chance agreement is 1")
ALPHA_UNDEFINED = N_("α undefined: every coder gave the same single code")
NO_INTERVIEWS_CODED = N_("no interviews coded")
NO_KPI_LIST = N_("no list of KPIs was collected")
NO_FLOWS = N_("no reporting flows were collected")
NO_DURATION = N_("no duration_min column in interviewees")
NO_PERIOD = N_("the fieldwork period was not stated")
NO_CORE_PROCESS = N_("the core process was not named")
NO_CORE_PROCESS_SHORT = N_("no core process declared")
FEW_KPI_FUNCTIONS = N_("fewer than 2 functions named SMI KPIs")
NO_KPI_PAIR = N_("no KPI named by any pair of functions")
FEW_NODES = N_("fewer than 2 nodes in the reporting network")
NO_DISTINCT_FLOW = N_("no reporting flow between distinct nodes")
NO_RATINGS = N_("no survey ratings were collected")
NO_RATING_MATCH = N_("no rating matches an interviewee")
NO_ITEM_PUBLISHED = N_("no item with both sides published")
NO_CONSENSUS_CODES = N_("no consensus use/intensity codes")
NOT_FOR_ANY_ACTIVITY = N_("not computable for any activity")
NOT_OR_WITHHELD = N_("not computable or withheld for every activity")
NO_COLLECTION_CODES = N_("no collection-method codes")
WITHHELD = N_("withheld for confidentiality (M12)")
NO_SIDE_PURPOSE = {"management": N_("no management use with a coded purpose"),
                   "operations": N_("no operations use with a coded purpose")}
NO_SIDE_RATINGS = {"management": N_("no management ratings for this item"),
                   "operations": N_("no operations ratings for this item")}
FEW_RATINGS = N_("fewer than 2 ratings per item in this group")

# the benchmark (analyses/benchmark/)
FEW_REFERENCE = {1: N_("only {n} reference case with this metric; needs at least 5 (values only)"),
                 "many": N_("only {n} reference cases with this metric; needs at least 5 (values only)")}
EQUAL_REFERENCE = N_("all reference values are equal, so the t statistic is undefined")
NO_PERCENTILES = N_("{n} reference cases: rank and Crawford-Howell only; percentiles need at least 10")
NO_REFERENCE_COLUMN = N_("the reference set has no column {metric!r}")
NOT_FOR_COMPANY = N_("not computed for this company")
NO_REFERENCE_SET = N_("no reference set of past cases is available")

# the risk indicators (analyses/indicators.py, analyses/risk/risk.py)
CODED_NOT_RECORDED = N_("this indicator is coded by the researchers from the interviews and has not been recorded "
                        "yet")
NEEDS_QUALITY = N_("needs the SMI data-quality score of chapter 2, which was not computed for this case")
NOT_COMPUTED_FOR_CASE = N_("{what} was not computed for this case")
COULD_NOT_COMPUTE = N_("{what} could not be computed: {reason}")
NO_VALUE = N_("no value")
NOBODY_USES = N_("nobody uses SMI for any activity")
NO_INTENSITY = N_("no interviewee uses SMI with any intensity")
INDICATOR_NOT_COMPUTED = N_("indicator {indicator} could not be computed")
INDICATOR_NOT_AVAILABLE = N_("indicator {indicator} not available")
NOT_AVAILABLE = N_("not available")
NOT_RATED = N_("not rated")
RATED_COMPANY_WIDE = N_("rated company-wide")
# what an indicator measures, as the reasons above name it
VAI = N_("the vertical alignment index (chapter 1)")
KPI_OVERLAP = N_("the KPI overlap between functions")
MANUAL_SHARE = N_("the share of manual SMI collection (M5)")
USE_BY_ACTIVITY = N_("SMI use by activity (chapter 1)")
INTENSITY = N_("the coded SMI intensity (chapter 1)")

# chapter 2 (analyses/value/)
NOT_VALIDATED = N_("{n} human-labelled posts (< {min}): scorer not validated")
