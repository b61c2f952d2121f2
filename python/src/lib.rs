//! `ecs_runcommand._native`: the library as Python functions, re-exported by the package
//! `ecs_runcommand`.
//!
//! Each function reads its arguments ([`input`]), runs the library with the GIL released, and
//! hands the library's answer back through its own serde forms (the normalized request, the
//! rendered run), so every answer is the one the command line prints. A rejection is raised as
//! the package's `ApiError`, built from the library's `ApiError`.

mod input;

use std::borrow::Cow;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use ecs_runcommand::auth::{self, HttpRequest, NonceOutcome, NonceStore, Options, SecretLookup};
use ecs_runcommand::context;
use ecs_runcommand::render::Invocation;
use ecs_runcommand::schedule::{Frequency, Lang};
use ecs_runcommand::{ApiError, CheckedRequest, NextQuery, RawRequest};
use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyMapping, PyString, PyType};

use crate::input::{Builtins, instant, invalid, octets, text, whole, wrong_type};

/// The error table, as `runcommand codes` prints it.
const CODES: &str = include_str!("../../spec/error-codes.json");

/// The package's `ApiError` class (defined in `ecs_runcommand/__init__.py`).
static API_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The Python `ApiError` for `errors[0]`; with `all`, its `errors` lists every fault.
fn raise<'py>(py: Python<'py>, errors: &[ApiError], all: bool) -> PyErr {
    let make = || -> PyResult<PyErr> {
        let class = API_ERROR.import(py, "ecs_runcommand", "ApiError")?;
        let one = |e: &ApiError, list: Bound<'py, PyList>| -> PyResult<Bound<'py, PyAny>> {
            class.call1((
                e.http_status(),
                e.code().as_str(),
                e.message(),
                e.detail(),
                list,
            ))
        };
        let list = PyList::empty(py);
        if all {
            for e in errors {
                list.append(one(e, PyList::empty(py))?)?;
            }
        }
        let Some(first) = errors.first() else {
            return Ok(pyo3::exceptions::PyRuntimeError::new_err(
                "a rejection without an error",
            ));
        };
        Ok(PyErr::from_value(one(first, list)?))
    };
    make().unwrap_or_else(|e| e)
}

/// A request as it was sent: a query string or form body, or the JSON text of a dict.
enum Sent<'a> {
    Query(Cow<'a, [u8]>),
    Json(String),
}

impl<'a> Sent<'a> {
    fn read(request: &'a Bound<'_, PyAny>) -> PyResult<Sent<'a>> {
        if request.is_instance_of::<PyDict>() {
            return input::json_text(request).map(Sent::Json);
        }
        if !request.is_instance_of::<PyString>() {
            return Err(wrong_type(
                "request",
                "a str (a query string) or a dict (the JSON form)",
                request,
            ));
        }
        octets("request", request).map(Sent::Query)
    }

    fn decode(&self) -> Result<RawRequest<'_>, ApiError> {
        match self {
            Sent::Query(bytes) => RawRequest::from_query(bytes),
            Sent::Json(text) => RawRequest::from_json(text),
        }
    }
}

/// The warnings of an accepted request, as text.
fn warnings<'py>(py: Python<'py>, request: &CheckedRequest) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, request.warnings().iter().map(ToString::to_string))
}

/// What the service knows (its regions, instances, quotas, resource groups, Parameter Store
/// and earlier ClientTokens), read once from its JSON form, as `runcommand check --context FILE`
/// reads it (`spec/context.md`): passed as `context` to `check` and `render`, the context rules
/// apply too.
///
/// `Snapshot(json)` takes the JSON text (`str`) or its `dict`. Raises `ValueError` for a
/// snapshot that is not of the documented form, and `TypeError` for another type.
#[pyclass(frozen, module = "ecs_runcommand")]
struct Snapshot(context::Snapshot);

#[pymethods]
impl Snapshot {
    #[new]
    #[pyo3(text_signature = "(json)")]
    fn new(py: Python<'_>, json: &Bound<'_, PyAny>) -> PyResult<Snapshot> {
        let text = if json.is_instance_of::<PyDict>() {
            Cow::Owned(input::json_text(json)?)
        } else if json.is_instance_of::<PyString>() {
            text("json", json)?
        } else {
            return Err(wrong_type("json", "a str (JSON text) or a dict", json));
        };
        py.detach(|| context::Snapshot::from_json(&text))
            .map(Snapshot)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }
}

/// The view of the context rules, when a `context` is given.
fn view<'a>(context: Option<&'a Bound<'_, Snapshot>>) -> Option<&'a context::Snapshot> {
    context.map(|snapshot| &snapshot.get().0)
}

/// Decodes and checks one RunCommand request, as `runcommand check` does.
///
/// `request` is a query string or form body as the SDKs send it (`str`), or the JSON form
/// (`dict`: lists as lists, `Parameters` as a dict or its JSON text). `now` is an aware
/// `datetime` or RFC 3339 text (default: the system clock). With a `context` ([`Snapshot`])
/// the context rules apply too. Returns `{"request": {...}, "warnings": [...]}`: the
/// normalized request under the API's parameter names, defaults filled in, and what is worth
/// knowing about it; with `fingerprint=True` also `"fingerprint"`, the request's Fingerprint
/// (64 hex digits: what a service remembers with a ClientToken, `spec/context.md`; it adds
/// about 40% to a typical call, hence asked for).
///
/// Raises `ApiError` with the first fault in the documented order; with `all_faults=True`
/// its `errors` lists every fault. Raises `TypeError` for arguments of the wrong type.
#[pyfunction]
#[pyo3(signature = (request, *, now=None, all_faults=false, context=None, fingerprint=false), text_signature = "(request, *, now=None, all_faults=False, context=None, fingerprint=False)")]
fn check<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
    now: Option<&Bound<'py, PyAny>>,
    all_faults: bool,
    context: Option<&Bound<'py, Snapshot>>,
    fingerprint: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let sent = Sent::read(request)?;
    let now = instant(py, "now", now)?;
    let view = view(context);
    let outcome = py.detach(
        || -> Result<(CheckedRequest, Option<String>), Vec<ApiError>> {
            let raw = sent.decode().map_err(|e| vec![e])?;
            let request = match (all_faults, view) {
                (true, Some(view)) => ecs_runcommand::check_all_with(raw, now, view),
                (true, None) => ecs_runcommand::check_all(raw, now),
                (false, Some(view)) => {
                    ecs_runcommand::check_with(raw, now, view).map_err(|e| vec![e])
                }
                (false, None) => ecs_runcommand::check(raw, now).map_err(|e| vec![e]),
            }?;
            let digest = fingerprint.then(|| request.fingerprint().to_string());
            Ok((request, digest))
        },
    );
    let (request, digest) = outcome.map_err(|errors| raise(py, &errors, all_faults))?;
    let answer = PyDict::new(py);
    answer.set_item("request", pythonize::pythonize(py, &request)?)?;
    answer.set_item("warnings", warnings(py, &request)?)?;
    if let Some(digest) = digest {
        answer.set_item("fingerprint", digest)?;
    }
    Ok(answer)
}

/// Validates a Frequency and lists its next fire times, as `runcommand next` does.
///
/// `after` (an aware `datetime` or RFC 3339 text) is also the `now` of validation and the
/// creation time of a `rate`. `zone` is the instance's zone for a cron expression without one,
/// `timeout` the request's Timeout in seconds, `dst` the daylight-saving policy (`quartz` or
/// `vixie`). Returns up to `count` (at most 100000) aware UTC datetimes, fewer when the
/// schedule ends.
///
/// Raises `ApiError`: `InvalidParam.Frequency` for a Frequency that is not valid,
/// `InvalidParameter` for a bad `count`, `zone` or `dst`, `InvalidTimeout.ExceedLimit` for a
/// Timeout outside 10-86400. Raises `TypeError` for arguments of the wrong type.
#[pyfunction]
#[pyo3(signature = (frequency, *, after, count=None, zone=None, timeout=None, dst=None), text_signature = "(frequency, *, after, count=5, zone='UTC', timeout=60, dst='quartz')")]
fn next_fire_times<'py>(
    py: Python<'py>,
    frequency: &Bound<'py, PyAny>,
    after: &Bound<'py, PyAny>,
    count: Option<&Bound<'py, PyAny>>,
    zone: Option<&Bound<'py, PyAny>>,
    timeout: Option<&Bound<'py, PyAny>>,
    dst: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let frequency = text("frequency", frequency)?;
    if after.is_none() {
        return Err(wrong_type(
            "after",
            "an aware datetime or an RFC 3339 str",
            after,
        ));
    }
    let after = instant(py, "after", Some(after))?;
    let count = match count {
        Some(count) => whole("count", count, u64::MAX)?,
        None => NextQuery::DEFAULT_COUNT,
    };
    let zone = match zone {
        Some(zone) => text("zone", zone)?,
        None => Cow::Borrowed(NextQuery::DEFAULT_ZONE),
    };
    let timeout = match timeout {
        Some(timeout) => whole("timeout", timeout, u64::MAX)?,
        None => NextQuery::DEFAULT_TIMEOUT,
    };
    let dst = match dst {
        Some(dst) => text("dst", dst)?,
        None => Cow::Borrowed(NextQuery::DEFAULT_DST),
    };
    let query = NextQuery {
        frequency: &frequency,
        after,
        count,
        zone: &zone,
        timeout,
        dst: &dst,
    };
    let times = py
        .detach(|| query.fire_times())
        .map_err(|e| raise(py, &[e], false))?;
    input::to_datetimes(py, &times)
}

/// Checks one request (as `check` does) and renders what one instance runs, as
/// `runcommand render` does.
///
/// `builtins` is a dict of the run's built-in values: `InstanceId` and `InvokeId` (required),
/// `InstanceName`, `AccountId`, `CommandId`. Returns `{"content", "content_base64",
/// "script_name", "script_path", "launcher", "argv", "username", "working_dir", "warnings"}`:
/// `content` is the script as text (`None` when it is not UTF-8); in a container
/// `script_name`, `script_path`, `launcher`, `username` and `working_dir` are `None`.
///
/// With a `context` ([`Snapshot`]) the context rules apply, and the instance is taken as the
/// snapshot knows it (its name, its OS, its agent's version), as `runcommand render --context`
/// does.
///
/// Raises `ApiError` for a request that is rejected or cannot run on this instance, and
/// `TypeError` for arguments of the wrong type.
#[pyfunction]
#[pyo3(signature = (request, builtins, *, now=None, context=None), text_signature = "(request, builtins, *, now=None, context=None)")]
fn render<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
    builtins: &Bound<'py, PyAny>,
    now: Option<&Bound<'py, PyAny>>,
    context: Option<&Bound<'py, Snapshot>>,
) -> PyResult<Bound<'py, PyDict>> {
    let sent = Sent::read(request)?;
    let builtins = Builtins::read(builtins)?;
    let now = instant(py, "now", now)?;
    let view = view(context);
    let outcome = py.detach(|| -> Result<(CheckedRequest, Invocation), ApiError> {
        // The request first, then the builtins: the command line's order of answers.
        let raw = sent.decode()?;
        let request = match view {
            Some(view) => ecs_runcommand::check_with(raw, now, view)?,
            None => ecs_runcommand::check(raw, now)?,
        };
        let builtins = builtins?;
        let instance = builtins.instance();
        let max = Invocation::DEFAULT_MAX_BYTES;
        let run = match view {
            Some(view) => request.render_with(&instance, view, max)?,
            None => request.render(&instance, max)?,
        };
        Ok((request, run))
    });
    let (request, run) = outcome.map_err(|e| raise(py, &[e], false))?;
    let answer = pythonize::pythonize(py, &run)?.cast_into::<PyDict>()?;
    answer.set_item("warnings", warnings(py, &request)?)?;
    Ok(answer)
}

/// The caller's keys, looked up in the Python mapping when the library asks for one (with
/// the GIL taken again for that moment). A lookup that raises anything but `KeyError` is kept
/// and raised after the verification.
struct Keys {
    mapping: Py<PyMapping>,
    fault: Mutex<Option<PyErr>>,
}

impl SecretLookup for Keys {
    fn secret(&self, access_key_id: &str, _security_token: Option<&str>) -> Option<Cow<'_, str>> {
        Python::attach(|py| {
            let found = self
                .mapping
                .bind(py)
                .get_item(access_key_id)
                .and_then(|secret| Ok(text("a secret in keys", &secret)?.into_owned()));
            match found {
                Ok(secret) => Some(Cow::Owned(secret)),
                Err(e) if e.is_instance_of::<PyKeyError>(py) => None,
                Err(e) => {
                    if let Ok(mut fault) = self.fault.lock() {
                        fault.get_or_insert(e);
                    }
                    None
                }
            }
        })
    }
}

/// No memory of nonces: every nonce is fresh. The package's `verify` is stateless.
struct Forgetful;

impl NonceStore for Forgetful {
    fn check_and_remember(
        &mut self,
        _access_key_id: &str,
        _nonce: &str,
        _expires: DateTime<Utc>,
        _now: DateTime<Utc>,
    ) -> NonceOutcome {
        NonceOutcome::Fresh
    }
}

/// The header pairs: a sequence of `(name, value)` tuples or two-item lists of `str`.
fn header_pairs(headers: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    if headers.is_instance_of::<PyString>() || headers.is_instance_of::<PyDict>() {
        return Err(wrong_type(
            "headers",
            "a sequence of (name, value) pairs",
            headers,
        ));
    }
    let items = headers
        .try_iter()
        .map_err(|_| wrong_type("headers", "a sequence of (name, value) pairs", headers))?;
    let mut pairs = Vec::new();
    for item in items {
        let item = item?;
        let pair: Vec<Bound<'_, PyAny>> =
            if item.is_instance_of::<pyo3::types::PyTuple>() || item.is_instance_of::<PyList>() {
                item.try_iter()?.collect::<PyResult<_>>()?
            } else {
                return Err(wrong_type("a header", "a (name, value) pair", &item));
            };
        let [name, value] = pair.as_slice() else {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "a header must be a (name, value) pair, not {} items",
                pair.len()
            )));
        };
        pairs.push((
            text("a header name", name)?.into_owned(),
            text("a header value", value)?.into_owned(),
        ));
    }
    Ok(pairs)
}

/// Verifies the signature (V1 HMAC-SHA1 or V3 ACS3-HMAC-SHA256) of one HTTP request, as
/// `runcommand verify` does for one line.
///
/// `query` is the raw query string (without `?`), `headers` a sequence of `(name, value)`
/// pairs, `body` the raw body (`str` or `bytes`), `keys` a mapping from AccessKeyId to
/// AccessKeySecret, `now` an aware `datetime` or RFC 3339 text (default: the system clock),
/// `max_skew` the largest distance in seconds between the signed time and `now`. Returns
/// `{"access_key_id": ..., "version": "V1" | "V3"}`.
///
/// Stateless: it keeps no memory of the nonces it has seen, so it cannot tell a replay. A
/// service keeps its own memory of `SignatureNonce` (V1) / `x-acs-signature-nonce` (V3) per
/// AccessKeyId until the signed time plus `max_skew`, and refuses one it has seen.
///
/// Raises `ApiError` (`SignatureDoesNotMatch`, `InvalidAccessKeyId.NotFound`, ...) for a
/// request that does not verify, and `TypeError` for arguments of the wrong type.
#[pyfunction]
#[pyo3(signature = (method, path, query, headers, body=None, *, keys, now=None, max_skew=None), text_signature = "(method, path, query, headers, body='', *, keys, now=None, max_skew=900)")]
#[allow(clippy::too_many_arguments)]
fn verify<'py>(
    py: Python<'py>,
    method: &Bound<'py, PyAny>,
    path: &Bound<'py, PyAny>,
    query: &Bound<'py, PyAny>,
    headers: &Bound<'py, PyAny>,
    body: Option<&Bound<'py, PyAny>>,
    keys: &Bound<'py, PyAny>,
    now: Option<&Bound<'py, PyAny>>,
    max_skew: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let method = text("method", method)?;
    let path = text("path", path)?;
    let query = octets("query", query)?;
    let headers = header_pairs(headers)?;
    let body = match body {
        Some(body) => octets("body", body)?,
        None => Cow::Borrowed(&b""[..]),
    };
    let keys = Keys {
        mapping: keys
            .cast::<PyMapping>()
            .map_err(|_| wrong_type("keys", "a mapping of AccessKeyId to secret", keys))?
            .clone()
            .unbind(),
        fault: Mutex::new(None),
    };
    let now = instant(py, "now", now)?;
    let max_skew = match max_skew {
        Some(secs) => {
            let secs = whole("max_skew", secs, u64::from(u32::MAX))?;
            u32::try_from(secs)
                .map_err(|_| invalid(py, format!("max_skew: {secs} is too large")))?
        }
        None => Options::DEFAULT_MAX_SKEW_SECS,
    };
    let options = Options::default().with_max_skew_secs(max_skew);
    let outcome = py.detach(|| {
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let request = HttpRequest {
            method: &method,
            path: &path,
            query: &query,
            headers: &headers,
            body: &body,
        };
        auth::verify(&request, now, &keys, &mut Forgetful, &options)
            .map(|v| (v.access_key_id().to_owned(), v.scheme().as_str()))
            .map_err(ApiError::from)
    });
    if let Some(fault) = keys.fault.lock().ok().and_then(|mut f| f.take()) {
        return Err(fault);
    }
    let (access_key_id, version) = outcome.map_err(|e| raise(py, &[e], false))?;
    let answer = PyDict::new(py);
    answer.set_item("access_key_id", access_key_id)?;
    answer.set_item("version", version)?;
    Ok(answer)
}

/// What a Frequency means, in prose, as `runcommand describe` says it: `lang` is `"en"`
/// (English, the default) or `"zh-CN"` (Simplified Chinese).
///
/// The Frequency is parsed, not validated: an expression whose years have passed is described
/// all the same. Two Frequencies whose fire times differ never get the same description.
///
/// Raises `ApiError`: `InvalidParam.Frequency` for a Frequency that does not parse,
/// `InvalidParameter` for another `lang`. Raises `TypeError` for arguments that are not `str`.
#[pyfunction]
#[pyo3(signature = (frequency, lang=None), text_signature = "(frequency, lang='en')")]
fn describe(
    py: Python<'_>,
    frequency: &Bound<'_, PyAny>,
    lang: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let frequency = text("frequency", frequency)?;
    let lang = match lang {
        Some(lang) => text("lang", lang)?,
        None => Cow::Borrowed("en"),
    };
    // Well under a microsecond: not worth releasing the GIL for.
    let described = lang
        .parse::<Lang>()
        .map_err(ApiError::from)
        .and_then(|lang| Ok(Frequency::parse(&frequency)?.describe(lang)));
    described.map_err(|e| raise(py, &[e], false))
}

/// The table of error codes, as `runcommand codes` prints it: one dict per code, with
/// `http_status`, `code`, `message`, `description`, `source` and `in_reference_table`.
#[pyfunction]
#[pyo3(text_signature = "()")]
fn codes(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    py.import("json")?.call_method1("loads", (CODES,))
}

/// The native module. `ecs_runcommand/__init__.py` re-exports it.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // For bench.py, which refuses to time a debug build (`maturin develop` without --release).
    m.add("_debug_build", cfg!(debug_assertions))?;
    m.add_class::<Snapshot>()?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(next_fire_times, m)?)?;
    m.add_function(wrap_pyfunction!(render, m)?)?;
    m.add_function(wrap_pyfunction!(describe, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(codes, m)?)?;
    Ok(())
}
