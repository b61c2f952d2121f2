//! Verifying and checking in one call (`auth::verify_and_check`): a signed RunCommand request is
//! checked from its signed parameters only, a signature fault answers before any rule, and a rule
//! fault of a signed request is the rule's answer.
//!
//! The requests are signed here from the algorithm as the SDKs write it (not by the library).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

#[path = "support/sdk.rs"]
mod sdk;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use ecs_runcommand::auth::{HttpRequest, MemoryNonceStore, Options, Scheme, verify_and_check};
use ecs_runcommand::{ApiError, CheckedRequest};
use sdk::{
    encode_component, hex, join, v1_signature, v1_string_to_sign, v3_authorization,
    v3_canonical_request,
};
use sha2::{Digest, Sha256};

const SECRET: &str = "testsecret";

fn now() -> DateTime<Utc> {
    "2030-01-01T00:00:30Z".parse().unwrap()
}

fn keys() -> HashMap<String, String> {
    HashMap::from([("testid".to_owned(), SECRET.to_owned())])
}

/// `pairs` with the V1 signature parameters and the signature, as aliyun-python-sdk-core
/// writes them.
fn sign_v1(method: &str, pairs: &[(&str, &str)], nonce: &str) -> String {
    let mut all: Vec<(&str, &str)> = pairs.to_vec();
    all.extend([
        ("AccessKeyId", "testid"),
        ("Format", "JSON"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", nonce),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "2030-01-01T00:00:00Z"),
        ("Version", "2014-05-26"),
        ("Action", "RunCommand"),
    ]);
    all.sort_unstable();
    let signature = v1_signature(SECRET, &v1_string_to_sign(method, &all));
    format!("{}&Signature={}", join(&all), encode_component(&signature))
}

fn run(request: &HttpRequest<'_>) -> Result<CheckedRequest, ApiError> {
    let mut nonces = MemoryNonceStore::new(16);
    verify_and_check(request, now(), &keys(), &mut nonces, &Options::default())
        .map(|(_, checked)| checked)
}

fn code(result: Result<CheckedRequest, ApiError>) -> (u16, String, String) {
    let err = result.unwrap_err();
    (
        err.http_status(),
        err.code().as_str().to_owned(),
        err.detail().to_owned(),
    )
}

const RUN: [(&str, &str); 6] = [
    ("RegionId", "cn-hangzhou"),
    ("Type", "RunShellScript"),
    ("CommandContent", "echo {{name}} & done"),
    ("EnableParameter", "true"),
    ("Parameters", r#"{"name":"a b"}"#),
    ("InstanceId.1", "i-bp1demo"),
];

#[test]
fn ok_v1_query_is_verified_and_checked() {
    let query = sign_v1("POST", &RUN, "n-query");
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: query.as_bytes(),
        headers: &[],
        body: b"",
    };
    let mut nonces = MemoryNonceStore::new(16);
    let (who, checked) =
        verify_and_check(&request, now(), &keys(), &mut nonces, &Options::default()).unwrap();
    assert_eq!(
        (who.scheme(), who.access_key_id(), who.action()),
        (Scheme::V1, "testid", Some("RunCommand"))
    );
    assert_eq!(checked.content(), b"echo {{name}} & done");
    assert_eq!(checked.instance_ids()[0].as_str(), "i-bp1demo");
    assert_eq!(
        checked.to_query(),
        "CommandContent=echo%20%7B%7Bname%7D%7D%20%26%20done&ContentEncoding=PlainText&\
         EnableParameter=true&InstanceId.1=i-bp1demo&KeepCommand=false&Parameters=%7B%22name%22%3A%22a%20b%22%7D&\
         RegionId=cn-hangzhou&RepeatMode=Once&Timeout=60&Type=RunShellScript"
    );
}

#[test]
fn ok_v1_form_body_is_verified_and_checked() {
    // The SDK's POST with a form body: the signature parameters in the query, the rest in the
    // body; V1 signs both.
    let signed = sign_v1("POST", &RUN, "n-form");
    let (body, query): (Vec<&str>, Vec<&str>) = signed.split('&').partition(|pair| {
        RUN.iter()
            .any(|(k, _)| pair.starts_with(&format!("{}=", encode_component(k))))
    });
    let (query, body) = (query.join("&"), body.join("&"));
    let headers = [("Content-Type", "application/x-www-form-urlencoded")];
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: query.as_bytes(),
        headers: &headers,
        body: body.as_bytes(),
    };
    assert_eq!(run(&request).unwrap().content(), b"echo {{name}} & done");
}

#[test]
fn err_signature_fault_answers_before_any_rule() {
    // Type is missing (a rule fault) and a signed value was changed (a signature fault).
    let pairs: Vec<(&str, &str)> = RUN.iter().copied().filter(|(k, _)| *k != "Type").collect();
    let query = sign_v1("POST", &pairs, "n-tampered").replace("cn-hangzhou", "cn-beijing");
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: query.as_bytes(),
        headers: &[],
        body: b"",
    };
    let (status, code, _) = code(run(&request));
    assert_eq!((status, code.as_str()), (400, "SignatureDoesNotMatch"));
}

#[test]
fn err_signed_request_breaking_a_rule_gets_the_rule_answer() {
    let pairs: Vec<(&str, &str)> = RUN.iter().copied().filter(|(k, _)| *k != "Type").collect();
    let query = sign_v1("POST", &pairs, "n-rule");
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: query.as_bytes(),
        headers: &[],
        body: b"",
    };
    assert_eq!(
        code(run(&request)),
        (
            400,
            "MissingParameter.Type".to_owned(),
            "Type: missing or empty".to_owned()
        )
    );
}

#[test]
fn ok_v3_unsigned_parts_do_not_reach_the_check() {
    // V3 with a form body: the body is covered by its hash, the Content-Type is signed. An
    // unsigned header naming a parameter changes nothing.
    let body = join(&RUN);
    let body_hash = hex(&Sha256::digest(body.as_bytes()));
    let signed_headers: [(&str, &str); 6] = [
        ("content-type", "application/x-www-form-urlencoded"),
        ("host", "ecs.cn-hangzhou.aliyuncs.com"),
        ("x-acs-action", "RunCommand"),
        ("x-acs-content-sha256", body_hash.as_str()),
        ("x-acs-date", "2030-01-01T00:00:00Z"),
        ("x-acs-signature-nonce", "n-v3"),
    ];
    let canonical = v3_canonical_request("POST", "/", "", &signed_headers, &body_hash);
    let authorization = v3_authorization("testid", SECRET, &signed_headers, &canonical);
    let mut headers = signed_headers.to_vec();
    headers.push(("Authorization", authorization.as_str()));
    headers.push(("x-acs-commandcontent", "rm -rf /"));
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: b"",
        headers: &headers,
        body: body.as_bytes(),
    };
    let mut nonces = MemoryNonceStore::new(16);
    let (who, checked) =
        verify_and_check(&request, now(), &keys(), &mut nonces, &Options::default()).unwrap();
    assert_eq!(
        (who.scheme(), who.action()),
        (Scheme::V3, Some("RunCommand"))
    );
    assert_eq!(checked.content(), b"echo {{name}} & done");
}
