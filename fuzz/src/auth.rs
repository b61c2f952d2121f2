//! Signatures: any HTTP request is answered without a panic, the same way twice; a request
//! signed here (from the algorithm as the SDKs write it, not by the library) verifies with
//! exactly its parameters, fails once a signed value changes, and is not disturbed by an
//! unsigned header.

use std::collections::{BTreeMap, HashMap};

use arbitrary::{Arbitrary, Unstructured};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use ecs_runcommand::auth::{AuthError, HttpRequest, MemoryNonceStore, Options, Verified, verify};
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::Outcome;
use crate::sdk::encode_component;

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

fn join(params: &BTreeMap<String, String>) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
    let string_to_sign = format!("POST&%2F&{}", encode_component(&join(params)));
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(format!("{SECRET}&").as_bytes()) else {
        unreachable!("HMAC takes keys of any length")
    };
    mac.update(string_to_sign.as_bytes());
    let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
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
    let names: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
    let lines: String = headers.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let query = join(params);
    let canonical = format!("POST\n/\n{query}\n{lines}\n{}\n{empty}", names.join(";"));
    let string_to_sign = format!(
        "ACS3-HMAC-SHA256\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()) else {
        unreachable!("HMAC takes keys of any length")
    };
    mac.update(string_to_sign.as_bytes());
    let authorization = format!(
        "ACS3-HMAC-SHA256 Credential={ID},SignedHeaders={},Signature={}",
        names.join(";"),
        hex(&mac.finalize().into_bytes())
    );
    let mut all = headers;
    all.push(("Authorization".to_owned(), authorization));
    (query, all)
}
