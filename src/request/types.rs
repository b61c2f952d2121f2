//! The typed values of a RunCommand request: one newtype per constrained value.

use super::error::{RuleError, RuleKind, Subject, shorten};
use crate::wire::{Field, ListName};
use smol_str::SmolStr;
use std::fmt;

fn too_long(subject: Subject, len: usize, max: usize) -> RuleError {
    RuleError::new(subject, RuleKind::TooLong { len, max })
}

/// Length in characters, counting no further than `max + 1`.
fn chars_upto(text: &str, max: usize) -> usize {
    text.chars().take(max.saturating_add(1)).count()
}

fn no_controls(subject: Subject, text: &str, allowed: &[char]) -> Result<(), RuleError> {
    match text
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() && !allowed.contains(c))
    {
        Some((at, ch)) => Err(RuleError::new(subject, RuleKind::BadChar { at, ch })),
        None => Ok(()),
    }
}

macro_rules! text_newtype {
    ($(#[$doc:meta])* $name:ident, $field:expr, $max:expr, |$text:ident| $check:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// The longest value, in characters.
            pub const MAX_CHARS: usize = $max;

            /// The value.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<&str> for $name {
            type Error = RuleError;

            fn try_from($text: &str) -> Result<$name, RuleError> {
                let subject = Subject::Field($field);
                let len = chars_upto($text, $max);
                if len > $max {
                    return Err(too_long(subject, $text.chars().count(), $max));
                }
                let check: Result<(), RuleError> = $check;
                check?;
                Ok($name($text.to_owned()))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_newtype!(
    /// `Name`: at most 128 characters, no control characters.
    CommandName, Field::Name, 128, |text| no_controls(Subject::Field(Field::Name), text, &[])
);
text_newtype!(
    /// `Description`: at most 512 characters, no control characters but tab, CR and LF.
    Description, Field::Description, 512,
    |text| no_controls(Subject::Field(Field::Description), text, &['\t', '\r', '\n'])
);
text_newtype!(
    /// `WorkingDir`: at most 200 characters, no control characters.
    WorkingDir, Field::WorkingDir, 200, |text| no_controls(Subject::Field(Field::WorkingDir), text, &[])
);
text_newtype!(
    /// `Username`: at most 255 characters.
    Username, Field::Username, 255, |text| { let _ = text; Ok(()) }
);
text_newtype!(
    /// `WindowsPasswordName`: at most 255 characters.
    WindowsPasswordName, Field::WindowsPasswordName, 255, |text| { let _ = text; Ok(()) }
);
text_newtype!(
    /// `ClientToken`: ASCII only, at most 64 characters.
    ClientToken, Field::ClientToken, 64,
    |text| match text.chars().position(|c| !c.is_ascii()) {
        Some(at) => Err(RuleError::new(
            Subject::Field(Field::ClientToken),
            RuleKind::BadChar { at, ch: text.chars().nth(at).unwrap_or('\u{fffd}') },
        )),
        None => Ok(()),
    }
);
text_newtype!(
    /// `ContainerName`: a letter or digit, then letters, digits, `_`, `.`, `-`; at most 255
    /// characters (Docker's rule; Kubernetes names are a subset).
    ContainerName, Field::ContainerName, 255,
    |text| {
        let mut bytes = text.bytes();
        let first_ok = bytes.next().is_some_and(|b| b.is_ascii_alphanumeric());
        if first_ok && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')) {
            Ok(())
        } else {
            Err(RuleError::new(
                Subject::Field(Field::ContainerName),
                RuleKind::Malformed { value: shorten(text), expected: "[A-Za-z0-9][A-Za-z0-9_.-]*" },
            ))
        }
    }
);

/// `ContainerId`: 64 lower-case hexadecimal digits, optionally prefixed by `docker://`,
/// `containerd://` or `cri-o://`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContainerId(String);

impl ContainerId {
    /// The runtime prefixes accepted.
    pub const RUNTIMES: [&'static str; 3] = ["docker://", "containerd://", "cri-o://"];
    /// The number of hexadecimal digits of an id.
    pub const HEX_DIGITS: usize = 64;

    /// The value as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<&str> for ContainerId {
    type Error = RuleError;

    fn try_from(text: &str) -> Result<ContainerId, RuleError> {
        let hex = Self::RUNTIMES
            .iter()
            .find_map(|p| text.strip_prefix(p))
            .unwrap_or(text);
        if hex.len() == Self::HEX_DIGITS
            && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            Ok(ContainerId(text.to_owned()))
        } else {
            Err(RuleError::new(
                Subject::Field(Field::ContainerId),
                RuleKind::Malformed {
                    value: shorten(text),
                    expected: "64 lower-case hex digits, optionally after docker://, containerd:// or cri-o://",
                },
            ))
        }
    }
}

/// An instance id: `i-` or `mi-` (managed instance) then lower-case letters and digits, at
/// most 64 characters in all.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InstanceId(SmolStr);

impl InstanceId {
    /// The longest id.
    pub const MAX_CHARS: usize = 64;
    /// At most this many instances in one request.
    pub const MAX_COUNT: usize = ListName::InstanceId.max_index();

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Checks the id sent as `InstanceId.{index}`.
    ///
    /// # Errors
    /// A [`RuleError`] (`InvalidParameter.InstanceId`).
    pub fn new(text: &str, index: usize) -> Result<InstanceId, RuleError> {
        let body = text.strip_prefix("i-").or_else(|| text.strip_prefix("mi-"));
        match body {
            Some(body)
                if !body.is_empty()
                    && text.len() <= Self::MAX_CHARS
                    && body
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) =>
            {
                Ok(InstanceId(SmolStr::new(text)))
            }
            _ => Err(RuleError::new(
                Subject::InstanceId { index },
                RuleKind::Malformed {
                    value: shorten(text),
                    expected: "i-<lower-case letters and digits> or mi-<...>, at most 64 characters",
                },
            )),
        }
    }
}

/// A tag key of `Tag` or `ResourceTag`: 1 to 64 characters, not starting with `acs:` or
/// `aliyun` (any case), no `http://` or `https://` (any case).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TagKey(SmolStr);

/// A tag value: at most 128 characters (may be empty), no `http://` or `https://`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TagValue(SmolStr);

/// Whether `text` contains `http://` or `https://`, in any ASCII letter case (no allocation).
fn has_url(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'h', b'H', bytes).any(|at| {
        let rest = bytes.get(at..).unwrap_or_default();
        starts_with_ignore_case(rest, b"http://") || starts_with_ignore_case(rest, b"https://")
    })
}

/// Whether `bytes` starts with `prefix`, in any ASCII letter case.
fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

impl TagKey {
    /// The longest key.
    pub const MAX_CHARS: usize = 64;

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Checks the key of entry `index` of `list`.
    ///
    /// # Errors
    /// A [`RuleError`] (`MissingParameter.TagKey`, `InvalidTagKey.Malformed` or their
    /// ResourceTag counterparts).
    pub fn new(text: &str, list: ListName, index: usize) -> Result<TagKey, RuleError> {
        let subject = Subject::TagKey(list, index);
        if text.is_empty() {
            return Err(RuleError::new(subject, RuleKind::Missing));
        }
        if chars_upto(text, Self::MAX_CHARS) > Self::MAX_CHARS {
            return Err(too_long(subject, text.chars().count(), Self::MAX_CHARS));
        }
        let bytes = text.as_bytes();
        if starts_with_ignore_case(bytes, b"acs:")
            || starts_with_ignore_case(bytes, b"aliyun")
            || has_url(text)
        {
            return Err(RuleError::new(
                subject,
                RuleKind::Malformed {
                    value: shorten(text),
                    expected: "a key without the acs: or aliyun prefix and without http:// or https://",
                },
            ));
        }
        Ok(TagKey(SmolStr::new(text)))
    }
}

impl TagValue {
    /// The longest value.
    pub const MAX_CHARS: usize = 128;

    /// The value.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Checks the value of entry `index` of `list`.
    ///
    /// # Errors
    /// A [`RuleError`] (`InvalidTagValue.Malformed` or `InvalidResourceTagValue.Malformed`).
    pub fn new(text: &str, list: ListName, index: usize) -> Result<TagValue, RuleError> {
        let subject = Subject::TagValue(list, index);
        if chars_upto(text, Self::MAX_CHARS) > Self::MAX_CHARS {
            return Err(too_long(subject, text.chars().count(), Self::MAX_CHARS));
        }
        if has_url(text) {
            return Err(RuleError::new(
                subject,
                RuleKind::Malformed {
                    value: shorten(text),
                    expected: "a value without http:// or https://",
                },
            ));
        }
        Ok(TagValue(SmolStr::new(text)))
    }
}

/// One tag: a key and an optional value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tag {
    pub(crate) key: TagKey,
    pub(crate) value: Option<TagValue>,
}

impl Tag {
    /// The key.
    pub fn key(&self) -> &str {
        self.key.as_str()
    }

    /// The value, if sent.
    pub fn value(&self) -> Option<&str> {
        self.value.as_ref().map(TagValue::as_str)
    }
}

macro_rules! keyword_enum {
    ($(#[$doc:meta])* $name:ident, $field:expr, $expected:literal, { $($(#[$vdoc:meta])* $variant:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )*
        }

        impl $name {
            /// The value as the API spells it.
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => stringify!($variant), )* }
            }
        }

        impl std::str::FromStr for $name {
            type Err = RuleError;

            fn from_str(text: &str) -> Result<$name, RuleError> {
                match text {
                    $( stringify!($variant) => Ok($name::$variant), )*
                    _ => Err(RuleError::new(
                        Subject::Field($field),
                        RuleKind::NotOneOf { value: shorten(text), expected: $expected },
                    )),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword_enum!(
    /// `Type`: the language of the command (exact spelling).
    CommandType, Field::Type, "RunBatScript, RunPowerShellScript, RunShellScript", {
        /// Batch, on Windows.
        RunBatScript,
        /// PowerShell, on Windows.
        RunPowerShellScript,
        /// Shell, on Linux.
        RunShellScript,
    }
);

impl CommandType {
    /// Whether the command runs on Windows.
    pub const fn is_windows(self) -> bool {
        !matches!(self, CommandType::RunShellScript)
    }
}

keyword_enum!(
    /// `RepeatMode` (exact spelling).
    RepeatMode, Field::RepeatMode, "Once, Period, NextRebootOnly, EveryReboot", {
        /// Run immediately, once.
        Once,
        /// Run on the schedule of Frequency.
        Period,
        /// Run at the next start of the instance.
        NextRebootOnly,
        /// Run at every start of the instance.
        EveryReboot,
    }
);

keyword_enum!(
    /// `TerminationMode` (exact spelling).
    TerminationMode, Field::TerminationMode, "Process, ProcessTree", {
        /// Stop the process.
        Process,
        /// Stop the process tree.
        ProcessTree,
    }
);

/// `ContentEncoding`: `PlainText` or `Base64`, any letter case; anything else reads as
/// PlainText.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ContentEncoding {
    /// Not encoded (the default).
    #[default]
    PlainText,
    /// Base64, standard alphabet with padding.
    Base64,
}

impl ContentEncoding {
    /// Reads a value; the flag is false when the value was not recognised (PlainText is used).
    pub fn read(text: &str) -> (ContentEncoding, bool) {
        if text.eq_ignore_ascii_case("Base64") {
            (ContentEncoding::Base64, true)
        } else {
            (
                ContentEncoding::PlainText,
                text.eq_ignore_ascii_case("PlainText"),
            )
        }
    }

    /// The value as the API spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            ContentEncoding::PlainText => "PlainText",
            ContentEncoding::Base64 => "Base64",
        }
    }
}

/// `Timeout` in seconds: an integer from 10 to 86400, 60 by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timeout(u32);

impl Timeout {
    /// The smallest timeout.
    pub const MIN: u32 = 10;
    /// The largest timeout (one day).
    pub const MAX: u32 = 86_400;
    /// The default.
    pub const DEFAULT: Timeout = Timeout(60);

    /// The seconds.
    pub const fn get(self) -> u32 {
        self.0
    }
}

impl Default for Timeout {
    fn default() -> Self {
        Timeout::DEFAULT
    }
}

impl std::str::FromStr for Timeout {
    type Err = RuleError;

    /// Decimal digits with an optional leading `+` or `-`.
    fn from_str(text: &str) -> Result<Timeout, RuleError> {
        let err = || {
            RuleError::new(
                Subject::Field(Field::Timeout),
                RuleKind::OutOfRange {
                    value: shorten(text),
                    min: Timeout::MIN,
                    max: Timeout::MAX,
                },
            )
        };
        let digits = text.strip_prefix('+').unwrap_or(text);
        if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let value: u32 = digits.parse().map_err(|_| err())?;
        if (Timeout::MIN..=Timeout::MAX).contains(&value) {
            Ok(Timeout(value))
        } else {
            Err(err())
        }
    }
}

/// Reads a boolean: `true` or `false` in any letter case.
pub(crate) fn read_bool(field: Field, text: &str) -> Result<bool, RuleError> {
    if text.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if text.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(RuleError::new(
            Subject::Field(field),
            RuleKind::NotBoolean {
                value: shorten(text),
            },
        ))
    }
}

/// `Parameters`: up to 10 custom parameter values, keys as sent, in the order sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parameters(pub(crate) Vec<(String, String)>);

impl Parameters {
    /// At most this many keys.
    pub const MAX_KEYS: usize = crate::wire::MAX_PARAMETERS;
    /// The longest key, in characters.
    pub const MAX_KEY_CHARS: usize = 64;

    /// The entries, in the order sent.
    pub fn entries(&self) -> &[(String, String)] {
        &self.0
    }

    /// The value of `name` (case-insensitive), if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The length of the compact JSON object, in bytes, computed without writing it.
    pub fn compact_json_len(&self) -> usize {
        compact_json_len(&self.0)
    }

    /// The compact JSON object (keys in the order sent), as the generated SDK sends it.
    pub fn to_compact_json(&self) -> String {
        let mut out = String::with_capacity(self.compact_json_len());
        out.push('{');
        for (i, (k, v)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_json_string(&mut out, k);
            out.push(':');
            push_json_string(&mut out, v);
        }
        out.push('}');
        out
    }
}

/// The length of the compact JSON object of `entries`, in bytes, computed without writing it.
pub(crate) fn compact_json_len(entries: &[(String, String)]) -> usize {
    let inner: usize = entries
        .iter()
        .map(|(k, v)| {
            crate::wire::json_string_len(k)
                .saturating_add(1)
                .saturating_add(crate::wire::json_string_len(v))
        })
        .sum();
    inner
        .saturating_add(2)
        .saturating_add(entries.len().saturating_sub(1))
}

fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The size of `n` bytes once Base64-encoded with padding.
pub const fn base64_len(n: usize) -> usize {
    (n / 3 + if n % 3 == 0 { 0 } else { 1 }).saturating_mul(4)
}
