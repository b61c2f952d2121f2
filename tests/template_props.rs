//! Property tests of the template module: round trips, render totality, full replacement.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use ecs_runcommand::template::{BuiltIn, BuiltInValues, Launcher, Segment, Template, Values};
use proptest::prelude::*;

/// Text dense in braces and whitespace, mixing loose pieces with whole placeholders (custom
/// names, built-ins, Parameter Store references, the Launcher's `ScriptFileName`).
fn brace_soup() -> impl Strategy<Value = String> {
    soup(4)
}

/// [`brace_soup`] for a Launcher: no custom names, so more accepted inputs.
fn launcher_soup() -> impl Strategy<Value = String> {
    soup(0)
}

/// `custom_weight` weighs custom names against the fixed placeholder bodies.
fn soup(custom_weight: u32) -> impl Strategy<Value = String> {
    let loose = prop_oneof![
        Just("{"),
        Just("}"),
        Just("{{"),
        Just("}}"),
        Just(" "),
        Just("\n"),
        Just("é"),
        Just("."),
        Just(":"),
        Just("ACS::"),
    ]
    .prop_map(|s: &str| s.to_owned());
    let body = prop_oneof![
        custom_weight => name(),
        1 => Just("ACS::RegionId".to_owned()),
        1 => Just("ACS::InstanceId".to_owned()),
        1 => Just("oos:db.pw".to_owned()),
        1 => Just("oos-secret:k".to_owned()),
        1 => Just("acs :: scriptfilename".to_owned()),
        1 => Just("ACS::ScriptFileName|Ext(\".py\")".to_owned()),
        1 => Just("ACS::ScriptFileName | ext(sh)".to_owned()),
    ];
    let ws = || prop_oneof![Just(""), Just(" "), Just("\n\t"), Just("\r\n ")];
    let placeholder =
        (ws(), body, ws()).prop_map(|(pre, body, post)| format!("{{{{{pre}{body}{post}}}}}"));
    let atom = prop_oneof![
        3 => loose,
        2 => "[a-cA-C0-9_-]{1,3}",
        3 => placeholder,
    ];
    prop::collection::vec(atom, 0..24).prop_map(|atoms| atoms.concat())
}

/// A name pool small enough that names repeat, in varying case.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_owned()),
        Just("A".to_owned()),
        Just("name".to_owned()),
        Just("NAME".to_owned()),
        Just("x-1".to_owned()),
        "[a-zA-Z0-9_-]{1,8}",
    ]
}

/// A template built from brace-free text and well-formed custom placeholders, with the
/// rendering expected when every name `n` has the value `<lowercase n>`.
fn built_template() -> impl Strategy<Value = (String, String)> {
    let piece = prop_oneof![
        "[a-z \n$;=()]{0,6}".prop_map(|text| (text.clone(), text)),
        (name(), "[ \n\t]{0,2}", "[ \n\t]{0,2}").prop_map(|(n, pre, post)| {
            let value = format!("<{}>", n.to_ascii_lowercase());
            (format!("{{{{{pre}{n}{post}}}}}"), value)
        }),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|pieces| {
        let text: String = pieces.iter().map(|(t, _)| t.as_str()).collect();
        let expected: String = pieces.iter().map(|(_, r)| r.as_str()).collect();
        (text, expected)
    })
}

fn all_builtins() -> BuiltInValues<'static> {
    BuiltInValues {
        region_id: Some("r"),
        account_id: Some("a"),
        instance_id: Some("i"),
        instance_name: Some("n"),
        invoke_id: Some("t"),
        command_id: Some("c"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn prop_parse_never_panics(text in any::<String>()) {
        let _ = Template::parse(&text);
        let _ = Launcher::parse(&text);
    }

    #[test]
    fn prop_display_round_trip(text in brace_soup()) {
        if let Ok(t) = Template::parse(&text) {
            let canonical = t.to_string();
            let again = Template::parse(&canonical).unwrap();
            prop_assert_eq!(&again, &t);
            prop_assert_eq!(again.to_string(), canonical.as_str());
            prop_assert_eq!(
                again.custom_names().collect::<Vec<_>>(),
                t.custom_names().collect::<Vec<_>>()
            );
            prop_assert_eq!(again.builtins(), t.builtins());
        }
    }

    #[test]
    fn prop_text_segments_are_maximal_and_non_empty(text in brace_soup()) {
        if let Ok(t) = Template::parse(&text) {
            let mut previous_was_text = false;
            for segment in t.segments() {
                let is_text = matches!(segment, Segment::Text(_));
                if let Segment::Text(s) = segment {
                    prop_assert!(!s.is_empty());
                }
                prop_assert!(!(is_text && previous_was_text));
                previous_was_text = is_text;
            }
        }
    }

    #[test]
    fn prop_render_never_panics(
        text in brace_soup(),
        pairs in prop::collection::vec((name(), "[a-z{}]{0,4}"), 0..6),
        with_builtins in any::<bool>(),
    ) {
        if let Ok(t) = Template::parse(&text) {
            let values: Values<'_> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            let builtins = if with_builtins { all_builtins() } else { BuiltInValues::default() };
            let rendered = t.render(&values, &builtins);
            let len = t.rendered_len(&values, &builtins);
            match (rendered, len) {
                (Ok(out), Ok(len)) => prop_assert_eq!(out.len(), len),
                (Err(a), Err(b)) => prop_assert_eq!(a, b),
                (a, b) => prop_assert!(false, "render {:?} vs rendered_len {:?}", a, b),
            }
        }
    }

    #[test]
    fn prop_render_with_every_name_replaces_every_placeholder(
        (text, expected) in built_template(),
    ) {
        let t = Template::parse(&text).unwrap();
        let owned: Vec<(String, String)> = t
            .custom_names()
            .map(|n| (n.to_ascii_uppercase(), format!("<{}>", n.to_ascii_lowercase())))
            .collect();
        let values: Values<'_> = owned.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let out = t.render(&values, &BuiltInValues::default()).unwrap();
        prop_assert!(!out.contains("{{"));
        prop_assert_eq!(out, expected);
    }

    #[test]
    fn prop_render_of_canonical_equals_render_of_original(text in brace_soup()) {
        if let Ok(t) = Template::parse(&text) {
            let owned: Vec<(String, String)> =
                t.custom_names().map(|n| (n.to_owned(), format!("<{n}>"))).collect();
            let values: Values<'_> = owned.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            let canonical = t.to_string();
            let again = Template::parse(&canonical).unwrap();
            for builtins in [BuiltInValues::default(), all_builtins()] {
                prop_assert_eq!(
                    t.render(&values, &builtins).unwrap(),
                    again.render(&values, &builtins).unwrap()
                );
            }
        }
    }

    #[test]
    fn prop_builtins_render_to_their_values(
        picks in prop::collection::vec(0..BuiltIn::ALL.len(), 0..10),
    ) {
        let text: String = picks.iter().map(|&i| format!("{{{{ {} }}}}", BuiltIn::ALL[i])).collect();
        let t = Template::parse(&text).unwrap();
        let out = t.render(&Values::new(), &all_builtins()).unwrap();
        let expected: String = picks.iter().map(|&i| all_builtins().get(BuiltIn::ALL[i]).unwrap()).collect();
        prop_assert_eq!(out, expected);
    }

    #[test]
    fn prop_launcher_round_trip(text in prop_oneof![brace_soup(), launcher_soup()]) {
        if let Ok(launcher) = Launcher::parse(&text) {
            let canonical = launcher.to_string();
            let again = Launcher::parse(&canonical).unwrap();
            prop_assert_eq!(again, launcher);
            prop_assert_eq!(again.to_string(), canonical.as_str());
            prop_assert_eq!(again.render("/p"), launcher.render("/p"));
        }
    }

    #[test]
    fn prop_launcher_render_contains_the_path_once_placed(
        head in "[a-z -]{0,10}",
        tail in "[a-z -]{0,10}",
        ext in prop::option::of("[a-z.]{1,4}"),
    ) {
        let suffix = ext.as_ref().map(|e| format!("|Ext({e})")).unwrap_or_default();
        let text = format!("{head}{{{{ACS::ScriptFileName{suffix}}}}}{tail}");
        let launcher = Launcher::parse(&text).unwrap();
        prop_assert_eq!(launcher.extension(), ext.as_deref());
        prop_assert_eq!(launcher.render("/P"), format!("{head}/P{tail}"));
    }
}
