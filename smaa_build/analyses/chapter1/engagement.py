"""Who was interviewed: counts by function × level under M12 disclosure control, interview period, coding
subsample. Feeds the Home and "Engagement and method" pages."""

from __future__ import annotations

import pandas as pd

from ...findings import Finding, Table
from ...i18n import N_  # marks the notes and labels the report translates where it prints them
from .. import disclosure
from ..reasons import NO_DURATION, NO_PERIOD, Reason
from .common import distinct_per, table

SECTION = "engagement"


def _people(case) -> pd.DataFrame:
    people = table(case, "interviewees").copy()
    if "unique_role" not in people:
        people["unique_role"] = False
    people["unique_role"] = people["unique_role"].fillna(False).astype(bool)
    people["function_group"] = disclosure.function_groups(people, case.spec, case.k_min)
    mgmt = list(case.settings.organisation.management_levels or ()) or _top_half(case)
    people["level_group"] = disclosure.collapse_levels(people["level"], mgmt)
    return people


def _top_half(case) -> list[str]:
    ranked = case.settings.organisation.levels_top_first()
    return [lv.id for lv in ranked[: max(1, len(ranked) // 2)]]


def _label_map(case, kind: str) -> dict[str, str]:
    labels = case.labels(kind)
    labels[disclosure.OTHER] = N_("Other functions (merged, each too small to show)")
    return labels


LEVEL_GROUPS = {disclosure.MANAGEMENT: N_("Management"), disclosure.OPERATIONS: N_("Operations")}


def interviews_table(case, people: pd.DataFrame) -> Table:
    """Function × level group (management / operations: M12's first remedy, collapsing levels)."""
    cells = disclosure.crosstab_cells(people, "function_group", "level_group", case.k_min)
    fl = _label_map(case, "functions")
    order = {f.id: i for i, f in enumerate(case.settings.organisation.functions)}
    cells = cells.assign(_f=cells["function_group"].map(lambda f: order.get(f, 999))).sort_values(
        ["_f", "level_group"], kind="mergesort")
    rows = [{"function": fl.get(r.function_group, r.function_group), "level": LEVEL_GROUPS[r.level_group],
             "n": int(r.n), "suppressed": bool(r.suppressed), "suppression": r.suppression,
             "label": f"<{case.k_min}" if r.suppressed else str(int(r.n))} for r in cells.itertuples()]
    cols = [{"name": "function", "label": N_("Function")}, {"name": "level", "label": N_("Level")},
            {"name": "n", "label": N_("Interviewees"), "kind": "int"}]
    return Table("engagement.interviews", "Interviewees by function and level", cols, rows, SECTION,
                 note=N_("Functions with too few interviewees to be shown are merged into 'Other functions'."),
                 n=int(people["interviewee_id"].nunique()))


def margin_table(case, people: pd.DataFrame, by: str, key: str, label: str, names: dict) -> Table:
    cells = disclosure.mark_primary(disclosure.group_cells(people, [by]), case.k_min)
    rows = [{"group": names.get(r[by], r[by]), "n": int(r["n"]), "suppressed": bool(r["suppressed"])}
            for r in cells.to_dict("records")]
    cols = [{"name": "group", "label": label}, {"name": "n", "label": N_("Interviewees"), "kind": "int"}]
    return Table(key, f"Interviewees by {label.lower()}", cols, rows, SECTION)


def _double_coded(case) -> tuple[int, int]:
    if case.tables.get("codes") is None:
        return 0, 0
    codes = table(case, "codes")
    double = codes[codes["coder_id"] != "consensus"]
    coders = distinct_per(double["interviewee_id"].tolist(), double["coder_id"].tolist())
    return sum(n >= 2 for n in coders.values()), int(table(case, "interviewees")["interviewee_id"].nunique())


def counts(case, people: pd.DataFrame) -> list[Finding]:
    n = int(people["interviewee_id"].nunique())
    org = case.settings.organisation
    double, total = _double_coded(case)
    dur = people["duration_min"].dropna() if "duration_min" in people else pd.Series(dtype=float)
    period = case.settings.engagement.period
    days = (period[1] - period[0]).days + 1 if period else None
    return [
        Finding("engagement.n_interviewees", "Interviewees", n, "count", n=n, decimals=0, section=SECTION),
        Finding("engagement.n_functions", "Functions interviewed", int(people["function"].nunique()), "count",
                decimals=0, section=SECTION, extra={"declared": len(org.functions)}),
        Finding("engagement.n_levels", "Levels interviewed", int(people["level"].nunique()), "count",
                decimals=0, section=SECTION, extra={"declared": len(org.levels)}),
        Finding("engagement.n_activities", "Activities coded", len(org.activities), "count", decimals=0,
                section=SECTION),
        Finding("engagement.fieldwork_days", "Fieldwork window", days, "days", decimals=0, section=SECTION,
                reason="" if days else Reason(NO_PERIOD)),
        Finding("engagement.median_duration", "Median interview length", float(dur.median()) if len(dur) else None,
                "min", n=int(len(dur)), decimals=0, section=SECTION,
                reason="" if len(dur) else Reason(NO_DURATION)),
        Finding("engagement.double_coded_share", "Interviews coded by two coders", double / total if total else None,
                "share", n=double, section=SECTION),
    ]


def run(case) -> list:
    people = _people(case)
    table = interviews_table(case, people)
    n_sup = sum(r["suppressed"] for r in table.rows)
    out = counts(case, people) + [table,
        margin_table(case, people, "function_group", "engagement.by_function", N_("Function"), _label_map(case, "functions")),
        margin_table(case, people, "level", "engagement.by_level", N_("Level"), case.labels("levels")),
        Finding("engagement.cells_suppressed", "Function × level-group cells suppressed", n_sup, "count",
                n=len(table.rows), decimals=0, section=SECTION)]
    return out
