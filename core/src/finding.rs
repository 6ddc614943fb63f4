//! Findings: one fact about an input, with a stable kind, a severity, a position and messages
//! for a clerk (Chinese) and a developer (English).

use core::fmt;

/// How much a finding matters.
///
/// ```
/// use uscc::Severity;
/// assert!(Severity::Error < Severity::Warning); // errors sort first
/// assert_eq!(Severity::Warning.as_str(), "warning");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Severity {
    /// The input is not a valid code.
    Error,
    /// The code is accepted, but something is unusual (a pilot code, an unknown region …).
    Warning,
    /// Worth knowing: formatting was normalized, the region was abolished since issue …
    Info,
}

impl Severity {
    /// `"error"`, `"warning"` or `"info"`.
    ///
    /// ```
    /// assert_eq!(uscc::Severity::Info.as_str(), "info");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, )*) => {
        /// What a finding is about. The snake_case names ([`Kind::as_str`]) are stable: reports,
        /// JSON output and the bindings use them.
        ///
        /// ```
        /// use uscc::Kind;
        /// assert_eq!(Kind::CheckCharMismatch.as_str(), "check_char_mismatch");
        /// assert_eq!("citizen_id".parse::<Kind>(), Ok(Kind::CitizenId));
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
        #[non_exhaustive]
        pub enum Kind {
            $( $(#[$doc])* $variant, )*
        }

        impl Kind {
            /// Every kind, in declaration order.
            ///
            /// ```
            /// assert!(uscc::Kind::ALL.contains(&uscc::Kind::PilotCode));
            /// ```
            pub const ALL: &'static [Kind] = &[ $( Kind::$variant, )* ];

            /// The stable snake_case name.
            ///
            /// ```
            /// assert_eq!(uscc::Kind::Empty.as_str(), "empty");
            /// ```
            pub fn as_str(self) -> &'static str {
                match self { $( Kind::$variant => $name, )* }
            }
        }

        impl core::str::FromStr for Kind {
            type Err = UnknownKind;
            fn from_str(s: &str) -> Result<Kind, UnknownKind> {
                match s { $( $name => Ok(Kind::$variant), )* _ => Err(UnknownKind) }
            }
        }
    };
}

kinds! {
    /// Nothing left after normalization.
    Empty = "empty",
    /// Longer than [`crate::MAX_INPUT_LEN`] bytes: rejected without being examined.
    InputTooLong = "input_too_long",
    /// Fewer than 18 characters.
    TooShort = "too_short",
    /// More than 18 characters.
    TooLong = "too_long",
    /// A character outside the code alphabet.
    InvalidChar = "invalid_char",
    /// One of the letters I, O, S, V, Z, never used; `expected` holds its usual look-alike.
    ExcludedLetter = "excluded_letter",
    /// Position 1 is not a registration department (登记管理部门).
    InvalidDepartment = "invalid_department",
    /// Position 2 is not a category (机构类别) of the department at position 1.
    InvalidCategory = "invalid_category",
    /// Positions 3–8 are not digits, or name a province that does not exist.
    InvalidRegion = "invalid_region",
    /// Positions 3–8 are not a region code of any year (the province exists).
    UnknownRegion = "unknown_region",
    /// The region code did not exist in the policy's issue year.
    RegionNotInYear = "region_not_in_year",
    /// The region code has been abolished since (codes are for life: fine).
    AbolishedRegion = "abolished_region",
    /// A registration-authority code outside GB/T 2260 that real codes use.
    SpecialRegion = "special_region",
    /// Position 17 is not the GB 11714 check char of positions 9–16.
    OrgCheckMismatch = "org_check_mismatch",
    /// Position 18 is not the GB 32100 check char of positions 1–17.
    CheckCharMismatch = "check_char_mismatch",
    /// A Fujian pilot code issued before the standard: position 18 breaks the rule, but the code is real.
    PilotCode = "pilot_code",
    /// Position 18 is `Y` where the rule gives `1`: a systematic slip in some Chengdu and Hubei codes.
    CheckCharYFor1 = "check_char_y_for_1",
    /// The field holds an 18-digit citizen ID number (公民身份号码).
    CitizenId = "citizen_id",
    /// The field holds a 15-digit business registration number (工商注册号).
    RegistrationNumber = "registration_number",
    /// The field holds a 9-character organization code (组织机构代码).
    OrganizationCode = "organization_code",
    /// A spreadsheet stored the code as a number and lost the digits after the 15th.
    SpreadsheetTruncated = "spreadsheet_truncated",
    /// A spreadsheet turned the code into scientific notation (`9.13701E+17`).
    ScientificNotation = "scientific_notation",
    /// A label such as `统一社会信用代码：` was removed.
    NormalizedLabel = "normalized_label",
    /// Quotes or a spreadsheet text marker (`'`, `="…"`) were removed.
    NormalizedQuote = "normalized_quote",
    /// Zero-width or bidirectional control characters were removed.
    NormalizedInvisible = "normalized_invisible",
    /// Full-width characters were converted to half-width.
    NormalizedFullwidth = "normalized_fullwidth",
    /// Spaces (including U+3000 and tabs) were removed.
    NormalizedWhitespace = "normalized_whitespace",
    /// Hyphens or dashes were removed.
    NormalizedHyphen = "normalized_hyphen",
    /// Lower-case letters were upper-cased.
    NormalizedLowercase = "normalized_lowercase",
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing an unknown kind name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown finding kind")]
pub struct UnknownKind;

/// Language of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// 中文 — for clerks and end users.
    #[default]
    Zh,
    /// English — for developers and logs.
    En,
}

/// One fact about an input: what, how bad, where, and what was expected.
///
/// Cheap to copy; the messages are rendered on demand.
///
/// ```
/// let d = uscc::diagnose("91110108551385082R");
/// let f = d.first_error().unwrap();
/// assert_eq!(f.kind, uscc::Kind::CheckCharMismatch);
/// assert_eq!((f.position, f.expected, f.found), (Some(18), Some('Q'), Some('R')));
/// assert_eq!(f.message_zh(), "第18位校验码应为 Q，实为 R");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Finding {
    /// What the finding is about.
    pub kind: Kind,
    /// How much it matters under the policy used.
    pub severity: Severity,
    /// 1-based character position in the normalized text, where there is one.
    pub position: Option<u32>,
    /// The character that belongs at `position`, where it is known.
    pub expected: Option<char>,
    /// The character found at `position`.
    pub found: Option<char>,
    /// Kind-specific number for the message (a length, a region code, a count …).
    pub(crate) arg: u32,
    /// Second kind-specific number (a year).
    pub(crate) arg2: u32,
}

impl Finding {
    pub(crate) const fn new(kind: Kind, severity: Severity) -> Finding {
        Finding {
            kind,
            severity,
            position: None,
            expected: None,
            found: None,
            arg: 0,
            arg2: 0,
        }
    }
    pub(crate) fn at(mut self, position: usize) -> Finding {
        self.position = Some(position as u32);
        self
    }
    pub(crate) fn expected(mut self, c: impl Into<Option<char>>) -> Finding {
        self.expected = c.into();
        self
    }
    pub(crate) fn found(mut self, c: char) -> Finding {
        self.found = Some(c);
        self
    }
    pub(crate) fn arg(mut self, a: u32) -> Finding {
        self.arg = a;
        self
    }
    pub(crate) fn arg2(mut self, a: u32) -> Finding {
        self.arg2 = a;
        self
    }

    /// Whether this finding makes the input invalid.
    ///
    /// ```
    /// assert!(uscc::diagnose("").findings[0].is_error());
    /// ```
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message in the given language.
    ///
    /// ```
    /// let d = uscc::diagnose("91350100M000100Y4");
    /// assert_eq!(d.findings[0].message(uscc::Lang::En), "17 characters; 18 are required (1 missing)");
    /// ```
    pub fn message(&self, lang: Lang) -> String {
        crate::message::render(self, lang)
    }

    /// The message for a clerk, in Chinese.
    ///
    /// ```
    /// assert_eq!(uscc::diagnose("").findings[0].message_zh(), "代码为空");
    /// ```
    pub fn message_zh(&self) -> String {
        self.message(Lang::Zh)
    }

    /// The message for a developer, in English.
    ///
    /// ```
    /// assert_eq!(uscc::diagnose("").findings[0].message_en(), "the code is empty");
    /// ```
    pub fn message_en(&self) -> String {
        self.message(Lang::En)
    }
}

impl fmt::Display for Finding {
    /// `kind: English message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message_en())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Finding {
    /// `{kind, severity, position, expected, found, message_zh, message_en}` — the shape every
    /// binding prints.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Finding", 7)?;
        st.serialize_field("kind", self.kind.as_str())?;
        st.serialize_field("severity", self.severity.as_str())?;
        st.serialize_field("position", &self.position)?;
        st.serialize_field("expected", &self.expected)?;
        st.serialize_field("found", &self.found)?;
        st.serialize_field("message_zh", &self.message_zh())?;
        st.serialize_field("message_en", &self.message_en())?;
        st.end()
    }
}
