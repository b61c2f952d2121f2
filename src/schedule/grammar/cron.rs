//! The cron reader: one forward pass over the bytes, field by field, building the expression
//! as it goes and every error at the byte where it is found.
//!
//! Each field is read by code made for it: the field's limits and names are associated
//! constants of a [`Spec`] type, so its checks compile to comparisons with constants. A field
//! of one item keeps it in place; only a list goes to the heap, once, at its end. Nothing is
//! split into tokens first.
//!
//! Errors come in the order the fields stand, with one exception kept from the API's reading:
//! an expression without 6 to 8 fields is reported as such, whatever else is wrong with it.
//! The reader does not count fields ahead; when it meets an error, [`cron`] counts them then
//! (on that cold path only) and a wrong count wins. A day-field conflict is reported after
//! the year and zone have been read.
//!
//! A 7th field is the year when it holds only digits and `* , - / ?`, and otherwise the zone;
//! with 8 fields the 7th is the year and the 8th the zone. The reader reads a 7th field that
//! starts like a year as one, and only when that fails looks at the whole field to decide.

use super::{YEAR_MAX, YEAR_MIN, is_blank, syntax};
use crate::schedule::Frequency;
use crate::schedule::cron::{CronExpr, DayOfMonth, DayOfWeek, Field, Item, Spans};
use crate::schedule::error::{FieldName, ScheduleError, ScheduleErrorKind, shorten};
use crate::schedule::zone::{lookup_zone, zone_error};

/// Reads a cron expression, leading and trailing blanks included.
///
/// The expression is built once, in the value returned: built apart and moved into a
/// `Frequency`, it would be copied whole.
#[inline(always)]
pub(super) fn cron(input: &str) -> Result<Frequency, ScheduleError> {
    let mut reader = Reader::new(input, 0);
    match reader.expression() {
        Ok(frequency) => Ok(frequency),
        Err(err) => Err(count_first(input, err)),
    }
}

/// One field's limits and names.
trait Spec {
    const FIELD: FieldName;
    const MIN: u16;
    const MAX: u16;
    /// The [`key`]s of the names of the values 1, 2, ... (none for most fields).
    const NAMES: &'static [u32];
    /// What a value of the field is, for errors.
    const VALUE: &'static str;
}

struct Second;
struct Minute;
struct Hour;
struct Dom;
struct Month;
struct Dow;
struct Year;

impl Spec for Second {
    const FIELD: FieldName = FieldName::Second;
    const MIN: u16 = 0;
    const MAX: u16 = 59;
    const NAMES: &'static [u32] = &[];
    const VALUE: &'static str = "a number";
}

impl Spec for Minute {
    const FIELD: FieldName = FieldName::Minute;
    const MIN: u16 = 0;
    const MAX: u16 = 59;
    const NAMES: &'static [u32] = &[];
    const VALUE: &'static str = "a number";
}

impl Spec for Hour {
    const FIELD: FieldName = FieldName::Hour;
    const MIN: u16 = 0;
    const MAX: u16 = 23;
    const NAMES: &'static [u32] = &[];
    const VALUE: &'static str = "a number";
}

impl Spec for Dom {
    const FIELD: FieldName = FieldName::DayOfMonth;
    const MIN: u16 = 1;
    const MAX: u16 = 31;
    const NAMES: &'static [u32] = &[];
    const VALUE: &'static str = "a number";
}

impl Spec for Month {
    const FIELD: FieldName = FieldName::Month;
    const MIN: u16 = 1;
    const MAX: u16 = 12;
    const NAMES: &'static [u32] = &keys([
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ]);
    const VALUE: &'static str = "a number or a month name (JAN-DEC)";
}

impl Spec for Dow {
    const FIELD: FieldName = FieldName::DayOfWeek;
    const MIN: u16 = 1;
    const MAX: u16 = 7;
    const NAMES: &'static [u32] = &keys(["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]);
    const VALUE: &'static str = "a number or a day name (MON-SUN)";
}

impl Spec for Year {
    const FIELD: FieldName = FieldName::Year;
    const MIN: u16 = YEAR_MIN;
    const MAX: u16 = YEAR_MAX;
    const NAMES: &'static [u32] = &[];
    const VALUE: &'static str = "a number";
}

/// Three bytes as one number, each with bit 5 set: for a letter, its lower case. Only a letter
/// of either case gives a lower-case letter, so a match with the key of a name (three letters)
/// is a match of three letters, in any case.
#[inline(always)]
const fn key(a: u8, b: u8, c: u8) -> u32 {
    u32::from_le_bytes([a | 0x20, b | 0x20, c | 0x20, 0])
}

/// The keys of three-letter names, evaluated at compile time.
const fn keys<const N: usize>(names: [&str; N]) -> [u32; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        let name = names[i].as_bytes();
        out[i] = key(name[0], name[1], name[2]);
        i += 1;
    }
    out
}

/// Numbers are read up to this value and saturate there: above every field's maximum, and
/// small enough that one more digit cannot overflow.
const SATURATED: u32 = 100_000;

/// The text, how far it has been read, and the byte there.
///
/// The byte at the cursor is kept (0 past the end), so that each byte is loaded once and
/// every test of it is one comparison. A 0 byte in the text is told from the end by the
/// position, where that matters: at the end of a field.
struct Reader<'a> {
    text: &'a str,
    pos: usize,
    cur: u8,
}

impl<'a> Reader<'a> {
    #[inline(always)]
    fn new(text: &'a str, pos: usize) -> Reader<'a> {
        Reader {
            text,
            pos,
            cur: byte_at(text, pos),
        }
    }

    /// Moves to the next byte.
    #[inline(always)]
    fn bump(&mut self) {
        self.pos += 1;
        self.cur = byte_at(self.text, self.pos);
    }

    /// True when the cursor is at the end of a field: a blank or the end of the text.
    #[inline(always)]
    fn field_ends(&self) -> bool {
        match self.cur {
            b' ' | b'\t' => true,
            0 => self.pos >= self.text.len(),
            _ => false,
        }
    }

    /// True when a field ends at `at`.
    #[inline(always)]
    fn ends_at(&self, at: usize) -> bool {
        self.text.as_bytes().get(at).is_none_or(|b| is_blank(*b))
    }

    #[inline(always)]
    fn blanks(&mut self) {
        while is_blank(self.cur) {
            self.bump();
        }
    }

    #[inline(always)]
    fn expression(&mut self) -> Result<Frequency, ScheduleError> {
        self.blanks();
        let second = self.list::<Second>()?;
        let minute = self.list::<Minute>()?;
        let hour = self.list::<Hour>()?;
        let dom_at = self.pos;
        let day_of_month = self.day_of_month()?;
        // What the day-field rule needs, taken while the value is at hand: read back at the
        // end, it would come from memory still being written.
        let dom = day_kind(
            matches!(day_of_month, DayOfMonth::Unspecified),
            matches!(&day_of_month, DayOfMonth::Days(f) if f.is_all()),
        );
        self.blanks();
        let month = self.list::<Month>()?;
        let dow_at = self.pos;
        let day_of_week = self.day_of_week()?;
        let dow = day_kind(
            matches!(day_of_week, DayOfWeek::Unspecified),
            matches!(&day_of_week, DayOfWeek::Days(f) if f.is_all()),
        );
        self.blanks();
        // Exactly one of the day fields is `?`, or both are a lone `*`; a conflict is reported
        // after the year and zone have been read.
        let accepted = (dom == DAY_NONE) != (dow == DAY_NONE) || (dom == DAY_ALL && dow == DAY_ALL);
        // Each way the expression can end builds it in its own branch: merged, the year and
        // zone would go through the stack just before being copied out, and stall.
        macro_rules! finish {
            ($year:expr, $year_at:expr, $zone:expr) => {{
                if !accepted {
                    return Err(day_conflict(self.text, dom_at, dow_at));
                }
                return Ok(Frequency::Cron(CronExpr {
                    second,
                    minute,
                    hour,
                    day_of_month,
                    month,
                    day_of_week,
                    year: $year,
                    zone: $zone,
                    spans: Spans { year: $year_at },
                }));
            }};
        }
        let at = self.pos;
        if at == self.text.len() {
            finish!(None, 0, None);
        }
        if !matches!(self.cur, b'0'..=b'9' | b'*' | b',' | b'-' | b'/' | b'?') {
            // Not like a year: the zone, when it is the last field.
            match lookup_zone(self.rest_trimmed(at)) {
                Some(zone) => finish!(None, 0, Some(zone)),
                None => return Err(not_a_zone(self.text, at)),
            }
        }
        let year = match self.list::<Year>() {
            Ok(year) => year,
            Err(err) => return Err(not_a_year(self.text, at, err)),
        };
        let zone_at = self.pos;
        if zone_at == self.text.len() {
            finish!(Some(year), at, None);
        }
        match lookup_zone(self.rest_trimmed(zone_at)) {
            Some(zone) => finish!(Some(year), at, Some(zone)),
            None => Err(not_a_zone_after_year(self.text, zone_at)),
        }
    }

    /// A list field and the blanks after it.
    #[inline(always)]
    fn list<S: Spec>(&mut self) -> Result<Field, ScheduleError> {
        let at = self.pos;
        let first = self.item::<S>()?;
        let field = self.list_from::<S>(first, at)?;
        self.blanks();
        Ok(field)
    }

    /// The rest of the list field that starts at `at`, whose first item has been read.
    #[inline(always)]
    fn list_from<S: Spec>(&mut self, first: Item, at: usize) -> Result<Field, ScheduleError> {
        if self.field_ends() {
            return Ok(Field::one(first));
        }
        if self.cur != b',' {
            return Err(leftover(S::FIELD, self.text, at, self.pos));
        }
        let (field, end) = more::<S>(self.text, self.pos, first, at)?;
        *self = Reader::new(self.text, end);
        Ok(field)
    }

    #[inline(always)]
    fn item<S: Spec>(&mut self) -> Result<Item, ScheduleError> {
        let at = self.pos;
        match self.cur {
            b'*' => {
                self.bump();
                if self.cur == b'/' {
                    self.bump();
                    Ok(Item::AllStep(self.step::<S>()?))
                } else {
                    Ok(Item::All)
                }
            }
            b'?' => Err(question_mark(S::FIELD, at)),
            _ => {
                let start = self.value::<S>()?;
                self.item_from::<S>(start, at)
            }
        }
    }

    /// The rest of the item that starts at `at` with the value `start`.
    #[inline(always)]
    fn item_from<S: Spec>(&mut self, start: u16, at: usize) -> Result<Item, ScheduleError> {
        match self.cur {
            b'-' => {
                self.bump();
                let end = self.value::<S>()?;
                if end < start {
                    return Err(reversed(S::FIELD, start, end, at));
                }
                if self.cur == b'/' {
                    self.bump();
                    return Ok(Item::RangeStep(start, end, self.step::<S>()?));
                }
                Ok(Item::Range(start, end))
            }
            b'/' => {
                self.bump();
                Ok(Item::ValueStep(start, self.step::<S>()?))
            }
            _ => Ok(Item::Value(start)),
        }
    }

    /// A number or a name of the field, within the field's limits.
    #[inline(always)]
    fn value<S: Spec>(&mut self) -> Result<u16, ScheduleError> {
        let at = self.pos;
        if self.cur.is_ascii_digit() {
            let v = self.number::<S>()?;
            if v < u32::from(S::MIN) || v > u32::from(S::MAX) {
                return Err(out_of_range(S::FIELD, self.text, at, S::MIN, S::MAX));
            }
            // At most the field's maximum, a `u16`.
            return Ok(v as u16);
        }
        if !S::NAMES.is_empty()
            && let Some(v) = self.name::<S>()
        {
            return Ok(v);
        }
        Err(syntax_rest(S::FIELD, S::VALUE, self.text, at))
    }

    /// The run of digits at the cursor (at least one), saturated at [`SATURATED`]; more than
    /// one leading zero (`000`, `008`) is an error.
    #[inline(always)]
    fn number<S: Spec>(&mut self) -> Result<u32, ScheduleError> {
        let at = self.pos;
        let mut v = 0u32;
        while self.cur.is_ascii_digit() {
            v = (v * 10 + u32::from(self.cur - b'0')).min(SATURATED);
            self.bump();
        }
        // Three digits or more: `at + 1` is within the text.
        let bytes = self.text.as_bytes();
        if self.pos - at >= 3 && bytes[at] == b'0' && bytes[at + 1] == b'0' {
            return Err(leading_zeros(S::FIELD, self.text, at));
        }
        Ok(v)
    }

    /// A name of the field (three letters, any case, not followed by another letter).
    #[inline(always)]
    fn name<S: Spec>(&mut self) -> Option<u16> {
        let &[a, b, c, ..] = self.text.as_bytes().get(self.pos..)? else {
            return None;
        };
        if byte_at(self.text, self.pos + 3).is_ascii_alphabetic() {
            return None;
        }
        let word = key(a, b, c);
        let index = S::NAMES.iter().position(|k| *k == word)?;
        *self = Reader::new(self.text, self.pos + 3);
        // At most 12 names.
        Some(index as u16 + 1)
    }

    #[inline(always)]
    fn step<S: Spec>(&mut self) -> Result<u16, ScheduleError> {
        let at = self.pos;
        if !self.cur.is_ascii_digit() {
            return Err(syntax_rest(S::FIELD, "a step (a number)", self.text, at));
        }
        let n = self.number::<S>()?;
        if n == 0 || n > u32::from(S::MAX) {
            return Err(bad_step(S::FIELD, self.text, at, S::MAX));
        }
        // At most the field's maximum, a `u16`.
        Ok(n as u16)
    }

    #[inline(always)]
    fn day_of_month(&mut self) -> Result<DayOfMonth, ScheduleError> {
        let at = self.pos;
        match self.cur {
            b'?' if self.ends_at(at + 1) => {
                self.bump();
                Ok(DayOfMonth::Unspecified)
            }
            b'L' | b'l' => {
                if self.ends_at(at + 1) {
                    self.bump();
                    Ok(DayOfMonth::Last)
                } else if matches!(byte_at(self.text, at + 1), b'W' | b'w') && self.ends_at(at + 2)
                {
                    *self = Reader::new(self.text, at + 2);
                    Ok(DayOfMonth::LastWeekday)
                } else {
                    Err(syntax_rest(
                        FieldName::DayOfMonth,
                        "`L` or `LW` alone",
                        self.text,
                        at,
                    ))
                }
            }
            b'0'..=b'9' => {
                let day = self.value::<Dom>()?;
                if matches!(self.cur, b'W' | b'w') && self.ends_at(self.pos + 1) {
                    self.bump();
                    // At most 31.
                    return Ok(DayOfMonth::NearestWeekday(day as u8));
                }
                let first = self.item_from::<Dom>(day, at)?;
                self.list_from::<Dom>(first, at).map(DayOfMonth::Days)
            }
            _ => {
                let first = self.item::<Dom>()?;
                self.list_from::<Dom>(first, at).map(DayOfMonth::Days)
            }
        }
    }

    #[inline(always)]
    fn day_of_week(&mut self) -> Result<DayOfWeek, ScheduleError> {
        let at = self.pos;
        match self.cur {
            b'?' if self.ends_at(at + 1) => {
                self.bump();
                Ok(DayOfWeek::Unspecified)
            }
            b'L' | b'l' => {
                if self.ends_at(at + 1) {
                    self.bump();
                    // A bare `L` is the last day of the week, Sunday.
                    Ok(DayOfWeek::Days(Field::one(Item::Value(7))))
                } else {
                    Err(syntax_rest(
                        FieldName::DayOfWeek,
                        "`L` alone or after one weekday",
                        self.text,
                        at,
                    ))
                }
            }
            b'*' | b'?' => {
                let first = self.item::<Dow>()?;
                self.list_from::<Dow>(first, at).map(DayOfWeek::Days)
            }
            _ => {
                let weekday = self.value::<Dow>()?;
                match self.cur {
                    b'L' | b'l' if self.ends_at(self.pos + 1) => {
                        self.bump();
                        // At most 7.
                        Ok(DayOfWeek::Last(weekday as u8))
                    }
                    b'#' => {
                        self.bump();
                        let nth = self.nth()?;
                        Ok(DayOfWeek::Nth {
                            weekday: weekday as u8,
                            nth,
                        })
                    }
                    _ => {
                        let first = self.item_from::<Dow>(weekday, at)?;
                        self.list_from::<Dow>(first, at).map(DayOfWeek::Days)
                    }
                }
            }
        }
    }

    /// The `k` of `n#k`, 1-5, which ends the field.
    #[inline(always)]
    fn nth(&mut self) -> Result<u8, ScheduleError> {
        let at = self.pos;
        if !self.cur.is_ascii_digit() {
            return Err(syntax_rest(
                FieldName::DayOfWeek,
                "a number 1-5 after `#`",
                self.text,
                at,
            ));
        }
        let nth = self.number::<Dow>()?;
        if !(1..=5).contains(&nth) {
            return Err(out_of_range(FieldName::DayOfWeek, self.text, at, 1, 5));
        }
        if !self.field_ends() {
            return Err(syntax_rest(
                FieldName::DayOfWeek,
                "the end of the field",
                self.text,
                self.pos,
            ));
        }
        // 1-5.
        Ok(nth as u8)
    }

    /// The text from `at` (the start of a field) to its end without trailing blanks.
    #[inline(always)]
    fn rest_trimmed(&self, at: usize) -> &'a [u8] {
        let bytes = self.text.as_bytes();
        let mut end = bytes.len();
        while end > at && is_blank(bytes[end - 1]) {
            end -= 1;
        }
        &bytes[at..end]
    }
}

/// A day field that is `?`.
const DAY_NONE: u8 = 0;
/// A day field that is a lone `*`.
const DAY_ALL: u8 = 1;
/// Any other day field.
const DAY_SOME: u8 = 2;

/// What the day-field rule sees of a day field.
#[inline(always)]
fn day_kind(none: bool, all: bool) -> u8 {
    if none {
        DAY_NONE
    } else if all {
        DAY_ALL
    } else {
        DAY_SOME
    }
}

/// The byte at `at`, or 0 past the end.
#[inline(always)]
fn byte_at(text: &str, at: usize) -> u8 {
    text.as_bytes().get(at).copied().unwrap_or(0)
}

/// The items of a list after the first, from the `,` at `pos` on, in the field that starts
/// at `at`; and where the field ends. Out of line, with its own reader: lists are rarer than
/// single items, and their allocation costs more than the call.
///
/// The items are kept on the stack until the list ends, and then copied to the heap once; a
/// list longer than the stack part (which no usual expression has) goes on in a vector.
#[inline(never)]
fn more<S: Spec>(
    text: &str,
    pos: usize,
    first: Item,
    at: usize,
) -> Result<(Field, usize), ScheduleError> {
    const HEAD: usize = 8;
    let mut reader = Reader::new(text, pos);
    let mut head = [first; HEAD];
    let mut len = 1;
    let mut spill = Vec::new();
    while reader.cur == b',' {
        reader.bump();
        let item = reader.item::<S>()?;
        if len < HEAD {
            head[len] = item;
            len += 1;
        } else {
            if spill.is_empty() {
                spill.extend_from_slice(&head);
            }
            spill.push(item);
        }
    }
    if !reader.field_ends() {
        return Err(leftover(S::FIELD, text, at, reader.pos));
    }
    let field = if spill.is_empty() {
        Field::from_items(&head[..len])
    } else {
        Field::from_items(&spill)
    };
    Ok((field, reader.pos))
}

/// The 7th field, which starts at `at` and does not start like a year, is not a zone: it is
/// not one, or another field follows and it is read as the year (which it cannot be, as it
/// does not start with a number).
#[cold]
#[inline(never)]
fn not_a_zone(text: &str, at: usize) -> ScheduleError {
    let end = token_end(text, at);
    if text.as_bytes()[end..].iter().all(|b| is_blank(*b)) {
        // `at` follows a blank and `end` precedes one or the end: character boundaries.
        zone_error(&text[at..end], at)
    } else {
        syntax_rest(FieldName::Year, Year::VALUE, text, at)
    }
}

/// The field after the year, which starts at `at`, is not a zone: it is not one, or more
/// fields follow (more than 8 in all).
#[cold]
#[inline(never)]
fn not_a_zone_after_year(text: &str, at: usize) -> ScheduleError {
    let end = token_end(text, at);
    if text.as_bytes()[end..].iter().all(|b| is_blank(*b)) {
        // As above.
        zone_error(&text[at..end], at)
    } else {
        field_count(text)
    }
}

/// The error for a 7th field that starts like a year (a digit or one of `* , - / ?`) and is
/// not one (`err`). When it is the last field and does not look like a year (it has another
/// byte), the API reads it as the zone: no zone starts that way, so the error is the zone's.
#[cold]
#[inline(never)]
fn not_a_year(text: &str, at: usize, err: ScheduleError) -> ScheduleError {
    let end = token_end(text, at);
    let last = text.as_bytes()[end..].iter().all(|b| is_blank(*b));
    // `at` follows a blank and `end` precedes one or the end: character boundaries.
    let token = &text[at..end];
    let looks_like_year = token
        .bytes()
        .all(|b| b.is_ascii_digit() || b"*,-/?".contains(&b));
    if !last || looks_like_year {
        return err;
    }
    debug_assert!(
        lookup_zone(token.as_bytes()).is_none(),
        "{token:?} is a zone that starts like a year"
    );
    zone_error(token, at)
}

/// The end of the field that starts at `at`.
fn token_end(text: &str, at: usize) -> usize {
    text.as_bytes()[at..]
        .iter()
        .position(|b| is_blank(*b))
        .map_or(text.len(), |n| at + n)
}

/// The fields of `text` and where each starts.
fn fields(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    (0..bytes.len()).filter(move |&i| !is_blank(bytes[i]) && (i == 0 || is_blank(bytes[i - 1])))
}

/// The error for a text without 6 to 8 fields; past eight, it points at the ninth.
#[cold]
#[inline(never)]
fn field_count(text: &str) -> ScheduleError {
    let found = fields(text).count();
    let offset = fields(text).nth(8).unwrap_or(0);
    ScheduleError::new(ScheduleErrorKind::FieldCount { found }, offset)
}

/// On the error path: a wrong number of fields wins over `err`.
#[cold]
#[inline(never)]
fn count_first(text: &str, err: ScheduleError) -> ScheduleError {
    if (6..=8).contains(&fields(text).count()) {
        err
    } else {
        field_count(text)
    }
}

/// The rest of the field from `at`.
fn rest(text: &str, at: usize) -> &str {
    // `at` follows an ASCII byte the reader consumed, or a blank: a character boundary.
    &text[at..token_end(text, at)]
}

/// A syntax error that quotes the rest of the field from `at`.
#[cold]
#[inline(never)]
fn syntax_rest(field: FieldName, expected: &'static str, text: &str, at: usize) -> ScheduleError {
    syntax(field, expected, rest(text, at), at)
}

/// The digits at `at`.
fn digits(text: &str, at: usize) -> &str {
    let len = text.as_bytes()[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    // ASCII digits from a character boundary.
    &text[at..at + len]
}

/// The number at `at` is out of `min..=max`.
#[cold]
#[inline(never)]
fn out_of_range(field: FieldName, text: &str, at: usize, min: u16, max: u16) -> ScheduleError {
    ScheduleError::new(
        ScheduleErrorKind::OutOfRange {
            field,
            value: shorten(digits(text, at)),
            min: u32::from(min),
            max: u32::from(max),
        },
        at,
    )
}

/// The step at `at` is 0 or above `max`.
#[cold]
#[inline(never)]
fn bad_step(field: FieldName, text: &str, at: usize, max: u16) -> ScheduleError {
    ScheduleError::new(
        ScheduleErrorKind::StepOutOfRange {
            field,
            value: shorten(digits(text, at)),
            max: u32::from(max),
        },
        at,
    )
}

/// The number at `at` has more than one leading zero.
#[cold]
#[inline(never)]
fn leading_zeros(field: FieldName, text: &str, at: usize) -> ScheduleError {
    ScheduleError::new(
        ScheduleErrorKind::LeadingZeros {
            field,
            value: shorten(digits(text, at)),
        },
        at,
    )
}

#[cold]
#[inline(never)]
fn question_mark(field: FieldName, at: usize) -> ScheduleError {
    ScheduleError::new(ScheduleErrorKind::QuestionMark { field }, at)
}

#[cold]
#[inline(never)]
fn reversed(field: FieldName, start: u16, end: u16, at: usize) -> ScheduleError {
    ScheduleError::new(
        ScheduleErrorKind::ReversedRange {
            field,
            start: u32::from(start),
            end: u32::from(end),
        },
        at,
    )
}

/// What stands after a list's items at `at`, in the field that starts at `field_at`: `L`,
/// `W` or `#` in a day field, or anything else.
#[cold]
#[inline(never)]
fn leftover(field: FieldName, text: &str, field_at: usize, at: usize) -> ScheduleError {
    let special = matches!(
        text.as_bytes().get(at),
        Some(b'L' | b'l' | b'W' | b'w' | b'#')
    );
    if special && matches!(field, FieldName::DayOfMonth | FieldName::DayOfWeek) {
        return ScheduleError::new(
            ScheduleErrorKind::SpecialInList {
                field,
                value: shorten(rest(text, field_at)),
            },
            at,
        );
    }
    syntax(
        field,
        "`,`, `-`, `/` or the end of the field",
        rest(text, at),
        at,
    )
}

#[cold]
#[inline(never)]
fn day_conflict(text: &str, dom_at: usize, dow_at: usize) -> ScheduleError {
    ScheduleError::new(
        ScheduleErrorKind::DayConflict {
            dom: shorten(rest(text, dom_at)),
            dow: shorten(rest(text, dow_at)),
        },
        dom_at,
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use crate::schedule::{Frequency, Item};
    use crate::test_rng::Rng;

    /// The canonical form, or the error with its offset.
    fn read(text: &str) -> String {
        match Frequency::parse(text) {
            Ok(f) => f.to_string(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn ok_and_err_cases_read_exactly() {
        for (text, expected) in [
            // A wrong number of fields wins over any error found before the count is known.
            (
                "60 * * * *",
                "error: a cron expression has 6, 7 or 8 fields separated by spaces, found 5 (at byte 0)",
            ),
            (
                "0 0 0 * * ? 2030 UTC x y",
                "error: a cron expression has 6, 7 or 8 fields separated by spaces, found 10 (at byte 21)",
            ),
            (
                "0 0 0 * * ? 2030 Nowhere x",
                "error: a cron expression has 6, 7 or 8 fields separated by spaces, found 9 (at byte 25)",
            ),
            // The 7th field: a year when it looks like one, else the zone; of 8, the year.
            ("0 0 0 * * ? 2030", "0 0 0 * * ? 2030"),
            (
                "0 0 0 * * ? 2030abc",
                "error: time zone `2030abc` is not valid: use an IANA name such as Asia/Shanghai, a GMT+H:MM offset, or UTC; other abbreviations are not accepted (at byte 12)",
            ),
            (
                "0 0 0 * * ? 2100",
                "error: year: `2100` is out of range 1970-2099 (at byte 12)",
            ),
            (
                "0 0 0 * * ? Asia/Shanghai UTC",
                "error: year: expected a number, found `Asia/Shanghai` (at byte 12)",
            ),
            (
                "0 0 0 * * ? 2030x UTC",
                "error: year: expected `,`, `-`, `/` or the end of the field, found `x` (at byte 16)",
            ),
            (
                "0 0 0 * * ? ?",
                "error: year: `?` is allowed only in day-of-month and day-of-week (at byte 12)",
            ),
            (
                "0 0 0 * * ? 2030 Asia/Nowhere",
                "error: time zone `Asia/Nowhere` is not valid: not a zone of the tz database (names are case-sensitive) (at byte 17)",
            ),
            (
                "\t 0 0 0 * * ?\t2030  GMT-0:00 \t",
                "0 0 0 * * ? 2030 GMT-0:00",
            ),
            // Day fields.
            ("0 0 0 lw * ?", "0 0 0 LW * ?"),
            ("0 0 0 15w * ?", "0 0 0 15W * ?"),
            (
                "0 0 0 L-2 * ?",
                "error: day-of-month: expected `L` or `LW` alone, found `L-2` (at byte 6)",
            ),
            (
                "0 0 0 5WW * ?",
                "error: day-of-month: `5WW` cannot be combined with other values (at byte 7)",
            ),
            ("0 0 0 ? * fri#3", "0 0 0 ? * 5#3"),
            ("0 0 0 ? * 5l", "0 0 0 ? * 5L"),
            ("0 0 0 ? * l", "0 0 0 ? * 7"),
            (
                "0 0 0 ? * LW",
                "error: day-of-week: expected `L` alone or after one weekday, found `LW` (at byte 10)",
            ),
            (
                "0 0 0 ? * FRIL",
                "error: day-of-week: expected a number or a day name (MON-SUN), found `FRIL` (at byte 10)",
            ),
            (
                "0 0 0 ? * 1#3L",
                "error: day-of-week: expected the end of the field, found `L` (at byte 13)",
            ),
            (
                "0 0 0 ? * 1#005",
                "error: day-of-week: `005` has more than one leading zero (at byte 12)",
            ),
            (
                "0 0 0 ? * 1#6",
                "error: day-of-week: `6` is out of range 1-5 (at byte 12)",
            ),
            (
                "0 0 0 ? * 1,?",
                "error: day-of-week: `?` is allowed only in day-of-month and day-of-week (at byte 12)",
            ),
            (
                "0 0 0 ? * ?\0",
                "error: day-of-week: `?` is allowed only in day-of-month and day-of-week (at byte 10)",
            ),
            (
                "0 0 0 1 * MON",
                "error: day-of-month `1` and day-of-week `MON`: one of them must be `?`, or both `*` (at byte 6)",
            ),
            // Numbers and names.
            ("00 08 0 * * ?", "0 8 0 * * ?"),
            (
                "000 0 0 * * ?",
                "error: seconds: `000` has more than one leading zero (at byte 0)",
            ),
            (
                "0 99999999999 0 * * ?",
                "error: minutes: `99999999999` is out of range 0-59 (at byte 2)",
            ),
            (
                "0 */0 0 * * ?",
                "error: minutes: step `0` is out of range 1-59 (at byte 4)",
            ),
            ("0 0 0 ? jan-Mar/2 MON", "0 0 0 ? 1-3/2 1"),
            (
                "0 0 0 ? JANUARY *",
                "error: month: expected a number or a month name (JAN-DEC), found `JANUARY` (at byte 8)",
            ),
            (
                "0 0 0 ? * MON-",
                "error: day-of-week: expected a number or a day name (MON-SUN), found `end of field` (at byte 14)",
            ),
            (
                "0 5-2 0 * * ?",
                "error: minutes: range 5-2 starts after it ends (at byte 2)",
            ),
            (
                "0 *-2 0 * * ?",
                "error: minutes: expected `,`, `-`, `/` or the end of the field, found `-2` (at byte 3)",
            ),
            (
                "0 0\u{e9} 0 * * ?",
                "error: minutes: expected `,`, `-`, `/` or the end of the field, found `\u{e9}` (at byte 3)",
            ),
        ] {
            assert_eq!(read(text), expected, "{text:?}");
        }
    }

    #[test]
    fn ok_long_lists_keep_every_item_in_order() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for len in 1..=40 {
            let values: Vec<u16> = (0..len).map(|_| rng.below(60) as u16).collect();
            let list: Vec<String> = values.iter().map(u16::to_string).collect();
            let text = format!("{} * * * * {}", list.join(","), rng.pick(&["?", "? 2030"]));
            let Ok(Frequency::Cron(expr)) = Frequency::parse(&text) else {
                panic!("{text:?}");
            };
            let expected: Vec<Item> = values.into_iter().map(Item::Value).collect();
            assert_eq!(expr.second().items(), expected.as_slice(), "{text:?}");
        }
    }

    #[test]
    fn ok_the_year_offset_is_where_the_year_stands() {
        for (text, at) in [
            ("0 0 0 * * ? 2030", 12),
            ("  0  0 0 * * ?\t2030 UTC", 15),
            ("0 0 0 * * ? UTC", 0),
            ("0 0 0 * * ?", 0),
        ] {
            let Ok(Frequency::Cron(expr)) = Frequency::parse(text) else {
                panic!("{text:?}");
            };
            assert_eq!(expr.spans.year, at, "{text:?}");
        }
    }
}
