//! [`Code`]: a valid unified social credit code as a small, copyable value.

use core::fmt;
use core::str::FromStr;

use crate::region::{self, Region};
use crate::{Category, Department, ParseError, Policy};

/// A valid unified social credit code (统一社会信用代码): 18 ASCII bytes inside, `Copy`.
///
/// Obtained by parsing ([`FromStr`], strict: canonical text only, default [`Policy`]), by
/// [`crate::validate`] (normalizes first), or by [`Code::build`].
///
/// ```
/// use uscc::{Code, Department};
/// let code: Code = "91350100M000100Y43".parse()?;
/// assert_eq!(code.department(), Department::MarketRegulation);
/// assert_eq!(code.category().name_zh(), "企业");
/// assert_eq!(code.region_code(), "350100");
/// assert_eq!(code.subject_identifier(), "M000100Y4");
/// assert_eq!(code.organization_code(), "M000100Y-4");
/// assert_eq!(code.check_char(), '3');
/// assert_eq!(code.to_string(), "91350100M000100Y43");
/// # Ok::<(), uscc::ParseError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code([u8; 18]);

impl Code {
    /// Characters in a code.
    ///
    /// ```
    /// assert_eq!(uscc::Code::LEN, 18);
    /// ```
    pub const LEN: usize = 18;

    /// Wraps bytes that passed validation. Callers guarantee 18 alphabet bytes.
    pub(crate) fn from_checked(b: &[u8]) -> Code {
        let mut a = [0u8; 18];
        a.copy_from_slice(&b[..18]);
        Code(a)
    }

    /// Parses canonical text (no normalization) under the default policy.
    ///
    /// ```
    /// assert!(uscc::Code::parse("91350100M000100Y43").is_ok());
    /// assert!(uscc::Code::parse(" 91350100M000100Y43").is_err()); // use uscc::validate to normalize
    /// ```
    pub fn parse(s: &str) -> Result<Code, ParseError> {
        Code::parse_with(s, &Policy::default())
    }

    /// Parses canonical text (no normalization) under `policy`. No allocation when valid.
    ///
    /// ```
    /// use uscc::{Code, Kind, Policy};
    /// let err = Code::parse_with("91350203M0001QKT19", &Policy::assessment()).unwrap_err();
    /// assert_eq!(err.kind(), Kind::PilotCode);
    /// ```
    pub fn parse_with(s: &str, policy: &Policy) -> Result<Code, ParseError> {
        if crate::diagnose::fast_valid(s.as_bytes(), policy) {
            return Ok(Code::from_checked(s.as_bytes()));
        }
        let mut findings = Vec::new();
        if s.len() > crate::MAX_INPUT_LEN {
            let f = crate::Finding::new(crate::Kind::InputTooLong, crate::Severity::Error)
                .arg(s.len() as u32);
            return Err(ParseError { finding: f });
        }
        crate::diagnose::check_text(s, policy, &mut findings);
        match findings.into_iter().find(|f| f.is_error()) {
            Some(finding) => Err(ParseError { finding }),
            // No error means 18 alphabet characters, so 18 bytes.
            None => Ok(Code::from_checked(s.as_bytes())),
        }
    }

    /// The 18 characters.
    ///
    /// ```
    /// let c = uscc::Code::parse("91110108551385082Q").unwrap();
    /// assert_eq!(c.as_str(), "91110108551385082Q");
    /// ```
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.0).expect("a Code holds ASCII")
    }

    /// The 18 bytes.
    ///
    /// ```
    /// let c = uscc::Code::parse("91110108551385082Q").unwrap();
    /// assert_eq!(c.as_bytes()[17], b'Q');
    /// ```
    pub fn as_bytes(&self) -> &[u8; 18] {
        &self.0
    }

    /// 登记管理部门 (position 1).
    ///
    /// ```
    /// let c = uscc::Code::parse("71310106424845496E").unwrap();
    /// assert_eq!(c.department(), uscc::Department::Religion);
    /// ```
    pub fn department(&self) -> Department {
        Department::from_byte(self.0[0]).expect("a Code has a valid department")
    }

    /// 机构类别 (position 2), in pair with the department.
    ///
    /// ```
    /// let c = uscc::Code::parse("71310106424845496E").unwrap();
    /// assert_eq!(c.category().name_zh(), "宗教活动场所");
    /// ```
    pub fn category(&self) -> Category {
        self.department()
            .category_byte(self.0[1])
            .expect("a Code has a valid pair")
    }

    /// 登记管理机关行政区划码 (positions 3–8) as text.
    ///
    /// ```
    /// let c = uscc::Code::parse("91110108551385082Q").unwrap();
    /// assert_eq!(c.region_code(), "110108");
    /// ```
    pub fn region_code(&self) -> &str {
        &self.as_str()[2..8]
    }

    /// The region code as a number.
    ///
    /// ```
    /// let c = uscc::Code::parse("91110108551385082Q").unwrap();
    /// assert_eq!(c.region_number(), 110108);
    /// ```
    pub fn region_number(&self) -> u32 {
        region::parse6(&self.0[2..8]).expect("a Code has a six-digit region")
    }

    /// The region with its history, when the code is in the region table.
    ///
    /// ```
    /// let c = uscc::Code::parse("91110108551385082Q").unwrap();
    /// assert_eq!(c.region().unwrap().name(), "海淀区");
    /// ```
    pub fn region(&self) -> Option<Region> {
        region::lookup(self.region_number())
    }

    /// 主体标识码 (positions 9–17): the embedded organization code, check char included.
    ///
    /// ```
    /// let c = uscc::Code::parse("91110108551385082Q").unwrap();
    /// assert_eq!(c.subject_identifier(), "551385082");
    /// ```
    pub fn subject_identifier(&self) -> &str {
        &self.as_str()[8..17]
    }

    /// The embedded organization code in its stand-alone form `XXXXXXXX-X`.
    ///
    /// ```
    /// let c = uscc::Code::parse("91110108551385082Q").unwrap();
    /// assert_eq!(c.organization_code(), "55138508-2");
    /// ```
    pub fn organization_code(&self) -> String {
        format!("{}-{}", &self.as_str()[8..16], self.0[16] as char)
    }

    /// 校验码 (position 18).
    ///
    /// ```
    /// let c = uscc::Code::parse("91110108551385082Q").unwrap();
    /// assert_eq!(c.check_char(), 'Q');
    /// ```
    pub fn check_char(&self) -> char {
        self.0[17] as char
    }

    /// Whether positions 9–17 pass GB 11714 (a few real codes do not; see [`Policy`]).
    ///
    /// ```
    /// assert!(uscc::Code::parse("91110108551385082Q").unwrap().org_check_ok());
    /// ```
    pub fn org_check_ok(&self) -> bool {
        crate::checksum::org_check_byte(&self.0[8..16]) == Some(self.0[16])
    }

    /// Builds a code from its parts (存量机构代码向统一社会信用代码转换): department, category,
    /// region and a 9-character organization code (with or without its hyphen); computes
    /// position 18 and checks every rule under the default policy.
    ///
    /// ```
    /// use uscc::{Code, Department};
    /// let c = Code::build(Department::MarketRegulation, '1', "350100", "M000100Y-4")?;
    /// assert_eq!(c.as_str(), "91350100M000100Y43");
    /// assert!(Code::build(Department::Other, '2', "350100", "M000100Y4").is_err()); // Y allows only 1
    /// # Ok::<(), uscc::BuildError>(())
    /// ```
    pub fn build(
        department: Department,
        category: char,
        region: &str,
        org_code: &str,
    ) -> Result<Code, crate::BuildError> {
        crate::builder::build_with(department, category, region, org_code, &Policy::default())
    }

    /// What the code encodes, with names, ready to print or serialize.
    ///
    /// ```
    /// let p = uscc::Code::parse("91110108551385082Q").unwrap().parts();
    /// assert_eq!(p.department_zh, "工商");
    /// assert_eq!(p.region_names, ["北京市", "海淀区"]);
    /// ```
    pub fn parts(&self) -> Parts {
        let d = self.department();
        let k = self.category();
        let r = self.region();
        Parts {
            department: d.as_char(),
            department_zh: d.name_zh(),
            department_en: d.name_en(),
            category: k.as_char(),
            category_zh: k.name_zh(),
            category_en: k.name_en(),
            region: self.region_code().to_string(),
            region_name: r.map(|r| r.chain().to_string()),
            region_names: r.map(|r| r.chain().iter().collect()).unwrap_or_default(),
            region_periods: r
                .map(|r| r.periods().map(|p| p.to_string()).collect())
                .unwrap_or_default(),
            region_current: r.map(|r| r.is_current()),
            subject_identifier: self.subject_identifier().to_string(),
            check_char: self.check_char(),
        }
    }
}

/// What a code encodes, with names — the `parts` object every binding prints.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Parts {
    /// Position 1.
    pub department: char,
    /// 登记管理部门.
    pub department_zh: &'static str,
    /// Department in English.
    pub department_en: &'static str,
    /// Position 2.
    pub category: char,
    /// 机构类别.
    pub category_zh: &'static str,
    /// Category in English.
    pub category_en: &'static str,
    /// Positions 3–8.
    pub region: String,
    /// 登记管理机关所在地: the name chain joined by spaces, when known.
    pub region_name: Option<String>,
    /// The name chain, province first.
    pub region_names: Vec<&'static str>,
    /// Years the region code was valid (`1997–2019`, `2019–`).
    pub region_periods: Vec<String>,
    /// Whether the region code is in the current list (`None` when unknown).
    pub region_current: Option<bool>,
    /// Positions 9–17.
    pub subject_identifier: String,
    /// Position 18.
    pub check_char: char,
}

impl FromStr for Code {
    type Err = ParseError;
    /// Same as [`Code::parse`].
    fn from_str(s: &str) -> Result<Code, ParseError> {
        Code::parse(s)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Code({})", self.as_str())
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<[u8]> for Code {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl TryFrom<&str> for Code {
    type Error = ParseError;
    fn try_from(s: &str) -> Result<Code, ParseError> {
        Code::parse(s)
    }
}

impl From<Code> for String {
    fn from(c: Code) -> String {
        c.as_str().to_string()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Reads back every code a [`Code`] can hold — whatever policy it was validated under — so a
/// serialized `Code` always deserializes to itself: the most lenient policy (regions only six
/// digits, GB 11714 off, issued anomalies accepted). What no policy accepts (a wrong check
/// char, an impossible department/category pair …) is refused. Validate under your own
/// policy after reading, if you need it.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Code;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an 18-character unified social credit code")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Code, E> {
                let any = Policy::default()
                    .with_regions(crate::RegionRule::Ignore)
                    .with_org_check(crate::RuleLevel::Off);
                Code::parse_with(v, &any).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}
