//! Runs every conformance case of `spec/cases/request*.jsonl`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use chrono::{DateTime, Utc};
use ecs_runcommand::request::{Input, check};
use serde_json::Value;

fn now() -> DateTime<Utc> {
    "2025-01-01T00:00:00Z".parse().unwrap()
}

#[test]
fn request_cases() {
    let text = include_str!("../spec/cases/request.jsonl");
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        count += 1;
        let case: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", n + 1));
        let source = case["source"].as_str().expect("source");
        let request_text;
        let input = match (&case["query"], &case["request"]) {
            (Value::String(q), Value::Null) => Input::Query(q.as_bytes()),
            (Value::Null, r @ Value::Object(_)) => {
                request_text = r.to_string();
                Input::Json(&request_text)
            }
            _ => panic!("line {}: needs query or request", n + 1),
        };
        let result = check(input, now());
        let want_ok = case["ok"].as_bool().expect("ok");
        match (want_ok, result) {
            (true, Ok(request)) => {
                if let Some(expect) = case["expect"].as_object() {
                    let got = serde_json::to_value(&request).unwrap();
                    for (k, v) in expect {
                        if got.get(k) != Some(v) {
                            failures.push(format!(
                                "line {} ({source}): {k} = {:?}, want {v}",
                                n + 1,
                                got.get(k)
                            ));
                        }
                    }
                }
            }
            (true, Err(e)) => {
                failures.push(format!("line {} ({source}): rejected with {e}", n + 1))
            }
            (false, Ok(_)) => failures.push(format!("line {} ({source}): accepted", n + 1)),
            (false, Err(e)) => {
                let code = case["code"].as_str().expect("code");
                let status = case["status"].as_u64().expect("status");
                if e.code().as_str() != code || u64::from(e.http_status()) != status {
                    failures.push(format!(
                        "line {} ({source}): got {} {} ({}), want {status} {code}",
                        n + 1,
                        e.http_status(),
                        e.code().as_str(),
                        e.detail()
                    ));
                }
            }
        }
    }
    assert!(count > 100, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
