//! A streaming, parallel CSV/TSV reader: reads the file in blocks, splits each block into pieces
//! at record boundaries, parses the pieces on all cores and hands the records to the scan in
//! file order. Memory is bounded by the block size plus the longest record allowed.
//!
//! Dialect: RFC 4180 with the usual leniency — a field that starts with `"` is quoted (`""`
//! inside is a quote, a newline inside is data, bytes after the closing quote are kept); a `"`
//! elsewhere is an ordinary character; records end at `\n`, `\r\n` (or `\r` in files without
//! `\n`). A record longer than [`MAX_RECORD`] is counted as unreadable and the reader resumes
//! at the next line.

use std::borrow::Cow;
use std::io::{self, Read};

use memchr::{memchr, memchr2};
use rayon::prelude::*;

use bumpalo::Bump;
use uscc::scan::Record;

use super::seps::Seps;
use super::text::{self, Decoded, Mode};

/// Bytes read per block.
pub const BLOCK: usize = 8 << 20;
/// Longest record read; a longer one is skipped as unreadable.
pub const MAX_RECORD: usize = 1 << 20;
/// [`Depth::Fields`] notes where every `MARK_EVERY`-th record of a piece starts
/// ([`Piece::marks`]), for a second pass that reads a few rows back.
pub const MARK_EVERY: u32 = 16;

/// Delimiter and record terminator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    pub delim: u8,
    pub term: u8,
}

/// A field's bytes in the block: `start..end`, quoted or not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub quoted: bool,
}

impl Span {
    fn new(start: usize, end: usize, quoted: bool) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
            quoted,
        }
    }
}

/// The outcome of parsing one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// The position after the record and the number of fields seen (counting stops after
    /// `max + 1`).
    Done(usize, usize),
    /// Not complete in the bytes given; more input follows.
    Incomplete,
    /// A quoted field that is never closed before the end of the input.
    Unterminated,
}

/// Parses one record at `pos` in `b` (positions absolute). `field(i, span)` is called for each
/// field `i <= max`. `quotes: false` reads quotes as ordinary characters (fast path for blocks
/// without any, and for lines with a stray quote).
pub fn record(
    b: &[u8],
    pos: usize,
    last: bool,
    d: Dialect,
    max: usize,
    quotes: bool,
    mut field: impl FnMut(usize, Span),
) -> Parsed {
    if quotes {
        record_quoted(b, pos, last, d, max, &mut field)
    } else {
        // Quotes as ordinary characters: the separator scanner a piece without quotes uses.
        Seps::new(b, pos, d).record(pos, last, max, field)
    }
}

fn record_quoted(
    b: &[u8],
    pos: usize,
    last: bool,
    d: Dialect,
    max: usize,
    field: &mut impl FnMut(usize, Span),
) -> Parsed {
    let len = b.len();
    let mut s = pos;
    let mut i = 0;
    loop {
        let quoted = s < len && b[s] == b'"';
        let from = if quoted {
            // Find the closing quote, stepping over "" pairs.
            let mut j = s + 1;
            loop {
                match memchr(b'"', &b[j..]) {
                    None if last => return Parsed::Unterminated,
                    None => return Parsed::Incomplete,
                    Some(k) => {
                        let q = j + k;
                        if q + 1 < len {
                            if b[q + 1] == b'"' {
                                j = q + 2;
                                continue;
                            }
                            break q + 1;
                        } else if last {
                            break len;
                        } else {
                            return Parsed::Incomplete; // a quote at the very end: "" or closing?
                        }
                    }
                }
            }
        } else {
            s
        };
        let fend = match memchr2(d.delim, d.term, &b[from..]) {
            Some(k) => from + k,
            None if last => len,
            None => return Parsed::Incomplete,
        };
        let at_end = fend >= len || b[fend] == d.term;
        let mut e = fend;
        if at_end && d.term == b'\n' && e > s && b[e - 1] == b'\r' {
            e -= 1;
        }
        if i <= max {
            field(i, Span::new(s, e, quoted));
        }
        i += 1;
        if at_end {
            return Parsed::Done((fend + 1).min(len), i);
        }
        s = fend + 1;
    }
}

/// A quoted field's content: without the quotes, `""` → `"`, bytes after the closing quote kept.
pub fn unquote(raw: &[u8]) -> Cow<'_, [u8]> {
    if raw.len() >= 2
        && raw[raw.len() - 1] == b'"'
        && memchr(b'"', &raw[1..raw.len() - 1]).is_none()
    {
        return Cow::Borrowed(&raw[1..raw.len() - 1]);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 1;
    while i < raw.len() {
        if raw[i] == b'"' {
            if raw.get(i + 1) == Some(&b'"') {
                out.push(b'"');
                i += 2;
                continue;
            }
            out.extend_from_slice(&raw[i + 1..]);
            break;
        }
        out.push(raw[i]);
        i += 1;
    }
    Cow::Owned(out)
}

/// Only delimiters, quotes and whitespace: a blank line.
fn blank(raw: &[u8], d: Dialect) -> bool {
    raw.iter()
        .all(|&c| c == d.delim || matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'"'))
}

/// Up to four columns wanted from each record: slot 0 is the code.
#[derive(Clone, Debug)]
pub struct Wanted {
    /// Column index of each slot (code, name, date, region).
    pub cols: [Option<usize>; 4],
    slot_of: Vec<u8>,
    max: usize,
}

const NO_SLOT: u8 = u8::MAX;

impl Wanted {
    pub fn new(cols: [Option<usize>; 4]) -> Wanted {
        let max = cols.iter().flatten().copied().max().unwrap_or(0);
        let mut slot_of = vec![NO_SLOT; max + 1];
        // Later slots first so that the code wins if two slots share a column.
        for (slot, c) in cols.iter().enumerate().rev() {
            if let Some(c) = c {
                slot_of[*c] = slot as u8;
            }
        }
        Wanted { cols, slot_of, max }
    }
}

/// What a record that is not data is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Blank,
    /// Too few fields for the code column.
    Ragged,
    /// Longer than [`MAX_RECORD`]: not examined.
    Oversized,
}

/// Facts about the records of a piece.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    /// Records with too few fields for a wanted column other than the code.
    pub short: u64,
    /// Records with bytes that could not be decoded.
    pub lossy: u64,
    /// Records of a UTF-8 file with a field read as GB18030.
    pub fallback: u64,
    /// Records read with quotes as ordinary characters (a quote that never closes).
    pub broken: u64,
}

/// The records of one piece of a block.
pub struct Piece<'a> {
    /// The block the records are in.
    pub data: &'a [u8],
    /// Where `data` starts in the byte stream read.
    pub at: u64,
    pub start: usize,
    pub consumed: usize,
    /// Records (rows) in the piece, data or not.
    pub rows: u32,
    /// [`Depth::Fields`]: the data records; `row` is the 1-based record number in the piece.
    pub records: Vec<Record<'a>>,
    /// [`Depth::Fields`]: where records 1, 1 + [`MARK_EVERY`], 1 + 2 × [`MARK_EVERY`] … start.
    pub marks: Vec<u32>,
    /// Records that are not data: number in the piece (1-based) and what they are.
    pub others: Vec<(u32, Kind)>,
    pub counts: Counts,
    /// [`Depth::Index`]: where each record ends (it starts where the one before ends).
    pub ends: Vec<u32>,
    /// [`Depth::Index`]: records read with quotes as ordinary characters, by number.
    pub plain_rows: Vec<u32>,
}

/// How much of each record [`parse_piece`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    /// The wanted fields, decoded.
    Fields,
    /// Only where each record is (for a second pass that picks a few rows).
    Index,
}

/// Parses the records in `b[start..end]`; stops before an incomplete record. `plain`: read
/// quotes as ordinary characters (a line with a stray quote). Decoded text that is not a
/// slice of `b` goes into `arena`.
#[allow(clippy::too_many_arguments)]
pub fn parse_piece<'a>(
    b: &'a [u8],
    start: usize,
    end: usize,
    last: bool,
    d: Dialect,
    w: &Wanted,
    mode: Mode,
    plain: bool,
    depth: Depth,
    arena: &'a Bump,
) -> Piece<'a> {
    let data = b;
    let b = &b[..end];
    let quotes = !plain && memchr(b'"', &b[start..]).is_some();
    let mut p = Piece {
        data,
        at: 0,
        start,
        consumed: start,
        rows: 0,
        records: Vec::new(),
        marks: Vec::new(),
        others: Vec::new(),
        counts: Counts::default(),
        ends: Vec::new(),
        plain_rows: Vec::new(),
    };
    if depth == Depth::Index && !quotes {
        // Every terminator ends a record.
        p.ends = memchr::memchr_iter(d.term, &b[start..])
            .map(|i| (start + i + 1) as u32)
            .collect();
        if last && p.ends.last().map_or(start, |&e| e as usize) < end {
            p.ends.push(end as u32);
        }
        if plain {
            p.plain_rows = (1..=p.ends.len() as u32).collect();
        }
        p.rows = p.ends.len() as u32;
        p.consumed = p.ends.last().map_or(start, |&e| e as usize);
        return p;
    }
    // Valid UTF-8 checked once for the whole piece (up to its last terminator): fields are
    // then slices of it, with no check each.
    let vend = if last {
        end
    } else {
        memchr::memrchr(d.term, &b[start..]).map_or(start, |i| start + i + 1)
    };
    let valid: Option<&'a str> = match mode {
        Mode::Utf8 | Mode::Utf8Auto if depth == Depth::Fields => {
            simdutf8::basic::from_utf8(&b[start..vend]).ok()
        }
        _ => None,
    };
    if depth == Depth::Fields {
        p.records.reserve((end - start) / 48 + 1);
    }
    let set = |spans: &mut [Option<Span>; 4], i: usize, sp: Span| {
        let slot = w.slot_of[i];
        if slot != NO_SLOT {
            spans[slot as usize] = Some(sp);
        }
    };
    let mut pos = start;
    // Without quotes, records are cut at separators found 64 bytes at a time.
    let mut seps = Seps::new(b, start, d);
    while pos < end {
        let mut spans = [None::<Span>; 4];
        let mut broken = plain;
        let parsed = if quotes {
            record(b, pos, last, d, w.max, true, |i, sp| set(&mut spans, i, sp))
        } else {
            seps.record(pos, last, w.max, |i, sp| set(&mut spans, i, sp))
        };
        let next = match parsed {
            Parsed::Done(next, _) => next,
            Parsed::Incomplete => break,
            Parsed::Unterminated => {
                // The quote never closes: read this one line with quotes as ordinary characters.
                broken = true;
                spans = [None; 4];
                let line_end = memchr(d.term, &b[pos..]).map_or(b.len(), |i| pos + i + 1);
                match record(&b[..line_end], pos, true, d, w.max, false, |i, sp| {
                    set(&mut spans, i, sp)
                }) {
                    Parsed::Done(next, _) => next,
                    _ => line_end,
                }
            }
        };
        let raw = &b[pos..next];
        let at = pos;
        pos = next;
        p.rows += 1;
        let n = p.rows;
        if depth == Depth::Index {
            p.ends.push(next as u32);
            if broken {
                p.plain_rows.push(n);
            }
            continue;
        }
        if (n - 1) % MARK_EVERY == 0 {
            p.marks.push(at as u32);
        }
        if raw.len() > MAX_RECORD {
            p.others.push((n, Kind::Oversized));
            continue;
        }
        if blank(raw, d) {
            p.others.push((n, Kind::Blank));
            continue;
        }
        if spans[0].is_none() {
            p.others.push((n, Kind::Ragged));
            continue;
        }
        let mut fields: [Option<&'a str>; 4] = [None; 4];
        let (mut short, mut lossy, mut fallback) = (false, false, false);
        for (slot, sp) in spans.iter().enumerate() {
            if w.cols[slot].is_none() {
                continue;
            }
            let Some(sp) = *sp else {
                short = true;
                continue;
            };
            let (fs, fe) = (sp.start as usize, sp.end as usize);
            if let Some(v) = valid.filter(|_| fe <= vend) {
                if !sp.quoted {
                    fields[slot] = Some(&v[fs - start..fe - start]);
                    continue;
                }
                if fe - fs >= 2 && b[fe - 1] == b'"' && memchr(b'"', &b[fs + 1..fe - 1]).is_none() {
                    fields[slot] = Some(&v[fs + 1 - start..fe - 1 - start]);
                    continue;
                }
            }
            let raw: &'a [u8] = &b[fs..fe];
            let bytes = if sp.quoted {
                unquote(raw)
            } else {
                Cow::Borrowed(raw)
            };
            fields[slot] = Some(match (bytes, mode) {
                (Cow::Borrowed(x), _) => match text::decode(mode, x) {
                    Decoded::Borrowed(t) => t,
                    Decoded::Owned {
                        text,
                        lossy: l,
                        fallback: f,
                    } => {
                        lossy |= l;
                        fallback |= f;
                        arena.alloc_str(&text)
                    }
                },
                (Cow::Owned(v), _) => match text::decode(mode, &v) {
                    Decoded::Borrowed(t) => arena.alloc_str(t),
                    Decoded::Owned {
                        text,
                        lossy: l,
                        fallback: f,
                    } => {
                        lossy |= l;
                        fallback |= f;
                        arena.alloc_str(&text)
                    }
                },
            });
        }
        p.counts.short += u64::from(short);
        p.counts.lossy += u64::from(lossy);
        p.counts.fallback += u64::from(fallback);
        p.counts.broken += u64::from(broken);
        let nonempty = |f: Option<&'a str>| f.filter(|s| !s.is_empty());
        p.records.push(Record {
            row: u64::from(n),
            code: fields[0].unwrap_or(""),
            name: nonempty(fields[1]),
            date: nonempty(fields[2]),
            region: nonempty(fields[3]),
        });
    }
    p.consumed = pos;
    p
}

/// Cuts `b` into about `n` pieces at record terminators outside quotes (by quote parity;
/// checked afterwards by parsing).
pub fn cut(b: &[u8], n: usize, d: Dialect) -> Vec<(usize, usize)> {
    let len = b.len();
    if n <= 1 || len < (256 << 10) {
        return vec![(0, len)];
    }
    let quotes = memchr(b'"', b).is_some();
    let mut out = Vec::with_capacity(n);
    let mut s = 0;
    let (mut counted, mut odd) = (0usize, false);
    for k in 1..n {
        let target = len / n * k;
        if target <= s {
            continue;
        }
        let mut p = target;
        let cut_at = loop {
            let Some(i) = memchr(d.term, &b[p..]) else {
                break None;
            };
            let t = p + i;
            if quotes {
                if t > counted {
                    odd ^= b[counted..t].iter().filter(|&&c| c == b'"').count() % 2 == 1;
                    counted = t;
                }
                if odd {
                    p = t + 1;
                    continue;
                }
            }
            break Some(t + 1);
        };
        match cut_at {
            Some(c) if c < len => {
                out.push((s, c));
                s = c;
            }
            _ => break,
        }
    }
    out.push((s, len));
    out
}

/// What a parsed block holds.
pub enum Step<'a> {
    /// Parsed pieces, in file order.
    Pieces(Vec<Piece<'a>>),
    /// A record longer than [`MAX_RECORD`] was dropped (one row).
    Oversized,
}

/// A block of input and the arenas of its pieces.
pub struct Buf {
    data: Vec<u8>,
    len: usize,
    arenas: Vec<Bump>,
}

impl Buf {
    fn new() -> Buf {
        Buf {
            data: vec![0; BLOCK + MAX_RECORD],
            len: 0,
            arenas: Vec::new(),
        }
    }
}

/// Reads a byte stream into blocks and parses them: each block is cut into pieces at record
/// boundaries, the pieces are parsed on all cores, and while a block's records are being used
/// the next block is read and parsed (two buffers, alternating).
pub struct Blocks<R> {
    r: R,
    eof: bool,
    /// Discarding the rest of an over-long line.
    skipping: bool,
    /// The incomplete record at the end of the last block, to start the next one.
    carry: Vec<u8>,
    /// Bytes still to drop at the start of the input (the header).
    skip: usize,
    /// Bytes read from `r` so far.
    read: u64,
}

/// How [`Blocks::run`] reads.
#[derive(Clone, Copy, Debug)]
pub struct Options<'w> {
    pub dialect: Dialect,
    pub wanted: &'w Wanted,
    pub mode: Mode,
    pub pieces: usize,
    pub depth: Depth,
}

impl<R: Read + Send> Blocks<R> {
    pub fn new(r: R) -> Blocks<R> {
        Blocks {
            r,
            eof: false,
            skipping: false,
            carry: Vec::new(),
            skip: 0,
            read: 0,
        }
    }

    /// Puts the carried bytes at the start of `buf` and reads until it is full or the input
    /// ends; drops the header and the rest of an over-long line first.
    fn refill(&mut self, buf: &mut Buf, term: u8) -> io::Result<()> {
        let carry = std::mem::take(&mut self.carry);
        buf.data[..carry.len()].copy_from_slice(&carry);
        buf.len = carry.len();
        self.carry = carry;
        self.carry.clear();
        loop {
            while buf.len < buf.data.len() && !self.eof {
                match self.r.read(&mut buf.data[buf.len..]) {
                    Ok(0) => self.eof = true,
                    Ok(n) => {
                        buf.len += n;
                        self.read += n as u64;
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            if self.skip > 0 {
                let n = self.skip.min(buf.len);
                buf.data.copy_within(n..buf.len, 0);
                buf.len -= n;
                self.skip -= n;
                if !self.eof {
                    continue;
                }
            }
            if !self.skipping {
                return Ok(());
            }
            match memchr(term, &buf.data[..buf.len]) {
                Some(i) => {
                    self.skipping = false;
                    buf.data.copy_within(i + 1..buf.len, 0);
                    buf.len -= i + 1;
                }
                None => buf.len = 0,
            }
            if self.eof {
                self.skipping = false;
                return Ok(());
            }
        }
    }

    /// Reads the next block into `buf` and parses it; keeps its incomplete end for the next.
    /// Returns the parsed block and whether the input is done.
    fn next_block<'x>(
        &mut self,
        buf: &'x mut Buf,
        o: Options<'_>,
    ) -> io::Result<(Option<Step<'x>>, bool)> {
        self.refill(buf, o.dialect.term)?;
        let last = self.eof;
        let Buf { data, len, arenas } = buf;
        let (data, len): (&'x Vec<u8>, usize) = (data, *len);
        // The buffer holds the last `len` bytes read, in order (carried, then new).
        let at = self.read - len as u64;
        let (mut step, used) = parse_block(&data[..len], arenas, last, o);
        if let Some(Step::Pieces(ps)) = &mut step {
            for p in ps {
                p.at = at;
            }
        }
        self.carry
            .extend_from_slice(&data[used.consumed.min(len)..len]);
        self.skipping |= used.skip_rest;
        Ok((step, len == 0 || (last && used.consumed >= len)))
    }

    /// Reads the start of the input (for header detection): up to one block, and whether it is
    /// all of the input.
    pub fn head(mut self) -> io::Result<(Vec<u8>, bool)> {
        let mut buf = Buf::new();
        self.refill(&mut buf, b'\n')?;
        buf.data.truncate(buf.len);
        Ok((buf.data, self.eof))
    }

    /// Reads everything after the first `skip` bytes, calling `feed` with each parsed block in
    /// order (`feed` returns false to stop early). Block k+1 is read and parsed while `feed`
    /// uses block k (two buffers, alternating).
    pub fn run(
        mut self,
        skip: usize,
        o: Options<'_>,
        mut feed: impl FnMut(Step<'_>) -> bool + Send,
    ) -> io::Result<()> {
        self.skip = skip;
        let mut a = Buf::new();
        let mut b = Buf::new();
        let (mut sa, mut done) = self.next_block(&mut a, o)?;
        loop {
            if done {
                if let Some(st) = sa {
                    feed(st);
                }
                return Ok(());
            }
            let (rb, go) =
                rayon::join(|| self.next_block(&mut b, o), || sa.map_or(true, &mut feed));
            let (sb, done_b) = rb?;
            if !go {
                return Ok(());
            }
            if done_b {
                if let Some(st) = sb {
                    feed(st);
                }
                return Ok(());
            }
            let (ra, go) =
                rayon::join(|| self.next_block(&mut a, o), || sb.map_or(true, &mut feed));
            (sa, done) = ra?;
            if !go {
                return Ok(());
            }
        }
    }
}

/// Where a parse stopped.
#[derive(Clone, Copy, Debug, Default)]
struct Used {
    consumed: usize,
    /// The rest of the input up to the next terminator is to be dropped.
    skip_rest: bool,
}

/// Parses a block: cuts it into pieces, parses them in parallel, checks the cuts, and handles
/// a record that does not fit. `None` when nothing was found yet (more input follows).
fn parse_block<'a>(
    data: &'a [u8],
    arenas: &'a mut Vec<Bump>,
    last: bool,
    o: Options<'_>,
) -> (Option<Step<'a>>, Used) {
    let d = o.dialect;
    let (w, mode, depth) = (o.wanted, o.mode, o.depth);
    if data.is_empty() {
        return (None, Used::default());
    }
    let bounds = cut(data, o.pieces, d);
    let nb = bounds.len();
    // An arena per piece, plus one for a re-parse and one for a stray-quote line.
    if arenas.len() < nb + 2 {
        arenas.resize_with(nb + 2, Bump::new);
    }
    for a in arenas.iter_mut() {
        a.reset();
    }
    let (arenas, spare) = arenas.split_at_mut(nb);
    let [redo, stray, ..] = spare else {
        return (None, Used::default());
    };
    let (redo, stray): (&Bump, &Bump) = (redo, stray);
    let mut parsed: Vec<Piece<'_>> = bounds
        .par_iter()
        .zip(arenas.par_iter_mut())
        .enumerate()
        .map(|(k, (&(s, e), a))| {
            parse_piece(data, s, e, last && k + 1 == nb, d, w, mode, false, depth, a)
        })
        .collect();
    // Check the cuts: each piece must start where the one before stopped.
    let mut consumed = 0;
    let mut ok = parsed.len();
    for (k, p) in parsed.iter().enumerate() {
        if p.start != consumed {
            ok = k;
            break;
        }
        consumed = p.consumed;
    }
    if ok < parsed.len() {
        parsed.truncate(ok);
        let p = parse_piece(
            data,
            consumed,
            data.len(),
            last,
            d,
            w,
            mode,
            false,
            depth,
            redo,
        );
        consumed = p.consumed;
        parsed.push(p);
    }
    let leftover = data.len() - consumed;
    if leftover > MAX_RECORD || (leftover > 0 && last) {
        // Over-long (or, at the end, unparseable) record: emit what came before it first.
        if parsed.iter().any(|p| p.rows > 0) {
            return (
                Some(Step::Pieces(parsed)),
                Used {
                    consumed,
                    skip_rest: false,
                },
            );
        }
        drop(parsed);
        let rest = &data[consumed..];
        return match memchr(d.term, rest) {
            // A stray quote ran on: read its line with quotes as ordinary characters.
            Some(i) if i < MAX_RECORD => {
                let p = parse_piece(
                    data,
                    consumed,
                    consumed + i + 1,
                    true,
                    d,
                    w,
                    mode,
                    true,
                    depth,
                    stray,
                );
                (
                    Some(Step::Pieces(vec![p])),
                    Used {
                        consumed: consumed + i + 1,
                        skip_rest: false,
                    },
                )
            }
            Some(i) => (
                Some(Step::Oversized),
                Used {
                    consumed: consumed + i + 1,
                    skip_rest: false,
                },
            ),
            None => (
                Some(Step::Oversized),
                Used {
                    consumed: data.len(),
                    skip_rest: !last,
                },
            ),
        };
    }
    if parsed.iter().all(|p| p.rows == 0) {
        return (
            None,
            Used {
                consumed,
                skip_rest: false,
            },
        );
    }
    (
        Some(Step::Pieces(parsed)),
        Used {
            consumed,
            skip_rest: false,
        },
    )
}

/// The wanted fields of record `n` (1-based) of a piece found by a [`Depth::Index`] pass.
pub fn fields_of(p: &Piece<'_>, n: u32, d: Dialect, w: &Wanted, mode: Mode) -> [Option<String>; 4] {
    let i = n as usize - 1;
    let s = if i == 0 {
        p.start
    } else {
        p.ends[i - 1] as usize
    };
    let e = p.ends[i] as usize;
    let b = &p.data[..e];
    let plain = p.plain_rows.binary_search(&n).is_ok();
    let quotes = !plain && memchr(b'"', &b[s..]).is_some();
    let mut spans = [None::<Span>; 4];
    let _ = record(b, s, true, d, w.max, quotes, |i, sp| {
        let slot = w.slot_of[i];
        if slot != NO_SLOT {
            spans[slot as usize] = Some(sp);
        }
    });
    spans.map(|sp| {
        let sp = sp?;
        let raw = &b[sp.start as usize..sp.end as usize];
        let bytes = if sp.quoted {
            unquote(raw)
        } else {
            Cow::Borrowed(raw)
        };
        Some(match text::decode(mode, &bytes) {
            Decoded::Borrowed(t) => t.to_string(),
            Decoded::Owned { text, .. } => text.into_owned(),
        })
    })
}

/// Reads the first `n` records with all their fields, decoded (for header detection).
/// Returns the rows and the byte offset after each.
pub fn head(b: &[u8], last: bool, d: Dialect, mode: Mode, n: usize) -> Vec<(Vec<String>, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    let quotes = memchr(b'"', b).is_some();
    while pos < b.len() && out.len() < n {
        let mut fields = Vec::new();
        let next = match record(b, pos, last, d, usize::MAX - 1, quotes, |_, sp| {
            fields.push(sp)
        }) {
            Parsed::Done(next, _) => next,
            Parsed::Incomplete => break,
            Parsed::Unterminated => {
                fields.clear();
                let line_end = memchr(d.term, &b[pos..]).map_or(b.len(), |i| pos + i + 1);
                match record(
                    &b[..line_end],
                    pos,
                    true,
                    d,
                    usize::MAX - 1,
                    false,
                    |_, sp| fields.push(sp),
                ) {
                    Parsed::Done(next, _) => next,
                    _ => break,
                }
            }
        };
        if next - pos > MAX_RECORD {
            break;
        }
        let row = fields
            .iter()
            .map(|sp| {
                let raw = &b[sp.start as usize..sp.end as usize];
                let bytes = if sp.quoted {
                    unquote(raw)
                } else {
                    Cow::Borrowed(raw)
                };
                match text::decode(mode, &bytes) {
                    Decoded::Borrowed(s) => s.to_string(),
                    Decoded::Owned { text, .. } => text.into_owned(),
                }
            })
            .collect();
        pos = next;
        out.push((row, pos));
    }
    out
}

/// Guesses the delimiter and terminator from the start of a file (`b`, decoded with `mode`
/// so that GBK bytes are not mistaken for delimiters): of `,` tab `;` `|`, the one on the most
/// of the first lines (title lines have none), then the most frequent.
pub fn sniff_dialect(b: &[u8], mode: Mode, ext_tab: bool) -> Dialect {
    let sample = &b[..b.len().min(64 << 10)];
    let text = match text::decode(mode, sample) {
        Decoded::Borrowed(t) => Cow::Borrowed(t),
        Decoded::Owned { text, .. } => text,
    };
    let term = if text.contains('\n') || !text.contains('\r') {
        '\n'
    } else {
        '\r'
    };
    let lines: Vec<&str> = text
        .split(term)
        .take(10)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let mut best = (if ext_tab { b'\t' } else { b',' }, (0usize, 0usize));
    for c in [b',', b'\t', b';', b'|'] {
        let on = lines.iter().filter(|l| l.contains(c as char)).count();
        let total: usize = lines.iter().map(|l| l.matches(c as char).count()).sum();
        let score = (on, total);
        if score > best.1 || (ext_tab && c == b'\t' && on > 0 && on == best.1 .0) {
            best = (c, score);
        }
    }
    Dialect {
        delim: best.0,
        term: term as u8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: Dialect = Dialect {
        delim: b',',
        term: b'\n',
    };

    fn fields(line: &[u8], quotes: bool) -> Vec<String> {
        let mut v = Vec::new();
        record(line, 0, true, D, usize::MAX - 1, quotes, |_, sp| {
            let raw = &line[sp.start as usize..sp.end as usize];
            let b = if sp.quoted {
                unquote(raw)
            } else {
                Cow::Borrowed(raw)
            };
            v.push(String::from_utf8(b.into_owned()).unwrap());
        });
        v
    }

    #[test]
    fn plain_and_quoted() {
        assert_eq!(fields(b"a,b,,c\r\n", false), ["a", "b", "", "c"]);
        assert_eq!(
            fields(b"\"a,1\",\"b\"\"x\"\"\",c\r\n", true),
            ["a,1", "b\"x\"", "c"]
        );
        assert_eq!(fields(b"\"multi\nline\",x\n", true), ["multi\nline", "x"]);
        assert_eq!(fields(b"ab\"c,d\n", true), ["ab\"c", "d"]);
        assert_eq!(fields(b"\"ab\"cd,e\n", true), ["abcd", "e"]);
        assert_eq!(fields(b"x,", false), ["x", ""]);
    }

    #[test]
    fn incomplete_records_wait() {
        assert_eq!(
            record(b"a,b", 0, false, D, 9, false, |_, _| {}),
            Parsed::Incomplete
        );
        assert_eq!(
            record(b"\"a\nb", 0, false, D, 9, true, |_, _| {}),
            Parsed::Incomplete
        );
        assert_eq!(
            record(b"\"a\"", 0, false, D, 9, true, |_, _| {}),
            Parsed::Incomplete
        );
        assert_eq!(
            record(b"\"a\nb", 0, true, D, 9, true, |_, _| {}),
            Parsed::Unterminated
        );
    }

    fn all(data: &[u8], pieces: usize, _block: bool) -> Vec<String> {
        let w = Wanted::new([Some(1), Some(0), None, None]);
        let o = Options {
            dialect: D,
            wanted: &w,
            mode: Mode::Utf8Auto,
            pieces,
            depth: Depth::Fields,
        };
        let mut out = Vec::new();
        Blocks::new(data)
            .run(0, o, |step| {
                match step {
                    Step::Pieces(ps) => {
                        for p in &ps {
                            let mut rows: Vec<(u32, String)> = p
                                .records
                                .iter()
                                .map(|r| {
                                    (
                                        r.row as u32,
                                        format!("{}|{}", r.code, r.name.unwrap_or("-")),
                                    )
                                })
                                .collect();
                            rows.extend(p.others.iter().map(|&(n, k)| {
                                let k = match k {
                                    Kind::Blank => "blank",
                                    Kind::Ragged => "ragged",
                                    Kind::Oversized => "oversized",
                                };
                                (n, k.to_string())
                            }));
                            rows.sort();
                            assert_eq!(rows.len(), p.rows as usize);
                            out.extend(rows.into_iter().map(|r| r.1));
                        }
                    }
                    Step::Oversized => out.push("oversized".into()),
                }
                true
            })
            .unwrap();
        out
    }

    /// The same records found by an index pass and read back one by one.
    fn indexed(data: &[u8], pieces: usize) -> Vec<String> {
        let w = Wanted::new([Some(1), Some(0), None, None]);
        let o = Options {
            dialect: D,
            wanted: &w,
            mode: Mode::Utf8Auto,
            pieces,
            depth: Depth::Index,
        };
        let mut out = Vec::new();
        Blocks::new(data)
            .run(0, o, |step| {
                match step {
                    Step::Pieces(ps) => {
                        for p in &ps {
                            assert_eq!(p.rows as usize, p.ends.len());
                            for n in 1..=p.rows {
                                let [code, name, _, _] = fields_of(p, n, D, &w, Mode::Utf8Auto);
                                out.push(match (code, name) {
                                    (Some(c), n) if !c.is_empty() => {
                                        format!(
                                            "{c}|{}",
                                            n.filter(|n| !n.is_empty()).unwrap_or("-".into())
                                        )
                                    }
                                    (None, Some(n)) if !n.trim().is_empty() => "ragged".into(),
                                    _ => "blank".into(),
                                });
                            }
                        }
                    }
                    Step::Oversized => out.push("oversized".into()),
                }
                true
            })
            .unwrap();
        out
    }

    #[test]
    fn blocks_in_order_with_quotes_and_cuts() {
        let mut data = Vec::new();
        let mut want = Vec::new();
        for i in 0..60_000 {
            if i % 7 == 0 {
                data.extend_from_slice(format!("\"名称\n{i}\",\"C{i}\"\r\n").as_bytes());
                want.push(format!("C{i}|名称\n{i}"));
            } else if i % 1000 == 5 {
                data.extend_from_slice(b"\n");
                want.push("blank".into());
            } else if i % 1000 == 6 {
                data.extend_from_slice(b"lonely\n");
                want.push("ragged".into());
            } else {
                data.extend_from_slice(format!("n{i},C{i},x\n").as_bytes());
                want.push(format!("C{i}|n{i}"));
            }
        }
        for pieces in [1, 2, 7] {
            assert_eq!(all(&data, pieces, true), want, "pieces {pieces}");
            assert_eq!(indexed(&data, pieces), want, "index, pieces {pieces}");
        }
    }

    /// A reader that hands out at most `step` bytes a call, as pipes and sockets do.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.step).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn records_across_block_boundaries() {
        // Three blocks and a bit, records with quoted line breaks everywhere (so some straddle
        // each cut), a header to skip, read in odd-sized pieces: every record once, in order.
        let mut data = b"header,line\n".to_vec();
        let mut want = Vec::new();
        let mut i = 0;
        while data.len() < 3 * BLOCK + 12_345 {
            if i % 5 == 0 {
                data.extend_from_slice(format!("\"多行\n名称{i}\",C{i}\r\n").as_bytes());
                want.push(format!("C{i}|多行\n名称{i}"));
            } else {
                data.extend_from_slice(format!("名称{i},C{i}\n").as_bytes());
                want.push(format!("C{i}|名称{i}"));
            }
            i += 1;
        }
        let w = Wanted::new([Some(1), Some(0), None, None]);
        let o = Options {
            dialect: D,
            wanted: &w,
            mode: Mode::Utf8Auto,
            pieces: 3,
            depth: Depth::Fields,
        };
        let mut got = Vec::new();
        let mut rows = 0u64;
        Blocks::new(Trickle {
            data: &data,
            step: 777_777,
        })
        .run(12, o, |step| {
            if let Step::Pieces(ps) = step {
                for p in &ps {
                    rows += u64::from(p.rows);
                    got.extend(
                        p.records
                            .iter()
                            .map(|r| format!("{}|{}", r.code, r.name.unwrap_or("-"))),
                    );
                }
            }
            true
        })
        .unwrap();
        assert_eq!(rows as usize, want.len());
        assert!(got == want, "{} records of {}", got.len(), want.len());
    }

    #[test]
    fn stray_quote_costs_no_row() {
        // A quote opened and never closed: its line is read with the quote as a character, and
        // every other line is read as usual — near the end of the input, and far from it.
        for n in [10, 40_000, 200_000] {
            let mut data = b"name,code\n\"broken,X\n".to_vec();
            for i in 0..n {
                data.extend_from_slice(format!("n{i},C{i}\n").as_bytes());
            }
            let out = all(&data, 2, true);
            assert_eq!(indexed(&data, 2), out);
            assert_eq!(out.len(), n + 2, "{n}");
            assert_eq!(out[0], "code|name");
            assert_eq!(out[1], "X|\"broken");
            assert_eq!(out[n + 1], format!("C{}|n{}", n - 1, n - 1));
        }
    }

    #[test]
    fn long_line_is_one_unreadable_row() {
        let mut data = b"a,b\n".to_vec();
        data.extend(std::iter::repeat(b'x').take(3 * MAX_RECORD + 5));
        data.extend_from_slice(b",y\nc,d\n");
        assert_eq!(all(&data, 2, true), ["b|a", "oversized", "d|c"]);
        let mut data = b"a,b\n".to_vec();
        data.extend(std::iter::repeat(b'x').take(BLOCK + 3 * MAX_RECORD));
        assert_eq!(all(&data, 2, true), ["b|a", "oversized"]);
    }

    #[test]
    fn sniffing() {
        let m = Mode::Utf8Auto;
        assert_eq!(sniff_dialect(b"a\tb\tc\n", m, false).delim, b'\t');
        assert_eq!(
            sniff_dialect(b"a;b;c\r\n", m, false),
            Dialect {
                delim: b';',
                term: b'\n'
            }
        );
        assert_eq!(
            sniff_dialect(b"a|b\rc|d\r", m, false),
            Dialect {
                delim: b'|',
                term: b'\r'
            }
        );
        assert_eq!(sniff_dialect(b"code\n", m, true).delim, b'\t');
        assert_eq!(
            sniff_dialect("标题\n名称|代码|日期\n甲|1|2\n".as_bytes(), m, false).delim,
            b'|'
        );
        assert_eq!(
            sniff_dialect(b"name,code,x\n\"a;b;c;d\",1,2\n", m, false).delim,
            b','
        );
        // GBK text whose bytes contain 0x7C is still a comma file.
        let (gbk, _, _) = encoding_rs::GBK.encode("名称,代码\n丨乙,1\n");
        assert_eq!(sniff_dialect(&gbk, Mode::Gb18030, false).delim, b',');
    }
}
