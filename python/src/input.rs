//! Python arguments read into what the library takes.
//!
//! A value of the wrong Python type raises `TypeError`. A value of the right type that the
//! library cannot be handed as given (a naive datetime, text that is not Unicode, an integer
//! outside the range of its parameter, a container nested deeper than a JSON request may be)
//! raises `ApiError` `InvalidParameter`, as a bad value does everywhere else.

use std::borrow::Cow;
use std::cell::RefCell;

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{DateTime, TimeDelta, Utc};
use ecs_runcommand::render::Instance;
use ecs_runcommand::{ApiError, ErrorCode};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyBytes, PyDateTime, PyDelta, PyDeltaAccess, PyDict, PyFloat, PyInt, PyList, PyString,
    PyTuple, PyTzInfo,
};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::raise;

/// How deep a JSON request may nest: serde_json's limit, which the library's decoder keeps.
/// A deeper container is refused before it is walked, so the walk never runs out of stack.
const MAX_DEPTH: usize = 128;

/// An `InvalidParameter` error, raised as `ApiError`.
pub(crate) fn invalid(py: Python<'_>, detail: String) -> PyErr {
    raise(
        py,
        &[ApiError::new(ErrorCode::InvalidParameter, detail)],
        false,
    )
}

/// `TypeError: <name> must be <what>, not <type>`.
pub(crate) fn wrong_type(name: &str, what: &str, value: &Bound<'_, PyAny>) -> PyErr {
    let type_name = value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string());
    PyTypeError::new_err(format!("{name} must be {what}, not {type_name}"))
}

/// A `str` argument as Rust text.
pub(crate) fn text<'a>(name: &str, value: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, str>> {
    let s = value
        .cast::<PyString>()
        .map_err(|_| wrong_type(name, "str", value))?;
    s.to_cow()
        .map_err(|e| invalid(value.py(), format!("{name}: {e}")))
}

/// A `str` or `bytes` argument as bytes. Text that is not Unicode (a lone surrogate) is kept
/// as the bytes `surrogatepass` gives it, which are not UTF-8: the library finds them and says
/// where, as it does for any bytes that are not UTF-8.
pub(crate) fn octets<'a>(name: &str, value: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(bytes.as_bytes()));
    }
    let s = value
        .cast::<PyString>()
        .map_err(|_| wrong_type(name, "str or bytes", value))?;
    match s.to_cow() {
        Ok(Cow::Borrowed(text)) => Ok(Cow::Borrowed(text.as_bytes())),
        Ok(Cow::Owned(text)) => Ok(Cow::Owned(text.into_bytes())),
        Err(_) => {
            let encoded = s.call_method1("encode", ("utf-8", "surrogatepass"))?;
            let bytes = encoded.cast::<PyBytes>()?;
            Ok(Cow::Owned(bytes.as_bytes().to_vec()))
        }
    }
}

/// A whole-number argument from 0 to `max` (`bool` is not a number here).
pub(crate) fn whole(name: &str, value: &Bound<'_, PyAny>, max: u64) -> PyResult<u64> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(wrong_type(name, "int", value));
    }
    match value.extract::<u64>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(invalid(
            value.py(),
            format!("{name}: not an integer from 0 to {max}"),
        )),
    }
}

/// `now` / `after`: an aware `datetime`, or RFC 3339 text; `None` is the system clock. A naive
/// datetime is refused: it is neither taken as UTC nor as the machine's local time.
pub(crate) fn instant(
    py: Python<'_>,
    name: &str,
    value: Option<&Bound<'_, PyAny>>,
) -> PyResult<DateTime<Utc>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(DateTime::<Utc>::from(std::time::SystemTime::now()));
    };
    if value.is_instance_of::<PyString>() {
        let text = text(name, value)?;
        return DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| invalid(py, format!("{name}: `{text}` is not an RFC 3339 time: {e}")));
    }
    let Ok(datetime) = value.cast::<PyDateTime>() else {
        return Err(wrong_type(
            name,
            "an aware datetime or an RFC 3339 str",
            value,
        ));
    };
    if datetime.call_method0("utcoffset")?.is_none() {
        return Err(invalid(
            py,
            format!(
                "{name}: a naive datetime (no tzinfo, or one without an offset) is neither UTC \
                 nor local time; give an aware one"
            ),
        ));
    }
    // The exact distance from the epoch, as Python's aware arithmetic gives it.
    let epoch = PyDateTime::new(py, 1970, 1, 1, 0, 0, 0, 0, Some(&*PyTzInfo::utc(py)?))?;
    let delta = datetime.sub(epoch)?;
    let delta = delta.cast::<PyDelta>()?;
    // A datetime lies within years 1-9999: its microseconds since the epoch fit an i64.
    let micros = (i64::from(delta.get_days()) * 86_400 + i64::from(delta.get_seconds()))
        * 1_000_000
        + i64::from(delta.get_microseconds());
    DateTime::from_timestamp_micros(micros)
        .ok_or_else(|| invalid(py, format!("{name}: out of the range of a date")))
}

/// Instants as a list of aware UTC `datetime`s.
///
/// The first is built from its fields; each next one is the one before plus the gap between
/// them, a `timedelta` made once per distinct gap. A schedule has few distinct gaps, and
/// `datetime + timedelta` is far cheaper than the `datetime` constructor (which parses its
/// arguments by keyword), so a long list costs about one addition a time.
pub(crate) fn to_datetimes<'py>(
    py: Python<'py>,
    times: &[DateTime<Utc>],
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    let mut gaps: HashMap<TimeDelta, Bound<'py, PyDelta>> = HashMap::new();
    let mut before: Option<(DateTime<Utc>, Bound<'py, PyAny>)> = None;
    for &t in times {
        let datetime = match before {
            Some((at, ref datetime)) if gaps.len() < MAX_GAPS || gaps.contains_key(&(t - at)) => {
                let gap = t - at;
                let delta = match gaps.entry(gap) {
                    Entry::Occupied(delta) => delta.into_mut(),
                    Entry::Vacant(slot) => slot.insert(timedelta(py, gap)?),
                };
                datetime.add(&*delta)?
            }
            _ => to_datetime(py, &t)?,
        };
        list.append(&datetime)?;
        before = Some((t, datetime));
    }
    Ok(list)
}

/// How many distinct gaps [`to_datetimes`] keeps `timedelta`s for.
const MAX_GAPS: usize = 64;

/// A `timedelta` of `gap` (microseconds and coarser: fire times are whole seconds).
fn timedelta(py: Python<'_>, gap: TimeDelta) -> PyResult<Bound<'_, PyDelta>> {
    const DAY: i64 = 86_400_000_000;
    let too_long = || invalid(py, format!("a gap of {gap} between fire times"));
    let micros = gap.num_microseconds().ok_or_else(too_long)?;
    let days = i32::try_from(micros.div_euclid(DAY)).map_err(|_| too_long())?;
    let rest = micros.rem_euclid(DAY);
    // Less than a day: the seconds and the microseconds fit an i32.
    PyDelta::new(
        py,
        days,
        (rest / 1_000_000) as i32,
        (rest % 1_000_000) as i32,
        false,
    )
}

/// An aware UTC `datetime`.
fn to_datetime<'py>(py: Python<'py>, t: &DateTime<Utc>) -> PyResult<Bound<'py, PyAny>> {
    use chrono::{Datelike, Timelike};
    let utc = PyTzInfo::utc(py)?;
    // Month, day, hour, minute and second always fit a u8.
    PyDateTime::new(
        py,
        t.year(),
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
        t.timestamp_subsec_micros(),
        Some(&utc),
    )
    .map(Bound::into_any)
}

/// The built-in values of one run, as `runcommand render` reads them: `InstanceId` and
/// `InvokeId` (required), `InstanceName`, `AccountId`, `CommandId` (optional; `None` is
/// absent).
#[derive(Debug)]
pub(crate) struct Builtins {
    instance_id: String,
    invoke_id: String,
    instance_name: Option<String>,
    account_id: Option<String>,
    command_id: Option<String>,
}

impl Builtins {
    /// Reads the dict. A key or a value of the wrong type raises `TypeError` at once; a
    /// missing or unknown key is the inner error, answered (as by `runcommand render`) only
    /// once the request has been checked.
    pub(crate) fn read(value: &Bound<'_, PyAny>) -> PyResult<Result<Builtins, ApiError>> {
        let dict = value
            .cast::<PyDict>()
            .map_err(|_| wrong_type("builtins", "a dict", value))?;
        let mut slots: [Option<String>; 5] = Default::default();
        let mut unknown = None;
        for (key, item) in dict.iter() {
            let key = text("a builtins key", &key)?;
            let Some(at) = BUILTIN_KEYS.iter().position(|k| *k == key) else {
                unknown.get_or_insert_with(|| key.into_owned());
                continue;
            };
            if !item.is_none() {
                slots[at] = Some(text(&format!("builtins[{key:?}]"), &item)?.into_owned());
            }
        }
        if let Some(key) = unknown {
            return Ok(Err(ApiError::new(
                ErrorCode::InvalidParameter,
                format!(
                    "builtins: unknown key `{key}` (InstanceId, InvokeId, InstanceName, \
                     AccountId, CommandId)"
                ),
            )));
        }
        let [
            instance_id,
            invoke_id,
            instance_name,
            account_id,
            command_id,
        ] = slots;
        let (Some(instance_id), Some(invoke_id)) = (instance_id, invoke_id) else {
            return Ok(Err(ApiError::new(
                ErrorCode::InvalidParameter,
                "builtins: InstanceId and InvokeId are required",
            )));
        };
        Ok(Ok(Builtins {
            instance_id,
            invoke_id,
            instance_name,
            account_id,
            command_id,
        }))
    }

    /// The instance of the run.
    pub(crate) fn instance(&self) -> Instance<'_> {
        let mut instance = Instance::new(&self.instance_id, &self.invoke_id);
        if let Some(name) = &self.instance_name {
            instance = instance.instance_name(name);
        }
        if let Some(id) = &self.account_id {
            instance = instance.account_id(id);
        }
        if let Some(id) = &self.command_id {
            instance = instance.command_id(id);
        }
        instance
    }
}

/// The keys of `builtins`, in the order of [`Builtins::read`]'s slots.
const BUILTIN_KEYS: [&str; 5] = [
    "InstanceId",
    "InvokeId",
    "InstanceName",
    "AccountId",
    "CommandId",
];

/// A dict (the JSON form of a request) as JSON text, for the library's JSON decoder: `str`
/// keys; values `str`, `int`, `float`, `bool`, `None`, `list`, `tuple` and `dict`.
pub(crate) fn json_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let fault = RefCell::new(None);
    let walk = Json {
        value,
        depth: 1,
        fault: &fault,
    };
    match serde_json::to_string(&walk) {
        Ok(text) => Ok(text),
        Err(e) => Err(fault
            .into_inner()
            .unwrap_or_else(|| invalid(value.py(), format!("request: {e}")))),
    }
}

/// One Python value of a JSON request, written by serde_json; a fault is kept in `fault`.
struct Json<'a, 'py> {
    value: &'a Bound<'py, PyAny>,
    depth: usize,
    fault: &'a RefCell<Option<PyErr>>,
}

impl Json<'_, '_> {
    fn fail<E: serde::ser::Error>(&self, err: PyErr) -> E {
        *self.fault.borrow_mut() = Some(err);
        E::custom("a Python value is not JSON")
    }

    fn child<'b, 'py>(&'b self, value: &'b Bound<'py, PyAny>) -> Json<'b, 'py> {
        Json {
            value,
            depth: self.depth + 1,
            fault: self.fault,
        }
    }

    fn too_deep<E: serde::ser::Error>(&self) -> Option<E> {
        (self.depth > MAX_DEPTH).then(|| {
            self.fail(invalid(
                self.value.py(),
                format!("request: nested deeper than {MAX_DEPTH} levels"),
            ))
        })
    }
}

impl Serialize for Json<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = self.value;
        let py = value.py();
        if value.is_none() {
            return serializer.serialize_unit();
        }
        if let Ok(b) = value.cast::<PyBool>() {
            return serializer.serialize_bool(b.is_true());
        }
        if value.is_instance_of::<PyInt>() {
            if let Ok(n) = value.extract::<i64>() {
                return serializer.serialize_i64(n);
            }
            if let Ok(n) = value.extract::<u64>() {
                return serializer.serialize_u64(n);
            }
            // Beyond 64 bits: the digits go as they are, and the decoder reads them as JSON
            // reads any number that long. Past Python's own limit on digits, nothing is sent.
            let digits = value
                .str()
                .map_err(|_| {
                    self.fail(invalid(
                        py,
                        "request: an integer too long to write in decimal".to_owned(),
                    ))
                })?
                .to_string();
            let raw = serde_json::value::RawValue::from_string(digits)
                .map_err(|e| self.fail(invalid(py, format!("request: {e}"))))?;
            return raw.serialize(serializer);
        }
        if let Ok(f) = value.cast::<PyFloat>() {
            let f = f.value();
            if !f.is_finite() {
                return Err(self.fail(invalid(py, format!("request: {f} is not a JSON number"))));
            }
            return serializer.serialize_f64(f);
        }
        if value.is_instance_of::<PyString>() {
            let s = text("a request value", value).map_err(|e| self.fail(e))?;
            return serializer.serialize_str(&s);
        }
        if let Ok(dict) = value.cast::<PyDict>() {
            if let Some(e) = self.too_deep() {
                return Err(e);
            }
            let mut map = serializer.serialize_map(Some(dict.len()))?;
            for (key, item) in dict.iter() {
                let key = text("a request key", &key).map_err(|e| self.fail(e))?;
                map.serialize_entry(key.as_ref(), &self.child(&item))?;
            }
            return map.end();
        }
        if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
            if let Some(e) = self.too_deep() {
                return Err(e);
            }
            let mut seq = serializer.serialize_seq(None)?;
            for item in value.try_iter().map_err(|e| self.fail(e))? {
                let item = item.map_err(|e| self.fail(e))?;
                seq.serialize_element(&self.child(&item))?;
            }
            return seq.end();
        }
        Err(self.fail(wrong_type(
            "a request value",
            "str, int, float, bool, None, list, tuple or dict",
            value,
        )))
    }
}
