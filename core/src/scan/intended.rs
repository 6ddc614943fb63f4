//! The probable intended code of a 错码 record.
//!
//! Order of preference:
//! 1. a valid code **in the same batch** one substitution or one adjacent transposition away,
//!    carried by the same entity (same normalized name) — or by records without names, or any
//!    such code when the 错码 record itself has no name;
//! 2. a code of the record's [suggestion list](crate::suggest) that is in the batch under the
//!    same conditions (this reaches insertions, deletions, spreadsheet completions and several
//!    look-alikes at once);
//! 3. else the top suggestion that is **not** in the batch under another entity's name (that
//!    code belongs to someone else: proposing it would make a 重码).
//!
//! Step 1 is cheap thanks to the check equation: a single substitution that yields a valid
//! code must restore `Σ value·weight ≡ 0 (mod 31)`, which pins the one value each position
//! could take — 18 candidates at most, plus 17 transpositions that pass the same test.

use super::store::pack;
use crate::alphabet::{NONE, VALUE};
use crate::checksum::WEIGHTS;
use crate::ALPHABET;

/// Weight of each of the 18 positions in the check equation (position 18 weighs 1).
const W18: [u32; 18] = {
    let mut w = [1u32; 18];
    let mut i = 0;
    while i < 17 {
        w[i] = WEIGHTS[i] as u32;
        i += 1;
    }
    w
};

/// Inverse of each weight modulo 31.
const INV: [u32; 18] = {
    let mut t = [0u32; 18];
    let mut i = 0;
    while i < 18 {
        let mut x = 1;
        while (W18[i] * x) % 31 != 1 {
            x += 1;
        }
        t[i] = x;
        i += 1;
    }
    t
};

/// Packed keys of the codes one substitution or adjacent transposition from the normalized
/// text `t` that are valid under `policy` (only those can be codes of the batch).
pub(crate) fn neighbours(t: &str, policy: &crate::Policy) -> Vec<u128> {
    candidates(t)
        .into_iter()
        .map(|v| bytes(&v))
        .filter(|b| crate::diagnose::fast_valid(b, policy))
        .map(|b| pack(&b))
        .collect()
}

/// Every substitution and transposition passing the position-18 check, as values: the
/// pinned substitution of each position first, then the transpositions.
fn candidates(t: &str) -> Vec<[u8; 18]> {
    let b = t.as_bytes();
    let mut out = Vec::new();
    if t.chars().count() != 18 {
        return out;
    }
    if b.len() != 18 {
        // One non-ASCII character among 18: only a substitution there can fix it.
        if let Some((p, _)) = t
            .char_indices()
            .enumerate()
            .find(|(_, (_, c))| !c.is_ascii())
        {
            let chars: Vec<char> = t.chars().collect();
            if chars
                .iter()
                .enumerate()
                .all(|(i, c)| i == p || (c.is_ascii() && VALUE[*c as usize] != NONE))
            {
                let mut v = [0u8; 18];
                for (i, c) in chars.iter().enumerate() {
                    v[i] = if i == p { 0 } else { VALUE[*c as usize] };
                }
                push_pinned(&v, sum(&v), p, None, &mut out);
            }
        }
        return out;
    }
    let v: [u8; 18] = core::array::from_fn(|i| VALUE[b[i] as usize]);
    let bad: Vec<usize> = (0..18).filter(|&i| v[i] == NONE).collect();
    match bad.len() {
        0 => {
            // The sum once; each candidate's own sum follows from it in O(1).
            let total = sum(&v);
            for p in 0..18 {
                push_pinned(&v, total, p, Some(v[p]), &mut out);
            }
            for p in 0..17 {
                if v[p] != v[p + 1] {
                    let (a, b) = (u32::from(v[p]), u32::from(v[p + 1]));
                    let (wa, wb) = (W18[p], W18[p + 1]);
                    if (total + b * wa + a * wb - a * wa - b * wb) % 31 == 0 {
                        let mut s = v;
                        s.swap(p, p + 1);
                        out.push(s);
                    }
                }
            }
        }
        1 => {
            let mut s = v;
            s[bad[0]] = 0;
            push_pinned(&s, sum(&s), bad[0], None, &mut out);
        }
        _ => {}
    }
    out
}

fn sum(v: &[u8; 18]) -> u32 {
    (0..18).map(|i| u32::from(v[i]) * W18[i]).sum()
}

fn bytes(v: &[u8; 18]) -> [u8; 18] {
    core::array::from_fn(|i| ALPHABET[v[i] as usize])
}

/// The value position `p` must take for the check equation to hold (`total` is the sum of
/// `v` as it is), as a candidate — unless it is the value already there.
fn push_pinned(v: &[u8; 18], total: u32, p: usize, current: Option<u8>, out: &mut Vec<[u8; 18]>) {
    let rest = total - u32::from(v[p]) * W18[p];
    let x = ((31 - rest % 31) % 31 * INV[p] % 31) as u8;
    if Some(x) != current {
        let mut s = *v;
        s[p] = x;
        out.push(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::store::code_string;

    #[test]
    fn finds_the_original_of_a_typo_and_a_swap() {
        let p = crate::Policy::assessment();
        let n: Vec<String> = neighbours("91110108551385082R", &p)
            .into_iter()
            .map(code_string)
            .collect();
        assert!(n.contains(&"91110108551385082Q".to_string()));
        let n: Vec<String> = neighbours("91350100M000100Y34", &p)
            .into_iter()
            .map(code_string)
            .collect();
        assert!(n.contains(&"91350100M000100Y43".to_string()));
        let n: Vec<String> = neighbours("91350100M0001O0Y43", &p)
            .into_iter()
            .map(code_string)
            .collect();
        assert_eq!(n, ["91350100M000100Y43"]);
        let all = candidates("91350100M000100Y44");
        assert!(all.len() >= 18, "{} candidates", all.len());
        for c in all {
            let s = code_string(pack(&bytes(&c)));
            assert_eq!(
                crate::check_char(&s[..17]).unwrap(),
                s.chars().last().unwrap(),
                "{s}"
            );
        }
    }
}
