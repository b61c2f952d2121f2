//! A cron expression compiled to bit sets: matching local times, jumping field by field.

use std::num::NonZeroU64;

use chrono::{NaiveDate, NaiveDateTime};

use super::cron::{CronExpr, DayOfMonth, DayOfWeek};
use super::grammar::{YEAR_MAX, YEAR_MIN};

/// Civil local time (month 1-12, day 1-31), packed in one word: it travels in a register and
/// compares as a number.
///
/// Bit 63 is always set; bits 40-62 hold the year plus 2^22 (chrono's years, within
/// ±262,143, fit), then one byte each for month, day, hour, minute and second. The search may
/// hold values one past a field's range for a moment (second 60, day 32, month 13), never 256
/// or more.
///
/// The set top bit makes the word non-zero by construction: `Option<(Civil, i64)>` then fits
/// in two registers, and a fire time and its instant come back from the search in registers
/// rather than through memory.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Civil(NonZeroU64);

impl std::fmt::Debug for Civil {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year(),
            self.month(),
            self.day(),
            self.hour(),
            self.minute(),
            self.second()
        )
    }
}

impl std::fmt::Display for Civil {
    /// `yyyy-MM-dd HH:mm:ss`, as error details show local times.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            self.year(),
            self.month(),
            self.day(),
            self.hour(),
            self.minute(),
            self.second()
        )
    }
}

impl Civil {
    const YEAR_BIAS: i64 = 1 << 22;
    /// The bit every word has.
    const TOP: NonZeroU64 = NonZeroU64::MIN.saturating_add((1 << 63) - 1);

    #[inline]
    pub(crate) fn new(
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
    ) -> Civil {
        debug_assert!(
            (-Self::YEAR_BIAS..Self::YEAR_BIAS).contains(&i64::from(year)),
            "year {year} does not fit"
        );
        let year = ((i64::from(year) + Self::YEAR_BIAS) as u64) & 0x7F_FFFF;
        Civil::from_bits(
            year << 40 | byte(month) << 32 | byte(day) << 24 | time_bits(hour, minute, second),
        )
    }

    /// The word of `bits` (below bit 63), with the top bit set.
    #[inline]
    fn from_bits(bits: u64) -> Civil {
        Civil(Self::TOP | bits)
    }

    /// The byte at bit `shift` of the word.
    #[inline]
    fn part(self, shift: u32) -> u32 {
        (self.0.get() >> shift) as u32 & 0xFF
    }

    #[inline]
    pub(crate) fn year(self) -> i32 {
        ((self.0.get() >> 40 & 0x7F_FFFF) as i64 - Self::YEAR_BIAS) as i32
    }

    #[inline]
    pub(crate) fn month(self) -> u32 {
        self.part(32)
    }

    #[inline]
    pub(crate) fn day(self) -> u32 {
        self.part(24)
    }

    #[inline]
    pub(crate) fn hour(self) -> u32 {
        self.part(16)
    }

    #[inline]
    pub(crate) fn minute(self) -> u32 {
        self.part(8)
    }

    #[inline]
    pub(crate) fn second(self) -> u32 {
        self.part(0)
    }

    /// The same day at `hour:minute:second`.
    #[inline]
    pub(crate) fn at(self, hour: u32, minute: u32, second: u32) -> Civil {
        Civil::from_bits(self.0.get() & !0xFF_FFFF | time_bits(hour, minute, second))
    }

    pub(crate) fn from_naive(dt: &NaiveDateTime) -> Civil {
        use chrono::{Datelike, Timelike};
        Civil::new(
            dt.year(),
            dt.month(),
            dt.day(),
            dt.hour(),
            dt.minute(),
            dt.second(),
        )
    }

    pub(crate) fn to_naive(self) -> Option<NaiveDateTime> {
        NaiveDate::from_ymd_opt(self.year(), self.month(), self.day())?.and_hms_opt(
            self.hour(),
            self.minute(),
            self.second(),
        )
    }

    /// Seconds since 1970-01-01T00:00:00 of this wall-clock time (as if it were UTC).
    pub(crate) fn wall_seconds(self) -> i64 {
        days_from_civil(self.year(), self.month(), self.day()) * 86_400
            + i64::from(self.hour()) * 3600
            + i64::from(self.minute()) * 60
            + i64::from(self.second())
    }

    pub(crate) fn from_wall_seconds(secs: i64) -> Civil {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        Civil::new(year, month, day, rem / 3600, rem / 60 % 60, rem % 60)
    }
}

/// `v` as one byte of a [`Civil`] word.
#[inline]
fn byte(v: u32) -> u64 {
    u64::from(v & 0xFF)
}

/// The low three bytes of a [`Civil`] word.
#[inline]
fn time_bits(hour: u32, minute: u32, second: u32) -> u64 {
    byte(hour) << 16 | byte(minute) << 8 | byte(second)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub(crate) fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// 0 = Monday ... 6 = Sunday.
fn weekday(year: i32, month: u32, day: u32) -> u32 {
    (days_from_civil(year, month, day) + 3).rem_euclid(7) as u32
}

/// The lowest set bit of `mask` at or above `from`.
#[inline]
fn next_bit(mask: u64, from: u32) -> Option<u32> {
    if from >= 64 {
        return None;
    }
    let m = mask & (u64::MAX << from);
    if m == 0 {
        None
    } else {
        Some(m.trailing_zeros())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DomRule {
    Bits(u64),
    Last,
    LastWeekday,
    Nearest(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DowRule {
    /// Bit 0 = Monday ... bit 6 = Sunday.
    Bits(u8),
    Last(u32),
    Nth(u32, u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayRule {
    Every,
    Dom(DomRule),
    Dow(DowRule),
}

/// A compiled cron expression (its zone is kept by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompiledCron {
    seconds: u64,
    minutes: u64,
    hours: u64,
    months: u64,
    /// Bit `y - 1970`.
    years: [u64; 3],
    days: DayRule,
}

/// The day mask of one month, cached between calls.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct MonthCache {
    key: Option<(i32, u32)>,
    mask: u64,
}

impl CompiledCron {
    pub(crate) fn new(expr: &CronExpr) -> CompiledCron {
        let low = |bits: u128| bits as u64;
        let dom = match &expr.day_of_month {
            DayOfMonth::Unspecified => None,
            DayOfMonth::Days(f) if f.is_all() => None,
            DayOfMonth::Days(f) => Some(DomRule::Bits(low(f.bits(1, 31)))),
            DayOfMonth::Last => Some(DomRule::Last),
            DayOfMonth::LastWeekday => Some(DomRule::LastWeekday),
            DayOfMonth::NearestWeekday(n) => Some(DomRule::Nearest(u32::from(*n))),
        };
        let dow = match &expr.day_of_week {
            DayOfWeek::Unspecified => None,
            DayOfWeek::Days(f) if f.is_all() => None,
            DayOfWeek::Days(f) => Some(DowRule::Bits((f.bits(1, 7) >> 1) as u8)),
            DayOfWeek::Last(n) => Some(DowRule::Last(u32::from(*n) - 1)),
            DayOfWeek::Nth { weekday, nth } => {
                Some(DowRule::Nth(u32::from(*weekday) - 1, u32::from(*nth)))
            }
        };
        // The grammar admits one `?` or both `*`, so at most one of them restricts.
        let days = match (dom, dow) {
            (Some(d), _) => DayRule::Dom(d),
            (None, Some(w)) => DayRule::Dow(w),
            (None, None) => DayRule::Every,
        };
        let years = match &expr.year {
            Some(f) => f.year_bits(YEAR_MIN, YEAR_MAX),
            None => super::cron::Field::one(super::cron::Item::All).year_bits(YEAR_MIN, YEAR_MAX),
        };
        CompiledCron {
            seconds: low(expr.second.bits(0, 59)),
            minutes: low(expr.minute.bits(0, 59)),
            hours: low(expr.hour.bits(0, 23)),
            months: low(expr.month.bits(1, 12)),
            years,
            days,
        }
    }

    fn has_year(&self, year: i32) -> bool {
        if year < i32::from(YEAR_MIN) || year > i32::from(YEAR_MAX) {
            return false;
        }
        // `i < 130`: within the three words.
        let i = (year - i32::from(YEAR_MIN)) as usize;
        self.years[i / 64] & (1 << (i % 64)) != 0
    }

    fn next_year(&self, from: i32) -> Option<i32> {
        let mut y = from.max(i32::from(YEAR_MIN));
        while y <= i32::from(YEAR_MAX) {
            // `i < 130`: within the three words.
            let i = (y - i32::from(YEAR_MIN)) as usize;
            let word = self.years[i / 64];
            if let Some(bit) = next_bit(word, (i % 64) as u32) {
                return Some(i32::from(YEAR_MIN) + (i - i % 64) as i32 + bit as i32);
            }
            y += 64 - (i % 64) as i32;
        }
        None
    }

    /// The days of `year-month` this expression fires on, as a bit set (bit `d` for day `d`).
    pub(crate) fn day_mask(&self, year: i32, month: u32) -> u64 {
        let len = days_in_month(year, month);
        let all = ((1u64 << len) - 1) << 1;
        let first = weekday(year, month, 1);
        let wd = |day: u32| (first + day - 1) % 7;
        let one = |day: u32| {
            if day >= 1 && day <= len {
                1u64 << day
            } else {
                0
            }
        };
        match self.days {
            DayRule::Every => all,
            DayRule::Dom(DomRule::Bits(bits)) => bits & all,
            DayRule::Dom(DomRule::Last) => one(len),
            DayRule::Dom(DomRule::LastWeekday) => match wd(len) {
                5 => one(len - 1),
                6 => one(len - 2),
                _ => one(len),
            },
            DayRule::Dom(DomRule::Nearest(n)) => {
                if n > len {
                    0
                } else {
                    match wd(n) {
                        5 if n == 1 => one(3),
                        5 => one(n - 1),
                        6 if n == len => one(n - 2),
                        6 => one(n + 1),
                        _ => one(n),
                    }
                }
            }
            DayRule::Dow(DowRule::Bits(bits)) => {
                // Weekday pattern over the month, built from a 7-day mask repeated.
                let mut week = 0u64;
                for d in 0..7u32 {
                    if bits & (1 << ((first + d) % 7)) != 0 {
                        week |= 1 << (d + 1);
                    }
                }
                let mut mask = 0u64;
                let mut shift = 0;
                while shift < 35 {
                    mask |= week << shift;
                    shift += 7;
                }
                mask & all
            }
            DayRule::Dow(DowRule::Last(w)) => {
                let back = (wd(len) + 7 - w) % 7;
                one(len - back)
            }
            DayRule::Dow(DowRule::Nth(w, k)) => {
                let first_day = 1 + (w + 7 - first) % 7;
                one(first_day + 7 * (k - 1))
            }
        }
    }

    fn cached_mask(&self, cache: &mut MonthCache, year: i32, month: u32) -> u64 {
        if cache.key != Some((year, month)) {
            cache.key = Some((year, month));
            cache.mask = self.day_mask(year, month);
        }
        cache.mask
    }

    /// The first local time at or after `start` that matches, if any before 2100.
    pub(crate) fn next_local(&self, start: Civil, cache: &mut MonthCache) -> Option<Civil> {
        let (mut year, mut month, mut day) = (start.year(), start.month(), start.day());
        let (mut hour, mut minute, mut second) = (start.hour(), start.minute(), start.second());
        loop {
            if !self.has_year(year) {
                let next = self.next_year(year.checked_add(1)?)?;
                if next <= year {
                    return None;
                }
                year = next;
                (month, day, hour, minute, second) = (1, 1, 0, 0, 0);
            }
            let Some(m) = next_bit(self.months, month) else {
                year = year.checked_add(1)?;
                if year > i32::from(YEAR_MAX) {
                    return None;
                }
                (month, day, hour, minute, second) = (1, 1, 0, 0, 0);
                continue;
            };
            if m != month {
                (month, day, hour, minute, second) = (m, 1, 0, 0, 0);
            }
            let mask = self.cached_mask(cache, year, month);
            let Some(d) = next_bit(mask, day) else {
                (month, day, hour, minute, second) = (month + 1, 1, 0, 0, 0);
                if month > 12 {
                    year = year.checked_add(1)?;
                    month = 1;
                }
                continue;
            };
            if d != day {
                (day, hour, minute, second) = (d, 0, 0, 0);
            }
            let Some(h) = next_bit(self.hours, hour) else {
                (day, hour, minute, second) = (day + 1, 0, 0, 0);
                continue;
            };
            if h != hour {
                (hour, minute, second) = (h, 0, 0);
            }
            let Some(mi) = next_bit(self.minutes, minute) else {
                (hour, minute, second) = (hour + 1, 0, 0);
                continue;
            };
            if mi != minute {
                (minute, second) = (mi, 0);
            }
            let Some(s) = next_bit(self.seconds, second) else {
                (minute, second) = (minute + 1, 0);
                continue;
            };
            return Some(Civil::new(year, month, day, hour, minute, s));
        }
    }

    /// The first match after `prev`, which matched: the rest of its minute, hour and day
    /// first, then the general search from the next day.
    #[inline]
    pub(crate) fn next_after_match(&self, prev: Civil, cache: &mut MonthCache) -> Option<Civil> {
        let first_second = self.seconds.trailing_zeros();
        let first_minute = self.minutes.trailing_zeros();
        let (hour, minute) = (prev.hour(), prev.minute());
        if let Some(second) = next_bit(self.seconds, prev.second() + 1) {
            return Some(prev.at(hour, minute, second));
        }
        if let Some(minute) = next_bit(self.minutes, minute + 1) {
            return Some(prev.at(hour, minute, first_second));
        }
        if let Some(hour) = next_bit(self.hours, hour + 1) {
            return Some(prev.at(hour, first_minute, first_second));
        }
        self.next_local(
            Civil::new(prev.year(), prev.month(), prev.day() + 1, 0, 0, 0),
            cache,
        )
    }

    /// The smallest interval, on the local wall clock, between two consecutive fire times on
    /// the days from the date of `from` on: `None` when there are fewer than two. Returns the
    /// gap in seconds and the first pair of local times where it occurs.
    pub(crate) fn min_gap(&self, from: Civil) -> Option<(u64, Civil, Civil)> {
        // The first firing day, and the smallest distance between consecutive firing days.
        let mut first_day: Option<(i32, u32, u32)> = None;
        let mut prev: Option<i64> = None;
        let mut best_days: Option<(i64, (i32, u32, u32))> = None;
        let start = (from.year(), from.month(), from.day());
        let mut year = self.next_year(start.0);
        'years: while let Some(y) = year {
            let mut month_from = if y == start.0 { start.1 } else { 1 };
            while let Some(m) = next_bit(self.months, month_from) {
                if m > 12 {
                    break;
                }
                let mut mask = self.day_mask(y, m);
                if (y, m) == (start.0, start.1) {
                    // Days before the start date do not count.
                    mask &= u64::MAX << start.2;
                }
                while mask != 0 {
                    let d = mask.trailing_zeros();
                    mask &= mask - 1;
                    let n = days_from_civil(y, m, d);
                    if first_day.is_none() {
                        first_day = Some((y, m, d));
                    }
                    if let Some(p) = prev {
                        let dist = n - p;
                        if best_days.is_none_or(|(b, _)| dist < b) {
                            let (py, pm, pd) = civil_from_days(p);
                            best_days = Some((dist, (py, pm, pd)));
                            if dist == 1 {
                                break 'years;
                            }
                        }
                    }
                    prev = Some(n);
                }
                month_from = m + 1;
            }
            year = y.checked_add(1).and_then(|next| self.next_year(next));
        }
        let (fy, fm, fd) = first_day?;
        let at = |y: i32, mo: u32, d: u32, secs: u32| {
            Civil::new(y, mo, d, secs / 3600, secs / 60 % 60, secs % 60)
        };
        let set_min = |bits: u64| bits.trailing_zeros();
        let set_max = |bits: u64| 63 - bits.leading_zeros();
        // Smallest distance between consecutive members of a bit set, with the lower member.
        let min_diff = |bits: u64| -> Option<(u32, u32)> {
            let mut best: Option<(u32, u32)> = None;
            let mut rest = bits;
            let mut last: Option<u32> = None;
            while rest != 0 {
                let v = rest.trailing_zeros();
                rest &= rest - 1;
                if let Some(l) = last
                    && best.is_none_or(|(b, _)| v - l < b)
                {
                    best = Some((v - l, l));
                }
                last = Some(v);
            }
            best
        };
        let (s_min, s_max) = (set_min(self.seconds), set_max(self.seconds));
        let (m_min, m_max) = (set_min(self.minutes), set_max(self.minutes));
        let (h_min, h_max) = (set_min(self.hours), set_max(self.hours));
        let mut best: Option<(u64, Civil, Civil)> = None;
        let mut offer = |gap: u64, a: Civil, b: Civil| {
            if best.as_ref().is_none_or(|(g, _, _)| gap < *g) {
                best = Some((gap, a, b));
            }
        };
        let tod = |h: u32, m: u32, s: u32| h * 3600 + m * 60 + s;
        if let Some((diff, low)) = min_diff(self.seconds) {
            let base = tod(h_min, m_min, 0);
            offer(
                u64::from(diff),
                at(fy, fm, fd, base + low),
                at(fy, fm, fd, base + low + diff),
            );
        }
        if let Some((diff, low)) = min_diff(self.minutes) {
            let a = tod(h_min, low, s_max);
            let b = tod(h_min, low + diff, s_min);
            offer(u64::from(b - a), at(fy, fm, fd, a), at(fy, fm, fd, b));
        }
        if let Some((diff, low)) = min_diff(self.hours) {
            let a = tod(low, m_max, s_max);
            let b = tod(low + diff, m_min, s_min);
            offer(u64::from(b - a), at(fy, fm, fd, a), at(fy, fm, fd, b));
        }
        if let Some((days, (py, pm, pd))) = best_days {
            let last = tod(h_max, m_max, s_max);
            let first = tod(h_min, m_min, s_min);
            let gap = days as u64 * 86_400 - u64::from(last) + u64::from(first);
            let (ny, nm, nd) = civil_from_days(days_from_civil(py, pm, pd) + days);
            offer(gap, at(py, pm, pd, last), at(ny, nm, nd, first));
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        for days in [-1000i64, 0, 1, 59, 365, 10_957, 47_482, 47_846] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(weekday(2030, 1, 1), 1); // Tuesday
    }
}
