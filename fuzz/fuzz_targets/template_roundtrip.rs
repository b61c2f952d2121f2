//! Round-trip oracle for command content templates and Launchers: whatever parses prints a
//! canonical text that parses back to the same value and renders the same way.
//!
//! The first byte picks the API (content or Launcher); the rest is the text. Non-UTF-8 input
//! is rejected from the corpus.

#![no_main]

use ecs_runcommand::template::{BuiltInValues, Launcher, Template, Values};
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(|data: &[u8]| -> Corpus {
    let Some((&selector, rest)) = data.split_first() else {
        return Corpus::Reject;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return Corpus::Reject;
    };
    if selector & 1 == 0 {
        content(text);
    } else {
        launcher(text);
    }
    Corpus::Keep
});

fn content(text: &str) {
    let Ok(first) = Template::parse(text) else {
        return;
    };
    let canonical = first.to_string();
    let second = Template::parse(&canonical).expect("the canonical text parses");
    assert_eq!(first, second, "canonical text {canonical:?} parses to another template");
    assert_eq!(second.to_string(), canonical, "canonical text is not a fixed point");

    // With a value for every name, nothing is missing and both render the same.
    let owned: Vec<String> = first.custom_names().map(|n| format!("<{n}>")).collect();
    let values: Values<'_> = first
        .custom_names()
        .zip(owned.iter().map(String::as_str))
        .collect();
    let builtins = BuiltInValues {
        region_id: Some("cn-hangzhou"),
        instance_id: Some("i-1"),
        ..BuiltInValues::default()
    };
    let out = first.render(&values, &builtins).expect("every name has a value");
    assert_eq!(out, second.render(&values, &builtins).expect("same names"));
    assert_eq!(Ok(out.len()), first.rendered_len(&values, &builtins));

    // Without values, the first name (if any) is reported missing.
    let missing = first.render(&Values::new(), &builtins);
    assert_eq!(missing.is_err(), first.custom_name_count() > 0);
}

fn launcher(text: &str) {
    let Ok(first) = Launcher::parse(text) else {
        return;
    };
    let canonical = first.to_string();
    let second = Launcher::parse(&canonical).expect("the canonical text parses");
    assert_eq!(first, second, "canonical text {canonical:?} parses to another launcher");
    assert_eq!(second.to_string(), canonical, "canonical text is not a fixed point");
    assert_eq!(first.render("/tmp/s.sh"), second.render("/tmp/s.sh"));
}
