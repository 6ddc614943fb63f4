//! `uscc gen`: synthetic registration data with labelled faults (wraps `uscc::synth`).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::args::{GenArgs, GenEncoding};
use crate::error::{exit, CliError, Result};
use crate::progress::Progress;

pub fn run(args: &GenArgs) -> Result<u8> {
    let rows =
        usize::try_from(args.rows).map_err(|_| CliError::new("行数过大", "too many rows"))?;
    // Ten million rows take half a minute: a spinner says it is working (on a terminal only),
    // cleared before anything else is printed, the error too.
    let progress = Progress::new(0, true);
    let data = generate_and_write(args, rows, &progress);
    progress.finish();
    let data = data?;
    let e = &data.truth.expected;
    eprintln!(
        "uscc gen: {} rows → {} ({}; expected: {} erroneous, {} duplicate, {} repeated)",
        rows,
        args.out.display(),
        match args.encoding {
            GenEncoding::Utf8 => "UTF-8",
            GenEncoding::Gbk => "GBK",
        },
        e.erroneous,
        e.duplicate,
        e.repeated
    );
    Ok(exit::OK)
}

fn generate_and_write(
    args: &GenArgs,
    rows: usize,
    progress: &Progress,
) -> Result<uscc::synth::Dataset> {
    progress.spin(format!("uscc gen: generating {rows} rows…"));
    let data = match &args.region {
        None => uscc::synth::generate(rows, args.seed),
        Some(p) => uscc::synth::generate_in(rows, args.seed, p).ok_or_else(|| {
            CliError::new(
                format!("没有以 {p} 开头的县级区划代码"),
                format!("no county-level region code starts with {p}"),
            )
        })?,
    };
    let create = |p: &Path| {
        if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| CliError::io("创建目录", "create the directory", dir, &e))?;
        }
        File::create(p)
            .map(|f| BufWriter::with_capacity(1 << 20, f))
            .map_err(|e| CliError::io("写入", "write", p, &e))
    };
    let out = create(&args.out)?;
    progress.spin(format!("uscc gen: writing {}…", args.out.display()));
    let written = match args.encoding {
        GenEncoding::Utf8 => data.write_csv(out),
        GenEncoding::Gbk => {
            let mut w = GbkWriter::new(out);
            data.write_csv(&mut w).and_then(|_| w.finish())
        }
    };
    written.map_err(|e| CliError::io("写入", "write", &args.out, &e))?;
    if let Some(t) = &args.truth {
        let out = create(t)?;
        data.truth
            .write_json(out)
            .map_err(|e| CliError::io("写入", "write", t, &e))?;
    }
    Ok(data)
}

/// Encodes UTF-8 written to it as GBK (GB18030, which encodes every character; the common
/// Chinese characters have the same bytes in GBK).
pub struct GbkWriter<W: Write> {
    inner: W,
    encoder: encoding_rs::Encoder,
    pending: Vec<u8>,
    out: Vec<u8>,
}

impl<W: Write> GbkWriter<W> {
    pub fn new(inner: W) -> GbkWriter<W> {
        GbkWriter {
            inner,
            encoder: encoding_rs::GB18030.new_encoder(),
            pending: Vec::new(),
            out: vec![0; 1 << 17],
        }
    }

    fn encode(&mut self, s: &str, last: bool) -> io::Result<()> {
        let mut src = s;
        loop {
            let (res, read, written) =
                self.encoder
                    .encode_from_utf8_without_replacement(src, &mut self.out, last);
            self.inner.write_all(&self.out[..written])?;
            src = &src[read..];
            match res {
                encoding_rs::EncoderResult::InputEmpty => return Ok(()),
                encoding_rs::EncoderResult::OutputFull => {}
                encoding_rs::EncoderResult::Unmappable(c) => {
                    return Err(io::Error::other(format!("cannot encode {c:?} in GB18030")));
                }
            }
        }
    }

    pub fn finish(mut self) -> io::Result<()> {
        let rest = std::mem::take(&mut self.pending);
        let s = String::from_utf8_lossy(&rest).into_owned();
        self.encode(&s, true)?;
        self.inner.flush()
    }
}

impl<W: Write> Write for GbkWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(_) => self.pending.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return Err(io::Error::new(io::ErrorKind::InvalidData, "not UTF-8")),
        };
        let chunk: Vec<u8> = self.pending.drain(..valid).collect();
        let s =
            String::from_utf8(chunk).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        self.encode(&s, false)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_round_trip() {
        let mut out = Vec::new();
        let mut w = GbkWriter::new(&mut out);
        let text = "统一社会信用代码,名称\n91350100M000100Y43,福州某某有限公司\n";
        // Split inside a character.
        w.write_all(&text.as_bytes()[..10]).unwrap();
        w.write_all(&text.as_bytes()[10..]).unwrap();
        w.finish().unwrap();
        let (back, _, bad) = encoding_rs::GBK.decode(&out);
        assert!(!bad);
        assert_eq!(back, text);
    }
}
