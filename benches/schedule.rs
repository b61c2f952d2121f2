//! Benchmarks of the schedule module against the peer crates `cron`, `croner` and `saffron`.
//!
//! Groups (each implementation is a function of the group):
//!
//! - `schedule/parse/<case>`: parsing one expression;
//! - `schedule/next100/utc`, `schedule/next100/new_york`: the first 100 fire times after a
//!   fixed instant, consumed into an accumulator (no `Vec`).
//!
//! Every peer gets the expression translated to its own dialect so that it means the same
//! schedule, and only where it can express it:
//!
//! - `cron` 0.17: Quartz-like, 6 or 7 fields (seconds first, optional year), day-of-week
//!   1 = SUN (we only give it names), `?` accepted; no zone token (the zone is the type
//!   parameter of the instant it iterates from).
//! - `croner` 4: parsed with seconds required and the year optional; `?` accepted (it becomes
//!   `*`); day-of-week 0/7 = SUN (names only here); no zone token (zone from the instant).
//! - `saffron` 0.1: 5 fields, no seconds (always 0), no year, no `?`, UTC only.
//!
//! Before any timing, every peer's fire times are checked against ours so that we never
//! measure code that computes something else.

#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use criterion::{
    BenchmarkGroup, Criterion, criterion_group, criterion_main, measurement::WallTime,
};
use croner::parser::{CronParser, Seconds, Year};
use ecs_runcommand::schedule::{DstPolicy, Frequency, Schedule, Zone};

const NEW_YORK: Tz = chrono_tz::America::New_York;

/// The fixed instant fire times are computed after: nine days before New York's 2030 switch
/// to daylight-saving time, so the New York run crosses it.
fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 3, 1, 0, 0, 0).unwrap()
}

/// The parser croner needs for Quartz-style 6/7-field expressions.
fn croner_parser() -> CronParser {
    CronParser::builder()
        .seconds(Seconds::Required)
        .year(Year::Optional)
        .build()
}

/// One expression, in each dialect (`None`: the peer cannot say it).
struct Case {
    id: &'static str,
    ours: &'static str,
    cron: Option<&'static str>,
    croner: Option<&'static str>,
    saffron: Option<&'static str>,
}

const PARSE_CASES: [Case; 4] = [
    Case {
        id: "cron_7field",
        ours: "0 0/30 10-11 * * ? 2030 Asia/Shanghai",
        // Neither takes a zone token: the zone comes with the instant they iterate from.
        cron: Some("0 0/30 10-11 * * ? 2030"),
        // Without its "sloppy ranges" option croner rejects `0/30`; `*/30` is the same set.
        croner: Some("0 */30 10-11 * * ? 2030"),
        // No year field.
        saffron: None,
    },
    Case {
        id: "cron_6field",
        ours: "0 15 10 ? * MON-FRI",
        cron: Some("0 15 10 ? * MON-FRI"),
        croner: Some("0 15 10 ? * MON-FRI"),
        // No seconds field (always 0) and no `?`.
        saffron: Some("15 10 * * MON-FRI"),
    },
    Case {
        id: "rate",
        ours: "rate(5m)",
        cron: None,
        croner: None,
        saffron: None,
    },
    Case {
        id: "at",
        ours: "at(2030-06-06 13:15:30 Asia/Shanghai)",
        cron: None,
        croner: None,
        saffron: None,
    },
];

/// The next100 expression: every half hour from 10:00 to 11:30, every day.
const NEXT: Case = Case {
    id: "next100",
    ours: "0 0/30 10-11 * * ?",
    cron: Some("0 0/30 10-11 * * ?"),
    croner: Some("0 */30 10-11 * * ?"),
    // UTC only: used in the `utc` group, skipped in `new_york`.
    saffron: Some("0/30 10-11 * * *"),
};

fn configure(group: &mut BenchmarkGroup<'_, WallTime>) {
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
}

fn ours_schedule(text: &str, zone: &Zone) -> Schedule {
    Frequency::parse(text)
        .unwrap()
        .schedule(start(), zone, DstPolicy::Quartz)
}

fn ours_times(schedule: &Schedule, n: usize) -> Vec<DateTime<Utc>> {
    schedule.iter_after(start()).take(n).collect()
}

fn cron_times(text: &str, tz: Tz, n: usize) -> Vec<DateTime<Utc>> {
    let schedule: cron::Schedule = text.parse().unwrap();
    schedule
        .after(&start().with_timezone(&tz))
        .take(n)
        .map(|t| t.with_timezone(&Utc))
        .collect()
}

fn croner_times(text: &str, tz: Tz, n: usize) -> Vec<DateTime<Utc>> {
    let cron = croner_parser().parse(text).unwrap();
    cron.iter_after(start().with_timezone(&tz))
        .take(n)
        .map(|t| t.with_timezone(&Utc))
        .collect()
}

fn saffron_times(text: &str, n: usize) -> Vec<DateTime<Utc>> {
    let cron: saffron::Cron = text.parse().unwrap();
    cron.iter_after(start()).take(n).collect()
}

/// Checks that every peer's translation means the same schedule as ours: the same first `n`
/// fire times in `tz` (`saffron` only in UTC).
fn check_same(case: &Case, zone: &Zone, tz: Tz, n: usize) {
    let ours = ours_times(&ours_schedule(case.ours, zone), n);
    assert_eq!(ours.len(), n, "{}: ours gave too few fire times", case.id);
    if let Some(text) = case.cron {
        assert_eq!(cron_times(text, tz, n), ours, "{}: cron differs", case.id);
    }
    if let Some(text) = case.croner {
        assert_eq!(
            croner_times(text, tz, n),
            ours,
            "{}: croner differs",
            case.id
        );
    }
    if let (Some(text), Zone::Utc) = (case.saffron, zone) {
        assert_eq!(saffron_times(text, n), ours, "{}: saffron differs", case.id);
    }
}

fn bench_parse(c: &mut Criterion) {
    // The 7-field case carries its own zone (Asia/Shanghai): the peers iterate in it too.
    check_same(&PARSE_CASES[0], &Zone::Utc, chrono_tz::Asia::Shanghai, 20);
    check_same(&PARSE_CASES[1], &Zone::Utc, Tz::UTC, 20);
    for case in &PARSE_CASES {
        let mut group = c.benchmark_group(format!("schedule/parse/{}", case.id));
        configure(&mut group);
        assert!(Frequency::parse(case.ours).is_ok());
        group.bench_function("ours", |b| {
            b.iter(|| Frequency::parse(black_box(case.ours)))
        });
        if let Some(text) = case.cron {
            group.bench_function("cron", |b| {
                b.iter(|| black_box(text).parse::<cron::Schedule>())
            });
        }
        if let Some(text) = case.croner {
            let parser = croner_parser();
            group.bench_function("croner", |b| b.iter(|| parser.parse(black_box(text))));
        }
        if let Some(text) = case.saffron {
            group.bench_function("saffron", |b| {
                b.iter(|| black_box(text).parse::<saffron::Cron>())
            });
        }
        group.finish();
    }
}

/// Folds fire times into one number so that nothing is collected.
fn fold(acc: i64, t: i64) -> i64 {
    acc.rotate_left(5) ^ t
}

fn bench_next100(c: &mut Criterion, name: &str, zone: Zone, tz: Tz) {
    check_same(&NEXT, &zone, tz, 100);
    let mut group = c.benchmark_group(format!("schedule/next100/{name}"));
    configure(&mut group);
    let after = start();

    let ours = ours_schedule(NEXT.ours, &zone);
    group.bench_function("ours", |b| {
        b.iter(|| {
            black_box(&ours)
                .iter_after(black_box(after))
                .take(100)
                .fold(0, |acc, t| fold(acc, t.timestamp()))
        })
    });

    if let Some(text) = NEXT.cron {
        let schedule: cron::Schedule = text.parse().unwrap();
        let from = after.with_timezone(&tz);
        group.bench_function("cron", |b| {
            b.iter(|| {
                black_box(&schedule)
                    .after(black_box(&from))
                    .take(100)
                    .fold(0, |acc, t| fold(acc, t.timestamp()))
            })
        });
    }

    if let Some(text) = NEXT.croner {
        let cron = croner_parser().parse(text).unwrap();
        let from = after.with_timezone(&tz);
        // `iter_after` clones the `Cron` (its API); the clone is part of what a caller pays.
        group.bench_function("croner", |b| {
            b.iter(|| {
                black_box(&cron)
                    .iter_after(black_box(from))
                    .take(100)
                    .fold(0, |acc, t| fold(acc, t.timestamp()))
            })
        });
    }

    if let (Some(text), Zone::Utc) = (NEXT.saffron, zone) {
        let cron: saffron::Cron = text.parse().unwrap();
        // `iter_after` takes the `Cron` by value: a clone of a few bit sets, no allocation.
        group.bench_function("saffron", |b| {
            b.iter(|| {
                black_box(&cron)
                    .clone()
                    .iter_after(black_box(after))
                    .take(100)
                    .fold(0, |acc, t| fold(acc, t.timestamp()))
            })
        });
    }
    group.finish();
}

fn bench_next(c: &mut Criterion) {
    bench_next100(c, "utc", Zone::Utc, Tz::UTC);
    bench_next100(c, "new_york", Zone::Iana(NEW_YORK), NEW_YORK);
}

criterion_group!(benches, bench_parse, bench_next);
criterion_main!(benches);
