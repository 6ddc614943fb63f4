"""Runs `uscc scan` and the duplicate-code query of DuckDB and polars (and pandas) on one CSV,
each in its own process, and prints a Markdown table of wall time and peak memory (the
process's maximum resident set, from wait4). Called by cli_scan.sh, which prepares everything.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

from machine import cpu_model  # benches/compare/machine.py

CODE, NAME = "统一社会信用代码", "名称"

DUCKDB = f"""
import duckdb, sys
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
n = con.execute('''
  SELECT count(*) FROM (
    SELECT "{CODE}" FROM read_csv(?, header = true, all_varchar = true)
    GROUP BY 1 HAVING count(DISTINCT "{NAME}") > 1)
''', [sys.argv[1]]).fetchone()[0]
print(n)
"""

POLARS = f"""
import polars as pl, sys
n = (pl.scan_csv(sys.argv[1], infer_schema=False)
     .group_by("{CODE}").agg(pl.col("{NAME}").n_unique().alias("names"))
     .filter(pl.col("names") > 1).select(pl.len()).collect().item())
print(n)
"""

PANDAS = f"""
import pandas as pd, sys
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
n = int((df.groupby("{CODE}")["{NAME}"].nunique() > 1).sum())
print(n)
"""


def run(cmd: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in MB and stdout of one process."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.read() if p.stdout else b""
    err = p.stderr.read() if p.stderr else b""
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{cmd[0]} failed: {err.decode(errors='replace')}")
    return wall, ru.ru_maxrss // 1024, out.decode().strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--uscc", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pandas", action="store_true")
    a = ap.parse_args()

    size = os.path.getsize(a.data)
    with open(a.data, "rb") as f:
        rows = sum(1 for _ in f) - 1
    out_dir = tempfile.mkdtemp(prefix="uscc-bench-")
    tools: list[tuple[str, str, list[str]]] = [
        ("`cat` (read the file)", "—", ["cat", a.data]),
        ("**uscc scan** (everything, all output files)", "validation, 重码/错码, repeats, one-entity-many-codes, "
         "collisions, intended codes, monthly and regional tables, 6 files",
         [a.uscc, "scan", a.data, "--out", out_dir, "--quiet", "--no-progress"]),
        ("DuckDB", "codes with more than one name (only)", [sys.executable, "-c", DUCKDB, a.data]),
        ("polars (lazy)", "codes with more than one name (only)", [sys.executable, "-c", POLARS, a.data]),
    ]
    if a.pandas:
        tools.append(("pandas", "codes with more than one name (only)", [sys.executable, "-c", PANDAS, a.data]))

    subprocess.run(["cat", a.data], stdout=subprocess.DEVNULL, check=True)  # warm the page cache
    results = {name: [] for name, _, _ in tools}
    answers = {}
    for _ in range(a.runs):
        for name, _, cmd in tools:  # interleaved, so that load changes hit every tool alike
            if name.startswith("`cat`"):
                wall, rss, _ = run(["sh", "-c", f"cat '{a.data}' > /dev/null"])
            else:
                wall, rss, out = run(cmd)
                if out and not name.startswith("**uscc"):
                    answers[name] = out
            results[name].append((wall, rss))
    shutil.rmtree(out_dir, ignore_errors=True)

    import duckdb, polars  # noqa: E401  (versions for the table)
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    print(f"File: {rows:,} rows, {size / 1e6:.0f} MB ({os.path.basename(a.data)}); "
          f"{os.cpu_count()} cores, {platform.machine()} ({cpu_model()}); best of {a.runs} runs, interleaved; "
          f"load average at the end {' '.join(load)}; DuckDB {duckdb.__version__}, polars {polars.__version__}.")
    print()
    print("| tool | does | wall (best) | wall (all runs) | peak memory |")
    print("|---|---|---:|---|---:|")
    for name, does, _ in tools:
        r = results[name]
        best = min(w for w, _ in r)
        allw = ", ".join(f"{w:.2f}" for w, _ in r)
        rss = max(m for _, m in r)
        print(f"| {name} | {does} | {best:.2f} s | {allw} | {rss:,} MB |")
    if answers:
        print()
        print("Codes with more than one distinct name: " + ", ".join(f"{k} {v}" for k, v in answers.items())
              + " (raw strings: no normalization of codes or names).")


if __name__ == "__main__":
    main()
