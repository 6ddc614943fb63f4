"""uscc on Apache Spark: the same check and the same scan, where the data is.

Registration data of a province or of the whole country lives in Hive/Spark tables of
hundreds of millions of rows. This module runs ``uscc`` there, through the engine the
platform already runs — no export, no home-made distribution layer::

    from uscc import spark as us

    checked = us.with_check(df, "tyshxydm")            # adds uscc_valid, uscc_kind, …
    report = us.scan(df, code="tyshxydm", name="qymc", date="djrq")
    report.summary["rate"]                             # the 重错码率, as uscc.scan gives it
    report.flagged.write.parquet("…/flagged")          # every 错码/重码/repeat
    report.monthly.show()

Every per-record rule runs in the native extension (``uscc.check`` for :func:`with_check`;
the scan's own classification for :func:`scan`) on Arrow batches (``mapInArrow``): no
Python loop over rows. The cross-record part of :func:`scan` — 重码, repeats,
one-entity-many-codes, subject-identifier collisions, probable intended codes and the
monthly/regional tables — is Spark SQL (windows over the normalized code, joins and
aggregations), following the definitions of the single-machine engine: on the same records
``uscc.spark.scan`` and ``uscc.scan`` give the same summary and the same flagged rows.

pyspark (3.3 or newer; tested with 3.5) is an optional dependency: ``import uscc`` never
imports it. The executors need ``uscc`` and ``pyarrow`` installed (see docs/spark.md for
shipping the wheel to a cluster).
"""

from __future__ import annotations

try:
    import pyspark  # noqa: F401
    from pyspark import StorageLevel
    from pyspark.sql import DataFrame, SparkSession, Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as _e:  # pragma: no cover - exercised without pyspark
    raise ImportError(
        "uscc.spark needs pyspark (3.3 or newer) and pyarrow: pip install 'pyspark>=3.3' pyarrow. "
        "The rest of uscc works without them."
    ) from _e

from typing import Any, Optional

import uscc

__all__ = ["with_check", "scan", "SparkReport", "CHECK_COLUMNS"]

#: The columns :func:`with_check` adds (after the prefix), with their Spark types.
CHECK_COLUMNS = (
    ("normalized", T.StringType()),
    ("valid", T.BooleanType()),
    ("kind", T.StringType()),
    ("position", T.IntegerType()),
    ("expected", T.StringType()),
    ("message_zh", T.StringType()),
    ("message_en", T.StringType()),
    ("suggestion", T.StringType()),
)

# Spark types the native columns accept (numbers become their decimal text, as in uscc.check).
_TEXT_TYPES = (
    T.StringType,
    T.ByteType,
    T.ShortType,
    T.IntegerType,
    T.LongType,
    T.FloatType,
    T.DoubleType,
    T.NullType,
)
_DATE_TYPES = _TEXT_TYPES + (T.DateType, T.TimestampType) + (
    (T.TimestampNTZType,) if hasattr(T, "TimestampNTZType") else ()
)

# monotonically_increasing_id(): partition index in the upper 31 bits, position below.
_LOCAL_BITS = 33
_LOCAL_MASK = (1 << _LOCAL_BITS) - 1


def _field(df: DataFrame, column: str, what: str, allowed) -> T.StructField:
    if not isinstance(column, str):
        raise TypeError(f"{what}: expected a column name (str), got {type(column).__name__}")
    try:
        f = df.schema[column]
    except (KeyError, Exception):
        raise ValueError(f"{what}={column!r}: no such column; columns: {', '.join(df.columns)}") from None
    if not isinstance(f.dataType, allowed):
        raise TypeError(
            f"{what}={column!r} is {f.dataType.simpleString()}; expected a string column "
            f"(numbers are read as their decimal text{', dates and timestamps as dates' if allowed is _DATE_TYPES else ''}). "
            f"Cast it first, e.g. F.col({column!r}).cast('string')"
        )
    return f


def _col(name: str):
    """A column by its exact name (dots and other characters taken literally)."""
    return F.col("`" + name.replace("`", "``") + "`")


def _check_policy(policy: dict) -> None:
    # Validates the keywords on the driver (an executor would fail later, and less clearly).
    uscc.check([], **policy)


# --------------------------------------------------------------------------------------------
# with_check


def with_check(df: DataFrame, column: str, prefix: str = "uscc_", **policy: Any) -> DataFrame:
    """``df`` with the verdict of ``column`` in new columns, row by row.

    Adds ``{prefix}normalized``, ``{prefix}valid``, ``{prefix}kind``, ``{prefix}position``,
    ``{prefix}expected``, ``{prefix}message_zh``, ``{prefix}message_en`` and
    ``{prefix}suggestion`` — the columns of :func:`uscc.check` with the same meaning — after
    the existing ones. The work runs in the native extension on Arrow batches
    (``mapInArrow``), on the executors. Policy keywords as for :func:`uscc.check` (default
    policy: ``"default"``).

    ``column`` may be a string column or a numeric one (a code stored as a number is judged
    from its decimal text, e.g. ``spreadsheet_truncated``); nulls are empty codes.

    >>> us.with_check(df, "code").where("not uscc_valid").select("code", "uscc_kind", "uscc_suggestion")
    """
    _field(df, column, "column", _TEXT_TYPES)
    _check_policy(policy)
    names = [prefix + n for n, _ in CHECK_COLUMNS]
    clash = [n for n in names if n in df.columns]
    if clash:
        raise ValueError(f"with_check: the DataFrame already has {', '.join(clash)}; choose another prefix=")
    schema = T.StructType(list(df.schema.fields) + [T.StructField(n, t, True) for n, (_, t) in zip(names, CHECK_COLUMNS)])
    idx = df.columns.index(column)
    out_names = list(df.columns) + names
    policy = dict(policy)

    def run(batches):
        import pyarrow as pa

        import uscc as _u

        want = [n for n, _ in CHECK_COLUMNS]
        for b in batches:
            t = pa.table(_u.check(b.column(idx), **policy))
            cols = []
            for n in want:
                c = t.column(n).combine_chunks()
                if pa.types.is_dictionary(c.type):
                    c = c.dictionary_decode()
                cols.append(c)
            yield pa.RecordBatch.from_arrays(list(b.columns) + cols, names=out_names)

    return df.mapInArrow(run, schema)


# --------------------------------------------------------------------------------------------
# scan

_CLASSIFIED = T.StructType(
    [
        T.StructField("rid", T.LongType()),
        T.StructField("valid", T.BooleanType()),
        T.StructField("code", T.StringType()),
        T.StructField("stored", T.StringType()),
        T.StructField("kind", T.StringType()),
        T.StructField("h", T.LongType()),
        T.StructField("name", T.StringType()),
        T.StructField("month", T.StringType()),
        T.StructField("region", T.StringType()),
        T.StructField("region_class", T.ByteType()),
        T.StructField("detail_zh", T.StringType()),
        T.StructField("detail_en", T.StringType()),
        T.StructField("suggestions", T.ArrayType(T.StringType())),
        T.StructField("candidates", T.ArrayType(T.StringType())),
    ]
)

# Spark column → column of the native _classify table, where the names differ.
_NATIVE = {"h": "name_hash"}

_COUNTS = ("total", "valid", "erroneous", "duplicate", "repeated", "skipped")


def _classify(sel: DataFrame, has: dict, policy: dict) -> DataFrame:
    """Per-partition, per-batch: the scan's per-record facts, from the native extension."""
    policy = dict(policy)
    has = dict(has)

    def run(batches):
        import pyarrow as pa

        import uscc as _u

        out_names = [f.name for f in _CLASSIFIED.fields]
        for b in batches:
            cols = {k: (b.column(k) if has[k] else None) for k in ("name", "date", "region")}
            t = pa.table(
                _u._uscc._classify(b.column("code"), names=cols["name"], dates=cols["date"], regions=cols["region"], **policy)
            )
            arrays = [b.column("rid")] + [t.column(_NATIVE.get(n, n)).combine_chunks() for n in out_names[1:]]
            yield pa.RecordBatch.from_arrays(arrays, names=out_names)

    return sel.mapInArrow(run, _CLASSIFIED)


def _renumber(df: DataFrame, columns: list, bases: Optional[list], details: bool = False) -> DataFrame:
    """Provisional row ids → 1-based row numbers (and, for the flagged list, the text of
    重码/repeats, which names rows), vectorized on Arrow batches."""
    schema = df.schema
    if details:
        schema = T.StructType(
            [f for f in schema.fields if f.name not in ("others", "r2", "r3", "nameless")]
        )
    names = [f.name for f in schema.fields]
    columns = list(columns)

    def run(batches):
        import pyarrow as pa
        import pyarrow.compute as pc

        import uscc as _u

        base = None if bases is None else pa.array(bases, pa.int64())

        def rows(a):
            if base is None:
                return a
            p = pc.shift_right(a, _LOCAL_BITS)
            local = pc.bit_wise_and(a, _LOCAL_MASK)
            return pc.add(pc.add(pc.take(base, p), local), 1)

        for b in batches:
            cols = {n: b.column(n) for n in b.schema.names}
            for c in columns:
                cols[c] = rows(cols[c])
            if details:
                t = pa.table(
                    _u._uscc._flag_details(
                        pc.equal(cols["class"], "duplicate"),
                        cols["others"],
                        cols["r1"],
                        cols["r2"],
                        cols["r3"],
                        cols["nameless"],
                    )
                )
                err = pc.equal(cols["class"], "erroneous")
                cols["detail_zh"] = pc.if_else(err, cols["detail_zh"], t.column("detail_zh").combine_chunks())
                cols["detail_en"] = pc.if_else(err, cols["detail_en"], t.column("detail_en").combine_chunks())
            yield pa.RecordBatch.from_arrays([cols[n] for n in names], names=names)

    return df.mapInArrow(run, schema)


class SparkReport:
    """The result of :func:`scan`: ``summary`` (a dict with the keys and meaning of
    :attr:`uscc.Report.summary`) and the tables as Spark DataFrames with the columns of
    :class:`uscc.Report`'s tables, in the same order: ``flagged``, ``duplicates``,
    ``multi_code_entities``, ``collisions``, ``monthly``, ``regions``.

    The summary is computed when :func:`scan` returns. The tables are computed when used,
    from the scan's intermediate data, which stays cached (``storage_level``) until
    :meth:`unpersist` (also on ``with`` exit); after that a table is computed again from the
    input when used.
    """

    _TABLES = ("flagged", "duplicates", "multi_code_entities", "collisions", "monthly", "regions")

    def __init__(self, summary: dict, builders: dict, cached: list):
        self.summary = summary
        self._builders = builders
        self._tables: dict = {}
        self._cached = cached

    def __getattr__(self, name: str):
        # The tables' query plans are built on first use (building them costs the driver
        # time; a caller after the summary and the flagged list need not pay for the rest).
        if name in SparkReport._TABLES:
            t = self._tables.get(name)
            if t is None:
                t = self._tables[name] = self._builders[name]()
            return t
        raise AttributeError(name)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(SparkReport._TABLES))

    @property
    def rate(self) -> float:
        """(错码 + 重码) / total over the whole batch."""
        return self.summary["rate"]

    @property
    def notes(self) -> list:
        """Facts about the scan a reader must know (e.g. no name column)."""
        return list(self.summary["notes"])

    def unpersist(self) -> None:
        """Frees the scan's cached intermediate data (the tables are computed from the input
        again if used afterwards)."""
        for t in self._cached:
            t.unpersist()

    def __enter__(self) -> "SparkReport":
        return self

    def __exit__(self, *exc) -> None:
        self.unpersist()

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<uscc.spark.SparkReport: {s['total']} records, {s['valid']} valid, {s['erroneous']} erroneous (错码), "
            f"{s['duplicate']} duplicate (重码), rate {s['rate'] * 100:.4f}%>"
        )


def scan(
    df: DataFrame,
    code: str,
    name: Optional[str] = None,
    date: Optional[str] = None,
    region: Optional[str] = None,
    *,
    row: Optional[str] = None,
    max_listed: Optional[int] = None,
    storage_level: StorageLevel = StorageLevel.MEMORY_AND_DISK,
    **policy: Any,
) -> SparkReport:
    """Scans the records of ``df`` for 错码 and 重码 and computes the 重错码率 overall, per
    month and per region — :func:`uscc.scan`, distributed.

    ``code``, ``name``, ``date`` and ``region`` name columns of ``df`` (as for
    :func:`uscc.scan`: without ``name`` 重码 cannot be told from repeats; ``date`` may be text
    in any common form, a number (Excel serial) or a date/timestamp column — timestamps are
    taken in UTC; ``region`` overrides positions 3–8). Policy keywords as for
    :func:`uscc.scan` (default ``"assessment"``); ``max_listed`` caps each list (default
    1,000,000; counts are always complete).

    Rows are numbered 1, 2, … in the DataFrame's partition order (as ``uscc.scan`` numbers
    the rows of the same data read in that order) unless ``row`` names a column of unique
    positive integers to use instead (e.g. the line number in the source file).

    How it runs: per partition, the native extension normalizes, validates and classifies
    each record (Arrow batches, ``mapInArrow``); the result is cached (``storage_level``).
    Then Spark groups the valid records by normalized code (one shuffle, windows) for 重码
    and repeats, by name hash for one-entity-many-codes and by subject identifier for
    collisions, and aggregates the monthly and regional counts — the summary is computed
    before this function returns. The tables are computed when used (the flagged list also
    looks up the candidate codes of each listed 错码 among the valid codes).

    >>> r = us.scan(spark.table("ods.qydj"), code="tyshxydm", name="qymc", date="djrq")
    >>> r.summary["rate"], r.summary["erroneous"], r.summary["duplicate"]
    >>> r.monthly.show()
    >>> r.flagged.write.parquet("hdfs:///tmp/qydj_flagged")
    """
    _field(df, code, "code", _TEXT_TYPES)
    has = {"name": name is not None, "date": date is not None, "region": region is not None}
    if name is not None:
        _field(df, name, "name", _TEXT_TYPES)
    if date is not None:
        _field(df, date, "date", _DATE_TYPES)
    if region is not None:
        _field(df, region, "region", _TEXT_TYPES)
    if row is not None:
        _field(df, row, "row", (T.ByteType, T.ShortType, T.IntegerType, T.LongType))
    # The single-machine summary of no records: validates the policy keywords on the driver
    # and gives the keys, their order and the fixed values (policy, generator).
    template = uscc.scan(
        [], names=[] if name is not None else None, dates=[] if date is not None else None, **policy
    ).summary
    limit = 1_000_000 if max_listed is None else int(max_listed)
    if limit < 0:
        raise ValueError("max_listed must be >= 0")

    rid = _col(row).cast("long") if row is not None else F.monotonically_increasing_id()
    cols = [rid.alias("rid"), _col(code).alias("code")]
    for k, c in (("name", name), ("date", date), ("region", region)):
        if c is not None:
            cols.append(_col(c).alias(k))
    sel = df.select(*cols)
    c = _classify(sel, has, policy).persist(storage_level)
    try:
        return _scan(df.sparkSession, c, has, limit, row is not None, template, storage_level)
    except BaseException:
        c.unpersist()
        raise


def _scan(spark, c, has, limit, own_rows, template, storage_level) -> SparkReport:
    col = F.col
    # Caches the classified records and numbers the rows: partition index → rows before it.
    if own_rows:
        bases = None
        c.count()
    else:
        counts = dict(c.groupBy(F.shiftright("rid", _LOCAL_BITS).alias("p")).count().collect())
        bases, acc = [], 0
        for p in range(max(counts) + 1 if counts else 0):
            bases.append(acc)
            acc += counts.get(p, 0)

    # ---- The valid records by normalized code: 重码 and repeats -------------------------
    by_code = Window.partitionBy("code")
    all_rows = by_code.orderBy("rid").rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)
    so_far = by_code.orderBy("rid").rowsBetween(Window.unboundedPreceding, Window.currentRow)
    w = c.where("valid").select(
        # (Names are looked up again only for the rows the tables list: the shuffles
        # by code, name hash and subject identifier carry no text but the code.)
        "rid", "code", "h", "stored", "month", "region", "region_class",
        # The first row of each entity (normalized name) carrying the code.
        F.when(col("h").isNotNull(), F.min("rid").over(Window.partitionBy("code", "h"))).alias("first_of_name"),
    )
    w = w.select(
        "*",
        (col("h").isNotNull() & (col("rid") == col("first_of_name"))).alias("is_first"),
        F.count(F.lit(1)).over(all_rows).alias("n"),
        F.min("rid").over(all_rows).alias("first_row"),
        F.max(col("h").isNull()).over(all_rows).alias("any_nameless"),
    )
    w = w.select(
        "*",
        F.sum(col("is_first").cast("long")).over(all_rows).alias("d"),  # entities
        F.sum(col("is_first").cast("long")).over(so_far).alias("ent_rank"),
    )
    dup = col("d") >= 2
    w = w.select(
        "*",
        # The first rows of the first four entities (a 重码 names up to three others).
        F.array_sort(F.collect_list(F.when(col("is_first") & (col("ent_rank") <= 4), col("rid"))).over(all_rows)).alias("ent4"),
        F.when(dup, F.when(col("is_first"), F.lit("duplicate")).otherwise(F.lit("repeated")))
        .when((col("n") >= 2) & (col("rid") != col("first_row")), F.lit("repeated"))
        .alias("class"),
    ).persist(storage_level)
    cached = [c, w]

    # One entity (name hash), several codes: its first row with each code.
    by_name = Window.partitionBy("h")
    pairs = (
        w.where("is_first")
        .select("rid", "h", "code", "stored", F.count(F.lit(1)).over(by_name).alias("k"))
        .where("k >= 2")
        .select(
            "*",
            F.min("rid").over(by_name).alias("g"),
            F.row_number().over(by_name.orderBy("rid", "code")).alias("m"),
        )
    )
    # Subject identifiers (positions 9–17) shared by several codes: each code's first row.
    by_subject = Window.partitionBy("subject")
    codes1 = (
        w.where(col("rid") == col("first_row"))
        .select("rid", "code", "stored", F.substring("code", 9, 9).alias("subject"))
        .select("*", F.count(F.lit(1)).over(by_subject).alias("k"))
        .where("k >= 2")
        .select("*", F.row_number().over(by_subject.orderBy("code")).alias("m"))
    )

    # ---- Every number of the summary in one job ---------------------------------------
    L = "long"
    one, zero, none = F.lit(1).cast(L), F.lit(0).cast(L), F.lit(None).cast("string")

    def counted(d: DataFrame) -> DataFrame:
        return d.agg(F.count(F.lit(1)).alias("total"))

    def tagged(tag: str, d: DataFrame, s1=none, s2=none, n=()) -> DataFrame:
        n = list(n) + [zero] * (6 - len(n))
        return d.select(F.lit(tag).alias("tag"), s1.alias("s1"), s2.alias("s2"), *[x.cast(L).alias(f"n{i}") for i, x in enumerate(n)])

    flag = lambda e: F.coalesce(e, F.lit(False)).cast(L)  # noqa: E731
    counts_src = c.where("not valid").select(
        "month", "region", "region_class", one.alias("valid0"), one.alias("err"), zero.alias("dup"), zero.alias("rep"), zero.alias("named")
    ).unionByName(
        w.select(
            "month", "region", "region_class", zero.alias("valid0"), zero.alias("err"),
            flag(col("class") == "duplicate").alias("dup"), flag(col("class") == "repeated").alias("rep"),
            col("h").isNotNull().cast(L).alias("named"),
        )
    )
    tallies = counts_src.groupBy("month", "region", "region_class").agg(
        F.count(F.lit(1)).alias("total"), F.sum("err").alias("err"), F.sum("dup").alias("dup"),
        F.sum("rep").alias("rep"), F.sum("named").alias("named"),
    )
    small = (
        tagged("t", tallies, col("month"), col("region"),
               [col("region_class"), col("total"), col("err"), col("dup"), col("rep"), col("named")])
        .unionByName(tagged("k", c.where("not valid").groupBy("kind").count(), col("kind"), n=[col("count")]))
        .unionByName(tagged("g", counted(w.where(dup & col("is_first") & (col("ent_rank") == 1))), n=[col("total")]))
        # (Counts by aggregation, which combines before the shuffle; the tables use windows.)
        .unionByName(tagged("m", counted(w.where("is_first").groupBy("h").count().where("count >= 2")), n=[col("total")]))
        .unionByName(tagged("c", counted(
            w.where(col("rid") == col("first_row")).groupBy(F.substring("code", 9, 9)).count().where("count >= 2")
        ), n=[col("total")]))
        .unionByName(tagged("r", counted(c.where("rid is null or rid < 1" if own_rows else "rid is null")), n=[col("total")]))
        .collect()
    )
    tallies, kinds, n = [], {}, {}
    for r in small:
        if r[0] == "t":
            rc, total, err, dupl, rep, named = r[3:9]
            tallies.append((r[1], r[2], rc, total, err, dupl, rep, named))
        elif r[0] == "k":
            kinds[r[1]] = r[3]
        else:
            n[r[0]] = r[3]
    if n.get("r", 0):
        c.unpersist()
        w.unpersist()
        raise ValueError(f"row: {n['r']} records have no row number (null or below 1); the row column must number the records 1, 2, …")
    n_groups, n_multi, n_coll = n.get("g", 0), n.get("m", 0), n.get("c", 0)
    n_err = sum(kinds.values())
    n_marked = sum(t[5] + t[6] for t in tallies)
    n_listed = min(n_err + n_marked, limit)
    summary = _summary(template, tallies, kinds, has, n_groups, n_multi, n_coll, n_listed, limit)

    # ---- The tables (computed when used) ------------------------------------------------
    def named(d: DataFrame) -> DataFrame:
        """``d`` (valid records by ``rid``) with the name as stored."""
        if not has["name"]:
            return d.withColumn("name", F.lit(None).cast("string"))
        return d.join(c.where("valid").select("rid", "name"), "rid", "left")

    def index(d: DataFrame, *cols) -> DataFrame:
        return d.select(*cols[:1], "row", (col("row") - 1).alias("index"), *cols[1:])

    def duplicates() -> DataFrame:
        # 重码 groups: one row per entity (its first row), by code.
        members = w.where(dup & col("is_first") & (col("ent_rank") <= limit))
        if n_groups > limit:
            first = w.where(dup & col("is_first") & (col("ent_rank") == 1)).select("code").orderBy("code").limit(limit)
            members = members.join(first, "code", "left_semi")
        d = _renumber(
            named(members).select("code", col("rid").alias("row"), "name", F.coalesce("stored", "code").alias("stored")),
            ["row"], bases,
        )
        return index(_sorted(d, "code", "row"), "code", "name", "stored")

    def multi() -> DataFrame:
        # One entity, several codes: one row per code, the entity's name as of its first row.
        mm = named(pairs.where(col("m") <= limit)).select(
            "*", F.max(F.when(col("rid") == col("g"), col("name"))).over(by_name).alias("entity")
        )
        if n_multi > limit:
            mm = mm.join(pairs.where("m = 1").select("h", "g").orderBy("g").limit(limit).select("h"), "h", "left_semi")
        d = _renumber(
            mm.select("entity", col("rid").alias("row"), "name", F.coalesce("stored", "code").alias("code"), "g"),
            ["row", "g"], bases,
        )
        return index(_sorted(d, "g", "row"), "entity", "name", "code")

    def collisions() -> DataFrame:
        # One row per code sharing the subject identifier.
        cm = codes1.where(col("m") <= limit)
        if n_coll > limit:
            cm = cm.join(codes1.where("m = 1").select("subject").orderBy("subject").limit(limit), "subject", "left_semi")
        d = _renumber(
            named(cm).select(col("subject").alias("subject_identifier"), col("rid").alias("row"), "name",
                      F.coalesce("stored", "code").alias("stored"), "code"),
            ["row"], bases,
        )
        return index(_sorted(d, "subject_identifier", "code"), "subject_identifier", "name", col("stored").alias("code"))

    def monthly() -> DataFrame:
        return spark.createDataFrame(
            [tuple(m[k] for k in ("month",) + _COUNTS + ("rate",)) for m in summary["monthly"]],
            _counts_schema(["month"]),
        )

    def regions() -> DataFrame:
        return spark.createDataFrame(
            [tuple(m[k] for k in ("region", "name") + _COUNTS + ("rate",)) for m in summary["regions"]],
            _counts_schema(["region", "name"]),
        )

    builders = {
        "flagged": lambda: _flagged(c, w, named, bases, limit, n_err, n_err + n_marked),
        "duplicates": duplicates,
        "multi_code_entities": multi,
        "collisions": collisions,
        "monthly": monthly,
        "regions": regions,
    }
    return SparkReport(summary, builders, cached)


def _flagged(c: DataFrame, w: DataFrame, named, bases, limit: int, n_err: int, n_flagged: int) -> DataFrame:
    """The flagged list: the listed 错码 with their probable intended code, 重码, repeats."""
    col = F.col
    errors = c.where("not valid").select(
        "rid", "h", "name", "stored", "kind", "detail_zh", "detail_en", "suggestions", "candidates"
    )
    if n_err > limit:
        errors = errors.orderBy("rid").limit(limit)
    # Each candidate code looked up among the valid codes: in the batch? carried by this
    # entity? by any named record?
    cands = errors.select("rid", "h", F.posexplode("candidates").alias("pos", "cand"))
    info = (
        w.join(cands.select(col("cand").alias("code")).distinct(), "code", "left_semi")
        .groupBy("code")
        .agg(F.max(col("h").isNotNull()).alias("named"), F.collect_set("h").alias("names"))
    )
    looked = (
        cands.join(info, cands["cand"] == info["code"], "left")
        .select(
            "rid", "pos", "cand", col("code").isNotNull().alias("in_batch"),
            (col("h").isNull() | F.coalesce(F.array_contains("names", col("h")), F.lit(False))
             | ~F.coalesce("named", F.lit(False))).alias("ok"),
        )
        .groupBy("rid")
        .agg(F.collect_list(F.struct("pos", "cand", "in_batch", "ok")).alias("looked"))
    )
    # The first candidate in the batch that is this entity's (or nobody's in particular) …
    found = F.filter("looked", lambda x: x["in_batch"] & x["ok"])
    picked = F.element_at(F.array_sort(found), 1)["cand"]
    # … else the first suggestion not carried by another entity.
    taken = F.transform(F.filter("looked", lambda x: x["in_batch"] & ~x["ok"]), lambda x: x["cand"])
    free = F.filter("suggestions", lambda s_: ~F.array_contains(F.coalesce(taken, F.array().cast("array<string>")), s_))
    errors = errors.join(looked, "rid", "left").select(
        "*", picked.alias("picked"), F.element_at(free, 1).alias("fallback")
    )
    nolong = F.lit(None).cast("long")
    nostr = F.lit(None).cast("string")
    flagged_err = errors.select(
        "rid", F.lit("erroneous").alias("class"), F.lit(0).alias("ord"), "name", col("stored").alias("code"), "kind",
        "detail_zh", "detail_en", F.coalesce("picked", "fallback").alias("suggestion"),
        col("picked").isNotNull().alias("suggestion_in_batch"),
        nolong.alias("others"), nolong.alias("r1"), nolong.alias("r2"), nolong.alias("r3"), F.lit(False).alias("nameless"),
    )
    # 重码 and repeats, with the rows their text names.
    dup = col("d") >= 2
    is_dup = col("class") == "duplicate"
    refs = F.slice(F.filter("ent4", lambda x: x != col("rid")), 1, 3)
    flagged_val = named(w.where(col("class").isNotNull())).select(
        "rid", "class", F.when(is_dup, 1).otherwise(2).alias("ord"), "name",
        F.coalesce("stored", "code").alias("code"), nostr.alias("kind"), nostr.alias("detail_zh"),
        nostr.alias("detail_en"), nostr.alias("suggestion"), F.lit(False).alias("suggestion_in_batch"),
        F.when(is_dup, col("d") - 1).alias("others"),
        F.when(is_dup, F.element_at(refs, 1)).when(dup, F.coalesce("first_of_name", "first_row"))
        .otherwise(col("first_row")).alias("r1"),
        F.when(is_dup, F.element_at(refs, 2)).alias("r2"),
        F.when(is_dup, F.element_at(refs, 3)).alias("r3"),
        F.when(dup, col("h").isNull()).otherwise((col("d") == 0) | col("any_nameless")).alias("nameless"),
    )
    flagged = flagged_err.unionByName(flagged_val)
    if n_flagged > limit:
        flagged = flagged.orderBy("rid", "ord").limit(limit)
    flagged = _renumber(flagged, ["rid", "r1", "r2", "r3"], bases, details=True)
    return _sorted(flagged, "rid", "ord").select(
        col("rid").alias("row"), (col("rid") - 1).alias("index"), "name", "code", "class", "kind",
        "detail_zh", "detail_en", "suggestion", "suggestion_in_batch",
    )


def _sorted(d: DataFrame, *cols) -> DataFrame:
    """A table in its order, in one partition (the lists are at most ``max_listed`` rows; a
    global sort would cost a sampling job more)."""
    return d.repartition(1).sortWithinPartitions(*cols)


def _counts_schema(keys: list) -> T.StructType:
    fields = [T.StructField(k, T.StringType(), k != keys[0]) for k in keys]
    fields += [T.StructField(k, T.LongType(), False) for k in _COUNTS]
    fields.append(T.StructField("rate", T.DoubleType(), False))
    return T.StructType(fields)


def _rate(t: dict) -> float:
    return (t["erroneous"] + t["duplicate"]) / t["total"] if t["total"] else 0.0


def _summary(template, tallies, kinds, has, n_groups, n_multi, n_coll, n_listed, limit) -> dict:
    """The summary dict of :attr:`uscc.Report.summary` from the aggregated counts."""

    def zero():
        return {k: 0 for k in _COUNTS}

    months: dict = {}
    regions: dict = {}
    total = zero()
    named = 0
    # (month, region, region class, records, 错码, 重码, repeats, valid records with a name)
    for month, region, rc, n, err, dup, rep, nm in tallies:
        for acc in (months.setdefault(month, zero()), regions.setdefault((rc, region), zero()), total):
            acc["total"] += n
            acc["valid"] += n - err
            acc["erroneous"] += err
            acc["duplicate"] += dup
            acc["repeated"] += rep
        named += nm

    def row(head: dict, t: dict) -> dict:
        return {**head, **t, "rate": _rate(t)}

    monthly = [row({"month": m}, months[m]) for m in sorted(k for k in months if k is not None)]
    if None in months:
        monthly.append(row({"month": "unknown"}, months[None]))
    region_rows = []
    for cls, label in sorted(regions):
        name = None
        if cls == 0:
            r = uscc.region(label)
            name = r.full_name if r is not None else None
        region_rows.append(row({"region": label, "name": name}, regions[(cls, label)]))

    names_compared = has["name"] and named > 0
    nameless = total["valid"] - named
    notes, notes_zh = [], []
    # The notes of the single-machine report (uscc::scan, report.rs step 8), same order.
    if not names_compared and total["valid"] > 0:
        notes.append(
            "no entity names: 重码 cannot be told from repeats, so every extra occurrence of a code is counted as a repeat"
        )
        notes_zh.append("无主体名称：重码无法与重复记录区分，同一代码的多余记录均计为重复记录")
    elif names_compared and nameless > 0:
        notes.append(
            f"{nameless} valid records have no name: they never make a 重码 by themselves and count as repeats when their code occurs again"
        )
        notes_zh.append(f"{nameless} 条有效记录无名称：不单独构成重码，代码再次出现时计为重复记录")
    undated = monthly[-1]["total"] if monthly and monthly[-1]["month"] == "unknown" else 0
    if undated > 0:
        notes.append(f"{undated} records have no readable date: they are in the `unknown` month")
        notes_zh.append(f"{undated} 条记录日期缺失或无法识别，计入“日期不详”一行（月份记为 unknown）")
    n_flagged = total["erroneous"] + total["duplicate"] + total["repeated"]
    if n_flagged > n_listed:
        notes.append(f"the flagged list shows the first {n_listed} of {n_flagged} flagged records")
        notes_zh.append(f"问题记录清单列出前 {n_listed} 条，共 {n_flagged} 条")

    order = {k: i for i, k in enumerate(uscc.KINDS)}
    values = {
        **total,
        "rate": _rate(total),
        "error_kinds": {k: kinds[k] for k in sorted(kinds, key=order.__getitem__)},
        "skipped_reasons": {},
        "monthly": monthly,
        "regions": region_rows,
        "notes": notes,
        "notes_zh": notes_zh,
        "duplicate_groups": n_groups,
        "multi_code_entities": n_multi,
        "collisions": n_coll,
        "names_compared": names_compared,
        "lists": {
            "flagged": n_listed,
            "duplicate_groups": min(n_groups, limit),
            "multi_code_entities": min(n_multi, limit),
            "collisions": min(n_coll, limit),
        },
    }
    out = {}
    for k, v in template.items():
        out[k] = values.get(k, v)
    for k, v in values.items():
        out.setdefault(k, v)
    return out
