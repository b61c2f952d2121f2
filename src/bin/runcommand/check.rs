//! `runcommand check [--now RFC3339] [--all] [--jsonl] [FILE]`.
//!
//! Reads one request (a query string, or a JSON object when the first non-blank character is
//! `{`) from FILE or stdin and prints one JSON result line:
//!
//! ```text
//! {"ok":true,"request":{...},"warnings":[...]}                                 exit 0
//! {"ok":false,"HttpStatus":400,"Code":"...","Message":"...","Detail":"..."}    exit 1
//! ```
//!
//! With `--all` a rejection also lists `"Errors": [...]`. With `--jsonl` every input line is
//! `{"query": "..."}` or `{"request": {...}}` and gets exactly one result line; the exit status
//! is 0 when every line was accepted, else 1. Usage errors exit 2.

use chrono::{DateTime, Utc};
use clap::Args;
use ecs_runcommand::ApiError;
use ecs_runcommand::request::{self, Input, RunCommandRequest};
use ecs_runcommand::wire::Warning;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

use crate::ErrorBody;
use std::io::{Read, Write};

/// Arguments of `runcommand check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The current time used for validation (default: the system clock).
    #[arg(long)]
    now: Option<String>,
    /// Report every fault, not only the first.
    #[arg(long)]
    all: bool,
    /// Read one JSON object per line from stdin and write one result line per input.
    #[arg(long)]
    jsonl: bool,
    /// The request file (default: stdin).
    file: Option<std::path::PathBuf>,
}

#[derive(Serialize)]
struct Accepted<'r> {
    ok: bool,
    request: &'r RunCommandRequest,
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct Rejected {
    ok: bool,
    #[serde(flatten)]
    first: ErrorBody,
    #[serde(rename = "Errors", skip_serializing_if = "Option::is_none")]
    errors: Option<Vec<ErrorBody>>,
}

/// One input line of `--jsonl`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line<'a> {
    #[serde(borrow, default)]
    query: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    request: Option<&'a serde_json::value::RawValue>,
}

pub(crate) fn run(args: CheckArgs) -> i32 {
    let now = match &args.now {
        Some(text) => match DateTime::parse_from_rfc3339(text) {
            Ok(t) => t.with_timezone(&Utc),
            Err(e) => {
                eprintln!("runcommand check: --now `{text}` is not an RFC 3339 time: {e}");
                return 2;
            }
        },
        None => DateTime::<Utc>::from(std::time::SystemTime::now()),
    };
    let mut input = Vec::new();
    let read = match &args.file {
        Some(path) => std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut input)),
        None => std::io::stdin().lock().read_to_end(&mut input),
    };
    if let Err(e) = read {
        eprintln!("runcommand check: cannot read the input: {e}");
        return 2;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let status = if args.jsonl {
        let mut status = 0;
        let mut lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
        if lines.last().is_some_and(|l| l.is_empty()) {
            // The empty piece after the final newline is not a line.
            lines.pop();
        }
        for line in lines {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let (text, ok) = check_line(line, now, args.all);
            if !ok {
                status = 1;
            }
            if writeln!(out, "{text}").is_err() {
                return 2;
            }
        }
        status
    } else {
        let (text, ok) = check_bytes(&input, now, args.all);
        if writeln!(out, "{text}").is_err() {
            return 2;
        }
        if ok { 0 } else { 1 }
    };
    if out.flush().is_err() {
        return 2;
    }
    status
}

/// Decides query or JSON from the first non-blank byte.
fn check_bytes(bytes: &[u8], now: DateTime<Utc>, all: bool) -> (String, bool) {
    let trimmed = bytes.trim_ascii();
    if trimmed.first() == Some(&b'{') {
        match std::str::from_utf8(trimmed) {
            Ok(text) => outcome(Input::Json(text), now, all),
            Err(e) => rejected(
                &[ApiError::new(
                    ecs_runcommand::ErrorCode::InvalidParameter,
                    format!("the JSON request is not UTF-8 (byte {})", e.valid_up_to()),
                )],
                all,
            ),
        }
    } else {
        outcome(Input::Query(trimmed), now, all)
    }
}

fn check_line(line: &[u8], now: DateTime<Utc>, all: bool) -> (String, bool) {
    let bad = |detail: String| {
        rejected(
            &[ApiError::new(
                ecs_runcommand::ErrorCode::InvalidParameter,
                detail,
            )],
            all,
        )
    };
    let Ok(text) = std::str::from_utf8(line) else {
        return bad("the line is not UTF-8".to_owned());
    };
    match serde_json::from_str::<Line<'_>>(text) {
        Ok(Line {
            query: Some(query),
            request: None,
        }) => outcome(Input::Query(query.as_bytes()), now, all),
        Ok(Line {
            query: None,
            request: Some(raw),
        }) => outcome(Input::Json(raw.get()), now, all),
        Ok(_) => bad("the line must hold exactly one of `query` and `request`".to_owned()),
        Err(e) => bad(format!(
            "the line is not a JSON object with `query` or `request`: {e}"
        )),
    }
}

fn outcome(input: Input<'_>, now: DateTime<Utc>, all: bool) -> (String, bool) {
    if all {
        match request::check_all(input, now) {
            Ok(request) => accepted(&request),
            Err(errors) => rejected(&errors, true),
        }
    } else {
        match request::check(input, now) {
            Ok(request) => accepted(&request),
            Err(error) => rejected(std::slice::from_ref(&error), false),
        }
    }
}

fn accepted(request: &RunCommandRequest) -> (String, bool) {
    let body = Accepted {
        ok: true,
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

fn rejected(errors: &[ApiError], all: bool) -> (String, bool) {
    let Some(first) = errors.first() else {
        return (r#"{"ok":false,"Code":"InternalError"}"#.to_owned(), false);
    };
    let body = Rejected {
        ok: false,
        first: ErrorBody::from(first),
        errors: all.then(|| errors.iter().map(ErrorBody::from).collect()),
    };
    match serde_json::to_string(&body) {
        Ok(text) => (text, false),
        Err(_) => (r#"{"ok":false,"Code":"InternalError"}"#.to_owned(), false),
    }
}
