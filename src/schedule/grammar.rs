//! The grammar of a Frequency (private): one reader for each form, each a single forward pass
//! over the bytes that builds the value and, on the same pass, every error with its offset.
//!
//! ```text
//! frequency = blanks (rate | at | cron) blanks     ; blanks: spaces and tabs
//! rate      = "rate" ws* "(" digits ws* unit ")"    ; letters in any case; ws: \t \n \f \r space
//! unit      = "s" | "m" | "h" | "d"
//! at        = "at(" yyyy "-" MM "-" dd " " HH ":" mm ":" ss [" " zone] ")"
//! cron      = second sep minute sep hour sep dom sep month sep dow [sep year] [sep zone]
//! sep       = (" " | "\t")+
//! list      = item ("," item)*
//! item      = "*" ["/" step] | value ["-" value] ["/" step]
//! value     = number | name                         ; names: JAN-DEC, MON-SUN, any case
//! dom       = "?" | "L" | "LW" | day "W" | list
//! dow       = "?" | "L" | weekday "L" | weekday "#" nth | list
//! ```
//!
//! The form is told by the first bytes: `rate` (any case) followed by `(` after optional white
//! space, `at(`, or else a cron expression. `rate(...)` accepts exactly what the agent's
//! pattern `(?i)(rate\s*\((\d+)\s*([smhd])\))` accepts as a whole string, with Go's `\s` and
//! `\d` (ASCII only); see [`rate`]. The cron reader is in [`cron`].

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::error::{FieldName, ScheduleError, ScheduleErrorKind, shorten};
use super::zone::parse_zone;
use super::{At, Frequency, Rate, RateUnit};

mod cron;

/// The longest Frequency we look at; anything longer is rejected before parsing. A valid
/// expression with every list spelled out is far shorter.
pub(crate) const MAX_LEN: usize = 4096;

/// Years as the agent reads them; the current-year rule is checked at validation.
pub(crate) const YEAR_MIN: u16 = 1970;
/// The last year a cron schedule can fire in.
pub(crate) const YEAR_MAX: u16 = 2099;

/// The bytes that separate cron fields and surround a Frequency: space and tab.
const fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Parses a whole Frequency.
pub(crate) fn frequency(input: &str) -> Result<Frequency, ScheduleError> {
    if input.len() > MAX_LEN {
        return Err(ScheduleError::new(
            ScheduleErrorKind::TooLong {
                len: input.len(),
                max: MAX_LEN,
            },
            MAX_LEN,
        ));
    }
    let bytes = input.as_bytes();
    let Some(start) = bytes.iter().position(|b| !is_blank(*b)) else {
        return Err(ScheduleError::new(ScheduleErrorKind::Empty, 0));
    };
    // A cron expression starts with its seconds field: never with a letter.
    match bytes[start] {
        b'r' | b'R' => {
            if let Some(open) = rate_open(bytes, start) {
                return rate(input, open, trimmed_end(bytes)).map(Frequency::Rate);
            }
        }
        b'a' if bytes[start..].starts_with(b"at(") => {
            return at(input, start + 3, trimmed_end(bytes)).map(Frequency::At);
        }
        _ => {}
    }
    cron::cron(input)
}

/// The end of `bytes` without its trailing blanks, for a Frequency that is not all blanks. It
/// follows a byte that is not a blank, so it is a character boundary.
fn trimmed_end(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .rposition(|b| !is_blank(*b))
        .map_or(0, |last| last + 1)
}

/// A syntax error in `field` at `offset`, quoting `found` (shortened), or "end of field".
#[cold]
#[inline(never)]
fn syntax(field: FieldName, expected: &'static str, found: &str, offset: usize) -> ScheduleError {
    let found = if found.is_empty() {
        "end of field"
    } else {
        found
    };
    ScheduleError::new(
        ScheduleErrorKind::Syntax {
            field,
            expected,
            found: shorten(found),
        },
        offset,
    )
}

/// White space as Go's regular expressions read `\s`: `[\t\n\f\r ]`.
const fn is_go_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// The offset just past the `(` of a `rate(...)` whose word `rate` (any case) starts at
/// `start`, or `None` when the text is not a rate.
fn rate_open(bytes: &[u8], start: usize) -> Option<usize> {
    let word = bytes.get(start..start + 4)?;
    if !word.eq_ignore_ascii_case(b"rate") {
        return None;
    }
    let mut i = start + 4;
    while bytes.get(i).copied().is_some_and(is_go_space) {
        i += 1;
    }
    (bytes.get(i) == Some(&b'(')).then_some(i + 1)
}

/// The body of a `rate(...)`: from `body` (just past the `(`) to `end` (the trimmed end).
///
/// Digits, optional white space, a unit letter in either case and the closing `)`, as the
/// agent's pattern has them; `rate(5ſ)` (a long s, which Go's case folding matches) is not
/// accepted, as the agent's unit check rejects it after the match. The value saturates: more
/// than 64 bits cannot be a valid interval, and the range rule rejects it at validation.
fn rate(input: &str, body: usize, end: usize) -> Result<Rate, ScheduleError> {
    const EXPECTED: &str = "rate(<number><s|m|h|d>) such as rate(5m)";
    let bytes = input.as_bytes();
    // `body` follows the ASCII `(` and `end` a byte that is not a blank: both are character
    // boundaries, and `body <= end` since the `(` is not a blank.
    let whole = || syntax(FieldName::Rate, EXPECTED, &input[body..end], body);
    let mut i = body;
    let mut value = 0u64;
    while let Some(d @ b'0'..=b'9') = bytes.get(i).copied() {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(d - b'0')))
            .unwrap_or(u64::MAX);
        i += 1;
    }
    if i == body {
        return Err(whole());
    }
    while bytes.get(i).copied().is_some_and(is_go_space) {
        i += 1;
    }
    let unit = match bytes.get(i) {
        Some(b's' | b'S') => RateUnit::Seconds,
        Some(b'm' | b'M') => RateUnit::Minutes,
        Some(b'h' | b'H') => RateUnit::Hours,
        Some(b'd' | b'D') => RateUnit::Days,
        _ => return Err(whole()),
    };
    i += 1;
    // `i` follows the ASCII unit letter: a character boundary, and at most `end`.
    if bytes.get(i..end) != Some(b")") {
        return Err(syntax(
            FieldName::Rate,
            "`)` closing the rate",
            &input[i..end],
            i,
        ));
    }
    Ok(Rate::from_parts(value, unit, body))
}

/// Where the digits of `yyyy-MM-dd HH:mm:ss` are (`0`) and what stands between them.
const AT_SHAPE: &[u8; 19] = b"0000-00-00 00:00:00";

/// The body of an `at(...)`: from `body` (just past `at(`) to `end` (the trimmed end).
fn at(input: &str, body: usize, end: usize) -> Result<At, ScheduleError> {
    const EXPECTED: &str = "at(yyyy-MM-dd HH:mm:ss [zone])";
    // `body` follows the ASCII `at(`, `end` a byte that is not a blank; `body <= end`.
    let text = &input[body..end];
    let err = || syntax(FieldName::At, EXPECTED, text, body);
    let inner = text.strip_suffix(')').ok_or_else(err)?;
    let Some(stamp) = inner.as_bytes().first_chunk::<19>() else {
        return Err(err());
    };
    let shaped = stamp.iter().zip(AT_SHAPE).all(|(b, shape)| match shape {
        b'0' => b.is_ascii_digit(),
        _ => b == shape,
    });
    if !shaped {
        return Err(err());
    }
    let number = |from: usize, to: usize| {
        stamp[from..to]
            .iter()
            .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
    };
    let date = NaiveDate::from_ymd_opt(number(0, 4) as i32, number(5, 7), number(8, 10));
    let time = NaiveTime::from_hms_opt(number(11, 13), number(14, 16), number(17, 19));
    // The first 19 bytes are ASCII: 19 is a character boundary of `inner`.
    let (written, rest) = inner.split_at(19);
    let (Some(date), Some(time)) = (date, time) else {
        return Err(ScheduleError::new(
            ScheduleErrorKind::InvalidDateTime {
                value: written.to_owned(),
            },
            body,
        ));
    };
    let zone = if rest.is_empty() {
        None
    } else {
        let zone_text = rest.strip_prefix(' ').ok_or_else(|| {
            syntax(
                FieldName::At,
                "a space before the zone, or `)`",
                rest,
                body + 19,
            )
        })?;
        Some(parse_zone(zone_text, body + 20)?)
    };
    Ok(At::from_parts(NaiveDateTime::new(date, time), zone, body))
}
