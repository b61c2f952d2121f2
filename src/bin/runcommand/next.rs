//! `runcommand next [--after RFC3339] [--count N] [--zone ZONE] [--timeout SECS]
//! [--dst quartz|vixie] [--describe [--lang en|zh-CN]] FREQUENCY`, and `runcommand next --jsonl`.
//!
//! `--describe` prints the Frequency's description above its fire times (with `--jsonl`, as
//! `"description"` beside `"next"`).
//!
//! `--jsonl` answers each line as soon as it is read ([`crate::jsonl::drive`]); a blank line or
//! one that is not UTF-8 is rejected as in every `--jsonl` mode. The exit status is 0 when every
//! line (or the one Frequency) was accepted, else 1; usage and input/output errors exit 2, a
//! reader that has gone 141 ([`crate::out::Exit`]).

use std::io::{self, BufWriter, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use clap::Args;
use ecs_runcommand::schedule::{Frequency, Lang};
use ecs_runcommand::{ApiError, ErrorCode, NextQuery};
use serde::{Deserialize, Serialize};

use crate::jsonl::{self, Line};
use crate::out::{self, Exit, complain};

/// Arguments of `runcommand next`.
#[derive(Debug, Args)]
pub(crate) struct NextArgs {
    /// Fire times after this instant (RFC 3339); also the `now` of validation and the creation
    /// time of a rate. Default: the system clock.
    #[arg(long)]
    after: Option<String>,
    /// How many fire times to print.
    #[arg(long, default_value_t = NextQuery::DEFAULT_COUNT)]
    count: u64,
    /// The instance's time zone, for a cron expression without one.
    #[arg(long, default_value = NextQuery::DEFAULT_ZONE)]
    zone: String,
    /// The request's Timeout in seconds.
    #[arg(long, default_value_t = NextQuery::DEFAULT_TIMEOUT)]
    timeout: u64,
    /// Daylight-saving policy: quartz or vixie.
    #[arg(long, default_value = NextQuery::DEFAULT_DST)]
    dst: String,
    /// Read one JSON object per line from stdin; write one result line per input line.
    #[arg(long)]
    jsonl: bool,
    /// Print the description of the Frequency above its fire times.
    #[arg(long)]
    describe: bool,
    /// The language of the description: en or zh-CN.
    #[arg(long, default_value = "en", value_parser = crate::describe::parse_lang, requires = "describe")]
    lang: Lang,
    /// The Frequency.
    #[arg(required_unless_present = "jsonl", allow_hyphen_values = true)]
    frequency: Option<String>,
}

/// One query, from the arguments or a JSON line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Query {
    frequency: String,
    after: Option<String>,
    count: Option<u64>,
    zone: Option<String>,
    timeout: Option<u64>,
    dst: Option<String>,
}

fn invalid(detail: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidParameter, detail)
}

/// Validates the Frequency and lists its fire times ([`NextQuery`] answers; only `after` is
/// read here, from its RFC 3339 text), with the description in `describe` when it is given.
fn answer(
    q: &Query,
    clock: DateTime<Utc>,
    describe: Option<Lang>,
) -> Result<(Option<String>, Vec<String>), ApiError> {
    let after = match &q.after {
        Some(text) => DateTime::parse_from_rfc3339(text)
            .map_err(|e| invalid(format!("after: `{text}` is not an RFC 3339 time: {e}")))?
            .with_timezone(&Utc),
        None => clock,
    };
    let query = NextQuery {
        frequency: &q.frequency,
        after,
        count: q.count.unwrap_or(NextQuery::DEFAULT_COUNT),
        zone: q.zone.as_deref().unwrap_or(NextQuery::DEFAULT_ZONE),
        timeout: q.timeout.unwrap_or(NextQuery::DEFAULT_TIMEOUT),
        dst: q.dst.as_deref().unwrap_or(NextQuery::DEFAULT_DST),
    };
    let times = query
        .fire_times()?
        .iter()
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .collect();
    // The query parsed the Frequency already; a description reads it again (tens of ns).
    let description = match describe {
        Some(lang) => Some(Frequency::parse(&q.frequency)?.describe(lang)),
        None => None,
    };
    Ok((description, times))
}

/// One output line of `--jsonl`: fire times or an error.
#[derive(Debug, Serialize)]
enum Answer {
    #[serde(rename = "next")]
    Next(Vec<String>),
    #[serde(rename = "error")]
    Error(ApiError),
}

/// One output line of `--jsonl --describe` for an accepted Frequency.
#[derive(Debug, Serialize)]
struct Described {
    description: String,
    next: Vec<String>,
}

pub(crate) fn run(args: NextArgs) -> Exit {
    let clock = crate::system_now();
    if args.jsonl {
        let describe = args.describe.then_some(args.lang);
        return jsonl::drive("next", io::stdin().lock(), io::stdout().lock(), |line| {
            next_line(line, clock, describe)
        });
    }
    let Some(frequency) = args.frequency else {
        complain("next", format_args!("a FREQUENCY is required"));
        return Exit::Error;
    };
    let query = Query {
        frequency,
        after: args.after,
        count: Some(args.count),
        zone: Some(args.zone),
        timeout: Some(args.timeout),
        dst: Some(args.dst),
    };
    match answer(&query, clock, args.describe.then_some(args.lang)) {
        Ok((description, times)) => match print_times(description, &times) {
            Ok(()) => Exit::Accepted,
            Err(exit) => exit,
        },
        Err(err) if err.code() == ErrorCode::InvalidParamFrequency => {
            let text = to_json(&err);
            match out::print_line("next", &mut io::stdout().lock(), &text) {
                Ok(()) => Exit::Rejected,
                Err(exit) => exit,
            }
        }
        Err(err) => {
            complain("next", format_args!("{}", err.detail()));
            Exit::Error
        }
    }
}

/// Prints the description, if any, then one fire time a line.
fn print_times(description: Option<String>, times: &[String]) -> Result<(), Exit> {
    let mut out = BufWriter::new(io::stdout().lock());
    if let Some(description) = description {
        out::written("next", writeln!(out, "{description}"))?;
    }
    for t in times {
        out::written("next", writeln!(out, "{t}"))?;
    }
    out::written("next", out.flush())
}

/// Answers one `--jsonl` line, with the description in `describe` when it is given.
fn next_line(line: Line<'_>, clock: DateTime<Utc>, describe: Option<Lang>) -> (String, bool) {
    let result = line
        .map_err(|fault| fault.to_api_error())
        .and_then(|text| {
            serde_json::from_str::<Query>(text).map_err(|e| invalid(format!("input line: {e}")))
        })
        .and_then(|q| answer(&q, clock, describe));
    match result {
        Ok((Some(description), next)) => (to_json(&Described { description, next }), true),
        Ok((None, next)) => (to_json(&Answer::Next(next)), true),
        Err(err) => (to_json(&Answer::Error(err)), false),
    }
}

/// The JSON text of an answer made of strings and numbers only, which always serializes.
pub(crate) fn to_json(answer: &impl Serialize) -> String {
    match serde_json::to_string(answer) {
        Ok(text) => text,
        Err(e) => {
            debug_assert!(
                false,
                "an answer of strings and numbers failed to serialize: {e}"
            );
            let detail = serde_json::Value::String(e.to_string());
            format!(r#"{{"error":{{"Code":"InternalError","Detail":{detail}}}}}"#)
        }
    }
}
