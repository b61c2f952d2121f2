//! The request Fingerprint: a SHA-256 digest of a canonical form of the checked request.
//!
//! The canonical form (version 1, `spec/context.md`) is one compact JSON object whose keys are
//! the API's parameter names in byte order, with:
//!
//! - every parameter the request holds, defaults written out (Timeout, EnableParameter,
//!   KeepCommand, the effective RepeatMode), absent optional parameters left out;
//! - `CommandContent` as the Base64 (standard, padded) of the decoded content bytes, and no
//!   `ContentEncoding` (how the content travelled does not change what runs);
//! - `Frequency` and `Launcher` in their canonical form (their `Display`);
//! - `InstanceId` sorted and without repeats; `Tag` and `ResourceTag` sorted by key;
//! - `Parameters` with its keys in lower case (names are case-insensitive) and sorted, left out
//!   when it has no key;
//! - no `ClientToken` (the token names the request; the Fingerprint says what it asks) and no
//!   `Timed` (ignored).
//!
//! Strings are escaped as serde_json writes them (`\"`, `\\`, `\b \f \n \r \t`, other controls
//! as `\u00XX`, everything else as UTF-8). The Fingerprint is the SHA-256 of those bytes.

use std::fmt;
use std::io;
use std::str::FromStr;

use base64::display::Base64Display;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use sha2::{Digest, Sha256};

use crate::request::{CheckedRequest, InstanceId, Parameters, Tag, TagObject};
use crate::wire::Param;

/// The digest of what a request asks: equal however the request was encoded on the wire, and
/// different when a parameter that changes what runs differs. It decides ClientToken
/// idempotency ([`View::client_token`](super::View::client_token)). Printed as 64 lower-case
/// hex digits.
///
/// # Example
/// ```
/// use ecs_runcommand::{check, DateTime, RawRequest};
///
/// let now: DateTime<_> = "2030-01-01T00:00:00Z".parse()?;
/// let a = check(RawRequest::from_query(b"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo+hi&InstanceId.1=i-abc")?, now)?;
/// let b = check(RawRequest::from_json(r#"{"InstanceId": ["i-abc"], "CommandContent": "ZWNobyBoaQ==",
///     "ContentEncoding": "base64", "Type": "RunShellScript", "RegionId": "cn-hangzhou", "Timeout": 60}"#)?, now)?;
/// assert_eq!(a.fingerprint(), b.fingerprint());
/// assert_eq!(a.fingerprint().to_string().len(), 64);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// The version of the canonical form the digest is taken over.
    pub const VERSION: u32 = 1;

    /// The digest's bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A Fingerprint from its bytes.
    pub const fn from_bytes(bytes: [u8; 32]) -> Fingerprint {
        Fingerprint(bytes)
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = [0u8; 64];
        let hex = base16ct::lower::encode_str(&self.0, &mut buffer).map_err(|_| fmt::Error)?;
        f.write_str(hex)
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// Why a text is not a Fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a Fingerprint (64 hexadecimal digits)")]
pub struct FingerprintError {
    text: String,
}

/// Reads 64 hexadecimal digits, in either letter case.
impl FromStr for Fingerprint {
    type Err = FingerprintError;

    fn from_str(text: &str) -> Result<Fingerprint, FingerprintError> {
        let mut bytes = [0u8; 32];
        match base16ct::mixed::decode(text, &mut bytes) {
            Ok(decoded) if decoded.len() == 32 => Ok(Fingerprint(bytes)),
            _ => Err(FingerprintError {
                text: crate::error::shorten(text),
            }),
        }
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Fingerprint, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The parameters of the canonical form, in byte order of their names (a unit test checks the
/// order and that no other parameter is missing).
const CANONICAL_ORDER: [Param; 22] = [
    Param::CommandContent,
    Param::ContainerId,
    Param::ContainerName,
    Param::Description,
    Param::EnableParameter,
    Param::Frequency,
    Param::InstanceId,
    Param::KeepCommand,
    Param::Launcher,
    Param::Name,
    Param::Parameters,
    Param::RegionId,
    Param::RepeatMode,
    Param::ResourceGroupId,
    Param::ResourceTag,
    Param::Tag,
    Param::TerminationMode,
    Param::Timeout,
    Param::Type,
    Param::Username,
    Param::WindowsPasswordName,
    Param::WorkingDir,
];

impl CheckedRequest {
    /// The request's [`Fingerprint`]: the SHA-256 of its canonical form (`spec/context.md`),
    /// written straight into the digest.
    pub fn fingerprint(&self) -> Fingerprint {
        let mut sink = DigestSink(Sha256::new());
        // Writing into a digest cannot fail, and every value here serializes.
        let written = serde_json::to_writer(&mut sink, &Canonical(self));
        debug_assert!(written.is_ok(), "{written:?}");
        Fingerprint(sink.0.finalize().into())
    }
}

/// A writer that feeds a digest.
struct DigestSink(Sha256);

impl io::Write for DigestSink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

struct Canonical<'r>(&'r CheckedRequest);

impl Serialize for Canonical<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut map = serializer.serialize_map(None)?;
        for param in CANONICAL_ORDER {
            let name = param.name();
            match param {
                Param::CommandContent => map.serialize_entry(
                    name,
                    &Text(Base64Display::new(
                        r.content(),
                        &base64::engine::general_purpose::STANDARD,
                    )),
                )?,
                Param::Frequency => {
                    if let Some(frequency) = r.frequency() {
                        map.serialize_entry(name, &Text(frequency))?;
                    }
                }
                Param::Launcher => {
                    if let Some(launcher) = r.launcher() {
                        map.serialize_entry(name, &Text(launcher))?;
                    }
                }
                Param::InstanceId => {
                    if !r.instance_ids().is_empty() {
                        map.serialize_entry(name, &SortedIds(r.instance_ids()))?;
                    }
                }
                Param::Tag | Param::ResourceTag => {
                    let tags = if param == Param::Tag {
                        r.tags()
                    } else {
                        r.resource_tags()
                    };
                    if !tags.is_empty() {
                        map.serialize_entry(name, &SortedTags(tags))?;
                    }
                }
                Param::Parameters => {
                    if let Some(parameters) = r.parameters().filter(|p| !p.entries().is_empty()) {
                        map.serialize_entry(name, &FoldedParameters(parameters))?;
                    }
                }
                Param::Timeout => map.serialize_entry(name, &r.timeout().get())?,
                Param::EnableParameter => map.serialize_entry(name, &r.enable_parameter())?,
                Param::KeepCommand => map.serialize_entry(name, &r.keep_command())?,
                Param::RegionId => map.serialize_entry(name, r.region_id())?,
                Param::Type => map.serialize_entry(name, r.command_type().as_str())?,
                Param::RepeatMode => map.serialize_entry(name, r.repeat_mode().as_str())?,
                Param::TerminationMode => {
                    if let Some(mode) = r.termination_mode() {
                        map.serialize_entry(name, mode.as_str())?;
                    }
                }
                _ => {
                    let text = match param {
                        Param::ContainerId => r.container_id(),
                        Param::ContainerName => r.container_name(),
                        Param::Description => r.description(),
                        Param::Name => r.name(),
                        Param::ResourceGroupId => r.resource_group_id(),
                        Param::Username => r.username(),
                        Param::WindowsPasswordName => r.windows_password_name(),
                        Param::WorkingDir => r.working_dir(),
                        _ => None,
                    };
                    if let Some(text) = text {
                        map.serialize_entry(name, text)?;
                    }
                }
            }
        }
        map.end()
    }
}

/// A value serialized as the text its `Display` writes, without an intermediate `String`.
struct Text<T>(T);

impl<T: fmt::Display> Serialize for Text<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

struct SortedIds<'r>(&'r [InstanceId]);

impl Serialize for SortedIds<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut ids: Vec<&str> = self.0.iter().map(InstanceId::as_str).collect();
        ids.sort_unstable();
        ids.dedup();
        serializer.collect_seq(ids)
    }
}

struct SortedTags<'r>(&'r [Tag]);

impl Serialize for SortedTags<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut tags: Vec<&Tag> = self.0.iter().collect();
        // Keys are unique within a list (a repeated key is rejected).
        tags.sort_unstable_by(|a, b| a.key().cmp(b.key()));
        let mut seq = serializer.serialize_seq(Some(tags.len()))?;
        for tag in tags {
            seq.serialize_element(&TagObject(tag))?;
        }
        seq.end()
    }
}

struct FoldedParameters<'r>(&'r Parameters);

impl Serialize for FoldedParameters<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Keys equal ignoring case are rejected, so the folded keys are distinct.
        let mut entries: Vec<(String, &str)> = self
            .0
            .entries()
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.as_str()))
            .collect();
        entries.sort_unstable();
        serializer.collect_map(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parameters the canonical form leaves out.
    const LEFT_OUT: [Param; 3] = [Param::ContentEncoding, Param::ClientToken, Param::Timed];

    #[test]
    fn ok_canonical_order_is_sorted_and_complete() {
        let names: Vec<&str> = CANONICAL_ORDER.iter().map(|p| p.name()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        for param in Param::ALL {
            assert_eq!(
                CANONICAL_ORDER.contains(&param),
                !LEFT_OUT.contains(&param),
                "{param}"
            );
        }
    }

    #[test]
    fn ok_hex_round_trip() {
        let fp = Fingerprint([0xab; 32]);
        assert_eq!(fp.to_string(), "ab".repeat(32));
        assert_eq!("AB".repeat(32).parse::<Fingerprint>(), Ok(fp));
        assert!("ab".repeat(31).parse::<Fingerprint>().is_err());
        assert!("zz".repeat(32).parse::<Fingerprint>().is_err());
    }
}
