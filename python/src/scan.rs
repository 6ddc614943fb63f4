//! `uscc.scan(codes, names=None, dates=None, regions=None, **policy)`: feeds the batch engine
//! ([`uscc::scan::Scanner`]) in steps with the GIL released, and wraps its report.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float64Builder, StringBuilder, UInt64Builder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use uscc::scan::{Counts, Member, Record, Report as CoreReport, ScanOptions, Scanner};

use crate::arrow::Table;
use crate::input::{Column, Cursor, Indexed};

/// Records per step pushed to the scanner (about 30 ms of valid codes, a few tenths of a
/// second of codes that all need a diagnosis); between steps the GIL is taken back for
/// Ctrl-C.
const STEP: usize = 1 << 19;

/// The result of :func:`scan`: the summary (the numbers a city reports, same keys as the
/// CLI's ``summary.json``) and the tables, each an Arrow-capable :class:`Table`.
///
/// >>> r = uscc.scan(df["code"], names=df["name"], dates=df["date"])
/// >>> r.summary["rate"], r.summary["erroneous"], r.summary["duplicate"]
/// >>> r.monthly.to_pandas()        # month, total, valid, erroneous, duplicate, …, rate
/// >>> r.flagged.to_polars()        # every 错码/重码/repeat with row, kind, detail, suggestion
#[pyclass(module = "uscc", name = "Report", frozen)]
pub struct Report {
    report: CoreReport,
    /// The names column (shared Arrow buffers), for the names of flagged rows.
    names: Option<Indexed>,
    policy: uscc::Policy,
    has_dates: bool,
}

/// Runs the scan.
pub fn run(
    py: Python<'_>,
    codes: &Column,
    names: Option<&Column>,
    dates: Option<&Column>,
    regions: Option<&Column>,
    options: ScanOptions,
) -> PyResult<Report> {
    let n = codes.len();
    for (what, c) in [("names", names), ("dates", dates), ("regions", regions)] {
        if let Some(c) = c {
            if c.len() != n {
                return Err(PyValueError::new_err(format!(
                    "{what} has {} rows but codes has {n}: the columns must be aligned",
                    c.len()
                )));
            }
        }
    }
    let policy = options.policy;
    let mut scanner = Scanner::new(options);
    scanner.reserve(n);
    let mut row = 0usize;
    while row < n {
        let end = (row + STEP).min(n);
        py.detach(|| {
            // Each piece's records made by the core that examines them, from cursors at its
            // first row (each record a few Arrow look-ups).
            scanner.push_with(end - row, |start, out| {
                let start = row + start;
                let mut cc = Cursor::at(codes, start);
                let mut nc = names.map(|c| Cursor::at(c, start));
                let mut dc = dates.map(|c| Cursor::at(c, start));
                let mut rc = regions.map(|c| Cursor::at(c, start));
                for (r, i) in out.iter_mut().zip(start..) {
                    *r = Record {
                        row: i as u64 + 1,
                        code: cc.next_row().unwrap_or(""),
                        name: nc.as_mut().and_then(Cursor::next_row),
                        date: dc.as_mut().and_then(Cursor::next_row),
                        region: rc.as_mut().and_then(Cursor::next_row),
                    };
                }
            });
        });
        py.check_signals()?;
        row = end;
    }
    let mut report = py.detach(move || scanner.finish());
    // The engine keeps name hashes, not names, and canonical codes: give it the stored text.
    let names = names.cloned().map(Indexed::new);
    if let Some(nc) = &names {
        // On all cores, borrowing the names where they are.
        py.detach(|| report.fill_names_at(|row| nc.row(row)));
    }
    let codes = Indexed::new(codes.clone());
    report.fill_codes(|row| codes.row(row).map(str::to_string));
    Ok(Report {
        report,
        names,
        policy,
        has_dates: dates.is_some(),
    })
}

impl Report {
    fn name_of(&self, row: u64) -> Option<&str> {
        self.names.as_ref()?.row(row)
    }

    fn member_name(&self, m: &Member) -> Option<String> {
        m.name
            .clone()
            .or_else(|| self.name_of(m.row).map(str::to_string))
    }

    fn counts_table(
        &self,
        label: &str,
        rows: Vec<(String, Option<Option<String>>, &Counts)>,
    ) -> Table {
        let with_name = rows.iter().any(|r| r.1.is_some());
        let mut fields = vec![Field::new(label, DataType::Utf8, false)];
        if with_name {
            fields.push(Field::new("name", DataType::Utf8, true));
        }
        for f in [
            "total",
            "valid",
            "erroneous",
            "duplicate",
            "repeated",
            "skipped",
        ] {
            fields.push(Field::new(f, DataType::UInt64, false));
        }
        fields.push(Field::new("rate", DataType::Float64, false));
        let mut key = StringBuilder::new();
        let mut name = StringBuilder::new();
        let mut nums: Vec<UInt64Builder> = (0..6).map(|_| UInt64Builder::new()).collect();
        let mut rate = Float64Builder::new();
        for (k, nm, c) in &rows {
            key.append_value(k);
            name.append_option(nm.clone().flatten());
            for (b, v) in nums.iter_mut().zip([
                c.total,
                c.valid,
                c.erroneous,
                c.duplicate,
                c.repeated,
                c.skipped,
            ]) {
                b.append_value(v);
            }
            rate.append_value(c.rate);
        }
        let mut cols: Vec<ArrayRef> = vec![Arc::new(key.finish())];
        if with_name {
            cols.push(Arc::new(name.finish()));
        }
        for mut b in nums {
            cols.push(Arc::new(b.finish()));
        }
        cols.push(Arc::new(rate.finish()));
        table(fields, cols)
    }

    /// Group tables: one row per member, the group's key first.
    fn members_table(
        &self,
        key_name: &str,
        code_name: &str,
        groups: Vec<(String, &[Member])>,
    ) -> Table {
        let mut key = StringBuilder::new();
        let mut row = UInt64Builder::new();
        let mut index = UInt64Builder::new();
        let mut name = StringBuilder::new();
        let mut code = StringBuilder::new();
        for (k, members) in groups {
            for m in members {
                key.append_value(&k);
                row.append_value(m.row);
                index.append_value(m.row.saturating_sub(1));
                name.append_option(self.member_name(m));
                code.append_value(&m.code);
            }
        }
        let fields = vec![
            Field::new(key_name, DataType::Utf8, false),
            Field::new("row", DataType::UInt64, false),
            Field::new("index", DataType::UInt64, false),
            Field::new("name", DataType::Utf8, true),
            Field::new(code_name, DataType::Utf8, false),
        ];
        let cols: Vec<ArrayRef> = vec![
            Arc::new(key.finish()),
            Arc::new(row.finish()),
            Arc::new(index.finish()),
            Arc::new(name.finish()),
            Arc::new(code.finish()),
        ];
        table(fields, cols)
    }
}

fn table(fields: Vec<Field>, cols: Vec<ArrayRef>) -> Table {
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), cols).expect("columns match the schema");
    Table::new(schema, vec![batch])
}

fn json_value<'py>(py: Python<'py>, v: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(v).map_err(|e| PyValueError::new_err(e.to_string()))?;
    py.import("json")?.call_method1("loads", (text,))
}

#[pymethods]
impl Report {
    /// The numbers, as a dict with the keys of the CLI's ``summary.json``: ``total``,
    /// ``valid``, ``erroneous``, ``duplicate``, ``repeated``, ``skipped``, ``rate``,
    /// ``error_kinds``, ``skipped_reasons``, ``monthly``, ``regions``, ``notes``.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        // The CLI's summary.json: the library's summary, then the lists' sizes and the setup
        // (the CLI adds its input files, which a Python scan does not have).
        let r = &self.report;
        let mut v =
            serde_json::to_value(&r.summary).map_err(|e| PyValueError::new_err(e.to_string()))?;
        if let Some(o) = v.as_object_mut() {
            o.insert(
                "lists".into(),
                serde_json::json!({
                    "flagged": r.flagged.len(),
                    "duplicate_groups": r.duplicates.len(),
                    "multi_code_entities": r.multi_code_entities.len(),
                    "collisions": r.collisions.len(),
                }),
            );
            o.insert(
                "policy".into(),
                serde_json::to_value(self.policy).unwrap_or_default(),
            );
            o.insert("has_names".into(), self.names.is_some().into());
            o.insert("has_dates".into(), self.has_dates.into());
            o.insert(
                "generator".into(),
                format!("uscc {} (Python)", env!("CARGO_PKG_VERSION")).into(),
            );
        }
        json_value(py, &v)
    }

    /// (错码 + 重码) / total over the whole batch.
    #[getter]
    fn rate(&self) -> f64 {
        self.report.summary.counts.rate
    }

    /// Facts about the scan a reader must know (e.g. no name column).
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.report.summary.notes.clone()
    }

    /// Per month: ``month`` (``YYYY-MM`` or ``unknown``), counts and ``rate``.
    #[getter]
    fn monthly(&self) -> Table {
        let rows = self
            .report
            .summary
            .monthly
            .iter()
            .map(|m| (m.month.clone(), None, &m.counts))
            .collect();
        self.counts_table("month", rows)
    }

    /// Per region: ``region``, ``name`` (the name chain, when known), counts and ``rate``.
    #[getter]
    fn regions(&self) -> Table {
        let rows = self
            .report
            .summary
            .regions
            .iter()
            .map(|r| (r.region.clone(), Some(r.name.clone()), &r.counts))
            .collect();
        self.counts_table("region", rows)
    }

    /// Every flagged record: ``row`` (1-based, as in the CLI), ``index`` (0-based position in
    /// the input), ``name``, ``code``, ``class`` (``erroneous``, ``duplicate``, ``repeated``),
    /// ``kind``, ``detail_zh``, ``detail_en``, ``suggestion`` (the probable intended code) and
    /// ``suggestion_in_batch`` (whether that code occurs in the batch).
    #[getter]
    fn flagged(&self) -> Table {
        let mut row = UInt64Builder::new();
        let mut index = UInt64Builder::new();
        let mut name = StringBuilder::new();
        let mut code = StringBuilder::new();
        let mut class = StringBuilder::new();
        let mut kind = StringBuilder::new();
        let mut zh = StringBuilder::new();
        let mut en = StringBuilder::new();
        let mut sug = StringBuilder::new();
        let mut in_batch = BooleanBuilder::new();
        for f in &self.report.flagged {
            row.append_value(f.row);
            index.append_value(f.row.saturating_sub(1));
            name.append_option(self.name_of(f.row));
            code.append_value(&f.code);
            class.append_value(f.class.as_str());
            kind.append_option(f.kind.map(|k| k.as_str()));
            zh.append_value(&f.detail_zh);
            en.append_value(&f.detail_en);
            sug.append_option(f.suggestion.as_deref());
            in_batch.append_value(f.suggestion_in_batch);
        }
        let fields = vec![
            Field::new("row", DataType::UInt64, false),
            Field::new("index", DataType::UInt64, false),
            Field::new("name", DataType::Utf8, true),
            Field::new("code", DataType::Utf8, false),
            Field::new("class", DataType::Utf8, false),
            Field::new("kind", DataType::Utf8, true),
            Field::new("detail_zh", DataType::Utf8, false),
            Field::new("detail_en", DataType::Utf8, false),
            Field::new("suggestion", DataType::Utf8, true),
            Field::new("suggestion_in_batch", DataType::Boolean, false),
        ];
        let cols: Vec<ArrayRef> = vec![
            Arc::new(row.finish()),
            Arc::new(index.finish()),
            Arc::new(name.finish()),
            Arc::new(code.finish()),
            Arc::new(class.finish()),
            Arc::new(kind.finish()),
            Arc::new(zh.finish()),
            Arc::new(en.finish()),
            Arc::new(sug.finish()),
            Arc::new(in_batch.finish()),
        ];
        table(fields, cols)
    }

    /// 重码 groups, one row per member: ``code`` (the shared code), ``row``, ``index``,
    /// ``name``, and ``stored`` as written at that row.
    #[getter]
    fn duplicates(&self) -> Table {
        let groups = self
            .report
            .duplicates
            .iter()
            .map(|g| (g.code.clone(), g.members.as_slice()))
            .collect();
        self.members_table("code", "stored", groups)
    }

    /// 一主体多码: one entity with several valid codes, one row per code.
    #[getter]
    fn multi_code_entities(&self) -> Table {
        let groups = self
            .report
            .multi_code_entities
            .iter()
            .map(|g| (g.name.clone(), g.members.as_slice()))
            .collect();
        self.members_table("entity", "code", groups)
    }

    /// Different valid codes sharing positions 9–17, one row per code.
    #[getter]
    fn collisions(&self) -> Table {
        let groups = self
            .report
            .collisions
            .iter()
            .map(|g| (g.subject_identifier.clone(), g.members.as_slice()))
            .collect();
        self.members_table("subject_identifier", "code", groups)
    }

    /// The whole report as the CLI's JSON would hold it (a dict).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("summary", self.summary(py)?)?;
        for (k, t) in [
            ("flagged", self.flagged()),
            ("duplicates", self.duplicates()),
            ("multi_code_entities", self.multi_code_entities()),
            ("collisions", self.collisions()),
        ] {
            d.set_item(k, Py::new(py, t)?.bind(py).call_method0("to_pylist")?)?;
        }
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let c = &self.report.summary.counts;
        format!(
            "<uscc.Report: {} records, {} valid, {} erroneous (错码), {} duplicate (重码), rate {:.4}%>",
            c.total,
            c.valid,
            c.erroneous,
            c.duplicate,
            c.rate * 100.0
        )
    }
}
