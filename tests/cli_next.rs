//! The `runcommand next` contract: arguments, output lines, errors and the JSON-lines mode.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/cli.rs"]
mod cli;
use cli::runcommand;

#[test]
fn ok_next_prints_utc_instants() {
    let (code, out, _) = runcommand(
        &[
            "next",
            "--after",
            "2029-12-31T00:00:00Z",
            "--count",
            "3",
            "0 0/30 10-11 * * ? 2030 GMT+8:00",
        ],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "2030-01-01T02:00:00Z\n2030-01-01T02:30:00Z\n2030-01-01T03:00:00Z\n"
    );
}

#[test]
fn ok_next_defaults_count_five_and_zone_utc() {
    let (code, out, _) = runcommand(
        &["next", "--after", "2030-01-01T00:00:00Z", "0 0 12 * * ?"],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "2030-01-01T12:00:00Z\n2030-01-02T12:00:00Z\n2030-01-03T12:00:00Z\n2030-01-04T12:00:00Z\n2030-01-05T12:00:00Z\n"
    );
}

#[test]
fn ok_next_zone_dst_and_timeout() {
    let (code, out, _) = runcommand(
        &[
            "next",
            "--after",
            "2030-11-03T04:00:00Z",
            "--count",
            "2",
            "--zone",
            "America/New_York",
            "--dst",
            "vixie",
            "--timeout",
            "600",
            "0 0/30 1-2 * * ?",
        ],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(out, "2030-11-03T05:00:00Z\n2030-11-03T05:30:00Z\n");
}

#[test]
fn ok_next_prints_fewer_when_the_schedule_ends() {
    let (code, out, _) = runcommand(
        &[
            "next",
            "--after",
            "2030-01-01T00:00:00Z",
            "at(2030-06-06 13:15:30 Asia/Shanghai)",
        ],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(out, "2030-06-06T05:15:30Z\n");
}

#[test]
fn err_next_invalid_frequency_prints_json_and_exits_1() {
    let (code, out, _) = runcommand(
        &["next", "--after", "2030-01-01T00:00:00Z", "0 0 24 * * ?"],
        "",
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "HttpStatus": 400,
            "Code": "InvalidParam.Frequency",
            "Message": "The specified frequency is invalid.",
            "Detail": "Frequency: hours: `24` is out of range 0-23 (at byte 4)",
        })
    );
}

#[test]
fn err_next_usage_exits_2() {
    let (code, _, err) = runcommand(&["next", "--dst", "local", "0 0 12 * * ?"], "");
    assert_eq!(code, 2);
    assert!(err.contains("dst: `local` is not quartz or vixie"), "{err}");
    let (code, _, _) = runcommand(&["next"], "");
    assert_eq!(code, 2);
}

#[test]
fn err_next_jsonl_one_line_per_input_exits_1_when_one_is_rejected() {
    let input = concat!(
        r#"{"frequency": "rate(5m)", "after": "2030-01-01T00:00:00Z", "count": 2}"#,
        "\n",
        "not json\n",
        r#"{"frequency": "0 0 12 * * ?", "after": "2030-01-01T00:00:00Z", "count": 1, "zone": "Asia/Shanghai"}"#,
        "\n",
        r#"{"frequency": "rate(5s)", "after": "2030-01-01T00:00:00Z"}"#,
        "\n",
        r#"{"after": "2030-01-01T00:00:00Z"}"#,
        "\n",
    );
    let (code, out, _) = runcommand(&["next", "--jsonl"], input);
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(
        lines[0],
        serde_json::json!({"next": ["2030-01-01T00:05:00Z", "2030-01-01T00:10:00Z"]})
    );
    assert_eq!(lines[1]["error"]["Code"], "InvalidParameter");
    assert_eq!(
        lines[2],
        serde_json::json!({"next": ["2030-01-01T04:00:00Z"]})
    );
    assert_eq!(lines[3]["error"]["Code"], "InvalidParam.Frequency");
    assert_eq!(lines[3]["error"]["HttpStatus"], 400);
    assert_eq!(
        lines[3]["error"]["Detail"],
        "Frequency: rate: interval of 5 s is out of range 60-604800 s (at byte 5)"
    );
    assert_eq!(lines[4]["error"]["Code"], "InvalidParameter");
}
