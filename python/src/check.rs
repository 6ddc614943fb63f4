//! `uscc.check(values)`: every row judged by `uscc`, in parallel without the GIL, into an
//! Arrow table built directly (no per-row Python objects).
//!
//! Per row: a canonical code that passes the strict policy (with the caller's issue year) has
//! no error or warning under any policy, so it takes the allocation-free path
//! ([`uscc::Code::parse_with`]); every other row gets the full [`uscc::Policy::check`]
//! (diagnosis, messages, suggestions). Columns that are mostly null for clean data (kind,
//! position, messages, suggestion) are written sparsely; kind and messages are
//! dictionary-encoded.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::types::{Int32Type, Int8Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, DictionaryArray, PrimitiveArray, RecordBatch, StringArray,
};
use arrow_buffer::{BooleanBufferBuilder, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use pyo3::prelude::*;
use rayon::prelude::*;
use uscc::{Kind, Policy, Severity};

use crate::input::{Column, Texts};

/// Rows judged per parallel step; between steps the GIL is taken back to check for Ctrl-C.
pub const STEP: usize = 1 << 17;

/// The verdict of a row that needed the full check.
struct Slow {
    normalized: Option<String>,
    valid: bool,
    finding: Option<First>,
    suggestion: Option<String>,
}

/// The first error, or for a valid code its first warning.
struct First {
    kind: Kind,
    position: Option<u32>,
    expected: Option<char>,
    zh: String,
    en: String,
}

fn full(policy: &Policy, s: &str) -> Slow {
    let v = policy.check(s);
    let finding = v
        .findings
        .iter()
        .find(|f| f.severity != Severity::Info)
        .map(|f| First {
            kind: f.kind,
            position: f.position,
            expected: f.expected,
            zh: f.message_zh(),
            en: f.message_en(),
        });
    Slow {
        normalized: v.normalized,
        valid: v.valid,
        finding,
        suggestion: v.suggestions.first().map(|s| s.code.as_str().to_string()),
    }
}

/// The result schema, with the input column's type.
pub fn schema(input_type: &DataType) -> SchemaRef {
    let dict = |k: DataType| DataType::Dictionary(Box::new(k), Box::new(DataType::Utf8));
    Arc::new(Schema::new(vec![
        Field::new("input", input_type.clone(), true),
        Field::new("normalized", DataType::Utf8, true),
        Field::new("valid", DataType::Boolean, false),
        Field::new("kind", dict(DataType::Int8), true),
        Field::new("position", DataType::Int32, true),
        Field::new("expected", DataType::Utf8, true),
        Field::new("message_zh", dict(DataType::Int32), true),
        Field::new("message_en", dict(DataType::Int32), true),
        Field::new("suggestion", DataType::Utf8, true),
    ]))
}

/// Checks a column, step by step, releasing the GIL for each step.
pub fn check_column(py: Python<'_>, col: &Column, policy: Policy) -> PyResult<crate::arrow::Table> {
    let schema = schema(&col.data_type);
    let mut batches = Vec::new();
    let kinds: ArrayRef = Arc::new(StringArray::from_iter_values(
        Kind::ALL.iter().map(|k| k.as_str()),
    ));
    for chunk in &col.chunks {
        let mut off = 0;
        while off < chunk.len() || (chunk.is_empty() && off == 0) {
            let len = STEP.min(chunk.len() - off);
            let part = chunk.slice(off, len);
            let batch = py.detach(|| check_slice(&part, &policy, &schema, &kinds));
            batches.push(batch);
            py.check_signals()?;
            off += len;
            if len == 0 {
                break;
            }
        }
    }
    Ok(crate::arrow::Table::new(schema, batches))
}

const NULL: u8 = 0;
const FAST: u8 = 1;
const SLOW: u8 = 2;

fn check_slice(
    input: &ArrayRef,
    policy: &Policy,
    schema: &SchemaRef,
    kinds: &ArrayRef,
) -> RecordBatch {
    let n = input.len();
    let texts = Texts::new(input.as_ref());
    let strict = match policy.issue_year {
        Some(y) => Policy::strict().with_issue_year(y),
        None => Policy::strict(),
    };

    // 1. Which rows are clean canonical codes (in parallel).
    let mut status = vec![NULL; n];
    status.par_chunks_mut(4096).enumerate().for_each(|(c, st)| {
        for (j, s) in st.iter_mut().enumerate() {
            *s = match texts.get(c * 4096 + j) {
                None => NULL,
                Some(t) if uscc::Code::parse_with(t, &strict).is_ok() => FAST,
                Some(_) => SLOW,
            };
        }
    });

    // 2. The full check for the others (in parallel, in row order).
    let slow_rows: Vec<u32> = (0..n as u32)
        .filter(|&i| status[i as usize] == SLOW)
        .collect();
    let slow: Vec<Slow> = slow_rows
        .par_iter()
        .map(|&i| full(policy, texts.get(i as usize).expect("not null")))
        .collect();
    let empty = status.contains(&NULL).then(|| full(policy, ""));

    // 3. Columns.
    let verdict = |i: usize, k: &mut usize| -> Option<&Slow> {
        match status[i] {
            FAST => None,
            SLOW => {
                let s = &slow[*k];
                *k += 1;
                Some(s)
            }
            _ => empty.as_ref(),
        }
    };

    // valid and normalized: dense; built alongside the sparse columns.
    let dense = || -> (BooleanArray, ArrayRef) {
        let mut valid = BooleanBufferBuilder::new(n);
        let reuse_normalized = slow.is_empty() && input.data_type() == &DataType::Utf8;
        let normalized: ArrayRef = if reuse_normalized {
            for &s in &status {
                valid.append(s == FAST);
            }
            input.clone()
        } else {
            let mut values: Vec<u8> = Vec::with_capacity(n * 18);
            let mut offsets: Vec<i32> = Vec::with_capacity(n + 1);
            offsets.push(0);
            let mut nn = BooleanBufferBuilder::new(n);
            let mut k = 0;
            for (i, &st) in status.iter().enumerate() {
                let (ok, text) = match st {
                    FAST => (true, texts.get(i)),
                    SLOW => {
                        let s = verdict(i, &mut k).expect("slow row");
                        (s.valid, s.normalized.as_deref())
                    }
                    _ => (false, None),
                };
                valid.append(ok);
                nn.append(text.is_some());
                if let Some(t) = text {
                    values.extend_from_slice(t.as_bytes());
                }
                offsets.push(values.len() as i32);
            }
            Arc::new(StringArray::new(
                OffsetBuffer::new(offsets.into()),
                values.into(),
                Some(NullBuffer::new(nn.finish())),
            ))
        };
        (BooleanArray::new(valid.finish(), None), normalized)
    };

    // Sparse columns: one entry per row with a finding or a suggestion.
    let sparse = || -> [ArrayRef; 6] {
        let mut rows: Vec<usize> = Vec::new();
        let mut entries: Vec<&Slow> = Vec::new();
        let mut k = 0;
        for (i, &st) in status.iter().enumerate() {
            if st == FAST {
                continue;
            }
            if let Some(s) = verdict(i, &mut k) {
                rows.push(i);
                entries.push(s);
            }
        }
        let kind_index = |kind: Kind| {
            Kind::ALL
                .iter()
                .position(|&k| k == kind)
                .expect("in Kind::ALL") as i8
        };
        let kind_keys = sparse_prim::<Int8Type>(n, &rows, |j| {
            entries[j].finding.as_ref().map(|f| kind_index(f.kind))
        });
        let kind =
            DictionaryArray::<Int8Type>::try_new(kind_keys, kinds.clone()).expect("valid keys");
        let position = sparse_prim::<Int32Type>(n, &rows, |j| {
            entries[j]
                .finding
                .as_ref()
                .and_then(|f| f.position.map(|p| p as i32))
        });
        let expected = sparse_utf8(n, &rows, |j| {
            entries[j]
                .finding
                .as_ref()
                .and_then(|f| f.expected.map(String::from))
        });
        let zh = sparse_dict(n, &rows, |j| {
            entries[j].finding.as_ref().map(|f| f.zh.as_str())
        });
        let en = sparse_dict(n, &rows, |j| {
            entries[j].finding.as_ref().map(|f| f.en.as_str())
        });
        let suggestion = sparse_utf8(n, &rows, |j| entries[j].suggestion.clone());
        [
            Arc::new(kind),
            Arc::new(position),
            Arc::new(expected),
            Arc::new(zh),
            Arc::new(en),
            Arc::new(suggestion),
        ]
    };
    let ((valid, normalized), [kind, position, expected, zh, en, suggestion]) =
        rayon::join(dense, sparse);

    let columns: Vec<ArrayRef> = vec![
        input.clone(),
        normalized,
        Arc::new(valid),
        kind,
        position,
        expected,
        zh,
        en,
        suggestion,
    ];
    RecordBatch::try_new(schema.clone(), columns).expect("columns match the schema")
}

/// Validity for `n` rows where only `rows[j]` with `has(j)` are set; fills runs at once.
fn sparse_nulls(n: usize, rows: &[usize], has: impl Fn(usize) -> bool) -> Option<NullBuffer> {
    let mut b = BooleanBufferBuilder::new(n);
    let mut next = 0;
    for (j, &i) in rows.iter().enumerate() {
        b.append_n(i - next, false);
        b.append(has(j));
        next = i + 1;
    }
    b.append_n(n - next, false);
    Some(NullBuffer::new(b.finish()))
}

fn sparse_prim<T: arrow_array::types::ArrowPrimitiveType>(
    n: usize,
    rows: &[usize],
    mut value: impl FnMut(usize) -> Option<T::Native>,
) -> PrimitiveArray<T> {
    let mut values = vec![T::Native::default(); n];
    let vals: Vec<Option<T::Native>> = (0..rows.len()).map(&mut value).collect();
    for (j, &i) in rows.iter().enumerate() {
        if let Some(v) = vals[j] {
            values[i] = v;
        }
    }
    let nulls = sparse_nulls(n, rows, |j| vals[j].is_some());
    PrimitiveArray::<T>::new(ScalarBuffer::from(values), nulls)
}

fn sparse_utf8(n: usize, rows: &[usize], value: impl Fn(usize) -> Option<String>) -> StringArray {
    let vals: Vec<Option<String>> = (0..rows.len()).map(value).collect();
    let mut offsets: Vec<i32> = Vec::with_capacity(n + 1);
    offsets.push(0);
    let mut bytes: Vec<u8> = Vec::new();
    for (j, &i) in rows.iter().enumerate() {
        let cur = *offsets.last().expect("non-empty");
        offsets.resize(i + 1, cur);
        if let Some(v) = &vals[j] {
            bytes.extend_from_slice(v.as_bytes());
        }
        offsets.push(bytes.len() as i32);
    }
    let cur = *offsets.last().expect("non-empty");
    offsets.resize(n + 1, cur);
    let nulls = sparse_nulls(n, rows, |j| vals[j].is_some());
    StringArray::new(OffsetBuffer::new(offsets.into()), bytes.into(), nulls)
}

fn sparse_dict<'a>(
    n: usize,
    rows: &[usize],
    value: impl Fn(usize) -> Option<&'a str>,
) -> DictionaryArray<Int32Type> {
    let mut index: HashMap<&'a str, i32> = HashMap::new();
    let mut dict: Vec<&'a str> = Vec::new();
    let keys = sparse_prim::<Int32Type>(n, rows, |j| {
        value(j).map(|s| {
            *index.entry(s).or_insert_with(|| {
                dict.push(s);
                dict.len() as i32 - 1
            })
        })
    });
    let values: ArrayRef = Arc::new(StringArray::from_iter_values(dict));
    DictionaryArray::<Int32Type>::try_new(keys, values).expect("valid keys")
}
