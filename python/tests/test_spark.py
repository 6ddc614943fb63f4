"""uscc.spark on a local Spark session: the distributed scan gives what uscc.scan gives.

Run with ``python/scripts/test_spark.sh`` (installs Java and the pinned pyspark when missing
and sets ``USCC_SPARK_TESTS=1``). Without that variable, or without pyspark or Java, the
Spark tests are skipped; the import tests at the end always run.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys

import pytest

import uscc

pa = pytest.importorskip("pyarrow")

ROWS = 200_000
SEED = 2024

needs_spark = pytest.mark.skipif(
    os.environ.get("USCC_SPARK_TESTS") != "1"
    or shutil.which("java") is None
    or __import__("importlib.util").util.find_spec("pyspark") is None,
    reason="Spark tests: run python/scripts/test_spark.sh (needs pyspark and Java; sets USCC_SPARK_TESTS=1)",
)
pytestmark = [
    pytest.mark.spark,
    # pyspark 3.5's pandas conversion calls a function pandas deprecates.
    pytest.mark.filterwarnings("ignore:is_categorical_dtype is deprecated"),
    pytest.mark.filterwarnings("ignore:distutils Version classes are deprecated"),
]


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    s = (
        SparkSession.builder.master("local[2]")
        .appName("uscc-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        # Three input partitions of unequal size: row numbering across partitions.
        .config("spark.default.parallelism", "3")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def data():
    """The generated records (pyarrow table: code, name, date, fault, class)."""
    return pa.table(uscc.synth(ROWS, seed=SEED))


@pytest.fixture(scope="module")
def df(spark, data):
    d = spark.createDataFrame(data.select(["code", "name", "date"]).to_pandas())
    assert d.rdd.getNumPartitions() == 3
    return d.cache()


def rows(sdf) -> list:
    return [r.asDict() for r in sdf.collect()]


def assert_same(got, want, tables=("flagged",)):
    """The Spark report equals the single-machine one: summary and the named tables."""
    g, w = got.summary, want.summary
    assert list(g) == list(w)
    for k in w:
        assert g[k] == w[k], k
    for t in tables:
        a, b = rows(getattr(got, t)), getattr(want, t).to_pylist()
        assert len(a) == len(b), t
        for x, y in zip(a, b):
            assert x == y, t


ALL_TABLES = ("flagged", "duplicates", "multi_code_entities", "collisions", "monthly", "regions")


@needs_spark
def test_scan_equals_uscc_scan(df, data):
    from uscc import spark as us

    want = uscc.scan(data["code"], names=data["name"], dates=data["date"])
    s = want.summary
    assert s["total"] == ROWS and s["duplicate"] > 0 and s["erroneous"] > 0 and s["repeated"] > 0
    assert s["multi_code_entities"] > 0 and s["collisions"] > 0
    with us.scan(df, code="code", name="name", date="date") as got:
        assert_same(got, want, ALL_TABLES)
        assert "SparkReport" in repr(got) and got.rate == s["rate"] and got.notes == s["notes"]
        assert set(ALL_TABLES) <= set(dir(got))
        # Every class of the ground truth is found (the same rows as uscc.scan, so the same
        # rows as the generator's labels).
        classes = {r["class"]: r["count"] for r in rows(got.flagged.groupBy("class").count())}
        assert classes == {"erroneous": s["erroneous"], "duplicate": s["duplicate"], "repeated": s["repeated"]}


@needs_spark
def test_scan_without_names(df, data):
    from uscc import spark as us

    want = uscc.scan(data["code"], dates=data["date"])
    got = us.scan(df, code="code", date="date")
    assert want.summary["duplicate"] == 0 and not want.summary["names_compared"]
    assert_same(got, want, ("flagged", "duplicates", "multi_code_entities"))
    got.unpersist()


@needs_spark
def test_scan_without_dates(df, data):
    from uscc import spark as us

    want = uscc.scan(data["code"], names=data["name"])
    got = us.scan(df, code="code", name="name")
    assert [m["month"] for m in got.summary["monthly"]] == ["unknown"]
    assert_same(got, want)
    got.unpersist()


@needs_spark
def test_list_limits_and_own_row_numbers(spark, data):
    """max_listed truncates every list as uscc.scan does; a row column numbers the rows even
    when the partitions come in another order."""
    from uscc import spark as us

    part = data.slice(0, 20_000)
    want = uscc.scan(part["code"], names=part["name"], dates=part["date"], max_listed=4)
    pdf = part.select(["code", "name", "date"]).to_pandas()
    pdf["line"] = range(1, len(pdf) + 1)
    d = spark.createDataFrame(pdf).repartition(5)  # scrambles the order
    got = us.scan(d, code="code", name="name", date="date", row="line", max_listed=4)
    assert want.summary["lists"] == {"flagged": 4, "duplicate_groups": 4, "multi_code_entities": 4, "collisions": 4}
    assert any("first 4" in n for n in want.summary["notes"])
    assert_same(got, want, ALL_TABLES)
    got.unpersist()


def _bad_rows(spark):
    """Nulls, blanks, non-string types: the same records as a Spark DataFrame (with its
    schema) and as the Arrow columns uscc.scan reads."""
    from pyspark.sql import types as T

    base = [
        ("91350100M000100Y43", "甲公司", "2022-01-05", "350100"),
        ("91350100m000100y43", "乙公司", "2022/1/9", " 高新区 "),
        ("91350100M000100Y43", None, None, None),
        ("", "丙公司", "44566", ""),
        (None, None, "n/a", "  "),
        ("９１１１０１０８５５１３８５０８２Ｑ", "（甲）公司", "2022年2月7日", "110108"),
        ("91110108551385082R", "ＡＢＣ", "20220203", None),
        ("91110108551385082Q", "abc", "2022-02", "Z1"),
        ("9.13701E+17", " ", "2022-13-01", None),
        ("9" * (uscc.MAX_INPUT_LEN + 3), "丁", "2022-03-01", None),
        ("362322198709086409", "乙公司", "2022-03-02 13:45:00", "110108"),
        ("91350100M0001O0Y43", "甲公司", "2022.03.05", None),
    ]
    n = 600
    recs = [base[i % len(base)] for i in range(n)]
    codes = pa.array([r[0] for r in recs], pa.string())
    names = pa.array([r[1] for r in recs], pa.string())
    dates = pa.array([r[2] for r in recs], pa.string())
    regions = pa.array([r[3] for r in recs], pa.string())
    # Numbers: a code stored as a float or an integer, names as numbers, real dates.
    fcodes = pa.array([9.16201055811843e17, None, float("nan"), 91350100.0] * (n // 4), pa.float64())
    icodes = pa.array([916201055811843000, None, 12, 911101085513850820] * (n // 4), pa.int64())
    inames = pa.array([1, 2, None, 1] * (n // 4), pa.int64())
    ddates = pa.array([datetime.date(2021, 12, 31), None, datetime.date(2022, 1, 1)] * (n // 3), pa.date32())
    tdates = pa.array(
        [datetime.datetime(2022, 5, 31, 23, 30), None, datetime.datetime(2022, 6, 1, 0, 30)] * (n // 3),
        pa.timestamp("us", tz="UTC"),
    )
    iregions = pa.array([110108, None, 350100, 12] * (n // 4), pa.int32())
    table = pa.table(
        {
            "code": codes, "name": names, "date": dates, "region": regions, "fcode": fcodes, "icode": icodes,
            "iname": inames, "ddate": ddates, "tdate": tdates, "iregion": iregions,
        }
    )
    schema = T.StructType(
        [
            T.StructField("code", T.StringType()), T.StructField("name", T.StringType()),
            T.StructField("date", T.StringType()), T.StructField("region", T.StringType()),
            T.StructField("fcode", T.DoubleType()), T.StructField("icode", T.LongType()),
            T.StructField("iname", T.LongType()), T.StructField("ddate", T.DateType()),
            T.StructField("tdate", T.TimestampType()), T.StructField("iregion", T.IntegerType()),
        ]
    )
    pyrows = [
        tuple(r[k] if k != "tdate" or r[k] is None else r[k].replace(tzinfo=None) for k in table.column_names)
        for r in table.to_pylist()
    ]
    return spark.createDataFrame(pyrows, schema), table


@needs_spark
def test_bad_rows(spark):
    from uscc import spark as us

    sdf, t = _bad_rows(spark)
    cases = [
        dict(code="code", name="name", date="date", region="region"),
        dict(code="fcode", name="iname", date="ddate", region="iregion", policy="default"),
        dict(code="icode", name="name", date="tdate"),
    ]
    for case in cases:
        case = dict(case)
        pol = {"policy": case.pop("policy")} if "policy" in case else {}
        want = uscc.scan(
            t[case["code"]],
            names=t[case["name"]],
            dates=t[case["date"]],
            regions=t[case["region"]] if "region" in case else None,
            **pol,
        )
        got = us.scan(sdf, **case, **pol)
        assert_same(got, want, ALL_TABLES)
        if case["code"] == "code":
            # Over-long input is listed as a preview, with its kind.
            r = rows(got.flagged.where("kind = 'input_too_long'"))
            assert r and r[0]["code"].endswith("…")
        got.unpersist()


@needs_spark
def test_with_check(df, data):
    from uscc import spark as us

    got = us.with_check(df, "code")
    assert got.columns == df.columns + [
        "uscc_normalized", "uscc_valid", "uscc_kind", "uscc_position", "uscc_expected",
        "uscc_message_zh", "uscc_message_en", "uscc_suggestion",
    ]
    want = uscc.check(data["code"]).to_pylist()
    cols = [c for c in got.columns if c.startswith("uscc_")]
    have = got.select("code", *cols).collect()
    assert len(have) == len(want)
    for h, w in zip(have, want):
        assert h["code"] == w["input"]
        for c in cols:
            assert h[c] == w[c[len("uscc_"):]], c
    # Policy keywords and another prefix; a numeric column.
    pilot = us.with_check(df.limit(10).selectExpr("'91350203M0001QKT19' as c"), "c", prefix="v_", policy="assessment")
    assert {r["v_kind"] for r in pilot.collect()} == {"pilot_code"}
    num = us.with_check(df.limit(3).selectExpr("cast(916201055811843000 as bigint) as c"), "c")
    assert {r["uscc_kind"] for r in num.collect()} == {"spreadsheet_truncated"}


@needs_spark
def test_errors(df):
    from uscc import spark as us

    with pytest.raises(ValueError, match="no such column"):
        us.scan(df, code="nope")
    with pytest.raises(TypeError, match="cast"):
        us.scan(df.selectExpr("true as b"), code="b")
    with pytest.raises(TypeError, match="cast"):
        us.with_check(df.selectExpr("cast(code as binary) as b"), "b")
    with pytest.raises(TypeError, match="policy keywords"):
        us.scan(df, code="code", colour="red")
    with pytest.raises(ValueError, match="prefix"):
        us.with_check(df.selectExpr("code", "1 as uscc_valid"), "code")
    with pytest.raises(ValueError, match="row number"):
        us.scan(df.limit(10).selectExpr("code", "cast(null as long) as line"), code="code", row="line")
    # Column names are taken literally.
    odd = us.scan(df.limit(50).selectExpr("code as `统一社会信用代码.v1`"), code="统一社会信用代码.v1")
    assert odd.summary["total"] == 50
    empty = us.scan(df.limit(0), code="code", name="name")
    assert empty.summary == uscc.scan([], names=[]).summary
    assert empty.flagged.count() == 0


def test_import_without_pyspark():
    """``import uscc`` never imports pyspark; ``import uscc.spark`` without it says what to do."""
    code = (
        "import sys; sys.modules['pyspark'] = None\n"
        "import uscc\n"
        "assert 'pyspark' not in [m for m in sys.modules if sys.modules[m] is not None]\n"
        "try:\n"
        "    import uscc.spark\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "uscc.spark needs pyspark" in out
    fresh = subprocess.run(
        [sys.executable, "-c", "import sys, uscc; print(any(m.startswith('pyspark') for m in sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert fresh.strip() == "False"


def test_synth():
    t = uscc.synth(1_000, seed=3)
    assert t.column_names == ["code", "name", "date", "fault", "class"]
    assert len(t) == 1_000 and t["code"] == uscc.synth(1_000, seed=3)["code"]
    r = uscc.scan(t["code"], names=t["name"], dates=t["date"])
    # The labels are the scan's verdicts.
    flagged = {f["row"]: f["class"] for f in r.flagged.to_pylist()}
    for i, c in enumerate(t["class"]):
        assert flagged.get(i + 1, "valid") == c


def test_synth_for_one_prefecture():
    t = uscc.synth(2_000, seed=3, region="3715")
    valid = [c for c, k in zip(t["code"], t["class"]) if k == "valid"]
    # (Some are valid after normalization: full width, lower case.)
    assert valid and all(uscc.normalize(c)[2:6] == "3715" for c in valid)
    with pytest.raises(ValueError, match="3799"):
        uscc.synth(10, region="3799")
