//! The cron AST: what an expression says, field by field, before it is compiled.

use std::fmt;

use super::zone::Zone;

/// One entry of a comma-separated list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Item {
    /// `*`: every value of the field.
    All,
    /// `v`.
    Value(u16),
    /// `a-b`, `a <= b`.
    Range(u16, u16),
    /// `*/n`: from the field's minimum to its maximum, every `n`.
    AllStep(u16),
    /// `a/n`: from `a` to the field's maximum, every `n`.
    ValueStep(u16, u16),
    /// `a-b/n`: from `a` to `b`, every `n`.
    RangeStep(u16, u16, u16),
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Item::All => f.write_str("*"),
            Item::Value(v) => write!(f, "{v}"),
            Item::Range(a, b) => write!(f, "{a}-{b}"),
            Item::AllStep(n) => write!(f, "*/{n}"),
            Item::ValueStep(a, n) => write!(f, "{a}/{n}"),
            Item::RangeStep(a, b, n) => write!(f, "{a}-{b}/{n}"),
        }
    }
}

/// A list field: one or more [`Item`]s. Month and day-of-week names are stored as numbers.
#[derive(Debug, Clone)]
pub struct Field(Items);

/// The items of a field: nearly every field has one, kept in place; a list is on the heap.
/// In place, a field is two words, so an expression is small to build, move and drop.
#[derive(Debug, Clone)]
enum Items {
    One(Item),
    List(Box<[Item]>),
}

impl PartialEq for Field {
    fn eq(&self, other: &Field) -> bool {
        self.items() == other.items()
    }
}

impl Eq for Field {}

impl std::hash::Hash for Field {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.items().hash(state);
    }
}

impl Field {
    /// A field of one item.
    #[inline(always)]
    pub(crate) fn one(item: Item) -> Field {
        Field(Items::One(item))
    }

    /// A field of the items of a list the grammar read: at least one.
    pub(crate) fn from_items(items: &[Item]) -> Field {
        debug_assert!(!items.is_empty(), "a field has at least one item");
        match items {
            [one] => Field::one(*one),
            _ => Field(Items::List(items.into())),
        }
    }

    /// The items, in the order written.
    pub fn items(&self) -> &[Item] {
        match &self.0 {
            Items::One(item) => std::slice::from_ref(item),
            Items::List(items) => items,
        }
    }

    /// True for a lone `*`.
    #[inline]
    pub fn is_all(&self) -> bool {
        match &self.0 {
            Items::One(item) => *item == Item::All,
            Items::List(items) => **items == [Item::All],
        }
    }

    /// The values of each item within `min..=max` as `(first, last, step)`. The grammar keeps
    /// every value within the field's limits and every step at least 1, and only the grammar
    /// builds fields.
    fn spans(&self, min: u16, max: u16) -> impl Iterator<Item = (u16, u16, u16)> + '_ {
        self.items().iter().map(move |item| {
            let (start, end, step) = match *item {
                Item::All => (min, max, 1),
                Item::Value(v) => (v, v, 1),
                Item::Range(a, b) => (a, b, 1),
                Item::AllStep(n) => (min, max, n),
                Item::ValueStep(a, n) => (a, max, n),
                Item::RangeStep(a, b, n) => (a, b, n),
            };
            debug_assert!(
                min <= start && end <= max && step >= 1,
                "{item:?} is outside {min}-{max}"
            );
            (start, end, step)
        })
    }

    /// The values of the field, a field whose values are below 128, as a bit set (bit `v` for
    /// value `v`).
    pub(crate) fn bits(&self, min: u16, max: u16) -> u128 {
        debug_assert!(max < 128, "bit sets hold values below 128");
        let mut bits = 0u128;
        for (first, last, step) in self.spans(min, max) {
            if first > last {
                continue;
            }
            if step == 1 {
                // Bits `first..=last` at once.
                bits |= (u128::MAX >> (127 - last)) & (u128::MAX << first);
            } else {
                for v in (first..=last).step_by(usize::from(step)) {
                    bits |= 1u128 << v;
                }
            }
        }
        bits
    }

    /// The years of the field as a bit set indexed from `min` (at most 192 years).
    pub(crate) fn year_bits(&self, min: u16, max: u16) -> [u64; 3] {
        debug_assert!(max - min < 192, "three words hold 192 years");
        let mut bits = [0u64; 3];
        for (first, last, step) in self.spans(min, max) {
            if first > last {
                continue;
            }
            let (lo, hi) = (usize::from(first - min), usize::from(last - min));
            if step == 1 {
                // Each word's share of `lo..=hi` at once.
                for (w, word) in bits.iter_mut().enumerate() {
                    let base = 64 * w;
                    if hi < base || lo > base + 63 {
                        continue;
                    }
                    let (a, b) = (lo.max(base) - base, hi.min(base + 63) - base);
                    *word |= (u64::MAX >> (63 - b)) & (u64::MAX << a);
                }
            } else {
                // `i <= hi < 192`: three words.
                for i in (lo..=hi).step_by(usize::from(step)) {
                    bits[i / 64] |= 1u64 << (i % 64);
                }
            }
        }
        bits
    }

    /// The values the items name explicitly (the start of each item other than `*`), for the
    /// year rule.
    pub(crate) fn explicit_values(&self) -> impl Iterator<Item = u16> + '_ {
        self.items().iter().filter_map(|item| match *item {
            Item::All | Item::AllStep(_) => None,
            Item::Value(v)
            | Item::Range(v, _)
            | Item::ValueStep(v, _)
            | Item::RangeStep(v, _, _) => Some(v),
        })
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, item) in self.items().iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{item}")?;
        }
        Ok(())
    }
}

/// The day-of-month field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DayOfMonth {
    /// `?`: no specific value (day-of-week decides).
    Unspecified,
    /// A list of days 1-31.
    Days(Field),
    /// `L`: the last day of the month.
    Last,
    /// `LW`: the last weekday (Monday to Friday) of the month.
    LastWeekday,
    /// `nW`: the weekday nearest to day `n`, never leaving the month.
    NearestWeekday(u8),
}

impl fmt::Display for DayOfMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DayOfMonth::Unspecified => f.write_str("?"),
            DayOfMonth::Days(field) => write!(f, "{field}"),
            DayOfMonth::Last => f.write_str("L"),
            DayOfMonth::LastWeekday => f.write_str("LW"),
            DayOfMonth::NearestWeekday(n) => write!(f, "{n}W"),
        }
    }
}

/// The day-of-week field, 1 = Monday ... 7 = Sunday (Cloud Assistant's numbering).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DayOfWeek {
    /// `?`: no specific value (day-of-month decides).
    Unspecified,
    /// A list of weekdays 1-7 (a bare `L` is stored as 7, Sunday).
    Days(Field),
    /// `nL`: the last weekday `n` of the month.
    Last(u8),
    /// `n#k`: the `k`-th weekday `n` of the month, `k` 1-5.
    Nth {
        /// The weekday, 1 = Monday.
        weekday: u8,
        /// Which one, 1-5.
        nth: u8,
    },
}

impl fmt::Display for DayOfWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DayOfWeek::Unspecified => f.write_str("?"),
            DayOfWeek::Days(field) => write!(f, "{field}"),
            DayOfWeek::Last(n) => write!(f, "{n}L"),
            DayOfWeek::Nth { weekday, nth } => write!(f, "{weekday}#{nth}"),
        }
    }
}

/// A Cloud Assistant cron expression:
///
/// ```text
/// {second} {minute} {hour} {day-of-month} {month} {day-of-week} [{year}] [{zone}]
/// ```
///
/// Parse it with [`Frequency`](super::Frequency); `Display` prints the canonical form (numbers
/// for names, no leading zeros, one space between fields). Two expressions are equal when
/// they say the same thing, field by field: where the fields stood in the text is not
/// compared.
#[derive(Debug, Clone)]
pub struct CronExpr {
    pub(crate) second: Field,
    pub(crate) minute: Field,
    pub(crate) hour: Field,
    pub(crate) day_of_month: DayOfMonth,
    pub(crate) month: Field,
    pub(crate) day_of_week: DayOfWeek,
    pub(crate) year: Option<Field>,
    pub(crate) zone: Option<Zone>,
    /// Where fields stood, for errors found after parsing; not part of the value.
    pub(crate) spans: Spans,
}

/// Where fields stood in the parsed text, for errors found after parsing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spans {
    /// Byte offset of the year field (0 when there is none).
    pub(crate) year: usize,
}

impl CronExpr {
    /// The fields that make up the value: everything but [`Spans`]. Destructured, so that a
    /// field added later cannot be left out of equality and hashing unnoticed.
    #[allow(clippy::type_complexity)]
    fn value(
        &self,
    ) -> (
        &Field,
        &Field,
        &Field,
        &DayOfMonth,
        &Field,
        &DayOfWeek,
        &Option<Field>,
        &Option<Zone>,
    ) {
        let CronExpr {
            second,
            minute,
            hour,
            day_of_month,
            month,
            day_of_week,
            year,
            zone,
            spans: _,
        } = self;
        (
            second,
            minute,
            hour,
            day_of_month,
            month,
            day_of_week,
            year,
            zone,
        )
    }
}

impl PartialEq for CronExpr {
    fn eq(&self, other: &CronExpr) -> bool {
        self.value() == other.value()
    }
}

impl Eq for CronExpr {}

impl std::hash::Hash for CronExpr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value().hash(state);
    }
}

impl CronExpr {
    /// The seconds field.
    pub fn second(&self) -> &Field {
        &self.second
    }
    /// The minutes field.
    pub fn minute(&self) -> &Field {
        &self.minute
    }
    /// The hours field.
    pub fn hour(&self) -> &Field {
        &self.hour
    }
    /// The day-of-month field.
    pub fn day_of_month(&self) -> &DayOfMonth {
        &self.day_of_month
    }
    /// The month field.
    pub fn month(&self) -> &Field {
        &self.month
    }
    /// The day-of-week field.
    pub fn day_of_week(&self) -> &DayOfWeek {
        &self.day_of_week
    }
    /// The year field, if written.
    pub fn year(&self) -> Option<&Field> {
        self.year.as_ref()
    }
    /// The time zone, if written; without one the schedule runs in the instance's zone.
    pub fn zone(&self) -> Option<&Zone> {
        self.zone.as_ref()
    }
}

impl fmt::Display for CronExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {} {} {}",
            self.second, self.minute, self.hour, self.day_of_month, self.month, self.day_of_week
        )?;
        if let Some(year) = &self.year {
            write!(f, " {year}")?;
        }
        if let Some(zone) = &self.zone {
            write!(f, " {zone}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::{Field, Item};

    /// Every value an item selects, one by one.
    fn naive(item: Item, min: u16, max: u16) -> Vec<u16> {
        let (a, b, n) = match item {
            Item::All => (min, max, 1),
            Item::Value(v) => (v, v, 1),
            Item::Range(a, b) => (a, b, 1),
            Item::AllStep(n) => (min, max, n),
            Item::ValueStep(a, n) => (a, max, n),
            Item::RangeStep(a, b, n) => (a, b, n),
        };
        (a..=b).step_by(usize::from(n)).collect()
    }

    fn items(min: u16, max: u16) -> Vec<Item> {
        let mut all = vec![Item::All];
        for a in (min..=max).step_by(7) {
            all.push(Item::Value(a));
            for n in [1, 2, 5, 13, 64] {
                all.push(Item::ValueStep(a, n));
                all.push(Item::AllStep(n));
            }
            for b in (a..=max).step_by(11) {
                all.push(Item::Range(a, b));
                all.push(Item::RangeStep(a, b, 3));
            }
        }
        all.push(Item::Range(max, max));
        all
    }

    #[test]
    fn ok_bits_match_value_by_value() {
        for (min, max) in [(0, 59), (0, 23), (1, 31), (1, 12), (1, 7)] {
            for item in items(min, max) {
                let expected = naive(item, min, max)
                    .into_iter()
                    .fold(0u128, |acc, v| acc | 1 << v);
                assert_eq!(Field::one(item).bits(min, max), expected, "{item:?}");
            }
        }
    }

    /// Where the fields stood is kept for errors but is not part of the value.
    #[test]
    fn ok_equality_and_hash_leave_positions_out() {
        use crate::schedule::Frequency;
        use std::hash::{BuildHasher, RandomState};
        let parse = |text: &str| match Frequency::parse(text) {
            Ok(Frequency::Cron(expr)) => expr,
            other => panic!("{text:?}: {other:?}"),
        };
        let a = parse("0 0 0 * * ? 2030");
        let b = parse("  0  0 0 * * ?\t2030");
        assert_ne!((a.spans.year, b.spans.year), (12, 12));
        assert_eq!((a.spans.year, b.spans.year), (12, 15));
        assert_eq!(a, b);
        let hasher = RandomState::new();
        assert_eq!(hasher.hash_one(&a), hasher.hash_one(&b));
        // What the expression says still counts.
        assert_ne!(a, parse("0 0 0 * * ? 2031"));
        assert_ne!(a, parse("0 0 0 * * ? 2030 UTC"));
    }

    #[test]
    fn ok_year_bits_match_value_by_value() {
        let (min, max) = (1970, 2099);
        for item in items(min, max) {
            let mut expected = [0u64; 3];
            for v in naive(item, min, max) {
                let i = usize::from(v - min);
                expected[i / 64] |= 1 << (i % 64);
            }
            assert_eq!(Field::one(item).year_bits(min, max), expected, "{item:?}");
        }
    }
}
