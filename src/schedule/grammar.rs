//! The grammar of a Frequency (private; nom types never leave this module).
//!
//! ```text
//! frequency = rate | at | cron
//! rate      = "rate(" digits unit ")"            ; unit s | m | h | d
//! at        = "at(" yyyy "-" MM "-" dd " " HH ":" mm ":" ss [" " zone] ")"
//! cron      = second " " minute " " hour " " dom " " month " " dow [" " year] [" " zone]
//! list      = item ("," item)*
//! item      = "*" ["/" step] | value ["-" value] ["/" step]
//! dom       = "?" | "L" | "LW" | day "W" | list
//! dow       = "?" | "L" | weekday "L" | weekday "#" nth | list
//! ```
//!
//! Fields are separated by runs of spaces or tabs; white space around the whole Frequency is
//! ignored. Names (`JAN`..`DEC`, `MON`..`SUN`) and the letters `L`, `W` are case-insensitive.
//!
//! Every Frequency within the length limit is first tried by the fast path in [`fast`], which
//! reads the common cron shapes (in one pass, and a second for lists) and gives up on anything
//! else (`rate`, `at` and every error included); this module's parser then decides, and it
//! alone writes errors.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use nom::IResult;
use nom::Parser;
use nom::character::complete::digit1;

use super::cron::{CronExpr, DayOfMonth, DayOfWeek, Field, Item, Spans};
use super::error::{FieldName, ScheduleError, ScheduleErrorKind, shorten};
use super::zone::parse_zone;
use super::{At, Frequency, Rate, RateUnit};

mod fast;

type Res<'a, T> = IResult<&'a str, T, ()>;

/// The longest Frequency we look at; anything longer is rejected before parsing. A valid
/// expression with every list spelled out is far shorter.
pub(crate) const MAX_LEN: usize = 4096;

/// One field's limits and names.
struct Spec {
    field: FieldName,
    min: u16,
    max: u16,
    /// Names for the values `names_base..`, three letters, upper case.
    names: &'static [&'static str],
    names_base: u16,
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const WEEKDAYS: [&str; 7] = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];

const SECOND: Spec = Spec {
    field: FieldName::Second,
    min: 0,
    max: 59,
    names: &[],
    names_base: 0,
};
const MINUTE: Spec = Spec {
    field: FieldName::Minute,
    min: 0,
    max: 59,
    names: &[],
    names_base: 0,
};
const HOUR: Spec = Spec {
    field: FieldName::Hour,
    min: 0,
    max: 23,
    names: &[],
    names_base: 0,
};
const DOM: Spec = Spec {
    field: FieldName::DayOfMonth,
    min: 1,
    max: 31,
    names: &[],
    names_base: 0,
};
const MONTH: Spec = Spec {
    field: FieldName::Month,
    min: 1,
    max: 12,
    names: &MONTHS,
    names_base: 1,
};
const DOW: Spec = Spec {
    field: FieldName::DayOfWeek,
    min: 1,
    max: 7,
    names: &WEEKDAYS,
    names_base: 1,
};
/// Years as the agent reads them; the current-year rule is checked at validation.
pub(crate) const YEAR_MIN: u16 = 1970;
/// The last year a cron schedule can fire in.
pub(crate) const YEAR_MAX: u16 = 2099;
const YEAR: Spec = Spec {
    field: FieldName::Year,
    min: YEAR_MIN,
    max: YEAR_MAX,
    names: &[],
    names_base: 0,
};

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
    // Most Frequencies are cron expressions that the fast path reads whole. Everything else,
    // every error included, takes the road below.
    if let Some(frequency) = fast::cron(input) {
        return Ok(frequency);
    }
    // Spaces and tabs are ASCII, so both ends of the trimmed text are character boundaries.
    let bytes = input.as_bytes();
    let (Some(start), Some(last)) = (
        bytes.iter().position(|b| !is_blank(*b)),
        bytes.iter().rposition(|b| !is_blank(*b)),
    ) else {
        return Err(ScheduleError::new(ScheduleErrorKind::Empty, 0));
    };
    let text = input.get(start..=last).unwrap_or_default();
    if let Some(body) = text.strip_prefix("rate(") {
        return rate(body, start + 5).map(Frequency::Rate);
    }
    if let Some(body) = text.strip_prefix("at(") {
        return at(body, start + 3).map(Frequency::At);
    }
    cron(input).map(Frequency::Cron)
}

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

fn rate(body: &str, base: usize) -> Result<Rate, ScheduleError> {
    let expected = "rate(<number><s|m|h|d>) such as rate(5m)";
    let parsed: Res<'_, (&str, char)> =
        (digit1, nom::character::complete::one_of("smhd")).parse(body);
    let (rest, (digits, unit)) =
        parsed.map_err(|_| syntax(FieldName::Rate, expected, body, base))?;
    if rest != ")" {
        let at = base + body.len() - rest.len();
        return Err(syntax(FieldName::Rate, "`)` closing the rate", rest, at));
    }
    let unit = match unit {
        's' => RateUnit::Seconds,
        'm' => RateUnit::Minutes,
        'h' => RateUnit::Hours,
        _ => RateUnit::Days,
    };
    // More than 19 digits cannot be a valid interval; saturate instead of overflowing.
    let value = digits.parse::<u64>().unwrap_or(u64::MAX);
    Ok(Rate::from_parts(value, unit))
}

fn fixed_digits(s: &str, n: usize) -> Option<(u32, &str)> {
    let head = s.get(..n)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, s.get(n..)?))
}

type DateParts<'a> = (u32, u32, u32, u32, u32, u32, &'a str);

fn parse_dt(s: &str) -> Option<DateParts<'_>> {
    let (y, s) = fixed_digits(s, 4)?;
    let s = s.strip_prefix('-')?;
    let (mo, s) = fixed_digits(s, 2)?;
    let s = s.strip_prefix('-')?;
    let (d, s) = fixed_digits(s, 2)?;
    let s = s.strip_prefix(' ')?;
    let (h, s) = fixed_digits(s, 2)?;
    let s = s.strip_prefix(':')?;
    let (mi, s) = fixed_digits(s, 2)?;
    let s = s.strip_prefix(':')?;
    let (sec, s) = fixed_digits(s, 2)?;
    Some((y, mo, d, h, mi, sec, s))
}

fn at(body: &str, base: usize) -> Result<At, ScheduleError> {
    let expected = "at(yyyy-MM-dd HH:mm:ss [zone])";
    let err = || syntax(FieldName::At, expected, body, base);
    let inner = body.strip_suffix(')').ok_or_else(err)?;
    let (y, mo, d, h, mi, sec, rest) = parse_dt(inner).ok_or_else(err)?;
    let datetime_text = inner.get(..19).unwrap_or(inner);
    let date = NaiveDate::from_ymd_opt(y as i32, mo, d);
    let time = NaiveTime::from_hms_opt(h, mi, sec);
    let local = match (date, time) {
        (Some(date), Some(time)) => NaiveDateTime::new(date, time),
        _ => {
            return Err(ScheduleError::new(
                ScheduleErrorKind::InvalidDateTime {
                    value: datetime_text.to_owned(),
                },
                base,
            ));
        }
    };
    let zone = if rest.is_empty() {
        None
    } else {
        let zone_text = rest.strip_prefix(' ').ok_or_else(|| {
            syntax(
                FieldName::At,
                "a space before the zone, or `)`",
                rest,
                base + 19,
            )
        })?;
        Some(parse_zone(zone_text, base + 20)?)
    };
    Ok(At::from_parts(local, zone))
}

/// The bytes that separate fields: space and tab.
const fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// A whitespace-separated token and its byte offset.
fn tokens(input: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = input.as_bytes();
    let mut pos = 0usize;
    std::iter::from_fn(move || {
        let mut start = pos;
        while bytes.get(start).is_some_and(|b| *b == b' ' || *b == b'\t') {
            start += 1;
        }
        if start >= bytes.len() {
            return None;
        }
        let mut end = start;
        while bytes.get(end).is_some_and(|b| *b != b' ' && *b != b'\t') {
            end += 1;
        }
        pos = end;
        // Spaces and tabs are ASCII, so both ends fall on character boundaries.
        Some((start, input.get(start..end)?))
    })
}

/// A 7th token is the year when it has no letters (digits and `* , - / ?` only).
fn looks_like_year(token: &str) -> bool {
    token
        .bytes()
        .all(|b| b.is_ascii_digit() || b"*,-/?".contains(&b))
}

fn cron(input: &str) -> Result<CronExpr, ScheduleError> {
    let mut toks: [(usize, &str); 8] = [(0, ""); 8];
    let mut count = 0usize;
    for tok in tokens(input) {
        if let Some(slot) = toks.get_mut(count) {
            *slot = tok;
        }
        count += 1;
        if count > 8 {
            break;
        }
    }
    if !(6..=8).contains(&count) {
        let found = if count > 8 {
            tokens(input).count()
        } else {
            count
        };
        // Past eight fields, point at the ninth.
        let offset = tokens(input).nth(8).map_or(0, |(at, _)| at);
        return Err(ScheduleError::new(
            ScheduleErrorKind::FieldCount { found },
            offset,
        ));
    }
    let [sec, min, hour, dom, month, dow, seventh, eighth] = toks;
    let second = list_field(sec.1, sec.0, &SECOND)?;
    let minute = list_field(min.1, min.0, &MINUTE)?;
    let hour = list_field(hour.1, hour.0, &HOUR)?;
    let day_of_month = dom_field(dom.1, dom.0)?;
    let month = list_field(month.1, month.0, &MONTH)?;
    let day_of_week = dow_field(dow.1, dow.0)?;
    let (year, zone) = match count {
        6 => (None, None),
        7 if looks_like_year(seventh.1) => (Some(list_field(seventh.1, seventh.0, &YEAR)?), None),
        7 => (None, Some(parse_zone(seventh.1, seventh.0)?)),
        _ => (
            Some(list_field(seventh.1, seventh.0, &YEAR)?),
            Some(parse_zone(eighth.1, eighth.0)?),
        ),
    };
    let dom_star = matches!(&day_of_month, DayOfMonth::Days(f) if f.is_all());
    let dow_star = matches!(&day_of_week, DayOfWeek::Days(f) if f.is_all());
    let dom_none = day_of_month == DayOfMonth::Unspecified;
    let dow_none = day_of_week == DayOfWeek::Unspecified;
    let accepted = (dom_none != dow_none) || (dom_star && dow_star);
    if !accepted {
        return Err(ScheduleError::new(
            ScheduleErrorKind::DayConflict {
                dom: shorten(dom.1),
                dow: shorten(dow.1),
            },
            dom.0,
        ));
    }
    let spans = Spans {
        year: if year.is_some() { seventh.0 } else { 0 },
    };
    Ok(CronExpr {
        second,
        minute,
        hour,
        day_of_month,
        month,
        day_of_week,
        year,
        zone,
        spans,
    })
}

/// A cursor over one token: the text left and the token's offset in the Frequency.
struct Cursor<'a> {
    token: &'a str,
    base: usize,
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    fn new(token: &'a str, base: usize) -> Cursor<'a> {
        Cursor {
            token,
            base,
            rest: token,
        }
    }

    fn offset(&self) -> usize {
        self.base + self.token.len() - self.rest.len()
    }

    /// Consumes `c` (ASCII) if it comes next.
    #[inline]
    fn eat(&mut self, c: char) -> bool {
        if self.rest.as_bytes().first() == Some(&(c as u8)) {
            self.rest = self.rest.get(1..).unwrap_or_default();
            true
        } else {
            false
        }
    }

    /// Consumes the longest run of ASCII bytes matching `class`, if not empty.
    #[inline]
    fn run(&mut self, class: impl Fn(&u8) -> bool) -> Option<&'a str> {
        let n = self.rest.bytes().take_while(|b| class(b)).count();
        if n == 0 {
            return None;
        }
        // ASCII only, so `n` is a character boundary.
        let (run, rest) = (self.rest.get(..n)?, self.rest.get(n..)?);
        self.rest = rest;
        Some(run)
    }

    fn eat_letter(&mut self, c: char) -> bool {
        self.eat(c) || self.eat(c.to_ascii_lowercase())
    }

    fn digits(&mut self) -> Option<&'a str> {
        self.run(u8::is_ascii_digit)
    }

    fn letters(&mut self) -> Option<&'a str> {
        self.run(u8::is_ascii_alphabetic)
    }
}

/// Checks the leading zeros of a number and reads it (saturating).
fn number(spec: &Spec, digits: &str, offset: usize) -> Result<u32, ScheduleError> {
    let trimmed = if digits.len() > 1 {
        digits.strip_prefix('0').unwrap_or(digits)
    } else {
        digits
    };
    if trimmed.len() > 1 && trimmed.starts_with('0') {
        return Err(ScheduleError::new(
            ScheduleErrorKind::LeadingZeros {
                field: spec.field,
                value: shorten(digits),
            },
            offset,
        ));
    }
    // `digits` holds ASCII digits only; more than nine saturate.
    if trimmed.len() > 9 {
        return Ok(u32::MAX);
    }
    Ok(trimmed
        .bytes()
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0')))
}

/// A value: a number in range, or a name of the field.
fn value(spec: &Spec, cur: &mut Cursor<'_>) -> Result<u16, ScheduleError> {
    let at = cur.offset();
    if let Some(digits) = cur.digits() {
        let v = number(spec, digits, at)?;
        if v < u32::from(spec.min) || v > u32::from(spec.max) {
            return Err(ScheduleError::new(
                ScheduleErrorKind::OutOfRange {
                    field: spec.field,
                    value: shorten(digits),
                    min: u32::from(spec.min),
                    max: u32::from(spec.max),
                },
                at,
            ));
        }
        return Ok(v as u16);
    }
    if !spec.names.is_empty() {
        let save = cur.rest;
        if let Some(letters) = cur.letters() {
            // `L` after a weekday number is handled by the caller; names are three letters.
            if let Some(i) = spec
                .names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(letters))
            {
                return Ok(spec.names_base + i as u16);
            }
            cur.rest = save;
        }
    }
    let expected = if spec.names.is_empty() {
        "a number"
    } else if spec.field == FieldName::Month {
        "a number or a month name (JAN-DEC)"
    } else {
        "a number or a day name (MON-SUN)"
    };
    Err(syntax(spec.field, expected, cur.rest, at))
}

fn step(spec: &Spec, cur: &mut Cursor<'_>) -> Result<u16, ScheduleError> {
    let at = cur.offset();
    let digits = cur
        .digits()
        .ok_or_else(|| syntax(spec.field, "a step (a number)", cur.rest, at))?;
    let n = number(spec, digits, at)?;
    if n == 0 || n > u32::from(spec.max) {
        return Err(ScheduleError::new(
            ScheduleErrorKind::StepOutOfRange {
                field: spec.field,
                value: shorten(digits),
                max: u32::from(spec.max),
            },
            at,
        ));
    }
    Ok(n as u16)
}

// Inlined into `list`: returned from a call, the item went through memory in pieces and was
// read back whole before the pieces had landed (a store-forwarding stall).
#[inline(always)]
fn item(spec: &Spec, cur: &mut Cursor<'_>) -> Result<Item, ScheduleError> {
    let at = cur.offset();
    if cur.eat('*') {
        return if cur.eat('/') {
            Ok(Item::AllStep(step(spec, cur)?))
        } else {
            Ok(Item::All)
        };
    }
    if cur.rest.starts_with('?') {
        return Err(ScheduleError::new(
            ScheduleErrorKind::QuestionMark { field: spec.field },
            at,
        ));
    }
    let start = value(spec, cur)?;
    let end = if cur.eat('-') {
        let end = value(spec, cur)?;
        if end < start {
            return Err(ScheduleError::new(
                ScheduleErrorKind::ReversedRange {
                    field: spec.field,
                    start: u32::from(start),
                    end: u32::from(end),
                },
                at,
            ));
        }
        Some(end)
    } else {
        None
    };
    let step = if cur.eat('/') {
        Some(step(spec, cur)?)
    } else {
        None
    };
    Ok(match (end, step) {
        (None, None) => Item::Value(start),
        (Some(end), None) => Item::Range(start, end),
        (None, Some(n)) => Item::ValueStep(start, n),
        (Some(end), Some(n)) => Item::RangeStep(start, end, n),
    })
}

fn list(spec: &Spec, cur: &mut Cursor<'_>) -> Result<Field, ScheduleError> {
    let first = item(spec, cur)?;
    if cur.rest.is_empty() {
        // The common single item, built where the caller reads it rather than copied there.
        return Ok(Field::one(first));
    }
    let mut items = vec![first];
    while cur.eat(',') {
        items.push(item(spec, cur)?);
    }
    if !cur.rest.is_empty() {
        let at = cur.offset();
        let special = matches!(
            cur.rest.as_bytes().first(),
            Some(b'L' | b'l' | b'W' | b'w' | b'#')
        );
        if special && matches!(spec.field, FieldName::DayOfMonth | FieldName::DayOfWeek) {
            return Err(ScheduleError::new(
                ScheduleErrorKind::SpecialInList {
                    field: spec.field,
                    value: shorten(cur.token),
                },
                at,
            ));
        }
        return Err(syntax(
            spec.field,
            "`,`, `-`, `/` or the end of the field",
            cur.rest,
            at,
        ));
    }
    Ok(Field::from_items(items))
}

fn list_field(token: &str, base: usize, spec: &Spec) -> Result<Field, ScheduleError> {
    list(spec, &mut Cursor::new(token, base))
}

fn dom_field(token: &str, base: usize) -> Result<DayOfMonth, ScheduleError> {
    if token == "?" {
        return Ok(DayOfMonth::Unspecified);
    }
    if token.eq_ignore_ascii_case("L") {
        return Ok(DayOfMonth::Last);
    }
    if token.eq_ignore_ascii_case("LW") {
        return Ok(DayOfMonth::LastWeekday);
    }
    if token.starts_with(['L', 'l']) {
        return Err(syntax(
            FieldName::DayOfMonth,
            "`L` or `LW` alone",
            token,
            base,
        ));
    }
    if let Some(day) = token.strip_suffix(['W', 'w'])
        && !day.is_empty()
        && day.bytes().all(|b| b.is_ascii_digit())
    {
        let mut cur = Cursor::new(token, base);
        let n = value(&DOM, &mut cur)?;
        return Ok(DayOfMonth::NearestWeekday(n as u8));
    }
    list(&DOM, &mut Cursor::new(token, base)).map(DayOfMonth::Days)
}

fn dow_field(token: &str, base: usize) -> Result<DayOfWeek, ScheduleError> {
    if token == "?" {
        return Ok(DayOfWeek::Unspecified);
    }
    if token.eq_ignore_ascii_case("L") {
        return Ok(DayOfWeek::Days(Field::one(Item::Value(7))));
    }
    // `nL` and `n#k`: a single weekday followed by the suffix.
    let mut cur = Cursor::new(token, base);
    if let Ok(weekday) = value(&DOW, &mut cur) {
        if cur.rest.eq_ignore_ascii_case("L") {
            return Ok(DayOfWeek::Last(weekday as u8));
        }
        if cur.eat('#') {
            let at = cur.offset();
            let digits = cur.digits().ok_or_else(|| {
                syntax(FieldName::DayOfWeek, "a number 1-5 after `#`", cur.rest, at)
            })?;
            let nth = number(&DOW, digits, at)?;
            if !(1..=5).contains(&nth) {
                return Err(ScheduleError::new(
                    ScheduleErrorKind::OutOfRange {
                        field: FieldName::DayOfWeek,
                        value: shorten(digits),
                        min: 1,
                        max: 5,
                    },
                    at,
                ));
            }
            if !cur.rest.is_empty() {
                return Err(syntax(
                    FieldName::DayOfWeek,
                    "the end of the field",
                    cur.rest,
                    cur.offset(),
                ));
            }
            return Ok(DayOfWeek::Nth {
                weekday: weekday as u8,
                nth: nth as u8,
            });
        }
    }
    let mut cur = Cursor::new(token, base);
    if cur.eat_letter('L') && !cur.rest.is_empty() {
        return Err(syntax(
            FieldName::DayOfWeek,
            "`L` alone or after one weekday",
            token,
            base,
        ));
    }
    list(&DOW, &mut Cursor::new(token, base)).map(DayOfWeek::Days)
}
