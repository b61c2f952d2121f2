//! Descriptions of a Frequency that people can read, in English and Chinese.
//!
//! ```
//! use ecs_runcommand::schedule::{Frequency, Lang};
//! let f: Frequency = "0 0/30 10-11 * * ? 2030 GMT+8:00".parse()?;
//! assert_eq!(
//!     f.describe(Lang::En),
//!     "Every 30 minutes from 10:00:00 through 11:30:00, every day, in 2030 (GMT+8:00)"
//! );
//! assert_eq!(
//!     f.describe(Lang::ZhCn),
//!     "按 GMT+8:00 时间，2030 年，每天 10:00:00 至 11:30:00 每 30 分钟"
//! );
//! # Ok::<(), ecs_runcommand::schedule::ScheduleError>(())
//! ```
//!
//! A description is exact: a reader can tell from it every fire time, so two Frequencies whose
//! fire times differ never share one (equal schedules written differently may). It is prose:
//! no cron notation, times as `10:15:00`, dates as `2030-06-06`, zones as written.
//!
//! One walk over the expression builds a plan that says nothing of any language: which shape
//! each part has (one time, a window of times a step apart, a list; a day of the month, the
//! third Friday, ...). Each language is one [`Table`] of words, templates, list punctuation,
//! plural forms and the order of the parts; rendering fills the plan into the table. A third
//! language is one more table.
//!
//! The time of day is read as a whole: the seconds, minutes and hours fields together give the
//! times of one day, which are named as one time, a short list of times, or a few windows
//! (`every 30 minutes from 10:00:00 through 11:30:00`); only when more than six of those
//! would be needed are the three fields named one by one.

mod en;
mod sets;
mod zh_cn;

use std::fmt;
use std::str::FromStr;

use super::cron::{CronExpr, DayOfMonth, DayOfWeek};
use super::grammar::{YEAR_MAX, YEAR_MIN};
use super::{At, Frequency, Rate, RateUnit, Zone};
use sets::{Run, Runs, Set};

/// A language of descriptions.
///
/// ```
/// use ecs_runcommand::schedule::Lang;
/// assert_eq!("zh-CN".parse::<Lang>()?, Lang::ZhCn);
/// assert_eq!(Lang::ZhCn.to_string(), "zh-CN");
/// assert!("fr".parse::<Lang>().is_err());
/// # Ok::<(), ecs_runcommand::schedule::UnknownLang>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English, `en`.
    #[default]
    En,
    /// Simplified Chinese, `zh-CN`.
    ZhCn,
}

impl Lang {
    /// Every language, in the order of their tags.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The language tag: `en` or `zh-CN`.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    fn table(self) -> &'static Table {
        match self {
            Lang::En => &en::TABLE,
            Lang::ZhCn => &zh_cn::TABLE,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl FromStr for Lang {
    type Err = UnknownLang;

    /// A tag of [`Lang::ALL`]; letter case does not matter (`zh-cn` is `zh-CN`).
    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        Lang::ALL
            .into_iter()
            .find(|lang| lang.tag().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownLang {
                found: super::error::shorten(s),
            })
    }
}

/// A language tag that is not one of [`Lang::ALL`] (API code `InvalidParameter`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLang {
    found: String,
}

impl UnknownLang {
    /// The tag as given (shortened when long).
    pub fn found(&self) -> &str {
        &self.found
    }
}

impl fmt::Display for UnknownLang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "lang: `{}` is not en or zh-CN", self.found)
    }
}

impl std::error::Error for UnknownLang {}

impl Frequency {
    /// Describes the schedule in `lang`: what a person needs to know before it runs, in prose.
    ///
    /// Pure and clock-free: an expression whose years have passed is described all the same
    /// ([`Frequency::validate`] is what rejects it). Two Frequencies whose fire times differ
    /// never get the same description; a cron expression without a zone says that it runs in
    /// the instance's time zone, an `at` without one that it is UTC.
    ///
    /// # Example
    /// ```
    /// use ecs_runcommand::schedule::{Frequency, Lang};
    /// let f: Frequency = "0 15 10 ? * 5L".parse()?;
    /// assert_eq!(
    ///     f.describe(Lang::En),
    ///     "At 10:15:00, on the last Friday of the month, in the instance's time zone"
    /// );
    /// assert_eq!(f.describe(Lang::ZhCn), "按实例所在时区，每月最后一个星期五 10:15:00");
    /// let f: Frequency = "rate(90s)".parse()?;
    /// assert_eq!(f.describe(Lang::ZhCn), "每 90 秒一次，首次在创建 90 秒后");
    /// # Ok::<(), ecs_runcommand::schedule::ScheduleError>(())
    /// ```
    pub fn describe(&self, lang: Lang) -> String {
        let mut out = Out::new(lang.table());
        match self {
            Frequency::Rate(rate) => out.rate(rate),
            Frequency::At(at) => out.at(at),
            Frequency::Cron(expr) => out.cron(&plan(expr)),
        }
        out.finish()
    }
}

// ---------------------------------------------------------------------------------------------
// The plan: what the expression says, part by part, in no language.

/// The most items (single times and windows) the time of day is named with before the three
/// fields are named one by one.
const MAX_TIME_ITEMS: usize = 6;

/// A field set is named as a step (`every 3 days from day 1 through day 31`) from this many
/// values on; fewer are listed.
const STEP_MIN: u16 = 5;

const DAY_SECS: u32 = 86_400;

/// What a cron expression says, part by part.
#[derive(Debug)]
struct Plan {
    time: TimePlan,
    days: DaysPlan,
    /// `None`: every month.
    months: Option<Set>,
    /// `None`: every year (up to 2099, as every schedule).
    years: Option<Set>,
    /// `None`: the instance's time zone.
    zone: Option<Zone>,
}

/// The times of one day.
#[derive(Debug)]
enum TimePlan {
    /// The whole day from midnight, `step` seconds apart.
    Cycle { step: u32 },
    /// Every minute, at this second (1-59).
    MinuteAt(u32),
    /// Every hour, at this minute (1-59) and second 0.
    HourAt(u32),
    /// Single times and windows, in order.
    Items(Segs),
    /// Too many items: the three fields one by one.
    Fields { second: Set, minute: Set, hour: Set },
}

/// `count` times of day (seconds from midnight) from `first` to `last`, `step` apart.
#[derive(Debug, Clone, Copy, Default)]
struct Seg {
    first: u32,
    last: u32,
    step: u32,
    count: u32,
}

impl Seg {
    fn single(t: u32) -> Seg {
        Seg {
            first: t,
            last: t,
            step: 0,
            count: 1,
        }
    }

    /// The segment repeats on a cycle of `n` with no gap: its next value would be the first
    /// of the next cycle.
    fn is_cycle_of(&self, n: u32) -> bool {
        self.count >= 2
            && n.is_multiple_of(self.step)
            && self.first < self.step
            && self.last + self.step == n + self.first
    }
}

/// Up to [`MAX_SEGS`] segments, in order.
#[derive(Debug, Clone, Copy)]
struct Segs {
    items: [Seg; MAX_SEGS],
    len: usize,
}

/// Room while segments are built (two-value windows split into two items afterwards).
const MAX_SEGS: usize = 2 * MAX_TIME_ITEMS;

impl Segs {
    fn new() -> Segs {
        Segs {
            items: [Seg::default(); MAX_SEGS],
            len: 0,
        }
    }

    /// Adds a segment; `None` when there is no room.
    fn push(&mut self, seg: Seg) -> Option<()> {
        let slot = self.items.get_mut(self.len)?;
        *slot = seg;
        self.len += 1;
        Some(())
    }

    fn as_slice(&self) -> &[Seg] {
        debug_assert!(self.len <= MAX_SEGS);
        &self.items[..self.len]
    }
}

/// Which days.
#[derive(Debug)]
enum DaysPlan {
    EveryDay,
    /// Days of the month (not all of them).
    MonthDays(Set),
    LastDay,
    LastWeekday,
    /// The weekday nearest to this day of the month.
    Nearest(u8),
    /// Days of the week, 1 = Monday (not all of them).
    Weekdays(Set),
    /// The last such weekday of the month.
    LastOf(u8),
    /// The `nth` such weekday of the month.
    Nth {
        weekday: u8,
        nth: u8,
    },
}

/// The one walk over a cron expression.
fn plan(expr: &CronExpr) -> Plan {
    let second = Set::of_field(expr.second(), 0, 59);
    let minute = Set::of_field(expr.minute(), 0, 59);
    let hour = Set::of_field(expr.hour(), 0, 23);
    let days = match (expr.day_of_month(), expr.day_of_week()) {
        (DayOfMonth::Days(field), _) if !field.is_all() => {
            let set = Set::of_field(field, 1, 31);
            if set.is_full() {
                DaysPlan::EveryDay
            } else {
                DaysPlan::MonthDays(set)
            }
        }
        (DayOfMonth::Last, _) => DaysPlan::LastDay,
        (DayOfMonth::LastWeekday, _) => DaysPlan::LastWeekday,
        (DayOfMonth::NearestWeekday(n), _) => DaysPlan::Nearest(*n),
        (_, DayOfWeek::Days(field)) if !field.is_all() => {
            let set = Set::of_field(field, 1, 7);
            if set.is_full() {
                DaysPlan::EveryDay
            } else {
                DaysPlan::Weekdays(set)
            }
        }
        (_, DayOfWeek::Last(weekday)) => DaysPlan::LastOf(*weekday),
        (_, DayOfWeek::Nth { weekday, nth }) => DaysPlan::Nth {
            weekday: *weekday,
            nth: *nth,
        },
        // `*` or `?` in both.
        _ => DaysPlan::EveryDay,
    };
    let months = Some(Set::of_field(expr.month(), 1, 12)).filter(|set| !set.is_full());
    let years = expr
        .year()
        .map(|field| Set::of_years(field, YEAR_MIN, YEAR_MAX))
        .filter(|set| !set.is_full());
    Plan {
        time: time_plan(second, minute, hour),
        days,
        months,
        years,
        zone: expr.zone().copied(),
    }
}

/// The times of one day, from the three fields.
fn time_plan(second: Set, minute: Set, hour: Set) -> TimePlan {
    let fields = || TimePlan::Fields {
        second,
        minute,
        hour,
    };
    let Some(segs) = time_segs(&second, &minute, &hour) else {
        return fields();
    };
    // Two values a step apart read better as two times.
    let mut items = Segs::new();
    for seg in segs.as_slice() {
        let pushed = if seg.count == 2 {
            items
                .push(Seg::single(seg.first))
                .and_then(|()| items.push(Seg::single(seg.last)))
        } else {
            items.push(*seg)
        };
        if pushed.is_none() || items.len > MAX_TIME_ITEMS {
            return fields();
        }
    }
    if let [seg] = items.as_slice()
        && seg.is_cycle_of(DAY_SECS)
    {
        if seg.first == 0 {
            return TimePlan::Cycle { step: seg.step };
        }
        if seg.step == 60 {
            return TimePlan::MinuteAt(seg.first);
        }
        if seg.step == 3600 && seg.first % 60 == 0 {
            return TimePlan::HourAt(seg.first / 60);
        }
    }
    TimePlan::Items(items)
}

/// The times of one day as segments, the seconds within a minute first, then the minutes
/// within an hour, then the hours; `None` when they need more than [`MAX_SEGS`].
fn time_segs(second: &Set, minute: &Set, hour: &Set) -> Option<Segs> {
    let mut segs = Segs::new();
    for run in progressions(second) {
        segs.push(seg_of(run, 1, 0))?;
    }
    let mut within_hour = Segs::new();
    combine(minute, 60, &segs, &mut within_hour)?;
    let mut day = Segs::new();
    combine(hour, 3600, &within_hour, &mut day)?;
    Some(day)
}

/// The progressions of a set: the whole set when it is one (two values are one too, so that
/// `0,30` minutes can continue over the hours), else runs of three or more.
fn progressions(set: &Set) -> impl Iterator<Item = Run> + '_ {
    let whole = set.as_progression();
    let runs = set
        .runs(Runs::Progressions { min: 3 })
        .filter(move |_| whole.is_none());
    whole.into_iter().chain(runs)
}

/// A run of field values scaled to seconds (`unit` seconds a value), plus `offset`.
fn seg_of(run: Run, unit: u32, offset: u32) -> Seg {
    Seg {
        first: u32::from(run.first) * unit + offset,
        last: u32::from(run.last) * unit + offset,
        step: u32::from(run.step) * unit,
        count: u32::from(run.count),
    }
}

/// The segments of `outer × inner` into `segs`: each outer value (`n` seconds of the inner
/// cycle) with the inner segments within it; `None` when they do not fit.
fn combine(outer: &Set, n: u32, inner: &Segs, segs: &mut Segs) -> Option<()> {
    match inner.as_slice() {
        // The inner cycle is full: consecutive outer values continue the same window.
        [seg] if seg.is_cycle_of(n) => {
            for run in outer.runs(Runs::Contiguous { min: 1 }) {
                segs.push(Seg {
                    first: u32::from(run.first) * n + seg.first,
                    last: u32::from(run.last) * n + seg.last,
                    step: seg.step,
                    count: u32::from(run.count) * seg.count,
                })?;
            }
        }
        // One inner value: the outer field's own progressions, scaled.
        [seg] if seg.count == 1 => {
            for run in progressions(outer) {
                segs.push(seg_of(run, n, seg.first))?;
            }
        }
        inner => {
            for value in outer.values() {
                for seg in inner {
                    let base = u32::from(value) * n;
                    segs.push(Seg {
                        first: base + seg.first,
                        last: base + seg.last,
                        ..*seg
                    })?;
                }
            }
        }
    }
    Some(())
}

// ---------------------------------------------------------------------------------------------
// The tables: one per language.

/// Everything that differs between languages. Templates hold placeholders `{x}`, named in the
/// comment of each field; every other character is written as it stands.
#[derive(Debug)]
pub(crate) struct Table {
    /// Put a space between a CJK character and an ASCII letter or digit (`每 5 秒`).
    pub(crate) cjk_spacing: bool,
    /// Write the first letter of a description in upper case.
    pub(crate) capitalize: bool,
    /// A list of values: between two, between the others, before the last.
    pub(crate) list: List,
    /// A list of single times and windows that are not all single times.
    pub(crate) time_list: List,
    /// Second, minute, hour, day.
    pub(crate) units: [Unit; 4],
    /// Every unit: `{u}` the unit (one).
    pub(crate) every_one: &'static str,
    /// Every `n` units: `{n}`, `{u}` the unit (many).
    pub(crate) every_many: &'static str,
    /// An amount of time: `{n}`, `{u}` the unit (one or many by `n`).
    pub(crate) amount: &'static str,
    /// A rate: `{e}` its every-phrase, `{d}` its interval as an amount.
    pub(crate) rate: &'static str,
    /// An `at` with a zone: `{a}` the date, `{t}` the time, `{z}` the zone.
    pub(crate) at_zone: &'static str,
    /// An `at` without a zone (UTC): `{a}` the date, `{t}` the time.
    pub(crate) at_utc: &'static str,
    /// A cron expression: `{t}` times of day, `{d}` days, `{y}` years, `{z}` zone.
    pub(crate) cron: &'static str,
    /// A cron expression that runs all day long, every day: as `cron` without `{d}`.
    pub(crate) cron_all_days: &'static str,
    /// One time of day: `{t}`.
    pub(crate) time_once: &'static str,
    /// Every minute at second `{a}`.
    pub(crate) minute_at: &'static str,
    /// Every hour at minute `{a}`.
    pub(crate) hour_at: &'static str,
    /// A window: `{e}` its every-phrase, `{a}` first and `{b}` last time.
    pub(crate) window: &'static str,
    /// A window right after one of the same step: `{a}`, `{b}`; `None`: as `window`.
    pub(crate) window_again: Option<&'static str>,
    /// Only single times: `{l}` their list.
    pub(crate) times: &'static str,
    /// The fields one by one: `{s}` seconds, `{m}` minutes, `{h}` hours.
    pub(crate) fields: &'static str,
    /// As `fields`, at second 0: `{m}` minutes, `{h}` hours.
    pub(crate) fields_second_0: &'static str,
    /// The seconds, minutes and hours fields.
    pub(crate) second: Words,
    /// See `second`.
    pub(crate) minute: Words,
    /// See `second`.
    pub(crate) hour: Words,
    /// Every day: `{m}` the plain months.
    pub(crate) every_day: &'static str,
    /// Days of the month: `{m}` the months as a whole.
    pub(crate) month_days: Words,
    /// Days of the week: `{m}` the plain months.
    pub(crate) weekdays: Words,
    /// The last day of `{m}`.
    pub(crate) last_day: &'static str,
    /// The last weekday (Monday to Friday) of `{m}`.
    pub(crate) last_weekday: &'static str,
    /// The weekday nearest to day `{a}` of `{m}`.
    pub(crate) nearest: &'static str,
    /// The last weekday `{w}` of `{m}`.
    pub(crate) last_of: &'static str,
    /// The `{o}` (ordinal) weekday `{w}` of `{m}`.
    pub(crate) nth: &'static str,
    /// Weekday names, Monday first, when a month counts them (`{w}`).
    pub(crate) weekday_of_month: [&'static str; 7],
    /// First to fifth.
    pub(crate) ordinals: [&'static str; 5],
    /// Months as a whole, `{l}` their list: every month, some months.
    pub(crate) months_whole: (&'static str, &'static str),
    /// Months around days of the week or every day: every month, some (`{l}`).
    pub(crate) months_plain: (&'static str, &'static str),
    /// Month names or numbers.
    pub(crate) month_items: Items,
    /// Years: `{l}` their list.
    pub(crate) years: &'static str,
    /// Years that are one step: `{l}` the step.
    pub(crate) years_stepped: &'static str,
    /// Year items; the step items: `{a}`, `{b}`, `{n}`.
    pub(crate) year_items: Items,
    /// A step of years to 2099: `{a}` the first, `{n}` the step.
    pub(crate) year_step_open: &'static str,
    /// A step of years: `{a}`, `{b}`, `{n}`.
    pub(crate) year_step: &'static str,
    /// A cron zone: `{z}` as written.
    pub(crate) zone: &'static str,
    /// A cron expression without a zone.
    pub(crate) zone_instance: &'static str,
}

/// List punctuation.
#[derive(Debug)]
pub(crate) struct List {
    /// Between the two items of a list of two.
    pub(crate) pair: &'static str,
    /// Between items, but before the last.
    pub(crate) sep: &'static str,
    /// Before the last item of three or more.
    pub(crate) last: &'static str,
}

/// A unit of time, one and many.
#[derive(Debug)]
pub(crate) struct Unit {
    pub(crate) one: &'static str,
    pub(crate) many: &'static str,
}

/// How the values of a field are named.
#[derive(Debug)]
pub(crate) struct Words {
    /// Every value (unused where "every value" is said elsewhere).
    pub(crate) all: &'static str,
    /// One value: `{l}`.
    pub(crate) one: &'static str,
    /// Several: `{l}` their list.
    pub(crate) many: &'static str,
    /// A step over [`STEP_MIN`] or more values: `{a}`, `{b}`, `{n}`; `None`: listed.
    pub(crate) step: Option<&'static str>,
    /// The items of the list.
    pub(crate) items: Items,
}

/// The items of a list of values.
#[derive(Debug)]
pub(crate) struct Items {
    /// One value `{a}`.
    pub(crate) single: &'static str,
    /// Consecutive values `{a}` to `{b}` (three or more).
    pub(crate) range: &'static str,
    /// Names of the values from `names.0` on; empty: numbers.
    pub(crate) names: (u16, &'static [&'static str]),
}

// ---------------------------------------------------------------------------------------------
// Rendering: the plan filled into a table.

/// The description being written.
struct Out {
    text: String,
    table: &'static Table,
}

/// What a placeholder of a template stands for.
type Fill<'a> = &'a mut dyn FnMut(&mut Out, u8);

impl Out {
    fn new(table: &'static Table) -> Out {
        Out {
            text: String::with_capacity(128),
            table,
        }
    }

    fn finish(mut self) -> String {
        if self.table.capitalize
            && let Some(first) = self.text.get_mut(..1)
        {
            first.make_ascii_uppercase();
        }
        self.text
    }

    /// Writes `piece`, with a space first where CJK text meets ASCII letters or digits.
    fn push(&mut self, piece: &str) {
        if self.table.cjk_spacing
            && let Some(first) = piece.chars().next()
        {
            self.space_before(first);
        }
        self.text.push_str(piece);
    }

    /// Writes ASCII bytes (digits and punctuation), as [`Out::push`] does.
    fn push_ascii(&mut self, bytes: &[u8]) {
        debug_assert!(bytes.is_ascii());
        if self.table.cjk_spacing
            && let Some(first) = bytes.first()
        {
            self.space_before(char::from(*first));
        }
        self.text.extend(bytes.iter().map(|b| char::from(*b)));
    }

    /// A space where CJK text is followed by an ASCII letter or digit, or the other way round.
    fn space_before(&mut self, next: char) {
        if let Some(last) = self.text.chars().next_back()
            && ((is_cjk(last) && next.is_ascii_alphanumeric())
                || (last.is_ascii_alphanumeric() && is_cjk(next)))
        {
            self.text.push(' ');
        }
    }

    fn number(&mut self, n: u64) {
        if n < 10 {
            // Most numbers of a description are one digit or two.
            self.push_ascii(&[b'0' + n as u8]);
            return;
        }
        if n < 100 {
            self.push_ascii(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
            return;
        }
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let mut n = n;
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.push_ascii(&buf[i..]);
    }

    /// `HH:MM:SS` of seconds from midnight.
    fn time(&mut self, secs: u32) {
        let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        let mut buf = [b':'; 8];
        for (i, v) in [(0, h), (3, m), (6, s)] {
            buf[i] = b'0' + (v / 10 % 10) as u8;
            buf[i + 1] = b'0' + (v % 10) as u8;
        }
        self.push_ascii(&buf);
    }

    /// Writes `template`, `fill` writing each placeholder.
    fn fill(&mut self, template: &str, fill: Fill<'_>) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                self.push(&rest[..open]);
            }
            let name = rest.as_bytes().get(open + 1).copied().unwrap_or(b'?');
            debug_assert_eq!(rest.as_bytes().get(open + 2), Some(&b'}'), "{template}");
            fill(self, name);
            rest = rest.get(open + 3..).unwrap_or("");
        }
        if !rest.is_empty() {
            self.push(rest);
        }
    }

    /// Writes a list, `item` writing each of `items`.
    fn list<T>(
        &mut self,
        style: &List,
        items: impl Iterator<Item = T>,
        mut item: impl FnMut(&mut Out, T),
    ) {
        let mut items = items.peekable();
        let mut i = 0;
        while let Some(next) = items.next() {
            if i > 0 {
                let sep = match (items.peek().is_none(), i) {
                    (true, 1) => style.pair,
                    (true, _) => style.last,
                    (false, _) => style.sep,
                };
                self.push(sep);
            }
            item(self, next);
            i += 1;
        }
    }

    /// "every 5 minutes", from an interval in `unit`s.
    fn every(&mut self, n: u64, unit: usize) {
        let t = self.table;
        let u = &t.units[unit];
        if n == 1 {
            self.fill(t.every_one, &mut |out, _| out.push(u.one));
        } else {
            self.fill(t.every_many, &mut |out, name| match name {
                b'n' => out.number(n),
                _ => out.push(u.many),
            });
        }
    }

    /// "5 minutes".
    fn amount(&mut self, n: u64, unit: usize) {
        let t = self.table;
        let u = &t.units[unit];
        self.fill(t.amount, &mut |out, name| match name {
            b'n' => out.number(n),
            _ => out.push(if n == 1 { u.one } else { u.many }),
        });
    }

    /// An interval of seconds, in the largest unit that divides it.
    fn every_secs(&mut self, secs: u32) {
        let (n, unit) = seconds_in_unit(u64::from(secs));
        self.every(n, unit);
    }

    fn rate(&mut self, rate: &Rate) {
        let unit = match rate.unit() {
            RateUnit::Seconds => 0,
            RateUnit::Minutes => 1,
            RateUnit::Hours => 2,
            RateUnit::Days => 3,
        };
        let n = rate.value();
        self.fill(self.table.rate, &mut |out, name| match name {
            b'e' => out.every(n, unit),
            _ => out.amount(n, unit),
        });
    }

    fn at(&mut self, at: &At) {
        let local = at.local();
        let date = local.date();
        let time = local.time();
        let template = match at.zone() {
            Some(_) => self.table.at_zone,
            None => self.table.at_utc,
        };
        self.fill(template, &mut |out, name| match name {
            b'a' => out.date(date),
            b't' => {
                use chrono::Timelike;
                out.time(time.num_seconds_from_midnight());
            }
            _ => {
                if let Some(zone) = at.zone() {
                    out.zone(zone);
                }
            }
        });
    }

    fn date(&mut self, date: chrono::NaiveDate) {
        use chrono::Datelike;
        let (y, m, d) = (date.year(), date.month(), date.day());
        // `at` years have four digits (the grammar reads four).
        let mut buf = *b"0000-00-00";
        let y = y.unsigned_abs();
        for (i, v) in [(0, y / 100), (2, y % 100), (5, m), (8, d)] {
            buf[i] = b'0' + (v / 10 % 10) as u8;
            buf[i + 1] = b'0' + (v % 10) as u8;
        }
        self.push_ascii(&buf);
    }

    fn zone(&mut self, zone: &Zone) {
        match *zone {
            Zone::Utc => self.push("UTC"),
            Zone::Iana(tz) => self.push(tz.name()),
            Zone::Gmt {
                negative,
                hours,
                minutes,
            } => {
                // `GMT+8:00`, `GMT-10:30`: hours 0-14 without a leading zero.
                let mut buf = *b"GMT+00:00";
                buf[3] = if negative { b'-' } else { b'+' };
                let mut i = 4;
                if hours >= 10 {
                    buf[i] = b'0' + hours / 10 % 10;
                    i += 1;
                }
                buf[i] = b'0' + hours % 10;
                buf[i + 1] = b':';
                buf[i + 2] = b'0' + minutes / 10 % 10;
                buf[i + 3] = b'0' + minutes % 10;
                self.push_ascii(&buf[..i + 4]);
            }
        }
    }

    fn cron(&mut self, plan: &Plan) {
        // "Every 15 seconds" says "every day" already.
        let all_days = matches!(plan.days, DaysPlan::EveryDay)
            && plan.months.is_none()
            && matches!(
                plan.time,
                TimePlan::Cycle { .. } | TimePlan::MinuteAt(_) | TimePlan::HourAt(_)
            );
        let template = if all_days {
            self.table.cron_all_days
        } else {
            self.table.cron
        };
        self.fill(template, &mut |out, name| match name {
            b't' => out.time_of_day(&plan.time),
            b'd' => out.days(&plan.days, plan.months.as_ref()),
            b'y' => {
                if let Some(years) = &plan.years {
                    out.years(years);
                }
            }
            _ => match &plan.zone {
                Some(zone) => out.fill(out.table.zone, &mut |out, _| out.zone(zone)),
                None => out.push(out.table.zone_instance),
            },
        });
    }

    fn time_of_day(&mut self, plan: &TimePlan) {
        let t = self.table;
        match plan {
            TimePlan::Cycle { step } => self.every_secs(*step),
            TimePlan::MinuteAt(second) => {
                self.fill(t.minute_at, &mut |out, _| out.number(u64::from(*second)));
            }
            TimePlan::HourAt(minute) => {
                self.fill(t.hour_at, &mut |out, _| out.number(u64::from(*minute)));
            }
            TimePlan::Items(segs) => {
                let segs = segs.as_slice();
                if segs.iter().all(|seg| seg.count == 1) {
                    self.fill(t.times, &mut |out, _| {
                        out.list(&t.list, segs.iter(), |out, seg| out.time(seg.first));
                    });
                } else {
                    let mut previous: Option<Seg> = None;
                    self.list(&t.time_list, segs.iter(), |out, seg| {
                        out.time_item(seg, previous);
                        previous = Some(*seg);
                    });
                }
            }
            TimePlan::Fields {
                second,
                minute,
                hour,
            } => {
                let template = if second.count() == 1 && second.values().next() == Some(0) {
                    t.fields_second_0
                } else {
                    t.fields
                };
                self.fill(template, &mut |out, name| match name {
                    b's' => out.words(&t.second, second, &mut |_, _| {}),
                    b'm' => out.words(&t.minute, minute, &mut |_, _| {}),
                    _ => out.words(&t.hour, hour, &mut |_, _| {}),
                });
            }
        }
    }

    /// A single time or a window, in a list of them.
    fn time_item(&mut self, seg: &Seg, previous: Option<Seg>) {
        let t = self.table;
        if seg.count == 1 {
            self.fill(t.time_once, &mut |out, _| out.time(seg.first));
            return;
        }
        let again = previous
            .filter(|p| p.count > 1 && p.step == seg.step)
            .and(t.window_again);
        self.fill(again.unwrap_or(t.window), &mut |out, name| match name {
            b'e' => out.every_secs(seg.step),
            b'a' => out.time(seg.first),
            _ => out.time(seg.last),
        });
    }

    /// The values of a field, as `words` names them; `months` writes the `{m}` placeholder.
    fn words(&mut self, words: &Words, set: &Set, months: Fill<'_>) {
        if set.is_full() {
            self.push(words.all);
            return;
        }
        if let Some(step) = words.step
            && let Some(run) = set.as_progression()
            && run.step >= 2
            && run.count >= STEP_MIN
        {
            self.fill(step, &mut |out, name| match name {
                b'a' => out.value(&words.items, run.first),
                b'b' => out.value(&words.items, run.last),
                b'n' => out.number(u64::from(run.step)),
                _ => months(out, name),
            });
            return;
        }
        let template = if set.count() == 1 {
            words.one
        } else {
            words.many
        };
        self.fill(template, &mut |out, name| match name {
            b'l' => out.value_list(&words.items, set),
            _ => months(out, name),
        });
    }

    /// Values and ranges of three or more consecutive values.
    fn value_list(&mut self, items: &Items, set: &Set) {
        let t = self.table;
        self.list(
            &t.list,
            set.runs(Runs::Contiguous { min: 3 }),
            |out, run| out.run_item(items, run),
        );
    }

    fn run_item(&mut self, items: &Items, run: Run) {
        if run.count == 1 {
            self.fill(items.single, &mut |out, _| out.value(items, run.first));
        } else {
            self.fill(items.range, &mut |out, name| match name {
                b'a' => out.value(items, run.first),
                _ => out.value(items, run.last),
            });
        }
    }

    /// A value, by name or number.
    fn value(&mut self, items: &Items, v: u16) {
        let (base, names) = items.names;
        if names.is_empty() {
            self.number(u64::from(v));
        } else {
            let i = usize::from(v - base);
            debug_assert!(i < names.len(), "{v} has no name");
            self.push(names[i]);
        }
    }

    fn days(&mut self, days: &DaysPlan, months: Option<&Set>) {
        let t = self.table;
        // `{m}`: the months as a whole ("of the month"), or around a day phrase ("in March").
        let mut whole = |out: &mut Out, _: u8| match months {
            None => out.push(t.months_whole.0),
            Some(set) => out.fill(t.months_whole.1, &mut |out, _| {
                out.value_list(&t.month_items, set)
            }),
        };
        let mut plain = |out: &mut Out, _: u8| match months {
            None => out.push(t.months_plain.0),
            Some(set) => out.fill(t.months_plain.1, &mut |out, _| {
                out.value_list(&t.month_items, set)
            }),
        };
        match days {
            DaysPlan::EveryDay => self.fill(t.every_day, &mut plain),
            DaysPlan::MonthDays(set) => self.words(&t.month_days, set, &mut whole),
            DaysPlan::Weekdays(set) => self.words(&t.weekdays, set, &mut plain),
            DaysPlan::LastDay => self.fill(t.last_day, &mut whole),
            DaysPlan::LastWeekday => self.fill(t.last_weekday, &mut whole),
            DaysPlan::Nearest(day) => self.fill(t.nearest, &mut |out, name| match name {
                b'a' => out.number(u64::from(*day)),
                _ => whole(out, name),
            }),
            DaysPlan::LastOf(weekday) => self.fill(t.last_of, &mut |out, name| match name {
                b'w' => out.weekday_of_month(*weekday),
                _ => whole(out, name),
            }),
            DaysPlan::Nth { weekday, nth } => self.fill(t.nth, &mut |out, name| match name {
                b'w' => out.weekday_of_month(*weekday),
                b'o' => {
                    let i = usize::from(*nth).wrapping_sub(1);
                    debug_assert!(i < 5, "the grammar keeps # within 1-5");
                    out.push(t.ordinals[i]);
                }
                _ => whole(out, name),
            }),
        }
    }

    fn weekday_of_month(&mut self, weekday: u8) {
        let i = usize::from(weekday).wrapping_sub(1);
        debug_assert!(i < 7, "the grammar keeps weekdays within 1-7");
        self.push(self.table.weekday_of_month[i]);
    }

    fn years(&mut self, years: &Set) {
        let t = self.table;
        // One step alone reads "every 2 years from 2028"; anything else "in 2030 and ...".
        let mut runs = years.runs(Runs::Progressions { min: 3 });
        let one_step = matches!((runs.next(), runs.next()), (Some(run), None) if run.step > 1);
        let template = if one_step { t.years_stepped } else { t.years };
        self.fill(template, &mut |out, _| {
            out.list(
                &t.list,
                years.runs(Runs::Progressions { min: 3 }),
                |out, run| {
                    if run.step <= 1 {
                        out.run_item(&t.year_items, run);
                        return;
                    }
                    // Open when the next step would pass the last year of every schedule.
                    let open = u32::from(run.last) + u32::from(run.step) > u32::from(YEAR_MAX);
                    let step = if open { t.year_step_open } else { t.year_step };
                    out.fill(step, &mut |out, name| match name {
                        b'a' => out.number(u64::from(run.first)),
                        b'b' => out.number(u64::from(run.last)),
                        _ => out.number(u64::from(run.step)),
                    });
                },
            );
        });
    }
}

/// An interval of seconds (within a day) as a count of the largest unit that divides it, and
/// the unit's index in [`Table::units`].
fn seconds_in_unit(secs: u64) -> (u64, usize) {
    if secs.is_multiple_of(3600) {
        (secs / 3600, 2)
    } else if secs.is_multiple_of(60) {
        (secs / 60, 1)
    } else {
        (secs, 0)
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}')
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    /// Every template of a table, with the placeholders it may hold.
    fn templates(t: &Table) -> Vec<(&'static str, &'static str)> {
        let mut all = vec![
            (t.every_one, "u"),
            (t.every_many, "nu"),
            (t.amount, "nu"),
            (t.rate, "ed"),
            (t.at_zone, "atz"),
            (t.at_utc, "at"),
            (t.cron, "tdyz"),
            (t.cron_all_days, "tyz"),
            (t.time_once, "t"),
            (t.minute_at, "a"),
            (t.hour_at, "a"),
            (t.window, "eab"),
            (t.window_again.unwrap_or(""), "ab"),
            (t.times, "l"),
            (t.fields, "smh"),
            (t.fields_second_0, "mh"),
            (t.every_day, "m"),
            (t.last_day, "m"),
            (t.last_weekday, "m"),
            (t.nearest, "am"),
            (t.last_of, "wm"),
            (t.nth, "owm"),
            (t.months_whole.0, ""),
            (t.months_whole.1, "l"),
            (t.months_plain.0, ""),
            (t.months_plain.1, "l"),
            (t.years, "l"),
            (t.years_stepped, "l"),
            (t.year_step_open, "an"),
            (t.year_step, "abn"),
            (t.zone, "z"),
            (t.zone_instance, ""),
        ];
        for (words, month) in [
            (&t.second, ""),
            (&t.minute, ""),
            (&t.hour, ""),
            (&t.month_days, "m"),
            (&t.weekdays, "m"),
        ] {
            all.push((words.all, ""));
            let one: &'static str = if month.is_empty() { "l" } else { "lm" };
            all.push((words.one, one));
            all.push((words.many, one));
            let step: &'static str = if month.is_empty() { "abn" } else { "abnm" };
            all.push((words.step.unwrap_or(""), step));
        }
        for items in [
            &t.second.items,
            &t.minute.items,
            &t.hour.items,
            &t.month_days.items,
            &t.weekdays.items,
            &t.month_items,
            &t.year_items,
        ] {
            all.push((items.single, "a"));
            all.push((items.range, "ab"));
        }
        all
    }

    /// Each placeholder is `{x}` with `x` one the template may hold: a table with a typo fails
    /// here, not in a description.
    #[test]
    fn ok_every_template_holds_its_own_placeholders() {
        for lang in Lang::ALL {
            for (template, allowed) in templates(lang.table()) {
                let mut rest = template;
                while let Some(open) = rest.find('{') {
                    let name = rest[open + 1..].chars().next().unwrap();
                    assert!(
                        allowed.contains(name)
                            && rest[open + 1 + name.len_utf8()..].starts_with('}'),
                        "{lang}: {template:?} has `{{{name}` (allowed: {allowed})"
                    );
                    rest = &rest[open + 2 + name.len_utf8()..];
                }
                assert!(!rest.contains('}'), "{lang}: {template:?}");
            }
        }
    }

    /// Names cover their values: weekdays 1-7, months 1-12, ordinals 1-5.
    #[test]
    fn ok_names_cover_their_fields() {
        for lang in Lang::ALL {
            let t = lang.table();
            for (items, count) in [(&t.weekdays.items, 7), (&t.month_items, 12)] {
                let (base, names) = items.names;
                assert!(
                    names.is_empty() || (base == 1 && names.len() == count),
                    "{lang}"
                );
            }
            assert!(t.weekday_of_month.iter().all(|n| !n.is_empty()));
            assert!(t.ordinals.iter().all(|n| !n.is_empty()));
        }
    }
}
