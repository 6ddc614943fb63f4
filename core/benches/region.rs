//! Region lookup speed: `is_known` (the validation hot path), `lookup`, and the rarer calls.
//!
//! `cargo bench -p uscc --bench region`. The inputs mix known codes (current and abolished),
//! unknown codes under real prefixes and impossible provinces, in a fixed pseudo-random order
//! so the branch predictor cannot learn the pattern.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use uscc::region;

fn inputs() -> Vec<u32> {
    let known: Vec<u32> = region::all().map(|r| r.code()).collect();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..4096)
        .map(|_| {
            let r = next();
            match r % 4 {
                // half known codes, a quarter random six-digit numbers, a quarter near misses
                0 | 1 => known[(r >> 8) as usize % known.len()],
                2 => (r >> 8) as u32 % 1_000_000,
                _ => known[(r >> 8) as usize % known.len()] / 100 * 100 + 99,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let codes = inputs();
    let mut g = c.benchmark_group("region");
    g.throughput(Throughput::Elements(codes.len() as u64));
    g.bench_function("is_known", |b| {
        b.iter(|| {
            let mut n = 0u32;
            for &code in &codes {
                n += u32::from(region::is_known(black_box(code)));
            }
            n
        })
    });
    g.bench_function("lookup", |b| {
        b.iter(|| {
            let mut n = 0u32;
            for &code in &codes {
                if let Some(r) = region::lookup(black_box(code)) {
                    n = n.wrapping_add(r.code());
                }
            }
            n
        })
    });
    g.bench_function("lookup+valid_in(2018)", |b| {
        b.iter(|| {
            let mut n = 0u32;
            for &code in &codes {
                n += u32::from(region::lookup(black_box(code)).is_some_and(|r| r.valid_in(2018)));
            }
            n
        })
    });
    g.bench_function("lookup+name", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for &code in &codes {
                if let Some(r) = region::lookup(black_box(code)) {
                    n += r.name().len();
                }
            }
            n
        })
    });
    g.finish();
    let r = region::lookup(371523).unwrap();
    c.bench_function("region/chain", |b| b.iter(|| black_box(r).chain()));
}

criterion_group!(benches, bench);
criterion_main!(benches);
