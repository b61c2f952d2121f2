//! Simplified Chinese. Spaces between Chinese and digits or Latin letters are put in by the
//! renderer (`cjk_spacing`); the templates leave them out.

use super::{Items, List, Table, Unit, Words};

const NUMBERS: Items = Items {
    single: "{a}",
    range: "{a}至{b}",
    names: (0, &[]),
};

pub(super) static TABLE: Table = Table {
    cjk_spacing: true,
    capitalize: false,
    list: List {
        pair: "和",
        sep: "、",
        last: "和",
    },
    time_list: List {
        pair: "，",
        sep: "，",
        last: "，",
    },
    units: [
        Unit {
            one: "秒",
            many: "秒",
        },
        Unit {
            one: "分钟",
            many: "分钟",
        },
        Unit {
            one: "小时",
            many: "小时",
        },
        Unit {
            one: "天",
            many: "天",
        },
    ],
    every_one: "每{u}",
    every_many: "每{n}{u}",
    amount: "{n}{u}",
    rate: "{e}一次，首次在创建{d}后",
    at_zone: "按{z}时间，{a} {t}执行一次",
    at_utc: "未指定时区，按 UTC 时间{a} {t}执行一次",
    cron: "{z}{y}{d}{t}",
    cron_all_days: "{z}{y}{t}",
    time_once: "{t}",
    minute_at: "每分钟的第{a}秒",
    hour_at: "每小时的第{a}分钟",
    window: "{a}至{b}{e}",
    window_again: None,
    times: "{l}",
    fields: "{h}的{m}的{s}",
    fields_second_0: "{h}的{m}",
    second: Words {
        all: "每秒",
        one: "第{l}秒",
        many: "第{l}秒",
        step: None,
        items: NUMBERS,
    },
    minute: Words {
        all: "每分钟",
        one: "第{l}分钟",
        many: "第{l}分钟",
        step: None,
        items: NUMBERS,
    },
    hour: Words {
        all: "每小时",
        one: "{l}点",
        many: "{l}点",
        step: None,
        items: NUMBERS,
    },
    every_day: "{m}每天",
    month_days: Words {
        all: "每天",
        one: "{m}{l}日",
        many: "{m}{l}日",
        step: Some("{m}{a}至{b}日中每{n}天"),
        items: NUMBERS,
    },
    weekdays: Words {
        all: "每天",
        one: "{m}每{l}",
        many: "{m}每{l}",
        step: None,
        items: Items {
            single: "{a}",
            range: "{a}至{b}",
            names: (1, &["周一", "周二", "周三", "周四", "周五", "周六", "周日"]),
        },
    },
    last_day: "{m}最后一天",
    last_weekday: "{m}最后一个工作日（周一至周五）",
    nearest: "{m}最接近{a}日的工作日（周一至周五）",
    last_of: "{m}最后一个{w}",
    nth: "{m}第{o}个{w}",
    weekday_of_month: [
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
    ],
    ordinals: ["一", "二", "三", "四", "五"],
    months_whole: ("每月", "{l}的"),
    months_plain: ("", "{l}的"),
    month_items: Items {
        single: "{a}月",
        range: "{a}至{b}月",
        names: (0, &[]),
    },
    years: "{l}，",
    years_stepped: "{l}，",
    year_items: Items {
        single: "{a}年",
        range: "{a}至{b}年",
        names: (0, &[]),
    },
    year_step_open: "自{a}年起每{n}年",
    year_step: "{a}至{b}年中每{n}年",
    zone: "按{z}时间，",
    zone_instance: "按实例所在时区，",
};
