//! API errors: the documented codes and the error body of Alibaba Cloud's RPC API.

mod auth;
mod codes;

pub use codes::ErrorCode;

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

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

    /// The error body the API answers with, for the request `request_id` served by `host_id`.
    ///
    /// `Message` is the documented message of the code (the detail stays ours and is not part of
    /// the body). `Recommend` is the diagnosis link of Alibaba Cloud's newer error bodies; the
    /// code and the request id are form-encoded into it.
    ///
    /// # Example
    ///
    /// ```
    /// use ecs_runcommand::{ApiError, ErrorCode};
    ///
    /// let err = ApiError::new(ErrorCode::InvalidParamFrequency, "Frequency: `rate(0m)`");
    /// let body = err.body("3F5C1F8E-2D5B-4C39-9E64-6F1D1F1A2B3C", "ecs.aliyuncs.com");
    /// assert_eq!(body.request_id, "3F5C1F8E-2D5B-4C39-9E64-6F1D1F1A2B3C");
    /// assert_eq!(body.host_id, "ecs.aliyuncs.com");
    /// assert_eq!(body.code, ErrorCode::InvalidParamFrequency);
    /// assert_eq!(body.message, "The specified frequency is invalid.");
    /// assert_eq!(
    ///     body.recommend,
    ///     "https://api.alibabacloud.com/troubleshoot?intl_lang=EN_US&q=InvalidParam.Frequency\
    ///      &product=Ecs&requestId=3F5C1F8E-2D5B-4C39-9E64-6F1D1F1A2B3C"
    /// );
    /// ```
    pub fn body(&self, request_id: &str, host_id: &str) -> ErrorBody {
        let recommend = format!(
            "https://api.alibabacloud.com/troubleshoot?intl_lang=EN_US&q={}&product=Ecs&requestId={}",
            encode(self.code.as_str()),
            encode(request_id),
        );
        ErrorBody {
            request_id: request_id.to_owned(),
            host_id: host_id.to_owned(),
            code: self.code,
            message: self.code.message(),
            recommend,
        }
    }

    /// The error body as compact JSON, its keys in the API's order.
    ///
    /// # Example
    ///
    /// ```
    /// use ecs_runcommand::{ApiError, ErrorCode};
    ///
    /// let err = ApiError::new(ErrorCode::MissingParameterRegionId, "RegionId is empty");
    /// assert_eq!(
    ///     err.to_json("req-1", "ecs.aliyuncs.com"),
    ///     r#"{"RequestId":"req-1","HostId":"ecs.aliyuncs.com","Code":"MissingParameter.RegionId","#
    ///         .to_owned()
    ///         + r#""Message":"The input parameter \"RegionId\" that is mandatory for processing this request is not supplied.","#
    ///         + r#""Recommend":"https://api.alibabacloud.com/troubleshoot?intl_lang=EN_US&q=MissingParameter.RegionId&product=Ecs&requestId=req-1"}"#
    /// );
    /// ```
    pub fn to_json(&self, request_id: &str, host_id: &str) -> String {
        // A struct of strings always serializes; the fallback only keeps this function total.
        serde_json::to_string(&self.body(request_id, host_id)).unwrap_or_default()
    }
}

/// Form-encodes `value` for a query string (`application/x-www-form-urlencoded`).
fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The JSON error body of Alibaba Cloud's RPC API (the XML form has the same children under
/// `<Error>`). Built by [`ApiError::body`]; serializes with the API's key names and order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ErrorBody {
    /// `RequestId`: the id of the failed request.
    pub request_id: String,
    /// `HostId`: the endpoint that answered (`ecs.aliyuncs.com`).
    pub host_id: String,
    /// `Code`: the error code, serialized as its string.
    pub code: ErrorCode,
    /// `Message`: the documented message of the code.
    pub message: &'static str,
    /// `Recommend`: the troubleshooting link for the code and the request.
    pub recommend: String,
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

/// `text` cut to at most `max_chars` characters, with `...` when cut: how details quote input.
pub(crate) fn shorten(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((at, _)) => format!("{}...", text.get(..at).unwrap_or_default()),
        None => text.to_owned(),
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
