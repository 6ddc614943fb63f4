//! Registration departments (登记管理部门, position 1) and institution categories
//! (机构类别, position 2).
//!
//! A category is only meaningful *with* its department: `1` after `9` is an enterprise (企业),
//! after `5` a social organization (社会团体). Validators built on the original 2015 table know
//! only departments 1, 5, 9 and Y and reject real temples (`7…`) and law firms (`3…`); the table
//! here is the amended one (spec §3), kept as data in [`TABLE`] so a later amendment is a data
//! change.

use core::fmt;

/// One row of the department table: the department and its allowed categories.
#[derive(Debug)]
pub struct DepartmentRow {
    /// Position-1 character.
    pub code: u8,
    /// Chinese name (登记管理部门名称).
    pub name_zh: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Allowed position-2 characters with their Chinese and English names.
    pub categories: &'static [(u8, &'static str, &'static str)],
}

/// The department/category table of GB 32100-2015 as amended (spec §3).
///
/// Provenance: GB 32100-2015 表1 and its amendment (第1号修改单), which added departments
/// 2, 3, 4, 6, 7, 8, A and N. Category `9 → 9 其他` is not in the published table but is used
/// by real codes (representative offices of foreign firms, e.g. `99140000MA0H4WRM37`).
pub static TABLE: &[DepartmentRow] = &[
    DepartmentRow {
        code: b'1',
        name_zh: "机构编制",
        name_en: "Institutional establishment",
        categories: &[
            (b'1', "机关", "Government organ"),
            (b'2', "事业单位", "Public institution"),
            (
                b'3',
                "中央编办直接管理机构编制的群众团体",
                "Mass organization under the central establishment office",
            ),
            (b'9', "其他", "Other"),
        ],
    },
    DepartmentRow {
        code: b'2',
        name_zh: "外交",
        name_en: "Foreign affairs",
        categories: &[
            (b'1', "外国常驻新闻机构", "Resident foreign news agency"),
            (b'9', "其他", "Other"),
        ],
    },
    DepartmentRow {
        code: b'3',
        name_zh: "司法行政",
        name_en: "Judicial administration",
        categories: &[
            (b'1', "律师执业机构", "Law firm"),
            (b'2', "公证处", "Notary office"),
            (b'3', "基层法律服务所", "Grassroots legal service office"),
            (b'4', "司法鉴定机构", "Forensic appraisal institution"),
            (b'5', "仲裁委员会", "Arbitration commission"),
            (b'9', "其他", "Other"),
        ],
    },
    DepartmentRow {
        code: b'4',
        name_zh: "文化",
        name_en: "Culture",
        categories: &[
            (b'1', "外国在华文化中心", "Foreign cultural centre in China"),
            (b'9', "其他", "Other"),
        ],
    },
    DepartmentRow {
        code: b'5',
        name_zh: "民政",
        name_en: "Civil affairs",
        categories: &[
            (b'1', "社会团体", "Social organization"),
            (b'2', "民办非企业单位", "Private non-enterprise unit"),
            (b'3', "基金会", "Foundation"),
            (b'9', "其他", "Other"),
        ],
    },
    DepartmentRow {
        code: b'6',
        name_zh: "旅游",
        name_en: "Tourism",
        categories: &[
            (
                b'1',
                "外国旅游部门常驻代表机构",
                "Resident office of a foreign tourism authority",
            ),
            (
                b'2',
                "港澳台地区旅游部门常驻内地（大陆）代表机构",
                "Resident office of a Hong Kong, Macao or Taiwan tourism authority",
            ),
            (b'9', "其他", "Other"),
        ],
    },
    DepartmentRow {
        code: b'7',
        name_zh: "宗教",
        name_en: "Religious affairs",
        categories: &[
            (b'1', "宗教活动场所", "Place of religious activity"),
            (b'2', "宗教院校", "Religious school"),
            (b'9', "其他", "Other"),
        ],
    },
    DepartmentRow {
        code: b'8',
        name_zh: "工会",
        name_en: "Trade union",
        categories: &[
            (b'1', "基层工会", "Grassroots trade union"),
            (b'9', "其他", "Other"),
        ],
    },
    DepartmentRow {
        code: b'9',
        name_zh: "工商",
        name_en: "Market regulation (industry and commerce)",
        categories: &[
            (b'1', "企业", "Enterprise"),
            (b'2', "个体工商户", "Individual business"),
            (b'3', "农民专业合作社", "Farmers' cooperative"),
            (b'9', "其他", "Other"),
        ],
    },
    DepartmentRow {
        code: b'A',
        name_zh: "中央军委改革和编制办公室",
        name_en: "Central Military Commission reform and establishment office",
        categories: &[
            (b'1', "军队事业单位", "Military public institution"),
            (b'9', "其他", "Other"),
        ],
    },
    DepartmentRow {
        code: b'N',
        name_zh: "农业",
        name_en: "Agriculture",
        categories: &[
            (
                b'1',
                "组级集体经济组织",
                "Group-level collective economic organization",
            ),
            (
                b'2',
                "村级集体经济组织",
                "Village-level collective economic organization",
            ),
            (
                b'3',
                "乡镇级集体经济组织",
                "Township-level collective economic organization",
            ),
            (b'9', "其他", "Other"),
        ],
    },
    DepartmentRow {
        code: b'Y',
        name_zh: "其他",
        name_en: "Other",
        categories: &[(b'1', "其他", "Other")],
    },
];

/// The registration department (登记管理部门), position 1 of a code.
///
/// ```
/// use uscc::Department;
/// let d = Department::from_char('9').unwrap();
/// assert_eq!(d, Department::MarketRegulation);
/// assert_eq!(d.name_zh(), "工商");
/// assert_eq!(Department::from_char('B'), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Department {
    /// `1` 机构编制.
    Establishment,
    /// `2` 外交.
    ForeignAffairs,
    /// `3` 司法行政.
    Justice,
    /// `4` 文化.
    Culture,
    /// `5` 民政.
    CivilAffairs,
    /// `6` 旅游.
    Tourism,
    /// `7` 宗教.
    Religion,
    /// `8` 工会.
    TradeUnion,
    /// `9` 工商 (now 市场监管).
    MarketRegulation,
    /// `A` 中央军委改革和编制办公室.
    Military,
    /// `N` 农业.
    Agriculture,
    /// `Y` 其他.
    Other,
}

const ALL: [Department; 12] = [
    Department::Establishment,
    Department::ForeignAffairs,
    Department::Justice,
    Department::Culture,
    Department::CivilAffairs,
    Department::Tourism,
    Department::Religion,
    Department::TradeUnion,
    Department::MarketRegulation,
    Department::Military,
    Department::Agriculture,
    Department::Other,
];

impl Department {
    /// Every department, in table order.
    ///
    /// ```
    /// assert_eq!(uscc::Department::all().len(), 12);
    /// ```
    pub fn all() -> &'static [Department] {
        &ALL
    }

    /// The department for a position-1 character.
    ///
    /// ```
    /// assert_eq!(uscc::Department::from_char('7'), Some(uscc::Department::Religion));
    /// ```
    pub fn from_char(c: char) -> Option<Department> {
        u8::try_from(c).ok().and_then(Department::from_byte)
    }

    pub(crate) fn from_byte(b: u8) -> Option<Department> {
        TABLE.iter().position(|r| r.code == b).map(|i| ALL[i])
    }

    fn row(self) -> &'static DepartmentRow {
        &TABLE[self as usize]
    }

    /// The position-1 character.
    ///
    /// ```
    /// assert_eq!(uscc::Department::Agriculture.as_char(), 'N');
    /// ```
    pub fn as_char(self) -> char {
        self.row().code as char
    }

    /// Chinese name (登记管理部门名称).
    ///
    /// ```
    /// assert_eq!(uscc::Department::Religion.name_zh(), "宗教");
    /// ```
    pub fn name_zh(self) -> &'static str {
        self.row().name_zh
    }

    /// English name.
    ///
    /// ```
    /// assert_eq!(uscc::Department::Religion.name_en(), "Religious affairs");
    /// ```
    pub fn name_en(self) -> &'static str {
        self.row().name_en
    }

    /// The category for a position-2 character, if this department allows it.
    ///
    /// ```
    /// use uscc::Department;
    /// assert_eq!(Department::CivilAffairs.category('3').unwrap().name_zh(), "基金会");
    /// assert!(Department::Other.category('2').is_none());
    /// ```
    pub fn category(self, c: char) -> Option<Category> {
        let b = u8::try_from(c).ok()?;
        self.category_byte(b)
    }

    pub(crate) fn category_byte(self, b: u8) -> Option<Category> {
        let idx = self.row().categories.iter().position(|&(k, _, _)| k == b)?;
        Some(Category {
            department: self,
            idx: idx as u8,
        })
    }

    /// The categories this department allows, in table order.
    ///
    /// ```
    /// let cats: String = uscc::Department::MarketRegulation.categories().map(|c| c.as_char()).collect();
    /// assert_eq!(cats, "1239");
    /// ```
    pub fn categories(self) -> impl ExactSizeIterator<Item = Category> {
        (0..self.row().categories.len()).map(move |idx| Category {
            department: self,
            idx: idx as u8,
        })
    }
}

impl fmt::Display for Department {
    /// The Chinese name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_zh())
    }
}

/// An institution category (机构类别), position 2 — always in pair with its department.
///
/// ```
/// let c = uscc::Department::Religion.category('1').unwrap();
/// assert_eq!((c.as_char(), c.name_zh()), ('1', "宗教活动场所"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Category {
    department: Department,
    idx: u8,
}

impl Category {
    fn entry(self) -> &'static (u8, &'static str, &'static str) {
        &self.department.row().categories[usize::from(self.idx)]
    }

    /// The department this category belongs to.
    ///
    /// ```
    /// let c = uscc::Department::Justice.category('1').unwrap();
    /// assert_eq!(c.department(), uscc::Department::Justice);
    /// ```
    pub fn department(self) -> Department {
        self.department
    }

    /// The position-2 character.
    ///
    /// ```
    /// assert_eq!(uscc::Department::Justice.category('5').unwrap().as_char(), '5');
    /// ```
    pub fn as_char(self) -> char {
        self.entry().0 as char
    }

    /// Chinese name (机构类别名称).
    ///
    /// ```
    /// assert_eq!(uscc::Department::Justice.category('5').unwrap().name_zh(), "仲裁委员会");
    /// ```
    pub fn name_zh(self) -> &'static str {
        self.entry().1
    }

    /// English name.
    ///
    /// ```
    /// assert_eq!(uscc::Department::Justice.category('5').unwrap().name_en(), "Arbitration commission");
    /// ```
    pub fn name_en(self) -> &'static str {
        self.entry().2
    }
}

impl fmt::Display for Category {
    /// The Chinese name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_zh())
    }
}

/// Pairs from most to least common among issued codes (individual businesses and enterprises
/// dominate by far; then cooperatives, public institutions, village collectives, social
/// organizations). Used only to rank suggestions, so a rough order is enough.
const PAIRS_BY_FREQUENCY: [&[u8; 2]; 16] = [
    b"92", b"91", b"93", b"12", b"N2", b"52", b"51", b"11", b"81", b"N3", b"N1", b"53", b"13",
    b"99", b"31", b"71",
];

/// Rank of a pair in [`PAIRS_BY_FREQUENCY`]; rarer pairs all share the last rank.
pub(crate) fn pair_rank(dept: u8, cat: u8) -> u8 {
    PAIRS_BY_FREQUENCY
        .iter()
        .position(|p| p[0] == dept && p[1] == cat)
        .unwrap_or(PAIRS_BY_FREQUENCY.len()) as u8
}

/// Whether the pair (position 1, position 2) is allowed. Hot path: one load and a bit test.
#[inline]
pub(crate) fn pair_ok(dept: u8, cat: u8) -> bool {
    cat < 64 && PAIRS[dept as usize] & (1u64 << cat) != 0
}

/// `PAIRS[dept]` has bit `cat` set when the pair is allowed. Categories are digits (ASCII
/// 48–57), so they fit a `u64`; a letter category in a future amendment fails to compile here.
static PAIRS: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut i = 0;
    while i < TABLE.len() {
        let row = &TABLE[i];
        let mut j = 0;
        while j < row.categories.len() {
            t[row.code as usize] |= 1u64 << row.categories[j].0;
            j += 1;
        }
        i += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_order_matches_table() {
        for (d, row) in ALL.iter().zip(TABLE) {
            assert_eq!(d.as_char() as u8, row.code);
            assert_eq!(Department::from_byte(row.code), Some(*d));
        }
        assert_eq!(ALL.len(), TABLE.len());
    }

    #[test]
    fn pairs() {
        assert!(pair_ok(b'9', b'9'));
        assert!(pair_ok(b'7', b'1'));
        assert!(pair_ok(b'Y', b'1'));
        assert!(!pair_ok(b'Y', b'2'));
        assert!(!pair_ok(b'3', b'6'));
        assert!(!pair_ok(b'B', b'1'));
        assert!(!pair_ok(b'9', b'A'));
        for row in TABLE {
            for &(c, zh, en) in row.categories {
                assert!(pair_ok(row.code, c));
                assert!(!zh.is_empty() && !en.is_empty());
            }
        }
    }
}
