//! Exceptions: `uscc.InvalidCode` (a `ValueError`) carrying the first error's kind, position,
//! expected char and messages plus every finding; `uscc.InputTooLong` for inputs too long to
//! examine.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::code::Finding;

create_exception!(
    uscc,
    InvalidCode,
    PyValueError,
    "The input is not a valid unified social credit code.\n\n\
     Attributes: ``kind`` (str, e.g. ``\"check_char_mismatch\"``), ``position`` (1-based, or\n\
     None), ``expected`` (the char that belongs there, or None), ``found``, ``message_zh``,\n\
     ``message_en``, ``findings`` (every finding, errors first), ``input``, ``normalized``.\n\n\
     >>> try:\n\
     ...     uscc.validate(\"91110108551385082R\")\n\
     ... except uscc.InvalidCode as e:\n\
     ...     print(e.kind, e.position, e.expected, e.message_zh)\n\
     check_char_mismatch 18 Q 第18位校验码应为 Q，实为 R"
);

create_exception!(
    uscc,
    InputTooLong,
    InvalidCode,
    "The input is longer than ``uscc.MAX_INPUT_LEN`` bytes and was not examined\n\
     (``kind == \"input_too_long\"``). A subclass of ``InvalidCode`` and so of ``ValueError``."
);

/// Builds the exception for an invalid input from its diagnosis.
pub fn invalid(py: Python<'_>, input: &str, d: &uscc::Diagnosis) -> PyErr {
    let first = d
        .first_error()
        .copied()
        .expect("an invalid diagnosis has an error");
    let shown: String = if input.chars().count() > 60 {
        format!("{}…", input.chars().take(60).collect::<String>())
    } else {
        input.to_string()
    };
    let msg = format!("{shown:?} is not a valid code: {}", first.message_en());
    let err = if first.kind == uscc::Kind::InputTooLong {
        InputTooLong::new_err(msg)
    } else {
        InvalidCode::new_err(msg)
    };
    if let Err(e) = fill(py, &err, input, d, &first) {
        return e;
    }
    err
}

fn fill(
    py: Python<'_>,
    err: &PyErr,
    input: &str,
    d: &uscc::Diagnosis,
    f: &uscc::Finding,
) -> PyResult<()> {
    let v = err.value(py);
    v.setattr("kind", f.kind.as_str())?;
    v.setattr("position", f.position)?;
    v.setattr("expected", f.expected.map(String::from))?;
    v.setattr("found", f.found.map(String::from))?;
    v.setattr("message_zh", f.message_zh())?;
    v.setattr("message_en", f.message_en())?;
    v.setattr("input", input)?;
    v.setattr("normalized", d.normalized.as_deref())?;
    let findings = PyList::empty(py);
    for f in &d.findings {
        findings.append(Py::new(py, Finding::from(*f))?)?;
    }
    v.setattr("findings", findings)?;
    Ok(())
}
