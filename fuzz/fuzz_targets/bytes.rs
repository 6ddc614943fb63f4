//! Arbitrary bytes, read as a byte API would (`String::from_utf8_lossy`), through every text
//! function: normalize, diagnose/validate/is_valid under each preset, parse, suggest, check,
//! the legacy identifiers. A first byte also picks an arbitrary policy for a second round.
#![no_main]

use libfuzzer_sys::fuzz_target;
use uscc_fuzz::{gen, invariants};

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    invariants::text(&s);
    if let Some((&b, _)) = data.split_first() {
        invariants::text_with(&s, &gen::policy_from_byte(b));
    }
    // The byte API of the legacy module takes the raw bytes.
    let _ = uscc::legacy::is_citizen_id(data);
});
