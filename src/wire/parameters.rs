//! `Parameters`: one JSON object of string values, read front to back with bounded work.

use super::json::Skip;
use super::{Limit, Param};
use crate::error::shorten;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// `Parameters` keeps at most this many entries; one more is [`ParametersFault::TooMany`].
pub(crate) const MAX_PARAMETERS: usize = match Param::Parameters.limit() {
    Limit::Entries(n) => n,
    _ => 0,
};

/// Why `Parameters` cannot be used. The first fault met reading front to back is kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ParametersFault {
    /// Valid JSON, but not an object (`InvalidParameter.Parameters`).
    #[error("Parameters is not a JSON object")]
    NotAnObject,
    /// Not JSON at all (`InvalidParameter.Parameters`).
    #[error("Parameters is not valid JSON (line {line}, column {column})")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A value that is not a string (`ParameterType.NotSupported`).
    #[error("Parameters: the value of `{key}` is not a string")]
    NotAString {
        /// The key, shortened.
        key: String,
    },
    /// More than [`MAX_PARAMETERS`] keys (`ParameterCount.ExceedLimit`).
    #[error("Parameters has more than {limit} keys")]
    TooMany {
        /// The limit.
        limit: usize,
    },
    /// A lone surrogate escape or a NUL character (`InvalidParameterCharset.Parameters`).
    #[error("Parameters contains an illegal character (line {line}, column {column})")]
    IllegalCharset {
        /// 1-based line (0 when found in a decoded key or value).
        line: usize,
        /// 1-based column (0 when found in a decoded key or value).
        column: usize,
    },
}

/// `Parameters` as read: up to [`MAX_PARAMETERS`] entries in the order sent, or the first fault.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct RawParameters {
    pub(crate) entries: Vec<(String, String)>,
    pub(crate) fault: Option<ParametersFault>,
}

impl RawParameters {
    /// Reads `Parameters` sent as one JSON string.
    pub(crate) fn from_json_text(text: &str) -> RawParameters {
        let mut out = RawParameters::default();
        let mut de = serde_json::Deserializer::from_str(text);
        let result = de::Deserializer::deserialize_map(&mut de, ObjectVisitor { out: &mut out })
            .and_then(|()| de.end());
        if let Err(err) = result
            && out.fault.is_none()
        {
            out.fault = Some(classify(&err));
        }
        out
    }

    fn note(&mut self, fault: ParametersFault) {
        if self.fault.is_none() {
            self.fault = Some(fault);
        }
    }
}

fn classify(err: &serde_json::Error) -> ParametersFault {
    let (line, column) = (err.line(), err.column());
    if err.is_data() {
        return ParametersFault::NotAnObject;
    }
    // serde_json has no kind for these; its wording is pinned by a test.
    let text = err.to_string();
    if text.contains("surrogate")
        || text.contains("invalid unicode code point")
        || text.contains("end of hex escape")
    {
        ParametersFault::IllegalCharset { line, column }
    } else {
        ParametersFault::Syntax { line, column }
    }
}

/// Reads one JSON object into a [`RawParameters`], never failing on content it can skip.
pub(crate) struct ObjectVisitor<'s> {
    pub(crate) out: &'s mut RawParameters,
}

impl<'de> Visitor<'de> for ObjectVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object of strings")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if self.out.fault.is_some() {
                map.next_value::<Skip>()?;
                continue;
            }
            if self.out.entries.len() == MAX_PARAMETERS {
                self.out.note(ParametersFault::TooMany {
                    limit: MAX_PARAMETERS,
                });
                map.next_value::<Skip>()?;
                continue;
            }
            match map.next_value::<StringOrOther>()? {
                StringOrOther::String(value) => {
                    if key.contains('\0') || value.contains('\0') {
                        self.out
                            .note(ParametersFault::IllegalCharset { line: 0, column: 0 });
                    } else {
                        super::first_room(&mut self.out.entries);
                        self.out.entries.push((key, value));
                    }
                }
                StringOrOther::Other => self
                    .out
                    .note(ParametersFault::NotAString { key: shorten(&key) }),
            }
        }
        Ok(())
    }
}

/// A JSON value: a string, or anything else (skipped without recursion).
enum StringOrOther {
    String(String),
    Other,
}

impl<'de> de::Deserialize<'de> for StringOrOther {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StringOrOtherVisitor)
    }
}

struct StringOrOtherVisitor;

impl<'de> Visitor<'de> for StringOrOtherVisitor {
    type Value = StringOrOther;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<StringOrOther, E> {
        Ok(StringOrOther::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<StringOrOther, E> {
        Ok(StringOrOther::String(v))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<StringOrOther, E> {
        Ok(StringOrOther::Other)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<StringOrOther, E> {
        Ok(StringOrOther::Other)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<StringOrOther, E> {
        Ok(StringOrOther::Other)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<StringOrOther, E> {
        Ok(StringOrOther::Other)
    }
    fn visit_unit<E: de::Error>(self) -> Result<StringOrOther, E> {
        Ok(StringOrOther::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StringOrOther, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(StringOrOther::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StringOrOther, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(StringOrOther::Other)
    }
}

/// `Parameters` inside a JSON request: an object, a JSON string holding an object, or null.
pub(crate) struct ParametersSeed;

impl<'de> DeserializeSeed<'de> for ParametersSeed {
    type Value = Option<RawParameters>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(ParametersValueVisitor)
    }
}

struct ParametersValueVisitor;

impl<'de> Visitor<'de> for ParametersValueVisitor {
    type Value = Option<RawParameters>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of strings or a JSON string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(RawParameters::from_json_text(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let mut out = RawParameters::default();
        ObjectVisitor { out: &mut out }.visit_map(map)?;
        Ok(Some(out))
    }
}

/// The length in bytes of `text` as a compact JSON string, quotes included (as serde_json
/// writes it: `"` and `\` and the short escapes take 2 bytes, other controls 6).
pub(crate) fn json_string_len(text: &str) -> usize {
    // The bytes an escape adds, summed from a table (no branch per byte).
    let extra: usize = text
        .bytes()
        .map(|b| usize::from(JSON_EXTRA[usize::from(b)]))
        .sum();
    2 + text.len() + extra
}

/// The bytes each byte adds when written in a JSON string: 1 for `"`, `\` and the short
/// escapes, 5 for other controls (`\u00XX`), else 0.
const JSON_EXTRA: [u8; 256] = {
    let mut table = [0_u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'"' | b'\\' | b'\n' | b'\r' | b'\t' | 0x08 | 0x0c => 1,
            0..=0x1f => 5,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// Writes `text` as a compact JSON string, quotes included, as serde_json writes it (the
/// length is [`json_string_len`]).
pub(crate) fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    let mut last = 0;
    for (at, b) in text.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[last..at]);
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
        } else {
            out.push_str(escape);
        }
        last = at + 1;
    }
    out.push_str(&text[last..]);
    out.push('"');
}
