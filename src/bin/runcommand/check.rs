//! `runcommand check [--now RFC3339] [--all] [--context FILE] [--jsonl] [FILE]`.
//!
//! Reads one request (a query string, or a JSON object when the first non-blank character is
//! `{`) from FILE or stdin and prints one JSON result line:
//!
//! ```text
//! {"ok":true,"Fingerprint":"<hex>","request":{...},"warnings":[...]}          exit 0
//! {"ok":false,"HttpStatus":400,"Code":"...","Message":"...","Detail":"..."}    exit 1
//! ```
//!
//! With `--all` a rejection also lists `"Errors": [...]`. With `--context FILE` (a JSON snapshot
//! of the service's state, `context::Snapshot`) the context rules apply too. With `--jsonl` every input line is
//! `{"query": "..."}` or `{"request": {...}}` and gets exactly one result line, written as soon as
//! its line is read ([`crate::jsonl::drive`]); a blank line or one that is not UTF-8 is
//! rejected as in every `--jsonl` mode. The exit status is 0 when every line was accepted, else 1;
//! usage and input/output errors exit 2, a reader that has gone 141 ([`crate::out::Exit`]).

use std::borrow::Cow;
use std::io::{self, Read};

use crate::jsonl::{self, Line};
use crate::out::{self, Exit, complain};
use chrono::{DateTime, Utc};
use clap::Args;
use ecs_runcommand::context::{Fingerprint, Snapshot};
use ecs_runcommand::request::Warning;
use ecs_runcommand::{ApiError, CheckedRequest, ErrorCode, RawRequest};
use serde::{Deserialize, Serialize};

/// Arguments of `runcommand check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The current time used for validation (default: the system clock).
    #[arg(long)]
    now: Option<String>,
    /// Report every fault, not only the first.
    #[arg(long)]
    all: bool,
    /// A JSON snapshot of the service's state (regions, instances, resource groups, quotas,
    /// Parameter Store, earlier ClientTokens): the context rules apply too.
    #[arg(long, value_name = "FILE")]
    context: Option<std::path::PathBuf>,
    /// Read one JSON object per line from stdin (or FILE) and write one result line per input
    /// line, each as soon as its line is read.
    #[arg(long)]
    jsonl: bool,
    /// The request file (default: stdin).
    file: Option<std::path::PathBuf>,
}

#[derive(Serialize)]
struct Accepted<'r> {
    ok: bool,
    #[serde(rename = "Fingerprint")]
    fingerprint: Fingerprint,
    request: &'r CheckedRequest,
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct Rejected<'e> {
    ok: bool,
    #[serde(flatten)]
    first: &'e ApiError,
    #[serde(rename = "Errors", skip_serializing_if = "Option::is_none")]
    errors: Option<&'e [ApiError]>,
}

/// Where a request comes from: a query string / form body, or a JSON object.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Source<'a> {
    /// `RegionId=...&Type=...` (no leading `?`).
    Query(&'a [u8]),
    /// `{"RegionId": ..., ...}`.
    Json(&'a str),
}

impl<'a> Source<'a> {
    /// A JSON object when the first non-blank byte is `{`, else a query string.
    pub(crate) fn detect(bytes: &'a [u8]) -> Result<Source<'a>, ApiError> {
        let trimmed = bytes.trim_ascii();
        if trimmed.first() != Some(&b'{') {
            return Ok(Source::Query(trimmed));
        }
        std::str::from_utf8(trimmed).map(Source::Json).map_err(|e| {
            ApiError::new(
                ErrorCode::InvalidParameter,
                format!("the JSON request is not UTF-8 (byte {})", e.valid_up_to()),
            )
        })
    }

    /// Decodes the request.
    pub(crate) fn decode(self) -> Result<RawRequest<'a>, ApiError> {
        match self {
            Source::Query(bytes) => RawRequest::from_query(bytes),
            Source::Json(text) => RawRequest::from_json(text),
        }
    }
}

/// One input line of `check --jsonl` (and, with `builtins`, of `render --jsonl`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entry<'a> {
    #[serde(borrow, default)]
    query: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    request: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow, default)]
    pub(crate) builtins: Option<&'a serde_json::value::RawValue>,
}

impl<'a> Entry<'a> {
    /// Reads a line: `{"query": "..."}` or `{"request": {...}}` (and `builtins` when
    /// `with_builtins`).
    pub(crate) fn read(text: &'a str, with_builtins: bool) -> Result<Entry<'a>, ApiError> {
        let bad = |detail: String| ApiError::new(ErrorCode::InvalidParameter, detail);
        let keys = if with_builtins {
            "`query` or `request`, and `builtins`"
        } else {
            "`query` or `request`"
        };
        let entry: Entry<'a> = serde_json::from_str(text)
            .map_err(|e| bad(format!("the line is not a JSON object with {keys}: {e}")))?;
        if entry.query.is_some() == entry.request.is_some() {
            return Err(bad(
                "the line must hold exactly one of `query` and `request`".to_owned(),
            ));
        }
        if entry.builtins.is_some() && !with_builtins {
            return Err(bad(format!(
                "the line is not a JSON object with {keys}: unknown field `builtins`"
            )));
        }
        Ok(entry)
    }

    /// Decodes the request of the line.
    pub(crate) fn decode(&self) -> Result<RawRequest<'_>, ApiError> {
        match (&self.query, self.request) {
            (Some(query), _) => RawRequest::from_query(query.as_bytes()),
            (None, Some(json)) => RawRequest::from_json(json.get()),
            (None, None) => Err(ApiError::new(
                ErrorCode::InvalidParameter,
                "the line must hold exactly one of `query` and `request`",
            )),
        }
    }
}

/// Reads the snapshot of `--context FILE`, if given.
///
/// # Errors
/// [`Exit::Error`], with a message on stderr naming `command`, when the file cannot be read or
/// is not a snapshot.
fn load_context(command: &str, path: Option<&std::path::Path>) -> Result<Option<Snapshot>, Exit> {
    let Some(path) = path else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        complain(
            command,
            format_args!("cannot read `{}`: {e}", path.display()),
        );
        Exit::Error
    })?;
    Snapshot::from_json(&text).map(Some).map_err(|e| {
        complain(command, format_args!("`{}`: {e}", path.display()));
        Exit::Error
    })
}

/// What `check` and `render` read before any request: the time (`--now`, else the clock),
/// the `--context` snapshot and the input (FILE, else standard input).
pub(crate) struct Setup {
    pub(crate) now: DateTime<Utc>,
    pub(crate) context: Option<Snapshot>,
    pub(crate) input: Box<dyn Read>,
}

impl Setup {
    /// Reads them for `command`.
    ///
    /// # Errors
    /// [`Exit::Error`], with a message on stderr naming `command`, when `--now` is not an
    /// RFC 3339 time or a file cannot be read.
    pub(crate) fn read(
        command: &str,
        now: Option<&str>,
        context: Option<&std::path::Path>,
        file: Option<&std::path::Path>,
    ) -> Result<Setup, Exit> {
        let now = match now {
            Some(text) => DateTime::parse_from_rfc3339(text)
                .map_err(|e| {
                    complain(
                        command,
                        format_args!("--now `{text}` is not an RFC 3339 time: {e}"),
                    );
                    Exit::Error
                })?
                .with_timezone(&Utc),
            None => crate::system_now(),
        };
        let context = load_context(command, context)?;
        let input: Box<dyn Read> = match file {
            Some(path) => Box::new(std::fs::File::open(path).map_err(|e| {
                complain(
                    command,
                    format_args!("cannot read `{}`: {e}", path.display()),
                );
                Exit::Error
            })?),
            None => Box::new(io::stdin().lock()),
        };
        Ok(Setup {
            now,
            context,
            input,
        })
    }
}

pub(crate) fn run(args: CheckArgs) -> Exit {
    let Setup {
        now,
        context,
        input,
    } = match Setup::read(
        "check",
        args.now.as_deref(),
        args.context.as_deref(),
        args.file.as_deref(),
    ) {
        Ok(setup) => setup,
        Err(exit) => return exit,
    };
    let all = args.all;
    let view = context.as_ref();
    let mut stdout = io::stdout().lock();
    if args.jsonl {
        return jsonl::drive("check", input, stdout, |line| {
            check_jsonl_line(line, now, all, view)
        });
    }
    match check_one(input, now, all, view) {
        Ok((text, accepted)) => match out::print_line("check", &mut stdout, &text) {
            Ok(()) => Exit::from_accepted(accepted),
            Err(exit) => exit,
        },
        Err(exit) => exit,
    }
}

/// Reads the whole input as one request and checks it.
fn check_one(
    mut input: impl Read,
    now: DateTime<Utc>,
    all: bool,
    view: Option<&Snapshot>,
) -> Result<(String, bool), Exit> {
    let mut bytes = Vec::new();
    if let Err(e) = input.read_to_end(&mut bytes) {
        complain("check", format_args!("cannot read the input: {e}"));
        return Err(Exit::Error);
    }
    Ok(check_bytes(&bytes, now, all, view))
}

/// Decides query or JSON from the first non-blank byte.
fn check_bytes(
    bytes: &[u8],
    now: DateTime<Utc>,
    all: bool,
    view: Option<&Snapshot>,
) -> (String, bool) {
    match Source::detect(bytes).and_then(Source::decode) {
        Ok(raw) => outcome(raw, now, all, view),
        Err(err) => rejected(std::slice::from_ref(&err), all),
    }
}

/// Answers one `--jsonl` line.
fn check_jsonl_line(
    line: Line<'_>,
    now: DateTime<Utc>,
    all: bool,
    view: Option<&Snapshot>,
) -> (String, bool) {
    match line {
        Ok(text) => check_line(text, now, all, view),
        Err(fault) => rejected(&[fault.to_api_error()], all),
    }
}

/// Answers one `--jsonl` line that is text: `{"query": "..."}` or `{"request": {...}}`.
fn check_line(
    text: &str,
    now: DateTime<Utc>,
    all: bool,
    view: Option<&Snapshot>,
) -> (String, bool) {
    let entry = match Entry::read(text, false) {
        Ok(entry) => entry,
        Err(err) => return rejected(std::slice::from_ref(&err), all),
    };
    match entry.decode() {
        Ok(raw) => outcome(raw, now, all, view),
        Err(err) => rejected(std::slice::from_ref(&err), all),
    }
}

fn outcome(
    raw: RawRequest<'_>,
    now: DateTime<Utc>,
    all: bool,
    view: Option<&Snapshot>,
) -> (String, bool) {
    if all {
        let checked = match view {
            Some(view) => ecs_runcommand::check_all_with(raw, now, view),
            None => ecs_runcommand::check_all(raw, now),
        };
        match checked {
            Ok(request) => accepted(&request),
            Err(errors) => rejected(&errors, true),
        }
    } else {
        match checked_first(raw, now, view) {
            Ok(request) => accepted(&request),
            Err(error) => rejected(std::slice::from_ref(&error), false),
        }
    }
}

/// The request checked up to its first fault, with the context rules when there is a view.
pub(crate) fn checked_first(
    raw: RawRequest<'_>,
    now: DateTime<Utc>,
    view: Option<&Snapshot>,
) -> Result<CheckedRequest, ApiError> {
    match view {
        Some(view) => ecs_runcommand::check_with(raw, now, view),
        None => ecs_runcommand::check(raw, now),
    }
}

fn accepted(request: &CheckedRequest) -> (String, bool) {
    let body = Accepted {
        ok: true,
        fingerprint: request.fingerprint(),
        request,
        warnings: request.warnings().iter().map(Warning::to_string).collect(),
    };
    match serde_json::to_string(&body) {
        Ok(text) => (text, true),
        Err(e) => (
            format!(r#"{{"ok":false,"Code":"InternalError","Detail":"{e}"}}"#),
            false,
        ),
    }
}

/// A rejection line: the first fault, and with `all` every fault.
pub(crate) fn rejected(errors: &[ApiError], all: bool) -> (String, bool) {
    let Some(first) = errors.first() else {
        return (r#"{"ok":false,"Code":"InternalError"}"#.to_owned(), false);
    };
    let body = Rejected {
        ok: false,
        first,
        errors: all.then_some(errors),
    };
    match serde_json::to_string(&body) {
        Ok(text) => (text, false),
        Err(_) => (r#"{"ok":false,"Code":"InternalError"}"#.to_owned(), false),
    }
}
