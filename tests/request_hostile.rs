//! Hostile inputs: each answered with its documented code. Linear work keeps them fast; no
//! test here times anything.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use ecs_runcommand::{ApiError, CheckedRequest, DateTime, RawRequest, Utc, check, check_all};

const BASE: &str = "RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=ls&InstanceId.1=i-abc";

fn now() -> DateTime<Utc> {
    "2025-01-01T00:00:00Z".parse().unwrap()
}

fn query(text: &[u8]) -> Result<CheckedRequest, ApiError> {
    RawRequest::from_query(text).and_then(|raw| check(raw, now()))
}

fn from_json(text: &str) -> Result<CheckedRequest, ApiError> {
    RawRequest::from_json(text).and_then(|raw| check(raw, now()))
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn code_of(text: &str) -> String {
    match query(text.as_bytes()) {
        Ok(_) => "ok".to_owned(),
        Err(e) => e.code().as_str().to_owned(),
    }
}

#[test]
fn err_huge_index() {
    assert_eq!(
        code_of(&format!("{BASE}&InstanceId.4294967297=i-x")),
        "InstanceIds.ExceedLimit"
    );
    assert_eq!(
        code_of(&format!("{BASE}&InstanceId.99999999999999999999999=i-x")),
        "InstanceIds.ExceedLimit"
    );
    assert_eq!(
        code_of(&format!("{BASE}&Tag.4294967297.Key=k")),
        "NumberExceed.Tags"
    );
}

#[test]
fn err_ten_megabyte_content() {
    let query = format!(
        "RegionId=r&Type=RunShellScript&InstanceId.1=i-a&CommandContent={}",
        "a".repeat(10 << 20)
    );
    assert_eq!(code_of(&query), "CmdContent.ExceedLimit");
    let query = format!("{query}&ContentEncoding=Base64&EnableParameter=true");
    assert_eq!(code_of(&query), "CmdContent.ExceedLimit");
}

#[test]
fn err_deep_parameters() {
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let query = format!("{BASE}&EnableParameter=true&Parameters={deep}");
    assert_eq!(code_of(&query), "InvalidParameter.Parameters");
    // A value that is not a string is skipped, its depth counted: within 127 levels it is
    // of the wrong type, deeper the text is not JSON as the API reads it.
    for (depth, code) in [
        (10, "ParameterType.NotSupported"),
        (200_000, "InvalidParameter.Parameters"),
    ] {
        let value = format!("{{\"a\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
        let query = format!("{BASE}&EnableParameter=true&Parameters={}", encode(&value));
        assert_eq!(code_of(&query), code, "depth {depth}");
    }
    let json = format!(
        r#"{{"RegionId":"r","Parameters":{{"a":{}}}}}"#,
        "[".repeat(200_000)
    );
    let err = from_json(&json).unwrap_err();
    assert_eq!(err.code().as_str(), "InvalidParameter");
}

#[test]
fn err_deep_ignored_values() {
    // Skipped values count their depth too: 100,000 levels under an ignored key.
    for open in ["[", "{\"a\":"] {
        let text = format!(
            r#"{{"RegionId":"r","Type":"RunShellScript","CommandContent":"ls","InstanceId":["i-a"],"X":{}"#,
            open.repeat(100_000)
        );
        let err = from_json(&text).unwrap_err();
        assert_eq!(err.code().as_str(), "InvalidParameter");
        assert!(
            err.detail()
                .starts_with("malformed JSON at line 1, column "),
            "{}",
            err.detail()
        );
    }
}

#[test]
fn err_many_keys() {
    let mut query = String::from(BASE);
    for i in 0..200_000 {
        query.push_str(&format!("&X{i}=1"));
    }
    assert_eq!(code_of(&query), "InvalidParameter");
    let mut query = String::from("RegionId=r&Type=RunShellScript&CommandContent=ls");
    for i in 1..=200_000 {
        query.push_str(&format!("&InstanceId.{i}=i-{i}"));
    }
    assert_eq!(code_of(&query), "InstanceIds.ExceedLimit");
    let params: Vec<String> = (0..200_000).map(|i| format!("\"k{i}\":\"v\"")).collect();
    let query = format!(
        "{BASE}&EnableParameter=true&Parameters={}",
        encode(&format!("{{{}}}", params.join(",")))
    );
    assert_eq!(code_of(&query), "ParameterCount.ExceedLimit");
    let ids: Vec<String> = (0..200_000).map(|i| format!("\"i-{i}\"")).collect();
    let json = format!(
        r#"{{"RegionId":"r","Type":"RunShellScript","CommandContent":"ls","InstanceId":[{}]}}"#,
        ids.join(",")
    );
    assert_eq!(
        from_json(&json).unwrap_err().code().as_str(),
        "InstanceIds.ExceedLimit"
    );
}

#[test]
fn err_many_placeholders() {
    let content = "{{a}}".repeat(200_000);
    let query = format!("{BASE}&EnableParameter=true&CommandContent={content}");
    assert_eq!(
        code_of(&query.replace("CommandContent=ls&", "")),
        "CmdContent.ExceedLimit"
    );
    let names: String = (0..500).map(|i| format!("{{{{n{i}}}}}")).collect();
    let query = format!(
        "RegionId=r&Type=RunShellScript&InstanceId.1=i-a&EnableParameter=true&CommandContent={names}"
    );
    assert_eq!(code_of(&query), "CmdParamCount.ExceedLimit");
}

#[test]
fn ok_all_mode_lists_every_fault_in_order() {
    let raw = RawRequest::from_query(
        b"Name=a%01b&Type=X&Timeout=1&KeepCommand=maybe&Tag.1.Value=v&TerminationMode=Kill",
    )
    .unwrap();
    let errors = check_all(raw, now()).unwrap_err();
    let codes: Vec<&str> = errors.iter().map(|e| e.code().as_str()).collect();
    assert_eq!(
        codes,
        [
            "MissingParameter.RegionId",
            "MissingParameter.CommandContent",
            "InvalidParameterCharacter.CommandName",
            "InvalidCmdType.NotFound",
            "InvalidTimeout.ExceedLimit",
            "InvalidParameter.KeepCommand",
            "MissingParameter.TagKey",
            "MissingParam.InstanceId",
            "InvalidTerminationMode.NotFound",
        ]
    );
    assert_eq!(
        errors[2].detail(),
        "Name: illegal character U+0001 at character 1"
    );
}

#[test]
fn err_details_name_field_value_and_limit() {
    let err = query(format!("{BASE}&Name={}", "n".repeat(129)).as_bytes()).unwrap_err();
    assert_eq!(err.detail(), "Name: length 129 exceeds the limit of 128");
    let err = query(format!("{BASE}&Name=%ZZ").as_bytes()).unwrap_err();
    assert_eq!(err.detail(), "bad percent-encoding at byte 83");
    let err = query(format!("{BASE}&InstanceId.1=i-b").as_bytes()).unwrap_err();
    assert_eq!(err.detail(), "parameter `InstanceId.1` is given twice");
    let err = query(format!("{BASE}&CommandContent=x").as_bytes()).unwrap_err();
    assert_eq!(err.detail(), "parameter `CommandContent` is given twice");
}
