//! API errors: the documented codes and the error body of Alibaba Cloud's RPC API.

mod codes;

pub use codes::ErrorCode;

use std::fmt;
use std::sync::Arc;

/// The internal cause an [`ApiError`] keeps: a typed, positioned error of one of the crate's
/// modules (a schedule, template or wire error).
pub type Cause = Arc<dyn std::error::Error + Send + Sync + 'static>;

/// An error as the API answers it: a documented code plus a precise detail.
///
/// The detail names the field, the offending value (shortened), and where it helps the byte
/// offset and the limit. The documented `Message` never changes; the detail is ours.
#[derive(Debug, Clone)]
pub struct ApiError {
    code: ErrorCode,
    detail: String,
    cause: Option<Cause>,
}

impl ApiError {
    /// An error with `code` and a human-readable `detail`.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError {
            code,
            detail: detail.into(),
            cause: None,
        }
    }

    /// The same error, keeping `cause` as its internal cause (its [`source`](std::error::Error::source)).
    #[must_use]
    pub fn with_cause(mut self, cause: impl std::error::Error + Send + Sync + 'static) -> ApiError {
        self.cause = Some(Arc::new(cause));
        self
    }

    /// The code.
    pub const fn code(&self) -> ErrorCode {
        self.code
    }

    /// The HTTP status of the code.
    pub const fn http_status(&self) -> u16 {
        self.code.http_status()
    }

    /// The documented message of the code.
    pub const fn message(&self) -> &'static str {
        self.code.message()
    }

    /// The precise detail: field, value, offset, limit.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The internal cause, if any.
    pub fn cause(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.cause.as_deref()
    }
}

/// Two errors are equal when their code and detail are; the cause is not compared.
impl PartialEq for ApiError {
    fn eq(&self, other: &ApiError) -> bool {
        self.code == other.code && self.detail == other.detail
    }
}

impl Eq for ApiError {}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.detail)
    }
}

impl std::error::Error for ApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.cause {
            Some(cause) => Some(cause.as_ref()),
            None => None,
        }
    }
}
