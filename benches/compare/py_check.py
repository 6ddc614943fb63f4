"""uscc.check from Python: 1 million codes from each input type, against python-stdnum.

Run with a release build (numbers from a debug build are refused):

    USCC_RELEASE=1 python/scripts/test.sh -q -x      # builds release into target/py-venv
    target/py-venv/bin/python benches/compare/py_check.py [--rows 1000000] [--stdnum-rows N]

Prints a Markdown table for benches/RESULTS.md. Nothing here is asserted: the targets
(≥ 20 M codes/s from a pyarrow array, ≥ 5 M/s from a list) are read off the table.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time

import uscc
from uscc import _uscc

from machine import cpu_model  # benches/compare/machine.py

ALPHABET = uscc.ALPHABET


def corpus(rows: int, error_rate: float, seed: int = 7) -> list[str]:
    """Valid codes built by uscc.build over current regions and common pairs, with
    `error_rate` of them given one substitution (a typo)."""
    rng = random.Random(seed)
    regions = []
    for pp in range(11, 66):
        for c in range(pp * 10000, pp * 10000 + 10000):
            r = uscc.region(c)
            if r is not None and r.current and r.level == "county":
                regions.append(r.code)
    pairs = [("9", "1")] * 6 + [("9", "2")] * 8 + [("9", "3"), ("1", "2"), ("5", "1"), ("N", "2")]
    body = ALPHABET
    base: list[str] = []
    while len(base) < 20_000:
        d, c = rng.choice(pairs)
        b8 = "".join(rng.choice(body) for _ in range(8))
        try:
            base.append(str(uscc.build(d, c, rng.choice(regions), b8 + uscc.org_check_char(b8))))
        except ValueError:
            pass
    out = []
    for i in range(rows):
        code = base[i % len(base)]
        # Vary the subject identifier cheaply without re-implementing any rule: reuse base
        # codes; uniqueness does not matter to check().
        if rng.random() < error_rate:
            p = rng.randrange(18)
            ch = rng.choice(body.replace(code[p], ""))
            code = code[:p] + ch + code[p + 1 :]
        out.append(code)
    return out


CPU: dict[int, float] = {}


def best(f, repeat: int = 5) -> float:
    """Best wall time of `repeat` runs; the CPU time (all threads) of that run goes to CPU."""
    times = []
    for _ in range(repeat):
        c0 = time.process_time()
        t0 = time.perf_counter()
        f()
        times.append((time.perf_counter() - t0, time.process_time() - c0))
    wall, cpu = min(times)
    CPU[id(f)] = cpu
    return wall


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--stdnum-rows", type=int, default=None, help="default: all rows")
    ap.add_argument("--error-rate", type=float, default=0.01)
    args = ap.parse_args()
    if _uscc._DEBUG_BUILD:
        raise SystemExit("debug build: run `USCC_RELEASE=1 python/scripts/test.sh` first")

    n = args.rows
    t0 = time.perf_counter()
    codes = corpus(n, args.error_rate)
    print(f"corpus: {n:,} codes, {args.error_rate:.1%} with one typo ({time.perf_counter() - t0:.1f} s to build)")

    results: list[tuple[str, float]] = []

    def run(label: str, values: object, **kw: object) -> None:
        f = lambda: uscc.check(values, **kw)  # noqa: E731
        t = best(f)
        cpu = CPU[id(f)]
        results.append((label, t, cpu))
        print(f"  {label:<48} {t * 1e3:8.1f} ms  {n / t / 1e6:7.2f} M codes/s  (CPU {cpu * 1e3:.0f} ms)", flush=True)

    run("list[str]", codes)
    run("tuple[str]", tuple(codes))
    try:
        import pyarrow as pa

        run("pyarrow string array", pa.array(codes, pa.string()))
        run("pyarrow large_string array", pa.array(codes, pa.large_string()))
        run("pyarrow string_view array", pa.array(codes, pa.string_view()))
        run("pyarrow chunked (10 chunks)", pa.chunked_array([pa.array(codes[i::10]) for i in range(10)]))
        for rate in (0.0, 0.001):
            sub = corpus(n, rate)
            run(f"pyarrow string array, {rate:.1%} typos", pa.array(sub, pa.string()))
            run(f"list[str], {rate:.1%} typos", sub)
    except ImportError:
        print("  (pyarrow not installed)")
    try:
        import polars as pl

        run("polars Series (string_view export)", pl.Series(codes))
    except ImportError:
        print("  (polars not installed)")
    try:
        import numpy as np

        run("numpy object array", np.array(codes, dtype=object))
    except ImportError:
        pass
    try:
        import pandas as pd

        run("pandas Series (object)", pd.Series(codes, dtype=object))
        run(f"pandas Series ({pd.Series(codes).dtype})", pd.Series(codes))
    except ImportError:
        pass
    try:
        from stdnum.cn import uscc as stdnum_uscc

        k = args.stdnum_rows or n
        sub = codes[:k]
        f = lambda: [stdnum_uscc.is_valid(c) for c in sub]  # noqa: E731
        t = best(f, repeat=1)
        print(f"  {'python-stdnum is_valid loop':<48} {t * 1e3 * n / k:8.1f} ms  {k / t / 1e6:7.3f} M codes/s")
        results.append(("python-stdnum `is_valid` loop", t * n / k, CPU[id(f)] * n / k))
    except ImportError:
        print("  (python-stdnum not installed)")

    print()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores ({cpu_model()}), load average {load:.1f}, uscc {uscc.__version__}")
    print("| input | wall time per 1M | codes/s | CPU time (all threads) |")
    print("|---|---:|---:|---:|")
    for label, t, cpu in results:
        scale = 1_000_000 / n
        print(f"| {label} | {t * 1e3 * scale:.1f} ms | {n / t / 1e6:.2f} M | {cpu * 1e3 * scale:.0f} ms |")


if __name__ == "__main__":
    main()
