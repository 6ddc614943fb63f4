//! The native half of `uscc.spark`: the per-record facts of a scan for one Arrow batch
//! ([`uscc::scan::classify`] and [`uscc::scan::explain`]), the flagged list's text of 重码 and
//! repeats, and the synthetic data generator. Spark does the cross-record half.
//!
//! Every function here works on one batch at a time, on the calling thread: on Spark the
//! parallelism comes from the tasks, one per core.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Int64Builder, Int8Builder, ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use uscc::scan::{
    classify, duplicate_detail, explain, repeat_detail, Record, RegionOf, ScanOptions,
};
use uscc::Policy;

use crate::arrow::Table;
use crate::input::{self, Column, Cursor, Mode};
use crate::policy;

fn text(obj: Option<&Bound<'_, PyAny>>, mode: Mode, what: &str) -> PyResult<Option<Column>> {
    obj.filter(|o| !o.is_none())
        .map(|o| input::column(o, mode, what))
        .transpose()
}

fn list_field(name: &str) -> Field {
    Field::new(
        name,
        DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
        true,
    )
}

/// The columns of [`classify_batch`].
fn classify_schema() -> Arc<Schema> {
    let s = |n: &str| Field::new(n, DataType::Utf8, true);
    Arc::new(Schema::new(vec![
        Field::new("valid", DataType::Boolean, false),
        s("code"),
        s("stored"),
        s("kind"),
        Field::new("name_hash", DataType::Int64, true),
        s("name"),
        s("month"),
        Field::new("region", DataType::Utf8, false),
        Field::new("region_class", DataType::Int8, false),
        s("detail_zh"),
        s("detail_en"),
        list_field("suggestions"),
        list_field("candidates"),
    ]))
}

/// The per-record facts of a scan for one batch of records, in input order (internal; used by
/// ``uscc.spark.scan``). Columns: ``valid``; ``code`` (canonical, valid records); ``stored``
/// (the text the report lists: a 错码's code as stored, or a valid code's stored spelling when
/// not canonical); ``kind`` (a 错码's counted kind); ``name_hash`` (signed 64-bit; null: no
/// entity); ``name`` (the name as text); ``month`` (``YYYY-MM`` or null); ``region`` and
/// ``region_class`` (0 six digits, 1 a region-column text, 2 ``unknown``); and for a 错码
/// ``detail_zh``, ``detail_en``, ``suggestions`` and ``candidates`` (codes to look for in the
/// batch, most likely first).
#[pyfunction(name = "_classify")]
#[pyo3(signature = (codes, names = None, dates = None, regions = None, **policy))]
pub fn classify_batch(
    py: Python<'_>,
    codes: &Bound<'_, PyAny>,
    names: Option<&Bound<'_, PyAny>>,
    dates: Option<&Bound<'_, PyAny>>,
    regions: Option<&Bound<'_, PyAny>>,
    policy: Option<&Bound<'_, PyDict>>,
) -> PyResult<Table> {
    let p = policy::from_kwargs(policy, Policy::assessment())?;
    let codes = input::column(codes, Mode::Text, "codes")?;
    let names = text(names, Mode::Text, "names")?;
    let dates = text(dates, Mode::Date, "dates")?;
    let regions = text(regions, Mode::Text, "regions")?;
    let n = codes.len();
    for (what, c) in [("names", &names), ("dates", &dates), ("regions", &regions)] {
        if let Some(c) = c {
            if c.len() != n {
                return Err(PyValueError::new_err(format!(
                    "{what} has {} rows but codes has {n}: the columns must be aligned",
                    c.len()
                )));
            }
        }
    }
    let options = ScanOptions::default()
        .with_policy(p)
        .with_names(names.is_some());
    let batch = py.detach(|| {
        let mut cc = Cursor::new(&codes);
        let mut nc = names.as_ref().map(Cursor::new);
        let mut dc = dates.as_ref().map(Cursor::new);
        let mut rc = regions.as_ref().map(Cursor::new);
        let mut valid = BooleanBuilder::with_capacity(n);
        let mut code = StringBuilder::with_capacity(n, n * 18);
        let mut stored = StringBuilder::new();
        let mut kind = StringBuilder::new();
        let mut hash = Int64Builder::with_capacity(n);
        let mut name = StringBuilder::new();
        let mut month = StringBuilder::with_capacity(n, n * 7);
        let mut region = StringBuilder::with_capacity(n, n * 6);
        let mut class = Int8Builder::with_capacity(n);
        let mut zh = StringBuilder::new();
        let mut en = StringBuilder::new();
        let mut sugg = ListBuilder::new(StringBuilder::new());
        let mut cand = ListBuilder::new(StringBuilder::new());
        for _ in 0..n {
            let r = Record {
                row: 0,
                code: cc.next_row().unwrap_or(""),
                name: nc.as_mut().and_then(Cursor::next_row),
                date: dc.as_mut().and_then(Cursor::next_row),
                region: rc.as_mut().and_then(Cursor::next_row),
            };
            let c = classify(&r, &options);
            valid.append_value(c.code.is_some());
            code.append_option(c.code.as_deref());
            kind.append_option(c.kind.map(|k| k.as_str()));
            // The bits of the u64 hash, as Spark has no unsigned type.
            hash.append_option(c.name_hash.map(|h| h as i64));
            name.append_option(r.name);
            month.append_option(c.month.map(|m| m.to_string()));
            region.append_value(c.region.label());
            class.append_value(match c.region {
                RegionOf::Code(_) => 0,
                RegionOf::Text(_) => 1,
                RegionOf::Unknown => 2,
            });
            if c.kind.is_some() {
                let x = explain(r.code, &options.policy);
                stored.append_value(&x.text);
                zh.append_value(&x.detail_zh);
                en.append_value(&x.detail_en);
                for s in &x.suggestions {
                    sugg.values().append_value(s);
                }
                sugg.append(true);
                for s in &x.candidates {
                    cand.values().append_value(s);
                }
                cand.append(true);
            } else {
                stored.append_option(c.normalized.then_some(r.code));
                zh.append_null();
                en.append_null();
                sugg.append_null();
                cand.append_null();
            }
        }
        let cols: Vec<ArrayRef> = vec![
            Arc::new(valid.finish()),
            Arc::new(code.finish()),
            Arc::new(stored.finish()),
            Arc::new(kind.finish()),
            Arc::new(hash.finish()),
            Arc::new(name.finish()),
            Arc::new(month.finish()),
            Arc::new(region.finish()),
            Arc::new(class.finish()),
            Arc::new(zh.finish()),
            Arc::new(en.finish()),
            Arc::new(sugg.finish()),
            Arc::new(cand.finish()),
        ];
        RecordBatch::try_new(classify_schema(), cols)
    });
    let batch = batch.map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(Table::new(classify_schema(), vec![batch]))
}

/// One Arrow column (any producer), its chunks as one list of values.
fn int64s(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<Option<i64>>> {
    let imp = crate::arrow::import(obj)?
        .ok_or_else(|| PyTypeError::new_err(format!("{what}: expected an Arrow array")))?;
    let mut out = Vec::new();
    for c in &imp.chunks {
        match c.data_type() {
            DataType::Int64 => {
                let a = c.as_primitive::<Int64Type>();
                out.extend((0..a.len()).map(|i| a.is_valid(i).then(|| a.value(i))));
            }
            DataType::Null => out.extend((0..c.len()).map(|_| None)),
            t => {
                return Err(PyTypeError::new_err(format!(
                    "{what}: expected int64, got {t}"
                )))
            }
        }
    }
    Ok(out)
}

fn bools(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<bool>> {
    let imp = crate::arrow::import(obj)?
        .ok_or_else(|| PyTypeError::new_err(format!("{what}: expected an Arrow array")))?;
    let mut out = Vec::new();
    for c in &imp.chunks {
        match c.data_type() {
            DataType::Boolean => {
                let a = c.as_boolean();
                out.extend((0..a.len()).map(|i| a.is_valid(i) && a.value(i)));
            }
            DataType::Null => out.extend((0..c.len()).map(|_| false)),
            t => {
                return Err(PyTypeError::new_err(format!(
                    "{what}: expected bool, got {t}"
                )))
            }
        }
    }
    Ok(out)
}

/// The flagged list's detail of 重码 and repeated records (internal; used by
/// ``uscc.spark.scan``): ``duplicate[i]`` says which; a 重码 has ``others`` other entities,
/// the first rows of up to three of them in ``r1``..``r3``; a repeat repeats row ``r1``,
/// ``nameless`` when no name tells entities apart. Returns a table of ``detail_zh``,
/// ``detail_en``.
#[pyfunction(name = "_flag_details")]
pub fn flag_details(
    py: Python<'_>,
    duplicate: &Bound<'_, PyAny>,
    others: &Bound<'_, PyAny>,
    r1: &Bound<'_, PyAny>,
    r2: &Bound<'_, PyAny>,
    r3: &Bound<'_, PyAny>,
    nameless: &Bound<'_, PyAny>,
) -> PyResult<Table> {
    let dup = bools(duplicate, "duplicate")?;
    let others = int64s(others, "others")?;
    let refs = [int64s(r1, "r1")?, int64s(r2, "r2")?, int64s(r3, "r3")?];
    let nameless = bools(nameless, "nameless")?;
    let n = dup.len();
    if others.len() != n || nameless.len() != n || refs.iter().any(|r| r.len() != n) {
        return Err(PyValueError::new_err("the columns must be aligned"));
    }
    let row = |v: Option<i64>| v.and_then(|x| u64::try_from(x).ok());
    let batch = py.detach(|| {
        let mut zh = StringBuilder::new();
        let mut en = StringBuilder::new();
        for i in 0..n {
            let (a, b) = if dup[i] {
                let rows: Vec<u64> = refs.iter().filter_map(|r| row(r[i])).collect();
                duplicate_detail(row(others[i]).unwrap_or(0), &rows)
            } else {
                repeat_detail(row(refs[0][i]).unwrap_or(0), nameless[i])
            };
            zh.append_value(a);
            en.append_value(b);
        }
        let schema = Arc::new(Schema::new(vec![
            Field::new("detail_zh", DataType::Utf8, false),
            Field::new("detail_en", DataType::Utf8, false),
        ]));
        let cols: Vec<ArrayRef> = vec![Arc::new(zh.finish()), Arc::new(en.finish())];
        RecordBatch::try_new(schema.clone(), cols)
            .map(|b| (schema, b))
            .map_err(|e| e.to_string())
    });
    let (schema, batch) = batch.map_err(PyValueError::new_err)?;
    Ok(Table::new(schema, vec![batch]))
}

/// Synthetic registration records with labelled faults (the generator behind ``uscc gen``;
/// the same ``rows`` and ``seed`` give the same data on every platform).
///
/// Returns a :class:`Table` with ``code``, ``name`` (null for a record without a name),
/// ``date`` (as exported: many forms, some blank or unreadable), and the ground truth:
/// ``fault`` (what was injected: ``none``, ``check_char``, ``typo``, ``duplicate``,
/// ``repeat`` …) and ``class`` (how a scan must classify the row: ``valid``, ``erroneous``,
/// ``duplicate``, ``repeated``).
///
/// ``region="3715"`` keeps every region inside one prefecture (``"37"``: one province), like
/// one city's export; ``ValueError`` when no county-level region starts with it.
///
/// >>> t = uscc.synth(200_000, seed=7)
/// >>> r = uscc.scan(t["code"], names=t["name"], dates=t["date"])
/// >>> liaocheng = uscc.synth(10_000, region="3715")
#[pyfunction]
#[pyo3(signature = (rows, seed = 1, region = None))]
pub fn synth(py: Python<'_>, rows: usize, seed: u64, region: Option<&str>) -> PyResult<Table> {
    let batch = py.detach(|| {
        let d = match region {
            None => uscc::synth::generate(rows, seed),
            Some(p) => uscc::synth::generate_in(rows, seed, p)
                .ok_or_else(|| format!("region: no county-level region code starts with {p:?}"))?,
        };
        let mut code = StringBuilder::new();
        let mut name = StringBuilder::new();
        let mut date = StringBuilder::new();
        let mut fault = StringBuilder::new();
        let mut class = StringBuilder::new();
        for (r, t) in d.records.iter().zip(&d.truth.rows) {
            code.append_value(&r.code);
            name.append_option((!r.name.is_empty()).then_some(&r.name));
            date.append_value(&r.date);
            fault.append_value(t.fault.as_str());
            class.append_value(t.class.as_str());
        }
        let schema = Arc::new(Schema::new(vec![
            Field::new("code", DataType::Utf8, false),
            Field::new("name", DataType::Utf8, true),
            Field::new("date", DataType::Utf8, false),
            Field::new("fault", DataType::Utf8, false),
            Field::new("class", DataType::Utf8, false),
        ]));
        let cols: Vec<ArrayRef> = vec![
            Arc::new(code.finish()),
            Arc::new(name.finish()),
            Arc::new(date.finish()),
            Arc::new(fault.finish()),
            Arc::new(class.finish()),
        ];
        RecordBatch::try_new(schema.clone(), cols)
            .map(|b| (schema, b))
            .map_err(|e| e.to_string())
    });
    let (schema, batch) = batch.map_err(PyValueError::new_err)?;
    Ok(Table::new(schema, vec![batch]))
}
