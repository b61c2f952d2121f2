//! `runcommand serve` over 127.0.0.1: requests signed here (not by the library), the three
//! actions and their bodies, ClientToken, the context and its Outputs, the error bodies the
//! SDKs read, shutdown, hostile clients and a burst of concurrent clients.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

#[path = "support/serve.rs"]
mod client;

use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use client::{Conn, Served, Signer, encode};
use serde_json::{Value, json};

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_runcommand"))
}

/// A file with `text` in a fresh directory of the test's own.
fn file(name: &str, text: &str) -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "runcommand-serve-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn keys() -> PathBuf {
    file("keys.json", r#"{"testid": "testsecret"}"#)
}

fn start(extra: &[&str]) -> Served {
    let keys = keys();
    let mut args = vec!["--keys", keys.to_str().unwrap()];
    args.extend_from_slice(extra);
    Served::start(binary(), &args)
}

fn start_with_context(context: &str) -> Served {
    let context = file("context.json", context);
    start(&["--context", context.to_str().unwrap()])
}

fn signer() -> Signer {
    Signer::new("testid", "testsecret")
}

/// A nonce not used before in this test process.
fn nonce() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "{:x}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// Sends `action` with `params`, signed V1 in the query.
fn call(conn: &mut Conn, action: &str, params: &[(&str, &str)]) -> client::Response {
    let request = signer().v1(action, params, &nonce());
    conn.post(&request.query, &[], b"")
}

const RUN: [(&str, &str); 4] = [
    ("RegionId", "cn-hangzhou"),
    ("Type", "RunShellScript"),
    ("CommandContent", "echo hello"),
    ("InstanceId.1", "i-bp1demo"),
];

fn keys_of(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

/// Checks an error body (the five keys, the code, the message) and answers it.
fn error(response: &client::Response, status: u16, code: &str, message: &str) -> Value {
    assert_eq!(response.status, status, "{response:?}");
    let body = response.json();
    assert_eq!(
        keys_of(&body),
        ["Code", "HostId", "Message", "Recommend", "RequestId"]
    );
    assert_eq!(
        (body["Code"].as_str(), body["Message"].as_str()),
        (Some(code), Some(message))
    );
    assert_eq!(
        response.header("x-acs-request-id"),
        body["RequestId"].as_str()
    );
    assert_eq!(response.header("x-acs-retry-after"), None);
    body
}

#[test]
fn ok_run_command_then_describe_it() {
    let served = start(&[]);
    let mut conn = served.connect();
    let run = call(&mut conn, "RunCommand", &RUN);
    assert_eq!(run.status, 200, "{run:?}");
    assert_eq!(
        run.header("content-type"),
        Some("application/json;charset=utf-8")
    );
    let body = run.json();
    // A success body has no Code (pop-core reads any body with a Code as an error).
    assert_eq!(keys_of(&body), ["CommandId", "InvokeId", "RequestId"]);
    let invoke_id = body["InvokeId"].as_str().unwrap().to_owned();
    let command_id = body["CommandId"].as_str().unwrap().to_owned();
    assert!(invoke_id.starts_with("t-") && command_id.starts_with("c-"));

    let listed = call(
        &mut conn,
        "DescribeInvocations",
        &[("RegionId", "cn-hangzhou"), ("InvokeId", &invoke_id)],
    );
    assert_eq!(listed.status, 200, "{listed:?}");
    let mut listed = listed.json();
    assert_eq!(
        keys_of(&listed),
        [
            "Invocations",
            "PageNumber",
            "PageSize",
            "RequestId",
            "TotalCount"
        ]
    );
    assert_eq!(
        (
            &listed["TotalCount"],
            &listed["PageNumber"],
            &listed["PageSize"]
        ),
        (&json!(1), &json!(1), &json!(10))
    );
    let mut invocation = listed["Invocations"]["Invocation"][0].take();
    let created = invocation["CreationTime"].as_str().unwrap().to_owned();
    assert!(created.ends_with('Z') && created.len() == 20, "{created}");
    for time in ["CreationTime", "FinishTime", "StartTime", "UpdateTime"] {
        assert_eq!(
            invocation["InvokeInstances"]["InvokeInstance"][0][time],
            json!(created)
        );
    }
    invocation["CreationTime"] = json!("T");
    for time in ["CreationTime", "FinishTime", "StartTime", "UpdateTime"] {
        invocation["InvokeInstances"]["InvokeInstance"][0][time] = json!("T");
    }
    assert_eq!(
        invocation,
        json!({
            "CommandContent": "ZWNobyBoZWxsbw==",
            "CommandId": command_id,
            "CommandName": "",
            "CommandType": "RunShellScript",
            "CreationTime": "T",
            "Frequency": "",
            "InvocationStatus": "Success",
            "InvokeId": invoke_id,
            "InvokeInstances": {"InvokeInstance": [{
                "CreationTime": "T",
                "Dropped": 0,
                "ErrorCode": "",
                "ErrorInfo": "",
                "ExitCode": 0,
                "FinishTime": "T",
                "InstanceId": "i-bp1demo",
                "InstanceInvokeStatus": "Finished",
                "InvocationStatus": "Success",
                "Repeats": 1,
                "StartTime": "T",
                "Timed": false,
                "UpdateTime": "T",
            }]},
            "InvokeStatus": "Finished",
            "RepeatMode": "Once",
            "Tags": {"Tag": []},
            "Timed": false,
            "Timeout": 60,
        })
    );

    let results = call(
        &mut conn,
        "DescribeInvocationResults",
        &[("RegionId", "cn-hangzhou"), ("InvokeId", &invoke_id)],
    );
    assert_eq!(results.status, 200, "{results:?}");
    let mut results = results.json();
    assert_eq!(keys_of(&results), ["Invocation", "RequestId"]);
    let page = &mut results["Invocation"];
    assert_eq!(
        keys_of(page),
        ["InvocationResults", "PageNumber", "PageSize", "TotalCount"]
    );
    let mut result = page["InvocationResults"]["InvocationResult"][0].take();
    assert_eq!(result["StartTime"], json!(created));
    assert_eq!(result["FinishedTime"], json!(created));
    result["StartTime"] = json!("T");
    result["FinishedTime"] = json!("T");
    assert_eq!(
        result,
        json!({
            "CommandId": command_id,
            "Dropped": 0,
            "ErrorCode": "",
            "ErrorInfo": "",
            "ExitCode": 0,
            "FinishedTime": "T",
            "InstanceId": "i-bp1demo",
            "InvocationStatus": "Success",
            "InvokeId": invoke_id,
            "InvokeRecordStatus": "Finished",
            "Output": "",
            "Repeats": 1,
            "StartTime": "T",
            "Tags": {"Tag": []},
        })
    );
}

#[test]
fn ok_v3_signs_the_host_with_the_port_dialled() {
    let served = start(&[]);
    let mut conn = served.connect();
    let (query, headers) = signer().v3(&served.host(), "RunCommand", &RUN, &nonce());
    let run = conn.post(&query, &headers, b"");
    assert_eq!(run.status, 200, "{run:?}");
    let invoke_id = run.json()["InvokeId"].as_str().unwrap().to_owned();
    let (query, headers) = signer().v3(
        &served.host(),
        "DescribeInvocationResults",
        &[
            ("RegionId", "cn-hangzhou"),
            ("InvokeId", &invoke_id),
            ("ContentEncoding", "PlainText"),
        ],
        &nonce(),
    );
    let results = conn.post(&query, &headers, b"").json();
    assert_eq!(
        results["Invocation"]["InvocationResults"]["InvocationResult"][0]["InvokeId"],
        json!(invoke_id)
    );
    // Signed for another port: the Host received differs.
    let (query, headers) = signer().v3("127.0.0.1:1", "RunCommand", &RUN, &nonce());
    let wrong = conn.post(&query, &headers, b"");
    error(
        &wrong,
        400,
        "SignatureDoesNotMatch",
        "Specified signature is not matched with our calculation.",
    );
}

#[test]
fn err_v1_wrong_secret_answers_the_server_string_to_sign() {
    let served = start(&[]);
    let mut conn = served.connect();
    let request = Signer::new("testid", "wrong").v1("RunCommand", &RUN, &nonce());
    let response = conn.post(&request.query, &[], b"");
    let body = error(
        &response,
        400,
        "SignatureDoesNotMatch",
        &format!(
            "Specified signature is not matched with our calculation. server string to sign is:{}",
            request.string_to_sign
        ),
    );
    // What aliyun-python-sdk-core does with it: the text after the first `:` is the server's
    // string to sign, compared with its own.
    let message = body["Message"].as_str().unwrap();
    assert_eq!(message.split_once(':').unwrap().1, request.string_to_sign);

    let unknown = Signer::new("nobody", "x").v1("RunCommand", &RUN, &nonce());
    error(
        &conn.post(&unknown.query, &[], b""),
        404,
        "InvalidAccessKeyId.NotFound",
        "Specified access key is not found.",
    );
}

#[test]
fn err_replayed_nonce_and_unsigned_request() {
    let served = start(&[]);
    let mut conn = served.connect();
    let request = signer().v1("RunCommand", &RUN, &nonce());
    assert_eq!(conn.post(&request.query, &[], b"").status, 200);
    error(
        &conn.post(&request.query, &[], b""),
        400,
        "SignatureNonceUsed",
        "Specified signature nonce was used already.",
    );
    let plain: Vec<String> = RUN
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    error(
        &conn.post(&plain.join("&"), &[], b""),
        400,
        "MissingSignature",
        "Signature is mandatory for this action.",
    );
}

#[test]
fn err_rule_faults_are_the_library_verdicts() {
    let served = start(&[]);
    let mut conn = served.connect();
    let mut bad = RUN.to_vec();
    bad.push(("Frequency", "0 0 10 ? * 8"));
    error(
        &call(&mut conn, "RunCommand", &bad),
        400,
        "InvalidParam.Frequency",
        "The specified frequency is invalid.",
    );
    let missing: Vec<(&str, &str)> = RUN.iter().copied().filter(|(k, _)| *k != "Type").collect();
    error(
        &call(&mut conn, "RunCommand", &missing),
        400,
        "MissingParameter.Type",
        "The input parameter \"Type\" that is mandatory for processing this request is not supplied.",
    );
    let mut long = RUN.to_vec();
    long.push(("Timeout", "5"));
    error(
        &call(&mut conn, "RunCommand", &long),
        403,
        "InvalidTimeout.ExceedLimit",
        "The specified timeout exceeds the limit.",
    );
    error(
        &call(&mut conn, "StopInvocation", &[("RegionId", "cn-hangzhou")]),
        400,
        "InvalidParameter",
        "The specified parameter is not valid.",
    );
    error(
        &call(&mut conn, "DescribeInvocations", &[("PageSize", "10")]),
        400,
        "MissingParameter.RegionId",
        "The input parameter \"RegionId\" that is mandatory for processing this request is not supplied.",
    );
    for (name, value) in [("PageSize", "51"), ("PageSize", "0"), ("PageNumber", "x")] {
        error(
            &call(
                &mut conn,
                "DescribeInvocationResults",
                &[("RegionId", "cn-hangzhou"), (name, value)],
            ),
            400,
            "InvalidParameter",
            "The specified parameter is not valid.",
        );
    }
    // Nothing was accepted.
    let listed = call(
        &mut conn,
        "DescribeInvocations",
        &[("RegionId", "cn-hangzhou")],
    );
    assert_eq!(listed.json()["TotalCount"], json!(0));
}

#[test]
fn ok_client_token_is_idempotent_by_fingerprint() {
    let served = start(&[]);
    let mut conn = served.connect();
    let mut first = RUN.to_vec();
    first.push(("ClientToken", "123e4567-e89b-12d3-a456-426655440000"));
    let a = call(&mut conn, "RunCommand", &first).json();
    // The same request, put on the wire another way (ContentEncoding Base64): the same one.
    let mut again: Vec<(&str, &str)> = first
        .iter()
        .copied()
        .filter(|(k, _)| *k != "CommandContent")
        .collect();
    again.push(("CommandContent", "ZWNobyBoZWxsbw=="));
    again.push(("ContentEncoding", "Base64"));
    let b = call(&mut conn, "RunCommand", &again).json();
    assert_eq!(
        (&a["InvokeId"], &a["CommandId"]),
        (&b["InvokeId"], &b["CommandId"])
    );
    assert_ne!(a["RequestId"], b["RequestId"]);
    let mut other = first.clone();
    other.push(("Timeout", "120"));
    error(
        &call(&mut conn, "RunCommand", &other),
        403,
        "IdempotentParameterMismatch",
        "The specified parameter has changed while using an already used clientToken.",
    );
    let listed = call(
        &mut conn,
        "DescribeInvocations",
        &[("RegionId", "cn-hangzhou")],
    );
    assert_eq!(listed.json()["TotalCount"], json!(1));
}

const CONTEXT: &str = r#"{
  "Instances": [
    {"InstanceId": "i-web1", "Tags": [{"Key": "team", "Value": "ops"}]},
    {"InstanceId": "i-web2", "Tags": [{"Key": "team", "Value": "ops"}], "AgentVersion": "2.2.3.100"},
    {"InstanceId": "i-db1", "Status": "Stopped"},
    {"InstanceId": "i-win1", "OSType": "Windows"}
  ],
  "Outputs": [
    {"InstanceId": "i-web1", "ExitCode": 3, "Output": "disk full\n"}
  ]
}"#;

#[test]
fn ok_context_outputs_tags_and_per_instance_refusals() {
    let served = start_with_context(CONTEXT);
    let mut conn = served.connect();
    // ResourceTag selects i-web1 (exits 3) and i-web2 (its agent is too old for a schedule).
    let run = call(
        &mut conn,
        "RunCommand",
        &[
            ("RegionId", "cn-hangzhou"),
            ("Type", "RunShellScript"),
            ("CommandContent", "df -h"),
            ("ResourceTag.1.Key", "team"),
            ("ResourceTag.1.Value", "ops"),
            ("Frequency", "rate(5m)"),
        ],
    );
    assert_eq!(run.status, 200, "{run:?}");
    let invoke_id = run.json()["InvokeId"].as_str().unwrap().to_owned();
    let results = call(
        &mut conn,
        "DescribeInvocationResults",
        &[("RegionId", "cn-hangzhou"), ("InvokeId", &invoke_id)],
    )
    .json();
    let records = &results["Invocation"]["InvocationResults"]["InvocationResult"];
    let summary: Vec<(&str, &str, &str, &str)> = records
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["InstanceId"].as_str().unwrap(),
                r["InvocationStatus"].as_str().unwrap(),
                r["InvokeRecordStatus"].as_str().unwrap(),
                r["ErrorCode"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("i-web1", "Scheduled", "Running", ""),
            ("i-web2", "Failed", "Failed", "ClientNeedUpgrade"),
        ]
    );
    assert_eq!(
        records[1]["ErrorInfo"],
        json!(
            "InstanceId: i-web2 runs Cloud Assistant Agent 2.2.3.100; a schedule with rate, at, or a cron year or zone needs 2.2.3.282 or later on Linux"
        )
    );

    // Once: i-web1 exits 3 with its output, i-win1 is not listed in Outputs (0, empty).
    let run = call(
        &mut conn,
        "RunCommand",
        &[
            ("RegionId", "cn-hangzhou"),
            ("Type", "RunShellScript"),
            ("CommandContent", "df -h"),
            ("InstanceId.1", "i-web1"),
            ("InstanceId.2", "i-web2"),
        ],
    );
    let invoke_id = run.json()["InvokeId"].as_str().unwrap().to_owned();
    let listed = call(
        &mut conn,
        "DescribeInvocations",
        &[
            ("RegionId", "cn-hangzhou"),
            ("InvokeId", &invoke_id),
            ("IncludeOutput", "True"),
            ("ContentEncoding", "PlainText"),
        ],
    )
    .json();
    let invocation = &listed["Invocations"]["Invocation"][0];
    assert_eq!(
        (
            &invocation["InvocationStatus"],
            &invocation["InvokeStatus"],
            &invocation["CommandContent"]
        ),
        (&json!("PartialFailed"), &json!("Finished"), &json!("df -h"))
    );
    let instances = &invocation["InvokeInstances"]["InvokeInstance"];
    assert_eq!(
        (
            &instances[0]["ExitCode"],
            &instances[0]["Output"],
            &instances[0]["ErrorCode"],
            &instances[0]["InvocationStatus"]
        ),
        (
            &json!(3),
            &json!("disk full\n"),
            &json!("ExitCodeNonzero"),
            &json!("Failed")
        )
    );
    assert_eq!(
        (
            &instances[1]["ExitCode"],
            &instances[1]["Output"],
            &instances[1]["InvocationStatus"]
        ),
        (&json!(0), &json!(""), &json!("Success"))
    );
    // Base64 by default.
    let results = call(
        &mut conn,
        "DescribeInvocationResults",
        &[
            ("RegionId", "cn-hangzhou"),
            ("InvokeId", &invoke_id),
            ("InstanceId", "i-web1"),
        ],
    )
    .json();
    assert_eq!(results["Invocation"]["TotalCount"], json!(1));
    assert_eq!(
        results["Invocation"]["InvocationResults"]["InvocationResult"][0]["Output"],
        json!("ZGlzayBmdWxsCg==")
    );

    // The context rules: a stopped instance, an unknown one, a Windows one.
    for (id, status, code) in [
        ("i-db1", 400, "InvalidInstance.NotMatch"),
        ("i-nope", 404, "InvalidInstance.NotFound"),
        ("i-win1", 400, "InvalidInstance.NotMatch"),
    ] {
        let response = call(
            &mut conn,
            "RunCommand",
            &[
                ("RegionId", "cn-hangzhou"),
                ("Type", "RunShellScript"),
                ("CommandContent", "ls"),
                ("InstanceId.1", id),
            ],
        );
        assert_eq!(
            (response.status, response.json()["Code"].as_str()),
            (status, Some(code)),
            "{id}"
        );
    }
}

#[test]
fn err_resource_tag_without_context_selects_nothing() {
    let served = start(&[]);
    let mut conn = served.connect();
    error(
        &call(
            &mut conn,
            "RunCommand",
            &[
                ("RegionId", "cn-hangzhou"),
                ("Type", "RunShellScript"),
                ("CommandContent", "ls"),
                ("ResourceTag.1.Key", "team"),
            ],
        ),
        400,
        "InvalidResourceTag.InstanceNotFound",
        "InstanceIds are not found by the specified ResourceTag.",
    );
}

#[test]
fn ok_pages_newest_first() {
    let served = start(&[]);
    let mut conn = served.connect();
    let mut ids = Vec::new();
    for _ in 0..12 {
        ids.push(call(&mut conn, "RunCommand", &RUN).json()["InvokeId"].clone());
    }
    ids.reverse();
    let page = |conn: &mut Conn, action: &str, number: &str, size: Option<&str>| {
        let mut params = vec![("RegionId", "cn-hangzhou"), ("PageNumber", number)];
        if let Some(size) = size {
            params.push(("PageSize", size));
        }
        call(conn, action, &params).json()
    };
    let third = page(&mut conn, "DescribeInvocations", "3", Some("5"));
    assert_eq!(
        (
            &third["TotalCount"],
            &third["PageNumber"],
            &third["PageSize"]
        ),
        (&json!(12), &json!(3), &json!(5))
    );
    let got: Vec<&Value> = third["Invocations"]["Invocation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["InvokeId"])
        .collect();
    assert_eq!(got, [&ids[10], &ids[11]]);
    let results = page(&mut conn, "DescribeInvocationResults", "1", None);
    let records = results["Invocation"]["InvocationResults"]["InvocationResult"]
        .as_array()
        .unwrap();
    assert_eq!(
        (records.len(), &results["Invocation"]["TotalCount"]),
        (10, &json!(12))
    );
    assert_eq!(records[0]["InvokeId"], ids[0]);
    // Another region has none.
    let other = call(
        &mut conn,
        "DescribeInvocations",
        &[("RegionId", "cn-beijing")],
    )
    .json();
    assert_eq!(other["TotalCount"], json!(0));
}

#[test]
fn ok_exits_when_stdin_closes_and_on_sigterm() {
    let mut served = start(&[]);
    let mut conn = served.connect();
    assert_eq!(call(&mut conn, "RunCommand", &RUN).status, 200);
    served.close_stdin();
    let status = served.wait(Duration::from_secs(20)).expect("exited");
    assert_eq!(status.code(), Some(0));

    let mut served = start(&[]);
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &served.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = served.wait(Duration::from_secs(20)).expect("exited");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn err_bad_keys_or_context_exit_2() {
    let bad = file("keys.json", "[1]");
    let out = std::process::Command::new(binary())
        .args(["serve", "--keys", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let context = file(
        "context.json",
        r#"{"Outputs": [{"InstanceId": "i-a", "Exit": 1}]}"#,
    );
    let out = std::process::Command::new(binary())
        .args([
            "serve",
            "--keys",
            keys().to_str().unwrap(),
            "--context",
            context.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Outputs: unknown field `Exit`"), "{stderr}");
}

/// Reads from `stream` until it closes (or 30 s pass, which fails).
fn read_until_closed(stream: &mut TcpStream) -> Vec<u8> {
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut all = Vec::new();
    let mut buf = [0; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return all,
            Ok(n) => all.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return all,
            Err(e) => panic!("the server kept the connection open: {e}"),
        }
    }
}

#[test]
fn ok_hostile_clients_do_not_take_it_down() {
    let served = start(&["--read-timeout", "1"]);
    // An idle, half-sent request line: closed after the read timeout, while others are served.
    let mut idle = TcpStream::connect(served.addr).unwrap();
    idle.write_all(b"POST /?Action=RunC").unwrap();
    let mut conn = served.connect();
    assert_eq!(call(&mut conn, "RunCommand", &RUN).status, 200);
    assert!(read_until_closed(&mut idle).is_empty());

    // Garbage bytes: answered 400 (hyper's own) or closed.
    let mut garbage = TcpStream::connect(served.addr).unwrap();
    garbage
        .write_all(b"\x00\xff\x16\x03\x01 not http at all\r\n\r\n")
        .unwrap();
    let answer = read_until_closed(&mut garbage);
    assert!(
        answer.is_empty() || answer.starts_with(b"HTTP/1.1 400"),
        "{answer:?}"
    );

    // A 10 MB body: refused from its length, before it is read.
    let mut big = TcpStream::connect(served.addr).unwrap();
    let request = signer().v1("RunCommand", &RUN, &nonce());
    write!(
        big,
        "POST /?{} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: 10485760\r\n\r\n",
        request.query
    )
    .unwrap();
    let chunk = vec![b'a'; 1 << 16];
    for _ in 0..160 {
        if big.write_all(&chunk).is_err() {
            break;
        }
    }
    let answer = String::from_utf8_lossy(&read_until_closed(&mut big)).into_owned();
    assert!(
        answer.is_empty()
            || (answer.starts_with("HTTP/1.1 400")
                && answer.contains(r#""Code":"InvalidParameter""#)),
        "{answer}"
    );

    // The same without a length (chunked): refused once the limit is read.
    let mut chunked = TcpStream::connect(served.addr).unwrap();
    write!(
        chunked,
        "POST /?{} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
        request.query
    )
    .unwrap();
    for _ in 0..40 {
        let _ = write!(chunked, "10000\r\n");
        if chunked.write_all(&chunk).is_err() || write!(chunked, "\r\n").is_err() {
            break;
        }
    }
    let answer = String::from_utf8_lossy(&read_until_closed(&mut chunked)).into_owned();
    assert!(
        answer.is_empty() || answer.contains(r#""Code":"InvalidParameter""#),
        "{answer}"
    );

    // Cut off mid-body, the client still there: answered after the read timeout.
    let mut cut = TcpStream::connect(served.addr).unwrap();
    write!(
        cut,
        "POST /?{} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nRegionId=cn",
        signer().v1("RunCommand", &RUN, &nonce()).query
    )
    .unwrap();
    let answer = String::from_utf8_lossy(&read_until_closed(&mut cut)).into_owned();
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(
        answer.contains("the body did not arrive within 1 s")
            || answer.contains(r#""Code":"InvalidParameter""#),
        "{answer}"
    );

    // Cut off mid-body, the client gone.
    let mut gone = TcpStream::connect(served.addr).unwrap();
    write!(
        gone,
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nRegionId=cn"
    )
    .unwrap();
    drop(gone);

    // And it answers normally afterwards. (The first connection, idle longer than the read
    // timeout, was closed too.)
    assert!(read_until_closed(conn.stream()).is_empty());
    let mut fresh = served.connect();
    assert_eq!(call(&mut fresh, "RunCommand", &RUN).status, 200);
    let listed = call(
        &mut fresh,
        "DescribeInvocations",
        &[("RegionId", "cn-hangzhou")],
    );
    assert_eq!(listed.json()["TotalCount"], json!(2));
}

#[test]
fn ok_eight_clients_of_twenty_five_concurrent_calls() {
    const CLIENTS: usize = 8;
    const CALLS: usize = 25;
    let keys: serde_json::Map<String, Value> = (0..CLIENTS)
        .map(|c| (format!("client{c}"), json!(format!("secret{c}"))))
        .collect();
    let keys = file("keys.json", &Value::Object(keys).to_string());
    let served = Served::start(binary(), &["--keys", keys.to_str().unwrap()]);
    let barrier = Barrier::new(CLIENTS * CALLS);
    let ids: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..CLIENTS)
            .flat_map(|c| (0..CALLS).map(move |n| (c, n)))
            .map(|(c, n)| {
                let barrier = &barrier;
                let addr = served.addr;
                scope.spawn(move || {
                    let signer = Signer::new(&format!("client{c}"), &format!("secret{c}"));
                    let request = signer.v1("RunCommand", &RUN, &format!("n-{c}-{n}"));
                    let mut conn = Conn::new(addr);
                    barrier.wait();
                    let response = conn.post(&request.query, &[], b"");
                    assert_eq!(response.status, 200, "{response:?}");
                    response.json()["InvokeId"].as_str().unwrap().to_owned()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), CLIENTS * CALLS);
    let mut conn = served.connect();
    let signer = Signer::new("client0", "secret0");
    let listed = conn.post(
        &signer
            .v1(
                "DescribeInvocations",
                &[("RegionId", "cn-hangzhou")],
                "n-list",
            )
            .query,
        &[],
        b"",
    );
    assert_eq!(listed.json()["TotalCount"], json!(CLIENTS * CALLS));
}
