//! V1: the HMAC-SHA1 RPC signature carried in the parameters.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

use super::error::{AuthError, AuthErrorKind, V1Part, shown};
use super::params::{Params, canonical_query};
use super::{Context, HttpRequest, NonceStore, Scheme, SecretLookup, Verified};
use crate::wire::{Times, ascii_text};

/// Length of an HMAC-SHA1.
const MAC_LEN: usize = 20;

/// Verifies a request without an Authorization header.
pub(super) fn verify<'a, K, N>(
    request: &HttpRequest<'a>,
    params: Params<'a>,
    context: &Context<'_, K>,
    nonces: &mut N,
) -> Result<Verified<'a>, AuthError>
where
    K: SecretLookup + ?Sized,
    N: NonceStore + ?Sized,
{
    let value = |name: &str| params.get(name).map(|p| p.value.clone());
    let required = |part: V1Part| match value(part.name()) {
        Some(text) if !text.is_empty() => Ok(text),
        _ => Err(AuthError::new(AuthErrorKind::MissingParameter(part))),
    };
    let signature = required(V1Part::Signature)?;
    let access_key_id = required(V1Part::AccessKeyId)?;
    let timestamp = required(V1Part::Timestamp)?;
    let nonce = required(V1Part::SignatureNonce)?;
    // Absent means the documented (and only) values.
    if let Some(method) = value("SignatureMethod").filter(|m| m != "HMAC-SHA1") {
        return Err(AuthError::new(AuthErrorKind::UnsupportedSignatureMethod {
            value: shown(&method),
        }));
    }
    if let Some(version) = value("SignatureVersion").filter(|v| v != "1.0") {
        return Err(AuthError::new(AuthErrorKind::UnsupportedSignatureVersion {
            value: shown(&version),
        }));
    }
    let sent = decode_signature(&signature)?;
    let token = value("SecurityToken").filter(|t| !t.is_empty());
    let claims = context.claims(access_key_id, token, nonce, "Timestamp", &timestamp)?;
    let secret = context.secret(&claims)?;
    let string_to_sign = string_to_sign(
        request.method,
        &params,
        request.query.len() + request.body.len(),
    );
    let mut key = Vec::with_capacity(secret.len() + 1);
    key.extend_from_slice(secret.as_bytes());
    key.push(b'&');
    let mismatch = |string_to_sign: Vec<u8>| {
        AuthError::new(AuthErrorKind::SignatureMismatch {
            string_to_sign: Some(ascii_text(string_to_sign)),
        })
    };
    // HMAC takes a key of any length (hmac's `new_from_slice` never fails); were it to, the
    // request is refused, never accepted.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(&key) else {
        return Err(mismatch(string_to_sign));
    };
    mac.update(&string_to_sign);
    if mac.verify_slice(&sent).is_err() {
        return Err(mismatch(string_to_sign));
    }
    let action = value("Action");
    let api_version = value("Version");
    let params = params.into_vec_without(Some(V1Part::Signature.name()));
    context.accept(nonces, Scheme::V1, claims, action, api_version, params)
}

/// The 20 bytes of a `Signature` (standard Base64 with padding, canonical).
fn decode_signature(text: &str) -> Result<[u8; MAC_LEN], AuthError> {
    let mut out = [0_u8; MAC_LEN + 3];
    match STANDARD.decode_slice(text, &mut out) {
        Ok(MAC_LEN) => {
            let mut mac = [0_u8; MAC_LEN];
            mac.copy_from_slice(&out[..MAC_LEN]);
            Ok(mac)
        }
        _ => Err(AuthError::new(AuthErrorKind::MalformedSignature {
            value: shown(text),
        })),
    }
}

/// `METHOD&%2F&` and the canonical query (every parameter but `Signature`) percent-encoded once
/// more, written in one pass.
///
/// `encoded_len` is the length of the query and body as sent, from which the capacity is
/// guessed: the SDKs send the canonical encoding, which the string to sign grows by `25` per
/// escape.
pub(super) fn string_to_sign(method: &str, params: &Params<'_>, encoded_len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(method.len() + 5 + encoded_len + encoded_len / 2);
    out.extend_from_slice(method.as_bytes());
    out.extend_from_slice(b"&%2F&");
    canonical_query(
        params.iter().filter(|p| p.name != V1Part::Signature.name()),
        Times::Twice,
        &mut out,
    );
    out
}

/// The V1 signature of `params` with `secret`, for tests.
#[cfg(test)]
pub(super) fn sign(method: &str, params: &Params<'_>, secret: &str) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(format!("{secret}&").as_bytes())
        .unwrap_or_else(|_| unreachable!());
    mac.update(&string_to_sign(method, params, 0));
    STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use std::borrow::Cow;

    /// Alibaba Cloud's documented example (API signature mechanism, DescribeRegions with
    /// AccessKeyId `testid` and secret `testsecret`): its parameters spell `TimeStamp`, so it
    /// is checked here at the level of the string to sign.
    #[test]
    fn ok_documented_example() {
        let query =
            b"TimeStamp=2016-02-23T12:46:24Z&Format=XML&AccessKeyId=testid&Action=DescribeRegions\
            &SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf\
            &Version=2014-05-26&SignatureVersion=1.0";
        let params = Params::collect(query, None).unwrap();
        assert_eq!(
            ascii_text(string_to_sign("GET", &params, 0)),
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML\
             %26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf\
             %26SignatureVersion%3D1.0%26TimeStamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
        );
        assert_eq!(
            sign("GET", &params, "testsecret"),
            "CT9X0VtwR86fNWSnsc6v8YGOjuE="
        );
    }

    #[test]
    fn ok_signature_is_decoded_or_refused() {
        assert_eq!(
            decode_signature("CT9X0VtwR86fNWSnsc6v8YGOjuE=").unwrap()[..3],
            [0x09, 0x3f, 0x57]
        );
        for bad in [
            "CT9X0VtwR86fNWSnsc6v8YGOjuE",
            "CT9X0VtwR86fNWSnsc6v8YGOjuF=",
            "CT9X0VtwR86fNWSnsc6v8YGOjuE==",
            "AAAA",
            "CT9X0VtwR86fNWSnsc6v8YGOjuE=AAAA",
            "CT9X0VtwR86fNWSnsc6v8YGOju-=",
        ] {
            assert_eq!(
                decode_signature(bad).unwrap_err().kind,
                AuthErrorKind::MalformedSignature { value: bad.into() },
                "{bad}"
            );
        }
    }

    #[test]
    fn ok_string_to_sign_reencodes_what_was_sent() {
        // `*` raw (Node.js), `+` for a space (the generated SDK), `%7E` for `~`, lower-case hex.
        let params = Params::collect(b"b=a*b+c%7e&a=%2a", None).unwrap();
        assert_eq!(
            ascii_text(string_to_sign("POST", &params, 0)),
            "POST&%2F&a%3D%252A%26b%3Da%252Ab%2520c~"
        );
    }

    #[test]
    fn ok_canonical_strings_do_not_depend_on_the_cow() {
        let borrowed = Params::collect(b"a=x", None).unwrap();
        assert!(matches!(borrowed.get("a").unwrap().value, Cow::Borrowed(_)));
        let owned = Params::collect(b"a=%78", None).unwrap();
        assert!(matches!(owned.get("a").unwrap().value, Cow::Owned(_)));
        assert_eq!(
            ascii_text(string_to_sign("GET", &borrowed, 0)),
            ascii_text(string_to_sign("GET", &owned, 0))
        );
    }
}
