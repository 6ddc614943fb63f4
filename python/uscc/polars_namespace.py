"""The ``.uscc`` namespace on polars expressions and Series (registered when polars is
imported).

>>> import polars as pl, uscc
>>> df = pl.DataFrame({"code": ["91350100M000100Y43", "91350100m000100y43", "91350100M0001OOY43", None]})
>>> df.with_columns(
...     pl.col("code").uscc.normalize().alias("normalized"),
...     pl.col("code").uscc.is_valid().alias("valid"),
... )
>>> df["code"].uscc.check()            # a DataFrame: input, normalized, valid, kind, …
>>> df.select(pl.col("code").uscc.check()).unnest("code")
"""

from __future__ import annotations

from typing import Any

import polars as pl

from . import _uscc

_TYPES: dict[str, Any] = {
    "normalized": pl.String,
    "valid": pl.Boolean,
    "kind": pl.String,
    "position": pl.Int32,
    "expected": pl.String,
    "message_zh": pl.String,
    "message_en": pl.String,
    "suggestion": pl.String,
}


def _frame(s: pl.Series, policy: dict[str, Any]) -> pl.DataFrame:
    df = pl.DataFrame(_uscc.check(s, **policy))
    # Dictionary columns arrive as categoricals: plain strings are friendlier in expressions.
    return df.with_columns(pl.col(c).cast(pl.String) for c in ("kind", "message_zh", "message_en"))


def _column(s: pl.Series, name: str, policy: dict[str, Any]) -> pl.Series:
    return _frame(s, policy)[name].alias(s.name)


@pl.api.register_expr_namespace("uscc")
class UsccExpr:
    """``pl.col(...).uscc``: the uscc functions as expressions.

    Every method that judges codes takes the policy keywords of :func:`uscc.is_valid`.
    """

    def __init__(self, expr: pl.Expr) -> None:
        self._expr = expr

    def _map(self, name: str, policy: dict[str, Any]) -> pl.Expr:
        return self._expr.map_batches(
            lambda s: _column(s, name, policy), return_dtype=_TYPES[name], is_elementwise=True
        )

    def is_valid(self, **policy: Any) -> pl.Expr:
        """Boolean: valid after normalization."""
        return self._map("valid", policy)

    def normalize(self) -> pl.Expr:
        """The normalized text (null for missing values)."""
        return self._map("normalized", {})

    def kind(self, **policy: Any) -> pl.Expr:
        """The first error's kind (a valid code's first warning), else null."""
        return self._map("kind", policy)

    def message(self, lang: str = "zh", **policy: Any) -> pl.Expr:
        """The first error's message in Chinese (``lang="zh"``) or English (``"en"``)."""
        if lang not in ("zh", "en"):
            raise ValueError('lang must be "zh" or "en"')
        return self._map(f"message_{lang}", policy)

    def suggestion(self, **policy: Any) -> pl.Expr:
        """The most likely intended code for an invalid one, else null."""
        return self._map("suggestion", policy)

    def check(self, **policy: Any) -> pl.Expr:
        """A struct with every column of :func:`uscc.check` but ``input`` (``.unnest()`` it)."""
        dtype = pl.Struct(_TYPES)
        return self._expr.map_batches(
            lambda s: _frame(s, policy).drop("input").to_struct(s.name),
            return_dtype=dtype,
            is_elementwise=True,
        )


@pl.api.register_series_namespace("uscc")
class UsccSeries:
    """``series.uscc``: the uscc functions on a polars Series."""

    def __init__(self, s: pl.Series) -> None:
        self._s = s

    def check(self, **policy: Any) -> pl.DataFrame:
        """:func:`uscc.check` as a DataFrame."""
        return pl.DataFrame(_uscc.check(self._s, **policy))

    def is_valid(self, **policy: Any) -> pl.Series:
        """Boolean: valid after normalization."""
        return _column(self._s, "valid", policy)

    def normalize(self) -> pl.Series:
        """The normalized text (null for missing values)."""
        return _column(self._s, "normalized", {})

    def kind(self, **policy: Any) -> pl.Series:
        """The first error's kind (a valid code's first warning), else null."""
        return _column(self._s, "kind", policy)

    def message(self, lang: str = "zh", **policy: Any) -> pl.Series:
        """The first error's message in Chinese (``lang="zh"``) or English (``"en"``)."""
        if lang not in ("zh", "en"):
            raise ValueError('lang must be "zh" or "en"')
        return _column(self._s, f"message_{lang}", policy)

    def suggestion(self, **policy: Any) -> pl.Series:
        """The most likely intended code for an invalid one, else null."""
        return _column(self._s, "suggestion", policy)

    def scan(self, names: Any = None, dates: Any = None, regions: Any = None, **policy: Any) -> Any:
        """:func:`uscc.scan` with this Series as the codes."""
        return _uscc.scan(self._s, names, dates, regions, **policy)


def register() -> None:
    """Registration happens on import of this module (the decorators above)."""
