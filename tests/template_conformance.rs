//! Runs the conformance cases of `spec/cases/template.jsonl`.
//!
//! One JSON object per line, with a `source` (the page or rule it comes from) and either:
//!
//! - `content` (a command content): `"ok": true` with the custom `names` in order, and
//!   optionally `builtins` (placeholders in order of first appearance), `canonical` (the
//!   `Display` text) and `render` (`values`, optional `builtins` keyed like the fields of
//!   `BuiltInValues`, then `expected` text or an error `code` and `offset`); or `"ok": false`
//!   with the API `code` and byte `offset` of the first fault;
//! - `launcher`: `"ok": true` with `extension` (or null) and `render` (`path`, `expected`); or
//!   `"ok": false` with `code` and `offset`.
//!
//! Every case must pass, except those listed in `EXPECTED_FAILURES` (by line number), which
//! must fail: an unexpected pass fails the run too, so the list only shrinks.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;

use ecs_runcommand::template::{BuiltInValues, Launcher, Template, TemplateError, Values};
use serde_json::Value;

const CASES: &str = include_str!("../spec/cases/template.jsonl");

/// Line numbers (1-based) of cases known not to pass yet.
const EXPECTED_FAILURES: &[usize] = &[];

fn text<'v>(case: &'v Value, key: &str) -> Result<&'v str, String> {
    case[key]
        .as_str()
        .ok_or_else(|| format!("`{key}` is not a string"))
}

fn strings(case: &Value, key: &str) -> Vec<String> {
    case[key]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn check_error(case: &Value, err: &TemplateError) -> Result<(), String> {
    let code = text(case, "code")?;
    let offset = case["offset"].as_u64().ok_or("`offset` is missing")?;
    if err.code().as_str() != code || err.offset as u64 != offset {
        return Err(format!(
            "expected {code} at {offset}, got {} at {} ({err})",
            err.code().as_str(),
            err.offset
        ));
    }
    Ok(())
}

fn builtin_values(spec: &Value) -> Result<BuiltInValues<'_>, String> {
    let mut values = BuiltInValues::default();
    let Some(map) = spec.as_object() else {
        return Ok(values);
    };
    for (key, value) in map {
        let value = value.as_str().ok_or("built-in values are strings")?;
        let slot = match key.as_str() {
            "region_id" => &mut values.region_id,
            "account_id" => &mut values.account_id,
            "instance_id" => &mut values.instance_id,
            "instance_name" => &mut values.instance_name,
            "invoke_id" => &mut values.invoke_id,
            "command_id" => &mut values.command_id,
            other => return Err(format!("unknown built-in `{other}`")),
        };
        *slot = Some(value);
    }
    Ok(values)
}

fn run_content(case: &Value) -> Result<(), String> {
    let content = text(case, "content")?;
    let parsed = Template::parse(content);
    let template = match (case["ok"].as_bool(), parsed) {
        (Some(false), Err(err)) => return check_error(case, &err),
        (Some(false), Ok(t)) => return Err(format!("accepted, names {:?}", names(&t))),
        (_, Err(err)) => return Err(format!("rejected: {err} ({})", err.code().as_str())),
        (_, Ok(t)) => t,
    };
    let expected = strings(case, "names");
    if names(&template) != expected {
        return Err(format!(
            "names {:?}, expected {expected:?}",
            names(&template)
        ));
    }
    if case.get("builtins").is_some() {
        let got: Vec<&str> = template.builtins().iter().map(|b| b.name()).collect();
        if got != strings(case, "builtins") {
            return Err(format!("builtins {got:?}"));
        }
    }
    let canonical = template.to_string();
    if let Some(want) = case["canonical"].as_str() {
        if canonical != want {
            return Err(format!("canonical {canonical:?}, expected {want:?}"));
        }
    }
    if Template::parse(&canonical).as_ref() != Ok(&template) {
        return Err(format!("canonical text {canonical:?} does not parse back"));
    }
    let render = &case["render"];
    if render.is_null() {
        return Ok(());
    }
    let values: Values<'_> = render["values"]
        .as_object()
        .ok_or("`render.values` is missing")?
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or_default()))
        .collect();
    let builtins = builtin_values(&render["builtins"])?;
    match (
        template.render(&values, &builtins),
        render["expected"].as_str(),
    ) {
        (Ok(out), Some(want)) if out == want => Ok(()),
        (Ok(out), Some(want)) => Err(format!("rendered {out:?}, expected {want:?}")),
        (Ok(out), None) => Err(format!("rendered {out:?}, expected an error")),
        (Err(err), None) => check_error(render, &err),
        (Err(err), Some(_)) => Err(format!("render failed: {err}")),
    }
}

fn run_launcher(case: &Value) -> Result<(), String> {
    let source = text(case, "launcher")?;
    let launcher = match (case["ok"].as_bool(), Launcher::parse(source)) {
        (Some(false), Err(err)) => return check_error(case, &err),
        (Some(false), Ok(l)) => return Err(format!("accepted as {l}")),
        (_, Err(err)) => return Err(format!("rejected: {err} ({})", err.code().as_str())),
        (_, Ok(l)) => l,
    };
    if launcher.extension() != case["extension"].as_str() {
        return Err(format!("extension {:?}", launcher.extension()));
    }
    let canonical = launcher.to_string();
    if Launcher::parse(&canonical) != Ok(launcher) {
        return Err(format!("canonical text {canonical:?} does not parse back"));
    }
    let render = &case["render"];
    let out = launcher.render(text(render, "path")?);
    let want = text(render, "expected")?;
    if out != want {
        return Err(format!("rendered {out:?}, expected {want:?}"));
    }
    Ok(())
}

fn names<'a>(t: &Template<'a>) -> Vec<&'a str> {
    t.custom_names().collect()
}

fn run(case: &Value) -> Result<(), String> {
    if case["source"].as_str().is_none_or(str::is_empty) {
        return Err("`source` is missing".into());
    }
    if case.get("content").is_some() {
        run_content(case)
    } else if case.get("launcher").is_some() {
        run_launcher(case)
    } else {
        Err("neither `content` nor `launcher`".into())
    }
}

#[test]
fn conformance_cases() {
    let mut failures = Vec::new();
    let mut unexpected_passes = Vec::new();
    let mut count = 0;
    for (index, line) in CASES.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        count += 1;
        let case: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("line {number}: not JSON: {e}"));
        let result = run(&case);
        match (result, EXPECTED_FAILURES.contains(&number)) {
            (Ok(()), false) | (Err(_), true) => {}
            (Ok(()), true) => unexpected_passes.push(number),
            (Err(why), false) => failures.push(format!("line {number}: {why}\n    {line}")),
        }
    }
    assert!(count >= 80, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        unexpected_passes.is_empty(),
        "cases listed in EXPECTED_FAILURES now pass (remove them): {unexpected_passes:?}"
    );
}

/// Every code the template module can answer with at parse time has a rejected case, and both
/// sides of every limit are present.
#[test]
fn conformance_cases_cover_every_rule() {
    let cases: Vec<Value> = CASES
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let codes: BTreeSet<&str> = cases
        .iter()
        .flat_map(|c| [c["code"].as_str(), c["render"]["code"].as_str()])
        .flatten()
        .collect();
    for code in [
        "CmdParam.EmptyKey",
        "CmdParam.InvalidParamName",
        "CmdParamName.ExceedLimit",
        "CmdParamCount.ExceedLimit",
        "Parameter.MissingValue",
        "InvalidLauncher.LengthLimitExceeded",
        "InvalidParameter.Launcher",
    ] {
        assert!(codes.contains(code), "no case for {code}");
    }
    let has = |pred: &dyn Fn(&Value) -> bool| cases.iter().any(pred);
    let longest_name = |c: &Value| {
        c["names"].as_array().map_or(0, |n| {
            n.iter()
                .map(|s| s.as_str().unwrap().len())
                .max()
                .unwrap_or(0)
        })
    };
    assert!(has(&|c| c["ok"] == true && longest_name(c) == 64));
    assert!(has(&|c| c["code"] == "CmdParamName.ExceedLimit"));
    assert!(has(
        &|c| c["ok"] == true && c["names"].as_array().map_or(0, Vec::len) == 20
    ));
    assert!(has(&|c| c["code"] == "CmdParamCount.ExceedLimit"));
    let launcher_len = |c: &Value| c["launcher"].as_str().map_or(0, str::len);
    assert!(has(&|c| c["ok"] == true && launcher_len(c) == 1024));
    assert!(has(&|c| c["ok"] == false && launcher_len(c) == 1025));
}
