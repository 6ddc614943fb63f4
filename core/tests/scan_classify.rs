//! The public per-record API (`classify`, `explain`, `duplicate_detail`, `repeat_detail`)
//! plus the module docs' cross-record definitions, written out plainly here, give exactly the
//! engine's report: every count of every month and region, the error kinds, and every
//! flagged row with its detail and probable intended code. This is the recipe another engine
//! (`uscc.spark`) follows; the test keeps the two in step.

use std::collections::{BTreeMap, HashMap};

use uscc::scan::{
    classify, duplicate_detail, explain, repeat_detail, scan, Classified, Counts, FlagClass,
    Flagged, Record, RegionOf, ScanOptions,
};
use uscc::synth;

#[derive(Default, Clone, Copy, PartialEq, Eq, Debug)]
struct T {
    total: u64,
    valid: u64,
    erroneous: u64,
    duplicate: u64,
    repeated: u64,
}

fn t(c: &Counts) -> T {
    T {
        total: c.total,
        valid: c.valid,
        erroneous: c.erroneous,
        duplicate: c.duplicate,
        repeated: c.repeated,
    }
}

/// The report, rebuilt from the per-record facts.
struct Rebuilt {
    monthly: BTreeMap<Option<String>, T>,
    regions: BTreeMap<RegionOf, T>,
    kinds: BTreeMap<uscc::Kind, u64>,
    flagged: Vec<Flagged>,
    duplicate_groups: u64,
}

fn rebuild(recs: &[Record<'_>], o: &ScanOptions) -> Rebuilt {
    let cls: Vec<Classified> = recs.iter().map(|r| classify(r, o)).collect();
    let mut monthly: BTreeMap<Option<String>, T> = BTreeMap::new();
    let mut regions: BTreeMap<RegionOf, T> = BTreeMap::new();
    let mut kinds = BTreeMap::new();
    let month = |c: &Classified| c.month.map(|m| m.to_string());
    for c in &cls {
        for t in [
            monthly.entry(month(c)).or_default(),
            regions.entry(c.region.clone()).or_default(),
        ] {
            t.total += 1;
            if c.code.is_some() {
                t.valid += 1;
            } else {
                t.erroneous += 1;
            }
        }
        if let Some(k) = c.kind {
            *kinds.entry(k).or_insert(0) += 1;
        }
    }
    // Valid records by code, in row order.
    let mut by_code: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in cls.iter().enumerate() {
        if let Some(code) = &c.code {
            by_code.entry(code).or_default().push(i);
        }
    }
    let stored = |i: usize| recs[i].code.to_string();
    let mut flagged: Vec<Flagged> = Vec::new();
    let mut mark = |i: usize, class: FlagClass, (zh, en): (String, String)| {
        let c = &cls[i];
        for t in [
            monthly.get_mut(&month(c)).unwrap(),
            regions.get_mut(&c.region).unwrap(),
        ] {
            match class {
                FlagClass::Duplicate => t.duplicate += 1,
                _ => t.repeated += 1,
            }
        }
        flagged.push(Flagged {
            row: recs[i].row,
            code: stored(i),
            class,
            kind: None,
            detail_zh: zh,
            detail_en: en,
            suggestion: None,
            suggestion_in_batch: false,
        });
    };
    let mut duplicate_groups = 0;
    for run in by_code.values() {
        // Entities in order of first occurrence.
        let mut first_of: HashMap<u64, usize> = HashMap::new();
        let mut entities: Vec<usize> = Vec::new();
        for &i in run {
            if let Some(h) = cls[i].name_hash {
                first_of.entry(h).or_insert_with(|| {
                    entities.push(i);
                    i
                });
            }
        }
        let d = entities.len() as u64;
        let row = |i: usize| recs[i].row;
        if d >= 2 {
            duplicate_groups += 1;
            for &i in run {
                let first = cls[i].name_hash.map(|h| first_of[&h]);
                if first == Some(i) {
                    let others: Vec<u64> = entities
                        .iter()
                        .filter(|&&j| j != i)
                        .map(|&j| row(j))
                        .collect();
                    mark(i, FlagClass::Duplicate, duplicate_detail(d - 1, &others));
                } else {
                    let r = row(first.unwrap_or(run[0]));
                    mark(i, FlagClass::Repeated, repeat_detail(r, first.is_none()));
                }
            }
        } else {
            let nameless = d == 0 || run.iter().any(|&i| cls[i].name_hash.is_none());
            for &i in &run[1..] {
                mark(i, FlagClass::Repeated, repeat_detail(row(run[0]), nameless));
            }
        }
    }
    // 错码 with their probable intended code.
    for (i, c) in cls.iter().enumerate() {
        let Some(kind) = c.kind else { continue };
        let x = explain(recs[i].code, &o.policy);
        // A candidate in the batch: (its records are this entity, some record has a name).
        let look = |code: &str| {
            by_code.get(code).map(|run| {
                let same =
                    c.name_hash.is_some() && run.iter().any(|&j| cls[j].name_hash == c.name_hash);
                let named = run.iter().any(|&j| cls[j].name_hash.is_some());
                (same, named)
            })
        };
        let ok = |(same, named): (bool, bool)| c.name_hash.is_none() || same || !named;
        let pick = x
            .candidates
            .iter()
            .find(|k| look(k).is_some_and(ok))
            .map(|k| (k.clone(), true))
            .or_else(|| {
                x.suggestions
                    .iter()
                    .find(|k| look(k).map_or(true, ok))
                    .map(|k| (k.clone(), false))
            });
        flagged.push(Flagged {
            row: recs[i].row,
            code: x.text,
            class: FlagClass::Erroneous,
            kind: Some(kind),
            detail_zh: x.detail_zh,
            detail_en: x.detail_en,
            suggestion: pick.as_ref().map(|p| p.0.clone()),
            suggestion_in_batch: pick.is_some_and(|p| p.1),
        });
    }
    flagged.sort_by_key(|f| (f.row, f.class));
    Rebuilt {
        monthly,
        regions,
        kinds,
        flagged,
        duplicate_groups,
    }
}

fn compare(recs: &[Record<'_>], o: ScanOptions) {
    let r = scan(recs, o.clone());
    let b = rebuild(recs, &o);
    let s = &r.summary;
    let monthly: BTreeMap<Option<String>, T> = s
        .monthly
        .iter()
        .map(|m| {
            (
                (m.month != "unknown").then(|| m.month.clone()),
                t(&m.counts),
            )
        })
        .collect();
    assert_eq!(monthly, b.monthly, "monthly");
    // Same rows, same order, same names.
    let regions: Vec<(String, Option<String>, T)> = s
        .regions
        .iter()
        .map(|x| (x.region.clone(), x.name.clone(), t(&x.counts)))
        .collect();
    let rebuilt: Vec<(String, Option<String>, T)> = b
        .regions
        .iter()
        .map(|(k, v)| (k.label(), k.name(), *v))
        .collect();
    assert_eq!(regions, rebuilt, "regions");
    assert_eq!(s.error_kinds, b.kinds, "error kinds");
    assert_eq!(s.duplicate_groups, b.duplicate_groups, "duplicate groups");
    assert_eq!(r.flagged.len(), b.flagged.len(), "flagged rows");
    for (x, y) in r.flagged.iter().zip(&b.flagged) {
        assert_eq!(x, y);
    }
}

fn records<'a>(d: &'a synth::Dataset, regions: &[&'static str]) -> Vec<Record<'a>> {
    let mut recs = d.scan_records();
    if !regions.is_empty() {
        for (i, r) in recs.iter_mut().enumerate() {
            r.region = Some(regions[i % regions.len()]);
        }
    }
    recs
}

#[test]
fn the_per_record_api_and_the_definitions_rebuild_the_report() {
    let d = synth::generate(30_000, 11);
    compare(&records(&d, &[]), ScanOptions::default());
    compare(&records(&d, &[]), ScanOptions::default().with_names(false));
    compare(
        &records(&d, &[]),
        ScanOptions::default().with_policy(uscc::Policy::default()),
    );
    // A region column: six digits, text (trimmed), blank (positions 3–8 then).
    compare(
        &records(&d, &["110108", " 高新区 ", "", "  ", "Z1", "350100"]),
        ScanOptions::default(),
    );
}

#[test]
fn edge_records() {
    let long = "9".repeat(uscc::MAX_INPUT_LEN + 5);
    let codes = [
        "",
        " ",
        "91350100M000100Y43",
        "91350100m000100y43",
        "91350100M000100Y43",
        "91350100M0001O0Y43",
        "362322198709086409",
        long.as_str(),
        "９１３５０１００Ｍ０００１００Ｙ４３",
        "91110108551385082R",
    ];
    let names = [
        Some("甲"),
        None,
        None,
        Some("甲"),
        Some(" "),
        Some("甲"),
        Some("乙"),
        None,
        Some("（甲）"),
        Some("乙"),
    ];
    let recs: Vec<Record<'_>> = codes
        .iter()
        .zip(names)
        .enumerate()
        .map(|(i, (c, n))| Record {
            row: 10 + 3 * i as u64,
            code: c,
            name: n,
            date: Some(["2022-01-05", "", "x", "44566"][i % 4]),
            region: None,
        })
        .collect();
    compare(&recs, ScanOptions::default());
    compare(&recs, ScanOptions::default().with_names(false));
    let x = explain(&long, &uscc::Policy::assessment());
    assert!(x.text.ends_with('…') && x.candidates.is_empty());
}
