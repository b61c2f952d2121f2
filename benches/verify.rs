//! Benchmarks: signature verification of the typical request of `benches/request.rs`, signed
//! (`verify/v1/typical`, `verify/v3/typical`), beside the hash and HMAC primitives alone over the
//! same bytes (`verify/v1/primitives`: HMAC-SHA1 of the string to sign; `verify/v3/primitives`:
//! SHA-256 of the body and of the canonical request, HMAC-SHA256 of the string to sign).
//! `verify/v1/escapes_only` is a floor under any V1 verifier: the typical query's `%` written
//! `%25`, nothing else (`spec/auth.md`, section 9).
//!
//! The nonce memory of the measured calls forgets everything (each iteration sends the same
//! nonce); `verify/nonce/memory` measures the in-memory store alone.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::hint::black_box;

use chrono::{DateTime, TimeDelta, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use ecs_runcommand::auth::{
    HttpRequest, MemoryNonceStore, NonceOutcome, NonceStore, Options, Scheme, verify,
};
#[path = "support/requests.rs"]
mod requests;
#[path = "../tests/support/sdk.rs"]
mod sdk;
use hmac::{Hmac, KeyInit, Mac};
use requests::{TYPICAL_INSTANCES, typical_pairs};
use sdk::{hex, join, v1_signature, v1_string_to_sign, v3_authorization, v3_canonical_request};
use sha1::Sha1;
use sha2::{Digest, Sha256};

const NOW: &str = "2025-01-01T00:00:00Z";
const SECRET: &str = "testsecret";

/// The typical request of `benches/request.rs`: 1 KB content with 3 custom parameters, 3
/// instances, 2 tags, a cron Frequency.
fn typical() -> Vec<(String, String)> {
    typical_pairs(&TYPICAL_INSTANCES)
}

/// A nonce memory that remembers nothing, so the same request can be verified again.
struct Forget;

impl NonceStore for Forget {
    fn check_and_remember(
        &mut self,
        _: &str,
        _: &str,
        _: DateTime<Utc>,
        _: DateTime<Utc>,
    ) -> NonceOutcome {
        NonceOutcome::Fresh
    }
}

/// The V1 request (query only, as aliyun-python-sdk-core sends it) and its string to sign
/// (signed by the tests' plain reference, not the library).
fn v1() -> (String, String) {
    let mut pairs = typical();
    for (k, v) in [
        ("AccessKeyId", "testid"),
        ("Format", "JSON"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "5f0c2f8a4b6e4d3c9a1b7e2d6c8f0a13"),
        ("SignatureType", ""),
        ("SignatureVersion", "1.0"),
        ("Timestamp", NOW),
    ] {
        pairs.push((k.to_owned(), v.to_owned()));
    }
    let string_to_sign = v1_string_to_sign("POST", &pairs);
    pairs.push((
        "Signature".to_owned(),
        v1_signature(SECRET, &string_to_sign),
    ));
    (join(&pairs), string_to_sign)
}

/// The V3 request (the generated Python SDK's shape: parameters in the query, no body), its
/// headers and its canonical request (signed by the tests' plain reference, not the library).
fn v3() -> (String, Vec<(String, String)>, String) {
    let mut pairs = typical();
    pairs.retain(|(k, _)| k != "Action" && k != "Version");
    let query = join(&pairs);
    pairs.sort();
    let canonical_query = join(&pairs);
    let empty = hex(&Sha256::digest(b""));
    let mut headers: Vec<(String, String)> = [
        ("accept", "application/json"),
        ("host", "ecs.cn-hangzhou.aliyuncs.com"),
        (
            "user-agent",
            "AlibabaCloud (Linux; x86_64) Python/3.12.3 Core/2.16.1 TeaDSL/1",
        ),
        ("x-acs-action", "RunCommand"),
        ("x-acs-content-sha256", empty.as_str()),
        ("x-acs-credentials-provider", "static_ak"),
        ("x-acs-date", NOW),
        ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
        ("x-acs-version", "2014-05-26"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let signed: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let canonical = v3_canonical_request("POST", "/", &canonical_query, &signed, &empty);
    let authorization = v3_authorization("testid", SECRET, &signed, &canonical);
    headers.insert(0, ("Authorization".to_owned(), authorization));
    (query, headers, canonical)
}

/// `raw` with each `%` written `%25`, as fast as plain safe code goes: 64 bytes at a time, the
/// `%`s found by compares the compiler vectorises and gathered into a bit mask, the runs
/// between them copied 16 bytes at a time into a zeroed output.
fn escape_percents(raw: &[u8], out: &mut Vec<u8>) {
    out.resize(raw.len() * 3 + 16, 0);
    let mut written = 0;
    for block in raw.chunks(64) {
        let mut window = [0_u8; 80];
        window[..block.len()].copy_from_slice(block);
        let mut flags = [0_u8; 64];
        for (flag, &b) in flags.iter_mut().zip(window.iter()) {
            *flag = u8::from(b == b'%');
        }
        let mut bits = 0_u64;
        for (i, word) in flags.chunks_exact(8).enumerate() {
            let word = u64::from_le_bytes(word.try_into().unwrap());
            bits |= (word.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * i);
        }
        let mut from = 0;
        let copy = |out: &mut Vec<u8>, written: usize, from: usize, len: usize| {
            let mut done = 0;
            while done < len {
                out[written + done..written + done + 16]
                    .copy_from_slice(&window[from + done..from + done + 16]);
                done += 16;
            }
        };
        while bits != 0 {
            let at = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            copy(out, written, from, at + 1 - from);
            written += at + 1 - from;
            out[written..written + 2].copy_from_slice(b"25");
            written += 2;
            from = at + 1;
        }
        copy(out, written, from, block.len() - from);
        written += block.len() - from;
    }
    out.truncate(written);
}

fn now() -> DateTime<Utc> {
    NOW.parse().unwrap()
}

fn keys() -> HashMap<String, String> {
    HashMap::from([("testid".to_owned(), SECRET.to_owned())])
}

fn bench(c: &mut Criterion) {
    let now = now();
    let keys = keys();
    let options = Options::default();
    let mut group = c.benchmark_group("verify");

    let (query, string_to_sign) = v1();
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: query.as_bytes(),
        headers: &[],
        body: b"",
    };
    let ok = verify(&request, now, &keys, &mut Forget, &options).unwrap();
    assert_eq!((ok.scheme(), ok.params().len()), (Scheme::V1, 23));
    group.bench_function("v1/typical", |b| {
        b.iter(|| {
            let ok = verify(black_box(&request), now, &keys, &mut Forget, &options).unwrap();
            black_box(ok.params().len())
        });
    });
    let key = format!("{SECRET}&");
    group.bench_function("v1/primitives", |b| {
        b.iter(|| {
            let mut mac = Hmac::<Sha1>::new_from_slice(black_box(key.as_bytes())).unwrap();
            mac.update(black_box(string_to_sign.as_bytes()));
            black_box(mac.finalize().into_bytes())
        });
    });

    // Less than any V1 verifier does: the query as sent, each `%` written `%25` (what the string
    // to sign's escapes cost when a request comes sorted and canonical), with no parsing,
    // sorting or checking.
    let mut out = Vec::new();
    escape_percents(query.as_bytes(), &mut out);
    assert_eq!(out, query.replace('%', "%25").into_bytes());
    group.bench_function("v1/escapes_only", |b| {
        b.iter(|| {
            out.clear();
            escape_percents(black_box(query.as_bytes()), &mut out);
            black_box(out.len())
        });
    });

    let (query, headers, canonical) = v3();
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let request = HttpRequest {
        method: "POST",
        path: "/",
        query: query.as_bytes(),
        headers: &headers,
        body: b"",
    };
    let ok = verify(&request, now, &keys, &mut Forget, &options).unwrap();
    assert_eq!((ok.scheme(), ok.params().len()), (Scheme::V3, 14));
    group.bench_function("v3/typical", |b| {
        b.iter(|| {
            let ok = verify(black_box(&request), now, &keys, &mut Forget, &options).unwrap();
            black_box(ok.params().len())
        });
    });
    group.bench_function("v3/primitives", |b| {
        b.iter(|| {
            let body_hash = Sha256::digest(black_box(b""));
            let request_hash = Sha256::digest(black_box(canonical.as_bytes()));
            // The string to sign is the algorithm line and the hex of the request hash.
            let mut mac = Hmac::<Sha256>::new_from_slice(black_box(SECRET.as_bytes())).unwrap();
            mac.update(b"ACS3-HMAC-SHA256\n");
            mac.update(&[0_u8; 64][..2 * request_hash.len()]);
            black_box((body_hash, mac.finalize().into_bytes()))
        });
    });

    group.bench_function("nonce/memory", |b| {
        // One request a second: about 900 nonces held, one expiring per call.
        let mut store = MemoryNonceStore::new(1 << 20);
        let mut n = 0_i64;
        b.iter(|| {
            n += 1;
            let at = now + TimeDelta::seconds(n);
            let nonce = format!("{n:032x}");
            assert_eq!(
                store.check_and_remember("testid", &nonce, at + TimeDelta::seconds(900), at),
                NonceOutcome::Fresh
            );
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
