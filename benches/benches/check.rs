//! Single-code speed: the valid path (structural check, no allocation), diagnosis of an
//! invalid code, suggestions for a one-typo code, normalization.
//!
//! Targets (issue 2): ≥ 50 million valid codes per second on one core; `suggest` for a
//! one-typo code under 5 µs.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use uscc::{Department, Policy};

/// Deterministic valid codes over real regions and the common department/category pairs.
fn corpus(n: usize) -> Vec<String> {
    let regions: Vec<String> = uscc::region::all()
        .filter(|r| r.is_current())
        .map(|r| format!("{:06}", r.code()))
        .collect();
    let pairs = [
        ('9', '1'),
        ('9', '2'),
        ('9', '3'),
        ('1', '2'),
        ('5', '1'),
        ('N', '2'),
    ];
    let body = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let (d, c) = pairs[next() as usize % pairs.len()];
        let region = &regions[next() as usize % regions.len()];
        let b8: String = (0..8)
            .map(|_| body[next() as usize % body.len()] as char)
            .collect();
        let org = format!("{b8}{}", uscc::org_check_char(&b8).unwrap());
        if let Ok(code) = uscc::build(d, c, region, &org) {
            out.push(code.to_string());
        }
    }
    let _ = Department::all();
    out
}

fn bench(c: &mut Criterion) {
    let codes = corpus(100_000);
    let policy = Policy::default();
    eprintln!("one core of {}", uscc_benches::cpu_model());

    let mut g = c.benchmark_group("valid_path");
    g.throughput(Throughput::Elements(codes.len() as u64));
    g.bench_function("Code::parse", |b| {
        b.iter(|| {
            codes
                .iter()
                .filter(|s| uscc::Code::parse(black_box(s)).is_ok())
                .count()
        })
    });
    g.bench_function("Policy::is_valid", |b| {
        b.iter(|| {
            codes
                .iter()
                .filter(|s| policy.is_valid(black_box(s)))
                .count()
        })
    });
    let strict = Policy::strict();
    g.bench_function("Policy::strict().is_valid", |b| {
        b.iter(|| {
            codes
                .iter()
                .filter(|s| strict.is_valid(black_box(s)))
                .count()
        })
    });
    g.finish();

    // One substitution somewhere other than position 18: a realistic typo.
    let typos: Vec<String> = codes
        .iter()
        .take(1000)
        .enumerate()
        .map(|(i, s)| {
            let mut b = s.clone().into_bytes();
            let p = 8 + i % 9;
            b[p] = if b[p] == b'7' { b'1' } else { b'7' };
            String::from_utf8(b).unwrap()
        })
        .collect();
    let mut g = c.benchmark_group("invalid");
    g.throughput(Throughput::Elements(typos.len() as u64));
    g.bench_function(BenchmarkId::new("diagnose", "one typo"), |b| {
        b.iter(|| {
            typos
                .iter()
                .map(|s| uscc::diagnose(black_box(s)).findings.len())
                .sum::<usize>()
        })
    });
    g.bench_function(BenchmarkId::new("suggest", "one typo"), |b| {
        b.iter(|| {
            typos
                .iter()
                .map(|s| uscc::suggest(black_box(s)).len())
                .sum::<usize>()
        })
    });
    g.finish();

    let messy: Vec<String> = codes
        .iter()
        .take(1000)
        .map(|s| format!(" 信用代码：{} ", s.to_lowercase()))
        .collect();
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Elements(messy.len() as u64));
    g.bench_function("label + lower case + spaces", |b| {
        b.iter(|| {
            messy
                .iter()
                .map(|s| uscc::normalize(black_box(s)).unwrap().text.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
