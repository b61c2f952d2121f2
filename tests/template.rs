//! Unit tests of the template module through its public API: exact segments, names, offsets,
//! kinds and rendered strings.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use ecs_runcommand::template::{
    BuiltIn, BuiltInValues, Launcher, MAX_CUSTOM_NAMES, MAX_LAUNCHER_BYTES, MAX_NAME_BYTES,
    Segment, Template, TemplateError, TemplateErrorKind, Values,
};
use ecs_runcommand::{ApiError, ErrorCode};

fn p(text: &str) -> Template {
    Template::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// The error of parsing `text`, as (kind, offset).
fn e(text: &str) -> (TemplateErrorKind, usize) {
    parts(&te(text))
}

fn te(text: &str) -> TemplateError {
    Template::parse(text).expect_err(text)
}

fn parts(err: &TemplateError) -> (TemplateErrorKind, usize) {
    (err.kind().clone(), err.offset())
}

fn names(t: &Template) -> Vec<&str> {
    t.custom_names().collect()
}

fn segs(t: &Template) -> Vec<Segment<'_>> {
    t.segments().collect()
}

fn err(kind: TemplateErrorKind, offset: usize) -> (TemplateErrorKind, usize) {
    (kind, offset)
}

fn invalid(name: &str) -> TemplateErrorKind {
    TemplateErrorKind::InvalidName { name: name.into() }
}

fn render(t: &Template, pairs: &[(&str, &str)]) -> String {
    let values: Values<'_> = pairs.iter().copied().collect();
    String::from_utf8(
        t.render(&values, &BuiltInValues::default(), usize::MAX)
            .unwrap(),
    )
    .unwrap()
}

/// Distinct custom names `p0`, `p1`, …: `{{p0}}{{p1}}…`.
fn numbered(count: usize) -> String {
    (0..count).map(|i| format!("{{{{p{i}}}}}")).collect()
}

// ---------------------------------------------------------------- parse: accepted

#[test]
fn ok_plain_text_has_one_segment() {
    let t = p("echo hello");
    assert_eq!(segs(&t), [Segment::Text(b"echo hello")]);
    assert_eq!(t.custom_name_count(), 0);
    assert!(t.builtins().is_empty());
}

#[test]
fn ok_empty_text_has_no_segment() {
    assert_eq!(segs(&p("")), []);
    assert_eq!(p("").to_string(), "");
}

#[test]
fn ok_whitespace_around_names_is_ignored() {
    let t = p("a{{ x }}b{{\n\ty\r\n}}c{{\x0cz}}");
    assert_eq!(names(&t), ["x", "y", "z"]);
    assert_eq!(t.to_string(), "a{{x}}b{{y}}c{{z}}");
    assert_eq!(segs(&t).len(), 6);
    assert_eq!(segs(&t)[0], Segment::Text(b"a"));
}

#[test]
fn ok_vertical_tab_is_not_whitespace() {
    assert_eq!(e("{{\x0bx}}"), err(invalid("\x0bx"), 2));
}

#[test]
fn ok_names_are_case_insensitive_first_spelling_wins() {
    let t = p("{{Name}} {{NAME}} {{other}} {{name}}");
    assert_eq!(names(&t), ["Name", "other"]);
    assert_eq!(t.custom_name_count(), 2);
    assert!(t.declares("nAmE"));
    assert!(t.declares("OTHER"));
    assert!(!t.declares("Nam"));
    // Each placeholder keeps its own spelling; the index ties them together.
    let indexes: Vec<(&str, usize)> = t
        .segments()
        .filter_map(|s| match s {
            Segment::Custom(p) => Some((p.name(), p.index())),
            _ => None,
        })
        .collect();
    assert_eq!(
        indexes,
        [("Name", 0), ("NAME", 0), ("other", 1), ("name", 0)]
    );
    assert_eq!(t.to_string(), "{{Name}} {{NAME}} {{other}} {{name}}");
}

#[test]
fn ok_name_characters() {
    let t = p("{{aZ09_-}}{{-}}{{_}}{{9}}");
    assert_eq!(names(&t), ["aZ09_-", "-", "_", "9"]);
}

#[test]
fn ok_builtins() {
    let t = p("{{ACS::InstanceId}} {{ACS::RegionId}} {{ACS::InstanceId}} {{x}}");
    assert_eq!(t.builtins(), [BuiltIn::InstanceId, BuiltIn::RegionId]);
    assert_eq!(names(&t), ["x"]);
    assert!(!t.declares("ACS::InstanceId"));
    assert_eq!(segs(&t)[0], Segment::BuiltIn(BuiltIn::InstanceId));
}

#[test]
fn ok_every_builtin_spelled_exactly() {
    let text: String = BuiltIn::ALL
        .iter()
        .map(|b| format!("{{{{ {} }}}}", b.name()))
        .collect();
    assert_eq!(p(&text).builtins(), BuiltIn::ALL);
}

#[test]
fn ok_builtins_do_not_count_against_the_limit() {
    let text = format!(
        "{}{{{{ACS::RegionId}}}}{{{{oos:a}}}}",
        numbered(MAX_CUSTOM_NAMES)
    );
    let t = p(&text);
    assert_eq!(t.custom_name_count(), MAX_CUSTOM_NAMES);
    assert_eq!(t.builtins(), [BuiltIn::RegionId]);
}

#[test]
fn ok_parameter_store_references() {
    let t = p("{{ oos:db.user }} {{oos-secret:pw_1-x}}");
    assert_eq!(t.custom_name_count(), 0);
    match segs(&t)[..] {
        [
            Segment::ParameterStore(a),
            Segment::Text(b" "),
            Segment::ParameterStore(b),
        ] => {
            assert_eq!((a.is_secret(), a.name()), (false, "db.user"));
            assert_eq!((b.is_secret(), b.name()), (true, "pw_1-x"));
        }
        ref other => panic!("{other:?}"),
    }
    assert_eq!(t.to_string(), "{{oos:db.user}} {{oos-secret:pw_1-x}}");
}

#[test]
fn ok_oos_without_colon_is_a_custom_name() {
    assert_eq!(names(&p("{{oos}} {{oos-secret}}")), ["oos", "oos-secret"]);
}

#[test]
fn ok_unclosed_and_stray_braces_are_text() {
    for text in [
        "{{a", "a}}", "{{a}", "{a}}", "}}{{", "{ {a}}", "{{a} }}", "{{ a\n", "{{",
    ] {
        let t = p(text);
        assert_eq!(segs(&t), [Segment::Text(text.as_bytes())], "{text:?}");
        assert_eq!(render(&t, &[]), text);
    }
}

#[test]
fn ok_triple_braces_open_at_the_last_two() {
    let t = p("{{{name}}}");
    assert_eq!(segs(&t)[0..1], [Segment::Text(b"{")]);
    assert_eq!(segs(&t)[2], Segment::Text(b"}"));
    assert_eq!(names(&t), ["name"]);
    assert_eq!(render(&t, &[("name", "v")]), "{v}");
    assert_eq!(render(&p("{{{{name}}}}"), &[("name", "v")]), "{{v}}");
    assert_eq!(render(&p("${{name}}"), &[("name", "v")]), "$v");
}

#[test]
fn ok_braces_do_not_nest() {
    let t = p("{{a{{b}}}}");
    assert_eq!(names(&t), ["b"]);
    assert_eq!(render(&t, &[("b", "B")]), "{{aB}}");
    let t = p("{{a}b}} {{c}}");
    assert_eq!(names(&t), ["c"]);
}

#[test]
fn ok_offsets_of_text_are_byte_offsets() {
    let err = e("é {{ a.b }}");
    assert_eq!(err, err_at_invalid("a.b", 6));
}

fn err_at_invalid(name: &str, offset: usize) -> (TemplateErrorKind, usize) {
    err(invalid(name), offset)
}

// ---------------------------------------------------------------- parse: rejected

#[test]
fn err_empty_name() {
    assert_eq!(e("{{}}"), err(TemplateErrorKind::EmptyName, 0));
    assert_eq!(e("ab {{ \n\t }}"), err(TemplateErrorKind::EmptyName, 3));
    assert_eq!(e("{{{{}}}}"), err(TemplateErrorKind::EmptyName, 2));
}

#[test]
fn err_invalid_characters() {
    assert_eq!(e("echo {{a b}}"), err_at_invalid("a b", 7));
    assert_eq!(e("{{ .Values }}"), err_at_invalid(".Values", 3));
    assert_eq!(e("{{na\u{ef}ve}}"), err_at_invalid("na\u{ef}ve", 2));
    assert_eq!(e("{{a:b}}"), err_at_invalid("a:b", 2));
    assert_eq!(e("{{ x | default }}"), err_at_invalid("x | default", 3));
}

#[test]
fn err_acs_prefix_misused() {
    assert_eq!(e("{{ACS::regionId}}"), err_at_invalid("ACS::regionId", 2));
    assert_eq!(e("{{acs::RegionId}}"), err_at_invalid("acs::RegionId", 2));
    assert_eq!(e("{{ ACS::Custom }}"), err_at_invalid("ACS::Custom", 3));
    assert_eq!(
        e("{{ACS :: RegionId}}"),
        err_at_invalid("ACS :: RegionId", 2)
    );
    assert_eq!(
        e("{{ACS::ScriptFileName}}"),
        err_at_invalid("ACS::ScriptFileName", 2)
    );
    assert_eq!(e("{{aCs::}}"), err_at_invalid("aCs::", 2));
}

#[test]
fn err_parameter_store_malformed() {
    assert_eq!(e("{{oos:}}"), err_at_invalid("oos:", 2));
    assert_eq!(e("{{oos:/a/b}}"), err_at_invalid("oos:/a/b", 2));
    assert_eq!(e("{{OOS:a}}"), err_at_invalid("OOS:a", 2));
    assert_eq!(e("{{oos : a}}"), err_at_invalid("oos : a", 2));
}

#[test]
fn ok_err_name_length_limit() {
    let at = "n".repeat(MAX_NAME_BYTES);
    assert_eq!(names(&p(&format!("{{{{{at}}}}}"))), [at.as_str()]);
    let past = "n".repeat(MAX_NAME_BYTES + 1);
    assert_eq!(
        e(&format!("x {{{{ {past} }}}}")),
        err(
            TemplateErrorKind::NameTooLong {
                name: format!("{}...", "n".repeat(64)),
                len: 65,
                limit: 64
            },
            5
        )
    );
}

#[test]
fn ok_err_name_count_limit() {
    let at = numbered(MAX_CUSTOM_NAMES);
    assert_eq!(p(&at).custom_name_count(), 20);
    // Repeats (in any case) are not new names.
    assert_eq!(
        p(&format!("{at}{{{{P0}}}}{{{{p19}}}}")).custom_name_count(),
        20
    );
    let past = numbered(MAX_CUSTOM_NAMES + 1);
    let offset = past.find("{{p20}}").unwrap() + 2;
    assert_eq!(
        e(&past),
        err(
            TemplateErrorKind::TooManyNames {
                name: "p20".into(),
                count: 21,
                limit: 20
            },
            offset
        )
    );
}

#[test]
fn err_first_fault_in_text_order_wins() {
    assert_eq!(e("{{a.b}} {{}}"), err_at_invalid("a.b", 2));
    assert_eq!(e("{{}} {{a.b}}"), err(TemplateErrorKind::EmptyName, 0));
    // Parsing stops at the 21st name: a later fault is not reached.
    let text = format!("{}{{{{}}}}", numbered(21));
    assert!(matches!(e(&text).0, TemplateErrorKind::TooManyNames { .. }));
}

#[test]
fn err_long_names_are_shortened_in_errors() {
    let name = format!("{}.", "a".repeat(500));
    let (kind, _) = e(&format!("{{{{{name}}}}}"));
    let TemplateErrorKind::InvalidName { name: shown } = &kind else {
        panic!("{kind:?}")
    };
    assert_eq!(shown, &format!("{}...", "a".repeat(64)));
}

// ---------------------------------------------------------------- display

#[test]
fn ok_display_is_canonical_and_round_trips() {
    let text = "{ {{ a }}}{{{ ACS::CommandId}} x }} {{\noos-secret:k\n}}{{";
    let t = p(text);
    let canonical = t.to_string();
    assert_eq!(
        canonical,
        "{ {{a}}}{{{ACS::CommandId}} x }} {{oos-secret:k}}{{"
    );
    assert_eq!(p(&canonical), t);
    assert_eq!(p(&canonical).to_string(), canonical);
}

// ---------------------------------------------------------------- render

#[test]
fn ok_render_replaces_names_ignoring_case() {
    let t = p("echo {{ Greeting }}, {{name}}! {{NAME}}");
    assert_eq!(
        render(&t, &[("GREETING", "hi"), ("Name", "Jack"), ("unused", "x")]),
        "echo hi, Jack! Jack"
    );
}

#[test]
fn ok_render_empty_values_are_values() {
    let t = p("a{{x}}b");
    assert_eq!(render(&t, &[("x", "")]), "ab");
}

#[test]
fn ok_render_values_are_expanded_by_the_agent_but_not_for_custom_names() {
    let t = p("{{a}}");
    let values: Values<'_> = [("a", "{{b}} {{ACS::RegionId}} {{ ACS :: InvokeId }}")]
        .into_iter()
        .collect();
    let builtins = BuiltInValues {
        region_id: Some("cn-hangzhou"),
        ..BuiltInValues::default()
    };
    assert_eq!(
        t.render(&values, &builtins, usize::MAX).unwrap(),
        b"{{b}} cn-hangzhou {{ ACS :: InvokeId }}"
    );
}

#[test]
fn ok_render_builtins_and_store_references() {
    let t = p("{{ACS::RegionId}} {{ ACS::InstanceId }} {{oos:k}} {{ oos-secret:s }}");
    let builtins = BuiltInValues {
        region_id: Some("cn-hangzhou"),
        ..BuiltInValues::default()
    };
    // What has no value here stays byte for byte as written, blanks included.
    assert_eq!(
        t.render(&Values::new(), &builtins, usize::MAX).unwrap(),
        b"cn-hangzhou {{ ACS::InstanceId }} {{oos:k}} {{ oos-secret:s }}"
    );
    let all = BuiltInValues {
        region_id: Some("r"),
        account_id: Some("a"),
        instance_id: Some("i"),
        instance_name: Some("n"),
        invoke_id: Some("t"),
        command_id: Some("c"),
    };
    let text: String = BuiltIn::ALL
        .iter()
        .map(|b| format!("{{{{{b}}}}}"))
        .collect();
    assert_eq!(
        p(&text).render(&Values::new(), &all, usize::MAX).unwrap(),
        b"raintc"
    );
}

#[test]
fn ok_render_content_that_is_not_utf8() {
    let t = Template::parse(b"@echo \xc4\xe3\xba\xc3 {{who}}\r\n".to_vec()).unwrap();
    let values: Values<'_> = [("who", "Jack")].into_iter().collect();
    assert_eq!(
        t.render(&values, &BuiltInValues::default(), usize::MAX)
            .unwrap(),
        b"@echo \xc4\xe3\xba\xc3 Jack\r\n"
    );
}

#[test]
fn err_render_missing_value() {
    let t = p("{{a}} {{ B }} {{c}}");
    let values: Values<'_> = [("a", "1"), ("C", "3")].into_iter().collect();
    let got = t
        .render(&values, &BuiltInValues::default(), usize::MAX)
        .unwrap_err();
    assert_eq!(
        parts(&got),
        err(TemplateErrorKind::MissingValue { name: "B".into() }, 9)
    );
}

#[test]
fn ok_err_render_limit_is_exact() {
    let t = p("x{{a}}{{ACS::RegionId}}{{oos-secret:k}}y");
    let values: Values<'_> = [("a", "12345")].into_iter().collect();
    for builtins in [
        BuiltInValues::default(),
        BuiltInValues {
            region_id: Some("cn-beijing"),
            ..BuiltInValues::default()
        },
    ] {
        // The limit holds for the text of each phase: phase 1 keeps `{{ACS::RegionId}}`
        // (17 bytes), phase 2 puts its value in.
        let out = t.render(&values, &builtins, usize::MAX).unwrap();
        let longest = out.len().max(40);
        assert_eq!(t.render(&values, &builtins, longest).unwrap(), out);
        let over = t.render(&values, &builtins, longest - 1).unwrap_err();
        assert_eq!(
            parts(&over),
            err(
                TemplateErrorKind::OutputTooLarge {
                    len: longest,
                    limit: longest - 1
                },
                0
            )
        );
    }
}

#[test]
fn ok_values_collect_and_replace() {
    let values: Values<'_> = [("A", "1"), ("b", "2"), ("a", "3")].into_iter().collect();
    assert_eq!(values.len(), 2);
    assert_eq!(values.get("A"), Some("3"));
    assert!(Values::new().is_empty());
}

// ---------------------------------------------------------------- API errors

#[test]
fn ok_api_error_mapping() {
    let too_long = format!("{{{{{}}}}}", "a".repeat(65));
    let cases = [
        ("{{}}".to_owned(), ErrorCode::CmdParamEmptyKey, 400),
        (
            "{{a.b}}".to_owned(),
            ErrorCode::CmdParamInvalidParamName,
            400,
        ),
        (too_long.clone(), ErrorCode::CmdParamNameExceedLimit, 403),
        (numbered(21), ErrorCode::CmdParamCountExceedLimit, 403),
    ];
    for (text, code, status) in cases {
        let api = ApiError::from(te(&text));
        assert_eq!((api.code(), api.http_status()), (code, status), "{text}");
        assert!(
            api.detail().starts_with("CommandContent: byte "),
            "{}",
            api.detail()
        );
        assert_eq!(api.field(), Some("CommandContent"));
        assert!(std::error::Error::source(&api).is_some());
    }
    let api = ApiError::from(te("echo {{a.b}}"));
    assert_eq!(api.offset(), Some(7));
    assert_eq!(
        api.detail(),
        "CommandContent: byte 7: invalid parameter name `a.b`: a name has only letters, \
         digits, `_` and `-`, and `ACS::` is reserved for the built-in parameters"
    );
    let api = ApiError::from(te(&too_long));
    assert!(
        api.detail()
            .ends_with("is 65 bytes long, more than the limit of 64")
    );
    let missing = p("{{x}}")
        .render(&Values::new(), &BuiltInValues::default(), usize::MAX)
        .unwrap_err();
    let api = ApiError::from(missing);
    assert_eq!(api.code(), ErrorCode::ParameterMissingValue);
    assert_eq!(
        api.detail(),
        "Parameters: byte 2: no value for parameter `x`"
    );
}

// ---------------------------------------------------------------- launcher

fn l(text: &str) -> Launcher {
    Launcher::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn le(text: &str) -> (TemplateErrorKind, usize) {
    parts(&Launcher::parse(text).expect_err(text))
}

#[test]
fn ok_launcher_with_placeholder() {
    let launcher = l(r#"python3 -u {{ACS::ScriptFileName|Ext(".py")}}"#);
    assert!(launcher.has_script_file_name());
    assert_eq!(launcher.extension(), Some(".py"));
    assert_eq!(
        launcher.command_line("/root/c-1.py"),
        "python3 -u /root/c-1.py"
    );
    assert_eq!(
        launcher.to_string(),
        r#"python3 -u {{ACS::ScriptFileName|Ext(".py")}}"#
    );
}

#[test]
fn ok_launcher_placeholder_spellings() {
    for (text, ext) in [
        ("x {{ACS::ScriptFileName}} y", None),
        ("x {{ acs :: SCRIPTFILENAME }} y", None),
        ("x {{ACS::ScriptFileName|Ext(.py)}} y", Some(".py")),
        ("x {{ACS::ScriptFileName | ext(\"sh\") }} y", Some("sh")),
    ] {
        let launcher = l(text);
        assert_eq!(launcher.extension(), ext, "{text}");
        assert_eq!(launcher.command_line("/p"), "x /p y", "{text}");
        assert_eq!(l(&launcher.to_string()), launcher, "{text}");
    }
}

#[test]
fn ok_launcher_without_placeholder_appends_the_path() {
    let launcher = l("bash -x");
    assert!(!launcher.has_script_file_name());
    assert_eq!(launcher.extension(), None);
    assert_eq!(launcher.command_line("/tmp/a.sh"), "bash -x /tmp/a.sh");
    assert_eq!(l("bash -x \n").command_line("/a"), "bash -x /a");
    assert_eq!(l("").command_line("/a"), "/a");
    assert_eq!(l("  ").command_line("/a"), "/a");
    // Unclosed and stray braces are text.
    assert_eq!(
        l("sh {{ACS::ScriptFileName").command_line("/a"),
        "sh {{ACS::ScriptFileName /a"
    );
    assert_eq!(l("a }} b").command_line("/a"), "a }} b /a");
}

#[test]
fn ok_launcher_braces_around_the_placeholder() {
    let launcher = l("{{{ACS::ScriptFileName}}}");
    assert_eq!(launcher.command_line("/p"), "{/p}");
    assert_eq!(launcher.to_string(), "{{{ACS::ScriptFileName}}}");
}

#[test]
fn ok_err_launcher_length_limit() {
    let at = "a".repeat(MAX_LAUNCHER_BYTES);
    assert_eq!(l(&at).to_string(), at);
    let at_multibyte = format!("{}é", "a".repeat(MAX_LAUNCHER_BYTES - 2));
    assert_eq!(at_multibyte.len(), 1024);
    assert!(Launcher::parse(&at_multibyte).is_ok());
    let past = "a".repeat(MAX_LAUNCHER_BYTES + 1);
    assert_eq!(
        le(&past),
        err(
            TemplateErrorKind::LauncherTooLong {
                len: 1025,
                limit: 1024
            },
            1024
        )
    );
    // 1024 characters but 1025 bytes.
    let past_bytes = format!("{}é", "a".repeat(MAX_LAUNCHER_BYTES - 1));
    assert_eq!(past_bytes.chars().count(), 1024);
    assert_eq!(le(&past_bytes).1, 1024);
    // The length is checked before anything else.
    let bad_and_long = format!("{{{{x}}}}{}", "a".repeat(MAX_LAUNCHER_BYTES));
    assert!(matches!(
        le(&bad_and_long).0,
        TemplateErrorKind::LauncherTooLong { .. }
    ));
}

#[test]
fn err_launcher_other_placeholders() {
    for (text, placeholder, offset) in [
        ("bash {{name}}", "{{name}}", 5),
        ("bash {{}}", "{{}}", 5),
        ("sh {{ACS::InstanceId}}", "{{ACS::InstanceId}}", 3),
        (
            "sh {{ACS::ScriptFileName|Ext('.py')}}",
            "{{ACS::ScriptFileName|Ext('.py')}}",
            3,
        ),
        (
            "sh {{ACS::ScriptFileName|Ext()}}",
            "{{ACS::ScriptFileName|Ext()}}",
            3,
        ),
        ("sh {{ACS::ScriptFileName}} {{x}}", "{{x}}", 27),
    ] {
        assert_eq!(
            le(text),
            err(
                TemplateErrorKind::LauncherPlaceholder {
                    placeholder: placeholder.into()
                },
                offset
            ),
            "{text}"
        );
    }
}

#[test]
fn err_launcher_second_script_file_name() {
    assert_eq!(
        le("a {{ACS::ScriptFileName}} {{acs::scriptfilename|Ext(.sh)}}"),
        err(TemplateErrorKind::DuplicateScriptFileName, 26)
    );
    let api = ApiError::from(
        Launcher::parse("a {{ACS::ScriptFileName}}{{ACS::ScriptFileName}}").unwrap_err(),
    );
    assert_eq!(api.code(), ErrorCode::InvalidParameterLauncher);
    assert_eq!(api.http_status(), 400);
    assert_eq!(
        api.detail(),
        "Launcher: byte 25: second `{{ACS::ScriptFileName}}` placeholder in launcher"
    );
}

// ---------------------------------------------------------------- hostile input

// Linear work on hostile input: a quadratic scan would not finish these in a test run.

#[test]
fn ok_hostile_200k_placeholders() {
    let text = "{{a}}{{ B }}{{ACS::RegionId}}".repeat(200_000 / 3 + 1);
    let t = p(&text);
    assert_eq!(names(&t), ["a", "B"]);
    let values: Values<'_> = [("a", "1"), ("b", "22")].into_iter().collect();
    let out = t
        .render(&values, &BuiltInValues::default(), usize::MAX)
        .unwrap();
    assert_eq!(
        out.len(),
        (1 + 2 + "{{ACS::RegionId}}".len()) * (200_000 / 3 + 1)
    );
}

#[test]
fn ok_hostile_10mb_of_open_braces() {
    let text = "{".repeat(10 << 20);
    let t = p(&text);
    assert_eq!(segs(&t), [Segment::Text(text.as_bytes())]);
    let text = "{{".repeat(5 << 20) + "x";
    assert_eq!(p(&text).segments().count(), 1);
    assert!(Launcher::parse(&text).is_err());
}

#[test]
fn ok_hostile_repeated_braces() {
    let text = "{{a}".repeat(1 << 20);
    assert_eq!(p(&text).segments().count(), 1);
    let text = "{{a{".repeat(1 << 20);
    assert_eq!(p(&text).segments().count(), 1);
    let text = "}".repeat(10 << 20);
    assert_eq!(p(&text).segments().count(), 1);
    let text = format!("{}a{}", "{".repeat(1 << 20), "}".repeat(1 << 20));
    let t = p(&text);
    assert_eq!(names(&t), ["a"]);
}

#[test]
fn ok_hostile_long_name_and_many_names_stop_early() {
    let text = format!("{{{{{}}}}}", "a".repeat(10 << 20));
    let err = e(&text);
    assert_eq!(err.1, 2);
    assert!(matches!(err.0, TemplateErrorKind::NameTooLong { len, .. } if len == 10 << 20));
    let text = numbered(200_000);
    let err = e(&text);
    assert!(matches!(
        err.0,
        TemplateErrorKind::TooManyNames { count: 21, .. }
    ));
}
