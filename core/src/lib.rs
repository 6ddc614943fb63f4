//! # uscc — China's unified social credit code (统一社会信用代码, GB 32100-2015)
//!
//! Validate a code, say *exactly* what is wrong with it and where, suggest what was meant,
//! build codes from parts, look up the region it was issued in, and scan millions of
//! registration records for duplicate and erroneous codes (重码/错码).
//!
//! ## The code
//!
//! | positions | part | |
//! |---|---|---|
//! | 1 | 登记管理部门 registration department | [`Department`] |
//! | 2 | 机构类别 institution category, in pair with position 1 | [`Category`] |
//! | 3–8 | 登记管理机关行政区划码 region of the registering authority, at issue | [`region`] |
//! | 9–17 | 主体标识码 subject identifier (the old organization code, GB 11714 check at 17) | |
//! | 18 | 校验码 check char (GB 32100, mod 31) | [`check_char`] |
//!
//! ## A tour
//!
//! ```
//! // Strict parsing of canonical text into a small Copy value:
//! let code: uscc::Code = "91110108551385082Q".parse()?;
//! assert_eq!(code.department().name_zh(), "工商");
//! assert_eq!(code.region().unwrap().chain().to_string(), "北京市 海淀区");
//!
//! // What people type or paste is normalized first, and every problem is reported:
//! let d = uscc::diagnose("统一社会信用代码：91110108 551385082R");
//! let e = d.first_error().unwrap();
//! assert_eq!((e.kind.as_str(), e.position, e.expected), ("check_char_mismatch", Some(18), Some('Q')));
//! assert_eq!(e.message_zh(), "第18位校验码应为 Q，实为 R");
//!
//! // … with a ranked "did you mean":
//! assert_eq!(uscc::suggest("91110108551385O82Q")[0].code, code);
//!
//! // Other identifiers in the field are recognised by name:
//! assert_eq!(uscc::diagnose("310115600985533").first_error().unwrap().kind, uscc::Kind::RegistrationNumber);
//!
//! // How strict to be is a policy (see `Policy` for the presets):
//! assert!(uscc::is_valid("91350203M0001QKT19"));                    // Fujian pilot code: warning
//! assert!(!uscc::Policy::assessment().is_valid("91350203M0001QKT19")); // counted in 重错码率
//! # Ok::<(), uscc::ParseError>(())
//! ```
//!
//! ## Features
//! - `parallel` (default): batch scans use all cores (rayon).
//! - `serde`: `Serialize`/`Deserialize` for codes, findings, verdicts and reports.
// No `unsafe` but one prefetch hint (`scan/prefetch.rs`), allowed where it is.
#![deny(unsafe_code)]
#![warn(missing_docs)]

mod alphabet;
mod builder;
mod checksum;
mod code;
mod department;
mod diagnose;
mod error;
mod finding;
pub mod legacy;
mod message;
mod normalize;
mod policy;
pub mod region;
pub mod scan;
mod suggest;
pub mod synth;
mod verdict;

pub use alphabet::{char_value, value_char, ALPHABET};
pub use builder::build;
pub use checksum::{check_char, org_check_char, ORG_WEIGHTS, WEIGHTS};
pub use code::{Code, Parts};
pub use department::{Category, Department, DepartmentRow, TABLE as DEPARTMENTS};
pub use diagnose::{diagnose, is_valid, validate, Diagnosis};
pub use error::{BuildError, Invalid, ParseError};
pub use finding::{Finding, Kind, Lang, Severity, UnknownKind};
pub use normalize::{normalize, Change, ChangeKind, InputTooLong, Normalized, MAX_INPUT_LEN};
pub use policy::{Policy, RegionRule, RuleLevel};
pub use suggest::{suggest, Edit, Suggestion, MAX_SUGGESTIONS};
pub use verdict::{check, Verdict};

/// The repository README's Rust example is compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
