//! Synthetic registration data with ground truth, for tests, benchmarks and demos
//! (`uscc gen`).
//!
//! [`generate`] makes `rows` registration records (code, entity name, date) from a seed:
//! the same seed gives the same data on every platform (a built-in SplitMix64 generator, no
//! external randomness). The data looks like a month-by-month export of a city's registry:
//!
//! - departments and categories in a realistic mix (mostly 企业 `91` and 个体工商户 `92`, then
//!   农民专业合作社, 社会团体, 机关, 事业单位, 律师事务所, 宗教活动场所, 工会, 村集体经济组织 …);
//! - real county-level region codes from [`crate::region`], mostly current ones, some
//!   abolished since (codes are for life);
//! - subject identifiers in the post-2015 `MA…` style and the older all-digit style, each with
//!   its GB 11714 check char, unique within the data set;
//! - Chinese entity names built from the region's name, a trade name (字号), a line of
//!   business and an organization form, unique after [`crate::scan::normalize_name`];
//! - dates spread over one year, written the many ways real exports write them (ISO, slashes,
//!   compact, Chinese, with a time, Excel serial numbers), a few blank or unreadable.
//!
//! Faults are injected at realistic rates and labelled ([`Fault`]): check-char errors, single
//! typos and adjacent transpositions elsewhere, look-alike characters, full-width and lower
//! case (valid after normalization), spreadsheet truncation and scientific notation, citizen
//! IDs and registration numbers in the code field, empty codes, 重码 (a code carried by another
//! entity), repeats (the same entity and code again, the name sometimes written with other
//! brackets or spaces), one entity with several codes, and codes sharing a subject
//! identifier. Half of the typo-like faults are re-entries of an entity already in the data
//! with its correct code, so the intended code is in the batch.
//!
//! The [`Truth`] gives each row's fault, class (valid / 错码 / 重码 / repeat), month, region,
//! expected error kind and intended code, and the expected summary — computed from the
//! generator's own knowledge of who is who (entity ids), independently of the scan engine.
//!
//! ```
//! let d = uscc::synth::generate(2_000, 7);
//! assert_eq!(d.records.len(), 2_000);
//! let e = &d.truth.expected;
//! assert_eq!(e.total, 2_000);
//! assert_eq!(e.total, e.valid + e.erroneous);
//! assert!(e.duplicate > 0 && e.erroneous > 0);
//! // Deterministic:
//! assert_eq!(uscc::synth::generate(2_000, 7).records, d.records);
//! ```

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::region::{self, RegionLevel};
use crate::scan::{name_hash, Month};
use crate::{Kind, Policy};

/// One generated record, as it would appear in an export.
///
/// ```
/// let d = uscc::synth::generate(10, 1);
/// assert!(!d.records[0].date.is_empty() || d.truth.rows[0].month.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthRecord {
    /// The code as stored (统一社会信用代码).
    pub code: String,
    /// The entity name (名称); empty for a record without a name.
    pub name: String,
    /// The registration date (登记日期) in one of the common forms; may be blank or unreadable.
    pub date: String,
}

/// What was done to a row.
///
/// ```
/// assert_eq!(uscc::synth::Fault::CheckChar.as_str(), "check_char");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Fault {
    /// A clean record.
    None,
    /// Valid code written in full-width characters.
    FullWidth,
    /// Valid code with its letters in lower case.
    LowerCase,
    /// Valid code with spaces around or inside it.
    Spaces,
    /// Position 18 replaced by another character.
    CheckChar,
    /// One character of positions 1–17 replaced.
    Typo,
    /// Two adjacent different characters swapped.
    Transposition,
    /// A character replaced by its look-alike (0→O, 1→I, 2→Z, 5→S, U→V, 8→B, 0→D, 6→G, 7→T).
    Confusable,
    /// An all-digit code stored as a number by a spreadsheet: digits after the 15th lost.
    Truncated,
    /// An all-digit code shown in scientific notation (`9.13701E+17`).
    Scientific,
    /// A citizen ID number in the code field.
    CitizenId,
    /// A 15-digit registration number (工商注册号) in the code field.
    RegistrationNumber,
    /// An empty code.
    Empty,
    /// 重码: another entity carrying an existing entity's code.
    Duplicate,
    /// The same entity and code again.
    Repeat,
    /// An existing entity with another valid code (一主体多码).
    MultiCode,
    /// A new entity whose code shares positions 9–17 with an existing code.
    Collision,
}

impl Fault {
    /// Every fault, in declaration order.
    ///
    /// ```
    /// assert_eq!(uscc::synth::Fault::ALL[0], uscc::synth::Fault::None);
    /// ```
    pub const ALL: &'static [Fault] = &[
        Fault::None,
        Fault::FullWidth,
        Fault::LowerCase,
        Fault::Spaces,
        Fault::CheckChar,
        Fault::Typo,
        Fault::Transposition,
        Fault::Confusable,
        Fault::Truncated,
        Fault::Scientific,
        Fault::CitizenId,
        Fault::RegistrationNumber,
        Fault::Empty,
        Fault::Duplicate,
        Fault::Repeat,
        Fault::MultiCode,
        Fault::Collision,
    ];

    /// Stable snake_case name.
    ///
    /// ```
    /// assert_eq!(uscc::synth::Fault::MultiCode.as_str(), "multi_code");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Fault::None => "none",
            Fault::FullWidth => "full_width",
            Fault::LowerCase => "lower_case",
            Fault::Spaces => "spaces",
            Fault::CheckChar => "check_char",
            Fault::Typo => "typo",
            Fault::Transposition => "transposition",
            Fault::Confusable => "confusable",
            Fault::Truncated => "truncated",
            Fault::Scientific => "scientific",
            Fault::CitizenId => "citizen_id",
            Fault::RegistrationNumber => "registration_number",
            Fault::Empty => "empty",
            Fault::Duplicate => "duplicate",
            Fault::Repeat => "repeat",
            Fault::MultiCode => "multi_code",
            Fault::Collision => "collision",
        }
    }

    /// Whether the fault makes the code a 错码.
    ///
    /// ```
    /// assert!(uscc::synth::Fault::Typo.is_error());
    /// assert!(!uscc::synth::Fault::LowerCase.is_error());
    /// ```
    pub fn is_error(self) -> bool {
        matches!(
            self,
            Fault::CheckChar
                | Fault::Typo
                | Fault::Transposition
                | Fault::Confusable
                | Fault::Truncated
                | Fault::Scientific
                | Fault::CitizenId
                | Fault::RegistrationNumber
                | Fault::Empty
        )
    }
}

/// How the scan must classify a row.
///
/// ```
/// assert_eq!(uscc::synth::Class::Duplicate.as_str(), "duplicate");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// Valid and not flagged.
    Valid,
    /// 错码.
    Erroneous,
    /// 重码 (first occurrence of an entity in a code carried by several).
    Duplicate,
    /// Repeat of the same code and entity.
    Repeated,
}

impl Class {
    /// Stable snake_case name.
    ///
    /// ```
    /// assert_eq!(uscc::synth::Class::Valid.as_str(), "valid");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Valid => "valid",
            Class::Erroneous => "erroneous",
            Class::Duplicate => "duplicate",
            Class::Repeated => "repeated",
        }
    }
}

/// The ground truth of one row.
///
/// ```
/// let d = uscc::synth::generate(100, 3);
/// assert_eq!(d.truth.rows[0].row, 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowTruth {
    /// 1-based row.
    pub row: u64,
    /// What was injected.
    pub fault: Fault,
    /// How the scan must classify it.
    pub class: Class,
    /// For a 错码: the kind of its first error.
    pub kind: Option<Kind>,
    /// The code the entity really has (for faults that damaged it; the code itself otherwise).
    pub intended: Option<String>,
    /// Whether `intended` is carried by the same entity elsewhere in the data.
    pub intended_in_batch: bool,
    /// The month of the date, `None` when blank or unreadable.
    pub month: Option<Month>,
    /// The region the scan must count the row in (six digits), `None` for `unknown`.
    pub region: Option<u32>,
    /// The entity (0: none — a record without a name).
    pub entity: u64,
}

/// Expected counts of one month or region.
///
/// ```
/// let c = uscc::synth::ExpectedCounts::default();
/// assert_eq!(c.total, 0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExpectedCounts {
    /// Records.
    pub total: u64,
    /// Valid records.
    pub valid: u64,
    /// 错码.
    pub erroneous: u64,
    /// 重码.
    pub duplicate: u64,
    /// Repeats.
    pub repeated: u64,
}

/// The expected summary of a scan of the data (assessment policy, names compared).
///
/// ```
/// let e = uscc::synth::generate(1_000, 5).truth.expected;
/// assert_eq!(e.monthly.values().map(|c| c.total).sum::<u64>(), 1_000);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expected {
    /// Records.
    pub total: u64,
    /// Valid records (重码 and repeats included).
    pub valid: u64,
    /// 错码 records.
    pub erroneous: u64,
    /// 重码 records.
    pub duplicate: u64,
    /// Repeats.
    pub repeated: u64,
    /// Codes carried by several entities.
    pub duplicate_groups: u64,
    /// Entities with several valid codes.
    pub multi_code_entities: u64,
    /// Subject identifiers shared by several valid codes.
    pub collisions: u64,
    /// 错码 by kind of first error.
    pub error_kinds: BTreeMap<Kind, u64>,
    /// Rows by injected fault.
    pub faults: BTreeMap<Fault, u64>,
    /// Per month (`YYYY-MM` or `unknown`).
    pub monthly: BTreeMap<String, ExpectedCounts>,
    /// Per region (six digits or `unknown`).
    pub regions: BTreeMap<String, ExpectedCounts>,
}

/// Per-row labels and the expected summary.
///
/// ```
/// let t = uscc::synth::generate(50, 2).truth;
/// assert_eq!(t.rows.len(), 50);
/// assert!(t.to_json().starts_with("{\"expected\":"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Truth {
    /// One label per row, in row order.
    pub rows: Vec<RowTruth>,
    /// The expected summary.
    pub expected: Expected,
}

/// A generated data set.
///
/// ```
/// let d = uscc::synth::generate(3, 9);
/// let mut csv = Vec::new();
/// d.write_csv(&mut csv).unwrap();
/// assert!(String::from_utf8(csv).unwrap().starts_with("统一社会信用代码,名称,登记日期\n"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dataset {
    /// The records, row 1 first.
    pub records: Vec<SynthRecord>,
    /// The ground truth.
    pub truth: Truth,
}

impl Dataset {
    /// The records as the scan engine takes them: rows numbered from 1, a blank name as none,
    /// no region column.
    ///
    /// ```
    /// let d = uscc::synth::generate(1_000, 3);
    /// let report = uscc::scan::scan(&d.scan_records(), Default::default());
    /// assert_eq!(report.summary.counts.erroneous, d.truth.expected.erroneous);
    /// ```
    pub fn scan_records(&self) -> Vec<crate::scan::Record<'_>> {
        self.records
            .iter()
            .zip(1..)
            .map(|(r, row)| crate::scan::Record {
                row,
                code: &r.code,
                name: (!r.name.is_empty()).then_some(r.name.as_str()),
                date: Some(&r.date),
                region: None,
            })
            .collect()
    }
}

/// SplitMix64: a tiny, well-mixed, seedable generator (public domain, S. Vigna).
///
/// ```
/// let mut r = uscc::synth::Rng::new(1);
/// let a = r.next_u64();
/// assert_ne!(a, r.next_u64());
/// assert!(r.below(10) < 10);
/// ```
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    ///
    /// ```
    /// assert_eq!(uscc::synth::Rng::new(5).next_u64(), uscc::synth::Rng::new(5).next_u64());
    /// ```
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_f42d_4c95_7f2d)
    }

    /// The next 64 random bits.
    ///
    /// ```
    /// let _ = uscc::synth::Rng::new(0).next_u64();
    /// ```
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    ///
    /// ```
    /// assert_eq!(uscc::synth::Rng::new(3).below(1), 0);
    /// ```
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n.max(1))) >> 64) as u64
    }

    /// True with probability `p`.
    ///
    /// ```
    /// assert!(!uscc::synth::Rng::new(3).chance(0.0));
    /// ```
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p && p > 0.0
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

/// Fault rates per row (the rest are clean). Erroneous faults ≈ 1.3 %, 重码 ≈ 0.3 %, repeats
/// ≈ 1 %: the order of magnitude a city sees before cleaning.
const RATES: &[(Fault, f64)] = &[
    (Fault::FullWidth, 0.002),
    (Fault::LowerCase, 0.003),
    (Fault::Spaces, 0.003),
    (Fault::CheckChar, 0.004),
    (Fault::Typo, 0.002),
    (Fault::Transposition, 0.001),
    (Fault::Confusable, 0.002),
    (Fault::Truncated, 0.001),
    (Fault::Scientific, 0.0003),
    (Fault::CitizenId, 0.001),
    (Fault::RegistrationNumber, 0.0005),
    (Fault::Empty, 0.0005),
    (Fault::Duplicate, 0.003),
    (Fault::Repeat, 0.01),
    (Fault::MultiCode, 0.002),
    (Fault::Collision, 0.0005),
];

/// Department/category pairs and their weights (per mille).
const PAIRS: &[(&str, u32)] = &[
    ("91", 560),
    ("92", 300),
    ("93", 30),
    ("51", 12),
    ("52", 15),
    ("53", 2),
    ("11", 15),
    ("12", 25),
    ("31", 6),
    ("32", 1),
    ("71", 4),
    ("81", 10),
    ("N2", 15),
    ("N3", 2),
    ("Y1", 1),
    ("99", 2),
];

const TRADE: &[char] = &[
    '华', '鑫', '盛', '达', '恒', '通', '兴', '隆', '泰', '安', '嘉', '信', '源', '宏', '瑞', '祥',
    '丰', '利', '和', '正', '天', '海', '新', '金', '永', '诚', '德', '明', '博', '远', '创', '汇',
    '佳', '宇', '晨', '辉', '益', '凯', '弘', '百', '万', '富', '成', '春', '阳', '光', '星', '铭',
];
const BUSINESS: &[&str] = &[
    "科技",
    "贸易",
    "商贸",
    "建筑工程",
    "餐饮管理",
    "农业发展",
    "文化传媒",
    "信息技术",
    "电子商务",
    "物流",
    "房地产开发",
    "医药",
    "机械设备",
    "装饰工程",
    "教育咨询",
    "环保科技",
    "汽车销售",
    "服装",
    "食品",
    "劳务",
];
const FORMS: &[&str] = &["有限公司", "有限责任公司", "股份有限公司"];
const SURNAMES: &[char] = &[
    '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙',
];
const SHOPS: &[&str] = &[
    "便利店",
    "小吃店",
    "五金店",
    "理发店",
    "水果店",
    "汽车修理部",
    "日用品店",
    "服装店",
];

/// Generates `rows` records from `seed`; see the [module docs](self).
///
/// ```
/// let d = uscc::synth::generate(500, 42);
/// assert_eq!(d.truth.rows.len(), 500);
/// assert!(d.truth.rows.iter().any(|r| r.fault == uscc::synth::Fault::Repeat));
/// ```
pub fn generate(rows: usize, seed: u64) -> Dataset {
    Gen::new(seed, "").run(rows)
}

/// Like [`generate`], with every region code (and so every code, citizen ID and registration
/// number) inside one area: `prefix` is the start of a six-digit region code — two digits for
/// a province (`37` 山东省), four for a prefecture (`3715` 聊城市). This is what one city's
/// export looks like: a per-county table with a row per county. `None` when no county-level
/// region of the table starts with `prefix`.
///
/// ```
/// let d = uscc::synth::generate_in(500, 42, "3715").unwrap();
/// // Every valid code is the city's (a 错码 may have a typo in its region digits).
/// let valid = d.truth.rows.iter().filter(|r| r.kind.is_none());
/// assert!(valid.filter_map(|r| r.region).all(|r| r / 100 == 3715));
/// assert!(uscc::synth::generate_in(10, 1, "3799").is_none());
/// ```
pub fn generate_in(rows: usize, seed: u64, prefix: &str) -> Option<Dataset> {
    let g = Gen::new(seed, prefix);
    (!g.current.is_empty()).then(|| g.run(rows))
}

struct Entity {
    name: String,
    code: String,
    region: u32,
}

struct Gen {
    rng: Rng,
    policy: Policy,
    current: Vec<(u32, &'static str)>,
    abolished: Vec<(u32, &'static str)>,
    subjects: HashSet<u64>,
    names: HashSet<u64>,
    entities: Vec<Entity>,
    /// Entities that can be referred to (clean, named rows), by entity index.
    sources: Vec<usize>,
    year: i32,
}

impl Gen {
    /// `prefix`: only regions whose six digits start with it ("" for all).
    fn new(seed: u64, prefix: &str) -> Gen {
        let mut current = Vec::new();
        let mut abolished = Vec::new();
        for r in region::all() {
            if r.level() != RegionLevel::County
                || !region::province_exists(r.code() / 10_000)
                || !format!("{:06}", r.code()).starts_with(prefix)
            {
                continue;
            }
            let short = r.chain().prefecture.or(r.chain().province).unwrap_or("");
            if r.is_current() {
                current.push((r.code(), short));
            } else if r.abolished().is_some_and(|y| y >= 2000) {
                abolished.push((r.code(), short));
            }
        }
        if current.is_empty() && prefix.is_empty() {
            current.push((110108, "北京市"));
        }
        Gen {
            rng: Rng::new(seed),
            policy: Policy::assessment(),
            current,
            abolished,
            subjects: HashSet::new(),
            names: HashSet::new(),
            entities: Vec::new(),
            sources: Vec::new(),
            year: 2023,
        }
    }

    fn region(&mut self) -> (u32, &'static str) {
        if !self.abolished.is_empty() && self.rng.chance(0.05) {
            *self.rng.pick(&self.abolished)
        } else {
            *self.rng.pick(&self.current)
        }
    }

    fn pair(&mut self) -> &'static str {
        let mut x = self.rng.below(PAIRS.iter().map(|p| u64::from(p.1)).sum()) as u32;
        for (p, w) in PAIRS {
            if x < *w {
                return p;
            }
            x -= w;
        }
        "91"
    }

    /// A fresh, unique subject identifier (positions 9–17); `digits` forces the all-digit style.
    fn subject(&mut self, digits: bool) -> String {
        loop {
            let mut s = String::with_capacity(9);
            if !digits && self.rng.chance(0.8) {
                s.push_str("MA");
                for _ in 0..6 {
                    s.push(*self.rng.pick(crate::ALPHABET) as char);
                }
            } else {
                for _ in 0..8 {
                    s.push((b'0' + self.rng.below(10) as u8) as char);
                }
            }
            let c = crate::org_check_char(&s).expect("alphabet body");
            if digits && c == 'X' {
                continue;
            }
            s.push(c);
            let k = s.bytes().fold(0u64, |k, b| {
                k << 6 | u64::from(crate::char_value(b as char).unwrap_or(63))
            });
            if self.subjects.insert(k) {
                return s;
            }
        }
    }

    fn code(&self, pair: &str, region: u32, subject: &str) -> Option<String> {
        let prefix = format!("{pair}{region:06}{subject}");
        let c = crate::check_char(&prefix).ok()?;
        let code = format!("{prefix}{c}");
        self.policy.is_valid(&code).then_some(code)
    }

    /// A fresh entity with a unique name and code.
    fn entity(&mut self, all_digits: bool) -> usize {
        loop {
            let pair = if all_digits {
                *self.rng.pick(&["91", "92", "93", "11", "12", "51", "52"])
            } else {
                self.pair()
            };
            let (region, place) = self.region();
            let subject = self.subject(all_digits);
            let Some(code) = self.code(pair, region, &subject) else {
                continue;
            };
            if all_digits && (!code.bytes().all(|b| b.is_ascii_digit()) || code.ends_with("000")) {
                continue;
            }
            let name = self.name(pair, place);
            self.entities.push(Entity { name, code, region });
            return self.entities.len() - 1;
        }
    }

    fn name(&mut self, pair: &str, place: &str) -> String {
        let place = place
            .trim_end_matches('市')
            .trim_end_matches("地区")
            .trim_end_matches("自治州");
        loop {
            let mut trade = String::new();
            for _ in 0..2 + self.rng.below(2) {
                trade.push(*self.rng.pick(TRADE));
            }
            let biz = *self.rng.pick(BUSINESS);
            let n = match pair {
                "91" | "99" => {
                    if self.rng.chance(0.15) {
                        format!("{trade}（{place}）{biz}{}", self.rng.pick(FORMS))
                    } else {
                        format!("{place}{trade}{biz}{}", self.rng.pick(FORMS))
                    }
                }
                "92" => {
                    let who: String = [*self.rng.pick(SURNAMES), *self.rng.pick(TRADE)]
                        .iter()
                        .collect();
                    format!("{place}{trade}{who}{}", self.rng.pick(SHOPS))
                }
                "93" => format!("{place}{trade}种植农民专业合作社"),
                "51" => format!("{place}{trade}{biz}协会"),
                "52" => format!("{place}{trade}培训学校"),
                "53" => format!("{place}{trade}慈善基金会"),
                "11" => format!("{place}{trade}管理局"),
                "12" => format!("{place}{trade}服务中心"),
                "31" | "32" => format!("{place}{trade}律师事务所"),
                "71" => format!("{place}{trade}寺"),
                "81" => format!("{place}{trade}{biz}有限公司工会委员会"),
                "N2" | "N3" => format!("{place}{trade}村股份经济合作社"),
                _ => format!("{place}{trade}{biz}中心"),
            };
            let h = name_hash(&n).expect("non-empty");
            if self.names.insert(h) {
                return n;
            }
        }
    }

    /// The same name written differently (brackets, spaces): the same entity after
    /// normalization.
    fn variant(&mut self, name: &str) -> String {
        match self.rng.below(5) {
            0 if name.contains('（') => name.replace('（', "(").replace('）', ")"),
            1 => format!(" {name}"),
            2 => {
                let mut s: Vec<char> = name.chars().collect();
                let at = 1 + self.rng.below(s.len() as u64 - 1) as usize;
                s.insert(at, ' ');
                s.into_iter().collect()
            }
            3 => format!("{name}\u{3000}"),
            _ => name.to_string(),
        }
    }

    fn date(&mut self) -> (String, Option<Month>) {
        let m = 1 + self.rng.below(12) as u32;
        let days = match m {
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let d = 1 + self.rng.below(days) as u32;
        let y = self.year;
        let month = Some(Month {
            year: y as u16,
            month: m as u8,
        });
        let x = self.rng.below(1000);
        let s = match x {
            0..=599 => format!("{y}-{m:02}-{d:02}"),
            600..=699 => format!("{y}/{m}/{d}"),
            700..=779 => format!("{y}{m:02}{d:02}"),
            780..=849 => format!("{y}年{m}月{d}日"),
            850..=889 => format!(
                "{y}-{m:02}-{d:02} {:02}:{:02}:00",
                self.rng.below(24),
                self.rng.below(60)
            ),
            890..=929 => {
                // Excel serial: days since 1899-12-30.
                let days_before: u32 =
                    [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334][m as usize - 1];
                format!("{}", 44_927 + days_before + d - 1) // 2023-01-01 is 44927
            }
            930..=959 => format!("{y}.{m:02}.{d:02}"),
            960..=979 => format!("{y}-{m:02}"),
            980..=989 => return (String::new(), None),
            _ => {
                return (
                    self.rng
                        .pick(&["不详", "待补录", "0000-00-00", "2023-13-01", "-"])
                        .to_string(),
                    None,
                )
            }
        };
        (s, month)
    }

    fn fault(&mut self) -> Fault {
        let x = (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let mut acc = 0.0;
        for &(f, p) in RATES {
            acc += p;
            if x < acc {
                return f;
            }
        }
        Fault::None
    }

    fn source(&mut self) -> Option<usize> {
        (!self.sources.is_empty()).then(|| *self.rng.pick(&self.sources))
    }

    fn run(mut self, rows: usize) -> Dataset {
        let mut records = Vec::with_capacity(rows);
        let mut truth = Vec::with_capacity(rows);
        for row in 1..=rows as u64 {
            let (date, month) = self.date();
            let mut fault = self.fault();
            let needs_source = matches!(
                fault,
                Fault::Duplicate | Fault::Repeat | Fault::MultiCode | Fault::Collision
            );
            if needs_source && self.sources.is_empty() {
                fault = Fault::None;
            }
            let mut t = RowTruth {
                row,
                fault,
                class: Class::Valid,
                kind: None,
                intended: None,
                intended_in_batch: false,
                month,
                region: None,
                entity: 0,
            };
            let (code, name) = self.row(&mut t);
            records.push(SynthRecord { code, name, date });
            truth.push(t);
        }
        let expected = expect(&mut truth);
        Dataset {
            records,
            truth: Truth {
                rows: truth,
                expected,
            },
        }
    }

    /// Makes one row's code and name, filling its truth.
    fn row(&mut self, t: &mut RowTruth) -> (String, String) {
        match t.fault {
            Fault::None => {
                let e = self.entity(false);
                let ent = &self.entities[e];
                t.intended = Some(ent.code.clone());
                t.region = Some(ent.region);
                // A few records come without a name.
                if self.rng.chance(0.005) {
                    return (ent.code.clone(), String::new());
                }
                t.entity = e as u64 + 1;
                self.sources.push(e);
                (ent.code.clone(), ent.name.clone())
            }
            Fault::FullWidth | Fault::LowerCase | Fault::Spaces => {
                let e = self.entity(false);
                let ent = &self.entities[e];
                let (code, name) = (ent.code.clone(), ent.name.clone());
                t.intended = Some(code.clone());
                t.region = Some(ent.region);
                t.entity = e as u64 + 1;
                let stored = match t.fault {
                    Fault::FullWidth => code
                        .chars()
                        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
                        .collect(),
                    Fault::LowerCase if code.bytes().any(|b| b.is_ascii_alphabetic()) => {
                        code.to_ascii_lowercase()
                    }
                    Fault::LowerCase => {
                        t.fault = Fault::Spaces;
                        format!(" {code} ")
                    }
                    _ => format!("{} {} {}", &code[..2], &code[2..8], &code[8..]),
                };
                (stored, name)
            }
            Fault::CheckChar | Fault::Typo | Fault::Transposition | Fault::Confusable => {
                // Half re-enter an entity already in the data; half are new entities.
                let reentry = self.rng.chance(0.5) && !self.sources.is_empty();
                let e = if reentry {
                    self.source().expect("non-empty")
                } else {
                    self.entity(false)
                };
                let (code, name) = (self.entities[e].code.clone(), self.entities[e].name.clone());
                for _ in 0..64 {
                    if let Some(bad) = self.damage(&code, t.fault) {
                        if let Some(kind) = self.error_kind(&bad) {
                            t.class = Class::Erroneous;
                            t.kind = Some(kind);
                            t.intended = Some(code.clone());
                            t.intended_in_batch = reentry;
                            t.region = crate::scan::classify_region_for_truth(&bad, kind);
                            t.entity = e as u64 + 1;
                            let name = if reentry { self.variant(&name) } else { name };
                            return (bad, name);
                        }
                    }
                }
                // Could not damage it convincingly (practically never): a clean row.
                t.fault = Fault::None;
                t.intended = Some(code.clone());
                t.region = Some(self.entities[e].region);
                if !reentry {
                    t.entity = e as u64 + 1;
                    self.sources.push(e);
                    (code, name)
                } else {
                    t.fault = Fault::Repeat;
                    t.entity = e as u64 + 1;
                    (code, name)
                }
            }
            Fault::Truncated | Fault::Scientific => loop {
                let e = self.entity(true);
                let code = self.entities[e].code.clone();
                let bad = if t.fault == Fault::Truncated {
                    format!("{}000", &code[..15])
                } else {
                    format!("{}.{}E+17", &code[..1], &code[1..6])
                };
                if let Some(kind) = self.error_kind(&bad) {
                    t.class = Class::Erroneous;
                    t.kind = Some(kind);
                    t.intended = Some(code);
                    t.region = crate::scan::classify_region_for_truth(&bad, kind);
                    t.entity = e as u64 + 1;
                    return (bad, self.entities[e].name.clone());
                }
            },
            Fault::CitizenId | Fault::RegistrationNumber | Fault::Empty => loop {
                let (region, place) = self.region();
                let bad = match t.fault {
                    Fault::CitizenId => citizen_id(&mut self.rng, region),
                    Fault::RegistrationNumber => registration_number(&mut self.rng, region),
                    _ => String::new(),
                };
                if let Some(kind) = self.error_kind(&bad) {
                    let pair = if t.fault == Fault::CitizenId {
                        "92"
                    } else {
                        "91"
                    };
                    let name = self.name(pair, place);
                    self.entities.push(Entity {
                        name: name.clone(),
                        code: String::new(),
                        region,
                    });
                    t.class = Class::Erroneous;
                    t.kind = Some(kind);
                    t.region = crate::scan::classify_region_for_truth(&bad, kind);
                    t.entity = self.entities.len() as u64;
                    return (bad, name);
                }
            },
            Fault::Duplicate => {
                let s = self.source().expect("checked");
                let code = self.entities[s].code.clone();
                let region = self.entities[s].region;
                let (_, place) = self.region();
                let pair = self.pair();
                let name = self.name(pair, place);
                self.entities.push(Entity {
                    name: name.clone(),
                    code: code.clone(),
                    region,
                });
                t.intended = Some(code.clone());
                t.region = Some(region);
                t.entity = self.entities.len() as u64;
                (code, name)
            }
            Fault::Repeat => {
                let s = self.source().expect("checked");
                let (code, name) = (self.entities[s].code.clone(), self.entities[s].name.clone());
                t.intended = Some(code.clone());
                t.region = Some(self.entities[s].region);
                t.entity = s as u64 + 1;
                (code, self.variant(&name))
            }
            Fault::MultiCode => {
                let s = self.source().expect("checked");
                let name = self.entities[s].name.clone();
                loop {
                    let pair = self.pair();
                    let (region, _) = self.region();
                    let subject = self.subject(false);
                    if let Some(code) = self.code(pair, region, &subject) {
                        t.intended = Some(code.clone());
                        t.region = Some(region);
                        t.entity = s as u64 + 1;
                        return (code, self.variant(&name));
                    }
                }
            }
            Fault::Collision => {
                let s = self.source().expect("checked");
                let subject = self.entities[s].code[8..17].to_string();
                let old = self.entities[s].code.clone();
                loop {
                    let pair = self.pair();
                    let (region, place) = self.region();
                    let Some(code) = self.code(pair, region, &subject) else {
                        continue;
                    };
                    if code == old {
                        continue;
                    }
                    let name = self.name(pair, place);
                    self.entities.push(Entity {
                        name: name.clone(),
                        code: code.clone(),
                        region,
                    });
                    t.intended = Some(code.clone());
                    t.region = Some(region);
                    t.entity = self.entities.len() as u64;
                    return (code, name);
                }
            }
        }
    }

    /// The first error kind of `text` under the assessment policy, `None` if it is valid.
    fn error_kind(&self, text: &str) -> Option<Kind> {
        let d = self.policy.diagnose(text);
        if d.is_valid() {
            return None;
        }
        let k = d.first_error()?.kind;
        // Keep the labels unambiguous: pilot-code and `Y`-for-`1` look-alikes are other faults.
        (!matches!(k, Kind::PilotCode | Kind::CheckCharYFor1)).then_some(k)
    }

    fn damage(&mut self, code: &str, fault: Fault) -> Option<String> {
        let mut b: Vec<u8> = code.bytes().collect();
        match fault {
            Fault::CheckChar => {
                let c = *self.rng.pick(crate::ALPHABET);
                if c == b[17] {
                    return None;
                }
                b[17] = c;
            }
            Fault::Typo => {
                let p = self.rng.below(17) as usize;
                let c = *self.rng.pick(crate::ALPHABET);
                if c == b[p] {
                    return None;
                }
                b[p] = c;
            }
            Fault::Transposition => {
                let p = self.rng.below(17) as usize;
                if b[p] == b[p + 1] {
                    return None;
                }
                b.swap(p, p + 1);
            }
            _ => {
                const LOOK: &[(u8, u8)] = &[
                    (b'0', b'O'),
                    (b'1', b'I'),
                    (b'2', b'Z'),
                    (b'5', b'S'),
                    (b'U', b'V'),
                    (b'8', b'B'),
                    (b'0', b'D'),
                    (b'6', b'G'),
                    (b'7', b'T'),
                ];
                let src = &b;
                let opts: Vec<(usize, u8)> = (0..18)
                    .flat_map(|i| {
                        LOOK.iter()
                            .filter(move |l| l.0 == src[i])
                            .map(move |l| (i, l.1))
                    })
                    .collect();
                if opts.is_empty() {
                    return None;
                }
                let (i, c) = *self.rng.pick(&opts);
                b[i] = c;
            }
        }
        String::from_utf8(b).ok()
    }
}

fn citizen_id(rng: &mut Rng, region: u32) -> String {
    let y = 1960 + rng.below(40);
    let m = 1 + rng.below(12);
    let d = 1 + rng.below(28);
    let mut s = format!("{region:06}{y}{m:02}{d:02}{:03}", rng.below(1000));
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = s.bytes().zip(W).map(|(c, w)| u32::from(c - b'0') * w).sum();
    s.push(b"10X98765432"[(sum % 11) as usize] as char);
    s
}

fn registration_number(rng: &mut Rng, region: u32) -> String {
    let mut s = format!("{region:06}{:08}", rng.below(100_000_000));
    let mut p = 10u32;
    for c in s.bytes() {
        let mut x = (p + u32::from(c - b'0')) % 10;
        if x == 0 {
            x = 10;
        }
        p = x * 2 % 11;
    }
    s.push((b'0' + ((11 - p) % 10) as u8) as char);
    s
}

/// The oracle: classes and expected counts from entity ids (who is who), not from names.
fn expect(rows: &mut [RowTruth]) -> Expected {
    let mut e = Expected::default();
    let key = |s: &str| -> u128 {
        s.bytes().fold(0u128, |k, b| {
            k << 6 | u128::from(crate::char_value(b as char).unwrap_or(63))
        })
    };
    // Valid rows by canonical code, in row order: (code, row index).
    let mut valid: Vec<(u128, u32)> = rows
        .iter()
        .enumerate()
        .filter(|(_, t)| t.class != Class::Erroneous)
        .map(|(i, t)| {
            (
                key(t.intended.as_deref().expect("valid rows know their code")),
                i as u32,
            )
        })
        .collect();
    valid.sort_unstable();
    let mut i = 0;
    while i < valid.len() {
        let mut j = i + 1;
        while j < valid.len() && valid[j].0 == valid[i].0 {
            j += 1;
        }
        if j - i >= 2 {
            let idx: Vec<usize> = valid[i..j].iter().map(|v| v.1 as usize).collect();
            let mut seen: Vec<u64> = Vec::new();
            let mut firsts: Vec<usize> = Vec::new();
            for &x in &idx {
                let ent = rows[x].entity;
                if ent != 0 && !seen.contains(&ent) {
                    seen.push(ent);
                    firsts.push(x);
                }
            }
            if seen.len() >= 2 {
                e.duplicate_groups += 1;
                for &x in &idx {
                    rows[x].class = if firsts.contains(&x) {
                        Class::Duplicate
                    } else {
                        Class::Repeated
                    };
                }
            } else {
                for &x in &idx[1..] {
                    rows[x].class = Class::Repeated;
                }
            }
        }
        i = j;
    }
    // Entities with several codes; subject identifiers with several codes.
    let mut ent_codes: Vec<(u64, u128)> = valid
        .iter()
        .filter(|v| rows[v.1 as usize].entity != 0)
        .map(|v| (rows[v.1 as usize].entity, v.0))
        .collect();
    ent_codes.sort_unstable();
    ent_codes.dedup();
    e.multi_code_entities = count_multi(&ent_codes);
    // Positions 9–17 are bits 6..60 of the 6-bit-per-char key.
    let mut subj_codes: Vec<(u128, u128)> = valid
        .iter()
        .map(|v| ((v.0 >> 6) & ((1 << 54) - 1), v.0))
        .collect();
    subj_codes.sort_unstable();
    subj_codes.dedup();
    e.collisions = count_multi(&subj_codes);
    drop(valid);
    for t in rows.iter() {
        e.total += 1;
        *e.faults.entry(t.fault).or_default() += 1;
        let month = t.month.map_or("unknown".to_string(), |m| m.to_string());
        let region = t
            .region
            .map_or("unknown".to_string(), |r| format!("{r:06}"));
        let bump = |c: &mut ExpectedCounts| {
            c.total += 1;
            match t.class {
                Class::Erroneous => c.erroneous += 1,
                Class::Valid => c.valid += 1,
                Class::Duplicate => {
                    c.valid += 1;
                    c.duplicate += 1
                }
                Class::Repeated => {
                    c.valid += 1;
                    c.repeated += 1
                }
            }
        };
        let mut all = ExpectedCounts::default();
        bump(&mut all);
        bump(e.monthly.entry(month).or_default());
        bump(e.regions.entry(region).or_default());
        e.valid += all.valid;
        e.erroneous += all.erroneous;
        e.duplicate += all.duplicate;
        e.repeated += all.repeated;
        if let Some(k) = t.kind {
            *e.error_kinds.entry(k).or_default() += 1;
        }
    }
    e
}

/// How many keys of a sorted, deduplicated list of (key, value) have two values or more.
fn count_multi<K: PartialEq, V>(xs: &[(K, V)]) -> u64 {
    let mut n = 0;
    let mut i = 0;
    while i < xs.len() {
        let mut j = i + 1;
        while j < xs.len() && xs[j].0 == xs[i].0 {
            j += 1;
        }
        n += u64::from(j - i >= 2);
        i = j;
    }
    n
}

fn csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

impl Dataset {
    /// Writes the records as UTF-8 CSV with the header `统一社会信用代码,名称,登记日期`.
    ///
    /// ```
    /// let mut out = Vec::new();
    /// uscc::synth::generate(2, 1).write_csv(&mut out).unwrap();
    /// assert_eq!(String::from_utf8(out).unwrap().lines().count(), 3);
    /// ```
    pub fn write_csv(&self, mut w: impl Write) -> io::Result<()> {
        let mut buf = String::with_capacity(1 << 16);
        buf.push_str("统一社会信用代码,名称,登记日期\n");
        for r in &self.records {
            csv_field(&mut buf, &r.code);
            buf.push(',');
            csv_field(&mut buf, &r.name);
            buf.push(',');
            csv_field(&mut buf, &r.date);
            buf.push('\n');
            if buf.len() > 1 << 16 {
                w.write_all(buf.as_bytes())?;
                buf.clear();
            }
        }
        w.write_all(buf.as_bytes())?;
        w.flush()
    }
}

fn counts_json(out: &mut String, c: &ExpectedCounts) {
    let _ = write!(
        out,
        "{{\"total\":{},\"valid\":{},\"erroneous\":{},\"duplicate\":{},\"repeated\":{}}}",
        c.total, c.valid, c.erroneous, c.duplicate, c.repeated
    );
}

fn json_str(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

impl Truth {
    /// The truth as one JSON object: `{"expected": {...summary...}, "rows": [{row, fault,
    /// class, kind, intended, intended_in_batch, month, region}, ...]}`.
    ///
    /// ```
    /// let j = uscc::synth::generate(20, 4).truth.to_json();
    /// assert!(j.contains("\"rows\":[{\"row\":1,"));
    /// ```
    pub fn to_json(&self) -> String {
        let mut v = Vec::new();
        self.write_json(&mut v).expect("writing to memory");
        String::from_utf8(v).expect("UTF-8")
    }

    /// Writes [`Truth::to_json`] to `w`, streaming the rows.
    ///
    /// ```
    /// let mut out = Vec::new();
    /// uscc::synth::generate(5, 4).truth.write_json(&mut out).unwrap();
    /// assert!(out.ends_with(b"]}\n"));
    /// ```
    pub fn write_json(&self, mut w: impl Write) -> io::Result<()> {
        let e = &self.expected;
        let mut o = String::new();
        let _ = write!(
            o,
            "{{\"expected\":{{\"total\":{},\"valid\":{},\"erroneous\":{},\"duplicate\":{},\"repeated\":{},\"skipped\":0,\"rate\":{},\"duplicate_groups\":{},\"multi_code_entities\":{},\"collisions\":{}",
            e.total,
            e.valid,
            e.erroneous,
            e.duplicate,
            e.repeated,
            if e.total == 0 { 0.0 } else { (e.erroneous + e.duplicate) as f64 / e.total as f64 },
            e.duplicate_groups,
            e.multi_code_entities,
            e.collisions
        );
        o.push_str(",\"error_kinds\":{");
        for (i, (k, n)) in e.error_kinds.iter().enumerate() {
            let _ = write!(
                o,
                "{}\"{}\":{}",
                if i > 0 { "," } else { "" },
                k.as_str(),
                n
            );
        }
        o.push_str("},\"faults\":{");
        for (i, (k, n)) in e.faults.iter().enumerate() {
            let _ = write!(
                o,
                "{}\"{}\":{}",
                if i > 0 { "," } else { "" },
                k.as_str(),
                n
            );
        }
        for (key, map) in [("monthly", &e.monthly), ("regions", &e.regions)] {
            let _ = write!(o, "}},\"{key}\":{{");
            for (i, (m, c)) in map.iter().enumerate() {
                let _ = write!(o, "{}{}:", if i > 0 { "," } else { "" }, json_str(m));
                counts_json(&mut o, c);
            }
        }
        o.push_str("}},\"rows\":[");
        w.write_all(o.as_bytes())?;
        o.clear();
        for (i, r) in self.rows.iter().enumerate() {
            let _ = write!(
                o,
                "{}{{\"row\":{},\"fault\":\"{}\",\"class\":\"{}\",\"kind\":{},\"intended\":{},\"intended_in_batch\":{},\"month\":{},\"region\":{}}}",
                if i > 0 { "," } else { "" },
                r.row,
                r.fault.as_str(),
                r.class.as_str(),
                r.kind.map_or("null".into(), |k| json_str(k.as_str())),
                r.intended.as_deref().map_or("null".into(), json_str),
                r.intended_in_batch,
                r.month.map_or("null".into(), |m| json_str(&m.to_string())),
                r.region.map_or("null".into(), |x| json_str(&format!("{x:06}"))),
            );
            if o.len() > 1 << 16 {
                w.write_all(o.as_bytes())?;
                o.clear();
            }
        }
        o.push_str("]}\n");
        w.write_all(o.as_bytes())?;
        w.flush()
    }
}
