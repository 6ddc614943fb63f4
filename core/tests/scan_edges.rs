//! Edge cases of the batch scan: empty input, all invalid, one record, one code everywhere,
//! no names, no dates, skipped rows, hostile text, region columns, list limits, streaming.

use uscc::scan::{scan, Counts, FlagClass, Record, Report, ScanOptions, Scanner, SkipReason};
use uscc::Kind;

fn rec<'a>(row: u64, code: &'a str, name: Option<&'a str>, date: Option<&'a str>) -> Record<'a> {
    Record {
        row,
        code,
        name,
        date,
        region: None,
    }
}

/// total = valid + erroneous + skipped, and the monthly and regional rows sum to the totals.
fn reconciles(r: &Report) {
    let c = &r.summary.counts;
    assert_eq!(c.total, c.valid + c.erroneous + c.skipped);
    assert!(c.duplicate + c.repeated <= c.valid);
    let sum = |rows: &mut dyn Iterator<Item = &Counts>| {
        let mut s = [0u64; 6];
        for x in rows {
            for (a, b) in s.iter_mut().zip([
                x.total,
                x.valid,
                x.erroneous,
                x.duplicate,
                x.repeated,
                x.skipped,
            ]) {
                *a += b;
            }
        }
        s
    };
    let want = [
        c.total,
        c.valid,
        c.erroneous,
        c.duplicate,
        c.repeated,
        c.skipped,
    ];
    assert_eq!(sum(&mut r.summary.monthly.iter().map(|m| &m.counts)), want);
    assert_eq!(sum(&mut r.summary.regions.iter().map(|m| &m.counts)), want);
    let kinds: u64 = r.summary.error_kinds.values().sum();
    assert_eq!(kinds, c.erroneous);
}

const A: &str = "91350100M000100Y43";
const B: &str = "91110108551385082Q";

#[test]
fn empty_input() {
    let r = scan(&[], ScanOptions::default());
    reconciles(&r);
    assert_eq!(r.summary.counts, Counts::default());
    assert!(r.summary.monthly.is_empty() && r.summary.regions.is_empty());
    assert!(r.flagged.is_empty() && r.summary.notes.is_empty());
}

#[test]
fn all_invalid() {
    let codes: Vec<String> = (0..500).map(|i| format!("bad{i}")).collect();
    let recs: Vec<Record> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| rec(i as u64 + 1, c, Some("某公司"), Some("2022-03-01")))
        .collect();
    let r = scan(&recs, ScanOptions::default());
    reconciles(&r);
    assert_eq!(
        (r.summary.counts.erroneous, r.summary.counts.valid),
        (500, 0)
    );
    assert_eq!(r.summary.counts.rate, 1.0);
    assert_eq!(r.flagged.len(), 500);
    assert!(r.flagged.iter().all(|f| f.class == FlagClass::Erroneous));
    assert_eq!(r.summary.regions[0].region, "unknown");
    assert_eq!(r.summary.monthly[0].month, "2022-03");
}

#[test]
fn one_record() {
    let r = scan(
        &[rec(1, A, Some("甲"), Some("2022-01-05"))],
        ScanOptions::default(),
    );
    reconciles(&r);
    assert_eq!((r.summary.counts.total, r.summary.counts.valid), (1, 1));
    assert!(r.flagged.is_empty());
    assert_eq!(r.summary.regions[0].region, "350100");
}

#[test]
fn every_record_the_same_code() {
    let names: Vec<String> = (0..3000).map(|i| format!("公司{i}")).collect();
    let recs: Vec<Record> = names
        .iter()
        .enumerate()
        .map(|(i, n)| rec(i as u64 + 1, A, Some(n), None))
        .collect();
    let r = scan(&recs, ScanOptions::default());
    reconciles(&r);
    assert_eq!(r.summary.counts.duplicate, 3000);
    assert_eq!(r.summary.duplicate_groups, 1);
    assert_eq!(r.duplicates[0].members.len(), 3000);
    // The same entity every time: repeats only.
    let recs: Vec<Record> = (0..3000).map(|i| rec(i + 1, A, Some("甲"), None)).collect();
    let r = scan(&recs, ScanOptions::default());
    reconciles(&r);
    assert_eq!(
        (r.summary.counts.duplicate, r.summary.counts.repeated),
        (0, 2999)
    );
    assert!(r
        .flagged
        .iter()
        .all(|f| f.detail_en == "repeat of row 1: same code and entity"));
}

#[test]
fn names_absent() {
    let recs = [
        rec(1, A, None, None),
        rec(2, A, None, None),
        rec(3, B, None, None),
    ];
    for opts in [
        ScanOptions::default(),
        ScanOptions::default().with_names(false),
    ] {
        let r = scan(&recs, opts);
        reconciles(&r);
        assert_eq!(
            (r.summary.counts.duplicate, r.summary.counts.repeated),
            (0, 1)
        );
        assert!(!r.summary.names_compared);
        assert!(
            r.summary.notes[0].contains("cannot be told from repeats"),
            "{:?}",
            r.summary.notes
        );
        assert!(r.flagged[0].detail_en.contains("no name"));
    }
    // Names present but ignored on request.
    let recs = [rec(1, A, Some("甲"), None), rec(2, A, Some("乙"), None)];
    let r = scan(&recs, ScanOptions::default().with_names(false));
    assert_eq!(
        (r.summary.counts.duplicate, r.summary.counts.repeated),
        (0, 1)
    );
}

#[test]
fn a_nameless_record_never_makes_a_duplicate_by_itself() {
    let r = scan(
        &[rec(1, A, Some("甲"), None), rec(2, A, Some(" "), None)],
        ScanOptions::default(),
    );
    assert_eq!(
        (r.summary.counts.duplicate, r.summary.counts.repeated),
        (0, 1)
    );
    let r = scan(
        &[
            rec(1, A, None, None),
            rec(2, A, Some("甲"), None),
            rec(3, A, Some("乙"), None),
        ],
        ScanOptions::default(),
    );
    reconciles(&r);
    assert_eq!(
        (r.summary.counts.duplicate, r.summary.counts.repeated),
        (2, 1)
    );
    assert_eq!(r.flagged[0].class, FlagClass::Repeated);
    assert_eq!(r.duplicates[0].records, 3);
}

#[test]
fn names_compared_after_width_brackets_spaces_case() {
    let recs = [
        rec(1, A, Some("某某（北京）科技有限公司"), None),
        rec(2, A, Some("某某(北京)科技 有限公司"), None),
        rec(3, A, Some("某某【北京】科技有限公司\u{3000}"), None),
        rec(4, B, Some("ＡＢＣ公司"), None),
        rec(5, B, Some("abc公司"), None),
    ];
    let r = scan(&recs, ScanOptions::default());
    assert_eq!(
        (r.summary.counts.duplicate, r.summary.counts.repeated),
        (0, 3)
    );
}

#[test]
fn dates_absent_and_unreadable() {
    let recs = [
        rec(1, A, Some("甲"), None),
        rec(2, B, Some("乙"), Some("不详")),
        rec(3, "x", None, Some("")),
    ];
    let r = scan(&recs, ScanOptions::default());
    reconciles(&r);
    assert_eq!(r.summary.monthly.len(), 1);
    assert_eq!(r.summary.monthly[0].month, "unknown");
    assert_eq!(r.summary.monthly[0].counts.total, 3);
    assert!(r
        .summary
        .notes
        .iter()
        .any(|n| n.starts_with("3 records have no readable date")));
}

#[test]
fn months_are_sorted_and_unknown_last() {
    let recs = [
        rec(1, A, Some("甲"), Some("2023-02-01")),
        rec(2, B, Some("乙"), Some("44566")),
        rec(3, "", None, Some("??")),
        rec(4, "", None, Some("2022年12月31日")),
    ];
    let r = scan(&recs, ScanOptions::default());
    let months: Vec<&str> = r.summary.monthly.iter().map(|m| m.month.as_str()).collect();
    assert_eq!(months, ["2022-01", "2022-12", "2023-02", "unknown"]);
}

#[test]
fn skipped_rows_are_counted_once() {
    let mut s = Scanner::new(ScanOptions::default());
    s.push(&[rec(1, A, Some("甲"), Some("2022-01-01"))]);
    s.skip(2, SkipReason::MissingCodeColumn);
    s.skip(3, SkipReason::Unreadable);
    s.skip(4, SkipReason::Unreadable);
    let r = s.finish();
    reconciles(&r);
    assert_eq!((r.summary.counts.total, r.summary.counts.skipped), (4, 3));
    assert_eq!(r.summary.skipped_reasons[&SkipReason::Unreadable], 2);
}

#[test]
fn hostile_text_never_panics() {
    let long = "9".repeat(100_000);
    let nul = "\0\u{202e}91350100M000100Y43\u{feff}";
    let recs = [
        rec(1, &long, Some(&long), Some(&long)),
        rec(2, nul, Some(nul), Some(nul)),
        rec(
            3,
            "９１３５０１００Ｍ０００１００Ｙ４３",
            Some("甲"),
            Some("２０２２年１月５日"),
        ),
        rec(
            4,
            "統一社會信用代碼",
            Some(""),
            Some("9999999999999999999999"),
        ),
        rec(5, "-", None, Some("2022-")),
    ];
    let r = scan(&recs, ScanOptions::default());
    reconciles(&r);
    let f = r.flagged.iter().find(|f| f.row == 1).unwrap();
    assert_eq!(f.kind, Some(Kind::InputTooLong));
    assert!(f.code.chars().count() < 100, "a preview, not 100 KB");
    assert!(
        r.flagged.iter().all(|f| f.row != 3),
        "full-width code is valid"
    );
    assert_eq!(r.summary.monthly[0].month, "2022-01");
}

#[test]
fn region_column_overrides_and_names() {
    let recs = [
        Record {
            region: Some("海淀区"),
            ..rec(1, A, Some("甲"), None)
        },
        Record {
            region: Some(" 海淀区 "),
            ..rec(2, B, Some("乙"), None)
        },
        Record {
            region: Some("110108"),
            ..rec(3, "bad", None, None)
        },
        Record {
            region: Some(""),
            ..rec(4, A, Some("丙"), None)
        },
    ];
    let r = scan(&recs, ScanOptions::default());
    reconciles(&r);
    let rows: Vec<(&str, u64)> = r
        .summary
        .regions
        .iter()
        .map(|x| (x.region.as_str(), x.counts.total))
        .collect();
    assert_eq!(rows, [("110108", 1), ("350100", 1), ("海淀区", 2)]);
    assert_eq!(r.summary.regions[0].name.as_deref(), Some("北京市 海淀区"));
    assert_eq!(r.summary.regions[2].name, None);
}

#[test]
fn duplicates_are_counted_in_the_region_column_s_region() {
    let recs = [
        Record {
            region: Some("开发区"),
            ..rec(1, A, Some("甲"), None)
        },
        Record {
            region: Some("110108"),
            ..rec(2, A, Some("乙"), None)
        },
        rec(3, A, Some("乙"), None), // a repeat, in the code's own region (350100)
        Record {
            region: Some("350100"), // not B's own (110108)
            ..rec(4, B, Some("丙"), None)
        },
        Record {
            region: Some("110108"), // B's own, given again
            ..rec(5, B, Some("丙"), None)
        },
    ];
    let r = scan(&recs, ScanOptions::default());
    reconciles(&r);
    let rows: Vec<(&str, [u64; 3])> = r
        .summary
        .regions
        .iter()
        .map(|x| {
            let c = &x.counts;
            (x.region.as_str(), [c.total, c.duplicate, c.repeated])
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("110108", [2, 1, 1]),
            ("350100", [2, 0, 1]),
            ("开发区", [1, 1, 0])
        ]
    );
}

/// Past half a million distinct region-column values (the store's region slots), regions are
/// kept by row: still counted where they belong.
#[test]
fn very_many_region_values_are_kept() {
    const N: usize = 530_000;
    let regions: Vec<String> = (0..N).map(|i| format!("r{i}")).collect();
    let names: Vec<String> = (0..N).map(|i| format!("n{i}")).collect();
    let recs: Vec<Record> = (0..N)
        .map(|i| Record {
            region: Some(&regions[i]),
            ..rec(i as u64 + 1, A, Some(&names[i]), None)
        })
        .collect();
    let r = scan(&recs, ScanOptions::default().with_max_listed(5));
    reconciles(&r);
    assert_eq!(r.summary.counts.duplicate, N as u64);
    assert_eq!(r.summary.regions.len(), N);
    assert!(r
        .summary
        .regions
        .iter()
        .all(|x| x.counts.total == 1 && x.counts.duplicate == 1));
}

#[test]
fn list_limit_keeps_counts_complete() {
    let codes: Vec<String> = (0..100).map(|i| format!("x{i}")).collect();
    let recs: Vec<Record> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| rec(i as u64 + 1, c, None, None))
        .collect();
    let r = scan(&recs, ScanOptions::default().with_max_listed(10));
    assert_eq!(r.summary.counts.erroneous, 100);
    assert_eq!(r.flagged.len(), 10);
    assert_eq!(r.flagged.last().unwrap().row, 10);
    assert!(r
        .summary
        .notes
        .iter()
        .any(|n| n.contains("first 10 of 100")));
    let r = scan(&recs, ScanOptions::default().with_max_listed(0));
    assert!(r.flagged.is_empty());
    assert_eq!(r.summary.counts.erroneous, 100);
}

#[test]
fn intended_code_prefers_the_same_entity_in_the_batch() {
    // Row 3's check char is wrong; the batch has the right code under the same name.
    let recs = [
        rec(1, B, Some("北京某某科技有限公司"), None),
        rec(2, A, Some("别家"), None),
        rec(3, "91110108551385082R", Some("北京某某科技 有限公司"), None),
        // Row 4 is one substitution from A, but A belongs to another entity: not proposed.
        rec(4, "91350100M000100Y44", Some("第三家"), None),
    ];
    let r = scan(&recs, ScanOptions::default());
    let f3 = r.flagged.iter().find(|f| f.row == 3).unwrap();
    assert_eq!(
        (f3.suggestion.as_deref(), f3.suggestion_in_batch),
        (Some(B), true)
    );
    let f4 = r.flagged.iter().find(|f| f.row == 4).unwrap();
    assert_ne!(f4.suggestion.as_deref(), Some(A));
    assert!(!f4.suggestion_in_batch);
}

#[test]
fn collisions_and_multi_code_entities() {
    let recs = [
        rec(1, B, Some("甲"), None),
        rec(2, "111101085513850821", Some("乙"), None), // same positions 9–17 as B
        rec(3, A, Some("甲"), None),                    // 甲 has two codes
    ];
    let r = scan(&recs, ScanOptions::default());
    assert_eq!(
        (r.summary.collisions, r.summary.multi_code_entities),
        (1, 1)
    );
    assert_eq!(r.collisions[0].members.len(), 2);
    assert_eq!(r.multi_code_entities[0].name, "甲");
    let rows: Vec<u64> = r.multi_code_entities[0]
        .members
        .iter()
        .map(|m| m.row)
        .collect();
    assert_eq!(rows, [1, 3]);
}

#[test]
fn streaming_with_fill_equals_in_memory() {
    let d = uscc::synth::generate(5_000, 99);
    let recs = d.scan_records();
    let whole = scan(&recs, ScanOptions::default());
    let mut s = Scanner::new(ScanOptions::default());
    for c in recs.chunks(777).rev() {
        s.push(c);
    }
    let mut r = s.finish();
    assert!(!r.rows_missing_names().is_empty());
    r.fill_names(|row| Some(d.records[row as usize - 1].name.clone()));
    r.fill_codes(|row| Some(d.records[row as usize - 1].code.clone()));
    assert!(r == whole);
}

#[test]
fn records_made_in_pieces_on_all_cores_scan_like_records_in_memory() {
    let d = uscc::synth::generate(30_000, 11);
    let recs = d.scan_records();
    let mut s = Scanner::new(ScanOptions::default());
    // Two calls, each of several pieces; every record made exactly once.
    let made = std::sync::atomic::AtomicUsize::new(0);
    for (base, part) in [(0, &recs[..17_000]), (17_000, &recs[17_000..])] {
        s.push_with(part.len(), |start, out| {
            made.fetch_add(out.len(), std::sync::atomic::Ordering::Relaxed);
            for (k, r) in out.iter_mut().enumerate() {
                *r = recs[base + start + k];
            }
        });
    }
    assert_eq!(made.into_inner(), recs.len());
    let mut r = s.finish();
    r.fill_names_at(|row| recs[row as usize - 1].name);
    r.fill_codes(|row| Some(recs[row as usize - 1].code.to_string()));
    assert!(r == scan(&recs, ScanOptions::default()));
    assert_eq!(r.summary.counts.total, 30_000);
}

#[test]
fn borrowed_names_fill_like_owned_ones_and_refuse_the_same() {
    let d = uscc::synth::generate(20_000, 7);
    let recs = d.scan_records();
    let finished = || {
        let mut s = Scanner::new(ScanOptions::default());
        for c in recs.chunks(1_000) {
            s.push(c);
        }
        s.finish()
    };
    // Every third row's name is missing, every fifth one's is another name: refused.
    let at = |row: u64| match row % 15 {
        0 | 3 | 6 | 9 | 12 => None,
        5 | 10 => Some("别的名称"),
        _ => recs[row as usize - 1].name,
    };
    let (mut owned, mut borrowed) = (finished(), finished());
    let missing = owned.rows_missing_names();
    assert!(missing.len() > 100, "{}", missing.len());
    let n = owned.fill_names(|row| at(row).map(str::to_string));
    assert_eq!(borrowed.fill_names_at(at), n);
    assert!(n > 0 && n < missing.len());
    assert!(owned == borrowed);
    assert!(!borrowed.rows_missing_names().is_empty());
    // A second fill (the rest of the names) goes the owned way and completes the report.
    let rest = |row: u64| recs[row as usize - 1].name;
    assert_eq!(borrowed.fill_names_at(rest), missing.len() - n);
    owned.fill_names(|row| rest(row).map(str::to_string));
    assert!(owned == borrowed);
    assert!(borrowed.rows_missing_names().is_empty());
    borrowed.fill_codes(|row| Some(recs[row as usize - 1].code.to_string()));
    assert!(borrowed == scan(&recs, ScanOptions::default()));
}

/// Found by `scan_props` in CI: listed members whose names are all empty left nothing to
/// fill, and the in-memory report kept internal state a streamed one had dropped.
#[test]
fn streaming_equals_in_memory_when_listed_names_are_empty() {
    let recs = [
        rec(1, "111101085513850821", Some(""), Some("2022-01-05")),
        rec(2, "91110108551385082Q", Some(""), Some("2022-01-05")),
    ];
    let whole = scan(&recs, ScanOptions::default());
    assert_eq!(whole.collisions.len(), 1);
    let mut s = Scanner::new(ScanOptions::default());
    s.push(&recs);
    let mut r = s.finish();
    assert!(r.rows_missing_names().is_empty());
    r.fill_names(|row| recs[row as usize - 1].name.map(str::to_string));
    r.fill_codes(|row| Some(recs[row as usize - 1].code.to_string()));
    assert!(r == whole);
    // Without any fill at all, too.
    let mut s = Scanner::new(ScanOptions::default());
    s.push(&recs);
    assert!(s.finish() == whole);
}

#[test]
fn reserving_changes_nothing_but_speed() {
    let d = uscc::synth::generate(3_000, 11);
    let records = d.scan_records();
    let plain = {
        let mut s = Scanner::new(ScanOptions::default());
        s.push(&records);
        s.finish()
    };
    // Too little, about right, and more than any allocator grants: the same report.
    for hint in [10, records.len(), usize::MAX / 2] {
        let mut s = Scanner::new(ScanOptions::default());
        s.reserve(hint);
        s.push(&records);
        assert_eq!(s.finish(), plain, "hint {hint}");
    }
}

#[test]
fn filled_names_reach_every_list_a_row_is_in() {
    let recs = [
        rec(1, B, Some("甲"), None),
        rec(2, B, Some("乙"), None),                    // 重码 with row 1
        rec(3, "111101085513850821", Some("丙"), None), // positions 9–17 of B: a collision
        rec(4, A, Some("甲"), None),                    // 甲 has two codes
    ];
    let mut s = Scanner::new(ScanOptions::default());
    s.push(&recs);
    let mut r = s.finish();
    assert_eq!(r.rows_missing_names(), [1, 2, 3, 4]);
    let mut asked = Vec::new();
    let filled = r.fill_names(|row| {
        asked.push(row);
        let stored = ["甲", "乙", "丁", "甲 "]; // row 3 is not what the scan saw
        Some(stored[row as usize - 1].to_string())
    });
    assert_eq!((filled, asked), (3, vec![1, 2, 3, 4]));
    let names = |ms: &[uscc::scan::Member]| -> Vec<Option<String>> {
        ms.iter().map(|m| m.name.clone()).collect()
    };
    let some = |s: &str| Some(s.to_string());
    assert_eq!(names(&r.duplicates[0].members), [some("甲"), some("乙")]);
    // Collision members come by code: row 3's code (11…) first.
    assert_eq!(names(&r.collisions[0].members), [None, some("甲")]);
    assert_eq!(r.multi_code_entities[0].name, "甲");
    assert_eq!(
        names(&r.multi_code_entities[0].members),
        [some("甲"), some("甲 ")]
    );
    assert_eq!(r.rows_missing_names(), [3]);
}

/// Each member's row and name.
fn named(ms: &[uscc::scan::Member]) -> Vec<(u64, Option<&str>)> {
    ms.iter().map(|m| (m.row, m.name.as_deref())).collect()
}

#[test]
fn in_memory_scan_fills_names_of_rows_out_of_order() {
    // Rows neither consecutive nor in order (the scan then finds them by an index, not by
    // position), a row in two lists, and a name stored with a space it compares without.
    let recs = [
        rec(90, B, Some("乙"), None),
        rec(7, B, Some("甲"), None),   // 重码 with row 90
        rec(40, A, Some(" 甲"), None), // 甲 has two codes
        rec(12, "111101085513850821", Some("丙"), None), // a collision with B
    ];
    let r = scan(&recs, ScanOptions::default());
    assert!(r.rows_missing_names().is_empty());
    assert_eq!(
        named(&r.duplicates[0].members),
        [(7, Some("甲")), (90, Some("乙"))]
    );
    assert_eq!(
        named(&r.collisions[0].members),
        [(12, Some("丙")), (7, Some("甲"))]
    );
    assert_eq!(
        named(&r.multi_code_entities[0].members),
        [(7, Some("甲")), (40, Some(" 甲"))]
    );
    assert_eq!(r.multi_code_entities[0].name, "甲");
}

#[test]
fn in_memory_scan_fills_names_partly_in_place_partly_by_index() {
    // Rows 1 and 2 are where their numbers say (named in place); row 30 is not (named
    // through the index).
    let recs = [
        rec(1, B, Some("甲"), None),
        rec(2, B, Some("乙"), None),  // 重码 with row 1
        rec(30, A, Some("甲"), None), // 甲 has two codes
    ];
    let r = scan(&recs, ScanOptions::default());
    assert!(r.rows_missing_names().is_empty());
    assert_eq!(
        named(&r.duplicates[0].members),
        [(1, Some("甲")), (2, Some("乙"))]
    );
    assert_eq!(
        named(&r.multi_code_entities[0].members),
        [(1, Some("甲")), (30, Some("甲"))]
    );
    assert_eq!(r.multi_code_entities[0].name, "甲");
}

#[test]
fn long_flagged_lists_interleave_errors_and_marks_by_row() {
    // More lines than one building task takes: 错码 (every third row) between 重码 and
    // repeats of one code, some stored in lower case.
    let lower = B.to_ascii_lowercase();
    let recs: Vec<Record> = (1..=15_000u64)
        .map(|row| match row % 3 {
            0 => rec(row, "", Some("丙"), None),
            1 => rec(row, B, Some("甲"), None),
            _ => rec(row, &lower, Some("乙"), None),
        })
        .collect();
    let r = scan(&recs, ScanOptions::default());
    let c = &r.summary.counts;
    assert_eq!((c.erroneous, c.duplicate, c.repeated), (5_000, 2, 9_998));
    let rows: Vec<u64> = r.flagged.iter().map(|f| f.row).collect();
    assert_eq!(rows, (1..=15_000).collect::<Vec<_>>()); // every row, in order
    for f in &r.flagged {
        let class = match f.row % 3 {
            0 => FlagClass::Erroneous,
            _ if f.row <= 2 => FlagClass::Duplicate,
            _ => FlagClass::Repeated,
        };
        assert_eq!(f.class, class, "row {}", f.row);
        assert_eq!(f.code, recs[f.row as usize - 1].code, "row {}", f.row);
        assert_eq!(f.kind.is_some(), class == FlagClass::Erroneous);
    }
    // Cut: the first lines of the whole list.
    let cut = scan(&recs, ScanOptions::default().with_max_listed(9_001));
    assert_eq!(cut.flagged[..], r.flagged[..9_001]);
}

#[test]
fn many_errors_each_find_their_intended_code_in_the_batch() {
    // More 错码 than one look-up task takes: each a valid code of the batch with its check
    // character mistyped, under the same name.
    let codes: Vec<(String, String, String)> = (0..10_000u32)
        .map(|i| {
            let body = format!("{:08}", 10_000_000 + i * 7);
            let prefix = format!("91350100{body}{}", uscc::org_check_char(&body).unwrap());
            let check = uscc::check_char(&prefix).unwrap();
            let wrong = if check == '0' { '1' } else { '0' };
            (
                format!("{prefix}{check}"),
                format!("{prefix}{wrong}"),
                format!("公司{i}"),
            )
        })
        .collect();
    let mut recs = Vec::new();
    for (i, (good, bad, name)) in codes.iter().enumerate() {
        let row = 2 * i as u64 + 1;
        recs.push(rec(row, good, Some(name), None));
        recs.push(rec(row + 1, bad, Some(name), None));
    }
    let r = scan(&recs, ScanOptions::default());
    assert_eq!(r.summary.counts.erroneous, 10_000);
    for f in &r.flagged {
        let (good, bad, _) = &codes[(f.row as usize - 1) / 2];
        assert_eq!(&f.code, bad);
        assert_eq!(f.suggestion.as_ref(), Some(good), "row {}", f.row);
        assert!(f.suggestion_in_batch, "row {}", f.row);
    }
}
