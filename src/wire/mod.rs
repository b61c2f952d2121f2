//! Decoding of RunCommand requests exactly as clients send them.
//!
//! Two inputs are understood:
//!
//! ```text
//! query / form body   RegionId=cn-hangzhou&Type=RunShellScript&InstanceId.1=i-a&Tag.1.Key=k&...
//! JSON object         {"RegionId": "cn-hangzhou", "InstanceId": ["i-a"], "Tag": [{"Key": "k"}], ...}
//! ```
//!
//! The result is a [`RawRequest`]: every parameter the reference lists, as text, borrowed from
//! the input where no unescaping was needed. Nothing is validated here beyond what is needed to
//! read the input at all (percent-encoding, UTF-8, list keys, the same key twice, JSON types);
//! those faults are [`WireError`]s, answered as `InvalidParameter` (400). Parameters the
//! reference does not list are ignored and reported as [`Warning`]s.
//!
//! Every size is bounded: list indexes outside their range are not stored (only remembered as
//! an overflow), at most [`MAX_IGNORED`] ignored parameters are accepted, and `Parameters`
//! keeps at most [`MAX_PARAMETERS`] entries.

mod json;
mod params;
mod query;

pub(crate) use params::json_string_len;
pub use params::{MAX_PARAMETERS, ParametersFault, RawParameters};
pub(crate) use query::decode_component;
pub use query::encode_component;

use crate::{ApiError, ErrorCode};
use std::borrow::Cow;
use std::fmt;

/// At most this many parameters that RunCommand ignores (common, signature and unlisted ones)
/// are accepted in one request; one more is a [`WireError::TooManyIgnored`].
pub const MAX_IGNORED: usize = 64;

/// Ignored parameter names longer than this many characters are shortened in warnings.
const NAME_SHOWN: usize = 64;

/// A scalar request parameter of RunCommand, in the reference's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Field {
    /// `RegionId`.
    RegionId,
    /// `ResourceGroupId`.
    ResourceGroupId,
    /// `Name`.
    Name,
    /// `Description`.
    Description,
    /// `Type`.
    Type,
    /// `CommandContent`.
    CommandContent,
    /// `WorkingDir`.
    WorkingDir,
    /// `Timeout`.
    Timeout,
    /// `EnableParameter`.
    EnableParameter,
    /// `RepeatMode`.
    RepeatMode,
    /// `Timed` (no longer used).
    Timed,
    /// `Frequency`.
    Frequency,
    /// `KeepCommand`.
    KeepCommand,
    /// `ContentEncoding`.
    ContentEncoding,
    /// `Username`.
    Username,
    /// `WindowsPasswordName`.
    WindowsPasswordName,
    /// `ContainerId`.
    ContainerId,
    /// `ContainerName`.
    ContainerName,
    /// `ClientToken`.
    ClientToken,
    /// `TerminationMode`.
    TerminationMode,
    /// `Launcher`.
    Launcher,
}

const FIELD_COUNT: usize = 21;

/// The one list of the fields and their names: `ALL`, `as_str` and `from_name` are all written
/// from it, so that a key is classified by one `match` (a jump on its length, then a
/// comparison or two) rather than by comparing it with every name in turn.
macro_rules! field_names {
    ($($field:ident => $name:literal,)*) => {
        impl Field {
            /// Every scalar field, in the reference's order.
            pub const ALL: [Field; FIELD_COUNT] = [$(Field::$field,)*];

            /// The parameter name as the API spells it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Field::$field => $name,)*
                }
            }

            /// Looks a field up by its exact (case-sensitive) name.
            pub fn from_name(name: &str) -> Option<Field> {
                match name {
                    $($name => Some(Field::$field),)*
                    _ => None,
                }
            }
        }
    };
}

field_names! {
    RegionId => "RegionId",
    ResourceGroupId => "ResourceGroupId",
    Name => "Name",
    Description => "Description",
    Type => "Type",
    CommandContent => "CommandContent",
    WorkingDir => "WorkingDir",
    Timeout => "Timeout",
    EnableParameter => "EnableParameter",
    RepeatMode => "RepeatMode",
    Timed => "Timed",
    Frequency => "Frequency",
    KeepCommand => "KeepCommand",
    ContentEncoding => "ContentEncoding",
    Username => "Username",
    WindowsPasswordName => "WindowsPasswordName",
    ContainerId => "ContainerId",
    ContainerName => "ContainerName",
    ClientToken => "ClientToken",
    TerminationMode => "TerminationMode",
    Launcher => "Launcher",
}

impl Field {
    const fn slot(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One of the three numbered lists of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListName {
    /// `InstanceId.N`, N from 1 to 100.
    InstanceId,
    /// `Tag.N.Key` / `Tag.N.Value`, N from 1 to 20.
    Tag,
    /// `ResourceTag.N.Key` / `ResourceTag.N.Value`, N from 1 to 10.
    ResourceTag,
}

impl ListName {
    /// The name as the API spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            ListName::InstanceId => "InstanceId",
            ListName::Tag => "Tag",
            ListName::ResourceTag => "ResourceTag",
        }
    }

    /// The largest valid index N (indexes start at 1).
    pub const fn max_index(self) -> usize {
        match self {
            ListName::InstanceId => 100,
            ListName::Tag => 20,
            ListName::ResourceTag => 10,
        }
    }
}

impl fmt::Display for ListName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A fault that makes the input unreadable as a request; answered as `InvalidParameter` (400).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WireError {
    /// A `%` not followed by two hexadecimal digits.
    #[error("bad percent-encoding at byte {offset}")]
    BadPercentEncoding {
        /// Byte offset of the `%` in the input.
        offset: usize,
    },
    /// A key or value that is not UTF-8 once decoded.
    #[error("{what} starting at byte {offset} is not UTF-8 once percent-decoded")]
    InvalidUtf8 {
        /// `"key"` or `"value"`.
        what: &'static str,
        /// Byte offset in the input where the key or value starts.
        offset: usize,
    },
    /// The same parameter twice.
    #[error("parameter `{key}` is given twice")]
    DuplicateKey {
        /// The key, shortened.
        key: String,
    },
    /// A list key that is not `Name.N` (or `Name.N.Key` / `Name.N.Value` for tags).
    #[error("malformed list parameter `{key}` (expected {expected})")]
    MalformedListKey {
        /// The key, shortened.
        key: String,
        /// The expected shape.
        expected: &'static str,
    },
    /// More ignored parameters than [`MAX_IGNORED`].
    #[error("more than {limit} parameters that RunCommand does not define")]
    TooManyIgnored {
        /// The limit.
        limit: usize,
    },
    /// The JSON input is not valid JSON.
    #[error("malformed JSON at line {line}, column {column}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The JSON input is not an object.
    #[error("the JSON request is not an object")]
    NotAnObject,
    /// A JSON value of the wrong type.
    #[error("`{key}` must be {expected}")]
    WrongJsonType {
        /// The key, shortened.
        key: String,
        /// What the key takes.
        expected: &'static str,
    },
}

impl From<WireError> for ApiError {
    #[cold]
    fn from(err: WireError) -> ApiError {
        ApiError::new(ErrorCode::InvalidParameter, err.to_string()).with_cause(err)
    }
}

/// Something the request carries that the API ignores, or that was read leniently.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Warning {
    /// A common or signature parameter (`Action`, `Signature`, ...): ignored.
    CommonParameter {
        /// Its name.
        name: &'static str,
    },
    /// A parameter the RunCommand reference does not list (`OwnerId`, ...): ignored.
    UnknownParameter {
        /// Its name, shortened.
        name: String,
    },
    /// `Timed` is no longer used.
    TimedIgnored,
    /// A Frequency makes the effective RepeatMode `Period`.
    RepeatModeOverridden {
        /// The RepeatMode sent.
        given: String,
    },
    /// An unknown ContentEncoding is read as PlainText.
    ContentEncodingAsPlainText {
        /// The value sent, shortened.
        given: String,
    },
    /// With a container, Username and WorkingDir do not take effect.
    IgnoredInContainer {
        /// `Username` or `WorkingDir`.
        field: Field,
    },
    /// With a container a `#!` line does not choose the interpreter: the script runs in `sh`.
    ShebangInContainer,
    /// The same instance id listed twice.
    DuplicateInstanceId {
        /// The id.
        id: String,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::CommonParameter { name } => {
                write!(f, "{name}: common parameter, ignored")
            }
            Warning::UnknownParameter { name } => {
                write!(f, "{name}: not a RunCommand parameter, ignored")
            }
            Warning::TimedIgnored => f.write_str("Timed: no longer used, ignored"),
            Warning::RepeatModeOverridden { given } => {
                write!(
                    f,
                    "RepeatMode: `{given}` replaced by Period because Frequency is set"
                )
            }
            Warning::ContentEncodingAsPlainText { given } => {
                write!(
                    f,
                    "ContentEncoding: `{given}` is not PlainText or Base64, read as PlainText"
                )
            }
            Warning::IgnoredInContainer { field } => {
                write!(f, "{field}: does not take effect in a container")
            }
            Warning::ShebangInContainer => f.write_str(
                "CommandContent: a #! line does not choose the interpreter in a container",
            ),
            Warning::DuplicateInstanceId { id } => write!(f, "InstanceId: {id} is listed twice"),
        }
    }
}

/// One entry of `Tag` or `ResourceTag`, as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTag<'a> {
    index: usize,
    key: Option<Cow<'a, str>>,
    value: Option<Cow<'a, str>>,
}

impl RawTag<'_> {
    /// The index N.
    pub fn index(&self) -> usize {
        self.index
    }

    /// `.Key`, if sent.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// `.Value`, if sent.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }
}

/// A numbered list as sent: in-range entries sorted by index, and the first key out of range.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RawList<T> {
    entries: Vec<T>,
    overflow: Option<String>,
}

impl<T> Default for RawList<T> {
    fn default() -> Self {
        RawList {
            entries: Vec::new(),
            overflow: None,
        }
    }
}

/// A RunCommand request exactly as sent: the text of every parameter the reference lists.
///
/// Built by [`RawRequest::from_query`] or [`RawRequest::from_json`]; validated into a
/// [`RunCommandRequest`](crate::request::RunCommandRequest).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawRequest<'a> {
    scalars: [Option<Cow<'a, str>>; FIELD_COUNT],
    instance_ids: RawList<(usize, Cow<'a, str>)>,
    tags: RawList<RawTag<'a>>,
    resource_tags: RawList<RawTag<'a>>,
    parameters: Option<RawParameters>,
    parameters_sent: bool,
    ignored: Vec<Cow<'a, str>>,
    warnings: Vec<Warning>,
}

/// The common and signature parameters of Alibaba Cloud's RPC API.
const COMMON: [&str; 13] = [
    "Action",
    "Version",
    "Format",
    "Timestamp",
    "SignatureNonce",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureType",
    "Signature",
    "AccessKeyId",
    "SecurityToken",
    "BearerToken",
    "RegionEndpoint",
];

/// What a key names.
enum Key {
    Scalar(Field),
    Parameters,
    Instance(Index),
    Tag(ListName, Index, TagPart),
    /// Ignored: the static name when it is a common parameter.
    Ignored(Option<&'static str>),
}

#[derive(Clone, Copy)]
enum TagPart {
    Key,
    Value,
}

/// A list index: in range (1..=max), or out of range (0, too large).
#[derive(Clone, Copy)]
enum Index {
    In(usize),
    Out,
}

pub(crate) fn shorten(text: &str) -> String {
    crate::error::shorten(text, NAME_SHOWN)
}

/// Parses the decimal index of a list key: canonical decimal (no sign, no leading zero).
fn parse_index(text: &str, list: ListName) -> Option<Index> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if bytes.len() > 1 && bytes.first() == Some(&b'0') {
        return None;
    }
    if bytes.len() > 4 {
        return Some(Index::Out);
    }
    let n = bytes
        .iter()
        .fold(0usize, |acc, b| acc * 10 + usize::from(b - b'0'));
    if n == 0 || n > list.max_index() {
        Some(Index::Out)
    } else {
        Some(Index::In(n))
    }
}

fn classify(key: &str) -> Result<Key, WireError> {
    if let Some(field) = Field::from_name(key) {
        return Ok(Key::Scalar(field));
    }
    if key == "Parameters" {
        return Ok(Key::Parameters);
    }
    let malformed = |expected| WireError::MalformedListKey {
        key: shorten(key),
        expected,
    };
    if let Some(rest) = key.strip_prefix("InstanceId") {
        let Some(index) = rest
            .strip_prefix('.')
            .and_then(|n| parse_index(n, ListName::InstanceId))
        else {
            return Err(malformed("InstanceId.N"));
        };
        return Ok(Key::Instance(index));
    }
    for list in [ListName::ResourceTag, ListName::Tag] {
        if let Some(rest) = key.strip_prefix(list.as_str()) {
            let expected = match list {
                ListName::Tag => "Tag.N.Key or Tag.N.Value",
                _ => "ResourceTag.N.Key or ResourceTag.N.Value",
            };
            let Some(rest) = rest.strip_prefix('.') else {
                return Err(malformed(expected));
            };
            let (number, part) = match rest.split_once('.') {
                Some((n, "Key")) => (n, TagPart::Key),
                Some((n, "Value")) => (n, TagPart::Value),
                _ => return Err(malformed(expected)),
            };
            let Some(index) = parse_index(number, list) else {
                return Err(malformed(expected));
            };
            return Ok(Key::Tag(list, index, part));
        }
    }
    Ok(Key::Ignored(COMMON.iter().find(|c| **c == key).copied()))
}

impl<'a> RawRequest<'a> {
    /// Records one `key=value` pair.
    fn put(&mut self, key: Cow<'a, str>, value: Cow<'a, str>) -> Result<(), WireError> {
        match classify(&key)? {
            Key::Scalar(field) => self.put_scalar(field, value),
            Key::Parameters => {
                let parameters = if value.trim().is_empty() {
                    None
                } else {
                    Some(RawParameters::from_json_text(&value))
                };
                self.put_parameters(parameters)
            }
            Key::Instance(index) => self.put_instance(index, &key, value),
            Key::Tag(list, index, part) => {
                let (k, v) = match part {
                    TagPart::Key => (Some(value), None),
                    TagPart::Value => (None, Some(value)),
                };
                self.put_tag(list, index, &key, k, v)
            }
            Key::Ignored(common) => self.put_ignored(key, common),
        }
    }

    fn put_scalar(&mut self, field: Field, value: Cow<'a, str>) -> Result<(), WireError> {
        let slot = self.scalars.get_mut(field.slot());
        match slot {
            Some(slot @ None) => {
                *slot = Some(value);
                Ok(())
            }
            _ => Err(WireError::DuplicateKey {
                key: field.as_str().to_owned(),
            }),
        }
    }

    fn put_parameters(&mut self, parameters: Option<RawParameters>) -> Result<(), WireError> {
        if self.parameters_sent {
            return Err(WireError::DuplicateKey {
                key: "Parameters".to_owned(),
            });
        }
        self.parameters_sent = true;
        self.parameters = parameters;
        Ok(())
    }

    fn note_overflow(&mut self, list: ListName, key: &str) {
        let slot = match list {
            ListName::InstanceId => &mut self.instance_ids.overflow,
            ListName::Tag => &mut self.tags.overflow,
            ListName::ResourceTag => &mut self.resource_tags.overflow,
        };
        if slot.is_none() {
            *slot = Some(shorten(key));
        }
    }

    fn put_instance(
        &mut self,
        index: Index,
        key: &str,
        value: Cow<'a, str>,
    ) -> Result<(), WireError> {
        match index {
            Index::Out => {
                self.note_overflow(ListName::InstanceId, key);
                Ok(())
            }
            Index::In(n) => match self
                .instance_ids
                .entries
                .binary_search_by_key(&n, |(i, _)| *i)
            {
                Ok(_) => Err(WireError::DuplicateKey { key: shorten(key) }),
                Err(at) => {
                    self.instance_ids.entries.insert(at, (n, value));
                    Ok(())
                }
            },
        }
    }

    fn put_tag(
        &mut self,
        name: ListName,
        index: Index,
        key_text: &str,
        key: Option<Cow<'a, str>>,
        value: Option<Cow<'a, str>>,
    ) -> Result<(), WireError> {
        let n = match index {
            Index::Out => {
                self.note_overflow(name, key_text);
                return Ok(());
            }
            Index::In(n) => n,
        };
        let list = match name {
            ListName::ResourceTag => &mut self.resource_tags,
            _ => &mut self.tags,
        };
        let duplicate = || WireError::DuplicateKey {
            key: shorten(key_text),
        };
        match list.entries.binary_search_by_key(&n, |t| t.index) {
            Ok(at) => {
                let Some(tag) = list.entries.get_mut(at) else {
                    return Err(duplicate());
                };
                if (key.is_some() && tag.key.is_some()) || (value.is_some() && tag.value.is_some())
                {
                    return Err(duplicate());
                }
                if key.is_some() {
                    tag.key = key;
                }
                if value.is_some() {
                    tag.value = value;
                }
            }
            Err(at) => list.entries.insert(
                at,
                RawTag {
                    index: n,
                    key,
                    value,
                },
            ),
        }
        Ok(())
    }

    fn put_ignored(
        &mut self,
        key: Cow<'a, str>,
        common: Option<&'static str>,
    ) -> Result<(), WireError> {
        if self.ignored.contains(&key) {
            return Err(WireError::DuplicateKey { key: shorten(&key) });
        }
        if self.ignored.len() == MAX_IGNORED {
            return Err(WireError::TooManyIgnored { limit: MAX_IGNORED });
        }
        self.warnings.push(match common {
            Some(name) => Warning::CommonParameter { name },
            None => Warning::UnknownParameter {
                name: shorten(&key),
            },
        });
        self.ignored.push(key);
        Ok(())
    }

    /// Moves the text of a scalar parameter out (for a request that keeps it).
    pub(crate) fn take(&mut self, field: Field) -> Option<Cow<'a, str>> {
        self.scalars.get_mut(field.slot()).and_then(Option::take)
    }

    /// Moves `Parameters` out (for a request that keeps its entries).
    pub(crate) fn take_parameters(&mut self) -> Option<RawParameters> {
        self.parameters.take()
    }

    /// Moves the decoder's warnings out.
    pub(crate) fn take_warnings(&mut self) -> Vec<Warning> {
        std::mem::take(&mut self.warnings)
    }

    /// The text of a scalar parameter, if it was sent (possibly empty).
    pub fn get(&self, field: Field) -> Option<&str> {
        self.scalars.get(field.slot()).and_then(|v| v.as_deref())
    }

    /// The instance ids sent, in index order.
    pub fn instance_ids(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.instance_ids.entries.iter().map(|(_, id)| id.as_ref())
    }

    /// The first `InstanceId.N` key whose N is outside 1..=100, if any.
    pub fn instance_id_overflow(&self) -> Option<&str> {
        self.instance_ids.overflow.as_deref()
    }

    /// The entries of `Tag` or `ResourceTag` (by `list`) sent, in index order.
    /// `ListName::InstanceId` gives an empty slice.
    pub fn tags(&self, list: ListName) -> &[RawTag<'a>] {
        match list {
            ListName::Tag => &self.tags.entries,
            ListName::ResourceTag => &self.resource_tags.entries,
            ListName::InstanceId => &[],
        }
    }

    /// The first key of `list` whose index is out of range, if any.
    pub fn overflow(&self, list: ListName) -> Option<&str> {
        match list {
            ListName::Tag => self.tags.overflow.as_deref(),
            ListName::ResourceTag => self.resource_tags.overflow.as_deref(),
            ListName::InstanceId => self.instance_ids.overflow.as_deref(),
        }
    }

    /// `Parameters`, read as a JSON object, if sent and not empty.
    pub fn parameters(&self) -> Option<&RawParameters> {
        self.parameters.as_ref()
    }

    /// What the decoder ignored.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}

#[cfg(test)]
mod tests {
    use super::Field;

    #[test]
    fn ok_from_name_inverts_as_str() {
        for field in Field::ALL {
            assert_eq!(Field::from_name(field.as_str()), Some(field));
        }
        assert_eq!(Field::from_name("regionid"), None);
        assert_eq!(Field::from_name("Parameters"), None);
        assert_eq!(Field::from_name(""), None);
    }
}
