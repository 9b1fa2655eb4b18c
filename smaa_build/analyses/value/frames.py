"""What the value and resilience analyses do to a whole frame or column of posts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...spec import memo


def bare(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without its attrs (the same columns, not copied). pandas deep-copies a frame's attrs into every
    result, each column read and each filter, and the posts carry their file's provenance (its segments' digests
    among them): at a million posts that copying cost the analyses more than their arithmetic."""
    out = frame.copy(deep=False)
    out.attrs = {}
    return out


def rows(frame: pd.DataFrame, keep: np.ndarray, release: bool = False) -> pd.DataFrame:
    """`frame.loc[keep].reset_index(drop=True)` for a boolean `keep`, without attrs, column by column: a column read
    from kept Arrow files is filtered chunk by chunk, where pandas' take would first join its chunks (a copy of the
    whole column before the copy of the rows kept: at ten million posts, gigabytes and seconds). `release`: the
    kept files' pages a column was read from are let go once it is copied (memo.release_mapped), so that a large
    table's columns are not all in the process's memory twice."""
    out = pd.DataFrame(index=pd.RangeIndex(int(np.count_nonzero(keep))))
    for name in frame.columns:  # one column at a time: a frame made from a dict stacks its columns into blocks (a copy)
        out[name] = pd.Series(frame[name].array[keep], dtype=frame[name].dtype, copy=False)  # text in object stays so
        if release:
            memo.release_mapped()
    return out


def value_counts(values: pd.Series) -> np.ndarray:
    """How many times each distinct value occurs, as text (`astype(str).value_counts()`, missing values left out,
    in no particular order): the values are counted by code and only the distinct ones turned into text."""
    codes, uniques = pd.factorize(values)
    key = pd.factorize(pd.Series(uniques).astype(str))[0]  # values that read the same count as one
    return np.bincount(key[codes[codes >= 0]])
