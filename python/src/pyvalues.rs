//! Arrow arrays → Python values, for `Table.to_pydict()` and friends (no pyarrow needed).

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Int16Type, Int32Type, Int64Type, Int8Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyList;

/// Appends the values of `a` to `out`; nulls become `None`.
pub fn append(py: Python<'_>, a: &dyn Array, out: &Bound<'_, PyList>) -> PyResult<()> {
    macro_rules! each {
        ($arr:expr) => {{
            let arr = $arr;
            for i in 0..arr.len() {
                if arr.is_null(i) {
                    out.append(py.None())?;
                } else {
                    out.append(arr.value(i))?;
                }
            }
        }};
    }
    match a.data_type() {
        DataType::Null => {
            for _ in 0..a.len() {
                out.append(py.None())?;
            }
        }
        DataType::Boolean => each!(a.as_boolean()),
        DataType::Utf8 => each!(a.as_string::<i32>()),
        DataType::LargeUtf8 => each!(a.as_string::<i64>()),
        DataType::Utf8View => each!(a.as_string_view()),
        DataType::Int8 => each!(a.as_primitive::<Int8Type>()),
        DataType::Int16 => each!(a.as_primitive::<Int16Type>()),
        DataType::Int32 => each!(a.as_primitive::<Int32Type>()),
        DataType::Int64 => each!(a.as_primitive::<Int64Type>()),
        DataType::UInt8 => each!(a.as_primitive::<UInt8Type>()),
        DataType::UInt32 => each!(a.as_primitive::<UInt32Type>()),
        DataType::UInt64 => each!(a.as_primitive::<UInt64Type>()),
        DataType::Float64 => each!(a.as_primitive::<arrow_array::types::Float64Type>()),
        DataType::Dictionary(k, _) => {
            let (keys, values): (Vec<Option<usize>>, ArrayRef) = match k.as_ref() {
                DataType::Int8 => dict_keys(a.as_dictionary::<Int8Type>()),
                DataType::Int16 => dict_keys(a.as_dictionary::<Int16Type>()),
                DataType::Int32 => dict_keys(a.as_dictionary::<Int32Type>()),
                DataType::UInt32 => dict_keys(a.as_dictionary::<UInt32Type>()),
                t => {
                    return Err(PyTypeError::new_err(format!(
                        "unsupported dictionary key type {t}"
                    )))
                }
            };
            let vals = PyList::empty(py);
            append(py, values.as_ref(), &vals)?;
            for k in keys {
                match k {
                    Some(k) => out.append(vals.get_item(k)?)?,
                    None => out.append(py.None())?,
                }
            }
        }
        t => return Err(PyTypeError::new_err(format!("unsupported column type {t}"))),
    }
    Ok(())
}

fn dict_keys<K: arrow_array::types::ArrowDictionaryKeyType>(
    d: &arrow_array::DictionaryArray<K>,
) -> (Vec<Option<usize>>, ArrayRef) {
    let keys = d.keys();
    let k = (0..keys.len())
        .map(|i| keys.is_valid(i).then(|| keys.value(i).as_usize()))
        .collect();
    (k, d.values().clone())
}

use arrow_buffer::ArrowNativeType;
