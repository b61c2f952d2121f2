//! Reference implementation of the request rules of Alibaba Cloud ECS `RunCommand` (Cloud
//! Assistant): everything a service must decide about a RunCommand request before it runs
//! anything.
//!
//! The crate is pure: no I/O, no clock, no global state. Time is always an argument, zones come
//! from the tz database bundled with chrono-tz, and hostile input gets a documented error code,
//! never a panic or unbounded work.
//!
//! ```text
//! wire (query string / form body / JSON)   wire      raw request, as sent
//!   -> typed request, defaults applied      request   newtypes
//!   -> static rules                         request   the first ApiError, or all of them
//!   -> per instance                         template  content with parameters, launcher line
//!                                           schedule  Frequency fire times
//! ```
//!
//! - [`schedule`]: `rate(5m)`, `at(2030-06-06 13:15:30 Asia/Shanghai)` and Cloud Assistant cron
//!   (`0 0/30 10-11 * * ? 2030 GMT+8:00`): parsing, validation and fire times across
//!   daylight-saving changes.
//! - [`wire`] and [`request`]: decoding what clients send, the typed request, and every static
//!   rule with its documented error code.
//! - [`template`]: `{{name}}` parameters, built-ins and the Launcher, validated and rendered.
//! - [`auth`]: who sent a request: the V1 (HMAC-SHA1) and V3 (ACS3-HMAC-SHA256) signatures,
//!   the timestamp window and replayed nonces, with the secrets and the nonce memory supplied
//!   by the caller; only the signed parameters come out.
//! - [`error`]: the table of API error codes ([`ErrorCode`]) and [`ApiError`], with the Alibaba
//!   error body.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use ecs_runcommand::schedule::validate_frequency;
//!
//! let now = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
//! let err = validate_frequency("0 0 10 ? * 8", now, 60).unwrap_err();
//! assert_eq!(err.http_status(), 400);
//! assert_eq!(err.code().as_str(), "InvalidParam.Frequency");
//! assert_eq!(err.message(), "The specified frequency is invalid.");
//! assert_eq!(err.detail(), "Frequency: day-of-week: `8` is out of range 1-7 (at byte 11)");
//! ```

pub mod auth;
pub mod error;
pub mod request;
pub mod schedule;
pub mod template;
pub mod wire;

#[cfg(test)]
mod test_rng;

pub use error::{ApiError, ErrorCode};

/// The README's examples run as doc tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
