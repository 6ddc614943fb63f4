//! The value types: `Code`, `Region`, `Finding`. Thin wrappers: every name and rule comes
//! from the `uscc` crate.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

fn hash_of(x: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

/// The snake_case name an enum serializes to (a region's level and kind).
macro_rules! serde_name {
    ($x:expr) => {
        match serde_json::to_value($x) {
            Ok(serde_json::Value::String(s)) => s,
            _ => String::from("unknown"),
        }
    };
}

/// A valid unified social credit code (统一社会信用代码), with its parts.
///
/// ``Code(text)`` normalizes and validates under the default policy (raising
/// :class:`InvalidCode`); :func:`validate` does the same with a choice of policy.
///
/// >>> c = uscc.Code("91110108551385082Q")
/// >>> c
/// Code('91110108551385082Q')
/// >>> c.department, c.department_name, c.category_name
/// ('9', '工商', '企业')
/// >>> c.region_code, c.region_name
/// ('110108', '北京市 海淀区')
/// >>> c.subject_identifier, c.organization_code, c.check_char
/// ('551385082', '55138508-2', 'Q')
#[pyclass(module = "uscc", name = "Code", frozen, eq, ord, hash)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code(pub uscc::Code);

#[pymethods]
impl Code {
    #[new]
    fn new(py: Python<'_>, code: &Bound<'_, PyAny>) -> PyResult<Code> {
        let text = crate::text_arg(code, "Code()")?;
        crate::validate_with(py, &text, &uscc::Policy::default())
    }

    /// The 18 characters.
    #[getter]
    fn code(&self) -> &str {
        self.0.as_str()
    }

    /// 登记管理部门 code (position 1), e.g. ``'9'``.
    #[getter]
    fn department(&self) -> String {
        self.0.department().as_char().to_string()
    }

    /// 登记管理部门 name, e.g. ``'工商'``.
    #[getter]
    fn department_name(&self) -> &'static str {
        self.0.department().name_zh()
    }

    /// The department in English.
    #[getter]
    fn department_name_en(&self) -> &'static str {
        self.0.department().name_en()
    }

    /// 机构类别 code (position 2), e.g. ``'1'``.
    #[getter]
    fn category(&self) -> String {
        self.0.category().as_char().to_string()
    }

    /// 机构类别 name, in pair with the department, e.g. ``'企业'``.
    #[getter]
    fn category_name(&self) -> &'static str {
        self.0.category().name_zh()
    }

    /// The category in English.
    #[getter]
    fn category_name_en(&self) -> &'static str {
        self.0.category().name_en()
    }

    /// 登记管理机关行政区划码 (positions 3–8), e.g. ``'110108'``.
    #[getter]
    fn region_code(&self) -> &str {
        self.0.region_code()
    }

    /// The :class:`Region` of positions 3–8, or None when the code is not in the region table.
    #[getter]
    fn region(&self) -> Option<Region> {
        self.0.region().map(Region)
    }

    /// The region's name chain joined by spaces (``'北京市 海淀区'``), or None when unknown.
    #[getter]
    fn region_name(&self) -> Option<String> {
        self.0.region().map(|r| r.chain().to_string())
    }

    /// The region's names, province first (empty when unknown).
    #[getter]
    fn region_names<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let names: Vec<&str> = self
            .0
            .region()
            .map(|r| r.chain().iter().collect())
            .unwrap_or_default();
        PyTuple::new(py, names)
    }

    /// 主体标识码 (positions 9–17), the embedded organization code.
    #[getter]
    fn subject_identifier(&self) -> &str {
        self.0.subject_identifier()
    }

    /// The embedded organization code in its stand-alone form ``XXXXXXXX-X``.
    #[getter]
    fn organization_code(&self) -> String {
        self.0.organization_code()
    }

    /// 校验码 (position 18).
    #[getter]
    fn check_char(&self) -> String {
        self.0.check_char().to_string()
    }

    /// Whether positions 9–17 pass GB 11714 (a few real codes do not).
    #[getter]
    fn org_check_ok(&self) -> bool {
        self.0.org_check_ok()
    }

    /// Everything the code encodes, as a dict (the ``parts`` object of the CLI's JSON).
    #[allow(clippy::wrong_self_convention)]
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let p = self.0.parts();
        let d = PyDict::new(py);
        d.set_item("code", self.0.as_str())?;
        d.set_item("department", p.department.to_string())?;
        d.set_item("department_zh", p.department_zh)?;
        d.set_item("department_en", p.department_en)?;
        d.set_item("category", p.category.to_string())?;
        d.set_item("category_zh", p.category_zh)?;
        d.set_item("category_en", p.category_en)?;
        d.set_item("region", p.region)?;
        d.set_item("region_name", p.region_name)?;
        d.set_item("region_names", p.region_names)?;
        d.set_item("region_periods", p.region_periods)?;
        d.set_item("region_current", p.region_current)?;
        d.set_item("subject_identifier", p.subject_identifier)?;
        d.set_item("organization_code", self.0.organization_code())?;
        d.set_item("check_char", p.check_char.to_string())?;
        Ok(d)
    }

    fn __str__(&self) -> &str {
        self.0.as_str()
    }

    fn __repr__(&self) -> String {
        format!("Code('{}')", self.0.as_str())
    }

    fn __len__(&self) -> usize {
        18
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((
            slf.get_type().into_any(),
            (slf.get().0.as_str().to_string(),),
        ))
    }
}

/// A region code (GB/T 2260 or a special registration-authority code) with its history.
///
/// >>> r = uscc.region("371523")
/// >>> r.name, r.chain, r.periods, r.current
/// ('茌平县', ('山东省', '聊城市', '茌平县'), [(1997, 2019)], False)
#[pyclass(module = "uscc", name = "Region", frozen)]
#[derive(Clone, Copy)]
pub struct Region(pub uscc::region::Region);

#[pymethods]
impl Region {
    /// The six-digit code, e.g. ``'371523'``.
    #[getter]
    fn code(&self) -> String {
        format!("{:06}", self.0.code())
    }

    /// The newest name, e.g. ``'茌平县'``.
    #[getter]
    fn name(&self) -> &'static str {
        self.0.name()
    }

    /// Earlier names of the same code.
    #[getter]
    fn other_names(&self) -> Vec<&'static str> {
        self.0.other_names().collect()
    }

    /// Province, prefecture and county names, as of the region's own years.
    #[getter]
    fn chain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.0.chain().iter().collect::<Vec<_>>())
    }

    /// The name chain joined by spaces, e.g. ``'山东省 聊城市 茌平县'``.
    #[getter]
    fn full_name(&self) -> String {
        self.0.chain().to_string()
    }

    /// ``'national'``, ``'province'``, ``'prefecture'`` or ``'county'``.
    #[getter]
    fn level(&self) -> String {
        serde_name!(self.0.level())
    }

    /// Where the code comes from: ``'gb2260'``, ``'placeholder'``, ``'statistics_only'`` or
    /// ``'special'`` (a registration-authority code outside GB/T 2260).
    #[getter]
    fn kind(&self) -> String {
        serde_name!(self.0.kind())
    }

    /// Years the code was valid, oldest first: ``[(start, end)]``, ``end`` None while current.
    #[getter]
    fn periods(&self) -> Vec<(u16, Option<u16>)> {
        self.0.periods().map(|p| (p.start, p.end)).collect()
    }

    /// Whether the code is in the current list.
    #[getter]
    fn current(&self) -> bool {
        self.0.is_current()
    }

    /// The year the code was abolished, None while current.
    #[getter]
    fn abolished(&self) -> Option<u16> {
        self.0.abolished()
    }

    /// Evidence for a special code, if any.
    #[getter]
    fn note(&self) -> Option<&'static str> {
        self.0.note()
    }

    /// Whether the code was valid at some time in ``year``.
    fn valid_in(&self, year: u16) -> bool {
        self.0.valid_in(year)
    }

    fn __repr__(&self) -> String {
        format!("Region('{:06}', '{}')", self.0.code(), self.0.chain())
    }

    fn __str__(&self) -> String {
        self.0.chain().to_string()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Region>()
            .is_ok_and(|o| o.get().0.code() == self.0.code())
    }

    fn __hash__(&self) -> u64 {
        hash_of(self.0.code())
    }
}

/// One fact about an input: what (``kind``), how bad (``severity``: ``'error'``,
/// ``'warning'`` or ``'info'``), where (1-based ``position`` in the normalized text), what was
/// ``expected`` and ``found`` there, and the messages.
///
/// >>> f = uscc.diagnose("91110108551385082R")[0]
/// >>> f
/// Finding(kind='check_char_mismatch', severity='error', position=18, expected='Q', found='R')
/// >>> f.message_zh
/// '第18位校验码应为 Q，实为 R'
#[pyclass(module = "uscc", name = "Finding", frozen)]
#[derive(Clone, Copy)]
pub struct Finding(pub uscc::Finding);

impl From<uscc::Finding> for Finding {
    fn from(f: uscc::Finding) -> Finding {
        Finding(f)
    }
}

#[pymethods]
impl Finding {
    /// The stable snake_case kind, e.g. ``'check_char_mismatch'`` (see ``uscc.KINDS``).
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind.as_str()
    }

    /// ``'error'``, ``'warning'`` or ``'info'``.
    #[getter]
    fn severity(&self) -> &'static str {
        self.0.severity.as_str()
    }

    /// 1-based position in the normalized text, or None.
    #[getter]
    fn position(&self) -> Option<u32> {
        self.0.position
    }

    /// The character that belongs at ``position``, where known.
    #[getter]
    fn expected(&self) -> Option<String> {
        self.0.expected.map(String::from)
    }

    /// The character found at ``position``.
    #[getter]
    fn found(&self) -> Option<String> {
        self.0.found.map(String::from)
    }

    /// Whether this finding makes the input invalid.
    #[getter]
    fn is_error(&self) -> bool {
        self.0.is_error()
    }

    /// The message for a clerk, in Chinese.
    #[getter]
    fn message_zh(&self) -> String {
        self.0.message_zh()
    }

    /// The message for a developer, in English.
    #[getter]
    fn message_en(&self) -> String {
        self.0.message_en()
    }

    /// ``{kind, severity, position, expected, found, message_zh, message_en}``.
    #[allow(clippy::wrong_self_convention)]
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("kind", self.kind())?;
        d.set_item("severity", self.severity())?;
        d.set_item("position", self.position())?;
        d.set_item("expected", self.expected())?;
        d.set_item("found", self.found())?;
        d.set_item("message_zh", self.message_zh())?;
        d.set_item("message_en", self.message_en())?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let opt = |c: Option<char>| {
            c.map_or("None".to_string(), |c| {
                format!("{:?}", c.to_string()).replace('"', "'")
            })
        };
        format!(
            "Finding(kind='{}', severity='{}', position={}, expected={}, found={})",
            self.0.kind.as_str(),
            self.0.severity.as_str(),
            self.0
                .position
                .map_or("None".to_string(), |p| p.to_string()),
            opt(self.0.expected),
            opt(self.0.found),
        )
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Finding>().is_ok_and(|o| o.get().0 == self.0)
    }

    fn __hash__(&self) -> u64 {
        hash_of(self.0)
    }
}
