//! Text encodings: detection, per-field decoding, and a transcoding reader for encodings whose
//! bytes cannot be split on delimiters directly (UTF-16, or GBK with a `|` delimiter).

use std::io::{self, Read};

use encoding_rs::{CoderResult, Decoder, Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// How the bytes of a field become text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// UTF-8; a field that is not valid UTF-8 but is valid GB18030 is read as GB18030 (files
    /// concatenated from several exports), else decoded with U+FFFD and counted.
    Utf8Auto,
    /// UTF-8 only (set with `--encoding utf-8`, or after transcoding): invalid bytes → U+FFFD.
    Utf8,
    /// GB18030 (GBK, GB2312): invalid bytes → U+FFFD, counted.
    Gb18030,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Utf8Auto | Mode::Utf8 => "UTF-8",
            Mode::Gb18030 => "GB18030",
        }
    }
}

/// What the first bytes of a file say about its encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detected {
    /// UTF-8 with a byte-order mark (3 bytes to skip).
    Utf8Bom,
    /// UTF-16 (with a BOM of 2 bytes to skip, or 0 when recognised by its zero bytes).
    Utf16 { le: bool, bom: usize },
    /// No byte-order mark: decided from the content.
    Plain(Mode),
}

/// Looks at the start of a file. `sample` may end in the middle of a character.
pub fn detect(sample: &[u8]) -> Detected {
    if sample.starts_with(b"\xEF\xBB\xBF") {
        return Detected::Utf8Bom;
    }
    if sample.starts_with(b"\xFF\xFE") {
        return Detected::Utf16 { le: true, bom: 2 };
    }
    if sample.starts_with(b"\xFE\xFF") {
        return Detected::Utf16 { le: false, bom: 2 };
    }
    if let Some(le) = utf16_without_bom(sample) {
        return Detected::Utf16 { le, bom: 0 };
    }
    Detected::Plain(guess(sample))
}

/// UTF-16 text without a BOM: ASCII-heavy text has a zero byte in every other position.
fn utf16_without_bom(s: &[u8]) -> Option<bool> {
    let n = s.len().min(4096) & !1;
    if n < 8 {
        return None;
    }
    let (mut even0, mut odd0) = (0, 0);
    for (i, &b) in s[..n].iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even0 += 1
            } else {
                odd0 += 1
            }
        }
    }
    let half = n / 2;
    if odd0 * 10 >= half * 3 && even0 * 20 < half {
        Some(true)
    } else if even0 * 10 >= half * 3 && odd0 * 20 < half {
        Some(false)
    } else {
        None
    }
}

/// UTF-8 when the non-ASCII bytes are mostly valid UTF-8, else GB18030. ASCII only: UTF-8
/// (with the per-field GB18030 fallback).
pub fn guess(sample: &[u8]) -> Mode {
    let (mut valid_multibyte, mut invalid) = (0usize, 0usize);
    let mut rest = sample;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid_multibyte += count_leads(s.as_bytes());
                break;
            }
            Err(e) => {
                valid_multibyte += count_leads(&rest[..e.valid_up_to()]);
                match e.error_len() {
                    Some(n) => {
                        invalid += 1;
                        rest = &rest[e.valid_up_to() + n..];
                    }
                    None => break, // cut at the end of the sample
                }
            }
        }
    }
    if invalid == 0 || valid_multibyte >= 4 * invalid {
        Mode::Utf8Auto
    } else {
        Mode::Gb18030
    }
}

fn count_leads(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c >= 0xC0).count()
}

/// An `--encoding` label: how to read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forced {
    Mode(Mode),
    Transcode(&'static Encoding),
}

/// Parses `--encoding` (any WHATWG label: utf-8, gbk, gb18030, gb2312, utf-16le, big5 …).
pub fn forced(label: &str) -> Option<Forced> {
    let l = label.trim().to_ascii_lowercase();
    let enc = match l.as_str() {
        "utf8" | "utf-8-sig" | "utf8-sig" | "utf8bom" | "utf-8-bom" => UTF_8,
        "gbk" | "cp936" | "gb2312" | "gb18030" | "936" => GB18030,
        "utf16" | "utf-16" | "ucs-2" => UTF_16LE,
        _ => Encoding::for_label(l.as_bytes())?,
    };
    Some(if enc == UTF_8 {
        Forced::Mode(Mode::Utf8)
    } else if enc == GB18030 || enc == encoding_rs::GBK {
        Forced::Mode(Mode::Gb18030)
    } else {
        Forced::Transcode(enc)
    })
}

/// UTF-16 as an encoding.
pub fn utf16(le: bool) -> &'static Encoding {
    if le {
        UTF_16LE
    } else {
        UTF_16BE
    }
}

/// The result of decoding a field.
pub enum Decoded<'a> {
    /// Valid as it is.
    Borrowed(&'a str),
    /// Decoded into new text; `lossy` when some bytes could not be decoded.
    Owned {
        text: std::borrow::Cow<'a, str>,
        lossy: bool,
        fallback: bool,
    },
}

/// Decodes one field's bytes.
pub fn decode(mode: Mode, b: &[u8]) -> Decoded<'_> {
    match mode {
        Mode::Utf8 | Mode::Utf8Auto => match std::str::from_utf8(b) {
            Ok(s) => Decoded::Borrowed(s),
            Err(_) => {
                if mode == Mode::Utf8Auto {
                    let (t, had_errors) = GB18030.decode_without_bom_handling(b);
                    if !had_errors {
                        return Decoded::Owned {
                            text: t,
                            lossy: false,
                            fallback: true,
                        };
                    }
                }
                Decoded::Owned {
                    text: String::from_utf8_lossy(b),
                    lossy: true,
                    fallback: false,
                }
            }
        },
        Mode::Gb18030 => {
            if b.is_ascii() {
                // ASCII is the same in GB18030.
                if let Ok(s) = std::str::from_utf8(b) {
                    return Decoded::Borrowed(s);
                }
            }
            let (t, had_errors) = GB18030.decode_without_bom_handling(b);
            Decoded::Owned {
                text: t,
                lossy: had_errors,
                fallback: false,
            }
        }
    }
}

/// Decodes text in any encoding into UTF-8 as it is read.
pub struct Transcoder<R> {
    inner: R,
    decoder: Decoder,
    raw: Vec<u8>,
    raw_pos: usize,
    raw_len: usize,
    out: Vec<u8>,
    out_pos: usize,
    out_len: usize,
    eof: bool,
    done: bool,
}

impl<R: Read> Transcoder<R> {
    /// `inner` must be positioned after any byte-order mark.
    pub fn new(inner: R, encoding: &'static Encoding) -> Transcoder<R> {
        Transcoder {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            raw: vec![0; 1 << 16],
            raw_pos: 0,
            raw_len: 0,
            out: vec![0; 3 << 16],
            out_pos: 0,
            out_len: 0,
            eof: false,
            done: false,
        }
    }
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.out_pos == self.out_len {
            if self.done {
                return Ok(0);
            }
            if self.raw_pos == self.raw_len && !self.eof {
                let n = loop {
                    match self.inner.read(&mut self.raw) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        Err(e) => return Err(e),
                    }
                };
                self.raw_pos = 0;
                self.raw_len = n;
                self.eof = n == 0;
            }
            let last = self.eof;
            let (res, read, written, _) = self.decoder.decode_to_utf8(
                &self.raw[self.raw_pos..self.raw_len],
                &mut self.out,
                last,
            );
            self.raw_pos += read;
            self.out_pos = 0;
            self.out_len = written;
            if last && res == CoderResult::InputEmpty {
                self.done = true;
            }
        }
        let n = out.len().min(self.out_len - self.out_pos);
        out[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection() {
        assert_eq!(detect(b"\xEF\xBB\xBFcode\n"), Detected::Utf8Bom);
        assert_eq!(
            detect(b"\xFF\xFEc\0o\0"),
            Detected::Utf16 { le: true, bom: 2 }
        );
        assert_eq!(
            detect("名称,代码\n".as_bytes()),
            Detected::Plain(Mode::Utf8Auto)
        );
        let (gbk, _, _) =
            encoding_rs::GBK.encode("名称,统一社会信用代码\n某某有限公司,91350100M000100Y43\n");
        assert_eq!(detect(&gbk), Detected::Plain(Mode::Gb18030));
        assert_eq!(detect(b"code\n1\n"), Detected::Plain(Mode::Utf8Auto));
        let u16: Vec<u8> = "code,name\n1,2\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(detect(&u16), Detected::Utf16 { le: true, bom: 0 });
    }

    #[test]
    fn damaged_utf8_stays_utf8() {
        let mut s = "某某有限公司,统一社会信用代码,名称\n"
            .repeat(10)
            .into_bytes();
        s.push(0xFF);
        assert_eq!(guess(&s), Mode::Utf8Auto);
    }

    #[test]
    fn field_fallback() {
        let (gbk, _, _) = encoding_rs::GBK.encode("某某公司");
        match decode(Mode::Utf8Auto, &gbk) {
            Decoded::Owned {
                text,
                lossy: false,
                fallback: true,
            } => assert_eq!(text, "某某公司"),
            _ => panic!("expected a GB18030 fallback"),
        }
        match decode(Mode::Gb18030, b"\xFF\xFF") {
            Decoded::Owned { lossy: true, .. } => {}
            _ => panic!("expected lossy"),
        }
    }

    #[test]
    fn transcodes_utf16() {
        let text = "名称\t代码\n某公司\t91350100M000100Y43\n".repeat(5000);
        let u16: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let mut t = Transcoder::new(&u16[..], UTF_16LE);
        let mut out = String::new();
        t.read_to_string(&mut out).unwrap();
        assert_eq!(out, text);
    }
}
