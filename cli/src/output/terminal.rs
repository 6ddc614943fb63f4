//! The summary table printed at the end of a scan.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use unicode_width::UnicodeWidthStr;
use uscc::scan::Report;

use super::{pct, thousands, FILES};
use crate::lang::kind_label;
use crate::scan::Context;

/// Pads to a display width (CJK characters are two columns wide).
pub fn pad(s: &str, width: usize, right: bool) -> String {
    let w = UnicodeWidthStr::width(s);
    let fill = " ".repeat(width.saturating_sub(w));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// A table with a header row, columns after the first right-aligned.
pub fn table(rows: &[Vec<String>]) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        out.push_str("  ");
        for (i, c) in r.iter().enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            out.push_str(&pad(c, widths[i], i > 0));
        }
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        out.push('\n');
    }
    out
}

pub fn render(report: &Report, ctx: &Context, out_dir: &Path, elapsed: Duration) -> String {
    let lang = ctx.lang;
    let c = &report.summary.counts;
    let t = |zh: &'static str, en: &'static str| lang.t(zh, en).to_string();
    let share = |n: u64| {
        if c.total > 0 {
            pct(n as f64 / c.total as f64)
        } else {
            String::new()
        }
    };
    let mut s = String::new();
    let inputs: Vec<String> = ctx
        .files
        .iter()
        .map(|f| match &f.sheet {
            Some(sh) => format!("{} [{sh}]", f.path),
            None => f.path.clone(),
        })
        .collect();
    let _ = writeln!(s, "{} {}", t("扫描：", "scanned:"), inputs.join(", "));
    for f in &ctx.files {
        let cols = &f.columns;
        let mut parts = vec![format!("{}={}", t("代码", "code"), cols.code)];
        if let Some(n) = &cols.name {
            parts.push(format!("{}={n}", t("名称", "name")));
        }
        if let Some(d) = &cols.date {
            parts.push(format!("{}={d}", t("日期", "date")));
        }
        if let Some(r) = &cols.region {
            parts.push(format!("{}={r}", t("区划", "region")));
        }
        let enc = f
            .encoding
            .as_deref()
            .map(|e| format!(", {e}"))
            .unwrap_or_default();
        let _ = writeln!(s, "  {}{enc}: {}", f.path, parts.join(" "));
    }
    s.push('\n');
    let rows = vec![
        vec![t("记录总数", "records"), thousands(c.total), String::new()],
        vec![t("有效", "valid"), thousands(c.valid), share(c.valid)],
        vec![
            t("错码", "erroneous"),
            thousands(c.erroneous),
            share(c.erroneous),
        ],
        vec![
            t("重码", "duplicate"),
            thousands(c.duplicate),
            share(c.duplicate),
        ],
        vec![
            t("重复记录（不计入）", "repeated (not in rate)"),
            thousands(c.repeated),
            String::new(),
        ],
        vec![
            t("未检查（跳过）", "skipped"),
            thousands(c.skipped),
            share(c.skipped),
        ],
        vec![t("重错码率", "rate"), pct(c.rate), String::new()],
    ];
    s.push_str(&table(&rows));
    if !report.summary.error_kinds.is_empty() {
        let _ = writeln!(s, "\n{}", t("错码类型：", "error kinds:"));
        let mut kinds: Vec<_> = report.summary.error_kinds.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let rows: Vec<Vec<String>> = kinds
            .iter()
            .take(10)
            .map(|(k, n)| {
                vec![
                    kind_label(**k, lang).to_string(),
                    thousands(**n),
                    share(**n),
                ]
            })
            .collect();
        s.push_str(&table(&rows));
    }
    let months = &report.summary.monthly;
    if !months.is_empty() && (months.len() > 1 || months[0].month != "unknown") {
        let _ = writeln!(s, "\n{}", t("按月：", "by month:"));
        let mut rows = vec![vec![
            t("月份", "month"),
            t("记录", "records"),
            t("错码", "erroneous"),
            t("重码", "duplicate"),
            t("重错码率", "rate"),
        ]];
        for m in months.iter().take(36) {
            let month = if m.month == "unknown" {
                t("日期不详", "unknown")
            } else {
                m.month.clone()
            };
            rows.push(vec![
                month,
                thousands(m.counts.total),
                thousands(m.counts.erroneous),
                thousands(m.counts.duplicate),
                pct(m.counts.rate),
            ]);
        }
        s.push_str(&table(&rows));
        if months.len() > 36 {
            let _ = writeln!(s, "  … monthly.csv");
        }
    }
    let regions = &report.summary.regions;
    if !regions.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            t(
                "按地区（问题最多的 10 个）：",
                "by region (10 with most problems):"
            )
        );
        let mut rs: Vec<_> = regions.iter().collect();
        rs.sort_by(|a, b| {
            (b.counts.erroneous + b.counts.duplicate)
                .cmp(&(a.counts.erroneous + a.counts.duplicate))
                .then(a.region.cmp(&b.region))
        });
        let mut rows = vec![vec![
            t("区划", "region"),
            t("名称", "name"),
            t("记录", "records"),
            t("错码", "erroneous"),
            t("重码", "duplicate"),
            t("重错码率", "rate"),
        ]];
        for r in rs.iter().take(10) {
            let region = if r.region == "unknown" {
                t("不详", "unknown")
            } else {
                r.region.clone()
            };
            rows.push(vec![
                region,
                r.name.clone().unwrap_or_default(),
                thousands(r.counts.total),
                thousands(r.counts.erroneous),
                thousands(r.counts.duplicate),
                pct(r.counts.rate),
            ]);
        }
        // The name column reads better left-aligned: pad it here.
        let w = rows.iter().map(|r| r[1].width()).max().unwrap_or(0);
        for r in &mut rows {
            r[1] = pad(&r[1], w, false);
        }
        s.push_str(&table(&rows));
    }
    let lists = [
        (
            t("重码组", "duplicate groups"),
            report.summary.duplicate_groups,
        ),
        (
            t("一主体多码", "entities with several codes"),
            report.summary.multi_code_entities,
        ),
        (
            t("主体标识码重复", "subject identifier collisions"),
            report.summary.collisions,
        ),
    ];
    let l: Vec<String> = lists
        .iter()
        .map(|(n, k)| format!("{n} {}", thousands(*k)))
        .collect();
    let _ = writeln!(s, "\n{}", l.join(" · "));
    let engine_notes = if lang.zh() && report.summary.notes_zh.len() == report.summary.notes.len() {
        &report.summary.notes_zh
    } else {
        &report.summary.notes
    };
    let mut notes: Vec<&str> = engine_notes.iter().map(String::as_str).collect();
    notes.extend(
        ctx.notes
            .iter()
            .map(|(zh, en)| if lang.zh() { zh.as_str() } else { en.as_str() }),
    );
    if !notes.is_empty() {
        let _ = writeln!(s, "\n{}", t("说明：", "notes:"));
        for n in notes {
            let _ = writeln!(s, "  - {n}");
        }
    }
    let _ = writeln!(
        s,
        "\n{} {}/ ({})  {:.2} s",
        t("报告：", "report:"),
        out_dir.display(),
        FILES.join(", "),
        elapsed.as_secs_f64()
    );
    s
}

pub fn print(report: &Report, ctx: &Context, out_dir: &Path, elapsed: Duration) {
    let text = render(report, ctx, out_dir, elapsed);
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
