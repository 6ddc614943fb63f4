//! "Did you mean": valid codes one edit away from an invalid input.
//!
//! The position-18 equation `Σ value(cᵢ)·Wᵢ + value(c₁₈) ≡ 0 (mod 31)` pins, for each
//! position, the one value a single substitution there would need — so there are at most 18
//! substitution candidates, not 18 × 30. Every candidate must then pass every layer (pair,
//! region known in some year, GB 11714, position 18); with all layers the ~18 candidates
//! shrink to ~1.7 on average (spec §5).
//!
//! Edits tried: one substitution (look-alikes first: O/0, I/1, Z/2, S/5, V/U, B/8, D/0, Q/0,
//! G/6, T/7), one adjacent transposition, one insertion or deletion, and, for a code a
//! spreadsheet truncated, the all-digit completions of positions 16–18.
//!
//! ```
//! let s = uscc::suggest("91350100M0001OOY43");          // two O's for zeros
//! assert_eq!(s[0].code.as_str(), "91350100M000100Y43");
//! let s = uscc::suggest("91350100M000100Y34");          // swapped
//! assert_eq!(s[0].code.as_str(), "91350100M000100Y43");
//! assert_eq!(s[0].edit, uscc::Edit::Transpose { position: 17 });
//! ```

use core::fmt;

use crate::alphabet::{is_confusable_pair, lookalike_of_excluded, NONE, VALUE};
use crate::checksum::{check_value, org_check_byte, WEIGHTS};
use crate::diagnose::fast_valid;
use crate::{Code, Lang, Policy, ALPHABET};

/// At most this many suggestions are returned.
pub const MAX_SUGGESTIONS: usize = 8;

/// How a suggestion differs from the input (positions are 1-based, in the normalized text).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "edit", rename_all = "snake_case"))]
pub enum Edit {
    /// One character replaced.
    Substitute {
        /// Position replaced.
        position: u32,
        /// Character in the input.
        from: char,
        /// Character in the suggestion.
        to: char,
    },
    /// Characters at `position` and `position + 1` swapped.
    Transpose {
        /// First of the two positions.
        position: u32,
    },
    /// A character inserted at `position` (the input was one short).
    Insert {
        /// Position of the new character.
        position: u32,
        /// The inserted character.
        ch: char,
    },
    /// The character at `position` removed (the input was one too long).
    Delete {
        /// Position removed.
        position: u32,
        /// The removed character.
        ch: char,
    },
    /// Several never-used letters replaced by their look-alikes (O→0, I→1 …).
    Lookalikes {
        /// How many were replaced.
        count: u32,
    },
    /// Positions 16–18, lost by a spreadsheet, completed with digits.
    Completion,
}

impl Edit {
    /// A short description for a button or a log line.
    ///
    /// ```
    /// let e = uscc::Edit::Substitute { position: 5, from: 'O', to: '0' };
    /// assert_eq!(e.describe(uscc::Lang::Zh), "第5位 O→0");
    /// assert_eq!(e.describe(uscc::Lang::En), "position 5: O→0");
    /// ```
    pub fn describe(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match *self {
            Edit::Substitute {
                position: p,
                from,
                to,
            } if zh => format!("第{p}位 {from}→{to}"),
            Edit::Substitute {
                position: p,
                from,
                to,
            } => format!("position {p}: {from}→{to}"),
            Edit::Transpose { position: p } if zh => format!("第{p}、{}位互换", p + 1),
            Edit::Transpose { position: p } => format!("positions {p} and {} swapped", p + 1),
            Edit::Insert { position: p, ch } if zh => format!("第{p}位补上 {ch}"),
            Edit::Insert { position: p, ch } => format!("insert {ch} at position {p}"),
            Edit::Delete { position: p, ch } if zh => format!("删去第{p}位 {ch}"),
            Edit::Delete { position: p, ch } => format!("delete {ch} at position {p}"),
            Edit::Lookalikes { count } if zh => format!("{count} 个形近字母改为数字"),
            Edit::Lookalikes { count } => format!("{count} look-alike letters replaced"),
            Edit::Completion if zh => "补全电子表格丢失的末三位".to_string(),
            Edit::Completion => "last three digits, lost by a spreadsheet, completed".to_string(),
        }
    }
}

/// A candidate code and the edit that leads to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Suggestion {
    /// The valid code.
    pub code: Code,
    /// How it differs from the input.
    pub edit: Edit,
}

impl fmt::Display for Suggestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.code.fmt(f)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Suggestion {
    /// As the code string: the shape of the `suggestions` lists in every binding.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code.as_str())
    }
}

/// Suggestions for an input under the default policy, most likely first. Empty for a code
/// that already passes every rule.
///
/// ```
/// let s = uscc::suggest("91110108551385082R");
/// assert_eq!(s[0].code.as_str(), "91110108551385082Q");
/// assert!(uscc::suggest("91350100M000100Y43").is_empty());
/// ```
pub fn suggest(input: &str) -> Vec<Suggestion> {
    Policy::default().suggest(input)
}

impl Policy {
    /// Suggestions under this policy (its issue year, if any, filters candidates).
    ///
    /// ```
    /// let s = uscc::Policy::default().suggest("916201055811843000"); // spreadsheet-truncated
    /// assert!(s.iter().all(|s| s.edit == uscc::Edit::Completion));
    /// assert!(s.iter().all(|s| s.code.as_str().starts_with("916201055811843")));
    /// ```
    pub fn suggest(&self, input: &str) -> Vec<Suggestion> {
        self.suggest_near(input, None).suggestions
    }

    /// The suggestions and, with `near`, the codes one substitution or adjacent transposition
    /// from the input that pass `near` (the scan's policy: it looks for them among the batch's
    /// valid codes), found in one pass over the edits. `near` is in edit order: substitutions
    /// by position, then transpositions by position.
    pub(crate) fn suggest_near(&self, input: &str, near: Option<&Policy>) -> Nearby {
        let Ok(n) = crate::normalize(input) else {
            return Nearby::default();
        };
        let t: &str = &n.text;
        let strict = Policy {
            issue_year: self.issue_year,
            ..Policy::strict()
        };
        // A code that passes every rule needs no suggestion (but may still have neighbours).
        let suggesting = !fast_valid(t.as_bytes(), &strict);
        if !suggesting && near.is_none() {
            return Nearby::default();
        }
        // Only 17, 18 and 19 characters have edits to try: on the stack, not in a vector (a
        // scan asks this of every listed 错码).
        let mut buf = ['\0'; 19];
        let mut len = 0;
        for c in t.chars() {
            if len == buf.len() {
                return Nearby::default();
            }
            buf[len] = c;
            len += 1;
        }
        let chars = &buf[..len];
        let mut found = Candidates {
            strict,
            // Sized for the usual handful: grown by pushes, these were a reallocation or two
            // for every 错码 of a scan.
            list: Vec::with_capacity(8),
            near: near.map(|p| (*p, strict.implies(p))),
            near_list: Vec::with_capacity(if near.is_some() { 4 } else { 0 }),
            suggesting,
        };
        match chars.len() {
            18 => {
                substitutions(chars, &mut found);
                transpositions(chars, &mut found);
                if suggesting {
                    completions(chars, &mut found);
                }
            }
            17 if suggesting => insertions(chars, &mut found),
            19 if suggesting => deletions(chars, &mut found),
            _ => {}
        }
        let mut list = found.list;
        // One entry per code, its best-ranked edit: group by code first (the same code can be
        // reached by two edits that rank apart), then rank.
        list.sort_by(|a, b| a.1.code.cmp(&b.1.code).then(a.0.cmp(&b.0)));
        list.dedup_by(|a, b| a.1.code == b.1.code);
        list.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.code.cmp(&b.1.code)));
        list.truncate(MAX_SUGGESTIONS);
        Nearby {
            suggestions: list.into_iter().map(|(_, s)| s).collect(),
            near: found.near_list,
        }
    }

    /// Whether every code valid under `self` is valid under `other` (checked rule by rule,
    /// for the rules [`fast_valid`] applies; both with the same issue year).
    fn implies(&self, other: &Policy) -> bool {
        use crate::{RegionRule, RuleLevel};
        let org = match (self.org_check, other.org_check) {
            (_, RuleLevel::Off) | (RuleLevel::Error, _) => true,
            (a, b) => a == b,
        };
        // Every region of the table has its province's row (tested), so Strict implies
        // Lenient.
        let regions = match (self.regions, other.regions) {
            (_, RegionRule::Ignore) | (RegionRule::Strict, RegionRule::Lenient) => true,
            (a, b) => a == b,
        };
        org && regions && (self.issue_year == other.issue_year || other.issue_year.is_none())
    }
}

/// What [`Policy::suggest_near`] found.
#[derive(Debug, Default)]
pub(crate) struct Nearby {
    pub(crate) suggestions: Vec<Suggestion>,
    pub(crate) near: Vec<[u8; 18]>,
}

/// Ranking, most likely first: edit class (look-alike, transposition, substitution,
/// insertion/deletion), how common the candidate's department/category pair is (an edit
/// that turns 个体工商户 into 基层工会 is less likely than one that keeps it), whether its
/// region existed in the USCC era (2015–), then position.
type Rank = (u8, u8, u8, u32);

struct Candidates {
    strict: Policy,
    list: Vec<(Rank, Suggestion)>,
    /// The policy of [`Nearby::near`], and whether passing `strict` implies passing it (then
    /// `strict` is asked only of the candidates that pass it).
    near: Option<(Policy, bool)>,
    near_list: Vec<[u8; 18]>,
    /// False when the input itself passes `strict`: only `near` is wanted.
    suggesting: bool,
}

impl Candidates {
    /// A candidate of any edit.
    fn offer(&mut self, b: &[u8; 18], class: u8, position: u32, edit: Edit) {
        if self.suggesting && fast_valid(b, &self.strict) {
            self.push(b, class, position, edit);
        }
    }

    /// A candidate one substitution or adjacent transposition away: also one for `near`.
    fn offer_near(&mut self, b: &[u8; 18], class: u8, position: u32, edit: Edit) {
        let Some((policy, implied)) = self.near else {
            return self.offer(b, class, position, edit);
        };
        let near = fast_valid(b, &policy);
        if near {
            self.near_list.push(*b);
        }
        if self.suggesting && (near || !implied) && fast_valid(b, &self.strict) {
            self.push(b, class, position, edit);
        }
    }

    fn push(&mut self, b: &[u8; 18], class: u8, position: u32, edit: Edit) {
        let code = Code::from_checked(b);
        let recent = code
            .region()
            .is_some_and(|r| r.periods().any(|p| p.end.map_or(true, |e| e >= 2015)));
        let pair = crate::department::pair_rank(b[0], b[1]);
        self.list.push((
            (class, pair, u8::from(!recent), position),
            Suggestion { code, edit },
        ));
    }
}

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
const INV_W: [u32; 18] = {
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

fn value(c: char) -> u8 {
    if c.is_ascii() {
        VALUE[c as usize]
    } else {
        NONE
    }
}

/// `Σ value·weight` over the 18 positions.
fn weighted(vals: &[u8; 18]) -> u32 {
    (0..18).map(|i| u32::from(vals[i]) * W18[i]).sum()
}

/// The value position `p` (0-based) must hold for the equation to balance, given `rest`, the
/// weighted sum of the other positions.
fn pinned(rest: u32, p: usize) -> u8 {
    ((31 - rest % 31) % 31 * INV_W[p] % 31) as u8
}

fn to_bytes(vals: &[u8; 18]) -> [u8; 18] {
    core::array::from_fn(|i| ALPHABET[vals[i] as usize])
}

fn substitutions(chars: &[char], out: &mut Candidates) {
    const ALL: [usize; 18] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
    let mut vals = [0u8; 18];
    let (mut bad_at, mut n_bad) = ([0usize; 18], 0);
    for (i, &c) in chars.iter().enumerate() {
        vals[i] = value(c);
        if vals[i] == NONE {
            bad_at[n_bad] = i;
            n_bad += 1;
        }
    }
    let bad = &bad_at[..n_bad];
    let positions: &[usize] = match bad.len() {
        0 => &ALL,
        1 => bad,
        _ => {
            // Several never-used letters: replace them all by their look-alikes.
            if bad
                .iter()
                .all(|&i| lookalike_of_excluded(chars[i]).is_some())
            {
                let mut v = vals;
                for &i in bad {
                    v[i] = value(lookalike_of_excluded(chars[i]).expect("checked"));
                }
                let count = bad.len() as u32;
                out.offer(
                    &to_bytes(&v),
                    0,
                    bad[0] as u32 + 1,
                    Edit::Lookalikes { count },
                );
            }
            return;
        }
    };
    // The sum once (a bad position counts 0); each position's pinned value follows in O(1).
    let mut known = vals;
    for &i in bad {
        known[i] = 0;
    }
    let total = weighted(&known);
    // The candidates' bytes: the input's, one replaced (a bad position is only ever the one
    // replaced). Made once, not mapped back from the values for every position.
    let base: [u8; 18] =
        core::array::from_fn(|i| ALPHABET.get(usize::from(vals[i])).map_or(0, |&c| c));
    for &p in positions {
        let x = pinned(total - u32::from(known[p]) * W18[p], p);
        if x == vals[p] {
            continue;
        }
        let mut b = base;
        b[p] = ALPHABET[x as usize];
        let to = ALPHABET[x as usize] as char;
        let from = chars[p];
        let look = lookalike_of_excluded(from) == Some(to)
            || (from.is_ascii() && is_confusable_pair(from as u8, to as u8));
        let edit = Edit::Substitute {
            position: p as u32 + 1,
            from,
            to,
        };
        out.offer_near(&b, if look { 0 } else { 2 }, p as u32 + 1, edit);
    }
}

fn transpositions(chars: &[char], out: &mut Candidates) {
    if chars.iter().any(|&c| value(c) == NONE) {
        return;
    }
    let b: [u8; 18] = core::array::from_fn(|i| chars[i] as u8);
    let v: [u8; 18] = core::array::from_fn(|i| value(chars[i]));
    let total = weighted(&v);
    for p in 0..17 {
        let (x, y) = (u32::from(v[p]), u32::from(v[p + 1]));
        let (wx, wy) = (W18[p], W18[p + 1]);
        // Only a swap that keeps the equation balanced can give a valid code.
        if x != y && (total + y * wx + x * wy - x * wx - y * wy) % 31 == 0 {
            let mut s = b;
            s.swap(p, p + 1);
            out.offer_near(
                &s,
                1,
                p as u32 + 1,
                Edit::Transpose {
                    position: p as u32 + 1,
                },
            );
        }
    }
}

fn insertions(chars: &[char], out: &mut Candidates) {
    if chars.iter().any(|&c| value(c) == NONE) {
        return;
    }
    for p in 0..18 {
        let mut v = [0u8; 18];
        for (j, &c) in chars.iter().enumerate() {
            v[if j < p { j } else { j + 1 }] = value(c);
        }
        let x = pinned(weighted(&v), p);
        v[p] = x;
        let edit = Edit::Insert {
            position: p as u32 + 1,
            ch: ALPHABET[x as usize] as char,
        };
        out.offer(&to_bytes(&v), 3, p as u32 + 1, edit);
    }
}

fn deletions(chars: &[char], out: &mut Candidates) {
    for p in 0..19 {
        let rest: Vec<u8> = chars
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != p)
            .map(|(_, &c)| value(c))
            .collect();
        if rest.contains(&NONE) {
            continue;
        }
        let v: [u8; 18] = rest.try_into().expect("18 values");
        let edit = Edit::Delete {
            position: p as u32 + 1,
            ch: chars[p],
        };
        out.offer(&to_bytes(&v), 3, p as u32 + 1, edit);
    }
}

/// A spreadsheet kept 15 significant digits and zeroed the rest: try each 16th digit; 17 and
/// 18 follow from the two check rules and must be digits too (it was stored as a number).
fn completions(chars: &[char], out: &mut Candidates) {
    if !(chars.iter().all(char::is_ascii_digit) && chars.ends_with(&['0'; 3])) {
        return;
    }
    let b: [u8; 18] = core::array::from_fn(|i| chars[i] as u8);
    for d in b'0'..=b'9' {
        let mut s = b;
        s[15] = d;
        let Some(c17) = org_check_byte(&s[8..16]) else {
            continue;
        };
        s[16] = c17;
        let Some(v) = check_value(&s[..17]) else {
            continue;
        };
        s[17] = ALPHABET[v as usize];
        if s[16].is_ascii_digit() && s[17].is_ascii_digit() {
            out.offer(&s, 0, 16, Edit::Completion);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    use crate::{Department, RegionRule, RuleLevel};

    #[test]
    fn inverse_weights() {
        for i in 0..18 {
            assert_eq!(W18[i] * INV_W[i] % 31, 1);
        }
    }

    fn near(input: &str, p: &Policy) -> Vec<String> {
        Policy::default()
            .suggest_near(input, Some(p))
            .near
            .iter()
            .map(|b| String::from_utf8(b.to_vec()).unwrap())
            .collect()
    }

    #[test]
    fn near_codes_of_a_typo_a_swap_and_a_look_alike() {
        let p = Policy::assessment();
        assert!(near("91110108551385082R", &p).contains(&"91110108551385082Q".to_string()));
        assert!(near("91350100M000100Y34", &p).contains(&"91350100M000100Y43".to_string()));
        assert_eq!(near("91350100M0001O0Y43", &p), ["91350100M000100Y43"]);
        // Full width.
        assert_eq!(near("91350100M0001O0Y4３", &p), ["91350100M000100Y43"]);
        // A valid input has no suggestions but still has neighbours (none here: position 18
        // catches every single substitution and transposition).
        let x = Policy::default().suggest_near("91350100M000100Y43", Some(&p));
        assert!(x.suggestions.is_empty() && x.near.is_empty());
    }

    /// Every policy [`fast_valid`] can tell apart.
    fn policies() -> Vec<Policy> {
        let mut out = Vec::new();
        for regions in [RegionRule::Ignore, RegionRule::Lenient, RegionRule::Strict] {
            for org_check in [RuleLevel::Off, RuleLevel::Warning, RuleLevel::Error] {
                for issue_year in [None, Some(2000), Some(2020)] {
                    out.push(Policy {
                        regions,
                        org_check,
                        issue_year,
                        ..Policy::default()
                    });
                }
            }
        }
        out
    }

    /// A valid code, then maybe one substitution (by an alphabet character, a never-used
    /// letter or a CJK one), one transposition, or one substitution with position 18 made
    /// right again (a code that passes the check equation but may fail the other rules).
    fn edited_code() -> impl Strategy<Value = String> {
        let pairs: Vec<(char, char)> = Department::all()
            .iter()
            .flat_map(|d| d.categories().map(move |c| (d.as_char(), c.as_char())))
            .collect();
        let regions: Vec<u32> = crate::region::all().map(|r| r.code()).collect();
        let mut chars: Vec<char> = ALPHABET.iter().map(|&b| b as char).collect();
        chars.extend(['O', 'I', 'Z', 'S', '中']);
        (
            proptest::sample::select(pairs),
            proptest::sample::select(regions),
            proptest::collection::vec(proptest::sample::select(ALPHABET.to_vec()), 8),
            0u8..4,
            0usize..18,
            proptest::sample::select(chars),
        )
            .prop_map(|((d, c), region, body, edit, pos, ch)| {
                let body = String::from_utf8(body).unwrap();
                let org = format!("{body}{}", crate::org_check_char(&body).unwrap());
                let code = crate::build(d, c, &format!("{region:06}"), &org).unwrap();
                let mut v: Vec<char> = code.as_str().chars().collect();
                match edit {
                    0 => v[pos] = ch,
                    1 => v.swap(pos.min(16), pos.min(16) + 1),
                    2 if ch.is_ascii() && VALUE[ch as usize] != NONE => {
                        v[pos.min(16)] = ch;
                        let head: String = v[..17].iter().collect();
                        v[17] = crate::check_char(&head).unwrap();
                    }
                    _ => {}
                }
                v.into_iter().collect()
            })
    }

    /// Every single substitution and adjacent transposition of `t`, tried one by one.
    fn near_by_brute_force(t: &str, p: &Policy) -> Vec<String> {
        let chars: Vec<char> = t.chars().collect();
        let mut out = Vec::new();
        if chars.len() != 18 {
            return out;
        }
        for i in 0..18 {
            for &a in ALPHABET {
                let mut v = chars.clone();
                v[i] = a as char;
                let s: String = v.iter().collect();
                if v[i] != chars[i] && fast_valid(s.as_bytes(), p) {
                    out.push(s);
                }
            }
        }
        for i in 0..17 {
            let mut v = chars.clone();
            v.swap(i, i + 1);
            let s: String = v.iter().collect();
            if v != chars && fast_valid(s.as_bytes(), p) {
                out.push(s);
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// The pass that pins each position's value by the check equation finds exactly the
        /// valid codes that trying all 31 values everywhere finds, in the same order, each
        /// once; and asking for them leaves the suggestions as they are.
        #[test]
        fn near_codes_are_every_valid_single_edit(s in edited_code()) {
            let t = crate::normalize(&s).unwrap().text;
            let alone = Policy::default().suggest(&s);
            for p in policies() {
                let x = Policy::default().suggest_near(&s, Some(&p));
                let found = near(&s, &p);
                prop_assert_eq!(&found, &near_by_brute_force(&t, &p), "{:?}", p);
                prop_assert_eq!(&x.suggestions, &alone, "{:?}", p);
                // No code twice (the scan's queries rely on it).
                let mut once = found.clone();
                once.sort();
                once.dedup();
                prop_assert_eq!(once.len(), found.len());
            }
        }

        /// What `implies` claims: a code that passes the first policy passes the second.
        #[test]
        fn implied_policies_accept_what_the_stricter_accepts(s in edited_code()) {
            let ps = policies();
            for a in &ps {
                for b in &ps {
                    if a.implies(b) && fast_valid(s.as_bytes(), a) {
                        prop_assert!(fast_valid(s.as_bytes(), b), "{} {:?} {:?}", s, a, b);
                    }
                }
            }
        }
    }

    #[test]
    fn every_region_has_its_province() {
        for r in crate::region::all() {
            assert!(
                crate::region::province_exists(r.code() / 10_000),
                "{}",
                r.code()
            );
        }
    }

    #[test]
    fn check_char_typo_is_found() {
        let s = suggest("91110108551385082R");
        assert!(
            s.iter().any(|s| s.code.as_str() == "91110108551385082Q"),
            "{s:?}"
        );
    }

    #[test]
    fn insertion_and_deletion() {
        let s = suggest("9111010855138502Q"); // '8' dropped at position 15
        assert!(
            s.iter().any(|s| s.code.as_str() == "91110108551385082Q"),
            "{s:?}"
        );
        let s = suggest("911101085513850822Q");
        assert!(
            s.iter().any(|s| s.code.as_str() == "91110108551385082Q"),
            "{s:?}"
        );
    }
}
