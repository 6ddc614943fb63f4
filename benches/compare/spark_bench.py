"""uscc.spark in Spark local mode: rows per second per core for with_check and scan, next to
Spark's own duplicate query (groupBy(code).agg(countDistinct(name))) on the same data.

Run with a release build (numbers from a debug build are refused):

    USCC_RELEASE=1 python/scripts/test_spark.sh -k synth        # release build, pyspark, Java
    target/py-venv/bin/python benches/compare/spark_bench.py [--rows 1000000] [--cores 2]

The data is uscc.synth(rows) written once to target/bench-data/ as Parquet, read and cached
in Spark's memory before any timing, so every query reads the same cached rows. For each
query: wall time, CPU time of the whole Spark process tree (the JVM and every Python worker,
from /proc, children included) and the load average, since the machine may be shared.
Prints a Markdown table for benches/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

import uscc
from uscc import _uscc

ROOT = Path(__file__).resolve().parents[2]
TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(root_pid: int) -> float:
    """CPU seconds (user + system, reaped children included) of a process and its descendants."""
    parent, cpu = {}, {}
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            stat = (p / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        pid = int(p.name)
        parent[pid] = int(fields[1])
        cpu[pid] = sum(int(x) for x in fields[11:15]) / TICK
    total = 0.0
    for pid in cpu:
        q = pid
        while q and q != root_pid:
            q = parent.get(q, 0)
        if q == root_pid:
            total += cpu[pid]
    return total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--cores", type=int, default=2)
    a = ap.parse_args()
    if _uscc._DEBUG_BUILD:
        sys.exit("debug build: run USCC_RELEASE=1 python/scripts/test_spark.sh -k synth first")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    from uscc import spark as us

    data = ROOT / "target" / "bench-data" / f"spark_{a.rows}_{a.seed}.parquet"
    if not data.exists():
        data.parent.mkdir(parents=True, exist_ok=True)
        t = pa.table(uscc.synth(a.rows, seed=a.seed)).select(["code", "name", "date"])
        pq.write_table(t, data, row_group_size=1 << 17)
    spark = (
        SparkSession.builder.master(f"local[{a.cores}]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(4 * a.cores))
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    jvm = spark.sparkContext._gateway.proc.pid
    df = spark.read.parquet(str(data)).cache()
    n = df.count()
    parts = df.rdd.getNumPartitions()

    results = []

    def measure(label: str, f) -> None:
        load0 = os.getloadavg()[0]
        c0, t0 = tree_cpu(jvm) + time.process_time(), time.perf_counter()
        extra = f()
        wall = time.perf_counter() - t0
        cpu = tree_cpu(jvm) + time.process_time() - c0
        load = (load0 + os.getloadavg()[0]) / 2
        results.append((label, wall, cpu, load, extra))
        print(f"{label}: {wall:.1f} s wall, {cpu:.1f} s CPU, load {load:.1f} {extra or ''}", file=sys.stderr)

    # Warm-up (JIT, Python workers), not reported.
    df.groupBy("code").agg(F.countDistinct("name").alias("k")).where("k > 1").count()
    us.with_check(df.limit(50_000), "code").where("not uscc_valid").count()

    measure(
        "Spark alone: `groupBy(code).agg(countDistinct(name))`, codes with > 1 name",
        lambda: df.groupBy("code").agg(F.countDistinct("name").alias("k")).where("k > 1").count(),
    )
    measure(
        "`with_check(df, code)` (all verdict columns), rows written to a no-op sink",
        lambda: us.with_check(df, "code").write.format("noop").mode("overwrite").save(),
    )
    holder = {}

    def do_scan():
        holder["r"] = us.scan(df, code="code", name="name", date="date")
        return f"rate {holder['r'].summary['rate']:.5f}"

    measure("`scan(df, code, name, date)`: summary (classification, 重码, repeats, tables of counts)", do_scan)
    measure(
        "… then the flagged list (probable intended codes), written to a no-op sink",
        lambda: holder["r"].flagged.write.format("noop").mode("overwrite").save(),
    )
    measure(
        "… then duplicates, multi-code entities and collisions",
        lambda: [getattr(holder["r"], t).write.format("noop").mode("overwrite").save()
                 for t in ("duplicates", "multi_code_entities", "collisions")] and None,
    )
    holder["r"].unpersist()

    print(f"\n{n:,} generated records (uscc.synth, seed {a.seed}), {parts} input partitions cached in memory, "
          f"Spark {spark.version} local[{a.cores}], shuffle partitions {4 * a.cores}, release build.\n")
    print("| query | wall | CPU (JVM + Python workers) | load avg | rows/s per core (CPU) | rows/s per core (wall × cores) |")
    print("|---|---:|---:|---:|---:|---:|")
    scan_wall = scan_cpu = 0.0
    for label, wall, cpu, load, _ in results:
        if label.startswith("`scan") or label.startswith("…"):
            scan_wall += wall
            scan_cpu += cpu
        print(f"| {label} | {wall:.1f} s | {cpu:.1f} s | {load:.1f} | {n / cpu:,.0f} | {n / (wall * a.cores):,.0f} |")
    print(f"| **scan, everything** | {scan_wall:.1f} s | {scan_cpu:.1f} s | | {n / scan_cpu:,.0f} | {n / (scan_wall * a.cores):,.0f} |")
    spark.stop()


if __name__ == "__main__":
    main()
