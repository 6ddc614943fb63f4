"""uscc — China's unified social credit code (统一社会信用代码, GB 32100-2015).

Validate a code, say exactly what is wrong with it and where, suggest what was meant, build
codes from parts, look up the region it was issued in — and check or scan millions of
records at native speed (the work runs in Rust, in parallel, without the GIL).

>>> import uscc
>>> uscc.is_valid("91350100M000100Y43")
True
>>> uscc.validate("91110108551385082R")
Traceback (most recent call last):
uscc.InvalidCode: '91110108551385082R' is not a valid code: position 18: check char should be Q, found R
>>> uscc.suggest("91110108551385082R")[0]
'91110108551385082Q'
>>> t = uscc.check(df["统一社会信用代码"])          # list, numpy, pandas, polars, Arrow
>>> t.to_pandas()                                   # input, normalized, valid, kind, …

With pandas or polars installed, Series get a ``.uscc`` accessor/namespace::

    df["统一社会信用代码"].uscc.is_valid()
    df.with_columns(pl.col("code").uscc.normalize())
"""

from __future__ import annotations

from ._uscc import (
    ALPHABET,
    CHECK_COLUMNS,
    KINDS,
    MAX_INPUT_LEN,
    MAX_SUGGESTIONS,
    Code,
    Finding,
    InputTooLong,
    InvalidCode,
    Region,
    Report,
    Table,
    __version__,
    build,
    check,
    check_char,
    diagnose,
    is_valid,
    normalize,
    org_check_char,
    region,
    scan,
    suggest,
    synth,
    validate,
)
from . import _integrations

__all__ = [
    "ALPHABET",
    "CHECK_COLUMNS",
    "KINDS",
    "MAX_INPUT_LEN",
    "MAX_SUGGESTIONS",
    "Code",
    "Finding",
    "InputTooLong",
    "InvalidCode",
    "Region",
    "Report",
    "Table",
    "__version__",
    "build",
    "check",
    "check_char",
    "diagnose",
    "is_valid",
    "normalize",
    "org_check_char",
    "region",
    "scan",
    "suggest",
    "synth",
    "validate",
]

_integrations.install()
