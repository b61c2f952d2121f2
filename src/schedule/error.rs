//! The schedule module's own errors: typed, with the byte offset into the Frequency.

pub(crate) use crate::error::shorten;
use std::fmt;

/// A field of a Frequency, named in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldName {
    /// Cron seconds (0-59).
    Second,
    /// Cron minutes (0-59).
    Minute,
    /// Cron hours (0-23).
    Hour,
    /// Cron day of the month (1-31).
    DayOfMonth,
    /// Cron month (1-12, JAN-DEC).
    Month,
    /// Cron day of the week (1-7, MON-SUN).
    DayOfWeek,
    /// Cron year (up to 2099).
    Year,
    /// The time zone of a cron or `at` schedule.
    Zone,
    /// The value of a `rate(...)`.
    Rate,
    /// The date and time of an `at(...)`.
    At,
}

impl FieldName {
    /// The name used in messages (`day-of-month`).
    pub const fn as_str(self) -> &'static str {
        match self {
            FieldName::Second => "seconds",
            FieldName::Minute => "minutes",
            FieldName::Hour => "hours",
            FieldName::DayOfMonth => "day-of-month",
            FieldName::Month => "month",
            FieldName::DayOfWeek => "day-of-week",
            FieldName::Year => "year",
            FieldName::Zone => "time zone",
            FieldName::Rate => "rate",
            FieldName::At => "at",
        }
    }
}

impl fmt::Display for FieldName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong with a Frequency.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScheduleErrorKind {
    /// The Frequency is empty or only white space.
    #[error("the frequency is empty")]
    Empty,
    /// The Frequency is longer than any valid one can be.
    #[error("the frequency is {len} bytes long, more than the {max} a valid one can have")]
    TooLong {
        /// Its length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A cron expression without 6 to 8 fields.
    #[error("a cron expression has 6, 7 or 8 fields separated by spaces, found {found}")]
    FieldCount {
        /// How many whitespace-separated tokens were found.
        found: usize,
    },
    /// Something other than the grammar allows.
    #[error("{field}: expected {expected}, found `{found}`")]
    Syntax {
        /// The field.
        field: FieldName,
        /// What the grammar allows here.
        expected: &'static str,
        /// What stands there (shortened).
        found: String,
    },
    /// A number outside its field's range.
    #[error("{field}: `{value}` is out of range {min}-{max}")]
    OutOfRange {
        /// The field.
        field: FieldName,
        /// The number as written.
        value: String,
        /// The smallest allowed value.
        min: u32,
        /// The largest allowed value.
        max: u32,
    },
    /// More than one leading zero (`008`).
    #[error("{field}: `{value}` has more than one leading zero")]
    LeadingZeros {
        /// The field.
        field: FieldName,
        /// The number as written.
        value: String,
    },
    /// A step of 0 or above the field's maximum.
    #[error("{field}: step `{value}` is out of range 1-{max}")]
    StepOutOfRange {
        /// The field.
        field: FieldName,
        /// The step as written.
        value: String,
        /// The largest allowed step.
        max: u32,
    },
    /// A range whose start is after its end.
    #[error("{field}: range {start}-{end} starts after it ends")]
    ReversedRange {
        /// The field.
        field: FieldName,
        /// Its start.
        start: u32,
        /// Its end.
        end: u32,
    },
    /// `L`, `W` or `#` inside a list or range.
    #[error("{field}: `{value}` cannot be combined with other values")]
    SpecialInList {
        /// The field.
        field: FieldName,
        /// The special value.
        value: String,
    },
    /// `?` outside day-of-month and day-of-week.
    #[error("{field}: `?` is allowed only in day-of-month and day-of-week")]
    QuestionMark {
        /// The field.
        field: FieldName,
    },
    /// Day-of-month and day-of-week both restricted, or both `?`.
    #[error("day-of-month `{dom}` and day-of-week `{dow}`: one of them must be `?`, or both `*`")]
    DayConflict {
        /// The day-of-month field as written.
        dom: String,
        /// The day-of-week field as written.
        dow: String,
    },
    /// A time zone that is not an IANA name, `GMT+H:MM` or `UTC`.
    #[error("time zone `{zone}` is not valid: {reason}")]
    Zone {
        /// The zone as written (shortened).
        zone: String,
        /// Why.
        reason: &'static str,
    },
    /// A date that does not exist (`2030-02-30`).
    #[error("at: `{value}` is not a valid date and time")]
    InvalidDateTime {
        /// The date and time as written.
        value: String,
    },
    /// A rate interval outside 60 s to 7 days.
    #[error("rate: interval of {secs} s is out of range {min}-{max} s")]
    RateOutOfRange {
        /// The interval in seconds (saturated).
        secs: u64,
        /// The smallest interval.
        min: u64,
        /// The largest interval.
        max: u64,
    },
    /// A rate interval not longer than the Timeout.
    #[error("rate: interval of {secs} s must be longer than the Timeout of {timeout} s")]
    RateNotAboveTimeout {
        /// The interval in seconds.
        secs: u64,
        /// The Timeout in seconds.
        timeout: u32,
    },
    /// A year before the current one.
    #[error("year: {year} is before the current year {current}")]
    YearInPast {
        /// The year.
        year: u32,
        /// The current year.
        current: i32,
    },
    /// An `at` time that is not after `now`.
    #[error("at: {at} is not after the current time {now}")]
    AtInPast {
        /// The instant, RFC 3339.
        at: String,
        /// The current time, RFC 3339.
        now: String,
    },
    /// An `at` local time skipped by a daylight-saving change.
    #[error("at: {local} does not exist in {zone} (skipped by a daylight-saving change)")]
    AtNonexistent {
        /// The local time.
        local: String,
        /// The zone.
        zone: String,
    },
    /// Two fire times of a cron expression closer than allowed.
    #[error(
        "the smallest interval between two fire times is {gap} s ({first} and {second}); it must be at least {min} s ({reason})"
    )]
    IntervalTooShort {
        /// The smallest interval in seconds.
        gap: u64,
        /// One local time of the closest pair.
        first: String,
        /// The next local time of that pair.
        second: String,
        /// The required minimum.
        min: u64,
        /// Which rule sets the minimum (`10 s` or `the Timeout`).
        reason: &'static str,
    },
    /// A cron expression that never fires after `now`.
    #[error("the cron expression has no fire time after {now}")]
    NoFireTime {
        /// The current time, RFC 3339.
        now: String,
    },
}

/// An invalid Frequency: what is wrong and at which byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError {
    // One pointer: a `Result` of a small value and this error fits in two registers, so the
    // parser's results never go through memory on the happy path.
    inner: Box<(ScheduleErrorKind, usize)>,
}

impl ScheduleError {
    pub(crate) fn new(kind: ScheduleErrorKind, offset: usize) -> ScheduleError {
        ScheduleError {
            inner: Box::new((kind, offset)),
        }
    }

    /// What is wrong.
    pub fn kind(&self) -> &ScheduleErrorKind {
        &self.inner.0
    }

    /// The byte offset into the Frequency where the fault starts.
    pub fn offset(&self) -> usize {
        self.inner.1
    }
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.inner.0, self.inner.1)
    }
}

impl std::error::Error for ScheduleError {}
