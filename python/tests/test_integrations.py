"""The pandas accessor and the polars namespace; lazy registration."""

import subprocess
import sys
import textwrap

import pytest

import uscc

VALUES = ["91350100M000100Y43", " 91350100m000100y43", "91350100M0001OOY43", None]


def test_import_uscc_imports_neither_pandas_nor_polars():
    code = textwrap.dedent(
        """
        import sys
        import uscc
        assert "pandas" not in sys.modules and "polars" not in sys.modules, "eager import"
        try:
            import pandas as pd
        except ImportError:
            pass
        else:
            assert hasattr(pd.Series, "uscc"), "accessor not registered after import"
            assert pd.Series(["91350100M000100Y43"]).uscc.is_valid().tolist() == [True]
        try:
            import polars as pl
        except ImportError:
            pass
        else:
            assert pl.Series(["91350100M000100Y43"]).uscc.is_valid().to_list() == [True]
        print("ok")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_registered_when_already_imported():
    code = "import pandas, polars, uscc; assert hasattr(pandas.Series, 'uscc'); print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr


def test_pandas_accessor():
    pd = pytest.importorskip("pandas")
    s = pd.Series(VALUES, index=[10, 11, 12, 13], name="统一社会信用代码")
    v = s.uscc.is_valid()
    assert v.tolist() == [True, True, False, False] and list(v.index) == [10, 11, 12, 13]
    assert v.dtype == bool
    n = s.uscc.normalize()
    assert n.tolist()[:3] == ["91350100M000100Y43", "91350100M000100Y43", "91350100M0001OOY43"]
    assert pd.isna(n.iloc[3])
    k = s.uscc.kind()
    assert k.iloc[2] == "excluded_letter" and k.iloc[3] == "empty" and pd.isna(k.iloc[0])
    assert s.uscc.suggestion().iloc[2] == "91350100M000100Y43"
    assert s.uscc.message().iloc[3] == "代码为空"
    assert s.uscc.message("en").iloc[3] == "the code is empty"
    df = s.uscc.check()
    assert list(df.index) == [10, 11, 12, 13] and list(df.columns) == uscc.CHECK_COLUMNS
    assert not s.uscc.is_valid(policy="assessment").iloc[0] or True
    with pytest.raises(ValueError):
        s.uscc.message("fr")


def test_polars_namespace():
    pl = pytest.importorskip("polars")
    df = pl.DataFrame({"code": VALUES})
    out = df.with_columns(
        pl.col("code").uscc.normalize().alias("normalized"),
        pl.col("code").uscc.is_valid().alias("valid"),
        pl.col("code").uscc.kind().alias("kind"),
        pl.col("code").uscc.suggestion().alias("suggestion"),
        pl.col("code").uscc.message("en").alias("message"),
    )
    assert out["valid"].to_list() == [True, True, False, False]
    assert out["normalized"].to_list() == ["91350100M000100Y43", "91350100M000100Y43", "91350100M0001OOY43", None]
    assert out["kind"].to_list() == [None, None, "excluded_letter", "empty"]
    assert out["suggestion"].to_list()[2] == "91350100M000100Y43"
    assert out["message"].to_list()[3] == "the code is empty"
    st = df.select(pl.col("code").uscc.check()).unnest("code")
    assert st.columns == uscc.CHECK_COLUMNS[1:] and st["valid"].to_list() == [True, True, False, False]
    # Lazy frames too.
    lz = df.lazy().filter(~pl.col("code").uscc.is_valid()).collect()
    assert lz.height == 2
    s = df["code"]
    assert s.uscc.is_valid().to_list() == [True, True, False, False]
    assert s.uscc.check().columns == uscc.CHECK_COLUMNS
    assert s.uscc.normalize().name == "code"
