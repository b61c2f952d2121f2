//! Hostile inputs: each answered with its documented code, quickly.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use chrono::{DateTime, Utc};
use ecs_runcommand::request::{Input, check, check_all};
use std::time::{Duration, Instant};

const BASE: &str = "RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=ls&InstanceId.1=i-abc";

fn now() -> DateTime<Utc> {
    "2025-01-01T00:00:00Z".parse().unwrap()
}

fn code_of(query: &str) -> String {
    let start = Instant::now();
    let code = match check(Input::Query(query.as_bytes()), now()) {
        Ok(_) => "ok".to_owned(),
        Err(e) => e.code().as_str().to_owned(),
    };
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "took {:?}",
        start.elapsed()
    );
    code
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
    let deep_value = format!("{{\"a\":{}{}}}", "[".repeat(200_000), "]".repeat(200_000));
    let query = format!(
        "{BASE}&EnableParameter=true&Parameters={}",
        ecs_runcommand::wire::encode_component(&deep_value)
    );
    assert_eq!(code_of(&query), "ParameterType.NotSupported");
    let json = format!(
        r#"{{"RegionId":"r","Parameters":{{"a":{}}}}}"#,
        "[".repeat(200_000)
    );
    let err = check(Input::Json(&json), now()).unwrap_err();
    assert_eq!(err.code().as_str(), "InvalidParameter");
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
        ecs_runcommand::wire::encode_component(&format!("{{{}}}", params.join(",")))
    );
    assert_eq!(code_of(&query), "ParameterCount.ExceedLimit");
    let ids: Vec<String> = (0..200_000).map(|i| format!("\"i-{i}\"")).collect();
    let json = format!(
        r#"{{"RegionId":"r","Type":"RunShellScript","CommandContent":"ls","InstanceId":[{}]}}"#,
        ids.join(",")
    );
    assert_eq!(
        check(Input::Json(&json), now())
            .unwrap_err()
            .code()
            .as_str(),
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
    let errors = check_all(
        Input::Query(
            b"Name=a%01b&Type=X&Timeout=1&KeepCommand=maybe&Tag.1.Value=v&TerminationMode=Kill",
        ),
        now(),
    )
    .unwrap_err();
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
    let err = check(
        Input::Query(format!("{BASE}&Name={}", "n".repeat(129)).as_bytes()),
        now(),
    )
    .unwrap_err();
    assert_eq!(err.detail(), "Name: length 129 exceeds the limit of 128");
    let err = check(Input::Query(format!("{BASE}&Name=%ZZ").as_bytes()), now()).unwrap_err();
    assert_eq!(err.detail(), "bad percent-encoding at byte 83");
    let err = check(
        Input::Query(format!("{BASE}&InstanceId.1=i-b").as_bytes()),
        now(),
    )
    .unwrap_err();
    assert_eq!(err.detail(), "parameter `InstanceId.1` is given twice");
    let err = check(
        Input::Query(format!("{BASE}&CommandContent=x").as_bytes()),
        now(),
    )
    .unwrap_err();
    assert_eq!(err.detail(), "parameter `CommandContent` is given twice");
}
