//! A request as one JSON object with the API's parameter names.

use super::parameters::ParametersSeed;
use super::{Index, Key, Kind, Param, RawRequest, Shape, TagPart, WireError, classify};
use crate::ApiError;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

impl<'a> RawRequest<'a> {
    /// Decodes a request given as one JSON object with the API's parameter names.
    ///
    /// Lists may be arrays (`"InstanceId": ["i-a"]`, `"Tag": [{"Key": "k", "Value": "v"}]`)
    /// or flat keys (`"InstanceId.1": "i-a"`); `Parameters` may be an object or a JSON string;
    /// `Timeout` may be a number and the booleans JSON booleans; `null` means absent. Strings
    /// without escapes are borrowed.
    ///
    /// # Errors
    /// `InvalidParameter`: malformed JSON (nesting deeper than 128 anywhere, ignored keys
    /// included), not an object, a value of the wrong JSON type, the same parameter twice (also
    /// as an array and a flat key), a malformed list key, more than 64 parameters that
    /// RunCommand ignores.
    ///
    /// # Example
    /// ```
    /// use ecs_runcommand::{check, DateTime, RawRequest};
    ///
    /// let now: DateTime<_> = "2030-01-01T00:00:00Z".parse()?;
    /// let raw = RawRequest::from_json(r#"{"RegionId": "cn-hangzhou", "Type": "RunShellScript",
    ///     "CommandContent": "echo {{name}}", "EnableParameter": true, "Timeout": 600,
    ///     "InstanceId": ["i-a"], "Tag": [{"Key": "k"}], "Parameters": {"name": "Jack"}}"#)?;
    /// let request = check(raw, now)?;
    /// assert_eq!(request.timeout().get(), 600);
    /// assert_eq!(request.parameters().map(|p| p.get("NAME")), Some(Some("Jack")));
    ///
    /// let err = RawRequest::from_json(r#"{"Timeout": true}"#).unwrap_err();
    /// assert_eq!(err.detail(), "`Timeout` must be an integer or a string");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(input: &'a str) -> Result<RawRequest<'a>, ApiError> {
        let mut raw = RawRequest::default();
        let mut fault = None;
        let mut de = serde_json::Deserializer::from_str(input);
        let visitor = RequestVisitor {
            raw: &mut raw,
            fault: &mut fault,
        };
        let result = de::Deserializer::deserialize_map(&mut de, visitor).and_then(|()| de.end());
        match result {
            Ok(()) => Ok(raw),
            Err(err) => Err(fault
                .unwrap_or(if err.is_data() {
                    WireError::NotAnObject
                } else {
                    WireError::Json {
                        line: err.line(),
                        column: err.column(),
                    }
                })
                .into()),
        }
    }
}

/// Any JSON value, skipped. It goes through `deserialize_any`, so serde_json's nesting limit
/// of 128 holds inside skipped values too (serde's `Skip` takes a path that does not
/// count depth, and would accept any nesting).
pub(crate) struct Skip;

impl<'de> de::Deserialize<'de> for Skip {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Skip, D::Error> {
        deserializer.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
    }
}

/// Fails the deserializer after recording the precise fault.
fn fail<E: de::Error>(slot: &mut Option<WireError>, err: WireError) -> E {
    let message = err.to_string();
    *slot = Some(err);
    E::custom(message)
}

struct RequestVisitor<'r, 'a> {
    raw: &'r mut RawRequest<'a>,
    fault: &'r mut Option<WireError>,
}

impl<'a> Visitor<'a> for RequestVisitor<'_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(CowStr(key)) = map.next_key::<CowStr<'a>>()? {
            // A list under its bare name is an array; everything else is read by its key.
            let list =
                Param::from_name(&key).filter(|p| matches!(p.shape(), Shape::List | Shape::Tags));
            let result = match list {
                Some(list) => {
                    let seed = ListSeed {
                        raw: &mut *self.raw,
                        list,
                        fault: &mut *self.fault,
                    };
                    map.next_value_seed(seed)?;
                    Ok(())
                }
                None => match classify(&key) {
                    Err(err) => Err(err),
                    Ok(Key::Parameters) => {
                        let parameters = map.next_value_seed(ParametersSeed)?;
                        self.raw.put_parameters(parameters)
                    }
                    Ok(Key::Ignored) => {
                        map.next_value::<Skip>()?;
                        self.raw.put_ignored(key.clone())
                    }
                    Ok(Key::Scalar(param)) => match map.next_value::<Scalar<'a>>()? {
                        Scalar::Null => Ok(()),
                        Scalar::Text(text, kind) if accepts(param, kind) => {
                            self.raw.put_scalar(param, text)
                        }
                        _ => Err(wrong_type(&key, expected(param))),
                    },
                    Ok(Key::Item(index)) => match map.next_value::<Scalar<'a>>()? {
                        Scalar::Null => Ok(()),
                        Scalar::Text(text, ScalarKind::String) => {
                            self.raw.put_instance(index, &key, text)
                        }
                        _ => Err(wrong_type(&key, "a string")),
                    },
                    Ok(Key::Tag(list, index, part)) => match map.next_value::<Scalar<'a>>()? {
                        Scalar::Null => Ok(()),
                        Scalar::Text(text, ScalarKind::String) => {
                            let (k, v) = match part {
                                TagPart::Key => (Some(text), None),
                                TagPart::Value => (None, Some(text)),
                            };
                            self.raw.put_tag(list, index, &key, k, v)
                        }
                        _ => Err(wrong_type(&key, "a string")),
                    },
                },
            };
            if let Err(err) = result {
                return Err(fail(self.fault, err));
            }
        }
        Ok(())
    }
}

fn wrong_type(key: &str, expected: &'static str) -> WireError {
    WireError::WrongJsonType {
        key: crate::error::shorten(key),
        expected,
    }
}

/// What a scalar parameter takes in a JSON request, for the detail of a wrong type.
fn expected(param: Param) -> &'static str {
    match param.shape() {
        Shape::Scalar(Kind::Integer) => "an integer or a string",
        Shape::Scalar(Kind::Boolean) => "a boolean or a string",
        _ => "a string",
    }
}

/// Whether a scalar parameter takes a JSON value of this type: a string always; a number
/// for an integer; a boolean for a boolean.
fn accepts(param: Param, kind: ScalarKind) -> bool {
    match (kind, param.shape()) {
        (ScalarKind::String, _) => true,
        (ScalarKind::Number, Shape::Scalar(k)) => k == Kind::Integer,
        (ScalarKind::Bool, Shape::Scalar(k)) => k == Kind::Boolean,
        _ => false,
    }
}

/// A string key or value, borrowed when it has no escapes.
struct CowStr<'a>(Cow<'a, str>);

impl<'a> de::Deserialize<'a> for CowStr<'a> {
    fn deserialize<D: de::Deserializer<'a>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'a> Visitor<'a> for V {
            type Value = CowStr<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'a str) -> Result<CowStr<'a>, E> {
                Ok(CowStr(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CowStr<'a>, E> {
                Ok(CowStr(Cow::Owned(v.to_owned())))
            }
        }
        deserializer.deserialize_str(V)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ScalarKind {
    String,
    Number,
    Bool,
}

/// A scalar value, as text, with the JSON type it came as.
enum Scalar<'a> {
    Text(Cow<'a, str>, ScalarKind),
    Null,
    Other,
}

impl<'a> de::Deserialize<'a> for Scalar<'a> {
    fn deserialize<D: de::Deserializer<'a>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'a> Visitor<'a> for ScalarVisitor {
    type Value = Scalar<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON scalar")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'a str) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Text(Cow::Borrowed(v), ScalarKind::String))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Text(Cow::Owned(v.to_owned()), ScalarKind::String))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar<'a>, E> {
        let text = if v { "true" } else { "false" };
        Ok(Scalar::Text(Cow::Borrowed(text), ScalarKind::Bool))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Text(Cow::Owned(v.to_string()), ScalarKind::Number))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Text(Cow::Owned(v.to_string()), ScalarKind::Number))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar<'a>, E> {
        // `{:?}` keeps the fraction (`60.0`), so a float never reads as an integer.
        Ok(Scalar::Text(
            Cow::Owned(format!("{v:?}")),
            ScalarKind::Number,
        ))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Null)
    }
    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<Scalar<'a>, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Scalar::Other)
    }
    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<Scalar<'a>, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Scalar::Other)
    }
}

/// An array form of a list (`InstanceId`, `Tag`, `ResourceTag`), or null.
struct ListSeed<'r, 'a> {
    raw: &'r mut RawRequest<'a>,
    list: Param,
    fault: &'r mut Option<WireError>,
}

impl<'a> DeserializeSeed<'a> for ListSeed<'_, 'a> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'a>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'a> Visitor<'a> for ListSeed<'_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<(), A::Error> {
        let list = self.list;
        let mut n: usize = 0;
        loop {
            n = n.saturating_add(1);
            let index = if n <= list.max_index() {
                Index::In(n)
            } else {
                Index::Out
            };
            if matches!(index, Index::Out) {
                // Past the limit: remember the overflow, skip the rest without storing it.
                if seq.next_element::<Skip>()?.is_none() {
                    return Ok(());
                }
                let noted = match list {
                    Param::InstanceId => self.raw.instance_ids.overflow.is_some(),
                    _ => self.raw.tags(list).overflow.is_some(),
                };
                if !noted {
                    self.raw.note_overflow(list, &format!("{list}.{n}"));
                }
                continue;
            }
            let key = format!("{list}.{n}");
            let result = if list == Param::InstanceId {
                match seq.next_element::<Scalar<'a>>()? {
                    None => return Ok(()),
                    Some(Scalar::Text(text, ScalarKind::String)) => {
                        self.raw.put_instance(index, &key, text)
                    }
                    Some(_) => Err(wrong_type(&key, "a string")),
                }
            } else {
                match seq.next_element::<TagObject<'a>>()? {
                    None => return Ok(()),
                    Some(TagObject::Tag { key: k, value: v }) => {
                        self.raw.put_tag(list, index, &key, k, v)
                    }
                    Some(TagObject::Wrong) => {
                        Err(wrong_type(&key, "an object with string Key and Value"))
                    }
                }
            };
            if let Err(err) = result {
                return Err(fail(self.fault, err));
            }
        }
    }

    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Err(fail(self.fault, wrong_type(self.list.name(), "an array")))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(fail(self.fault, wrong_type(self.list.name(), "an array")))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(fail(self.fault, wrong_type(self.list.name(), "an array")))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(fail(self.fault, wrong_type(self.list.name(), "an array")))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(fail(self.fault, wrong_type(self.list.name(), "an array")))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(fail(self.fault, wrong_type(self.list.name(), "an array")))
    }
}

/// One element of a `Tag` / `ResourceTag` array.
enum TagObject<'a> {
    Tag {
        key: Option<Cow<'a, str>>,
        value: Option<Cow<'a, str>>,
    },
    Wrong,
}

impl<'a> de::Deserialize<'a> for TagObject<'a> {
    fn deserialize<D: de::Deserializer<'a>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TagVisitor)
    }
}

struct TagVisitor;

impl<'a> Visitor<'a> for TagVisitor {
    type Value = TagObject<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a tag object")
    }
    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<TagObject<'a>, A::Error> {
        let (mut key, mut value, mut wrong) = (None, None, false);
        while let Some(CowStr(name)) = map.next_key::<CowStr<'a>>()? {
            let scalar = map.next_value::<Scalar<'a>>()?;
            let text = match scalar {
                Scalar::Text(text, ScalarKind::String) => Some(text),
                Scalar::Null => None,
                _ => {
                    wrong = true;
                    None
                }
            };
            match name.as_ref() {
                "Key" if key.is_none() => key = text,
                "Value" if value.is_none() => value = text,
                _ => wrong = true,
            }
        }
        Ok(if wrong {
            TagObject::Wrong
        } else {
            TagObject::Tag { key, value }
        })
    }
    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<TagObject<'a>, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(TagObject::Wrong)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<TagObject<'a>, E> {
        Ok(TagObject::Wrong)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<TagObject<'a>, E> {
        Ok(TagObject::Wrong)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<TagObject<'a>, E> {
        Ok(TagObject::Wrong)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<TagObject<'a>, E> {
        Ok(TagObject::Wrong)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<TagObject<'a>, E> {
        Ok(TagObject::Wrong)
    }
    fn visit_unit<E: de::Error>(self) -> Result<TagObject<'a>, E> {
        Ok(TagObject::Wrong)
    }
}
