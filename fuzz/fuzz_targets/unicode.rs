//! Arbitrary Unicode through every text function. The input is UTF-8 text with a few macro
//! bytes (see `gen::expand`): valid codes, full-width forms, whitespace/invisible/bidi/dash
//! characters, labels, any code point of any plane, long runs past `MAX_INPUT_LEN`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use uscc_fuzz::{gen, invariants};

fuzz_target!(|data: &[u8]| {
    let s = gen::expand(data);
    invariants::text(&s);
    let b = data.iter().fold(0u8, |a, &b| a.wrapping_add(b));
    invariants::text_with(&s, &gen::policy_from_byte(b));
});
