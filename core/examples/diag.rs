//! Print the diagnosis of each argument (a developer's quick look).
fn main() {
    for a in std::env::args().skip(1) {
        let v = uscc::check(&a);
        println!("{a:?} valid={} normalized={:?}", v.valid, v.normalized);
        for f in &v.findings {
            println!(
                "  {:<22} {:<7} pos={:?} exp={:?}  {} | {}",
                f.kind.as_str(),
                f.severity.as_str(),
                f.position,
                f.expected,
                f.message_zh(),
                f.message_en()
            );
        }
        for s in uscc::suggest(&a) {
            println!("  suggest {} ({})", s.code, s.edit.describe(uscc::Lang::Zh));
        }
    }
}
