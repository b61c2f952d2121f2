//! Fire times: compiled schedules in their zone, with an explicit daylight-saving policy.

use chrono::Offset as _;
use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::{GapInfo, Tz};

use super::compiled::{self, Civil, CompiledCron, MonthCache};

use super::zone::Zone;

/// What a cron schedule does with local times that a daylight-saving change skips or repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DstPolicy {
    /// Quartz's behaviour (the default): a local time that does not exist is skipped; a local
    /// time that occurs twice fires once, at its later occurrence.
    #[default]
    Quartz,
    /// Vixie cron's behaviour: a local time that does not exist fires at the first instant
    /// after the gap; a local time that occurs twice fires once, at its earlier occurrence.
    Vixie,
}

impl std::str::FromStr for DstPolicy {
    type Err = ();

    fn from_str(s: &str) -> Result<DstPolicy, ()> {
        match s {
            "quartz" => Ok(DstPolicy::Quartz),
            "vixie" => Ok(DstPolicy::Vixie),
            _ => Err(()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Rate {
        created: i64,
        interval: i64,
    },
    At(Option<i64>),
    Cron {
        cron: CompiledCron,
        zone: Zone,
        dst: DstPolicy,
    },
}

/// A compiled schedule: fire times after any instant.
///
/// Built by [`Frequency::schedule`](super::Frequency::schedule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    kind: Kind,
}

/// How a local time maps to an instant under a policy.
enum Mapped {
    /// Fires at this instant (seconds since the epoch).
    At(i64),
    /// Skipped; the search goes on from this local time.
    SkipTo(Civil),
}

fn to_utc(secs: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(secs, 0)
}

/// The UTC date of the last fire time, kept so that fire times on one day share the date
/// arithmetic.
#[derive(Debug, Clone, Copy, Default)]
struct UtcDay {
    days: Option<i64>,
    date: chrono::NaiveDate,
}

impl UtcDay {
    fn instant(&mut self, secs: i64) -> Option<DateTime<Utc>> {
        let days = secs.div_euclid(86_400);
        if self.days != Some(days) {
            // Daily schedules move on one day at a time: the next date is cheaper than a
            // date from a day count.
            self.date = match self.days {
                Some(last) if last + 1 == days => self.date.succ_opt()?,
                _ => to_utc(days * 86_400)?.date_naive(),
            };
            self.days = Some(days);
        }
        let time = chrono::NaiveTime::from_num_seconds_from_midnight_opt(
            secs.rem_euclid(86_400) as u32,
            0,
        )?;
        Some(self.date.and_time(time).and_utc())
    }
}

impl Schedule {
    pub(crate) fn rate(created: DateTime<Utc>, interval_secs: u64) -> Schedule {
        Schedule {
            kind: Kind::Rate {
                created: created.timestamp(),
                // Saturating: a rate that was not validated may be 0 or beyond 64 signed bits.
                interval: interval_secs.clamp(1, i64::MAX.unsigned_abs()) as i64,
            },
        }
    }

    pub(crate) fn at(instant: Option<DateTime<Utc>>) -> Schedule {
        Schedule {
            kind: Kind::At(instant.map(|t| t.timestamp())),
        }
    }

    pub(crate) fn cron(cron: CompiledCron, zone: Zone, dst: DstPolicy) -> Schedule {
        Schedule {
            kind: Kind::Cron { cron, zone, dst },
        }
    }

    /// The first fire time strictly after `t`, or `None` when the schedule has ended (an
    /// `at` in the past, a cron expression past its last year, 2099 at the latest).
    ///
    /// # Example
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use ecs_runcommand::schedule::{DstPolicy, Frequency, Zone};
    /// let created = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
    /// let s = Frequency::parse("rate(5m)")?.schedule(created, &Zone::Utc, DstPolicy::Quartz);
    /// assert_eq!(s.next_after(created), Some(Utc.with_ymd_and_hms(2030, 1, 1, 0, 5, 0).unwrap()));
    /// # Ok::<(), ecs_runcommand::schedule::ScheduleError>(())
    /// ```
    pub fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.iter_after(t).next()
    }

    /// The fire times strictly after `t`, in order.
    pub fn iter_after(&self, t: DateTime<Utc>) -> FireTimes<'_> {
        FireTimes {
            schedule: self,
            after: t.timestamp(),
            state: State::Start,
            caches: Caches::default(),
            utc_day: UtcDay::default(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum State {
    Start,
    /// The last local time fired (cron) and its instant.
    Local(Civil, i64),
    /// The last instant fired (rate).
    Instant(i64),
    Done,
}

/// Fire times in order, from [`Schedule::iter_after`].
#[derive(Debug, Clone)]
pub struct FireTimes<'a> {
    schedule: &'a Schedule,
    after: i64,
    state: State,
    caches: Caches,
    utc_day: UtcDay,
}

impl Iterator for FireTimes<'_> {
    type Item = DateTime<Utc>;

    fn next(&mut self) -> Option<DateTime<Utc>> {
        let next = match &self.schedule.kind {
            Kind::Rate { created, interval } => {
                let secs = match self.state {
                    State::Instant(last) => last.checked_add(*interval),
                    _ => {
                        // The first run is one interval after creation.
                        let k = if self.after < *created {
                            1
                        } else {
                            (self.after - created) / interval + 1
                        };
                        k.checked_mul(*interval)
                            .and_then(|d| created.checked_add(d))
                    }
                };
                let secs = secs.filter(|s| to_utc(*s).is_some());
                match secs {
                    Some(s) => {
                        self.state = State::Instant(s);
                        Some(s)
                    }
                    None => None,
                }
            }
            Kind::At(instant) => match self.state {
                State::Start => {
                    self.state = State::Done;
                    instant.filter(|i| *i > self.after)
                }
                _ => None,
            },
            Kind::Cron { cron, zone, dst } => {
                let found = match self.state {
                    State::Start => first_cron(cron, zone, *dst, self.after, &mut self.caches),
                    State::Local(local, instant) => {
                        next_cron(cron, zone, *dst, local, instant, &mut self.caches)
                    }
                    _ => None,
                };
                match found {
                    Some((local, instant)) => {
                        self.state = State::Local(local, instant);
                        Some(instant)
                    }
                    None => None,
                }
            }
        };
        if next.is_none() {
            self.state = State::Done;
        }
        next.and_then(|secs| self.utc_day.instant(secs))
    }
}

/// The next second; fields may overflow (second 60), which the matcher carries over.
fn add_second(c: Civil) -> Civil {
    c.at(c.hour(), c.minute(), c.second() + 1)
}

/// Per-iterator knowledge of one local day: the single UTC offset all its local times have,
/// when its first and last second map to the same single offset (no change within the day).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DayOffset {
    key: Option<(i32, u32, u32)>,
    /// Wall-clock seconds at the day's local midnight.
    midnight: i64,
    offset: Option<i64>,
}

impl DayOffset {
    /// The instant of `local` when it falls on the known day and that day has one offset.
    #[inline]
    fn instant_on_day(&self, local: Civil) -> Option<i64> {
        let offset = self.offset?;
        (self.key == Some((local.year(), local.month(), local.day()))).then(|| {
            self.midnight + i64::from(local.hour() * 3600 + local.minute() * 60 + local.second())
                - offset
        })
    }

    /// Learns the local day of `local` (once a day, out of line). Fields are written in place:
    /// a whole new value copied in would be read back before its stores had landed.
    #[inline(never)]
    fn refresh(&mut self, zone: &Zone, local: Civil) {
        self.offset = match zone {
            Zone::Iana(tz) => uniform_offset(tz, local),
            _ => zone.fixed_offset().map(|o| i64::from(o.local_minus_utc())),
        };
        self.key = Some((local.year(), local.month(), local.day()));
        self.midnight =
            compiled::days_from_civil(local.year(), local.month(), local.day()) * 86_400;
    }
}

fn uniform_offset(tz: &Tz, local: Civil) -> Option<i64> {
    use chrono::Offset;
    let day = chrono::NaiveDate::from_ymd_opt(local.year(), local.month(), local.day())?;
    let first = tz
        .offset_from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .single()?;
    let last = tz
        .offset_from_local_datetime(&day.and_hms_opt(23, 59, 59)?)
        .single()?;
    let (a, b) = (first.fix(), last.fix());
    (a == b).then(|| i64::from(a.local_minus_utc()))
}

/// Maps a local time to its fire instant under the policy.
fn map_local(zone: &Zone, dst: DstPolicy, local: Civil, day: &mut DayOffset) -> Option<Mapped> {
    if day.key != Some((local.year(), local.month(), local.day())) {
        day.refresh(zone, local);
    }
    match (day.instant_on_day(local), zone) {
        (Some(instant), _) => Some(Mapped::At(instant)),
        (None, Zone::Iana(tz)) => map_iana(tz, dst, local),
        (None, _) => None,
    }
}

// Out of line: only days with an offset change come here, and inlined its frame would burden
// every fire time.
#[inline(never)]
fn map_iana(tz: &Tz, dst: DstPolicy, local: Civil) -> Option<Mapped> {
    let naive = local.to_naive()?;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Some(Mapped::At(t.timestamp())),
        LocalResult::Ambiguous(early, late) => Some(Mapped::At(match dst {
            DstPolicy::Quartz => late.timestamp(),
            DstPolicy::Vixie => early.timestamp(),
        })),
        LocalResult::None => {
            let end = GapInfo::new(&naive, tz)?.end?;
            match dst {
                DstPolicy::Quartz => Some(Mapped::SkipTo(Civil::from_naive(&end.naive_local()))),
                DstPolicy::Vixie => Some(Mapped::At(end.timestamp())),
            }
        }
    }
}

/// The wall-clock time of instant `secs` in `zone`.
pub(crate) fn wall_of(zone: &Zone, secs: i64) -> Option<Civil> {
    let utc = DateTime::from_timestamp(secs, 0)?.naive_utc();
    let offset = match zone {
        Zone::Iana(tz) => tz.offset_from_utc_datetime(&utc).fix(),
        _ => zone.fixed_offset()?,
    };
    // Checked: within a day of chrono's first or last instant, the local time may not exist.
    let naive: NaiveDateTime = utc.checked_add_offset(offset)?;
    Some(Civil::from_naive(&naive.with_nanosecond(0)?))
}

/// For an ambiguous local time: the first and last second of the repeated window around it.
fn ambiguous_window(tz: &Tz, local: Civil) -> (Civil, Civil) {
    let is_ambiguous = |secs: i64| {
        Civil::from_wall_seconds(secs)
            .to_naive()
            .is_some_and(|n| matches!(tz.from_local_datetime(&n), LocalResult::Ambiguous(..)))
    };
    let at = local.wall_seconds();
    // Windows are at most a day long; search by halving in each direction.
    let (mut lo, mut hi) = (at - 86_400, at); // lo not ambiguous (or far), hi ambiguous
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if is_ambiguous(mid) {
            hi = mid
        } else {
            lo = mid
        }
    }
    let start = hi;
    let (mut lo, mut hi) = (at, at + 86_400);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if is_ambiguous(mid) {
            lo = mid
        } else {
            hi = mid
        }
    }
    (
        Civil::from_wall_seconds(start),
        Civil::from_wall_seconds(lo),
    )
}

/// 1969-12-30T00:00:00Z: before 1970-01-01 00:00 local time in every zone (offsets are
/// within a day).
pub(crate) const BEFORE_ANY_CRON: i64 = -2 * 86_400;

/// The first cron fire strictly after instant `after`.
fn first_cron(
    cron: &CompiledCron,
    zone: &Zone,
    dst: DstPolicy,
    after: i64,
    caches: &mut Caches,
) -> Option<(Civil, i64)> {
    // No cron fire time is before 1970 local time, so an earlier `after` changes nothing;
    // clamping it keeps the local time of instants near chrono's first one representable.
    let after = after.max(BEFORE_ANY_CRON);
    let local_t = wall_of(zone, after)?;
    // The first local time whose instant can be after `after` (the map is monotonic).
    let mut from = add_second(local_t);
    if let Zone::Iana(tz) = zone
        && let LocalResult::Ambiguous(early, late) = tz.from_local_datetime(&local_t.to_naive()?)
    {
        let (start, end) = ambiguous_window(tz, local_t);
        if after == early.timestamp() && dst == DstPolicy::Quartz {
            // Later occurrences of the whole window are still ahead.
            from = start;
        } else if after == late.timestamp() && dst == DstPolicy::Vixie {
            // Earlier occurrences of the window are behind; go past it.
            from = add_second(end);
        }
    }
    search(cron, zone, dst, from, after, caches)
}

fn next_cron(
    cron: &CompiledCron,
    zone: &Zone,
    dst: DstPolicy,
    local: Civil,
    instant: i64,
    caches: &mut Caches,
) -> Option<(Civil, i64)> {
    let candidate = cron.next_after_match(local, &mut caches.month)?;
    // Most fire times fall on the day of the one before, whose offset is known: no search.
    if let Some(next) = caches.day.instant_on_day(candidate)
        && next > instant
    {
        return Some((candidate, next));
    }
    settle(cron, zone, dst, candidate, instant, caches)
}

/// The first matching local time at or after `from` whose instant is after `after`.
fn search(
    cron: &CompiledCron,
    zone: &Zone,
    dst: DstPolicy,
    from: Civil,
    after: i64,
    caches: &mut Caches,
) -> Option<(Civil, i64)> {
    let candidate = cron.next_local(from, &mut caches.month)?;
    settle(cron, zone, dst, candidate, after, caches)
}

/// From a matching `candidate` on, the first whose instant is after `after`.
fn settle(
    cron: &CompiledCron,
    zone: &Zone,
    dst: DstPolicy,
    mut candidate: Civil,
    after: i64,
    caches: &mut Caches,
) -> Option<(Civil, i64)> {
    loop {
        match map_local(zone, dst, candidate, &mut caches.day)? {
            Mapped::At(instant) if instant > after => return Some((candidate, instant)),
            Mapped::At(_) => candidate = cron.next_after_match(candidate, &mut caches.month)?,
            Mapped::SkipTo(resume) => {
                if resume <= candidate {
                    return None;
                }
                candidate = cron.next_local(resume, &mut caches.month)?;
            }
        }
    }
}

/// What an iterator remembers between fire times.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Caches {
    month: MonthCache,
    day: DayOffset,
}
