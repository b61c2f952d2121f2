//! Descriptions of a Frequency: exact texts for the shapes a reader meets, and the property that
//! matters most: two Frequencies whose fire times differ never share a description, in either
//! language. Fire times come from the crate's own schedule (checked against a second-by-second
//! scan in `schedule_props.rs`), from several starting instants.
//!
//! The committed corpus `spec/describe/corpus.txt` (a few thousand expressions, near misses
//! included) is checked here too; `write_corpus` (ignored) makes it anew.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use ecs_runcommand::schedule::{DstPolicy, Frequency, Lang, Zone};
use proptest::prelude::*;

fn describe(text: &str, lang: Lang) -> String {
    Frequency::parse(text)
        .unwrap_or_else(|e| panic!("{text:?}: {e}"))
        .describe(lang)
}

/// Each Frequency with its English and Chinese descriptions.
const EXACT: &[(&str, &str, &str)] = &[
    (
        "0 15 10 ? * *",
        "At 10:15:00, every day, in the instance's time zone",
        "按实例所在时区，每天 10:15:00",
    ),
    (
        "0 0/30 10-11 * * ? 2030 GMT+8:00",
        "Every 30 minutes from 10:00:00 through 11:30:00, every day, in 2030 (GMT+8:00)",
        "按 GMT+8:00 时间，2030 年，每天 10:00:00 至 11:30:00 每 30 分钟",
    ),
    (
        "0 0 12 ? * MON-FRI",
        "At 12:00:00, Monday through Friday, in the instance's time zone",
        "按实例所在时区，每周一至周五 12:00:00",
    ),
    (
        "0 0 10,14,16 * * ? Asia/Shanghai",
        "At 10:00:00, 14:00:00 and 16:00:00, every day (Asia/Shanghai)",
        "按 Asia/Shanghai 时间，每天 10:00:00、14:00:00 和 16:00:00",
    ),
    (
        "0 0/5 14,18 * * ?",
        "Every 5 minutes from 14:00:00 through 14:55:00 and from 18:00:00 through 18:55:00, \
         every day, in the instance's time zone",
        "按实例所在时区，每天 14:00:00 至 14:55:00 每 5 分钟，18:00:00 至 18:55:00 每 5 分钟",
    ),
    (
        "0 15 10 L * ?",
        "At 10:15:00, on the last day of the month, in the instance's time zone",
        "按实例所在时区，每月最后一天 10:15:00",
    ),
    (
        "0 0 9 LW * ? UTC",
        "At 09:00:00, on the last weekday (Monday to Friday) of the month (UTC)",
        "按 UTC 时间，每月最后一个工作日（周一至周五）09:00:00",
    ),
    (
        "0 0 9 15W 3,6 ?",
        "At 09:00:00, on the weekday (Monday to Friday) nearest day 15 of March and June, \
         in the instance's time zone",
        "按实例所在时区，3 月和 6 月的最接近 15 日的工作日（周一至周五）09:00:00",
    ),
    (
        "0 15 10 ? * 5L",
        "At 10:15:00, on the last Friday of the month, in the instance's time zone",
        "按实例所在时区，每月最后一个星期五 10:15:00",
    ),
    (
        "0 15 10 ? * 5#3",
        "At 10:15:00, on the third Friday of the month, in the instance's time zone",
        "按实例所在时区，每月第三个星期五 10:15:00",
    ),
    (
        // 1 = Monday, 7 = Sunday.
        "0 0 12 ? * 1,7",
        "At 12:00:00, Monday and Sunday, in the instance's time zone",
        "按实例所在时区，每周一和周日 12:00:00",
    ),
    (
        // A bare L in day-of-week is Sunday.
        "0 0 12 ? * L",
        "At 12:00:00, every Sunday, in the instance's time zone",
        "按实例所在时区，每周日 12:00:00",
    ),
    (
        "0 0 8 ? 1-3 7 2028/2 America/New_York",
        "At 08:00:00, every Sunday in January through March, every 2 years from 2028 \
         (America/New_York)",
        "按 America/New_York 时间，自 2028 年起每 2 年，1 至 3 月的每周日 08:00:00",
    ),
    (
        "0 0 8 1 * ? 2030-2070/20",
        "At 08:00:00, on day 1 of the month, every 20 years from 2030 through 2070, \
         in the instance's time zone",
        "按实例所在时区，2030 至 2070 年中每 20 年，每月 1 日 08:00:00",
    ),
    (
        // The next step would pass 2099, the last year of every schedule: open.
        "0 0 8 1 * ? 2030-2090/20",
        "At 08:00:00, on day 1 of the month, every 20 years from 2030, \
         in the instance's time zone",
        "按实例所在时区，自 2030 年起每 20 年，每月 1 日 08:00:00",
    ),
    (
        "0 0 8 1,15 * ? 2030,2031",
        "At 08:00:00, on days 1 and 15 of the month, in 2030 and 2031, in the instance's time zone",
        "按实例所在时区，2030 年和 2031 年，每月 1 和 15 日 08:00:00",
    ),
    (
        "*/15 * * * * ?",
        "Every 15 seconds, in the instance's time zone",
        "按实例所在时区，每 15 秒",
    ),
    (
        "30 * * * * ? GMT-7:00",
        "Every minute at second 30 (GMT-7:00)",
        "按 GMT-7:00 时间，每分钟的第 30 秒",
    ),
    (
        "0 15 * * * ?",
        "Every hour at minute 15, in the instance's time zone",
        "按实例所在时区，每小时的第 15 分钟",
    ),
    (
        "0 0 1/2 ? * 6-7",
        "Every 2 hours from 01:00:00 through 23:00:00, Saturday and Sunday, \
         in the instance's time zone",
        "按实例所在时区，每周六和周日 01:00:00 至 23:00:00 每 2 小时",
    ),
    (
        "0 */7 * * * ?",
        "At minutes 0, 7, 14, 21, 28, 35, 42, 49 and 56 of every hour, every day, \
         in the instance's time zone",
        "按实例所在时区，每天每小时的第 0、7、14、21、28、35、42、49 和 56 分钟",
    ),
    (
        "0,1,5 * 10-11 * * ?",
        "At seconds 0, 1 and 5 of every minute of hours 10 and 11, every day, \
         in the instance's time zone",
        "按实例所在时区，每天 10 和 11 点的每分钟的第 0、1 和 5 秒",
    ),
    (
        "0 0 12 */3 * ?",
        "At 12:00:00, every 3 days from day 1 through day 31 of the month, \
         in the instance's time zone",
        "按实例所在时区，每月 1 至 31 日中每 3 天 12:00:00",
    ),
    (
        // Years that have passed are described all the same.
        "0 15 8 ? * * 2022",
        "At 08:15:00, every day, in 2022, in the instance's time zone",
        "按实例所在时区，2022 年，每天 08:15:00",
    ),
    (
        "rate(5m)",
        "Every 5 minutes, the first run 5 minutes after creation",
        "每 5 分钟一次，首次在创建 5 分钟后",
    ),
    (
        "rate(1 H)",
        "Every hour, the first run 1 hour after creation",
        "每小时一次，首次在创建 1 小时后",
    ),
    (
        "at(2030-06-06 13:15:30 Asia/Shanghai)",
        "Once, at 2030-06-06 13:15:30 (Asia/Shanghai)",
        "按 Asia/Shanghai 时间，2030-06-06 13:15:30 执行一次",
    ),
    (
        "at(2030-06-06 13:15:30)",
        "Once, at 2030-06-06 13:15:30 UTC (no time zone given)",
        "未指定时区，按 UTC 时间 2030-06-06 13:15:30 执行一次",
    ),
];

#[test]
fn ok_exact_descriptions() {
    for (text, en, zh) in EXACT {
        assert_eq!(describe(text, Lang::En), *en, "{text}");
        assert_eq!(describe(text, Lang::ZhCn), *zh, "{text}");
    }
}

#[test]
fn ok_lang_tags() {
    assert_eq!("en".parse::<Lang>(), Ok(Lang::En));
    assert_eq!("zh-CN".parse::<Lang>(), Ok(Lang::ZhCn));
    assert_eq!("ZH-cn".parse::<Lang>(), Ok(Lang::ZhCn));
    let err = "fr".parse::<Lang>().unwrap_err();
    assert_eq!(err.found(), "fr");
    assert_eq!(err.to_string(), "lang: `fr` is not en or zh-CN");
    assert_eq!(Lang::ALL.map(|l| l.to_string()), ["en", "zh-CN"]);
    assert_eq!(Lang::default(), Lang::En);
}

// ---------------------------------------------------------------------------------------------
// Never ambiguous.

/// Instants fire times are taken from: before every `at` and cron year, in the middle of the
/// years, and near the end.
const STARTS: [&str; 4] = [
    "1970-01-01T00:00:00Z",
    "2030-06-15T12:34:56Z",
    "2031-02-27T23:00:00Z",
    "2098-12-30T00:00:00Z",
];

/// Fire times taken from each start.
const TIMES: usize = 40;

/// The first fire times from each of [`STARTS`], the instance in UTC: what the schedule does.
fn fire_times(frequency: &Frequency) -> Vec<i64> {
    let mut out = Vec::new();
    for start in STARTS {
        let start = DateTime::parse_from_rfc3339(start)
            .unwrap()
            .with_timezone(&Utc);
        let schedule = frequency.schedule(start, &Zone::Utc, DstPolicy::Quartz);
        out.extend(
            schedule
                .iter_after(start)
                .take(TIMES)
                .map(|t| t.timestamp()),
        );
        out.push(-1);
    }
    out
}

/// The description holds no cron notation: no `*`, `?`, `#`, `/`, no `L` or `W` after a
/// number or alone, once the zone (as written) is taken out; the Chinese holds no Latin
/// letters but those of the zone, `GMT` and `UTC`.
fn check_prose(text: &str, frequency: &Frequency, description: &str, lang: Lang) {
    assert!(!description.is_empty(), "{text:?}: empty");
    let zone = match frequency {
        Frequency::Cron(expr) => expr.zone().map(ToString::to_string),
        Frequency::At(at) => at.zone().map(ToString::to_string),
        Frequency::Rate(_) => None,
    };
    let mut prose = description.to_owned();
    if let Some(zone) = &zone {
        prose = prose.replace(zone.as_str(), "");
    }
    for c in ['*', '?', '#', '/'] {
        assert!(
            !prose.contains(c),
            "{text:?} ({lang}): {c:?} in {description:?}"
        );
    }
    let words: Vec<&str> = prose
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for word in &words {
        let notation = word.ends_with(['L', 'W'])
            && word
                .trim_end_matches(['L', 'W'])
                .bytes()
                .all(|b| b.is_ascii_digit());
        assert!(!notation, "{text:?} ({lang}): {word:?} in {description:?}");
        if lang == Lang::ZhCn && word.bytes().any(|b| b.is_ascii_alphabetic()) {
            assert!(
                ["UTC", "GMT"].contains(word),
                "{text:?}: Latin {word:?} in {description:?}"
            );
        }
    }
}

/// Checks that no two of `texts` whose fire times differ share a description; returns the
/// ambiguous pairs per language.
fn ambiguous_pairs(texts: &[String]) -> [Vec<(String, String, String)>; 2] {
    let mut pairs: [Vec<(String, String, String)>; 2] = [Vec::new(), Vec::new()];
    let mut seen: [HashMap<String, (&str, Vec<i64>)>; 2] = [HashMap::new(), HashMap::new()];
    for text in texts {
        let frequency = Frequency::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let times = fire_times(&frequency);
        for (i, lang) in Lang::ALL.into_iter().enumerate() {
            let description = frequency.describe(lang);
            check_prose(text, &frequency, &description, lang);
            match seen[i].get(&description) {
                Some((other, other_times)) if *other_times != times => {
                    pairs[i].push((other.to_string(), text.clone(), description));
                }
                Some(_) => {}
                None => {
                    seen[i].insert(description, (text, times.clone()));
                }
            }
        }
    }
    pairs
}

// The near misses: a base expression from small vocabularies, and the same with one number
// moved by one (a field, a range end, a step, a year, an offset).

const SECONDS: &[&str] = &[
    "0", "30", "*", "*/15", "10/20", "0,1,5", "5-50/15", "0-30", "59", "0/25", "1/30",
];
const MINUTES: &[&str] = &[
    "0", "15", "*", "0/30", "*/7", "0-5", "10,44", "1-59/29", "30", "0/5", "*/20",
];
const HOURS: &[&str] = &[
    "*",
    "10",
    "10-11",
    "0/2",
    "1/2",
    "9-17",
    "10,14,16",
    "0-5,12-23",
    "23",
    "*/5",
    "0,12",
];
const DOMS: &[&str] = &[
    "*", "15", "L", "LW", "15W", "1W", "31W", "1-15", "3,10", "*/3", "28-31", "1", "2/14",
];
const MONTHS: &[&str] = &[
    "*", "3", "3,10,11", "MAR-NOV", "*/2", "1/3", "OCT", "2", "12", "2-4",
];
const DOWS: &[&str] = &[
    "*",
    "1-5",
    "7",
    "SUN",
    "6L",
    "5#3",
    "1#5",
    "L",
    "MON,WED-FRI",
    "*/2",
    "3",
    "6-7",
    "2#1",
];
const YEARS: &[&str] = &[
    "",
    "2030",
    "2030-2032",
    "*",
    "2031/2",
    "2028/2",
    "2030,2040/5",
    "2099",
    "2030-2090/20",
];
const ZONES: &[&str] = &[
    "",
    "UTC",
    "GMT+8:00",
    "GMT-7:00",
    "GMT+0:00",
    "Asia/Shanghai",
    "America/New_York",
    "Europe/London",
    "GMT+5:30",
];

#[allow(clippy::too_many_arguments)]
fn cron_text(
    s: &str,
    m: &str,
    h: &str,
    dom: &str,
    mon: &str,
    dow: &str,
    mode: u8,
    year: &str,
    zone: &str,
) -> String {
    let (dom, dow) = match mode {
        0 => (dom, "?"),
        1 => ("?", dow),
        _ => ("*", "*"),
    };
    let mut text = format!("{s} {m} {h} {dom} {mon} {dow}");
    for extra in [year, zone] {
        if !extra.is_empty() {
            text.push(' ');
            text.push_str(extra);
        }
    }
    text
}

/// The same text with its `k`-th number (counting every run of digits, wrapping) moved by
/// `delta`, if that still parses to something else.
fn near_miss(text: &str, k: usize, delta: i64) -> Option<String> {
    let bytes = text.as_bytes();
    let mut numbers = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            numbers.push((start, i));
        } else {
            i += 1;
        }
    }
    if numbers.is_empty() {
        return None;
    }
    let (start, end) = numbers[k % numbers.len()];
    let value: i64 = text[start..end].parse().ok()?;
    let moved = value + delta;
    if moved < 0 {
        return None;
    }
    // Keep a leading zero where there was one (`08:00` in an offset stays two digits).
    let width = end - start;
    let moved = format!("{moved:0width$}");
    let candidate = format!("{}{}{}", &text[..start], moved, &text[end..]);
    let original = Frequency::parse(text).ok()?;
    match Frequency::parse(&candidate) {
        Ok(f) if f != original => Some(candidate),
        _ => None,
    }
}

fn rate_text(n: u64, unit: &str) -> String {
    format!("rate({n}{unit})")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// A cron expression and its near misses: different fire times, different descriptions.
    #[test]
    fn prop_near_misses_are_described_apart(
        s in proptest::sample::select(SECONDS),
        m in proptest::sample::select(MINUTES),
        h in proptest::sample::select(HOURS),
        dom in proptest::sample::select(DOMS),
        mon in proptest::sample::select(MONTHS),
        dow in proptest::sample::select(DOWS),
        mode in 0..3u8,
        year in proptest::sample::select(YEARS),
        zone in proptest::sample::select(ZONES),
        picks in proptest::collection::vec((0..40usize, prop_oneof![Just(-1i64), Just(1i64)]), 4),
    ) {
        let base = cron_text(s, m, h, dom, mon, dow, mode, year, zone);
        let mut texts = vec![base.clone()];
        texts.extend(picks.iter().filter_map(|(k, d)| near_miss(&base, *k, *d)));
        let pairs = ambiguous_pairs(&texts);
        prop_assert!(pairs[0].is_empty() && pairs[1].is_empty(), "{:?}", pairs);
    }

    /// Rates and `at`s next to each other and to the cron expressions that read most like them.
    #[test]
    fn prop_rates_and_ats_are_described_apart(
        n in 1u64..200,
        unit in proptest::sample::select(&["s", "m", "h", "d"][..]),
        secs in 0i64..4_000_000_000,
        zone in proptest::sample::select(ZONES),
    ) {
        let at = DateTime::from_timestamp(secs, 0).unwrap().format("%Y-%m-%d %H:%M:%S");
        let at = if zone.is_empty() { format!("at({at})") } else { format!("at({at} {zone})") };
        let mut texts = vec![rate_text(n, unit), rate_text(n + 1, unit), at.clone()];
        texts.extend(near_miss(&at, 5, 1));
        texts.extend(["0 * * * * ?", "0 0 * * * ?", "0 0 0 * * ?"].map(String::from));
        let pairs = ambiguous_pairs(&texts);
        prop_assert!(pairs[0].is_empty() && pairs[1].is_empty(), "{:?}", pairs);
    }
}

// ---------------------------------------------------------------------------------------------
// The committed corpus.

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/describe/corpus.txt");

fn corpus() -> Vec<String> {
    std::fs::read_to_string(CORPUS)
        .unwrap()
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(String::from)
        .collect()
}

/// Every expression of the corpus parses, has a description in prose in both languages, and
/// no two with different fire times share one.
#[test]
fn corpus_is_never_ambiguous() {
    let texts = corpus();
    assert!(texts.len() > 5000, "{} expressions", texts.len());
    let pairs = ambiguous_pairs(&texts);
    assert_eq!(pairs[0], [], "English");
    assert_eq!(pairs[1], [], "Chinese");
}

/// A tiny deterministic generator (xorshift), so that the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[(self.next() % options.len() as u64) as usize]
    }
}

/// Writes `spec/describe/corpus.txt`: 2,000 cron expressions from the vocabularies above, up
/// to two near misses of each, rates and `at`s with theirs, and the conformance cases'
/// accepted Frequencies. Run by hand:
/// `cargo test --test describe -- --ignored write_corpus`.
#[test]
#[ignore = "writes the corpus"]
fn write_corpus() {
    let mut rng = Rng(0x5eed_d35c_1b3e_2030);
    let mut out: Vec<String> = Vec::new();
    let push = |text: String, out: &mut Vec<String>| {
        if Frequency::parse(&text).is_ok() && !out.contains(&text) {
            out.push(text);
        }
    };
    for _ in 0..2000 {
        let mode = (rng.next() % 3) as u8;
        let base = cron_text(
            rng.pick(SECONDS),
            rng.pick(MINUTES),
            rng.pick(HOURS),
            rng.pick(DOMS),
            rng.pick(MONTHS),
            rng.pick(DOWS),
            mode,
            rng.pick(YEARS),
            rng.pick(ZONES),
        );
        push(base.clone(), &mut out);
        for _ in 0..2 {
            let k = (rng.next() % 40) as usize;
            let delta = if rng.next().is_multiple_of(2) { -1 } else { 1 };
            if let Some(miss) = near_miss(&base, k, delta) {
                push(miss, &mut out);
            }
        }
    }
    for unit in ["s", "m", "h", "d"] {
        for n in [1, 2, 5, 7, 10, 15, 30, 59, 60, 61, 90, 120, 1440, 10_080] {
            push(rate_text(n, unit), &mut out);
        }
    }
    for _ in 0..300 {
        let secs = (rng.next() % 4_000_000_000) as i64;
        let at = DateTime::from_timestamp(secs, 0)
            .unwrap()
            .format("%Y-%m-%d %H:%M:%S");
        let zone = rng.pick(ZONES);
        let at = if zone.is_empty() {
            format!("at({at})")
        } else {
            format!("at({at} {zone})")
        };
        push(at.clone(), &mut out);
        if let Some(miss) = near_miss(&at, (rng.next() % 8) as usize, 1) {
            push(miss, &mut out);
        }
    }
    let cases = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/cases/frequency.jsonl"
    ))
    .unwrap();
    for line in cases.lines() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        // One a line: a Frequency with a line break in it is left out.
        if let Some(text) = case["frequency"]
            .as_str()
            .filter(|t| !t.contains(['\n', '\r']))
        {
            push(text.to_owned(), &mut out);
        }
    }
    let mut file = String::from(
        "# Frequencies whose descriptions tests/describe.rs checks: no two with different fire\n\
         # times share one. Made by `cargo test --test describe -- --ignored write_corpus`.\n",
    );
    for text in &out {
        file.push_str(text);
        file.push('\n');
    }
    std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/describe")).unwrap();
    std::fs::write(CORPUS, file).unwrap();
}

// ---------------------------------------------------------------------------------------------
// The input of the peer comparison (`benches/describe_peers/run.sh`).

/// The day-of-week field in the dialect of cronstrue and cron-descriptor (Quartz's, 1 = SUN):
/// names where a name says it, else a list of names; `nL` and `n#k` renumbered.
fn quartz_day_of_week(dow: &ecs_runcommand::schedule::DayOfWeek) -> String {
    use ecs_runcommand::schedule::{DayOfWeek, Item};
    const NAMES: [&str; 7] = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];
    let quartz = |n: u8| n % 7 + 1;
    match dow {
        DayOfWeek::Unspecified => "?".to_owned(),
        DayOfWeek::Days(field) if field.is_all() => "*".to_owned(),
        DayOfWeek::Days(field) => {
            let mut parts = Vec::new();
            for item in field.items() {
                match *item {
                    Item::Value(v) => parts.push(NAMES[usize::from(v) - 1].to_owned()),
                    // A range that stops before Sunday keeps its order in Quartz's week.
                    Item::Range(a, b) if b < 7 => parts.push(format!(
                        "{}-{}",
                        NAMES[usize::from(a) - 1],
                        NAMES[usize::from(b) - 1]
                    )),
                    _ => {
                        let (a, b, n) = match *item {
                            Item::All => (1, 7, 1),
                            Item::Range(a, b) => (a, b, 1),
                            Item::AllStep(n) => (1, 7, n),
                            Item::ValueStep(a, n) => (a, 7, n),
                            Item::RangeStep(a, b, n) => (a, b, n),
                            Item::Value(_) => unreachable!(),
                        };
                        for v in (a..=b).step_by(usize::from(n)) {
                            parts.push(NAMES[usize::from(v) - 1].to_owned());
                        }
                    }
                }
            }
            parts.join(",")
        }
        DayOfWeek::Last(n) => format!("{}L", quartz(*n)),
        DayOfWeek::Nth { weekday, nth } => format!("{}#{nth}", quartz(*weekday)),
    }
}

/// Writes `target/describe-peers/input.jsonl`: each Frequency of the corpus with a hash of its
/// fire times (`schedule`), our two descriptions, and, for a cron expression, the same
/// expression in the peers' dialect (`quartz`, no zone) and its `zone`. Run by
/// `benches/describe_peers/run.sh`.
#[test]
#[ignore = "writes the input of the peer comparison"]
fn write_peer_input() {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/describe-peers");
    std::fs::create_dir_all(dir).unwrap();
    let mut out = String::new();
    for text in corpus() {
        let frequency = Frequency::parse(&text).unwrap();
        let mut hasher = DefaultHasher::new();
        fire_times(&frequency).hash(&mut hasher);
        let (quartz, zone) = match &frequency {
            Frequency::Cron(expr) => {
                let mut quartz = format!(
                    "{} {} {} {} {} {}",
                    expr.second(),
                    expr.minute(),
                    expr.hour(),
                    expr.day_of_month(),
                    expr.month(),
                    quartz_day_of_week(expr.day_of_week())
                );
                if let Some(year) = expr.year() {
                    quartz.push_str(&format!(" {year}"));
                }
                (Some(quartz), expr.zone().map(ToString::to_string))
            }
            _ => (None, None),
        };
        let line = serde_json::json!({
            "frequency": text,
            "schedule": format!("{:016x}", hasher.finish()),
            "en": frequency.describe(Lang::En),
            "zh": frequency.describe(Lang::ZhCn),
            "quartz": quartz,
            "zone": zone,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::write(format!("{dir}/input.jsonl"), out).unwrap();
}
