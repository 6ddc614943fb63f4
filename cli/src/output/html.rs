//! report.html: one self-contained, printable page for a department head — the rate per month
//! as a chart, the per-county table, the top error kinds and the duplicate groups. No scripts,
//! no fonts or images from the network.

use std::fmt::Write as _;
use std::io::{self, Write};

use uscc::scan::{FlagClass, Flagged, Report};

use super::{pct, thousands};
use crate::lang::{kind_label, Lang};
use crate::scan::Context;

/// At most this many entries of each list are shown (the CSV files have them all).
const SHOWN: usize = 200;

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const CSS: &str = r#"
:root{--ink:#1d2733;--mute:#5b6776;--line:#dde3ea;--bad:#c0392b;--warn:#d68910;--ok:#1e8449;--accent:#2c5d8f;--soft:#f4f7fa}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:var(--ink);font:14px/1.6 -apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif}
main{max-width:960px;margin:0 auto;padding:32px 28px 48px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:17px;margin:36px 0 10px;padding-bottom:6px;border-bottom:2px solid var(--ink)}
.sub{color:var(--mute);margin:0 0 20px;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:10px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:var(--soft)}
.card .k{color:var(--mute);font-size:12px}
.card .v{font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}
.card.rate{background:#fff;border:2px solid var(--accent)}
.card.rate .v{color:var(--accent);font-size:26px}
.card.bad .v{color:var(--bad)}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:right;vertical-align:baseline}
th{background:var(--soft);font-weight:600;color:var(--mute);font-size:12px}
th:first-child,td:first-child,td.l,th.l{text-align:left}
td.code,span.code{font-family:"SFMono-Regular",Consolas,"Liberation Mono",monospace;font-size:13px;text-align:left;white-space:nowrap}
.bar{display:inline-block;height:9px;background:var(--bad);border-radius:2px;vertical-align:middle;margin-left:6px;opacity:.75}
.zero{color:var(--ok)}
.note{color:var(--mute);font-size:13px}
ul.notes{padding-left:20px;color:var(--mute)}
.group{margin:0 0 12px;border:1px solid var(--line);border-radius:6px;padding:6px 10px;page-break-inside:avoid}
.group .h{font-weight:600}
.group table{table-layout:fixed}.group table td{border:0;padding:1px 8px}.group table td:first-child{width:110px;white-space:nowrap}
svg text{font-family:inherit}
footer{margin-top:40px;color:var(--mute);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
@media print{main{max-width:none;padding:0}h2{page-break-after:avoid}tr{page-break-inside:avoid}.card{background:#fff}}
"#;

pub fn write(
    out: &mut dyn Write,
    report: &Report,
    flagged: &[Flagged],
    ctx: &Context,
) -> io::Result<()> {
    out.write_all(render(report, flagged, ctx).as_bytes())
}

pub fn render(report: &Report, flagged: &[Flagged], ctx: &Context) -> String {
    let lang = ctx.lang;
    let t = |zh: &'static str, en: &'static str| lang.t(zh, en);
    let c = &report.summary.counts;
    let mut h = String::with_capacity(64 << 10);
    let title = t(
        "统一社会信用代码重码、错码检查报告",
        "Unified social credit codes: duplicate and erroneous codes",
    );
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{CSS}</style></head><body><main>\n",
        t("zh-CN", "en"),
        esc(title)
    );
    let _ = writeln!(h, "<h1>{}</h1>", esc(title));
    let inputs: Vec<String> = ctx
        .files
        .iter()
        .map(|f| {
            let sheet = f
                .sheet
                .as_deref()
                .map(|s| format!(" [{s}]"))
                .unwrap_or_default();
            format!("{}{sheet}", file_name(&f.path))
        })
        .collect();
    let period = period(report);
    let _ = writeln!(
        h,
        "<p class=\"sub\">{}{}{} · {}{} · {}</p>",
        t("数据：", "Data: "),
        esc(&inputs.join("、")),
        period
            .map(|p| format!(" · {}{}", t("期间：", "period: "), esc(&p)))
            .unwrap_or_default(),
        t("口径：", "policy: "),
        policy_label(ctx.policy, lang),
        t(
            "重错码率 =（错码 + 重码）÷ 记录总数",
            "rate = (erroneous + duplicate) ÷ records"
        )
    );

    // Key figures.
    h.push_str("<div class=\"cards\">");
    let card = |h: &mut String, k: &str, v: String, class: &str| {
        let _ = write!(
            h,
            "<div class=\"card {class}\"><div class=\"k\">{}</div><div class=\"v\">{v}</div></div>",
            esc(k)
        );
    };
    card(&mut h, t("重错码率", "Rate"), pct(c.rate), "rate");
    card(&mut h, t("记录总数", "Records"), thousands(c.total), "");
    card(
        &mut h,
        t("错码", "Erroneous"),
        thousands(c.erroneous),
        if c.erroneous > 0 { "bad" } else { "" },
    );
    card(
        &mut h,
        t("重码", "Duplicate"),
        thousands(c.duplicate),
        if c.duplicate > 0 { "bad" } else { "" },
    );
    card(
        &mut h,
        t("重复记录（不计入）", "Repeated (not counted)"),
        thousands(c.repeated),
        "",
    );
    card(&mut h, t("未检查", "Skipped"), thousands(c.skipped), "");
    h.push_str("</div>\n");

    // Monthly chart and table.
    let _ = writeln!(h, "<h2>{}</h2>", t("各月重错码率", "Rate per month"));
    let months: Vec<_> = report
        .summary
        .monthly
        .iter()
        .filter(|m| m.month != "unknown")
        .collect();
    if months.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"note\">{}</p>",
            t(
                "数据中没有可识别的日期，无法按月统计。",
                "No readable dates: no monthly figures."
            )
        );
    } else {
        h.push_str(&chart(
            &months
                .iter()
                .map(|m| (m.month.as_str(), m.counts.rate, m.counts.total))
                .collect::<Vec<_>>(),
            lang,
        ));
    }
    if !report.summary.monthly.is_empty() {
        h.push_str(&count_table(
            t("月份", "Month"),
            report.summary.monthly.iter().map(|m| {
                let label = if m.month == "unknown" {
                    t("日期不详", "unknown").to_string()
                } else {
                    m.month.clone()
                };
                (label, None, &m.counts)
            }),
            lang,
        ));
    }

    // Per county.
    let _ = writeln!(h, "<h2>{}</h2>", t("各区县情况", "Per county"));
    let max_rate = report
        .summary
        .regions
        .iter()
        .map(|r| r.counts.rate)
        .fold(0.0, f64::max);
    h.push_str(&count_table_bars(
        t("区划代码", "Region"),
        report.summary.regions.iter().map(|r| {
            let label = if r.region == "unknown" {
                t("不详", "unknown").to_string()
            } else {
                r.region.clone()
            };
            (label, Some(r.name.clone().unwrap_or_default()), &r.counts)
        }),
        lang,
        max_rate,
    ));

    // Error kinds.
    let _ = writeln!(h, "<h2>{}</h2>", t("主要错码类型", "Top error kinds"));
    if report.summary.error_kinds.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"zero\">{}</p>",
            t("没有错码。", "No erroneous codes.")
        );
    } else {
        let mut kinds: Vec<_> = report.summary.error_kinds.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top = *kinds[0].1 as f64;
        let _ = write!(
            h,
            "<table><tr><th class=\"l\">{}</th><th class=\"l\">{}</th><th>{}</th><th>{}</th></tr>",
            t("类型", "Kind"),
            t("类型代码", "Name"),
            t("记录数", "Records"),
            t("占错码", "Share")
        );
        for (k, n) in kinds {
            let share = if c.erroneous > 0 {
                *n as f64 / c.erroneous as f64
            } else {
                0.0
            };
            let w = (*n as f64 / top * 120.0).round() as u32;
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"code\">{}</td><td>{}<span class=\"bar\" style=\"width:{w}px\"></span></td><td>{}</td></tr>",
                esc(kind_label(*k, lang)),
                esc(k.as_str()),
                thousands(*n),
                pct(share)
            );
        }
        h.push_str("</table>\n");
        // A few examples with the fix.
        let examples: Vec<_> = flagged
            .iter()
            .filter(|f| f.class == FlagClass::Erroneous)
            .take(20)
            .collect();
        if !examples.is_empty() {
            let _ = write!(
                h,
                "<p class=\"note\">{}</p><table><tr><th class=\"l\">{}</th><th class=\"l\">{}</th><th class=\"l\">{}</th><th class=\"l\">{}</th></tr>",
                t("示例（全部见 flagged.csv）：", "Examples (all in flagged.csv):"),
                t("行", "Row"),
                t("代码", "Code"),
                t("问题", "Problem"),
                t("可能的正确代码", "Probable code")
            );
            for f in examples {
                let detail = if lang.zh() {
                    &f.detail_zh
                } else {
                    &f.detail_en
                };
                let _ = write!(
                    h,
                    "<tr><td>{}</td><td class=\"code\">{}</td><td class=\"l\">{}</td><td class=\"code\">{}</td></tr>",
                    f.row,
                    esc(&f.code),
                    esc(detail),
                    esc(f.suggestion.as_deref().unwrap_or("—"))
                );
            }
            h.push_str("</table>\n");
        }
    }

    // Duplicate groups.
    let _ = writeln!(
        h,
        "<h2>{}</h2>",
        t(
            "重码（同一代码对应不同主体）",
            "Duplicate codes (one code, several entities)"
        )
    );
    if !ctx.has_names {
        let _ = writeln!(
            h,
            "<p class=\"note\">{}</p>",
            t(
                "数据没有名称列，无法区分重码与同一主体的重复记录。",
                "The data has no name column: 重码 cannot be told from repeated records."
            )
        );
    }
    if report.duplicates.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"zero\">{}</p>",
            t("没有重码。", "No duplicate codes.")
        );
    }
    for (i, d) in report.duplicates.iter().take(SHOWN).enumerate() {
        let _ = write!(
            h,
            "<div class=\"group\"><div class=\"h\">{}. <span class=\"code\">{}</span></div><table>",
            i + 1,
            esc(&d.code)
        );
        for m in &d.members {
            let _ = write!(
                h,
                "<tr><td class=\"l\">{} {}</td><td class=\"l\">{}</td></tr>",
                t("第", "row"),
                row_label(m.row, lang),
                esc(m.name.as_deref().unwrap_or("—"))
            );
        }
        h.push_str("</table></div>\n");
    }
    more(
        &mut h,
        report
            .duplicates
            .len()
            .max(report.summary.duplicate_groups as usize),
        "duplicates.csv",
        lang,
    );

    // Other groups.
    if !report.multi_code_entities.is_empty() {
        let _ = writeln!(
            h,
            "<h2>{}</h2>",
            t("一主体多码", "One entity, several codes")
        );
        h.push_str("<table>");
        let _ = write!(
            h,
            "<tr><th class=\"l\">{}</th><th class=\"l\">{}</th></tr>",
            t("主体名称", "Entity"),
            t("代码（行）", "Codes (row)")
        );
        for e in report.multi_code_entities.iter().take(SHOWN) {
            let codes: Vec<String> = e
                .members
                .iter()
                .map(|m| format!("{} ({})", esc(&m.code), m.row))
                .collect();
            let _ = write!(
                h,
                "<tr><td class=\"l\">{}</td><td class=\"code\">{}</td></tr>",
                esc(&e.name),
                codes.join("<br>")
            );
        }
        h.push_str("</table>\n");
        more(
            &mut h,
            report.multi_code_entities.len(),
            "duplicates.csv",
            lang,
        );
    }
    if !report.collisions.is_empty() {
        let _ = writeln!(
            h,
            "<h2>{}</h2>",
            t(
                "主体标识码重复（第9–17位相同的不同代码）",
                "Shared subject identifiers (positions 9–17)"
            )
        );
        h.push_str("<table>");
        let _ = write!(
            h,
            "<tr><th class=\"l\">{}</th><th class=\"l\">{}</th></tr>",
            t("主体标识码", "Identifier"),
            t("代码、名称（行）", "Codes, names (row)")
        );
        for col in report.collisions.iter().take(SHOWN) {
            let ms: Vec<String> = col
                .members
                .iter()
                .map(|m| {
                    format!(
                        "{} {} ({})",
                        esc(&m.code),
                        esc(m.name.as_deref().unwrap_or("")),
                        m.row
                    )
                })
                .collect();
            let _ = write!(
                h,
                "<tr><td class=\"code\">{}</td><td class=\"l\">{}</td></tr>",
                esc(&col.subject_identifier),
                ms.join("<br>")
            );
        }
        h.push_str("</table>\n");
        more(&mut h, report.collisions.len(), "duplicates.csv", lang);
    }

    // Notes.
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
        let _ = writeln!(h, "<h2>{}</h2><ul class=\"notes\">", t("说明", "Notes"));
        for n in notes {
            let _ = writeln!(h, "<li>{}</li>", esc(n));
        }
        h.push_str("</ul>\n");
    }
    let _ = writeln!(
        h,
        "<footer>{} uscc {} · GB 32100-2015 · {}</footer>",
        t("生成工具：", "Generated by"),
        env!("CARGO_PKG_VERSION"),
        t(
            "明细见同目录 flagged.csv、duplicates.csv、monthly.csv、regions.csv、summary.json",
            "details in flagged.csv, duplicates.csv, monthly.csv, regions.csv, summary.json next to this page"
        )
    );
    h.push_str("</main></body></html>\n");
    h
}

fn file_name(p: &str) -> String {
    std::path::Path::new(p)
        .file_name()
        .map_or_else(|| p.to_string(), |n| n.to_string_lossy().into_owned())
}

fn row_label(row: u64, lang: Lang) -> String {
    if lang.zh() {
        format!("{row} 行")
    } else {
        row.to_string()
    }
}

fn more(h: &mut String, n: usize, file: &str, lang: Lang) {
    if n > SHOWN {
        let _ = writeln!(
            h,
            "<p class=\"note\">{}</p>",
            match lang {
                Lang::Zh => format!(
                    "另有 {} 组未列出，见 {file}。",
                    thousands((n - SHOWN) as u64)
                ),
                Lang::En => format!("{} more in {file}.", thousands((n - SHOWN) as u64)),
            }
        );
    }
}

/// The first and last month with data.
fn period(report: &Report) -> Option<String> {
    let ms: Vec<&str> = report
        .summary
        .monthly
        .iter()
        .map(|m| m.month.as_str())
        .filter(|m| *m != "unknown")
        .collect();
    match (ms.first(), ms.last()) {
        (Some(a), Some(b)) if a == b => Some(a.to_string()),
        (Some(a), Some(b)) => Some(format!("{a} – {b}")),
        _ => None,
    }
}

fn policy_label(p: uscc::Policy, lang: Lang) -> &'static str {
    if p == uscc::Policy::assessment() {
        lang.t(
            "考核口径（所有规则均计为错码）",
            "assessment (every rule counts)",
        )
    } else if p == uscc::Policy::strict() {
        lang.t("严格口径（含行政区划）", "strict (regions included)")
    } else if p == uscc::Policy::counter() {
        lang.t(
            "窗口口径（已发放的特例只警告）",
            "counter (issued anomalies are warnings)",
        )
    } else {
        lang.t("自定义口径", "custom policy")
    }
}

fn count_table<'a>(
    first: &str,
    rows: impl Iterator<Item = (String, Option<String>, &'a uscc::scan::Counts)>,
    lang: Lang,
) -> String {
    count_table_bars(first, rows, lang, 0.0)
}

fn count_table_bars<'a>(
    first: &str,
    rows: impl Iterator<Item = (String, Option<String>, &'a uscc::scan::Counts)>,
    lang: Lang,
    max_rate: f64,
) -> String {
    let t = |zh: &'static str, en: &'static str| lang.t(zh, en);
    let mut rows = rows.peekable();
    let named = rows.peek().is_some_and(|r| r.1.is_some());
    let mut h = String::from("<table><tr>");
    let _ = write!(h, "<th class=\"l\">{}</th>", esc(first));
    if named {
        let _ = write!(h, "<th class=\"l\">{}</th>", t("名称", "Name"));
    }
    let _ = write!(
        h,
        "<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t("记录数", "Records"),
        t("错码", "Erroneous"),
        t("重码", "Duplicate"),
        t("重复记录", "Repeated"),
        t("重错码率", "Rate")
    );
    for (label, name, c) in rows {
        let _ = write!(h, "<tr><td class=\"code\">{}</td>", esc(&label));
        if named {
            let _ = write!(
                h,
                "<td class=\"l\">{}</td>",
                esc(name.as_deref().unwrap_or(""))
            );
        }
        let bar = if max_rate > 0.0 && c.rate > 0.0 {
            format!(
                "<span class=\"bar\" style=\"width:{}px\"></span>",
                (c.rate / max_rate * 80.0).round().max(1.0)
            )
        } else {
            String::new()
        };
        let rate_class = if c.rate == 0.0 { " class=\"zero\"" } else { "" };
        let _ = write!(
            h,
            "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td{rate_class}>{}{bar}</td></tr>",
            thousands(c.total),
            thousands(c.erroneous),
            thousands(c.duplicate),
            thousands(c.repeated),
            pct(c.rate)
        );
    }
    h.push_str("</table>\n");
    h
}

/// A bar chart of the rate per month, as inline SVG.
fn chart(months: &[(&str, f64, u64)], lang: Lang) -> String {
    let (w, hgt) = (900.0, 260.0);
    let (left, right, top, bottom) = (56.0, 12.0, 22.0, 52.0);
    let plot_w = w - left - right;
    let plot_h = hgt - top - bottom;
    let max = months.iter().map(|m| m.1).fold(0.0, f64::max);
    let step = nice_step(max / 5.0);
    let ticks = ((max / step).ceil() as i32).clamp(1, 10);
    let ymax = step * f64::from(ticks);
    let n = months.len() as f64;
    let slot = plot_w / n;
    let bar_w = (slot * 0.66).min(48.0);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {w} {hgt}\" width=\"100%\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(lang.t("各月重错码率柱状图", "rate per month, bar chart"))
    );
    // Grid and y labels.
    for i in 0..=ticks {
        let v = step * f64::from(i);
        let y = top + plot_h - plot_h * f64::from(i) / f64::from(ticks);
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#dde3ea\" stroke-width=\"1\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"11\" fill=\"#5b6776\" text-anchor=\"end\">{}</text>",
            w - right,
            left - 6.0,
            y + 4.0,
            axis_pct(v)
        );
    }
    let rotate = months.len() > 14;
    for (i, (m, rate, total)) in months.iter().enumerate() {
        let cx = left + slot * (i as f64 + 0.5);
        let bh = if ymax > 0.0 {
            plot_h * rate / ymax
        } else {
            0.0
        };
        let y = top + plot_h - bh;
        let color = if *rate == 0.0 { "#1e8449" } else { "#c0392b" };
        let _ = write!(
            s,
            "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{bar_w:.1}\" height=\"{:.1}\" fill=\"{color}\" opacity=\"0.8\"><title>{} · {} · {}</title></rect>",
            cx - bar_w / 2.0,
            bh.max(if *rate == 0.0 { 1.5 } else { 0.0 }),
            esc(m),
            pct(*rate),
            thousands(*total)
        );
        if months.len() <= 24 {
            let _ = write!(
                s,
                "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#1d2733\" text-anchor=\"middle\">{}</text>",
                y - 4.0,
                pct(*rate)
            );
        }
        let ly = top + plot_h + 16.0;
        if rotate {
            let _ = write!(
                s,
                "<text x=\"{cx:.1}\" y=\"{ly:.1}\" font-size=\"10\" fill=\"#5b6776\" text-anchor=\"end\" transform=\"rotate(-45 {cx:.1} {ly:.1})\">{}</text>",
                esc(m)
            );
        } else {
            let _ = write!(s, "<text x=\"{cx:.1}\" y=\"{ly:.1}\" font-size=\"11\" fill=\"#5b6776\" text-anchor=\"middle\">{}</text>", esc(m));
        }
    }
    let _ = writeln!(
        s,
        "<line x1=\"{left}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#1d2733\" stroke-width=\"1\"/></svg>",
        w - right,
        top + plot_h,
        top + plot_h
    );
    s
}

/// 1, 2, 2.5 or 5 times a power of ten, at least `v` (a step of the y axis).
fn nice_step(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 0.01;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= v * 0.999_999 {
            return m * p;
        }
    }
    10.0 * p
}

fn axis_pct(v: f64) -> String {
    let p = v * 100.0;
    if p == 0.0 {
        "0%".into()
    } else {
        format!("{}%", trim(format!("{p:.4}")))
    }
}

fn trim(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(esc("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
    }

    #[test]
    fn axis() {
        assert_eq!(nice_step(0.034), 0.05);
        assert_eq!(nice_step(0.02), 0.02);
        assert_eq!(nice_step(0.0), 0.01);
        assert_eq!(axis_pct(0.015), "1.5%");
        assert_eq!(axis_pct(0.05), "5%");
        assert_eq!(axis_pct(0.00025), "0.025%");
    }
}
