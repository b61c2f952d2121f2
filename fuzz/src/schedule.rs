//! The Frequency round trip: parse, print, re-parse; validate; fire times in two zones.

use chrono::{DateTime, TimeZone, Utc};
use ecs_runcommand::schedule::{
    DstPolicy, Frequency, Lang, ScheduleError, ScheduleErrorKind, Zone,
};

use crate::Outcome;

/// The fixed "current time" of every check (the module never reads the clock).
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 3, 1, 12, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

/// The Timeout given to `validate`, in seconds.
pub const TIMEOUT_SECS: u32 = 60;

/// How many fire times are taken from each schedule.
pub const FIRE_TIMES: usize = 20;

/// Checks one input:
///
/// - not UTF-8: rejected;
/// - a parse error: its offset is a character boundary of the input (but for a text over the
///   length limit, whose error points at the limit);
/// - parsed: `Display` re-parses to an equal value, and printing that gives the same text;
///   the description in every language is not empty, holds no `*`, `?` or `#` and is the
///   description of the re-parsed value;
///   `validate` (with and without an instance zone) does not panic, and its errors point at
///   character boundaries; up to [`FIRE_TIMES`] fire times in UTC and in America/New_York
///   under both daylight-saving policies are each strictly after the previous one, the first
///   strictly after `now`.
///
/// # Panics
/// On any broken property: that is the bug the fuzzer looks for.
pub fn schedule_roundtrip(data: &[u8]) -> Outcome {
    let Ok(text) = std::str::from_utf8(data) else {
        return Outcome::Reject;
    };
    let frequency = match Frequency::parse(text) {
        Ok(frequency) => frequency,
        Err(e) => {
            check_offset(text, &e);
            return Outcome::Keep;
        }
    };

    let printed = frequency.to_string();
    let reparsed = match Frequency::parse(&printed) {
        Ok(f) => f,
        Err(e) => panic!("{text:?} printed as {printed:?}, which does not parse: {e}"),
    };
    assert_eq!(
        reparsed, frequency,
        "{text:?} printed as {printed:?}, which parses to something else"
    );
    assert_eq!(
        reparsed.to_string(),
        printed,
        "{text:?}: printing is not stable"
    );

    for lang in Lang::ALL {
        let description = frequency.describe(lang);
        assert!(
            !description.is_empty(),
            "{text:?} ({lang}): empty description"
        );
        assert!(
            !description.contains(['*', '?', '#']),
            "{text:?} ({lang}): notation in {description:?}"
        );
        assert_eq!(
            reparsed.describe(lang),
            description,
            "{text:?} ({lang}): described apart from its canonical form {printed:?}"
        );
    }

    let now = now();
    let new_york: Zone = match "America/New_York".parse() {
        Ok(zone) => zone,
        Err(e) => panic!("America/New_York is not a zone: {e}"),
    };
    // Errors are fine (at a character boundary); panics are not.
    for zone in [None, Some(&new_york)] {
        if let Err(e) = frequency.validate(now, TIMEOUT_SECS, zone) {
            check_offset(text, &e);
        }
    }

    for zone in [Zone::Utc, new_york] {
        for dst in [DstPolicy::Quartz, DstPolicy::Vixie] {
            let schedule = frequency.schedule(now, &zone, dst);
            let mut last = now;
            for (i, t) in schedule.iter_after(now).take(FIRE_TIMES).enumerate() {
                assert!(
                    t > last,
                    "{text:?} in {zone} ({dst:?}): fire time {i} {t} is not after {last}"
                );
                last = t;
            }
        }
    }
    Outcome::Keep
}

/// An error points at a character boundary of the text it is about.
fn check_offset(text: &str, e: &ScheduleError) {
    if matches!(e.kind(), ScheduleErrorKind::TooLong { .. }) {
        return;
    }
    assert!(
        text.is_char_boundary(e.offset()),
        "{text:?}: error at byte {}, not a character boundary: {e}",
        e.offset()
    );
}
