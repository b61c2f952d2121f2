//! Round-trip oracle for command content templates and Launchers: whatever parses prints a
//! canonical text that parses back to the same value and renders the same way.

use ecs_runcommand::template::{BuiltInValues, Launcher, Template, Values};

use crate::Outcome;

/// The first byte picks the API (content or Launcher); the rest is the text (bytes for a
/// content, which need not be UTF-8; a Launcher must be UTF-8).
///
/// # Panics
/// When a canonical text does not parse back to the same value, renders differ, or a
/// rendering breaks its limit.
pub fn template_roundtrip(data: &[u8]) -> Outcome {
    let Some((&selector, rest)) = data.split_first() else {
        return Outcome::Reject;
    };
    if selector & 1 == 0 {
        content(rest);
        return Outcome::Keep;
    }
    let Ok(text) = std::str::from_utf8(rest) else {
        return Outcome::Reject;
    };
    launcher(text);
    Outcome::Keep
}

fn content(bytes: &[u8]) {
    let Ok(first) = Template::parse(bytes) else {
        return;
    };
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
    let out = first
        .render(&values, &builtins, usize::MAX)
        .expect("every name has a value, and no value brings in a built-in");
    // The limit is exact for the longer of the two phases.
    let phase_one = first
        .render(&values, &BuiltInValues::default(), usize::MAX)
        .expect("the same text without built-in values");
    let longest = out.len().max(phase_one.len());
    assert_eq!(first.render(&values, &builtins, longest).as_ref(), Ok(&out));
    if longest > 0 {
        assert!(first.render(&values, &builtins, longest - 1).is_err());
    }
    // Without values, the first name (if any) is reported missing.
    let missing = first.render(&Values::new(), &builtins, usize::MAX);
    assert_eq!(missing.is_err(), first.custom_name_count() > 0);

    // For UTF-8 text, the canonical text parses back to the same template.
    if std::str::from_utf8(bytes).is_ok() {
        let canonical = first.to_string();
        let second = Template::parse(canonical.as_str()).expect("the canonical text parses");
        assert_eq!(
            first, second,
            "canonical text {canonical:?} parses to another template"
        );
        assert_eq!(
            second.to_string(),
            canonical,
            "canonical text is not a fixed point"
        );
    }
}

fn launcher(text: &str) {
    let Ok(first) = Launcher::parse(text) else {
        return;
    };
    let canonical = first.to_string();
    let second = Launcher::parse(&canonical).expect("the canonical text parses");
    assert_eq!(
        first, second,
        "canonical text {canonical:?} parses to another launcher"
    );
    assert_eq!(
        second.to_string(),
        canonical,
        "canonical text is not a fixed point"
    );
    for path in ["/tmp/s.sh", "/tmp/a b.sh"] {
        assert_eq!(first.command_line(path), second.command_line(path));
        assert_eq!(first.argv(path), second.argv(path));
    }
}
