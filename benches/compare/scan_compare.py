#!/usr/bin/env python3
"""Side-by-side: our whole scan job vs polars, DuckDB and pandas doing only the duplicate query.

Same generated CSV, same run. Each tool runs in its own subprocess under /usr/bin/time -v, so
wall time and peak resident memory (max RSS) are measured the same way for everyone:

- ours:   the `uscc scan` CLI when it is built (target/release/uscc), and the `scan_csv` example (csv crate reader + uscc::scan: validation, 重码, repeats,
          collisions, one-entity-many-codes, probable intended codes, monthly and regional
          tables, and the second pass for names) — everything, not just the query;
- polars: scan_csv (all strings) → group by code → n_unique(name) > 1;
- duckdb: read_csv(all_varchar) → GROUP BY code HAVING count(DISTINCT name) > 1;
- pandas: read_csv(dtype=str) → groupby(code)[name].nunique() > 1.

Usage (from the repository root):
    python3 benches/compare/scan_compare.py [--rows 10000000] [--csv FILE] [--seed 1]

Creates target/bench-venv (polars, duckdb, pandas) on first use; never touches the system
Python. Generates the CSV with the scan_csv example when --csv is not given.
"""
import argparse
import os
import re
import subprocess
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV = os.path.join(ROOT, "target", "bench-venv")
PY = os.path.join(VENV, "bin", "python")
OURS = os.path.join(ROOT, "target", "release", "examples", "scan_csv")

QUERIES = {
    "polars": """
        import polars as pl
        df = (pl.scan_csv(F, infer_schema=False)
                .group_by("统一社会信用代码").agg(pl.col("名称").n_unique().alias("k"))
                .filter(pl.col("k") > 1).collect())
        print("codes with more than one name:", df.height)
    """,
    "duckdb": """
        import duckdb
        n = duckdb.sql(f'''SELECT count(*) FROM (SELECT "统一社会信用代码", count(DISTINCT "名称") k
                FROM read_csv('{F}', all_varchar=true, header=true)
                GROUP BY 1 HAVING k > 1)''').fetchall()[0][0]
        print("codes with more than one name:", n)
    """,
    "pandas": """
        import pandas as pd
        df = pd.read_csv(F, dtype=str, keep_default_na=False)
        k = df.groupby("统一社会信用代码")["名称"].nunique()
        print("codes with more than one name:", int((k > 1).sum()))
    """,
}


def sh(cmd, **kw):
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, **kw)


def ensure_venv():
    if not os.path.exists(PY):
        sh([sys.executable, "-m", "venv", VENV])
    try:
        subprocess.run([PY, "-c", "import polars, duckdb, pandas"], check=True, capture_output=True)
    except subprocess.CalledProcessError:
        sh([PY, "-m", "pip", "install", "-q", "polars", "duckdb", "pandas"])


def timed(cmd):
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed:\n{p.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", p.stderr).group(1)
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    out = (p.stdout.strip().splitlines() or [""])[-1]
    return secs, rss / 1024, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--csv")
    ap.add_argument("--repeat", type=int, default=1, help="runs per tool; the best is reported")
    a = ap.parse_args()
    ensure_venv()
    sh(["cargo", "build", "--release", "-q", "-p", "uscc-benches", "--example", "scan_csv"], cwd=ROOT)
    f = a.csv or os.path.join(ROOT, "target", "bench-data", f"scan-compare-{a.rows}-{a.seed}.csv")
    if not os.path.exists(f):
        os.makedirs(os.path.dirname(f), exist_ok=True)
        sh([OURS, f, "--gen", str(a.rows), str(a.seed)])
    size = os.path.getsize(f) / 1e6
    rows = []
    tools = [("uscc scan_csv example (whole scan)", [OURS, f])]
    cli = os.path.join(ROOT, "target", "release", "uscc")
    if os.path.exists(cli):
        out = os.path.join(ROOT, "target", "bench-data", "scan-compare-out")
        tools.append(("`uscc scan` CLI (whole scan, all output files)", [cli, "scan", f, "--out", out]))
    for name, q in QUERIES.items():
        code = f"F = {f!r}\n" + textwrap.dedent(q)
        tools.append((f"{name} (duplicate query only)", [PY, "-c", code]))
    for name, cmd in tools:
        best = min((timed(cmd) for _ in range(a.repeat)), key=lambda r: r[0])
        rows.append((name, *best))
        print(f"{name:32} {best[0]:7.2f} s {best[1]:8.0f} MiB   {best[2]}", file=sys.stderr)
    print(f"\nFile: {f} ({size:.0f} MB), {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}\n")
    print("| tool | wall time | peak memory (max RSS) | output |")
    print("|---|---|---|---|")
    for name, secs, mib, out in rows:
        print(f"| {name} | {secs:.2f} s | {mib:.0f} MiB | {out} |")


if __name__ == "__main__":
    main()
