//! Region codes (行政区划代码, GB/T 2260) — positions 3–8 of a code.
//!
//! STUB: the public API below is the contract; the table is a handful of rows until the
//! generated table (issue 3) replaces it.

use core::fmt;

/// Administrative level of a region (行政级别).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RegionLevel {
    /// 国家级 — only special registration-authority codes such as `100000`.
    National,
    /// 省级 (省、自治区、直辖市).
    Province,
    /// 地级 (地级市、地区、自治州、盟).
    Prefecture,
    /// 县级 (县、市辖区、县级市、旗 …).
    County,
}

/// Where a region code comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RegionKind {
    /// In some revision of GB/T 2260.
    Gb2260,
    /// A placeholder row such as `xx0100 市辖区`.
    Placeholder,
    /// Only in the statistics bureau's lists (统计用区划代码), e.g. development zones.
    StatisticsOnly,
    /// A registration-authority code outside GB/T 2260 that real codes use (e.g. `100000`).
    Special,
}

/// Years a code was valid: `start..=end`, `end == None` while still valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Period {
    /// First year the code was valid.
    pub start: u16,
    /// Last year the code was valid (the year it was abolished), `None` if current.
    pub end: Option<u16>,
}

impl Period {
    /// Whether `year` lies in this period.
    pub fn contains(&self, year: u16) -> bool {
        self.start <= year && self.end.is_none_or(|e| year <= e)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.end {
            Some(e) => write!(f, "{}–{}", self.start, e),
            None => write!(f, "{}–", self.start),
        }
    }
}

struct Row {
    code: u32,
    name: &'static str,
    level: RegionLevel,
    kind: RegionKind,
    periods: &'static [Period],
}

const fn p(start: u16, end: Option<u16>) -> Period {
    Period { start, end }
}

static ROWS: &[Row] = &[
    Row { code: 100000, name: "国家级登记管理机关", level: RegionLevel::National, kind: RegionKind::Special, periods: &[p(2015, None)] },
    Row { code: 110000, name: "北京市", level: RegionLevel::Province, kind: RegionKind::Gb2260, periods: &[p(1980, None)] },
    Row { code: 110108, name: "海淀区", level: RegionLevel::County, kind: RegionKind::Gb2260, periods: &[p(1980, None)] },
    Row { code: 310000, name: "上海市", level: RegionLevel::Province, kind: RegionKind::Gb2260, periods: &[p(1980, None)] },
    Row { code: 310106, name: "静安区", level: RegionLevel::County, kind: RegionKind::Gb2260, periods: &[p(1980, None)] },
    Row { code: 320000, name: "江苏省", level: RegionLevel::Province, kind: RegionKind::Gb2260, periods: &[p(1980, None)] },
    Row { code: 320594, name: "苏州工业园区", level: RegionLevel::County, kind: RegionKind::Special, periods: &[p(1994, None)] },
    Row { code: 350000, name: "福建省", level: RegionLevel::Province, kind: RegionKind::Gb2260, periods: &[p(1980, None)] },
    Row { code: 350100, name: "福州市", level: RegionLevel::Prefecture, kind: RegionKind::Gb2260, periods: &[p(1980, None)] },
    Row { code: 350203, name: "思明区", level: RegionLevel::County, kind: RegionKind::Gb2260, periods: &[p(1987, None)] },
    Row { code: 370000, name: "山东省", level: RegionLevel::Province, kind: RegionKind::Gb2260, periods: &[p(1980, None)] },
    Row { code: 371500, name: "聊城市", level: RegionLevel::Prefecture, kind: RegionKind::Gb2260, periods: &[p(1997, None)] },
    Row { code: 371503, name: "茌平区", level: RegionLevel::County, kind: RegionKind::Gb2260, periods: &[p(2019, None)] },
    Row { code: 371523, name: "茌平县", level: RegionLevel::County, kind: RegionKind::Gb2260, periods: &[p(1997, Some(2019))] },
    Row { code: 620000, name: "甘肃省", level: RegionLevel::Province, kind: RegionKind::Gb2260, periods: &[p(1980, None)] },
    Row { code: 620105, name: "安宁区", level: RegionLevel::County, kind: RegionKind::Gb2260, periods: &[p(1980, None)] },
    Row { code: 990000, name: "新疆生产建设兵团", level: RegionLevel::Province, kind: RegionKind::Special, periods: &[p(2015, None)] },
];

/// One region code with its history. Cheap to copy; all data is `'static`.
#[derive(Clone, Copy)]
pub struct Region {
    row: &'static Row,
}

impl fmt::Debug for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Region").field("code", &self.code()).field("name", &self.name()).finish()
    }
}

impl PartialEq for Region {
    fn eq(&self, other: &Self) -> bool {
        self.code() == other.code()
    }
}
impl Eq for Region {}

/// Names of a region's province, prefecture and county, as of the region's own years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct NameChain {
    /// 省级名称.
    pub province: Option<&'static str>,
    /// 地级名称.
    pub prefecture: Option<&'static str>,
    /// 县级名称.
    pub county: Option<&'static str>,
}

impl NameChain {
    /// The names from province down, skipping missing levels.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> {
        [self.province, self.prefecture, self.county].into_iter().flatten()
    }
}

impl fmt::Display for NameChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, n) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(n)?;
        }
        Ok(())
    }
}

impl Region {
    /// The six-digit code as a number (`371523`).
    pub fn code(self) -> u32 {
        self.row.code
    }
    /// The newest name.
    pub fn name(self) -> &'static str {
        self.row.name
    }
    /// Earlier names of the same code.
    pub fn other_names(self) -> impl Iterator<Item = &'static str> {
        core::iter::empty()
    }
    /// 行政级别.
    pub fn level(self) -> RegionLevel {
        self.row.level
    }
    /// Source class of the code.
    pub fn kind(self) -> RegionKind {
        self.row.kind
    }
    /// Every period the code was valid, oldest first.
    pub fn periods(self) -> impl Iterator<Item = Period> {
        self.row.periods.iter().copied()
    }
    /// The year it was abolished, `None` while current.
    pub fn abolished(self) -> Option<u16> {
        self.row.periods.last().and_then(|p| p.end)
    }
    /// Whether the code is in the current list.
    pub fn is_current(self) -> bool {
        self.abolished().is_none()
    }
    /// Whether the code was valid at some time in `year`.
    pub fn valid_in(self, year: u16) -> bool {
        self.row.periods.iter().any(|p| p.contains(year))
    }
    /// Evidence note for special codes.
    pub fn note(self) -> Option<&'static str> {
        None
    }
    /// The province / prefecture / county names, as of this region's own years.
    pub fn chain(self) -> NameChain {
        let c = self.code();
        let name_of = |code: u32| lookup(code).map(|r| r.name());
        match self.level() {
            RegionLevel::National => NameChain { province: Some(self.name()), ..NameChain::default() },
            RegionLevel::Province => NameChain { province: Some(self.name()), ..NameChain::default() },
            RegionLevel::Prefecture => NameChain {
                province: name_of(c / 10000 * 10000),
                prefecture: Some(self.name()),
                county: None,
            },
            RegionLevel::County => NameChain {
                province: name_of(c / 10000 * 10000),
                prefecture: name_of(c / 100 * 100).filter(|_| c / 100 % 100 != 0),
                county: Some(self.name()),
            },
        }
    }
}

/// Look a six-digit code up. Never allocates.
pub fn lookup(code: u32) -> Option<Region> {
    ROWS.binary_search_by_key(&code, |r| r.code).ok().map(|i| Region { row: &ROWS[i] })
}

/// Look up a code given as six ASCII digits.
pub fn lookup_str(code: &str) -> Option<Region> {
    parse6(code.as_bytes()).and_then(lookup)
}

/// Whether the code is in the table (any year, any kind).
pub fn is_known(code: u32) -> bool {
    lookup(code).is_some()
}

/// Whether a two-digit province prefix (`37`) has a row `PP0000` in the table.
pub fn province_exists(prefix: u32) -> bool {
    matches!(prefix, 10 | 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82 | 99)
}

/// Every region, in code order.
pub fn all() -> impl Iterator<Item = Region> {
    ROWS.iter().map(|row| Region { row })
}

/// Regions whose code starts with the two-digit province prefix `pp`.
pub fn in_province(pp: u32) -> impl Iterator<Item = Region> {
    all().filter(move |r| r.code() / 10000 == pp)
}

/// Regions whose code starts with the four-digit prefecture prefix `pppp`.
pub fn in_prefecture(pppp: u32) -> impl Iterator<Item = Region> {
    all().filter(move |r| r.code() / 100 == pppp)
}

pub(crate) fn parse6(b: &[u8]) -> Option<u32> {
    if b.len() != 6 {
        return None;
    }
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}
