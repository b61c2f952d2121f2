//! Runs every signature test vector of `spec/cases/auth.jsonl`.
//!
//! Each case holds its keys, its `now`, the request and the expected answer: on success the
//! AccessKeyId, the scheme, the action and every signed parameter; on failure the status, code,
//! message and detail. `again` is the answer to the same request sent a second time (with the
//! same nonce memory).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use ecs_runcommand::ApiError;
use ecs_runcommand::auth::{HttpRequest, MemoryNonceStore, Options, verify};
use serde_json::{Value, json};

fn answer(
    request: &HttpRequest<'_>,
    now: DateTime<Utc>,
    keys: &HashMap<String, String>,
    store: &mut MemoryNonceStore,
    options: &Options,
) -> Value {
    match verify(request, now, keys, store, options) {
        Ok(ok) => {
            let mut value = json!({
                "ok": true,
                "AccessKeyId": ok.access_key_id(),
                "Version": ok.scheme().as_str(),
                "params": ok.params().map(|(n, v)| [n, v]).collect::<Vec<_>>(),
            });
            if let Some(action) = ok.action() {
                value["Action"] = json!(action);
            }
            value
        }
        Err(err) => {
            let api = ApiError::from(err);
            json!({
                "ok": false,
                "HttpStatus": api.http_status(),
                "Code": api.code().as_str(),
                "Message": api.message(),
                "Detail": api.detail(),
            })
        }
    }
}

#[test]
fn auth_cases() {
    let text = include_str!("../spec/cases/auth.jsonl");
    let mut names = HashSet::new();
    let mut count = 0;
    let mut failures = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let case: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", n + 1));
        let name = case["name"].as_str().unwrap();
        assert!(names.insert(name.to_owned()), "{name} twice");
        assert!(
            !case["source"].as_str().unwrap().is_empty(),
            "{name}: no source"
        );
        let keys: HashMap<String, String> = serde_json::from_value(case["keys"].clone()).unwrap();
        let now: DateTime<Utc> = case["now"].as_str().unwrap().parse().unwrap();
        let options = match case.get("max_skew") {
            Some(secs) => Options::default().with_max_skew_secs(secs.as_u64().unwrap() as u32),
            None => Options::default(),
        };
        let r = &case["request"];
        let headers: Vec<(&str, &str)> = r["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h[0].as_str().unwrap(), h[1].as_str().unwrap()))
            .collect();
        let request = HttpRequest {
            method: r["method"].as_str().unwrap(),
            path: r["path"].as_str().unwrap(),
            query: r["query"].as_str().unwrap().as_bytes(),
            headers: &headers,
            body: r.get("body").map_or("", |b| b.as_str().unwrap()).as_bytes(),
        };
        let mut store = MemoryNonceStore::new(16);
        let got = answer(&request, now, &keys, &mut store, &options);
        if got != case["expect"] {
            failures.push(format!(
                "{name}\n  expected {}\n  got      {got}",
                case["expect"]
            ));
        }
        if let Some(again) = case.get("again") {
            let got = answer(&request, now, &keys, &mut store, &options);
            if &got != again {
                failures.push(format!(
                    "{name} (again)\n  expected {again}\n  got      {got}"
                ));
            }
        }
        count += 1;
    }
    assert!(count >= 50, "only {count} cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
