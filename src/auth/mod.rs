//! Signatures: decide who sent a request, as Alibaba Cloud's API front end does, before any
//! rule of RunCommand is looked at.
//!
//! Two schemes, both pure functions of the request and a secret:
//!
//! ```text
//! V1  HMAC-SHA1 RPC signature (aliyun-python-sdk-core, pop-core, signature_algorithm="v2")
//!     AccessKeyId, SignatureMethod=HMAC-SHA1, SignatureVersion=1.0, SignatureNonce,
//!     Timestamp, Signature in the query and/or a form body
//!     string to sign  METHOD&%2F&encode(canonical query)          key  secret + "&"
//! V3  ACS3-HMAC-SHA256 (alibabacloud-tea-openapi, the generated SDKs' default)
//!     Authorization: ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>
//!     x-acs-date, x-acs-signature-nonce, x-acs-content-sha256 (hex SHA-256 of the body)
//!     canonical request  METHOD \n path \n canonical query \n name:value\n... \n a;b \n body hash
//!     string to sign  ACS3-HMAC-SHA256 \n hex(SHA-256(canonical request))      key  secret
//! ```
//!
//! The canonical query is every parameter, decoded and encoded again by the crate's one
//! percent-encoder (only `A-Za-z0-9-_.~` left as they are), sorted by name, joined as `name=value` with `&` (V1: query and form body together,
//! without `Signature`; V3: the query only, the body being covered by its hash).
//!
//! [`verify`] takes the request ([`HttpRequest`]), `now`, the caller's secrets
//! ([`SecretLookup`]), the caller's replay memory ([`NonceStore`], with the bounded
//! [`MemoryNonceStore`]) and [`Options`], and answers a [`Verified`] request (who, which scheme,
//! and the decoded signed parameters only) or an [`AuthError`] with Alibaba Cloud's documented
//! common error code. The readings chosen, the order of the checks and the limits are in
//! `spec/auth.md`.
//!
//! # Example
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use ecs_runcommand::auth::{verify, HttpRequest, MemoryNonceStore, Options, Scheme};
//! use std::collections::HashMap;
//!
//! // Alibaba Cloud's own V3 example (secret `YourAccessKeySecret`).
//! let keys = HashMap::from([("YourAccessKeyId".to_owned(), "YourAccessKeySecret".to_owned())]);
//! let headers = [
//!     ("Authorization", "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804"),
//!     ("host", "ecs.cn-shanghai.aliyuncs.com"),
//!     ("x-acs-action", "RunInstances"),
//!     ("x-acs-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
//!     ("x-acs-date", "2023-10-26T09:01:01Z"),
//!     ("x-acs-signature-nonce", "d410180a5abf7fe235dd9b74aca91fc0"),
//!     ("x-acs-version", "2014-05-26"),
//! ];
//! let request = HttpRequest {
//!     method: "POST",
//!     path: "/",
//!     query: b"ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
//!     headers: &headers,
//!     body: b"",
//! };
//! let now = Utc.with_ymd_and_hms(2023, 10, 26, 9, 5, 0).unwrap();
//! let mut nonces = MemoryNonceStore::new(1024);
//! let ok = verify(&request, now, &keys, &mut nonces, &Options::default())?;
//! assert_eq!((ok.scheme(), ok.access_key_id(), ok.action()), (Scheme::V3, "YourAccessKeyId", Some("RunInstances")));
//! assert_eq!(ok.params().collect::<Vec<_>>(), [("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"), ("RegionId", "cn-shanghai")]);
//!
//! // The same request again is a replay.
//! let err = verify(&request, now, &keys, &mut nonces, &Options::default()).unwrap_err();
//! assert_eq!(err.code().as_str(), "SignatureNonceUsed");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod nonce;
mod params;
mod time;
mod v1;
mod v3;

pub use error::AuthError;
pub use nonce::{MemoryNonceStore, NonceOutcome, NonceStore};

pub(crate) use error::{AuthErrorKind, Part, V1Part};

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasher;

use chrono::{DateTime, TimeDelta, Utc};

use crate::{ApiError, CheckedRequest, RawRequest};

use error::shown;
use params::{Param, Params};

/// Longest query accepted, in bytes (a RunCommand at its 24 KiB content limit, every byte
/// escaped, stays well below it).
pub(crate) const MAX_QUERY_BYTES: usize = 128 * 1024;
/// Longest body accepted, in bytes.
pub(crate) const MAX_BODY_BYTES: usize = 128 * 1024;
/// Most headers accepted (the SDKs send about 12).
pub(crate) const MAX_HEADERS: usize = 64;
/// Most bytes of header names and values accepted, all headers together.
pub(crate) const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Longest method accepted, in bytes.
pub(crate) const MAX_METHOD_BYTES: usize = 16;
/// Longest path accepted, in bytes.
pub(crate) const MAX_PATH_BYTES: usize = 2048;
/// Most parameters accepted, query and body together (a RunCommand has at most about 200).
pub(crate) const MAX_PARAMS: usize = 256;
/// Most names accepted in `SignedHeaders`.
pub(crate) const MAX_SIGNED_HEADERS: usize = 32;
/// Longest AccessKeyId and nonce accepted, in bytes (the SDKs' nonces are 32 to 64 characters).
pub(crate) const MAX_ID_BYTES: usize = 128;

/// An HTTP request as the service received it: what [`verify`] reads.
///
/// `query` is the raw query string without `?`, exactly as received (not decoded). Header names
/// are matched without regard to case. `body` is read as parameters only when the
/// `Content-Type` is `application/x-www-form-urlencoded`.
#[derive(Debug, Clone, Copy)]
pub struct HttpRequest<'a> {
    /// The method (`POST`), as received.
    pub method: &'a str,
    /// The path (`/`), as received.
    pub path: &'a str,
    /// The raw query, without the leading `?`.
    pub query: &'a [u8],
    /// The headers as (name, value) pairs, in any order; a name may repeat.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body.
    pub body: &'a [u8],
}

/// The caller's secrets: the AccessKeySecret of an AccessKeyId.
pub trait SecretLookup {
    /// The secret of `access_key_id`, or `None` when it is unknown (answered
    /// `InvalidAccessKeyId.NotFound`). `security_token` is the request's STS token
    /// (`SecurityToken` or `x-acs-security-token`), if any: a lookup that checks tokens answers
    /// `None` for a token it does not accept.
    fn secret(&self, access_key_id: &str, security_token: Option<&str>) -> Option<Cow<'_, str>>;
}

/// A map from AccessKeyId to AccessKeySecret. It does not check security tokens.
impl<S: BuildHasher> SecretLookup for HashMap<String, String, S> {
    fn secret(&self, access_key_id: &str, _security_token: Option<&str>) -> Option<Cow<'_, str>> {
        self.get(access_key_id).map(|s| Cow::Borrowed(s.as_str()))
    }
}

/// How [`verify`] judges time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    max_skew_secs: u32,
}

impl Options {
    /// The default largest difference between a request's signed time and `now`, either way:
    /// 15 minutes, as Alibaba Cloud documents.
    pub const DEFAULT_MAX_SKEW_SECS: u32 = 900;

    /// The options with the largest allowed difference between a request's signed time and
    /// `now` set to `secs` seconds, either way.
    #[must_use]
    pub const fn with_max_skew_secs(self, secs: u32) -> Options {
        Options {
            max_skew_secs: secs,
        }
    }

    /// The largest allowed difference between a request's signed time and `now`, in seconds.
    pub const fn max_skew_secs(&self) -> u32 {
        self.max_skew_secs
    }
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_skew_secs: Options::DEFAULT_MAX_SKEW_SECS,
        }
    }
}

/// The signature scheme of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// HMAC-SHA1 RPC signature (`Signature` parameter).
    V1,
    /// ACS3-HMAC-SHA256 (`Authorization` header).
    V3,
}

impl Scheme {
    /// `"V1"` or `"V3"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Scheme::V1 => "V1",
            Scheme::V3 => "V3",
        }
    }
}

/// A request whose signature was verified: who sent it, and only what the signature covers.
///
/// [`params`](Verified::params) are the decoded parameters of the query and the form body
/// (V1: without `Signature`), every one of them covered by the signature; nothing else of the
/// request is kept, so a request checked from them holds nothing unsigned.
#[derive(Debug, Clone)]
pub struct Verified<'a> {
    scheme: Scheme,
    access_key_id: Cow<'a, str>,
    security_token: Option<Cow<'a, str>>,
    action: Option<Cow<'a, str>>,
    api_version: Option<Cow<'a, str>>,
    nonce: Cow<'a, str>,
    timestamp: DateTime<Utc>,
    params: Vec<Param<'a>>,
}

impl<'a> Verified<'a> {
    /// The signature scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The AccessKeyId that signed the request.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The STS security token sent with the request, if any.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// The action: `x-acs-action` (signed) or the `Action` parameter.
    pub fn action(&self) -> Option<&str> {
        self.action.as_deref()
    }

    /// The API version: `x-acs-version` (signed) or the `Version` parameter.
    pub fn api_version(&self) -> Option<&str> {
        self.api_version.as_deref()
    }

    /// The nonce of the request.
    pub fn nonce(&self) -> &str {
        &self.nonce
    }

    /// The signed time of the request.
    pub fn timestamp(&self) -> DateTime<Utc> {
        self.timestamp
    }

    /// The decoded signed parameters (query and form body; V1 without `Signature`), sorted by
    /// name, each name once.
    pub fn params(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.params.iter().map(|p| (&*p.name, &*p.value))
    }

    /// Checks the RunCommand request that the signed parameters make, at `now`: the request is
    /// [`RawRequest::from_pairs`] of [`params`](Verified::params) (borrowed, not copied), then
    /// [`check`](crate::check). Nothing the signature does not cover can reach it.
    ///
    /// Which action the request names ([`action`](Verified::action)) is the caller's to
    /// dispatch on; this checks it as a RunCommand.
    ///
    /// # Errors
    /// What [`RawRequest::from_pairs`] and [`check`](crate::check) answer.
    pub fn check(&self, now: DateTime<Utc>) -> Result<CheckedRequest, ApiError> {
        crate::check(RawRequest::from_pairs(self.params())?, now)
    }
}

/// Verifies the signature of `request` at `now`.
///
/// Checks run in this order, the first fault answering: the size and count limits (before
/// anything is decoded); the parameters (decoding, the same name twice); the scheme's parts
/// (missing, malformed, an unsupported method, version or algorithm, V3 headers that must be
/// signed); the timestamp's form and window (`options`); the AccessKeyId (`keys`); the V3 body
/// hash; the signature (compared in constant time by the MAC); and last the nonce (`nonces`,
/// asked only once the signature is known good).
///
/// # Errors
///
/// An [`AuthError`] whose [`code`](AuthError::code) is one of Alibaba Cloud's common errors:
/// `MissingAccessKeyId`, `MissingSignature`, `MissingSignatureNonce`, `MissingTimestamp`,
/// `IncompleteSignature`, `InvalidSignatureMethod`, `InvalidSignatureVersion`,
/// `InvalidTimeStamp.Format`, `InvalidTimeStamp.Expired`, `InvalidAccessKeyId.NotFound`,
/// `SignatureDoesNotMatch`, `SignatureNonceUsed`, `Throttling` (the nonce memory is full), or
/// `InvalidParameter` (a limit, bad percent-encoding, the same parameter twice).
///
/// # Example
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use ecs_runcommand::auth::{verify, HttpRequest, MemoryNonceStore, Options};
/// use std::collections::HashMap;
///
/// let keys = HashMap::from([("testid".to_owned(), "testsecret".to_owned())]);
/// let query = b"AccessKeyId=testid&Action=RunCommand&SignatureMethod=HMAC-SHA1&SignatureNonce=n1\
///     &SignatureVersion=1.0&Timestamp=2030-01-01T00%3A00%3A00Z&Signature=AAAAAAAAAAAAAAAAAAAAAAAAAAA%3D";
/// let request = HttpRequest { method: "POST", path: "/", query, headers: &[], body: b"" };
/// let now = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
/// let err = verify(&request, now, &keys, &mut MemoryNonceStore::new(16), &Options::default())
///     .unwrap_err();
/// assert_eq!((err.code().http_status(), err.code().as_str()), (400, "SignatureDoesNotMatch"));
/// assert_eq!(
///     err.server_string_to_sign(),
///     Some("POST&%2F&AccessKeyId%3Dtestid%26Action%3DRunCommand%26SignatureMethod%3DHMAC-SHA1\
///           %26SignatureNonce%3Dn1%26SignatureVersion%3D1.0%26Timestamp%3D2030-01-01T00%253A00%253A00Z")
/// );
/// ```
pub fn verify<'a, K, N>(
    request: &HttpRequest<'a>,
    now: DateTime<Utc>,
    keys: &K,
    nonces: &mut N,
    options: &Options,
) -> Result<Verified<'a>, AuthError>
where
    K: SecretLookup + ?Sized,
    N: NonceStore + ?Sized,
{
    check_limits(request)?;
    let headers = Headers {
        all: request.headers,
    };
    let form = headers.single("content-type")?.is_some_and(is_form);
    let params = Params::collect(request.query, form.then_some(request.body))?;
    let context = Context { now, keys, options };
    match headers.single("authorization")? {
        Some(authorization) => {
            v3::verify(request, &headers, authorization, params, &context, nonces)
        }
        None => v1::verify(request, params, &context, nonces),
    }
}

/// Verifies the signature of `request` at `now`, then checks the RunCommand request made of
/// its signed parameters: [`verify`] and [`Verified::check`] in one call, for an API front end
/// that receives raw HTTP requests.
///
/// A signature fault answers first; a request that is signed but breaks a RunCommand rule has
/// used its nonce (as a signed request does whatever it then asks).
///
/// # Errors
/// The [`AuthError`] of [`verify`] as an [`ApiError`] (its common error code), or what
/// [`Verified::check`] answers.
///
/// # Example
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use ecs_runcommand::auth::{verify_and_check, HttpRequest, MemoryNonceStore, Options};
/// use std::collections::HashMap;
///
/// let keys = HashMap::from([("testid".to_owned(), "testsecret".to_owned())]);
/// // As aliyun-python-sdk-core sends it (V1, the parameters in the query).
/// let query = b"AccessKeyId=testid&Action=RunCommand&CommandContent=echo%20hello\
///     &Format=JSON&InstanceId.1=i-bp1demo&RegionId=cn-hangzhou&SignatureMethod=HMAC-SHA1\
///     &SignatureNonce=9f2e0c1d&SignatureVersion=1.0&Timestamp=2030-01-01T00%3A00%3A00Z\
///     &Type=RunShellScript&Version=2014-05-26&Signature=2SBtPedWIVyTIwyo11gN9SrpCaw%3D";
/// let request = HttpRequest { method: "POST", path: "/", query, headers: &[], body: b"" };
/// let now = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 30).unwrap();
/// let mut nonces = MemoryNonceStore::new(1024);
/// let (who, checked) = verify_and_check(&request, now, &keys, &mut nonces, &Options::default())?;
/// assert_eq!((who.access_key_id(), who.action()), ("testid", Some("RunCommand")));
/// assert_eq!(checked.content(), b"echo hello");
///
/// // Sent again, the nonce is a replay; nothing is checked.
/// let err = verify_and_check(&request, now, &keys, &mut nonces, &Options::default()).unwrap_err();
/// assert_eq!(err.code().as_str(), "SignatureNonceUsed");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify_and_check<'a, K, N>(
    request: &HttpRequest<'a>,
    now: DateTime<Utc>,
    keys: &K,
    nonces: &mut N,
    options: &Options,
) -> Result<(Verified<'a>, CheckedRequest), ApiError>
where
    K: SecretLookup + ?Sized,
    N: NonceStore + ?Sized,
{
    let verified = verify(request, now, keys, nonces, options)?;
    let checked = verified.check(now)?;
    Ok((verified, checked))
}

/// What both schemes need beside the request.
struct Context<'k, K: ?Sized> {
    now: DateTime<Utc>,
    keys: &'k K,
    options: &'k Options,
}

/// Who claims to have signed, when, with which nonce: checked the same way in both schemes.
struct Claims<'a> {
    access_key_id: Cow<'a, str>,
    security_token: Option<Cow<'a, str>>,
    nonce: Cow<'a, str>,
    timestamp: DateTime<Utc>,
}

impl<K: SecretLookup + ?Sized> Context<'_, K> {
    /// Checks the lengths of the AccessKeyId and nonce and the form and window of the
    /// timestamp (`time_field` names it in errors).
    fn claims<'a>(
        &self,
        access_key_id: Cow<'a, str>,
        security_token: Option<Cow<'a, str>>,
        nonce: Cow<'a, str>,
        time_field: &'static str,
        time_text: &str,
    ) -> Result<Claims<'a>, AuthError> {
        for (what, text) in [("AccessKeyId", &access_key_id), ("the nonce", &nonce)] {
            if text.len() > MAX_ID_BYTES {
                return Err(AuthError::new(AuthErrorKind::TooLong {
                    what,
                    len: text.len(),
                    limit: MAX_ID_BYTES,
                }));
            }
        }
        let timestamp = time::parse(time_field, time_text)?;
        time::check_window(time_field, timestamp, self.now, self.options.max_skew_secs)?;
        Ok(Claims {
            access_key_id,
            security_token,
            nonce,
            timestamp,
        })
    }

    /// The secret of the claimed AccessKeyId.
    fn secret(&self, claims: &Claims<'_>) -> Result<Cow<'_, str>, AuthError> {
        self.keys
            .secret(&claims.access_key_id, claims.security_token.as_deref())
            .ok_or_else(|| {
                AuthError::new(AuthErrorKind::UnknownAccessKeyId {
                    id: shown(&claims.access_key_id),
                })
            })
    }

    /// Remembers the nonce (the signature being good) and builds the verified request.
    fn accept<'a, N: NonceStore + ?Sized>(
        &self,
        nonces: &mut N,
        scheme: Scheme,
        claims: Claims<'a>,
        action: Option<Cow<'a, str>>,
        api_version: Option<Cow<'a, str>>,
        params: Vec<Param<'a>>,
    ) -> Result<Verified<'a>, AuthError> {
        let expires = claims.timestamp + TimeDelta::seconds(i64::from(self.options.max_skew_secs));
        match nonces.check_and_remember(&claims.access_key_id, &claims.nonce, expires, self.now) {
            NonceOutcome::Fresh => Ok(Verified {
                scheme,
                access_key_id: claims.access_key_id,
                security_token: claims.security_token,
                action,
                api_version,
                nonce: claims.nonce,
                timestamp: claims.timestamp,
                params,
            }),
            NonceOutcome::Replayed => Err(AuthError::new(AuthErrorKind::NonceUsed {
                nonce: shown(&claims.nonce),
            })),
            NonceOutcome::Full => Err(AuthError::new(AuthErrorKind::NonceStoreFull)),
        }
    }
}

/// The size and count limits, checked before anything is read.
fn check_limits(request: &HttpRequest<'_>) -> Result<(), AuthError> {
    let too_large = |part, len, limit| {
        if len > limit {
            Err(AuthError::new(AuthErrorKind::TooLarge { part, len, limit }))
        } else {
            Ok(())
        }
    };
    too_large(Part::Method, request.method.len(), MAX_METHOD_BYTES)?;
    too_large(Part::Path, request.path.len(), MAX_PATH_BYTES)?;
    too_large(Part::Query, request.query.len(), MAX_QUERY_BYTES)?;
    too_large(Part::Body, request.body.len(), MAX_BODY_BYTES)?;
    if request.headers.len() > MAX_HEADERS {
        return Err(AuthError::new(AuthErrorKind::TooMany {
            what: "headers",
            limit: MAX_HEADERS,
        }));
    }
    let header_bytes = request
        .headers
        .iter()
        .map(|(name, value)| name.len() + value.len())
        .sum();
    too_large(Part::HeaderBytes, header_bytes, MAX_HEADER_BYTES)
}

/// Whether a Content-Type is a form (`application/x-www-form-urlencoded`, any parameters).
fn is_form(content_type: &str) -> bool {
    let media_type = content_type
        .split_once(';')
        .map_or(content_type, |(media_type, _)| media_type)
        .trim();
    media_type.eq_ignore_ascii_case("application/x-www-form-urlencoded")
}

/// The request's headers, looked up without regard to case.
struct Headers<'a> {
    all: &'a [(&'a str, &'a str)],
}

impl<'a> Headers<'a> {
    /// The value of a header the verifier reads, which must not repeat.
    fn single(&self, name: &'static str) -> Result<Option<&'a str>, AuthError> {
        let mut values = self.values(name);
        let first = values.next();
        let more = values.count();
        if more > 0 {
            return Err(AuthError::new(AuthErrorKind::DuplicateHeader {
                name,
                count: more + 1,
            }));
        }
        Ok(first)
    }

    /// Every value of the header `name`.
    fn values<'n>(&self, name: &'n str) -> impl Iterator<Item = &'a str> + use<'a, 'n> {
        self.all
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}
