//! Property tests of the context rules: the Fingerprint is the same however a request is put on
//! the wire and changes with each parameter that changes what runs, it is what
//! `spec/context.md` describes, and `Snapshot` answers as a plain view written here does.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::borrow::Cow;
use std::collections::BTreeMap;

use base64::Engine as _;
use ecs_runcommand::context::{
    AgentVersion, GroupFacts, GroupStatus, InstanceFacts, Lookup, OsType, ParameterFacts, Quota,
    Quotas, RegionFacts, Snapshot, TokenFacts, View,
};
use ecs_runcommand::request::{InstanceId, Tag};
use ecs_runcommand::schedule::Frequency;
use ecs_runcommand::{ApiError, CheckedRequest, DateTime, RawRequest, Utc};
use proptest::prelude::*;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

#[path = "support/sdk.rs"]
mod sdk;
use sdk::encode_component;

fn now() -> DateTime<Utc> {
    "2025-01-01T00:00:00Z".parse().unwrap()
}

/// A valid request, as data.
#[derive(Debug, Clone)]
struct Req {
    region: String,
    command_type: &'static str,
    /// Text around the custom parameters.
    text: String,
    name: Option<String>,
    working_dir: Option<String>,
    timeout: Option<u32>,
    keep: Option<bool>,
    /// Custom parameters: (name, value); EnableParameter true when there are any.
    params: Vec<(String, String)>,
    frequency: Option<&'static str>,
    ids: Vec<String>,
    tags: Vec<(String, Option<String>)>,
    group: Option<String>,
    token: Option<String>,
}

impl Req {
    fn content(&self) -> String {
        let mut content = self.text.clone();
        for (name, _) in &self.params {
            content.push_str(&format!(" {{{{{name}}}}}"));
        }
        content
    }
}

fn req() -> impl Strategy<Value = Req> {
    (
        (
            prop::sample::select(vec!["cn-hangzhou", "cn-beijing"]),
            prop::sample::select(vec![
                "RunShellScript",
                "RunBatScript",
                "RunPowerShellScript",
            ]),
            "[a-z][a-z \u{e9}\u{4e2d}\n\"\\\\]{0,40}",
            prop::option::of("[a-z]{1,12}"),
            prop::option::of("/[a-z]{1,12}"),
            prop::option::of(10u32..=600),
            prop::option::of(any::<bool>()),
        ),
        (
            prop::collection::btree_map("[a-z]{1,8}", "[a-z \u{fc}\"]{0,8}", 0..=3),
            prop::option::of(prop::sample::select(vec![
                "0 */20 * * * ?",
                "rate(2h)",
                "0 0 10 ? * MON-FRI",
            ])),
            prop::collection::btree_set("i-[a-z0-9]{1,6}", 1..=4),
            prop::collection::btree_map("[a-z]{1,6}", prop::option::of("[a-z ]{0,6}"), 0..=3),
            prop::option::of("rg-[a-z0-9]{1,6}"),
            prop::option::of("[A-Za-z0-9-]{1,20}"),
        ),
    )
        .prop_map(
            |(
                (region, command_type, text, name, working_dir, timeout, keep),
                (params, frequency, ids, tags, group, token),
            )| Req {
                region: region.to_owned(),
                command_type,
                text,
                name,
                working_dir,
                timeout,
                keep,
                params: params.into_iter().collect(),
                frequency,
                ids: ids.into_iter().collect(),
                tags: tags.into_iter().collect(),
                group,
                token,
            },
        )
}

/// How a request is put on the wire: every choice the Fingerprint must not see.
#[derive(Debug, Clone)]
struct Encoding {
    json: bool,
    plus: bool,
    upper_bools: bool,
    defaults: bool,
    base64: bool,
    value_first: bool,
    params_reversed: bool,
    params_spaced: bool,
    params_escaped: bool,
    params_upper_keys: bool,
    ids_reversed: bool,
    tags_reversed: bool,
    order: Vec<usize>,
}

fn encoding() -> impl Strategy<Value = Encoding> {
    (
        prop::array::uniform13(any::<bool>()),
        Just((0..64).collect::<Vec<usize>>()).prop_shuffle(),
    )
        .prop_map(|(b, order)| Encoding {
            json: b[0],
            plus: b[1],
            upper_bools: b[2],
            defaults: b[3],
            base64: b[4],
            value_first: b[5],
            params_reversed: b[6],
            params_spaced: b[7],
            params_escaped: b[8],
            params_upper_keys: b[9],
            ids_reversed: b[10],
            tags_reversed: b[11] && b[12],
            order,
        })
}

/// Parameters as JSON text, the way `e` writes it.
fn parameters_text(r: &Req, e: &Encoding) -> String {
    let mut entries: Vec<(String, String)> = r
        .params
        .iter()
        .map(|(k, v)| {
            let k = if e.params_upper_keys {
                k.to_ascii_uppercase()
            } else {
                k.clone()
            };
            (k, v.clone())
        })
        .collect();
    if e.params_reversed {
        entries.reverse();
    }
    let string = |s: &str| {
        let compact = serde_json::to_string(s).unwrap();
        if e.params_escaped {
            compact
                .chars()
                .map(|c| {
                    if c.is_ascii() {
                        c.to_string()
                    } else {
                        let mut units = [0u16; 2];
                        c.encode_utf16(&mut units)
                            .iter()
                            .map(|u| format!("\\u{u:04x}"))
                            .collect()
                    }
                })
                .collect()
        } else {
            compact
        }
    };
    let sep = if e.params_spaced { ", " } else { "," };
    let colon = if e.params_spaced { ": " } else { ":" };
    let body: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("{}{colon}{}", string(k), string(v)))
        .collect();
    format!("{{{}}}", body.join(sep))
}

/// The request's parameters as (name, value) pairs, the way `e` writes them.
fn pairs(r: &Req, e: &Encoding) -> Vec<(String, String)> {
    let boolean = |b: bool| {
        match (b, e.upper_bools) {
            (true, false) => "true",
            (true, true) => "True",
            (false, false) => "false",
            (false, true) => "FALSE",
        }
        .to_owned()
    };
    let mut out: Vec<(String, String)> = vec![
        ("RegionId".into(), r.region.clone()),
        ("Type".into(), r.command_type.into()),
    ];
    let content = r.content();
    if e.base64 {
        out.push((
            "CommandContent".into(),
            base64::engine::general_purpose::STANDARD.encode(content.as_bytes()),
        ));
        out.push(("ContentEncoding".into(), "base64".into()));
    } else {
        out.push(("CommandContent".into(), content));
        if e.defaults {
            out.push(("ContentEncoding".into(), "PlainText".into()));
        }
    }
    let mut opt = |name: &str, v: &Option<String>| {
        if let Some(v) = v {
            out.push((name.into(), v.clone()));
        }
    };
    opt("Name", &r.name);
    opt("WorkingDir", &r.working_dir);
    opt("ResourceGroupId", &r.group);
    opt("ClientToken", &r.token);
    match (r.timeout, e.defaults) {
        (Some(t), _) => out.push(("Timeout".into(), t.to_string())),
        (None, true) => out.push(("Timeout".into(), "60".into())),
        (None, false) => {}
    }
    match (r.keep, e.defaults) {
        (Some(k), _) => out.push(("KeepCommand".into(), boolean(k))),
        (None, true) => out.push(("KeepCommand".into(), boolean(false))),
        (None, false) => {}
    }
    if !r.params.is_empty() {
        out.push(("EnableParameter".into(), boolean(true)));
        out.push(("Parameters".into(), parameters_text(r, e)));
    } else if e.defaults {
        out.push(("EnableParameter".into(), boolean(false)));
    }
    match r.frequency {
        Some(f) => out.push(("Frequency".into(), f.into())),
        None if e.defaults => out.push(("RepeatMode".into(), "Once".into())),
        None => {}
    }
    let mut ids = r.ids.clone();
    if e.ids_reversed {
        ids.reverse();
    }
    for (i, id) in ids.iter().enumerate() {
        out.push((format!("InstanceId.{}", i + 1), id.clone()));
    }
    let mut tags = r.tags.clone();
    if e.tags_reversed {
        tags.reverse();
    }
    for (i, (k, v)) in tags.iter().enumerate() {
        let key = (format!("Tag.{}.Key", i + 1), k.clone());
        let value = v.clone().map(|v| (format!("Tag.{}.Value", i + 1), v));
        match (value, e.value_first) {
            (Some(value), true) => out.extend([value, key]),
            (Some(value), false) => out.extend([key, value]),
            (None, _) => out.push(key),
        }
    }
    out
}

/// The request as a query string or a JSON request, the way `e` writes it.
fn wire(r: &Req, e: &Encoding) -> (bool, String) {
    let mut pairs = pairs(r, e);
    // Parameter order: by the shuffled ranks.
    let rank = |i: usize| e.order.get(i).copied().unwrap_or(i);
    let mut ranked: Vec<(usize, (String, String))> = pairs.drain(..).enumerate().collect();
    ranked.sort_by_key(|(i, _)| rank(*i));
    let pairs: Vec<(String, String)> = ranked.into_iter().map(|(_, p)| p).collect();
    if !e.json {
        let query = pairs
            .iter()
            .map(|(k, v)| {
                let v = encode_component(v);
                let v = if e.plus { v.replace("%20", "+") } else { v };
                format!("{}={v}", encode_component(k))
            })
            .collect::<Vec<_>>()
            .join("&");
        return (false, query);
    }
    // A JSON request: lists as arrays, booleans and Timeout as JSON values, Parameters an object.
    let mut object = serde_json::Map::new();
    let mut ids = Vec::new();
    let mut tags: BTreeMap<usize, serde_json::Map<String, Value>> = BTreeMap::new();
    for (k, v) in pairs {
        if let Some(n) = k.strip_prefix("InstanceId.") {
            ids.push((n.parse::<usize>().unwrap(), v));
        } else if let Some(rest) = k.strip_prefix("Tag.") {
            let (n, field) = rest.split_once('.').unwrap();
            tags.entry(n.parse().unwrap())
                .or_default()
                .insert(field.to_owned(), Value::String(v));
        } else if k == "Timeout" {
            object.insert(k, json!(v.parse::<u32>().unwrap()));
        } else if k == "EnableParameter" || k == "KeepCommand" {
            object.insert(k, json!(v.eq_ignore_ascii_case("true")));
        } else if k == "Parameters" {
            object.insert(k, serde_json::from_str(&v).unwrap());
        } else {
            object.insert(k, Value::String(v));
        }
    }
    ids.sort();
    object.insert(
        "InstanceId".into(),
        Value::Array(ids.into_iter().map(|(_, v)| Value::String(v)).collect()),
    );
    if !tags.is_empty() {
        object.insert(
            "Tag".into(),
            Value::Array(tags.into_values().map(Value::Object).collect()),
        );
    }
    (true, Value::Object(object).to_string())
}

fn check(r: &Req, e: &Encoding) -> CheckedRequest {
    let (json, text) = wire(r, e);
    let raw = if json {
        RawRequest::from_json(&text)
    } else {
        RawRequest::from_query(text.as_bytes())
    }
    .unwrap_or_else(|err| panic!("{err}: {text}"));
    ecs_runcommand::check(raw, now()).unwrap_or_else(|err| panic!("{err}: {text}"))
}

/// The Fingerprint as `spec/context.md` describes it, from `check`'s normalized request.
fn reference_fingerprint(request: &CheckedRequest) -> String {
    let Value::Object(normal) = serde_json::to_value(request).unwrap() else {
        panic!("not an object");
    };
    let mut c: BTreeMap<String, Value> = BTreeMap::new();
    for (k, v) in normal {
        if k != "ContentEncoding" && k != "ClientToken" {
            c.insert(k, v);
        }
    }
    if request.content_encoding().as_str() == "PlainText" {
        let text = c["CommandContent"].as_str().unwrap().to_owned();
        c.insert(
            "CommandContent".into(),
            json!(base64::engine::general_purpose::STANDARD.encode(text.as_bytes())),
        );
    }
    if let Some(Value::Array(ids)) = c.get_mut("InstanceId") {
        ids.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        ids.dedup();
    }
    for key in ["Tag", "ResourceTag"] {
        if let Some(Value::Array(tags)) = c.get_mut(key) {
            tags.sort_by(|a, b| a["Key"].as_str().cmp(&b["Key"].as_str()));
            for tag in tags.iter_mut() {
                let sorted: BTreeMap<String, Value> = serde_json::from_value(tag.clone()).unwrap();
                *tag = serde_json::to_value(sorted).unwrap();
            }
        }
    }
    if let Some(Value::Object(params)) = c.remove("Parameters")
        && !params.is_empty()
    {
        let folded: BTreeMap<String, Value> = params
            .into_iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect();
        c.insert("Parameters".into(), serde_json::to_value(folded).unwrap());
    }
    if let Some(Value::String(f)) = c.get("Frequency") {
        let canonical = Frequency::parse(f).unwrap().to_string();
        c.insert("Frequency".into(), json!(canonical));
    }
    let text = serde_json::to_string(&c).unwrap();
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn prop_fingerprint_is_invariant_under_re_encodings(r in req(), a in encoding(), b in encoding()) {
        let first = check(&r, &a);
        let second = check(&r, &b);
        prop_assert_eq!(first.fingerprint(), second.fingerprint());
        prop_assert_eq!(first.fingerprint().to_string(), reference_fingerprint(&first));
    }

    #[test]
    fn prop_fingerprint_changes_with_each_significant_field(r in req(), e in encoding(), which in 0usize..13) {
        let before = check(&r, &e).fingerprint();
        let mut changed = r.clone();
        match which {
            0 => changed.region = if r.region == "cn-hangzhou" { "cn-shanghai".into() } else { "cn-hangzhou".into() },
            1 => changed.text.push('x'),
            2 => changed.name = Some(format!("{}n", r.name.clone().unwrap_or_default())),
            3 => changed.working_dir = Some(format!("{}/d", r.working_dir.clone().unwrap_or_default())),
            4 => changed.timeout = Some(r.timeout.unwrap_or(60) + 1),
            5 => changed.keep = Some(!r.keep.unwrap_or(false)),
            6 => changed.ids.push("i-zzzzzzz".into()),
            7 => changed.tags.push(("zzzzzzz".into(), None)),
            8 => changed.group = Some(format!("{}x", r.group.clone().unwrap_or_else(|| "rg-".into()))),
            9 => changed.frequency = Some(if r.frequency == Some("rate(2h)") { "rate(3h)" } else { "rate(2h)" }),
            10 => changed.command_type = if r.command_type == "RunShellScript" { "RunBatScript" } else { "RunShellScript" },
            11 => match changed.params.first_mut() {
                Some((_, value)) => value.push('v'),
                None => changed.params.push(("p".into(), String::new())),
            },
            _ => match changed.tags.first_mut() {
                Some((_, value)) => *value = Some(format!("{}v", value.clone().unwrap_or_default())),
                None => changed.tags.push(("k".into(), Some(String::new()))),
            },
        }
        prop_assert_ne!(before, check(&changed, &e).fingerprint());
    }

    #[test]
    fn prop_fingerprint_ignores_the_client_token(r in req(), e in encoding(), token in "[a-z0-9]{1,20}") {
        let mut other = r.clone();
        other.token = Some(token);
        prop_assert_eq!(check(&r, &e).fingerprint(), check(&other, &e).fingerprint());
    }
}

// ---------------------------------------------------------------- two views, the same answers

/// A view written plainly: every answer a scan of a list.
#[derive(Debug, Clone)]
struct Plain {
    regions: Option<Vec<(String, Option<bool>)>>,
    instances: Option<Vec<PlainInstance>>,
    groups: Option<Vec<(String, Option<GroupStatus>)>>,
    /// CommandCount and Invocations as (used, limit), and InstancesPerCall.
    quotas: PlainQuotas,
    parameters: Option<Vec<(String, Option<bool>)>>,
    tokens: Option<Vec<(String, bool, bool)>>,
}

type PlainQuotas = (Option<(u64, u64)>, Option<(u64, u64)>, Option<u32>);

#[derive(Debug, Clone)]
struct PlainInstance {
    id: String,
    region: Option<String>,
    group: Option<String>,
    status: Option<String>,
    os: Option<OsType>,
    agent: Option<String>,
    tags: Vec<(String, String)>,
}

fn found<T>(hit: Option<T>, section: bool) -> Lookup<T> {
    match (section, hit) {
        (false, _) => Lookup::NotChecked,
        (true, None) => Lookup::NotFound,
        (true, Some(t)) => Lookup::Found(t),
    }
}

impl View for Plain {
    fn region(&self, region_id: &str) -> Lookup<RegionFacts> {
        let hit = self.regions.iter().flatten().find(|(r, _)| r == region_id);
        found(
            hit.map(|(_, s)| {
                let mut facts = RegionFacts::default();
                facts.api_supported = *s;
                facts
            }),
            self.regions.is_some(),
        )
    }
    fn instance(&self, instance_id: &str) -> Lookup<InstanceFacts<'_>> {
        let hit = self
            .instances
            .iter()
            .flatten()
            .find(|i| i.id == instance_id);
        found(
            hit.map(|i| {
                let mut facts = InstanceFacts::default();
                facts.region_id = i.region.as_deref().map(Cow::Borrowed);
                facts.resource_group_id = i.group.as_deref().map(Cow::Borrowed);
                facts.status = i.status.clone().map(Cow::Owned);
                facts.os_type = i.os;
                facts.agent_version = i.agent.as_ref().map(|v| v.parse::<AgentVersion>().unwrap());
                facts
            }),
            self.instances.is_some(),
        )
    }
    fn tagged_instances(
        &self,
        region_id: &str,
        tags: &[Tag],
        max: usize,
        visit: &mut dyn FnMut(&InstanceId, &InstanceFacts<'_>),
    ) -> bool {
        let Some(instances) = &self.instances else {
            return false;
        };
        let selected = instances
            .iter()
            .filter(|i| i.region.as_deref().is_none_or(|r| r == region_id))
            .filter(|i| {
                tags.iter().all(|t| {
                    i.tags
                        .iter()
                        .any(|(k, v)| k == t.key() && t.value().is_none_or(|want| v == want))
                })
            })
            .take(max);
        for i in selected {
            let Lookup::Found(facts) = self.instance(&i.id) else {
                panic!("{} is listed", i.id);
            };
            visit(&i.id.parse().unwrap(), &facts);
        }
        true
    }
    fn resource_group(&self, id: &str) -> Lookup<GroupFacts> {
        let hit = self.groups.iter().flatten().find(|(g, _)| g == id);
        found(
            hit.map(|(_, s)| {
                let mut facts = GroupFacts::default();
                facts.status = *s;
                facts
            }),
            self.groups.is_some(),
        )
    }
    fn quotas(&self) -> Quotas {
        let mut q = Quotas::default();
        q.command_count = self.quotas.0.map(|(used, limit)| Quota { used, limit });
        q.invocations = self.quotas.1.map(|(used, limit)| Quota { used, limit });
        q.instances_per_call = self.quotas.2;
        q
    }
    fn parameter(&self, name: &str) -> Lookup<ParameterFacts> {
        let hit = self.parameters.iter().flatten().find(|(n, _)| n == name);
        found(
            hit.map(|(_, r)| {
                let mut facts = ParameterFacts::default();
                facts.readable = *r;
                facts
            }),
            self.parameters.is_some(),
        )
    }
    fn client_token(&self, token: &str) -> Lookup<TokenFacts> {
        let hit = self.tokens.iter().flatten().find(|(t, _, _)| t == token);
        found(
            hit.map(|(_, same, processing)| {
                let fingerprint = if *same {
                    SAME.with(|s| *s.borrow())
                } else {
                    None
                };
                TokenFacts::new(
                    fingerprint.unwrap_or_else(|| "00".repeat(32).parse().unwrap()),
                    *processing,
                )
            }),
            self.tokens.is_some(),
        )
    }
}

thread_local! {
    /// The Fingerprint of the request under test, for tokens that name "the same request".
    static SAME: std::cell::RefCell<Option<ecs_runcommand::context::Fingerprint>> =
        const { std::cell::RefCell::new(None) };
}

impl Plain {
    /// The same facts as a snapshot's JSON.
    fn to_json(&self, same: &str) -> String {
        let mut o = serde_json::Map::new();
        if let Some(regions) = &self.regions {
            o.insert(
                "Regions".into(),
                regions
                    .iter()
                    .map(|(r, s)| {
                        let mut e = json!({"RegionId": r});
                        if let Some(s) = s {
                            e["ApiSupported"] = json!(s);
                        }
                        e
                    })
                    .collect(),
            );
        }
        if let Some(instances) = &self.instances {
            o.insert("Instances".into(), instances.iter().map(|i| {
                let mut e = json!({"InstanceId": i.id,
                    "Tags": i.tags.iter().map(|(k, v)| json!({"Key": k, "Value": v})).collect::<Vec<_>>()});
                if let Some(v) = &i.region { e["RegionId"] = json!(v); }
                if let Some(v) = &i.group { e["ResourceGroupId"] = json!(v); }
                if let Some(v) = &i.status { e["Status"] = json!(v); }
                if let Some(v) = i.os { e["OSType"] = json!(v.as_str()); }
                if let Some(v) = &i.agent { e["AgentVersion"] = json!(v); }
                e
            }).collect());
        }
        if let Some(groups) = &self.groups {
            o.insert(
                "ResourceGroups".into(),
                groups
                    .iter()
                    .map(|(g, s)| {
                        let mut e = json!({"ResourceGroupId": g});
                        if let Some(s) = s {
                            e["Status"] = json!(s.as_str());
                        }
                        e
                    })
                    .collect(),
            );
        }
        let mut quotas = serde_json::Map::new();
        if let Some((used, limit)) = self.quotas.0 {
            quotas.insert("CommandCount".into(), json!({"Used": used, "Limit": limit}));
        }
        if let Some((used, limit)) = self.quotas.1 {
            quotas.insert("Invocations".into(), json!({"Used": used, "Limit": limit}));
        }
        if let Some(n) = self.quotas.2 {
            quotas.insert("InstancesPerCall".into(), json!(n));
        }
        o.insert("Quotas".into(), Value::Object(quotas));
        if let Some(parameters) = &self.parameters {
            o.insert(
                "ParameterStore".into(),
                parameters
                    .iter()
                    .map(|(n, r)| {
                        let mut e = json!({"Name": n});
                        if let Some(r) = r {
                            e["Readable"] = json!(r);
                        }
                        e
                    })
                    .collect(),
            );
        }
        if let Some(tokens) = &self.tokens {
            o.insert("ClientTokens".into(), tokens.iter().map(|(t, s, p)| {
                json!({"ClientToken": t, "Fingerprint": if *s { same.to_owned() } else { "00".repeat(32) }, "Processing": p})
            }).collect());
        }
        Value::Object(o).to_string()
    }
}

fn plain() -> impl Strategy<Value = Plain> {
    let ids = || prop::sample::select(vec!["i-a", "i-b", "i-c", "i-d", "i-e"]);
    let instance = (
        ids(),
        prop::option::of(prop::sample::select(vec!["cn-hangzhou", "cn-beijing"])),
        prop::option::of(prop::sample::select(vec!["rg-a", "rg-b"])),
        prop::option::of(prop::sample::select(vec!["Running", "Stopped"])),
        prop::option::of(prop::sample::select(vec![OsType::Linux, OsType::Windows])),
        prop::option::of(prop::sample::select(vec![
            "2.2.3.282",
            "2.2.3.309",
            "2.2.3.1000",
            "2.1.3.344",
        ])),
        prop::collection::btree_map(
            prop::sample::select(vec!["team", "env"]),
            prop::sample::select(vec!["ops", "dev", ""]),
            0..=2,
        ),
    )
        .prop_map(
            |(id, region, group, status, os, agent, tags)| PlainInstance {
                id: id.into(),
                region: region.map(Into::into),
                group: group.map(Into::into),
                status: status.map(Into::into),
                os,
                agent: agent.map(Into::into),
                tags: tags
                    .into_iter()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect(),
            },
        );
    (
        prop::option::of(prop::collection::vec(
            (
                prop::sample::select(vec!["cn-hangzhou", "cn-beijing"]),
                prop::option::of(any::<bool>()),
            ),
            0..=2,
        )),
        prop::option::of(prop::collection::vec(instance, 0..=5)),
        prop::option::of(prop::collection::vec(
            (
                prop::sample::select(vec!["rg-a", "rg-b"]),
                prop::option::of(prop::sample::select(vec![
                    GroupStatus::Ok,
                    GroupStatus::Creating,
                    GroupStatus::Deleting,
                ])),
            ),
            0..=2,
        )),
        (
            prop::option::of((0u64..3, 0u64..3)),
            prop::option::of((0u64..3, 0u64..3)),
            prop::option::of(1u32..4),
        ),
        prop::option::of(prop::collection::vec(
            (
                prop::sample::select(vec!["pw", "other"]),
                prop::option::of(any::<bool>()),
            ),
            0..=2,
        )),
        prop::option::of(prop::collection::vec(
            (
                prop::sample::select(vec!["tok", "other"]),
                any::<bool>(),
                any::<bool>(),
            ),
            0..=2,
        )),
    )
        .prop_map(
            |(regions, instances, groups, quotas, parameters, tokens)| Plain {
                regions: regions
                    .map(|v| unique(v.into_iter().map(|(r, s)| (r.to_owned(), s)).collect())),
                instances: instances.map(|v| {
                    let mut seen = Vec::new();
                    v.into_iter()
                        .filter(|i| {
                            let new = !seen.contains(&i.id);
                            seen.push(i.id.clone());
                            new
                        })
                        .collect()
                }),
                groups: groups
                    .map(|v| unique(v.into_iter().map(|(g, s)| (g.to_owned(), s)).collect())),
                quotas,
                parameters: parameters
                    .map(|v| unique(v.into_iter().map(|(n, r)| (n.to_owned(), r)).collect())),
                tokens: tokens.map(|v| {
                    let mut seen = Vec::new();
                    v.into_iter()
                        .filter(|(t, _, _)| {
                            let new = !seen.contains(t);
                            seen.push(*t);
                            new
                        })
                        .map(|(t, s, p)| (t.to_owned(), s, p))
                        .collect()
                }),
            },
        )
}

/// The entries with their first key only.
fn unique<T>(entries: Vec<(String, T)>) -> Vec<(String, T)> {
    let mut out: Vec<(String, T)> = Vec::new();
    for (k, v) in entries {
        if !out.iter().any(|(seen, _)| *seen == k) {
            out.push((k, v));
        }
    }
    out
}

/// A request for the views: its instances by id or by tag, and the optional parts the rules
/// look at.
fn view_query() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["cn-hangzhou", "cn-beijing"]),
        prop::sample::select(vec!["RunShellScript", "RunBatScript"]),
        prop::bool::ANY,
        prop::collection::btree_set(
            prop::sample::select(vec!["i-a", "i-b", "i-c", "i-x"]),
            1..=3,
        ),
        prop::collection::btree_map(
            prop::sample::select(vec!["team", "env"]),
            prop::option::of(prop::sample::select(vec!["ops", "dev", ""])),
            1..=2,
        ),
        (
            prop::option::of(prop::sample::select(vec!["rg-a", "rg-b"])),
            prop::bool::ANY,
            prop::bool::ANY,
            prop::bool::ANY,
            prop::bool::ANY,
        ),
    )
        .prop_map(
            |(region, ty, by_tag, ids, tags, (group, keep, token, password, params))| {
                let content = if params {
                    "echo+%7B%7BACS%3A%3AInstanceId%7D%7D&EnableParameter=true"
                } else {
                    "echo"
                };
                let mut q = format!("RegionId={region}&Type={ty}&CommandContent={content}");
                if by_tag {
                    for (i, (k, v)) in tags.iter().enumerate() {
                        q.push_str(&format!("&ResourceTag.{n}.Key={k}", n = i + 1));
                        if let Some(v) = v {
                            q.push_str(&format!("&ResourceTag.{n}.Value={v}", n = i + 1));
                        }
                    }
                } else {
                    for (i, id) in ids.iter().enumerate() {
                        q.push_str(&format!("&InstanceId.{}={id}", i + 1));
                    }
                }
                if let Some(g) = group {
                    q.push_str(&format!("&ResourceGroupId={g}"));
                }
                if keep {
                    q.push_str("&KeepCommand=true");
                }
                if token {
                    q.push_str("&ClientToken=tok");
                }
                if password {
                    q.push_str("&WindowsPasswordName=pw");
                }
                q
            },
        )
}

type Answer = Result<(Vec<String>, Vec<String>, String), Vec<ApiError>>;

fn answer(query: &str, view: &dyn View) -> Answer {
    let raw = RawRequest::from_query(query.as_bytes()).unwrap();
    ecs_runcommand::check_all_with(raw, now(), view).map(|r| {
        (
            r.targets().iter().map(|i| i.as_str().to_owned()).collect(),
            r.warnings().iter().map(ToString::to_string).collect(),
            r.fingerprint().to_string(),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn prop_snapshot_and_a_plain_view_give_the_same_answers(facts in plain(), query in view_query()) {
        let raw = RawRequest::from_query(query.as_bytes()).unwrap();
        let fingerprint = ecs_runcommand::check(raw, now()).unwrap().fingerprint();
        SAME.with(|s| *s.borrow_mut() = Some(fingerprint));
        let snapshot = Snapshot::from_json(&facts.to_json(&fingerprint.to_string())).unwrap();
        let from_snapshot = answer(&query, &snapshot);
        prop_assert_eq!(&from_snapshot, &answer(&query, &facts));
        // First-fault mode gives the first of the faults.
        let raw = RawRequest::from_query(query.as_bytes()).unwrap();
        let first = ecs_runcommand::check_with(raw, now(), &snapshot);
        match (&from_snapshot, first) {
            (Ok(_), Ok(_)) => {}
            (Err(all), Err(first)) => prop_assert_eq!(&all[0], &first),
            (all, first) => prop_assert!(false, "all {all:?}, first {first:?}"),
        }
    }
}
