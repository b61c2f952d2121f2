//! The one conformance runner: every case of `spec/cases/*.jsonl`, each with the rule it comes
//! from (`source`), run through the library.
//!
//! - `request.jsonl`: a request (`query`, `request`, or `request_json`: a JSON request as text,
//!   for one nested too deep to be a case's own value); `"ok": true` with parts of the
//!   normalized output (`expect`) and optionally the exact `warnings`; or `"ok": false` with
//!   the `code`, `status` and optionally the exact `detail`, and with `all` the codes of every
//!   fault in order.
//! - `context`: in a request or render case, a snapshot of the service's state
//!   (`context::Snapshot`): the request is checked with `check_with` / `check_all_with` and
//!   rendered with `render_with`. An accepted request case may give its `fingerprint` and its
//!   `targets` (the instances it runs on).
//! - `render.jsonl`: a request and the `builtins` of one run (`InstanceId`, `InvokeId`, ...,
//!   and optionally `max_bytes`); `"ok": true` with parts of the rendered answer (`expect`:
//!   `script`, `script_base64`, `script_name`, `script_path`, `command_line`, `argv`,
//!   `username`, `working_dir`, `warnings`); or `"ok": false` with `code`, `status`, `detail`.
//! - `template.jsonl`: a command `content` or a `launcher` on its own: names, built-ins,
//!   canonical text, rendering, or the code and byte offset of the first fault.
//! - `frequency.jsonl`: a `frequency` with `now` (and `timeout`, `zone`, `dst`): the exact
//!   fire times, or the code, error kind, byte offset and detail.
//!
//! `spec/expected-failures.txt` lists the cases known to fail as `<file>:<line>`; a listed case
//! that passes fails the run too, so the list only shrinks.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::collections::BTreeSet;

use base64::Engine as _;
use chrono::{DateTime, SecondsFormat, Utc};
use ecs_runcommand::context::Snapshot;
use ecs_runcommand::render::Instance;
use ecs_runcommand::schedule::{DstPolicy, Frequency, ScheduleErrorKind, Zone};
use ecs_runcommand::template::{BuiltInValues, Launcher, Template, TemplateError, Values};
use ecs_runcommand::{
    ApiError, CheckedRequest, RawRequest, check, check_all, check_all_with, check_with,
};
use serde_json::Value;

const FILES: [(&str, &str); 4] = [
    ("request.jsonl", include_str!("../spec/cases/request.jsonl")),
    ("render.jsonl", include_str!("../spec/cases/render.jsonl")),
    (
        "template.jsonl",
        include_str!("../spec/cases/template.jsonl"),
    ),
    (
        "frequency.jsonl",
        include_str!("../spec/cases/frequency.jsonl"),
    ),
];
const EXPECTED_FAILURES: &str = include_str!("../spec/expected-failures.txt");

/// The `now` of request and render cases.
fn request_now() -> DateTime<Utc> {
    "2025-01-01T00:00:00Z".parse().unwrap()
}

fn text<'v>(case: &'v Value, key: &str) -> Result<&'v str, String> {
    case[key]
        .as_str()
        .ok_or_else(|| format!("`{key}` is not a string"))
}

/// The request of a case, as sent: its `query`, or its `request` as JSON text.
enum Sent {
    Query(String),
    Json(String),
}

impl Sent {
    fn of(case: &Value) -> Sent {
        match (&case["query"], &case["request"], &case["request_json"]) {
            (Value::String(q), Value::Null, Value::Null) => Sent::Query(q.clone()),
            (Value::Null, r @ Value::Object(_), Value::Null) => Sent::Json(r.to_string()),
            (Value::Null, Value::Null, Value::String(text)) => Sent::Json(text.clone()),
            _ => panic!("a case needs one of `query`, `request` and `request_json`"),
        }
    }

    fn decode(&self) -> Result<RawRequest<'_>, ApiError> {
        match self {
            Sent::Query(q) => RawRequest::from_query(q.as_bytes()),
            Sent::Json(text) => RawRequest::from_json(text),
        }
    }
}

/// Compares a rejection with the case's `code`, `status` and (if given) `detail`.
fn check_rejection(case: &Value, err: &ApiError) -> Result<(), String> {
    let code = text(case, "code")?;
    let status = case["status"].as_u64().ok_or("`status` is missing")?;
    if err.code().as_str() != code || u64::from(err.http_status()) != status {
        return Err(format!(
            "got {} {} ({}), want {status} {code}",
            err.http_status(),
            err.code().as_str(),
            err.detail()
        ));
    }
    if let Some(detail) = case["detail"].as_str()
        && err.detail() != detail
    {
        return Err(format!("detail `{}`, want `{detail}`", err.detail()));
    }
    Ok(())
}

/// Every key of `expect` has exactly its value in `got`.
fn check_expect(expect: &Value, got: &Value) -> Result<(), String> {
    let Some(expect) = expect.as_object() else {
        return Ok(());
    };
    for (k, v) in expect {
        if got.get(k) != Some(v) {
            let mut shown = format!("{k} = {:?}, want {v}", got.get(k));
            if shown.len() > 600 {
                shown.truncate(600);
                shown.push_str("...");
            }
            return Err(shown);
        }
    }
    Ok(())
}

/// The case's `context` snapshot, if it has one.
fn context(case: &Value) -> Option<Snapshot> {
    case.get("context").map(|snapshot| {
        Snapshot::from_json(&snapshot.to_string())
            .unwrap_or_else(|e| panic!("`context` is not a snapshot: {e}"))
    })
}

/// Checks the case's request up to its first fault, with its context if it has one.
fn check_first(sent: &Sent, view: Option<&Snapshot>) -> Result<CheckedRequest, ApiError> {
    let raw = sent.decode()?;
    match view {
        Some(view) => check_with(raw, request_now(), view),
        None => check(raw, request_now()),
    }
}

// ---------------------------------------------------------------- request.jsonl

fn run_request(case: &Value) -> Result<(), String> {
    let sent = Sent::of(case);
    let view = context(case);
    let first = check_first(&sent, view.as_ref());
    let all = sent
        .decode()
        .map_err(|e| vec![e])
        .and_then(|raw| match &view {
            Some(view) => check_all_with(raw, request_now(), view),
            None => check_all(raw, request_now()),
        });
    match (case["ok"].as_bool(), first, all) {
        (Some(true), Ok(request), Ok(_)) => {
            let got = serde_json::to_value(&request).unwrap();
            check_expect(&case["expect"], &got)?;
            if let Some(want) = case["fingerprint"].as_str()
                && request.fingerprint().to_string() != want
            {
                return Err(format!(
                    "fingerprint {}, want {want}",
                    request.fingerprint()
                ));
            }
            if let Some(want) = case["targets"].as_array() {
                let got: Vec<&str> = request.targets().iter().map(|id| id.as_str()).collect();
                let want: Vec<&str> = want.iter().map(|v| v.as_str().unwrap()).collect();
                if got != want {
                    return Err(format!("targets {got:?}, want {want:?}"));
                }
            }
            if let Some(want) = case["warnings"].as_array() {
                let got: Vec<Value> = request
                    .warnings()
                    .iter()
                    .map(|w| Value::String(w.to_string()))
                    .collect();
                if &got != want {
                    return Err(format!("warnings {got:?}, want {want:?}"));
                }
            }
            Ok(())
        }
        (Some(false), Err(err), Err(errors)) => {
            if errors.first() != Some(&err) {
                return Err(format!("first fault {err} is not the first of all faults"));
            }
            check_rejection(case, &err)?;
            if let Some(want) = case["all"].as_array() {
                let got: Vec<Value> = errors
                    .iter()
                    .map(|e| Value::String(e.code().as_str().to_owned()))
                    .collect();
                if &got != want {
                    return Err(format!("all faults {got:?}, want {want:?}"));
                }
            }
            Ok(())
        }
        (_, Ok(_), _) => Err("accepted".into()),
        (_, Err(err), _) => Err(format!("rejected with {err}")),
    }
}

// ---------------------------------------------------------------- render.jsonl

fn run_render(case: &Value) -> Result<(), String> {
    let builtins = &case["builtins"];
    let field = |key: &str| builtins[key].as_str();
    let mut instance = Instance::new(field("InstanceId").unwrap(), field("InvokeId").unwrap());
    if let Some(v) = field("InstanceName") {
        instance = instance.instance_name(v);
    }
    if let Some(v) = field("AccountId") {
        instance = instance.account_id(v);
    }
    if let Some(v) = field("CommandId") {
        instance = instance.command_id(v);
    }
    let max = case["max_bytes"]
        .as_u64()
        .map_or(usize::MAX, |n| usize::try_from(n).unwrap());
    let sent = Sent::of(case);
    let view = context(case);
    let result = check_first(&sent, view.as_ref()).and_then(|request| {
        let run = match &view {
            Some(view) => request.render_with(&instance, view, max)?,
            None => request.render(&instance, max)?,
        };
        Ok((run, request))
    });
    match (case["ok"].as_bool(), result) {
        (Some(true), Ok((run, request))) => {
            let got = serde_json::json!({
                "script": run.script_text(),
                "script_base64": base64::engine::general_purpose::STANDARD.encode(run.script()),
                "script_name": run.script_name(),
                "script_path": run.script_path(),
                "command_line": run.command_line(),
                "argv": run.argv(),
                "username": run.username(),
                "working_dir": run.working_dir(),
                "warnings": request.warnings().iter().map(ToString::to_string).collect::<Vec<_>>(),
            });
            check_expect(&case["expect"], &got)
        }
        (Some(false), Err(err)) => check_rejection(case, &err),
        (_, Ok((run, _))) => Err(format!(
            "rendered {} bytes: {:?}...",
            run.script().len(),
            String::from_utf8_lossy(&run.script()[..run.script().len().min(80)])
        )),
        (_, Err(err)) => Err(format!("rejected with {err}")),
    }
}

// ---------------------------------------------------------------- template.jsonl

fn strings(case: &Value, key: &str) -> Vec<String> {
    case[key].as_array().map_or_else(Vec::new, |items| {
        items
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    })
}

fn check_template_error(case: &Value, err: &TemplateError) -> Result<(), String> {
    let code = text(case, "code")?;
    let offset = case["offset"].as_u64().ok_or("`offset` is missing")?;
    let api = ApiError::from(err.clone());
    if api.code().as_str() != code || err.offset() as u64 != offset {
        return Err(format!(
            "expected {code} at {offset}, got {} at {} ({err})",
            api.code().as_str(),
            err.offset()
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

fn names(t: &Template) -> Vec<&str> {
    t.custom_names().collect()
}

fn run_content(case: &Value) -> Result<(), String> {
    let content = text(case, "content")?;
    let template = match (case["ok"].as_bool(), Template::parse(content)) {
        (Some(false), Err(err)) => return check_template_error(case, &err),
        (Some(false), Ok(t)) => return Err(format!("accepted, names {:?}", names(&t))),
        (_, Err(err)) => return Err(format!("rejected: {err}")),
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
    if let Some(want) = case["canonical"].as_str()
        && canonical != want
    {
        return Err(format!("canonical {canonical:?}, expected {want:?}"));
    }
    if Template::parse(canonical.as_str()).as_ref() != Ok(&template) {
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
        .map(|(k, v)| (k.as_str(), v.as_str().unwrap()))
        .collect();
    let builtins = builtin_values(&render["builtins"])?;
    let out = template.render(&values, &builtins, usize::MAX);
    match (out, render["expected"].as_str()) {
        (Ok(out), Some(want)) if out == want.as_bytes() => Ok(()),
        (Ok(out), Some(want)) => Err(format!(
            "rendered {:?}, expected {want:?}",
            String::from_utf8_lossy(&out)
        )),
        (Ok(out), None) => Err(format!(
            "rendered {:?}, expected an error",
            String::from_utf8_lossy(&out)
        )),
        (Err(err), None) => check_template_error(render, &err),
        (Err(err), Some(_)) => Err(format!("render failed: {err}")),
    }
}

fn run_launcher(case: &Value) -> Result<(), String> {
    let source = text(case, "launcher")?;
    let launcher = match (case["ok"].as_bool(), Launcher::parse(source)) {
        (Some(false), Err(err)) => return check_template_error(case, &err),
        (Some(false), Ok(l)) => return Err(format!("accepted as {l}")),
        (_, Err(err)) => return Err(format!("rejected: {err}")),
        (_, Ok(l)) => l,
    };
    if launcher.extension() != case["extension"].as_str() {
        return Err(format!("extension {:?}", launcher.extension()));
    }
    let canonical = launcher.to_string();
    if Launcher::parse(&canonical).as_ref() != Ok(&launcher) {
        return Err(format!("canonical text {canonical:?} does not parse back"));
    }
    let render = &case["render"];
    let out = launcher.command_line(text(render, "path")?);
    let want = text(render, "expected")?;
    if out != want {
        return Err(format!("rendered {out:?}, expected {want:?}"));
    }
    if let Some(want) = render["argv"].as_array() {
        let got = launcher.argv(text(render, "path")?);
        let want: Vec<&str> = want.iter().map(|v| v.as_str().unwrap()).collect();
        if got != want {
            return Err(format!("argv {got:?}, expected {want:?}"));
        }
    }
    Ok(())
}

fn run_template(case: &Value) -> Result<(), String> {
    if case.get("content").is_some() {
        run_content(case)
    } else if case.get("launcher").is_some() {
        run_launcher(case)
    } else {
        Err("neither `content` nor `launcher`".into())
    }
}

// ---------------------------------------------------------------- frequency.jsonl

/// The name of an error kind, as the cases write it.
fn kind_name(kind: &ScheduleErrorKind) -> &'static str {
    use ScheduleErrorKind as K;
    match kind {
        K::Empty => "Empty",
        K::TooLong { .. } => "TooLong",
        K::FieldCount { .. } => "FieldCount",
        K::Syntax { .. } => "Syntax",
        K::OutOfRange { .. } => "OutOfRange",
        K::LeadingZeros { .. } => "LeadingZeros",
        K::StepOutOfRange { .. } => "StepOutOfRange",
        K::ReversedRange { .. } => "ReversedRange",
        K::SpecialInList { .. } => "SpecialInList",
        K::QuestionMark { .. } => "QuestionMark",
        K::DayConflict { .. } => "DayConflict",
        K::Zone { .. } => "Zone",
        K::InvalidDateTime { .. } => "InvalidDateTime",
        K::RateOutOfRange { .. } => "RateOutOfRange",
        K::RateNotAboveTimeout { .. } => "RateNotAboveTimeout",
        K::YearInPast { .. } => "YearInPast",
        K::AtInPast { .. } => "AtInPast",
        K::AtNonexistent { .. } => "AtNonexistent",
        K::IntervalTooShort { .. } => "IntervalTooShort",
        K::NoFireTime { .. } => "NoFireTime",
        _ => "a kind this runner does not know",
    }
}

fn run_frequency(case: &Value) -> Result<(), String> {
    let text = case["frequency"].as_str().unwrap();
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339(case["now"].as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc);
    let timeout = u32::try_from(case.get("timeout").and_then(Value::as_u64).unwrap_or(60)).unwrap();
    let zone: Option<Zone> = case
        .get("zone")
        .map(|z| z.as_str().unwrap().parse().unwrap());
    let dst: DstPolicy = case
        .get("dst")
        .map_or(DstPolicy::Quartz, |d| d.as_str().unwrap().parse().unwrap());
    let result = Frequency::parse(text).and_then(|f| {
        f.validate(now, timeout, zone.as_ref())?;
        Ok(f)
    });
    match (case["ok"].as_bool().unwrap(), result) {
        (true, Ok(f)) => {
            let expected: Vec<&str> = case["next"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            let schedule = f.schedule(now, &zone.unwrap_or(Zone::Utc), dst);
            let got: Vec<String> = schedule
                .iter_after(now)
                .take(expected.len() + 1)
                .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
                .collect();
            // The case lists every fire time when it lists fewer than were asked for.
            let got = &got[..expected.len().min(got.len())];
            if got != expected.as_slice() {
                return Err(format!("fire times {got:?}, expected {expected:?}"));
            }
            let again = Frequency::parse(&f.to_string()).map_err(|e| e.to_string())?;
            if again != f {
                return Err(format!(
                    "canonical form `{f}` does not parse back to the same value"
                ));
            }
            Ok(())
        }
        (true, Err(e)) => Err(format!("rejected: {e}")),
        (false, Ok(f)) => Err(format!("accepted as `{f}`")),
        (false, Err(e)) => {
            let api = ApiError::from(e.clone());
            let checks = [
                (api.code().as_str(), case["code"].as_str().unwrap()),
                (kind_name(e.kind()), case["kind"].as_str().unwrap()),
                (api.detail(), case["detail"].as_str().unwrap()),
            ];
            for (got, want) in checks {
                if got != want {
                    return Err(format!("got `{got}`, expected `{want}`"));
                }
            }
            if e.offset() as u64 != case["offset"].as_u64().unwrap() {
                return Err(format!(
                    "offset {}, expected {}",
                    e.offset(),
                    case["offset"]
                ));
            }
            Ok(())
        }
    }
}

// ---------------------------------------------------------------- the runner

fn cases(file: &str) -> Vec<(usize, Value)> {
    let (_, text) = FILES.iter().find(|(name, _)| *name == file).unwrap();
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let case = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{file}:{}: not JSON: {e}", i + 1));
            (i + 1, case)
        })
        .collect()
}

#[test]
fn conformance_cases() {
    let expected_failures: BTreeSet<&str> = EXPECTED_FAILURES
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    for (file, _) in FILES {
        let run: fn(&Value) -> Result<(), String> = match file {
            "request.jsonl" => run_request,
            "render.jsonl" => run_render,
            "template.jsonl" => run_template,
            _ => run_frequency,
        };
        for (line, case) in cases(file) {
            let id = format!("{file}:{line}");
            let result = if case["source"].as_str().is_none_or(str::is_empty) {
                Err("`source` is missing".to_owned())
            } else {
                run(&case)
            };
            let listed = expected_failures.contains(id.as_str());
            match (result, listed) {
                (Ok(()), false) | (Err(_), true) => {}
                (Ok(()), true) => {
                    failures.push(format!(
                        "{id}: passes but is listed in expected-failures.txt"
                    ));
                }
                (Err(why), false) => failures.push(format!("{id}: {why}")),
            }
            seen.insert(id);
        }
    }
    let stale: Vec<&&str> = expected_failures
        .iter()
        .filter(|id| !seen.contains(**id))
        .collect();
    assert!(
        stale.is_empty(),
        "expected-failures.txt lists cases that do not exist: {stale:?}"
    );
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_file_has_its_cases() {
    for (file, minimum) in [
        ("request.jsonl", 130),
        ("render.jsonl", 20),
        ("template.jsonl", 80),
        ("frequency.jsonl", 90),
    ] {
        let count = cases(file).len();
        assert!(count >= minimum, "{file}: only {count} cases");
    }
}

/// Every code the template module can answer with at parse time has a rejected case, and both
/// sides of every limit are present.
#[test]
fn template_cases_cover_every_rule() {
    let cases: Vec<Value> = cases("template.jsonl")
        .into_iter()
        .map(|(_, c)| c)
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

/// Every code of the context rules has a rejected and an accepted case with a `context`.
#[test]
fn context_cases_cover_every_context_code() {
    let with_context: Vec<Value> = ["request.jsonl", "render.jsonl"]
        .iter()
        .flat_map(|file| cases(file))
        .map(|(_, c)| c)
        .filter(|c| c.get("context").is_some())
        .collect();
    let codes: BTreeSet<&str> = with_context
        .iter()
        .filter_map(|c| c["code"].as_str())
        .collect();
    for code in [
        "IdempotentParameterMismatch",
        "IdempotentProcessing",
        "InvalidRegionId.NotFound",
        "RegionId.ApiNotSupported",
        "InvalidResourceGroup.NotFound",
        "InvalidStatus.ResourceGroup",
        "ParameterStore.InvalidParameters",
        "ParameterStore.NoPermission",
        "InstanceIds.ExceedLimit",
        "InvalidResourceTag.InstanceNotFound",
        "InvalidInstance.NotFound",
        "InvalidParameter.ResourceGroupId",
        "InvalidInstance.NotMatch",
        "CmdCount.ExceedQuota",
        "Invocation.ExceedQuota",
        "ClientNeedUpgrade",
    ] {
        assert!(codes.contains(code), "no rejected context case for {code}");
        // An accepted case of the same rule names the code in its `source`.
        assert!(
            with_context
                .iter()
                .any(|c| c["ok"] == true && c["source"].as_str().is_some_and(|s| s.contains(code))),
            "no accepted context case whose source names {code}"
        );
    }
}

/// Every code a request or its rendering can be answered with, without the service's state,
/// has a rejected case.
#[test]
fn request_and_render_cases_cover_every_static_code() {
    let codes: BTreeSet<String> = ["request.jsonl", "render.jsonl"]
        .iter()
        .flat_map(|file| cases(file))
        .filter_map(|(_, c)| c["code"].as_str().map(str::to_owned))
        .collect();
    for code in [
        "MissingParameter.RegionId",
        "MissingParameter.Type",
        "MissingParameter.CommandContent",
        "CmdName.ExceedLimit",
        "InvalidParameterCharacter.CommandName",
        "CmdDesc.ExceedLimit",
        "InvalidParameterCharacter.CommandDescription",
        "InvalidCmdType.NotFound",
        "CmdContent.ExceedLimit",
        "CmdContent.DecodeError",
        "CmdParam.EmptyKey",
        "CmdParam.InvalidParamName",
        "CmdParamName.ExceedLimit",
        "CmdParamCount.ExceedLimit",
        "InvalidParameter.WorkingDir",
        "InvalidParameterCharacter.CommandWorkingDir",
        "InvalidTimeout.ExceedLimit",
        "InvalidParameter.EnableParameter",
        "InvalidRepeatMode.NotFound",
        "InvalidParam.Frequency",
        "MissingParam.Frequency",
        "InvalidParameter.Parameters",
        "ParameterType.NotSupported",
        "ParameterCount.ExceedLimit",
        "InvalidParameterCharset.Parameters",
        "Parameter.Disabled",
        "ParameterKey.ExceedLimit",
        "ParameterKey.Duplicate",
        "Parameter.NotMatched",
        "Parameter.MissingValue",
        "InvalidParameter.KeepCommand",
        "Username.ExceedLimit",
        "WindowsPasswordName.ExceedLimit",
        "WindowsPasswordName.Missed",
        "InstanceIds.ExceedLimit",
        "InvalidInstance.NotFound",
        "NumberExceed.Tags",
        "MissingParameter.TagKey",
        "InvalidTagKey.Malformed",
        "InvalidTagValue.Malformed",
        "Duplicate.TagKey",
        "InvalidContainerId.Malformed",
        "InvalidContainerName.Malformed",
        "InvalidParameter.Type",
        "InvalidClientToken.Malformed",
        "NumberExceed.ResourceTags",
        "MissingParameter.ResourceTagKey",
        "InvalidResourceTagKey.Malformed",
        "InvalidResourceTagValue.Malformed",
        "Duplicate.ResourceTagKey",
        "InvalidResourceTag.ConflictWithInstanceIds",
        "MissingParam.InstanceId",
        "InvalidTerminationMode.NotFound",
        "InvalidLauncher.LengthLimitExceeded",
        "InvalidParameter.Launcher",
        "InvalidParameter",
        "InvalidEnvironmentParameter",
    ] {
        assert!(codes.contains(code), "no request or render case for {code}");
    }
}
