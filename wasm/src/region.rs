//! `region`: a region code (GB/T 2260 or a special registration-authority code) with its
//! names and years.

use serde::Serialize;
use tsify_next::Tsify;
use wasm_bindgen::prelude::*;

use uscc::region::{Region, RegionKind, RegionLevel};

/// One region code with its history.
#[derive(Clone, Debug, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct RegionInfo {
    /// The six digits, e.g. `371523`.
    pub code: String,
    /// The newest name, e.g. `茌平县`.
    pub name: &'static str,
    /// Earlier names of the same code.
    pub other_names: Vec<&'static str>,
    /// Province, prefecture and county names, province first, as of the code's own years.
    pub names: Vec<&'static str>,
    /// The same chain joined with spaces, e.g. `山东省 聊城市 茌平县`.
    pub chain: String,
    /// 行政级别.
    pub level: Level,
    /// Where the code comes from.
    pub kind: Kind,
    /// Every period the code was valid, oldest first.
    pub periods: Vec<Period>,
    /// The same periods as text, e.g. `[1997–2019]`, `["2019–"]`.
    pub years: Vec<String>,
    /// Whether the code is in the current list.
    pub current: bool,
    /// The year it was abolished (`null` while current).
    pub abolished: Option<u16>,
    /// Evidence note for special codes.
    pub note: Option<&'static str>,
}

/// Years a code was valid: `start..=end`, `end` `null` while still valid.
#[derive(Clone, Copy, Debug, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct Period {
    /// First year the code was valid.
    pub start: u16,
    /// Last year (the year it was abolished), `null` while current.
    pub end: Option<u16>,
}

/// Administrative level (`uscc::region::RegionLevel`).
#[derive(Clone, Copy, Debug, Serialize, Tsify)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 国家级 — only special registration-authority codes such as `100000`.
    National,
    /// 省级.
    Province,
    /// 地级.
    Prefecture,
    /// 县级.
    County,
}

/// Source class of a code (`uscc::region::RegionKind`).
#[derive(Clone, Copy, Debug, Serialize, Tsify)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// In some revision of GB/T 2260.
    Gb2260,
    /// A placeholder row such as `xx0100 市辖区`.
    Placeholder,
    /// Only in the statistics bureau's lists (统计用区划代码).
    StatisticsOnly,
    /// A registration-authority code outside GB/T 2260 that real codes use.
    Special,
}

impl From<Region> for RegionInfo {
    fn from(r: Region) -> Self {
        let chain = r.chain();
        RegionInfo {
            code: format!("{:06}", r.code()),
            name: r.name(),
            other_names: r.other_names().collect(),
            names: chain.iter().collect(),
            chain: chain.to_string(),
            level: match r.level() {
                RegionLevel::National => Level::National,
                RegionLevel::Province => Level::Province,
                RegionLevel::Prefecture => Level::Prefecture,
                RegionLevel::County => Level::County,
            },
            kind: match r.kind() {
                RegionKind::Gb2260 => Kind::Gb2260,
                RegionKind::Placeholder => Kind::Placeholder,
                RegionKind::StatisticsOnly => Kind::StatisticsOnly,
                RegionKind::Special => Kind::Special,
            },
            periods: r
                .periods()
                .map(|p| Period {
                    start: p.start,
                    end: p.end,
                })
                .collect(),
            years: r.periods().map(|p| p.to_string()).collect(),
            current: r.is_current(),
            abolished: r.abolished(),
            note: r.note(),
        }
    }
}

/// Looks a code up (pure Rust; the export wraps it).
pub fn lookup(code6: &str) -> Option<RegionInfo> {
    uscc::region::lookup_str(code6).map(RegionInfo::from)
}

/// A six-digit region code (`371523`) with its names and years, or `null` when it is in
/// no year's table (or is not six digits).
#[wasm_bindgen(unchecked_return_type = "RegionInfo | null")]
pub fn region(#[wasm_bindgen(unchecked_param_type = "string")] code6: JsValue) -> JsValue {
    crate::js::to_js(&lookup(&crate::input::text(&code6)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        let r = lookup("371523").unwrap();
        assert_eq!(r.name, "茌平县");
        assert!(!r.current);
        assert_eq!(r.abolished, Some(2019));
        assert_eq!(r.names.last(), Some(&"茌平县"));
        assert!(lookup("12345").is_none());
        assert!(lookup("abcdef").is_none());
    }
}
