//! The normalized JSON form of a request, and the wire form the SDKs send.

use super::{RunCommandRequest, Tag};
use crate::wire::encode_component;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

struct Tags<'r>(&'r [Tag]);

impl Serialize for Tags<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for tag in self.0 {
            seq.serialize_element(&TagObject(tag))?;
        }
        seq.end()
    }
}

struct TagObject<'r>(&'r Tag);

impl Serialize for TagObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("Key", self.0.key())?;
        if let Some(value) = self.0.value() {
            map.serialize_entry("Value", value)?;
        }
        map.end()
    }
}

struct Object<'r>(&'r [(String, String)]);

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The normalized request under the API's parameter names, in the reference's order: lists as
/// arrays, `Parameters` as an object, numbers and booleans as JSON numbers and booleans,
/// defaults filled in, RepeatMode the effective one. Absent optional parameters are left out.
impl Serialize for RunCommandRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("RegionId", &self.region_id)?;
        if let Some(v) = &self.resource_group_id {
            map.serialize_entry("ResourceGroupId", v)?;
        }
        if let Some(v) = &self.name {
            map.serialize_entry("Name", v.as_str())?;
        }
        if let Some(v) = &self.description {
            map.serialize_entry("Description", v.as_str())?;
        }
        map.serialize_entry("Type", self.command_type.as_str())?;
        map.serialize_entry("CommandContent", &self.command_content)?;
        if let Some(v) = &self.working_dir {
            map.serialize_entry("WorkingDir", v.as_str())?;
        }
        map.serialize_entry("Timeout", &self.timeout.get())?;
        map.serialize_entry("EnableParameter", &self.enable_parameter)?;
        map.serialize_entry("RepeatMode", self.repeat_mode.as_str())?;
        if let Some(v) = &self.frequency_text {
            map.serialize_entry("Frequency", v)?;
        }
        if let Some(v) = &self.parameters {
            map.serialize_entry("Parameters", &Object(v.entries()))?;
        }
        map.serialize_entry("KeepCommand", &self.keep_command)?;
        map.serialize_entry("ContentEncoding", self.content_encoding.as_str())?;
        if let Some(v) = &self.username {
            map.serialize_entry("Username", v.as_str())?;
        }
        if let Some(v) = &self.windows_password_name {
            map.serialize_entry("WindowsPasswordName", v.as_str())?;
        }
        if !self.instance_ids.is_empty() {
            let ids: Vec<&str> = self.instance_ids.iter().map(|i| i.as_str()).collect();
            map.serialize_entry("InstanceId", &ids)?;
        }
        if !self.tags.is_empty() {
            map.serialize_entry("Tag", &Tags(&self.tags))?;
        }
        if let Some(v) = &self.container_id {
            map.serialize_entry("ContainerId", v.as_str())?;
        }
        if let Some(v) = &self.container_name {
            map.serialize_entry("ContainerName", v.as_str())?;
        }
        if let Some(v) = &self.client_token {
            map.serialize_entry("ClientToken", v.as_str())?;
        }
        if !self.resource_tags.is_empty() {
            map.serialize_entry("ResourceTag", &Tags(&self.resource_tags))?;
        }
        if let Some(v) = &self.termination_mode {
            map.serialize_entry("TerminationMode", v.as_str())?;
        }
        if let Some(v) = &self.launcher {
            map.serialize_entry("Launcher", v)?;
        }
        map.end()
    }
}

impl RunCommandRequest {
    /// The request as the generated SDK puts it in the URL query of `POST /`: every parameter
    /// the request holds (defaults included), names sorted, values percent-encoded (UTF-8,
    /// upper-case hex, `%20` for a space), lists flat and numbered from 1, `Parameters` as one
    /// compact JSON string, booleans `true` / `false`.
    ///
    /// # Example
    /// ```
    /// use ecs_runcommand::request::{check, Input};
    ///
    /// let now = "2025-01-01T00:00:00Z".parse()?;
    /// let request = check(Input::detect("RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo+hi&InstanceId.1=i-abc"), now)?;
    /// assert_eq!(request.to_query(), "CommandContent=echo%20hi&ContentEncoding=PlainText&EnableParameter=false&\
    ///     InstanceId.1=i-abc&KeepCommand=false&RegionId=cn-hangzhou&RepeatMode=Once&Timeout=60&Type=RunShellScript");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut put = |k: &str, v: &str| pairs.push((k.to_owned(), v.to_owned()));
        put("RegionId", &self.region_id);
        if let Some(v) = &self.resource_group_id {
            put("ResourceGroupId", v);
        }
        if let Some(v) = &self.name {
            put("Name", v.as_str());
        }
        if let Some(v) = &self.description {
            put("Description", v.as_str());
        }
        put("Type", self.command_type.as_str());
        put("CommandContent", &self.command_content);
        if let Some(v) = &self.working_dir {
            put("WorkingDir", v.as_str());
        }
        put("Timeout", &self.timeout.get().to_string());
        put("EnableParameter", bool_text(self.enable_parameter));
        put("RepeatMode", self.repeat_mode.as_str());
        if let Some(v) = &self.frequency_text {
            put("Frequency", v);
        }
        if let Some(v) = &self.parameters {
            put("Parameters", &v.to_compact_json());
        }
        put("KeepCommand", bool_text(self.keep_command));
        put("ContentEncoding", self.content_encoding.as_str());
        if let Some(v) = &self.username {
            put("Username", v.as_str());
        }
        if let Some(v) = &self.windows_password_name {
            put("WindowsPasswordName", v.as_str());
        }
        for (i, id) in self.instance_ids.iter().enumerate() {
            put(&format!("InstanceId.{}", i + 1), id.as_str());
        }
        for (list, tags) in [("Tag", &self.tags), ("ResourceTag", &self.resource_tags)] {
            for (i, tag) in tags.iter().enumerate() {
                put(&format!("{list}.{}.Key", i + 1), tag.key());
                if let Some(v) = tag.value() {
                    put(&format!("{list}.{}.Value", i + 1), v);
                }
            }
        }
        if let Some(v) = &self.container_id {
            put("ContainerId", v.as_str());
        }
        if let Some(v) = &self.container_name {
            put("ContainerName", v.as_str());
        }
        if let Some(v) = &self.client_token {
            put("ClientToken", v.as_str());
        }
        if let Some(v) = &self.termination_mode {
            put("TerminationMode", v.as_str());
        }
        if let Some(v) = &self.launcher {
            put("Launcher", v);
        }
        pairs.sort();
        let mut out = String::new();
        for (i, (k, v)) in pairs.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(&encode_component(k));
            out.push('=');
            out.push_str(&encode_component(v));
        }
        out
    }
}

const fn bool_text(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}
