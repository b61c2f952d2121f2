//! Property tests of signature verification: a signed request verifies however its parameters
//! are escaped on the wire; any change to a signed part is `SignatureDoesNotMatch`; a change to
//! an unsigned header is not; the same nonce twice is a replay.
//!
//! Requests are signed here by a small reference signer written from the documented algorithms.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use ecs_runcommand::auth::{AuthError, HttpRequest, MemoryNonceStore, Options, Scheme, verify};
#[path = "support/sdk.rs"]
mod sdk;
use proptest::prelude::*;
use sdk::{
    encode_component, hex, v1_signature, v1_string_to_sign, v3_authorization, v3_canonical_request,
};
use sha2::{Digest, Sha256};

const SECRET: &str = "s3cr3t/+=key";
const NOW: &str = "2030-01-01T00:00:00Z";

fn now() -> DateTime<Utc> {
    NOW.parse().unwrap()
}

fn keys() -> HashMap<String, String> {
    HashMap::from([("LTAIprop".to_owned(), SECRET.to_owned())])
}

/// How a client writes one escaped name or value (each decodes to the same text).
#[derive(Debug, Clone, Copy)]
enum Style {
    /// Exactly the SDK encoding (`%20`, `%2A`, `~`).
    Canonical,
    /// A blank as `+` (the generated Python SDK).
    Plus,
    /// `* ( ) ! '` left raw (the generated Node.js SDK).
    RawStar,
    /// Lower-case hex digits, `~` escaped as `%7e`.
    LowerHex,
}

fn escape(text: &str, style: Style) -> String {
    let canonical = encode_component(text);
    match style {
        Style::Canonical => canonical,
        Style::Plus => canonical.replace("%20", "+"),
        Style::RawStar => canonical
            .replace("%2A", "*")
            .replace("%28", "(")
            .replace("%29", ")")
            .replace("%21", "!")
            .replace("%27", "'"),
        Style::LowerHex => {
            let mut out = String::new();
            let mut chars = canonical.chars();
            while let Some(c) = chars.next() {
                if c == '%' {
                    out.push('%');
                    out.extend(chars.next().map(|c| c.to_ascii_lowercase()));
                    out.extend(chars.next().map(|c| c.to_ascii_lowercase()));
                } else if c == '~' {
                    out.push_str("%7e");
                } else {
                    out.push(c);
                }
            }
            out
        }
    }
}

/// A request to sign: business parameters, where they travel, how they are escaped.
#[derive(Debug, Clone)]
struct Spec {
    scheme: Scheme,
    method: &'static str,
    params: BTreeMap<String, String>,
    in_body: bool,
    style: Style,
    nonce: String,
}

fn spec() -> impl Strategy<Value = Spec> {
    let names = prop::sample::select(vec![
        "RegionId",
        "Type",
        "CommandContent",
        "Name",
        "Description",
        "InstanceId.1",
        "InstanceId.10",
        "InstanceId.2",
        "Tag.1.Key",
        "Tag.1.Value",
        "Parameters",
        "Frequency",
        "a*b",
        "x y",
        "ü",
    ]);
    (
        prop::sample::select(vec![Scheme::V1, Scheme::V3]),
        prop::sample::select(vec!["POST", "GET"]),
        prop::collection::btree_map(
            names.prop_map(str::to_owned),
            "[a-zA-Z0-9 *~+%&=/()!'.:_-]{0,12}|\\PC{0,12}",
            1..8,
        ),
        any::<bool>(),
        prop::sample::select(vec![
            Style::Canonical,
            Style::Plus,
            Style::RawStar,
            Style::LowerHex,
        ]),
        "[0-9a-f]{32}",
    )
        .prop_map(|(scheme, method, params, in_body, style, nonce)| Spec {
            scheme,
            method,
            params,
            in_body,
            style,
            nonce,
        })
}

/// A signed request, as owned parts.
#[derive(Debug, Clone)]
struct Wire {
    method: String,
    query: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Wire {
    fn verify(&self, store: &mut MemoryNonceStore) -> Result<Vec<(String, String)>, AuthError> {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let request = HttpRequest {
            method: &self.method,
            path: "/",
            query: self.query.as_bytes(),
            headers: &headers,
            body: self.body.as_bytes(),
        };
        verify(&request, now(), &keys(), store, &Options::default()).map(|ok| {
            ok.params()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect()
        })
    }

    fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
    }
}

fn join(pairs: &BTreeMap<String, String>, style: Style) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k, style), escape(v, style)))
        .collect::<Vec<_>>()
        .join("&")
}

fn canonical(pairs: &BTreeMap<String, String>) -> String {
    join(pairs, Style::Canonical)
}

/// The parameters the verifier must return for `spec` (V1 adds its signature parameters).
fn v1_params(spec: &Spec) -> BTreeMap<String, String> {
    let mut all = spec.params.clone();
    for (k, v) in [
        ("AccessKeyId", "LTAIprop"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", spec.nonce.as_str()),
        ("SignatureVersion", "1.0"),
        ("Timestamp", NOW),
    ] {
        all.insert(k.to_owned(), v.to_owned());
    }
    all
}

/// Signs `spec` with the reference signer.
fn sign(spec: &Spec) -> Wire {
    match spec.scheme {
        Scheme::V1 => {
            let all = v1_params(spec);
            let pairs: Vec<(&String, &String)> = all.iter().collect();
            let signature = v1_signature(SECRET, &v1_string_to_sign(spec.method, &pairs));
            let mut sent = all;
            sent.insert("Signature".to_owned(), signature);
            let text = join(&sent, spec.style);
            if spec.in_body {
                Wire {
                    method: spec.method.to_owned(),
                    query: String::new(),
                    headers: vec![(
                        "Content-Type".to_owned(),
                        "application/x-www-form-urlencoded".to_owned(),
                    )],
                    body: text,
                }
            } else {
                Wire {
                    method: spec.method.to_owned(),
                    query: text,
                    headers: Vec::new(),
                    body: String::new(),
                }
            }
        }
        Scheme::V3 => {
            let (query, body, canonical_query) = if spec.in_body {
                (String::new(), join(&spec.params, spec.style), String::new())
            } else {
                (
                    join(&spec.params, spec.style),
                    String::new(),
                    canonical(&spec.params),
                )
            };
            let mut headers: BTreeMap<&str, String> = [
                ("host", "ecs.cn-hangzhou.aliyuncs.com".to_owned()),
                ("x-acs-action", "RunCommand".to_owned()),
                (
                    "x-acs-content-sha256",
                    hex(&Sha256::digest(body.as_bytes())),
                ),
                ("x-acs-date", NOW.to_owned()),
                ("x-acs-signature-nonce", spec.nonce.clone()),
                ("x-acs-version", "2014-05-26".to_owned()),
            ]
            .into_iter()
            .collect();
            if spec.in_body {
                headers.insert(
                    "content-type",
                    "application/x-www-form-urlencoded".to_owned(),
                );
            }
            let signed: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let canonical_request = v3_canonical_request(
                spec.method,
                "/",
                &canonical_query,
                &signed,
                &headers["x-acs-content-sha256"],
            );
            let authorization = v3_authorization("LTAIprop", SECRET, &signed, &canonical_request);
            let mut wire_headers = vec![("Authorization".to_owned(), authorization)];
            wire_headers.extend(headers.into_iter().map(|(k, v)| (k.to_owned(), v)));
            // Sent but not signed, as the Node.js SDK does.
            wire_headers.push(("user-agent".to_owned(), "AlibabaCloud Node.js".to_owned()));
            Wire {
                method: spec.method.to_owned(),
                query,
                headers: wire_headers,
                body,
            }
        }
    }
}

fn expected_params(spec: &Spec) -> Vec<(String, String)> {
    let all = match spec.scheme {
        Scheme::V1 => v1_params(spec),
        Scheme::V3 => spec.params.clone(),
    };
    let mut pairs: Vec<(String, String)> = all.into_iter().collect();
    pairs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    pairs
}

fn code(result: Result<Vec<(String, String)>, AuthError>) -> String {
    match result {
        Ok(_) => "accepted".to_owned(),
        Err(err) => err.code().as_str().to_owned(),
    }
}

/// The same request with its business parameters replaced (signature parts untouched).
fn resend(spec: &Spec, wire: &Wire, params: &BTreeMap<String, String>) -> Wire {
    let mut changed = wire.clone();
    let text = match spec.scheme {
        Scheme::V1 => {
            let mut all = params.clone();
            let sent = if spec.in_body {
                &wire.body
            } else {
                &wire.query
            };
            // Keep the signature parameters as sent.
            for pair in sent.split('&') {
                let name = pair.split('=').next().unwrap();
                if [
                    "AccessKeyId",
                    "Signature",
                    "SignatureMethod",
                    "SignatureNonce",
                    "SignatureVersion",
                    "Timestamp",
                ]
                .contains(&name)
                {
                    let value = &pair[name.len() + 1..];
                    all.insert(name.to_owned(), percent_decode(value));
                }
            }
            join(&all, spec.style)
        }
        Scheme::V3 => join(params, spec.style),
    };
    if spec.in_body {
        changed.body = text;
    } else {
        changed.query = text;
    }
    changed
}

/// Decodes the signature parameters of a test request (plain `%XX`, no `+`): test-side only.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn prop_signed_request_verifies(spec in spec()) {
        let wire = sign(&spec);
        let got = wire.verify(&mut MemoryNonceStore::new(4)).unwrap();
        prop_assert_eq!(got, expected_params(&spec));
    }

    #[test]
    fn prop_changed_value_does_not_match(spec in spec(), which in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), with in "[a-zA-Z0-9 *~+%&=]|\\PC") {
        let wire = sign(&spec);
        let mut params = spec.params.clone();
        let key = which.get(&params.keys().cloned().collect::<Vec<_>>()).clone();
        let value = params.get_mut(&key).unwrap();
        let mut chars: Vec<char> = value.chars().collect();
        let replacement = with.chars().next().unwrap();
        if chars.is_empty() {
            chars.push(replacement);
        } else {
            let i = at.index(chars.len());
            prop_assume!(chars[i] != replacement);
            chars[i] = replacement;
        }
        *value = chars.into_iter().collect();
        prop_assert_eq!(code(resend(&spec, &wire, &params).verify(&mut MemoryNonceStore::new(4))), "SignatureDoesNotMatch");
    }

    #[test]
    fn prop_added_or_removed_parameter_does_not_match(spec in spec(), which in any::<prop::sample::Index>(), add in any::<bool>()) {
        let wire = sign(&spec);
        let mut params = spec.params.clone();
        if add {
            params.insert("InstanceId.99".to_owned(), "i-added".to_owned());
        } else {
            let key = which.get(&params.keys().cloned().collect::<Vec<_>>()).clone();
            params.remove(&key);
        }
        prop_assert_eq!(code(resend(&spec, &wire, &params).verify(&mut MemoryNonceStore::new(4))), "SignatureDoesNotMatch");
    }

    #[test]
    fn prop_signed_header_changed_does_not_match(spec in spec(), which in prop::sample::select(vec!["host", "x-acs-action", "x-acs-version"]), value in "[a-zA-Z0-9.-]{1,20}") {
        prop_assume!(spec.scheme == Scheme::V3);
        let mut wire = sign(&spec);
        let before = wire.headers.iter().find(|(n, _)| n == which).unwrap().1.clone();
        prop_assume!(before != value);
        wire.set_header(which, &value);
        prop_assert_eq!(code(wire.verify(&mut MemoryNonceStore::new(4))), "SignatureDoesNotMatch");
    }

    #[test]
    fn prop_unsigned_header_changed_still_verifies(spec in spec(), name in prop::sample::select(vec!["user-agent", "accept", "X-Forwarded-For", "x-request-id"]), value in "[ -~]{0,40}") {
        let mut wire = sign(&spec);
        wire.set_header(name, &value);
        let got = wire.verify(&mut MemoryNonceStore::new(4)).unwrap();
        prop_assert_eq!(got, expected_params(&spec));
    }

    #[test]
    fn prop_same_nonce_twice_is_a_replay(spec in spec(), other in spec()) {
        let mut store = MemoryNonceStore::new(4);
        let wire = sign(&spec);
        prop_assert_eq!(code(wire.verify(&mut store)), "accepted");
        prop_assert_eq!(code(wire.verify(&mut store)), "SignatureNonceUsed");
        // Another request, validly signed, with the same nonce is a replay too; with another
        // nonce it is not.
        let same_nonce = Spec { nonce: spec.nonce.clone(), ..other.clone() };
        prop_assert_eq!(code(sign(&same_nonce).verify(&mut store)), "SignatureNonceUsed");
        prop_assume!(other.nonce != spec.nonce);
        prop_assert_eq!(code(sign(&other).verify(&mut store)), "accepted");
    }
}

/// Bytes that matter to the parsers, and a few that do not.
fn wire_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(b"%&=+;,:*~ 0aF9".to_vec()),
            any::<u8>(),
        ],
        0..max,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn prop_arbitrary_requests_are_answered_without_panic(
        method in "[A-Za-z]{0,8}",
        query in wire_bytes(200),
        body in wire_bytes(100),
        headers in prop::collection::vec(
            (
                prop::sample::select(vec![
                    "Authorization", "content-type", "x-acs-date", "x-acs-signature-nonce",
                    "x-acs-content-sha256", "host", "x-acs-action", "x-other",
                ]),
                "ACS3-HMAC-SHA256 ?[A-Za-z=,; 0-9a-f-]{0,80}|application/x-www-form-urlencoded|[ -~]{0,30}",
            ),
            0..6,
        ),
    ) {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let request = HttpRequest { method: &method, path: "/", query: &query, headers: &headers, body: &body };
        if let Err(err) = verify(&request, now(), &keys(), &mut MemoryNonceStore::new(4), &Options::default()) {
            prop_assert!(!err.to_string().is_empty());
            prop_assert!(err.code().http_status() == 400 || err.code().http_status() == 404);
        }
    }
}
