//! Runs every Frequency case of `spec/cases/frequency.jsonl` through the library.
//!
//! Each line is one case: `frequency`, `now` (also the creation time of a rate and the instant
//! fire times are listed after), optional `timeout` (default 60), `zone` (the instance's zone;
//! absent means unknown for validation and UTC for fire times) and `dst`; then either
//! `"ok": true` with the exact `next` fire times, or `"ok": false` with `code`, `kind`, `offset`
//! and the exact `detail`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{DateTime, SecondsFormat, Utc};
use ecs_runcommand::ApiError;
use ecs_runcommand::schedule::{DstPolicy, Frequency, Zone};
use serde_json::Value;

const CASES: &str = include_str!("../spec/cases/frequency.jsonl");
const EXPECTED_FAILURES: &str = include_str!("../spec/expected-failures.txt");

fn run_case(case: &Value) -> Result<(), String> {
    let text = case["frequency"].as_str().unwrap();
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339(case["now"].as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc);
    let timeout = case.get("timeout").and_then(Value::as_u64).unwrap_or(60) as u32;
    let zone: Option<Zone> = case
        .get("zone")
        .map(|z| z.as_str().unwrap().parse().unwrap());
    let dst: DstPolicy = case
        .get("dst")
        .map_or(DstPolicy::Quartz, |d| d.as_str().unwrap().parse().unwrap());
    let result = Frequency::parse(text).and_then(|f| {
        f.validate(now, timeout, zone.as_ref())?;
        Ok(f)
    });
    match (case["ok"].as_bool().unwrap(), result) {
        (true, Ok(f)) => {
            let expected: Vec<&str> = case["next"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            let schedule = f.schedule(now, &zone.unwrap_or(Zone::Utc), dst);
            let got: Vec<String> = schedule
                .iter_after(now)
                .take(expected.len() + 1)
                .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
                .collect();
            // The case lists every fire time when it lists fewer than were asked for.
            let got = &got[..expected.len().min(got.len())];
            if got != expected.as_slice() {
                return Err(format!("fire times {got:?}, expected {expected:?}"));
            }
            let again = Frequency::parse(&f.to_string()).map_err(|e| e.to_string())?;
            if again != f {
                return Err(format!(
                    "canonical form `{f}` does not parse back to the same value"
                ));
            }
            Ok(())
        }
        (true, Err(e)) => Err(format!("rejected: {e}")),
        (false, Ok(f)) => Err(format!("accepted as `{f}`")),
        (false, Err(e)) => {
            let kind = format!("{:?}", e.kind());
            let kind = kind.split([' ', '{', '(']).next().unwrap();
            let api = ApiError::from(e.clone());
            let checks = [
                (api.code().as_str(), case["code"].as_str().unwrap()),
                (kind, case["kind"].as_str().unwrap()),
                (api.detail(), case["detail"].as_str().unwrap()),
            ];
            for (got, want) in checks {
                if got != want {
                    return Err(format!("got `{got}`, expected `{want}`"));
                }
            }
            if e.offset() as u64 != case["offset"].as_u64().unwrap() {
                return Err(format!(
                    "offset {}, expected {}",
                    e.offset(),
                    case["offset"]
                ));
            }
            Ok(())
        }
    }
}

#[test]
fn frequency_cases() {
    let expected_failures: Vec<&str> = EXPECTED_FAILURES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    let mut failures = Vec::new();
    let mut count = 0;
    for (i, line) in CASES.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        count += 1;
        let id = format!("frequency.jsonl:{}", i + 1);
        let case: Value = serde_json::from_str(line).unwrap();
        let listed = expected_failures.contains(&id.as_str());
        match (run_case(&case), listed) {
            (Ok(()), false) | (Err(_), true) => {}
            (Ok(()), true) => failures.push(format!(
                "{id}: passes but is listed in expected-failures.txt"
            )),
            (Err(why), false) => failures.push(format!("{id} `{}`: {why}", case["frequency"])),
        }
    }
    assert!(count >= 90, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
