//! The Arrow PyCapsule interface: import columns from any producer (pyarrow, polars, arro3,
//! pandas' Arrow-backed strings …) without copying, and export result tables as an Arrow
//! stream that pyarrow, polars and others read without copying.
//!
//! The only `unsafe` of the crate lives here: taking the C structs out of the capsules.

use std::ffi::{c_void, CStr, CString};
use std::ptr::NonNull;

use arrow_array::ffi::{from_ffi, from_ffi_and_data_type, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{
    make_array, new_empty_array, new_null_array, Array, ArrayRef, RecordBatch, RecordBatchIterator,
    StructArray,
};
use arrow_data::ArrayData;
use arrow_schema::{ArrowError, DataType, Field, SchemaRef};
use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyList, PyTuple};
use rayon::prelude::*;

const STREAM: &CStr = c"arrow_array_stream";
const SCHEMA: &CStr = c"arrow_schema";
const ARRAY: &CStr = c"arrow_array";

fn arrow_err(e: ArrowError) -> PyErr {
    PyValueError::new_err(format!("invalid Arrow data: {e}"))
}

/// A column imported from an Arrow producer: its type and its chunks (possibly none).
pub struct Imported {
    pub field: Field,
    pub chunks: Vec<ArrayRef>,
}

/// Imports `obj` through `__arrow_c_stream__` or `__arrow_c_array__`, if it has either.
/// A table (struct) with exactly one column is taken as that column.
pub fn import(obj: &Bound<'_, PyAny>) -> PyResult<Option<Imported>> {
    let imported = if obj.hasattr("__arrow_c_stream__")? {
        let capsule = obj.call_method0("__arrow_c_stream__")?;
        import_stream(capsule.cast::<PyCapsule>()?)?
    } else if obj.hasattr("__arrow_c_array__")? {
        let pair = obj.call_method0("__arrow_c_array__")?;
        let pair = pair.cast::<PyTuple>()?;
        if pair.len() != 2 {
            return Err(PyTypeError::new_err(
                "__arrow_c_array__ must return (schema, array) capsules",
            ));
        }
        let schema = pair.get_item(0)?;
        let array = pair.get_item(1)?;
        import_array(schema.cast::<PyCapsule>()?, array.cast::<PyCapsule>()?)?
    } else {
        return Ok(None);
    };
    unwrap_single_column(imported).map(Some)
}

fn capsule_ptr(capsule: &Bound<'_, PyCapsule>, name: &CStr) -> PyResult<NonNull<c_void>> {
    capsule.pointer_checked(Some(name))
}

fn import_stream(capsule: &Bound<'_, PyCapsule>) -> PyResult<Imported> {
    let ptr = capsule_ptr(capsule, STREAM)?;
    // SAFETY: the capsule named `arrow_array_stream` holds an ArrowArrayStream (PyCapsule
    // interface); `from_raw` moves it out and marks the original released.
    let mut stream = unsafe { FFI_ArrowArrayStream::from_raw(ptr.as_ptr().cast()) };
    let (Some(get_schema), Some(get_next)) = (stream.get_schema, stream.get_next) else {
        return Err(PyValueError::new_err(
            "the Arrow stream was already consumed",
        ));
    };
    let mut schema = FFI_ArrowSchema::empty();
    // SAFETY: a live stream and a valid out-pointer.
    let rc = unsafe { get_schema(&mut stream, &mut schema) };
    if rc != 0 {
        return Err(stream_error(&mut stream, rc));
    }
    let field = Field::try_from(&schema).map_err(arrow_err)?;
    let mut chunks = Vec::new();
    loop {
        let mut array = FFI_ArrowArray::empty();
        // SAFETY: as above.
        let rc = unsafe { get_next(&mut stream, &mut array) };
        if rc != 0 {
            return Err(stream_error(&mut stream, rc));
        }
        if array.is_released() {
            break;
        }
        if field.data_type() == &DataType::Null {
            chunks.push(null_array(array));
            continue;
        }
        // SAFETY: the producer promises `array` matches the schema it gave.
        let data = unsafe { from_ffi_and_data_type(array, field.data_type().clone()) }
            .map_err(arrow_err)?;
        chunks.push(checked(data)?);
    }
    Ok(Imported { field, chunks })
}

fn stream_error(stream: &mut FFI_ArrowArrayStream, rc: i32) -> PyErr {
    let msg = stream
        .get_last_error
        // SAFETY: a live stream; the message is valid until the next call on it.
        .map(|f| unsafe { f(stream) })
        .filter(|p| !p.is_null())
        // SAFETY: a NUL-terminated string owned by the stream.
        .map(|p| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
        .unwrap_or_default();
    PyValueError::new_err(format!("the Arrow stream failed (error {rc}): {msg}"))
}

fn import_array(schema: &Bound<'_, PyCapsule>, array: &Bound<'_, PyCapsule>) -> PyResult<Imported> {
    let sp = capsule_ptr(schema, SCHEMA)?;
    let ap = capsule_ptr(array, ARRAY)?;
    // SAFETY: capsules named per the PyCapsule interface. The schema is borrowed (the capsule
    // keeps ownership and releases it); the array is moved out.
    let schema = unsafe { &*(sp.as_ptr() as *const FFI_ArrowSchema) };
    let array = unsafe { FFI_ArrowArray::from_raw(ap.as_ptr().cast()) };
    let field = Field::try_from(schema).map_err(arrow_err)?;
    if field.data_type() == &DataType::Null {
        let chunks = vec![null_array(array)];
        return Ok(Imported { field, chunks });
    }
    // SAFETY: the producer promises `array` matches `schema`.
    let data = unsafe { from_ffi(array, schema) }.map_err(arrow_err)?;
    Ok(Imported {
        field,
        chunks: vec![checked(data)?],
    })
}

/// A null-typed column: only its length matters (some producers export buffers for it, which
/// the importer would refuse). Dropping `array` releases it.
fn null_array(array: FFI_ArrowArray) -> ArrayRef {
    new_null_array(&DataType::Null, array.len())
}

/// Validates imported data in full (offsets, UTF-8) before any of it is read. An empty array
/// is replaced by a fresh one: producers may export empty slices with buffers that do not
/// satisfy the offset rules.
fn checked(data: ArrayData) -> PyResult<ArrayRef> {
    if data.is_empty() {
        return Ok(new_empty_array(data.data_type()));
    }
    if !strings_ok(&data) {
        data.validate_full().map_err(arrow_err)?;
    }
    Ok(make_array(data))
}

/// The fast path of validation for the common case, a `string`/`large_string` array: buffer
/// sizes, offsets in bounds and non-decreasing, every offset on a character boundary and the
/// values' bytes valid UTF-8 — so every value is valid UTF-8. (The full validation checks
/// each value on its own: for ten million names, ten million calls on one core before a
/// scan could start.) `false` means "validate in full", which then says what is wrong.
fn strings_ok(data: &ArrayData) -> bool {
    if !matches!(data.data_type(), DataType::Utf8 | DataType::LargeUtf8) || data.validate().is_err()
    {
        return false;
    }
    let values = data.buffers()[1].as_slice();
    match data.data_type() {
        DataType::Utf8 => offsets_ok(&data.buffer::<i32>(0)[..data.len() + 1], values),
        _ => offsets_ok(&data.buffer::<i64>(0)[..data.len() + 1], values),
    }
}

/// Offsets a task of [`offsets_ok`] checks, with their values (about a megabyte of names).
const OFFSET_RUN: usize = 1 << 15;

/// Whether `offsets` are in bounds of `values`, non-decreasing and on character boundaries,
/// and the bytes they span valid UTF-8: in runs of [`OFFSET_RUN`] offsets on all cores, each
/// run checking its own offsets and then its values with SIMD (`simdutf8`). Checked on one
/// core, the offsets of a scan's three columns took 0.12 s of ten million rows.
///
/// A run's values start and end at offsets that are character boundaries (a byte 0x80–0xBF
/// continues a character: no value starts there), so the runs are valid UTF-8 exactly when
/// the whole is.
fn offsets_ok<O: Copy + TryInto<usize> + Sync>(offsets: &[O], values: &[u8]) -> bool {
    let at = |o: O| o.try_into().ok().filter(|&o| o <= values.len());
    let starts = |o: usize| values.get(o).is_none_or(|&b| (b as i8) >= -0x40);
    let Some(last) = offsets.len().checked_sub(1) else {
        return false;
    };
    let runs: Vec<usize> = (0..last.max(1)).step_by(OFFSET_RUN).collect();
    runs.par_iter().with_max_len(1).all(|&a| {
        let b = (a + OFFSET_RUN).min(last);
        let Some(first) = at(offsets[a]) else {
            return false;
        };
        let mut prev = first;
        let mut boundaries = starts(first);
        for &o in &offsets[a + 1..=b] {
            let Some(o) = at(o) else {
                return false;
            };
            if o < prev {
                return false;
            }
            boundaries &= starts(o);
            prev = o;
        }
        boundaries && simdutf8::basic::from_utf8(&values[first..prev]).is_ok()
    })
}

fn unwrap_single_column(imp: Imported) -> PyResult<Imported> {
    let DataType::Struct(fields) = imp.field.data_type() else {
        return Ok(imp);
    };
    if fields.len() != 1 {
        let names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
        return Err(PyTypeError::new_err(format!(
            "expected one column, got a table with {} columns ({}); pass the column, e.g. df[{:?}]",
            fields.len(),
            names.join(", "),
            names.first().copied().unwrap_or("code"),
        )));
    }
    let field = fields[0].as_ref().clone();
    let chunks = imp
        .chunks
        .iter()
        .map(|c| {
            let s = c
                .as_any()
                .downcast_ref::<StructArray>()
                .expect("a struct column");
            let col = s.column(0).clone();
            // A null struct row is a null value.
            match s.nulls() {
                Some(n) if n.null_count() > 0 => {
                    let merged = arrow_buffer::NullBuffer::union(Some(n), col.nulls());
                    let data = col
                        .to_data()
                        .into_builder()
                        .nulls(merged)
                        .build()
                        .map_err(arrow_err)?;
                    Ok(make_array(data))
                }
                _ => Ok(col),
            }
        })
        .collect::<PyResult<_>>()?;
    Ok(Imported { field, chunks })
}

/// A table of results: record batches with one schema. Implements the Arrow PyCapsule stream
/// interface, so `pyarrow.table(t)`, `polars.DataFrame(t)` and friends read it without copying.
///
/// Example::
///
///     >>> t = uscc.check(["91350100M000100Y43", "91350100M000100Y44"])
///     >>> len(t), t.column_names[:3]
///     (2, ['input', 'normalized', 'valid'])
///     >>> t["valid"]
///     [True, False]
#[pyclass(module = "uscc", name = "Table", frozen)]
pub struct Table {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

impl Table {
    pub fn new(schema: SchemaRef, batches: Vec<RecordBatch>) -> Table {
        Table { schema, batches }
    }

    fn rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    fn column_index(&self, name: &str) -> PyResult<usize> {
        self.schema.index_of(name).map_err(|_| {
            let names: Vec<&str> = self
                .schema
                .fields()
                .iter()
                .map(|f| f.name().as_str())
                .collect();
            PyKeyError::new_err(format!("no column {name:?}; columns: {}", names.join(", ")))
        })
    }

    fn column_list<'py>(&self, py: Python<'py>, i: usize) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for b in &self.batches {
            crate::pyvalues::append(py, b.column(i).as_ref(), &list)?;
        }
        Ok(list)
    }
}

#[pymethods]
impl Table {
    /// Exports the table as an Arrow C stream (the Arrow PyCapsule interface).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        // A requested schema is a hint the producer may ignore; the types here are fixed.
        let _ = requested_schema;
        let reader = RecordBatchIterator::new(
            self.batches.clone().into_iter().map(Ok),
            self.schema.clone(),
        );
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_destructor(py, stream, Some(CString::from(STREAM)), |_, _| {})
    }

    /// Exports the schema (the Arrow PyCapsule interface).
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.schema.as_ref()).map_err(arrow_err)?;
        PyCapsule::new_with_destructor(py, schema, Some(CString::from(SCHEMA)), |_, _| {})
    }

    fn __len__(&self) -> usize {
        self.rows()
    }

    /// Number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.rows()
    }

    /// Column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    /// One column as a Python list: ``table["valid"]``.
    fn __getitem__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyList>> {
        let i = self.column_index(name)?;
        self.column_list(py, i)
    }

    /// The columns as a dict of lists (no optional dependency needed).
    fn to_pydict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (i, f) in self.schema.fields().iter().enumerate() {
            d.set_item(f.name(), self.column_list(py, i)?)?;
        }
        Ok(d)
    }

    /// The rows as a list of dicts (no optional dependency needed).
    fn to_pylist<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let cols: Vec<Bound<'py, PyList>> = (0..self.schema.fields().len())
            .map(|i| self.column_list(py, i))
            .collect::<PyResult<_>>()?;
        let out = PyList::empty(py);
        for r in 0..self.rows() {
            let d = PyDict::new(py);
            for (f, c) in self.schema.fields().iter().zip(&cols) {
                d.set_item(f.name(), c.get_item(r)?)?;
            }
            out.append(d)?;
        }
        Ok(out)
    }

    /// A ``pyarrow.Table`` (requires pyarrow).
    fn to_arrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let pa = slf.py().import("pyarrow")?;
        pa.call_method1("table", (slf,))
    }

    /// A ``polars.DataFrame`` (requires polars; no copy).
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let pl = slf.py().import("polars")?;
        pl.call_method1("DataFrame", (slf,))
    }

    /// A ``pandas.DataFrame`` (requires pandas; through pyarrow when installed, where the
    /// ``kind`` and message columns become categoricals).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let pd = py.import("pandas")?;
        match py.import("pyarrow") {
            Ok(pa) => {
                // Nullable integers stay integers (pandas' Int32/UInt64), not floats with NaN.
                let mapping = PyDict::new(py);
                mapping.set_item(pa.call_method0("int32")?, pd.call_method0("Int32Dtype")?)?;
                mapping.set_item(pa.call_method0("uint64")?, pd.call_method0("UInt64Dtype")?)?;
                let kw = PyDict::new(py);
                kw.set_item("types_mapper", mapping.getattr("get")?)?;
                pa.call_method1("table", (slf,))?
                    .call_method("to_pandas", (), Some(&kw))
            }
            Err(_) => {
                let d = slf.get().to_pydict(py)?;
                let kw = PyDict::new(py);
                kw.set_item("columns", slf.get().column_names())?;
                pd.call_method("DataFrame", (d,), Some(&kw))
            }
        }
    }

    fn __repr__(&self) -> String {
        let names = self.column_names();
        format!(
            "<uscc.Table: {} rows × {} columns ({})>",
            self.rows(),
            names.len(),
            names.join(", ")
        )
    }
}
