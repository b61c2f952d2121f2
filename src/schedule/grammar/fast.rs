//! The fast path of the cron grammar.
//!
//! One forward pass over the bytes reads the shapes nearly every expression has: numbers and
//! names, `*`, `?`, ranges, steps and lists, then an optional year and zone. It builds the same
//! [`CronExpr`] as the full parser in the parent module, without splitting the text into
//! tokens first or keeping what an error message would need. Anything else, valid or not
//! (`L`, `W`, `#`, a leading zero, a value out of range, a syntax error), answers `None` and
//! the full parser decides: errors always come from there. A differential test checks that
//! the two agree on every expression the fast path accepts.

use super::{DOM, DOW, HOUR, MINUTE, MONTH, SECOND, Spec, YEAR, is_blank, looks_like_year};
use crate::schedule::Frequency;
use crate::schedule::cron::{CronExpr, DayOfMonth, DayOfWeek, Field, Item, Spans};
use crate::schedule::error::ScheduleError;
use crate::schedule::zone::{Zone, lookup_zone};

/// Reads a cron expression: on the fast path when it can, else with the full parser.
///
/// Each field is read as its first item, a value the size of a register, and every item is
/// also noted in [`Reader::items`]. Without lists, the expression is built once, at the end,
/// directly in the value returned, from the first items; with lists it is built out of line
/// from the notes. Building each field on the way and moving it on, or keeping what was
/// read in memory for a call, would read back in wide loads bytes still on their way to
/// memory in narrow stores: a store-forwarding stall on every field.
#[inline(always)]
pub(super) fn cron(input: &str) -> Result<Frequency, ScheduleError> {
    let mut at = Reader::new(input);
    let Some(firsts) = at.expression(input) else {
        return super::cron(input).map(Frequency::Cron);
    };
    if at.lists {
        return match at.with_lists() {
            Some(expr) => Ok(Frequency::Cron(expr)),
            None => super::cron(input).map(Frequency::Cron),
        };
    }
    Ok(Frequency::Cron(firsts.expr()))
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

/// Items of an expression the fast path reads; longer expressions go to the full parser.
const ITEMS: usize = 32;

/// The bytes of the expression and the position of the next one to read.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Every item read, in order, for building lists.
    items: [Item; ITEMS],
    used: u8,
    /// For each field (second = 0 ... year = 6), where its items are in `items` and how
    /// many (none for `?` or a missing year).
    fields: [(u8, u8); 7],
    /// True when a field has more than one item.
    lists: bool,
    /// What [`Firsts`] holds besides items, for building lists.
    year_at: usize,
    zone: Option<Zone>,
}

impl<'a> Reader<'a> {
    fn new(input: &'a str) -> Reader<'a> {
        Reader {
            bytes: input.as_bytes(),
            pos: 0,
            items: [Item::All; ITEMS],
            used: 0,
            fields: [(0, 0); 7],
            lists: false,
            year_at: 0,
            zone: None,
        }
    }

    /// Reads the whole expression, or `None` to leave it to the full parser.
    #[inline(always)]
    fn expression(&mut self, input: &str) -> Option<Firsts> {
        self.skip_blanks();
        let second = self.field(&SECOND, 0)?;
        let minute = self.field(&MINUTE, 1)?;
        let hour = self.field(&HOUR, 2)?;
        let day_of_month = if self.lone_question_mark() {
            None
        } else {
            Some(self.field(&DOM, 3)?)
        };
        let month = self.field(&MONTH, 4)?;
        let day_of_week = if self.lone_question_mark() {
            None
        } else {
            Some(self.field(&DOW, 5)?)
        };
        let (mut year, mut year_at, mut zone) = (None, 0, None);
        if self.pos < self.bytes.len() {
            let start = self.pos;
            if looks_like_year(input.get(start..self.token_end())?) {
                year = Some(self.field(&YEAR, 6)?);
                year_at = start;
            }
        }
        if self.pos < self.bytes.len() {
            let (start, end) = (self.pos, self.token_end());
            zone = Some(lookup_zone(input.get(start..end)?)?);
            self.pos = end;
            self.skip_blanks();
            if self.pos < self.bytes.len() {
                return None;
            }
        }
        // Exactly one of the day fields is `?`, or both are a lone `*`.
        let lone_star = |first: Option<Item>, n: usize| {
            first == Some(Item::All) && self.fields.get(n).is_some_and(|(_, len)| *len == 1)
        };
        if day_of_month.is_none() == day_of_week.is_none()
            && !(lone_star(day_of_month, 3) && lone_star(day_of_week, 5))
        {
            return None;
        }
        (self.year_at, self.zone) = (year_at, zone);
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

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        self.pos += usize::from(hit);
        hit
    }

    fn skip_blanks(&mut self) {
        while self.peek().is_some_and(is_blank) {
            self.pos += 1;
        }
    }

    /// True at the end of the text or of a field.
    fn at_field_end(&self) -> bool {
        self.peek().is_none_or(is_blank)
    }

    /// Where the field that starts here ends.
    fn token_end(&self) -> usize {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        self.pos + rest.iter().position(|b| is_blank(*b)).unwrap_or(rest.len())
    }

    /// Consumes a field that is a lone `?`, and the blanks after it.
    fn lone_question_mark(&mut self) -> bool {
        let lone =
            self.peek() == Some(b'?') && self.bytes.get(self.pos + 1).is_none_or(|b| is_blank(*b));
        if lone {
            self.pos += 1;
            self.skip_blanks();
        }
        lone
    }

    /// A list field number `n` and the blanks after it: its first item. Every item is noted
    /// in `items`.
    #[inline(always)]
    fn field(&mut self, spec: &Spec, n: usize) -> Option<Item> {
        let from = self.used;
        let first = self.item(spec)?;
        self.note(first)?;
        while self.eat(b',') {
            let item = self.item(spec)?;
            self.note(item)?;
            self.lists = true;
        }
        if !self.at_field_end() {
            return None;
        }
        self.skip_blanks();
        *self.fields.get_mut(n)? = (from, self.used - from);
        Some(first)
    }

    fn note(&mut self, item: Item) -> Option<()> {
        *self.items.get_mut(usize::from(self.used))? = item;
        self.used += 1;
        Some(())
    }

    /// The expression built from the notes, for one with lists.
    #[inline(never)]
    fn with_lists(&self) -> Option<CronExpr> {
        let field = |n: usize| -> Option<Option<Field>> {
            let &(from, len) = self.fields.get(n)?;
            let from = usize::from(from);
            let items = self.items.get(from..from + usize::from(len))?;
            let Some((first, rest)) = items.split_first() else {
                return Some(None);
            };
            let mut field = Field::one(*first);
            for item in rest {
                field.push(*item);
            }
            Some(Some(field))
        };
        Some(CronExpr {
            second: field(0)??,
            minute: field(1)??,
            hour: field(2)??,
            day_of_month: field(3)?.map_or(DayOfMonth::Unspecified, DayOfMonth::Days),
            month: field(4)??,
            day_of_week: field(5)?.map_or(DayOfWeek::Unspecified, DayOfWeek::Days),
            year: field(6)?,
            zone: self.zone,
            spans: Spans { year: self.year_at },
        })
    }

    #[inline(always)]
    fn item(&mut self, spec: &Spec) -> Option<Item> {
        if self.eat(b'*') {
            return if self.eat(b'/') {
                Some(Item::AllStep(self.step(spec)?))
            } else {
                Some(Item::All)
            };
        }
        let start = self.value(spec)?;
        let end = if self.eat(b'-') {
            Some(self.value(spec)?).filter(|end| *end >= start)?
        } else {
            return Some(if self.eat(b'/') {
                Item::ValueStep(start, self.step(spec)?)
            } else {
                Item::Value(start)
            });
        };
        Some(if self.eat(b'/') {
            Item::RangeStep(start, end, self.step(spec)?)
        } else {
            Item::Range(start, end)
        })
    }

    /// A number or a name, within the field's limits.
    fn value(&mut self, spec: &Spec) -> Option<u16> {
        let v = if self.peek()?.is_ascii_digit() {
            self.number()?
        } else {
            self.name(spec)?
        };
        (spec.min..=spec.max).contains(&v).then_some(v)
    }

    fn step(&mut self, spec: &Spec) -> Option<u16> {
        self.number().filter(|n| (1..=spec.max).contains(n))
    }

    /// One to four digits without a leading zero.
    #[inline(always)]
    fn number(&mut self) -> Option<u16> {
        let start = self.pos;
        let mut n = 0_u16;
        while let Some(d) = self.peek().filter(u8::is_ascii_digit) {
            if self.pos - start == 4 {
                return None;
            }
            n = n * 10 + u16::from(d - b'0');
            self.pos += 1;
        }
        let len = self.pos - start;
        let leading_zero = len > 1 && self.bytes.get(start) == Some(&b'0');
        (len > 0 && !leading_zero).then_some(n)
    }

    /// A three-letter name of the field (any letter case), not followed by another letter.
    fn name(&mut self, spec: &Spec) -> Option<u16> {
        let word = self.bytes.get(self.pos..self.pos + 3)?;
        if self
            .bytes
            .get(self.pos + 3)
            .is_some_and(u8::is_ascii_alphabetic)
        {
            return None;
        }
        let index = spec
            .names
            .iter()
            .position(|name| name.as_bytes().eq_ignore_ascii_case(word))?;
        self.pos += 3;
        u16::try_from(index).ok().map(|i| spec.names_base + i)
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
        let ours = cron(text);
        if Reader::new(text).expression(text).is_none() {
            return false;
        }
        let full = super::super::cron(text)
            .unwrap_or_else(|e| panic!("fast path accepted {text:?}, full parser says {e}"));
        let Ok(Frequency::Cron(fast)) = ours else {
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
            assert!(cron(&text).is_ok(), "{text:?}");
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
        let items = 1 + rng.next() % 3 / 2;
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
            if rng.next() % 2 == 0 {
                fields.push(field(&mut rng, 1970, 2099, &[]));
            }
            if rng.next() % 2 == 0 {
                fields.push(rng.pick(&ZONES).to_owned());
            }
            if rng.next() % 16 == 0 {
                fields.push("0".to_owned());
            }
            if rng.next() % 16 == 0 {
                fields.pop();
            }
            let blank = rng.pick(&[" ", " ", "  ", "\t"]);
            let text = format!("{blank}{}", fields.join(blank));
            cases += 1;
            fast += usize::from(agree(&text));
        }
        // Enough of them take the fast path for the comparison to mean something.
        assert!(fast * 5 > cases, "{fast} of {cases} took the fast path");
    }
}
