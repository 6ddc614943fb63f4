//! summary.json: the library's summary (every key of issue 5, in its order), then the inputs
//! as read.

use std::io::{self, Write};

use serde::Serialize;
use uscc::scan::{Report, Summary};

use crate::feed::Stats;
use crate::scan::{Context, FileInfo};

#[derive(Serialize)]
struct Lists {
    flagged: usize,
    duplicate_groups: usize,
    multi_code_entities: usize,
    collisions: usize,
}

#[derive(Serialize)]
struct Out<'a> {
    #[serde(flatten)]
    summary: &'a Summary,
    /// Entries in each list of the report (capped by --max-listed; counts are complete).
    lists: Lists,
    policy: uscc::Policy,
    has_names: bool,
    has_dates: bool,
    files: &'a [FileInfo],
    input: &'a Stats,
    generator: String,
}

pub fn write(
    out: &mut dyn Write,
    report: &Report,
    flagged: usize,
    ctx: &Context,
) -> io::Result<()> {
    let mut summary = report.summary.clone();
    // The library's notes are in English (`notes`) and Chinese (`notes_zh`); ours follow.
    summary
        .notes
        .extend(ctx.notes.iter().map(|(_, en)| en.clone()));
    summary
        .notes_zh
        .extend(ctx.notes.iter().map(|(zh, _)| zh.clone()));
    let o = Out {
        summary: &summary,
        lists: Lists {
            flagged,
            duplicate_groups: report.duplicates.len(),
            multi_code_entities: report.multi_code_entities.len(),
            collisions: report.collisions.len(),
        },
        policy: ctx.policy,
        has_names: ctx.has_names,
        has_dates: ctx.has_dates,
        files: &ctx.files,
        input: &ctx.stats,
        generator: format!("uscc {}", env!("CARGO_PKG_VERSION")),
    };
    serde_json::to_writer_pretty(&mut *out, &o).map_err(io::Error::other)?;
    out.write_all(b"\n")
}
