//! Frequency: `rate(...)`, `at(...)` and Cloud Assistant cron, their validation and fire times.
//!
//! (Work in progress: the parser lands in the next commits. The signature of
//! [`validate_frequency`] is final.)

use crate::{ApiError, ErrorCode};
use chrono::{DateTime, Utc};

/// A parsed Frequency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frequency {
    text: String,
}

impl std::fmt::Display for Frequency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Parses and validates a Frequency as the API does, with `now` as the current time and the
/// request's `timeout_secs`.
///
/// # Errors
/// `InvalidParam.Frequency`.
pub fn validate_frequency(
    text: &str,
    now: DateTime<Utc>,
    timeout_secs: u32,
) -> Result<Frequency, ApiError> {
    let _ = (now, timeout_secs);
    if text.trim().is_empty() {
        return Err(ApiError::new(ErrorCode::InvalidParamFrequency, "Frequency: empty"));
    }
    Ok(Frequency { text: text.to_owned() })
}
