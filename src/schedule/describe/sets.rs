//! The values of a field as a set, and the runs a reader sees in it.

use super::super::cron::Field;

/// The values of one field: bit `v - base` for value `v`, within `min..=max` (at most 192
/// values, enough for the years 1970-2099).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Set {
    words: [u64; 3],
    base: u16,
    min: u16,
    max: u16,
}

impl Set {
    /// The values of a field whose values are below 128.
    pub(super) fn of_field(field: &Field, min: u16, max: u16) -> Set {
        let bits = field.bits(min, max);
        // The two halves of the 128-bit set.
        Set {
            words: [bits as u64, (bits >> 64) as u64, 0],
            base: 0,
            min,
            max,
        }
    }

    /// The years of a year field.
    pub(super) fn of_years(field: &Field, min: u16, max: u16) -> Set {
        Set {
            words: field.year_bits(min, max),
            base: min,
            min,
            max,
        }
    }

    /// True when `v` is in the set.
    #[cfg(test)]
    pub(super) fn contains(&self, v: u16) -> bool {
        if v < self.base || v > self.max {
            return false;
        }
        let i = usize::from(v - self.base);
        self.words[i / 64] & (1 << (i % 64)) != 0
    }

    /// How many values.
    pub(super) fn count(&self) -> u32 {
        self.words.iter().map(|w| w.count_ones()).sum()
    }

    /// True when every value of the field is in the set.
    pub(super) fn is_full(&self) -> bool {
        self.count() == u32::from(self.max - self.min) + 1
    }

    /// The smallest value at or after `v`.
    pub(super) fn next_from(&self, v: u16) -> Option<u16> {
        let start = usize::from(v.max(self.base) - self.base);
        let mut w = start / 64;
        if w >= 3 {
            return None;
        }
        let mut word = self.words[w] & (u64::MAX << (start % 64));
        loop {
            if word != 0 {
                // At most 192 bits: the index fits in u16.
                let i = w * 64 + word.trailing_zeros() as usize;
                return Some(self.base + i as u16);
            }
            w += 1;
            if w == 3 {
                return None;
            }
            word = self.words[w];
        }
    }

    /// The values in ascending order.
    pub(super) fn values(&self) -> impl Iterator<Item = u16> + '_ {
        let mut next = self.next_from(self.min);
        std::iter::from_fn(move || {
            let v = next?;
            next = self.next_from(v + 1);
            Some(v)
        })
    }

    /// The whole set as one arithmetic progression, if it is one.
    pub(super) fn as_progression(&self) -> Option<Run> {
        let mut runs = self.runs(Runs::Progressions { min: 1 });
        let run = runs.next()?;
        runs.next().is_none().then_some(run)
    }

    /// The runs of the set, in ascending order, as `mode` cuts them.
    pub(super) fn runs(&self, mode: Runs) -> impl Iterator<Item = Run> + '_ {
        let mut next = self.next_from(self.min);
        std::iter::from_fn(move || {
            let first = next?;
            let Some(second) = self.next_from(first + 1) else {
                next = None;
                return Some(Run::single(first));
            };
            let (step, min) = match mode {
                Runs::Contiguous { min } => (1, min),
                Runs::Progressions { min } => (second - first, min),
            };
            if second - first != step {
                next = Some(second);
                return Some(Run::single(first));
            }
            // Extend while the very next value is one step on: the run is a slice of the values.
            let mut last = second;
            let mut count = 2u16;
            let mut after = self.next_from(last + 1);
            while after == Some(last + step) {
                last += step;
                count += 1;
                after = self.next_from(last + 1);
            }
            if count < min {
                // Too short to name as a run: the first value alone, the rest from the second.
                next = Some(second);
                return Some(Run::single(first));
            }
            next = after;
            Some(Run {
                first,
                last,
                step,
                count,
            })
        })
    }
}

/// How [`Set::runs`] cuts a set.
#[derive(Debug, Clone, Copy)]
pub(super) enum Runs {
    /// Runs of consecutive values, at least `min` long; shorter ones are single values.
    Contiguous { min: u16 },
    /// Arithmetic progressions, greedily from the smallest value, at least `min` long.
    Progressions { min: u16 },
}

/// `count` values from `first` to `last`, `step` apart (`step` is 0 for a single value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Run {
    pub(super) first: u16,
    pub(super) last: u16,
    pub(super) step: u16,
    pub(super) count: u16,
}

impl Run {
    fn single(v: u16) -> Run {
        Run {
            first: v,
            last: v,
            step: 0,
            count: 1,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::schedule::Item;

    fn set(items: &[Item], min: u16, max: u16) -> Set {
        Set::of_field(&Field::from_items(items), min, max)
    }

    fn runs(s: &Set, mode: Runs) -> Vec<(u16, u16, u16, u16)> {
        s.runs(mode)
            .map(|r| (r.first, r.last, r.step, r.count))
            .collect()
    }

    #[test]
    fn ok_runs_cut_a_set_into_slices() {
        // 0, 2, 3, 4, 10, 20, 30
        let s = set(
            &[
                Item::Value(0),
                Item::Range(2, 4),
                Item::RangeStep(10, 30, 10),
            ],
            0,
            59,
        );
        assert_eq!(
            runs(&s, Runs::Contiguous { min: 3 }),
            [
                (0, 0, 0, 1),
                (2, 4, 1, 3),
                (10, 10, 0, 1),
                (20, 20, 0, 1),
                (30, 30, 0, 1)
            ]
        );
        // 0, 2 (step 2) is too short, then 2, 3, 4; 10, 20, 30.
        assert_eq!(
            runs(&s, Runs::Progressions { min: 3 }),
            [(0, 0, 0, 1), (2, 4, 1, 3), (10, 30, 10, 3)]
        );
        assert_eq!(
            runs(&s, Runs::Contiguous { min: 1 }),
            [
                (0, 0, 0, 1),
                (2, 4, 1, 3),
                (10, 10, 0, 1),
                (20, 20, 0, 1),
                (30, 30, 0, 1)
            ]
        );
        assert_eq!(s.as_progression(), None);
        assert_eq!(s.count(), 7);
        assert_eq!(
            set(&[Item::ValueStep(3, 7)], 0, 59).as_progression(),
            Some(Run {
                first: 3,
                last: 59,
                step: 7,
                count: 9
            })
        );
    }

    #[test]
    fn ok_years_span_three_words() {
        let years = Set::of_years(&Field::one(Item::ValueStep(2028, 2)), 1970, 2099);
        assert_eq!(years.count(), 36);
        assert!(years.contains(2098) && !years.contains(2099) && !years.contains(2027));
        assert_eq!(
            years.as_progression(),
            Some(Run {
                first: 2028,
                last: 2098,
                step: 2,
                count: 36
            })
        );
        assert!(!years.is_full());
        assert!(Set::of_years(&Field::one(Item::All), 1970, 2099).is_full());
        assert_eq!(years.values().last(), Some(2098));
    }
}
