//! The parsing surfaces a program feeds text to: `Code::parse`/`FromStr`/`TryFrom`, `Kind`
//! names, and `serde` deserialization of `Code` and `Policy` from arbitrary JSON. A decoded
//! policy is then used: its diagnoses must keep every invariant.
//!
//! Input: a mode byte, then text (lossy UTF-8).
#![no_main]

use libfuzzer_sys::fuzz_target;
use uscc::{Code, Kind, Policy};
use uscc_fuzz::{gen, invariants};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let s = String::from_utf8_lossy(rest);
    match mode % 4 {
        0 => {
            let p = gen::policy_from_byte(mode);
            invariants::parse(&s, &p);
            invariants::parse(&s, &Policy::default());
            assert_eq!(Code::try_from(&*s).ok(), s.parse::<Code>().ok());
        }
        1 => {
            // JSON → Code: accepted exactly when it is a JSON string that some policy accepts
            // (the most lenient preset, the last of the chain), so every Code reads back.
            let r = serde_json::from_str::<Code>(&s);
            let lenient = gen::policy_chain()[3];
            match serde_json::from_str::<String>(&s) {
                Ok(text) => assert_eq!(r.ok(), Code::parse_with(&text, &lenient).ok(), "{s:?}"),
                Err(_) => assert!(r.is_err(), "{s:?}: not a JSON string, yet a Code"),
            }
        }
        2 => {
            // JSON → Policy: whatever decodes is a policy that works.
            if let Ok(p) = serde_json::from_str::<Policy>(&s) {
                let back = serde_json::to_string(&p).unwrap();
                assert_eq!(serde_json::from_str::<Policy>(&back).unwrap(), p);
                for v in gen::SPEC_VALID.iter().chain(&gen::SPEC_OTHER) {
                    invariants::text_with(v, &p);
                }
            }
        }
        _ => {
            if let Ok(k) = s.parse::<Kind>() {
                assert_eq!(k.as_str(), s);
                assert!(Kind::ALL.contains(&k));
            }
            let json = format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
            if let Ok(k) = serde_json::from_str::<Kind>(&json) {
                assert_eq!(s.parse::<Kind>(), Ok(k), "{s:?}");
            }
        }
    }
});
