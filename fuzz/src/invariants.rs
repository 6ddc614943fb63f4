//! Invariants every input must satisfy, asserted by the text targets. Each function panics
//! (a fuzzer crash) with the input in the message when one breaks.

use uscc::{
    ChangeKind, Code, Diagnosis, Edit, Kind, Policy, Severity, Suggestion, MAX_INPUT_LEN,
    MAX_SUGGESTIONS,
};

use crate::gen::policy_chain;

/// Everything the text API offers, on one input: normalize, diagnose/validate/is_valid under
/// every preset (and their order), parse, suggest, check, the legacy identifiers.
pub fn text(s: &str) {
    normalize(s);
    let mut accepted_by_stricter = false;
    for p in policy_chain() {
        let d = diagnosis(s, &p);
        // Each preset accepts a superset of what the stricter one before it accepts.
        assert!(
            !accepted_by_stricter || d.is_valid(),
            "{s:?}: a stricter policy accepted it, {p:?} did not: {:?}",
            d.findings
        );
        accepted_by_stricter = d.is_valid();
    }
    parse(s, &Policy::default());
    verdict(s, &Policy::default());
    legacy(s);
}

/// The same under one arbitrary policy (and the issue-year refinement of the strict preset).
pub fn text_with(s: &str, p: &Policy) {
    diagnosis(s, p);
    parse(s, p);
    verdict(s, p);
    if let Some(y) = p.issue_year {
        // A year only adds a condition.
        let without = Policy::strict();
        let with = Policy::strict().with_issue_year(y);
        assert!(
            !with.is_valid(s) || without.is_valid(s),
            "{s:?}: valid in {y} under strict, not without the year"
        );
    }
}

/// Normalization: bounded, idempotent, honest about what it changed, and leaves nothing it
/// promises to remove.
pub fn normalize(s: &str) {
    let n = match uscc::normalize(s) {
        Err(e) => {
            assert!(s.len() > MAX_INPUT_LEN, "{s:?}: rejected as too long");
            assert_eq!(e.len, s.len());
            return;
        }
        Ok(n) => n,
    };
    assert!(s.len() <= MAX_INPUT_LEN, "too long but accepted");
    let t: &str = &n.text;
    assert!(
        t.len() <= s.len(),
        "{s:?}: normalization grew the text to {t:?}"
    );
    if n.changes.is_empty() {
        assert_eq!(t, s, "no change reported, but the text changed");
    } else {
        assert_ne!(t, s, "{s:?}: a change reported, but the text is the same");
    }
    for w in n.changes.windows(2) {
        assert!(
            w[0].kind < w[1].kind,
            "{s:?}: changes out of order {:?}",
            n.changes
        );
    }
    assert!(
        n.changes.iter().all(|c| c.count > 0),
        "{s:?}: {:?}",
        n.changes
    );
    for ch in t.chars() {
        assert!(
            !ch.is_whitespace()
                && !ch.is_ascii_lowercase()
                && ch != '-'
                && !('\u{FF01}'..='\u{FF5E}').contains(&ch)
                && !('\u{200B}'..='\u{200F}').contains(&ch)
                && !('\u{202A}'..='\u{202E}').contains(&ch)
                && !('\u{2066}'..='\u{2069}').contains(&ch)
                && ch != '\u{FEFF}',
            "{s:?} → {t:?}: {ch:?} left behind"
        );
    }
    let has = |k: ChangeKind| n.changes.iter().any(|c| c.kind == k);
    if s.chars()
        .any(|c| c.is_ascii_lowercase() || ('ａ'..='ｚ').contains(&c))
    {
        // Lower case is upper-cased wherever it stands, unless it was part of a label.
        assert!(
            has(ChangeKind::Lowercase) || has(ChangeKind::Label),
            "{s:?}: lower case not reported"
        );
    }
    // Idempotent: its own output is canonical.
    let again = uscc::normalize(t).expect("shorter than the input");
    assert_eq!(again.text, t, "{s:?}: not idempotent");
    assert!(
        again.changes.is_empty(),
        "{s:?} → {t:?}: {:?}",
        again.changes
    );
}

/// A diagnosis under `p`, checked for internal consistency and against `validate`,
/// `is_valid` and canonical re-parsing.
pub fn diagnosis(s: &str, p: &Policy) -> Diagnosis {
    let d = p.diagnose(s);
    let valid = d.is_valid();
    assert_eq!(
        valid,
        !d.findings.iter().any(|f| f.is_error()),
        "{s:?}: valid ⇔ no error finding"
    );
    assert_eq!(valid, d.code().is_some());
    assert_eq!(valid, d.first_error().is_none());
    assert!(valid || d.first_error() == d.findings.first());
    for w in d.findings.windows(2) {
        assert!(
            w[0].severity <= w[1].severity,
            "{s:?}: findings not errors first"
        );
    }
    if s.len() > MAX_INPUT_LEN {
        assert_eq!(d.normalized, None);
        assert_eq!(d.findings.len(), 1);
        assert_eq!(d.findings[0].kind, Kind::InputTooLong);
        assert_eq!(d.findings[0].severity, Severity::Error);
    } else {
        let n = uscc::normalize(s).expect("short enough");
        assert_eq!(d.normalized.as_deref(), Some(&*n.text));
        assert_eq!(d.changes, n.changes);
        assert!(!d.findings.is_empty() || n.changes.is_empty());
        // One info finding per change.
        for c in &n.changes {
            let k = c.kind.kind();
            assert!(
                d.findings
                    .iter()
                    .any(|f| f.kind == k && f.severity == Severity::Info),
                "{s:?}: change {c:?} without its finding"
            );
        }
    }
    let chars = d.normalized.as_deref().map_or(0, |t| t.chars().count());
    for f in &d.findings {
        assert_eq!(f.kind.as_str().parse::<Kind>(), Ok(f.kind));
        if let Some(pos) = f.position {
            assert!(
                pos >= 1 && pos as usize <= chars.max(19),
                "{s:?}: {f:?} outside the text"
            );
        }
        if matches!(
            f.kind,
            Kind::CheckCharMismatch | Kind::PilotCode | Kind::CheckCharYFor1
        ) {
            let e = f
                .expected
                .expect("a check-char finding says what belongs there");
            assert!(uscc::char_value(e).is_some(), "{s:?}: expected {e:?}");
            assert_ne!(f.expected, f.found, "{s:?}: {f:?}");
        }
        if f.kind == Kind::OrgCheckMismatch {
            let e = f
                .expected
                .expect("an org-check finding says what belongs there");
            assert!(e.is_ascii_digit() || e == 'X', "{s:?}: expected {e:?}");
            assert_ne!(f.expected, f.found, "{s:?}: {f:?}");
        }
        assert!(!f.message_zh().is_empty() && !f.message_en().is_empty());
    }
    if let Some(code) = d.code() {
        assert_eq!(Some(code.as_str()), d.normalized.as_deref());
        // The canonical text of a valid code parses, under the same policy, to the same code.
        assert_eq!(Code::parse_with(code.as_str(), p), Ok(code), "{s:?}");
        code_accessors(code);
    }
    match p.validate(s) {
        Ok(c) => assert_eq!(
            Some(c),
            d.code(),
            "{s:?}: validate accepted, diagnose did not"
        ),
        Err(e) => {
            assert!(!valid, "{s:?}: validate rejected, diagnose accepted");
            assert_eq!(e.diagnosis, d, "{s:?}: validate's diagnosis differs");
            assert_eq!(Some(e.finding()), d.first_error());
            assert!(!e.to_string().is_empty());
        }
    }
    assert_eq!(p.is_valid(s), valid, "{s:?}: is_valid disagrees");
    d
}

/// Everything a valid code can tell, without panicking, and consistently.
pub fn code_accessors(code: Code) {
    let s = code.as_str();
    assert_eq!(s.len(), 18);
    assert!(s.chars().all(|c| uscc::char_value(c).is_some()), "{s}");
    assert_eq!(code.to_string(), s);
    assert_eq!(code.as_bytes(), s.as_bytes());
    assert_eq!(code.region_code(), &s[2..8]);
    assert_eq!(code.region_number(), s[2..8].parse::<u32>().unwrap());
    assert_eq!(code.subject_identifier(), &s[8..17]);
    assert_eq!(
        code.organization_code(),
        format!("{}-{}", &s[8..16], &s[16..17])
    );
    assert_eq!(code.check_char(), s.as_bytes()[17] as char);
    assert_eq!(code.department().as_char(), s.as_bytes()[0] as char);
    assert_eq!(code.category().as_char(), s.as_bytes()[1] as char);
    let parts = code.parts();
    assert_eq!(parts.region, &s[2..8]);
    assert_eq!(parts.subject_identifier, &s[8..17]);
    assert_eq!(parts.region_name.is_some(), code.region().is_some());
    let json = serde_json::to_string(&code).unwrap();
    assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), code);
}

/// `Code::parse` does not normalize: it accepts exactly what `diagnose` accepts without a
/// change, and rejects with `diagnose`'s first error.
pub fn parse(s: &str, p: &Policy) {
    let d = p.diagnose(s);
    let r = Code::parse_with(s, p);
    let canonical = d.changes.is_empty();
    assert_eq!(
        r.is_ok(),
        d.is_valid() && canonical,
        "{s:?} under {p:?}: parse {r:?} vs diagnose {:?}",
        d.findings
    );
    match r {
        Ok(c) => {
            assert_eq!(c.as_str(), s);
            code_accessors(c);
        }
        Err(e) if canonical => {
            assert_eq!(
                Some(&e.finding),
                d.first_error(),
                "{s:?}: parse error differs"
            );
        }
        Err(_) => {}
    }
    if *p == Policy::default() {
        assert_eq!(s.parse::<Code>().ok(), r.ok());
    }
}

/// `check` (the Verdict every binding prints) agrees with `diagnose` and `suggest`.
pub fn verdict(s: &str, p: &Policy) {
    let v = p.check(s);
    let d = p.diagnose(s);
    assert_eq!(v.input, s);
    assert_eq!(v.valid, d.is_valid());
    assert_eq!(v.normalized, d.normalized);
    assert_eq!(v.findings, d.findings);
    assert_eq!(v.parts.is_some(), v.valid);
    if let (Some(parts), Some(code)) = (&v.parts, d.code()) {
        assert_eq!(*parts, code.parts());
    }
    let sugg = p.suggest(s);
    if v.valid {
        assert!(
            v.suggestions.is_empty(),
            "{s:?}: a valid code with suggestions"
        );
    } else {
        assert_eq!(v.suggestions, sugg);
    }
    suggestions(s, p, &sugg);
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["valid"], serde_json::Value::Bool(v.valid));
}

/// Every suggestion is a strict-valid code, distinct, at most [`MAX_SUGGESTIONS`], and
/// exactly the edit it claims away from the normalized input.
pub fn suggestions(s: &str, p: &Policy, list: &[Suggestion]) {
    assert!(
        list.len() <= MAX_SUGGESTIONS,
        "{s:?}: {} suggestions",
        list.len()
    );
    let Ok(n) = uscc::normalize(s) else {
        assert!(
            list.is_empty(),
            "{s:?}: suggestions for an unexamined input"
        );
        return;
    };
    let strict = match p.issue_year {
        Some(y) => Policy::strict().with_issue_year(y),
        None => Policy::strict(),
    };
    if strict.is_valid(s) {
        assert!(
            list.is_empty(),
            "{s:?}: suggestions for a strict-valid code"
        );
    }
    let t: Vec<char> = n.text.chars().collect();
    for (i, sg) in list.iter().enumerate() {
        let code = sg.code;
        assert!(
            strict.is_valid(code.as_str()),
            "{s:?}: suggestion {code} is not valid under {strict:?}"
        );
        assert!(
            list[..i].iter().all(|o| o.code != code),
            "{s:?}: {code} suggested twice"
        );
        let c: Vec<char> = code.as_str().chars().collect();
        let ok = match sg.edit {
            Edit::Substitute { position, from, to } => {
                let i = position as usize - 1;
                t.len() == 18
                    && t[i] == from
                    && c[i] == to
                    && from != to
                    && (0..18).all(|j| j == i || t[j] == c[j])
            }
            Edit::Transpose { position } => {
                let i = position as usize - 1;
                let mut sw = t.clone();
                t.len() == 18 && i < 17 && {
                    sw.swap(i, i + 1);
                    sw == c && t != c
                }
            }
            Edit::Insert { position, ch } => {
                let i = position as usize - 1;
                let mut without = c.clone();
                t.len() == 17 && c[i] == ch && {
                    without.remove(i);
                    without == t
                }
            }
            Edit::Delete { position, ch } => {
                let i = position as usize - 1;
                let mut without = t.clone();
                t.len() == 19 && i < 19 && t[i] == ch && {
                    without.remove(i);
                    without == c
                }
            }
            Edit::Lookalikes { count } => {
                let map = |x: char| match x {
                    'O' => Some('0'),
                    'I' => Some('1'),
                    'Z' => Some('2'),
                    'S' => Some('5'),
                    'V' => Some('U'),
                    _ => None,
                };
                t.len() == 18
                    && (0..18).filter(|&j| t[j] != c[j]).count() == count as usize
                    && (0..18).all(|j| t[j] == c[j] || map(t[j]) == Some(c[j]))
            }
            Edit::Completion => {
                t.len() == 18
                    && t.iter().all(char::is_ascii_digit)
                    && t[15..] == ['0', '0', '0']
                    && t[..15] == c[..15]
                    && c.iter().all(char::is_ascii_digit)
            }
        };
        assert!(
            ok,
            "{s:?} (normalized {:?}): {sg:?} is not that edit",
            n.text
        );
        assert!(!sg.edit.describe(uscc::Lang::Zh).is_empty());
    }
}

/// The legacy identifiers: no panic, and the boolean forms agree with the diagnoses.
pub fn legacy(s: &str) {
    use uscc::legacy::*;
    let r = diagnose_registration_number(s);
    if is_valid_registration_number(s) {
        assert!(r.is_valid(), "{s:?}");
    }
    let o = diagnose_organization_code(s);
    assert_eq!(is_valid_organization_code(s), o.is_valid(), "{s:?}");
    for f in r.findings.iter().chain(&o.findings) {
        assert!(!f.message_zh().is_empty() && !f.message_en().is_empty());
    }
    let _ = is_citizen_id(s);
    let _ = is_citizen_id(s.as_bytes());
}
