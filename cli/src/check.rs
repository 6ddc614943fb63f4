//! `uscc check`: one verdict per input, for people or as JSON lines.

use std::io::{self, BufRead, Write};

use uscc::{Severity, Verdict};

use crate::args::{CheckArgs, Preset};
use crate::error::{exit, CliError, Result};
use crate::lang::Lang;

/// Longest stdin line kept; the rest of a longer line is read and dropped (the core rejects
/// anything over `uscc::MAX_INPUT_LEN` bytes unexamined anyway).
const MAX_LINE: usize = 4 * uscc::MAX_INPUT_LEN;

pub fn run(args: &CheckArgs) -> Result<u8> {
    let policy = args.policy.policy(Preset::Counter);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut all_valid = true;
    let mut emit = |input: &str, out: &mut dyn Write| -> Result<()> {
        let v = policy.check(input);
        all_valid &= v.valid;
        let r = if args.json {
            write_json(out, &v)
        } else {
            write_human(out, &v, args.lang)
        };
        r.map_err(|e| {
            CliError::new(
                format!("写出结果失败：{e}"),
                format!("cannot write output: {e}"),
            )
        })
    };
    if args.codes.is_empty() {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        let mut line = Vec::new();
        while read_line_capped(&mut input, &mut line, MAX_LINE).map_err(|e| {
            CliError::new(
                format!("读取标准输入失败：{e}"),
                format!("cannot read standard input: {e}"),
            )
        })? {
            emit(&decode_line(&line), &mut out)?;
        }
    } else {
        for code in &args.codes {
            emit(code, &mut out)?;
        }
    }
    out.flush().ok();
    Ok(if all_valid { exit::OK } else { exit::INVALID })
}

/// Reads one line (without its `\n` / `\r\n`) into `buf`, keeping at most `cap` bytes.
/// Returns false at end of input. A last line without `\n` is a line; an empty input has none.
pub fn read_line_capped(r: &mut impl BufRead, buf: &mut Vec<u8>, cap: usize) -> io::Result<bool> {
    buf.clear();
    let mut any = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match memchr::memchr(b'\n', avail) {
            Some(i) => (&avail[..i], Some(i + 1)),
            None => (avail, None),
        };
        let room = cap.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = done.unwrap_or(avail.len());
        r.consume(used);
        if done.is_some() {
            break;
        }
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(any)
}

/// UTF-8 when it is, else GB18030 (a Chinese Windows console or a GBK file piped in).
pub fn decode_line(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(s) => s.to_string(),
        Err(e)
            if e.error_len().is_none() && e.valid_up_to() + 4 > b.len() && b.len() >= MAX_LINE =>
        {
            // Cut in the middle of a character by the line cap.
            String::from_utf8_lossy(&b[..e.valid_up_to()]).into_owned()
        }
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(b)
            .0
            .into_owned(),
    }
}

fn write_json(out: &mut dyn Write, v: &Verdict) -> io::Result<()> {
    serde_json::to_writer(&mut *out, v)?;
    out.write_all(b"\n")
}

fn write_human(out: &mut dyn Write, v: &Verdict, lang: Lang) -> io::Result<()> {
    let shown = if v.input.chars().count() > 80 {
        format!("{}…", v.input.chars().take(80).collect::<String>())
    } else {
        v.input.clone()
    };
    let verdict = if v.valid {
        lang.t("✓ 有效", "✓ valid")
    } else {
        lang.t("✗ 无效", "✗ invalid")
    };
    writeln!(out, "{shown}  {verdict}")?;
    if let Some(n) = &v.normalized {
        if n != &v.input && !n.is_empty() {
            writeln!(out, "  {} {n}", lang.t("规范化为：", "normalized:"))?;
        }
        // A caret under the first error with a position.
        if let Some(f) = v
            .findings
            .iter()
            .find(|f| f.is_error() && f.position.is_some())
        {
            let p = f.position.unwrap_or(1) as usize;
            let len = n.chars().count();
            if (1..=len).contains(&p) && len <= 40 {
                writeln!(out, "  {n}")?;
                writeln!(
                    out,
                    "  {}^ {}",
                    " ".repeat(p - 1),
                    lang.t("第", "position ").to_string() + &p.to_string() + lang.t("位", "")
                )?;
            }
        }
    }
    for f in &v.findings {
        let mark = match f.severity {
            Severity::Error => lang.t("错误", "error"),
            Severity::Warning => lang.t("警告", "warning"),
            Severity::Info => lang.t("说明", "note"),
        };
        writeln!(out, "  [{mark}] {}", f.message(lang.core()))?;
    }
    if let Some(p) = &v.parts {
        let sep = lang.t("：", ": ");
        let (dept, cat) = if lang.zh() {
            (p.department_zh, p.category_zh)
        } else {
            (p.department_en, p.category_en)
        };
        writeln!(
            out,
            "  {}{sep}{} {dept}",
            lang.t("登记管理部门", "department"),
            p.department
        )?;
        writeln!(
            out,
            "  {}{sep}{} {cat}",
            lang.t("机构类别", "category"),
            p.category
        )?;
        let region = match &p.region_name {
            Some(name) => {
                let years = if p.region_periods.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", p.region_periods.join(", "))
                };
                let state = match p.region_current {
                    Some(false) => lang.t("，已撤销", ", abolished"),
                    _ => "",
                };
                format!("{} {name}{years}{state}", p.region)
            }
            None => format!(
                "{} {}",
                p.region,
                lang.t("（不在区划表中）", "(not in the region table)")
            ),
        };
        writeln!(
            out,
            "  {}{sep}{region}",
            lang.t("登记管理机关行政区划", "region")
        )?;
        writeln!(
            out,
            "  {}{sep}{}",
            lang.t("主体标识码", "subject identifier"),
            p.subject_identifier
        )?;
        writeln!(
            out,
            "  {}{sep}{}",
            lang.t("校验码", "check character"),
            p.check_char
        )?;
    }
    if !v.suggestions.is_empty() {
        writeln!(out, "  {}", lang.t("可能是：", "did you mean:"))?;
        for s in &v.suggestions {
            writeln!(out, "    {}  ({})", s.code, s.edit.describe(lang.core()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_lines() {
        let data = b"a\r\nbb\n\nccc".to_vec();
        let mut r = io::BufReader::with_capacity(2, &data[..]);
        let mut buf = Vec::new();
        let mut lines = Vec::new();
        while read_line_capped(&mut r, &mut buf, 2).unwrap() {
            lines.push(String::from_utf8(buf.clone()).unwrap());
        }
        assert_eq!(lines, ["a", "bb", "", "cc"]);
    }

    #[test]
    fn gbk_line() {
        let (b, _, _) = encoding_rs::GBK.encode("代码：91350100M000100Y43");
        assert_eq!(decode_line(&b), "代码：91350100M000100Y43");
    }
}
