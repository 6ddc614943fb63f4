"""uscc.scan in a notebook's process: the whole job on 10 million rows already in memory as
Arrow columns, beside polars and DuckDB doing only the duplicate query on the same table.

Run with a release build (numbers from a debug build are refused):

    USCC_RELEASE=1 python/scripts/test.sh -q -x      # builds release into target/py-venv
    target/py-venv/bin/pip install -q duckdb polars  # the tools compared against
    target/py-venv/bin/python benches/compare/py_scan.py [--rows 10000000] [--runs 3]

The tools take turns, run by run, in one process, on one pyarrow table (`uscc.synth`, the
batch of the engine's criterion bench). Each does what a data cleaner would write:
`uscc.scan(codes, names, dates)` (validation, 重码/错码, repeats, one-entity-many-codes,
collisions, intended codes, monthly and regional tables, then the flagged and duplicate
tables built), and "codes with more than one distinct name" in polars (lazy, from the
table without a copy) and DuckDB (querying the Arrow table in place). Prints a Markdown
table for benches/RESULTS.md; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import uscc
from uscc import _uscc

from machine import cpu_model  # benches/compare/machine.py


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=20_240_101)
    a = ap.parse_args()
    if _uscc._DEBUG_BUILD:
        raise SystemExit("debug build: run `USCC_RELEASE=1 python/scripts/test.sh` first")
    import duckdb
    import polars as pl

    t0 = time.perf_counter()
    table = uscc.synth(a.rows, seed=a.seed).to_arrow().select(["code", "name", "date"])
    print(f"{a.rows:,} rows generated in {time.perf_counter() - t0:.1f} s", flush=True)
    codes, names, dates = (table.column(c) for c in ("code", "name", "date"))
    frame = pl.from_arrow(table)
    con = duckdb.connect()

    def ours():
        r = uscc.scan(codes, names, dates)
        # What a notebook looks at next: the tables are built from the report.
        r.flagged.to_arrow()
        r.duplicates.to_arrow()
        return r.summary["duplicate_groups"]

    def polars_query():
        q = (
            frame.lazy()
            .group_by("code")
            .agg(pl.col("name").n_unique().alias("n"))
            .filter(pl.col("n") > 1)
            .select(pl.len())
        )
        return q.collect().item()

    def duckdb_query():
        return con.execute(
            "SELECT count(*) FROM (SELECT code FROM tbl GROUP BY code"
            " HAVING count(DISTINCT name) > 1)",
        ).fetchone()[0]

    con.register("tbl", table)
    tools = [
        ("**uscc.scan** (everything, the flagged and duplicate tables built)", ours),
        ("DuckDB on the Arrow table (codes with more than one name only)", duckdb_query),
        ("polars lazy (codes with more than one name only)", polars_query),
    ]
    times: dict[str, list[float]] = {name: [] for name, _ in tools}
    answers: dict[str, int] = {}
    for _ in range(a.runs):
        for name, f in tools:
            t = time.perf_counter()
            answers[name] = f()
            times[name].append(time.perf_counter() - t)

    print(
        f"Python {platform.python_version()}, {os.cpu_count()} cores ({cpu_model()}), "
        f"load average {os.getloadavg()[0]:.1f}; uscc {uscc.__version__}, "
        f"DuckDB {duckdb.__version__}, polars {pl.__version__}; best of {a.runs}, interleaved."
    )
    print()
    print("| tool | wall (best) | wall (all runs) | answer |")
    print("|---|---:|---|---:|")
    for name, _ in tools:
        ts = times[name]
        runs = ", ".join(f"{t:.2f}" for t in ts)
        print(f"| {name} | {min(ts):.2f} s | {runs} | {answers[name]:,} |")
    print()
    print("uscc's answer is its 重码 groups: codes carried by more than one entity, names compared"
          " after normalizing width, brackets and spaces. The others count codes with more than"
          " one raw name, so one entity spelt two ways counts too.")


if __name__ == "__main__":
    main()
