//! Build script: turn the committed region table (`data/regions.tsv`, written by
//! `tools/regions/generate.py`) into compact static arrays in `$OUT_DIR/regions_table.rs`.
//!
//! It reads only that committed file: no network, no other input. The layout it emits is
//! described in `src/region/table.rs`, which includes the generated file.

use std::collections::{BTreeMap, HashMap};
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

/// Years are stored as 7-bit offsets from this base.
const YEAR_BASE: u16 = 1970;
/// Marks a row whose periods live in `MULTI_PERIODS` rather than in `ROW_PERIOD` itself.
const MULTI_FLAG: u16 = 0x8000;
const NO_SLOT: u16 = u16::MAX;

const HEADER: &str = "code\tlevel\tkind\tname\tperiods\tnames\tevidence\tseen\tnote";

struct Row {
    code: u32,
    level: u8,
    kind: u8,
    name: String,
    periods: Vec<(u16, Option<u16>)>,
    names: Vec<(String, u16, Option<u16>)>,
    note: String,
}

fn fail(line: usize, msg: impl std::fmt::Display) -> ! {
    panic!("data/regions.tsv line {line}: {msg}");
}

fn parse_years(s: &str, line: usize) -> (u16, Option<u16>) {
    let (a, b) = s
        .split_once('-')
        .unwrap_or_else(|| fail(line, format!("bad years {s:?}")));
    let start = a
        .parse()
        .unwrap_or_else(|_| fail(line, format!("bad year {a:?}")));
    let end = if b.is_empty() {
        None
    } else {
        Some(
            b.parse()
                .unwrap_or_else(|_| fail(line, format!("bad year {b:?}"))),
        )
    };
    (start, end)
}

fn pack_period(code: u32, (start, end): (u16, Option<u16>)) -> u16 {
    let ok = |y: u16| (YEAR_BASE..YEAR_BASE + 126).contains(&y);
    if !ok(start) || end.is_some_and(|e| !ok(e) || e < start) {
        panic!("data/regions.tsv: {code}: period {start}-{end:?} out of range");
    }
    let e = end.map_or(0, |e| e - YEAR_BASE + 1);
    (start - YEAR_BASE) | (e << 7)
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=data/regions.tsv");
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let text = fs::read_to_string(dir.join("data/regions.tsv"))
        .expect("core/data/regions.tsv is missing: run tools/regions/generate.py");

    let mut rows: Vec<Row> = Vec::new();
    let mut seen_header = false;
    for (i, l) in text.lines().enumerate() {
        let line = i + 1;
        if l.starts_with('#') || l.is_empty() {
            continue;
        }
        if !seen_header {
            assert_eq!(l, HEADER, "data/regions.tsv: unexpected header");
            seen_header = true;
            continue;
        }
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() != 9 {
            fail(line, format!("{} columns, expected 9", f.len()));
        }
        if f[0].len() != 6 || !f[0].bytes().all(|b| b.is_ascii_digit()) {
            fail(line, format!("bad code {:?}", f[0]));
        }
        let level = match f[1] {
            "national" => 0,
            "province" => 1,
            "prefecture" => 2,
            "county" => 3,
            x => fail(line, format!("bad level {x:?}")),
        };
        let kind = match f[2] {
            "gb2260" => 0,
            "placeholder" => 1,
            "statistics_only" => 2,
            "special" => 3,
            x => fail(line, format!("bad kind {x:?}")),
        };
        if f[3].is_empty() {
            fail(line, "empty name");
        }
        let periods: Vec<_> = f[4].split(',').map(|p| parse_years(p, line)).collect();
        let names: Vec<_> = f[5]
            .split('|')
            .map(|e| {
                let (n, y) = e
                    .rsplit_once('@')
                    .unwrap_or_else(|| fail(line, "bad names"));
                let (s, t) = parse_years(y, line);
                (n.to_string(), s, t)
            })
            .collect();
        if names.last().map(|n| n.0.as_str()) != Some(f[3]) {
            fail(line, "the last entry of `names` must be the newest name");
        }
        rows.push(Row {
            code: f[0].parse().unwrap(),
            level,
            kind,
            name: f[3].to_string(),
            periods,
            names,
            note: f[8].to_string(),
        });
    }
    for w in rows.windows(2) {
        assert!(
            w[0].code < w[1].code,
            "data/regions.tsv: codes not sorted at {}",
            w[1].code
        );
    }
    assert!(!rows.is_empty() && rows.len() < usize::from(u16::MAX));

    // ---- names: one string, substrings shared ----------------------------------------------
    let mut all_names: Vec<&str> = rows
        .iter()
        .flat_map(|r| r.names.iter().map(|n| n.0.as_str()))
        .collect();
    all_names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    all_names.dedup();
    let mut blob = String::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for n in &all_names {
        if at.contains_key(*n) {
            continue;
        }
        let off = blob.len();
        blob.push_str(n);
        let idx: Vec<usize> = n.char_indices().map(|(i, _)| i).chain([n.len()]).collect();
        for a in 0..idx.len() {
            for b in a + 1..idx.len() {
                at.entry(n[idx[a]..idx[b]].to_string())
                    .or_insert(off + idx[a]);
            }
        }
    }
    assert!(
        blob.len() < 1 << 17,
        "name blob too large for 17-bit offsets"
    );
    let name_ref = |n: &str| -> u32 {
        let off = at[n] as u32;
        let len = n.len() as u32;
        assert!(len < 1 << 7, "name {n:?} too long");
        off | (len << 17)
    };

    // ---- per-row data ----------------------------------------------------------------------
    let mut row_name = Vec::with_capacity(rows.len());
    let mut row_period = Vec::with_capacity(rows.len());
    let mut multi: Vec<u16> = Vec::new();
    let mut hist_rows: Vec<u16> = Vec::new();
    let mut hist_start: Vec<u16> = vec![0];
    let mut span_name: Vec<u32> = Vec::new();
    let mut span_years: Vec<u16> = Vec::new();
    let mut notes: Vec<(u32, &str)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let simple = r.names.len() == r.periods.len()
            && r.names
                .iter()
                .zip(&r.periods)
                .all(|(n, p)| n.0 == r.name && (n.1, n.2) == *p);
        let meta = u32::from(r.level) | (u32::from(r.kind) << 2) | (u32::from(!simple) << 4);
        row_name.push(name_ref(&r.name) | (meta << 24));
        if r.periods.len() == 1 {
            row_period.push(pack_period(r.code, r.periods[0]));
        } else {
            let at = multi.len() as u16;
            assert!(at < MULTI_FLAG);
            multi.push(r.periods.len() as u16);
            multi.extend(r.periods.iter().map(|p| pack_period(r.code, *p)));
            row_period.push(MULTI_FLAG | at);
        }
        if !simple {
            hist_rows.push(i as u16);
            for n in &r.names {
                span_name.push(name_ref(&n.0));
                span_years.push(pack_period(r.code, (n.1, n.2)));
            }
            hist_start.push(span_name.len() as u16);
        }
        if !r.note.is_empty() {
            notes.push((r.code, r.note.as_str()));
        }
    }

    // ---- the index: province -> prefecture slot -> bitmap of the last two digits ------------
    let mut slots: BTreeMap<u32, u128> = BTreeMap::new(); // 4-digit prefix -> bits
    for r in &rows {
        *slots.entry(r.code / 100).or_default() |= 1u128 << (r.code % 100);
    }
    let provinces: Vec<u32> = {
        let mut v: Vec<u32> = slots.keys().map(|p| p / 100).collect();
        v.dedup();
        v
    };
    let mut prov_slot = [u8::MAX; 100];
    for (i, p) in provinces.iter().enumerate() {
        prov_slot[*p as usize] = i as u8;
    }
    let mut pref_slot = vec![NO_SLOT; provinces.len() * 100];
    let mut prov_range = vec![(u16::MAX, 0u16); provinces.len()];
    let mut slot_prefix = Vec::new();
    let mut bits = Vec::new();
    let mut base = Vec::new();
    let mut count = 0u32;
    for (s, (prefix, b)) in slots.iter().enumerate() {
        let p = prov_slot[(prefix / 100) as usize] as usize;
        pref_slot[p * 100 + (prefix % 100) as usize] = s as u16;
        prov_range[p].0 = prov_range[p].0.min(s as u16);
        prov_range[p].1 = s as u16 + 1;
        slot_prefix.push(*prefix as u16);
        bits.push(*b);
        base.push(count as u16);
        count += b.count_ones();
    }
    assert_eq!(count as usize, rows.len());

    // ---- emit ------------------------------------------------------------------------------
    let mut o = String::new();
    writeln!(
        o,
        "// @generated by core/build.rs from data/regions.tsv; do not edit."
    )
    .unwrap();
    writeln!(o, "pub(super) const LEN: usize = {};", rows.len()).unwrap();
    writeln!(o, "pub(super) const YEAR_BASE: u16 = {YEAR_BASE};").unwrap();
    writeln!(o, "pub(super) const MULTI_FLAG: u16 = {MULTI_FLAG:#x};").unwrap();
    writeln!(o, "pub(super) const NO_SLOT: u16 = {NO_SLOT:#x};").unwrap();
    writeln!(o, "pub(super) static NAMES: &str = {blob:?};").unwrap();
    emit(&mut o, "PROVINCE_SLOT", "u8", &prov_slot);
    // Bit `pp` set when the province row `pp0000` is in the table (validation asks per code).
    let provinces = rows
        .iter()
        .filter(|r| r.code % 10_000 == 0)
        .fold(0u128, |m, r| m | 1 << (r.code / 10_000));
    writeln!(o, "pub(super) const PROVINCES: u128 = {provinces:#x};").unwrap();
    emit(&mut o, "PREFECTURE_SLOT", "u16", &pref_slot);
    let ranges: Vec<String> = prov_range
        .iter()
        .map(|(a, b)| format!("({a},{b})"))
        .collect();
    emit_raw(&mut o, "PROVINCE_SLOTS", "(u16, u16)", &ranges);
    emit(&mut o, "SLOT_PREFIX", "u16", &slot_prefix);
    let bits_s: Vec<String> = bits.iter().map(|b| format!("{b:#x}")).collect();
    emit_raw(&mut o, "SLOT_BITS", "u128", &bits_s);
    emit(&mut o, "SLOT_BASE", "u16", &base);
    emit(&mut o, "ROW_NAME", "u32", &row_name);
    emit(&mut o, "ROW_PERIOD", "u16", &row_period);
    emit(&mut o, "MULTI_PERIODS", "u16", &multi);
    emit(&mut o, "HISTORY_ROWS", "u16", &hist_rows);
    emit(&mut o, "HISTORY_START", "u16", &hist_start);
    emit(&mut o, "SPAN_NAME", "u32", &span_name);
    emit(&mut o, "SPAN_YEARS", "u16", &span_years);
    let notes_s: Vec<String> = notes.iter().map(|(c, n)| format!("({c}, {n:?})")).collect();
    emit_raw(&mut o, "NOTES", "(u32, &str)", &notes_s);

    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("regions_table.rs");
    fs::write(out, o).unwrap();
}

fn emit<T: std::fmt::Display>(o: &mut String, name: &str, ty: &str, v: &[T]) {
    let s: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    emit_raw(o, name, ty, &s);
}

fn emit_raw(o: &mut String, name: &str, ty: &str, v: &[String]) {
    writeln!(o, "pub(super) static {name}: [{ty}; {}] = [", v.len()).unwrap();
    for chunk in v.chunks(16) {
        writeln!(o, "{},", chunk.join(",")).unwrap();
    }
    writeln!(o, "];").unwrap();
}
