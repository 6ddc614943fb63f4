//! Input columns: whatever the user passes (a list, a tuple, a numpy array, a pandas or polars
//! Series, any Arrow producer) becomes Arrow string chunks — zero-copy where the input
//! already is Arrow strings.
//!
//! Element rules for Python sequences (documented in the package README and docstrings):
//! - `str` (and subclasses such as `numpy.str_`) is the text;
//! - `None`, float NaN, `pandas.NA` and `pandas.NaT` are missing: checked as an empty code;
//! - `int` and `float` are checked as their decimal text (`916201055811843000`): a code a
//!   spreadsheet stored as a number gets a precise verdict (`spreadsheet_truncated`) instead
//!   of an exception;
//! - in a date column, `datetime.date`/`datetime`/`pandas.Timestamp` become `YYYY-MM-DD`;
//! - anything else (`bytes`, `bool`, …) raises `TypeError` naming the row.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{Array, ArrayRef, LargeStringArray, StringArray, StringViewArray};
use arrow_buffer::{BooleanBufferBuilder, NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, TimeUnit};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::arrow;

/// How to read elements.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Codes, names, region codes: text; numbers as decimal text.
    Text,
    /// Dates: also date and timestamp values, as `YYYY-MM-DD`.
    Date,
}

/// A column of text: Arrow chunks of type Utf8, LargeUtf8, Utf8View or Null.
#[derive(Clone)]
pub struct Column {
    pub data_type: DataType,
    pub chunks: Vec<ArrayRef>,
}

impl Column {
    pub fn len(&self) -> usize {
        self.chunks.iter().map(|c| c.len()).sum()
    }
}

/// Random access to a column's rows by scan row: the column (shared Arrow buffers) with its
/// chunk starts, so that each look-up is a binary search (a column read from CSV comes in
/// hundreds of chunks, and a report lists hundreds of thousands of rows). Kept with the
/// report for the names of its rows.
pub struct Indexed {
    column: Column,
    /// Where each chunk starts, then the column's length.
    starts: Vec<usize>,
}

impl Indexed {
    pub fn new(column: Column) -> Indexed {
        let mut starts = Vec::with_capacity(column.chunks.len() + 1);
        starts.push(0);
        for a in &column.chunks {
            starts.push(starts[starts.len() - 1] + a.len());
        }
        Indexed { column, starts }
    }

    /// The text of scan row `row` (counted from 1; `None` for a missing value or past the
    /// end).
    pub fn row(&self, row: u64) -> Option<&str> {
        let i = usize::try_from(row).ok()?.checked_sub(1)?;
        let k = self.starts.partition_point(|&s| s <= i).checked_sub(1)?;
        Texts::new(self.column.chunks.get(k)?.as_ref()).get(i - self.starts[k])
    }
}

/// Read access to one chunk.
#[derive(Clone, Copy)]
pub enum Texts<'a> {
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
    Null,
}

impl<'a> Texts<'a> {
    pub fn new(a: &'a dyn Array) -> Texts<'a> {
        match a.data_type() {
            DataType::Utf8 => Texts::Utf8(a.as_string::<i32>()),
            DataType::LargeUtf8 => Texts::Large(a.as_string::<i64>()),
            DataType::Utf8View => Texts::View(a.as_string_view()),
            _ => Texts::Null,
        }
    }

    #[inline]
    pub fn get(&self, i: usize) -> Option<&'a str> {
        match *self {
            Texts::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::View(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::Null => None,
        }
    }
}

/// Walks a column row by row across its chunks.
pub struct Cursor<'a> {
    chunks: &'a [ArrayRef],
    chunk: usize,
    texts: Texts<'a>,
    off: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(c: &'a Column) -> Cursor<'a> {
        let texts = c
            .chunks
            .first()
            .map_or(Texts::Null, |a| Texts::new(a.as_ref()));
        Cursor {
            chunks: &c.chunks,
            chunk: 0,
            texts,
            off: 0,
        }
    }

    /// A cursor whose next row is row `row` (0-based) of `c`.
    pub fn at(c: &'a Column, row: usize) -> Cursor<'a> {
        let mut cur = Cursor::new(c);
        let mut left = row;
        while cur.chunk < cur.chunks.len() && left >= cur.chunks[cur.chunk].len() {
            left -= cur.chunks[cur.chunk].len();
            cur.chunk += 1;
        }
        cur.texts = cur
            .chunks
            .get(cur.chunk)
            .map_or(Texts::Null, |a| Texts::new(a.as_ref()));
        cur.off = left;
        cur
    }

    /// The next row's text (`None` for a missing value). Call at most `len` times.
    #[inline]
    pub fn next_row(&mut self) -> Option<&'a str> {
        while self.chunk < self.chunks.len() && self.off >= self.chunks[self.chunk].len() {
            self.chunk += 1;
            self.off = 0;
            self.texts = self
                .chunks
                .get(self.chunk)
                .map_or(Texts::Null, |a| Texts::new(a.as_ref()));
        }
        let v = self.texts.get(self.off);
        self.off += 1;
        v
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

fn module_of(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .module()
        .map(|n| n.to_string())
        .unwrap_or_default()
}

/// Converts a user value into a text column. `what` names the argument in errors.
pub fn column(obj: &Bound<'_, PyAny>, mode: Mode, what: &str) -> PyResult<Column> {
    let py = obj.py();
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(format!(
            "{what}: expected a column of values (list, Series, array), got a single {}; \
             for one code use uscc.diagnose(code) or wrap it in a list",
            type_name(obj)
        )));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        return Ok(single(from_sequence(py, SeqRef::List(list), mode, what)?));
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return Ok(single(from_sequence(py, SeqRef::Tuple(t), mode, what)?));
    }
    let module = module_of(obj);
    if module.starts_with("pandas") {
        return from_pandas(obj, mode, what);
    }
    if module.starts_with("numpy") && obj.hasattr("dtype")? {
        return from_numpy(obj, mode, what);
    }
    if let Some(imp) = arrow::import(obj)? {
        let data_type = imp.field.data_type().clone();
        let chunks = imp
            .chunks
            .iter()
            .map(|c| convert_arrow(c, mode, what))
            .collect::<PyResult<Vec<_>>>()?;
        let data_type = chunks
            .first()
            .map_or_else(|| text_type(&data_type), |c| c.data_type().clone());
        return Ok(Column { data_type, chunks });
    }
    // Any other iterable (a generator, a range of strings …): materialize it.
    if obj.hasattr("__iter__")? {
        let list = py.get_type::<PyList>().call1((obj,))?;
        return Ok(single(from_sequence(
            py,
            SeqRef::List(list.cast::<PyList>()?),
            mode,
            what,
        )?));
    }
    Err(PyTypeError::new_err(format!(
        "{what}: expected a list, tuple, numpy array, pandas/polars Series or Arrow array of str, got {}",
        type_name(obj)
    )))
}

fn single(a: ArrayRef) -> Column {
    Column {
        data_type: a.data_type().clone(),
        chunks: vec![a],
    }
}

fn text_type(t: &DataType) -> DataType {
    match t {
        DataType::LargeUtf8 | DataType::Utf8View => t.clone(),
        _ => DataType::Utf8,
    }
}

fn from_pandas(obj: &Bound<'_, PyAny>, mode: Mode, what: &str) -> PyResult<Column> {
    let py = obj.py();
    let tname = type_name(obj);
    if tname == "DataFrame" {
        return Err(PyTypeError::new_err(format!(
            "{what}: expected a column, got a DataFrame; pass one column, e.g. df[\"统一社会信用代码\"]"
        )));
    }
    if tname == "Index" || tname == "Series" || obj.hasattr("array")? {
        let array = obj.getattr("array")?;
        // Arrow-backed strings (pandas' "string[pyarrow]", "str", ArrowDtype): zero-copy.
        if array.hasattr("__arrow_array__")? && py.import("pyarrow").is_ok() {
            let dtype = obj.getattr("dtype")?.str()?.to_string();
            let is_text = dtype.contains("str") || dtype.contains("large_string");
            if is_text {
                let chunked = array.call_method0("__arrow_array__")?;
                if let Some(imp) = arrow::import(&chunked)? {
                    let chunks = imp
                        .chunks
                        .iter()
                        .map(|c| convert_arrow(c, mode, what))
                        .collect::<PyResult<Vec<_>>>()?;
                    let data_type = chunks.first().map_or_else(
                        || text_type(imp.field.data_type()),
                        |c| c.data_type().clone(),
                    );
                    return Ok(Column { data_type, chunks });
                }
            }
        }
        let list = obj.call_method0("tolist")?;
        return Ok(single(from_sequence(
            py,
            SeqRef::List(list.cast::<PyList>()?),
            mode,
            what,
        )?));
    }
    Err(PyTypeError::new_err(format!(
        "{what}: unsupported pandas object {tname}"
    )))
}

fn from_numpy(obj: &Bound<'_, PyAny>, mode: Mode, what: &str) -> PyResult<Column> {
    let py = obj.py();
    let ndim: usize = obj.getattr("ndim")?.extract()?;
    if ndim != 1 {
        return Err(PyValueError::new_err(format!(
            "{what}: expected a 1-dimensional array, got {ndim} dimensions"
        )));
    }
    let kind: String = obj.getattr("dtype")?.getattr("kind")?.extract()?;
    let obj = match kind.as_str() {
        "U" | "O" | "i" | "u" | "f" => obj.clone(),
        // Dates: day precision, NaT → None.
        "M" if mode == Mode::Date => obj.call_method1("astype", ("datetime64[D]",))?,
        "S" => {
            return Err(PyTypeError::new_err(format!(
                "{what}: a numpy bytes array (dtype {}); decode it first, e.g. arr.astype(str)",
                obj.getattr("dtype")?.str()?
            )))
        }
        _ => {
            return Err(PyTypeError::new_err(format!(
                "{what}: expected a numpy array of str or objects, got dtype {}",
                obj.getattr("dtype")?.str()?
            )))
        }
    };
    let list = obj.call_method0("tolist")?;
    Ok(single(from_sequence(
        py,
        SeqRef::List(list.cast::<PyList>()?),
        mode,
        what,
    )?))
}

enum SeqRef<'a, 'py> {
    List(&'a Bound<'py, PyList>),
    Tuple(&'a Bound<'py, PyTuple>),
}

/// Builds an Arrow string array from a Python list or tuple, holding the GIL (the bytes are
/// copied, so the result does not depend on the Python objects any more).
fn from_sequence(
    py: Python<'_>,
    seq: SeqRef<'_, '_>,
    mode: Mode,
    what: &str,
) -> PyResult<ArrayRef> {
    let n = match seq {
        SeqRef::List(l) => l.len(),
        SeqRef::Tuple(t) => t.len(),
    };
    let mut values: Vec<u8> = Vec::with_capacity(n * 19);
    let mut offsets: Vec<i64> = Vec::with_capacity(n + 1);
    offsets.push(0);
    let mut valid = BooleanBufferBuilder::new(n);
    let mut nulls = 0usize;
    let mut i = 0;
    loop {
        let item = match seq {
            SeqRef::List(l) => {
                if i >= l.len() {
                    break;
                }
                l.get_item(i)?
            }
            SeqRef::Tuple(t) => {
                if i >= t.len() {
                    break;
                }
                t.get_item(i)?
            }
        };
        let ok =
            push_item(py, &item, mode, &mut values).map_err(|e| row_error(e, what, i, &item))?;
        if !ok {
            nulls += 1;
        }
        valid.append(ok);
        offsets.push(values.len() as i64);
        i += 1;
    }
    let nulls = (nulls > 0).then(|| NullBuffer::new(valid.finish()));
    Ok(string_array(values, offsets, nulls))
}

/// `StringArray` when the text fits 32-bit offsets, else `LargeStringArray`. The bytes were
/// pushed as whole `str`s, so they are UTF-8 on char boundaries.
pub fn string_array(values: Vec<u8>, offsets: Vec<i64>, nulls: Option<NullBuffer>) -> ArrayRef {
    if values.len() <= i32::MAX as usize {
        let o32: Vec<i32> = offsets.iter().map(|&o| o as i32).collect();
        Arc::new(StringArray::new(
            OffsetBuffer::new(o32.into()),
            values.into(),
            nulls,
        ))
    } else {
        Arc::new(LargeStringArray::new(
            OffsetBuffer::new(offsets.into()),
            values.into(),
            nulls,
        ))
    }
}

fn row_error(e: PyErr, what: &str, i: usize, item: &Bound<'_, PyAny>) -> PyErr {
    if e.is_instance_of::<PyTypeError>(item.py()) {
        PyTypeError::new_err(format!("{what}[{i}]: {}", e.value(item.py())))
    } else {
        e
    }
}

/// Appends one element's text; `false` for a missing value.
fn push_item(
    py: Python<'_>,
    item: &Bound<'_, PyAny>,
    mode: Mode,
    out: &mut Vec<u8>,
) -> PyResult<bool> {
    if let Ok(s) = item.cast::<PyString>() {
        push_str(s, out);
        return Ok(true);
    }
    if item.is_none() {
        return Ok(false);
    }
    if let Ok(f) = item.cast::<PyFloat>() {
        let x = f.value();
        if x.is_nan() {
            return Ok(false);
        }
        out.extend_from_slice(format_float(x).as_bytes());
        return Ok(true);
    }
    if item.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err("expected str, got bool"));
    }
    if item.is_instance_of::<PyInt>() {
        out.extend_from_slice(item.str()?.to_str()?.as_bytes());
        return Ok(true);
    }
    if item.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "expected str, got bytes; decode the column first (e.g. b.decode(\"utf-8\") or \"gbk\")",
        ));
    }
    let tname = type_name(item);
    if tname == "NAType" || tname == "NaTType" {
        return Ok(false);
    }
    if mode == Mode::Date
        && item.hasattr("year")?
        && item.hasattr("month")?
        && item.hasattr("day")?
    {
        let (y, m, d): (i32, u32, u32) = (
            item.getattr("year")?.extract()?,
            item.getattr("month")?.extract()?,
            item.getattr("day")?.extract()?,
        );
        out.extend_from_slice(format!("{y:04}-{m:02}-{d:02}").as_bytes());
        return Ok(true);
    }
    // numpy scalars (numpy.int64, numpy.float64) behave like the Python numbers.
    if module_of(item) == "numpy" {
        if let Ok(x) = item.call_method0("item") {
            if !x.is(item)
                && (x.is_instance_of::<PyInt>() || x.is_instance_of::<PyFloat>() || x.is_none())
            {
                return push_item(py, &x, mode, out);
            }
        }
    }
    let _ = py;
    Err(PyTypeError::new_err(format!("expected str, got {tname}")))
}

fn push_str(s: &Bound<'_, PyString>, out: &mut Vec<u8>) {
    match s.to_str() {
        Ok(t) => out.extend_from_slice(t.as_bytes()),
        // Lone surrogates cannot be UTF-8: replaced by U+FFFD, so the row gets a verdict.
        Err(_) => out.extend_from_slice(s.to_string_lossy().as_bytes()),
    }
}

/// Decimal text of a float, without exponent: an integral value prints as the integer a
/// spreadsheet stored (`9.16201055811843e17` → `916201055811843000`).
pub fn format_float(x: f64) -> String {
    format!("{x}")
}

/// Converts an imported chunk to a text type.
fn convert_arrow(a: &ArrayRef, mode: Mode, what: &str) -> PyResult<ArrayRef> {
    macro_rules! prim {
        ($t:ty, $f:expr) => {{
            let p = a.as_primitive::<$t>();
            Ok(map_rows(p.len(), |i| {
                p.is_valid(i).then(|| $f(p.value(i))).flatten()
            }))
        }};
    }
    let dt = a.data_type();
    match dt {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => Ok(a.clone()),
        DataType::Dictionary(_, v) if matches!(v.as_ref(), DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View) => {
            let d = a.as_any_dictionary();
            let values = Texts::new(d.values().as_ref());
            let keys = d.normalized_keys();
            let nulls = a.logical_nulls();
            Ok(map_rows(a.len(), |i| {
                if nulls.as_ref().is_some_and(|n| n.is_null(i)) {
                    None
                } else {
                    values.get(keys[i]).map(str::to_string)
                }
            }))
        }
        DataType::Int8 => prim!(Int8Type, |v: i8| Some(v.to_string())),
        DataType::Int16 => prim!(Int16Type, |v: i16| Some(v.to_string())),
        DataType::Int32 => prim!(Int32Type, |v: i32| Some(v.to_string())),
        DataType::Int64 => prim!(Int64Type, |v: i64| Some(v.to_string())),
        DataType::UInt8 => prim!(UInt8Type, |v: u8| Some(v.to_string())),
        DataType::UInt16 => prim!(UInt16Type, |v: u16| Some(v.to_string())),
        DataType::UInt32 => prim!(UInt32Type, |v: u32| Some(v.to_string())),
        DataType::UInt64 => prim!(UInt64Type, |v: u64| Some(v.to_string())),
        DataType::Float32 => prim!(Float32Type, |v: f32| (!v.is_nan()).then(|| format_float(f64::from(v)))),
        DataType::Float64 => prim!(Float64Type, |v: f64| (!v.is_nan()).then(|| format_float(v))),
        DataType::Date32 if mode == Mode::Date => prim!(Date32Type, |v: i32| Some(ymd(i64::from(v)))),
        DataType::Date64 if mode == Mode::Date => prim!(Date64Type, |v: i64| Some(ymd(v.div_euclid(86_400_000)))),
        DataType::Timestamp(unit, _) if mode == Mode::Date => match unit {
            TimeUnit::Second => prim!(TimestampSecondType, |v: i64| Some(ymd(v.div_euclid(86_400)))),
            TimeUnit::Millisecond => prim!(TimestampMillisecondType, |v: i64| Some(ymd(v.div_euclid(86_400_000)))),
            TimeUnit::Microsecond => {
                prim!(TimestampMicrosecondType, |v: i64| Some(ymd(v.div_euclid(86_400_000_000))))
            }
            TimeUnit::Nanosecond => {
                prim!(TimestampNanosecondType, |v: i64| Some(ymd(v.div_euclid(86_400_000_000_000))))
            }
        },
        DataType::Binary | DataType::LargeBinary | DataType::BinaryView => Err(PyTypeError::new_err(format!(
            "{what}: an Arrow {dt} column; decode it to strings first (e.g. pyarrow.compute.cast(arr, pyarrow.string()))"
        ))),
        _ => Err(PyTypeError::new_err(format!("{what}: expected an Arrow string column, got {dt}"))),
    }
}

fn map_rows(n: usize, f: impl Fn(usize) -> Option<String>) -> ArrayRef {
    let mut values = Vec::with_capacity(n * 18);
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0i64);
    let mut valid = BooleanBufferBuilder::new(n);
    let mut nulls = 0;
    for i in 0..n {
        match f(i) {
            Some(s) => {
                values.extend_from_slice(s.as_bytes());
                valid.append(true);
            }
            None => {
                nulls += 1;
                valid.append(false);
            }
        }
        offsets.push(values.len() as i64);
    }
    let nulls = (nulls > 0).then(|| NullBuffer::new(valid.finish()));
    string_array(values, offsets, nulls)
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (proleptic Gregorian).
pub fn ymd(days: i64) -> String {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}
