//! The normalized JSON form of a checked request, and the wire form the SDKs send: both walk
//! the table of parameters, in its order.

use std::borrow::Cow;

use base64::Engine as _;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::{CheckedRequest, ContentEncoding, InstanceId, Parameters, Tag};
use crate::wire::{Param, Times, ascii_text, encode_into};

/// The value of one parameter of a checked request.
pub(crate) enum Value<'r> {
    Text(Cow<'r, str>),
    Integer(u32),
    Boolean(bool),
    List(&'r [InstanceId]),
    Tags(&'r [Tag]),
    Object(&'r Parameters),
}

impl CheckedRequest {
    /// The value of `param`, as the API names it and with defaults filled in; `None` for an
    /// absent optional parameter (and for `Timed`, which is ignored).
    pub(crate) fn value(&self, param: Param) -> Option<Value<'_>> {
        fn text(v: &Option<String>) -> Option<Value<'_>> {
            v.as_deref().map(|s| Value::Text(Cow::Borrowed(s)))
        }
        fn list(v: &[Tag]) -> Option<Value<'_>> {
            (!v.is_empty()).then_some(Value::Tags(v))
        }
        Some(match param {
            Param::RegionId => Value::Text(Cow::Borrowed(&self.region_id)),
            Param::ResourceGroupId => return text(&self.resource_group_id),
            Param::Name => return text(&self.name),
            Param::Description => return text(&self.description),
            Param::Type => Value::Text(Cow::Borrowed(self.command_type.as_str())),
            Param::CommandContent => Value::Text(self.content_as_sent()),
            Param::WorkingDir => return text(&self.working_dir),
            Param::Timeout => Value::Integer(self.timeout.get()),
            Param::EnableParameter => Value::Boolean(self.enable_parameter),
            Param::RepeatMode => Value::Text(Cow::Borrowed(self.repeat_mode.as_str())),
            Param::Timed => return None,
            Param::Frequency => Value::Text(Cow::Borrowed(self.frequency_text()?)),
            Param::Parameters => Value::Object(self.parameters.as_ref()?),
            Param::KeepCommand => Value::Boolean(self.keep_command),
            Param::ContentEncoding => Value::Text(Cow::Borrowed(self.content_encoding.as_str())),
            Param::Username => return text(&self.username),
            Param::WindowsPasswordName => return text(&self.windows_password_name),
            Param::InstanceId => {
                return (!self.instance_ids.is_empty()).then_some(Value::List(&self.instance_ids));
            }
            Param::Tag => return list(&self.tags),
            Param::ContainerId => return text(&self.container_id),
            Param::ContainerName => return text(&self.container_name),
            Param::ClientToken => return text(&self.client_token),
            Param::ResourceTag => return list(&self.resource_tags),
            Param::TerminationMode => Value::Text(Cow::Borrowed(self.termination_mode?.as_str())),
            Param::Launcher => Value::Text(Cow::Borrowed(self.launcher.as_ref()?.as_str())),
        })
    }

    /// The content as it was sent: Base64 again when it came as Base64 (the decoder takes only
    /// canonical Base64, so this is the text sent); plain content is UTF-8 text.
    fn content_as_sent(&self) -> Cow<'_, str> {
        match self.content_encoding {
            ContentEncoding::Base64 => {
                Cow::Owned(base64::engine::general_purpose::STANDARD.encode(self.content()))
            }
            ContentEncoding::PlainText => String::from_utf8_lossy(self.content()),
        }
    }

    /// The request as the generated SDK puts it in the URL query of `POST /`: every parameter
    /// the request holds (defaults included), names sorted, values percent-encoded (UTF-8,
    /// upper-case hex, `%20` for a space), lists flat and numbered from 1, `Parameters` as one
    /// compact JSON string, booleans `true` / `false`.
    ///
    /// # Example
    /// ```
    /// use ecs_runcommand::{check, DateTime, RawRequest};
    ///
    /// let now: DateTime<_> = "2030-01-01T00:00:00Z".parse()?;
    /// let raw = RawRequest::from_query(b"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo+hi&InstanceId.1=i-abc")?;
    /// assert_eq!(check(raw, now)?.to_query(), "CommandContent=echo%20hi&ContentEncoding=PlainText&EnableParameter=false&\
    ///     InstanceId.1=i-abc&KeepCommand=false&RegionId=cn-hangzhou&RepeatMode=Once&Timeout=60&Type=RunShellScript");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(String, Cow<'_, str>)> = Vec::new();
        for param in Param::ALL {
            let name = param.name();
            match self.value(param) {
                None => {}
                Some(Value::Text(text)) => pairs.push((name.to_owned(), text)),
                Some(Value::Integer(n)) => pairs.push((name.to_owned(), Cow::Owned(n.to_string()))),
                Some(Value::Boolean(b)) => {
                    pairs.push((
                        name.to_owned(),
                        Cow::Borrowed(if b { "true" } else { "false" }),
                    ));
                }
                Some(Value::List(ids)) => {
                    for (i, id) in ids.iter().enumerate() {
                        pairs.push((format!("{name}.{}", i + 1), Cow::Borrowed(id.as_str())));
                    }
                }
                Some(Value::Tags(tags)) => {
                    for (i, tag) in tags.iter().enumerate() {
                        pairs.push((format!("{name}.{}.Key", i + 1), Cow::Borrowed(tag.key())));
                        if let Some(value) = tag.value() {
                            pairs.push((format!("{name}.{}.Value", i + 1), Cow::Borrowed(value)));
                        }
                    }
                }
                Some(Value::Object(parameters)) => {
                    pairs.push((name.to_owned(), Cow::Owned(parameters.to_compact_json())));
                }
            }
        }
        pairs.sort();
        let mut out = Vec::new();
        for (i, (k, v)) in pairs.iter().enumerate() {
            if i > 0 {
                out.push(b'&');
            }
            encode_into(k, Times::Once, &mut out);
            out.push(b'=');
            encode_into(v, Times::Once, &mut out);
        }
        ascii_text(out)
    }
}

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

/// A tag as the API writes it: `{"Key": ..., "Value": ...}` (no `Value` when it has none).
pub(crate) struct TagObject<'r>(pub(crate) &'r Tag);

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

struct Ids<'r>(&'r [InstanceId]);

impl Serialize for Ids<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(InstanceId::as_str))
    }
}

struct Object<'r>(&'r Parameters);

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.entries().iter().map(|(k, v)| (k, v)))
    }
}

/// The normalized request under the API's parameter names, in the table's order: lists as
/// arrays, `Parameters` as an object, numbers and booleans as JSON numbers and booleans,
/// defaults filled in, RepeatMode the effective one, the content as sent. Absent optional
/// parameters are left out.
impl Serialize for CheckedRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for param in Param::ALL {
            let name = param.name();
            match self.value(param) {
                None => {}
                Some(Value::Text(text)) => map.serialize_entry(name, text.as_ref())?,
                Some(Value::Integer(n)) => map.serialize_entry(name, &n)?,
                Some(Value::Boolean(b)) => map.serialize_entry(name, &b)?,
                Some(Value::List(ids)) => map.serialize_entry(name, &Ids(ids))?,
                Some(Value::Tags(tags)) => map.serialize_entry(name, &Tags(tags))?,
                Some(Value::Object(parameters)) => {
                    map.serialize_entry(name, &Object(parameters))?
                }
            }
        }
        map.end()
    }
}
