//! The fast path of the cron grammar.
//!
//! One forward pass over the bytes reads the shapes nearly every expression has: numbers and
//! names, `*`, `?`, ranges, steps and lists, then an optional year and zone. It builds the same
//! [`CronExpr`] as the full parser in the parent module, without splitting the text into
//! tokens first or keeping what an error message would need. Anything else, valid or not
//! (`L`, `W`, `#`, a leading zero, a value out of range, a syntax error), answers `None` and
//! the full parser decides: errors always come from there. A differential test checks that
//! the two agree on every expression the fast path accepts.
//!
//! The reader is generic over where list items go. The first pass keeps nothing but the
//! first item of each field, in registers, and gives up at the first `,`; an expression with
//! lists is then read again by a pass that notes every item. Field limits (the full parser's
//! `Spec`s) and names are const parameters, so each field's checks compile to comparisons
//! with constants.

use super::{DOM, DOW, HOUR, MINUTE, MONTH, SECOND, YEAR};
use crate::schedule::Frequency;
use crate::schedule::cron::{CronExpr, DayOfMonth, DayOfWeek, Field, Item, Spans};
use crate::schedule::zone::{Zone, lookup_zone};

/// Reads a cron expression on the fast path, or answers `None` for the full parser to decide.
///
/// Without lists, the expression is built once, at the end, directly in the value returned,
/// from the first items. Building each field on the way and moving it on would read back in
/// wide loads bytes still on their way to memory in narrow stores: a store-forwarding stall
/// on every field.
#[inline(always)]
pub(super) fn cron(input: &str) -> Option<Frequency> {
    let mut reader = Reader::new(input, NoLists);
    if let Some(firsts) = reader.expression() {
        return Some(Frequency::Cron(firsts.expr()));
    }
    if reader.lists {
        return with_lists(input).map(Frequency::Cron);
    }
    None
}

/// The second pass, for an expression with lists.
#[inline(never)]
fn with_lists(input: &str) -> Option<CronExpr> {
    let mut reader = Reader::new(input, Notes::new());
    let firsts = reader.expression()?;
    reader.notes.expr(&firsts)
}

/// What the fast path read: the first item of each field, and the zone.
struct Firsts {
    second: Item,
    minute: Item,
    hour: Item,
    day_of_month: Option<Item>,
    month: Item,
    day_of_week: Option<Item>,
    year: Option<Item>,
    year_at: usize,
    zone: Option<Zone>,
}

impl Firsts {
    /// The expression, each field its first item.
    #[inline(always)]
    fn expr(&self) -> CronExpr {
        CronExpr {
            second: Field::one(self.second),
            minute: Field::one(self.minute),
            hour: Field::one(self.hour),
            day_of_month: match self.day_of_month {
                Some(first) => DayOfMonth::Days(Field::one(first)),
                None => DayOfMonth::Unspecified,
            },
            month: Field::one(self.month),
            day_of_week: match self.day_of_week {
                Some(first) => DayOfWeek::Days(Field::one(first)),
                None => DayOfWeek::Unspecified,
            },
            year: self.year.map(Field::one),
            zone: self.zone,
            spans: Spans { year: self.year_at },
        }
    }
}

/// Where the items of list fields go.
trait Items {
    /// True when fields may have more than one item.
    const LISTS: bool;
    /// The first item of field `n` (second = 0 ... year = 6).
    fn first(&mut self, n: usize, item: Item) -> Option<()>;
    /// Another item of the field begun last.
    fn more(&mut self, item: Item) -> Option<()>;
    /// True when field `n` has exactly one item.
    fn single(&self, n: usize) -> bool;
}

/// The first pass: one item per field, nothing kept.
struct NoLists;

impl Items for NoLists {
    const LISTS: bool = false;
    #[inline(always)]
    fn first(&mut self, _: usize, _: Item) -> Option<()> {
        Some(())
    }
    #[inline(always)]
    fn more(&mut self, _: Item) -> Option<()> {
        None
    }
    #[inline(always)]
    fn single(&self, _: usize) -> bool {
        true
    }
}

/// Items of an expression the list pass reads; longer expressions go to the full parser.
const ITEMS: usize = 32;

/// The list pass: every item, in order, and where each field's items are.
struct Notes {
    items: [Item; ITEMS],
    used: u8,
    /// For each field, where its items start in `items` and how many (none for `?` or a
    /// missing year).
    fields: [(u8, u8); 7],
    current: usize,
}

impl Notes {
    fn new() -> Notes {
        Notes {
            items: [Item::All; ITEMS],
            used: 0,
            fields: [(0, 0); 7],
            current: 0,
        }
    }

    /// The expression built from the notes.
    fn expr(&self, firsts: &Firsts) -> Option<CronExpr> {
        let field = |n: usize| -> Option<Option<Field>> {
            let &(from, len) = self.fields.get(n)?;
            let from = usize::from(from);
            let items = self.items.get(from..from + usize::from(len))?;
            Some(Field::from_slice(items))
        };
        Some(CronExpr {
            second: field(0)??,
            minute: field(1)??,
            hour: field(2)??,
            day_of_month: field(3)?.map_or(DayOfMonth::Unspecified, DayOfMonth::Days),
            month: field(4)??,
            day_of_week: field(5)?.map_or(DayOfWeek::Unspecified, DayOfWeek::Days),
            year: field(6)?,
            zone: firsts.zone,
            spans: Spans {
                year: firsts.year_at,
            },
        })
    }
}

impl Items for Notes {
    const LISTS: bool = true;
    fn first(&mut self, n: usize, item: Item) -> Option<()> {
        *self.fields.get_mut(n)? = (self.used, 0);
        self.current = n;
        self.more(item)
    }
    fn more(&mut self, item: Item) -> Option<()> {
        *self.items.get_mut(usize::from(self.used))? = item;
        self.used += 1;
        self.fields.get_mut(self.current)?.1 += 1;
        Some(())
    }
    fn single(&self, n: usize) -> bool {
        self.fields.get(n).is_some_and(|(_, len)| *len == 1)
    }
}

/// No names in the field.
const NO_NAMES: u8 = 0;
/// `JAN`..`DEC` for 1..12.
const MONTH_NAMES: u8 = 1;
/// `MON`..`SUN` for 1..7.
const WEEKDAY_NAMES: u8 = 2;

/// A three-letter name in lower case as a number, the way [`Reader::name`] reads one.
const fn key(name: &str) -> u32 {
    match name.as_bytes() {
        [a, b, c] => u32::from_le_bytes([*a | 0x20, *b | 0x20, *c | 0x20, 0]),
        _ => 0,
    }
}

/// The keys of `names`. Only ever evaluated at compile time, where an index out of bounds
/// would fail the build, not the program.
#[allow(clippy::indexing_slicing)]
const fn keys<const N: usize>(names: [&str; N]) -> [u32; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = key(names[i]);
        i += 1;
    }
    out
}

const MONTH_KEYS: [u32; 12] = keys(super::MONTHS);
const WEEKDAY_KEYS: [u32; 7] = keys(super::WEEKDAYS);

/// The text of the expression and the part not read yet.
struct Reader<'a, N: Items> {
    input: &'a str,
    rest: &'a [u8],
    notes: N,
    /// True when the first pass gave up at a list.
    lists: bool,
}

impl<'a, N: Items> Reader<'a, N> {
    fn new(input: &'a str, notes: N) -> Reader<'a, N> {
        Reader {
            input,
            rest: input.as_bytes(),
            notes,
            lists: false,
        }
    }

    /// Reads the whole expression, or `None` to leave it to the full parser.
    #[inline(always)]
    fn expression(&mut self) -> Option<Firsts> {
        self.skip_blanks();
        let second = self.field::<{ SECOND.min }, { SECOND.max }, NO_NAMES>(0)?;
        let minute = self.field::<{ MINUTE.min }, { MINUTE.max }, NO_NAMES>(1)?;
        let hour = self.field::<{ HOUR.min }, { HOUR.max }, NO_NAMES>(2)?;
        let day_of_month = if self.lone_question_mark() {
            None
        } else {
            Some(self.field::<{ DOM.min }, { DOM.max }, NO_NAMES>(3)?)
        };
        let month = self.field::<{ MONTH.min }, { MONTH.max }, MONTH_NAMES>(4)?;
        let day_of_week = if self.lone_question_mark() {
            None
        } else {
            Some(self.field::<{ DOW.min }, { DOW.max }, WEEKDAY_NAMES>(5)?)
        };
        // A token of digits and `*,-/?` is the year; one that begins with a letter, the zone.
        // The year field reads nothing else, so what it accepts looks like a year.
        let (mut year, mut year_at) = (None, 0);
        if let [b'0'..=b'9' | b'*' | b',' | b'-' | b'/' | b'?', ..] = self.rest {
            year_at = self.offset();
            year = Some(self.field::<{ YEAR.min }, { YEAR.max }, NO_NAMES>(6)?);
        }
        // The rest, but for blanks at the end, is the zone: no zone has a blank in its name,
        // so a rest of more than one token is not found, and the full parser decides.
        let mut zone = None;
        if !self.rest.is_empty() {
            let start = self.offset();
            let mut token = self.rest;
            while let [rest @ .., b' ' | b'\t'] = token {
                token = rest;
            }
            zone = Some(lookup_zone(self.input.get(start..start + token.len())?)?);
        }
        // Exactly one of the day fields is `?`, or both are a lone `*`.
        if day_of_month.is_none() == day_of_week.is_none()
            && !(day_of_month == Some(Item::All)
                && day_of_week == Some(Item::All)
                && self.notes.single(3)
                && self.notes.single(5))
        {
            return None;
        }
        Some(Firsts {
            second,
            minute,
            hour,
            day_of_month,
            month,
            day_of_week,
            year,
            year_at,
            zone,
        })
    }

    /// The byte offset of what is left.
    #[inline(always)]
    fn offset(&self) -> usize {
        self.input.len() - self.rest.len()
    }

    #[inline(always)]
    fn eat(&mut self, c: u8) -> bool {
        match self.rest {
            [first, tail @ ..] if *first == c => {
                self.rest = tail;
                true
            }
            _ => false,
        }
    }

    #[inline(always)]
    fn skip_blanks(&mut self) {
        while let [b' ' | b'\t', tail @ ..] = self.rest {
            self.rest = tail;
        }
    }

    /// Consumes a field that is a lone `?`, and the blanks after it.
    #[inline(always)]
    fn lone_question_mark(&mut self) -> bool {
        if let [b'?'] | [b'?', b' ' | b'\t', ..] = self.rest {
            self.rest = self.rest.get(1..).unwrap_or_default();
            self.skip_blanks();
            return true;
        }
        false
    }

    /// A list field number `n` and the blanks after it: its first item.
    #[inline(always)]
    fn field<const MIN: u16, const MAX: u16, const NAMES: u8>(&mut self, n: usize) -> Option<Item> {
        let first = self.item::<MIN, MAX, NAMES>()?;
        self.notes.first(n, first)?;
        while let [b',', tail @ ..] = self.rest {
            if !N::LISTS {
                self.lists = true;
                return None;
            }
            self.rest = tail;
            let item = self.item::<MIN, MAX, NAMES>()?;
            self.notes.more(item)?;
        }
        match self.rest {
            [] => {}
            [b' ' | b'\t', tail @ ..] => {
                self.rest = tail;
                self.skip_blanks();
            }
            _ => return None,
        }
        Some(first)
    }

    #[inline(always)]
    fn item<const MIN: u16, const MAX: u16, const NAMES: u8>(&mut self) -> Option<Item> {
        if self.eat(b'*') {
            return if self.eat(b'/') {
                Some(Item::AllStep(self.step::<MAX>()?))
            } else {
                Some(Item::All)
            };
        }
        let start = self.value::<MIN, MAX, NAMES>()?;
        if self.eat(b'-') {
            let end = self.value::<MIN, MAX, NAMES>()?;
            if end < start {
                return None;
            }
            return Some(if self.eat(b'/') {
                Item::RangeStep(start, end, self.step::<MAX>()?)
            } else {
                Item::Range(start, end)
            });
        }
        Some(if self.eat(b'/') {
            Item::ValueStep(start, self.step::<MAX>()?)
        } else {
            Item::Value(start)
        })
    }

    /// A number or a name, within the field's limits.
    #[inline(always)]
    fn value<const MIN: u16, const MAX: u16, const NAMES: u8>(&mut self) -> Option<u16> {
        let v = match self.rest {
            [b'0'..=b'9', ..] => self.number()?,
            _ if NAMES != NO_NAMES => self.name::<NAMES>()?,
            _ => return None,
        };
        (MIN..=MAX).contains(&v).then_some(v)
    }

    #[inline(always)]
    fn step<const MAX: u16>(&mut self) -> Option<u16> {
        self.number().filter(|n| (1..=MAX).contains(n))
    }

    /// One to four digits without a leading zero.
    #[inline(always)]
    fn number(&mut self) -> Option<u16> {
        let [d @ b'0'..=b'9', tail @ ..] = self.rest else {
            return None;
        };
        self.rest = tail;
        let mut n = u16::from(d - b'0');
        if let [b'0'..=b'9', ..] = self.rest
            && n == 0
        {
            return None;
        }
        let mut len = 1;
        while let [d @ b'0'..=b'9', tail @ ..] = self.rest {
            if len == 4 {
                return None;
            }
            n = n * 10 + u16::from(d - b'0');
            self.rest = tail;
            len += 1;
        }
        Some(n)
    }

    /// A three-letter name of the field (any letter case), not followed by another letter.
    #[inline(always)]
    fn name<const NAMES: u8>(&mut self) -> Option<u16> {
        let [a, b, c, tail @ ..] = self.rest else {
            return None;
        };
        if tail.first().is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        // Every key is three lower-case letters, and `x | 0x20` is one only for that letter
        // in either case.
        let word = u32::from_le_bytes([*a | 0x20, *b | 0x20, *c | 0x20, 0]);
        let keys: &[u32] = if NAMES == MONTH_NAMES {
            &MONTH_KEYS
        } else {
            &WEEKDAY_KEYS
        };
        let index = keys.iter().position(|k| *k == word)?;
        self.rest = tail;
        u16::try_from(index + 1).ok()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use crate::test_rng::Rng;

    /// The fast path must answer exactly what the full parser answers, or leave it to it.
    /// True when it answered.
    fn agree(text: &str) -> bool {
        let Some(ours) = cron(text) else {
            return false;
        };
        let full = super::super::cron(text)
            .unwrap_or_else(|e| panic!("fast path accepted {text:?}, full parser says {e}"));
        let Frequency::Cron(fast) = ours else {
            panic!("fast path accepted {text:?} but answered {ours:?}");
        };
        assert_eq!(fast, full, "{text:?}");
        assert_eq!(fast.spans.year, full.spans.year, "{text:?}");
        true
    }

    #[test]
    fn ok_common_shapes_take_the_fast_path() {
        for text in [
            "0 0/30 10-11 * * ? 2030 Asia/Shanghai",
            "0 15 10 ? * MON-FRI",
            "  0 0,15,30,45 * * * ?  ",
            "* * * * * *",
            "0\t0 12 1-31/2 jan,MAR ? 2030,2031-2033/2 GMT+8:00",
            "0 */20 * * * ? UTC",
            "0 0 12 * * ? Asia/Shanghai \t ",
            "0 0 12 * * ? GMT-3:30\t",
            "59 59 23 31 12 ? 2099",
            "1,2,3,4,5,6,7 * * ? * 1,2,3,4,5,6,7",
        ] {
            assert!(agree(text), "{text:?} should take the fast path");
        }
    }

    #[test]
    fn ok_everything_else_is_left_to_the_full_parser() {
        for text in [
            "0 0 12 L * ?",
            "0 0 12 LW * ?",
            "0 0 12 15W * ?",
            "0 0 12 ? * 5L",
            "0 0 12 ? * 2#3",
            "0 0 12 ? * L",
            "00 0 12 * * ?",
            "05 0 12 * * ?",
            "60 0 12 * * ?",
            "0 0 12 * * ? 1969",
            "0 0 12 * * MON",
            "0 0 12 ? * ?",
            "0 0 12 * * ? 2030 Asia/Nowhere",
            "0 0 12 * * ? EST",
            "0 0 12 * * ? 2030 UTC extra",
            "0 0 12 * * ? Asia/Shanghai UTC",
            "0 0 12 * * ? GMT+8:00 2030",
            "0 0 12 * * ? Asia/ Shanghai",
            "0 0 12 * *",
            "0 0 12 ? * MONDAY",
            "0 0 12 ? * 5-1",
            "0 0 12 ? * */0",
            "0 0 12 ? * */8",
            "0 0 12 ? * 1,",
            "0 0 12 * * ? 20300",
            "0 0 12 * * ?,1",
        ] {
            assert!(!agree(text), "{text:?} should be left to the full parser");
        }
        // More items than the fast path notes.
        let long = (0..40).map(|s| s.to_string()).collect::<Vec<_>>().join(",");
        for text in [format!("{long} * * * * ?"), format!("0 {long} * * * ?")] {
            assert!(!agree(&text), "{text:?} should be left to the full parser");
            assert!(super::super::frequency(&text).is_ok(), "{text:?}");
        }
    }

    /// One item of a field whose values are `lo..=hi`, now and then out of range or odd.
    fn item(rng: &mut Rng, lo: u64, hi: u64, names: &[&str]) -> String {
        let value = |rng: &mut Rng| match rng.next() % 64 {
            0 => rng
                .pick(&["00", "05", "L", "3W", "1#2", "?", ""])
                .to_owned(),
            1 => (hi + 1).to_string(),
            2..=5 if !names.is_empty() => rng.pick(names).to_owned(),
            _ => (lo + rng.next() % (hi - lo + 1)).to_string(),
        };
        // A range in order, now and then reversed or with a value of any kind.
        let range = |rng: &mut Rng| {
            let a = lo + rng.next() % (hi - lo + 1);
            let b = a + rng.next() % (hi - a + 1);
            match rng.next() % 16 {
                0 => format!("{b}-{a}"),
                1 => format!("{}-{}", value(rng), value(rng)),
                _ => format!("{a}-{b}"),
            }
        };
        match rng.next() % 6 {
            0 => "*".to_owned(),
            1 => format!("*/{}", 1 + rng.next() % 8),
            2 => range(rng),
            3 => format!("{}/{}", value(rng), rng.next() % 24),
            4 => format!("{}/{}", range(rng), 1 + rng.next() % 4),
            _ => value(rng),
        }
    }

    fn field(rng: &mut Rng, lo: u64, hi: u64, names: &[&str]) -> String {
        // Mostly one item, often two, now and then up to 40 (past the fast path's 32 notes).
        let items = match rng.next() % 32 {
            0 => 3 + rng.next() % 38,
            1..=10 => 2,
            _ => 1,
        };
        (0..items)
            .map(|_| item(rng, lo, hi, names))
            .collect::<Vec<_>>()
            .join(",")
    }

    #[test]
    fn ok_agrees_with_the_full_parser_on_random_expressions() {
        const MONTHS: [&str; 4] = ["JAN", "feb", "Dec", "JANUARY"];
        const DAYS: [&str; 4] = ["MON", "fri", "Sun", "XYZ"];
        const ZONES: [&str; 7] = [
            "UTC",
            "GMT+8:00",
            "GMT-14:00",
            "Asia/Shanghai",
            "America/New_York",
            "Mars/Base",
            "EST",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut cases, mut fast) = (0, 0);
        for _ in 0..20_000 {
            let mut fields = vec![
                field(&mut rng, 0, 59, &[]),
                field(&mut rng, 0, 59, &[]),
                field(&mut rng, 0, 23, &[]),
                field(&mut rng, 1, 31, &[]),
                field(&mut rng, 1, 12, &MONTHS),
                field(&mut rng, 1, 7, &DAYS),
            ];
            match rng.next() % 4 {
                0 => fields[3] = "?".to_owned(),
                1 => fields[5] = "?".to_owned(),
                2 => (fields[3], fields[5]) = ("*".to_owned(), "*".to_owned()),
                _ => {}
            }
            if rng.next().is_multiple_of(2) {
                fields.push(field(&mut rng, 1970, 2099, &[]));
            }
            if rng.next().is_multiple_of(2) {
                fields.push(rng.pick(&ZONES).to_owned());
            }
            if rng.next().is_multiple_of(16) {
                fields.push("0".to_owned());
            }
            if rng.next().is_multiple_of(16) {
                fields.pop();
            }
            let blank = rng.pick(&[" ", " ", "  ", "\t"]);
            let lead = rng.pick(&["", "", " ", "\t "]);
            let trail = rng.pick(&["", "", " ", " \t"]);
            let text = format!("{lead}{}{trail}", fields.join(blank));
            cases += 1;
            fast += usize::from(agree(&text));
        }
        // Enough of them take the fast path for the comparison to mean something.
        assert!(fast * 5 > cases, "{fast} of {cases} took the fast path");
    }
}
