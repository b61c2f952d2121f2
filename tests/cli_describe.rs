//! The `runcommand describe` contract, and `next --describe`: output, errors, exit statuses.
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
fn ok_describe_prints_the_description() {
    assert_eq!(
        runcommand(&["describe", "0 15 10 ? * 5#3 Asia/Shanghai"], ""),
        (
            0,
            "At 10:15:00, on the third Friday of the month (Asia/Shanghai)\n".to_owned(),
            String::new()
        )
    );
    assert_eq!(
        runcommand(&["describe", "--lang", "zh-CN", "0 15 10 ? * 5#3"], ""),
        (
            0,
            "按实例所在时区，每月第三个星期五 10:15:00\n".to_owned(),
            String::new()
        )
    );
    // Parsed, not validated: years that have passed are described.
    assert_eq!(
        runcommand(&["describe", "0 0 0 1 1 ? 1999/60"], "").1,
        "At 00:00:00, on day 1 of January, in 1999 and 2059, in the instance's time zone\n"
    );
}

#[test]
fn err_describe_an_invalid_frequency_prints_the_error_and_exits_1() {
    assert_eq!(
        runcommand(&["describe", "0 15 10 ? * 8"], ""),
        (
            1,
            concat!(
                r#"{"HttpStatus":400,"Code":"InvalidParam.Frequency","#,
                r#""Message":"The specified frequency is invalid.","#,
                r#""Detail":"Frequency: day-of-week: `8` is out of range 1-7 (at byte 12)"}"#,
                "\n"
            )
            .to_owned(),
            String::new()
        )
    );
}

#[test]
fn err_describe_usage_errors_exit_2() {
    let (code, out, err) = runcommand(&["describe", "--lang", "fr", "0 0 0 * * ?"], "");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("lang: `fr` is not en or zh-CN"), "{err}");
    assert_eq!(runcommand(&["describe"], "").0, 2);
}

#[test]
fn ok_describe_jsonl_answers_every_line() {
    let input = concat!(
        r#"{"frequency":"rate(5m)"}"#,
        "\n",
        r#"{"frequency":"at(2030-06-06 13:15:30)","lang":"zh-CN"}"#,
        "\n",
        r#"{"frequency":"0 0 12 * * ?","lang":"fr"}"#,
        "\n",
        r#"{"frequency":"0 0 24 * * ?","lang":"en"}"#,
        "\n",
        r#"{"frequency":"0 0 12 * * ?","zone":"UTC"}"#,
        "\n",
    );
    let (code, out, err) = runcommand(&["describe", "--jsonl"], input);
    assert_eq!((code, err.as_str()), (1, ""));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            r#"{"description":"Every 5 minutes, the first run 5 minutes after creation"}"#,
            r#"{"description":"未指定时区，按 UTC 时间 2030-06-06 13:15:30 执行一次"}"#,
            concat!(
                r#"{"error":{"HttpStatus":400,"Code":"InvalidParameter","#,
                r#""Message":"The specified parameter is not valid.","#,
                r#""Detail":"lang: `fr` is not en or zh-CN"}}"#
            ),
            concat!(
                r#"{"error":{"HttpStatus":400,"Code":"InvalidParam.Frequency","#,
                r#""Message":"The specified frequency is invalid.","#,
                r#""Detail":"Frequency: hours: `24` is out of range 0-23 (at byte 4)"}}"#
            ),
            concat!(
                r#"{"error":{"HttpStatus":400,"Code":"InvalidParameter","#,
                r#""Message":"The specified parameter is not valid.","#,
                r#""Detail":"input line: unknown field `zone`, expected `frequency` or `lang` at line 1 column 34"}}"#
            ),
        ]
    );
    let (code, out, _) = runcommand(&["describe", "--jsonl"], r#"{"frequency":"rate(1d)"}"#);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "{\"description\":\"Every day, the first run 1 day after creation\"}\n"
        )
    );
}

#[test]
fn ok_next_describe_prints_the_description_above_the_fire_times() {
    let args = [
        "next",
        "--after",
        "2029-12-31T00:00:00Z",
        "--count",
        "2",
        "--describe",
        "0 0/30 10-11 * * ? 2030 GMT+8:00",
    ];
    assert_eq!(
        runcommand(&args, ""),
        (
            0,
            "Every 30 minutes from 10:00:00 through 11:30:00, every day, in 2030 (GMT+8:00)\n\
             2030-01-01T02:00:00Z\n2030-01-01T02:30:00Z\n"
                .to_owned(),
            String::new()
        )
    );
    let mut zh = args.to_vec();
    zh.insert(6, "--lang");
    zh.insert(7, "zh-CN");
    assert_eq!(
        runcommand(&zh, "").1,
        "按 GMT+8:00 时间，2030 年，每天 10:00:00 至 11:30:00 每 30 分钟\n\
         2030-01-01T02:00:00Z\n2030-01-01T02:30:00Z\n"
    );
    // An invalid Frequency: the error alone, as without --describe.
    let (code, out, _) = runcommand(&["next", "--describe", "0 0 24 * * ?"], "");
    assert_eq!(code, 1);
    assert!(out.starts_with(r#"{"HttpStatus":400,"Code":"InvalidParam.Frequency""#));
    // --lang means nothing without --describe.
    assert_eq!(
        runcommand(&["next", "--lang", "zh-CN", "rate(5m)"], "").0,
        2
    );
}

#[test]
fn ok_next_jsonl_describe_adds_the_description() {
    let (code, out, _) = runcommand(
        &["next", "--jsonl", "--describe"],
        r#"{"frequency":"rate(5m)","after":"2030-01-01T00:00:00Z","count":2}"#,
    );
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            concat!(
                r#"{"description":"Every 5 minutes, the first run 5 minutes after creation","#,
                r#""next":["2030-01-01T00:05:00Z","2030-01-01T00:10:00Z"]}"#,
                "\n"
            )
        )
    );
}
