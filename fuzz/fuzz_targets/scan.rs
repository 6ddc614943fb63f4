//! The scan engine on arbitrary record sets: no panic, and every count reconciles —
//! `total = valid + erroneous + skipped`, the monthly and the regional rows each sum to the
//! totals field by field, the rates are what they say — and every count agrees with a plain
//! recount from the definitions of spec §7: each record's verdict and first error kind from
//! `Policy::diagnose`, 重码/repeats/一主体多码/collisions by grouping normalized codes and
//! names, months by `Month::parse`. The same records pushed through a `Scanner` in arbitrary
//! chunks, and scanned on one thread, give the same report.
//!
//! Input: policy byte, flags (bit 0 names, bits 1–2 list limit, bits 3–6 chunk size, bit 7
//! synthetic records), synthetic row count, synthetic seed, checks (bit 0 chunked, bit 1 one
//! thread, bit 2 `scan()` in memory: each scan costs, so not all every time); then lines
//! `code\tname\tdate\tregion`
//! (fields absent → `None`; the code field in the `unicode` target's macro format, so `01 k` is
//! a valid code), a line starting with `07` a skipped row.
#![no_main]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use uscc::scan::{
    self, normalize_name, Counts, FlagClass, Month, Record, Report, ScanOptions, SkipReason,
};
use uscc_fuzz::gen;

struct Row {
    row: u64,
    code: String,
    name: Option<String>,
    date: Option<String>,
    region: Option<String>,
}

enum Line {
    Rec(Row),
    Skip(u64, SkipReason),
}

fn one_thread() -> &'static rayon::ThreadPool {
    static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
    })
}

fn check_counts(what: &str, c: &Counts) {
    assert_eq!(c.total, c.valid + c.erroneous + c.skipped, "{what}: {c:?}");
    assert!(c.duplicate + c.repeated <= c.valid, "{what}: {c:?}");
    let rate = if c.total == 0 {
        0.0
    } else {
        (c.erroneous + c.duplicate) as f64 / c.total as f64
    };
    assert!((c.rate - rate).abs() < 1e-12, "{what}: {c:?}");
}

fn sum_rows<'a>(rows: impl Iterator<Item = &'a Counts>) -> [u64; 6] {
    rows.fold([0; 6], |a, c| {
        [
            a[0] + c.total,
            a[1] + c.valid,
            a[2] + c.erroneous,
            a[3] + c.duplicate,
            a[4] + c.repeated,
            a[5] + c.skipped,
        ]
    })
}

fn fields(c: &Counts) -> [u64; 6] {
    [
        c.total,
        c.valid,
        c.erroneous,
        c.duplicate,
        c.repeated,
        c.skipped,
    ]
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 5 {
        return;
    }
    let checks = data[4];
    let policy = gen::policy_from_byte(data[0]);
    let flags = data[1];
    let has_names = flags & 1 != 0;
    let max_listed = [0, 1, 3, 1_000_000][usize::from(flags >> 1 & 3)];
    let chunk = 1 + usize::from(flags >> 3 & 15);
    let options = ScanOptions::default()
        .with_policy(policy)
        .with_names(has_names)
        .with_max_listed(max_listed);

    // The record set.
    let mut lines: Vec<Line> = Vec::new();
    if flags & 0x80 != 0 {
        let d = uscc::synth::generate(usize::from(data[2] % 48), u64::from(data[3]));
        for r in d.records {
            let row = lines.len() as u64 + 1;
            lines.push(Line::Rec(Row {
                row,
                code: r.code,
                name: Some(r.name),
                date: Some(r.date),
                region: None,
            }));
        }
    }
    for line in data[5..].split(|&b| b == b'\n').take(256) {
        let row = lines.len() as u64 + 1;
        if let Some(&7) = line.first() {
            let reason = if line.len() % 2 == 0 {
                SkipReason::Unreadable
            } else {
                SkipReason::MissingCodeColumn
            };
            lines.push(Line::Skip(row, reason));
            continue;
        }
        let mut f = line.split(|&b| b == b'\t');
        let code = gen::expand(f.next().unwrap_or_default());
        let text = |x: Option<&[u8]>| x.map(|b| String::from_utf8_lossy(b).into_owned());
        let name = text(f.next());
        let date = text(f.next());
        let region = text(f.next());
        lines.push(Line::Rec(Row {
            row,
            code,
            name,
            date,
            region,
        }));
    }
    let rows: Vec<&Row> = lines
        .iter()
        .filter_map(|l| match l {
            Line::Rec(r) => Some(r),
            Line::Skip(..) => None,
        })
        .collect();
    let records: Vec<Record<'_>> = rows
        .iter()
        .map(|r| Record {
            row: r.row,
            code: &r.code,
            name: r.name.as_deref(),
            date: r.date.as_deref(),
            region: r.region.as_deref(),
        })
        .collect();
    let skips: Vec<(u64, SkipReason)> = lines
        .iter()
        .filter_map(|l| match l {
            Line::Skip(row, why) => Some((*row, *why)),
            Line::Rec(_) => None,
        })
        .collect();

    // The scan, three ways.
    let whole = {
        let mut s = scan::Scanner::new(options.clone());
        s.push(&records);
        for &(row, why) in &skips {
            s.skip(row, why);
        }
        s.finish()
    };
    let chunked = (checks & 1 != 0).then(|| {
        let mut s = scan::Scanner::new(options.clone());
        for (i, part) in records.chunks(chunk).enumerate() {
            s.push(part);
            if let Some(&(row, why)) = skips.get(i) {
                s.skip(row, why);
            }
        }
        for &(row, why) in skips.iter().skip(records.chunks(chunk).len()) {
            s.skip(row, why);
        }
        s.finish()
    });
    let single = (checks & 2 != 0).then(|| {
        one_thread().install(|| {
            let mut s = scan::Scanner::new(options.clone());
            s.push(&records);
            for &(row, why) in &skips {
                s.skip(row, why);
            }
            s.finish()
        })
    });
    let by_row: HashMap<u64, &Row> = rows.iter().map(|r| (r.row, *r)).collect();
    let fill = |r: &mut Report| {
        r.fill_names(|row| by_row.get(&row).and_then(|x| x.name.clone()));
        r.fill_codes(|row| by_row.get(&row).map(|x| x.code.clone()));
    };
    let mut whole = whole;
    fill(&mut whole);
    let mut others: Vec<Report> = chunked.into_iter().chain(single).collect();
    others.iter_mut().for_each(fill);
    if checks & 4 != 0 && skips.is_empty() {
        others.push(scan::scan(&records, options.clone()));
    }
    for other in &others {
        assert!(
            other.summary == whole.summary,
            "chunking or threads changed the summary"
        );
        assert_eq!(other.flagged, whole.flagged);
        assert_eq!(other.duplicates, whole.duplicates);
        assert_eq!(other.multi_code_entities, whole.multi_code_entities);
        assert_eq!(other.collisions, whole.collisions);
    }
    let r = &whole;
    let s = &r.summary;
    let c = &s.counts;

    // Reconciliation.
    check_counts("overall", c);
    assert_eq!(c.total, lines.len() as u64);
    assert_eq!(c.skipped, skips.len() as u64);
    for m in &s.monthly {
        check_counts(&m.month, &m.counts);
    }
    for g in &s.regions {
        check_counts(&g.region, &g.counts);
    }
    assert_eq!(
        sum_rows(s.monthly.iter().map(|m| &m.counts)),
        fields(c),
        "monthly rows"
    );
    assert_eq!(
        sum_rows(s.regions.iter().map(|m| &m.counts)),
        fields(c),
        "regional rows"
    );
    assert_eq!(s.error_kinds.values().sum::<u64>(), c.erroneous);
    assert_eq!(s.skipped_reasons.values().sum::<u64>(), c.skipped);
    let months: Vec<&str> = s.monthly.iter().map(|m| m.month.as_str()).collect();
    let mut sorted = months.clone();
    sorted.sort_by_key(|m| (*m == "unknown", m.to_string()));
    assert_eq!(months, sorted, "months oldest first, unknown last");

    // Recount from the definitions.
    let mut kinds: BTreeMap<uscc::Kind, u64> = BTreeMap::new();
    let mut valid: Vec<(&Row, String)> = Vec::new();
    let mut by_month: BTreeMap<String, u64> = BTreeMap::new();
    for r in &rows {
        let d = policy.diagnose(&r.code);
        match d.code() {
            Some(code) => valid.push((r, code.to_string())),
            None => *kinds.entry(d.first_error().unwrap().kind).or_default() += 1,
        }
        let m = r
            .date
            .as_deref()
            .and_then(Month::parse)
            .map_or("unknown".to_string(), |m| m.to_string());
        *by_month.entry(m).or_default() += 1;
    }
    if !skips.is_empty() {
        *by_month.entry("unknown".to_string()).or_default() += skips.len() as u64;
    }
    assert_eq!(s.error_kinds, kinds, "error kinds differ from diagnose");
    assert_eq!(
        c.valid,
        valid.len() as u64,
        "valid count differs from diagnose"
    );
    let got_months: BTreeMap<String, u64> = s
        .monthly
        .iter()
        .filter(|m| m.counts.total > 0)
        .map(|m| (m.month.clone(), m.counts.total))
        .collect();
    assert_eq!(
        got_months, by_month,
        "monthly totals differ from Month::parse"
    );

    let named = |r: &Row| {
        r.name
            .as_deref()
            .map(normalize_name)
            .filter(|n| !n.is_empty())
    };
    // Names count as compared when a *valid* record has one (only valid codes are grouped).
    let compared = has_names && valid.iter().any(|(r, _)| named(r).is_some());
    assert_eq!(s.names_compared, compared);
    let mut groups: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for (r, code) in &valid {
        groups.entry(code.as_str()).or_default().push(r);
    }
    let (mut dup, mut rep, mut dup_groups) = (0, 0, 0);
    for members in groups.values() {
        let n = members.len() as u64;
        let entities: BTreeSet<String> = if compared {
            members.iter().filter_map(|r| named(r)).collect()
        } else {
            BTreeSet::new()
        };
        let e = entities.len() as u64;
        if e >= 2 {
            dup += e;
            rep += n - e;
            dup_groups += 1;
        } else {
            rep += n - 1;
        }
    }
    assert_eq!(
        (c.duplicate, c.repeated, s.duplicate_groups),
        (dup, rep, dup_groups),
        "重码/repeats differ from the definition"
    );
    let mut codes_of: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut codes_of_subject: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (r, code) in &valid {
        if let Some(n) = named(r).filter(|_| compared) {
            codes_of.entry(n).or_default().insert(code);
        }
        codes_of_subject
            .entry(&code[8..17])
            .or_default()
            .insert(code);
    }
    let multi = codes_of.values().filter(|c| c.len() > 1).count() as u64;
    let collisions = codes_of_subject.values().filter(|c| c.len() > 1).count() as u64;
    assert_eq!(
        s.multi_code_entities, multi,
        "一主体多码 differs from the definition"
    );
    assert_eq!(
        s.collisions, collisions,
        "collisions differ from the definition"
    );

    // The lists: bounded, by row, consistent with the counts.
    // `flagged` is one list (错码, 重码 and repeats by row): the first `max_listed` of them.
    let listed = |class: FlagClass| r.flagged.iter().filter(|f| f.class == class).count() as u64;
    let limit = max_listed as u64;
    let flagged_total = c.erroneous + c.duplicate + c.repeated;
    assert_eq!(r.flagged.len() as u64, flagged_total.min(limit));
    assert!(r.duplicates.len() as u64 <= s.duplicate_groups.min(limit));
    if max_listed < lines.len() {
        let mut full = {
            let mut sc = scan::Scanner::new(options.clone().with_max_listed(1_000_000));
            sc.push(&records);
            for &(row, why) in &skips {
                sc.skip(row, why);
            }
            sc.finish()
        };
        fill(&mut full);
        // Only the notes may differ (one says the list was cut).
        let strip = |s: &uscc::scan::Summary| {
            let mut s = s.clone();
            s.notes.clear();
            s.notes_zh.clear();
            s
        };
        assert!(
            strip(&full.summary) == strip(&r.summary),
            "the list limit changed the counts"
        );
        assert_eq!(
            r.flagged[..],
            full.flagged[..r.flagged.len()],
            "not the first rows"
        );
    }
    if max_listed >= lines.len() {
        assert_eq!(listed(FlagClass::Erroneous), c.erroneous);
        assert_eq!(listed(FlagClass::Duplicate), c.duplicate);
        assert_eq!(listed(FlagClass::Repeated), c.repeated);
        assert_eq!(r.duplicates.len() as u64, s.duplicate_groups);
        assert_eq!(r.multi_code_entities.len() as u64, s.multi_code_entities);
        assert_eq!(r.collisions.len() as u64, s.collisions);
    }
    for w in r.flagged.windows(2) {
        assert!(
            (w[0].row, w[0].class) < (w[1].row, w[1].class),
            "flagged not by row"
        );
    }
    for f in &r.flagged {
        let row = by_row.get(&f.row).expect("a flagged row exists");
        match f.class {
            FlagClass::Erroneous => {
                let d = policy.diagnose(&row.code);
                assert_eq!(f.kind, d.first_error().map(|e| e.kind), "row {}", f.row);
            }
            _ => {
                assert_eq!(f.kind, None);
                assert!(policy.is_valid(&row.code));
            }
        }
        if let Some(sg) = &f.suggestion {
            assert!(
                uscc::is_valid(sg),
                "row {}: suggestion {sg:?} is not valid",
                f.row
            );
        }
    }
    for g in &r.duplicates {
        // Members are listed up to the limit too.
        assert!(g.members.len() >= 2.min(max_listed) && g.members.len() <= max_listed.max(1));
        assert!(g.records >= g.members.len() as u64);
        let names: BTreeSet<String> = g
            .members
            .iter()
            .map(|m| normalize_name(&by_row[&m.row].name.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            names.len(),
            g.members.len(),
            "a 重码 group repeats an entity"
        );
    }
    let _ = serde_json::to_string(r).unwrap();
});
