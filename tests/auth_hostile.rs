//! Hostile input to signature verification: each is answered with its code and a detail that
//! shows the limit was checked before anything was read (the oversized parts also hold faults
//! that would answer differently had they been parsed). Limits are exact: at the limit is read,
//! one past it is refused.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use ecs_runcommand::auth::{AuthError, HttpRequest, MemoryNonceStore, Options, verify};
use serde_json::Value;

fn now() -> DateTime<Utc> {
    "2030-01-01T00:00:00Z".parse().unwrap()
}

fn keys() -> HashMap<String, String> {
    HashMap::from([("testid".to_owned(), "testsecret".to_owned())])
}

fn run(request: &HttpRequest<'_>) -> Result<usize, AuthError> {
    verify(
        request,
        now(),
        &keys(),
        &mut MemoryNonceStore::new(4),
        &Options::default(),
    )
    .map(|ok| ok.params().len())
}

fn answer(request: &HttpRequest<'_>) -> (String, String) {
    let err = run(request).unwrap_err();
    (err.code().as_str().to_owned(), err.to_string())
}

/// A test vector's request: (method, query, headers, body).
fn vector(name: &str) -> (String, String, Vec<(String, String)>, String) {
    let case: Value = include_str!("../spec/cases/auth.jsonl")
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .find(|case| case["name"] == name)
        .unwrap();
    let r = &case["request"];
    (
        r["method"].as_str().unwrap().to_owned(),
        r["query"].as_str().unwrap().to_owned(),
        r["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h[0].as_str().unwrap().to_owned(),
                    h[1].as_str().unwrap().to_owned(),
                )
            })
            .collect(),
        r.get("body").map_or("", |b| b.as_str().unwrap()).to_owned(),
    )
}

fn borrow(headers: &[(String, String)]) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

const MALFORMED_AUTHORIZATION: (&str, &str) = ("Authorization", "ACS3-HMAC-SHA256 garbage");

#[test]
fn err_ten_megabyte_query() {
    // A bad escape first: had the query been decoded, the answer would be about it.
    let query = format!("%zz{}", "a=b&".repeat(10 * 1024 * 1024 / 4));
    let headers = [MALFORMED_AUTHORIZATION];
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: query.as_bytes(),
        headers: &headers,
        body: b"",
    };
    assert_eq!(
        answer(&request),
        (
            "InvalidParameter".into(),
            format!(
                "the query is {} bytes, more than the limit of 131072",
                query.len()
            )
        )
    );
}

#[test]
fn err_ten_megabyte_body() {
    let body = vec![b'%'; 10 * 1024 * 1024];
    let headers = [("Content-Type", "application/x-www-form-urlencoded")];
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: b"",
        headers: &headers,
        body: &body,
    };
    assert_eq!(
        answer(&request),
        (
            "InvalidParameter".into(),
            "the body is 10485760 bytes, more than the limit of 131072".into()
        )
    );
}

#[test]
fn err_hundred_thousand_headers() {
    let mut headers = vec![MALFORMED_AUTHORIZATION; 2];
    headers.extend(std::iter::repeat_n(("x-pad", "v"), 100_000));
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: b"%zz",
        headers: &headers,
        body: b"",
    };
    assert_eq!(
        answer(&request),
        ("InvalidParameter".into(), "more than 64 headers".into())
    );
}

#[test]
fn ok_headers_at_the_limits() {
    let (method, query, mut headers, body) = vector("v3/get");
    // 64 headers in all.
    let pad = 64 - headers.len();
    headers.extend((0..pad).map(|i| (format!("x-pad-{i}"), "v".to_owned())));
    let request = HttpRequest {
        method: &method,
        path: "/",
        query: query.as_bytes(),
        headers: &borrow(&headers),
        body: body.as_bytes(),
    };
    assert_eq!(run(&request).unwrap(), 4);
    headers.push(("x-one-more".into(), "v".into()));
    let request = HttpRequest {
        method: &method,
        path: "/",
        query: query.as_bytes(),
        headers: &borrow(&headers),
        body: body.as_bytes(),
    };
    assert_eq!(
        answer(&request),
        ("InvalidParameter".into(), "more than 64 headers".into())
    );
    // 16 KiB of names and values in all.
    let (method, query, mut headers, body) = vector("v3/get");
    let used: usize = headers.iter().map(|(n, v)| n.len() + v.len()).sum();
    headers.push(("x-big".into(), "v".repeat(16 * 1024 - used - 5)));
    let request = HttpRequest {
        method: &method,
        path: "/",
        query: query.as_bytes(),
        headers: &borrow(&headers),
        body: body.as_bytes(),
    };
    assert_eq!(run(&request).unwrap(), 4);
    headers.last_mut().unwrap().1.push('v');
    let request = HttpRequest {
        method: &method,
        path: "/",
        query: query.as_bytes(),
        headers: &borrow(&headers),
        body: body.as_bytes(),
    };
    assert_eq!(
        answer(&request),
        (
            "InvalidParameter".into(),
            "the header names and values is 16385 bytes, more than the limit of 16384".into()
        )
    );
}

#[test]
fn err_method_and_path_limits() {
    let long_method = "P".repeat(17);
    let request = HttpRequest {
        method: &long_method,
        path: "/",
        query: b"",
        headers: &[],
        body: b"",
    };
    assert_eq!(
        answer(&request),
        (
            "InvalidParameter".into(),
            "the method is 17 bytes, more than the limit of 16".into()
        )
    );
    let long_path = "/".repeat(2049);
    let request = HttpRequest {
        method: "POST",
        path: &long_path,
        query: b"",
        headers: &[],
        body: b"",
    };
    assert_eq!(
        answer(&request),
        (
            "InvalidParameter".into(),
            "the path is 2049 bytes, more than the limit of 2048".into()
        )
    );
}

#[test]
fn err_too_many_parameters() {
    let query: String = (0..257).map(|i| format!("p{i}=v&")).collect();
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: query.as_bytes(),
        headers: &[],
        body: b"",
    };
    assert_eq!(
        answer(&request),
        ("InvalidParameter".into(), "more than 256 parameters".into())
    );
    // 256 are read (and then lack a signature).
    let query: String = (0..256).map(|i| format!("p{i}=v&")).collect();
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: query.as_bytes(),
        headers: &[],
        body: b"",
    };
    assert_eq!(answer(&request).0, "MissingSignature");
}

#[test]
fn err_query_of_separators_and_bad_bytes() {
    let query = vec![b'&'; 128 * 1024];
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: &query,
        headers: &[],
        body: b"",
    };
    assert_eq!(
        answer(&request),
        (
            "MissingSignature".into(),
            "the Signature parameter is missing or empty".into()
        )
    );
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: b"a=%C3%28&b=\xff",
        headers: &[],
        body: b"",
    };
    let err = run(&request).unwrap_err();
    assert_eq!(
        (err.code().as_str(), err.to_string(), err.offset()),
        (
            "InvalidParameter",
            "the query: key or value starting at byte 2 is not UTF-8 once percent-decoded"
                .to_owned(),
            Some(2)
        )
    );
}

#[test]
fn err_malformed_authorization_headers() {
    let long = format!("ACS3-HMAC-SHA256 Credential={}", "x".repeat(15_000));
    let cases: [(&str, &str, &str); 8] = [
        (
            "",
            "IncompleteSignature",
            "Authorization header, byte 0: empty",
        ),
        (
            "   ",
            "IncompleteSignature",
            "Authorization header, byte 0: empty",
        ),
        (
            "\u{0}\u{1}",
            "InvalidSignatureMethod",
            "signature algorithm `\u{0}\u{1}` is not supported (only ACS3-HMAC-SHA256)",
        ),
        (
            "ACS3-HMAC-SHA256 ,,,,",
            "IncompleteSignature",
            "Authorization header, byte 17: a field is not `name=value`",
        ),
        (
            "ACS3-HMAC-SHA256 Credential=é,SignedHeaders=Ü,Signature=ß",
            "IncompleteSignature",
            "Authorization header, byte 31: SignedHeaders names must be lower-case visible ASCII",
        ),
        (
            "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=zz",
            "IncompleteSignature",
            "Authorization header, byte 49: Signature is not 64 hexadecimal digits",
        ),
        (
            &long,
            "IncompleteSignature",
            "Authorization header, byte 15028: Credential, SignedHeaders and Signature are all required",
        ),
        (
            "AWS4-HMAC-SHA256 Credential=a/b/c",
            "InvalidSignatureMethod",
            "signature algorithm `AWS4-HMAC-SHA256` is not supported (only ACS3-HMAC-SHA256)",
        ),
    ];
    for (value, code, detail) in cases {
        let headers = [("authorization", value)];
        let request = HttpRequest {
            method: "POST",
            path: "/",
            query: b"",
            headers: &headers,
            body: b"",
        };
        assert_eq!(
            answer(&request),
            (code.to_owned(), detail.to_owned()),
            "{:.60}",
            value
        );
    }
}

#[test]
fn err_overlong_access_key_id_and_nonce() {
    let (method, query, mut headers, body) = vector("v3/get");
    for (name, value) in headers.iter_mut() {
        if name == "x-acs-signature-nonce" {
            *value = "n".repeat(129);
        }
    }
    let request = HttpRequest {
        method: &method,
        path: "/",
        query: query.as_bytes(),
        headers: &borrow(&headers),
        body: body.as_bytes(),
    };
    assert_eq!(
        answer(&request),
        (
            "IncompleteSignature".into(),
            "the nonce is 129 bytes, more than the limit of 128".into()
        )
    );
    let query = format!(
        "AccessKeyId={}&Signature=x&Timestamp=t&SignatureNonce=n",
        "k".repeat(129)
    );
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: query.as_bytes(),
        headers: &[],
        body: b"",
    };
    assert_eq!(answer(&request).0, "IncompleteSignature");
}

#[test]
fn err_long_values_are_shortened_in_details() {
    let query = format!(
        "AccessKeyId=testid&Signature=AAAAAAAAAAAAAAAAAAAAAAAAAAA%3D&SignatureNonce=n&Timestamp={}",
        "9".repeat(100_000)
    );
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: query.as_bytes(),
        headers: &[],
        body: b"",
    };
    let (code, detail) = answer(&request);
    assert_eq!(code, "InvalidTimeStamp.Format");
    assert_eq!(
        detail,
        format!(
            "Timestamp `{}...` is not a UTC time of the form yyyy-MM-ddTHH:mm:ssZ",
            "9".repeat(64)
        )
    );
}

#[test]
fn err_full_nonce_memory_is_throttling() {
    let (method, query, headers, body) = vector("v3/get");
    let headers = borrow(&headers);
    let request = HttpRequest {
        method: &method,
        path: "/",
        query: query.as_bytes(),
        headers: &headers,
        body: body.as_bytes(),
    };
    let err = verify(
        &request,
        now(),
        &keys(),
        &mut MemoryNonceStore::new(0),
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(
        (
            err.code().as_str(),
            err.code().http_status(),
            err.to_string()
        ),
        (
            "Throttling",
            400,
            "the nonce memory is full of nonces within the allowed time window".to_owned()
        )
    );
}
