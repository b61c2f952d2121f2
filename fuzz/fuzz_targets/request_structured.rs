//! A structured request (every parameter optional, lists of any length) encoded the way the
//! SDKs do: decoding and validation never panic, both modes agree, accepted requests round-trip.

#![no_main]

use arbitrary::Arbitrary;
use chrono::{DateTime, Utc};
use ecs_runcommand::request::{Input, check, check_all};
use ecs_runcommand::wire::encode_component;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Tag {
    key: Option<String>,
    value: Option<String>,
}

#[derive(Debug, Arbitrary)]
struct Request {
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

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_735_689_600, 0).unwrap_or_default()
}

fn pick(n: u8, values: &[&'static str]) -> String {
    values.get(usize::from(n) % (values.len() + 1)).map_or_else(|| format!("X{n}"), |v| (*v).to_owned())
}

impl Request {
    fn query(&self) -> String {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                pairs.push((k.to_owned(), v));
            }
        };
        put("RegionId", self.region_id.clone());
        put("Name", self.name.clone());
        put("Description", self.description.clone());
        put("Type", self.command_type.map(|n| pick(n, &["RunShellScript", "RunBatScript", "RunPowerShellScript"])));
        put(
            "CommandContent",
            self.command_content.as_ref().map(|c| {
                if self.base64 {
                    use base64_like::encode;
                    encode(c.as_bytes())
                } else {
                    c.clone()
                }
            }),
        );
        put("ContentEncoding", self.base64.then(|| "Base64".to_owned()));
        put("WorkingDir", self.working_dir.clone());
        put("Timeout", self.timeout.map(|t| t.to_string()));
        put("EnableParameter", self.enable_parameter.map(|b| b.to_string()));
        put("RepeatMode", self.repeat_mode.map(|n| pick(n, &["Once", "Period", "NextRebootOnly", "EveryReboot"])));
        put("Frequency", self.frequency.clone());
        put(
            "Parameters",
            self.parameters.as_ref().map(|p| {
                let map: serde_json::Map<String, serde_json::Value> =
                    p.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
                serde_json::Value::Object(map).to_string()
            }),
        );
        put("KeepCommand", self.keep_command.map(|b| if b { "True".to_owned() } else { "False".to_owned() }));
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
        put("TerminationMode", self.termination_mode.map(|n| pick(n, &["Process", "ProcessTree"])));
        put("Launcher", self.launcher.clone());
        for (k, v) in &self.unknown {
            put(k, Some(v.clone()));
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Standard Base64 with padding, written here so the fuzz crate needs no other dependency.
mod base64_like {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
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

fuzz_target!(|request: Request| {
    let query = request.query();
    let first = check(Input::Query(query.as_bytes()), now());
    let all = check_all(Input::Query(query.as_bytes()), now());
    match (&first, &all) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b);
            if a.warnings().is_empty() {
                let again = check(Input::Query(a.to_query().as_bytes()), now()).expect("round trip stays valid");
                assert_eq!(&again, a);
            }
        }
        (Err(e), Err(list)) => assert_eq!(list.first(), Some(e)),
        _ => panic!("first-fault and validate-all modes disagree"),
    }
});
