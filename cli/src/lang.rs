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
pub fn kind_label(kind: Kind, lang: Lang) -> &'static str {
    kind.label(lang.core())
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
