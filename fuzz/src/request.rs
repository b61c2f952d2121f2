//! Whole requests: decoding and checking never panic, both modes agree, accepted requests
//! survive the SDK query and JSON round trips, and render for an instance without panicking.

use arbitrary::{Arbitrary, Unstructured};
use chrono::{DateTime, Utc};
use ecs_runcommand::render::{Instance, Invocation};
use ecs_runcommand::{CheckedRequest, RawRequest, check, check_all};

use crate::Outcome;
use crate::sdk::encode_component;

/// The fixed "current time" of every check.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_735_689_600, 0).unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

/// Decodes `data` as a JSON request when its first non-blank byte is `{`, else as a query.
fn decode(data: &[u8]) -> Option<Result<RawRequest<'_>, ecs_runcommand::ApiError>> {
    if data.trim_ascii_start().first() == Some(&b'{') {
        std::str::from_utf8(data).ok().map(RawRequest::from_json)
    } else {
        Some(RawRequest::from_query(data))
    }
}

/// The checks every accepted request passes.
fn accepted(request: &CheckedRequest) {
    // Warnings (ignored parameters, lenient readings) do not survive re-encoding.
    if request.warnings().is_empty() {
        let query = request.to_query();
        let again = RawRequest::from_query(query.as_bytes())
            .and_then(|raw| check(raw, now()))
            .expect("a valid request re-encoded stays valid");
        assert_eq!(&again, request, "query round trip");
        let json = serde_json::to_string(request).expect("serializable");
        let from_json = RawRequest::from_json(&json)
            .and_then(|raw| check(raw, now()))
            .expect("the normalized JSON is valid");
        assert_eq!(&from_json, request, "JSON round trip");
    }
    let id = request
        .instance_ids()
        .first()
        .map_or("i-fuzz", |id| id.as_str());
    let instance = Instance::new(id, "t-fuzz").command_id("c-fuzz");
    if let Ok(run) = request.render(&instance, Invocation::DEFAULT_MAX_BYTES) {
        assert!(run.script().len() <= Invocation::DEFAULT_MAX_BYTES);
        assert!(!run.argv().is_empty());
    }
}

/// Raw bytes as a whole request (a query string, or JSON when it starts with `{`).
///
/// # Panics
/// When the two modes disagree, a round trip changes the request, or anything panics.
pub fn request_raw(data: &[u8]) -> Outcome {
    let (Some(first), Some(all)) = (decode(data), decode(data)) else {
        return Outcome::Reject;
    };
    let first = first.and_then(|raw| check(raw, now()));
    let all = all
        .map_err(|e| vec![e])
        .and_then(|raw| check_all(raw, now()));
    match (&first, &all) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b);
            accepted(a);
        }
        (Err(e), Err(list)) => {
            assert_eq!(list.first(), Some(e), "first fault = first of all faults")
        }
        _ => panic!("first-fault and validate-all modes disagree"),
    }
    Outcome::Keep
}

#[derive(Debug, Arbitrary)]
struct Tag {
    key: Option<String>,
    value: Option<String>,
}

/// A structured request: every parameter optional, lists of any length.
#[derive(Debug, Arbitrary)]
pub struct Request {
    region_id: Option<String>,
    name: Option<String>,
    description: Option<String>,
    command_type: Option<u8>,
    command_content: Option<String>,
    base64: bool,
    working_dir: Option<String>,
    timeout: Option<i64>,
    enable_parameter: Option<bool>,
    repeat_mode: Option<u8>,
    frequency: Option<String>,
    parameters: Option<Vec<(String, String)>>,
    keep_command: Option<bool>,
    username: Option<String>,
    windows_password_name: Option<String>,
    instance_ids: Vec<String>,
    tags: Vec<Tag>,
    resource_tags: Vec<Tag>,
    container_id: Option<String>,
    container_name: Option<String>,
    client_token: Option<String>,
    termination_mode: Option<u8>,
    launcher: Option<String>,
    unknown: Vec<(String, String)>,
}

fn pick(n: u8, values: &[&'static str]) -> String {
    values
        .get(usize::from(n) % (values.len() + 1))
        .map_or_else(|| format!("X{n}"), |v| (*v).to_owned())
}

impl Request {
    /// The request as the SDKs put it on the wire.
    fn pairs(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                pairs.push((k.to_owned(), v));
            }
        };
        put("RegionId", self.region_id.clone());
        put("Name", self.name.clone());
        put("Description", self.description.clone());
        put(
            "Type",
            self.command_type.map(|n| {
                pick(
                    n,
                    &["RunShellScript", "RunBatScript", "RunPowerShellScript"],
                )
            }),
        );
        put(
            "CommandContent",
            self.command_content.as_ref().map(|c| {
                if self.base64 {
                    base64_like::encode(c.as_bytes())
                } else {
                    c.clone()
                }
            }),
        );
        put("ContentEncoding", self.base64.then(|| "Base64".to_owned()));
        put("WorkingDir", self.working_dir.clone());
        put("Timeout", self.timeout.map(|t| t.to_string()));
        put(
            "EnableParameter",
            self.enable_parameter.map(|b| b.to_string()),
        );
        put(
            "RepeatMode",
            self.repeat_mode
                .map(|n| pick(n, &["Once", "Period", "NextRebootOnly", "EveryReboot"])),
        );
        put("Frequency", self.frequency.clone());
        put(
            "Parameters",
            self.parameters.as_ref().map(|p| {
                let map: serde_json::Map<String, serde_json::Value> = p
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                    .collect();
                serde_json::Value::Object(map).to_string()
            }),
        );
        put(
            "KeepCommand",
            self.keep_command.map(|b| {
                if b {
                    "True".to_owned()
                } else {
                    "False".to_owned()
                }
            }),
        );
        put("Username", self.username.clone());
        put("WindowsPasswordName", self.windows_password_name.clone());
        for (i, id) in self.instance_ids.iter().enumerate() {
            put(&format!("InstanceId.{}", i + 1), Some(id.clone()));
        }
        for (list, tags) in [("Tag", &self.tags), ("ResourceTag", &self.resource_tags)] {
            for (i, t) in tags.iter().enumerate() {
                put(&format!("{list}.{}.Key", i + 1), t.key.clone());
                put(&format!("{list}.{}.Value", i + 1), t.value.clone());
            }
        }
        put("ContainerId", self.container_id.clone());
        put("ContainerName", self.container_name.clone());
        put("ClientToken", self.client_token.clone());
        put(
            "TerminationMode",
            self.termination_mode
                .map(|n| pick(n, &["Process", "ProcessTree"])),
        );
        put("Launcher", self.launcher.clone());
        for (k, v) in &self.unknown {
            put(k, Some(v.clone()));
        }
        pairs
    }
}

/// Standard Base64 with padding, written here so the fuzz crate needs no other dependency.
mod base64_like {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
                if i <= chunk.len() {
                    out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }
}

/// A structured request (from `data` through `arbitrary`), sent as a query string and as
/// already-decoded pairs: both give the same answer, checked as [`request_raw`] checks it.
///
/// # Panics
/// When the wire forms or the two modes disagree, a round trip changes the request, or
/// anything panics.
pub fn request_structured(data: &[u8]) -> Outcome {
    let Ok(request) = Request::arbitrary_take_rest(Unstructured::new(data)) else {
        return Outcome::Reject;
    };
    let pairs = request.pairs();
    let query = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&");
    let from_query = RawRequest::from_query(query.as_bytes()).and_then(|raw| check(raw, now()));
    let from_pairs = RawRequest::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .and_then(|raw| check(raw, now()));
    assert_eq!(from_query, from_pairs, "query and decoded pairs disagree");
    request_raw(query.as_bytes())
}
