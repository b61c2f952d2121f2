//! Property tests of the request layer.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use ecs_runcommand::{ApiError, CheckedRequest, DateTime, RawRequest, Utc};
use proptest::prelude::*;

fn now() -> DateTime<Utc> {
    "2025-01-01T00:00:00Z".parse().unwrap()
}

#[path = "support/sdk.rs"]
mod sdk;
use sdk::encode_component;

fn check(query: &str) -> Result<CheckedRequest, ApiError> {
    RawRequest::from_query(query.as_bytes()).and_then(|raw| ecs_runcommand::check(raw, now()))
}

fn check_json(json: &str) -> Result<CheckedRequest, ApiError> {
    RawRequest::from_json(json).and_then(|raw| ecs_runcommand::check(raw, now()))
}

/// A request assembled from valid parts, as (name, value) pairs.
#[derive(Debug, Clone)]
struct Parts(Vec<(String, String)>);

impl Parts {
    fn query(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
    fn set(&mut self, key: &str, value: &str) {
        self.0.retain(|(k, _)| k != key);
        self.0.push((key.to_owned(), value.to_owned()));
    }
}

fn valid_parts() -> impl Strategy<Value = Parts> {
    let head = (
        "[a-z]{2}-[a-z]{3,9}",
        prop::sample::select(vec![
            "RunShellScript",
            "RunBatScript",
            "RunPowerShellScript",
        ]),
        "[ -~]{1,300}",
        // Names without a blank or a path separator: those get a warning.
        prop::option::of("[^\\p{Cc} /\\\\]{1,128}"),
        prop::option::of("[^\\p{Cc}]{1,60}"),
        prop::option::of(prop::sample::select(vec!["0 */20 * * * ?", "rate(5m)"])),
        10u32..=86_400,
        any::<bool>(),
        prop::collection::btree_set("[a-z0-9]{1,12}", 1..=5),
    );
    let tail = (
        prop::collection::btree_map(
            "k[a-z0-9]{0,10}",
            prop::option::of("[a-z0-9 ]{0,20}"),
            0..=3,
        ),
        prop::option::of("/[a-z/]{0,50}"),
        prop::option::of("[!-~]{1,64}"),
        prop::option::of(prop::sample::select(vec!["Process", "ProcessTree"])),
        0usize..=4,
        any::<bool>(),
    );
    (head, tail).prop_map(
        |(
            (region, ty, content, name, description, frequency, timeout, keep, ids),
            (tags, dir, token, mode, n_params, base64),
        )| {
            let mut p = Vec::new();
            let mut push = |k: &str, v: &str| p.push((k.to_owned(), v.to_owned()));
            push("RegionId", &region);
            push("Type", ty);
            let mut content = content.replace("{{", "{");
            if n_params > 0 {
                push("EnableParameter", "true");
                let mut params = Vec::new();
                for i in 0..n_params {
                    content.push_str(&format!(" {{{{p{i}}}}}"));
                    params.push(format!("\"p{i}\":\"v{i} \\\"q\\\"\""));
                }
                push("Parameters", &format!("{{{}}}", params.join(",")));
            }
            if base64 {
                use base64::Engine as _;
                push("ContentEncoding", "Base64");
                push(
                    "CommandContent",
                    &base64::engine::general_purpose::STANDARD.encode(&content),
                );
            } else {
                push("CommandContent", &content);
            }
            if let Some(name) = name {
                push("Name", &name);
            }
            if let Some(d) = description {
                push("Description", &d);
            }
            match frequency {
                Some(f) => {
                    push("Frequency", f);
                    push("Timeout", &(10 + timeout % 290).to_string());
                }
                None => push("Timeout", &timeout.to_string()),
            }
            push("KeepCommand", if keep { "True" } else { "False" });
            for (i, id) in ids.iter().enumerate() {
                push(&format!("InstanceId.{}", i + 1), &format!("i-{id}"));
            }
            for (i, (k, v)) in tags.iter().enumerate() {
                push(&format!("Tag.{}.Key", i + 1), k);
                if let Some(v) = v {
                    push(&format!("Tag.{}.Value", i + 1), v);
                }
            }
            if let Some(dir) = dir {
                push("WorkingDir", &dir);
            }
            if let Some(token) = token {
                push("ClientToken", &token);
            }
            if let Some(mode) = mode {
                push("TerminationMode", mode);
            }
            Parts(p)
        },
    )
}

fn accept(query: &str) -> CheckedRequest {
    check(query).unwrap_or_else(|e| panic!("{query}: {e}"))
}

/// One rule broken: the mutation and the code it must give.
fn violations() -> Vec<(&'static str, &'static str, String)> {
    vec![
        ("Name", "CmdName.ExceedLimit", "n".repeat(129)),
        (
            "Name",
            "InvalidParameterCharacter.CommandName",
            "a\u{7f}".to_owned(),
        ),
        ("Description", "CmdDesc.ExceedLimit", "d".repeat(513)),
        ("Type", "InvalidCmdType.NotFound", "RunPerl".to_owned()),
        ("WorkingDir", "InvalidParameter.WorkingDir", "w".repeat(201)),
        ("Timeout", "InvalidTimeout.ExceedLimit", "86401".to_owned()),
        (
            "EnableParameter",
            "InvalidParameter.EnableParameter",
            "on".to_owned(),
        ),
        (
            "RepeatMode",
            "InvalidRepeatMode.NotFound",
            "Twice".to_owned(),
        ),
        (
            "KeepCommand",
            "InvalidParameter.KeepCommand",
            "no".to_owned(),
        ),
        ("Username", "Username.ExceedLimit", "u".repeat(256)),
        (
            "WindowsPasswordName",
            "WindowsPasswordName.ExceedLimit",
            "p".repeat(256),
        ),
        (
            "InstanceId.101",
            "InstanceIds.ExceedLimit",
            "i-a".to_owned(),
        ),
        ("Tag.21.Key", "NumberExceed.Tags", "k".to_owned()),
        (
            "Tag.20.Key",
            "InvalidTagKey.Malformed",
            "aliyun-x".to_owned(),
        ),
        (
            "ContainerId",
            "InvalidContainerId.Malformed",
            "xyz".to_owned(),
        ),
        (
            "ClientToken",
            "InvalidClientToken.Malformed",
            "é".to_owned(),
        ),
        (
            "ResourceTag.1.Key",
            "InvalidResourceTag.ConflictWithInstanceIds",
            "k".to_owned(),
        ),
        (
            "TerminationMode",
            "InvalidTerminationMode.NotFound",
            "All".to_owned(),
        ),
        (
            "Launcher",
            "InvalidLauncher.LengthLimitExceeded",
            "l".repeat(1025),
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn prop_valid_parts_accepted(parts in valid_parts()) {
        let mut parts = parts;
        // A Windows command with a user other than System would need WindowsPasswordName:
        // valid parts never set Username, so they are accepted on every Type.
        parts.0.retain(|(k, _)| k != "Username");
        let request = accept(&parts.query());
        prop_assert_eq!(request.warnings().len(), 0);
    }

    #[test]
    fn prop_round_trip_sdk_query_and_json(parts in valid_parts()) {
        let request = accept(&parts.query());
        let again = accept(&request.to_query());
        prop_assert_eq!(&again, &request);
        let json = serde_json::to_string(&request).unwrap();
        let from_json = check_json(&json).unwrap();
        prop_assert_eq!(&from_json, &request);
    }

    #[test]
    fn prop_single_violation_rejected_with_its_code(parts in valid_parts(), pick in 0usize..19) {
        let (key, code, value) = violations().swap_remove(pick);
        let mut parts = parts;
        parts.set(key, &value);
        let err = check(&parts.query()).unwrap_err();
        prop_assert_eq!(err.code().as_str(), code, "{}", err);
    }
}
