//! The scan engine against the synthetic data's ground truth: every count, every class,
//! every probable intended code — with one thread and with several.

use std::collections::BTreeMap;

use uscc::scan::{scan, Counts, FlagClass, Report, ScanOptions};
use uscc::synth::{self, Class, Dataset, ExpectedCounts};

#[cfg(feature = "parallel")]
fn with_threads(n: usize, f: impl FnOnce() -> Report + Send) -> Report {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .unwrap()
        .install(f)
}

#[cfg(not(feature = "parallel"))]
fn with_threads(_: usize, f: impl FnOnce() -> Report + Send) -> Report {
    f()
}

fn ec(c: &Counts) -> ExpectedCounts {
    ExpectedCounts {
        total: c.total,
        valid: c.valid,
        erroneous: c.erroneous,
        duplicate: c.duplicate,
        repeated: c.repeated,
    }
}

fn check_against_truth(d: &Dataset, r: &Report) {
    let e = &d.truth.expected;
    let s = &r.summary;
    let c = &s.counts;
    assert_eq!(
        (
            c.total,
            c.valid,
            c.erroneous,
            c.duplicate,
            c.repeated,
            c.skipped
        ),
        (e.total, e.valid, e.erroneous, e.duplicate, e.repeated, 0)
    );
    assert_eq!(s.duplicate_groups, e.duplicate_groups, "duplicate groups");
    assert_eq!(
        s.multi_code_entities, e.multi_code_entities,
        "multi-code entities"
    );
    assert_eq!(s.collisions, e.collisions, "collisions");
    assert_eq!(s.error_kinds, e.error_kinds, "error kinds");
    let monthly: BTreeMap<String, ExpectedCounts> = s
        .monthly
        .iter()
        .map(|m| (m.month.clone(), ec(&m.counts)))
        .collect();
    assert_eq!(monthly, e.monthly, "monthly");
    let regions: BTreeMap<String, ExpectedCounts> = s
        .regions
        .iter()
        .map(|m| (m.region.clone(), ec(&m.counts)))
        .collect();
    assert_eq!(regions, e.regions, "regions");
    // Every flagged row has the class of its truth, and every faulty row is flagged.
    let mut flagged: BTreeMap<u64, FlagClass> = BTreeMap::new();
    for f in &r.flagged {
        assert!(
            flagged.insert(f.row, f.class).is_none(),
            "row {} flagged twice",
            f.row
        );
    }
    for t in &d.truth.rows {
        let want = match t.class {
            Class::Valid => None,
            Class::Erroneous => Some(FlagClass::Erroneous),
            Class::Duplicate => Some(FlagClass::Duplicate),
            Class::Repeated => Some(FlagClass::Repeated),
        };
        assert_eq!(
            flagged.get(&t.row).copied(),
            want,
            "row {} ({:?})",
            t.row,
            t.fault
        );
    }
    // Kinds and probable intended codes.
    let truth = &d.truth.rows;
    for f in r.flagged.iter().filter(|f| f.class == FlagClass::Erroneous) {
        let t = &truth[f.row as usize - 1];
        assert_eq!(f.kind, t.kind, "row {}", f.row);
        if t.intended_in_batch {
            assert_eq!(
                f.suggestion, t.intended,
                "row {} {:?} {}",
                f.row, t.fault, f.code
            );
            assert!(f.suggestion_in_batch, "row {}", f.row);
        } else {
            assert!(
                !f.suggestion_in_batch,
                "row {} {:?} {}",
                f.row, t.fault, f.code
            );
        }
    }
    // Groups are filled with names.
    assert_eq!(r.duplicates.len() as u64, e.duplicate_groups);
    assert!(r
        .duplicates
        .iter()
        .all(|g| g.members.iter().all(|m| m.name.is_some())));
    assert!(r.multi_code_entities.iter().all(|m| !m.name.is_empty()));
    assert!(r.rows_missing_names().is_empty());
    assert!(r.rows_missing_codes().is_empty());
}

#[test]
fn finds_exactly_the_injected_faults_on_100k_rows_with_1_and_several_threads() {
    let d = synth::generate(100_000, 2024);
    let recs = d.scan_records();
    let one = with_threads(1, || scan(&recs, ScanOptions::default()));
    check_against_truth(&d, &one);
    let several = with_threads(3, || scan(&recs, ScanOptions::default()));
    assert!(one == several, "1 thread and 3 threads differ");
}

#[test]
fn other_seeds_and_sizes() {
    for (rows, seed) in [(1, 1), (10, 2), (1_000, 3), (20_000, 4)] {
        let d = synth::generate(rows, seed);
        let r = scan(&d.scan_records(), ScanOptions::default());
        check_against_truth(&d, &r);
    }
}

#[test]
fn one_prefecture_like_a_city_export() {
    // 聊城市 (3715): its counties, 茌平县 (371523, abolished 2019) among the codes for life.
    let d = synth::generate_in(30_000, 5, "3715").unwrap();
    let r = scan(&d.scan_records(), ScanOptions::default());
    check_against_truth(&d, &r);
    // Valid codes are the city's; a 错码 may carry a typo in positions 3–8.
    let counties: std::collections::BTreeSet<u32> = d
        .truth
        .rows
        .iter()
        .filter(|t| t.kind.is_none())
        .filter_map(|t| t.region)
        .collect();
    assert!(counties.iter().all(|c| c / 100 == 3715), "{counties:?}");
    assert!(counties.contains(&371523) && counties.contains(&371503));
    // A few 错码 hide their region (typos in positions 3–8, citizen IDs); the rest fall in
    // the prefecture, so the per-county table has about ten rows, not thousands.
    let named = r
        .summary
        .regions
        .iter()
        .filter(|g| g.region.starts_with("3715"));
    assert!(named.map(|g| g.counts.total).sum::<u64>() as f64 > 0.95 * 30_000.0);
    assert!(synth::generate_in(10, 1, "9").is_none());
}
