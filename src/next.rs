//! The next fire times of a Frequency, as one question with one answer: the Frequency, the
//! instant after which to count, how many, the instance's zone, the request's Timeout and the
//! daylight-saving policy, checked and answered the way `runcommand next` answers them (the
//! Python package's `next_fire_times` is the same question).
//!
//! The zone and the policy are taken by name and the count and Timeout as whole numbers, so
//! every front end (a command line, a JSON line, a Python call) hands over what it was given
//! and gets the same errors back.

use chrono::{DateTime, Utc};

use crate::ApiError;
use crate::request::Timeout;
use crate::schedule::{DstPolicy, Frequency, ScheduleError, Zone};

/// A question for [`NextQuery::fire_times`]: which fire times of which Frequency.
///
/// # Example
/// ```
/// use ecs_runcommand::{DateTime, NextQuery, Utc};
///
/// let after: DateTime<Utc> = "2029-12-31T00:00:00Z".parse()?;
/// let query = NextQuery { count: 3, ..NextQuery::new("0 0/30 10-11 * * ? 2030 GMT+8:00", after) };
/// let times: Vec<String> = query.fire_times()?.iter().map(|t| t.to_rfc3339()).collect();
/// assert_eq!(times, ["2030-01-01T02:00:00+00:00", "2030-01-01T02:30:00+00:00",
///     "2030-01-01T03:00:00+00:00"]);
///
/// let err = NextQuery { timeout: 5, ..query }.fire_times().unwrap_err();
/// assert_eq!(err.code().as_str(), "InvalidTimeout.ExceedLimit");
/// assert_eq!(err.detail(), "timeout: 5 is out of range 10-86400");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextQuery<'a> {
    /// The Frequency, as the request carries it.
    pub frequency: &'a str,
    /// Fire times strictly after this instant; also the `now` of validation and the creation
    /// time of a `rate`.
    pub after: DateTime<Utc>,
    /// How many fire times, at most [`NextQuery::MAX_COUNT`] (fewer when the schedule ends).
    pub count: u64,
    /// The instance's zone, for a cron expression that names none: an IANA name,
    /// `GMT+H:MM` or `UTC`.
    pub zone: &'a str,
    /// The request's Timeout in seconds (10 to 86400): a schedule must not fire again before
    /// a run can time out.
    pub timeout: u64,
    /// The daylight-saving policy: `quartz` or `vixie` ([`DstPolicy`]).
    pub dst: &'a str,
}

impl<'a> NextQuery<'a> {
    /// The most fire times one question may ask for.
    pub const MAX_COUNT: u64 = 100_000;
    /// How many fire times when the caller does not say.
    pub const DEFAULT_COUNT: u64 = 5;
    /// The instance's zone when the caller does not say.
    pub const DEFAULT_ZONE: &'static str = "UTC";
    /// The Timeout when the caller does not say (the API's default).
    pub const DEFAULT_TIMEOUT: u64 = Timeout::DEFAULT.get() as u64;
    /// The daylight-saving policy when the caller does not say.
    pub const DEFAULT_DST: &'static str = "quartz";

    /// The question for `frequency` after `after`, everything else the defaults.
    pub const fn new(frequency: &'a str, after: DateTime<Utc>) -> NextQuery<'a> {
        NextQuery {
            frequency,
            after,
            count: NextQuery::DEFAULT_COUNT,
            zone: NextQuery::DEFAULT_ZONE,
            timeout: NextQuery::DEFAULT_TIMEOUT,
            dst: NextQuery::DEFAULT_DST,
        }
    }

    /// Checks the question and the Frequency (as [`Frequency::validate`] does for a request
    /// with this Timeout in this zone) and answers its next fire times, in order.
    ///
    /// # Errors
    /// In this order: `InvalidParameter` for a count above [`NextQuery::MAX_COUNT`] or a zone
    /// that is not one; `InvalidTimeout.ExceedLimit` (403) for a Timeout outside 10-86400;
    /// `InvalidParameter` for a policy other than `quartz` and `vixie`;
    /// `InvalidParam.Frequency` for a Frequency that does not parse or is not valid at `after`.
    pub fn fire_times(&self) -> Result<Vec<DateTime<Utc>>, ApiError> {
        // At most MAX_COUNT, which fits any usize: the range check is the conversion.
        let count = usize::try_from(self.count)
            .ok()
            .filter(|_| self.count <= NextQuery::MAX_COUNT)
            .ok_or(NextError::Count {
                count: self.count,
                max: NextQuery::MAX_COUNT,
            })?;
        let zone: Zone = self.zone.parse().map_err(NextError::Zone)?;
        let timeout = u32::try_from(self.timeout)
            .ok()
            .filter(|t| (Timeout::MIN..=Timeout::MAX).contains(t))
            .ok_or(NextError::Timeout {
                timeout: self.timeout,
                min: Timeout::MIN,
                max: Timeout::MAX,
            })?;
        let dst: DstPolicy = self.dst.parse().map_err(|()| NextError::Dst {
            given: crate::error::shorten(self.dst),
        })?;
        let frequency = Frequency::parse(self.frequency)?;
        frequency.validate(self.after, timeout, Some(&zone))?;
        let schedule = frequency.schedule(self.after, &zone, dst);
        Ok(schedule.iter_after(self.after).take(count).collect())
    }
}

/// Why a [`NextQuery`] cannot be answered (the Frequency's own faults are [`ScheduleError`]s).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum NextError {
    /// More fire times than one question may ask for.
    #[error("count: {count} is more than {max}")]
    Count { count: u64, max: u64 },
    /// The instance's zone is not one.
    #[error("zone: {0}")]
    Zone(ScheduleError),
    /// The Timeout is out of the API's range.
    #[error("timeout: {timeout} is out of range {min}-{max}")]
    Timeout { timeout: u64, min: u32, max: u32 },
    /// Not a daylight-saving policy (the name as given, shortened).
    #[error("dst: `{given}` is not quartz or vixie")]
    Dst { given: String },
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn count_up_to_the_limit() {
        let after: DateTime<Utc> = "2030-01-01T00:00:00Z".parse().unwrap();
        let query = NextQuery::new("rate(5m)", after);
        let most = NextQuery {
            count: NextQuery::MAX_COUNT,
            ..query
        };
        assert_eq!(most.fire_times().unwrap().len(), 100_000);
        let err = NextQuery {
            count: NextQuery::MAX_COUNT + 1,
            ..query
        }
        .fire_times()
        .unwrap_err();
        assert_eq!(
            (err.code(), err.detail()),
            (
                ErrorCode::InvalidParameter,
                "count: 100001 is more than 100000"
            )
        );
        let err = NextQuery {
            count: u64::MAX,
            ..query
        }
        .fire_times()
        .unwrap_err();
        assert_eq!(
            err.detail(),
            "count: 18446744073709551615 is more than 100000"
        );
    }
}
