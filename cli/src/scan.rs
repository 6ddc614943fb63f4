//! `uscc scan`: read the inputs, feed the library's scanner, write the report.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use bumpalo::Bump;
use rayon::prelude::*;

use uscc::scan::{Record, Report, ScanOptions, Scanner};

use crate::args::{Preset, ScanArgs};
use crate::columns::{self, Layout, Overrides};
use crate::error::{exit, CliError, Result};
use crate::feed::{nonempty, Feeder};
use crate::input::csv::{self as csvin, Blocks, Depth, Dialect, Options, Step, Wanted};
use crate::input::excel::{self, Col, Origin, Sheet};
use crate::input::rowindex::{RowIndex, Stretch};
use crate::input::text::{self, Detected, Forced, Mode};
use crate::input::{classify, Format};
use crate::lang::Lang;
use crate::output;
use crate::progress::Progress;

/// How a text file's bytes are read.
#[derive(Clone, Debug)]
struct Enc {
    /// Byte-order mark to skip.
    skip: usize,
    transcode: Option<&'static encoding_rs::Encoding>,
    mode: Mode,
    name: String,
}

struct TextPlan {
    path: PathBuf,
    size: u64,
    enc: Enc,
    dialect: Dialect,
    layout: Layout,
    /// Offset in the (decoded) stream where the data rows start.
    data_start: usize,
    title_rows: u64,
}

struct ExcelPlan {
    path: PathBuf,
    size: u64,
    sheets: Vec<(Sheet, Layout)>,
    sheet_count: usize,
}

enum Plan {
    Text(TextPlan),
    Excel(ExcelPlan),
}

impl Plan {
    fn layouts(&self) -> Vec<&Layout> {
        match self {
            Plan::Text(t) => vec![&t.layout],
            Plan::Excel(x) => x.sheets.iter().map(|(_, l)| l).collect(),
        }
    }
    fn size(&self) -> u64 {
        match self {
            Plan::Text(t) => t.size,
            Plan::Excel(x) => x.size,
        }
    }
}

/// One input as it was read, for summary.json and the terminal.
#[derive(Clone, Debug, serde::Serialize)]
pub struct FileInfo {
    pub path: String,
    pub format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// 1-based line (or spreadsheet row) of the header; `None` without a header.
    pub header_row: Option<u64>,
    pub columns: Columns,
    /// First row number of this input in the report (rows are numbered across inputs).
    pub first_row: u64,
    /// Data rows (blank rows excluded).
    pub rows: u64,
    /// Row numbers used (data and blank rows).
    #[serde(skip)]
    pub numbers: u64,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Columns {
    pub code: String,
    pub name: Option<String>,
    pub date: Option<String>,
    pub region: Option<String>,
}

impl Columns {
    fn of(l: &Layout) -> Columns {
        Columns {
            code: l.label(l.code),
            name: l.name.map(|i| l.label(i)),
            date: l.date.map(|i| l.label(i)),
            region: l.region.map(|i| l.label(i)),
        }
    }
}

/// Everything the outputs need besides the report.
pub struct Context {
    pub files: Vec<FileInfo>,
    pub stats: crate::feed::Stats,
    pub skipped: Vec<crate::feed::Skipped>,
    pub notes: Vec<(String, String)>,
    pub policy: uscc::Policy,
    pub lang: Lang,
    pub has_names: bool,
    pub has_dates: bool,
}

/// What a finished scan leaves: the report and its context, for the caller to free.
pub struct Finished {
    _report: Report,
    _ctx: Context,
}

/// Runs the scan; hands back what it built instead of freeing it, so that a process that
/// exits next can leave it to the system (freeing a large report's strings one by one,
/// hundreds of thousands of them, took a tenth of a second after the work was done). An
/// in-process caller drops it.
pub fn run_keeping(args: &ScanArgs) -> Result<(u8, Finished)> {
    let started = Instant::now();
    phase("start");
    let lang = args.lang;
    let policy = args.policy.policy(Preset::Assessment);
    prepare_out(&args.out)?;
    let overrides = Overrides {
        code: args.code_column.clone(),
        name: args.name_column.clone(),
        date: args.date_column.clone(),
        region: args.region_column.clone(),
        no_header: args.no_header,
    };
    let forced = match &args.encoding {
        Some(e) => Some(text::forced(e).ok_or_else(|| {
            CliError::new(
                format!("不认识的编码“{e}”（可用 utf-8、gbk、gb18030、utf-16le、big5 …）"),
                format!("unknown encoding {e:?} (try utf-8, gbk, gb18030, utf-16le, big5 …)"),
            )
        })?),
        None => None,
    };
    let delimiter = args.delimiter.as_deref().map(parse_delimiter).transpose()?;

    // Look at every input before reading any row: a bad one stops the job with nothing written.
    let mut plans = Vec::new();
    for path in &args.files {
        plans.push(match classify(path)? {
            Format::Text => Plan::Text(plan_text(path, forced, delimiter, &overrides)?),
            Format::Excel => Plan::Excel(plan_excel(path, args.sheet.as_deref(), &overrides)?),
        });
    }
    let layouts: Vec<&Layout> = plans.iter().flat_map(Plan::layouts).collect();
    let has_names = layouts.iter().all(|l| l.name.is_some());
    let has_dates = layouts.iter().any(|l| l.date.is_some());
    let mut notes: Vec<(String, String)> = Vec::new();
    if !has_names && layouts.iter().any(|l| l.name.is_some()) {
        notes.push((
            "部分输入没有名称列，无法区分重码与重复记录，按重复记录统计".into(),
            "some inputs have no name column: 重码 cannot be told from repeats, counted as repeats"
                .into(),
        ));
    }
    let options = ScanOptions::default()
        .with_policy(policy)
        .with_names(has_names)
        .with_max_listed(args.max_listed);
    let total_bytes: u64 = plans.iter().map(Plan::size).sum();
    let progress = Progress::new(total_bytes, !args.no_progress && !args.quiet);
    let mut feeder = Feeder::new(Scanner::new(options), args.max_listed, progress);
    let mut files = Vec::new();
    let mut indexes = Vec::new();
    for plan in &plans {
        match plan {
            Plan::Text(t) => {
                let (info, index) = scan_text(t, &mut feeder)?;
                files.push(info);
                indexes.push(index);
            }
            Plan::Excel(x) => {
                if x.sheets.len() < x.sheet_count && args.sheet.is_none() {
                    notes.push((
                        format!(
                            "{} 有 {} 个工作表，只扫描了“{}”（用 --sheet 指定其他工作表，或 --sheet all）",
                            x.path.display(),
                            x.sheet_count,
                            x.sheets[0].0.name
                        ),
                        format!(
                            "{} has {} sheets; only {:?} was scanned (choose with --sheet NAME, or --sheet all)",
                            x.path.display(),
                            x.sheet_count,
                            x.sheets[0].0.name
                        ),
                    ));
                }
                files.extend(scan_excel(x, &mut feeder));
            }
        }
    }
    phase("read + push");
    let (mut report, stats, skipped, progress) =
        feeder.finish(lang.t("汇总重码、错码…", "grouping codes…"));
    phase("finish");
    let total_rows: u64 = files.iter().map(|f| f.rows).sum();
    notes.extend(stat_notes(&stats, &files));
    let ctx = Context {
        files,
        stats,
        skipped,
        notes,
        policy,
        lang,
        has_names,
        has_dates,
    };
    if total_rows == 0 {
        return Err(CliError::new(
            "输入中没有数据行（只有表头或空行），未生成报告",
            "the input has no data rows (header only, or blank lines): no report written",
        ));
    }
    progress.message(
        lang.t("读取报告所需的名称…", "reading the names the report needs…")
            .to_string(),
    );
    let (mut got, stretches, passes) = read_back(&plans, &ctx.files, indexes, &report)?;
    phase(&format!(
        "read back rows ({stretches} stretches read, {passes} whole-file passes)"
    ));
    progress.message(lang.t("写出报告…", "writing the report…").to_string());
    let mut take = |row: u64, field: usize| {
        let i = got.binary_search_by_key(&row, |g| g.0).ok()?;
        got[i].1[field].take()
    };
    // Each row is asked for once: its strings are moved, not copied. The stored spellings
    // first: flagged.csv shows them; it is then written on one core while, on the other, the
    // names are put in place and the other files written (flagged.csv is the longest).
    report.fill_codes(|row| take(row, 0));
    let flagged = std::mem::take(&mut report.flagged);
    let (written, rest) = rayon::join(
        || output::write_flagged(&args.out, &flagged, &ctx),
        || {
            report.fill_names(|row| take(row, 1));
            output::write_rest(&args.out, &report, &flagged, &ctx)
        },
    );
    report.flagged = flagged;
    written?;
    rest?;
    phase("fill names, write files");
    progress.finish();
    if !args.quiet {
        output::terminal::print(&report, &ctx, &args.out, started.elapsed());
    }
    let rate = report.summary.counts.rate;
    let finished = Finished {
        _report: report,
        _ctx: ctx,
    };
    if let Some(limit) = args.fail_above {
        if rate > limit {
            eprintln!(
                "{}",
                match lang {
                    Lang::Zh => format!(
                        "重错码率 {} 高于阈值 {}",
                        output::pct(rate),
                        output::pct(limit)
                    ),
                    Lang::En => format!(
                        "rate {} is above the threshold {}",
                        output::pct(rate),
                        output::pct(limit)
                    ),
                }
            );
            return Ok((exit::RATE, finished));
        }
    }
    Ok((exit::OK, finished))
}

/// With `USCC_TIMING` set, prints how long each phase took (for benchmarks).
fn phase(name: &str) {
    use std::sync::Mutex;
    static LAST: Mutex<Option<(Instant, f64)>> = Mutex::new(None);
    if std::env::var_os("USCC_TIMING").is_none() {
        return;
    }
    let now = (Instant::now(), cpu_seconds());
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((t, c)) = *last {
        eprintln!(
            "uscc timing: {name}: {:.3} s wall, {:.2} s CPU",
            (now.0 - t).as_secs_f64(),
            now.1 - c
        );
    }
    *last = Some(now);
}

/// User + system CPU time of this process so far (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let Some(rest) = stat.rsplit_once(") ").map(|(_, r)| r) else {
        return 0.0;
    };
    let f: Vec<&str> = rest.split(' ').collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn prepare_out(dir: &Path) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(CliError::new(
            format!("输出位置 {} 已存在且不是目录", dir.display()),
            format!("the output {} exists and is not a directory", dir.display()),
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::io("创建输出目录", "create the output directory", dir, &e))
}

fn parse_delimiter(s: &str) -> Result<u8> {
    let b = match s {
        "tab" | "\\t" | "\t" | "TAB" => b'\t',
        "comma" => b',',
        "semicolon" => b';',
        "pipe" => b'|',
        s if s.len() == 1 && s.is_ascii() && !matches!(s, "\"" | "\n" | "\r") => s.as_bytes()[0],
        _ => {
            return Err(CliError::new(
                format!("分隔符“{s}”无效（一个 ASCII 字符，或 tab）"),
                format!("invalid delimiter {s:?} (one ASCII character, or tab)"),
            ))
        }
    };
    Ok(b)
}

/// Counts the bytes read from a file (for the progress bar).
struct Counting<R> {
    inner: R,
    n: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.n.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn open_stream(path: &Path, enc: &Enc) -> Result<(Stream, Arc<AtomicU64>)> {
    let mut f = File::open(path).map_err(|e| CliError::io("打开", "open", path, &e))?;
    if enc.skip > 0 {
        let mut bom = [0u8; 4];
        f.read_exact(&mut bom[..enc.skip])
            .map_err(|e| CliError::io("读取", "read", path, &e))?;
    }
    let n = Arc::new(AtomicU64::new(enc.skip as u64));
    let r = Counting {
        inner: f,
        n: n.clone(),
    };
    Ok(match enc.transcode {
        Some(e) => (Box::new(text::Transcoder::new(r, e)), n),
        None => (Box::new(r), n),
    })
}

fn read_err(path: &Path) -> impl Fn(io::Error) -> CliError + '_ {
    move |e| CliError::io("读取", "read", path, &e)
}

fn plan_text(
    path: &Path,
    forced: Option<Forced>,
    delimiter: Option<u8>,
    o: &Overrides,
) -> Result<TextPlan> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let mut sample = Vec::new();
    File::open(path)
        .and_then(|f| f.take(csvin::BLOCK as u64).read_to_end(&mut sample))
        .map_err(read_err(path))?;
    let detected = text::detect(&sample);
    let mut enc = match (detected, forced) {
        (Detected::Utf8Bom, None) => Enc {
            skip: 3,
            transcode: None,
            mode: Mode::Utf8Auto,
            name: "UTF-8 (BOM)".into(),
        },
        (Detected::Utf16 { le, bom }, None) => Enc {
            skip: bom,
            transcode: Some(text::utf16(le)),
            mode: Mode::Utf8,
            name: if le { "UTF-16LE" } else { "UTF-16BE" }.into(),
        },
        (Detected::Plain(mode), None) => Enc {
            skip: 0,
            transcode: None,
            mode,
            name: mode.name().into(),
        },
        (d, Some(Forced::Mode(mode))) => Enc {
            skip: if d == Detected::Utf8Bom && mode != Mode::Gb18030 {
                3
            } else {
                0
            },
            transcode: None,
            mode,
            name: mode.name().into(),
        },
        (d, Some(Forced::Transcode(e))) => Enc {
            skip: match d {
                Detected::Utf16 { bom, .. }
                    if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE =>
                {
                    bom
                }
                _ => 0,
            },
            transcode: Some(e),
            mode: Mode::Utf8,
            name: e.name().into(),
        },
    };
    let ext_tab = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "tsv" | "tab" | "xls"));
    let (mut dialect, mut blocks_head) = head_of(path, &enc, delimiter, ext_tab)?;
    if enc.mode == Mode::Gb18030 && enc.transcode.is_none() && dialect.delim >= 0x40 {
        // GBK trail bytes include `|` and other delimiters ≥ 0x40: decode first, then split.
        enc = Enc {
            skip: enc.skip,
            transcode: Some(encoding_rs::GB18030),
            mode: Mode::Utf8,
            name: "GB18030".into(),
        };
        (dialect, blocks_head) = head_of(path, &enc, delimiter, ext_tab)?;
    }
    let (rows, last) = blocks_head;
    let texts: Vec<Vec<String>> = rows.iter().map(|(r, _)| r.clone()).collect();
    let layout = columns::detect(&texts, o).map_err(|e| in_file(path, e))?;
    let (data_start, title_rows) = match layout.header_row {
        Some(h) => (rows[h].1, h as u64),
        None => (0, 0),
    };
    let _ = last;
    Ok(TextPlan {
        path: path.to_path_buf(),
        size,
        enc,
        dialect,
        layout,
        data_start,
        title_rows,
    })
}

type Head = (Vec<(Vec<String>, usize)>, bool);

fn head_of(
    path: &Path,
    enc: &Enc,
    delimiter: Option<u8>,
    ext_tab: bool,
) -> Result<(Dialect, Head)> {
    let (r, _) = open_stream(path, enc)?;
    let (buf, last) = Blocks::new(r).head().map_err(read_err(path))?;
    let buf = &buf[..];
    let mut dialect = csvin::sniff_dialect(buf, enc.mode, ext_tab);
    if let Some(d) = delimiter {
        dialect.delim = d;
    }
    Ok((
        dialect,
        (
            csvin::head(buf, last, dialect, enc.mode, columns::HEADER_SEARCH_ROWS),
            last,
        ),
    ))
}

fn in_file(path: &Path, e: CliError) -> CliError {
    CliError::new(
        format!("{}：{}", path.display(), e.message(Lang::Zh)),
        format!("{}: {}", path.display(), e.message(Lang::En)),
    )
}

type Stream = Box<dyn Read + Send>;

fn data_blocks(t: &TextPlan) -> Result<(Blocks<Stream>, Arc<AtomicU64>)> {
    let (r, bytes) = open_stream(&t.path, &t.enc)?;
    Ok((Blocks::new(r), bytes))
}

fn pieces() -> usize {
    rayon::current_num_threads().max(1) * 2
}

/// Reads a text input into the scan; also gives where its rows are, unless its bytes are
/// transcoded (the stream's positions are then not the file's).
fn scan_text(t: &TextPlan, feeder: &mut Feeder) -> Result<(FileInfo, Option<RowIndex>)> {
    let first_row = feeder.last_row() + 1;
    feeder.index = t.enc.transcode.is_none().then(RowIndex::default);
    let blank_before = feeder.stats.blank_rows;
    let (blocks, bytes) = data_blocks(t)?;
    feeder.stats.title_rows += t.title_rows;
    let l = &t.layout;
    let wanted = Wanted::new([Some(l.code), l.name, l.date, l.region]);
    let o = Options {
        dialect: t.dialect,
        wanted: &wanted,
        mode: t.enc.mode,
        pieces: pieces(),
        depth: Depth::Fields,
    };
    let done = feeder.bytes_done;
    let mut reserved = false;
    blocks
        .run(t.data_start, o, |step| {
            let parsed = match step {
                Step::Pieces(ps) => feeder.pieces(ps) as u64,
                Step::Oversized => {
                    feeder.oversized();
                    0
                }
            };
            if !reserved && parsed > 0 {
                // The rest of the file at the first block's bytes per row: the scanner's
                // store is sized once instead of growing (and copying) as it fills.
                reserved = true;
                let rows = feeder.last_row() + 1 - first_row;
                let rest = t.size.saturating_sub(parsed) as f64 / parsed as f64 * rows as f64;
                feeder.reserve(rest as usize);
                if let Some(ix) = &mut feeder.index {
                    ix.reserve(rest as usize);
                }
            }
            feeder
                .progress
                .set(done + bytes.load(Ordering::Relaxed), feeder.last_row());
            true
        })
        .map_err(read_err(&t.path))?;
    feeder.bytes_done += t.size;
    let rows = feeder.last_row() + 1 - first_row - (feeder.stats.blank_rows - blank_before);
    let index = feeder.index.take();
    let info = FileInfo {
        path: t.path.display().to_string(),
        format: "csv",
        sheet: None,
        encoding: Some(t.enc.name.clone()),
        delimiter: Some(match t.dialect.delim {
            b'\t' => "tab".to_string(),
            c => (c as char).to_string(),
        }),
        header_row: l.header_row.map(|h| h as u64 + 1),
        columns: Columns::of(l),
        first_row,
        rows,
        numbers: feeder.last_row() + 1 - first_row,
    };
    Ok((info, index))
}

fn plan_excel(path: &Path, sheet: Option<&str>, o: &Overrides) -> Result<ExcelPlan> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let mut wb = excel::open(path)?;
    let names = wb.names.clone();
    if names.is_empty() {
        return Err(CliError::new(
            format!("{} 没有工作表", path.display()),
            format!("{} has no sheets", path.display()),
        ));
    }
    let detect = |s: &Sheet| columns::detect(&s.head(columns::HEADER_SEARCH_ROWS), o);
    let mut sheets = Vec::new();
    match sheet.map(str::trim) {
        Some(all) if all.eq_ignore_ascii_case("all") || all == "全部" => {
            let mut seen = Vec::new();
            for n in &names {
                let s = wb.sheet(n)?;
                match detect(&s) {
                    Ok(l) => sheets.push((s, l)),
                    Err(e) => seen.push((n.clone(), e)),
                }
            }
            if sheets.is_empty() {
                return Err(no_sheet(path, &seen));
            }
        }
        Some(want) => {
            let name = names
                .iter()
                .find(|n| n.as_str() == want || n.trim() == want)
                .cloned()
                .or_else(|| {
                    want.parse::<usize>()
                        .ok()
                        .filter(|&i| i >= 1)
                        .and_then(|i| names.get(i - 1).cloned())
                })
                .ok_or_else(|| {
                    let list = columns::list(&names);
                    CliError::new(
                        format!("{} 中没有工作表“{want}”。工作表：{list}", path.display()),
                        format!("{} has no sheet {want:?}. Sheets: {list}", path.display()),
                    )
                })?;
            let s = wb.sheet(&name)?;
            let l = detect(&s).map_err(|e| in_file(path, sheet_err(&name, e)))?;
            sheets.push((s, l));
        }
        None => {
            let mut seen = Vec::new();
            for n in &names {
                let s = wb.sheet(n)?;
                match detect(&s) {
                    Ok(l) => {
                        sheets.push((s, l));
                        break;
                    }
                    Err(e) => seen.push((n.clone(), e)),
                }
            }
            if sheets.is_empty() {
                return Err(no_sheet(path, &seen));
            }
        }
    }
    Ok(ExcelPlan {
        path: path.to_path_buf(),
        size,
        sheets,
        sheet_count: names.len(),
    })
}

fn sheet_err(name: &str, e: CliError) -> CliError {
    CliError::new(
        format!("工作表“{name}”：{}", e.message(Lang::Zh)),
        format!("sheet {name:?}: {}", e.message(Lang::En)),
    )
}

fn no_sheet(path: &Path, seen: &[(String, CliError)]) -> CliError {
    let zh: Vec<String> = seen
        .iter()
        .map(|(n, e)| format!("工作表“{n}”：{}", e.message(Lang::Zh)))
        .collect();
    let en: Vec<String> = seen
        .iter()
        .map(|(n, e)| format!("sheet {n:?}: {}", e.message(Lang::En)))
        .collect();
    CliError::new(
        format!(
            "{} 的工作表中都找不到信用代码列。{}",
            path.display(),
            zh.join("；")
        ),
        format!(
            "no sheet of {} has a code column. {}",
            path.display(),
            en.join("; ")
        ),
    )
}

const EXCEL_CHUNK: usize = 1 << 16;

fn scan_excel(x: &ExcelPlan, feeder: &mut Feeder) -> Vec<FileInfo> {
    let mut infos = Vec::new();
    for (sheet, l) in &x.sheets {
        let first_row = feeder.last_row() + 1;
        let blank_before = feeder.stats.blank_rows;
        let start = l.header_row.map_or(0, |h| h + 1);
        feeder.stats.title_rows += l.header_row.unwrap_or(0) as u64;
        let cols = [
            (Some(l.code), Col::Code),
            (l.name, Col::Name),
            (l.date, Col::Date),
            (l.region, Col::Region),
        ];
        // The sheet's size is known: the scanner's store is sized once.
        feeder.reserve(sheet.height().saturating_sub(start));
        let mut r = start;
        while r < sheet.height() {
            let end = (r + EXCEL_CHUNK).min(sheet.height());
            let mut cells: Vec<(u64, [Option<String>; 4])> = Vec::with_capacity(end - r);
            for row in r..end {
                if sheet.blank_row(row) {
                    feeder.blank();
                    continue;
                }
                let mut f: [Option<String>; 4] = Default::default();
                for (slot, (col, how)) in cols.iter().enumerate() {
                    if let Some(c) = col {
                        let (s, origin) = sheet.cell(row, *c, *how);
                        if slot == 0 {
                            match origin {
                                Origin::Number => feeder.stats.numeric_code_cells += 1,
                                Origin::Formula => feeder.stats.formula_code_cells += 1,
                                _ => {}
                            }
                        }
                        f[slot] = Some(s);
                    }
                }
                cells.push((feeder.take_row(), f));
            }
            let records: Vec<Record<'_>> = cells
                .iter()
                .map(|(row, f)| Record {
                    row: *row,
                    code: f[0].as_deref().unwrap_or(""),
                    name: nonempty(f[1].as_deref()),
                    date: nonempty(f[2].as_deref()),
                    region: nonempty(f[3].as_deref()),
                })
                .collect();
            feeder.push(&records);
            feeder
                .progress
                .message(format!("{} rows", feeder.last_row()));
            r = end;
        }
        let rows = feeder.last_row() + 1 - first_row - (feeder.stats.blank_rows - blank_before);
        infos.push(FileInfo {
            path: x.path.display().to_string(),
            format: "excel",
            sheet: Some(sheet.name.clone()),
            encoding: None,
            delimiter: None,
            header_row: l.header_row.map(|h| (sheet.first_row() + h) as u64 + 1),
            columns: Columns::of(l),
            first_row,
            rows,
            numbers: feeder.last_row() + 1 - first_row,
        });
    }
    feeder.bytes_done += x.size;
    feeder.progress.set(feeder.bytes_done, feeder.last_row());
    infos
}

/// Code and name of a row read back, by row.
type ReadBack = Vec<(u64, [Option<String>; 2])>;

/// The report lists names and stored code spellings the scanner did not keep: read just those
/// rows again (only when the report needs it): from where the first pass saw them, or, for an
/// input without a row index or whose stretches do not read back alike, in a second pass over
/// the whole input. Returns the rows' code and name, sorted by row, and how many stretches and
/// how many whole inputs were read.
fn read_back(
    plans: &[Plan],
    files: &[FileInfo],
    indexes: Vec<Option<RowIndex>>,
    report: &Report,
) -> Result<(ReadBack, usize, usize)> {
    let mut rows = report.rows_missing_names();
    rows.extend(report.rows_missing_codes());
    let (mut stretches, mut passes) = (0, 0);
    if rows.is_empty() {
        return Ok((Vec::new(), stretches, passes));
    }
    rows.sort_unstable();
    rows.dedup();
    let mut got: ReadBack = Vec::with_capacity(rows.len());
    let mut infos = files.iter();
    let mut indexes = indexes.into_iter();
    for plan in plans {
        match plan {
            Plan::Text(t) => {
                let Some(info) = infos.next() else { break };
                let index = indexes.next().flatten();
                let want = within(&rows, info);
                if want.is_empty() {
                    continue;
                }
                let picked = match index {
                    Some(ix) => refetch_indexed(t, &ix, want)?,
                    None => None,
                };
                match picked {
                    Some((n, rows)) => {
                        stretches += n;
                        got.extend(rows);
                    }
                    None => {
                        passes += 1;
                        refetch_text(t, info.first_row, want, &mut got)?;
                    }
                }
            }
            Plan::Excel(x) => {
                for (sheet, l) in &x.sheets {
                    let Some(info) = infos.next() else { break };
                    let start = l.header_row.map_or(0, |h| h + 1);
                    for &row in within(&rows, info) {
                        let r = start + (row - info.first_row) as usize;
                        let code = sheet.cell(r, l.code, Col::Code).0;
                        let name = l.name.map(|c| sheet.cell(r, c, Col::Name).0);
                        got.push((row, [Some(code), name]));
                    }
                }
            }
        }
    }
    // Inputs in order, rows in order in each: sorted already (then sorting is one check).
    got.sort_unstable_by_key(|g| g.0);
    Ok((got, stretches, passes))
}

/// The rows (sorted) that belong to one input.
fn within<'a>(rows: &'a [u64], info: &FileInfo) -> &'a [u64] {
    let a = rows.partition_point(|&r| r < info.first_row);
    let b = rows.partition_point(|&r| r < info.first_row + info.numbers);
    &rows[a..b]
}

/// The code and name of the wanted rows, read from the stretches of the file holding them (on
/// all cores), with the number of stretches read; `None` when a stretch does not read back as
/// the first pass read it.
fn refetch_indexed(
    t: &TextPlan,
    index: &RowIndex,
    want: &[u64],
) -> Result<Option<(usize, ReadBack)>> {
    if !cfg!(any(unix, windows)) {
        return Ok(None); // no positioned reads: the whole file again
    }
    let Some(groups) = index.group(want) else {
        return Ok(None);
    };
    let file = File::open(&t.path).map_err(|e| CliError::io("打开", "open", &t.path, &e))?;
    let l = &t.layout;
    let wanted = Wanted::new([Some(l.code), l.name, None, None]);
    let skip = t.enc.skip as u64;
    // Runs of stretches per task: a buffer and an arena each, reused.
    // Stretches close together are read in one go (a read costs more than a few KB copied).
    let mut reads: Vec<&[(Stretch, std::ops::Range<usize>)]> = Vec::new();
    let mut first = 0;
    for k in 1..=groups.len() {
        let split = k == groups.len() || {
            let (a, b) = (&groups[k - 1].0, &groups[k].0);
            b.at > a.at + u64::from(a.len) + READ_GAP
                || b.at + u64::from(b.len) - groups[first].0.at > READ_MAX
        };
        if split {
            reads.push(&groups[first..k]);
            first = k;
        }
    }
    let runs: Vec<_> = reads.chunks(64).collect();
    let read: Vec<io::Result<Option<Vec<_>>>> = runs
        .par_iter()
        .map(|run| {
            let mut buf = Vec::new();
            let mut arena = Bump::new();
            let mut out = Vec::new();
            for stretches in run.iter() {
                let at = stretches[0].0.at;
                let last = &stretches[stretches.len() - 1].0;
                buf.resize((last.at + u64::from(last.len) - at) as usize, 0);
                read_at(&file, &mut buf, skip + at)?;
                for (s, rows) in stretches.iter() {
                    let rows = &want[rows.clone()];
                    let start = (s.at - at) as usize;
                    arena.reset();
                    let p = csvin::parse_piece(
                        &buf,
                        start,
                        start + s.len as usize,
                        true,
                        t.dialect,
                        &wanted,
                        t.enc.mode,
                        false,
                        Depth::Index,
                        &arena,
                    );
                    if p.rows != s.rows {
                        return Ok(None);
                    }
                    for &r in rows {
                        let n = (r - s.row + 1) as u32;
                        let [code, name, _, _] =
                            csvin::fields_of(&p, n, t.dialect, &wanted, t.enc.mode);
                        out.push((r, [code, name]));
                    }
                }
            }
            Ok(Some(out))
        })
        .collect();
    let mut all = Vec::with_capacity(want.len());
    for r in read {
        match r.map_err(read_err(&t.path))? {
            Some(v) => all.extend(v),
            None => return Ok(None),
        }
    }
    Ok(Some((groups.len(), all)))
}

/// Stretches at most this far apart are read together …
const READ_GAP: u64 = 4 << 10;
/// … up to this many bytes in one read.
const READ_MAX: u64 = 256 << 10;

/// Reads exactly `buf.len()` bytes at `at`.
fn read_at(f: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(f, buf, at)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < buf.len() {
            match std::os::windows::fs::FileExt::seek_read(f, &mut buf[done..], at + done as u64) {
                Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (f, buf, at);
        Err(io::ErrorKind::Unsupported.into())
    }
}

fn refetch_text(t: &TextPlan, first_row: u64, want: &[u64], got: &mut ReadBack) -> Result<()> {
    let (blocks, _) = data_blocks(t)?;
    let l = &t.layout;
    let wanted = Wanted::new([Some(l.code), l.name, None, None]);
    let o = Options {
        dialect: t.dialect,
        wanted: &wanted,
        mode: t.enc.mode,
        pieces: pieces(),
        depth: Depth::Index,
    };
    let mut row = first_row - 1;
    let mut next = want.iter().copied().peekable();
    blocks
        .run(t.data_start, o, |step| {
            match step {
                Step::Pieces(ps) => {
                    for p in &ps {
                        let base = row;
                        row += u64::from(p.rows);
                        while let Some(r) = next.next_if(|&w| w <= row) {
                            if r > base {
                                let n = (r - base) as u32;
                                let [code, name, _, _] =
                                    csvin::fields_of(p, n, t.dialect, &wanted, t.enc.mode);
                                got.push((r, [code, name]));
                            }
                        }
                    }
                }
                Step::Oversized => row += 1,
            }
            next.peek().is_some()
        })
        .map_err(read_err(&t.path))?;
    Ok(())
}

/// Notes about the input, in both languages.
fn stat_notes(s: &crate::feed::Stats, files: &[FileInfo]) -> Vec<(String, String)> {
    let mut v = Vec::new();
    let mut add = |n: u64, zh: String, en: String| {
        if n > 0 {
            v.push((zh, en));
        }
    };
    add(
        s.blank_rows,
        format!("{} 个空行未计入数据行", s.blank_rows),
        format!("{} blank rows are not data rows", s.blank_rows),
    );
    add(
        s.title_rows,
        format!("表头上方 {} 行标题未计入", s.title_rows),
        format!(
            "{} title rows above the header are not data rows",
            s.title_rows
        ),
    );
    add(
        s.short_rows,
        format!("{} 行列数不足，缺少的名称/日期按空值处理", s.short_rows),
        format!(
            "{} rows have too few fields; the missing name/date are empty",
            s.short_rows
        ),
    );
    add(
        s.undecodable_rows,
        format!("{} 行含无法解码的字节（显示为 �）", s.undecodable_rows),
        format!(
            "{} rows have bytes that could not be decoded (shown as �)",
            s.undecodable_rows
        ),
    );
    add(
        s.gb18030_fallback_rows,
        format!(
            "{} 行不是 UTF-8，已按 GB18030（GBK）读取",
            s.gb18030_fallback_rows
        ),
        format!(
            "{} rows were not UTF-8 and were read as GB18030 (GBK)",
            s.gb18030_fallback_rows
        ),
    );
    add(
        s.stray_quote_rows,
        format!(
            "{} 行含有未闭合的引号，已把引号当作普通字符读取",
            s.stray_quote_rows
        ),
        format!(
            "{} rows have a quote that never closes; it was read as an ordinary character",
            s.stray_quote_rows
        ),
    );
    add(
        s.oversized_rows,
        format!(
            "{} 行超过 {} 字节，无法读取，已跳过",
            s.oversized_rows,
            csvin::MAX_RECORD
        ),
        format!(
            "{} rows are longer than {} bytes and were skipped as unreadable",
            s.oversized_rows,
            csvin::MAX_RECORD
        ),
    );
    add(
        s.numeric_code_cells,
        format!(
            "{} 个信用代码单元格是数字格式（表格软件会丢失第15位之后的数字）",
            s.numeric_code_cells
        ),
        format!(
            "{} code cells are stored as numbers (spreadsheets lose the digits after the 15th)",
            s.numeric_code_cells
        ),
    );
    add(
        s.formula_code_cells,
        format!(
            "{} 个信用代码单元格是公式，按其保存的结果检查",
            s.formula_code_cells
        ),
        format!(
            "{} code cells are formulas; their stored results were checked",
            s.formula_code_cells
        ),
    );
    for f in files {
        if f.rows == 0 {
            v.push((
                format!("{} 没有数据行", f.path),
                format!("{} has no data rows", f.path),
            ));
        }
    }
    v
}
