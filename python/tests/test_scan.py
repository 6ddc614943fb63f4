"""uscc.scan: the batch engine fed from Python columns."""

import pytest

import uscc

SUMMARY_KEYS = {"total", "valid", "erroneous", "duplicate", "repeated", "skipped", "rate", "error_kinds", "monthly", "regions"}

CODES = [
    "91350100M000100Y43",  # 福州某某有限公司
    "91350100M000100Y43",  # 重码: another entity
    "91110108551385082R",  # 错码 (check char), intended code in the batch
    "91110108551385082Q",
    "91110108551385082Q",  # repeat
    None,                  # empty: 错码
]
NAMES = ["福州某某有限公司", "福州另一家公司", "北京某某科技有限公司", "北京某某科技有限公司", "北京某某科技有限公司", "空白公司"]
DATES = ["2022-01-05", "2022/1/9", "20220203", "2022年2月7日", "2022-02-08", None]


def test_summary_and_tables():
    r = uscc.scan(CODES, names=NAMES, dates=DATES)
    s = r.summary
    assert SUMMARY_KEYS <= set(s)
    # The CLI's summary.json keys, but its input-file description.
    assert {"lists", "policy", "has_names", "has_dates", "generator", "notes", "skipped_reasons"} <= set(s)
    assert s["has_names"] and s["has_dates"] and s["policy"]["org_check"] == "error"
    assert (s["total"], s["valid"], s["erroneous"], s["duplicate"], s["repeated"]) == (6, 4, 2, 2, 1)
    assert s["total"] == s["valid"] + s["erroneous"] + s["skipped"]
    assert s["rate"] == pytest.approx(4 / 6) == r.rate
    assert s["error_kinds"] == {"check_char_mismatch": 1, "empty": 1}
    assert [m["month"] for m in s["monthly"]] == ["2022-01", "2022-02", "unknown"]
    monthly = r.monthly.to_pylist()
    assert [m["month"] for m in monthly] == ["2022-01", "2022-02", "unknown"]
    assert sum(m["total"] for m in monthly) == 6
    regions = r.regions.to_pylist()
    assert sum(x["total"] for x in regions) == 6
    flagged = r.flagged.to_pylist()
    err = next(f for f in flagged if f["row"] == 3)
    assert err["class"] == "erroneous" and err["kind"] == "check_char_mismatch"
    assert err["suggestion"] == "91110108551385082Q" and err["suggestion_in_batch"]
    assert err["name"] == "北京某某科技有限公司" and err["index"] == 2
    dup = r.duplicates.to_pylist()
    assert {d["name"] for d in dup} == {"福州某某有限公司", "福州另一家公司"}
    assert all(d["code"] == "91350100M000100Y43" for d in dup)
    assert "uscc.Report" in repr(r)
    d = r.to_dict()
    assert set(d) == {"summary", "flagged", "duplicates", "multi_code_entities", "collisions"}


def test_input_types_and_dates():
    pa = pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    pd = pytest.importorskip("pandas")
    import datetime

    want = uscc.scan(CODES, names=NAMES, dates=DATES).summary
    dates = [datetime.date(2022, 1, 5), datetime.datetime(2022, 1, 9, 8), datetime.date(2022, 2, 3),
             pd.Timestamp("2022-02-07"), "2022-02-08", None]
    for codes, names, ds in [
        (pa.array(CODES), pa.array(NAMES), pa.array(DATES)),
        (pl.Series(CODES), pl.Series(NAMES), pl.Series(DATES)),
        (pd.Series(CODES), pd.Series(NAMES), pd.Series(DATES)),
        (CODES, NAMES, dates),
        (CODES, NAMES, pd.Series(pd.to_datetime(["2022-01-05", "2022-01-09", "2022-02-03", "2022-02-07", "2022-02-08", None]))),
        (CODES, NAMES, pl.Series([d if d is None else datetime.date(2022, int(m), 5)
                                  for d, m in zip(dates, "112220")], dtype=pl.Date)),
        (CODES, NAMES, pa.array([None if d is None else datetime.datetime(2022, int(m), 5, 13)
                                 for d, m in zip(dates, "112220")], pa.timestamp("ns"))),
    ]:
        got = uscc.scan(codes, names=names, dates=ds).summary
        assert [m["month"] for m in got["monthly"]] == [m["month"] for m in want["monthly"]]
        assert got["rate"] == want["rate"]


def test_chunked_columns_give_the_same_report():
    """Names and stored spellings are filled by row across chunks (empty ones too), on all
    cores: the report is that of the same values in one piece."""
    pa = pytest.importorskip("pyarrow")
    codes = [c.lower() if c and i % 7 == 3 else c for i, c in enumerate(CODES * 40)]
    names = [n if i % 5 else n + "（分公司）" for i, n in enumerate(NAMES * 40)]
    dates = DATES * 40
    want = uscc.scan(codes, names=names, dates=dates).to_dict()
    assert want["summary"]["duplicate"] > 0 and want["summary"]["erroneous"] > 0

    def chunked(values, cuts=(0, 1, 1, 17, 100, 100, 239)):
        bounds = list(cuts) + [len(values)]
        return pa.chunked_array([pa.array(values[a:b], pa.string()) for a, b in zip(bounds, bounds[1:])], pa.string())

    r = uscc.scan(chunked(codes), names=chunked(names), dates=chunked(dates))
    got = r.to_dict()
    assert got == want
    # Each flagged row and group member is shown with the name at its row.
    for table in (r.flagged, r.duplicates):
        t = table.to_pydict()
        assert t["row"] and [names[i - 1] for i in t["row"]] == t["name"]
    # Names the report shows are the stored ones, brackets and all.
    assert {d["name"] for d in got["duplicates"]} >= {"福州某某有限公司（分公司）"}


def test_without_names_repeats_and_a_note():
    r = uscc.scan(CODES)
    s = r.summary
    assert s["duplicate"] == 0 and s["repeated"] == 2
    assert r.notes


def test_policy_and_errors():
    pilot = ["91350203M0001QKT19"]
    assert uscc.scan(pilot).summary["erroneous"] == 1  # assessment by default
    assert uscc.scan(pilot, policy="default").summary["erroneous"] == 0
    with pytest.raises(ValueError, match="aligned"):
        uscc.scan(CODES, names=NAMES[:2])
    r = uscc.scan([])
    assert r.summary["total"] == 0 and len(r.flagged) == 0


def test_max_listed():
    r = uscc.scan(["x"] * 50, max_listed=5)
    assert r.summary["erroneous"] == 50
    assert len(r.flagged) <= 10
