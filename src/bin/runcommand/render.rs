//! `runcommand render [--now RFC3339] --instance FILE [--max-bytes N] [--context FILE] [FILE]`,
//! and `runcommand render --jsonl`.
//!
//! Checks one request (as `check` reads it) and prints what one instance runs:
//!
//! ```text
//! {"ok":true,"content":"...","content_base64":"...","script_name":"...","script_path":"...",
//!  "launcher":"...","argv":[...],"username":"...","working_dir":"...","warnings":[...]}    exit 0
//! {"ok":false,"HttpStatus":400,"Code":"...","Message":"...","Detail":"..."}                exit 1
//! ```
//!
//! `--instance FILE` is a JSON object of the run's built-in values: `InstanceId` and `InvokeId`
//! (required), `InstanceName`, `AccountId`, `CommandId`. With `--jsonl` each line is
//! `{"query": "..."}` or `{"request": {...}}` plus `"builtins": {...}` of that form.
//! `content` is the script as text (`null` when it is not UTF-8); `content_base64` is always
//! there. `script_name`, `script_path` and `launcher` are `null` in a container, which runs
//! `/bin/sh -c <content>` (`argv`). With `--context FILE` (a JSON snapshot of the service's state)
//! the request is checked with the context rules, and the instance as the snapshot knows it: it
//! must be able to run the request, its agent recent enough (else `ClientNeedUpgrade`), and its
//! `InstanceName` fills `{{ACS::InstanceName}}` unless the built-in values give one.

use std::io::{self, Read};
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Args;
use ecs_runcommand::render::{Instance, Invocation};
use ecs_runcommand::request::Warning;
use ecs_runcommand::{ApiError, ErrorCode};
use serde::{Deserialize, Serialize};

use crate::check::{Entry, Setup, Source, checked_first, rejected};
use crate::jsonl::{self, Line};
use crate::out::{self, Exit, complain};
use ecs_runcommand::context::Snapshot;

/// Arguments of `runcommand render`.
#[derive(Debug, Args)]
pub(crate) struct RenderArgs {
    /// The current time used for validation (default: the system clock).
    #[arg(long)]
    now: Option<String>,
    /// A JSON file of the run's built-in values: InstanceId, InvokeId (required),
    /// InstanceName, AccountId, CommandId.
    #[arg(long, required_unless_present = "jsonl")]
    instance: Option<PathBuf>,
    /// The largest script to render, in bytes.
    #[arg(long, default_value_t = Invocation::DEFAULT_MAX_BYTES)]
    max_bytes: usize,
    /// A JSON snapshot of the service's state: the context rules apply, and the instance is
    /// taken as the snapshot knows it (its name, its OS, its agent's version).
    #[arg(long, value_name = "FILE")]
    context: Option<PathBuf>,
    /// Read one JSON object per line ({"query"|"request", "builtins"}) and write one result
    /// line per input line.
    #[arg(long)]
    jsonl: bool,
    /// The request file (default: stdin).
    file: Option<PathBuf>,
}

/// The built-in values of one run.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
struct Builtins {
    instance_id: String,
    invoke_id: String,
    #[serde(default)]
    instance_name: Option<String>,
    #[serde(default)]
    account_id: Option<String>,
    #[serde(default)]
    command_id: Option<String>,
}

impl Builtins {
    fn read(text: &str) -> Result<Builtins, ApiError> {
        serde_json::from_str(text).map_err(|e| {
            ApiError::new(
                ErrorCode::InvalidParameter,
                format!("builtins: {e} (InstanceId and InvokeId are required)"),
            )
        })
    }

    fn instance(&self) -> Instance<'_> {
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

/// The answer: `ok`, what the instance runs (the library's form of an [`Invocation`]) and the
/// request's warnings.
#[derive(Serialize)]
struct Rendered<'r> {
    ok: bool,
    #[serde(flatten)]
    run: &'r Invocation,
    warnings: Vec<String>,
}

pub(crate) fn run(args: RenderArgs) -> Exit {
    let Setup {
        now,
        context,
        input,
    } = match Setup::read(
        "render",
        args.now.as_deref(),
        args.context.as_deref(),
        args.file.as_deref(),
    ) {
        Ok(setup) => setup,
        Err(exit) => return exit,
    };
    let max = args.max_bytes;
    let view = context.as_ref();
    let mut stdout = io::stdout().lock();
    if args.jsonl {
        return jsonl::drive("render", input, stdout, |line| {
            render_line(line, now, max, view)
        });
    }
    let Some(instance) = &args.instance else {
        complain("render", format_args!("--instance FILE is required"));
        return Exit::Error;
    };
    let builtins = match std::fs::read_to_string(instance) {
        Ok(text) => text,
        Err(e) => {
            complain(
                "render",
                format_args!("cannot read `{}`: {e}", instance.display()),
            );
            return Exit::Error;
        }
    };
    let mut request = Vec::new();
    let mut input = input;
    if let Err(e) = input.read_to_end(&mut request) {
        complain("render", format_args!("cannot read the input: {e}"));
        return Exit::Error;
    }
    let (text, accepted) = match Source::detect(&request) {
        Ok(source) => answer(source.decode(), &builtins, now, max, view),
        Err(err) => rejected(std::slice::from_ref(&err), false),
    };
    match out::print_line("render", &mut stdout, &text) {
        Ok(()) => Exit::from_accepted(accepted),
        Err(exit) => exit,
    }
}

/// Answers one `--jsonl` line.
fn render_line(
    line: Line<'_>,
    now: DateTime<Utc>,
    max: usize,
    view: Option<&Snapshot>,
) -> (String, bool) {
    let entry = line
        .map_err(|fault| fault.to_api_error())
        .and_then(|text| Entry::read(text, true));
    let entry = match entry {
        Ok(entry) => entry,
        Err(err) => return rejected(std::slice::from_ref(&err), false),
    };
    let Some(builtins) = entry.builtins else {
        let err = ApiError::new(
            ErrorCode::InvalidParameter,
            "the line has no `builtins` (InstanceId and InvokeId are required)",
        );
        return rejected(std::slice::from_ref(&err), false);
    };
    answer(entry.decode(), builtins.get(), now, max, view)
}

/// Checks the request, then renders it for the instance of `builtins`.
fn answer(
    raw: Result<ecs_runcommand::RawRequest<'_>, ApiError>,
    builtins: &str,
    now: DateTime<Utc>,
    max: usize,
    view: Option<&Snapshot>,
) -> (String, bool) {
    let result = raw
        .and_then(|raw| checked_first(raw, now, view))
        .and_then(|request| {
            let builtins = Builtins::read(builtins)?;
            let instance = builtins.instance();
            let invocation = match view {
                Some(view) => request.render_with(&instance, view, max)?,
                None => request.render(&instance, max)?,
            };
            Ok((request, invocation))
        });
    let (request, run) = match result {
        Ok(done) => done,
        Err(err) => return rejected(std::slice::from_ref(&err), false),
    };
    let body = Rendered {
        ok: true,
        run: &run,
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
