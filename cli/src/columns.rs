//! Finding the header row and the code, name, date and region columns.

use crate::error::CliError;

/// How many leading rows may hold a title before the header.
pub const HEADER_SEARCH_ROWS: usize = 10;

/// Which column holds what (0-based indexes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Index of the header among the rows looked at; `None` when the file has no header.
    pub header_row: Option<usize>,
    pub code: usize,
    pub name: Option<usize>,
    pub date: Option<usize>,
    pub region: Option<usize>,
    /// The header fields (empty without a header).
    pub headers: Vec<String>,
    /// The code column was recognised from its content (no header row).
    pub sniffed: bool,
}

impl Layout {
    /// The header of a column, or its number.
    pub fn label(&self, i: usize) -> String {
        match self.headers.get(i) {
            Some(h) if !h.trim().is_empty() => h.trim().to_string(),
            _ => format!("#{}", i + 1),
        }
    }
}

/// `--code-column` and friends.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub code: Option<String>,
    pub name: Option<String>,
    pub date: Option<String>,
    pub region: Option<String>,
    pub no_header: bool,
}

/// Normalizes a header for matching: no spaces, no `*` marks, half-width, lower case.
pub fn norm(h: &str) -> String {
    h.chars()
        .filter_map(|c| match c {
            '\u{FEFF}' | '\u{200B}'..='\u{200F}' | '*' | '＊' | '"' | '\'' => None,
            c if c.is_whitespace() => None,
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            c => Some(c.to_ascii_lowercase()),
        })
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

const CODE_EXACT: &[&str] = &[
    "统一社会信用代码",
    "社会信用代码",
    "信用代码",
    "统一信用代码",
    "社会统一信用代码",
    "统一代码",
    "统一社会信用代码/注册号",
    "统一社会信用代码（注册号）",
    "注册号/统一社会信用代码",
    "uscc",
    "code",
    "creditcode",
    "credit_code",
    "unified_social_credit_code",
    "unifiedsocialcreditcode",
    "socialcreditcode",
    "代码",
];
/// Words that make a matching header about another party (a legal representative, a parent …).
const OTHER_PARTY: &[&str] = &[
    "法定代表人",
    "法人代表",
    "负责人",
    "股东",
    "投资人",
    "出资人",
    "上级",
    "主管",
    "母公司",
    "隶属",
    "原",
    "曾用",
    "变更前",
];

const NAME_EXACT: &[&str] = &[
    "名称",
    "单位名称",
    "企业名称",
    "主体名称",
    "机构名称",
    "组织名称",
    "市场主体名称",
    "企业（机构）名称",
    "单位（机构）名称",
    "纳税人名称",
    "组织机构名称",
    "社会组织名称",
    "公司名称",
    "单位详细名称",
    "name",
    "entname",
    "entity",
    "entity_name",
    "company",
];
const NAME_NOT: &[&str] = &[
    "法定代表人",
    "法人代表",
    "负责人",
    "经营者",
    "登记机关",
    "主管",
    "行业",
    "区划",
    "地区",
    "股东",
    "投资人",
    "上级",
    "原名称",
    "曾用",
    "英文",
    "变更前",
    "类型",
    "文件",
];

/// Best first: the month a code was assigned is what the assessment counts.
const DATE_RANKED: &[&str] = &[
    "赋码日期",
    "发码日期",
    "登记日期",
    "核准日期",
    "发照日期",
    "成立日期",
    "注册日期",
    "设立日期",
    "日期",
    "date",
    "登记时间",
    "赋码时间",
    "核准时间",
    "成立时间",
];
const DATE_NOT: &[&str] = &[
    "变更",
    "注销",
    "吊销",
    "截止",
    "期限",
    "到期",
    "出生",
    "有效期",
    "迁",
];

const REGION_EXACT: &[&str] = &[
    "行政区划代码",
    "区划代码",
    "行政区划",
    "region",
    "regioncode",
    "region_code",
];

fn has_any(h: &str, words: &[&str]) -> bool {
    words.iter().any(|w| h.contains(w))
}

fn code_score(h: &str) -> u8 {
    if CODE_EXACT.contains(&h) {
        3
    } else if h.contains("信用代码") && !has_any(h, OTHER_PARTY) {
        2
    } else {
        0
    }
}

fn name_score(h: &str) -> u8 {
    if NAME_EXACT.contains(&h) {
        2
    } else if h.contains("名称") && !has_any(h, NAME_NOT) {
        1
    } else {
        0
    }
}

fn date_score(h: &str) -> u8 {
    if let Some(i) = DATE_RANKED.iter().position(|d| *d == h) {
        return 100 - i as u8;
    }
    if (h.contains("日期") || h.contains("时间")) && !has_any(h, DATE_NOT) {
        return 1;
    }
    0
}

fn region_score(h: &str) -> u8 {
    u8::from(REGION_EXACT.contains(&h))
}

/// The leftmost column with the best positive score.
fn best(headers: &[String], score: impl Fn(&str) -> u8, taken: &[usize]) -> Option<usize> {
    let mut best: Option<(u8, usize)> = None;
    for (i, h) in headers.iter().enumerate() {
        if taken.contains(&i) {
            continue;
        }
        let s = score(&norm(h));
        if s > 0 && best.map_or(true, |(b, _)| s > b) {
            best = Some((s, i));
        }
    }
    best.map(|(_, i)| i)
}

/// A column given on the command line: a header name (exact after normalization) or a 1-based
/// number.
fn resolve(spec: &str, headers: Option<&[String]>, what: (&str, &str)) -> Result<usize, CliError> {
    if let Some(hs) = headers {
        let want = norm(spec);
        if let Some(i) = hs.iter().position(|h| norm(h) == want) {
            return Ok(i);
        }
    }
    if let Ok(n) = spec.trim().parse::<usize>() {
        if n >= 1 {
            return Ok(n - 1);
        }
    }
    let seen = headers.map(list).unwrap_or_default();
    Err(CliError::new(
        format!("找不到{}列“{spec}”（用表头名称或从 1 开始的列号）。表头：{seen}", what.0),
        format!("no {} column {spec:?} (give a header name or a 1-based column number). Headers: {seen}", what.1),
    ))
}

/// `"a", "b", "c"` for a message (at most 30).
pub fn list(hs: &[String]) -> String {
    let mut v: Vec<String> = hs
        .iter()
        .take(30)
        .map(|h| format!("“{}”", h.trim()))
        .collect();
    if hs.len() > 30 {
        v.push(format!("… (+{})", hs.len() - 30));
    }
    if v.is_empty() {
        "（无）".into()
    } else {
        v.join(", ")
    }
}

/// Whether a field looks like a credit code (for files without a header).
fn looks_like_code(s: &str) -> bool {
    match uscc::normalize(s) {
        Ok(n) => {
            n.text.len() == 18
                && n.text.bytes().all(|b| b.is_ascii_alphanumeric())
                && n.text.bytes().any(|b| b.is_ascii_digit())
        }
        Err(_) => false,
    }
}

/// Decides the layout from the first rows of a table.
pub fn detect(rows: &[Vec<String>], o: &Overrides) -> Result<Layout, CliError> {
    let rows = &rows[..rows.len().min(HEADER_SEARCH_ROWS)];
    if o.no_header {
        let code = match &o.code {
            Some(c) => resolve(c, None, ("信用代码", "code"))?,
            None => sniff_code(rows).ok_or_else(|| {
                CliError::new(
                    "没有表头时请用 --code-column 给出信用代码所在的列号",
                    "without a header, give the code column's number with --code-column",
                )
            })?,
        };
        let opt = |s: &Option<String>, w| s.as_deref().map(|s| resolve(s, None, w)).transpose();
        return Ok(Layout {
            header_row: None,
            code,
            name: opt(&o.name, ("名称", "name"))?,
            date: opt(&o.date, ("日期", "date"))?,
            region: opt(&o.region, ("区划", "region"))?,
            headers: Vec::new(),
            sniffed: false,
        });
    }
    // The header row: the first with a code header (or the named override).
    let header_row = rows.iter().position(|r| match &o.code {
        Some(spec) if spec.trim().parse::<usize>().is_err() => {
            r.iter().any(|h| norm(h) == norm(spec))
        }
        _ => {
            let filled = r.iter().filter(|f| !f.trim().is_empty()).count();
            r.iter().any(|h| match code_score(&norm(h)) {
                3 => true,
                s => s > 0 && filled >= 2, // not a title row such as “统一社会信用代码核查结果”
            })
        }
    });
    let header_row = match header_row {
        Some(h) => h,
        None if o
            .code
            .as_deref()
            .is_some_and(|s| s.trim().parse::<usize>().is_err()) =>
        {
            let spec = o.code.as_deref().unwrap_or_default();
            let seen: Vec<String> = rows
                .iter()
                .find(|r| r.iter().any(|f| !f.trim().is_empty()))
                .cloned()
                .unwrap_or_default();
            return Err(CliError::new(
                format!("找不到信用代码列“{spec}”（用表头名称或从 1 开始的列号）。表头：{}", list(&seen)),
                format!("no code column {spec:?} (give a header name or a 1-based column number). Headers: {}", list(&seen)),
            ));
        }
        None if o
            .code
            .as_deref()
            .is_some_and(|s| s.trim().parse::<usize>().is_ok()) =>
        {
            0
        }
        None => {
            // No header: a column of codes in the first row means a bare list of codes.
            if let Some(code) = sniff_code(rows).filter(|_| {
                rows.first()
                    .is_some_and(|r| r.iter().any(|f| looks_like_code(f)))
            }) {
                return Ok(Layout {
                    header_row: None,
                    code,
                    name: None,
                    date: None,
                    region: None,
                    headers: Vec::new(),
                    sniffed: true,
                });
            }
            let seen: Vec<String> = rows
                .iter()
                .find(|r| r.iter().any(|f| !f.trim().is_empty()))
                .cloned()
                .unwrap_or_default();
            return Err(CliError::new(
                format!(
                    "找不到统一社会信用代码列。看到的表头：{}。请用 --code-column 指定（表头名称或列号）",
                    list(&seen)
                ),
                format!("no recognisable code column. Headers seen: {}. Use --code-column NAME|NUMBER", list(&seen)),
            ));
        }
    };
    let headers = rows[header_row].clone();
    let hs = Some(headers.as_slice());
    let code = match &o.code {
        Some(c) => resolve(c, hs, ("信用代码", "code"))?,
        None => best(&headers, code_score, &[]).unwrap_or(0),
    };
    let name = match &o.name {
        Some(c) => Some(resolve(c, hs, ("名称", "name"))?),
        None => best(&headers, name_score, &[code]),
    };
    let date = match &o.date {
        Some(c) => Some(resolve(c, hs, ("日期", "date"))?),
        None => best(&headers, date_score, &[code]),
    };
    let region = match &o.region {
        Some(c) => Some(resolve(c, hs, ("区划", "region"))?),
        None => None,
    };
    let _ = region_score;
    Ok(Layout {
        header_row: Some(header_row),
        code,
        name,
        date,
        region,
        headers,
        sniffed: false,
    })
}

/// The column where most of the first rows hold something shaped like a code.
fn sniff_code(rows: &[Vec<String>]) -> Option<usize> {
    let width = rows.iter().map(Vec::len).max()?;
    let mut best = None;
    let mut best_n = 0;
    for c in 0..width {
        let n = rows
            .iter()
            .filter(|r| r.get(c).is_some_and(|f| looks_like_code(f)))
            .count();
        if n > best_n {
            best_n = n;
            best = Some(c);
        }
    }
    best.filter(|_| best_n * 2 >= rows.len().max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn chinese_headers() {
        let rows = vec![
            row(&["2024年1月新设登记"]),
            row(&[
                "序号",
                "法定代表人名称",
                "企业名称",
                "统一社会信用代码",
                "成立日期",
                "核准日期",
            ]),
            row(&[
                "1",
                "张三",
                "某公司",
                "91350100M000100Y43",
                "2024-01-02",
                "2024-01-03",
            ]),
        ];
        let l = detect(&rows, &Overrides::default()).unwrap();
        assert_eq!(
            (l.header_row, l.code, l.name, l.date),
            (Some(1), 3, Some(2), Some(5))
        );
    }

    #[test]
    fn english_and_spaces() {
        let rows = vec![row(&[" Name ", "CODE", "Date"])];
        let l = detect(&rows, &Overrides::default()).unwrap();
        assert_eq!((l.code, l.name, l.date), (1, Some(0), Some(2)));
    }

    #[test]
    fn not_the_representatives_code() {
        let rows = vec![row(&[
            "法定代表人统一社会信用代码",
            "单位名称",
            "单位统一社会信用代码",
        ])];
        let l = detect(&rows, &Overrides::default()).unwrap();
        assert_eq!(l.code, 2);
    }

    #[test]
    fn overrides() {
        let rows = vec![
            row(&["a", "b", "c"]),
            row(&["x", "91350100M000100Y43", "z"]),
        ];
        let o = Overrides {
            code: Some("b".into()),
            name: Some("3".into()),
            ..Overrides::default()
        };
        let l = detect(&rows, &o).unwrap();
        assert_eq!((l.header_row, l.code, l.name), (Some(0), 1, Some(2)));
        let o = Overrides {
            code: Some("nope".into()),
            ..Overrides::default()
        };
        assert!(detect(&rows, &o).is_err());
    }

    #[test]
    fn bare_list_of_codes() {
        let rows = vec![row(&["91350100M000100Y43"]), row(&["91110108551385082Q"])];
        let l = detect(&rows, &Overrides::default()).unwrap();
        assert_eq!((l.header_row, l.code, l.sniffed), (None, 0, true));
    }

    #[test]
    fn no_code_column_names_the_headers() {
        let rows = vec![row(&["姓名", "电话"])];
        let e = detect(&rows, &Overrides::default()).unwrap_err();
        assert!(e.message(crate::lang::Lang::Zh).contains("“姓名”, “电话”"));
        assert!(e.message(crate::lang::Lang::En).contains("Headers seen"));
    }
}
