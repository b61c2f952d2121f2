//! What the official SDKs do to a request, written plainly so tests, benches and the fuzz
//! targets can build wire input without going through the library: the percent-encoder, and
//! the V1 (aliyun-python-sdk-core) and V3 (alibabacloud-tea-openapi) signatures, as
//! `spec/auth.md` describes them. Each includer uses part of it.

#![allow(dead_code, clippy::expect_used)]

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// Percent-encodes as the official SDKs do: only `A-Za-z0-9-_.~` stay as
/// they are, every other byte becomes `%XX` with upper-case hex digits.
pub(crate) fn encode_component(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `name=value` pairs, each name and value encoded, joined by `&`, in the order given.
pub(crate) fn join<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                encode_component(k.as_ref()),
                encode_component(v.as_ref())
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The V1 string to sign of `pairs` (every parameter but `Signature`): sorted by name, joined
/// encoded, and encoded once more after `METHOD&%2F&`.
pub(crate) fn v1_string_to_sign<K: AsRef<str>, V: AsRef<str>>(
    method: &str,
    pairs: &[(K, V)],
) -> String {
    let mut sorted: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    sorted.sort_unstable();
    format!("{method}&%2F&{}", encode_component(&join(&sorted)))
}

/// The V1 signature of a string to sign: Base64 of its HMAC-SHA1 keyed with the secret and `&`.
pub(crate) fn v1_signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac =
        Hmac::<Sha1>::new_from_slice(format!("{secret}&").as_bytes()).expect("HMAC takes any key");
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Lower-case hex, as V3 writes hashes and signatures.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The V3 canonical request: method, path, canonical query, one `name:value` line per signed
/// header (`headers`: lower-case names, sorted, values as sent), the list of their names and
/// the body hash, joined by `\n`.
pub(crate) fn v3_canonical_request(
    method: &str,
    path: &str,
    canonical_query: &str,
    headers: &[(&str, &str)],
    body_hash: &str,
) -> String {
    let names: Vec<&str> = headers.iter().map(|(k, _)| *k).collect();
    let lines: String = headers.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    format!(
        "{method}\n{path}\n{canonical_query}\n{lines}\n{}\n{body_hash}",
        names.join(";")
    )
}

/// The V3 Authorization header of a canonical request whose signed headers are `headers`:
/// the hex HMAC-SHA256, keyed with the secret, of `ACS3-HMAC-SHA256\n` and the hex SHA-256
/// of the canonical request.
pub(crate) fn v3_authorization(
    id: &str,
    secret: &str,
    headers: &[(&str, &str)],
    canonical_request: &str,
) -> String {
    let string_to_sign = format!(
        "ACS3-HMAC-SHA256\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(string_to_sign.as_bytes());
    let names: Vec<&str> = headers.iter().map(|(k, _)| *k).collect();
    format!(
        "ACS3-HMAC-SHA256 Credential={id},SignedHeaders={},Signature={}",
        names.join(";"),
        hex(&mac.finalize().into_bytes())
    )
}
