//! `uscc region CODE`: what a region code (positions 3–8) is, with its history.

use std::fmt::Write as _;

use serde_json::json;
use uscc::region::{self, Region, RegionKind, RegionLevel};

use crate::args::RegionArgs;
use crate::error::{exit, CliError, Result};
use crate::lang::Lang;

pub fn run(args: &RegionArgs) -> Result<u8> {
    let code = six_digits(&args.code).ok_or_else(|| {
        CliError::new(
            format!(
                "“{}”不是六位行政区划代码，也不是统一社会信用代码",
                args.code
            ),
            format!(
                "{:?} is neither a six-digit region code nor a credit code",
                args.code
            ),
        )
    })?;
    let found = region::lookup(code);
    let text = if args.json {
        json_of(code, found).to_string() + "\n"
    } else {
        human(code, found, args.lang)
    };
    print!("{text}");
    Ok(if found.is_some() {
        exit::OK
    } else {
        exit::INVALID
    })
}

/// Six digits, or positions 3–8 of something that normalizes to 18 characters.
fn six_digits(s: &str) -> Option<u32> {
    let t: String = s.trim().chars().filter(|c| !c.is_whitespace()).collect();
    let t = if t.len() == 6 {
        t
    } else {
        let n = uscc::normalize(s).ok()?.text.into_owned();
        if n.len() != 18 {
            return None;
        }
        n[2..8].to_string()
    };
    if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        t.parse().ok()
    } else {
        None
    }
}

fn level_name(l: RegionLevel, lang: Lang) -> &'static str {
    match l {
        RegionLevel::National => lang.t("国家级", "national"),
        RegionLevel::Province => lang.t("省级", "province"),
        RegionLevel::Prefecture => lang.t("地级", "prefecture"),
        RegionLevel::County => lang.t("县级", "county"),
    }
}

fn kind_name(k: RegionKind, lang: Lang) -> &'static str {
    match k {
        RegionKind::Gb2260 => lang.t("GB/T 2260 行政区划代码", "GB/T 2260 region code"),
        RegionKind::Placeholder => lang.t(
            "GB/T 2260 占位代码（如“市辖区”）",
            "GB/T 2260 placeholder (e.g. 市辖区)",
        ),
        RegionKind::StatisticsOnly => lang.t(
            "仅见于统计用区划代码（如开发区）",
            "statistics-only code (e.g. a development zone)",
        ),
        RegionKind::Special => lang.t(
            "特殊登记管理机关代码（不在 GB/T 2260 中）",
            "special registration-authority code (outside GB/T 2260)",
        ),
        #[allow(unreachable_patterns)]
        _ => lang.t("其他", "other"),
    }
}

fn human(code: u32, r: Option<Region>, lang: Lang) -> String {
    let t = |zh: &'static str, en: &'static str| lang.t(zh, en);
    let mut s = String::new();
    let Some(r) = r else {
        let pp = code / 10_000;
        let _ = writeln!(
            s,
            "{code:06}  {}",
            t(
                "不在行政区划表中（任何年份都没有这个代码）",
                "not in the region table (no year has this code)"
            )
        );
        match region::lookup(pp * 10_000) {
            Some(p) if region::province_exists(pp) => {
                let _ = writeln!(
                    s,
                    "  {}{} {}",
                    t("省级代码存在：", "the province exists: "),
                    pp * 10_000,
                    p.name()
                );
                let _ = writeln!(
                    s,
                    "  {}",
                    t(
                        "信用代码中出现时：宽松口径为警告，严格口径（--strict-regions）为错误",
                        "in a credit code: a warning by default, an error with --strict-regions"
                    )
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    "  {}",
                    t(
                        "省级代码不存在：信用代码中出现时为错误",
                        "no such province: an error in a credit code"
                    )
                );
            }
        }
        return s;
    };
    let chain = r.chain().to_string();
    let _ = writeln!(
        s,
        "{code:06}  {}",
        if chain.is_empty() {
            r.name().to_string()
        } else {
            chain
        }
    );
    let sep = t("：", ": ");
    let _ = writeln!(s, "  {}{sep}{}", t("名称", "name"), r.name());
    let _ = writeln!(
        s,
        "  {}{sep}{}",
        t("级别", "level"),
        level_name(r.level(), lang)
    );
    let _ = writeln!(
        s,
        "  {}{sep}{}",
        t("来源", "source"),
        kind_name(r.kind(), lang)
    );
    if let Some(p) = r.parent() {
        let _ = writeln!(
            s,
            "  {}{sep}{} {}",
            t("上级", "parent"),
            p.code(),
            p.chain()
        );
    }
    let periods: Vec<String> = r.periods().map(|p| p.to_string()).collect();
    let state = match r.abolished() {
        Some(y) => match lang {
            Lang::Zh => format!("（{y} 年撤销；已发放的信用代码终身不变，仍然有效）"),
            Lang::En => format!(" (abolished in {y}; codes issued with it stay valid for life)"),
        },
        None => t("（现行）", " (current)").to_string(),
    };
    let _ = writeln!(
        s,
        "  {}{sep}{}{state}",
        t("有效年份", "valid"),
        periods.join(", ")
    );
    let names: Vec<String> = r.names().map(|n| n.to_string()).collect();
    if names.len() > 1 {
        let _ = writeln!(s, "  {}{sep}{}", t("名称沿革", "names"), names.join(" → "));
    }
    if let Some(n) = r.note() {
        let _ = writeln!(s, "  {}{sep}{n}", t("说明", "note"));
    }
    let children: Vec<Region> = match r.level() {
        RegionLevel::Province => region::in_province(code / 10_000)
            .filter(|c| c.level() == RegionLevel::Prefecture)
            .collect(),
        RegionLevel::Prefecture => region::in_prefecture(code / 100)
            .filter(|c| c.code() != code)
            .collect(),
        _ => Vec::new(),
    };
    if !children.is_empty() {
        let _ = writeln!(s, "  {}（{}）{sep}", t("下级", "below"), children.len());
        for c in children.iter().take(60) {
            let state = match c.abolished() {
                Some(y) => match lang {
                    Lang::Zh => format!("  {y} 年撤销"),
                    Lang::En => format!("  abolished {y}"),
                },
                None => String::new(),
            };
            let _ = writeln!(s, "    {} {}{state}", c.code(), c.name());
        }
        if children.len() > 60 {
            let _ = writeln!(s, "    …");
        }
    }
    s
}

fn json_of(code: u32, r: Option<Region>) -> serde_json::Value {
    let Some(r) = r else {
        let pp = code / 10_000;
        return json!({ "code": format!("{code:06}"), "known": false, "province_exists": region::province_exists(pp) });
    };
    let c = r.chain();
    json!({
        "code": format!("{code:06}"),
        "known": true,
        "name": r.name(),
        "names": r.names().map(|n| json!({"name": n.name, "start": n.period.start, "end": n.period.end})).collect::<Vec<_>>(),
        "level": level_name(r.level(), Lang::En),
        "kind": serde_json::to_value(r.kind()).unwrap_or_default(),
        "chain": { "province": c.province, "prefecture": c.prefecture, "county": c.county },
        "region_name": c.to_string(),
        "periods": r.periods().map(|p| json!({"start": p.start, "end": p.end})).collect::<Vec<_>>(),
        "current": r.is_current(),
        "abolished": r.abolished(),
        "note": r.note(),
        "parent": r.parent().map(|p| format!("{:06}", p.code())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(six_digits("371523"), Some(371523));
        assert_eq!(six_digits("91371523MA3C1234X1"), Some(371523));
        assert_eq!(six_digits("abc"), None);
        assert_eq!(six_digits("37152"), None);
    }
}
