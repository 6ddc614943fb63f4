//! Output language and the few labels the CLI prints itself (every message about a code comes
//! from `uscc`).

use uscc::scan::SkipReason;
use uscc::Kind;

/// Language of everything printed or written for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// 中文 (default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The library's language.
    pub fn core(self) -> uscc::Lang {
        match self {
            Lang::Zh => uscc::Lang::Zh,
            Lang::En => uscc::Lang::En,
        }
    }

    /// Picks the text of this language.
    pub fn t<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// Whether this is Chinese.
    pub fn zh(self) -> bool {
        self == Lang::Zh
    }
}

/// A short name for a finding kind, for tables and charts.
// TODO(core): a `Kind::label(Lang)` in `uscc` would keep these next to the messages.
pub fn kind_label(kind: Kind, lang: Lang) -> &'static str {
    let (zh, en) = match kind {
        Kind::Empty => ("代码为空", "empty"),
        Kind::InputTooLong => ("内容过长", "input too long"),
        Kind::TooShort => ("位数不足", "too short"),
        Kind::TooLong => ("位数过多", "too long"),
        Kind::InvalidChar => ("含非法字符", "invalid character"),
        Kind::ExcludedLetter => ("含不用字母 I/O/S/V/Z", "excluded letter I/O/S/V/Z"),
        Kind::InvalidDepartment => ("登记管理部门代码错误", "invalid department"),
        Kind::InvalidCategory => ("机构类别代码错误", "invalid category"),
        Kind::InvalidRegion => ("行政区划码错误", "invalid region"),
        Kind::UnknownRegion => ("行政区划码不存在", "unknown region"),
        Kind::RegionNotInYear => ("行政区划码当年不存在", "region not valid in issue year"),
        Kind::AbolishedRegion => ("行政区划已撤销", "abolished region"),
        Kind::SpecialRegion => ("特殊登记机关代码", "special region code"),
        Kind::OrgCheckMismatch => ("主体标识码校验位错误", "organization code check mismatch"),
        Kind::CheckCharMismatch => ("第18位校验码错误", "check character mismatch"),
        Kind::PilotCode => ("福建试点代码", "Fujian pilot code"),
        Kind::CheckCharYFor1 => ("校验码 Y 误作 1", "check char Y for 1"),
        Kind::CitizenId => ("填入了身份证号", "citizen ID number"),
        Kind::RegistrationNumber => ("填入了工商注册号", "registration number"),
        Kind::OrganizationCode => ("填入了组织机构代码", "organization code"),
        Kind::SpreadsheetTruncated => ("被表格软件截断", "truncated by a spreadsheet"),
        Kind::ScientificNotation => ("被表格软件转成科学计数法", "scientific notation"),
        Kind::NormalizedLabel => ("去掉了标签", "label removed"),
        Kind::NormalizedQuote => ("去掉了引号", "quotes removed"),
        Kind::NormalizedInvisible => ("去掉了不可见字符", "invisible characters removed"),
        Kind::NormalizedFullwidth => ("全角转半角", "full-width converted"),
        Kind::NormalizedWhitespace => ("去掉了空格", "whitespace removed"),
        Kind::NormalizedHyphen => ("去掉了连字符", "hyphens removed"),
        Kind::NormalizedLowercase => ("小写转大写", "lower case converted"),
        _ => return fallback(kind),
    };
    lang.t(zh, en)
}

fn fallback(kind: Kind) -> &'static str {
    kind.as_str()
}

/// The stable name of a skip reason (`missing_code_column`, `unreadable`).
pub fn skip_name(reason: SkipReason) -> &'static str {
    match reason {
        SkipReason::MissingCodeColumn => "missing_code_column",
        SkipReason::Unreadable => "unreadable",
        _ => "skipped",
    }
}

/// Why a row was skipped, for people.
pub fn skip_label(reason: SkipReason, lang: Lang) -> &'static str {
    match reason {
        SkipReason::MissingCodeColumn => lang.t(
            "该行缺少信用代码列（列数不足）",
            "the row has no code column (too few fields)",
        ),
        SkipReason::Unreadable => lang.t(
            "该行无法读取（过长或格式损坏）",
            "the row could not be read (too long or broken)",
        ),
        _ => lang.t("未检查", "not examined"),
    }
}
