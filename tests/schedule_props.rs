//! Property tests of the schedule module: the canonical form round-trips, and fire times agree
//! with an independent second-by-second scan in several zones, across daylight-saving days.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{DateTime, Datelike, LocalResult, NaiveDateTime, TimeZone, Timelike, Utc};
use ecs_runcommand::schedule::{
    CronExpr, DayOfMonth, DayOfWeek, DstPolicy, Field, Frequency, Item, ScheduleErrorKind, Zone,
};
use proptest::prelude::*;

fn sample(options: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(options)
}

const SECONDS: &[&str] = &["0", "*/15", "30", "0,20-25", "10/20", "5-50/15", "*", "00"];
const MINUTES: &[&str] = &["0", "*", "0/5", "0-10", "30", "15,45", "1-59/29", "*/7"];
const HOURS: &[&str] = &["*", "1-3", "0/2", "2", "0,1,2,3,4", "23", "1,3", "*/5"];
const DOMS: &[&str] = &[
    "*", "L", "LW", "15W", "1W", "31W", "1-15", "3,10", "*/3", "28-31",
];
const MONTHS: &[&str] = &["*", "3,10,11", "MAR-NOV", "*/2", "1/3", "OCT"];
const DOWS: &[&str] = &[
    "*",
    "1-5",
    "7",
    "SUN",
    "6L",
    "7#1",
    "1#5",
    "L",
    "MON,WED-FRI",
    "*/2",
];
const ZONES: &[&str] = &[
    "",
    "UTC",
    "GMT+5:30",
    "GMT-7:00",
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "Asia/Shanghai",
    "America/Santiago",
];

/// A cron expression built from the vocabularies above, with consistent day fields.
fn cron_text() -> impl Strategy<Value = String> {
    (
        sample(SECONDS),
        sample(MINUTES),
        sample(HOURS),
        sample(DOMS),
        sample(MONTHS),
        sample(DOWS),
        0..3u8,
        proptest::option::of(sample(&["2030", "2030-2032", "*", "2031/2"])),
        sample(ZONES),
    )
        .prop_map(|(s, m, h, dom, mon, dow, mode, year, zone)| {
            let (dom, dow) = match mode {
                0 => (dom, "?"),
                1 => ("?", dow),
                _ => ("*", "*"),
            };
            let mut text = format!("{s} {m} {h} {dom} {mon} {dow}");
            if let Some(y) = year {
                text.push(' ');
                text.push_str(y);
            }
            if !zone.is_empty() {
                text.push(' ');
                text.push_str(zone);
            }
            text
        })
}

/// Instants near daylight-saving changes of the zones above (and plain days).
const PIVOTS: &[&str] = &[
    "2030-03-10T07:00:00Z", // New York spring forward
    "2030-11-03T06:00:00Z", // New York fall back
    "2030-03-31T01:00:00Z", // London spring forward
    "2030-10-27T01:00:00Z", // London fall back
    "2030-04-06T15:00:00Z", // Lord Howe 30-minute fall back
    "2030-10-05T15:30:00Z", // Lord Howe 30-minute spring forward
    "2030-04-06T03:00:00Z", // Santiago fall back (midnight)
    "2030-09-08T04:00:00Z", // Santiago spring forward (midnight)
    "2030-06-15T12:00:00Z",
    "2031-02-28T22:00:00Z",
];

fn item_values(item: &Item, min: u32, max: u32) -> Vec<u32> {
    let (a, b, step) = match *item {
        Item::All => (min, max, 1),
        Item::Value(v) => (u32::from(v), u32::from(v), 1),
        Item::Range(a, b) => (u32::from(a), u32::from(b), 1),
        Item::AllStep(n) => (min, max, u32::from(n)),
        Item::ValueStep(a, n) => (u32::from(a), max, u32::from(n)),
        Item::RangeStep(a, b, n) => (u32::from(a), u32::from(b), u32::from(n)),
    };
    (a..=b).step_by(step as usize).collect()
}

fn field_has(field: &Field, v: u32, min: u32, max: u32) -> bool {
    field
        .items()
        .iter()
        .any(|i| item_values(i, min, max).contains(&v))
}

fn last_day(date: NaiveDateTime) -> u32 {
    (28..=31)
        .rev()
        .find(|d| date.date().with_day(*d).is_some())
        .unwrap()
}

/// An independent reading of the expression: does the local time match every field?
fn matches(expr: &CronExpr, t: NaiveDateTime) -> bool {
    let weekday = t.weekday().number_from_monday(); // 1 = Monday
    let day = t.day();
    let len = last_day(t);
    let is_weekday = |d: u32| t.date().with_day(d).unwrap().weekday().number_from_monday() <= 5;
    let dom_ok = match expr.day_of_month() {
        DayOfMonth::Unspecified => None,
        DayOfMonth::Days(f) if f.is_all() => None,
        DayOfMonth::Days(f) => Some(field_has(f, day, 1, 31)),
        DayOfMonth::Last => Some(day == len),
        DayOfMonth::LastWeekday => {
            let target = (1..=len).rev().find(|d| is_weekday(*d)).unwrap();
            Some(day == target)
        }
        DayOfMonth::NearestWeekday(n) => {
            let n = u32::from(*n);
            if n > len {
                Some(false)
            } else {
                // the weekday nearest to n inside the month, preferring the earlier on a tie
                let target = (0..=2u32)
                    .flat_map(|k| [n.checked_sub(k), Some(n + k)])
                    .flatten()
                    .find(|d| *d >= 1 && *d <= len && is_weekday(*d))
                    .unwrap();
                Some(day == target)
            }
        }
    };
    let dow_ok = match expr.day_of_week() {
        DayOfWeek::Unspecified => None,
        DayOfWeek::Days(f) if f.is_all() => None,
        DayOfWeek::Days(f) => Some(field_has(f, weekday, 1, 7)),
        DayOfWeek::Last(w) => Some(weekday == u32::from(*w) && day + 7 > len),
        DayOfWeek::Nth { weekday: w, nth } => {
            Some(weekday == u32::from(*w) && (day - 1) / 7 + 1 == u32::from(*nth))
        }
    };
    let day_ok = dom_ok.or(dow_ok).unwrap_or(true);
    let year_ok = match expr.year() {
        Some(f) => field_has(f, t.year() as u32, 1970, 2099),
        None => t.year() <= 2099,
    };
    day_ok
        && year_ok
        && field_has(expr.second(), t.second(), 0, 59)
        && field_has(expr.minute(), t.minute(), 0, 59)
        && field_has(expr.hour(), t.hour(), 0, 23)
        && field_has(expr.month(), t.month(), 1, 12)
}

fn local_of(zone: &Zone, t: DateTime<Utc>) -> NaiveDateTime {
    match zone {
        Zone::Iana(tz) => t.with_timezone(tz).naive_local(),
        _ => t.with_timezone(&zone.fixed_offset().unwrap()).naive_local(),
    }
}

fn is_ambiguous(zone: &Zone, local: NaiveDateTime) -> bool {
    match zone {
        Zone::Iana(tz) => matches!(tz.from_local_datetime(&local), LocalResult::Ambiguous(..)),
        _ => false,
    }
}

/// Fire times in (start, start + window] by scanning every second.
fn brute_force(
    expr: &CronExpr,
    zone: &Zone,
    dst: DstPolicy,
    start: DateTime<Utc>,
    window: i64,
) -> Vec<DateTime<Utc>> {
    let mut out = Vec::new();
    let mut prev_local = local_of(zone, start);
    for k in 1..=window {
        let t = start + chrono::Duration::seconds(k);
        let local = local_of(zone, t);
        let mut fire = false;
        if matches(expr, local) {
            fire = if is_ambiguous(zone, local) {
                // Which occurrence is this? The other one is an hour (or less) away.
                let earlier = match zone {
                    Zone::Iana(tz) => tz.from_local_datetime(&local).earliest().unwrap(),
                    _ => unreachable!(),
                };
                let is_earlier = earlier.with_timezone(&Utc) == t;
                match dst {
                    DstPolicy::Quartz => !is_earlier,
                    DstPolicy::Vixie => is_earlier,
                }
            } else {
                true
            };
        }
        if dst == DstPolicy::Vixie && local > prev_local + chrono::Duration::seconds(1) {
            // The wall clock jumped: skipped local times fire now.
            let mut skipped = prev_local + chrono::Duration::seconds(1);
            while skipped < local {
                if matches(expr, skipped) {
                    fire = true;
                    break;
                }
                skipped += chrono::Duration::seconds(1);
            }
        }
        if fire {
            out.push(t);
        }
        prev_local = local;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn prop_cron_display_round_trip(text in cron_text()) {
        let parsed = Frequency::parse(&text).unwrap();
        let printed = parsed.to_string();
        let again = Frequency::parse(&printed).unwrap();
        prop_assert_eq!(&again, &parsed);
        prop_assert_eq!(again.to_string(), printed);
    }

    #[test]
    fn prop_next_matches_brute_force(
        text in cron_text(),
        pivot in sample(PIVOTS),
        shift in -3 * 3600i64..3 * 3600,
        instance in sample(&["UTC", "America/New_York", "Australia/Lord_Howe"]),
        vixie in any::<bool>(),
    ) {
        let Frequency::Cron(expr) = Frequency::parse(&text).unwrap() else { unreachable!() };
        let instance: Zone = instance.parse().unwrap();
        let zone = expr.zone().copied().unwrap_or(instance);
        let dst = if vixie { DstPolicy::Vixie } else { DstPolicy::Quartz };
        let start = DateTime::parse_from_rfc3339(pivot).unwrap().with_timezone(&Utc)
            + chrono::Duration::seconds(shift);
        let window = 4 * 3600;
        let expected = brute_force(&expr, &zone, dst, start, window);
        let schedule = Frequency::Cron(expr.clone()).schedule(start, &instance, dst);
        let end = start + chrono::Duration::seconds(window);
        let got: Vec<_> = schedule.iter_after(start).take_while(|t| *t <= end).collect();
        prop_assert_eq!(&got, &expected, "{} after {} in {} ({:?})", text, start, zone, dst);
        // next_after from every fire time gives the following one
        for pair in got.windows(2) {
            prop_assert_eq!(schedule.next_after(pair[0]), Some(pair[1]));
        }
    }

    #[test]
    fn prop_fire_times_increase_and_match(
        text in cron_text(),
        pivot in sample(PIVOTS),
        vixie in any::<bool>(),
    ) {
        let Frequency::Cron(expr) = Frequency::parse(&text).unwrap() else { unreachable!() };
        let zone = expr.zone().copied().unwrap_or(Zone::Utc);
        let dst = if vixie { DstPolicy::Vixie } else { DstPolicy::Quartz };
        let start = DateTime::parse_from_rfc3339(pivot).unwrap().with_timezone(&Utc);
        let times: Vec<_> = Frequency::Cron(expr.clone())
            .schedule(start, &Zone::Utc, dst)
            .iter_after(start)
            .take(200)
            .collect();
        let mut last = start;
        for t in times {
            prop_assert!(t > last);
            let local = local_of(&zone, t);
            // A vixie fire right after a gap stands for a skipped local time.
            let after_gap = dst == DstPolicy::Vixie
                && local_of(&zone, t - chrono::Duration::seconds(1)) + chrono::Duration::seconds(1) != local;
            prop_assert!(matches(&expr, local) || after_gap, "{} fired at {} ({})", text, t, local);
            last = t;
        }
    }

    #[test]
    fn prop_min_interval_is_exact(
        s in sample(SECONDS),
        m in sample(MINUTES),
        h in sample(HOURS),
        timeout in 10u32..=7200,
    ) {
        // Every day fires, so two days of local times hold the smallest gap.
        let text = format!("{s} {m} {h} * * ?");
        let Frequency::Cron(expr) = Frequency::parse(&text).unwrap() else { unreachable!() };
        let day = NaiveDateTime::parse_from_str("2030-01-01 00:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
        let mut fires = Vec::new();
        for k in 0..2 * 86_400 {
            let t = day + chrono::Duration::seconds(k);
            if matches(&expr, t) {
                fires.push(k);
            }
        }
        let brute = fires.windows(2).map(|w| w[1] - w[0]).min().unwrap();
        let now = Utc.with_ymd_and_hms(2029, 6, 1, 0, 0, 0).unwrap();
        let result = Frequency::Cron(expr).validate(now, timeout, Some(&Zone::Utc));
        let required = i64::from(timeout.max(10));
        if brute < required {
            let err = result.unwrap_err();
            prop_assert!(
                matches!(err.kind(), ScheduleErrorKind::IntervalTooShort { gap, .. } if *gap as i64 == brute),
                "{}: {:?}", text, err
            );
        } else {
            prop_assert!(result.is_ok(), "{}: {:?}", text, result);
        }
    }
}

/// Sparse days, a few fire times each: every fire time from 2090 to 2099 can be listed.
const SPARSE_TIMES: &[&str] = &["0 0 0", "0,30 0 12", "0 0,59 0,23", "59 59 23", "0 0 0,23"];
const SPARSE_DAYS: &[&str] = &[
    "29,1 * ?", "L * ?", "1,2 2 ?", "31 12 ?", "? * 1#5", "? 2,3 6L", "15W * ?", "? 12 1,7",
];
const SPARSE_YEARS: &[&str] = &["", " 2095-2099", " 2092,2096", " 2099"];
const INTERVAL_TIMEOUTS: &[u32] = &[10, 3600, 82_800, 86_400];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// The interval rule against the list of every fire time on the days from the local date
    /// of the first second after `now` on: the gap and its first pair, or no error.
    #[test]
    fn prop_interval_counts_from_the_local_date_of_now(
        times in sample(SPARSE_TIMES),
        days in sample(SPARSE_DAYS),
        years in sample(SPARSE_YEARS),
        now_secs in 3_786_912_000_i64..4_102_488_000, // 2090-01-01 to 2100-01-01T12:00Z
        known in any::<bool>(),
        timeout in proptest::sample::select(INTERVAL_TIMEOUTS),
    ) {
        let text = format!("{times} {days}{years}");
        let frequency = Frequency::parse(&text).unwrap();
        let now = DateTime::from_timestamp(now_secs, 0).unwrap();
        // The earliest local time that can fire: in UTC, or in the zone furthest behind it.
        let earliest = if known { now_secs + 1 } else { now_secs + 1 - 12 * 3600 };
        let date = DateTime::from_timestamp(earliest, 0).unwrap().date_naive();
        let midnight = date.and_hms_opt(0, 0, 0).unwrap().and_utc();
        // Local times are UTC instants here: list them from that midnight on.
        let schedule = frequency.schedule(now, &Zone::Utc, DstPolicy::Quartz);
        let local: Vec<DateTime<Utc>> = schedule
            .iter_after(midnight - chrono::Duration::seconds(1))
            .take(20_000)
            .collect();
        prop_assert!(local.len() < 20_000);
        let closest = local
            .windows(2)
            .map(|w| ((w[1] - w[0]).num_seconds(), w[0], w[1]))
            .min_by_key(|(gap, _, _)| *gap);
        let fires = local.iter().any(|t| t.timestamp() >= earliest);
        let zone = known.then_some(Zone::Utc);
        let result = frequency.validate(now, timeout, zone.as_ref());
        // The year field's own rule comes first.
        let past = years
            .trim()
            .split(',')
            .filter_map(|item| item.split('-').next()?.parse::<u32>().ok())
            .find(|y| i64::from(*y) < i64::from(now.year()));
        if let Some(year) = past {
            let err = result.unwrap_err();
            prop_assert_eq!(
                err.kind(),
                &ScheduleErrorKind::YearInPast { year, current: now.year() }
            );
            return Ok(());
        }
        let required = i64::from(timeout.max(10));
        let show = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M:%S").to_string();
        match closest {
            Some((gap, a, b)) if gap < required => {
                let err = result.unwrap_err();
                prop_assert_eq!(
                    err.kind(),
                    &ScheduleErrorKind::IntervalTooShort {
                        gap: gap as u64,
                        first: show(a),
                        second: show(b),
                        min: required as u64,
                        reason: if timeout > 10 { "the Timeout" } else { "the minimum interval" },
                    },
                    "{} at {}", text, now
                );
            }
            _ if fires => prop_assert!(result.is_ok(), "{} at {}: {:?}", text, now, result),
            _ => prop_assert!(
                matches!(result.as_ref().unwrap_err().kind(), ScheduleErrorKind::NoFireTime { .. }),
                "{} at {}: {:?}", text, now, result
            ),
        }
    }
}

#[test]
fn err_hostile_frequencies_answer_quickly() {
    let now = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
    let long = "0,".repeat(5000) + "0 * * * * ?";
    let err = Frequency::parse(&long).unwrap_err();
    assert_eq!(
        err.kind(),
        &ScheduleErrorKind::TooLong {
            len: long.len(),
            max: 4096
        }
    );
    let list = (0..60).map(|s| s.to_string()).collect::<Vec<_>>().join(",");
    let f = Frequency::parse(&format!("{list} * * * * ?")).unwrap();
    assert!(matches!(
        f.validate(now, 10, None).unwrap_err().kind(),
        ScheduleErrorKind::IntervalTooShort { gap: 1, .. }
    ));
    // Never fires: answered without scanning second by second.
    let never = Frequency::parse("0 0 0 30 2 ? *").unwrap();
    assert!(matches!(
        never
            .validate(now, 60, Some(&Zone::Utc))
            .unwrap_err()
            .kind(),
        ScheduleErrorKind::NoFireTime { .. }
    ));
    let s = never.schedule(now, &Zone::Utc, DstPolicy::Quartz);
    assert_eq!(s.next_after(now), None);
    let digits = format!("rate({}m)", "9".repeat(4000));
    assert!(matches!(
        Frequency::parse(&digits)
            .unwrap()
            .validate(now, 60, None)
            .unwrap_err()
            .kind(),
        ScheduleErrorKind::RateOutOfRange { secs: u64::MAX, .. }
    ));
    assert_eq!(
        Frequency::parse("\u{0}\u{ffff}").unwrap_err().kind(),
        &ScheduleErrorKind::FieldCount { found: 1 }
    );
}

/// Instants at chrono's limits, where the local time in a zone ahead of or behind UTC does
/// not exist: the schedule answers instead of panicking (found by a stress campaign).
#[test]
fn ok_instants_at_the_limits_of_time() {
    let zones: Vec<Zone> = [
        "GMT+0:01",
        "GMT-0:01",
        "Asia/Shanghai",
        "Europe/Lisbon",
        "UTC",
    ]
    .iter()
    .map(|z| z.parse().unwrap())
    .collect();
    let daily = Frequency::parse("0 0 0 * * ?").unwrap();
    for zone in &zones {
        for policy in [DstPolicy::Quartz, DstPolicy::Vixie] {
            let s = daily.schedule(DateTime::<Utc>::MAX_UTC, zone, policy);
            assert_eq!(s.next_after(DateTime::<Utc>::MAX_UTC), None, "{zone}");
            let s = daily.schedule(DateTime::<Utc>::MIN_UTC, zone, policy);
            let first = s.next_after(DateTime::<Utc>::MIN_UTC).unwrap();
            let local = local_of(zone, first);
            assert_eq!(
                (
                    local.year(),
                    local.ordinal(),
                    local.num_seconds_from_midnight()
                ),
                (1970, 1, 0),
                "{zone}"
            );
        }
    }
    // Before 1970 every zone counts from the same days: no local time out of chrono's range.
    for zone in &zones {
        assert_eq!(
            daily.validate(DateTime::<Utc>::MIN_UTC, 60, Some(zone)),
            Ok(()),
            "{zone}"
        );
    }
    assert_eq!(daily.validate(DateTime::<Utc>::MIN_UTC, 60, None), Ok(()));
    let frequency = Frequency::parse("0 0 0 * * ? GMT+0:01").unwrap();
    let err = ecs_runcommand::ApiError::from(
        frequency
            .validate(DateTime::<Utc>::MAX_UTC, 60, None)
            .unwrap_err(),
    );
    assert_eq!(
        (err.code().as_str(), err.detail()),
        (
            "InvalidParam.Frequency",
            "Frequency: the cron expression has no fire time after +262142-12-31T23:59:59Z (at byte 0)"
        )
    );
}
