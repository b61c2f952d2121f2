//! Decoding of RunCommand requests exactly as clients send them.
//!
//! ```text
//! query / form body   RegionId=cn-hangzhou&Type=RunShellScript&InstanceId.1=i-a&Tag.1.Key=k&...
//! JSON object         {"RegionId": "cn-hangzhou", "InstanceId": ["i-a"], "Tag": [{"Key": "k"}], ...}
//! decoded pairs       [("RegionId", "cn-hangzhou"), ("InstanceId.1", "i-a"), ...]
//! ```
//!
//! The result is a [`RawRequest`]: the text of every parameter the reference lists, borrowed
//! from the input where no unescaping was needed. Nothing is validated here beyond what is
//! needed to read the input at all (percent-encoding, UTF-8, list keys, the same key twice,
//! JSON types and nesting); those faults are [`WireError`]s, answered as `InvalidParameter`.
//! Parameters the reference does not list are kept by name only, for the warnings.
//!
//! Every size is bounded: list indexes outside their range are not stored (only the first such
//! key is remembered), at most [`MAX_IGNORED`] ignored parameters are accepted, and
//! `Parameters` keeps at most its documented number of entries.

mod json;
mod parameters;
mod query;
mod table;

pub(crate) use parameters::{
    MAX_PARAMETERS, ParametersFault, RawParameters, json_string_len, push_json_string,
};
pub(crate) use query::{Times, ascii_text, decode_component, encode_into};
pub(crate) use table::{COUNT, Kind, Limit, Param, Shape};

use crate::ApiError;
use crate::error::shorten;
use std::borrow::Cow;

/// At most this many parameters that RunCommand ignores (common, signature and unlisted ones)
/// are accepted in one request; one more is a [`WireError::TooManyIgnored`] (a bound on work:
/// the SDKs send at most 13).
pub(crate) const MAX_IGNORED: usize = 64;

/// The common and signature parameters of Alibaba Cloud's RPC API: ignored, with a warning
/// that names them as such.
pub(crate) const COMMON: [&str; 13] = [
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

/// A fault that makes the input unreadable as a request; answered as `InvalidParameter` (400).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum WireError {
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
    /// The JSON input is not valid JSON, or nests deeper than 128.
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

/// One entry of `Tag` or `ResourceTag`, as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawTag<'a> {
    pub(crate) index: usize,
    pub(crate) key: Option<Cow<'a, str>>,
    pub(crate) value: Option<Cow<'a, str>>,
}

/// A numbered list as sent: in-range entries sorted by index, and the first key out of range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawList<T> {
    pub(crate) entries: Vec<T>,
    pub(crate) overflow: Option<String>,
}

impl<T> Default for RawList<T> {
    fn default() -> Self {
        RawList {
            entries: Vec::new(),
            overflow: None,
        }
    }
}

impl<T> RawList<T> {
    /// Whether anything was sent for the list (in range or not).
    pub(crate) fn is_sent(&self) -> bool {
        !self.entries.is_empty() || self.overflow.is_some()
    }
}

/// A parameter RunCommand ignores: its name, and its static name when it is a common
/// parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ignored<'a> {
    pub(crate) name: Cow<'a, str>,
    pub(crate) common: Option<&'static str>,
}

/// A RunCommand request exactly as sent: the text of every parameter the reference lists.
///
/// Built from what a client sends by [`from_query`](RawRequest::from_query),
/// [`from_form`](RawRequest::from_form), [`from_json`](RawRequest::from_json) or
/// [`from_pairs`](RawRequest::from_pairs), then checked by [`check`](crate::check) or
/// [`check_all`](crate::check_all).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawRequest<'a> {
    scalars: [Option<Cow<'a, str>>; COUNT],
    pub(crate) instance_ids: RawList<(usize, Cow<'a, str>)>,
    pub(crate) tags: RawList<RawTag<'a>>,
    pub(crate) resource_tags: RawList<RawTag<'a>>,
    pub(crate) parameters: Option<RawParameters>,
    parameters_sent: bool,
    pub(crate) ignored: Vec<Ignored<'a>>,
}

/// What a key names.
enum Key {
    Scalar(Param),
    Parameters,
    Item(Index),
    Tag(Param, Index, TagPart),
    Ignored,
}

#[derive(Clone, Copy)]
enum TagPart {
    Key,
    Value,
}

/// A list index: in range (1..=max), or out of range (0, too large).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Index {
    In(usize),
    Out,
}

/// The decimal index of a list key: canonical decimal (no sign, no leading zero), or `None`.
fn parse_index(text: &str, max: usize) -> Option<Index> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if bytes.len() > 1 && bytes[0] == b'0' {
        return None;
    }
    if bytes.len() > 4 {
        return Some(Index::Out);
    }
    let n = bytes
        .iter()
        .fold(0usize, |acc, b| acc * 10 + usize::from(b - b'0'));
    Some(if n == 0 || n > max {
        Index::Out
    } else {
        Index::In(n)
    })
}

/// The shape a list key must have, for the detail of a malformed one.
const fn expected_key(param: Param) -> &'static str {
    match param {
        Param::InstanceId => "InstanceId.N",
        Param::Tag => "Tag.N.Key or Tag.N.Value",
        _ => "ResourceTag.N.Key or ResourceTag.N.Value",
    }
}

/// Gives an empty list room for a few entries before its first one: one allocation of the
/// size its first growth would have, without the growth path.
pub(crate) fn first_room<T>(entries: &mut Vec<T>) {
    if entries.capacity() == 0 {
        *entries = Vec::with_capacity(4);
    }
}

fn classify(key: &str) -> Result<Key, WireError> {
    let malformed = |param| WireError::MalformedListKey {
        key: shorten(key),
        expected: expected_key(param),
    };
    // One lookup in the table: the whole key, or the name before the first `.` of a list key.
    let dot = key.as_bytes().iter().position(|&b| b == b'.');
    let Some((head, rest)) = dot.map(|at| (&key[..at], &key[at + 1..])) else {
        return match Param::from_name(key).map(|p| (p, p.shape())) {
            Some((param, Shape::Scalar(_))) => Ok(Key::Scalar(param)),
            Some((_, Shape::Object)) => Ok(Key::Parameters),
            // A bare list name: the API wants the flat format.
            Some((param, Shape::List | Shape::Tags)) => Err(malformed(param)),
            None => Ok(Key::Ignored),
        };
    };
    let Some(param) = Param::from_name(head) else {
        return Ok(Key::Ignored);
    };
    match param.shape() {
        Shape::List => parse_index(rest, param.max_index())
            .map(Key::Item)
            .ok_or_else(|| malformed(param)),
        Shape::Tags => {
            // `N.Key` or `N.Value`: the part is the end of the key (a `.` left in `N` makes
            // it no index).
            let (number, part) = if let Some(n) = rest.strip_suffix(".Key") {
                (n, TagPart::Key)
            } else if let Some(n) = rest.strip_suffix(".Value") {
                (n, TagPart::Value)
            } else {
                return Err(malformed(param));
            };
            parse_index(number, param.max_index())
                .map(|index| Key::Tag(param, index, part))
                .ok_or_else(|| malformed(param))
        }
        // `RegionId.1`, `Parameters.x`: not a parameter of RunCommand.
        Shape::Scalar(_) | Shape::Object => Ok(Key::Ignored),
    }
}

impl<'a> RawRequest<'a> {
    /// Decodes parameters that an HTTP framework has already decoded: `(name, value)` pairs
    /// with the flat list names (`InstanceId.1`, `Tag.1.Key`) and `Parameters` as its JSON
    /// text.
    ///
    /// # Errors
    /// `InvalidParameter`: the same name twice, a malformed list name (`InstanceId`, `Tag.1`,
    /// `InstanceId.01`), more than 64 parameters that RunCommand ignores.
    ///
    /// # Example
    /// ```
    /// use ecs_runcommand::{check, DateTime, RawRequest};
    ///
    /// let now: DateTime<_> = "2030-01-01T00:00:00Z".parse()?;
    /// let raw = RawRequest::from_pairs([
    ///     ("RegionId", "cn-hangzhou"),
    ///     ("Type", "RunShellScript"),
    ///     ("CommandContent", "echo hi"),
    ///     ("InstanceId.1", "i-abc123"),
    /// ])?;
    /// assert_eq!(check(raw, now)?.instance_ids()[0].as_str(), "i-abc123");
    ///
    /// let err = RawRequest::from_pairs([("InstanceId", "i-abc123")]).unwrap_err();
    /// assert_eq!(err.detail(), "malformed list parameter `InstanceId` (expected InstanceId.N)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_pairs<I, K, V>(pairs: I) -> Result<RawRequest<'a>, ApiError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<Cow<'a, str>>,
        V: Into<Cow<'a, str>>,
    {
        let mut raw = RawRequest::default();
        for (key, value) in pairs {
            raw.put(key.into(), value.into())?;
        }
        Ok(raw)
    }

    /// Records one `key=value` pair.
    pub(crate) fn put(&mut self, key: Cow<'a, str>, value: Cow<'a, str>) -> Result<(), WireError> {
        match classify(&key)? {
            Key::Scalar(param) => self.put_scalar(param, value),
            Key::Parameters => {
                let parameters = if value.trim().is_empty() {
                    None
                } else {
                    Some(RawParameters::from_json_text(&value))
                };
                self.put_parameters(parameters)
            }
            Key::Item(index) => self.put_instance(index, &key, value),
            Key::Tag(param, index, part) => {
                let (k, v) = match part {
                    TagPart::Key => (Some(value), None),
                    TagPart::Value => (None, Some(value)),
                };
                self.put_tag(param, index, &key, k, v)
            }
            Key::Ignored => self.put_ignored(key),
        }
    }

    fn put_scalar(&mut self, param: Param, value: Cow<'a, str>) -> Result<(), WireError> {
        let slot = &mut self.scalars[param.slot()];
        if slot.is_some() {
            return Err(WireError::DuplicateKey {
                key: param.name().to_owned(),
            });
        }
        *slot = Some(value);
        Ok(())
    }

    fn put_parameters(&mut self, parameters: Option<RawParameters>) -> Result<(), WireError> {
        if self.parameters_sent {
            return Err(WireError::DuplicateKey {
                key: Param::Parameters.name().to_owned(),
            });
        }
        self.parameters_sent = true;
        self.parameters = parameters;
        Ok(())
    }

    fn list_mut(&mut self, param: Param) -> &mut RawList<RawTag<'a>> {
        debug_assert!(matches!(param, Param::Tag | Param::ResourceTag));
        if param == Param::ResourceTag {
            &mut self.resource_tags
        } else {
            &mut self.tags
        }
    }

    /// Remembers the first key of `param` whose index is out of range.
    fn note_overflow(&mut self, param: Param, key: &str) {
        let slot = match param {
            Param::InstanceId => &mut self.instance_ids.overflow,
            _ => &mut self.list_mut(param).overflow,
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
        let Index::In(n) = index else {
            self.note_overflow(Param::InstanceId, key);
            return Ok(());
        };
        let entries = &mut self.instance_ids.entries;
        match entries.binary_search_by_key(&n, |(i, _)| *i) {
            Ok(_) => Err(WireError::DuplicateKey { key: shorten(key) }),
            Err(at) => {
                first_room(entries);
                entries.insert(at, (n, value));
                Ok(())
            }
        }
    }

    fn put_tag(
        &mut self,
        param: Param,
        index: Index,
        key_text: &str,
        key: Option<Cow<'a, str>>,
        value: Option<Cow<'a, str>>,
    ) -> Result<(), WireError> {
        let Index::In(n) = index else {
            self.note_overflow(param, key_text);
            return Ok(());
        };
        let list = self.list_mut(param);
        match list.entries.binary_search_by_key(&n, |t| t.index) {
            Ok(at) => {
                let tag = &mut list.entries[at];
                if (key.is_some() && tag.key.is_some()) || (value.is_some() && tag.value.is_some())
                {
                    return Err(WireError::DuplicateKey {
                        key: shorten(key_text),
                    });
                }
                if key.is_some() {
                    tag.key = key;
                }
                if value.is_some() {
                    tag.value = value;
                }
            }
            Err(at) => {
                first_room(&mut list.entries);
                list.entries.insert(
                    at,
                    RawTag {
                        index: n,
                        key,
                        value,
                    },
                );
            }
        }
        Ok(())
    }

    fn put_ignored(&mut self, name: Cow<'a, str>) -> Result<(), WireError> {
        if self.ignored.iter().any(|i| i.name == name) {
            return Err(WireError::DuplicateKey {
                key: shorten(&name),
            });
        }
        if self.ignored.len() == MAX_IGNORED {
            return Err(WireError::TooManyIgnored { limit: MAX_IGNORED });
        }
        let common = COMMON.iter().find(|c| **c == name).copied();
        first_room(&mut self.ignored);
        self.ignored.push(Ignored { name, common });
        Ok(())
    }

    /// The text of a scalar parameter, if it was sent (possibly empty).
    pub(crate) fn get(&self, param: Param) -> Option<&str> {
        self.scalars[param.slot()].as_deref()
    }

    /// Moves the text of a scalar parameter out.
    pub(crate) fn take(&mut self, param: Param) -> Option<Cow<'a, str>> {
        self.scalars[param.slot()].take()
    }

    /// The entries of `Tag` or `ResourceTag`.
    pub(crate) fn tags(&self, param: Param) -> &RawList<RawTag<'a>> {
        debug_assert!(matches!(param, Param::Tag | Param::ResourceTag));
        if param == Param::ResourceTag {
            &self.resource_tags
        } else {
            &self.tags
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn ok_classify_uses_the_table() {
        assert!(matches!(
            classify("Timeout"),
            Ok(Key::Scalar(Param::Timeout))
        ));
        assert!(matches!(classify("Parameters"), Ok(Key::Parameters)));
        assert!(matches!(
            classify("InstanceId.100"),
            Ok(Key::Item(Index::In(100)))
        ));
        assert!(matches!(
            classify("InstanceId.101"),
            Ok(Key::Item(Index::Out))
        ));
        assert!(matches!(
            classify("ResourceTag.10.Value"),
            Ok(Key::Tag(Param::ResourceTag, Index::In(10), TagPart::Value))
        ));
        assert!(matches!(
            classify("Tag.21.Key"),
            Ok(Key::Tag(Param::Tag, Index::Out, TagPart::Key))
        ));
        for ignored in [
            "OwnerId",
            "regionid",
            "RegionId.1",
            "Parameters.a",
            "Foo.1.Key",
        ] {
            assert!(matches!(classify(ignored), Ok(Key::Ignored)), "{ignored}");
        }
        for malformed in [
            "InstanceId",
            "Tag",
            "Tag.1",
            "Tag.1.Name",
            "Tag.x.Key",
            "InstanceId.01",
        ] {
            assert!(
                matches!(classify(malformed), Err(WireError::MalformedListKey { .. })),
                "{malformed}"
            );
        }
    }

    #[test]
    fn ok_from_pairs_keeps_owned_and_borrowed_text() {
        let raw = RawRequest::from_pairs([
            ("RegionId".to_owned(), "cn-hangzhou".to_owned()),
            ("InstanceId.2".to_owned(), "i-b".to_owned()),
            ("InstanceId.1".to_owned(), "i-a".to_owned()),
        ])
        .unwrap();
        assert_eq!(raw.get(Param::RegionId), Some("cn-hangzhou"));
        let ids: Vec<&str> = raw
            .instance_ids
            .entries
            .iter()
            .map(|(_, v)| v.as_ref())
            .collect();
        assert_eq!(ids, ["i-a", "i-b"]);
    }
}
