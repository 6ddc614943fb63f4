//! Running `uscc scan` in-process on a file written from fuzz input, and checking what it
//! wrote: status 0 with a reconciling summary, or status 2 with a message (never a panic);
//! every cell of the CSV outputs safe from CSV injection; the HTML report escaped.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;

/// A directory of this process for the input file and the report.
pub fn work_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        // Memory-backed when the system has it: a run writes six files.
        let base = std::path::Path::new("/dev/shm");
        let base = if base.is_dir() {
            base.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let d = base.join(format!("uscc-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    })
}

/// A marker the HTML report must never contain raw (inputs may carry it).
pub const HTML_MARKER: &str = "<fz>";

/// Writes `bytes` to `file_name`, runs `uscc scan FILE --out DIR --quiet --no-progress ARGS…`
/// and checks the outputs. Returns the summary when the scan succeeded.
pub fn scan(file_name: &str, bytes: &[u8], args: &[&str]) -> Option<Value> {
    let dir = work_dir();
    let input = dir.join(file_name);
    let out = dir.join("out");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::write(&input, bytes).unwrap();
    let mut argv: Vec<String> = vec![
        "uscc".into(),
        "scan".into(),
        input.display().to_string(),
        "--out".into(),
        out.display().to_string(),
        "--quiet".into(),
        "--no-progress".into(),
    ];
    argv.extend(args.iter().map(|a| a.to_string()));
    let status = uscc_cli_shim::run(&argv);
    match status {
        Err(msg) => {
            // Unusable input: a message, no report.
            assert!(!msg.is_empty());
            assert!(
                !out.join("summary.json").exists(),
                "a report despite: {msg}"
            );
            None
        }
        Ok(code) => {
            assert_eq!(code, 0, "status {code} without --fail-above");
            Some(check_outputs(&out, bytes))
        }
    }
}

fn num(v: &Value, k: &str) -> u64 {
    v[k].as_u64()
        .unwrap_or_else(|| panic!("{k} missing in {v}"))
}

fn check_outputs(out: &std::path::Path, input: &[u8]) -> Value {
    let text = std::fs::read_to_string(out.join("summary.json")).expect("summary.json");
    let s: Value = serde_json::from_str(&text).expect("summary.json is JSON");
    let (t, v, e, k) = (
        num(&s, "total"),
        num(&s, "valid"),
        num(&s, "erroneous"),
        num(&s, "skipped"),
    );
    assert_eq!(t, v + e + k, "total ≠ valid + erroneous + skipped: {text}");
    assert!(num(&s, "duplicate") + num(&s, "repeated") <= v, "{text}");
    for table in ["monthly", "regions"] {
        let rows = s[table].as_array().expect(table);
        for f in [
            "total",
            "valid",
            "erroneous",
            "duplicate",
            "repeated",
            "skipped",
        ] {
            let sum: u64 = rows.iter().map(|r| num(r, f)).sum();
            assert_eq!(sum, num(&s, f), "{table} rows do not sum to {f}: {text}");
        }
        for r in rows {
            assert_eq!(
                num(r, "total"),
                num(r, "valid") + num(r, "erroneous") + num(r, "skipped")
            );
        }
    }
    let kinds: u64 = s["error_kinds"]
        .as_object()
        .expect("error_kinds")
        .values()
        .map(|x| x.as_u64().unwrap())
        .sum();
    assert_eq!(kinds, e, "error kinds do not sum to erroneous: {text}");

    // CSV injection: no output cell may start like a formula.
    for name in [
        "flagged.csv",
        "duplicates.csv",
        "monthly.csv",
        "regions.csv",
    ] {
        let Ok(bytes) = std::fs::read(out.join(name)) else {
            continue;
        };
        let body = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(&bytes);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(body);
        for rec in r.byte_records() {
            let rec = rec.unwrap_or_else(|e| panic!("{name} is not CSV: {e}"));
            for cell in rec.iter() {
                assert!(
                    !matches!(
                        cell.first(),
                        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
                    ),
                    "{name}: unescaped formula cell {:?}",
                    String::from_utf8_lossy(cell)
                );
            }
        }
    }
    // HTML: the marker may come from the input only, and must come out escaped.
    let _ = input;
    if let Ok(html) = std::fs::read_to_string(out.join("report.html")) {
        assert!(
            !html.contains(HTML_MARKER),
            "report.html has raw input markup"
        );
    }
    s
}
