//! Benchmarks of the schedule module against the peer crates `cron`, `croner` and `saffron`.
//!
//! Groups (each implementation is a function of the group):
//!
//! - `schedule/parse/<case>`: parsing one expression;
//! - `schedule/parse/zone_token`: one expression without a zone, with an IANA name and with a
//!   GMT offset (what a zone token costs);
//! - `schedule/next100/utc`, `schedule/next100/new_york`: the first 100 fire times after a
//!   fixed instant, consumed into an accumulator (no `Vec`);
//! - `schedule/describe/<case>`: `parse` alone, then `describe/en` and `describe/zh-CN` of the
//!   parsed expression (parse excluded), and croner's English `describe` of its own parsed
//!   pattern where it can say the expression, side by side;
//! - `schedule/describe/corpus`: every Frequency of `spec/describe/corpus.txt` described once,
//!   parsed beforehand (throughput in descriptions a second), for the peer table of the README
//!   (`benches/describe_peers/run.sh` times the peers on the same corpus).
//!
//! Every peer gets the expression translated to its own dialect so that it means the same
//! schedule, and only where it can express it:
//!
//! - `cron` 0.17: Quartz-like, 6 or 7 fields (seconds first, optional year), day-of-week
//!   1 = SUN (we only give it names), `?` accepted; no `L`, `W` or `#`; no zone token (the zone
//!   is the type parameter of the instant it iterates from).
//! - `croner` 4: parsed with seconds required and the year optional; `?` accepted (it becomes
//!   `*`); `L`, `LW`, `nW`, `nL` and `n#k`; day-of-week 0/7 = SUN, so 1-6 mean what ours do;
//!   no zone token (zone from the instant).
//! - `saffron` 0.1: 5 fields, no seconds (always 0), no year, no `?`, UTC only; `L`, `LW`,
//!   `nW`, `nL` and `n#k`; day-of-week 1 = SUN, so ours `n` is its `n + 1`.
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
use ecs_runcommand::schedule::{DstPolicy, Frequency, Lang, Schedule, Zone};

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

/// The parse cases: every shape of the grammar, each with every peer that can say it. The
/// first three differ only in their zone token (none, IANA, GMT offset), so their difference
/// is what a zone token costs.
const PARSE_CASES: [ParseCase; 13] = [
    ParseCase {
        check: Check::Zone(Tz::UTC),
        case: Case {
            id: "cron_7field_no_zone",
            ours: "0 0/30 10-11 * * ? 2030",
            cron: Some("0 0/30 10-11 * * ? 2030"),
            // Without its "sloppy ranges" option croner rejects `0/30`; `*/30` is the same set.
            croner: Some("0 */30 10-11 * * ? 2030"),
            // No year field.
            saffron: None,
        },
    },
    ParseCase {
        check: Check::Zone(chrono_tz::Asia::Shanghai),
        case: Case {
            id: "cron_7field",
            ours: "0 0/30 10-11 * * ? 2030 Asia/Shanghai",
            // Neither takes a zone token: the zone comes with the instant they iterate from.
            cron: Some("0 0/30 10-11 * * ? 2030"),
            croner: Some("0 */30 10-11 * * ? 2030"),
            saffron: None,
        },
    },
    ParseCase {
        // `Etc/GMT-8` is eight hours east of UTC, as `GMT+8:00` is.
        check: Check::Zone(chrono_tz::Etc::GMTMinus8),
        case: Case {
            id: "cron_7field_gmt",
            ours: "0 0/30 10-11 * * ? 2030 GMT+8:00",
            cron: Some("0 0/30 10-11 * * ? 2030"),
            croner: Some("0 */30 10-11 * * ? 2030"),
            saffron: None,
        },
    },
    ParseCase {
        check: Check::Zone(Tz::UTC),
        case: Case {
            id: "cron_6field",
            ours: "0 15 10 ? * MON-FRI",
            cron: Some("0 15 10 ? * MON-FRI"),
            croner: Some("0 15 10 ? * MON-FRI"),
            // No seconds field (always 0) and no `?`.
            saffron: Some("15 10 * * MON-FRI"),
        },
    },
    ParseCase {
        check: Check::Zone(Tz::UTC),
        case: Case {
            id: "names",
            ours: "0 10,44 14 ? 3 WED",
            cron: Some("0 10,44 14 ? 3 WED"),
            croner: Some("0 10,44 14 ? 3 WED"),
            saffron: Some("10,44 14 * 3 WED"),
        },
    },
    ParseCase {
        check: Check::Zone(Tz::UTC),
        case: Case {
            id: "list",
            ours: "0 0 10,14,16 * * ?",
            cron: Some("0 0 10,14,16 * * ?"),
            croner: Some("0 0 10,14,16 * * ?"),
            saffron: Some("0 10,14,16 * * *"),
        },
    },
    ParseCase {
        check: Check::Zone(Tz::UTC),
        case: Case {
            id: "dom_last",
            ours: "0 0 12 L * ?",
            // `cron` has no `L`, `W` or `#`.
            cron: None,
            croner: Some("0 0 12 L * ?"),
            saffron: Some("0 12 L * *"),
        },
    },
    ParseCase {
        check: Check::Zone(Tz::UTC),
        case: Case {
            id: "dom_last_weekday",
            ours: "0 0 12 LW * ?",
            cron: None,
            croner: Some("0 0 12 LW * ?"),
            saffron: Some("0 12 LW * *"),
        },
    },
    ParseCase {
        check: Check::Zone(Tz::UTC),
        case: Case {
            id: "dom_nearest_weekday",
            ours: "0 0 12 15W * ?",
            cron: None,
            croner: Some("0 0 12 15W * ?"),
            saffron: Some("0 12 15W * *"),
        },
    },
    ParseCase {
        check: Check::Zone(Tz::UTC),
        case: Case {
            id: "dow_nth",
            // The third Friday: croner counts 0 = SUN, so Friday is 5 there too; saffron
            // counts 1 = SUN, so Friday is 6.
            ours: "0 0 12 ? * 5#3",
            cron: None,
            croner: Some("0 0 12 ? * 5#3"),
            saffron: Some("0 12 * * 6#3"),
        },
    },
    ParseCase {
        check: Check::Zone(Tz::UTC),
        case: Case {
            id: "dow_last",
            // The last Saturday: 6 for croner, 7 for saffron.
            ours: "0 0 12 ? * 6L",
            cron: None,
            croner: Some("0 0 12 ? * 6L"),
            saffron: Some("0 12 * * 7L"),
        },
    },
    ParseCase {
        check: Check::None,
        case: Case {
            id: "rate",
            ours: "rate(5m)",
            cron: None,
            croner: None,
            saffron: None,
        },
    },
    ParseCase {
        check: Check::None,
        case: Case {
            id: "at",
            ours: "at(2030-06-06 13:15:30 Asia/Shanghai)",
            cron: None,
            croner: None,
            saffron: None,
        },
    },
];

/// How a parse case's peers are checked against ours before timing.
enum Check {
    /// Fire times in this zone (the zone the expression names, or UTC).
    Zone(Tz),
    /// No peer can say it.
    None,
}

/// A parse case and how to check it.
struct ParseCase {
    check: Check,
    case: Case,
}

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
    if let (Some(text), Zone::Utc, Tz::UTC) = (case.saffron, zone, tz) {
        assert_eq!(saffron_times(text, n), ours, "{}: saffron differs", case.id);
    }
}

fn bench_parse(c: &mut Criterion) {
    for ParseCase { check, case } in &PARSE_CASES {
        // The expression's own zone token decides its zone; the instance zone is not used.
        if let Check::Zone(tz) = check {
            check_same(case, &Zone::Utc, *tz, 20);
        }
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

/// What a zone token adds to a parse: the same expression without one, with an IANA name and
/// with a GMT offset, side by side in one group.
fn bench_zone_token(c: &mut Criterion) {
    let mut group = c.benchmark_group("schedule/parse/zone_token");
    configure(&mut group);
    for (id, text) in [
        ("none", "0 0/30 10-11 * * ? 2030"),
        ("iana", "0 0/30 10-11 * * ? 2030 Asia/Shanghai"),
        ("gmt", "0 0/30 10-11 * * ? 2030 GMT+8:00"),
    ] {
        assert!(Frequency::parse(text).is_ok());
        group.bench_function(id, |b| b.iter(|| Frequency::parse(black_box(text))));
    }
    group.finish();
}

/// What a description costs next to a parse, for the typical expressions of the parse cases.
fn bench_describe(c: &mut Criterion) {
    for ParseCase { case, .. } in &PARSE_CASES {
        let mut group = c.benchmark_group(format!("schedule/describe/{}", case.id));
        configure(&mut group);
        group.bench_function("parse", |b| {
            b.iter(|| Frequency::parse(black_box(case.ours)))
        });
        let frequency = Frequency::parse(case.ours).unwrap();
        for lang in Lang::ALL {
            assert!(!frequency.describe(lang).is_empty());
            group.bench_function(format!("describe/{lang}"), |b| {
                b.iter(|| black_box(&frequency).describe(black_box(lang)))
            });
        }
        if let Some(text) = case.croner {
            let cron = croner_parser().parse(text).unwrap();
            assert!(!cron.describe().is_empty());
            group.bench_function("croner/describe", |b| {
                b.iter(|| black_box(&cron).describe())
            });
        }
        group.finish();
    }
}

/// Describing the whole corpus, once in each language.
fn bench_describe_corpus(c: &mut Criterion) {
    let corpus = include_str!("../spec/describe/corpus.txt");
    let frequencies: Vec<Frequency> = corpus
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| Frequency::parse(line).unwrap())
        .collect();
    let mut group = c.benchmark_group("schedule/describe/corpus");
    configure(&mut group);
    group.sample_size(10);
    group.throughput(criterion::Throughput::Elements(frequencies.len() as u64));
    for lang in Lang::ALL {
        group.bench_function(format!("describe/{lang}"), |b| {
            b.iter(|| {
                black_box(&frequencies)
                    .iter()
                    .map(|f| f.describe(black_box(lang)).len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
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

criterion_group!(
    benches,
    bench_parse,
    bench_zone_token,
    bench_next,
    bench_describe,
    bench_describe_corpus
);
criterion_main!(benches);
