//! # uscc-wasm — the `uscc` rules for browsers and Node
//!
//! A thin wasm-bindgen layer over the [`uscc`] crate: every verdict, message, suggestion and
//! region name comes from `uscc`; nothing here re-implements a rule. Each module is one
//! concern:
//!
//! | JS export | module | returns |
//! |---|---|---|
//! | `validate(code, options?)` | [`verdict`] | [`verdict::Verdict`]: `{input, normalized, valid, findings, suggestions, parts}` |
//! | `isValid(code, options?)` | [`verdict`] | `boolean` |
//! | `suggest(code, options?)` | [`suggest`] | [`suggest::Suggestion`]`[]` |
//! | `normalize(code)` | [`normalize`] | [`normalize::NormalizeResult`] |
//! | `checkChar(prefix17)` | [`check_char`] | [`check_char::CheckCharResult`] |
//! | `region(code6)` | [`region`] | [`region::RegionInfo`] or `null` |
//! | `kinds()` | [`kinds`] | every finding kind name |
//! | `version()` | [`kinds`] | the `uscc-wasm` version |
//!
//! Errors are values: any string (lone surrogates, NUL, emoji, 10 MB) gives a result, and so
//! does a non-string argument (`null`/`undefined` are the empty input, numbers are written as
//! JavaScript writes them). Only malformed `options` throw a `TypeError`-like `Error`. A panic
//! — a bug — is turned into a thrown JS `Error` by the hook in [`mod@panic`], as a last resort.
//!
//! The shapes are those of `serde` on the core types (`uscc::Verdict` …), so the browser,
//! the CLI's `--json` and the Python package print the same objects; a native test checks it.

pub mod check_char;
pub mod input;
pub mod js;
pub mod kinds;
pub mod normalize;
pub mod options;
pub mod panic;
pub mod region;
pub mod suggest;
pub mod verdict;

// The module is single-threaded (no shared memory, no threads are started).
// SAFETY: `AssumeSingleThreaded` requires that the allocator is never used from two threads.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
