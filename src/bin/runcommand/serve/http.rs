//! HTTP/1.1 over hyper: each request's body is read within a limit and a time, the request is
//! handed to [`Server::answer`] as the verifier reads it (method, path, raw query, headers as
//! received, body), and the answer goes back as JSON.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use ecs_runcommand::auth::HttpRequest;
use ecs_runcommand::{ApiError, ErrorCode};
use http_body_util::{BodyExt as _, Full, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, HOST, HeaderMap, HeaderValue};
use hyper::{Request, Response, StatusCode};

use super::api::{Answer, Server};

/// Most bytes of body read. The verifier refuses more than 128 KiB itself, with a precise
/// detail; a body over this limit is refused before it is read.
pub(crate) const MAX_BODY_BYTES: usize = 1 << 20;

/// How a request is answered when its body cannot be read.
#[derive(Debug)]
enum BodyFault {
    /// Longer than [`MAX_BODY_BYTES`] (declared or read).
    TooLarge { declared: Option<u64> },
    /// Not all of it arrived within the read timeout.
    TooSlow { secs: u64 },
    /// The connection failed while it was read.
    Broken,
}

/// Answers one HTTP request.
pub(crate) async fn handle(
    request: Request<Incoming>,
    server: Arc<Server>,
    read_timeout: Duration,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let request_id = server.request_id();
    let host = parts
        .headers
        .get(HOST)
        .map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned())
        .unwrap_or_default();
    let body = match read_body(&parts.headers, body, read_timeout).await {
        Ok(body) => body,
        Err(fault) => {
            let detail = match fault {
                BodyFault::TooLarge {
                    declared: Some(len),
                } => {
                    format!("the body is {len} bytes, more than the limit of {MAX_BODY_BYTES}")
                }
                BodyFault::TooLarge { declared: None } => {
                    format!("the body is more than the limit of {MAX_BODY_BYTES} bytes")
                }
                BodyFault::TooSlow { secs } => {
                    format!("the body did not arrive within {secs} s")
                }
                BodyFault::Broken => "the body could not be read".to_owned(),
            };
            let err = ApiError::new(ErrorCode::InvalidParameter, detail);
            let answer = Answer {
                status: err.http_status(),
                body: err.to_json(&request_id, &host),
            };
            // The rest of the body is not read: the connection cannot carry another request.
            return Ok(respond(answer, &request_id, true));
        }
    };
    // Header values as text; bytes that are not UTF-8 become U+FFFD (a signed header with such
    // bytes then does not verify).
    let owned: Vec<(&str, std::borrow::Cow<'_, str>)> = parts
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), String::from_utf8_lossy(value.as_bytes())))
        .collect();
    let headers: Vec<(&str, &str)> = owned.iter().map(|(n, v)| (*n, v.as_ref())).collect();
    let http = HttpRequest {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query().unwrap_or("").as_bytes(),
        headers: &headers,
        body: &body,
    };
    let answer = server.answer(&http, crate::system_now(), &request_id, &host);
    Ok(respond(answer, &request_id, false))
}

/// Reads the body: refused at once when its declared length is over the limit, else read up to
/// the limit within `timeout`.
async fn read_body(
    headers: &HeaderMap,
    body: Incoming,
    timeout: Duration,
) -> Result<Bytes, BodyFault> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > MAX_BODY_BYTES as u64) {
        return Err(BodyFault::TooLarge { declared });
    }
    match tokio::time::timeout(timeout, Limited::new(body, MAX_BODY_BYTES).collect()).await {
        Err(_) => Err(BodyFault::TooSlow {
            secs: timeout.as_secs(),
        }),
        Ok(Err(err)) if err.downcast_ref::<LengthLimitError>().is_some() => {
            Err(BodyFault::TooLarge { declared: None })
        }
        // A client that went away, or a malformed chunked body.
        Ok(Err(_)) => Err(BodyFault::Broken),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
    }
}

/// The HTTP response of `answer`: JSON, with the request id in `x-acs-request-id` (never
/// `x-acs-retry-after`, which the Tea SDKs read as throttling).
fn respond(answer: Answer, request_id: &str, close: bool) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(answer.body)));
    *response.status_mut() =
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert("x-acs-request-id", value);
    }
    if close {
        headers.insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}
