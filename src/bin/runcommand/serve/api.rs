//! The API behind `runcommand serve`: every request is verified (`auth::verify`), then its
//! action answered: `RunCommand` (checked and rendered by the library), `DescribeInvocations`
//! and `DescribeInvocationResults` (what the server remembers). Response fields and their
//! sources are listed in `spec/serve.md`.
//!
//! Nothing here is async: [`Server::answer`] takes a received request and gives the status and
//! the JSON body; `http.rs` carries them over HTTP.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use base64::Engine as _;
use chrono::{DateTime, Utc};
use ecs_runcommand::auth::{
    HttpRequest, MemoryNonceStore, NonceOutcome, NonceStore, Options, Verified, verify,
};
use ecs_runcommand::context::Snapshot;
use ecs_runcommand::render::{Instance, Invocation};
use ecs_runcommand::request::{RepeatMode, Tag};
use ecs_runcommand::{ApiError, CheckedRequest, ErrorCode, RawRequest, check_with};
use serde::Serialize;

use super::store::{Ids, InstanceRun, Output, Record, Run, ServerView, Store, distinct};

/// How many nonces the server remembers (past this many unexpired ones it answers
/// `Throttling`).
const NONCE_CAPACITY: usize = 1_000_000;
/// The largest `PageSize` of the Describe actions (the API reference's).
const MAX_PAGE_SIZE: u64 = 50;
/// `PageSize` when not given (the API reference's).
const DEFAULT_PAGE_SIZE: u64 = 10;

/// An answer: the HTTP status and the JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: String,
}

/// The server's state: the keys, the nonce memory, the `--context` snapshot and outputs, the
/// invocations. Shared by every connection; each part behind its own lock, held briefly.
#[derive(Debug)]
pub(crate) struct Server {
    keys: HashMap<String, String>,
    options: Options,
    nonces: Mutex<MemoryNonceStore>,
    snapshot: Option<Snapshot>,
    outputs: HashMap<String, Output>,
    store: Mutex<Store>,
    ids: Ids,
}

/// Locks `mutex`; a lock whose holder panicked is still used (every update keeps the state
/// consistent before anything can panic).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The nonce memory shared by the connections, locked for each look-up only (`verify` computes
/// the signature without it).
struct SharedNonces<'a>(&'a Mutex<MemoryNonceStore>);

impl NonceStore for SharedNonces<'_> {
    fn check_and_remember(
        &mut self,
        access_key_id: &str,
        nonce: &str,
        expires: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> NonceOutcome {
        lock(self.0).check_and_remember(access_key_id, nonce, expires, now)
    }
}

impl Server {
    /// A server with `keys`, `options` for the signature times, the `--context` snapshot and
    /// outputs, and ids seeded with `seed`.
    pub(crate) fn new(
        keys: HashMap<String, String>,
        options: Options,
        snapshot: Option<Snapshot>,
        outputs: HashMap<String, Output>,
        seed: u64,
    ) -> Server {
        Server {
            keys,
            options,
            nonces: Mutex::new(MemoryNonceStore::new(NONCE_CAPACITY)),
            snapshot,
            outputs,
            store: Mutex::new(Store::default()),
            ids: Ids::new(seed),
        }
    }

    /// A new request id.
    pub(crate) fn request_id(&self) -> String {
        self.ids.request_id()
    }

    /// Answers `request`, received at `now`, as request `request_id` of host `host`.
    pub(crate) fn answer(
        &self,
        request: &HttpRequest<'_>,
        now: DateTime<Utc>,
        request_id: &str,
        host: &str,
    ) -> Answer {
        let verified = match verify(
            request,
            now,
            &self.keys,
            &mut SharedNonces(&self.nonces),
            &self.options,
        ) {
            Ok(verified) => verified,
            Err(err) => {
                // A V1 SignatureDoesNotMatch carries the server's string to sign in its
                // message, which aliyun-python-sdk-core reads.
                let message = err.response_message();
                return error_answer(&ApiError::from(err), &message, request_id, host);
            }
        };
        let result = match verified.action() {
            Some("RunCommand") => self.run_command(&verified, now, request_id),
            Some("DescribeInvocations") => self.describe_invocations(&verified, request_id),
            Some("DescribeInvocationResults") => self.describe_results(&verified, request_id),
            other => Err(ApiError::new(
                ErrorCode::InvalidParameter,
                format!(
                    "Action: {} is not served here (RunCommand, DescribeInvocations, \
                     DescribeInvocationResults)",
                    other.map_or_else(|| "none given".to_owned(), |a| format!("`{a}`")),
                ),
            )),
        };
        match result {
            Ok(body) => Answer { status: 200, body },
            Err(err) => error_answer(&err, err.message(), request_id, host),
        }
    }

    /// `RunCommand`: checked with the context rules (the snapshot and the server's
    /// ClientTokens), rendered for each instance, remembered.
    fn run_command(
        &self,
        verified: &Verified<'_>,
        now: DateTime<Utc>,
        request_id: &str,
    ) -> Result<String, ApiError> {
        let raw = RawRequest::from_pairs(verified.params())?;
        let snapshot = self.snapshot.as_ref();
        let record = if verified.params().any(|(name, _)| name == "ClientToken") {
            // The token is looked up and taken under one lock: two requests with one token
            // make one invocation.
            let mut store = lock(&self.store);
            let view = ServerView {
                snapshot,
                tokens: Some(&store.tokens),
            };
            let checked = check_with(raw, now, &view)?;
            let earlier = checked
                .client_token()
                .and_then(|token| store.tokens.get(token))
                .map(|(_, record)| Arc::clone(record));
            match earlier {
                // The same request again (the library compared the Fingerprints).
                Some(record) => record,
                None => {
                    let token = checked
                        .client_token()
                        .map(|t| (t.to_owned(), checked.fingerprint()));
                    let record = Arc::new(self.invoke(checked, now, &view));
                    store.insert(Arc::clone(&record), token);
                    record
                }
            }
        } else {
            let view = ServerView {
                snapshot,
                tokens: None,
            };
            let checked = check_with(raw, now, &view)?;
            let record = Arc::new(self.invoke(checked, now, &view));
            lock(&self.store).insert(Arc::clone(&record), None);
            record
        };
        to_json(&RunCommandBody {
            request_id,
            command_id: &record.command_id,
            invoke_id: &record.invoke_id,
        })
    }

    /// A new invocation of `request`: each instance rendered with the view (it may refuse:
    /// `ClientNeedUpgrade`, ...), then finished with its output at once (`Once`) or scheduled.
    fn invoke(&self, request: CheckedRequest, now: DateTime<Utc>, view: &ServerView<'_>) -> Record {
        let invoke_id = self.ids.invoke_id();
        let command_id = self.ids.command_id();
        let once = request.repeat_mode() == RepeatMode::Once;
        let instances = distinct(request.targets())
            .into_iter()
            .map(|id| {
                let instance = Instance::new(id.as_str(), &invoke_id).command_id(&command_id);
                let run = match request.render_with(&instance, view, Invocation::DEFAULT_MAX_BYTES)
                {
                    Err(err) => Run::Refused {
                        code: err.code(),
                        detail: err.detail().to_owned(),
                    },
                    Ok(_) if !once => Run::Scheduled,
                    Ok(_) => {
                        let output = self.outputs.get(id.as_str());
                        Run::Finished {
                            exit_code: output.map_or(0, |o| o.exit_code),
                            output: output.map(|o| Arc::clone(&o.text)),
                        }
                    }
                };
                InstanceRun {
                    instance_id: id.clone(),
                    run,
                }
            })
            .collect();
        Record {
            invoke_id,
            command_id,
            created: now,
            request,
            instances,
        }
    }

    /// `DescribeInvocations`: the invocations of the region, newest first, filtered by
    /// `InvokeId`, `CommandId` and `InstanceId`, one page.
    fn describe_invocations(
        &self,
        verified: &Verified<'_>,
        request_id: &str,
    ) -> Result<String, ApiError> {
        let query = DescribeQuery::read(verified)?;
        let include_output = match param(verified, "IncludeOutput") {
            None => false,
            Some(text) => read_bool("IncludeOutput", text)?,
        };
        let (total, page) = {
            let store = lock(&self.store);
            query.page(query.records(&store).map(Arc::clone))
        };
        let invocations: Vec<InvocationItem<'_>> = page
            .iter()
            .map(|record| InvocationItem::new(record, query.encoding, include_output))
            .collect();
        to_json(&DescribeInvocationsBody {
            request_id,
            total_count: total,
            page_number: query.page_number,
            page_size: query.page_size,
            invocations: InvocationList {
                invocation: invocations,
            },
        })
    }

    /// `DescribeInvocationResults`: one record per instance of each matching invocation (newest
    /// invocation first, its instances in order), one page.
    fn describe_results(
        &self,
        verified: &Verified<'_>,
        request_id: &str,
    ) -> Result<String, ApiError> {
        let query = DescribeQuery::read(verified)?;
        let (total, page) = {
            let store = lock(&self.store);
            let pairs = query
                .records(&store)
                .flat_map(|record| {
                    (0..record.instances.len()).map(move |at| (Arc::clone(record), at))
                })
                .filter(|(record, at)| {
                    query
                        .instance_id
                        .is_none_or(|id| record.instances[*at].instance_id.as_str() == id)
                });
            query.page(pairs)
        };
        let results: Vec<ResultItem<'_>> = page
            .iter()
            .map(|(record, at)| ResultItem::new(record, &record.instances[*at], query.encoding))
            .collect();
        to_json(&DescribeResultsBody {
            request_id,
            invocation: ResultsPage {
                total_count: total,
                page_number: query.page_number,
                page_size: query.page_size,
                invocation_results: ResultList {
                    invocation_result: results,
                },
            },
        })
    }
}

/// The error body of `err` with `message` (the code's message, or for a V1 signature that does
/// not match, the message with the server's string to sign), and the code's status.
fn error_answer(err: &ApiError, message: &str, request_id: &str, host: &str) -> Answer {
    let body = err.body(request_id, host);
    let json = ErrorJson {
        request_id: &body.request_id,
        host_id: &body.host_id,
        code: body.code.as_str(),
        message,
        recommend: &body.recommend,
    };
    // Five strings always serialize; the fallback is never expected.
    let body = serde_json::to_string(&json).unwrap_or_else(|_| err.to_json(request_id, host));
    Answer {
        status: err.http_status(),
        body,
    }
}

fn to_json<T: Serialize>(body: &T) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|e| {
        ApiError::new(
            ErrorCode::InternalErrorDispatch,
            format!("the answer cannot be written: {e}"),
        )
    })
}

/// The value of the signed parameter `name` (the parameters are few, at most 256).
fn param<'v>(verified: &'v Verified<'_>, name: &str) -> Option<&'v str> {
    verified
        .params()
        .find_map(|(n, v)| (n == name).then_some(v))
}

/// A boolean as the SDKs send it (`true`, `True`, `false`, ...).
fn read_bool(name: &str, text: &str) -> Result<bool, ApiError> {
    if text.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if text.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidParameter,
            format!("{name}: `{}` is not true or false", shown(text)),
        ))
    }
}

/// `text` cut to 64 characters for a detail.
fn shown(text: &str) -> String {
    match text.char_indices().nth(64) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_owned(),
    }
}

/// How `CommandContent` and `Output` are answered (`ContentEncoding` of the Describe actions:
/// `PlainText` in any letter case, else Base64, the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Base64,
    PlainText,
}

impl Encoding {
    fn read(text: Option<&str>) -> Encoding {
        match text {
            Some(t) if t.eq_ignore_ascii_case("PlainText") => Encoding::PlainText,
            _ => Encoding::Base64,
        }
    }

    fn encode(self, bytes: &[u8]) -> String {
        match self {
            Encoding::Base64 => base64::engine::general_purpose::STANDARD.encode(bytes),
            Encoding::PlainText => String::from_utf8_lossy(bytes).into_owned(),
        }
    }
}

/// The parameters both Describe actions read.
#[derive(Debug)]
struct DescribeQuery<'v> {
    region_id: &'v str,
    invoke_id: Option<&'v str>,
    command_id: Option<&'v str>,
    instance_id: Option<&'v str>,
    page_number: u64,
    page_size: u64,
    encoding: Encoding,
}

impl<'v> DescribeQuery<'v> {
    fn read(verified: &'v Verified<'_>) -> Result<DescribeQuery<'v>, ApiError> {
        let given = |name| param(verified, name).filter(|v| !v.trim().is_empty());
        let region_id = given("RegionId").ok_or_else(|| {
            ApiError::new(
                ErrorCode::MissingParameterRegionId,
                "RegionId: missing or empty",
            )
        })?;
        Ok(DescribeQuery {
            region_id,
            invoke_id: given("InvokeId"),
            command_id: given("CommandId"),
            instance_id: given("InstanceId"),
            page_number: read_number(given("PageNumber"), "PageNumber", 1, u64::MAX, 1)?,
            page_size: read_number(
                given("PageSize"),
                "PageSize",
                1,
                MAX_PAGE_SIZE,
                DEFAULT_PAGE_SIZE,
            )?,
            encoding: Encoding::read(given("ContentEncoding")),
        })
    }

    /// The invocations that match, newest first (one look-up when `InvokeId` is given).
    fn records<'s>(&'s self, store: &'s Store) -> Box<dyn Iterator<Item = &'s Arc<Record>> + 's> {
        match self.invoke_id {
            Some(id) => Box::new(store.get(id).into_iter().filter(|r| self.matches(r))),
            None => Box::new(store.newest_first().filter(|r| self.matches(r))),
        }
    }

    fn matches(&self, record: &Record) -> bool {
        record.request.region_id() == self.region_id
            && self.invoke_id.is_none_or(|id| record.invoke_id == id)
            && self.command_id.is_none_or(|id| record.command_id == id)
            && self.instance_id.is_none_or(|id| record.has_instance(id))
    }

    /// How many items there are, and those of the page asked for.
    fn page<T>(&self, items: impl Iterator<Item = T>) -> (u64, Vec<T>) {
        let skip = self
            .page_number
            .saturating_sub(1)
            .saturating_mul(self.page_size);
        let mut total: u64 = 0;
        let mut page = Vec::new();
        for item in items {
            if total >= skip && total - skip < self.page_size {
                page.push(item);
            }
            total += 1;
        }
        (total, page)
    }
}

/// A whole number from `min` to `max`, `default` when not given.
fn read_number(
    text: Option<&str>,
    name: &str,
    min: u64,
    max: u64,
    default: u64,
) -> Result<u64, ApiError> {
    let Some(text) = text else {
        return Ok(default);
    };
    match text.trim().parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ApiError::new(
            ErrorCode::InvalidParameter,
            if max == u64::MAX {
                format!("{name}: `{}` is not a whole number from {min}", shown(text))
            } else {
                format!(
                    "{name}: `{}` is not a whole number from {min} to {max}",
                    shown(text)
                )
            },
        )),
    }
}

/// A time as the API writes it: `2030-01-01T00:00:00Z`.
fn time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `ErrorCode` of an instance: empty when it ran as expected.
fn run_error_code(run: &Run) -> &'static str {
    match run {
        Run::Finished { exit_code: 0, .. } | Run::Scheduled => "",
        Run::Finished { .. } => "ExitCodeNonzero",
        Run::Refused { code, .. } => code.as_str(),
    }
}

/// `ErrorInfo` of an instance: empty when it ran as expected.
fn run_error_info(run: &Run) -> &str {
    match run {
        Run::Finished { exit_code: 0, .. } | Run::Scheduled => "",
        Run::Finished { .. } => "the command execution exit code is not zero",
        Run::Refused { detail, .. } => detail,
    }
}

fn run_exit_code(run: &Run) -> Option<i64> {
    match run {
        Run::Finished { exit_code, .. } => Some(*exit_code),
        _ => None,
    }
}

fn run_output(run: &Run) -> &[u8] {
    match run {
        Run::Finished {
            output: Some(text), ..
        } => text.as_bytes(),
        _ => b"",
    }
}

fn run_repeats(run: &Run) -> u32 {
    u32::from(matches!(run, Run::Finished { .. }))
}

/// When the instance ran (a finished run: at once, when the invocation was accepted).
fn run_time(record: &Record, run: &Run) -> Option<String> {
    matches!(run, Run::Finished { .. }).then(|| time(record.created))
}

/// `InvokeRecordStatus`: a `Once` invocation is `Finished` on every instance; otherwise
/// `Running` while scheduled, `Failed` when refused.
fn record_status(record: &Record, run: &Run) -> &'static str {
    if record.once() {
        "Finished"
    } else if matches!(run, Run::Scheduled) {
        "Running"
    } else {
        "Failed"
    }
}

// ------------------------------------------------------------------ the bodies

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorJson<'a> {
    request_id: &'a str,
    host_id: &'a str,
    code: &'a str,
    message: &'a str,
    recommend: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct RunCommandBody<'a> {
    request_id: &'a str,
    command_id: &'a str,
    invoke_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeInvocationsBody<'a> {
    request_id: &'a str,
    total_count: u64,
    page_number: u64,
    page_size: u64,
    invocations: InvocationList<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct InvocationList<'a> {
    invocation: Vec<InvocationItem<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct TagList<'a> {
    tag: Vec<TagItem<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct TagItem<'a> {
    tag_key: &'a str,
    tag_value: &'a str,
}

fn tags(tags: &[Tag]) -> TagList<'_> {
    TagList {
        tag: tags
            .iter()
            .map(|t| TagItem {
                tag_key: t.key(),
                tag_value: t.value().unwrap_or(""),
            })
            .collect(),
    }
}

/// One invocation of `DescribeInvocations`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct InvocationItem<'a> {
    command_content: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    command_description: Option<&'a str>,
    command_id: &'a str,
    command_name: &'a str,
    command_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    container_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    container_name: Option<&'a str>,
    creation_time: String,
    frequency: &'a str,
    invocation_status: &'static str,
    invoke_id: &'a str,
    invoke_instances: InvokeInstanceList<'a>,
    invoke_status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    launcher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameters: Option<String>,
    repeat_mode: &'static str,
    tags: TagList<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    termination_mode: Option<&'static str>,
    timed: bool,
    timeout: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    working_dir: Option<&'a str>,
}

impl<'a> InvocationItem<'a> {
    fn new(record: &'a Record, encoding: Encoding, include_output: bool) -> InvocationItem<'a> {
        let request = &record.request;
        InvocationItem {
            command_content: encoding.encode(request.content()),
            command_description: request.description(),
            command_id: &record.command_id,
            command_name: request.name().unwrap_or(""),
            command_type: request.command_type().as_str(),
            container_id: request.container_id(),
            container_name: request.container_name(),
            creation_time: time(record.created),
            frequency: request.frequency_text().unwrap_or(""),
            invocation_status: record.status(),
            invoke_id: &record.invoke_id,
            invoke_instances: InvokeInstanceList {
                invoke_instance: record
                    .instances
                    .iter()
                    .map(|i| InvokeInstance::new(record, i, encoding, include_output))
                    .collect(),
            },
            invoke_status: record.invoke_status(),
            launcher: request.launcher().map(ToString::to_string),
            parameters: request.parameters().map(|p| p.to_compact_json()),
            repeat_mode: request.repeat_mode().as_str(),
            tags: tags(request.tags()),
            termination_mode: request.termination_mode().map(|m| m.as_str()),
            timed: !record.once(),
            timeout: request.timeout().get(),
            username: request.username(),
            working_dir: request.working_dir(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct InvokeInstanceList<'a> {
    invoke_instance: Vec<InvokeInstance<'a>>,
}

/// One instance of an invocation of `DescribeInvocations`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct InvokeInstance<'a> {
    creation_time: String,
    dropped: u32,
    error_code: &'static str,
    error_info: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    exit_code: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    finish_time: Option<String>,
    instance_id: &'a str,
    instance_invoke_status: &'static str,
    invocation_status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    output: Option<String>,
    repeats: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_time: Option<String>,
    timed: bool,
    update_time: String,
}

impl<'a> InvokeInstance<'a> {
    fn new(
        record: &'a Record,
        instance: &'a InstanceRun,
        encoding: Encoding,
        include_output: bool,
    ) -> InvokeInstance<'a> {
        let run = &instance.run;
        InvokeInstance {
            creation_time: time(record.created),
            dropped: 0,
            error_code: run_error_code(run),
            error_info: run_error_info(run),
            exit_code: run_exit_code(run),
            finish_time: run_time(record, run),
            instance_id: instance.instance_id.as_str(),
            instance_invoke_status: match run {
                Run::Finished { .. } => "Finished",
                Run::Scheduled => "Running",
                Run::Refused { .. } => "Failed",
            },
            invocation_status: run.status(),
            output: include_output.then(|| encoding.encode(run_output(run))),
            repeats: run_repeats(run),
            start_time: run_time(record, run),
            timed: !record.once(),
            update_time: time(record.created),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeResultsBody<'a> {
    request_id: &'a str,
    invocation: ResultsPage<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ResultsPage<'a> {
    total_count: u64,
    page_number: u64,
    page_size: u64,
    invocation_results: ResultList<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ResultList<'a> {
    invocation_result: Vec<ResultItem<'a>>,
}

/// One record of `DescribeInvocationResults`: an invocation on one instance.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ResultItem<'a> {
    command_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    container_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    container_name: Option<&'a str>,
    dropped: u32,
    error_code: &'static str,
    error_info: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    exit_code: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    finished_time: Option<String>,
    instance_id: &'a str,
    invocation_status: &'static str,
    invoke_id: &'a str,
    invoke_record_status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    launcher: Option<String>,
    output: String,
    repeats: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_time: Option<String>,
    tags: TagList<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    termination_mode: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<&'a str>,
}

impl<'a> ResultItem<'a> {
    fn new(record: &'a Record, instance: &'a InstanceRun, encoding: Encoding) -> ResultItem<'a> {
        let request = &record.request;
        let run = &instance.run;
        ResultItem {
            command_id: &record.command_id,
            container_id: request.container_id(),
            container_name: request.container_name(),
            dropped: 0,
            error_code: run_error_code(run),
            error_info: run_error_info(run),
            exit_code: run_exit_code(run),
            finished_time: run_time(record, run),
            instance_id: instance.instance_id.as_str(),
            invocation_status: run.status(),
            invoke_id: &record.invoke_id,
            invoke_record_status: record_status(record, run),
            launcher: request.launcher().map(ToString::to_string),
            output: encoding.encode(run_output(run)),
            repeats: run_repeats(run),
            start_time: run_time(record, run),
            tags: tags(request.tags()),
            termination_mode: request.termination_mode().map(|m| m.as_str()),
            username: request.username(),
        }
    }
}
