//! The Rust table of error codes against `spec/error-codes.json`, and the `runcommand codes`
//! output against both.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashSet;
use std::process::Command;

use ecs_runcommand::{ApiError, ErrorCode};
use serde_json::Value;

/// The codes of the RunCommand reference's Error codes table, in its order.
const REFERENCE_CODES: [&str; 63] = [
    "RegionId.ApiNotSupported",
    "MissingParam.InstanceId",
    "NumberExceed.Tags",
    "InvalidTagValue.Malformed",
    "Duplicate.TagKey",
    "InvalidTagKey.Malformed",
    "MissingParameter.TagKey",
    "InvalidContainerId.Malformed",
    "InvalidContainerName.Malformed",
    "InvalidClientToken.Malformed",
    "CmdParam.EmptyKey",
    "CmdParam.InvalidParamName",
    "CmdContent.DecodeError",
    "InvalidInstance.NotMatch",
    "MissingParam.Frequency",
    "InvalidParam.Frequency",
    "ParameterKey.Duplicate",
    "Parameter.NotMatched",
    "WindowsPasswordName.Missed",
    "Parameter.Disabled",
    "InvalidParameter.WorkingDir",
    "NumberExceed.ResourceTags",
    "MissingParameter.ResourceTagKey",
    "InvalidResourceTagKey.Malformed",
    "InvalidResourceTagValue.Malformed",
    "Duplicate.ResourceTagKey",
    "InvalidResourceTag.InstanceNotFound",
    "InvalidResourceTag.ConflictWithInstanceIds",
    "CmdContent.ExceedLimit",
    "CmdName.ExceedLimit",
    "CmdDesc.ExceedLimit",
    "CmdCount.ExceedQuota",
    "CmdParamCount.ExceedLimit",
    "CmdParamName.ExceedLimit",
    "InstanceIds.ExceedLimit",
    "Invocation.ExceedQuota",
    "ParameterCount.ExceedLimit",
    "ParameterKey.ExceedLimit",
    "ParameterType.NotSupported",
    "Username.ExceedLimit",
    "WindowsPasswordName.ExceedLimit",
    "ParameterStore.NotSupported",
    "TemporaryAccessKey.Error",
    "ParameterStore.InvalidParameters",
    "ParameterStore.NoPermission",
    "OperationDenied.BidOwnResource",
    "Operation.Forbidden",
    "IdempotentParameterMismatch",
    "IdempotentProcessing",
    "InvalidStatus.ResourceGroup",
    "InvalidParameterCharacter.CommandName",
    "InvalidParameterCharacter.CommandDescription",
    "InvalidParameterCharacter.CommandWorkingDir",
    "InvalidLauncher.LengthLimitExceeded",
    "InvalidParameterCharset.Parameters",
    "InvalidCmdType.NotFound",
    "InvalidRepeatMode.NotFound",
    "InvalidRegionId.NotFound",
    "InvalidInstance.NotFound",
    "InvalidCmdId.NotFound",
    "InvalidResourceGroup.NotFound",
    "InvalidTerminationMode.NotFound",
    "InternalError.Dispatch",
];

const SPEC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/error-codes.json");

type Row = serde_json::Map<String, Value>;

fn spec_text() -> String {
    std::fs::read_to_string(SPEC_PATH).expect("read spec/error-codes.json")
}

fn spec() -> Vec<Row> {
    let rows: Vec<Value> =
        serde_json::from_str(&spec_text()).expect("spec/error-codes.json is JSON");
    rows.into_iter()
        .map(|row| match row {
            Value::Object(map) => map,
            other => panic!("a row is not an object: {other}"),
        })
        .collect()
}

fn str_field<'a>(row: &'a Row, key: &str) -> &'a str {
    row.get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("row {row:?}: `{key}` is not a string"))
}

/// Alibaba Cloud's common errors (the API front end's, for signatures): the last rows of the
/// table, marked `"common_error": true`, in this order.
const COMMON_CODES: [&str; 13] = [
    "IncompleteSignature",
    "MissingAccessKeyId",
    "MissingSignature",
    "MissingSignatureNonce",
    "MissingTimestamp",
    "InvalidSignatureMethod",
    "InvalidSignatureVersion",
    "InvalidTimeStamp.Format",
    "InvalidTimeStamp.Expired",
    "InvalidAccessKeyId.NotFound",
    "SignatureDoesNotMatch",
    "SignatureNonceUsed",
    "Throttling",
];

#[test]
fn spec_rows_have_exactly_the_documented_keys() {
    let keys: HashSet<&str> = [
        "http_status",
        "code",
        "message",
        "description",
        "source",
        "in_reference_table",
    ]
    .into_iter()
    .collect();
    for row in spec() {
        let mut got: HashSet<&str> = row.keys().map(String::as_str).collect();
        // The marker of a common error is optional and, when present, `true`.
        if got.remove("common_error") {
            assert_eq!(row["common_error"], Value::Bool(true), "row {row:?}");
        }
        assert_eq!(got, keys, "row {row:?}");
        assert!(row["http_status"].is_u64(), "row {row:?}");
        assert!(row["in_reference_table"].is_boolean(), "row {row:?}");
        for key in ["code", "message", "description", "source"] {
            let text = str_field(&row, key);
            assert!(
                !text.is_empty() && text != "-",
                "row {row:?}: `{key}` is empty"
            );
        }
    }
}

#[test]
fn rust_table_matches_spec_row_by_row() {
    let spec = spec();
    assert_eq!(ErrorCode::ALL.len(), spec.len(), "row count");
    for (i, (code, row)) in ErrorCode::ALL.iter().zip(&spec).enumerate() {
        assert_eq!(code.as_str(), str_field(row, "code"), "row {i}: code");
        assert_eq!(
            u64::from(code.http_status()),
            row["http_status"].as_u64().expect("http_status"),
            "row {i} ({code}): http_status"
        );
        assert_eq!(
            code.message(),
            str_field(row, "message"),
            "row {i} ({code}): message"
        );
        assert_eq!(
            code.in_reference_table(),
            row["in_reference_table"]
                .as_bool()
                .expect("in_reference_table"),
            "row {i} ({code}): in_reference_table"
        );
    }
}

#[test]
fn codes_are_unique_and_round_trip() {
    let mut seen = HashSet::new();
    for &code in ErrorCode::ALL {
        assert!(seen.insert(code.as_str()), "{code} twice");
        assert_eq!(ErrorCode::from_code(code.as_str()), Some(code));
        assert_eq!(code.to_string(), code.as_str());
        assert_eq!(
            serde_json::to_string(&code).expect("serialize"),
            format!("\"{}\"", code.as_str())
        );
    }
    assert_eq!(ErrorCode::from_code("InvalidParam.frequency"), None);
    assert_eq!(ErrorCode::from_code(""), None);
}

#[test]
fn variant_is_the_code_without_dots() {
    for &code in ErrorCode::ALL {
        assert_eq!(format!("{code:?}"), code.as_str().replace('.', ""));
    }
}

#[test]
fn reference_table_codes_are_present_first_and_marked() {
    let spec = spec();
    assert_eq!(ErrorCode::REFERENCE_TABLE_ROWS, REFERENCE_CODES.len());
    for (i, expected) in REFERENCE_CODES.iter().enumerate() {
        let row = &spec[i];
        assert_eq!(str_field(row, "code"), *expected, "reference row {i}");
        assert_eq!(row["in_reference_table"], Value::Bool(true), "{expected}");
    }
    for row in &spec[REFERENCE_CODES.len()..] {
        assert_eq!(row["in_reference_table"], Value::Bool(false), "{row:?}");
    }
}

#[test]
fn added_codes_have_the_agreed_status_and_message() {
    for (code, name) in [
        (ErrorCode::MissingParameterRegionId, "RegionId"),
        (ErrorCode::MissingParameterType, "Type"),
        (ErrorCode::MissingParameterCommandContent, "CommandContent"),
    ] {
        assert_eq!(code.http_status(), 400);
        assert_eq!(
            code.message(),
            format!(
                "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
            )
        );
    }
    for (code, name) in [
        (ErrorCode::InvalidParameterLauncher, "Launcher"),
        (ErrorCode::InvalidParameterType, "Type"),
        (ErrorCode::InvalidParameterKeepCommand, "KeepCommand"),
        (
            ErrorCode::InvalidParameterEnableParameter,
            "EnableParameter",
        ),
        (ErrorCode::InvalidParameterParameters, "Parameters"),
        (
            ErrorCode::InvalidParameterResourceGroupId,
            "ResourceGroupId",
        ),
    ] {
        assert_eq!(code.http_status(), 400);
        assert_eq!(
            code.message(),
            format!("The specified parameter {name} is not valid.")
        );
    }
    assert_eq!(ErrorCode::InvalidParameter.http_status(), 400);
    assert_eq!(
        ErrorCode::InvalidParameter.message(),
        "The specified parameter is not valid."
    );
    assert_eq!(ErrorCode::InvalidTimeoutExceedLimit.http_status(), 403);
    assert_eq!(ErrorCode::ParameterMissingValue.http_status(), 400);
    assert_eq!(ErrorCode::ClientNeedUpgrade.http_status(), 400);
    assert_eq!(ErrorCode::InvalidEnvironmentParameter.http_status(), 400);
}

#[test]
fn error_body_json_encodes_the_request_id_in_recommend() {
    let err = ApiError::new(ErrorCode::InternalErrorDispatch, "upstream timed out");
    let json: Value =
        serde_json::from_str(&err.to_json("a b&c", "ecs.aliyuncs.com")).expect("JSON");
    assert_eq!(
        json,
        serde_json::json!({
            "RequestId": "a b&c",
            "HostId": "ecs.aliyuncs.com",
            "Code": "InternalError.Dispatch",
            "Message": "An error occurred when you dispatched the request.",
            "Recommend": "https://api.alibabacloud.com/troubleshoot?intl_lang=EN_US\
                          &q=InternalError.Dispatch&product=Ecs&requestId=a+b%26c",
        })
    );
}

#[test]
fn cli_codes_prints_the_spec() {
    let out = Command::new(env!("CARGO_BIN_EXE_runcommand"))
        .arg("codes")
        .output()
        .expect("run runcommand codes");
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    assert_eq!(stdout, spec_text());
    let printed: Value = serde_json::from_str(&stdout).expect("JSON");
    let rows = printed.as_array().expect("array");
    assert_eq!(rows.len(), ErrorCode::ALL.len());
    for (row, code) in rows.iter().zip(ErrorCode::ALL) {
        assert_eq!(row["code"], code.as_str());
        assert_eq!(row["http_status"], code.http_status());
        assert_eq!(row["message"], code.message());
    }
}

#[test]
fn common_errors_are_the_last_rows_marked_with_their_source() {
    let spec = spec();
    let first = spec.len() - COMMON_CODES.len();
    for (row, expected) in spec[first..].iter().zip(COMMON_CODES) {
        assert_eq!(str_field(row, "code"), expected);
        assert_eq!(row["common_error"], Value::Bool(true), "{expected}");
        assert_eq!(row["in_reference_table"], Value::Bool(false), "{expected}");
        let source = str_field(row, "source");
        assert!(
            source.contains("aliyun.com/"),
            "{expected}: the source names the documentation page: {source}"
        );
    }
    for row in &spec[..first] {
        assert!(row.get("common_error").is_none(), "{row:?}");
    }
    for (code, expected) in ErrorCode::ALL[first..].iter().zip(COMMON_CODES) {
        assert_eq!(code.as_str(), expected);
    }
}

#[test]
fn common_errors_have_the_documented_status_and_message() {
    let expected: [(ErrorCode, u16, &str); 13] = [
        (
            ErrorCode::IncompleteSignature,
            400,
            "The request signature does not conform to Aliyun standards.",
        ),
        (
            ErrorCode::MissingAccessKeyId,
            400,
            "AccessKeyId is mandatory for this action.",
        ),
        (
            ErrorCode::MissingSignature,
            400,
            "Signature is mandatory for this action.",
        ),
        (
            ErrorCode::MissingSignatureNonce,
            400,
            "SignatureNonce is mandatory for this action.",
        ),
        (
            ErrorCode::MissingTimestamp,
            400,
            "Timestamp is mandatory for this action.",
        ),
        (
            ErrorCode::InvalidSignatureMethod,
            400,
            "Specified signature method is not valid.",
        ),
        (
            ErrorCode::InvalidSignatureVersion,
            400,
            "Specified parameter SignatureVersion is not valid.",
        ),
        (
            ErrorCode::InvalidTimeStampFormat,
            400,
            "Specified time stamp or date value is not well formatted.",
        ),
        (
            ErrorCode::InvalidTimeStampExpired,
            400,
            "Specified time stamp or date value is expired.",
        ),
        (
            ErrorCode::InvalidAccessKeyIdNotFound,
            404,
            "Specified access key is not found.",
        ),
        (
            ErrorCode::SignatureDoesNotMatch,
            400,
            "Specified signature is not matched with our calculation.",
        ),
        (
            ErrorCode::SignatureNonceUsed,
            400,
            "Specified signature nonce was used already.",
        ),
        (
            ErrorCode::Throttling,
            400,
            "Request was denied due to request throttling.",
        ),
    ];
    for (code, status, message) in expected {
        assert_eq!(
            (code.http_status(), code.message()),
            (status, message),
            "{code}"
        );
    }
}
