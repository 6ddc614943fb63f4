//! Errors that stop a command, and the exit statuses of the contract.

use std::fmt;

use crate::lang::Lang;

/// Exit statuses (issue 5): scripts depend on them.
pub mod exit {
    /// Everything valid / scan done under the threshold.
    pub const OK: u8 = 0;
    /// `check`: at least one input is not a valid code.
    pub const INVALID: u8 = 1;
    /// Usage error, I/O error or unusable input.
    pub const USAGE: u8 = 2;
    /// `scan --fail-above`: the overall rate is above the threshold.
    pub const RATE: u8 = 3;
}

/// A problem that makes a command stop with exit status 2, said in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    zh: String,
    en: String,
}

impl CliError {
    /// A message in Chinese and English.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> CliError {
        CliError {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// An I/O error on a path.
    pub fn io(
        action_zh: &str,
        action_en: &str,
        path: &std::path::Path,
        e: &std::io::Error,
    ) -> CliError {
        let p = path.display();
        CliError::new(
            format!("{action_zh} {p} 失败：{}", io_zh(e)),
            format!("cannot {action_en} {p}: {e}"),
        )
    }

    /// The message in a language.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for CliError {}

/// The usual I/O errors in Chinese.
fn io_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件不存在".into(),
        K::PermissionDenied => "没有权限".into(),
        K::AlreadyExists => "已存在".into(),
        K::InvalidData => format!("数据无效（{e}）"),
        _ => e.to_string(),
    }
}

pub type Result<T> = std::result::Result<T, CliError>;
