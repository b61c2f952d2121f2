//! V3: the ACS3-HMAC-SHA256 signature of the Authorization header.

use std::borrow::Cow;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use super::error::{AuthError, AuthErrorKind, shown};
use super::params::{Params, canonical_query};
use super::{
    Context, Headers, HttpRequest, MAX_SIGNED_HEADERS, NonceStore, Scheme, SecretLookup, Verified,
};
use crate::wire::Times;

/// The only algorithm supported.
pub(super) const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// Length of a SHA-256 and of an HMAC-SHA256.
const HASH_LEN: usize = 32;

/// The headers that must be signed whenever they are present: the common request headers
/// (Alibaba Cloud: every common header but Authorization must be signed when present).
const SIGNED_WHEN_PRESENT: [&str; 7] = [
    "host",
    "x-acs-action",
    "x-acs-content-sha256",
    "x-acs-date",
    "x-acs-security-token",
    "x-acs-signature-nonce",
    "x-acs-version",
];

/// The parts of an Authorization header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Authorization<'a> {
    pub(super) credential: &'a str,
    pub(super) signed_headers: &'a str,
    pub(super) signature: [u8; HASH_LEN],
}

/// Verifies a request with an Authorization header.
pub(super) fn verify<'a, K, N>(
    request: &HttpRequest<'a>,
    headers: &Headers<'a>,
    authorization: &'a str,
    params: Params<'a>,
    context: &Context<'_, K>,
    nonces: &mut N,
) -> Result<Verified<'a>, AuthError>
where
    K: SecretLookup + ?Sized,
    N: NonceStore + ?Sized,
{
    let auth = parse_authorization(authorization)?;
    let signed: Vec<&str> = auth.signed_headers.split(';').collect();
    let is_signed = |name: &str| signed.binary_search(&name).is_ok();
    for name in SIGNED_WHEN_PRESENT {
        if headers.values(name).next().is_some() && !is_signed(name) {
            return Err(AuthError::new(AuthErrorKind::UnsignedHeader { name }));
        }
    }
    // A form body is covered by the body hash; whether it is read as parameters depends on the
    // Content-Type, which must then be signed too.
    if params.any_in_body() && !is_signed("content-type") {
        return Err(AuthError::new(AuthErrorKind::UnsignedHeader {
            name: "content-type",
        }));
    }
    let required = |name: &'static str| match headers.single(name)? {
        Some(value) if !value.trim().is_empty() => Ok(value.trim()),
        _ => Err(AuthError::new(AuthErrorKind::MissingHeader { name })),
    };
    let date = required("x-acs-date")?;
    let nonce = required("x-acs-signature-nonce")?;
    let declared_hash = required("x-acs-content-sha256")?;
    let token = headers
        .single("x-acs-security-token")?
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(Cow::Borrowed);
    let action = header_or_param(headers, "x-acs-action", &params, "Action")?;
    let api_version = header_or_param(headers, "x-acs-version", &params, "Version")?;
    let claims = context.claims(
        Cow::Borrowed(auth.credential),
        token,
        Cow::Borrowed(nonce),
        "x-acs-date",
        date,
    )?;
    let secret = context.secret(&claims)?;
    let body_hash = hex(&Sha256::digest(request.body));
    if declared_hash != body_hash {
        return Err(AuthError::new(AuthErrorKind::BodyHashMismatch {
            declared: shown(declared_hash),
            computed: body_hash.clone(),
        }));
    }
    let canonical = canonical_request(
        request,
        headers,
        &signed,
        auth.signed_headers,
        &params,
        body_hash.as_str(),
    )?;
    let string_to_sign = string_to_sign(&canonical);
    // HMAC takes a key of any length (hmac's `new_from_slice` never fails); were it to, the
    // request is refused, never accepted.
    let mismatch = || {
        AuthError::new(AuthErrorKind::SignatureMismatch {
            string_to_sign: None,
        })
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|_| mismatch())?;
    mac.update(string_to_sign.as_bytes());
    mac.verify_slice(&auth.signature).map_err(|_| mismatch())?;
    context.accept(
        nonces,
        Scheme::V3,
        claims,
        action,
        api_version,
        params.into_vec_without(None),
    )
}

/// A header's value, or else a parameter's; both given and different is a conflict.
fn header_or_param<'a>(
    headers: &Headers<'a>,
    header: &'static str,
    params: &Params<'a>,
    param: &'static str,
) -> Result<Option<Cow<'a, str>>, AuthError> {
    let from_header = headers.single(header)?.map(str::trim);
    let from_param = params.get(param).map(|p| &p.value);
    match (from_header, from_param) {
        (Some(h), Some(p)) if h != p.as_ref() => Err(AuthError::new(AuthErrorKind::Conflict {
            param,
            param_value: shown(p),
            header,
            header_value: shown(h),
        })),
        (Some(h), _) => Ok(Some(Cow::Borrowed(h))),
        (None, Some(p)) => Ok(Some(p.clone())),
        (None, None) => Ok(None),
    }
}

/// Reads `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b;c>,Signature=<64 hex digits>`.
///
/// The three fields may come in any order, each once, with blanks around the commas.
/// SignedHeaders must be lower-case names, sorted, each once, at most [`MAX_SIGNED_HEADERS`].
pub(super) fn parse_authorization(value: &str) -> Result<Authorization<'_>, AuthError> {
    let malformed = |offset: usize, reason: &'static str| {
        AuthError::new(AuthErrorKind::MalformedAuthorization { offset, reason })
    };
    let value = value.trim_end();
    let start = value.len() - value.trim_start().len();
    let (algorithm, fields) = value[start..]
        .split_once(' ')
        .unwrap_or((&value[start..], ""));
    if algorithm != ALGORITHM {
        if algorithm.is_empty() {
            return Err(malformed(start, "empty"));
        }
        return Err(AuthError::new(AuthErrorKind::UnsupportedAlgorithm {
            value: shown(algorithm),
        }));
    }
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    let mut at = start + algorithm.len() + 1;
    for field in fields.split(',') {
        let field_at = at + (field.len() - field.trim_start().len());
        at += field.len() + 1;
        let field = field.trim_matches(' ');
        let Some((key, text)) = field.split_once('=') else {
            return Err(malformed(field_at, "a field is not `name=value`"));
        };
        let slot = match key {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => {
                return Err(malformed(
                    field_at,
                    "unknown field (expected Credential, SignedHeaders, Signature)",
                ));
            }
        };
        if slot.replace((text, field_at)).is_some() {
            return Err(malformed(field_at, "a field is given twice"));
        }
    }
    let (
        Some((credential, credential_at)),
        Some((signed_headers, headers_at)),
        Some((signature, signature_at)),
    ) = (credential, signed_headers, signature)
    else {
        return Err(malformed(
            value.len(),
            "Credential, SignedHeaders and Signature are all required",
        ));
    };
    if credential.is_empty() {
        return Err(malformed(credential_at, "Credential is empty"));
    }
    check_signed_headers(signed_headers).map_err(|reason| malformed(headers_at, reason))?;
    let mut decoded = [0_u8; HASH_LEN];
    match base16ct::mixed::decode(signature, &mut decoded) {
        Ok(bytes) if bytes.len() == HASH_LEN => {}
        _ => {
            return Err(malformed(
                signature_at,
                "Signature is not 64 hexadecimal digits",
            ));
        }
    }
    Ok(Authorization {
        credential,
        signed_headers,
        signature: decoded,
    })
}

/// SignedHeaders: lower-case header names (visible ASCII but `;` and `,`), strictly ascending.
fn check_signed_headers(list: &str) -> Result<(), &'static str> {
    let mut previous: Option<&str> = None;
    for (i, name) in list.split(';').enumerate() {
        if i == MAX_SIGNED_HEADERS {
            return Err("SignedHeaders lists more names than the limit of 32");
        }
        if name.is_empty() {
            return Err("SignedHeaders has an empty name");
        }
        if !name
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b.is_ascii_uppercase() && b != b';' && b != b',')
        {
            return Err("SignedHeaders names must be lower-case visible ASCII");
        }
        if previous.is_some_and(|p| p >= name) {
            return Err("SignedHeaders must be sorted, each name once");
        }
        previous = Some(name);
    }
    Ok(())
}

/// The canonical request: method, path, canonical query (the query's parameters), one
/// `name:value` line per signed header (values trimmed, a repeated header's values sorted and
/// joined by `,`), the signed header list and the body hash, joined by `\n`.
pub(super) fn canonical_request(
    request: &HttpRequest<'_>,
    headers: &Headers<'_>,
    signed: &[&str],
    signed_list: &str,
    params: &Params<'_>,
    body_hash: &str,
) -> Result<Vec<u8>, AuthError> {
    let mut out = Vec::with_capacity(request.query.len() * 5 / 4 + 512);
    out.extend_from_slice(request.method.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(if request.path.is_empty() {
        b"/"
    } else {
        request.path.as_bytes()
    });
    out.push(b'\n');
    canonical_query(params.iter().filter(|p| !p.in_body), Times::Once, &mut out);
    out.push(b'\n');
    let mut values = Vec::new();
    for name in signed {
        values.clear();
        values.extend(headers.values(name).map(str::trim));
        if values.is_empty() {
            return Err(AuthError::new(AuthErrorKind::SignedHeaderAbsent {
                name: shown(name),
            }));
        }
        values.sort_unstable();
        out.extend_from_slice(name.as_bytes());
        out.push(b':');
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(value.as_bytes());
        }
        out.push(b'\n');
    }
    out.push(b'\n');
    out.extend_from_slice(signed_list.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(body_hash.as_bytes());
    Ok(out)
}

/// `ACS3-HMAC-SHA256\n` and the hex SHA-256 of the canonical request.
pub(super) fn string_to_sign(canonical_request: &[u8]) -> String {
    let mut out = String::with_capacity(ALGORITHM.len() + 1 + 2 * HASH_LEN);
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(&hex(&Sha256::digest(canonical_request)));
    out
}

/// Lower-case hex of a hash.
pub(super) fn hex(hash: &[u8]) -> String {
    base16ct::lower::encode_string(hash)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    const HEX: &str = "e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804";

    #[test]
    fn ok_parse_authorization() {
        let value =
            format!("ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host;x-acs-date,Signature={HEX}");
        let auth = parse_authorization(&value).unwrap();
        assert_eq!(auth.credential, "id");
        assert_eq!(auth.signed_headers, "host;x-acs-date");
        assert_eq!(auth.signature[..2], [0xe5, 0x21]);
        // Any order, blanks around commas, upper-case hex.
        let value = format!(
            "  ACS3-HMAC-SHA256 Signature={} , SignedHeaders=host, Credential=id ",
            HEX.to_uppercase()
        );
        assert_eq!(
            parse_authorization(&value).unwrap().signature,
            auth.signature
        );
    }

    #[test]
    fn err_parse_authorization() {
        let cases: [(String, AuthErrorKind); 10] = [
            (
                String::new(),
                AuthErrorKind::MalformedAuthorization {
                    offset: 0,
                    reason: "empty",
                },
            ),
            (
                "ACS3-HMAC-SM3 Credential=id".into(),
                AuthErrorKind::UnsupportedAlgorithm {
                    value: "ACS3-HMAC-SM3".into(),
                },
            ),
            (
                "acs id:sig".into(),
                AuthErrorKind::UnsupportedAlgorithm {
                    value: "acs".into(),
                },
            ),
            (
                "ACS3-HMAC-SHA256".into(),
                AuthErrorKind::MalformedAuthorization {
                    offset: 17,
                    reason: "a field is not `name=value`",
                },
            ),
            (
                format!(
                    "ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host,Signature={HEX},Extra=1"
                ),
                AuthErrorKind::MalformedAuthorization {
                    offset: 125,
                    reason: "unknown field (expected Credential, SignedHeaders, Signature)",
                },
            ),
            (
                format!("ACS3-HMAC-SHA256 Credential=id,Credential=id,Signature={HEX}"),
                AuthErrorKind::MalformedAuthorization {
                    offset: 31,
                    reason: "a field is given twice",
                },
            ),
            (
                format!("ACS3-HMAC-SHA256 Credential=id,Signature={HEX}"),
                AuthErrorKind::MalformedAuthorization {
                    offset: 105,
                    reason: "Credential, SignedHeaders and Signature are all required",
                },
            ),
            (
                format!("ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature={HEX}"),
                AuthErrorKind::MalformedAuthorization {
                    offset: 17,
                    reason: "Credential is empty",
                },
            ),
            (
                format!(
                    "ACS3-HMAC-SHA256 Credential=id,SignedHeaders=x-acs-date;host,Signature={HEX}"
                ),
                AuthErrorKind::MalformedAuthorization {
                    offset: 31,
                    reason: "SignedHeaders must be sorted, each name once",
                },
            ),
            (
                "ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host,Signature=abc".into(),
                AuthErrorKind::MalformedAuthorization {
                    offset: 50,
                    reason: "Signature is not 64 hexadecimal digits",
                },
            ),
        ];
        for (value, kind) in cases {
            assert_eq!(
                parse_authorization(&value).unwrap_err().kind,
                kind,
                "{value}"
            );
        }
    }

    #[test]
    fn err_signed_headers() {
        assert_eq!(check_signed_headers("a;b;c"), Ok(()));
        assert_eq!(
            check_signed_headers("a;;c"),
            Err("SignedHeaders has an empty name")
        );
        assert_eq!(
            check_signed_headers("a;a"),
            Err("SignedHeaders must be sorted, each name once")
        );
        assert_eq!(
            check_signed_headers("Host"),
            Err("SignedHeaders names must be lower-case visible ASCII")
        );
        assert_eq!(
            check_signed_headers("a b"),
            Err("SignedHeaders names must be lower-case visible ASCII")
        );
        let list: Vec<String> = (0..33).map(|i| format!("h{i:02}")).collect();
        assert_eq!(
            check_signed_headers(&list.join(";")),
            Err("SignedHeaders lists more names than the limit of 32")
        );
        assert_eq!(check_signed_headers(&list[..32].join(";")), Ok(()));
    }

    #[test]
    fn ok_hex() {
        assert_eq!(
            hex(&Sha256::digest(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn ok_canonical_request_joins_repeated_headers_sorted() {
        let headers = [("X-Acs-Date", "t"), ("x-b", " 2 "), ("X-B", "1")];
        let request = HttpRequest {
            method: "GET",
            path: "",
            query: b"b=2&a=%2a",
            headers: &headers,
            body: b"",
        };
        let params = Params::collect(request.query, None).unwrap();
        let canonical = canonical_request(
            &request,
            &Headers { all: &headers },
            &["x-acs-date", "x-b"],
            "x-acs-date;x-b",
            &params,
            "h",
        )
        .unwrap();
        assert_eq!(
            canonical,
            b"GET\n/\na=%2A&b=2\nx-acs-date:t\nx-b:1,2\n\nx-acs-date;x-b\nh"
        );
        let err = canonical_request(
            &request,
            &Headers { all: &headers },
            &["x-c"],
            "x-c",
            &params,
            "h",
        )
        .unwrap_err();
        assert_eq!(
            err.kind,
            AuthErrorKind::SignedHeaderAbsent { name: "x-c".into() }
        );
    }
}
