//! [`Snapshot`]: a view of the service's state held in memory, read from JSON.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::Deserialize;
use smol_str::SmolStr;

use super::{
    AgentVersion, Fingerprint, GroupFacts, GroupStatus, InstanceFacts, Lookup, OsType,
    ParameterFacts, Quota, Quotas, RegionFacts, TokenFacts, View,
};
use crate::request::{InstanceId, Subject, Tag};
use crate::wire::Param;

/// The service's state as one JSON object, every section optional (a rule whose section is
/// absent is not checked), and within an instance every fact but its id optional:
///
/// ```json
/// {
///   "Regions": [{"RegionId": "cn-hangzhou", "ApiSupported": true}],
///   "Instances": [{"InstanceId": "i-bp1...", "RegionId": "cn-hangzhou", "ResourceGroupId": "rg-...",
///                  "Status": "Running", "OSType": "Linux", "AgentVersion": "2.2.3.344",
///                  "InstanceName": "web-01", "Tags": [{"Key": "team", "Value": "ops"}]}],
///   "ResourceGroups": [{"ResourceGroupId": "rg-...", "Status": "OK"}],
///   "Quotas": {"CommandCount": {"Used": 10, "Limit": 500}, "Invocations": {"Used": 0, "Limit": 10000},
///              "InstancesPerCall": 100},
///   "ParameterStore": [{"Name": "axtSecretPassword", "Readable": true}],
///   "ClientTokens": [{"ClientToken": "123e4567-...", "Fingerprint": "<hex>", "Processing": false}]
/// }
/// ```
///
/// Lookups by id are hash lookups; ResourceTag matching walks the shortest list of instances
/// that have one of the tags, so it costs no more than the instances that have the rarest tag.
///
/// # Example
/// ```
/// use ecs_runcommand::context::{Lookup, Snapshot, View};
///
/// let view = Snapshot::from_json(r#"{"Regions": [{"RegionId": "cn-hangzhou"}],
///     "Instances": [{"InstanceId": "i-web1", "Tags": [{"Key": "team", "Value": "ops"}]}]}"#)?;
/// assert!(matches!(view.region("cn-hangzhou"), Lookup::Found(_)));
/// assert_eq!(view.region("cn-mars"), Lookup::NotFound);
/// assert_eq!(view.client_token("t-1"), Lookup::NotChecked);
///
/// let err = Snapshot::from_json(r#"{"Instances": [{"InstanceId": "i-a"}, {"InstanceId": "i-a"}]}"#).unwrap_err();
/// assert_eq!(err.to_string(), "the context snapshot: Instances[1]: `i-a` is listed twice (first at Instances[0])");
///
/// let err = Snapshot::from_json(r#"{"Instances": [{"InstanceId": "i-a", "OSType": "BeOS"}]}"#).unwrap_err();
/// assert_eq!((err.line(), err.column()), (1, 53));
/// # Ok::<(), ecs_runcommand::context::SnapshotError>(())
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(try_from = "Json")]
pub struct Snapshot {
    regions: Option<HashMap<SmolStr, RegionFacts>>,
    instances: Option<Instances>,
    groups: Option<HashMap<SmolStr, GroupFacts>>,
    quotas: Quotas,
    parameters: Option<HashMap<String, ParameterFacts>>,
    tokens: Option<HashMap<String, TokenFacts>>,
}

/// Why a snapshot cannot be read: not JSON, not of the documented form (with the line and
/// column), or an id given twice in a section (with the entries' indexes).
#[derive(Debug, thiserror::Error)]
#[error("the context snapshot: {0}")]
pub struct SnapshotError(serde_json::Error);

impl SnapshotError {
    /// The line (from 1) of a fault of form; 0 for an id given twice.
    pub fn line(&self) -> usize {
        self.0.line()
    }

    /// The column (from 1) of a fault of form; 0 for an id given twice.
    pub fn column(&self) -> usize {
        self.0.column()
    }
}

impl Snapshot {
    /// Reads a snapshot from its JSON text.
    ///
    /// # Errors
    /// A [`SnapshotError`]: the text is not JSON, a section or a fact is not of the documented
    /// form (an unknown key, an `OSType` other than Linux or Windows, an `AgentVersion` that is
    /// not dotted numbers, an id that cannot be an instance id, a Fingerprint that is not 64 hex
    /// digits, `InstancesPerCall` 0), or an id is listed twice in a section.
    pub fn from_json(text: &str) -> Result<Snapshot, SnapshotError> {
        serde_json::from_str(text).map_err(SnapshotError)
    }
}

/// The instances, indexed by id and by tag. Tag keys, tag values and regions are numbered
/// once when the snapshot is read, so matching compares numbers.
#[derive(Debug, Clone, Default)]
struct Instances {
    list: Vec<Instance>,
    by_id: HashMap<SmolStr, usize>,
    /// The number of each tag key, tag value and region.
    names: HashMap<Box<str>, u32>,
    /// For each tag key: the instances that have it (in snapshot order).
    by_key: HashMap<u32, Vec<usize>>,
    /// For each tag (key, value): the instances that have it (in snapshot order).
    by_tag: HashMap<(u32, u32), Vec<usize>>,
}

impl Instances {
    /// The number of `name`, given a new one if it has none.
    fn number(&mut self, name: &str) -> u32 {
        if let Some(&n) = self.names.get(name) {
            return n;
        }
        let n = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.insert(name.into(), n);
        n
    }
}

#[derive(Debug, Clone)]
struct Instance {
    id: InstanceId,
    // Short texts are kept inline (SmolStr): checking an instance reads no other memory.
    region_id: Option<SmolStr>,
    /// The number of the region.
    region: Option<u32>,
    resource_group_id: Option<SmolStr>,
    status: Option<SmolStr>,
    os_type: Option<OsType>,
    agent_version: Option<AgentVersion>,
    instance_name: Option<Box<str>>,
    /// (key, value) numbers.
    tags: Vec<(u32, u32)>,
}

impl Instance {
    fn facts(&self) -> InstanceFacts<'_> {
        InstanceFacts {
            region_id: inline(&self.region_id),
            resource_group_id: inline(&self.resource_group_id),
            status: inline(&self.status),
            os_type: self.os_type,
            agent_version: self.agent_version,
            instance_name: borrowed(&self.instance_name),
        }
    }

    /// Whether the instance has the tag `(key, value)` (any value when `None`).
    fn has(&self, (key, value): (u32, Option<u32>)) -> bool {
        self.tags
            .iter()
            .any(|&(k, v)| k == key && value.is_none_or(|want| v == want))
    }
}

impl View for Snapshot {
    fn region(&self, region_id: &str) -> Lookup<RegionFacts> {
        lookup(self.regions.as_ref(), region_id)
    }

    fn instance(&self, instance_id: &str) -> Lookup<InstanceFacts<'_>> {
        let Some(instances) = &self.instances else {
            return Lookup::NotChecked;
        };
        match instances.by_id.get(instance_id) {
            None => Lookup::NotFound,
            Some(&at) => {
                // `by_id` holds indexes into `list`, made together when the snapshot is read.
                debug_assert!(at < instances.list.len());
                Lookup::Found(instances.list[at].facts())
            }
        }
    }

    fn tagged_instances(
        &self,
        region_id: &str,
        tags: &[Tag],
        max: usize,
        visit: &mut dyn FnMut(&InstanceId, &InstanceFacts<'_>),
    ) -> bool {
        let Some(instances) = self.instances.as_ref() else {
            return false;
        };
        // The tags by number; a key or value no instance has selects nothing.
        let mut wanted: Vec<(u32, Option<u32>)> = Vec::with_capacity(tags.len());
        for tag in tags {
            let key = instances.names.get(tag.key()).copied();
            let value = tag.value().map(|v| instances.names.get(v).copied());
            match (key, value) {
                (Some(key), None) => wanted.push((key, None)),
                (Some(key), Some(Some(value))) => wanted.push((key, Some(value))),
                _ => return true,
            }
        }
        // The instances that have one tag (the one with the fewest), each checked for the others.
        let mut shortest: Option<(usize, &[usize])> = None;
        for (n, &(key, value)) in wanted.iter().enumerate() {
            let list = match value {
                None => instances.by_key.get(&key),
                Some(value) => instances.by_tag.get(&(key, value)),
            }
            .map_or(&[][..], |l| &l[..]);
            if shortest.is_none_or(|(_, s)| list.len() < s.len()) {
                shortest = Some((n, list));
            }
        }
        let region = instances.names.get(region_id).copied();
        let (walked, candidates) = shortest.unwrap_or((0, &[]));
        let mut visited = 0;
        for &at in candidates {
            if visited >= max {
                break;
            }
            // The lists hold indexes into `list`, made together when the snapshot is read.
            debug_assert!(at < instances.list.len());
            let instance = &instances.list[at];
            let in_region = instance.region.is_none_or(|r| Some(r) == region);
            let others = || {
                wanted
                    .iter()
                    .enumerate()
                    .all(|(n, &tag)| n == walked || instance.has(tag))
            };
            if in_region && others() {
                visit(&instance.id, &instance.facts());
                visited += 1;
            }
        }
        true
    }

    fn resource_group(&self, resource_group_id: &str) -> Lookup<GroupFacts> {
        lookup(self.groups.as_ref(), resource_group_id)
    }

    fn quotas(&self) -> Quotas {
        self.quotas
    }

    fn parameter(&self, name: &str) -> Lookup<ParameterFacts> {
        lookup(self.parameters.as_ref(), name)
    }

    fn client_token(&self, token: &str) -> Lookup<TokenFacts> {
        lookup(self.tokens.as_ref(), token)
    }
}

fn inline(text: &Option<SmolStr>) -> Option<Cow<'_, str>> {
    text.as_deref().map(Cow::Borrowed)
}

fn borrowed(text: &Option<Box<str>>) -> Option<Cow<'_, str>> {
    text.as_deref().map(Cow::Borrowed)
}

fn lookup<K, T>(section: Option<&HashMap<K, T>>, key: &str) -> Lookup<T>
where
    K: std::borrow::Borrow<str> + std::hash::Hash + Eq,
    T: Clone,
{
    match section {
        None => Lookup::NotChecked,
        Some(map) => map
            .get(key)
            .cloned()
            .map_or(Lookup::NotFound, Lookup::Found),
    }
}

// ------------------------------------------------------------------ the JSON form

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Json {
    #[serde(default)]
    regions: Option<Vec<RegionJson>>,
    #[serde(default)]
    instances: Option<Vec<InstanceJson>>,
    #[serde(default)]
    resource_groups: Option<Vec<GroupJson>>,
    #[serde(default)]
    quotas: Option<QuotasJson>,
    #[serde(default)]
    parameter_store: Option<Vec<ParameterJson>>,
    #[serde(default)]
    client_tokens: Option<Vec<TokenJson>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct RegionJson {
    region_id: String,
    #[serde(default)]
    api_supported: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct InstanceJson {
    instance_id: String,
    #[serde(default)]
    region_id: Option<String>,
    #[serde(default)]
    resource_group_id: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default, rename = "OSType")]
    os_type: Option<OsType>,
    #[serde(default)]
    agent_version: Option<AgentVersion>,
    #[serde(default)]
    instance_name: Option<String>,
    #[serde(default)]
    tags: Option<Vec<TagJson>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct TagJson {
    key: String,
    #[serde(default)]
    value: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct GroupJson {
    resource_group_id: String,
    #[serde(default)]
    status: Option<GroupStatus>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct QuotasJson {
    #[serde(default)]
    command_count: Option<Quota>,
    #[serde(default)]
    invocations: Option<Quota>,
    #[serde(default)]
    instances_per_call: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ParameterJson {
    name: String,
    #[serde(default)]
    readable: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct TokenJson {
    client_token: String,
    fingerprint: Fingerprint,
    #[serde(default)]
    processing: bool,
}

/// What makes a well-formed snapshot unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum Fault {
    #[error("{section}[{at}]: `{key}` is listed twice (first at {section}[{first}])")]
    Twice {
        section: &'static str,
        key: String,
        at: usize,
        first: usize,
    },
    #[error(
        "Instances: `{id}` cannot be an instance id (i- or mi- and lower-case letters and digits, at most 64 characters)"
    )]
    InstanceId { id: String },
    #[error("Quotas: InstancesPerCall must be at least 1")]
    NoInstancesPerCall,
}

/// Builds a map from `entries`, refusing a key given twice.
fn unique<T, K: std::hash::Hash + Eq + fmt::Display, V>(
    section: &'static str,
    entries: Vec<T>,
    split: impl Fn(T) -> (K, V),
) -> Result<HashMap<K, V>, Fault> {
    let mut map: HashMap<K, (usize, V)> = HashMap::with_capacity(entries.len());
    for (at, entry) in entries.into_iter().enumerate() {
        let (key, value) = split(entry);
        if let Some((first, _)) = map.get(&key) {
            return Err(Fault::Twice {
                section,
                key: crate::error::shorten(&key.to_string()),
                at,
                first: *first,
            });
        }
        map.insert(key, (at, value));
    }
    Ok(map.into_iter().map(|(k, (_, v))| (k, v)).collect())
}

impl TryFrom<Json> for Snapshot {
    type Error = Fault;

    fn try_from(json: Json) -> Result<Snapshot, Fault> {
        let regions = json
            .regions
            .map(|list| {
                unique("Regions", list, |r| {
                    let facts = RegionFacts {
                        api_supported: r.api_supported,
                    };
                    (SmolStr::from(r.region_id), facts)
                })
            })
            .transpose()?;
        let groups = json
            .resource_groups
            .map(|list| {
                unique("ResourceGroups", list, |g| {
                    let facts = GroupFacts { status: g.status };
                    (SmolStr::from(g.resource_group_id), facts)
                })
            })
            .transpose()?;
        let parameters = json
            .parameter_store
            .map(|list| {
                unique("ParameterStore", list, |p| {
                    let facts = ParameterFacts {
                        readable: p.readable,
                    };
                    (p.name, facts)
                })
            })
            .transpose()?;
        let tokens = json
            .client_tokens
            .map(|list| {
                unique("ClientTokens", list, |t| {
                    (t.client_token, TokenFacts::new(t.fingerprint, t.processing))
                })
            })
            .transpose()?;
        let mut quotas = Quotas::default();
        if let Some(q) = json.quotas {
            if q.instances_per_call == Some(0) {
                return Err(Fault::NoInstancesPerCall);
            }
            quotas.command_count = q.command_count;
            quotas.invocations = q.invocations;
            quotas.instances_per_call = q.instances_per_call;
        }
        let instances = json.instances.map(index).transpose()?;
        Ok(Snapshot {
            regions,
            instances,
            groups,
            quotas,
            parameters,
            tokens,
        })
    }
}

/// Indexes the instances by id and by tag.
fn index(list: Vec<InstanceJson>) -> Result<Instances, Fault> {
    let mut instances = Instances {
        list: Vec::with_capacity(list.len()),
        by_id: HashMap::with_capacity(list.len()),
        ..Instances::default()
    };
    for json in list {
        let Ok(id) = InstanceId::read(&json.instance_id, Subject::Param(Param::InstanceId)) else {
            return Err(Fault::InstanceId {
                id: crate::error::shorten(&json.instance_id),
            });
        };
        let at = instances.list.len();
        if let Some(first) = instances.by_id.insert(SmolStr::from(id.as_str()), at) {
            return Err(Fault::Twice {
                section: "Instances",
                key: crate::error::shorten(&json.instance_id),
                at,
                first,
            });
        }
        let mut tags: Vec<(u32, u32)> = Vec::new();
        for (n, tag) in json.tags.unwrap_or_default().into_iter().enumerate() {
            let key = instances.number(&tag.key);
            let value = instances.number(tag.value.as_deref().unwrap_or_default());
            if let Some(first) = tags.iter().position(|&(k, _)| k == key) {
                return Err(Fault::Twice {
                    section: "Tags",
                    key: format!("{}` of `{}", crate::error::shorten(&tag.key), id),
                    at: n,
                    first,
                });
            }
            instances.by_key.entry(key).or_default().push(at);
            instances.by_tag.entry((key, value)).or_default().push(at);
            tags.push((key, value));
        }
        let region = json.region_id.as_deref().map(|r| instances.number(r));
        instances.list.push(Instance {
            id,
            region_id: json.region_id.map(SmolStr::from),
            region,
            resource_group_id: json.resource_group_id.map(SmolStr::from),
            status: json.status.map(SmolStr::from),
            os_type: json.os_type,
            agent_version: json.agent_version,
            instance_name: json.instance_name.map(String::into_boxed_str),
            tags,
        });
    }
    Ok(instances)
}
