//! Chinese and English messages for each [`Kind`]. One place, so every binding says the same.

use crate::finding::{Finding, Kind, Lang};
use crate::region;
use crate::Department;

/// Formats only the message asked for.
macro_rules! pick {
    ($zh:expr, $z:expr, $e:expr $(,)?) => {
        if $zh {
            $z
        } else {
            $e
        }
    };
}

fn c(x: Option<char>) -> char {
    x.unwrap_or('?')
}

/// `山东省 聊城市 茌平县`, or the bare code when unknown.
fn region_label(code: u32) -> String {
    match region::lookup(code) {
        Some(r) => r.chain().to_string(),
        None => format!("{code:06}"),
    }
}

pub(crate) fn render(f: &Finding, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let p = f.position.unwrap_or(0);
    let a = f.arg;
    match f.kind {
        Kind::Empty => pick!(zh, "代码为空".into(), "the code is empty".into()),
        Kind::InputTooLong => pick!(
            zh,
            format!("输入过长（{a} 字节），超过 {} 字节上限，未检查", crate::MAX_INPUT_LEN),
            format!("input too long ({a} bytes; at most {} are examined)", crate::MAX_INPUT_LEN),
        ),
        Kind::TooShort => {
            let want = if f.arg2 == 0 { 18 } else { f.arg2 };
            pick!(
                zh,
                format!("长度为 {a} 位，应为 {want} 位（还差 {} 位）", want - a.min(want)),
                format!("{a} characters; {want} are required ({} missing)", want - a.min(want)),
            )
        }
        Kind::TooLong => {
            let want = if f.arg2 == 0 { 18 } else { f.arg2 };
            pick!(
                zh,
                format!("长度为 {a} 位，应为 {want} 位（多 {} 位）", a.saturating_sub(want)),
                format!("{a} characters; {want} are required ({} too many)", a.saturating_sub(want)),
            )
        }
        Kind::InvalidChar => {
            let (hz, he) = match a {
                1 => ("只能是数字", "digits only"),
                2 => ("只能是数字和大写字母", "digits and capital letters only"),
                _ => (
                    "只用数字和除 I、O、S、V、Z 外的大写字母",
                    "digits and capital letters except I, O, S, V, Z",
                ),
            };
            pick!(
                zh,
                format!("第{p}位“{}”不是允许的字符（{hz}）", c(f.found)),
                format!("position {p}: {:?} is not allowed ({he})", c(f.found)),
            )
        }
        Kind::ExcludedLetter => pick!(
            zh,
            format!("第{p}位是字母 {}，代码中不使用，可能应为 {}", c(f.found), c(f.expected)),
            format!("position {p}: the letter {} is never used in codes; probably {}", c(f.found), c(f.expected)),
        ),
        Kind::InvalidDepartment => pick!(
            zh,
            format!("第1位“{}”不是登记管理部门代码（应为 1–9、A、N、Y）", c(f.found)),
            format!("position 1: {:?} is not a registration department (1–9, A, N or Y)", c(f.found)),
        ),
        Kind::InvalidCategory => {
            let d = Department::from_char(char::from_u32(a).unwrap_or('?'));
            let allowed: String = d
                .map(|d| d.categories().map(|k| k.as_char().to_string()).collect::<Vec<_>>().join("、"))
                .unwrap_or_default();
            let (dzh, den) = d.map(|d| (d.name_zh(), d.name_en())).unwrap_or(("", ""));
            pick!(
                zh,
                format!("第2位“{}”不是{dzh}部门的机构类别（允许 {allowed}）", c(f.found)),
                format!(
                    "position 2: {:?} is not a category of department {} ({den}); allowed: {}",
                    c(f.found),
                    char::from_u32(a).unwrap_or('?'),
                    allowed.replace('、', ", ")
                ),
            )
        }
        Kind::InvalidRegion => match f.found {
            Some(ch) => pick!(
                zh,
                format!("第{p}位“{ch}”应为数字（第3–8位是行政区划码）"),
                format!("position {p}: {ch:?} should be a digit (positions 3–8 are the region code)"),
            ),
            None => pick!(
                zh,
                format!("第3–4位“{a:02}”不是省级行政区划代码"),
                format!("positions 3–4: {a:02} is not a province code"),
            ),
        },
        Kind::UnknownRegion => {
            let prov = region::lookup(a / 10000 * 10000).map(|r| r.name());
            let (pz, pe) = prov.map(|p| (format!("（{p}）"), format!(" ({p})"))).unwrap_or_default();
            pick!(
                zh,
                format!("第3–8位行政区划码 {a:06} 不在任何年份的行政区划代码表中{pz}"),
                format!("positions 3–8: region {a:06} is in no revision of GB/T 2260{pe}"),
            )
        }
        Kind::RegionNotInYear => pick!(
            zh,
            format!("行政区划码 {a:06}（{}）在 {} 年不存在", region_label(a), f.arg2),
            format!("region {a:06} ({}) did not exist in {}", region_label(a), f.arg2),
        ),
        Kind::AbolishedRegion => {
            let name = region::lookup(a).map(|r| r.name()).unwrap_or("");
            pick!(
                zh,
                format!("{name}，{}年撤销（{}）；代码终身不变，仍然有效", f.arg2, region_label(a)),
                format!(
                    "region {a:06} ({}) was abolished in {}; codes are for life, so this is fine",
                    region_label(a),
                    f.arg2
                ),
            )
        }
        Kind::SpecialRegion => {
            let name = region::lookup(a).map(|r| r.name()).unwrap_or("");
            pick!(
                zh,
                format!("行政区划码 {a:06} 是 GB/T 2260 之外的登记管理机关代码：{name}"),
                format!("region {a:06} is a registration-authority code outside GB/T 2260: {name}"),
            )
        }
        Kind::OrgCheckMismatch => {
            let (sz, se) = if p == 17 {
                ("（第9–17位未通过 GB 11714 校验）", " (positions 9–17 fail GB 11714)")
            } else {
                ("", "")
            };
            pick!(
                zh,
                format!("第{p}位组织机构代码校验码应为 {}，实为 {}{sz}", c(f.expected), c(f.found)),
                format!(
                    "position {p}: organization-code check char should be {}, found {}{se}",
                    c(f.expected),
                    c(f.found)
                ),
            )
        }
        Kind::CheckCharMismatch => pick!(
            zh,
            format!("第{p}位校验码应为 {}，实为 {}", c(f.expected), c(f.found)),
            format!("position {p}: check char should be {}, found {}", c(f.expected), c(f.found)),
        ),
        Kind::PilotCode => pick!(
            zh,
            format!(
                "福建省标准发布前试点赋予的代码：第18位不符合 GB 32100 校验（按规则为 {}），但属真实发放",
                c(f.expected)
            ),
            format!(
                "Fujian pilot code issued before GB 32100: position 18 breaks the rule (it would be {}) but the code is real",
                c(f.expected)
            ),
        ),
        Kind::CheckCharYFor1 => pick!(
            zh,
            "第18位为 Y，按规则应为 1：成都、湖北部分真实发放的代码有此系统性偏差".into(),
            "position 18 is Y where the rule gives 1: a systematic slip in some codes issued in Chengdu and Hubei".into(),
        ),
        Kind::CitizenId => pick!(
            zh,
            "这是18位公民身份号码，不是统一社会信用代码".into(),
            "this is an 18-digit citizen ID number, not a unified social credit code".into(),
        ),
        Kind::RegistrationNumber => match f.expected {
            None => pick!(
                zh,
                "这是15位工商注册号（校验正确），不是统一社会信用代码；注册号不能直接换算为信用代码".into(),
                "this is a 15-digit business registration number (its check digit is right), not a unified social credit code; it cannot be converted".into(),
            ),
            Some(e) => pick!(
                zh,
                format!("形似15位工商注册号，但其第15位校验位应为 {e}；也不是统一社会信用代码"),
                format!("looks like a 15-digit business registration number, but its check digit should be {e}; not a unified social credit code either"),
            ),
        },
        Kind::OrganizationCode => match f.expected {
            None => pick!(
                zh,
                "这是9位组织机构代码（校验正确），不是统一社会信用代码；可由登记机关补上部门、类别和区划码转换".into(),
                "this is a 9-character organization code (its check char is right), not a unified social credit code; the registering authority can convert it".into(),
            ),
            Some(e) => pick!(
                zh,
                format!("形似9位组织机构代码，但其校验码应为 {e}；也不是统一社会信用代码"),
                format!("looks like a 9-character organization code, but its check char should be {e}; not a unified social credit code either"),
            ),
        },
        Kind::SpreadsheetTruncated => pick!(
            zh,
            "电子表格把代码当作数字保存，第15位之后的数字丢失（末尾变成 000）：不是录入错误，请从原始登记信息取回完整代码".into(),
            "a spreadsheet stored the code as a number and lost the digits after the 15th (it ends in 000): not a typo; recover the code from the original record".into(),
        ),
        Kind::ScientificNotation => pick!(
            zh,
            "电子表格把代码显示成了科学计数法（如 9.13701E+17），原来的数字已经丢失".into(),
            "a spreadsheet turned the code into scientific notation (like 9.13701E+17); the digits are lost".into(),
        ),
        Kind::NormalizedLabel => pick!(zh, "已去掉前面的标签文字".into(), "removed a leading label".into()),
        Kind::NormalizedQuote => pick!(
            zh,
            "已去掉引号或电子表格的文本标记".into(),
            "removed quotes or a spreadsheet text marker".into(),
        ),
        Kind::NormalizedInvisible => pick!(
            zh,
            format!("已去掉 {a} 个不可见字符"),
            format!("removed {a} invisible character(s)"),
        ),
        Kind::NormalizedFullwidth => pick!(
            zh,
            format!("已将 {a} 个全角字符转为半角"),
            format!("converted {a} full-width character(s) to half-width"),
        ),
        Kind::NormalizedWhitespace => {
            pick!(zh, format!("已去掉 {a} 个空格"), format!("removed {a} space(s)"))
        }
        Kind::NormalizedHyphen => pick!(
            zh,
            format!("已去掉 {a} 个连字符或破折号"),
            format!("removed {a} hyphen(s) or dash(es)"),
        ),
        Kind::NormalizedLowercase => pick!(
            zh,
            format!("已将 {a} 个小写字母转为大写"),
            format!("upper-cased {a} letter(s)"),
        ),
    }
}

impl Kind {
    /// A short name for tables, charts and legends (the full sentence is
    /// [`Finding::message`]).
    ///
    /// ```
    /// use uscc::{Kind, Lang};
    /// assert_eq!(Kind::CheckCharMismatch.label(Lang::Zh), "第18位校验码错误");
    /// assert_eq!(Kind::CitizenId.label(Lang::En), "citizen ID number");
    /// ```
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Kind::Empty => ("代码为空", "empty"),
            Kind::InputTooLong => ("内容过长", "input too long"),
            Kind::TooShort => ("位数不足", "too short"),
            Kind::TooLong => ("位数过多", "too long"),
            Kind::InvalidChar => ("含非法字符", "invalid character"),
            Kind::ExcludedLetter => ("含不用字母 I/O/S/V/Z", "excluded letter I/O/S/V/Z"),
            Kind::InvalidDepartment => ("登记管理部门代码错误", "invalid department"),
            Kind::InvalidCategory => ("机构类别代码错误", "invalid category"),
            Kind::InvalidRegion => ("行政区划码错误", "invalid region"),
            Kind::UnknownRegion => ("行政区划码不存在", "unknown region"),
            Kind::RegionNotInYear => ("行政区划码当年不存在", "region not valid in issue year"),
            Kind::AbolishedRegion => ("行政区划已撤销", "abolished region"),
            Kind::SpecialRegion => ("特殊登记机关代码", "special region code"),
            Kind::OrgCheckMismatch => ("主体标识码校验位错误", "organization code check mismatch"),
            Kind::CheckCharMismatch => ("第18位校验码错误", "check character mismatch"),
            Kind::PilotCode => ("福建试点代码", "Fujian pilot code"),
            Kind::CheckCharYFor1 => ("校验码 1 误作 Y", "check char Y for 1"),
            Kind::CitizenId => ("填入了身份证号", "citizen ID number"),
            Kind::RegistrationNumber => ("填入了工商注册号", "registration number"),
            Kind::OrganizationCode => ("填入了组织机构代码", "organization code"),
            Kind::SpreadsheetTruncated => ("被表格软件截断", "truncated by a spreadsheet"),
            Kind::ScientificNotation => ("被表格软件转成科学计数法", "scientific notation"),
            Kind::NormalizedLabel => ("去掉了标签", "label removed"),
            Kind::NormalizedQuote => ("去掉了引号", "quotes removed"),
            Kind::NormalizedInvisible => ("去掉了不可见字符", "invisible characters removed"),
            Kind::NormalizedFullwidth => ("全角转半角", "full-width converted"),
            Kind::NormalizedWhitespace => ("去掉了空格", "whitespace removed"),
            Kind::NormalizedHyphen => ("去掉了连字符", "hyphens removed"),
            Kind::NormalizedLowercase => ("小写转大写", "lower case converted"),
        };
        if lang == Lang::Zh {
            zh
        } else {
            en
        }
    }
}
