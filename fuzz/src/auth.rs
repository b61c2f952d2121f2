//! Signatures: any HTTP request is answered without a panic, the same way twice; a request
//! signed here (from the algorithm as the SDKs write it, not by the library) verifies with
//! exactly its parameters, fails once a signed value changes, and is not disturbed by an
//! unsigned header.

use std::collections::{BTreeMap, HashMap};

use arbitrary::{Arbitrary, Unstructured};
use chrono::{DateTime, Utc};
use ecs_runcommand::auth::{AuthError, HttpRequest, MemoryNonceStore, Options, Verified, verify};
use sha2::{Digest, Sha256};

use crate::Outcome;
use crate::sdk::{
    self, encode_component, hex, v1_signature, v1_string_to_sign, v3_authorization,
    v3_canonical_request,
};

const ID: &str = "testid";
const SECRET: &str = "testsecret";
const TIME: &str = "2025-01-01T00:00:00Z";

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_735_689_600, 0).unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

fn keys() -> HashMap<String, String> {
    HashMap::from([(ID.to_owned(), SECRET.to_owned())])
}

/// What a verification answered, comparable.
fn outcome(result: &Result<Verified<'_>, AuthError>) -> Result<Vec<(String, String)>, String> {
    match result {
        Ok(ok) => Ok(ok
            .params()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect()),
        Err(err) => Err(format!("{} {err}", err.code().as_str())),
    }
}

fn run(request: &HttpRequest<'_>) -> Result<Vec<(String, String)>, String> {
    let mut nonces = MemoryNonceStore::new(4);
    outcome(&verify(
        request,
        now(),
        &keys(),
        &mut nonces,
        &Options::default(),
    ))
}

/// The first byte picks the target: even, a raw HTTP request; odd, a request signed here.
///
/// # Panics
/// When the same request is answered two ways, a signed request does not verify (or verifies
/// with other parameters), a changed one does, or anything panics.
pub fn auth(data: &[u8]) -> Outcome {
    let Some((&selector, rest)) = data.split_first() else {
        return Outcome::Reject;
    };
    let mut u = Unstructured::new(rest);
    if selector & 1 == 0 {
        raw(&mut u)
    } else {
        signed(&mut u, selector & 2 == 0)
    }
}

fn raw(u: &mut Unstructured<'_>) -> Outcome {
    let Ok((method, path, query, headers, body)) =
        <(&str, &str, &[u8], Vec<(&str, &str)>, &[u8])>::arbitrary(u)
    else {
        return Outcome::Reject;
    };
    let request = HttpRequest {
        method,
        path,
        query,
        headers: &headers,
        body,
    };
    let first = run(&request);
    assert_eq!(first, run(&request), "answered two ways");
    Outcome::Keep
}

/// The parameters, encoded, in name order.
fn join(params: &BTreeMap<String, String>) -> String {
    let pairs: Vec<(&String, &String)> = params.iter().collect();
    sdk::join(&pairs)
}

/// The names the signing adds (and `Action` and `Version`, which V3 also sends as signed
/// headers), which the fuzzer's parameters must not take.
const RESERVED: [&str; 9] = [
    "Action",
    "Version",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "SecurityToken",
];

fn signed(u: &mut Unstructured<'_>, v1: bool) -> Outcome {
    let Ok((pairs, tamper, mut extra)) =
        <(Vec<(String, String)>, (u8, char), String)>::arbitrary(u)
    else {
        return Outcome::Reject;
    };
    extra.truncate(extra.floor_char_boundary(256));
    let mut params: BTreeMap<String, String> = pairs
        .into_iter()
        .filter(|(k, _)| !k.is_empty() && !RESERVED.contains(&k.as_str()))
        .take(40)
        .collect();
    if v1 {
        for (k, v) in [
            ("AccessKeyId", ID),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "fuzz-nonce"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", TIME),
        ] {
            params.insert(k.to_owned(), v.to_owned());
        }
    }
    let expected: Vec<(String, String)> = params.clone().into_iter().collect();
    let (query, headers) = if v1 {
        (sign_v1(&params), Vec::new())
    } else {
        sign_v3(&params)
    };
    let borrowed: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: query.as_bytes(),
        headers: &borrowed,
        body: b"",
    };
    assert_eq!(run(&request), Ok(expected.clone()), "a signed request");

    // A header nobody signed changes nothing.
    let mut more = borrowed.clone();
    more.push(("x-fuzz-unsigned", extra.as_str()));
    let request = HttpRequest {
        headers: &more,
        ..request
    };
    assert_eq!(
        run(&request),
        Ok(expected),
        "an unsigned header changed the answer"
    );

    // A signed value changed, the signature kept: refused.
    let names: Vec<String> = params
        .keys()
        .filter(|k| !RESERVED.contains(&k.as_str()))
        .cloned()
        .collect();
    if names.is_empty() {
        return Outcome::Keep;
    }
    let name = &names[usize::from(tamper.0) % names.len()];
    let mut changed = params.clone();
    if let Some(value) = changed.get_mut(name) {
        value.push(tamper.1);
    }
    let query = if v1 {
        let signature = query
            .rsplit_once("&Signature=")
            .map_or("", |(_, s)| s)
            .to_owned();
        format!("{}&Signature={signature}", join(&changed))
    } else {
        join(&changed)
    };
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: query.as_bytes(),
        headers: &borrowed,
        body: b"",
    };
    match run(&request) {
        Err(answer) => assert!(
            answer.starts_with("SignatureDoesNotMatch"),
            "a changed value answered {answer}"
        ),
        Ok(_) => panic!("a changed value verified"),
    }
    Outcome::Keep
}

fn sign_v1(params: &BTreeMap<String, String>) -> String {
    let pairs: Vec<(&String, &String)> = params.iter().collect();
    let signature = v1_signature(SECRET, &v1_string_to_sign("POST", &pairs));
    format!(
        "{}&Signature={}",
        join(params),
        encode_component(&signature)
    )
}

fn sign_v3(params: &BTreeMap<String, String>) -> (String, Vec<(String, String)>) {
    let empty = hex(&Sha256::digest(b""));
    let headers: Vec<(String, String)> = [
        ("host", "ecs.cn-hangzhou.aliyuncs.com"),
        ("x-acs-action", "RunCommand"),
        ("x-acs-content-sha256", empty.as_str()),
        ("x-acs-date", TIME),
        ("x-acs-signature-nonce", "fuzz-nonce"),
        ("x-acs-version", "2014-05-26"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let signed: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let query = join(params);
    let canonical = v3_canonical_request("POST", "/", &query, &signed, &empty);
    let authorization = v3_authorization(ID, SECRET, &signed, &canonical);
    let mut all = headers;
    all.push(("Authorization".to_owned(), authorization));
    (query, all)
}
