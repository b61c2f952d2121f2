//! `runcommand next [--after RFC3339] [--count N] [--zone ZONE] [--timeout SECS]
//! [--dst quartz|vixie] FREQUENCY`, and `runcommand next --jsonl`.

use std::io::{BufRead, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use clap::Args;
use ecs_runcommand::schedule::{DstPolicy, Frequency, Zone};
use ecs_runcommand::{ApiError, ErrorCode};
use serde::{Deserialize, Serialize};

use crate::ErrorBody;

/// The most fire times one call prints.
const MAX_COUNT: u64 = 100_000;

/// Arguments of `runcommand next`.
#[derive(Debug, Args)]
pub(crate) struct NextArgs {
    /// Fire times after this instant (RFC 3339); also the `now` of validation and the creation
    /// time of a rate. Default: the system clock.
    #[arg(long)]
    after: Option<String>,
    /// How many fire times to print.
    #[arg(long, default_value_t = 5)]
    count: u64,
    /// The instance's time zone, for a cron expression without one.
    #[arg(long, default_value = "UTC")]
    zone: String,
    /// The request's Timeout in seconds.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
    /// Daylight-saving policy: quartz or vixie.
    #[arg(long, default_value = "quartz")]
    dst: String,
    /// Read one JSON object per line from stdin; write one result line per input line.
    #[arg(long)]
    jsonl: bool,
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

/// Validates the Frequency and lists its fire times.
fn answer(q: &Query, clock: DateTime<Utc>) -> Result<Vec<String>, ApiError> {
    let after = match &q.after {
        Some(text) => DateTime::parse_from_rfc3339(text)
            .map_err(|e| invalid(format!("after: `{text}` is not an RFC 3339 time: {e}")))?
            .with_timezone(&Utc),
        None => clock,
    };
    let count = q.count.unwrap_or(5);
    if count > MAX_COUNT {
        return Err(invalid(format!("count: {count} is more than {MAX_COUNT}")));
    }
    let zone: Zone = match &q.zone {
        Some(text) => text.parse().map_err(|e| invalid(format!("zone: {e}")))?,
        None => Zone::Utc,
    };
    let timeout = q.timeout.unwrap_or(60);
    let timeout = match u32::try_from(timeout) {
        Ok(t) if (10..=86_400).contains(&t) => t,
        _ => {
            return Err(ApiError::new(
                ErrorCode::InvalidTimeoutExceedLimit,
                format!("timeout: {timeout} is out of range 10-86400"),
            ));
        }
    };
    let dst: DstPolicy = match q.dst.as_deref() {
        None => DstPolicy::Quartz,
        Some(text) => text
            .parse()
            .map_err(|()| invalid(format!("dst: `{text}` is not quartz or vixie")))?,
    };
    let frequency = Frequency::parse(&q.frequency)?;
    frequency.validate(after, timeout, Some(&zone))?;
    let schedule = frequency.schedule(after, &zone, dst);
    Ok(schedule
        .iter_after(after)
        .take(usize::try_from(count).unwrap_or(usize::MAX))
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .collect())
}

/// One output line of `--jsonl`: fire times or an error.
#[derive(Debug, Serialize)]
enum Line {
    #[serde(rename = "next")]
    Next(Vec<String>),
    #[serde(rename = "error")]
    Error(ErrorBody),
}

pub(crate) fn run(args: NextArgs) -> i32 {
    let clock = crate::system_now();
    if args.jsonl {
        return run_jsonl(clock);
    }
    let Some(frequency) = args.frequency else {
        eprintln!("runcommand next: a FREQUENCY is required");
        return 2;
    };
    let query = Query {
        frequency,
        after: args.after,
        count: Some(args.count),
        zone: Some(args.zone),
        timeout: Some(args.timeout),
        dst: Some(args.dst),
    };
    match answer(&query, clock) {
        Ok(times) => {
            let mut out = std::io::stdout().lock();
            for t in times {
                if writeln!(out, "{t}").is_err() {
                    return 1;
                }
            }
            0
        }
        Err(err) if err.code() == ErrorCode::InvalidParamFrequency => {
            match serde_json::to_string(&ErrorBody::from(&err)) {
                Ok(text) => println!("{text}"),
                Err(_) => return 2,
            }
            1
        }
        Err(err) => {
            eprintln!("runcommand next: {}", err.detail());
            2
        }
    }
}

fn run_jsonl(clock: DateTime<Utc>) -> i32 {
    let stdin = std::io::stdin().lock();
    let mut out = std::io::stdout().lock();
    for line in stdin.split(b'\n') {
        let Ok(line) = line else { return 2 };
        let line = String::from_utf8_lossy(&line);
        if line.trim().is_empty() {
            continue;
        }
        let result = serde_json::from_str::<Query>(&line)
            .map_err(|e| invalid(format!("input line: {e}")))
            .and_then(|q| answer(&q, clock));
        let line = match result {
            Ok(times) => Line::Next(times),
            Err(err) => Line::Error(ErrorBody::from(&err)),
        };
        let Ok(text) = serde_json::to_string(&line) else {
            return 2;
        };
        if writeln!(out, "{text}").is_err() {
            return 2;
        }
    }
    0
}
