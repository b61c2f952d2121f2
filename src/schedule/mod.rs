//! Frequency: `rate(...)`, `at(...)` and Cloud Assistant cron; validation and fire times.
//!
//! ```text
//! rate(<n><s|m|h|d>)                              every n units, first one interval after creation
//! at(yyyy-MM-dd HH:mm:ss [zone])                  once; without a zone, UTC
//! {sec} {min} {hour} {dom} {month} {dow} [{year}] [{zone}]
//!                                                 cron; without a zone, the instance's zone
//! ```
//!
//! `rate` is read as the agent reads it: any letter case, and white space allowed between
//! `rate` and `(` and between the number and the unit (`RATE (5 M)` prints as `rate(5m)`).
//!
//! One parser reads each form in a single forward pass over the bytes, building the value as it
//! goes and each error at the byte where it is found; a field of one item costs no allocation,
//! a list one. Zone names are looked up in a table built at compile time from chrono-tz's own
//! list of zones.
//!
//! The pipeline has three steps, each with its own type:
//!
//! 1. [`Frequency::parse`] (or `str::parse`) checks the grammar and every static range and
//!    gives an inspectable value whose `Display` is the canonical form.
//! 2. [`Frequency::validate`] applies the rules that need the current time and the request's
//!    Timeout: the year range, `at` in the past, rate bounds, the smallest cron interval, and
//!    that the schedule fires at all after `now`.
//! 3. [`Frequency::schedule`] compiles it for a creation time, an instance zone and a
//!    daylight-saving policy; [`Schedule::next_after`] and [`Schedule::iter_after`] give fire
//!    times.
//!
//! The module never reads the clock: `now` is always an argument. Every failure is an
//! [`ScheduleError`] with the byte offset of the fault, and converts to the API error
//! `InvalidParam.Frequency`.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use ecs_runcommand::schedule::{DstPolicy, Frequency, Zone};
//!
//! let now = Utc.with_ymd_and_hms(2029, 12, 31, 0, 0, 0).unwrap();
//! let freq: Frequency = "0 0/30 10-11 * * ? 2030 GMT+8:00".parse()?;
//! freq.validate(now, 60, None)?;
//! let schedule = freq.schedule(now, &Zone::Utc, DstPolicy::Quartz);
//! let times: Vec<String> = schedule.iter_after(now).take(3).map(|t| t.to_rfc3339()).collect();
//! assert_eq!(times, [
//!     "2030-01-01T02:00:00+00:00",
//!     "2030-01-01T02:30:00+00:00",
//!     "2030-01-01T03:00:00+00:00",
//! ]);
//! # Ok::<(), ecs_runcommand::schedule::ScheduleError>(())
//! ```

mod compiled;
mod cron;
mod describe;
mod error;
mod fire;
mod grammar;
mod zone;

pub use cron::{CronExpr, DayOfMonth, DayOfWeek, Field, Item};
pub use describe::{Lang, UnknownLang};
pub use error::{FieldName, ScheduleError, ScheduleErrorKind};
pub use fire::{DstPolicy, FireTimes, Schedule};
pub use zone::Zone;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDateTime, SecondsFormat, TimeZone, Utc};

use compiled::{Civil, CompiledCron};

/// The unit of a `rate(...)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RateUnit {
    /// `s`.
    Seconds,
    /// `m`.
    Minutes,
    /// `h`.
    Hours,
    /// `d`.
    Days,
}

impl RateUnit {
    /// Seconds in one unit.
    pub const fn seconds(self) -> u64 {
        match self {
            RateUnit::Seconds => 1,
            RateUnit::Minutes => 60,
            RateUnit::Hours => 3600,
            RateUnit::Days => 86_400,
        }
    }

    const fn letter(self) -> char {
        match self {
            RateUnit::Seconds => 's',
            RateUnit::Minutes => 'm',
            RateUnit::Hours => 'h',
            RateUnit::Days => 'd',
        }
    }
}

/// `rate(<value><unit>)`: a fixed interval. Two rates are equal when their value and unit
/// are; where the value stood in the text is not compared.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    value: u64,
    unit: RateUnit,
    /// Byte offset of the value in the parsed text, for errors found at validation.
    at: usize,
}

impl PartialEq for Rate {
    fn eq(&self, other: &Rate) -> bool {
        (self.value, self.unit) == (other.value, other.unit)
    }
}

impl Eq for Rate {}

impl std::hash::Hash for Rate {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.value, self.unit).hash(state);
    }
}

impl Rate {
    /// The smallest interval, 60 s.
    pub const MIN_SECS: u64 = 60;
    /// The largest interval, 7 days.
    pub const MAX_SECS: u64 = 7 * 86_400;

    pub(crate) fn from_parts(value: u64, unit: RateUnit, at: usize) -> Rate {
        Rate { value, unit, at }
    }

    /// The number as written.
    pub fn value(&self) -> u64 {
        self.value
    }

    /// The unit as written.
    pub fn unit(&self) -> RateUnit {
        self.unit
    }

    /// The interval in seconds (saturating).
    pub fn interval_secs(&self) -> u64 {
        self.value.saturating_mul(self.unit.seconds())
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rate({}{})", self.value, self.unit.letter())
    }
}

/// `at(yyyy-MM-dd HH:mm:ss [zone])`: one run at a local time. Two are equal when their
/// local time and zone are; where they stood in the text is not compared.
#[derive(Debug, Clone, Copy)]
pub struct At {
    local: NaiveDateTime,
    zone: Option<Zone>,
    /// Byte offset of the date in the parsed text, for errors found at validation.
    at: usize,
}

impl PartialEq for At {
    fn eq(&self, other: &At) -> bool {
        (self.local, self.zone) == (other.local, other.zone)
    }
}

impl Eq for At {}

impl std::hash::Hash for At {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.local, self.zone).hash(state);
    }
}

impl At {
    pub(crate) fn from_parts(local: NaiveDateTime, zone: Option<Zone>, at: usize) -> At {
        At { local, zone, at }
    }

    /// The local date and time as written.
    pub fn local(&self) -> NaiveDateTime {
        self.local
    }

    /// The zone as written; `None` means UTC.
    pub fn zone(&self) -> Option<&Zone> {
        self.zone.as_ref()
    }

    /// The instant, or `None` when the local time falls in a daylight-saving gap. An
    /// ambiguous local time takes its earlier occurrence.
    pub fn instant(&self) -> Option<DateTime<Utc>> {
        let zone = self.zone.unwrap_or(Zone::Utc);
        match zone {
            Zone::Iana(tz) => tz
                .from_local_datetime(&self.local)
                .earliest()
                .map(|t| t.with_timezone(&Utc)),
            _ => {
                let offset = zone.fixed_offset()?;
                offset
                    .from_local_datetime(&self.local)
                    .single()
                    .map(|t| t.with_timezone(&Utc))
            }
        }
    }
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at({}", self.local.format("%Y-%m-%d %H:%M:%S"))?;
        if let Some(zone) = &self.zone {
            write!(f, " {zone}")?;
        }
        f.write_str(")")
    }
}

/// A parsed Frequency: one of the three forms.
// The cron variant is kept inline: boxing it would cost an allocation on every parse.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Frequency {
    /// `rate(5m)`.
    Rate(Rate),
    /// `at(2030-06-06 13:15:30 Asia/Shanghai)`.
    At(At),
    /// `0 15 10 ? * * 2030 Asia/Shanghai`.
    Cron(CronExpr),
}

/// The smallest interval between two cron fire times, whatever the Timeout.
pub const MIN_CRON_INTERVAL_SECS: u64 = 10;

/// How far the wall clock of the zone furthest behind UTC (`Etc/GMT+12`) lags UTC, in seconds:
/// the bound used for a cron expression whose instance zone is unknown.
const UNKNOWN_ZONE_BEHIND_SECS: i64 = 12 * 3600;

impl Frequency {
    /// Parses a Frequency: grammar and static ranges (fields, steps, leading zeros, `?`
    /// placement, zones, dates). Rules that need the current time or the Timeout are in
    /// [`Frequency::validate`].
    ///
    /// # Errors
    /// A [`ScheduleError`] with the offset of the fault (API code `InvalidParam.Frequency`).
    ///
    /// # Example
    /// ```
    /// use ecs_runcommand::schedule::Frequency;
    /// let f = Frequency::parse("0 15 10 ? * MON-FRI")?;
    /// assert_eq!(f.to_string(), "0 15 10 ? * 1-5");
    /// let err = Frequency::parse("0 15 10 ? * 8").unwrap_err();
    /// assert_eq!(err.offset(), 12);
    /// # Ok::<(), ecs_runcommand::schedule::ScheduleError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Frequency, ScheduleError> {
        grammar::frequency(text)
    }

    /// Applies the rules that depend on `now` and the request's Timeout:
    ///
    /// - rate: 60 s <= interval <= 7 days, and interval > `timeout_secs`;
    /// - at: the instant exists in its zone and is after `now`;
    /// - cron: every year in the year field is >= the (UTC) year of `now`; the smallest
    ///   interval between consecutive fire times on the days from the local date of the first
    ///   second after `now` (local wall clock, computed exactly from the fields) is >= 10 s and
    ///   >= `timeout_secs`; at least one fire time after `now`.
    ///
    /// A cron expression without a zone runs in the instance's zone, `instance_zone`. When it
    /// is `None` (unknown), the schedule is accepted if it fires after `now` in some zone:
    /// a local time later than `now` minus 12 hours (the zone furthest behind UTC), and its
    /// intervals count from the date of the first such local time.
    ///
    /// # Errors
    /// A [`ScheduleError`] (API code `InvalidParam.Frequency`).
    ///
    /// # Example
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use ecs_runcommand::schedule::{Frequency, ScheduleErrorKind};
    /// let now = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
    /// let f = Frequency::parse("*/5 * * * * ?")?;
    /// let err = f.validate(now, 60, None).unwrap_err();
    /// assert!(matches!(err.kind(), ScheduleErrorKind::IntervalTooShort { gap: 5, min: 60, .. }));
    /// assert!(Frequency::parse("rate(5m)")?.validate(now, 60, None).is_ok());
    /// # Ok::<(), ecs_runcommand::schedule::ScheduleError>(())
    /// ```
    pub fn validate(
        &self,
        now: DateTime<Utc>,
        timeout_secs: u32,
        instance_zone: Option<&Zone>,
    ) -> Result<(), ScheduleError> {
        match self {
            Frequency::Rate(rate) => validate_rate(rate, timeout_secs),
            Frequency::At(at) => validate_at(at, now),
            Frequency::Cron(expr) => validate_cron(expr, now, timeout_secs, instance_zone),
        }
    }

    /// Compiles the schedule for fire times. `created` is the creation time (a rate's first
    /// run is one interval after it); `instance_zone` is the zone of a cron expression that
    /// names none; `dst` says what happens to local times that a daylight-saving change skips
    /// or repeats.
    pub fn schedule(
        &self,
        created: DateTime<Utc>,
        instance_zone: &Zone,
        dst: DstPolicy,
    ) -> Schedule {
        match self {
            Frequency::Rate(rate) => Schedule::rate(created, rate.interval_secs()),
            Frequency::At(at) => Schedule::at(at.instant()),
            Frequency::Cron(expr) => Schedule::cron(
                CompiledCron::new(expr),
                expr.zone.unwrap_or(*instance_zone),
                dst,
            ),
        }
    }
}

impl FromStr for Frequency {
    type Err = ScheduleError;

    fn from_str(s: &str) -> Result<Frequency, ScheduleError> {
        Frequency::parse(s)
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Frequency::Rate(rate) => rate.fmt(f),
            Frequency::At(at) => at.fmt(f),
            Frequency::Cron(expr) => expr.fmt(f),
        }
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn validate_rate(rate: &Rate, timeout_secs: u32) -> Result<(), ScheduleError> {
    let secs = rate.interval_secs();
    if !(Rate::MIN_SECS..=Rate::MAX_SECS).contains(&secs) {
        return Err(ScheduleError::new(
            ScheduleErrorKind::RateOutOfRange {
                secs,
                min: Rate::MIN_SECS,
                max: Rate::MAX_SECS,
            },
            rate.at,
        ));
    }
    if secs <= u64::from(timeout_secs) {
        return Err(ScheduleError::new(
            ScheduleErrorKind::RateNotAboveTimeout {
                secs,
                timeout: timeout_secs,
            },
            rate.at,
        ));
    }
    Ok(())
}

fn validate_at(at: &At, now: DateTime<Utc>) -> Result<(), ScheduleError> {
    let Some(instant) = at.instant() else {
        return Err(ScheduleError::new(
            ScheduleErrorKind::AtNonexistent {
                local: at.local.format("%Y-%m-%d %H:%M:%S").to_string(),
                zone: at.zone.unwrap_or(Zone::Utc).to_string(),
            },
            at.at,
        ));
    };
    if instant <= now {
        return Err(ScheduleError::new(
            ScheduleErrorKind::AtInPast {
                at: rfc3339(instant),
                now: rfc3339(now),
            },
            at.at,
        ));
    }
    Ok(())
}

fn validate_cron(
    expr: &CronExpr,
    now: DateTime<Utc>,
    timeout_secs: u32,
    instance_zone: Option<&Zone>,
) -> Result<(), ScheduleError> {
    let current = now.year();
    if let Some(year) = &expr.year
        && let Some(past) = year.explicit_values().find(|y| i32::from(*y) < current)
    {
        return Err(ScheduleError::new(
            ScheduleErrorKind::YearInPast {
                year: u32::from(past),
                current,
            },
            expr.spans.year,
        ));
    }
    let compiled = CompiledCron::new(expr);
    let zone = expr.zone.as_ref().or(instance_zone);
    // Gaps count from the local date of the earliest wall-clock time that can still fire, the
    // first second after `now`: in the schedule's zone or, with the zone unknown, in the zone
    // furthest behind UTC (the same bound as the check below that it fires at all). The UTC
    // date alone would skip the last local hours of a day (and of 2099) in zones behind UTC.
    // Before 1970 no day has a fire time, so an earlier `now` counts from the same day as
    // 1969-12-30 does; the clamp keeps its wall clock within chrono's range in every zone.
    let next_second = (now.timestamp() + 1).max(fire::BEFORE_ANY_CRON);
    let no_fire_time =
        || ScheduleError::new(ScheduleErrorKind::NoFireTime { now: rfc3339(now) }, 0);
    let earliest = match zone {
        // No wall clock shows that second (it is past chrono's last instant in the zone):
        // nothing fires after `now`.
        Some(zone) => fire::wall_of(zone, next_second).ok_or_else(no_fire_time)?,
        None => Civil::from_wall_seconds(next_second - UNKNOWN_ZONE_BEHIND_SECS),
    };
    if let Some((gap, first, second)) = compiled.min_gap(earliest) {
        let (min, reason) = if u64::from(timeout_secs) > MIN_CRON_INTERVAL_SECS {
            (u64::from(timeout_secs), "the Timeout")
        } else {
            (MIN_CRON_INTERVAL_SECS, "the minimum interval")
        };
        if gap < min {
            return Err(ScheduleError::new(
                ScheduleErrorKind::IntervalTooShort {
                    gap,
                    first: first.to_string(),
                    second: second.to_string(),
                    min,
                    reason,
                },
                0,
            ));
        }
    }
    let fires = match zone {
        Some(zone) => Schedule::cron(compiled, *zone, DstPolicy::Vixie)
            .next_after(now)
            .is_some(),
        None => {
            // Unknown instance zone: some zone sees a local time after `now - 12 h`, and
            // `earliest` is the first of them.
            compiled
                .next_local(earliest, &mut compiled::MonthCache::default())
                .is_some()
        }
    };
    if !fires {
        return Err(no_fire_time());
    }
    Ok(())
}
