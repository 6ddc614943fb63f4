//! The CSV files: UTF-8 with a BOM (so that Excel opens them right) and safe against CSV
//! injection (a cell that a spreadsheet would run as a formula gets a leading `'`).

use std::borrow::Cow;
use std::io::{self, Write};

use uscc::scan::{Counts, FlagClass, Flagged, Report};

use crate::lang::{self, Lang};
use crate::scan::{Context, FileInfo};

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a `'`.
pub fn safe(s: &str) -> Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

fn writer(out: &mut dyn Write) -> io::Result<csv::Writer<&mut dyn Write>> {
    out.write_all("\u{FEFF}".as_bytes())?;
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out))
}

fn row<const N: usize>(w: &mut csv::Writer<&mut dyn Write>, cells: [&str; N]) -> io::Result<()> {
    // Borrowed unless a cell needs its `'`: a copy of every cell was most of the writing.
    w.write_record(cells.iter().map(|c| match safe(c) {
        Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
        Cow::Owned(s) => Cow::Owned(s.into_bytes()),
    }))
    .map_err(io::Error::other)
}

/// The input (and its own row number) of a report row, when there are several inputs.
fn locate(files: &[FileInfo], row: u64) -> Option<&FileInfo> {
    let i = files.partition_point(|f| f.first_row <= row);
    files.get(i.checked_sub(1)?)
}

pub fn flagged(out: &mut dyn Write, flagged: &[Flagged], ctx: &Context) -> io::Result<()> {
    let lang = ctx.lang;
    let multi = ctx.files.len() > 1;
    let mut w = writer(out)?;
    if multi {
        row(
            &mut w,
            [
                "row",
                "code",
                "kind",
                "detail",
                "suggestion",
                "class",
                "file",
                "file_row",
            ],
        )?;
    } else {
        row(
            &mut w,
            ["row", "code", "kind", "detail", "suggestion", "class"],
        )?;
    }
    let mut skipped = ctx.skipped.iter().peekable();
    let emit = |w: &mut csv::Writer<&mut dyn Write>,
                r: u64,
                cells: [&str; 5],
                class: &str|
     -> io::Result<()> {
        let rs = r.to_string();
        if multi {
            let (file, frow) = match locate(&ctx.files, r) {
                Some(f) => (file_label(f), (r - f.first_row + 1).to_string()),
                None => (String::new(), String::new()),
            };
            row(
                w,
                [
                    &rs, cells[0], cells[1], cells[2], cells[3], class, &file, &frow,
                ],
            )
        } else {
            row(w, [&rs, cells[0], cells[1], cells[2], cells[3], class])
        }
    };
    for f in flagged {
        while let Some(s) = skipped.next_if(|s| s.row < f.row) {
            emit(&mut w, s.row, skip_cells(s.reason, lang), "skipped")?;
        }
        let kind = match (f.class, f.kind) {
            (FlagClass::Erroneous, Some(k)) => k.as_str(),
            (FlagClass::Erroneous, None) => "erroneous",
            (FlagClass::Duplicate, _) => "duplicate",
            (FlagClass::Repeated, _) => "repeated",
        };
        let class = match f.class {
            FlagClass::Erroneous => "erroneous",
            FlagClass::Duplicate => "duplicate",
            FlagClass::Repeated => "repeated",
        };
        let detail = if lang.zh() {
            &f.detail_zh
        } else {
            &f.detail_en
        };
        emit(
            &mut w,
            f.row,
            [
                &f.code,
                kind,
                detail,
                f.suggestion.as_deref().unwrap_or(""),
                "",
            ],
            class,
        )?;
    }
    for s in skipped {
        emit(&mut w, s.row, skip_cells(s.reason, lang), "skipped")?;
    }
    w.flush()
}

fn skip_cells(reason: uscc::scan::SkipReason, lang: Lang) -> [&'static str; 5] {
    [
        "",
        lang::skip_name(reason),
        lang::skip_label(reason, lang),
        "",
        "",
    ]
}

fn file_label(f: &FileInfo) -> String {
    match &f.sheet {
        Some(s) => format!("{} [{s}]", f.path),
        None => f.path.clone(),
    }
}

pub fn duplicates(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let mut w = writer(out)?;
    row(&mut w, ["group", "type", "key", "row", "code", "name"])?;
    let mut g = 0u64;
    let mut members = |w: &mut csv::Writer<&mut dyn Write>,
                       typ: &str,
                       key: &str,
                       ms: &[uscc::scan::Member]|
     -> io::Result<()> {
        g += 1;
        let gs = g.to_string();
        for m in ms {
            row(
                w,
                [
                    &gs,
                    typ,
                    key,
                    &m.row.to_string(),
                    &m.code,
                    m.name.as_deref().unwrap_or(""),
                ],
            )?;
        }
        Ok(())
    };
    for d in &report.duplicates {
        members(&mut w, "duplicate", &d.code, &d.members)?;
    }
    for e in &report.multi_code_entities {
        members(&mut w, "multi_code_entity", &e.name, &e.members)?;
    }
    for c in &report.collisions {
        members(
            &mut w,
            "subject_identifier_collision",
            &c.subject_identifier,
            &c.members,
        )?;
    }
    w.flush()
}

fn counts<'a>(c: &Counts, buf: &'a mut [String; 7]) -> [&'a str; 7] {
    *buf = [
        c.total.to_string(),
        c.valid.to_string(),
        c.erroneous.to_string(),
        c.duplicate.to_string(),
        c.repeated.to_string(),
        c.skipped.to_string(),
        c.rate.to_string(),
    ];
    let [a, b, cc, d, e, f, g] = buf;
    [a, b, cc, d, e, f, g]
}

pub fn monthly(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let mut w = writer(out)?;
    row(
        &mut w,
        [
            "month",
            "total",
            "valid",
            "erroneous",
            "duplicate",
            "repeated",
            "skipped",
            "rate",
        ],
    )?;
    let mut buf = Default::default();
    for m in &report.summary.monthly {
        let c = counts(&m.counts, &mut buf);
        row(&mut w, [&m.month, c[0], c[1], c[2], c[3], c[4], c[5], c[6]])?;
    }
    w.flush()
}

pub fn regions(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let mut w = writer(out)?;
    row(
        &mut w,
        [
            "region",
            "name",
            "total",
            "valid",
            "erroneous",
            "duplicate",
            "repeated",
            "skipped",
            "rate",
        ],
    )?;
    let mut buf = Default::default();
    for r in &report.summary.regions {
        let c = counts(&r.counts, &mut buf);
        row(
            &mut w,
            [
                &r.region,
                r.name.as_deref().unwrap_or(""),
                c[0],
                c[1],
                c[2],
                c[3],
                c[4],
                c[5],
                c[6],
            ],
        )?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injection() {
        assert_eq!(safe("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(safe("+1"), "'+1");
        assert_eq!(safe("-1"), "'-1");
        assert_eq!(safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe("\tx"), "'\tx");
        assert_eq!(safe("91350100M000100Y43"), "91350100M000100Y43");
        assert_eq!(safe(""), "");
    }
}
