//! `uscc._uscc`: the native module behind the Python package `uscc`. A thin layer: every
//! rule, message and suggestion comes from the `uscc` crate.
//!
//! The doc comments of the Python-facing items are Python docstrings (reST, `>>>`
//! examples), not rustdoc: rustdoc's link and code-block checks do not apply to them.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_rust_codeblocks)]

use std::borrow::Cow;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyFloat, PyInt, PyString, PyTuple};
use uscc::Policy;

mod arrow;
mod check;
mod code;
mod error;
mod input;
mod policy;
mod pyvalues;
mod scan;
mod spark;

use code::{Code, Finding, Region};
use error::{InputTooLong, InvalidCode};

/// The text of a scalar argument: `str` only, with a TypeError that says what to do.
pub(crate) fn text_arg<'a>(obj: &'a Bound<'_, PyAny>, func: &str) -> PyResult<Cow<'a, str>> {
    if let Ok(s) = obj.cast::<PyString>() {
        // Lone surrogates cannot be UTF-8: replaced by U+FFFD, which the rules then report.
        return Ok(match s.to_str() {
            Ok(t) => Cow::Owned(t.to_owned()),
            Err(_) => Cow::Owned(s.to_string_lossy().into_owned()),
        });
    }
    let tname = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_default();
    let hint = if obj.is_instance_of::<PyBytes>() {
        "; decode it first, e.g. value.decode(\"utf-8\")"
    } else if obj.is_instance_of::<PyInt>() || obj.is_instance_of::<PyFloat>() {
        "; a code stored as a number may have lost digits — pass str(value) to have that diagnosed, \
         or use uscc.check() on a column, which does so per row"
    } else {
        ""
    };
    Err(PyTypeError::new_err(format!(
        "{func} expects a str, got {tname}{hint}"
    )))
}

pub(crate) fn validate_with(py: Python<'_>, text: &str, p: &Policy) -> PyResult<Code> {
    match p.validate(text) {
        Ok(c) => Ok(Code(c)),
        Err(e) => Err(error::invalid(py, text, &e.diagnosis)),
    }
}

/// Whether ``code`` is a valid unified social credit code after normalization.
///
/// Policy keywords (all functions that judge a code take them): ``policy`` —
/// ``"default"`` (pilot codes and GB 11714 slips are warnings), ``"assessment"`` (every rule
/// an error, as the monthly 重错码率 counts) or ``"strict"`` (regions too); ``regions`` —
/// ``"ignore" | "lenient" | "strict"``; ``org_check`` and ``issued_anomalies`` —
/// ``"error" | "warning" | "off"``; ``issue_year`` — the region must have existed then.
///
/// >>> uscc.is_valid("91350100M000100Y43")
/// True
/// >>> uscc.is_valid(" ９１３５０１００ｍ０００１００ｙ４３ ")   # width, case, spaces
/// True
/// >>> uscc.is_valid("91350203M0001QKT19"), uscc.is_valid("91350203M0001QKT19", policy="assessment")
/// (True, False)
#[pyfunction]
#[pyo3(signature = (code, **policy))]
fn is_valid(code: &Bound<'_, PyAny>, policy: Option<&Bound<'_, PyDict>>) -> PyResult<bool> {
    let text = text_arg(code, "uscc.is_valid()")?;
    let p = policy::from_kwargs(policy, Policy::default())?;
    Ok(p.is_valid(&text))
}

/// The :class:`Code`, or raises :class:`InvalidCode` (a ``ValueError``) saying what is wrong,
/// where, and what was expected.
///
/// >>> uscc.validate(" 91350100m000100y43 ")
/// Code('91350100M000100Y43')
/// >>> uscc.validate("91110108551385082R")
/// Traceback (most recent call last):
/// uscc.InvalidCode: '91110108551385082R' is not a valid code: position 18: check char should be Q, found R
#[pyfunction]
#[pyo3(signature = (code, **policy))]
fn validate(
    py: Python<'_>,
    code: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyDict>>,
) -> PyResult<Code> {
    let text = text_arg(code, "uscc.validate()")?;
    let p = policy::from_kwargs(policy, Policy::default())?;
    validate_with(py, &text, &p)
}

/// Every :class:`Finding` about ``code``: errors first, then warnings, then what
/// normalization changed (info). Empty for a canonical valid code.
///
/// >>> [f.kind for f in uscc.diagnose("91350100M0001OOY43")]
/// ['excluded_letter', 'excluded_letter']
/// >>> uscc.diagnose("362322198709086409")[0].kind      # a citizen ID in the field
/// 'citizen_id'
#[pyfunction]
#[pyo3(signature = (code, **policy))]
fn diagnose(code: &Bound<'_, PyAny>, policy: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<Finding>> {
    let text = text_arg(code, "uscc.diagnose()")?;
    let p = policy::from_kwargs(policy, Policy::default())?;
    Ok(p.diagnose(&text)
        .findings
        .into_iter()
        .map(Finding)
        .collect())
}

/// The normalized text: spaces (U+3000 too), hyphens, full width, lower case, invisible
/// characters, quotes and labels such as ``统一社会信用代码：`` removed. Look-alike letters
/// are *not* replaced (that is a guess: see :func:`suggest`). Raises :class:`InputTooLong`
/// (a ``ValueError``) for inputs over ``MAX_INPUT_LEN`` bytes.
///
/// >>> uscc.normalize("统一社会信用代码：９１３５ ０１００-m000100y43")
/// '91350100M000100Y43'
#[pyfunction]
fn normalize(py: Python<'_>, code: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = text_arg(code, "uscc.normalize()")?;
    match uscc::normalize(&text) {
        Ok(n) => Ok(n.text.into_owned()),
        Err(_) => Err(error::invalid(
            py,
            &text,
            &Policy::default().diagnose(&text),
        )),
    }
}

/// Valid codes one edit away from an invalid ``code``, most likely first (at most
/// ``MAX_SUGGESTIONS``); empty for a valid code.
///
/// >>> uscc.suggest("91350100M0001OOY43")
/// ['91350100M000100Y43']
/// >>> uscc.suggest("91350100M000100Y34")[0]      # swapped
/// '91350100M000100Y43'
#[pyfunction]
#[pyo3(signature = (code, **policy))]
fn suggest(code: &Bound<'_, PyAny>, policy: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<String>> {
    let text = text_arg(code, "uscc.suggest()")?;
    let p = policy::from_kwargs(policy, Policy::default())?;
    Ok(p.suggest(&text)
        .into_iter()
        .map(|s| s.code.as_str().to_string())
        .collect())
}

/// The GB 32100 check character (position 18) of a 17-character prefix.
///
/// >>> uscc.check_char("91350100M000100Y4")
/// '3'
#[pyfunction]
fn check_char(prefix17: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = text_arg(prefix17, "uscc.check_char()")?;
    uscc::check_char(&text)
        .map(String::from)
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The GB 11714 check character (position 17, or the 9th of an organization code) of 8
/// characters.
///
/// >>> uscc.org_check_char("55138508")
/// '2'
#[pyfunction]
fn org_check_char(body8: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = text_arg(body8, "uscc.org_check_char()")?;
    uscc::org_check_char(&text)
        .map(String::from)
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Builds a code from its parts (存量机构代码向统一社会信用代码转换): department and category
/// chars, a six-digit region code and a 9-character organization code (with or without its
/// hyphen). Computes position 18 and checks every rule; raises ``ValueError``
/// (:class:`InvalidCode` when the assembled code breaks a rule).
///
/// >>> uscc.build("9", "1", "110108", "55138508-2")
/// Code('91110108551385082Q')
#[pyfunction]
fn build(
    py: Python<'_>,
    department: &str,
    category: &str,
    region: &str,
    org_code: &str,
) -> PyResult<Code> {
    let one = |s: &str, what: &str| -> PyResult<char> {
        let mut it = s.chars();
        match (it.next(), it.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(PyValueError::new_err(format!(
                "{what} must be one character, got {s:?}"
            ))),
        }
    };
    let d = one(department, "department")?;
    let c = one(category, "category")?;
    match uscc::build(d, c, region, org_code) {
        Ok(code) => Ok(Code(code)),
        Err(uscc::BuildError::Invalid(e)) => {
            let text = format!("{d}{c}{region}{org_code}");
            Err(error::invalid(py, &text, &e.diagnosis))
        }
        Err(e) => Err(PyValueError::new_err(e.to_string())),
    }
}

/// The :class:`Region` of a six-digit region code (str or int), or None if unknown.
///
/// >>> uscc.region("110108")
/// Region('110108', '北京市 海淀区')
#[pyfunction]
fn region(code6: &Bound<'_, PyAny>) -> PyResult<Option<Region>> {
    let r = if let Ok(n) = code6.extract::<u32>() {
        if code6.is_instance_of::<pyo3::types::PyBool>() {
            return Err(PyTypeError::new_err(
                "uscc.region() expects a six-digit str or int, got bool",
            ));
        }
        uscc::region::lookup(n)
    } else {
        uscc::region::lookup_str(&text_arg(code6, "uscc.region()")?)
    };
    Ok(r.map(Region))
}

/// Checks a column of codes at native speed, in parallel, without holding the GIL.
///
/// ``values``: a list or tuple of str, a numpy array (str or object), a pandas Series, a
/// polars Series, or any Arrow array / chunked array (``__arrow_c_array__`` /
/// ``__arrow_c_stream__``: pyarrow, polars, arro3 …) of ``string``, ``large_string`` or
/// ``string_view`` — read without copying. ``None``, NaN, ``pd.NA`` are checked as empty
/// codes; ``int`` and ``float`` values as their decimal text (a code stored as a number gets
/// ``spreadsheet_truncated``); ``bytes``, ``bool`` and other objects raise ``TypeError``.
///
/// Returns a :class:`Table` in input order with the columns ``input``, ``normalized``,
/// ``valid``, ``kind``, ``position``, ``expected``, ``message_zh``, ``message_en``,
/// ``suggestion``. ``kind`` and the messages describe the first error, or for a valid code
/// its first warning (pilot code, unknown region …); ``suggestion`` is the most likely
/// intended code. The table has the Arrow PyCapsule interface (``pl.DataFrame(t)``,
/// ``pa.table(t)``) and ``to_pandas()``, ``to_polars()``, ``to_arrow()``, ``to_pylist()``.
///
/// >>> t = uscc.check(["91350100M000100Y43", "91350100M0001OOY43", None])
/// >>> t["valid"], t["kind"], t["suggestion"]
/// ([True, False, False], [None, 'excluded_letter', 'empty'], [None, '91350100M000100Y43', None])
#[pyfunction(name = "check")]
#[pyo3(signature = (values, **policy))]
fn check_values(
    py: Python<'_>,
    values: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyDict>>,
) -> PyResult<arrow::Table> {
    let p = policy::from_kwargs(policy, Policy::default())?;
    let col = input::column(values, input::Mode::Text, "values")?;
    check::check_column(py, &col, p)
}

/// Scans registration records for 错码 (erroneous codes) and 重码 (one code, several
/// entities), and computes the 重错码率 overall, per month and per region.
///
/// ``codes``, and optionally ``names`` (entity names: without them 重码 cannot be told from
/// repeats), ``dates`` (str in any common form, Excel serial numbers, date/datetime values)
/// and ``regions`` (a region column overriding positions 3–8), are columns of the same
/// length, of any type :func:`check` accepts. The default policy is ``"assessment"``.
/// ``max_listed`` caps each list of the report (counts are always complete).
///
/// >>> r = uscc.scan(df["code"], names=df["name"], dates=df["date"])
/// >>> r.summary["rate"]
/// >>> r.monthly.to_pandas().plot(x="month", y="rate")
#[pyfunction(name = "scan")]
#[pyo3(signature = (codes, names = None, dates = None, regions = None, *, max_listed = None, **policy))]
fn scan_records(
    py: Python<'_>,
    codes: &Bound<'_, PyAny>,
    names: Option<&Bound<'_, PyAny>>,
    dates: Option<&Bound<'_, PyAny>>,
    regions: Option<&Bound<'_, PyAny>>,
    max_listed: Option<usize>,
    policy: Option<&Bound<'_, PyDict>>,
) -> PyResult<scan::Report> {
    let p = policy::from_kwargs(policy, Policy::assessment())?;
    let codes = input::column(codes, input::Mode::Text, "codes")?;
    let names = names
        .filter(|n| !n.is_none())
        .map(|n| input::column(n, input::Mode::Text, "names"))
        .transpose()?;
    let dates = dates
        .filter(|n| !n.is_none())
        .map(|n| input::column(n, input::Mode::Date, "dates"))
        .transpose()?;
    let regions = regions
        .filter(|n| !n.is_none())
        .map(|n| input::column(n, input::Mode::Text, "regions"))
        .transpose()?;
    let mut options = uscc::scan::ScanOptions::default();
    options.policy = p;
    options.has_names = names.is_some();
    if let Some(m) = max_listed {
        options.max_listed = m;
    }
    scan::run(
        py,
        &codes,
        names.as_ref(),
        dates.as_ref(),
        regions.as_ref(),
        options,
    )
}

#[pymodule]
fn _uscc(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(diagnose, m)?)?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(suggest, m)?)?;
    m.add_function(wrap_pyfunction!(check_char, m)?)?;
    m.add_function(wrap_pyfunction!(org_check_char, m)?)?;
    m.add_function(wrap_pyfunction!(build, m)?)?;
    m.add_function(wrap_pyfunction!(region, m)?)?;
    m.add_function(wrap_pyfunction!(check_values, m)?)?;
    m.add_function(wrap_pyfunction!(scan_records, m)?)?;
    m.add_function(wrap_pyfunction!(spark::synth, m)?)?;
    m.add_function(wrap_pyfunction!(spark::classify_batch, m)?)?;
    m.add_function(wrap_pyfunction!(spark::flag_details, m)?)?;
    m.add_class::<Code>()?;
    m.add_class::<Region>()?;
    m.add_class::<Finding>()?;
    m.add_class::<arrow::Table>()?;
    m.add_class::<scan::Report>()?;
    m.add("InvalidCode", py.get_type::<InvalidCode>())?;
    m.add("InputTooLong", py.get_type::<InputTooLong>())?;
    m.add(
        "KINDS",
        PyTuple::new(py, uscc::Kind::ALL.iter().map(|k| k.as_str()))?,
    )?;
    m.add(
        "ALPHABET",
        std::str::from_utf8(uscc::ALPHABET).expect("ASCII"),
    )?;
    m.add("MAX_INPUT_LEN", uscc::MAX_INPUT_LEN)?;
    m.add("MAX_SUGGESTIONS", uscc::MAX_SUGGESTIONS)?;
    m.add(
        "CHECK_COLUMNS",
        check::schema(&arrow_schema::DataType::Utf8)
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect::<Vec<_>>(),
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // Benchmarks refuse to report numbers from a debug build.
    m.add("_DEBUG_BUILD", cfg!(debug_assertions))?;
    Ok(())
}
