//! The `runcommand verify --jsonl` contract: exact answer lines, replays within a run, exit
//! statuses. The requests are test vectors of `spec/cases/auth.jsonl`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use serde_json::Value;

#[path = "support/cli.rs"]
mod cli;
use cli::runcommand;

/// The request of the vector `name`, as one input line.
fn vector(name: &str) -> String {
    include_str!("../spec/cases/auth.jsonl")
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .find(|case| case["name"] == name)
        .map(|case| case["request"].to_string())
        .unwrap_or_else(|| panic!("no vector {name}"))
}

/// The keys file of one test (tests run in parallel: each has its own file).
fn keys_file(test: &str) -> tempfile_path::Path {
    tempfile_path::Path::new(
        &format!("{test}-keys"),
        r#"{"testid": "testsecret", "YourAccessKeyId": "YourAccessKeySecret"}"#,
    )
}

/// A file in the target directory, removed when dropped.
mod tempfile_path {
    pub(crate) struct Path(std::path::PathBuf);

    impl Path {
        pub(crate) fn new(name: &str, contents: &str) -> Path {
            let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
            let path = dir.join(format!("auth-cli-{}-{name}", std::process::id()));
            std::fs::write(&path, contents).unwrap();
            Path(path)
        }

        pub(crate) fn as_str(&self) -> &str {
            self.0.to_str().unwrap()
        }
    }

    impl Drop for Path {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

const NOW: &str = "2030-01-01T00:00:00Z";

#[test]
fn ok_every_line_accepted_exits_0() {
    let keys = keys_file("ok_every_line_accepted_exits_0");
    let input = format!("{}\n{}\n", vector("v1/get/query"), vector("v3/get"));
    let (code, out, err) = runcommand(
        &["verify", "--keys", keys.as_str(), "--now", NOW, "--jsonl"],
        &input,
    );
    assert_eq!(err, "");
    assert_eq!(
        out,
        "{\"ok\":true,\"AccessKeyId\":\"testid\",\"Version\":\"V1\"}\n\
         {\"ok\":true,\"AccessKeyId\":\"testid\",\"Version\":\"V3\"}\n"
    );
    assert_eq!(code, 0);
}

#[test]
fn err_replay_within_a_run_and_bad_lines_exit_1() {
    let keys = keys_file("err_replay_within_a_run_and_bad_lines_exit_1");
    let line = vector("v1/get/query");
    let input = format!("{line}\n{line}\nnot json\r\n{{\"method\": \"POST\"}}\n\n{line}");
    let (code, out, _) = runcommand(
        &["verify", "--keys", keys.as_str(), "--now", NOW, "--jsonl"],
        &input,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "{out}");
    assert_eq!(
        lines[0],
        r#"{"ok":true,"AccessKeyId":"testid","Version":"V1"}"#
    );
    let replay = r#"{"ok":false,"HttpStatus":400,"Code":"SignatureNonceUsed","Message":"Specified signature nonce was used already.","Detail":"SignatureNonce `0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e` was already used within the allowed time window"}"#;
    assert_eq!(lines[1], replay);
    assert_eq!(
        lines[2],
        r#"{"ok":false,"HttpStatus":400,"Code":"InvalidParameter","Message":"The specified parameter is not valid.","Detail":"the line is not a JSON object with method, path, query, headers and an optional body: expected ident at line 1 column 2"}"#
    );
    assert_eq!(
        lines[3],
        r#"{"ok":false,"HttpStatus":400,"Code":"InvalidParameter","Message":"The specified parameter is not valid.","Detail":"the line is not a JSON object with method, path, query, headers and an optional body: missing field `path` at line 1 column 18"}"#
    );
    // A blank line is answered as `check --jsonl` answers it.
    assert_eq!(
        lines[4],
        r#"{"ok":false,"HttpStatus":400,"Code":"InvalidParameter","Message":"The specified parameter is not valid.","Detail":"the line is blank"}"#
    );
    // The last line has no newline: it is still a line, and still a replay.
    assert_eq!(lines[5], replay);
    assert_eq!(code, 1);
}

#[test]
fn ok_answers_each_line_before_reading_the_next() {
    let keys = keys_file("ok_answers_each_line_before_reading_the_next");
    let mut child = Command::new(env!("CARGO_BIN_EXE_runcommand"))
        .args(["verify", "--keys", keys.as_str(), "--now", NOW, "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for (name, expected) in [
        (
            "v1/get/query",
            r#"{"ok":true,"AccessKeyId":"testid","Version":"V1"}"#,
        ),
        (
            "v3/get",
            r#"{"ok":true,"AccessKeyId":"testid","Version":"V3"}"#,
        ),
    ] {
        writeln!(stdin, "{}", vector(name)).unwrap();
        stdin.flush().unwrap();
        // Blocks until the answer is written: the tool must not wait for more input.
        let mut answer = String::new();
        stdout.read_line(&mut answer).unwrap();
        assert_eq!(answer.trim_end(), expected);
    }
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn err_max_skew_option() {
    let keys = keys_file("err_max_skew_option");
    let line = vector("v1/get/query");
    // The vector is signed at 2030-01-01T00:00:00Z: 61 s later is outside a 60 s window.
    let (code, out, _) = runcommand(
        &[
            "verify",
            "--keys",
            keys.as_str(),
            "--now",
            "2030-01-01T00:01:01Z",
            "--max-skew",
            "60",
            "--jsonl",
        ],
        &format!("{line}\n"),
    );
    assert_eq!(
        out,
        "{\"ok\":false,\"HttpStatus\":400,\"Code\":\"InvalidTimeStamp.Expired\",\
         \"Message\":\"Specified time stamp or date value is expired.\",\
         \"Detail\":\"Timestamp 2030-01-01T00:00:00Z is 61 s from now (2030-01-01T00:01:01Z); at most 60 s is allowed\"}\n"
    );
    assert_eq!(code, 1);
    // The default is 900 s.
    let (code, out, _) = runcommand(
        &[
            "verify",
            "--keys",
            keys.as_str(),
            "--now",
            "2030-01-01T00:15:00Z",
            "--jsonl",
        ],
        &format!("{line}\n"),
    );
    assert_eq!(
        out,
        "{\"ok\":true,\"AccessKeyId\":\"testid\",\"Version\":\"V1\"}\n"
    );
    assert_eq!(code, 0);
}

#[test]
fn ok_empty_input_exits_0() {
    let keys = keys_file("ok_empty_input_exits_0");
    let (code, out, _) = runcommand(
        &["verify", "--keys", keys.as_str(), "--now", NOW, "--jsonl"],
        "",
    );
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn err_usage_exits_2() {
    let keys = keys_file("err_usage_exits_2");
    let bad_keys = tempfile_path::Path::new("bad", r#"{"testid": 1}"#);
    for (args, stderr_has) in [
        (
            vec!["verify", "--keys", keys.as_str(), "--now", NOW],
            "pass --jsonl",
        ),
        (
            vec![
                "verify",
                "--keys",
                keys.as_str(),
                "--now",
                "yesterday",
                "--jsonl",
            ],
            "--now `yesterday` is not an RFC 3339 time",
        ),
        (
            vec!["verify", "--keys", "/nonexistent/keys.json", "--jsonl"],
            "cannot read `/nonexistent/keys.json`",
        ),
        (
            vec!["verify", "--keys", bad_keys.as_str(), "--jsonl"],
            "is not a JSON object of AccessKeyId to AccessKeySecret",
        ),
        (vec!["verify", "--jsonl"], "--keys <FILE>"),
        (
            vec![
                "verify",
                "--keys",
                keys.as_str(),
                "--max-skew",
                "soon",
                "--jsonl",
            ],
            "invalid value 'soon' for '--max-skew <SECS>'",
        ),
    ] {
        let (code, out, err) = runcommand(&args, "");
        assert_eq!(code, 2, "{args:?}: {err}");
        assert_eq!(out, "", "{args:?}");
        assert!(err.contains(stderr_has), "{args:?}: {err}");
    }
}
