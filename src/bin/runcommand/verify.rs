//! `runcommand verify --keys FILE [--now RFC3339] [--max-skew SECS] --jsonl`.
//!
//! FILE is a JSON object `{"<AccessKeyId>": "<AccessKeySecret>", ...}`. Every input line is one
//! HTTP request, `{"method": "POST", "path": "/", "query": "<raw query>", "headers": [["Name",
//! "value"], ...], "body": "<text>"}` (`body` optional), and gets exactly one answer line,
//! written and flushed before the next line is read:
//!
//! ```text
//! {"ok":true,"AccessKeyId":"...","Version":"V1"}                                 (or "V3")
//! {"ok":false,"HttpStatus":400,"Code":"...","Message":"...","Detail":"..."}
//! ```
//!
//! Nonces seen earlier in the same run are replays. Lines are read and answered by the shared
//! driver of every `--jsonl` mode ([`crate::jsonl::drive`]); the exit status is the contract of
//! every command ([`crate::out::Exit`]): 0 every line accepted, 1 one rejected, 2 a usage error
//! (bad arguments, unreadable or malformed keys), 141 the reader has gone.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::Args;
use ecs_runcommand::auth::{HttpRequest, MemoryNonceStore, Options, verify};
use ecs_runcommand::{ApiError, ErrorCode};
use serde::{Deserialize, Serialize};

use crate::jsonl::{self, Line};
use crate::out::{Exit, complain};

/// How many nonces one run remembers (a run refuses requests with `Throttling` past this many
/// unexpired nonces).
const NONCE_CAPACITY: usize = 1_000_000;

/// Arguments of `runcommand verify`.
#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// A JSON object mapping each AccessKeyId to its AccessKeySecret.
    #[arg(long, value_name = "FILE")]
    keys: PathBuf,
    /// The current time (default: the system clock).
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
    /// The largest allowed difference between a request's signed time and now, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = Options::DEFAULT_MAX_SKEW_SECS)]
    max_skew: u32,
    /// Read one JSON request per line from stdin and answer one line each (required).
    #[arg(long)]
    jsonl: bool,
}

/// One input line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    #[serde(default)]
    body: String,
}

#[derive(Serialize)]
struct Accepted<'a> {
    ok: bool,
    #[serde(rename = "AccessKeyId")]
    access_key_id: &'a str,
    #[serde(rename = "Version")]
    version: &'static str,
}

#[derive(Serialize)]
struct Rejected<'e> {
    ok: bool,
    #[serde(flatten)]
    error: &'e ApiError,
}

/// What every line is verified with: the keys, the run's nonce memory, `now` and the options.
pub(crate) struct Verifier {
    keys: HashMap<String, String>,
    nonces: MemoryNonceStore,
    now: DateTime<Utc>,
    options: Options,
}

pub(crate) fn run(args: VerifyArgs) -> Exit {
    if !args.jsonl {
        complain(
            "verify",
            format_args!("reads one JSON request per line; pass --jsonl"),
        );
        return Exit::Error;
    }
    let now = match &args.now {
        Some(text) => match DateTime::parse_from_rfc3339(text) {
            Ok(t) => t.with_timezone(&Utc),
            Err(e) => {
                complain(
                    "verify",
                    format_args!("--now `{text}` is not an RFC 3339 time: {e}"),
                );
                return Exit::Error;
            }
        },
        None => crate::system_now(),
    };
    let keys = match read_keys("verify", &args.keys) {
        Ok(keys) => keys,
        Err(exit) => return exit,
    };
    let mut verifier = Verifier {
        keys,
        nonces: MemoryNonceStore::new(NONCE_CAPACITY),
        now,
        options: Options::default().with_max_skew_secs(args.max_skew),
    };
    jsonl::drive(
        "verify",
        std::io::stdin().lock(),
        std::io::stdout().lock(),
        |line: Line<'_>| match line {
            Ok(text) => verify_line(text.as_bytes(), &mut verifier),
            Err(fault) => rejected(&fault.to_api_error()),
        },
    )
}

/// Reads a keys file: a JSON object mapping each AccessKeyId to its AccessKeySecret.
///
/// # Errors
/// [`Exit::Error`] when the file cannot be read or is not such an object, with a message on
/// stderr naming `command` and the file.
pub(crate) fn read_keys(command: &str, path: &Path) -> Result<HashMap<String, String>, Exit> {
    let bytes = std::fs::read(path).map_err(|e| {
        complain(
            command,
            format_args!("cannot read `{}`: {e}", path.display()),
        );
        Exit::Error
    })?;
    serde_json::from_slice::<HashMap<String, String>>(&bytes).map_err(|e| {
        complain(
            command,
            format_args!(
                "{} is not a JSON object of AccessKeyId to AccessKeySecret: {e}",
                path.display()
            ),
        );
        Exit::Error
    })
}

/// Verifies one input line and answers it: the JSON answer line and whether it was accepted.
pub(crate) fn verify_line(line: &[u8], verifier: &mut Verifier) -> (String, bool) {
    let parsed = match serde_json::from_slice::<Request>(line) {
        Ok(parsed) => parsed,
        Err(e) => {
            return rejected(&ApiError::new(
                ErrorCode::InvalidParameter,
                format!(
                    "the line is not a JSON object with method, path, query, headers and an optional body: {e}"
                ),
            ));
        }
    };
    let headers: Vec<(&str, &str)> = parsed
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let request = HttpRequest {
        method: &parsed.method,
        path: &parsed.path,
        query: parsed.query.as_bytes(),
        headers: &headers,
        body: parsed.body.as_bytes(),
    };
    match verify(
        &request,
        verifier.now,
        &verifier.keys,
        &mut verifier.nonces,
        &verifier.options,
    ) {
        Ok(verified) => {
            let body = Accepted {
                ok: true,
                access_key_id: verified.access_key_id(),
                version: verified.scheme().as_str(),
            };
            match serde_json::to_string(&body) {
                Ok(text) => (text, true),
                Err(e) => rejected(&ApiError::new(
                    ErrorCode::InvalidParameter,
                    format!("the answer cannot be written: {e}"),
                )),
            }
        }
        Err(err) => rejected(&ApiError::from(err)),
    }
}

fn rejected(err: &ApiError) -> (String, bool) {
    let body = Rejected {
        ok: false,
        error: err,
    };
    let text = serde_json::to_string(&body)
        .unwrap_or_else(|e| format!(r#"{{"ok":false,"Code":"InternalError","Detail":"{e}"}}"#));
    (text, false)
}
