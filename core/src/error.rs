//! Error types. Each carries what went wrong, where, and what was expected.

use crate::{Diagnosis, Finding, Kind};

/// Why text did not parse as a [`crate::Code`]: the first error finding.
///
/// ```
/// let e = "91110108551385082R".parse::<uscc::Code>().unwrap_err();
/// assert_eq!(e.kind(), uscc::Kind::CheckCharMismatch);
/// assert_eq!((e.position(), e.expected()), (Some(18), Some('Q')));
/// assert_eq!(e.to_string(), "position 18: check char should be Q, found R");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", finding.message_en())]
pub struct ParseError {
    /// The first error.
    pub finding: Finding,
}

impl ParseError {
    /// The kind of the first error.
    ///
    /// ```
    /// assert_eq!("".parse::<uscc::Code>().unwrap_err().kind(), uscc::Kind::Empty);
    /// ```
    pub fn kind(&self) -> Kind {
        self.finding.kind
    }
    /// Its 1-based position, where there is one.
    ///
    /// ```
    /// assert_eq!("B1350100M000100Y43".parse::<uscc::Code>().unwrap_err().position(), Some(1));
    /// ```
    pub fn position(&self) -> Option<u32> {
        self.finding.position
    }
    /// The character expected at that position, where it is known.
    ///
    /// ```
    /// assert_eq!("91350100M000100Y4O".parse::<uscc::Code>().unwrap_err().expected(), Some('0'));
    /// ```
    pub fn expected(&self) -> Option<char> {
        self.finding.expected
    }
}

/// Why an input is not a valid code: the whole diagnosis, first error on top.
///
/// ```
/// let e = uscc::validate("91110108551385082R").unwrap_err();
/// assert_eq!(e.kind(), uscc::Kind::CheckCharMismatch);
/// assert_eq!(e.message_zh(), "第18位校验码应为 Q，实为 R");
/// assert_eq!(e.diagnosis.findings.len(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.first().message_en())]
pub struct Invalid {
    /// Every finding, errors first.
    pub diagnosis: Diagnosis,
}

impl Invalid {
    fn first(&self) -> &Finding {
        self.diagnosis
            .first_error()
            .expect("an invalid diagnosis has an error")
    }
    /// The first error.
    ///
    /// ```
    /// assert_eq!(uscc::validate("").unwrap_err().finding().kind, uscc::Kind::Empty);
    /// ```
    pub fn finding(&self) -> &Finding {
        self.first()
    }
    /// The kind of the first error.
    ///
    /// ```
    /// assert_eq!(uscc::validate("123").unwrap_err().kind(), uscc::Kind::TooShort);
    /// ```
    pub fn kind(&self) -> Kind {
        self.first().kind
    }
    /// The position of the first error.
    ///
    /// ```
    /// assert_eq!(uscc::validate("91110108551385082R").unwrap_err().position(), Some(18));
    /// ```
    pub fn position(&self) -> Option<u32> {
        self.first().position
    }
    /// The expected character of the first error.
    ///
    /// ```
    /// assert_eq!(uscc::validate("91110108551385082R").unwrap_err().expected(), Some('Q'));
    /// ```
    pub fn expected(&self) -> Option<char> {
        self.first().expected
    }
    /// The first error's message in Chinese.
    ///
    /// ```
    /// assert_eq!(uscc::validate("").unwrap_err().message_zh(), "代码为空");
    /// ```
    pub fn message_zh(&self) -> String {
        self.first().message_zh()
    }
    /// The first error's message in English.
    ///
    /// ```
    /// assert_eq!(uscc::validate("").unwrap_err().message_en(), "the code is empty");
    /// ```
    pub fn message_en(&self) -> String {
        self.first().message_en()
    }
}

/// Why a code (or a check char) could not be built from parts.
///
/// ```
/// use uscc::BuildError;
/// assert_eq!(uscc::check_char("123"), Err(BuildError::Length { expected: 17, found: 3 }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// A part has the wrong number of characters.
    #[error("expected {expected} characters, found {found}")]
    Length {
        /// Characters required.
        expected: usize,
        /// Characters given.
        found: usize,
    },
    /// A character is not allowed at this (1-based) position of the part.
    #[error("position {position}: {found:?} is not allowed here")]
    Char {
        /// 1-based position within the part.
        position: usize,
        /// The character found.
        found: char,
    },
    /// The organization code's own check char (GB 11714) is wrong.
    #[error("the organization code's check char should be {expected}, found {found}")]
    OrgCheck {
        /// The correct check char.
        expected: char,
        /// The check char given.
        found: char,
    },
    /// The assembled code breaks a rule (department/category pair, region …).
    #[error("{0}")]
    Invalid(Box<Invalid>),
}

impl BuildError {
    /// The message for a clerk, in Chinese (the English one is `Display`).
    ///
    /// ```
    /// let e = uscc::check_char("9135").unwrap_err();
    /// assert_eq!(e.message_zh(), "应为 17 位，实为 4 位");
    /// assert_eq!(e.to_string(), "expected 17 characters, found 4");
    /// ```
    pub fn message_zh(&self) -> String {
        match self {
            BuildError::Length { expected, found } => {
                format!("应为 {expected} 位，实为 {found} 位")
            }
            BuildError::Char { position, found } => format!("第{position}位“{found}”在此处不允许"),
            BuildError::OrgCheck { expected, found } => {
                format!("组织机构代码校验码应为 {expected}，实为 {found}")
            }
            BuildError::Invalid(e) => e.message_zh(),
        }
    }
}
