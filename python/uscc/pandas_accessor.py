"""The ``.uscc`` accessor on pandas Series (registered when pandas is imported).

>>> import pandas as pd, uscc
>>> s = pd.Series(["91350100M000100Y43", " 91350100m000100y43", "91350100M0001OOY43", None])
>>> s.uscc.is_valid().tolist()
[True, True, False, False]
>>> s.uscc.normalize().tolist()
['91350100M000100Y43', '91350100M000100Y43', '91350100M0001OOY43', None]
>>> s.uscc.check()          # a DataFrame with the index of s: valid, kind, messages, suggestion …
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from . import _uscc


def _pandas_column(table: Any, name: str, index: Any) -> pd.Series:
    try:
        import pyarrow as pa
    except ImportError:
        return pd.Series(table[name], index=index, name=name)
    col = pa.table(table).column(name)
    if pa.types.is_dictionary(col.type):
        col = col.cast(pa.string()) if col.num_chunks else pa.chunked_array([], pa.string())
    s = col.to_pandas()
    s.index = index
    s.name = name
    return s


class UsccSeriesAccessor:
    """``Series.uscc``: the uscc functions, vectorized, keeping the Series' index.

    Every method that judges codes takes the policy keywords of :func:`uscc.is_valid`.
    """

    def __init__(self, series: pd.Series) -> None:
        self._s = series

    def check(self, **policy: Any) -> pd.DataFrame:
        """:func:`uscc.check` as a DataFrame with the Series' index."""
        df = _uscc.check(self._s, **policy).to_pandas()
        df.index = self._s.index
        return df

    def _col(self, name: str, policy: dict[str, Any]) -> pd.Series:
        s = _pandas_column(_uscc.check(self._s, **policy), name, self._s.index)
        s.name = self._s.name
        return s

    def is_valid(self, **policy: Any) -> pd.Series:
        """Boolean Series: valid after normalization."""
        return self._col("valid", policy).astype(bool)

    def normalize(self) -> pd.Series:
        """The normalized text (None for missing values)."""
        return self._col("normalized", {})

    def kind(self, **policy: Any) -> pd.Series:
        """The first error's kind (a valid code's first warning), else None."""
        return self._col("kind", policy)

    def message(self, lang: str = "zh", **policy: Any) -> pd.Series:
        """The first error's message, in Chinese (``lang="zh"``) or English (``"en"``)."""
        if lang not in ("zh", "en"):
            raise ValueError('lang must be "zh" or "en"')
        return self._col(f"message_{lang}", policy)

    def suggestion(self, **policy: Any) -> pd.Series:
        """The most likely intended code for an invalid one, else None."""
        return self._col("suggestion", policy)

    def scan(self, names: Any = None, dates: Any = None, regions: Any = None, **policy: Any) -> Any:
        """:func:`uscc.scan` with this Series as the codes."""
        return _uscc.scan(self._s, names, dates, regions, **policy)


def register() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # re-registration after a reload
        pd.api.extensions.register_series_accessor("uscc")(UsccSeriesAccessor)
