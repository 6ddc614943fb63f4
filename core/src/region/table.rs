//! The generated region table and the few functions that read its packed layout.
//!
//! `build.rs` turns `data/regions.tsv` into the static arrays included below. Layout:
//!
//! * **Index** (what [`is_known`](super::is_known) touches): `PROVINCE_SLOT[pp]` gives a
//!   province's slot (`u8::MAX` if none); `PREFECTURE_SLOT[province_slot * 100 + pp2]` gives the
//!   slot of a four-digit prefix (`NO_SLOT` if none); `SLOT_BITS[slot]` has bit `n` set when the
//!   code `prefix * 100 + n` is in the table. Slots are numbered in code order, so a row's index
//!   is `SLOT_BASE[slot]` plus the number of set bits below `n`: codes themselves are not stored.
//! * **Rows**, in code order: `ROW_NAME[i]` packs the newest name (17-bit byte offset into
//!   `NAMES`, 7-bit byte length) with a meta byte (level in bits 0–1, kind in bits 2–3, bit 4
//!   set when the row has a name history). `ROW_PERIOD[i]` is one packed period, or
//!   `MULTI_FLAG | k` where `MULTI_PERIODS[k]` is a count followed by that many periods.
//! * **Periods** are packed in a `u16`: bits 0–6 start − `YEAR_BASE`, bits 7–13 end −
//!   `YEAR_BASE` + 1, or 0 while current.
//! * **Name histories** exist only for the few hundred rows whose name changed or whose spans
//!   differ from their periods: `HISTORY_ROWS` (sorted row indices), `HISTORY_START`, and the
//!   spans in `SPAN_NAME` / `SPAN_YEARS`.
//! * **Notes**: `NOTES`, the evidence for the special codes, by code.
//!
//! `NAMES` holds every distinct name once; a name that occurs inside a longer one is not
//! stored again.

include!(concat!(env!("OUT_DIR"), "/regions_table.rs"));

use super::Period;

/// Row index of `code`, without allocating: three table reads and a popcount.
#[inline]
pub(super) fn index_of(code: u32) -> Option<u16> {
    if code >= 1_000_000 {
        return None;
    }
    let p = PROVINCE_SLOT[(code / 10_000) as usize];
    if p == u8::MAX {
        return None;
    }
    let s = PREFECTURE_SLOT[usize::from(p) * 100 + (code / 100 % 100) as usize];
    if s == NO_SLOT {
        return None;
    }
    let bits = SLOT_BITS[usize::from(s)];
    let bit = code % 100;
    if bits >> bit & 1 == 0 {
        return None;
    }
    let below = bits & ((1u128 << bit) - 1);
    Some(SLOT_BASE[usize::from(s)] + below.count_ones() as u16)
}

/// Whether `code` is in the table: the hot path of validation.
#[inline]
pub(super) fn contains(code: u32) -> bool {
    if code >= 1_000_000 {
        return false;
    }
    let p = PROVINCE_SLOT[(code / 10_000) as usize];
    if p == u8::MAX {
        return false;
    }
    let s = PREFECTURE_SLOT[usize::from(p) * 100 + (code / 100 % 100) as usize];
    s != NO_SLOT && SLOT_BITS[usize::from(s)] >> (code % 100) & 1 == 1
}

pub(super) fn name_at(packed: u32) -> &'static str {
    let off = (packed & 0x1_FFFF) as usize;
    let len = (packed >> 17 & 0x7F) as usize;
    &NAMES[off..off + len]
}

pub(super) fn meta(idx: u16) -> u8 {
    (ROW_NAME[usize::from(idx)] >> 24) as u8
}

pub(super) fn unpack(p: u16) -> Period {
    let start = YEAR_BASE + (p & 0x7F);
    let e = p >> 7 & 0x7F;
    Period {
        start,
        end: if e == 0 {
            None
        } else {
            Some(YEAR_BASE + e - 1)
        },
    }
}

/// The packed periods of a row, oldest first.
pub(super) fn periods(idx: u16) -> &'static [u16] {
    let i = usize::from(idx);
    let p = ROW_PERIOD[i];
    if p & MULTI_FLAG == 0 {
        &ROW_PERIOD[i..=i]
    } else {
        let k = usize::from(p & !MULTI_FLAG);
        let n = usize::from(MULTI_PERIODS[k]);
        &MULTI_PERIODS[k + 1..k + 1 + n]
    }
}

/// The (packed name, packed years) spans of a row with a history, oldest first.
pub(super) fn history(idx: u16) -> Option<(&'static [u32], &'static [u16])> {
    if meta(idx) & 0x10 == 0 {
        return None;
    }
    let h = HISTORY_ROWS.binary_search(&idx).ok()?;
    let (a, b) = (
        usize::from(HISTORY_START[h]),
        usize::from(HISTORY_START[h + 1]),
    );
    Some((&SPAN_NAME[a..b], &SPAN_YEARS[a..b]))
}

pub(super) fn note(code: u32) -> Option<&'static str> {
    NOTES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// Slots `a..b` of the two-digit province prefix `pp`.
pub(super) fn province_slots(pp: u32) -> (usize, usize) {
    if pp >= 100 {
        return (0, 0);
    }
    match PROVINCE_SLOT[pp as usize] {
        u8::MAX => (0, 0),
        p => {
            let (a, b) = PROVINCE_SLOTS[usize::from(p)];
            (usize::from(a), usize::from(b))
        }
    }
}

/// Slots `a..b` (empty or one slot) of the four-digit prefix `pppp`.
pub(super) fn prefecture_slots(pppp: u32) -> (usize, usize) {
    if pppp >= 10_000 {
        return (0, 0);
    }
    match PROVINCE_SLOT[(pppp / 100) as usize] {
        u8::MAX => (0, 0),
        p => match PREFECTURE_SLOT[usize::from(p) * 100 + (pppp % 100) as usize] {
            NO_SLOT => (0, 0),
            s => (usize::from(s), usize::from(s) + 1),
        },
    }
}
