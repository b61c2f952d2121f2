//! The request pipeline against the answers of the code it replaced.
//!
//! `tests/corpus/requests.jsonl` holds 4,135 requests (every request case of `spec/` at the
//! time, the shipped example, and seeded random requests from `spec/tools/pipeline_corpus.py`)
//! with the answer `runcommand check` gave at commit 52d2a1b, before the rewrite. Every request
//! accepted then is accepted now with the same normalized request and the same warnings (new
//! warnings about what the instance will do may be added); every request rejected then is
//! rejected now with the same code. The only differences allowed are the corrections of the
//! rewrite, each recognised from the input:
//!
//! - a required parameter that is only blanks is missing (`MissingParameter.*`);
//! - an empty `InstanceId.N` is absent, and an id that cannot name an instance is
//!   `InvalidInstance.NotFound`, where both were `InvalidParameter.InstanceId`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use ecs_runcommand::{DateTime, RawRequest, Utc, check};
use serde_json::Value;

const CORPUS: &str = include_str!("corpus/requests.jsonl");

/// Warnings the rewrite added: about what the instance will do with a request.
const NEW_WARNINGS: [&str; 4] = [
    "Parameters: the value of `",
    "CommandContent: the script is ",
    "Name: `",
    "Launcher: does not take effect in a container",
];

/// The input's parameters, decoded by a plain reading (for telling corrections apart).
fn params(case: &Value) -> Vec<(String, String)> {
    match (&case["query"], &case["request"]) {
        (Value::String(q), _) => form_urlencoded::parse(q.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        (_, Value::Object(map)) => map
            .iter()
            .flat_map(|(k, v)| match v {
                Value::String(s) => vec![(k.clone(), s.clone())],
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        (
                            format!("{k}.{}", i + 1),
                            item.as_str().unwrap_or("").to_owned(),
                        )
                    })
                    .collect(),
                other => vec![(k.clone(), other.to_string())],
            })
            .collect(),
        _ => panic!("a corpus line needs `query` or `request`"),
    }
}

/// Why a different answer is one of the rewrite's corrections, if it is.
fn correction(
    case: &Value,
    old_code: Option<&str>,
    new_code: Option<&str>,
) -> Option<&'static str> {
    let params = params(case);
    let blank_required = ["RegionId", "Type", "CommandContent"].iter().any(|name| {
        params
            .iter()
            .any(|(k, v)| k == name && !v.is_empty() && v.trim().is_empty())
    });
    if blank_required && new_code.is_some_and(|c| c.starts_with("MissingParameter.")) {
        return Some("a required parameter of blanks is missing");
    }
    if old_code == Some("InvalidParameter.InstanceId") {
        let empty_item = params
            .iter()
            .any(|(k, v)| k.starts_with("InstanceId") && v.is_empty());
        if new_code == Some("InvalidInstance.NotFound") {
            return Some("an id that cannot name an instance");
        }
        if empty_item {
            return Some("an empty InstanceId.N is absent");
        }
    }
    None
}

#[test]
fn every_answer_of_the_replaced_code_is_kept_or_corrected() {
    let now: DateTime<Utc> = "2025-01-01T00:00:00Z".parse().unwrap();
    let mut failures = Vec::new();
    let mut corrected = std::collections::BTreeMap::<&str, usize>::new();
    let mut accepted = 0;
    let mut lines = 0;
    for (n, line) in CORPUS.lines().enumerate() {
        lines += 1;
        let case: Value = serde_json::from_str(line).unwrap();
        let answer = &case["answer"];
        let json_text;
        let raw = match (&case["query"], &case["request"]) {
            (Value::String(q), _) => RawRequest::from_query(q.as_bytes()),
            (_, r) => {
                json_text = r.to_string();
                RawRequest::from_json(&json_text)
            }
        };
        let result = raw.and_then(|raw| check(raw, now));
        let old_code = answer["Code"].as_str().filter(|_| answer["ok"] == false);
        let new_code = result.as_ref().err().map(|e| e.code().as_str());
        match (&result, old_code) {
            (Ok(request), None) => {
                accepted += 1;
                let got = serde_json::to_value(request).unwrap();
                if got != answer["request"] {
                    failures.push(format!(
                        "line {}: request {got}\n  was {}",
                        n + 1,
                        answer["request"]
                    ));
                }
                let warnings: Vec<String> = request
                    .warnings()
                    .iter()
                    .map(ToString::to_string)
                    .filter(|w| !NEW_WARNINGS.iter().any(|new| w.starts_with(new)))
                    .collect();
                let was: Vec<String> = answer["warnings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|w| w.as_str().unwrap().to_owned())
                    .collect();
                if warnings != was {
                    failures.push(format!(
                        "line {}: warnings {warnings:?}\n  were {was:?}",
                        n + 1
                    ));
                }
            }
            (Err(_), Some(old)) if new_code == Some(old) => {}
            _ => match correction(&case, old_code, new_code) {
                Some(why) => *corrected.entry(why).or_default() += 1,
                None => failures.push(format!(
                    "line {}: now {:?}, was {:?}",
                    n + 1,
                    new_code.unwrap_or("accepted"),
                    old_code.unwrap_or("accepted")
                )),
            },
        }
    }
    assert_eq!(lines, 4135);
    // The corpus meets each correction (so this test tells them apart from regressions).
    for why in [
        "a required parameter of blanks is missing",
        "an id that cannot name an instance",
        "an empty InstanceId.N is absent",
    ] {
        assert!(
            corrected.get(why).is_some_and(|&n| n > 0),
            "{why}: {corrected:?}"
        );
    }
    assert!(accepted > 1500, "only {accepted} accepted");
    assert!(
        failures.is_empty(),
        "{} answers changed (corrections: {corrected:?}):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
