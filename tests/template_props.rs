//! Property tests of the template module: round trips, render totality, full replacement, and
//! rendering against a plain two-phase reference written with regular expressions.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use ecs_runcommand::template::{
    BuiltIn, BuiltInValues, Launcher, Segment, Template, TemplateErrorKind, Values,
};
use proptest::prelude::*;
use regex::bytes::{Captures, Regex};

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

/// Pieces of values: plain text, braces, and pieces of the agent's built-in pattern, so that
/// values often complete or start a match with the text around them.
const VALUE_PIECES: [&str; 12] = [
    "x",
    " ",
    "{{",
    "}}",
    "{",
    "}",
    "ACS",
    "::",
    "InstanceId",
    "RegionId",
    "Nope",
    "$",
];

/// Both phases with regular expressions, independent of the library: phase 1 replaces each
/// `{{ name }}` (leftmost, no brace inside) whose trimmed text is a custom name; phase 2
/// replaces each match of the agent's pattern by its value, keeps it when it has none, and
/// gives `None` (the agent fails the task) for a name that is not a built-in.
fn reference_render(
    text: &[u8],
    values: &[(String, String)],
    builtins: &BuiltInValues<'_>,
) -> Option<Vec<u8>> {
    let placeholder = Regex::new(r"(?-u)\{\{[\t\n\x0C\r ]*([^{}]*?)[\t\n\x0C\r ]*\}\}").unwrap();
    let custom = Regex::new(r"(?-u)^[A-Za-z0-9_-]+$").unwrap();
    let phase_one = placeholder.replace_all(text, |c: &Captures<'_>| {
        let name = &c[1];
        let value = values
            .iter()
            .find(|(n, _)| n.as_bytes().eq_ignore_ascii_case(name))
            .filter(|_| custom.is_match(name));
        match value {
            Some((_, v)) => v.as_bytes().to_vec(),
            None => c[0].to_vec(),
        }
    });
    let agent = Regex::new(r"(?-u)\{\{[\t\n\x0C\r ]*ACS[\t\n\x0C\r ]*::[\t\n\x0C\r ]*([A-Za-z0-9_.-]+)[\t\n\x0C\r ]*\}\}").unwrap();
    let mut unknown = false;
    let phase_two = agent.replace_all(&phase_one, |c: &Captures<'_>| {
        let name = format!("ACS::{}", String::from_utf8_lossy(&c[1]));
        match BuiltIn::from_name(&name) {
            Some(b) => builtins
                .get(b)
                .map_or_else(|| c[0].to_vec(), |v| v.as_bytes().to_vec()),
            None => {
                unknown = true;
                Vec::new()
            }
        }
    });
    (!unknown).then(|| phase_two.into_owned())
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
        let _ = Template::parse(text.as_str());
        let _ = Launcher::parse(&text);
    }

    #[test]
    fn prop_display_round_trip(text in brace_soup()) {
        if let Ok(t) = Template::parse(text.as_str()) {
            let canonical = t.to_string();
            let again = Template::parse(canonical.as_str()).unwrap();
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
        if let Ok(t) = Template::parse(text.as_str()) {
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
        if let Ok(t) = Template::parse(text.as_str()) {
            let values: Values<'_> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            let builtins = if with_builtins { all_builtins() } else { BuiltInValues::default() };
            // The limit is exact: the length of either phase is known before anything is
            // allocated (phase 1 is what is left with no built-in value).
            if let Ok(out) = t.render(&values, &builtins, usize::MAX) {
                let phase_one = t.render(&values, &BuiltInValues::default(), usize::MAX).unwrap();
                let longest = out.len().max(phase_one.len());
                prop_assert_eq!(t.render(&values, &builtins, longest).unwrap(), out.clone());
                if longest > 0 {
                    let err = t.render(&values, &builtins, longest - 1).unwrap_err();
                    let too_large = matches!(err.kind(), TemplateErrorKind::OutputTooLarge { .. });
                    prop_assert!(too_large, "{:?}", err);
                }
            }
        }
    }

    #[test]
    fn prop_render_with_every_name_replaces_every_placeholder(
        (text, expected) in built_template(),
    ) {
        let t = Template::parse(text.as_str()).unwrap();
        let owned: Vec<(String, String)> = t
            .custom_names()
            .map(|n| (n.to_ascii_uppercase(), format!("<{}>", n.to_ascii_lowercase())))
            .collect();
        let values: Values<'_> = owned.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let out = t.render(&values, &BuiltInValues::default(), usize::MAX).unwrap();
        prop_assert!(!out.windows(2).any(|w| w == b"{{"));
        prop_assert_eq!(out, expected.into_bytes());
    }

    #[test]
    fn prop_render_equals_the_plain_two_phase_reference(
        text in brace_soup(),
        picks in prop::collection::vec(prop::collection::vec(0..VALUE_PIECES.len(), 0..6), 20),
        with_builtins in any::<bool>(),
    ) {
        if let Ok(t) = Template::parse(text.as_str()) {
            let owned: Vec<(String, String)> = t
                .custom_names()
                .zip(&picks)
                .map(|(n, p)| (n.to_owned(), p.iter().map(|&i| VALUE_PIECES[i]).collect()))
                .collect();
            let values: Values<'_> = owned.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            let builtins = if with_builtins { all_builtins() } else { BuiltInValues::default() };
            let got = t.render(&values, &builtins, usize::MAX).map_err(|e| e.kind().clone());
            let want = reference_render(text.as_bytes(), &owned, &builtins);
            match (got, want) {
                (Ok(got), Some(want)) => prop_assert_eq!(got, want),
                (Err(TemplateErrorKind::UnknownBuiltIn { .. }), None) => {}
                (got, want) => prop_assert!(false, "render {:?}, reference {:?}", got, want),
            }
        }
    }

    #[test]
    fn prop_builtins_render_to_their_values(
        picks in prop::collection::vec(0..BuiltIn::ALL.len(), 0..10),
    ) {
        let text: String = picks.iter().map(|&i| format!("{{{{ {} }}}}", BuiltIn::ALL[i])).collect();
        let t = Template::parse(text.as_str()).unwrap();
        let out = t.render(&Values::new(), &all_builtins(), usize::MAX).unwrap();
        let expected: String = picks.iter().map(|&i| all_builtins().get(BuiltIn::ALL[i]).unwrap()).collect();
        prop_assert_eq!(out, expected.into_bytes());
    }

    #[test]
    fn prop_launcher_round_trip(text in prop_oneof![brace_soup(), launcher_soup()]) {
        if let Ok(launcher) = Launcher::parse(&text) {
            let canonical = launcher.to_string();
            let again = Launcher::parse(&canonical).unwrap();
            prop_assert_eq!(&again, &launcher);
            prop_assert_eq!(again.to_string(), canonical.as_str());
            prop_assert_eq!(again.command_line("/p"), launcher.command_line("/p"));
            prop_assert_eq!(again.argv("/p"), launcher.argv("/p"));
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
        prop_assert_eq!(launcher.command_line("/P"), format!("{head}/P{tail}"));
    }
}
