"""Chapter 1's plain-Python groupings give what the pandas groupbys they replace gave (frames equal: rows, order,
types), and the frames derived from a case are computed once per case without leaking callers' changes."""

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from _factory_ch1 import degenerate_cases, make_case, random_org
from smaa_build.analyses import disclosure as sdc
from smaa_build.analyses.chapter1 import common, diffusion as dif, mapping as mp, silos


def _pandas_group_cells(members, by, scope):
    unique = members["unique_role"].astype(bool) if "unique_role" in members else pd.Series(False, members.index)
    out = members.assign(_u=unique).groupby(by, sort=True, dropna=False).agg(
        n=("interviewee_id", "nunique"), unique_role=("_u", "any")).reset_index()
    if not sdc.unique_role_applies(by, scope):
        out["unique_role"] = False
    return out


def _pandas_group_stats(units, by):
    out = units[units["use"].notna()].groupby(by, sort=True).agg(
        n=("interviewee_id", "nunique"), share=("use", "mean"), any_use=("use", "max"),
        mean_intensity=("intensity", "mean")).reset_index()
    out["any_use"] = out["any_use"].astype(float)
    return out


def _pandas_category_shares(units, by, values):
    keyed = units.assign(_use=units["interviewee_id"] + "\x1f" + units["activity"])
    totals = keyed.groupby(by, sort=True).agg(n=("interviewee_id", "nunique"), uses=("_use", "nunique"))
    counts = keyed.groupby([by, "value"], sort=True)["_use"].nunique()
    grid = pd.MultiIndex.from_product([totals.index, list(values)], names=[by, "value"])
    out = counts.reindex(grid, fill_value=0).rename("count").reset_index().merge(totals.reset_index(), on=by)
    out["share"] = out["count"] / out["uses"]
    return out


def _members(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 50))
    df = pd.DataFrame({"interviewee_id": [f"p{i}" for i in rng.integers(0, 25, n)],
                       "function": rng.choice(["fa", "fb", "Zz", "é", "other"], n),
                       "level": rng.choice(["T1", "T2", "T10"], n), "rank": rng.integers(1, 4, n),
                       "x": rng.random(n).round(1)})
    if seed % 3 == 0:
        df["unique_role"] = pd.array(rng.random(n) < 0.2, dtype="boolean")
    if seed % 4 == 1:  # object columns: strings come out of a groupby as str, other values as the groupby types them
        df = df.astype({"function": object, "rank": object})
    if seed % 5 == 2:
        df.loc[df.index[0], "level"] = None  # a missing key: left to pandas (dropna=False)
    return df.sample(frac=1, random_state=seed) if seed % 2 else df


@pytest.mark.parametrize("seed", range(40))
def test_group_cells_equal_the_pandas_groupby(seed):
    members = _members(seed)
    for by in (["function"], ["function", "level"], ["level", "rank"], ["x", "function"], ["rank"]):
        for scope in ("role_cell", "any"):
            assert_frame_equal(sdc.group_cells(members, by, scope), _pandas_group_cells(members, by, scope))


def _units(seed: int) -> pd.DataFrame:
    units = common.use_units(make_case(**random_org(seed)))
    rng = np.random.default_rng(seed)
    units.loc[rng.integers(0, len(units), 5), "intensity"] = np.nan
    units.loc[rng.integers(0, len(units), 3), "use"] = np.nan
    return units.sample(frac=1, random_state=seed) if seed % 2 else units


@pytest.mark.parametrize("seed", range(8))
def test_group_stats_and_category_shares_equal_the_pandas_groupbys(seed):
    units = _units(seed)
    for by in (["function"], ["level", "level_rank"], ["function", "activity"]):
        assert_frame_equal(dif.group_stats(units, by), _pandas_group_stats(units, by))
    assert_frame_equal(dif.group_stats(units.iloc[:0], ["function"]), _pandas_group_stats(units.iloc[:0], ["function"]))
    rows = units.assign(value=np.random.default_rng(seed).choice(["manual", "automated", "counts"], len(units)))
    for values in (["manual", "automated", "counts"], ["automated"]):
        assert_frame_equal(mp.category_shares(rows, "function", values), _pandas_category_shares(rows, "function", values))


def _pandas_use_units(case):
    cons = common.consensus_codes(case)

    def maxima(dim):
        sub = cons[cons["dimension"] == dim]
        return pd.to_numeric(sub["value"], errors="coerce").groupby([sub["interviewee_id"], sub["activity"]]).max()

    units = pd.concat([maxima("use").rename("use"), maxima("intensity").rename("intensity")], axis=1).reset_index()
    units.columns = ["interviewee_id", "activity", "use", "intensity"]
    units["use"] = units["use"].where(units["use"].notna(), (units["intensity"] > 0).where(units["intensity"].notna()))
    units["intensity"] = units["intensity"].where(~(units["intensity"].isna() & (units["use"] == 0)), 0.0)
    units = units.astype({"use": float, "intensity": float}).merge(common.interviewees(case), on="interviewee_id")
    return units.sort_values(["activity", "interviewee_id"]).reset_index(drop=True)


def _odd_codes_case(seed: int):
    org = random_org(seed)
    codes, rng = org["codes"].copy(), np.random.default_rng(seed)
    picks = rng.integers(0, len(codes), 8)
    codes.loc[picks[:4], "value"] = ["x", "1.0", "3.5", "1e0"]  # unvalidated text parses as pandas parses it
    people = pd.concat([org["interviewees"], org["interviewees"].iloc[:2]])  # a duplicated interviewee row
    return make_case(interviewees=people, codes=codes.drop(index=picks[4:]))


@pytest.mark.parametrize("name", ["random", "odd", *degenerate_cases()])
def test_use_units_equal_the_pandas_version(name):
    case = {"random": make_case(**random_org(5)), "odd": _odd_codes_case(6)}.get(name) or degenerate_cases()[name]
    assert_frame_equal(common.use_units(case), _pandas_use_units(case))


def test_derived_frames_are_computed_once_per_case(monkeypatch):
    calls = []
    compute = common._use_units
    monkeypatch.setattr(common, "_use_units", lambda case: calls.append(1) or compute(case))
    case = make_case(**random_org(1))
    first = common.use_units(case)
    first["use"] = -1.0  # the caller's copy: the case's derived frame stays as it was
    again = common.use_units(case)
    assert len(calls) == 1 and (again["use"] >= 0).all()
    assert_frame_equal(again, compute(case))


def test_a_replaced_table_is_derived_afresh():
    case = make_case(**random_org(2))
    before = common.use_units(case)
    case.tables["codes"] = case.tables["codes"].iloc[:0]
    assert not before.empty and common.use_units(case).empty


def test_distinct_per_equals_groupby_nunique():
    keys = pd.Series(["fa", "fb", None, "fa", "fc", "fc", np.nan, "fb"], dtype=object)
    ids = pd.Series(["p1", "p2", "p3", "p1", None, np.nan, "p4", "p5"], dtype=object)
    assert common.distinct_per(keys.tolist(), ids.tolist()) == ids.groupby(keys.values).nunique().to_dict()
    assert common.distinct_per(keys.tolist(), ids.tolist())["fc"] == 0  # a group whose ids are all missing


@pytest.mark.parametrize("values", [[1.5, np.nan, 2.25], [np.nan, np.nan], [4.0], [0.1] * 11 + [np.nan, 0.7]])
def test_flow_frequency_total_is_series_sum_with_min_count(values):
    expected = pd.Series(values, dtype=float).sum(min_count=1)
    got = silos._total(np.asarray(values, dtype=float))
    assert (np.isnan(got) and np.isnan(expected)) or got == expected
