"""What the value and resilience analyses do to a whole frame or column of posts."""

from __future__ import annotations

import numpy as np
import pandas as pd


def bare(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without its attrs (the same columns, not copied). pandas deep-copies a frame's attrs into every
    result, each column read and each filter, and the posts carry their file's provenance (its segments' digests
    among them): at a million posts that copying cost the analyses more than their arithmetic."""
    out = frame.copy(deep=False)
    out.attrs = {}
    return out


def rows(frame: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """`frame.loc[keep].reset_index(drop=True)` for a boolean `keep`, without attrs, column by column: a column read
    from kept Arrow files is filtered chunk by chunk, where pandas' take would first join its chunks (a copy of the
    whole column before the copy of the rows kept: at ten million posts, gigabytes and seconds)."""
    return pd.DataFrame({name: pd.Series(frame[name].array[keep], dtype=frame[name].dtype, copy=False)
                         for name in frame.columns}, columns=frame.columns)  # dtype: text in an object column stays so


def value_counts(values: pd.Series) -> np.ndarray:
    """How many times each distinct value occurs, as text (`astype(str).value_counts()`, missing values left out,
    in no particular order): the values are counted by code and only the distinct ones turned into text."""
    codes, uniques = pd.factorize(values)
    key = pd.factorize(pd.Series(uniques).astype(str))[0]  # values that read the same count as one
    return np.bincount(key[codes[codes >= 0]])
