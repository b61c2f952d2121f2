//! Reference implementation of the request rules of Alibaba Cloud ECS `RunCommand` (Cloud
//! Assistant): everything a service must decide about a RunCommand request before it runs
//! anything, and what each instance then runs.
//!
//! The crate is pure: no I/O, no clock, no global state. Time is always an argument, zones come
//! from the tz database bundled with chrono-tz, and hostile input gets a documented error code,
//! never a panic or unbounded work.
//!
//! ```text
//! RawRequest::{from_query, from_form, from_json, from_pairs}   what was sent
//!   -> check / check_all                                      the rules, in the documented order
//!   -> CheckedRequest                                         typed, decoded, parsed, complete
//!   -> check_with / check_all_with (&impl context::View)      and the rules that need the
//!                                                             service's state (optional)
//!   -> CheckedRequest::render(&Instance, max_bytes)           what one instance runs: Invocation
//!      (render_with: as the view knows the instance, ClientNeedUpgrade)
//! schedule: Frequency parsing, validation and fire times      template: {{name}}, built-ins, Launcher
//! auth: V1 / V3 signatures (before everything else)           ApiError, ErrorCode: every answer
//! ```
//!
//! ```
//! use ecs_runcommand::render::{Instance, Invocation};
//! use ecs_runcommand::{check, DateTime, RawRequest, Utc};
//!
//! let now: DateTime<Utc> = "2030-01-01T00:00:00Z".parse()?;
//! let raw = RawRequest::from_query(b"RegionId=cn-hangzhou&Type=RunShellScript&\
//!     CommandContent=echo+%7B%7Bwho%7D%7D&EnableParameter=True&Parameters=%7B%22who%22%3A%22Jack%22%7D&\
//!     InstanceId.1=i-bp185dy2o3o6neg1a2b")?;
//! let request = check(raw, now)?;
//! let run = request.render(&Instance::new("i-bp185dy2o3o6neg1a2b", "t-1"), Invocation::DEFAULT_MAX_BYTES)?;
//! assert_eq!(run.script(), b"echo Jack");
//!
//! let raw = RawRequest::from_query(b"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=ls&\
//!     InstanceId.1=i-bp185dy2o3o6neg1a2b&Frequency=0+0+10+%3F+*+8")?;
//! let err = check(raw, now).unwrap_err();
//! assert_eq!((err.http_status(), err.code().as_str()), (400, "InvalidParam.Frequency"));
//! assert_eq!(err.message(), "The specified frequency is invalid.");
//! assert_eq!(err.detail(), "Frequency: day-of-week: `8` is out of range 1-7 (at byte 11)");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The public API
//!
//! What an embedding service calls and holds, and nothing else (`tests/public_api.rs` fails
//! when this list and the code part ways):
//!
//! - at the root: [`RawRequest`] (`from_query`, `from_form`, `from_json`, `from_pairs`),
//!   [`check`], [`check_all`], [`check_with`], [`check_all_with`], [`CheckedRequest`],
//!   [`ApiError`], [`ErrorCode`], [`ErrorBody`], [`NextQuery`] (the next fire times of a
//!   Frequency, as `runcommand next` and the Python package answer them), and chrono's
//!   [`DateTime`] and [`Utc`], which the signatures use;
//! - [`request`]: the types a [`CheckedRequest`] hands out ([`request::CommandType`],
//!   [`request::ContentEncoding`], [`request::RepeatMode`], [`request::TerminationMode`],
//!   [`request::Timeout`], [`request::InstanceId`], [`request::Tag`],
//!   [`request::Parameters`], [`request::Warning`]);
//! - [`render`]: [`render::Instance`] and [`render::Invocation`];
//! - [`context`]: the service's state as the context rules need it: the [`context::View`] a
//!   service implements, [`context::Snapshot`] (a view read from JSON), the facts a view
//!   answers, [`context::Fingerprint`] and [`context::AgentVersion`];
//! - [`schedule`]: Frequency parsing, validation, fire times and descriptions in English and
//!   Chinese, used on their own too;
//! - [`template`]: the command content and Launcher grammar and its two-phase rendering, used
//!   on their own too;
//! - [`auth`]: who sent a request: the V1 (HMAC-SHA1) and V3 (ACS3-HMAC-SHA256) signatures,
//!   the timestamp window and replayed nonces, with the secrets and the nonce memory supplied
//!   by the caller; only the signed parameters come out, for [`RawRequest::from_pairs`].

pub mod auth;
pub mod context;
mod error;
mod next;
pub mod render;
pub mod request;
pub mod schedule;
pub mod template;
mod wire;

#[cfg(test)]
mod test_rng;

pub use chrono::{DateTime, Utc};
pub use context::{check_all_with, check_with};
pub use error::{ApiError, ErrorBody, ErrorCode};
pub use next::NextQuery;
pub use request::{CheckedRequest, check, check_all};
pub use wire::RawRequest;

/// The README's examples run as doc tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
