//! "Did you mean" on damaged valid codes: one substitution, look-alike letters, a
//! transposition, a dropped or doubled character, spreadsheet truncation, two substitutions —
//! then optionally lower case, spaces or full width on top. Every suggestion must be exactly
//! the edit it claims and valid under the strict policy; after a single edit the original must
//! be among them (unless the list is full).
//!
//! Input: code number, edit kind, two edit arguments, noise flags, then a second edit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use uscc::{Policy, ALPHABET, MAX_SUGGESTIONS};
use uscc_fuzz::{gen, invariants};

const LOOKALIKE: [(char, char); 5] = [('0', 'O'), ('1', 'I'), ('2', 'Z'), ('5', 'S'), ('U', 'V')];

fn edit(c: &mut Vec<char>, kind: u8, a: u8, b: u8) -> bool {
    let (a, b) = (usize::from(a), usize::from(b));
    let alpha = |v: usize| ALPHABET[v % 31] as char;
    match kind % 8 {
        0 => {
            let p = a % 18;
            if c.len() != 18 || c[p] == alpha(b) {
                return false;
            }
            c[p] = alpha(b);
        }
        1 => {
            let spots: Vec<usize> = (0..c.len())
                .filter(|&i| LOOKALIKE.iter().any(|&(d, _)| d == c[i]))
                .collect();
            if spots.is_empty() {
                return false;
            }
            let i = spots[a % spots.len()];
            c[i] = LOOKALIKE.iter().find(|&&(d, _)| d == c[i]).unwrap().1;
        }
        2 => {
            let (d, l) = LOOKALIKE[a % 5];
            if !c.contains(&d) {
                return false;
            }
            for x in c.iter_mut().filter(|x| **x == d) {
                *x = l;
            }
        }
        3 => {
            let p = a % 17;
            if c.len() != 18 || c[p] == c[p + 1] {
                return false;
            }
            c.swap(p, p + 1);
        }
        4 => {
            if c.is_empty() {
                return false;
            }
            let p = a % c.len();
            c.remove(p);
        }
        5 => {
            let p = a % (c.len() + 1);
            c.insert(p, alpha(b));
        }
        6 => {
            let n = c.len();
            if n < 3 {
                return false;
            }
            for x in &mut c[n - 3..] {
                *x = '0';
            }
            return false; // not a single edit: no expectation about the original
        }
        _ => {
            let p = a % c.len().max(1);
            if let Some(x) = c.get_mut(p) {
                *x = alpha(b);
            }
            let q = b % c.len().max(1);
            if let Some(x) = c.get_mut(q) {
                *x = alpha(a);
            }
            return false;
        }
    }
    true
}

fuzz_target!(|data: &[u8]| {
    let arg = |i: usize| data.get(i).copied().unwrap_or(0);
    let codes = gen::strict_codes();
    let original = &codes[usize::from(arg(0)) % codes.len()];
    let mut c: Vec<char> = original.chars().collect();
    let mut single = edit(&mut c, arg(1), arg(2), arg(3));
    if data.len() > 7 {
        edit(&mut c, arg(5), arg(6), arg(7));
        single = false;
    }
    let flags = arg(4);
    let mut s: String = c.iter().collect();
    if flags & 1 != 0 {
        s = s.to_lowercase();
    }
    if flags & 2 != 0 {
        s = s
            .chars()
            .enumerate()
            .map(|(i, ch)| {
                if i % 4 == 3 {
                    format!("{ch} ")
                } else {
                    ch.to_string()
                }
            })
            .collect();
    }
    if flags & 4 != 0 {
        s = s.chars().map(gen::fullwidth).collect();
    }

    let p = Policy::default();
    let list = p.suggest(&s);
    invariants::suggestions(&s, &p, &list);
    invariants::verdict(&s, &p);
    if single && list.len() < MAX_SUGGESTIONS {
        assert!(
            list.iter().any(|sg| sg.code.as_str() == original),
            "{s:?}: one edit from {original}, not suggested: {list:?}"
        );
    }
});
