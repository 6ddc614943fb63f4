//! The per-record half of a scan, public: for engines that do the cross-record half elsewhere
//! (the Python package's `uscc.spark` runs it on Apache Spark, with 重码, repeats and the
//! tables as Spark aggregations).
//!
//! Everything a [`Scanner`](super::Scanner) establishes about one record *on its own* —
//! before comparing it with any other — is here, computed by the engine's own code paths:
//!
//! - [`classify`]: valid or 错码 (with the kind it is counted under), the canonical code, the
//!   name hash, the month and the region the record is counted in;
//! - [`explain`]: for a 错码, what the flagged list says about it (the code as listed, the
//!   detail in Chinese and English), its suggestions and the candidate codes to look for in
//!   the batch (the [probable intended code](super#probable-intended-code-of-a-错码));
//! - [`duplicate_detail`] and [`repeat_detail`]: the flagged list's text for a 重码 or a
//!   repeat, once the other rows are known.
//!
//! The cross-record rules are the [module docs'](super#definitions-spec-7) definitions.
//!
//! ```
//! use uscc::scan::{classify, explain, Record, RegionOf, ScanOptions};
//! let o = ScanOptions::default();
//! let c = classify(&Record { row: 1, code: " 91110108551385082q ", name: Some("某某（北京）公司"),
//!                            date: Some("2022年1月5日"), region: None }, &o);
//! assert_eq!(c.code.as_deref(), Some("91110108551385082Q"));
//! assert!(c.normalized && c.kind.is_none());
//! assert_eq!(c.name_hash, uscc::scan::name_hash("某某(北京)公司"));
//! assert_eq!(c.month.unwrap().to_string(), "2022-01");
//! assert_eq!(c.region, RegionOf::Code(110108));
//!
//! let e = classify(&Record { row: 2, code: "91110108551385082R", ..Default::default() }, &o);
//! assert_eq!(e.kind, Some(uscc::Kind::CheckCharMismatch));
//! let x = explain("91110108551385082R", &o.policy);
//! assert_eq!(x.suggestions[0], "91110108551385082Q");
//! assert!(x.candidates.contains(&"91110108551385082Q".to_string()));
//! ```

use super::classify::{quick, six, slow, stored_text};
use super::dates::{month_key, unpack as unpack_month};
use super::group::{Mark, MarkClass, Refs};
use super::report::{err_work, mark_detail, Messages};
use super::{names, Month, Record, ScanOptions};
use crate::{region, Kind, Policy};

/// Where a record is counted in the regional table.
///
/// ```
/// use uscc::scan::RegionOf;
/// assert_eq!(RegionOf::Code(110108).label(), "110108");
/// assert_eq!(RegionOf::Code(110108).name().as_deref(), Some("北京市 海淀区"));
/// assert_eq!(RegionOf::Text("高新区".into()).label(), "高新区");
/// assert_eq!(RegionOf::Unknown.label(), "unknown");
/// assert!(RegionOf::Code(999_999) < RegionOf::Text("a".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RegionOf {
    /// A six-digit code: the region column's value, or positions 3–8 of the code.
    Code(u32),
    /// A region column value that is not six digits (trimmed).
    Text(String),
    /// Neither: the last row of the regional table.
    Unknown,
}

impl RegionOf {
    /// The table's `region` value ([`super::RegionRow::region`]): six digits, the text, or
    /// `unknown`. The table is ordered as [`RegionOf`] is: codes, texts, `unknown`.
    pub fn label(&self) -> String {
        match self {
            RegionOf::Code(k) => format!("{k:06}"),
            RegionOf::Text(t) => t.clone(),
            RegionOf::Unknown => "unknown".into(),
        }
    }

    /// The table's `name` value ([`super::RegionRow::name`]): the name chain of a known code.
    pub fn name(&self) -> Option<String> {
        match self {
            RegionOf::Code(k) => region::lookup(*k).map(|r| r.chain().to_string()),
            _ => None,
        }
    }
}

/// What the scan establishes about one record on its own.
///
/// ```
/// let c = uscc::scan::classify(&Default::default(), &Default::default());
/// assert_eq!(c.kind, Some(uscc::Kind::Empty)); // an empty code is a 错码
/// assert_eq!((c.code, c.month, c.region), (None, None, uscc::scan::RegionOf::Unknown));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classified {
    /// The canonical code of a valid record (18 characters); `None` for a 错码.
    pub code: Option<String>,
    /// For a valid record: its stored text was not canonical (lower case, full width, spaces
    /// …), so the report lists the stored text, not [`Classified::code`].
    pub normalized: bool,
    /// For a 错码: the kind it is counted under ([`super::Summary::error_kinds`]).
    pub kind: Option<Kind>,
    /// The [`super::name_hash`] of the name; `None` without one (or when the options say the
    /// data has no names): an unknown entity.
    pub name_hash: Option<u64>,
    /// The month of the date; `None`: the `unknown` row.
    pub month: Option<Month>,
    /// The region the record is counted in.
    pub region: RegionOf,
}

/// Classifies one record as [`Scanner::push`](super::Scanner::push) does, with the options'
/// policy and name setting (the row number plays no part).
pub fn classify(record: &Record<'_>, options: &ScanOptions) -> Classified {
    let policy = &options.policy;
    let month = record.date.and_then(|d| unpack_month(month_key(d)));
    let name_hash = match record.name {
        Some(n) if options.has_names => names::name_hash(n),
        _ => None,
    };
    let column = record.region.and_then(column_region);
    let (bytes, normalized) = match quick(record.code.as_bytes(), policy) {
        Some((b, flags)) => (b, flags != 0),
        None => match slow(record, policy) {
            Ok(b) => (b, true),
            Err((kind, text_region, _)) => {
                let region = column
                    .or(text_region.map(RegionOf::Code))
                    .unwrap_or(RegionOf::Unknown);
                return Classified {
                    code: None,
                    normalized: false,
                    kind: Some(kind),
                    name_hash,
                    month,
                    region,
                };
            }
        },
    };
    let region =
        column.unwrap_or_else(|| six(&bytes[2..8]).map_or(RegionOf::Unknown, RegionOf::Code));
    Classified {
        code: Some(String::from_utf8_lossy(&bytes).into_owned()),
        normalized,
        kind: None,
        name_hash,
        month,
        region,
    }
}

/// A region column's value: `None` when blank.
fn column_region(c: &str) -> Option<RegionOf> {
    let c = c.trim();
    if c.is_empty() {
        return None;
    }
    Some(six(c.as_bytes()).map_or_else(|| RegionOf::Text(c.to_string()), RegionOf::Code))
}

/// What the report says about a 错码, and where its probable intended code may be.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Explanation {
    /// The code as the flagged list shows it ([`super::Flagged::code`]): as stored, or a
    /// preview of an over-long input.
    pub text: String,
    /// Every error, in Chinese ([`super::Flagged::detail_zh`]).
    pub detail_zh: String,
    /// The same in English.
    pub detail_en: String,
    /// The suggestion list, most likely first (canonical codes).
    pub suggestions: Vec<String>,
    /// The codes to look for among the batch's valid codes, most likely first: the
    /// suggestions, then the valid codes one substitution or adjacent transposition away.
    /// The probable intended code is the first candidate in the batch whose records are the
    /// same entity (or have no name, or the 错码 has none); else the first suggestion not
    /// carried in the batch by another entity; else none.
    pub candidates: Vec<String>,
}

/// Explains a 错码 (its code as stored) as the report does.
///
/// ```
/// let x = uscc::scan::explain("91350100M0001O0Y43", &uscc::Policy::assessment());
/// assert_eq!(x.text, "91350100M0001O0Y43");
/// assert_eq!(x.candidates, ["91350100M000100Y43"]);
/// assert!(x.detail_en.contains("position 14"));
/// ```
pub fn explain(code: &str, policy: &Policy) -> Explanation {
    let e = super::classify::ErrRec {
        row: 0,
        text: stored_text(code),
        orig_len: code.len().min(u32::MAX as usize) as u32,
        name: 0,
        kind: Kind::Empty,
        errors: super::classify::Kept::Undiagnosed,
    };
    let mut codes = Vec::new();
    let w = err_work(&e, policy, &Messages::default(), &mut codes);
    let code = |k: u128| super::store::code_string(k);
    let suggestions = w.suggestions(&codes).iter().map(|&k| code(k)).collect();
    let candidates = w.candidates(&codes).iter().map(|&k| code(k)).collect();
    Explanation {
        text: e.text.into_string(),
        detail_zh: w.detail_zh,
        detail_en: w.detail_en,
        suggestions,
        candidates,
    }
}

fn detail(class: MarkClass, refs: Refs, others: u64, nameless: bool) -> (String, String) {
    mark_detail(&Mark {
        row: 0,
        class,
        key: 0,
        name: 0,
        region: 0,
        month: 0,
        flags: 0,
        refs,
        others,
        nameless,
    })
}

/// The flagged list's detail (Chinese, English) of a 重码 record: `others` other entities
/// carry its code; `rows` are the first rows of up to three of them, earliest first.
///
/// ```
/// let (zh, en) = uscc::scan::duplicate_detail(4, &[2, 7, 9]);
/// assert_eq!(zh, "重码：该代码另有 4 个主体使用（第 2、7、9等 行）");
/// assert_eq!(en, "duplicate code: also carried by 4 other entities (row 2, 7, 9, …)");
/// ```
pub fn duplicate_detail(others: u64, rows: &[u64]) -> (String, String) {
    detail(
        MarkClass::Duplicate,
        Refs::new(rows.iter().copied()),
        others,
        false,
    )
}

/// The flagged list's detail (Chinese, English) of a repeated record: `first` is the row it
/// repeats; `nameless` when there was no name to tell entities apart.
///
/// ```
/// let (_, en) = uscc::scan::repeat_detail(3, false);
/// assert_eq!(en, "repeat of row 3: same code and entity");
/// ```
pub fn repeat_detail(first: u64, nameless: bool) -> (String, String) {
    detail(MarkClass::Repeated, Refs::new([first]), 0, nameless)
}
