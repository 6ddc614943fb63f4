//! Writes the committed seed corpora, `fuzz/corpus/<target>/`, from the spec's vectors (§2.3,
//! §3, §5, §6) and the strict-valid codes of `gen::strict_codes`, in each target's input
//! format. Deterministic; tens of files per target.
//!
//!     cargo run --manifest-path fuzz/Cargo.toml --example seeds
//!
//! Files are named by content hash, as libFuzzer names them, so re-running adds nothing twice.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use uscc_fuzz::gen::{self, SPEC_OTHER, SPEC_VALID};

/// What people type or paste (spec §5).
const MESSY: &[&str] = &[
    " 统一社会信用代码：９１３５ ０１００-m000100y43",
    "统一社会信用代码91350100M000100Y43",
    "USCC: 91350100M000100Y43",
    "'91350100M000100Y43",
    "=\"91350100M000100Y43\"",
    "“91350100M000100Y43”",
    "９１１１０１０８５５１３８５０８２Ｑ",
    "91110108 551385082q",
    "\u{200B}9111-0108-5513-8508-2Q\u{FEFF}",
    "\u{202E}91110108551385082Q\u{202C}",
    "91350100M0001OOY43",
    "91110108551385O82Q",
    "91350100M000100Y34",
    "9111010855138502Q",
    "911101085513850822Q",
    "91110108551385082R",
    "B1350100M000100Y43",
    "91350100M000100Y4O",
    "9110108551385082Q",
    "",
    "9135",
    "公司9135",
    "9135 测试",
    "9.13701E+17",
    "913701000000000000",
    "\0\0\0",
    "😀91350100M000100Y43",
    "ＩＯＳＶＺ",
];

fn hash(b: &[u8]) -> String {
    let mut h = DefaultHasher::new();
    b.hash(&mut h);
    format!("{:016x}", h.finish())
}

struct Corpus(PathBuf);

impl Corpus {
    fn new(root: &Path, target: &str) -> Corpus {
        let dir = root.join(target);
        fs::create_dir_all(&dir).unwrap();
        Corpus(dir)
    }
    fn add(&self, bytes: impl AsRef<[u8]>) {
        let b = bytes.as_ref();
        fs::write(self.0.join(hash(b)), b).unwrap();
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let vectors: Vec<&str> = SPEC_VALID.iter().chain(&SPEC_OTHER).copied().collect();
    let codes = gen::strict_codes();

    // Text targets: the text itself.
    let bytes = Corpus::new(&root, "bytes");
    for s in vectors.iter().chain(MESSY) {
        bytes.add(s);
    }
    bytes.add([0x39, 0x31, 0xFF, 0xFE, 0x33, 0x35, 0xC3]); // invalid UTF-8
    bytes.add("9".repeat(1025)); // past MAX_INPUT_LEN

    // unicode: text with macro bytes (see gen::expand).
    let unicode = Corpus::new(&root, "unicode");
    for s in vectors.iter().chain(&MESSY[..12]) {
        unicode.add(s);
    }
    unicode.add([1, 0]); // code 0
    unicode.add([3, 2, 1, 7, 3, 14]); // U+3000, code 7, ZWSP
    unicode.add([2, b'9', 2, b'1', 2, b'm', b'3', b'5']); // full-width 9, 1, m
    unicode.add([4, 0x01, 0xF6, 0x00, 1, 3]); // U+1F600, code 3
    unicode.add([5, 130, b'9']); // 1040 nines
    unicode.add([6, 1, 6, 2, 1, 9]); // literal 01 02, code 9

    // messy: code number, then (op, arg) pairs.
    let messy = Corpus::new(&root, "messy");
    for (k, ops) in [
        (0u8, &[][..]),
        (1, &[0, 0, 0, 1, 1, 8, 2, 4]),
        (2, &[6, 0, 5, 6]),
        (3, &[2, 4, 3, 8, 4, 12, 7, 3]),
        (4, &[5, 0, 6, 9, 7, 200]),
        (5, &[0, 17, 1, 16, 2, 18, 3, 37]),
        (255, &[6, 1, 5, 7]),
        (9, &[4, 0, 4, 18, 5, 2, 5, 1]),
    ] {
        let mut v = vec![k];
        v.extend_from_slice(ops);
        messy.add(v);
    }

    // suggest: code number, edit, args, flags[, second edit].
    let suggest = Corpus::new(&root, "suggest");
    for (i, edit) in (0u8..8).enumerate() {
        suggest.add([i as u8 * 17, edit, 5, 9]);
        suggest.add([i as u8 * 31, edit, 16, 20, 1]);
    }
    suggest.add([3, 0, 2, 3, 6]);
    suggest.add([4, 3, 1, 1, 0, 0, 4, 4]);

    // parse: mode byte, then text.
    let parse = Corpus::new(&root, "parse");
    for (m, s) in [
        (0u8, "91350100M000100Y43"),
        (0x12, "91350203M0001QKT19"),
        (0x82, "91320594MA1MBC5030"),
        (1, "\"91110108551385082Q\""),
        (1, "\"91110108551385082R\""),
        (1, "[1,2]"),
        (
            2,
            r#"{"regions":"strict","org_check":"error","issued_anomalies":"off","issue_year":2016}"#,
        ),
        (
            2,
            r#"{"regions":"ignore","org_check":"warning","issued_anomalies":"warning","issue_year":null}"#,
        ),
        (3, "check_char_mismatch"),
        (3, "citizen_id"),
    ] {
        let mut v = vec![m];
        v.extend_from_slice(s.as_bytes());
        parse.add(v);
    }

    // build_reparse: dept|category|region|org[|F].
    let build = Corpus::new(&root, "build_reparse");
    for c in SPEC_VALID
        .iter()
        .copied()
        .chain(codes.iter().take(12).map(String::as_str))
    {
        build.add(format!(
            "{}|{}|{}|{}-{}",
            &c[..1],
            &c[1..2],
            &c[2..8],
            &c[8..16],
            &c[16..17]
        ));
        build.add(format!(
            "{}|{}|{}|{}|F",
            &c[..1],
            &c[1..2],
            &c[2..8],
            &c[8..17]
        ));
    }
    build.add("Y|2|350100|M000100Y4");
    build.add("9|1|380100|M000100Y4");
    build.add("9|1|110108|55138508-3");

    // differential: mode, 18 selectors (indexes into its pool: the alphabet first), args.
    let differential = Corpus::new(&root, "differential");
    let alphabet = uscc::ALPHABET;
    for (i, c) in SPEC_VALID
        .iter()
        .chain(&SPEC_OTHER[..2])
        .copied()
        .chain(codes.iter().take(8).map(String::as_str))
        .enumerate()
    {
        let mut v = vec![i as u8 % 8];
        v.extend(
            c.bytes()
                .map(|b| alphabet.iter().position(|&a| a == b).unwrap_or(40) as u8),
        );
        v.extend([i as u8 * 7, i as u8 * 13]);
        differential.add(v);
    }

    // region: 4-byte codes and 2-byte years, then text.
    let region = Corpus::new(&root, "region");
    for (code, year) in [
        (371523u32, 2010u16),
        (371503, 2021),
        (110103, 1985),
        (990000, 2016),
        (320594, 2020),
        (100000, 2015),
        (133100, 2018),
        (320602, 1990),
        (429004, 2000),
        (130171, 2023),
        (710000, 2026),
    ] {
        let mut v = code.to_le_bytes().to_vec();
        v.extend((year - 1960).to_be_bytes());
        region.add(v);
    }
    region.add("371523");
    region.add("11O103");

    // scan: policy, flags, synthetic rows, seed, then code\tname\tdate\tregion lines.
    let scan = Corpus::new(&root, "scan");
    for (checks, t) in [
        (
            7u8,
            "\x00\x01\x00\x00\x01\x05\t甲公司\t2022-01-05\n\x01\x05\t乙公司\t2022/1/9\n\
             91110108551385082R\t北京某某科技有限公司\t20220203\n91110108551385082Q\t北京某某科技有限公司\t2022年2月7日",
        ),
        (1, "\x00\x01\x00\x00\x01\x05\t甲\n\x01\x05\t甲\n\x01\x05\n\x01\x05\t（甲）\t44566\t350100"),
        (2, "\x12\x00\x00\x00\x01\x07\n\x01\x07\n\x07\n\x07x\n\t\t\t"),
        (4, "\x00\x01\x00\x00\x01\x05\t甲公司\n\x01\x09\t甲 公司\n91110108551385082Q\t甲\n111101085513850821\t乙"),
    ] {
        let mut v = t.as_bytes()[..4].to_vec();
        v.push(checks);
        v.extend_from_slice(&t.as_bytes()[4..]);
        scan.add(v);
    }
    for (flags, rows, seed, checks) in [
        (0x81u8, 40u8, 1u8, 0u8),
        (0x83, 47, 2, 1),
        (0x85, 20, 3, 2),
        (0x80, 30, 4, 4),
        (0xF9, 12, 5, 7),
    ] {
        scan.add([0x00, flags, rows, seed, checks]);
    }
    scan.add([0x01, 0x85, 25, 9, 3, b'\n', 7, b'\n', b'9', b'1']);

    // cli_csv: encoding, flags, then the table (synthetic exports and hand-made oddities).
    let cli_csv = Corpus::new(&root, "cli_csv");
    for (enc, seed) in [
        (0u8, 1u64),
        (1, 2),
        (2, 3),
        (3, 4),
        (4, 5),
        (5, 6),
        (6, 7),
        (7, 8),
    ] {
        let mut csv = Vec::new();
        uscc::synth::generate(12, seed).write_csv(&mut csv).unwrap();
        cli_csv.add([&[enc, 0][..], &csv].concat());
    }
    for t in [
        "统一社会信用代码,名称,登记日期\n91350100M000100Y43,甲<fz>公司,2022-01-05\n=HYPERLINK(\"http://x\",\"y\"),乙,2022-02-01\n@SUM(A1),丙,20220203\n",
        "统一社会信用代码,名称\n\"9135\n0100M000100Y43\",\"甲,公司\"\n\"91110108551385082Q,乙\n",
        "code;name;date\r\n91350100M000100Y43;a;2022-01\r\n;b;\r\nx\r\n",
        "91350100M000100Y43\t甲\t2022-01-05\n+91110108551385082Q\t-乙\t\n",
        "统一社会信用代码\n\u{FEFF}91350100M000100Y43\n\u{0}\n",
    ] {
        cli_csv.add([&[0u8, 0][..], t.as_bytes()].concat());
        cli_csv.add([&[2u8, 0x11][..], t.as_bytes()].concat());
    }
    cli_csv.add([0u8, 0, 0xFF, 0xFE, b'a', 0, b'\n', 0, 0xC3, b',']);

    // cli_excel: mode, then tab-separated cells (0: the bytes of a file).
    let cli_excel = Corpus::new(&root, "cli_excel");
    let sheet = "统一社会信用代码\t名称\t登记日期\n91350100M000100Y43\t甲<fz>公司\t44566\n\
                 916201055811843000\t乙\t2022-01\n=HYPERLINK(\"x\")\t丙\t\n91110108551385082R\t丁\t20220203";
    for mode in [1u8, 3, 5, 7, 13, 15] {
        cli_excel.add([&[mode][..], sheet.as_bytes()].concat());
    }
    cli_excel.add(
        [
            &[1u8][..],
            "说明\n本表为测试\u{c}统一社会信用代码\t名称\n91350100M000100Y43\t甲".as_bytes(),
        ]
        .concat(),
    );
    let mut csv = Vec::new();
    uscc::synth::generate(20, 11).write_csv(&mut csv).unwrap();
    let tsv = String::from_utf8(csv).unwrap().replace(',', "\t");
    cli_excel.add([&[5u8][..], tsv.as_bytes()].concat());
    cli_excel.add([0u8, b'P', b'K', 3, 4, 0, 0]);

    // wasm: options byte, then UTF-16LE (lone surrogates included).
    let wasm = Corpus::new(&root, "wasm");
    let utf16 = |b: u8, s: &str, extra: &[u16]| -> Vec<u8> {
        let mut v = vec![b];
        for u in s.encode_utf16().chain(extra.iter().copied()) {
            v.extend(u.to_le_bytes());
        }
        v
    };
    for (i, s) in vectors.iter().chain(&MESSY[..14]).enumerate() {
        wasm.add(utf16((i as u8).wrapping_mul(37), s, &[]));
    }
    wasm.add(utf16(0, "91350100M000100Y4", &[0xD800])); // lone high surrogate
    wasm.add(utf16(3, "😀91350100M000100Y43", &[0xDC00, 0x41]));
    wasm.add(utf16(0, "350100", &[]));

    println!("seeds written under {}", root.display());
}
