//! The one mapping from signature errors ([`AuthError`]) to Alibaba Cloud's common error codes
//! and to [`ApiError`].

use super::{ApiError, ErrorCode};
use crate::auth::{AuthError, AuthErrorKind, V1Part};

impl AuthError {
    /// The documented common error code this error answers with.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use ecs_runcommand::ErrorCode;
    /// use ecs_runcommand::auth::{verify, HttpRequest, MemoryNonceStore, Options};
    /// use std::collections::HashMap;
    ///
    /// let keys: HashMap<String, String> = HashMap::new();
    /// let request = HttpRequest { method: "POST", path: "/", query: b"Action=RunCommand", headers: &[], body: b"" };
    /// let now = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
    /// let err = verify(&request, now, &keys, &mut MemoryNonceStore::new(16), &Options::default()).unwrap_err();
    /// assert_eq!(err.code(), ErrorCode::MissingSignature);
    /// assert_eq!(err.to_string(), "the Signature parameter is missing or empty");
    /// ```
    pub fn code(&self) -> ErrorCode {
        match &self.kind {
            AuthErrorKind::TooLarge { .. }
            | AuthErrorKind::TooMany { .. }
            | AuthErrorKind::Decode { .. }
            | AuthErrorKind::DuplicateParameter { .. }
            | AuthErrorKind::Conflict { .. } => ErrorCode::InvalidParameter,
            AuthErrorKind::MissingParameter(part) => match part {
                V1Part::AccessKeyId => ErrorCode::MissingAccessKeyId,
                V1Part::Signature => ErrorCode::MissingSignature,
                V1Part::SignatureNonce => ErrorCode::MissingSignatureNonce,
                V1Part::Timestamp => ErrorCode::MissingTimestamp,
            },
            AuthErrorKind::DuplicateHeader { .. }
            | AuthErrorKind::MissingHeader { .. }
            | AuthErrorKind::TooLong { .. }
            | AuthErrorKind::MalformedAuthorization { .. }
            | AuthErrorKind::MalformedSignature { .. }
            | AuthErrorKind::SignedHeaderAbsent { .. }
            | AuthErrorKind::UnsignedHeader { .. } => ErrorCode::IncompleteSignature,
            AuthErrorKind::UnsupportedSignatureMethod { .. }
            | AuthErrorKind::UnsupportedAlgorithm { .. } => ErrorCode::InvalidSignatureMethod,
            AuthErrorKind::UnsupportedSignatureVersion { .. } => ErrorCode::InvalidSignatureVersion,
            AuthErrorKind::TimestampFormat { .. } => ErrorCode::InvalidTimeStampFormat,
            AuthErrorKind::TimestampExpired { .. } => ErrorCode::InvalidTimeStampExpired,
            AuthErrorKind::UnknownAccessKeyId { .. } => ErrorCode::InvalidAccessKeyIdNotFound,
            AuthErrorKind::BodyHashMismatch { .. } | AuthErrorKind::SignatureMismatch { .. } => {
                ErrorCode::SignatureDoesNotMatch
            }
            AuthErrorKind::NonceUsed { .. } => ErrorCode::SignatureNonceUsed,
            AuthErrorKind::NonceStoreFull => ErrorCode::Throttling,
        }
    }
}

/// The code of [`AuthError::code`], the error's text as the detail, and the error kept as the
/// cause (for [`AuthError::server_string_to_sign`]).
impl From<AuthError> for ApiError {
    #[cold]
    fn from(err: AuthError) -> ApiError {
        ApiError::new(err.code(), err.to_string()).with_cause(err)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn ok_into_api_error_keeps_the_string_to_sign() {
        let err = AuthError::new(AuthErrorKind::SignatureMismatch {
            string_to_sign: Some("POST&%2F&a%3Db".into()),
        });
        let api = ApiError::from(err.clone());
        assert_eq!(api.code(), ErrorCode::SignatureDoesNotMatch);
        assert_eq!(api.http_status(), 400);
        assert_eq!(
            api.detail(),
            "the signature does not match; server string to sign is:POST&%2F&a%3Db"
        );
        let cause = std::error::Error::source(&api)
            .unwrap()
            .downcast_ref::<AuthError>()
            .unwrap();
        assert_eq!(cause.server_string_to_sign(), Some("POST&%2F&a%3Db"));
        assert_eq!(
            cause.response_message(),
            "Specified signature is not matched with our calculation. server string to sign is:POST&%2F&a%3Db"
        );
    }

    #[test]
    fn ok_codes_of_each_missing_part() {
        for (part, code, message) in [
            (
                V1Part::AccessKeyId,
                "MissingAccessKeyId",
                "AccessKeyId is mandatory for this action.",
            ),
            (
                V1Part::Signature,
                "MissingSignature",
                "Signature is mandatory for this action.",
            ),
            (
                V1Part::SignatureNonce,
                "MissingSignatureNonce",
                "SignatureNonce is mandatory for this action.",
            ),
            (
                V1Part::Timestamp,
                "MissingTimestamp",
                "Timestamp is mandatory for this action.",
            ),
        ] {
            let err = AuthError::new(AuthErrorKind::MissingParameter(part));
            assert_eq!((err.code().as_str(), err.code().message()), (code, message));
            assert_eq!(err.response_message(), message);
            assert_eq!(err.server_string_to_sign(), None);
        }
    }
}
