//! Dates (登记日期, 赋码日期, 成立日期 …) to months, for the monthly 重错码率.
//! The accepted forms are documented on [`Month`].

use core::fmt;

/// A calendar month (`YYYY-MM`), as the scan reads it from a date.
///
/// Accepted, with surrounding whitespace and full-width digits tolerated:
///
/// | form | example |
/// |---|---|
/// | ISO date, `-` `/` or `.` separated, one- or two-digit month and day | `2022-01-05`, `2022/1/5`, `2022.01.05` |
/// | year and month only | `2022-01`, `2022/1`, `2022.01`, `202201` |
/// | compact | `20220105` (also `202201051230` and `20220105123000`) |
/// | Chinese | `2022年1月5日`, `2022年1月5号`, `2022年01月` |
/// | any of the above followed by a time | `2022-01-05 13:45:00`, `2022-01-05T13:45:00+08:00`, `2022/1/5 9:30` |
/// | Excel serial day number, 1900 date system (what a spreadsheet gives for a date cell read as a number), optionally with a fraction for the time | `44566` → 2022-01-05, `44566.5` |
///
/// Excel's 1900 system counts 1900-01-01 as day 1 and, copying Lotus 1-2-3, also counts a
/// 29 February 1900 that never was (day 60): from day 61 on, day *n* is *n* days after
/// 1899-12-30; days 1–59 are *n* days after 1899-12-31; day 60 is reported as 1900-02, the
/// month a spreadsheet shows for it.
///
/// Everything else — an empty cell, `2022-13-01`, `2022-02-30`, `05/01/2022` (day-first or
/// month-first? unknowable), text — has no month: the scan counts it in the `unknown` row.
/// Years must lie in 1000–5000 (a four-digit year; a serial number up to 5 digits).
///
/// ```
/// use uscc::scan::Month;
/// let m = Month::parse("2022年1月5日").unwrap();
/// assert_eq!((m.year, m.month), (2022, 1));
/// assert_eq!(m.to_string(), "2022-01");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    /// The year, 1000–5000.
    pub year: u16,
    /// The month, 1–12.
    pub month: u8,
}

/// Internal compact key: `year * 12 + month - 1`; [`UNKNOWN_MONTH`] when there is none.
pub(crate) type MonthKey = u16;
pub(crate) const UNKNOWN_MONTH: MonthKey = u16::MAX;

const MIN_YEAR: u32 = 1000;
const MAX_YEAR: u32 = 5000;

impl Month {
    /// The month of a date in any accepted form (the table on [`Month`]).
    ///
    /// ```
    /// use uscc::scan::Month;
    /// for s in ["2022-01-05", "2022/1/5", "20220105", "2022年1月5日", "2022-01",
    ///           "2022.01.05", "2022-01-05 13:45:00", "44566"] {
    ///     assert_eq!(Month::parse(s).unwrap().to_string(), "2022-01", "{s}");
    /// }
    /// assert_eq!(Month::parse("2022-02-30"), None);
    /// assert_eq!(Month::parse("n/a"), None);
    /// ```
    pub fn parse(date: &str) -> Option<Month> {
        unpack(month_key(date))
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

pub(crate) fn unpack(k: MonthKey) -> Option<Month> {
    (k != UNKNOWN_MONTH).then(|| Month {
        year: k / 12,
        month: (k % 12 + 1) as u8,
    })
}

fn key(y: u32, m: u32) -> MonthKey {
    if (MIN_YEAR..=MAX_YEAR).contains(&y) & (1..=12).contains(&m) {
        (y * 12 + m - 1) as MonthKey
    } else {
        UNKNOWN_MONTH
    }
}

/// The month key of a day, [`UNKNOWN_MONTH`] when there is no such day. A table for the
/// month's length and plain arithmetic: no branch that depends on the numbers (dates come in
/// every month, day and year: a branch on them was a misprediction on many records).
#[inline]
fn key_ymd(y: u32, m: u32, d: u32) -> MonthKey {
    // Days in each month (index 0 and 13–15: none); February's 29th added for leap years.
    const DAYS: [u8; 16] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0, 0, 0];
    let leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0));
    let last = u32::from(DAYS[(m & 15) as usize]) + u32::from((m == 2) & leap);
    // A month past 15 wraps to one the table knows, but `key` refuses it anyway.
    if (1..=last).contains(&d) {
        key(y, m)
    } else {
        UNKNOWN_MONTH
    }
}

/// The month key of a date; [`UNKNOWN_MONTH`] when it has none.
#[inline]
pub(crate) fn month_key(date: &str) -> MonthKey {
    fast(date.as_bytes()).unwrap_or_else(|| general(date))
}

/// The forms most exports use, read without the general path's copy: `YYYY-MM-DD` (maybe
/// followed by a time), `YYYYMMDD`, and serial day numbers. `None`: ask [`general`], which
/// gives the same answer for every input (a property test holds them equal).
#[inline]
fn fast(b: &[u8]) -> Option<MonthKey> {
    match b.len() {
        10.. if b.len() == 10 || matches!(b[10], b' ' | b'T') => iso(b),
        8 => compact(b.try_into().ok()?),
        1..=5 if b.iter().all(u8::is_ascii_digit) => Some(serial(
            b.iter().fold(0, |v, &c| v * 10 + u32::from(c - b'0')),
        )),
        _ => None,
    }
    .or_else(|| short_parts(b))
}

/// `YYYY-MM-DD` at the start of `b` (at least 10 bytes): the first eight bytes checked and
/// turned into digit values as one word (the commonest form; read byte by byte, with a branch
/// on each digit and on the month, dates took a quarter of the per-record step).
#[inline]
fn iso(b: &[u8]) -> Option<MonthKey> {
    let v = digit_values(b[..8].try_into().ok()?, 0x2d30_302d_3030_3030)?;
    let (d0, d1) = (b[8] ^ b'0', b[9] ^ b'0');
    if v & 0xFF00_00FF_0000_0000 != 0 || d0 > 9 || d1 > 9 {
        return None;
    }
    let at = |i: u32| ((v >> (8 * i)) & 0xFF) as u32;
    let y = at(0) * 1000 + at(1) * 100 + at(2) * 10 + at(3);
    Some(key_ymd(
        y,
        at(5) * 10 + at(6),
        u32::from(d0) * 10 + u32::from(d1),
    ))
}

/// `YYYYMMDD`, the same way.
#[inline]
fn compact(b: &[u8; 8]) -> Option<MonthKey> {
    let v = digit_values(*b, 0x3030_3030_3030_3030)?;
    let at = |i: u32| ((v >> (8 * i)) & 0xFF) as u32;
    let y = at(0) * 1000 + at(1) * 100 + at(2) * 10 + at(3);
    Some(key_ymd(y, at(4) * 10 + at(5), at(6) * 10 + at(7)))
}

/// Eight bytes XOR-ed with `pattern` (`0x30` where a digit belongs, the separator elsewhere):
/// each digit becomes its value and each expected separator 0; `None` when any byte is not
/// 0–9 after it (a byte is 0–9 after XOR with `0x30` exactly when it is an ASCII digit).
#[inline]
fn digit_values(b: [u8; 8], pattern: u64) -> Option<u64> {
    let v = u64::from_le_bytes(b) ^ pattern;
    // A byte is at most 9 when it and it plus 6 both stay below 16.
    ((v | v.wrapping_add(0x0606_0606_0606_0606)) & 0xF0F0_F0F0_F0F0_F0F0 == 0).then_some(v)
}

/// `年`, `月` and `日` in UTF-8.
const YEAR: [u8; 3] = [0xE5, 0xB9, 0xB4];
const MONTH: [u8; 3] = [0xE6, 0x9C, 0x88];
const DAY: [u8; 3] = [0xE6, 0x97, 0xA5];

/// `YYYY/M/D` with one or two digits for month and day, the separator `/`, `-` or `.`
/// (the same twice), or `YYYY年M月D日`, and nothing else: the next most common forms.
#[inline]
fn short_parts(b: &[u8]) -> Option<MonthKey> {
    let (y, 4) = digits(b.get(..4)?) else {
        return None;
    };
    let rest = &b[4..];
    // One or two digits, then what follows them.
    let number = |b: &[u8]| -> Option<(u32, usize)> {
        let (v, n) = digits(&b[..b.len().min(2)]);
        (n > 0).then_some((v, n))
    };
    let sep = *rest.first()?;
    let chinese = match sep {
        b'/' | b'-' | b'.' => false,
        0xE5 => true,
        _ => return None,
    };
    // Separators compared as fixed-size arrays: a slice of either length was a `memcmp` call
    // on every date of these forms.
    let after = |b: &[u8], cjk: &[u8; 3]| -> Option<usize> {
        match chinese {
            false => (b.first() == Some(&sep)).then_some(1),
            true => (b.first_chunk::<3>() == Some(cjk)).then_some(3),
        }
    };
    let rest = &rest[after(rest, &YEAR)?..];
    let (m, n) = number(rest)?;
    let rest = &rest[n..];
    let rest = &rest[after(rest, &MONTH)?..];
    let (d, n) = number(rest)?;
    let end = &rest[n..];
    let ends = match chinese {
        false => end.is_empty(),
        true => end.len() == 3 && end.first_chunk::<3>() == Some(&DAY),
    };
    ends.then(|| key_ymd(y, m, d))
}

/// Every accepted form.
fn general(date: &str) -> MonthKey {
    let s = date.trim();
    if s.is_empty() {
        return UNKNOWN_MONTH;
    }
    // At most 40 bytes of ASCII-folded text are worth looking at.
    let mut buf = [0u8; 40];
    let mut n = 0;
    if s.is_ascii() {
        if s.len() > buf.len() {
            // Only a time part can make a real date this long: keep the head.
            let cut = s.len().min(buf.len());
            buf[..cut].copy_from_slice(&s.as_bytes()[..cut]);
            n = cut;
        } else {
            buf[..s.len()].copy_from_slice(s.as_bytes());
            n = s.len();
        }
    } else {
        for c in s.chars() {
            let b = match c {
                '０'..='９' => b'0' + (c as u32 - '０' as u32) as u8,
                '年' => b'y',
                '月' => b'm',
                '日' | '号' => b'd',
                '－' | '—' | '–' => b'-',
                '／' => b'/',
                '．' => b'.',
                '\u{3000}' => b' ',
                c if c.is_ascii() => c as u8,
                _ => b'?',
            };
            if n == buf.len() {
                break;
            }
            buf[n] = b;
            n += 1;
        }
    }
    parse_ascii(&buf[..n])
}

fn digits(b: &[u8]) -> (u32, usize) {
    let mut v = 0u32;
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        v = v.saturating_mul(10).saturating_add(u32::from(b[i] - b'0'));
        i += 1;
    }
    (v, i)
}

fn parse_ascii(b: &[u8]) -> MonthKey {
    let (lead, nd) = digits(b);
    if nd == 0 {
        return UNKNOWN_MONTH;
    }
    let rest = &b[nd..];
    // Only digits (maybe a fraction): compact dates and serial numbers.
    if rest.is_empty() || (rest[0] == b'.' && rest[1..].iter().all(u8::is_ascii_digit)) {
        let frac = if rest.is_empty() {
            &rest[..0]
        } else {
            &rest[1..]
        };
        return match (nd, rest.is_empty()) {
            (8 | 12 | 14, true) => {
                let d = &b[..8];
                let n = |r: core::ops::Range<usize>| digits(&d[r]).0;
                key_ymd(n(0..4), n(4..6), n(6..8))
            }
            (6, true) => key(lead / 100, lead % 100),
            // `2022.1`, `2022.01`: a year and a month, not serial day 2022.
            (4, false) if (1..=2).contains(&frac.len()) && lead >= 1900 => {
                key(lead, digits(frac).0)
            }
            (1..=5, _) => serial(lead),
            _ => UNKNOWN_MONTH,
        };
    }
    if nd != 4 {
        return UNKNOWN_MONTH;
    }
    let y = lead;
    let sep = rest[0];
    if !matches!(sep, b'-' | b'/' | b'.' | b'y') {
        return UNKNOWN_MONTH;
    }
    let (m, nm) = digits(&rest[1..]);
    if !(1..=2).contains(&nm) {
        return UNKNOWN_MONTH;
    }
    let rest = &rest[1 + nm..];
    let chinese = sep == b'y';
    // Year and month only.
    let end = |r: &[u8]| r.is_empty() || r[0] == b' ' || r[0] == b'T';
    if end(rest) || (chinese && rest == b"m") {
        return key(y, m);
    }
    let sep2 = rest[0];
    let ok = if chinese { sep2 == b'm' } else { sep2 == sep };
    if !ok {
        return UNKNOWN_MONTH;
    }
    let (d, ndd) = digits(&rest[1..]);
    if !(1..=2).contains(&ndd) {
        return UNKNOWN_MONTH;
    }
    let mut rest = &rest[1 + ndd..];
    if chinese && rest.first() == Some(&b'd') {
        rest = &rest[1..];
    }
    if end(rest) {
        key_ymd(y, m, d)
    } else {
        UNKNOWN_MONTH
    }
}

/// Excel 1900 date system serial day number to a month.
fn serial(n: u32) -> MonthKey {
    match n {
        0 => UNKNOWN_MONTH,
        60 => key(1900, 2),
        1..=59 => civil_month(n as i64 - 25_568), // days after 1899-12-31, as days since 1970
        _ => civil_month(n as i64 - 25_569),      // days after 1899-12-30
    }
}

/// Month of a day count since 1970-01-01 (H. Hinnant's civil-from-days).
fn civil_month(z: i64) -> MonthKey {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    if y < 0 {
        return UNKNOWN_MONTH;
    }
    key(y as u32, m as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> String {
        Month::parse(s).map_or("unknown".into(), |m| m.to_string())
    }

    #[test]
    fn chinese_separators_are_their_characters() {
        assert_eq!(YEAR.as_slice(), "年".as_bytes());
        assert_eq!(MONTH.as_slice(), "月".as_bytes());
        assert_eq!(DAY.as_slice(), "日".as_bytes());
    }

    #[test]
    fn forms() {
        for s in [
            "2022-01-05",
            "2022/1/5",
            "2022/01/05",
            "20220105",
            "2022年1月5日",
            "2022年01月05号",
            "２０２２年１月５日",
            "2022-01",
            "2022年1月",
            "2022.01.05",
            "2022.1",
            "202201",
            "2022-01-05 13:45:00",
            "2022-01-05T13:45:00+08:00",
            "2022/1/5 9:30",
            " 2022-01-05 ",
            "44566",
            "44566.5",
            "44566.0",
            "20220105123000",
        ] {
            assert_eq!(m(s), "2022-01", "{s}");
        }
    }

    proptest::proptest! {
        /// The fast forms answer exactly as the general path would.
        #[test]
        fn fast_forms_agree(s in "[0-9 T:/.-]{0,22}|[0-9]{4}-[0-9]{2}-[0-9]{2}[ T0-9:x-]{0,9}|[0-9]{1,9}|[0-9]{4}[/.-][0-9]{0,3}[/.-][0-9]{0,3}[ T0-9:x./-]{0,3}|[0-9]{4}年[0-9]{0,3}月[0-9]{0,3}[日号x ]{0,2}") {
            proptest::prop_assert_eq!(month_key(&s), general(&s), "{:?}", s);
        }
    }

    #[test]
    fn short_forms_take_the_fast_path() {
        for (s, want) in [
            ("2022/1/5", Some(key(2022, 1))),
            ("2022.12.31", Some(key(2022, 12))),
            ("2022-1-05", Some(key(2022, 1))),
            ("2022年1月5日", Some(key(2022, 1))),
            ("2022年11月30日", Some(key(2022, 11))),
            ("2022/2/30", Some(UNKNOWN_MONTH)),
            ("2022/1-5", None),
            ("2022/1/5 10:00", None),
            ("2022年1月5", None),
            ("2022/123/5", None),
        ] {
            assert_eq!(short_parts(s.as_bytes()), want, "{s}");
            assert_eq!(month_key(s), general(s), "{s}");
        }
    }

    #[test]
    fn leap_years_in_every_form() {
        for (s, want) in [
            ("2000-02-29", "2000-02"),
            ("2024-02-29", "2024-02"),
            ("1900-02-29", "unknown"),
            ("2023-02-29", "unknown"),
            ("2100-02-29", "unknown"),
            ("20000229", "2000-02"),
            ("19000229", "unknown"),
            ("2000/2/29", "2000-02"),
            ("1900年2月29日", "unknown"),
            ("2022-04-31", "unknown"),
            ("2022-12-31", "2022-12"),
            ("2022-00-10", "unknown"),
            ("2022-13-10", "unknown"),
            ("2022-01-00", "unknown"),
            ("0999-01-01", "unknown"),
            ("5000-12-31", "5000-12"),
            ("5001-01-01", "unknown"),
        ] {
            assert_eq!(m(s), want, "{s}");
            assert_eq!(month_key(s), general(s), "{s}");
        }
    }

    #[test]
    fn excel_1900_leap_bug() {
        assert_eq!(m("1"), "1900-01");
        assert_eq!(m("59"), "1900-02"); // 1900-02-28
        assert_eq!(m("60"), "1900-02"); // the day that never was
        assert_eq!(m("61"), "1900-03"); // 1900-03-01
        assert_eq!(m("43831"), "2020-01"); // 2020-01-01
        assert_eq!(m("43890"), "2020-02"); // 2020-02-29
        assert_eq!(m("43891"), "2020-03");
    }

    #[test]
    fn rejects() {
        for s in [
            "",
            "  ",
            "n/a",
            "2022-13-01",
            "2022-02-30",
            "2021-02-29",
            "05/01/2022",
            "2022-01-05x",
            "2022-1-5-3",
            "0",
            "123456789",
            "9999-01-01",
            "2022/01-05",
            "2022年1-5",
            "-",
            "2022-",
        ] {
            assert_eq!(m(s), "unknown", "{s}");
        }
        assert_eq!(m("2020-02-29"), "2020-02");
    }
}
