//! API errors: the documented codes, [`ApiError`], the error body of Alibaba Cloud's RPC API,
//! and the one place where the crate's internal errors become API codes.
//!
//! Each module has its own typed error (a kind, an offset or span, typed data): `wire`,
//! `request`, `render`, `schedule` and `template`. The conversions from those into
//! [`ApiError`] live here, one file each; no other module names an API code.

mod auth;
mod codes;
mod context;
mod next;
mod render;
mod request;
mod schedule;
mod template;
mod wire;

pub use codes::ErrorCode;

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// An error as the API answers it: a documented code, and a precise detail of ours.
///
/// The detail names the parameter, the offending value (shortened), and where it helps the
/// byte offset and the limit; [`field`](ApiError::field) and [`offset`](ApiError::offset) give
/// the parameter and the offset as data. The documented message of the code never changes.
///
/// # Example
///
/// ```
/// use ecs_runcommand::{check, DateTime, RawRequest};
///
/// let now: DateTime<_> = "2030-01-01T00:00:00Z".parse()?;
/// let raw = RawRequest::from_query(b"RegionId=cn-hangzhou&Type=RunShellScript&\
///     CommandContent=ls&InstanceId.1=i-abc&Frequency=0+0+10+%3F+*+8")?;
/// let err = check(raw, now).unwrap_err();
/// assert_eq!((err.http_status(), err.code().as_str()), (400, "InvalidParam.Frequency"));
/// assert_eq!(err.message(), "The specified frequency is invalid.");
/// assert_eq!(err.field(), Some("Frequency"));
/// assert_eq!(err.offset(), Some(11));
/// assert_eq!(err.detail(), "Frequency: day-of-week: `8` is out of range 1-7 (at byte 11)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct ApiError {
    // One pointer: results that carry an `ApiError` stay small on the happy path.
    inner: Box<Inner>,
}

#[derive(Clone)]
struct Inner {
    code: ErrorCode,
    detail: String,
    field: Option<String>,
    offset: Option<usize>,
    cause: Option<Arc<dyn std::error::Error + Send + Sync + 'static>>,
}

impl ApiError {
    /// An error with `code` and a human-readable `detail`: for a service that answers its own
    /// faults in the API's form.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError {
            inner: Box::new(Inner {
                code,
                detail: detail.into(),
                field: None,
                offset: None,
                cause: None,
            }),
        }
    }

    /// The same error, naming the parameter it is about.
    #[must_use]
    pub(crate) fn with_field(mut self, field: impl Into<String>) -> ApiError {
        self.inner.field = Some(field.into());
        self
    }

    /// The same error, with the byte offset of the fault.
    #[must_use]
    pub(crate) fn with_offset(mut self, offset: usize) -> ApiError {
        self.inner.offset = Some(offset);
        self
    }

    /// The same error, keeping `cause` as its internal cause (its
    /// [`source`](std::error::Error::source)).
    #[must_use]
    pub(crate) fn with_cause(
        mut self,
        cause: impl std::error::Error + Send + Sync + 'static,
    ) -> ApiError {
        self.inner.cause = Some(Arc::new(cause));
        self
    }

    /// The code.
    pub fn code(&self) -> ErrorCode {
        self.inner.code
    }

    /// The HTTP status of the code.
    pub fn http_status(&self) -> u16 {
        self.inner.code.http_status()
    }

    /// The documented message of the code.
    pub fn message(&self) -> &'static str {
        self.inner.code.message()
    }

    /// The precise detail: parameter, value, offset, limit.
    pub fn detail(&self) -> &str {
        &self.inner.detail
    }

    /// The parameter the fault is about, as the API names it (`Frequency`, `Tag.3.Key`,
    /// `InstanceId.2`), when the fault is about one.
    pub fn field(&self) -> Option<&str> {
        self.inner.field.as_deref()
    }

    /// The byte offset of the fault: within the parameter's value when [`field`](Self::field)
    /// names one (a Frequency, a content, a Launcher, Base64), else within the whole input
    /// (percent-encoding).
    pub fn offset(&self) -> Option<usize> {
        self.inner.offset
    }

    /// The error body the API answers with, for the request `request_id` served by `host_id`.
    ///
    /// `Message` is the documented message of the code (the detail stays ours and is not part
    /// of the body). `Recommend` is the diagnosis link of Alibaba Cloud's newer error bodies;
    /// the code and the request id are form-encoded into it.
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
            form_encode(self.code().as_str()),
            form_encode(request_id),
        );
        ErrorBody {
            request_id: request_id.to_owned(),
            host_id: host_id.to_owned(),
            code: self.code(),
            message: self.message(),
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
        let body = self.body(request_id, host_id);
        let mut out = String::with_capacity(256);
        out.push('{');
        for (i, (key, value)) in [
            ("RequestId", body.request_id.as_str()),
            ("HostId", body.host_id.as_str()),
            ("Code", body.code.as_str()),
            ("Message", body.message),
            ("Recommend", body.recommend.as_str()),
        ]
        .into_iter()
        .enumerate()
        {
            if i > 0 {
                out.push(',');
            }
            crate::wire::push_json_string(&mut out, key);
            out.push(':');
            crate::wire::push_json_string(&mut out, value);
        }
        out.push('}');
        out
    }
}

/// Form-encodes `value` for a query string (`application/x-www-form-urlencoded`).
fn form_encode(value: &str) -> String {
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

/// An error as data: `{"HttpStatus": 400, "Code": "...", "Message": "...", "Detail": "..."}`,
/// the fields of Alibaba's body that depend on the error, plus our detail.
///
/// # Example
/// ```
/// use ecs_runcommand::{ApiError, ErrorCode};
///
/// let err = ApiError::new(ErrorCode::InvalidParameter, "the line is blank");
/// assert_eq!(
///     serde_json::to_string(&err)?,
///     r#"{"HttpStatus":400,"Code":"InvalidParameter","Message":"The specified parameter is not valid.","Detail":"the line is blank"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
impl Serialize for ApiError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut body = serializer.serialize_struct("ApiError", 4)?;
        body.serialize_field("HttpStatus", &self.http_status())?;
        body.serialize_field("Code", self.code().as_str())?;
        body.serialize_field("Message", self.message())?;
        body.serialize_field("Detail", self.detail())?;
        body.end()
    }
}

/// Two errors are equal when their code, detail, field and offset are; the cause is not
/// compared.
impl PartialEq for ApiError {
    fn eq(&self, other: &ApiError) -> bool {
        let (a, b) = (&*self.inner, &*other.inner);
        a.code == b.code && a.detail == b.detail && a.field == b.field && a.offset == b.offset
    }
}

impl Eq for ApiError {}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("code", &self.inner.code)
            .field("detail", &self.inner.detail)
            .field("field", &self.inner.field)
            .field("offset", &self.inner.offset)
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code().as_str(), self.detail())
    }
}

impl std::error::Error for ApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner.cause {
            Some(cause) => Some(cause.as_ref()),
            None => None,
        }
    }
}

/// How many characters of an input a detail quotes; longer text is cut and ends in `...`.
pub(crate) const SHOWN_CHARS: usize = 64;

/// `text` cut to at most [`SHOWN_CHARS`] characters, with `...` when cut: how every detail
/// quotes input, so that an error never copies a hostile input whole.
pub(crate) fn shorten(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_shorten() {
        assert_eq!(shorten("abc"), "abc");
        let exact = "é".repeat(SHOWN_CHARS);
        assert_eq!(shorten(&exact), exact);
        let long = format!("{exact}xyz");
        assert_eq!(shorten(&long), format!("{exact}..."));
    }

    #[test]
    fn ok_api_error_is_one_pointer() {
        assert_eq!(
            std::mem::size_of::<ApiError>(),
            std::mem::size_of::<usize>()
        );
    }
}
