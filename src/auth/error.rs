//! [`AuthError`]: why a request's signature was not accepted, with the typed data a detail
//! needs. The one mapping to error codes and to [`ApiError`](crate::ApiError)
//! (`AuthError::code` and the `From` impl) is in `error/auth.rs`.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Utc};

use crate::wire::WireError;

/// Why a request's signature was not accepted.
///
/// [`code`](AuthError::code) is the documented common error it answers with, `Display` the
/// precise detail (field, value, offset, limit). A V1 signature that does not match keeps the
/// server's string to sign ([`server_string_to_sign`](AuthError::server_string_to_sign)), which
/// aliyun-python-sdk-core reads from the error message
/// ([`response_message`](AuthError::response_message)).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct AuthError {
    pub(crate) kind: AuthErrorKind,
}

impl AuthError {
    pub(crate) const fn new(kind: AuthErrorKind) -> AuthError {
        AuthError { kind }
    }

    /// The server's V1 string to sign when a V1 signature does not match (`None` otherwise).
    pub fn server_string_to_sign(&self) -> Option<&str> {
        match &self.kind {
            AuthErrorKind::SignatureMismatch {
                string_to_sign: Some(text),
            } => Some(text),
            _ => None,
        }
    }

    /// The `Message` an API endpoint answers: the code's documented message, followed for a V1
    /// signature that does not match by ` server string to sign is:` and the string to sign,
    /// as Alibaba Cloud's front end answers and aliyun-python-sdk-core parses.
    pub fn response_message(&self) -> Cow<'static, str> {
        let message = self.code().message();
        match self.server_string_to_sign() {
            Some(text) => Cow::Owned(format!("{message} server string to sign is:{text}")),
            None => Cow::Borrowed(message),
        }
    }

    /// The byte offset of the fault in its part of the request (query, body or the
    /// Authorization header), where the error has one.
    pub fn offset(&self) -> Option<usize> {
        match &self.kind {
            AuthErrorKind::Decode {
                source:
                    WireError::BadPercentEncoding { offset } | WireError::InvalidUtf8 { offset, .. },
                ..
            }
            | AuthErrorKind::MalformedAuthorization { offset, .. } => Some(*offset),
            _ => None,
        }
    }
}

/// A part of the HTTP request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Method,
    Path,
    Query,
    Body,
    HeaderBytes,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Method => "the method",
            Part::Path => "the path",
            Part::Query => "the query",
            Part::Body => "the body",
            Part::HeaderBytes => "the header names and values",
        })
    }
}

/// A V1 signature parameter that must be present and not empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum V1Part {
    AccessKeyId,
    Signature,
    SignatureNonce,
    Timestamp,
}

impl V1Part {
    pub(crate) const fn name(self) -> &'static str {
        match self {
            V1Part::AccessKeyId => "AccessKeyId",
            V1Part::Signature => "Signature",
            V1Part::SignatureNonce => "SignatureNonce",
            V1Part::Timestamp => "Timestamp",
        }
    }
}

/// The kinds of [`AuthError`]. Pieces of input they carry are shortened (64 characters, then `...`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum AuthErrorKind {
    /// A part of the request is over its size limit (checked before anything is read).
    #[error("{part} is {len} bytes, more than the limit of {limit}")]
    TooLarge {
        part: Part,
        len: usize,
        limit: usize,
    },
    /// More items than the limit (headers, parameters, signed headers).
    #[error("more than {limit} {what}")]
    TooMany { what: &'static str, limit: usize },
    /// A key or value of the query or form body that the one percent-decoder refuses (bad
    /// percent-encoding, or not UTF-8 once decoded); its offset is in `part`.
    #[error("{part}: {source}")]
    Decode { part: Part, source: WireError },
    /// The same parameter name twice (in the query, the body, or once in each).
    #[error("parameter `{name}` is given more than once")]
    DuplicateParameter { name: String },
    /// A header the verifier reads is given more than once.
    #[error("header `{name}` is given {count} times")]
    DuplicateHeader { name: &'static str, count: usize },
    /// `Action` and `x-acs-action` (or `Version` and `x-acs-version`) disagree.
    #[error("parameter `{param}` is `{param_value}` but header `{header}` is `{header_value}`")]
    Conflict {
        param: &'static str,
        param_value: String,
        header: &'static str,
        header_value: String,
    },
    /// A V1 signature parameter is missing or empty.
    #[error("the {} parameter is missing or empty", .0.name())]
    MissingParameter(V1Part),
    /// A V3 header that must be present is missing or empty.
    #[error("header `{name}` is missing or empty")]
    MissingHeader { name: &'static str },
    /// An AccessKeyId or nonce longer than the verifier keeps.
    #[error("{what} is {len} bytes, more than the limit of {limit}")]
    TooLong {
        what: &'static str,
        len: usize,
        limit: usize,
    },
    /// `SignatureMethod` is not `HMAC-SHA1`.
    #[error("SignatureMethod `{value}` is not supported (only HMAC-SHA1)")]
    UnsupportedSignatureMethod { value: String },
    /// `SignatureVersion` is not `1.0`.
    #[error("SignatureVersion `{value}` is not supported (only 1.0)")]
    UnsupportedSignatureVersion { value: String },
    /// The Authorization header names an algorithm other than `ACS3-HMAC-SHA256`.
    #[error("signature algorithm `{value}` is not supported (only ACS3-HMAC-SHA256)")]
    UnsupportedAlgorithm { value: String },
    /// The Authorization header does not have the documented form.
    #[error("Authorization header, byte {offset}: {reason}")]
    MalformedAuthorization { offset: usize, reason: &'static str },
    /// The V1 `Signature` is not the Base64 of a 20-byte HMAC-SHA1.
    #[error("Signature `{value}` is not the Base64 of a 20-byte HMAC-SHA1")]
    MalformedSignature { value: String },
    /// A header listed in `SignedHeaders` is not in the request.
    #[error("signed header `{name}` is not in the request")]
    SignedHeaderAbsent { name: String },
    /// A header that must be signed when present is not in `SignedHeaders`.
    #[error("header `{name}` is present but not in SignedHeaders")]
    UnsignedHeader { name: &'static str },
    /// The timestamp is not `yyyy-MM-ddTHH:mm:ssZ`.
    #[error("{field} `{value}` is not a UTC time of the form yyyy-MM-ddTHH:mm:ssZ")]
    TimestampFormat { field: &'static str, value: String },
    /// The timestamp is further from `now` than the allowed skew.
    #[error(
        "{field} {} is {} s from now ({}); at most {max_skew_secs} s is allowed",
        .timestamp.format("%Y-%m-%dT%H:%M:%SZ"),
        (*.now - *.timestamp).num_seconds().abs(),
        .now.format("%Y-%m-%dT%H:%M:%SZ"),
    )]
    TimestampExpired {
        field: &'static str,
        timestamp: DateTime<Utc>,
        now: DateTime<Utc>,
        max_skew_secs: u32,
    },
    /// The caller's lookup knows no secret for the AccessKeyId (and security token).
    #[error("AccessKeyId `{id}` is not known")]
    UnknownAccessKeyId { id: String },
    /// `x-acs-content-sha256` is not the SHA-256 of the body.
    #[error("x-acs-content-sha256 `{declared}` is not the SHA-256 of the body ({computed})")]
    BodyHashMismatch { declared: String, computed: String },
    /// The signature is not the one computed with the secret.
    #[error("{}", match .string_to_sign {
        Some(text) => format!("the signature does not match; server string to sign is:{text}"),
        None => "the signature does not match the canonical request".to_owned(),
    })]
    SignatureMismatch { string_to_sign: Option<String> },
    /// The nonce was already used by this AccessKeyId within the window.
    #[error("SignatureNonce `{nonce}` was already used within the allowed time window")]
    NonceUsed { nonce: String },
    /// The nonce memory is full of nonces that are still within the window.
    #[error("the nonce memory is full of nonces within the allowed time window")]
    NonceStoreFull,
}

/// `text` shortened for an error, as every detail quotes input.
pub(crate) fn shown(text: &str) -> String {
    crate::error::shorten(text)
}
