//! Algebraic claims of the batch scan, checked on random batches: counts reconcile, the
//! monthly and regional rows sum to the totals, and the report does not depend on how the
//! records are split into chunks, on the order of the chunks, or on the thread count.

use proptest::prelude::*;
use uscc::scan::{scan, Counts, Record, Report, ScanOptions, Scanner};

const CODES: &[&str] = &[
    "91350100M000100Y43",
    "91110108551385082Q",
    "111101085513850821",
    "531000005000160090",
    "91350100m000100y43",
    " 91110108551385082Q",
    "91110108551385082R",
    "91350100M0001O0Y43",
    "916201055811843000",
    "362322198709086409",
    "",
    "hello",
];
const NAMES: &[Option<&str>] = &[
    Some("甲"),
    Some("（甲）"),
    Some("乙"),
    Some("丙 "),
    Some(""),
    None,
];
const DATES: &[Option<&str>] = &[
    Some("2022-01-05"),
    Some("44600"),
    Some("2022年3月1日"),
    Some("?"),
    None,
];
const REGIONS: &[Option<&str>] = &[None, None, None, Some("110108"), Some("开发区")];

fn batch() -> impl Strategy<Value = Vec<(usize, usize, usize, usize)>> {
    prop::collection::vec(
        (
            0..CODES.len(),
            0..NAMES.len(),
            0..DATES.len(),
            0..REGIONS.len(),
        ),
        0..120,
    )
}

fn records(b: &[(usize, usize, usize, usize)]) -> Vec<Record<'static>> {
    b.iter()
        .enumerate()
        .map(|(i, &(c, n, d, r))| Record {
            row: i as u64 + 1,
            code: CODES[c],
            name: NAMES[n],
            date: DATES[d],
            region: REGIONS[r],
        })
        .collect()
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

fn sum<'a>(rows: impl Iterator<Item = &'a Counts>) -> [u64; 6] {
    let mut s = [0; 6];
    for r in rows {
        for (a, b) in s.iter_mut().zip(fields(r)) {
            *a += b;
        }
    }
    s
}

/// How a streamed report gets its names.
#[derive(Clone, Copy, Debug)]
enum Fill {
    /// `fill_names`, one row after another.
    Owned,
    /// `fill_names_at`, on all cores.
    Borrowed,
}

fn streamed(recs: &[Record<'_>], cuts: &[usize], reverse: bool, fill: Fill) -> Report {
    let mut chunks: Vec<&[Record<'_>]> = Vec::new();
    let mut rest = recs;
    for &c in cuts {
        let c = c.min(rest.len());
        let (a, b) = rest.split_at(c);
        chunks.push(a);
        rest = b;
    }
    chunks.push(rest);
    if reverse {
        chunks.reverse();
    }
    let mut s = Scanner::new(ScanOptions::default());
    for c in chunks {
        s.push(c);
    }
    let mut r = s.finish();
    match fill {
        Fill::Owned => r.fill_names(|row| recs[row as usize - 1].name.map(str::to_string)),
        Fill::Borrowed => r.fill_names_at(|row| recs[row as usize - 1].name),
    };
    r.fill_codes(|row| Some(recs[row as usize - 1].code.to_string()));
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn counts_reconcile(b in batch()) {
        let r = scan(&records(&b), ScanOptions::default());
        let c = &r.summary.counts;
        prop_assert_eq!(c.total, b.len() as u64);
        prop_assert_eq!(c.total, c.valid + c.erroneous + c.skipped);
        prop_assert!(c.duplicate + c.repeated <= c.valid);
        prop_assert_eq!(sum(r.summary.monthly.iter().map(|m| &m.counts)), fields(c));
        prop_assert_eq!(sum(r.summary.regions.iter().map(|m| &m.counts)), fields(c));
        prop_assert_eq!(r.summary.error_kinds.values().sum::<u64>(), c.erroneous);
        prop_assert_eq!(r.flagged.len() as u64, c.erroneous + c.duplicate + c.repeated);
        for m in r.summary.monthly.iter().map(|m| &m.counts).chain(r.summary.regions.iter().map(|m| &m.counts)) {
            prop_assert!((0.0..=1.0).contains(&m.rate));
            prop_assert_eq!(m.rate, (m.erroneous + m.duplicate) as f64 / m.total as f64);
        }
        let listed: u64 = r.duplicates.iter().map(|g| g.members.len() as u64).sum();
        prop_assert_eq!(listed, c.duplicate);
    }

    #[test]
    fn records_made_on_the_fly_scan_as_pushed_ones(b in batch(), cut in 0usize..120) {
        let recs = records(&b);
        let mut pushed = Scanner::new(ScanOptions::default());
        pushed.push(&recs);
        let mut made = Scanner::new(ScanOptions::default());
        let (a, z) = recs.split_at(cut.min(recs.len()));
        for (base, part) in [(0, a), (a.len(), z)] {
            made.push_with(part.len(), |start, out| {
                assert!(start + out.len() <= part.len());
                for (k, r) in out.iter_mut().enumerate() {
                    *r = recs[base + start + k];
                }
            });
        }
        prop_assert!(pushed.finish() == made.finish());
    }

    #[test]
    fn chunking_and_chunk_order_do_not_matter(b in batch(), cuts in prop::collection::vec(0usize..40, 0..5), rev: bool) {
        let recs = records(&b);
        let whole = scan(&recs, ScanOptions::default());
        for fill in [Fill::Owned, Fill::Borrowed] {
            let parts = streamed(&recs, &cuts, rev, fill);
            prop_assert!(whole == parts, "{:?}", fill);
        }
    }
}

#[cfg(feature = "parallel")]
#[test]
fn thread_count_does_not_matter() {
    let d = uscc::synth::generate(30_000, 11);
    let recs = d.scan_records();
    let run = |n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
            .install(|| scan(&recs, ScanOptions::default()))
    };
    let one = run(1);
    for n in [2, 4] {
        assert!(run(n) == one, "{n} threads");
    }
    #[cfg(feature = "serde")]
    {
        let a = serde_json::to_string(&one).unwrap();
        let b = serde_json::to_string(&run(3)).unwrap();
        assert_eq!(a, b);
    }
}
