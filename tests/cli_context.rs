//! `runcommand check --context FILE` and `render --context FILE` (issue 12): the exact output
//! and exit status, with and without `--jsonl`, and a snapshot that cannot be read.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

#[path = "support/cli.rs"]
mod cli;
use cli::runcommand;

const NOW: &str = "2030-01-01T00:00:00Z";
const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/examples/context.json");
const REQUEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/examples/request.txt");
const INSTANCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/examples/instance.json");

/// A file of this test's own (tests run in parallel).
fn file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "runcommand-cli-context-{}-{name}",
        std::process::id()
    ));
    std::fs::write(&path, text).unwrap();
    path
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn ok_check_context_the_shipped_example() {
    let (status, out, err) =
        runcommand(&["check", "--now", NOW, "--context", EXAMPLE, REQUEST], "");
    assert_eq!((status, err.as_str()), (0, ""));
    let answer = json(&out);
    assert_eq!(answer["ok"], true);
    // The token of the example names this request, done: a repeat, accepted again.
    assert_eq!(
        answer["Fingerprint"],
        "a2b99571bebca33320a20999a9c15d82933d649309b1a2621f90833da04d27b8"
    );
    let warnings: Vec<&str> = answer["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(
        warnings[warnings.len() - 1],
        "InstanceId: i-bp185dy2o3o6neg3c4d runs Cloud Assistant Agent 2.2.3.300; a custom parameter \
         needs 2.2.3.309 on Linux: that instance answers ClientNeedUpgrade"
    );
    // The keys, in the contract's order.
    assert!(
        out.starts_with(r#"{"ok":true,"Fingerprint":"a2b99571"#),
        "{out}"
    );
    let request = out.find(r#","request":{"#).unwrap();
    assert!(request < out.find(r#","warnings":["#).unwrap());
}

#[test]
fn ok_check_context_idempotent_repeat_and_mismatch() {
    let query = "RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=ls&InstanceId.1=i-bp185dy2o3o6neg1a2b&ClientToken=tok-1";
    let (_, out, _) = runcommand(&["check", "--now", NOW], query);
    let fingerprint = json(&out)["Fingerprint"].as_str().unwrap().to_owned();
    let same = file(
        "same.json",
        &format!(
            r#"{{"ClientTokens": [{{"ClientToken": "tok-1", "Fingerprint": "{fingerprint}"}}], "Regions": []}}"#
        ),
    );
    let (status, out, _) = runcommand(
        &["check", "--now", NOW, "--context", same.to_str().unwrap()],
        query,
    );
    assert_eq!(status, 0, "{out}");
    assert_eq!(
        json(&out)["warnings"][0],
        "ClientToken: `tok-1` names an earlier request with the same Fingerprint: this is a repeat of it, accepted again"
    );
    let other = file(
        "other.json",
        &format!(
            r#"{{"ClientTokens": [{{"ClientToken": "tok-1", "Fingerprint": "{}"}}], "Regions": []}}"#,
            "f".repeat(64)
        ),
    );
    let (status, out, _) = runcommand(
        &[
            "check",
            "--now",
            NOW,
            "--all",
            "--context",
            other.to_str().unwrap(),
        ],
        query,
    );
    assert_eq!(status, 1);
    let answer = json(&out);
    assert_eq!(
        (answer["HttpStatus"].as_u64(), answer["Code"].as_str()),
        (Some(403), Some("IdempotentParameterMismatch"))
    );
    let codes: Vec<&str> = answer["Errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["Code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["IdempotentParameterMismatch", "InvalidRegionId.NotFound"]
    );
    let _ = std::fs::remove_file(same);
    let _ = std::fs::remove_file(other);
}

#[test]
fn err_render_context_client_need_upgrade() {
    let old = file(
        "old.json",
        r#"{"ClientTokens": [], "Instances": [{"InstanceId": "i-bp185dy2o3o6neg1a2b", "AgentVersion": "2.2.3.281"},
            {"InstanceId": "i-bp185dy2o3o6neg3c4d"}]}"#,
    );
    let (status, out, err) = runcommand(
        &[
            "render",
            "--now",
            NOW,
            "--context",
            old.to_str().unwrap(),
            "--instance",
            INSTANCE,
            REQUEST,
        ],
        "",
    );
    assert_eq!((status, err.as_str()), (1, ""));
    assert_eq!(
        out,
        "{\"ok\":false,\"HttpStatus\":400,\"Code\":\"ClientNeedUpgrade\",\"Message\":\"The Cloud Assistant Agent on the \
         instance must be upgraded to run this task.\",\"Detail\":\"InstanceId: i-bp185dy2o3o6neg1a2b runs Cloud \
         Assistant Agent 2.2.3.281; a custom parameter needs 2.2.3.309 or later on Linux\"}\n"
    );
    let _ = std::fs::remove_file(old);
}

#[test]
fn ok_jsonl_with_context_answers_each_line() {
    let lines = concat!(
        r#"{"query":"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=ls&InstanceId.1=i-bp185dy2o3o6neg1a2b"}"#,
        "\n",
        r#"{"query":"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=ls&InstanceId.1=i-bp185dy2o3o6neg5e6f"}"#,
        "\n",
        r#"{"request":{"RegionId":"cn-hangzhou","Type":"RunShellScript","CommandContent":"echo {{ACS::InstanceName}}","EnableParameter":true,"ResourceTag":[{"Key":"team","Value":"ops"}]},"builtins":{"InstanceId":"i-bp185dy2o3o6neg1a2b","InvokeId":"t-1"}}"#,
        "\n",
    );
    let (status, out, _) = runcommand(
        &["check", "--now", NOW, "--context", EXAMPLE, "--jsonl"],
        "",
    );
    assert_eq!((status, out.as_str()), (0, ""));
    let check_lines: String = lines.lines().take(2).map(|l| format!("{l}\n")).collect();
    let (status, out, _) = runcommand(
        &["check", "--now", NOW, "--context", EXAMPLE, "--jsonl"],
        &check_lines,
    );
    assert_eq!(status, 1);
    let answers: Vec<serde_json::Value> = out.lines().map(json).collect();
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[0]["ok"], true);
    assert_eq!(
        (answers[1]["Code"].as_str(), answers[1]["Detail"].as_str()),
        (
            Some("InvalidInstance.NotMatch"),
            Some("InstanceId: i-bp185dy2o3o6neg5e6f is Stopped, not Running")
        )
    );
    let render_line = lines.lines().nth(2).unwrap();
    let (status, out, _) = runcommand(
        &["render", "--now", NOW, "--context", EXAMPLE, "--jsonl"],
        render_line,
    );
    assert_eq!(status, 0, "{out}");
    assert_eq!(json(&out)["content"], "echo web-01");
}

#[test]
fn err_a_snapshot_that_cannot_be_read_is_a_usage_error() {
    for (name, text, message) in [
        (
            "unknown.json",
            r#"{"Instance": []}"#,
            "unknown field `Instance`",
        ),
        (
            "os.json",
            r#"{"Instances": [{"InstanceId": "i-a", "OSType": "BeOS"}]}"#,
            "unknown variant `BeOS`",
        ),
        (
            "twice.json",
            r#"{"Regions": [{"RegionId": "r"}, {"RegionId": "r"}]}"#,
            "Regions[1]: `r` is listed twice (first at Regions[0])",
        ),
        (
            "version.json",
            r#"{"Instances": [{"InstanceId": "i-a", "AgentVersion": "2.2.x"}]}"#,
            "`2.2.x` is not an agent version",
        ),
        (
            "deep.json",
            &format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
            "invalid type: sequence, expected a string at line 1 column 3",
        ),
    ] {
        let path = file(name, text);
        let (status, out, err) = runcommand(
            &[
                "check",
                "--now",
                NOW,
                "--context",
                path.to_str().unwrap(),
                REQUEST,
            ],
            "",
        );
        assert_eq!((status, out.as_str()), (2, ""), "{name}");
        assert!(err.starts_with("runcommand check: `"), "{name}: {err}");
        assert!(err.contains(message), "{name}: {err}");
        let _ = std::fs::remove_file(path);
    }
    let (status, _, err) = runcommand(
        &[
            "render",
            "--context",
            "/nonexistent/context.json",
            "--jsonl",
        ],
        "",
    );
    assert_eq!(status, 2);
    assert!(
        err.starts_with("runcommand render: cannot read `/nonexistent/context.json`"),
        "{err}"
    );
}
