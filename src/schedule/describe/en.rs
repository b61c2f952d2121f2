//! English.

use super::{Items, List, Table, Unit, Words};

const NUMBERS: Items = Items {
    single: "{a}",
    range: "{a} through {b}",
    names: (0, &[]),
};

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub(super) static TABLE: Table = Table {
    cjk_spacing: false,
    capitalize: true,
    list: List {
        pair: " and ",
        sep: ", ",
        last: " and ",
    },
    time_list: List {
        pair: " and ",
        sep: ", ",
        last: " and ",
    },
    units: [
        Unit {
            one: "second",
            many: "seconds",
        },
        Unit {
            one: "minute",
            many: "minutes",
        },
        Unit {
            one: "hour",
            many: "hours",
        },
        Unit {
            one: "day",
            many: "days",
        },
    ],
    every_one: "every {u}",
    every_many: "every {n} {u}",
    amount: "{n} {u}",
    rate: "{e}, the first run {d} after creation",
    at_zone: "once, at {a} {t} ({z})",
    at_utc: "once, at {a} {t} UTC (no time zone given)",
    cron: "{t}, {d}{y}{z}",
    cron_all_days: "{t}{y}{z}",
    time_once: "at {t}",
    minute_at: "every minute at second {a}",
    hour_at: "every hour at minute {a}",
    window: "{e} from {a} through {b}",
    window_again: Some("from {a} through {b}"),
    times: "at {l}",
    fields: "at {s} of {m} of {h}",
    fields_second_0: "at {m} of {h}",
    second: Words {
        all: "every second",
        one: "second {l}",
        many: "seconds {l}",
        step: None,
        items: NUMBERS,
    },
    minute: Words {
        all: "every minute",
        one: "minute {l}",
        many: "minutes {l}",
        step: None,
        items: NUMBERS,
    },
    hour: Words {
        all: "every hour",
        one: "hour {l}",
        many: "hours {l}",
        step: None,
        items: NUMBERS,
    },
    every_day: "every day{m}",
    month_days: Words {
        all: "every day",
        one: "on day {l} of {m}",
        many: "on days {l} of {m}",
        step: Some("every {n} days from day {a} through day {b} of {m}"),
        items: NUMBERS,
    },
    weekdays: Words {
        all: "every day",
        one: "every {l}{m}",
        many: "{l}{m}",
        step: None,
        items: Items {
            single: "{a}",
            range: "{a} through {b}",
            names: (1, &WEEKDAYS),
        },
    },
    last_day: "on the last day of {m}",
    last_weekday: "on the last weekday (Monday to Friday) of {m}",
    nearest: "on the weekday (Monday to Friday) nearest day {a} of {m}",
    last_of: "on the last {w} of {m}",
    nth: "on the {o} {w} of {m}",
    weekday_of_month: WEEKDAYS,
    ordinals: ["first", "second", "third", "fourth", "fifth"],
    months_whole: ("the month", "{l}"),
    months_plain: ("", " in {l}"),
    month_items: Items {
        single: "{a}",
        range: "{a} through {b}",
        names: (1, &MONTHS),
    },
    years: ", in {l}",
    years_stepped: ", {l}",
    year_items: NUMBERS,
    year_step_open: "every {n} years from {a}",
    year_step: "every {n} years from {a} through {b}",
    zone: " ({z})",
    zone_instance: ", in the instance's time zone",
};
