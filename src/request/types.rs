//! The typed values of a RunCommand request, and how each is read from its text.

use super::error::{RuleError, RuleKind, Subject, shorten};
use crate::wire::{Limit, Param, json_string_len, push_json_string};
use smol_str::SmolStr;
use std::fmt;

/// Whether `text` has more than `max` characters: counted only when it has more than `max`
/// bytes, and no further than `max + 1`.
pub(crate) fn longer_than(text: &str, max: usize) -> bool {
    text.len() > max && text.chars().take(max.saturating_add(1)).count() > max
}

/// Checks a text parameter: its character limit from the table, then no control character
/// but those `allowed`.
pub(crate) fn text(param: Param, text: &str, allowed: &[char]) -> Result<String, RuleError> {
    let max = param.max_chars();
    if longer_than(text, max) {
        return Err(RuleError::of(
            param,
            RuleKind::TooLong {
                len: text.chars().count(),
                max,
            },
        ));
    }
    if let Some((at, ch)) = text
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() && !allowed.contains(c))
    {
        return Err(RuleError::of(param, RuleKind::BadChar { at, ch }));
    }
    Ok(text.to_owned())
}

macro_rules! keyword_enum {
    ($(#[$doc:meta])* $name:ident, $param:expr, $expected:literal, { $($(#[$vdoc:meta])* $variant:ident),* $(,)? }) => {
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

            /// Reads the value (exact spelling).
            pub(crate) fn read(text: &str) -> Result<$name, RuleError> {
                match text {
                    $( stringify!($variant) => Ok($name::$variant), )*
                    _ => Err(RuleError::of(
                        $param,
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
    CommandType, Param::Type, "RunBatScript, RunPowerShellScript, RunShellScript", {
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
    RepeatMode, Param::RepeatMode, "Once, Period, NextRebootOnly, EveryReboot", {
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
    TerminationMode, Param::TerminationMode, "Process, ProcessTree", {
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
    pub(crate) fn read(text: &str) -> (ContentEncoding, bool) {
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
    pub const MIN: u32 = match Param::Timeout.limit() {
        Limit::Range(min, _) => min,
        _ => 0,
    };
    /// The largest timeout (one day).
    pub const MAX: u32 = match Param::Timeout.limit() {
        Limit::Range(_, max) => max,
        _ => 0,
    };
    /// The default.
    pub const DEFAULT: Timeout = Timeout(60);

    /// The seconds.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// Reads decimal digits with an optional leading `+`, from 10 to 86400.
    pub(crate) fn read(text: &str) -> Result<Timeout, RuleError> {
        let err = || {
            RuleError::of(
                Param::Timeout,
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

impl Default for Timeout {
    fn default() -> Self {
        Timeout::DEFAULT
    }
}

/// Reads a boolean: `true` or `false` in any letter case.
pub(crate) fn read_bool(param: Param, text: &str) -> Result<bool, RuleError> {
    if text.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if text.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(RuleError::of(
            param,
            RuleKind::NotBoolean {
                value: shorten(text),
            },
        ))
    }
}

/// An instance id: `i-` or `mi-` (managed instance) then lower-case letters and digits, at
/// most 64 characters in all.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InstanceId(SmolStr);

impl InstanceId {
    /// The longest id.
    pub const MAX_CHARS: usize = 64;

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Reads the id sent as `subject`; one of another shape cannot name an instance.
    pub(crate) fn read(text: &str, subject: Subject) -> Result<InstanceId, RuleError> {
        let body = text.strip_prefix("i-").or_else(|| text.strip_prefix("mi-"));
        match body {
            // Every byte looked at without an early exit: a loop the compiler vectorises.
            Some(body)
                if !body.is_empty()
                    && text.len() <= Self::MAX_CHARS
                    && body.bytes().fold(true, |ok, b| {
                        ok & (b.is_ascii_lowercase() | b.is_ascii_digit())
                    }) =>
            {
                Ok(InstanceId(SmolStr::new(text)))
            }
            _ => Err(RuleError::new(
                subject,
                RuleKind::NoSuchInstance {
                    value: shorten(text),
                },
            )),
        }
    }
}

/// Reads an instance id, as a service's own [`View`](crate::context::View) does for the
/// instances it visits.
///
/// # Errors
/// `InvalidInstance.NotFound`: the text cannot name an instance (`i-` or `mi-` and lower-case
/// letters and digits, at most 64 characters).
///
/// # Example
/// ```
/// use ecs_runcommand::request::InstanceId;
///
/// let id: InstanceId = "i-bp185dy2o3o6neg1a2b".parse()?;
/// assert_eq!(id.as_str(), "i-bp185dy2o3o6neg1a2b");
/// let err = "I-ABC".parse::<InstanceId>().unwrap_err();
/// assert_eq!(err.code().as_str(), "InvalidInstance.NotFound");
/// # Ok::<(), ecs_runcommand::ApiError>(())
/// ```
impl std::str::FromStr for InstanceId {
    type Err = crate::ApiError;

    fn from_str(text: &str) -> Result<InstanceId, crate::ApiError> {
        InstanceId::read(text, Subject::Param(Param::InstanceId)).map_err(crate::ApiError::from)
    }
}

impl fmt::Display for InstanceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One tag of `Tag` or `ResourceTag`: a key of 1 to 64 characters, not starting with `acs:`
/// or `aliyun`, and an optional value of at most 128 characters; neither contains `http://`
/// or `https://` (any letter case).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tag {
    key: SmolStr,
    value: Option<SmolStr>,
}

impl Tag {
    /// The longest key.
    pub const MAX_KEY_CHARS: usize = 64;
    /// The longest value.
    pub const MAX_VALUE_CHARS: usize = 128;

    /// The key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The value, if sent.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// Reads the key of entry `index` of `list`.
    pub(crate) fn read_key(text: &str, list: Param, index: usize) -> Result<SmolStr, RuleError> {
        let subject = Subject::TagKey(list, index);
        if text.is_empty() {
            return Err(RuleError::new(subject, RuleKind::Missing));
        }
        if longer_than(text, Self::MAX_KEY_CHARS) {
            return Err(RuleError::new(
                subject,
                RuleKind::TooLong {
                    len: text.chars().count(),
                    max: Self::MAX_KEY_CHARS,
                },
            ));
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
        Ok(SmolStr::new(text))
    }

    /// Reads the value of entry `index` of `list`.
    pub(crate) fn read_value(text: &str, list: Param, index: usize) -> Result<SmolStr, RuleError> {
        let subject = Subject::TagValue(list, index);
        if longer_than(text, Self::MAX_VALUE_CHARS) {
            return Err(RuleError::new(
                subject,
                RuleKind::TooLong {
                    len: text.chars().count(),
                    max: Self::MAX_VALUE_CHARS,
                },
            ));
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
        Ok(SmolStr::new(text))
    }

    pub(crate) fn new(key: SmolStr, value: Option<SmolStr>) -> Tag {
        Tag { key, value }
    }
}

/// Whether `text` contains `http://` or `https://`, in any ASCII letter case (no allocation).
fn has_url(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < b"http://".len() {
        return false;
    }
    memchr::memchr2_iter(b'h', b'H', bytes).any(|at| {
        let rest = &bytes[at..];
        starts_with_ignore_case(rest, b"http://") || starts_with_ignore_case(rest, b"https://")
    })
}

/// Whether `bytes` starts with `prefix`, in any ASCII letter case.
fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
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
        self.position(name).map(|i| self.0[i].1.as_str())
    }

    /// Where the key `name` (case-insensitive) stands among the entries.
    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        self.0
            .iter()
            .position(|(k, _)| k.eq_ignore_ascii_case(name))
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
            json_string_len(k)
                .saturating_add(1)
                .saturating_add(json_string_len(v))
        })
        .sum();
    inner
        .saturating_add(2)
        .saturating_add(entries.len().saturating_sub(1))
}

/// The size of `n` bytes once Base64-encoded with padding.
pub(crate) const fn base64_len(n: usize) -> usize {
    (n / 3 + if n.is_multiple_of(3) { 0 } else { 1 }).saturating_mul(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_base64_len() {
        assert_eq!(
            [0, 1, 2, 3, 4, 18_432].map(base64_len),
            [0, 4, 4, 4, 8, 24_576]
        );
    }

    #[test]
    fn ok_compact_json_len_matches_the_writer() {
        let p = Parameters(vec![
            ("a".into(), "\"q\"\n\u{1}ü".into()),
            ("b".into(), String::new()),
        ]);
        assert_eq!(
            p.to_compact_json(),
            "{\"a\":\"\\\"q\\\"\\n\\u0001ü\",\"b\":\"\"}"
        );
        assert_eq!(p.compact_json_len(), p.to_compact_json().len());
        assert_eq!(Parameters::default().to_compact_json(), "{}");
    }

    #[test]
    fn ok_timeout_limits_come_from_the_table() {
        assert_eq!((Timeout::MIN, Timeout::MAX), (10, 86_400));
        assert_eq!(Timeout::read("+600").map(Timeout::get), Ok(600));
        assert!(Timeout::read("-60").is_err());
    }
}
